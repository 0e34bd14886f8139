//! The strategies' rules: the CDO office reads every agency's strategy, an agency's
//! administrators read and change their own; every change is checked (services in the
//! catalogue, procedures in the register, goals of the strategy), refused when someone
//! else changed the strategy meanwhile, kept as a revision and audited.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde_json::json;

use super::register::{CHANGED_MEANWHILE, Office};
use super::store as register_store;
use super::strategy::{Figure, Strategy};
use crate::FieldError;
use crate::catalog::Catalog;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// A strategy as stored, with the revision its next change must name.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub strategy: Strategy,
    pub revision: i32,
    pub modified_at: DateTime<Utc>,
}

/// What a change did, named in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Edited,
    GoalAdded,
    GoalEdited,
    GoalRemoved,
    MeasureAdded,
    MeasureEdited,
    MeasureRemoved,
}

impl Change {
    pub const ALL: [Change; 8] = [
        Change::Created,
        Change::Edited,
        Change::GoalAdded,
        Change::GoalEdited,
        Change::GoalRemoved,
        Change::MeasureAdded,
        Change::MeasureEdited,
        Change::MeasureRemoved,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Edited => "edited",
            Change::GoalAdded => "goal_added",
            Change::GoalEdited => "goal_edited",
            Change::GoalRemoved => "goal_removed",
            Change::MeasureAdded => "measure_added",
            Change::MeasureEdited => "measure_edited",
            Change::MeasureRemoved => "measure_removed",
        }
    }
}

/// A line of a strategy's history.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Revision {
    pub number: i32,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub change: String,
    pub subject: String,
}

#[derive(FromQueryResult)]
struct Row {
    data: serde_json::Value,
    revision: i32,
    modified_at: DateTime<Utc>,
}

impl Row {
    fn stored(self) -> Result<Stored> {
        Ok(Stored {
            strategy: serde_json::from_value(self.data)?,
            revision: self.revision,
            modified_at: self.modified_at,
        })
    }
}

async fn get<C: ConnectionTrait>(conn: &C, agency: &str) -> Result<Option<Stored>> {
    Row::find_by_statement(stmt(
        conn,
        "SELECT data, revision, modified_at FROM digital_strategies WHERE agency_id = $1",
        vec![agency.into()],
    ))
    .one(conn)
    .await?
    .map(Row::stored)
    .transpose()
}

/// Every strategy, for the CDO office's portfolio and the progress report.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Stored>> {
    Row::find_by_statement(stmt(
        conn,
        "SELECT data, revision, modified_at FROM digital_strategies ORDER BY agency_id",
        vec![],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(Row::stored)
    .collect()
}

/// Whether the person may see the agency's strategy at all: the CDO office and the
/// agency's administrators. Anyone else is refused; another agency's administrator is
/// told it is not found, as in the register.
pub fn may_read(office: &Office, agency: &str) -> Result<()> {
    if office.reads(agency) {
        Ok(())
    } else if office.may_enter() {
        Err(Error::NotFound)
    } else {
        Err(Error::Forbidden)
    }
}

/// The agency's strategy (none yet: `None`) for someone who may read it.
pub async fn read<C: ConnectionTrait>(conn: &C, office: &Office, agency: &str) -> Result<Option<Stored>> {
    may_read(office, agency)?;
    get(conn, agency).await
}

pub async fn history<C: ConnectionTrait>(conn: &C, office: &Office, agency: &str, limit: u64) -> Result<Vec<Revision>> {
    may_read(office, agency)?;
    Ok(Revision::find_by_statement(stmt(
        conn,
        "SELECT number, at, actor_name, change, subject FROM digital_strategy_revisions WHERE agency_id = $1 ORDER BY number DESC LIMIT $2",
        vec![agency.into(), (limit as i64).into()],
    ))
    .all(conn)
    .await?)
}

/// The references a strategy makes, checked: goals' services in the catalogue, each
/// measure's services in the catalogue, its procedures in the register, its goals in the
/// strategy.
fn references(strategy: &Strategy, catalog: &Catalog, procedures: &[String]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut add = |field: &'static str, key: &'static str| {
        if !errors.iter().any(|e: &FieldError| e.field == field) {
            errors.push(FieldError { field, key });
        }
    };
    for goal in &strategy.goals {
        if goal.figure != Figure::Reported && goal.service.as_ref().is_some_and(|s| catalog.service(s).is_none()) {
            add("service", "cockpit-error-service-unknown");
        }
    }
    for m in &strategy.measures {
        if m.services.iter().any(|s| catalog.service(s).is_none()) {
            add("services", "cockpit-error-service-unknown");
        }
        if m.procedures.iter().any(|p| !procedures.contains(p)) {
            add("procedures", "strategy-error-procedure-unknown");
        }
        if m.goals.iter().any(|g| strategy.goal(*g).is_none()) {
            add("goals", "strategy-error-goal-unknown");
        }
    }
    errors
}

/// What a change ended in: the new revision, or the fields to correct.
pub type Saved = std::result::Result<i32, Vec<FieldError>>;

/// Changes the agency's strategy: `apply` edits the stored one (or a new, empty one when
/// the agency has none yet) and names what it changed. `seen` is the revision the editor
/// read (none for a new strategy): a change made since is refused, not overwritten. Only
/// the agency's administrators change it.
pub async fn change(
    db: &Db,
    clock: &dyn Clock,
    office: &Office,
    catalog: &Catalog,
    (agency, seen): (&str, Option<i32>),
    apply: impl FnOnce(&mut Strategy) -> std::result::Result<(Change, String), Vec<FieldError>>,
) -> Result<Saved> {
    may_read(office, agency)?;
    if !office.edits(agency) {
        return Err(Error::Forbidden);
    }
    if catalog.agency(agency).is_none() {
        return Err(Error::NotFound);
    }
    let tx = db.begin().await?;
    let existing = get(&tx, agency).await?;
    if existing.as_ref().map(|e| e.revision) != seen {
        return Ok(Err(vec![FieldError {
            field: "revision",
            key: CHANGED_MEANWHILE,
        }]));
    }
    let mut strategy = existing.map(|e| e.strategy).unwrap_or_else(|| Strategy {
        agency: agency.to_string(),
        ..Strategy::default()
    });
    let (what, subject) = match apply(&mut strategy) {
        Ok(done) => done,
        Err(errors) => return Ok(Err(errors)),
    };
    let procedures: Vec<String> = register_store::all(&tx).await?.into_iter().map(|p| p.id).collect();
    let problems = references(&strategy, catalog, &procedures);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let data = serde_json::to_value(&strategy)?;
    let at = clock.now();
    let number = seen.unwrap_or(0) + 1;
    let written = tx
        .execute_raw(stmt(
            &tx,
            "INSERT INTO digital_strategies (agency_id, data, revision, modified_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (agency_id) DO UPDATE SET data = excluded.data, revision = excluded.revision, modified_at = excluded.modified_at \
             WHERE digital_strategies.revision = $5",
            vec![
                agency.into(),
                Value::Json(Some(Box::new(data.clone()))),
                number.into(),
                at.into(),
                seen.unwrap_or(0).into(),
            ],
        ))
        .await?;
    if written.rows_affected() != 1 {
        return Ok(Err(vec![FieldError {
            field: "revision",
            key: CHANGED_MEANWHILE,
        }]));
    }
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO digital_strategy_revisions (agency_id, number, at, actor_id, actor_name, change, subject, snapshot) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vec![
            agency.into(),
            number.into(),
            at.into(),
            office.account.into(),
            office.name.clone().into(),
            what.id().into(),
            subject.clone().into(),
            Value::Json(Some(Box::new(data))),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(office.audit_actor(), format!("strategy.{}", what.id()), format!("agency:{agency}"))
            .with_details(json!({ "revision": number, "subject": subject })),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(number))
}

/// Writes a strategy for an agency that has none, as the operator's load (the demo):
/// one that exists is left as its agency keeps it. Like the catalogue import it leaves
/// no audit entry; its revision names the system as author.
pub async fn load_if_missing(db: &Db, clock: &dyn Clock, strategy: &Strategy) -> Result<bool> {
    let tx = db.begin().await?;
    if get(&tx, &strategy.agency).await?.is_some() {
        return Ok(false);
    }
    let data = serde_json::to_value(strategy)?;
    let at = clock.now();
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO digital_strategies (agency_id, data, revision, modified_at) VALUES ($1, $2, 1, $3)",
        vec![strategy.agency.clone().into(), Value::Json(Some(Box::new(data.clone()))), at.into()],
    ))
    .await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO digital_strategy_revisions (agency_id, number, at, actor_id, actor_name, change, subject, snapshot) \
         VALUES ($1, 1, $2, NULL, 'system', 'created', $3, $4)",
        vec![
            strategy.agency.clone().into(),
            at.into(),
            strategy.title.clone().into(),
            Value::Json(Some(Box::new(data))),
        ],
    ))
    .await?;
    tx.commit().await?;
    Ok(true)
}
