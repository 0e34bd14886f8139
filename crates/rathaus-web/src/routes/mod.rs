//! The router: pages, API, operations endpoints, and the middleware stack around them.

pub(crate) mod account;
mod api;
pub(crate) mod applications;
pub(crate) mod appointments;
mod catalog;
pub(crate) mod ckan;
mod contact;
mod counter;
pub(crate) mod digitalisation;
pub(crate) mod inbox;
mod ops;
mod pages;
pub(crate) mod payments;
mod staff;
mod transparency;
mod verify;
mod views;

use axum::http::HeaderName;
use axum::routing::{get, post};
use axum::{Router, middleware};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::middleware as mw;
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/leistungen", get(catalog::services))
        .route("/leistungen/{id}", get(catalog::service))
        .route("/behoerden", get(catalog::agencies))
        .route("/kontakt", get(contact::contact))
        .route("/behoerden/{id}", get(catalog::agency))
        .route("/standorte", get(catalog::locations))
        .route("/standorte/{id}", get(catalog::location))
        .route("/suche", get(catalog::search))
        .route("/impressum", get(pages::imprint))
        .route("/datenschutz", get(pages::privacy))
        .route("/barrierefreiheit", get(pages::accessibility).post(pages::accessibility_feedback))
        .route("/barrierefreiheit/danke", get(pages::feedback_thanks))
        .route("/static/{name}", get(crate::assets::serve));
    let ops = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics));
    Router::new()
        .merge(pages)
        .merge(account::router())
        .merge(applications::router())
        .merge(payments::router())
        .merge(appointments::router())
        .merge(counter::router())
        .route("/postfach", get(inbox::list))
        .route("/postfach/{id}", get(inbox::show))
        .route("/postfach/{id}/dokument", get(inbox::document))
        .route("/postfach/{id}/antworten", post(inbox::reply))
        .route("/pruefen", get(verify::form))
        .route("/pruefen/{code}", get(verify::show).post(verify::compare))
        .merge(staff::router())
        .merge(transparency::router())
        .merge(digitalisation::router())
        .merge(ckan::router())
        .nest("/api/v1", api::router())
        .merge(ops)
        .fallback(|| async { crate::error::Refusal::NotFound.status() })
        .route_layer(middleware::from_fn(mw::metrics))
        // Innermost first: everything below runs before the handler, in reverse order.
        .layer(middleware::from_fn_with_state(state.clone(), crate::workspace::layer))
        .layer(middleware::from_fn_with_state(state.clone(), mw::csrf::layer))
        .layer(middleware::from_fn_with_state(state.clone(), mw::ratelimit::layer))
        .layer(middleware::from_fn_with_state(state.clone(), mw::body_limit::layer))
        // The configured caps above are the limits: axum's own 2 MB default for
        // extracted bodies (multipart included) would refuse a scanned certificate.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(state.clone(), crate::refusal::layer))
        .layer(middleware::from_fn_with_state(state.clone(), crate::session::layer))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(crate::error::render_errors))
        .layer(middleware::from_fn_with_state(state.clone(), mw::lang::layer))
        .layer(middleware::from_fn_with_state(state.clone(), mw::security::layer))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
