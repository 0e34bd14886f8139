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
