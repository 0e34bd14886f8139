//! Applying through the API, for the same person as on the pages (session cookie; the
//! CSRF token in `X-CSRF-Token` for every write): read a form, start a draft, answer
//! page by page, upload documents, submit, read the status. Field problems come back as
//! a problem document with an `errors` list.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult, FieldsRefused};
use crate::page::Page;
use crate::routes::account::organisations::acting_for;
use crate::routes::applications::{load_own, stream_file};
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::profile;
use rathaus_core::applications::{self, Application, NotSubmitted, files};
use rathaus_core::cases::delivery::{self, ChoiceInput, Offer, PostalAddress};
use rathaus_core::cases::dispatch;
use rathaus_core::cases::workflow::Status;
use rathaus_core::forms::{FormDefinition, Problem};
use rathaus_core::payments::fees::Fee;
use rathaus_platform::Error;

/// A field that needs another answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field (`household.2.member_given_name` inside a repeating group).
    pub path: String,
    /// A stable key for programs (`form-error-iban`).
    pub key: String,
    /// The message for people, in the request's language.
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub at: DateTime<Utc>,
    /// `started`, `prefilled`, `submitted`, …
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileView {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Where to download it (with the same session).
    pub href: String,
}

/// An application as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: Uuid,
    pub service: String,
    pub form: String,
    pub form_version: u32,
    /// `draft` or `submitted`.
    pub status: String,
    /// The case reference once submitted (`HH-2026-000123`).
    pub reference: Option<String>,
    /// The answers saved so far, in normal form (dates as ISO 8601, numbers as numbers).
    #[schema(value_type = Object)]
    pub answers: Map<String, Value>,
    /// The pages that apply to these answers, in order.
    pub pages: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub events: Vec<EventView>,
    pub files: Vec<FileView>,
    /// How the result is delivered, chosen at submission.
    pub delivery: Option<DeliveryView>,
    /// The fee, computed by the server from the answers at submission.
    pub fee: Option<Fee>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    /// `download`, `post` or `pickup`.
    pub method: String,
    pub address: Option<PostalAddress>,
    /// The pickup location's id.
    pub location: Option<String>,
    /// The letters sent (or waiting to be sent) by post.
    pub letters: Vec<LetterView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LetterView {
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub tracking_number: Option<String>,
}

async fn view(state: &AppState, application: &Application) -> AppResult<ApplicationView> {
    let form = rathaus_core::forms::made_with(&state.forms, &application.form_id, application.form_version)?;
    let events = applications::events(&state.db, application.id)
        .await?
        .into_iter()
        .map(|e| EventView { at: e.at, kind: e.kind })
        .collect();
    let files = files::linked(&state.db, application.id)
        .await?
        .into_iter()
        .map(|f| FileView {
            href: format!("/api/v1/applications/{}/files/{}", application.id, f.id),
            id: f.id,
            name: f.original_name,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
        })
        .collect();
    let delivery = match &application.delivery {
        Some(choice) => Some(DeliveryView {
            method: choice.method.as_str().to_string(),
            address: choice.address.clone(),
            location: choice.location.clone(),
            letters: dispatch::of_application(&state.db, application.id)
                .await?
                .into_iter()
                .map(|d| LetterView {
                    queued_at: d.queued_at,
                    sent_at: d.sent_at,
                    tracking_number: d.tracking_number,
                })
                .collect(),
        }),
        None => None,
    };
    Ok(ApplicationView {
        fee: application.fee.clone(),
        delivery,
        id: application.id,
        service: application.service_id.clone(),
        form: application.form_id.clone(),
        form_version: application.form_version,
        status: application.status.as_str().to_string(),
        reference: application.reference.clone(),
        answers: application.answers.clone(),
        pages: form.pages_for(&application.answers).iter().map(|p| p.id.clone()).collect(),
        created_at: application.created_at,
        updated_at: application.updated_at,
        submitted_at: application.submitted_at,
        events,
        files,
    })
}

/// A problem document with a detail for this case (and, for field problems, `errors`).
/// 422 with the field problems (the problem document comes from the one error path).
fn field_problems(page: &Page, problems: &[Problem]) -> Response {
    let errors: Vec<FieldProblem> = problems
        .iter()
        .map(|p| FieldProblem {
            path: p.path.clone(),
            key: p.key.to_string(),
            message: page.t(p.key),
        })
        .collect();
    FieldsRefused {
        detail: page.t("form-error-summary"),
        errors: serde_json::to_value(errors).unwrap_or_default(),
    }
    .into_response()
}

/// The current form definition of a service: pages, fields, rules, conditions.
#[utoipa::path(get, path = "/api/v1/services/{id}/form", params(("id" = String, Path, description = "Service id")),
    responses((status = 200, body = Object, description = "The form definition (as in data/forms)"),
        (status = 404, body = super::Problem, content_type = "application/problem+json")))]
pub async fn form_of_service(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Value>> {
    let form = state.form_for_service(&id).ok_or(Error::NotFound)?;
    Ok(Json(serde_json::to_value(form)?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewApplication {
    /// The service to apply for.
    pub service: String,
}

/// Starts a draft. The session must be at the service's assurance level.
#[utoipa::path(post, path = "/api/v1/applications", request_body = NewApplication,
    responses((status = 201, body = ApplicationView), (status = 401, body = super::Problem, content_type = "application/problem+json"),
        (status = 403, body = super::Problem, content_type = "application/problem+json", description = "The session's assurance level is too low"),
        (status = 404, body = super::Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(who): ApiUser,
    session: SessionHandle,
    Json(new): Json<NewApplication>,
) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let service = catalog.service(&new.service).filter(|s| s.has_form_here()).ok_or(Error::NotFound)?;
    let form = state.form_for_service(&service.id).ok_or(Error::NotFound)?;
    // The domain refuses a session below the service's level (403 with the step-up).
    let organisation = acting_for(&state, &session, who.account.id).await?.map(|o| o.id);
    let draft = applications::start(&state.db, &*state.clock, &who.acting(), organisation, form).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &draft).await?)).into_response())
}

/// The person's applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications",
    responses((status = 200, body = [ApplicationView]), (status = 401, body = super::Problem, content_type = "application/problem+json")))]
pub async fn list(State(state): State<AppState>, ApiUser(who): ApiUser) -> AppResult<Json<Vec<ApplicationView>>> {
    let mut out = Vec::new();
    for application in applications::of_account(&state.db, &who.account).await? {
        out.push(view(&state, &application).await?);
    }
    Ok(Json(out))
}

/// One application with its events and files; someone else's is 404.
#[utoipa::path(get, path = "/api/v1/applications/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = ApplicationView), (status = 404, body = super::Problem, content_type = "application/problem+json")))]
pub async fn get(State(state): State<AppState>, ApiUser(who): ApiUser, Path(id): Path<Uuid>) -> AppResult<Json<ApplicationView>> {
    let (application, _) = load_own(&state, &who, id).await?;
    Ok(Json(view(&state, &application).await?))
}

/// Answers one page: valid answers are saved; problems come back as 422 with `errors`
/// (and the valid answers are still saved).
#[utoipa::path(put, path = "/api/v1/applications/{id}/pages/{page}", params(("id" = Uuid, Path), ("page" = String, Path)),
    request_body(content = Object, description = "Answers by field id, as a person would type them"),
    responses((status = 200, body = ApplicationView), (status = 422, body = super::Problem, content_type = "application/problem+json"),
        (status = 409, body = super::Problem, content_type = "application/problem+json", description = "Already submitted")))]
pub async fn save_page(
    State(state): State<AppState>,
    ApiUser(who): ApiUser,
    page: Page,
    Path((id, page_id)): Path<(Uuid, String)>,
    Json(answers): Json<Map<String, Value>>,
) -> AppResult<Response> {
    let (_, form) = load_own(&state, &who, id).await?;
    let checked = applications::save_page(&state.db, &*state.clock, &who.acting(), id, &form, &page_id, &answers).await?;
    if !checked.problems.is_empty() {
        return Ok(field_problems(&page, &checked.problems));
    }
    let saved = applications::own(&state.db, &who.acting(), id).await?;
    Ok(Json(view(&state, &saved).await?).into_response())
}

/// Uploads a document for a file field (multipart, one part named `file`). Answer the
/// field with the returned id on its page.
#[utoipa::path(post, path = "/api/v1/applications/{id}/documents/{field}", params(("id" = Uuid, Path), ("field" = String, Path)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses((status = 201, body = FileView), (status = 413, body = super::Problem, content_type = "application/problem+json"),
        (status = 422, body = super::Problem, content_type = "application/problem+json", description = "Type not accepted, or malware found"),
        (status = 503, body = super::Problem, content_type = "application/problem+json", description = "The virus scanner does not answer")))]
pub async fn upload(
    State(state): State<AppState>,
    ApiUser(who): ApiUser,
    Path((id, field)): Path<(Uuid, String)>,
    request: Request,
) -> AppResult<Response> {
    let (_, form) = load_own(&state, &who, id).await?;
    let mut multipart = Multipart::from_request(request, &state).await.map_err(|_| {
        AppError(Error::Invalid(
            "send the document as multipart/form-data with a part named \"file\"".into(),
        ))
    })?;
    while let Some(part) = crate::forms::next_part(&state, &mut multipart).await? {
        if part.name() != Some("file") {
            continue;
        }
        let original = part.file_name().unwrap_or("dokument").to_string();
        let target = files::UploadTarget {
            application: id,
            form: &form,
            field: &field,
            original_name: &original,
        };
        let record = files::upload(&state.db, &state.blobs, &*state.clock, &who.acting(), target, part).await?;
        let body = FileView {
            href: format!("/api/v1/applications/{id}/files/{}", record.id),
            id: record.id,
            name: record.original_name,
            content_type: record.content_type,
            size_bytes: record.size_bytes,
        };
        return Ok((StatusCode::CREATED, Json(body)).into_response());
    }
    Err(AppError(Error::Invalid("no part named \"file\" in the upload".into())))
}

/// Downloads one of the application's files.
#[utoipa::path(get, path = "/api/v1/applications/{id}/files/{file}", params(("id" = Uuid, Path), ("file" = Uuid, Path)),
    responses((status = 200, description = "The file, as an attachment"), (status = 404, body = super::Problem, content_type = "application/problem+json")))]
pub async fn download(State(state): State<AppState>, ApiUser(who): ApiUser, Path((id, file)): Path<(Uuid, Uuid)>) -> AppResult<Response> {
    load_own(&state, &who, id).await?;
    let (_, record) = files::own_file(&state.db, &who.acting(), id, file).await?;
    stream_file(&state, &record).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Submission {
    /// The case reference.
    pub reference: String,
    /// False when the application had been submitted before (a retry).
    pub submitted_now: bool,
}

/// What a submit may say; an empty body is fine.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SubmitRequest {
    #[serde(default)]
    pub delivery: Option<DeliveryRequest>,
}

/// How the result is delivered. Left out: the only method the service offers, or
/// download where offered; the applicant's address from the form, else the profile's; the only pickup location.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DeliveryRequest {
    /// `download`, `post` or `pickup`, out of the service's `delivery_options`.
    pub method: Option<String>,
    pub address: Option<AddressRequest>,
    /// A location id from `/api/v1/locations` that offers the service.
    pub location: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AddressRequest {
    pub name: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

impl DeliveryRequest {
    fn input(self) -> ChoiceInput {
        let address = self.address.unwrap_or_default();
        ChoiceInput {
            method: self.method,
            name: address.name,
            street: address.street,
            postcode: address.postcode,
            city: address.city,
            location: self.location,
        }
    }
}

/// The API's path of a delivery field.
fn delivery_path(field: &str) -> String {
    match field.strip_prefix("delivery_") {
        Some("location") => "delivery.location".into(),
        Some(line) => format!("delivery.address.{line}"),
        None => "delivery.method".into(),
    }
}

/// The delivery choice of a submit or payment request; problems come back as a 422
/// problem document. A submitted application keeps its choice.
async fn api_choice(
    state: &AppState,
    who: &crate::auth::SignedIn,
    page: &Page,
    (application, form, service): (&Application, &FormDefinition, &rathaus_core::catalog::Service),
    delivery: Option<DeliveryRequest>,
) -> AppResult<std::result::Result<Option<rathaus_core::cases::delivery::Choice>, Response>> {
    if application.status != Status::Draft {
        return Ok(Ok(application.delivery.clone()));
    }
    let catalog = state.catalog().await?;
    let profile = profile::load_or_draft(&state.db, &who.account).await?;
    let known = PostalAddress::of_applicant(form, &application.answers, &profile);
    let input = delivery.unwrap_or_default().input();
    match delivery::choose(&Offer::of(&catalog, service), &input, &known) {
        Ok(choice) => Ok(Ok(choice)),
        Err(problems) => {
            let problems: Vec<Problem> = problems
                .iter()
                .map(|p| Problem {
                    path: delivery_path(p.field),
                    key: p.key,
                })
                .collect();
            Ok(Err(field_problems(page, &problems)))
        }
    }
}

/// A payment as its payer sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentView {
    pub id: Uuid,
    /// The Kassenzeichen.
    pub cash_reference: String,
    pub amount_cents: i64,
    /// `open`, `paid`, `failed` or `cancelled`.
    pub status: String,
    /// Where the payer pays (the provider's page), while open.
    pub pay_url: Option<String>,
}

impl From<rathaus_core::payments::Payment> for PaymentView {
    fn from(p: rathaus_core::payments::Payment) -> Self {
        Self {
            id: p.id,
            cash_reference: p.cash_reference,
            amount_cents: p.amount_cents,
            status: p.status.as_str().to_string(),
            pay_url: (p.status == rathaus_core::payments::provider::Outcome::Open)
                .then_some(p.redirect_url)
                .flatten(),
        }
    }
}

/// Starts paying the fee due with the application (it is submitted once paid). The
/// `Idempotency-Key` header makes a repeated request the same payment; the same key
/// for another request is refused (409).
#[utoipa::path(post, path = "/api/v1/applications/{id}/payment",
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, description = "Chosen by the client, unique per payment request")),
    request_body(content = Option<SubmitRequest>, description = "Optional: the delivery choice"),
    responses((status = 201, body = PaymentView), (status = 200, body = PaymentView, description = "The same request again"),
        (status = 409, body = super::Problem, content_type = "application/problem+json", description = "Key reused for another request, or nothing to pay"),
        (status = 422, body = super::Problem, content_type = "application/problem+json")))]
pub async fn pay(
    State(state): State<AppState>,
    ApiUser(who): ApiUser,
    page: Page,
    Path(id): Path<Uuid>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .ok_or_else(|| Error::Invalid("an Idempotency-Key header (up to 200 characters) is required".into()))?
        .to_string();
    let (request, canonical): (SubmitRequest, String) = if body.iter().all(u8::is_ascii_whitespace) {
        (SubmitRequest::default(), "{}".into())
    } else {
        let value: serde_json::Value =
            serde_json::from_slice(&body).map_err(|e| Error::Invalid(format!("the body is not a payment request: {e}")))?;
        // Keys sorted, no spaces: the same request however the client formats it.
        let canonical = value.to_string();
        let request = serde_json::from_value(value).map_err(|e| Error::Invalid(format!("the body is not a payment request: {e}")))?;
        (request, canonical)
    };
    let (application, form) = load_own(&state, &who, id).await?;
    let catalog = state.catalog().await?;
    let service = catalog.service(&form.service).ok_or(AppError(Error::NotFound))?;
    let choice = match api_choice(&state, &who, &page, (&application, &form, service), request.delivery).await? {
        Ok(choice) => choice,
        Err(problems) => return Ok(problems),
    };
    let checked = rathaus_core::forms::check_form(&form, &application.answers, state.clock.now().date_naive());
    if !checked.problems.is_empty() {
        return Ok(field_problems(&page, &checked.problems));
    }
    let basis = rathaus_core::payments::fees::Basis {
        answers: &checked.answers,
        delivery: choice.as_ref().map(|c| c.method),
        today: rathaus_core::cases::due::local_date(state.clock.now()),
    };
    let fee = rathaus_core::payments::fees::rules()
        .services
        .get(&form.service)
        .and_then(|rule| rule.compute(basis))
        .filter(|f| f.due == rathaus_core::payments::fees::Due::AtSubmission && f.total_cents > 0);
    let Some(fee) = fee else {
        return Err(AppError(Error::Conflict("no fee is due with this application: submit it".into())));
    };
    let client = crate::routes::payments::ClientRequest {
        key: &key,
        request: &canonical,
    };
    let before = rathaus_core::payments::by_idempotency_key(&state.db, &format!("api:{}:{key}", who.account.id)).await?;
    // A repeated request finds its payment even after the application went.
    if application.status != Status::Draft && before.is_none() {
        return Err(AppError(Error::Conflict("the application has been submitted".into())));
    }
    let payment = crate::routes::payments::begin(&state, &who.acting(), id, (&fee, choice.as_ref(), page.lang), Some(client)).await?;
    // The same request again answers 200 with the payment it made.
    let status = if before.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(PaymentView::from(payment))).into_response())
}

/// Submits a draft, with the delivery choice. Sending it again returns the same
/// reference.
#[utoipa::path(post, path = "/api/v1/applications/{id}/submit", params(("id" = Uuid, Path)),
    request_body(content = Option<SubmitRequest>, description = "Optional: the delivery choice"),
    responses((status = 200, body = Submission), (status = 422, body = super::Problem, content_type = "application/problem+json")))]
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(who): ApiUser,
    page: Page,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> AppResult<Response> {
    let request: SubmitRequest = if body.iter().all(u8::is_ascii_whitespace) {
        SubmitRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| Error::Invalid(format!("the body is not a submit request: {e}")))?
    };
    let (application, form) = load_own(&state, &who, id).await?;
    let catalog = state.catalog().await?;
    let service = catalog.service(&form.service).ok_or(AppError(Error::NotFound))?;
    let choice = match api_choice(&state, &who, &page, (&application, &form, service), request.delivery).await? {
        Ok(choice) => choice,
        Err(problems) => return Ok(problems),
    };
    let submitted = state
        .submitter()
        .submit(&state.db, &state.clock, &who.acting(), &application, (choice.as_ref(), page.lang))
        .await?;
    match submitted {
        Ok(done) => Ok(Json(Submission {
            reference: done.reference,
            submitted_now: done.just_now,
        })
        .into_response()),
        Err(NotSubmitted::Problems(problems)) => Ok(field_problems(&page, &problems)),
        // Paying goes through the provider's page in a browser.
        Err(NotSubmitted::Unpaid(fee)) => Err(AppError(Error::PaymentRequired(format!(
            "The fee of {} is due with the application. Pay it in the browser: {}/antraege/{id}/pruefen",
            rathaus_platform::i18n::money(page.lang, fee.total_cents),
            state.config.public_url.trim_end_matches('/')
        )))),
    }
}
