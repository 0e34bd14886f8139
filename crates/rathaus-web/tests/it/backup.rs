//! Backup and restore of the embedded installation; PostgreSQL points to pg_dump.

use rathaus_platform::backup;
use rathaus_platform::config::DatabaseTarget;
use rathaus_platform::db::Db;
use rathaus_platform::{Error, audit};

use crate::helpers::TestApp;

#[tokio::test]
async fn backup_restores_into_an_empty_directory_with_counts_and_chain_intact() {
    let app = TestApp::spawn().await;
    let archive = app.data_dir.path().join("rathaus-backup.tar.gz");
    if let DatabaseTarget::Postgres(_) = app.config.database_target() {
        let err = backup::backup(&app.config, app.db(), &archive, NowForTests::now_for_tests(&*app.clock))
            .await
            .unwrap_err();
        assert!(matches!(&err, Error::Config(m) if m.contains("pg_dump")), "{err}");
        return;
    }
    let token = app.csrf_from("/barrierefreiheit").await;
    app.post_form(
        "/barrierefreiheit",
        &[("_csrf", &token), ("message", "Vor der Sicherung gemeldet.")],
    )
    .await;
    let stored = app
        .state
        .blobs
        .put(
            app.db().write(),
            &*app.clock,
            rathaus_platform::blobs::NewFile {
                original_name: "a.txt".into(),
                accept: vec![],
                max_bytes: None,
            },
            futures::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"Inhalt"))]),
        )
        .await
        .unwrap();
    let manifest = backup::backup(&app.config, app.db(), &archive, NowForTests::now_for_tests(&*app.clock))
        .await
        .unwrap();
    assert!(manifest.includes_files && manifest.includes_file_key);

    let target = tempfile::tempdir().unwrap();
    let restored_dir = target.path().join("restored");
    backup::restore(&archive, &restored_dir).unwrap();
    let mut config = app.config.clone();
    config.data_dir = restored_dir.clone();
    config.database_url = None;
    config.files.dir = None;
    let db = Db::connect(&config).await.unwrap();
    db.migrate().await.unwrap();
    for table in ["services", "agencies", "locations", "feedback", "audit_log"] {
        assert_eq!(count(&db, table).await, app.count(table).await, "{table}");
    }
    assert!(audit::verify(&db).await.unwrap().is_ok());
    let blobs = rathaus_platform::blobs::BlobStore::from_config(&config).unwrap();
    assert_eq!(blobs.read_all(&db, stored.id).await.unwrap(), b"Inhalt");

    let err = backup::restore(&archive, &restored_dir).unwrap_err();
    assert!(err.to_string().contains("not empty"));
}

async fn count(db: &Db, table: &str) -> i64 {
    use sea_orm::ConnectionTrait;
    let conn = db.read();
    let row = conn
        .query_one_raw(rathaus_platform::db::stmt(
            conn,
            &format!("SELECT COUNT(*) AS n FROM {table}"),
            vec![],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

trait NowForTests {
    fn now_for_tests(&self) -> chrono::DateTime<chrono::Utc>;
}

impl NowForTests for rathaus_platform::clock::ManualClock {
    fn now_for_tests(&self) -> chrono::DateTime<chrono::Utc> {
        rathaus_platform::clock::Clock::now(self)
    }
}
