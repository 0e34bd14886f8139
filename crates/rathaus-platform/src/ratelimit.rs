//! Fixed-window rate limits. [`hit`] counts in the database, so a limit holds across
//! every node; callers must treat an `Err` as "refuse": a limiter that cannot decide
//! fails closed. [`LocalLimiter`] counts in this process, for limits that a rush hits
//! with every request, where a database write each would be the bottleneck.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use std::sync::Mutex;

use crate::clock::Clock;
use crate::db::{Db, stmt};
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
    let now = clock.now();
    let start = window_start(now, limit.window);
    let conn = db.write();
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

/// Fixed windows counted in this process only. Across N nodes a client may get N times
/// the limit; limits that must hold exactly use [`hit`].
#[derive(Debug, Default)]
pub struct LocalLimiter {
    /// Per bucket: when its window ends, and the hits in it.
    windows: Mutex<HashMap<String, (DateTime<Utc>, u32)>>,
}

/// Past this many buckets, ended windows are dropped before a new one is added.
const LOCAL_BUCKETS: usize = 50_000;

impl LocalLimiter {
    /// Counts one request against `bucket` and decides.
    pub fn hit(&self, now: DateTime<Utc>, bucket: &str, limit: Limit) -> Decision {
        let start = window_start(now, limit.window);
        let end = start + limit.window;
        // A panic elsewhere while counting leaves nothing half-done: the map stays usable.
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= LOCAL_BUCKETS && !windows.contains_key(bucket) {
            windows.retain(|_, (ends, _)| *ends > now);
        }
        let window = windows.entry(bucket.to_string()).or_insert((end, 0));
        if window.0 != end {
            *window = (end, 0);
        }
        window.1 = window.1.saturating_add(1);
        decide(window.1, limit, start, now)
    }
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
    fn local_windows_count_per_bucket_and_start_afresh() {
        let limiter = LocalLimiter::default();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 17, 42).unwrap();
        let limit = Limit::per_minute(2);
        assert_eq!(limiter.hit(t, "a", limit), Decision::Allowed { remaining: 1 });
        assert_eq!(limiter.hit(t, "a", limit), Decision::Allowed { remaining: 0 });
        assert_eq!(limiter.hit(t, "a", limit), Decision::Limited { retry_after_secs: 18 });
        assert_eq!(limiter.hit(t, "b", limit), Decision::Allowed { remaining: 1 }, "another bucket");
        let next = t + Duration::seconds(18);
        assert_eq!(limiter.hit(next, "a", limit), Decision::Allowed { remaining: 1 }, "a new window");
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
