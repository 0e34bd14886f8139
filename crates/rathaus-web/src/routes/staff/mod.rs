//! Staff pages under `/verwaltung`. Every handler takes [`Staff`](crate::auth::Staff),
//! so none opens without a second factor on the session and a current role.

mod calendar;
mod cases;
mod cdo;
mod figures;
mod four_eyes;
mod home;
mod mailroom;
mod operations;
mod payments;
mod rush;
pub(crate) mod sheets;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verwaltung", get(home::show))
        .route("/verwaltung/cdo", get(cdo::show))
        .route("/verwaltung/cdo/transparenz.csv", get(cdo::csv))
        .route("/verwaltung/cdo/transparenz.xlsx", get(cdo::xlsx))
        .route("/verwaltung/cdo/vorgaenge.csv", get(cdo::cases_csv))
        .route("/verwaltung/cdo/vorgaenge.xlsx", get(cdo::cases_xlsx))
        .route(
            "/verwaltung/cdo/verfahren",
            get(cdo::register::list).post(cdo::register_edit::create),
        )
        .route("/verwaltung/cdo/verfahren.csv", get(cdo::register::csv))
        .route("/verwaltung/cdo/verfahren.xlsx", get(cdo::register::xlsx))
        .route("/verwaltung/cdo/verfahren/neu", get(cdo::register_edit::new_form))
        .route(
            "/verwaltung/cdo/verfahren/import",
            get(cdo::register_edit::import_form).post(cdo::register_edit::import),
        )
        .route("/verwaltung/cdo/verfahren/aenderungen", get(cdo::register::changes))
        .route(
            "/verwaltung/cdo/verfahren/{id}",
            get(cdo::register::show).post(cdo::register_edit::update),
        )
        .route("/verwaltung/cdo/verfahren/{id}/bearbeiten", get(cdo::register_edit::edit_form))
        .route("/verwaltung/cdo/verfahren/{id}/sbom", post(cdo::register_edit::upload_sbom))
        .route("/verwaltung/cdo/verfahren/{id}/massnahmen", post(cdo::measures::create))
        .route("/verwaltung/cdo/verfahren/{id}/massnahmen/neu", get(cdo::measures::new_form))
        .route(
            "/verwaltung/cdo/verfahren/{id}/massnahmen/{measure}",
            get(cdo::measures::edit_form).post(cdo::measures::update),
        )
        .route("/verwaltung/cdo/fahrplan", get(cdo::roadmap::show))
        .route("/verwaltung/cdo/bericht", get(cdo::report::show))
        .route("/verwaltung/cdo/bericht.pdf", get(cdo::report::pdf))
        .route("/verwaltung/cdo/strategien", get(cdo::strategies::portfolio))
        .route("/verwaltung/cdo/strategien.csv", get(cdo::strategies::csv))
        .route("/verwaltung/cdo/strategien.xlsx", get(cdo::strategies::xlsx))
        .route("/verwaltung/cdo/strategien/{agency}", get(cdo::strategies::show))
        .route(
            "/verwaltung/cdo/strategien/{agency}/bearbeiten",
            get(cdo::strategy_edit::strategy_form).post(cdo::strategy_edit::save_strategy),
        )
        .route("/verwaltung/cdo/strategien/{agency}/ziele", post(cdo::strategy_edit::create_goal))
        .route("/verwaltung/cdo/strategien/{agency}/ziele/neu", get(cdo::strategy_edit::new_goal))
        .route(
            "/verwaltung/cdo/strategien/{agency}/ziele/{id}",
            get(cdo::strategy_edit::edit_goal).post(cdo::strategy_edit::update_goal),
        )
        .route(
            "/verwaltung/cdo/strategien/{agency}/ziele/{id}/entfernen",
            post(cdo::strategy_edit::remove_goal),
        )
        .route(
            "/verwaltung/cdo/strategien/{agency}/massnahmen",
            post(cdo::strategy_edit::create_measure),
        )
        .route(
            "/verwaltung/cdo/strategien/{agency}/massnahmen/neu",
            get(cdo::strategy_edit::new_measure),
        )
        .route(
            "/verwaltung/cdo/strategien/{agency}/massnahmen/{id}",
            get(cdo::strategy_edit::edit_measure).post(cdo::strategy_edit::update_measure),
        )
        .route(
            "/verwaltung/cdo/strategien/{agency}/massnahmen/{id}/entfernen",
            post(cdo::strategy_edit::remove_measure),
        )
        .route("/verwaltung/cdo/strategien/{agency}/bewertungen", post(cdo::reviews::create_review))
        .route("/verwaltung/cdo/strategien/{agency}/bewertungen/neu", get(cdo::reviews::new_review))
        .route(
            "/verwaltung/cdo/strategien/{agency}/bewertungen/{id}",
            get(cdo::reviews::show).post(cdo::reviews::answer),
        )
        .route(
            "/verwaltung/cdo/supportende",
            get(cdo::end_of_support::show).post(cdo::end_of_support::import),
        )
        .route("/verwaltung/betrieb", get(operations::show))
        .route("/verwaltung/betrieb/mitarbeitende", post(operations::invite))
        .route("/verwaltung/betrieb/rollen", post(operations::grant))
        .route("/verwaltung/betrieb/rollen/entziehen", post(operations::revoke))
        .route("/verwaltung/betrieb/jobs/wiederholen", post(operations::retry_job))
        .route("/verwaltung/vier-augen", get(four_eyes::show).post(four_eyes::save))
        .route("/verwaltung/termine", get(calendar::list))
        .route("/verwaltung/termine/{id}", get(calendar::show).post(calendar::save_hours))
        .route("/verwaltung/termine/{id}/schliessungen", post(calendar::add_closure))
        .route(
            "/verwaltung/termine/{id}/schliessungen/{closure}/entfernen",
            post(calendar::remove_closure),
        )
        .route("/verwaltung/termine/{id}/dauer", post(calendar::save_lengths))
        .route("/verwaltung/termine/{id}/freigaben", post(calendar::add_release))
        .route("/verwaltung/termine/{id}/andrang", post(rush::switch))
        .route("/verwaltung/termine/{id}/zahlen", get(figures::show))
        .route("/verwaltung/termine/{id}/zahlen.csv", get(figures::csv))
        .route("/verwaltung/termine/{id}/kioske", post(calendar::add_kiosk))
        .route("/verwaltung/termine/{id}/kioske/{kiosk}/entfernen", post(calendar::remove_kiosk))
        .route("/verwaltung/versand", get(mailroom::show))
        .route("/verwaltung/versand/etiketten.pdf", get(mailroom::labels))
        .route("/verwaltung/versand/liste.csv", get(mailroom::csv))
        .route("/verwaltung/versand/{id}", post(mailroom::mark_sent))
        .route("/verwaltung/zahlungen", get(payments::show))
        .route("/verwaltung/zahlungen/buchungen.csv", get(payments::bookings_csv))
        .route("/verwaltung/zahlungen/abgleich", post(payments::reconcile))
        .route("/testkasse/abrechnung.csv", get(payments::testkasse_settlement))
        .route("/verwaltung/zahlungen/{id}/erstattung", post(payments::refund))
        .route("/verwaltung/erstattungen/{id}/freigeben", post(payments::approve))
        .route("/verwaltung/erstattungen/{id}/ablehnen", post(payments::refuse))
        .merge(cases::router())
}

/// A role as people read it: "Sachbearbeitung – Bezirksamt Altona".
fn role_label(page: &crate::page::Page, catalog: &rathaus_core::catalog::Catalog, grant: &rathaus_core::accounts::RoleGrant) -> String {
    let role = page.t(&format!("role-{}", grant.role.as_str().replace('_', "-")));
    match &grant.scope {
        rathaus_core::accounts::Scope::City => format!("{role} – {}", page.t("role-city-wide")),
        rathaus_core::accounts::Scope::Agency(id) => {
            let agency = catalog
                .agency(id)
                .map(|a| a.name(page.lang).to_string())
                .unwrap_or_else(|| id.clone());
            format!("{role} – {agency}")
        }
    }
}
