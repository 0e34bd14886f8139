//! Residents' accounts: registration with a verified address, sign-in, password reset
//! and change. Every answer that could reveal whether an address has an account is the
//! same either way; the web layer sends the matching mail.

use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

pub use crate::FieldError;

use super::second_factor::Method;
use super::store::{Account, account_by_id, normalize_email};
use super::tokens::{self, Purpose};
use super::{history, password, throttle};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// A registration form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RegistrationForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_repeat: String,
}

#[derive(Debug, Clone)]
pub struct Registration {
    name: String,
    email: String,
    password: String,
}

impl RegistrationForm {
    pub fn parse(&self) -> std::result::Result<Registration, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError {
                field: "name",
                key: "account-error-name",
            });
        } else if name.chars().count() > 200 {
            errors.push(FieldError {
                field: "name",
                key: "account-error-name-long",
            });
        }
        let email = self.email.trim();
        if normalize_email(email).is_err() {
            errors.push(FieldError {
                field: "email",
                key: "account-error-email",
            });
        }
        let local = email.split('@').next().unwrap_or("");
        if let Err(key) = password::check_new(&self.password, &[local, name]) {
            errors.push(FieldError { field: "password", key });
        } else if self.password != self.password_repeat {
            errors.push(FieldError {
                field: "password_repeat",
                key: "password-error-repeat",
            });
        }
        if errors.is_empty() {
            Ok(Registration {
                name: name.to_string(),
                email: email.to_string(),
                password: self.password.clone(),
            })
        } else {
            Err(errors)
        }
    }
}

/// What happened, for choosing the mail; the person sees the same page either way.
#[derive(Debug)]
pub enum Registered {
    /// A new account; the token confirms the address.
    New { account: Account, token: String },
    /// The address has an account already; nothing changed.
    Existing { account: Account },
}

pub async fn register(db: &Db, clock: &dyn Clock, registration: Registration) -> Result<Registered> {
    let normalized = normalize_email(&registration.email)?;
    // Hash before looking up, so both outcomes cost the same time.
    let hash = password::hash(&registration.password)?;
    let tx = db.begin().await?;
    if let Some(existing) = tx
        .query_one_raw(stmt(
            &tx,
            "SELECT id FROM accounts WHERE email_normalized = $1",
            vec![normalized.clone().into()],
        ))
        .await?
    {
        let id: Uuid = existing.try_get("", "id")?;
        let account = account_by_id(&tx, id).await?;
        tx.commit().await?;
        return Ok(Registered::Existing { account });
    }
    let id = Uuid::now_v7();
    let now = clock.now();
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO accounts (id, kind, email, email_normalized, display_name, password_hash, created_at, password_changed_at) \
         VALUES ($1, 'person', $2, $3, $4, $5, $6, $6)",
        vec![
            id.into(),
            registration.email.into(),
            normalized.into(),
            registration.name.into(),
            hash.into(),
            now.into(),
        ],
    ))
    .await?;
    let token = tokens::issue(&tx, clock, id, Purpose::VerifyEmail).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{id}"), "account.registered", format!("account:{id}")),
    )
    .await?;
    let account = account_by_id(&tx, id).await?;
    tx.commit().await?;
    Ok(Registered::New { account, token })
}

/// Confirms the address behind a verification link.
pub async fn verify_email(db: &Db, clock: &dyn Clock, token: &str) -> Result<Account> {
    let tx = db.begin().await?;
    let id = tokens::consume(&tx, clock, token, Purpose::VerifyEmail).await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
        vec![clock.now().into(), id.into()],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{id}"), "account.email_verified", format!("account:{id}")),
    )
    .await?;
    let account = account_by_id(&tx, id).await?;
    tx.commit().await?;
    Ok(account)
}

#[derive(Debug)]
pub enum SignIn {
    Success(Account),
    /// Right password, address not yet confirmed: a fresh link goes out.
    Unverified {
        account: Account,
        token: String,
    },
    /// Wrong address, wrong password, paused or disabled — indistinguishable outside.
    Refused,
}

/// A refused sign-in without an account to write its history: the failure counts
/// towards the pause and is audited, in one commit like the branch with an account.
async fn refused(db: &Db, clock: &dyn Clock, counted: Option<&str>, reason: &str) -> Result<()> {
    let tx = db.begin().await?;
    if let Some(key) = counted {
        throttle::record_failure(&tx, clock, key).await?;
    }
    refusal_audited(&tx, clock, None, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Every refused sign-in is in the audit log, naming the account only by its id (an
/// address without an account is not written down).
pub(crate) async fn refusal_audited<C: sea_orm::TransactionTrait>(
    conn: &C,
    clock: &dyn Clock,
    account: Option<Uuid>,
    reason: &str,
) -> Result<()> {
    let subject = match account {
        Some(id) => format!("account:{id}"),
        None => "account:unknown".to_string(),
    };
    audit::record(
        conn,
        clock,
        AuditEvent::new("anonymous", "account.sign-in-refused", subject).with_details(serde_json::json!({ "reason": reason })),
    )
    .await?;
    Ok(())
}

/// The throttle key of a browser the account behind `normalized` has used before (the
/// device cookie's value), if it has: the owner's own browser counts its failures apart.
async fn known_device_key(db: &Db, normalized: &str, device: Option<&str>) -> Result<Option<String>> {
    let Some(device) = device else { return Ok(None) };
    let device_hash = super::sessions::device_hash(device);
    let conn = db.write();
    let known = conn
        .query_one_raw(stmt(
            conn,
            "SELECT 1 AS known FROM accounts a JOIN known_devices d ON d.account_id = a.id \
             WHERE a.email_normalized = $1 AND d.device_hash = $2",
            vec![normalized.into(), device_hash.clone().into()],
        ))
        .await?
        .is_some();
    Ok(known.then(|| format!("{normalized} device:{device_hash}")))
}

/// Signs in with address and password. `device` is the browser's device cookie: while
/// the address is paused after failures, a browser the account has used before still
/// gets in (with a pause of its own), and attempts during a pause do not prolong it —
/// so nobody can keep the owner out by trying now and then.
pub async fn sign_in(db: &Db, clock: &dyn Clock, email: &str, password: &str, device: Option<&str>) -> Result<SignIn> {
    let Ok(normalized) = normalize_email(email) else {
        password::verify_nothing(password);
        return Ok(SignIn::Refused);
    };
    let throttled = if throttle::is_paused(db, clock, &normalized).await? {
        match known_device_key(db, &normalized, device).await? {
            Some(key) if !throttle::is_paused(db, clock, &key).await? => key,
            _ => {
                password::verify_nothing(password);
                refused(db, clock, None, "paused").await?;
                return Ok(SignIn::Refused);
            }
        }
    } else {
        normalized.clone()
    };
    let conn = db.write();
    #[derive(FromQueryResult)]
    struct Credentials {
        id: Uuid,
        password_hash: Option<String>,
        email_verified_at: Option<chrono::DateTime<chrono::Utc>>,
    }
    let found = Credentials::find_by_statement(stmt(
        conn,
        "SELECT id, password_hash, email_verified_at FROM accounts \
         WHERE email_normalized = $1 AND kind IN ('person', 'staff') AND disabled_at IS NULL",
        vec![normalized.clone().into()],
    ))
    .one(conn)
    .await?
    .map(|c| (c.id, c.password_hash, c.email_verified_at));
    let (id, verified) = match found {
        Some((id, Some(hash), verified)) if password::verify(&hash, password) => (id, verified.is_some()),
        Some((id, Some(_), _)) => {
            // One commit, like the branch without an account, so timing tells nothing.
            let tx = db.begin().await?;
            throttle::record_failure(&tx, clock, &throttled).await?;
            let attempt = history::Attempt {
                account: id,
                method: Method::Password,
                outcome: history::Outcome::WrongPassword,
                assurance_level: None,
                user_agent: None,
            };
            history::record(&tx, clock, attempt).await?;
            refusal_audited(&tx, clock, Some(id), "wrong-password").await?;
            tx.commit().await?;
            return Ok(SignIn::Refused);
        }
        _ => {
            password::verify_nothing(password);
            refused(db, clock, Some(&throttled), "unknown-address").await?;
            return Ok(SignIn::Refused);
        }
    };
    let tx = db.begin().await?;
    throttle::clear(&tx, &normalized).await?;
    throttle::clear(&tx, &throttled).await?;
    let account = account_by_id(&tx, id).await?;
    if !verified {
        let token = tokens::issue(&tx, clock, id, Purpose::VerifyEmail).await?;
        tx.commit().await?;
        return Ok(SignIn::Unverified { account, token });
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{id}"), "account.signed_in", format!("account:{id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(SignIn::Success(account))
}

/// Starts a reset: `Some` when the address has an account (send the link), `None`
/// when not (send the "no account" notice). The page says the same either way.
pub async fn request_reset(db: &Db, clock: &dyn Clock, email: &str) -> Result<Option<(Account, String)>> {
    let normalized = normalize_email(email)?;
    let tx = db.begin().await?;
    let row = tx
        .query_one_raw(stmt(
            &tx,
            "SELECT id FROM accounts WHERE email_normalized = $1 AND disabled_at IS NULL",
            vec![normalized.into()],
        ))
        .await?;
    let Some(row) = row else {
        tx.commit().await?;
        return Ok(None);
    };
    let id: Uuid = row.try_get("", "id")?;
    let token = tokens::issue(&tx, clock, id, Purpose::ResetPassword).await?;
    let account = account_by_id(&tx, id).await?;
    tx.commit().await?;
    Ok(Some((account, token)))
}

/// Sets a new password from a reset link. Ends every session of the account, lifts a
/// sign-in pause, and counts as a verified address (the link arrived there).
pub async fn reset_password(db: &Db, clock: &dyn Clock, token: &str, new_password: &str) -> Result<Account> {
    let hash = password::hash(new_password)?;
    let tx = db.begin().await?;
    let id = tokens::consume(&tx, clock, token, Purpose::ResetPassword).await?;
    let now = clock.now();
    tx.execute_raw(stmt(
        &tx,
        "UPDATE accounts SET password_hash = $1, password_changed_at = $2, email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3",
        vec![hash.into(), now.into(), id.into()],
    ))
    .await?;
    tx.execute_raw(stmt(&tx, "DELETE FROM sessions WHERE account_id = $1", vec![id.into()]))
        .await?;
    let account = account_by_id(&tx, id).await?;
    throttle::clear(&tx, &normalize_email(&account.email)?).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{id}"), "account.password_reset", format!("account:{id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}

/// Whether `password` is the account's current one.
async fn password_matches(db: &Db, account: Uuid, password: &str) -> Result<bool> {
    let conn = db.write();
    let stored: Option<String> = conn
        .query_one_raw(stmt(conn, "SELECT password_hash FROM accounts WHERE id = $1", vec![account.into()]))
        .await?
        .ok_or(Error::NotFound)?
        .try_get("", "password_hash")?;
    Ok(stored.is_some_and(|h| password::verify(&h, password)))
}

/// Checks the password of a signed-in person before a grave step (deleting the
/// account). Failures count towards the same soft lockout as sign-in.
pub async fn confirm_password(db: &Db, clock: &dyn Clock, account: &Account, password: &str) -> Result<bool> {
    let normalized = normalize_email(&account.email)?;
    if throttle::is_paused(db, clock, &normalized).await? {
        password::verify_nothing(password);
        return Ok(false);
    }
    let ok = password_matches(db, account.id, password).await?;
    if !ok {
        throttle::record_failure(db.write(), clock, &normalized).await?;
    }
    Ok(ok)
}

/// Changes the password of a signed-in person and ends all their other sessions.
pub async fn change_password(db: &Db, clock: &dyn Clock, id: Uuid, current: &str, new_password: &str, keep_session: &str) -> Result<()> {
    if !password_matches(db, id, current).await? {
        return Err(Error::Invalid("password-error-current".into()));
    }
    let hash = password::hash(new_password)?;
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        vec![hash.into(), clock.now().into(), id.into()],
    ))
    .await?;
    tx.execute_raw(stmt(
        &tx,
        "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2",
        vec![id.into(), keep_session.into()],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{id}"), "account.password_changed", format!("account:{id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
