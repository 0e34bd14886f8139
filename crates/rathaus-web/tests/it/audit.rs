//! The audit chain detects edited, deleted, reordered and truncated entries.

use rathaus_platform::audit::{self, AuditEvent, ChainBreak};
use rathaus_platform::db::{Db, stmt};
use sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::helpers::TestApp;

/// What an attacker with database access does first: switch off the append-only guard.
async fn drop_guard(db: &Db) {
    let conn = db.write();
    let sql = match conn.get_database_backend() {
        DatabaseBackend::Postgres => vec!["DROP TRIGGER audit_log_append_only ON audit_log"],
        _ => vec!["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
    };
    for s in sql {
        conn.execute_raw(stmt(conn, s, vec![])).await.unwrap();
    }
}

async fn exec(db: &Db, sql: &str) {
    let conn = db.write();
    conn.execute_raw(stmt(conn, sql, vec![])).await.unwrap();
}

async fn app_with_entries() -> TestApp {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        audit::record(
            app.db().write(),
            &*app.clock,
            AuditEvent::new("operator:test", "test.event", format!("thing:{i}")).with_details(serde_json::json!({ "i": i })),
        )
        .await
        .unwrap();
    }
    app
}

#[tokio::test]
async fn an_intact_chain_verifies() {
    let app = app_with_entries().await;
    let report = audit::verify(app.db()).await.unwrap().unwrap();
    // The demo import wrote the first entry.
    assert_eq!(report.entries, 6);
}

#[tokio::test]
async fn the_log_refuses_updates_and_deletes() {
    let app = app_with_entries().await;
    let conn = app.db().write();
    assert!(
        conn.execute_raw(stmt(conn, "UPDATE audit_log SET actor = 'x' WHERE seq = 2", vec![]))
            .await
            .is_err()
    );
    assert!(
        conn.execute_raw(stmt(conn, "DELETE FROM audit_log WHERE seq = 2", vec![]))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_edited_entry_is_named() {
    let app = app_with_entries().await;
    drop_guard(app.db()).await;
    exec(app.db(), "UPDATE audit_log SET subject = 'thing:other' WHERE seq = 3").await;
    assert_eq!(audit::verify(app.db()).await.unwrap(), Err(ChainBreak::Edited { seq: 3 }));
}

#[tokio::test]
async fn a_deleted_entry_is_named() {
    let app = app_with_entries().await;
    drop_guard(app.db()).await;
    exec(app.db(), "DELETE FROM audit_log WHERE seq = 4").await;
    assert_eq!(audit::verify(app.db()).await.unwrap(), Err(ChainBreak::Missing { seq: 4 }));
}

#[tokio::test]
async fn reordered_entries_are_found() {
    let app = app_with_entries().await;
    drop_guard(app.db()).await;
    exec(app.db(), "UPDATE audit_log SET seq = 100 WHERE seq = 2").await;
    exec(app.db(), "UPDATE audit_log SET seq = 2 WHERE seq = 3").await;
    exec(app.db(), "UPDATE audit_log SET seq = 3 WHERE seq = 100").await;
    let verdict = audit::verify(app.db()).await.unwrap();
    assert!(
        matches!(
            verdict,
            Err(ChainBreak::BrokenLink { seq: 2, .. }) | Err(ChainBreak::Edited { seq: 2 })
        ),
        "{verdict:?}"
    );
}

#[tokio::test]
async fn a_truncated_tail_is_found() {
    let app = app_with_entries().await;
    drop_guard(app.db()).await;
    exec(app.db(), "DELETE FROM audit_log WHERE seq >= 5").await;
    assert_eq!(
        audit::verify(app.db()).await.unwrap(),
        Err(ChainBreak::TruncatedTail { last_seq: 4, head_seq: 6 })
    );
}

/// Two processes on one database — a second node's worker, or `rathaus admin` next to
/// `serve` on the same SQLite file — append to the chain at once. Each append reads the
/// head before it writes; every one must succeed and the chain stay whole.
#[tokio::test]
async fn two_processes_append_at_once_without_locking_each_other_out() {
    let app = TestApp::spawn().await;
    let other = Db::connect(&app.config).await.unwrap();
    let mut tasks = Vec::new();
    for (n, db) in [app.db().clone(), other.clone()].into_iter().enumerate() {
        let clock = app.clock.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..40 {
                let event = AuditEvent::new(format!("process:{n}"), "test.append", format!("item:{i}"));
                audit::record(db.write(), &*clock, event).await?;
            }
            Ok::<_, rathaus_platform::Error>(())
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("no append is refused as locked");
    }
    assert_eq!(app.count("audit_log WHERE action = 'test.append'").await, 80);
    assert!(audit::verify(app.db()).await.unwrap().is_ok(), "the chain is whole");
}

/// A write transaction that reads before it writes, while another process writes in
/// between: on SQLite a deferred transaction would fail with "database is locked" at
/// its first write, however long the busy timeout. Write transactions take the lock up
/// front, so the other process waits and both succeed.
#[tokio::test]
async fn a_transaction_that_reads_first_survives_another_process_writing() {
    use rathaus_platform::jobs::{self, NewJob};
    let app = TestApp::spawn().await;
    let other = Db::connect(&app.config).await.unwrap();
    let tx = app.db().begin().await.unwrap();
    tx.query_one_raw(stmt(&tx, "SELECT COUNT(*) AS n FROM jobs", vec![])).await.unwrap();
    let clock = app.clock.clone();
    let writer = tokio::spawn(async move { jobs::enqueue(other.write(), &*clock, NewJob::new("test.other", serde_json::json!({}))).await });
    // Give the other process the chance to write in between, as it would in life.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    jobs::enqueue(&tx, &*app.clock, NewJob::new("test.mine", serde_json::json!({})))
        .await
        .expect("the reading transaction may still write");
    tx.commit().await.unwrap();
    writer.await.unwrap().expect("the other process waited for the lock");
    assert_eq!(app.count("jobs WHERE kind IN ('test.mine', 'test.other')").await, 2);
}
