//! Identities from an external eID provider: which account a confirmed identity
//! belongs to, and the attributes it confirms. Checking the provider's signed token is
//! the web layer's job (OpenID Connect); this module trusts only what it is handed.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::profile::{self, Profile};
use super::store::delete_own;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// What a provider confirmed about the person. Only present attributes are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifiedAttributes {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

pub async fn linked_account(db: &Db, issuer: &str, subject: &str) -> Result<Option<Uuid>> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT account_id FROM eid_identities WHERE issuer = $1 AND subject = $2",
            vec![issuer.into(), subject.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("", "account_id")?),
        None => None,
    })
}

/// When the account was linked to the provider, if it is.
pub async fn linked_since(db: &Db, account: Uuid, issuer: &str) -> Result<Option<DateTime<Utc>>> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT linked_at FROM eid_identities WHERE account_id = $1 AND issuer = $2",
            vec![account.into(), issuer.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("", "linked_at")?),
        None => None,
    })
}

/// Links an identity to an account. An identity linked to another account, or an
/// account linked to another identity of this provider, is a conflict.
pub async fn link(db: &Db, clock: &dyn Clock, issuer: &str, subject: &str, account: Uuid) -> Result<()> {
    let tx = db.begin().await?;
    let existing = tx
        .query_one_raw(stmt(
            &tx,
            "SELECT account_id, subject FROM eid_identities WHERE (issuer = $1 AND subject = $2) OR (issuer = $1 AND account_id = $3)",
            vec![issuer.into(), subject.into(), account.into()],
        ))
        .await?;
    if let Some(row) = existing {
        let owner: Uuid = row.try_get("", "account_id")?;
        let linked: String = row.try_get("", "subject")?;
        if owner == account && linked == subject {
            return Ok(());
        }
        return Err(Error::Conflict("this identity or this account is linked already".into()));
    }
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO eid_identities (issuer, subject, account_id, linked_at) VALUES ($1, $2, $3, $4)",
        vec![issuer.into(), subject.into(), account.into(), clock.now().into()],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{account}"), "account.eid_linked", format!("account:{account}"))
            .with_details(serde_json::json!({ "issuer": issuer })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn unlink(db: &Db, clock: &dyn Clock, account: Uuid, issuer: &str) -> Result<()> {
    let sql = "DELETE FROM eid_identities WHERE account_id = $1 AND issuer = $2";
    delete_own(db, clock, account, "account.eid_unlinked", sql, vec![account.into(), issuer.into()]).await
}

/// Notes a sign-in with the identity.
pub async fn touch(db: &Db, clock: &dyn Clock, issuer: &str, subject: &str) -> Result<()> {
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE eid_identities SET last_used_at = $1 WHERE issuer = $2 AND subject = $3",
        vec![clock.now().into(), issuer.into(), subject.into()],
    ))
    .await?;
    Ok(())
}

/// Writes the confirmed attributes into the profile and marks them verified; the
/// person can no longer edit those fields (a new eID sign-in updates them).
pub async fn apply_to_profile(db: &Db, clock: &dyn Clock, account: Uuid, attributes: &VerifiedAttributes) -> Result<()> {
    let before = profile::load(db, account).await?.unwrap_or_default();
    let mut after: Profile = before.clone();
    let mut verified = before.verified_fields.clone();
    let mut set = |field: &str, value: &Option<String>, slot: &mut String| {
        if let Some(v) = value.as_ref().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            *slot = v.to_string();
            if !verified.iter().any(|f| f == field) {
                verified.push(field.to_string());
            }
        }
    };
    set("given_name", &attributes.given_name, &mut after.given_name);
    set("family_name", &attributes.family_name, &mut after.family_name);
    set("street", &attributes.street, &mut after.street);
    set("postcode", &attributes.postcode, &mut after.postcode);
    set("city", &attributes.city, &mut after.city);
    if let Some(date) = attributes.birth_date {
        after.birth_date = Some(date);
        if !verified.iter().any(|f| f == "birth_date") {
            verified.push("birth_date".into());
        }
    }
    after.verified_fields = verified;
    profile::save_verified(db, clock, account, &before, &after).await
}
