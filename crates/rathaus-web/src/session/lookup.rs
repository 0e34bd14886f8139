//! Reads the sessions of many requests in one query. In a rush every request needs its
//! session, and a query per request was most of what the database did (on PostgreSQL a
//! backend woken twice per request, on SQLite two trips to the connection's thread).
//! Nothing is kept: every request gets its row as read after it asked.

use chrono::{DateTime, Utc};
use sea_orm::FromQueryResult;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use uuid::Uuid;

use super::SessionRecord;
use rathaus_platform::db::{Db, Json, stmt};
use rathaus_platform::memory::lock;
use rathaus_platform::{Error, Result};

/// Sessions read at most in one query (a bound on the statement's size).
const MOST: usize = 64;

type Reply = oneshot::Sender<std::result::Result<Option<SessionRecord>, String>>;

/// The lookups waiting, and whether a task is reading them.
#[derive(Default)]
pub struct SessionLookup {
    waiting: Mutex<Vec<(String, Reply)>>,
    reading: AtomicBool,
}

impl SessionLookup {
    /// The session stored under `token_hash`, expired or not. Lookups that arrive while
    /// a query runs go together in the next one.
    pub async fn find(self: &Arc<Self>, db: &Db, token_hash: String) -> Result<Option<SessionRecord>> {
        let (reply, answer) = oneshot::channel();
        lock(&self.waiting).push((token_hash, reply));
        if !self.reading.swap(true, Ordering::AcqRel) {
            // A task of its own, so that a request given up half-way stops nobody else.
            let reader = Reader {
                lookup: self.clone(),
                holds_flag: true,
            };
            tokio::spawn(reader.run(db.clone()));
        }
        answer
            .await
            .map_err(|_| Error::internal("the session lookup stopped"))?
            .map_err(Error::internal)
    }
}

/// Reads until nothing waits. Dropped while it still holds the `reading` flag (a panic),
/// it lets go of it, so that the next lookup starts a reader.
struct Reader {
    lookup: Arc<SessionLookup>,
    holds_flag: bool,
}

impl Drop for Reader {
    fn drop(&mut self) {
        if self.holds_flag {
            self.lookup.reading.store(false, Ordering::Release);
        }
    }
}

impl Reader {
    async fn run(mut self, db: Db) {
        loop {
            let batch: Vec<(String, Reply)> = {
                let mut waiting = lock(&self.lookup.waiting);
                let n = waiting.len().min(MOST);
                waiting.drain(..n).collect()
            };
            if batch.is_empty() {
                self.holds_flag = false;
                self.lookup.reading.store(false, Ordering::Release);
                // A lookup that came after the batch was taken, and saw this reader still
                // reading, is read here (unless it started a reader of its own).
                if lock(&self.lookup.waiting).is_empty() || self.lookup.reading.swap(true, Ordering::AcqRel) {
                    return;
                }
                self.holds_flag = true;
                continue;
            }
            let hashes: Vec<&str> = batch.iter().map(|(hash, _)| hash.as_str()).collect();
            match read(&db, &hashes).await {
                Ok(found) => {
                    for (hash, reply) in batch {
                        let _ = reply.send(Ok(found.get(&hash).cloned()));
                    }
                }
                Err(e) => {
                    let text = e.to_string();
                    for (_, reply) in batch {
                        let _ = reply.send(Err(text.clone()));
                    }
                }
            }
        }
    }
}

async fn read(db: &Db, hashes: &[&str]) -> Result<HashMap<String, SessionRecord>> {
    // Beside the writer (SQLite's single write connection is for writes).
    let conn = db.read();
    let marks: Vec<String> = (1..=hashes.len()).map(|i| format!("${i}")).collect();
    let rows = Row::find_by_statement(stmt(
        conn,
        &format!(
            "SELECT token_hash, account_id, assurance_level, csrf_token, data, created_at, last_seen_at, idle_expires_at, \
             absolute_expires_at FROM sessions WHERE token_hash IN ({})",
            marks.join(", ")
        ),
        hashes.iter().map(|h| (*h).into()).collect(),
    ))
    .all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let record = SessionRecord {
                token_hash: row.token_hash,
                account_id: row.account_id,
                assurance_level: row.assurance_level,
                csrf_token: row.csrf_token,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
                idle_expires_at: row.idle_expires_at,
                absolute_expires_at: row.absolute_expires_at,
                data: row.data.0,
            };
            (record.token_hash.clone(), record)
        })
        .collect())
}

/// A session's row; its data is kept as a JSON object.
#[derive(FromQueryResult)]
struct Row {
    token_hash: String,
    account_id: Option<Uuid>,
    assurance_level: Option<String>,
    csrf_token: String,
    data: Json<serde_json::Map<String, serde_json::Value>>,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    idle_expires_at: DateTime<Utc>,
    absolute_expires_at: DateTime<Utc>,
}
