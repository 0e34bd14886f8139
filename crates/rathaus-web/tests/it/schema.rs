//! Both migration sets produce the same tables and columns.

use rathaus_platform::db::testing::{TestBackend, TestDatabase};
use rathaus_platform::db::{Db, dialect, stmt};
use sea_orm::ConnectionTrait;
use std::time::Duration;

async fn columns(db: &Db) -> Vec<(String, String)> {
    let conn = db.read();
    conn.query_all_raw(stmt(conn, dialect::columns_query(conn.get_database_backend()), vec![]))
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("", "t").unwrap(), r.try_get("", "c").unwrap()))
        .collect()
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let sqlite = TestDatabase::create(TestBackend::Sqlite).await.unwrap();
    let postgres = TestDatabase::create(TestBackend::Postgres).await.unwrap();
    let path = sqlite.url.trim_start_matches("sqlite:");
    let a = Db::connect_sqlite(std::path::Path::new(path), 2, Duration::from_secs(5))
        .await
        .unwrap();
    a.migrate().await.unwrap();
    let b = Db::connect_postgres(&postgres.url, 2, Duration::from_secs(5)).await.unwrap();
    assert_eq!(columns(&a).await, columns(&b).await);
}
