//! Limits state-changing requests per client address, counted on this node and merged
//! with the other nodes through the database once a second, so a rush costs no write
//! per request. When the limiter cannot decide, the request is refused.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;
use rathaus_platform::Error;
use rathaus_platform::ratelimit::{Decision, Limit};

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The provider's webhooks are refused by signature before anything is written, and
    // must not be turned away while people pay in a rush.
    // CKAN clients send reading calls as POST; they write nothing.
    let path = request.uri().path();
    if request.method().is_safe() || path == rathaus_core::payments::testkasse::WEBHOOK_PATH || crate::routes::ckan::is_read_call(path) {
        return next.run(request).await;
    }
    let ip = super::client_ip(&request, state.config.http.trust_forwarded_for)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into());
    let limit = Limit::per_minute(state.config.rate_limit.writes_per_minute);
    let bucket = format!("writes:{ip}");
    match enforce(&bucket, state.limits.hit(state.clock.now(), &bucket, limit)) {
        Ok(()) => next.run(request).await,
        Err(refused) => refused.into_response(),
    }
}

/// A limiter's answer: 429 with Retry-After above the limit, 503 when the limiter cannot
/// decide (fail closed).
pub fn enforce(bucket: &str, decision: rathaus_platform::Result<Decision>) -> Result<(), AppError> {
    match decision {
        Ok(Decision::Allowed { .. }) => Ok(()),
        Ok(Decision::Limited { retry_after_secs }) => {
            let kind = bucket.split(':').next().unwrap_or(bucket).to_string();
            metrics::counter!("rathaus_rate_limited_total", "limit" => kind).increment(1);
            tracing::info!(bucket, "rate limit reached");
            Err(AppError(Error::RateLimited { retry_after_secs }))
        }
        Err(e) => {
            tracing::error!(error = %e, bucket, "rate limiter cannot decide; refusing (fail closed)");
            Err(AppError(Error::Unavailable("rate limiter".into())))
        }
    }
}
