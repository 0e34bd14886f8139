//! Liveness, readiness and Prometheus metrics for operators and load balancers.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The process is up. Touches nothing else (also the benchmark's bare baseline).
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready to serve: the database answers.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: database does not answer");
            (crate::error::Refusal::Unavailable.status(), "database unavailable").into_response()
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(counts) = rathaus_platform::jobs::counts(&state.db).await {
        for (status, n) in counts {
            metrics::gauge!("rathaus_jobs", "status" => status).set(n as f64);
        }
    }
    let mut response = state.metrics.render().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
    response
}
