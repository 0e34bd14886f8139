//! Holding a slot and confirming it: at once for a signed-in person, otherwise by the
//! link mailed to the address given (the hold lasts meanwhile; a late click still
//! books the slot when nobody took it).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::challenge::{Gate, gate};
use super::find::{Problem, chosen, slot_page, slot_page_with};
use super::{HOLD_KEY, Wish, account_of, held_id, rules, site};
use crate::error::{AppError, AppResult};
use crate::error::{Refusal, invalid, rendered};
use crate::format;
use crate::forms::FormErrors;
use crate::middleware::ClientIp;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::notices::{Described, describe};
use rathaus_core::appointments::{Appointment, Calendar, Confirmed, HoldRequest, Outcome, Owner, Rules, Status, booking, free, store};
use rathaus_platform::Error;
use rathaus_platform::mail::parse_mailbox;
use rathaus_platform::ratelimit::{self, Limit};

/// Counts one attempt against `bucket` in the database; refuses with 429 above the
/// limit and with 503 when the limiter cannot decide (fail closed).
pub async fn limit(state: &AppState, bucket: &str, limit: Limit) -> AppResult<()> {
    crate::middleware::ratelimit::enforce(bucket, ratelimit::hit(&state.db, &*state.clock, bucket, limit).await)
}

pub async fn hold(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    ClientIp(ip): ClientIp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let settings = &state.config.appointments;
    // Per address counted in memory and merged across nodes once a second: a rush must
    // not cost a database write per request. Per account (below) exactly, in the database.
    let per_ip = Limit::per_minute(settings.holds_per_minute_per_ip);
    let bucket = format!("appt-hold:{ip}");
    crate::middleware::ratelimit::enforce(&bucket, state.limits.hit(state.clock.now(), &bucket, per_ip))?;
    let account = account_of(&state, &session).await?;
    if let Some(a) = &account {
        limit(
            &state,
            &format!("appt-hold:account:{}", a.id),
            Limit::per_minute(settings.holds_per_minute_per_person),
        )
        .await?;
    }
    let wish = Wish::parse(pairs);
    let location = wish.value("ort").unwrap_or_default().to_string();
    let Some(starts_at) = chosen(&wish) else {
        let shown = slot_page(&state, page, &session, &location, &wish, Some(Problem::NoChoice)).await?;
        return Ok(invalid(shown));
    };
    let catalog = state.catalog().await?;
    let visit = wish.visit(&location);
    // Most requests in a rush are for places already gone: refused on a calendar read a
    // moment ago, without a write. A booking reads everything afresh.
    let recent = (
        state.recent.calendar(&state.db, &catalog, &location).await?,
        state.recent.rules(&state.db, &state.config.appointments).await?,
    );
    match gate(&state, &page, &session, &recent.0, &wish, ("/termine/halten", starts_at)).await? {
        Gate::Through => {}
        Gate::Wait(response) => return Ok(response),
        Gate::Stale => {
            // A form sent twice spends its token once: the first request holds, the
            // second shows that hold.
            if let Some(id) = held_id(session.get(HOLD_KEY).await?) {
                let held = store::by_id(state.db.write(), id).await?;
                if held.status == Status::Held && held.starts_at == starts_at && held.location_id == location {
                    return Ok(Redirect::to("/termine/vormerkung").into_response());
                }
            }
            let shown = slot_page_with(&state, page, &session, (&recent.0, &recent.1, None), &wish, Some(Problem::Stale)).await?;
            return Ok(rendered(Refusal::Conflict, shown));
        }
    }
    let now = state.clock.now();
    let units = state.recent.units(&state.db, &recent.0, &recent.1, now).await?;
    let may_be_free = || booking::may_be_free(&recent.0, &visit, starts_at, &recent.1, now, &units);
    if !may_be_free()? {
        return taken(&state, page, &session, wish, (&recent.0, &recent.1), starts_at).await;
    }
    // Those that queued for a turn meanwhile find the places taken before them.
    let turn = state.recent.turn(&location).await?;
    if !may_be_free()? {
        return taken(&state, page, &session, wish, (&recent.0, &recent.1), starts_at).await;
    }
    let calendar = Calendar::load(&state.db, &catalog, &location).await?;
    let owner = account.as_ref().map(|a| Owner::Account {
        id: a.id,
        email: a.email.clone(),
        name: a.display_name.clone(),
    });
    // The caps per service are the only rules kept in the database, and only a hold with
    // an owner is checked against them now (a hold by mail on confirming).
    let rules = match owner {
        Some(_) => std::sync::Arc::new(rules(&state).await?),
        None => recent.1.clone(),
    };
    // The hold and the note of it in the session are one write.
    let id = Uuid::now_v7();
    let noted = session.put_statement(HOLD_KEY, serde_json::json!(id)).await?;
    let request = HoldRequest {
        id,
        calendar: &calendar,
        visit: &visit,
        starts_at,
        owner: owner.as_ref(),
        lang: page.lang,
        seen: Some(&units),
        also: noted.as_ref(),
    };
    let outcome = booking::hold(&state.db, &*state.clock, request, &rules).await?;
    drop(turn);
    match outcome {
        Outcome::Done(held) => {
            match noted {
                Some(_) => session.stored(HOLD_KEY, serde_json::json!(held.id)).await,
                None => session.put(HOLD_KEY, Some(serde_json::json!(held.id))).await?,
            }
            Ok(Redirect::to("/termine/vormerkung").into_response())
        }
        Outcome::Taken => taken(&state, page, &session, wish, (&calendar, &rules), starts_at).await,
        Outcome::CapReached(service) => {
            let name = catalog.service(&service).map(|s| s.name(page.lang).to_string()).unwrap_or(service);
            let shown = slot_page(&state, page, &session, &location, &wish, Some(Problem::CapReached(name))).await?;
            Ok(rendered(Refusal::Conflict, shown))
        }
    }
}

/// "Just taken": the day they were looking at, with what is left of it and the next
/// free times after the one they chose.
async fn taken(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    mut wish: Wish,
    (calendar, rules): (&Calendar, &Rules),
    starts_at: DateTime<Utc>,
) -> AppResult<Response> {
    if wish.value("tag").is_none() {
        let day = rathaus_core::cases::due::local_date(starts_at);
        wish.pairs.push(("tag".into(), day.format("%Y-%m-%d").to_string()));
    }
    let minutes = calendar.visit_minutes(&wish.visit(&calendar.location.id))?;
    let now = state.clock.now();
    let units = state.recent.units(&state.db, calendar, rules, now).await?;
    // The time chosen is not among them, even where the units read a moment ago still
    // show it free.
    let mut next = free::next_in(&units, calendar, minutes, rules, now, starts_at, 6);
    next.retain(|f| f.slot.starts_at != starts_at);
    next.truncate(5);
    let shown = slot_page_with(
        state,
        page,
        session,
        (calendar, rules, Some(&units)),
        &wish,
        Some(Problem::Taken(next)),
    )
    .await?;
    Ok(rendered(Refusal::Conflict, shown))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/hold.html")]
pub struct HoldPage {
    page: Page,
    facts: Described,
    until: String,
    signed_in_as: Option<String>,
    form: ContactForm,
    errors: FormErrors,
    sent_to: Option<String>,
    /// The hold is gone (confirmed elsewhere, or lapsed and taken).
    over: Option<String>,
    again: String,
}

async fn held(state: &AppState, session: &SessionHandle) -> AppResult<Appointment> {
    let id = held_id(session.get(HOLD_KEY).await?).ok_or(AppError(Error::NotFound))?;
    Ok(store::by_id(state.db.write(), id).await?)
}

async fn hold_page(state: &AppState, mut page: Page, session: &SessionHandle, held: &Appointment) -> AppResult<HoldPage> {
    let catalog = state.catalog().await?;
    let account = account_of(state, session).await?;
    page.csrf = Some(session.csrf_token().await?);
    let now = state.clock.now();
    let over = match held.status {
        Status::Confirmed => Some(page.t("appt-hold-confirmed-elsewhere")),
        Status::Cancelled | Status::Expired => Some(page.t("appt-hold-lapsed")),
        Status::Held if held.is_lapsed(now) => Some(page.t("appt-hold-ran-out")),
        Status::Held => None,
    };
    let wish = Wish {
        services: held.services.clone(),
        people: held.people,
        pairs: vec![],
    };
    Ok(HoldPage {
        facts: describe(&catalog, held, page.lang),
        until: held.hold_expires_at.map(|t| format::time(page.lang, t)).unwrap_or_default(),
        signed_in_as: account.filter(|a| Some(a.id) == held.account_id).map(|a| a.email),
        form: ContactForm {
            name: held.name.clone().unwrap_or_default(),
            email: held.email.clone().unwrap_or_default(),
        },
        errors: FormErrors::default(),
        sent_to: None,
        over,
        again: format!("/termine/orte/{}?{}", held.location_id, wish.query()),
        page,
    })
}

pub async fn show(State(state): State<AppState>, page: Page, session: SessionHandle, RawQuery(query): RawQuery) -> AppResult<HoldPage> {
    let held = held(&state, &session).await?;
    let mut shown = hold_page(&state, page, &session, &held).await?;
    if query.as_deref() == Some("gesendet") && shown.over.is_none() {
        shown.sent_to = held.email.clone();
    }
    Ok(shown)
}

pub async fn complete(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Form(form): Form<ContactForm>,
) -> AppResult<Response> {
    let held = held(&state, &session).await?;
    let catalog = state.catalog().await?;
    let rules = rules(&state).await?;
    if held.account_id.is_some() {
        let account = account_of(&state, &session).await?;
        if account.map(|a| a.id) != held.account_id {
            return Err(AppError(Error::NotFound));
        }
        return finish(
            &state,
            page,
            &session,
            booking::confirm(&state.db, &*state.clock, &catalog, held.id, &rules, site(&state)).await?,
        )
        .await;
    }
    let name = form.name.trim().to_string();
    let email = form.email.trim().to_string();
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        problems.push(("name", "appt-error-name"));
    }
    if email.is_empty() || email.len() > 254 || parse_mailbox(&email).is_err() || !email.contains('@') {
        problems.push(("email", "appt-error-email"));
    }
    if !problems.is_empty() {
        let mut shown = hold_page(&state, page, &session, &held).await?;
        shown.errors = FormErrors::from_keys(&shown.page, problems);
        shown.form = form;
        return Ok(invalid(shown));
    }
    // Mails to one address are limited, so the form cannot be used to flood a mailbox.
    limit(
        &state,
        &format!("appt-mail:{}", email.to_lowercase()),
        Limit {
            max: 5,
            window: chrono::Duration::hours(1),
        },
    )
    .await?;
    match booking::request_confirmation(&state.db, &*state.clock, &catalog, &held, (&email, &name), &rules, site(&state)).await? {
        Outcome::Done(_) => Ok(Redirect::to("/termine/vormerkung?gesendet").into_response()),
        Outcome::Taken => Ok(hold_page(&state, page, &session, &held).await?.into_response()),
        Outcome::CapReached(service) => {
            let mut shown = hold_page(&state, page, &session, &held).await?;
            let service = catalog
                .service(&service)
                .map(|s| s.name(shown.page.lang).to_string())
                .unwrap_or(service);
            shown.errors = FormErrors(vec![crate::forms::FieldMessage {
                field: "email",
                text: shown.page.t1("appt-cap-reached", "service", service),
            }]);
            shown.form = form;
            Ok(invalid(shown))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/confirm.html")]
pub struct ConfirmPage {
    page: Page,
    facts: Described,
    /// `open`, `already`, `lapsed` or `capped`.
    state: &'static str,
    message: String,
    again: String,
}

async fn confirm_view(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    booking: &Appointment,
    what: &'static str,
    message: String,
) -> AppResult<ConfirmPage> {
    let catalog = state.catalog().await?;
    page.csrf = Some(session.csrf_token().await?);
    let wish = Wish {
        services: booking.services.clone(),
        people: booking.people,
        pairs: vec![],
    };
    Ok(ConfirmPage {
        facts: describe(&catalog, booking, page.lang),
        state: what,
        message,
        again: format!("/termine/orte/{}?{}", booking.location_id, wish.query()),
        page,
    })
}

/// After confirming: the booking's own page, or why it could not be made.
async fn finish(state: &AppState, page: Page, session: &SessionHandle, outcome: Confirmed) -> AppResult<Response> {
    match outcome {
        Confirmed::Now(_, token) => {
            session.put(HOLD_KEY, None).await?;
            Ok(Redirect::to(&format!("/termine/verwalten/{token}?hinweis=gebucht")).into_response())
        }
        Confirmed::Already(b) => {
            let text = page.t("appt-already-confirmed");
            Ok(confirm_view(state, page, session, &b, "already", text).await?.into_response())
        }
        Confirmed::Lapsed(b) => {
            let text = page.t("appt-hold-lapsed");
            Ok(rendered(
                Refusal::Conflict,
                confirm_view(state, page, session, &b, "lapsed", text).await?,
            ))
        }
        Confirmed::CapReached(service) => {
            let catalog = state.catalog().await?;
            let service = catalog.service(&service).map(|s| s.name(page.lang).to_string()).unwrap_or(service);
            let text = page.t1("appt-cap-reached", "service", service);
            let held = held(state, session).await;
            match held {
                Ok(b) => Ok(rendered(
                    Refusal::Conflict,
                    confirm_view(state, page, session, &b, "capped", text).await?,
                )),
                Err(_) => Err(AppError(Error::Conflict(text))),
            }
        }
    }
}

pub async fn confirm_page(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(token): Path<String>,
) -> AppResult<ConfirmPage> {
    let booking = store::by_confirm_token(state.db.write(), &token).await?;
    let (what, message) = match booking.status {
        Status::Held => ("open", page.t("appt-confirm-lead")),
        Status::Confirmed => ("already", page.t("appt-already-confirmed")),
        Status::Cancelled | Status::Expired => ("lapsed", page.t("appt-hold-lapsed")),
    };
    confirm_view(&state, page, &session, &booking, what, message).await
}

pub async fn confirm(State(state): State<AppState>, page: Page, session: SessionHandle, Path(token): Path<String>) -> AppResult<Response> {
    let booking = store::by_confirm_token(state.db.write(), &token).await?;
    let catalog = state.catalog().await?;
    let rules = rules(&state).await?;
    let outcome = booking::confirm(&state.db, &*state.clock, &catalog, booking.id, &rules, site(&state)).await?;
    if let Confirmed::CapReached(service) = &outcome {
        let service = catalog
            .service(service)
            .map(|s| s.name(page.lang).to_string())
            .unwrap_or_else(|| service.clone());
        let text = page.t1("appt-cap-reached", "service", service);
        return Ok(rendered(
            Refusal::Conflict,
            confirm_view(&state, page, &session, &booking, "capped", text).await?,
        ));
    }
    finish(&state, page, &session, outcome).await
}
