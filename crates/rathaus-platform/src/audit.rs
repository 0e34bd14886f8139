//! Append-only, hash-chained audit log. Each entry's hash covers its content and the
//! previous entry's hash; `audit_head` holds the newest sequence number and hash, so an
//! edited, deleted, reordered or truncated entry is found by [`verify`]. Entries hold
//! identifiers, never personal data in clear text.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

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

#[derive(Debug, Clone, PartialEq, Eq)]
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

fn entry_hash(prev_hash: &str, seq: i64, at: &DateTime<Utc>, actor: &str, action: &str, subject: &str, details: &str) -> String {
    let mut hash = Sha256::new();
    let at = at.to_rfc3339_opts(SecondsFormat::Micros, true);
    for field in [prev_hash, &seq.to_string(), &at, actor, action, subject, details] {
        // Length prefixes keep field boundaries unambiguous.
        hash.update((field.len() as u64).to_be_bytes());
        hash.update(field.as_bytes());
    }
    hex::encode(hash.finalize())
}

/// Appends an entry. Runs in its own transaction, or as a savepoint of the caller's,
/// so the entry commits together with the change it describes.
pub async fn record<C: TransactionTrait>(conn: &C, clock: &dyn Clock, event: AuditEvent) -> Result<i64> {
    let tx = crate::db::begin_write(conn).await?;
    // Taking the head row first serialises concurrent appends (a row lock on PostgreSQL;
    // SQLite has one writer anyway).
    let head = tx
        .query_one_raw(stmt(
            &tx,
            "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
            vec![],
        ))
        .await?
        .ok_or_else(|| Error::internal("audit_head row is missing; run `rathaus migrate`"))?;
    let seq: i64 = head.try_get("", "seq")?;
    let prev_hash: String = head.try_get("", "hash")?;
    let at = clock.now();
    let details = serde_json::to_string(&event.details)?;
    let hash = entry_hash(&prev_hash, seq, &at, &event.actor, &event.action, &event.subject, &details);
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub entries: i64,
    pub head_hash: String,
}

/// Walks the whole chain in pages. `Ok(Err(_))` names the first bad entry.
pub async fn verify(db: &Db) -> Result<std::result::Result<VerifyReport, ChainBreak>> {
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
            let recomputed = entry_hash(
                &entry.prev_hash,
                entry.seq,
                &entry.at,
                &entry.actor,
                &entry.action,
                &entry.subject,
                &entry.details,
            );
            if recomputed != entry.hash {
                return Ok(Err(ChainBreak::Edited { seq: entry.seq }));
            }
            prev_hash = entry.hash;
            expected_seq += 1;
        }
    }
    let last_seq = expected_seq - 1;
    let head = conn
        .query_one_raw(stmt(conn, "SELECT seq, hash FROM audit_head WHERE id = 1", vec![]))
        .await?
        .ok_or_else(|| Error::internal("audit_head row is missing"))?;
    let head_seq: i64 = head.try_get("", "seq")?;
    let head_hash: String = head.try_get("", "hash")?;
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

pub async fn entries_after<C: ConnectionTrait>(conn: &C, after_seq: i64, limit: u64) -> Result<Vec<AuditEntry>> {
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            vec![after_seq.into(), Value::BigInt(Some(limit as i64))],
        ))
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AuditEntry {
                seq: row.try_get("", "seq")?,
                at: row.try_get("", "at")?,
                actor: row.try_get("", "actor")?,
                action: row.try_get("", "action")?,
                subject: row.try_get("", "subject")?,
                details: row.try_get("", "details")?,
                prev_hash: row.try_get("", "prev_hash")?,
                hash: row.try_get("", "hash")?,
            })
        })
        .collect()
}

pub async fn count(db: &Db) -> Result<i64> {
    let row = db
        .read()
        .query_one_raw(stmt(db.read(), "SELECT COUNT(*) AS n FROM audit_log", vec![]))
        .await?
        .ok_or_else(|| Error::internal("count returned no row"))?;
    Ok(row.try_get("", "n")?)
}
