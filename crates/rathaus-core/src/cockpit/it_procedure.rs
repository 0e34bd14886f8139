//! An IT procedure (IT-Verfahren) as the register keeps it, and its vocabularies.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One entry of the register. Stored whole as JSON beside the columns lists filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItProcedure {
    /// The register's key: lower case, digits and `-`.
    pub id: String,
    pub name: String,
    pub purpose_de: String,
    /// The agency that owns the procedure (and edits its entry).
    pub owner: String,
    pub responsible: Responsible,
    pub vendor: String,
    /// When the contract with the vendor ends; none for own developments.
    #[serde(default)]
    pub contract_end: Option<NaiveDate>,
    pub hosting: Hosting,
    /// How many staff work with it.
    pub users: u32,
    pub protection: Protection,
    #[serde(default)]
    pub data_classes: Vec<DataClass>,
    /// The catalogue's services it supports.
    #[serde(default)]
    pub services: Vec<String>,
    /// The procedures it needs data from: the edges of the dependency graph.
    #[serde(default)]
    pub interfaces: Vec<Interface>,
    /// Yearly cost in whole euros: a planning figure, never charged to anyone.
    #[serde(default)]
    pub yearly_cost_eur: i64,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default)]
    pub introduced: Option<i32>,
    #[serde(default)]
    pub last_major_update: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsible {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub procedure: String,
    #[serde(default)]
    pub purpose_de: String,
}

/// A product in a version the procedure runs on or is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub version: String,
    /// An end of support known for this very component ("2027-04" or a date), e.g. from
    /// the vendor's contract; it wins over the table, which knows only public dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_support: Option<String>,
    /// The package URL, when the component came from an SBOM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Read from the last SBOM: replaced when the next one comes, unlike entries by hand.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_sbom: bool,
}

/// The BSI protection needs in the three dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protection {
    pub confidentiality: Level,
    pub integrity: Level,
    pub availability: Level,
}

impl Protection {
    pub fn highest(&self) -> Level {
        self.confidentiality.max(self.integrity).max(self.availability)
    }
}

/// Vocabularies: each value has its id (in files and the database) and its label key.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, [$($variant:ident = $id:literal),+ $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.id().eq_ignore_ascii_case(text))
            }

            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, $id)),+ }
            }
        }
    };
}

vocabulary!(
    /// A protection need (Schutzbedarf), in rising order.
    Level, "cockpit-level-", [Normal = "normal", High = "high", VeryHigh = "very_high"]
);

vocabulary!(
    /// Where the procedure runs.
    Hosting, "cockpit-hosting-", [
        OwnOperation = "own_operation",
        StateDataCentre = "state_data_centre",
        Cloud = "cloud",
        Saas = "saas",
    ]
);

vocabulary!(
    /// What kind of data the procedure processes.
    DataClass, "cockpit-data-", [
        Public = "public",
        Internal = "internal",
        PersonalData = "personal_data",
        Financial = "financial",
        SpecialCategoriesArt9 = "special_categories_art9",
        BiometricData = "biometric_data",
        SocialDataSgb = "social_data_sgb",
        TaxSecrecy = "tax_secrecy",
        MinorsData = "minors_data",
        VsNfd = "vs_nfd",
    ]
);

impl DataClass {
    /// Data whose loss harms people most: special categories (Art. 9 GDPR), biometrics,
    /// social and tax secrecy, children's data, classified material.
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            DataClass::SpecialCategoriesArt9
                | DataClass::BiometricData
                | DataClass::SocialDataSgb
                | DataClass::TaxSecrecy
                | DataClass::MinorsData
                | DataClass::VsNfd
        )
    }

    pub fn is_personal(self) -> bool {
        self.is_sensitive() || matches!(self, DataClass::PersonalData | DataClass::Financial)
    }
}

/// Words the register's addresses use for themselves (`/verwaltung/cdo/verfahren/neu`).
const RESERVED: [&str; 3] = ["neu", "import", "aenderungen"];

/// A register key: 2–64 characters of lower case letters, digits and `-`, starting with
/// a letter, and none of the register's own path words.
pub fn is_valid_id(id: &str) -> bool {
    !RESERVED.contains(&id)
        && (2..=64).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A component's own end of support: a month (`2027-04`, meaning its last day) or a day.
pub fn parse_end(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(day);
    }
    let first = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    next.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_ends_on_its_last_day() {
        assert_eq!(parse_end("2025-11"), NaiveDate::from_ymd_opt(2025, 11, 30));
        assert_eq!(parse_end("2024-02"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_end("2027-01-12"), NaiveDate::from_ymd_opt(2027, 1, 12));
        assert_eq!(parse_end("bald"), None);
    }

    #[test]
    fn ids_are_slugs() {
        assert!(is_valid_id("melda"));
        assert!(is_valid_id("kfz-hanse-2"));
        assert!(!is_valid_id("Melda"));
        assert!(!is_valid_id("1x"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("neu"));
    }

    #[test]
    fn the_highest_need_counts() {
        let p = Protection {
            confidentiality: Level::High,
            integrity: Level::Normal,
            availability: Level::VeryHigh,
        };
        assert_eq!(p.highest(), Level::VeryHigh);
    }
}
