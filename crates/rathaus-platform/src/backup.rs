//! `rathaus backup` / `rathaus restore` for the embedded set-up: one `.tar.gz` holding a
//! consistent SQLite snapshot (`VACUUM INTO`, taken while Rathaus keeps running), the
//! encrypted files and the generated file key. PostgreSQL deployments back up with
//! `pg_dump` and their object store's own tools (see the README).
//!
//! The archive carries a manifest of every entry (the snapshot, each encrypted object,
//! the key file) and every table of the snapshot, each with its SHA-256, authenticated
//! with an HMAC keyed from the master key. Restore checks it before anything is used and
//! refuses, naming what differs — a changed byte, row, password hash, object, key file,
//! or a missing object. When Rathaus generated the master key itself, that key travels
//! in the archive: the manifest then proves the archive intact against damage and
//! against anyone who cannot also rewrite it with that key (keep such archives as safe
//! as the server, or set `files.master_key` in a secret store so it never is).

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use hmac::{Hmac, Mac};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use crate::blobs::MasterKey;
use crate::config::{Config, DatabaseTarget, FilesBackend};
use crate::db::{Db, stmt};
use crate::{Error, Result};

const MANIFEST: &str = "rathaus-backup.json";
/// The manifest format this version writes and reads.
const FORMAT: u32 = 2;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub rathaus_version: String,
    pub includes_files: bool,
    pub includes_file_key: bool,
    /// SHA-256 of every entry of the archive, by its path in the archive.
    #[serde(default)]
    pub entries: BTreeMap<String, String>,
    /// SHA-256 of every table of the snapshot (its rows, in a fixed order).
    #[serde(default)]
    pub tables: BTreeMap<String, String>,
    /// HMAC-SHA256 over all of the above, keyed from the master key.
    #[serde(default)]
    pub mac: String,
}

impl Manifest {
    fn mac_with(&self, master: &MasterKey) -> Result<String> {
        let unsigned = Manifest {
            mac: String::new(),
            ..self.clone()
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&master.derive("backup manifest")).expect("HMAC takes any key length");
        mac.update(&serde_json::to_vec(&unsigned)?);
        Ok(hex::encode(mac.finalize().into_bytes()))
    }
}

fn sha256_of(path: &Path) -> Result<String> {
    let mut file = File::open(path)?;
    let mut hash = Sha256::new();
    std::io::copy(&mut file, &mut hash)?;
    Ok(hex::encode(hash.finalize()))
}

/// Every regular file under `dir`, by its path relative to `base`.
fn files_under(base: &Path, dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(base, &path, out)?;
        } else {
            out.push(path.strip_prefix(base).map_err(Error::internal)?.to_path_buf());
        }
    }
    Ok(())
}

/// The SHA-256 of each table of a SQLite database file, over its rows as SQLite quotes
/// them, in sorted order (so the hash names a table, not where its rows lie in the file).
async fn table_hashes(path: &Path) -> Result<BTreeMap<String, String>> {
    let db = Db::connect_sqlite(path, 1, std::time::Duration::from_secs(30), 0).await?;
    let conn = db.read();
    let mut out = BTreeMap::new();
    let tables = conn
        .query_all_raw(stmt(
            conn,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            vec![],
        ))
        .await?;
    for table in tables {
        let name: String = table.try_get("", "name")?;
        let columns: Vec<String> = conn
            .query_all_raw(stmt(
                conn,
                "SELECT name FROM pragma_table_info($1) ORDER BY cid",
                vec![name.clone().into()],
            ))
            .await?
            .iter()
            .map(|c| {
                c.try_get::<String>("", "name")
                    .map(|c| format!("quote(\"{}\")", c.replace('"', "\"\"")))
            })
            .collect::<std::result::Result<_, _>>()?;
        let row = columns.join(" || ',' || ");
        let rows = conn
            .query_all_raw(stmt(
                conn,
                &format!("SELECT {row} AS r FROM \"{}\" ORDER BY r", name.replace('"', "\"\"")),
                vec![],
            ))
            .await?;
        let mut hash = Sha256::new();
        for r in rows {
            let text: Option<String> = r.try_get("", "r")?;
            let text = text.unwrap_or_default();
            hash.update((text.len() as u64).to_be_bytes());
            hash.update(text.as_bytes());
        }
        out.insert(name, hex::encode(hash.finalize()));
    }
    db.close().await;
    Ok(out)
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
    let master = crate::blobs::master_key_of(config)?;
    let staging = std::env::temp_dir().join(format!("rathaus-backup-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&staging)?;
    let result = async {
        let snapshot = staging.join("rathaus.db");
        let target = snapshot.to_string_lossy().replace('\'', "''");
        let conn = db.read();
        conn.execute_raw(stmt(conn, &format!("VACUUM INTO '{target}'"), vec![])).await?;
        let files_dir = config.files_dir();
        let key_path = config.data_dir.join("files.key");
        let mut manifest = Manifest {
            format: FORMAT,
            created_at: now,
            rathaus_version: env!("CARGO_PKG_VERSION").to_string(),
            includes_files: config.files.backend == FilesBackend::Local && files_dir.is_dir(),
            includes_file_key: config.files.master_key.is_none() && key_path.is_file(),
            entries: BTreeMap::new(),
            tables: table_hashes(&snapshot).await?,
            mac: String::new(),
        };
        manifest.entries.insert("rathaus.db".into(), sha256_of(&snapshot)?);
        let mut objects = Vec::new();
        if manifest.includes_files {
            files_under(&files_dir, &files_dir, &mut objects)?;
            for object in &objects {
                manifest
                    .entries
                    .insert(format!("files/{}", object.to_string_lossy()), sha256_of(&files_dir.join(object))?);
            }
        }
        if manifest.includes_file_key {
            manifest.entries.insert("files.key".into(), sha256_of(&key_path)?);
        }
        manifest.mac = manifest.mac_with(&master)?;
        let manifest_json = serde_json::to_vec_pretty(&manifest)?;
        let out = out.to_path_buf();
        let written = manifest.clone();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let file = File::create(&out)?;
            let mut tar = tar::Builder::new(GzEncoder::new(file, Compression::default()));
            let mut header = tar::Header::new_gnu();
            header.set_size(manifest_json.len() as u64);
            header.set_mode(0o600);
            header.set_cksum();
            tar.append_data(&mut header, MANIFEST, manifest_json.as_slice())?;
            tar.append_path_with_name(&snapshot, "rathaus.db")?;
            // Exactly the objects the manifest names (one written meanwhile waits for the next backup).
            for object in &objects {
                tar.append_path_with_name(files_dir.join(object), Path::new("files").join(object))?;
            }
            if written.includes_file_key {
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

/// Unpacks a backup into an empty (or new) data directory and checks it against its
/// manifest; on any difference the directory is removed again and the error names
/// every difference. `master_key` is the configured `files.master_key`, if any.
pub async fn restore(archive: &Path, data_dir: &Path, master_key: Option<&MasterKey>) -> Result<Manifest> {
    if data_dir.exists() && std::fs::read_dir(data_dir)?.next().is_some() {
        return Err(Error::Config(format!(
            "{} is not empty. Fix: restore into a new, empty directory (--data-dir) so nothing is overwritten",
            data_dir.display()
        )));
    }
    std::fs::create_dir_all(data_dir)?;
    let checked = unpack_and_check(archive, data_dir, master_key).await;
    if checked.is_err() {
        let _ = std::fs::remove_dir_all(data_dir);
    }
    checked
}

async fn unpack_and_check(archive: &Path, data_dir: &Path, master_key: Option<&MasterKey>) -> Result<Manifest> {
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
    if manifest.format != FORMAT {
        return Err(Error::Invalid(format!(
            "this backup has manifest format {} without the checked hashes of format {FORMAT}: restore it with the Rathaus version that made it ({})",
            manifest.format, manifest.rathaus_version
        )));
    }
    let master = match master_key {
        Some(key) => key.clone(),
        None => std::fs::read_to_string(data_dir.join("files.key"))
            .ok()
            .and_then(|text| crate::blobs::parse_master_key(&text).ok())
            .ok_or_else(|| {
                Error::Invalid(
                    "the backup holds no readable file key and none is configured: set files.master_key (RATHAUS_FILES__MASTER_KEY) to the installation's key"
                        .into(),
                )
            })?,
    };
    let mut differences = Vec::new();
    if manifest.mac_with(&master)? != manifest.mac {
        differences.push("the manifest itself (it was changed, or the backup belongs to another key)".to_string());
    }
    let mut present = Vec::new();
    files_under(data_dir, data_dir, &mut present)?;
    let present: BTreeMap<String, std::path::PathBuf> = present.into_iter().map(|p| (p.to_string_lossy().replace('\\', "/"), p)).collect();
    for (entry, hash) in &manifest.entries {
        match present.get(entry) {
            None => differences.push(format!("{entry}: missing")),
            Some(path) if sha256_of(&data_dir.join(path))? != *hash => differences.push(format!("{entry}: changed")),
            Some(_) => {}
        }
    }
    for entry in present.keys().filter(|e| !manifest.entries.contains_key(*e)) {
        differences.push(format!("{entry}: not in the manifest"));
    }
    if present.contains_key("rathaus.db") {
        let tables = table_hashes(&data_dir.join("rathaus.db")).await;
        match tables {
            Ok(tables) => {
                for (table, hash) in &manifest.tables {
                    if tables.get(table) != Some(hash) {
                        differences.push(format!("table {table}: changed"));
                    }
                }
            }
            Err(e) => differences.push(format!("rathaus.db: cannot be read ({e})")),
        }
    }
    if !differences.is_empty() {
        return Err(Error::Invalid(format!(
            "the backup does not match its manifest; nothing was restored. Differences: {}",
            differences.join("; ")
        )));
    }
    Ok(manifest)
}
