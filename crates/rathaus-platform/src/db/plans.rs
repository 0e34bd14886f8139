//! Reading a statement's plan from the database itself, to tell whether it reads a large
//! table whole or through an index (the tests and the scale benchmark check the
//! statements whose cost must follow the page, not the city's history).

use sea_orm::{ConnectionTrait, TransactionTrait};

use super::{Db, stmt};
use crate::Result;

/// The tables every one of whose reads must go through an index.
pub const LARGE: [&str; 10] = [
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

/// The lines of the plan of `sql` run with `values`. On PostgreSQL sequential scans are
/// switched off for the reading: a small table would be read whole anyway, and a plan
/// that still scans has no index to use.
pub async fn explain(db: &Db, sql: &str, values: Vec<sea_orm::Value>) -> Result<Vec<String>> {
    let tx = db.write().begin().await?;
    let explain = if db.is_postgres() {
        tx.execute_unprepared("SET LOCAL enable_seqscan = off").await?;
        format!("EXPLAIN {sql}")
    } else {
        format!("EXPLAIN QUERY PLAN {sql}")
    };
    let rows = tx.query_all_raw(stmt(&tx, &explain, values)).await?;
    tx.rollback().await?;
    let column = if db.is_postgres() { "QUERY PLAN" } else { "detail" };
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String>("", column))
        .collect::<std::result::Result<_, _>>()?)
}

/// The large tables a plan reads whole.
pub fn full_scans(plan: &[String]) -> Vec<&'static str> {
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

/// Whether SQLite visits rows of `table` instead of reading what it needs from an index
/// alone (a covering index). Only SQLite's plans say so whatever the table's size:
/// PostgreSQL chooses by its statistics and the visibility map.
pub fn visits_rows(plan: &[String], table: &str) -> bool {
    plan.iter().any(|line| {
        let line = line.trim_start_matches([' ', '|', '`', '-']);
        let mut words = line.split_whitespace();
        matches!(words.next(), Some("SEARCH" | "SCAN")) && words.next() == Some(table) && !line.contains("COVERING INDEX")
    })
}

/// How often SQLite sorts rows itself instead of reading them in an index's order.
pub fn sorts(plan: &[String]) -> usize {
    plan.iter().filter(|l| l.contains("USE TEMP B-TREE FOR ORDER BY")).count()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(sorts(&lines(&["SCAN q", "USE TEMP B-TREE FOR ORDER BY"])), 1);
        let search = |line: &str| visits_rows(&lines(&["CO-ROUTINE matching", line, "SCAN matching"]), "applications");
        assert!(search("SEARCH applications USING INDEX applications_open_due (agency_id=?)"));
        assert!(search("|--SCAN applications"));
        assert!(!search(
            "SEARCH applications USING COVERING INDEX applications_decided (agency_id=? AND decided_at>?)"
        ));
        assert!(!search("SEARCH applications_files USING INDEX x (application_id=?)"));
    }
}
