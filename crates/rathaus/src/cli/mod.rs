//! Command-line interface.

mod admin;
mod ops;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

use rathaus_platform::config::{Config, LogFormat};

#[derive(Debug, Parser)]
#[command(name = "rathaus", version, about = "Rathaus — an open-source digital town hall")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Configuration file (default: ./rathaus.toml if present).
    #[arg(long, global = true, env = "RATHAUS_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data directory for SQLite and local files (default: ./rathaus-data).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web front, the API and the job worker.
    Serve {
        /// Load the demo city (agencies, locations, services) at start.
        #[arg(long)]
        demo: bool,
        /// Address to listen on, e.g. 0.0.0.0:8080.
        #[arg(long)]
        listen: Option<String>,
    },
    /// Run only the job worker (for dedicated worker nodes).
    Worker,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Load or refresh the demo city, then exit.
    Demo,
    /// Import a catalogue (JSON with agencies, locations, services, it_procedures).
    Import { file: PathBuf },
    /// Export the catalogue as JSON (to stdout without a file).
    Export { file: Option<PathBuf> },
    /// Staff, roles, jobs and mail for operators.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write a backup of a SQLite installation (database snapshot, files, file key).
    Backup { file: PathBuf },
    /// Restore a backup into an empty data directory (--data-dir), then erase again what
    /// the erasure journal says people had erased since.
    Restore {
        file: PathBuf,
        /// The erasure journal of the installation the backup came from, when it is not
        /// at the configured `files.erasure_journal` (e.g. `<old data dir>/erasure-journal.jsonl`).
        #[arg(long)]
        erasures: Option<PathBuf>,
    },
    /// Configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The encrypted files.
    #[command(subcommand)]
    Files(FilesCommand),
    /// The transparency portal.
    #[command(subcommand)]
    Transparency(TransparencyCommand),
    /// The city's seal on decisions.
    #[command(subcommand)]
    Seal(SealCommand),
}

#[derive(Debug, Subcommand)]
pub enum SealCommand {
    /// Show who seals, with which certificate, and where a validator finds what to trust.
    Show,
    /// Demo seal authority only: a new seal key and certificate (restart the server to
    /// use them). Documents sealed before stay valid. A configured seal is rotated by
    /// pointing seal.key_file and seal.certificate_file at the new files.
    Rotate,
}

#[derive(Debug, Subcommand)]
pub enum TransparencyCommand {
    /// Load the demo city's publications that are missing (needs the demo city), then exit.
    Demo,
    /// Build this data directory's search index anew from the database (with the
    /// server of this data directory stopped; a running server keeps its own current).
    Reindex,
}

#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// After a new files.master_key (the old one in files.previous_master_keys): seal every
    /// file key and authenticator secret anew under it. Safe to stop and run again.
    RotateKey,
    /// Erase again what the erasure journal names (after restoring a database, e.g. with
    /// pg_restore). Safe to run any time.
    ReplayErasures,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the keyed hash chain (and the chain against kept checkpoints); exits 3 and
    /// names the first bad entry.
    Verify {
        /// A file of checkpoints (one JSON line each, as `audit checkpoint` prints them).
        #[arg(long)]
        checkpoint: Vec<PathBuf>,
    },
    /// Print an authenticated head of the chain (one JSON line) to keep outside the
    /// database, e.g. `rathaus audit checkpoint >> /safe/place/audit-checkpoints.jsonl`.
    Checkpoint,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration (secrets masked) and check it.
    Check,
}

pub fn load_config(global: &Global, listen: Option<&str>) -> rathaus_platform::Result<Config> {
    let mut overrides = Vec::new();
    if let Some(dir) = &global.data_dir {
        overrides.push(("data_dir", dir.display().to_string()));
    }
    if let Some(listen) = listen {
        overrides.push(("listen", listen.to_string()));
    }
    Config::load_with(global.config.as_deref(), &overrides)
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RATHAUS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let listen = match &cli.command {
        Command::Serve { listen, .. } => listen.as_deref(),
        _ => None,
    };
    let config = load_config(&cli.global, listen)?;
    init_logging(&config);
    match cli.command {
        Command::Serve { demo, .. } => ops::serve(config, demo).await,
        Command::Worker => ops::worker(config).await,
        Command::Migrate => ops::migrate(config).await,
        Command::Demo => ops::demo(config).await,
        Command::Import { file } => ops::import(config, &file).await,
        Command::Export { file } => ops::export(config, file.as_deref()).await,
        Command::Admin(cmd) => admin::run(config, cmd).await,
        Command::Audit(AuditCommand::Verify { checkpoint }) => ops::audit_verify(config, &checkpoint).await,
        Command::Audit(AuditCommand::Checkpoint) => ops::audit_checkpoint(config).await,
        Command::Files(FilesCommand::RotateKey) => ops::rotate_key(config).await,
        Command::Transparency(TransparencyCommand::Demo) => ops::transparency_demo(config).await,
        Command::Transparency(TransparencyCommand::Reindex) => ops::transparency_reindex(config).await,
        Command::Seal(SealCommand::Show) => ops::seal_show(&config),
        Command::Seal(SealCommand::Rotate) => ops::seal_rotate(&config),
        Command::Files(FilesCommand::ReplayErasures) => ops::replay_erasures(config, None).await,
        Command::Backup { file } => ops::backup(config, &file).await,
        Command::Restore { file, erasures } => ops::restore(config, &file, erasures.as_deref()).await,
        Command::Config(ConfigCommand::Check) => {
            print!("{}", config.to_masked_toml());
            for warning in config.warnings() {
                eprintln!("warning: {warning}");
            }
            eprintln!("configuration is valid");
            Ok(ExitCode::SUCCESS)
        }
    }
}
