//! Figures per agency for the people who run it: cases by status, how long a decision
//! takes (median and 90th percentile from submission to the first decision, over the
//! decisions of the last year), and how many open cases are overdue.

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::workflow::Status;
use super::{CaseScope, due};
use rathaus_platform::Result;
use rathaus_platform::db::{Db, dialect, stmt};

#[derive(Debug, Clone, PartialEq)]
pub struct AgencyFigures {
    pub agency: String,
    pub by_status: Vec<(Status, usize)>,
    pub decided: usize,
    /// Days from submission to the first decision.
    pub lead_time_median: Option<f64>,
    pub lead_time_p90: Option<f64>,
    pub overdue: usize,
}

/// How far back the lead times look: the decisions of the last year.
pub const LEAD_TIME_WINDOW_DAYS: u64 = 365;

/// The figures of every agency the staff member works in, from rows the database keeps
/// and from its indexes: the cost follows the agencies' number and the last year's
/// decisions, not the agencies' history.
pub async fn of_scope(db: &Db, scope: &CaseScope, today: NaiveDate) -> Result<Vec<AgencyFigures>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let conn = db.read();
    let since = due::start_of_local_day(today.checked_sub_days(Days::new(LEAD_TIME_WINDOW_DAYS)).unwrap_or(today));
    let [by_status, overdue, lead_times] = queries(conn.get_database_backend(), scope, today, since);
    #[derive(FromQueryResult)]
    struct ByStatus {
        agency_id: String,
        status: Status,
        n: i64,
    }
    let by_status = ByStatus::find_by_statement(stmt(conn, &by_status.0, by_status.1)).all(conn).await?;
    #[derive(FromQueryResult)]
    struct Overdue {
        agency_id: String,
        n: i64,
    }
    let overdue = Overdue::find_by_statement(stmt(conn, &overdue.0, overdue.1)).all(conn).await?;
    let lead_times = Bucket::find_by_statement(stmt(conn, &lead_times.0, lead_times.1)).all(conn).await?;
    let mut figures = Vec::with_capacity(scope.agencies.len());
    for agency in &scope.agencies {
        let count = |s: Status| {
            by_status
                .iter()
                .find(|c| c.agency_id == *agency && c.status == s)
                .map_or(0, |c| c.n.max(0).unsigned_abs() as usize)
        };
        let lead = LeadTimes::of(lead_times.iter().filter(|b| b.agency_id == *agency));
        figures.push(AgencyFigures {
            agency: agency.clone(),
            by_status: Status::ALL
                .into_iter()
                .filter(|s| *s != Status::Draft)
                .map(|s| (s, count(s)))
                .collect(),
            decided: lead.decided,
            lead_time_median: lead.median,
            lead_time_p90: lead.p90,
            overdue: overdue
                .iter()
                .find(|o| o.agency_id == *agency)
                .map_or(0, |o| o.n.unsigned_abs() as usize),
        });
    }
    Ok(figures)
}

type Statement = (String, Vec<sea_orm::Value>);

/// The three statements of the figures: cases by state (from the counts the database
/// keeps, migration 0045), overdue cases (from the open cases it keeps, migration 0038),
/// and the last year's decisions by lead time in tenths of a day (from the index of
/// decision and submission times, read once).
fn queries(backend: sea_orm::DatabaseBackend, scope: &CaseScope, today: NaiveDate, since: DateTime<Utc>) -> [Statement; 3] {
    let (agencies, values) = scope.agency_clause(1);
    let next = values.len() + 1;
    let with = |value: sea_orm::Value| {
        let mut all = values.clone();
        all.push(value);
        all
    };
    let days = dialect::days_between(backend, "submitted_at", "decided_at");
    [
        (
            format!(
                "SELECT agency_id, status, CAST(SUM(n) AS BIGINT) AS n FROM case_counts \
                 WHERE {agencies} GROUP BY agency_id, status"
            ),
            values.clone(),
        ),
        (
            format!("SELECT agency_id, COUNT(*) AS n FROM open_cases WHERE {agencies} AND due_on < ${next} GROUP BY agency_id"),
            with(today.into()),
        ),
        (
            format!(
                "SELECT agency_id, CAST(ROUND({days} * 10) AS BIGINT) AS tenths, COUNT(*) AS n FROM applications \
                 WHERE {agencies} AND decided_at >= ${next} AND submitted_at IS NOT NULL GROUP BY agency_id, tenths"
            ),
            with(since.into()),
        ),
    ]
}

/// Every statement of the figures of `scope` with its parameters, for a test that reads
/// their plans.
pub fn statements(backend: sea_orm::DatabaseBackend, scope: &CaseScope, today: NaiveDate) -> Vec<Statement> {
    queries(backend, scope, today, due::start_of_local_day(today)).into()
}

/// How many of an agency's decisions took a lead time, in tenths of a day.
#[derive(FromQueryResult)]
struct Bucket {
    agency_id: String,
    tenths: i64,
    n: i64,
}

#[derive(Debug, PartialEq)]
struct LeadTimes {
    decided: usize,
    median: Option<f64>,
    p90: Option<f64>,
}

impl LeadTimes {
    /// Days from submission to the first decision: the count and each percentile (nearest
    /// rank) read off the decisions grouped by their lead time. The figures show a tenth
    /// of a day, and rounding keeps the order, so the tenth at a rank is the exact value
    /// at that rank, rounded.
    fn of<'a>(buckets: impl Iterator<Item = &'a Bucket>) -> Self {
        let mut buckets: Vec<(i64, usize)> = buckets.map(|b| (b.tenths, b.n.max(0).unsigned_abs() as usize)).collect();
        buckets.sort_unstable();
        let decided = buckets.iter().map(|(_, n)| n).sum();
        let at = |share: f64| {
            let rank = nearest_rank(decided, share)?;
            let mut below = 0;
            buckets.iter().find_map(|(tenths, n)| {
                below += n;
                (below >= rank).then_some(*tenths as f64 / 10.0)
            })
        };
        Self {
            decided,
            median: at(0.5),
            p90: at(0.9),
        }
    }
}

/// The 1-based rank below which `share` of `n` sorted values lie (nearest rank).
fn nearest_rank(n: usize, share: f64) -> Option<usize> {
    (n > 0).then(|| ((share * n as f64).ceil() as usize).clamp(1, n))
}

/// Open cases of one agency, and how many of them are past their due day.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OpenCases {
    pub agency_id: String,
    pub open: i64,
    pub overdue: i64,
}

/// Every agency's open and overdue cases, city-wide, for the CDO's cockpit: counted from
/// the open cases the database keeps beside the applications (migration 0038, its
/// triggers follow every change of state), so the cost follows the open cases and not
/// the city's history, whether or not a vacuum has passed.
pub async fn open_by_agency<C: ConnectionTrait>(conn: &C, today: NaiveDate) -> Result<Vec<OpenCases>> {
    Ok(OpenCases::find_by_statement(stmt(
        conn,
        "SELECT agency_id, COUNT(*) AS open, COALESCE(SUM(CASE WHEN due_on < $1 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM open_cases GROUP BY agency_id ORDER BY agency_id",
        vec![today.into()],
    ))
    .all(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(nearest_rank(10, 0.5), Some(5));
        assert_eq!(nearest_rank(10, 0.9), Some(9));
        assert_eq!(nearest_rank(1, 0.9), Some(1));
        assert_eq!(nearest_rank(3, 0.5), Some(2));
        assert_eq!(nearest_rank(0, 0.5), None);
    }

    fn bucket(tenths: i64, n: i64) -> Bucket {
        Bucket {
            agency_id: "a".into(),
            tenths,
            n,
        }
    }

    #[test]
    fn lead_times_read_off_the_buckets_are_the_sorted_values_at_their_ranks() {
        // 1.0 ×3, 2.5 ×1, 7.2 ×6: ten decisions, in no particular order.
        let buckets = [bucket(72, 6), bucket(10, 3), bucket(25, 1)];
        assert_eq!(
            LeadTimes::of(buckets.iter()),
            LeadTimes {
                decided: 10,
                median: Some(7.2),
                p90: Some(7.2)
            }
        );
        let buckets = [bucket(10, 5), bucket(25, 4), bucket(72, 1)];
        let lead = LeadTimes::of(buckets.iter());
        assert_eq!((lead.median, lead.p90), (Some(1.0), Some(2.5)));
        assert_eq!(
            LeadTimes::of([].iter()),
            LeadTimes {
                decided: 0,
                median: None,
                p90: None
            }
        );
    }
}
