//! The resident's inbox (Postfach): messages from the authority — receipts, information
//! requests, decisions — and, per case, a thread both ways ([`thread`]). Only the owner
//! reads their inbox; staff read the thread of a case through the case. Mails only point
//! here.

pub mod thread;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DeriveValueType, FromQueryResult};
use uuid::Uuid;

use crate::accounts::Account;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Message {
    pub id: Uuid,
    pub application_id: Option<Uuid>,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub file_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub sender: Sender,
    /// The staff member or resident who wrote it; `None` for what the system writes.
    pub author_id: Option<Uuid>,
    /// When staff first read a resident's message.
    pub staff_read_at: Option<DateTime<Utc>>,
}

/// Who wrote a message; read from and written to its column as `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Sender::from_column", to_str = "Sender::column")]
pub enum Sender {
    Authority,
    Resident,
}

impl Sender {
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Authority => "authority",
            Sender::Resident => "resident",
        }
    }

    fn column(&self) -> &'static str {
        self.as_str()
    }

    fn from_column(text: &str) -> Result<Sender> {
        [Sender::Authority, Sender::Resident]
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Error::internal(format!("a message has the unknown sender {text:?}")))
    }
}

/// A question from the authority about an open case (Nachforderung).
pub const KIND_INFORMATION_REQUEST: &str = "information-request";

/// A message to put into someone's inbox.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub account_id: Uuid,
    pub application_id: Option<Uuid>,
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
    pub file_id: Option<Uuid>,
    pub sender: Sender,
    pub author_id: Option<Uuid>,
}

pub(crate) const COLUMNS: &str = "id, application_id, kind, subject, body, file_id, created_at, read_at, sender, author_id, staff_read_at";

/// The messages a statement selecting [`COLUMNS`] finds.
pub(crate) async fn select<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<sea_orm::Value>) -> Result<Vec<Message>> {
    Ok(Message::find_by_statement(stmt(conn, sql, values)).all(conn).await?)
}

/// Puts a message into the inbox; pass the caller's transaction.
pub async fn post<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, message: NewMessage) -> Result<Uuid> {
    post_as(conn, clock, Uuid::now_v7(), message).await
}

/// Puts a message with a chosen id (its attachments are filed under it first).
pub async fn post_as<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, id: Uuid, message: NewMessage) -> Result<Uuid> {
    let now = clock.now();
    // What the resident writes is read by them as they write it.
    let read_at = (message.sender == Sender::Resident).then_some(now);
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO inbox_messages (id, account_id, application_id, kind, subject, body, file_id, created_at, read_at, sender, author_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        vec![
            id.into(),
            message.account_id.into(),
            message.application_id.into(),
            message.kind.into(),
            message.subject.into(),
            message.body.into(),
            message.file_id.into(),
            now.into(),
            read_at.into(),
            message.sender.as_str().into(),
            message.author_id.into(),
        ],
    ))
    .await?;
    Ok(id)
}

/// Whether an application already has a message of this kind (jobs run at least once).
pub async fn exists_for<C: ConnectionTrait>(conn: &C, application: Uuid, kind: &str) -> Result<bool> {
    Ok(conn
        .query_one_raw(stmt(
            conn,
            "SELECT id FROM inbox_messages WHERE application_id = $1 AND kind = $2",
            vec![application.into(), kind.into()],
        ))
        .await?
        .is_some())
}

/// The person's messages, newest first.
pub async fn of_account(db: &Db, account: &Account) -> Result<Vec<Message>> {
    let conn = db.read();
    select(
        conn,
        &format!("SELECT {COLUMNS} FROM inbox_messages WHERE account_id = $1 ORDER BY created_at DESC, id DESC"),
        vec![account.id.into()],
    )
    .await
}

/// Messages about one application, oldest first.
pub async fn of_application(db: &Db, account: &Account, application: Uuid) -> Result<Vec<Message>> {
    let conn = db.read();
    select(
        conn,
        &format!("SELECT {COLUMNS} FROM inbox_messages WHERE account_id = $1 AND application_id = $2 ORDER BY created_at, id"),
        vec![account.id.into(), application.into()],
    )
    .await
}

pub async fn unread_count(db: &Db, account: &Account) -> Result<i64> {
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM inbox_messages WHERE account_id = $1 AND read_at IS NULL",
            vec![account.id.into()],
        ))
        .await?
        .ok_or_else(|| Error::internal("no count"))?;
    Ok(row.try_get("", "n")?)
}

/// Opens one of the person's own messages and marks it read; anyone else's is `NotFound`.
pub async fn open(db: &Db, clock: &dyn Clock, account: &Account, id: Uuid) -> Result<Message> {
    let conn = db.write();
    let mut message = select(
        conn,
        &format!("SELECT {COLUMNS} FROM inbox_messages WHERE id = $1 AND account_id = $2"),
        vec![id.into(), account.id.into()],
    )
    .await?
    .pop()
    .ok_or(Error::NotFound)?;
    if message.read_at.is_none() {
        let now = clock.now();
        conn.execute_raw(stmt(
            conn,
            "UPDATE inbox_messages SET read_at = $1 WHERE id = $2 AND read_at IS NULL",
            vec![now.into(), id.into()],
        ))
        .await?;
        message.read_at = Some(now);
    }
    Ok(message)
}

/// The person opened the thread of an application: all of it counts as read.
pub async fn mark_thread_read(db: &Db, clock: &dyn Clock, account: &Account, application: Uuid) -> Result<()> {
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE inbox_messages SET read_at = $1 WHERE account_id = $2 AND application_id = $3 AND read_at IS NULL",
        vec![clock.now().into(), account.id.into(), application.into()],
    ))
    .await?;
    Ok(())
}
