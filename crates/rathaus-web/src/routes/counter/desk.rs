//! `/verwaltung/schalter`: a counter's desk. Staff with the counter role of the
//! location's agency pick their counter, call the next person (the display shows the
//! call), call again, and end the visit as served or as a no-show; at the reception
//! they check booked visitors in and give out numbers.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::{Role, agencies_holding};
use rathaus_core::appointments::counter::{self, CheckIn, Estimate, Kind, TicketStatus};
use rathaus_core::cases::due::local_date;
use rathaus_core::catalog::Location;
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    ort: String,
    #[serde(default)]
    schalter: String,
    #[serde(default)]
    hinweis: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeskForm {
    #[serde(default)]
    ort: String,
    #[serde(default)]
    schalter: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    erschienen: String,
}

pub struct QueueLine {
    pub number: String,
    pub booked: bool,
    pub due: String,
    pub waiting_since: String,
    pub counter: Option<i32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/counter.html")]
pub struct DeskPage {
    page: Page,
    locations: Vec<(String, String)>,
    location: Option<(String, String)>,
    counters: i32,
    counter: Option<i32>,
    current: Option<String>,
    queue: Vec<QueueLine>,
    estimate: Option<Estimate>,
    notice: Option<String>,
}

/// The locations whose counters this person serves.
fn locations_of<'a>(staff: &Staff, all: &'a [Location]) -> Vec<&'a Location> {
    let agencies = agencies_holding(&staff.grants, Role::Counter);
    all.iter().filter(|l| agencies.contains(&l.agency)).collect()
}

async fn location_for(state: &AppState, staff: &Staff, id: &str) -> AppResult<Location> {
    let catalog = state.catalog().await?;
    if locations_of(staff, catalog.locations()).is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    match locations_of(staff, catalog.locations()).into_iter().find(|l| l.id == id) {
        Some(l) => Ok(l.clone()),
        None => {
            let actor = format!("account:{}", staff.account.id);
            crate::refusal::record(state, &actor, "counter.access-refused", &format!("location:{id}")).await?;
            Err(AppError(Error::NotFound))
        }
    }
}

fn counter_of(location: &Location, text: &str) -> Option<i32> {
    text.trim().parse().ok().filter(|c| (1..=location.counters.max(1)).contains(c))
}

pub async fn show(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(q): Query<DeskQuery>,
) -> AppResult<DeskPage> {
    let catalog = state.catalog().await?;
    let locations: Vec<(String, String)> = locations_of(&staff, catalog.locations())
        .iter()
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    if locations.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    page.csrf = Some(session.csrf_token().await?);
    let notice = (!q.hinweis.is_empty()).then(|| q.hinweis.chars().take(200).collect::<String>());
    if q.ort.is_empty() {
        return Ok(DeskPage {
            page,
            locations,
            location: None,
            counters: 0,
            counter: None,
            current: None,
            queue: vec![],
            estimate: None,
            notice,
        });
    }
    let location = location_for(&state, &staff, &q.ort).await?;
    let counter = counter_of(&location, &q.schalter);
    let now = state.clock.now();
    let tickets = counter::queue(&state.db, &location.id, local_date(now)).await?;
    let current = counter.and_then(|c| {
        tickets
            .iter()
            .find(|t| t.status == TicketStatus::Called && t.counter == Some(c))
            .map(|t| t.number.clone())
    });
    let queue = tickets
        .iter()
        .map(|t| QueueLine {
            number: t.number.clone(),
            booked: t.kind == Kind::Booked,
            due: format::time(page.lang, t.due_at),
            waiting_since: format::time(page.lang, t.issued_at),
            counter: t.counter,
        })
        .collect();
    Ok(DeskPage {
        estimate: Some(counter::walk_in_estimate(&state.db, &*state.clock, &location.id).await?),
        locations,
        counters: location.counters.max(1),
        location: Some((location.id.clone(), location.name.clone())),
        counter,
        current,
        queue,
        notice,
        page,
    })
}

fn back(form: &DeskForm, notice: &str) -> Response {
    let query = serde_urlencoded::to_string([
        ("ort", form.ort.as_str()),
        ("schalter", form.schalter.as_str()),
        ("hinweis", notice),
    ])
    .unwrap_or_default();
    Redirect::to(&format!("/verwaltung/schalter?{query}")).into_response()
}

async fn desk_of(state: &AppState, staff: &Staff, form: &DeskForm) -> AppResult<(Location, i32)> {
    let location = location_for(state, staff, &form.ort).await?;
    let counter = counter_of(&location, &form.schalter).ok_or_else(|| {
        AppError(Error::Invalid(
            "choose your counter first (a number from 1 to the location's counters)".into(),
        ))
    })?;
    Ok((location, counter))
}

pub async fn call_next(State(state): State<AppState>, page: Page, staff: Staff, Form(form): Form<DeskForm>) -> AppResult<Response> {
    let (location, counter) = desk_of(&state, &staff, &form).await?;
    let called = counter::call_next(&state.db, &*state.clock, &location.id, counter, staff.account.id).await?;
    Ok(back(
        &form,
        &match called {
            Some(t) => page.t1("counter-called", "number", t.number),
            None => page.t("counter-nobody-waiting"),
        },
    ))
}

pub async fn recall(State(state): State<AppState>, page: Page, staff: Staff, Form(form): Form<DeskForm>) -> AppResult<Response> {
    let (location, counter) = desk_of(&state, &staff, &form).await?;
    let ticket = counter::recall(&state.db, &*state.clock, &location.id, counter).await?;
    Ok(back(&form, &page.t1("counter-called", "number", ticket.number)))
}

pub async fn finish(State(state): State<AppState>, page: Page, staff: Staff, Form(form): Form<DeskForm>) -> AppResult<Response> {
    let (location, counter) = desk_of(&state, &staff, &form).await?;
    let came = form.erschienen != "nein";
    let ticket = counter::finish(&state.db, &*state.clock, &location.id, counter, came).await?;
    let key = if came { "counter-finished" } else { "counter-no-show" };
    Ok(back(&form, &page.t1(key, "number", ticket.number)))
}

pub async fn check_in(State(state): State<AppState>, page: Page, staff: Staff, Form(form): Form<DeskForm>) -> AppResult<Response> {
    let location = location_for(&state, &staff, &form.ort).await?;
    let notice = match counter::check_in(&state.db, &*state.clock, &location.id, &form.code).await {
        Ok(CheckIn::OnTime(t)) | Ok(CheckIn::Already(t)) => page.t1("counter-checked-in-number", "number", t.number),
        Ok(CheckIn::Late(t)) => format!(
            "{} {}",
            page.t1("counter-checked-in-number", "number", t.number),
            page.t("counter-checked-in-late")
        ),
        Ok(CheckIn::NotToday) => page.t("counter-code-not-today"),
        Err(Error::NotFound) => page.t("counter-code-unknown"),
        Err(e) => return Err(e.into()),
    };
    Ok(back(&form, &notice))
}

pub async fn take_number(State(state): State<AppState>, page: Page, staff: Staff, Form(form): Form<DeskForm>) -> AppResult<Response> {
    let location = location_for(&state, &staff, &form.ort).await?;
    let ticket = counter::take_number(&state.db, &*state.clock, &location.id, None).await?;
    Ok(back(&form, &page.t1("counter-number-given", "number", ticket.number)))
}
