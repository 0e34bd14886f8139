//! Transparency portal benchmark, on a database of synthetic publications (default
//! 170,000, Hamburg's size; a third with several pages of extracted text): the time to
//! build the search index from the database and the building process's peak memory;
//! search latency in process and over HTTP (`package_search` of the CKAN API and the
//! search page) against the release binary on the same data directory; `package_search`
//! requests/s at 64 connections with the server's memory; and how long a change in the
//! database takes to reach the running node's index. Goals (issue 20): build < 120 s,
//! search p95 < 20 ms, RSS < 1 GB.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{Duration as Days, Utc};
use clap::Parser;
use sea_orm::{ConnectionTrait, Value};
use uuid::Uuid;

use rathaus_bench::server::{default_bin, start};
use rathaus_bench::{Dice, PUBLICATION_COLUMNS, Record, placeholders};
use rathaus_core::catalog::RelevanceSet;
use rathaus_core::transparency::search::{SearchQuery, TransparencyIndex};
use rathaus_platform::clock::SystemClock;
use rathaus_platform::db::{Db, stmt};

#[derive(Debug, Parser)]
#[command(about = "Transparency portal benchmark: index build, search latency, package_search load, memory, sync lag")]
struct Args {
    /// How many published records to generate.
    #[arg(long, default_value_t = 170_000)]
    publications: usize,
    /// Seconds of load at 64 connections.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// The rathaus binary (default: the one next to this benchmark).
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Tiny parameters, to prove the benchmark still runs (CI).
    #[arg(long)]
    smoke: bool,
}

const CONNECTIONS: usize = 64;
/// Connections of the smoke run (a debug build: it proves the benchmark runs, no more).
const SMOKE_CONNECTIONS: usize = 4;
const AGENCIES: [&str; 8] = [
    "bukea",
    "bvm",
    "fb",
    "bsb",
    "ba-altona",
    "ba-eimsbuettel",
    "ba-wandsbek",
    "senatskanzlei",
];
const CATEGORIES: [&str; 8] = [
    "statistik",
    "vertrag",
    "gutachten",
    "baugenehmigung",
    "haushaltsplan",
    "umweltdaten",
    "senatsbeschluss",
    "taetigkeitsbericht",
];
const THEMES: [&str; 6] = ["ENVI", "TRAN", "GOVE", "REGI", "ECON", "SOCI"];

/// A word of `words`, by the dice.
fn pick<'a>(dice: &mut Dice, words: &'a [String]) -> &'a str {
    &words[dice.below(words.len())]
}

/// The words the demo publications use, so the synthetic text reads like the real one.
fn vocabulary() -> anyhow::Result<Vec<String>> {
    let mut words: Vec<String> = rathaus_core::transparency::demo::publications()?
        .iter()
        .flat_map(|p| {
            format!("{} {} {}", p.title, p.description, p.keywords.join(" "))
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    Ok(words)
}

fn sentence(dice: &mut Dice, words: &[String], chars: usize) -> String {
    let mut text = String::with_capacity(chars + 20);
    while text.len() < chars {
        text.push_str(pick(dice, words));
        text.push(if dice.below(12) == 0 { '.' } else { ' ' });
        if text.ends_with('.') {
            text.push(' ');
        }
    }
    text
}

/// Writes `count` published records with one resource each (a third with 3 to 8 pages
/// of text, the rest with one), 500 to a statement.
async fn generate(db: &Db, count: usize, words: &[String]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut dice = Dice(0x5eed_1234_abcd_ef01);
    let now = Utc::now();
    let mut written = 0;
    while written < count {
        let batch = (count - written).min(500);
        let mut publications: Vec<Value> = Vec::new();
        let mut resources: Vec<Value> = Vec::new();
        for i in written..written + batch {
            let id = Uuid::now_v7();
            let published = now - Days::minutes(((count - i) * 7) as i64) - Days::days(1);
            let agency = AGENCIES[dice.below(AGENCIES.len())];
            let keywords: Vec<&str> = (0..4).map(|_| pick(&mut dice, words)).collect();
            let description_chars = 200 + dice.below(400);
            let description = sentence(&mut dice, words, description_chars);
            let title = format!("{} {} {i}", pick(&mut dice, words), pick(&mut dice, words));
            publications.extend(
                Record {
                    id,
                    name: format!("datensatz-{i:06}"),
                    agency,
                    title,
                    description,
                    category: CATEGORIES[dice.below(CATEGORIES.len())],
                    themes: vec![THEMES[dice.below(THEMES.len())]],
                    keywords,
                    published,
                }
                .values(),
            );
            let pages = if i % 3 == 0 { 3 + dice.below(6) } else { 1 };
            let text: Vec<String> = (0..pages)
                .map(|_| {
                    let chars = if pages > 1 { 1800 } else { 300 + dice.below(1200) };
                    sentence(&mut dice, words, chars)
                })
                .collect();
            resources.extend([
                Uuid::now_v7().into(),
                id.into(),
                0.into(),
                "Dokument".into(),
                "".into(),
                "PDF".into(),
                format!("https://daten.example.org/{i}.pdf").into(),
                text.join("\u{c}").into(),
                published.into(),
                published.into(),
            ]);
        }
        let conn = db.write();
        conn.execute_raw(stmt(
            conn,
            &format!(
                "INSERT INTO publications ({PUBLICATION_COLUMNS}) VALUES {}",
                placeholders(PUBLICATION_COLUMNS.split(',').count(), batch)
            ),
            publications,
        ))
        .await?;
        conn.execute_raw(stmt(
            conn,
            &format!(
                "INSERT INTO publication_resources (id, publication_id, position, name, description, format, url, extracted_text, \
                 added_at, released_at) VALUES {}",
                placeholders(10, batch)
            ),
            resources,
        ))
        .await?;
        written += batch;
    }
    Ok(started.elapsed())
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.95), at(0.99))
}

fn report(label: &str, times: Vec<Duration>) {
    let n = times.len();
    let (p50, p95, p99) = percentiles(times);
    println!("{label:<34} {n:>6} queries   p50 {p50:>7.2} ms   p95 {p95:>7.2} ms   p99 {p99:>7.2} ms");
}

fn memory_kib(pid: &str, field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} in /proc/{pid}/status"))
}

/// The queries: the relevance set's, and pairs of words the records use.
fn queries(words: &[String]) -> anyhow::Result<Vec<String>> {
    let set: RelevanceSet = serde_json::from_str(include_str!("../../../data/search/transparency-relevance.json"))?;
    let mut dice = Dice(42);
    let mut all: Vec<String> = set.queries.into_iter().map(|q| q.q).collect();
    all.extend((0..60).map(|_| format!("{} {}", pick(&mut dice, words), pick(&mut dice, words))));
    all.extend((0..40).map(|_| pick(&mut dice, words).to_string()));
    Ok(all)
}

fn encoded(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.smoke {
        args.publications = 300;
        args.seconds = 1;
    }
    let bin = args.bin.clone().unwrap_or_else(default_bin);
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    let (data, db) = rathaus_bench::sqlite_installation().await?;
    rathaus_core::catalog::import(&db, &SystemClock, "bench", &rathaus_core::demo::catalog()?).await?;
    let words = vocabulary()?;
    let took = generate(&db, args.publications, &words).await?;
    println!(
        "generated {} published records (a third with 3–8 pages of text) in {:.1} s",
        args.publications,
        took.as_secs_f64()
    );

    // The index build, as `rathaus transparency reindex` does it, in this process.
    let index = TransparencyIndex::open(Some(&data.path().join("index")))?;
    let started = Instant::now();
    let indexed = index.rebuild(&db, &|_, _| {}).await?;
    let build = started.elapsed();
    let peak = memory_kib("self", "VmHWM:")?;
    println!(
        "index build: {indexed} records in {:.1} s ({:.0} records/s); peak RSS of this process {} MB   goal: < 120 s",
        build.as_secs_f64(),
        indexed as f64 / build.as_secs_f64(),
        peak / 1024
    );

    let mut queries = queries(&words)?;
    let rounds = if args.smoke { 1 } else { 10 };
    if args.smoke {
        queries.truncate(8);
    }
    for (label, newest) in [("in process, by relevance", false), ("in process, newest first", true)] {
        let mut times = Vec::new();
        for _ in 0..rounds {
            for q in &queries {
                let query = SearchQuery {
                    text: q.clone(),
                    newest_first: newest,
                    limit: 10,
                    ..Default::default()
                };
                let started = Instant::now();
                std::hint::black_box(index.search(&query)?);
                times.push(started.elapsed());
            }
        }
        report(label, times);
    }
    drop(index);

    // Over HTTP: the release binary on the same data directory and its index.
    let (server, _) = start(&bin, data.path(), None, false)?;
    let pid = server.child.id().to_string();
    let client = reqwest::Client::new();
    let base = server.base.clone();
    let search_api = |q: &str| format!("{base}/api/3/action/package_search?q={}&rows=10", encoded(q));
    let search_page = |q: &str| format!("{base}/transparenz/suche?q={}", encoded(q));
    for (label, url) in [
        ("HTTP package_search", &search_api as &dyn Fn(&str) -> String),
        ("HTTP search page", &search_page),
    ] {
        for q in queries.iter().take(10) {
            client.get(url(q)).send().await?.error_for_status()?;
        }
        let mut times = Vec::new();
        for _ in 0..rounds.min(3) {
            for q in &queries {
                let started = Instant::now();
                let body = client.get(url(q)).send().await?.error_for_status()?.bytes().await?;
                times.push(started.elapsed());
                std::hint::black_box(body);
            }
        }
        report(label, times);
    }
    println!("goal: search p95 < 20 ms");

    // Load: 64 connections asking package_search in a closed loop.
    let queries = Arc::new(queries);
    let connections = if args.smoke { SMOKE_CONNECTIONS } else { CONNECTIONS };
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..connections)
        .map(|c| {
            let (client, queries, base) = (client.clone(), queries.clone(), server.base.clone());
            tokio::spawn(async move {
                let (mut done, mut failed, mut times) = (0_u64, 0_u64, Vec::new());
                let mut i = c;
                while Instant::now() < deadline {
                    let q = &queries[i % queries.len()];
                    i += connections;
                    let started = Instant::now();
                    let url = format!("{base}/api/3/action/package_search?q={}&rows=10", encoded(q));
                    match client.get(url).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            done += 1;
                        }
                        _ => failed += 1,
                    }
                    times.push(started.elapsed());
                }
                (done, failed, times)
            })
        })
        .collect();
    let (mut done, mut failed, mut times) = (0, 0, Vec::new());
    for task in tasks {
        let (d, f, t) = task.await?;
        done += d;
        failed += f;
        times.extend(t);
    }
    let (p50, _, p99) = percentiles(times);
    println!(
        "package_search at {connections} connections: {:.0} requests/s, p50 {p50:.1} ms, p99 {p99:.1} ms, {failed} failed",
        done as f64 / args.seconds as f64
    );
    println!(
        "server RSS after the load {} MB (peak {} MB)   goal: < 1 GB",
        memory_kib(&pid, "VmRSS:")? / 1024,
        memory_kib(&pid, "VmHWM:")? / 1024
    );
    if failed > 0 {
        bail!("{failed} requests failed");
    }

    // Sync lag: a change in the database, until the running node's index finds it.
    let word = "Sonderprüfbericht";
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE publications SET title = $1, modified_at = $2 WHERE name = 'datensatz-000001'",
        vec![format!("{word} 2026").into(), Utc::now().into()],
    ))
    .await?;
    let changed = Instant::now();
    loop {
        let found: serde_json::Value = client.get(search_api(word)).send().await?.json().await?;
        if found["result"]["count"].as_u64() == Some(1) {
            break;
        }
        if changed.elapsed() > Duration::from_secs(30) {
            bail!("the node's index did not take in the change within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "sync lag: a changed record is found {:.0} ms after its commit (the node looks every second)",
        changed.elapsed().as_secs_f64() * 1000.0
    );
    drop(server);
    Ok(())
}
