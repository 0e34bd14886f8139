//! The kiosk in a waiting room, opened by its device link: booked visitors check in
//! with their booking code, everyone else takes a number. Works without JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::AppResult;
use crate::error::invalid;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::counter::{self, CheckIn, Estimate, Ticket};
use rathaus_core::appointments::kiosks;
use rathaus_platform::Error;

pub struct ServiceOption {
    pub id: String,
    pub name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "counter/kiosk.html")]
pub struct KioskPage {
    page: Page,
    token: String,
    location_name: String,
    services: Vec<ServiceOption>,
    estimate: Estimate,
    code: String,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "counter/ticket.html")]
pub struct TicketPage {
    page: Page,
    token: String,
    number: String,
    message: String,
}

async fn kiosk_page(state: &AppState, mut page: Page, session: &SessionHandle, token: &str) -> AppResult<KioskPage> {
    let kiosk = kiosks::by_token(&state.db, token).await?;
    let catalog = state.catalog().await?;
    let location = catalog.location(&kiosk.location_id).ok_or(Error::NotFound)?;
    page.csrf = Some(session.csrf_token().await?);
    Ok(KioskPage {
        token: token.to_string(),
        location_name: location.name.clone(),
        services: location
            .services_in_person
            .iter()
            .filter_map(|id| catalog.service(id))
            .map(|s| ServiceOption {
                id: s.id.clone(),
                name: s.name(page.lang).to_string(),
            })
            .collect(),
        estimate: counter::walk_in_estimate(&state.db, &*state.clock, &kiosk.location_id).await?,
        code: String::new(),
        error: None,
        page,
    })
}

pub async fn show(State(state): State<AppState>, page: Page, session: SessionHandle, Path(token): Path<String>) -> AppResult<KioskPage> {
    kiosk_page(&state, page, &session, &token).await
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct NumberForm {
    #[serde(default)]
    leistung: String,
}

fn ticket_page(page: Page, token: String, ticket: &Ticket, key: &str, extra: Option<String>) -> TicketPage {
    let mut message = page.t(key);
    if let Some(extra) = extra {
        message = format!("{message} {extra}");
    }
    TicketPage {
        token,
        number: ticket.number.clone(),
        message,
        page,
    }
}

pub async fn check_in(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(token): Path<String>,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let kiosk = kiosks::by_token(&state.db, &token).await?;
    let outcome = match counter::check_in(&state.db, &*state.clock, &kiosk.location_id, &form.code).await {
        Ok(outcome) => Some(outcome),
        Err(Error::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let (ticket, key) = match outcome {
        Some(CheckIn::OnTime(t)) => (t, "counter-checked-in"),
        Some(CheckIn::Late(t)) => (t, "counter-checked-in-late"),
        Some(CheckIn::Already(t)) => (t, "counter-checked-in-already"),
        Some(CheckIn::NotToday) | None => {
            let key = if outcome.is_some() {
                "counter-code-not-today"
            } else {
                "counter-code-unknown"
            };
            let mut shown = kiosk_page(&state, page, &session, &token).await?;
            shown.error = Some(shown.page.t(key));
            shown.code = form.code;
            return Ok(invalid(shown));
        }
    };
    Ok(ticket_page(page, token, &ticket, key, None).into_response())
}

pub async fn take_number(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<NumberForm>,
) -> AppResult<Response> {
    let kiosk = kiosks::by_token(&state.db, &token).await?;
    let catalog = state.catalog().await?;
    let service = catalog
        .location(&kiosk.location_id)
        .and_then(|l| l.services_in_person.iter().find(|s| **s == form.leistung))
        .cloned();
    let estimate = counter::walk_in_estimate(&state.db, &*state.clock, &kiosk.location_id).await?;
    let ticket = counter::take_number(&state.db, &*state.clock, &kiosk.location_id, service.as_deref()).await?;
    let wait = page.t1("counter-estimate-minutes", "minutes", estimate.minutes.max(0));
    Ok(ticket_page(page, token, &ticket, "counter-took-number", Some(wait)).into_response())
}
