//! Checks for single answers: what a field of each kind accepts, in the forms people
//! actually type (German dates, spaces in an IBAN, a decimal comma).

use chrono::NaiveDate;

/// An IBAN without spaces, in upper case, if its length fits its country and the
/// ISO 13616 check digits (mod 97) are right.
pub fn iban(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.len() < 15 || compact.len() > 34 || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let (country, rest) = compact.split_at(2);
    if !country.chars().all(|c| c.is_ascii_uppercase()) || !rest[..2].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(length) = country_length(country)
        && compact.len() != length
    {
        return None;
    }
    (mod97(&compact) == 1).then_some(compact)
}

/// IBAN lengths of the SEPA countries people in Hamburg bank with most.
fn country_length(country: &str) -> Option<usize> {
    Some(match country {
        "DE" => 22,
        "AT" => 20,
        "CH" | "LI" => 21,
        "NL" => 18,
        "BE" => 16,
        "DK" | "FI" => 18,
        "FR" | "MC" | "IT" => 27,
        "ES" | "SE" => 24,
        "PL" => 28,
        "LU" => 20,
        "GB" | "IE" => 22,
        "NO" => 15,
        _ => return None,
    })
}

/// The remainder of the IBAN's number (first four characters moved to the end,
/// letters as 10…35) divided by 97.
fn mod97(iban: &str) -> u32 {
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = c.to_digit(36).unwrap_or(0);
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder
}

/// The check digits that make `country` + `bban` a valid IBAN (for tests and demo data).
pub fn iban_check_digits(country: &str, bban: &str) -> String {
    let probe = format!("{country}00{bban}");
    format!("{:02}", 98 - mod97(&probe))
}

/// A date as Germans write it (27.3.1985, 27.03.1985) or in ISO form (1985-03-27).
pub fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d.%m.%Y")
        .ok()
        .filter(|_| text.rsplit('.').next().is_some_and(|y| y.len() == 4))
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
}

/// A number with a decimal comma or point, no thousands separators: "12,5", "40", "-3.25".
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || text.matches([',', '.']).count() > 1 {
        return None;
    }
    let normalized = text.replace(',', ".");
    let body = normalized.strip_prefix('-').unwrap_or(&normalized);
    if body.is_empty() || body.starts_with('.') || body.ends_with('.') || !body.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    normalized.parse().ok().filter(|n: &f64| n.is_finite())
}

/// A German postcode: five digits.
pub fn postcode(text: &str) -> bool {
    crate::accounts::profile::is_postcode(text.trim())
}

pub fn phone(text: &str) -> bool {
    crate::accounts::profile::is_phone(text.trim())
}

pub fn email(text: &str) -> bool {
    crate::accounts::normalize_email(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_ibans() {
        assert_eq!(iban("DE89 3704 0044 0532 0130 00").as_deref(), Some("DE89370400440532013000"));
        assert_eq!(iban("de89370400440532013000").as_deref(), Some("DE89370400440532013000"));
        assert_eq!(iban("GB82 WEST 1234 5698 7654 32").as_deref(), Some("GB82WEST12345698765432"));
        for bad in [
            "DE88 3704 0044 0532 0130 00",
            "DE89 3704 0044 0532 0130 0",
            "",
            "DE",
            "1234567890123456",
            "DE89-3704-0044",
        ] {
            assert_eq!(iban(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_and_numbers() {
        assert_eq!(date("27.3.1985"), NaiveDate::from_ymd_opt(1985, 3, 27));
        assert_eq!(date("1985-03-27"), NaiveDate::from_ymd_opt(1985, 3, 27));
        for bad in ["31.2.2024", "27.3.85", "1985/03/27", "gestern", ""] {
            assert_eq!(date(bad), None, "{bad}");
        }
        assert_eq!(number("12,5"), Some(12.5));
        assert_eq!(number("40"), Some(40.0));
        assert_eq!(number("-3.25"), Some(-3.25));
        for bad in ["1.234,5", "12,", ",5", "zwölf", "", "1e5", "NaN"] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_valid_german_iban_is_accepted_and_any_changed_digit_refused(
            bban in "[0-9]{18}",
            position in 4usize..22,
            replacement in 0u32..10,
        ) {
            let valid = format!("DE{}{bban}", iban_check_digits("DE", &bban));
            prop_assert_eq!(iban(&valid), Some(valid.clone()));
            // Spaced in groups of four, as printed on cards: still the same IBAN.
            let spaced: String = valid.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(iban(&spaced), Some(valid.clone()));
            let mut chars: Vec<char> = valid.chars().collect();
            let new = char::from_digit(replacement, 10).unwrap();
            if chars[position] != new {
                chars[position] = new;
                let changed: String = chars.into_iter().collect();
                prop_assert_eq!(iban(&changed), None, "mod 97 catches every single changed digit");
            }
        }

        #[test]
        fn any_real_date_round_trips(days in 0i64..60_000) {
            let day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(date(&day.format("%d.%m.%Y").to_string()), Some(day));
            prop_assert_eq!(date(&day.format("%-d.%-m.%Y").to_string()), Some(day));
            prop_assert_eq!(date(&day.format("%Y-%m-%d").to_string()), Some(day));
        }

        #[test]
        fn postcodes_are_exactly_five_digits(text in "\\PC{0,8}") {
            let expected = text.trim().len() == 5 && text.trim().chars().all(|c| c.is_ascii_digit());
            prop_assert_eq!(postcode(&text), expected);
        }
    }
}
