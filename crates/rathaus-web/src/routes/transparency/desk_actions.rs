//! The desk's actions on a record: each parses the form, calls one domain action, and
//! either goes back to the record with a message or shows the record again with the
//! refusal in words. Uploads carry the CSRF token in their address (multipart).

use axum::Form;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Europe::Berlin;
use serde::Deserialize;
use uuid::Uuid;

use super::desk::{desk_of, record_page, refusal_text};
use crate::auth::Staff;
use crate::error::{AppError, AppResult, Refusal, rendered};
use crate::forms::{next_part, open_multipart, upload_problem_text};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::transparency::actions::{self, Decision, Upload};
use rathaus_core::transparency::{Desk, store};
use rathaus_platform::Error;

fn back(id: Uuid, done: &str) -> Response {
    Redirect::to(&format!("/verwaltung/transparenz/{id}?hinweis={done}")).into_response()
}

/// The outcome of an action: back to the record with `done`, or the record again with
/// the refusal (409, or 422 for input), or the error page for anything else.
async fn answer(
    state: &AppState,
    (page, session): (Page, &SessionHandle),
    desk: &Desk,
    id: Uuid,
    result: Result<(), Error>,
    done: &str,
) -> AppResult<Response> {
    let error = match result {
        Ok(()) => return Ok(back(id, done)),
        Err(e) => e,
    };
    let Some(text) = refusal_text(&page, &error).or_else(|| upload_problem_text(&error, page.lang)) else {
        return Err(error.into());
    };
    let refusal = match error {
        Error::Invalid(_) | Error::TooLarge { .. } => Refusal::Invalid,
        _ => Refusal::Conflict,
    };
    let publication = actions::for_desk(state.db.read(), desk, id).await?;
    let shown = record_page(state, (page, session), desk, &publication, (None, Some(text))).await?;
    Ok(rendered(refusal, shown))
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let result = actions::submit(&state.db, &*state.clock, &desk, id).await;
    answer(&state, (page, &session), &desk, id, result, "eingereicht").await
}

#[derive(Debug, Default, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn send_back(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let result = actions::send_back(&state.db, &*state.clock, &desk, id, &form.note).await;
    answer(&state, (page, &session), &desk, id, result, "zurueckgegeben").await
}

#[derive(Debug, Default, Deserialize)]
pub struct ReleaseForm {
    /// `jetzt` or `spaeter`.
    #[serde(default)]
    when: String,
    /// Local time in Hamburg, `YYYY-MM-DDTHH:MM` (the browser's datetime-local).
    #[serde(default)]
    at: String,
}

pub async fn release(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<ReleaseForm>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let at = match form.when.as_str() {
        "spaeter" => match NaiveDateTime::parse_from_str(form.at.trim(), "%Y-%m-%dT%H:%M")
            .ok()
            .and_then(|t| Berlin.from_local_datetime(&t).earliest())
        {
            Some(at) if at.to_utc() > state.clock.now() => Some(at.to_utc()),
            _ => {
                let result = Err(Error::Invalid("transparency-error-release-at".into()));
                return answer(&state, (page, &session), &desk, id, result, "").await;
            }
        },
        _ => None,
    };
    let result = actions::release(&state.db, &*state.clock, &desk, id, at).await;
    answer(
        &state,
        (page, &session),
        &desk,
        id,
        result,
        if at.is_some() { "geplant" } else { "freigegeben" },
    )
    .await
}

pub async fn cancel_release(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let result = actions::cancel_release(&state.db, &*state.clock, &desk, id).await;
    answer(&state, (page, &session), &desk, id, result, "aufgehoben").await
}

#[derive(Debug, Default, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let result = actions::withdraw(&state.db, &*state.clock, &desk, id, &form.reason).await;
    answer(&state, (page, &session), &desk, id, result, "zurueckgezogen").await
}

/// A file upload: name, description and the file, read up to the configured cap.
pub async fn add_file(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    request: Request,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let limit = state.blobs.max_bytes();
    let mut multipart = open_multipart(&state, request).await?;
    let mut upload = Upload {
        name: String::new(),
        description: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    let mut too_large = false;
    while let Some(mut part) = next_part(&state, &mut multipart).await? {
        match part.name() {
            Some("file") => {
                upload.file_name = part.file_name().unwrap_or("datei").chars().take(200).collect();
                while let Some(chunk) = part
                    .chunk()
                    .await
                    .map_err(|_| AppError(Error::Invalid("the upload could not be read".into())))?
                {
                    if upload.bytes.len() as u64 + chunk.len() as u64 > limit {
                        too_large = true;
                        break;
                    }
                    upload.bytes.extend_from_slice(&chunk);
                }
            }
            Some("name") => upload.name = part.text().await.unwrap_or_default(),
            Some("description") => upload.description = part.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let result = if too_large {
        Err(Error::TooLarge { limit })
    } else if upload.bytes.is_empty() {
        Err(Error::Invalid("transparency-error-no-file".into()))
    } else {
        actions::add_file(&state.db, &state.blobs, &*state.clock, &desk, id, upload)
            .await
            .map(|_| ())
    };
    answer(&state, (page, &session), &desk, id, result, "datei").await
}

#[derive(Debug, Default, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    url: String,
}

pub async fn add_link(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<LinkForm>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let result = actions::add_link(&state.db, &*state.clock, &desk, id, (&form.name, &form.description), &form.url)
        .await
        .map(|_| ());
    answer(&state, (page, &session), &desk, id, result, "link").await
}

pub async fn remove_resource(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(resource): Path<Uuid>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let id = store::resource(state.db.read(), resource).await?.publication_id;
    actions::for_desk(state.db.read(), &desk, id).await?;
    let result = actions::remove_resource(&state.db, &*state.clock, &desk, resource).await;
    answer(&state, (page, &session), &desk, id, result, "entfernt").await
}

#[derive(Debug, Default, Deserialize)]
pub struct DecisionForm {
    /// `schwaerzen` or `nicht-personenbezogen`.
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(finding): Path<Uuid>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let (id, _) = store::publication_of_finding(state.db.read(), finding).await?;
    actions::for_desk(state.db.read(), &desk, id).await?;
    let (decision, done) = match form.decision.as_str() {
        "schwaerzen" => (Decision::Redact, "geschwaerzt"),
        _ => (Decision::NotPersonal(form.reason), "geklaert"),
    };
    let result = actions::decide(&state.db, &state.blobs, &*state.clock, &desk, finding, decision).await;
    answer(&state, (page, &session), &desk, id, result, done).await
}

/// Every open finding the case proposed, redacted at once.
pub async fn redact_proposed(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let result = actions::redact_proposed(&state.db, &state.blobs, &*state.clock, &desk, id).await;
    answer(&state, (page, &session), &desk, id, result.map(|_| ()), "vorschlaege-geschwaerzt").await
}

pub async fn override_unreadable(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(resource): Path<Uuid>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let id = store::resource(state.db.read(), resource).await?.publication_id;
    actions::for_desk(state.db.read(), &desk, id).await?;
    let result = actions::override_unreadable(&state.db, &*state.clock, &desk, resource, &form.reason).await;
    answer(&state, (page, &session), &desk, id, result, "ausnahme").await
}
