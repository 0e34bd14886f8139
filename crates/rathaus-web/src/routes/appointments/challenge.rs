//! Rush protection at the door of a hold or a move: while a location has it switched
//! on, the picker carries a challenge token (`pruefung`) that the browser solves in the
//! background (`loesung`, see `static/challenge.js`). Without JavaScript the token
//! passes after a short wait: whoever chooses faster sees a wait page that keeps the
//! choice and sends it again with "Weiter". Each token buys one attempt.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::Wish;
use crate::error::{AppError, AppResult};
use crate::error::{Refusal, rendered};
use crate::format;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::Calendar;
use rathaus_platform::Error;
use rathaus_platform::challenge::{self, Check, Difficulty};

/// What a protected picker's form carries.
pub struct ChallengeField {
    pub token: String,
    pub bits: u8,
}

fn difficulty(state: &AppState) -> Difficulty {
    Difficulty {
        bits: state.config.appointments.challenge_bits,
        wait_seconds: state.config.appointments.challenge_wait_seconds,
    }
}

fn scope(calendar: &Calendar) -> String {
    format!("appointments:{}", calendar.location.id)
}

/// A fresh challenge for a picker of `calendar`, when its protection is on.
pub fn field_for(state: &AppState, calendar: &Calendar) -> Option<ChallengeField> {
    let now = state.clock.now();
    calendar.challenge_on(now).then(|| ChallengeField {
        token: state.challenge_key.issue(&scope(calendar), now),
        bits: state.config.appointments.challenge_bits,
    })
}

/// What the door says to an attempt.
pub enum Gate {
    /// Not protected now, or solved (or waited for) and spent: go ahead.
    Through,
    /// Too fast without a solution: this page, which sends the choice again.
    Wait(Response),
    /// No token, someone else's, an old one or one used before: show the picker
    /// again with the choice kept.
    Stale,
}

pub async fn gate(
    state: &AppState,
    page: &Page,
    session: &SessionHandle,
    calendar: &Calendar,
    wish: &Wish,
    (action, chosen): (&str, DateTime<Utc>),
) -> AppResult<Gate> {
    let now = state.clock.now();
    if !calendar.challenge_on(now) {
        return Ok(Gate::Through);
    }
    let token = wish.value("pruefung").unwrap_or_default();
    let solution = wish.value("loesung").filter(|s| !s.is_empty());
    match state.challenge_key.check(&scope(calendar), token, solution, difficulty(state), now) {
        Check::Stale => Ok(Gate::Stale),
        Check::Wait { seconds } => {
            let mut page = page.clone();
            page.csrf = Some(session.csrf_token().await?);
            let shown = WaitPage {
                seconds,
                choice: format::long_date_time(page.lang, chosen),
                action: action.to_string(),
                hidden: wish.pairs.iter().filter(|(k, _)| k != "_csrf" && k != "loesung").cloned().collect(),
                page,
            };
            let mut response = rendered(Refusal::RateLimited, shown);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            Ok(Gate::Wait(response))
        }
        Check::Passed(ticket) => match challenge::spend(&state.db, &ticket).await {
            Ok(true) => Ok(Gate::Through),
            Ok(false) => Ok(Gate::Stale),
            Err(e) => {
                // Fail closed: an attempt whose token cannot be spent is not let through.
                tracing::error!(error = %e, "challenge token cannot be spent; refusing");
                Err(AppError(Error::Unavailable("rush protection".into())))
            }
        },
    }
}

/// "One moment please": shown to a choice made faster than the wait, without a solution.
#[derive(Template, WebTemplate)]
#[template(path = "appointments/wait.html")]
pub struct WaitPage {
    page: Page,
    seconds: i64,
    choice: String,
    action: String,
    hidden: Vec<(String, String)>,
}
