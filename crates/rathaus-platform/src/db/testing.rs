//! Fresh databases for tests. `RATHAUS_TEST_DATABASE=sqlite` (default) gives each test
//! its own SQLite file; `=postgres` gives each test its own PostgreSQL database, copied
//! from a template that is migrated once per schema version.
//!
//! A suite whose tests all start from the same data (the web tests: the demo city) names
//! it as a [`Seed`]: it is loaded once per build of the test binary into a template —
//! a SQLite file, a PostgreSQL database — and each test's database is a copy of it,
//! instead of every test loading it again.

use sqlx::{Connection, PgConnection};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::Duration;

use crate::Result;

const ADMIN_URL_VAR: &str = "RATHAUS_TEST_POSTGRES_URL";
const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

impl TestBackend {
    pub fn from_env() -> Self {
        match std::env::var("RATHAUS_TEST_DATABASE").as_deref() {
            Ok("postgres") | Ok("postgresql") | Ok("pg") => TestBackend::Postgres,
            _ => TestBackend::Sqlite,
        }
    }
}

/// A database that exists for one test and is dropped with this value.
#[derive(Debug)]
pub struct TestDatabase {
    /// The value for `Config::database_url`.
    pub url: String,
    pub backend: TestBackend,
    /// It starts with a seed (an application on it need not load the seed again).
    pub seeded: bool,
    _dir: Option<tempfile_dir::Dir>,
    pg_name: Option<String>,
}

mod tempfile_dir {
    /// A temporary directory removed on drop (kept small to avoid a dev-dependency here).
    #[derive(Debug)]
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

async fn exec(conn: &mut PgConnection, sql: String) -> sqlx::Result<()> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(conn).await.map(|_| ())
}

fn admin_url() -> String {
    std::env::var(ADMIN_URL_VAR).unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string())
}

fn with_database(url: &str, name: &str) -> String {
    match url.rfind('/') {
        Some(i) => format!("{}/{name}", &url[..i]),
        None => format!("{url}/{name}"),
    }
}

/// Connects to a test database by its address: `sqlite:` and a path, or PostgreSQL's.
pub async fn connect(url: &str) -> Result<super::Db> {
    match url.strip_prefix("sqlite:") {
        Some(path) => {
            // Mapped as a server maps it, so the tests read the way the server does.
            let map = crate::config::DatabaseConfig::default().sqlite_map_bytes();
            super::Db::connect_sqlite(Path::new(path), 2, Duration::from_secs(5), map).await
        }
        None => super::Db::connect_postgres(url, 2, Duration::from_secs(5)).await,
    }
}

/// Loading a seed into a fresh database.
pub type SeedLoad = fn(super::Db) -> Pin<Box<dyn Future<Output = Result<()>> + Send>>;

/// What every database of a test suite starts with beyond the migrations.
pub struct Seed {
    /// Names the content in the template's name (with the test binary's build, so a
    /// rebuild makes a new template and a stale one is never used).
    pub name: &'static str,
    pub load: SeedLoad,
}

/// The running test binary's build: its size and modification time.
fn build_id() -> String {
    use sha2::{Digest, Sha256};
    let exe = std::env::current_exe().ok();
    let meta = exe.as_ref().and_then(|e| std::fs::metadata(e).ok());
    let stamp = format!(
        "{exe:?}:{}:{:?}",
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok())
    );
    hex::encode(&Sha256::digest(stamp.as_bytes())[..6])
}

/// The seeded SQLite template, made by the first test that needs it: loaded in a file of
/// its own, written out whole (`VACUUM INTO`), and renamed into place — so tests running
/// at the same time never see half of one.
async fn sqlite_template(seed: &Seed) -> Result<PathBuf> {
    let template = std::env::temp_dir().join(format!("rathaus-seed-{}-{}.db", seed.name, build_id()));
    if template.exists() {
        return Ok(template);
    }
    let work = std::env::temp_dir().join(format!("rathaus-seeding-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&work)?;
    let _cleanup = tempfile_dir::Dir(work.clone());
    let db = super::Db::connect_sqlite(&work.join("seed.db"), 2, Duration::from_secs(30), 0).await?;
    db.migrate().await?;
    (seed.load)(db.clone()).await?;
    let written = work.join("written.db");
    vacuum_into(&db, &written).await?;
    db.close().await;
    std::fs::rename(&written, &template)?;
    Ok(template)
}

/// Writes the whole SQLite database, without its write-ahead log, to a new file.
async fn vacuum_into(db: &super::Db, to: &Path) -> Result<()> {
    use sea_orm::ConnectionTrait;
    let to = to.display().to_string().replace('\'', "''");
    db.write().execute_unprepared(&format!("VACUUM INTO '{to}'")).await?;
    Ok(())
}

/// Copies a template nobody is connected to. Copies run side by side (taking turns made
/// the copies, half a second each, the slowest part of the suite); in the moment a
/// template is still being made or closed, PostgreSQL refuses a copy, which is tried
/// again.
async fn copy_template(conn: &mut PgConnection, template: &str, name: &str) -> Result<()> {
    let mut tries = 0;
    loop {
        match exec(conn, format!("CREATE DATABASE {name} TEMPLATE {template}")).await {
            Err(e) if tries < 100 && e.to_string().contains("is being accessed by other users") => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return Ok(other?),
        }
    }
}

/// The seeded PostgreSQL template: a copy of the migrated one, loaded, then renamed, all
/// under an advisory lock so concurrent tests make it once.
async fn postgres_template(admin: &str, migrated: &str, seed: &Seed) -> Result<String> {
    let name = format!("rathaus_tpld_{}_{}", seed.name, build_id());
    let exists = "SELECT 1 FROM pg_database WHERE datname = $1";
    make_once(admin, 727275, &name, exists, async |conn: &mut PgConnection| {
        let building = format!("{name}_wip");
        exec(conn, format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).await?;
        copy_template(conn, migrated, &building).await?;
        let db = super::Db::connect_postgres(&with_database(admin, &building), 2, Duration::from_secs(30)).await?;
        (seed.load)(db.clone()).await?;
        db.close().await;
        exec(conn, format!("ALTER DATABASE {building} RENAME TO {name}")).await?;
        Ok(())
    })
    .await?;
    Ok(name)
}

/// Makes the template `name` once, however many tests ask at the same time: under the
/// advisory lock `lock`, unless `exists` (a query with the name as `$1`) finds it.
async fn make_once(
    admin: &str,
    lock: i64,
    name: &str,
    exists: &str,
    make: impl AsyncFnOnce(&mut PgConnection) -> Result<()>,
) -> Result<()> {
    let mut conn = PgConnection::connect(admin).await?;
    sqlx::query("SELECT pg_advisory_lock($1)").bind(lock).execute(&mut conn).await?;
    let result = async {
        let found: Option<(i32,)> = sqlx::query_as(sqlx::AssertSqlSafe(exists))
            .bind(name)
            .fetch_optional(&mut conn)
            .await?;
        match found {
            Some(_) => Ok(()),
            None => make(&mut conn).await,
        }
    }
    .await;
    sqlx::query("SELECT pg_advisory_unlock($1)").bind(lock).execute(&mut conn).await?;
    result
}

impl TestDatabase {
    pub async fn create(backend: TestBackend) -> Result<Self> {
        Self::create_from(backend, None).await
    }

    /// A database that starts with `seed`, copied from its template.
    pub async fn from_env_seeded(seed: &Seed) -> Result<Self> {
        Self::create_from(TestBackend::from_env(), Some(seed)).await
    }

    async fn create_from(backend: TestBackend, seed: Option<&Seed>) -> Result<Self> {
        // Tests write audit entries without an installation's master key; every test
        // process chains them with the same fixed key (an application built later keeps
        // it), so the entries of a seeded template verify in each copy.
        use sha2::{Digest, Sha256};
        crate::audit::use_key(Sha256::digest(b"rathaus tests: the audit chain").into());
        match backend {
            TestBackend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("rathaus-test-{}", uuid::Uuid::now_v7()));
                std::fs::create_dir_all(&dir)?;
                let path: PathBuf = dir.join("rathaus.db");
                if let Some(seed) = seed {
                    std::fs::copy(sqlite_template(seed).await?, &path)?;
                }
                Ok(Self {
                    url: format!("sqlite:{}", path.display()),
                    backend,
                    seeded: seed.is_some(),
                    _dir: Some(tempfile_dir::Dir(dir)),
                    pg_name: None,
                })
            }
            TestBackend::Postgres => {
                let admin = admin_url();
                let mut template = ensure_template(&admin).await?;
                if let Some(seed) = seed {
                    template = postgres_template(&admin, &template, seed).await?;
                }
                let name = format!("rathaus_t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::connect(&admin).await?;
                copy_template(&mut conn, &template, &name).await?;
                // A test's database is thrown away with the test: its commits need not
                // wait for the disk, which makes the suite on PostgreSQL much quicker.
                exec(&mut conn, format!("ALTER DATABASE {name} SET synchronous_commit = off")).await?;
                Ok(Self {
                    url: with_database(&admin, &name),
                    backend,
                    seeded: seed.is_some(),
                    _dir: None,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// A database without any table: to load a dump into, as an installation of an
    /// earlier release would have it.
    pub async fn empty(backend: TestBackend) -> Result<Self> {
        match backend {
            TestBackend::Sqlite => Self::create(backend).await,
            TestBackend::Postgres => {
                let admin = admin_url();
                let name = format!("rathaus_t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::connect(&admin).await?;
                exec(&mut conn, format!("CREATE DATABASE {name}")).await?;
                Ok(Self {
                    url: with_database(&admin, &name),
                    backend,
                    seeded: false,
                    _dir: None,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// A connection of its own to this database, as a second process would have.
    pub async fn connect(&self) -> Result<super::Db> {
        connect(&self.url).await
    }

    pub async fn from_env() -> Result<Self> {
        Self::create(TestBackend::from_env()).await
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            let admin = admin_url();
            // Drop runs outside async; a short-lived thread with its own runtime does the cleanup.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(mut conn) = PgConnection::connect(&admin).await {
                        let _ = exec(&mut conn, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                    }
                });
            })
            .join();
        }
    }
}

/// The template's name carries a fingerprint of the migrations, so a changed schema
/// gets a new template and stale ones are never used.
async fn ensure_template(admin: &str) -> Result<String> {
    let name = format!("rathaus_tpl_{}", env!("RATHAUS_MIGRATIONS_FINGERPRINT"));
    let exists = "SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate";
    make_once(admin, 727273, &name, exists, async |conn: &mut PgConnection| {
        exec(conn, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
        exec(conn, format!("CREATE DATABASE {name}")).await?;
        let db = super::Db::connect_postgres(&with_database(admin, &name), 2, Duration::from_secs(30)).await?;
        db.migrate().await?;
        db.close().await;
        exec(conn, format!("ALTER DATABASE {name} WITH is_template TRUE ALLOW_CONNECTIONS FALSE")).await?;
        Ok(())
    })
    .await?;
    Ok(name)
}
