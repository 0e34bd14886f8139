//! Sign-in history: every sign-in to an account and every refused attempt that got as
//! far as the account, for the person to read under "Sicherheit".

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use uuid::Uuid;

use super::second_factor::Method;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};

/// How long a person's sign-in history is kept (they are told so on the page); older
/// entries are deleted by [`super::housekeeping::PurgeJob`].
pub const RETENTION_DAYS: i64 = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The password was right but the second factor was not.
    SecondFactorFailed,
    WrongPassword,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::SecondFactorFailed => "second_factor_failed",
            Outcome::WrongPassword => "wrong_password",
        }
    }
}

#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub method: String,
    pub outcome: String,
    pub assurance_level: Option<String>,
    pub user_agent: Option<String>,
}

pub struct Attempt<'a> {
    pub account: Uuid,
    pub method: Method,
    pub outcome: Outcome,
    pub assurance_level: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn record<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, attempt: Attempt<'_>) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO login_history (id, account_id, at, method, outcome, assurance_level, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            Uuid::now_v7().into(),
            attempt.account.into(),
            clock.now().into(),
            attempt.method.as_str().into(),
            attempt.outcome.as_str().into(),
            attempt.assurance_level.map(str::to_string).into(),
            attempt.user_agent.map(|a| a.chars().take(300).collect::<String>()).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The latest entries, newest first.
pub async fn recent(db: &Db, account: Uuid, limit: i64) -> Result<Vec<Entry>> {
    let conn = db.write();
    Ok(Entry::find_by_statement(stmt(
        conn,
        "SELECT at, method, outcome, assurance_level, user_agent FROM login_history WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
        vec![account.into(), limit.into()],
    ))
    .all(conn)
    .await?)
}
