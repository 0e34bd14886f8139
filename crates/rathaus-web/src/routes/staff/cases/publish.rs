//! A decision of a publishable service made into a draft publication, from the case
//! page: the publisher lands on the draft, the applicant's data proposed for redaction.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::case::{TextForm, render};
use super::load;
use crate::auth::Staff;
use crate::error::{AppResult, Refusal, rendered};
use crate::forms::{FieldMessage, FormErrors};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::transparency::Desk;
use rathaus_core::transparency::from_case::{self, Source};
use rathaus_platform::Error;

pub async fn publish(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((id, decision)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let loaded = load(&state, &staff, id).await?;
    let desk = Desk::of(staff.account.id, &staff.account.display_name, &staff.grants);
    let catalog = state.catalog().await?;
    let source = Source {
        case: id,
        decision,
        catalog: &catalog,
        forms: &state.forms,
        city: &state.config.city_name,
    };
    match from_case::draft(&state.db, &state.blobs, &*state.clock, (&desk, &loaded.0), source).await {
        Ok(draft) => Ok(Redirect::to(&format!("/verwaltung/transparenz/{}?hinweis=aus-bescheid", draft.id)).into_response()),
        // Refused for a reason the clerk can act on: the case again, saying which.
        Err(Error::Conflict(key)) if key.starts_with("transparency-refused-") => {
            let errors = FormErrors(vec![FieldMessage {
                field: "publish",
                text: page.t(&key),
            }]);
            let shown = render(&state, page, &session, loaded, TextForm::default(), errors, None).await?;
            Ok(rendered(Refusal::Conflict, shown))
        }
        Err(e) => Err(e.into()),
    }
}
