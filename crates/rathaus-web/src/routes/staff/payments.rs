//! `/verwaltung/zahlungen`: the cash office's payments of its agencies, with refunds —
//! full or in part; above the configured amount a second person approves. Only staff
//! holding the payments role of an agency see its payments; everyone else gets 403,
//! and another agency's payment is a 404 like a missing one.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::sheets::{csv_download, neutralise};
use crate::auth::Staff;
use crate::error::invalid;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::{next_part, open_multipart};
use crate::page::Page;
use crate::routes::applications::made_document;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::account_by_id;
use rathaus_core::payments::reconciliation::{self, Mismatch};
use rathaus_core::payments::refunds::{self, PaymentsScope, RefundRequest, RefundStatus};
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    suche: String,
    #[serde(default)]
    hinweis: String,
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct RefundForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

pub struct RefundLine {
    pub id: Uuid,
    pub amount: String,
    pub reason: String,
    pub status: String,
    pub by: String,
    pub waiting: bool,
    pub mine: bool,
}

pub struct PaymentLine {
    pub id: Uuid,
    pub cash_reference: String,
    pub reference: String,
    pub amount: String,
    pub status: String,
    pub paid_at: String,
    pub method: String,
    pub refundable: String,
    pub can_refund: bool,
    pub refunds: Vec<RefundLine>,
    pub error: Option<String>,
    pub typed: RefundForm,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/payments.html")]
pub struct PaymentsPage {
    page: Page,
    search: String,
    lines: Vec<PaymentLine>,
    info: Option<String>,
    limit: String,
    has_error: bool,
    today: String,
    today_text: String,
    /// The upload form carries its token in the address (see the CSRF layer).
    csrf_in_address: String,
}

fn scope_of(staff: &Staff) -> AppResult<PaymentsScope> {
    let scope = PaymentsScope::of(staff.account.id, &staff.grants);
    if scope.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    Ok(scope)
}

/// `12,50`, `12.50` or `12` as cents; `None` for anything else.
pub fn parse_euros(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches('€').trim().replace(',', ".");
    let (euros, cents) = text.split_once('.').unwrap_or((&text, ""));
    if euros.is_empty() || cents.len() > 2 || !euros.chars().chain(cents.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{cents:0<2}");
    euros.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents.parse::<i64>().ok()?)
}

async fn render(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    staff: &Staff,
    search: &str,
    typed: Option<(Uuid, RefundForm, String)>,
) -> AppResult<PaymentsPage> {
    let scope = scope_of(staff)?;
    let lang = page.lang;
    let mut lines = Vec::new();
    for line in refunds::list(&state.db, &scope, (!search.trim().is_empty()).then_some(search)).await? {
        let p = &line.payment;
        let mut refund_lines = Vec::new();
        for r in &line.refunds {
            refund_lines.push(RefundLine {
                id: r.id,
                amount: format::money(lang, r.amount_cents),
                reason: r.reason.clone(),
                status: page.t(&format!("refund-status-{}", r.status.as_str())),
                by: page.t1(
                    "refund-requested-by",
                    "name",
                    account_by_id(state.db.read(), r.requested_by).await?.display_name,
                ),
                // A refund a decision ordered is paid back by itself: nobody approves it.
                waiting: r.status == RefundStatus::Requested && r.decision_id.is_none(),
                mine: r.requested_by == staff.account.id,
            });
        }
        let left = refunds::refundable(p, &line.refunds);
        let (error, typed_form) = match &typed {
            Some((id, form, error)) if *id == p.id => (Some(error.clone()), form.clone()),
            _ => (None, RefundForm::default()),
        };
        lines.push(PaymentLine {
            id: p.id,
            cash_reference: p.cash_reference.clone(),
            reference: line.reference.clone().unwrap_or_default(),
            amount: format::money(lang, p.amount_cents),
            status: page.t(&format!("payments-status-{}", p.status.as_str())),
            paid_at: p.paid_at.map(|t| format::date_time(lang, t)).unwrap_or_default(),
            method: p
                .method
                .as_deref()
                .map(|m| page.t(&format!("payment-method-{}", m.replace('_', "-"))))
                .unwrap_or_default(),
            refundable: format::money(lang, left),
            can_refund: left > 0,
            refunds: refund_lines,
            error,
            typed: typed_form,
        });
    }
    let csrf = session.csrf_token().await?;
    let today = rathaus_core::cases::due::local_date(state.clock.now());
    page.csrf = Some(csrf.clone());
    Ok(PaymentsPage {
        today: today.format("%Y-%m-%d").to_string(),
        today_text: format::date(lang, today),
        csrf_in_address: crate::auth::url_component(&csrf),
        search: search.to_string(),
        has_error: typed.is_some(),
        limit: format::money(lang, state.config.payments.refund_approval_above_cents),
        info: None,
        lines,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> AppResult<PaymentsPage> {
    let info = match query.hinweis.as_str() {
        "erstattet" => Some(page.t("refund-done")),
        "freigabe" => Some(page.t("refund-waiting")),
        "abgelehnt" => Some(page.t("refund-refused-note")),
        _ => None,
    };
    let mut shown = render(&state, (page, &session), &staff, &query.suche, None).await?;
    shown.info = info;
    Ok(shown)
}

fn back(search: &str, note: &str) -> Response {
    let query = serde_urlencoded::to_string([("suche", search), ("hinweis", note)]).unwrap_or_default();
    Redirect::to(&format!("/verwaltung/zahlungen?{query}")).into_response()
}

pub async fn refund(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<ListQuery>,
    Form(form): Form<RefundForm>,
) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    let reason_ok = !form.reason.trim().is_empty() && form.reason.trim().chars().count() <= refunds::MAX_REASON_CHARS;
    let outcome = match parse_euros(&form.amount) {
        None => Err("refund-error-amount"),
        Some(_) if !reason_ok => Err("refund-error-reason"),
        Some(cents) => {
            let ask = RefundRequest {
                payment: id,
                amount_cents: cents,
                reason: &form.reason,
                approval_above_cents: state.config.payments.refund_approval_above_cents,
            };
            match refunds::request(&state.db, &*state.clock, &*state.payments, &scope, ask).await {
                Ok(done) => Ok(done),
                // More than is left to refund (or nothing).
                Err(Error::Invalid(_)) => Err("refund-error-amount"),
                Err(e) => return Err(e.into()),
            }
        }
    };
    match outcome {
        Ok(done) if done.status == RefundStatus::Executed => Ok(back(&query.suche, "erstattet")),
        Ok(_) => Ok(back(&query.suche, "freigabe")),
        Err(key) => {
            let error = page.t(key);
            let shown = render(&state, (page, &session), &staff, &query.suche, Some((id, form, error))).await?;
            Ok(invalid(shown))
        }
    }
}

pub async fn approve(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    refunds::approve(&state.db, &*state.clock, &*state.payments, &scope, id).await?;
    Ok(back(&query.suche, "erstattet"))
}

pub async fn refuse(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    refunds::refuse(&state.db, &*state.clock, &scope, id).await?;
    Ok(back(&query.suche, "abgelehnt"))
}

#[cfg(test)]
mod tests {
    use super::parse_euros;
    use proptest::prelude::*;

    #[test]
    fn euros_as_people_type_them() {
        assert_eq!(parse_euros("12,50"), Some(1250));
        assert_eq!(parse_euros("12.5"), Some(1250));
        assert_eq!(parse_euros(" 65 € "), Some(6500));
        assert_eq!(parse_euros("0,05"), Some(5));
        for bad in ["", "12,505", "-3", "1e3", "zwölf", ",50"] {
            assert_eq!(parse_euros(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_amount_reads_back(cents in 0i64..100_000_000) {
            let text = format!("{},{:02}", cents / 100, cents % 100);
            prop_assert_eq!(parse_euros(&text), Some(cents));
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DayQuery {
    #[serde(default)]
    tag: String,
}

fn day_of(state: &AppState, text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| rathaus_core::cases::due::local_date(state.clock.now()))
}

/// The day's bookings for the city's accounting, as CSV; the export is audited.
pub async fn bookings_csv(State(state): State<AppState>, page: Page, staff: Staff, Query(query): Query<DayQuery>) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    let day = day_of(&state, &query.tag);
    let bookings = reconciliation::export(&state.db, &*state.clock, &scope, day).await?;
    let mut table = vec![
        [
            "booking-day",
            "payment-cash-reference",
            "receipt-reference",
            "receipt-service",
            "booking-cost-centre",
            "booking-revenue-account",
            "booking-amount-cents",
            "booking-kind",
            "payments-method",
            "booking-provider-ref",
        ]
        .iter()
        .map(|k| page.t(k))
        .collect::<Vec<_>>(),
    ];
    for b in &bookings {
        // Text cells are neutralised; the amount is a number Rathaus wrote.
        let text = |t: &str| neutralise(t);
        table.push(vec![
            day.format("%Y-%m-%d").to_string(),
            text(&b.cash_reference),
            text(&b.reference),
            text(&b.service),
            text(&b.cost_centre),
            text(&b.revenue_account),
            b.amount_cents.to_string(),
            b.kind.to_string(),
            text(&b.method),
            text(&b.provider_ref),
        ]);
    }
    csv_download(&table, &format!("buchungen-{}.csv", day.format("%Y-%m-%d")))
}

/// The Testkasse's settlement file — its merchant portal, for the cash office.
pub async fn testkasse_settlement(State(state): State<AppState>, staff: Staff, Query(query): Query<DayQuery>) -> AppResult<Response> {
    scope_of(&staff)?;
    let day = day_of(&state, &query.tag);
    let text = rathaus_core::payments::testkasse::settlement(&state.db, day).await?;
    Ok(made_document(
        text.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("attachment; filename=\"testkasse-abrechnung-{}.csv\"", day.format("%Y-%m-%d")),
    ))
}

pub struct MismatchLine {
    pub what: String,
    pub reference: String,
    pub ours: String,
    pub theirs: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/reconciliation.html")]
pub struct ReconciliationPage {
    page: Page,
    day: String,
    bookings: usize,
    mismatches: Vec<MismatchLine>,
    error: Option<String>,
}

/// Compares the day's bookings with the provider's settlement file (uploaded, read,
/// not stored).
pub async fn reconcile(
    State(state): State<AppState>,
    page: Page,
    staff: Staff,
    Query(query): Query<DayQuery>,
    request: Request,
) -> AppResult<Response> {
    let scope = scope_of(&staff)?;
    let day = day_of(&state, &query.tag);
    let mut multipart = open_multipart(&state, request).await?;
    let mut file = Vec::new();
    while let Some(mut part) = next_part(&state, &mut multipart).await? {
        if part.name() != Some("file") {
            continue;
        }
        while let Some(chunk) = part
            .chunk()
            .await
            .map_err(|_| AppError(Error::Invalid("the upload could not be read".into())))?
        {
            if file.len() + chunk.len() > 5 * 1024 * 1024 {
                return Err(AppError(Error::TooLarge { limit: 5 * 1024 * 1024 }));
            }
            file.extend_from_slice(&chunk);
        }
    }
    let bookings = reconciliation::bookings(&state.db, &scope.agencies, day).await?;
    let lang = page.lang;
    let (mismatches, error) = match reconciliation::parse_settlement(&file) {
        Ok(settlement) => (
            reconciliation::compare(&bookings, &settlement)
                .into_iter()
                .map(|m| match m {
                    Mismatch::NotSettled(b) => MismatchLine {
                        what: page.t("reconcile-not-settled"),
                        reference: format!("{} ({})", b.provider_ref, b.cash_reference),
                        ours: format::money(lang, b.amount_cents),
                        theirs: "–".into(),
                    },
                    Mismatch::NotBooked(l) => MismatchLine {
                        what: page.t("reconcile-not-booked"),
                        reference: l.reference,
                        ours: "–".into(),
                        theirs: format::money(lang, l.amount_cents),
                    },
                    Mismatch::AmountDiffers { booking, settled_cents } => MismatchLine {
                        what: page.t("reconcile-amount-differs"),
                        reference: format!("{} ({})", booking.provider_ref, booking.cash_reference),
                        ours: format::money(lang, booking.amount_cents),
                        theirs: format::money(lang, settled_cents),
                    },
                })
                .collect(),
            None,
        ),
        Err(Error::Invalid(why)) => (Vec::new(), Some(format!("{}: {why}", page.t("reconcile-unreadable")))),
        Err(e) => return Err(e.into()),
    };
    let shown = ReconciliationPage {
        day: format::date(lang, day),
        bookings: bookings.len(),
        mismatches,
        error,
        page,
    };
    Ok(if shown.error.is_some() {
        invalid(shown)
    } else {
        shown.into_response()
    })
}
