//! An earlier time from the waitlist, opened by the mailed link: take it (the booking
//! moves there) or decline it (the place goes to the next in line).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::site;
use crate::error::AppResult;
use crate::error::{Refusal, rendered};
use crate::format;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::notices::{Described, describe};
use rathaus_core::appointments::waitlist::{self, Taken};

#[derive(Template, WebTemplate)]
#[template(path = "appointments/offer.html")]
pub struct OfferPage {
    page: Page,
    facts: Described,
    code: String,
    current: String,
    until: String,
    /// Still held for the person: the page shows the choice.
    open: bool,
    action: String,
}

async fn offer_page(state: &AppState, mut page: Page, session: &SessionHandle, token: &str) -> AppResult<OfferPage> {
    let offer = waitlist::offer_by_token(state.db.read(), token).await?;
    let catalog = state.catalog().await?;
    page.csrf = Some(session.csrf_token().await?);
    Ok(OfferPage {
        facts: describe(&catalog, &offer.place, page.lang),
        code: offer.booking.code.clone(),
        current: format::long_date_time(page.lang, offer.booking.starts_at),
        until: offer
            .place
            .hold_expires_at
            .map(|t| format::long_date_time(page.lang, t))
            .unwrap_or_default(),
        open: offer.is_open(state.clock.now()),
        action: format!("/termine/angebot/{token}"),
        page,
    })
}

pub async fn show(State(state): State<AppState>, page: Page, session: SessionHandle, Path(token): Path<String>) -> AppResult<OfferPage> {
    offer_page(&state, page, &session, &token).await
}

pub async fn take(State(state): State<AppState>, page: Page, session: SessionHandle, Path(token): Path<String>) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let rules = super::rules(&state).await?;
    match waitlist::take(&state.db, &*state.clock, &catalog, &token, &rules, site(&state)).await? {
        Taken::Moved(_, manage) => Ok(Redirect::to(&format!("/termine/verwalten/{manage}?hinweis=verschoben")).into_response()),
        Taken::Gone => {
            let mut shown = offer_page(&state, page, &session, &token).await?;
            shown.open = false;
            Ok(rendered(Refusal::Gone, shown))
        }
    }
}

pub async fn decline(State(state): State<AppState>, page: Page, session: SessionHandle, Path(token): Path<String>) -> AppResult<Response> {
    waitlist::decline(&state.db, &*state.clock, &token).await?;
    let mut shown = offer_page(&state, page, &session, &token).await?;
    shown.open = false;
    Ok(shown.into_response())
}
