//! What the benchmarks share: starting the release binary and waiting until it is ready,
//! reading how much CPU time a process has used, a deterministic generator, multi-row
//! inserts, published records of the transparency portal, and a scratch PostgreSQL
//! database.
#![forbid(unsafe_code)]

/// CPU time (on-CPU, all threads) that process `pid` has used so far, from Linux's
/// per-thread scheduler statistics; `None` where `/proc` does not have them.
pub fn cpu_time(pid: u32) -> Option<std::time::Duration> {
    let mut nanos = 0_u64;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        nanos += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(std::time::Duration::from_nanos(nanos))
}

/// CPU time used so far by each running process called `name` (PostgreSQL's server
/// processes, say), by process id.
pub fn cpu_by_process(name: &str) -> std::collections::HashMap<u32, std::time::Duration> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Default::default();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == name))
        .filter_map(|pid| Some((pid, cpu_time(pid)?)))
        .collect()
}

pub mod server {
    use anyhow::{Context, bail};
    use std::io::{BufRead, BufReader};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    pub struct Server {
        pub child: Child,
        pub base: String,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = Command::new("kill").arg(self.child.id().to_string()).status();
            let _ = self.child.wait();
        }
    }

    /// Starts `rathaus serve` on a free port and waits until `/readyz` answers; `env` adds
    /// settings (`RATHAUS_…`).
    pub fn start_with(
        bin: &PathBuf,
        data_dir: &std::path::Path,
        database_url: Option<&str>,
        demo: bool,
        env: &[(&str, &str)],
    ) -> anyhow::Result<(Server, Duration)> {
        let started = Instant::now();
        let mut cmd = Command::new(bin);
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--data-dir"]).arg(data_dir);
        if demo {
            cmd.arg("--demo");
        }
        if let Some(url) = database_url {
            cmd.env("RATHAUS_DATABASE_URL", url);
        }
        cmd.envs(env.iter().copied());
        cmd.env("RATHAUS_LOG", "warn").stdout(Stdio::piped()).stderr(Stdio::inherit());
        let mut child = cmd.spawn().with_context(|| format!("cannot start {}", bin.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(addr) = line.split("http://").nth(1).and_then(|rest| rest.split_whitespace().next()) else {
            bail!("unexpected first line from rathaus: {line:?}");
        };
        let server = Server {
            child,
            base: format!("http://{addr}"),
        };
        // Ready means /readyz answers 200 (the database is reachable), not just a bound port.
        loop {
            if is_ready(&server.base) {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("rathaus was not ready after 30 s");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        Ok((server, started.elapsed()))
    }

    /// A blocking `GET /readyz` over a plain TCP connection, before any runtime exists.
    pub fn is_ready(base: &str) -> bool {
        use std::io::{Read, Write};
        let host = base.trim_start_matches("http://");
        let Ok(mut stream) = std::net::TcpStream::connect(host) else {
            return false;
        };
        if write!(stream, "GET /readyz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").is_err() {
            return false;
        }
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response.starts_with("HTTP/1.1 200")
    }

    /// Starts `rathaus serve` with its defaults.
    pub fn start(bin: &PathBuf, data_dir: &std::path::Path, database_url: Option<&str>, demo: bool) -> anyhow::Result<(Server, Duration)> {
        start_with(bin, data_dir, database_url, demo, &[])
    }

    /// Starts the bare axum server (this benchmark binary with `--serve-bare`) and waits
    /// until it answers.
    pub fn start_bare() -> anyhow::Result<Server> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(&exe)
            .arg("--serve-bare")
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {} --serve-bare", exe.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(addr) = line.split("http://").nth(1).and_then(|rest| rest.split_whitespace().next()) else {
            bail!("unexpected first line from the bare server: {line:?}");
        };
        Ok(Server {
            child,
            base: format!("http://{addr}"),
        })
    }

    /// The rathaus binary of the same profile next to this benchmark (`target/release`
    /// for a release benchmark), wherever `CARGO_TARGET_DIR` points.
    pub fn default_bin() -> PathBuf {
        let beside = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("rathaus")));
        if let Some(bin) = beside.filter(|bin| bin.exists()) {
            return bin;
        }
        std::env::var("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from("target"))
            .join("release")
            .join("rathaus")
    }
}

/// A small deterministic generator (xorshift), so every run writes the same city.
pub struct Dice(pub u64);

impl Dice {
    pub fn roll(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.roll() % n as u64) as usize
    }
}

/// `($1, $2), ($3, $4)`: placeholders for `rows` rows of `columns` values.
pub fn placeholders(columns: usize, rows: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=columns).map(|c| format!("${}", r * columns + c)).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A PostgreSQL database made for one run beside the server's others, dropped with
/// `drop_database` whatever the run's outcome.
pub struct Scratch {
    admin: rathaus_platform::db::Db,
    name: String,
    pub url: String,
}

impl Scratch {
    pub async fn create(server_url: &str, prefix: &str) -> anyhow::Result<Self> {
        use sea_orm::ConnectionTrait;
        let name = format!("{prefix}_{}", std::process::id());
        let admin = rathaus_platform::db::Db::connect_postgres(server_url, 2, std::time::Duration::from_secs(5)).await?;
        admin.write().execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
        let base = server_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(server_url);
        Ok(Scratch {
            url: format!("{base}/{name}"),
            admin,
            name,
        })
    }

    pub async fn drop_database(self) -> anyhow::Result<()> {
        use sea_orm::ConnectionTrait;
        self.admin
            .write()
            .execute_unprepared(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
            .await?;
        Ok(())
    }
}

/// A new installation on SQLite in a temporary directory (removed when dropped), its
/// schema migrated.
pub async fn sqlite_installation() -> anyhow::Result<(tempfile::TempDir, rathaus_platform::db::Db)> {
    let dir = tempfile::tempdir()?;
    let config = rathaus_platform::config::Config {
        data_dir: dir.path().to_path_buf(),
        ..Default::default()
    };
    let db = rathaus_platform::db::Db::connect(&config).await?;
    db.migrate().await?;
    Ok((dir, db))
}

/// The columns of a published record of the transparency portal, as the benchmarks
/// write them ([`Record::values`] in this order).
pub const PUBLICATION_COLUMNS: &str = "id, name, agency_id, title, description, category, themes, keywords, licence, \
     contact_name, contact_email, spatial, frequency, legal_basis, status, revision, created_at, modified_at, published_at";

/// A published record as the benchmarks invent it: what differs between records; the
/// licence, contact, coverage and legal basis are the same for all.
pub struct Record<'a> {
    pub id: uuid::Uuid,
    pub name: String,
    pub agency: &'a str,
    pub title: String,
    pub description: String,
    pub category: &'a str,
    pub themes: Vec<&'a str>,
    pub keywords: Vec<&'a str>,
    pub published: chrono::DateTime<chrono::Utc>,
}

impl Record<'_> {
    pub fn values(self) -> Vec<sea_orm::Value> {
        let json = |v: Vec<&str>| sea_orm::Value::Json(Some(Box::new(serde_json::json!(v))));
        vec![
            self.id.into(),
            self.name.into(),
            self.agency.into(),
            self.title.into(),
            self.description.into(),
            self.category.into(),
            json(self.themes),
            json(self.keywords),
            "dl-by-de/2.0".into(),
            "Referat Daten".into(),
            "daten@example.org".into(),
            "Hamburg".into(),
            "ANNUAL".into(),
            "§ 3 HmbTG".into(),
            "published".into(),
            1.into(),
            self.published.into(),
            self.published.into(),
            self.published.into(),
        ]
    }
}

/// Writing a seeded history quickly: multi-row inserts.
pub mod seed {
    use rathaus_platform::db::{Db, stmt};
    use sea_orm::{ConnectionTrait, Value};

    use crate::placeholders;

    pub fn empty_json() -> Value {
        Value::Json(Some(Box::new(serde_json::json!({}))))
    }

    /// Inserts rows of `columns` into `table`, 400 to a statement (or when flushed: rows
    /// that refer to another batch's wait until that one is written).
    pub struct Batch {
        table: &'static str,
        columns: &'static str,
        count: usize,
        values: Vec<Value>,
        pub rows: usize,
        automatic: bool,
    }

    impl Batch {
        pub fn new(table: &'static str, columns: &'static str) -> Self {
            Batch {
                table,
                columns,
                count: columns.split(',').count(),
                values: Vec::new(),
                rows: 0,
                automatic: true,
            }
        }

        /// A batch written only when flushed.
        pub fn following(table: &'static str, columns: &'static str) -> Self {
            Batch {
                automatic: false,
                ..Batch::new(table, columns)
            }
        }

        pub async fn push(&mut self, db: &Db, row: Vec<Value>) -> anyhow::Result<()> {
            debug_assert_eq!(row.len(), self.count);
            self.values.extend(row);
            self.rows += 1;
            if self.automatic && self.rows == 400 {
                self.flush(db).await?;
            }
            Ok(())
        }

        pub async fn flush(&mut self, db: &Db) -> anyhow::Result<()> {
            if self.rows == 0 {
                return Ok(());
            }
            let conn = db.write();
            conn.execute_raw(stmt(
                conn,
                &format!(
                    "INSERT INTO {} ({}) VALUES {}",
                    self.table,
                    self.columns,
                    placeholders(self.count, self.rows)
                ),
                std::mem::take(&mut self.values),
            ))
            .await?;
            self.rows = 0;
            Ok(())
        }
    }

    /// A staff member invited as an operator does it; their account id.
    pub async fn staff(db: &Db, email: &str, name: &str) -> anyhow::Result<uuid::Uuid> {
        let site = rathaus_core::accounts::notices::Site {
            city: "Hamburg (Bench)",
            public_url: "http://localhost",
            lang: rathaus_platform::i18n::Lang::De,
        };
        let clock = rathaus_platform::clock::SystemClock;
        Ok(rathaus_core::accounts::staff::invite(db, &clock, &site, "bench", email, name)
            .await?
            .id)
    }

    /// A session of `account` as signing in leaves one (level substantial, signed in
    /// now, for eight hours): the cookie for the requests.
    pub async fn session_cookie(db: &Db, account: uuid::Uuid, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<String> {
        use rathaus_core::accounts::tokens;
        let token = tokens::random_token();
        let conn = db.write();
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO sessions (token_hash, account_id, assurance_level, csrf_token, data, created_at, last_seen_at, \
             idle_expires_at, absolute_expires_at, user_agent, signed_in_at) VALUES ($1, $2, 'substantial', $3, $4, $5, $5, $6, $6, 'bench', $5)",
            vec![
                tokens::hash_token(&token).into(),
                account.into(),
                tokens::random_token().into(),
                Value::Json(Some(Box::new(serde_json::json!({})))),
                now.into(),
                (now + chrono::Duration::hours(8)).into(),
            ],
        ))
        .await?;
        Ok(format!("__Host-rathaus={token}"))
    }
}
