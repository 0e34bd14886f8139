//! Downloads of an application's files, decrypted while streaming. The name is offered
//! in a Content-Disposition that no file name can break out of.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::TryStreamExt;
use uuid::Uuid;

use super::{load_own, refused};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use rathaus_core::applications::files;
use rathaus_platform::Error;

/// `attachment` with an ASCII fallback name and the exact name in RFC 8187 form.
pub fn content_disposition(name: &str) -> HeaderValue {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// Streams a stored file as an attachment.
pub async fn stream(state: &AppState, record: &rathaus_platform::blobs::FileRecord) -> AppResult<Response> {
    // Checked whole before the status goes out: a damaged file is a 500, never a 200
    // that breaks off.
    state.blobs.verify(&state.db, record).await?;
    let body = state.blobs.open(&state.db, record.id).await?;
    let mut response = Body::from_stream(body.map_err(|e| std::io::Error::other(e.to_string()))).into_response();
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(&record.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CONTENT_DISPOSITION, content_disposition(&record.original_name));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(record.size_bytes));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// A document made for this response (an export, a preview), never cached.
pub fn made(body: Vec<u8>, content_type: &'static str, disposition: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Made here from ASCII file names; should one ever not fit, the browser picks a name.
    let disposition = HeaderValue::from_str(disposition).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

pub async fn file(State(state): State<AppState>, who: SignedIn, Path((id, file)): Path<(Uuid, Uuid)>) -> AppResult<Response> {
    load_own(&state, &who, id).await?;
    let record = match files::own_file(&state.db, &who.acting(), id, file).await {
        Ok((_, record)) => record,
        Err(Error::NotFound) => {
            refused(&state, &who, &format!("file:{file}")).await?;
            return Err(AppError(Error::NotFound));
        }
        Err(e) => return Err(e.into()),
    };
    rathaus_core::cases::retrieved(&state.db, &*state.clock, &who.acting(), id, file).await?;
    stream(&state, &record).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_quoted_and_encoded() {
        let value = content_disposition("Nachweis für Hund.pdf");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"Nachweis f_r Hund.pdf\"; filename*=UTF-8''Nachweis%20f%C3%BCr%20Hund.pdf"
        );
    }

    proptest! {
        #[test]
        fn no_name_breaks_out_of_the_header(name in "\\PC{0,60}") {
            let value = content_disposition(&name);
            let text = value.to_str().unwrap();
            prop_assert!(text.starts_with("attachment"));
            // One quoted fallback, no extra parameters smuggled in.
            prop_assert_eq!(text.matches('"').count(), 2);
            prop_assert_eq!(text.matches(';').count(), 2);
        }
    }
}
