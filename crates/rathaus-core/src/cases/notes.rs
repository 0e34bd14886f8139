//! Internal notes on a case: for colleagues, never shown to the resident.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use super::{CaseScope, MAX_TEXT_CHARS};
use crate::applications::Application;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub author: String,
    pub body: String,
}

pub async fn add(db: &Db, clock: &dyn Clock, scope: &CaseScope, case: &Application, body: &str) -> Result<()> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::Invalid("the note is empty".into()));
    }
    if body.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::Invalid(format!("the note is longer than {MAX_TEXT_CHARS} characters")));
    }
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO case_notes (id, application_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            Uuid::now_v7().into(),
            case.id.into(),
            scope.account.into(),
            body.into(),
            clock.now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The case's notes, oldest first.
pub async fn of_case(db: &Db, case: Uuid) -> Result<Vec<Note>> {
    let conn = db.read();
    Ok(Note::find_by_statement(stmt(
        conn,
        "SELECT n.created_at AS at, n.body, a.display_name AS author FROM case_notes n JOIN accounts a ON a.id = n.author_id \
         WHERE n.application_id = $1 ORDER BY n.created_at, n.id",
        vec![case.into()],
    ))
    .all(conn)
    .await?)
}
