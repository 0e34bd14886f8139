//! An in-memory, read-only copy of the catalogue for page rendering. The database stays
//! the only source of truth: each node reloads its copy after `ttl`, and at once after an
//! import on the same node.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};

use super::model::*;
use rathaus_platform::Result;
use rathaus_platform::db::Db;

/// The catalogue with lookups by id.
#[derive(Debug, Default)]
pub struct Catalog {
    pub file: CatalogFile,
    agency_index: HashMap<String, usize>,
    service_index: HashMap<String, usize>,
    location_index: HashMap<String, usize>,
    search: super::search::SearchIndex,
}

impl Catalog {
    pub fn new(mut file: CatalogFile) -> Self {
        // The import refuses a service marked online that cannot be started; a catalogue
        // imported while a form still shipped may hold one. It says "online" no longer.
        for service in &mut file.services {
            if service.online.possible && service.online_start() == OnlineStart::NotOnline {
                tracing::warn!(service = %service.id, "marked online, but there is no form and no procedure address: shown as not online");
                service.online.possible = false;
            }
        }
        file.services.sort_by_cached_key(|s| collate(&s.name_de));
        file.agencies.sort_by_cached_key(|a| collate(&a.name_de));
        file.locations.sort_by_cached_key(|l| collate(&l.name));
        let index = |ids: Vec<&String>| ids.into_iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        Self {
            agency_index: index(file.agencies.iter().map(|a| &a.id).collect()),
            service_index: index(file.services.iter().map(|s| &s.id).collect()),
            location_index: index(file.locations.iter().map(|l| &l.id).collect()),
            search: super::search::SearchIndex::build(&file.services),
            file,
        }
    }

    pub fn search_index(&self) -> &super::search::SearchIndex {
        &self.search
    }

    pub fn services(&self) -> &[Service] {
        &self.file.services
    }

    pub fn agencies(&self) -> &[Agency] {
        &self.file.agencies
    }

    pub fn locations(&self) -> &[Location] {
        &self.file.locations
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.service_index.get(id).map(|&i| &self.file.services[i])
    }

    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agency_index.get(id).map(|&i| &self.file.agencies[i])
    }

    pub fn location(&self, id: &str) -> Option<&Location> {
        self.location_index.get(id).map(|&i| &self.file.locations[i])
    }

    /// Locations where a service is offered in person.
    pub fn locations_for(&self, service_id: &str) -> Vec<&Location> {
        self.file
            .locations
            .iter()
            .filter(|l| l.services_in_person.iter().any(|s| s == service_id))
            .collect()
    }

    pub fn services_of_agency(&self, agency_id: &str) -> Vec<&Service> {
        self.file.services.iter().filter(|s| s.agency == agency_id).collect()
    }

    pub fn locations_of_agency(&self, agency_id: &str) -> Vec<&Location> {
        self.file.locations.iter().filter(|l| l.agency == agency_id).collect()
    }
}

/// German alphabetical order: umlauts sort with their base letters.
pub fn collate(text: &str) -> String {
    super::search::fold(text)
}

/// Shared, periodically refreshed catalogue.
#[derive(Debug, Clone)]
pub struct CatalogCache {
    inner: Arc<RwLock<(Arc<Catalog>, Instant)>>,
    reload: Arc<Mutex<()>>,
    ttl: Duration,
}

impl CatalogCache {
    pub fn new(ttl: Duration) -> Self {
        let stale = Instant::now().checked_sub(ttl * 2).unwrap_or_else(Instant::now);
        Self {
            inner: Arc::new(RwLock::new((Arc::new(Catalog::default()), stale))),
            reload: Arc::new(Mutex::new(())),
            ttl,
        }
    }

    /// The current catalogue, reloading it first when it is older than the TTL.
    pub async fn get(&self, db: &Db) -> Result<Arc<Catalog>> {
        {
            let guard = self.inner.read().await;
            if guard.1.elapsed() < self.ttl {
                return Ok(guard.0.clone());
            }
        }
        // One reload at a time; the others wait and then take its result.
        let _reloading = self.reload.lock().await;
        {
            let guard = self.inner.read().await;
            if guard.1.elapsed() < self.ttl {
                return Ok(guard.0.clone());
            }
        }
        let catalog = Arc::new(Catalog::new(super::store::export(db.read()).await?));
        *self.inner.write().await = (catalog.clone(), Instant::now());
        Ok(catalog)
    }

    /// Forces a reload on the next `get` (after an import on this node).
    pub async fn invalidate(&self) {
        let stale = Instant::now().checked_sub(self.ttl * 2).unwrap_or_else(Instant::now);
        self.inner.write().await.1 = stale;
    }
}
