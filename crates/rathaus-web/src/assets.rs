//! Static assets, embedded in the binary (no CDN), served with a content hash in the
//! name so they can be cached forever.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const CSS: &str = include_str!("../static/rathaus.css");
const PASSKEY_JS: &str = include_str!("../static/passkey.js");
const FORM_JS: &str = include_str!("../static/form.js");
const DISPLAY_JS: &str = include_str!("../static/display.js");
const CHALLENGE_JS: &str = include_str!("../static/challenge.js");
const PRINT_JS: &str = include_str!("../static/print.js");
const FAVICON: &str = include_str!("../static/favicon.svg");

fn hashed(stem: &str, ext: &str, body: &str) -> String {
    format!("{stem}.{}.{ext}", &hex::encode(Sha256::digest(body.as_bytes()))[..12])
}

static CSS_NAME: LazyLock<String> = LazyLock::new(|| hashed("rathaus", "css", CSS));
static CSS_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *CSS_NAME));
static PASSKEY_NAME: LazyLock<String> = LazyLock::new(|| hashed("passkey", "js", PASSKEY_JS));
static PASSKEY_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *PASSKEY_NAME));

static FORM_NAME: LazyLock<String> = LazyLock::new(|| hashed("form", "js", FORM_JS));
static FORM_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *FORM_NAME));

static DISPLAY_NAME: LazyLock<String> = LazyLock::new(|| hashed("display", "js", DISPLAY_JS));
static DISPLAY_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *DISPLAY_NAME));

static CHALLENGE_NAME: LazyLock<String> = LazyLock::new(|| hashed("challenge", "js", CHALLENGE_JS));
static CHALLENGE_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *CHALLENGE_NAME));

static PRINT_NAME: LazyLock<String> = LazyLock::new(|| hashed("print", "js", PRINT_JS));
static PRINT_HREF: LazyLock<String> = LazyLock::new(|| format!("/static/{}", *PRINT_NAME));

/// Shows and wires the "print" buttons (without it the browser's print command serves).
pub fn print_js_href() -> &'static str {
    &PRINT_HREF
}

/// Solves a picker's rush-protection challenge in the background (without it, the
/// server asks for a short wait instead).
pub fn challenge_js_href() -> &'static str {
    &CHALLENGE_HREF
}

/// The call display's live updates (server-sent events; without it the page reloads).
pub fn display_js_href() -> &'static str {
    &DISPLAY_HREF
}

/// The script that hides questions which do not apply and guards the submit button
/// (progressive enhancement: forms work without it).
pub fn form_js_href() -> &'static str {
    &FORM_HREF
}

pub fn css_href() -> &'static str {
    &CSS_HREF
}

/// The script behind the passkey buttons (progressive enhancement: pages work without it).
pub fn passkey_js_href() -> &'static str {
    &PASSKEY_HREF
}

pub async fn serve(Path(name): Path<String>) -> Response {
    let (body, kind, immutable) = if name == *CSS_NAME {
        (CSS, "text/css; charset=utf-8", true)
    } else if name == *PASSKEY_NAME {
        (PASSKEY_JS, "text/javascript; charset=utf-8", true)
    } else if name == *FORM_NAME {
        (FORM_JS, "text/javascript; charset=utf-8", true)
    } else if name == *DISPLAY_NAME {
        (DISPLAY_JS, "text/javascript; charset=utf-8", true)
    } else if name == *CHALLENGE_NAME {
        (CHALLENGE_JS, "text/javascript; charset=utf-8", true)
    } else if name == *PRINT_NAME {
        (PRINT_JS, "text/javascript; charset=utf-8", true)
    } else if name == "favicon.svg" {
        (FAVICON, "image/svg+xml", false)
    } else {
        return crate::error::Refusal::NotFound.status().into_response();
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
