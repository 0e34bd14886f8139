//! The schema: one migration per change, written once for both databases with
//! sea-query's schema builder. The column types as each database names them are in
//! [`prelude`]; triggers, which the builder has no form for, are the only statements a
//! migration writes per database. A migration, once released, is never edited: a change
//! is a new migration at the end of [`Migrator::migrations`].

mod prelude;

mod m0001_foundation;
mod m0002_resident_accounts;
mod m0003_profiles;
mod m0004_second_factors;
mod m0005_eid_identities;
mod m0006_organisations;
mod m0007_service_keywords;
mod m0008_service_easy_read;
mod m0009_applications;
mod m0010_application_files_and_inbox;
mod m0011_case_work;
mod m0012_inbox_threads;
mod m0013_decisions;
mod m0014_delivery;
mod m0015_fees;
mod m0016_payments;
mod m0017_refunds;
mod m0018_invoices;
mod m0019_appointments;
mod m0020_counter;
mod m0021_releases;
mod m0022_waitlist;
mod m0023_rush_protection;
mod m0024_retention;
mod m0025_information_deadline;
mod m0026_appointment_reminder;
mod m0027_installation;
mod m0028_message_templates;
mod m0029_transparency;
mod m0030_publication_feedback;
mod m0031_api_keys;
mod m0032_publications_modified;
mod m0033_publish_from_decision;
mod m0034_it_register;
mod m0035_it_measures;
mod m0036_maturity;
mod m0037_strategies;
mod m0038_open_cases;
mod m0039_service_texts;
mod m0040_four_eyes;
mod m0041_sealed_decisions;
mod m0042_fee_waivers;
mod m0043_cost_follows_the_page;
mod m0044_queue_orders;
mod m0045_figures_kept;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction};
use sea_orm_migration::{MigrationTrait, MigratorTrait};

use super::{Db, stmt};
use crate::{Error, Result};

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_resident_accounts::Migration),
            Box::new(m0003_profiles::Migration),
            Box::new(m0004_second_factors::Migration),
            Box::new(m0005_eid_identities::Migration),
            Box::new(m0006_organisations::Migration),
            Box::new(m0007_service_keywords::Migration),
            Box::new(m0008_service_easy_read::Migration),
            Box::new(m0009_applications::Migration),
            Box::new(m0010_application_files_and_inbox::Migration),
            Box::new(m0011_case_work::Migration),
            Box::new(m0012_inbox_threads::Migration),
            Box::new(m0013_decisions::Migration),
            Box::new(m0014_delivery::Migration),
            Box::new(m0015_fees::Migration),
            Box::new(m0016_payments::Migration),
            Box::new(m0017_refunds::Migration),
            Box::new(m0018_invoices::Migration),
            Box::new(m0019_appointments::Migration),
            Box::new(m0020_counter::Migration),
            Box::new(m0021_releases::Migration),
            Box::new(m0022_waitlist::Migration),
            Box::new(m0023_rush_protection::Migration),
            Box::new(m0024_retention::Migration),
            Box::new(m0025_information_deadline::Migration),
            Box::new(m0026_appointment_reminder::Migration),
            Box::new(m0027_installation::Migration),
            Box::new(m0028_message_templates::Migration),
            Box::new(m0029_transparency::Migration),
            Box::new(m0030_publication_feedback::Migration),
            Box::new(m0031_api_keys::Migration),
            Box::new(m0032_publications_modified::Migration),
            Box::new(m0033_publish_from_decision::Migration),
            Box::new(m0034_it_register::Migration),
            Box::new(m0035_it_measures::Migration),
            Box::new(m0036_maturity::Migration),
            Box::new(m0037_strategies::Migration),
            Box::new(m0038_open_cases::Migration),
            Box::new(m0039_service_texts::Migration),
            Box::new(m0040_four_eyes::Migration),
            Box::new(m0041_sealed_decisions::Migration),
            Box::new(m0042_fee_waivers::Migration),
            Box::new(m0043_cost_follows_the_page::Migration),
            Box::new(m0044_queue_orders::Migration),
            Box::new(m0045_figures_kept::Migration),
        ]
    }
}

/// How many migrations make today's schema.
pub fn count() -> usize {
    Migrator::migrations().len()
}

/// Any number, as long as no other advisory lock of the installation uses it.
const MIGRATION_LOCK: i64 = 727_270;

/// Brings the schema up to date in one write transaction: a node that fails half-way
/// leaves the schema as it was. On PostgreSQL several nodes may start at once; an
/// advisory lock lets one migrate while the others wait and then find nothing to do.
pub async fn run(db: &Db) -> Result<()> {
    let txn = db.begin().await?;
    if db.is_postgres() {
        txn.execute_raw(stmt(&txn, "SELECT pg_advisory_xact_lock($1)", vec![MIGRATION_LOCK.into()]))
            .await?;
    }
    adopt_sqlx_history(&txn).await?;
    Migrator::up(&txn, None).await.map_err(|e| Error::Migrate(e.to_string()))?;
    txn.commit().await?;
    Ok(())
}

/// Releases up to December 2026 migrated with sqlx from two SQL trees and recorded the
/// migrations run in `_sqlx_migrations`. Their schema is the one the migrations of the
/// same number make here (a test upgrades such a database and compares), so they are
/// recorded as applied under their names here and the old record goes.
async fn adopt_sqlx_history(txn: &DatabaseTransaction) -> Result<()> {
    let exists = match txn.get_database_backend() {
        DatabaseBackend::Postgres => {
            "SELECT 1 AS found FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
        }
        _ => "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    };
    if txn.query_one_raw(stmt(txn, exists, vec![])).await?.is_none() {
        return Ok(());
    }
    Migrator::install(txn).await?;
    let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    let applied = txn
        .query_all_raw(stmt(
            txn,
            "SELECT version, description, success FROM _sqlx_migrations ORDER BY version",
            vec![],
        ))
        .await?;
    for row in applied {
        let version: i64 = row.try_get("", "version")?;
        let description: String = row.try_get("", "description")?;
        let success: bool = row.try_get("", "success")?;
        let name = format!("m{version:04}_{}", description.replace(' ', "_"));
        if !success {
            return Err(Error::Migrate(format!(
                "migration {name} failed part-way in an earlier run; restore the backup taken before that upgrade"
            )));
        }
        if !known.contains(&name) {
            return Err(Error::Migrate(format!(
                "the database was migrated by a newer release of Rathaus ({name}); run that release or a later one"
            )));
        }
        txn.execute_raw(stmt(
            txn,
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ($1, $2)",
            vec![name.into(), chrono::Utc::now().timestamp().into()],
        ))
        .await?;
    }
    txn.execute_unprepared("DROP TABLE _sqlx_migrations").await?;
    Ok(())
}
