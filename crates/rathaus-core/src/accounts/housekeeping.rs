//! What accounts do not keep: sessions past their expiry and sign-in history older than
//! [`super::history::RETENTION_DAYS`], deleted by a periodic job.

use async_trait::async_trait;
use sea_orm::ConnectionTrait;

use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{Job, JobContext, Nothing};

pub const PURGE_JOB: &str = "accounts.purge";

/// Deletes expired sessions; returns how many.
pub async fn purge_expired_sessions(db: &Db, clock: &dyn Clock) -> Result<u64> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM sessions WHERE idle_expires_at < $1 OR absolute_expires_at < $1",
            vec![clock.now().into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

/// Deletes sign-in history past its retention; returns how many entries.
pub async fn purge_old_sign_ins(db: &Db, clock: &dyn Clock) -> Result<u64> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM login_history WHERE at < $1",
            vec![(clock.now() - chrono::Duration::days(super::history::RETENTION_DAYS)).into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

pub struct PurgeJob;

#[async_trait]
impl Job for PurgeJob {
    const KIND: &'static str = PURGE_JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let sessions = purge_expired_sessions(&ctx.db, &*ctx.clock).await?;
        let sign_ins = purge_old_sign_ins(&ctx.db, &*ctx.clock).await?;
        if sessions + sign_ins > 0 {
            tracing::debug!(sessions, sign_ins, "expired sessions and old sign-in history deleted");
        }
        Ok(())
    }
}
