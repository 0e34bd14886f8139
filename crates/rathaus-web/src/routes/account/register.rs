//! Registration and address confirmation.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Notice, invalid, notice, site};
use crate::error::{AppResult, Rendered};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::residents::{self, Registered, RegistrationForm};
use rathaus_core::accounts::tokens::{self, Purpose};
use rathaus_platform::Error;

#[derive(Template, WebTemplate)]
#[template(path = "account/register.html")]
pub struct RegisterPage {
    page: Page,
    form: RegistrationForm,
    errors: FormErrors,
}

pub async fn form(mut page: Page, session: SessionHandle) -> AppResult<RegisterPage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(RegisterPage {
        page,
        form: RegistrationForm::default(),
        errors: FormErrors::default(),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Form(form): Form<RegistrationForm>,
) -> AppResult<Response> {
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
            return Ok(invalid(RegisterPage { page, form, errors }));
        }
    };
    let site = site(&state, &page);
    match residents::register(&state.db, &*state.clock, registration).await? {
        Registered::New { account, token } => site.verification(state.db.write(), &*state.clock, &account.email, &token).await?,
        Registered::Existing { account } => site.already_registered(state.db.write(), &*state.clock, &account.email).await?,
    }
    Ok(Redirect::to("/konto/registrieren/gesendet").into_response())
}

pub async fn sent(page: Page) -> Notice {
    notice(page, "register-sent", None)
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/confirm.html")]
pub struct ConfirmPage {
    page: Page,
    token: String,
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
    Ok(ConfirmPage { page, token: q.token }.into_response())
}

pub async fn confirm(State(state): State<AppState>, page: Page, Form(q): Form<TokenQuery>) -> AppResult<Response> {
    match residents::verify_email(&state.db, &*state.clock, &q.token).await {
        Ok(_) => Ok(Redirect::to("/konto/anmelden?hinweis=bestaetigt").into_response()),
        Err(Error::NotFound) => Ok(expired(page)),
        Err(e) => Err(e.into()),
    }
}

fn expired(page: Page) -> Response {
    let mut response = (
        StatusCode::BAD_REQUEST,
        notice(page, "link-expired", Some(("/konto/anmelden", "sign-in-title"))),
    )
        .into_response();
    response.extensions_mut().insert(Rendered);
    response
}
