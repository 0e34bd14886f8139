//! The transparency portal (Transparenzportal): an agency's publications — documents and
//! data published for everyone under the transparency law — with their resources, the
//! four-eyes workflow, and the personal-data check that blocks a release until every
//! finding is redacted or cleared.
//!
//! - [`metadata`]: the vocabularies (HmbTG category, EU themes, licences, frequency, format)
//! - [`workflow`]: the states, the allowed steps, the release rules
//! - [`extract`], [`detect`], [`redact`]: the text of a file, what is personal in it, and
//!   its removal
//! - [`store`]: the tables; [`actions`]: every change, each one audited with its revision
//! - [`search`]: the full-text index (tantivy) each node keeps from the database
//! - [`figures`]: views and downloads per day, counted without anything about the reader
//! - [`from_case`]: a decision made into a draft, the applicant's data proposed for redaction
//! - [`reports`]: problems the public reports about a record, a task for its desk
//! - [`jobs`]: the scheduler of releases set for later
//! - [`demo`]: the demo city's publications

pub mod actions;
pub mod dcat;
pub mod demo;
pub mod detect;
pub mod extract;
pub mod figures;
pub mod from_case;
pub mod jobs;
pub mod metadata;
pub mod redact;
pub mod reports;
pub mod search;
mod spelling;
pub mod store;
pub mod workflow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::FieldError;
use crate::accounts::{Role, RoleGrant, agencies_holding};
use metadata::{Category, Format, Frequency, Licence, Theme};
pub use workflow::Status;

/// The longest title, and the longest description, a record may have.
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// The describing part of a publication (DCAT-AP.de), as the publisher keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The record's name in URLs and in the CKAN API: lower case, digits, `-` and `_`.
    pub name: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub category: Category,
    pub themes: Vec<Theme>,
    pub keywords: Vec<String>,
    pub licence: Licence,
    pub contact_name: String,
    pub contact_email: String,
    pub issued: Option<NaiveDate>,
    pub temporal_start: Option<NaiveDate>,
    pub temporal_end: Option<NaiveDate>,
    pub spatial: String,
    pub frequency: Frequency,
    pub legal_basis: String,
}

/// The metadata as typed into a form or sent by a client, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct MetadataInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub category: String,
    /// The theme ids, apart by commas or spaces.
    #[serde(default)]
    pub themes: String,
    /// Keywords apart by commas.
    #[serde(default)]
    pub keywords: String,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub issued: String,
    #[serde(default)]
    pub temporal_start: String,
    #[serde(default)]
    pub temporal_end: String,
    #[serde(default)]
    pub spatial: String,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub legal_basis: String,
}

impl MetadataInput {
    /// The form's values for a record that exists (to edit it).
    pub fn of(meta: &Metadata) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Self {
            name: meta.name.clone(),
            title: meta.title.clone(),
            title_en: meta.title_en.clone().unwrap_or_default(),
            description: meta.description.clone(),
            description_en: meta.description_en.clone().unwrap_or_default(),
            category: meta.category.id().into(),
            themes: meta.themes.iter().map(|t| t.id()).collect::<Vec<_>>().join(", "),
            keywords: meta.keywords.join(", "),
            licence: meta.licence.id().into(),
            contact_name: meta.contact_name.clone(),
            contact_email: meta.contact_email.clone(),
            issued: date(meta.issued),
            temporal_start: date(meta.temporal_start),
            temporal_end: date(meta.temporal_end),
            spatial: meta.spatial.clone(),
            frequency: meta.frequency.id().into(),
            legal_basis: meta.legal_basis.clone(),
        }
    }

    /// The checked metadata, or every problem at its field (as a translation key).
    pub fn parse(&self) -> Result<Metadata, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &'static str, key: &'static str| errors.push(FieldError { field, key });
        let name = self.name.trim().to_lowercase();
        if !is_valid_name(&name) {
            fail("name", "transparency-error-name");
        }
        let title = self.title.trim().to_string();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            fail("title", "transparency-error-title");
        }
        let description = self.description.trim().to_string();
        if description.is_empty() || description.chars().count() > MAX_DESCRIPTION_CHARS {
            fail("description", "transparency-error-description");
        }
        let category = Category::parse(&self.category);
        if category.is_none() {
            fail("category", "transparency-error-category");
        }
        let themes: Option<Vec<Theme>> = self
            .themes
            .split([',', ' '])
            .filter(|t| !t.trim().is_empty())
            .map(Theme::parse)
            .collect();
        let themes = themes.unwrap_or_default();
        if themes.is_empty() {
            fail("themes", "transparency-error-themes");
        }
        let mut keywords: Vec<String> = self
            .keywords
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        keywords.dedup();
        if keywords.iter().any(|k| k.chars().count() > 100) {
            fail("keywords", "transparency-error-keywords");
        }
        let licence = Licence::parse(&self.licence);
        if licence.is_none() {
            fail("licence", "transparency-error-licence");
        }
        let contact_name = self.contact_name.trim().to_string();
        if contact_name.is_empty() {
            fail("contact_name", "transparency-error-contact-name");
        }
        let contact_email = self.contact_email.trim().to_string();
        if !is_plausible_email(&contact_email) {
            fail("contact_email", "transparency-error-contact-email");
        }
        let mut date = |field: &'static str, text: &str| -> Option<NaiveDate> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
                .ok();
            if parsed.is_none() {
                errors.push(FieldError {
                    field,
                    key: "transparency-error-date",
                });
            }
            parsed
        };
        let issued = date("issued", &self.issued);
        let temporal_start = date("temporal_start", &self.temporal_start);
        let temporal_end = date("temporal_end", &self.temporal_end);
        if let (Some(start), Some(end)) = (temporal_start, temporal_end)
            && end < start
        {
            errors.push(FieldError {
                field: "temporal_end",
                key: "transparency-error-temporal",
            });
        }
        let frequency = Frequency::parse(&self.frequency);
        if frequency.is_none() {
            errors.push(FieldError {
                field: "frequency",
                key: "transparency-error-frequency",
            });
        }
        let legal_basis = self.legal_basis.trim().to_string();
        if legal_basis.is_empty() {
            errors.push(FieldError {
                field: "legal_basis",
                key: "transparency-error-legal-basis",
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let optional = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
        Ok(Metadata {
            name,
            title,
            title_en: optional(&self.title_en),
            description,
            description_en: optional(&self.description_en),
            category: category.expect("checked"),
            themes,
            keywords,
            licence: licence.expect("checked"),
            contact_name,
            contact_email,
            issued,
            temporal_start,
            temporal_end,
            spatial: Some(self.spatial.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Hamburg".into()),
            frequency: frequency.expect("checked"),
            legal_basis,
        })
    }
}

/// Names the portal's own pages use beside the records (`/transparenz/suche`).
const RESERVED_NAMES: [&str; 3] = ["suche", "veroeffentlichungen", "verwaltung"];

/// CKAN's rule for a dataset's name: 2 to 100 characters of `a-z`, `0-9`, `-` and `_`;
/// and none of the portal's own page names.
pub fn is_valid_name(name: &str) -> bool {
    (2..=100).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !RESERVED_NAMES.contains(&name)
}

fn is_plausible_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub id: Uuid,
    pub agency_id: String,
    pub meta: Metadata,
    #[serde(serialize_with = "status_as_str")]
    pub status: Status,
    pub release_at: Option<DateTime<Utc>>,
    pub revision: i32,
    pub created_by: Option<Uuid>,
    pub submitted_by: Option<Uuid>,
    pub released_by: Option<Uuid>,
    pub source_application_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

fn status_as_str<S: serde::Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_str())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub id: Uuid,
    pub publication_id: Uuid,
    pub position: i32,
    pub name: String,
    pub description: String,
    pub format: Format,
    pub file_id: Option<Uuid>,
    pub url: Option<String>,
    #[serde(skip)]
    pub text: Option<String>,
    pub unreadable: Option<String>,
    pub override_reason: Option<String>,
    pub original_file_id: Option<Uuid>,
    pub added_by: Option<Uuid>,
    pub added_at: DateTime<Utc>,
    pub released_at: Option<DateTime<Utc>>,
}

impl Resource {
    /// The extracted pages (apart by a form feed in the table).
    pub fn pages(&self) -> Vec<String> {
        self.text
            .as_deref()
            .map(|t| t.split('\u{c}').map(str::to_string).collect())
            .unwrap_or_default()
    }

    pub fn is_unreadable_without_override(&self) -> bool {
        self.file_id.is_some() && self.unreadable.is_some() && self.override_reason.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingState {
    Open,
    Redacted,
    NotPersonal,
}

impl FindingState {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingState::Open => "open",
            FindingState::Redacted => "redacted",
            FindingState::NotPersonal => "not_personal",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [FindingState::Open, FindingState::Redacted, FindingState::NotPersonal]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: Uuid,
    pub resource_id: Uuid,
    pub kind: detect::Kind,
    pub text: String,
    pub page: i32,
    pub line: i32,
    pub context: String,
    pub state: FindingState,
    pub reason: Option<String>,
    /// Proposed for redaction by the case the file came from (the applicant's own data),
    /// not found by a detector.
    pub proposed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub number: i32,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub change: String,
    pub snapshot: serde_json::Value,
}

/// Who works on publications, and where: the agencies they publish for and review for.
/// The system (the demo, the scheduler) has no account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub account: Option<Uuid>,
    pub name: String,
    pub publishes: Vec<String>,
    pub reviews: Vec<String>,
}

impl Desk {
    pub fn of(account: Uuid, name: &str, grants: &[RoleGrant]) -> Self {
        Self {
            account: Some(account),
            name: name.to_string(),
            publishes: agencies_holding(grants, Role::Publisher),
            reviews: agencies_holding(grants, Role::Reviewer),
        }
    }

    /// The system acting for every agency (demo data, scheduled releases).
    pub fn system(name: &str) -> Self {
        Self {
            account: None,
            name: name.to_string(),
            publishes: Vec::new(),
            reviews: Vec::new(),
        }
    }

    pub fn is_system(&self) -> bool {
        self.account.is_none()
    }

    pub fn publishes_for(&self, agency: &str) -> bool {
        self.is_system() || self.publishes.iter().any(|a| a == agency)
    }

    pub fn reviews_for(&self, agency: &str) -> bool {
        self.is_system() || self.reviews.iter().any(|a| a == agency)
    }

    pub fn works_for(&self, agency: &str) -> bool {
        self.publishes_for(agency) || self.reviews_for(agency)
    }

    /// Every agency where the person publishes or reviews.
    pub fn agencies(&self) -> Vec<String> {
        let mut all: Vec<String> = self.publishes.iter().chain(&self.reviews).cloned().collect();
        all.sort();
        all.dedup();
        all
    }

    pub fn audit_actor(&self) -> String {
        match self.account {
            Some(id) => format!("account:{id}"),
            None => "system".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MetadataInput {
        MetadataInput {
            name: "radverkehr-2026".into(),
            title: "Radverkehrszählung 2026".into(),
            description: "Zählstellen des Radverkehrs.".into(),
            category: "statistik".into(),
            themes: "TRAN, REGI".into(),
            keywords: "Radverkehr, Zählung".into(),
            licence: "dl-by-de/2.0".into(),
            contact_name: "Referat Verkehrsplanung".into(),
            contact_email: "verkehr@bvm.example.org".into(),
            issued: "01.02.2026".into(),
            frequency: "ANNUAL".into(),
            legal_basis: "§ 3 Abs. 1 Nr. 5 HmbTG".into(),
            ..Default::default()
        }
    }

    #[test]
    fn metadata_is_parsed_with_its_vocabularies() {
        let meta = input().parse().unwrap();
        assert_eq!(meta.themes, vec![Theme::Tran, Theme::Regi]);
        assert_eq!(meta.issued, NaiveDate::from_ymd_opt(2026, 2, 1));
        assert_eq!(meta.spatial, "Hamburg");
        assert_eq!(MetadataInput::of(&meta).parse().unwrap(), meta);
    }

    #[test]
    fn every_broken_field_is_named() {
        let broken = MetadataInput {
            name: "Nicht Erlaubt!".into(),
            category: "krimi".into(),
            themes: "XYZ".into(),
            licence: "alle-rechte".into(),
            contact_email: "kein-mail".into(),
            temporal_start: "2026-05-01".into(),
            temporal_end: "2026-04-01".into(),
            frequency: "sometimes".into(),
            ..input()
        };
        let fields: Vec<&str> = broken.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert!(!is_valid_name("suche"), "a page of the portal is not a record's name");
        assert_eq!(
            fields,
            vec![
                "name",
                "category",
                "themes",
                "licence",
                "contact_email",
                "temporal_end",
                "frequency"
            ]
        );
    }
}
