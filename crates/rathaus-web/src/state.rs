//! What every handler can reach.

use metrics_exporter_prometheus::PrometheusHandle;
use std::sync::Arc;

use rathaus_core::catalog::{Catalog, CatalogCache};
use rathaus_core::forms::FormDefinition;
use rathaus_platform::Result;
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::clock::SharedClock;
use rathaus_platform::config::Config;
use rathaus_platform::db::Db;
use rathaus_platform::mail::Mailer;

#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub db: Db,
    pub clock: SharedClock,
    pub catalog: CatalogCache,
    /// The forms shipped with this version, every version a stored application may name.
    pub forms: Arc<Vec<FormDefinition>>,
    pub blobs: BlobStore,
    pub mailer: Arc<Mailer>,
    pub metrics: PrometheusHandle,
    pub city_name: Arc<str>,
    /// The Content-Security-Policy header, built once from the configuration.
    pub csp: axum::http::HeaderValue,
    /// The WebAuthn relying party; `None` when the public address cannot carry passkeys.
    pub webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// The eID provider client, when `[eid]` is configured.
    pub eid: Option<Arc<crate::eid::EidClient>>,
    /// The payment provider.
    pub payments: Arc<dyn rathaus_core::payments::provider::Provider>,
    /// Per-address rate limits, counted here and merged across nodes once a second.
    pub limits: Arc<rathaus_platform::ratelimit::BatchedLimiter>,
    /// Calendars and booking rules read a moment ago, for refusals in a rush.
    pub recent: Arc<rathaus_core::appointments::recent::Recent>,
    /// Reads the sessions of concurrent requests together.
    pub sessions: Arc<crate::session::lookup::SessionLookup>,
    /// Signs the rush-protection challenges (one key for every node, kept in the database).
    pub challenge_key: Arc<rathaus_platform::challenge::ChallengeKey>,
    /// The city's seal on the decisions it issues, its key read once from its file.
    pub seal: Arc<rathaus_platform::seal::Seal>,
    /// This node's full-text index of the published records, kept current from the
    /// database by [`crate::app`]'s sync task.
    pub transparency: Arc<rathaus_core::transparency::search::TransparencyIndex>,
    /// This node's views and downloads of published records not yet in the database.
    pub publication_figures: Arc<rathaus_core::transparency::figures::Counter>,
    /// The maturity snapshots of the window the pages show, read again when one is taken.
    pub maturity_snapshots: Arc<rathaus_core::cockpit::snapshot::Kept>,
    /// What the public read, for the cockpit: summed at most once a minute.
    pub portal_readings: Arc<rathaus_core::transparency::figures::Readings>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("config", &self.config)
            .field("db", &self.db)
            .field("passkeys", &self.webauthn.is_some())
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }

    pub async fn catalog(&self) -> Result<Arc<Catalog>> {
        self.catalog.get(&self.db).await
    }

    /// The current form for a service, if it can be applied for online.
    pub fn form_for_service(&self, service: &str) -> Option<&FormDefinition> {
        rathaus_core::forms::current(&self.forms, service)
    }

    /// Submits applications with this node's forms and catalogue.
    pub fn submitter(&self) -> rathaus_core::applications::submitting::Submitter {
        rathaus_core::applications::submitting::Submitter {
            forms: self.forms.clone(),
            catalog: self.catalog.clone(),
            reference_prefix: self.config.case_reference_prefix.clone(),
        }
    }

    /// The exact form version an application was made with.
    pub fn form_version(&self, id: &str, version: u32) -> Option<&FormDefinition> {
        rathaus_core::forms::version(&self.forms, id, version)
    }
}
