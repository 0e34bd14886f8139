//! The appointments' background work: drawing the lotteries whose window closed,
//! offering earlier times to the waitlist, and sampling the lead time to the next free
//! appointment for the figures. Each run reads the catalogue and the booking rules as
//! they are now.

use async_trait::async_trait;

use super::booking::Rules;
use super::notices::Site;
use crate::catalog::CatalogCache;
use rathaus_platform::Result;
use rathaus_platform::config::{AppointmentsConfig, Config};
use rathaus_platform::jobs::{Job, JobContext, Nothing};

/// Draws the lotteries whose window closed (periodic; one node claims each draw).
pub const DRAW_JOB: &str = "appointments.draw";
/// Samples the lead time per location (periodic; each location once an hour).
pub const LEAD_SAMPLE_JOB: &str = "appointments.sample-lead";

/// What every appointment job reads: the catalogue, the settings, the site for mails.
#[derive(Debug, Clone)]
pub struct Context {
    pub catalog: CatalogCache,
    pub settings: AppointmentsConfig,
    pub city: String,
    pub public_url: String,
}

impl Context {
    pub fn new(config: &Config, catalog: CatalogCache) -> Self {
        Self {
            catalog,
            settings: config.appointments.clone(),
            city: config.city_name.clone(),
            public_url: config.public_url.clone(),
        }
    }

    fn site(&self) -> Site<'_> {
        Site {
            city: &self.city,
            public_url: &self.public_url,
        }
    }
}

pub struct DrawJob(pub Context);

#[async_trait]
impl Job for DrawJob {
    const KIND: &'static str = DRAW_JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let due = super::release::due_draws(ctx.db.read(), ctx.clock.now()).await?;
        if due.is_empty() {
            return Ok(());
        }
        let catalog = self.0.catalog.get(&ctx.db).await?;
        let rules = Rules::current(&ctx.db, &self.0.settings).await?;
        for release in &due {
            let drawn = super::release::draw(&ctx.db, &*ctx.clock, &catalog, release, &rules, self.0.site()).await?;
            tracing::info!(release = %release.id, entries = drawn.entries, won = drawn.won, lost = drawn.lost, "lottery drawn");
        }
        Ok(())
    }
}

/// Offers earlier times to the waitlist (see [`super::waitlist`]).
pub struct WaitlistJob(pub Context);

#[async_trait]
impl Job for WaitlistJob {
    const KIND: &'static str = super::waitlist::JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let catalog = self.0.catalog.get(&ctx.db).await?;
        let rules = Rules::current(&ctx.db, &self.0.settings).await?;
        let offer_for = chrono::Duration::minutes(self.0.settings.waitlist_offer_minutes.max(5));
        let made = super::waitlist::make_offers(&ctx.db, &*ctx.clock, &catalog, &rules, offer_for, self.0.site()).await?;
        if made > 0 {
            tracing::info!(offers = made, "earlier times offered to the waitlist");
        }
        Ok(())
    }
}

pub struct LeadSampleJob(pub Context);

#[async_trait]
impl Job for LeadSampleJob {
    const KIND: &'static str = LEAD_SAMPLE_JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let catalog = self.0.catalog.get(&ctx.db).await?;
        let rules = Rules::current(&ctx.db, &self.0.settings).await?;
        super::figures::sample_lead_times(&ctx.db, &*ctx.clock, &catalog, &rules).await?;
        Ok(())
    }
}
