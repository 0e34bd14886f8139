//! Full-text search over the published records: titles, descriptions, keywords and the
//! text inside every released resource, in German (stems, parts of compound words,
//! typos), with phrases in quotes, highlighted snippets, facets and sorting. The index
//! (tantivy) is each node's own copy, rebuilt from the database at will; the database
//! stays the truth. [`TransparencyIndex::sync`] brings it up to date with every record
//! changed since its watermark (kept in the index's commit), so every node follows the
//! others within its sync interval.

use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, Duration, Utc};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term, doc};
use uuid::Uuid;

use super::{Publication, Resource, Status, store};
use rathaus_platform::db::Db;
use rathaus_platform::{Error, Result};

/// The schema's version: a new one makes every node rebuild its index on start.
const SCHEMA_VERSION: &str = "transparency-v2";
const GERMAN: &str = "rathaus_de";
/// How far back a sync looks before its watermark, for changes committed late or
/// stamped by a node whose clock is a little behind.
const OVERLAP_SECONDS: i64 = 10;
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

fn search_error(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("transparency search index: {e}"))
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    name: Field,
    title: Field,
    description: Field,
    keywords: Field,
    body: Field,
    reversed: Field,
    facets: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let german = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(GERMAN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let reversed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        name: builder.add_text_field("name", STRING | STORED),
        title: builder.add_text_field("title", german(true)),
        description: builder.add_text_field("description", german(true)),
        keywords: builder.add_text_field("keywords", german(false)),
        body: builder.add_text_field("body", german(true)),
        reversed: builder.add_text_field("reversed", reversed),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
        published: builder.add_i64_field("published", INDEXED | FAST | STORED),
    };
    (builder.build(), fields)
}

fn german_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(super::spelling::SpellOutUmlauts)
        .filter(Stemmer::new(Language::German))
        .build()
}

/// The words of a text, lower case, each written backwards: a word's end becomes its
/// start, so "Parkausweis" is found at the end of "Bewohnerparkausweis" by a prefix.
fn reversed_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase().chars().rev().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What to look for, and how to narrow and order it.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Facet paths to narrow by, e.g. `/category/statistik`, `/agency/bvm`.
    pub filters: Vec<String>,
    pub newest_first: bool,
    pub offset: usize,
    pub limit: usize,
    /// Count the keywords too (facet [`TAG_FACET`]; the API's tag facet, not the page's).
    pub with_tags: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub id: Uuid,
    pub name: String,
    pub score: f32,
    /// A passage with the words found, as HTML (escaped, the words in `<mark>`).
    pub snippet: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Per facet (`category`, `agency`, `theme`, `format`, `licence`, `year`): each value
    /// with its count among all matches.
    pub facets: Vec<(String, Vec<(String, u64)>)>,
    /// No record holds every word: these hold some of them.
    pub some_words_only: bool,
}

/// The facets a record is counted under.
pub const FACETS: [&str; 6] = ["category", "agency", "theme", "format", "licence", "year"];
/// The facet of the keywords, counted when a query asks for it.
pub const TAG_FACET: &str = "tag";

pub struct TransparencyIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    /// Held through a whole sync or rebuild: two at once (the follower job and a caller)
    /// could otherwise commit an older reading of a record over a newer one.
    updating: tokio::sync::Mutex<()>,
    fields: Fields,
}

impl std::fmt::Debug for TransparencyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransparencyIndex").finish_non_exhaustive()
    }
}

impl TransparencyIndex {
    /// Opens the node's index under `dir` (made when missing, or when its schema is an
    /// older one), or keeps it in memory with `None`.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        let (schema, fields) = schema();
        let index = match dir {
            Some(dir) => {
                let dir = dir.join(SCHEMA_VERSION);
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Error::Config(format!(
                        "cannot create the search index directory {}: {e}. Fix: choose a writable --data-dir",
                        dir.display()
                    ))
                })?;
                let directory = tantivy::directory::MmapDirectory::open(&dir).map_err(search_error)?;
                Index::open_or_create(directory, schema).map_err(search_error)?
            }
            None => Index::create_in_ram(schema),
        };
        index.tokenizers().register(GERMAN, german_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(search_error)?;
        let writer = index.writer(WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Conflict(
                "the search index is in use by a running server of this data directory. Fix: stop that server first; or leave it, it keeps its index current itself".into(),
            ),
            other => search_error(other),
        })?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            updating: tokio::sync::Mutex::new(()),
            fields,
        })
    }

    /// The index a serving node keeps: under `dir`, or — when another process on the
    /// same data directory holds that one — in memory, built from the database like any
    /// other (nodes share nothing but the database and the file store).
    pub fn open_for_node(dir: &Path) -> Result<Self> {
        match Self::open(Some(dir)) {
            Err(Error::Conflict(_)) => {
                tracing::warn!(dir = %dir.display(), "another process of this data directory holds its search index; this one keeps its own in memory. Fix: give each node its own --data-dir");
                Self::open(None)
            }
            other => other,
        }
    }

    /// When the index last took in the database's changes (its last commit's payload).
    pub fn watermark(&self) -> Option<DateTime<Utc>> {
        let payload = self.index.load_metas().ok()?.payload?;
        DateTime::parse_from_rfc3339(&payload).ok().map(|t| t.to_utc())
    }

    /// How many records the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn document(&self, publication: &Publication, resources: &[Resource]) -> TantivyDocument {
        let f = self.fields;
        let meta = &publication.meta;
        let released: Vec<&Resource> = resources.iter().filter(|r| r.released_at.is_some()).collect();
        let body: String = released
            .iter()
            .map(|r| format!("{}\n{}", r.name, r.text.as_deref().unwrap_or_default().replace('\u{c}', "\n")))
            .collect::<Vec<_>>()
            .join("\n\n");
        let keywords = meta.keywords.join(", ");
        let everything = format!(
            "{} {} {} {} {}",
            meta.title,
            meta.title_en.as_deref().unwrap_or_default(),
            meta.description,
            keywords,
            body
        );
        let published = publication.published_at.unwrap_or(publication.modified_at);
        let mut document = doc!(
            f.id => publication.id.to_string(),
            f.name => meta.name.clone(),
            f.title => format!("{} {}", meta.title, meta.title_en.as_deref().unwrap_or_default()),
            f.description => format!("{} {}", meta.description, meta.description_en.as_deref().unwrap_or_default()),
            f.keywords => keywords,
            f.body => body,
            f.reversed => reversed_words(&everything),
            f.published => published.timestamp(),
        );
        let mut facet = |path: String| document.add_facet(f.facets, Facet::from_text(&path).unwrap_or_else(|_| Facet::root()));
        facet(format!("/category/{}", meta.category.id()));
        facet(format!("/agency/{}", publication.agency_id));
        facet(format!("/licence/{}", meta.licence.id().replace('/', "_")));
        facet(format!("/year/{}", published.year()));
        for theme in &meta.themes {
            facet(format!("/theme/{}", theme.id()));
        }
        for keyword in &meta.keywords {
            facet(format!("/{TAG_FACET}/{}", keyword.replace('/', "_")));
        }
        let mut formats: Vec<&str> = released.iter().map(|r| r.format.id()).collect();
        formats.sort();
        formats.dedup();
        for format in formats {
            facet(format!("/format/{format}"));
        }
        document
    }

    /// Takes in every record changed since the watermark (a little before it, see
    /// [`OVERLAP_SECONDS`]): published ones anew, all others out. Returns how many
    /// records were looked at.
    pub async fn sync(&self, db: &Db) -> Result<usize> {
        let _updating = self.updating.lock().await;
        let since = self.watermark().map(|w| w - Duration::seconds(OVERLAP_SECONDS));
        let changed = store::changed_since(db.read(), since).await?;
        if changed.is_empty() {
            return Ok(0);
        }
        let mut documents = Vec::new();
        for publication in &changed {
            let resources = match publication.status {
                Status::Published => store::resources(db.read(), publication.id).await?,
                _ => Vec::new(),
            };
            documents.push((
                publication.id,
                (publication.status == Status::Published).then(|| self.document(publication, &resources)),
            ));
        }
        let watermark = changed.iter().map(|p| p.modified_at).max().expect("not empty");
        self.write(
            |writer, fields| {
                for (id, document) in documents {
                    writer.delete_term(Term::from_field_text(fields.id, &id.to_string()));
                    if let Some(document) = document {
                        writer.add_document(document).map_err(search_error)?;
                    }
                }
                Ok(())
            },
            watermark,
        )?;
        Ok(changed.len())
    }

    /// Empties the index and takes in every published record again, reporting progress
    /// as (done, total).
    pub async fn rebuild(&self, db: &Db, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<usize> {
        let _updating = self.updating.lock().await;
        let total = store::count_all(db.read()).await? as usize;
        self.write(
            |writer, _| writer.delete_all_documents().map(|_| ()).map_err(search_error),
            DateTime::UNIX_EPOCH,
        )?;
        let mut done = 0;
        let mut watermark = DateTime::UNIX_EPOCH;
        let mut after: Option<Uuid> = None;
        loop {
            let batch = store::all_after(db.read(), after, 500).await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.id);
            let mut documents = Vec::new();
            for publication in &batch {
                watermark = watermark.max(publication.modified_at);
                if publication.status == Status::Published {
                    let resources = store::resources(db.read(), publication.id).await?;
                    documents.push(self.document(publication, &resources));
                }
            }
            let writer = self.writer.lock().map_err(|_| search_error("the writer lock is poisoned"))?;
            for document in documents {
                writer.add_document(document).map_err(search_error)?;
            }
            drop(writer);
            done += batch.len();
            progress(done, total);
        }
        self.write(|_, _| Ok(()), watermark)?;
        Ok(done)
    }

    /// Runs `change` on the writer, commits with the watermark, and shows the result to
    /// searches.
    fn write(&self, change: impl FnOnce(&IndexWriter, Fields) -> Result<()>, watermark: DateTime<Utc>) -> Result<()> {
        let mut writer = self.writer.lock().map_err(|_| search_error("the writer lock is poisoned"))?;
        change(&writer, self.fields)?;
        let mut commit = writer.prepare_commit().map_err(search_error)?;
        commit.set_payload(&watermark.to_rfc3339());
        commit.commit().map_err(search_error)?;
        drop(writer);
        self.reader.reload().map_err(search_error)
    }

    /// The query for one word: its stem in each field (titles count most), a typo of it,
    /// and the word as the start or the end of a longer (compound) word.
    fn word_query(&self, word: &str) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let stem = analysed(word).into_iter().next()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |query: Box<dyn Query>, boost: f32| clauses.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
        for (field, boost) in [(f.title, 4.0), (f.keywords, 3.0), (f.description, 2.0), (f.body, 1.0)] {
            add(
                Box::new(TermQuery::new(Term::from_field_text(field, &stem), IndexRecordOption::WithFreqs)),
                boost,
            );
        }
        let length = stem.chars().count();
        if length >= 5 {
            let distance = if length >= 9 { 2 } else { 1 };
            for field in [f.title, f.body] {
                add(
                    Box::new(FuzzyTermQuery::new(Term::from_field_text(field, &stem), distance, true)),
                    0.3,
                );
            }
        }
        if length >= 4 && stem.chars().all(char::is_alphanumeric) {
            if let Ok(prefix) = RegexQuery::from_pattern(&format!("{stem}.+"), f.body) {
                add(Box::new(prefix), 0.4);
            }
            let backwards: String = word.to_lowercase().chars().rev().collect();
            if backwards.chars().all(char::is_alphanumeric)
                && let Ok(suffix) = RegexQuery::from_pattern(&format!("{backwards}.+"), f.reversed)
            {
                add(Box::new(suffix), 0.5);
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// A quoted phrase: its words in this order, in a title, description or text.
    fn phrase_query(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let stems = analysed(phrase);
        match stems.len() {
            0 => None,
            1 => self.word_query(phrase),
            _ => {
                let clauses: Vec<(Occur, Box<dyn Query>)> = [f.title, f.description, f.body]
                    .into_iter()
                    .map(|field| {
                        let terms: Vec<Term> = stems.iter().map(|s| Term::from_field_text(field, s)).collect();
                        (Occur::Should, Box::new(PhraseQuery::new(terms)) as Box<dyn Query>)
                    })
                    .collect();
                Some(Box::new(BooleanQuery::new(clauses)))
            }
        }
    }

    /// The query for a search: every word or phrase must be found (with `every_word`;
    /// else at least one), every filter hold.
    fn query(&self, search: &SearchQuery, every_word: bool) -> Box<dyn Query> {
        let mut words: Vec<Box<dyn Query>> = Vec::new();
        for (i, part) in search.text.split('"').enumerate() {
            if i % 2 == 1 {
                words.extend(self.phrase_query(part));
            } else {
                words.extend(part.split_whitespace().filter_map(|w| self.word_query(w)));
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = match (words.is_empty(), every_word) {
            (true, _) => vec![(Occur::Must, Box::new(AllQuery))],
            (false, true) => words.into_iter().map(|q| (Occur::Must, q)).collect(),
            (false, false) => vec![(
                Occur::Must,
                Box::new(BooleanQuery::new(words.into_iter().map(|q| (Occur::Should, q)).collect())),
            )],
        };
        for filter in &search.filters {
            if let Ok(facet) = Facet::from_text(filter) {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_facet(self.fields.facets, &facet),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Searches the published records: those with every word; when none has them all
    /// (a word the records do not use), those with some, best matches first, and the
    /// results say so.
    pub fn search(&self, search: &SearchQuery) -> Result<SearchResults> {
        let results = self.search_with(search, true)?;
        let several_words = search.text.split_whitespace().nth(1).is_some();
        if results.total > 0 || !several_words {
            return Ok(results);
        }
        Ok(SearchResults {
            some_words_only: true,
            ..self.search_with(search, false)?
        })
    }

    fn search_with(&self, search: &SearchQuery, every_word: bool) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let query = self.query(search, every_word);
        let limit = search.limit.clamp(1, 1000);
        let mut facets = FacetCollector::for_field("facets");
        let names: Vec<&str> = FACETS.iter().copied().chain(search.with_tags.then_some(TAG_FACET)).collect();
        for name in &names {
            facets.add_facet(format!("/{name}").as_str());
        }
        let top = TopDocs::with_limit(limit).and_offset(search.offset);
        let (total, addresses, counts): (usize, Vec<(f32, DocAddress)>, _) = if search.newest_first {
            let (total, found, counts) = searcher
                .search(&query, &(Count, top.order_by_fast_field::<i64>("published", Order::Desc), facets))
                .map_err(search_error)?;
            (total, found.into_iter().map(|(_, a)| (0.0, a)).collect(), counts)
        } else {
            searcher
                .search(&query, &(Count, top.order_by_score(), facets))
                .map_err(search_error)?
        };
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.body).map_err(search_error)?;
        snippets.set_max_num_chars(240);
        let mut hits = Vec::new();
        for (score, address) in addresses {
            let document: TantivyDocument = searcher.doc(address).map_err(search_error)?;
            let text = |field: Field| document.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let mut snippet = snippets.snippet_from_doc(&document);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let snippet = match snippet.is_empty() {
                true => html_escape(&text(self.fields.description).chars().take(240).collect::<String>()),
                false => snippet.to_html(),
            };
            hits.push(SearchHit {
                id: text(self.fields.id).parse().map_err(search_error)?,
                name: text(self.fields.name),
                score,
                snippet,
            });
        }
        let facets = names
            .iter()
            .map(|name| {
                let values = counts
                    .get(format!("/{name}").as_str())
                    .map(|(facet, count)| (facet_value(facet), count))
                    .collect();
                (name.to_string(), values)
            })
            .collect();
        Ok(SearchResults {
            total,
            hits,
            facets,
            some_words_only: false,
        })
    }
}

/// The last part of a facet's path (`/category/statistik` → `statistik`).
fn facet_value(facet: &Facet) -> String {
    facet.to_path().last().map(|s| s.replace('_', "/")).unwrap_or_default()
}

/// The terms the German analyser makes of a text.
fn analysed(text: &str) -> Vec<String> {
    let mut analyzer = german_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        terms.push(token.text.clone());
    }
    terms
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
