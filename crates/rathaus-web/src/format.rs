//! Money and dates the way readers expect them: `12,50 €` and `24.12.2026` in German.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;

use rathaus_platform::i18n::Lang;

/// `24.12.2026, 14:05 Uhr` in Berlin time (English: `24/12/2026, 14:05`).
pub fn date_time(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Berlin);
    match lang {
        Lang::En => local.format("%d/%m/%Y, %H:%M").to_string(),
        _ => local.format("%d.%m.%Y, %H:%M Uhr").to_string(),
    }
}

/// `24.12.2026` (English: `24/12/2026`).
pub fn date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::En => day.format("%d/%m/%Y").to_string(),
        _ => day.format("%d.%m.%Y").to_string(),
    }
}

/// `1.234,50 €` (English: `€1,234.50`).
pub use rathaus_platform::i18n::money;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_time_across_dst() {
        use chrono::TimeZone;
        assert_eq!(
            date_time(Lang::De, Utc.with_ymd_and_hms(2026, 12, 23, 23, 30, 0).unwrap()),
            "24.12.2026, 00:30 Uhr"
        );
        assert_eq!(
            date_time(Lang::De, Utc.with_ymd_and_hms(2026, 7, 1, 10, 0, 0).unwrap()),
            "01.07.2026, 12:00 Uhr"
        );
    }

    #[test]
    fn german_money() {
        assert_eq!(money(Lang::De, 1250), "12,50 €");
        assert_eq!(money(Lang::De, 123456789), "1.234.567,89 €");
        assert_eq!(money(Lang::De, 0), "0,00 €");
        assert_eq!(money(Lang::En, 2280), "€22.80");
    }
}
