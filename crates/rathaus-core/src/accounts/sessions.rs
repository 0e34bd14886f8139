//! "My sessions": a person's signed-in browsers, and ending one of them.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, FromQueryResult)]
pub struct SessionInfo {
    /// Identifies the session in forms: the hash of its token, never the token.
    pub handle: String,
    pub user_agent: Option<String>,
    pub signed_in_at: Option<DateTime<Utc>>,
    pub last_seen_at: DateTime<Utc>,
}

pub async fn list(db: &Db, clock: &dyn Clock, account: Uuid) -> Result<Vec<SessionInfo>> {
    let conn = db.write();
    Ok(SessionInfo::find_by_statement(stmt(
        conn,
        "SELECT token_hash AS handle, user_agent, signed_in_at, last_seen_at FROM sessions \
         WHERE account_id = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2 ORDER BY last_seen_at DESC",
        vec![account.into(), clock.now().into()],
    ))
    .all(conn)
    .await?)
}

/// Ends one of the person's own sessions; someone else's answers `NotFound`.
pub async fn revoke(db: &Db, account: Uuid, handle: &str) -> Result<()> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM sessions WHERE token_hash = $1 AND account_id = $2",
            vec![handle.into(), account.into()],
        ))
        .await?;
    if result.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// How a browser's device cookie is stored: its SHA-256, never the value.
pub fn device_hash(device_id: &str) -> String {
    hex::encode(Sha256::digest(device_id.as_bytes()))
}

/// Remembers a browser; `true` when the account has not seen it before.
pub async fn remember_device<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, account: Uuid, device_id: &str) -> Result<bool> {
    let device_hash = device_hash(device_id);
    let result = conn
        .execute_raw(stmt(
            conn,
            "INSERT INTO known_devices (account_id, device_hash, first_seen) VALUES ($1, $2, $3) ON CONFLICT (account_id, device_hash) DO NOTHING",
            vec![account.into(), device_hash.into(), clock.now().into()],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn has_devices(db: &Db, account: Uuid) -> Result<bool> {
    let conn = db.write();
    Ok(conn
        .query_one_raw(stmt(
            conn,
            "SELECT device_hash FROM known_devices WHERE account_id = $1 LIMIT 1",
            vec![account.into()],
        ))
        .await?
        .is_some())
}
