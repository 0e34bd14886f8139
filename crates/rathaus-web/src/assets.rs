//! Static assets, embedded in the binary (no CDN), served with a content hash in the
//! name so they can be cached forever.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const CSS: &str = include_str!("../static/rathaus.css");
const FAVICON: &str = include_str!("../static/favicon.svg");

static CSS_NAME: LazyLock<String> = LazyLock::new(|| format!("rathaus.{}.css", &hex::encode(Sha256::digest(CSS.as_bytes()))[..12]));
static CSS_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *CSS_NAME));

pub fn css_href() -> &'static str {
    &CSS_HREF
}

pub async fn serve(Path(name): Path<String>) -> Response {
    let (body, kind, immutable) = if name == *CSS_NAME {
        (CSS, "text/css; charset=utf-8", true)
    } else if name == "favicon.svg" {
        (FAVICON, "image/svg+xml", false)
    } else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=86400"
    };
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
