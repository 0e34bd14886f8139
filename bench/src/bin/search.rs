//! Search benchmark: relevance (recall@3 over the real-world query set) and latency of
//! catalogue queries, in process (the index alone) and over HTTP (`/api/v1/search` of
//! the release binary, one connection, no other load). Goal: p95 < 5 ms.
#![forbid(unsafe_code)]

use anyhow::bail;
use clap::Parser;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rathaus_bench::server::{default_bin, start};

use rathaus_core::catalog::{Catalog, RELEVANCE_SET, SearchFilter, evaluate_search, search};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{label:<28} {:>8} queries   p50 {:>7.3} ms   p95 {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        percentile(&times, 1.0)
    );
}

#[derive(Debug, Parser)]
#[command(about = "Search benchmark: relevance and latency")]
struct Args {
    /// The rathaus binary (default: the one next to this benchmark).
    #[arg(long)]
    bin: Option<PathBuf>,
    /// One round of queries, to prove the benchmark still runs (CI).
    #[arg(long)]
    smoke: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (in_process_rounds, http_rounds) = if args.smoke { (2, 1) } else { (200, 20) };
    let catalog = Catalog::new(rathaus_core::demo::catalog()?);
    let evaluation = evaluate_search(&catalog, RELEVANCE_SET)?;
    println!(
        "relevance: recall@3 = {:.3} over {} real-world queries ({} missed)",
        evaluation.recall_at_3,
        evaluation.queries.len(),
        evaluation.misses.len()
    );
    for miss in &evaluation.misses {
        println!("  miss: {miss}");
    }

    // In process: every query of the set, many rounds.
    let mut times = Vec::new();
    for _ in 0..in_process_rounds {
        for q in &evaluation.queries {
            let started = Instant::now();
            let hits = search(&catalog, q, SearchFilter::default());
            std::hint::black_box(hits);
            times.push(started.elapsed());
        }
    }
    report("in process (index only)", times);

    // Over HTTP against the release binary with the demo city.
    let bin = args.bin.clone().unwrap_or_else(default_bin);
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    let data = tempfile::tempdir()?;
    let (server, _) = start(&bin, data.path(), None, true)?;
    let addr = server.base.trim_start_matches("http://").to_string();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = runtime.block_on(async {
        let client = reqwest::Client::new();
        let url = |q: &str| format!("http://{addr}/api/v1/search?q={}", q.replace(' ', "%20"));
        // Warm up (the first request loads the catalogue).
        for q in &evaluation.queries {
            client.get(url(q)).send().await?.error_for_status()?;
        }
        let mut times = Vec::new();
        for _ in 0..http_rounds {
            for q in &evaluation.queries {
                let started = Instant::now();
                let body = client.get(url(q)).send().await?.error_for_status()?.bytes().await?;
                times.push(started.elapsed());
                std::hint::black_box(body);
            }
        }
        anyhow::Ok(times)
    });
    drop(server);
    report("HTTP /api/v1/search", result?);
    println!("goal: catalogue queries p95 < 5 ms");
    Ok(())
}
