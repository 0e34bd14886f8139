//! A plain-text description of the schema a database holds: every table with its columns,
//! keys, checks and indexes, and every trigger — each in the form the database itself
//! reports, so two databases with the same schema are described alike whichever way
//! their statements were written. Tests compare it with a snapshot, and a database
//! upgraded from an older release with a fresh one.

use sea_orm::{ConnectionTrait, DatabaseBackend, QueryResult};
use std::fmt::Write;

use super::{Db, stmt};
use crate::Result;

/// The tables that record which migrations ran: bookkeeping, not schema.
const BOOKKEEPING: [&str; 2] = ["_sqlx_migrations", "seaql_migrations"];

pub async fn describe(db: &Db) -> Result<String> {
    match db.backend() {
        DatabaseBackend::Postgres => describe_postgres(db).await,
        _ => describe_sqlite(db).await,
    }
}

async fn rows(db: &Db, sql: &str, values: Vec<sea_orm::Value>) -> Result<Vec<QueryResult>> {
    let conn = db.write();
    Ok(conn.query_all_raw(stmt(conn, sql, values)).await?)
}

fn text(row: &QueryResult, column: &str) -> String {
    row.try_get::<Option<String>>("", column).ok().flatten().unwrap_or_default()
}

fn number(row: &QueryResult, column: &str) -> i64 {
    row.try_get::<i64>("", column).unwrap_or_default()
}

/// Lower case, without quotes, spaces or line breaks: SQLite keeps the statement as it was
/// written, and the same condition may be written with or without quoted names.
fn squash(sql: &str) -> String {
    sql.chars()
        .filter(|c| !c.is_whitespace() && *c != '"' && *c != '`')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The `CHECK (…)` clauses of a `CREATE TABLE` statement, squashed.
fn checks(create: &str) -> Vec<String> {
    let squashed = squash(create);
    let mut found = Vec::new();
    let mut rest = squashed.as_str();
    while let Some(at) = rest.find("check(") {
        let body = &rest[at + "check".len()..];
        let mut depth = 0;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push(body[..end].to_string());
        rest = &body[end..];
    }
    found.sort();
    found
}

async fn describe_sqlite(db: &Db) -> Result<String> {
    let mut out = String::new();
    let tables = rows(
        db,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        vec![],
    )
    .await?;
    for table in tables {
        let name = text(&table, "name");
        if BOOKKEEPING.contains(&name.as_str()) {
            continue;
        }
        let _ = writeln!(out, "table {name}");
        let columns = rows(
            db,
            "SELECT name, type, \"notnull\" AS required, dflt_value, pk FROM pragma_table_info($1) ORDER BY cid",
            vec![name.clone().into()],
        )
        .await?;
        for c in columns {
            let _ = writeln!(
                out,
                "  column {} {}{}{}{}",
                text(&c, "name"),
                text(&c, "type").to_uppercase(),
                if number(&c, "required") == 1 { " not null" } else { "" },
                match number(&c, "pk") {
                    0 => String::new(),
                    n => format!(" primary key {n}"),
                },
                match text(&c, "dflt_value") {
                    d if d.is_empty() => String::new(),
                    d => format!(" default {d}"),
                },
            );
        }
        let keys = rows(
            db,
            "SELECT \"table\" AS target, \"from\" AS source, \"to\" AS key, on_update, on_delete \
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
            vec![name.clone().into()],
        )
        .await?;
        for k in keys {
            let _ = writeln!(
                out,
                "  foreign key {} -> {} ({}) on update {} on delete {}",
                text(&k, "source"),
                text(&k, "target"),
                text(&k, "key"),
                text(&k, "on_update"),
                text(&k, "on_delete")
            );
        }
        for check in checks(&text(&table, "sql")) {
            let _ = writeln!(out, "  check {check}");
        }
        let indexes = rows(
            db,
            "SELECT l.name, l.\"unique\" AS is_unique, l.origin, m.sql FROM pragma_index_list($1) l \
             LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name ORDER BY l.origin, l.name",
            vec![name.clone().into()],
        )
        .await?;
        for i in indexes {
            let index = text(&i, "name");
            let columns: Vec<String> = rows(
                db,
                "SELECT name FROM pragma_index_info($1) ORDER BY seqno",
                vec![index.clone().into()],
            )
            .await?
            .iter()
            .map(|c| text(c, "name"))
            .collect();
            let sql = squash(&text(&i, "sql"));
            // An index on an expression names no column: shown as written.
            let columns = match columns.iter().any(String::is_empty) {
                true => vec![
                    sql.split_once('(')
                        .and_then(|(_, r)| r.rsplit_once(')'))
                        .map_or("", |(e, _)| e)
                        .to_string(),
                ],
                false => columns,
            };
            let condition = sql.split_once(")where").map(|(_, w)| format!(" where {w}")).unwrap_or_default();
            // Constraints' indexes are named by SQLite in the order of the constraints.
            let shown = if text(&i, "origin") == "c" {
                index.as_str()
            } else {
                "(constraint)"
            };
            let _ = writeln!(
                out,
                "  {}index {shown} ({}){condition}",
                if number(&i, "is_unique") == 1 { "unique " } else { "" },
                columns.join(", ")
            );
        }
    }
    let triggers = rows(
        db,
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
        vec![],
    )
    .await?;
    for t in triggers {
        let _ = writeln!(
            out,
            "trigger {} on {}: {}",
            text(&t, "name"),
            text(&t, "tbl_name"),
            squash(&text(&t, "sql"))
        );
    }
    Ok(out)
}

async fn describe_postgres(db: &Db) -> Result<String> {
    let mut out = String::new();
    let columns = rows(
        db,
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, is_nullable::text AS nullable, \
         column_default::text AS dflt FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
        vec![],
    )
    .await?;
    let constraints = rows(
        db,
        "SELECT conrelid::regclass::text AS t, conname::text AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint \
         WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2",
        vec![],
    )
    .await?;
    let indexes = rows(
        db,
        "SELECT tablename::text AS t, indexname::text AS name, indexdef::text AS def FROM pg_indexes \
         WHERE schemaname = current_schema() ORDER BY 1, 2",
        vec![],
    )
    .await?;
    let mut tables: Vec<String> = columns.iter().map(|c| text(c, "t")).collect();
    tables.dedup();
    for table in tables.iter().filter(|t| !BOOKKEEPING.contains(&t.as_str())) {
        let _ = writeln!(out, "table {table}");
        for c in columns.iter().filter(|c| text(c, "t") == *table) {
            let _ = writeln!(
                out,
                "  column {} {}{}{}",
                text(c, "c"),
                text(c, "ty"),
                if text(c, "nullable") == "NO" { " not null" } else { "" },
                match text(c, "dflt") {
                    d if d.is_empty() => String::new(),
                    d => format!(" default {d}"),
                }
            );
        }
        for c in constraints.iter().filter(|c| text(c, "t") == *table) {
            let _ = writeln!(out, "  constraint {}: {}", text(c, "name"), text(c, "def"));
        }
        for i in indexes.iter().filter(|i| text(i, "t") == *table) {
            let _ = writeln!(out, "  index {}: {}", text(i, "name"), text(i, "def"));
        }
    }
    let triggers = rows(
        db,
        "SELECT tgname::text AS name, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
        vec![],
    )
    .await?;
    for t in triggers {
        let _ = writeln!(out, "trigger {}: {}", text(&t, "name"), text(&t, "def"));
    }
    let functions = rows(
        db,
        "SELECT proname::text AS name, pg_get_functiondef(oid) AS def FROM pg_proc \
         WHERE pronamespace = current_schema()::regnamespace ORDER BY 1",
        vec![],
    )
    .await?;
    for f in functions {
        let _ = writeln!(out, "function {}: {}", text(&f, "name"), squash(&text(&f, "def")));
    }
    Ok(out)
}
