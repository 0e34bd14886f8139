//! Staff accounts: an operator invites a colleague by mail; the link sets the first
//! password, and a second factor is set up before any staff page opens.

use chrono::Duration;

use super::notices::Site;
use super::store::{Account, AccountKind, insert_account};
use super::tokens::{self, Purpose};
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;

/// How long the invitation link works.
pub const INVITATION_HOURS: i64 = 72;

/// Creates a staff account and mails the invitation, in one transaction.
pub async fn invite(db: &Db, clock: &dyn Clock, site: &Site<'_>, actor: &str, email: &str, name: &str) -> Result<Account> {
    let tx = db.begin().await?;
    let account = insert_account(&tx, clock, actor, AccountKind::Staff, email, name).await?;
    let token = tokens::issue_valid_for(&tx, clock, account.id, Purpose::ResetPassword, Duration::hours(INVITATION_HOURS)).await?;
    site.staff_invitation(&tx, clock, &account.email, &token).await?;
    tx.commit().await?;
    Ok(account)
}
