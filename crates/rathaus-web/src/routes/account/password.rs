//! Forgotten password (reset by mail) and changing the password while signed in.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Notice, invalid, notice};
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::tokens::{self, Purpose};
use rathaus_core::accounts::{normalize_email, password, reset, residents};
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/forgot.html")]
pub struct ForgotPage {
    page: Page,
    email: String,
    errors: FormErrors,
}

pub async fn forgot_form(mut page: Page, session: SessionHandle) -> AppResult<ForgotPage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(ForgotPage {
        page,
        email: String::new(),
        errors: FormErrors::default(),
    })
}

pub async fn forgot(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Form(form): Form<ForgotForm>,
) -> AppResult<Response> {
    if normalize_email(&form.email).is_err() {
        page.csrf = Some(session.csrf_token().await?);
        let errors = FormErrors::from_keys(&page, [("email", "account-error-email")]);
        return Ok(invalid(ForgotPage {
            page,
            email: form.email,
            errors,
        }));
    }
    // The page says the same either way, after the same work; the mail (from a job)
    // tells the truth to the address's owner.
    reset::request(&state.db, &*state.clock, state.blobs.master_key(), &form.email, page.lang).await?;
    Ok(Redirect::to("/konto/passwort-vergessen/gesendet").into_response())
}

pub async fn forgot_sent(page: Page) -> Notice {
    notice(page, "forgot-sent", None)
}

#[derive(Debug, Default, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/reset.html")]
pub struct ResetPage {
    page: Page,
    token: String,
    errors: FormErrors,
}

fn link_expired(page: Page) -> Response {
    invalid(notice(page, "link-expired", Some(("/konto/passwort-vergessen", "forgot-title"))))
}

pub async fn reset_form(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Query(form): Query<ResetForm>,
) -> AppResult<Response> {
    if !tokens::is_valid(state.db.write(), &*state.clock, &form.token, Purpose::ResetPassword).await? {
        return Ok(link_expired(page));
    }
    page.csrf = Some(session.csrf_token().await?);
    Ok(ResetPage {
        page,
        token: form.token,
        errors: FormErrors::default(),
    }
    .into_response())
}

fn new_password_problems(new: &str, repeat: &str) -> Vec<(&'static str, &'static str)> {
    match password::check_new(new, &[]) {
        Err(key) => vec![("password", key)],
        Ok(()) if new != repeat => vec![("password_repeat", "password-error-repeat")],
        Ok(()) => vec![],
    }
}

pub async fn reset(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Form(form): Form<ResetForm>,
) -> AppResult<Response> {
    let problems = new_password_problems(&form.password, &form.password_repeat);
    if !problems.is_empty() {
        page.csrf = Some(session.csrf_token().await?);
        let errors = FormErrors::from_keys(&page, problems);
        return Ok(invalid(ResetPage {
            page,
            token: form.token,
            errors,
        }));
    }
    match residents::reset_password(&state.db, &*state.clock, &form.token, &form.password).await {
        Ok(_) => Ok(Redirect::to("/konto/anmelden?hinweis=passwort").into_response()),
        Err(Error::NotFound) => Ok(link_expired(page)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/change_password.html")]
pub struct ChangePage {
    page: Page,
    errors: FormErrors,
}

pub async fn change_form(_who: SignedIn, mut page: Page, session: SessionHandle) -> AppResult<ChangePage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(ChangePage {
        page,
        errors: FormErrors::default(),
    })
}

pub async fn change(State(state): State<AppState>, who: SignedIn, mut page: Page, Form(form): Form<ChangeForm>) -> AppResult<Response> {
    let mut problems = new_password_problems(&form.password, &form.password_repeat);
    if problems.is_empty() {
        match residents::change_password(
            &state.db,
            &*state.clock,
            who.account.id,
            &form.current,
            &form.password,
            &who.session.token_hash,
        )
        .await
        {
            Ok(()) => return Ok(Redirect::to("/konto?hinweis=passwort").into_response()),
            Err(Error::Invalid(_)) => problems.push(("current", "password-error-current")),
            Err(e) => return Err(e.into()),
        }
    }
    page.csrf = Some(who.session.csrf_token.clone());
    let errors = FormErrors::from_keys(&page, problems);
    Ok(invalid(ChangePage { page, errors }))
}
