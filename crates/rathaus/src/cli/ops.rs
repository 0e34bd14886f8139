//! Running, migrating, importing, auditing, backing up.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tokio::sync::watch;

use rathaus_core::catalog::{self, CatalogFile};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::blobs::journal::Journal;
use rathaus_platform::clock::{self, Clock};
use rathaus_platform::config::Config;
use rathaus_platform::db::Db;
use rathaus_platform::jobs::Worker;
use rathaus_platform::mail::Mailer;
use rathaus_platform::{audit, backup as backups};
use rathaus_web::{AppOptions, Application};

/// Turns true on Ctrl-C or SIGTERM.
fn shutdown_signal() -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    let _ = tx.send(true);
                    return;
                }
            };
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        tracing::info!("shutting down");
        let _ = tx.send(true);
    });
    rx
}

pub async fn serve(config: Config, demo: bool) -> anyhow::Result<ExitCode> {
    let public_url = config.public_url.clone();
    let app = Application::build(
        config,
        AppOptions {
            demo,
            demo_publications: demo,
            ..AppOptions::default()
        },
    )
    .await?;
    let addr = app.local_addr();
    // The e2e harness and the benchmark read this line to learn the address.
    println!("Rathaus listens on http://{addr} (public address {public_url})");
    app.run(shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

pub async fn worker(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let mailer = std::sync::Arc::new(Mailer::from_config(&config)?);
    let catalog = rathaus_core::catalog::CatalogCache::new(std::time::Duration::from_secs(60));
    let forms = std::sync::Arc::new(rathaus_core::forms::shipped()?);
    let registry = rathaus_core::jobs::registry(&config, mailer, catalog, forms)?;
    let worker = Worker::new(db, clock::system(), registry, &config.worker);
    println!("Rathaus worker {} started", worker.id());
    worker.run(shutdown_signal()).await;
    Ok(ExitCode::SUCCESS)
}

pub async fn migrate(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    println!("database schema is up to date");
    Ok(ExitCode::SUCCESS)
}

pub async fn demo(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let summary = rathaus_core::demo::load(&db, &clock::SystemClock).await?;
    println!(
        "demo city loaded: {} agencies, {} locations, {} services, {} IT procedures",
        summary.agencies, summary.locations, summary.services, summary.it_procedures
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn transparency_reindex(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let index = rathaus_core::transparency::search::TransparencyIndex::open(Some(&config.data_dir.join("index")))?;
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} publications, {per_sec}, {eta} left")
            .map_err(|e| anyhow::anyhow!("progress bar: {e}"))?,
    );
    let started = std::time::Instant::now();
    let done = index
        .rebuild(&db, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await?;
    bar.finish_and_clear();
    println!(
        "search index rebuilt: {done} publications read, {} published in the index, in {:.1} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn transparency_demo(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let blobs = rathaus_platform::blobs::BlobStore::from_config(&config)?;
    let added = rathaus_core::transparency::demo::load(&db, &blobs, &clock::SystemClock).await?;
    println!("{added} demo publications added");
    Ok(ExitCode::SUCCESS)
}

pub async fn import(config: Config, file: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let catalog: CatalogFile =
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{} is not a catalogue file: {e}", file.display()))?;
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    match catalog::import(&db, &clock::SystemClock, "operator:cli", &catalog).await {
        Ok(s) => {
            println!(
                "imported {} agencies, {} locations, {} services, {} IT procedures",
                s.agencies, s.locations, s.services, s.it_procedures
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(rathaus_platform::Error::Invalid(problems)) => {
            eprintln!(
                "nothing was imported; fix these problems in {} and run the import again:",
                file.display()
            );
            for p in problems.split("; ") {
                eprintln!("  - {p}");
            }
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn export(config: Config, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let json = serde_json::to_string_pretty(&catalog::export(db.read()).await?)?;
    match file {
        Some(path) => std::fs::write(path, json + "\n")?,
        None => println!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn audit_verify(config: Config, checkpoint_files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut checkpoints = Vec::new();
    for file in checkpoint_files {
        let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read the checkpoint file {}: {e}", file.display()))?;
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let checkpoint: audit::Checkpoint = serde_json::from_str(line).map_err(|e| {
                anyhow::anyhow!(
                    "{} line {}: not a checkpoint ({e}); keep the lines `rathaus audit checkpoint` prints",
                    file.display(),
                    n + 1
                )
            })?;
            checkpoints.push(checkpoint);
        }
    }
    let db = Db::connect(&config).await?;
    match audit::verify_against(&db, &checkpoints).await? {
        Ok(report) => {
            println!("audit log intact: {} entries, head {}", report.entries, report.head_hash);
            if !checkpoints.is_empty() {
                println!("and it holds {} checkpoint(s)", checkpoints.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(breach) => {
            eprintln!("AUDIT LOG TAMPERED: {breach}");
            eprintln!("Keep the database as it is for investigation and compare it with the last backup.");
            Ok(ExitCode::from(3))
        }
    }
}

pub async fn audit_checkpoint(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    if let Err(breach) = audit::verify(&db).await? {
        eprintln!("AUDIT LOG TAMPERED: {breach}");
        eprintln!("No checkpoint is made over a broken chain.");
        return Ok(ExitCode::from(3));
    }
    let checkpoint = audit::checkpoint(&db, &clock::SystemClock).await?;
    println!("{}", serde_json::to_string(&checkpoint)?);
    Ok(ExitCode::SUCCESS)
}

/// `rathaus seal show`.
pub fn seal_show(config: &Config) -> anyhow::Result<ExitCode> {
    let seal = rathaus_platform::seal::Seal::load(config)?;
    println!("sealer: {}", seal.sealer());
    println!("certificate serial: {}", seal.certificate_serial());
    match &config.seal.certificate_file {
        Some(file) => println!("certificate chain: {}", file.display()),
        None => println!(
            "demo seal authority: validators trust its seals with {}",
            config.data_dir.join("seal").join("authority.pem").display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `rathaus seal rotate`.
pub fn seal_rotate(config: &Config) -> anyhow::Result<ExitCode> {
    if config.seal.configured() {
        eprintln!(
            "the seal is configured (seal.key_file): ask the trust service for a new seal certificate, point seal.key_file and seal.certificate_file at the new files and restart; documents sealed before stay valid"
        );
        return Ok(ExitCode::from(2));
    }
    let old = rathaus_platform::seal::Seal::load(config)?.certificate_serial();
    rathaus_platform::seal::rotate_demo(&config.data_dir, &config.city_name)?;
    let new = rathaus_platform::seal::Seal::load(config)?.certificate_serial();
    println!("seal certificate {old} retired, {new} seals from now on (restart the server to use it)");
    Ok(ExitCode::SUCCESS)
}

pub async fn rotate_key(config: Config) -> anyhow::Result<ExitCode> {
    use rathaus_platform::blobs::rotate::{self, FILE_KEYS};
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let master = rathaus_platform::blobs::master_key_of(&config)?;
    println!(
        "current key {}; {} previous key(s) configured",
        master.id(),
        master.previous_count()
    );
    let mut complete = true;
    for (what, sealed) in [
        ("file keys", FILE_KEYS),
        ("authenticator secrets", rathaus_core::accounts::totp::SEALED_SECRETS),
    ] {
        let report = rotate::rotate(&db, &master, sealed).await?;
        println!(
            "{what}: {} rewrapped, {} already under the current key",
            report.rewrapped, report.already_current
        );
        if !report.unopenable.is_empty() {
            complete = false;
            let ids: Vec<String> = report.unopenable.iter().map(|id| id.to_string()).collect();
            eprintln!(
                "{what}: {} cannot be opened with any configured key (add the key they were sealed with to files.previous_master_keys and run again): {}",
                ids.len(),
                ids.join(", ")
            );
        }
    }
    if complete {
        println!("done: files.previous_master_keys is needed now only to verify audit entries written before the rotation");
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(4))
    }
}

pub async fn backup(config: Config, file: &Path) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    let manifest = backups::backup(&config, &db, file, clock::SystemClock.now()).await?;
    println!(
        "backup written to {} (files: {}, file key: {})",
        file.display(),
        if manifest.includes_files { "included" } else { "not included" },
        if manifest.includes_file_key {
            "included — keep this backup as safe as the server"
        } else {
            "not included — keep files.master_key elsewhere"
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Erases again what the journal names. A journal given from elsewhere (the old
/// installation's) is first copied into this installation's, so the next restore knows
/// it too.
pub async fn replay_erasures(config: Config, from: Option<&Path>) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    let blobs = BlobStore::from_config(&config)?;
    if let Some(from) = from {
        let own = blobs.journal();
        let known = own.entries()?;
        for entry in Journal::at(from).entries()? {
            if !known.contains(&entry) {
                own.record(&entry)?;
            }
        }
    }
    let journal = blobs.journal().path().display().to_string();
    if blobs.journal().entries()?.is_empty() {
        println!(
            "the erasure journal {journal} is empty: nothing to erase again (if the backup came from an installation \
             whose journal is elsewhere, pass it with --erasures)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let replayed = rathaus_core::accounts::privacy::replay_erasures(&db, &blobs, &clock::SystemClock).await?;
    println!(
        "erased again from {journal}: {} accounts, {} drafts",
        replayed.accounts, replayed.drafts
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(config: Config, file: &Path, erasures: Option<&Path>) -> anyhow::Result<ExitCode> {
    let configured = match &config.files.master_key {
        Some(key) => Some(rathaus_platform::blobs::parse_master_key(secrecy::ExposeSecret::expose_secret(
            key,
        ))?),
        None => None,
    };
    let manifest = backups::restore(file, &config.data_dir, configured.as_ref()).await?;
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let verdict = audit::verify(&db).await?;
    println!("restored a backup of {} into {}", manifest.created_at, config.data_dir.display());
    drop(db);
    replay_erasures(config, erasures).await?;
    match verdict {
        Ok(report) => {
            println!("audit log intact: {} entries", report.entries);
            Ok(ExitCode::SUCCESS)
        }
        Err(breach) => {
            eprintln!("the restored audit log is not intact: {breach}");
            Ok(ExitCode::from(3))
        }
    }
}
