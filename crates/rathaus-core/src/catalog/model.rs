//! Catalogue types. The serde shape is the import/export format (and the demo data's).

use chrono::{NaiveTime, Weekday};
use rathaus_platform::i18n::Lang;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, sea_orm::FromQueryResult)]
pub struct Agency {
    pub id: String,
    pub name_de: String,
    pub name_en: String,
    /// `state_agency`, `district_office` or `unit`.
    pub kind: String,
    pub parent: Option<String>,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    pub id: String,
    pub name: String,
    pub agency: String,
    pub street: String,
    pub postcode: String,
    pub district: String,
    pub opening_hours: OpeningHours,
    pub services_in_person: Vec<String>,
    pub counters: i32,
    pub accessible: bool,
}

/// Opening hours per weekday as `"HH:MM-HH:MM"`, several ranges separated by commas;
/// `null` when closed. Times are local (Europe/Berlin).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpeningHours {
    pub monday: Option<String>,
    pub tuesday: Option<String>,
    pub wednesday: Option<String>,
    pub thursday: Option<String>,
    pub friday: Option<String>,
    pub saturday: Option<String>,
    pub sunday: Option<String>,
}

impl OpeningHours {
    pub fn day(&self, day: Weekday) -> Option<&str> {
        match day {
            Weekday::Mon => self.monday.as_deref(),
            Weekday::Tue => self.tuesday.as_deref(),
            Weekday::Wed => self.wednesday.as_deref(),
            Weekday::Thu => self.thursday.as_deref(),
            Weekday::Fri => self.friday.as_deref(),
            Weekday::Sat => self.saturday.as_deref(),
            Weekday::Sun => self.sunday.as_deref(),
        }
    }

    /// The parsed ranges of one day; an error names the day and the bad text.
    pub fn ranges(&self, day: Weekday) -> Result<Vec<(NaiveTime, NaiveTime)>, String> {
        let Some(text) = self.day(day) else { return Ok(vec![]) };
        text.split(',')
            .map(|range| {
                let (from, to) = range
                    .trim()
                    .split_once('-')
                    .ok_or_else(|| format!("{day}: \"{range}\" is not HH:MM-HH:MM"))?;
                let from = NaiveTime::parse_from_str(from.trim(), "%H:%M").map_err(|_| format!("{day}: bad time \"{from}\""))?;
                let to = NaiveTime::parse_from_str(to.trim(), "%H:%M").map_err(|_| format!("{day}: bad time \"{to}\""))?;
                if to <= from {
                    return Err(format!("{day}: \"{range}\" ends before it starts"));
                }
                Ok((from, to))
            })
            .collect()
    }

    pub fn validate(&self) -> Result<(), String> {
        for day in WEEK {
            self.ranges(day)?;
        }
        Ok(())
    }
}

pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Service {
    pub id: String,
    /// Key in the federal service catalogue (LeiKa/FIM), where known.
    pub leika_key: Option<String>,
    pub name_de: String,
    pub name_en: String,
    pub summary_de: String,
    #[serde(default)]
    pub summary_en: Option<String>,
    /// The summary in Leichte Sprache (easy-to-read German), where written.
    #[serde(default)]
    pub summary_leichte: Option<String>,
    pub agency: String,
    /// `resident` and/or `business`.
    pub audience: Vec<String>,
    pub legal_basis: String,
    pub fee: Fee,
    pub documents_de: Vec<String>,
    /// The same documents in English and in Leichte Sprache, one for one (empty: not
    /// written; the German list stands in, marked as German).
    #[serde(default)]
    pub documents_en: Vec<String>,
    #[serde(default)]
    pub documents_leichte: Vec<String>,
    /// How it is done, step by step (online, at the counter or elsewhere), and the same
    /// steps in English and Leichte Sprache.
    #[serde(default)]
    pub steps_de: Vec<String>,
    #[serde(default)]
    pub steps_en: Vec<String>,
    #[serde(default)]
    pub steps_leichte: Vec<String>,
    /// Words people use for this service besides its name (XZuFi "Schlagwörter"), for
    /// the search: "Umzug", "Perso".
    #[serde(default)]
    pub keywords_de: Vec<String>,
    pub online: OnlineAvailability,
    pub in_person_required: bool,
    /// Working days; `None` when it varies too much to say.
    pub typical_processing_days: Option<i32>,
    /// `None` when the service has no appointments.
    pub appointment_minutes: Option<i32>,
    /// `low`, `substantial` or `high` (eIDAS / BSI TR-03160).
    pub assurance_level: String,
    /// `download`, `post`, `pickup`.
    pub delivery_options: Vec<String>,
    /// How many years a closed case of this service is kept (from its closing); then
    /// the retention job erases its contents and keeps only what the figures need.
    pub retention_years: u16,
    /// Days the applicant gets to answer an information request unless the clerk sets
    /// another date (1 to 90; unset: 14).
    #[serde(default)]
    pub response_days: Option<u16>,
    /// Whether and how this service's decisions are published in the transparency
    /// portal (a building permit is); `None` for a service whose decisions stay private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publishable>,
}

/// How a service's decisions are published: a clerk turns a decision into a draft
/// publication in one step, and the draft gets these metadata. The category, themes
/// and licence are ids of the portal's vocabularies (`baugenehmigung`, `REGI`,
/// `dl-by-de/2.0`); an unknown id refuses the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Publishable {
    #[schema(value_type = String)]
    pub category: crate::transparency::metadata::Category,
    #[schema(value_type = Vec<String>)]
    pub themes: Vec<crate::transparency::metadata::Theme>,
    #[schema(value_type = String)]
    pub licence: crate::transparency::metadata::Licence,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The law under which the decision is published ("§ 3 Abs. 1 HmbTG").
    pub legal_basis: String,
}

/// Days to answer an information request when the service names none.
pub const DEFAULT_RESPONSE_DAYS: u16 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OnlineAvailability {
    pub possible: bool,
    /// Why not, and how it is done instead (appointment, post, phone).
    pub why_not_de: Option<String>,
    #[serde(default)]
    pub why_not_en: Option<String>,
    #[serde(default)]
    pub why_not_leichte: Option<String>,
    /// Where an online service without a form in Rathaus is started: the address of the
    /// specialist procedure that takes it.
    #[serde(default)]
    pub procedure_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Fee {
    /// `free`, `fixed`, `tiered` or `variable`.
    pub kind: String,
    pub amount_cents: Option<i64>,
    #[serde(default)]
    pub tiers: Vec<FeeTier>,
    pub note_de: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_leichte: Option<String>,
    /// A fee (the default) or a tax.
    #[serde(default)]
    pub charge: crate::payments::fees::Charge,
}

impl Fee {
    /// The fee in one line, for mails and calendar entries: "46,00 € (ab 24 Jahren),
    /// 27,60 € (unter 24 Jahren)", the labels in `lang` where written.
    pub fn in_words(&self, lang: Lang) -> String {
        use rathaus_platform::i18n::money;
        if self.kind == "free" {
            return lang.t("fee-free");
        }
        let amounts: Vec<String> = self
            .amount_cents
            .map(|cents| money(lang, cents))
            .into_iter()
            .chain(
                self.tiers
                    .iter()
                    .map(|t| format!("{} ({})", money(lang, t.amount_cents), t.label(lang).0)),
            )
            .collect();
        let variable = lang.t_args("fee-variable", &[("charge", self.charge.as_str().to_string())]);
        match (self.kind.as_str(), amounts.is_empty()) {
            (_, true) => variable,
            ("variable", false) => format!("{variable} {}", amounts.join(", ")),
            _ => amounts.join(", "),
        }
    }

    /// The note on the fee in `lang`, and whether it is in that language.
    pub fn note(&self, lang: Lang) -> Option<(&str, bool)> {
        let de = self.note_de.as_deref()?;
        Some(in_language(lang, de, self.note_en.as_deref(), self.note_leichte.as_deref()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FeeTier {
    pub label_de: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_leichte: Option<String>,
    pub amount_cents: i64,
}

impl FeeTier {
    /// The label in the wanted language, and whether it is that language.
    pub fn label(&self, lang: Lang) -> (&str, bool) {
        in_language(lang, &self.label_de, self.label_en.as_deref(), self.label_leichte.as_deref())
    }
}

/// A catalogue text in the wanted language, and whether it is in that language: English
/// and Leichte Sprache where written, German otherwise (which a page marks `lang="de"`
/// where it is not the page's language; for Leichte Sprache German is the nearest).
pub fn in_language<'a, T: ?Sized>(lang: Lang, de: &'a T, en: Option<&'a T>, leichte: Option<&'a T>) -> (&'a T, bool) {
    match lang {
        Lang::De => (de, true),
        Lang::En => en.map_or((de, false), |en| (en, true)),
        Lang::DeLeichte => (leichte.unwrap_or(de), true),
    }
}

/// A list is written in a language when it is not empty.
fn written(list: &[String]) -> Option<&[String]> {
    (!list.is_empty()).then_some(list)
}

pub use crate::cockpit::it_procedure::ItProcedure;

/// The import/export document: the whole catalogue in one JSON file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogFile {
    pub agencies: Vec<Agency>,
    pub locations: Vec<Location>,
    pub services: Vec<Service>,
    #[serde(default)]
    pub it_procedures: Vec<ItProcedure>,
}

impl Service {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            _ => &self.name_de,
        }
    }

    /// The summary in the wanted language, and whether it is that language (a German
    /// text shown on an English page must be marked `lang="de"`).
    pub fn summary(&self, lang: Lang) -> (&str, bool) {
        in_language(lang, &self.summary_de, self.summary_en.as_deref(), self.summary_leichte.as_deref())
    }

    /// The documents to bring, in the wanted language where written.
    pub fn documents(&self, lang: Lang) -> (&[String], bool) {
        in_language(
            lang,
            &self.documents_de[..],
            written(&self.documents_en),
            written(&self.documents_leichte),
        )
    }

    /// How it is done, step by step, in the wanted language where written.
    pub fn steps(&self, lang: Lang) -> (&[String], bool) {
        in_language(lang, &self.steps_de[..], written(&self.steps_en), written(&self.steps_leichte))
    }

    /// Why it cannot be done online, in the wanted language where written.
    pub fn why_not_online(&self, lang: Lang) -> Option<(&str, bool)> {
        let de = self.online.why_not_de.as_deref()?;
        Some(in_language(
            lang,
            de,
            self.online.why_not_en.as_deref(),
            self.online.why_not_leichte.as_deref(),
        ))
    }

    /// Every text written in another language must match its German text: a list one
    /// for one, and nothing without its German original.
    fn translation_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (name, de, other) in [
            ("documents_en", &self.documents_de, &self.documents_en),
            ("documents_leichte", &self.documents_de, &self.documents_leichte),
            ("steps_en", &self.steps_de, &self.steps_en),
            ("steps_leichte", &self.steps_de, &self.steps_leichte),
        ] {
            if !other.is_empty() && other.len() != de.len() {
                problems.push(format!(
                    "service {}: {name} has {} entries, the German list {}: write one for each, in the same order, \
                     or leave it empty",
                    self.id,
                    other.len(),
                    de.len()
                ));
            }
        }
        let orphans = [
            (
                "online.why_not",
                self.online.why_not_de.is_none() && (self.online.why_not_en.is_some() || self.online.why_not_leichte.is_some()),
            ),
            (
                "fee.note",
                self.fee.note_de.is_none() && (self.fee.note_en.is_some() || self.fee.note_leichte.is_some()),
            ),
        ];
        for (name, orphan) in orphans {
            if orphan {
                problems.push(format!(
                    "service {}: {name}_en or {name}_leichte is set without {name}_de: write the German text first",
                    self.id
                ));
            }
        }
        problems
    }
}

impl Agency {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            _ => &self.name_de,
        }
    }
}

const LEVELS: [&str; 3] = ["low", "substantial", "high"];
const FEE_KINDS: [&str; 4] = ["free", "fixed", "tiered", "variable"];
const AUDIENCES: [&str; 2] = ["resident", "business"];
const DELIVERY: [&str; 3] = ["download", "post", "pickup"];
/// The longest retention the catalogue accepts (civil-status and citizenship files are
/// kept for generations).
pub const MAX_RETENTION_YEARS: u16 = 120;

/// How a service is started online, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnlineStart<'a> {
    /// With a form in Rathaus.
    Form,
    /// In the specialist procedure at this address.
    Procedure(&'a str),
    /// Not online: the page says how it is done instead.
    NotOnline,
    /// Not online, but a form in Rathaus takes ahead of the visit what can be given online.
    AheadOfVisit,
}

impl Service {
    /// Whether an application for it starts with a form in Rathaus: online, or ahead of
    /// a visit.
    pub fn has_form_here(&self) -> bool {
        matches!(self.online_start(), OnlineStart::Form | OnlineStart::AheadOfVisit)
    }

    /// How this service starts online: with a form Rathaus ships, at its procedure's
    /// address, or not at all. A service says "online" only when this is not `NotOnline`.
    pub fn online_start(&self) -> OnlineStart<'_> {
        match (
            self.online.possible,
            crate::forms::has_form(&self.id),
            self.online.procedure_url.as_deref(),
        ) {
            (false, true, _) => OnlineStart::AheadOfVisit,
            (false, false, _) => OnlineStart::NotOnline,
            (true, true, _) => OnlineStart::Form,
            (true, false, Some(url)) => OnlineStart::Procedure(url),
            (true, false, None) => OnlineStart::NotOnline,
        }
    }
}

impl CatalogFile {
    /// Checks references and value sets; every problem is listed, not only the first.
    /// A service marked online needs a form Rathaus ships or the address of its procedure.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        use std::collections::HashSet;
        let mut problems = Vec::new();
        let agencies: HashSet<&str> = self.agencies.iter().map(|a| a.id.as_str()).collect();
        let services: HashSet<&str> = self.services.iter().map(|s| s.id.as_str()).collect();
        let mut seen = HashSet::new();
        for a in &self.agencies {
            if !seen.insert(("agency", a.id.as_str())) {
                problems.push(format!("agency {}: listed twice", a.id));
            }
            if let Some(p) = &a.parent
                && !agencies.contains(p.as_str())
            {
                problems.push(format!("agency {}: parent {p} does not exist", a.id));
            }
        }
        for l in &self.locations {
            if !seen.insert(("location", l.id.as_str())) {
                problems.push(format!("location {}: listed twice", l.id));
            }
            if !agencies.contains(l.agency.as_str()) {
                problems.push(format!("location {}: agency {} does not exist", l.id, l.agency));
            }
            for s in &l.services_in_person {
                if !services.contains(s.as_str()) {
                    problems.push(format!("location {}: service {s} does not exist", l.id));
                }
            }
            if let Err(e) = l.opening_hours.validate() {
                problems.push(format!("location {}: opening hours {e}", l.id));
            }
        }
        for s in &self.services {
            if !seen.insert(("service", s.id.as_str())) {
                problems.push(format!("service {}: listed twice", s.id));
            }
            if !agencies.contains(s.agency.as_str()) {
                problems.push(format!("service {}: agency {} does not exist", s.id, s.agency));
            }
            if !LEVELS.contains(&s.assurance_level.as_str()) {
                problems.push(format!("service {}: assurance_level must be one of {LEVELS:?}", s.id));
            }
            if let Some(key) = &s.leika_key
                && !(key.len() == 14 && key.bytes().all(|b| b.is_ascii_digit()))
            {
                problems.push(format!(
                    "service {}: leika_key \"{key}\" must be the 14 digits of the LeiKa key",
                    s.id
                ));
            }
            if !FEE_KINDS.contains(&s.fee.kind.as_str()) {
                problems.push(format!("service {}: fee.kind must be one of {FEE_KINDS:?}", s.id));
            }
            if s.fee.kind == "fixed" && s.fee.amount_cents.is_none() {
                problems.push(format!("service {}: a fixed fee needs amount_cents", s.id));
            }
            if s.audience.iter().any(|a| !AUDIENCES.contains(&a.as_str())) {
                problems.push(format!("service {}: audience must be within {AUDIENCES:?}", s.id));
            }
            if s.delivery_options.iter().any(|d| !DELIVERY.contains(&d.as_str())) {
                problems.push(format!("service {}: delivery_options must be within {DELIVERY:?}", s.id));
            }
            let most = crate::cases::MAX_RESPONSE_DAYS;
            if s.response_days.is_some_and(|d| !(1..=most).contains(&i64::from(d))) {
                problems.push(format!("service {}: response_days must be 1 to {most}", s.id));
            }
            if !(1..=MAX_RETENTION_YEARS).contains(&s.retention_years) {
                problems.push(format!("service {}: retention_years must be 1 to {MAX_RETENTION_YEARS}", s.id));
            }
            match &s.online.procedure_url {
                Some(url) if !is_web_address(url) => {
                    problems.push(format!("service {}: online.procedure_url must be an https:// address", s.id));
                }
                _ => {}
            }
            if s.publication
                .as_ref()
                .is_some_and(|p| p.themes.is_empty() || p.legal_basis.trim().is_empty())
            {
                problems.push(format!(
                    "service {}: publication needs at least one theme and the legal_basis of publishing",
                    s.id
                ));
            }
            problems.extend(s.translation_problems());
            if s.online.possible && s.online_start() == OnlineStart::NotOnline {
                problems.push(format!(
                    "service {}: marked online, but there is no form for it and no online.procedure_url: \
                     add the address of the procedure that takes it, or set online.possible to false and say \
                     in online.why_not_de how it is done instead",
                    s.id
                ));
            }
            match crate::forms::ahead_of_visit(&s.id) {
                Some(true) if s.online.possible => problems.push(format!(
                    "service {}: marked online, but its form is one to fill in ahead of a visit: \
                     set online.possible to false, or ship a form without ahead_of_visit",
                    s.id
                )),
                Some(false) if !s.online.possible => problems.push(format!(
                    "service {}: not online, but Rathaus ships an online form for it: set online.possible \
                     to true, or mark the form ahead_of_visit when the visit stays necessary",
                    s.id
                )),
                _ => {}
            }
            if !s.online.possible && s.online.why_not_de.as_deref().is_none_or(|w| w.trim().is_empty()) {
                problems.push(format!(
                    "service {}: not online, so online.why_not_de must say why and how it is done instead",
                    s.id
                ));
            }
        }
        let procedures: HashSet<&str> = self.it_procedures.iter().map(|p| p.id.as_str()).collect();
        for p in &self.it_procedures {
            if !crate::cockpit::it_procedure::is_valid_id(&p.id) || !seen.insert(("it_procedure", p.id.as_str())) {
                problems.push(format!(
                    "it_procedure {}: the id must be unique, lower case letters, digits and -",
                    p.id
                ));
            }
            if !agencies.contains(p.owner.as_str()) {
                problems.push(format!("it_procedure {}: owner {} does not exist", p.id, p.owner));
            }
            for s in p.services.iter().filter(|s| !services.contains(s.as_str())) {
                problems.push(format!("it_procedure {}: service {s} does not exist", p.id));
            }
            for i in p
                .interfaces
                .iter()
                .filter(|i| !procedures.contains(i.procedure.as_str()) || i.procedure == p.id)
            {
                problems.push(format!(
                    "it_procedure {}: interface to {} names no other procedure of this file",
                    p.id, i.procedure
                ));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
}

/// An absolute https address with a host (a procedure's address is shown as a link).
fn is_web_address(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()))
}
