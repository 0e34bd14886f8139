//! Unfinished drafts are not kept: one untouched for [`DRAFT_RETENTION_DAYS`] is
//! deleted by a periodic job (the person is told the date on their list).

use async_trait::async_trait;
use sea_orm::ConnectionTrait;

use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{Job, JobContext, Nothing};

/// Unfinished application drafts are deleted after this many days without a change.
pub const DRAFT_RETENTION_DAYS: i64 = 30;

pub const PURGE_JOB: &str = "applications.purge-drafts";

/// Deletes the drafts untouched for the retention period; returns how many.
pub async fn purge_stale(db: &Db, clock: &dyn Clock) -> Result<u64> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            // A draft whose fee is being paid stays until the provider has answered.
            "DELETE FROM applications WHERE status = 'draft' AND updated_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.application_id = applications.id AND p.status = 'open')",
            vec![(clock.now() - chrono::Duration::days(DRAFT_RETENTION_DAYS)).into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

pub struct PurgeDraftsJob;

#[async_trait]
impl Job for PurgeDraftsJob {
    const KIND: &'static str = PURGE_JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let purged = purge_stale(&ctx.db, &*ctx.clock).await?;
        if purged > 0 {
            tracing::info!(purged, "deleted application drafts untouched for {DRAFT_RETENTION_DAYS} days");
        }
        Ok(())
    }
}
