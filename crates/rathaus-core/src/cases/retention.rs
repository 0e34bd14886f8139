//! Retention (Aufbewahrung): the authority keeps a closed case for the years its service
//! names in the catalogue (`retention_years`, counted from the closing — closed or
//! withdrawn). Then this job erases what names or describes the person: the answers,
//! every file (uploads, receipts, the decision document — crypto-shredded), the
//! Postfach messages, the internal notes, the delivery address, the letter's address
//! and the decision's text. What the figures need stays: service, agency, dates,
//! status, outcome, fee, the case's events, and of the decision its outcome, date,
//! SHA-256 and check code — so a paper decision can still be checked at `/pruefen`.
//! A record published from the case's decision keeps its redacted file; its unredacted
//! original, any file not yet released and the words of its findings are erased too.
//! Payments stay under their own law (§ 147 AO). The case is marked `erased_at`; pages
//! and the API then treat it as gone.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Months, Utc};
use sea_orm::{ConnectionTrait, Value as DbValue};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{self, Job, JobContext, NewJob, Nothing};
use rathaus_platform::{Error, Result};

pub const JOB: &str = "cases.retention";
/// How often the job looks for cases whose retention has ended.
pub const EVERY: Duration = Duration::hours(24);
/// Cases erased per query.
const BATCH: u64 = 200;
/// Cases one run of the job erases at most; with more due it queues its next run at
/// once. So a node asked to stop (which lets the job in hand finish) stops within
/// seconds, however many cases came due at once (the first run on years of history),
/// and the other jobs get their turn between runs.
pub const PER_RUN: usize = 2_000;

/// What one run erased.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReport {
    pub cases: u64,
    pub files: u64,
    pub messages: u64,
}

/// The closing time before which a case of a service keeping `years` is due.
pub fn cutoff(now: DateTime<Utc>, years: u16) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(u32::from(years) * 12))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Erases every case whose retention has ended at the clock's `now`.
pub async fn erase_due(db: &Db, blobs: &BlobStore, clock: &dyn Clock) -> Result<RetentionReport> {
    let mut report = RetentionReport::default();
    loop {
        let (some, more) = erase_some(db, blobs, clock, PER_RUN).await?;
        report.cases += some.cases;
        report.files += some.files;
        report.messages += some.messages;
        if !more {
            return Ok(report);
        }
    }
}

/// Erases at most `limit` of the cases whose retention has ended; `true` beside the
/// report when it stopped at the limit (more may be due).
pub async fn erase_some(db: &Db, blobs: &BlobStore, clock: &dyn Clock, limit: usize) -> Result<(RetentionReport, bool)> {
    let now = clock.now();
    let conn = db.read();
    let services: Vec<(String, i32)> = conn
        .query_all_raw(stmt(conn, "SELECT id, retention_years FROM services ORDER BY id", vec![]))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "retention_years")?)))
        .collect::<Result<_>>()?;
    let mut report = RetentionReport::default();
    let mut more = false;
    'services: for (service, years) in services {
        let years = u16::try_from(years).map_err(|_| Error::internal(format!("service {service}: retention_years out of range")))?;
        let before = cutoff(now, years);
        loop {
            let left = limit.saturating_sub(report.cases as usize);
            if left == 0 {
                more = true;
                break 'services;
            }
            let due: Vec<Uuid> = db
                .write()
                .query_all_raw(stmt(
                    db.write(),
                    &format!(
                        "SELECT id FROM applications WHERE service_id = $1 AND erased_at IS NULL AND closed_at IS NOT NULL \
                         AND closed_at <= $2 ORDER BY closed_at LIMIT {}",
                        BATCH.min(left as u64)
                    ),
                    vec![service.clone().into(), before.into()],
                ))
                .await?
                .iter()
                .map(|r| r.try_get("", "id"))
                .collect::<std::result::Result<_, _>>()?;
            if due.is_empty() {
                break;
            }
            for case in &due {
                let erased = erase_case(db, blobs, clock, *case, years).await?;
                report.cases += 1;
                report.files += erased.files;
                report.messages += erased.messages;
            }
        }
    }
    if report.cases > 0 {
        // No copy of the erased rows stays in the database file or its log (SQLite).
        db.after_erasure().await?;
    }
    Ok((report, more))
}

/// Erases one case in one transaction; its files' objects are removed after it.
async fn erase_case(db: &Db, blobs: &BlobStore, clock: &dyn Clock, case: Uuid, years: u16) -> Result<RetentionReport> {
    let now = clock.now();
    let tx = db.begin().await?;
    let id = || -> DbValue { case.into() };
    let mut files: Vec<Uuid> = tx
        .query_all_raw(stmt(
            &tx,
            "SELECT file_id FROM application_files WHERE application_id = $1 \
             UNION SELECT file_id FROM inbox_messages WHERE application_id = $1 AND file_id IS NOT NULL \
             UNION SELECT file_id FROM decisions WHERE application_id = $1",
            vec![id()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get("", "file_id"))
        .collect::<std::result::Result<_, _>>()?;
    // A record published from the case keeps its redacted file; the rest goes with the case.
    files.extend(crate::transparency::from_case::erase_with_case(&tx, case, now).await?);
    let objects = BlobStore::shred_in(&tx, clock, &files).await?;
    tx.execute_raw(stmt(&tx, "DELETE FROM application_files WHERE application_id = $1", vec![id()]))
        .await?;
    let messages = tx
        .execute_raw(stmt(&tx, "DELETE FROM inbox_messages WHERE application_id = $1", vec![id()]))
        .await?
        .rows_affected();
    tx.execute_raw(stmt(&tx, "DELETE FROM case_notes WHERE application_id = $1", vec![id()]))
        .await?;
    let row = tx
        .query_one_raw(stmt(
            &tx,
            "UPDATE applications SET answers = $2, delivery_address = NULL, erased_at = $3 \
             WHERE id = $1 AND erased_at IS NULL RETURNING service_id, closed_at",
            vec![id(), DbValue::Json(Some(Box::new(json!({})))), now.into()],
        ))
        .await?
        .ok_or_else(|| Error::Conflict("the case was erased in the meantime".into()))?;
    // The one change the decisions' trigger allows, once the case is marked erased.
    tx.execute_raw(stmt(
        &tx,
        "UPDATE decisions SET title = '', reasons = '', remedy = '', waiver_reason = '', erased_at = $2 \
         WHERE application_id = $1 AND erased_at IS NULL",
        vec![id(), now.into()],
    ))
    .await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE decision_proposals SET title = '', reasons = '', remedy = '', note = '', answer = '', waiver_reason = '' \
         WHERE application_id = $1",
        vec![id()],
    ))
    .await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE dispatches SET recipient_name = '', street = '', postcode = '', city = '', tracking_number = NULL \
         WHERE application_id = $1",
        vec![id()],
    ))
    .await?;
    let service: String = row.try_get("", "service_id")?;
    let closed_at: Option<DateTime<Utc>> = row.try_get("", "closed_at")?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new("system", "case.erased", format!("application:{case}")).with_details(json!({
            "service": service,
            "retention_years": years,
            "closed_at": closed_at,
            "files": files.len(),
            "messages": messages,
        })),
    )
    .await?;
    tx.commit().await?;
    blobs.remove_objects(&objects).await;
    Ok(RetentionReport {
        cases: 1,
        files: files.len() as u64,
        messages,
    })
}

/// The daily run; it queues its own next run [`EVERY`] on, or at once while more cases
/// are due than one run erases ([`PER_RUN`]).
pub struct RetentionJob {
    pub blobs: Arc<BlobStore>,
}

#[async_trait]
impl Job for RetentionJob {
    const KIND: &'static str = JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let (report, more) = erase_some(&ctx.db, &self.blobs, &*ctx.clock, PER_RUN).await?;
        if report.cases > 0 {
            tracing::info!(?report, more, "erased cases whose retention period ended");
        }
        let mut next = NewJob::of::<Self>(&Nothing {})?;
        next.run_at = Some(if more { ctx.clock.now() } else { ctx.clock.now() + EVERY });
        jobs::enqueue(ctx.db.write(), &*ctx.clock, next).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_period_counts_calendar_years_even_across_a_leap_day() {
        let now = Utc.with_ymd_and_hms(2036, 3, 1, 12, 0, 0).unwrap();
        assert_eq!(cutoff(now, 10), Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
        let leap = Utc.with_ymd_and_hms(2028, 2, 29, 8, 0, 0).unwrap();
        assert_eq!(cutoff(leap, 1), Utc.with_ymd_and_hms(2027, 2, 28, 8, 0, 0).unwrap());
        assert_eq!(cutoff(now, 120), Utc.with_ymd_and_hms(1916, 3, 1, 12, 0, 0).unwrap());
    }
}
