//! The writing actions, for a publisher's key. Each goes through the desk's own domain
//! action, with its rules, revision and audit entry: a record made or changed here is a
//! draft (or, when already published, a change the desk would also allow), and nothing
//! is published before the review and the personal-data check.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::dicts::{self, ckan_field};
use super::read::visible;
use super::{Call, CkanError};
use rathaus_core::transparency::actions::{self, Upload};
use rathaus_core::transparency::{Desk, Publication, Status, store};
use rathaus_platform::Error;

/// The caller's desk, if it publishes for the record's agency.
fn publishing_for<'c>(call: &'c Call<'_>, agency: &str) -> Result<&'c Desk, CkanError> {
    let desk = call.publisher()?;
    if !desk.publishes_for(agency) {
        return Err(CkanError::Authorization(format!("the key's account does not publish for {agency}")));
    }
    Ok(desk)
}

/// The checked metadata of a dictionary, or every problem under CKAN's field name.
fn metadata(call: &Call<'_>, dict: &Map<String, Value>) -> Result<rathaus_core::transparency::Metadata, CkanError> {
    dicts::metadata_input(dict).parse().map_err(|problems| {
        let mut fields = Map::new();
        for problem in problems {
            let entry = fields.entry(ckan_field(problem.field).to_string()).or_insert_with(|| json!([]));
            if let Value::Array(messages) = entry {
                messages.push(json!(call.lang.t(problem.key)));
            }
        }
        CkanError::Validation(fields)
    })
}

/// The record as the desk sees it after a change.
async fn package_of(call: &Call<'_>, id: Uuid) -> Result<Value, CkanError> {
    let conn = call.state.db.read();
    let publication = store::get(conn, id).await.map_err(|e| call.domain(e))?;
    let resources = store::resources(conn, id).await.map_err(|e| call.domain(e))?;
    let dicts = call.dicts().await?;
    Ok(dicts.package(&publication, &resources.iter().collect::<Vec<_>>()))
}

fn name_taken(call: &Call<'_>, error: Error) -> CkanError {
    match error {
        Error::Conflict(key) if key == "transparency-name-taken" => CkanError::invalid("name", call.lang.t(&key)),
        other => call.domain(other),
    }
}

pub async fn package_create(call: &Call<'_>) -> Result<Value, CkanError> {
    let agency = call
        .params
        .text("owner_org")
        .ok_or_else(|| CkanError::invalid("owner_org", "Missing value"))?;
    let desk = publishing_for(call, &agency)?;
    let meta = metadata(call, &call.params.values)?;
    let state = call.state;
    let created = actions::create(&state.db, &*state.clock, desk, &agency, meta, None)
        .await
        .map_err(|e| name_taken(call, e))?;
    // Links may come with the record; files come with resource_create.
    for resource in call.params.list("resources")? {
        let text = |key: &str| resource.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
        let url = text("url");
        if url.is_empty() {
            continue;
        }
        actions::add_link(
            &state.db,
            &*state.clock,
            desk,
            created.id,
            (&text("name"), &text("description")),
            &url,
        )
        .await
        .map_err(|e| call.domain(e))?;
    }
    package_of(call, created.id).await
}

/// `package_update` replaces the metadata; `package_patch` changes only the fields sent.
pub async fn package_update(call: &Call<'_>, patch: bool) -> Result<Value, CkanError> {
    let id = call
        .params
        .text("id")
        .or_else(|| call.params.text("name"))
        .ok_or_else(|| CkanError::invalid("id", "Missing value"))?;
    let (publication, _) = visible(call, &id).await?;
    let desk = publishing_for(call, &publication.agency_id)?;
    let mut dict = match patch {
        true => current(call, &publication).await?,
        false => Map::new(),
    };
    for (key, value) in &call.params.values {
        if key == "extras" && patch {
            merge_extras(&mut dict, value);
        } else {
            dict.insert(key.clone(), value.clone());
        }
    }
    if !dict.contains_key("name") || dict.get("name").is_some_and(|n| n.as_str() == Some(id.as_str())) {
        dict.insert("name".into(), json!(publication.meta.name));
    }
    let meta = metadata(call, &dict)?;
    actions::update(&call.state.db, &*call.state.clock, desk, publication.id, meta)
        .await
        .map_err(|e| name_taken(call, e))?;
    package_of(call, publication.id).await
}

async fn current(call: &Call<'_>, publication: &Publication) -> Result<Map<String, Value>, CkanError> {
    match package_of(call, publication.id).await? {
        Value::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

/// Extras sent to a patch change those keys and keep the others.
fn merge_extras(dict: &mut Map<String, Value>, sent: &Value) {
    let mut extras: Vec<Value> = dict.get("extras").and_then(Value::as_array).cloned().unwrap_or_default();
    for extra in sent.as_array().into_iter().flatten() {
        let key = extra.get("key").cloned();
        extras.retain(|e| e.get("key") != key.as_ref());
        extras.push(extra.clone());
    }
    dict.insert("extras".into(), Value::Array(extras));
}

/// Withdraws a published record; its tombstone shows `reason`.
pub async fn package_delete(call: &Call<'_>) -> Result<Value, CkanError> {
    let (publication, _) = visible(call, &call.params.id()?).await?;
    let desk = call.publisher()?;
    if !desk.works_for(&publication.agency_id) {
        return Err(CkanError::Authorization(format!(
            "the key's account does not work for {}",
            publication.agency_id
        )));
    }
    if publication.status != Status::Published {
        return Err(CkanError::invalid(
            "state",
            "only a published record can be withdrawn here; a draft stays on the desk until it is released",
        ));
    }
    let reason = call
        .params
        .text("reason")
        .ok_or_else(|| CkanError::invalid("reason", "Missing value: a withdrawn record says why on its page"))?;
    actions::withdraw(&call.state.db, &*call.state.clock, desk, publication.id, &reason)
        .await
        .map_err(|e| call.domain(e))?;
    Ok(Value::Null)
}

pub async fn resource_create(call: &Call<'_>) -> Result<Value, CkanError> {
    let params = &call.params;
    let package = params
        .text("package_id")
        .ok_or_else(|| CkanError::invalid("package_id", "Missing value"))?;
    let (publication, _) = visible(call, &package).await?;
    let desk = publishing_for(call, &publication.agency_id)?;
    let state = call.state;
    let name = params.text("name");
    let description = params.text("description").unwrap_or_default();
    let resource = match (&params.upload, params.text("url")) {
        (Some(upload), _) => {
            let upload = Upload {
                name: name.unwrap_or_else(|| upload.file_name.clone()),
                description,
                file_name: upload.file_name.clone(),
                bytes: upload.bytes.clone(),
            };
            actions::add_file(&state.db, &state.blobs, &*state.clock, desk, publication.id, upload).await
        }
        (None, Some(url)) => {
            let name = name.unwrap_or_else(|| url.clone());
            actions::add_link(&state.db, &*state.clock, desk, publication.id, (&name, &description), &url).await
        }
        (None, None) => {
            return Err(CkanError::invalid(
                "url",
                "Missing value: send a file as 'upload' or a link as 'url'",
            ));
        }
    }
    .map_err(|e| call.domain(e))?;
    let dicts = call.dicts().await?;
    Ok(dicts.resource(&publication, &resource))
}

pub async fn resource_delete(call: &Call<'_>) -> Result<Value, CkanError> {
    let id: Uuid = call.params.id()?.parse().map_err(|_| CkanError::NotFound(String::new()))?;
    let resource = store::resource(call.state.db.read(), id).await.map_err(|e| call.domain(e))?;
    let publication = store::get(call.state.db.read(), resource.publication_id)
        .await
        .map_err(|e| call.domain(e))?;
    let desk = publishing_for(call, &publication.agency_id)?;
    actions::remove_resource(&call.state.db, &*call.state.clock, desk, id)
        .await
        .map_err(|e| call.domain(e))?;
    Ok(Value::Null)
}
