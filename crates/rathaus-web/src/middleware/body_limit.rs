//! Request size caps: small for forms and JSON, larger for uploads (multipart bodies),
//! whose files are capped once more, per field, while they are stored.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;
use rathaus_platform::Error;

/// Room for the other fields of an upload form besides its file.
const FORM_OVERHEAD: u64 = 256 * 1024;

pub fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = if is_multipart(&request) {
        state.config.files.max_upload_bytes + FORM_OVERHEAD
    } else {
        state.config.http.max_body_bytes as u64
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return AppError(Error::TooLarge { limit }).into_response();
    }
    let (parts, body) = request.into_parts();
    let limited = Body::new(http_body_util::Limited::new(body, limit as usize));
    next.run(Request::from_parts(parts, limited)).await
}
