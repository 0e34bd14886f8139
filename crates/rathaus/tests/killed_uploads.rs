//! A real `rathaus serve` killed with SIGKILL in the middle of uploads — through the
//! form page and through the API — leaves staging files that nobody owns. The sweep
//! removes every one of them once they are older than its grace time, and nothing that
//! finished: afterwards each object in the store belongs to a live, linked file row.
//! Runs on the database chosen by `RATHAUS_TEST_DATABASE`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use rathaus_core::accounts::{residents, totp};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::blobs::sweep::SweepReport;
use rathaus_platform::clock::{Clock, ManualClock, SystemClock};
use rathaus_platform::config::Config;
use rathaus_platform::db::testing::TestDatabase;
use rathaus_platform::db::{Db, stmt};
use sea_orm::ConnectionTrait;
use tokio::sync::mpsc;

const EMAIL: &str = "anna.upload@example.org";
const PASSWORD: &str = "Lange-Passphrase-fuer-Anna-7";
const BOUNDARY: &str = "rathaus-killed-upload-boundary";
/// What each interrupted upload sends before the process dies: more than one part of
/// the store's multipart writer (5 MiB), below the form's 10 MiB cap.
const SENT_BEFORE_KILL: usize = 6 * 1024 * 1024;

fn run(data_dir: &Path, db: &TestDatabase, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_rathaus"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("RATHAUS_DATABASE_URL", &db.url)
        .env_remove("RATHAUS_LISTEN")
        .current_dir(data_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Starts `rathaus serve`; returns the process and its address.
fn serve(data_dir: &Path, db: &TestDatabase) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rathaus"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("RATHAUS_DATABASE_URL", &db.url)
        .env("RATHAUS_RATE_LIMIT__WRITES_PER_MINUTE", "1000")
        .env("RATHAUS_LOG", "warn")
        .current_dir(data_dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected output: {line}"))
        .to_string();
    (child, format!("http://{addr}"))
}

fn config(data_dir: &Path, db: &TestDatabase) -> Config {
    Config::load_with(
        Some(&data_dir.join("rathaus.toml")),
        &[("data_dir", data_dir.display().to_string()), ("database_url", db.url.clone())],
    )
    .unwrap()
}

fn value_of(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} in {html}")) + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// The `action` of the form whose address carries the CSRF token (upload forms do).
fn upload_action(html: &str) -> String {
    let start = html.find("action=\"").unwrap() + "action=\"".len();
    let action = html[start..start + html[start..].find('"').unwrap()].replace("&amp;", "&");
    assert!(action.contains("_csrf="), "{action}");
    action
}

/// A browser: one cookie jar, no redirects followed.
struct Browser {
    client: reqwest::Client,
    base: String,
}

impl Browser {
    fn new(base: &str) -> Self {
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            client,
            base: base.to_string(),
        }
    }

    async fn page(&self, path: &str) -> String {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap()
    }

    /// Posts a form with the token of the page at `path`; returns the redirect target.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> String {
        let csrf = value_of(&self.page(path).await, "_csrf");
        let mut form = vec![("_csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        let response = self
            .client
            .post(format!("{}{}", self.base, path.split('?').next().unwrap()))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string());
        location.unwrap_or_else(|| panic!("{path}: {status}"))
    }

    /// Sends a multipart body that streams from `chunks`; resolves when the server
    /// answers (or dies).
    fn stream(&self, path: &str, csrf_header: Option<String>, chunks: mpsc::Receiver<Bytes>) -> tokio::task::JoinHandle<()> {
        let body = futures::stream::unfold(chunks, |mut rx| async move {
            rx.recv().await.map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
        });
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(reqwest::Body::wrap_stream(body));
        if let Some(csrf) = csrf_header {
            request = request.header("x-csrf-token", csrf);
        }
        tokio::spawn(async move {
            let _ = request.send().await;
        })
    }
}

fn text_part(name: &str, value: &str) -> String {
    format!("--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

fn file_head(name: &str) -> String {
    format!(
        "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"{name}\"; filename=\"Negativzeugnis.pdf\"\r\n\
         content-type: application/pdf\r\n\r\n%PDF-1.4\n"
    )
}

fn whole_upload(head: String) -> Bytes {
    Bytes::from(format!("{head}1 0 obj << /Type /Catalog >> endobj\n%%EOF\n\r\n--{BOUNDARY}--\r\n"))
}

const DOG: &[(&str, &str)] = &[
    ("dog_name", "Bello"),
    ("breed", "Staffordshire-Mischling"),
    ("dog_born", "1.6.2020"),
    ("dog_sex", "male"),
    ("chip_number", "276098106123456"),
    ("kept_since", "1.8.2020"),
    ("dangerous", "ja"),
    ("aktion", "weiter"),
];

fn dog_page_head() -> String {
    let fields: String = DOG.iter().map(|(n, v)| text_part(n, v)).collect();
    fields + &file_head("dangerous_permit._upload")
}

/// Every file under `dir`, recursively, relative to it.
fn files_under(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let meta = entry.metadata().unwrap();
        if meta.is_dir() {
            found.extend(
                files_under(&entry.path())
                    .into_iter()
                    .map(|(p, n)| (Path::new(&entry.file_name()).join(p), n)),
            );
        } else {
            found.push((PathBuf::from(entry.file_name()), meta.len()));
        }
    }
    found
}

fn staging(files: &[(PathBuf, u64)]) -> Vec<&(PathBuf, u64)> {
    files.iter().filter(|(p, _)| p.to_string_lossy().contains('#')).collect()
}

#[tokio::test]
async fn a_process_killed_in_the_middle_of_uploads_leaves_nothing_the_sweep_does_not_remove() {
    let db = TestDatabase::from_env().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path();
    run(data_dir, &db, &["demo"]);
    let config = config(data_dir, &db);
    let conn = Db::connect(&config).await.unwrap();
    let blobs = BlobStore::from_config(&config).unwrap();

    // Anna has a confirmed account; she signs in and sets up her authenticator app in
    // the browser, which brings the session to the dog tax's level.
    let form = residents::RegistrationForm {
        name: "Anna Beispiel".into(),
        email: EMAIL.into(),
        password: PASSWORD.into(),
        password_repeat: PASSWORD.into(),
    };
    let clock = SystemClock;
    let residents::Registered::New { account, token } = residents::register(&conn, &clock, form.parse().unwrap()).await.unwrap() else {
        panic!("a new account")
    };
    residents::verify_email(&conn, &clock, &token).await.unwrap();

    let (mut server, base) = serve(data_dir, &db);
    let anna = Browser::new(&base);
    anna.post("/konto/anmelden", &[("email", EMAIL), ("password", PASSWORD)]).await;
    let setup = anna.page("/konto/sicherheit/app").await;
    let code = totp::current_code(&conn, &clock, blobs.master_key(), account.id).await.unwrap();
    let enrolled = anna
        .client
        .post(format!("{base}/konto/sicherheit/app"))
        .form(&[("_csrf", value_of(&setup, "_csrf").as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(enrolled.status(), 200, "the app is set up");

    // A draft with one finished upload through the page and one through the API.
    let first = anna.post("/antraege/neu/hundesteuer", &[]).await;
    let id = first.split('/').nth(2).unwrap().to_string();
    let owner = [
        ("given_name", "Anna"),
        ("family_name", "Beispiel"),
        ("birth_date", "27.3.1985"),
        ("address.street", "Musterweg 1"),
        ("address.postcode", "20095"),
        ("address.city", "Hamburg"),
        ("email", EMAIL),
        ("aktion", "weiter"),
    ];
    let dog_page = anna.post(&first, &owner).await;
    assert_eq!(dog_page, format!("/antraege/{id}/seite/hund"));
    let action = upload_action(&anna.page(&dog_page).await);
    let done = anna
        .client
        .post(format!("{base}{action}"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(whole_upload(dog_page_head()))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303, "{}", done.text().await.unwrap());
    let api_path = format!("/api/v1/applications/{id}/documents/dangerous_permit");
    let csrf = value_of(&anna.page("/konto/daten").await, "_csrf");
    let done = anna
        .client
        .post(format!("{base}{api_path}"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("x-csrf-token", &csrf)
        .body(whole_upload(file_head("file")))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 201, "{}", done.text().await.unwrap());
    let finished = live_files(&conn).await;
    assert_eq!(finished.len(), 2);

    // Three more uploads start — one through the page, two through the API — and the
    // process is killed while their bodies are still coming in.
    let action = upload_action(&anna.page(&dog_page).await);
    let mut senders = Vec::new();
    let mut requests = Vec::new();
    for (path, head, header) in [
        (action, dog_page_head(), None),
        (api_path.clone(), file_head("file"), Some(csrf.clone())),
        (api_path.clone(), file_head("file"), Some(csrf.clone())),
    ] {
        let (tx, rx) = mpsc::channel(8);
        requests.push(anna.stream(&path, header, rx));
        tx.send(Bytes::from(head)).await.unwrap();
        for _ in 0..SENT_BEFORE_KILL / (64 * 1024) {
            tx.send(Bytes::from(vec![b'x'; 64 * 1024])).await.unwrap();
        }
        senders.push(tx);
    }
    let files_dir = config.files_dir();
    let mut waited = 0;
    while staging(&files_under(&files_dir)).iter().filter(|(_, len)| *len > 0).count() < 3 {
        assert!(waited < 600, "the uploads did not reach the store: {:?}", files_under(&files_dir));
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    drop(senders);
    for request in requests {
        request.await.unwrap();
    }

    // What the dead process left: a staging file per interrupted upload, no row for any.
    let left = files_under(&files_dir);
    assert_eq!(staging(&left).len(), 3, "{left:?}");
    assert_eq!(live_files(&conn).await, finished, "no row for an unfinished upload");

    // A sweep within the grace time touches nothing (a write may still be under way) …
    let now = ManualClock::new(clock.now());
    let early = blobs
        .sweep(&conn, &*now, rathaus_core::applications::files::FILE_REFERENCES)
        .await
        .unwrap();
    assert_eq!(early, SweepReport::default());
    assert_eq!(files_under(&files_dir), left);

    // … after it, every leftover goes, and nothing that finished.
    now.advance(chrono::Duration::hours(2));
    let report = blobs
        .sweep(&conn, &*now, rathaus_core::applications::files::FILE_REFERENCES)
        .await
        .unwrap();
    assert_eq!(report.staging_files, 3, "{report:?}");
    assert_eq!(report.unlinked_rows, 0, "{report:?}");
    let after = files_under(&files_dir);
    assert!(staging(&after).is_empty(), "{after:?}");
    let keys: Vec<String> = after.iter().map(|(p, _)| p.to_string_lossy().into_owned()).collect();
    let mut live: Vec<String> = finished.iter().map(|(_, key)| key.clone()).collect();
    let mut on_disk = keys.clone();
    live.sort();
    on_disk.sort();
    assert_eq!(on_disk, live, "every object belongs to a live file");
    for (file, _) in &finished {
        let content = blobs.read_all(&conn, *file).await.unwrap();
        assert!(content.starts_with(b"%PDF-1.4"), "the finished uploads are intact");
    }
    // Both finished uploads are linked to Anna's draft, so no later sweep takes them.
    let conn_w = conn.write();
    let linked = conn_w
        .query_one_raw(stmt(
            conn_w,
            "SELECT COUNT(*) AS n FROM application_files WHERE application_id = $1",
            vec![uuid::Uuid::parse_str(&id).unwrap().into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(linked, 2);
}

/// The live file rows: id and object key.
async fn live_files(db: &Db) -> Vec<(uuid::Uuid, String)> {
    let conn = db.write();
    conn.query_all_raw(stmt(
        conn,
        "SELECT id, object_key FROM files WHERE deleted_at IS NULL ORDER BY id",
        vec![],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get("", "id").unwrap(), r.try_get("", "object_key").unwrap()))
    .collect()
}
