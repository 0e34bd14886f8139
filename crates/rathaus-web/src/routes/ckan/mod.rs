//! CKAN's Action API (version 3) over the transparency portal, at `/api/3/action/{name}`
//! and at `/api/action/{name}` (where CKAN clients such as `ckanapi` call it), in CKAN's
//! envelope (`help`, `success`, `result`) and with its error types and status codes.
//!
//! Reading is open to everyone and sees what the portal shows. Writing needs the API key
//! of a publisher in the `Authorization` (or `X-CKAN-API-Key`) header and goes through the
//! desk's own domain actions: a record made here is a draft that runs the four-eyes
//! workflow and the personal-data check like any other. Cookies are never read here, so
//! a call needs no CSRF token and a signed-in browser cannot be made to call it.

mod dicts;
mod params;
mod read;
mod write;

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::error::{AppError, Rendered};
use crate::state::AppState;
use params::Params;
use rathaus_core::accounts::{self, AccountKind, api_keys};
use rathaus_core::transparency::Desk;
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/3/action/{name}", get(call).post(call))
        .route("/api/action/{name}", get(call).post(call))
}

/// The actions that only read. Clients send them as POST too (`ckanapi` does), so the
/// limit on writes does not count them.
const READ_ACTIONS: [&str; 14] = [
    "site_read",
    "status_show",
    "help_show",
    "package_list",
    "package_show",
    "package_search",
    "current_package_list_with_resources",
    "organization_list",
    "organization_show",
    "group_list",
    "group_show",
    "tag_list",
    "license_list",
    "resource_show",
];

fn action_of(path: &str) -> Option<&str> {
    path.strip_prefix("/api/3/action/").or_else(|| path.strip_prefix("/api/action/"))
}

pub fn is_ckan_path(path: &str) -> bool {
    action_of(path).is_some()
}

pub fn is_read_call(path: &str) -> bool {
    action_of(path).is_some_and(|name| READ_ACTIONS.contains(&name))
}

/// What went wrong, as CKAN names it.
#[derive(Debug)]
pub enum CkanError {
    NotFound(String),
    Authorization(String),
    /// Per field, its messages.
    Validation(Map<String, Value>),
    SearchQuery(String),
    BadRequest(String),
    /// Refused before the action (size, rate): status and message.
    Other(StatusCode, String),
}

impl CkanError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut fields = Map::new();
        fields.insert(field.to_string(), json!([message.into()]));
        CkanError::Validation(fields)
    }

    /// A domain refusal: its key translated where it is one of ours; a refused file
    /// as the `upload` field's problem.
    pub fn of(error: Error, lang: Lang) -> Self {
        if let Some(text) = crate::forms::upload_problem_text(&error, lang) {
            return CkanError::invalid("upload", text);
        }
        match error {
            Error::NotFound => CkanError::NotFound(String::new()),
            Error::Forbidden | Error::Unauthenticated => CkanError::Authorization(String::new()),
            Error::Invalid(key) | Error::Conflict(key) => CkanError::invalid("message", text_of(&key, lang)),
            other => CkanError::from_app(AppError(other)),
        }
    }

    pub fn from_app(error: AppError) -> Self {
        let status = crate::error::status_of(&error.0);
        match error.0 {
            Error::Invalid(message) => CkanError::BadRequest(message),
            Error::NotFound => CkanError::NotFound(String::new()),
            Error::Forbidden | Error::Unauthenticated => CkanError::Authorization(String::new()),
            other => {
                if status.is_server_error() {
                    tracing::error!(error = %other, "CKAN API call failed");
                }
                CkanError::Other(status, status.canonical_reason().unwrap_or("Error").to_string())
            }
        }
    }

    fn status_and_body(self) -> (StatusCode, Value) {
        let with = |kind: &str, base: &str, detail: String| {
            let message = if detail.is_empty() {
                base.to_string()
            } else {
                format!("{base}: {detail}")
            };
            json!({ "__type": kind, "message": message })
        };
        match self {
            CkanError::NotFound(detail) => (StatusCode::NOT_FOUND, with("Not Found Error", "Not found", detail)),
            CkanError::Authorization(detail) => (StatusCode::FORBIDDEN, with("Authorization Error", "Access denied", detail)),
            CkanError::Validation(mut fields) => {
                fields.insert("__type".into(), json!("Validation Error"));
                (StatusCode::CONFLICT, Value::Object(fields))
            }
            CkanError::SearchQuery(detail) => (
                StatusCode::BAD_REQUEST,
                with("Search Query Error", "Search Query is invalid", detail),
            ),
            CkanError::BadRequest(detail) => (StatusCode::BAD_REQUEST, with("Bad Request", "Bad request", detail)),
            CkanError::Other(status, message) => (status, json!({ "__type": "Error", "message": message })),
        }
    }
}

/// The text of a domain refusal whose message is a translation key (`transparency-…`,
/// `api-key-…`), with the detail after `": "` kept.
fn text_of(message: &str, lang: Lang) -> String {
    let (key, detail) = message.split_once(": ").unwrap_or((message, ""));
    if !(key.starts_with("transparency-") || key.starts_with("api-key-")) {
        return message.to_string();
    }
    let text = lang.t(key);
    if detail.is_empty() { text } else { format!("{text} ({detail})") }
}

/// The envelope of an error outside an action (a middleware's refusal, a wrong method).
pub fn error_response(status: StatusCode, help: &str) -> Response {
    let error = match status {
        StatusCode::NOT_FOUND => CkanError::NotFound(String::new()),
        StatusCode::FORBIDDEN => CkanError::Authorization(String::new()),
        other => CkanError::Other(other, other.canonical_reason().unwrap_or("Error").to_string()),
    };
    envelope(help, Err(error))
}

fn envelope(help: &str, result: Result<Value, CkanError>) -> Response {
    let mut response = match result {
        Ok(result) => Json(json!({ "help": help, "success": true, "result": result })).into_response(),
        Err(error) => {
            let (status, error) = error.status_and_body();
            (status, Json(json!({ "help": help, "success": false, "error": error }))).into_response()
        }
    };
    response.extensions_mut().insert(Rendered);
    response
}

fn help_url(state: &AppState, name: &str) -> String {
    format!(
        "{}/api/3/action/help_show?name={}",
        state.config.public_url.trim_end_matches('/'),
        crate::auth::url_component(name)
    )
}

/// What one call knows: the site, the language of messages, and who calls (a desk when
/// the call carries a valid key).
pub struct Call<'a> {
    pub state: &'a AppState,
    pub lang: Lang,
    pub desk: Option<Desk>,
    pub params: Params,
}

impl Call<'_> {
    /// The desk of a writing call: refused without a key of someone who publishes.
    pub fn publisher(&self) -> Result<&Desk, CkanError> {
        match &self.desk {
            Some(desk) if !desk.publishes.is_empty() => Ok(desk),
            Some(_) => Err(CkanError::Authorization("the key's account does not publish for any agency".into())),
            None => Err(CkanError::Authorization(
                "writing needs a publisher's API key in the Authorization header".into(),
            )),
        }
    }

    pub fn domain(&self, error: Error) -> CkanError {
        CkanError::of(error, self.lang)
    }

    /// The writer of CKAN's dictionaries for this call.
    pub async fn dicts(&self) -> Result<dicts::Dicts, CkanError> {
        Ok(dicts::Dicts {
            base: self.state.config.public_url.trim_end_matches('/').to_string(),
            catalog: self.state.catalog().await.map_err(|e| self.domain(e))?,
            lang: self.lang,
        })
    }
}

async fn call(State(state): State<AppState>, Path(name): Path<String>, request: Request) -> Response {
    let lang = request.extensions().get::<Lang>().copied().unwrap_or_default();
    let help = help_url(&state, &name);
    let result = async {
        let desk = desk_of_key(&state, request.headers()).await?;
        let params = Params::read(&state, request).await?;
        let call = Call {
            state: &state,
            lang,
            desk,
            params,
        };
        dispatch(&name, &call).await
    }
    .await;
    envelope(&help, result)
}

async fn dispatch(name: &str, call: &Call<'_>) -> Result<Value, CkanError> {
    match name {
        "site_read" => Ok(json!(true)),
        "status_show" => read::status_show(call).await,
        "help_show" => read::help_show(call),
        "package_list" => read::package_list(call).await,
        "package_show" => read::package_show(call).await,
        "package_search" => read::package_search(call).await,
        "current_package_list_with_resources" => read::current_package_list_with_resources(call).await,
        "organization_list" => read::organization_list(call).await,
        "organization_show" => read::organization_show(call).await,
        "group_list" => read::group_list(call).await,
        "group_show" => read::group_show(call).await,
        "tag_list" => read::tag_list(call).await,
        "license_list" => Ok(read::license_list()),
        "resource_show" => read::resource_show(call).await,
        "package_create" => write::package_create(call).await,
        "package_update" => write::package_update(call, false).await,
        "package_patch" => write::package_update(call, true).await,
        "package_delete" => write::package_delete(call).await,
        "resource_create" => write::resource_create(call).await,
        "resource_delete" => write::resource_delete(call).await,
        other => Err(CkanError::BadRequest(format!("Action name not known: {other}"))),
    }
}

/// The desk of the staff member whose key the call carries; none without a key. A key
/// that is sent but not valid is refused rather than ignored, so a client learns at
/// once that its key expired.
async fn desk_of_key(state: &AppState, headers: &HeaderMap) -> Result<Option<Desk>, CkanError> {
    let Some(secret) = ["authorization", "x-ckan-api-key"]
        .iter()
        .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()))
        .filter(|v| !v.trim().is_empty())
    else {
        return Ok(None);
    };
    let refused = || CkanError::Authorization("the API key is unknown, expired or revoked".into());
    let account = match api_keys::authenticate(&state.db, &*state.clock, secret).await {
        Ok(account) => account,
        Err(Error::Unauthenticated) => return Err(refused()),
        Err(other) => return Err(CkanError::from_app(AppError(other))),
    };
    if account.kind != AccountKind::Staff.as_str() {
        return Err(refused());
    }
    let grants = accounts::grants_of(&state.db, account.id)
        .await
        .map_err(|e| CkanError::from_app(AppError(e)))?;
    Ok(Some(Desk::of(account.id, &account.display_name, &grants)))
}
