//! Four eyes on decisions (Vier-Augen-Prinzip). Where an agency requires it for a
//! service, a clerk does not issue a decision but proposes it, with its reasons; a second
//! clerk of the agency approves it — then it is issued as proposed — or returns it with
//! a reason. Nobody approves their own proposal, a returned proposal cannot be approved,
//! and a decision of such a service cannot be issued without an approved proposal
//! (`decisions::issue` refuses it). Each step is in the case's event log and the audit.
//! An agency may also require a second clerk for every decision that waives a fee,
//! on all its services.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DeriveValueType, FromQueryResult};
use serde_json::json;
use uuid::Uuid;

use super::CaseScope;
use super::decisions::{self, Draft};
use super::workflow::Status;
use crate::applications::{Application, event};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// The longest note to the second clerk or reason for a return.
pub const MAX_NOTE_CHARS: usize = 5_000;

/// Whether decisions of `service` at `agency` need a second clerk.
pub async fn required<C: ConnectionTrait>(conn: &C, agency: &str, service: &str) -> Result<bool> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT required FROM four_eyes_services WHERE agency_id = $1 AND service_id = $2",
            vec![agency.into(), service.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "required")?,
        None => false,
    })
}

/// Whether a decision of `service` at `agency` needs a second clerk: always where the
/// service requires it, and for a fee waiver where the agency requires it for waivers.
pub async fn required_for<C: ConnectionTrait>(conn: &C, agency: &str, service: &str, waives_fee: bool) -> Result<bool> {
    Ok(required(conn, agency, service).await? || (waives_fee && fee_waivers(conn, agency).await?))
}

/// Whether every fee waiver of `agency` needs a second clerk.
pub async fn fee_waivers<C: ConnectionTrait>(conn: &C, agency: &str) -> Result<bool> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT fee_waivers FROM four_eyes_agencies WHERE agency_id = $1",
            vec![agency.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "fee_waivers")?,
        None => false,
    })
}

/// Requires (or no longer requires) a second clerk for every fee waiver of `agency`;
/// audited. The caller has checked that `actor` administers the agency.
pub async fn set_fee_waivers(db: &Db, clock: &dyn Clock, actor: Uuid, agency: &str, required: bool) -> Result<()> {
    let tx = db.begin().await?;
    write(&tx, clock, Some(actor), agency, Rule::FeeWaivers, required, true).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{actor}"), "four-eyes.fee-waivers", format!("agency:{agency}"))
            .with_details(json!({ "required": required })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The demo city's default for fee waivers, unless the agency has already decided.
pub async fn require_fee_waivers_unless_set(db: &Db, clock: &dyn Clock, agency: &str) -> Result<()> {
    let tx = db.begin().await?;
    write(&tx, clock, None, agency, Rule::FeeWaivers, true, false).await?;
    tx.commit().await?;
    Ok(())
}

/// The services of `agency` whose decisions need a second clerk.
pub async fn required_services(db: &Db, agency: &str) -> Result<Vec<String>> {
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT service_id FROM four_eyes_services WHERE agency_id = $1 AND required ORDER BY service_id",
            vec![agency.into()],
        ))
        .await?;
    rows.iter().map(|r| Ok(r.try_get("", "service_id")?)).collect()
}

/// Requires (or no longer requires) a second clerk for `service` at `agency`; audited.
/// The caller has checked that `actor` administers the agency.
pub async fn set(db: &Db, clock: &dyn Clock, actor: Uuid, agency: &str, service: &str, required: bool) -> Result<()> {
    let tx = db.begin().await?;
    write(&tx, clock, Some(actor), agency, Rule::Service(service), required, true).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{actor}"), "four-eyes.set", format!("agency:{agency}"))
            .with_details(json!({ "service": service, "required": required })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The demo city's default: four eyes for these services, unless the agency has
/// already decided otherwise.
pub async fn require_unless_set(db: &Db, clock: &dyn Clock, agency: &str, service: &str) -> Result<()> {
    let tx = db.begin().await?;
    write(&tx, clock, None, agency, Rule::Service(service), true, false).await?;
    tx.commit().await?;
    Ok(())
}

/// What an agency requires a second clerk for: the decisions of one service, or every
/// fee waiver.
#[derive(Debug, Clone, Copy)]
enum Rule<'a> {
    Service(&'a str),
    FeeWaivers,
}

/// Writes one of an agency's four-eyes choices; without `overwrite` a choice the agency
/// has made stays.
async fn write(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    actor: Option<Uuid>,
    agency: &str,
    rule: Rule<'_>,
    required: bool,
    overwrite: bool,
) -> Result<()> {
    let (table, key, column, mut values) = match rule {
        Rule::Service(service) => (
            "four_eyes_services",
            "agency_id, service_id",
            "required",
            vec![agency.into(), service.into()],
        ),
        Rule::FeeWaivers => ("four_eyes_agencies", "agency_id", "fee_waivers", vec![agency.into()]),
    };
    let keys = values.len();
    values.extend([required.into(), actor.into(), clock.now().into()]);
    let placeholders: Vec<String> = (1..=keys + 3).map(|i| format!("${i}")).collect();
    let on_conflict = if overwrite {
        format!("DO UPDATE SET {column} = excluded.{column}, set_by = excluded.set_by, set_at = excluded.set_at")
    } else {
        "DO NOTHING".into()
    };
    tx.execute_raw(stmt(
        tx,
        &format!(
            "INSERT INTO {table} ({key}, {column}, set_by, set_at) VALUES ({}) ON CONFLICT ({key}) {on_conflict}",
            placeholders.join(", ")
        ),
        values,
    ))
    .await?;
    Ok(())
}

/// Where a proposal stands; read from and written to its column as `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "ProposalState::from_column", to_str = "ProposalState::as_str")]
pub enum ProposalState {
    Open,
    Returned,
    Approved,
}

impl ProposalState {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Returned => "returned",
            Self::Approved => "approved",
        }
    }
}

impl State for ProposalState {
    const ALL: &'static [Self] = &[ProposalState::Open, ProposalState::Returned, ProposalState::Approved];

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// An open proposal is returned or approved, once; a returned one is proposed anew.
    fn may_become(self, to: ProposalState) -> bool {
        self == ProposalState::Open && to != ProposalState::Open
    }
}

/// A decision proposed for a second clerk's approval.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Proposal {
    pub id: Uuid,
    pub application_id: Uuid,
    #[sea_orm(nested)]
    pub draft: Draft,
    /// The decision this one corrects.
    pub corrects: Option<Uuid>,
    /// What the proposer tells the second clerk.
    pub note: String,
    pub proposed_by: Uuid,
    pub proposed_at: DateTime<Utc>,
    pub state: ProposalState,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Why it was returned.
    pub answer: String,
    pub decision_id: Option<Uuid>,
}

const COLUMNS: &str = "id, application_id, outcome, title, reasons, remedy, corrects, note, proposed_by, proposed_at, \
                       state, answered_by, answered_at, answer, decision_id, waived_cents, waiver_reason";

/// The proposals of a case, oldest first.
pub async fn of_case(db: &Db, case: Uuid) -> Result<Vec<Proposal>> {
    let conn = db.read();
    Ok(Proposal::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM decision_proposals WHERE application_id = $1 ORDER BY proposed_at, id"),
        vec![case.into()],
    ))
    .all(conn)
    .await?)
}

/// The case's proposal waiting for a second clerk, if any.
pub async fn open_of(db: &Db, case: Uuid) -> Result<Option<Proposal>> {
    Ok(of_case(db, case).await?.into_iter().find(|p| p.state == ProposalState::Open))
}

/// What a clerk proposes.
#[derive(Debug, Clone, Copy)]
pub struct Propose<'a> {
    pub draft: &'a Draft,
    pub corrects: Option<Uuid>,
    pub note: &'a str,
}

/// Proposes a decision on a case the clerk may work on. The case must be open for a
/// decision (in review; decided, for a correction) and have no open proposal.
pub async fn propose(db: &Db, clock: &dyn Clock, scope: &CaseScope, case: &Application, request: &Propose<'_>) -> Result<Proposal> {
    let Propose { draft, corrects, note } = *request;
    decisions::ensure_complete(db, case, draft, corrects.is_some()).await?;
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::Invalid("the note is too long".into()));
    }
    let decidable = match corrects {
        None => case.status == Status::InReview,
        Some(_) => matches!(case.status, Status::Decided | Status::Delivered | Status::Closed),
    };
    if !decidable {
        return Err(Error::Conflict(format!("a case that is {} cannot be decided", case.status)));
    }
    if let Some(old) = corrects
        && !decisions::of_case(db, case.id).await?.iter().any(|d| d.id == old)
    {
        return Err(Error::NotFound);
    }
    let now = clock.now();
    let id = Uuid::now_v7();
    let actor = scope.actor();
    let tx = db.begin().await?;
    let open = tx
        .query_one_raw(stmt(
            &tx,
            "SELECT id FROM decision_proposals WHERE application_id = $1 AND state = 'open'",
            vec![case.id.into()],
        ))
        .await?;
    if open.is_some() {
        return Err(Error::Conflict(
            "a decision on this case is already waiting for a second clerk".into(),
        ));
    }
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO decision_proposals (id, application_id, outcome, title, reasons, remedy, corrects, note, proposed_by, proposed_at, state, \
         waived_cents, waiver_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12)",
        vec![
            id.into(),
            case.id.into(),
            draft.outcome.as_str().into(),
            draft.title.trim().into(),
            draft.reasons.trim().into(),
            draft.remedy.trim().into(),
            corrects.into(),
            note.trim().into(),
            scope.account.into(),
            now.into(),
            draft.waiver.as_ref().map(|w| w.cents).into(),
            draft.waiver.as_ref().map(|w| w.reason.trim()).unwrap_or_default().into(),
        ],
    ))
    .await?;
    event(&tx, clock, case.id, "decision-proposed", &actor).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "decision.proposed", format!("application:{}", case.id)).with_details(json!({
            "proposal": id, "outcome": draft.outcome.as_str(), "corrects": corrects,
            "waived_cents": draft.waiver.as_ref().map(|w| w.cents),
        })),
    )
    .await?;
    tx.commit().await?;
    of_case(db, case.id).await?.into_iter().find(|p| p.id == id).ok_or(Error::NotFound)
}

/// The case's open proposal `id`, for a second clerk: not the proposer.
pub async fn open_for_second_clerk(db: &Db, scope: &CaseScope, case: &Application, id: Uuid) -> Result<Proposal> {
    let proposal = of_case(db, case.id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound)?;
    if proposal.state != ProposalState::Open {
        return Err(Error::Conflict(format!(
            "this proposal is {} and cannot be approved or returned",
            proposal.state.as_str()
        )));
    }
    if proposal.proposed_by == scope.account {
        return Err(Error::Forbidden);
    }
    Ok(proposal)
}

/// Returns an open proposal to its author with a reason.
pub async fn send_back(db: &Db, clock: &dyn Clock, scope: &CaseScope, case: &Application, id: Uuid, reason: &str) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::Invalid("a return needs a reason".into()));
    }
    open_for_second_clerk(db, scope, case, id).await?;
    let actor = scope.actor();
    let tx = db.begin().await?;
    let changed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE decision_proposals SET state = $1, answered_by = $3, answered_at = $4, answer = $5 \
             WHERE id = $6 AND state = $2 AND proposed_by <> $3",
            [
                &ProposalState::Open.step(ProposalState::Returned)[..],
                &[scope.account.into(), clock.now().into(), reason.into(), id.into()],
            ]
            .concat(),
        ))
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(Error::Conflict("the proposal was answered in the meantime".into()));
    }
    event(&tx, clock, case.id, "decision-returned", &actor).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "decision.returned", format!("application:{}", case.id)).with_details(json!({ "proposal": id })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Inside the issue of an approved decision: marks the proposal approved, once, by
/// someone other than its author.
pub(crate) async fn mark_approved(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    scope: &CaseScope,
    case: &Application,
    proposal: Uuid,
    decision: Uuid,
) -> Result<()> {
    let changed = tx
        .execute_raw(stmt(
            tx,
            "UPDATE decision_proposals SET state = $1, answered_by = $3, answered_at = $4, decision_id = $5 \
             WHERE id = $6 AND application_id = $7 AND state = $2 AND proposed_by <> $3",
            [
                &ProposalState::Open.step(ProposalState::Approved)[..],
                &[
                    scope.account.into(),
                    clock.now().into(),
                    decision.into(),
                    proposal.into(),
                    case.id.into(),
                ],
            ]
            .concat(),
        ))
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(Error::Conflict("the proposal was answered in the meantime".into()));
    }
    event(tx, clock, case.id, "decision-approved", &scope.actor()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ProposalState;
    use rathaus_platform::db::state::State;

    /// Every pair of states against the drawn moves: an open proposal is returned or
    /// approved, once; the text of each state reads back as the state.
    #[test]
    fn a_proposal_is_answered_once() {
        for &from in ProposalState::ALL {
            assert_eq!(ProposalState::from_column(from.as_str()).unwrap(), from);
            for &to in ProposalState::ALL {
                let drawn = matches!((from, to), (ProposalState::Open, ProposalState::Returned | ProposalState::Approved));
                assert_eq!(from.may_become(to), drawn, "{from:?} -> {to:?}");
            }
        }
        assert!(ProposalState::from_column("withdrawn").is_err());
    }
}
