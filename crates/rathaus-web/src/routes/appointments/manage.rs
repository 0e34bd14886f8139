//! A booking's own page, opened by the mailed link (`/termine/verwalten/{token}`) or,
//! for an account's bookings, from `/konto/termine`: details, calendar file, moving
//! and cancelling.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use uuid::Uuid;

use super::challenge::{Gate, field_for, gate};
use super::find::{Assembly, PickerInput, Problem, SlotsPage, assemble, chosen, describe_wish, parse_day, pick};
use super::{Wish, rules, site};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::error::{Refusal, invalid, rendered};
use crate::format;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::appointments::notices::{Described, describe, ics};
use rathaus_core::appointments::{Appointment, Calendar, Moved, Status, booking, free, store, waitlist};
use rathaus_platform::Error;

pub fn router() -> Router<AppState> {
    let manage = || {
        Router::new()
            .route("/", get(show))
            .route("/termin.ics", get(calendar_file))
            .route("/verschieben", get(move_page).post(move_to))
            .route("/absagen", get(cancel_page).post(cancel))
            .route("/frueher", axum::routing::post(earlier))
    };
    Router::new()
        .nest("/termine/verwalten/{key}", manage())
        .nest("/konto/termine/{key}", manage())
        .route("/konto/termine", get(list))
}

/// The booking a request may manage: by the mailed token, or the signed-in owner's.
pub struct Managed {
    pub booking: Appointment,
    /// The address of its page.
    pub base: String,
    pub by_account: bool,
}

impl FromRequestParts<AppState> for Managed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Path(key) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError(Error::NotFound).into_response())?;
        if parts.uri.path().starts_with("/konto/termine/") {
            let signed_in = SignedIn::from_request_parts(parts, state).await?;
            let id: Uuid = key.parse().map_err(|_| AppError(Error::NotFound).into_response())?;
            let booking = store::by_id(state.db.write(), id).await.map_err(|e| AppError(e).into_response())?;
            if booking.account_id != Some(signed_in.account.id) {
                return Err(AppError(Error::NotFound).into_response());
            }
            return Ok(Self {
                booking,
                base: format!("/konto/termine/{id}"),
                by_account: true,
            });
        }
        let booking = store::by_manage_token(state.db.write(), &key)
            .await
            .map_err(|e| AppError(e).into_response())?;
        Ok(Self {
            booking,
            base: format!("/termine/verwalten/{key}"),
            by_account: false,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/manage.html")]
pub struct ManagePage {
    page: Page,
    facts: Described,
    code: String,
    base: String,
    status: &'static str,
    changeable: bool,
    notice: Option<String>,
    confirm_cancel: bool,
    /// On the waitlist since (formatted), if so.
    waiting_since: Option<String>,
    offer_minutes: i64,
}

async fn manage_page(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    managed: &Managed,
    notice: Option<String>,
) -> AppResult<ManagePage> {
    let catalog = state.catalog().await?;
    page.csrf = Some(session.csrf_token().await?);
    let b = &managed.booking;
    Ok(ManagePage {
        facts: describe(&catalog, b, page.lang),
        code: b.code.clone(),
        base: managed.base.clone(),
        status: b.status.as_str(),
        changeable: b.is_changeable(state.clock.now()),
        notice,
        confirm_cancel: false,
        waiting_since: b.earlier_wanted_at.map(|t| format::long_date_time(page.lang, t)),
        offer_minutes: state.config.appointments.waitlist_offer_minutes,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    managed: Managed,
    RawQuery(query): RawQuery,
) -> AppResult<ManagePage> {
    let notice = match query.as_deref() {
        Some("hinweis=gebucht") => Some(page.t("appt-notice-booked")),
        Some("hinweis=verschoben") => Some(page.t("appt-notice-moved")),
        Some("hinweis=abgesagt") => Some(page.t("appt-notice-cancelled")),
        Some("hinweis=warteliste") => Some(page.t("appt-notice-waitlist-joined")),
        Some("hinweis=warteliste-aus") => Some(page.t("appt-notice-waitlist-left")),
        _ => None,
    };
    manage_page(&state, page, &session, &managed, notice).await
}

pub async fn calendar_file(State(state): State<AppState>, managed: Managed) -> AppResult<Response> {
    if managed.booking.status == Status::Held || managed.booking.status == Status::Expired {
        return Err(AppError(Error::NotFound));
    }
    let catalog = state.catalog().await?;
    let body = ics(&catalog, &managed.booking, site(&state), state.clock.now());
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, "attachment; filename=\"termin.ics\"".to_string()),
        ],
        body,
    )
        .into_response())
}

pub async fn cancel_page(State(state): State<AppState>, page: Page, session: SessionHandle, managed: Managed) -> AppResult<ManagePage> {
    let mut shown = manage_page(&state, page, &session, &managed, None).await?;
    shown.confirm_cancel = shown.changeable;
    Ok(shown)
}

pub async fn cancel(State(state): State<AppState>, page: Page, session: SessionHandle, managed: Managed) -> AppResult<Response> {
    if !managed.booking.is_changeable(state.clock.now()) {
        let shown = manage_page(&state, page, &session, &managed, None).await?;
        return Ok(rendered(Refusal::Conflict, shown));
    }
    let catalog = state.catalog().await?;
    booking::cancel(&state.db, &*state.clock, &catalog, &managed.booking, None, site(&state)).await?;
    Ok(Redirect::to(&format!("{}?hinweis=abgesagt", managed.base)).into_response())
}

#[derive(Debug, serde::Deserialize)]
pub struct EarlierForm {
    /// `ja` to wait for an earlier time, anything else to stop waiting.
    #[serde(default)]
    wunsch: String,
}

/// Puts the booking on the waitlist for an earlier time, or takes it off.
pub async fn earlier(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    managed: Managed,
    Form(form): Form<EarlierForm>,
) -> AppResult<Response> {
    if !managed.booking.is_changeable(state.clock.now()) {
        let shown = manage_page(&state, page, &session, &managed, None).await?;
        return Ok(rendered(Refusal::Conflict, shown));
    }
    let wanted = form.wunsch == "ja";
    waitlist::set_wish(&state.db, &*state.clock, &managed.booking, wanted).await?;
    let notice = if wanted { "warteliste" } else { "warteliste-aus" };
    Ok(Redirect::to(&format!("{}?hinweis={notice}", managed.base)).into_response())
}

async fn move_view(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    managed: &Managed,
    query: &Wish,
    problem: Option<Problem>,
) -> AppResult<SlotsPage> {
    let b = &managed.booking;
    if !b.is_changeable(state.clock.now()) {
        return Err(AppError(Error::Conflict(page.t("appt-not-changeable"))));
    }
    let catalog = state.catalog().await?;
    let calendar = Calendar::load(&state.db, &catalog, &b.location_id).await?;
    let wish = Wish {
        services: b.services.clone(),
        people: b.people,
        pairs: vec![],
    };
    let minutes = calendar.visit_minutes(&wish.visit(&b.location_id))?;
    let rules = rules(state).await?;
    let picked = pick(
        state,
        &page,
        PickerInput {
            calendar: &calendar,
            minutes,
            rules: &rules,
            units: None,
            day: parse_day(query.value("tag")),
            from: parse_day(query.value("ab")),
        },
    )
    .await?;
    page.csrf = Some(session.csrf_token().await?);
    let visit = format!(
        "{} – {}",
        describe_wish(&catalog, &wish, &page),
        page.t1("appt-moving-from", "when", format::long_date_time(page.lang, b.starts_at))
    );
    Ok(assemble(
        page,
        Assembly {
            calendar: &calendar,
            visit,
            day_base: format!("{}/verschieben?", managed.base),
            action: format!("{}/verschieben", managed.base),
            hidden: vec![],
            picked,
            problem,
            moving: true,
            now: state.clock.now(),
            chosen: chosen(query),
            challenge: field_for(state, &calendar),
        },
    ))
}

pub async fn move_page(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    managed: Managed,
    RawQuery(query): RawQuery,
) -> AppResult<SlotsPage> {
    move_view(&state, page, &session, &managed, &Wish::from_query(query.as_deref()), None).await
}

pub async fn move_to(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    managed: Managed,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let wish = Wish::parse(pairs);
    let Some(starts_at) = chosen(&wish) else {
        return Ok(invalid(
            move_view(&state, page, &session, &managed, &wish, Some(Problem::NoChoice)).await?,
        ));
    };
    let catalog = state.catalog().await?;
    let calendar = Calendar::load(&state.db, &catalog, &managed.booking.location_id).await?;
    let action = format!("{}/verschieben", managed.base);
    match gate(&state, &page, &session, &calendar, &wish, (&action, starts_at)).await? {
        Gate::Through => {}
        Gate::Wait(response) => return Ok(response),
        Gate::Stale => {
            let shown = move_view(&state, page, &session, &managed, &wish, Some(Problem::Stale)).await?;
            return Ok(rendered(Refusal::Conflict, shown));
        }
    }
    let rules = rules(&state).await?;
    let b = &managed.booking;
    match booking::move_to(&state.db, &*state.clock, (&catalog, &calendar), b, starts_at, &rules, site(&state)).await? {
        Moved::To(moved, token) => {
            let base = if managed.by_account {
                format!("/konto/termine/{}", moved.id)
            } else {
                format!("/termine/verwalten/{token}")
            };
            Ok(Redirect::to(&format!("{base}?hinweis=verschoben")).into_response())
        }
        Moved::Taken => {
            let visit = rathaus_core::appointments::Visit {
                location_id: b.location_id.clone(),
                services: b.services.clone(),
                people: b.people,
            };
            let minutes = calendar.visit_minutes(&visit)?;
            let next = free::next_after(&state.db, &calendar, minutes, &rules, state.clock.now(), starts_at, 5).await?;
            let shown = move_view(&state, page, &session, &managed, &wish, Some(Problem::Taken(next))).await?;
            Ok(rendered(Refusal::Conflict, shown))
        }
    }
}

pub struct Listed {
    pub id: Uuid,
    pub facts: Described,
    pub code: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "appointments/list.html")]
pub struct ListPage {
    page: Page,
    bookings: Vec<Listed>,
}

pub async fn list(State(state): State<AppState>, page: Page, signed_in: SignedIn) -> AppResult<ListPage> {
    let catalog = state.catalog().await?;
    let bookings = store::upcoming_for_account(state.db.read(), signed_in.account.id, state.clock.now()).await?;
    Ok(ListPage {
        bookings: bookings
            .iter()
            .map(|b| Listed {
                id: b.id,
                facts: describe(&catalog, b, page.lang),
                code: b.code.clone(),
            })
            .collect(),
        page,
    })
}
