//! Fixed-window rate limits. [`hit`] counts in the database, so a limit holds across
//! every node; callers must treat an `Err` as "refuse": a limiter that cannot decide
//! fails closed. [`BatchedLimiter`] counts in this process and merges with the other
//! nodes once a second, for limits that a rush hits with every request.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use std::sync::Mutex;

use crate::clock::Clock;
use crate::db::{Db, stmt};
use crate::memory::lock;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub fn per_minute(max: u32) -> Self {
        Self {
            max,
            window: Duration::minutes(1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed { remaining: u32 },
    Limited { retry_after_secs: u64 },
}

fn window_start(now: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    let size = window.num_milliseconds().max(1);
    let start = now.timestamp_millis().div_euclid(size) * size;
    DateTime::from_timestamp_millis(start).unwrap_or(now)
}

/// Counts one request against `bucket` and decides.
pub async fn hit(db: &Db, clock: &dyn Clock, bucket: &str, limit: Limit) -> Result<Decision> {
    hit_on(db.write(), clock, bucket, limit).await
}

/// [`hit`] on a given connection or transaction (counted with the caller's change).
pub async fn hit_on<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, bucket: &str, limit: Limit) -> Result<Decision> {
    let now = clock.now();
    let start = window_start(now, limit.window);
    // The upsert is one statement, so concurrent hits on any node count exactly.
    let row = conn
        .query_one_raw(stmt(
            conn,
            "INSERT INTO rate_limits (bucket, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END, \
               window_start = excluded.window_start \
             RETURNING count",
            vec![bucket.into(), start.into()],
        ))
        .await?
        .ok_or_else(|| Error::internal("rate limit upsert returned no row"))?;
    let count: i32 = row.try_get("", "count")?;
    Ok(decide(count.max(0) as u32, limit, start, now))
}

fn decide(count: u32, limit: Limit, start: DateTime<Utc>, now: DateTime<Utc>) -> Decision {
    if count <= limit.max {
        Decision::Allowed {
            remaining: limit.max - count,
        }
    } else {
        let retry = (start + limit.window - now).num_seconds().max(1) as u64;
        Decision::Limited { retry_after_secs: retry }
    }
}

/// How often [`BatchedLimiter::sync`] should run.
pub const SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// A limiter not merged with the other nodes for this long cannot decide. A merge that
/// fails refuses at once; this catches one that never ends, and is long enough for a
/// merge waiting behind a rush's writes.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(30);
/// Rows per statement when merging (three parameters each, well inside every backend's limit).
const ROWS_PER_STATEMENT: usize = 300;

/// Fixed windows counted in this process and merged with every other node's counts
/// through the database about once a second ([`sync`](Self::sync)), for limits that a
/// rush hits with every request, where a database write each would be the bottleneck.
/// A client gets at most one sync interval's worth of extra requests through other
/// nodes. When the last merge failed, or none succeeded for half a minute, [`hit`](Self::hit)
/// errs: the limiter cannot decide, and the caller refuses.
#[derive(Debug)]
pub struct BatchedLimiter {
    state: Mutex<Batches>,
}

#[derive(Debug)]
struct Batches {
    buckets: HashMap<String, Batch>,
    /// The last successful merge.
    synced: std::time::Instant,
    /// The last merge failed.
    failing: bool,
}

#[derive(Debug)]
struct Batch {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Every node's hits in this window as of the last merge.
    merged: u32,
    /// This node's hits since.
    pending: u32,
}

impl Default for BatchedLimiter {
    fn default() -> Self {
        Self {
            state: Mutex::new(Batches {
                buckets: HashMap::new(),
                synced: std::time::Instant::now(),
                failing: false,
            }),
        }
    }
}

impl BatchedLimiter {
    /// Counts one request against `bucket` and decides.
    pub fn hit(&self, now: DateTime<Utc>, bucket: &str, limit: Limit) -> Result<Decision> {
        let start = window_start(now, limit.window);
        let mut state = lock(&self.state);
        if state.failing || state.synced.elapsed() > STALE_AFTER {
            return Err(Error::Unavailable(
                "rate limiter: the counts of the other nodes are out of date".into(),
            ));
        }
        let batch = state.buckets.entry(bucket.to_string()).or_insert(Batch {
            start,
            end: start + limit.window,
            merged: 0,
            pending: 0,
        });
        if batch.start != start {
            *batch = Batch {
                start,
                end: start + limit.window,
                merged: 0,
                pending: 0,
            };
        }
        batch.pending = batch.pending.saturating_add(1);
        Ok(decide(batch.merged.saturating_add(batch.pending), limit, start, now))
    }

    /// Adds this node's new hits to the counts in the database and learns every node's
    /// totals for those buckets, in one transaction; drops windows that have ended.
    pub async fn sync(&self, db: &Db, now: DateTime<Utc>) -> Result<()> {
        // This node's new hits, and the live buckets it has none for (whose totals may
        // have grown on other nodes).
        let (mut sent, mut learn): (Vec<_>, Vec<_>) = lock(&self.state)
            .buckets
            .iter()
            .filter(|(_, b)| b.pending > 0 || b.end > now)
            .map(|(bucket, b)| (bucket.clone(), b.start, b.pending))
            .partition(|(_, _, pending)| *pending > 0);
        // One order on every node, so two nodes merging at once cannot deadlock.
        sent.sort_by(|a, b| a.0.cmp(&b.0));
        learn.sort_by(|a, b| a.0.cmp(&b.0));
        let merged = match merge(db, &sent, &learn).await {
            Ok(merged) => merged,
            Err(e) => {
                lock(&self.state).failing = true;
                return Err(e);
            }
        };
        let mut state = lock(&self.state);
        for (bucket, start, count) in sent.into_iter().chain(learn) {
            if let Some(batch) = state.buckets.get_mut(&bucket)
                && batch.start == start
            {
                batch.pending -= count.min(batch.pending);
                if let Some((total_start, total)) = merged.get(&bucket)
                    && *total_start == start
                {
                    batch.merged = batch.merged.max(*total);
                }
            }
        }
        state.buckets.retain(|_, b| b.end > now || b.pending > 0);
        state.synced = std::time::Instant::now();
        state.failing = false;
        Ok(())
    }
}

/// Adds `counts` to the stored windows (a stored window that is newer stays) and reads
/// the totals of the buckets in `learn`; returns every total with its window.
async fn merge(
    db: &Db,
    counts: &[(String, DateTime<Utc>, u32)],
    learn: &[(String, DateTime<Utc>, u32)],
) -> Result<HashMap<String, (DateTime<Utc>, u32)>> {
    let mut totals = HashMap::new();
    let tx = db.begin().await?;
    let mut take = |rows: Vec<sea_orm::QueryResult>| -> Result<()> {
        for row in rows {
            let count: i32 = row.try_get("", "count")?;
            totals.insert(
                row.try_get::<String>("", "bucket")?,
                (row.try_get::<DateTime<Utc>>("", "window_start")?, count.max(0) as u32),
            );
        }
        Ok(())
    };
    for chunk in counts.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
            .collect();
        let values = chunk
            .iter()
            .flat_map(|(bucket, start, count)| [bucket.clone().into(), (*start).into(), (*count as i32).into()])
            .collect();
        let sql = format!(
            "INSERT INTO rate_limits (bucket, window_start, count) VALUES {} \
             ON CONFLICT (bucket) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + excluded.count \
                            WHEN rate_limits.window_start > excluded.window_start THEN rate_limits.count \
                            ELSE excluded.count END, \
               window_start = CASE WHEN rate_limits.window_start > excluded.window_start THEN rate_limits.window_start \
                                   ELSE excluded.window_start END \
             RETURNING bucket, window_start, count",
            rows.join(", ")
        );
        take(tx.query_all_raw(stmt(&tx, &sql, values)).await?)?;
    }
    for chunk in learn.chunks(ROWS_PER_STATEMENT) {
        let names: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT bucket, window_start, count FROM rate_limits WHERE bucket IN ({})",
            names.join(", ")
        );
        let values = chunk.iter().map(|(bucket, _, _)| bucket.clone().into()).collect();
        take(tx.query_all_raw(stmt(&tx, &sql, values)).await?)?;
    }
    if counts.is_empty() && learn.is_empty() {
        // Nothing to add or learn; whether the counts could be merged is still worth knowing.
        tx.query_one_raw(stmt(&tx, "SELECT COUNT(*) AS n FROM rate_limits WHERE bucket = ''", vec![]))
            .await?;
    }
    tx.commit().await?;
    Ok(totals)
}

/// Drops windows that ended more than an hour ago.
pub async fn purge_expired(db: &Db, clock: &dyn Clock) -> Result<u64> {
    let conn = db.write();
    let result = conn
        .execute_raw(stmt(
            conn,
            "DELETE FROM rate_limits WHERE window_start < $1",
            vec![(clock.now() - Duration::hours(1)).into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn batched_windows_count_per_bucket_and_start_afresh() {
        let limiter = BatchedLimiter::default();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 17, 42).unwrap();
        let limit = Limit::per_minute(2);
        let hit = |at, bucket| limiter.hit(at, bucket, limit).unwrap();
        assert_eq!(hit(t, "a"), Decision::Allowed { remaining: 1 });
        assert_eq!(hit(t, "a"), Decision::Allowed { remaining: 0 });
        assert_eq!(hit(t, "a"), Decision::Limited { retry_after_secs: 18 });
        assert_eq!(hit(t, "b"), Decision::Allowed { remaining: 1 }, "another bucket");
        let next = t + Duration::seconds(18);
        assert_eq!(hit(next, "a"), Decision::Allowed { remaining: 1 }, "a new window");
    }

    #[test]
    fn batched_counts_add_what_the_other_nodes_counted() {
        let limiter = BatchedLimiter::default();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 17, 42).unwrap();
        let limit = Limit::per_minute(3);
        limiter.hit(t, "a", limit).unwrap();
        {
            let mut state = lock(&limiter.state);
            let batch = state.buckets.get_mut("a").unwrap();
            // As a merge leaves it: this node's hit sent, two more from elsewhere.
            batch.pending = 0;
            batch.merged = 3;
        }
        assert_eq!(limiter.hit(t, "a", limit).unwrap(), Decision::Limited { retry_after_secs: 18 });
    }

    #[test]
    fn a_batched_limiter_that_cannot_merge_cannot_decide() {
        let limiter = BatchedLimiter::default();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 17, 42).unwrap();
        lock(&limiter.state).failing = true;
        assert!(matches!(limiter.hit(t, "a", Limit::per_minute(5)), Err(Error::Unavailable(_))));
        let mut state = lock(&limiter.state);
        state.failing = false;
        state.synced = std::time::Instant::now() - STALE_AFTER - std::time::Duration::from_secs(1);
        drop(state);
        assert!(
            matches!(limiter.hit(t, "a", Limit::per_minute(5)), Err(Error::Unavailable(_))),
            "no merge for too long"
        );
    }

    #[test]
    fn windows_align_to_their_size() {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 17, 42).unwrap();
        assert_eq!(
            window_start(t, Duration::minutes(1)),
            Utc.with_ymd_and_hms(2026, 11, 23, 10, 17, 0).unwrap()
        );
        assert_eq!(
            window_start(t, Duration::minutes(15)),
            Utc.with_ymd_and_hms(2026, 11, 23, 10, 15, 0).unwrap()
        );
    }
}
