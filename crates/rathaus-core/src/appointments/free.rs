//! Free places: the calendar's slots less the units booked or held. A read may be a
//! moment behind; the booking itself decides (see `booking`).

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers the reads of [`Taken`].
static READS: AtomicU64 = AtomicU64::new(1);

use super::booking::Rules;
use super::calendar::Calendar;
use super::slots::{GRID_MINUTES, Slot};
use crate::cases::due::{local_date, start_of_local_day};
use rathaus_platform::Result;
use rathaus_platform::db::{Db, stmt};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeSlot {
    /// The Hamburg day it is on.
    pub day: NaiveDate,
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
    days: (NaiveDate, NaiveDate),
) -> Vec<FreeSlot> {
    free_from(taken, calendar, minutes, rules, now, days).collect()
}

/// [`free_in`] on units read a moment ago: found once per calendar, units (and every
/// unit marked in them since) and rules, for a rush's refusals.
pub fn recent_free(
    taken: &Taken,
    calendar: &Calendar,
    minutes: i64,
    rules: &Rules,
    now: DateTime<Utc>,
    days: (NaiveDate, NaiveDate),
) -> Arc<[FreeSlot]> {
    let stamp = (taken.version(), rules.lead, rules.horizon);
    calendar.free_remembered((minutes, days), stamp, || free_in(taken, calendar, minutes, rules, now, days))
}

/// The free slots of [`free_in`], one day after the other as they are asked for.
fn free_from<'a>(
    taken: &'a Taken,
    calendar: &'a Calendar,
    minutes: i64,
    rules: &'a Rules,
    now: DateTime<Utc>,
    (from, to): (NaiveDate, NaiveDate),
) -> impl Iterator<Item = FreeSlot> + 'a {
    let (earliest, latest) = rules.window(now);
    from.iter_days()
        .take_while(move |d| *d <= to)
        .filter(move |d| !calendar.hidden(*d, now))
        .flat_map(move |day| {
            let slots = calendar.slots_on(day, minutes);
            (0..slots.len()).map(move |i| (day, slots[i]))
        })
        .filter(move |(_, s)| (earliest..=latest).contains(&s.starts_at))
        .filter_map(|(day, slot)| {
            let places = taken.free_counters(&slot);
            (places > 0).then_some(FreeSlot { day, slot, places })
        })
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
    free_from(taken, calendar, minutes, rules, now, days)
        .filter(|f| f.slot.starts_at >= after)
        .take(count)
        .collect()
}

/// The units taken in a range, per 5-minute unit one bit per booking counter: a rush
/// asks this for every refused request, so it must be cheap. Units learned later (a
/// hold made here, a fresh read) are marked through a shared reference.
#[derive(Debug)]
pub struct Taken {
    /// Which read this is, and how many units were marked in it since.
    read: u64,
    changes: AtomicU64,
    /// The time the holds were judged at (a hold that ran out later still counts).
    pub read_at: DateTime<Utc>,
    start: DateTime<Utc>,
    units: usize,
    /// `units × words` bits, unit by unit; bit `c` of a unit's words is counter `c + 1`.
    bits: Vec<AtomicU64>,
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
        taken.read_at = now;
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
        let words = (counters as usize).div_ceil(64);
        Self {
            read: READS.fetch_add(1, Ordering::Relaxed),
            changes: AtomicU64::new(0),
            read_at: start,
            start,
            units,
            bits: (0..units * words).map(|_| AtomicU64::new(0)).collect(),
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

    /// Marks the unit at `at` on `counter` taken. Counters beyond those taking bookings
    /// (staff took some away) are not offered anyway.
    pub fn mark(&self, counter: i32, at: DateTime<Utc>) {
        let Some(unit) = self.unit(at) else { return };
        if counter >= 1 && (counter as usize) <= self.counters {
            let c = counter as usize - 1;
            let bit = 1 << (c % 64);
            if self.bits[unit * self.words + c / 64].fetch_or(bit, Ordering::Relaxed) & bit == 0 {
                self.changes.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Which read this is, and how many units were marked in it since: what was found
    /// in it stays true while this stays the same.
    pub fn version(&self) -> (u64, u64) {
        (self.read, self.changes.load(Ordering::Relaxed))
    }

    /// Whether `counter` has every unit of `slot` free here (a slot outside the range
    /// read counts as free: this copy cannot tell).
    pub fn counter_free(&self, counter: i32, slot: &Slot) -> bool {
        let Some(first) = self.unit(slot.starts_at) else { return true };
        let count = ((slot.ends_at - slot.starts_at).num_minutes() / GRID_MINUTES) as usize;
        if counter < 1 || counter as usize > self.counters || first + count > self.units {
            return true;
        }
        let c = counter as usize - 1;
        let bit = 1 << (c % 64);
        (first..first + count).all(|u| self.bits[u * self.words + c / 64].load(Ordering::Relaxed) & bit == 0)
    }

    /// How many counters have every unit of `slot` free: the counters taken in any of
    /// its units, or-ed together word by word, and the rest counted.
    pub fn free_counters(&self, slot: &Slot) -> u32 {
        let Some(first) = self.unit(slot.starts_at) else { return 0 };
        let count = ((slot.ends_at - slot.starts_at).num_minutes() / GRID_MINUTES) as usize;
        if count == 0 || first + count > self.units {
            return 0;
        }
        (0..self.words)
            .map(|w| {
                let taken = (first..first + count).fold(0, |acc, u| acc | self.bits[u * self.words + w].load(Ordering::Relaxed));
                let in_word = (self.counters - w * 64).min(64);
                let offered = if in_word == 64 { u64::MAX } else { (1u64 << in_word) - 1 };
                (offered & !taken).count_ones()
            })
            .sum()
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
            let day = first.day;
            let slots = free.into_iter().filter(|f| f.day == day).collect();
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
        let taken = Taken::new(start, start + chrono::Duration::days(1), 3);
        assert_eq!(taken.free_counters(&slot(9, 0, 15)), 3);
        taken.mark(1, slot(9, 10, 5).starts_at);
        taken.mark(2, slot(9, 0, 5).starts_at);
        // Counters staff no longer use for bookings, and units outside the range, are ignored.
        taken.mark(7, slot(9, 0, 5).starts_at);
        taken.mark(3, start - chrono::Duration::minutes(5));
        assert_eq!(taken.free_counters(&slot(9, 0, 15)), 1, "only counter 3 is free throughout");
        assert_eq!(taken.free_counters(&slot(9, 0, 10)), 2);
        assert!(!taken.counter_free(1, &slot(9, 0, 15)) && taken.counter_free(1, &slot(9, 0, 10)));
        assert!(taken.counter_free(3, &slot(9, 0, 15)));
        assert!(
            taken.counter_free(9, &slot(9, 0, 15)),
            "a counter this copy does not know is not ruled out"
        );
        assert_eq!(taken.free_counters(&slot(9, 15, 15)), 3);
        assert_eq!(taken.free_counters(&slot(23, 55, 10)), 0, "a slot running past the range");
        // Unit 64 and beyond sit in the next word.
        taken.mark(3, slot(5, 20, 5).starts_at);
        assert_eq!(taken.free_counters(&slot(5, 15, 10)), 2);
    }

    proptest::proptest! {
        /// The or-ed words find exactly the counters a unit-by-unit look finds.
        #[test]
        fn free_counters_match_a_unit_by_unit_look(
            marks in proptest::collection::vec((1i32..72, 0usize..288), 0..400),
            start in 0usize..288,
            length in 1usize..40,
        ) {
            let day = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
            // More counters than one word holds.
            let taken = Taken::new(day, day + chrono::Duration::days(1), 70);
            for (counter, unit) in &marks {
                taken.mark(*counter, day + chrono::Duration::minutes(*unit as i64 * GRID_MINUTES));
            }
            let starts_at = day + chrono::Duration::minutes(start as i64 * GRID_MINUTES);
            let slot = Slot { starts_at, ends_at: starts_at + chrono::Duration::minutes(length as i64 * GRID_MINUTES) };
            let expected = if start + length > 288 {
                0
            } else {
                (1..=70)
                    .filter(|c| (start..start + length).all(|u| !marks.contains(&(*c, u))))
                    .count() as u32
            };
            proptest::prop_assert_eq!(taken.free_counters(&slot), expected);
            if start + length <= 288 {
                for c in 1..=70 {
                    let free = (start..start + length).all(|u| !marks.contains(&(c, u)));
                    proptest::prop_assert_eq!(taken.counter_free(c, &slot), free, "counter {}", c);
                }
            }
        }
    }
}
