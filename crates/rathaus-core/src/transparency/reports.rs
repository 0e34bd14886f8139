//! "Report a problem": anyone may tell the publishers of a record that something is
//! wrong with it (a wrong figure, a broken file, something personal that slipped
//! through). The report is a task on the record's desk until a publisher or reviewer of
//! the agency marks it done; then the contact address, if one was given, is erased.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::json;
use uuid::Uuid;

use super::{Desk, Status, actions, store};
use crate::FieldError;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

pub const MAX_MESSAGE_CHARS: usize = 4_000;

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Report {
    pub id: Uuid,
    pub message: String,
    pub contact_email: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A report as sent, checked: the message (10 to 4,000 characters) and an optional
/// address to answer to.
pub fn check(message: &str, contact_email: &str) -> std::result::Result<(String, Option<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let message = message.trim();
    if message.chars().count() < 10 || message.chars().count() > MAX_MESSAGE_CHARS {
        errors.push(FieldError {
            field: "message",
            key: "transparency-report-error-message",
        });
    }
    let email = contact_email.trim();
    let plausible = email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !email.contains(char::is_whitespace));
    if !email.is_empty() && !plausible {
        errors.push(FieldError {
            field: "contact_email",
            key: "transparency-report-error-email",
        });
    }
    match errors.is_empty() {
        true => Ok((message.to_string(), Some(email.to_string()).filter(|e| !e.is_empty()))),
        false => Err(errors),
    }
}

/// Files a report about a published record.
pub async fn submit(db: &Db, clock: &dyn Clock, publication: Uuid, message: &str, contact_email: Option<&str>) -> Result<()> {
    let found = store::get(db.read(), publication).await?;
    if found.status != Status::Published {
        return Err(Error::NotFound);
    }
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO publication_reports (id, publication_id, message, contact_email, created_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            Uuid::now_v7().into(),
            publication.into(),
            message.into(),
            contact_email.map(str::to_string).into(),
            clock.now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The record's reports not yet done, oldest first.
pub async fn open<C: ConnectionTrait>(conn: &C, publication: Uuid) -> Result<Vec<Report>> {
    Ok(Report::find_by_statement(stmt(
        conn,
        "SELECT id, message, contact_email, created_at FROM publication_reports WHERE publication_id = $1 AND done_at IS NULL ORDER BY created_at, id",
        vec![publication.into()],
    ))
    .all(conn)
    .await?)
}

/// How many open reports each record of these agencies has (those with none are left
/// out): a desk counts only its own.
pub async fn open_counts<C: ConnectionTrait>(conn: &C, agencies: &[String]) -> Result<Vec<(Uuid, i64)>> {
    #[derive(FromQueryResult)]
    struct Row {
        publication_id: Uuid,
        n: i64,
    }
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=agencies.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT r.publication_id, COUNT(*) AS n FROM publication_reports r JOIN publications p ON p.id = r.publication_id \
         WHERE r.done_at IS NULL AND p.agency_id IN ({}) GROUP BY r.publication_id",
        placeholders.join(", ")
    );
    let values = agencies.iter().map(|a| a.clone().into()).collect();
    let rows = Row::find_by_statement(stmt(conn, &sql, values)).all(conn).await?;
    Ok(rows.into_iter().map(|r| (r.publication_id, r.n)).collect())
}

/// Marks a report done and erases its contact address. For the record's agency only.
pub async fn resolve(db: &Db, clock: &dyn Clock, desk: &Desk, report: Uuid) -> Result<Uuid> {
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT publication_id FROM publication_reports WHERE id = $1 AND done_at IS NULL",
            vec![report.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    let publication: Uuid = row.try_get("", "publication_id")?;
    let tx = db.begin().await?;
    actions::for_desk(&tx, desk, publication).await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE publication_reports SET done_at = $1, done_by = $2, contact_email = NULL WHERE id = $3",
        vec![clock.now().into(), desk.account.into(), report.into()],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(desk.audit_actor(), "transparency.report-done", format!("publication:{publication}"))
            .with_details(json!({ "report": report })),
    )
    .await?;
    tx.commit().await?;
    Ok(publication)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_needs_words_and_a_real_address_if_any() {
        assert!(check("Die Tabelle für 2025 fehlt.", "").is_ok());
        assert_eq!(
            check("kurz", "x").unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>(),
            vec!["message", "contact_email"]
        );
        assert_eq!(
            check("Die Summe in Zeile 4 stimmt nicht.", " leser@example.org ")
                .unwrap()
                .1
                .as_deref(),
            Some("leser@example.org")
        );
    }
}
