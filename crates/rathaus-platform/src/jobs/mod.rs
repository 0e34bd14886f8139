//! Background jobs in a database table (outbox pattern): a change and the jobs it causes
//! commit in one transaction. Workers on any node claim due jobs with a lease, so two
//! nodes never run one job at the same time; a job whose worker died is picked up again
//! when its lease runs out. Failures retry with exponential backoff; a job that keeps
//! failing ends as `dead` and is listed for operators.

mod typed;
mod worker;

pub use typed::{Job, Nothing};
pub use worker::{JobContext, JobRegistry, Worker, maintenance};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde::Serialize;
use uuid::Uuid;

use crate::clock::Clock;
use crate::db::{Db, stmt};
use crate::{Error, Result};

pub const DEFAULT_MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Dead,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Dead => "dead",
        }
    }
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    pub run_at: Option<DateTime<Utc>>,
    pub max_attempts: i32,
}

impl NewJob {
    pub fn new(kind: impl Into<String>, payload: serde_json::Value) -> Self {
        Self {
            kind: kind.into(),
            payload,
            run_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    pub fn run_at(mut self, at: DateTime<Utc>) -> Self {
        self.run_at = Some(at);
        self
    }

    pub fn max_attempts(mut self, attempts: i32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
}

/// Enqueues a job on the given connection — pass the transaction of the change that
/// causes the job, so both commit or neither does.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, job: NewJob) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let now = clock.now();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at) \
         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6)",
        vec![
            id.into(),
            job.kind.into(),
            Value::Json(Some(Box::new(job.payload))),
            job.max_attempts.into(),
            job.run_at.unwrap_or(now).into(),
            now.into(),
        ],
    ))
    .await?;
    Ok(id)
}

/// A job as operators see it.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct JobRow {
    pub id: Uuid,
    pub kind: String,
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const JOB_COLUMNS: &str = "id, kind, status, attempts, max_attempts, run_at, last_error, created_at, finished_at";

/// Jobs in a status, newest first.
pub async fn list(db: &Db, status: JobStatus, limit: u64) -> Result<Vec<JobRow>> {
    let conn = db.read();
    Ok(JobRow::find_by_statement(stmt(
        conn,
        &format!("SELECT {JOB_COLUMNS} FROM jobs WHERE status = $1 ORDER BY created_at DESC LIMIT $2"),
        vec![status.as_str().into(), Value::BigInt(Some(limit as i64))],
    ))
    .all(conn)
    .await?)
}

/// Counts per status, for `/metrics` and the operator view.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>> {
    let conn = db.read();
    #[derive(FromQueryResult)]
    struct Count {
        status: String,
        n: i64,
    }
    let counts = Count::find_by_statement(stmt(
        conn,
        "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status ORDER BY status",
        vec![],
    ))
    .all(conn)
    .await?;
    Ok(counts.into_iter().map(|c| (c.status, c.n)).collect())
}

/// Puts a dead job back in the queue with a fresh set of attempts.
pub async fn retry_dead(db: &Db, clock: &dyn Clock, id: Uuid) -> Result<()> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, lease_until = NULL, locked_by = NULL, finished_at = NULL \
             WHERE id = $2 AND status = 'dead'",
            vec![clock.now().into(), id.into()],
        ))
        .await?;
    if result.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Removes finished jobs older than the cut-off (retention).
pub async fn purge_done(db: &Db, before: DateTime<Utc>) -> Result<u64> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM jobs WHERE status = 'done' AND finished_at < $1",
            vec![before.into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

/// Exponential backoff: 10 s, 20 s, 40 s … capped at one hour.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let exp = attempts.clamp(1, 16) as u32 - 1;
    chrono::Duration::seconds((10_i64 << exp).min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1).num_seconds(), 10);
        assert_eq!(backoff(2).num_seconds(), 20);
        assert_eq!(backoff(5).num_seconds(), 160);
        assert_eq!(backoff(30).num_seconds(), 3600);
    }
}
