//! Fees and payments (Gebühren, Zahlungen). A payment is created once per idempotency
//! key (a double click or a retry gets the same one; the same key for another request
//! is a conflict), handed to a provider, and settled only by the provider's signed
//! webhook or a status query — exactly once, however often and in whatever order
//! those arrive. What a payment pays for happens in the transaction that settles it.

pub mod confirmation;
pub mod fees;
pub mod invoices;
pub mod provider;
pub mod reconciliation;
pub mod recovery;
pub mod refunds;
pub mod signature;
pub mod testkasse;
pub mod testkasse_webhook;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DeriveValueType, FromQueryResult};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use fees::Fee;
use provider::{Outcome, Provider, ProviderRequest, ProviderStatus};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// What a payment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Purpose::from_column", to_str = "Purpose::as_str")]
pub enum Purpose {
    /// The fee due with the application: paying it submits the application.
    Submission,
    /// The fee due after the decision, invoiced with it.
    Invoice,
}

impl Purpose {
    pub fn as_str(&self) -> &'static str {
        match self {
            Purpose::Submission => "submission",
            Purpose::Invoice => "invoice",
        }
    }

    fn from_column(text: &str) -> Result<Purpose> {
        [Purpose::Submission, Purpose::Invoice]
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| Error::internal(format!("unknown payment purpose {text}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Payment {
    pub id: Uuid,
    pub account_id: Uuid,
    pub application_id: Uuid,
    pub purpose: Purpose,
    pub amount_cents: i64,
    pub fee: Fee,
    /// The Kassenzeichen.
    pub cash_reference: String,
    pub status: Outcome,
    pub provider: String,
    pub provider_ref: Option<String>,
    pub redirect_url: Option<String>,
    pub method: Option<String>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    /// An invoice's due day.
    pub due_on: Option<NaiveDate>,
}

pub(crate) const COLUMNS: &str = "id, account_id, application_id, purpose, amount_cents, fee, cash_reference, status, provider, \
     provider_ref, redirect_url, method, created_at, paid_at, request_hash, due_on";

pub(crate) fn from_row(row: &sea_orm::QueryResult) -> Result<Payment> {
    Ok(Payment::from_query_result(row, "")?)
}

async fn one<C: ConnectionTrait>(conn: &C, condition: &str, values: Vec<sea_orm::Value>) -> Result<Option<(Payment, String)>> {
    let row = conn
        .query_one_raw(stmt(conn, &format!("SELECT {COLUMNS} FROM payments WHERE {condition}"), values))
        .await?;
    match row {
        Some(row) => Ok(Some((from_row(&row)?, row.try_get("", "request_hash")?))),
        None => Ok(None),
    }
}

/// A payment of the account's (someone else's is `NotFound`).
pub async fn own(db: &Db, account: Uuid, id: Uuid) -> Result<Payment> {
    one(db.read(), "id = $1 AND account_id = $2", vec![id.into(), account.into()])
        .await?
        .map(|(p, _)| p)
        .ok_or(Error::NotFound)
}

/// The payment made under an idempotency key, if any.
pub async fn by_idempotency_key(db: &Db, key: &str) -> Result<Option<Payment>> {
    Ok(one(db.read(), "idempotency_key = $1", vec![key.into()]).await?.map(|(p, _)| p))
}

pub async fn by_id(db: &Db, id: Uuid) -> Result<Payment> {
    one(db.read(), "id = $1", vec![id.into()])
        .await?
        .map(|(p, _)| p)
        .ok_or(Error::NotFound)
}

/// The payments of an application, newest first.
pub async fn of_application(db: &Db, application: Uuid) -> Result<Vec<Payment>> {
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!("SELECT {COLUMNS} FROM payments WHERE application_id = $1 ORDER BY created_at DESC, id DESC"),
            vec![application.into()],
        ))
        .await?;
    rows.iter().map(from_row).collect()
}

/// An open payment of the application (while it runs, the answers it was computed
/// from stay as they are).
pub async fn open_for(db: &Db, application: Uuid) -> Result<Option<Payment>> {
    Ok(of_application(db, application)
        .await?
        .into_iter()
        .find(|p| p.status == Outcome::Open))
}

/// What to create.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    pub account: Uuid,
    pub application: Uuid,
    pub purpose: Purpose,
    pub fee: &'a Fee,
    /// The same key for the same request returns the same payment.
    pub idempotency_key: &'a str,
    /// The request as the client sent it, canonical (an API client's body); empty for
    /// Rathaus's own pages. Part of what "the same request" means.
    pub request: &'a str,
    /// What the payer reads at the provider (the Kassenzeichen is added).
    pub description: &'a str,
}

/// Why a reused idempotency key is refused (422, as the IETF Idempotency-Key draft says).
pub const KEY_REUSED: &str = "this Idempotency-Key was used for another request: use a new key for a new request";

/// Why a repeated request waits (409): the first one with its key is not finished.
pub const STILL_PROCESSING: &str = "the same request is still being processed: repeat it in a moment to get its result";

fn request_hash(new: &NewPayment) -> String {
    let mut canonical = json!({
        "account": new.account, "application": new.application, "purpose": new.purpose.as_str(), "fee": new.fee,
    });
    // Only when there is one, so the hashes of earlier payments stay as they were.
    if !new.request.is_empty() {
        canonical["request"] = json!(new.request);
    }
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// The payment an idempotency key made before, if `new` is the same request: another
/// request under the key is `Invalid` (422), the same one still being made at the
/// provider `Conflict` (409).
pub async fn replayed(db: &Db, new: &NewPayment<'_>) -> Result<Option<Payment>> {
    match one(db.write(), "idempotency_key = $1", vec![new.idempotency_key.into()]).await? {
        None => Ok(None),
        Some((_, stored)) if stored != request_hash(new) => Err(Error::Invalid(KEY_REUSED.into())),
        Some((payment, _)) if payment.provider_ref.is_none() && payment.status == Outcome::Open => {
            Err(Error::Conflict(STILL_PROCESSING.into()))
        }
        Some((payment, _)) => Ok(Some(payment)),
    }
}

/// Creates the payment — or returns the one this key made before — and makes sure the
/// provider holds it. `return_url` gives the address the provider sends the payer back
/// to, from the payment's id.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    provider: &dyn Provider,
    new: &NewPayment<'_>,
    return_url: &(dyn Fn(Uuid) -> String + Sync),
) -> Result<Payment> {
    if new.fee.total_cents <= 0 {
        return Err(Error::Invalid("nothing to pay".into()));
    }
    let hash = request_hash(new);
    let existing = one(db.read(), "idempotency_key = $1", vec![new.idempotency_key.into()]).await?;
    let payment = match existing {
        Some((payment, stored)) if stored == hash => payment,
        Some(_) => return Err(Error::Invalid(KEY_REUSED.into())),
        None => insert(db, clock, provider, new, &hash).await?,
    };
    at_provider(db, clock, provider, payment, new.description, return_url).await
}

/// Makes sure the provider holds an open payment (for an invoice: when the person
/// starts paying it).
pub async fn at_provider(
    db: &Db,
    clock: &dyn Clock,
    provider: &dyn Provider,
    payment: Payment,
    description: &str,
    return_url: &(dyn Fn(Uuid) -> String + Sync),
) -> Result<Payment> {
    if payment.provider_ref.is_some() || payment.status != Outcome::Open {
        return Ok(payment);
    }
    // The provider is asked with our id as its idempotency key: two requests racing
    // here get the provider's one payment.
    let created = provider
        .create(&ProviderRequest {
            merchant_ref: payment.id,
            amount_cents: payment.amount_cents,
            description: format!("{} {description}", payment.cash_reference),
            return_url: return_url(payment.id),
        })
        .await?;
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE payments SET provider_ref = $1, redirect_url = $2, updated_at = $3 WHERE id = $4 AND provider_ref IS NULL",
        vec![
            created.reference.into(),
            created.redirect_url.into(),
            clock.now().into(),
            payment.id.into(),
        ],
    ))
    .await?;
    by_id(db, payment.id).await
}

async fn insert(db: &Db, clock: &dyn Clock, provider: &dyn Provider, new: &NewPayment<'_>, hash: &str) -> Result<Payment> {
    let tx = db.begin().await?;
    insert_in(&tx, clock, (provider.name(), None), new, hash).await?;
    tx.commit().await?;
    // Whoever won the insert, the key now names one payment.
    let (payment, stored) = one(db.read(), "idempotency_key = $1", vec![new.idempotency_key.into()])
        .await?
        .ok_or_else(|| Error::internal("payment vanished after insert"))?;
    if stored != hash {
        return Err(Error::Invalid(KEY_REUSED.into()));
    }
    Ok(payment)
}

/// Inserts an open payment with a new Kassenzeichen, unless its key exists already.
async fn insert_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    (provider, due_on): (&str, Option<NaiveDate>),
    new: &NewPayment<'_>,
    hash: &str,
) -> Result<()> {
    let now = clock.now();
    let id = Uuid::now_v7();
    let number: i64 = tx
        .query_one_raw(stmt(
            tx,
            "INSERT INTO cash_reference_counters (year, last) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last = cash_reference_counters.last + 1 RETURNING last",
            vec![now.year().into()],
        ))
        .await?
        .ok_or_else(|| Error::internal("no cash reference number"))?
        .try_get("", "last")?;
    let cash_reference = format!("KZ-{}-{number:07}", now.year());
    let fee = serde_json::to_string(new.fee).map_err(|e| Error::internal(e.to_string()))?;
    let inserted = tx
        .execute_raw(stmt(
            tx,
            "INSERT INTO payments (id, account_id, application_id, purpose, amount_cents, fee, cash_reference, status, provider, \
             idempotency_key, request_hash, created_at, updated_at, due_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $11, $12) ON CONFLICT (idempotency_key) DO NOTHING",
            vec![
                id.into(),
                new.account.into(),
                new.application.into(),
                new.purpose.as_str().into(),
                new.fee.total_cents.into(),
                fee.into(),
                cash_reference.clone().into(),
                provider.into(),
                new.idempotency_key.into(),
                hash.into(),
                now.into(),
                due_on.into(),
            ],
        ))
        .await?;
    if inserted.rows_affected() == 1 {
        audit::record(
            tx,
            clock,
            AuditEvent::new(format!("account:{}", new.account), "payment.created", format!("payment:{id}")).with_details(json!({
                "application": new.application, "amount_cents": new.fee.total_cents, "cash_reference": cash_reference,
                "purpose": new.purpose.as_str(),
            })),
        )
        .await?;
    }
    Ok(())
}

/// Invoices a fee due after the decision, inside the transaction that issues it: an
/// open payment due in `payment_days`, one per application (a correction does not
/// invoice again). It reaches a provider only when the person starts paying.
pub(crate) async fn invoice_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    case: &crate::applications::Application,
    fee: &Fee,
    payment_days: u32,
) -> Result<Option<Payment>> {
    if fee.total_cents <= 0 {
        return Ok(None);
    }
    let key = format!("invoice:{}", case.id);
    let new = NewPayment {
        account: case.account_id,
        application: case.id,
        purpose: Purpose::Invoice,
        fee,
        idempotency_key: &key,
        request: "",
        description: "",
    };
    let due_on = crate::cases::due::local_date(clock.now()) + chrono::Duration::days(i64::from(payment_days));
    // The provider is named when the person pays.
    insert_in(tx, clock, ("", Some(due_on)), &new, &request_hash(&new)).await?;
    Ok(one(tx, "idempotency_key = $1", vec![key.into()]).await?.map(|(p, _)| p))
}

/// What a paid payment pays for, done inside the transaction that marks it paid.
#[async_trait]
pub trait OnPaid: Send + Sync {
    async fn paid(&self, tx: &DatabaseTransaction, payment: &Payment) -> Result<()>;
}

/// How a report about a payment was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// It changed the payment now.
    Now,
    /// The payment was settled before (a repeated or late report); nothing changed.
    Already,
    /// The provider says it is still open.
    StillOpen,
    /// The report named another amount or currency: nothing changed (audited, alerted).
    Refused,
}

/// Applies what the provider reports. Only an open payment moves, and only once: the
/// `UPDATE … WHERE status = 'open'` lets one of any number of concurrent reports win;
/// a late "failed" after "paid" changes nothing.
async fn settle(db: &Db, clock: &dyn Clock, payment: &Payment, report: Report<'_>, on_paid: &dyn OnPaid) -> Result<Settled> {
    let Report { status, event } = report;
    let id = payment.id;
    let now = clock.now();
    let tx = db.begin().await?;
    // A webhook event counts once, recorded with what it changes.
    if let Some(event_id) = event {
        let recorded = tx
            .execute_raw(stmt(
                &tx,
                "INSERT INTO payment_events (provider, event_id, payment_id, kind, received_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (provider, event_id) DO NOTHING",
                vec![
                    payment.provider.clone().into(),
                    event_id.into(),
                    id.into(),
                    status.outcome.as_str().into(),
                    now.into(),
                ],
            ))
            .await?;
        if recorded.rows_affected() == 0 {
            return Ok(Settled::Already);
        }
    }
    if status.outcome == Outcome::Open {
        tx.commit().await?;
        return Ok(Settled::StillOpen);
    }
    // A report about another amount or currency settles nothing, however well signed.
    if !status.matches(payment.amount_cents) {
        tracing::error!(
            payment = %id, provider = %payment.provider, claimed_cents = ?status.amount_cents, currency = ?status.currency,
            expected_cents = payment.amount_cents,
            "ALERT: a payment report names another amount or currency than the payment; refused. Check the provider's account and the webhook secret"
        );
        drop(tx);
        audit::record(
            db.write(),
            clock,
            AuditEvent::new(
                format!("provider:{}", payment.provider),
                "payment.report-refused",
                format!("payment:{id}"),
            )
            .with_details(json!({
                "claimed": status.outcome.as_str(), "claimed_cents": status.amount_cents, "currency": status.currency,
                "expected_cents": payment.amount_cents, "source": if event.is_some() { "webhook" } else { "status-query" },
            })),
        )
        .await?;
        return Ok(Settled::Refused);
    }
    let paid_at = (status.outcome == Outcome::Paid).then_some(now);
    let changed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE payments SET status = $1, method = $3, paid_at = $4, updated_at = $5 WHERE id = $6 AND status = $2",
            [
                &Outcome::Open.step(status.outcome)[..],
                &[status.method.clone().into(), paid_at.into(), now.into(), id.into()],
            ]
            .concat(),
        ))
        .await?;
    if changed.rows_affected() == 0 {
        // Settled before; the event (if any) is kept as received.
        tx.commit().await?;
        return Ok(Settled::Already);
    }
    let (payment, _) = one(&tx, "id = $1", vec![id.into()]).await?.ok_or(Error::NotFound)?;
    if status.outcome == Outcome::Paid {
        on_paid.paid(&tx, &payment).await?;
        rathaus_platform::jobs::enqueue(&tx, clock, confirmation::job(payment.id)?).await?;
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(
            format!("provider:{}", payment.provider),
            format!("payment.{}", status.outcome.as_str()),
            format!("payment:{id}"),
        )
        .with_details(json!({
            "application": payment.application_id, "amount_cents": payment.amount_cents,
            "method": status.method, "source": if event.is_some() { "webhook" } else { "status-query" },
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(Settled::Now)
}

/// A provider's report: the status, and the webhook event it came with (none for the
/// answer to a status query).
#[derive(Debug, Clone, Copy)]
struct Report<'a> {
    status: &'a ProviderStatus,
    event: Option<&'a str>,
}

/// Takes a verified webhook: a repeated event id changes nothing; otherwise it settles
/// the payment it names.
pub async fn take_webhook(
    db: &Db,
    clock: &dyn Clock,
    provider: &dyn Provider,
    event: &provider::WebhookEvent,
    on_paid: &dyn OnPaid,
) -> Result<Settled> {
    let (payment, _) = one(
        db.read(),
        "provider = $1 AND provider_ref = $2",
        vec![provider.name().into(), event.reference.clone().into()],
    )
    .await?
    .ok_or(Error::NotFound)?;
    let report = Report {
        status: &event.status,
        event: Some(&event.event_id),
    };
    match settle(db, clock, &payment, report, on_paid).await? {
        // The webhook is not believed; the provider's own record decides.
        Settled::Refused => match query(db, clock, provider, &payment, on_paid).await? {
            Settled::Now => Ok(Settled::Now),
            _ => Ok(Settled::Refused),
        },
        other => Ok(other),
    }
}

/// Asks the provider where a payment stands and settles it by the answer (the return
/// from the provider's page, and recovery after a crash).
pub async fn query(db: &Db, clock: &dyn Clock, provider: &dyn Provider, payment: &Payment, on_paid: &dyn OnPaid) -> Result<Settled> {
    let Some(reference) = &payment.provider_ref else {
        return Ok(Settled::StillOpen);
    };
    if payment.status != Outcome::Open {
        return Ok(Settled::Already);
    }
    let status = provider.status(reference).await?;
    if status.outcome == Outcome::Open {
        return Ok(Settled::StillOpen);
    }
    settle(
        db,
        clock,
        payment,
        Report {
            status: &status,
            event: None,
        },
        on_paid,
    )
    .await
}

/// Recovery: asks the provider about every payment open for a while and settles it by
/// the answer. This completes a payment the provider confirmed while Rathaus was down
/// (its webhook lost, the person never came back). Returns how many were settled.
/// `older_than` leaves the person time on the provider's page.
pub async fn recover(
    db: &Db,
    clock: &dyn Clock,
    provider: &dyn Provider,
    on_paid: &dyn OnPaid,
    older_than: chrono::Duration,
) -> Result<usize> {
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM payments WHERE status = 'open' AND provider = $1 AND provider_ref IS NOT NULL \
                 AND created_at < $2 ORDER BY created_at LIMIT 200"
            ),
            vec![provider.name().into(), (clock.now() - older_than).into()],
        ))
        .await?;
    let mut settled = 0;
    for row in &rows {
        let payment = from_row(row)?;
        match query(db, clock, provider, &payment, on_paid).await {
            Ok(Settled::Now) => settled += 1,
            Ok(_) => {}
            // One payment the provider cannot answer for does not stop the others.
            Err(e) => tracing::warn!(payment = %payment.id, error = %e, "recovery could not ask the provider"),
        }
    }
    if settled > 0 {
        tracing::info!(settled, "recovered payments the provider had settled");
    }
    Ok(settled)
}
