//! Codes people read out and type: Crockford's base 32 (no I, L, O, U) in groups of
//! four, accepted in any case, with or without dashes, with O for 0 and I or L for 1.

use rand::Rng;

const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `groups` groups of four random characters: 20 bits each.
pub fn new_code(groups: usize) -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..groups * 4).map(|_| ALPHABET[rng.random_range(0..32)] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A code as typed in its canonical form.
pub fn normalise_code(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_typed() {
        let code = new_code(2);
        assert_eq!(code.len(), 9);
        assert_eq!(normalise_code(&code.to_lowercase().replace('-', " ")), code);
        assert_eq!(normalise_code("ol23-abcd"), "0123-ABCD");
    }
}
