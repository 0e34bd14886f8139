//! Fresh databases for tests. `RATHAUS_TEST_DATABASE=sqlite` (default) gives each test
//! its own SQLite file; `=postgres` gives each test its own PostgreSQL database, copied
//! from a template that is migrated once per schema version.

use sqlx::{Connection, Executor, PgConnection};
use std::path::PathBuf;

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

impl TestDatabase {
    pub async fn create(backend: TestBackend) -> Result<Self> {
        // Tests write audit entries without an installation's master key; this process
        // chains them with a key of its own (an application built later keeps it).
        let mut key = [0_u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
        crate::audit::use_key(key);
        match backend {
            TestBackend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("rathaus-test-{}", uuid::Uuid::now_v7()));
                std::fs::create_dir_all(&dir)?;
                let path: PathBuf = dir.join("rathaus.db");
                Ok(Self {
                    url: format!("sqlite:{}", path.display()),
                    backend,
                    _dir: Some(tempfile_dir::Dir(dir)),
                    pg_name: None,
                })
            }
            TestBackend::Postgres => {
                let admin = admin_url();
                let template = ensure_template(&admin).await?;
                let name = format!("rathaus_t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::connect(&admin).await?;
                // Copying one template concurrently is refused by PostgreSQL, so take turns.
                conn.execute("SELECT pg_advisory_lock(727274)").await?;
                let created = exec(&mut conn, format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
                conn.execute("SELECT pg_advisory_unlock(727274)").await?;
                created?;
                Ok(Self {
                    url: with_database(&admin, &name),
                    backend,
                    _dir: None,
                    pg_name: Some(name),
                })
            }
        }
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
    let fingerprint = {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for m in super::POSTGRES_MIGRATIONS.iter() {
            hash.update(m.version.to_le_bytes());
            hash.update(&*m.checksum);
        }
        hex::encode(&hash.finalize()[..6])
    };
    let name = format!("rathaus_tpl_{fingerprint}");
    let mut conn = PgConnection::connect(admin).await?;
    conn.execute("SELECT pg_advisory_lock(727273)").await?;
    let result = async {
        let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate")
            .bind(&name)
            .fetch_optional(&mut conn)
            .await?;
        if exists.is_none() {
            exec(&mut conn, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
            exec(&mut conn, format!("CREATE DATABASE {name}")).await?;
            let db = super::Db::connect_postgres(&with_database(admin, &name), 2, std::time::Duration::from_secs(30)).await?;
            db.migrate().await?;
            db.close().await;
            exec(
                &mut conn,
                format!("ALTER DATABASE {name} WITH is_template TRUE ALLOW_CONNECTIONS FALSE"),
            )
            .await?;
        }
        Ok::<_, crate::Error>(())
    }
    .await;
    conn.execute("SELECT pg_advisory_unlock(727273)").await?;
    result?;
    Ok(name)
}
