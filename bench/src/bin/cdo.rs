//! The CDO office at Hamburg's size (issue 21): 550 services, 200 IT procedures with 5,000
//! components, 2 million applications over five years (decided within 40 days, those of
//! the last two months half still open; three in ten paid online) and 1.5 million counter visits in the last twelve months (two thirds
//! booked appointments, one third walk-in tickets). Measured: the monthly maturity
//! snapshot — the first run, which counts twelve months from the records, and the run of
//! one month — and, over HTTP against the rathaus binary on the same database, the
//! cockpit (`/verwaltung/cdo`), the public maturity page, one service's page, the
//! services as CSV and the strategies' portfolio, and the progress report as a page and
//! as a PDF/A. Goals: pages p95 < 150 ms, the report < 5 s, the monthly snapshot < 60 s;
//! on SQLite and, with `--postgres`, on PostgreSQL.
#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use anyhow::bail;
use chrono::{DateTime, Duration as Span, Utc};
use clap::Parser;
use sea_orm::{ConnectionTrait, Value};
use uuid::Uuid;

use rathaus_bench::seed::{Batch, EVENT_COLUMNS, PAYMENT_COLUMNS, Visits, decision_event, empty_json, paid_fee, submitted_and_decided};
use rathaus_bench::server::{default_bin, start};
use rathaus_bench::{Dice, Installations, PUBLICATION_COLUMNS, Record, postgres_installation, sqlite_installation};
use rathaus_core::accounts::{self, AccountKind, Role, Scope};
use rathaus_core::catalog::{self, Catalog, CatalogFile};
use rathaus_core::cockpit::maturity::Inputs;
use rathaus_core::cockpit::snapshot;
use rathaus_core::cockpit::usage::{month_of, months_before};
use rathaus_core::payments::fees;
use rathaus_platform::clock::SystemClock;
use rathaus_platform::db::{Db, stmt};

#[derive(Debug, Parser)]
#[command(about = "CDO office benchmark: maturity snapshot and the cockpit's pages at Hamburg's size")]
struct Args {
    #[arg(long, default_value_t = 550)]
    services: usize,
    #[arg(long, default_value_t = 200)]
    procedures: usize,
    /// Components per procedure.
    #[arg(long, default_value_t = 25)]
    components: usize,
    #[arg(long, default_value_t = 2_000_000)]
    applications: usize,
    #[arg(long, default_value_t = 1_500_000)]
    visits: usize,
    /// Published records of the transparency portal.
    #[arg(long, default_value_t = 170_000)]
    publications: usize,
    /// Records read on each of the last 365 days (each a row of the reading figures).
    #[arg(long, default_value_t = 1_500)]
    read_per_day: usize,
    /// Requests per page.
    #[arg(long, default_value_t = 60)]
    requests: usize,
    #[command(flatten)]
    run: Installations,
}

/// The demo catalogue grown to `services` services and `procedures` procedures of
/// `components` components each: copies of the demo's, numbered.
fn city(args: &Args) -> anyhow::Result<CatalogFile> {
    let mut file = rathaus_core::demo::catalog()?;
    let services = file.services.clone();
    for k in 0..args.services.saturating_sub(services.len()) {
        let mut s = services[k % services.len()].clone();
        s.id = format!("{}-{}", s.id, k / services.len() + 2);
        s.name_de = format!("{} ({})", s.name_de, k / services.len() + 2);
        // The forms are the originals'; a copy is done in a specialist procedure.
        if s.online.possible && s.online.procedure_url.is_none() {
            s.online.procedure_url = Some(format!("https://fachverfahren.example.org/{}", s.id));
        }
        file.services.push(s);
    }
    file.services.truncate(args.services);
    let procedures = file.it_procedures.clone();
    let products: Vec<(String, String)> = procedures
        .iter()
        .flat_map(|p| p.components.iter().map(|c| (c.name.clone(), c.version.clone())))
        .collect();
    file.it_procedures.clear();
    for k in 0..args.procedures {
        let mut p = procedures[k % procedures.len()].clone();
        if k >= procedures.len() {
            p.id = format!("{}-{}", p.id, k / procedures.len() + 1);
            p.name = format!("{} {}", p.name, k / procedures.len() + 1);
        }
        let mut components = p.components.clone();
        while components.len() < args.components {
            let (name, version) = &products[(k * 7 + components.len()) % products.len()];
            let mut c = p.components[0].clone();
            c.name = format!("{name}-{}", components.len());
            c.version = version.clone();
            c.end_of_support = None;
            c.purl = None;
            components.push(c);
        }
        components.truncate(args.components.max(1));
        p.components = components;
        file.it_procedures.push(p);
    }
    Ok(file)
}

/// The transparency portal: `publications` published records of the agencies, and on
/// each of the last 365 days `read_per_day` of them read (the cockpit counts both).
async fn publications(db: &Db, args: &Args, catalog: &Catalog, now: DateTime<Utc>, dice: &mut Dice) -> anyhow::Result<()> {
    let agencies: Vec<String> = catalog.agencies().iter().map(|a| a.id.clone()).collect();
    let mut records = Batch::new("publications", PUBLICATION_COLUMNS);
    let mut ids = Vec::with_capacity(args.publications);
    for i in 0..args.publications {
        let id = Uuid::now_v7();
        let record = Record {
            id,
            name: format!("datensatz-{i:06}"),
            agency: &agencies[dice.below(agencies.len())],
            title: format!("Datensatz {i}"),
            description: "Ein Datensatz der Stadt.".into(),
            category: "statistik",
            themes: vec!["GOVE"],
            keywords: Vec::new(),
            published: now - Span::minutes(((args.publications - i) * 7) as i64) - Span::days(1),
        };
        records.push(db, record.values()).await?;
        ids.push(id);
    }
    records.flush(db).await?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut figures = Batch::new("publication_figures", "publication_id, day, views, downloads");
    let today = rathaus_core::cases::due::local_date(now);
    for back in 0..365 {
        let day = today - Span::days(back);
        let first = dice.below(ids.len());
        for k in 0..args.read_per_day.min(ids.len()) {
            let id = ids[(first + k) % ids.len()];
            let views = 1 + dice.below(20) as i64;
            let downloads = dice.below(5) as i64;
            figures
                .push(db, vec![id.into(), day.into(), views.into(), downloads.into()])
                .await?;
        }
    }
    figures.flush(db).await
}

/// Writes the city's history; returns how long it took.
async fn seed(db: &Db, args: &Args, now: DateTime<Utc>) -> anyhow::Result<(Duration, Catalog)> {
    let started = Instant::now();
    // Seeding is not measured: on SQLite the writing connection need not wait for the
    // disk meanwhile (set back below, before anything is measured).
    let sqlite = db.write().get_database_backend() == sea_orm::DatabaseBackend::Sqlite;
    if sqlite {
        db.write().execute_unprepared("PRAGMA synchronous = OFF").await?;
    }
    let file = city(args)?;
    catalog::import(db, &SystemClock, "bench", &file).await?;
    let catalog = Catalog::new(file);
    let services: Vec<(String, String)> = catalog.services().iter().map(|s| (s.id.clone(), s.agency.clone())).collect();
    let locations: Vec<String> = catalog.locations().iter().map(|l| l.id.clone()).collect();
    let owner = accounts::create_account(db, &SystemClock, "bench", AccountKind::Person, "viele@example.org", "Viele Anträge")
        .await?
        .id;
    let mut dice = Dice(0x5eed_0cd0_2026);
    let mut applications = Batch::new(
        "applications",
        "id, account_id, service_id, form_id, form_version, status, answers, reference, created_at, updated_at, submitted_at, agency_id, \
         closed_at, due_on",
    );
    let mut events = Batch::following("application_events", EVENT_COLUMNS);
    let mut payments = Batch::following("payments", PAYMENT_COLUMNS);
    for i in 0..args.applications {
        let id = Uuid::now_v7();
        let (service, agency) = &services[dice.below(services.len())];
        let (submitted, decided) = submitted_and_decided(&mut dice, now);
        let closed: Value = decided.map(Value::from).unwrap_or(Value::ChronoDateTimeUtc(None));
        applications
            .push(
                db,
                vec![
                    id.into(),
                    owner.into(),
                    service.clone().into(),
                    service.clone().into(),
                    1.into(),
                    if decided.is_some() { "closed" } else { "submitted" }.into(),
                    empty_json(),
                    format!("B-{i:08}").into(),
                    submitted.into(),
                    submitted.into(),
                    submitted.into(),
                    agency.clone().into(),
                    closed,
                    (submitted + Span::days(20)).date_naive().into(),
                ],
            )
            .await?;
        if let Some(at) = decided {
            events.push(db, decision_event(id, at)).await?;
        }
        if dice.below(10) < 3 {
            payments.push(db, paid_fee(owner, id, &format!("{i:08}"), submitted)).await?;
        }
        if applications.rows == 0 {
            events.flush(db).await?;
            payments.flush(db).await?;
        }
    }
    applications.flush(db).await?;
    events.flush(db).await?;
    payments.flush(db).await?;

    let service_ids: Vec<String> = services.iter().map(|(s, _)| s.clone()).collect();
    let visits = Visits {
        services: &service_ids,
        locations: &locations,
        prefix: "T",
        ahead: false,
        email: &|_, _| None,
    };
    visits.write(db, &mut dice, 0..args.visits, now).await?;
    publications(db, args, &catalog, now, &mut dice).await?;
    if sqlite {
        db.write().execute_unprepared("PRAGMA synchronous = FULL").await?;
    } else {
        // After a load like this a live server's autovacuum vacuums and analyses the
        // tables (a server may have it off, as on this project's CI machine): without
        // it PostgreSQL has no statistics and cannot read the indexes alone.
        db.write().execute_unprepared("VACUUM ANALYZE").await?;
    }
    Ok((started.elapsed(), catalog))
}

/// A CDO's session, as signing in leaves one: the cookie for the requests.
async fn cdo_cookie(db: &Db, now: DateTime<Utc>) -> anyhow::Result<String> {
    let staff = rathaus_bench::seed::staff(db, "cdo@example.org", "Clara Cockpit").await?;
    accounts::grant_role(db, &SystemClock, "bench", staff, Role::Cdo, Scope::City).await?;
    rathaus_bench::seed::session_cookie(db, staff, now).await
}

fn report(label: &str, mut times: Vec<Duration>) -> f64 {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    let (p50, p95, p99) = (at(0.5), at(0.95), at(0.99));
    println!(
        "  {label:<40} {:>4} requests   p50 {p50:>8.1} ms   p95 {p95:>8.1} ms   p99 {p99:>8.1} ms",
        times.len()
    );
    p95
}

async fn measure(name: &str, db: Db, database_url: Option<&str>, data_dir: &std::path::Path, args: &Args) -> anyhow::Result<()> {
    println!("{name}:");
    let now = Utc::now();
    let (took, catalog) = seed(&db, args, now).await?;
    println!(
        "  seeded {} services, {} procedures × {} components, {} applications, {} visits, {} published records \
         ({} read a day) in {:.1} s",
        args.services,
        args.procedures,
        args.components,
        args.applications,
        args.visits,
        args.publications,
        args.read_per_day,
        took.as_secs_f64()
    );
    let forms = rathaus_core::forms::shipped()?;
    let inputs = Inputs {
        forms: &forms,
        fees: fees::rules(),
        eid: false,
    };
    let started = Instant::now();
    let taken = snapshot::take(&db, now, &catalog, &inputs).await?;
    println!(
        "  first snapshot: {} months counted from the records in {:.2} s",
        taken.len(),
        started.elapsed().as_secs_f64()
    );
    // The monthly run: the month just ended, once more.
    let last = months_before(month_of(rathaus_core::cases::due::local_date(now)), 1);
    let conn = db.write();
    conn.execute_raw(stmt(conn, "DELETE FROM maturity_snapshots WHERE month = $1", vec![last.into()]))
        .await?;
    let started = Instant::now();
    let taken = snapshot::take(&db, now, &catalog, &inputs).await?;
    let monthly = started.elapsed();
    if taken != vec![last] {
        bail!("the monthly run took {taken:?}, not {last}");
    }
    println!(
        "  monthly snapshot (one month, {} services): {:.2} s   goal: < 60 s",
        args.services,
        monthly.as_secs_f64()
    );

    let cookie = cdo_cookie(&db, now).await?;
    if args.run.keep {
        let database = database_url.map_or_else(|| data_dir.display().to_string(), str::to_string);
        println!("  kept: {database} (a CDO's cookie for eight hours: {cookie})");
    }
    let bin = args.run.bin.clone().unwrap_or_else(default_bin);
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    let (server, _) = start(&bin, data_dir, database_url, false)?;
    let client = reqwest::Client::new();
    let busiest = catalog.services()[0].id.clone();
    let pages = [
        ("cockpit /verwaltung/cdo", "/verwaltung/cdo".to_string()),
        ("maturity page /digitalisierung", "/digitalisierung".to_string()),
        ("one service /digitalisierung/{id}", format!("/digitalisierung/{busiest}")),
        ("services as CSV", "/digitalisierung/leistungen.csv".to_string()),
        ("strategies /verwaltung/cdo/strategien", "/verwaltung/cdo/strategien".to_string()),
    ];
    let mut worst: f64 = 0.0;
    for (label, path) in &pages {
        let get = || client.get(format!("{}{path}", server.base)).header("cookie", &cookie).send();
        for _ in 0..3 {
            get().await?.error_for_status()?;
        }
        let mut times = Vec::with_capacity(args.requests);
        for _ in 0..args.requests {
            let started = Instant::now();
            let response = get().await?.error_for_status()?;
            std::hint::black_box(response.bytes().await?);
            times.push(started.elapsed());
        }
        worst = worst.max(report(label, times));
    }
    println!("  slowest page p95 {worst:.1} ms   goal: < 150 ms");
    // The progress report over twelve months against the twelve before: made anew for
    // every request, as a page and as a PDF/A.
    let mut slowest_report: f64 = 0.0;
    for (label, path) in [
        ("progress report /verwaltung/cdo/bericht", "/verwaltung/cdo/bericht?monate=12"),
        ("progress report as PDF/A", "/verwaltung/cdo/bericht.pdf?monate=12"),
    ] {
        let mut times = Vec::new();
        for _ in 0..args.requests.clamp(1, 10) {
            let started = Instant::now();
            let response = client
                .get(format!("{}{path}", server.base))
                .header("cookie", &cookie)
                .send()
                .await?
                .error_for_status()?;
            std::hint::black_box(response.bytes().await?);
            times.push(started.elapsed());
        }
        slowest_report = slowest_report.max(report(label, times));
    }
    println!("  progress report p95 {:.2} s   goal: < 5 s", slowest_report / 1000.0);
    drop(server);
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.run.smoke {
        args.services = 80;
        args.procedures = 30;
        args.components = 5;
        args.applications = 3_000;
        args.visits = 2_000;
        args.publications = 500;
        args.read_per_day = 20;
        args.requests = 3;
    }
    if !args.run.postgres_only {
        let (dir, sqlite) = sqlite_installation().await?;
        measure("SQLite", sqlite, None, dir.path(), &args).await?;
        if args.run.keep {
            // Printed above, with the session cookie.
            let _ = dir.keep();
        }
    }

    if let Some(url) = &args.run.postgres {
        let (scratch, pg_dir, db) = postgres_installation(url, "rathaus_cdo").await?;
        let result = measure("PostgreSQL", db, Some(&scratch.url), pg_dir.path(), &args).await;
        if !args.run.keep {
            scratch.drop_database().await?;
        }
        result?;
    }
    Ok(())
}
