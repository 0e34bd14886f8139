//! Taking part in a location's lottery for released days: a request (name, address)
//! per mail address, counted once confirmed by the mailed link; the result comes by
//! mail after the draw.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::hold::limit;
use super::{Wish, site};
use crate::error::AppResult;
use crate::error::{Refusal, invalid, rendered};
use crate::format;
use crate::middleware::ClientIp;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::Calendar;
use rathaus_core::appointments::release::{self, Entered};
use rathaus_platform::mail::parse_mailbox;
use rathaus_platform::ratelimit::Limit;

#[derive(Template, WebTemplate)]
#[template(path = "appointments/lottery.html")]
pub struct LotteryPage {
    page: Page,
    title: String,
    message: String,
    /// The confirm button's form, on the confirmation link's page.
    confirm: bool,
    back: String,
}

fn message(page: Page, title: &str, message: String, back: String) -> LotteryPage {
    LotteryPage {
        title: page.t(title),
        message,
        confirm: false,
        back,
        page,
    }
}

pub async fn enter(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    // Entries cost a mail each: a few per address and hour.
    limit(
        &state,
        &format!("appt-lottery:ip:{ip}"),
        Limit {
            max: 10,
            window: chrono::Duration::hours(1),
        },
    )
    .await?;
    let wish = Wish::parse(pairs);
    let release = release::by_id(state.db.read(), id).await?;
    let back = format!("/termine/orte/{}?{}", release.location_id, wish.query());
    let name = wish.value("name").unwrap_or_default().trim().to_string();
    let email = wish.value("email").unwrap_or_default().trim().to_string();
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        problems.push(("name", "appt-error-name"));
    }
    if email.len() > 254 || !email.contains('@') || parse_mailbox(&email).is_err() {
        problems.push(("email", "appt-error-email"));
    }
    if !problems.is_empty() {
        let mut shown = super::find::slot_page(&state, page, &session, &release.location_id, &wish, None).await?;
        shown.lottery_errors = crate::forms::FormErrors::from_keys(&shown.page, problems);
        shown.lottery_form = (name, email);
        return Ok(invalid(shown));
    }
    let catalog = state.catalog().await?;
    let calendar = Calendar::load(&state.db, &catalog, &release.location_id).await?;
    let visit = wish.visit(&release.location_id);
    calendar.visit_minutes(&visit)?;
    let lang = page.lang;
    match release::enter(&state.db, &*state.clock, &release, (&visit, lang), (&email, &name), site(&state)).await? {
        Entered::Mailed => {
            let text = page.t1("lottery-check-mail", "email", &email);
            Ok(message(page, "lottery-title", text, back).into_response())
        }
        Entered::Already => {
            let text = page.t("lottery-already");
            Ok(message(page, "lottery-title", text, back).into_response())
        }
        Entered::Closed => {
            let text = page.t("lottery-closed");
            Ok(rendered(Refusal::Conflict, message(page, "lottery-title", text, back)))
        }
    }
}

pub async fn confirm_page(mut page: Page, session: SessionHandle, Path(_token): Path<String>) -> AppResult<LotteryPage> {
    page.csrf = Some(session.csrf_token().await?);
    let text = page.t("lottery-confirm-lead");
    let mut shown = message(page, "lottery-confirm-title", text, "/termine".into());
    shown.confirm = true;
    Ok(shown)
}

pub async fn confirm(State(state): State<AppState>, page: Page, Path(token): Path<String>) -> AppResult<Response> {
    match release::confirm_entry(&state.db, &*state.clock, &token).await? {
        Some(r) => {
            let when = r.closes_at.map(|c| format::date_time(page.lang, c)).unwrap_or_default();
            let text = page.t1("lottery-confirmed", "when", when);
            Ok(message(page, "lottery-confirm-title", text, "/termine".into()).into_response())
        }
        None => {
            let text = page.t("lottery-closed");
            Ok(rendered(
                Refusal::Conflict,
                message(page, "lottery-confirm-title", text, "/termine".into()),
            ))
        }
    }
}
