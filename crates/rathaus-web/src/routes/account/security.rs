//! `/konto/sicherheit`: second factors (authenticator app, recovery codes, passkeys)
//! and the sign-in history. Removing a factor or renewing codes needs a session that
//! was itself confirmed with a second factor.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::invalid;
use super::register::BackQuery;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::format;
use crate::forms::{FormErrors, safe_return};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::second_factor::{self, Factors};
use rathaus_core::accounts::{Level, eid, history, passkeys, recovery, totp};
use rathaus_platform::Error;

const HERE: &str = "/konto/sicherheit";

#[derive(Debug, Clone)]
pub struct HistoryRow {
    at: String,
    method: String,
    outcome: String,
    success: bool,
    browser: String,
}

#[derive(Debug, Clone)]
pub struct PasskeyRow {
    id: String,
    name: String,
    created: String,
    last_used: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/security.html")]
pub struct SecurityPage {
    page: Page,
    factors: Factors,
    totp_since: Option<String>,
    totp_pending: bool,
    passkeys: Vec<PasskeyRow>,
    history: Vec<HistoryRow>,
    retention_days: i64,
    level: String,
    info: Option<String>,
    /// The task a step-up interrupted: setting up a factor here leads back to it.
    back: String,
    /// The eID provider's name and, if linked, since when.
    eid: Option<(String, Option<String>)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InfoQuery {
    #[serde(default)]
    hinweis: String,
    #[serde(default)]
    zurueck: String,
}

pub async fn show(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    who: SignedIn,
    axum::extract::Query(q): axum::extract::Query<InfoQuery>,
) -> AppResult<SecurityPage> {
    page.csrf = Some(session.csrf_token().await?);
    let factors = second_factor::factors(&state.db, who.account.id).await?;
    let (totp_since, totp_pending) = match factors.totp {
        totp::Status::Active { since } => (Some(format::date_time(page.lang, since)), false),
        totp::Status::Pending => (None, true),
        totp::Status::None => (None, false),
    };
    let passkeys = passkeys::list(&state.db, who.account.id)
        .await?
        .into_iter()
        .map(|p| PasskeyRow {
            id: p.credential_id,
            name: p.name,
            created: format::date_time(page.lang, p.created_at),
            last_used: p
                .last_used_at
                .map(|t| format::date_time(page.lang, t))
                .unwrap_or_else(|| page.t("security-never")),
        })
        .collect();
    let history = history::recent(&state.db, who.account.id, 20)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            at: format::date_time(page.lang, e.at),
            method: page.t(&format!("security-method-{}", e.method.replace('_', "-"))),
            success: e.outcome == "success",
            outcome: page.t(&format!("security-outcome-{}", e.outcome.replace('_', "-"))),
            browser: super::overview::browser_name(e.user_agent.as_deref()),
        })
        .collect();
    let eid = match &state.eid {
        Some(client) => {
            let since = eid::linked_since(&state.db, who.account.id, client.issuer()).await?;
            Some((client.name().to_string(), since.map(|t| format::date_time(page.lang, t))))
        }
        None => None,
    };
    let info = match q.hinweis.as_str() {
        "app-entfernt" => Some(page.t("security-info-totp-removed")),
        "passkey-entfernt" => Some(page.t("security-info-passkey-removed")),
        "passkey-neu" => Some(page.t("security-info-passkey-added")),
        "eid-verknuepft" => Some(page.t("security-info-eid-linked")),
        "eid-getrennt" => Some(page.t("security-info-eid-unlinked")),
        _ => None,
    };
    Ok(SecurityPage {
        level: page.t(&format!("assurance-{}", who.level().as_str())),
        factors,
        totp_since,
        totp_pending,
        passkeys,
        history,
        retention_days: history::RETENTION_DAYS,
        info,
        back: safe_return(&q.zurueck).unwrap_or_default(),
        eid,
        page,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "account/totp_setup.html")]
pub struct TotpSetupPage {
    page: Page,
    secret: String,
    qr_svg: String,
    errors: FormErrors,
    /// The task the set-up interrupted (a step-up from an application).
    back: String,
}

async fn setup_page(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    who: &SignedIn,
    errors: FormErrors,
    back: String,
) -> AppResult<TotpSetupPage> {
    page.csrf = Some(session.csrf_token().await?);
    let enrolment = totp::begin(
        &state.db,
        &*state.clock,
        state.blobs.master_key(),
        who.account.id,
        &state.config.city_name,
        &who.account.email,
    )
    .await?;
    Ok(TotpSetupPage {
        page,
        secret: enrolment.secret_grouped,
        qr_svg: enrolment.qr_svg,
        errors,
        back,
    })
}

pub async fn totp_form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    axum::extract::Query(q): axum::extract::Query<BackQuery>,
) -> AppResult<Response> {
    let back = safe_return(&q.zurueck);
    match setup_page(
        &state,
        page,
        &session,
        &who,
        FormErrors::default(),
        back.clone().unwrap_or_default(),
    )
    .await
    {
        Ok(p) => Ok(p.into_response()),
        // Set up already (another tab): on with the task.
        Err(crate::error::AppError(Error::Conflict(_))) => Ok(Redirect::to(back.as_deref().unwrap_or(HERE)).into_response()),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    zurueck: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/recovery_codes.html")]
pub struct RecoveryCodesPage {
    page: Page,
    codes: Vec<String>,
    /// What was just set up, if the codes come with a new factor.
    notice: Option<String>,
    /// Where the person goes on once the codes are kept: the task the set-up
    /// interrupted, or the security page.
    next: String,
}

impl RecoveryCodesPage {
    /// The codes as a text file to keep, as a link that works without script.
    fn download_href(&self) -> String {
        let text = format!("{}\n", self.codes.join("\n"));
        format!("data:text/plain;charset=utf-8,{}", crate::auth::url_component(&text))
    }
}

/// Session key of recovery codes made with a first passkey, shown once on the next page.
pub const FRESH_CODES: &str = "fresh_recovery_codes";
/// Session key of where to go on after those codes (the task the set-up interrupted).
pub const FRESH_CODES_NEXT: &str = "fresh_recovery_codes_next";

/// Shows recovery codes created together with a first passkey (once).
pub async fn fresh_codes(page: Page, session: SessionHandle, _who: SignedIn) -> AppResult<Response> {
    let codes: Option<Vec<String>> = session.get(FRESH_CODES).await?.and_then(|v| serde_json::from_value(v).ok());
    let Some(codes) = codes else {
        return Ok(Redirect::to(HERE).into_response());
    };
    session.put(FRESH_CODES, None).await?;
    let next = session.get(FRESH_CODES_NEXT).await?.and_then(|v| v.as_str().and_then(safe_return));
    session.put(FRESH_CODES_NEXT, None).await?;
    Ok(RecoveryCodesPage {
        notice: Some(page.t("security-info-passkey-added")),
        page,
        codes,
        next: next.unwrap_or_else(|| HERE.to_string()),
    }
    .into_response())
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    headers: axum::http::HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> AppResult<Response> {
    let master = state.blobs.master_key();
    match totp::confirm(&state.db, &*state.clock, master, who.account.id, &form.code).await? {
        Some(codes) => {
            // The person just proved they hold the app: this session counts as confirmed.
            let agent = headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok());
            session.sign_in(who.account.id, who.level().max(Level::Substantial), agent).await?;
            let mut page = page;
            page.csrf = Some(session.csrf_token().await?);
            Ok(RecoveryCodesPage {
                notice: Some(page.t("totp-added")),
                page,
                codes,
                next: safe_return(&form.zurueck).unwrap_or_else(|| HERE.to_string()),
            }
            .into_response())
        }
        None => {
            let errors = FormErrors::from_keys(&page, [("code", "totp-error-code")]);
            let back = safe_return(&form.zurueck).unwrap_or_default();
            Ok(invalid(setup_page(&state, page, &session, &who, errors, back).await?))
        }
    }
}

pub async fn totp_remove(State(state): State<AppState>, who: SignedIn) -> AppResult<Response> {
    if let Some(step_up) = who.step_up_if_below(Level::Substantial, HERE) {
        return Ok(step_up);
    }
    totp::remove(&state.db, &*state.clock, who.account.id).await?;
    Ok(Redirect::to("/konto/sicherheit?hinweis=app-entfernt").into_response())
}

pub async fn recovery_renew(State(state): State<AppState>, mut page: Page, session: SessionHandle, who: SignedIn) -> AppResult<Response> {
    if let Some(step_up) = who.step_up_if_below(Level::Substantial, HERE) {
        return Ok(step_up);
    }
    if !second_factor::factors(&state.db, who.account.id).await?.any() {
        return Ok(Redirect::to(HERE).into_response());
    }
    let codes = recovery::regenerate(state.db.write(), &*state.clock, who.account.id).await?;
    page.csrf = Some(session.csrf_token().await?);
    Ok(RecoveryCodesPage {
        page,
        codes,
        notice: None,
        next: HERE.to_string(),
    }
    .into_response())
}
