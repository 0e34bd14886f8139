//! Accounts (Servicekonto). This part holds what operators need from the start: staff
//! accounts and role grants per agency. Residents, sessions and sign-in build on it.

mod roles;
mod store;

pub use roles::{Role, Scope};
pub use store::{
    Account, AccountKind, RoleGrant, create_account, find_by_email, grant_role, grants_of, list_staff, normalize_email, revoke_role,
};
