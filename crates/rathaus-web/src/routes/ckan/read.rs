//! The reading actions. Everyone sees what the portal shows: published records with
//! their released resources, and withdrawn ones as tombstones (`state: deleted`, with
//! when and why). A caller with the key of someone at the record's agency also sees its
//! drafts, as on the desk.

use std::collections::HashMap;

use serde_json::{Value, json};
use uuid::Uuid;

use super::dicts;
use super::{Call, CkanError};
use rathaus_core::transparency::metadata::{Category, Format, Licence, Theme};
use rathaus_core::transparency::search::{SearchQuery, TAG_FACET};
use rathaus_core::transparency::store::{self, Facet};
use rathaus_core::transparency::{Publication, Resource, Status};
use rathaus_platform::Error;

/// The CKAN version whose API this one follows.
const CKAN_VERSION: &str = "2.10.5";
const MAX_ROWS: i64 = 1000;

pub async fn status_show(call: &Call<'_>) -> Result<Value, CkanError> {
    let config = &call.state.config;
    Ok(json!({
        "ckan_version": CKAN_VERSION,
        "site_title": format!("Transparenzportal {}", config.city_name),
        "site_description": call.lang.t("transparency-lead"),
        "site_url": config.public_url.trim_end_matches('/'),
        "locale_default": "de",
        "extensions": ["rathaus"],
    }))
}

pub fn help_show(call: &Call<'_>) -> Result<Value, CkanError> {
    let name = call
        .params
        .text("name")
        .ok_or_else(|| CkanError::invalid("name", "Missing value"))?;
    let text = match name.as_str() {
        "package_search" => {
            "Searches the published records. q: words (phrases in quotes); fq: field:value filters on organization, groups, \
             tags, res_format, license_id, hmbtg_category, year; rows (at most 1000), start; sort: 'score desc' or \
             'metadata_modified desc'; facet.field: a JSON list of those fields; facet.limit (-1 for all)."
        }
        "package_create" | "package_update" | "package_patch" => {
            "Writes a record as a draft of its agency (owner_org). Fields: name, title, notes, owner_org, license_id, \
             maintainer, maintainer_email, groups (EU data themes), tags, and hmbtg_category, legalbasisText, frequency, \
             issued, temporal_start, temporal_end, spatial_text, title_en, notes_en (as fields or extras). The record is \
             published only after the four-eyes review and the personal-data check on the desk."
        }
        "package_delete" => "Withdraws a published record; 'reason' says why and is shown on its tombstone.",
        "resource_create" => "Adds a file (multipart field 'upload') or a link ('url') to a record (package_id).",
        other if super::READ_ACTIONS.contains(&other) || other == "resource_delete" => "See CKAN's Action API reference.",
        _ => return Err(CkanError::NotFound(format!("no action {name}"))),
    };
    Ok(json!(text))
}

/// Whether the caller may see the record at all, and whether as its desk (every resource).
fn sight(call: &Call<'_>, p: &Publication) -> Option<bool> {
    if call.desk.as_ref().is_some_and(|d| d.works_for(&p.agency_id)) {
        return Some(true);
    }
    matches!(p.status, Status::Published | Status::Withdrawn).then_some(false)
}

/// The resources the caller sees of a record.
fn shown<'r>(p: &Publication, as_desk: bool, resources: &'r [Resource]) -> Vec<&'r Resource> {
    resources
        .iter()
        .filter(|r| r.publication_id == p.id)
        .filter(|r| as_desk || (p.status == Status::Published && r.released_at.is_some()))
        .collect()
}

/// A record by its id or name, if the caller may see it.
pub async fn visible(call: &Call<'_>, id_or_name: &str) -> Result<(Publication, bool), CkanError> {
    let conn = call.state.db.read();
    let found = match id_or_name.parse::<Uuid>() {
        Ok(id) => store::get(conn, id).await,
        Err(_) => store::by_name(conn, id_or_name).await,
    };
    let publication = found.map_err(|e| call.domain(e))?;
    let as_desk = sight(call, &publication).ok_or(CkanError::NotFound(String::new()))?;
    Ok((publication, as_desk))
}

/// Package dictionaries of records, in the given order, with their resources.
async fn packages(call: &Call<'_>, records: &[Publication]) -> Result<Vec<Value>, CkanError> {
    let ids: Vec<Uuid> = records.iter().map(|p| p.id).collect();
    let resources = store::resources_of(call.state.db.read(), &ids).await.map_err(|e| call.domain(e))?;
    let dicts = call.dicts().await?;
    Ok(records
        .iter()
        .filter_map(|p| sight(call, p).map(|as_desk| dicts.package(p, &shown(p, as_desk, &resources))))
        .collect())
}

pub async fn package_show(call: &Call<'_>) -> Result<Value, CkanError> {
    let (publication, _) = visible(call, &call.params.id()?).await?;
    let mut found = packages(call, std::slice::from_ref(&publication)).await?;
    found.pop().ok_or(CkanError::NotFound(String::new()))
}

fn paging(call: &Call<'_>, default_limit: i64) -> Result<(u64, u64), CkanError> {
    let limit = call.params.number("limit", default_limit, 0..=MAX_ROWS)?;
    let offset = call.params.number("offset", 0, 0..=i64::from(u32::MAX))?;
    Ok((limit as u64, offset as u64))
}

pub async fn package_list(call: &Call<'_>) -> Result<Value, CkanError> {
    // Without a limit, every name (as CKAN answers).
    let (limit, offset) = match call.params.text("limit") {
        Some(_) => paging(call, MAX_ROWS)?,
        None => (i64::MAX as u64, paging(call, 0)?.1),
    };
    let names = store::published_names(call.state.db.read(), limit, offset)
        .await
        .map_err(|e| call.domain(e))?;
    Ok(json!(names))
}

pub async fn current_package_list_with_resources(call: &Call<'_>) -> Result<Value, CkanError> {
    let (limit, offset) = paging(call, 10)?;
    let (records, _) = store::published(call.state.db.read(), None, None, limit, offset)
        .await
        .map_err(|e| call.domain(e))?;
    Ok(json!(packages(call, &records).await?))
}

pub async fn resource_show(call: &Call<'_>) -> Result<Value, CkanError> {
    let id: Uuid = call.params.id()?.parse().map_err(|_| CkanError::NotFound(String::new()))?;
    let conn = call.state.db.read();
    let resource = store::resource(conn, id).await.map_err(|e| call.domain(e))?;
    let publication = store::get(conn, resource.publication_id).await.map_err(|e| call.domain(e))?;
    let as_desk = sight(call, &publication).ok_or(CkanError::NotFound(String::new()))?;
    if shown(&publication, as_desk, std::slice::from_ref(&resource)).is_empty() {
        return Err(CkanError::NotFound(String::new()));
    }
    let dicts = call.dicts().await?;
    Ok(dicts.resource(&publication, &resource))
}

async fn counts(call: &Call<'_>, facet: Facet) -> Result<HashMap<String, i64>, CkanError> {
    Ok(store::published_counts(call.state.db.read(), facet)
        .await
        .map_err(|e| call.domain(e))?
        .into_iter()
        .collect())
}

pub async fn organization_list(call: &Call<'_>) -> Result<Value, CkanError> {
    let dicts = call.dicts().await?;
    let mut ids: Vec<&str> = dicts.catalog.agencies().iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    if !call.params.flag("all_fields") {
        return Ok(json!(ids));
    }
    let counts = counts(call, Facet::Agency).await?;
    Ok(json!(
        ids.iter()
            .map(|id| dicts.organization(id, Some(counts.get(*id).copied().unwrap_or(0))))
            .collect::<Vec<_>>()
    ))
}

pub async fn organization_show(call: &Call<'_>) -> Result<Value, CkanError> {
    let id = call.params.id()?;
    let dicts = call.dicts().await?;
    if dicts.catalog.agency(&id).is_none() {
        return Err(CkanError::NotFound(String::new()));
    }
    let counts = counts(call, Facet::Agency).await?;
    let mut dict = dicts.organization(&id, Some(counts.get(&id).copied().unwrap_or(0)));
    if call.params.flag("include_datasets") {
        let (records, _) = store::published(call.state.db.read(), None, Some(&id), MAX_ROWS as u64, 0)
            .await
            .map_err(|e| call.domain(e))?;
        dict["packages"] = json!(packages(call, &records).await?);
    }
    Ok(dict)
}

async fn theme_counts(call: &Call<'_>) -> Result<HashMap<String, u64>, CkanError> {
    let query = SearchQuery {
        limit: 1,
        ..Default::default()
    };
    let results = call.state.transparency.search(&query).map_err(|e| call.domain(e))?;
    Ok(results
        .facets
        .into_iter()
        .find(|(name, _)| name == "theme")
        .map(|(_, values)| values.into_iter().collect())
        .unwrap_or_default())
}

pub async fn group_list(call: &Call<'_>) -> Result<Value, CkanError> {
    if !call.params.flag("all_fields") {
        return Ok(json!(Theme::ALL.iter().map(|t| dicts::group_name(*t)).collect::<Vec<_>>()));
    }
    let counts = theme_counts(call).await?;
    let dicts = call.dicts().await?;
    Ok(json!(
        Theme::ALL
            .iter()
            .map(|t| dicts.group(*t, Some(counts.get(t.id()).copied().unwrap_or(0) as i64)))
            .collect::<Vec<_>>()
    ))
}

pub async fn group_show(call: &Call<'_>) -> Result<Value, CkanError> {
    let theme = Theme::parse(&call.params.id()?).ok_or(CkanError::NotFound(String::new()))?;
    let counts = theme_counts(call).await?;
    let dicts = call.dicts().await?;
    Ok(dicts.group(theme, Some(counts.get(theme.id()).copied().unwrap_or(0) as i64)))
}

pub async fn tag_list(call: &Call<'_>) -> Result<Value, CkanError> {
    let wanted = call.params.text("query").map(|q| q.to_lowercase());
    let tags = store::published_keywords(call.state.db.read()).await.map_err(|e| call.domain(e))?;
    Ok(json!(
        tags.into_iter()
            .filter(|t| wanted.as_ref().is_none_or(|q| t.to_lowercase().contains(q)))
            .collect::<Vec<_>>()
    ))
}

pub fn license_list() -> Value {
    json!(Licence::ALL.iter().map(|l| dicts::licence(*l)).collect::<Vec<_>>())
}

/// The fields `fq` and `facet.field` understand: CKAN's name, the index's facet.
const SEARCH_FIELDS: [(&str, &str); 7] = [
    ("organization", "agency"),
    ("groups", "theme"),
    ("tags", TAG_FACET),
    ("res_format", "format"),
    ("license_id", "licence"),
    ("hmbtg_category", "category"),
    ("year", "year"),
];

fn facet_of(field: &str) -> Result<&'static str, CkanError> {
    SEARCH_FIELDS
        .iter()
        .find(|(ckan, _)| *ckan == field)
        .map(|(_, ours)| *ours)
        .ok_or_else(|| {
            let known: Vec<&str> = SEARCH_FIELDS.iter().map(|(f, _)| *f).collect();
            CkanError::SearchQuery(format!("unknown field {field:?}; known are {}", known.join(", ")))
        })
}

/// A value as the index keeps it (themes and formats by their canonical id, `/` as `_`).
fn indexed_value(facet: &str, value: &str) -> String {
    let value = match facet {
        "theme" => Theme::parse(value).map(|t| t.id().to_string()),
        "format" => Format::parse(value).map(|f| f.id().to_string()),
        "licence" => Licence::parse(value).map(|l| l.id().to_string()),
        "category" => Category::parse(value).map(|c| c.id().to_string()),
        _ => None,
    }
    .unwrap_or_else(|| value.to_string());
    value.replace('/', "_")
}

/// A value as CKAN shows it (themes as group names).
fn shown_value(facet: &str, value: &str) -> String {
    match facet {
        "theme" => Theme::parse(value).map(dicts::group_name).unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// `fq`: `field:value` terms apart by spaces (a leading `+` and quotes allowed), all of
/// which must hold.
fn filters(fq: &str) -> Result<Vec<String>, CkanError> {
    let mut filters = Vec::new();
    let mut rest = fq.trim();
    while !rest.is_empty() {
        let term = rest.trim_start_matches('+');
        let (field, after) = term
            .split_once(':')
            .ok_or_else(|| CkanError::SearchQuery(format!("expected field:value in fq, found {term:?}")))?;
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted
                    .find('"')
                    .ok_or_else(|| CkanError::SearchQuery("a quote in fq is not closed".into()))?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => after.split_at(after.find(char::is_whitespace).unwrap_or(after.len())),
        };
        let facet = facet_of(field.trim())?;
        filters.push(format!("/{facet}/{}", indexed_value(facet, value)));
        rest = next.trim_start();
    }
    Ok(filters)
}

/// `sort`: by relevance (`score desc`, the default) or newest first.
fn newest_first(sort: Option<&str>) -> Result<bool, CkanError> {
    let Some(sort) = sort.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(false);
    };
    let first = sort
        .split(',')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match first.as_str() {
        "score desc" | "rank desc" => Ok(false),
        "metadata_modified desc" | "metadata_created desc" => Ok(true),
        _ => Err(CkanError::SearchQuery(format!(
            "cannot sort by {sort:?}; sort by 'score desc' or 'metadata_modified desc'"
        ))),
    }
}

pub async fn package_search(call: &Call<'_>) -> Result<Value, CkanError> {
    let params = &call.params;
    let text = params.text("q").unwrap_or_default();
    let text = if text == "*:*" { String::new() } else { text };
    if text.chars().count() > 1000 {
        return Err(CkanError::SearchQuery("q is longer than 1000 characters".into()));
    }
    let rows = params.number("rows", 10, 0..=MAX_ROWS)?;
    let start = params.number("start", 0, 0..=i64::from(u32::MAX))?;
    let sort = params.text("sort");
    let newest = newest_first(sort.as_deref())?;
    let mut filter_paths = filters(&params.text("fq").unwrap_or_default())?;
    for fq in params.list("fq_list")? {
        filter_paths.extend(filters(fq.as_str().unwrap_or_default())?);
    }
    let facet_fields: Vec<String> = params
        .list("facet.field")?
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let facets: Vec<(&str, &'static str)> = facet_fields
        .iter()
        .map(|f| facet_of(f).map(|ours| (f.as_str(), ours)))
        .collect::<Result<_, _>>()?;
    let facet_limit = params.number("facet.limit", 50, -1..=100_000)?;
    let query = SearchQuery {
        text,
        filters: filter_paths,
        newest_first: newest,
        offset: start as usize,
        limit: rows.max(1) as usize,
        with_tags: facets.iter().any(|(_, ours)| *ours == TAG_FACET),
    };
    let results = call.state.transparency.search(&query).map_err(|e| match e {
        Error::Invalid(message) => CkanError::SearchQuery(message),
        other => call.domain(other),
    })?;
    let ids: Vec<Uuid> = results.hits.iter().take(rows as usize).map(|h| h.id).collect();
    let found = store::by_ids(call.state.db.read(), &ids).await.map_err(|e| call.domain(e))?;
    // In the order of the hits; a record withdrawn since the index last followed is left out.
    let by_id: HashMap<Uuid, Publication> = found.into_iter().map(|p| (p.id, p)).collect();
    let records: Vec<Publication> = ids
        .iter()
        .filter_map(|id| by_id.get(id).cloned())
        .filter(|p| p.status == Status::Published)
        .collect();
    let results_dicts = packages(call, &records).await?;
    let mut facet_counts = serde_json::Map::new();
    let mut search_facets = serde_json::Map::new();
    for (field, ours) in facets {
        let mut values: Vec<(String, u64)> = results
            .facets
            .iter()
            .find(|(name, _)| name == ours)
            .map(|(_, values)| values.clone())
            .unwrap_or_default();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if facet_limit >= 0 {
            values.truncate(facet_limit as usize);
        }
        let shown: Vec<(String, u64)> = values.into_iter().map(|(v, n)| (shown_value(ours, &v), n)).collect();
        facet_counts.insert(
            field.into(),
            Value::Object(shown.iter().map(|(name, count)| (name.clone(), json!(count))).collect()),
        );
        search_facets.insert(
            field.into(),
            json!({
                "title": field,
                "items": shown.iter().map(|(name, count)| json!({ "name": name, "display_name": name, "count": count })).collect::<Vec<_>>(),
            }),
        );
    }
    Ok(json!({
        "count": results.total,
        "sort": sort.unwrap_or_else(|| "score desc, metadata_modified desc".into()),
        "results": results_dicts,
        "facets": facet_counts,
        "search_facets": search_facets,
    }))
}
