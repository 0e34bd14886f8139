//! Cases (Vorgänge): a submitted application is a case of the agency responsible for
//! its service. Staff see the cases of the agencies they hold a case role in — every
//! query carries those agencies — and move a case only along the workflow's edges.

pub mod decisions;
pub mod delivery;
pub mod dispatch;
pub mod due;
pub mod figures;
pub mod four_eyes;
pub mod notes;
pub mod notice;
pub mod queue;
pub mod reminder;
pub mod retention;
pub mod templates;
pub mod workflow;

use sea_orm::{ConnectionTrait, DatabaseTransaction, Value as DbValue};
use serde_json::json;
use uuid::Uuid;

use crate::accounts::{Acting, Role, RoleGrant, Scope};
use crate::applications::{Application, COLUMNS, event, from_row};
use crate::inbox::{self, NewMessage, Sender};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{self};
use rathaus_platform::{Error, Result};
use workflow::{Outcome, Status, Step};

/// The longest information request or note staff may write.
pub const MAX_TEXT_CHARS: usize = 5_000;

/// Where a staff member may work on cases: the agencies they hold a case role in, and
/// those they lead a team in (team leads reassign).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseScope {
    pub account: Uuid,
    pub agencies: Vec<String>,
    pub lead_agencies: Vec<String>,
    /// Where the person also holds the payments role: only there a case shows its
    /// payment.
    pub payment_agencies: Vec<String>,
    /// Where the person also publishes for the transparency portal: there a decision
    /// of a publishable service can be made into a draft publication.
    pub publish_agencies: Vec<String>,
}

impl CaseScope {
    pub fn of(account: Uuid, grants: &[RoleGrant]) -> Self {
        let mut scope = Self {
            account,
            agencies: Vec::new(),
            lead_agencies: Vec::new(),
            payment_agencies: Vec::new(),
            publish_agencies: Vec::new(),
        };
        for grant in grants {
            let Scope::Agency(agency) = &grant.scope else { continue };
            if matches!(grant.role, Role::CaseWorker | Role::TeamLead) && !scope.agencies.contains(agency) {
                scope.agencies.push(agency.clone());
            }
            if grant.role == Role::TeamLead && !scope.lead_agencies.contains(agency) {
                scope.lead_agencies.push(agency.clone());
            }
            if grant.role == Role::Payments && !scope.payment_agencies.contains(agency) {
                scope.payment_agencies.push(agency.clone());
            }
            if grant.role == Role::Publisher && !scope.publish_agencies.contains(agency) {
                scope.publish_agencies.push(agency.clone());
            }
        }
        scope.agencies.sort();
        scope
    }

    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    pub fn sees_payments(&self, agency: &str) -> bool {
        self.payment_agencies.iter().any(|a| a == agency)
    }

    pub fn publishes(&self, agency: &str) -> bool {
        self.publish_agencies.iter().any(|a| a == agency)
    }

    pub fn leads(&self, agency: &str) -> bool {
        self.lead_agencies.iter().any(|a| a == agency)
    }

    pub fn actor(&self) -> String {
        format!("account:{}", self.account)
    }

    /// `agency_id IN ($first, …)` and its values, for every query that reads cases.
    pub(crate) fn agency_clause(&self, first: usize) -> (String, Vec<DbValue>) {
        let marks: Vec<String> = (0..self.agencies.len()).map(|i| format!("${}", first + i)).collect();
        let values = self.agencies.iter().map(|a| a.clone().into()).collect();
        (format!("agency_id IN ({})", marks.join(", ")), values)
    }
}

/// A case the staff member may see; any other — another agency's, a draft, a missing
/// one — answers `NotFound`.
pub async fn for_staff(db: &Db, scope: &CaseScope, id: Uuid) -> Result<Application> {
    if scope.is_empty() {
        return Err(Error::NotFound);
    }
    let (agencies, mut values) = scope.agency_clause(2);
    values.insert(0, id.into());
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(
            conn,
            &format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND status <> 'draft' AND erased_at IS NULL AND {agencies}"),
            values,
        ))
        .await?
        .ok_or(Error::NotFound)?;
    from_row(&row)
}

/// Records that a staff member read something of a case (`case.read`,
/// `case.file-read`, `case.access-refused`).
pub async fn record_access(
    db: &Db,
    clock: &dyn Clock,
    scope: &CaseScope,
    action: &str,
    case: Uuid,
    detail: serde_json::Value,
) -> Result<()> {
    audit::record(
        db.write(),
        clock,
        AuditEvent::new(scope.actor(), action, format!("application:{case}")).with_details(detail),
    )
    .await?;
    Ok(())
}

/// The longest an information request may give the applicant, in days.
pub const MAX_RESPONSE_DAYS: i64 = 90;

/// A staff step on a case. An information request needs the text the resident will
/// read and the day the answer is due (after today, at most [`MAX_RESPONSE_DAYS`] on);
/// both go to their inbox with the step.
pub async fn staff_step(
    db: &Db,
    clock: &dyn Clock,
    scope: &CaseScope,
    case: &Application,
    step: Step,
    message: &str,
    respond_by: Option<chrono::NaiveDate>,
) -> Result<Status> {
    if step.by_resident() {
        return Err(Error::Forbidden);
    }
    let message = message.trim();
    if step == Step::RequestInformation && message.is_empty() {
        return Err(Error::Invalid("an information request needs a text for the resident".into()));
    }
    if message.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::Invalid(format!("the text is longer than {MAX_TEXT_CHARS} characters")));
    }
    let respond_by = match step {
        Step::RequestInformation => {
            let today = due::local_date(clock.now());
            let day = respond_by.ok_or_else(|| Error::Invalid(RESPOND_BY_INVALID.into()))?;
            if day <= today || day > today + chrono::Duration::days(MAX_RESPONSE_DAYS) {
                return Err(Error::Invalid(RESPOND_BY_INVALID.into()));
            }
            Some(day)
        }
        _ => None,
    };
    if step == Step::Deliver && goes_by_post(case) {
        return Err(Error::Conflict(
            "this case goes by post: it is delivered when the mailroom marks the letter sent".into(),
        ));
    }
    apply(db, clock, &scope.actor(), case, step, message, respond_by).await
}

/// The refusal of a deadline that is not after today or too far ahead.
pub const RESPOND_BY_INVALID: &str = "respond-by: the answer must be due after today and within 90 days";

/// Whether the result goes out as a letter through the mailroom.
pub fn goes_by_post(case: &Application) -> bool {
    case.delivery.as_ref().is_some_and(|d| d.method == delivery::Method::Post)
}

/// The resident withdraws their application while it is not yet decided.
pub async fn withdraw(db: &Db, clock: &dyn Clock, who: &Acting<'_>, application: Uuid) -> Result<Status> {
    let case = crate::applications::own(db, who, application).await?;
    apply(db, clock, &format!("account:{}", who.account.id), &case, Step::Withdraw, "", None).await
}

/// A decision the resident fetches from the Postfach is delivered by being fetched
/// (electronic provision, § 41 (2a) VwVfG) — unless the original still follows by post
/// or waits at a counter. Any other file, or a case not waiting for delivery, changes
/// nothing.
pub async fn retrieved(db: &Db, clock: &dyn Clock, who: &Acting<'_>, application: Uuid, file: Uuid) -> Result<()> {
    let account = who.account;
    let case = crate::applications::own(db, who, application).await?;
    let by_other_means = case.delivery.as_ref().is_some_and(|d| d.method != delivery::Method::Download);
    if case.status != Status::Decided || by_other_means {
        return Ok(());
    }
    if !decisions::of_case(db, case.id).await?.iter().any(|d| d.file_id == file) {
        return Ok(());
    }
    match apply(db, clock, &format!("account:{}", account.id), &case, Step::Deliver, "", None).await {
        // Two downloads at once: the other one delivered it.
        Ok(_) | Err(Error::Conflict(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

async fn apply(
    db: &Db,
    clock: &dyn Clock,
    actor: &str,
    case: &Application,
    step: Step,
    message: &str,
    respond_by: Option<chrono::NaiveDate>,
) -> Result<Status> {
    let tx = db.begin().await?;
    let to = apply_in(&tx, clock, actor, case, step, message, respond_by).await?;
    tx.commit().await?;
    Ok(to)
}

/// A step inside the caller's transaction (a decision is issued together with its
/// step); on `Conflict` the caller drops the transaction, which rolls it back.
/// `respond_by` is the deadline of an information request (checked by the caller).
pub(crate) async fn apply_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    actor: &str,
    case: &Application,
    step: Step,
    message: &str,
    respond_by: Option<chrono::NaiveDate>,
) -> Result<Status> {
    let from = case.status;
    let to = workflow::next(from, step).ok_or_else(|| {
        Error::Conflict(format!(
            "a case that is {} cannot take the step \"{}\"",
            from.as_str(),
            step.as_str()
        ))
    })?;
    let now = clock.now();
    // The due date stands still while the authority waits for the resident.
    let (due_on, waiting_since) = match step {
        Step::RequestInformation => (case.due_on, Some(now)),
        Step::ResumeReview => {
            let waited = case
                .waiting_since
                .map(|since| due::working_days_between(due::local_date(since), due::local_date(now)))
                .unwrap_or(0);
            (case.due_on.map(|d| due::add_working_days(d, waited)), None)
        }
        _ => (case.due_on, case.waiting_since),
    };
    let outcome = match step {
        Step::Decide(outcome) => Some(outcome),
        _ => case.outcome,
    };
    let moved = tx
        .execute_raw(stmt(
            tx,
            "UPDATE applications SET status = $1, due_on = $2, waiting_since = $3, outcome = $4, updated_at = $5, \
             closed_at = COALESCE($8, closed_at), respond_by = $9, information_reminded_at = NULL, \
             decided_at = COALESCE(decided_at, $10) \
             WHERE id = $6 AND status = $7",
            vec![
                to.as_str().into(),
                due_on.into(),
                waiting_since.into(),
                outcome.map(Outcome::as_str).into(),
                now.into(),
                case.id.into(),
                from.as_str().into(),
                // The retention period runs from here.
                matches!(to, Status::Closed | Status::Withdrawn).then_some(now).into(),
                // A deadline only while the information is requested.
                respond_by.filter(|_| to == Status::InformationRequested).into(),
                // The figures count lead times from the first decision.
                matches!(step, Step::Decide(_)).then_some(now).into(),
            ],
        ))
        .await?;
    if moved.rows_affected() == 0 {
        return Err(Error::Conflict(
            "the case was changed in the meantime; reload it and try again".into(),
        ));
    }
    event(tx, clock, case.id, step.event(), actor).await?;
    if step == Step::RequestInformation {
        let lang = case.lang;
        let reference = case.reference.clone().unwrap_or_default();
        let by = respond_by.ok_or_else(|| Error::Invalid(RESPOND_BY_INVALID.into()))?;
        reminder::schedule(tx, clock, case.id, by).await?;
        inbox::post(
            tx,
            clock,
            NewMessage {
                account_id: case.account_id,
                application_id: Some(case.id),
                kind: inbox::KIND_INFORMATION_REQUEST,
                subject: lang.t_args(
                    "case-request-subject",
                    &[("reference", reference), ("date", rathaus_platform::i18n::date(lang, by))],
                ),
                body: message.to_string(),
                file_id: None,
                sender: Sender::Authority,
                author_id: actor_id(actor),
            },
        )
        .await?;
    }
    // The person is told of what others do; not of their own withdrawal or download.
    if actor_id(actor) != Some(case.account_id) {
        jobs::enqueue(
            tx,
            clock,
            // The deadline travels with the notice: the mail may go out after an answer.
            notice::job(case.id, step.event(), respond_by)?,
        )
        .await?;
    }
    audit::record(
        tx,
        clock,
        AuditEvent::new(actor, "case.transition", format!("application:{}", case.id)).with_details(json!({
            "from": from.as_str(),
            "to": to.as_str(),
            "step": step.as_str(),
        })),
    )
    .await?;
    Ok(to)
}

/// The account behind an actor string `account:<id>`.
fn actor_id(actor: &str) -> Option<Uuid> {
    actor.strip_prefix("account:").and_then(|id| Uuid::parse_str(id).ok())
}

/// A staff member who can take cases of an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colleague {
    pub id: Uuid,
    pub name: String,
}

/// Everyone holding a case role in `agency`, by name.
pub async fn colleagues(db: &Db, agency: &str) -> Result<Vec<Colleague>> {
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT DISTINCT a.id, a.display_name FROM role_grants g JOIN accounts a ON a.id = g.account_id \
             WHERE g.scope = $1 AND g.role IN ('case_worker', 'team_lead') ORDER BY a.display_name, a.id",
            vec![agency.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Colleague {
                id: r.try_get("", "id")?,
                name: r.try_get("", "display_name")?,
            })
        })
        .collect()
}

/// Assigns a case (or gives it back with `None`). Anyone in the agency takes an
/// unassigned case or hands on their own; only a team lead moves a colleague's case.
pub async fn assign(db: &Db, clock: &dyn Clock, scope: &CaseScope, case: &Application, to: Option<Uuid>) -> Result<()> {
    let agency = case.agency_id.as_deref().ok_or(Error::NotFound)?;
    let held_by_other = case.assignee_id.is_some_and(|a| a != scope.account);
    if held_by_other && !scope.leads(agency) {
        return Err(Error::Forbidden);
    }
    if let Some(person) = to
        && !colleagues(db, agency).await?.iter().any(|c| c.id == person)
    {
        return Err(Error::Invalid("the person holds no case role in this agency".into()));
    }
    // Only if nobody changed the assignment since the page was read.
    let (guard, mut values) = match case.assignee_id {
        Some(current) => ("assignee_id = $3", vec![current.into()]),
        None => ("assignee_id IS NULL", vec![]),
    };
    values.splice(0..0, [to.into(), case.id.into()]);
    let tx = db.begin().await?;
    let changed = tx
        .execute_raw(stmt(
            &tx,
            &format!("UPDATE applications SET assignee_id = $1 WHERE id = $2 AND {guard}"),
            values,
        ))
        .await?;
    if changed.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(Error::Conflict(
            "the case was assigned in the meantime; reload it and try again".into(),
        ));
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(scope.actor(), "case.assigned", format!("application:{}", case.id))
            .with_details(json!({ "from": case.assignee_id, "to": to })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
