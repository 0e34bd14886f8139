//! Public holidays in Hamburg (the moveable ones follow Easter; Reformation Day is a
//! holiday in Hamburg since 2018). Locations are closed on them.

use chrono::NaiveDate;
use holiday_de::GermanRegion;

pub fn is_public_holiday(day: NaiveDate) -> bool {
    GermanRegion::Hamburg.is_holiday(day)
}

/// The holiday's German name, for calendars and closure lists.
pub fn name(day: NaiveDate) -> Option<&'static str> {
    GermanRegion::Hamburg.holiday_from_date(day).map(|h| h.description())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hamburg_has_ten_holidays_in_2027() {
        let days: Vec<NaiveDate> = NaiveDate::from_ymd_opt(2027, 1, 1)
            .unwrap()
            .iter_days()
            .take(365)
            .filter(|d| is_public_holiday(*d))
            .collect();
        assert_eq!(days.len(), 10);
        // Easter Monday 2027 is 29 March; Whit Monday 17 May.
        assert!(days.contains(&NaiveDate::from_ymd_opt(2027, 3, 29).unwrap()));
        assert!(days.contains(&NaiveDate::from_ymd_opt(2027, 5, 17).unwrap()));
        assert_eq!(
            name(NaiveDate::from_ymd_opt(2027, 10, 3).unwrap()),
            Some("Tag der Deutschen Einheit")
        );
    }
}
