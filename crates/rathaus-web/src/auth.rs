//! Who is asking. `SignedIn` requires a signed-in person; without one, the request is
//! sent to the sign-in page, which brings the person back afterwards.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::session::{SessionHandle, SessionRecord};
use crate::state::AppState;
use rathaus_core::accounts::{self, Account};
use rathaus_platform::Error;

pub struct SignedIn {
    pub account: Account,
    pub session: SessionRecord,
}

fn to_sign_in(parts: &Parts) -> Response {
    let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/konto");
    let back: String = form_urlencoded_component(here);
    Redirect::to(&format!("/konto/anmelden?zurueck={back}")).into_response()
}

fn form_urlencoded_component(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let handle = parts
            .extensions
            .get::<SessionHandle>()
            .cloned()
            .ok_or_else(|| AppError(Error::internal("session layer missing")).into_response())?;
        let session = handle.current().await.map_err(|e| AppError(e).into_response())?;
        let Some(session) = session else { return Err(to_sign_in(parts)) };
        let Some(id) = session.account_id else {
            return Err(to_sign_in(parts));
        };
        match accounts::account_by_id(state.db.write(), id).await {
            Ok(account) => Ok(Self { account, session }),
            Err(Error::NotFound) => Err(to_sign_in(parts)),
            Err(e) => Err(AppError(e).into_response()),
        }
    }
}
