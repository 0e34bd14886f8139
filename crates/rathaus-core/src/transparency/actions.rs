//! Every change to a publication: one function per action, each checking who may do it,
//! taking the step of the workflow, writing the revision and the audit entry in the same
//! transaction. Pages, the CKAN API, the demo and the scheduler all come through here.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde_json::json;
use uuid::Uuid;

use super::detect::{self, Hit, Known};
use super::extract::{self, Extraction};
use super::jobs::ReleaseDueJob;
use super::metadata::Format;
use super::redact::{self, Redaction};
use super::store::{self, StateChange};
use super::workflow::{self, ReleaseFacts, Status, Step};
use super::{Desk, Finding, FindingState, Metadata, Publication, Resource};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::{BlobStore, NewFile, sniff};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;
use rathaus_platform::jobs::{NewJob, Nothing};
use rathaus_platform::{Error, Result};

/// The longest reason (for a withdrawal, an override, a "not personal").
pub const MAX_REASON_CHARS: usize = 2_000;

fn refused(key: &str) -> Error {
    Error::Conflict(key.to_string())
}

fn reason_of(text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_REASON_CHARS {
        return Err(Error::Invalid("transparency-error-reason".into()));
    }
    Ok(text.to_string())
}

/// The record as the desk may see it: someone else's agency is "not found".
pub async fn for_desk<C: ConnectionTrait>(conn: &C, desk: &Desk, id: Uuid) -> Result<Publication> {
    let publication = store::get(conn, id).await?;
    if !desk.works_for(&publication.agency_id) {
        return Err(Error::NotFound);
    }
    Ok(publication)
}

/// Which file of a resource the desk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// The file as published (redacted where it had to be).
    Current,
    /// The file as uploaded, before redaction: never public, and every reading is audited.
    Original,
}

/// A resource's file as the desk may read it, with its record; someone else's agency
/// is "not found", as is a version the resource does not have.
pub async fn file_for_desk(
    db: &Db,
    clock: &dyn Clock,
    desk: &Desk,
    resource: Uuid,
    version: Version,
) -> Result<(Publication, Resource, Uuid)> {
    let resource = store::resource(db.read(), resource).await?;
    let publication = for_desk(db.read(), desk, resource.publication_id).await?;
    let file = match version {
        Version::Current => resource.file_id,
        Version::Original => resource.original_file_id,
    }
    .ok_or(Error::NotFound)?;
    if version == Version::Original {
        audit::record(
            db.write(),
            clock,
            AuditEvent::new(
                desk.audit_actor(),
                "transparency.original-read",
                format!("publication:{}", publication.id),
            )
            .with_details(json!({ "resource": resource.id })),
        )
        .await?;
    }
    Ok((publication, resource, file))
}

async fn publishing(tx: &DatabaseTransaction, desk: &Desk, id: Uuid) -> Result<Publication> {
    let publication = for_desk(tx, desk, id).await?;
    if !desk.publishes_for(&publication.agency_id) {
        return Err(Error::Forbidden);
    }
    Ok(publication)
}

async fn reviewing(tx: &DatabaseTransaction, desk: &Desk, id: Uuid) -> Result<Publication> {
    let publication = for_desk(tx, desk, id).await?;
    if !desk.reviews_for(&publication.agency_id) {
        return Err(Error::Forbidden);
    }
    Ok(publication)
}

/// The record whose personal-data check a reviewer decides: any but a withdrawn one.
async fn checking(tx: &DatabaseTransaction, desk: &Desk, id: Uuid) -> Result<Publication> {
    let publication = reviewing(tx, desk, id).await?;
    if publication.status == Status::Withdrawn {
        return Err(refused("transparency-refused-wrong-state"));
    }
    Ok(publication)
}

/// What the revision keeps of the record: its metadata, state and resources.
async fn snapshot<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<serde_json::Value> {
    let publication = store::get(conn, id).await?;
    let resources = store::resources(conn, id).await?;
    let resources: Vec<serde_json::Value> = resources
        .iter()
        .map(|r| json!({ "name": r.name, "format": r.format.id(), "file": r.file_id, "url": r.url, "released": r.released_at.is_some() }))
        .collect();
    Ok(json!({ "status": publication.status.as_str(), "metadata": publication.meta, "resources": resources }))
}

/// The changes a revision names besides the workflow's steps (whose words are
/// [`Step::as_str`]); each has its text in the history.
pub const CHANGES: [&str; 9] = [
    "created",
    "edited",
    "resource-added",
    "resource-removed",
    "resources-released",
    "finding-redacted",
    "finding-cleared",
    "proposed-redacted",
    "unreadable-override",
];

/// The revision and the audit entry of a change, in its transaction.
async fn record(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    desk: &Desk,
    id: Uuid,
    change: &str,
    details: serde_json::Value,
) -> Result<()> {
    debug_assert!(
        CHANGES.contains(&change) || Step::ALL.iter().any(|s| s.as_str() == change),
        "a change without its text in the history: {change}"
    );
    let snapshot = snapshot(tx, id).await?;
    store::insert_revision(tx, id, (desk.account, &desk.name), change, snapshot, clock.now()).await?;
    audit::record(
        tx,
        clock,
        AuditEvent::new(desk.audit_actor(), format!("transparency.{change}"), format!("publication:{id}")).with_details(details),
    )
    .await?;
    Ok(())
}

/// The personal data in a record's own words (title, description, keywords): they are
/// published as they are, so they must hold none.
fn check_metadata(meta: &Metadata) -> Result<()> {
    let text = [meta.title.as_str(), meta.description.as_str(), &meta.keywords.join(", ")].join("\n");
    match detect::scan(&[text]).first() {
        Some(hit) => Err(Error::Invalid(format!("transparency-metadata-personal: {}", hit.text))),
        None => Ok(()),
    }
}

/// A new draft of the agency.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    desk: &Desk,
    agency: &str,
    meta: Metadata,
    source_application: Option<Uuid>,
) -> Result<Publication> {
    let tx = db.begin().await?;
    let id = create_in(&tx, clock, desk, (agency, meta), source_application).await?;
    tx.commit().await?;
    store::get(db.read(), id).await
}

/// A new draft of the agency, in `tx`: its id.
pub(super) async fn create_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    desk: &Desk,
    (agency, meta): (&str, Metadata),
    source_application: Option<Uuid>,
) -> Result<Uuid> {
    if !desk.publishes_for(agency) {
        return Err(Error::Forbidden);
    }
    let now = clock.now();
    let publication = Publication {
        id: Uuid::now_v7(),
        agency_id: agency.to_string(),
        meta,
        status: Status::Draft,
        release_at: None,
        revision: 0,
        created_by: desk.account,
        submitted_by: None,
        released_by: None,
        source_application_id: source_application,
        created_at: now,
        modified_at: now,
        published_at: None,
        withdrawn_at: None,
        withdrawn_reason: None,
    };
    store::insert(tx, &publication).await?;
    let details = json!({ "name": publication.meta.name, "source_application": source_application });
    record(tx, clock, desk, publication.id, "created", details).await?;
    Ok(publication.id)
}

/// New metadata. A draft changes freely; a published record's new words are checked for
/// personal data first, since they go out at once.
pub async fn update(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid, meta: Metadata) -> Result<Publication> {
    let tx = db.begin().await?;
    let publication = publishing(&tx, desk, id).await?;
    match publication.status {
        Status::Draft => {}
        Status::Published => check_metadata(&meta)?,
        _ => return Err(refused("transparency-refused-not-editable")),
    }
    if publication.meta == meta {
        return Ok(publication);
    }
    store::update_metadata(&tx, id, &meta, clock.now()).await?;
    record(&tx, clock, desk, id, "edited", json!({})).await?;
    tx.commit().await?;
    store::get(db.read(), id).await
}

/// Where resources may be added or removed: a draft, or a published record (what is added
/// then waits for its own release).
fn resources_changeable(status: Status) -> Result<()> {
    match status {
        Status::Draft | Status::Published => Ok(()),
        _ => Err(refused("transparency-refused-not-editable")),
    }
}

/// A file a publisher uploads, with the name and description its resource gets.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub description: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file as a new resource: stored encrypted, its text read and checked at once.
pub async fn add_file(db: &Db, blobs: &BlobStore, clock: &dyn Clock, desk: &Desk, id: Uuid, upload: Upload) -> Result<Resource> {
    let read = read_upload(&upload).await?;
    let tx = db.begin().await?;
    let publication = publishing(&tx, desk, id).await?;
    resources_changeable(publication.status)?;
    let resource = insert_file(&tx, blobs, clock, desk, id, (upload, read), &[]).await?;
    tx.commit().await?;
    store::resource(db.read(), resource).await
}

/// A file's format and text, read before any transaction begins (it takes a while).
pub(super) async fn read_upload(upload: &Upload) -> Result<(Format, Extraction)> {
    let bytes = &upload.bytes;
    let format = Format::of_upload(&upload.file_name, &sniff(&bytes[..bytes.len().min(4096)]))
        .ok_or_else(|| Error::Invalid("transparency-error-format".into()))?;
    Ok((format, extract::extract_blocking(format, bytes.clone()).await))
}

/// Stores the file as a new resource of the record, with what the detectors find in it
/// and every place where a `known` value stands (proposed for redaction), its revision
/// and audit entry: all in `tx`.
pub(super) async fn insert_file(
    tx: &DatabaseTransaction,
    blobs: &BlobStore,
    clock: &dyn Clock,
    desk: &Desk,
    id: Uuid,
    (upload, (format, extraction)): (Upload, (Format, Extraction)),
    known: &[Known],
) -> Result<Uuid> {
    let Upload {
        name,
        description,
        file_name,
        bytes,
    } = upload;
    let file = NewFile {
        original_name: file_name.clone(),
        accept: Vec::new(),
        max_bytes: None,
    };
    let body = futures::stream::iter([Ok::<Bytes, std::io::Error>(Bytes::from(bytes))]);
    let record_of_file = blobs.put(tx, clock, file, body).await?;
    let resource = Resource {
        file_id: Some(record_of_file.id),
        text: match &extraction {
            Extraction::Text(pages) => Some(pages.join("\u{c}")),
            Extraction::Unreadable(_) => None,
        },
        unreadable: match &extraction {
            Extraction::Unreadable(why) => Some(why.as_str().to_string()),
            Extraction::Text(_) => None,
        },
        ..added(id, (&name, &file_name), &description, format, desk, clock.now())
    };
    store::insert_resource(tx, &resource).await?;
    let proposed = detect::find_known(extraction.pages(), known);
    // Where a detector found what the case already proposes, the proposal stands alone.
    let found: Vec<Hit> = detect::scan_as(format, extraction.pages())
        .into_iter()
        .filter(|h| {
            !proposed
                .iter()
                .any(|p| p.page == h.page && (p.text.contains(&h.text) || h.text.contains(&p.text)))
        })
        .collect();
    store::insert_findings(tx, (id, resource.id), &found, false).await?;
    store::insert_findings(tx, (id, resource.id), &proposed, true).await?;
    store::touch(tx, id, clock.now()).await?;
    record(
        tx,
        clock,
        desk,
        id,
        "resource-added",
        json!({ "resource": resource.id, "format": format.id(), "findings": found.len() + proposed.len(), "proposed": proposed.len() }),
    )
    .await?;
    Ok(resource.id)
}

/// A resource the desk adds now, not yet released, named `name` or else `fallback`
/// (the file's name, the link); its file or link is the caller's to set.
fn added(
    publication: Uuid,
    (name, fallback): (&str, &str),
    description: &str,
    format: Format,
    desk: &Desk,
    at: chrono::DateTime<chrono::Utc>,
) -> Resource {
    let name = name.trim();
    Resource {
        id: Uuid::now_v7(),
        publication_id: publication,
        position: 0,
        name: if name.is_empty() {
            fallback.to_string()
        } else {
            name.chars().take(300).collect()
        },
        description: description.trim().to_string(),
        format,
        file_id: None,
        url: None,
        text: None,
        unreadable: None,
        override_reason: None,
        original_file_id: None,
        added_by: desk.account,
        added_at: at,
        released_at: None,
    }
}

/// A link as a new resource (a map service, a page elsewhere): nothing to check.
pub async fn add_link(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid, (name, description): (&str, &str), url: &str) -> Result<Resource> {
    let url = url.trim();
    let parsed = url::Url::parse(url).map_err(|_| Error::Invalid("transparency-error-url".into()))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(Error::Invalid("transparency-error-url".into()));
    }
    let tx = db.begin().await?;
    let publication = publishing(&tx, desk, id).await?;
    resources_changeable(publication.status)?;
    let resource = Resource {
        url: Some(parsed.to_string()),
        ..added(id, (name, url), description, Format::Html, desk, clock.now())
    };
    store::insert_resource(&tx, &resource).await?;
    store::touch(&tx, id, clock.now()).await?;
    record(
        &tx,
        clock,
        desk,
        id,
        "resource-added",
        json!({ "resource": resource.id, "url": resource.url }),
    )
    .await?;
    tx.commit().await?;
    store::resource(db.read(), resource.id).await
}

pub async fn remove_resource(db: &Db, clock: &dyn Clock, desk: &Desk, resource: Uuid) -> Result<()> {
    let tx = db.begin().await?;
    let found = store::resource(&tx, resource).await?;
    let publication = publishing(&tx, desk, found.publication_id).await?;
    resources_changeable(publication.status)?;
    store::remove_resource(&tx, resource, clock.now()).await?;
    store::touch(&tx, publication.id, clock.now()).await?;
    record(
        &tx,
        clock,
        desk,
        publication.id,
        "resource-removed",
        json!({ "resource": resource }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn step(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    publication: &Publication,
    step: Step,
    change: impl FnOnce(&mut StateChange),
) -> Result<Status> {
    let to = workflow::next(publication.status, step).ok_or_else(|| refused("transparency-refused-wrong-state"))?;
    let mut state = StateChange::of(publication);
    state.status = to;
    change(&mut state);
    store::set_state(tx, publication.id, publication.status, &state, clock.now()).await?;
    Ok(to)
}

/// The publisher asks for review: the record needs a resource and words without
/// personal data.
pub async fn submit(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid) -> Result<()> {
    let tx = db.begin().await?;
    let publication = publishing(&tx, desk, id).await?;
    if store::resources(&tx, id).await?.is_empty() {
        return Err(refused("transparency-refused-no-resource"));
    }
    check_metadata(&publication.meta)?;
    step(&tx, clock, &publication, Step::Submit, |s| s.submitted_by = desk.account).await?;
    record(&tx, clock, desk, id, Step::Submit.as_str(), json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Back to the publisher (by the reviewer with a note, or the publisher taking it back).
pub async fn send_back(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid, note: &str) -> Result<()> {
    let tx = db.begin().await?;
    let publication = for_desk(&tx, desk, id).await?;
    step(&tx, clock, &publication, Step::SendBack, |_| {}).await?;
    record(&tx, clock, desk, id, Step::SendBack.as_str(), json!({ "note": note.trim() })).await?;
    tx.commit().await?;
    Ok(())
}

/// What a release looks at: the authors of what waits, its open findings and unreadable
/// files.
async fn release_facts<C: ConnectionTrait>(conn: &C, publication: &Publication) -> Result<ReleaseFacts> {
    let resources = store::resources(conn, publication.id).await?;
    let findings = store::findings(conn, publication.id).await?;
    let first_release = matches!(publication.status, Status::InReview | Status::Scheduled);
    let waiting: Vec<&Resource> = resources.iter().filter(|r| first_release || r.released_at.is_none()).collect();
    let mut authors: Vec<Uuid> = waiting.iter().filter_map(|r| r.added_by).collect();
    if first_release {
        authors.extend(publication.created_by);
        authors.extend(publication.submitted_by);
    }
    Ok(ReleaseFacts {
        open_findings: findings
            .iter()
            .filter(|f| f.state == FindingState::Open && waiting.iter().any(|r| r.id == f.resource_id))
            .count(),
        unreadable_without_override: waiting.iter().filter(|r| r.is_unreadable_without_override()).count(),
        waiting: if first_release { waiting.len().max(1) } else { waiting.len() },
        authors,
    })
}

/// Whether the desk could release the record now, and if not, why.
pub async fn release_refusal<C: ConnectionTrait>(
    conn: &C,
    desk: &Desk,
    publication: &Publication,
) -> Result<Option<workflow::ReleaseRefusal>> {
    let facts = release_facts(conn, publication).await?;
    Ok(match desk.account {
        Some(reviewer) => facts.refusal(reviewer),
        None => facts.refusal(Uuid::nil()),
    })
}

/// The reviewer releases the record (now, or at a set time), or the resources added to a
/// published record. Four eyes, and nothing unchecked.
pub async fn release(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid, at: Option<DateTime<Utc>>) -> Result<()> {
    let tx = db.begin().await?;
    let publication = reviewing(&tx, desk, id).await?;
    if !matches!(publication.status, Status::InReview | Status::Published) {
        return Err(refused("transparency-refused-wrong-state"));
    }
    if let Some(refusal) = release_refusal(&tx, desk, &publication).await? {
        return Err(refused(refusal.key()));
    }
    let now = clock.now();
    let later = at.filter(|at| *at > now);
    match (publication.status, later) {
        (Status::Published, _) => {
            store::release_resources(&tx, id, now).await?;
            store::touch(&tx, id, now).await?;
            record(&tx, clock, desk, id, "resources-released", json!({})).await?;
        }
        (_, Some(at)) => {
            step(&tx, clock, &publication, Step::ReleaseLater, |s| {
                s.release_at = Some(at);
                s.released_by = desk.account;
            })
            .await?;
            let mut job = NewJob::of::<ReleaseDueJob>(&Nothing {})?;
            job = job.run_at(at);
            rathaus_platform::jobs::enqueue(&tx, clock, job).await?;
            record(&tx, clock, desk, id, Step::ReleaseLater.as_str(), json!({ "at": at })).await?;
        }
        (_, None) => {
            step(&tx, clock, &publication, Step::ReleaseNow, |s| {
                s.released_by = desk.account;
                s.published_at = Some(now);
                s.release_at = Some(now);
            })
            .await?;
            store::release_resources(&tx, id, now).await?;
            record(&tx, clock, desk, id, Step::ReleaseNow.as_str(), json!({})).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn cancel_release(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid) -> Result<()> {
    let tx = db.begin().await?;
    let publication = reviewing(&tx, desk, id).await?;
    step(&tx, clock, &publication, Step::CancelRelease, |s| {
        s.release_at = None;
        s.released_by = None;
    })
    .await?;
    record(&tx, clock, desk, id, Step::CancelRelease.as_str(), json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes every scheduled record whose time has come; returns how many. Run by the
/// scheduler job on one node at a time (the job's lease).
pub async fn publish_due(db: &Db, clock: &dyn Clock) -> Result<usize> {
    let due = store::due_for_release(db.read(), clock.now()).await?;
    let desk = Desk::system("Zeitplan");
    for publication in &due {
        let tx = db.begin().await?;
        let at = publication.release_at.unwrap_or_else(|| clock.now());
        step(&tx, clock, publication, Step::ReleaseDue, |s| s.published_at = Some(at)).await?;
        store::release_resources(&tx, publication.id, at).await?;
        record(
            &tx,
            clock,
            &desk,
            publication.id,
            Step::ReleaseDue.as_str(),
            json!({ "scheduled_for": at }),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(due.len())
}

/// Takes a published record back. Its page stays as a tombstone that says when and why.
pub async fn withdraw(db: &Db, clock: &dyn Clock, desk: &Desk, id: Uuid, reason: &str) -> Result<()> {
    let reason = reason_of(reason)?;
    let tx = db.begin().await?;
    let publication = for_desk(&tx, desk, id).await?;
    let now = clock.now();
    step(&tx, clock, &publication, Step::Withdraw, |s| {
        s.withdrawn_at = Some(now);
        s.withdrawn_reason = Some(reason.clone());
    })
    .await?;
    record(&tx, clock, desk, id, Step::Withdraw.as_str(), json!({ "reason": reason })).await?;
    tx.commit().await?;
    Ok(())
}

/// What the reviewer decides about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Remove it from the published file.
    Redact,
    /// It is not personal (an official's function, a company's address), and why.
    NotPersonal(String),
}

/// The reviewer's decision on a finding. A redaction makes the resource's published file
/// anew from the original without every text redacted so far, and checks the result again.
pub async fn decide(db: &Db, blobs: &BlobStore, clock: &dyn Clock, desk: &Desk, finding: Uuid, decision: Decision) -> Result<()> {
    let (publication_id, resource_id) = store::publication_of_finding(db.read(), finding).await?;
    let tx = db.begin().await?;
    let publication = checking(&tx, desk, publication_id).await?;
    let resource = store::resource(&tx, resource_id).await?;
    if resource.released_at.is_some() {
        return Err(refused("transparency-refused-already-released"));
    }
    let now = clock.now();
    match &decision {
        Decision::NotPersonal(reason) => {
            let reason = reason_of(reason)?;
            store::decide_finding(&tx, finding, FindingState::NotPersonal, Some(&reason), desk.account, now).await?;
            record(
                &tx,
                clock,
                desk,
                publication_id,
                "finding-cleared",
                json!({ "finding": finding, "reason": reason }),
            )
            .await?;
        }
        Decision::Redact => {
            store::decide_finding(&tx, finding, FindingState::Redacted, None, desk.account, now).await?;
            let file = redact_again(&tx, (db, blobs, clock), &publication, &resource).await?;
            record(
                &tx,
                clock,
                desk,
                publication_id,
                "finding-redacted",
                json!({ "finding": finding, "file": file }),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The reviewer's "redact them all" for what the case proposed: every open proposed
/// finding of the record is redacted, with one new file per resource. Their number.
pub async fn redact_proposed(db: &Db, blobs: &BlobStore, clock: &dyn Clock, desk: &Desk, id: Uuid) -> Result<usize> {
    let tx = db.begin().await?;
    let publication = checking(&tx, desk, id).await?;
    let proposed: Vec<Finding> = store::findings(&tx, id)
        .await?
        .into_iter()
        .filter(|f| f.proposed && f.state == FindingState::Open)
        .collect();
    // Each resource once, however its findings are ordered.
    let mut resources: Vec<Uuid> = proposed.iter().map(|f| f.resource_id).collect();
    resources.sort();
    resources.dedup();
    let mut files = Vec::new();
    for resource_id in resources {
        let resource = store::resource(&tx, resource_id).await?;
        if resource.released_at.is_some() {
            return Err(refused("transparency-refused-already-released"));
        }
        for finding in proposed.iter().filter(|f| f.resource_id == resource_id) {
            store::decide_finding(&tx, finding.id, FindingState::Redacted, None, desk.account, clock.now()).await?;
        }
        files.push(redact_again(&tx, (db, blobs, clock), &publication, &resource).await?);
    }
    if !proposed.is_empty() {
        let findings: Vec<Uuid> = proposed.iter().map(|f| f.id).collect();
        record(
            &tx,
            clock,
            desk,
            id,
            "proposed-redacted",
            json!({ "findings": findings, "files": files }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(proposed.len())
}

/// Makes the resource's published file anew from its original without every text
/// redacted so far, and adds what the new file still shows and was not known as new
/// findings. The new file's id.
async fn redact_again(
    tx: &DatabaseTransaction,
    (db, blobs, clock): (&Db, &BlobStore, &dyn Clock),
    publication: &Publication,
    resource: &Resource,
) -> Result<Uuid> {
    let findings: Vec<Finding> = store::findings(tx, publication.id)
        .await?
        .into_iter()
        .filter(|f| f.resource_id == resource.id)
        .collect();
    let redactions: Vec<Redaction> = findings
        .iter()
        .filter(|f| f.state == FindingState::Redacted)
        .map(|f| Redaction {
            page: f.page as usize,
            text: f.text.clone(),
        })
        .collect();
    let original_id = resource
        .original_file_id
        .or(resource.file_id)
        .ok_or_else(|| refused("transparency-redaction-unreadable"))?;
    let original = blobs.read_all(db, original_id).await?;
    let original_pages = match resource.original_file_id {
        // The text of the original, read again: the stored text is the redacted one's.
        Some(_) => extract::extract_blocking(resource.format, original.clone()).await.pages().to_vec(),
        None => resource.pages(),
    };
    let (format, bytes) = redact::redact(
        resource.format,
        &original,
        &publication.meta.title,
        &original_pages,
        &redactions,
        clock.now(),
    )?;
    let text = extract::extract_blocking(format, bytes.clone()).await.pages().join("\u{c}");
    let file = NewFile {
        original_name: format!("{}-geschwaerzt.{}", publication.meta.name, format.extension()),
        accept: Vec::new(),
        max_bytes: None,
    };
    let body = futures::stream::iter([Ok::<Bytes, std::io::Error>(Bytes::from(bytes))]);
    let stored = blobs.put(tx, clock, file, body).await?;
    store::replace_file(tx, resource.id, stored.id, format, Some(text.clone())).await?;
    let pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    let known: Vec<(detect::Kind, &str)> = findings.iter().map(|f| (f.kind, f.text.as_str())).collect();
    let new_hits: Vec<Hit> = detect::scan_as(format, &pages)
        .into_iter()
        .filter(|h| !known.contains(&(h.kind, h.text.as_str())))
        .collect();
    store::insert_findings(tx, (publication.id, resource.id), &new_hits, false).await?;
    Ok(stored.id)
}

/// Lets a file that cannot be read (a scan, an archive) be released without the check:
/// an explicit, audited decision with its reason.
pub async fn override_unreadable(db: &Db, clock: &dyn Clock, desk: &Desk, resource: Uuid, reason: &str) -> Result<()> {
    let reason = reason_of(reason)?;
    let tx = db.begin().await?;
    let found = store::resource(&tx, resource).await?;
    let publication = reviewing(&tx, desk, found.publication_id).await?;
    if found.unreadable.is_none() {
        return Err(refused("transparency-refused-readable"));
    }
    if desk.account.is_some() && found.added_by == desk.account {
        return Err(refused("transparency-refused-own-work"));
    }
    store::set_override(&tx, resource, &reason, desk.account).await?;
    record(
        &tx,
        clock,
        desk,
        publication.id,
        "unreadable-override",
        json!({ "resource": resource, "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
