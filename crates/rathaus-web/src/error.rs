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
#[derive(Debug, Clone, Default)]
pub struct ErrorInfo {
    /// A detail safe to show (validation messages); never internals.
    pub detail: Option<String>,
    pub retry_after: Option<u64>,
    /// The assurance level the request needs: pages lead to the step-up, the API says so.
    pub step_up: Option<&'static str>,
    /// The size limit a refused body broke, in bytes: the answer names it.
    pub limit: Option<u64>,
    /// For an API client: the fields refused (`errors` of the problem document).
    pub fields: Option<serde_json::Value>,
}

/// Every way the app refuses a request, each with its one status. Errors map here, and
/// so do pages that answer a refusal themselves (a form with its messages, a time taken
/// meanwhile) — no handler picks an error status of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The request cannot be read (a link cut short, a form of another version).
    BadRequest,
    Unauthenticated,
    PaymentRequired,
    Forbidden,
    NotFound,
    Conflict,
    Gone,
    TooLarge,
    /// Input that breaks a rule: the page says what to fix.
    Invalid,
    RateLimited,
    Failed,
    Unavailable,
}

impl Refusal {
    /// Every refusal, for the test that each has its page and problem document.
    #[cfg(test)]
    pub const ALL: [Refusal; 12] = [
        Refusal::BadRequest,
        Refusal::Unauthenticated,
        Refusal::PaymentRequired,
        Refusal::Forbidden,
        Refusal::NotFound,
        Refusal::Conflict,
        Refusal::Gone,
        Refusal::TooLarge,
        Refusal::Invalid,
        Refusal::RateLimited,
        Refusal::Failed,
        Refusal::Unavailable,
    ];

    pub fn status(self) -> StatusCode {
        match self {
            Refusal::BadRequest => StatusCode::BAD_REQUEST,
            Refusal::Unauthenticated => StatusCode::UNAUTHORIZED,
            Refusal::PaymentRequired => StatusCode::PAYMENT_REQUIRED,
            Refusal::Forbidden => StatusCode::FORBIDDEN,
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Conflict => StatusCode::CONFLICT,
            Refusal::Gone => StatusCode::GONE,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Refusal::Failed => StatusCode::INTERNAL_SERVER_ERROR,
            Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn of(error: &Error) -> Self {
        match error {
            Error::NotFound => Refusal::NotFound,
            Error::Unauthenticated => Refusal::Unauthenticated,
            Error::Forbidden | Error::AssuranceTooLow { .. } => Refusal::Forbidden,
            Error::Invalid(_) => Refusal::Invalid,
            Error::Conflict(_) => Refusal::Conflict,
            Error::Gone(_) => Refusal::Gone,
            Error::PaymentRequired(_) => Refusal::PaymentRequired,
            Error::TooLarge { .. } => Refusal::TooLarge,
            Error::RateLimited { .. } => Refusal::RateLimited,
            Error::Unavailable(_) => Refusal::Unavailable,
            _ => Refusal::Failed,
        }
    }
}

pub fn status_of(error: &Error) -> StatusCode {
    Refusal::of(error).status()
}

/// A form page re-shown with its messages: 422, and final (not replaced by an error page).
pub fn invalid(page: impl IntoResponse) -> Response {
    rendered(Refusal::Invalid, page)
}

/// A page that explains a refusal itself ("just taken"), kept by the error layer.
pub fn rendered(refusal: Refusal, page: impl IntoResponse) -> Response {
    let mut response = (refusal.status(), page).into_response();
    response.extensions_mut().insert(Rendered);
    response
}

/// Input refused field by field, for an API client: a 422 problem document whose
/// `errors` list each field's path, key and message.
pub struct FieldsRefused {
    pub detail: String,
    pub errors: serde_json::Value,
}

impl IntoResponse for FieldsRefused {
    fn into_response(self) -> Response {
        let mut response = Refusal::Invalid.status().into_response();
        response.extensions_mut().insert(ErrorInfo {
            detail: Some(self.detail),
            fields: Some(self.errors),
            ..ErrorInfo::default()
        });
        response
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
        }
        let detail = match &self.0 {
            Error::Invalid(m) | Error::Conflict(m) | Error::Gone(m) | Error::PaymentRequired(m) => Some(m.clone()),
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
            fields: None,
        });
        response
    }
}

/// The key prefix of the translated texts for a status.
fn text_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-400",
        401 => "error-401",
        402 => "error-402",
        403 => "error-403",
        404 | 405 => "error-404",
        409 => "error-409",
        410 => "error-410",
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
    let info = response.extensions().get::<ErrorInfo>().cloned().unwrap_or_default();
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
    let mut rendered = if crate::routes::ckan::is_ckan_path(&instance) {
        crate::routes::ckan::error_response(status, &instance)
    } else if is_api {
        problem_document(status, lang, detail, &instance, info.fields)
    } else {
        error_page(status, page.unwrap_or_else(|| Page::fallback(lang)), detail)
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

/// The RFC 9457 problem document of an error status, in the request's language.
pub fn problem_document(
    status: StatusCode,
    lang: Lang,
    detail: Option<String>,
    instance: &str,
    fields: Option<serde_json::Value>,
) -> Response {
    let key = text_key(status);
    let mut body = serde_json::json!({
        "type": format!("https://rathaus.example.org/probleme/{}", status.as_u16()),
        "title": lang.t(&format!("{key}-title")),
        "status": status.as_u16(),
        "detail": detail.unwrap_or_else(|| lang.t(&format!("{key}-text"))),
        "instance": instance,
    });
    if let Some(fields) = fields {
        body["errors"] = fields;
    }
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// The translated error page of a status.
pub fn error_page(status: StatusCode, page: Page, detail: Option<String>) -> Response {
    let html = ErrorPage::new(page, status.as_u16(), text_key(status), detail).render_html();
    (status, axum::response::Html(html)).into_response()
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// Every refusal the app can answer has its page and its problem document, titled
    /// and explained in each language — no key shown raw, no language left out.
    #[tokio::test]
    async fn every_refusal_has_its_page_and_problem_document_in_each_language() {
        for refusal in Refusal::ALL {
            let status = refusal.status();
            let mut titles = Vec::new();
            for lang in Lang::ALL {
                let problem = problem_document(status, lang, None, "/api/v1/x", None);
                assert_eq!(problem.status(), status);
                assert_eq!(problem.headers()[header::CONTENT_TYPE], "application/problem+json");
                let body: serde_json::Value = serde_json::from_str(&body_of(problem).await).unwrap();
                let title = body["title"].as_str().unwrap().to_string();
                let detail = body["detail"].as_str().unwrap().to_string();
                for text in [&title, &detail] {
                    assert!(
                        !text.is_empty() && !text.contains("Unknown localization key"),
                        "{refusal:?} {lang:?}: {text}"
                    );
                }
                assert_eq!(body["status"], status.as_u16());
                let page = error_page(status, Page::fallback(lang), None);
                assert_eq!(page.status(), status);
                let html = body_of(page).await;
                assert!(html.contains(&title), "{refusal:?} {lang:?}: the page carries the title");
                assert!(!html.contains("Unknown localization key"), "{refusal:?} {lang:?}");
                titles.push(title);
            }
            assert_ne!(titles[0], titles[1], "{refusal:?}: German and English differ");
        }
    }

    #[test]
    fn every_error_maps_to_one_refusal_and_its_status() {
        let cases = [
            (Error::NotFound, 404),
            (Error::Unauthenticated, 401),
            (Error::Forbidden, 403),
            (Error::AssuranceTooLow { needed: "substantial" }, 403),
            (Error::Invalid("x".into()), 422),
            (Error::Conflict("x".into()), 409),
            (Error::Gone("x".into()), 410),
            (Error::PaymentRequired("x".into()), 402),
            (Error::TooLarge { limit: 1 }, 413),
            (Error::RateLimited { retry_after_secs: 1 }, 429),
            (Error::Unavailable("x".into()), 503),
            (Error::Config("x".into()), 500),
            (Error::Mail("x".into()), 500),
        ];
        for (error, status) in cases {
            assert_eq!(status_of(&error).as_u16(), status, "{error:?}");
        }
    }
}
