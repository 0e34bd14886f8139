//! Free places: the calendar's slots less the units booked or held. A read may be a
//! moment behind; the booking itself decides (see `booking`).

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use std::collections::HashSet;

use super::booking::Rules;
use super::calendar::Calendar;
use super::slots::Slot;
use crate::cases::due::{local_date, start_of_local_day};
use rathaus_platform::Result;
use rathaus_platform::db::{Db, stmt};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeSlot {
    pub slot: Slot,
    /// Counters still free for the whole visit.
    pub places: u32,
}

/// Free slots for a visit of `minutes` on the days `from..=to` (Hamburg days), in order.
pub async fn between(
    db: &Db,
    calendar: &Calendar,
    minutes: i64,
    rules: &Rules,
    now: DateTime<Utc>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<FreeSlot>> {
    let start = start_of_local_day(from);
    let end = start_of_local_day(to.checked_add_days(Days::new(1)).unwrap_or(to));
    let conn = db.read();
    let taken: HashSet<(i32, DateTime<Utc>)> = conn
        .query_all_raw(stmt(
            conn,
            "SELECT counter, starts_at FROM appointment_units WHERE location_id = $1 AND starts_at >= $2 AND starts_at < $3 \
               AND (hold_expires_at IS NULL OR hold_expires_at > $4)",
            vec![calendar.location.id.clone().into(), start.into(), end.into(), now.into()],
        ))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "counter")?, r.try_get("", "starts_at")?)))
        .collect::<Result<_>>()?;
    let mut free = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to).filter(|d| !calendar.hidden(*d, now)) {
        for slot in calendar.slots_on(day, minutes).into_iter().filter(|s| rules.bookable(s, now)) {
            let places = (1..=calendar.booking_counters as i32)
                .filter(|c| slot.units().all(|u| !taken.contains(&(*c, u))))
                .count() as u32;
            if places > 0 {
                free.push(FreeSlot { slot, places });
            }
        }
    }
    Ok(free)
}

/// The first day this side of the horizon with a free slot, and that day's slots.
pub async fn earliest_day(
    db: &Db,
    calendar: &Calendar,
    minutes: i64,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<Option<(NaiveDate, Vec<FreeSlot>)>> {
    let last = local_date(now + rules.horizon);
    let mut from = local_date(now);
    // A week at a time: one query each, and most searches end in the first.
    while from <= last {
        let to = from.checked_add_days(Days::new(6)).unwrap_or(last).min(last);
        let free = between(db, calendar, minutes, rules, now, from, to).await?;
        if let Some(first) = free.first() {
            let day = local_date(first.slot.starts_at);
            let slots = free.into_iter().filter(|f| local_date(f.slot.starts_at) == day).collect();
            return Ok(Some((day, slots)));
        }
        from = to.checked_add_days(Days::new(1)).unwrap_or(last);
        if to == last {
            break;
        }
    }
    Ok(None)
}

/// Up to `count` free slots from `after` on (for "just taken: these are free").
pub async fn next_after(
    db: &Db,
    calendar: &Calendar,
    minutes: i64,
    rules: &Rules,
    now: DateTime<Utc>,
    after: DateTime<Utc>,
    count: usize,
) -> Result<Vec<FreeSlot>> {
    let last = local_date(now + rules.horizon);
    let mut from = local_date(after.max(now));
    let mut found = Vec::new();
    while from <= last && found.len() < count {
        let to = from.checked_add_days(Days::new(6)).unwrap_or(last).min(last);
        found.extend(
            between(db, calendar, minutes, rules, now, from, to)
                .await?
                .into_iter()
                .filter(|f| f.slot.starts_at >= after),
        );
        if to == last {
            break;
        }
        from = to.checked_add_days(Days::new(1)).unwrap_or(last);
    }
    found.truncate(count);
    Ok(found)
}
