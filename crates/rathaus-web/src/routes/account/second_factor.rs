//! The second step: after a right password on an account with a second factor, and
//! whenever a page needs a higher assurance level than the session has (step-up). One
//! page serves both; it returns the person to where they were.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::invalid;
use super::sign_in::{Completed, complete};
use crate::error::AppResult;
use crate::forms::{FormErrors, safe_return};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::second_factor::{self, Factors};
use rathaus_core::accounts::{self, Level, history, totp};

/// Session key of a sign-in that waits for its second factor.
const PENDING: &str = "pending_sign_in";
/// How long the second step may take.
const PENDING_MINUTES: i64 = 10;

#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    account: Uuid,
    until: DateTime<Utc>,
    back: Option<String>,
}

/// Remembers a sign-in whose password was right, until the second factor follows.
pub async fn ask(state: &AppState, session: &SessionHandle, account: Uuid, back: Option<String>) -> AppResult<()> {
    let pending = Pending {
        account,
        until: state.clock.now() + Duration::minutes(PENDING_MINUTES),
        back,
    };
    session.put(PENDING, Some(serde_json::to_value(pending)?)).await?;
    Ok(())
}

/// Whose second factor this page asks for: a pending sign-in, or the signed-in person.
struct Subject {
    account: Uuid,
    back: Option<String>,
    signing_in: bool,
}

async fn subject(state: &AppState, session: &SessionHandle, back: &str) -> AppResult<Option<Subject>> {
    let Some(record) = session.current().await? else { return Ok(None) };
    if let Some(account) = record.account_id {
        return Ok(Some(Subject {
            account,
            back: safe_return(back),
            signing_in: false,
        }));
    }
    let pending = record
        .data
        .get(PENDING)
        .and_then(|v| serde_json::from_value::<Pending>(v.clone()).ok())
        .filter(|p| p.until > state.clock.now());
    Ok(pending.map(|p| Subject {
        account: p.account,
        back: p.back,
        signing_in: true,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct StepQuery {
    #[serde(default)]
    zurueck: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    zurueck: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/second_factor.html")]
pub struct SecondFactorPage {
    page: Page,
    signing_in: bool,
    factors: Factors,
    has_totp: bool,
    back: String,
    errors: FormErrors,
}

fn render(mut page: Page, csrf: String, subject: &Subject, factors: Factors, errors: FormErrors) -> SecondFactorPage {
    page.csrf = Some(csrf);
    SecondFactorPage {
        page,
        signing_in: subject.signing_in,
        has_totp: matches!(factors.totp, totp::Status::Active { .. }),
        factors,
        back: subject.back.clone().unwrap_or_default(),
        errors,
    }
}

pub async fn form(State(state): State<AppState>, page: Page, session: SessionHandle, Query(q): Query<StepQuery>) -> AppResult<Response> {
    let Some(subject) = subject(&state, &session, &q.zurueck).await? else {
        return Ok(Redirect::to("/konto/anmelden").into_response());
    };
    let factors = second_factor::factors(&state.db, subject.account).await?;
    let csrf = session.csrf_token().await?;
    Ok(render(page, csrf, &subject, factors, FormErrors::default()).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    jar: CookieJar,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let Some(subject) = subject(&state, &session, &form.zurueck).await? else {
        return Ok(Redirect::to("/konto/anmelden").into_response());
    };
    let master = state.blobs.master_key();
    match second_factor::verify_code(&state.db, &*state.clock, master, subject.account, &form.code).await? {
        Some(method) => {
            let account = accounts::account_by_id(state.db.write(), subject.account).await?;
            let done = Completed {
                account: &account,
                level: Level::Substantial,
                method,
                back: subject.back,
            };
            complete(&state, &page, &session, &jar, &headers, done).await
        }
        None => {
            let attempt = history::Attempt {
                account: subject.account,
                method: second_factor::Method::Totp,
                outcome: history::Outcome::SecondFactorFailed,
                assurance_level: None,
                user_agent: headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()),
            };
            history::record(state.db.write(), &*state.clock, attempt).await?;
            let factors = second_factor::factors(&state.db, subject.account).await?;
            let errors = FormErrors::from_keys(&page, [("code", "second-factor-error")]);
            let csrf = session.csrf_token().await?;
            Ok(invalid(render(page, csrf, &subject, factors, errors)))
        }
    }
}
