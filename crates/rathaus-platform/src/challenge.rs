//! A self-hosted proof-of-work challenge, for actions a rush of bots would flood.
//!
//! A page carries a signed token. The browser searches a number whose SHA-256 with the
//! token begins with `bits` zero bits (about 2^bits hashes); without JavaScript the
//! person waits a few seconds after the page was made instead. Either way one token
//! buys one attempt: it is spent in the database, so no node accepts it twice. Tokens
//! are signed with a key the installation makes for itself on first start and keeps in
//! the database, so every node can check every other node's tokens.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::db::{Db, stmt};
use crate::{Error, Result};

/// How long a page's token may be used.
pub const VALID_FOR: Duration = Duration::minutes(30);

/// The signed part of a token is shortened to this many bytes (128 bits).
const MAC_BYTES: usize = 16;

/// How hard the challenge is.
#[derive(Debug, Clone, Copy)]
pub struct Difficulty {
    /// Leading zero bits of the hash.
    pub bits: u8,
    /// Seconds without a solution before the token passes on its own.
    pub wait_seconds: i64,
}

/// What a token and its answer amount to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Solved, or waited for: spend the ticket, then go ahead.
    Passed(Ticket),
    /// Neither solved nor waited long enough yet.
    Wait { seconds: i64 },
    /// Not a token of ours for this scope, or too old: a fresh page is needed.
    Stale,
}

/// A checked token, to be spent once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    nonce: String,
    expires_at: DateTime<Utc>,
}

/// The installation's signing key.
pub struct ChallengeKey([u8; 32]);

impl std::fmt::Debug for ChallengeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChallengeKey(…)")
    }
}

type HmacSha256 = Hmac<Sha256>;

impl ChallengeKey {
    /// Reads the key every node shares, making it on the first start.
    pub async fn load_or_create(db: &Db, clock: &dyn Clock) -> Result<Self> {
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let conn = db.write();
        // Two nodes starting at once both insert; the first one's key stays.
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO instance_keys (name, secret, created_at) VALUES ('challenge', $1, $2) ON CONFLICT (name) DO NOTHING",
            vec![hex::encode(fresh).into(), clock.now().into()],
        ))
        .await?;
        let row = conn
            .query_one_raw(stmt(conn, "SELECT secret FROM instance_keys WHERE name = 'challenge'", vec![]))
            .await?
            .ok_or_else(|| Error::internal("challenge key missing after insert"))?;
        let stored: String = row.try_get("", "secret")?;
        let key = hex::decode(stored)
            .ok()
            .and_then(|k| <[u8; 32]>::try_from(k).ok())
            .ok_or_else(|| Error::internal("instance_keys.challenge is not 32 bytes in hex"))?;
        Ok(Self(key))
    }

    #[cfg(test)]
    fn fixed(key: [u8; 32]) -> Self {
        Self(key)
    }

    fn mac(&self, scope: &str, issued: i64, nonce: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(format!("{scope}|{issued}|{nonce}").as_bytes());
        mac
    }

    /// A new token for `scope` (e.g. one location's bookings): `issued.nonce.mac`.
    pub fn issue(&self, scope: &str, now: DateTime<Utc>) -> String {
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let nonce = hex::encode(nonce);
        let issued = now.timestamp();
        let mac = self.mac(scope, issued, &nonce).finalize().into_bytes();
        format!("{issued}.{nonce}.{}", hex::encode(&mac[..MAC_BYTES]))
    }

    /// Whether `token` was issued for `scope`, is fresh, and was solved or waited for.
    pub fn check(&self, scope: &str, token: &str, solution: Option<&str>, difficulty: Difficulty, now: DateTime<Utc>) -> Check {
        let mut parts = token.split('.');
        let (Some(issued), Some(nonce), Some(mac), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Check::Stale;
        };
        let (Ok(issued_secs), Ok(mac)) = (issued.parse::<i64>(), hex::decode(mac)) else {
            return Check::Stale;
        };
        if nonce.len() != 32 || mac.len() != MAC_BYTES || self.mac(scope, issued_secs, nonce).verify_truncated_left(&mac).is_err() {
            return Check::Stale;
        }
        let Some(issued_at) = DateTime::from_timestamp(issued_secs, 0) else {
            return Check::Stale;
        };
        // A minute of grace for clocks of nodes that differ a little.
        if now < issued_at - Duration::minutes(1) || now > issued_at + VALID_FOR {
            return Check::Stale;
        }
        let ticket = Ticket {
            nonce: nonce.to_string(),
            expires_at: issued_at + VALID_FOR,
        };
        let waited = now - issued_at;
        if solution.is_some_and(|s| solves(token, s, difficulty.bits)) || waited >= Duration::seconds(difficulty.wait_seconds) {
            return Check::Passed(ticket);
        }
        let left = Duration::seconds(difficulty.wait_seconds) - waited;
        Check::Wait {
            seconds: (left.num_milliseconds() + 999) / 1000,
        }
    }
}

/// Whether SHA-256 of `token:solution` begins with `bits` zero bits.
pub fn solves(token: &str, solution: &str, bits: u8) -> bool {
    if solution.is_empty() || solution.len() > 20 || !solution.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    leading_zero_bits(&Sha256::digest(format!("{token}:{solution}").as_bytes())) >= u32::from(bits)
}

fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// Marks the ticket used; `false` when it was used before (on any node).
pub async fn spend(db: &Db, ticket: &Ticket) -> Result<bool> {
    let conn = db.write();
    let done = conn
        .execute_raw(stmt(
            conn,
            "INSERT INTO spent_challenges (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING",
            vec![ticket.nonce.clone().into(), ticket.expires_at.into()],
        ))
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets spent tickets whose tokens have expired anyway.
pub async fn purge_spent(db: &Db, clock: &dyn Clock) -> Result<u64> {
    let conn = db.write();
    let done = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM spent_challenges WHERE expires_at < $1",
            vec![clock.now().into()],
        ))
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const EASY: Difficulty = Difficulty { bits: 8, wait_seconds: 10 };

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
    }

    fn solve(token: &str, bits: u8) -> String {
        (0u64..).map(|n| n.to_string()).find(|s| solves(token, s, bits)).unwrap()
    }

    #[test]
    fn a_solved_token_passes_at_once_and_an_unsolved_one_after_the_wait() {
        let key = ChallengeKey::fixed([7; 32]);
        let token = key.issue("loc-a", now());
        let answer = solve(&token, EASY.bits);
        assert!(matches!(key.check("loc-a", &token, Some(&answer), EASY, now()), Check::Passed(_)));
        assert_eq!(
            key.check("loc-a", &token, None, EASY, now() + Duration::milliseconds(2500)),
            Check::Wait { seconds: 8 }
        );
        assert_eq!(key.check("loc-a", &token, Some("12x"), EASY, now()), Check::Wait { seconds: 10 });
        assert!(matches!(
            key.check("loc-a", &token, None, EASY, now() + Duration::seconds(10)),
            Check::Passed(_)
        ));
    }

    #[test]
    fn tokens_for_another_scope_or_key_forged_or_old_are_stale() {
        let key = ChallengeKey::fixed([7; 32]);
        let token = key.issue("loc-a", now());
        assert_eq!(key.check("loc-b", &token, None, EASY, now() + Duration::minutes(1)), Check::Stale);
        assert_eq!(ChallengeKey::fixed([8; 32]).check("loc-a", &token, None, EASY, now()), Check::Stale);
        assert_eq!(
            key.check("loc-a", &token, None, EASY, now() + VALID_FOR + Duration::seconds(1)),
            Check::Stale
        );
        let (issued, rest) = token.split_once('.').unwrap();
        let earlier = format!("{}.{rest}", issued.parse::<i64>().unwrap() - 60);
        assert_eq!(key.check("loc-a", &earlier, None, EASY, now()), Check::Stale);
        for junk in ["", "1.2", "a.b.c", "1.2.3.4", &format!("{token}0")] {
            assert_eq!(key.check("loc-a", junk, None, EASY, now()), Check::Stale, "{junk}");
        }
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0b0001_0000, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    proptest::proptest! {
        #[test]
        fn only_digits_can_solve(solution in "\\PC{0,30}") {
            let token = ChallengeKey::fixed([1; 32]).issue("x", now());
            if !solution.bytes().all(|b| b.is_ascii_digit()) || solution.is_empty() || solution.len() > 20 {
                proptest::prop_assert!(!solves(&token, &solution, 0));
            }
        }
    }
}
