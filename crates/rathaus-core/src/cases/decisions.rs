//! Decisions (Bescheide). Staff write one from the service's template (reasons and the
//! legal remedy text, "Rechtsbehelfsbelehrung"), preview it, and issue it: a PDF/A with
//! a verification code, sealed by the city (PAdES with a time stamp, see
//! [`rathaus_platform::seal`]), whose SHA-256 is recorded. An issued decision never changes (the
//! database refuses it); a correction is a new decision that names the old one. Anyone
//! holding the document can check it at `/pruefen/{code}`.
//!
//! A decision may waive the fee in full or in part (Gebührenerlass), with its reasons:
//! a fee still to be invoiced is invoiced less, one paid with the application is
//! refunded by the decision's own order (see [`crate::payments::refunds::ordered_in`]).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, FromQueryResult};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::OnceLock;
use uuid::Uuid;

use super::workflow::{Outcome, Status, Step};
use super::{CaseScope, apply_in, four_eyes, notice};
use crate::applications::{Application, event, receipt::local_time};
use crate::inbox::{self, NewMessage, Sender};
use crate::payments::fees::{self, Due, Fee, FeeLine};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::{BlobStore, NewFile};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::{Lang, money};
use rathaus_platform::jobs::{self};
use rathaus_platform::seal::{Seal, SealMark};
use rathaus_platform::{Error, Result, pdf};

pub const INBOX_KIND: &str = "decision";
/// The Postfach message with the invoice of a fee due after the decision.
pub const INVOICE_KIND: &str = "invoice";
const TEMPLATE: &str = include_str!("../../templates/decision.typ");
const TEMPLATES: &str = include_str!("../../../../data/decisions/templates.json");
/// The longest reasons text.
pub const MAX_REASONS_CHARS: usize = 20_000;

#[derive(Debug, Clone, Deserialize)]
struct TemplateFile {
    default: Template,
    services: HashMap<String, Override>,
}

#[derive(Debug, Clone, Deserialize)]
struct Template {
    title: String,
    reasons: HashMap<String, String>,
    remedy: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Override {
    title: Option<String>,
    reasons: Option<HashMap<String, String>>,
    remedy: Option<String>,
}

fn templates() -> &'static TemplateFile {
    static PARSED: OnceLock<TemplateFile> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(TEMPLATES).expect("data/decisions/templates.json is valid (checked by a test)"))
}

/// What staff write: the outcome, a title, the reasons, the remedy text and any fee
/// waiver.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Draft {
    pub outcome: Outcome,
    pub title: String,
    pub reasons: String,
    pub remedy: String,
    #[sea_orm(nested)]
    pub waiver: Option<Waiver>,
}

/// A fee waiver (Gebührenerlass): how much of the fee the decision waives, and why.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Waiver {
    #[sea_orm(from_alias = "waived_cents")]
    pub cents: i64,
    #[sea_orm(from_alias = "waiver_reason")]
    pub reason: String,
}

/// The longest reason for a fee waiver.
pub const MAX_WAIVER_REASON_CHARS: usize = 2_000;

/// The service's template for `outcome`, with the agency named in the remedy text.
pub fn draft_for(service: &str, outcome: Outcome, agency_name: &str) -> Draft {
    let file = templates();
    let special = file.services.get(service);
    let pick = |o: Option<&String>, d: &String| o.unwrap_or(d).clone();
    let reasons = special
        .and_then(|s| s.reasons.as_ref())
        .and_then(|r| r.get(outcome.as_str()))
        .or_else(|| file.default.reasons.get(outcome.as_str()))
        .cloned()
        .unwrap_or_default();
    Draft {
        outcome,
        title: pick(special.and_then(|s| s.title.as_ref()), &file.default.title),
        reasons,
        remedy: pick(special.and_then(|s| s.remedy.as_ref()), &file.default.remedy).replace("{agency}", agency_name),
        waiver: None,
    }
}

/// Problems with a draft, as (field, text key). A "…" left from the template means
/// something still has to be filled in.
pub fn check(draft: &Draft) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    if draft.title.trim().is_empty() || draft.title.chars().count() > 200 {
        problems.push(("title", "decision-error-title"));
    }
    if draft.reasons.trim().is_empty() {
        problems.push(("reasons", "decision-error-reasons"));
    } else if draft.reasons.contains('…') {
        problems.push(("reasons", "decision-error-placeholder"));
    } else if draft.reasons.chars().count() > MAX_REASONS_CHARS {
        problems.push(("reasons", "decision-error-too-long"));
    }
    if draft.remedy.trim().is_empty() {
        problems.push(("remedy", "decision-error-remedy"));
    } else if draft.remedy.contains('…') {
        problems.push(("remedy", "decision-error-placeholder"));
    }
    if let Some(waiver) = &draft.waiver {
        if waiver.reason.trim().is_empty() {
            problems.push(("waiver_reason", "decision-error-waiver-reason"));
        } else if waiver.reason.chars().count() > MAX_WAIVER_REASON_CHARS {
            problems.push(("waiver_reason", "decision-error-waiver-reason-too-long"));
        }
    }
    problems
}

/// The most a decision on `case` with `outcome` can waive: the fee it charges. That is
/// the fee paid with the application (what of it was not refunded yet), or the fee
/// invoiced with an approval; nothing for a rejection of a fee due after the decision,
/// and nothing in a correction (the first decision settled the fee).
pub async fn waivable(db: &Db, case: &Application, outcome: Outcome, correction: bool) -> Result<i64> {
    let Some(fee) = case.fee.as_ref().filter(|f| f.total_cents > 0) else {
        return Ok(0);
    };
    if correction {
        return Ok(0);
    }
    match fee.due {
        Due::AfterDecision if outcome == Outcome::Rejected => Ok(0),
        Due::AfterDecision => Ok(fee.total_cents),
        Due::AtSubmission => {
            let mut left = 0;
            for payment in crate::payments::of_application(db, case.id).await? {
                if payment.purpose == crate::payments::Purpose::Submission {
                    let refunds = crate::payments::refunds::of_payment(db, payment.id).await?;
                    left += crate::payments::refunds::refundable(&payment, &refunds);
                }
            }
            Ok(left.min(fee.total_cents))
        }
    }
}

/// Problems with a draft's waiver against what the decision can waive.
pub fn check_waiver(draft: &Draft, waivable: i64) -> Option<(&'static str, &'static str)> {
    let waiver = draft.waiver.as_ref()?;
    if waivable <= 0 {
        Some(("waived", "decision-error-waiver-nothing"))
    } else if waiver.cents <= 0 || waiver.cents > waivable {
        Some(("waived", "decision-error-waiver-amount"))
    } else {
        None
    }
}

/// Refuses a draft that is incomplete or waives what the decision cannot.
pub(crate) async fn ensure_complete(db: &Db, case: &Application, draft: &Draft, correction: bool) -> Result<()> {
    if !check(draft).is_empty() {
        return Err(Error::Invalid("the decision is not complete".into()));
    }
    if draft.waiver.is_some() {
        let most = waivable(db, case, draft.outcome, correction).await?;
        if check_waiver(draft, most).is_some() {
            return Err(Error::Invalid(format!(
                "a waiver must be more than 0 and at most {} (the fee this decision charges)",
                money(Lang::De, most)
            )));
        }
    }
    Ok(())
}

/// What the document says besides the draft.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub city: &'a str,
    pub agency: &'a str,
    pub service: &'a str,
    pub applicant: &'a str,
    pub legal_basis: &'a str,
    pub public_url: &'a str,
}

/// A verification code: 12 characters of Crockford's base 32 — 60 random bits.
pub fn new_code() -> String {
    crate::codes::new_code(3)
}

pub use crate::codes::normalise_code;

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Approved => "Ihr Antrag wird bewilligt.",
        Outcome::Rejected => "Ihr Antrag wird abgelehnt.",
        Outcome::Partly => "Ihr Antrag wird teilweise bewilligt.",
    }
}

/// Renders the decision. A preview carries "ENTWURF" across every page and no code.
pub fn render(
    case: &Application,
    draft: &Draft,
    facts: &Facts<'_>,
    code: Option<&str>,
    corrects: Option<&str>,
    issued_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    // Decisions are written in German, the official language (§ 23 VwVfG).
    let lang = Lang::De;
    let label = |key: &str| lang.t(&format!("decision-doc-{key}"));
    let code_text = code.unwrap_or("—").to_string();
    let data = json!({
        "preview": code.is_none(),
        "city": facts.city,
        "agency": facts.agency,
        "applicant": facts.applicant,
        "reference": case.reference.clone().unwrap_or_default(),
        "issued": local_time(issued_at, lang),
        "service": facts.service,
        "title": draft.title.trim(),
        "outcome": outcome_words(draft.outcome),
        "reasons": draft.reasons.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>(),
        "legal_basis": facts.legal_basis,
        "remedy": draft.remedy.trim(),
        "corrects": corrects,
        "fee": fee_lines(case, draft),
        "waiver_reason": draft.waiver.as_ref().map(|w| w.reason.trim()),
        "code": code_text,
        "verify_url": format!("{}/pruefen/{}", facts.public_url.trim_end_matches('/'), code.unwrap_or("")),
        "labels": {
            "reference": label("reference"), "date": label("date"), "service": label("service"),
            "corrects": label("corrects"), "outcome": label("outcome"), "reasons": label("reasons"),
            "legal_basis": label("legal-basis"), "remedy": label("remedy"), "code": label("code"),
            "verify": label("verify"), "note": label("note"), "preview": label("preview"), "fee": label("fee"),
            "waiver_reason": label("waiver-reason"),
        },
    });
    pdf::render(TEMPLATE, &data, issued_at)
}

/// The fee as the decision states it: each line and the total, any waiver, and whether
/// it was paid with the application (and what is refunded) or is invoiced now. A
/// rejection of a fee due after the decision charges nothing here.
fn fee_lines(case: &Application, draft: &Draft) -> Option<Vec<String>> {
    let fee = case.fee.as_ref().filter(|f| f.total_cents > 0)?;
    if draft.outcome == Outcome::Rejected && fee.due == Due::AfterDecision {
        return None;
    }
    let lang = Lang::De;
    let mut lines: Vec<String> = fee
        .lines
        .iter()
        .map(|l| format!("{}: {}", l.label(lang), money(lang, l.cents)))
        .collect();
    let waived = draft.waiver.as_ref().map_or(0, |w| w.cents);
    if waived > 0 {
        lines.push(lang.t_args("decision-doc-fee-waived", &[("amount", money(lang, waived))]));
    }
    let amount = |cents: i64| [("amount", money(lang, cents))];
    lines.push(match fee.due {
        Due::AtSubmission => lang.t_args("decision-doc-fee-paid", &amount(fee.total_cents)),
        Due::AfterDecision if waived >= fee.total_cents => {
            lang.t_args("decision-doc-fee-nothing-due", &[("charge", fee.charge.as_str().to_string())])
        }
        Due::AfterDecision => lang.t_args("decision-doc-fee-invoiced", &amount(fee.total_cents - waived)),
    });
    if fee.due == Due::AtSubmission && waived > 0 {
        lines.push(lang.t_args("decision-doc-fee-refunded", &amount(waived)));
    }
    Some(lines)
}

/// The fee the decision leaves to pay: the computed one less the waiver, as a line.
fn after_waiver(fee: &Fee, waiver: Option<&Waiver>) -> Fee {
    let Some(waiver) = waiver else {
        return fee.clone();
    };
    let mut fee = fee.clone();
    fee.lines.push(FeeLine {
        label_de: Lang::De.t("fee-line-waived"),
        label_en: Lang::En.t("fee-line-waived"),
        label_leichte: Some(Lang::DeLeichte.t("fee-line-waived")),
        cents: -waiver.cents,
    });
    fee.total_cents = (fee.total_cents - waiver.cents).max(0);
    fee
}

/// An issued decision.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Decision {
    pub id: Uuid,
    pub application_id: Uuid,
    pub outcome: Outcome,
    pub title: String,
    pub file_id: Uuid,
    pub sha256: String,
    pub code: String,
    pub corrects: Option<Uuid>,
    pub issued_at: DateTime<Utc>,
    /// When its text and document were erased at the end of the case's retention; its
    /// outcome, date, hash and code stay.
    pub erased_at: Option<DateTime<Utc>>,
    /// The city's seal on the document (none on decisions issued before seals existed).
    #[sea_orm(nested)]
    pub seal: Option<SealMark>,
    /// What of the fee it waived.
    pub waived_cents: Option<i64>,
}

const COLUMNS: &str = "id, application_id, outcome, title, file_id, sha256, code, corrects, issued_at, erased_at, sealed_by, seal_certificate, sealed_at, waived_cents";

/// The decisions of a case, oldest first.
pub async fn of_case(db: &Db, case: Uuid) -> Result<Vec<Decision>> {
    let conn = db.read();
    Ok(Decision::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM decisions WHERE application_id = $1 ORDER BY issued_at, id"),
        vec![case.into()],
    ))
    .all(conn)
    .await?)
}

/// One decision.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Decision> {
    let conn = db.read();
    Decision::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM decisions WHERE id = $1"),
        vec![id.into()],
    ))
    .one(conn)
    .await?
    .ok_or(Error::NotFound)
}

/// The application-file field under which a decision's document is filed.
pub fn file_field(decision: Uuid) -> String {
    format!("_decision:{decision}")
}

/// Issues a decision on a case in review — or, with `corrects`, a correction of one
/// of the case's decisions. The document, the record, the step, the inbox message and
/// the notice are one unit: either all happen or none (the stored PDF of a failed
/// issue is shredded again).
pub async fn issue(
    db: &Db,
    blobs: &BlobStore,
    seal: &Seal,
    clock: &dyn Clock,
    scope: &CaseScope,
    case: &Application,
    request: &Issue<'_>,
) -> Result<Decision> {
    let Issue {
        draft,
        facts,
        corrects,
        approval,
    } = *request;
    ensure_complete(db, case, draft, corrects.is_some()).await?;
    let agency = case.agency_id.as_deref().unwrap_or_default();
    match approval {
        None if four_eyes::required_for(db.write(), agency, &case.service_id, draft.waiver.is_some()).await? => {
            return Err(Error::Conflict(
                "decisions of this service need a second clerk: propose the decision for approval".into(),
            ));
        }
        Some(a) if a.proposed_by == scope.account => return Err(Error::Forbidden),
        _ => {}
    }
    let earlier = of_case(db, case.id).await?;
    let corrected = match corrects {
        None if case.status != Status::InReview => {
            return Err(Error::Conflict(format!("a case that is {} cannot be decided", case.status)));
        }
        None => None,
        Some(old) => {
            if !matches!(case.status, Status::Decided | Status::Delivered | Status::Closed) {
                return Err(Error::Conflict("only a decided case can be corrected".into()));
            }
            let old = earlier.iter().find(|d| d.id == old).ok_or(Error::NotFound)?;
            if earlier.iter().any(|d| d.corrects == Some(old.id)) {
                return Err(Error::Conflict(
                    "this decision has been corrected already; correct the newest one".into(),
                ));
            }
            Some(old.clone())
        }
    };
    let now = clock.now();
    let code = new_code();
    let corrects_text = corrected
        .as_ref()
        .map(|d| format!("{} vom {} (Prüfcode {})", d.title, local_time(d.issued_at, Lang::De), d.code));
    let document = render(case, draft, facts, Some(&code), corrects_text.as_deref(), now)?;
    let (document, mark) = seal.seal(&document, now)?;
    let sha256 = hex::encode(Sha256::digest(&document));
    let reference = case.reference.clone().unwrap_or_default();
    let new = NewFile {
        original_name: format!("Bescheid-{reference}.pdf"),
        accept: vec!["application/pdf".into()],
        max_bytes: None,
    };
    let body = futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(document))]);
    let record = blobs.put(db.write(), clock, new, body).await?;
    let id = Uuid::now_v7();
    let document = Issued {
        id,
        code: &code,
        sha256: &sha256,
        file: record.id,
        corrects: corrected.as_ref().map(|d| d.id),
        approval,
        seal: &mark,
    };
    let stored = record_issue(db, clock, scope, case, draft, &document).await;
    if let Err(e) = stored {
        blobs.delete(db, clock, record.id).await?;
        return Err(e);
    }
    Ok(Decision {
        id,
        application_id: case.id,
        outcome: draft.outcome,
        title: draft.title.trim().to_string(),
        file_id: record.id,
        sha256,
        code,
        corrects: corrected.map(|d| d.id),
        issued_at: now,
        erased_at: None,
        seal: Some(mark),
        waived_cents: draft.waiver.as_ref().map(|w| w.cents),
    })
}

/// A fee due after the decision goes out with it as an invoice (not with a rejection),
/// less what the decision waives; a fee waived in full is not invoiced.
async fn invoice(tx: &DatabaseTransaction, clock: &dyn Clock, case: &Application, waiver: Option<&Waiver>, author: Uuid) -> Result<()> {
    let Some(fee) = case.fee.as_ref().filter(|f| f.due == Due::AfterDecision) else {
        return Ok(());
    };
    let fee = &after_waiver(fee, waiver);
    let days = fees::rules()
        .services
        .get(&case.service_id)
        .and_then(|r| r.payment_days)
        .unwrap_or(DEFAULT_PAYMENT_DAYS);
    let Some(invoice) = crate::payments::invoice_in(tx, clock, case, fee, days).await? else {
        return Ok(());
    };
    let lang = case.lang;
    inbox::post(
        tx,
        clock,
        NewMessage {
            account_id: case.account_id,
            application_id: Some(case.id),
            kind: INVOICE_KIND,
            subject: lang.t_args(
                "invoice-inbox-subject",
                &[("reference", case.reference.clone().unwrap_or_default())],
            ),
            body: lang.t_args(
                "invoice-inbox-body",
                &[
                    ("amount", money(lang, invoice.amount_cents)),
                    ("date", invoice.due_on.map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default()),
                    ("cash_reference", invoice.cash_reference.clone()),
                    ("charge", fee.charge.as_str().to_string()),
                ],
            ),
            file_id: None,
            sender: Sender::Authority,
            author_id: Some(author),
        },
    )
    .await?;
    Ok(())
}

/// Days to pay an invoice where the fee rules give none.
pub const DEFAULT_PAYMENT_DAYS: u32 = 30;

/// What to issue: the draft, the facts around it, the decision it corrects, and the
/// proposal a second clerk approves with it (where four eyes are required).
#[derive(Debug, Clone, Copy)]
pub struct Issue<'a> {
    pub draft: &'a Draft,
    pub facts: &'a Facts<'a>,
    pub corrects: Option<Uuid>,
    pub approval: Option<Approval>,
}

/// A proposal being approved, and who proposed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approval {
    pub proposal: Uuid,
    pub proposed_by: Uuid,
}

/// The stored document of a decision being issued.
struct Issued<'a> {
    id: Uuid,
    code: &'a str,
    sha256: &'a str,
    file: Uuid,
    corrects: Option<Uuid>,
    approval: Option<Approval>,
    seal: &'a SealMark,
}

async fn record_issue(db: &Db, clock: &dyn Clock, scope: &CaseScope, case: &Application, draft: &Draft, issued: &Issued<'_>) -> Result<()> {
    let Issued {
        id,
        code,
        sha256,
        file,
        corrects,
        approval,
        seal,
    } = *issued;
    let now = clock.now();
    let actor = scope.actor();
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO decisions (id, application_id, outcome, title, reasons, remedy, file_id, sha256, code, corrects, issued_by, issued_at, proposed_by, \
         sealed_by, seal_certificate, sealed_at, waived_cents, waiver_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        vec![
            id.into(),
            case.id.into(),
            draft.outcome.as_str().into(),
            draft.title.trim().into(),
            draft.reasons.trim().into(),
            draft.remedy.trim().into(),
            file.into(),
            sha256.into(),
            code.into(),
            corrects.into(),
            scope.account.into(),
            now.into(),
            approval.map(|a| a.proposed_by).into(),
            seal.sealer.as_str().into(),
            seal.certificate_serial.as_str().into(),
            seal.sealed_at.into(),
            draft.waiver.as_ref().map(|w| w.cents).into(),
            draft.waiver.as_ref().map(|w| w.reason.trim()).unwrap_or_default().into(),
        ],
    ))
    .await?;
    if let Some(a) = approval {
        four_eyes::mark_approved(&tx, clock, scope, case, a.proposal, id).await?;
    }
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO application_files (application_id, file_id, field, created_at) VALUES ($1, $2, $3, $4)",
        vec![case.id.into(), file.into(), file_field(id).into(), now.into()],
    ))
    .await?;
    match corrects {
        None => {
            apply_in(&tx, clock, &actor, case, Step::Decide(draft.outcome), "", None).await?;
        }
        Some(_) => {
            tx.execute_raw(stmt(
                &tx,
                "UPDATE applications SET outcome = $1, updated_at = $2 WHERE id = $3",
                vec![draft.outcome.as_str().into(), now.into(), case.id.into()],
            ))
            .await?;
            event(&tx, clock, case.id, "decision-corrected", &actor).await?;
            jobs::enqueue(&tx, clock, notice::job(case.id, "decision-corrected", None)?).await?;
        }
    }
    super::dispatch::queue_in(&tx, clock, case, id).await?;
    if corrects.is_none() && draft.outcome != Outcome::Rejected {
        invoice(&tx, clock, case, draft.waiver.as_ref(), scope.account).await?;
    }
    if let Some(waiver) = &draft.waiver
        && case.fee.as_ref().is_some_and(|f| f.due == Due::AtSubmission)
    {
        let reason = format!("Gebührenerlass laut Bescheid vom {} (Prüfcode {code})", local_time(now, Lang::De));
        let order = crate::payments::refunds::Ordered {
            application: case.id,
            decision: id,
            amount_cents: waiver.cents,
            reason: &reason,
            by: scope.account,
        };
        crate::payments::refunds::ordered_in(&tx, clock, &order).await?;
    }
    let lang = case.lang;
    let reference = case.reference.clone().unwrap_or_default();
    inbox::post(
        &tx,
        clock,
        NewMessage {
            account_id: case.account_id,
            application_id: Some(case.id),
            kind: INBOX_KIND,
            subject: lang.t_args(
                if corrects.is_some() {
                    "decision-inbox-subject-corrected"
                } else {
                    "decision-inbox-subject"
                },
                &[("reference", reference)],
            ),
            body: lang.t("decision-inbox-body"),
            file_id: Some(file),
            sender: Sender::Authority,
            author_id: Some(scope.account),
        },
    )
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "decision.issued", format!("application:{}", case.id)).with_details(json!({
            "decision": id, "code": code, "sha256": sha256, "outcome": draft.outcome.as_str(), "corrects": corrects,
            "proposal": approval.map(|a| a.proposal), "proposed_by": approval.map(|a| a.proposed_by),
            "waived_cents": draft.waiver.as_ref().map(|w| w.cents),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the public verification page may say about a code: no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub decision: Decision,
    pub agency_id: String,
    pub reference: String,
    /// The correction that replaced this decision, if any.
    pub corrected_by: Option<Decision>,
}

/// The decision behind a verification code.
pub async fn verify(db: &Db, code: &str) -> Result<Verified> {
    let conn = db.read();
    let decision = Decision::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM decisions WHERE code = $1"),
        vec![normalise_code(code).into()],
    ))
    .one(conn)
    .await?
    .ok_or(Error::NotFound)?;
    let case = crate::applications::by_id(db, decision.application_id).await?;
    let corrected_by = of_case(db, case.id).await?.into_iter().find(|d| d.corrects == Some(decision.id));
    Ok(Verified {
        agency_id: case.agency_id.unwrap_or_default(),
        reference: case.reference.unwrap_or_default(),
        corrected_by,
        decision,
    })
}

/// Whether `bytes` are exactly the issued document.
pub fn is_unchanged(decision: &Decision, sha256_of_upload: &str) -> bool {
    decision.sha256.eq_ignore_ascii_case(sha256_of_upload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_templates_parse_and_name_the_agency() {
        let draft = draft_for("hundesteuer", Outcome::Approved, "Finanzbehörde");
        assert_eq!(draft.title, "Bescheid über die Anmeldung zur Hundesteuer");
        assert!(draft.remedy.contains("Finanzbehörde"));
        assert!(check(&draft).is_empty(), "{:?}", check(&draft));
        let rejected = draft_for("unbekannt", Outcome::Rejected, "Bezirksamt Altona");
        assert_eq!(rejected.title, "Bescheid");
        assert_eq!(
            check(&rejected),
            [("reasons", "decision-error-placeholder")],
            "the … must be filled in"
        );
    }

    proptest! {
        #[test]
        fn codes_read_back_however_they_are_typed(_seed in 0u8..50) {
            let code = new_code();
            prop_assert_eq!(code.len(), 14);
            prop_assert_eq!(normalise_code(&code), code.clone());
            prop_assert_eq!(normalise_code(&code.to_lowercase().replace('-', " ")), code.clone());
        }
    }
}
