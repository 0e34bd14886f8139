//! `/verwaltung/vorlagen`: an agency's message templates — listed, written, changed and
//! deleted by its case workers, and offered on every case of the agency (see `case.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::scope_of;
use crate::auth::Staff;
use crate::error::AppResult;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cases::CaseScope;
use rathaus_core::cases::templates::{self, Draft, MessageTemplate};

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Listed {
    pub id: Uuid,
    pub title: String,
    pub agency: String,
    pub body: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/templates.html")]
pub struct TemplatesPage {
    page: Page,
    templates: Vec<Listed>,
    /// The template being changed; `None`: a new one.
    editing: Option<Uuid>,
    agencies: Vec<Choice>,
    title: String,
    body: String,
    errors: FormErrors,
    info: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct TemplateForm {
    #[serde(default)]
    agency: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    hinweis: String,
}

async fn render(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    scope: &CaseScope,
    editing: Option<Uuid>,
    typed: TemplateForm,
    errors: FormErrors,
) -> AppResult<TemplatesPage> {
    page.csrf = Some(session.csrf_token().await?);
    let catalog = state.catalog().await?;
    let agency_name = |id: &str| {
        catalog
            .agency(id)
            .map(|a| a.name(page.lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let templates = templates::of_scope(&state.db, scope)
        .await?
        .into_iter()
        .map(|t| Listed {
            id: t.id,
            agency: agency_name(&t.agency_id),
            title: t.title,
            body: t.body,
        })
        .collect();
    let chosen = if typed.agency.is_empty() {
        scope.agencies[0].clone()
    } else {
        typed.agency.clone()
    };
    let agencies = scope
        .agencies
        .iter()
        .map(|a| Choice {
            value: a.clone(),
            label: agency_name(a),
            selected: *a == chosen,
        })
        .collect();
    Ok(TemplatesPage {
        page,
        templates,
        editing,
        agencies,
        title: typed.title,
        body: typed.body,
        errors,
        info: None,
    })
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> AppResult<TemplatesPage> {
    let scope = scope_of(&staff)?;
    let info = match q.hinweis.as_str() {
        "gespeichert" => Some(page.t("template-info-saved")),
        "geloescht" => Some(page.t("template-info-deleted")),
        _ => None,
    };
    let mut shown = render(&state, page, &session, &scope, None, TemplateForm::default(), FormErrors::default()).await?;
    shown.info = info;
    Ok(shown)
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> AppResult<TemplatesPage> {
    let scope = scope_of(&staff)?;
    let MessageTemplate {
        agency_id, title, body, ..
    } = templates::get(&state.db, &scope, id).await?;
    let typed = TemplateForm {
        agency: agency_id,
        title,
        body,
    };
    render(&state, page, &session, &scope, Some(id), typed, FormErrors::default()).await
}

async fn save(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    staff: &Staff,
    id: Option<Uuid>,
    form: TemplateForm,
) -> AppResult<Response> {
    let scope = scope_of(staff)?;
    let draft = Draft {
        agency_id: form.agency.clone(),
        title: form.title.clone(),
        body: form.body.clone(),
    };
    match templates::save(&state.db, &*state.clock, &scope, id, &draft).await? {
        Ok(_) => Ok(Redirect::to("/verwaltung/vorlagen?hinweis=gespeichert").into_response()),
        Err(problems) => {
            let errors = FormErrors::from_keys(&page, problems.iter().map(|p| (p.field, p.key)));
            let shown = render(state, page, session, &scope, id, form, errors).await?;
            Ok(crate::error::invalid(shown))
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Form(form): Form<TemplateForm>,
) -> AppResult<Response> {
    save(&state, page, &session, &staff, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<TemplateForm>,
) -> AppResult<Response> {
    save(&state, page, &session, &staff, Some(id), form).await
}

pub async fn delete(State(state): State<AppState>, staff: Staff, Path(id): Path<Uuid>) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    templates::delete(&state.db, &*state.clock, &scope, id).await?;
    Ok(Redirect::to("/verwaltung/vorlagen?hinweis=geloescht").into_response())
}
