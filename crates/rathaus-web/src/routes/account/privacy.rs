//! "Meine Daten": download everything stored about me, and delete my account. Both
//! need a session confirmed with a second factor when the account has one.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::invalid;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::{AccountKind, Level, privacy, residents, second_factor};
use rathaus_core::organisations;
use rathaus_platform::Error;

const HERE: &str = "/konto/meine-daten";

/// A step-up when the account has a second factor and this session did not use it.
async fn needs_step_up(state: &AppState, who: &SignedIn, back: &str) -> AppResult<Option<Response>> {
    if !second_factor::factors(&state.db, who.account.id).await?.any() {
        return Ok(None);
    }
    Ok(who.step_up_if_below(Level::Substantial, back))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/my_data.html")]
pub struct MyDataPage {
    page: Page,
    tables: Vec<String>,
}

pub async fn show(page: Page, _who: SignedIn) -> AppResult<MyDataPage> {
    let tables = privacy::PERSONAL_DATA
        .iter()
        .map(|t| page.t(&format!("privacy-section-{}", t.export_as.replace('_', "-"))))
        .collect();
    Ok(MyDataPage { page, tables })
}

pub async fn export(State(state): State<AppState>, who: SignedIn) -> AppResult<Response> {
    if let Some(step_up) = needs_step_up(&state, &who, HERE).await? {
        return Ok(step_up);
    }
    let document = privacy::export(&state.db, &*state.clock, who.account.id, false).await?;
    let name = format!("rathaus-daten-{}.json", state.clock.now().format("%Y-%m-%d"));
    let mut response = privacy::to_download(&document)?.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The export with the files themselves: `daten.json` and `dateien/` in one ZIP.
pub async fn export_archive(State(state): State<AppState>, who: SignedIn) -> AppResult<Response> {
    if let Some(step_up) = needs_step_up(&state, &who, HERE).await? {
        return Ok(step_up);
    }
    let document = privacy::export(&state.db, &*state.clock, who.account.id, true).await?;
    let mut files = Vec::new();
    for (id, name) in privacy::readable_files(&state.db, who.account.id).await? {
        let record = state.blobs.record(state.db.read(), id).await?;
        let bytes = state.blobs.read_verified(&state.db, &record).await?;
        files.push((format!("dateien/{}-{}", &id.simple().to_string()[..8], safe_name(&name)), bytes));
    }
    let json = privacy::to_download(&document)?;
    let archive = tokio::task::spawn_blocking(move || -> zip::result::ZipResult<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("daten.json", options)?;
        std::io::Write::write_all(&mut zip, &json)?;
        for (path, bytes) in files {
            zip.start_file(path, options)?;
            std::io::Write::write_all(&mut zip, &bytes)?;
        }
        Ok(zip.finish()?.into_inner())
    })
    .await
    .map_err(|e| AppError(Error::internal(e)))?
    .map_err(|e| AppError(Error::internal(format!("export archive: {e}"))))?;
    let name = format!("rathaus-daten-{}.zip", state.clock.now().format("%Y-%m-%d"));
    Ok(crate::routes::applications::made_document(
        archive,
        "application/zip",
        &format!("attachment; filename=\"{name}\""),
    ))
}

/// A file name as a path inside the archive: no directories, no control characters.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '_' } else { c })
        .collect();
    match cleaned.trim_start_matches('.') {
        "" => "datei".to_string(),
        rest => rest.to_string(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "account/delete.html")]
pub struct DeletePage {
    page: Page,
    staff: bool,
    /// Why the account cannot be deleted yet (sole owner of an organisation).
    blocked: Option<String>,
    errors: FormErrors,
}

/// The organisations that would be left without an owner, as a message.
async fn blocked(state: &AppState, page: &Page, who: &SignedIn) -> AppResult<Option<String>> {
    let names = organisations::sole_owner_with_others(&state.db, who.account.id).await?;
    Ok((!names.is_empty()).then(|| page.t1("delete-error-sole-owner", "organisations", names.join(", "))))
}

pub async fn delete_form(State(state): State<AppState>, mut page: Page, session: SessionHandle, who: SignedIn) -> AppResult<Response> {
    if let Some(step_up) = needs_step_up(&state, &who, "/konto/loeschen").await? {
        return Ok(step_up);
    }
    page.csrf = Some(session.csrf_token().await?);
    Ok(DeletePage {
        blocked: blocked(&state, &page, &who).await?,
        page,
        staff: who.account.kind == AccountKind::Staff.as_str(),
        errors: FormErrors::default(),
    }
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/deleted.html")]
pub struct DeletedPage {
    page: Page,
    deleted: Vec<String>,
    kept: Vec<String>,
}

pub async fn delete(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    who: SignedIn,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    if let Some(step_up) = needs_step_up(&state, &who, "/konto/loeschen").await? {
        return Ok(step_up);
    }
    let staff = who.account.kind == AccountKind::Staff.as_str();
    let mut problems = Vec::new();
    if staff {
        problems.push(("password", "delete-error-staff"));
    } else {
        if form.confirm != "ja" {
            problems.push(("confirm", "delete-error-confirm"));
        }
        if !residents::confirm_password(&state.db, &*state.clock, &who.account, &form.password).await? {
            problems.push(("password", "delete-error-password"));
        }
    }
    let blocked = blocked(&state, &page, &who).await?;
    if !problems.is_empty() || blocked.is_some() {
        page.csrf = Some(session.csrf_token().await?);
        let errors = FormErrors::from_keys(&page, problems);
        return Ok(invalid(DeletePage {
            page,
            staff,
            blocked,
            errors,
        }));
    }
    let report = privacy::delete_account(&state.db, &state.blobs, &*state.clock, &who.account).await?;
    session.sign_out().await?;
    Ok(DeletedPage {
        deleted: report
            .deleted
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(section, _)| page.t(&format!("privacy-section-{}", section.replace('_', "-"))))
            .collect(),
        kept: report.kept.iter().map(|key| page.t(key)).collect(),
        page,
    }
    .into_response())
}
