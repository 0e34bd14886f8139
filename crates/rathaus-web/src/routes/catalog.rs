//! Catalogue pages: services A–Z, a service, agencies, locations, search.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use super::views::*;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::catalog::OnlineStart;
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct ServiceFilter {
    /// `resident` or `business`.
    #[serde(default)]
    pub zielgruppe: Option<String>,
    #[serde(default)]
    pub behoerde: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "services.html")]
pub struct ServicesPage {
    page: Page,
    groups: Vec<LetterGroup>,
    count: usize,
    audience: String,
    agency: String,
    agencies: Vec<AgencyCard>,
}

/// Agencies that offer at least one service, for the agency filter.
fn agencies_with_services(catalog: &rathaus_core::catalog::Catalog, lang: rathaus_platform::i18n::Lang) -> Vec<AgencyCard> {
    catalog
        .agencies()
        .iter()
        .filter(|a| !catalog.services_of_agency(&a.id).is_empty())
        .map(|a| AgencyCard::new(a, lang))
        .collect()
}

pub async fn services(State(state): State<AppState>, page: Page, Query(filter): Query<ServiceFilter>) -> AppResult<ServicesPage> {
    let catalog = state.catalog().await?;
    let lang = page.lang;
    let audience = filter.zielgruppe.filter(|a| a == "resident" || a == "business").unwrap_or_default();
    let agency = filter.behoerde.filter(|a| catalog.agency(a).is_some()).unwrap_or_default();
    let cards: Vec<ServiceCard> = catalog
        .services()
        .iter()
        .filter(|s| audience.is_empty() || s.audience.contains(&audience))
        .filter(|s| agency.is_empty() || s.agency == agency)
        .map(|s| ServiceCard::new(s, lang))
        .collect();
    let count = cards.len();
    let agencies = agencies_with_services(&catalog, lang);
    Ok(ServicesPage {
        page,
        groups: group_by_letter(cards),
        count,
        audience,
        agency,
        agencies,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "service.html")]
pub struct ServicePage {
    page: Page,
    s: ServiceView,
    /// Where to apply online: a form here, or the procedure that takes it.
    apply_href: Option<String>,
    /// The host of that procedure, when it is elsewhere (the person leaves Rathaus).
    procedure_host: Option<String>,
    /// Not online, but what can be given ahead of the visit is asked here.
    ahead_href: Option<String>,
}

pub async fn service(State(state): State<AppState>, page: Page, Path(id): Path<String>) -> AppResult<ServicePage> {
    let catalog = state.catalog().await?;
    let today = berlin_weekday(state.clock.now());
    let service = catalog.service(&id).ok_or(Error::NotFound)?;
    let form = format!("/antraege/neu/{id}");
    let (apply_href, procedure_host, ahead_href) = match service.online_start() {
        OnlineStart::Form => (Some(form), None, None),
        OnlineStart::Procedure(url) => (
            Some(url.to_string()),
            url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)),
            None,
        ),
        OnlineStart::AheadOfVisit => (None, None, Some(form)),
        OnlineStart::NotOnline => (None, None, None),
    };
    Ok(ServicePage {
        s: ServiceView::new(service, &catalog, page.lang, today),
        apply_href,
        procedure_host,
        ahead_href,
        page,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "agencies.html")]
pub struct AgenciesPage {
    page: Page,
    agencies: Vec<AgencyCard>,
}

pub async fn agencies(State(state): State<AppState>, page: Page) -> AppResult<AgenciesPage> {
    let catalog = state.catalog().await?;
    let agencies = catalog.agencies().iter().map(|a| AgencyCard::new(a, page.lang)).collect();
    Ok(AgenciesPage { page, agencies })
}

#[derive(Template, WebTemplate)]
#[template(path = "agency.html")]
pub struct AgencyPage {
    page: Page,
    agency: AgencyCard,
    email: String,
    phone: String,
    parent: Option<AgencyCard>,
    services: Vec<ServiceCard>,
    locations: Vec<LocationCard>,
}

pub async fn agency(State(state): State<AppState>, page: Page, Path(id): Path<String>) -> AppResult<AgencyPage> {
    let catalog = state.catalog().await?;
    let today = berlin_weekday(state.clock.now());
    let a = catalog.agency(&id).ok_or(Error::NotFound)?;
    let lang = page.lang;
    Ok(AgencyPage {
        agency: AgencyCard::new(a, lang),
        email: a.email.clone(),
        phone: a.phone.clone(),
        parent: a
            .parent
            .as_deref()
            .and_then(|p| catalog.agency(p))
            .map(|p| AgencyCard::new(p, lang)),
        services: catalog
            .services_of_agency(&a.id)
            .into_iter()
            .map(|s| ServiceCard::new(s, lang))
            .collect(),
        locations: catalog
            .locations_of_agency(&a.id)
            .into_iter()
            .map(|l| LocationCard::new(l, lang, today))
            .collect(),
        page,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "locations.html")]
pub struct LocationsPage {
    page: Page,
    locations: Vec<LocationCard>,
}

pub async fn locations(State(state): State<AppState>, page: Page) -> AppResult<LocationsPage> {
    let catalog = state.catalog().await?;
    let today = berlin_weekday(state.clock.now());
    let locations = catalog.locations().iter().map(|l| LocationCard::new(l, page.lang, today)).collect();
    Ok(LocationsPage { page, locations })
}

#[derive(Template, WebTemplate)]
#[template(path = "location.html")]
pub struct LocationPage {
    page: Page,
    location: LocationCard,
    district: String,
    counters: i32,
    hours: Vec<HoursRow>,
    agency: Option<AgencyCard>,
    services: Vec<ServiceCard>,
    /// Whether appointments can be booked here.
    bookable: bool,
    waiting: rathaus_core::appointments::counter::Estimate,
}

pub async fn location(State(state): State<AppState>, page: Page, Path(id): Path<String>) -> AppResult<LocationPage> {
    let catalog = state.catalog().await?;
    let today = berlin_weekday(state.clock.now());
    let l = catalog.location(&id).ok_or(Error::NotFound)?;
    let lang = page.lang;
    // The hours in force: staff may have changed the catalogue's in the calendar.
    let calendar = rathaus_core::appointments::Calendar::load(&state.db, &catalog, &id).await?;
    let effective = rathaus_core::catalog::Location {
        opening_hours: calendar.hours.clone(),
        ..l.clone()
    };
    Ok(LocationPage {
        location: LocationCard::new(&effective, lang, today),
        district: l.district.clone(),
        counters: l.counters,
        hours: hours_table(&effective, lang),
        bookable: !calendar.minutes.is_empty(),
        waiting: rathaus_core::appointments::counter::walk_in_estimate(&state.db, &*state.clock, &id).await?,
        agency: catalog.agency(&l.agency).map(|a| AgencyCard::new(a, lang)),
        services: l
            .services_in_person
            .iter()
            .filter_map(|s| catalog.service(s))
            .map(|s| ServiceCard::new(s, lang))
            .collect(),
        page,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub zielgruppe: Option<String>,
    #[serde(default)]
    pub behoerde: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    page: Page,
    q: String,
    audience: String,
    agency: String,
    agencies: Vec<AgencyCard>,
    searched: bool,
    results: Vec<ServiceCard>,
    shortcuts: Vec<Shortcut>,
}

/// A page that answers what the catalogue of services cannot.
pub struct Shortcut {
    pub href: &'static str,
    pub title: String,
    pub text: String,
}

/// Questions about one's own matters ("Ich habe eine Frage zu meinem Antrag", "Kontakt")
/// that no service answers: the page that does, by the words people use (folded:
/// lower case, umlauts spelt out). A phrase matches inside the query, a word at the
/// start of any word of it ("Telefonnummer", "Terminvereinbarung").
const SHORTCUTS: &[(&str, &str, &[&str])] = &[
    (
        "/antraege",
        "applications",
        &[
            "mein antrag",
            "meinem antrag",
            "meinen antrag",
            "meines antrag",
            "meine antraege",
            "antragsstatus",
            "bearbeitungsstand",
            "stand meines",
            "stand der bearbeitung",
            "mein bescheid",
            "meinen bescheid",
            "meinem bescheid",
            "my application",
            "application status",
        ],
    ),
    (
        "/kontakt",
        "contact",
        &[
            "kontakt",
            "telefon",
            "anrufen",
            "ansprechp",
            "erreichbar",
            "hotline",
            "e-mail",
            "email",
            "contact",
            "phone",
        ],
    ),
    ("/postfach", "inbox", &["postfach", "nachricht", "inbox", "message"]),
    ("/termine", "appointments", &["termin", "appointment"]),
];

pub fn shortcuts(q: &str, page: &Page) -> Vec<Shortcut> {
    let folded = rathaus_core::catalog::fold(q);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let matches = |term: &str| {
        if term.contains([' ', '-']) {
            folded.contains(term)
        } else {
            words.iter().any(|w| w.starts_with(term))
        }
    };
    SHORTCUTS
        .iter()
        .filter(|(_, _, terms)| terms.iter().any(|t| matches(t)))
        .map(|(href, key, _)| Shortcut {
            href,
            title: page.t(&format!("search-shortcut-{key}")),
            text: page.t(&format!("search-shortcut-{key}-text")),
        })
        .collect()
}

pub async fn search(State(state): State<AppState>, page: Page, Query(query): Query<SearchQuery>) -> AppResult<SearchPage> {
    let catalog = state.catalog().await?;
    let q: String = query.q.trim().chars().take(200).collect();
    let audience = query.zielgruppe.filter(|a| a == "resident" || a == "business").unwrap_or_default();
    let agency = query.behoerde.filter(|a| catalog.agency(a).is_some()).unwrap_or_default();
    let filter = rathaus_core::catalog::SearchFilter {
        audience: (!audience.is_empty()).then_some(audience.as_str()),
        agency: (!agency.is_empty()).then_some(agency.as_str()),
    };
    let results = rathaus_core::catalog::search(&catalog, &q, filter)
        .into_iter()
        .map(|s| ServiceCard::new(s, page.lang))
        .collect();
    Ok(SearchPage {
        shortcuts: shortcuts(&q, &page),
        searched: !q.is_empty(),
        agencies: agencies_with_services(&catalog, page.lang),
        q,
        audience,
        agency,
        results,
        page,
    })
}
