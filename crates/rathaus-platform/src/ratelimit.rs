//! Fixed-window rate limits whose counters live in the database, so a limit holds across
//! every node. Callers must treat an `Err` as "refuse": a limiter that cannot decide
//! fails closed.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

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
    let count = count.max(0) as u32;
    if count <= limit.max {
        Ok(Decision::Allowed {
            remaining: limit.max - count,
        })
    } else {
        let retry = (start + limit.window - now).num_seconds().max(1) as u64;
        Ok(Decision::Limited { retry_after_secs: retry })
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
