//! Submission benchmark: how many completed applications per second Rathaus takes in,
//! the way a resident submits one whose fee is due with it — the submit that finds the
//! fee unpaid, the payment created at the provider (the Testkasse), paid there, and
//! Rathaus asking the provider, which records the payment and submits the application
//! in one durable transaction (the whole form checked again, status, case reference,
//! event, audit entry, the receipt and confirmation jobs). On SQLite
//! (synchronous=FULL) and, with `--postgres`, on PostgreSQL; beside it, in the same run,
//! the raw rate of durable one-row commits of the same database with the same
//! concurrency. Receipt PDFs per second are measured separately, as the worker makes
//! them after the submission.
#![forbid(unsafe_code)]

use anyhow::Context;
use clap::Parser;
use sea_orm::ConnectionTrait;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rathaus_core::accounts::{self, Account, AccountKind};
use rathaus_core::applications::submitting::{Submitter, WhenPaid};
use rathaus_core::applications::{self, NotSubmitted, Submission, receipt};
use rathaus_core::catalog::CatalogCache;
use rathaus_core::forms::{self, FormDefinition};
use rathaus_core::payments::provider::Outcome;
use rathaus_core::payments::testkasse::{self, Testkasse};
use rathaus_core::payments::{self, NewPayment, Purpose};
use rathaus_platform::clock::{self, SharedClock};
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::Lang;

#[derive(Parser, Debug)]
struct Args {
    /// Submissions per database.
    #[arg(long, default_value_t = 3000)]
    submissions: usize,
    /// Concurrent submitters.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Receipts to render.
    #[arg(long, default_value_t = 100)]
    receipts: usize,
    /// Also measure on PostgreSQL; a database is created there and dropped afterwards.
    #[arg(long)]
    postgres: Option<String>,
    /// A few submissions, to prove the benchmark still runs (CI).
    #[arg(long)]
    smoke: bool,
}

fn answers() -> Map<String, Value> {
    json!({
        "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
        "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" },
        "email": "anna@example.org", "kind": "simple", "include_household": "nein",
        "purpose": "Für den Arbeitgeber", "delivery": "download"
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

/// Drafts ready to submit, one account each (as in life: many people, one form each).
async fn prepare(db: &Db, clock: &SharedClock, form: &FormDefinition, n: usize) -> anyhow::Result<Vec<(Account, uuid::Uuid)>> {
    let input = answers();
    let mut drafts = Vec::with_capacity(n);
    for i in 0..n {
        let account = accounts::create_account(
            db,
            &**clock,
            "bench",
            AccountKind::Person,
            &format!("bench{i}@example.org"),
            "Anna Beispiel",
        )
        .await?;
        let draft = applications::start(db, &**clock, &full(&account), None, form).await?;
        for page in &form.pages {
            let checked = applications::save_page(db, &**clock, &full(&account), draft.id, form, &page.id, &input).await?;
            anyhow::ensure!(
                checked.problems.is_empty(),
                "bench answers invalid on {}: {:?}",
                page.id,
                checked.problems
            );
        }
        drafts.push((account, draft.id));
    }
    Ok(drafts)
}

/// One resident's submission of a draft whose fee is due now, as the pages do it.
async fn submit_and_pay(
    db: &Db,
    clock: &SharedClock,
    form: &FormDefinition,
    on_paid: &WhenPaid,
    (account, id): (&Account, uuid::Uuid),
) -> anyhow::Result<()> {
    let to = Submission {
        prefix: "HH",
        lang: Lang::De,
        agency: "ba-hamburg-mitte",
        processing_days: Some(10),
        delivery: None,
    };
    let fee = match applications::submit(db, &**clock, &full(account), id, form, to).await? {
        Err(NotSubmitted::Unpaid(fee)) => fee,
        other => anyhow::bail!("expected the fee to be due first, got {other:?}"),
    };
    let provider = testkasse_of(db, clock);
    let key = format!("bench:{id}");
    let new = NewPayment {
        account: account.id,
        application: id,
        purpose: Purpose::Submission,
        fee: &fee,
        idempotency_key: &key,
        request: "",
        description: "Meldebescheinigung",
    };
    let payment = payments::create(db, &**clock, &provider, &new, &|p| {
        format!("http://bench.example.org/zahlungen/{p}/zurueck")
    })
    .await?;
    let reference = payment.provider_ref.clone().context("the provider gave no reference")?;
    testkasse::decide(db, &**clock, &reference, Some("card"), Outcome::Paid).await?;
    payments::query(db, &**clock, &provider, &payment, on_paid).await?;
    Ok(())
}

fn testkasse_of(db: &Db, clock: &SharedClock) -> Testkasse {
    Testkasse {
        db: db.clone(),
        clock: clock.clone(),
        base_url: "http://bench.example.org".into(),
        secret: b"bench webhook secret".to_vec(),
        tolerance_secs: 300,
    }
}

/// Durable one-row commits per second, with the same concurrency: what the database
/// itself allows, to read the submissions against.
async fn raw_commits(db: &Db, n: usize, concurrency: usize) -> anyhow::Result<f64> {
    db.write()
        .execute_unprepared("CREATE TABLE IF NOT EXISTS bench_commits (id TEXT PRIMARY KEY, at TEXT NOT NULL)")
        .await?;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (db, next) = (db.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n {
                let tx = db.begin().await?;
                tx.execute_raw(stmt(
                    &tx,
                    "INSERT INTO bench_commits (id, at) VALUES ($1, $2)",
                    vec![uuid::Uuid::now_v7().to_string().into(), chrono::Utc::now().to_rfc3339().into()],
                ))
                .await?;
                tx.commit().await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(n as f64 / started.elapsed().as_secs_f64())
}

async fn measure(label: &str, db: Db, args: &Args) -> anyhow::Result<()> {
    let clock = clock::system();
    // The catalogue, as on a real installation: submitting reads the service from it.
    rathaus_core::demo::load(&db, &*clock).await?;
    let shipped = Arc::new(forms::shipped()?);
    let form = shipped
        .iter()
        .find(|f| f.id == "meldebescheinigung")
        .cloned()
        .context("form meldebescheinigung")?;
    let on_paid = Arc::new(WhenPaid {
        submitter: Submitter {
            forms: shipped,
            catalog: CatalogCache::new(Duration::from_secs(60)),
            reference_prefix: "HH".into(),
        },
        db: db.clone(),
        clock: clock.clone(),
    });
    let drafts = prepare(&db, &clock, &form, args.submissions).await?;
    let queue = Arc::new(tokio::sync::Mutex::new(drafts));
    let form = Arc::new(form);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency {
        let (db, clock, queue, form, on_paid) = (db.clone(), clock.clone(), queue.clone(), form.clone(), on_paid.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let Some((account, id)) = queue.lock().await.pop() else { break };
                let t = Instant::now();
                submit_and_pay(&db, &clock, &form, &on_paid, (&account, id)).await?;
                times.push(t.elapsed());
            }
            Ok::<_, anyhow::Error>(times)
        }));
    }
    let mut times: Vec<Duration> = Vec::new();
    for task in tasks {
        times.extend(task.await??);
    }
    let elapsed = started.elapsed();
    times.sort();
    let conn = db.write();
    let count = |sql: &str| {
        let sql = sql.to_string();
        async move {
            let row = conn.query_one_raw(stmt(conn, &sql, vec![])).await?.context("no count")?;
            Ok::<i64, anyhow::Error>(row.try_get("", "n")?)
        }
    };
    let submitted = count("SELECT COUNT(DISTINCT reference) AS n FROM applications WHERE status = 'submitted'").await?;
    let jobs = count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'application.receipt'").await?;
    let paid = count("SELECT COUNT(*) AS n FROM payments WHERE status = 'paid'").await?;
    anyhow::ensure!(
        paid as usize == args.submissions,
        "{paid} payments paid for {} submissions",
        args.submissions
    );
    anyhow::ensure!(
        submitted as usize == args.submissions,
        "{submitted} references for {} submissions",
        args.submissions
    );
    anyhow::ensure!(
        jobs as usize == args.submissions,
        "{jobs} receipt jobs for {} submissions",
        args.submissions
    );
    let pick = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "{label:<11} {} submissions with their fee paid, {} concurrent: {:>7.0} submissions/s   p50 {:.2} ms   p99 {:.2} ms   ({} references, {} receipt jobs)",
        args.submissions,
        args.concurrency,
        args.submissions as f64 / elapsed.as_secs_f64(),
        pick(0.5),
        pick(0.99),
        submitted,
        jobs
    );
    let commits = raw_commits(&db, args.submissions, args.concurrency).await?;
    println!(
        "{label:<11} raw durable one-row commits, {} concurrent: {commits:>7.0} commits/s (the database's own ceiling)",
        args.concurrency
    );
    Ok(())
}

/// Renders receipts of one submitted application: the CPU cost of a receipt.
async fn receipts(db: &Db, n: usize) -> anyhow::Result<()> {
    let form = forms::shipped()?
        .into_iter()
        .find(|f| f.id == "meldebescheinigung")
        .context("form")?;
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(conn, "SELECT id FROM applications WHERE status = 'submitted' LIMIT 1", vec![]))
        .await?
        .context("no submitted application")?;
    let application = applications::by_id(db, row.try_get("", "id")?).await?;
    let facts = receipt::ReceiptFacts {
        city: "Hamburg (Demo)",
        agency: "Bezirksamt Hamburg-Mitte",
        service: "Meldebescheinigung",
        applicant: "Anna Beispiel",
        on_behalf_of: None,
    };
    let first = Instant::now();
    let pdf = receipt::render(&application, &form, &facts, &HashMap::new(), Lang::De)?;
    let cold = first.elapsed();
    // Every receipt differs (typst would otherwise serve a memoised result).
    let variants: Vec<_> = (0..n)
        .map(|i| {
            let mut a = application.clone();
            a.reference = Some(format!("HH-2026-{:06}", 100_000 + i));
            a.answers
                .insert("purpose".into(), json!(format!("Für den Arbeitgeber, Nummer {i}")));
            a
        })
        .collect();
    let started = Instant::now();
    for variant in &variants {
        std::hint::black_box(receipt::render(variant, &form, &facts, &HashMap::new(), Lang::De)?);
    }
    let per = started.elapsed().as_secs_f64() / n as f64;
    println!(
        "receipts    {n} PDF/A rendered on one core: {:>7.1} receipts/s   {:.1} ms each   (first one {:.0} ms with font loading, {} KB)",
        1.0 / per,
        per * 1000.0,
        cold.as_secs_f64() * 1000.0,
        pdf.len() / 1024
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.smoke {
        args.submissions = 20;
        args.concurrency = 4;
        args.receipts = 2;
    }
    let (_dir, sqlite) = rathaus_bench::sqlite_installation().await?;
    measure("SQLite", sqlite.clone(), &args).await?;
    receipts(&sqlite, args.receipts).await?;

    if let Some(url) = &args.postgres {
        let scratch = rathaus_bench::Scratch::create(url, "rathaus_bench").await?;
        let result = async {
            let db = Db::connect_postgres(&scratch.url, 20, Duration::from_secs(5)).await?;
            db.migrate().await?;
            measure("PostgreSQL", db, &args).await
        }
        .await;
        scratch.drop_database().await?;
        result?;
    }
    Ok(())
}

/// Each benchmark account acts as if signed in with the online ID (every service's level).
fn full(account: &accounts::Account) -> accounts::Acting<'_> {
    accounts::Acting {
        account,
        level: accounts::Level::High,
    }
}
