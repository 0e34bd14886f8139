//! Withdrawing an application while it is not yet decided: a confirmation page first,
//! since it cannot be undone.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::load_own;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::cases;

#[derive(Template, WebTemplate)]
#[template(path = "applications/withdraw.html")]
pub struct WithdrawPage {
    page: Page,
    id: Uuid,
    reference: String,
}

pub async fn confirm(State(state): State<AppState>, who: SignedIn, mut page: Page, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (application, _) = load_own(&state, &who, id).await?;
    if !application.status.is_open() {
        return Ok(Redirect::to(&format!("/antraege/{id}")).into_response());
    }
    page.csrf = Some(who.session.csrf_token.clone());
    Ok(WithdrawPage {
        reference: application.reference.unwrap_or_default(),
        id,
        page,
    }
    .into_response())
}

pub async fn withdraw(State(state): State<AppState>, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    load_own(&state, &who, id).await?;
    // A decided (or already withdrawn) application is a 409 from the domain.
    cases::withdraw(&state.db, &*state.clock, &who.acting(), id).await?;
    Ok(Redirect::to(&format!("/antraege/{id}")).into_response())
}
