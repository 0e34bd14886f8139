//! Slot arithmetic, pure: a day's opening ranges (after public holidays and closures)
//! become slots in UTC. Times are local to Hamburg; a slot lasts exactly its visit's
//! length in real time, also on the days the clocks change.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Europe::Berlin;

use super::holidays;

/// Bookings occupy counters in units of this many minutes; visit lengths are rounded
/// up to it and slots start on it.
pub const GRID_MINUTES: i64 = 5;

/// A stretch of a day on which a location is closed besides its opening hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub day: NaiveDate,
    /// `None`: the whole day.
    pub hours: Option<(NaiveTime, NaiveTime)>,
}

/// A start time a visit can be booked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Slot {
    /// The grid units the slot occupies on a counter.
    pub fn units(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let step = Duration::minutes(GRID_MINUTES);
        std::iter::successors(Some(self.starts_at), move |t| Some(*t + step)).take_while(|t| *t < self.ends_at)
    }
}

/// A visit's length: the services' minutes added up, times the number of people,
/// rounded up to the grid.
pub fn visit_minutes(service_minutes: &[i32], people: u32) -> i64 {
    let one: i64 = service_minutes.iter().map(|m| i64::from((*m).max(0))).sum();
    let total = one * i64::from(people.max(1));
    total.div_euclid(GRID_MINUTES) * GRID_MINUTES + if total % GRID_MINUTES == 0 { 0 } else { GRID_MINUTES }
}

/// The ranges a location is open on `day`: none on a public holiday or a whole-day
/// closure; closures of some hours are cut out.
pub fn open_ranges(weekly: &[(NaiveTime, NaiveTime)], day: NaiveDate, closures: &[Closure]) -> Vec<(NaiveTime, NaiveTime)> {
    if holidays::is_public_holiday(day) {
        return Vec::new();
    }
    let mut ranges = weekly.to_vec();
    for closure in closures.iter().filter(|c| c.day == day) {
        let Some((from, to)) = closure.hours else {
            return Vec::new();
        };
        ranges = ranges
            .into_iter()
            .flat_map(|(a, b)| {
                let mut kept = Vec::new();
                if a < from.min(b) {
                    kept.push((a, from.min(b)));
                }
                if to.max(a) < b {
                    kept.push((to.max(a), b));
                }
                kept
            })
            .collect();
    }
    ranges
}

fn round_up_to_grid(t: NaiveTime) -> Option<NaiveTime> {
    let minutes = i64::from(t.hour() * 60 + t.minute()) + i64::from(t.second() > 0);
    let rounded = (minutes + GRID_MINUTES - 1) / GRID_MINUTES * GRID_MINUTES;
    if rounded >= 24 * 60 {
        return None;
    }
    NaiveTime::from_hms_opt((rounded / 60) as u32, (rounded % 60) as u32, 0)
}

/// The instant a Hamburg wall-clock time happens; the earlier one when the clocks go
/// back, none when they skip it.
pub fn instant(day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    day.and_time(time)
        .and_local_timezone(Berlin)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The slots of one day for a visit of `minutes`: back to back from the start of each
/// open range, each ending within it. A slot that would span a clock change (its real
/// length would differ from its wall-clock length) is left out.
pub fn day_slots(ranges: &[(NaiveTime, NaiveTime)], day: NaiveDate, minutes: i64) -> Vec<Slot> {
    if minutes <= 0 {
        return Vec::new();
    }
    let length = Duration::minutes(minutes);
    let mut slots = Vec::new();
    for &(from, to) in ranges {
        let Some(start) = round_up_to_grid(from) else { continue };
        // Most ranges keep one UTC offset throughout: their slots are plain additions,
        // without a time-zone lookup each (a rush asks for thousands of slots a second).
        match (instant(day, start), instant(day, to)) {
            (Some(first), Some(last)) if to >= start && last - first == to - start => {
                let count = (to - start).num_minutes() / minutes;
                slots.extend((0..count).map(|i| {
                    let starts_at = first + length * i as i32;
                    Slot {
                        starts_at,
                        ends_at: starts_at + length,
                    }
                }));
            }
            _ => slots.extend(slots_across_a_clock_change(start, to, day, length)),
        }
    }
    slots.sort();
    slots.dedup();
    slots
}

/// [`day_slots`] for a range in which the clocks change: each slot looked up on its own.
fn slots_across_a_clock_change(mut start: NaiveTime, to: NaiveTime, day: NaiveDate, length: Duration) -> Vec<Slot> {
    let mut slots = Vec::new();
    loop {
        let (end, wrapped) = start.overflowing_add_signed(length);
        if wrapped != 0 || end > to || end <= start {
            break;
        }
        if let (Some(starts_at), Some(ends_at)) = (instant(day, start), instant(day, end))
            && ends_at - starts_at == length
        {
            slots.push(Slot { starts_at, ends_at });
        }
        start = end;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_visit_adds_services_and_multiplies_people() {
        assert_eq!(visit_minutes(&[15], 1), 15);
        assert_eq!(visit_minutes(&[15, 10], 1), 25);
        assert_eq!(visit_minutes(&[15, 10], 2), 50);
        assert_eq!(visit_minutes(&[7], 1), 10);
        assert_eq!(visit_minutes(&[20], 3), 60);
    }

    #[test]
    fn slots_keep_local_time_across_both_clock_changes() {
        // 29 March 2026: clocks go forward (CET → CEST); 25 October 2026: back.
        for day in [d(2026, 3, 27), d(2026, 3, 30), d(2026, 10, 23), d(2026, 10, 26)] {
            let slots = day_slots(&[(t(8, 0), t(9, 0))], day, 20);
            assert_eq!(slots.len(), 3, "{day}");
            let local = slots[0].starts_at.with_timezone(&Berlin);
            assert_eq!((local.hour(), local.minute()), (8, 0), "{day}");
        }
        let summer = day_slots(&[(t(8, 0), t(9, 0))], d(2026, 3, 30), 20)[0].starts_at;
        let winter = day_slots(&[(t(8, 0), t(9, 0))], d(2026, 3, 27), 20)[0].starts_at;
        assert_eq!(summer.hour(), 6, "8:00 CEST is 6:00 UTC");
        assert_eq!(winter.hour(), 7, "8:00 CET is 7:00 UTC");
    }

    #[test]
    fn a_night_opening_skips_the_hour_that_does_not_exist() {
        // A (theoretical) range across the spring gap: 02:00–03:00 does not exist.
        let slots = day_slots(&[(t(1, 0), t(4, 0))], d(2026, 3, 29), 30);
        let locals: Vec<(u32, u32)> = slots
            .iter()
            .map(|s| {
                let l = s.starts_at.with_timezone(&Berlin);
                (l.hour(), l.minute())
            })
            .collect();
        assert_eq!(locals, vec![(1, 0), (3, 0), (3, 30)]);
        // In autumn 02:00–03:00 happens twice; each slot is still 30 real minutes.
        for s in day_slots(&[(t(1, 0), t(4, 0))], d(2026, 10, 25), 30) {
            assert_eq!(s.ends_at - s.starts_at, Duration::minutes(30));
        }
    }

    #[test]
    fn holidays_and_closures_close() {
        let weekly = [(t(8, 0), t(12, 0)), (t(13, 0), t(16, 0))];
        assert!(open_ranges(&weekly, d(2026, 12, 25), &[]).is_empty(), "Christmas");
        assert!(
            open_ranges(&weekly, d(2026, 10, 31), &[]).is_empty(),
            "Reformation Day, a holiday in Hamburg"
        );
        assert!(open_ranges(&weekly, d(2026, 4, 3), &[]).is_empty(), "Good Friday");
        let whole = Closure {
            day: d(2026, 11, 24),
            hours: None,
        };
        assert!(open_ranges(&weekly, d(2026, 11, 24), &[whole]).is_empty());
        let meeting = Closure {
            day: d(2026, 11, 24),
            hours: Some((t(11, 0), t(14, 0))),
        };
        assert_eq!(
            open_ranges(&weekly, d(2026, 11, 24), std::slice::from_ref(&meeting)),
            vec![(t(8, 0), t(11, 0)), (t(14, 0), t(16, 0))]
        );
        assert_eq!(open_ranges(&weekly, d(2026, 11, 25), &[meeting]), weekly.to_vec(), "another day");
    }

    fn time() -> impl Strategy<Value = NaiveTime> {
        (0u32..24, 0u32..60).prop_map(|(h, m)| t(h, m))
    }

    proptest! {
        /// Any day of 2026–2028 (DST days included), any range, any visit.
        #[test]
        fn every_slot_is_inside_its_range_and_exactly_as_long_as_the_visit(
            offset in 0i64..(3 * 366),
            a in time(),
            b in time(),
            minutes in prop::collection::vec(1i32..90, 1..4),
            people in 1u32..5,
        ) {
            let day = d(2026, 1, 1) + Duration::days(offset);
            let (from, to) = (a.min(b), a.max(b));
            let visit = visit_minutes(&minutes, people);
            let slots = day_slots(&[(from, to)], day, visit);
            for pair in slots.windows(2) {
                prop_assert!(pair[0].ends_at <= pair[1].starts_at, "slots never overlap");
            }
            for s in &slots {
                prop_assert_eq!(s.ends_at - s.starts_at, Duration::minutes(visit));
                let start = s.starts_at.with_timezone(&Berlin);
                let end = s.ends_at.with_timezone(&Berlin);
                prop_assert_eq!(start.date_naive(), day);
                prop_assert!(start.time() >= from && end.time() <= to && end.date_naive() == day);
                prop_assert_eq!(start.minute() as i64 % GRID_MINUTES, 0);
                prop_assert_eq!(s.units().count() as i64, visit / GRID_MINUTES);
            }
            // Outside a clock change, the range is filled back to back.
            let offsets = (instant(day, t(0, 0)), instant(day, t(23, 59)));
            if let (Some(x), Some(y)) = offsets && y - x == Duration::minutes(23 * 60 + 59) {
                let first = round_up_to_grid(from).map(|f| (to - f).num_minutes()).unwrap_or(0);
                prop_assert_eq!(slots.len() as i64, (first / visit).max(0));
            }
        }

        /// The shortcut for ranges without a clock change gives what looking up every
        /// slot gives, on every day (the clock-change days of 2026–2028 included).
        #[test]
        fn slots_are_the_same_as_looked_up_one_by_one(
            offset in 0i64..(3 * 366),
            a in time(),
            b in time(),
            visit in 1i64..40,
        ) {
            let day = d(2026, 1, 1) + Duration::days(offset);
            let (from, to) = (a.min(b), a.max(b));
            let minutes = visit * GRID_MINUTES;
            let one_by_one = round_up_to_grid(from)
                .map(|start| slots_across_a_clock_change(start, to, day, Duration::minutes(minutes)))
                .unwrap_or_default();
            prop_assert_eq!(day_slots(&[(from, to)], day, minutes), one_by_one);
        }

        #[test]
        fn no_slot_touches_a_closure(a in time(), b in time(), visit in 1i64..12) {
            let day = d(2026, 11, 24);
            let closure = Closure { day, hours: Some((a.min(b), a.max(b))) };
            let ranges = open_ranges(&[(t(7, 0), t(19, 0))], day, std::slice::from_ref(&closure));
            for s in day_slots(&ranges, day, visit * GRID_MINUTES) {
                let (start, end) = (s.starts_at.with_timezone(&Berlin).time(), s.ends_at.with_timezone(&Berlin).time());
                prop_assert!(end <= a.min(b) || start >= a.max(b), "{start}-{end} inside the closure {a}-{b}");
            }
        }
    }
}
