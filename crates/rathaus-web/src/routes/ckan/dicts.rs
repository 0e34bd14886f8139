//! Rathaus's records as CKAN's dictionaries: a publication as a package (dataset), its
//! resources, its agency as an organization, its themes as groups (the EU data themes,
//! lower case, as GovData names them), its keywords as tags; the rest of DCAT-AP.de as
//! `extras`. [`metadata_input`] reads such a dictionary back for the write actions.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use rathaus_core::catalog::{Agency, Catalog};
use rathaus_core::transparency::metadata::{Licence, Theme};
use rathaus_core::transparency::{MetadataInput, Publication, Resource, Status};
use rathaus_platform::i18n::Lang;

/// CKAN writes times without a zone, in UTC, with microseconds.
pub fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// What the dictionaries need besides the records: the public address, the agencies'
/// names, the language of labels.
pub struct Dicts {
    pub base: String,
    pub catalog: Arc<Catalog>,
    pub lang: Lang,
}

impl Dicts {
    pub fn package(&self, p: &Publication, resources: &[&Resource]) -> Value {
        let meta = &p.meta;
        let state = match p.status {
            Status::Published => "active",
            Status::Withdrawn => "deleted",
            _ => "draft",
        };
        let tags: Vec<Value> = meta
            .keywords
            .iter()
            .map(|k| json!({ "name": k, "display_name": k, "state": "active", "vocabulary_id": null }))
            .collect();
        let groups: Vec<Value> = meta.themes.iter().map(|t| self.group(*t, None)).collect();
        let mut extras = vec![
            ("hmbtg_category", Some(meta.category.id().to_string())),
            ("title_en", meta.title_en.clone()),
            ("notes_en", meta.description_en.clone()),
            ("issued", meta.issued.map(|d| d.to_string())),
            ("temporal_start", meta.temporal_start.map(|d| d.to_string())),
            ("temporal_end", meta.temporal_end.map(|d| d.to_string())),
            ("spatial_text", Some(meta.spatial.clone())),
            ("frequency", Some(meta.frequency.id().to_string())),
            ("legalbasisText", Some(meta.legal_basis.clone())),
            ("published", p.published_at.map(time)),
            ("withdrawn", p.withdrawn_at.map(time)),
            ("withdrawn_reason", p.withdrawn_reason.clone()),
        ];
        extras.sort_by_key(|(k, _)| *k);
        let extras: Vec<Value> = extras
            .into_iter()
            .filter_map(|(key, value)| value.map(|v| json!({ "key": key, "value": v })))
            .collect();
        let resources: Vec<Value> = resources.iter().map(|r| self.resource(p, r)).collect();
        json!({
            "id": p.id,
            "name": meta.name,
            "title": meta.title,
            "notes": meta.description,
            "type": "dataset",
            "state": state,
            "private": p.status != Status::Published,
            "url": format!("{}/transparenz/{}", self.base, meta.name),
            "owner_org": p.agency_id,
            "organization": self.organization(&p.agency_id, None),
            "license_id": meta.licence.id(),
            "license_title": meta.licence.title(),
            "license_url": meta.licence.uri(),
            "isopen": true,
            "maintainer": meta.contact_name,
            "maintainer_email": meta.contact_email,
            "author": null,
            "author_email": null,
            "version": null,
            "metadata_created": time(p.created_at),
            "metadata_modified": time(p.modified_at),
            "num_resources": resources.len(),
            "num_tags": tags.len(),
            "resources": resources,
            "tags": tags,
            "groups": groups,
            "extras": extras,
            "relationships_as_object": [],
            "relationships_as_subject": [],
        })
    }

    pub fn resource(&self, p: &Publication, r: &Resource) -> Value {
        let (url, url_type) = match (&r.url, r.released_at) {
            (Some(link), _) => (link.clone(), Value::Null),
            (None, Some(_)) => (
                format!("{}/transparenz/{}/ressourcen/{}", self.base, p.meta.name, r.id),
                json!("upload"),
            ),
            // Not yet released: only its desk can fetch it.
            (None, None) => (
                format!("{}/verwaltung/transparenz/ressourcen/{}/datei", self.base, r.id),
                json!("upload"),
            ),
        };
        json!({
            "id": r.id,
            "package_id": p.id,
            "name": r.name,
            "description": r.description,
            "format": r.format.id(),
            "mimetype": r.format.media_type(),
            "url": url,
            "url_type": url_type,
            "position": r.position,
            "created": time(r.added_at),
            "last_modified": r.released_at.map(time),
            "state": "active",
            "datastore_active": false,
        })
    }

    /// An agency as a CKAN organization; with its number of published records if known.
    pub fn organization(&self, id: &str, package_count: Option<i64>) -> Value {
        let agency = self.catalog.agency(id);
        let title = agency
            .map(|a: &Agency| {
                if self.lang == Lang::En {
                    a.name_en.clone()
                } else {
                    a.name_de.clone()
                }
            })
            .unwrap_or_else(|| id.to_string());
        let mut dict = json!({
            "id": id,
            "name": id,
            "title": title,
            "display_name": title,
            "type": "organization",
            "is_organization": true,
            "state": "active",
            "approval_status": "approved",
            "description": "",
            "image_url": "",
        });
        if let Some(count) = package_count {
            dict["package_count"] = json!(count);
        }
        dict
    }

    /// A theme as a CKAN group.
    pub fn group(&self, theme: Theme, package_count: Option<i64>) -> Value {
        let title = self.lang.t(&theme.label_key());
        let mut dict = json!({
            "id": group_name(theme),
            "name": group_name(theme),
            "title": title,
            "display_name": title,
            "type": "group",
            "is_organization": false,
            "state": "active",
            "approval_status": "approved",
            "description": theme.uri(),
            "image_display_url": "",
        });
        if let Some(count) = package_count {
            dict["package_count"] = json!(count);
        }
        dict
    }
}

pub fn group_name(theme: Theme) -> String {
    theme.id().to_ascii_lowercase()
}

pub fn licence(licence: Licence) -> Value {
    json!({
        "id": licence.id(),
        "title": licence.title(),
        "url": licence.uri(),
        "od_conformance": "approved",
        "osd_conformance": "not reviewed",
        "status": "active",
    })
}

/// The names CKAN clients use for the fields of Rathaus's metadata, where they differ.
pub const FIELD_NAMES: [(&str, &str); 9] = [
    ("description", "notes"),
    ("description_en", "notes_en"),
    ("licence", "license_id"),
    ("themes", "groups"),
    ("keywords", "tags"),
    ("contact_name", "maintainer"),
    ("contact_email", "maintainer_email"),
    ("category", "hmbtg_category"),
    ("legal_basis", "legalbasisText"),
];

/// The CKAN name of a metadata field.
pub fn ckan_field(field: &str) -> &str {
    FIELD_NAMES
        .iter()
        .find(|(ours, _)| *ours == field)
        .map(|(_, theirs)| *theirs)
        .unwrap_or(match field {
            "spatial" => "spatial_text",
            other => other,
        })
}

/// The metadata a package dictionary carries. An extra may also be sent as a field of
/// its own (`"hmbtg_category": "statistik"`), which wins over `extras`.
pub fn metadata_input(dict: &Map<String, Value>) -> MetadataInput {
    let extras: Map<String, Value> = dict
        .get("extras")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|e| Some((e.get("key")?.as_str()?.to_string(), e.get("value")?.clone())))
                .collect()
        })
        .unwrap_or_default();
    let text = |key: &str| -> String {
        let value = dict.get(key).filter(|v| !v.is_null()).or_else(|| extras.get(key));
        match value {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let names = |key: &str| -> String {
        match dict.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    other => other.get("name").and_then(Value::as_str).map(str::to_string),
                })
                .collect::<Vec<_>>()
                .join(","),
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        }
    };
    MetadataInput {
        name: text("name"),
        title: text("title"),
        title_en: text("title_en"),
        description: text("notes"),
        description_en: text("notes_en"),
        category: text("hmbtg_category"),
        themes: names("groups"),
        keywords: names("tags"),
        licence: text("license_id"),
        contact_name: text("maintainer"),
        contact_email: text("maintainer_email"),
        issued: text("issued"),
        temporal_start: text("temporal_start"),
        temporal_end: text("temporal_end"),
        spatial: text("spatial_text"),
        frequency: text("frequency"),
        legal_basis: text("legalbasisText"),
    }
}
