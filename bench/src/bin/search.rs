//! Search benchmark: relevance (recall@3 over the real-world query set) and latency of
//! catalogue queries, in process (the index alone) and over HTTP (`/api/v1/search` of
//! the release binary, one connection, no other load). Goal: p95 < 5 ms.
#![forbid(unsafe_code)]

use anyhow::{Context, bail};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

fn main() -> anyhow::Result<()> {
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
    for _ in 0..200 {
        for q in &evaluation.queries {
            let started = Instant::now();
            let hits = search(&catalog, q, SearchFilter::default());
            std::hint::black_box(hits);
            times.push(started.elapsed());
        }
    }
    report("in process (index only)", times);

    // Over HTTP against the release binary with the demo city.
    let bin = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("release/rathaus");
    if !bin.exists() {
        bail!("{} does not exist; build it with `cargo build --release -p rathaus`", bin.display());
    }
    let data = tempfile::tempdir()?;
    let mut child = Command::new(&bin)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env("RATHAUS_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line)?;
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .context("no address in the first line")?
        .to_string();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = runtime.block_on(async {
        let client = reqwest::Client::new();
        let url = |q: &str| format!("http://{addr}/api/v1/search?q={}", q.replace(' ', "%20"));
        // Warm up (the first request loads the catalogue).
        for q in &evaluation.queries {
            client.get(url(q)).send().await?.error_for_status()?;
        }
        let mut times = Vec::new();
        for _ in 0..20 {
            for q in &evaluation.queries {
                let started = Instant::now();
                let body = client.get(url(q)).send().await?.error_for_status()?.bytes().await?;
                times.push(started.elapsed());
                std::hint::black_box(body);
            }
        }
        anyhow::Ok(times)
    });
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
    report("HTTP /api/v1/search", result?);
    println!("goal: catalogue queries p95 < 5 ms");
    Ok(())
}
