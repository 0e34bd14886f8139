//! Finding a slot: services and people, then locations by their earliest free time,
//! then a day and a time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Days, NaiveDate, Utc};

use super::{Wish, rules};
use crate::error::AppResult;
use crate::format;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::free::{self, FreeSlot, Taken};
use rathaus_core::appointments::{Calendar, Rules};
use rathaus_core::cases::due::local_date;
use rathaus_core::catalog::Catalog;

pub struct ServiceChoice {
    pub id: String,
    pub name: String,
    pub minutes: i32,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/choose.html")]
pub struct ChoosePage {
    page: Page,
    services: Vec<ServiceChoice>,
    people: u32,
    error: Option<String>,
}

/// Services that some location books appointments for.
fn bookable_services(catalog: &Catalog, wish: &Wish, lang: rathaus_platform::i18n::Lang) -> Vec<ServiceChoice> {
    catalog
        .services()
        .iter()
        .filter_map(|s| {
            let minutes = s.appointment_minutes.filter(|m| *m > 0)?;
            (!catalog.locations_for(&s.id).is_empty()).then(|| ServiceChoice {
                id: s.id.clone(),
                name: s.name(lang).to_string(),
                minutes,
                checked: wish.services.contains(&s.id),
            })
        })
        .collect()
}

pub async fn choose(State(state): State<AppState>, page: Page, RawQuery(query): RawQuery) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let wish = Wish::from_query(query.as_deref());
    let error = (wish.value("fehler") == Some("leistung")).then(|| page.t("appt-error-no-service"));
    let services = bookable_services(&catalog, &wish, page.lang);
    let shown = ChoosePage {
        services,
        people: wish.people,
        error,
        page,
    };
    Ok(if shown.error.is_some() {
        crate::error::invalid(shown)
    } else {
        shown.into_response()
    })
}

pub struct LocationChoice {
    pub id: String,
    pub name: String,
    pub address: String,
    pub accessible: bool,
    pub earliest: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/locations.html")]
pub struct LocationsPage {
    page: Page,
    visit: String,
    query: String,
    locations: Vec<LocationChoice>,
}

/// "Wohnsitz anmelden, Reisepass beantragen (2 Personen)".
pub fn describe_wish(catalog: &Catalog, wish: &Wish, page: &Page) -> String {
    let names: Vec<&str> = wish
        .services
        .iter()
        .map(|id| catalog.service(id).map(|s| s.name(page.lang)).unwrap_or(id))
        .collect();
    let mut text = names.join(", ");
    if wish.people > 1 {
        text = format!("{text} ({})", page.t1("appt-people-count", "count", wish.people));
    }
    text
}

pub async fn locations(State(state): State<AppState>, page: Page, RawQuery(query): RawQuery) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let wish = Wish::from_query(query.as_deref());
    if wish.services.is_empty() || wish.services.iter().any(|s| catalog.service(s).is_none()) {
        return Ok(Redirect::to(&format!("/termine?fehler=leistung&{}", wish.query())).into_response());
    }
    let rules = rules(&state).await?;
    let now = state.clock.now();
    let mut found = Vec::new();
    for location in catalog.locations() {
        let calendar = Calendar::load(&state.db, &catalog, &location.id).await?;
        let Ok(minutes) = calendar.visit_minutes(&wish.visit(&location.id)) else {
            continue;
        };
        let earliest = free::earliest_day(&state.db, &calendar, minutes, &rules, now).await?;
        let first = earliest.as_ref().and_then(|(_, slots)| slots.first()).map(|f| f.slot.starts_at);
        found.push((
            first,
            LocationChoice {
                id: location.id.clone(),
                name: location.name.clone(),
                address: format!("{}, {}", location.street, location.postcode),
                accessible: location.accessible,
                earliest: first.map(|t| format::long_date_time(page.lang, t)),
            },
        ));
    }
    // The earliest first; places with nothing free at the end.
    found.sort_by_key(|(first, l)| (first.is_none(), *first, l.name.clone()));
    Ok(LocationsPage {
        visit: describe_wish(&catalog, &wish, &page),
        query: wish.query(),
        locations: found.into_iter().map(|(_, l)| l).collect(),
        page,
    }
    .into_response())
}

pub struct DayLink {
    pub date: String,
    pub label: String,
    pub free: usize,
    pub current: bool,
}

pub struct SlotOption {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The slot picker, for booking and for moving.
#[derive(Template, WebTemplate)]
#[template(path = "appointments/slots.html")]
pub struct SlotsPage {
    pub page: Page,
    pub location_id: String,
    pub location_name: String,
    pub visit: String,
    /// Where the day links lead, ready for `tag=…` (ends in `?` or `&`).
    pub day_base: String,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub days: Vec<DayLink>,
    pub next_days: Option<String>,
    pub day_label: String,
    pub slots: Vec<SlotOption>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub alternatives: Vec<SlotOption>,
    pub moving: bool,
    pub releases: Vec<ReleaseNote>,
    pub lottery_errors: crate::forms::FormErrors,
    /// Name and address typed into the lottery form.
    pub lottery_form: (String, String),
    /// Rush protection: the challenge the form carries.
    pub challenge: Option<super::challenge::ChallengeField>,
}

/// A release of this location that is not yet open to everyone.
pub struct ReleaseNote {
    pub text: String,
    /// The lottery taking requests now.
    pub lottery: Option<uuid::Uuid>,
}

fn release_notes(page: &Page, calendar: &Calendar, now: DateTime<Utc>, moving: bool) -> Vec<ReleaseNote> {
    let today = local_date(now);
    calendar
        .releases
        .iter()
        .filter(|r| r.last_day >= today && r.published_at.is_none() && (r.lottery || now < r.opens_at))
        .map(|r| {
            let days = format!("{} – {}", format::date(page.lang, r.first_day), format::date(page.lang, r.last_day));
            let opens = format::date_time(page.lang, r.opens_at);
            let closes = r.closes_at.map(|c| format::date_time(page.lang, c)).unwrap_or_default();
            let args = [("days", days), ("opens", opens), ("closes", closes)];
            let (key, lottery) = if now < r.opens_at {
                (
                    if r.lottery {
                        "appt-release-lottery-upcoming"
                    } else {
                        "appt-release-upcoming"
                    },
                    None,
                )
            } else if r.collecting(now) {
                ("appt-release-collecting", (!moving).then_some(r.id))
            } else {
                ("appt-release-drawing", None)
            };
            ReleaseNote {
                text: page.lang.t_args(key, &args),
                lottery,
            }
        })
        .collect()
}

/// What a picker shows: 14 days from `from` (or from the earliest free day), and the
/// slots of `day` (or of the first day with any).
pub struct PickerInput<'a> {
    pub calendar: &'a Calendar,
    pub minutes: i64,
    pub rules: &'a Rules,
    /// Taken units read a moment ago (a refusal's page); else they are read now.
    pub units: Option<&'a Taken>,
    pub day: Option<NaiveDate>,
    pub from: Option<NaiveDate>,
}

pub struct Picked {
    pub days: Vec<DayLink>,
    pub next_days: Option<NaiveDate>,
    pub day: Option<NaiveDate>,
    pub slots: Vec<FreeSlot>,
}

pub async fn pick(state: &AppState, page: &Page, input: PickerInput<'_>) -> AppResult<Picked> {
    let now = state.clock.now();
    let today = local_date(now);
    let last = local_date(now + input.rules.horizon);
    let from = match (input.from, input.day) {
        (Some(f), _) => f,
        (None, Some(d)) => d,
        (None, None) => free::earliest_day(&state.db, input.calendar, input.minutes, input.rules, now)
            .await?
            .map(|(d, _)| d)
            .unwrap_or(today),
    }
    .clamp(today, last);
    let to = from.checked_add_days(Days::new(13)).unwrap_or(last).min(last);
    let free: std::sync::Arc<[FreeSlot]> = match input.units {
        Some(units) => free::recent_free(units, input.calendar, input.minutes, input.rules, now, (from, to)),
        None => free::between(&state.db, input.calendar, input.minutes, input.rules, now, from, to)
            .await?
            .into(),
    };
    let day = input
        .day
        .filter(|d| (from..=to).contains(d))
        .or_else(|| free.first().map(|f| f.day));
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| DayLink {
            date: d.format("%Y-%m-%d").to_string(),
            label: format::long_date(page.lang, d),
            free: free.iter().filter(|f| f.day == d).count(),
            current: Some(d) == day,
        })
        .collect();
    Ok(Picked {
        days,
        next_days: (to < last).then(|| to.checked_add_days(Days::new(1))).flatten(),
        slots: free.iter().filter(|f| Some(f.day) == day).copied().collect(),
        day,
    })
}

pub fn slot_option(page: &Page, f: &FreeSlot, with_date: bool, checked: Option<DateTime<Utc>>) -> SlotOption {
    let label = if with_date {
        format::long_date_time(page.lang, f.slot.starts_at)
    } else {
        format::time(page.lang, f.slot.starts_at)
    };
    SlotOption {
        value: f.slot.starts_at.to_rfc3339(),
        label: if f.places > 1 {
            label
        } else {
            format!("{label} – {}", page.t("appt-last-place"))
        },
        checked: checked == Some(f.slot.starts_at),
    }
}

pub fn parse_day(text: Option<&str>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
}

pub async fn slots(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let wish = Wish::from_query(query.as_deref());
    slot_page(&state, page, &session, &id, &wish, None)
        .await
        .map(IntoResponse::into_response)
}

/// The booking picker for `wish` at location `id`; `problem` re-renders it after a
/// refused choice (no time chosen, or just taken).
pub async fn slot_page(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    id: &str,
    wish: &Wish,
    problem: Option<Problem>,
) -> AppResult<SlotsPage> {
    let catalog = state.catalog().await?;
    let calendar = Calendar::load(&state.db, &catalog, id).await?;
    let rules = rules(state).await?;
    slot_page_with(state, page, session, (&calendar, &rules, None), wish, problem).await
}

/// The time a refused form had chosen, to show it chosen again.
pub fn chosen(wish: &Wish) -> Option<DateTime<Utc>> {
    wish.value("zeit")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// [`slot_page`] with the calendar and rules the caller loaded already, and the taken
/// units if it read them a moment ago.
pub async fn slot_page_with(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    (calendar, rules, units): (&Calendar, &Rules, Option<&Taken>),
    wish: &Wish,
    problem: Option<Problem>,
) -> AppResult<SlotsPage> {
    let catalog = state.catalog().await?;
    let id = calendar.location.id.as_str();
    let minutes = calendar.visit_minutes(&wish.visit(id))?;
    let picked = pick(
        state,
        &page,
        PickerInput {
            calendar,
            minutes,
            rules,
            units,
            day: parse_day(wish.value("tag")),
            from: parse_day(wish.value("ab")),
        },
    )
    .await?;
    page.csrf = Some(session.csrf_token().await?);
    let mut hidden: Vec<(String, String)> = wish.services.iter().map(|s| ("leistung".to_string(), s.clone())).collect();
    hidden.push(("personen".into(), wish.people.to_string()));
    hidden.push(("ort".into(), id.to_string()));
    let visit = describe_wish(&catalog, wish, &page);
    Ok(assemble(
        page,
        Assembly {
            calendar,
            visit,
            day_base: format!("/termine/orte/{id}?{}&", wish.query()),
            action: "/termine/halten".into(),
            hidden,
            picked,
            problem,
            moving: false,
            now: state.clock.now(),
            chosen: chosen(wish),
            challenge: super::challenge::field_for(state, calendar),
        },
    ))
}

/// Why a choice was refused.
pub enum Problem {
    NoChoice,
    Taken(Vec<FreeSlot>),
    CapReached(String),
    /// Rush protection refused the page's challenge (too old, or used before).
    Stale,
}

pub struct Assembly<'a> {
    pub calendar: &'a Calendar,
    pub visit: String,
    pub day_base: String,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub picked: Picked,
    pub problem: Option<Problem>,
    pub moving: bool,
    pub now: DateTime<Utc>,
    /// The time chosen before, shown chosen again.
    pub chosen: Option<DateTime<Utc>>,
    pub challenge: Option<super::challenge::ChallengeField>,
}

pub fn assemble(page: Page, a: Assembly<'_>) -> SlotsPage {
    let view = &page;
    let (error, notice, alternatives) = match a.problem {
        None => (None, None, vec![]),
        Some(Problem::NoChoice) => (Some(view.t("appt-error-no-slot")), None, vec![]),
        Some(Problem::Taken(next)) => (
            None,
            Some(view.t("appt-just-taken")),
            next.iter().map(|f| slot_option(view, f, true, None)).collect(),
        ),
        Some(Problem::CapReached(service)) => (None, Some(view.t1("appt-cap-reached", "service", service)), vec![]),
        Some(Problem::Stale) => (None, Some(view.t("appt-challenge-stale")), vec![]),
    };
    let day_label = a.picked.day.map(|d| format::long_date(view.lang, d)).unwrap_or_default();
    let releases = release_notes(view, a.calendar, a.now, a.moving);
    let slots = a.picked.slots.iter().map(|f| slot_option(view, f, false, a.chosen)).collect();
    SlotsPage {
        location_id: a.calendar.location.id.clone(),
        location_name: a.calendar.location.name.clone(),
        visit: a.visit,
        next_days: a.picked.next_days.map(|d| format!("{}ab={}", a.day_base, d.format("%Y-%m-%d"))),
        day_base: a.day_base,
        action: a.action,
        hidden: a.hidden,
        day_label,
        slots,
        days: a.picked.days,
        error,
        notice,
        alternatives,
        moving: a.moving,
        releases,
        lottery_errors: crate::forms::FormErrors::default(),
        lottery_form: (String::new(), String::new()),
        challenge: a.challenge,
        page,
    }
}
