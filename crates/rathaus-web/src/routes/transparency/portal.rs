//! `/transparenz`: the transparency portal for everyone, without an account: the newest
//! publications and the categories, the list narrowed by category and agency (links, so
//! it works without JavaScript), and each record's page with its metadata, how to cite
//! it, its resources (tables previewed, GeoJSON shown as data) and its history. A
//! withdrawn record answers 410 with when and why; drafts do not exist for the public.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::view::{self, Fact, PublicationLine, ResourceLine, RevisionLine};
use crate::error::{AppError, AppResult, Refusal, rendered};
use crate::format;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::transparency::figures::{self, Event};
use rathaus_core::transparency::metadata::{Category, Format};
use rathaus_core::transparency::store::{self, Facet};
use rathaus_core::transparency::{Publication, Resource, Status};
use rathaus_platform::Error;

const PER_PAGE: u64 = 20;
/// How many rows of a table the page previews.
const PREVIEW_ROWS: usize = 10;

pub struct FacetLink {
    pub label: String,
    pub href: String,
    pub count: i64,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/home.html")]
pub struct HomePage {
    page: Page,
    newest: Vec<PublicationLine>,
    categories: Vec<FacetLink>,
    total: i64,
}

pub async fn home(State(state): State<AppState>, page: Page) -> AppResult<HomePage> {
    let catalog = state.catalog().await?;
    let conn = state.db.read();
    let (newest, total) = store::published(conn, None, None, 8, 0).await?;
    let categories = store::published_counts(conn, Facet::Category)
        .await?
        .into_iter()
        .filter_map(|(id, count)| {
            let category = Category::parse(&id)?;
            Some(FacetLink {
                label: page.t(&category.label_key()),
                href: format!("/transparenz/veroeffentlichungen?kategorie={id}"),
                count,
                current: false,
            })
        })
        .collect();
    Ok(HomePage {
        newest: newest.iter().map(|p| view::line(&page, &catalog, p)).collect(),
        categories,
        total,
        page,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    kategorie: String,
    #[serde(default)]
    behoerde: String,
    #[serde(default)]
    seite: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/list.html")]
pub struct ListPage {
    page: Page,
    lines: Vec<PublicationLine>,
    total: i64,
    categories: Vec<FacetLink>,
    agencies: Vec<FacetLink>,
    filtered: bool,
    previous: Option<String>,
    next: Option<String>,
    page_no: u64,
    pages: u64,
}

fn list_href(category: Option<&str>, agency: Option<&str>, page_no: u64) -> String {
    let mut params = Vec::new();
    if let Some(c) = category {
        params.push(format!("kategorie={c}"));
    }
    if let Some(a) = agency {
        params.push(format!("behoerde={a}"));
    }
    if page_no > 1 {
        params.push(format!("seite={page_no}"));
    }
    match params.is_empty() {
        true => "/transparenz/veroeffentlichungen".into(),
        false => format!("/transparenz/veroeffentlichungen?{}", params.join("&")),
    }
}

pub async fn list(State(state): State<AppState>, page: Page, Query(query): Query<ListQuery>) -> AppResult<ListPage> {
    let catalog = state.catalog().await?;
    let conn = state.db.read();
    let category = Category::parse(&query.kategorie).map(|c| c.id());
    let agency = catalog.agency(&query.behoerde).map(|a| a.id.as_str());
    let page_no = query.seite.max(1);
    let (found, total) = store::published(conn, category, agency, PER_PAGE, (page_no - 1) * PER_PAGE).await?;
    let pages = (total as u64).div_ceil(PER_PAGE).max(1);
    let categories = store::published_counts(conn, Facet::Category)
        .await?
        .into_iter()
        .filter_map(|(id, count)| {
            let c = Category::parse(&id)?;
            let current = category == Some(c.id());
            Some(FacetLink {
                label: page.t(&c.label_key()),
                href: list_href((!current).then_some(c.id()), agency, 1),
                count,
                current,
            })
        })
        .collect();
    let agencies = store::published_counts(conn, Facet::Agency)
        .await?
        .into_iter()
        .map(|(id, count)| {
            let current = agency == Some(id.as_str());
            FacetLink {
                label: view::agency_name(&catalog, &page, &id),
                href: list_href(category, (!current).then_some(id.as_str()), 1),
                count,
                current,
            }
        })
        .collect();
    Ok(ListPage {
        lines: found.iter().map(|p| view::line(&page, &catalog, p)).collect(),
        total,
        categories,
        agencies,
        filtered: category.is_some() || agency.is_some(),
        previous: (page_no > 1).then(|| list_href(category, agency, page_no - 1)),
        next: (page_no < pages).then(|| list_href(category, agency, page_no + 1)),
        page_no,
        pages,
        page,
    })
}

pub struct Preview {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub more: bool,
}

pub struct PublicResource {
    pub line: ResourceLine,
    pub href: String,
    pub preview: Option<Preview>,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/record.html")]
pub struct RecordPage {
    page: Page,
    name: String,
    title: String,
    description: String,
    facts: Vec<Fact>,
    citation: String,
    licence_uri: String,
    resources: Vec<PublicResource>,
    history: Vec<RevisionLine>,
    withdrawn: Option<(String, String)>,
}

/// A table's first rows, from the text read out of it (rows as lines, cells apart by tabs).
fn preview(resource: &Resource) -> Option<Preview> {
    if !view::is_table(resource.format) {
        return None;
    }
    let pages = resource.pages();
    let mut lines = pages.first()?.lines();
    let header: Vec<String> = lines.next()?.split('\t').map(str::to_string).collect();
    let rows: Vec<Vec<String>> = lines
        .by_ref()
        .take(PREVIEW_ROWS)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    Some(Preview {
        header,
        more: lines.next().is_some(),
        rows,
    })
}

/// A GeoJSON document's features as a table of their properties and geometry type.
async fn geojson_preview(state: &AppState, resource: &Resource) -> Option<Preview> {
    let bytes = state.blobs.read_all(&state.db, resource.file_id?).await.ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let features = value.get("features")?.as_array()?;
    let mut header: Vec<String> = vec!["geometry".into()];
    for feature in features {
        if let Some(properties) = feature.get("properties").and_then(|p| p.as_object()) {
            for key in properties.keys() {
                if !header.contains(key) {
                    header.push(key.clone());
                }
            }
        }
    }
    let cell = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let rows = features
        .iter()
        .take(PREVIEW_ROWS)
        .map(|f| {
            header
                .iter()
                .enumerate()
                .map(|(i, key)| match i {
                    0 => cell(f.get("geometry").and_then(|g| g.get("type"))),
                    _ => cell(f.get("properties").and_then(|p| p.get(key))),
                })
                .collect()
        })
        .collect();
    Some(Preview {
        header,
        rows,
        more: features.len() > PREVIEW_ROWS,
    })
}

/// How to cite a record: publisher (year): title. Portal, address, licence.
fn citation(page: &Page, publisher: &str, p: &Publication, url: &str) -> String {
    let year = p.published_at.map(|d| d.format("%Y").to_string()).unwrap_or_default();
    format!(
        "{publisher} ({year}): {}. {} {}. {url}. {}",
        view::title(page, p),
        page.t("transparency-title"),
        page.city,
        page.t(&p.meta.licence.label_key())
    )
}

/// Counts a view or download, unless the reader says it is a robot.
fn count(state: &AppState, headers: &HeaderMap, publication: Uuid, event: Event) {
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !figures::is_robot(agent) {
        state.publication_figures.count(publication, event, state.clock.now());
    }
}

pub async fn record(State(state): State<AppState>, page: Page, headers: HeaderMap, Path(name): Path<String>) -> AppResult<Response> {
    let conn = state.db.read();
    let publication = store::by_name(conn, &name).await?;
    let catalog = state.catalog().await?;
    match publication.status {
        Status::Published => {}
        Status::Withdrawn => {
            let withdrawn = (
                publication
                    .withdrawn_at
                    .map(|t| format::date(page.lang, t.date_naive()))
                    .unwrap_or_default(),
                publication.withdrawn_reason.clone().unwrap_or_default(),
            );
            let shown = RecordPage {
                name: publication.meta.name.clone(),
                title: view::title(&page, &publication),
                description: String::new(),
                facts: Vec::new(),
                citation: String::new(),
                licence_uri: String::new(),
                resources: Vec::new(),
                history: Vec::new(),
                withdrawn: Some(withdrawn),
                page,
            };
            return Ok(rendered(Refusal::Gone, shown));
        }
        _ => return Err(AppError(Error::NotFound)),
    }
    count(&state, &headers, publication.id, Event::View);
    let mut resources = Vec::new();
    for resource in store::resources(conn, publication.id)
        .await?
        .iter()
        .filter(|r| r.released_at.is_some())
    {
        let preview = match resource.format {
            Format::GeoJson => geojson_preview(&state, resource).await,
            _ => preview(resource),
        };
        let href = match &resource.url {
            Some(url) => url.clone(),
            None => format!("/transparenz/{}/ressourcen/{}", publication.meta.name, resource.id),
        };
        resources.push(PublicResource {
            line: view::resource_line(&page, resource),
            href,
            preview,
        });
    }
    let history = store::revisions(conn, publication.id).await?;
    let url = format!(
        "{}/transparenz/{}",
        state.config.public_url.trim_end_matches('/'),
        publication.meta.name
    );
    let publisher = view::agency_name(&catalog, &page, &publication.agency_id);
    Ok(RecordPage {
        name: publication.meta.name.clone(),
        title: view::title(&page, &publication),
        description: view::description(&page, &publication),
        facts: view::facts(&page, &catalog, &publication),
        citation: citation(&page, &publisher, &publication, &url),
        licence_uri: publication.meta.licence.uri(),
        resources,
        // The public history: what happened when, without the names of staff.
        history: history
            .iter()
            .filter(|r| {
                matches!(
                    r.change.as_str(),
                    "released" | "published" | "edited" | "resources-released" | "withdrawn"
                )
            })
            .map(|r| RevisionLine {
                actor: String::new(),
                ..view::revision_line(&page, r)
            })
            .collect(),
        withdrawn: None,
        page,
    }
    .into_response())
}

/// A resource's file as a download, for a published record's released resource only.
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((name, resource)): Path<(String, Uuid)>,
) -> AppResult<Response> {
    let conn = state.db.read();
    let publication = store::by_name(conn, &name).await?;
    let resource = store::resource(conn, resource).await?;
    if publication.status != Status::Published || resource.publication_id != publication.id || resource.released_at.is_none() {
        return Err(AppError(Error::NotFound));
    }
    let file = resource.file_id.ok_or(AppError(Error::NotFound))?;
    count(&state, &headers, publication.id, Event::Download);
    serve_file(
        &state,
        file,
        resource.format,
        &format!("{}.{}", publication.meta.name, resource.format.extension()),
    )
    .await
}

/// A stored file as an attachment with the format's media type.
pub async fn serve_file(state: &AppState, file: Uuid, format: Format, file_name: &str) -> AppResult<Response> {
    let stream = state.blobs.open(&state.db, file).await?;
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.media_type()));
    let disposition = format!("attachment; filename=\"{}\"", file_name.replace(['"', '\\', '\r', '\n'], "_"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
