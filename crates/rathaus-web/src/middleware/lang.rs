//! Chooses the language: `?lang=` (remembered in a cookie), then the cookie, then the
//! browser's `Accept-Language`, then German. Builds the page context for templates.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;

use crate::page::Page;
use crate::state::AppState;
use rathaus_platform::i18n::Lang;

const COOKIE: &str = "rathaus_lang";

pub async fn layer(State(state): State<AppState>, jar: CookieJar, mut request: Request, next: Next) -> Response {
    let from_query = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang=")))
        .and_then(Lang::parse);
    let lang = from_query
        .or_else(|| jar.get(COOKIE).and_then(|c| Lang::parse(c.value())))
        .or_else(|| {
            request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default();
    let page = Page::new(lang, request.uri().path(), request.uri().query(), state.city_name.clone());
    request.extensions_mut().insert(lang);
    request.extensions_mut().insert(page);
    let mut response = next.run(request).await;
    if let Some(chosen) = from_query {
        let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; Secure", chosen.code());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
        .headers_mut()
        .insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.html_lang()));
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    response
}
