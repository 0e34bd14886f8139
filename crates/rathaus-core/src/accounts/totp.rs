//! Time-based one-time passwords (RFC 6238) from an authenticator app, as a second
//! factor. The shared secret is sealed with the master key; each 30-second code is
//! accepted once, with one step of clock drift either way.

use chrono::{DateTime, Utc};
use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use sea_orm::{ConnectionTrait, FromQueryResult};
use totp_rs::{Algorithm, Builder, Secret, Totp};
use uuid::Uuid;

use super::recovery;
use super::store::delete_own;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::MasterKey;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// The column of sealed TOTP secrets, for `rathaus files rotate-key`.
pub const SEALED_SECRETS: rathaus_platform::blobs::rotate::Sealed = rathaus_platform::blobs::rotate::Sealed {
    table: "totp_credentials",
    id: "account_id",
    column: "secret_sealed",
};

const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
/// 160 bits, the size RFC 4226 recommends.
const SECRET_BYTES: usize = 20;

/// What the person needs to add the account to their app.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret for typing in, base32 in groups of four.
    pub secret_grouped: String,
    pub otpauth_url: String,
    /// The `otpauth://` address as an inline SVG QR code.
    pub qr_svg: String,
}

/// Whether the account uses an authenticator app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    None,
    Pending,
    Active { since: DateTime<Utc> },
}

fn generator(secret: Vec<u8>, issuer: &str, label: &str) -> Result<Totp> {
    let mut builder = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS as u8)
        .with_skew(1)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret);
    if !issuer.is_empty() {
        builder = builder.with_issuer(Some(issuer)).with_account_name(label);
    }
    builder.build().map_err(|e| Error::internal(format!("TOTP setup: {e}")))
}

fn enrolment(secret: Vec<u8>, issuer: &str, label: &str) -> Result<Enrolment> {
    let secret_grouped = Secret::from(secret.clone())
        .to_base32()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let otpauth_url = generator(secret, issuer, label)?
        .to_url()
        .map_err(|e| Error::internal(format!("TOTP address: {e}")))?;
    let qr_svg = QrCode::new(otpauth_url.as_bytes())
        .map_err(|e| Error::internal(format!("QR code: {e}")))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(Enrolment {
        secret_grouped,
        otpauth_url,
        qr_svg,
    })
}

async fn sealed_secret<C: ConnectionTrait>(conn: &C, account: Uuid) -> Result<Option<(Vec<u8>, bool, i64)>> {
    #[derive(FromQueryResult)]
    struct Sealed {
        secret_sealed: Vec<u8>,
        confirmed_at: Option<DateTime<Utc>>,
        last_step: i64,
    }
    let sealed = Sealed::find_by_statement(stmt(
        conn,
        "SELECT secret_sealed, confirmed_at, last_step FROM totp_credentials WHERE account_id = $1",
        vec![account.into()],
    ))
    .one(conn)
    .await?;
    Ok(sealed.map(|s| (s.secret_sealed, s.confirmed_at.is_some(), s.last_step)))
}

pub async fn status(db: &Db, account: Uuid) -> Result<Status> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT confirmed_at FROM totp_credentials WHERE account_id = $1",
            vec![account.into()],
        ))
        .await?;
    Ok(match row {
        None => Status::None,
        Some(r) => match r.try_get::<Option<DateTime<Utc>>>("", "confirmed_at")? {
            Some(since) => Status::Active { since },
            None => Status::Pending,
        },
    })
}

/// Starts (or shows again) an enrolment. An active app must be removed first.
pub async fn begin(db: &Db, clock: &dyn Clock, master: &MasterKey, account: Uuid, issuer: &str, label: &str) -> Result<Enrolment> {
    let tx = db.begin().await?;
    if let Some((sealed, confirmed, _)) = sealed_secret(&tx, account).await? {
        if confirmed {
            return Err(Error::Conflict("an authenticator app is already set up".into()));
        }
        let secret = master.open(&sealed, account.as_bytes())?;
        tx.commit().await?;
        return enrolment(secret, issuer, label);
    }
    let mut secret = vec![0_u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO totp_credentials (account_id, secret_sealed, created_at, last_step) VALUES ($1, $2, $3, 0)",
        vec![account.into(), master.seal(&secret, account.as_bytes())?.into(), clock.now().into()],
    ))
    .await?;
    tx.commit().await?;
    enrolment(secret, issuer, label)
}

/// The time step a code belongs to, if it is valid now (±1 step) and newer than the
/// last accepted one.
fn matching_step(secret: Vec<u8>, code: &str, now: DateTime<Utc>, last_step: i64) -> Result<Option<i64>> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let totp = generator(secret, "", "")?;
    let step = totp.check(&code, now.timestamp().max(0) as u64).map(|s| s as i64);
    Ok(step.filter(|s| *s > last_step))
}

/// Checks a code against the account's secret (pending or active) and records its
/// step so it cannot be used again.
async fn accept<C: ConnectionTrait>(
    conn: &C,
    clock: &dyn Clock,
    master: &MasterKey,
    account: Uuid,
    code: &str,
    confirmed: bool,
) -> Result<bool> {
    let Some((sealed, is_confirmed, last_step)) = sealed_secret(conn, account).await? else {
        return Ok(false);
    };
    if is_confirmed != confirmed {
        return Ok(false);
    }
    let secret = master.open(&sealed, account.as_bytes())?;
    let Some(step) = matching_step(secret, code, clock.now(), last_step)? else {
        return Ok(false);
    };
    // The condition on last_step makes two simultaneous uses of one code count once.
    let updated = conn
        .execute_raw(stmt(
            conn,
            "UPDATE totp_credentials SET last_step = $1 WHERE account_id = $2 AND last_step < $1",
            vec![step.into(), account.into()],
        ))
        .await?;
    Ok(updated.rows_affected() == 1)
}

/// Finishes the enrolment with a first code from the app. Returns fresh recovery codes,
/// or `None` when the code was wrong.
pub async fn confirm(db: &Db, clock: &dyn Clock, master: &MasterKey, account: Uuid, code: &str) -> Result<Option<Vec<String>>> {
    let tx = db.begin().await?;
    if !accept(&tx, clock, master, account, code, false).await? {
        return Ok(None);
    }
    tx.execute_raw(stmt(
        &tx,
        "UPDATE totp_credentials SET confirmed_at = $1 WHERE account_id = $2",
        vec![clock.now().into(), account.into()],
    ))
    .await?;
    let codes = recovery::regenerate(&tx, clock, account).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{account}"), "account.totp_added", format!("account:{account}")),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(codes))
}

/// Checks a code at sign-in or step-up.
pub async fn verify(db: &Db, clock: &dyn Clock, master: &MasterKey, account: Uuid, code: &str) -> Result<bool> {
    accept(db.write(), clock, master, account, code, true).await
}

pub async fn remove(db: &Db, clock: &dyn Clock, account: Uuid) -> Result<()> {
    let sql = "DELETE FROM totp_credentials WHERE account_id = $1";
    delete_own(db, clock, account, "account.totp_removed", sql, vec![account.into()]).await
}

/// The code an app would show now: for tests and the demo's walkthrough, never for
/// checking (that goes through [`verify`]).
pub async fn current_code(db: &Db, clock: &dyn Clock, master: &MasterKey, account: Uuid) -> Result<String> {
    let (sealed, _, _) = sealed_secret(db.write(), account).await?.ok_or(Error::NotFound)?;
    let totp = generator(master.open(&sealed, account.as_bytes())?, "", "")?;
    Ok(totp.generate(clock.now().timestamp().max(0) as u64).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn secret() -> Vec<u8> {
        b"12345678901234567890".to_vec()
    }

    #[test]
    fn rfc_6238_vector_is_accepted_within_one_step_and_only_once() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); its last six digits.
        let at = Utc.timestamp_opt(59, 0).unwrap();
        assert_eq!(matching_step(secret(), "287082", at, 0).unwrap(), Some(1));
        assert_eq!(matching_step(secret(), "287 082", at, 0).unwrap(), Some(1));
        // One step later still fine; the same step a second time is not.
        assert_eq!(
            matching_step(secret(), "287082", at + chrono::Duration::seconds(30), 0).unwrap(),
            Some(1)
        );
        assert_eq!(matching_step(secret(), "287082", at, 1).unwrap(), None);
        // Two steps away: refused.
        assert_eq!(
            matching_step(secret(), "287082", at + chrono::Duration::seconds(90), 0).unwrap(),
            None
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        let at = Utc.timestamp_opt(59, 0).unwrap();
        for code in ["", "28708", "2870822", "28708a", "٢٨٧٠٨٢"] {
            assert_eq!(matching_step(secret(), code, at, 0).unwrap(), None, "{code}");
        }
    }
}
