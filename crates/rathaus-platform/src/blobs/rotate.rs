//! `rathaus files rotate-key`: after `files.master_key` was changed (the old key moved to
//! `files.previous_master_keys`), every value sealed under an old key — file keys, TOTP
//! secrets — is opened and sealed anew under the current key. Each row is rewritten on
//! its own, only if it still holds what was read, so the command can be stopped and run
//! again at any time, on any node, on both databases and with either file store (the
//! objects themselves never change).

use sea_orm::{ConnectionTrait, Value};
use uuid::Uuid;

use super::MasterKey;
use crate::Result;
use crate::db::{Db, stmt};

/// A column of values sealed with the master key, the row's id bound in as associated data.
#[derive(Debug, Clone, Copy)]
pub struct Sealed {
    pub table: &'static str,
    pub id: &'static str,
    pub column: &'static str,
}

/// Every sealed column of the platform (domains add theirs).
pub const FILE_KEYS: Sealed = Sealed {
    table: "files",
    id: "id",
    column: "wrapped_key",
};

/// What a rotation did, per column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotated {
    pub rewrapped: u64,
    pub already_current: u64,
    /// Rows no configured key opens (damaged, or sealed with a key not configured).
    pub unopenable: Vec<Uuid>,
}

const PAGE: u64 = 500;

/// Rewraps one sealed column under the current key.
pub async fn rotate(db: &Db, master: &MasterKey, sealed: Sealed) -> Result<Rotated> {
    let Sealed { table, id, column } = sealed;
    let mut report = Rotated::default();
    let mut after: Option<Uuid> = None;
    loop {
        let conn = db.write();
        let (sql, params): (String, Vec<Value>) = match after {
            None => (
                format!("SELECT {id} AS id, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL ORDER BY {id} LIMIT {PAGE}"),
                vec![],
            ),
            Some(last) => (
                format!(
                    "SELECT {id} AS id, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL AND {id} > $1 ORDER BY {id} LIMIT {PAGE}"
                ),
                vec![last.into()],
            ),
        };
        let rows = conn.query_all_raw(stmt(conn, &sql, params)).await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let row_id: Uuid = row.try_get("", "id")?;
            let old: Vec<u8> = row.try_get("", "sealed")?;
            after = Some(row_id);
            match master.reseal(&old, row_id.as_bytes()) {
                Ok(None) => report.already_current += 1,
                Ok(Some(new)) => {
                    conn.execute_raw(stmt(
                        conn,
                        &format!("UPDATE {table} SET {column} = $1 WHERE {id} = $2 AND {column} = $3"),
                        vec![Value::Bytes(Some(new)), row_id.into(), Value::Bytes(Some(old))],
                    ))
                    .await?;
                    report.rewrapped += 1;
                }
                Err(_) => report.unopenable.push(row_id),
            }
        }
    }
    Ok(report)
}
