//! Signed webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. A
//! signature is accepted only with the right secret, over exactly this body, and while
//! its timestamp is within the tolerance — an old delivery replayed later is refused.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use rathaus_platform::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The signature header for `body` at `at`.
pub fn sign(secret: &[u8], body: &[u8], at: DateTime<Utc>) -> String {
    let t = at.timestamp();
    format!("t={t},v1={}", hex::encode(mac(secret, t, body).finalize().into_bytes()))
}

/// Checks a signature header; `Forbidden` with the reason when it does not hold.
pub fn verify(secret: &[u8], header: Option<&str>, body: &[u8], now: DateTime<Utc>, tolerance_secs: i64) -> Result<()> {
    let header = header.ok_or_else(|| refused("no signature"))?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => signatures.push(hex::decode(v).map_err(|_| refused("malformed signature"))?),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or_else(|| refused("no timestamp"))?;
    if (now.timestamp() - timestamp).abs() > tolerance_secs {
        return Err(refused("timestamp outside the replay window"));
    }
    // Constant-time comparison through the MAC itself.
    if signatures.iter().any(|s| mac(secret, timestamp, body).verify_slice(s).is_ok()) {
        Ok(())
    } else {
        Err(refused("signature does not match"))
    }
}

fn refused(why: &str) -> Error {
    tracing::warn!(why, "webhook refused");
    Error::Forbidden
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn a_signature_holds_for_its_body_secret_and_time_only() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(b"secret", body, at(0));
        assert!(verify(b"secret", Some(&header), body, at(10), 300).is_ok());
        assert!(verify(b"other", Some(&header), body, at(10), 300).is_err(), "forged");
        assert!(
            verify(b"secret", Some(&header), br#"{"id":"evt_2"}"#, at(10), 300).is_err(),
            "changed body"
        );
        assert!(verify(b"secret", Some(&header), body, at(301), 300).is_err(), "stale");
        assert!(verify(b"secret", None, body, at(0), 300).is_err(), "unsigned");
        assert!(verify(b"secret", Some("t=abc,v1=zz"), body, at(0), 300).is_err(), "garbage");
    }

    proptest! {
        /// No changed byte of the body keeps the signature valid.
        #[test]
        fn any_change_breaks_it(body in proptest::collection::vec(any::<u8>(), 1..200), index in any::<usize>(), flip in 1u8..=255) {
            let header = sign(b"secret", &body, at(0));
            let mut changed = body.clone();
            let i = index % changed.len();
            changed[i] ^= flip;
            prop_assert!(verify(b"secret", Some(&header), &changed, at(0), 300).is_err());
            prop_assert!(verify(b"secret", Some(&header), &body, at(0), 300).is_ok());
        }
    }
}
