//! A procedure as text — one row of a CSV or XLSX sheet, or the fields of the edit form —
//! read into an [`ItProcedure`] with a message key per wrong field. One reader for both,
//! so a sheet and the form accept exactly the same.
//!
//! Lists are written one item per line or separated by `;`: data classes and services by
//! their ids, interfaces as `procedure: purpose`, components as `name@version` with an
//! optional own end of support `@2027-04`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::it_procedure::{Component, DataClass, Hosting, Interface, ItProcedure, Level, Protection, Responsible, is_valid_id, parse_end};
use crate::FieldError;

/// The columns of the sheet, in order; also the edit form's field names.
pub const COLUMNS: [&str; 21] = [
    "id",
    "name",
    "owner",
    "purpose_de",
    "responsible_name",
    "responsible_email",
    "vendor",
    "contract_end",
    "hosting",
    "users",
    "confidentiality",
    "integrity",
    "availability",
    "data_classes",
    "services",
    "interfaces",
    "yearly_cost_eur",
    "components",
    "introduced",
    "last_major_update",
    "from_sbom",
];

/// Every field as text, as typed or as read from a cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcedureInput {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub purpose_de: String,
    pub responsible_name: String,
    pub responsible_email: String,
    pub vendor: String,
    pub contract_end: String,
    pub hosting: String,
    pub users: String,
    pub confidentiality: String,
    pub integrity: String,
    pub availability: String,
    pub data_classes: String,
    pub services: String,
    pub interfaces: String,
    pub yearly_cost_eur: String,
    pub components: String,
    pub introduced: String,
    pub last_major_update: String,
    /// The components an SBOM brought, kept as they are (`name@version@purl` per item):
    /// the form does not edit them, a new SBOM replaces them.
    pub from_sbom: String,
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', ';']).map(str::trim).filter(|s| !s.is_empty())
}

/// Interfaces one per line only: their purposes are sentences that may hold a `;`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|s| !s.is_empty())
}

/// The largest whole number a count or a sum in euros may be: a trillion, far above any
/// city's budget and far below where arithmetic on it could overflow.
pub const MAX_NUMBER: i64 = 1_000_000_000_000;

/// A whole number as people write it: "1400", "1 400", "1.400" or "480.000 €" — a `.`
/// only between groups of three digits, so "1.5" is refused rather than read as 15.
pub fn whole_number(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches('€').trim();
    let groups: Vec<&str> = text.split(['.', ' ', '\u{a0}']).collect();
    let grouped = groups.len() == 1 || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped || groups.iter().any(|g| !g.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    groups.concat().parse::<i64>().ok().filter(|n| (0..=MAX_NUMBER).contains(n))
}

fn field(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

fn year(text: &str, name: &'static str, errors: &mut Vec<FieldError>) -> Option<i32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i32>() {
        Ok(y) if (1950..=2100).contains(&y) => Some(y),
        _ => {
            errors.push(field(name, "cockpit-error-year"));
            None
        }
    }
}

fn level(text: &str, name: &'static str, errors: &mut Vec<FieldError>) -> Level {
    Level::parse(text).unwrap_or_else(|| {
        errors.push(field(name, "cockpit-error-level"));
        Level::Normal
    })
}

/// What separates an SBOM component's name, version and package URL: SBOM names and
/// package URLs hold `@` (`@angular/core`, `pkg:npm/%40angular/core@17.0.0`).
const SBOM_SEPARATOR: &str = " | ";

/// A typed component, `name@version` with an optional own end (`@2027-04`; a leading `@`
/// belongs to the name), or an SBOM's, `name | version | purl`.
fn component(item: &str, from_sbom: bool) -> Option<Component> {
    let parts: Vec<&str> = if from_sbom {
        item.splitn(3, SBOM_SEPARATOR.trim()).map(str::trim).collect()
    } else {
        let scoped = item.starts_with('@');
        let mut parts: Vec<&str> = item[usize::from(scoped)..].splitn(3, '@').map(str::trim).collect();
        if scoped {
            parts[0] = item[..parts[0].len() + 1].trim();
        }
        parts
    };
    let name = parts.first().filter(|s| !s.is_empty())?;
    let version = parts.get(1).filter(|s| !s.is_empty())?;
    let third = parts.get(2).filter(|s| !s.is_empty()).map(|s| s.to_string());
    let (end_of_support, purl) = if from_sbom { (None, third) } else { (third, None) };
    if end_of_support.as_deref().is_some_and(|e| parse_end(e).is_none()) {
        return None;
    }
    Some(Component {
        name: name.to_string(),
        version: version.to_string(),
        end_of_support,
        purl,
        from_sbom,
    })
}

impl ProcedureInput {
    /// The entry as text, for the form and the sheet.
    pub fn of(p: &ItProcedure) -> Self {
        let typed = |sbom: bool| {
            p.components
                .iter()
                .filter(|c| c.from_sbom == sbom)
                .map(|c| {
                    let (third, separator) = if sbom {
                        (c.purl.as_deref(), SBOM_SEPARATOR)
                    } else {
                        (c.end_of_support.as_deref(), "@")
                    };
                    match third {
                        Some(t) => format!("{}{separator}{}{separator}{t}", c.name, c.version),
                        None => format!("{}{separator}{}", c.name, c.version),
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        ProcedureInput {
            id: p.id.clone(),
            name: p.name.clone(),
            owner: p.owner.clone(),
            purpose_de: p.purpose_de.clone(),
            responsible_name: p.responsible.name.clone(),
            responsible_email: p.responsible.email.clone(),
            vendor: p.vendor.clone(),
            contract_end: p.contract_end.map(|d| d.to_string()).unwrap_or_default(),
            hosting: p.hosting.id().into(),
            users: p.users.to_string(),
            confidentiality: p.protection.confidentiality.id().into(),
            integrity: p.protection.integrity.id().into(),
            availability: p.protection.availability.id().into(),
            data_classes: p.data_classes.iter().map(|c| c.id()).collect::<Vec<_>>().join("\n"),
            services: p.services.join("\n"),
            interfaces: p
                .interfaces
                .iter()
                .map(|i| format!("{}: {}", i.procedure, i.purpose_de))
                .collect::<Vec<_>>()
                .join("\n"),
            yearly_cost_eur: p.yearly_cost_eur.to_string(),
            components: typed(false),
            introduced: p.introduced.map(|y| y.to_string()).unwrap_or_default(),
            last_major_update: p.last_major_update.map(|y| y.to_string()).unwrap_or_default(),
            from_sbom: typed(true),
        }
    }

    /// The cells in [`COLUMNS`] order.
    pub fn cells(&self) -> [&str; 21] {
        [
            &self.id,
            &self.name,
            &self.owner,
            &self.purpose_de,
            &self.responsible_name,
            &self.responsible_email,
            &self.vendor,
            &self.contract_end,
            &self.hosting,
            &self.users,
            &self.confidentiality,
            &self.integrity,
            &self.availability,
            &self.data_classes,
            &self.services,
            &self.interfaces,
            &self.yearly_cost_eur,
            &self.components,
            &self.introduced,
            &self.last_major_update,
            &self.from_sbom,
        ]
    }

    /// The cell of a column of [`COLUMNS`].
    pub fn get(&self, column: &str) -> &str {
        COLUMNS.iter().position(|c| *c == column).map_or("", |i| self.cells()[i])
    }

    /// Sets the field of a column read from a sheet's header; unknown columns are ignored.
    pub fn set(&mut self, column: &str, value: String) {
        let slot = match column.trim().to_lowercase().as_str() {
            "id" => &mut self.id,
            "name" => &mut self.name,
            "owner" => &mut self.owner,
            "purpose_de" => &mut self.purpose_de,
            "responsible_name" => &mut self.responsible_name,
            "responsible_email" => &mut self.responsible_email,
            "vendor" => &mut self.vendor,
            "contract_end" => &mut self.contract_end,
            "hosting" => &mut self.hosting,
            "users" => &mut self.users,
            "confidentiality" => &mut self.confidentiality,
            "integrity" => &mut self.integrity,
            "availability" => &mut self.availability,
            "data_classes" => &mut self.data_classes,
            "services" => &mut self.services,
            "interfaces" => &mut self.interfaces,
            "yearly_cost_eur" => &mut self.yearly_cost_eur,
            "components" => &mut self.components,
            "introduced" => &mut self.introduced,
            "last_major_update" => &mut self.last_major_update,
            "from_sbom" => &mut self.from_sbom,
            _ => return,
        };
        *slot = value;
    }

    /// The entry, or every field that is wrong. References to agencies, services and
    /// other procedures are checked against the database by the register.
    pub fn parse(&self) -> Result<ItProcedure, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = self.id.trim().to_lowercase();
        if !is_valid_id(&id) {
            errors.push(field("id", "cockpit-error-id"));
        }
        let required = [
            ("name", &self.name),
            ("owner", &self.owner),
            ("purpose_de", &self.purpose_de),
            ("responsible_name", &self.responsible_name),
        ];
        for (name, value) in required {
            if value.trim().is_empty() {
                errors.push(field(name, "cockpit-error-required"));
            }
        }
        let email = crate::accounts::normalize_email(&self.responsible_email).unwrap_or_else(|_| {
            errors.push(field("responsible_email", "cockpit-error-email"));
            String::new()
        });
        let contract_end = match self.contract_end.trim() {
            "" => None,
            text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).unwrap_or_else(|_| {
                errors.push(field("contract_end", "cockpit-error-date"));
                None
            }),
        };
        let hosting = Hosting::parse(&self.hosting).unwrap_or_else(|| {
            errors.push(field("hosting", "cockpit-error-hosting"));
            Hosting::StateDataCentre
        });
        let users = whole_number(&self.users).and_then(|n| u32::try_from(n).ok()).unwrap_or_else(|| {
            errors.push(field("users", "cockpit-error-number"));
            0
        });
        let protection = Protection {
            confidentiality: level(&self.confidentiality, "confidentiality", &mut errors),
            integrity: level(&self.integrity, "integrity", &mut errors),
            availability: level(&self.availability, "availability", &mut errors),
        };
        let mut data_classes = Vec::new();
        for item in items(&self.data_classes) {
            match DataClass::parse(item) {
                Some(c) if !data_classes.contains(&c) => data_classes.push(c),
                Some(_) => {}
                None => errors.push(field("data_classes", "cockpit-error-data-class")),
            }
        }
        let mut services: Vec<String> = items(&self.services).map(str::to_string).collect();
        services.dedup();
        let mut interfaces: Vec<Interface> = Vec::new();
        for item in lines(&self.interfaces) {
            let (procedure, purpose) = item.split_once(':').unwrap_or((item, ""));
            let procedure = procedure.trim().to_lowercase();
            if procedure == id {
                errors.push(field("interfaces", "cockpit-error-interface-self"));
            } else if !interfaces.iter().any(|i| i.procedure == procedure) {
                interfaces.push(Interface {
                    procedure,
                    purpose_de: purpose.trim().to_string(),
                });
            }
        }
        let yearly_cost_eur = match self.yearly_cost_eur.trim() {
            "" => 0,
            text => whole_number(text).unwrap_or_else(|| {
                errors.push(field("yearly_cost_eur", "cockpit-error-number"));
                0
            }),
        };
        let mut components = Vec::new();
        for (text, sbom) in [(&self.components, false), (&self.from_sbom, true)] {
            for item in items(text) {
                match component(item, sbom) {
                    Some(c) => components.push(c),
                    None => errors.push(field("components", "cockpit-error-component")),
                }
            }
        }
        let introduced = year(&self.introduced, "introduced", &mut errors);
        let last_major_update = year(&self.last_major_update, "last_major_update", &mut errors);
        if !errors.is_empty() {
            errors.dedup();
            return Err(errors);
        }
        Ok(ItProcedure {
            id,
            name: self.name.trim().to_string(),
            purpose_de: self.purpose_de.trim().to_string(),
            owner: self.owner.trim().to_string(),
            responsible: Responsible {
                name: self.responsible_name.trim().to_string(),
                email,
            },
            vendor: self.vendor.trim().to_string(),
            contract_end,
            hosting,
            users,
            protection,
            data_classes,
            services,
            interfaces,
            yearly_cost_eur,
            components,
            introduced,
            last_major_update,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a cell holds, reading it ends in an entry or in named fields, and an
        /// entry read once reads the same when written back.
        #[test]
        fn any_text_reads_into_an_entry_or_field_errors(cells in prop::collection::vec("\\PC{0,30}", 21)) {
            let mut input = filled();
            for (column, cell) in COLUMNS.iter().zip(cells) {
                if !cell.is_empty() {
                    input.set(column, cell);
                }
            }
            match input.parse() {
                Ok(p) => prop_assert_eq!(ProcedureInput::of(&p).parse().unwrap(), p),
                Err(errors) => prop_assert!(!errors.is_empty() && errors.iter().all(|e| COLUMNS.contains(&e.field))),
            }
        }
    }

    fn filled() -> ProcedureInput {
        ProcedureInput {
            id: "melda".into(),
            name: "MELDA".into(),
            owner: "hamburg-service-vor-ort".into(),
            purpose_de: "Melderegister".into(),
            responsible_name: "Erika Beispiel (fiktiv)".into(),
            responsible_email: "melda@verfahren.example.org".into(),
            vendor: "Nordmark (fiktiv)".into(),
            contract_end: "2028-12-31".into(),
            hosting: "state_data_centre".into(),
            users: "1.400".into(),
            confidentiality: "very_high".into(),
            integrity: "high".into(),
            availability: "high".into(),
            data_classes: "personal_data; special_categories_art9".into(),
            services: "wohnsitz-anmelden\nmelderegisterauskunft".into(),
            interfaces: "ausweis-klient: Übernimmt Meldedaten".into(),
            yearly_cost_eur: "480.000".into(),
            components: "PostgreSQL@13\nEigenbau@2.1@2027-04\n@scope/tool@1.0".into(),
            introduced: "2015".into(),
            last_major_update: "2023".into(),
            from_sbom: "django | 3.2.25 | pkg:pypi/django@3.2.25\n@angular/core | 17.0.0 | pkg:npm/%40angular/core@17.0.0".into(),
        }
    }

    #[test]
    fn a_filled_row_reads_and_writes_back_the_same() {
        let p = filled().parse().unwrap();
        assert_eq!(p.users, 1400);
        assert_eq!(p.yearly_cost_eur, 480_000);
        assert_eq!(p.components.len(), 5);
        assert_eq!(p.components[1].end_of_support.as_deref(), Some("2027-04"));
        assert_eq!(
            (p.components[2].name.as_str(), p.components[2].version.as_str()),
            ("@scope/tool", "1.0")
        );
        assert_eq!(p.components[3].purl.as_deref(), Some("pkg:pypi/django@3.2.25"));
        assert!(p.components[3].from_sbom);
        assert_eq!(p.components[4].name, "@angular/core");
        assert_eq!(ProcedureInput::of(&p).parse().unwrap(), p);
    }

    #[test]
    fn whole_numbers_as_people_write_them() {
        for (text, n) in [("1400", 1400), ("1.400", 1400), ("1 400", 1400), ("480.000 €", 480_000), ("0", 0)] {
            assert_eq!(whole_number(text), Some(n), "{text}");
        }
        for text in ["1.5", "12.34.567", "-3", "viele", ".400", "99999999999999999999"] {
            assert_eq!(whole_number(text), None, "{text}");
        }
    }

    #[test]
    fn every_wrong_field_is_named() {
        let mut input = filled();
        input.id = "Mel da".into();
        input.users = "viele".into();
        input.confidentiality = "geheim".into();
        input.data_classes = "personal_data; erfunden".into();
        input.components = "PostgreSQL".into();
        input.contract_end = "31.12.2028".into();
        input.interfaces = "mel da: sich selbst".into();
        let fields: Vec<&str> = input.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "id",
                "contract_end",
                "users",
                "confidentiality",
                "data_classes",
                "interfaces",
                "components"
            ]
        );
    }
}
