//! `/transparenz/{name}/problem-melden`: anyone reports a problem with a published
//! record; it becomes a task on the record's desk. On its own page, so that reading a
//! record sets no cookie (the form needs a session for its CSRF token).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::desk::desk_of;
use super::view;
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::transparency::reports::{self, MAX_MESSAGE_CHARS};
use rathaus_core::transparency::{Publication, Status, store};
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    message: String,
    #[serde(default)]
    contact_email: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    gesendet: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/report.html")]
pub struct ReportPage {
    page: Page,
    name: String,
    title: String,
    form: ReportForm,
    errors: FormErrors,
    sent: bool,
    max: usize,
}

async fn published(state: &AppState, name: &str) -> AppResult<Publication> {
    let publication = store::by_name(state.db.read(), name).await?;
    if publication.status != Status::Published {
        return Err(AppError(Error::NotFound));
    }
    Ok(publication)
}

async fn render(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    publication: &Publication,
    form: ReportForm,
    errors: FormErrors,
    sent: bool,
) -> AppResult<ReportPage> {
    let _ = state;
    page.csrf = Some(session.csrf_token().await?);
    Ok(ReportPage {
        name: publication.meta.name.clone(),
        title: view::title(&page, publication),
        form,
        errors,
        sent,
        max: MAX_MESSAGE_CHARS,
        page,
    })
}

pub async fn form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(name): Path<String>,
    Query(query): Query<ReportQuery>,
) -> AppResult<ReportPage> {
    let publication = published(&state, &name).await?;
    render(
        &state,
        (page, &session),
        &publication,
        ReportForm::default(),
        FormErrors::default(),
        query.gesendet == "1",
    )
    .await
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(name): Path<String>,
    Form(form): Form<ReportForm>,
) -> AppResult<Response> {
    let publication = published(&state, &name).await?;
    match reports::check(&form.message, &form.contact_email) {
        Ok((message, email)) => {
            reports::submit(&state.db, &*state.clock, publication.id, &message, email.as_deref()).await?;
            Ok(Redirect::to(&format!("/transparenz/{name}/problem-melden?gesendet=1")).into_response())
        }
        Err(problems) => {
            let errors = FormErrors::of(&page, problems);
            Ok(invalid(render(&state, (page, &session), &publication, form, errors, false).await?))
        }
    }
}

/// The desk marks a report done.
pub async fn resolve(State(state): State<AppState>, staff: Staff, Path(report): Path<Uuid>) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let publication = reports::resolve(&state.db, &*state.clock, &desk, report).await?;
    Ok(Redirect::to(&format!("/verwaltung/transparenz/{publication}?hinweis=erledigt")).into_response())
}
