//! Jobs as types: each kind names its payload as a serde type and is defined beside
//! the domain module it serves. Enqueuing takes the payload as that type, and the
//! worker hands it back as that type, so no job parses JSON by hand.

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::worker::{JobContext, JobHandler};
use super::{JobRegistry, NewJob};
use crate::{Error, Result};

#[async_trait]
pub trait Job: Send + Sync + 'static {
    /// The kind stored with each job (`cases.notice`); never renamed while jobs of it
    /// may wait in a database.
    const KIND: &'static str;
    /// What the change that causes the job hands over.
    type Payload: Serialize + DeserializeOwned + Send + 'static;

    /// Runs the job. Must be safe to run again after a crash (at-least-once delivery).
    async fn run(&self, ctx: &JobContext, payload: Self::Payload) -> Result<()>;
}

/// The payload of a job that needs none (the periodic sweeps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nothing {}

impl NewJob {
    /// A job of kind `J` with its payload.
    pub fn of<J: Job>(payload: &J::Payload) -> Result<Self> {
        Ok(Self::new(J::KIND, serde_json::to_value(payload)?))
    }
}

/// Reads the stored payload as the job's type: a payload that no longer fits (written
/// by another version) fails the job with its kind named, for `rathaus admin jobs`.
struct Typed<J>(J);

#[async_trait]
impl<J: Job> JobHandler for Typed<J> {
    async fn run(&self, ctx: &JobContext, payload: serde_json::Value) -> Result<()> {
        let payload =
            serde_json::from_value(payload).map_err(|e| Error::Invalid(format!("job {}: the payload does not fit: {e}", J::KIND)))?;
        self.0.run(ctx, payload).await
    }
}

impl JobRegistry {
    /// Adds a job kind the worker runs when one is enqueued.
    pub fn add<J: Job>(&mut self, job: J) {
        self.register(J::KIND, std::sync::Arc::new(Typed(job)));
    }

    /// Adds a job kind the worker also enqueues itself every few minutes, when none is
    /// waiting (sweeps such as asking a payment provider about open payments).
    pub fn add_periodic<J: Job<Payload = Nothing>>(&mut self, job: J) {
        self.periodic.push(J::KIND.to_string());
        self.add(job);
    }
}
