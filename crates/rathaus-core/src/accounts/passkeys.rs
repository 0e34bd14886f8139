//! Passkeys (WebAuthn credentials) of an account: stored public keys with a name the
//! person chose. They are created as discoverable credentials, so signing in needs no
//! address: the authenticator names the account. User verification (PIN, fingerprint)
//! is required, so a passkey sign-in counts as two factors.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, Url,
};
use webauthn_rs::{Webauthn, WebauthnBuilder};
use webauthn_rs_proto::ResidentKeyRequirement;

use super::store::{Account, delete_own};

use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// Most names fit; longer ones are cut.
const NAME_MAX: usize = 60;

/// The relying party for this site, from its public address. `None` when that address
/// cannot carry passkeys (browsers refuse IP addresses as relying party ids).
pub fn relying_party(public_url: &str, city: &str) -> Option<Webauthn> {
    let origin = Url::parse(public_url).ok()?;
    let host = origin.host_str()?.to_string();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    WebauthnBuilder::new(&host, &origin).ok()?.rp_name(city).build().ok()
}

fn refused(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("passkey refused: {e}"))
}

fn credential_key(passkey: &Passkey) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(passkey.cred_id().as_slice())
}

async fn stored(db: &Db, account: Uuid) -> Result<Vec<Passkey>> {
    let conn = db.write();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT passkey FROM passkeys WHERE account_id = $1",
            vec![account.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok(serde_json::from_value(r.try_get::<serde_json::Value>("", "passkey")?)?))
        .collect()
}

/// Starts adding a passkey: the options for the browser, and the state to keep in the
/// session until the browser answers.
pub async fn start_registration(
    db: &Db,
    webauthn: &Webauthn,
    account: &Account,
) -> Result<(CreationChallengeResponse, PasskeyRegistration)> {
    let existing: Vec<_> = stored(db, account.id).await?.iter().map(|p| p.cred_id().clone()).collect();
    let (mut options, state) = webauthn
        .start_passkey_registration(account.id, &account.email, &account.display_name, Some(existing))
        .map_err(|e| Error::internal(format!("passkey registration: {e}")))?;
    // Discoverable, so the sign-in page needs no address.
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    Ok((options, state))
}

/// Verifies the browser's answer and stores the new passkey.
pub async fn finish_registration(
    db: &Db,
    clock: &dyn Clock,
    webauthn: &Webauthn,
    account: Uuid,
    name: &str,
    response: &RegisterPublicKeyCredential,
    state: &PasskeyRegistration,
) -> Result<()> {
    let passkey = webauthn.finish_passkey_registration(response, state).map_err(refused)?;
    let name: String = name.trim().chars().take(NAME_MAX).collect();
    let name = if name.is_empty() { "Passkey".to_string() } else { name };
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO passkeys (credential_id, account_id, name, passkey, created_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            credential_key(&passkey).into(),
            account.into(),
            name.into(),
            Value::Json(Some(Box::new(serde_json::to_value(&passkey)?))),
            clock.now().into(),
        ],
    ))
    .await
    .map_err(|e| match e.sql_err() {
        // The credential id is the primary key: the same authenticator twice.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::Conflict("this passkey is registered already".into()),
        _ => Error::from(e),
    })?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{account}"), "account.passkey_added", format!("account:{account}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Starts a sign-in with any passkey of this site.
pub fn start_sign_in(webauthn: &Webauthn) -> Result<(RequestChallengeResponse, DiscoverableAuthentication)> {
    webauthn
        .start_discoverable_authentication()
        .map_err(|e| Error::internal(format!("passkey sign-in: {e}")))
}

/// Verifies a passkey sign-in and returns the account it belongs to. The signature
/// counter and last use are updated; an unknown credential is refused.
pub async fn finish_sign_in(
    db: &Db,
    clock: &dyn Clock,
    webauthn: &Webauthn,
    response: &PublicKeyCredential,
    state: DiscoverableAuthentication,
) -> Result<Uuid> {
    let (account, credential_id) = webauthn.identify_discoverable_authentication(response).map_err(refused)?;
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(credential_id);
    let mut passkey = stored(db, account)
        .await?
        .into_iter()
        .find(|p| credential_key(p) == key)
        .ok_or_else(|| refused("unknown credential"))?;
    let result = webauthn
        .finish_discoverable_authentication_v2(response, state, &passkey)
        .map_err(refused)?;
    passkey.update_credential(&result);
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE credential_id = $3 AND account_id = $4",
        vec![
            Value::Json(Some(Box::new(serde_json::to_value(&passkey)?))),
            clock.now().into(),
            key.into(),
            account.into(),
        ],
    ))
    .await?;
    Ok(account)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct PasskeySummary {
    pub credential_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

pub async fn list(db: &Db, account: Uuid) -> Result<Vec<PasskeySummary>> {
    let conn = db.write();
    Ok(PasskeySummary::find_by_statement(stmt(
        conn,
        "SELECT credential_id, name, created_at, last_used_at FROM passkeys WHERE account_id = $1 ORDER BY created_at",
        vec![account.into()],
    ))
    .all(conn)
    .await?)
}

/// Removes one of the account's own passkeys; another account's answers `NotFound`.
pub async fn remove(db: &Db, clock: &dyn Clock, account: Uuid, credential_id: &str) -> Result<()> {
    let sql = "DELETE FROM passkeys WHERE credential_id = $1 AND account_id = $2";
    delete_own(
        db,
        clock,
        account,
        "account.passkey_removed",
        sql,
        vec![credential_id.into(), account.into()],
    )
    .await
}
