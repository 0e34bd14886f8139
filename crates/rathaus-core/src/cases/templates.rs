//! Message templates: texts an agency's case workers save once and insert into a
//! message or an information request. `{Aktenzeichen}`, `{Name}` and `{Leistung}` are
//! filled with the case's reference, the applicant's name and the service. Only case
//! workers and team leads of the agency see, write and delete its templates; each change
//! is audited.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use super::{CaseScope, MAX_TEXT_CHARS};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct MessageTemplate {
    pub id: Uuid,
    pub agency_id: String,
    pub title: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

impl MessageTemplate {
    /// The text for one case, its placeholders filled.
    pub fn fill(&self, reference: &str, name: &str, service: &str) -> String {
        self.body
            .replace("{Aktenzeichen}", reference)
            .replace("{Name}", name)
            .replace("{Leistung}", service)
    }
}

/// What a template form can be wrong about, by field and message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
}

/// A template as typed.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub agency_id: String,
    pub title: String,
    pub body: String,
}

impl Draft {
    pub fn problems(&self, scope: &CaseScope) -> Vec<Problem> {
        let mut problems = Vec::new();
        if !scope.agencies.contains(&self.agency_id) {
            problems.push(Problem {
                field: "agency",
                key: "template-error-agency",
            });
        }
        let title = self.title.trim().chars().count();
        if title == 0 || title > MAX_TITLE_CHARS {
            problems.push(Problem {
                field: "title",
                key: "template-error-title",
            });
        }
        let body = self.body.trim().chars().count();
        if body == 0 || body > MAX_TEXT_CHARS {
            problems.push(Problem {
                field: "body",
                key: "template-error-body",
            });
        }
        problems
    }
}

const COLUMNS: &str = "id, agency_id, title, body, updated_at";

/// The templates of the agencies the person works for, by agency and title.
pub async fn of_scope(db: &Db, scope: &CaseScope) -> Result<Vec<MessageTemplate>> {
    let mut all = Vec::new();
    for agency in &scope.agencies {
        all.extend(of_agency(db, agency).await?);
    }
    Ok(all)
}

pub async fn of_agency(db: &Db, agency: &str) -> Result<Vec<MessageTemplate>> {
    let conn = db.read();
    Ok(MessageTemplate::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM message_templates WHERE agency_id = $1 ORDER BY title, id"),
        vec![agency.into()],
    ))
    .all(conn)
    .await?)
}

/// One template, if the person may use it; anyone else's answers `NotFound`.
pub async fn get(db: &Db, scope: &CaseScope, id: Uuid) -> Result<MessageTemplate> {
    let conn = db.read();
    let template = MessageTemplate::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM message_templates WHERE id = $1"),
        vec![id.into()],
    ))
    .one(conn)
    .await?
    .ok_or(Error::NotFound)?;
    if !scope.agencies.contains(&template.agency_id) {
        return Err(Error::NotFound);
    }
    Ok(template)
}

/// Creates (`id` none) or changes a template; `Err(problems)` when the draft is not
/// acceptable.
pub async fn save(
    db: &Db,
    clock: &dyn Clock,
    scope: &CaseScope,
    id: Option<Uuid>,
    draft: &Draft,
) -> Result<std::result::Result<Uuid, Vec<Problem>>> {
    let problems = draft.problems(scope);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    if let Some(id) = id {
        // An existing template must be one of the person's agencies (the new agency is
        // checked with the draft).
        get(db, scope, id).await?;
    }
    let tx = db.begin().await?;
    let values = |id: Uuid| {
        vec![
            id.into(),
            draft.agency_id.clone().into(),
            draft.title.trim().to_string().into(),
            draft.body.trim().to_string().into(),
            scope.account.into(),
            clock.now().into(),
        ]
    };
    let id = match id {
        Some(id) => {
            tx.execute_raw(stmt(
                &tx,
                "UPDATE message_templates SET agency_id = $2, title = $3, body = $4, updated_by = $5, updated_at = $6 WHERE id = $1",
                values(id),
            ))
            .await?;
            id
        }
        None => {
            let id = Uuid::now_v7();
            tx.execute_raw(stmt(
                &tx,
                "INSERT INTO message_templates (id, agency_id, title, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
                values(id),
            ))
            .await?;
            id
        }
    };
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{}", scope.account), "template.saved", format!("template:{id}"))
            .with_details(serde_json::json!({ "agency": draft.agency_id })),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

pub async fn delete(db: &Db, clock: &dyn Clock, scope: &CaseScope, id: Uuid) -> Result<()> {
    let template = get(db, scope, id).await?;
    let tx = db.begin().await?;
    tx.execute_raw(stmt(&tx, "DELETE FROM message_templates WHERE id = $1", vec![id.into()]))
        .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(format!("account:{}", scope.account), "template.deleted", format!("template:{id}"))
            .with_details(serde_json::json!({ "agency": template.agency_id })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
