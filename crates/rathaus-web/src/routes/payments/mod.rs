//! Paying a fee due with the application: the check page's button creates the payment
//! (once, however often it is pressed) and sends the person to the provider's page;
//! coming back, Rathaus asks the provider where the payment stands; the provider's
//! signed webhook says the same on its own. Whichever arrives first submits the
//! application in the transaction that records the payment.

pub mod testkasse;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::page::Page;
use crate::routes::applications::load_own;
use crate::state::AppState;
use rathaus_core::accounts::Acting;
use rathaus_core::applications::{self, submitting::WhenPaid};
use rathaus_core::cases::delivery::Choice;
use rathaus_core::cases::workflow::Status;
use rathaus_core::payments::fees::Fee;
use rathaus_core::payments::provider::Outcome;
use rathaus_core::payments::{self, NewPayment, Payment, Purpose};
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/antraege/{id}/zahlung", get(show))
        .route("/zahlungen/{id}/zurueck", get(returned))
        .route("/zahlungen/{id}/bezahlen", post(pay_invoice))
        .route(rathaus_core::payments::testkasse::WEBHOOK_PATH, post(webhook))
        .merge(testkasse::router())
}

/// What a recorded payment sets off, with this node's forms and catalogue.
pub fn when_paid(state: &AppState) -> WhenPaid {
    WhenPaid {
        submitter: state.submitter(),
        db: state.db.clone(),
        clock: state.clock.clone(),
    }
}

/// Starts (or resumes) paying the fee due with the draft; the delivery chosen on the
/// check page is kept with it. Returns where to send the person: the provider's page.
pub async fn start(
    state: &AppState,
    who: &Acting<'_>,
    application: Uuid,
    (fee, delivery, lang): (&Fee, Option<&Choice>, Lang),
) -> AppResult<String> {
    let payment = begin(state, who, application, (fee, delivery, lang), None).await?;
    Ok(payment.redirect_url.unwrap_or_default())
}

/// What an API client sent: its idempotency key and its request, canonical.
#[derive(Debug, Clone, Copy)]
pub struct ClientRequest<'a> {
    pub key: &'a str,
    pub request: &'a str,
}

/// The payment of the fee due with the draft: the open one, or a new one under the API
/// client's idempotency key (the same key and request: the same payment; another
/// request under it: 422; the first still being made: 409), or under a key made of the
/// attempt and the fee.
pub async fn begin(
    state: &AppState,
    who: &Acting<'_>,
    application: Uuid,
    (fee, delivery, lang): (&Fee, Option<&Choice>, Lang),
    client: Option<ClientRequest<'_>>,
) -> AppResult<Payment> {
    // Whose draft, and at the level its service needs, before anything else is read.
    let draft = applications::own(&state.db, who, application).await?;
    let account = who.account;
    // A double click sends the same request twice: the same key makes it one payment.
    // After a failed or cancelled attempt the next one is a new payment.
    let key = match client {
        Some(client) => format!("api:{}:{}", account.id, client.key),
        None => {
            let attempt = payments::of_application(&state.db, application).await?.len();
            let digest = hex::encode(Sha256::digest(serde_json::to_vec(fee).unwrap_or_default()));
            format!("submission:{application}:{attempt}:{digest}")
        }
    };
    let catalog = state.catalog().await?;
    let service = catalog.service(&draft.service_id).map(|s| s.name_de.clone()).unwrap_or_default();
    let new = NewPayment {
        account: account.id,
        application,
        purpose: Purpose::Submission,
        fee,
        idempotency_key: &key,
        request: client.map(|c| c.request).unwrap_or_default(),
        description: &service,
    };
    // An API client's key is checked before anything else: a reused key never returns
    // the payment of another request.
    if client.is_some()
        && let Some(before) = payments::replayed(&state.db, &new).await?
    {
        return Ok(before);
    }
    if let Some(open) = payments::open_for(&state.db, application).await? {
        if open.redirect_url.is_none() {
            return Err(AppError(Error::Conflict(payments::STILL_PROCESSING.into())));
        }
        if client.is_some() {
            return Err(AppError(Error::Conflict(applications::PAYMENT_RUNNING.into())));
        }
        return Ok(open);
    }
    if let Err(e) = applications::choose_delivery(&state.db, &*state.clock, who, application, (delivery, lang)).await {
        // Another request raced this one to the draft: if it was the same request under
        // the same key, say so.
        if client.is_some() {
            payments::replayed(&state.db, &new).await?;
        }
        return Err(e.into());
    }
    let public = state.config.public_url.trim_end_matches('/').to_string();
    let payment = payments::create(&state.db, &*state.clock, &*state.payments, &new, &|id| {
        format!("{public}/zahlungen/{id}/zurueck")
    })
    .await?;
    if payment.redirect_url.is_none() {
        return Err(AppError(Error::internal("the provider gave no payment page")));
    }
    Ok(payment)
}

#[derive(Template, WebTemplate)]
#[template(path = "payments/payment.html")]
pub struct PaymentPage {
    page: Page,
    id: Uuid,
    service: String,
    cash_reference: String,
    amount: String,
    open: bool,
    pay_href: String,
    failed: bool,
    /// `fee` or `tax`, for the heading.
    charge: &'static str,
}

/// The payment of a draft: still open (with the way back to the provider), or failed.
pub async fn show(State(state): State<AppState>, who: SignedIn, page: Page, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (application, _) = load_own(&state, &who, id).await?;
    if application.status != Status::Draft {
        return Ok(Redirect::to(&format!("/antraege/{id}")).into_response());
    }
    let Some(latest) = payments::of_application(&state.db, id).await?.into_iter().next() else {
        return Ok(Redirect::to(&format!("/antraege/{id}/pruefen")).into_response());
    };
    Ok(PaymentPage {
        service: crate::routes::applications::service_name(&state, &application.service_id, page.lang).await?,
        cash_reference: latest.cash_reference.clone(),
        amount: format::money(page.lang, latest.amount_cents),
        open: latest.status == Outcome::Open,
        failed: matches!(latest.status, Outcome::Failed | Outcome::Cancelled),
        pay_href: latest.redirect_url.clone().unwrap_or_default(),
        charge: rathaus_core::payments::fees::rules()
            .services
            .get(&application.service_id)
            .map(|rule| rule.charge)
            .unwrap_or_default()
            .as_str(),
        id,
        page,
    }
    .into_response())
}

/// One of the person's payments; anyone else's answers 404 like a missing one, and the
/// attempt is audited.
async fn own_payment(state: &AppState, who: &SignedIn, id: Uuid) -> AppResult<Payment> {
    match payments::own(&state.db, who.account.id, id).await {
        Err(Error::NotFound) => {
            crate::routes::applications::refused(state, who, &format!("payment:{id}")).await?;
            Err(AppError(Error::NotFound))
        }
        other => Ok(other?),
    }
}

/// Back from the provider. The address proves nothing: Rathaus asks the provider.
pub async fn returned(State(state): State<AppState>, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    let payment = own_payment(&state, &who, id).await?;
    let application = applications::own(&state.db, &who.acting(), payment.application_id).await?;
    let on_paid = when_paid(&state);
    payments::query(&state.db, &*state.clock, &*state.payments, &payment, &on_paid).await?;
    let application = applications::own(&state.db, &who.acting(), application.id).await?;
    let to = if payment.purpose == Purpose::Invoice {
        // Said on the status page when the provider confirmed it.
        let paid = payments::own(&state.db, who.account.id, payment.id).await?.status == Outcome::Paid;
        format!("/antraege/{}{}", application.id, if paid { "?hinweis=bezahlt" } else { "" })
    } else if application.reference.is_some() {
        format!("/antraege/{}/eingegangen", application.id)
    } else {
        format!("/antraege/{}/zahlung", application.id)
    };
    Ok(Redirect::to(&to).into_response())
}

/// Starts paying an invoice: the provider gets it now, and the person goes there.
pub async fn pay_invoice(State(state): State<AppState>, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    let payment = own_payment(&state, &who, id).await?;
    if payment.purpose != Purpose::Invoice || payment.status != Outcome::Open {
        return Ok(Redirect::to(&format!("/antraege/{}", payment.application_id)).into_response());
    }
    let application = applications::own(&state.db, &who.acting(), payment.application_id).await?;
    let service = state
        .catalog()
        .await?
        .service(&application.service_id)
        .map(|s| s.name_de.clone())
        .unwrap_or_default();
    let public = state.config.public_url.trim_end_matches('/').to_string();
    let payment = payments::at_provider(&state.db, &*state.clock, &*state.payments, payment, &service, &|id| {
        format!("{public}/zahlungen/{id}/zurueck")
    })
    .await?;
    let to = payment
        .redirect_url
        .ok_or_else(|| AppError(Error::internal("the provider gave no payment page")))?;
    Ok(Redirect::to(&to).into_response())
}

/// The provider's webhook: verified, then applied once.
pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> AppResult<Response> {
    let signature = headers
        .get(rathaus_core::payments::testkasse::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let event = state.payments.verify_webhook(signature, &body, state.clock.now())?;
    let on_paid = when_paid(&state);
    let settled = payments::take_webhook(&state.db, &*state.clock, &*state.payments, &event, &on_paid).await?;
    tracing::info!(reference = %event.reference, ?settled, "payment webhook");
    if settled == payments::Settled::Refused {
        return Err(AppError(Error::Invalid(
            "the event names another amount or currency than the payment".into(),
        )));
    }
    Ok((StatusCode::OK, "ok").into_response())
}
