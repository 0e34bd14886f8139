//! Synchronizer-token CSRF protection: every state-changing request must carry the
//! session's token, as form field `_csrf` or header `X-CSRF-Token`. Without it: 403
//! and nothing is written.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use crate::error::AppError;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_platform::Error;

pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";

/// Compares without an early exit, so timing does not reveal a prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A payment provider's webhook has no session: its signature is checked instead. The
    // CKAN API never reads a cookie (a call acts by its API key alone).
    let path = request.uri().path();
    if request.method().is_safe() || path == rathaus_core::payments::testkasse::WEBHOOK_PATH || crate::routes::ckan::is_ckan_path(path) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<SessionHandle>().cloned() else {
        return AppError(Error::Forbidden).into_response();
    };
    let expected = match session.current().await {
        Ok(Some(record)) => record.csrf_token,
        Ok(None) => {
            tracing::info!(path = %request.uri().path(), "state-changing request without a session refused (CSRF)");
            return AppError(Error::Forbidden).into_response();
        }
        Err(e) => return AppError(e).into_response(),
    };
    let from_header = request.headers().get(HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let is_form = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // An upload form cannot be read here without buffering the file, so it carries the
    // token in its address (which the referrer policy keeps on this site).
    let from_query = super::body_limit::is_multipart(&request)
        .then(|| request.uri().query().and_then(|q| form_urlencoded_token(q.as_bytes())))
        .flatten();
    let (request, submitted) = match from_header.or(from_query) {
        Some(token) => (request, Some(token)),
        None if is_form => {
            // Read the (size-limited) form body, take the token, and hand the body on.
            let (parts, body) = request.into_parts();
            let bytes = match body.collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(_) => {
                    return AppError(Error::TooLarge {
                        limit: state.config.http.max_body_bytes as u64,
                    })
                    .into_response();
                }
            };
            let token = form_urlencoded_token(&bytes);
            (Request::from_parts(parts, Body::from(bytes)), token)
        }
        None => (request, None),
    };
    match submitted {
        Some(token) if same(&token, &expected) => next.run(request).await,
        _ => {
            tracing::info!(path = %request.uri().path(), "state-changing request with a missing or wrong CSRF token refused");
            AppError(Error::Forbidden).into_response()
        }
    }
}

fn form_urlencoded_token(body: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_token_in_form() {
        assert_eq!(form_urlencoded_token(b"a=1&_csrf=abc%2B&b=2").as_deref(), Some("abc+"));
        assert_eq!(form_urlencoded_token(b"a=1"), None);
    }

    #[test]
    fn compares_exactly() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
