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
    backup::restore(&archive, &restored_dir, None).await.unwrap();
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

    let err = backup::restore(&archive, &restored_dir, None).await.unwrap_err();
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

/// Unpacks `archive` into `dir`.
fn unpack(archive: &std::path::Path, dir: &std::path::Path) {
    let file = std::fs::File::open(archive).unwrap();
    tar::Archive::new(flate2::read::GzDecoder::new(file)).unpack(dir).unwrap();
}

/// Packs everything under `dir` into `archive`, as a tampered backup.
fn repack(dir: &std::path::Path, archive: &std::path::Path) {
    let file = std::fs::File::create(archive).unwrap();
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::default()));
    tar.append_dir_all(".", dir).unwrap();
    tar.into_inner().unwrap().finish().unwrap();
}

async fn exec_on(db_file: &std::path::Path, sql: &str) {
    use sea_orm::ConnectionTrait;
    let db = Db::connect_sqlite(db_file, 1, std::time::Duration::from_secs(5), 0).await.unwrap();
    let conn = db.write();
    conn.execute_raw(rathaus_platform::db::stmt(conn, sql, vec![])).await.unwrap();
    db.close().await;
}

/// A backup notices tampering: a byte of the database, a row of application answers, a
/// password hash, a byte inside an encrypted file, the file key, a removed file — each
/// refused at restore, naming what differs, and nothing is left restored.
#[tokio::test]
async fn a_tampered_backup_is_refused_naming_what_differs() {
    let app = TestApp::spawn().await;
    if let DatabaseTarget::Postgres(_) = app.config.database_target() {
        return;
    }
    crate::applying::resident(&app, "anna@example.org").await;
    crate::applying::dog_tax_up_to_review(&app).await;
    let object: String = app.scalar("SELECT object_key AS v FROM files").await;
    let archive = app.data_dir.path().join("rathaus-backup.tar.gz");
    backup::backup(&app.config, app.db(), &archive, NowForTests::now_for_tests(&*app.clock))
        .await
        .unwrap();
    // The untouched archive restores.
    let work = tempfile::tempdir().unwrap();
    backup::restore(&archive, &work.path().join("intact"), None).await.unwrap();

    let other_key = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [7_u8; 32]);
    let object_file = format!("files/{object}");
    let cases: Vec<(&str, &str)> = vec![
        ("a byte of the database", "rathaus.db: changed"),
        ("a row of answers", "table applications: changed"),
        ("a password hash", "table accounts: changed"),
        ("a byte of an encrypted file", "changed"),
        ("the file key", "the manifest itself"),
        ("a file removed", "missing"),
    ];
    for (n, (what, named)) in cases.into_iter().enumerate() {
        let dir = work.path().join(format!("tampered-{n}"));
        unpack(&archive, &dir);
        match what {
            "a byte of the database" => {
                let path = dir.join("rathaus.db");
                let mut bytes = std::fs::read(&path).unwrap();
                let at = bytes.len() - 100;
                bytes[at] ^= 0x01;
                std::fs::write(&path, bytes).unwrap();
            }
            "a row of answers" => {
                exec_on(
                    &dir.join("rathaus.db"),
                    "UPDATE applications SET answers = '{\"given_name\":\"Mallory\"}'",
                )
                .await
            }
            "a password hash" => {
                exec_on(
                    &dir.join("rathaus.db"),
                    "UPDATE accounts SET password_hash = 'x' WHERE password_hash IS NOT NULL",
                )
                .await
            }
            "a byte of an encrypted file" => {
                let path = dir.join(&object_file);
                let mut bytes = std::fs::read(&path).unwrap();
                bytes[40] ^= 0x01;
                std::fs::write(&path, bytes).unwrap();
            }
            "the file key" => std::fs::write(dir.join("files.key"), &other_key).unwrap(),
            _ => std::fs::remove_file(dir.join(&object_file)).unwrap(),
        }
        // SQLite's side files of the edit are not part of a backup.
        for side in ["rathaus.db-wal", "rathaus.db-shm"] {
            let _ = std::fs::remove_file(dir.join(side));
        }
        let tampered = work.path().join(format!("tampered-{n}.tar.gz"));
        repack(&dir, &tampered);
        let target = work.path().join(format!("restored-{n}"));
        let err = backup::restore(&tampered, &target, None).await.unwrap_err().to_string();
        assert!(err.contains(named), "{what}: {err}");
        assert!(!target.exists(), "{what}: nothing is left restored");
    }
}

/// A backup taken before an erasure holds what was erased. The erasure journal, kept
/// apart from the database and never packed into a backup, makes the restore erase it
/// again: a deleted account and a deleted draft do not come back. On PostgreSQL (no
/// built-in backup) the restored state is simulated: the journal names what the
/// database, as restored, still holds.
#[tokio::test]
async fn erasures_made_after_a_backup_are_made_again_when_it_is_restored() {
    use crate::accounts::confirmed_account;
    use crate::applications::dog_form;
    use crate::helpers::acting;
    use rathaus_core::accounts::{self, privacy};
    use rathaus_core::applications;
    use rathaus_platform::blobs::journal::{Erasure, ErasureKind, Journal};
    use rathaus_platform::clock::Clock;
    use sea_orm::ConnectionTrait;

    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    confirmed_account(&app, "bert@example.org").await;
    let anna = accounts::find_by_email(app.db(), "anna@example.org").await.unwrap();
    let bert = accounts::find_by_email(app.db(), "bert@example.org").await.unwrap();
    let form = dog_form();
    let kept = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    let dropped = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    let journal = app.state.blobs.journal().clone();
    assert_eq!(journal.path(), app.data_dir.path().join("erasure-journal.jsonl"));

    let is_sqlite = !matches!(app.config.database_target(), DatabaseTarget::Postgres(_));
    let archive = app.data_dir.path().join("before-the-erasures.tar.gz");
    if is_sqlite {
        backup::backup(&app.config, app.db(), &archive, NowForTests::now_for_tests(&*app.clock))
            .await
            .unwrap();
    }
    applications::delete_draft(app.db(), &app.state.blobs, &*app.clock, &acting(&anna), dropped.id)
        .await
        .unwrap();
    privacy::delete_account(app.db(), &app.state.blobs, &*app.clock, &bert)
        .await
        .unwrap();
    let kinds: Vec<ErasureKind> = journal.entries().unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [ErasureKind::Draft, ErasureKind::Account]);
    let archived = if is_sqlite { archive_names(&archive) } else { Vec::new() };
    assert!(!archived.iter().any(|n| n.contains("erasure")), "never packed: {archived:?}");

    let restored = tempfile::tempdir().unwrap();
    let (db, blobs) = if is_sqlite {
        let restored_dir = restored.path().join("restored");
        backup::restore(&archive, &restored_dir, None).await.unwrap();
        let mut config = app.config.clone();
        config.data_dir = restored_dir;
        config.database_url = None;
        config.files.dir = None;
        // The old installation's journal, as `rathaus restore --erasures` passes it.
        config.files.erasure_journal = Some(journal.path().to_path_buf());
        let db = Db::connect(&config).await.unwrap();
        db.migrate().await.unwrap();
        (db, rathaus_platform::blobs::BlobStore::from_config(&config).unwrap())
    } else {
        // As restored from a dump taken before: Bert's account and the draft are back.
        let other = Journal::at(app.data_dir.path().join("simulated.jsonl"));
        let again = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
            .await
            .unwrap();
        confirmed_account(&app, "carl@example.org").await;
        let carl = accounts::find_by_email(app.db(), "carl@example.org").await.unwrap();
        for (kind, id) in [(ErasureKind::Draft, again.id), (ErasureKind::Account, carl.id)] {
            other
                .record(&Erasure {
                    at: app.clock.now(),
                    kind,
                    id,
                })
                .unwrap();
        }
        let mut config = app.config.clone();
        config.files.erasure_journal = Some(other.path().to_path_buf());
        (app.db().clone(), rathaus_platform::blobs::BlobStore::from_config(&config).unwrap())
    };
    let live_accounts = |db: Db| async move {
        let conn = db.write();
        let row = conn
            .query_one_raw(rathaus_platform::db::stmt(
                conn,
                "SELECT COUNT(*) AS n FROM accounts WHERE deleted_at IS NULL",
                vec![],
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    };
    let before = live_accounts(db.clone()).await;
    let replayed = privacy::replay_erasures(&db, &blobs, &*app.clock).await.unwrap();
    assert_eq!((replayed.accounts, replayed.drafts), (1, 1), "{replayed:?}");
    assert_eq!(live_accounts(db.clone()).await, before - 1);
    let drafts = count(&db, "applications").await;
    assert_eq!(drafts, 1, "only the draft Anna kept");
    assert!(applications::by_id(&db, kept.id).await.is_ok());
    let again = privacy::replay_erasures(&db, &blobs, &*app.clock).await.unwrap();
    assert_eq!((again.accounts, again.drafts), (0, 0), "what is gone stays gone, nothing twice");
}

fn archive_names(archive: &std::path::Path) -> Vec<String> {
    let file = std::fs::File::open(archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    tar.entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect()
}
