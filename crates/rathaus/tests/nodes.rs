//! Two real `rathaus serve` processes on one database share sessions, rate limits and
//! jobs (run with `RATHAUS_TEST_DATABASE=postgres` for the scale-out set-up).

use rathaus_platform::db::testing::TestDatabase;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Node {
    child: Child,
    base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &TestDatabase, data_dir: &std::path::Path) -> Node {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rathaus"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("RATHAUS_DATABASE_URL", &db.url)
        .env("RATHAUS_RATE_LIMIT__WRITES_PER_MINUTE", "3")
        .env("RATHAUS_WORKER__POLL_INTERVAL_MS", "50")
        .env("RATHAUS_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The first line names the bound address; the listener exists before it is printed.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected output: {line}"));
    Node {
        child,
        base: format!("http://{addr}"),
    }
}

fn value_of(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap() + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn two_serve_processes_share_sessions_rate_limits_and_jobs() {
    let db = TestDatabase::from_env().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (serve(&db, dir.path()), serve(&db, dir.path()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // A fixed-window limit must not roll over in the middle of the test.
    let second = chrono::Utc::now().timestamp() % 60;
    if second >= 50 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - second) as u64)).await;
    }

    // The session and its CSRF token come from node A …
    let form = client.get(format!("{}/barrierefreiheit", a.base)).send().await.unwrap();
    let cookie = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = value_of(&form.text().await.unwrap(), "_csrf");
    let post = |base: &str, message: &str| {
        client
            .post(format!("{base}/barrierefreiheit"))
            .header("cookie", &cookie)
            .form(&[("_csrf", token.as_str()), ("message", message)])
            .send()
    };
    // … and work on node B.
    let accepted = post(&b.base, "Über Knoten B gemeldet, mit der Sitzung von A.").await.unwrap();
    assert_eq!(accepted.status(), 303);

    // Three writes per minute in total, however they are spread over the nodes, once
    // the nodes merged their counts (each does once a second).
    assert_eq!(post(&a.base, "").await.unwrap().status(), 422);
    assert_eq!(post(&b.base, "").await.unwrap().status(), 422);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(post(&a.base, "").await.unwrap().status(), 429);
    assert_eq!(post(&b.base, "").await.unwrap().status(), 429);

    // The report's mail job runs once, on whichever node claims it.
    let url = db.url.clone();
    let status = poll_mail_status(&url).await;
    assert_eq!(status, "held", "no SMTP configured: the mail waits in the outbox");
}

async fn poll_mail_status(url: &str) -> String {
    use rathaus_platform::db::stmt;
    use sea_orm::ConnectionTrait;
    let db = rathaus_platform::db::testing::connect(url).await.unwrap();
    let conn = db.write();
    for _ in 0..200 {
        let row = conn.query_one_raw(stmt(conn, "SELECT status FROM mails", vec![])).await.unwrap();
        let status: String = row.map(|r| r.try_get("", "status").unwrap()).unwrap_or_default();
        if status != "queued" && !status.is_empty() {
            let runs = conn
                // Periodic jobs (sweep, retention, …) are in the table too.
                .query_one_raw(stmt(
                    conn,
                    "SELECT attempts FROM jobs WHERE kind = $1",
                    vec![rathaus_platform::mail::SEND_MAIL_JOB.into()],
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(runs.try_get::<i32>("", "attempts").unwrap(), 1, "the job ran exactly once");
            return status;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the mail job did not run within 10 s");
}
