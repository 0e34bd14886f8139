//! Mapping errors to responses, in one place. Handlers return `AppError`; the response
//! carries an [`ErrorInfo`] marker, and the `render_errors` middleware turns every error
//! response — ours, axum's rejections, unknown routes, panics — into a translated HTML
//! page or, under `/api/`, an RFC 9457 problem document.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::page::{ErrorPage, Page};
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

#[derive(Debug)]
pub struct AppError(pub Error);

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError(e)
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError(Error::from(e))
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError(Error::from(e))
    }
}

/// Set on error responses so the renderer knows what to say.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// A detail safe to show (validation messages); never internals.
    pub detail: Option<String>,
    pub retry_after: Option<u64>,
    /// The assurance level the request needs: pages lead to the step-up, the API says so.
    pub step_up: Option<&'static str>,
    /// The size limit a refused body broke, in bytes: the answer names it.
    pub limit: Option<u64>,
}

pub fn status_of(error: &Error) -> StatusCode {
    match error {
        Error::NotFound => StatusCode::NOT_FOUND,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Forbidden | Error::AssuranceTooLow { .. } => StatusCode::FORBIDDEN,
        Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
        }
        let detail = match &self.0 {
            Error::Invalid(m) | Error::Conflict(m) => Some(m.clone()),
            Error::AssuranceTooLow { needed } => Some(format!(
                "this application needs assurance level \"{needed}\": raise the session first (second factor at /konto/zweiter-faktor, or the online ID)"
            )),
            _ => None,
        };
        let step_up = match &self.0 {
            Error::AssuranceTooLow { needed } => Some(*needed),
            _ => None,
        };
        let retry_after = match &self.0 {
            Error::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            Error::Unavailable(_) => Some(5),
            _ => None,
        };
        let mut response = status.into_response();
        let limit = match &self.0 {
            Error::TooLarge { limit } => Some(*limit),
            _ => None,
        };
        response.extensions_mut().insert(ErrorInfo {
            detail,
            retry_after,
            step_up,
            limit,
        });
        response
    }
}

/// The key prefix of the translated texts for a status.
fn text_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-400",
        401 => "error-401",
        403 => "error-403",
        404 | 405 => "error-404",
        409 => "error-409",
        413 => "error-413",
        415 | 422 => "error-422",
        429 => "error-429",
        503 => "error-503",
        _ => "error-500",
    }
}

pub async fn render_errors(request: Request, next: Next) -> Response {
    let lang = request.extensions().get::<Lang>().copied().unwrap_or_default();
    let is_api = request.uri().path().starts_with("/api/");
    let instance = request.uri().path().to_string();
    let page = request.extensions().get::<Page>().cloned();
    let origin = Origin::of(&request);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || response.extensions().get::<Rendered>().is_some() {
        return response;
    }
    let info = response.extensions().get::<ErrorInfo>().cloned().unwrap_or(ErrorInfo {
        detail: None,
        retry_after: None,
        step_up: None,
        limit: None,
    });
    let detail = match info.limit {
        Some(limit) => Some(lang.t_args("error-413-limit", &[("mb", megabytes(limit, lang))])),
        None => info.detail.clone(),
    };
    if let Some(needed) = info.step_up
        && !is_api
    {
        let back = origin.step_up_return();
        let to = format!("/konto/stufe?niveau={needed}&zurueck={}", crate::auth::url_component(&back));
        let mut redirect = axum::response::Redirect::to(&to).into_response();
        for value in response.headers().get_all(header::SET_COOKIE) {
            redirect.headers_mut().append(header::SET_COOKIE, value.clone());
        }
        redirect.extensions_mut().insert(Rendered);
        return redirect;
    }
    let key = text_key(status);
    let mut rendered = if is_api {
        let body = serde_json::json!({
            "type": format!("https://rathaus.example.org/probleme/{}", status.as_u16()),
            "title": lang.t(&format!("{key}-title")),
            "status": status.as_u16(),
            "detail": detail.clone().unwrap_or_else(|| lang.t(&format!("{key}-text"))),
            "instance": instance,
        });
        let mut r = (status, axum::Json(body)).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        r
    } else {
        let page = page.unwrap_or_else(|| Page::fallback(lang));
        let html = ErrorPage::new(page, status.as_u16(), key, detail).render_html();
        (status, axum::response::Html(html)).into_response()
    };
    if let Some(secs) = info.retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        rendered.headers_mut().insert(header::RETRY_AFTER, v);
    }
    for name in [header::ALLOW, header::SET_COOKIE] {
        for value in response.headers().get_all(&name) {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered.extensions_mut().insert(Rendered);
    rendered
}

/// A size in MB as people read it ("20", "0,5" — "0.5" in English).
fn megabytes(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    let separator = if lang == Lang::En { '.' } else { ',' };
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        rest => format!("{}{separator}{rest}", tenths / 10),
    }
}

/// What a step-up needs to know of the request, kept by cheap clones (reference-counted
/// bytes) so that nothing is formatted unless a step-up is due.
struct Origin {
    method: axum::http::Method,
    uri: axum::http::Uri,
    referer: Option<HeaderValue>,
    host: Option<HeaderValue>,
}

impl Origin {
    fn of(request: &Request) -> Self {
        Self {
            method: request.method().clone(),
            uri: request.uri().clone(),
            referer: request.headers().get(header::REFERER).cloned(),
            host: request.headers().get(header::HOST).cloned(),
        }
    }

    /// Where to come back to after a step-up: the page itself when it was read, else the
    /// page that sent the form (on this site), else the list of applications.
    fn step_up_return(&self) -> String {
        if matches!(self.method, axum::http::Method::GET | axum::http::Method::HEAD) {
            return self.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/antraege").to_string();
        }
        let host = self.host.as_ref().and_then(|h| h.to_str().ok());
        self.referer
            .as_ref()
            .and_then(|r| r.to_str().ok())
            .and_then(|r| r.parse::<axum::http::Uri>().ok())
            .filter(|uri| uri.authority().map(|a| a.as_str()) == host)
            .and_then(|uri| uri.path_and_query().and_then(|p| crate::forms::safe_return(p.as_str())))
            .unwrap_or_else(|| "/antraege".to_string())
    }
}

/// Marks a response whose error page is already final (e.g. a form re-rendered with
/// its messages at status 422).
#[derive(Debug, Clone, Copy)]
pub struct Rendered;

pub type AppResult<T> = Result<T, AppError>;
