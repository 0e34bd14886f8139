//! Outgoing mail. Mails are rendered (text and HTML, in the recipient's language),
//! stored in `mails` and sent by a job, in the same transaction as the change that
//! causes them. Without SMTP configured they stay in the outbox table as `held`, where
//! operators can read them (`rathaus admin mails`).

mod content;

pub use content::{Block, MailContent};

use askama::Template as _;
use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use secrecy::ExposeSecret;
use serde::Serialize;
use std::sync::Arc;
use uuid::Uuid;

use crate::clock::Clock;
use crate::config::{Config, SmtpTls};
use crate::db::{Db, Json, stmt};
use crate::jobs::{self, Job, JobContext, NewJob};
use crate::{Error, Result};

pub const SEND_MAIL_JOB: &str = "mail.send";

/// A rendered mail, ready to queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

/// A text file sent with a mail, such as an appointment's calendar entry (`.ics`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

impl OutgoingMail {
    pub fn attach(mut self, attachment: Attachment) -> Self {
        self.attachments.push(attachment);
        self
    }
}

pub fn parse_mailbox(address: &str) -> Result<Mailbox> {
    address
        .parse::<Mailbox>()
        .map_err(|e| Error::Invalid(format!("not a mail address: {e}")))
}

/// Stores the mail and enqueues its delivery; pass the caller's transaction.
pub async fn queue<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, mail: OutgoingMail) -> Result<Uuid> {
    parse_mailbox(&mail.to)?;
    let id = Uuid::now_v7();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO mails (id, to_address, subject, body_text, body_html, status, created_at, attachments) \
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7)",
        vec![
            id.into(),
            mail.to.into(),
            mail.subject.into(),
            mail.text.into(),
            mail.html.into(),
            clock.now().into(),
            (!mail.attachments.is_empty())
                .then(|| serde_json::to_string(&mail.attachments))
                .transpose()?
                .into(),
        ],
    ))
    .await?;
    jobs::enqueue(conn, clock, NewJob::of::<SendMailJob>(&MailToSend { mail_id: id })?).await?;
    Ok(id)
}

/// SMTP delivery, or none when SMTP is not configured.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("smtp", &self.transport.is_some())
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self> {
        let from = parse_mailbox(&config.mail_from)?;
        let Some(smtp) = &config.smtp else {
            return Ok(Self { transport: None, from });
        };
        let builder = match smtp.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                .map_err(|e| Error::Config(format!("`smtp.host`: {e}. Fix: a host name the TLS certificate is valid for")))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)
                .map_err(|e| Error::Config(format!("`smtp.host`: {e}. Fix: a host name the TLS certificate is valid for")))?,
        };
        let mut builder = builder.port(smtp.port).timeout(Some(std::time::Duration::from_secs(30)));
        if let Some(user) = &smtp.username {
            let password = smtp.password.as_ref().map(|p| p.expose_secret().to_string()).unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Self {
            transport: Some(builder.build()),
            from,
        })
    }

    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<()> {
        let transport = self
            .transport
            .as_ref()
            .ok_or_else(|| Error::Mail("SMTP is not configured".into()))?;
        let body = MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone());
        let body = mail.attachments.iter().try_fold(MultiPart::mixed().multipart(body), |parts, a| {
            let content_type = ContentType::parse(&a.content_type).map_err(|e| Error::Mail(e.to_string()))?;
            Ok::<_, Error>(parts.singlepart(LettreAttachment::new(a.name.clone()).body(a.body.clone(), content_type)))
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(parse_mailbox(&mail.to)?)
            .subject(&mail.subject)
            .multipart(body)
            .map_err(|e| Error::Mail(e.to_string()))?;
        transport.send(message).await.map_err(|e| Error::Mail(e.to_string()))?;
        Ok(())
    }
}

/// The job that delivers one stored mail. Idempotent: a sent mail is not sent again.
#[derive(Debug)]
pub struct SendMailJob {
    pub mailer: Arc<Mailer>,
}

/// Which stored mail to send.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct MailToSend {
    pub mail_id: Uuid,
}

#[async_trait]
impl Job for SendMailJob {
    const KIND: &'static str = SEND_MAIL_JOB;
    type Payload = MailToSend;

    async fn run(&self, ctx: &JobContext, payload: MailToSend) -> Result<()> {
        let id = payload.mail_id;
        let conn = ctx.db.write();
        let row = Queued::find_by_statement(stmt(
            conn,
            "SELECT to_address, subject, body_text, body_html, status, attachments FROM mails WHERE id = $1",
            vec![id.into()],
        ))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
        if row.status == "sent" {
            return Ok(());
        }
        if !self.mailer.is_configured() {
            conn.execute_raw(stmt(conn, "UPDATE mails SET status = 'held' WHERE id = $1", vec![id.into()]))
                .await?;
            tracing::info!(mail = %id, "SMTP is not configured: the mail is kept in the outbox (`rathaus admin mails`)");
            return Ok(());
        }
        let mail = OutgoingMail {
            to: row.to_address,
            subject: row.subject,
            text: row.body_text,
            html: row.body_html,
            attachments: row.attachments.map(|a| a.0).unwrap_or_default(),
        };
        match self.mailer.send(&mail).await {
            Ok(()) => {
                conn.execute_raw(stmt(
                    conn,
                    "UPDATE mails SET status = 'sent', sent_at = $1, error = NULL WHERE id = $2",
                    vec![ctx.clock.now().into(), id.into()],
                ))
                .await?;
                Ok(())
            }
            Err(e) => {
                conn.execute_raw(stmt(
                    conn,
                    "UPDATE mails SET error = $1 WHERE id = $2",
                    vec![e.to_string().into(), id.into()],
                ))
                .await?;
                Err(e)
            }
        }
    }
}

/// A mail in the outbox, as the send job reads it.
#[derive(FromQueryResult)]
struct Queued {
    to_address: String,
    subject: String,
    body_text: String,
    body_html: String,
    status: String,
    attachments: Option<Json<Vec<Attachment>>>,
}

/// A stored mail, as operators see it.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct MailRow {
    pub id: Uuid,
    #[sea_orm(from_alias = "to_address")]
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub status: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub error: Option<String>,
}

/// Newest mails first, optionally only those in one status.
pub async fn list(db: &Db, status: Option<&str>, limit: u64) -> Result<Vec<MailRow>> {
    let conn = db.read();
    let (filter, mut values): (&str, Vec<Value>) = match status {
        Some(s) => ("WHERE status = $1", vec![s.into()]),
        None => ("", vec![]),
    };
    values.push(Value::BigInt(Some(limit as i64)));
    let limit_param = values.len();
    Ok(MailRow::find_by_statement(stmt(
        conn,
        &format!(
            "SELECT id, to_address, subject, body_text, status, created_at, sent_at, error FROM mails {filter} ORDER BY created_at DESC, id DESC LIMIT ${limit_param}"
        ),
        values,
    ))
    .all(conn)
    .await?)
}

pub(crate) fn render_layout(content: &MailContent, subject: &str) -> Result<(String, String)> {
    let html = content::HtmlLayout::new(content, subject).render().map_err(Error::internal)?;
    let text = content::TextLayout::new(content, subject).render().map_err(Error::internal)?;
    Ok((text, html))
}
