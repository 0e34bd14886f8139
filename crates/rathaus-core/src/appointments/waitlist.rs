//! The waitlist: whoever has a booking may ask to hear of an earlier time at the same
//! location. First come, first served: when a place frees up (a cancellation, a move, a
//! hold that ran out, more counters), the earliest free time before their booking is
//! held for the first in line as an offer, and the mail says until when. Taking it
//! moves the booking there; letting it pass or declining returns the place to everyone
//! (and to the next in line). One offer ends the wish; the booking's page renews it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use std::collections::HashMap;
use uuid::Uuid;

use super::booking::{self, HoldRequest, Outcome, Rules};
use super::calendar::{Calendar, Visit};
use super::free;
use super::notices::{self, Notice, Site};
use super::slots::GRID_MINUTES;
use super::store::{self, Appointment, Status};
use crate::accounts::tokens::{hash_token, random_token};
use crate::cases::due::local_date;
use crate::catalog::Catalog;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, NewJob};
use rathaus_platform::{Error, Result};

/// The job that makes offers; periodic, and queued whenever a booked place frees up.
pub const JOB: &str = "appointments.waitlist";

/// How many waiting bookings one run looks at (the first in line).
const PER_RUN: u64 = 1000;

/// Puts a confirmed booking that is still ahead on the waitlist (keeping its place in
/// line if it is on it already), or takes it off.
pub async fn set_wish(db: &Db, clock: &dyn Clock, booking: &Appointment, wanted: bool) -> Result<()> {
    let now = clock.now();
    if !booking.is_changeable(now) {
        return Err(Error::Conflict("the appointment can no longer be changed".into()));
    }
    let conn = db.write();
    let (sql, values) = if wanted {
        (
            "UPDATE appointments SET earlier_wanted_at = COALESCE(earlier_wanted_at, $1) WHERE id = $2 AND status = 'confirmed'",
            vec![now.into(), booking.id.into()],
        )
    } else {
        (
            "UPDATE appointments SET earlier_wanted_at = NULL WHERE id = $1 AND status = 'confirmed'",
            vec![booking.id.into()],
        )
    };
    conn.execute_raw(stmt(conn, sql, values)).await?;
    Ok(())
}

/// Queues a run of the offer job; pass the transaction that freed a place.
pub async fn queue_run<C: ConnectionTrait>(conn: &C, clock: &dyn Clock) -> Result<()> {
    let job = NewJob::of::<super::jobs::WaitlistJob>(&jobs::Nothing {})?.max_attempts(3);
    jobs::enqueue(conn, clock, job).await?;
    Ok(())
}

/// An earlier place held for a booking on the waitlist.
#[derive(Debug, Clone)]
pub struct Offer {
    /// The held place.
    pub place: Appointment,
    /// The booking it would move.
    pub booking: Appointment,
}

impl Offer {
    /// Still held for the person and their booking still open.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.place.status == Status::Held && !self.place.is_lapsed(now) && self.booking.is_changeable(now)
    }
}

/// The offer a mailed link opens.
pub async fn offer_by_token<C: ConnectionTrait>(conn: &C, token: &str) -> Result<Offer> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT id, offer_for FROM appointments WHERE offer_token_hash = $1 AND offer_for IS NOT NULL",
            vec![hash_token(token).into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    let place = store::by_id(conn, row.try_get("", "id")?).await?;
    let booking = store::by_id(conn, row.try_get("", "offer_for")?).await?;
    Ok(Offer { place, booking })
}

/// Ends the open offers for `booking` (it was cancelled, or an offer was declined);
/// their places are free again.
pub(super) async fn withdraw_offers(tx: &DatabaseTransaction, booking: Uuid) -> Result<()> {
    let ended = tx
        .query_all_raw(stmt(
            tx,
            "UPDATE appointments SET status = $1 WHERE offer_for = $3 AND status = $2 RETURNING id",
            [&Status::Held.step(Status::Expired)[..], &[booking.into()]].concat(),
        ))
        .await?;
    for row in ended {
        let id: Uuid = row.try_get("", "id")?;
        tx.execute_raw(stmt(tx, "DELETE FROM appointment_units WHERE appointment_id = $1", vec![id.into()]))
            .await?;
    }
    Ok(())
}

/// What taking an offer came to.
#[derive(Debug)]
pub enum Taken {
    /// The booking moved, with the new link that manages it.
    Moved(Box<Appointment>, String),
    /// The offer ran out and its place went to someone else, or was declined, or the
    /// booking changed meanwhile: the booking stays as it was.
    Gone,
}

/// Moves the booking into the offered place. A late click still works while nobody
/// took the place.
pub async fn take(db: &Db, clock: &dyn Clock, catalog: &Catalog, token: &str, rules: &Rules, site: Site<'_>) -> Result<Taken> {
    let now = clock.now();
    let tx = db.begin().await?;
    let offer = offer_by_token(&tx, token).await?;
    let (place, booking) = (&offer.place, &offer.booking);
    if place.status != Status::Held || !booking.is_changeable(now) {
        return Ok(Taken::Gone);
    }
    tx.execute_raw(stmt(
        &tx,
        "DELETE FROM appointment_units WHERE appointment_id = $1",
        vec![booking.id.into()],
    ))
    .await?;
    let expected = (place.ends_at - place.starts_at).num_minutes() / GRID_MINUTES;
    let kept = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointment_units SET appointment_id = $1, hold_expires_at = NULL WHERE appointment_id = $2",
            vec![booking.id.into(), place.id.into()],
        ))
        .await?
        .rows_affected();
    if kept as i64 != expected {
        tx.rollback().await?;
        return Ok(Taken::Gone);
    }
    let manage = random_token();
    tx.execute_raw(stmt(
        &tx,
        "UPDATE appointments SET starts_at = $1, ends_at = $2, counter = $3, sequence = sequence + 1, manage_token_hash = $4, \
           earlier_wanted_at = NULL, reminded_at = NULL, reminder_token_hash = NULL WHERE id = $5",
        vec![
            place.starts_at.into(),
            place.ends_at.into(),
            place.counter.into(),
            hash_token(&manage).into(),
            booking.id.into(),
        ],
    ))
    .await?;
    tx.execute_raw(stmt(&tx, "DELETE FROM appointments WHERE id = $1", vec![place.id.into()]))
        .await?;
    let moved = store::by_id(&tx, booking.id).await?;
    notices::queue(&tx, clock, catalog, &moved, Notice::Moved { manage_token: &manage }, site).await?;
    super::reminder::schedule(&tx, clock, &moved, rules).await?;
    // The old time is free now: maybe for the next in line.
    queue_run(&tx, clock).await?;
    tx.commit().await?;
    Ok(Taken::Moved(Box::new(moved), manage))
}

/// Declines an offer: the booking stays, the place is free for others at once.
pub async fn decline(db: &Db, clock: &dyn Clock, token: &str) -> Result<()> {
    let tx = db.begin().await?;
    let offer = offer_by_token(&tx, token).await?;
    withdraw_offers(&tx, offer.booking.id).await?;
    queue_run(&tx, clock).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends offers nobody took in time, so their places return.
async fn end_lapsed(db: &Db, now: DateTime<Utc>) -> Result<()> {
    let tx = db.begin().await?;
    let lapsed = tx
        .query_all_raw(stmt(
            &tx,
            "UPDATE appointments SET status = $1 WHERE offer_for IS NOT NULL AND status = $2 AND hold_expires_at <= $3 \
             RETURNING id",
            [&Status::Held.step(Status::Expired)[..], &[now.into()]].concat(),
        ))
        .await?;
    for row in lapsed {
        let id: Uuid = row.try_get("", "id")?;
        tx.execute_raw(stmt(
            &tx,
            "DELETE FROM appointment_units WHERE appointment_id = $1",
            vec![id.into()],
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One run: ends lapsed offers, then offers each waiting booking, first come first
/// served, the earliest free time before it (held for `offer_for`). Returns how many
/// offers it made.
pub async fn make_offers(
    db: &Db,
    clock: &dyn Clock,
    catalog: &Catalog,
    rules: &Rules,
    offer_for: Duration,
    site: Site<'_>,
) -> Result<usize> {
    let now = clock.now();
    end_lapsed(db, now).await?;
    let waiting = store::waiting(db.read(), now, PER_RUN).await?;
    let offer_rules = Rules {
        hold: offer_for,
        ..rules.clone()
    };
    let mut calendars: HashMap<String, Option<Calendar>> = HashMap::new();
    let mut made = 0;
    for booking in &waiting {
        if !calendars.contains_key(&booking.location_id) {
            // A location no longer in the catalogue has no earlier times to offer.
            let loaded = match Calendar::load(db, catalog, &booking.location_id).await {
                Ok(calendar) => Some(calendar),
                Err(Error::NotFound) => None,
                Err(e) => return Err(e),
            };
            calendars.insert(booking.location_id.clone(), loaded);
        }
        let Some(Some(calendar)) = calendars.get(&booking.location_id) else {
            continue;
        };
        if offer_one(db, clock, catalog, calendar, booking, &offer_rules, site).await? {
            made += 1;
        }
    }
    Ok(made)
}

async fn offer_one(
    db: &Db,
    clock: &dyn Clock,
    catalog: &Catalog,
    calendar: &Calendar,
    booking: &Appointment,
    rules: &Rules,
    site: Site<'_>,
) -> Result<bool> {
    let now = clock.now();
    let visit = Visit {
        location_id: booking.location_id.clone(),
        services: booking.services.clone(),
        people: booking.people,
    };
    // A service the location no longer offers: nothing earlier to find.
    let Ok(minutes) = calendar.visit_minutes(&visit) else {
        return Ok(false);
    };
    let free = free::between(db, calendar, minutes, rules, now, local_date(now), local_date(booking.starts_at)).await?;
    let Some(earlier) = free.iter().find(|f| f.slot.starts_at < booking.starts_at) else {
        return Ok(false);
    };
    let request = HoldRequest {
        id: Uuid::now_v7(),
        calendar,
        visit: &visit,
        starts_at: earlier.slot.starts_at,
        // The booking already counts against the caps; the offer replaces it.
        owner: None,
        lang: Lang::parse(&booking.lang).unwrap_or(Lang::De),
        seen: None,
        also: None,
    };
    let Outcome::Done(place) = booking::hold(db, clock, request, rules).await? else {
        // Taken a moment ago: the next run looks again.
        return Ok(false);
    };
    let token = random_token();
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE appointments SET offer_for = $1, offer_token_hash = $2, account_id = $3, email = $4, name = $5 WHERE id = $6",
        vec![
            booking.id.into(),
            hash_token(&token).into(),
            booking.account_id.into(),
            booking.email.clone().into(),
            booking.name.clone().into(),
            place.id.into(),
        ],
    ))
    .await?;
    let waited = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointments SET earlier_wanted_at = NULL WHERE id = $1 AND status = 'confirmed' AND earlier_wanted_at IS NOT NULL",
            vec![booking.id.into()],
        ))
        .await?
        .rows_affected();
    if waited == 0 {
        // Cancelled or taken off the list meanwhile: the place goes back.
        tx.rollback().await?;
        let tx = db.begin().await?;
        tx.execute_raw(stmt(&tx, "DELETE FROM appointments WHERE id = $1", vec![place.id.into()]))
            .await?;
        tx.commit().await?;
        return Ok(false);
    }
    let place = store::by_id(&tx, place.id).await?;
    notices::queue(
        &tx,
        clock,
        catalog,
        &place,
        Notice::EarlierOffer {
            token: &token,
            code: &booking.code,
            current: booking.starts_at,
        },
        site,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
