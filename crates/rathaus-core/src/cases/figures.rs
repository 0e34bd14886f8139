//! Figures per agency for the people who run it: cases by status, how long a decision
//! takes (median and 90th percentile from submission to the first decision), and how
//! many open cases are overdue.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use uuid::Uuid;

use super::CaseScope;
use super::queue::is_overdue;
use super::workflow::Status;
use crate::applications::{COLUMNS, from_row};
use rathaus_platform::Result;
use rathaus_platform::db::{Db, stmt};

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

/// The value below which `share` of the sorted values lie (nearest rank).
pub fn percentile(sorted: &[f64], share: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (share * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank - 1).copied()
}

/// The figures of every agency the staff member works in.
pub async fn of_scope(db: &Db, scope: &CaseScope, today: NaiveDate) -> Result<Vec<AgencyFigures>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let (agencies, values) = scope.agency_clause(1);
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!("SELECT {COLUMNS} FROM applications WHERE status <> 'draft' AND {agencies}"),
            values.clone(),
        ))
        .await?;
    let cases = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    let decided_rows = conn
        .query_all_raw(stmt(
            conn,
            &format!(
                "SELECT e.application_id, MIN(e.at) AS at FROM application_events e JOIN applications a ON a.id = e.application_id \
                 WHERE e.kind LIKE 'decided-%' AND a.{agencies} GROUP BY e.application_id"
            ),
            values,
        ))
        .await?;
    let mut decided_at: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for row in &decided_rows {
        decided_at.insert(row.try_get("", "application_id")?, row.try_get("", "at")?);
    }
    Ok(scope
        .agencies
        .iter()
        .map(|agency| {
            let mine: Vec<_> = cases.iter().filter(|c| c.agency_id.as_deref() == Some(agency)).collect();
            let by_status = Status::ALL
                .into_iter()
                .filter(|s| *s != Status::Draft)
                .map(|s| (s, mine.iter().filter(|c| c.status == s).count()))
                .collect();
            let mut lead: Vec<f64> = mine
                .iter()
                .filter_map(|c| Some((*decided_at.get(&c.id)? - c.submitted_at?).num_minutes() as f64 / (24.0 * 60.0)))
                .collect();
            lead.sort_by(f64::total_cmp);
            AgencyFigures {
                agency: agency.clone(),
                by_status,
                decided: lead.len(),
                lead_time_median: percentile(&lead, 0.5),
                lead_time_p90: percentile(&lead, 0.9),
                overdue: mine.iter().filter(|c| is_overdue(c, today)).count(),
            }
        })
        .collect())
}

/// Open cases of one agency, and how many of them are past their due day.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::FromQueryResult)]
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
    use sea_orm::FromQueryResult;
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
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), Some(5.0));
        assert_eq!(percentile(&values, 0.9), Some(9.0));
        assert_eq!(percentile(&[3.0], 0.9), Some(3.0));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
