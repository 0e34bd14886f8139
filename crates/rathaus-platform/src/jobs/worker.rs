//! The worker loop: claim due jobs under a lease, run their handlers, record the outcome.

use async_trait::async_trait;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

use super::backoff;
use crate::clock::SharedClock;
use crate::db::{Db, dialect, stmt};
use crate::{Error, Result};

/// What a handler gets besides its payload.
#[derive(Clone, Debug)]
pub struct JobContext {
    pub db: Db,
    pub clock: SharedClock,
    pub job_id: Uuid,
    pub attempt: i32,
}

/// The untyped handler the worker calls; jobs implement [`super::Job`] instead.
#[async_trait]
pub(crate) trait JobHandler: Send + Sync {
    /// Runs the job. Must be safe to run again after a crash (at-least-once delivery).
    async fn run(&self, ctx: &JobContext, payload: serde_json::Value) -> Result<()>;
}

/// Handlers by job kind.
#[derive(Clone, Default)]
pub struct JobRegistry {
    handlers: HashMap<String, Arc<dyn JobHandler>>,
    /// Kinds the worker enqueues itself with its maintenance (every few minutes), when
    /// none is waiting: sweeps such as asking a payment provider about open payments.
    pub(super) periodic: Vec<String>,
}

impl std::fmt::Debug for JobRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobRegistry")
            .field("kinds", &self.handlers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl JobRegistry {
    pub(super) fn register(&mut self, kind: impl Into<String>, handler: Arc<dyn JobHandler>) {
        self.handlers.insert(kind.into(), handler);
    }

    pub fn kinds(&self) -> Vec<&str> {
        self.handlers.keys().map(String::as_str).collect()
    }
}

#[derive(Debug, FromQueryResult)]
struct Claimed {
    id: Uuid,
    kind: String,
    payload: serde_json::Value,
    attempts: i32,
    max_attempts: i32,
}

#[derive(Debug, Clone)]
pub struct Worker {
    db: Db,
    clock: SharedClock,
    registry: Arc<JobRegistry>,
    id: String,
    lease: chrono::Duration,
    batch_size: u32,
    poll_interval: Duration,
}

impl Worker {
    pub fn new(db: Db, clock: SharedClock, registry: JobRegistry, config: &crate::config::WorkerConfig) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
        Self {
            db,
            clock,
            registry: Arc::new(registry),
            id: format!("{host}-{}-{}", std::process::id(), Uuid::new_v4().simple()),
            lease: chrono::Duration::seconds(config.lease_seconds),
            batch_size: config.batch_size,
            poll_interval: Duration::from_millis(config.poll_interval_ms),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Enqueues each periodic kind that has no job waiting or running (several
    /// workers may do this at once; the handlers are safe to run twice).
    pub async fn enqueue_periodic(&self) -> Result<()> {
        for kind in &self.registry.periodic {
            let conn = self.db.read();
            let waiting = conn
                .query_one_raw(stmt(
                    conn,
                    "SELECT COUNT(*) AS n FROM jobs WHERE kind = $1 AND status IN ('queued', 'running')",
                    vec![kind.clone().into()],
                ))
                .await?
                .map(|r| r.try_get::<i64>("", "n"))
                .transpose()?
                .unwrap_or(0);
            if waiting == 0 {
                super::enqueue(
                    self.db.write(),
                    &*self.clock,
                    super::NewJob::new(kind.clone(), serde_json::json!({})),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Runs until `shutdown` turns true; finishes the batch in hand first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.id, kinds = ?self.registry.kinds(), "job worker started");
        let mut last_maintenance = self.clock.now() - chrono::Duration::hours(1);
        loop {
            if *shutdown.borrow() {
                break;
            }
            let ran = match self.run_once().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %e, "job worker could not claim jobs; retrying");
                    0
                }
            };
            if self.clock.now() - last_maintenance > chrono::Duration::minutes(5) {
                last_maintenance = self.clock.now();
                maintenance(&self.db, &*self.clock).await;
                if let Err(e) = self.enqueue_periodic().await {
                    tracing::warn!(error = %e, "could not enqueue periodic jobs");
                }
            }
            if ran == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(self.poll_interval) => {}
                    changed = shutdown.changed() => {
                        if changed.is_err() {
                            break;
                        }
                    }
                }
            }
        }
        tracing::info!(worker = %self.id, "job worker stopped");
    }

    /// Claims one batch of due jobs and runs it. Returns how many jobs ran.
    pub async fn run_once(&self) -> Result<usize> {
        let claimed = self.claim().await?;
        let n = claimed.len();
        for job in claimed {
            self.execute(job).await?;
        }
        Ok(n)
    }

    async fn claim(&self) -> Result<Vec<Claimed>> {
        let now = self.clock.now();
        let kinds = self.registry.kinds();
        if kinds.is_empty() {
            return Ok(vec![]);
        }
        let tx = self.db.begin().await?;
        let backend = tx.get_database_backend();
        // Jobs of kinds this worker has no handler for stay for a worker that has.
        let kind_list: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = format!(
            "UPDATE jobs SET status = 'running', lease_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE run_at <= $3 AND \
                 (status = 'queued' OR (status = 'running' AND lease_until < $3)) \
                 AND kind IN ({}) ORDER BY run_at LIMIT {}{}) \
             RETURNING id, kind, payload, attempts, max_attempts",
            kind_list.join(", "),
            self.batch_size,
            dialect::skip_locked(backend)
        );
        let mut values: Vec<Value> = vec![(now + self.lease).into(), self.id.clone().into(), now.into()];
        values.extend(kinds.iter().map(|k| Value::from(k.to_string())));
        let claimed = Claimed::find_by_statement(stmt(&tx, &sql, values)).all(&tx).await?;
        tx.commit().await?;
        Ok(claimed)
    }

    async fn execute(&self, job: Claimed) -> Result<()> {
        let Some(handler) = self.registry.handlers.get(&job.kind).cloned() else {
            return Err(Error::internal(format!("no handler for job kind {}", job.kind)));
        };
        let ctx = JobContext {
            db: self.db.clone(),
            clock: self.clock.clone(),
            job_id: job.id,
            attempt: job.attempts,
        };
        let started = std::time::Instant::now();
        let outcome = handler.run(&ctx, job.payload).await;
        let now = self.clock.now();
        let conn = self.db.write();
        // `locked_by` guards against a worker whose lease ran out overwriting the result
        // of the worker that took the job over.
        match outcome {
            Ok(()) => {
                conn.execute_raw(stmt(
                    conn,
                    "UPDATE jobs SET status = 'done', finished_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2 AND locked_by = $3",
                    vec![now.into(), job.id.into(), self.id.clone().into()],
                ))
                .await?;
                metrics_done(&job.kind, "done", started);
            }
            Err(error) => {
                let dead = job.attempts >= job.max_attempts;
                let message = error.to_string();
                if dead {
                    tracing::error!(job = %job.id, kind = %job.kind, attempts = job.attempts, error = %message, "job failed for the last time and is now dead; see `rathaus admin jobs`");
                } else {
                    tracing::warn!(job = %job.id, kind = %job.kind, attempts = job.attempts, error = %message, "job failed; will retry");
                }
                conn.execute_raw(stmt(
                    conn,
                    "UPDATE jobs SET status = $1, run_at = $2, lease_until = NULL, last_error = $3, finished_at = $4 WHERE id = $5 AND locked_by = $6",
                    vec![
                        if dead { "dead" } else { "queued" }.into(),
                        (now + backoff(job.attempts)).into(),
                        message.into(),
                        if dead { Some(now) } else { None }.into(),
                        job.id.into(),
                        self.id.clone().into(),
                    ],
                ))
                .await?;
                metrics_done(&job.kind, if dead { "dead" } else { "retry" }, started);
            }
        }
        Ok(())
    }
}

fn metrics_done(kind: &str, outcome: &'static str, started: std::time::Instant) {
    metrics::counter!("rathaus_jobs_total", "kind" => kind.to_string(), "outcome" => outcome).increment(1);
    metrics::histogram!("rathaus_job_seconds", "kind" => kind.to_string()).record(started.elapsed().as_secs_f64());
}

/// Retention and clean-up of the platform's own tables, run by every worker every few
/// minutes: old rate-limit windows, spent challenges, finished jobs. Each step logs its
/// own failure and the others still run. (The domains' clean-ups are their own
/// periodic jobs.)
pub async fn maintenance(db: &Db, clock: &dyn crate::clock::Clock) {
    if let Err(e) = crate::ratelimit::purge_expired(db, clock).await {
        tracing::warn!(error = %e, "could not purge old rate-limit windows");
    }
    if let Err(e) = crate::challenge::purge_spent(db, clock).await {
        tracing::warn!(error = %e, "could not purge spent challenges");
    }
    if let Err(e) = super::purge_done(db, clock.now() - chrono::Duration::days(7)).await {
        tracing::warn!(error = %e, "could not purge finished jobs");
    }
}
