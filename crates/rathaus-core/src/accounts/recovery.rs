//! Recovery codes: ten single-use codes shown once when a second factor is set up, for
//! the day the phone is lost. 50 random bits each, so a plain SHA-256 is a safe store.

use rand::Rng;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::tokens::hash_token;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};

pub const COUNT: usize = 10;
/// Crockford's base32 without the letters that look like digits.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

fn new_code() -> String {
    let mut rng = rand::rng();
    let chars: String = (0..10).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// Replaces all codes of the account with new ones and returns them (the only time
/// they are readable).
pub async fn regenerate<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, account: Uuid) -> Result<Vec<String>> {
    conn.execute_raw(stmt(conn, "DELETE FROM recovery_codes WHERE account_id = $1", vec![account.into()]))
        .await?;
    let codes: Vec<String> = (0..COUNT).map(|_| new_code()).collect();
    for code in &codes {
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES ($1, $2, $3)",
            vec![account.into(), hash_token(&normalize(code)).into(), clock.now().into()],
        ))
        .await?;
    }
    Ok(codes)
}

/// Uses up a code; `false` when it is unknown or used before.
pub async fn redeem(db: &Db, clock: &dyn Clock, account: Uuid, code: &str) -> Result<bool> {
    let normalized = normalize(code);
    if normalized.len() != 10 {
        return Ok(false);
    }
    let conn = db.write();
    let updated = conn
        .execute_raw(stmt(
            conn,
            "UPDATE recovery_codes SET used_at = $1 WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
            vec![clock.now().into(), account.into(), hash_token(&normalized).into()],
        ))
        .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn remaining(db: &Db, account: Uuid) -> Result<i64> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
            vec![account.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_back_however_they_are_typed() {
        let code = new_code();
        assert_eq!(code.len(), 11);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize(&typed), normalize(&code));
        assert_eq!(normalize("o1il0-ABCDE"), "01110ABCDE");
    }
}
