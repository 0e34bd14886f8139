//! The periodic recovery: asks the provider about payments open for a while and
//! settles them by its answer (see [`super::recover`]).

use async_trait::async_trait;

use crate::applications::submitting::{Submitter, WhenPaid};
use rathaus_platform::Result;
use rathaus_platform::config::Config;
use rathaus_platform::jobs::{Job, JobContext, Nothing};

pub const JOB: &str = "payments.recover";

pub struct RecoverJob {
    pub submitter: Submitter,
    pub config: Config,
}

#[async_trait]
impl Job for RecoverJob {
    const KIND: &'static str = JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let provider = super::provider::from_config(&self.config, &ctx.db, &ctx.clock)?;
        let on_paid = WhenPaid {
            submitter: self.submitter.clone(),
            db: ctx.db.clone(),
            clock: ctx.clock.clone(),
        };
        let older_than = chrono::Duration::seconds(self.config.payments.recover_after_secs);
        super::recover(&ctx.db, &*ctx.clock, &*provider, &on_paid, older_than).await?;
        Ok(())
    }
}
