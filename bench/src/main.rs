//! Load benchmark for Rathaus: start-up time, idle memory, and throughput and p99
//! latency of real pages compared with a bare axum server (one route, no middleware,
//! the same runtime and allocator) started beside it, all measured in one run on this
//! machine with the same connections. `/healthz` runs Rathaus's whole middleware and no
//! page: its line is the cost of the middleware alone. Load comes from this process over
//! loopback, so client and server share the CPU; the share of bare axum is what compares
//! runs.
#![forbid(unsafe_code)]

use rathaus_bench::server::{default_bin, start, start_bare};

/// The same allocator as `rathaus` (for the bare server this binary also runs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, bail};
use clap::Parser;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Load benchmark for Rathaus")]
struct Args {
    /// The rathaus binary (default: the release build next to this benchmark).
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Concurrent connections.
    #[arg(long, default_value_t = 256)]
    connections: usize,
    /// Seconds of load per route (after one second of warm-up).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Offered load (requests/s over all connections) for the fixed-rate latency phase.
    #[arg(long, default_value_t = 2000)]
    rate: u64,
    /// PostgreSQL instead of SQLite (an empty database the benchmark may fill).
    #[arg(long)]
    database_url: Option<String>,
    /// A few requests per route, to prove the benchmark still runs (CI); fails on any
    /// error answer.
    #[arg(long)]
    smoke: bool,
    /// Runs the bare axum server instead (started by the benchmark itself).
    #[arg(long, hide = true)]
    serve_bare: bool,
}

/// The baseline: axum with one route and no middleware, on the runtime `rathaus` uses.
fn serve_bare() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("bare axum listening on http://{}", listener.local_addr()?);
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hallo" }));
        axum::serve(listener, app).await?;
        anyhow::Ok(())
    })
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS")
}

type TaskResult = (Vec<u32>, u64);

/// Merges the latencies (µs) and error counts of all connections.
async fn summarize(tasks: Vec<tokio::task::JoinHandle<TaskResult>>, seconds: f64) -> LoadResult {
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.unwrap_or_default();
        latencies.extend(l);
        errors += e;
    }
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    LoadResult {
        requests: latencies.len() as u64,
        errors,
        per_second: latencies.len() as f64 / seconds,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    }
}

struct LoadResult {
    requests: u64,
    errors: u64,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// Closed loop: every connection sends its next request as soon as the last answered.
fn closed_loop(
    client: &reqwest::Client,
    url: &Arc<String>,
    connections: usize,
    until: Instant,
) -> Vec<tokio::task::JoinHandle<TaskResult>> {
    (0..connections)
        .map(|_| {
            let client = client.clone();
            let url = url.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0_u64;
                while Instant::now() < until {
                    let t = Instant::now();
                    match client.get(url.as_str()).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(t.elapsed().as_micros() as u32);
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect()
}

async fn load(base: &str, path: &str, connections: usize, seconds: u64) -> anyhow::Result<LoadResult> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(connections).build()?;
    let url = Arc::new(format!("{base}{path}"));
    // Warm-up (connections, caches), not counted: a second, or a moment for a smoke run.
    let warm_up = Duration::from_millis(if seconds > 1 { 1000 } else { 200 });
    summarize(closed_loop(&client, &url, connections, Instant::now() + warm_up), 1.0).await;
    let started = Instant::now();
    let tasks = closed_loop(&client, &url, connections, started + Duration::from_secs(seconds));
    let mut result = summarize(tasks, 1.0).await;
    result.per_second = result.requests as f64 / started.elapsed().as_secs_f64();
    Ok(result)
}

/// Open-loop load: each connection sends on a fixed schedule, and latency counts from
/// the scheduled moment, so a slow server cannot hide behind fewer requests
/// (no coordinated omission).
async fn load_at_rate(base: &str, path: &str, connections: usize, seconds: u64, rate: u64) -> anyhow::Result<LoadResult> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(connections).build()?;
    let url = Arc::new(format!("{base}{path}"));
    let interval = Duration::from_secs_f64(connections as f64 / rate.max(1) as f64);
    let start = tokio::time::Instant::now() + Duration::from_millis(100);
    let end = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..connections)
        .map(|i| {
            let client = client.clone();
            let url = url.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0_u64;
                let mut next = start + interval.mul_f64(i as f64 / connections as f64);
                while next < end {
                    tokio::time::sleep_until(next).await;
                    match client.get(url.as_str()).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(next.elapsed().as_micros() as u32);
                        }
                        _ => errors += 1,
                    }
                    next += interval;
                }
                (latencies, errors)
            })
        })
        .collect();
    Ok(summarize(tasks, seconds as f64).await)
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.serve_bare {
        return serve_bare();
    }
    if args.smoke {
        args.connections = 8;
        args.seconds = 1;
        args.rate = 200;
    }
    let bin = args.bin.clone().unwrap_or_else(default_bin);
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    let data = tempfile::tempdir()?;
    let db = args.database_url.as_deref();
    let backend = if db.is_some() { "PostgreSQL" } else { "SQLite" };

    let (first, first_ready) = start(&bin, data.path(), db, true)?;
    drop(first);
    let (server, ready) = start(&bin, data.path(), db, false)?;
    std::thread::sleep(Duration::from_secs(1));
    let idle_rss = rss_kib(server.child.id())?;

    let bare = start_bare()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let routes = [
        ("bare axum", bare.base.as_str(), "/"),
        ("/healthz", server.base.as_str(), "/healthz"),
        ("home /", server.base.as_str(), "/"),
        ("service page", server.base.as_str(), "/leistungen/personalausweis-beantragen"),
        ("/leistungen", server.base.as_str(), "/leistungen"),
        ("/suche", server.base.as_str(), "/suche?q=Hund%20anmelden"),
        ("/api/v1/search", server.base.as_str(), "/api/v1/search?q=Hund%20anmelden"),
    ];
    let mut results = Vec::new();
    let mut at_rate = Vec::new();
    for (name, base, path) in routes {
        results.push((name, runtime.block_on(load(base, path, args.connections, args.seconds))?));
        at_rate.push((
            name,
            runtime.block_on(load_at_rate(base, path, args.connections, args.seconds, args.rate))?,
        ));
    }
    drop(bare);
    let loaded_rss = rss_kib(server.child.id())?;

    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!(
        "Rathaus load benchmark — {backend}, {} connections, {} s per route, {cores} cores (client and server share them)",
        args.connections, args.seconds
    );
    println!(
        "first start with demo import: {:.0} ms; restart to ready: {:.0} ms (goal < 1000 ms)",
        first_ready.as_secs_f64() * 1000.0,
        ready.as_secs_f64() * 1000.0
    );
    println!(
        "idle RSS: {:.1} MB (goal < 60 MB); after load: {:.1} MB",
        idle_rss as f64 / 1024.0,
        loaded_rss as f64 / 1024.0
    );
    let bare = results[0].1.per_second;
    println!(
        "{:<16} {:>10} {:>9} {:>9} {:>9} {:>8} {:>7}",
        "route", "requests", "req/s", "p50 ms", "p99 ms", "of bare", "errors"
    );
    for (name, r) in &results {
        println!(
            "{:<16} {:>10} {:>9.0} {:>9.2} {:>9.2} {:>7.0}% {:>7}",
            name,
            r.requests,
            r.per_second,
            r.p50_ms,
            r.p99_ms,
            r.per_second / bare * 100.0,
            r.errors
        );
    }
    println!(
        "\nfixed offered load of {} req/s over the same {} connections (latency from the scheduled send time):",
        args.rate, args.connections
    );
    println!(
        "{:<16} {:>10} {:>9} {:>9} {:>9} {:>7}",
        "route", "requests", "req/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, r) in &at_rate {
        println!(
            "{:<16} {:>10} {:>9.0} {:>9.2} {:>9.2} {:>7}",
            name, r.requests, r.per_second, r.p50_ms, r.p99_ms, r.errors
        );
    }
    println!("goals: home and service page ≥ 30 % of bare axum, /leistungen and search ≥ 20 %, p99 < 25 ms");
    let failed: Vec<_> = results
        .iter()
        .chain(&at_rate)
        .filter(|(_, r)| r.errors > 0 || r.requests == 0)
        .map(|(name, r)| format!("{name}: {} errors, {} answers", r.errors, r.requests))
        .collect();
    if !failed.is_empty() {
        bail!("routes that did not answer as they should: {}", failed.join("; "));
    }
    Ok(())
}
