//! Kiosks in waiting rooms. A location's administrators create a device link; the
//! device opens it and can check people in and give out numbers for that location
//! only. The link is shown once; revoking it ends the device's access.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::json;
use uuid::Uuid;

use super::calendar::audited;
use crate::accounts::tokens::{hash_token, random_token};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Kiosk {
    pub id: Uuid,
    pub location_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// Creates a device; returns it with the token for its link (shown once).
pub async fn create(db: &Db, clock: &dyn Clock, location: &str, name: &str, by: Uuid) -> Result<(Kiosk, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::Invalid("a kiosk needs a name of up to 80 characters".into()));
    }
    let token = random_token();
    let kiosk = Kiosk {
        id: Uuid::now_v7(),
        location_id: location.to_string(),
        name: name.to_string(),
        created_at: clock.now(),
    };
    let txn = db.begin().await?;
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO kiosk_devices (id, location_id, name, token_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            kiosk.id.into(),
            location.into(),
            kiosk.name.clone().into(),
            hash_token(&token).into(),
            kiosk.created_at.into(),
            by.into(),
        ],
    ))
    .await?;
    audited(
        &txn,
        clock,
        by,
        "kiosk-created",
        location,
        json!({ "kiosk": kiosk.id, "name": kiosk.name }),
    )
    .await?;
    txn.commit().await?;
    Ok((kiosk, token))
}

/// The device a link opens, if it is not revoked.
pub async fn by_token(db: &Db, token: &str) -> Result<Kiosk> {
    let conn = db.read();
    Kiosk::find_by_statement(stmt(
        conn,
        "SELECT id, location_id, name, created_at FROM kiosk_devices WHERE token_hash = $1 AND revoked_at IS NULL",
        vec![hash_token(token).into()],
    ))
    .one(conn)
    .await?
    .ok_or(Error::NotFound)
}

pub async fn of_location(db: &Db, location: &str) -> Result<Vec<Kiosk>> {
    let conn = db.read();
    Ok(Kiosk::find_by_statement(stmt(
        conn,
        "SELECT id, location_id, name, created_at FROM kiosk_devices WHERE location_id = $1 AND revoked_at IS NULL ORDER BY created_at",
        vec![location.into()],
    ))
    .all(conn)
    .await?)
}

pub async fn revoke(db: &Db, clock: &dyn Clock, location: &str, id: Uuid, by: Uuid) -> Result<()> {
    let txn = db.begin().await?;
    let done = txn
        .execute_raw(stmt(
            &txn,
            "UPDATE kiosk_devices SET revoked_at = $1 WHERE id = $2 AND location_id = $3 AND revoked_at IS NULL",
            vec![clock.now().into(), id.into(), location.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    audited(&txn, clock, by, "kiosk-revoked", location, json!({ "kiosk": id })).await?;
    Ok(txn.commit().await?)
}
