//! Second factors together: what an account has set up, and checking a typed code
//! (from the authenticator app or a recovery code) under the same soft lockout as
//! passwords.

use uuid::Uuid;

use super::{recovery, throttle, totp};
use rathaus_platform::Result;
use rathaus_platform::blobs::MasterKey;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use sea_orm::ConnectionTrait;

/// How a person proved who they are, for the sign-in history and the assurance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Password,
    Totp,
    RecoveryCode,
    Passkey,
    Eid,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::Totp => "totp",
            Method::RecoveryCode => "recovery_code",
            Method::Passkey => "passkey",
            Method::Eid => "eid",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Factors {
    pub totp: totp::Status,
    pub passkeys: i64,
    pub recovery_left: i64,
}

impl Factors {
    /// Whether sign-in with a password alone must ask for more.
    pub fn any(&self) -> bool {
        matches!(self.totp, totp::Status::Active { .. }) || self.passkeys > 0
    }
}

pub async fn factors(db: &Db, account: Uuid) -> Result<Factors> {
    let conn = db.write();
    let passkeys = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM passkeys WHERE account_id = $1",
            vec![account.into()],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok(Factors {
        totp: totp::status(db, account).await?,
        passkeys,
        recovery_left: recovery::remaining(db, account).await?,
    })
}

fn throttle_key(account: Uuid) -> String {
    format!("second-factor:{account}")
}

/// Checks a code typed as second factor: six digits go to the app's TOTP, anything
/// else is tried as a recovery code. Repeated failures pause further attempts.
pub async fn verify_code(db: &Db, clock: &dyn Clock, master: &MasterKey, account: Uuid, code: &str) -> Result<Option<Method>> {
    let key = throttle_key(account);
    // A try during a pause counts for nothing (see `throttle::record_failure`).
    if throttle::is_paused(db, clock, &key).await? {
        return Ok(None);
    }
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let method = if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
        totp::verify(db, clock, master, account, &digits).await?.then_some(Method::Totp)
    } else {
        recovery::redeem(db, clock, account, code).await?.then_some(Method::RecoveryCode)
    };
    match method {
        Some(_) => throttle::clear(db.write(), &key).await?,
        None => {
            let tx = db.begin().await?;
            throttle::record_failure(&tx, clock, &key).await?;
            super::residents::refusal_audited(&tx, clock, Some(account), "wrong-second-factor").await?;
            tx.commit().await?;
        }
    }
    Ok(method)
}
