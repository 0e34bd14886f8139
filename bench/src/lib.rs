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

/// The options of a benchmark that seeds a database and measures a server on it, first
/// on SQLite and then, if asked, on PostgreSQL.
#[derive(Debug, clap::Args)]
pub struct Installations {
    /// The rathaus binary (default: the one next to this benchmark).
    #[arg(long)]
    pub bin: Option<std::path::PathBuf>,
    /// Also on PostgreSQL: a server URL (a database is created and dropped).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Only on PostgreSQL, not first on SQLite.
    #[arg(long, requires = "postgres")]
    pub postgres_only: bool,
    /// Tiny parameters, to prove the benchmark still runs (CI).
    #[arg(long)]
    pub smoke: bool,
    /// Leave the seeded databases (the SQLite directory, the PostgreSQL database) and
    /// print where they are and the measured people's session cookies, to look into a
    /// page against them with `rathaus serve`.
    #[arg(long)]
    pub keep: bool,
}

/// A new installation on a scratch PostgreSQL database made beside the server's others:
/// its data directory (whose key the audit chain takes up now, as the server that then
/// runs on it will: seeding writes audit entries) and the database, migrated. A failure
/// drops the scratch database again.
pub async fn postgres_installation(
    server_url: &str,
    prefix: &str,
) -> anyhow::Result<(Scratch, tempfile::TempDir, rathaus_platform::db::Db)> {
    let scratch = Scratch::create(server_url, prefix).await?;
    let made = async {
        let dir = tempfile::tempdir()?;
        let config = rathaus_platform::config::Config {
            data_dir: dir.path().to_path_buf(),
            ..Default::default()
        };
        rathaus_platform::audit::use_keys(rathaus_platform::blobs::master_key_of(&config)?.derive_each("audit chain"));
        let db = rathaus_platform::db::Db::connect_postgres(&scratch.url, 10, std::time::Duration::from_secs(5)).await?;
        db.migrate().await?;
        Ok::<_, anyhow::Error>((dir, db))
    }
    .await;
    match made {
        Ok((dir, db)) => Ok((scratch, dir, db)),
        Err(e) => {
            scratch.drop_database().await?;
            Err(e)
        }
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

    /// The columns [`decision_event`] fills.
    pub const EVENT_COLUMNS: &str = "id, application_id, at, kind, actor";
    /// The columns [`paid_fee`] fills.
    pub const PAYMENT_COLUMNS: &str = "id, account_id, application_id, purpose, amount_cents, fee, cash_reference, status, provider, \
         idempotency_key, request_hash, created_at, updated_at, paid_at";

    /// When a case submitted at a random time of the last five years was decided: every
    /// case older than two months within 40 days; of the newer ones, half (the rest are
    /// open). Returns the submission and the decision.
    pub fn submitted_and_decided(
        dice: &mut crate::Dice,
        now: chrono::DateTime<chrono::Utc>,
    ) -> (chrono::DateTime<chrono::Utc>, Option<chrono::DateTime<chrono::Utc>>) {
        use chrono::Duration as Span;
        let five_years = 5 * 365 * 24 * 60;
        let submitted = now - Span::minutes(dice.below(five_years) as i64 + 60);
        let recent = now - submitted < Span::days(60);
        let decided = (!recent || dice.below(2) == 0)
            .then(|| submitted + Span::minutes(dice.below(40 * 24 * 60) as i64))
            .filter(|at| *at < now);
        (submitted, decided)
    }

    /// The event of a case's approval at `at`.
    pub fn decision_event(application: uuid::Uuid, at: chrono::DateTime<chrono::Utc>) -> Vec<Value> {
        vec![
            uuid::Uuid::now_v7().into(),
            application.into(),
            at.into(),
            "decided-approved".into(),
            "bench".into(),
        ]
    }

    /// A fee of ten euros paid at the Testkasse a minute before `submitted`; `key` makes
    /// its cash reference and idempotency key unique.
    pub fn paid_fee(account: uuid::Uuid, application: uuid::Uuid, key: &str, submitted: chrono::DateTime<chrono::Utc>) -> Vec<Value> {
        let paid = submitted - chrono::Duration::minutes(1);
        vec![
            uuid::Uuid::now_v7().into(),
            account.into(),
            application.into(),
            "submission".into(),
            1000.into(),
            empty_json(),
            format!("K-{key}").into(),
            "paid".into(),
            "testkasse".into(),
            format!("idem-{key}").into(),
            "bench".into(),
            paid.into(),
            paid.into(),
            paid.into(),
        ]
    }

    /// Counter visits: two in three booked appointments (with the service booked), one
    /// in three walk-in tickets, spread over the last twelve months (and, with `ahead`,
    /// one in twelve over the next four weeks); `email` gives the address an
    /// appointment was booked with, if any.
    pub struct Visits<'a> {
        pub services: &'a [String],
        pub locations: &'a [String],
        /// Makes the codes unique between benchmarks' runs on one database.
        pub prefix: &'a str,
        pub ahead: bool,
        pub email: &'a dyn Fn(usize, &mut crate::Dice) -> Option<String>,
    }

    impl Visits<'_> {
        /// Writes visits number `range` (so a database can grow by more).
        pub async fn write(
            &self,
            db: &Db,
            dice: &mut crate::Dice,
            range: std::ops::Range<usize>,
            now: chrono::DateTime<chrono::Utc>,
        ) -> anyhow::Result<()> {
            use chrono::Duration as Span;
            let mut appointments = Batch::new(
                "appointments",
                "id, code, location_id, people, starts_at, ends_at, counter, status, lang, manage_token_hash, created_at, email, name",
            );
            let mut booked = Batch::new("appointment_services", "appointment_id, service_id");
            let mut tickets = Batch::new(
                "counter_tickets",
                "id, location_id, day, number, kind, service_id, issued_at, due_at, status",
            );
            let year = 365 * 24 * 60;
            let prefix = self.prefix;
            for i in range {
                let service = &self.services[dice.below(self.services.len())];
                let location = &self.locations[dice.below(self.locations.len())];
                let at = if self.ahead && dice.below(12) == 0 {
                    now + Span::minutes(dice.below(28 * 24 * 60) as i64)
                } else {
                    now - Span::minutes(dice.below(year) as i64 + 60)
                };
                if i % 3 < 2 {
                    let id = uuid::Uuid::now_v7();
                    let email = (self.email)(i, dice);
                    let name = email.as_ref().map(|_| "Termin".to_string());
                    appointments
                        .push(
                            db,
                            vec![
                                id.into(),
                                format!("{prefix}{i:08}").into(),
                                location.clone().into(),
                                1.into(),
                                at.into(),
                                (at + Span::minutes(15)).into(),
                                1.into(),
                                "confirmed".into(),
                                "de".into(),
                                format!("manage-{prefix}-{i}").into(),
                                (at - Span::days(7)).into(),
                                email.into(),
                                name.into(),
                            ],
                        )
                        .await?;
                    booked.push(db, vec![id.into(), service.clone().into()]).await?;
                } else {
                    tickets
                        .push(
                            db,
                            vec![
                                uuid::Uuid::now_v7().into(),
                                location.clone().into(),
                                at.date_naive().into(),
                                format!("{prefix}{i}").into(),
                                "walk_in".into(),
                                service.clone().into(),
                                at.into(),
                                at.into(),
                                "done".into(),
                            ],
                        )
                        .await?;
                }
            }
            appointments.flush(db).await?;
            booked.flush(db).await?;
            tickets.flush(db).await
        }
    }
}
