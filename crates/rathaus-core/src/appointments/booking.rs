//! Holding, confirming, moving and cancelling. The rows of `appointment_units` (one per
//! counter and 5-minute unit) decide who gets a place: a booking inserts its units with
//! `ON CONFLICT DO NOTHING` and counts what it got, so of any number of concurrent
//! requests for the last place, on any node, exactly one has it. Units are inserted in
//! ascending order (counter, then time; a hold tries the counters it just saw taken
//! last), so two bookings hardly ever wait on each other in a circle; PostgreSQL's rare
//! deadlock is retried.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::calendar::{Calendar, Visit};
use super::free::Taken;
use super::notices::{self, Notice, Site};
use super::slots::{GRID_MINUTES, Slot};
use super::store::{self, Appointment, Status};
use crate::accounts::tokens::{hash_token, random_token};
use crate::catalog::Catalog;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::Lang;
use rathaus_platform::{Error, Result};

/// The booking rules in force (settings plus the per-service caps).
#[derive(Debug, Clone)]
pub struct Rules {
    pub hold: Duration,
    pub lead: Duration,
    pub horizon: Duration,
    pub default_cap: i64,
    pub caps: HashMap<String, i64>,
    /// How long before the start the reminder goes out; `None`: no reminder.
    pub reminder: Option<Duration>,
}

impl Rules {
    /// The rules now: the settings plus the caps staff set per service.
    pub async fn current(db: &Db, settings: &rathaus_platform::config::AppointmentsConfig) -> Result<Self> {
        Ok(Self {
            hold: Duration::minutes(settings.hold_minutes.max(1)),
            lead: Duration::minutes(settings.min_lead_minutes.max(0)),
            horizon: Duration::days(settings.horizon_days.max(1)),
            default_cap: settings.max_active_per_person.max(1),
            caps: super::calendar::caps(db).await?,
            reminder: (settings.reminder_hours_before > 0).then(|| Duration::hours(settings.reminder_hours_before)),
        })
    }

    pub fn cap(&self, service: &str) -> i64 {
        self.caps.get(service).copied().unwrap_or(self.default_cap)
    }

    /// Whether a slot may be booked now: not too soon, not beyond the horizon.
    pub fn bookable(&self, slot: &Slot, now: DateTime<Utc>) -> bool {
        let (earliest, latest) = self.window(now);
        slot.starts_at >= earliest && slot.starts_at <= latest
    }

    /// The first and the last start that may be booked at `now`.
    pub fn window(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (now + self.lead, now + self.horizon)
    }
}

/// Who books: an account, or a mail address (for caps and mails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Account { id: Uuid, email: String, name: String },
    Email(String),
}

impl Owner {
    fn key(&self) -> String {
        match self {
            Owner::Account { id, .. } => format!("account:{id}"),
            Owner::Email(email) => format!("email:{}", email.trim().to_lowercase()),
        }
    }
}

/// What moving came to: the booking at its new time with the new link that manages it
/// (earlier links stop working), or the slot was taken.
#[derive(Debug)]
pub enum Moved {
    To(Box<Appointment>, String),
    Taken,
}

#[derive(Debug)]
pub enum Outcome {
    Done(Box<Appointment>),
    /// Someone else was faster (or the slot is no longer offered).
    Taken,
    /// The person already holds as many bookings of this service as allowed.
    CapReached(String),
}

/// What confirming a hold came to.
#[derive(Debug)]
pub enum Confirmed {
    /// With the token of the link that manages it.
    Now(Appointment, String),
    /// Confirmed before (a second click on the mailed link).
    Already(Appointment),
    /// The hold ran out and the slot went to someone else.
    Lapsed(Appointment),
    CapReached(String),
}

fn is_retryable(e: &Error) -> bool {
    let text = e.to_string();
    text.contains("deadlock detected") || text.contains("could not serialize")
}

/// Locks the person's row so their bookings are counted one at a time, then checks
/// each service's cap (not counting `except`).
async fn check_cap(
    tx: &DatabaseTransaction,
    owner: &Owner,
    services: &[String],
    rules: &Rules,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Option<String>> {
    tx.execute_raw(stmt(
        tx,
        "INSERT INTO appointment_owner_locks (owner_key) VALUES ($1) ON CONFLICT (owner_key) DO UPDATE SET owner_key = excluded.owner_key",
        vec![hash_token(&owner.key()).into()],
    ))
    .await?;
    let (who, value): (&str, sea_orm::Value) = match owner {
        Owner::Account { id, .. } => ("a.account_id = $1", (*id).into()),
        Owner::Email(email) => ("LOWER(a.email) = $1", email.trim().to_lowercase().into()),
    };
    for service in services {
        let row = tx
            .query_one_raw(stmt(
                tx,
                &format!(
                    "SELECT COUNT(*) AS n FROM appointments a JOIN appointment_services s ON s.appointment_id = a.id \
                     WHERE {who} AND s.service_id = $2 AND a.ends_at > $3 AND a.id <> $4 \
                       AND (a.status = 'confirmed' OR (a.status = 'held' AND a.hold_expires_at > $3))"
                ),
                vec![
                    value.clone(),
                    service.clone().into(),
                    now.into(),
                    except.unwrap_or(Uuid::nil()).into(),
                ],
            ))
            .await?
            .ok_or_else(|| Error::internal("count returned no row"))?;
        let n: i64 = row.try_get("", "n")?;
        if n >= rules.cap(service) {
            return Ok(Some(service.clone()));
        }
    }
    Ok(None)
}

/// Ends holds that ran out and overlap `slot`, freeing their units.
async fn sweep_lapsed(tx: &DatabaseTransaction, location: &str, slot: &Slot, now: DateTime<Utc>) -> Result<()> {
    let lapsed = tx
        .query_all_raw(stmt(
            tx,
            "UPDATE appointments SET status = $1 \
             WHERE location_id = $3 AND status = $2 AND hold_expires_at <= $4 AND starts_at < $5 AND ends_at > $6 RETURNING id",
            [
                &Status::Held.step(Status::Expired)[..],
                &[location.into(), now.into(), slot.ends_at.into(), slot.starts_at.into()],
            ]
            .concat(),
        ))
        .await?;
    for row in lapsed {
        let id: Uuid = row.try_get("", "id")?;
        tx.execute_raw(stmt(tx, "DELETE FROM appointment_units WHERE appointment_id = $1", vec![id.into()]))
            .await?;
    }
    Ok(())
}

/// The counters that have a unit of `slot` taken (by anyone, held or booked).
async fn busy_counters(tx: &DatabaseTransaction, location: &str, slot: &Slot) -> Result<HashSet<i32>> {
    tx.query_all_raw(stmt(
        tx,
        "SELECT DISTINCT counter FROM appointment_units WHERE location_id = $1 AND starts_at >= $2 AND starts_at < $3",
        vec![location.into(), slot.starts_at.into(), slot.ends_at.into()],
    ))
    .await?
    .iter()
    .map(|r| Ok(r.try_get("", "counter")?))
    .collect()
}

/// Takes a counter for `slot` for the appointment `id`: the first of `candidates` whose
/// every unit this transaction gets. A unit someone else has makes the insert skip it,
/// so two bookings never share a unit, whatever the candidates.
async fn take_counter(
    tx: &DatabaseTransaction,
    location: &str,
    candidates: &[i32],
    slot: &Slot,
    id: Uuid,
    hold_until: Option<DateTime<Utc>>,
) -> Result<Option<i32>> {
    let units: Vec<DateTime<Utc>> = slot.units().collect();
    for &counter in candidates {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(units.len() * 5);
        let rows: Vec<String> = units
            .iter()
            .enumerate()
            .map(|(i, unit)| {
                values.extend([location.into(), counter.into(), (*unit).into(), id.into(), hold_until.into()]);
                let b = i * 5;
                format!("(${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5)
            })
            .collect();
        let got = tx
            .query_all_raw(stmt(
                tx,
                &format!(
                    "INSERT INTO appointment_units (location_id, counter, starts_at, appointment_id, hold_expires_at) VALUES {} \
                     ON CONFLICT (location_id, counter, starts_at) DO NOTHING RETURNING starts_at",
                    rows.join(", ")
                ),
                values,
            ))
            .await?;
        if got.len() == units.len() {
            return Ok(Some(counter));
        }
        if !got.is_empty() {
            tx.execute_raw(stmt(
                tx,
                "DELETE FROM appointment_units WHERE appointment_id = $1 AND counter = $2",
                vec![id.into(), counter.into()],
            ))
            .await?;
        }
    }
    Ok(None)
}

/// What a fresh read found in a slot's units, just before holding a place in it.
#[derive(Debug, Default)]
struct SlotRead {
    /// Counters with a unit held or booked.
    busy: HashSet<i32>,
    /// Whether some unit belongs to a hold that ran out (the booking sweeps those).
    lapsed: bool,
}

/// Reads the units of `slot` beside the writer (lapsed holds count as free); the units
/// found taken are marked in `seen`.
async fn read_slot(db: &Db, calendar: &Calendar, slot: &Slot, now: DateTime<Utc>, seen: Option<&Taken>) -> Result<SlotRead> {
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT counter, starts_at, hold_expires_at FROM appointment_units \
             WHERE location_id = $1 AND starts_at >= $2 AND starts_at < $3 AND counter <= $4",
            vec![
                calendar.location.id.clone().into(),
                slot.starts_at.into(),
                slot.ends_at.into(),
                (calendar.booking_counters as i32).into(),
            ],
        ))
        .await?;
    let mut read = SlotRead::default();
    for row in rows {
        let until: Option<DateTime<Utc>> = row.try_get("", "hold_expires_at")?;
        if until.is_some_and(|t| t <= now) {
            read.lapsed = true;
            continue;
        }
        let counter: i32 = row.try_get("", "counter")?;
        if let Some(seen) = seen {
            seen.mark(counter, row.try_get("", "starts_at")?);
        }
        read.busy.insert(counter);
    }
    Ok(read)
}

/// The slot `starts_at` for the visit, if the calendar has it and it may be booked now.
fn bookable_slot(calendar: &Calendar, visit: &Visit, starts_at: DateTime<Utc>, rules: &Rules, now: DateTime<Utc>) -> Result<Option<Slot>> {
    let minutes = calendar.visit_minutes(visit)?;
    Ok(calendar
        .slot_at(starts_at, minutes)
        .filter(|s| rules.bookable(s, now) && !calendar.hidden(crate::cases::due::local_date(s.starts_at), now)))
}

/// Whether the slot at `starts_at` is offered and had a counter free in `taken`, read a
/// moment ago: a rush's refusals cost no database access. A booking checks afresh.
pub fn may_be_free(
    calendar: &Calendar,
    visit: &Visit,
    starts_at: DateTime<Utc>,
    rules: &Rules,
    now: DateTime<Utc>,
    taken: &Taken,
) -> Result<bool> {
    Ok(bookable_slot(calendar, visit, starts_at, rules, now)?.is_some_and(|slot| taken.free_counters(&slot) > 0))
}

/// What a person asks to hold.
#[derive(Debug, Clone, Copy)]
pub struct HoldRequest<'a> {
    /// The new hold's id, chosen beforehand so that `also` can name it.
    pub id: Uuid,
    pub calendar: &'a Calendar,
    pub visit: &'a Visit,
    pub starts_at: DateTime<Utc>,
    /// `None` until a mail address is given (then the cap is checked).
    pub owner: Option<&'a Owner>,
    pub lang: Lang,
    /// Units read a moment ago, kept up to date with what this attempt learns.
    pub seen: Option<&'a Taken>,
    /// A statement written with the hold or not at all (the web records the hold in the
    /// person's session), so a hold costs one transaction.
    pub also: Option<&'a Statement>,
}

/// Holds a place in the slot starting at `starts_at` for `rules.hold`. A signed-in
/// person's cap is checked now; a mail address's when it is given.
pub async fn hold(db: &Db, clock: &dyn Clock, request: HoldRequest<'_>, rules: &Rules) -> Result<Outcome> {
    let now = clock.now();
    let Some(slot) = bookable_slot(request.calendar, request.visit, request.starts_at, rules, now)? else {
        return Ok(Outcome::Taken);
    };
    // In a rush most requests are for places already gone: a read tells them so without
    // taking the write lock. A place freed a moment later is found by the next request.
    let read = read_slot(db, request.calendar, &slot, now, request.seen).await?;
    if read.busy.len() >= request.calendar.booking_counters as usize {
        return Ok(Outcome::Taken);
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match hold_once(db, now, &request, &slot, &read, rules).await {
            Err(e) if attempt < 3 && is_retryable(&e) => continue,
            other => return other,
        }
    }
}

async fn hold_once(db: &Db, now: DateTime<Utc>, request: &HoldRequest<'_>, slot: &Slot, read: &SlotRead, rules: &Rules) -> Result<Outcome> {
    let HoldRequest {
        id,
        calendar,
        visit,
        owner,
        lang,
        seen,
        also,
        ..
    } = *request;
    let tx = db.begin().await?;
    if let Some(owner) = owner
        && let Some(service) = check_cap(&tx, owner, &visit.services, rules, now, None).await?
    {
        return Ok(Outcome::CapReached(service));
    }
    if read.lapsed {
        sweep_lapsed(&tx, &visit.location_id, slot, now).await?;
    }
    // The counters free in the read, ascending; those this node saw taken since (holds
    // made here meanwhile) last, as trying them first would only find them taken.
    let free = (1..=calendar.booking_counters as i32).filter(|c| !read.busy.contains(c));
    let (likely, unlikely): (Vec<i32>, Vec<i32>) = free.partition(|c| seen.is_none_or(|s| s.counter_free(*c, slot)));
    let Some(&first) = likely.first().or(unlikely.first()) else {
        tx.rollback().await?;
        return Ok(Outcome::Taken);
    };
    let (account, email, name) = match owner {
        Some(Owner::Account { id, email, name }) => (Some(*id), Some(email.clone()), Some(name.clone())),
        Some(Owner::Email(email)) => (None, Some(email.clone()), None),
        None => (None, None, None),
    };
    let hold_until = now + rules.hold;
    // A new code until one is free (40 bits: a clash is rare, never an error).
    let row = loop {
        let inserted = tx
            .query_one_raw(stmt(
                &tx,
                &format!(
                    "INSERT INTO appointments (id, code, location_id, people, starts_at, ends_at, counter, status, account_id, email, name, lang, \
                       hold_expires_at, manage_token_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'held', $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (code) DO NOTHING RETURNING {}",
                    store::COLUMNS
                ),
                vec![
                    id.into(),
                    crate::codes::new_code(2).into(),
                    visit.location_id.clone().into(),
                    (visit.people as i32).into(),
                    slot.starts_at.into(),
                    slot.ends_at.into(),
                    first.into(),
                    account.into(),
                    email.clone().into(),
                    name.clone().into(),
                    lang.code().into(),
                    hold_until.into(),
                    hash_token(&random_token()).into(),
                    now.into(),
                ],
            ))
            .await?;
        if let Some(row) = inserted {
            break row;
        }
    };
    let mut services = visit.services.clone();
    services.sort();
    services.dedup();
    if !services.is_empty() {
        let rows: Vec<String> = (0..services.len()).map(|i| format!("($1, ${})", i + 2)).collect();
        let mut values: Vec<sea_orm::Value> = vec![id.into()];
        values.extend(services.iter().map(|s| s.clone().into()));
        tx.execute_raw(stmt(
            &tx,
            &format!(
                "INSERT INTO appointment_services (appointment_id, service_id) VALUES {}",
                rows.join(", ")
            ),
            values,
        ))
        .await?;
    }
    let candidates: Vec<i32> = likely.iter().chain(&unlikely).copied().collect();
    let Some(counter) = take_counter(&tx, &visit.location_id, &candidates, slot, id, Some(hold_until)).await? else {
        tx.rollback().await?;
        return Ok(Outcome::Taken);
    };
    let mut held = store::with_services(&row, services)?;
    if counter != first {
        tx.execute_raw(stmt(
            &tx,
            "UPDATE appointments SET counter = $1 WHERE id = $2",
            vec![counter.into(), id.into()],
        ))
        .await?;
        held.counter = counter;
    }
    if let Some(also) = also {
        tx.execute_raw(also.clone()).await?;
    }
    tx.commit().await?;
    if let Some(seen) = seen {
        slot.units().for_each(|unit| seen.mark(counter, unit));
    }
    Ok(Outcome::Done(Box::new(held)))
}

/// Gives a held booking its mail address (and name) and mails the link that confirms
/// it. The cap for the address is checked now and again on confirming.
pub async fn request_confirmation(
    db: &Db,
    clock: &dyn Clock,
    catalog: &Catalog,
    held: &Appointment,
    (email, name): (&str, &str),
    rules: &Rules,
    site: Site<'_>,
) -> Result<Outcome> {
    let now = clock.now();
    let tx = db.begin().await?;
    let owner = Owner::Email(email.to_string());
    if let Some(service) = check_cap(&tx, &owner, &held.services, rules, now, Some(held.id)).await? {
        return Ok(Outcome::CapReached(service));
    }
    let token = random_token();
    let done = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointments SET email = $1, name = $2, confirm_token_hash = $3 \
             WHERE id = $4 AND status = 'held' AND account_id IS NULL",
            vec![email.into(), name.into(), hash_token(&token).into(), held.id.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Outcome::Taken);
    }
    let held = store::by_id(&tx, held.id).await?;
    notices::queue(&tx, clock, catalog, &held, Notice::ConfirmLink { token: &token }, site).await?;
    tx.commit().await?;
    Ok(Outcome::Done(Box::new(held)))
}

/// Confirms a hold: the booking is made, and the mail with the calendar entry and the
/// link to move or cancel it is queued in the same transaction. A hold that ran out is
/// still confirmed when nobody took its slot meanwhile.
pub async fn confirm(db: &Db, clock: &dyn Clock, catalog: &Catalog, id: Uuid, rules: &Rules, site: Site<'_>) -> Result<Confirmed> {
    let now = clock.now();
    let tx = db.begin().await?;
    let current = store::by_id(&tx, id).await?;
    match current.status {
        Status::Confirmed => return Ok(Confirmed::Already(current)),
        Status::Cancelled | Status::Expired => return Ok(Confirmed::Lapsed(current)),
        Status::Held => {}
    }
    let owner = match (current.account_id, &current.email) {
        (Some(account), Some(email)) => Owner::Account {
            id: account,
            email: email.clone(),
            name: current.name.clone().unwrap_or_default(),
        },
        (None, Some(email)) => Owner::Email(email.clone()),
        _ => return Err(Error::Invalid("a booking needs a mail address before it is confirmed".into())),
    };
    if let Some(service) = check_cap(&tx, &owner, &current.services, rules, now, Some(id)).await? {
        return Ok(Confirmed::CapReached(service));
    }
    let expected = (current.ends_at - current.starts_at).num_minutes() / GRID_MINUTES;
    let kept = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointment_units SET hold_expires_at = NULL WHERE appointment_id = $1",
            vec![id.into()],
        ))
        .await?
        .rows_affected();
    let token = random_token();
    let confirmed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointments SET status = $1, confirmed_at = $3, hold_expires_at = NULL, \
               manage_token_hash = $4 WHERE id = $5 AND status = $2",
            [
                &Status::Held.step(Status::Confirmed)[..],
                &[now.into(), hash_token(&token).into(), id.into()],
            ]
            .concat(),
        ))
        .await?
        .rows_affected();
    if kept as i64 != expected || confirmed != 1 {
        tx.rollback().await?;
        return Ok(Confirmed::Lapsed(current));
    }
    let booked = store::by_id(&tx, id).await?;
    notices::queue(&tx, clock, catalog, &booked, Notice::Booked { manage_token: &token }, site).await?;
    super::reminder::schedule(&tx, clock, &booked, rules).await?;
    tx.commit().await?;
    Ok(Confirmed::Now(booked, token))
}

/// Cancels a booking that is still ahead; its place is free at once.
/// `office_reason` is set when the office cancels (a closure) and is told in the mail.
pub async fn cancel(
    db: &Db,
    clock: &dyn Clock,
    catalog: &Catalog,
    booking: &Appointment,
    office_reason: Option<&str>,
    site: Site<'_>,
) -> Result<Appointment> {
    let now = clock.now();
    let tx = db.begin().await?;
    let [cancelled, confirmed] = Status::Confirmed.step(Status::Cancelled);
    let [_, held] = Status::Held.step(Status::Cancelled);
    let done = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointments SET status = $1, cancelled_at = $4, sequence = sequence + 1 \
             WHERE id = $5 AND status IN ($2, $3) AND starts_at > $4",
            vec![cancelled, confirmed, held, now.into(), booking.id.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::Conflict("the appointment is no longer open".into()));
    }
    tx.execute_raw(stmt(
        &tx,
        "DELETE FROM appointment_units WHERE appointment_id = $1",
        vec![booking.id.into()],
    ))
    .await?;
    let cancelled = store::by_id(&tx, booking.id).await?;
    if booking.status == Status::Confirmed {
        super::waitlist::withdraw_offers(&tx, booking.id).await?;
        notices::queue(&tx, clock, catalog, &cancelled, Notice::Cancelled { office_reason }, site).await?;
        // A place is free: maybe earlier than someone's booking.
        super::waitlist::queue_run(&tx, clock).await?;
    }
    tx.commit().await?;
    Ok(cancelled)
}

/// Cancels every booking and hold at `location` that overlaps `from..to` (the office
/// closed then); the booked people are told why. Returns how many bookings it cancelled.
pub async fn cancel_overlapping(
    db: &Db,
    clock: &dyn Clock,
    catalog: &Catalog,
    (location, from, to): (&str, DateTime<Utc>, DateTime<Utc>),
    reason: &str,
    site: Site<'_>,
) -> Result<usize> {
    let affected = store::open_overlapping(db.write(), location, (from, to), clock.now()).await?;
    let mut cancelled = 0;
    for booking in &affected {
        match cancel(db, clock, catalog, booking, Some(reason), site).await {
            Ok(_) => cancelled += usize::from(booking.status == Status::Confirmed),
            // Cancelled by its owner a moment ago.
            Err(Error::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(cancelled)
}

/// Moves a booking to another slot of its visit at the same location, keeping its code;
/// the old place is free once the new one is taken, and only then.
pub async fn move_to(
    db: &Db,
    clock: &dyn Clock,
    (catalog, calendar): (&Catalog, &Calendar),
    booking: &Appointment,
    starts_at: DateTime<Utc>,
    rules: &Rules,
    site: Site<'_>,
) -> Result<Moved> {
    let now = clock.now();
    if !booking.is_changeable(now) {
        return Err(Error::Conflict("the appointment can no longer be moved".into()));
    }
    let visit = Visit {
        location_id: booking.location_id.clone(),
        services: booking.services.clone(),
        people: booking.people,
    };
    let Some(slot) = bookable_slot(calendar, &visit, starts_at, rules, now)? else {
        return Ok(Moved::Taken);
    };
    let tx = db.begin().await?;
    sweep_lapsed(&tx, &booking.location_id, &slot, now).await?;
    // The old units go first so that an overlapping new slot may reuse them; if no
    // counter is free, the rollback gives them back.
    tx.execute_raw(stmt(
        &tx,
        "DELETE FROM appointment_units WHERE appointment_id = $1",
        vec![booking.id.into()],
    ))
    .await?;
    let busy = busy_counters(&tx, &booking.location_id, &slot).await?;
    let candidates: Vec<i32> = (1..=calendar.booking_counters as i32).filter(|c| !busy.contains(c)).collect();
    let Some(counter) = take_counter(&tx, &booking.location_id, &candidates, &slot, booking.id, None).await? else {
        tx.rollback().await?;
        return Ok(Moved::Taken);
    };
    let token = random_token();
    let done = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointments SET starts_at = $1, ends_at = $2, counter = $3, sequence = sequence + 1, manage_token_hash = $4, \
               reminded_at = NULL, reminder_token_hash = NULL \
             WHERE id = $5 AND status = 'confirmed'",
            vec![
                slot.starts_at.into(),
                slot.ends_at.into(),
                counter.into(),
                hash_token(&token).into(),
                booking.id.into(),
            ],
        ))
        .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(Error::Conflict("the appointment is no longer open".into()));
    }
    let moved = store::by_id(&tx, booking.id).await?;
    notices::queue(&tx, clock, catalog, &moved, Notice::Moved { manage_token: &token }, site).await?;
    super::reminder::schedule(&tx, clock, &moved, rules).await?;
    super::waitlist::queue_run(&tx, clock).await?;
    tx.commit().await?;
    Ok(Moved::To(Box::new(moved), token))
}
