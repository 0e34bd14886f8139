//! The account page: who is signed in, and their sessions.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::sessions;

#[derive(Debug, Clone)]
pub struct SessionRow {
    handle: String,
    browser: String,
    since: String,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/overview.html")]
pub struct OverviewPage {
    page: Page,
    name: String,
    email: String,
    sessions: Vec<SessionRow>,
    level: String,
    info: Option<String>,
    /// The organisation the person acts for, if any.
    acting: Option<String>,
    staff: bool,
    unread: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    #[serde(default)]
    hinweis: String,
}

/// A short, readable name for a browser from its user agent.
pub(super) fn browser_name(agent: Option<&str>) -> String {
    let agent = agent.unwrap_or("");
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| agent.contains(**b))
        .map(|b| b.trim_end_matches('/'))
        .unwrap_or("Browser");
    let system = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .iter()
        .find(|s| agent.contains(**s))
        .copied()
        .unwrap_or("");
    let browser = if browser == "Edg" { "Edge" } else { browser };
    if system.is_empty() {
        browser.to_string()
    } else {
        format!("{browser} ({system})")
    }
}

pub async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    session: SessionHandle,
    mut page: Page,
    Query(q): Query<OverviewQuery>,
) -> AppResult<OverviewPage> {
    page.csrf = Some(who.session.csrf_token.clone());
    let acting = super::organisations::acting_for(&state, &session, who.account.id)
        .await?
        .map(|o| o.name);
    let sessions = sessions::list(&state.db, &*state.clock, who.account.id)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            current: s.handle == who.session.token_hash,
            browser: browser_name(s.user_agent.as_deref()),
            since: crate::format::date_time(page.lang, s.signed_in_at.unwrap_or(s.last_seen_at)),
            handle: s.handle,
        })
        .collect();
    let info = match q.hinweis.as_str() {
        "passwort" => Some(page.t("account-info-password")),
        "sitzung" => Some(page.t("account-info-session-ended")),
        "daten" => Some(page.t("account-info-profile")),
        _ => None,
    };
    let level = page.t(&format!("assurance-{}", who.session.assurance_level.as_deref().unwrap_or("low")));
    let unread = rathaus_core::inbox::unread_count(&state.db, &who.account).await?;
    Ok(OverviewPage {
        unread,
        staff: who.account.kind == rathaus_core::accounts::AccountKind::Staff.as_str(),
        name: who.account.display_name,
        email: who.account.email,
        sessions,
        level,
        info,
        acting,
        page,
    })
}

#[derive(Debug, Deserialize)]
pub struct EndSessionForm {
    handle: String,
}

pub async fn end_session(
    State(state): State<AppState>,
    who: SignedIn,
    session: SessionHandle,
    Form(form): Form<EndSessionForm>,
) -> AppResult<Response> {
    // The owner is part of the query: someone else's session answers 404.
    sessions::revoke(&state.db, who.account.id, &form.handle).await?;
    if form.handle == who.session.token_hash {
        session.sign_out().await?;
        return Ok(Redirect::to("/konto/anmelden?hinweis=abgemeldet").into_response());
    }
    Ok(Redirect::to("/konto?hinweis=sitzung").into_response())
}
