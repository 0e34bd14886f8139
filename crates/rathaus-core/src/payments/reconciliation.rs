//! Reconciliation (Kassenabgleich): the day's bookings for the city's accounting — each
//! payment received and each refund paid back, with the Kassenzeichen, the service's
//! cost centre and revenue account and the amount in cents — and the comparison with
//! the provider's settlement file for the same day: what only one side knows, and
//! where the amounts differ.

use chrono::{Days, NaiveDate};
use sea_orm::FromQueryResult;
use serde::Deserialize;

use super::fees;
use super::refunds::PaymentsScope;
use crate::cases::due;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// One line for the accounting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub cash_reference: String,
    pub reference: String,
    pub service: String,
    pub cost_centre: String,
    pub revenue_account: String,
    /// Received: positive; paid back: negative.
    pub amount_cents: i64,
    /// `payment` or `refund`.
    pub kind: &'static str,
    pub method: String,
    /// The provider's reference of the payment or the refund.
    pub provider_ref: String,
}

/// The day's bookings handed to the city's accounting, with the export in the audit log.
pub async fn export(db: &Db, clock: &dyn Clock, scope: &PaymentsScope, day: NaiveDate) -> Result<Vec<Booking>> {
    let bookings = bookings(db, &scope.agencies, day).await?;
    audit::record(
        db.write(),
        clock,
        AuditEvent::new(format!("account:{}", scope.account), "payment.exported", "payments")
            .with_details(serde_json::json!({ "day": day, "bookings": bookings.len() })),
    )
    .await?;
    Ok(bookings)
}

/// The bookings of `day` (Hamburg time) for the agencies, payments before refunds.
pub async fn bookings(db: &Db, agencies: &[String], day: NaiveDate) -> Result<Vec<Booking>> {
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let start = due::start_of_local_day(day);
    let end = due::start_of_local_day(day.checked_add_days(Days::new(1)).unwrap_or(day));
    let marks: Vec<String> = (0..agencies.len()).map(|i| format!("${}", i + 3)).collect();
    let mut values: Vec<sea_orm::Value> = vec![start.into(), end.into()];
    values.extend(agencies.iter().map(|a| a.clone().into()));
    let conn = db.read();
    let payments = Moved::find_by_statement(stmt(
        conn,
        &format!(
            "SELECT p.cash_reference, a.reference, a.service_id, p.amount_cents, p.method, p.provider_ref \
                 FROM payments p JOIN applications a ON a.id = p.application_id \
                 WHERE p.status = 'paid' AND p.paid_at >= $1 AND p.paid_at < $2 AND a.agency_id IN ({}) \
                 ORDER BY p.paid_at, p.id",
            marks.join(", ")
        ),
        values.clone(),
    ))
    .all(conn)
    .await?;
    let refunds = Moved::find_by_statement(stmt(
        conn,
        &format!(
            "SELECT p.cash_reference, a.reference, a.service_id, r.amount_cents, p.method, r.provider_ref \
                 FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN applications a ON a.id = p.application_id \
                 WHERE r.status = 'executed' AND r.decided_at >= $1 AND r.decided_at < $2 AND a.agency_id IN ({}) \
                 ORDER BY r.decided_at, r.id",
            marks.join(", ")
        ),
        values,
    ))
    .all(conn)
    .await?;
    let mut lines = Vec::new();
    for (rows, kind, sign) in [(payments, "payment", 1), (refunds, "refund", -1)] {
        for row in rows {
            let rule = fees::rules().services.get(&row.service_id);
            lines.push(Booking {
                cash_reference: row.cash_reference,
                reference: row.reference.unwrap_or_default(),
                cost_centre: rule.map(|r| r.cost_centre.clone()).unwrap_or_default(),
                revenue_account: rule.map(|r| r.revenue_account.clone()).unwrap_or_default(),
                service: row.service_id,
                amount_cents: sign * row.amount_cents,
                kind,
                method: row.method.unwrap_or_default(),
                provider_ref: row.provider_ref.unwrap_or_default(),
            });
        }
    }
    Ok(lines)
}

/// Money that moved: a payment received or a refund paid back.
#[derive(FromQueryResult)]
struct Moved {
    cash_reference: String,
    reference: Option<String>,
    service_id: String,
    amount_cents: i64,
    method: Option<String>,
    provider_ref: Option<String>,
}

/// A line of the provider's settlement file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SettlementLine {
    pub reference: String,
    pub amount_cents: i64,
}

/// Reads a settlement file: CSV with `;`, a header naming at least `reference` and
/// `amount_cents` (refunds negative). A broken line names its number.
pub fn parse_settlement(bytes: &[u8]) -> Result<Vec<SettlementLine>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Error::Invalid("the settlement file is not UTF-8 text".into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    for (i, record) in reader.deserialize::<SettlementLine>().enumerate() {
        lines.push(record.map_err(|e| Error::Invalid(format!("line {} of the settlement file: {e}", i + 2)))?);
    }
    Ok(lines)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// We booked it; the provider did not settle it.
    NotSettled(Booking),
    /// The provider settled it; we have no booking.
    NotBooked(SettlementLine),
    AmountDiffers {
        booking: Booking,
        settled_cents: i64,
    },
}

/// What does not match between our bookings and the provider's settlement.
pub fn compare(bookings: &[Booking], settlement: &[SettlementLine]) -> Vec<Mismatch> {
    let mut problems = Vec::new();
    for booking in bookings {
        match settlement.iter().find(|s| s.reference == booking.provider_ref) {
            None => problems.push(Mismatch::NotSettled(booking.clone())),
            Some(line) if line.amount_cents != booking.amount_cents => problems.push(Mismatch::AmountDiffers {
                booking: booking.clone(),
                settled_cents: line.amount_cents,
            }),
            Some(_) => {}
        }
    }
    for line in settlement {
        if !bookings.iter().any(|b| b.provider_ref == line.reference) {
            problems.push(Mismatch::NotBooked(line.clone()));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn booking(reference: &str, cents: i64) -> Booking {
        Booking {
            cash_reference: format!("KZ-{reference}"),
            reference: "HH-2026-000001".into(),
            service: "bewohnerparkausweis".into(),
            cost_centre: "LBV-2310".into(),
            revenue_account: "43110.100".into(),
            amount_cents: cents,
            kind: if cents < 0 { "refund" } else { "payment" },
            method: "card".into(),
            provider_ref: reference.into(),
        }
    }

    #[test]
    fn a_settlement_file_is_read_with_its_mistakes_named() {
        let file = "\u{feff}reference;amount_cents;kind\ntk_1;6500;payment\ntkr_1;-1000;refund\n";
        let lines = parse_settlement(file.as_bytes()).unwrap();
        assert_eq!(
            lines[1],
            SettlementLine {
                reference: "tkr_1".into(),
                amount_cents: -1000
            }
        );
        let broken = parse_settlement(b"reference;amount_cents\ntk_1;zehn\n").unwrap_err();
        assert!(broken.to_string().contains("line 2"), "{broken}");
    }

    #[test]
    fn differences_are_named_each_once() {
        let ours = [booking("tk_1", 6500), booking("tk_2", 1000), booking("tkr_1", -500)];
        let theirs = [
            SettlementLine {
                reference: "tk_1".into(),
                amount_cents: 6500,
            },
            SettlementLine {
                reference: "tk_2".into(),
                amount_cents: 1100,
            },
            SettlementLine {
                reference: "tk_9".into(),
                amount_cents: 700,
            },
        ];
        let found = compare(&ours, &theirs);
        assert_eq!(found.len(), 3);
        assert!(matches!(&found[0], Mismatch::AmountDiffers { settled_cents: 1100, .. }));
        assert!(matches!(&found[1], Mismatch::NotSettled(b) if b.provider_ref == "tkr_1"));
        assert!(matches!(&found[2], Mismatch::NotBooked(l) if l.reference == "tk_9"));
    }

    proptest! {
        /// A settlement that is exactly our bookings matches; dropping any line is
        /// found.
        #[test]
        fn an_exact_settlement_matches(amounts in proptest::collection::vec(-100_000i64..100_000, 1..20), drop in any::<usize>()) {
            let ours: Vec<Booking> = amounts.iter().enumerate().map(|(i, a)| booking(&format!("tk_{i}"), *a)).collect();
            let theirs: Vec<SettlementLine> = ours.iter().map(|b| SettlementLine { reference: b.provider_ref.clone(), amount_cents: b.amount_cents }).collect();
            prop_assert!(compare(&ours, &theirs).is_empty());
            let mut fewer = theirs.clone();
            fewer.remove(drop % fewer.len());
            prop_assert_eq!(compare(&ours, &fewer).len(), 1);
        }
    }
}
