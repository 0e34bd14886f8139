//! Reports of accessibility barriers. Public bodies must offer a way to report them
//! (BITV 2.0 § 7); each report is stored, mailed to the accessibility officer in the
//! same transaction, and audited.

use uuid::Uuid;

use crate::FieldError;

use rathaus_platform::Result;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::Lang;
use rathaus_platform::mail::{self, MailContent};
use sea_orm::ConnectionTrait;

pub const MESSAGE_MIN: usize = 10;
pub const MESSAGE_MAX: usize = 5000;

/// What the person typed, unvalidated.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub email: String,
}

/// A report that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    page: String,
    message: String,
    email: Option<String>,
}

impl FeedbackForm {
    pub fn parse(&self) -> std::result::Result<Feedback, Vec<FieldError>> {
        let mut errors = Vec::new();
        let message = self.message.trim();
        let length = message.chars().count();
        if length == 0 {
            errors.push(FieldError {
                field: "message",
                key: "feedback-error-message-missing",
            });
        } else if length < MESSAGE_MIN {
            errors.push(FieldError {
                field: "message",
                key: "feedback-error-message-short",
            });
        } else if length > MESSAGE_MAX {
            errors.push(FieldError {
                field: "message",
                key: "feedback-error-message-long",
            });
        }
        let email = self.email.trim();
        let email = if email.is_empty() {
            None
        } else if crate::accounts::normalize_email(email).is_err() || mail::parse_mailbox(email).is_err() {
            errors.push(FieldError {
                field: "email",
                key: "feedback-error-email",
            });
            None
        } else {
            Some(email.to_string())
        };
        let page = self.page.trim();
        // Only our own paths: this value ends up in a mail to staff.
        let page = if page.starts_with('/') && !page.starts_with("//") && page.len() <= 300 {
            page.to_string()
        } else {
            "/".to_string()
        };
        if errors.is_empty() {
            Ok(Feedback {
                page,
                message: message.to_string(),
                email,
            })
        } else {
            Err(errors)
        }
    }
}

pub async fn submit(
    db: &Db,
    clock: &dyn Clock,
    lang: Lang,
    contact: &str,
    city: &str,
    public_url: &str,
    feedback: Feedback,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO feedback (id, page, message, contact_email, lang, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            id.into(),
            feedback.page.clone().into(),
            feedback.message.clone().into(),
            feedback.email.clone().into(),
            lang.code().into(),
            clock.now().into(),
        ],
    ))
    .await?;
    // Staff read German; the report itself is quoted as written.
    let staff = Lang::De;
    let content = MailContent::new(staff, city)
        .paragraph(staff.t_args("feedback-mail-intro", &[("page", format!("{public_url}{}", feedback.page))]))
        .paragraph(feedback.message.clone())
        .paragraph(match &feedback.email {
            Some(email) => staff.t_args("feedback-mail-reply-to", &[("email", email.clone())]),
            None => staff.t("feedback-mail-anonymous"),
        });
    mail::queue(&tx, clock, content.render(contact, staff.t("feedback-mail-subject"))?).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new("anonymous", "feedback.received", format!("feedback:{id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(message: &str, email: &str, page: &str) -> FeedbackForm {
        FeedbackForm {
            message: message.into(),
            email: email.into(),
            page: page.into(),
        }
    }

    #[test]
    fn rules() {
        assert!(form("Der Kontrast im Kopf ist zu schwach.", "", "/").parse().is_ok());
        assert_eq!(form("", "", "/").parse().unwrap_err()[0].key, "feedback-error-message-missing");
        assert_eq!(form("kurz", "", "/").parse().unwrap_err()[0].key, "feedback-error-message-short");
        assert_eq!(
            form(&"x".repeat(5001), "", "/").parse().unwrap_err()[0].key,
            "feedback-error-message-long"
        );
        assert_eq!(
            form("Lange genug, wirklich.", "kein-mail", "/").parse().unwrap_err()[0].field,
            "email"
        );
    }

    #[test]
    fn foreign_pages_are_not_passed_on() {
        let parsed = form("Lange genug, wirklich.", "", "https://evil.example.org/").parse().unwrap();
        assert_eq!(parsed.page, "/");
        let parsed = form("Lange genug, wirklich.", "", "//evil.example.org").parse().unwrap();
        assert_eq!(parsed.page, "/");
    }
}
