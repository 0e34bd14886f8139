//! Layered configuration: built-in defaults, then `rathaus.toml`, then `RATHAUS_*`
//! environment variables (nested keys with `__`, e.g. `RATHAUS_SMTP__HOST`).
//! A bad value stops start-up with a message that names the key and the fix.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Config {
    /// Address the web server binds to.
    pub listen: String,
    /// Where the SQLite database, local files and the generated file key live.
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; unset means SQLite in `data_dir`.
    #[serde(serialize_with = "mask_opt")]
    pub database_url: Option<SecretString>,
    /// The address residents use, for links in mails.
    pub public_url: String,
    pub city_name: String,
    /// The letters before a case reference (`HH` in `HH-2026-000123`).
    pub case_reference_prefix: String,
    pub database: DatabaseConfig,
    pub smtp: Option<SmtpConfig>,
    /// Sign-in with an external eID provider (OpenID Connect); off when unset.
    pub eid: Option<EidConfig>,
    pub mail_from: String,
    /// Receives reports of accessibility barriers from the feedback form.
    pub accessibility_contact: String,
    pub files: FilesConfig,
    pub session: SessionConfig,
    pub rate_limit: RateLimitConfig,
    pub worker: WorkerConfig,
    pub http: HttpConfig,
    pub payments: PaymentsConfig,
    pub appointments: AppointmentsConfig,
    /// The city's electronic seal on the decisions it issues.
    pub seal: SealConfig,
    pub log_format: LogFormat,
}

/// The seal's key and certificate (PEM files) and the time-stamp authority's. All four
/// unset: a demo seal authority in `<data_dir>/seal` issues them on first use — fine for
/// a demo, not for a city: set all four to the files from the city's trust service.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SealConfig {
    /// The seal's private key: PKCS#8 PEM, ECDSA P-256.
    pub key_file: Option<PathBuf>,
    /// The seal certificate, then the certificates of its issuers (PEM).
    pub certificate_file: Option<PathBuf>,
    /// The time-stamp authority's private key: PKCS#8 PEM, ECDSA P-256.
    pub timestamp_key_file: Option<PathBuf>,
    /// The time-stamp certificate (extended key usage timeStamping), then its issuers.
    pub timestamp_certificate_file: Option<PathBuf>,
}

impl SealConfig {
    /// Whether the seal comes from configured files rather than the demo authority.
    pub fn configured(&self) -> bool {
        self.key_file.is_some()
    }
}

/// Appointment booking. Per-service caps are edited by staff; this is the default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct AppointmentsConfig {
    /// How long a chosen slot is kept while the person confirms, in minutes.
    pub hold_minutes: i64,
    /// How far ahead slots are offered, in days.
    pub horizon_days: i64,
    /// The earliest a slot may start after the booking, in minutes.
    pub min_lead_minutes: i64,
    /// Future bookings one person may hold for a service with no rule of its own.
    pub max_active_per_person: i64,
    /// Slot holds per client address per minute (answered 429 above).
    pub holds_per_minute_per_ip: u32,
    /// Slot holds per account (or mail address) per minute.
    pub holds_per_minute_per_person: u32,
    /// How long an earlier time from the waitlist is kept for the person, in minutes.
    pub waitlist_offer_minutes: i64,
    /// How long before a booked appointment the reminder (with what to bring and the
    /// link to move or cancel) goes out, in hours; 0 sends none.
    pub reminder_hours_before: i64,
    /// Rush protection (switched on per location by its staff): the zero bits a
    /// browser must find, about 2^bits SHA-256 hashes (16: well under a second on a
    /// laptop, a few seconds on an old phone).
    pub challenge_bits: u8,
    /// Rush protection without JavaScript: seconds between the page and the choice.
    pub challenge_wait_seconds: i64,
}

impl Default for AppointmentsConfig {
    fn default() -> Self {
        Self {
            hold_minutes: 15,
            horizon_days: 42,
            min_lead_minutes: 60,
            max_active_per_person: 2,
            holds_per_minute_per_ip: 30,
            holds_per_minute_per_person: 10,
            waitlist_offer_minutes: 30,
            reminder_hours_before: 24,
            challenge_bits: 16,
            challenge_wait_seconds: 10,
        }
    }
}

/// Online payment. The built-in provider is the Testkasse, a stand-in that works like
/// an external payment service (hosted page, signed webhooks); a real provider
/// implements the same interface (see docs/ARCHITECTURE.md).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct PaymentsConfig {
    /// The secret the provider signs its webhooks with (HMAC-SHA256); every node needs
    /// the same. Unset, the built-in Testkasse uses one derived from the installation's
    /// master key, so no two installations share it.
    #[serde(serialize_with = "mask_opt")]
    pub webhook_secret: Option<SecretString>,
    /// How old a webhook's timestamp may be, in seconds (replay window).
    pub webhook_tolerance_secs: i64,
    /// Refunds above this amount (in cents) need a second person's approval.
    pub refund_approval_above_cents: i64,
    /// Where the provider sends its webhooks, when not `public_url` (a provider that
    /// reaches the nodes through another address).
    pub webhook_url: Option<String>,
    /// How long a payment stays open before the recovery asks the provider about it.
    pub recover_after_secs: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct DatabaseConfig {
    pub max_connections: u32,
    /// Seconds to wait for a connection or a lock before giving up.
    pub acquire_timeout_secs: u64,
    /// SQLite only: how much of the database file (MiB) the readers map into memory.
    /// A read then takes a page straight from the operating system's file cache instead
    /// of copying it into each connection's own cache, which any write empties again.
    /// 0 reads through the file; SQLite maps at most 2 GiB.
    pub sqlite_map_mib: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub tls: SmtpTls,
    pub username: Option<String>,
    #[serde(default, serialize_with = "mask_opt")]
    pub password: Option<SecretString>,
}

/// An OpenID Connect provider that confirms identities, standing in for BundID or the
/// ID card's online function. Only what its signed ID token says counts as verified.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EidConfig {
    /// The provider's issuer URL (its discovery document lives below it).
    pub issuer: String,
    pub client_id: String,
    #[serde(serialize_with = "mask")]
    pub client_secret: SecretString,
    /// The name on the button, e.g. "BundID".
    #[serde(default = "default_eid_name")]
    pub name: String,
    #[serde(default = "default_eid_scopes")]
    pub scopes: Vec<String>,
    /// The assurance level per `acr` value of the ID token (low, substantial, high).
    #[serde(default)]
    pub acr_levels: std::collections::BTreeMap<String, String>,
    /// The level when the token has no `acr` at all. An `acr` not in `acr_levels` gives
    /// "low": a provider's own statement is never raised.
    #[serde(default = "default_eid_level")]
    pub default_level: String,
}

fn default_eid_name() -> String {
    "Online-Ausweis".into()
}

fn default_eid_scopes() -> Vec<String> {
    vec!["profile".into(), "address".into()]
}

fn default_eid_level() -> String {
    "low".into()
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP; only for a relay on the same host or a test sink.
    None,
    #[default]
    Starttls,
    /// Implicit TLS (SMTPS, usually port 465).
    Tls,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct FilesConfig {
    pub backend: FilesBackend,
    /// Local directory for `backend = "local"`; default `<data_dir>/files`.
    pub dir: Option<PathBuf>,
    pub max_upload_bytes: u64,
    /// Base64 of 32 random bytes that wraps every file's own key. Unset: a key is
    /// generated once into `<data_dir>/files.key`. Set it when files live on S3.
    #[serde(serialize_with = "mask_opt")]
    pub master_key: Option<SecretString>,
    /// Keys `master_key` replaced (base64 of 32 bytes each): what they sealed still
    /// opens, until `rathaus files rotate-key` has rewrapped it under the current key.
    #[serde(serialize_with = "mask_vec")]
    pub previous_master_keys: Vec<SecretString>,
    pub s3: Option<S3Config>,
    /// clamd's TCP address (`host:port`) to scan every upload; unset: no scanning. When
    /// set and clamd does not answer, uploads are refused.
    pub clamd: Option<String>,
    /// The erasure journal (ids of deleted accounts and drafts), replayed after a
    /// restore; default `<data_dir>/erasure-journal.jsonl`. Keep it on storage apart
    /// from the data and its backups; with several nodes, on storage they share.
    pub erasure_journal: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FilesBackend {
    #[default]
    Local,
    S3,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct S3Config {
    pub bucket: String,
    #[serde(default = "default_region")]
    pub region: String,
    /// For S3-compatible stores (Ceph, Garage, a cloud's endpoint).
    pub endpoint: Option<String>,
    pub access_key_id: Option<String>,
    #[serde(default, serialize_with = "mask_opt")]
    pub secret_access_key: Option<SecretString>,
    #[serde(default)]
    pub allow_http: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct SessionConfig {
    pub idle_timeout_minutes: i64,
    pub absolute_timeout_hours: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct RateLimitConfig {
    /// State-changing requests (form posts, API writes) per client address and minute.
    pub writes_per_minute: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct WorkerConfig {
    /// Run the job worker inside `serve` (turn off when separate `worker` nodes run).
    pub enabled: bool,
    pub poll_interval_ms: u64,
    pub lease_seconds: i64,
    pub batch_size: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct HttpConfig {
    /// Largest request body outside of file uploads.
    pub max_body_bytes: usize,
    /// Trust `X-Forwarded-For` from a reverse proxy for client addresses.
    pub trust_forwarded_for: bool,
    /// Send HSTS; on by default, as production runs behind TLS.
    pub hsts: bool,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

fn default_smtp_port() -> u16 {
    587
}

fn default_region() -> String {
    "eu-central-1".into()
}

/// Secrets that were ever the built-in default of a setting: refused wherever they appear.
const PUBLIC_SECRETS: &[&str] = &["testkasse-demo-secret"];

fn mask<S: Serializer>(_: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("********")
}

fn mask_vec<S: Serializer>(value: &[SecretString], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(value.iter().map(|_| "********"))
}

fn mask_opt<S: Serializer>(value: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(_) => s.serialize_str("********"),
        None => s.serialize_none(),
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("rathaus-data"),
            database_url: None,
            public_url: "http://localhost:8080".into(),
            city_name: "Hamburg (Demo)".into(),
            case_reference_prefix: "HH".into(),
            database: DatabaseConfig::default(),
            smtp: None,
            eid: None,
            mail_from: "Rathaus <noreply@example.org>".into(),
            accessibility_contact: "barrierefreiheit@example.org".into(),
            files: FilesConfig::default(),
            session: SessionConfig::default(),
            rate_limit: RateLimitConfig::default(),
            worker: WorkerConfig::default(),
            http: HttpConfig::default(),
            payments: PaymentsConfig::default(),
            appointments: AppointmentsConfig::default(),
            seal: SealConfig::default(),
            log_format: LogFormat::Text,
        }
    }
}

impl DatabaseConfig {
    /// `sqlite_map_mib` in bytes (SQLite caps it at its own maximum).
    pub fn sqlite_map_bytes(&self) -> u64 {
        self.sqlite_map_mib.saturating_mul(1024 * 1024).min(i64::MAX as u64)
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            max_connections: 16,
            acquire_timeout_secs: 10,
            sqlite_map_mib: 2048,
        }
    }
}

impl Default for FilesConfig {
    fn default() -> Self {
        Self {
            backend: FilesBackend::Local,
            dir: None,
            max_upload_bytes: 20 * 1024 * 1024,
            master_key: None,
            previous_master_keys: Vec::new(),
            s3: None,
            clamd: None,
            erasure_journal: None,
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            idle_timeout_minutes: 30,
            absolute_timeout_hours: 12,
        }
    }
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self { writes_per_minute: 60 }
    }
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            poll_interval_ms: 500,
            lease_seconds: 300,
            batch_size: 16,
        }
    }
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        Self {
            webhook_secret: None,
            webhook_tolerance_secs: 300,
            refund_approval_above_cents: 5000,
            webhook_url: None,
            recover_after_secs: 120,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 * 1024,
            trust_forwarded_for: false,
            hsts: true,
        }
    }
}

/// Where the database lives, decided from the configuration.
#[derive(Debug, Clone)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres(SecretString),
}

impl Config {
    /// Defaults → `rathaus.toml` (or the given file) → `RATHAUS_*` environment.
    pub fn load(file: Option<&Path>) -> Result<Self> {
        Self::load_with(file, &[])
    }

    /// As [`Config::load`], with command-line values on top (e.g. `("listen", "…")`).
    pub fn load_with(file: Option<&Path>, overrides: &[(&str, String)]) -> Result<Self> {
        let file = file.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("rathaus.toml"));
        let mut figment = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(
                Env::prefixed("RATHAUS_")
                    .split("__")
                    .ignore(&["test_database", "test_postgres_url"]),
            );
        for (key, value) in overrides {
            figment = figment.merge(Serialized::default(key, value));
        }
        Self::from_figment(figment)
    }

    pub fn from_figment(figment: Figment) -> Result<Self> {
        let config: Config = figment.extract().map_err(|e| {
            let key = e.path.join(".");
            let env = format!("RATHAUS_{}", e.path.join("__").to_uppercase());
            Error::Config(format!(
                "`{key}` ({env}): {kind}. Fix the value in rathaus.toml or the environment; \
                 `rathaus config check` shows what is in effect.",
                kind = e.kind
            ))
        })?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<()> {
        fn bad(key: &str, problem: &str, fix: &str) -> Error {
            Error::Config(format!("`{key}`: {problem}. Fix: {fix}"))
        }
        self.listen_addr()?;
        if let Some(url) = &self.database_url {
            let url = url.expose_secret();
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://") || url.starts_with("sqlite:")) {
                return Err(bad(
                    "database_url",
                    "must start with postgres:// (or sqlite: for a SQLite file elsewhere)",
                    "set RATHAUS_DATABASE_URL=postgres://user@host:5432/rathaus, or unset it for SQLite in data_dir",
                ));
            }
        }
        let prefix = &self.case_reference_prefix;
        if prefix.is_empty() || prefix.len() > 6 || !prefix.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(bad(
                "case_reference_prefix",
                "must be one to six capital letters",
                "set RATHAUS_CASE_REFERENCE_PREFIX=HH (the city's letters)",
            ));
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return Err(bad(
                "public_url",
                "must be an http:// or https:// address",
                "e.g. public_url = \"https://service.example.org\"",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(bad(
                "database.max_connections",
                "must be at least 1",
                "use 16 unless you know better",
            ));
        }
        if self.session.idle_timeout_minutes <= 0 || self.session.absolute_timeout_hours <= 0 {
            return Err(bad(
                "session",
                "timeouts must be positive",
                "e.g. idle_timeout_minutes = 30, absolute_timeout_hours = 12",
            ));
        }
        if self.rate_limit.writes_per_minute == 0 {
            return Err(bad(
                "rate_limit.writes_per_minute",
                "0 would refuse every form",
                "use a positive number, e.g. 60",
            ));
        }
        let appointments = &self.appointments;
        if !(8..=28).contains(&appointments.challenge_bits) || !(0..=120).contains(&appointments.challenge_wait_seconds) {
            return Err(bad(
                "appointments.challenge_bits / challenge_wait_seconds",
                "bits must be 8 to 28 and the wait 0 to 120 seconds",
                "e.g. challenge_bits = 16, challenge_wait_seconds = 10",
            ));
        }
        if self.worker.lease_seconds < 5 || self.worker.batch_size == 0 {
            return Err(bad(
                "worker",
                "lease_seconds must be ≥ 5 and batch_size ≥ 1",
                "e.g. lease_seconds = 300, batch_size = 16",
            ));
        }
        if self.files.backend == FilesBackend::S3 && self.files.s3.is_none() {
            return Err(bad(
                "files.s3",
                "files.backend is \"s3\" but no [files.s3] section is set",
                "add bucket, region and endpoint under [files.s3]",
            ));
        }
        if self.files.backend == FilesBackend::S3 && self.files.master_key.is_none() {
            return Err(bad(
                "files.master_key",
                "files on S3 need a master key shared by every node",
                "generate one with `openssl rand -base64 32` and set RATHAUS_FILES__MASTER_KEY",
            ));
        }
        if let Some(key) = &self.files.master_key {
            crate::blobs::parse_master_key(key.expose_secret()).map_err(|_| {
                bad(
                    "files.master_key",
                    "must be base64 of exactly 32 bytes",
                    "generate one with `openssl rand -base64 32`",
                )
            })?;
        }
        for key in &self.files.previous_master_keys {
            crate::blobs::parse_master_key(key.expose_secret()).map_err(|_| {
                bad(
                    "files.previous_master_keys",
                    "each must be base64 of exactly 32 bytes",
                    "list the keys that files.master_key replaced, as they were set",
                )
            })?;
        }
        if let Some(smtp) = &self.smtp
            && smtp.host.trim().is_empty()
        {
            return Err(bad(
                "smtp.host",
                "is empty",
                "set the SMTP relay's host name, or remove [smtp] to keep mails in the outbox",
            ));
        }
        if let Some(eid) = &self.eid {
            if !(eid.issuer.starts_with("https://")
                || eid.issuer.starts_with("http://127.0.0.1")
                || eid.issuer.starts_with("http://localhost"))
            {
                return Err(bad(
                    "eid.issuer",
                    "must be an https:// address",
                    "use the issuer URL from the provider's documentation (plain http only for a provider on this host)",
                ));
            }
            let levels = ["low", "substantial", "high"];
            for (acr, level) in eid.acr_levels.iter().chain([(&"(default_level)".to_string(), &eid.default_level)]) {
                if !levels.contains(&level.as_str()) {
                    return Err(bad(
                        "eid.acr_levels",
                        &format!("\"{acr}\" maps to \"{level}\", which is not a level"),
                        "use low, substantial or high",
                    ));
                }
            }
        }
        if let Some(secret) = &self.payments.webhook_secret
            && PUBLIC_SECRETS.contains(&secret.expose_secret())
        {
            return Err(bad(
                "payments.webhook_secret",
                "is a value published in Rathaus' source code, so anybody could sign payment webhooks with it",
                "remove the setting (the Testkasse then derives a secret from files.master_key) or set your payment provider's own secret",
            ));
        }
        let seal = &self.seal;
        let set = [
            &seal.key_file,
            &seal.certificate_file,
            &seal.timestamp_key_file,
            &seal.timestamp_certificate_file,
        ]
        .iter()
        .filter(|f| f.is_some())
        .count();
        if set != 0 && set != 4 {
            return Err(bad(
                "seal",
                "names some of its four files but not all",
                "set seal.key_file, seal.certificate_file, seal.timestamp_key_file and seal.timestamp_certificate_file together, or none of them for the demo seal authority",
            ));
        }
        crate::mail::parse_mailbox(&self.accessibility_contact).map_err(|_| {
            bad(
                "accessibility_contact",
                "is not a mail address",
                "the address of the city's accessibility officer",
            )
        })?;
        crate::mail::parse_mailbox(&self.mail_from).map_err(|_| {
            bad(
                "mail_from",
                "is not a mail address",
                "e.g. mail_from = \"Stadt <noreply@example.org>\"",
            )
        })?;
        Ok(())
    }

    /// Settings that are valid but weaken a promise; `config check` and `serve` show them.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if !self.seal.configured() {
            warnings.push(format!(
                "no seal is configured: decisions are sealed by a demo seal authority in {}, which no validator outside this installation trusts. Set the four seal.* files for a city",
                self.data_dir.join("seal").display()
            ));
        }
        if let Some(eid) = &self.eid
            && eid.default_level != "low"
        {
            warnings.push(format!(
                "eid.default_level is \"{}\": an ID token without an acr will count as that level. Set it to \"low\" unless the provider's contract guarantees the level of every token",
                eid.default_level
            ));
        }
        warnings
    }

    pub fn listen_addr(&self) -> Result<SocketAddr> {
        self.listen.parse().map_err(|_| {
            Error::Config(format!(
                "`listen` (RATHAUS_LISTEN): \"{}\" is not an address with a port. Fix: e.g. 127.0.0.1:8080 or 0.0.0.0:8080",
                self.listen
            ))
        })
    }

    pub fn database_target(&self) -> DatabaseTarget {
        match &self.database_url {
            Some(url) if url.expose_secret().starts_with("sqlite:") => {
                let path = url.expose_secret().trim_start_matches("sqlite://").trim_start_matches("sqlite:");
                DatabaseTarget::Sqlite(PathBuf::from(path))
            }
            Some(url) => DatabaseTarget::Postgres(url.clone()),
            None => DatabaseTarget::Sqlite(self.data_dir.join("rathaus.db")),
        }
    }

    pub fn erasure_journal(&self) -> PathBuf {
        self.files
            .erasure_journal
            .clone()
            .unwrap_or_else(|| self.data_dir.join("erasure-journal.jsonl"))
    }

    pub fn files_dir(&self) -> PathBuf {
        self.files.dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    /// The effective configuration as TOML, secrets masked.
    pub fn to_masked_toml(&self) -> String {
        toml_string(self)
    }
}

fn toml_string(config: &Config) -> String {
    // figment can render through its own Value, which keeps key order and nesting.
    let value = figment::value::Value::serialize(config).unwrap_or_else(|e| figment::value::Value::from(e.to_string()));
    render_value(&value, "")
}

fn render_value(value: &figment::value::Value, prefix: &str) -> String {
    use figment::value::Value;
    let mut scalars = String::new();
    let mut tables = String::new();
    if let Value::Dict(_, dict) = value {
        for (key, v) in dict {
            match v {
                Value::Dict(..) => {
                    let name = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    tables.push_str(&format!("\n[{name}]\n{}", render_value(v, &name)));
                }
                Value::Empty(..) => scalars.push_str(&format!("# {key} = (not set)\n")),
                other => scalars.push_str(&format!("{key} = {}\n", render_scalar(other))),
            }
        }
    }
    scalars + &tables
}

fn render_scalar(value: &figment::value::Value) -> String {
    use figment::value::Value;
    match value {
        Value::String(_, s) => format!("{s:?}"),
        Value::Char(_, c) => format!("\"{c}\""),
        Value::Bool(_, b) => b.to_string(),
        Value::Num(_, n) => n
            .to_u128()
            .map(|v| v.to_string())
            .or_else(|| n.to_i128().map(|v| v.to_string()))
            .or_else(|| n.to_f64().map(|v| v.to_string()))
            .unwrap_or_default(),
        Value::Array(_, items) => format!("[{}]", items.iter().map(render_scalar).collect::<Vec<_>>().join(", ")),
        Value::Dict(..) | Value::Empty(..) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(key: &str, value: impl Serialize) -> Result<Config> {
        Config::from_figment(Figment::from(Serialized::defaults(Config::default())).merge(Serialized::default(key, value)))
    }

    #[test]
    fn defaults_are_valid_and_point_at_sqlite() {
        let config = with("listen", "127.0.0.1:8080").unwrap();
        assert!(matches!(config.database_target(), DatabaseTarget::Sqlite(p) if p.ends_with("rathaus.db")));
    }

    #[test]
    fn bad_listen_names_key_and_fix() {
        let err = with("listen", "localhost").unwrap_err().to_string();
        assert!(
            err.contains("listen") && err.contains("RATHAUS_LISTEN") && err.contains("Fix"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_names_key_and_env() {
        let err = with("worker.batch_size", "many").unwrap_err().to_string();
        assert!(
            err.contains("worker.batch_size") && err.contains("RATHAUS_WORKER__BATCH_SIZE"),
            "{err}"
        );
    }

    #[test]
    fn bad_database_url_is_refused() {
        let err = with("database_url", "mysql://x").unwrap_err().to_string();
        assert!(err.contains("database_url") && err.contains("postgres://"), "{err}");
    }

    #[test]
    fn masked_output_hides_secrets() {
        let config = with("database_url", "postgres://u:topsecret@h/db").unwrap();
        let text = config.to_masked_toml();
        assert!(text.contains("database_url = \"********\""), "{text}");
        assert!(!text.contains("topsecret"));
    }
}
