//! Applications (Anträge): a draft is saved at every step and only its owner sees it;
//! submitting checks the whole form, hands out a case reference (`HH-2026-000123`) and
//! records the event — once, however often the button is pressed.

pub mod drafts;
pub mod files;
pub mod receipt;
pub mod submitting;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, FromQueryResult, QueryResult, Value as DbValue};
use serde_json::{Map, Value};
use std::collections::HashSet;
use uuid::Uuid;

use crate::accounts::{Acting, Level};
use crate::cases::delivery::{Choice, Method, PostalAddress};
use crate::cases::due;
use crate::cases::workflow::{Outcome, Status};
use crate::forms::{Checked, FormDefinition, Problem, check_form, check_page};
use crate::payments::fees::{self, Basis, Due, Fee};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::blobs::journal::{Erasure, ErasureKind};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, Json, stmt};
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self};
use rathaus_platform::{Error, Result};

/// Unfinished drafts are deleted after this many days without a change, by the worker's
/// maintenance (the person is told so on the list of their applications).
pub use drafts::DRAFT_RETENTION_DAYS;

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: Uuid,
    pub account_id: Uuid,
    pub organisation_id: Option<Uuid>,
    pub service_id: String,
    pub form_id: String,
    pub form_version: u32,
    pub status: Status,
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
    pub outcome: Option<Outcome>,
    /// The language the person applied in.
    pub lang: Lang,
    /// How the result reaches the person, chosen when submitting.
    pub delivery: Option<Choice>,
    /// The fee computed at submission; `None` for a free service (and drafts).
    pub fee: Option<Fee>,
    /// While information is requested: the day (Hamburg) the answer is due.
    pub respond_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
}

pub(crate) const COLUMNS: &str = "id, account_id, organisation_id, service_id, form_id, form_version, status, answers, reference, \
     created_at, updated_at, submitted_at, agency_id, assignee_id, due_on, waiting_since, outcome, lang, \
     delivery, delivery_address, pickup_location_id, fee, respond_by";

/// An application's row as stored (the columns of [`COLUMNS`]).
#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    account_id: Uuid,
    organisation_id: Option<Uuid>,
    service_id: String,
    form_id: String,
    form_version: i32,
    status: Status,
    answers: Json<Map<String, Value>>,
    reference: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
    agency_id: Option<String>,
    assignee_id: Option<Uuid>,
    due_on: Option<NaiveDate>,
    waiting_since: Option<DateTime<Utc>>,
    outcome: Option<Outcome>,
    lang: Option<String>,
    delivery: Option<String>,
    delivery_address: Option<Json<PostalAddress>>,
    pickup_location_id: Option<String>,
    fee: Option<Fee>,
    respond_by: Option<NaiveDate>,
}

impl From<Row> for Application {
    fn from(r: Row) -> Application {
        Application {
            id: r.id,
            account_id: r.account_id,
            organisation_id: r.organisation_id,
            service_id: r.service_id,
            form_id: r.form_id,
            form_version: r.form_version.unsigned_abs(),
            status: r.status,
            answers: r.answers.0,
            reference: r.reference,
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
            agency_id: r.agency_id,
            assignee_id: r.assignee_id,
            due_on: r.due_on,
            waiting_since: r.waiting_since,
            outcome: r.outcome,
            lang: r.lang.as_deref().and_then(Lang::parse).unwrap_or_default(),
            delivery: r.delivery.as_deref().and_then(Method::parse).map(|method| Choice {
                method,
                address: r.delivery_address.map(|a| a.0),
                location: r.pickup_location_id,
            }),
            fee: r.fee,
            respond_by: r.respond_by,
        }
    }
}

/// The application of a row read with [`COLUMNS`] (and maybe more).
pub(crate) fn from_row(row: &QueryResult) -> Result<Application> {
    Ok(Row::from_query_result(row, "")?.into())
}

/// The application a statement selecting [`COLUMNS`] finds.
async fn one_in<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<DbValue>) -> Result<Option<Application>> {
    Ok(Row::find_by_statement(stmt(conn, sql, values))
        .one(conn)
        .await?
        .map(Application::from))
}

fn json(map: &Map<String, Value>) -> DbValue {
    DbValue::Json(Some(Box::new(Value::Object(map.clone()))))
}

/// Records something that happened to an application (shown on its status page).
pub async fn record_event(db: &Db, clock: &dyn Clock, application: Uuid, kind: &str, actor: &str) -> Result<()> {
    event(db.write(), clock, application, kind, actor).await
}

/// Records an event inside the caller's transaction.
pub async fn record_event_in(tx: &DatabaseTransaction, clock: &dyn Clock, application: Uuid, kind: &str, actor: &str) -> Result<()> {
    event(tx, clock, application, kind, actor).await
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
pub async fn start(db: &Db, clock: &dyn Clock, who: &Acting<'_>, organisation: Option<Uuid>, form: &FormDefinition) -> Result<Application> {
    let account = who.account;
    who.at_least(needed_level(db.read(), &form.service).await?)?;
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
    own(db, who, id).await
}

/// The level an application for a service needs, in SQL over its `services` row `s`:
/// the service's own; for a form filled in ahead of a visit (a service not online) at
/// most "substantial" — nothing is decided before the counter has seen the person and
/// their papers, and someone who lost their ID card cannot use its online function.
pub const NEEDED_LEVEL_SQL: &str =
    "CASE WHEN NOT s.online_possible AND s.assurance_level = 'high' THEN 'substantial' ELSE s.assurance_level END";

/// [`NEEDED_LEVEL_SQL`] for a catalogue service at hand.
pub fn level_for(service: &crate::catalog::Service) -> Level {
    let level = Level::parse(&service.assurance_level).unwrap_or(Level::Substantial);
    match service.online.possible {
        true => level,
        false => level.min(Level::Substantial),
    }
}

/// The assurance level an application for the service needs ("substantial" when it
/// names none, or is no longer in the catalogue); see [`NEEDED_LEVEL_SQL`].
pub async fn needed_level<C: ConnectionTrait>(conn: &C, service: &str) -> Result<Level> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            &format!("SELECT {NEEDED_LEVEL_SQL} AS needed FROM services s WHERE s.id = $1"),
            vec![service.into()],
        ))
        .await?;
    let level = match row {
        Some(row) => row.try_get::<String>("", "needed")?,
        None => String::new(),
    };
    Ok(Level::parse(&level).unwrap_or(Level::Substantial))
}

/// The columns of an application with the level its service needs now.
fn columns_with_level() -> String {
    format!("{COLUMNS}, (SELECT {NEEDED_LEVEL_SQL} FROM services s WHERE s.id = applications.service_id) AS needed_level")
}

/// The application of a row read with [`columns_with_level`], if `who` may act on it:
/// someone else's is `NotFound` (like a missing one), and a session below the service's
/// level must step up first — at every step, not only when the draft began.
fn at_level(row: &QueryResult, who: &Acting<'_>) -> Result<Application> {
    let application = from_row(row)?;
    if application.account_id != who.account.id {
        return Err(Error::NotFound);
    }
    let needed = row
        .try_get::<Option<String>>("", "needed_level")?
        .and_then(|l| Level::parse(&l))
        .unwrap_or(Level::Substantial);
    who.at_least(needed)?;
    Ok(application)
}

/// One of the person's own applications; anyone else's answers `NotFound`, and a
/// session below the service's level `AssuranceTooLow`.
pub async fn own(db: &Db, who: &Acting<'_>, id: Uuid) -> Result<Application> {
    // Read connections see every committed write; the single SQLite writer stays free.
    own_in(db.read(), who, id).await
}

/// [`own`] on a given connection or transaction.
pub async fn own_in<C: ConnectionTrait>(conn: &C, who: &Acting<'_>, id: Uuid) -> Result<Application> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            &format!(
                "SELECT {} FROM applications WHERE id = $1 AND account_id = $2 AND erased_at IS NULL",
                columns_with_level()
            ),
            vec![id.into(), who.account.id.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    at_level(&row, who)
}

/// Any application, for jobs and staff; never for a resident's request.
pub async fn by_id(db: &Db, id: Uuid) -> Result<Application> {
    let conn = db.write();
    one_in(conn, &format!("SELECT {COLUMNS} FROM applications WHERE id = $1"), vec![id.into()])
        .await?
        .ok_or(Error::NotFound)
}

/// Deletes one of the person's drafts with its uploaded files (crypto-shredded).
pub async fn delete_draft(db: &Db, blobs: &BlobStore, clock: &dyn Clock, who: &Acting<'_>, id: Uuid) -> Result<()> {
    let draft = own(db, who, id).await?;
    if draft.status != Status::Draft {
        return Err(Error::Conflict("a submitted application cannot be deleted".into()));
    }
    let tx = db.begin().await?;
    let Some(objects) = erase_draft_in(&tx, clock, id, NO_OPEN_PAYMENT).await? else {
        return Err(Error::Conflict(PAYMENT_RUNNING.into()));
    };
    // Journalled before the commit (and only once the deletion holds), so a backup
    // restored later erases it again.
    blobs.journal().record(&Erasure {
        at: clock.now(),
        kind: ErasureKind::Draft,
        id,
    })?;
    tx.commit().await?;
    blobs.remove_objects(&objects).await;
    Ok(())
}

/// Erases a draft by id whoever owns it (the replay of the erasure journal); whether
/// there was one.
pub async fn erase_draft(db: &Db, blobs: &BlobStore, clock: &dyn Clock, id: Uuid) -> Result<bool> {
    let tx = db.begin().await?;
    let Some(objects) = erase_draft_in(&tx, clock, id, "TRUE").await? else {
        return Ok(false);
    };
    tx.commit().await?;
    blobs.remove_objects(&objects).await;
    Ok(true)
}

/// The draft and its documents' keys go in one transaction: a crash leaves no readable
/// file linked to nothing. Only while `condition` holds; returns the objects to remove
/// after the commit, or `None` when nothing was deleted.
async fn erase_draft_in(tx: &DatabaseTransaction, clock: &dyn Clock, id: Uuid, condition: &str) -> Result<Option<Vec<String>>> {
    let uploaded: Vec<Uuid> = tx
        .query_all_raw(stmt(
            tx,
            "SELECT file_id FROM application_files WHERE application_id = $1",
            vec![id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get("", "file_id"))
        .collect::<std::result::Result<_, _>>()?;
    let deleted = tx
        .execute_raw(stmt(
            tx,
            &format!("DELETE FROM applications WHERE id = $1 AND status = 'draft' AND {condition}"),
            vec![id.into()],
        ))
        .await?;
    if deleted.rows_affected() == 0 {
        return Ok(None);
    }
    Ok(Some(BlobStore::shred_in(tx, clock, &uploaded).await?))
}

/// The person's applications, newest first (not those erased at the end of their
/// retention).
pub async fn of_account(db: &Db, account: &crate::accounts::Account) -> Result<Vec<Application>> {
    let conn = db.write();
    let rows = Row::find_by_statement(stmt(
        conn,
        &format!("SELECT {COLUMNS} FROM applications WHERE account_id = $1 AND erased_at IS NULL ORDER BY updated_at DESC, id DESC"),
        vec![account.id.into()],
    ))
    .all(conn)
    .await?;
    Ok(rows.into_iter().map(Application::from).collect())
}

pub async fn events(db: &Db, application: Uuid) -> Result<Vec<Event>> {
    let conn = db.write();
    Ok(Event::find_by_statement(stmt(
        conn,
        "SELECT at, kind FROM application_events WHERE application_id = $1 ORDER BY at, id",
        vec![application.into()],
    ))
    .all(conn)
    .await?)
}

/// Saves the answers of one page: what is valid is stored (normalised), and the page's
/// problems come back to be shown. The answers of the page replace its earlier ones.
pub async fn save_page(
    db: &Db,
    clock: &dyn Clock,
    who: &Acting<'_>,
    id: Uuid,
    form: &FormDefinition,
    page_id: &str,
    input: &Map<String, Value>,
) -> Result<Checked> {
    let account = who.account;
    let draft = own(db, who, id).await?;
    if draft.status != Status::Draft {
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
    let saved = conn
        .execute_raw(stmt(
            conn,
            &format!(
                "UPDATE applications SET answers = $1, updated_at = $2 \
                 WHERE id = $3 AND account_id = $4 AND status = 'draft' AND {NO_OPEN_PAYMENT}"
            ),
            vec![json(&answers), clock.now().into(), id.into(), account.id.into()],
        ))
        .await?;
    if saved.rows_affected() == 0 {
        return Err(Error::Conflict(PAYMENT_RUNNING.into()));
    }
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
    who: &Acting<'_>,
    id: Uuid,
    form: &FormDefinition,
    to: Submission<'_>,
) -> Result<std::result::Result<Submitted, NotSubmitted>> {
    let tx = db.begin().await?;
    // The level is checked in the transaction that submits.
    own_in(&tx, who, id).await?;
    let outcome = submit_in(&tx, clock, who.account.id, id, form, to).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Why a draft cannot change while its fee is being paid.
pub const PAYMENT_RUNNING: &str = "the fee of this application is being paid: finish or cancel the payment first";

/// Why a draft was not submitted.
#[derive(Debug, Clone, PartialEq)]
pub enum NotSubmitted {
    /// Answers are missing or wrong; the check page lists them.
    Problems(Vec<Problem>),
    /// The fee is due with the application and has not been paid.
    Unpaid(Fee),
}

/// A draft with no payment running: only such a draft is changed, submitted by a
/// button or deleted (a payment that succeeds later must find what it paid for).
pub(crate) const NO_OPEN_PAYMENT: &str =
    "NOT EXISTS (SELECT 1 FROM payments p WHERE p.application_id = applications.id AND p.status = 'open')";

/// Submits inside the caller's transaction (a paid fee submits the application in the
/// transaction that records the payment).
pub async fn submit_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    account: Uuid,
    id: Uuid,
    form: &FormDefinition,
    to: Submission<'_>,
) -> Result<std::result::Result<Submitted, NotSubmitted>> {
    let draft = one_in(
        tx,
        &format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND account_id = $2"),
        vec![id.into(), account.into()],
    )
    .await?
    .ok_or(Error::NotFound)?;
    if let Some(reference) = draft.reference {
        return Ok(Ok(Submitted {
            reference,
            just_now: false,
        }));
    }
    let now = clock.now();
    let checked = check_form(form, &draft.answers, now.date_naive());
    if !checked.problems.is_empty() {
        return Ok(Err(NotSubmitted::Problems(checked.problems)));
    }
    // The fee from the answers as stored and checked here; no amount is taken from outside.
    let fee = match fees::rules().services.get(&form.service) {
        Some(rule) => {
            let basis = Basis {
                answers: &checked.answers,
                delivery: to.delivery.map(|d| d.method),
                today: due::local_date(now),
            };
            Some(rule.compute(basis).ok_or_else(|| {
                Error::internal(format!(
                    "the fee of {} needs an answer the form left open: fix data/fees/rules.json",
                    form.service
                ))
            })?)
        }
        None => None,
    };
    // A fee due with the application: it goes only once paid, and what was paid is
    // what it records.
    let fee = match fee {
        Some(fee) if fee.due == Due::AtSubmission && fee.total_cents > 0 => match paid_fee(tx, id).await? {
            Some(paid) => Some(paid),
            None => return Ok(Err(NotSubmitted::Unpaid(fee))),
        },
        other => other,
    };
    let fee_json = match &fee {
        Some(fee) => Some(serde_json::to_string(fee).map_err(|e| Error::internal(e.to_string()))?),
        None => None,
    };
    let address_json = match to.delivery.and_then(|d| d.address.as_ref()) {
        Some(address) => Some(serde_json::to_string(address).map_err(|e| Error::internal(e.to_string()))?),
        None => None,
    };
    // Only one submit wins the draft; it holds the row until it commits, and a second
    // one then finds it submitted (no reference number is spent on it).
    let won = tx
        .execute_raw(stmt(
            tx,
            "UPDATE applications SET status = 'submitted', answers = $1, submitted_at = $2, updated_at = $2, \
             agency_id = $3, due_on = $4, lang = $5, delivery = $6, delivery_address = $7, pickup_location_id = $8, fee = $9 \
             WHERE id = $10 AND account_id = $11 AND status = 'draft'",
            vec![
                json(&checked.answers),
                now.into(),
                to.agency.into(),
                due::due_on(now, to.processing_days).into(),
                to.lang.code().into(),
                to.delivery.map(|d| d.method.as_str()).into(),
                address_json.into(),
                to.delivery.and_then(|d| d.location.clone()).into(),
                fee_json.into(),
                id.into(),
                account.into(),
            ],
        ))
        .await?;
    if won.rows_affected() == 0 {
        let reference: Option<String> = tx
            .query_one_raw(stmt(tx, "SELECT reference FROM applications WHERE id = $1", vec![id.into()]))
            .await?
            .ok_or(Error::NotFound)?
            .try_get("", "reference")?;
        let reference = reference.ok_or_else(|| Error::Conflict("the application is being submitted".into()))?;
        return Ok(Ok(Submitted {
            reference,
            just_now: false,
        }));
    }
    let year = now.year();
    let number: i64 = tx
        .query_one_raw(stmt(
            tx,
            "INSERT INTO reference_counters (year, last) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last",
            vec![year.into()],
        ))
        .await?
        .ok_or_else(|| Error::internal("no reference number"))?
        .try_get("", "last")?;
    let reference = format!("{}-{year}-{number:06}", to.prefix);
    tx.execute_raw(stmt(
        tx,
        "UPDATE applications SET reference = $1 WHERE id = $2",
        vec![reference.clone().into(), id.into()],
    ))
    .await?;
    let actor = format!("account:{account}");
    event(tx, clock, id, "submitted", &actor).await?;
    jobs::enqueue(tx, clock, receipt::job(id, to.lang)?).await?;
    audit::record(
        tx,
        clock,
        AuditEvent::new(actor, "application.submitted", format!("application:{id}")).with_details(serde_json::json!({
            "reference": reference,
            "form": form.id,
            "version": form.version,
        })),
    )
    .await?;
    Ok(Ok(Submitted { reference, just_now: true }))
}

/// An application read inside a transaction.
pub async fn by_id_in(tx: &DatabaseTransaction, id: Uuid) -> Result<Application> {
    one_in(tx, &format!("SELECT {COLUMNS} FROM applications WHERE id = $1"), vec![id.into()])
        .await?
        .ok_or(Error::NotFound)
}

/// The fee of the application's paid submission payment.
async fn paid_fee(tx: &DatabaseTransaction, application: Uuid) -> Result<Option<Fee>> {
    let row = tx
        .query_one_raw(stmt(
            tx,
            "SELECT fee FROM payments WHERE application_id = $1 AND purpose = 'submission' AND status = 'paid'",
            vec![application.into()],
        ))
        .await?;
    Ok(row.map(|row| row.try_get("", "fee")).transpose()?)
}

/// Keeps the delivery chosen on the check page with the draft, while its fee is paid.
pub async fn choose_delivery(
    db: &Db,
    clock: &dyn Clock,
    who: &Acting<'_>,
    id: Uuid,
    (delivery, lang): (Option<&Choice>, Lang),
) -> Result<()> {
    let account = who.account;
    own(db, who, id).await?;
    let address = match delivery.and_then(|d| d.address.as_ref()) {
        Some(address) => Some(serde_json::to_string(address).map_err(|e| Error::internal(e.to_string()))?),
        None => None,
    };
    let conn = db.write();
    let changed = conn
        .execute_raw(stmt(
            conn,
            &format!(
                "UPDATE applications SET delivery = $1, delivery_address = $2, pickup_location_id = $3, updated_at = $4, lang = $5 \
                 WHERE id = $6 AND account_id = $7 AND status = 'draft' AND {NO_OPEN_PAYMENT}"
            ),
            vec![
                delivery.map(|d| d.method.as_str()).into(),
                address.into(),
                delivery.and_then(|d| d.location.clone()).into(),
                clock.now().into(),
                lang.code().into(),
                id.into(),
                account.id.into(),
            ],
        ))
        .await?;
    if changed.rows_affected() == 0 {
        return Err(Error::Conflict(PAYMENT_RUNNING.into()));
    }
    Ok(())
}
