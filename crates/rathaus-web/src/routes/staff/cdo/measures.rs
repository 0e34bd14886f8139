//! Planning a replacement measure for an ageing procedure: its administrators set the
//! target, the date, the budget, the state and the milestones; the form says when the
//! date lies after the procedure's first end of support.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::register::office_of;
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cockpit::measure::{self, MeasureInput, MeasureStatus};
use rathaus_core::cockpit::register::{self, Office};
use rathaus_platform::Error;

pub struct Choice {
    pub id: &'static str,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/measure_form.html")]
pub struct MeasurePage {
    page: Page,
    procedure: String,
    procedure_name: String,
    /// None: a new measure.
    measure: Option<Uuid>,
    form: MeasureInput,
    statuses: Vec<Choice>,
    errors: FormErrors,
}

/// The entry, for someone who edits it.
async fn editable(state: &AppState, office: &Office, procedure: &str) -> AppResult<String> {
    let entry = register::read(&state.db, &*state.clock, office, procedure).await?;
    if !office.edits(&entry.owner) {
        return Err(AppError(Error::Forbidden));
    }
    Ok(entry.name)
}

async fn form_page(
    (mut page, session): (Page, &SessionHandle),
    (procedure, procedure_name): (String, String),
    measure: Option<Uuid>,
    form: MeasureInput,
    errors: FormErrors,
) -> AppResult<MeasurePage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(MeasurePage {
        statuses: MeasureStatus::ALL
            .into_iter()
            .map(|s| Choice {
                id: s.id(),
                label: page.t(s.label_key()),
            })
            .collect(),
        procedure,
        procedure_name,
        measure,
        form,
        errors,
        page,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
) -> AppResult<MeasurePage> {
    let office = office_of(&staff);
    let name = editable(&state, &office, &id).await?;
    let form = MeasureInput {
        status: MeasureStatus::Planned.id().into(),
        ..Default::default()
    };
    form_page((page, &session), (id, name), None, form, FormErrors::default()).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((id, measure_id)): Path<(String, Uuid)>,
) -> AppResult<MeasurePage> {
    let office = office_of(&staff);
    let name = editable(&state, &office, &id).await?;
    let measure = measure::read(&state.db, &office, &id, measure_id).await?;
    form_page(
        (page, &session),
        (id, name),
        Some(measure_id),
        MeasureInput::of(&measure),
        FormErrors::default(),
    )
    .await
}

async fn save(
    state: &AppState,
    (page, session): (Page, &SessionHandle),
    staff: &Staff,
    (id, measure_id): (String, Option<Uuid>),
    form: MeasureInput,
) -> AppResult<Response> {
    let office = office_of(staff);
    let name = editable(state, &office, &id).await?;
    if let Some(existing) = measure_id {
        measure::read(&state.db, &office, &id, existing).await?;
    }
    let parsed = match form.parse(measure_id.unwrap_or_else(Uuid::now_v7), &id) {
        Ok(m) => m,
        Err(problems) => {
            let errors = FormErrors::of(&page, problems);
            return Ok(invalid(form_page((page, session), (id, name), measure_id, form, errors).await?));
        }
    };
    measure::save(&state.db, &*state.clock, &office, &parsed).await?;
    Ok(Redirect::to(&format!("/verwaltung/cdo/verfahren/{id}?hinweis=massnahme#massnahmen")).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<MeasureInput>,
) -> AppResult<Response> {
    save(&state, (page, &session), &staff, (id, None), form).await
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((id, measure_id)): Path<(String, Uuid)>,
    Form(form): Form<MeasureInput>,
) -> AppResult<Response> {
    save(&state, (page, &session), &staff, (id, Some(measure_id)), form).await
}
