//! A location's calendar: the catalogue's opening hours, counters and service lengths,
//! with what the location's staff changed (`appointment_calendars`, closures, own
//! lengths), and the caps per service. Every change an administrator makes is audited in
//! the transaction that makes it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionTrait};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

use super::booking;
use super::free::FreeSlot;
use super::notices::Site;
use super::slots::{self, Closure, Slot, instant};
use crate::cases::due::start_of_local_day;
use crate::catalog::{Catalog, Location, OpeningHours, WEEK};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, Json, stmt};
use rathaus_platform::memory::lock;
use rathaus_platform::{Error, Result};

/// What a person wants to do in one visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub location_id: String,
    pub services: Vec<String>,
    pub people: u32,
}

/// The most people one booking may bring (a family; more is a group appointment).
pub const MAX_PEOPLE: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureEntry {
    pub id: Uuid,
    pub closure: Closure,
    pub reason: String,
}

/// Read from the database by [`Calendar::load`] and not changed afterwards: the slots
/// it computes are kept with it.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub location: Location,
    pub hours: OpeningHours,
    /// Whether staff replaced the catalogue's opening hours.
    pub own_hours: bool,
    pub booking_counters: u32,
    pub closures: Vec<ClosureEntry>,
    /// Minutes per service offered here (a location's own length, else the catalogue's).
    pub minutes: HashMap<String, i32>,
    /// Services whose length is the location's own.
    pub own_minutes: Vec<String>,
    /// Days released at a set time, or by lottery.
    pub releases: Vec<super::release::Release>,
    /// Until when holds here need a solved challenge (rush protection).
    pub challenge_until: Option<DateTime<Utc>>,
    memo: Memo,
}

/// What the calendar computed before: a calendar read a moment ago serves a rush's
/// pickers, which ask for the same days thousands of times a second. A clone starts
/// empty.
#[derive(Default)]
struct Memo {
    slots: Mutex<HashMap<DayKey, Arc<[Slot]>>>,
    free: Mutex<HashMap<DaysKey, FoundFree>>,
}

/// A day and a visit length.
type DayKey = (NaiveDate, i64);
/// A visit length and the first and last day.
type DaysKey = (i64, NaiveDate, NaiveDate);
/// Free slots and what they were found with.
type FoundFree = (FreeStamp, Arc<[FreeSlot]>);

/// Which units (and which of their versions) and booking rules free slots were found with.
pub(crate) type FreeStamp = ((u64, u64), chrono::Duration, chrono::Duration);

/// Past this many entries a memo starts again (it lives as long as the calendar, which
/// is read afresh every few seconds).
const MEMO_ENTRIES: usize = 2_000;

impl Clone for Memo {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// Counters taking booked visits when staff set nothing: three in four, so walk-ins
/// always have a counter.
pub fn default_booking_counters(counters: i32) -> u32 {
    let counters = counters.max(1) as u32;
    (counters * 3).div_ceil(4).min(counters).max(1)
}

impl Calendar {
    pub async fn load(db: &Db, catalog: &Catalog, location_id: &str) -> Result<Self> {
        let location = catalog.location(location_id).ok_or(Error::NotFound)?.clone();
        let conn = db.read();
        #[derive(FromQueryResult)]
        struct Own {
            opening_hours: Option<Json<OpeningHours>>,
            booking_counters: i32,
            challenge_until: Option<DateTime<Utc>>,
        }
        let own = Own::find_by_statement(stmt(
            conn,
            "SELECT opening_hours, booking_counters, challenge_until FROM appointment_calendars WHERE location_id = $1",
            vec![location_id.into()],
        ))
        .one(conn)
        .await?;
        let challenge_until = own.as_ref().and_then(|o| o.challenge_until);
        let (hours, own_hours, booking_counters) = match own {
            Some(Own {
                opening_hours: Some(hours),
                booking_counters,
                ..
            }) => (hours.0, true, booking_counters.max(1).unsigned_abs()),
            Some(Own { booking_counters, .. }) => (location.opening_hours.clone(), false, booking_counters.max(1).unsigned_abs()),
            None => (location.opening_hours.clone(), false, default_booking_counters(location.counters)),
        };
        #[derive(FromQueryResult)]
        struct ClosureRow {
            id: Uuid,
            day: NaiveDate,
            from_time: Option<String>,
            to_time: Option<String>,
            reason: String,
        }
        let closures = ClosureRow::find_by_statement(stmt(
            conn,
            "SELECT id, day, from_time, to_time, reason FROM appointment_closures WHERE location_id = $1 ORDER BY day, from_time",
            vec![location_id.into()],
        ))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| ClosureEntry {
            id: r.id,
            closure: Closure {
                day: r.day,
                hours: match (
                    r.from_time.as_deref().and_then(parse_time),
                    r.to_time.as_deref().and_then(parse_time),
                ) {
                    (Some(a), Some(b)) => Some((a, b)),
                    _ => None,
                },
            },
            reason: r.reason,
        })
        .collect();
        #[derive(FromQueryResult)]
        struct Length {
            service_id: String,
            minutes: i32,
        }
        let own: HashMap<String, i32> = Length::find_by_statement(stmt(
            conn,
            "SELECT service_id, minutes FROM appointment_durations WHERE location_id = $1",
            vec![location_id.into()],
        ))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.service_id, l.minutes))
        .collect();
        let mut minutes = HashMap::new();
        for id in &location.services_in_person {
            let length = own
                .get(id)
                .copied()
                .or_else(|| catalog.service(id).and_then(|s| s.appointment_minutes));
            if let Some(m) = length.filter(|m| *m > 0) {
                minutes.insert(id.clone(), m);
            }
        }
        let releases = super::release::of_location(conn, location_id).await?;
        Ok(Self {
            releases,
            challenge_until,
            booking_counters: booking_counters.min(location.counters.max(1) as u32),
            own_minutes: own.into_keys().collect(),
            location,
            hours,
            own_hours,
            closures,
            minutes,
            memo: Memo::default(),
        })
    }

    /// Whether a hold here needs a solved challenge at `now`.
    pub fn challenge_on(&self, now: DateTime<Utc>) -> bool {
        self.challenge_until.is_some_and(|until| now < until)
    }

    /// Whether a release keeps `day`'s slots from everyone at `now`.
    pub fn hidden(&self, day: NaiveDate, now: DateTime<Utc>) -> bool {
        self.releases.iter().any(|r| r.hides(day, now))
    }

    pub fn offers(&self, service: &str) -> bool {
        self.minutes.contains_key(service)
    }

    /// The visit's length here, or `NotFound` when a service is not booked here.
    pub fn visit_minutes(&self, visit: &Visit) -> Result<i64> {
        let minutes = visit
            .services
            .iter()
            .map(|s| self.minutes.get(s).copied().ok_or(Error::NotFound))
            .collect::<Result<Vec<i32>>>()?;
        if minutes.is_empty() || visit.people == 0 || visit.people > MAX_PEOPLE {
            return Err(Error::NotFound);
        }
        Ok(slots::visit_minutes(&minutes, visit.people))
    }

    /// The day's slots for a visit of `minutes`, before anyone booked.
    pub fn slots_on(&self, day: NaiveDate, minutes: i64) -> Arc<[Slot]> {
        let mut memo = lock(&self.memo.slots);
        if let Some(slots) = memo.get(&(day, minutes)) {
            return slots.clone();
        }
        let weekly = self.hours.ranges(chrono::Datelike::weekday(&day)).unwrap_or_default();
        let closures: Vec<Closure> = self.closures.iter().map(|c| c.closure.clone()).collect();
        let slots: Arc<[Slot]> = slots::day_slots(&slots::open_ranges(&weekly, day, &closures), day, minutes).into();
        if memo.len() >= MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert((day, minutes), slots.clone());
        slots
    }

    /// The free slots for a visit of `minutes` on `days` as found before with the same
    /// units and rules, else as `find` finds them now.
    pub(crate) fn free_remembered(
        &self,
        (minutes, days): (i64, (NaiveDate, NaiveDate)),
        stamp: FreeStamp,
        find: impl FnOnce() -> Vec<FreeSlot>,
    ) -> Arc<[FreeSlot]> {
        let key = (minutes, days.0, days.1);
        if let Some((found_with, free)) = lock(&self.memo.free).get(&key)
            && *found_with == stamp
        {
            return free.clone();
        }
        let free: Arc<[FreeSlot]> = find().into();
        let mut memo = lock(&self.memo.free);
        if memo.len() >= MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(key, (stamp, free.clone()));
        free
    }

    /// Whether `starts_at` is one of the visit's slots (a doctored form cannot book
    /// a time the location is closed or off the grid).
    pub fn slot_at(&self, starts_at: DateTime<Utc>, minutes: i64) -> Option<Slot> {
        let day = crate::cases::due::local_date(starts_at);
        self.slots_on(day, minutes).iter().find(|s| s.starts_at == starts_at).copied()
    }
}

pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// The changes staff make to a calendar.
#[derive(Debug, Clone)]
pub struct CalendarChange {
    pub hours: OpeningHours,
    pub booking_counters: u32,
}

pub async fn save(db: &Db, clock: &dyn Clock, calendar: &Calendar, change: &CalendarChange, by: Uuid) -> Result<()> {
    change.hours.validate().map_err(Error::Invalid)?;
    for day in WEEK {
        for (from, to) in change.hours.ranges(day).map_err(Error::Invalid)? {
            if from >= to {
                return Err(Error::Invalid(format!("{day}: {from}-{to}")));
            }
        }
    }
    let counters = change.booking_counters.clamp(1, calendar.location.counters.max(1) as u32);
    let hours = (change.hours != calendar.location.opening_hours)
        .then(|| serde_json::to_string(&change.hours))
        .transpose()?;
    let txn = db.begin().await?;
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO appointment_calendars (location_id, opening_hours, booking_counters, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (location_id) DO UPDATE SET opening_hours = excluded.opening_hours, booking_counters = excluded.booking_counters, \
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        vec![
            calendar.location.id.clone().into(),
            hours.into(),
            (counters as i32).into(),
            clock.now().into(),
            by.into(),
        ],
    ))
    .await?;
    let details = json!({ "hours": change.hours, "booking_counters": counters });
    audited(&txn, clock, by, "calendar-changed", &calendar.location.id, details).await?;
    Ok(txn.commit().await?)
}

/// Switches rush protection on until `until`, or off with `None`.
pub async fn set_challenge(db: &Db, clock: &dyn Clock, calendar: &Calendar, until: Option<DateTime<Utc>>, by: Uuid) -> Result<()> {
    let txn = db.begin().await?;
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO appointment_calendars (location_id, opening_hours, booking_counters, challenge_until, updated_at, updated_by) \
         VALUES ($1, NULL, $2, $3, $4, $5) \
         ON CONFLICT (location_id) DO UPDATE SET challenge_until = excluded.challenge_until, \
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        vec![
            calendar.location.id.clone().into(),
            (calendar.booking_counters as i32).into(),
            until.into(),
            clock.now().into(),
            by.into(),
        ],
    ))
    .await?;
    let action = if until.is_some() { "challenge-on" } else { "challenge-off" };
    audited(&txn, clock, by, action, &calendar.location.id, json!({ "until": until })).await?;
    Ok(txn.commit().await?)
}

/// Closes a location for a day or part of it: no booking is taken in that time any more,
/// and the bookings already in it are cancelled with the reason, each booker told.
/// Returns how many were cancelled.
pub async fn close(
    (db, clock, catalog): (&Db, &dyn Clock, &Catalog),
    location: &str,
    entry: &Closure,
    reason: &str,
    by: Uuid,
    site: Site<'_>,
) -> Result<usize> {
    let id = Uuid::now_v7();
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO appointment_closures (id, location_id, day, from_time, to_time, reason, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vec![
            id.into(),
            location.into(),
            entry.day.into(),
            entry.hours.map(|h| h.0.format("%H:%M").to_string()).into(),
            entry.hours.map(|h| h.1.format("%H:%M").to_string()).into(),
            reason.into(),
            clock.now().into(),
            by.into(),
        ],
    ))
    .await?;
    // A hold reads the calendar afresh before it writes, so once the closure stands none
    // comes into its time. One that read it just before and writes just after the search
    // below would escape it: a window of the length of one hold's write.
    let (from, to) = match entry.hours {
        Some((a, b)) => (instant(entry.day, a), instant(entry.day, b)),
        None => (Some(start_of_local_day(entry.day)), entry.day.succ_opt().map(start_of_local_day)),
    };
    let cancelled = match (from, to) {
        (Some(from), Some(to)) => booking::cancel_overlapping(db, clock, catalog, (location, from, to), reason, site).await?,
        _ => 0,
    };
    let hours = entry.hours.map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")));
    let details = json!({ "closure": id, "day": entry.day, "hours": hours, "reason": reason, "bookings_cancelled": cancelled });
    audited(db.write(), clock, by, "closure-added", location, details).await?;
    Ok(cancelled)
}

pub async fn remove_closure(db: &Db, clock: &dyn Clock, location: &str, id: Uuid, by: Uuid) -> Result<()> {
    let txn = db.begin().await?;
    let done = txn
        .execute_raw(stmt(
            &txn,
            "DELETE FROM appointment_closures WHERE id = $1 AND location_id = $2",
            vec![id.into(), location.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    audited(&txn, clock, by, "closure-removed", location, json!({ "closure": id })).await?;
    Ok(txn.commit().await?)
}

/// What an administrator sets for a service at a location: its own length (`None`: the
/// catalogue's), and for a service of their own agency the cap per person (`None`: no
/// cap of its own). A field left out of the form is not in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lengths {
    pub minutes: Vec<(String, Option<i32>)>,
    pub caps: Vec<(String, Option<i64>)>,
}

/// Sets the lengths and caps, all or none.
pub async fn set_lengths(db: &Db, clock: &dyn Clock, location: &str, lengths: &Lengths, by: Uuid) -> Result<()> {
    let txn = db.begin().await?;
    for (service, minutes) in &lengths.minutes {
        set_minutes(&txn, location, service, *minutes).await?;
    }
    for (service, cap) in &lengths.caps {
        set_cap(&txn, clock, service, *cap, by).await?;
    }
    let details = json!({
        "minutes": lengths.minutes.iter().cloned().collect::<HashMap<_, _>>(),
        "caps": lengths.caps.iter().cloned().collect::<HashMap<_, _>>(),
    });
    audited(&txn, clock, by, "lengths-changed", location, details).await?;
    Ok(txn.commit().await?)
}

/// Sets (or with `None` resets to the catalogue's) a service's length at a location.
async fn set_minutes<C: ConnectionTrait>(conn: &C, location: &str, service: &str, minutes: Option<i32>) -> Result<()> {
    match minutes {
        Some(m) => {
            conn.execute_raw(stmt(
                conn,
                "INSERT INTO appointment_durations (location_id, service_id, minutes) VALUES ($1, $2, $3) \
                 ON CONFLICT (location_id, service_id) DO UPDATE SET minutes = excluded.minutes",
                vec![location.into(), service.into(), m.into()],
            ))
            .await?
        }
        None => {
            conn.execute_raw(stmt(
                conn,
                "DELETE FROM appointment_durations WHERE location_id = $1 AND service_id = $2",
                vec![location.into(), service.into()],
            ))
            .await?
        }
    };
    Ok(())
}

/// The cap of each service that has its own.
pub async fn caps(db: &Db) -> Result<HashMap<String, i64>> {
    #[derive(FromQueryResult)]
    struct Cap {
        service_id: String,
        max_active_per_person: i32,
    }
    let conn = db.read();
    let caps = Cap::find_by_statement(stmt(
        conn,
        "SELECT service_id, max_active_per_person FROM appointment_rules",
        vec![],
    ))
    .all(conn)
    .await?;
    Ok(caps
        .into_iter()
        .map(|c| (c.service_id, i64::from(c.max_active_per_person)))
        .collect())
}

/// Sets a service's cap per person (`None`: no cap of its own).
pub async fn set_cap<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, service: &str, cap: Option<i64>, by: Uuid) -> Result<()> {
    match cap {
        Some(c) => {
            conn.execute_raw(stmt(
                conn,
                "INSERT INTO appointment_rules (service_id, max_active_per_person, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (service_id) DO UPDATE SET max_active_per_person = excluded.max_active_per_person, \
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                vec![service.into(), (c.clamp(1, 50) as i32).into(), clock.now().into(), by.into()],
            ))
            .await?
        }
        None => {
            conn.execute_raw(stmt(
                conn,
                "DELETE FROM appointment_rules WHERE service_id = $1",
                vec![service.into()],
            ))
            .await?
        }
    };
    Ok(())
}

/// Records a change to a location's calendar by one of its administrators, in the
/// transaction that makes it.
pub(super) async fn audited<C: TransactionTrait>(
    conn: &C,
    clock: &dyn Clock,
    by: Uuid,
    action: &str,
    location: &str,
    details: serde_json::Value,
) -> Result<()> {
    let event = AuditEvent::new(
        format!("account:{by}"),
        format!("appointments.{action}"),
        format!("location:{location}"),
    );
    audit::record(conn, clock, event.with_details(details)).await.map(|_| ())
}
