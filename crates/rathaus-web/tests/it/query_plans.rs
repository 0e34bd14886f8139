//! The statements whose cost must follow the page, not the city's history, find their
//! rows through indexes: each plan is read from the database itself. On PostgreSQL a
//! small test table would be read whole anyway, so sequential scans are switched off
//! for the session — a plan that still scans has no index to use.

use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::applications::person;
use crate::helpers::TestApp;
use rathaus_core::accounts::privacy;
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

/// The lines of the plan of `sql` run with `value`.
async fn plan(db: &Db, sql: &str, value: sea_orm::Value) -> Vec<String> {
    let tx = db.write().begin().await.unwrap();
    let explain = if db.is_postgres() {
        tx.execute_unprepared("SET LOCAL enable_seqscan = off").await.unwrap();
        format!("EXPLAIN {sql}")
    } else {
        format!("EXPLAIN QUERY PLAN {sql}")
    };
    let rows = tx.query_all_raw(stmt(&tx, &explain, vec![value])).await.unwrap();
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
        let plan = plan(app.db(), &sql, value).await;
        let scans = full_scans(&plan);
        if !scans.is_empty() {
            scanned.push(format!("{} reads {scans:?} whole:\n  {}", table.table, plan.join("\n  ")));
        }
    }
    assert!(scanned.is_empty(), "{}", scanned.join("\n"));
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
