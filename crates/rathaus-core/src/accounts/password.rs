//! Passwords: argon2id hashes, and a policy that refuses short and common passwords
//! (zxcvbn's dictionaries include the well-known lists of leaked passwords).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::LazyLock;

use rathaus_platform::{Error, Result};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// Why a new password is refused, as a translation key.
pub fn check_new(password: &str, hints: &[&str]) -> std::result::Result<(), &'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err("password-error-short");
    }
    if length > MAX_LENGTH {
        return Err("password-error-long");
    }
    if zxcvbn::zxcvbn(password, hints).score() < zxcvbn::Score::Three {
        return Err("password-error-weak");
    }
    Ok(())
}

/// argon2id with the crate's defaults (19 MiB, 2 passes), a fresh salt each time.
pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(Error::internal)
}

pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Spends the time of one verification when there is no account to check, so the
/// answer takes as long whether or not the address is known.
pub fn verify_nothing(password: &str) {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash("no account has this password").unwrap_or_default());
    let _ = verify(&DUMMY, password);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert_eq!(check_new("kurz", &[]), Err("password-error-short"));
        assert_eq!(check_new("password123", &[]), Err("password-error-weak"));
        assert_eq!(check_new("qwertzuiop", &[]), Err("password-error-weak"));
        assert_eq!(
            check_new("anna.beispiel2026", &["anna.beispiel", "Anna Beispiel"]),
            Err("password-error-weak")
        );
        assert!(check_new("Fahrrad-Alster-Brücke-42", &[]).is_ok());
    }

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("Fahrrad-Alster-Brücke-42").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "Fahrrad-Alster-Brücke-42"));
        assert!(!verify(&h, "fahrrad-alster-brücke-42"));
        assert!(!verify("not a hash", "x"));
    }
}
