//! Writing a decision: the editor starts from the service's template, the preview is a
//! PDF marked "ENTWURF" (opened in a new window, the editor stays), and issuing makes
//! the final document with its verification code. Where the decision charges a fee, the
//! editor offers to waive it in full or in part, with reasons.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::load;
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::routes::applications::made_document;
use crate::routes::staff::payments::parse_euros;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::account_by_id;
use rathaus_core::applications::Application;
use rathaus_core::cases::decisions::{self, Decision, Draft, Facts, Issue, Waiver};
use rathaus_core::cases::four_eyes::{self, ProposalState, Propose};
use rathaus_core::cases::workflow::{Outcome, Status};
use rathaus_core::payments::fees::Due;
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct EditorQuery {
    #[serde(default)]
    ergebnis: String,
    #[serde(default)]
    berichtigt: String,
    /// A returned proposal its author revises.
    #[serde(default)]
    ueberarbeiten: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct DecisionForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    remedy: String,
    #[serde(default)]
    corrects: String,
    /// The fee waived, in euros (`12,50`); empty for none.
    #[serde(default)]
    waived: String,
    #[serde(default)]
    waiver_reason: String,
    /// What the proposer tells the second clerk (four eyes).
    #[serde(default)]
    note: String,
    #[serde(default)]
    action: String,
}

pub struct OutcomeChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/decision.html")]
pub struct DecisionPage {
    page: Page,
    id: Uuid,
    reference: String,
    outcomes: Vec<OutcomeChoice>,
    form: DecisionForm,
    correcting: Option<String>,
    /// The decision goes to a second clerk instead of being issued.
    four_eyes: bool,
    /// The fee the decision charges, where it can waive some.
    fee: Option<FeeView>,
    /// A waiver needs a second clerk, the decision without one does not.
    waiver_second: bool,
    errors: FormErrors,
}

/// The fee as the editor shows it beside the waiver fields.
pub struct FeeView {
    /// "Gebühr und Erlass", or "Steuer und Erlass" for a tax.
    pub legend: String,
    pub lines: Vec<String>,
    /// What a waiver does: refunded (paid with the application) or not invoiced.
    pub hint: String,
    /// "Höchstens 13,00 € können erlassen werden."
    pub most: String,
    /// A waiver needs a second clerk although the service's decisions do not.
    pub waiver_needs_second: bool,
}

impl DecisionForm {
    /// The waiver the form asks for: none while both fields are empty; an amount that is
    /// not one reads as nothing, which the check names.
    fn waiver(&self) -> Option<Waiver> {
        if self.waived.trim().is_empty() && self.waiver_reason.trim().is_empty() {
            return None;
        }
        Some(Waiver {
            cents: parse_euros(&self.waived).unwrap_or(0),
            reason: self.waiver_reason.clone(),
        })
    }

    fn draft(&self, outcome: Outcome) -> Draft {
        Draft {
            outcome,
            title: self.title.clone(),
            reasons: self.reasons.clone(),
            remedy: self.remedy.clone(),
            waiver: self.waiver(),
        }
    }
}

/// Cents as the amount field takes them: `12,50`.
fn euros(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// The fee a decision with `outcome` charges on `case`, if it can waive any of it;
/// `four_eyes` says whether every decision of the service needs a second clerk.
async fn fee_view(
    state: &AppState,
    page: &Page,
    case: &Application,
    (outcome, correction): (Outcome, bool),
    four_eyes: bool,
) -> AppResult<Option<FeeView>> {
    let most = decisions::waivable(&state.db, case, outcome, correction).await?;
    let Some(fee) = case.fee.as_ref().filter(|_| most > 0) else {
        return Ok(None);
    };
    let agency = case.agency_id.as_deref().unwrap_or_default();
    let lang = page.lang;
    let mut lines: Vec<String> = fee
        .lines
        .iter()
        .map(|l| format!("{}: {}", l.label(lang), format::money(lang, l.cents)))
        .collect();
    lines.push(page.t1("decision-fee-total", "amount", format::money(lang, fee.total_cents)));
    let charge = [("charge", fee.charge.as_str().to_string())];
    let hint = match fee.due {
        Due::AtSubmission => "decision-waiver-hint-paid",
        Due::AfterDecision => "decision-waiver-hint-invoice",
    };
    Ok(Some(FeeView {
        legend: lang.t_args("decision-fee-legend", &charge),
        hint: lang.t_args(hint, &charge),
        lines,
        most: page.t1("decision-waiver-most", "amount", format::money(lang, most)),
        waiver_needs_second: !four_eyes && four_eyes::fee_waivers(state.db.write(), agency).await?,
    }))
}

/// The decision being corrected, if the address or form names one of the case's.
async fn corrected(state: &AppState, case: &Application, id: &str) -> AppResult<Option<Decision>> {
    if id.is_empty() {
        return Ok(None);
    }
    let id = Uuid::parse_str(id).map_err(|_| AppError(Error::NotFound))?;
    let found = decisions::of_case(&state.db, case.id).await?.into_iter().find(|d| d.id == id);
    found.map(Some).ok_or(AppError(Error::NotFound))
}

async fn editor(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    case: &Application,
    form: DecisionForm,
    errors: FormErrors,
) -> AppResult<DecisionPage> {
    page.csrf = Some(session.csrf_token().await?);
    let four_eyes = four_eyes::required(state.db.write(), case.agency_id.as_deref().unwrap_or_default(), &case.service_id).await?;
    let outcome = Outcome::parse(&form.outcome).unwrap_or(Outcome::Approved);
    let fee = fee_view(state, &page, case, (outcome, !form.corrects.is_empty()), four_eyes).await?;
    let correcting = corrected(state, case, &form.corrects).await?.map(|d| {
        page.lang.t_args(
            "decision-correcting",
            &[("date", format::date_time(page.lang, d.issued_at)), ("code", d.code.clone())],
        )
    });
    Ok(DecisionPage {
        id: case.id,
        reference: case.reference.clone().unwrap_or_default(),
        outcomes: Outcome::ALL
            .into_iter()
            .map(|o| OutcomeChoice {
                value: o.as_str(),
                label: page.t(&format!("case-status-decided-{}", o.as_str())),
                checked: form.outcome == o.as_str(),
            })
            .collect(),
        correcting,
        four_eyes,
        waiver_second: fee.as_ref().is_some_and(|f| f.waiver_needs_second),
        fee,
        form,
        errors,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(q): Query<EditorQuery>,
) -> AppResult<Response> {
    let (_, case, _) = load(&state, &staff, id).await?;
    let proposals = four_eyes::of_case(&state.db, case.id).await?;
    if proposals.iter().any(|p| p.state == ProposalState::Open) {
        // One proposal at a time: the open one is answered on the case page first.
        return Ok(Redirect::to(&format!("/verwaltung/vorgaenge/{id}#vorschlaege")).into_response());
    }
    let revised = q
        .ueberarbeiten
        .and_then(|r| proposals.into_iter().find(|p| p.id == r && p.state == ProposalState::Returned));
    if let Some(p) = revised {
        let form = DecisionForm {
            outcome: p.draft.outcome.as_str().into(),
            title: p.draft.title,
            reasons: p.draft.reasons,
            remedy: p.draft.remedy,
            waived: p.draft.waiver.as_ref().map(|w| euros(w.cents)).unwrap_or_default(),
            waiver_reason: p.draft.waiver.map(|w| w.reason).unwrap_or_default(),
            corrects: p.corrects.map(|c| c.to_string()).unwrap_or_default(),
            note: p.note,
            action: String::new(),
        };
        return Ok(editor(&state, page, &session, &case, form, FormErrors::default())
            .await?
            .into_response());
    }
    let outcome = Outcome::parse(&q.ergebnis).unwrap_or(Outcome::Approved);
    let correcting = corrected(&state, &case, &q.berichtigt).await?;
    let allowed = match correcting {
        None => case.status == Status::InReview,
        Some(_) => matches!(case.status, Status::Decided | Status::Delivered | Status::Closed),
    };
    if !allowed {
        return Ok(Redirect::to(&format!("/verwaltung/vorgaenge/{id}")).into_response());
    }
    let catalog = state.catalog().await?;
    let agency = catalog
        .agency(case.agency_id.as_deref().unwrap_or_default())
        .map(|a| a.name_de.clone())
        .unwrap_or_default();
    let draft = decisions::draft_for(&case.service_id, outcome, &agency);
    let form = DecisionForm {
        outcome: outcome.as_str().into(),
        title: draft.title,
        reasons: draft.reasons,
        remedy: draft.remedy,
        waived: String::new(),
        waiver_reason: String::new(),
        corrects: q.berichtigt,
        note: String::new(),
        action: String::new(),
    };
    Ok(editor(&state, page, &session, &case, form, FormErrors::default())
        .await?
        .into_response())
}

pub async fn save(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let (scope, case, _) = load(&state, &staff, id).await?;
    let outcome = Outcome::parse(&form.outcome).ok_or(AppError(Error::Invalid("unknown outcome".into())))?;
    let draft = form.draft(outcome);
    let mut problems = decisions::check(&draft);
    let most = decisions::waivable(&state.db, &case, outcome, !form.corrects.is_empty()).await?;
    problems.extend(decisions::check_waiver(&draft, most));
    if !problems.is_empty() {
        let errors = FormErrors::from_keys(&page, problems);
        let page = editor(&state, page, &session, &case, form, errors).await?;
        return Ok(crate::error::invalid(page));
    }
    let facts = facts_of(&state, &case).await?;
    let facts = facts.facts();
    let corrects = corrected(&state, &case, &form.corrects).await?;
    if form.action == "vorschau" {
        let note = corrects.as_ref().map(|d| format!("{} ({})", d.title, d.code));
        let pdf = decisions::render(&case, &draft, &facts, None, note.as_deref(), state.clock.now())?;
        return Ok(made_document(pdf, "application/pdf", "inline; filename=\"Entwurf.pdf\""));
    }
    if form.action == "vorlegen" {
        let request = Propose {
            draft: &draft,
            corrects: corrects.map(|d| d.id),
            note: &form.note,
        };
        if form.note.chars().count() > four_eyes::MAX_NOTE_CHARS {
            let errors = FormErrors::from_keys(&page, [("note", "proposal-error-note-too-long")]);
            let page = editor(&state, page, &session, &case, form, errors).await?;
            return Ok(crate::error::invalid(page));
        }
        return match four_eyes::propose(&state.db, &*state.clock, &scope, &case, &request).await {
            Ok(_) => Ok(Redirect::to(&format!("/verwaltung/vorgaenge/{id}?hinweis=vorgelegt")).into_response()),
            // A colleague proposed one in the meantime: this text stays to compare.
            Err(Error::Conflict(_)) if four_eyes::open_of(&state.db, case.id).await?.is_some() => {
                let errors = FormErrors::from_keys(&page, [("note", "proposal-error-open-exists")]);
                let page = editor(&state, page, &session, &case, form, errors).await?;
                Ok(crate::error::invalid(page))
            }
            Err(e) => Err(e.into()),
        };
    }
    let request = Issue {
        draft: &draft,
        facts: &facts,
        corrects: corrects.map(|d| d.id),
        approval: None,
    };
    match decisions::issue(&state.db, &state.blobs, &state.seal, &*state.clock, &scope, &case, &request).await {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/vorgaenge/{id}?hinweis=bescheid")).into_response()),
        // Four eyes were switched on while the editor was open, or the decision waives a
        // fee where waivers need them: the text stays, and the editor offers the proposal.
        Err(Error::Conflict(message)) if case.status == Status::InReview || request.corrects.is_some() => {
            let agency = case.agency_id.as_deref().unwrap_or_default();
            let problem = if four_eyes::required(state.db.write(), agency, &case.service_id).await? {
                ("note", "proposal-error-now-required")
            } else if draft.waiver.is_some() && four_eyes::fee_waivers(state.db.write(), agency).await? {
                ("waived", "decision-error-waiver-needs-second")
            } else {
                return Err(AppError(Error::Conflict(message)));
            };
            let errors = FormErrors::from_keys(&page, [problem]);
            let page = editor(&state, page, &session, &case, form, errors).await?;
            Ok(crate::error::invalid(page))
        }
        Err(e) => Err(e.into()),
    }
}

/// What a decision document says besides the draft, read once per request.
pub struct FactsOf {
    city: String,
    agency: String,
    service: String,
    applicant: String,
    legal_basis: String,
    public_url: String,
}

impl FactsOf {
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            city: &self.city,
            agency: &self.agency,
            service: &self.service,
            applicant: &self.applicant,
            legal_basis: &self.legal_basis,
            public_url: &self.public_url,
        }
    }
}

pub async fn facts_of(state: &AppState, case: &Application) -> AppResult<FactsOf> {
    let catalog = state.catalog().await?;
    let service = catalog.service(&case.service_id);
    let agency = catalog.agency(case.agency_id.as_deref().unwrap_or_default());
    Ok(FactsOf {
        city: state.config.city_name.clone(),
        agency: agency.map(|a| a.name_de.clone()).unwrap_or_default(),
        service: service.map(|s| s.name_de.clone()).unwrap_or_else(|| case.service_id.clone()),
        applicant: account_by_id(state.db.write(), case.account_id).await?.display_name,
        legal_basis: service.map(|s| s.legal_basis.clone()).unwrap_or_default(),
        public_url: state.config.public_url.clone(),
    })
}
