//! The statements whose cost must follow the page, not the city's history, find their
//! rows through indexes: each plan is read from the database itself. On PostgreSQL a
//! small test table would be read whole anyway, so sequential scans are switched off
//! for the session — a plan that still scans has no index to use.

use sea_orm::{ConnectionTrait, TransactionTrait};

use uuid::Uuid;

use crate::applications::person;
use crate::helpers::TestApp;
use rathaus_core::accounts::privacy;
use rathaus_core::cases::CaseScope;
use rathaus_core::cases::queue::{self, Filter, Sort, StatusFilter};
use rathaus_platform::db::{Db, stmt};

/// The tables every one of whose reads must go through an index.
const LARGE: [&str; 10] = [
    "applications",
    "application_events",
    "audit_log",
    "inbox_messages",
    "appointments",
    "mails",
    "payments",
    "decisions",
    "login_history",
    "sessions",
];

/// The lines of the plan of `sql` run with `values`.
async fn plan(db: &Db, sql: &str, values: Vec<sea_orm::Value>) -> Vec<String> {
    let tx = db.write().begin().await.unwrap();
    let explain = if db.is_postgres() {
        tx.execute_unprepared("SET LOCAL enable_seqscan = off").await.unwrap();
        format!("EXPLAIN {sql}")
    } else {
        format!("EXPLAIN QUERY PLAN {sql}")
    };
    let rows = tx.query_all_raw(stmt(&tx, &explain, values)).await.unwrap();
    tx.rollback().await.unwrap();
    let column = if db.is_postgres() { "QUERY PLAN" } else { "detail" };
    rows.iter().map(|r| r.try_get::<String>("", column).unwrap()).collect()
}

/// The large tables a plan reads whole.
fn full_scans(plan: &[String]) -> Vec<&'static str> {
    LARGE
        .into_iter()
        .filter(|table| {
            plan.iter().any(|line| {
                let line = line.trim();
                // SQLite: `SCAN audit_log` (a `SEARCH` uses an index); PostgreSQL: `Seq Scan on audit_log`.
                line == format!("SCAN {table}")
                    || line.starts_with(&format!("SCAN {table} "))
                    || line.contains(&format!("Seq Scan on {table} "))
                    || line.ends_with(&format!("Seq Scan on {table}"))
            })
        })
        .collect()
}

#[tokio::test]
async fn the_data_export_finds_a_persons_rows_through_indexes() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let mut scanned = Vec::new();
    for (table, sql, value) in privacy::export_queries(anna.id, "anna@example.org") {
        let plan = plan(app.db(), &sql, vec![value]).await;
        let scans = full_scans(&plan);
        if !scans.is_empty() {
            scanned.push(format!("{} reads {scans:?} whole:\n  {}", table.table, plan.join("\n  ")));
        }
    }
    assert!(scanned.is_empty(), "{}", scanned.join("\n"));
}

/// Every order of the queue, over the open cases and over every state, reads the
/// agency's cases through an index; SQLite also reads them in the page's order from the
/// index, so it stops after the page instead of sorting all the agency ever had.
#[tokio::test]
async fn every_order_of_the_queue_reads_its_page_through_an_index() {
    let app = TestApp::spawn().await;
    let scope = CaseScope {
        account: Uuid::now_v7(),
        agencies: vec!["fb".into()],
        lead_agencies: Vec::new(),
        payment_agencies: Vec::new(),
        publish_agencies: Vec::new(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut failed = Vec::new();
    for sort in [Sort::Due, Sort::Newest, Sort::Oldest, Sort::Reference] {
        for status in [StatusFilter::Open, StatusFilter::All] {
            let filter = Filter {
                sort,
                status,
                ..Filter::default()
            };
            let (sql, values) = queue::statement(&scope, &filter, today).unwrap();
            let plan = plan(app.db(), &sql, values).await;
            let scans = full_scans(&plan);
            let sorted = !app.db().is_postgres() && plan.iter().any(|l| l.contains("USE TEMP B-TREE FOR ORDER BY"));
            if !scans.is_empty() || sorted {
                failed.push(format!("{sort:?}, {status:?}:\n  {}", plan.join("\n  ")));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn a_full_scan_is_told_from_an_index_search() {
    let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(full_scans(&lines(&["SCAN audit_log"])), ["audit_log"]);
    assert_eq!(
        full_scans(&lines(&["SCAN applications USING COVERING INDEX applications_queue"])),
        ["applications"]
    );
    assert_eq!(
        full_scans(&lines(&["  ->  Seq Scan on mails  (cost=0.00..1.01 rows=1 width=32)"])),
        ["mails"]
    );
    assert!(full_scans(&lines(&["SEARCH audit_log USING INDEX audit_log_actor (actor=?)"])).is_empty());
    assert!(full_scans(&lines(&["Index Scan using audit_log_actor on audit_log"])).is_empty());
    assert!(full_scans(&lines(&["SCAN applications_files"])).is_empty(), "another table");
}
