//! One code path for SQLite and PostgreSQL. Domain stores use sea-orm entities and the
//! query builder; the few places where the dialects differ live in [`dialect`].

pub mod dialect;
mod json;
pub mod migrations;
pub mod plans;
pub mod schema_report;
pub mod state;
pub mod testing;

pub use json::Json;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, SqliteTransactionMode, SqlxPostgresConnector,
    SqlxSqliteConnector, Statement, TransactionOptions, TransactionTrait,
};
use secrecy::ExposeSecret;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use crate::config::{Config, DatabaseTarget};
use crate::{Error, Result};

/// The database handle every store takes.
///
/// On SQLite, writes go through a pool of one connection: SQLite allows one writer at a
/// time, and queueing in the pool is fairer and faster than retrying on `SQLITE_BUSY`.
/// Reads use a larger pool (WAL lets them run beside the writer). On PostgreSQL both
/// handles share one pool.
#[derive(Clone, Debug)]
pub struct Db {
    read: DatabaseConnection,
    write: DatabaseConnection,
}

impl Db {
    /// Connects to the installation's database — and takes up its audit key, derived from
    /// the master key, which every audit entry written from this process is chained with.
    pub async fn connect(config: &Config) -> Result<Self> {
        crate::audit::use_keys(crate::blobs::master_key_of(config)?.derive_each("audit chain"));
        let acquire = Duration::from_secs(config.database.acquire_timeout_secs);
        match config.database_target() {
            DatabaseTarget::Sqlite(path) => {
                let map = config.database.sqlite_map_bytes();
                Self::connect_sqlite(&path, config.database.max_connections, acquire, map).await
            }
            DatabaseTarget::Postgres(url) => Self::connect_postgres(url.expose_secret(), config.database.max_connections, acquire).await,
        }
    }

    /// Connects to the SQLite file at `path`; the readers map up to `map_bytes` of it
    /// (see `database.sqlite_map_mib`).
    pub async fn connect_sqlite(path: &Path, max_readers: u32, acquire: Duration, map_bytes: u64) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                Error::Config(format!(
                    "cannot create the data directory {}: {e}. Fix: choose a writable --data-dir",
                    parent.display()
                ))
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a confirmed write (a payment, an audit entry) survives a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted content is overwritten, not just unlinked: an erased person's rows
            // cannot be read back from free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(acquire);
        // A connection to a local file cannot go stale the way a network connection can:
        // no ping before each use (each is a round trip to the connection's thread).
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(acquire)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(max_readers.max(2))
            .acquire_timeout(acquire)
            .test_before_acquire(false)
            .connect_with(options.read_only(true).pragma("mmap_size", map_bytes.to_string()))
            .await?;
        let db = Self {
            read: SqlxSqliteConnector::from_sqlx_sqlite_pool(reader),
            write: SqlxSqliteConnector::from_sqlx_sqlite_pool(writer),
        };
        Ok(db)
    }

    /// After an erasure: on SQLite the write-ahead log, which still holds the pages as
    /// they were, is written back and truncated, so the erased rows are in no file any
    /// more (with `secure_delete` the database file holds zeros where they were). On
    /// PostgreSQL, autovacuum reclaims the dead rows; their space is reused.
    pub async fn after_erasure(&self) -> Result<()> {
        if self.write.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            self.write
                .execute_raw(stmt(&self.write, "PRAGMA wal_checkpoint(TRUNCATE)", vec![]))
                .await?;
        }
        Ok(())
    }

    pub async fn connect_postgres(url: &str, max: u32, acquire: Duration) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(|e| {
            Error::Config(format!(
                "`database_url` is not a valid PostgreSQL address: {e}. Fix: postgres://user@host:5432/dbname"
            ))
        })?;
        let pool = PgPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(acquire)
            // A connection idle for a while may have been cut (a restart, a firewall) and
            // is pinged before use; one in steady use has just proven itself, and a ping
            // per query would double the round trips to the server.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > Duration::from_secs(1) {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await?;
        let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
        Ok(Self {
            read: conn.clone(),
            write: conn,
        })
    }

    /// Brings the schema up to date (see [`migrations::run`]). Safe to run from several
    /// nodes at once.
    pub async fn migrate(&self) -> Result<()> {
        migrations::run(self).await
    }

    /// For reads that may be a moment behind a concurrent write.
    pub fn read(&self) -> &DatabaseConnection {
        &self.read
    }

    /// For writes, and for reads that must see the latest committed state.
    pub fn write(&self) -> &DatabaseConnection {
        &self.write
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads before it writes fails with "database
    /// is locked" when another process (a second node's worker, `rathaus admin`) wrote in
    /// between, and no busy timeout helps with that.
    pub async fn begin(&self) -> Result<DatabaseTransaction> {
        Ok(begin_write(self.write()).await?)
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.write.get_database_backend()
    }

    pub fn is_postgres(&self) -> bool {
        self.backend() == DatabaseBackend::Postgres
    }

    /// Readiness: both pools answer.
    pub async fn ping(&self) -> Result<()> {
        for conn in [&self.read, &self.write] {
            conn.query_one_raw(Statement::from_string(conn.get_database_backend(), "SELECT 1"))
                .await?;
        }
        Ok(())
    }

    pub async fn close(self) {
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}

/// Builds a statement with `$1, $2, …` placeholders, which both SQLite and PostgreSQL
/// accept. Parameters must first appear in ascending order.
/// Begins a write transaction on `conn` (or a savepoint inside one): IMMEDIATE on SQLite
/// (see [`Db::begin`]); PostgreSQL ignores the mode.
pub async fn begin_write<C: TransactionTrait>(conn: &C) -> std::result::Result<C::Transaction, sea_orm::DbErr> {
    conn.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

pub fn stmt<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(conn.get_database_backend(), sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn mapped(conn: &DatabaseConnection) -> i64 {
        let row = conn.query_one_raw(stmt(conn, "PRAGMA mmap_size", vec![])).await.unwrap().unwrap();
        row.try_get::<i64>("", "mmap_size").unwrap()
    }

    /// The readers map the file as configured (SQLite caps the map at its own maximum);
    /// the writer writes through the file, as SQLite does without `SQLITE_MMAP_READWRITE`.
    #[tokio::test]
    async fn sqlite_readers_map_the_database_file_as_configured() {
        let dir = tempfile::tempdir().unwrap();
        let map = Config::default().database.sqlite_map_bytes();
        let db = Db::connect_sqlite(&dir.path().join("mapped.db"), 2, Duration::from_secs(5), map)
            .await
            .unwrap();
        let read = mapped(&db.read).await;
        assert!(read > 1024 * 1024 * 1024 && read as u64 <= map, "readers map {read} bytes");
        assert_eq!(mapped(&db.write).await, 0);
        db.close().await;

        let unmapped = Db::connect_sqlite(&dir.path().join("unmapped.db"), 2, Duration::from_secs(5), 0)
            .await
            .unwrap();
        assert_eq!(mapped(&unmapped.read).await, 0);
    }
}
