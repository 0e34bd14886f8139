//! `/pruefen`: anyone holding a decision checks that it is genuine — by its verification
//! code — and unchanged — by comparing the file's SHA-256 with the one recorded at issue.
//! The page names the issuing agency, the date and the case reference, nothing personal.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use futures::TryStreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, Refusal};
use crate::format;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cases::decisions::{self, Verified};
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

pub struct Found {
    pub agency: String,
    pub issued: String,
    pub reference: String,
    pub title: String,
    pub sha256: String,
    pub corrected: Option<String>,
    /// Said when the case's retention ended: its text and document are gone, the hash
    /// still checks a copy.
    pub erased: Option<String>,
    pub seal: Option<SealShown>,
}

/// The seal as the page shows it.
pub struct SealShown {
    pub sealer: String,
    pub sealed_at: String,
    pub certificate: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    page: Page,
    code: String,
    found: Option<Found>,
    unknown: bool,
    /// `Some(true)` when an uploaded file matched, `Some(false)` when it did not.
    compared: Option<bool>,
    file_missing: bool,
    action: String,
}

async fn page_for(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    code: String,
    verified: Option<Verified>,
) -> AppResult<VerifyPage> {
    let csrf = session.csrf_token().await?;
    let action = format!(
        "/pruefen/{}?_csrf={}",
        crate::auth::url_component(&code),
        crate::auth::url_component(&csrf)
    );
    page.csrf = Some(csrf);
    let catalog = state.catalog().await?;
    let found = verified.map(|v| Found {
        agency: catalog
            .agency(&v.agency_id)
            .map(|a| a.name(page.lang).to_string())
            .unwrap_or(v.agency_id.clone()),
        issued: format::date_time(page.lang, v.decision.issued_at),
        reference: v.reference,
        erased: v.decision.erased_at.map(|at| {
            page.t1(
                "verify-erased",
                "date",
                format::date(page.lang, rathaus_core::cases::due::local_date(at)),
            )
        }),
        seal: v.decision.seal.map(|mark| SealShown {
            sealer: mark.sealer,
            sealed_at: format::date_time(page.lang, mark.sealed_at),
            certificate: mark.certificate_serial,
        }),
        title: v.decision.title,
        sha256: v.decision.sha256,
        corrected: v
            .corrected_by
            .map(|c| page.t1("verify-corrected", "date", format::date_time(page.lang, c.issued_at))),
    });
    Ok(VerifyPage {
        unknown: !code.is_empty() && found.is_none(),
        code,
        found,
        compared: None,
        file_missing: false,
        action,
        page,
    })
}

/// The form; a code typed into it goes to its own address.
pub async fn form(State(state): State<AppState>, page: Page, session: SessionHandle, Query(q): Query<CodeQuery>) -> AppResult<Response> {
    if !q.code.trim().is_empty() {
        let code = decisions::normalise_code(&q.code);
        return Ok(Redirect::to(&format!("/pruefen/{}", crate::auth::url_component(&code))).into_response());
    }
    Ok(page_for(&state, page, &session, String::new(), None).await?.into_response())
}

async fn lookup(state: &AppState, code: &str) -> AppResult<Option<Verified>> {
    match decisions::verify(&state.db, code).await {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// What the last comparison on this session found, shown once on the code's page.
const COMPARED: &str = "verify_compared";

pub async fn show(State(state): State<AppState>, page: Page, session: SessionHandle, Path(code): Path<String>) -> AppResult<Response> {
    let code = decisions::normalise_code(&code);
    let verified = lookup(&state, &code).await?;
    let known = verified.is_some();
    let compared = match session.get(COMPARED).await? {
        Some(result) => {
            session.put(COMPARED, None).await?;
            (result["code"] == code.as_str()).then(|| result["outcome"].as_str().unwrap_or_default().to_string())
        }
        None => None,
    };
    let mut view = page_for(&state, page, &session, code, verified).await?;
    if view.found.is_some() {
        match compared.as_deref() {
            Some("same") => view.compared = Some(true),
            Some("changed") => view.compared = Some(false),
            Some(_) => view.file_missing = true,
            None => {}
        }
    }
    // An unknown code is a 404 that says so on this page (a forgery looks like this).
    Ok(if known {
        view.into_response()
    } else {
        crate::error::rendered(Refusal::NotFound, view)
    })
}

/// Compares an uploaded copy with the issued document; the file is hashed while it
/// streams and never stored. The result is shown on the code's own address (the form's
/// address carries the CSRF token, which must not stay in the address bar to be shared).
pub async fn compare(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(code): Path<String>,
    request: Request,
) -> AppResult<Response> {
    let code = decisions::normalise_code(&code);
    let Some(verified) = lookup(&state, &code).await? else {
        return Ok(crate::error::rendered(
            Refusal::NotFound,
            page_for(&state, page, &session, code, None).await?,
        ));
    };
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|_| AppError(Error::Invalid("the file could not be read".into())))?;
    let mut digest: Option<String> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError(Error::Invalid("the file could not be read".into())))?
    {
        if field.name() != Some("file") || field.file_name().unwrap_or_default().is_empty() {
            continue;
        }
        let mut hasher = Sha256::new();
        let mut stream = field.map_err(|e| std::io::Error::other(e.to_string()));
        while let Some(chunk) = stream.try_next().await.map_err(|e| AppError(Error::Invalid(e.to_string())))? {
            hasher.update(&chunk);
        }
        digest = Some(hex::encode(hasher.finalize()));
    }
    let outcome = match digest {
        Some(digest) if decisions::is_unchanged(&verified.decision, &digest) => "same",
        Some(_) => "changed",
        None => "missing",
    };
    session
        .put(COMPARED, Some(serde_json::json!({ "code": code, "outcome": outcome })))
        .await?;
    Ok(Redirect::to(&format!("/pruefen/{}", crate::auth::url_component(&code))).into_response())
}
