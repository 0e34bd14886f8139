//! Signing in and out.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::{invalid, site};
use crate::error::AppResult;
use crate::forms::{FormErrors, safe_return};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::residents::{self, SignIn};
use rathaus_core::accounts::second_factor::{self, Method};
use rathaus_core::accounts::tokens::random_token;
use rathaus_core::accounts::{self, Account, Level, history, sessions};

/// Identifies a browser across sign-ins, for the "new sign-in" notice.
const DEVICE_COOKIE: &str = "__Host-rathaus-geraet";

#[derive(Debug, Default, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    zurueck: String,
    #[serde(default)]
    hinweis: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    zurueck: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/sign_in.html")]
pub struct SignInPage {
    page: Page,
    email: String,
    back: String,
    info: Option<String>,
    errors: FormErrors,
    passkeys: bool,
    /// The eID provider's name, when sign-in with it is offered.
    eid: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Query(q): Query<SignInQuery>,
) -> AppResult<SignInPage> {
    page.csrf = Some(session.csrf_token().await?);
    let info = match q.hinweis.as_str() {
        "bestaetigt" => Some(page.t("sign-in-info-verified")),
        "passwort" => Some(page.t("sign-in-info-password")),
        "abgemeldet" => Some(page.t("sign-in-info-signed-out")),
        _ => None,
    };
    Ok(SignInPage {
        back: safe_return(&q.zurueck).unwrap_or_default(),
        page,
        email: String::new(),
        info,
        errors: FormErrors::default(),
        passkeys: state.webauthn.is_some(),
        eid: state.eid.as_ref().map(|e| e.name().to_string()),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    jar: CookieJar,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let back = safe_return(&form.zurueck);
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    match residents::sign_in(&state.db, &*state.clock, &form.email, &form.password, device.as_deref()).await? {
        SignIn::Success(account) => {
            if second_factor::factors(&state.db, account.id).await?.any() {
                super::second_factor::ask(&state, &session, account.id, back).await?;
                return Ok(Redirect::to("/konto/zweiter-faktor").into_response());
            }
            let done = Completed {
                account: &account,
                level: Level::Low,
                method: Method::Password,
                back,
            };
            complete(&state, &page, &session, &jar, &headers, done).await
        }
        // A right password to an unconfirmed account is answered exactly like a wrong
        // one (the page would otherwise tell that the address has an account); the
        // owner gets the confirmation link again.
        SignIn::Unverified { account, token } => {
            site(&state, &page)
                .verification(state.db.write(), &*state.clock, &account.email, &token, back.as_deref())
                .await?;
            refused(&state, page, &session, form, back).await
        }
        SignIn::Refused => refused(&state, page, &session, form, back).await,
    }
}

/// The answer to every refused sign-in: the form again, with one message.
async fn refused(state: &AppState, mut page: Page, session: &SessionHandle, form: SignInForm, back: Option<String>) -> AppResult<Response> {
    page.csrf = Some(session.csrf_token().await?);
    let errors = FormErrors::from_keys(&page, [("email", "sign-in-error")]);
    Ok(invalid(SignInPage {
        page,
        email: form.email,
        back: back.unwrap_or_default(),
        info: None,
        errors,
        passkeys: state.webauthn.is_some(),
        eid: state.eid.as_ref().map(|e| e.name().to_string()),
    }))
}

/// A sign-in that has passed every check.
pub struct Completed<'a> {
    pub account: &'a Account,
    pub level: Level,
    pub method: Method,
    pub back: Option<String>,
}

/// Finishes any sign-in (password, second factor, passkey, eID): a new session at the
/// proven level, the sign-in history, and a notice when the browser is new to the account.
pub async fn complete(
    state: &AppState,
    page: &Page,
    session: &SessionHandle,
    jar: &CookieJar,
    headers: &HeaderMap,
    done: Completed<'_>,
) -> AppResult<Response> {
    let account = done.account;
    // A passkey or an ID card of a disabled account opens nothing.
    accounts::active_account(state.db.write(), account.id)
        .await
        .map_err(|_| crate::error::AppError(rathaus_platform::Error::Forbidden))?;
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    session.sign_in(account.id, done.level, agent).await?;
    let (device, new_cookie) = match jar.get(DEVICE_COOKIE) {
        Some(c) => (c.value().to_string(), None),
        None => {
            let id = random_token();
            (id.clone(), Some(id))
        }
    };
    // Only a browser the account has not used before gets a notice — not the first one.
    let seen_before = sessions::has_devices(&state.db, account.id).await?;
    let tx = state.db.begin().await?;
    if sessions::remember_device(&tx, &*state.clock, account.id, &device).await? && seen_before {
        site(state, page).new_device(&tx, &*state.clock, &account.email).await?;
    }
    let attempt = history::Attempt {
        account: account.id,
        method: done.method,
        outcome: history::Outcome::Success,
        assurance_level: Some(done.level.as_str()),
        user_agent: agent,
    };
    history::record(&tx, &*state.clock, attempt).await?;
    tx.commit().await?;
    // Staff land in their workspace, residents in their account.
    let home = if account.kind == accounts::AccountKind::Staff.as_str() {
        "/verwaltung"
    } else {
        "/konto"
    };
    let mut response = Redirect::to(done.back.as_deref().unwrap_or(home)).into_response();
    if let Some(id) = new_cookie
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{DEVICE_COOKIE}={id}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=63072000"
        ))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn sign_out(session: SessionHandle) -> AppResult<Response> {
    session.sign_out().await?;
    Ok(Redirect::to("/konto/anmelden?hinweis=abgemeldet").into_response())
}
