//! The catalogue for harvesting (DCAT-AP 3.0, with DCAT-AP.de's conventions): one
//! `dcat:Dataset` per published record, one `dcat:Distribution` per released resource,
//! written as Turtle, RDF/XML or JSON-LD by oxrdfio, and paged with the Hydra terms
//! CKAN's DCAT extension uses, so harvesters walk it page by page.

use chrono::{DateTime, NaiveDate, Utc};
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxrdfio::{JsonLdProfileSet, RdfFormat, RdfSerializer};

use super::{Publication, Resource};
use rathaus_platform::{Error, Result};

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const HYDRA: &str = "http://www.w3.org/ns/hydra/core#";
const DCATDE: &str = "http://dcat-ap.de/def/dcatde/";
const GERMAN: &str = "http://publications.europa.eu/resource/authority/language/DEU";
const THEMES: &str = "http://publications.europa.eu/resource/authority/data-theme";
const IANA: &str = "http://www.iana.org/assignments/media-types/";

/// How many records one page of the catalogue holds, unless asked for fewer.
pub const PAGE_SIZE: u64 = 100;

/// The three ways the catalogue is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Turtle,
    RdfXml,
    JsonLd,
}

impl Syntax {
    pub fn of_extension(extension: &str) -> Option<Syntax> {
        match extension {
            "ttl" => Some(Syntax::Turtle),
            "rdf" | "xml" => Some(Syntax::RdfXml),
            "jsonld" => Some(Syntax::JsonLd),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Syntax::Turtle => "ttl",
            Syntax::RdfXml => "rdf",
            Syntax::JsonLd => "jsonld",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Syntax::Turtle => "text/turtle; charset=utf-8",
            Syntax::RdfXml => "application/rdf+xml; charset=utf-8",
            Syntax::JsonLd => "application/ld+json",
        }
    }

    fn format(self) -> RdfFormat {
        match self {
            Syntax::Turtle => RdfFormat::Turtle,
            Syntax::RdfXml => RdfFormat::RdfXml,
            Syntax::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// The catalogue's own description, and where it is.
pub struct Site<'a> {
    /// The public address, without a trailing slash.
    pub base: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The city, the catalogue's publisher.
    pub publisher: &'a str,
}

/// One page of the catalogue.
pub struct Page<'a> {
    pub number: u64,
    pub size: u64,
    pub total: u64,
    /// Each record with its released resources and its agency's name.
    pub records: &'a [(Publication, Vec<Resource>, String)],
}

fn iri(text: impl Into<String>) -> Result<NamedNode> {
    NamedNode::new(text.into()).map_err(|e| Error::internal(format!("catalogue address: {e}")))
}

fn term(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

fn german(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "de")
}

fn english(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn date(day: NaiveDate) -> Literal {
    Literal::new_typed_literal(day.to_string(), xsd::DATE)
}

fn date_time(at: DateTime<Utc>) -> Literal {
    Literal::new_typed_literal(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), xsd::DATE_TIME)
}

/// Triples, gathered before they are written: each once, grouped by subject (so the
/// Turtle names each subject once).
#[derive(Default)]
struct Graph(Vec<Triple>);

impl Graph {
    fn into_sorted(self) -> Vec<Triple> {
        let mut seen = std::collections::HashSet::new();
        let mut triples: Vec<Triple> = self.0.into_iter().filter(|t| seen.insert(t.clone())).collect();
        triples.sort_by_cached_key(|t| t.subject.to_string());
        triples
    }
}

impl Graph {
    fn add(&mut self, subject: impl Into<NamedOrBlankNode>, predicate: NamedNode, object: impl Into<Term>) {
        self.0.push(Triple::new(subject, predicate, object));
    }

    fn typed(&mut self, subject: impl Into<NamedOrBlankNode>, class: NamedNode) {
        self.add(subject, rdf::TYPE.into_owned(), class);
    }
}

/// One page of the catalogue in the chosen syntax.
pub fn write(site: &Site<'_>, page: &Page<'_>, syntax: Syntax) -> Result<Vec<u8>> {
    let mut graph = Graph::default();
    let catalog = iri(format!("{}/catalog", site.base))?;
    let city = iri(format!("{}/behoerden", site.base))?;
    graph.typed(catalog.clone(), term(DCAT, "Catalog"));
    graph.add(catalog.clone(), term(DCT, "title"), german(site.title));
    graph.add(catalog.clone(), term(DCT, "description"), german(site.description));
    graph.add(catalog.clone(), term(DCT, "publisher"), city.clone());
    graph.add(catalog.clone(), term(FOAF, "homepage"), iri(format!("{}/transparenz", site.base))?);
    graph.add(catalog.clone(), term(DCT, "language"), term(GERMAN, ""));
    graph.typed(term(GERMAN, ""), term(DCT, "LinguisticSystem"));
    graph.typed(city.clone(), term(FOAF, "Agent"));
    graph.add(city, term(FOAF, "name"), german(site.publisher));
    for (publication, resources, agency_name) in page.records {
        let dataset = dataset(&mut graph, site, publication, resources, agency_name)?;
        graph.add(catalog.clone(), term(DCAT, "dataset"), dataset);
    }
    paging(&mut graph, site, page, syntax)?;

    let mut serializer = RdfSerializer::from_format(syntax.format());
    for (prefix, namespace) in [
        ("dcat", DCAT),
        ("dct", DCT),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("skos", SKOS),
        ("hydra", HYDRA),
        ("dcatde", DCATDE),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ] {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .map_err(|e| Error::internal(format!("catalogue prefix: {e}")))?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in &graph.into_sorted() {
        writer
            .serialize_triple(triple)
            .map_err(|e| Error::internal(format!("catalogue: {e}")))?;
    }
    writer.finish().map_err(|e| Error::internal(format!("catalogue: {e}")))
}

fn dataset(graph: &mut Graph, site: &Site<'_>, p: &Publication, resources: &[Resource], agency_name: &str) -> Result<NamedNode> {
    let meta = &p.meta;
    let page = format!("{}/transparenz/{}", site.base, meta.name);
    // The record itself, apart from its page (the landing page, a document about it).
    let dataset = iri(format!("{page}#datensatz"))?;
    graph.typed(dataset.clone(), term(DCAT, "Dataset"));
    graph.add(
        dataset.clone(),
        term(DCT, "identifier"),
        Literal::new_simple_literal(p.id.to_string()),
    );
    graph.add(dataset.clone(), term(DCT, "title"), german(&meta.title));
    if let Some(title) = &meta.title_en {
        graph.add(dataset.clone(), term(DCT, "title"), english(title));
    }
    graph.add(dataset.clone(), term(DCT, "description"), german(&meta.description));
    if let Some(description) = &meta.description_en {
        graph.add(dataset.clone(), term(DCT, "description"), english(description));
    }
    graph.add(dataset.clone(), term(DCAT, "landingPage"), iri(page.clone())?);
    graph.typed(iri(page.clone())?, term(FOAF, "Document"));

    let publisher = iri(format!("{}/behoerden/{}", site.base, p.agency_id))?;
    graph.add(dataset.clone(), term(DCT, "publisher"), publisher.clone());
    graph.typed(publisher.clone(), term(FOAF, "Agent"));
    graph.add(publisher, term(FOAF, "name"), german(agency_name));

    let contact = BlankNode::default();
    graph.add(dataset.clone(), term(DCAT, "contactPoint"), contact.clone());
    graph.typed(contact.clone(), term(VCARD, "Organization"));
    graph.add(contact.clone(), term(VCARD, "fn"), Literal::new_simple_literal(&meta.contact_name));
    graph.add(contact, term(VCARD, "hasEmail"), iri(format!("mailto:{}", meta.contact_email))?);

    for theme in &meta.themes {
        let concept = iri(theme.uri())?;
        graph.add(dataset.clone(), term(DCAT, "theme"), concept.clone());
        concept_of(graph, concept, THEMES);
    }
    let category = iri(meta.category.uri())?;
    graph.add(dataset.clone(), term(DCT, "type"), category.clone());
    let scheme = meta.category.uri();
    concept_of(graph, category, scheme.rsplit_once('/').map_or(scheme.as_str(), |(s, _)| s));
    for keyword in &meta.keywords {
        graph.add(dataset.clone(), term(DCAT, "keyword"), german(keyword));
    }
    if let Some(issued) = meta.issued {
        graph.add(dataset.clone(), term(DCT, "issued"), date(issued));
    }
    graph.add(dataset.clone(), term(DCT, "modified"), date_time(p.modified_at));
    if meta.temporal_start.is_some() || meta.temporal_end.is_some() {
        let period = BlankNode::default();
        graph.add(dataset.clone(), term(DCT, "temporal"), period.clone());
        graph.typed(period.clone(), term(DCT, "PeriodOfTime"));
        if let Some(start) = meta.temporal_start {
            graph.add(period.clone(), term(DCAT, "startDate"), date(start));
        }
        if let Some(end) = meta.temporal_end {
            graph.add(period, term(DCAT, "endDate"), date(end));
        }
    }
    graph.add(dataset.clone(), term(DCATDE, "geocodingDescription"), german(&meta.spatial));
    let frequency = iri(meta.frequency.uri())?;
    graph.add(dataset.clone(), term(DCT, "accrualPeriodicity"), frequency.clone());
    graph.typed(frequency, term(DCT, "Frequency"));
    graph.add(dataset.clone(), term(DCATDE, "legalBasis"), german(&meta.legal_basis));
    for resource in resources.iter().filter(|r| r.released_at.is_some()) {
        let distribution = distribution(graph, site, p, resource)?;
        graph.add(dataset.clone(), term(DCAT, "distribution"), distribution);
    }
    Ok(dataset)
}

fn concept_of(graph: &mut Graph, concept: NamedNode, scheme: &str) {
    graph.typed(concept.clone(), term(SKOS, "Concept"));
    graph.add(concept, term(SKOS, "inScheme"), NamedNode::new_unchecked(scheme));
}

fn distribution(graph: &mut Graph, site: &Site<'_>, p: &Publication, r: &Resource) -> Result<NamedNode> {
    let page = format!("{}/transparenz/{}", site.base, p.meta.name);
    let node = iri(format!("{page}#ressource-{}", r.id))?;
    graph.typed(node.clone(), term(DCAT, "Distribution"));
    let (access, download) = match &r.url {
        Some(link) => (iri(link.clone())?, None),
        None => (
            iri(page)?,
            Some(iri(format!("{}/transparenz/{}/ressourcen/{}", site.base, p.meta.name, r.id))?),
        ),
    };
    graph.add(node.clone(), term(DCAT, "accessURL"), access.clone());
    graph.typed(access, term(RDFS, "Resource"));
    if let Some(download) = download {
        graph.add(node.clone(), term(DCAT, "downloadURL"), download.clone());
        graph.typed(download, term(RDFS, "Resource"));
        let media = iri(format!("{IANA}{}", r.format.media_type()))?;
        graph.add(node.clone(), term(DCAT, "mediaType"), media.clone());
        graph.typed(media, term(DCT, "MediaType"));
    }
    graph.add(node.clone(), term(DCT, "title"), german(&r.name));
    if !r.description.is_empty() {
        graph.add(node.clone(), term(DCT, "description"), german(&r.description));
    }
    let format = iri(r.format.uri())?;
    graph.add(node.clone(), term(DCT, "format"), format.clone());
    graph.typed(format, term(DCT, "MediaTypeOrExtent"));
    let licence = iri(p.meta.licence.uri())?;
    graph.add(node.clone(), term(DCT, "license"), licence.clone());
    graph.typed(licence, term(DCT, "LicenseDocument"));
    if let Some(released) = r.released_at {
        graph.add(node.clone(), term(DCT, "issued"), date_time(released));
    }
    Ok(node)
}

/// The Hydra description of the page: how many records, and the addresses of the first,
/// last, previous and next pages (as CKAN's DCAT extension writes them).
fn paging(graph: &mut Graph, site: &Site<'_>, page: &Page<'_>, syntax: Syntax) -> Result<()> {
    let address = |n: u64| format!("{}/catalog.{}?page={n}", site.base, syntax.extension());
    let last = page.total.div_ceil(page.size.max(1)).max(1);
    let node = iri(address(page.number))?;
    graph.typed(node.clone(), term(HYDRA, "PagedCollection"));
    graph.add(node.clone(), term(HYDRA, "totalItems"), Literal::from(page.total as i64));
    graph.add(node.clone(), term(HYDRA, "itemsPerPage"), Literal::from(page.size as i64));
    graph.add(node.clone(), term(HYDRA, "firstPage"), Literal::new_simple_literal(address(1)));
    graph.add(node.clone(), term(HYDRA, "lastPage"), Literal::new_simple_literal(address(last)));
    if page.number > 1 {
        graph.add(
            node.clone(),
            term(HYDRA, "previousPage"),
            Literal::new_simple_literal(address(page.number - 1)),
        );
    }
    if page.number < last {
        graph.add(node, term(HYDRA, "nextPage"), Literal::new_simple_literal(address(page.number + 1)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transparency::metadata::{Format, Theme};

    #[test]
    fn every_theme_and_format_has_a_vocabulary_address() {
        for theme in Theme::ALL {
            assert!(iri(theme.uri()).is_ok());
        }
        for format in Format::ALL {
            assert!(iri(format.uri()).is_ok());
        }
    }
}
