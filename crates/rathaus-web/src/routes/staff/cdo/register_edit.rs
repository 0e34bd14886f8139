//! Changing the register: an agency administrator adds or edits their agency's entries
//! in a form, imports a sheet (CSV or XLSX) whole or not at all with every wrong cell
//! named, and reads an entry's components from a CycloneDX SBOM.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::register::{agency_name, office_of, procedure_page};
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::{FormErrors, next_part, open_multipart};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cockpit::input::ProcedureInput;
use rathaus_core::cockpit::it_procedure::{DataClass, Hosting, Level};
use rathaus_core::cockpit::register::{self, Imported, Office};
use rathaus_core::cockpit::{sbom, sheet, store};
use rathaus_platform::Error;

pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/procedure_form.html")]
pub struct FormPage {
    page: Page,
    /// None: a new entry; else its key and the revision the form was filled from.
    editing: Option<(String, i32)>,
    form: ProcedureInput,
    agencies: Vec<Choice>,
    hostings: Vec<Choice>,
    levels: Vec<Choice>,
    data_classes: Vec<Choice>,
    services: Vec<Choice>,
    procedures: Vec<Choice>,
    errors: FormErrors,
}

impl FormPage {
    pub fn has_item(&self, list: &str, id: &str) -> bool {
        list.split(['\n', ';']).any(|i| i.trim() == id)
    }

    /// The three protection needs: field name, label, value.
    pub fn protection(&self) -> Vec<(&'static str, String, String)> {
        [
            ("confidentiality", "cockpit-field-confidentiality", &self.form.confidentiality),
            ("integrity", "cockpit-field-integrity", &self.form.integrity),
            ("availability", "cockpit-field-availability", &self.form.availability),
        ]
        .into_iter()
        .map(|(name, key, value)| (name, self.page.t(key), value.clone()))
        .collect()
    }
}

fn choices<T: Copy>(page: &Page, all: &[T], id: fn(T) -> &'static str, key: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            id: id(*v).to_string(),
            label: page.t(key(*v)),
        })
        .collect()
}

async fn form_page(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    office: &Office,
    editing: Option<(String, i32)>,
    form: ProcedureInput,
    errors: FormErrors,
) -> AppResult<FormPage> {
    page.csrf = Some(session.csrf_token().await?);
    let catalog = state.catalog().await?;
    let mut agencies: Vec<Choice> = office
        .admin_of
        .iter()
        .map(|a| Choice {
            id: a.clone(),
            label: agency_name(&page, &catalog, a),
        })
        .collect();
    if !form.owner.is_empty() && !office.admin_of.contains(&form.owner) {
        agencies.push(Choice {
            id: form.owner.clone(),
            label: agency_name(&page, &catalog, &form.owner),
        });
    }
    let procedures = register::graph(&state.db)
        .await?
        .into_iter()
        .filter(|p| editing.as_ref().is_none_or(|(id, _)| *id != p.id))
        .map(|p| Choice { id: p.id, label: p.name })
        .collect();
    Ok(FormPage {
        hostings: choices(&page, Hosting::ALL, Hosting::id, Hosting::label_key),
        levels: choices(&page, Level::ALL, Level::id, Level::label_key),
        data_classes: choices(&page, DataClass::ALL, DataClass::id, DataClass::label_key),
        services: catalog
            .services()
            .iter()
            .map(|s| Choice {
                id: s.id.clone(),
                label: s.name(page.lang).to_string(),
            })
            .collect(),
        procedures,
        agencies,
        editing,
        form,
        errors,
        page,
    })
}

/// The form as sent; ticked boxes (data classes, services) come once per box.
fn parse_form(body: &str) -> ProcedureInput {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
    let mut input = ProcedureInput::default();
    let mut lists: [(&str, Vec<String>); 2] = [("data_classes", Vec::new()), ("services", Vec::new())];
    for (key, value) in pairs {
        match lists.iter_mut().find(|(name, _)| *name == key) {
            Some((_, values)) => values.push(value),
            None => input.set(&key, value),
        }
    }
    for (name, values) in lists {
        input.set(name, values.join("\n"));
    }
    input
}

/// The revision the edit form was filled from (its hidden field); 0 when missing, which
/// no stored entry has, so a form without it cannot overwrite a change unseen.
fn seen_revision(body: &str) -> i32 {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
    pairs
        .iter()
        .find(|(k, _)| k == "revision")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

fn errors_of(page: &Page, problems: Vec<rathaus_core::FieldError>) -> FormErrors {
    FormErrors::of(page, problems)
}

fn editor(staff: &Staff) -> AppResult<Office> {
    let office = office_of(staff);
    if office.admin_of.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    Ok(office)
}

pub async fn new_form(State(state): State<AppState>, page: Page, session: SessionHandle, staff: Staff) -> AppResult<FormPage> {
    let office = editor(&staff)?;
    let form = ProcedureInput {
        owner: office.admin_of[0].clone(),
        hosting: Hosting::StateDataCentre.id().into(),
        confidentiality: Level::Normal.id().into(),
        integrity: Level::Normal.id().into(),
        availability: Level::Normal.id().into(),
        ..Default::default()
    };
    form_page(&state, (page, &session), &office, None, form, FormErrors::default()).await
}

/// Saves the form: the entry's page on success, the form again with every wrong field
/// (and all that was typed) otherwise.
async fn save(
    state: &AppState,
    (page, session): (Page, &SessionHandle),
    office: &Office,
    editing: Option<(String, i32)>,
    form: ProcedureInput,
) -> AppResult<Response> {
    let refused = |errors: FormErrors, form: ProcedureInput, editing: Option<(String, i32)>| async {
        let shown = form_page(state, (page.clone(), session), office, editing, form, errors).await?;
        Ok::<Response, AppError>(invalid(shown))
    };
    let procedure = match form.parse() {
        Ok(p) => p,
        Err(problems) => return refused(errors_of(&page, problems), form, editing.clone()).await,
    };
    let catalog = state.catalog().await?;
    let id = procedure.id.clone();
    let seen = editing.as_ref().map(|(id, revision)| (id.as_str(), *revision));
    match register::save(&state.db, &*state.clock, office, &catalog, seen, procedure).await? {
        Ok(_) => {
            let done = if editing.is_some() { "gespeichert" } else { "angelegt" };
            Ok(Redirect::to(&format!("/verwaltung/cdo/verfahren/{id}?hinweis={done}")).into_response())
        }
        Err(problems) => {
            // Changed by someone else meanwhile: the form again, what was typed kept,
            // now against the current revision, so saving again is a decision made.
            let editing = match (&editing, problems.iter().any(|p| p.key == register::CHANGED_MEANWHILE)) {
                (Some((id, _)), true) => Some((id.clone(), store::revision(state.db.write(), id).await?.unwrap_or(0))),
                _ => editing,
            };
            refused(errors_of(&page, problems), form, editing).await
        }
    }
}

pub async fn create(State(state): State<AppState>, page: Page, session: SessionHandle, staff: Staff, body: String) -> AppResult<Response> {
    let office = editor(&staff)?;
    let mut form = parse_form(&body);
    form.from_sbom.clear();
    save(&state, (page, &session), &office, None, form).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
) -> AppResult<FormPage> {
    let office = editor(&staff)?;
    let procedure = register::read(&state.db, &*state.clock, &office, &id).await?;
    if !office.edits(&procedure.owner) {
        return Err(AppError(Error::Forbidden));
    }
    let revision = store::revision(state.db.write(), &id).await?.unwrap_or(0);
    form_page(
        &state,
        (page, &session),
        &office,
        Some((id, revision)),
        ProcedureInput::of(&procedure),
        FormErrors::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    body: String,
) -> AppResult<Response> {
    let office = editor(&staff)?;
    let existing = register::read(&state.db, &*state.clock, &office, &id).await?;
    if !office.edits(&existing.owner) {
        return Err(AppError(Error::Forbidden));
    }
    let mut form = parse_form(&body);
    // The key stays; the SBOM's components are kept by the register as stored.
    form.id = id.clone();
    form.from_sbom.clear();
    let seen = seen_revision(&body);
    save(&state, (page, &session), &office, Some((id, seen)), form).await
}

/// A file from a form that carries one, cut off (and refused) above the upload cap.
async fn uploaded(state: &AppState, request: Request) -> AppResult<(String, Vec<u8>)> {
    let limit = state.config.files.max_upload_bytes;
    let mut multipart = open_multipart(state, request).await?;
    let mut file = (String::new(), Vec::new());
    while let Some(mut part) = next_part(state, &mut multipart).await? {
        if part.name() != Some("file") {
            continue;
        }
        file.0 = part.file_name().unwrap_or_default().to_lowercase();
        while let Some(chunk) = part
            .chunk()
            .await
            .map_err(|_| AppError(Error::Invalid("the upload could not be read".into())))?
        {
            if file.1.len() as u64 + chunk.len() as u64 > limit {
                return Err(AppError(Error::TooLarge { limit }));
            }
            file.1.extend_from_slice(&chunk);
        }
    }
    Ok(file)
}

pub struct ProblemLine {
    pub row: usize,
    pub id: String,
    pub field: String,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/import.html")]
pub struct ImportPage {
    page: Page,
    error: Option<String>,
    done: Option<String>,
    problems: Vec<ProblemLine>,
}

pub async fn import_form(page: Page, session: SessionHandle, staff: Staff) -> AppResult<ImportPage> {
    editor(&staff)?;
    import_page((page, &session), None, None, Vec::new()).await
}

async fn import_page(
    (mut page, session): (Page, &SessionHandle),
    error: Option<String>,
    done: Option<String>,
    problems: Vec<ProblemLine>,
) -> AppResult<ImportPage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(ImportPage {
        page,
        error,
        done,
        problems,
    })
}

pub async fn import(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    request: Request,
) -> AppResult<Response> {
    let office = editor(&staff)?;
    let refuse = |key: String, problems: Vec<ProblemLine>| async {
        let shown = import_page((page.clone(), &session), Some(key), None, problems).await?;
        Ok::<Response, AppError>(invalid(shown))
    };
    let (name, bytes) = match uploaded(&state, request).await {
        Ok(file) => file,
        Err(AppError(Error::TooLarge { .. })) => return refuse(page.t("cockpit-import-too-large"), Vec::new()).await,
        Err(e) => return Err(e),
    };
    if bytes.is_empty() {
        return refuse(page.t("cockpit-import-no-file"), Vec::new()).await;
    }
    // XLSX and ODS are ZIP files; anything else is read as CSV.
    let rows = if bytes.starts_with(b"PK") || name.ends_with(".xlsx") || name.ends_with(".ods") {
        sheet::read_workbook(&bytes)
    } else {
        sheet::read_csv(&bytes)
    };
    let rows = match rows {
        Ok(sheet) if sheet.rows.is_empty() => return refuse(page.t("cockpit-import-empty"), Vec::new()).await,
        Ok(sheet) => sheet,
        Err(sheet::SheetError::Unreadable) => return refuse(page.t("cockpit-import-unreadable"), Vec::new()).await,
        Err(sheet::SheetError::TooLong) => return refuse(page.t("cockpit-import-too-long"), Vec::new()).await,
        Err(sheet::SheetError::Columns(missing)) => {
            let text = page.lang.t_args("cockpit-import-columns", &[("columns", missing.join(", "))]);
            return refuse(text, Vec::new()).await;
        }
    };
    let catalog = state.catalog().await?;
    match register::import(&state.db, &*state.clock, &office, &catalog, rows).await? {
        Imported::Done {
            created,
            changed,
            unchanged,
        } => {
            let done = page.lang.t_args(
                "cockpit-import-done",
                &[
                    ("created", created.to_string()),
                    ("changed", changed.to_string()),
                    ("unchanged", unchanged.to_string()),
                ],
            );
            Ok(import_page((page, &session), None, Some(done), Vec::new()).await?.into_response())
        }
        Imported::Refused(problems) => {
            let lines = problems
                .into_iter()
                .map(|p| ProblemLine {
                    row: p.row,
                    id: p.id,
                    field: page.t(&format!("cockpit-field-{}", p.field)),
                    message: page.t(p.key),
                })
                .collect();
            refuse(page.t("cockpit-import-refused"), lines).await
        }
    }
}

/// Reads an SBOM into the entry's components; a file that cannot be read leaves the
/// entry as it was and says why on its page.
pub async fn upload_sbom(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    request: Request,
) -> AppResult<Response> {
    let office = editor(&staff)?;
    let refuse = |text: String| async {
        let shown = procedure_page(&state, (page.clone(), &session), &office, &id, (String::new(), Some(text))).await?;
        Ok::<Response, AppError>(invalid(shown))
    };
    let (_, bytes) = match uploaded(&state, request).await {
        Ok(file) => file,
        Err(AppError(Error::TooLarge { .. })) => return refuse(page.t("cockpit-import-too-large")).await,
        Err(e) => return Err(e),
    };
    if bytes.is_empty() {
        return refuse(page.t("cockpit-import-no-file")).await;
    }
    let read = match sbom::read(&bytes) {
        Ok(read) => read,
        Err(sbom::SbomError::Version(version)) => {
            return refuse(page.lang.t_args("cockpit-sbom-error-version", &[("version", version)])).await;
        }
        Err(e) => return refuse(page.t(e.key())).await,
    };
    register::apply_sbom(&state.db, &*state.clock, &office, &id, read.components).await?;
    Ok(Redirect::to(&format!(
        "/verwaltung/cdo/verfahren/{id}?hinweis=sbom&ohne_version={}",
        read.without_version
    ))
    .into_response())
}
