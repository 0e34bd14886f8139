//! The Testkasse: a payment provider for tests and demos that behaves like an external
//! one. It keeps its own state (`testkasse_payments`), shows its own hosted page
//! (`/testkasse/{reference}`: card, bank redirect, SEPA direct debit with a mandate),
//! sends the person back to Rathaus, and reports the outcome by a signed webhook sent
//! as a job over HTTP. Its side of the code never touches Rathaus's payments; Rathaus
//! reaches it only through [`Provider`]. A real provider's client makes HTTP calls
//! where this one reads its table.

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

use super::provider::{Created, Outcome, Provider, ProviderRequest, ProviderStatus, WebhookEvent};
use super::signature;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{self, NewJob};
use rathaus_platform::{Error, Result};

pub const NAME: &str = "testkasse";
/// Sends the webhook of a decided payment (payload: reference and event id).
pub const WEBHOOK_JOB: &str = "testkasse.webhook";
/// Where the Testkasse posts its webhooks to Rathaus (no session, no CSRF token: the
/// signature is the proof).
pub const WEBHOOK_PATH: &str = "/zahlungen/webhook/testkasse";
/// The header the signature travels in.
pub const SIGNATURE_HEADER: &str = "testkasse-signature";

/// Test cards: any number passing the Luhn check is paid, except this one, which the
/// "bank" declines.
pub const DECLINED_CARD: &str = "4000000000000002";

pub struct Testkasse {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Rathaus's public address, under which the hosted page lives.
    pub base_url: String,
    pub secret: Vec<u8>,
    pub tolerance_secs: i64,
}

/// A payment as the Testkasse keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestkassePayment {
    pub reference: String,
    pub merchant_ref: Uuid,
    pub amount_cents: i64,
    pub description: String,
    pub return_url: String,
    pub status: Outcome,
    pub method: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A payment's row: the Testkasse keeps the merchant's reference as the text it was sent.
#[derive(FromQueryResult)]
struct Row {
    reference: String,
    merchant_ref: String,
    amount_cents: i64,
    description: String,
    return_url: String,
    status: Outcome,
    method: Option<String>,
    created_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
}

/// The payment a statement selecting [`COLUMNS`] finds.
async fn one<C: ConnectionTrait>(conn: &C, condition: &str, value: sea_orm::Value) -> Result<Option<TestkassePayment>> {
    let Some(r) = Row::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM testkasse_payments WHERE {condition}"),
        vec![value],
    ))
    .one(conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(TestkassePayment {
        merchant_ref: Uuid::parse_str(&r.merchant_ref).map_err(|e| Error::internal(e.to_string()))?,
        reference: r.reference,
        amount_cents: r.amount_cents,
        description: r.description,
        return_url: r.return_url,
        status: r.status,
        method: r.method,
        created_at: r.created_at,
        decided_at: r.decided_at,
    }))
}

const COLUMNS: &str = "reference, merchant_ref, amount_cents, description, return_url, status, method, created_at, decided_at";

pub async fn find(db: &Db, reference: &str) -> Result<TestkassePayment> {
    let conn = db.read();
    one(conn, "reference = $1", reference.into()).await?.ok_or(Error::NotFound)
}

/// The payer's decision on the hosted page: paid with `method`, declined, or cancelled.
/// Only an open payment can be decided; the webhook follows as a job.
pub async fn decide(db: &Db, clock: &dyn Clock, reference: &str, method: Option<&str>, outcome: Outcome) -> Result<TestkassePayment> {
    let tx = db.begin().await?;
    let changed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE testkasse_payments SET status = $1, method = $3, decided_at = $4 WHERE reference = $5 AND status = $2",
            [
                &Outcome::Open.step(outcome)[..],
                &[method.map(str::to_string).into(), clock.now().into(), reference.into()],
            ]
            .concat(),
        ))
        .await?;
    if changed.rows_affected() == 0 {
        return Err(Error::Conflict("this payment has been decided already".into()));
    }
    jobs::enqueue(
        &tx,
        clock,
        NewJob::of::<super::testkasse_webhook::WebhookJob>(&super::testkasse_webhook::Payload {
            reference: reference.to_string(),
            event: format!("evt_{}", Uuid::now_v7().simple()),
        })?,
    )
    .await?;
    tx.commit().await?;
    find(db, reference).await
}

/// The webhook body for a decided payment.
pub fn event_body(payment: &TestkassePayment, event_id: &str, at: DateTime<Utc>) -> Vec<u8> {
    let kind = match payment.status {
        Outcome::Paid => "payment.succeeded",
        Outcome::Failed => "payment.failed",
        Outcome::Cancelled => "payment.cancelled",
        Outcome::Open => "payment.open",
    };
    serde_json::to_vec(&json!({
        "id": event_id,
        "type": kind,
        "created": at.timestamp(),
        "payment": {
            "reference": payment.reference,
            "merchant_ref": payment.merchant_ref,
            "amount_cents": payment.amount_cents,
            "currency": "EUR",
            "status": payment.status.as_str(),
            "method": payment.method,
        },
    }))
    .unwrap_or_default()
}

/// The signature header for a webhook body.
pub fn sign(secret: &[u8], body: &[u8], at: DateTime<Utc>) -> String {
    signature::sign(secret, body, at)
}

/// Luhn check of a card number (spaces allowed).
pub fn luhn(number: &str) -> bool {
    let digits: Vec<u32> = number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .unwrap_or_default();
    if !(12..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// An expiry `MM/YY` that has not passed by `today`.
pub fn expiry_valid(text: &str, today: NaiveDate) -> bool {
    let Some((m, y)) = text.trim().split_once('/') else { return false };
    let (Ok(month), Ok(year)) = (m.trim().parse::<u32>(), y.trim().parse::<i32>()) else {
        return false;
    };
    (1..=12).contains(&month) && (2000 + year, month) >= (today.year(), today.month())
}

/// An IBAN with a valid check sum (ISO 13616, mod 97).
pub fn iban_valid(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if !(15..=34).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = c.to_digit(36).unwrap_or(0);
        for digit in value.to_string().chars() {
            remainder = (remainder * 10 + digit.to_digit(10).unwrap_or(0)) % 97;
        }
    }
    remainder == 1
}

#[async_trait]
impl Provider for Testkasse {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn create(&self, request: &ProviderRequest) -> Result<Created> {
        let reference = format!("tk_{}", Uuid::now_v7().simple());
        let conn = self.db.write();
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO testkasse_payments (reference, merchant_ref, amount_cents, description, return_url, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6) ON CONFLICT (merchant_ref) DO NOTHING",
            vec![
                reference.into(),
                request.merchant_ref.to_string().into(),
                request.amount_cents.into(),
                request.description.clone().into(),
                request.return_url.clone().into(),
                self.clock.now().into(),
            ],
        ))
        .await?;
        let payment = one(conn, "merchant_ref = $1", request.merchant_ref.to_string().into())
            .await?
            .ok_or_else(|| Error::internal("testkasse lost a payment it just made"))?;
        if payment.amount_cents != request.amount_cents {
            return Err(Error::Conflict("the provider holds this payment with another amount".into()));
        }
        Ok(Created {
            redirect_url: format!("{}/testkasse/{}", self.base_url.trim_end_matches('/'), payment.reference),
            reference: payment.reference,
        })
    }

    async fn status(&self, reference: &str) -> Result<ProviderStatus> {
        let payment = find(&self.db, reference).await?;
        Ok(ProviderStatus {
            outcome: payment.status,
            method: payment.method,
            amount_cents: Some(payment.amount_cents),
            currency: Some("EUR".into()),
        })
    }

    async fn refund(&self, reference: &str, refund_id: Uuid, amount_cents: i64) -> Result<String> {
        let tx = self.db.begin().await?;
        let payment = one(&tx, "reference = $1", reference.into()).await?.ok_or(Error::NotFound)?;
        if payment.status != Outcome::Paid {
            return Err(Error::Conflict("only a paid payment can be refunded".into()));
        }
        let inserted = tx
            .execute_raw(stmt(
                &tx,
                "INSERT INTO testkasse_refunds (refund_id, reference, amount_cents, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (refund_id) DO NOTHING",
                vec![
                    refund_id.to_string().into(),
                    reference.into(),
                    amount_cents.into(),
                    self.clock.now().into(),
                ],
            ))
            .await?;
        if inserted.rows_affected() == 1 {
            let refunded: i64 = tx
                .query_one_raw(stmt(
                    &tx,
                    "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS total FROM testkasse_refunds WHERE reference = $1",
                    vec![reference.into()],
                ))
                .await?
                .map(|r| r.try_get::<i64>("", "total"))
                .transpose()?
                .unwrap_or(0);
            if refunded > payment.amount_cents {
                return Err(Error::Conflict("the refunds would exceed the payment".into()));
            }
        }
        tx.commit().await?;
        Ok(format!("tkr_{}", refund_id.simple()))
    }

    fn verify_webhook(&self, signature: Option<&str>, body: &[u8], now: DateTime<Utc>) -> Result<WebhookEvent> {
        signature::verify(&self.secret, signature, body, now, self.tolerance_secs)?;
        let event: serde_json::Value = serde_json::from_slice(body).map_err(|_| Error::Invalid("webhook body is not JSON".into()))?;
        let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
        let status = event["payment"]["status"].as_str().and_then(Outcome::parse);
        match (text(&event["id"]), text(&event["payment"]["reference"]), status) {
            (Some(event_id), Some(reference), Some(outcome)) => Ok(WebhookEvent {
                event_id,
                reference,
                status: ProviderStatus {
                    outcome,
                    method: text(&event["payment"]["method"]),
                    amount_cents: event["payment"]["amount_cents"].as_i64(),
                    currency: text(&event["payment"]["currency"]),
                },
            }),
            _ => Err(Error::Invalid("webhook body lacks id, reference or status".into())),
        }
    }
}

/// The Testkasse's settlement file for `day` (Hamburg time), as a provider sends it:
/// `reference;amount_cents;kind`, payments received positive, refunds negative.
pub async fn settlement(db: &Db, day: NaiveDate) -> Result<String> {
    let start = crate::cases::due::start_of_local_day(day);
    let end = crate::cases::due::start_of_local_day(day.succ_opt().unwrap_or(day));
    let conn = db.read();
    #[derive(FromQueryResult)]
    struct Line {
        key: String,
        amount_cents: i64,
    }
    let paid = Line::find_by_statement(stmt(
        conn,
        "SELECT reference AS key, amount_cents FROM testkasse_payments WHERE status = 'paid' AND decided_at >= $1 AND decided_at < $2 \
         ORDER BY decided_at, reference",
        vec![start.into(), end.into()],
    ))
    .all(conn)
    .await?;
    let refunded = Line::find_by_statement(stmt(
        conn,
        "SELECT refund_id AS key, amount_cents FROM testkasse_refunds WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, refund_id",
        vec![start.into(), end.into()],
    ))
    .all(conn)
    .await?;
    let mut out = String::from("reference;amount_cents;kind\n");
    for line in &paid {
        out.push_str(&format!("{};{};payment\n", line.key, line.amount_cents));
    }
    for line in &refunded {
        let id = Uuid::parse_str(&line.key).map_err(|e| Error::internal(e.to_string()))?;
        out.push_str(&format!("tkr_{};-{};refund\n", id.simple(), line.amount_cents));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cards_and_ibans_are_checked_like_real_ones() {
        assert!(luhn("4242 4242 4242 4242"));
        assert!(luhn(DECLINED_CARD));
        assert!(!luhn("4242 4242 4242 4241"));
        assert!(!luhn("abcd"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert!(expiry_valid("11/26", today));
        assert!(!expiry_valid("10/26", today));
        assert!(!expiry_valid("13/30", today));
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(!iban_valid("DE88 3704 0044 0532 0130 00"));
    }
}
