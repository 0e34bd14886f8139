//! The mailroom (Poststelle). A decision for a case delivered by post becomes an item
//! on the agency's dispatch list, with the address as it was at issue. The daily list
//! prints as address labels and as a CSV; marking an item sent (with the tracking
//! number, where the letter has one) delivers the case and tells the resident.

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, FromQueryResult};
use serde_json::json;
use uuid::Uuid;

use super::delivery::{Method, PostalAddress};
use super::workflow::{Status, Step};
use super::{apply_in, due, notice};
use crate::accounts::{Role, RoleGrant};
use crate::applications::{Application, COLUMNS, event, from_row};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{self};
use rathaus_platform::{Error, Result, pdf};

const LABELS_TEMPLATE: &str = include_str!("../../templates/labels.typ");

/// The longest tracking number accepted (Deutsche Post's are 12 to 20 characters,
/// parcel services' up to 35).
pub const MAX_TRACKING_CHARS: usize = 40;

/// The agencies whose mailroom a staff member works in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailroomScope {
    pub account: Uuid,
    pub agencies: Vec<String>,
}

impl MailroomScope {
    pub fn of(account: Uuid, grants: &[RoleGrant]) -> Self {
        Self {
            account,
            agencies: crate::accounts::agencies_holding(grants, Role::Mailroom),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    fn actor(&self) -> String {
        format!("account:{}", self.account)
    }

    fn agency_clause(&self, first: usize) -> (String, Vec<sea_orm::Value>) {
        let marks: Vec<String> = (0..self.agencies.len()).map(|i| format!("${}", first + i)).collect();
        let values = self.agencies.iter().map(|a| a.clone().into()).collect();
        (format!("d.agency_id IN ({})", marks.join(", ")), values)
    }
}

/// One letter for the mailroom.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Dispatch {
    pub id: Uuid,
    pub application_id: Uuid,
    pub reference: String,
    pub agency_id: String,
    #[sea_orm(nested)]
    pub address: PostalAddress,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub tracking_number: Option<String>,
}

const DISPATCH_COLUMNS: &str = "d.id, d.application_id, COALESCE(a.reference, '') AS reference, d.agency_id, d.recipient_name AS name, \
     d.street, d.postcode, d.city, d.queued_at, d.sent_at, d.tracking_number";

/// Puts a just issued decision on the dispatch list when the case goes by post; called
/// inside the transaction that issues it.
pub(crate) async fn queue_in(tx: &DatabaseTransaction, clock: &dyn Clock, case: &Application, decision: Uuid) -> Result<()> {
    let Some(choice) = case.delivery.as_ref().filter(|d| d.method == Method::Post) else {
        return Ok(());
    };
    let address = choice
        .address
        .as_ref()
        .ok_or_else(|| Error::internal(format!("case {} goes by post but has no address", case.id)))?;
    let agency = case.agency_id.clone().ok_or(Error::NotFound)?;
    tx.execute_raw(stmt(
        tx,
        "INSERT INTO dispatches (id, application_id, decision_id, agency_id, recipient_name, street, postcode, city, queued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        vec![
            Uuid::now_v7().into(),
            case.id.into(),
            decision.into(),
            agency.into(),
            address.name.clone().into(),
            address.street.clone().into(),
            address.postcode.clone().into(),
            address.city.clone().into(),
            clock.now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The day's open letters taken out of the system (`format`: labels, CSV, …), with the
/// export in the audit log: addresses are personal data leaving it.
pub async fn export(db: &Db, clock: &dyn Clock, scope: &MailroomScope, day: NaiveDate, format: &str) -> Result<Vec<Dispatch>> {
    let letters = open(db, scope, day).await?;
    audit::record(
        db.write(),
        clock,
        AuditEvent::new(scope.actor(), "dispatch.exported", "dispatches").with_details(json!({
            "format": format, "day": day, "letters": letters.len(),
        })),
    )
    .await?;
    Ok(letters)
}

/// The day's list: everything not yet sent that was queued up to the end of `day`
/// (Hamburg time), oldest first — yesterday's leftovers are on today's list too.
pub async fn open(db: &Db, scope: &MailroomScope, day: NaiveDate) -> Result<Vec<Dispatch>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let end = due::start_of_local_day(day.checked_add_days(Days::new(1)).unwrap_or(day));
    let (agencies, mut values) = scope.agency_clause(2);
    values.insert(0, end.into());
    list(
        db,
        &format!("d.sent_at IS NULL AND d.queued_at < $1 AND {agencies} ORDER BY d.queued_at, d.id"),
        values,
    )
    .await
}

/// What the mailroom sent on `day` (Hamburg time), for the record and for reprints.
pub async fn sent_on(db: &Db, scope: &MailroomScope, day: NaiveDate) -> Result<Vec<Dispatch>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let start = due::start_of_local_day(day);
    let end = due::start_of_local_day(day.checked_add_days(Days::new(1)).unwrap_or(day));
    let (agencies, mut values) = scope.agency_clause(3);
    values.splice(0..0, [start.into(), end.into()]);
    list(
        db,
        &format!("d.sent_at >= $1 AND d.sent_at < $2 AND {agencies} ORDER BY d.sent_at, d.id"),
        values,
    )
    .await
}

/// The letters of one case, for the case page and the resident's status page.
pub async fn of_application(db: &Db, application: Uuid) -> Result<Vec<Dispatch>> {
    list(db, "d.application_id = $1 ORDER BY d.queued_at, d.id", vec![application.into()]).await
}

async fn list(db: &Db, condition: &str, values: Vec<sea_orm::Value>) -> Result<Vec<Dispatch>> {
    let conn = db.read();
    Ok(Dispatch::find_by_statement(stmt(
        conn,
        &format!("SELECT {DISPATCH_COLUMNS} FROM dispatches d JOIN applications a ON a.id = d.application_id WHERE {condition}"),
        values,
    ))
    .all(conn)
    .await?)
}

/// A tracking number as printed on the receipt, without the spaces people type;
/// `Err` with the reason when it cannot be one.
pub fn normalise_tracking(text: &str) -> std::result::Result<Option<String>, &'static str> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.is_empty() {
        return Ok(None);
    }
    if compact.chars().count() > MAX_TRACKING_CHARS || !compact.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("dispatch-error-tracking");
    }
    Ok(Some(compact))
}

/// Marks a letter sent. The first letter of a decided case delivers it (a workflow
/// step the resident sees and is told about); a later one — a correction — is an
/// event of its own. Another agency's item, or one sent already, is `NotFound` or
/// `Conflict`.
pub async fn mark_sent(db: &Db, clock: &dyn Clock, scope: &MailroomScope, id: Uuid, tracking: Option<&str>) -> Result<()> {
    if scope.is_empty() {
        return Err(Error::NotFound);
    }
    let now = clock.now();
    let actor = scope.actor();
    let (agencies, mut values) = scope.agency_clause(2);
    values.insert(0, id.into());
    let tx = db.begin().await?;
    let application: Uuid = tx
        .query_one_raw(stmt(
            &tx,
            &format!("SELECT d.application_id FROM dispatches d WHERE d.id = $1 AND {agencies}"),
            values,
        ))
        .await?
        .ok_or(Error::NotFound)?
        .try_get("", "application_id")?;
    // Only one of two clicks (or two people) marks it.
    let updated = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE dispatches SET sent_at = $1, sent_by = $2, tracking_number = $3 WHERE id = $4 AND sent_at IS NULL",
            vec![now.into(), scope.account.into(), tracking.map(str::to_string).into(), id.into()],
        ))
        .await?;
    if updated.rows_affected() == 0 {
        return Err(Error::Conflict("this letter is marked as sent already".into()));
    }
    let case_row = tx
        .query_one_raw(stmt(
            &tx,
            &format!("SELECT {COLUMNS} FROM applications WHERE id = $1"),
            vec![application.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    let case = from_row(&case_row)?;
    if case.status == Status::Decided {
        apply_in(&tx, clock, &actor, &case, Step::Deliver, "", None).await?;
    } else {
        event(&tx, clock, case.id, "correction-sent", &actor).await?;
        jobs::enqueue(&tx, clock, notice::job(case.id, "correction-sent", None)?).await?;
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "dispatch.sent", format!("application:{}", case.id))
            .with_details(json!({ "dispatch": id, "tracking": tracking })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The day's letters as address labels: A4 sheets of 3 × 8 labels of 70 × 37 mm (the
/// common office label sheet), the agency as sender above each address.
pub fn labels(letters: &[Dispatch], sender: &dyn Fn(&str) -> String, date: DateTime<Utc>) -> Result<Vec<u8>> {
    let items: Vec<_> = letters
        .iter()
        .map(|d| {
            json!({
                "sender": sender(&d.agency_id),
                "lines": [&d.address.name, &d.address.street, format!("{} {}", d.address.postcode, d.address.city)],
                "reference": d.reference,
            })
        })
        .collect();
    pdf::render(LABELS_TEMPLATE, &json!({ "labels": items }), date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(n: usize) -> Dispatch {
        Dispatch {
            id: Uuid::now_v7(),
            application_id: Uuid::now_v7(),
            reference: format!("HH-2026-{n:06}"),
            agency_id: "fb".into(),
            address: PostalAddress {
                name: format!("Anna Beispiel {n} #[strong] *stern*"),
                street: "Musterweg 1".into(),
                postcode: "20095".into(),
                city: "Hamburg".into(),
            },
            queued_at: Utc::now(),
            sent_at: None,
            tracking_number: None,
        }
    }

    #[test]
    fn labels_fill_sheets_of_twenty_four_and_read_no_markup() {
        let letters: Vec<Dispatch> = (1..=25).map(letter).collect();
        let date = chrono::DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z").unwrap().to_utc();
        let pdf = labels(&letters, &|_| "Hamburg (Demo), Finanzbehörde".to_string(), date).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        if let Ok(path) = std::env::var("RATHAUS_WRITE_LABELS") {
            std::fs::write(path, &pdf).unwrap();
        }
    }

    #[test]
    fn tracking_numbers_lose_spaces_and_refuse_what_cannot_be_one() {
        assert_eq!(normalise_tracking("  "), Ok(None));
        assert_eq!(normalise_tracking("rr 1234 5678 9de"), Ok(Some("RR123456789DE".into())));
        assert_eq!(normalise_tracking("<script>"), Err("dispatch-error-tracking"));
        assert_eq!(normalise_tracking(&"1".repeat(41)), Err("dispatch-error-tracking"));
    }
}
