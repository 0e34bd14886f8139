//! Soft lockout for sign-in. After repeated failures for one address (case variants
//! count together), attempts are refused for a short, growing pause — answered exactly
//! like a wrong password. The pause never exceeds 15 minutes, attempts during it do not
//! prolong it, a browser the account has used before keeps its own count (see
//! `residents::sign_in`), so nobody can lock a person out for long; a password reset
//! lifts it.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};

pub const FREE_ATTEMPTS: i32 = 5;
pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PAUSE_MINUTES: i64 = 15;

/// The pause after `failures` failed attempts within the window.
pub fn pause_after(failures: i32) -> Option<Duration> {
    (failures >= FREE_ATTEMPTS).then(|| {
        let exponent = (failures - FREE_ATTEMPTS).clamp(0, 10) as u32;
        Duration::minutes((1_i64 << exponent).min(MAX_PAUSE_MINUTES))
    })
}

pub async fn is_paused(db: &Db, clock: &dyn Clock, email_normalized: &str) -> Result<bool> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT blocked_until FROM login_throttle WHERE email_normalized = $1",
            vec![email_normalized.into()],
        ))
        .await?;
    let until: Option<DateTime<Utc>> = match row {
        Some(r) => r.try_get("", "blocked_until")?,
        None => None,
    };
    Ok(until.is_some_and(|u| u > clock.now()))
}

/// Counts a failure for `key` (an address, or an address with a known browser). A
/// failure while the key is paused counts for nothing: trying during a pause must not
/// prolong it, or one attempt every quarter of an hour would keep the owner out.
pub async fn record_failure<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, email_normalized: &str) -> Result<()> {
    let now = clock.now();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "INSERT INTO login_throttle (email_normalized, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (email_normalized) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN login_throttle.window_start < $3 THEN excluded.window_start ELSE login_throttle.window_start END \
             WHERE login_throttle.blocked_until IS NULL OR login_throttle.blocked_until <= $2 \
             RETURNING failures",
            vec![
                email_normalized.into(),
                now.into(),
                (now - Duration::minutes(WINDOW_MINUTES)).into(),
            ],
        ))
        .await?;
    let failures: i32 = match row {
        Some(r) => r.try_get("", "failures")?,
        None => 0,
    };
    if let Some(pause) = pause_after(failures) {
        conn.execute_raw(stmt(
            conn,
            "UPDATE login_throttle SET blocked_until = $1 WHERE email_normalized = $2",
            vec![(now + pause).into(), email_normalized.into()],
        ))
        .await?;
    }
    Ok(())
}

pub async fn clear<C: ConnectionTrait>(conn: &C, email_normalized: &str) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "DELETE FROM login_throttle WHERE email_normalized = $1",
        vec![email_normalized.into()],
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_are_capped() {
        assert_eq!(pause_after(4), None);
        assert_eq!(pause_after(5), Some(Duration::minutes(1)));
        assert_eq!(pause_after(6), Some(Duration::minutes(2)));
        assert_eq!(pause_after(8), Some(Duration::minutes(8)));
        assert_eq!(pause_after(9), Some(Duration::minutes(15)));
        assert_eq!(pause_after(500), Some(Duration::minutes(15)));
    }
}
