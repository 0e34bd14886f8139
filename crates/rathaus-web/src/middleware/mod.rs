//! Request middleware, outermost first: request id → trace → security headers →
//! language and page context → error rendering → session → rate limit → CSRF.

pub mod body_limit;
pub mod csrf;
pub mod lang;
pub mod ratelimit;
pub mod security;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when a
/// trusted reverse proxy sets it.
pub fn client_ip(request: &Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    client_ip_of(request.headers(), request.extensions(), trust_forwarded_for)
}

fn client_ip_of(headers: &axum::http::HeaderMap, extensions: &axum::http::Extensions, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return Some(ip);
    }
    extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// The client's address as a handler argument (`unknown` when there is none).
pub struct ClientIp(pub String);

impl axum::extract::FromRequestParts<crate::state::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &crate::state::AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(
            client_ip_of(&parts.headers, &parts.extensions, state.config.http.trust_forwarded_for)
                .map(|ip| ip.to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

/// Counts requests and their latency per route for `/metrics`.
pub async fn metrics(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("rathaus_http_requests_total", "route" => route.clone(), "method" => method, "status" => status).increment(1);
    metrics::histogram!("rathaus_http_request_seconds", "route" => route).record(started.elapsed().as_secs_f64());
    response
}
