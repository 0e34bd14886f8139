//! Documents uploaded into an application. A file is linked to the draft it was uploaded
//! to and to the field that asked for it; an answer may only name a file of its own
//! application, and a file is only ever read through an application its owner sees.

use futures::Stream;
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::{Map, Value};
use std::collections::HashSet;
use uuid::Uuid;

use super::{Application, own};
use crate::accounts::Acting;
use crate::cases::workflow::Status;
use crate::forms::{FieldDefinition, FieldKind, FormDefinition, Problem};
use rathaus_platform::blobs::{BlobStore, FileRecord, NewFile};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// Every column that links to a stored file: a `files` row none of them names belongs to
/// nobody (the sweep shreds it). A schema test keeps this list complete.
pub const FILE_REFERENCES: &[(&str, &str)] = &[
    ("application_files", "file_id"),
    ("inbox_messages", "file_id"),
    ("decisions", "file_id"),
    ("publication_resources", "file_id"),
    ("publication_resources", "original_file_id"),
];

/// The largest document a form accepts, unless the operator allows less.
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The file field `field` (a top-level field id, or a field inside a repeating group)
/// of `form`, with the content types it accepts.
pub fn accepted_types<'a>(form: &'a FormDefinition, field: &str) -> Option<&'a [String]> {
    form.all_fields().into_iter().find_map(|f| match &f.kind {
        FieldKind::File { accept } if f.id == field => Some(accept.as_slice()),
        _ => None,
    })
}

/// Where an upload goes: a file field of a draft.
#[derive(Debug, Clone, Copy)]
pub struct UploadTarget<'a> {
    pub application: Uuid,
    pub form: &'a FormDefinition,
    /// The file field's id (inside a group: the id within the item).
    pub field: &'a str,
    /// The name the browser gave; only kept, cleaned, to show it again.
    pub original_name: &'a str,
}

/// Streams an upload into the store and links it to the person's draft. The type is
/// recognised from the content and must be one the field accepts.
pub async fn upload<S, E>(
    db: &Db,
    blobs: &BlobStore,
    clock: &dyn Clock,
    who: &Acting<'_>,
    target: UploadTarget<'_>,
    body: S,
) -> Result<FileRecord>
where
    S: Stream<Item = std::result::Result<bytes::Bytes, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    let UploadTarget {
        application,
        form,
        field,
        original_name,
    } = target;
    let draft = own(db, who, application).await?;
    if draft.status != Status::Draft {
        return Err(Error::Conflict("the application has been submitted".into()));
    }
    let accept = accepted_types(form, field).ok_or(Error::NotFound)?.to_vec();
    let to = Attachment {
        application,
        field,
        original_name,
        accept,
    };
    attach(db, blobs, clock, to, body).await
}

/// A file to link to an application: under which field, the name the sender gave, and
/// the content types allowed.
#[derive(Debug, Clone)]
pub struct Attachment<'a> {
    pub application: Uuid,
    pub field: &'a str,
    pub original_name: &'a str,
    pub accept: Vec<String>,
}

/// Streams a file into the store (type recognised from the content, one of `accept`)
/// and links it to the application under `field`. The caller has checked who may.
pub async fn attach<S, E>(db: &Db, blobs: &BlobStore, clock: &dyn Clock, to: Attachment<'_>, body: S) -> Result<FileRecord>
where
    S: Stream<Item = std::result::Result<bytes::Bytes, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    let Attachment {
        application,
        field,
        original_name,
        accept,
    } = to;
    let new = NewFile {
        original_name: clean_name(original_name),
        accept,
        max_bytes: Some(MAX_DOCUMENT_BYTES.min(blobs.max_bytes())),
    };
    let record = blobs.put(db.write(), clock, new, body).await?;
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "INSERT INTO application_files (application_id, file_id, field, created_at) VALUES ($1, $2, $3, $4)",
        vec![application.into(), record.id.into(), field.into(), clock.now().into()],
    ))
    .await?;
    Ok(record)
}

/// A name safe to keep and to offer again: the last path segment, without control
/// characters, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "dokument".to_string()
    } else {
        cleaned.to_string()
    }
}

/// The files linked to an application.
pub async fn linked(db: &Db, application: Uuid) -> Result<Vec<FileRecord>> {
    Ok(linked_with_fields(db, application).await?.into_iter().map(|(_, f)| f).collect())
}

/// The linked files with the field each was uploaded for (the receipt's is
/// [`super::receipt::FILE_FIELD`]).
pub async fn linked_with_fields(db: &Db, application: Uuid) -> Result<Vec<(String, FileRecord)>> {
    let conn = db.read();
    #[derive(FromQueryResult)]
    struct Linked {
        field: String,
        #[sea_orm(nested)]
        file: FileRecord,
    }
    let rows = Linked::find_by_statement(stmt(
        conn,
        "SELECT af.field, f.id, f.size_bytes, f.content_type, f.original_name, f.sha256, f.created_at \
         FROM application_files af JOIN files f ON f.id = af.file_id \
         WHERE af.application_id = $1 AND f.deleted_at IS NULL ORDER BY f.created_at, f.id",
        vec![application.into()],
    ))
    .all(conn)
    .await?;
    Ok(rows.into_iter().map(|l| (l.field, l.file)).collect())
}

/// Every string in an answer that may be a file id (files sit at any depth in groups).
pub fn ids_in(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(ids_in).collect(),
        Value::Object(map) => map.values().flat_map(ids_in).collect(),
        _ => vec![],
    }
}

/// One file of one of the person's applications; anything else is `NotFound`.
pub async fn own_file(db: &Db, who: &Acting<'_>, application: Uuid, file: Uuid) -> Result<(Application, FileRecord)> {
    let app = own(db, who, application).await?;
    let record = linked(db, application)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(Error::NotFound)?;
    Ok((app, record))
}

/// Removes answers that name a file which is not linked to this application (an id
/// copied from elsewhere), with a problem at the field.
pub fn keep_own_files(
    fields: &[FieldDefinition],
    answers: &mut Map<String, Value>,
    linked: &HashSet<Uuid>,
    prefix: &str,
    problems: &mut Vec<Problem>,
) {
    for field in fields {
        let path = if prefix.is_empty() {
            field.id.clone()
        } else {
            format!("{prefix}.{}", field.id)
        };
        match &field.kind {
            FieldKind::File { .. } => {
                let foreign = answers
                    .get(&field.id)
                    .and_then(Value::as_str)
                    .is_some_and(|id| Uuid::parse_str(id).map_or(true, |id| !linked.contains(&id)));
                if foreign {
                    answers.remove(&field.id);
                    problems.push(Problem {
                        path,
                        key: "form-error-file",
                    });
                }
            }
            FieldKind::Group { fields: inner, .. } => {
                if let Some(Value::Array(items)) = answers.get_mut(&field.id) {
                    for (i, item) in items.iter_mut().enumerate() {
                        if let Value::Object(item) = item {
                            keep_own_files(inner, item, linked, &format!("{path}.{}", i + 1), problems);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\anna\\Nachweis.pdf"), "Nachweis.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\r\nb.pdf"), "ab.pdf");
        assert_eq!(clean_name(".."), "dokument");
        assert_eq!(clean_name(""), "dokument");
        assert_eq!(clean_name(&"x".repeat(500)).chars().count(), 120);
    }
}
