//! Staff roles and where they apply.

use rathaus_platform::{Error, Result};
use sea_orm::DeriveValueType;
use serde::{Deserialize, Serialize};

use super::RoleGrant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, DeriveValueType)]
#[serde(rename_all = "snake_case")]
#[sea_orm(value_type = "String", from_str = "Role::from_column", to_str = "Role::column")]
pub enum Role {
    CaseWorker,
    TeamLead,
    AgencyAdmin,
    Counter,
    /// The mailroom (Poststelle): sends decisions by post and records tracking numbers.
    Mailroom,
    /// The cash office (Kasse): sees payments and refunds them.
    Payments,
    /// Drafts publications for the transparency portal.
    Publisher,
    /// Releases publications others drafted (four eyes) and clears the personal-data check.
    Reviewer,
    Cdo,
    Operator,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::CaseWorker,
        Role::TeamLead,
        Role::AgencyAdmin,
        Role::Counter,
        Role::Mailroom,
        Role::Payments,
        Role::Publisher,
        Role::Reviewer,
        Role::Cdo,
        Role::Operator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CaseWorker => "case_worker",
            Role::TeamLead => "team_lead",
            Role::AgencyAdmin => "agency_admin",
            Role::Counter => "counter",
            Role::Mailroom => "mailroom",
            Role::Payments => "payments",
            Role::Publisher => "publisher",
            Role::Reviewer => "reviewer",
            Role::Cdo => "cdo",
            Role::Operator => "operator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    fn from_column(text: &str) -> Result<Role> {
        Role::parse(text).ok_or_else(|| Error::internal(format!("unknown role {text:?} in role_grants")))
    }

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// City-wide roles are not tied to one agency.
    pub fn is_city_wide(self) -> bool {
        matches!(self, Role::Cdo | Role::Operator)
    }
}

/// The agencies where the grants give `role`, sorted, each once.
pub fn agencies_holding(grants: &[RoleGrant], role: Role) -> Vec<String> {
    let mut agencies: Vec<String> = grants
        .iter()
        .filter(|g| g.role == role)
        .filter_map(|g| match &g.scope {
            Scope::Agency(a) => Some(a.clone()),
            Scope::City => None,
        })
        .collect();
    agencies.sort();
    agencies.dedup();
    agencies
}

/// Where a role applies: one agency, or the whole city.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Scope::from_column", to_str = "Scope::as_db")]
pub enum Scope {
    City,
    Agency(String),
}

impl Scope {
    pub fn as_db(&self) -> &str {
        match self {
            Scope::City => "*",
            Scope::Agency(id) => id,
        }
    }

    /// `*` is the whole city; any other text names an agency.
    fn from_column(text: &str) -> std::result::Result<Scope, std::convert::Infallible> {
        Ok(match text {
            "*" => Scope::City,
            agency => Scope::Agency(agency.to_string()),
        })
    }
}
