//! The check digits that tell an IBAN or a tax id from any other run of digits.

use std::str::FromStr;

/// Whether the text (spaces allowed) is an IBAN with a correct checksum and the length
/// and layout its country prescribes.
pub fn is_iban(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    iban::Iban::from_str(&compact).is_ok()
}

/// Whether the text (spaces allowed) is a German tax identification number
/// (Steuer-IdNr., § 139b AO): eleven digits, the first not 0; in the first ten one digit
/// occurs twice or three times (three times never all in a row) and the rest at most
/// once; the last is the check digit of ISO 7064 MOD 11,10.
pub fn is_tax_id(text: &str) -> bool {
    let digits: Vec<u32> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .unwrap_or_default();
    if digits.len() != 11 || digits[0] == 0 {
        return false;
    }
    let body = &digits[..10];
    let mut counts = [0u8; 10];
    for d in body {
        counts[*d as usize] += 1;
    }
    let repeated: Vec<usize> = (0..10).filter(|d| counts[*d] > 1).collect();
    if repeated.len() != 1 || counts[repeated[0]] > 3 {
        return false;
    }
    if counts[repeated[0]] == 3 && body.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    check_digit(body) == digits[10]
}

/// ISO 7064 MOD 11,10 over the digits.
fn check_digit(digits: &[u32]) -> u32 {
    let mut product = 10;
    for d in digits {
        let mut sum = (d + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = 11 - product;
    if check == 10 { 0 } else { check }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_numbers() {
        assert!(is_iban("DE89 3704 0044 0532 0130 00"));
        assert!(is_iban("DE89370400440532013000"));
        assert!(is_iban("GB82 WEST 1234 5698 7654 32"));
        assert!(!is_iban("DE88 3704 0044 0532 0130 00"));
        assert!(!is_iban("DE89 3704 0044 0532 0130 0"));
        assert!(is_tax_id("86095742719"));
        assert!(is_tax_id("86 095 742 719"));
        assert!(!is_tax_id("86095742718"));
        assert!(!is_tax_id("06095742719"));
        // Every digit distinct in the first ten: no valid tax id has that.
        assert!(!is_tax_id("12345678903"));
    }

    /// A tax id made valid: ten digits with one repeated, then its check digit.
    fn valid_tax_id() -> impl Strategy<Value = String> {
        (Just((0u32..10).collect::<Vec<_>>()).prop_shuffle(), 0usize..9).prop_filter_map("first digit 0", |(mut digits, twice)| {
            // Ten distinct digits; one is replaced by another already present.
            digits[9] = digits[twice];
            if digits[0] == 0 {
                return None;
            }
            let check = check_digit(&digits);
            Some(
                digits
                    .iter()
                    .chain(std::iter::once(&check))
                    .map(|d| char::from_digit(*d, 10).unwrap())
                    .collect(),
            )
        })
    }

    fn iban_of(country: &str, bban: &str) -> String {
        // Checksum per ISO 13616: move the country and "00" to the end, letters to numbers, 98 − mod 97.
        let rearranged = format!("{bban}{country}00");
        let mut remainder: u64 = 0;
        for c in rearranged.chars() {
            let value = c.to_digit(36).unwrap() as u64;
            for digit in value.to_string().chars() {
                remainder = (remainder * 10 + digit.to_digit(10).unwrap() as u64) % 97;
            }
        }
        format!("{country}{:02}{bban}", 98 - remainder)
    }

    proptest! {
        #[test]
        fn every_valid_tax_id_is_found_and_a_changed_digit_is_not(id in valid_tax_id(), position in 0usize..11, delta in 1u32..10) {
            prop_assert!(is_tax_id(&id));
            let mut changed: Vec<u32> = id.chars().map(|c| c.to_digit(10).unwrap()).collect();
            changed[position] = (changed[position] + delta) % 10;
            let changed: String = changed.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            // One changed digit breaks the check digit or the digit pattern — except where it
            // happens to make another valid id, which the check itself then confirms.
            if is_tax_id(&changed) {
                let body: Vec<u32> = changed.chars().take(10).map(|c| c.to_digit(10).unwrap()).collect();
                prop_assert_eq!(check_digit(&body), changed.chars().last().unwrap().to_digit(10).unwrap());
            }
        }

        #[test]
        fn every_german_iban_with_its_checksum_is_valid_and_a_swapped_pair_is_not(bban in "[0-9]{18}", i in 4usize..21) {
            let iban = iban_of("DE", &bban);
            prop_assert!(is_iban(&iban));
            let mut chars: Vec<char> = iban.chars().collect();
            if chars[i] != chars[i + 1] {
                chars.swap(i, i + 1);
                let swapped: String = chars.into_iter().collect();
                // MOD 97 catches every swap of two neighbouring digits.
                prop_assert!(!is_iban(&swapped));
            }
        }
    }
}
