//! The schema: the same tables and columns on both databases, as recorded in the snapshots
//! on each, and the same whether a database is new or upgraded from an earlier release.

use rathaus_platform::db::testing::{TestBackend, TestDatabase};
use rathaus_platform::db::{Db, dialect, schema_report, stmt};
use sea_orm::ConnectionTrait;

async fn columns(db: &Db) -> Vec<(String, String)> {
    let conn = db.read();
    conn.query_all_raw(stmt(conn, dialect::columns_query(conn.get_database_backend()), vec![]))
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("", "t").unwrap(), r.try_get("", "c").unwrap()))
        .collect()
}

async fn connect(database: &TestDatabase) -> Db {
    database.connect().await.unwrap()
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let sqlite = TestDatabase::create(TestBackend::Sqlite).await.unwrap();
    let postgres = TestDatabase::create(TestBackend::Postgres).await.unwrap();
    let a = connect(&sqlite).await;
    a.migrate().await.unwrap();
    let b = connect(&postgres).await;
    assert_eq!(columns(&a).await, columns(&b).await);
}

/// Any change to the schema shows here, in the form each database reports it.
#[tokio::test]
async fn each_schema_is_as_recorded() {
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        let database = TestDatabase::create(backend).await.unwrap();
        let db = connect(&database).await;
        db.migrate().await.unwrap();
        let name = if backend == TestBackend::Sqlite {
            "schema_sqlite"
        } else {
            "schema_postgres"
        };
        insta::assert_snapshot!(name, schema_report::describe(&db).await.unwrap());
    }
}

/// A database as the releases before 2026-12-07 left it (see the fixtures' README).
async fn database_of_the_sqlx_releases(backend: TestBackend) -> TestDatabase {
    use std::io::Read;
    let packed: &[u8] = match backend {
        TestBackend::Sqlite => include_bytes!("../fixtures/before-sea-orm-migrations/sqlite.sql.gz"),
        TestBackend::Postgres => include_bytes!("../fixtures/before-sea-orm-migrations/postgres.sql.gz"),
    };
    let mut dump = String::new();
    flate2::read::GzDecoder::new(packed).read_to_string(&mut dump).unwrap();
    let database = TestDatabase::empty(backend).await.unwrap();
    // The dump sets session settings (PostgreSQL's search path, SQLite's foreign key
    // checks): it is loaded on a connection of its own.
    let loader = connect(&database).await;
    loader.write().execute_unprepared(&dump).await.unwrap();
    loader.close().await;
    database
}

/// A database as the releases before 2026-12-07 left it — migrated by sqlx from two SQL
/// trees, dumped right after `rathaus migrate` — upgrades to exactly the schema a new
/// database gets, with its migrations recorded under their names here.
#[tokio::test]
async fn a_database_of_the_sqlx_releases_upgrades_to_the_same_schema() {
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        let old = database_of_the_sqlx_releases(backend).await;
        let upgraded = connect(&old).await;
        upgraded.migrate().await.unwrap();
        upgraded.migrate().await.unwrap();
        let conn = upgraded.read();
        let recorded = conn
            .query_one_raw(stmt(conn, "SELECT COUNT(*) AS n FROM seaql_migrations", vec![]))
            .await
            .unwrap()
            .unwrap();
        let all = rathaus_platform::db::migrations::count() as i64;
        assert_eq!(recorded.try_get::<i64>("", "n").unwrap(), all, "{backend:?}");
        let leftover = conn
            .query_one_raw(stmt(conn, "SELECT COUNT(*) AS n FROM _sqlx_migrations", vec![]))
            .await;
        assert!(leftover.is_err(), "{backend:?}: the old record is gone");

        let new = TestDatabase::create(backend).await.unwrap();
        let fresh = connect(&new).await;
        fresh.migrate().await.unwrap();
        let (before, after) = (
            schema_report::describe(&upgraded).await.unwrap(),
            schema_report::describe(&fresh).await.unwrap(),
        );
        if before != after {
            let diff = similar::TextDiff::from_lines(&before, &after);
            panic!("{backend:?}: upgraded (-) and new (+) differ:\n{}", diff.unified_diff());
        }
    }
}

/// What cannot be taken over is refused with what to do, and nothing changes: a database
/// a newer release migrated, or one whose migration failed part-way.
#[tokio::test]
async fn a_sqlx_record_that_cannot_be_taken_over_is_refused() {
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        for (description, success, expected) in [
            ("from the future", "TRUE", "newer release"),
            ("failed", "FALSE", "restore the backup"),
        ] {
            let old = database_of_the_sqlx_releases(backend).await;
            let db = connect(&old).await;
            let conn = db.write();
            let checksum = if backend == TestBackend::Sqlite {
                "X'00'"
            } else {
                "'\\x00'::bytea"
            };
            conn.execute_unprepared(&format!(
                "INSERT INTO _sqlx_migrations (version, description, checksum, success, execution_time) \
                 VALUES (43, '{description}', {checksum}, {success}, 0)"
            ))
            .await
            .unwrap();
            let refused = db.migrate().await.unwrap_err().to_string();
            assert!(refused.contains(expected), "{backend:?}: {refused}");
            let kept = conn
                .query_one_raw(stmt(conn, "SELECT COUNT(*) AS n FROM _sqlx_migrations", vec![]))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(kept.try_get::<i64>("", "n").unwrap(), 43, "{backend:?}: the record stays as it was");
        }
    }
}
