//! The person's applications: the list with drafts and their deletion date, "check
//! your answers" with change links, submitting (once, however often it is pressed),
//! the confirmation with the case reference, and the status page with its events.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::delivery::{DeliveryFacts, DeliveryForm, DeliveryView};
use super::fees::FeeView;
use super::{file_names, load_own, service_name};
use crate::auth::SignedIn;
use crate::error::invalid;
use crate::error::{AppError, AppResult};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::routes::payments;
use crate::state::AppState;
use axum::Form;
use rathaus_core::accounts::profile;
use rathaus_core::applications::receipt::{self, local_time};
use rathaus_core::applications::{self, Application, DRAFT_RETENTION_DAYS, NotSubmitted, files};
use rathaus_core::cases::delivery::Method;
use rathaus_core::cases::delivery::{self, Offer, PostalAddress};
use rathaus_core::cases::dispatch;
use rathaus_core::cases::due::local_date;
use rathaus_core::cases::workflow::Status;
use rathaus_core::forms::{SummarySection, check_form, summary};
use rathaus_core::inbox;
use rathaus_core::payments::fees::{self, Basis};
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

/// A draft in a list: what it is, when it was last saved, when it will be deleted.
pub struct DraftRow {
    pub id: Uuid,
    pub title: String,
    pub saved: String,
    pub deleted_on: String,
}

impl DraftRow {
    pub fn new(a: &Application, title: &str, lang: Lang) -> Self {
        let deletion = a.updated_at + chrono::Duration::days(DRAFT_RETENTION_DAYS);
        Self {
            id: a.id,
            title: title.to_string(),
            saved: local_time(a.updated_at, lang),
            deleted_on: deletion
                .with_timezone(&chrono_tz::Europe::Berlin)
                .format(if lang == Lang::En { "%d %B %Y" } else { "%d.%m.%Y" })
                .to_string(),
        }
    }
}

pub struct SubmittedRow {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub submitted: String,
    pub status: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub hinweis: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "applications/list.html")]
pub struct ListPage {
    page: Page,
    drafts: Vec<DraftRow>,
    submitted: Vec<SubmittedRow>,
    retention_days: i64,
    notice: Option<String>,
}

/// The status in the resident's words; a decided one says how.
fn status_text(lang: Lang, a: &Application) -> String {
    match &a.outcome {
        Some(outcome) if a.status == Status::Decided => lang.t(&format!("application-status-decided-{outcome}")),
        _ => lang.t(&format!("application-status-{}", a.status)),
    }
}

fn title_of(state: &AppState, a: &Application, lang: Lang) -> String {
    state
        .form_version(&a.form_id, a.form_version)
        .map(|f| f.title(lang).to_string())
        .unwrap_or_else(|| a.form_id.clone())
}

pub async fn list(State(state): State<AppState>, who: SignedIn, mut page: Page, Query(query): Query<ListQuery>) -> AppResult<ListPage> {
    let lang = page.lang;
    let all = applications::of_account(&state.db, &who.account).await?;
    let drafts = all
        .iter()
        .filter(|a| a.status == Status::Draft)
        .map(|a| DraftRow::new(a, &title_of(&state, a, lang), lang))
        .collect();
    let submitted = all
        .iter()
        .filter(|a| a.status != Status::Draft)
        .map(|a| SubmittedRow {
            id: a.id,
            reference: a.reference.clone().unwrap_or_default(),
            title: title_of(&state, a, lang),
            submitted: a.submitted_at.map(|t| local_time(t, lang)).unwrap_or_default(),
            status: status_text(lang, a),
        })
        .collect();
    page.csrf = Some(who.session.csrf_token.clone());
    Ok(ListPage {
        notice: match query.hinweis.as_deref() {
            Some("gespeichert") => Some(page.t("application-saved")),
            Some("geloescht") => Some(page.t("application-deleted")),
            _ => None,
        },
        page,
        drafts,
        submitted,
        retention_days: DRAFT_RETENTION_DAYS,
    })
}

/// A problem found when checking the whole form, with the page to fix it on.
pub struct OpenProblem {
    pub text: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "applications/check.html")]
pub struct CheckPage {
    page: Page,
    id: Uuid,
    form_title: String,
    service: String,
    sections: Vec<SummarySection>,
    problems: Vec<OpenProblem>,
    delivery: Option<DeliveryView>,
    fee: Option<FeeView>,
    errors: FormErrors,
}

impl CheckPage {
    /// The amount to pay before the application goes, if any.
    pub fn pay_now(&self) -> Option<String> {
        self.fee.as_ref().and_then(|f| f.pay_now.clone())
    }
}

/// The page a field (or `group.2.field`) is asked on.
fn page_of(form: &rathaus_core::forms::FormDefinition, path: &str) -> Option<String> {
    let top = path.split('.').next()?;
    form.pages
        .iter()
        .find(|p| p.fields.iter().any(|f| f.id == top))
        .map(|p| p.id.clone())
}

pub async fn check(State(state): State<AppState>, who: SignedIn, page: Page, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (application, form) = load_own(&state, &who, id).await?;
    // Submitted, or its fee is being paid: the answers stay as they are.
    if let Some(elsewhere) = super::fill::not_editable(&state, &application).await? {
        return Ok(elsewhere);
    }
    let shown = check_page(
        &state,
        &who,
        page,
        (&application, &form),
        &DeliveryForm::default(),
        FormErrors::default(),
    )
    .await?;
    Ok(shown.into_response())
}

/// "Check your answers" with the delivery choice as typed and what is wrong with it.
async fn check_page(
    state: &AppState,
    who: &SignedIn,
    mut page: Page,
    (application, form): (&Application, &rathaus_core::forms::FormDefinition),
    typed: &DeliveryForm,
    errors: FormErrors,
) -> AppResult<CheckPage> {
    let id = application.id;
    let lang = page.lang;
    let names = file_names(state, id).await?;
    let checked = check_form(form, &application.answers, state.clock.now().date_naive());
    let sections = summary(form, &application.answers, lang, &names);
    let labels: std::collections::HashMap<String, String> = sections
        .iter()
        .flat_map(|s| &s.rows)
        .map(|r| (r.path.clone(), r.label.clone()))
        .collect();
    let problems = checked
        .problems
        .iter()
        .map(|p| OpenProblem {
            text: format!(
                "{}: {}",
                labels.get(&p.path).cloned().unwrap_or_else(|| p.path.clone()),
                lang.t(p.key)
            ),
            href: format!(
                "/antraege/{id}/seite/{}?zurueck=pruefen",
                page_of(form, &p.path).unwrap_or_default()
            ),
        })
        .collect();
    let catalog = state.catalog().await?;
    let profile = profile::load_or_draft(&state.db, &who.account).await?;
    let known = PostalAddress::of_applicant(form, &application.answers, &profile);
    let delivery = catalog
        .service(&application.service_id)
        .and_then(|service| DeliveryView::new(&page, &Offer::of(&catalog, service), typed, &known));
    let chosen = typed.delivery.as_deref().and_then(Method::parse).or_else(|| {
        // The only way offered is the way it comes.
        delivery.as_ref().and_then(|d| Method::parse(d.only_value()))
    });
    let fee = fees::rules().services.get(&application.service_id).and_then(|rule| {
        let basis = Basis {
            answers: &checked.answers,
            delivery: chosen,
            today: local_date(state.clock.now()),
        };
        FeeView::of(&page, rule, basis)
    });
    page.csrf = Some(who.session.csrf_token.clone());
    Ok(CheckPage {
        fee,
        form_title: form.title(lang).to_string(),
        service: service_name(state, &application.service_id, lang).await?,
        id,
        sections,
        problems,
        delivery,
        errors,
        page,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    who: SignedIn,
    page: Page,
    Path(id): Path<Uuid>,
    Form(typed): Form<DeliveryForm>,
) -> AppResult<Response> {
    let (application, form) = load_own(&state, &who, id).await?;
    let catalog = state.catalog().await?;
    let service = catalog.service(&form.service).ok_or(AppError(Error::NotFound))?;
    let choice = if application.status == Status::Draft {
        let profile = profile::load_or_draft(&state.db, &who.account).await?;
        let known = PostalAddress::of_applicant(&form, &application.answers, &profile);
        match delivery::choose(&Offer::of(&catalog, service), &typed.input(), &known) {
            Ok(choice) => choice,
            Err(problems) => {
                let errors = FormErrors::from_keys(&page, problems.iter().map(|p| (p.field, p.key)));
                let shown = check_page(&state, &who, page, (&application, &form), &typed, errors).await?;
                return Ok(invalid(shown));
            }
        }
    } else {
        // A repeated submit: the first one's choice stands.
        application.delivery.clone()
    };
    let submitted = state
        .submitter()
        .submit(&state.db, &state.clock, &who.acting(), &application, (choice.as_ref(), page.lang))
        .await?;
    match submitted {
        Ok(_) => Ok(Redirect::to(&format!("/antraege/{id}/eingegangen")).into_response()),
        // The fee is due with the application: the provider's page, then back.
        Err(NotSubmitted::Unpaid(fee)) => {
            let to = payments::start(&state, &who.acting(), id, (&fee, choice.as_ref(), page.lang)).await?;
            Ok(Redirect::to(&to).into_response())
        }
        // Something is missing: the check page lists it with links.
        Err(NotSubmitted::Problems(_)) => Ok(Redirect::to(&format!("/antraege/{id}/pruefen")).into_response()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "applications/confirmation.html")]
pub struct ConfirmationPage {
    page: Page,
    id: Uuid,
    reference: String,
    service: String,
    email: String,
    /// The service needs a visit: how to make it.
    visit: Option<Visit>,
}

/// The visit that finishes an application filled in ahead of it.
pub struct Visit {
    pub href: String,
    /// `href` books an appointment; otherwise it is the service's page with its places
    /// and opening hours.
    pub booking: bool,
}

/// How to go on after sending a form filled in ahead of a visit: book an appointment
/// where the service has them, else come at the opening hours of its places.
async fn visit_for(state: &AppState, form: &rathaus_core::forms::FormDefinition, service: &str) -> AppResult<Option<Visit>> {
    if !form.ahead_of_visit {
        return Ok(None);
    }
    let catalog = state.catalog().await?;
    let bookable = catalog
        .service(service)
        .is_some_and(|s| s.appointment_minutes.is_some_and(|m| m > 0) && !catalog.locations_for(service).is_empty());
    let id = crate::auth::url_component(service);
    Ok(Some(match bookable {
        true => Visit {
            href: format!("/termine/orte?leistung={id}&personen=1"),
            booking: true,
        },
        false => Visit {
            href: format!("/leistungen/{id}"),
            booking: false,
        },
    }))
}

pub async fn confirmation(State(state): State<AppState>, who: SignedIn, page: Page, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (application, form) = load_own(&state, &who, id).await?;
    let Some(reference) = application.reference.clone() else {
        return Ok(Redirect::to(&format!("/antraege/{id}/pruefen")).into_response());
    };
    Ok(ConfirmationPage {
        service: service_name(&state, &application.service_id, page.lang).await?,
        email: who.account.email.clone(),
        visit: visit_for(&state, &form, &application.service_id).await?,
        id,
        reference,
        page,
    }
    .into_response())
}

pub struct EventRow {
    pub at: String,
    pub text: String,
}

pub struct FileRow {
    pub href: String,
    pub name: String,
    pub size: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "applications/status.html")]
pub struct StatusPage {
    page: Page,
    id: Uuid,
    draft: bool,
    reference: String,
    form_title: String,
    form_version: u32,
    service: String,
    status: String,
    submitted: String,
    events: Vec<EventRow>,
    sections: Vec<SummarySection>,
    files: Vec<FileRow>,
    receipt: Option<FileRow>,
    receipt_pending: bool,
    waiting: bool,
    /// While a case filled in ahead of a visit is open: how to make the visit.
    visit: Option<Visit>,
    /// While information is requested: the day it is due, and the request in the Postfach.
    respond_by: Option<String>,
    request_href: Option<String>,
    /// The newest decision in the Postfach, once there is one.
    decision_href: Option<String>,
    /// While the case is open: the day the decision is expected by.
    expected_decision: Option<String>,
    withdrawable: bool,
    withdrawn: bool,
    delivery: Option<DeliveryFacts>,
    fee: Option<FeeView>,
    invoice: Option<InvoiceView>,
    /// After paying an invoice: the thanks, once the payment is recorded.
    paid_notice: Option<String>,
}

/// An invoice as the resident sees it on the status page.
pub struct InvoiceView {
    pub id: Uuid,
    pub amount: String,
    pub cash_reference: String,
    pub due: String,
    pub paid: Option<String>,
    pub overdue: bool,
}

fn size_text(bytes: i64, lang: Lang) -> String {
    let kb = (bytes as f64 / 1024.0).ceil();
    if kb < 1024.0 {
        format!("{kb:.0} KB")
    } else {
        let mb = format!("{:.1}", kb / 1024.0);
        format!("{} MB", if lang == Lang::En { mb } else { mb.replace('.', ",") })
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    hinweis: String,
}

pub async fn status(
    State(state): State<AppState>,
    who: SignedIn,
    mut page: Page,
    Path(id): Path<Uuid>,
    Query(q): Query<StatusQuery>,
) -> AppResult<Response> {
    let (application, form) = load_own(&state, &who, id).await?;
    let lang = page.lang;
    let charge = application.fee.as_ref().map(|f| f.charge).unwrap_or_default().as_str();
    let events = applications::events(&state.db, id)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: local_time(e.at, lang),
            text: lang.t_args(&format!("application-event-{}", e.kind), &[("charge", charge.to_string())]),
        })
        .collect();
    let linked = files::linked(&state.db, id).await?;
    let names = linked.iter().map(|f| (f.id.to_string(), f.original_name.clone())).collect();
    let messages = inbox::of_application(&state.db, &who.account, id).await?;
    let receipt_id = messages.iter().find(|m| m.kind == receipt::INBOX_KIND).and_then(|m| m.file_id);
    let waiting = application.status == Status::InformationRequested;
    let request_href = messages
        .iter()
        .filter(|m| waiting && m.kind == inbox::KIND_INFORMATION_REQUEST)
        .max_by_key(|m| m.created_at)
        .map(|m| format!("/postfach/{}", m.id));
    let decision_href = messages
        .iter()
        .filter(|m| m.kind == rathaus_core::cases::decisions::INBOX_KIND)
        .max_by_key(|m| m.created_at)
        .map(|m| format!("/postfach/{}", m.id));
    let row = |f: &rathaus_platform::blobs::FileRecord| FileRow {
        href: format!("/antraege/{id}/dateien/{}", f.id),
        name: f.original_name.clone(),
        size: size_text(f.size_bytes, lang),
    };
    let answered: Vec<String> = application.answers.values().flat_map(files::ids_in).collect();
    let files = linked.iter().filter(|f| answered.contains(&f.id.to_string())).map(row).collect();
    let receipt = linked.iter().find(|f| Some(f.id) == receipt_id).map(row);
    let catalog = state.catalog().await?;
    let letters = dispatch::of_application(&state.db, id).await?;
    let delivery = DeliveryFacts::new(&page, &catalog, &application, &letters);
    page.csrf = Some(who.session.csrf_token.clone());
    let invoice = rathaus_core::payments::of_application(&state.db, id)
        .await?
        .into_iter()
        .find(|p| p.purpose == rathaus_core::payments::Purpose::Invoice)
        .map(|p| InvoiceView {
            id: p.id,
            amount: crate::format::money(lang, p.amount_cents),
            cash_reference: p.cash_reference.clone(),
            due: p.due_on.map(|d| crate::format::date(lang, d)).unwrap_or_default(),
            paid: p.paid_at.map(|t| local_time(t, lang)),
            overdue: p.paid_at.is_none() && p.due_on.is_some_and(|d| d < local_date(state.clock.now())),
        });
    // Only what the record confirms: a `?hinweis=bezahlt` on an unpaid invoice says nothing.
    let paid_notice = (q.hinweis == "bezahlt" && invoice.as_ref().is_some_and(|i| i.paid.is_some())).then(|| page.t("invoice-paid-notice"));
    Ok(StatusPage {
        paid_notice,
        invoice,
        fee: application.fee.as_ref().map(|f| FeeView::stored(&page, f)),
        delivery,
        draft: application.status == Status::Draft,
        reference: application.reference.clone().unwrap_or_default(),
        form_title: form.title(lang).to_string(),
        form_version: application.form_version,
        service: service_name(&state, &application.service_id, lang).await?,
        status: status_text(lang, &application),
        waiting,
        visit: match application.status.is_open() && application.status != Status::Draft {
            true => visit_for(&state, &form, &application.service_id).await?,
            false => None,
        },
        respond_by: application.respond_by.filter(|_| waiting).map(|d| crate::format::date(lang, d)),
        request_href,
        decision_href,
        expected_decision: application
            .due_on
            .filter(|_| application.status.is_open())
            .map(|d| crate::format::date(lang, d)),
        withdrawable: application.status.is_open(),
        withdrawn: application.status == Status::Withdrawn,
        submitted: application
            .submitted_at
            .map(|t: DateTime<Utc>| local_time(t, lang))
            .unwrap_or_default(),
        sections: summary(&form, &application.answers, lang, &names),
        receipt_pending: receipt.is_none() && application.status != Status::Draft,
        events,
        files,
        receipt,
        id,
        page,
    }
    .into_response())
}

pub async fn delete(State(state): State<AppState>, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    load_own(&state, &who, id).await?;
    applications::delete_draft(&state.db, &state.blobs, &*state.clock, &who.acting(), id).await?;
    Ok(Redirect::to("/antraege?hinweis=geloescht").into_response())
}
