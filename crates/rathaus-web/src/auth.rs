//! Who is asking. `SignedIn` requires a signed-in person; without one, the request is
//! sent to the sign-in page, which brings the person back afterwards. `Staff` also
//! requires a second factor on the session and at least one role; the roles are read
//! on every request, so a revoked role stops working at once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::session::{SessionHandle, SessionRecord};
use crate::state::AppState;
use rathaus_core::accounts::{self, Account, Acting, Level, Role, RoleGrant};
use rathaus_platform::Error;

pub struct SignedIn {
    pub account: Account,
    pub session: SessionRecord,
}

/// The path and query of a request, as a `zurueck` value.
pub fn here(parts: &Parts) -> String {
    parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/konto").to_string()
}

pub fn url_component(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

fn to_sign_in(parts: &Parts) -> Response {
    Redirect::to(&format!("/konto/anmelden?zurueck={}", url_component(&here(parts)))).into_response()
}

/// The page that asks for a second factor and then returns to `back`.
pub fn step_up_url(back: &str) -> String {
    format!("/konto/zweiter-faktor?zurueck={}", url_component(back))
}

impl SignedIn {
    pub fn level(&self) -> Level {
        self.session.assurance_level.as_deref().and_then(Level::parse).unwrap_or(Level::Low)
    }

    /// The person with their session's level, as domain actions on their records take it.
    pub fn acting(&self) -> Acting<'_> {
        Acting {
            account: &self.account,
            level: self.level(),
        }
    }

    /// The way to the step-up page when this session's level is below `needed`.
    pub fn step_up_if_below(&self, needed: Level, back: &str) -> Option<Response> {
        (self.level() < needed).then(|| Redirect::to(&step_up_url(back)).into_response())
    }
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
        match accounts::active_account(state.db.write(), id).await {
            Ok(account) => Ok(Self { account, session }),
            Err(Error::NotFound) => Err(to_sign_in(parts)),
            Err(e) => Err(AppError(e).into_response()),
        }
    }
}

/// A staff member on a session confirmed with a second factor, with their current roles.
#[derive(Clone)]
pub struct Staff {
    pub account: Account,
    pub grants: Vec<RoleGrant>,
}

impl Staff {
    pub fn has_anywhere(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// `Forbidden` unless the person holds `role` somewhere.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.has_anywhere(role) {
            Ok(())
        } else {
            Err(AppError(Error::Forbidden))
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Found already by the workspace layer in this request.
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        let who = SignedIn::from_request_parts(parts, state).await?;
        if who.account.kind != accounts::AccountKind::Staff.as_str() {
            return Err(AppError(Error::Forbidden).into_response());
        }
        if let Some(step_up) = who.step_up_if_below(Level::Substantial, &here(parts)) {
            return Err(step_up);
        }
        let grants = accounts::grants_of(&state.db, who.account.id)
            .await
            .map_err(|e| AppError(e).into_response())?;
        if grants.is_empty() {
            return Err(AppError(Error::Forbidden).into_response());
        }
        Ok(Self {
            account: who.account,
            grants,
        })
    }
}

/// A signed-in person, for the JSON API: without a session the answer is 401 (a problem
/// document), not a redirect to the sign-in page.
pub struct ApiUser(pub SignedIn);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match SignedIn::from_request_parts(parts, state).await {
            Ok(who) => Ok(ApiUser(who)),
            Err(response) if response.status().is_redirection() => Err(AppError(Error::Unauthenticated).into_response()),
            Err(response) => Err(response),
        }
    }
}
