//! View models: catalogue data prepared for one language, so templates stay simple.

use chrono::{DateTime, Datelike, Utc, Weekday};
use chrono_tz::Europe::Berlin;

use crate::format;
use rathaus_core::catalog::{Agency, Catalog, Fee, Location, Service, WEEK};
use rathaus_platform::i18n::Lang;

/// The weekday in Berlin at `now`.
pub fn berlin_weekday(now: DateTime<Utc>) -> Weekday {
    now.with_timezone(&Berlin).weekday()
}

#[derive(Debug, Clone)]
pub struct ServiceCard {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub summary_de: bool,
    pub online: bool,
}

impl ServiceCard {
    pub fn new(s: &Service, lang: Lang) -> Self {
        let (summary, own_language) = s.summary(lang);
        Self {
            id: s.id.clone(),
            name: s.name(lang).to_string(),
            summary: summary.to_string(),
            summary_de: !own_language,
            online: s.online.possible,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FeeLine {
    pub label: String,
    /// The label is German on a page in another language (not written in it).
    pub label_de: bool,
    pub amount: String,
}

/// A catalogue text as shown: in the page's language, or German marked as such.
#[derive(Debug, Clone)]
pub struct Shown<T> {
    pub text: T,
    /// German on a page in another language: the element says `lang="de"`.
    pub de: bool,
}

impl<T> Shown<T> {
    /// From a catalogue text as `catalog::in_language` picked it: not in the page's
    /// language means German on a page in another one.
    fn of<U: ToOwned<Owned = T> + ?Sized>((text, own_language): (&U, bool)) -> Self {
        Self {
            text: text.to_owned(),
            de: !own_language,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FeeView {
    pub summary: String,
    pub lines: Vec<FeeLine>,
    pub note: Option<Shown<String>>,
    /// `fee` or `tax`, for the heading.
    pub charge: &'static str,
}

impl FeeView {
    pub fn new(fee: &Fee, lang: Lang) -> Self {
        let summary = match (fee.kind.as_str(), fee.amount_cents) {
            ("free", _) => lang.t("fee-free"),
            ("fixed", Some(cents)) => format::money(lang, cents),
            ("variable", _) => lang.t_args("fee-variable", &[("charge", fee.charge.as_str().to_string())]),
            _ => lang.t_args("fee-tiered", &[("charge", fee.charge.as_str().to_string())]),
        };
        let lines = fee
            .tiers
            .iter()
            .map(|t| {
                let label = Shown::of(t.label(lang));
                FeeLine {
                    label: label.text,
                    label_de: label.de,
                    amount: format::money(lang, t.amount_cents),
                }
            })
            .collect();
        Self {
            summary,
            lines,
            note: fee.note(lang).map(Shown::of),
            charge: fee.charge.as_str(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LocationCard {
    pub id: String,
    pub name: String,
    pub address: String,
    pub today: String,
    pub open_today: bool,
    pub accessible: bool,
}

impl LocationCard {
    /// `today` is the weekday in Berlin, from the injected clock.
    pub fn new(l: &Location, lang: Lang, today: Weekday) -> Self {
        let open_today = l.opening_hours.day(today).is_some();
        let today = match l.opening_hours.day(today) {
            Some(hours) => lang.t_args("hours-today-open", &[("hours", hours.replace('-', "–"))]),
            None => lang.t("hours-today-closed"),
        };
        Self {
            id: l.id.clone(),
            name: l.name.clone(),
            address: format!("{}, {} Hamburg", l.street, l.postcode),
            today,
            open_today,
            accessible: l.accessible,
        }
    }
}

#[derive(Debug, Clone)]
pub struct HoursRow {
    pub day: String,
    pub hours: String,
}

pub fn hours_table(l: &Location, lang: Lang) -> Vec<HoursRow> {
    WEEK.iter()
        .map(|&d| HoursRow {
            day: lang.t(&format!("weekday-{}", d.num_days_from_monday())),
            hours: l
                .opening_hours
                .day(d)
                .map(|h| h.replace('-', "–").replace(',', ", "))
                .unwrap_or_else(|| lang.t("hours-closed")),
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct AgencyCard {
    pub id: String,
    pub name: String,
    pub kind: String,
}

impl AgencyCard {
    pub fn new(a: &Agency, lang: Lang) -> Self {
        Self {
            id: a.id.clone(),
            name: a.name(lang).to_string(),
            kind: lang.t(&format!("agency-kind-{}", a.kind.replace('_', "-"))),
        }
    }
}

/// Everything the service page shows.
#[derive(Debug, Clone)]
pub struct ServiceView {
    pub card: ServiceCard,
    pub name_other: String,
    pub agency: Option<AgencyCard>,
    pub agency_email: String,
    pub agency_phone: String,
    pub legal_basis: String,
    pub fee: FeeView,
    pub documents: Shown<Vec<String>>,
    pub steps: Shown<Vec<String>>,
    pub why_not_online: Option<Shown<String>>,
    pub in_person_required: bool,
    pub processing: String,
    pub appointment: Option<String>,
    pub assurance: String,
    /// What the person needs to apply online, said before anything else.
    pub needs: String,
    pub delivery: Vec<String>,
    pub audience: Vec<String>,
    pub locations: Vec<LocationCard>,
}

impl ServiceView {
    pub fn new(s: &Service, catalog: &Catalog, lang: Lang, today: Weekday) -> Self {
        let agency = catalog.agency(&s.agency);
        Self {
            card: ServiceCard::new(s, lang),
            name_other: if lang == Lang::En { s.name_de.clone() } else { s.name_en.clone() },
            agency: agency.map(|a| AgencyCard::new(a, lang)),
            agency_email: agency.map(|a| a.email.clone()).unwrap_or_default(),
            agency_phone: agency.map(|a| a.phone.clone()).unwrap_or_default(),
            legal_basis: s.legal_basis.clone(),
            fee: FeeView::new(&s.fee, lang),
            documents: Shown::of(s.documents(lang)),
            steps: Shown::of(s.steps(lang)),
            why_not_online: s.why_not_online(lang).map(Shown::of),
            in_person_required: s.in_person_required,
            processing: match s.typical_processing_days {
                None => lang.t("processing-varies"),
                Some(0) => lang.t("processing-immediate"),
                Some(days) => lang.t_args("processing-days", &[("days", days.to_string())]),
            },
            appointment: s
                .appointment_minutes
                .filter(|m| *m > 0)
                .map(|m| lang.t_args("appointment-minutes", &[("minutes", m.to_string())])),
            assurance: lang.t(&format!("assurance-{}", s.assurance_level)),
            needs: lang.t(&format!("service-needs-{}", s.assurance_level)),
            delivery: s.delivery_options.iter().map(|d| lang.t(&format!("delivery-{d}"))).collect(),
            audience: s.audience.iter().map(|a| lang.t(&format!("audience-{a}"))).collect(),
            locations: catalog
                .locations_for(&s.id)
                .into_iter()
                .map(|l| LocationCard::new(l, lang, today))
                .collect(),
        }
    }
}

/// Services grouped under their initial letter, for the A–Z list.
#[derive(Debug, Clone)]
pub struct LetterGroup {
    pub letter: String,
    pub services: Vec<ServiceCard>,
}

pub fn group_by_letter(cards: Vec<ServiceCard>) -> Vec<LetterGroup> {
    let mut groups: Vec<LetterGroup> = Vec::new();
    let mut cards = cards;
    cards.sort_by_key(|c| rathaus_core::catalog::collate_key(&c.name));
    for card in cards {
        let letter = rathaus_core::catalog::collate_key(&card.name)
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.services.push(card),
            _ => groups.push(LetterGroup {
                letter,
                services: vec![card],
            }),
        }
    }
    groups
}
