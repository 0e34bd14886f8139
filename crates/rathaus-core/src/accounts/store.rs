//! Account and role SQL.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionTrait};
use serde::Serialize;
use uuid::Uuid;

use super::roles::{Role, Scope};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    Person,
    Organisation,
    Staff,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Person => "person",
            AccountKind::Organisation => "organisation",
            AccountKind::Staff => "staff",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromQueryResult)]
pub struct Account {
    pub id: Uuid,
    pub kind: String,
    pub email: String,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromQueryResult)]
pub struct RoleGrant {
    pub role: Role,
    pub scope: Scope,
    pub granted_at: DateTime<Utc>,
    pub granted_by: String,
}

/// Addresses compare case-insensitively; the local part's case is not significant in
/// practice and people type it inconsistently.
pub fn normalize_email(email: &str) -> Result<String> {
    let email = email.trim();
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid {
        return Err(Error::Invalid(format!("\"{email}\" is not a mail address")));
    }
    Ok(email.to_lowercase())
}

/// The account a statement selecting id, kind, email, display_name and created_at finds.
async fn account_where<C: ConnectionTrait>(conn: &C, condition: &str, value: sea_orm::Value) -> Result<Account> {
    Account::find_by_statement(stmt(
        conn,
        &format!("SELECT id, kind, email, display_name, created_at FROM accounts WHERE {condition}"),
        vec![value],
    ))
    .one(conn)
    .await?
    .ok_or(Error::NotFound)
}

pub async fn create_account(
    db: &Db,
    clock: &dyn Clock,
    actor: &str,
    kind: AccountKind,
    email: &str,
    display_name: &str,
) -> Result<Account> {
    let tx = db.begin().await?;
    let account = insert_account(&tx, clock, actor, kind, email, display_name).await?;
    tx.commit().await?;
    Ok(account)
}

/// Creates an account without a password inside the caller's transaction.
pub async fn insert_account<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    clock: &dyn Clock,
    actor: &str,
    kind: AccountKind,
    email: &str,
    display_name: &str,
) -> Result<Account> {
    let normalized = normalize_email(email)?;
    let display_name = display_name.trim();
    if display_name.is_empty() {
        return Err(Error::Invalid("a name is required".into()));
    }
    let exists = conn
        .query_one_raw(stmt(
            conn,
            "SELECT id FROM accounts WHERE email_normalized = $1",
            vec![normalized.clone().into()],
        ))
        .await?;
    if exists.is_some() {
        return Err(Error::Conflict(format!("an account for {email} exists already")));
    }
    let account = Account {
        id: Uuid::now_v7(),
        kind: kind.as_str().into(),
        email: email.trim().into(),
        display_name: display_name.into(),
        created_at: clock.now(),
    };
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO accounts (id, kind, email, email_normalized, display_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            account.id.into(),
            account.kind.clone().into(),
            account.email.clone().into(),
            normalized.into(),
            account.display_name.clone().into(),
            account.created_at.into(),
        ],
    ))
    .await?;
    audit::record(
        conn,
        clock,
        AuditEvent::new(actor, "account.created", format!("account:{}", account.id))
            .with_details(serde_json::json!({ "kind": account.kind })),
    )
    .await?;
    Ok(account)
}

/// Deletes one of the account's own things (a passkey, the authenticator app, an eID
/// link) and records `action` for it. `NotFound` when nothing matched, which is also
/// the answer for someone else's id.
pub(crate) async fn delete_own(
    db: &Db,
    clock: &dyn Clock,
    account: Uuid,
    action: &str,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<()> {
    let tx = db.begin().await?;
    let done = tx.execute_raw(stmt(&tx, sql, values)).await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{account}"), action, format!("account:{account}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables (or enables again) an account: a disabled account's sessions stop working
/// with their next request, and no password, passkey or ID card signs it in.
pub async fn set_disabled(db: &Db, clock: &dyn Clock, actor: &str, account: Uuid, disabled: bool, reason: &str) -> Result<()> {
    let tx = db.begin().await?;
    let done = if disabled {
        let sql = "UPDATE accounts SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL AND deleted_at IS NULL";
        tx.execute_raw(stmt(&tx, sql, vec![clock.now().into(), account.into()])).await?
    } else {
        let sql = "UPDATE accounts SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL AND deleted_at IS NULL";
        tx.execute_raw(stmt(&tx, sql, vec![account.into()])).await?
    };
    if done.rows_affected() == 0 {
        return Err(Error::Conflict(if disabled {
            "the account is disabled already (or deleted)".into()
        } else {
            "the account is not disabled (or deleted)".into()
        }));
    }
    if disabled {
        tx.execute_raw(stmt(&tx, "DELETE FROM sessions WHERE account_id = $1", vec![account.into()]))
            .await?;
    }
    let action = if disabled { "account.disabled" } else { "account.enabled" };
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, action, format!("account:{account}")).with_details(serde_json::json!({ "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The account if it may be used: not disabled by an operator, not deleted.
pub async fn active_account<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Account> {
    account_where(conn, "id = $1 AND disabled_at IS NULL", id.into()).await
}

pub async fn account_by_id<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Account> {
    account_where(conn, "id = $1", id.into()).await
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Account> {
    let normalized = normalize_email(email)?;
    let conn = db.write();
    account_where(conn, "email_normalized = $1", normalized.into()).await
}

pub async fn list_staff(db: &Db) -> Result<Vec<Account>> {
    let conn = db.read();
    Ok(Account::find_by_statement(stmt(
        conn,
        "SELECT id, kind, email, display_name, created_at FROM accounts WHERE kind = 'staff' ORDER BY email_normalized",
        vec![],
    ))
    .all(conn)
    .await?)
}

/// Grants a role; an agency role needs an existing agency, a city-wide role no agency.
pub async fn grant_role(db: &Db, clock: &dyn Clock, actor: &str, account: Uuid, role: Role, scope: Scope) -> Result<()> {
    match (&scope, role.is_city_wide()) {
        (Scope::City, false) => return Err(Error::Invalid(format!("the role {} needs an agency", role.as_str()))),
        (Scope::Agency(_), true) => {
            return Err(Error::Invalid(format!(
                "the role {} is city-wide and takes no agency",
                role.as_str()
            )));
        }
        _ => {}
    }
    let tx = db.begin().await?;
    if let Scope::Agency(agency) = &scope
        && tx
            .query_one_raw(stmt(&tx, "SELECT id FROM agencies WHERE id = $1", vec![agency.clone().into()]))
            .await?
            .is_none()
    {
        return Err(Error::Invalid(format!("there is no agency \"{agency}\"")));
    }
    let kind = tx
        .query_one_raw(stmt(&tx, "SELECT kind FROM accounts WHERE id = $1", vec![account.into()]))
        .await?
        .ok_or(Error::NotFound)?
        .try_get::<String>("", "kind")?;
    if kind != AccountKind::Staff.as_str() {
        return Err(Error::Invalid("roles are only for staff accounts".into()));
    }
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO role_grants (account_id, role, scope, granted_at, granted_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (account_id, role, scope) DO NOTHING",
        vec![
            account.into(),
            role.as_str().into(),
            scope.as_db().to_string().into(),
            clock.now().into(),
            actor.to_string().into(),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "role.granted", format!("account:{account}"))
            .with_details(serde_json::json!({ "role": role.as_str(), "scope": scope.as_db() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn revoke_role(db: &Db, clock: &dyn Clock, actor: &str, account: Uuid, role: Role, scope: Scope) -> Result<()> {
    let tx = db.begin().await?;
    let result = tx
        .execute_raw(stmt(
            &tx,
            "DELETE FROM role_grants WHERE account_id = $1 AND role = $2 AND scope = $3",
            vec![account.into(), role.as_str().into(), scope.as_db().to_string().into()],
        ))
        .await?;
    if result.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "role.revoked", format!("account:{account}"))
            .with_details(serde_json::json!({ "role": role.as_str(), "scope": scope.as_db() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Current grants, read from the writer so a revocation counts on the very next request.
pub async fn grants_of(db: &Db, account: Uuid) -> Result<Vec<RoleGrant>> {
    let conn = db.write();
    Ok(RoleGrant::find_by_statement(stmt(
        conn,
        "SELECT role, scope, granted_at, granted_by FROM role_grants WHERE account_id = $1 ORDER BY role, scope",
        vec![account.into()],
    ))
    .all(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email("  Anna.Beispiel@Example.ORG ").unwrap(),
            "anna.beispiel@example.org"
        );
        for bad in ["", "anna", "anna@", "@example.org", "anna@example", "an na@example.org"] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }
}
