//! Every SQL difference between SQLite and PostgreSQL that the stores need.

use sea_orm::DatabaseBackend;

/// Row locking for a "claim the next rows" subquery. SQLite has a single writer, so
/// the surrounding write transaction already excludes other claimers.
pub fn skip_locked(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => " FOR UPDATE SKIP LOCKED",
        _ => "",
    }
}

/// Lists the user tables and their columns, for the schema parity test.
pub fn columns_query(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> 'seaql_migrations' ORDER BY 1, 2"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'seaql_migrations' ORDER BY 1, 2"
        }
    }
}

/// The days from one timestamp column to another, with their fraction.
pub fn days_between(backend: DatabaseBackend, from: &str, to: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("(EXTRACT(EPOCH FROM ({to} - {from})) / 86400.0)"),
        _ => format!("(julianday({to}) - julianday({from}))"),
    }
}
