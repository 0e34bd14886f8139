//! The test application and a small HTTP client that keeps cookies by hand (the
//! `__Host-` session cookie is `Secure`, which cookie jars refuse over plain http).

use rathaus_platform::clock::ManualClock;
use rathaus_platform::config::Config;
use rathaus_platform::db::testing::{Seed, TestDatabase};
use rathaus_platform::db::{Db, stmt};
use rathaus_web::{AppOptions, AppState, Application};
use sea_orm::ConnectionTrait;
use secrecy::SecretString;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// The instant every test starts at: mid-minute, so time-based rules (rate-limit
/// windows, leases) only move when a test moves the clock.
fn start() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:30Z").unwrap().to_utc()
}

/// The demo city, loaded once per build into the template each test's database copies.
pub const DEMO_CITY: Seed = Seed {
    name: "demo",
    load: load_demo_city,
};

fn load_demo_city(db: Db) -> std::pin::Pin<Box<dyn std::future::Future<Output = rathaus_platform::Result<()>> + Send>> {
    Box::pin(async move {
        rathaus_core::demo::load(&db, &*ManualClock::new(start())).await?;
        Ok(())
    })
}

pub struct TestApp {
    pub base: String,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub config: Config,
    pub client: reqwest::Client,
    cookies: Arc<Mutex<BTreeMap<String, String>>>,
    shutdown: watch::Sender<bool>,
    pub data_dir: tempfile::TempDir,
    pub database: Arc<TestDatabase>,
}

pub fn test_config(database: &TestDatabase, data_dir: &std::path::Path) -> Config {
    let mut config = Config {
        listen: "127.0.0.1:0".into(),
        data_dir: data_dir.to_path_buf(),
        database_url: Some(SecretString::from(database.url.clone())),
        ..Config::default()
    };
    config.worker.enabled = false;
    config
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let database = Arc::new(TestDatabase::from_env_seeded(&DEMO_CITY).await.expect("test database"));
        Self::spawn_on(database, adjust).await
    }

    /// Another node on the same database.
    pub async fn spawn_on(database: Arc<TestDatabase>, adjust: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut config = test_config(&database, data_dir.path());
        adjust(&mut config);
        let clock = ManualClock::new(start());
        let options = AppOptions {
            // A seeded database has the demo city already.
            demo: !database.seeded,
            clock: clock.clone(),
            ..AppOptions::default()
        };
        let app = Application::build(config.clone(), options).await.expect("application builds");
        let base = format!("http://{}", app.local_addr());
        let state = app.state().clone();
        let (shutdown, rx) = watch::channel(false);
        tokio::spawn(app.run(rx));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base,
            clock,
            state,
            config,
            client,
            cookies: Arc::default(),
            shutdown,
            data_dir,
            database,
        }
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Merges this node's rate-limit counts with the other nodes' now, as the server
    /// does once a second.
    pub async fn merge_limits(&self) -> rathaus_platform::Result<()> {
        self.state.limits.sync(self.db(), self.state.clock.now()).await
    }

    fn remember(&self, response: &reqwest::Response) {
        let mut jar = self.cookies.lock().unwrap();
        for value in response.headers().get_all("set-cookie") {
            if let Some((pair, _)) = value.to_str().unwrap_or("").split_once(';')
                && let Some((name, value)) = pair.split_once('=')
            {
                jar.insert(name.trim().to_string(), value.trim().to_string());
            }
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn forget_cookies(&self) {
        self.cookies.lock().unwrap().clear();
    }

    /// Adds one `name=value` cookie, as a browser that kept it would send it.
    pub fn set_cookie(&self, pair: &str) {
        if let Some((name, value)) = pair.split_once('=') {
            self.cookies.lock().unwrap().insert(name.to_string(), value.to_string());
        }
    }

    pub fn set_cookies_from(&self, other: &TestApp) {
        *self.cookies.lock().unwrap() = other.cookies.lock().unwrap().clone();
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("GET");
        self.remember(&response);
        response
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .expect("POST");
        self.remember(&response);
        response
    }

    /// Loads a form page and returns the CSRF token it carries.
    pub async fn csrf_from(&self, path: &str) -> String {
        let (status, html) = self.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        extract_value(&html, "_csrf").expect("page has a CSRF field")
    }

    /// Runs one statement on the test's database, as someone with database access would.
    pub async fn exec(&self, sql: &str) {
        let conn = self.db().write();
        conn.execute_raw(stmt(conn, sql, vec![])).await.unwrap();
    }

    /// The one column `v` of the first row of `sql`.
    pub async fn scalar<T: sea_orm::TryGetable>(&self, sql: &str) -> T {
        let conn = self.db().write();
        let row = conn.query_one_raw(stmt(conn, sql, vec![])).await.unwrap().expect("a row");
        row.try_get("", "v").unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        let conn = self.db().write();
        let row = conn
            .query_one_raw(stmt(conn, &format!("SELECT COUNT(*) AS n FROM {table}"), vec![]))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// The `value` of the input named `name`.
pub fn extract_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// A helper server process (SMTP sink, S3 stand-in) that is stopped with this value.
pub struct ChildProcess(pub std::process::Child);

impl Drop for ChildProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `program` and waits until it accepts connections on `port` (no fixed sleep).
pub async fn spawn_listening(mut command: std::process::Command, port: u16, what: &str) -> ChildProcess {
    let child = ChildProcess(
        command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}; `scripts/install-test-deps` installs it")),
    );
    for _ in 0..400 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return child;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("{what} did not start on port {port}");
}

/// The address of the first form on `path` whose action contains `marker` (entities
/// decoded), as a browser would post to it.
pub async fn form_action(app: &TestApp, path: &str, marker: &str) -> String {
    let (_, html) = app.get_text(path).await;
    html.split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|a| a.contains(marker))
        .unwrap_or_else(|| panic!("a form posting to {marker} on {path}"))
        .replace("&amp;", "&")
}

/// The person acting in domain calls of a test, at the highest level: the tests that
/// call the domain directly are about other rules than the level.
pub fn acting(account: &rathaus_core::accounts::Account) -> rathaus_core::accounts::Acting<'_> {
    rathaus_core::accounts::Acting {
        account,
        level: rathaus_core::accounts::Level::High,
    }
}

/// `value` as one component of a query string.
pub fn encoded(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .unwrap()
        .trim_start_matches('=')
        .to_string()
}

/// Posts the form on `path` whose action contains `marker` as multipart, with the fields
/// and one file (field name, file name, bytes); the CSRF token travels in the address.
pub async fn post_upload(app: &TestApp, path: &str, marker: &str, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> reqwest::Response {
    post_multipart(app, (path, marker), fields, Some(file)).await
}

/// Posts the form on `path` whose action contains `marker` as multipart, with the fields
/// and a file if any; the CSRF token travels in the address.
pub async fn post_multipart(
    app: &TestApp,
    (path, marker): (&str, &str),
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> reqwest::Response {
    let action = form_action(app, path, marker).await;
    assert!(action.contains("_csrf="), "upload forms carry the token in the address: {action}");
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some((name, file_name, body)) = file {
        form = form.part(
            name.to_string(),
            reqwest::multipart::Part::bytes(body.to_vec()).file_name(file_name.to_string()),
        );
    }
    app.client
        .post(format!("{}{action}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Runs one of the suite's Python scripts (`tests/it/{script}`, tools from PyPI that
/// `scripts/install-test-deps` installs) and returns what it printed; a failure fails
/// the test with the script's output. On a blocking thread: the server under test runs
/// on this test's runtime.
pub async fn run_python(script: &str, args: Vec<String>) -> String {
    let path = format!("{}/tests/it/{script}", env!("CARGO_MANIFEST_DIR"));
    let output = tokio::task::spawn_blocking(move || std::process::Command::new("python3").arg(path).args(args).output())
        .await
        .unwrap()
        .expect("python3 runs; `scripts/install-test-deps` installs what the scripts import");
    assert!(
        output.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// An API call as a browser's script makes it: the session's cookie, and its CSRF token
/// in `x-csrf-token`.
pub async fn api_call(app: &TestApp, method: reqwest::Method, path: &str, body: Option<serde_json::Value>) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", csrf);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// `bytes` uploaded through the API as the document for `field` of draft `id`.
pub async fn api_upload(app: &TestApp, id: &str, field: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
    app.client
        .post(format!("{}/api/v1/applications/{id}/documents/{field}", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", csrf)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}
