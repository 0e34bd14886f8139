//! File storage: a local directory or S3-compatible storage (object_store), contents
//! encrypted at rest. Every file gets its own random key (XChaCha20-Poly1305 in the
//! STREAM construction, 64 KiB chunks); that key is stored wrapped by the master key in
//! the `files` row. Deleting the wrapped key makes every copy of the object that exists
//! now or later unreadable (crypto-shredding) — in this store, in its replicas and in a
//! backup of the objects. A backup of the *database* taken before the deletion still
//! holds the wrapped key; what a person deleted (their account, a draft) is therefore
//! written to the erasure [`journal`] first, which no backup holds, and a restore
//! erases it again. Size caps are enforced while streaming.

mod crypto;
pub mod journal;
pub mod rotate;
mod scan;
pub mod sweep;

pub(crate) use crypto::write_private;
pub use crypto::{MasterKey, parse_master_key};

/// The installation's master key: `files.master_key`, or the one generated once into
/// `<data_dir>/files.key`.
pub fn master_key_of(config: &Config) -> Result<MasterKey> {
    let current = match &config.files.master_key {
        Some(key) => parse_master_key(key.expose_secret())?,
        None => MasterKey::load_or_create(&config.data_dir.join("files.key"))?,
    };
    let previous = config
        .files
        .previous_master_keys
        .iter()
        .map(|k| parse_master_key(k.expose_secret()))
        .collect::<Result<Vec<_>>>()?;
    Ok(current.with_previous(previous))
}

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use secrecy::ExposeSecret;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use uuid::Uuid;

use crate::clock::Clock;
use crate::config::{Config, FilesBackend};
use crate::db::{Db, stmt};
use crate::{Error, Result};

/// Stored facts about a file; never its key in clear. Read from a row with its columns
/// id, size_bytes, content_type, original_name, sha256 and created_at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromQueryResult)]
pub struct FileRecord {
    pub id: Uuid,
    pub size_bytes: i64,
    pub content_type: String,
    pub original_name: String,
    /// SHA-256 of the plaintext, to prove later that a document is unchanged.
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

/// What the caller knows about an upload.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub original_name: String,
    /// The content types the file may have, as recognised from its first bytes (the
    /// name and the browser's claim are not trusted). Empty: any.
    pub accept: Vec<String>,
    /// Overrides the configured cap, e.g. for a service that allows larger plans.
    pub max_bytes: Option<u64>,
}

/// How many first bytes are read to recognise a file's type.
const SNIFF_BYTES: usize = 4096;

/// The content type recognised from a file's first bytes.
pub fn sniff(head: &[u8]) -> String {
    infer::get(head)
        .map(|kind| kind.mime_type().to_string())
        .unwrap_or_else(|| "application/octet-stream".into())
}

#[derive(Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    /// The directory of a local store (where interrupted writes leave staging files).
    local_dir: Option<std::path::PathBuf>,
    master: MasterKey,
    max_bytes: u64,
    scanner: Option<scan::VirusScanner>,
    journal: journal::Journal,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobStore")
            .field("store", &self.store.to_string())
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl BlobStore {
    pub fn from_config(config: &Config) -> Result<Self> {
        let master = master_key_of(config)?;
        let store: Arc<dyn ObjectStore> = match config.files.backend {
            FilesBackend::Local => {
                let dir = config.files_dir();
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Error::Config(format!(
                        "cannot create the files directory {}: {e}. Fix: set files.dir to a writable directory",
                        dir.display()
                    ))
                })?;
                Arc::new(LocalFileSystem::new_with_prefix(&dir)?)
            }
            FilesBackend::S3 => {
                let s3 = config
                    .files
                    .s3
                    .as_ref()
                    .ok_or_else(|| Error::Config("`files.s3` is missing".into()))?;
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_allow_http(s3.allow_http);
                if let Some(endpoint) = &s3.endpoint {
                    builder = builder.with_endpoint(endpoint);
                }
                if let Some(id) = &s3.access_key_id {
                    builder = builder.with_access_key_id(id);
                }
                if let Some(secret) = &s3.secret_access_key {
                    builder = builder.with_secret_access_key(secret.expose_secret());
                }
                Arc::new(
                    builder
                        .build()
                        .map_err(|e| Error::Config(format!("`files.s3`: {e}. Fix: check bucket, region and endpoint")))?,
                )
            }
        };
        Ok(Self {
            store,
            local_dir: (config.files.backend == FilesBackend::Local).then(|| config.files_dir()),
            master,
            max_bytes: config.files.max_upload_bytes,
            scanner: config.files.clamd.as_deref().map(scan::VirusScanner::new),
            journal: journal::Journal::at(config.erasure_journal()),
        })
    }

    /// The erasure journal of this installation.
    pub fn journal(&self) -> &journal::Journal {
        &self.journal
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// The master key, for sealing small secrets kept in the database.
    pub fn master_key(&self) -> &MasterKey {
        &self.master
    }

    /// Encrypts and stores a stream, refusing it as soon as it passes the size cap, when
    /// its first bytes show a type not in `accept`, or when the virus scanner (if
    /// configured) finds something or does not answer. Nothing of a refused file stays.
    /// The row is written on `conn` (the caller's transaction) after the content is safe.
    pub async fn put<C, S, E>(&self, conn: &C, clock: &dyn Clock, file: NewFile, mut body: S) -> Result<FileRecord>
    where
        C: ConnectionTrait,
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let limit = file.max_bytes.unwrap_or(self.max_bytes);
        let mut scan = match &self.scanner {
            Some(scanner) => Some(scanner.start().await?),
            None => None,
        };
        let id = Uuid::now_v7();
        let key = crypto::FileKey::generate();
        let object_key = ObjectPath::from(format!("{}/{}", &id.simple().to_string()[..2], id.simple()));
        let mut encryptor = key.encryptor(id);
        let upload = self.store.put_multipart(&object_key).await?;
        let mut writer = WriteMultipart::new(upload);
        writer.write(encryptor.header());
        let mut size: u64 = 0;
        let mut digest = Sha256::new();
        // The first bytes wait here until the type is known.
        let mut head: Vec<u8> = Vec::new();
        let mut content_type: Option<String> = None;
        let result: Result<()> = async {
            loop {
                let (chunk, done) = match body.next().await {
                    Some(chunk) => (chunk.map_err(|e| Error::Invalid(format!("upload interrupted: {e}")))?, false),
                    None => (Bytes::new(), true),
                };
                size += chunk.len() as u64;
                if size > limit {
                    return Err(Error::TooLarge { limit });
                }
                let data = if content_type.is_none() {
                    head.extend_from_slice(&chunk);
                    if head.len() < SNIFF_BYTES && !done {
                        continue;
                    }
                    let kind = sniff(&head);
                    if !file.accept.is_empty() && !file.accept.contains(&kind) {
                        return Err(Error::Invalid(format!("file-type-not-accepted: {kind}")));
                    }
                    content_type = Some(kind);
                    Bytes::from(std::mem::take(&mut head))
                } else {
                    chunk
                };
                digest.update(&data);
                if let Some(scan) = scan.as_mut() {
                    scan.send(&data).await?;
                }
                for sealed in encryptor.push(&data)? {
                    writer.wait_for_capacity(4).await?;
                    writer.write(&sealed);
                }
                if done {
                    break;
                }
            }
            if let Some(scan) = scan.take() {
                scan.finish().await?;
            }
            writer.write(&encryptor.finish()?);
            Ok(())
        }
        .await;
        if let Err(e) = result {
            let _ = writer.abort().await;
            return Err(e);
        }
        writer.finish().await?;
        let record = FileRecord {
            id,
            size_bytes: size as i64,
            content_type: content_type.unwrap_or_else(|| "application/octet-stream".into()),
            original_name: file.original_name,
            sha256: hex::encode(digest.finalize()),
            created_at: clock.now(),
        };
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO files (id, object_key, size_bytes, content_type, original_name, sha256, wrapped_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                id.into(),
                object_key.to_string().into(),
                record.size_bytes.into(),
                record.content_type.clone().into(),
                record.original_name.clone().into(),
                record.sha256.clone().into(),
                Value::Bytes(Some(self.master.wrap(&key, id)?)),
                record.created_at.into(),
            ],
        ))
        .await?;
        Ok(record)
    }

    pub async fn record<C: ConnectionTrait>(&self, conn: &C, id: Uuid) -> Result<FileRecord> {
        FileRecord::find_by_statement(stmt(
            conn,
            "SELECT id, size_bytes, content_type, original_name, sha256, created_at FROM files WHERE id = $1 AND deleted_at IS NULL",
            vec![id.into()],
        ))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
    }

    /// The plaintext as a stream, decrypted chunk by chunk. A tampered or truncated
    /// object ends the stream with an error rather than yielding altered bytes.
    pub async fn open(&self, db: &Db, id: Uuid) -> Result<impl Stream<Item = Result<Bytes>> + Send + 'static> {
        let conn = db.read();
        let row = conn
            .query_one_raw(stmt(
                conn,
                "SELECT object_key, wrapped_key FROM files WHERE id = $1 AND deleted_at IS NULL",
                vec![id.into()],
            ))
            .await?
            .ok_or(Error::NotFound)?;
        let object_key: String = row.try_get("", "object_key")?;
        let wrapped: Option<Vec<u8>> = row.try_get("", "wrapped_key")?;
        let key = self
            .master
            .unwrap(&wrapped.ok_or(Error::NotFound)?, id)
            .map_err(|e| Error::internal(format!("file {id}: {e}")))?;
        let source = self
            .store
            .get(&ObjectPath::from(object_key))
            .await?
            .into_stream()
            .map_err(Error::from);
        Ok(crypto::decrypt_stream(key.decryptor(id), source))
    }

    /// Reads the whole file once and checks it against its record: every chunk must
    /// authenticate, none may be missing, and the plaintext must have the recorded
    /// SHA-256. Callers check before they answer 200, so a tampered, truncated or swapped
    /// object is refused instead of breaking off half-way through a download.
    pub async fn verify(&self, db: &Db, record: &FileRecord) -> Result<()> {
        self.checked(db, record, None).await
    }

    /// The whole file, checked against its record like [`Self::verify`], in one pass;
    /// for small documents only.
    pub async fn read_verified(&self, db: &Db, record: &FileRecord) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(record.size_bytes.max(0) as usize);
        self.checked(db, record, Some(&mut out)).await?;
        Ok(out)
    }

    /// Reads the file once, checks it, and keeps the plaintext in `keep` if given.
    async fn checked(&self, db: &Db, record: &FileRecord, mut keep: Option<&mut Vec<u8>>) -> Result<()> {
        let damaged = |why: &str| {
            Error::internal(format!(
                "file {} cannot be served: {why}. It was damaged or altered at rest, or restored without its key; restore the object from a backup",
                record.id
            ))
        };
        let mut stream = Box::pin(self.open(db, record.id).await?);
        let mut digest = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| damaged(&e.to_string()))?;
            size += chunk.len() as u64;
            digest.update(&chunk);
            if let Some(out) = keep.as_deref_mut() {
                out.extend_from_slice(&chunk);
            }
        }
        if size != record.size_bytes as u64 || hex::encode(digest.finalize()) != record.sha256 {
            return Err(damaged("its content is not the one recorded"));
        }
        Ok(())
    }

    /// Reads a whole file into memory; for small documents only.
    pub async fn read_all(&self, db: &Db, id: Uuid) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut stream = Box::pin(self.open(db, id).await?);
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    /// Crypto-shreds a file: the wrapped key is erased first (which alone makes every
    /// copy unreadable), then the object is removed.
    pub async fn delete(&self, db: &Db, clock: &dyn Clock, id: Uuid) -> Result<()> {
        let conn = db.write();
        let row = conn
            .query_one_raw(stmt(
                conn,
                "UPDATE files SET wrapped_key = NULL, deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL RETURNING object_key",
                vec![clock.now().into(), id.into()],
            ))
            .await?
            .ok_or(Error::NotFound)?;
        let object_key: String = row.try_get("", "object_key")?;
        match self.store.delete(&ObjectPath::from(object_key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The first half of crypto-shredding, inside the caller's transaction: the wrapped
    /// keys of `ids` are erased with the change that makes the files nobody's (a deleted
    /// draft, a deleted account), so no crash can leave a readable file linked to
    /// nothing. Returns the objects to remove after the commit ([`Self::remove_objects`]).
    pub async fn shred_in<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, ids: &[Uuid]) -> Result<Vec<String>> {
        let mut objects = Vec::new();
        for id in ids {
            let row = conn
                .query_one_raw(stmt(
                    conn,
                    // The name goes too: it often names the person ("Zeugnis Anna B.pdf").
                    "UPDATE files SET wrapped_key = NULL, original_name = '', deleted_at = $1 \
                     WHERE id = $2 AND deleted_at IS NULL RETURNING object_key",
                    vec![clock.now().into(), (*id).into()],
                ))
                .await?;
            if let Some(row) = row {
                objects.push(row.try_get("", "object_key")?);
            }
        }
        Ok(objects)
    }

    /// Removes shredded objects (already unreadable). One that cannot be removed now is
    /// left to the maintenance sweep of leftovers, and said so in the log.
    pub async fn remove_objects(&self, objects: &[String]) {
        for key in objects {
            match self.store.delete(&ObjectPath::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => tracing::warn!(object = %key, error = %e, "a shredded file's object stays until the next sweep"),
            }
        }
    }

    /// Lists stored object keys; used by backups and consistency checks.
    pub async fn object_keys(&self) -> Result<Vec<String>> {
        self.store
            .list(None)
            .map_ok(|m| m.location.to_string())
            .try_collect()
            .await
            .map_err(Error::from)
    }
}
