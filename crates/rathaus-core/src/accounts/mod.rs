//! Accounts (Servicekonto): residents' registration and sign-in, staff accounts and
//! their role grants per agency.

pub mod notices;
pub mod password;
pub mod profile;
pub mod residents;
mod roles;
pub mod sessions;
mod store;
pub mod throttle;
pub mod tokens;

pub use roles::{Role, Scope};
pub use store::{
    Account, AccountKind, RoleGrant, account_by_id, create_account, find_by_email, grant_role, grants_of, list_staff, normalize_email,
    revoke_role,
};
