//! `rathaus backup` / `rathaus restore` for the embedded set-up: one `.tar.gz` holding a
//! consistent SQLite snapshot (`VACUUM INTO`, taken while Rathaus keeps running), the
//! encrypted files and the generated file key. PostgreSQL deployments back up with
//! `pg_dump` and their object store's own tools (see the README).

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::Path;

use crate::config::{Config, DatabaseTarget, FilesBackend};
use crate::db::{Db, stmt};
use crate::{Error, Result};

const MANIFEST: &str = "rathaus-backup.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub rathaus_version: String,
    pub includes_files: bool,
    pub includes_file_key: bool,
}

/// Writes a backup of a running SQLite installation to `out`.
pub async fn backup(config: &Config, db: &Db, out: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<Manifest> {
    if let DatabaseTarget::Postgres(_) = config.database_target() {
        return Err(Error::Config(
            "`rathaus backup` writes SQLite installations. Fix: on PostgreSQL run \
             `pg_dump --format=custom --file=rathaus.dump \"$RATHAUS_DATABASE_URL\"` and back up the file store \
             (see README, \"Backups\")"
                .into(),
        ));
    }
    let staging = std::env::temp_dir().join(format!("rathaus-backup-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&staging)?;
    let result = async {
        let snapshot = staging.join("rathaus.db");
        let target = snapshot.to_string_lossy().replace('\'', "''");
        let conn = db.read();
        conn.execute_raw(stmt(conn, &format!("VACUUM INTO '{target}'"), vec![])).await?;
        let files_dir = config.files_dir();
        let key_path = config.data_dir.join("files.key");
        let manifest = Manifest {
            format: 1,
            created_at: now,
            rathaus_version: env!("CARGO_PKG_VERSION").to_string(),
            includes_files: config.files.backend == FilesBackend::Local && files_dir.is_dir(),
            includes_file_key: config.files.master_key.is_none() && key_path.is_file(),
        };
        let manifest_json = serde_json::to_vec_pretty(&manifest)?;
        let out = out.to_path_buf();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let file = File::create(&out)?;
            let mut tar = tar::Builder::new(GzEncoder::new(file, Compression::default()));
            let mut header = tar::Header::new_gnu();
            header.set_size(manifest_json.len() as u64);
            header.set_mode(0o600);
            header.set_cksum();
            tar.append_data(&mut header, MANIFEST, manifest_json.as_slice())?;
            tar.append_path_with_name(&snapshot, "rathaus.db")?;
            if manifest.includes_files {
                tar.append_dir_all("files", &files_dir)?;
            }
            if manifest.includes_file_key {
                tar.append_path_with_name(&key_path, "files.key")?;
            }
            tar.into_inner()?.finish()?;
            Ok(())
        })
        .await
        .map_err(Error::internal)??;
        Ok(manifest)
    }
    .await;
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// Unpacks a backup into an empty (or new) data directory.
pub fn restore(archive: &Path, data_dir: &Path) -> Result<Manifest> {
    if data_dir.exists() && std::fs::read_dir(data_dir)?.next().is_some() {
        return Err(Error::Config(format!(
            "{} is not empty. Fix: restore into a new, empty directory (--data-dir) so nothing is overwritten",
            data_dir.display()
        )));
    }
    std::fs::create_dir_all(data_dir)?;
    let file = File::open(archive).map_err(|e| Error::Config(format!("cannot open {}: {e}", archive.display())))?;
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    // `unpack_in` refuses paths that would escape the directory.
    for entry in tar.entries()? {
        let mut entry = entry?;
        if !entry.unpack_in(data_dir)? {
            return Err(Error::Invalid(format!(
                "the backup contains an unsafe path: {}",
                entry.path()?.display()
            )));
        }
    }
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(data_dir.join(MANIFEST))
            .map_err(|_| Error::Invalid(format!("{} is not a Rathaus backup (no {MANIFEST})", archive.display())))?,
    )?;
    std::fs::remove_file(data_dir.join(MANIFEST))?;
    Ok(manifest)
}
