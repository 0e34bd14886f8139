//! The sweep of leftovers: what a process killed in the middle of a write leaves behind —
//! an object whose row never committed, a local store's staging file, a `files` row that
//! nothing links to (with its key), the object of a shredded file whose removal failed.
//! Only what is older than [`GRACE`] is touched, far longer than any upload or
//! transaction runs, so nothing a live request is still writing goes. Each sweep is
//! audited with its counts (`files.swept`), which the operator page shows.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use futures::TryStreamExt;
use object_store::ObjectStoreExt;
use object_store::path::Path as ObjectPath;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

use super::BlobStore;
use crate::audit::{self, AuditEvent};
use crate::clock::Clock;
use crate::db::{Db, stmt};
use crate::jobs::{self, Job, JobContext, NewJob, Nothing};
use crate::{Error, Result};

pub const JOB: &str = "files.sweep";
/// Leftovers younger than this stay: a write may still be under way.
pub const GRACE: Duration = Duration::hours(1);
/// How often the sweep runs.
pub const EVERY: Duration = Duration::hours(6);

/// What one sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepReport {
    /// Objects without a `files` row (the row never committed).
    pub objects_without_row: u64,
    /// Objects of shredded files that were not removed at the time.
    pub shredded_objects: u64,
    /// Staging files of interrupted writes (local store).
    pub staging_files: u64,
    /// `files` rows linked to nothing, crypto-shredded.
    pub unlinked_rows: u64,
}

impl BlobStore {
    /// Removes the leftovers older than [`GRACE`]. `references` names every column that
    /// links to `files` (table, column): a row none of them names is nobody's.
    pub async fn sweep(&self, db: &Db, clock: &dyn Clock, references: &[(&str, &str)]) -> Result<SweepReport> {
        let cutoff = clock.now() - GRACE;
        let mut report = SweepReport::default();

        // Rows linked to nothing: shredded in one transaction, objects removed after it.
        let unlinked = references
            .iter()
            .map(|(table, column)| format!("NOT EXISTS (SELECT 1 FROM {table} r WHERE r.{column} = f.id)"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let tx = db.begin().await?;
        let ids: Vec<Uuid> = tx
            .query_all_raw(stmt(
                &tx,
                &format!("SELECT f.id FROM files f WHERE f.deleted_at IS NULL AND f.created_at < $1 AND {unlinked}"),
                vec![cutoff.into()],
            ))
            .await?
            .iter()
            .map(|r| r.try_get("", "id"))
            .collect::<std::result::Result<_, _>>()?;
        let objects = Self::shred_in(&tx, clock, &ids).await?;
        tx.commit().await?;
        self.remove_objects(&objects).await;
        report.unlinked_rows = ids.len() as u64;

        // Objects: kept while a live row names them; a shredded row's object goes at
        // once, one without any row only after the grace time.
        let conn = db.read();
        let mut live = HashSet::new();
        let mut shredded = HashSet::new();
        for row in conn
            .query_all_raw(stmt(conn, "SELECT object_key, deleted_at FROM files", vec![]))
            .await?
        {
            let key: String = row.try_get("", "object_key")?;
            match row.try_get::<Option<DateTime<Utc>>>("", "deleted_at")? {
                None => live.insert(key),
                Some(_) => shredded.insert(key),
            };
        }
        let listed: Vec<object_store::ObjectMeta> = self.store.list(None).try_collect().await.map_err(Error::from)?;
        for meta in listed {
            let key = meta.location.to_string();
            if live.contains(&key) {
                continue;
            }
            let counter = if shredded.contains(&key) {
                &mut report.shredded_objects
            } else if meta.last_modified < cutoff {
                &mut report.objects_without_row
            } else {
                continue;
            };
            match self.store.delete(&ObjectPath::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => *counter += 1,
                Err(e) => tracing::warn!(object = %key, error = %e, "a leftover object could not be removed; the next sweep tries again"),
            }
        }

        // Staging files of a local store (`<object>#<n>`), which listings do not show.
        if let Some(dir) = &self.local_dir {
            report.staging_files = remove_staging_files(dir, cutoff)?;
        }

        audit::record(
            db.write(),
            clock,
            AuditEvent::new("system", "files.swept", "files").with_details(serde_json::to_value(&report)?),
        )
        .await?;
        Ok(report)
    }
}

fn remove_staging_files(dir: &std::path::Path, cutoff: DateTime<Utc>) -> Result<u64> {
    let mut removed = 0;
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(0) };
    for entry in entries.flatten() {
        let path = entry.path();
        let meta = entry.metadata()?;
        if meta.is_dir() {
            removed += remove_staging_files(&path, cutoff)?;
            continue;
        }
        let staging = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains('#'));
        let old = meta.modified().map(DateTime::<Utc>::from).is_ok_and(|m| m < cutoff);
        if staging && old {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The latest sweep's report and when it ran, for the operator page.
pub async fn latest(db: &Db) -> Result<Option<(DateTime<Utc>, SweepReport)>> {
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT at, details FROM audit_log WHERE action = 'files.swept' ORDER BY seq DESC LIMIT 1",
            vec![],
        ))
        .await?;
    let Some(row) = row else { return Ok(None) };
    let details: String = row.try_get("", "details")?;
    Ok(Some((row.try_get("", "at")?, serde_json::from_str(&details)?)))
}

/// The periodic sweep; it queues its own next run [`EVERY`] hours on.
pub struct SweepJob {
    pub blobs: Arc<BlobStore>,
    pub references: &'static [(&'static str, &'static str)],
}

#[async_trait]
impl Job for SweepJob {
    const KIND: &'static str = JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let report = self.blobs.sweep(&ctx.db, &*ctx.clock, self.references).await?;
        if report != SweepReport::default() {
            tracing::info!(?report, "removed leftovers of interrupted writes");
        }
        let mut next = NewJob::of::<Self>(&Nothing {})?;
        next.run_at = Some(ctx.clock.now() + EVERY);
        jobs::enqueue(ctx.db.write(), &*ctx.clock, next).await?;
        Ok(())
    }
}
