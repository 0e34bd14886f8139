//! Passkeys in the browser: adding one under "Sicherheit", and signing in with one.
//! The browser talks JSON with these routes (the WebAuthn ceremony needs script); the
//! challenge state waits in the session between the two calls and is used once.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use serde_json::json;
use webauthn_rs::prelude::{DiscoverableAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential};

use super::security::{FRESH_CODES, FRESH_CODES_NEXT};
use super::sign_in::{Completed, complete};
use crate::auth::SignedIn;
use crate::error::{AppResult, Refusal, Rendered};
use crate::forms::safe_return;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::second_factor::{self, Method};
use rathaus_core::accounts::{self, Level, passkeys, recovery};
use rathaus_platform::Error;

const REGISTRATION: &str = "passkey_registration";
const SIGN_IN: &str = "passkey_sign_in";

/// A JSON answer the script shows as it is: a translated message and a status.
fn problem(page: &Page, refusal: Refusal, key: &str) -> Response {
    let mut response = (refusal.status(), Json(json!({ "message": page.t(key) }))).into_response();
    response.extensions_mut().insert(Rendered);
    response
}

fn unavailable(page: &Page) -> Response {
    problem(page, Refusal::Unavailable, "passkey-unavailable")
}

/// Takes a ceremony's state out of the session: each challenge answers once.
async fn take<T: serde::de::DeserializeOwned>(session: &SessionHandle, key: &str) -> AppResult<Option<T>> {
    let value = session.get(key).await?;
    if value.is_some() {
        session.put(key, None).await?;
    }
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

pub async fn registration_options(State(state): State<AppState>, page: Page, session: SessionHandle, who: SignedIn) -> AppResult<Response> {
    let Some(webauthn) = state.webauthn.as_deref() else {
        return Ok(unavailable(&page));
    };
    // With a factor in place, only a session confirmed by one may add another.
    if second_factor::factors(&state.db, who.account.id).await?.any() && who.level() < Level::Substantial {
        return Ok(problem(&page, Refusal::Forbidden, "passkey-error-step-up"));
    }
    let (options, registration) = passkeys::start_registration(&state.db, webauthn, &who.account).await?;
    session.put(REGISTRATION, Some(serde_json::to_value(&registration)?)).await?;
    Ok(Json(options).into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewPasskey {
    #[serde(default)]
    name: String,
    credential: RegisterPublicKeyCredential,
    /// The task a step-up interrupted, to go back to once the passkey is added.
    #[serde(default)]
    zurueck: String,
}

pub async fn register(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    headers: HeaderMap,
    Json(body): Json<NewPasskey>,
) -> AppResult<Response> {
    let Some(webauthn) = state.webauthn.as_deref() else {
        return Ok(unavailable(&page));
    };
    let Some(registration) = take::<PasskeyRegistration>(&session, REGISTRATION).await? else {
        return Ok(problem(&page, Refusal::Invalid, "passkey-error-expired"));
    };
    let result = passkeys::finish_registration(
        &state.db,
        &*state.clock,
        webauthn,
        who.account.id,
        &body.name,
        &body.credential,
        &registration,
    )
    .await;
    match result {
        Ok(()) => {
            // The person just proved they hold the new passkey (user verification is
            // required), as confirming an app's code does: this session counts as
            // confirmed, so the task they came from does not ask again.
            let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
            session.sign_in(who.account.id, who.level().max(Level::Substantial), agent).await?;
            let back = safe_return(&body.zurueck);
            // The first factor comes with recovery codes, for the day the device is lost.
            if recovery::remaining(&state.db, who.account.id).await? == 0 {
                let codes = recovery::regenerate(state.db.write(), &*state.clock, who.account.id).await?;
                session.put(FRESH_CODES, Some(serde_json::to_value(codes)?)).await?;
                session.put(FRESH_CODES_NEXT, back.map(serde_json::Value::String)).await?;
                return Ok(Json(json!({ "redirect": "/konto/sicherheit/wiederherstellungscodes" })).into_response());
            }
            let next = back.unwrap_or_else(|| "/konto/sicherheit?hinweis=passkey-neu".to_string());
            Ok(Json(json!({ "redirect": next })).into_response())
        }
        Err(Error::Invalid(reason)) => {
            tracing::info!(%reason, "passkey registration refused");
            Ok(problem(&page, Refusal::Invalid, "passkey-error-refused"))
        }
        Err(Error::Conflict(_)) => Ok(problem(&page, Refusal::Conflict, "passkey-error-duplicate")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    id: String,
}

pub async fn remove(State(state): State<AppState>, who: SignedIn, Form(form): Form<RemoveForm>) -> AppResult<Response> {
    if let Some(step_up) = who.step_up_if_below(Level::Substantial, "/konto/sicherheit") {
        return Ok(step_up);
    }
    passkeys::remove(&state.db, &*state.clock, who.account.id, &form.id).await?;
    Ok(Redirect::to("/konto/sicherheit?hinweis=passkey-entfernt").into_response())
}

pub async fn sign_in_options(State(state): State<AppState>, page: Page, session: SessionHandle) -> AppResult<Response> {
    let Some(webauthn) = state.webauthn.as_deref() else {
        return Ok(unavailable(&page));
    };
    let (options, authentication) = passkeys::start_sign_in(webauthn)?;
    session.put(SIGN_IN, Some(serde_json::to_value(&authentication)?)).await?;
    Ok(Json(options).into_response())
}

#[derive(Debug, Deserialize)]
pub struct PasskeySignIn {
    credential: PublicKeyCredential,
    #[serde(default)]
    zurueck: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    jar: CookieJar,
    headers: HeaderMap,
    Json(body): Json<PasskeySignIn>,
) -> AppResult<Response> {
    let Some(webauthn) = state.webauthn.as_deref() else {
        return Ok(unavailable(&page));
    };
    let Some(authentication) = take::<DiscoverableAuthentication>(&session, SIGN_IN).await? else {
        return Ok(problem(&page, Refusal::Invalid, "passkey-error-expired"));
    };
    let account = match passkeys::finish_sign_in(&state.db, &*state.clock, webauthn, &body.credential, authentication).await {
        Ok(id) => accounts::account_by_id(state.db.write(), id).await?,
        Err(Error::Invalid(reason)) => {
            tracing::info!(%reason, "passkey sign-in refused");
            // Which account the unknown or forged credential claimed is not known here.
            crate::refusal::record(&state, "anonymous", "account.sign-in-refused", "passkey").await?;
            return Ok(problem(&page, Refusal::Invalid, "passkey-error-sign-in"));
        }
        Err(e) => return Err(e.into()),
    };
    let done = Completed {
        account: &account,
        level: Level::Substantial,
        method: Method::Passkey,
        back: safe_return(&body.zurueck),
    };
    let redirected = complete(&state, &page, &session, &jar, &headers, done).await?;
    // The script follows the address itself; the session cookie rides on this answer.
    let target = redirected
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("/konto")
        .to_string();
    let mut response = Json(json!({ "redirect": target })).into_response();
    for cookie in redirected.headers().get_all(header::SET_COOKIE) {
        response.headers_mut().append(header::SET_COOKIE, cookie.clone());
    }
    Ok(response)
}
