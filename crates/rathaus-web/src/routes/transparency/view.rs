//! What the portal's and the desk's pages show of a publication: its metadata in words,
//! its resources with their links, the history.

use rathaus_core::catalog::Catalog;
use rathaus_core::transparency::metadata::Format;
use rathaus_core::transparency::{Publication, Resource, Revision, Status};

use crate::format;
use crate::page::Page;

/// One line of the metadata table: the label and the value as read.
pub struct Fact {
    pub label: String,
    pub value: String,
}

pub struct PublicationLine {
    pub id: String,
    pub name: String,
    pub title: String,
    pub agency: String,
    pub category: String,
    pub date: String,
    pub description: String,
    /// Open reports from the public (shown on the desk only).
    pub reports: i64,
}

pub struct ResourceLine {
    pub id: String,
    pub name: String,
    pub description: String,
    pub format: &'static str,
    pub url: Option<String>,
    pub released: bool,
    pub unreadable: Option<String>,
    pub override_reason: Option<String>,
    pub redacted: bool,
}

pub struct RevisionLine {
    pub number: i32,
    pub at: String,
    pub actor: String,
    pub change: String,
}

pub fn agency_name(catalog: &Catalog, page: &Page, id: &str) -> String {
    catalog
        .agency(id)
        .map(|a| a.name(page.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub fn status_label(page: &Page, status: Status) -> String {
    page.t(&status.label_key())
}

/// The title in the reader's language where the record has one.
pub fn title(page: &Page, p: &Publication) -> String {
    match (page.lang, &p.meta.title_en) {
        (rathaus_platform::i18n::Lang::En, Some(en)) => en.clone(),
        _ => p.meta.title.clone(),
    }
}

pub fn description(page: &Page, p: &Publication) -> String {
    match (page.lang, &p.meta.description_en) {
        (rathaus_platform::i18n::Lang::En, Some(en)) => en.clone(),
        _ => p.meta.description.clone(),
    }
}

pub fn line(page: &Page, catalog: &Catalog, p: &Publication) -> PublicationLine {
    let date = p
        .published_at
        .or(Some(p.modified_at))
        .map(|d| format::date(page.lang, d.date_naive()))
        .unwrap_or_default();
    let description = shortened(&description(page, p), 240);
    PublicationLine {
        id: p.id.to_string(),
        name: p.meta.name.clone(),
        title: title(page, p),
        agency: agency_name(catalog, page, &p.agency_id),
        category: page.t(&p.meta.category.label_key()),
        date,
        description,
        reports: 0,
    }
}

/// At most `max` characters, cut at a word's end with "…".
pub fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rsplit_once(char::is_whitespace).map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '-', ' ']))
}

/// The metadata as a table, as DCAT-AP.de names it.
pub fn facts(page: &Page, catalog: &Catalog, p: &Publication) -> Vec<Fact> {
    let lang = page.lang;
    let fact = |key: &str, value: String| Fact { label: page.t(key), value };
    let mut facts = vec![
        fact("transparency-publisher", agency_name(catalog, page, &p.agency_id)),
        fact("transparency-category", page.t(&p.meta.category.label_key())),
        fact(
            "transparency-themes",
            p.meta.themes.iter().map(|t| page.t(&t.label_key())).collect::<Vec<_>>().join(", "),
        ),
        fact("transparency-licence", page.t(&p.meta.licence.label_key())),
        fact(
            "transparency-contact",
            format!("{} ({})", p.meta.contact_name, p.meta.contact_email),
        ),
        fact("transparency-legal-basis", p.meta.legal_basis.clone()),
        fact("transparency-spatial", p.meta.spatial.clone()),
        fact("transparency-frequency", page.t(&p.meta.frequency.label_key())),
    ];
    if !p.meta.keywords.is_empty() {
        facts.push(fact("transparency-keywords", p.meta.keywords.join(", ")));
    }
    if let Some(issued) = p.meta.issued {
        facts.push(fact("transparency-issued", format::date(lang, issued)));
    }
    if let (Some(start), Some(end)) = (p.meta.temporal_start, p.meta.temporal_end) {
        facts.push(fact(
            "transparency-temporal",
            format!("{} – {}", format::date(lang, start), format::date(lang, end)),
        ));
    }
    if let Some(published) = p.published_at {
        facts.push(fact("transparency-published-at", format::date(lang, published.date_naive())));
    }
    facts.push(fact("transparency-modified", format::date(lang, p.modified_at.date_naive())));
    facts
}

pub fn resource_line(page: &Page, r: &Resource) -> ResourceLine {
    ResourceLine {
        id: r.id.to_string(),
        name: r.name.clone(),
        description: r.description.clone(),
        format: r.format.id(),
        url: r.url.clone(),
        released: r.released_at.is_some(),
        unreadable: r
            .unreadable
            .as_ref()
            .map(|u| page.t(&format!("transparency-unreadable-{}", u.replace('_', "-")))),
        override_reason: r.override_reason.clone(),
        redacted: r.original_file_id.is_some(),
    }
}

pub fn revision_line(page: &Page, r: &Revision) -> RevisionLine {
    RevisionLine {
        number: r.number,
        at: format::date_time(page.lang, r.at),
        actor: r.actor_name.clone(),
        change: page.t(&format!("transparency-change-{}", r.change)),
    }
}

/// Whether the format can be shown as a table of its first rows.
pub fn is_table(format: Format) -> bool {
    matches!(format, Format::Csv | Format::Xlsx | Format::Ods)
}

#[cfg(test)]
mod tests {
    use rathaus_core::transparency::detect::Kind;
    use rathaus_core::transparency::extract::Unreadable;
    use rathaus_core::transparency::metadata::{Category, Format, Frequency, Licence, Theme};
    use rathaus_core::transparency::workflow::{ReleaseRefusal, Step};
    use rathaus_core::transparency::{FindingState, Status};

    /// The texts whose keys are made from a value (a category, a state, a step): every
    /// value has its text in German and English.
    #[test]
    fn every_value_shown_has_its_text() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(Category::ALL.iter().map(|v| v.label_key()));
        keys.extend(Theme::ALL.iter().map(|v| v.label_key()));
        keys.extend(Licence::ALL.iter().map(|v| v.label_key()));
        keys.extend(Frequency::ALL.iter().map(|v| v.label_key()));
        keys.extend(Format::ALL.iter().map(|v| v.label_key()));
        keys.extend(Status::ALL.iter().map(|s| s.label_key()));
        keys.extend(
            Kind::ALL
                .iter()
                .map(|k| format!("transparency-kind-{}", k.as_str().replace('_', "-"))),
        );
        keys.extend(
            [FindingState::Open, FindingState::Redacted, FindingState::NotPersonal]
                .iter()
                .map(|s| format!("transparency-finding-{}", s.as_str().replace('_', "-"))),
        );
        keys.extend(
            [Unreadable::NoTextLayer, Unreadable::Damaged, Unreadable::Archive]
                .iter()
                .map(|u| format!("transparency-unreadable-{}", u.as_str().replace('_', "-"))),
        );
        keys.extend(super::super::desk::DONE.iter().map(|d| format!("transparency-done-{d}")));
        keys.extend(Step::ALL.iter().map(|s| format!("transparency-change-{}", s.as_str())));
        keys.extend(
            rathaus_core::transparency::actions::CHANGES
                .iter()
                .map(|c| format!("transparency-change-{c}")),
        );
        for refusal in [
            ReleaseRefusal::OwnWork,
            ReleaseRefusal::FindingsOpen(1),
            ReleaseRefusal::Unreadable(1),
            ReleaseRefusal::NothingWaiting,
        ] {
            keys.push(refusal.key().to_string());
        }
        for ftl in [
            include_str!("../../../../../locales/de/main.ftl"),
            include_str!("../../../../../locales/en/main.ftl"),
        ] {
            let defined: Vec<&str> = ftl.lines().filter_map(|l| l.split_once(" =").map(|(k, _)| k)).collect();
            let missing: Vec<&String> = keys.iter().filter(|k| !defined.contains(&k.as_str())).collect();
            assert!(missing.is_empty(), "no text for {missing:?}");
        }
    }
}
