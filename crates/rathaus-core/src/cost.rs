//! The statements whose cost must follow the page, not the city's history: the queue in
//! every order and from every kind of position with its counts, the figures, and the
//! data export of one person. The tests read their plans on a small database, the scale
//! benchmark on a seeded one; neither may find a large table read whole.

use chrono::{NaiveDate, Utc};
use sea_orm::{DatabaseBackend, Value};
use uuid::Uuid;

use crate::accounts::privacy;
use crate::cases::queue::{self, Bound, Filter, Keys, Sort, StatusFilter};
use crate::cases::{CaseScope, figures};

/// One statement to check: what it is, its text and parameters, and for a page of the
/// queue how many sorts SQLite may do: none for a page read forwards, which comes in
/// its order from an index and stops after its rows; one for a page read backwards from
/// a case, whose rows (the page's only) are turned round.
pub struct Checked {
    pub label: String,
    pub sql: String,
    pub values: Vec<Value>,
    pub sorts: Option<usize>,
    /// Reads `applications` from an index alone, never visiting a case's row: counts and
    /// figures, which would otherwise visit up to thousands of rows for one number.
    pub index_only: bool,
}

/// Every such statement for a staff member of `scope` and the person `account` (with
/// `email`); `near` is a case whose keys the pages after and before start from.
pub fn statements(
    backend: DatabaseBackend,
    scope: &CaseScope,
    (account, email): (Uuid, &str),
    near: Option<Keys>,
    today: NaiveDate,
) -> Vec<Checked> {
    let mut checked = Vec::new();
    let keys = near.unwrap_or(Keys {
        id: Uuid::now_v7(),
        due_on: Some(today),
        submitted_at: Some(Utc::now()),
        reference: Some("HH-2026-000001".into()),
    });
    for sort in [Sort::Due, Sort::Newest, Sort::Oldest, Sort::Reference] {
        for status in [StatusFilter::Open, StatusFilter::All] {
            let filter = Filter {
                sort,
                status,
                ..Filter::default()
            };
            let bounds = [
                ("first page", None),
                (
                    "after a case",
                    Some(Bound {
                        keys: keys.clone(),
                        forward: true,
                    }),
                ),
                (
                    "before a case",
                    Some(Bound {
                        keys: keys.clone(),
                        forward: false,
                    }),
                ),
            ];
            for (from, bound) in bounds {
                if let Some((sql, values)) = queue::statement(scope, &filter, today, bound.as_ref(), queue::PAGE + 1) {
                    checked.push(Checked {
                        label: format!("queue {sort:?}, {status:?}, {from}"),
                        sql,
                        values,
                        sorts: Some(usize::from(bound.as_ref().is_some_and(|b| !b.forward))),
                        index_only: false,
                    });
                }
            }
        }
    }
    for status in [StatusFilter::Open, StatusFilter::All] {
        for overdue_only in [false, true] {
            let filter = Filter {
                status,
                overdue_only,
                ..Filter::default()
            };
            if let Some((sql, values)) = queue::count_statement(scope, &filter, today, Some(queue::COUNT_CAP)) {
                checked.push(Checked {
                    label: format!("queue count of {status:?}, overdue only {overdue_only}"),
                    sql,
                    values,
                    sorts: None,
                    index_only: true,
                });
            }
        }
    }
    for (sql, values) in figures::statements(backend, scope, today) {
        checked.push(Checked {
            label: "figures".into(),
            sql,
            values,
            sorts: None,
            index_only: true,
        });
    }
    for (table, sql, value) in privacy::export_queries(account, email) {
        checked.push(Checked {
            label: format!("data export of {}", table.table),
            sql,
            values: vec![value],
            sorts: None,
            index_only: false,
        });
    }
    checked
}
