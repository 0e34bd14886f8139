//! The transparency tables. Rows are read into typed row structs (derived), then into the
//! domain types.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use uuid::Uuid;

use super::detect::{Hit, Kind};
use super::metadata::{Category, Format, Frequency, Licence, Theme};
use super::{Finding, FindingState, Metadata, Publication, Resource, Revision, Status};
use rathaus_platform::db::stmt;
use rathaus_platform::{Error, Result};

pub(super) const PUBLICATION_COLUMNS: &str = "id, name, agency_id, title, title_en, description, description_en, category, themes, keywords, \
     licence, contact_name, contact_email, issued, temporal_start, temporal_end, spatial, frequency, legal_basis, status, release_at, \
     revision, created_by, submitted_by, released_by, source_application_id, created_at, modified_at, published_at, withdrawn_at, \
     withdrawn_reason";

#[derive(FromQueryResult)]
struct PublicationRow {
    id: Uuid,
    name: String,
    agency_id: String,
    title: String,
    title_en: Option<String>,
    description: String,
    description_en: Option<String>,
    category: String,
    themes: serde_json::Value,
    keywords: serde_json::Value,
    licence: String,
    contact_name: String,
    contact_email: String,
    issued: Option<NaiveDate>,
    temporal_start: Option<NaiveDate>,
    temporal_end: Option<NaiveDate>,
    spatial: String,
    frequency: String,
    legal_basis: String,
    status: String,
    release_at: Option<DateTime<Utc>>,
    revision: i32,
    created_by: Option<Uuid>,
    submitted_by: Option<Uuid>,
    released_by: Option<Uuid>,
    source_application_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    modified_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    withdrawn_at: Option<DateTime<Utc>>,
    withdrawn_reason: Option<String>,
}

fn unknown(what: &str, value: &str) -> Error {
    Error::internal(format!("publications: unknown {what} {value:?} in the database"))
}

impl TryFrom<PublicationRow> for Publication {
    type Error = Error;

    fn try_from(r: PublicationRow) -> Result<Self> {
        let themes: Vec<String> = serde_json::from_value(r.themes)?;
        Ok(Publication {
            id: r.id,
            agency_id: r.agency_id,
            meta: Metadata {
                category: Category::parse(&r.category).ok_or_else(|| unknown("category", &r.category))?,
                themes: themes
                    .iter()
                    .map(|t| Theme::parse(t).ok_or_else(|| unknown("theme", t)))
                    .collect::<Result<_>>()?,
                keywords: serde_json::from_value(r.keywords)?,
                licence: Licence::parse(&r.licence).ok_or_else(|| unknown("licence", &r.licence))?,
                frequency: Frequency::parse(&r.frequency).ok_or_else(|| unknown("frequency", &r.frequency))?,
                name: r.name,
                title: r.title,
                title_en: r.title_en,
                description: r.description,
                description_en: r.description_en,
                contact_name: r.contact_name,
                contact_email: r.contact_email,
                issued: r.issued,
                temporal_start: r.temporal_start,
                temporal_end: r.temporal_end,
                spatial: r.spatial,
                legal_basis: r.legal_basis,
            },
            status: Status::parse(&r.status).ok_or_else(|| unknown("status", &r.status))?,
            release_at: r.release_at,
            revision: r.revision,
            created_by: r.created_by,
            submitted_by: r.submitted_by,
            released_by: r.released_by,
            source_application_id: r.source_application_id,
            created_at: r.created_at,
            modified_at: r.modified_at,
            published_at: r.published_at,
            withdrawn_at: r.withdrawn_at,
            withdrawn_reason: r.withdrawn_reason,
        })
    }
}

/// The records a query selects (its columns [`PUBLICATION_COLUMNS`]), in its order.
async fn publications<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<Value>) -> Result<Vec<Publication>> {
    let rows = PublicationRow::find_by_statement(stmt(conn, sql, values)).all(conn).await?;
    rows.into_iter().map(Publication::try_from).collect()
}

fn json_list<T: serde::Serialize>(items: &[T]) -> Result<Value> {
    Ok(Value::Json(Some(Box::new(serde_json::to_value(items)?))))
}

/// The metadata columns in the order of [`insert`] and [`update_metadata`].
fn metadata_values(meta: &Metadata) -> Result<Vec<Value>> {
    let themes: Vec<&str> = meta.themes.iter().map(|t| t.id()).collect();
    Ok(vec![
        meta.name.clone().into(),
        meta.title.clone().into(),
        meta.title_en.clone().into(),
        meta.description.clone().into(),
        meta.description_en.clone().into(),
        meta.category.id().into(),
        json_list(&themes)?,
        json_list(&meta.keywords)?,
        meta.licence.id().into(),
        meta.contact_name.clone().into(),
        meta.contact_email.clone().into(),
        meta.issued.into(),
        meta.temporal_start.into(),
        meta.temporal_end.into(),
        meta.spatial.clone().into(),
        meta.frequency.id().into(),
        meta.legal_basis.clone().into(),
    ])
}

pub(super) async fn insert<C: ConnectionTrait>(conn: &C, publication: &Publication) -> Result<()> {
    let mut values = vec![publication.id.into(), publication.agency_id.clone().into()];
    values.extend(metadata_values(&publication.meta)?);
    values.extend([
        publication.status.as_str().into(),
        publication.revision.into(),
        publication.created_by.into(),
        publication.source_application_id.into(),
        publication.created_at.into(),
        publication.modified_at.into(),
    ]);
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO publications (id, agency_id, name, title, title_en, description, description_en, category, themes, keywords, licence, \
         contact_name, contact_email, issued, temporal_start, temporal_end, spatial, frequency, legal_basis, status, revision, created_by, \
         source_application_id, created_at, modified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
        values,
    ))
    .await
    .map_err(|e| {
        let message = e.to_string().to_lowercase();
        match (message.contains("unique"), message.contains("source_application")) {
            // Another publisher made a draft of the same case a moment ago.
            (true, true) => Error::Conflict("transparency-refused-already-drafted".into()),
            (true, false) => Error::Conflict("transparency-name-taken".into()),
            _ => e.into(),
        }
    })?;
    Ok(())
}

pub(super) async fn update_metadata<C: ConnectionTrait>(conn: &C, id: Uuid, meta: &Metadata, at: DateTime<Utc>) -> Result<()> {
    let mut values = metadata_values(meta)?;
    values.extend([at.into(), id.into()]);
    conn.execute_raw(stmt(
        conn,
        "UPDATE publications SET name = $1, title = $2, title_en = $3, description = $4, description_en = $5, category = $6, themes = $7, \
         keywords = $8, licence = $9, contact_name = $10, contact_email = $11, issued = $12, temporal_start = $13, temporal_end = $14, \
         spatial = $15, frequency = $16, legal_basis = $17, modified_at = $18 WHERE id = $19",
        values,
    ))
    .await
    .map_err(|e| match e.to_string().to_lowercase().contains("unique") {
        true => Error::Conflict("transparency-name-taken".into()),
        false => e.into(),
    })?;
    Ok(())
}

/// The state columns a step changes.
pub(super) struct StateChange {
    pub status: Status,
    pub release_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    pub released_by: Option<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl StateChange {
    pub fn of(p: &Publication) -> Self {
        Self {
            status: p.status,
            release_at: p.release_at,
            submitted_by: p.submitted_by,
            released_by: p.released_by,
            published_at: p.published_at,
            withdrawn_at: p.withdrawn_at,
            withdrawn_reason: p.withdrawn_reason.clone(),
        }
    }
}

/// Writes the new state, if the record is still in `from` (else someone was faster).
pub(super) async fn set_state<C: ConnectionTrait>(conn: &C, id: Uuid, from: Status, change: &StateChange, at: DateTime<Utc>) -> Result<()> {
    let done = conn
        .execute_raw(stmt(
            conn,
            "UPDATE publications SET status = $1, release_at = $2, submitted_by = $3, released_by = $4, published_at = $5, \
             withdrawn_at = $6, withdrawn_reason = $7, modified_at = $8 WHERE id = $9 AND status = $10",
            vec![
                change.status.as_str().into(),
                change.release_at.into(),
                change.submitted_by.into(),
                change.released_by.into(),
                change.published_at.into(),
                change.withdrawn_at.into(),
                change.withdrawn_reason.clone().into(),
                at.into(),
                id.into(),
                from.as_str().into(),
            ],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::Conflict("transparency-refused-changed-meanwhile".into()));
    }
    Ok(())
}

pub(super) async fn touch<C: ConnectionTrait>(conn: &C, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "UPDATE publications SET modified_at = $1 WHERE id = $2",
        vec![at.into(), id.into()],
    ))
    .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Publication> {
    let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE id = $1");
    publications(conn, &sql, vec![id.into()]).await?.pop().ok_or(Error::NotFound)
}

pub async fn by_name<C: ConnectionTrait>(conn: &C, name: &str) -> Result<Publication> {
    let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE name = $1");
    publications(conn, &sql, vec![name.into()]).await?.pop().ok_or(Error::NotFound)
}

/// Publications chosen by a WHERE clause (with its values), newest change first.
async fn list_where<C: ConnectionTrait>(conn: &C, clause: &str, values: Vec<Value>, limit: u64, offset: u64) -> Result<Vec<Publication>> {
    let sql = format!(
        "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE {clause} ORDER BY modified_at DESC, id LIMIT {limit} OFFSET {offset}"
    );
    publications(conn, &sql, values).await
}

/// Every publication of the agencies, newest change first.
pub async fn of_agencies<C: ConnectionTrait>(conn: &C, agencies: &[String]) -> Result<Vec<Publication>> {
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=agencies.len()).map(|i| format!("${i}")).collect();
    let clause = format!("agency_id IN ({})", placeholders.join(", "));
    list_where(conn, &clause, agencies.iter().map(|a| a.clone().into()).collect(), 1000, 0).await
}

/// The records made from an application's decisions, newest change first.
pub async fn from_application<C: ConnectionTrait>(conn: &C, application: Uuid) -> Result<Vec<Publication>> {
    list_where(conn, "source_application_id = $1", vec![application.into()], 100, 0).await
}

/// Scheduled records whose time has come.
pub(super) async fn due_for_release<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<Vec<Publication>> {
    let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE status = $1 AND release_at <= $2 ORDER BY release_at, id");
    publications(conn, &sql, vec![Status::Scheduled.as_str().into(), now.into()]).await
}

#[derive(FromQueryResult)]
struct ResourceRow {
    id: Uuid,
    publication_id: Uuid,
    position: i32,
    name: String,
    description: String,
    format: String,
    file_id: Option<Uuid>,
    url: Option<String>,
    extracted_text: Option<String>,
    unreadable: Option<String>,
    override_reason: Option<String>,
    original_file_id: Option<Uuid>,
    added_by: Option<Uuid>,
    added_at: DateTime<Utc>,
    released_at: Option<DateTime<Utc>>,
}

impl TryFrom<ResourceRow> for Resource {
    type Error = Error;

    fn try_from(r: ResourceRow) -> Result<Self> {
        Ok(Resource {
            format: Format::parse(&r.format).ok_or_else(|| unknown("format", &r.format))?,
            id: r.id,
            publication_id: r.publication_id,
            position: r.position,
            name: r.name,
            description: r.description,
            file_id: r.file_id,
            url: r.url,
            text: r.extracted_text,
            unreadable: r.unreadable,
            override_reason: r.override_reason,
            original_file_id: r.original_file_id,
            added_by: r.added_by,
            added_at: r.added_at,
            released_at: r.released_at,
        })
    }
}

const RESOURCE_COLUMNS: &str = "id, publication_id, position, name, description, format, file_id, url, extracted_text, unreadable, \
     override_reason, original_file_id, added_by, added_at, released_at";

/// The record's resources that are not removed, in their order.
pub async fn resources<C: ConnectionTrait>(conn: &C, publication: Uuid) -> Result<Vec<Resource>> {
    let sql = format!(
        "SELECT {RESOURCE_COLUMNS} FROM publication_resources WHERE publication_id = $1 AND removed_at IS NULL ORDER BY position, id"
    );
    let rows = ResourceRow::find_by_statement(stmt(conn, &sql, vec![publication.into()]))
        .all(conn)
        .await?;
    rows.into_iter().map(Resource::try_from).collect()
}

/// The resources of many records at once, without their extracted text (for lists that
/// show many records with their files, such as the CKAN API's search).
pub async fn resources_of<C: ConnectionTrait>(conn: &C, publications: &[Uuid]) -> Result<Vec<Resource>> {
    if publications.is_empty() {
        return Ok(Vec::new());
    }
    let columns = RESOURCE_COLUMNS.replace("extracted_text", "CAST(NULL AS TEXT) AS extracted_text");
    let placeholders: Vec<String> = (1..=publications.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {columns} FROM publication_resources WHERE publication_id IN ({}) AND removed_at IS NULL ORDER BY position, id",
        placeholders.join(", ")
    );
    let values = publications.iter().map(|id| (*id).into()).collect();
    let rows = ResourceRow::find_by_statement(stmt(conn, &sql, values)).all(conn).await?;
    rows.into_iter().map(Resource::try_from).collect()
}

#[derive(FromQueryResult)]
struct NameRow {
    name: String,
}

/// The names of the published records in name order, `limit` from `offset`.
pub async fn published_names<C: ConnectionTrait>(conn: &C, limit: u64, offset: u64) -> Result<Vec<String>> {
    let sql = format!("SELECT name FROM publications WHERE status = $1 ORDER BY name LIMIT {limit} OFFSET {offset}");
    let rows = NameRow::find_by_statement(stmt(conn, &sql, vec![Status::Published.as_str().into()]))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

#[derive(FromQueryResult)]
struct KeywordsRow {
    keywords: serde_json::Value,
}

/// Every keyword of the published records, each once, in alphabetical order.
pub async fn published_keywords<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    let rows = KeywordsRow::find_by_statement(stmt(
        conn,
        "SELECT keywords FROM publications WHERE status = $1",
        vec![Status::Published.as_str().into()],
    ))
    .all(conn)
    .await?;
    let mut all: Vec<String> = rows
        .into_iter()
        .filter_map(|r| serde_json::from_value::<Vec<String>>(r.keywords).ok())
        .flatten()
        .collect();
    all.sort();
    all.dedup();
    Ok(all)
}

pub async fn resource<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Resource> {
    let sql = format!("SELECT {RESOURCE_COLUMNS} FROM publication_resources WHERE id = $1 AND removed_at IS NULL");
    let row = ResourceRow::find_by_statement(stmt(conn, &sql, vec![id.into()]))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    row.try_into()
}

pub(super) async fn insert_resource<C: ConnectionTrait>(conn: &C, r: &Resource) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO publication_resources (id, publication_id, position, name, description, format, file_id, url, extracted_text, unreadable, \
         added_by, added_at) VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM publication_resources WHERE publication_id = $2), \
         $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        vec![
            r.id.into(),
            r.publication_id.into(),
            r.name.clone().into(),
            r.description.clone().into(),
            r.format.id().into(),
            r.file_id.into(),
            r.url.clone().into(),
            r.text.clone().into(),
            r.unreadable.clone().into(),
            r.added_by.into(),
            r.added_at.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The redacted file takes the resource's place; the first original is kept beside it.
pub(super) async fn replace_file<C: ConnectionTrait>(
    conn: &C,
    resource: Uuid,
    file: Uuid,
    format: Format,
    text: Option<String>,
) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "UPDATE publication_resources SET original_file_id = COALESCE(original_file_id, file_id), file_id = $1, format = $2, extracted_text = $3 \
         WHERE id = $4",
        vec![file.into(), format.id().into(), text.into(), resource.into()],
    ))
    .await?;
    Ok(())
}

/// What a case's retention erases of the records made from it: the originals before
/// redaction, every file not yet released (with its text; the resource is removed), and
/// the words of the findings (their kind and decision stay). The files to shred.
pub(super) async fn erase_from_case<C: ConnectionTrait>(conn: &C, case: Uuid, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
    #[derive(FromQueryResult)]
    struct Published {
        id: Uuid,
        file_id: Option<Uuid>,
        original_file_id: Option<Uuid>,
        released_at: Option<DateTime<Utc>>,
    }
    let rows = Published::find_by_statement(stmt(
        conn,
        "SELECT r.id, r.file_id, r.original_file_id, r.released_at FROM publication_resources r \
         JOIN publications p ON p.id = r.publication_id WHERE p.source_application_id = $1",
        vec![case.into()],
    ))
    .all(conn)
    .await?;
    let mut files = Vec::new();
    for Published {
        id,
        file_id: file,
        original_file_id,
        released_at: released,
    } in rows
    {
        files.extend(original_file_id);
        let erase = match released {
            Some(_) => stmt(
                conn,
                "UPDATE publication_resources SET original_file_id = NULL WHERE id = $1",
                vec![id.into()],
            ),
            None => {
                files.extend(file);
                stmt(
                    conn,
                    "UPDATE publication_resources SET original_file_id = NULL, file_id = NULL, extracted_text = NULL, \
                     removed_at = COALESCE(removed_at, $2) WHERE id = $1",
                    vec![id.into(), now.into()],
                )
            }
        };
        conn.execute_raw(erase).await?;
    }
    conn.execute_raw(stmt(
        conn,
        "UPDATE publication_findings SET found_text = '', context = '' \
         WHERE publication_id IN (SELECT id FROM publications WHERE source_application_id = $1)",
        vec![case.into()],
    ))
    .await?;
    Ok(files)
}

pub(super) async fn set_override<C: ConnectionTrait>(conn: &C, resource: Uuid, reason: &str, by: Option<Uuid>) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "UPDATE publication_resources SET override_reason = $1, override_by = $2 WHERE id = $3",
        vec![reason.into(), by.into(), resource.into()],
    ))
    .await?;
    Ok(())
}

pub(super) async fn remove_resource<C: ConnectionTrait>(conn: &C, resource: Uuid, at: DateTime<Utc>) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "UPDATE publication_resources SET removed_at = $1 WHERE id = $2",
        vec![at.into(), resource.into()],
    ))
    .await?;
    Ok(())
}

/// Marks every waiting resource of the record released at `at`.
pub(super) async fn release_resources<C: ConnectionTrait>(conn: &C, publication: Uuid, at: DateTime<Utc>) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "UPDATE publication_resources SET released_at = $1 WHERE publication_id = $2 AND released_at IS NULL AND removed_at IS NULL",
        vec![at.into(), publication.into()],
    ))
    .await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct FindingRow {
    id: Uuid,
    resource_id: Uuid,
    kind: String,
    found_text: String,
    page: i32,
    line: i32,
    context: String,
    state: String,
    reason: Option<String>,
    proposed: bool,
}

impl TryFrom<FindingRow> for Finding {
    type Error = Error;

    fn try_from(r: FindingRow) -> Result<Self> {
        Ok(Finding {
            kind: Kind::parse(&r.kind).ok_or_else(|| unknown("finding kind", &r.kind))?,
            state: FindingState::parse(&r.state).ok_or_else(|| unknown("finding state", &r.state))?,
            id: r.id,
            resource_id: r.resource_id,
            text: r.found_text,
            page: r.page,
            line: r.line,
            context: r.context,
            reason: r.reason,
            proposed: r.proposed,
        })
    }
}

/// The findings on the record's resources that are not removed, in reading order.
pub async fn findings<C: ConnectionTrait>(conn: &C, publication: Uuid) -> Result<Vec<Finding>> {
    let rows = FindingRow::find_by_statement(stmt(
        conn,
        "SELECT f.id, f.resource_id, f.kind, f.found_text, f.page, f.line, f.context, f.state, f.reason, f.proposed \
         FROM publication_findings f JOIN publication_resources r ON r.id = f.resource_id \
         WHERE f.publication_id = $1 AND r.removed_at IS NULL ORDER BY r.position, f.page, f.line, f.id",
        vec![publication.into()],
    ))
    .all(conn)
    .await?;
    rows.into_iter().map(Finding::try_from).collect()
}

/// Findings of a resource: found by the detectors, or `proposed` by the case the file came from.
pub(super) async fn insert_findings<C: ConnectionTrait>(
    conn: &C,
    (publication, resource): (Uuid, Uuid),
    hits: &[Hit],
    proposed: bool,
) -> Result<()> {
    for hit in hits {
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO publication_findings (id, publication_id, resource_id, kind, found_text, page, line, context, state, proposed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            vec![
                Uuid::now_v7().into(),
                publication.into(),
                resource.into(),
                hit.kind.as_str().into(),
                hit.text.clone().into(),
                (hit.page as i32).into(),
                (hit.line as i32).into(),
                hit.context.clone().into(),
                FindingState::Open.as_str().into(),
                proposed.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

pub(super) async fn decide_finding<C: ConnectionTrait>(
    conn: &C,
    finding: Uuid,
    state: FindingState,
    reason: Option<&str>,
    by: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.execute_raw(stmt(
        conn,
        "UPDATE publication_findings SET state = $1, reason = $2, decided_by = $3, decided_at = $4 WHERE id = $5",
        vec![
            state.as_str().into(),
            reason.map(str::to_string).into(),
            by.into(),
            at.into(),
            finding.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub(super) async fn insert_revision<C: ConnectionTrait>(
    conn: &C,
    publication: Uuid,
    (actor, actor_name): (Option<Uuid>, &str),
    change: &str,
    snapshot: serde_json::Value,
    at: DateTime<Utc>,
) -> Result<i32> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "UPDATE publications SET revision = revision + 1 WHERE id = $1 RETURNING revision",
            vec![publication.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    let number: i32 = row.try_get("", "revision")?;
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO publication_revisions (publication_id, number, at, actor_id, actor_name, change, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            publication.into(),
            number.into(),
            at.into(),
            actor.into(),
            actor_name.into(),
            change.into(),
            Value::Json(Some(Box::new(snapshot))),
        ],
    ))
    .await?;
    Ok(number)
}

#[derive(FromQueryResult)]
struct RevisionRow {
    number: i32,
    at: DateTime<Utc>,
    actor_name: String,
    change: String,
    snapshot: serde_json::Value,
}

/// The record's history, newest first.
pub async fn revisions<C: ConnectionTrait>(conn: &C, publication: Uuid) -> Result<Vec<Revision>> {
    let rows = RevisionRow::find_by_statement(stmt(
        conn,
        "SELECT number, at, actor_name, change, snapshot FROM publication_revisions WHERE publication_id = $1 ORDER BY number DESC",
        vec![publication.into()],
    ))
    .all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Revision {
            number: r.number,
            at: r.at,
            actor_name: r.actor_name,
            change: r.change,
            snapshot: r.snapshot,
        })
        .collect())
}

/// The record a finding belongs to.
pub async fn publication_of_finding<C: ConnectionTrait>(conn: &C, finding: Uuid) -> Result<(Uuid, Uuid)> {
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT publication_id, resource_id FROM publication_findings WHERE id = $1",
            vec![finding.into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    Ok((row.try_get("", "publication_id")?, row.try_get("", "resource_id")?))
}

/// How many published records each category, and each agency, has.
pub async fn published_counts<C: ConnectionTrait>(conn: &C, column: Facet) -> Result<Vec<(String, i64)>> {
    let column = match column {
        Facet::Category => "category",
        Facet::Agency => "agency_id",
    };
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!(
                "SELECT {column} AS value, COUNT(*) AS n FROM publications WHERE status = $1 GROUP BY {column} ORDER BY n DESC, value"
            ),
            vec![Status::Published.as_str().into()],
        ))
        .await?;
    rows.iter().map(|r| Ok((r.try_get("", "value")?, r.try_get("", "n")?))).collect()
}

/// The columns the public list can be narrowed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Category,
    Agency,
}

/// Published records, newest first, narrowed to a category and/or an agency.
pub async fn published<C: ConnectionTrait>(
    conn: &C,
    category: Option<&str>,
    agency: Option<&str>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Publication>, i64)> {
    let mut clause = String::from("status = $1");
    let mut values: Vec<Value> = vec![Status::Published.as_str().into()];
    if let Some(category) = category {
        values.push(category.into());
        clause.push_str(&format!(" AND category = ${}", values.len()));
    }
    if let Some(agency) = agency {
        values.push(agency.into());
        clause.push_str(&format!(" AND agency_id = ${}", values.len()));
    }
    let count = conn
        .query_one_raw(stmt(
            conn,
            &format!("SELECT COUNT(*) AS n FROM publications WHERE {clause}"),
            values.clone(),
        ))
        .await?
        .ok_or_else(|| Error::internal("count returned no row"))?
        .try_get("", "n")?;
    let sql = format!(
        "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE {clause} ORDER BY published_at DESC, id LIMIT {limit} OFFSET {offset}"
    );
    Ok((publications(conn, &sql, values).await?, count))
}

/// Every record changed since `since` (all of them without), oldest change first.
pub async fn changed_since<C: ConnectionTrait>(conn: &C, since: Option<DateTime<Utc>>) -> Result<Vec<Publication>> {
    let (clause, values): (&str, Vec<Value>) = match since {
        Some(since) => ("WHERE modified_at > $1", vec![since.into()]),
        None => ("", vec![]),
    };
    let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications {clause} ORDER BY modified_at, id");
    publications(conn, &sql, values).await
}

pub async fn count_all<C: ConnectionTrait>(conn: &C) -> Result<i64> {
    let row = conn
        .query_one_raw(stmt(conn, "SELECT COUNT(*) AS n FROM publications", vec![]))
        .await?
        .ok_or_else(|| Error::internal("count returned no row"))?;
    Ok(row.try_get("", "n")?)
}

/// Records in the order of their ids, `limit` after `after` (for walking all of them).
pub async fn all_after<C: ConnectionTrait>(conn: &C, after: Option<Uuid>, limit: u64) -> Result<Vec<Publication>> {
    let (clause, values): (&str, Vec<Value>) = match after {
        Some(after) => ("WHERE id > $1", vec![after.into()]),
        None => ("", vec![]),
    };
    let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications {clause} ORDER BY id LIMIT {limit}");
    publications(conn, &sql, values).await
}

/// The records with these ids (in no particular order).
pub async fn by_ids<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> Result<Vec<Publication>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE id IN ({})",
        placeholders.join(", ")
    );
    publications(conn, &sql, ids.iter().map(|id| (*id).into()).collect()).await
}
