//! Applications (Anträge): a draft is saved at every step and only its owner sees it;
//! submitting checks the whole form, hands out a case reference (`HH-2026-000123`) and
//! records the event — once, however often the button is pressed.

pub mod files;
pub mod receipt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Value as DbValue};
use serde_json::{Map, Value};
use std::collections::HashSet;
use uuid::Uuid;

use crate::accounts::Account;
use crate::cases::delivery::{Choice, Method};
use crate::cases::due;
use crate::cases::workflow::Status;
use crate::forms::{Checked, FormDefinition, Problem, check_form, check_page};
use crate::payments::fees::{self, Basis, Fee};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, NewJob};
use rathaus_platform::{Error, Result};

/// Unfinished drafts are deleted after this many days without a change, by the worker's
/// maintenance (the person is told so on the list of their applications).
pub use rathaus_platform::jobs::DRAFT_RETENTION_DAYS;

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: Uuid,
    pub account_id: Uuid,
    pub organisation_id: Option<Uuid>,
    pub service_id: String,
    pub form_id: String,
    pub form_version: u32,
    pub status: String,
    pub answers: Map<String, Value>,
    pub reference: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The agency whose case it is, from submission on.
    pub agency_id: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub due_on: Option<NaiveDate>,
    /// Since when the authority waits for the resident's information.
    pub waiting_since: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    /// The language the person applied in.
    pub lang: Lang,
    /// How the result reaches the person, chosen when submitting.
    pub delivery: Option<Choice>,
    /// The fee computed at submission; `None` for a free service (and drafts).
    pub fee: Option<Fee>,
}

impl Application {
    /// The status as the workflow knows it.
    pub fn state(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
}

pub(crate) const COLUMNS: &str = "id, account_id, organisation_id, service_id, form_id, form_version, status, answers, reference, \
     created_at, updated_at, submitted_at, agency_id, assignee_id, due_on, waiting_since, outcome, lang, \
     delivery, delivery_address, pickup_location_id, fee";

pub(crate) fn from_row(row: &QueryResult) -> Result<Application> {
    let answers: Value = row.try_get("", "answers")?;
    Ok(Application {
        id: row.try_get("", "id")?,
        account_id: row.try_get("", "account_id")?,
        organisation_id: row.try_get("", "organisation_id")?,
        service_id: row.try_get("", "service_id")?,
        form_id: row.try_get("", "form_id")?,
        form_version: row.try_get::<i32>("", "form_version")? as u32,
        status: row.try_get("", "status")?,
        answers: answers.as_object().cloned().unwrap_or_default(),
        reference: row.try_get("", "reference")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
        submitted_at: row.try_get("", "submitted_at")?,
        agency_id: row.try_get("", "agency_id")?,
        assignee_id: row.try_get("", "assignee_id")?,
        due_on: row.try_get("", "due_on")?,
        waiting_since: row.try_get("", "waiting_since")?,
        outcome: row.try_get("", "outcome")?,
        lang: row
            .try_get::<Option<String>>("", "lang")?
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default(),
        delivery: delivery_from_row(row)?,
        fee: match row.try_get::<Option<String>>("", "fee")? {
            Some(text) => Some(serde_json::from_str(&text).map_err(|e| Error::internal(format!("stored fee: {e}")))?),
            None => None,
        },
    })
}

fn delivery_from_row(row: &QueryResult) -> Result<Option<Choice>> {
    let Some(method) = row.try_get::<Option<String>>("", "delivery")?.and_then(|m| Method::parse(&m)) else {
        return Ok(None);
    };
    let address = match row.try_get::<Option<String>>("", "delivery_address")? {
        Some(text) => Some(serde_json::from_str(&text).map_err(|e| Error::internal(format!("delivery address: {e}")))?),
        None => None,
    };
    Ok(Some(Choice {
        method,
        address,
        location: row.try_get("", "pickup_location_id")?,
    }))
}

fn json(map: &Map<String, Value>) -> DbValue {
    DbValue::Json(Some(Box::new(Value::Object(map.clone()))))
}

/// Records something that happened to an application (shown on its status page).
pub async fn record_event(db: &Db, clock: &dyn Clock, application: Uuid, kind: &str, actor: &str) -> Result<()> {
    event(db.write(), clock, application, kind, actor).await
}

pub(crate) async fn event<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, application: Uuid, kind: &str, actor: &str) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO application_events (id, application_id, at, kind, actor) VALUES ($1, $2, $3, $4, $5)",
        vec![
            Uuid::now_v7().into(),
            application.into(),
            clock.now().into(),
            kind.into(),
            actor.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Starts a draft for `form`, on the person's own behalf or an organisation's.
pub async fn start(
    db: &Db,
    clock: &dyn Clock,
    account: &Account,
    organisation: Option<Uuid>,
    form: &FormDefinition,
) -> Result<Application> {
    let id = Uuid::now_v7();
    let now = clock.now();
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO applications (id, account_id, organisation_id, service_id, form_id, form_version, status, answers, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $8)",
        vec![
            id.into(),
            account.id.into(),
            organisation.into(),
            form.service.clone().into(),
            form.id.clone().into(),
            (form.version as i32).into(),
            json(&Map::new()),
            now.into(),
        ],
    ))
    .await?;
    event(&tx, clock, id, "started", &format!("account:{}", account.id)).await?;
    tx.commit().await?;
    own(db, account, id).await
}

/// One of the person's own applications; anyone else's answers `NotFound`.
pub async fn own(db: &Db, account: &Account, id: Uuid) -> Result<Application> {
    // Read connections see every committed write; the single SQLite writer stays free.
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(
            conn,
            &format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND account_id = $2"),
            vec![id.into(), account.id.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    from_row(&row)
}

/// Any application, for jobs and staff; never for a resident's request.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Application> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            &format!("SELECT {COLUMNS} FROM applications WHERE id = $1"),
            vec![id.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    from_row(&row)
}

/// Deletes one of the person's drafts with its uploaded files (crypto-shredded).
pub async fn delete_draft(db: &Db, blobs: &BlobStore, clock: &dyn Clock, account: &Account, id: Uuid) -> Result<()> {
    let draft = own(db, account, id).await?;
    if draft.status != "draft" {
        return Err(Error::Conflict("a submitted application cannot be deleted".into()));
    }
    let uploaded = files::linked(db, id).await?;
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "DELETE FROM applications WHERE id = $1 AND account_id = $2 AND status = 'draft'",
        vec![id.into(), account.id.into()],
    ))
    .await?;
    for file in uploaded {
        blobs.delete(db, clock, file.id).await?;
    }
    Ok(())
}

/// The person's applications, newest first.
pub async fn of_account(db: &Db, account: &Account) -> Result<Vec<Application>> {
    let conn = db.write();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!("SELECT {COLUMNS} FROM applications WHERE account_id = $1 ORDER BY updated_at DESC, id DESC"),
            vec![account.id.into()],
        ))
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn events(db: &Db, application: Uuid) -> Result<Vec<Event>> {
    let conn = db.write();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT at, kind FROM application_events WHERE application_id = $1 ORDER BY at, id",
            vec![application.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Event {
                at: r.try_get("", "at")?,
                kind: r.try_get("", "kind")?,
            })
        })
        .collect()
}

/// Saves the answers of one page: what is valid is stored (normalised), and the page's
/// problems come back to be shown. The answers of the page replace its earlier ones.
pub async fn save_page(
    db: &Db,
    clock: &dyn Clock,
    account: &Account,
    id: Uuid,
    form: &FormDefinition,
    page_id: &str,
    input: &Map<String, Value>,
) -> Result<Checked> {
    let draft = own(db, account, id).await?;
    if draft.status != "draft" {
        return Err(Error::Conflict("the application has been submitted".into()));
    }
    let page = form.pages.iter().find(|p| p.id == page_id).ok_or(Error::NotFound)?;
    // Conditions on this page may read answers of earlier pages.
    let mut view = draft.answers.clone();
    view.extend(input.clone());
    let today: NaiveDate = clock.now().date_naive();
    let mut checked = check_page(form, page_id, &view, today).ok_or(Error::NotFound)?;
    let linked: HashSet<Uuid> = files::linked(db, id).await?.into_iter().map(|f| f.id).collect();
    files::keep_own_files(&page.fields, &mut checked.answers, &linked, "", &mut checked.problems);
    let mut answers = draft.answers;
    for field in &page.fields {
        answers.remove(&field.id);
    }
    answers.extend(checked.answers.clone());
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE applications SET answers = $1, updated_at = $2 WHERE id = $3 AND account_id = $4 AND status = 'draft'",
        vec![json(&answers), clock.now().into(), id.into(), account.id.into()],
    ))
    .await?;
    Ok(checked)
}

/// Where a submission goes: the reference prefix, the language the person writes in,
/// and the agency and processing time of the service (its due date follows from them).
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    pub prefix: &'a str,
    pub lang: Lang,
    pub agency: &'a str,
    pub processing_days: Option<i32>,
    /// How the result is delivered; `None` where the service delivers nothing beyond
    /// the Postfach.
    pub delivery: Option<&'a Choice>,
}

impl<'a> Submission<'a> {
    pub fn for_service(prefix: &'a str, lang: Lang, service: &'a crate::catalog::Service, delivery: Option<&'a Choice>) -> Self {
        Self {
            prefix,
            lang,
            agency: &service.agency,
            processing_days: service.typical_processing_days,
            delivery,
        }
    }
}

/// A submitted application's reference, and whether this call submitted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub reference: String,
    pub just_now: bool,
}

/// Submits a draft: the whole form is checked (problems come back, nothing changes),
/// then the status, the reference and the event are written together. A second submit —
/// a double click, a retry, the back button — returns the same reference.
pub async fn submit(
    db: &Db,
    clock: &dyn Clock,
    account: &Account,
    id: Uuid,
    form: &FormDefinition,
    to: Submission<'_>,
) -> Result<std::result::Result<Submitted, Vec<Problem>>> {
    let draft = own(db, account, id).await?;
    if let Some(reference) = draft.reference {
        return Ok(Ok(Submitted {
            reference,
            just_now: false,
        }));
    }
    let checked = check_form(form, &draft.answers, clock.now().date_naive());
    if !checked.problems.is_empty() {
        return Ok(Err(checked.problems));
    }
    let now = clock.now();
    let year = now.year();
    let tx = db.begin().await?;
    // The next number of the year; a submit that loses below rolls it back.
    let number: i64 = tx
        .query_one_raw(stmt(
            &tx,
            "INSERT INTO reference_counters (year, last) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last",
            vec![year.into()],
        ))
        .await?
        .ok_or_else(|| Error::internal("no reference number"))?
        .try_get("", "last")?;
    let reference = format!("{}-{year}-{number:06}", to.prefix);
    // The fee from the answers as stored and checked here; no amount is taken from outside.
    let fee = match fees::rules().services.get(&form.service) {
        Some(rule) => {
            let basis = Basis {
                answers: &checked.answers,
                delivery: to.delivery.map(|d| d.method),
                today: due::local_date(now),
            };
            let fee = rule.compute(basis).ok_or_else(|| {
                Error::internal(format!(
                    "the fee of {} needs an answer the form left open: fix data/fees/rules.json",
                    form.service
                ))
            })?;
            Some(serde_json::to_string(&fee).map_err(|e| Error::internal(e.to_string()))?)
        }
        None => None,
    };
    let address_json = match to.delivery.and_then(|d| d.address.as_ref()) {
        Some(address) => Some(serde_json::to_string(address).map_err(|e| Error::internal(e.to_string()))?),
        None => None,
    };
    // Only one submit wins the draft; it locks the row until it commits.
    let won = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE applications SET status = 'submitted', answers = $1, reference = $2, submitted_at = $3, updated_at = $3, \
             agency_id = $4, due_on = $5, lang = $6, delivery = $7, delivery_address = $8, pickup_location_id = $9, fee = $10 \
             WHERE id = $11 AND account_id = $12 AND status = 'draft'",
            vec![
                json(&checked.answers),
                reference.clone().into(),
                now.into(),
                to.agency.into(),
                due::due_on(now, to.processing_days).into(),
                to.lang.code().into(),
                to.delivery.map(|d| d.method.as_str()).into(),
                address_json.into(),
                to.delivery.and_then(|d| d.location.clone()).into(),
                fee.into(),
                id.into(),
                account.id.into(),
            ],
        ))
        .await?;
    if won.rows_affected() == 0 {
        tx.rollback().await?;
        let done = own(db, account, id).await?;
        let reference = done
            .reference
            .ok_or_else(|| Error::Conflict("the application is being submitted".into()))?;
        return Ok(Ok(Submitted {
            reference,
            just_now: false,
        }));
    }
    let actor = format!("account:{}", account.id);
    event(&tx, clock, id, "submitted", &actor).await?;
    jobs::enqueue(
        &tx,
        clock,
        NewJob::new(receipt::JOB, serde_json::json!({ "application": id, "lang": to.lang.code() })),
    )
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "application.submitted", format!("application:{id}")).with_details(serde_json::json!({
            "reference": reference,
            "form": form.id,
            "version": form.version,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(Submitted { reference, just_now: true }))
}
