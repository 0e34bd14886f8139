//! Due dates: a case is due a service's typical processing time after it came in,
//! counted in working days (Monday to Friday) in Hamburg's time zone. While the
//! authority waits for the resident's information, the clock stops; the waiting days
//! are added when the case resumes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Europe::Berlin;

/// For services whose processing time varies too much to publish.
pub const DEFAULT_PROCESSING_DAYS: u32 = 20;

/// The calendar day of `at` in Hamburg.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Berlin).date_naive()
}

/// The instant a Hamburg calendar day begins (midnight local time; DST days are 23 or
/// 25 hours long, and midnight always exists in Berlin).
pub fn start_of_local_day(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(Berlin).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day `days` working days after `from`.
pub fn add_working_days(from: NaiveDate, days: u32) -> NaiveDate {
    let mut day = from;
    let mut left = days;
    while left > 0 {
        day += Duration::days(1);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// Working days after `from` up to and including `to` (0 when `to` is not later).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d))
        .count() as u32
}

/// When a case that came in at `submitted` is due.
pub fn due_on(submitted: DateTime<Utc>, processing_days: Option<i32>) -> NaiveDate {
    let days = processing_days
        .and_then(|d| u32::try_from(d).ok())
        .unwrap_or(DEFAULT_PROCESSING_DAYS);
    add_working_days(local_date(submitted), days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_local_day_starts_at_midnight_in_hamburg_in_winter_and_summer() {
        assert_eq!(start_of_local_day(date("2026-11-24")).to_rfc3339(), "2026-11-23T23:00:00+00:00");
        assert_eq!(start_of_local_day(date("2026-07-01")).to_rfc3339(), "2026-06-30T22:00:00+00:00");
        // The day the clocks go forward has 23 hours.
        let change = start_of_local_day(date("2026-03-30")) - start_of_local_day(date("2026-03-29"));
        assert_eq!(change, Duration::hours(23));
    }

    #[test]
    fn weekends_do_not_count() {
        // Friday + 1 working day is Monday.
        assert_eq!(add_working_days(date("2026-11-27"), 1), date("2026-11-30"));
        assert_eq!(add_working_days(date("2026-11-23"), 10), date("2026-12-07"));
        assert_eq!(working_days_between(date("2026-11-27"), date("2026-11-30")), 1);
        assert_eq!(working_days_between(date("2026-11-30"), date("2026-11-27")), 0);
    }

    #[test]
    fn the_day_is_hamburgs() {
        // 23:30 UTC on a Sunday in winter is already Monday in Hamburg.
        let late: DateTime<Utc> = "2026-11-29T23:30:00Z".parse().unwrap();
        assert_eq!(local_date(late), date("2026-11-30"));
        assert_eq!(due_on(late, Some(1)), date("2026-12-01"));
        assert_eq!(due_on(late, None), add_working_days(date("2026-11-30"), DEFAULT_PROCESSING_DAYS));
    }

    proptest! {
        #[test]
        fn counting_back_gives_the_days_added(offset in 0i64..2000, days in 0u32..200) {
            let from = date("2026-01-01") + Duration::days(offset);
            let due = add_working_days(from, days);
            prop_assert_eq!(working_days_between(from, due), days);
            prop_assert!(days == 0 || is_working_day(due));
        }
    }
}
