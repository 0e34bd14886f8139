//! One-time links sent by mail. The token travels only in the mail; the table keeps
//! its SHA-256, so a database leak yields no usable link.

use base64::Engine as _;
use chrono::Duration;
use rand::RngCore;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail => Duration::hours(48),
            Purpose::ResetPassword => Duration::hours(1),
        }
    }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// 256 random bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Issues a token; earlier unused tokens of the same purpose stop working.
pub async fn issue<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, account: Uuid, purpose: Purpose) -> Result<String> {
    issue_valid_for(conn, clock, account, purpose, purpose.lifetime()).await
}

/// Like [`issue`], with a lifetime other than the purpose's usual one (a staff
/// invitation sets its first password through a reset link that lasts days).
pub async fn issue_valid_for<C: ConnectionTrait>(
    conn: &C,
    clock: &dyn Clock,
    account: Uuid,
    purpose: Purpose,
    lifetime: Duration,
) -> Result<String> {
    let token = random_token();
    let now = clock.now();
    conn.execute_raw(stmt(
        conn,
        "UPDATE account_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = $3 AND used_at IS NULL",
        vec![now.into(), account.into(), purpose.as_str().into()],
    ))
    .await?;
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            hash_token(&token).into(),
            account.into(),
            purpose.as_str().into(),
            now.into(),
            (now + lifetime).into(),
        ],
    ))
    .await?;
    Ok(token)
}

/// Uses a token once. Unknown, used and expired tokens all answer `NotFound`.
pub async fn consume<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, token: &str, purpose: Purpose) -> Result<Uuid> {
    let now = clock.now();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING account_id",
            vec![now.into(), hash_token(token).into(), purpose.as_str().into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    Ok(row.try_get("", "account_id")?)
}

/// Whether a token would be accepted now, without using it (to show the form).
pub async fn is_valid<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, token: &str, purpose: Purpose) -> Result<bool> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT account_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
            vec![hash_token(token).into(), purpose.as_str().into(), clock.now().into()],
        ))
        .await?;
    Ok(row.is_some())
}
