//! Organisation accounts (Unternehmenskonto): a business or association whose members
//! act on its behalf with their own Servicekonto. Owners invite members by mail, change
//! roles and remove members; anyone may leave — except the last owner, so an
//! organisation never ends up without someone in charge.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DeriveValueType, FromQueryResult};
use serde::Deserialize;
use uuid::Uuid;

use crate::FieldError;
use crate::accounts::notices::Site;
use crate::accounts::profile::is_postcode;
use crate::accounts::tokens::hash_token;
use crate::accounts::{Account, normalize_email};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "MemberRole::from_column", to_str = "MemberRole::column")]
pub enum MemberRole {
    Owner,
    Member,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Member => "member",
        }
    }

    pub fn parse(text: &str) -> Option<MemberRole> {
        match text {
            "owner" => Some(MemberRole::Owner),
            "member" => Some(MemberRole::Member),
            _ => None,
        }
    }

    fn column(&self) -> &'static str {
        self.as_str()
    }

    fn from_column(text: &str) -> Result<MemberRole> {
        Self::parse(text).ok_or_else(|| Error::internal(format!("unknown member role {text}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    pub register_number: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Member {
    pub account_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct PendingInvitation {
    /// The token's hash: names the invitation in forms without revealing the link.
    pub handle: String,
    pub email: String,
    pub role: MemberRole,
    pub expires_at: DateTime<Utc>,
}

/// The form to found an organisation, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrganisationForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub register_number: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
}

impl OrganisationForm {
    pub fn parse(&self) -> std::result::Result<OrganisationForm, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut required = |field: &'static str, value: &str, key: &'static str| {
            if value.trim().is_empty() || value.trim().chars().count() > 200 {
                errors.push(FieldError { field, key });
            }
        };
        required("name", &self.name, "org-error-name");
        required("street", &self.street, "profile-error-required");
        required("city", &self.city, "profile-error-required");
        if !is_postcode(self.postcode.trim()) {
            errors.push(FieldError {
                field: "postcode",
                key: "profile-error-postcode",
            });
        }
        if self.register_number.trim().chars().count() > 40 {
            errors.push(FieldError {
                field: "register_number",
                key: "org-error-register",
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OrganisationForm {
            name: self.name.trim().into(),
            register_number: self.register_number.trim().into(),
            street: self.street.trim().into(),
            postcode: self.postcode.trim().into(),
            city: self.city.trim().into(),
        })
    }
}

fn event(actor: Uuid, action: &str, organisation: Uuid) -> AuditEvent {
    AuditEvent::new(format!("account:{actor}"), action, format!("organisation:{organisation}"))
}

/// Founds an organisation with `founder` as its first owner.
pub async fn create(db: &Db, clock: &dyn Clock, founder: &Account, form: &OrganisationForm) -> Result<Organisation> {
    let organisation = Organisation {
        id: Uuid::now_v7(),
        name: form.name.clone(),
        register_number: form.register_number.clone(),
        street: form.street.clone(),
        postcode: form.postcode.clone(),
        city: form.city.clone(),
        created_at: clock.now(),
    };
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO organisations (id, name, register_number, street, postcode, city, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            organisation.id.into(),
            organisation.name.clone().into(),
            organisation.register_number.clone().into(),
            organisation.street.clone().into(),
            organisation.postcode.clone().into(),
            organisation.city.clone().into(),
            organisation.created_at.into(),
        ],
    ))
    .await?;
    add_member(&tx, clock, organisation.id, founder.id, MemberRole::Owner).await?;
    audit::record(&tx, clock, event(founder.id, "organisation.created", organisation.id)).await?;
    tx.commit().await?;
    Ok(organisation)
}

async fn add_member<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, organisation: Uuid, account: Uuid, role: MemberRole) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO organisation_members (organisation_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organisation_id, account_id) DO NOTHING",
        vec![organisation.into(), account.into(), role.as_str().into(), clock.now().into()],
    ))
    .await?;
    Ok(())
}

/// The person's role in the organisation; `NotFound` when they are no member (or the
/// organisation does not exist) — the same answer, so ids reveal nothing.
pub async fn role_of(db: &Db, organisation: Uuid, account: Uuid) -> Result<MemberRole> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT role FROM organisation_members WHERE organisation_id = $1 AND account_id = $2",
            vec![organisation.into(), account.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    Ok(row.try_get("", "role")?)
}

async fn require_owner(db: &Db, organisation: Uuid, account: Uuid) -> Result<()> {
    match role_of(db, organisation, account).await? {
        MemberRole::Owner => Ok(()),
        MemberRole::Member => Err(Error::Forbidden),
    }
}

pub async fn get(db: &Db, id: Uuid) -> Result<Organisation> {
    let conn = db.write();
    Organisation::find_by_statement(stmt(
        conn,
        "SELECT id, name, register_number, street, postcode, city, created_at FROM organisations WHERE id = $1",
        vec![id.into()],
    ))
    .one(conn)
    .await?
    .ok_or(Error::NotFound)
}

/// The organisations the person belongs to, with their role.
pub async fn of_account(db: &Db, account: Uuid) -> Result<Vec<(Organisation, MemberRole)>> {
    let conn = db.write();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT o.id, o.name, o.register_number, o.street, o.postcode, o.city, o.created_at, m.role \
             FROM organisations o JOIN organisation_members m ON m.organisation_id = o.id WHERE m.account_id = $1 ORDER BY o.name",
            vec![account.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((Organisation::from_query_result(r, "")?, r.try_get("", "role")?)))
        .collect()
}

pub async fn members(db: &Db, organisation: Uuid) -> Result<Vec<Member>> {
    let conn = db.write();
    Ok(Member::find_by_statement(stmt(
        conn,
        "SELECT m.account_id, m.role, m.joined_at, a.display_name AS name, a.email FROM organisation_members m \
         JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = $1 ORDER BY m.role DESC, a.display_name",
        vec![organisation.into()],
    ))
    .all(conn)
    .await?)
}

pub async fn pending_invitations(db: &Db, clock: &dyn Clock, organisation: Uuid) -> Result<Vec<PendingInvitation>> {
    let conn = db.write();
    Ok(PendingInvitation::find_by_statement(stmt(
        conn,
        "SELECT token_hash AS handle, email_normalized AS email, role, expires_at FROM organisation_invitations \
         WHERE organisation_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY created_at",
        vec![organisation.into(), clock.now().into()],
    ))
    .all(conn)
    .await?)
}

/// An owner invites someone by mail address. The mail carries a one-time link.
pub async fn invite(
    db: &Db,
    clock: &dyn Clock,
    site: &Site<'_>,
    by: &Account,
    organisation: Uuid,
    email: &str,
    role: MemberRole,
) -> Result<()> {
    require_owner(db, organisation, by.id).await?;
    let normalized = normalize_email(email)?;
    let org = get(db, organisation).await?;
    let tx = db.begin().await?;
    let already = tx
        .query_one_raw(stmt(
            &tx,
            "SELECT 1 AS x FROM organisation_members m JOIN accounts a ON a.id = m.account_id \
             WHERE m.organisation_id = $1 AND a.email_normalized = $2",
            vec![organisation.into(), normalized.clone().into()],
        ))
        .await?;
    if already.is_some() {
        return Err(Error::Conflict("already a member".into()));
    }
    // A new invitation to the same address replaces an open one.
    tx.execute_raw(stmt(
        &tx,
        "DELETE FROM organisation_invitations WHERE organisation_id = $1 AND email_normalized = $2 AND accepted_at IS NULL",
        vec![organisation.into(), normalized.clone().into()],
    ))
    .await?;
    let token = crate::accounts::tokens::random_token();
    let now = clock.now();
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO organisation_invitations (token_hash, organisation_id, email_normalized, role, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            hash_token(&token).into(),
            organisation.into(),
            normalized.clone().into(),
            role.as_str().into(),
            by.id.into(),
            now.into(),
            (now + Duration::days(INVITATION_DAYS)).into(),
        ],
    ))
    .await?;
    site.organisation_invitation(&tx, clock, &normalized, &org.name, &by.display_name, &token)
        .await?;
    audit::record(
        &tx,
        clock,
        event(by.id, "organisation.member_invited", organisation).with_details(serde_json::json!({ "role": role.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn withdraw_invitation(db: &Db, clock: &dyn Clock, by: &Account, organisation: Uuid, handle: &str) -> Result<()> {
    require_owner(db, organisation, by.id).await?;
    let tx = db.begin().await?;
    let done = tx
        .execute_raw(stmt(
            &tx,
            "DELETE FROM organisation_invitations WHERE token_hash = $1 AND organisation_id = $2 AND accepted_at IS NULL",
            vec![handle.into(), organisation.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    audit::record(&tx, clock, event(by.id, "organisation.invitation_withdrawn", organisation)).await?;
    tx.commit().await?;
    Ok(())
}

/// An open invitation behind a link: the organisation and the address it is for.
pub async fn invitation(db: &Db, clock: &dyn Clock, token: &str) -> Result<(Organisation, String)> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT organisation_id, email_normalized FROM organisation_invitations \
             WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
            vec![hash_token(token).into(), clock.now().into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    let org = get(db, row.try_get("", "organisation_id")?).await?;
    Ok((org, row.try_get("", "email_normalized")?))
}

/// Accepts an invitation for the signed-in person. It must be addressed to their
/// account's address: a forwarded link does not make someone else a member.
pub async fn accept(db: &Db, clock: &dyn Clock, token: &str, account: &Account) -> Result<Organisation> {
    let normalized = normalize_email(&account.email)?;
    let tx = db.begin().await?;
    #[derive(FromQueryResult)]
    struct Invitation {
        organisation_id: Uuid,
        email_normalized: String,
        role: MemberRole,
    }
    let invitation = Invitation::find_by_statement(stmt(
        &tx,
        "SELECT organisation_id, email_normalized, role FROM organisation_invitations \
         WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
        vec![hash_token(token).into(), clock.now().into()],
    ))
    .one(&tx)
    .await?
    .ok_or(Error::NotFound)?;
    if invitation.email_normalized != normalized {
        return Err(Error::Forbidden);
    }
    let (organisation, role) = (invitation.organisation_id, invitation.role);
    tx.execute_raw(stmt(
        &tx,
        "UPDATE organisation_invitations SET accepted_at = $1 WHERE token_hash = $2",
        vec![clock.now().into(), hash_token(token).into()],
    ))
    .await?;
    add_member(&tx, clock, organisation, account.id, role).await?;
    audit::record(&tx, clock, event(account.id, "organisation.member_joined", organisation)).await?;
    tx.commit().await?;
    get(db, organisation).await
}

async fn owners<C: ConnectionTrait>(conn: &C, organisation: Uuid) -> Result<i64> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM organisation_members WHERE organisation_id = $1 AND role = 'owner'",
            vec![organisation.into()],
        ))
        .await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0))
}

/// Removes `member`: an owner may remove anyone, anyone may remove themselves (leave).
/// The last owner cannot go; they hand over first.
pub async fn remove_member(db: &Db, clock: &dyn Clock, by: &Account, organisation: Uuid, member: Uuid) -> Result<()> {
    if member != by.id {
        require_owner(db, organisation, by.id).await?;
    }
    let role = role_of(db, organisation, member).await?;
    let tx = db.begin().await?;
    if role == MemberRole::Owner && owners(&tx, organisation).await? <= 1 {
        return Err(Error::Conflict("the last owner cannot leave".into()));
    }
    tx.execute_raw(stmt(
        &tx,
        "DELETE FROM organisation_members WHERE organisation_id = $1 AND account_id = $2",
        vec![organisation.into(), member.into()],
    ))
    .await?;
    let action = if member == by.id {
        "organisation.member_left"
    } else {
        "organisation.member_removed"
    };
    audit::record(
        &tx,
        clock,
        event(by.id, action, organisation).with_details(serde_json::json!({ "member": format!("account:{member}") })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An owner changes a member's role; the last owner cannot be made a member.
pub async fn set_role(db: &Db, clock: &dyn Clock, by: &Account, organisation: Uuid, member: Uuid, role: MemberRole) -> Result<()> {
    require_owner(db, organisation, by.id).await?;
    let current = role_of(db, organisation, member).await?;
    let tx = db.begin().await?;
    if current == MemberRole::Owner && role == MemberRole::Member && owners(&tx, organisation).await? <= 1 {
        return Err(Error::Conflict("the last owner cannot be made a member".into()));
    }
    tx.execute_raw(stmt(
        &tx,
        "UPDATE organisation_members SET role = $1 WHERE organisation_id = $2 AND account_id = $3",
        vec![role.as_str().into(), organisation.into(), member.into()],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        event(by.id, "organisation.role_changed", organisation)
            .with_details(serde_json::json!({ "member": format!("account:{member}"), "role": role.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Organisations the person alone owns while others are members: deleting the account
/// would leave them without an owner, so it waits until someone takes over.
pub async fn sole_owner_with_others(db: &Db, account: Uuid) -> Result<Vec<String>> {
    let mut blocking = Vec::new();
    for (org, role) in of_account(db, account).await? {
        if role == MemberRole::Owner && owners(db.write(), org.id).await? <= 1 && members(db, org.id).await?.len() > 1 {
            blocking.push(org.name);
        }
    }
    Ok(blocking)
}

/// Deletes organisations whose only member was this account (at account deletion).
pub async fn delete_if_alone<C: ConnectionTrait>(conn: &C, account: Uuid) -> Result<u64> {
    let done = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM organisations WHERE id IN (SELECT organisation_id FROM organisation_members WHERE account_id = $1) \
             AND (SELECT COUNT(*) FROM organisation_members m WHERE m.organisation_id = organisations.id) = 1",
            vec![account.into()],
        ))
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_every_problem() {
        let form = OrganisationForm {
            name: " ".into(),
            register_number: "x".repeat(41),
            street: "".into(),
            postcode: "2009".into(),
            city: "".into(),
        };
        let fields: Vec<&str> = form.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "street", "city", "postcode", "register_number"]);
        let ok = OrganisationForm {
            name: " Bäckerei Beispiel GmbH ".into(),
            register_number: "HRB 12345".into(),
            street: "Beispielweg 1".into(),
            postcode: "20095".into(),
            city: "Hamburg".into(),
        };
        assert_eq!(ok.parse().unwrap().name, "Bäckerei Beispiel GmbH");
    }
}
