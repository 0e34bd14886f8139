//! The monthly snapshot of maturity and usage: the history the trend is drawn from. A
//! periodic job takes every month that has ended and has no snapshot yet; the level is
//! the one seen when the job runs, so it is recorded for the month just ended only. A
//! month taken later (the first run, or after a pause) gets its usage counted from the
//! records and no level: the level it had then cannot be seen any more. Rows are
//! written with `ON CONFLICT DO NOTHING`, so two nodes taking the same month write it
//! once.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::maturity::{Assessment, Criterion, Inputs, assess_all};
use super::usage::{self, Usage, month_of, months_before};
use crate::cases::due::local_date;
use crate::catalog::{Catalog, CatalogCache};
use crate::forms::FormDefinition;
use crate::payments::fees;
use rathaus_platform::Result;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{Job, JobContext, Nothing};

/// How many months a first snapshot counts back from the records.
pub const BACKFILL_MONTHS: u32 = 12;

/// One service in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub month: NaiveDate,
    pub service: String,
    pub agency: String,
    pub level: Option<u8>,
    pub criteria: Option<Vec<Criterion>>,
    pub usage: Usage,
}

#[derive(FromQueryResult)]
struct Row {
    month: NaiveDate,
    service_id: String,
    agency_id: String,
    level: Option<i32>,
    criteria: Option<serde_json::Value>,
    online_applications: i64,
    counter_visits: i64,
    payments_online: i64,
    lead_days: serde_json::Value,
}

impl Row {
    fn into_snapshot(self) -> Result<Snapshot> {
        Ok(Snapshot {
            month: self.month,
            service: self.service_id,
            agency: self.agency_id,
            level: self.level.and_then(|l| u8::try_from(l).ok()),
            criteria: self.criteria.map(serde_json::from_value).transpose()?,
            usage: Usage {
                online: self.online_applications,
                visits: self.counter_visits,
                payments: self.payments_online,
                lead_days: serde_json::from_value::<BTreeMap<u32, i64>>(self.lead_days)?,
            },
        })
    }
}

/// The months that have ended and still need a snapshot, oldest first.
async fn months_to_take<C: ConnectionTrait>(conn: &C, this_month: NaiveDate) -> Result<Vec<NaiveDate>> {
    #[derive(FromQueryResult)]
    struct Latest {
        month: Option<NaiveDate>,
    }
    let latest = Latest::find_by_statement(stmt(conn, "SELECT MAX(month) AS month FROM maturity_snapshots", vec![]))
        .one(conn)
        .await?
        .and_then(|l| l.month);
    let first = match latest {
        Some(month) => month.checked_add_months(chrono::Months::new(1)).unwrap_or(this_month),
        None => months_before(this_month, BACKFILL_MONTHS),
    };
    let mut months = Vec::new();
    let mut month = first;
    while month < this_month {
        months.push(month);
        month = month.checked_add_months(chrono::Months::new(1)).unwrap_or(this_month);
    }
    Ok(months)
}

/// Takes every month that needs it; returns the months taken.
pub async fn take(db: &Db, now: DateTime<Utc>, catalog: &Catalog, inputs: &Inputs<'_>) -> Result<Vec<NaiveDate>> {
    let this_month = month_of(local_date(now));
    let months = months_to_take(db.read(), this_month).await?;
    if months.is_empty() {
        return Ok(months);
    }
    let assessments = assess_all(catalog, inputs);
    let just_ended = months_before(this_month, 1);
    for month in &months {
        let seen = (*month == just_ended).then_some(assessments.as_slice());
        take_month(db, now, *month, catalog, seen).await?;
    }
    Ok(months)
}

async fn take_month(db: &Db, now: DateTime<Utc>, month: NaiveDate, catalog: &Catalog, seen: Option<&[Assessment]>) -> Result<()> {
    let usage = usage::of_month(db.read(), month).await?;
    let tx = db.begin().await?;
    for service in catalog.services() {
        let assessment = seen.and_then(|all| all.iter().find(|a| a.service == service.id));
        let level = assessment.map(|a| Value::Int(Some(i32::from(a.level)))).unwrap_or(Value::Int(None));
        let criteria = match assessment {
            Some(a) => {
                let met: Vec<Criterion> = a.findings.iter().filter(|f| f.met).map(|f| f.criterion).collect();
                Value::Json(Some(Box::new(serde_json::to_value(met)?)))
            }
            None => Value::Json(None),
        };
        let u = usage.get(&service.id).cloned().unwrap_or_default();
        tx.execute_raw(stmt(
            &tx,
            "INSERT INTO maturity_snapshots (month, service_id, agency_id, level, criteria, online_applications, \
             counter_visits, payments_online, lead_days, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT DO NOTHING",
            vec![
                month.into(),
                service.id.clone().into(),
                service.agency.clone().into(),
                level,
                criteria,
                u.online.into(),
                u.visits.into(),
                u.payments.into(),
                Value::Json(Some(Box::new(serde_json::to_value(&u.lead_days)?))),
                now.into(),
            ],
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every snapshot from `from` (a month) on, by month.
pub async fn since<C: ConnectionTrait>(conn: &C, from: NaiveDate) -> Result<Vec<Snapshot>> {
    Row::find_by_statement(stmt(
        conn,
        "SELECT month, service_id, agency_id, level, criteria, online_applications, counter_visits, payments_online, lead_days \
         FROM maturity_snapshots WHERE month >= $1 ORDER BY month, service_id",
        vec![month_of(from).into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(Row::into_snapshot)
    .collect()
}

/// The snapshots since a month as this node last read them. The rows of an ended month
/// are written once, by the monthly job; so a reader asks only how many rows there are
/// and when the last was taken, and reads them all again only when that changed.
#[derive(Debug, Default)]
pub struct Kept {
    kept: tokio::sync::Mutex<Option<Window>>,
}

/// The snapshots since `from`, as they were when `stamp` was read.
#[derive(Debug)]
struct Window {
    from: NaiveDate,
    stamp: Stamp,
    snapshots: Arc<Vec<Snapshot>>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
struct Stamp {
    rows: i64,
    latest: Option<DateTime<Utc>>,
}

impl Kept {
    /// [`since`], read again only when a snapshot was taken (or removed) meanwhile.
    pub async fn since<C: ConnectionTrait>(&self, conn: &C, from: NaiveDate) -> Result<Arc<Vec<Snapshot>>> {
        let from = month_of(from);
        let stamp = Stamp::find_by_statement(stmt(
            conn,
            "SELECT COUNT(*) AS rows, MAX(taken_at) AS latest FROM maturity_snapshots WHERE month >= $1",
            vec![from.into()],
        ))
        .one(conn)
        .await?
        .unwrap_or(Stamp { rows: 0, latest: None });
        let mut kept = self.kept.lock().await;
        if let Some(window) = kept.as_ref()
            && window.from == from
            && window.stamp == stamp
        {
            return Ok(window.snapshots.clone());
        }
        let snapshots = Arc::new(since(conn, from).await?);
        *kept = Some(Window {
            from,
            stamp,
            snapshots: snapshots.clone(),
        });
        Ok(snapshots)
    }
}

/// The monthly snapshot, run as a periodic job: it does nothing until a month has ended.
pub struct SnapshotJob {
    pub catalog: CatalogCache,
    pub forms: Arc<Vec<FormDefinition>>,
    pub eid: bool,
}

#[async_trait]
impl Job for SnapshotJob {
    const KIND: &'static str = "cockpit.maturity-snapshot";
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let catalog = self.catalog.get(&ctx.db).await?;
        let inputs = Inputs {
            forms: &self.forms,
            fees: fees::rules(),
            eid: self.eid,
        };
        let taken = take(&ctx.db, ctx.clock.now(), &catalog, &inputs).await?;
        if let Some(last) = taken.last() {
            tracing::info!(months = taken.len(), last = %last, "maturity snapshot taken");
        }
        Ok(())
    }
}
