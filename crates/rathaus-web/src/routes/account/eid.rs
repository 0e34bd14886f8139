//! Signing in with the online ID card through an eID provider, and linking it to the
//! account. Its confirmed attributes land in the profile marked as verified; a sign-in
//! with it carries the level the provider vouches for (usually "high").

use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::notice;
use super::sign_in::{Completed, complete};
use crate::auth::SignedIn;
use crate::eid::PendingLogin;
use crate::error::{AppError, AppResult, Refusal};
use crate::forms::safe_return;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::second_factor::Method;
use rathaus_core::accounts::{self, eid};
use rathaus_platform::Error;

const PENDING: &str = "eid_login";

fn eid_off() -> AppError {
    AppError(Error::NotFound)
}

/// A notice page with an error status, final as it is.
/// The sign-in with the online ID did not go through: said on a page with the way back
/// to signing in; `None` when nothing was refused (the person cancelled).
fn failed(page: Page, key: &str, refusal: Option<Refusal>) -> Response {
    let shown = notice(page, key, Some(("/konto/anmelden", "sign-in-title")));
    match refusal {
        Some(refusal) => crate::error::rendered(refusal, shown),
        None => shown.into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    zurueck: String,
}

/// Sends the browser to the provider to sign in.
pub async fn start(State(state): State<AppState>, session: SessionHandle, Query(q): Query<StartQuery>) -> AppResult<Response> {
    let client = state.eid.clone().ok_or_else(eid_off)?;
    let (url, pending) = client.start(safe_return(&q.zurueck), None).await?;
    session.put(PENDING, Some(serde_json::to_value(pending)?)).await?;
    Ok(Redirect::to(&url).into_response())
}

/// Sends a signed-in person to the provider to link their ID card to the account.
pub async fn start_link(State(state): State<AppState>, session: SessionHandle, who: SignedIn) -> AppResult<Response> {
    let client = state.eid.clone().ok_or_else(eid_off)?;
    let (url, pending) = client
        .start(Some("/konto/sicherheit?hinweis=eid-verknuepft".into()), Some(who.account.id))
        .await?;
    session.put(PENDING, Some(serde_json::to_value(pending)?)).await?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct Callback {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    iss: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// The provider's answer.
pub async fn callback(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    jar: CookieJar,
    headers: HeaderMap,
    Query(answer): Query<Callback>,
) -> AppResult<Response> {
    let client = state.eid.clone().ok_or_else(eid_off)?;
    // Each login answers once: the pending state leaves the session now.
    let pending: Option<PendingLogin> = session.get(PENDING).await?.and_then(|v| serde_json::from_value(v).ok());
    session.put(PENDING, None).await?;
    if answer.error.is_some() {
        return Ok(failed(page, "eid-cancelled", None));
    }
    let fresh = pending.filter(|p| !answer.state.is_empty() && p.state == answer.state);
    // RFC 9207: an answer naming another issuer is a mix-up attack.
    let right_issuer = answer.iss.as_deref().is_none_or(|iss| iss == client.issuer());
    let Some(pending) = fresh.filter(|_| right_issuer) else {
        tracing::info!("eID answer without a matching login in this session refused");
        return Ok(failed(page, "eid-failed", Some(Refusal::Invalid)));
    };
    let confirmed = match client.finish(&pending, &answer.code).await {
        Ok(c) => c,
        Err(Error::Invalid(reason)) => {
            tracing::info!(%reason, "eID answer refused");
            return Ok(failed(page, "eid-failed", Some(Refusal::Invalid)));
        }
        Err(e) => return Err(e.into()),
    };
    let issuer = client.issuer().to_string();
    let account_id = match pending.link_to {
        Some(account) => match eid::link(&state.db, &*state.clock, &issuer, &confirmed.subject, account).await {
            Ok(()) => account,
            Err(Error::Conflict(_)) => return Ok(failed(page, "eid-linked-elsewhere", Some(Refusal::Conflict))),
            Err(e) => return Err(e.into()),
        },
        None => match eid::linked_account(&state.db, &issuer, &confirmed.subject).await? {
            Some(account) => account,
            None => return Ok(failed(page, "eid-not-linked", None)),
        },
    };
    let account = accounts::account_by_id(state.db.write(), account_id).await?;
    eid::touch(&state.db, &*state.clock, &issuer, &confirmed.subject).await?;
    eid::apply_to_profile(&state.db, &*state.clock, account.id, &confirmed.attributes).await?;
    let done = Completed {
        account: &account,
        level: confirmed.level,
        method: Method::Eid,
        back: pending.back,
    };
    complete(&state, &page, &session, &jar, &headers, done).await
}

#[derive(Debug, Default, Deserialize)]
pub struct UnlinkForm {}

pub async fn unlink(State(state): State<AppState>, who: SignedIn, Form(_): Form<UnlinkForm>) -> AppResult<Response> {
    let client = state.eid.clone().ok_or_else(eid_off)?;
    eid::unlink(&state.db, &*state.clock, who.account.id, client.issuer()).await?;
    Ok(Redirect::to("/konto/sicherheit?hinweis=eid-getrennt").into_response())
}
