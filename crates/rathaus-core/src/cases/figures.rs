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

/// The figures of every agency the staff member works in, counted by the database from
/// its indexes: the cost follows the agencies' number, not their history.
pub async fn of_scope(db: &Db, scope: &CaseScope, today: NaiveDate) -> Result<Vec<AgencyFigures>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let conn = db.read();
    let (agencies, values) = scope.agency_clause(1);
    #[derive(FromQueryResult)]
    struct ByStatus {
        agency_id: String,
        status: Status,
        n: i64,
    }
    let by_status = ByStatus::find_by_statement(stmt(conn, &by_status_sql(&agencies), values.clone()))
        .all(conn)
        .await?;
    #[derive(FromQueryResult)]
    struct Overdue {
        agency_id: String,
        n: i64,
    }
    let mut with_today = values;
    with_today.push(today.into());
    let overdue = Overdue::find_by_statement(stmt(conn, &overdue_sql(&agencies, with_today.len()), with_today))
        .all(conn)
        .await?;
    let since = due::start_of_local_day(today.checked_sub_days(Days::new(LEAD_TIME_WINDOW_DAYS)).unwrap_or(today));
    let mut figures = Vec::with_capacity(scope.agencies.len());
    for agency in &scope.agencies {
        let count = |s: Status| {
            by_status
                .iter()
                .find(|c| c.agency_id == *agency && c.status == s)
                .map_or(0, |c| c.n.unsigned_abs() as usize)
        };
        let lead = lead_times(conn, agency, since).await?;
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

fn by_status_sql(agencies: &str) -> String {
    format!("SELECT agency_id, status, COUNT(*) AS n FROM applications WHERE {agencies} AND status <> 'draft' GROUP BY agency_id, status")
}

fn overdue_sql(agencies: &str, today: usize) -> String {
    format!("SELECT agency_id, COUNT(*) AS n FROM open_cases WHERE {agencies} AND due_on < ${today} GROUP BY agency_id")
}

/// The decisions of one agency (`$1`) since `$2` that the lead times count.
const WINDOW: &str = "FROM applications WHERE agency_id = $1 AND decided_at >= $2 AND submitted_at IS NOT NULL";

fn at_rank_sql(backend: sea_orm::DatabaseBackend) -> String {
    let days = dialect::days_between(backend, "submitted_at", "decided_at");
    format!("SELECT CAST({days} AS DOUBLE PRECISION) AS days {WINDOW} ORDER BY days LIMIT 1 OFFSET $3")
}

/// Every statement of the figures of `scope` with its parameters, for a test that reads
/// their plans.
pub fn statements(backend: sea_orm::DatabaseBackend, scope: &CaseScope, today: NaiveDate) -> Vec<(String, Vec<sea_orm::Value>)> {
    let (agencies, values) = scope.agency_clause(1);
    let mut with_today = values.clone();
    with_today.push(today.into());
    let agency = scope.agencies.first().cloned().unwrap_or_default();
    let since = due::start_of_local_day(today);
    vec![
        (by_status_sql(&agencies), values),
        (overdue_sql(&agencies, with_today.len()), with_today),
        (format!("SELECT COUNT(*) AS n {WINDOW}"), vec![agency.clone().into(), since.into()]),
        (at_rank_sql(backend), vec![agency.into(), since.into(), 0_i64.into()]),
    ]
}

struct LeadTimes {
    decided: usize,
    median: Option<f64>,
    p90: Option<f64>,
}

/// Days from submission to the first decision, over the cases first decided since
/// `since`: the count from the index, each percentile (nearest rank) as one row at its
/// rank, so no more than one value leaves the database.
async fn lead_times<C: ConnectionTrait>(conn: &C, agency: &str, since: DateTime<Utc>) -> Result<LeadTimes> {
    let decided = conn
        .query_one_raw(stmt(
            conn,
            &format!("SELECT COUNT(*) AS n {WINDOW}"),
            vec![agency.into(), since.into()],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0)
        .unsigned_abs() as usize;
    let at_rank_sql = at_rank_sql(conn.get_database_backend());
    let at_rank = async |share: f64| -> Result<Option<f64>> {
        let Some(rank) = nearest_rank(decided, share) else {
            return Ok(None);
        };
        let row = conn
            .query_one_raw(stmt(
                conn,
                &at_rank_sql,
                vec![agency.into(), since.into(), ((rank - 1) as i64).into()],
            ))
            .await?;
        Ok(row.map(|r| r.try_get::<f64>("", "days")).transpose()?)
    };
    Ok(LeadTimes {
        decided,
        median: at_rank(0.5).await?,
        p90: at_rank(0.9).await?,
    })
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
}
