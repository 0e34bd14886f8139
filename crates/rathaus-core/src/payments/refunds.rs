//! Refunds (Erstattungen) by the cash office: full or in part, never more than was paid
//! and not yet refunded. Above a configured amount a second person with the payments
//! role must approve (four eyes; nobody approves their own request). The provider is
//! asked with the refund's id as its idempotency key, so approving twice, or again
//! after a crash, pays back once. The resident is told; everything is audited.
//!
//! A decision that waives a fee paid with the application orders its refund
//! ([`ordered_in`]): the decision is the approval, so the cash office neither approves
//! nor refuses it, and a job pays it back, retrying until the provider has.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DeriveValueType, FromQueryResult};
use serde_json::json;
use uuid::Uuid;

use super::provider::{Outcome, Provider};
use super::{COLUMNS as PAYMENT_COLUMNS, Payment, by_id, from_row as payment_from_row};
use crate::accounts::{Role, RoleGrant};
use crate::applications::event;
use crate::cases::notice;
use crate::inbox::{self, NewMessage, Sender};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::config::Config;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::money;
use rathaus_platform::jobs::{self, Job, JobContext, NewJob};
use rathaus_platform::{Error, Result};

/// The Postfach message that tells the resident of a refund.
pub const INBOX_KIND: &str = "refund";

/// The longest reason for a refund.
pub const MAX_REASON_CHARS: usize = 500;

/// The agencies whose payments a staff member handles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentsScope {
    pub account: Uuid,
    pub agencies: Vec<String>,
}

impl PaymentsScope {
    pub fn of(account: Uuid, grants: &[RoleGrant]) -> Self {
        Self {
            account,
            agencies: crate::accounts::agencies_holding(grants, Role::Payments),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    pub fn covers(&self, agency: &str) -> bool {
        self.agencies.iter().any(|a| a == agency)
    }

    fn actor(&self) -> String {
        format!("account:{}", self.account)
    }
}

/// Where a refund stands; read from and written to its column as `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "RefundStatus::from_column", to_str = "RefundStatus::as_str")]
pub enum RefundStatus {
    /// Waiting for a second person's approval.
    Requested,
    Executed,
    Refused,
}

impl RefundStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            RefundStatus::Requested => "requested",
            RefundStatus::Executed => "executed",
            RefundStatus::Refused => "refused",
        }
    }
}

impl State for RefundStatus {
    const ALL: &'static [Self] = &[RefundStatus::Requested, RefundStatus::Executed, RefundStatus::Refused];

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// A requested refund is paid back or refused, once.
    fn may_become(self, to: RefundStatus) -> bool {
        self == RefundStatus::Requested && to != RefundStatus::Requested
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Refund {
    pub id: Uuid,
    pub payment_id: Uuid,
    pub amount_cents: i64,
    pub reason: String,
    pub status: RefundStatus,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The decision that ordered it (a fee waiver), if a decision did.
    pub decision_id: Option<Uuid>,
}

const COLUMNS: &str = "id, payment_id, amount_cents, reason, status, requested_by, requested_at, decided_by, decided_at, decision_id";

pub async fn of_payment(db: &Db, payment: Uuid) -> Result<Vec<Refund>> {
    of_payment_in(db.read(), payment).await
}

/// A payment's refunds, read inside a write transaction where what is bound must not
/// change under the reader.
async fn of_payment_in<C: ConnectionTrait>(conn: &C, payment: Uuid) -> Result<Vec<Refund>> {
    Ok(Refund::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM refunds WHERE payment_id = $1 ORDER BY requested_at, id"),
        vec![payment.into()],
    ))
    .all(conn)
    .await?)
}

/// What may still be refunded: the payment less what was paid back or is waiting for
/// approval.
pub fn refundable(payment: &Payment, refunds: &[Refund]) -> i64 {
    if payment.status != Outcome::Paid {
        return 0;
    }
    let bound: i64 = refunds
        .iter()
        .filter(|r| r.status != RefundStatus::Refused)
        .map(|r| r.amount_cents)
        .sum();
    (payment.amount_cents - bound).max(0)
}

/// A payment of an agency in the scope, with that agency; anything else `NotFound`.
pub async fn payment_in_scope(db: &Db, scope: &PaymentsScope, payment: Uuid) -> Result<(Payment, String)> {
    let payment = by_id(db, payment).await?;
    let conn = db.read();
    let agency: Option<String> = conn
        .query_one_raw(stmt(
            conn,
            "SELECT agency_id FROM applications WHERE id = $1",
            vec![payment.application_id.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?
        .try_get("", "agency_id")?;
    match agency {
        Some(agency) if scope.covers(&agency) => Ok((payment, agency)),
        _ => Err(Error::NotFound),
    }
}

/// What a refund request says.
#[derive(Debug, Clone, Copy)]
pub struct RefundRequest<'a> {
    pub payment: Uuid,
    pub amount_cents: i64,
    pub reason: &'a str,
    /// Above this, a second person approves.
    pub approval_above_cents: i64,
}

/// Requests a refund; one up to the approval limit is paid back at once.
pub async fn request(db: &Db, clock: &dyn Clock, provider: &dyn Provider, scope: &PaymentsScope, ask: RefundRequest<'_>) -> Result<Refund> {
    let (payment, _) = payment_in_scope(db, scope, ask.payment).await?;
    let reason = ask.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(Error::Invalid(format!(
            "a refund needs a reason of at most {MAX_REASON_CHARS} characters"
        )));
    }
    let id = Uuid::now_v7();
    let tx = db.begin().await?;
    // Read what is bound inside the write transaction, so two requests cannot both
    // take the same remainder.
    let refunds = of_payment_in(&tx, payment.id).await?;
    let left = refundable(&payment, &refunds);
    if ask.amount_cents <= 0 || ask.amount_cents > left {
        return Err(Error::Invalid(format!(
            "a refund must be more than 0 and at most {} (what was paid and not yet refunded)",
            money(rathaus_platform::i18n::Lang::De, left)
        )));
    }
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO refunds (id, payment_id, amount_cents, reason, status, requested_by, requested_at) \
         VALUES ($1, $2, $3, $4, 'requested', $5, $6)",
        vec![
            id.into(),
            payment.id.into(),
            ask.amount_cents.into(),
            reason.into(),
            scope.account.into(),
            clock.now().into(),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(scope.actor(), "refund.requested", format!("payment:{}", payment.id))
            .with_details(json!({ "refund": id, "amount_cents": ask.amount_cents, "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    if ask.amount_cents <= ask.approval_above_cents {
        execute(db, clock, provider, scope, id).await?;
    }
    one(db, id).await
}

async fn one(db: &Db, id: Uuid) -> Result<Refund> {
    let conn = db.read();
    Refund::find_by_statement(stmt(conn, &format!("SELECT {COLUMNS} FROM refunds WHERE id = $1"), vec![id.into()]))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// A refund of the scope's agencies that waits for approval.
async fn waiting(db: &Db, scope: &PaymentsScope, id: Uuid) -> Result<Refund> {
    let refund = one(db, id).await?;
    payment_in_scope(db, scope, refund.payment_id).await?;
    if refund.status != RefundStatus::Requested {
        return Err(Error::Conflict("this refund has been decided already".into()));
    }
    if refund.decision_id.is_some() {
        return Err(Error::Conflict(
            "a decision ordered this refund: it is paid back by itself and needs no approval".into(),
        ));
    }
    // Four eyes: the one who asked does not approve or refuse.
    if refund.requested_by == scope.account {
        return Err(Error::Forbidden);
    }
    Ok(refund)
}

/// A second person approves: the money goes back.
pub async fn approve(db: &Db, clock: &dyn Clock, provider: &dyn Provider, scope: &PaymentsScope, id: Uuid) -> Result<()> {
    waiting(db, scope, id).await?;
    execute(db, clock, provider, scope, id).await
}

/// A second person refuses: nothing is paid back, the amount is free again.
pub async fn refuse(db: &Db, clock: &dyn Clock, scope: &PaymentsScope, id: Uuid) -> Result<()> {
    let refund = waiting(db, scope, id).await?;
    let tx = db.begin().await?;
    let changed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE refunds SET status = $1, decided_by = $3, decided_at = $4 WHERE id = $5 AND status = $2",
            [
                &RefundStatus::Requested.step(RefundStatus::Refused)[..],
                &[scope.account.into(), clock.now().into(), id.into()],
            ]
            .concat(),
        ))
        .await?;
    if changed.rows_affected() == 0 {
        return Err(Error::Conflict("this refund has been decided already".into()));
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(scope.actor(), "refund.refused", format!("payment:{}", refund.payment_id)).with_details(json!({ "refund": id })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Pays back at the provider (idempotent by the refund's id), then records it, tells
/// the resident and audits it in one transaction.
async fn execute(db: &Db, clock: &dyn Clock, provider: &dyn Provider, scope: &PaymentsScope, id: Uuid) -> Result<()> {
    let refund = one(db, id).await?;
    let payment = by_id(db, refund.payment_id).await?;
    let reference = payment
        .provider_ref
        .clone()
        .ok_or_else(|| Error::internal("a paid payment without the provider's reference"))?;
    let provider_ref = provider.refund(&reference, refund.id, refund.amount_cents).await?;
    let now = clock.now();
    let tx = db.begin().await?;
    let changed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE refunds SET status = $1, decided_by = $3, decided_at = $4, provider_ref = $5 WHERE id = $6 AND status = $2",
            [
                &RefundStatus::Requested.step(RefundStatus::Executed)[..],
                &[scope.account.into(), now.into(), provider_ref.into(), id.into()],
            ]
            .concat(),
        ))
        .await?;
    if changed.rows_affected() == 0 {
        // Approved twice at once: the provider paid once, the other approval recorded it.
        return Ok(());
    }
    let actor = scope.actor();
    event(&tx, clock, payment.application_id, "refunded", &actor).await?;
    let application = crate::applications::by_id_in(&tx, payment.application_id).await?;
    let lang = application.lang;
    inbox::post(
        &tx,
        clock,
        NewMessage {
            account_id: payment.account_id,
            application_id: Some(payment.application_id),
            kind: INBOX_KIND,
            subject: lang.t_args(
                "refund-inbox-subject",
                &[("reference", application.reference.clone().unwrap_or_default())],
            ),
            body: lang.t_args(
                "refund-inbox-body",
                &[
                    ("amount", money(lang, refund.amount_cents)),
                    ("cash_reference", payment.cash_reference.clone()),
                    ("reason", refund.reason.clone()),
                ],
            ),
            file_id: None,
            sender: Sender::Authority,
            author_id: Some(scope.account),
        },
    )
    .await?;
    jobs::enqueue(&tx, clock, notice::job(payment.application_id, "refunded", None)?).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "refund.executed", format!("payment:{}", payment.id)).with_details(json!({
            "refund": id, "amount_cents": refund.amount_cents, "requested_by": refund.requested_by,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A payment as the cash office lists it.
#[derive(Debug, Clone)]
pub struct PaymentLine {
    pub payment: Payment,
    pub reference: Option<String>,
    pub refunds: Vec<Refund>,
}

/// The payments of the scope's agencies, newest first; `search` narrows to a
/// Kassenzeichen or a case reference.
pub async fn list(db: &Db, scope: &PaymentsScope, search: Option<&str>) -> Result<Vec<PaymentLine>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..scope.agencies.len()).map(|i| format!("${}", i + 2)).collect();
    let mut values: Vec<sea_orm::Value> = vec![search.map(|s| s.trim().to_uppercase()).unwrap_or_default().into()];
    values.extend(scope.agencies.iter().map(|a| a.clone().into()));
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!(
                "SELECT {PAYMENT_COLUMNS}, (SELECT a.reference FROM applications a WHERE a.id = payments.application_id) AS reference \
                 FROM payments WHERE application_id IN (SELECT a.id FROM applications a WHERE a.agency_id IN ({})) \
                 AND ($1 = '' OR UPPER(cash_reference) = $1 \
                      OR application_id IN (SELECT a.id FROM applications a WHERE UPPER(a.reference) = $1)) \
                 ORDER BY created_at DESC, id DESC LIMIT 100",
                marks.join(", ")
            ),
            values,
        ))
        .await?;
    let mut lines = Vec::new();
    for row in rows {
        let payment = payment_from_row(&row)?;
        lines.push(PaymentLine {
            refunds: of_payment(db, payment.id).await?,
            reference: row.try_get("", "reference")?,
            payment,
        });
    }
    Ok(lines)
}

/// A refund a decision orders.
#[derive(Debug, Clone, Copy)]
pub struct Ordered<'a> {
    pub application: Uuid,
    pub decision: Uuid,
    pub amount_cents: i64,
    pub reason: &'a str,
    /// Who issued the decision.
    pub by: Uuid,
}

/// Inside the decision's transaction: records the refund of a fee paid with the
/// application and enqueues its payment. Refuses more than is left to refund.
pub(crate) async fn ordered_in(tx: &DatabaseTransaction, clock: &dyn Clock, order: &Ordered<'_>) -> Result<Uuid> {
    let rows = tx
        .query_all_raw(stmt(
            tx,
            &format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE application_id = $1 AND purpose = 'submission' AND status = 'paid' ORDER BY paid_at, id"),
            vec![order.application.into()],
        ))
        .await?;
    let mut chosen = None;
    for row in &rows {
        let payment = payment_from_row(row)?;
        let refunds = of_payment_in(tx, payment.id).await?;
        if refundable(&payment, &refunds) >= order.amount_cents {
            chosen = Some(payment);
            break;
        }
    }
    let payment = chosen.ok_or_else(|| Error::Conflict("the fee waived is no longer left to refund".into()))?;
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        tx,
        "INSERT INTO refunds (id, payment_id, amount_cents, reason, status, requested_by, requested_at, decision_id) \
         VALUES ($1, $2, $3, $4, 'requested', $5, $6, $7)",
        vec![
            id.into(),
            payment.id.into(),
            order.amount_cents.into(),
            order.reason.into(),
            order.by.into(),
            clock.now().into(),
            order.decision.into(),
        ],
    ))
    .await?;
    audit::record(
        tx,
        clock,
        AuditEvent::new(format!("account:{}", order.by), "refund.ordered", format!("payment:{}", payment.id))
            .with_details(json!({ "refund": id, "amount_cents": order.amount_cents, "decision": order.decision })),
    )
    .await?;
    jobs::enqueue(tx, clock, NewJob::of::<OrderedRefundJob>(&OrderedPayload { refund: id })?).await?;
    Ok(id)
}

pub const ORDERED_JOB: &str = "payments.ordered-refund";

/// Which ordered refund to pay back.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OrderedPayload {
    pub refund: Uuid,
}

/// Pays back a refund a decision ordered; once paid, a repeat finds it executed.
pub struct OrderedRefundJob {
    pub config: Config,
}

#[async_trait]
impl Job for OrderedRefundJob {
    const KIND: &'static str = ORDERED_JOB;
    type Payload = OrderedPayload;

    async fn run(&self, ctx: &JobContext, payload: OrderedPayload) -> Result<()> {
        let refund = one(&ctx.db, payload.refund).await?;
        if refund.status != RefundStatus::Requested {
            return Ok(());
        }
        let provider = super::provider::from_config(&self.config, &ctx.db, &ctx.clock)?;
        let scope = PaymentsScope {
            account: refund.requested_by,
            agencies: Vec::new(),
        };
        execute(&ctx.db, &*ctx.clock, &*provider, &scope, refund.id).await
    }
}

#[cfg(test)]
mod tests {
    use super::RefundStatus;
    use rathaus_platform::db::state::State;

    /// Every pair of states against the drawn moves: a request is executed or refused,
    /// once; the text of each state reads back as the state.
    #[test]
    fn a_refund_is_decided_once() {
        for &from in RefundStatus::ALL {
            assert_eq!(RefundStatus::from_column(from.as_str()).unwrap(), from);
            for &to in RefundStatus::ALL {
                let drawn = matches!(
                    (from, to),
                    (RefundStatus::Requested, RefundStatus::Executed | RefundStatus::Refused)
                );
                assert_eq!(from.may_become(to), drawn, "{from:?} -> {to:?}");
            }
        }
        assert!(RefundStatus::from_column("approved").is_err());
    }
}
