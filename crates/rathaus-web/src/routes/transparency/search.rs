//! `/transparenz/suche`: full-text search over the published records and the text inside
//! their files, with facets as links (they work without JavaScript), highlighted
//! passages, and sorting by relevance or date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::view::{self, PublicationLine};
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::transparency::metadata::{Category, Format, Licence, Theme};
use rathaus_core::transparency::search::SearchQuery;
use rathaus_core::transparency::{Status, store};

const PER_PAGE: usize = 20;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kategorie: String,
    #[serde(default)]
    behoerde: String,
    #[serde(default)]
    thema: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    lizenz: String,
    #[serde(default)]
    jahr: String,
    #[serde(default)]
    sortierung: String,
    #[serde(default)]
    seite: usize,
}

/// The facets: their name in the index, their parameter, and their heading.
const FACETS: [(&str, &str, &str); 6] = [
    ("category", "kategorie", "transparency-category"),
    ("agency", "behoerde", "transparency-publisher"),
    ("theme", "thema", "transparency-themes"),
    ("format", "format", "transparency-format"),
    ("licence", "lizenz", "transparency-licence"),
    ("year", "jahr", "transparency-year"),
];

impl SearchParams {
    fn get(&self, param: &str) -> &str {
        match param {
            "kategorie" => &self.kategorie,
            "behoerde" => &self.behoerde,
            "thema" => &self.thema,
            "format" => &self.format,
            "lizenz" => &self.lizenz,
            "jahr" => &self.jahr,
            _ => "",
        }
    }

    fn set(&mut self, param: &str, value: &str) {
        let value = value.to_string();
        match param {
            "kategorie" => self.kategorie = value,
            "behoerde" => self.behoerde = value,
            "thema" => self.thema = value,
            "format" => self.format = value,
            "lizenz" => self.lizenz = value,
            "jahr" => self.jahr = value,
            _ => {}
        }
    }

    /// The address of this search, with the page number.
    fn href(&self, page_no: usize) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.clone())];
        for (_, param, _) in FACETS {
            pairs.push((param, self.get(param).to_string()));
        }
        pairs.push(("sortierung", self.sortierung.clone()));
        if page_no > 1 {
            pairs.push(("seite", page_no.to_string()));
        }
        pairs.retain(|(_, v)| !v.is_empty());
        format!("/transparenz/suche?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }
}

pub struct FacetValue {
    pub label: String,
    pub href: String,
    pub count: u64,
    pub current: bool,
}

pub struct FacetGroup {
    pub id: &'static str,
    pub title: String,
    pub values: Vec<FacetValue>,
}

pub struct Hit {
    pub line: PublicationLine,
    pub snippet: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/search.html")]
pub struct SearchPage {
    page: Page,
    q: String,
    newest: bool,
    total: usize,
    /// No record holds every word; these hold some.
    some_words_only: bool,
    hits: Vec<Hit>,
    facets: Vec<FacetGroup>,
    relevance_href: String,
    newest_href: String,
    reset_href: Option<String>,
    previous: Option<String>,
    next: Option<String>,
    page_no: usize,
    pages: usize,
}

fn facet_label(page: &Page, catalog: &rathaus_core::catalog::Catalog, facet: &str, value: &str) -> String {
    let label = match facet {
        "category" => Category::parse(value).map(|c| page.t(&c.label_key())),
        "theme" => Theme::parse(value).map(|t| page.t(&t.label_key())),
        "licence" => Licence::parse(value).map(|l| page.t(&l.label_key())),
        "format" => Format::parse(value).map(|f| page.t(&f.label_key())),
        "agency" => Some(view::agency_name(catalog, page, value)),
        _ => None,
    };
    label.unwrap_or_else(|| value.to_string())
}

pub async fn search(State(state): State<AppState>, page: Page, Query(params): Query<SearchParams>) -> AppResult<SearchPage> {
    let catalog = state.catalog().await?;
    let page_no = params.seite.max(1);
    let mut filters = Vec::new();
    for (facet, param, _) in FACETS {
        let value = params.get(param).trim();
        if !value.is_empty() {
            // The index keeps a licence's "/" as "_" (a "/" would open a sub-facet).
            filters.push(format!("/{facet}/{}", value.replace('/', "_")));
        }
    }
    let newest = params.sortierung == "neu";
    let query = SearchQuery {
        text: params.q.chars().take(500).collect(),
        filters,
        newest_first: newest,
        offset: (page_no - 1) * PER_PAGE,
        limit: PER_PAGE,
        with_tags: false,
    };
    let results = state.transparency.search(&query)?;
    // The index may trail the database by a moment: what is no longer public is left out.
    let ids: Vec<uuid::Uuid> = results.hits.iter().map(|h| h.id).collect();
    let found = store::by_ids(state.db.read(), &ids).await?;
    let hits = results
        .hits
        .iter()
        .filter_map(|hit| {
            let publication = found.iter().find(|p| p.id == hit.id && p.status == Status::Published)?;
            Some(Hit {
                line: view::line(&page, &catalog, publication),
                snippet: hit.snippet.clone(),
            })
        })
        .collect();
    let facets = FACETS
        .iter()
        .map(|(facet, param, title)| {
            let counts = results
                .facets
                .iter()
                .find(|(name, _)| name == facet)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let mut values: Vec<FacetValue> = counts
                .into_iter()
                .map(|(value, count)| {
                    let current = params.get(param) == value;
                    let mut toggled = params.clone();
                    toggled.set(param, if current { "" } else { &value });
                    FacetValue {
                        label: facet_label(&page, &catalog, facet, &value),
                        href: toggled.href(1),
                        count,
                        current,
                    }
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
            FacetGroup {
                id: facet,
                title: page.t(title),
                values,
            }
        })
        .filter(|group| !group.values.is_empty())
        .collect();
    let pages = results.total.div_ceil(PER_PAGE).max(1);
    let mut by_relevance = params.clone();
    by_relevance.sortierung.clear();
    let mut by_date = params.clone();
    by_date.sortierung = "neu".into();
    let filtered = FACETS.iter().any(|(_, param, _)| !params.get(param).is_empty());
    let reset_href = filtered.then(|| {
        SearchParams {
            q: params.q.clone(),
            sortierung: params.sortierung.clone(),
            ..Default::default()
        }
        .href(1)
    });
    Ok(SearchPage {
        q: params.q.clone(),
        newest,
        total: results.total,
        some_words_only: results.some_words_only,
        hits,
        facets,
        relevance_href: by_relevance.href(1),
        newest_href: by_date.href(1),
        reset_href,
        previous: (page_no > 1).then(|| params.href(page_no - 1)),
        next: (page_no < pages).then(|| params.href(page_no + 1)),
        page_no,
        pages,
        page,
    })
}
