//! Encrypted files: round trip, nothing readable at rest, size cap while streaming,
//! crypto-shredding on delete.

use bytes::Bytes;
use rathaus_platform::Error;
use rathaus_platform::blobs::NewFile;

use crate::helpers::{ChildProcess, TestApp, free_port, spawn_listening};

fn chunks(data: &[u8]) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Unpin + Send + use<> {
    let parts: Vec<Result<Bytes, std::io::Error>> = data.chunks(10_000).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    futures::stream::iter(parts)
}

fn new_file() -> NewFile {
    NewFile {
        original_name: "nachweis.pdf".into(),
        accept: vec![],
        max_bytes: None,
    }
}

fn files_on_disk(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

#[tokio::test]
async fn files_roundtrip_and_are_encrypted_at_rest() {
    let app = TestApp::spawn().await;
    let blobs = &app.state.blobs;
    let plain: Vec<u8> = b"%PDF-1.7 Meldebescheinigung fuer Anna Beispiel "
        .iter()
        .cycle()
        .take(300_000)
        .copied()
        .collect();
    let record = blobs.put(app.db().write(), &*app.clock, new_file(), chunks(&plain)).await.unwrap();
    assert_eq!(record.size_bytes, 300_000);
    assert_eq!(blobs.read_all(app.db(), record.id).await.unwrap(), plain);

    let stored = files_on_disk(&app.config.files_dir());
    assert_eq!(stored.len(), 1);
    assert!(stored[0].windows(20).all(|w| w != &plain[..20]), "plaintext visible at rest");
}

#[tokio::test]
async fn the_size_cap_holds_while_streaming() {
    let app = TestApp::spawn().await;
    let file = NewFile {
        max_bytes: Some(50_000),
        ..new_file()
    };
    let result = app
        .state
        .blobs
        .put(app.db().write(), &*app.clock, file, chunks(&vec![0_u8; 60_000]))
        .await;
    assert!(matches!(result, Err(Error::TooLarge { limit: 50_000 })));
    assert_eq!(app.count("files").await, 0);
    assert!(files_on_disk(&app.config.files_dir()).is_empty(), "the partial upload was aborted");
}

#[tokio::test]
async fn deleting_shreds_the_key_and_the_object() {
    let app = TestApp::spawn().await;
    let blobs = &app.state.blobs;
    let record = blobs
        .put(app.db().write(), &*app.clock, new_file(), chunks(b"geheim"))
        .await
        .unwrap();
    blobs.delete(app.db(), &*app.clock, record.id).await.unwrap();
    assert!(matches!(blobs.read_all(app.db(), record.id).await, Err(Error::NotFound)));
    assert!(files_on_disk(&app.config.files_dir()).is_empty());
    assert!(matches!(blobs.delete(app.db(), &*app.clock, record.id).await, Err(Error::NotFound)));
}

/// moto's S3 server on a free loopback port; returns the process guard and endpoint.
async fn start_s3() -> (ChildProcess, String) {
    let port = free_port();
    let mut command = std::process::Command::new("moto_server");
    command.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    let process = spawn_listening(command, port, "the S3 stand-in (moto_server)").await;
    (process, format!("http://127.0.0.1:{port}"))
}

#[tokio::test]
async fn files_roundtrip_through_s3_compatible_storage() {
    use base64::Engine as _;
    use rathaus_platform::blobs::BlobStore;
    use rathaus_platform::config::{FilesBackend, S3Config};
    use secrecy::SecretString;

    let (_s3, endpoint) = start_s3().await;
    let client = reqwest::Client::new();
    assert!(
        client
            .put(format!("{}/rathaus-files", endpoint))
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let app = TestApp::spawn().await;
    let mut config = app.config.clone();
    config.files.backend = FilesBackend::S3;
    config.files.master_key = Some(SecretString::from(base64::engine::general_purpose::STANDARD.encode([7_u8; 32])));
    config.files.s3 = Some(S3Config {
        bucket: "rathaus-files".into(),
        region: "us-east-1".into(),
        endpoint: Some(endpoint.clone()),
        access_key_id: Some("test".into()),
        secret_access_key: Some(SecretString::from("test")),
        allow_http: true,
    });
    let blobs = BlobStore::from_config(&config).unwrap();
    // Larger than one S3 multipart part (5 MiB), so the multipart path is exercised.
    let plain: Vec<u8> = b"Bauantrag Musterstrasse 1 "
        .iter()
        .cycle()
        .take(6 * 1024 * 1024 + 123)
        .copied()
        .collect();
    let record = blobs.put(app.db().write(), &*app.clock, new_file(), chunks(&plain)).await.unwrap();
    assert_eq!(blobs.read_all(app.db(), record.id).await.unwrap(), plain);

    let keys = blobs.object_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    let stored = client
        .get(format!("{}/rathaus-files/{}", endpoint, keys[0]))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(!stored.windows(25).any(|w| w == &plain[..25]), "plaintext visible in the bucket");

    blobs.delete(app.db(), &*app.clock, record.id).await.unwrap();
    assert!(blobs.object_keys().await.unwrap().is_empty());
}

/// A minimal PNG: the signature and an IHDR chunk are enough to recognise the type.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00";
const EICAR: &[u8] = br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

fn accepting(types: &[&str]) -> NewFile {
    NewFile {
        accept: types.iter().map(|t| t.to_string()).collect(),
        ..new_file()
    }
}

#[tokio::test]
async fn the_type_comes_from_the_content_not_the_name() {
    let app = TestApp::spawn().await;
    let blobs = &app.state.blobs;
    let image = [PNG, &vec![0_u8; 20_000]].concat();
    let record = blobs
        .put(
            app.db().write(),
            &*app.clock,
            accepting(&["application/pdf", "image/png"]),
            chunks(&image),
        )
        .await
        .unwrap();
    assert_eq!(record.content_type, "image/png", "recognised from the bytes although named .pdf");

    // A text file called "nachweis.pdf" is refused before anything is kept.
    let fake = b"Das ist kein PDF, nur Text.".repeat(1000);
    let refused = blobs
        .put(
            app.db().write(),
            &*app.clock,
            accepting(&["application/pdf", "image/png"]),
            chunks(&fake),
        )
        .await;
    assert!(
        matches!(refused, Err(Error::Invalid(ref m)) if m.starts_with("file-type-not-accepted")),
        "{refused:?}"
    );
    // A small file (shorter than the sniffing window) is recognised too.
    let tiny = blobs
        .put(app.db().write(), &*app.clock, accepting(&["image/png"]), chunks(PNG))
        .await
        .unwrap();
    assert_eq!(tiny.content_type, "image/png");
    assert_eq!(app.count("files").await, 2);
    assert_eq!(files_on_disk(&app.config.files_dir()).len(), 2, "the refused upload left nothing");
}

/// A stand-in for clamd on loopback that speaks INSTREAM: it checks the framing and
/// reports EICAR as found. Returns its address and how many bytes it received last.
async fn fake_clamd() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let received = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = received.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut command = [0_u8; 10];
                socket.read_exact(&mut command).await.unwrap();
                assert_eq!(&command, b"zINSTREAM\0");
                let mut data = Vec::new();
                loop {
                    let mut length = [0_u8; 4];
                    socket.read_exact(&mut length).await.unwrap();
                    let length = u32::from_be_bytes(length) as usize;
                    if length == 0 {
                        break;
                    }
                    let mut piece = vec![0_u8; length];
                    socket.read_exact(&mut piece).await.unwrap();
                    data.extend_from_slice(&piece);
                }
                seen.store(data.len(), std::sync::atomic::Ordering::SeqCst);
                let infected = data.windows(EICAR.len()).any(|w| w == EICAR);
                let answer: &[u8] = if infected {
                    b"stream: Eicar-Test-Signature FOUND\0"
                } else {
                    b"stream: OK\0"
                };
                socket.write_all(answer).await.unwrap();
            });
        }
    });
    (address, received)
}

#[tokio::test]
async fn uploads_are_scanned_and_infected_ones_refused() {
    let (address, received) = fake_clamd().await;
    let app = TestApp::spawn_with(move |c| c.files.clamd = Some(address)).await;
    let blobs = &app.state.blobs;
    let clean = vec![7_u8; 150_000];
    blobs.put(app.db().write(), &*app.clock, new_file(), chunks(&clean)).await.unwrap();
    assert_eq!(
        received.load(std::sync::atomic::Ordering::SeqCst),
        150_000,
        "the whole file went to the scanner"
    );

    let infected = [b"harmless start ".as_slice(), EICAR].concat();
    let refused = blobs.put(app.db().write(), &*app.clock, new_file(), chunks(&infected)).await;
    assert!(matches!(refused, Err(Error::Invalid(ref m)) if m == "file-infected"), "{refused:?}");
    assert_eq!(app.count("files").await, 1);
    assert_eq!(
        files_on_disk(&app.config.files_dir()).len(),
        1,
        "nothing of the infected file stays"
    );
}

#[tokio::test]
async fn a_configured_scanner_that_does_not_answer_stops_uploads() {
    let port = free_port();
    let app = TestApp::spawn_with(move |c| c.files.clamd = Some(format!("127.0.0.1:{port}"))).await;
    let refused = app
        .state
        .blobs
        .put(app.db().write(), &*app.clock, new_file(), chunks(b"%PDF-1.7 Antrag"))
        .await;
    assert!(matches!(refused, Err(Error::Unavailable(_))), "{refused:?}");
    assert_eq!(app.count("files").await, 0);
    assert!(files_on_disk(&app.config.files_dir()).is_empty());
}

/// Writes `bytes` into the local store at `relative`, last modified at `modified`.
fn leftover(dir: &std::path::Path, relative: &str, modified: std::time::SystemTime) -> std::path::PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"encrypted leftovers").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    path
}

/// What a killed writer leaves — an object whose row never committed, a staging file, a
/// row nothing links to (with its key), a shredded file's object — is swept once it is
/// older than the grace time; anything younger, and every linked file, stays. The
/// operator page shows what the last sweep removed.
#[tokio::test]
async fn leftovers_of_interrupted_writes_are_swept_and_nothing_live() {
    use rathaus_platform::blobs::sweep::SweepReport;
    use rathaus_platform::clock::Clock;
    let app = TestApp::spawn().await;
    let blobs = &app.state.blobs;
    let dir = app.config.files_dir();
    // A document of a draft: linked, and stays.
    crate::applying::resident(&app, "anna@example.org").await;
    crate::applying::dog_tax_up_to_review(&app).await;
    let linked: uuid::Uuid = app.scalar("SELECT file_id AS v FROM application_files").await;
    // A row nothing links to (the link never committed), and a shredded row whose
    // object was not removed.
    let unlinked = blobs
        .put(app.db().write(), &*app.clock, new_file(), chunks(b"%PDF-1.4 x"))
        .await
        .unwrap();
    let shredded = blobs
        .put(app.db().write(), &*app.clock, new_file(), chunks(b"%PDF-1.4 y"))
        .await
        .unwrap();
    let sql = "UPDATE files SET wrapped_key = NULL, deleted_at = created_at WHERE id = $1";
    {
        use sea_orm::ConnectionTrait;
        let conn = app.db().write();
        conn.execute_raw(rathaus_platform::db::stmt(conn, sql, vec![shredded.id.into()]))
            .await
            .unwrap();
    }
    // Objects and staging files without rows: old ones (before the test clock's grace
    // time) and fresh ones (a write that may still be under way).
    let old = std::time::SystemTime::from(app.clock.now() - chrono::Duration::hours(1));
    leftover(&dir, "zz/0123456789abcdef0123456789abcdef", old);
    leftover(&dir, "zz/fedcba9876543210fedcba9876543210#7", old);
    app.clock.advance(chrono::Duration::hours(2));
    let fresh = std::time::SystemTime::from(app.clock.now() - chrono::Duration::minutes(10));
    let fresh_object = leftover(&dir, "zz/00000000000000000000000000000000", fresh);
    let fresh_staging = leftover(&dir, "zz/11111111111111111111111111111111#2", fresh);

    let report = blobs
        .sweep(app.db(), &*app.clock, rathaus_core::applications::files::FILE_REFERENCES)
        .await
        .unwrap();
    assert_eq!(
        report,
        SweepReport {
            objects_without_row: 1,
            shredded_objects: 1,
            staging_files: 1,
            unlinked_rows: 1,
        }
    );
    assert!(
        matches!(blobs.read_all(app.db(), unlinked.id).await, Err(Error::NotFound)),
        "its key is gone"
    );
    assert!(fresh_object.exists() && fresh_staging.exists(), "nothing that may still be written");
    assert!(
        !blobs.read_all(app.db(), linked).await.unwrap().is_empty(),
        "the draft's document stays"
    );
    // Swept twice: nothing more to do.
    let again = blobs
        .sweep(app.db(), &*app.clock, rathaus_core::applications::files::FILE_REFERENCES)
        .await
        .unwrap();
    assert_eq!(again, SweepReport::default());

    // The operator sees the last sweep.
    app.forget_cookies();
    crate::staff::signed_in_operator(&app).await;
    let (_, html) = app.get_text("/verwaltung/betrieb").await;
    assert!(html.contains("Letzte Bereinigung"), "{html}");
}

/// The sweep's list of columns that link to files is complete: every foreign key to
/// `files` in the schema is in it (a new one would otherwise have its files swept).
#[tokio::test]
async fn every_link_to_a_file_is_known_to_the_sweep() {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let app = TestApp::spawn().await;
    let conn = app.db().write();
    let sql = match conn.get_database_backend() {
        DatabaseBackend::Postgres => {
            "SELECT kcu.table_name AS t, kcu.column_name AS c FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name \
             JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'files'"
        }
        _ => {
            "SELECT m.name AS t, p.\"from\" AS c FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p \
              WHERE m.type = 'table' AND p.\"table\" = 'files'"
        }
    };
    let mut found: Vec<(String, String)> = conn
        .query_all_raw(rathaus_platform::db::stmt(conn, sql, vec![]))
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("", "t").unwrap(), r.try_get("", "c").unwrap()))
        .collect();
    found.sort();
    let mut known: Vec<(String, String)> = rathaus_core::applications::files::FILE_REFERENCES
        .iter()
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .collect();
    known.sort();
    assert_eq!(found, known);
}

/// A stored file altered at rest — a byte flipped, cut short, swapped for another file's
/// object, or gone — is never sent with 200: the download is checked whole first.
#[tokio::test]
async fn a_damaged_file_is_never_sent_as_200() {
    let app = TestApp::spawn().await;
    crate::applying::resident(&app, "anna@example.org").await;
    let id = crate::applying::dog_tax_up_to_review(&app).await;
    let file: uuid::Uuid = app.scalar("SELECT file_id AS v FROM application_files").await;
    let object: String = app.scalar("SELECT object_key AS v FROM files").await;
    let path = app.config.files_dir().join(&object);
    let original = std::fs::read(&path).unwrap();
    let download = format!("/antraege/{id}/dateien/{file}");
    assert_eq!(app.get(&download).await.status(), 200);

    app.state
        .blobs
        .put(app.db().write(), &*app.clock, new_file(), chunks(b"%PDF-1.4 another document"))
        .await
        .unwrap();
    let other_object: String = app
        .scalar(&format!("SELECT object_key AS v FROM files WHERE object_key <> '{object}'"))
        .await;
    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let damages: Vec<(&str, Option<Vec<u8>>)> = vec![
        ("a byte flipped", Some(flipped)),
        ("cut short", Some(original[..original.len() - 20].to_vec())),
        (
            "another file's object",
            Some(std::fs::read(app.config.files_dir().join(&other_object)).unwrap()),
        ),
        ("gone", None),
    ];
    for (what, content) in damages {
        match content {
            Some(bytes) => std::fs::write(&path, bytes).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        let response = app.get(&download).await;
        assert_eq!(response.status(), 500, "{what}");
    }
    std::fs::write(&path, &original).unwrap();
    assert_eq!(app.get(&download).await.status(), 200, "restored, it is served again");
}

fn key_of(byte: u8) -> secrecy::SecretString {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [byte; 32]).into()
}

/// A new master key beside the old one: every file and authenticator secret still opens;
/// `rotate-key` rewraps them (again: nothing to do), after which the old key can go; a
/// key nobody configured gets an error that names the key, not a bare 500.
#[tokio::test]
async fn the_master_key_rotates_without_losing_a_file() {
    use rathaus_platform::blobs::{BlobStore, master_key_of, rotate};
    let app = TestApp::spawn_with(|c| c.files.master_key = Some(key_of(1))).await;
    crate::applying::resident(&app, "anna@example.org").await;
    let anna = rathaus_core::accounts::find_by_email(app.db(), "anna@example.org")
        .await
        .unwrap()
        .id;
    let plain = b"%PDF-1.4 Meldebescheinigung".to_vec();
    let file = app
        .state
        .blobs
        .put(app.db().write(), &*app.clock, new_file(), chunks(&plain))
        .await
        .unwrap();
    let with = |current: u8, previous: &[u8]| {
        let mut config = app.config.clone();
        config.files.master_key = Some(key_of(current));
        config.files.previous_master_keys = previous.iter().map(|b| key_of(*b)).collect();
        config
    };

    // The new key with the old one beside it: everything opens.
    let rotated = with(2, &[1]);
    let blobs = BlobStore::from_config(&rotated).unwrap();
    assert_eq!(blobs.read_all(app.db(), file.id).await.unwrap(), plain);
    let master = master_key_of(&rotated).unwrap();
    let code = rathaus_core::accounts::totp::current_code(app.db(), &*app.clock, &master, anna).await;
    assert!(code.is_ok(), "the authenticator secret opens");

    let files = rotate::rotate(app.db(), &master, rotate::FILE_KEYS).await.unwrap();
    assert_eq!((files.rewrapped, files.unopenable.len()), (1, 0));
    let secrets = rotate::rotate(app.db(), &master, rathaus_core::accounts::totp::SEALED_SECRETS)
        .await
        .unwrap();
    assert_eq!(secrets.rewrapped, 1);
    let again = rotate::rotate(app.db(), &master, rotate::FILE_KEYS).await.unwrap();
    assert_eq!((again.rewrapped, again.already_current), (0, 1), "resumable: nothing twice");

    // The old key gone: still everything opens.
    let only_new = with(2, &[]);
    let blobs = BlobStore::from_config(&only_new).unwrap();
    assert_eq!(blobs.read_all(app.db(), file.id).await.unwrap(), plain);
    let master = master_key_of(&only_new).unwrap();
    assert!(
        rathaus_core::accounts::totp::current_code(app.db(), &*app.clock, &master, anna)
            .await
            .is_ok()
    );

    // A key nobody configured: the error names the key in use and where to put the right one.
    let wrong = with(3, &[]);
    let blobs = BlobStore::from_config(&wrong).unwrap();
    let err = blobs.read_all(app.db(), file.id).await.unwrap_err().to_string();
    let id = master_key_of(&wrong).unwrap().id();
    assert!(err.contains(&id) && err.contains("files.previous_master_keys"), "{err}");
}
