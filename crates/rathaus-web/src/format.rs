//! Money and dates the way readers expect them: `12,50 €` and `24.12.2026` in German.

pub use rathaus_platform::i18n::{date, date_time, long_date, long_date_time, time};

/// `1.234,50 €` (English: `€1,234.50`).
pub use rathaus_platform::i18n::money;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use rathaus_platform::i18n::Lang;

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
