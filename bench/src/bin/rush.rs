//! Release-rush benchmark: 10,000 attempts to hold an appointment, from 1,000 concurrent
//! clients (each its own address and session), for the places of one release day (500 by default:
//! 10 slots × 50 booking counters at a demo location). Reports attempts/s and latency,
//! the answers by status, and checks in the database that exactly that many places went out,
//! none twice. On SQLite with one `serve` process, and with `--postgres` on PostgreSQL
//! with two `serve` processes sharing the database (clients alternate between them).
#![forbid(unsafe_code)]

use anyhow::{Context, bail, ensure};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use clap::Parser;
use sea_orm::ConnectionTrait;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

use rathaus_bench::server::{Server, default_bin, start_with};
use rathaus_bench::{cpu_by_process, cpu_time};
use rathaus_core::accounts::{self, AccountKind};
use rathaus_core::appointments::calendar::{self, Calendar, CalendarChange};
use rathaus_core::appointments::slots::instant;
use rathaus_core::catalog::{self as catalog_store, Catalog};
use rathaus_platform::clock;
use rathaus_platform::config::Config;
use rathaus_platform::db::{Db, stmt};

const LOCATION: &str = "hsvo-city";
/// Ten minutes at the counter.
const SERVICE: &str = "meldebescheinigung";
/// 08:00–09:40 in Hamburg: ten 10-minute slots.
const HOURS: &str = "08:00-09:40";

#[derive(Debug, Parser)]
#[command(about = "Release-rush benchmark for appointment booking")]
struct Args {
    #[arg(long)]
    bin: Option<PathBuf>,
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    #[arg(long, default_value_t = 10)]
    attempts_per_client: usize,
    /// Booking counters: each of the ten slots has this many places.
    #[arg(long, default_value_t = 50)]
    counters: u32,
    /// Also run on PostgreSQL (a database is created there and dropped afterwards).
    #[arg(long)]
    postgres: Option<String>,
    /// A small rush (40 clients for 20 places), to prove the benchmark still runs (CI);
    /// every check holds as in the full run.
    #[arg(long)]
    smoke: bool,
}

impl Args {
    fn places(&self) -> i64 {
        i64::from(self.counters) * 10
    }
}

/// The first Wednesday at least two days ahead: the release day.
fn release_day() -> NaiveDate {
    let mut day = chrono::Utc::now().date_naive() + Days::new(2);
    while day.weekday() != Weekday::Wed {
        day = day + Days::new(1);
    }
    day
}

/// Opens only the release slots on the release day's weekday with `counters` booking
/// counters.
async fn prepare(db: &Db, counters: u32) -> anyhow::Result<Vec<String>> {
    let clock = clock::system();
    let catalog = Catalog::new(catalog_store::export(db.read()).await?);
    let current = Calendar::load(db, &catalog, LOCATION).await?;
    let mut hours = current.hours.clone();
    hours.wednesday = Some(HOURS.into());
    let admin = accounts::create_account(db, &*clock, "bench", AccountKind::Staff, "rush-admin@example.org", "Rush Admin").await?;
    calendar::save(
        db,
        &*clock,
        &current,
        &CalendarChange {
            hours,
            booking_counters: counters,
        },
        admin.id,
    )
    .await?;
    let day = release_day();
    Ok((0..10)
        .filter_map(|i| NaiveTime::from_hms_opt(8 + i / 6, i % 6 * 10, 0).and_then(|t| instant(day, t)))
        .map(|t| t.to_rfc3339())
        .collect())
}

struct Attempt {
    status: u16,
    latency: Duration,
    /// When the answer came, from the start of the rush.
    done: Duration,
}

/// One client: its own session (cookie and CSRF token), then its attempts once all are ready.
async fn client(
    index: usize,
    base: String,
    slots: Arc<Vec<String>>,
    attempts: usize,
    barrier: Arc<Barrier>,
    start: Arc<std::sync::OnceLock<Instant>>,
) -> anyhow::Result<Vec<Attempt>> {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let ip = format!("10.{}.{}.{}", index / 65536 % 256, index / 256 % 256, index % 256);
    let day = release_day().format("%Y-%m-%d");
    let page = http
        .get(format!("{base}/termine/orte/{LOCATION}?leistung={SERVICE}&personen=1&tag={day}"))
        .header("x-forwarded-for", &ip)
        .send()
        .await?;
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    let html = page.text().await?;
    let csrf = html
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .context("no CSRF token on the slot page")?
        .to_string();
    barrier.wait().await;
    let rush_started = *start.get_or_init(Instant::now);
    let mut seed = index as u64 * 2_654_435_761 + 1;
    let mut results = Vec::with_capacity(attempts);
    for _ in 0..attempts {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let slot = &slots[(seed >> 33) as usize % slots.len()];
        let started = Instant::now();
        let response = http
            .post(format!("{base}/termine/halten"))
            .header("x-forwarded-for", &ip)
            .header("cookie", &cookie)
            .form(&[
                ("_csrf", csrf.as_str()),
                ("leistung", SERVICE),
                ("personen", "1"),
                ("ort", LOCATION),
                ("zeit", slot.as_str()),
            ])
            .send()
            .await?;
        let status = response.status().as_u16();
        let _ = response.bytes().await?;
        results.push(Attempt {
            status,
            latency: started.elapsed(),
            done: rush_started.elapsed(),
        });
    }
    Ok(results)
}

async fn rush(label: &str, db: &Db, servers: &[Server], slots: Vec<String>, args: &Args) -> anyhow::Result<()> {
    let slots = Arc::new(slots);
    let barrier = Arc::new(Barrier::new(args.clients + 1));
    let start = Arc::new(std::sync::OnceLock::new());
    let tasks: Vec<_> = (0..args.clients)
        .map(|i| {
            let base = servers[i % servers.len()].base.clone();
            tokio::spawn(client(
                i,
                base,
                slots.clone(),
                args.attempts_per_client,
                barrier.clone(),
                start.clone(),
            ))
        })
        .collect();
    barrier.wait().await;
    let started = Instant::now();
    let cpu = || {
        (
            servers.iter().filter_map(|s| cpu_time(s.child.id())).sum::<Duration>(),
            cpu_time(std::process::id()),
        )
    };
    // PostgreSQL works for the rush in processes of its own, on the same cores.
    let database = || (label == "PostgreSQL").then(|| cpu_by_process("postgres"));
    let cpu_before = cpu();
    let database_before = database();
    let mut attempts = Vec::new();
    for task in tasks {
        attempts.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_after = cpu();
    // A server process started during the rush used all its time in it.
    let database_cpu = database().zip(database_before).map(|(after, before)| {
        after
            .iter()
            .map(|(pid, t)| t.saturating_sub(before.get(pid).copied().unwrap_or_default()))
            .sum::<Duration>()
    });
    let mut latencies: Vec<Duration> = attempts.iter().map(|a| a.latency).collect();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let count = |f: &dyn Fn(u16) -> bool| attempts.iter().filter(|a| f(a.status)).count();
    let (held, taken, limited, errors) = (
        count(&|s| s == 303),
        count(&|s| s == 409),
        count(&|s| s == 429),
        count(&|s| s >= 500),
    );
    let other = attempts.len() - held - taken - limited - errors;

    let conn = db.write();
    let one = |sql: &str| {
        let sql = sql.to_string();
        async move {
            let row = conn.query_one_raw(stmt(conn, &sql, vec![])).await?.context("no row")?;
            anyhow::Ok(row.try_get::<i64>("", "n")?)
        }
    };
    let booked = one("SELECT COUNT(*) AS n FROM appointments WHERE status = 'held'").await?;
    let units = one("SELECT COUNT(*) AS n FROM appointment_units").await?;
    let doubled = one(&format!(
        "SELECT COUNT(*) AS n FROM (SELECT starts_at FROM appointments WHERE status = 'held' GROUP BY starts_at HAVING COUNT(*) > {}) x",
        args.counters
    ))
    .await?;
    let shared = one(
        "SELECT COUNT(*) AS n FROM (SELECT u.location_id, u.counter, u.starts_at FROM appointment_units u \
         GROUP BY u.location_id, u.counter, u.starts_at HAVING COUNT(*) > 1) x",
    )
    .await?;
    println!("\n== {label}: {} servers", servers.len());
    println!("attempts        {}", attempts.len());
    println!("elapsed         {elapsed:.2} s");
    println!("attempts/s      {:.0}", attempts.len() as f64 / elapsed);
    println!(
        "latency         p50 {:.1} ms · p99 {:.1} ms · max {:.1} ms",
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        latencies.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
    );
    let last_held = attempts
        .iter()
        .filter(|a| a.status == 303)
        .map(|a| a.done)
        .max()
        .unwrap_or_default();
    let before = attempts.iter().filter(|a| a.done <= last_held).count();
    println!(
        "last place held {:.2} s into the rush ({before} answers until then)",
        last_held.as_secs_f64()
    );
    if let (Some(before), Some(after)) = (cpu_before.1, cpu_after.1) {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let database = database_cpu
            .map(|t| format!(" · PostgreSQL {:.2} s", t.as_secs_f64()))
            .unwrap_or_default();
        println!(
            "cpu time        server {:.2} s · benchmark client {:.2} s{database} ({cores} cores × {elapsed:.2} s = {:.2} s)",
            (cpu_after.0 - cpu_before.0).as_secs_f64(),
            (after - before).as_secs_f64(),
            cores as f64 * elapsed
        );
    }
    println!("answers         303 held {held} · 409 taken {taken} · 429 limited {limited} · 5xx {errors} · other {other}");
    println!("places          {booked} booked · {units} counter units (2 per 10-minute visit)");
    println!(
        "double bookings {} (slots over {} places: {doubled}, units held twice: {shared})",
        doubled + shared,
        args.counters
    );
    let places = args.places();
    if booked != places {
        let rows = conn
            .query_all_raw(stmt(
                conn,
                "SELECT starts_at, COUNT(*) AS n FROM appointments WHERE status = 'held' GROUP BY starts_at ORDER BY starts_at",
                vec![],
            ))
            .await?;
        for row in rows {
            let at: chrono::DateTime<chrono::Utc> = row.try_get("", "starts_at")?;
            println!("  {at}: {}", row.try_get::<i64>("", "n")?);
        }
    }
    ensure!(
        booked == places && held as i64 == places,
        "expected exactly {places} bookings, got {booked} ({held} answers 303)"
    );
    ensure!(units == 2 * places && doubled == 0 && shared == 0, "double booking");
    ensure!(errors == 0 && other == 0, "{errors} server errors, {other} unexpected answers");
    Ok(())
}

const ENV: &[(&str, &str)] = &[
    // Each client is its own address (a reverse proxy in front sets the header).
    ("RATHAUS_HTTP__TRUST_FORWARDED_FOR", "true"),
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.smoke {
        args.clients = 40;
        args.attempts_per_client = 3;
        args.counters = 2;
    }
    let bin = args.bin.clone().unwrap_or_else(default_bin);
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    println!(
        "Release rush: {} clients × {} attempts for {} places on {}",
        args.clients,
        args.attempts_per_client,
        args.places(),
        release_day()
    );

    let dir = tempfile::tempdir()?;
    let (server, _) = start_with(&bin, dir.path(), None, true, ENV)?;
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    let db = Db::connect(&config).await?;
    let slots = prepare(&db, args.counters).await?;
    rush("SQLite", &db, &[server], slots, &args).await?;

    if let Some(url) = &args.postgres {
        let name = format!("rathaus_rush_{}", std::process::id());
        let admin = Db::connect_postgres(url, 2, Duration::from_secs(5)).await?;
        admin.write().execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
        let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
        let db_url = format!("{base}/{name}");
        let result = async {
            let first_dir = tempfile::tempdir()?;
            let second_dir = tempfile::tempdir()?;
            let (first, _) = start_with(&bin, first_dir.path(), Some(&db_url), true, ENV)?;
            let (second, _) = start_with(&bin, second_dir.path(), Some(&db_url), false, ENV)?;
            let db = Db::connect_postgres(&db_url, 4, Duration::from_secs(5)).await?;
            let slots = prepare(&db, args.counters).await?;
            rush("PostgreSQL", &db, &[first, second], slots, &args).await
        }
        .await;
        admin
            .write()
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await?;
        result?;
    }
    Ok(())
}
