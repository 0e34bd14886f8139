//! The work queue: an agency's cases, filtered and sorted the way case workers ask
//! for them ("my overdue cases", "everything unassigned for the parking permit").

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Value as DbValue};
use uuid::Uuid;

use super::CaseScope;
use super::workflow::Status;
use crate::applications::{Application, COLUMNS, from_row};
use rathaus_platform::Result;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};

/// At most this many cases are listed at once; filters narrow the rest down.
pub const LIMIT: u64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Not yet decided: submitted, in review, waiting for information.
    #[default]
    Open,
    All,
    Is(Status),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Me,
    Nobody,
    Person(Uuid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Earliest due date first — the default, since that is what needs doing.
    #[default]
    Due,
    Newest,
    Oldest,
    Reference,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub agency: Option<String>,
    pub service: Option<String>,
    pub status: StatusFilter,
    pub assignee: AssigneeFilter,
    pub overdue_only: bool,
    pub sort: Sort,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub case: Application,
    /// Who applied: the organisation, else the person (empty once erased).
    pub applicant_name: Option<String>,
    pub assignee_name: Option<String>,
    pub overdue: bool,
    /// Messages from the resident that no staff member has read yet.
    pub new_messages: i64,
}

/// Whether an undecided case is past its due date on `today`.
pub fn is_overdue(case: &Application, today: NaiveDate) -> bool {
    case.status.is_open() && case.due_on.is_some_and(|due| due < today)
}

/// The open states; the database's table of open cases (migration 0038) and the queue's
/// indexes of open cases (migration 0044, which match this text) name them too.
pub(crate) const OPEN: &str = "status IN ('submitted', 'in_review', 'information_requested')";

/// The cases matching `filter` taken out as a spreadsheet, with the export in the audit
/// log; `asked` is the filter as the person gave it.
pub async fn export(
    db: &Db,
    clock: &dyn Clock,
    scope: &CaseScope,
    (filter, asked): (&Filter, &str),
    today: NaiveDate,
    format: &str,
) -> Result<Vec<Row>> {
    let rows = list(db, scope, filter, today).await?;
    audit::record(
        db.write(),
        clock,
        AuditEvent::new(scope.actor(), "case.exported", "cases").with_details(serde_json::json!({
            "format": format, "filter": asked, "rows": rows.len(),
        })),
    )
    .await?;
    Ok(rows)
}

/// The cases matching `filter` in the staff member's agencies.
pub async fn list(db: &Db, scope: &CaseScope, filter: &Filter, today: NaiveDate) -> Result<Vec<Row>> {
    let Some((sql, values)) = statement(scope, filter, today) else {
        return Ok(Vec::new());
    };
    let conn = db.read();
    let rows = conn.query_all_raw(stmt(conn, &sql, values)).await?;
    rows.iter()
        .map(|row| {
            let case = from_row(row)?;
            Ok(Row {
                overdue: is_overdue(&case, today),
                assignee_name: row.try_get("", "assignee_name")?,
                applicant_name: row.try_get("", "applicant_name")?,
                new_messages: row.try_get("", "new_messages")?,
                case,
            })
        })
        .collect()
}

/// The queue's statement for `filter`, with its parameters (`None` for an empty scope).
/// The cases are chosen, ordered and cut at [`LIMIT`] first, from an index of the
/// agency's cases for each order; only the rows of the page then look up the names and
/// the unread messages, so the lookups cost the page, not the agency's history.
pub fn statement(scope: &CaseScope, filter: &Filter, today: NaiveDate) -> Option<(String, Vec<DbValue>)> {
    if scope.is_empty() {
        return None;
    }
    let (agencies, mut values) = scope.agency_clause(1);
    let mut conditions = vec!["status <> 'draft'".to_string(), "erased_at IS NULL".to_string(), agencies];
    let bind = |values: &mut Vec<DbValue>, value: DbValue| {
        values.push(value);
        format!("${}", values.len())
    };
    if let Some(agency) = &filter.agency {
        let mark = bind(&mut values, agency.clone().into());
        conditions.push(format!("agency_id = {mark}"));
    }
    if let Some(service) = &filter.service {
        let mark = bind(&mut values, service.clone().into());
        conditions.push(format!("service_id = {mark}"));
    }
    match filter.status {
        StatusFilter::Open => conditions.push(OPEN.into()),
        StatusFilter::All => {}
        StatusFilter::Is(status) => {
            let mark = bind(&mut values, status.as_str().into());
            conditions.push(format!("status = {mark}"));
        }
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Nobody => conditions.push("assignee_id IS NULL".into()),
        AssigneeFilter::Me => {
            let mark = bind(&mut values, scope.account.into());
            conditions.push(format!("assignee_id = {mark}"));
        }
        AssigneeFilter::Person(person) => {
            let mark = bind(&mut values, person.into());
            conditions.push(format!("assignee_id = {mark}"));
        }
    }
    if filter.overdue_only {
        let mark = bind(&mut values, today.into());
        conditions.push(format!("{OPEN} AND due_on < {mark}"));
    }
    let order = match filter.sort {
        Sort::Due => "due_on, submitted_at, id",
        Sort::Newest => "submitted_at DESC, id DESC",
        Sort::Oldest => "submitted_at, id",
        Sort::Reference => "reference",
    };
    // The page is chosen from one table, so its conditions need no table prefixes; the
    // outer query keeps its order.
    let sql = format!(
        "SELECT q.*, (SELECT a.display_name FROM accounts a WHERE a.id = q.assignee_id) AS assignee_name, \
         COALESCE((SELECT o.name FROM organisations o WHERE o.id = q.organisation_id), \
          (SELECT a.display_name FROM accounts a WHERE a.id = q.account_id AND a.deleted_at IS NULL)) AS applicant_name, \
         (SELECT COUNT(*) FROM inbox_messages m WHERE m.application_id = q.id AND m.sender = 'resident' \
          AND m.staff_read_at IS NULL) AS new_messages \
         FROM (SELECT {COLUMNS} FROM applications WHERE {} ORDER BY {order} LIMIT {LIMIT}) q ORDER BY {order}",
        conditions.join(" AND "),
    );
    Some((sql, values))
}
