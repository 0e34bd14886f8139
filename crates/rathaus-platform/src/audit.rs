//! Append-only, hash-chained audit log. Each entry's hash is an HMAC-SHA256 over its
//! content and the previous entry's hash, keyed with a key derived from the master key —
//! which is not in the database, so whoever can write the database can neither edit an
//! entry nor recompute the chain after it. `audit_head` holds the newest sequence number
//! and hash, so an edited, deleted, reordered or truncated entry is found by [`verify`].
//! [`checkpoint`] gives operators an authenticated head to keep elsewhere; verifying
//! against it also catches a log cut back to an earlier state. Entries hold identifiers,
//! never personal data in clear text.

use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionSession, TransactionTrait, Value};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::sync::OnceLock;

use crate::clock::Clock;
use crate::db::{Db, stmt};
use crate::{Error, Result};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, to what.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    /// `account:<uuid>`, `operator:cli`, `system`, or `anonymous:<ip>`.
    pub actor: String,
    /// Dotted verb, e.g. `catalog.imported`, `case.read`.
    pub action: String,
    /// The object acted on, e.g. `service:wohnsitz-anmelden`.
    pub subject: String,
    pub details: serde_json::Value,
}

impl AuditEvent {
    pub fn new(actor: impl Into<String>, action: impl Into<String>, subject: impl Into<String>) -> Self {
        Self {
            actor: actor.into(),
            action: action.into(),
            subject: subject.into(),
            details: serde_json::Value::Null,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The key the chain is kept with. Every domain writes its entries inside its own
/// transaction, deep below any place a key could be handed in, so the key is the
/// process's: taken up once when the process connects to its installation's database
/// ([`use_key`]; one process serves one installation).
static CHAIN_KEYS: OnceLock<Vec<[u8; 32]>> = OnceLock::new();

/// Takes up the installation's audit key (derived from the master key). The first call
/// in a process wins.
pub fn use_key(key: [u8; 32]) {
    use_keys(vec![key]);
}

/// Takes up the audit keys derived from the current master key (which new entries are
/// chained with) and from the keys it replaced (whose entries still verify).
pub fn use_keys(keys: Vec<[u8; 32]>) {
    if !keys.is_empty() {
        let _ = CHAIN_KEYS.set(keys);
    }
}

fn chain_keys() -> Result<&'static [[u8; 32]]> {
    CHAIN_KEYS
        .get()
        .map(Vec::as_slice)
        .ok_or_else(|| Error::internal("the audit key is not set: connect with Db::connect (it takes up the key) first"))
}

fn chain_key() -> Result<&'static [u8; 32]> {
    Ok(&chain_keys()?[0])
}

fn keyed(key: &[u8; 32], fields: &[&str]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for field in fields {
        // Length prefixes keep field boundaries unambiguous.
        mac.update(&(field.len() as u64).to_be_bytes());
        mac.update(field.as_bytes());
    }
    hex::encode(mac.finalize().into_bytes())
}

fn entry_hash(
    key: &[u8; 32],
    prev_hash: &str,
    seq: i64,
    at: &DateTime<Utc>,
    (actor, action, subject, details): (&str, &str, &str, &str),
) -> String {
    let at = at.to_rfc3339_opts(SecondsFormat::Micros, true);
    keyed(key, &[prev_hash, &seq.to_string(), &at, actor, action, subject, details])
}

/// Appends an entry. Runs in its own transaction, or as a savepoint of the caller's,
/// so the entry commits together with the change it describes.
pub async fn record<C: TransactionTrait>(conn: &C, clock: &dyn Clock, event: AuditEvent) -> Result<i64> {
    let key = chain_key()?;
    let tx = crate::db::begin_write(conn).await?;
    // Taking the head row first serialises concurrent appends (a row lock on PostgreSQL;
    // SQLite has one writer anyway).
    let Head { seq, hash: prev_hash } = Head::find_by_statement(stmt(
        &tx,
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
        vec![],
    ))
    .one(&tx)
    .await?
    .ok_or_else(|| Error::internal("audit_head row is missing; run `rathaus migrate`"))?;
    let at = clock.now();
    let details = serde_json::to_string(&event.details)?;
    let hash = entry_hash(key, &prev_hash, seq, &at, (&event.actor, &event.action, &event.subject, &details));
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vec![
            seq.into(),
            at.into(),
            event.actor.into(),
            event.action.into(),
            event.subject.into(),
            details.into(),
            prev_hash.into(),
            hash.clone().into(),
        ],
    ))
    .await?;
    tx.execute_raw(stmt(&tx, "UPDATE audit_head SET hash = $1 WHERE id = 1", vec![hash.into()]))
        .await?;
    tx.commit().await?;
    Ok(seq)
}

/// Where the chain breaks, for `rathaus audit verify`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entry {seq} is missing (deleted), or the entries were reordered")]
    Missing { seq: i64 },
    #[error("audit entry {seq} does not follow entry {prev}: its link to the previous hash is wrong")]
    BrokenLink { seq: i64, prev: i64 },
    #[error("audit entry {seq} was changed after it was written")]
    Edited { seq: i64 },
    #[error("audit entries after {last_seq} are missing (the log ends before its recorded head {head_seq})")]
    TruncatedTail { last_seq: i64, head_seq: i64 },
    #[error("the audit head does not match the last entry {seq}")]
    HeadMismatch { seq: i64 },
    #[error("the checkpoint at entry {seq} is not authentic: it was not made with this installation's key")]
    CheckpointForged { seq: i64 },
    #[error("the log no longer matches the checkpoint at entry {seq}: entries up to it were rewritten or removed")]
    CheckpointMismatch { seq: i64 },
}

/// An authenticated head of the chain, kept by operators outside the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    pub mac: String,
}

fn checkpoint_mac(key: &[u8; 32], seq: i64, hash: &str, at: &DateTime<Utc>) -> String {
    let at = at.to_rfc3339_opts(SecondsFormat::Micros, true);
    keyed(key, &["rathaus audit checkpoint", &seq.to_string(), hash, &at])
}

/// The chain's head now, authenticated with the audit key.
pub async fn checkpoint(db: &Db, clock: &dyn Clock) -> Result<Checkpoint> {
    let key = chain_key()?;
    let conn = db.write();
    let Head { seq, hash } = head(conn).await?;
    let at = clock.now();
    Ok(Checkpoint {
        mac: checkpoint_mac(key, seq, &hash, &at),
        seq,
        hash,
        at,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub entries: i64,
    pub head_hash: String,
}

/// Walks the whole chain in pages. `Ok(Err(_))` names the first bad entry.
pub async fn verify(db: &Db) -> Result<std::result::Result<VerifyReport, ChainBreak>> {
    verify_against(db, &[]).await
}

/// [`verify`], and the chain must still hold each checkpoint's hash at its entry.
pub async fn verify_against(db: &Db, checkpoints: &[Checkpoint]) -> Result<std::result::Result<VerifyReport, ChainBreak>> {
    let keys = chain_keys()?;
    for checkpoint in checkpoints {
        if !keys
            .iter()
            .any(|key| checkpoint_mac(key, checkpoint.seq, &checkpoint.hash, &checkpoint.at) == checkpoint.mac)
        {
            return Ok(Err(ChainBreak::CheckpointForged { seq: checkpoint.seq }));
        }
    }
    let anchored = |seq: i64, hash: &str| checkpoints.iter().find(|c| c.seq == seq && c.hash != hash);
    let conn = db.write();
    let mut expected_seq = 1_i64;
    let mut prev_hash = GENESIS_HASH.to_string();
    loop {
        let page = entries_after(conn, expected_seq - 1, 1000).await?;
        if page.is_empty() {
            break;
        }
        for entry in page {
            if entry.seq != expected_seq {
                return Ok(Err(ChainBreak::Missing { seq: expected_seq }));
            }
            if entry.prev_hash != prev_hash {
                return Ok(Err(ChainBreak::BrokenLink {
                    seq: entry.seq,
                    prev: entry.seq - 1,
                }));
            }
            // Entries written before a key rotation verify with the key of their time.
            let authentic = keys.iter().any(|key| {
                entry_hash(
                    key,
                    &entry.prev_hash,
                    entry.seq,
                    &entry.at,
                    (&entry.actor, &entry.action, &entry.subject, &entry.details),
                ) == entry.hash
            });
            if !authentic {
                return Ok(Err(ChainBreak::Edited { seq: entry.seq }));
            }
            if let Some(checkpoint) = anchored(entry.seq, &entry.hash) {
                return Ok(Err(ChainBreak::CheckpointMismatch { seq: checkpoint.seq }));
            }
            prev_hash = entry.hash;
            expected_seq += 1;
        }
    }
    let last_seq = expected_seq - 1;
    if let Some(checkpoint) = checkpoints.iter().find(|c| c.seq > last_seq) {
        return Ok(Err(ChainBreak::CheckpointMismatch { seq: checkpoint.seq }));
    }
    let Head {
        seq: head_seq,
        hash: head_hash,
    } = head(conn).await?;
    if head_seq > last_seq {
        return Ok(Err(ChainBreak::TruncatedTail { last_seq, head_seq }));
    }
    if head_seq != last_seq || head_hash != prev_hash {
        return Ok(Err(ChainBreak::HeadMismatch { seq: last_seq }));
    }
    Ok(Ok(VerifyReport {
        entries: last_seq,
        head_hash,
    }))
}

/// The chain's head: the last entry's number and hash.
#[derive(FromQueryResult)]
struct Head {
    seq: i64,
    hash: String,
}

async fn head<C: ConnectionTrait>(conn: &C) -> Result<Head> {
    Head::find_by_statement(stmt(conn, "SELECT seq, hash FROM audit_head WHERE id = 1", vec![]))
        .one(conn)
        .await?
        .ok_or_else(|| Error::internal("audit_head row is missing; run `rathaus migrate`"))
}

pub async fn entries_after<C: ConnectionTrait>(conn: &C, after_seq: i64, limit: u64) -> Result<Vec<AuditEntry>> {
    Ok(AuditEntry::find_by_statement(stmt(
        conn,
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        vec![after_seq.into(), Value::BigInt(Some(limit as i64))],
    ))
    .all(conn)
    .await?)
}

pub async fn count(db: &Db) -> Result<i64> {
    let row = db
        .read()
        .query_one_raw(stmt(db.read(), "SELECT COUNT(*) AS n FROM audit_log", vec![]))
        .await?
        .ok_or_else(|| Error::internal("count returned no row"))?;
    Ok(row.try_get("", "n")?)
}
