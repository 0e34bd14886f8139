//! `/catalog.ttl`, `/catalog.rdf`, `/catalog.jsonld`: the published records as a DCAT-AP
//! catalogue for harvesters (the national portal), a page of records at a time (`?page=`,
//! with Hydra links to the others).

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use rathaus_core::transparency::dcat::{self, PAGE_SIZE, Site, Syntax};
use rathaus_core::transparency::{Resource, store};
use rathaus_platform::Error;

#[derive(Debug, Default, Deserialize)]
pub struct CatalogQuery {
    page: Option<String>,
}

pub async fn turtle(state: State<AppState>, query: Query<CatalogQuery>) -> AppResult<Response> {
    catalog(state, query, Syntax::Turtle).await
}

pub async fn rdf_xml(state: State<AppState>, query: Query<CatalogQuery>) -> AppResult<Response> {
    catalog(state, query, Syntax::RdfXml).await
}

pub async fn json_ld(state: State<AppState>, query: Query<CatalogQuery>) -> AppResult<Response> {
    catalog(state, query, Syntax::JsonLd).await
}

async fn catalog(State(state): State<AppState>, Query(query): Query<CatalogQuery>, syntax: Syntax) -> AppResult<Response> {
    let number = match query.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| AppError(Error::Invalid("page must be a whole number from 1".into())))?,
    };
    let conn = state.db.read();
    let offset = (number - 1).saturating_mul(PAGE_SIZE);
    let (records, total) = store::published(conn, None, None, PAGE_SIZE, offset).await?;
    let total = total.max(0) as u64;
    if number > 1 && offset >= total {
        return Err(AppError(Error::NotFound));
    }
    let ids: Vec<Uuid> = records.iter().map(|p| p.id).collect();
    let resources = store::resources_of(conn, &ids).await?;
    let catalog = state.catalog().await?;
    let records: Vec<_> = records
        .into_iter()
        .map(|p| {
            let own: Vec<Resource> = resources.iter().filter(|r| r.publication_id == p.id).cloned().collect();
            let agency = catalog
                .agency(&p.agency_id)
                .map(|a| a.name_de.clone())
                .unwrap_or_else(|| p.agency_id.clone());
            (p, own, agency)
        })
        .collect();
    let config = &state.config;
    let title = format!("Transparenzportal {}", config.city_name);
    let description = rathaus_platform::i18n::Lang::De.t("transparency-lead");
    let site = Site {
        base: config.public_url.trim_end_matches('/'),
        title: &title,
        description: &description,
        publisher: &config.city_name,
    };
    let page = dcat::Page {
        number,
        size: PAGE_SIZE,
        total,
        records: &records,
    };
    let body = dcat::write(&site, &page, syntax)?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(syntax.media_type()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(response)
}
