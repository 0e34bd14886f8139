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
        content_type: "application/pdf".into(),
        original_name: "nachweis.pdf".into(),
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
