//! Accounts (Servicekonto): residents' registration and sign-in, staff accounts and
//! their role grants per agency.

pub mod api_keys;
pub mod eid;
pub mod history;
pub mod housekeeping;
mod level;
pub mod notices;
pub mod passkeys;
pub mod password;
pub mod privacy;
pub mod profile;
pub mod recovery;
pub mod reset;
pub mod residents;
mod roles;
pub mod second_factor;
pub mod sessions;
pub mod staff;
mod store;
pub mod throttle;
pub mod tokens;
pub mod totp;

pub use level::{Acting, Level};
pub use roles::{Role, Scope, agencies_holding};
pub use store::{
    Account, AccountKind, RoleGrant, account_by_id, active_account, create_account, find_by_email, grant_role, grants_of, list_staff,
    normalize_email, revoke_role, set_disabled,
};
