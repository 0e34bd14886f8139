//! Replacement measures (Maßnahmen): what an agency plans for an ageing procedure — the
//! target (a product or a successor procedure), the date it is to be reached, the
//! budget, the state and the milestones — read from the form with every wrong field
//! named, kept with a revision per change and audited.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::register::Office;
use super::store;
use crate::FieldError;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    Planned,
    InProgress,
    Done,
    Cancelled,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 4] = [
        MeasureStatus::Planned,
        MeasureStatus::InProgress,
        MeasureStatus::Done,
        MeasureStatus::Cancelled,
    ];

    pub fn id(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "planned",
            MeasureStatus::InProgress => "in_progress",
            MeasureStatus::Done => "done",
            MeasureStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == text.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "cockpit-measure-planned",
            MeasureStatus::InProgress => "cockpit-measure-in_progress",
            MeasureStatus::Done => "cockpit-measure-done",
            MeasureStatus::Cancelled => "cockpit-measure-cancelled",
        }
    }

    /// A measure that still answers for the procedure's ageing: planned, under way or done.
    pub fn counts(self) -> bool {
        self != MeasureStatus::Cancelled
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub title: String,
    pub due: NaiveDate,
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub id: Uuid,
    pub procedure: String,
    pub title: String,
    /// The product or successor procedure it leads to.
    pub target: String,
    pub target_date: NaiveDate,
    /// In whole euros: a planning figure.
    pub budget_eur: i64,
    pub status: MeasureStatus,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

impl Measure {
    /// Whether it is reached only after `deadline` (the procedure's first end of support):
    /// a done measure never is.
    pub fn is_late(&self, deadline: Option<NaiveDate>) -> bool {
        self.status != MeasureStatus::Done && self.status.counts() && deadline.is_some_and(|d| self.target_date > d)
    }
}

/// The form as typed; milestones one per line as `YYYY-MM-DD title`, `[x]` at the end
/// when reached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureInput {
    pub title: String,
    pub target: String,
    pub target_date: String,
    pub budget_eur: String,
    pub status: String,
    pub milestones: String,
}

fn field(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

impl MeasureInput {
    pub fn of(m: &Measure) -> Self {
        MeasureInput {
            title: m.title.clone(),
            target: m.target.clone(),
            target_date: m.target_date.to_string(),
            budget_eur: m.budget_eur.to_string(),
            status: m.status.id().into(),
            milestones: milestones_text(&m.milestones),
        }
    }

    pub fn parse(&self, id: Uuid, procedure: &str) -> std::result::Result<Measure, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (name, value) in [("title", &self.title), ("target", &self.target)] {
            if value.trim().is_empty() {
                errors.push(field(name, "cockpit-error-required"));
            }
        }
        let target_date = NaiveDate::parse_from_str(self.target_date.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
            errors.push(field("target_date", "cockpit-error-date"));
            NaiveDate::MIN
        });
        let Plan {
            budget_eur,
            status,
            milestones,
        } = Plan::parse((&self.budget_eur, &self.status, &self.milestones), &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Measure {
            id,
            procedure: procedure.to_string(),
            title: self.title.trim().to_string(),
            target: self.target.trim().to_string(),
            target_date,
            budget_eur,
            status,
            milestones,
        })
    }
}

/// What every measure plans — a replacement measure and a strategy's — as read from its
/// form fields `budget_eur`, `status` and `milestones`.
pub struct Plan {
    pub budget_eur: i64,
    pub status: MeasureStatus,
    pub milestones: Vec<Milestone>,
}

impl Plan {
    /// Reads the fields (budget, state, milestones), naming each wrong one in `errors`.
    pub fn parse((budget, status, milestones): (&str, &str, &str), errors: &mut Vec<FieldError>) -> Self {
        let budget_eur = match budget.trim() {
            "" => 0,
            text => super::input::whole_number(text).unwrap_or_else(|| {
                errors.push(field("budget_eur", "cockpit-error-number"));
                0
            }),
        };
        let status = MeasureStatus::parse(status).unwrap_or_else(|| {
            errors.push(field("status", "cockpit-error-status"));
            MeasureStatus::Planned
        });
        let milestones = parse_milestones(milestones).unwrap_or_else(|| {
            errors.push(field("milestones", "cockpit-error-milestone"));
            Vec::new()
        });
        Plan {
            budget_eur,
            status,
            milestones,
        }
    }
}

/// Milestones one per line as `YYYY-MM-DD title`, `[x]` at the end when reached; sorted
/// by date. `None` when a line is not of that shape.
pub fn parse_milestones(text: &str) -> Option<Vec<Milestone>> {
    let mut milestones = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (done, line) = match line.strip_suffix("[x]").or_else(|| line.strip_suffix("[X]")) {
            Some(rest) => (true, rest.trim_end()),
            None => (false, line),
        };
        let (due, title) = line
            .split_once(' ')
            .and_then(|(day, title)| Some((NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?, title.trim())))
            .filter(|(_, title)| !title.is_empty())?;
        milestones.push(Milestone {
            title: title.to_string(),
            due,
            done,
        });
    }
    milestones.sort_by_key(|m| m.due);
    Some(milestones)
}

/// Milestones as [`parse_milestones`] reads them.
pub fn milestones_text(milestones: &[Milestone]) -> String {
    milestones
        .iter()
        .map(|s| format!("{} {}{}", s.due, s.title, if s.done { " [x]" } else { "" }))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Milestone {
    /// Not reached though its day has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.done && self.due < today
    }
}

#[derive(FromQueryResult)]
struct MeasureRow {
    data: serde_json::Value,
}

fn rows(rows: Vec<MeasureRow>) -> Result<Vec<Measure>> {
    rows.into_iter().map(|r| Ok(serde_json::from_value(r.data)?)).collect()
}

/// Every measure of the register, by procedure and target date.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Measure>> {
    rows(
        MeasureRow::find_by_statement(stmt(
            conn,
            "SELECT data FROM it_measures ORDER BY procedure_id, target_date, id",
            vec![],
        ))
        .all(conn)
        .await?,
    )
}

pub async fn of_procedure<C: ConnectionTrait>(conn: &C, procedure: &str) -> Result<Vec<Measure>> {
    rows(
        MeasureRow::find_by_statement(stmt(
            conn,
            "SELECT data FROM it_measures WHERE procedure_id = $1 ORDER BY target_date, id",
            vec![procedure.into()],
        ))
        .all(conn)
        .await?,
    )
}

async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<Measure>> {
    Ok(rows(
        MeasureRow::find_by_statement(stmt(conn, "SELECT data FROM it_measures WHERE id = $1", vec![id.into()]))
            .all(conn)
            .await?,
    )?
    .pop())
}

/// A measure of an entry the person may read (another agency's is not found).
pub async fn read(db: &Db, office: &Office, procedure: &str, id: Uuid) -> Result<Measure> {
    let owner = store::get(db.read(), procedure).await?.ok_or(Error::NotFound)?.owner;
    if !office.reads(&owner) {
        return Err(Error::NotFound);
    }
    get(db.read(), id)
        .await?
        .filter(|m| m.procedure == procedure)
        .ok_or(Error::NotFound)
}

/// Saves a measure (new when its id is not yet known) of an entry the person edits,
/// with its revision and audit entry.
pub async fn save(db: &Db, clock: &dyn Clock, office: &Office, measure: &Measure) -> Result<()> {
    let tx = db.begin().await?;
    let owner = store::get(&tx, &measure.procedure).await?.ok_or(Error::NotFound)?.owner;
    if !office.edits(&owner) {
        return Err(if office.reads(&owner) { Error::Forbidden } else { Error::NotFound });
    }
    let existing = get(&tx, measure.id).await?;
    if existing.as_ref().is_some_and(|e| e.procedure != measure.procedure) {
        return Err(Error::NotFound);
    }
    if existing.as_ref() == Some(measure) {
        return Ok(());
    }
    let change = if existing.is_some() { "edited" } else { "created" };
    let data = serde_json::to_value(measure)?;
    let at: DateTime<Utc> = clock.now();
    let row = tx
        .query_one_raw(stmt(
            &tx,
            "INSERT INTO it_measures (id, procedure_id, target_date, data, revision, modified_at) VALUES ($1, $2, $3, $4, 1, $5) \
             ON CONFLICT (id) DO UPDATE SET target_date = excluded.target_date, data = excluded.data, \
             revision = it_measures.revision + 1, modified_at = excluded.modified_at RETURNING revision",
            vec![
                measure.id.into(),
                measure.procedure.clone().into(),
                measure.target_date.into(),
                Value::Json(Some(Box::new(data.clone()))),
                at.into(),
            ],
        ))
        .await?
        .ok_or_else(|| Error::internal("it_measures: upsert returned no row"))?;
    let number: i32 = row.try_get("", "revision")?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO it_measure_revisions (measure_id, number, at, actor_id, actor_name, change, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            measure.id.into(),
            number.into(),
            at.into(),
            office.account.into(),
            office.name.clone().into(),
            change.into(),
            Value::Json(Some(Box::new(data))),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(
            office.audit_actor(),
            format!("it_measure.{change}"),
            format!("it_procedure:{}", measure.procedure),
        )
        .with_details(json!({ "measure": measure.id, "revision": number })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_are_read_one_per_line_and_sorted() {
        let input = MeasureInput {
            title: "Umstieg auf PostgreSQL 16".into(),
            target: "PostgreSQL 16".into(),
            target_date: "2027-03-31".into(),
            budget_eur: "120.000".into(),
            status: "in_progress".into(),
            milestones: "2027-02-01 Produktivsetzung\n2026-12-15 Testumgebung bereit [x]\n".into(),
        };
        let m = input.parse(Uuid::nil(), "melda").unwrap();
        assert_eq!(m.budget_eur, 120_000);
        assert_eq!(m.milestones[0].title, "Testumgebung bereit");
        assert!(m.milestones[0].done && !m.milestones[1].done);
        assert_eq!(MeasureInput::of(&m).parse(Uuid::nil(), "melda").unwrap(), m);
        let bad = MeasureInput {
            milestones: "bald Produktivsetzung".into(),
            status: "irgendwie".into(),
            ..input
        };
        let fields: Vec<&str> = bad.parse(Uuid::nil(), "melda").unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["status", "milestones"]);
    }

    #[test]
    fn a_measure_is_late_when_it_ends_after_the_deadline_unless_done() {
        let day = |m| NaiveDate::from_ymd_opt(2027, m, 1).unwrap();
        let mut m = Measure {
            id: Uuid::nil(),
            procedure: "melda".into(),
            title: "t".into(),
            target: "t".into(),
            target_date: day(6),
            budget_eur: 0,
            status: MeasureStatus::Planned,
            milestones: vec![],
        };
        assert!(m.is_late(Some(day(3))));
        assert!(!m.is_late(Some(day(7))));
        assert!(!m.is_late(None));
        m.status = MeasureStatus::Done;
        assert!(!m.is_late(Some(day(3))));
    }
}
