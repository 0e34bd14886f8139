//! Building and running the application: the same code path serves production and
//! tests (which bind port 0 and read the chosen address back).

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::state::{AppState, Inner};
use rathaus_core::catalog::CatalogCache;
use rathaus_core::transparency::search::TransparencyIndex;
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::clock::{self, SharedClock};
use rathaus_platform::config::Config;
use rathaus_platform::db::Db;
use rathaus_platform::jobs::Worker;
use rathaus_platform::mail::Mailer;
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone)]
pub struct AppOptions {
    pub clock: SharedClock,
    /// Load the demo city after migrating.
    pub demo: bool,
    /// With the demo city, also its transparency portal's publications (their PDFs are
    /// made on the first start, in the background, which takes a few seconds).
    pub demo_publications: bool,
    /// How long a node may serve a catalogue copy before re-reading it.
    pub catalog_ttl: Duration,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            clock: clock::system(),
            demo: false,
            demo_publications: false,
            catalog_ttl: Duration::from_secs(10),
        }
    }
}

/// A bound, not yet serving application.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    worker: Option<Worker>,
}

fn metrics_handle() -> Result<PrometheusHandle> {
    // The recorder is process-global; tests build many applications in one process.
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let recorder = PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    if metrics::set_global_recorder(recorder).is_err() {
        return HANDLE
            .get()
            .cloned()
            .ok_or_else(|| Error::internal("metrics recorder set elsewhere"));
    }
    Ok(HANDLE.get_or_init(|| handle).clone())
}

impl Application {
    /// Connects, migrates, optionally loads the demo city, and binds the listener.
    pub async fn build(config: Config, options: AppOptions) -> Result<Self> {
        let db = Db::connect(&config).await?;
        db.migrate().await?;
        rathaus_platform::installation::remember(&db, &*options.clock, rathaus_platform::installation::PUBLIC_URL, &config.public_url)
            .await?;
        if options.demo {
            let summary = rathaus_core::demo::load(&db, &*options.clock).await?;
            tracing::info!(?summary, "demo city loaded");
        }
        for warning in config.warnings() {
            tracing::warn!("{warning}");
        }
        let mailer = Arc::new(Mailer::from_config(&config)?);
        if !mailer.is_configured() {
            tracing::warn!("SMTP is not configured: mails are kept in the outbox table (`rathaus admin mails`)");
        }
        let blobs = BlobStore::from_config(&config)?;
        if options.demo && options.demo_publications {
            // In the background: making their PDFs takes a while, and the server should
            // answer meanwhile. They appear one by one.
            let (db, blobs, clock) = (db.clone(), blobs.clone(), options.clock.clone());
            tokio::spawn(async move {
                match rathaus_core::transparency::demo::load(&db, &blobs, &*clock).await {
                    Ok(added) => tracing::info!(added, "demo publications loaded"),
                    Err(e) => tracing::error!(error = %e, "demo publications could not be loaded"),
                }
            });
        }
        let addr = config.listen_addr()?;
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            Error::Config(format!(
                "cannot listen on {addr}: {e}. Fix: choose another address with --listen or RATHAUS_LISTEN"
            ))
        })?;
        let catalog = CatalogCache::new(options.catalog_ttl);
        let forms = Arc::new(rathaus_core::forms::shipped()?);
        let worker = match config.worker.enabled {
            true => Some(Worker::new(
                db.clone(),
                options.clock.clone(),
                rathaus_core::jobs::registry(&config, mailer.clone(), catalog.clone(), forms.clone())?,
                &config.worker,
            )),
            false => None,
        };
        let webauthn = rathaus_core::accounts::passkeys::relying_party(&config.public_url, &config.city_name).map(Arc::new);
        if webauthn.is_none() {
            tracing::warn!(
                public_url = %config.public_url,
                "passkeys are off: set public_url to the site's host name (not an IP address), e.g. https://service.example.org"
            );
        }
        let eid = match &config.eid {
            Some(eid) => Some(Arc::new(crate::eid::EidClient::new(eid.clone(), &config.public_url)?)),
            None => None,
        };
        let payments = rathaus_core::payments::provider::from_config(&config, &db, &options.clock)?;
        let challenge_key = Arc::new(rathaus_platform::challenge::ChallengeKey::load_or_create(&db, &*options.clock).await?);
        let transparency = Arc::new(TransparencyIndex::open_for_node(&config.data_dir.join("index"))?);
        let seal = Arc::new(rathaus_platform::seal::Seal::load(&config)?);
        let state = AppState::new(Inner {
            payments,
            webauthn,
            eid,
            catalog,
            forms,
            metrics: metrics_handle()?,
            city_name: Arc::from(config.city_name.as_str()),
            csp: crate::middleware::security::content_security_policy(&config),
            clock: options.clock,
            config,
            db,
            blobs,
            mailer,
            limits: Arc::default(),
            recent: Arc::default(),
            sessions: Arc::default(),
            challenge_key,
            seal,
            transparency,
            publication_figures: Arc::default(),
            portal_readings: Arc::default(),
            maturity_snapshots: Arc::default(),
        });
        Ok(Self { listener, state, worker })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` turns true, then drains requests and stops the worker.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) -> Result<()> {
        let router = crate::routes::router(self.state.clone());
        let worker_task = self.worker.map(|w| tokio::spawn(w.run(shutdown.clone())));
        let limits_task = tokio::spawn(merge_limits(self.state.clone(), shutdown.clone()));
        let search_task = tokio::spawn(follow_publications(self.state.clone(), shutdown.clone()));
        let server =
            axum::serve(self.listener, router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(async move {
                while !*shutdown.borrow() {
                    if shutdown.changed().await.is_err() {
                        break;
                    }
                }
            });
        let result = server.await.map_err(Error::from);
        let _ = limits_task.await;
        let _ = search_task.await;
        if let Some(task) = worker_task {
            let _ = task.await;
        }
        result
    }
}

/// How often a node takes the published records' changes into its search index.
pub const SEARCH_SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Keeps this node's search index current (a full build when it has none, then every
/// second the records changed since) and writes its counted views and downloads, once
/// more on the way out. A failure is logged and tried again; searches go on with what
/// the index holds.
async fn follow_publications(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(SEARCH_SYNC_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let stopping = tokio::select! {
            _ = tick.tick() => false,
            _ = shutdown.changed() => true,
        };
        if let Err(e) = state.publication_figures.flush(&state.db).await {
            tracing::warn!(error = %e, "views and downloads cannot be written; they are kept and tried again");
        }
        if stopping || *shutdown.borrow() {
            break;
        }
        let index = &state.transparency;
        let result = match index.watermark() {
            None => index.rebuild(&state.db, &|_, _| {}).await,
            Some(_) => index.sync(&state.db).await,
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "the transparency search index cannot follow the database; searches show older results until it can. Check the database and the data directory");
        }
    }
}

/// Merges this node's rate-limit counts with the other nodes' once a second, and once
/// more on the way out.
async fn merge_limits(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(rathaus_platform::ratelimit::SYNC_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let stopping = tokio::select! {
            _ = tick.tick() => false,
            _ = shutdown.changed() => true,
        };
        if let Err(e) = state.limits.sync(&state.db, state.clock.now()).await {
            tracing::error!(error = %e, "rate-limit counts cannot be merged with the other nodes; writes are refused until they can. Check the database connection");
        }
        if stopping || *shutdown.borrow() {
            break;
        }
    }
}
