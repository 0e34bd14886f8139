//! `/konto/stufe`: where a page refused for a too-low assurance level sends the person —
//! the same step-up as when an application starts: the second factor up to
//! "substantial", the online ID for "high" — and back to the page afterwards.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{SignedIn, step_up_url, url_component};
use crate::error::AppResult;
use crate::forms::safe_return;
use crate::page::Page;
use crate::routes::applications::start::NeedsEidPage;
use crate::state::AppState;
use rathaus_core::accounts::Level;

#[derive(Debug, Deserialize)]
pub struct StepUpQuery {
    niveau: String,
    #[serde(default)]
    zurueck: String,
}

pub async fn show(State(state): State<AppState>, who: SignedIn, page: Page, Query(q): Query<StepUpQuery>) -> AppResult<Response> {
    // An unknown level asks for the most.
    let needed = Level::parse(&q.niveau).unwrap_or(Level::High);
    let back = safe_return(&q.zurueck).unwrap_or_else(|| "/antraege".to_string());
    if who.level() >= needed {
        return Ok(Redirect::to(&back).into_response());
    }
    if needed < Level::High {
        return Ok(Redirect::to(&step_up_url(&back)).into_response());
    }
    Ok(NeedsEidPage {
        page,
        service_name: None,
        eid_href: state.eid.is_some().then(|| format!("/konto/eid?zurueck={}", url_component(&back))),
        back_href: "/antraege".to_string(),
        back_label: "needs-eid-back-applications",
    }
    .into_response())
}
