//! Calendars, rules and taken units as read a moment ago, per node. Only refusals rely
//! on them — "no place free at that time" and the alternatives shown with it, which may
//! be a moment behind anyway; a booking reads everything afresh before it writes. In a
//! rush most requests are refusals, and this spares each of them most of its reads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::booking::Rules;
use super::calendar::Calendar;
use super::free::Taken;
use crate::cases::due::local_date;
use crate::catalog::Catalog;
use rathaus_platform::Result;
use rathaus_platform::config::AppointmentsConfig;
use rathaus_platform::db::Db;
use rathaus_platform::memory::lock;

/// How old a calendar or the rules may be for a refusal.
const FRESH_FOR: Duration = Duration::from_secs(2);
/// How old the taken units may be for the alternatives shown with a refusal.
const UNITS_FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
pub struct Recent {
    calendars: Mutex<HashMap<String, (Instant, Arc<Calendar>)>>,
    rules: Mutex<Option<(Instant, Arc<Rules>)>>,
    units: Mutex<HashMap<String, (Instant, Arc<Taken>)>>,
    /// One reload at a time: in a rush, the requests that find a copy too old wait for
    /// one read instead of each making its own.
    reloading: tokio::sync::Mutex<()>,
    /// Per location, the attempts that may book now.
    turns: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// Attempts per location and node that read afresh and write at the same time.
const TURNS: usize = 4;

impl Recent {
    pub async fn calendar(&self, db: &Db, catalog: &Catalog, location: &str) -> Result<Arc<Calendar>> {
        let fresh = || {
            lock(&self.calendars)
                .get(location)
                .filter(|(at, _)| at.elapsed() < FRESH_FOR)
                .map(|(_, c)| c.clone())
        };
        self.fresh_or(fresh, async {
            let calendar = Arc::new(Calendar::load(db, catalog, location).await?);
            lock(&self.calendars).insert(location.to_string(), (Instant::now(), calendar.clone()));
            Ok(calendar)
        })
        .await
    }

    /// What `fresh` finds, else what `load` reads (and keeps) — one reload at a time.
    async fn fresh_or<T>(&self, fresh: impl Fn() -> Option<T>, load: impl Future<Output = Result<T>>) -> Result<T> {
        if let Some(found) = fresh() {
            return Ok(found);
        }
        let _reloading = self.reloading.lock().await;
        match fresh() {
            Some(found) => Ok(found),
            None => load.await,
        }
    }

    /// Waits for a turn to book at `location`: in a rush the attempts that may succeed
    /// queue here rather than for the database, and each then checks the units the ones
    /// before it marked ([`Taken::mark`]) before it reads and writes.
    pub async fn turn(&self, location: &str) -> Result<OwnedSemaphorePermit> {
        let turns = lock(&self.turns)
            .entry(location.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(TURNS)))
            .clone();
        turns
            .acquire_owned()
            .await
            .map_err(|_| rathaus_platform::Error::internal("booking turns closed"))
    }

    /// Drops what this node read of a location after its staff changed it (caps, too).
    pub fn forget(&self, location: &str) {
        lock(&self.calendars).remove(location);
        lock(&self.units).remove(location);
        *lock(&self.rules) = None;
    }

    pub async fn rules(&self, db: &Db, settings: &AppointmentsConfig) -> Result<Arc<Rules>> {
        let fresh = || {
            lock(&self.rules)
                .as_ref()
                .filter(|(at, _)| at.elapsed() < FRESH_FOR)
                .map(|(_, r)| r.clone())
        };
        self.fresh_or(fresh, async {
            let rules = Arc::new(Rules::current(db, settings).await?);
            *lock(&self.rules) = Some((Instant::now(), rules.clone()));
            Ok(rules)
        })
        .await
    }

    /// The units taken at the calendar's location from today to the horizon.
    pub async fn units(&self, db: &Db, calendar: &Calendar, rules: &Rules, now: chrono::DateTime<chrono::Utc>) -> Result<Arc<Taken>> {
        let location = &calendar.location.id;
        // Fresh by the clock, too: holds run out by it (and a test moves it).
        let fresh = || {
            lock(&self.units)
                .get(location)
                .filter(|(at, u)| at.elapsed() < UNITS_FRESH_FOR && (now - u.read_at).to_std().is_ok_and(|age| age < UNITS_FRESH_FOR))
                .map(|(_, u)| u.clone())
        };
        self.fresh_or(fresh, async {
            let days = (local_date(now), local_date(now + rules.horizon));
            let units = Arc::new(Taken::read(db, calendar, days, now).await?);
            lock(&self.units).insert(location.clone(), (Instant::now(), units.clone()));
            Ok(units)
        })
        .await
    }
}
