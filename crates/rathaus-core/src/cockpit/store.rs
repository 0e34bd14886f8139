//! The register's tables: each procedure whole as JSON beside the columns lists use, its
//! revisions, and the operators' end-of-support imports.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use uuid::Uuid;

use super::end_of_support::{Product, parse_cycles};
use super::it_procedure::ItProcedure;
use rathaus_platform::db::stmt;
use rathaus_platform::{Error, Result};

#[derive(FromQueryResult)]
struct ProcedureRow {
    data: serde_json::Value,
}

fn json(value: serde_json::Value) -> Value {
    Value::Json(Some(Box::new(value)))
}

/// The whole register, by id.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<ItProcedure>> {
    ProcedureRow::find_by_statement(stmt(conn, "SELECT data FROM it_procedures ORDER BY id", vec![]))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| Ok(serde_json::from_value(r.data)?))
        .collect()
}

pub async fn get<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Option<ItProcedure>> {
    ProcedureRow::find_by_statement(stmt(conn, "SELECT data FROM it_procedures WHERE id = $1", vec![id.into()]))
        .one(conn)
        .await?
        .map(|r| Ok(serde_json::from_value(r.data)?))
        .transpose()
}

/// The entry's current revision number.
pub async fn revision<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Option<i32>> {
    let row = conn
        .query_one_raw(stmt(conn, "SELECT revision FROM it_procedures WHERE id = $1", vec![id.into()]))
        .await?;
    row.map(|r| Ok(r.try_get("", "revision")?)).transpose()
}

/// Writes the entry and its revision; returns the revision's number. A new entry
/// (`change` "created") never overwrites one of the same key made at the same moment:
/// that is a `Conflict`.
pub async fn save<C: ConnectionTrait>(
    conn: &C,
    procedure: &ItProcedure,
    (actor, actor_name): (Option<Uuid>, &str),
    change: &str,
    at: DateTime<Utc>,
) -> Result<i32> {
    let data = serde_json::to_value(procedure)?;
    let on_conflict = if change == "created" {
        "ON CONFLICT (id) DO NOTHING"
    } else {
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, owner_agency_id = excluded.owner_agency_id, data = excluded.data, \
         revision = it_procedures.revision + 1, modified_at = excluded.modified_at"
    };
    let row = conn
        .query_one_raw(stmt(
            conn,
            &format!(
                "INSERT INTO it_procedures (id, name, owner_agency_id, data, revision, modified_at) VALUES ($1, $2, $3, $4, 1, $5) \
                 {on_conflict} RETURNING revision"
            ),
            vec![
                procedure.id.clone().into(),
                procedure.name.clone().into(),
                procedure.owner.clone().into(),
                json(data.clone()),
                at.into(),
            ],
        ))
        .await?
        .ok_or_else(|| Error::Conflict("cockpit-error-id-taken".into()))?;
    let number: i32 = row.try_get("", "revision")?;
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO it_procedure_revisions (procedure_id, number, at, actor_id, actor_name, change, snapshot) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            procedure.id.clone().into(),
            number.into(),
            at.into(),
            actor.into(),
            actor_name.into(),
            change.into(),
            json(data),
        ],
    ))
    .await?;
    Ok(number)
}

/// One change of an entry, with the entry as it stood after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub procedure: String,
    pub number: i32,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub change: String,
    pub snapshot: ItProcedure,
}

#[derive(FromQueryResult)]
struct RevisionRow {
    procedure_id: String,
    number: i32,
    at: DateTime<Utc>,
    actor_name: String,
    change: String,
    snapshot: serde_json::Value,
}

impl TryFrom<RevisionRow> for Revision {
    type Error = Error;

    fn try_from(r: RevisionRow) -> Result<Self> {
        Ok(Revision {
            procedure: r.procedure_id,
            number: r.number,
            at: r.at,
            actor_name: r.actor_name,
            change: r.change,
            snapshot: serde_json::from_value(r.snapshot)?,
        })
    }
}

const REVISION_COLUMNS: &str = "procedure_id, number, at, actor_name, change, snapshot";

/// An entry's history, newest first.
pub async fn revisions<C: ConnectionTrait>(conn: &C, id: &str) -> Result<Vec<Revision>> {
    RevisionRow::find_by_statement(stmt(
        conn,
        &format!("SELECT {REVISION_COLUMNS} FROM it_procedure_revisions WHERE procedure_id = $1 ORDER BY number DESC"),
        vec![id.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(Revision::try_from)
    .collect()
}

/// Every revision since `since` together with the one before it of the same entry (to
/// say what changed), by entry and number.
pub async fn revisions_since<C: ConnectionTrait>(conn: &C, since: DateTime<Utc>) -> Result<Vec<Revision>> {
    RevisionRow::find_by_statement(stmt(
        conn,
        "WITH firsts AS (SELECT procedure_id, MIN(number) AS first FROM it_procedure_revisions WHERE at >= $1 GROUP BY procedure_id) \
         SELECT r.procedure_id, r.number, r.at, r.actor_name, r.change, r.snapshot FROM it_procedure_revisions r \
         JOIN firsts f ON f.procedure_id = r.procedure_id WHERE r.number >= f.first - 1 ORDER BY r.procedure_id, r.number",
        vec![since.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(Revision::try_from)
    .collect()
}

#[derive(FromQueryResult)]
struct ProductRow {
    product: String,
    label: String,
    aliases: serde_json::Value,
    cycles: serde_json::Value,
    imported_at: DateTime<Utc>,
    imported_by: String,
}

/// The products operators imported over the shipped table.
pub async fn imported_products<C: ConnectionTrait>(conn: &C) -> Result<Vec<Product>> {
    ProductRow::find_by_statement(stmt(
        conn,
        "SELECT product, label, aliases, cycles, imported_at, imported_by FROM eol_products ORDER BY product",
        vec![],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok(Product {
            cycles: parse_cycles(&r.cycles.to_string()).map_err(|e| Error::internal(format!("eol_products {}: {e}", r.product)))?,
            aliases: serde_json::from_value(r.aliases)?,
            product: r.product,
            label: r.label,
            imported: Some((r.imported_at, r.imported_by)),
        })
    })
    .collect()
}

/// Keeps an imported product's cycles as the file had them (endoflife.date's shape).
pub async fn save_product<C: ConnectionTrait>(
    conn: &C,
    (product, label, aliases): (&str, &str, &[String]),
    cycles: serde_json::Value,
    (at, by): (DateTime<Utc>, &str),
) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO eol_products (product, label, aliases, cycles, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (product) DO UPDATE SET label = excluded.label, aliases = excluded.aliases, cycles = excluded.cycles, \
         imported_at = excluded.imported_at, imported_by = excluded.imported_by",
        vec![
            product.into(),
            label.into(),
            json(serde_json::to_value(aliases)?),
            json(cycles),
            at.into(),
            by.into(),
        ],
    ))
    .await?;
    Ok(())
}
