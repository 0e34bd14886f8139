//! Case work under `/verwaltung/vorgaenge`: the queue of an agency's cases and the case
//! itself. A staff member sees only the cases of agencies they hold a case role in;
//! every other case is a 404 like a missing one, and the attempt is audited.

mod case;
mod decision;
mod export;
mod proposals;
mod publish;
mod queue;
mod templates;

use axum::Router;
use axum::routing::{get, post};
use uuid::Uuid;

use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use rathaus_core::applications::Application;
use rathaus_core::cases::{self, CaseScope};
use rathaus_core::forms::FormDefinition;
use rathaus_platform::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verwaltung/vorgaenge", get(queue::show))
        .route("/verwaltung/vorgaenge/export.csv", get(export::csv))
        .route("/verwaltung/vorgaenge/export.xlsx", get(export::xlsx))
        .route("/verwaltung/kennzahlen", get(export::figures))
        .route("/verwaltung/vorgaenge/{id}", get(case::show))
        .route("/verwaltung/vorgaenge/{id}/schritt", post(case::step))
        .route("/verwaltung/vorgaenge/{id}/zuweisen", post(case::assign))
        .route("/verwaltung/vorgaenge/{id}/notizen", post(case::note))
        .route("/verwaltung/vorgaenge/{id}/nachricht", post(case::write))
        .route("/verwaltung/vorgaenge/{id}/bescheid", get(decision::show).post(decision::save))
        .route("/verwaltung/vorgaenge/{id}/dateien/{file}", get(case::file))
        .route("/verwaltung/vorgaenge/{id}/antrag.json", get(export::answers_json))
        .route(
            "/verwaltung/vorgaenge/{id}/vorschlaege/{proposal}/vorschau",
            get(proposals::preview),
        )
        .route(
            "/verwaltung/vorgaenge/{id}/vorschlaege/{proposal}/freigeben",
            post(proposals::approve),
        )
        .route(
            "/verwaltung/vorgaenge/{id}/vorschlaege/{proposal}/zurueckgeben",
            post(proposals::send_back),
        )
        .route(
            "/verwaltung/vorgaenge/{id}/bescheide/{decision}/veroeffentlichen",
            post(publish::publish),
        )
        .route("/verwaltung/vorlagen", get(templates::list).post(templates::create))
        .route("/verwaltung/vorlagen/{id}", get(templates::edit).post(templates::update))
        .route("/verwaltung/vorlagen/{id}/loeschen", post(templates::delete))
}

/// Where the staff member may work; no case role anywhere is a 403.
fn scope_of(staff: &Staff) -> AppResult<CaseScope> {
    let scope = CaseScope::of(staff.account.id, &staff.grants);
    if scope.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    Ok(scope)
}

/// A case of the staff member's agencies with its form version; anything else is 404
/// and recorded as `case.access-refused`.
async fn load(state: &AppState, staff: &Staff, id: Uuid) -> AppResult<(CaseScope, Application, FormDefinition)> {
    let scope = scope_of(staff)?;
    let case = match cases::for_staff(&state.db, &scope, id).await {
        Ok(case) => case,
        Err(Error::NotFound) => {
            cases::record_access(&state.db, &*state.clock, &scope, "case.access-refused", id, serde_json::json!({})).await?;
            return Err(AppError(Error::NotFound));
        }
        Err(e) => return Err(e.into()),
    };
    let form = rathaus_core::forms::made_with(&state.forms, &case.form_id, case.form_version)?.clone();
    Ok((scope, case, form))
}
