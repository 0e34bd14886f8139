//! What every migration uses: sea-query's schema builder, and the column types as both
//! databases name them — the one place where a migration's SQLite and PostgreSQL differ.

pub use sea_orm::DatabaseBackend;
pub use sea_orm_migration::prelude::*;

/// A migration's view of the database it changes.
pub struct Schema<'a> {
    manager: &'a SchemaManager<'a>,
    backend: DatabaseBackend,
}

/// A column type as (SQLite, PostgreSQL) name it. SQLite keeps ids and binary values as
/// blobs and times, dates and JSON as text; PostgreSQL has types of its own for them.
const UUID: (&str, &str) = ("BLOB", "UUID");
const BYTES: (&str, &str) = ("BLOB", "BYTEA");
const TIMESTAMP: (&str, &str) = ("TEXT", "TIMESTAMPTZ");
const DATE: (&str, &str) = ("TEXT", "DATE");
const JSON: (&str, &str) = ("TEXT", "JSONB");
const TEXT: (&str, &str) = ("TEXT", "TEXT");
const INTEGER: (&str, &str) = ("INTEGER", "INTEGER");
const BIGINT: (&str, &str) = ("BIGINT", "BIGINT");
const BOOLEAN: (&str, &str) = ("BOOLEAN", "BOOLEAN");

impl<'a> Schema<'a> {
    pub fn of(manager: &'a SchemaManager<'a>) -> Self {
        Self {
            manager,
            backend: manager.get_database_backend(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.backend == DatabaseBackend::Postgres
    }

    fn column(&self, name: &'static str, (sqlite, postgres): (&'static str, &'static str)) -> ColumnDef {
        let kind = if self.is_postgres() { postgres } else { sqlite };
        ColumnDef::new(name).custom(kind).take()
    }

    /// An id (UUID).
    pub fn uuid(&self, name: &'static str) -> ColumnDef {
        self.column(name, UUID)
    }

    /// Binary data other than an id.
    pub fn bytes(&self, name: &'static str) -> ColumnDef {
        self.column(name, BYTES)
    }

    /// A moment, with its time zone.
    pub fn timestamp(&self, name: &'static str) -> ColumnDef {
        self.column(name, TIMESTAMP)
    }

    /// A calendar day.
    pub fn date(&self, name: &'static str) -> ColumnDef {
        self.column(name, DATE)
    }

    /// A JSON document.
    pub fn json(&self, name: &'static str) -> ColumnDef {
        self.column(name, JSON)
    }

    pub fn text(&self, name: &'static str) -> ColumnDef {
        self.column(name, TEXT)
    }

    pub fn integer(&self, name: &'static str) -> ColumnDef {
        self.column(name, INTEGER)
    }

    pub fn bigint(&self, name: &'static str) -> ColumnDef {
        self.column(name, BIGINT)
    }

    pub fn boolean(&self, name: &'static str) -> ColumnDef {
        self.column(name, BOOLEAN)
    }

    pub async fn create_table(&self, table: &mut TableCreateStatement) -> Result<(), DbErr> {
        self.manager.create_table(table.take()).await
    }

    pub async fn create_index(&self, index: &mut IndexCreateStatement) -> Result<(), DbErr> {
        self.manager.create_index(index.take()).await
    }

    /// Adds one column to a table (SQLite adds one per statement).
    pub async fn add_column(&self, table: &'static str, column: &mut ColumnDef) -> Result<(), DbErr> {
        self.manager
            .alter_table(Table::alter().table(table).add_column(column.take()).take())
            .await
    }

    /// A statement both databases understand as written (data changes: `UPDATE`, `INSERT`).
    pub async fn sql(&self, sql: &str) -> Result<(), DbErr> {
        self.manager.get_connection().execute_unprepared(sql).await.map(|_| ())
    }

    /// Statements the builder has no form for and the databases write differently:
    /// triggers and the functions behind them.
    pub async fn per_database(&self, sqlite: &str, postgres: &str) -> Result<(), DbErr> {
        self.sql(if self.is_postgres() { postgres } else { sqlite }).await
    }
}

/// A foreign key written with its column, as SQLite needs for a column added later.
pub trait References {
    /// `REFERENCES table (id)`: the row referred to cannot be deleted while referred to.
    fn references(&mut self, table: &str) -> &mut Self;
    /// `… ON DELETE CASCADE`: this row goes with the row it refers to.
    fn references_cascade(&mut self, table: &str) -> &mut Self;
    /// `… ON DELETE SET NULL`: the reference is emptied when the row goes.
    fn references_set_null(&mut self, table: &str) -> &mut Self;
    /// A key other than `id`, with an optional `ON DELETE` action (`"CASCADE"`).
    fn references_key(&mut self, table: &str, key: &str, on_delete: Option<&str>) -> &mut Self;
}

impl References for ColumnDef {
    fn references(&mut self, table: &str) -> &mut Self {
        self.references_key(table, "id", None)
    }

    fn references_cascade(&mut self, table: &str) -> &mut Self {
        self.references_key(table, "id", Some("CASCADE"))
    }

    fn references_set_null(&mut self, table: &str) -> &mut Self {
        self.references_key(table, "id", Some("SET NULL"))
    }

    fn references_key(&mut self, table: &str, key: &str, on_delete: Option<&str>) -> &mut Self {
        let action = on_delete.map(|a| format!(" ON DELETE {a}")).unwrap_or_default();
        self.extra(format!("REFERENCES {table} ({key}){action}"))
    }
}

/// One migration: `migration!(|s| { …statements on the Schema s…; Ok(()) })`. Its name is
/// its file's (`m0043_what_changes`), which is what the database records as applied.
macro_rules! migration {
    (|$schema:ident| $body:block) => {
        #[derive(DeriveMigrationName)]
        pub struct Migration;

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                let $schema = Schema::of(manager);
                $body
            }
        }
    };
}
pub(crate) use migration;
