//! The Testkasse's side of a decided payment: its signed webhook, posted to Rathaus
//! over HTTP as a real provider would; a failed delivery is retried by the worker with
//! backoff.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::testkasse::{self, SIGNATURE_HEADER, WEBHOOK_JOB, WEBHOOK_PATH};
use rathaus_platform::config::Config;
use rathaus_platform::jobs::{Job, JobContext};
use rathaus_platform::{Error, Result};

/// Which payment, under which event id (the same id on every retry).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub reference: String,
    pub event: String,
}

pub struct WebhookJob {
    pub url: String,
    pub secret: Vec<u8>,
    pub client: reqwest::Client,
}

impl WebhookJob {
    /// Posts to the configured webhook address, or to Rathaus's own.
    pub fn from_config(config: &Config) -> Result<Self> {
        Ok(Self {
            url: config
                .payments
                .webhook_url
                .clone()
                .unwrap_or_else(|| format!("{}{WEBHOOK_PATH}", config.public_url.trim_end_matches('/'))),
            secret: super::provider::webhook_secret(config)?,
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .map_err(|e| Error::internal(format!("http client: {e}")))?,
        })
    }
}

#[async_trait]
impl Job for WebhookJob {
    const KIND: &'static str = WEBHOOK_JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let payment = testkasse::find(&ctx.db, &payload.reference).await?;
        let now = ctx.clock.now();
        let body = testkasse::event_body(&payment, &payload.event, now);
        let response = self
            .client
            .post(&self.url)
            .header(SIGNATURE_HEADER, testkasse::sign(&self.secret, &body, now))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| Error::internal(format!("webhook to {}: {e}", self.url)))?;
        if !response.status().is_success() {
            return Err(Error::internal(format!("webhook to {} answered {}", self.url, response.status())));
        }
        Ok(())
    }
}
