//! The transparency portal: the public pages (`/transparenz`) and the publishing desk
//! (`/verwaltung/transparenz`).

mod api_keys;
mod dcat;
mod desk;
mod desk_actions;
mod feed;
mod portal;
mod report;
mod search;
mod view;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog.ttl", get(dcat::turtle))
        .route("/catalog.rdf", get(dcat::rdf_xml))
        .route("/catalog.jsonld", get(dcat::json_ld))
        .route("/transparenz", get(portal::home))
        .route("/transparenz/veroeffentlichungen", get(portal::list))
        .route("/transparenz/suche", get(search::search))
        .route("/transparenz/feed.atom", get(feed::feed))
        .route("/transparenz/{name}", get(portal::record))
        .route("/transparenz/{name}/ressourcen/{resource}", get(portal::download))
        .route("/transparenz/{name}/problem-melden", get(report::form).post(report::submit))
        .route("/verwaltung/transparenz/hinweise/{report}/erledigt", post(report::resolve))
        .route("/verwaltung/transparenz", get(desk::list))
        .route("/verwaltung/transparenz/api-schluessel", get(api_keys::list).post(api_keys::create))
        .route("/verwaltung/transparenz/api-schluessel/{id}/widerrufen", post(api_keys::revoke))
        .route("/verwaltung/transparenz/neu", get(desk::new_form).post(desk::create))
        .route("/verwaltung/transparenz/{id}", get(desk::show))
        .route("/verwaltung/transparenz/{id}/bearbeiten", get(desk::edit_form).post(desk::update))
        .route("/verwaltung/transparenz/{id}/einreichen", post(desk_actions::submit))
        .route("/verwaltung/transparenz/{id}/zurueckgeben", post(desk_actions::send_back))
        .route("/verwaltung/transparenz/{id}/freigeben", post(desk_actions::release))
        .route("/verwaltung/transparenz/{id}/freigabe-aufheben", post(desk_actions::cancel_release))
        .route("/verwaltung/transparenz/{id}/zurueckziehen", post(desk_actions::withdraw))
        .route("/verwaltung/transparenz/{id}/dateien", post(desk_actions::add_file))
        .route("/verwaltung/transparenz/{id}/links", post(desk_actions::add_link))
        .route(
            "/verwaltung/transparenz/{id}/vorschlaege-schwaerzen",
            post(desk_actions::redact_proposed),
        )
        .route("/verwaltung/transparenz/ressourcen/{resource}/datei", get(desk::file))
        .route(
            "/verwaltung/transparenz/ressourcen/{resource}/entfernen",
            post(desk_actions::remove_resource),
        )
        .route(
            "/verwaltung/transparenz/ressourcen/{resource}/ohne-pruefung",
            post(desk_actions::override_unreadable),
        )
        .route("/verwaltung/transparenz/befunde/{finding}", post(desk_actions::decide))
}
