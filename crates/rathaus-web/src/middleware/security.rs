//! Security headers on every response, error pages included.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// No inline script or style, nothing from other origins, no framing. Forms post only
/// here — and, when the online ID is configured, may be redirected on to its provider
/// (browsers apply `form-action` to the redirects that follow a form).
pub fn content_security_policy(config: &rathaus_platform::config::Config) -> HeaderValue {
    let mut form_action = "'self'".to_string();
    if let Some(origin) = config.eid.as_ref().and_then(|eid| origin_of(&eid.issuer)) {
        form_action.push(' ');
        form_action.push_str(&origin);
    }
    let policy = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; form-action {form_action}; frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'"
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

/// `scheme://host[:port]` of an address, or nothing if it is not a plain http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let safe = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    (matches!(scheme, "http" | "https") && !host.is_empty() && safe).then(|| format!("{scheme}://{host}"))
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    );
    if state.config.http.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_may_lead_on_to_the_eid_provider_only() {
        let mut config = rathaus_platform::config::Config::default();
        let plain = content_security_policy(&config);
        assert!(plain.to_str().unwrap().contains("form-action 'self';"));
        config.eid = Some(rathaus_platform::config::EidConfig {
            issuer: "https://id.example.org/realms/bund?x=1".into(),
            client_id: "rathaus".into(),
            client_secret: "s".to_string().into(),
            name: "BundID".into(),
            scopes: vec![],
            acr_levels: Default::default(),
            default_level: "substantial".into(),
        });
        let with_eid = content_security_policy(&config);
        assert!(with_eid.to_str().unwrap().contains("form-action 'self' https://id.example.org;"));
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://evil.example.org; script-src *"), None);
    }
}
