//! The thread of a case: the authority asks or tells, the resident answers — with
//! documents. An answer to an information request resumes the case. Attachments are
//! files of the application (field `_message:<id>`), so each side reads them only
//! through the application or the case.

use std::collections::HashMap;
use uuid::Uuid;

use super::{Message, NewMessage, Sender, post_as};
use crate::accounts::Account;
use crate::applications::{Application, files};
use crate::cases::workflow::{Status, Step};
use crate::cases::{self, CaseScope, MAX_TEXT_CHARS};
use rathaus_platform::blobs::{BlobStore, FileRecord};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{self};
use rathaus_platform::{Error, Result};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

/// A resident's answer or message to the authority.
pub const KIND_REPLY: &str = "reply";
/// A message from staff to the resident.
pub const KIND_MESSAGE: &str = "message";
/// What may be attached to a message: documents and photos of documents.
pub const ATTACHMENT_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
/// The event a staff message leaves for the resident's notice.
pub const MESSAGE_EVENT: &str = "message";

/// The application-file field under which a message's attachments are filed.
pub fn attachment_field(message: Uuid) -> String {
    format!("_message:{message}")
}

/// Whether messages may still be written on this case (not once it is closed or
/// withdrawn, and not on a draft).
pub fn is_open(case: &Application) -> bool {
    !matches!(case.status, Status::Draft | Status::Closed | Status::Withdrawn)
}

/// The case's messages, oldest first.
pub async fn of_case(db: &Db, application: Uuid) -> Result<Vec<Message>> {
    let conn = db.read();
    super::select(
        conn,
        &format!(
            "SELECT {} FROM inbox_messages WHERE application_id = $1 ORDER BY created_at, id",
            super::COLUMNS
        ),
        vec![application.into()],
    )
    .await
}

/// Messages about money — the invoice, its reminder, the payment confirmation, a
/// refund — name Kassenzeichen, amounts and how someone paid: payment fields, which
/// staff see only with the agency's payments role.
pub const PAYMENT_KINDS: [&str; 4] = [
    crate::cases::decisions::INVOICE_KIND,
    crate::payments::invoices::REMINDER_KIND,
    crate::payments::confirmation::INBOX_KIND,
    crate::payments::refunds::INBOX_KIND,
];

/// What staff may see of a case's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffView {
    /// With the payments role: every message.
    WithPayments,
    /// Without it: the messages about money are left out.
    WithoutPayments,
}

/// The thread of a case as a staff member may read it.
pub async fn for_staff(db: &Db, application: Uuid, view: StaffView) -> Result<Vec<Message>> {
    let mut messages = of_case(db, application).await?;
    if view == StaffView::WithoutPayments {
        messages.retain(|m| !PAYMENT_KINDS.contains(&m.kind.as_str()));
    }
    Ok(messages)
}

/// The attachments of the case's messages, by message.
pub async fn attachments(db: &Db, application: Uuid) -> Result<HashMap<Uuid, Vec<FileRecord>>> {
    Ok(attachments_among(&files::linked_with_fields(db, application).await?))
}

/// The message attachments among an application's linked files, by message.
pub fn attachments_among(linked: &[(String, FileRecord)]) -> HashMap<Uuid, Vec<FileRecord>> {
    let mut by_message: HashMap<Uuid, Vec<FileRecord>> = HashMap::new();
    for (field, record) in linked {
        if let Some(id) = field.strip_prefix("_message:").and_then(|id| Uuid::parse_str(id).ok()) {
            by_message.entry(id).or_default().push(record.clone());
        }
    }
    by_message
}

/// Files an attachment under the message about to be written.
pub async fn attach<S, E>(
    db: &Db,
    blobs: &BlobStore,
    clock: &dyn Clock,
    case: &Application,
    message: Uuid,
    name: &str,
    body: S,
) -> Result<FileRecord>
where
    S: futures::Stream<Item = std::result::Result<bytes::Bytes, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    if !is_open(case) {
        return Err(Error::Conflict("the case is closed".into()));
    }
    let field = attachment_field(message);
    let to = files::Attachment {
        application: case.id,
        field: &field,
        original_name: name,
        accept: ATTACHMENT_TYPES.iter().map(|t| t.to_string()).collect(),
    };
    files::attach(db, blobs, clock, to, body).await
}

/// Takes back the attachments of a message that was not written (its text was refused).
pub async fn discard_attachments(db: &Db, blobs: &BlobStore, clock: &dyn Clock, case: &Application, message: Uuid) -> Result<()> {
    let field = attachment_field(message);
    for (linked, record) in files::linked_with_fields(db, case.id).await? {
        if linked == field {
            let conn = db.write();
            conn.execute_raw(stmt(
                conn,
                "DELETE FROM application_files WHERE application_id = $1 AND file_id = $2",
                vec![case.id.into(), record.id.into()],
            ))
            .await?;
            blobs.delete(db, clock, record.id).await?;
        }
    }
    Ok(())
}

fn checked_text(body: &str, has_attachments: bool) -> Result<String> {
    let body = body.trim();
    if body.is_empty() && !has_attachments {
        return Err(Error::Invalid("message-empty".into()));
    }
    if body.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::Invalid("message-too-long".into()));
    }
    Ok(body.to_string())
}

/// Who writes into a thread, and how the message is labelled.
struct Writing {
    sender: Sender,
    author: Uuid,
    kind: &'static str,
    subject_key: &'static str,
}

/// Checks the text and writes the message into the case's thread; the caller adds what
/// belongs with it to the returned transaction and commits.
async fn write(db: &Db, clock: &dyn Clock, case: &Application, message: Uuid, body: &str, writing: Writing) -> Result<DatabaseTransaction> {
    if !is_open(case) {
        return Err(Error::Conflict("the case is closed".into()));
    }
    let has_attachments = attachments(db, case.id).await?.contains_key(&message);
    let body = checked_text(body, has_attachments)?;
    let reference = case.reference.clone().unwrap_or_default();
    let tx = db.begin().await?;
    post_as(
        &tx,
        clock,
        message,
        NewMessage {
            account_id: case.account_id,
            application_id: Some(case.id),
            kind: writing.kind,
            subject: case.lang.t_args(writing.subject_key, &[("reference", reference)]),
            body,
            file_id: None,
            sender: writing.sender,
            author_id: Some(writing.author),
        },
    )
    .await?;
    Ok(tx)
}

/// The resident writes to the authority about their application (attachments filed
/// under `message` before). An answer to an open information request resumes the case,
/// in the same transaction.
pub async fn reply(db: &Db, clock: &dyn Clock, account: &Account, case: &Application, message: Uuid, body: &str) -> Result<()> {
    if case.account_id != account.id {
        return Err(Error::NotFound);
    }
    let writing = Writing {
        sender: Sender::Resident,
        author: account.id,
        kind: KIND_REPLY,
        subject_key: "inbox-reply-subject",
    };
    let tx = write(db, clock, case, message, body, writing).await?;
    if case.status == Status::InformationRequested {
        let actor = format!("account:{}", account.id);
        cases::apply_in(&tx, clock, &actor, case, Step::ResumeReview, "", None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Staff write to the resident about the case; the resident gets a notice by mail.
pub async fn write_to_resident(db: &Db, clock: &dyn Clock, scope: &CaseScope, case: &Application, message: Uuid, body: &str) -> Result<()> {
    let writing = Writing {
        sender: Sender::Authority,
        author: scope.account,
        kind: KIND_MESSAGE,
        subject_key: "inbox-message-subject",
    };
    let tx = write(db, clock, case, message, body, writing).await?;
    jobs::enqueue(&tx, clock, cases::notice::job(case.id, MESSAGE_EVENT, None)?).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff opened the case: the resident's messages count as read by the authority.
pub async fn mark_read_by_staff(db: &Db, clock: &dyn Clock, application: Uuid) -> Result<()> {
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE inbox_messages SET staff_read_at = $1 WHERE application_id = $2 AND sender = 'resident' AND staff_read_at IS NULL",
        vec![clock.now().into(), application.into()],
    ))
    .await?;
    Ok(())
}
