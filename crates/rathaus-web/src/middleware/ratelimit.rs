//! Limits state-changing requests per client address, with counters in the database so
//! the limit holds across nodes. When the limiter cannot decide, the request is refused.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;
use rathaus_platform::Error;
use rathaus_platform::ratelimit::{self, Decision, Limit};

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The provider's webhooks are refused by signature before anything is written, and
    // must not be turned away while people pay in a rush.
    if request.method().is_safe() || request.uri().path() == crate::routes::payments::WEBHOOK_PATH {
        return next.run(request).await;
    }
    let ip = super::client_ip(&request, state.config.http.trust_forwarded_for)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into());
    let limit = Limit::per_minute(state.config.rate_limit.writes_per_minute);
    match ratelimit::hit(&state.db, &*state.clock, &format!("writes:{ip}"), limit).await {
        Ok(Decision::Allowed { .. }) => next.run(request).await,
        Ok(Decision::Limited { retry_after_secs }) => {
            tracing::warn!(%ip, "rate limit reached for writes");
            AppError(Error::RateLimited { retry_after_secs }).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "rate limiter cannot decide; refusing the request (fail closed)");
            AppError(Error::Unavailable("rate limiter".into())).into_response()
        }
    }
}
