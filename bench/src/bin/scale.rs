//! Rathaus at a share of Hamburg's size (issue 31): 690,000 Servicekonten, 2 million
//! applications over five years (most closed; those of the last two months half still
//! open), 1.4 million counter visits in the last twelve months, Postfach messages and
//! audit entries in proportion. The database grows share by share (`--shares`, default
//! 1, 10 and 100 %), and at each share the release binary serves it while every staff
//! and resident page and export is measured over HTTP: p50/p95, the server's peak
//! memory while the page was asked for, and the queue's requests/s at `--clients`
//! concurrent clients. Goals at 100 %: staff pages and the data export p95 < 100 ms
//! (figures < 300 ms), queue ≥ 500 req/s at 16 clients, no request above 200 MB, no page
//! more than 2× slower at 100 % than at 10 %.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{DateTime, Duration as Span, Utc};
use clap::Parser;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use uuid::Uuid;

use rathaus_bench::seed::{
    Batch, EVENT_COLUMNS, PAYMENT_COLUMNS, Visits, decision_event, empty_json, paid_fee, session_cookie, staff, submitted_and_decided,
};
use rathaus_bench::server::{Server, default_bin, start};
use rathaus_bench::{Dice, Installations, postgres_installation, sqlite_installation};
use rathaus_core::accounts::{self, Role, Scope};
use rathaus_core::catalog::{self, Catalog};
use rathaus_core::cost;
use rathaus_platform::clock::SystemClock;
use rathaus_platform::db::plans::{explain, full_scans, sorts, visits_rows};
use rathaus_platform::db::{Db, stmt};

/// Hamburg: Servicekonten, applications over five years, counter visits a year.
const ACCOUNTS: f64 = 690_000.0;
const APPLICATIONS: f64 = 2_000_000.0;
const VISITS: f64 = 1_400_000.0;
/// The large tables the benchmark grows.
const GROWN: [&str; 6] = [
    "applications",
    "application_events",
    "audit_log",
    "inbox_messages",
    "appointments",
    "payments",
];
/// The measured resident's address.
const RESIDENT: &str = "anna.beispiel@example.org";

#[derive(Debug, Parser)]
#[command(about = "Rathaus at a share of Hamburg's size: staff and resident pages, exports and memory")]
struct Args {
    /// The shares of Hamburg's size to grow to and measure at, in percent, ascending.
    #[arg(long, value_delimiter = ',', default_values_t = [1.0, 10.0, 100.0])]
    shares: Vec<f64>,
    /// Requests per page (after three to warm up).
    #[arg(long, default_value_t = 40)]
    requests: usize,
    /// Requests per export of every case (each may be long).
    #[arg(long, default_value_t = 3)]
    export_requests: usize,
    /// Concurrent clients for the queue's requests/s.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Seconds of the concurrent load.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    #[command(flatten)]
    run: Installations,
}

/// What grows with the city, and what the measured people are.
struct City {
    catalog: Catalog,
    /// (service, agency) of every service.
    services: Vec<(String, String)>,
    locations: Vec<String>,
    /// The agency with the most services: the busiest queue.
    busiest: String,
    /// A location of the busiest agency, for the calendar's day view.
    location: String,
    accounts: Vec<Uuid>,
    applications: usize,
    visits: usize,
    /// The resident whose pages are measured, their application and session.
    resident: Uuid,
    resident_case: Option<Uuid>,
    resident_cookie: String,
    clerk: Uuid,
    clerk_cookie: String,
    dice: Dice,
}

/// The catalogue of the demo city, the measured clerk (case worker and administrator
/// of the busiest agency) and the measured resident.
async fn found(db: &Db, now: DateTime<Utc>) -> anyhow::Result<City> {
    let file = rathaus_core::demo::catalog()?;
    catalog::import(db, &SystemClock, "bench", &file).await?;
    let catalog = Catalog::new(file);
    let services: Vec<(String, String)> = catalog.services().iter().map(|s| (s.id.clone(), s.agency.clone())).collect();
    let mut per_agency = std::collections::BTreeMap::<&str, usize>::new();
    for (_, agency) in &services {
        *per_agency.entry(agency.as_str()).or_default() += 1;
    }
    let busiest = per_agency
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(a, _)| a.to_string())
        .context("the demo catalogue has no services")?;
    // The calendar of a location of the busiest agency, else of the first location (its
    // agency's administrator is the clerk too).
    let (location, location_agency) = catalog
        .locations()
        .iter()
        .find(|l| l.agency == busiest)
        .or_else(|| catalog.locations().first())
        .map(|l| (l.id.clone(), l.agency.clone()))
        .context("the demo catalogue has no locations")?;
    let locations = catalog.locations().iter().map(|l| l.id.clone()).collect();
    let clerk = staff(db, "sachbearbeitung@example.org", "Sina Sachbearbeitung").await?;
    for (role, agency) in [
        (Role::CaseWorker, &busiest),
        (Role::AgencyAdmin, &busiest),
        (Role::AgencyAdmin, &location_agency),
    ] {
        accounts::grant_role(db, &SystemClock, "bench", clerk, role, Scope::Agency(agency.clone())).await?;
    }
    let clerk_cookie = session_cookie(db, clerk, now).await?;
    let resident = accounts::create_account(db, &SystemClock, "bench", accounts::AccountKind::Person, RESIDENT, "Anna Beispiel")
        .await?
        .id;
    let resident_cookie = session_cookie(db, resident, now).await?;
    Ok(City {
        catalog,
        services,
        locations,
        busiest,
        location,
        accounts: vec![resident],
        applications: 0,
        visits: 0,
        resident,
        resident_case: None,
        resident_cookie,
        clerk,
        clerk_cookie,
        dice: Dice(0x5ca1_e031_2026),
    })
}

/// A decided case's status: most are closed, some delivered or only decided, a few
/// withdrawn.
fn decided_status(roll: usize) -> &'static str {
    match roll {
        0..80 => "closed",
        80..90 => "delivered",
        90..97 => "decided",
        _ => "withdrawn",
    }
}

/// An open case's status.
fn open_status(roll: usize) -> &'static str {
    match roll {
        0..50 => "submitted",
        50..85 => "in_review",
        _ => "information_requested",
    }
}

/// Grows the city to `share` (1.0 = Hamburg): accounts, applications with their events,
/// payments, messages and audit entries, and the visits of the last twelve months.
async fn grow(db: &Db, city: &mut City, share: f64, now: DateTime<Utc>) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let sqlite = db.write().get_database_backend() == sea_orm::DatabaseBackend::Sqlite;
    if sqlite {
        db.write().execute_unprepared("PRAGMA synchronous = OFF").await?;
    }
    let mut accounts = Batch::new("accounts", "id, kind, email, email_normalized, display_name, created_at");
    let target = ((ACCOUNTS * share) as usize).max(2);
    for i in city.accounts.len()..target {
        let id = Uuid::now_v7();
        let email = format!("person{i:07}@example.org");
        let since = now - Span::days(city.dice.below(5 * 365) as i64 + 1);
        accounts
            .push(
                db,
                vec![
                    id.into(),
                    "person".into(),
                    email.clone().into(),
                    email.into(),
                    format!("Person {i}").into(),
                    since.into(),
                ],
            )
            .await?;
        city.accounts.push(id);
    }
    accounts.flush(db).await?;

    let mut applications = Batch::new(
        "applications",
        "id, account_id, service_id, form_id, form_version, status, answers, reference, created_at, updated_at, submitted_at, \
         agency_id, closed_at, decided_at, due_on, assignee_id",
    );
    let mut events = Batch::following("application_events", EVENT_COLUMNS);
    let mut payments = Batch::following("payments", PAYMENT_COLUMNS);
    let mut messages = Batch::following(
        "inbox_messages",
        "id, account_id, application_id, kind, subject, body, created_at, read_at, sender, staff_read_at",
    );
    let mut audit = Vec::new();
    let target = (APPLICATIONS * share) as usize;
    for i in city.applications..target {
        let id = Uuid::now_v7();
        let dice = &mut city.dice;
        let (service, agency) = &city.services[dice.below(city.services.len())];
        // The measured resident's first applications are hers; the rest belong to anyone.
        let account = if i < 3 {
            city.resident
        } else {
            city.accounts[dice.below(city.accounts.len())]
        };
        let (submitted, decided) = submitted_and_decided(dice, now);
        let status = match decided {
            Some(_) => decided_status(dice.below(100)),
            None => open_status(dice.below(100)),
        };
        let assignee = (status == "in_review" && dice.below(3) == 0).then_some(city.clerk);
        let null_time = Value::ChronoDateTimeUtc(None);
        applications
            .push(
                db,
                vec![
                    id.into(),
                    account.into(),
                    service.clone().into(),
                    service.clone().into(),
                    1.into(),
                    status.into(),
                    empty_json(),
                    format!("HH-S-{i:08}").into(),
                    submitted.into(),
                    decided.unwrap_or(submitted).into(),
                    submitted.into(),
                    agency.clone().into(),
                    decided.map(Value::from).unwrap_or(null_time.clone()),
                    decided.map(Value::from).unwrap_or(null_time.clone()),
                    (submitted + Span::days(20)).date_naive().into(),
                    assignee.map(Value::from).unwrap_or(Value::Uuid(None)),
                ],
            )
            .await?;
        if account == city.resident && city.resident_case.is_none() {
            city.resident_case = Some(id);
        }
        // The receipt in the Postfach; a question from the resident in one case in five
        // (unread by staff while the case is open).
        let receipt = ("receipt", "Ihr Antrag ist eingegangen", "Wir haben Ihren Antrag erhalten.");
        messages
            .push(db, message((account, id), receipt, submitted, ("authority", None)))
            .await?;
        if city.dice.below(5) == 0 {
            let question = ("message", "Frage zum Antrag", "Wann wird mein Antrag bearbeitet?");
            let asked = submitted + Span::hours(2);
            messages
                .push(db, message((account, id), question, asked, ("resident", decided)))
                .await?;
        }
        let actor = format!("account:{account}");
        audit.push((submitted, actor.clone(), "application.submitted", format!("application:{id}")));
        if let Some(at) = decided {
            let clerk = format!("account:{}", city.clerk);
            audit.push((at, clerk, "case.decided", format!("application:{id}")));
            events.push(db, decision_event(id, at)).await?;
        }
        if city.dice.below(10) < 3 {
            let paid = submitted - Span::minutes(1);
            audit.push((paid, actor, "payment.paid", format!("application:{id}")));
            payments.push(db, paid_fee(account, id, &format!("S-{i:08}"), submitted)).await?;
        }
        if applications.rows == 0 {
            events.flush(db).await?;
            payments.flush(db).await?;
            messages.flush(db).await?;
        }
    }
    applications.flush(db).await?;
    events.flush(db).await?;
    payments.flush(db).await?;
    messages.flush(db).await?;
    city.applications = target;

    let service_ids: Vec<String> = city.services.iter().map(|(s, _)| s.clone()).collect();
    let accounts = city.accounts.len();
    // The measured resident booked the first two appointments; the others anyone.
    let email = move |i: usize, dice: &mut Dice| {
        Some(if i < 2 {
            RESIDENT.to_string()
        } else {
            format!("person{:07}@example.org", dice.below(accounts))
        })
    };
    let visits = Visits {
        services: &service_ids,
        locations: &city.locations,
        prefix: "S",
        ahead: true,
        email: &email,
    };
    let target = (VISITS * share) as usize;
    visits.write(db, &mut city.dice, city.visits..target, now).await?;
    city.visits = target;
    append_audit(db, audit).await?;
    if sqlite {
        db.write().execute_unprepared("PRAGMA synchronous = FULL").await?;
        db.write().execute_unprepared("ANALYZE").await?;
        // A live installation's write-ahead log is folded back into the database as it
        // goes; after a load like this one it would hold the whole load.
        db.write().execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    } else {
        // A live server's autovacuum would analyse the tables after a load like this.
        db.write().execute_unprepared("VACUUM ANALYZE").await?;
    }
    Ok(started.elapsed())
}

/// A Postfach message of case `id`: (kind, subject, text), written at `at` by `sender`,
/// read by the resident at once and, if it is the resident's, by staff at `staff_read`
/// (when the case was decided; unread while it is open).
fn message(
    (account, id): (Uuid, Uuid),
    (kind, subject, body): (&str, &str, &str),
    at: DateTime<Utc>,
    (sender, staff_read): (&str, Option<DateTime<Utc>>),
) -> Vec<Value> {
    vec![
        Uuid::now_v7().into(),
        account.into(),
        id.into(),
        kind.into(),
        subject.into(),
        body.into(),
        at.into(),
        at.into(),
        sender.into(),
        staff_read.map(Value::from).unwrap_or(Value::ChronoDateTimeUtc(None)),
    ]
}

/// Appends the history's audit entries after the chain's head. Their hashes are not
/// computed (the seeded history is not a verifiable chain); what is measured is
/// finding a person's entries among millions.
async fn append_audit(db: &Db, mut entries: Vec<(DateTime<Utc>, String, &'static str, String)>) -> anyhow::Result<()> {
    entries.sort_by_key(|e| e.0);
    let conn = db.write();
    let head = conn
        .query_one_raw(stmt(conn, "SELECT seq FROM audit_head WHERE id = 1", vec![]))
        .await?
        .context("audit_head row is missing")?
        .try_get::<i64>("", "seq")?;
    let mut batch = Batch::new("audit_log", "seq, at, actor, action, subject, details, prev_hash, hash");
    let count = entries.len() as i64;
    for (k, (at, actor, action, subject)) in entries.into_iter().enumerate() {
        batch
            .push(
                db,
                vec![
                    (head + 1 + k as i64).into(),
                    at.into(),
                    actor.into(),
                    action.into(),
                    subject.into(),
                    "{}".into(),
                    "seeded".into(),
                    "seeded".into(),
                ],
            )
            .await?;
    }
    batch.flush(db).await?;
    conn.execute_raw(stmt(
        conn,
        "UPDATE audit_head SET seq = $1 WHERE id = 1",
        vec![(head + count).into()],
    ))
    .await?;
    Ok(())
}

/// The plans of the statements whose cost must follow the page (the queue, its counts,
/// the figures, the data export) on the grown database, with its statistics: none may
/// read a large table whole, SQLite reads each page of the queue in its order from an
/// index, and the counts and figures from indexes alone.
async fn check_plans(db: &Db, city: &City) -> anyhow::Result<()> {
    let scope = rathaus_core::cases::CaseScope {
        account: city.clerk,
        agencies: vec![city.busiest.clone()],
        lead_agencies: Vec::new(),
        payment_agencies: Vec::new(),
        publish_agencies: Vec::new(),
    };
    let case = city.resident_case.context("the resident has no application")?;
    let conn = db.read();
    let near = rathaus_core::cases::queue::Keys::find_by_statement(stmt(
        conn,
        "SELECT id, due_on, submitted_at, reference FROM applications WHERE id = $1",
        vec![case.into()],
    ))
    .one(conn)
    .await?;
    let today = rathaus_core::cases::due::local_date(Utc::now());
    let backend = db.write().get_database_backend();
    let mut failed = Vec::new();
    let statements = cost::statements(backend, &scope, (city.resident, RESIDENT), near, today);
    let count = statements.len();
    for checked in statements {
        let plan = explain(db, &checked.sql, checked.values).await?;
        // The tables this benchmark leaves small (sessions, mails) may be read whole.
        let scans: Vec<&str> = full_scans(&plan).into_iter().filter(|t| GROWN.contains(t)).collect();
        let sorted = !db.is_postgres() && checked.sorts.is_some_and(|allowed| sorts(&plan) > allowed);
        let visited = checked.index_only && !db.is_postgres() && visits_rows(&plan, "applications");
        if !scans.is_empty() || sorted || visited {
            failed.push(format!(
                "{} reads {scans:?} whole, sorts or visits rows:\n  {}",
                checked.label,
                plan.join("\n  ")
            ));
        }
    }
    if !failed.is_empty() {
        bail!("plans that do not follow the page:\n{}", failed.join("\n"));
    }
    println!("    {count} statements of the queue, the figures and the data export read through indexes");
    Ok(())
}

/// The peak resident memory of a process since it was last reset.
#[derive(Debug, Clone, Copy)]
struct Peak {
    /// The kernel's high-water mark, in MB.
    total_mb: f64,
    /// Of it, at most this much (MB) is the database file mapped by SQLite's readers:
    /// pages of the operating system's file cache, shared and dropped under pressure,
    /// not memory the request holds (its resident part now, which the peak cannot
    /// have exceeded).
    mapped_mb: f64,
}

impl std::fmt::Display for Peak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.mapped_mb >= 1.0 {
            write!(f, "{:.0} MB ({:.0} mapped)", self.total_mb, self.mapped_mb)
        } else {
            write!(f, "{:.0} MB", self.total_mb)
        }
    }
}

/// The peak resident memory of process `pid` since it was last reset.
fn peak_rss_mb(pid: u32) -> Option<Peak> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(Peak {
        total_mb: kb / 1024.0,
        mapped_mb: mapped_database_kb(pid) / 1024.0,
    })
}

/// The resident part of the SQLite database file's mappings in process `pid`, in KiB
/// (`/proc/<pid>/smaps`: a mapping's header line ends with its path, its `Rss:` follows).
fn mapped_database_kb(pid: u32) -> f64 {
    let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return 0.0;
    };
    let mut in_database = false;
    let mut kb = 0.0;
    for line in smaps.lines() {
        if let Some(rss) = line.strip_prefix("Rss:") {
            if in_database {
                kb += rss.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            }
        } else if line
            .split_whitespace()
            .next()
            .is_some_and(|range| range.contains('-') && !range.ends_with(':'))
        {
            in_database = line.ends_with("/rathaus.db");
        }
    }
    kb
}

/// Resets the peak to the current resident memory (Linux: `clear_refs` with 5).
fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

struct Measured {
    label: String,
    p50: f64,
    p95: f64,
    peak_mb: Option<Peak>,
    bytes: usize,
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

/// `requests` requests of `path` one after another (after three to warm up).
async fn measure(
    server: &Server,
    client: &reqwest::Client,
    cookie: &str,
    label: &str,
    path: &str,
    requests: usize,
) -> anyhow::Result<Measured> {
    let pid = server.child.id();
    let get = || async {
        let response = client.get(format!("{}{path}", server.base)).header("cookie", cookie).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            bail!(
                "{path} answered {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            );
        }
        Ok::<_, anyhow::Error>(body.len())
    };
    for _ in 0..requests.min(3) {
        get().await?;
    }
    reset_peak(pid);
    let mut times = Vec::with_capacity(requests);
    let mut bytes = 0;
    for _ in 0..requests.max(1) {
        let started = Instant::now();
        bytes = get().await?;
        times.push(started.elapsed());
    }
    Ok(Measured {
        label: label.to_string(),
        p50: percentile(&mut times, 0.5),
        p95: percentile(&mut times, 0.95),
        peak_mb: peak_rss_mb(pid),
        bytes,
    })
}

/// The address of the page `pages` pages into the queue, following its "next" links.
async fn deep_in_the_queue(server: &Server, client: &reqwest::Client, cookie: &str, pages: usize) -> anyhow::Result<(String, usize)> {
    let mut path = "/verwaltung/vorgaenge".to_string();
    let mut walked = 0;
    for _ in 0..pages {
        let html = client
            .get(format!("{}{path}", server.base))
            .header("cookie", cookie)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        let Some(next) = html
            .split("rel=\"next\"")
            .next()
            .filter(|_| html.contains("rel=\"next\""))
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|href| href.split('"').next())
        else {
            break;
        };
        path = next.replace("&#38;", "&").replace("&amp;", "&");
        walked += 1;
    }
    Ok((path, walked))
}

/// Requests/s and p95 of `path` at `clients` concurrent clients for `seconds`.
async fn load(server: &Server, cookie: &str, path: &str, clients: usize, seconds: u64) -> anyhow::Result<(f64, f64, Option<Peak>)> {
    let pid = server.child.id();
    reset_peak(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let url = format!("{}{path}", server.base);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (stop, url, cookie) = (stop.clone(), url.clone(), cookie.to_string());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut times = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                let response = client.get(&url).header("cookie", &cookie).send().await?;
                let status = response.status();
                response.bytes().await?;
                if !status.is_success() {
                    bail!("{url} answered {status} under load");
                }
                times.push(started.elapsed());
            }
            Ok::<_, anyhow::Error>(times)
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rate = times.len() as f64 / elapsed;
    Ok((rate, percentile(&mut times, 0.95), peak_rss_mb(pid)))
}

/// Every page and export at the current size; prints them and returns them.
async fn pages(city: &City, bin: &PathBuf, data_dir: &Path, database_url: Option<&str>, args: &Args) -> anyhow::Result<Vec<Measured>> {
    let (server, _) = start(bin, data_dir, database_url, false)?;
    let client = reqwest::Client::new();
    let clerk = &city.clerk_cookie;
    let resident = &city.resident_cookie;
    let today = rathaus_core::cases::due::local_date(Utc::now());
    let service = &city.services[0].0;
    let case = city.resident_case.context("the resident has no application")?;
    let (deep, walked) = deep_in_the_queue(&server, &client, clerk, 30).await?;
    let n = args.requests;
    let staff_pages = [
        ("figures /verwaltung/kennzahlen", "/verwaltung/kennzahlen".to_string()),
        ("queue, open cases by due date", "/verwaltung/vorgaenge".to_string()),
        ("queue, open cases, a page far in", deep.clone()),
        ("queue, all states", "/verwaltung/vorgaenge?stand=alle".to_string()),
        (
            "queue, all states, newest first",
            "/verwaltung/vorgaenge?stand=alle&sortierung=neu".to_string(),
        ),
        (
            "queue, all states, by reference",
            "/verwaltung/vorgaenge?stand=alle&sortierung=aktenzeichen".to_string(),
        ),
        ("queue, overdue only", "/verwaltung/vorgaenge?ueberfaellig=1".to_string()),
        (
            "queue, closed only, newest first",
            "/verwaltung/vorgaenge?stand=closed&sortierung=neu".to_string(),
        ),
        (
            "queue, waiting for information, oldest first",
            "/verwaltung/vorgaenge?stand=information_requested&sortierung=alt".to_string(),
        ),
        (
            "queue, withdrawn, by reference",
            "/verwaltung/vorgaenge?stand=withdrawn&sortierung=aktenzeichen".to_string(),
        ),
        ("calendar, day view", format!("/verwaltung/termine/{}?tag={today}", city.location)),
    ];
    let resident_pages = [
        ("home /", "/".to_string()),
        ("a service page", format!("/leistungen/{service}")),
        ("applications /antraege", "/antraege".to_string()),
        ("Postfach /postfach", "/postfach".to_string()),
        ("an application's status page", format!("/antraege/{case}")),
        (
            "data export /konto/meine-daten/export.json",
            "/konto/meine-daten/export.json".to_string(),
        ),
    ];
    let exports = [
        ("CSV export, open cases", "/verwaltung/vorgaenge/export.csv"),
        ("XLSX export, open cases", "/verwaltung/vorgaenge/export.xlsx"),
        (
            "CSV export, every case, newest first",
            "/verwaltung/vorgaenge/export.csv?stand=alle&sortierung=neu",
        ),
    ];
    let mut measured = Vec::new();
    for (label, path) in &staff_pages {
        measured.push(measure(&server, &client, clerk, label, path, n).await?);
    }
    for (label, path) in &resident_pages {
        measured.push(measure(&server, &client, resident, label, path, n).await?);
    }
    for (label, path) in &exports {
        measured.push(measure(&server, &client, clerk, label, path, args.export_requests).await?);
    }
    println!("    (the page far in: {walked} pages of the open cases in)");
    for m in &measured {
        let peak = m.peak_mb.map_or("–".to_string(), |p| p.to_string());
        println!(
            "    {:<46} p50 {:>8.1} ms   p95 {:>8.1} ms   peak RSS {:>18}   {:>10} bytes",
            m.label, m.p50, m.p95, peak, m.bytes
        );
    }
    let (rate, p95, peak) = load(&server, clerk, "/verwaltung/vorgaenge", args.clients, args.seconds).await?;
    let peak = peak.map_or("–".to_string(), |p| p.to_string());
    println!(
        "    queue at {} clients: {rate:.0} requests/s, p95 {p95:.1} ms, peak RSS {peak}   goal: ≥ 500 requests/s",
        args.clients
    );
    measured.push(Measured {
        label: format!("queue at {} clients (requests/s)", args.clients),
        p50: rate,
        p95,
        peak_mb: None,
        bytes: 0,
    });
    drop(server);
    Ok(measured)
}

/// Grows the database share by share and measures at each.
async fn run(name: &str, db: Db, database_url: Option<&str>, data_dir: &Path, args: &Args) -> anyhow::Result<()> {
    println!("{name}:");
    let now = Utc::now();
    let mut city = found(&db, now).await?;
    let bin = args.run.bin.clone().unwrap_or_else(default_bin);
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    let mut by_share = Vec::new();
    for share in &args.shares {
        let took = grow(&db, &mut city, share / 100.0, now).await?;
        println!(
            "  {share} % of Hamburg: {} accounts, {} applications, {} visits (grown in {:.1} s); the busiest agency is {} \
             ({} services of {}):",
            city.accounts.len(),
            city.applications,
            city.visits,
            took.as_secs_f64(),
            city.busiest,
            city.services.iter().filter(|(_, a)| *a == city.busiest).count(),
            city.catalog.services().len(),
        );
        check_plans(&db, &city).await?;
        by_share.push((share, pages(&city, &bin, data_dir, database_url, args).await?));
    }
    if args.run.keep {
        let database = database_url.map_or_else(String::new, |url| format!(" on {url}"));
        println!(
            "  kept: the data directory {}{database} (for eight hours the clerk's cookie {} and the resident's {})",
            data_dir.display(),
            city.clerk_cookie,
            city.resident_cookie
        );
    }
    // No page more than twice as slow at the largest share as at the one ten times smaller.
    if let [.., (small, before), (large, after)] = by_share.as_slice() {
        for (b, a) in before.iter().zip(after) {
            if !b.label.ends_with("(requests/s)") && a.p95 > 2.0 * b.p95 && a.p95 > 5.0 {
                println!(
                    "  {}: p95 {:.1} ms at {large} % against {:.1} ms at {small} % (more than twice)",
                    a.label, a.p95, b.p95
                );
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.run.smoke {
        args.shares = vec![0.1];
        args.requests = 3;
        args.export_requests = 1;
        args.seconds = 1;
        args.clients = 4;
    }
    if args.shares.windows(2).any(|w| w[0] >= w[1]) {
        bail!("--shares must ascend: the database grows from one share to the next");
    }
    if !args.run.postgres_only {
        let (dir, sqlite) = sqlite_installation().await?;
        run("SQLite", sqlite, None, dir.path(), &args).await?;
        if args.run.keep {
            // Printed above, with the session cookies.
            let _ = dir.keep();
        }
    }
    if let Some(url) = &args.run.postgres {
        let (scratch, pg_dir, db) = postgres_installation(url, "rathaus_scale").await?;
        let result = run("PostgreSQL", db, Some(&scratch.url), pg_dir.path(), &args).await;
        if args.run.keep {
            let _ = pg_dir.keep();
        } else {
            scratch.drop_database().await?;
        }
        result?;
    }
    Ok(())
}
