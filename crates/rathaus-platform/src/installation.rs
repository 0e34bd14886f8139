//! Facts a running installation stores about itself for its other processes (the
//! command line, workers): `public_url` is written by every `rathaus serve` at start.

use sea_orm::ConnectionTrait;

use crate::Result;
use crate::clock::Clock;
use crate::db::{Db, stmt};

/// The address residents and staff use, as the server has it configured.
pub const PUBLIC_URL: &str = "public_url";

pub async fn remember(db: &Db, clock: &dyn Clock, key: &str, value: &str) -> Result<()> {
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO installation (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        vec![key.into(), value.into(), clock.now().into()],
    ))
    .await?;
    Ok(())
}

pub async fn recall(db: &Db, key: &str) -> Result<Option<String>> {
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(conn, "SELECT value FROM installation WHERE key = $1", vec![key.into()]))
        .await?;
    Ok(row.map(|r| r.try_get("", "value")).transpose()?)
}
