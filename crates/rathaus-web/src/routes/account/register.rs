//! Registration and address confirmation.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::{Notice, invalid, notice, site};
use crate::auth::url_component;
use crate::error::{AppResult, Refusal};
use crate::forms::{FormErrors, safe_return};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::Level;
use rathaus_core::accounts::residents::{self, Registered, RegistrationForm};
use rathaus_core::accounts::second_factor::Method;
use rathaus_core::accounts::tokens::{self, Purpose};
use rathaus_platform::Error;

/// Session key: the account this browser just registered (it knows the password), so
/// confirming the address in the same browser signs in and goes on with the task.
const REGISTERED_HERE: &str = "registered_account";

#[derive(Template, WebTemplate)]
#[template(path = "account/register.html")]
pub struct RegisterPage {
    page: Page,
    form: RegistrationForm,
    errors: FormErrors,
    /// Where the person was going; carried through the mail link and the sign-in.
    back: String,
}

/// `?zurueck=`: the task a registration, a confirmation or a set-up interrupts.
#[derive(Debug, Default, Deserialize)]
pub struct BackQuery {
    #[serde(default)]
    pub zurueck: String,
}

pub async fn form(mut page: Page, session: SessionHandle, Query(q): Query<BackQuery>) -> AppResult<RegisterPage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(RegisterPage {
        page,
        form: RegistrationForm::default(),
        errors: FormErrors::default(),
        back: safe_return(&q.zurueck).unwrap_or_default(),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Query(q): Query<BackQuery>,
    Form(form): Form<RegistrationForm>,
) -> AppResult<Response> {
    let back = safe_return(&q.zurueck);
    let registration = match form.parse() {
        Ok(r) => r,
        Err(problems) => {
            page.csrf = Some(session.csrf_token().await?);
            let errors = FormErrors::from_keys(&page, problems.iter().map(|p| (p.field, p.key)));
            // Passwords are never sent back to the browser.
            let form = RegistrationForm {
                password: String::new(),
                password_repeat: String::new(),
                ..form
            };
            return Ok(invalid(RegisterPage {
                page,
                form,
                errors,
                back: back.unwrap_or_default(),
            }));
        }
    };
    let site = site(&state, &page);
    let registered_here = match residents::register(&state.db, &*state.clock, registration).await? {
        Registered::New { account, token } => {
            site.verification(state.db.write(), &*state.clock, &account.email, &token, back.as_deref())
                .await?;
            Some(account.id)
        }
        Registered::Existing { account } => {
            site.already_registered(state.db.write(), &*state.clock, &account.email).await?;
            None
        }
    };
    // Written for a known address too (as nothing), so both answers do the same work.
    session.put(REGISTERED_HERE, Some(serde_json::json!(registered_here))).await?;
    Ok(Redirect::to("/konto/registrieren/gesendet").into_response())
}

pub async fn sent(page: Page) -> Notice {
    notice(page, "register-sent", None)
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
    #[serde(default)]
    zurueck: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/confirm.html")]
pub struct ConfirmPage {
    page: Page,
    token: String,
    back: String,
}

/// Shows a button rather than confirming on GET: mail scanners open links too.
pub async fn confirm_form(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    if !tokens::is_valid(state.db.write(), &*state.clock, &q.token, Purpose::VerifyEmail).await? {
        return Ok(expired(page));
    }
    page.csrf = Some(session.csrf_token().await?);
    Ok(ConfirmPage {
        page,
        token: q.token,
        back: safe_return(&q.zurueck).unwrap_or_default(),
    }
    .into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    jar: CookieJar,
    headers: HeaderMap,
    Form(q): Form<TokenQuery>,
) -> AppResult<Response> {
    match residents::verify_email(&state.db, &*state.clock, &q.token).await {
        Ok(account) if session.get(REGISTERED_HERE).await? == Some(serde_json::json!(account.id)) => {
            // The browser that set the password proves the mailbox too: signed in
            // (without a second factor: "low"), on with the task.
            session.put(REGISTERED_HERE, None).await?;
            let done = super::sign_in::Completed {
                account: &account,
                level: Level::Low,
                method: Method::Password,
                back: safe_return(&q.zurueck),
            };
            super::sign_in::complete(&state, &page, &session, &jar, &headers, done).await
        }
        Ok(_) => {
            let then = safe_return(&q.zurueck)
                .map(|back| format!("&zurueck={}", url_component(&back)))
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/konto/anmelden?hinweis=bestaetigt{then}")).into_response())
        }
        Err(Error::NotFound) => Ok(expired(page)),
        Err(e) => Err(e.into()),
    }
}

fn expired(page: Page) -> Response {
    crate::error::rendered(
        Refusal::BadRequest,
        notice(page, "link-expired", Some(("/konto/anmelden", "sign-in-title"))),
    )
}
