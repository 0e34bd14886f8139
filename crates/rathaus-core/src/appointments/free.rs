//! Free places: the calendar's slots less the units booked or held. A read may be a
//! moment behind; the booking itself decides (see `booking`).

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::ConnectionTrait;

use super::booking::Rules;
use super::calendar::Calendar;
use super::slots::{GRID_MINUTES, Slot};
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
    let taken = Taken::read(db, calendar, (from, to), now).await?;
    Ok(free_in(&taken, calendar, minutes, rules, now, (from, to)))
}

/// [`between`] on units read before (days outside them count as full).
pub fn free_in(
    taken: &Taken,
    calendar: &Calendar,
    minutes: i64,
    rules: &Rules,
    now: DateTime<Utc>,
    (from, to): (NaiveDate, NaiveDate),
) -> Vec<FreeSlot> {
    let mut free = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to).filter(|d| !calendar.hidden(*d, now)) {
        for slot in calendar.slots_on(day, minutes).into_iter().filter(|s| rules.bookable(s, now)) {
            let places = taken.free_counters(&slot);
            if places > 0 {
                free.push(FreeSlot { slot, places });
            }
        }
    }
    free
}

/// Up to `count` free slots from `after` on, on units read before.
pub fn next_in(
    taken: &Taken,
    calendar: &Calendar,
    minutes: i64,
    rules: &Rules,
    now: DateTime<Utc>,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<FreeSlot> {
    let days = (local_date(after.max(now)), local_date(now + rules.horizon));
    let mut found: Vec<FreeSlot> = free_in(taken, calendar, minutes, rules, now, days)
        .into_iter()
        .filter(|f| f.slot.starts_at >= after)
        .collect();
    found.truncate(count);
    found
}

/// The units taken per booking counter in a range, one bit per 5-minute unit: a rush
/// asks this for every refused request, so it must be cheap.
#[derive(Debug)]
pub struct Taken {
    start: DateTime<Utc>,
    units: usize,
    /// `counters × words` bits, counter by counter.
    bits: Vec<u64>,
    words: usize,
    counters: usize,
}

impl Taken {
    /// The units booked or held at the calendar's location on the days `from..=to`.
    pub async fn read(db: &Db, calendar: &Calendar, (from, to): (NaiveDate, NaiveDate), now: DateTime<Utc>) -> Result<Self> {
        let start = start_of_local_day(from);
        let end = start_of_local_day(to.checked_add_days(Days::new(1)).unwrap_or(to));
        let conn = db.read();
        let mut taken = Taken::new(start, end, calendar.booking_counters);
        for row in conn
            .query_all_raw(stmt(
                conn,
                "SELECT counter, starts_at FROM appointment_units WHERE location_id = $1 AND starts_at >= $2 AND starts_at < $3 \
                   AND (hold_expires_at IS NULL OR hold_expires_at > $4)",
                vec![calendar.location.id.clone().into(), start.into(), end.into(), now.into()],
            ))
            .await?
        {
            taken.mark(row.try_get("", "counter")?, row.try_get("", "starts_at")?);
        }
        Ok(taken)
    }

    fn new(start: DateTime<Utc>, end: DateTime<Utc>, counters: u32) -> Self {
        let units = ((end - start).num_minutes() / GRID_MINUTES).max(0) as usize;
        let words = units.div_ceil(64);
        Self {
            start,
            units,
            bits: vec![0; words * counters as usize],
            words,
            counters: counters as usize,
        }
    }

    fn unit(&self, at: DateTime<Utc>) -> Option<usize> {
        let minutes = (at - self.start).num_minutes();
        usize::try_from(minutes / GRID_MINUTES)
            .ok()
            .filter(|u| minutes >= 0 && *u < self.units)
    }

    /// Counters beyond those taking bookings (staff took some away) are not offered.
    fn mark(&mut self, counter: i32, at: DateTime<Utc>) {
        let Some(unit) = self.unit(at) else { return };
        if counter >= 1 && (counter as usize) <= self.counters {
            self.bits[(counter as usize - 1) * self.words + unit / 64] |= 1 << (unit % 64);
        }
    }

    /// How many counters have every unit of `slot` free.
    fn free_counters(&self, slot: &Slot) -> u32 {
        let Some(first) = self.unit(slot.starts_at) else { return 0 };
        let count = ((slot.ends_at - slot.starts_at).num_minutes() / GRID_MINUTES) as usize;
        if first + count > self.units {
            return 0;
        }
        (0..self.counters)
            .filter(|c| {
                let row = &self.bits[c * self.words..(c + 1) * self.words];
                (first..first + count).all(|u| row[u / 64] & (1 << (u % 64)) == 0)
            })
            .count() as u32
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn slot(h: u32, m: u32, minutes: i64) -> Slot {
        let starts_at = Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap();
        Slot {
            starts_at,
            ends_at: starts_at + chrono::Duration::minutes(minutes),
        }
    }

    #[test]
    fn a_counter_is_free_for_a_slot_only_when_every_unit_is() {
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        let mut taken = Taken::new(start, start + chrono::Duration::days(1), 3);
        assert_eq!(taken.free_counters(&slot(9, 0, 15)), 3);
        taken.mark(1, slot(9, 10, 5).starts_at);
        taken.mark(2, slot(9, 0, 5).starts_at);
        // Counters staff no longer use for bookings, and units outside the range, are ignored.
        taken.mark(7, slot(9, 0, 5).starts_at);
        taken.mark(3, start - chrono::Duration::minutes(5));
        assert_eq!(taken.free_counters(&slot(9, 0, 15)), 1, "only counter 3 is free throughout");
        assert_eq!(taken.free_counters(&slot(9, 0, 10)), 2);
        assert_eq!(taken.free_counters(&slot(9, 15, 15)), 3);
        assert_eq!(taken.free_counters(&slot(23, 55, 10)), 0, "a slot running past the range");
        // Unit 64 and beyond sit in the next word.
        taken.mark(3, slot(5, 20, 5).starts_at);
        assert_eq!(taken.free_counters(&slot(5, 15, 10)), 2);
    }
}
