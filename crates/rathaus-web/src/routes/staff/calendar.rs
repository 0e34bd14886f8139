//! `/verwaltung/termine`: a location's appointment calendar for the administrators of
//! its agency — opening hours, counters that take bookings, closures (bookings then are
//! cancelled and their people told why), visit lengths, caps per service, kiosk links —
//! and the day's bookings. Every change is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Staff;
use crate::error::invalid;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::{FieldMessage, FormErrors};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::{Role, agencies_holding};
use rathaus_core::appointments::calendar::{self, Calendar, CalendarChange, Lengths, parse_time};
use rathaus_core::appointments::slots::{Closure, instant};
use rathaus_core::appointments::{kiosks, notices, release, store};
use rathaus_core::cases::due::{local_date, start_of_local_day};
use rathaus_core::catalog::{Catalog, Location, OpeningHours, WEEK};
use rathaus_platform::Error;

fn admin_locations<'a>(staff: &Staff, catalog: &'a Catalog) -> Vec<&'a Location> {
    let agencies = agencies_holding(&staff.grants, Role::AgencyAdmin);
    catalog.locations().iter().filter(|l| agencies.contains(&l.agency)).collect()
}

pub(super) async fn location_for(state: &AppState, staff: &Staff, id: &str) -> AppResult<Location> {
    let catalog = state.catalog().await?;
    let mine = admin_locations(staff, &catalog);
    if mine.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    if let Some(l) = mine.into_iter().find(|l| l.id == id) {
        return Ok(l.clone());
    }
    // Whoever asks for another agency's calendar is recorded (and told it does not exist).
    let actor = format!("account:{}", staff.account.id);
    crate::refusal::record(state, &actor, "appointments.access-refused", &format!("location:{id}")).await?;
    Err(AppError(Error::NotFound))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/calendars.html")]
pub struct CalendarsPage {
    page: Page,
    locations: Vec<(String, String)>,
}

pub async fn list(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<CalendarsPage> {
    let catalog = state.catalog().await?;
    let locations: Vec<(String, String)> = admin_locations(&staff, &catalog)
        .iter()
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    if locations.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    Ok(CalendarsPage { page, locations })
}

pub struct DayHours {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
}

pub struct LengthLine {
    pub service: String,
    pub name: String,
    pub catalogue: String,
    pub own: String,
    pub cap: String,
    pub may_cap: bool,
}

pub struct ClosureLine {
    pub id: Uuid,
    pub day: String,
    pub hours: String,
    pub reason: String,
}

pub struct BookingLine {
    pub time: String,
    pub code: String,
    pub name: String,
    pub services: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/calendar.html")]
pub struct CalendarPage {
    page: Page,
    id: String,
    name: String,
    counters: i32,
    booking_counters: u32,
    hours: Vec<DayHours>,
    lengths: Vec<LengthLine>,
    closures: Vec<ClosureLine>,
    kiosks: Vec<(Uuid, String)>,
    new_kiosk: Option<String>,
    day: String,
    bookings: Vec<BookingLine>,
    errors: FormErrors,
    closure_form: ClosureForm,
    notice: Option<String>,
    releases: Vec<ReleaseLine>,
    release_form: ReleaseForm,
    /// Until when rush protection is on (formatted), if it is.
    challenge_until: Option<String>,
    rush_hours: &'static [i64],
}

pub struct ReleaseLine {
    pub days: String,
    pub opens: String,
    pub lottery: Option<String>,
    pub state: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct CalendarQuery {
    #[serde(default)]
    tag: String,
    #[serde(default)]
    hinweis: String,
}

const DAY_KEYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

fn hours_text(hours: &OpeningHours) -> Vec<String> {
    WEEK.iter().map(|d| hours.day(*d).unwrap_or("").to_string()).collect()
}

async fn calendar_page(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    staff: &Staff,
    location: &Location,
    day: NaiveDate,
) -> AppResult<CalendarPage> {
    let catalog = state.catalog().await?;
    let calendar = Calendar::load(&state.db, &catalog, &location.id).await?;
    let caps = calendar::caps(&state.db).await?;
    let admin_agencies = agencies_holding(&staff.grants, Role::AgencyAdmin);
    page.csrf = Some(session.csrf_token().await?);
    let lang = page.lang;
    let weekdays = WEEK.iter().map(|d| rathaus_platform::i18n::weekday(lang, *d));
    let hours = DAY_KEYS
        .iter()
        .zip(weekdays)
        .zip(hours_text(&calendar.hours))
        .map(|((key, label), value)| DayHours { key, label, value })
        .collect();
    let mut lengths: Vec<LengthLine> = location
        .services_in_person
        .iter()
        .filter_map(|id| catalog.service(id))
        .map(|s| LengthLine {
            service: s.id.clone(),
            name: s.name(lang).to_string(),
            catalogue: s.appointment_minutes.map(|m| m.to_string()).unwrap_or_else(|| "–".into()),
            own: calendar
                .own_minutes
                .contains(&s.id)
                .then(|| calendar.minutes.get(&s.id).map(|m| m.to_string()))
                .flatten()
                .unwrap_or_default(),
            cap: caps.get(&s.id).map(|c| c.to_string()).unwrap_or_default(),
            may_cap: admin_agencies.contains(&s.agency),
        })
        .collect();
    lengths.sort_by(|a, b| a.name.cmp(&b.name));
    let start = start_of_local_day(day);
    let end = start_of_local_day(day.succ_opt().unwrap_or(day));
    let bookings = store::confirmed_between(state.db.read(), &location.id, start, end)
        .await?
        .iter()
        .map(|b| BookingLine {
            time: format::time(lang, b.starts_at),
            code: b.code.clone(),
            name: b.name.clone().unwrap_or_default(),
            services: notices::describe(&catalog, b, lang).services,
        })
        .collect();
    Ok(CalendarPage {
        id: location.id.clone(),
        name: location.name.clone(),
        counters: location.counters,
        booking_counters: calendar.booking_counters,
        hours,
        lengths,
        closures: calendar
            .closures
            .iter()
            .filter(|c| c.closure.day >= local_date(state.clock.now()))
            .map(|c| ClosureLine {
                id: c.id,
                day: format::long_date(lang, c.closure.day),
                hours: c
                    .closure
                    .hours
                    .map(|(a, b)| format!("{}–{}", a.format("%H:%M"), b.format("%H:%M")))
                    .unwrap_or_else(|| page.t("calendar-whole-day")),
                reason: c.reason.clone(),
            })
            .collect(),
        kiosks: kiosks::of_location(&state.db, &location.id)
            .await?
            .into_iter()
            .map(|k| (k.id, k.name))
            .collect(),
        releases: calendar
            .releases
            .iter()
            .filter(|r| r.last_day >= local_date(state.clock.now()))
            .map(|r| {
                let now = state.clock.now();
                let key = if now < r.opens_at {
                    "calendar-release-waiting"
                } else if r.collecting(now) {
                    "calendar-release-collecting"
                } else if r.lottery && r.published_at.is_none() {
                    "calendar-release-drawing"
                } else {
                    "calendar-release-open"
                };
                ReleaseLine {
                    days: format!("{} – {}", format::date(lang, r.first_day), format::date(lang, r.last_day)),
                    opens: format::date_time(lang, r.opens_at),
                    lottery: r.closes_at.map(|c| format::date_time(lang, c)),
                    state: page.t(key),
                }
            })
            .collect(),
        release_form: ReleaseForm::default(),
        challenge_until: calendar
            .challenge_on(state.clock.now())
            .then(|| calendar.challenge_until.map(|t| format::date_time(lang, t)))
            .flatten(),
        rush_hours: &super::rush::HOURS,
        new_kiosk: None,
        day: day.format("%Y-%m-%d").to_string(),
        bookings,
        errors: FormErrors::default(),
        closure_form: ClosureForm::default(),
        notice: None,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<CalendarQuery>,
) -> AppResult<CalendarPage> {
    let location = location_for(&state, &staff, &id).await?;
    let day = NaiveDate::parse_from_str(&q.tag, "%Y-%m-%d").unwrap_or_else(|_| local_date(state.clock.now()));
    let notice = match q.hinweis.as_str() {
        "" => None,
        "gespeichert" => Some(page.t("calendar-saved")),
        "andrang-an" => Some(page.t("calendar-rush-switched-on")),
        "andrang-aus" => Some(page.t("calendar-rush-switched-off")),
        other => other
            .strip_prefix("abgesagt-")
            .map(|n| page.t1("calendar-closure-cancelled", "count", n)),
    };
    let mut shown = calendar_page(&state, page, &session, &staff, &location, day).await?;
    shown.notice = notice;
    Ok(shown)
}

/// After a change: this node's booking pages see it at once (other nodes within
/// seconds, see `Recent`), and the page shows what was done.
pub(super) fn saved(state: &AppState, id: &str, hint: &str) -> Response {
    state.recent.forget(id);
    Redirect::to(&format!("/verwaltung/termine/{id}?hinweis={hint}")).into_response()
}

pub async fn save_hours(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let location = location_for(&state, &staff, &id).await?;
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let day = |key: &str| Some(value(key)).filter(|v| !v.is_empty());
    let hours = OpeningHours {
        monday: day("monday"),
        tuesday: day("tuesday"),
        wednesday: day("wednesday"),
        thursday: day("thursday"),
        friday: day("friday"),
        saturday: day("saturday"),
        sunday: day("sunday"),
    };
    let mut problems = Vec::new();
    for (key, weekday) in DAY_KEYS.iter().zip(WEEK) {
        if hours.ranges(weekday).is_err() {
            problems.push(FieldMessage {
                field: key,
                text: page.t("calendar-error-hours"),
            });
        }
    }
    let counters = value("booking_counters")
        .parse::<u32>()
        .ok()
        .filter(|c| (1..=location.counters.max(1) as u32).contains(c));
    if counters.is_none() {
        problems.push(FieldMessage {
            field: "booking_counters",
            text: page.t1("calendar-error-counters", "count", location.counters),
        });
    }
    if !problems.is_empty() {
        let today = local_date(state.clock.now());
        let mut shown = calendar_page(&state, page, &session, &staff, &location, today).await?;
        for (line, key) in shown.hours.iter_mut().zip(DAY_KEYS) {
            line.value = value(key);
        }
        shown.errors = FormErrors(problems);
        return Ok(invalid(shown));
    }
    let catalog = state.catalog().await?;
    let current = Calendar::load(&state.db, &catalog, &id).await?;
    let change = CalendarChange {
        hours: hours.clone(),
        booking_counters: counters.unwrap_or(1),
    };
    calendar::save(&state.db, &*state.clock, &current, &change, staff.account.id).await?;
    Ok(saved(&state, &id, "gespeichert"))
}

#[derive(Debug, Default, Deserialize)]
pub struct ClosureForm {
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn add_closure(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ClosureForm>,
) -> AppResult<Response> {
    let location = location_for(&state, &staff, &id).await?;
    let today = local_date(state.clock.now());
    let mut problems = Vec::new();
    let day = NaiveDate::parse_from_str(form.day.trim(), "%Y-%m-%d").ok().filter(|d| *d >= today);
    if day.is_none() {
        problems.push(("day", "calendar-error-day"));
    }
    let hours = match (form.from.trim(), form.to.trim()) {
        ("", "") => Some(None),
        (a, b) => match (parse_time(a), parse_time(b)) {
            (Some(a), Some(b)) if a < b => Some(Some((a, b))),
            _ => None,
        },
    };
    if hours.is_none() {
        problems.push(("from", "calendar-error-closure-hours"));
    }
    let reason = form.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 200 {
        problems.push(("reason", "calendar-error-reason"));
    }
    let (Some(day), Some(hours)) = (day, hours) else {
        return Ok(invalid(refused(&state, page, &session, &staff, &location, problems, form).await?));
    };
    if !problems.is_empty() {
        return Ok(invalid(refused(&state, page, &session, &staff, &location, problems, form).await?));
    }
    let closure = Closure { day, hours };
    let catalog = state.catalog().await?;
    let site = crate::routes::appointments::site(&state);
    let cancelled = calendar::close((&state.db, &*state.clock, &catalog), &id, &closure, &reason, staff.account.id, site).await?;
    Ok(saved(&state, &id, &format!("abgesagt-{cancelled}")))
}

async fn refused(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    staff: &Staff,
    location: &Location,
    problems: Vec<(&'static str, &'static str)>,
    form: ClosureForm,
) -> AppResult<CalendarPage> {
    let today = local_date(state.clock.now());
    let mut shown = calendar_page(state, page, session, staff, location, today).await?;
    shown.errors = FormErrors::from_keys(&shown.page, problems);
    shown.closure_form = form;
    Ok(shown)
}

pub async fn remove_closure(State(state): State<AppState>, staff: Staff, Path((id, closure)): Path<(String, Uuid)>) -> AppResult<Response> {
    location_for(&state, &staff, &id).await?;
    calendar::remove_closure(&state.db, &*state.clock, &id, closure, staff.account.id).await?;
    Ok(saved(&state, &id, "gespeichert"))
}

pub async fn save_lengths(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let location = location_for(&state, &staff, &id).await?;
    let admin_agencies = agencies_holding(&staff.grants, Role::AgencyAdmin);
    let catalog = state.catalog().await?;
    let mut lengths = Lengths::default();
    for service in &location.services_in_person {
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k.strip_prefix("dauer_") == Some(service)) {
            let minutes = v.trim().parse::<i32>().ok().filter(|m| (5..=240).contains(m));
            if v.trim().is_empty() || minutes.is_some() {
                lengths.minutes.push((service.clone(), minutes));
            }
        }
        let may_cap = catalog.service(service).is_some_and(|s| admin_agencies.contains(&s.agency));
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k.strip_prefix("cap_") == Some(service))
            && may_cap
        {
            let cap = v.trim().parse::<i64>().ok().filter(|c| (1..=50).contains(c));
            if v.trim().is_empty() || cap.is_some() {
                lengths.caps.push((service.clone(), cap));
            }
        }
    }
    calendar::set_lengths(&state.db, &*state.clock, &id, &lengths, staff.account.id).await?;
    Ok(saved(&state, &id, "gespeichert"))
}

#[derive(Debug, Default, Deserialize)]
pub struct KioskForm {
    #[serde(default)]
    name: String,
}

pub async fn add_kiosk(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<KioskForm>,
) -> AppResult<Response> {
    let location = location_for(&state, &staff, &id).await?;
    let name = if form.name.trim().is_empty() {
        page.t("calendar-kiosk-default")
    } else {
        form.name.clone()
    };
    let (_, token) = kiosks::create(&state.db, &*state.clock, &id, &name, staff.account.id).await?;
    let today = local_date(state.clock.now());
    let mut shown = calendar_page(&state, page, &session, &staff, &location, today).await?;
    shown.new_kiosk = Some(format!("{}/kiosk/{token}", state.config.public_url.trim_end_matches('/')));
    Ok(shown.into_response())
}

pub async fn remove_kiosk(State(state): State<AppState>, staff: Staff, Path((id, kiosk)): Path<(String, Uuid)>) -> AppResult<Response> {
    location_for(&state, &staff, &id).await?;
    kiosks::revoke(&state.db, &*state.clock, &id, kiosk, staff.account.id).await?;
    Ok(saved(&state, &id, "gespeichert"))
}

#[derive(Debug, Default, Deserialize)]
pub struct ReleaseForm {
    #[serde(default)]
    pub first_day: String,
    #[serde(default)]
    pub last_day: String,
    #[serde(default)]
    pub opens_day: String,
    #[serde(default)]
    pub opens_time: String,
    #[serde(default)]
    pub lottery: String,
    #[serde(default)]
    pub closes_day: String,
    #[serde(default)]
    pub closes_time: String,
}

/// A Hamburg date and time from two form fields.
fn local_instant(day: &str, time: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    instant(day, parse_time(time)?)
}

pub async fn add_release(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ReleaseForm>,
) -> AppResult<Response> {
    let location = location_for(&state, &staff, &id).await?;
    let today = local_date(state.clock.now());
    let first = NaiveDate::parse_from_str(form.first_day.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| *d >= today);
    let last = NaiveDate::parse_from_str(form.last_day.trim(), "%Y-%m-%d").ok();
    let opens = local_instant(&form.opens_day, &form.opens_time);
    let lottery = form.lottery == "ja";
    let closes = local_instant(&form.closes_day, &form.closes_time);
    let mut problems = Vec::new();
    if first.is_none() || last.is_none() || last < first {
        problems.push(("first_day", "calendar-error-release-days"));
    }
    if opens.is_none() {
        problems.push(("opens_day", "calendar-error-release-opens"));
    }
    if lottery && (closes.is_none() || closes <= opens) {
        problems.push(("closes_day", "calendar-error-release-closes"));
    }
    let (Some(first_day), Some(last_day), Some(opens_at), true) = (first, last, opens, problems.is_empty()) else {
        let mut shown = calendar_page(&state, page, &session, &staff, &location, today).await?;
        shown.errors = FormErrors::from_keys(&shown.page, problems);
        shown.release_form = form;
        return Ok(invalid(shown));
    };
    let new = release::NewRelease {
        first_day,
        last_day,
        opens_at,
        lottery_until: if lottery { closes } else { None },
    };
    release::create(&state.db, &*state.clock, &id, &new, staff.account.id).await?;
    Ok(saved(&state, &id, "gespeichert"))
}
