//! `/verwaltung/versand`: the mailroom's daily dispatch list. Letters waiting to go out
//! (yesterday's leftovers included), printed as address labels or taken as CSV, then
//! marked sent one by one with the tracking number; what left on the day stays listed.
//! Only staff holding the mailroom role of an agency see its letters.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::sheets::{csv_download, neutralise};
use crate::auth::Staff;
use crate::error::invalid;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::page::Page;
use crate::routes::applications::made_document;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cases::dispatch::{self, Dispatch, MailroomScope};
use rathaus_core::cases::due::local_date;
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct DayQuery {
    #[serde(default)]
    tag: String,
    #[serde(default)]
    hinweis: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct SentForm {
    #[serde(default)]
    tracking_number: String,
    #[serde(default)]
    tag: String,
}

pub struct LetterLine {
    pub id: Uuid,
    pub reference: String,
    pub name: String,
    pub address: String,
    pub queued: String,
    pub sent: String,
    pub tracking: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/mailroom.html")]
pub struct MailroomPage {
    page: Page,
    day: String,
    day_text: String,
    open: Vec<LetterLine>,
    sent: Vec<LetterLine>,
    info: Option<String>,
    has_error: bool,
}

fn scope_of(staff: &Staff) -> AppResult<MailroomScope> {
    let scope = MailroomScope::of(staff.account.id, &staff.grants);
    if scope.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    Ok(scope)
}

/// The day in the address, or today in Hamburg.
fn day_of(state: &AppState, text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| local_date(state.clock.now()))
}

fn line(page: &Page, d: &Dispatch) -> LetterLine {
    LetterLine {
        id: d.id,
        reference: d.reference.clone(),
        name: d.address.name.clone(),
        address: format!("{}, {} {}", d.address.street, d.address.postcode, d.address.city),
        queued: format::date_time(page.lang, d.queued_at),
        sent: d.sent_at.map(|t| format::date_time(page.lang, t)).unwrap_or_default(),
        tracking: d.tracking_number.clone().unwrap_or_default(),
        error: None,
    }
}

/// The page for `day`; `typed` puts a refused tracking number back at its letter.
async fn render(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    staff: &Staff,
    day: NaiveDate,
    typed: Option<(Uuid, String, String)>,
) -> AppResult<MailroomPage> {
    let scope = scope_of(staff)?;
    let open = dispatch::open(&state.db, &scope, day).await?;
    let sent = dispatch::sent_on(&state.db, &scope, day).await?;
    page.csrf = Some(session.csrf_token().await?);
    let mut open: Vec<LetterLine> = open.iter().map(|d| line(&page, d)).collect();
    let has_error = typed.is_some();
    if let Some((id, value, error)) = typed
        && let Some(l) = open.iter_mut().find(|l| l.id == id)
    {
        l.tracking = value;
        l.error = Some(error);
    }
    Ok(MailroomPage {
        day: day.format("%Y-%m-%d").to_string(),
        day_text: format::date(page.lang, day),
        sent: sent.iter().map(|d| line(&page, d)).collect(),
        open,
        info: None,
        has_error,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(query): Query<DayQuery>,
) -> AppResult<MailroomPage> {
    let day = day_of(&state, &query.tag);
    let info = (query.hinweis == "versandt").then(|| page.t("dispatch-marked"));
    let mut shown = render(&state, (page, &session), &staff, day, None).await?;
    shown.info = info;
    Ok(shown)
}

pub async fn mark_sent(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<SentForm>,
) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    let day = day_of(&state, &form.tag);
    let tracking = match dispatch::normalise_tracking(&form.tracking_number) {
        Ok(tracking) => tracking,
        Err(key) => {
            let error = page.t(key);
            let shown = render(&state, (page, &session), &staff, day, Some((id, form.tracking_number, error))).await?;
            return Ok(invalid(shown));
        }
    };
    match dispatch::mark_sent(&state.db, &*state.clock, &scope, id, tracking.as_deref()).await {
        Ok(()) => {}
        Err(Error::NotFound) => {
            let actor = format!("account:{}", scope.account);
            crate::refusal::record(&state, &actor, "dispatch.access-refused", &format!("dispatch:{id}")).await?;
            return Err(AppError(Error::NotFound));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/verwaltung/versand?tag={}&hinweis=versandt", day.format("%Y-%m-%d"))).into_response())
}

/// The day's open letters, exported (and so audited).
async fn exported(state: &AppState, staff: &Staff, day: NaiveDate, format: &str) -> AppResult<Vec<Dispatch>> {
    let scope = scope_of(staff)?;
    Ok(dispatch::export(&state.db, &*state.clock, &scope, day, format).await?)
}

pub async fn labels(State(state): State<AppState>, page: Page, staff: Staff, Query(query): Query<DayQuery>) -> AppResult<Response> {
    let day = day_of(&state, &query.tag);
    let letters = exported(&state, &staff, day, "labels").await?;
    let catalog = state.catalog().await?;
    let sender = |agency: &str| {
        let name = catalog
            .agency(agency)
            .map(|a| a.name(page.lang).to_string())
            .unwrap_or_else(|| agency.to_string());
        format!("{}, {name}", state.config.city_name)
    };
    let pdf = dispatch::labels(&letters, &sender, state.clock.now())?;
    Ok(made_document(
        pdf,
        "application/pdf",
        &format!("attachment; filename=\"etiketten-{}.pdf\"", day.format("%Y-%m-%d")),
    ))
}

pub async fn csv(State(state): State<AppState>, page: Page, staff: Staff, Query(query): Query<DayQuery>) -> AppResult<Response> {
    let day = day_of(&state, &query.tag);
    let letters = exported(&state, &staff, day, "csv").await?;
    let mut table = vec![
        [
            "receipt-reference",
            "delivery-name",
            "profile-street",
            "profile-postcode",
            "profile-city",
            "dispatch-queued",
        ]
        .iter()
        .map(|k| page.t(k))
        .collect::<Vec<_>>(),
    ];
    for d in &letters {
        table.push(
            [
                &d.reference,
                &d.address.name,
                &d.address.street,
                &d.address.postcode,
                &d.address.city,
                &format::date_time(page.lang, d.queued_at),
            ]
            .iter()
            .map(|c| neutralise(c))
            .collect(),
        );
    }
    csv_download(&table, &format!("versand-{}.csv", day.format("%Y-%m-%d")))
}
