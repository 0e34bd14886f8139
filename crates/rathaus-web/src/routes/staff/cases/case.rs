//! `/verwaltung/vorgaenge/{id}`: one case — the answers as the resident gave them (with
//! the form version), the documents, the history, internal notes — and what may be done
//! next. Every read is in the audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use rathaus_platform::blobs::FileRecord;
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

use super::load;
use super::proposals::ProposalView;
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::{FieldMessage, FormErrors};
use crate::page::Page;
use crate::routes::applications::delivery::DeliveryFacts;
use crate::routes::applications::stream_file;
use crate::routes::inbox::compose;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::account_by_id;
use rathaus_core::applications::{self, Application, files};
use rathaus_core::cases::decisions;
use rathaus_core::cases::delivery::Method;
use rathaus_core::cases::dispatch;
use rathaus_core::cases::due::local_date;
use rathaus_core::cases::workflow::{Status, Step, staff_steps};
use rathaus_core::cases::{self, CaseScope, colleagues, notes, queue};
use rathaus_core::forms::{FormDefinition, SummarySection, summary};
use rathaus_core::inbox::{Sender, thread};
use rathaus_core::transparency::from_case;
use rathaus_platform::Error;

/// "In Prüfung", or for a decided case "Entschieden: bewilligt".
pub fn status_label(page: &Page, case: &Application) -> String {
    match &case.outcome {
        Some(outcome) if case.status == rathaus_core::cases::workflow::Status::Decided => page.t(&format!("case-status-decided-{outcome}")),
        _ => page.t(&format!("case-status-{}", case.status)),
    }
}

pub struct StepButton {
    pub value: &'static str,
    pub label: String,
}

pub struct Line {
    pub at: String,
    pub text: String,
}

pub struct FileLine {
    pub href: String,
    pub name: String,
    pub field: String,
}

pub struct ThreadLine {
    pub from_resident: bool,
    pub sender: String,
    pub at: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<(String, String)>,
    pub status: String,
    pub new: bool,
}

pub struct DecisionLine {
    pub title: String,
    pub issued: String,
    pub code: String,
    pub href: String,
    pub corrected: String,
    pub correct_href: Option<String>,
    /// Where to post to make the decision a draft publication, where it may be.
    pub publish_action: Option<String>,
}

/// The record made from the case for the transparency portal.
pub struct PublicationLine {
    pub href: String,
    pub text: String,
}

pub struct Person {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct TextForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    message: String,
    /// The day an information request is due (`YYYY-MM-DD` from a date field, or
    /// `TT.MM.JJJJ` typed).
    #[serde(default)]
    respond_by: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reply: String,
    /// Why a second clerk returns a proposed decision.
    #[serde(default)]
    return_reason: String,
}

impl TextForm {
    pub fn return_reason(&self) -> &str {
        &self.return_reason
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct InfoQuery {
    #[serde(default)]
    hinweis: String,
    /// A message template to insert …
    #[serde(default)]
    vorlage: Option<Uuid>,
    /// … into the message (`nachricht`) or the information request (`anfrage`).
    #[serde(default)]
    fuer: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/case.html")]
pub struct CasePage {
    page: Page,
    id: Uuid,
    reference: String,
    service: String,
    agency: String,
    status: String,
    applicant: String,
    organisation: Option<String>,
    submitted: String,
    due: String,
    overdue: bool,
    waiting: bool,
    assignee: String,
    form_title: String,
    form_version: u32,
    sections: Vec<SummarySection>,
    files: Vec<FileLine>,
    events: Vec<Line>,
    notes: Vec<Line>,
    thread: Vec<ThreadLine>,
    decisions: Vec<DecisionLine>,
    publication: Option<PublicationLine>,
    can_decide: bool,
    can_write: bool,
    write_action: String,
    reply: String,
    steps: Vec<StepButton>,
    can_request: bool,
    people: Vec<Person>,
    can_assign: bool,
    message: String,
    /// The information request's deadline as the date field shows it.
    respond_by: String,
    /// While information is requested: the deadline, for the facts.
    waiting_until: Option<String>,
    note: String,
    errors: FormErrors,
    info: Option<String>,
    delivery: Option<DeliveryFacts>,
    /// Only for those who hold the payments role of the agency.
    payment: Option<PaymentFacts>,
    /// The agency's message templates: id and title.
    templates: Vec<(Uuid, String)>,
    /// Decisions proposed for a second clerk's approval, newest first.
    proposals: Vec<ProposalView>,
    return_reason: String,
}

pub struct PaymentFacts {
    pub text: String,
    pub href: String,
}

pub(super) async fn render(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    (scope, case, form): (CaseScope, Application, FormDefinition),
    typed: TextForm,
    errors: FormErrors,
    info: Option<String>,
) -> AppResult<CasePage> {
    let csrf = session.csrf_token().await?;
    // The message form carries files, so its token travels in the address.
    let write_action = format!(
        "/verwaltung/vorgaenge/{}/nachricht?_csrf={}",
        case.id,
        crate::auth::url_component(&csrf)
    );
    page.csrf = Some(csrf);
    let lang = page.lang;
    let catalog = state.catalog().await?;
    let agency_id = case.agency_id.clone().unwrap_or_default();
    let linked = files::linked_with_fields(&state.db, case.id).await?;
    let names = linked.iter().map(|(_, f)| (f.id.to_string(), f.original_name.clone())).collect();
    // Only the files the answers name (an upload replaced while filling in is not part
    // of the application), and the receipt.
    let named: Vec<String> = case.answers.values().flat_map(files::ids_in).collect();
    let applicant = account_by_id(state.db.write(), case.account_id).await?;
    let organisation = match case.organisation_id {
        Some(org) => Some(rathaus_core::organisations::get(&state.db, org).await?.name),
        None => None,
    };
    let charge = case.fee.as_ref().map(|f| f.charge).unwrap_or_default().as_str();
    let events = applications::events(&state.db, case.id)
        .await?
        .into_iter()
        .map(|e| Line {
            at: format::date_time(lang, e.at),
            text: page.t1(&format!("case-event-{}", e.kind), "charge", charge),
        })
        .collect();
    let notes = notes::of_case(&state.db, case.id)
        .await?
        .into_iter()
        .map(|n| Line {
            at: format!("{} – {}", format::date_time(lang, n.at), n.author),
            text: n.body,
        })
        .collect();
    // Field-level rights: messages about money only with the payments role.
    let view = match scope.sees_payments(&agency_id) {
        true => thread::StaffView::WithPayments,
        false => thread::StaffView::WithoutPayments,
    };
    let thread = thread_lines(state, &page, &case, &linked, view).await?;
    let publication = from_case::of_case(&state.db, case.id).await?;
    let publishable =
        catalog.service(&case.service_id).is_some_and(|s| s.publication.is_some()) && scope.publishes(&agency_id) && publication.is_none();
    let decisions = decision_lines(state, &page, &case, publishable).await?;
    // A letter is delivered by the mailroom, not from here.
    let steps: Vec<Step> = staff_steps(case.status)
        .into_iter()
        .filter(|s| *s != Step::Deliver || !cases::goes_by_post(&case))
        .collect();
    let letters = dispatch::of_application(&state.db, case.id).await?;
    let delivery = DeliveryFacts::new(&page, &catalog, &case, &letters);
    let payment = match scope.sees_payments(&agency_id) {
        true => rathaus_core::payments::of_application(&state.db, case.id)
            .await?
            .into_iter()
            .next()
            .map(|p| PaymentFacts {
                text: format!(
                    "{} – {} ({})",
                    p.cash_reference,
                    format::money(lang, p.amount_cents),
                    page.t(&format!("payments-status-{}", p.status.as_str()))
                ),
                href: format!("/verwaltung/zahlungen?suche={}", p.cash_reference),
            }),
        false => None,
    };
    let pickup = case.delivery.as_ref().is_some_and(|d| d.method == Method::Pickup);
    let held_by_other = case.assignee_id.is_some_and(|a| a != scope.account);
    let mut people = vec![Person {
        value: String::new(),
        label: page.t("case-unassigned"),
        selected: case.assignee_id.is_none(),
    }];
    let mut assignee = page.t("case-unassigned");
    for colleague in colleagues(&state.db, &agency_id).await? {
        if Some(colleague.id) == case.assignee_id {
            assignee = colleague.name.clone();
        }
        people.push(Person {
            value: colleague.id.to_string(),
            selected: Some(colleague.id) == case.assignee_id,
            label: if colleague.id == scope.account {
                page.t1("case-me", "name", &colleague.name)
            } else {
                colleague.name
            },
        });
    }
    let templates = rathaus_core::cases::templates::of_agency(&state.db, &agency_id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let proposals = super::proposals::views(state, &page, &case, scope.account).await?;
    let waiting_for_approval = proposals.iter().any(|p| p.open);
    Ok(CasePage {
        templates,
        proposals,
        return_reason: typed.return_reason,
        id: case.id,
        reference: case.reference.clone().unwrap_or_default(),
        service: catalog
            .service(&case.service_id)
            .map(|s| s.name(lang).to_string())
            .unwrap_or_else(|| case.service_id.clone()),
        agency: catalog
            .agency(&agency_id)
            .map(|a| a.name(lang).to_string())
            .unwrap_or(agency_id.clone()),
        status: status_label(&page, &case),
        applicant: applicant.display_name,
        organisation,
        submitted: case.submitted_at.map(|t| format::date_time(lang, t)).unwrap_or_default(),
        due: case.due_on.map(|d| format::date(lang, d)).unwrap_or_default(),
        overdue: queue::is_overdue(&case, local_date(state.clock.now())),
        waiting: case.waiting_since.is_some(),
        assignee,
        form_title: form.title(lang).to_string(),
        form_version: case.form_version,
        sections: summary(&form, &case.answers, lang, &names),
        files: linked
            .iter()
            .filter(|(field, f)| field == applications::receipt::FILE_FIELD || named.contains(&f.id.to_string()))
            .map(|(field, f)| FileLine {
                href: format!("/verwaltung/vorgaenge/{}/dateien/{}", case.id, f.id),
                name: f.original_name.clone(),
                field: if field == applications::receipt::FILE_FIELD {
                    page.t("receipt-title")
                } else {
                    form.field_label(field, lang).unwrap_or_else(|| field.clone())
                },
            })
            .collect(),
        events,
        notes,
        thread,
        decisions,
        publication: publication.map(|p| PublicationLine {
            href: format!("/verwaltung/transparenz/{}", p.id),
            text: page.lang.t_args(
                "decision-published-as",
                &[("title", p.meta.title), ("status", page.t(&p.status.label_key()))],
            ),
        }),
        can_decide: steps.iter().any(|s| matches!(s, Step::Decide(_))) && !waiting_for_approval,
        can_write: thread::is_open(&case),
        write_action,
        reply: typed.reply,
        can_request: steps.contains(&Step::RequestInformation),
        steps: steps
            .into_iter()
            // Deciding goes through the decision editor.
            .filter(|s| *s != Step::RequestInformation && !matches!(s, Step::Decide(_)))
            .map(|s| StepButton {
                value: s.as_str(),
                label: match s {
                    Step::Deliver if pickup => page.t("case-step-deliver-pickup"),
                    _ => page.t(&format!("case-step-{}", s.as_str())),
                },
            })
            .collect(),
        can_assign: !held_by_other || scope.leads(&agency_id),
        people,
        message: typed.message,
        respond_by: if typed.respond_by.trim().is_empty() {
            default_respond_by(&catalog, &case, state.clock.now())
                .format("%Y-%m-%d")
                .to_string()
        } else {
            typed.respond_by
        },
        waiting_until: case.respond_by.map(|d| format::date(lang, d)),
        note: typed.note,
        errors,
        info,
        delivery,
        payment,
        page,
    })
}

/// The thread with the resident; their new messages count as read by the authority
/// once a staff member has seen them here.
async fn thread_lines(
    state: &AppState,
    page: &Page,
    case: &Application,
    linked: &[(String, FileRecord)],
    view: thread::StaffView,
) -> AppResult<Vec<ThreadLine>> {
    let lang = page.lang;
    let attachments = thread::attachments_among(linked);
    // Staff names, each read once however many messages a person wrote.
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut lines = Vec::new();
    for m in thread::for_staff(&state.db, case.id, view).await? {
        let from_resident = m.sender == Sender::Resident;
        let author = match (from_resident, m.author_id) {
            (false, Some(author)) => match names.get(&author) {
                Some(name) => name.clone(),
                None => {
                    let name = account_by_id(state.db.write(), author).await?.display_name;
                    names.insert(author, name.clone());
                    name
                }
            },
            (false, None) => page.t("inbox-from-authority"),
            (true, _) => page.t("case-applicant"),
        };
        lines.push(ThreadLine {
            sender: author,
            at: format::date_time(lang, m.created_at),
            attachments: attachments
                .get(&m.id)
                .map(|files| {
                    files
                        .iter()
                        .map(|f| {
                            (
                                format!("/verwaltung/vorgaenge/{}/dateien/{}", case.id, f.id),
                                f.original_name.clone(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            status: match (from_resident, m.read_at) {
                (false, Some(at)) => page.t1("case-message-read", "at", format::date_time(lang, at)),
                (false, None) => page.t("case-message-unread"),
                (true, _) => String::new(),
            },
            new: from_resident && m.staff_read_at.is_none(),
            from_resident,
            subject: m.subject,
            body: m.body,
        });
    }
    thread::mark_read_by_staff(&state.db, &*state.clock, case.id).await?;
    Ok(lines)
}

/// The case's decisions; the newest one that is not corrected yet may be corrected, and
/// — where `publishable` (the service is, the person publishes for the agency, the case
/// has no record yet) — one in force that grants something may be published.
async fn decision_lines(state: &AppState, page: &Page, case: &Application, publishable: bool) -> AppResult<Vec<DecisionLine>> {
    let all = decisions::of_case(&state.db, case.id).await?;
    let decided = matches!(case.status, Status::Decided | Status::Delivered | Status::Closed);
    Ok(all
        .iter()
        .map(|d| {
            let correction = all.iter().find(|c| c.corrects == Some(d.id));
            DecisionLine {
                title: d.title.clone(),
                issued: format::date_time(page.lang, d.issued_at),
                code: d.code.clone(),
                href: format!("/verwaltung/vorgaenge/{}/dateien/{}", case.id, d.file_id),
                corrected: correction
                    .map(|c| page.t1("decision-corrected-by", "date", format::date_time(page.lang, c.issued_at)))
                    .unwrap_or_default(),
                correct_href: (decided && correction.is_none())
                    .then(|| format!("/verwaltung/vorgaenge/{}/bescheid?berichtigt={}", case.id, d.id)),
                publish_action: (publishable && from_case::refusal(d, &all).is_none())
                    .then(|| format!("/verwaltung/vorgaenge/{}/bescheide/{}/veroeffentlichen", case.id, d.id)),
            }
        })
        .collect())
}

/// Staff write to the resident, with documents if needed.
pub async fn write(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    request: Request,
) -> AppResult<Response> {
    let loaded = load(&state, &staff, id).await?;
    let (scope, case) = (&loaded.0, &loaded.1);
    let write = async |message: Uuid, text: &str| thread::write_to_resident(&state.db, &*state.clock, scope, case, message, text).await;
    match compose::send(&state, request, case, "reply", page.lang, write).await? {
        None => Ok(back(id, "nachricht")),
        Some(refused) => {
            let errors = FormErrors(vec![FieldMessage {
                field: "reply",
                text: refused.problem,
            }]);
            let typed = TextForm {
                reply: refused.text,
                ..TextForm::default()
            };
            let page = render(&state, page, &session, loaded, typed, errors, None).await?;
            Ok(crate::error::invalid(page))
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(q): Query<InfoQuery>,
) -> AppResult<CasePage> {
    let loaded = load(&state, &staff, id).await?;
    cases::record_access(&state.db, &*state.clock, &loaded.0, "case.read", id, serde_json::json!({})).await?;
    let info = match q.hinweis.as_str() {
        "schritt" => Some(page.t("case-info-step")),
        "zugewiesen" => Some(page.t("case-info-assigned")),
        "notiz" => Some(page.t("case-info-note")),
        "nachricht" => Some(page.t("case-info-message")),
        "bescheid" => Some(page.t("case-info-decision")),
        "vorgelegt" => Some(page.t("case-info-proposed")),
        "zurueckgegeben" => Some(page.t("case-info-returned")),
        _ => None,
    };
    let mut typed = TextForm::default();
    if let Some(template) = q.vorlage {
        let (scope, case, _) = &loaded;
        let template = rathaus_core::cases::templates::get(&state.db, scope, template).await?;
        if case.agency_id.as_deref() != Some(template.agency_id.as_str()) {
            return Err(AppError(Error::NotFound));
        }
        let catalog = state.catalog().await?;
        let service = catalog
            .service(&case.service_id)
            .map(|s| s.name(page.lang).to_string())
            .unwrap_or_default();
        let applicant = account_by_id(state.db.write(), case.account_id).await?.display_name;
        let text = template.fill(case.reference.as_deref().unwrap_or_default(), &applicant, &service);
        match q.fuer.as_str() {
            "anfrage" => typed.message = text,
            _ => typed.reply = text,
        }
    }
    render(&state, page, &session, loaded, typed, FormErrors::default(), info).await
}

fn back(id: Uuid, hint: &str) -> Response {
    Redirect::to(&format!("/verwaltung/vorgaenge/{id}?hinweis={hint}")).into_response()
}

pub async fn step(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<TextForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &staff, id).await?;
    let step = Step::parse(&form.step).ok_or(AppError(Error::Invalid("unknown step".into())))?;
    let respond_by = match (step, form.respond_by.trim()) {
        (Step::RequestInformation, "") => Some(default_respond_by(&*state.catalog().await?, &loaded.1, state.clock.now())),
        (Step::RequestInformation, typed) => match parse_day(typed) {
            Some(day) => Some(day),
            None => return bad_deadline(&state, page, &session, loaded, form).await,
        },
        _ => None,
    };
    let done = cases::staff_step(&state.db, &*state.clock, &loaded.0, &loaded.1, step, &form.message, respond_by).await;
    if matches!(&done, Err(Error::Invalid(m)) if m == cases::RESPOND_BY_INVALID) {
        return bad_deadline(&state, page, &session, loaded, form).await;
    }
    answer(&state, page, &session, loaded, form, done.map(|_| ()), "message").await
}

/// The deadline an information request gets unless the clerk sets another: the
/// service's days to answer from today (Hamburg).
fn default_respond_by(
    catalog: &rathaus_core::catalog::Catalog,
    case: &Application,
    now: chrono::DateTime<chrono::Utc>,
) -> chrono::NaiveDate {
    let days = catalog
        .service(&case.service_id)
        .and_then(|s| s.response_days)
        .unwrap_or(rathaus_core::catalog::DEFAULT_RESPONSE_DAYS);
    cases::due::local_date(now) + chrono::Duration::days(i64::from(days))
}

/// A day from a date field (`2026-12-18`) or typed (`18.12.2026`).
fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| rathaus_core::forms::values::date(text))
}

/// The case again with the message at the deadline, and everything typed kept.
async fn bad_deadline(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    loaded: (CaseScope, Application, FormDefinition),
    typed: TextForm,
) -> AppResult<Response> {
    let errors = FormErrors::from_keys(&page, [("respond_by", "case-error-respond-by")]);
    let page = render(state, page, session, loaded, typed, errors, None).await?;
    Ok(crate::error::invalid(page))
}

/// Back to the case with a notice, or — for a text the domain refused — the page again
/// with the message at the field and the typed text kept.
pub(super) async fn answer(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    loaded: (CaseScope, Application, FormDefinition),
    typed: TextForm,
    done: Result<(), Error>,
    field: &'static str,
) -> AppResult<Response> {
    let (text, empty_key, hint) = match field {
        "message" => (&typed.message, "case-error-message-empty", "schritt"),
        "return_reason" => (&typed.return_reason, "proposal-error-reason", "zurueckgegeben"),
        _ => (&typed.note, "case-error-note-empty", "notiz"),
    };
    match done {
        Ok(()) => Ok(back(loaded.1.id, hint)),
        Err(Error::Invalid(_)) => {
            let key = if text.trim().is_empty() { empty_key } else { "case-error-too-long" };
            let errors = FormErrors::from_keys(&page, [(field, key)]);
            let page = render(state, page, session, loaded, typed, errors, None).await?;
            Ok(crate::error::invalid(page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    assignee: String,
}

pub async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<AssignForm>,
) -> AppResult<Response> {
    let (scope, case, _) = load(&state, &staff, id).await?;
    let to = match form.assignee.as_str() {
        "" => None,
        "ich" => Some(scope.account),
        other => Some(Uuid::parse_str(other).map_err(|_| AppError(Error::Invalid("unknown person".into())))?),
    };
    cases::assign(&state.db, &*state.clock, &scope, &case, to).await?;
    Ok(back(id, "zugewiesen"))
}

pub async fn note(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<TextForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &staff, id).await?;
    let done = notes::add(&state.db, &*state.clock, &loaded.0, &loaded.1, &form.note).await;
    answer(&state, page, &session, loaded, form, done, "note").await
}

/// An attachment of the case, decrypted while streaming; the download is audited.
pub async fn file(State(state): State<AppState>, staff: Staff, Path((id, file)): Path<(Uuid, Uuid)>) -> AppResult<Response> {
    let (scope, case, _) = load(&state, &staff, id).await?;
    let Some(record) = files::linked(&state.db, case.id).await?.into_iter().find(|f| f.id == file) else {
        cases::record_access(
            &state.db,
            &*state.clock,
            &scope,
            "case.access-refused",
            id,
            serde_json::json!({ "file": file }),
        )
        .await?;
        return Err(AppError(Error::NotFound));
    };
    cases::record_access(
        &state.db,
        &*state.clock,
        &scope,
        "case.file-read",
        id,
        serde_json::json!({ "file": file }),
    )
    .await?;
    stream_file(&state, &record).await
}
