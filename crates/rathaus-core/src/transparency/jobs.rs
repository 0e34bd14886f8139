//! The scheduler of releases: a job at the set time of each scheduled release (enqueued
//! with it), and the same job every few minutes as a safety net, e.g. after a restore.
//! Whichever runs first publishes; the other finds nothing due.

use async_trait::async_trait;

use super::actions;
use rathaus_platform::Result;
use rathaus_platform::jobs::{Job, JobContext, Nothing};

pub struct ReleaseDueJob;

#[async_trait]
impl Job for ReleaseDueJob {
    const KIND: &'static str = "transparency.release-due";
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let published = actions::publish_due(&ctx.db, &*ctx.clock).await?;
        if published > 0 {
            tracing::info!(published, "scheduled publications released");
        }
        Ok(())
    }
}
