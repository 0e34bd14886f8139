//! API keys: a program acts for a staff member with one (the CKAN API's write actions).
//! The key is shown once, when it is made; the table keeps its SHA-256, so a database
//! leak yields no usable key. Every key expires (at most a year) and can be revoked; a
//! key stops working the moment its account is disabled.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use super::store::{Account, active_account};
use super::tokens::{hash_token, random_token};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// Put before every key, so a key pasted where it does not belong is recognisable
/// (secret scanners look for such prefixes).
pub const PREFIX: &str = "rathaus_";
/// The longest a key may live.
pub const MAX_DAYS: i64 = 365;
/// A key's use is noted at most this often, so a busy client costs no write per call.
const USE_NOTED_EVERY: Duration = Duration::minutes(5);

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ApiKey {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKey {
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// Makes a key for `account`, valid for `days` (1 to [`MAX_DAYS`]); returns it with the
/// secret, which is not kept.
pub async fn create(db: &Db, clock: &dyn Clock, account: Uuid, name: &str, days: i64) -> Result<(ApiKey, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::Invalid("api-key-error-name".into()));
    }
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::Invalid("api-key-error-days".into()));
    }
    let secret = format!("{PREFIX}{}", random_token());
    let now = clock.now();
    let key = ApiKey {
        id: Uuid::new_v4(),
        name: name.to_string(),
        created_at: now,
        expires_at: now + Duration::days(days),
        last_used_at: None,
        revoked_at: None,
    };
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO api_keys (id, account_id, name, key_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            key.id.into(),
            account.into(),
            key.name.clone().into(),
            hash_token(&secret).into(),
            key.created_at.into(),
            key.expires_at.into(),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{account}"), "api_key.created", format!("api_key:{}", key.id))
            .with_details(serde_json::json!({ "name": key.name, "expires_at": key.expires_at })),
    )
    .await?;
    tx.commit().await?;
    Ok((key, secret))
}

/// The account's keys, newest first, revoked and expired ones included.
pub async fn of_account<C: ConnectionTrait>(conn: &C, account: Uuid) -> Result<Vec<ApiKey>> {
    Ok(ApiKey::find_by_statement(stmt(
        conn,
        "SELECT id, name, created_at, expires_at, last_used_at, revoked_at FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC, id",
        vec![account.into()],
    ))
    .all(conn)
    .await?)
}

/// Revokes one of the account's own keys; it stops working at once, on every node.
pub async fn revoke(db: &Db, clock: &dyn Clock, account: Uuid, key: Uuid) -> Result<()> {
    let tx = db.begin().await?;
    let done = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
            vec![clock.now().into(), key.into(), account.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{account}"), "api_key.revoked", format!("api_key:{key}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct KeyOwner {
    id: Uuid,
    account_id: Uuid,
    expires_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

/// The account a key acts for: `Unauthenticated` for an unknown, expired or revoked key
/// and for a disabled account. Read from the writer, so a revocation counts at once.
pub async fn authenticate(db: &Db, clock: &dyn Clock, secret: &str) -> Result<Account> {
    let secret = secret.trim();
    let secret = secret.strip_prefix("Bearer ").unwrap_or(secret).trim();
    if !secret.starts_with(PREFIX) {
        return Err(Error::Unauthenticated);
    }
    let conn = db.write();
    let owner = KeyOwner::find_by_statement(stmt(
        conn,
        "SELECT id, account_id, expires_at, last_used_at, revoked_at FROM api_keys WHERE key_hash = $1",
        vec![hash_token(secret).into()],
    ))
    .one(conn)
    .await?
    .ok_or(Error::Unauthenticated)?;
    let now = clock.now();
    if owner.revoked_at.is_some() || owner.expires_at <= now {
        return Err(Error::Unauthenticated);
    }
    let account = active_account(conn, owner.account_id).await.map_err(|e| match e {
        Error::NotFound => Error::Unauthenticated,
        other => other,
    })?;
    if owner.last_used_at.is_none_or(|at| now - at >= USE_NOTED_EVERY) {
        conn.execute_raw(stmt(
            conn,
            "UPDATE api_keys SET last_used_at = $1 WHERE id = $2",
            vec![now.into(), owner.id.into()],
        ))
        .await?;
    }
    Ok(account)
}
