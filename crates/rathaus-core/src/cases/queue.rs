//! The work queue: an agency's cases, filtered and sorted the way case workers ask
//! for them ("my overdue cases", "everything unassigned for the parking permit").

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value as DbValue};
use uuid::Uuid;

use super::CaseScope;
use super::workflow::Status;
use crate::applications::{Application, COLUMNS, from_row};
use rathaus_platform::Result;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};

/// Cases on one page of the queue.
pub const PAGE: u64 = 100;
/// Counting the cases that match stops here: beyond it the page says "more than", so a
/// filter over an agency's whole history costs no more than this many index entries.
pub const COUNT_CAP: u64 = 10_000;
/// Cases read at once while an export is streamed.
const EXPORT_CHUNK: u64 = 1_000;

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

/// Where a page of the queue begins: at the start, or next to a case the person saw
/// (its id, from the address of the link "next" or "previous").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Position {
    #[default]
    First,
    /// The page after this case.
    After(Uuid),
    /// The page before this case.
    Before(Uuid),
}

/// The sort keys of one case: where a page begins when it follows that case.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Keys {
    pub id: Uuid,
    pub due_on: Option<NaiveDate>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reference: Option<String>,
}

/// A bound of a page: the rows after (`forward`) or before the case with these keys, in
/// the order of the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub keys: Keys,
    pub forward: bool,
}

/// How many cases match, counted up to [`COUNT_CAP`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    /// More match than were counted.
    pub more: bool,
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Row>,
    /// Every case matching the filter, and those of them overdue.
    pub total: Count,
    pub overdue: Count,
    /// The first case of the page when a page comes before it.
    pub previous: Option<Uuid>,
    /// The last case of the page when a page comes after it.
    pub next: Option<Uuid>,
}

/// The page of the queue at `position`: [`PAGE`] cases found by their keys in the
/// index of the filter's order (keyset paging, so a page deep in the queue costs what
/// the first does), and the counts. A position whose case is no longer in the queue
/// (decided and filtered out, moved to another agency) starts at the beginning.
pub async fn page(db: &Db, scope: &CaseScope, filter: &Filter, today: NaiveDate, position: Position) -> Result<Page> {
    let empty = Count { n: 0, more: false };
    if scope.is_empty() {
        return Ok(Page {
            rows: Vec::new(),
            total: empty,
            overdue: empty,
            previous: None,
            next: None,
        });
    }
    let bound = match position {
        Position::First => None,
        Position::After(id) | Position::Before(id) => keys(db, scope, filter, id).await?.map(|keys| Bound {
            keys,
            forward: matches!(position, Position::After(_)),
        }),
    };
    let mut rows = read(db, scope, filter, today, bound.as_ref(), PAGE + 1).await?;
    let more = rows.len() as u64 > PAGE;
    let (previous, next) = match &bound {
        None | Some(Bound { forward: true, .. }) => {
            rows.truncate(PAGE as usize);
            (bound.is_some(), more)
        }
        Some(Bound { forward: false, .. }) => {
            if more {
                rows.remove(0);
            }
            (more, true)
        }
    };
    let total = count(db, scope, filter, today, Some(COUNT_CAP)).await?;
    // A filter of the overdue cases alone has counted them already.
    let overdue = if filter.overdue_only {
        total
    } else {
        let overdue_only = Filter {
            overdue_only: true,
            ..filter.clone()
        };
        count(db, scope, &overdue_only, today, Some(COUNT_CAP)).await?
    };
    Ok(Page {
        previous: rows.first().filter(|_| previous).map(|r| r.case.id),
        next: rows.last().filter(|_| next).map(|r| r.case.id),
        total,
        overdue,
        rows,
    })
}

/// The sort keys of case `id` if it matches `filter` in the scope.
async fn keys(db: &Db, scope: &CaseScope, filter: &Filter, id: Uuid) -> Result<Option<Keys>> {
    let Some((conditions, mut values)) = conditions(scope, filter, None, false) else {
        return Ok(None);
    };
    values.push(id.into());
    let sql = format!(
        "SELECT id, due_on, submitted_at, reference FROM applications WHERE {} AND id = ${}",
        conditions.join(" AND "),
        values.len()
    );
    let conn = db.read();
    Ok(Keys::find_by_statement(stmt(conn, &sql, values)).one(conn).await?)
}

/// How many cases match `filter`, counted up to `cap` if one is given (from the index of
/// the agency's cases, not the table).
pub async fn count(db: &Db, scope: &CaseScope, filter: &Filter, today: NaiveDate, cap: Option<u64>) -> Result<Count> {
    let Some((sql, values)) = count_statement(scope, filter, today, cap) else {
        return Ok(Count { n: 0, more: false });
    };
    let conn = db.read();
    let row = conn.query_one_raw(stmt(conn, &sql, values)).await?;
    let n = row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64;
    let cap = cap.unwrap_or(u64::MAX);
    Ok(Count {
        n: n.min(cap),
        more: n > cap,
    })
}

/// The statement counting the cases of `filter`, one more than `cap` at most.
pub fn count_statement(scope: &CaseScope, filter: &Filter, today: NaiveDate, cap: Option<u64>) -> Option<(String, Vec<DbValue>)> {
    let (conditions, values) = conditions(scope, filter, Some(today), true)?;
    let limit = cap.map(|cap| format!(" LIMIT {}", cap + 1)).unwrap_or_default();
    let sql = format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM applications WHERE {}{limit}) matching",
        conditions.join(" AND "),
    );
    Some((sql, values))
}

/// The cases matching `filter` taken out as a spreadsheet, read a thousand at a time
/// (so an export of an agency's whole history holds one chunk in memory), with the
/// export and how many cases it holds in the audit log; `asked` is the filter as the
/// person gave it.
pub async fn export(
    db: &Db,
    clock: &dyn Clock,
    scope: &CaseScope,
    (filter, asked): (&Filter, &str),
    today: NaiveDate,
    format: &str,
) -> Result<Export> {
    let total = count(db, scope, filter, today, None).await?;
    audit::record(
        db.write(),
        clock,
        AuditEvent::new(scope.actor(), "case.exported", "cases").with_details(serde_json::json!({
            "format": format, "filter": asked, "rows": total.n,
        })),
    )
    .await?;
    Ok(Export {
        db: db.clone(),
        scope: scope.clone(),
        filter: filter.clone(),
        today,
        after: None,
        done: false,
    })
}

/// An export being read: [`Export::next_chunk`] gives the cases after the last chunk's.
pub struct Export {
    db: Db,
    scope: CaseScope,
    filter: Filter,
    today: NaiveDate,
    after: Option<Bound>,
    done: bool,
}

impl Export {
    /// The next cases of the export in the filter's order; `None` after the last.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<Row>>> {
        if self.done {
            return Ok(None);
        }
        let rows = read(&self.db, &self.scope, &self.filter, self.today, self.after.as_ref(), EXPORT_CHUNK).await?;
        self.done = (rows.len() as u64) < EXPORT_CHUNK;
        match rows.last() {
            None => Ok(None),
            Some(last) => {
                self.after = Some(Bound {
                    keys: Keys {
                        id: last.case.id,
                        due_on: last.case.due_on,
                        submitted_at: last.case.submitted_at,
                        reference: last.case.reference.clone(),
                    },
                    forward: true,
                });
                Ok(Some(rows))
            }
        }
    }
}

/// Up to `limit` cases matching `filter` from `bound` on, in the filter's order.
async fn read(db: &Db, scope: &CaseScope, filter: &Filter, today: NaiveDate, bound: Option<&Bound>, limit: u64) -> Result<Vec<Row>> {
    let Some((sql, values)) = statement(scope, filter, today, bound, limit) else {
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

/// The conditions of `filter` on the table `applications`, with their parameters
/// (`None` for an empty scope); `today` tells which cases are overdue, `counting` that
/// only their number is asked.
fn conditions(scope: &CaseScope, filter: &Filter, today: Option<NaiveDate>, counting: bool) -> Option<(Vec<String>, Vec<DbValue>)> {
    if scope.is_empty() {
        return None;
    }
    let (agencies, mut values) = scope.agency_clause(1);
    let mut conditions = vec![agencies];
    // Only a closed case is ever erased (cases::retention) and a draft is in no open
    // state: counting open cases needs neither condition, so the count reads the index
    // of open cases alone, without visiting a row. A page visits its rows anyway, and
    // keeps them: they are what leads both databases to the index of its order.
    let only_open = filter.overdue_only
        || match filter.status {
            StatusFilter::Open => true,
            StatusFilter::All => false,
            StatusFilter::Is(status) => status.is_open(),
        };
    if !(counting && only_open) {
        conditions.push("status <> 'draft'".into());
        conditions.push("erased_at IS NULL".into());
    }
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
    if let Some(today) = today.filter(|_| filter.overdue_only) {
        let mark = bind(&mut values, today.into());
        conditions.push(format!("{OPEN} AND due_on < {mark}"));
    }
    Some((conditions, values))
}

/// The columns of each order, and whether it runs from the highest value down.
fn order_of(sort: Sort) -> (&'static [&'static str], bool) {
    match sort {
        Sort::Due => (&["due_on", "submitted_at", "id"], false),
        Sort::Newest => (&["submitted_at", "id"], true),
        Sort::Oldest => (&["submitted_at", "id"], false),
        Sort::Reference => (&["reference"], false),
    }
}

/// The condition that keeps the rows beyond `bound` in the order of `sort`, as one
/// comparison of the order's columns (a row value, which both databases read as a range
/// of the order's index); `None` if the case lacks a key of the order (a case submitted
/// before due dates were kept), which then pages from the start.
fn beyond(sort: Sort, bound: &Bound, values: &mut Vec<DbValue>) -> Option<String> {
    let (columns, descending) = order_of(sort);
    let keys = &bound.keys;
    let key: Vec<DbValue> = match sort {
        Sort::Due => vec![keys.due_on?.into(), keys.submitted_at?.into(), keys.id.into()],
        Sort::Newest | Sort::Oldest => vec![keys.submitted_at?.into(), keys.id.into()],
        Sort::Reference => vec![keys.reference.clone()?.into()],
    };
    let marks: Vec<String> = key
        .into_iter()
        .map(|value| {
            values.push(value);
            format!("${}", values.len())
        })
        .collect();
    let operator = if bound.forward != descending { ">" } else { "<" };
    Some(format!("({}) {operator} ({})", columns.join(", "), marks.join(", ")))
}

/// The queue's statement for `filter` from `bound` on, at most `limit` cases, with its
/// parameters (`None` for an empty scope). The cases are chosen, ordered and cut first,
/// from an index of the agency's cases for each order; only the rows of the page then
/// look up the names and the unread messages, so the lookups cost the page, not the
/// agency's history. A page before a case is read backwards from it and turned round.
pub fn statement(
    scope: &CaseScope,
    filter: &Filter,
    today: NaiveDate,
    bound: Option<&Bound>,
    limit: u64,
) -> Option<(String, Vec<DbValue>)> {
    let (mut conditions, mut values) = conditions(scope, filter, Some(today), false)?;
    if let Some(condition) = bound.and_then(|bound| beyond(filter.sort, bound, &mut values)) {
        conditions.push(condition);
    }
    let (columns, descending) = order_of(filter.sort);
    let direction = |reverse: bool| if descending != reverse { " DESC" } else { "" };
    let order = |reverse: bool| {
        columns
            .iter()
            .map(|c| format!("{c}{}", direction(reverse)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let backwards = bound.is_some_and(|b| !b.forward);
    // The page is chosen from one table, so its conditions need no table prefixes; the
    // outer query puts it in the page's order.
    let sql = format!(
        "SELECT q.*, (SELECT a.display_name FROM accounts a WHERE a.id = q.assignee_id) AS assignee_name, \
         COALESCE((SELECT o.name FROM organisations o WHERE o.id = q.organisation_id), \
          (SELECT a.display_name FROM accounts a WHERE a.id = q.account_id AND a.deleted_at IS NULL)) AS applicant_name, \
         (SELECT COUNT(*) FROM inbox_messages m WHERE m.application_id = q.id AND m.sender = 'resident' \
          AND m.staff_read_at IS NULL) AS new_messages \
         FROM (SELECT {COLUMNS} FROM applications WHERE {} ORDER BY {} LIMIT {limit}) q ORDER BY {}",
        conditions.join(" AND "),
        order(backwards),
        order(false),
    );
    Some((sql, values))
}
