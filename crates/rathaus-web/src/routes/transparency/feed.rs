//! `/transparenz/feed.atom`: the newest publications as an Atom feed (RFC 4287), all of
//! them or one category's (`?kategorie=…`), for feed readers and newsrooms.

use atom_syndication::{CategoryBuilder, EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder, PersonBuilder, Text};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::view;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::transparency::metadata::Category;
use rathaus_core::transparency::store;

/// How many of the newest records a feed carries.
const ENTRIES: u64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    kategorie: String,
}

pub async fn feed(State(state): State<AppState>, page: Page, Query(query): Query<FeedQuery>) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let category = Category::parse(&query.kategorie);
    let (records, _) = store::published(state.db.read(), category.map(|c| c.id()), None, ENTRIES, 0).await?;
    let base = state.config.public_url.trim_end_matches('/').to_string();
    let self_href = match category {
        Some(c) => format!("{base}/transparenz/feed.atom?kategorie={}", c.id()),
        None => format!("{base}/transparenz/feed.atom"),
    };
    let title = match category {
        Some(c) => format!("{} – {} – {}", page.t("transparency-title"), page.t(&c.label_key()), page.city),
        None => format!("{} – {}", page.t("transparency-title"), page.city),
    };
    let at = |t: chrono::DateTime<chrono::Utc>| -> FixedDateTime { t.fixed_offset() };
    let updated = records
        .iter()
        .filter_map(|p| p.published_at)
        .max()
        .unwrap_or_else(|| state.clock.now());
    let entries = records
        .iter()
        .map(|p| {
            let href = format!("{base}/transparenz/{}", p.meta.name);
            let published = p.published_at.unwrap_or(p.modified_at);
            EntryBuilder::default()
                .title(view::title(&page, p))
                .id(format!("{base}/transparenz/{}", p.id))
                .updated(at(p.modified_at.max(published)))
                .published(Some(at(published)))
                .link(
                    LinkBuilder::default()
                        .rel("alternate")
                        .mime_type(Some("text/html".into()))
                        .href(href)
                        .build(),
                )
                .author(
                    PersonBuilder::default()
                        .name(view::agency_name(&catalog, &page, &p.agency_id))
                        .build(),
                )
                .category(
                    CategoryBuilder::default()
                        .term(p.meta.category.id())
                        .scheme(Some(p.meta.category.uri()))
                        .label(Some(page.t(&p.meta.category.label_key())))
                        .build(),
                )
                .summary(Some(Text::plain(view::description(&page, p))))
                .build()
        })
        .collect::<Vec<_>>();
    let feed = FeedBuilder::default()
        .title(title)
        .id(self_href.clone())
        .updated(at(updated))
        .lang(Some(page.html_lang().to_string()))
        .link(
            LinkBuilder::default()
                .rel("self")
                .mime_type(Some("application/atom+xml".into()))
                .href(self_href)
                .build(),
        )
        .link(
            LinkBuilder::default()
                .rel("alternate")
                .mime_type(Some("text/html".into()))
                .href(format!("{base}/transparenz"))
                .build(),
        )
        .entries(entries)
        .build();
    let mut response = feed.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}
