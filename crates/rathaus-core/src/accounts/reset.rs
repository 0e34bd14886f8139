//! "Forgot password": the request only queues a job — the same single write whatever
//! the address — so neither the answer nor its timing tells whether the address has an
//! account. The job issues the link, or tells the address's owner that there is no
//! account; both mails count towards the limit per typed address.

use async_trait::async_trait;
use serde_json::json;

use super::notices::Site;
use super::{normalize_email, residents};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, JobContext, JobHandler, NewJob};
use rathaus_platform::{Error, Result};

pub const JOB: &str = "accounts.password-reset";

/// Queues the reset for `email` (checked to be an address first), in `lang`.
pub async fn request(db: &Db, clock: &dyn Clock, email: &str, lang: Lang) -> Result<()> {
    normalize_email(email)?;
    jobs::enqueue(
        db.write(),
        clock,
        NewJob::new(JOB, json!({ "address": email.trim(), "lang": lang.code() })),
    )
    .await?;
    Ok(())
}

/// Sends what the request asked for; links point to `public_url`.
pub struct ResetJob {
    pub city: String,
    pub public_url: String,
}

#[async_trait]
impl JobHandler for ResetJob {
    async fn run(&self, ctx: &JobContext, payload: serde_json::Value) -> Result<()> {
        let address = payload["address"]
            .as_str()
            .ok_or_else(|| Error::internal("password reset job without an address"))?;
        let site = Site {
            city: &self.city,
            public_url: &self.public_url,
            lang: payload["lang"].as_str().and_then(Lang::parse).unwrap_or_default(),
        };
        match residents::request_reset(&ctx.db, &*ctx.clock, address).await? {
            Some((account, token)) => site.reset(ctx.db.write(), &*ctx.clock, &account.email, &token).await,
            None => site.no_account(ctx.db.write(), &*ctx.clock, address).await,
        }
    }
}
