//! The Testkasse's own pages — the provider's side, as a real payment service would
//! host them: pay by card (test numbers), by bank redirect (a stand-in online bank
//! asks to approve), or by SEPA direct debit with a mandate; or cancel. Every decision
//! sends the person back to Rathaus and the signed webhook after them (a job that
//! posts over HTTP, retried until Rathaus answers).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::error::invalid;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cases::due::local_date;
use rathaus_core::payments::provider::Outcome;
use rathaus_core::payments::testkasse::{self, TestkassePayment};
use rathaus_platform::Error;

pub fn router() -> axum::Router<AppState> {
    Router::new()
        .route("/testkasse/{reference}", get(show))
        .route("/testkasse/{reference}/karte", post(card))
        .route("/testkasse/{reference}/lastschrift", post(direct_debit))
        .route("/testkasse/{reference}/bank", get(bank).post(bank_decision))
        .route("/testkasse/{reference}/abbrechen", post(cancel))
}

/// Banks of the stand-in bank redirect (BIC and name).
const BANKS: [(&str, &str); 3] = [
    ("TESTDEHHXXX", "Testbank Hamburg"),
    ("BEISPDEFXXX", "Beispielsparkasse"),
    ("MUSTDEBBXXX", "Musterbank Berlin"),
];

#[derive(Debug, Default, Deserialize, Clone)]
pub struct PayForm {
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    expiry: String,
    #[serde(default)]
    cvc: String,
    #[serde(default)]
    card_holder: String,
    #[serde(default)]
    iban: String,
    #[serde(default)]
    account_holder: String,
    #[serde(default)]
    mandate: String,
    #[serde(default)]
    bic: String,
    #[serde(default)]
    decision: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "payments/testkasse.html")]
pub struct CheckoutPage {
    page: Page,
    payment: TestkassePayment,
    amount: String,
    banks: Vec<(&'static str, &'static str)>,
    form: PayForm,
    errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "payments/testkasse_bank.html")]
pub struct BankPage {
    page: Page,
    payment: TestkassePayment,
    amount: String,
    bank: String,
    bic: String,
}

async fn open_payment(state: &AppState, reference: &str) -> AppResult<TestkassePayment> {
    let payment = testkasse::find(&state.db, reference).await?;
    if payment.status != Outcome::Open {
        return Err(AppError(Error::Conflict("this payment has been decided already".into())));
    }
    Ok(payment)
}

async fn checkout(
    (mut page, session): (Page, &SessionHandle),
    payment: TestkassePayment,
    form: PayForm,
    errors: FormErrors,
) -> AppResult<CheckoutPage> {
    page.csrf = Some(session.csrf_token().await?);
    Ok(CheckoutPage {
        amount: format::money(page.lang, payment.amount_cents),
        banks: BANKS.to_vec(),
        payment,
        form,
        errors,
        page,
    })
}

pub async fn show(State(state): State<AppState>, page: Page, session: SessionHandle, Path(reference): Path<String>) -> AppResult<Response> {
    let payment = testkasse::find(&state.db, &reference).await?;
    if payment.status != Outcome::Open {
        // Decided before (a reload, the back button): back to the shop.
        return Ok(Redirect::to(&payment.return_url).into_response());
    }
    Ok(checkout((page, &session), payment, PayForm::default(), FormErrors::default())
        .await?
        .into_response())
}

/// Decides and sends the payer back to Rathaus.
async fn decided(state: &AppState, reference: &str, method: Option<&str>, outcome: Outcome) -> AppResult<Response> {
    let payment = testkasse::decide(&state.db, &*state.clock, reference, method, outcome).await?;
    Ok(Redirect::to(&payment.return_url).into_response())
}

pub async fn card(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(reference): Path<String>,
    Form(form): Form<PayForm>,
) -> AppResult<Response> {
    let payment = open_payment(&state, &reference).await?;
    let today = local_date(state.clock.now());
    let mut problems = Vec::new();
    if !testkasse::luhn(&form.card_number) {
        problems.push(("card_number", "testkasse-error-card-number"));
    }
    if !testkasse::expiry_valid(&form.expiry, today) {
        problems.push(("expiry", "testkasse-error-expiry"));
    }
    if !(form.cvc.trim().len() == 3 && form.cvc.trim().chars().all(|c| c.is_ascii_digit())) {
        problems.push(("cvc", "testkasse-error-cvc"));
    }
    if form.card_holder.trim().is_empty() {
        problems.push(("card_holder", "testkasse-error-holder"));
    }
    if !problems.is_empty() {
        let errors = FormErrors::from_keys(&page, problems);
        return Ok(invalid(checkout((page, &session), payment, form, errors).await?));
    }
    let compact: String = form.card_number.chars().filter(|c| !c.is_whitespace()).collect();
    let outcome = if compact == testkasse::DECLINED_CARD {
        Outcome::Failed
    } else {
        Outcome::Paid
    };
    decided(&state, &reference, Some("card"), outcome).await
}

pub async fn direct_debit(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Path(reference): Path<String>,
    Form(form): Form<PayForm>,
) -> AppResult<Response> {
    let payment = open_payment(&state, &reference).await?;
    let mut problems = Vec::new();
    if !testkasse::iban_valid(&form.iban) {
        problems.push(("iban", "testkasse-error-iban"));
    }
    if form.account_holder.trim().is_empty() {
        problems.push(("account_holder", "testkasse-error-holder"));
    }
    if form.mandate != "ja" {
        problems.push(("mandate", "testkasse-error-mandate"));
    }
    if !problems.is_empty() {
        let errors = FormErrors::from_keys(&page, problems);
        return Ok(invalid(checkout((page, &session), payment, form, errors).await?));
    }
    decided(&state, &reference, Some("sepa_debit"), Outcome::Paid).await
}

/// The stand-in online bank: sign in is implied; it asks to approve the transfer.
pub async fn bank(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    Path(reference): Path<String>,
    axum::extract::Query(form): axum::extract::Query<PayForm>,
) -> AppResult<Response> {
    let payment = open_payment(&state, &reference).await?;
    let Some((bic, bank)) = BANKS.iter().find(|(bic, _)| *bic == form.bic) else {
        let errors = FormErrors::from_keys(&page, [("bic", "testkasse-error-bank")]);
        return Ok(invalid(checkout((page, &session), payment, form, errors).await?));
    };
    page.csrf = Some(session.csrf_token().await?);
    Ok(BankPage {
        amount: format::money(page.lang, payment.amount_cents),
        bank: bank.to_string(),
        bic: bic.to_string(),
        payment,
        page,
    }
    .into_response())
}

pub async fn bank_decision(State(state): State<AppState>, Path(reference): Path<String>, Form(form): Form<PayForm>) -> AppResult<Response> {
    open_payment(&state, &reference).await?;
    let outcome = if form.decision == "freigeben" {
        Outcome::Paid
    } else {
        Outcome::Failed
    };
    decided(&state, &reference, Some("bank_redirect"), outcome).await
}

pub async fn cancel(State(state): State<AppState>, Path(reference): Path<String>) -> AppResult<Response> {
    open_payment(&state, &reference).await?;
    decided(&state, &reference, None, Outcome::Cancelled).await
}
