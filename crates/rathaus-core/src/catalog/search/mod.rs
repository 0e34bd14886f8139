//! Search over the catalogue that understands German: stems ("Hunde" → Hund), parts of
//! compound words ("Parkausweis" finds the Bewohnerparkausweis, "Hund" the
//! Hundesteuer), typos ("Persnalausweis"), and the words residents use for an official
//! term, kept with each service as keywords ("Umzug" → Wohnsitz ummelden). Built once
//! per catalogue snapshot; a query scans the small vocabulary, not the services.

mod analyze;

pub use analyze::{fold, terms};

use std::collections::HashMap;

use super::model::Service;
use super::snapshot::Catalog;

/// How much a word counts by where it stands in a service.
const NAME: f32 = 10.0;
const KEYWORD: f32 = 8.0;
const SUMMARY: f32 = 2.0;
const DOCUMENTS: f32 = 1.0;

/// How much a query word counts by how it matched a term of the index.
const EXACT: f32 = 1.0;
const PART_OF_COMPOUND: f32 = 0.6;
const TYPO: f32 = 0.6;
const CONTAINS_TERM: f32 = 0.4;

/// Shortest word that is looked for inside compounds.
const MIN_PART: usize = 4;

#[derive(Debug, Default)]
pub struct SearchIndex {
    vocabulary: Vec<String>,
    /// Per term: the services it occurs in, with the weight of its best place.
    postings: Vec<Vec<(usize, f32)>>,
    idf: Vec<f32>,
}

/// Filters besides the words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// `resident` or `business`.
    pub audience: Option<&'a str>,
    pub agency: Option<&'a str>,
}

/// Typos allowed for a word of this length.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl SearchIndex {
    /// Indexes `services` (in the order the catalogue holds them).
    pub fn build(services: &[Service]) -> Self {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut index = SearchIndex::default();
        for (position, service) in services.iter().enumerate() {
            let mut best: HashMap<usize, f32> = HashMap::new();
            let fields = [
                (format!("{} {}", service.name_de, service.name_en), NAME),
                (service.keywords_de.join(" "), KEYWORD),
                (
                    format!(
                        "{} {} {}",
                        service.summary_de,
                        service.summary_en.as_deref().unwrap_or(""),
                        service.summary_leichte.as_deref().unwrap_or("").replace('·', "")
                    ),
                    SUMMARY,
                ),
                (service.documents_de.join(" "), DOCUMENTS),
            ];
            for (text, weight) in fields {
                for term in terms(&text) {
                    let id = *ids.entry(term.clone()).or_insert_with(|| {
                        index.vocabulary.push(term);
                        index.postings.push(Vec::new());
                        index.vocabulary.len() - 1
                    });
                    let slot = best.entry(id).or_insert(0.0);
                    *slot = slot.max(weight);
                }
            }
            for (id, weight) in best {
                index.postings[id].push((position, weight));
            }
        }
        let total = services.len().max(1) as f32;
        index.idf = index.postings.iter().map(|p| 1.0 + (total / p.len().max(1) as f32).ln()).collect();
        index
    }

    /// The terms a query word stands for, with how well each matches.
    fn expand(&self, word: &str) -> Vec<(usize, f32)> {
        let len = word.chars().count();
        let typos = allowed_typos(len);
        let mut found = Vec::new();
        for (id, term) in self.vocabulary.iter().enumerate() {
            let quality = if term == word {
                EXACT
            } else if len >= MIN_PART && term.contains(word) {
                PART_OF_COMPOUND
            } else if typos > 0 && term.chars().count().abs_diff(len) <= typos && strsim::levenshtein(term, word) <= typos {
                TYPO
            } else if term.chars().count() >= MIN_PART && word.contains(term.as_str()) {
                CONTAINS_TERM * term.chars().count() as f32 / len as f32
            } else {
                continue;
            };
            found.push((id, quality));
        }
        found
    }

    /// Positions of matching services with their scores, best first. Every word must
    /// match; when no service matches all, those matching most words come instead.
    pub fn search(&self, services: &[Service], query: &str, filter: Filter<'_>) -> Vec<(usize, f32)> {
        let mut words = terms(query);
        words.sort();
        words.dedup();
        if words.is_empty() {
            return Vec::new();
        }
        // Per service: summed score and how many query words it matched.
        let mut scores: HashMap<usize, (f32, usize)> = HashMap::new();
        for word in &words {
            let mut best: HashMap<usize, f32> = HashMap::new();
            for (term, quality) in self.expand(word) {
                for &(service, weight) in &self.postings[term] {
                    let score = quality * weight * self.idf[term];
                    let slot = best.entry(service).or_insert(0.0);
                    *slot = slot.max(score);
                }
            }
            for (service, score) in best {
                let entry = scores.entry(service).or_insert((0.0, 0));
                entry.0 += score;
                entry.1 += 1;
            }
        }
        let mut hits: Vec<(usize, f32, usize)> = scores
            .into_iter()
            .filter(|(position, _)| {
                let service = &services[*position];
                filter.audience.is_none_or(|a| service.audience.iter().any(|x| x == a)) && filter.agency.is_none_or(|a| service.agency == a)
            })
            .map(|(position, (score, matched))| (position, score, matched))
            .collect();
        let most = hits.iter().map(|h| h.2).max().unwrap_or(0);
        hits.retain(|h| h.2 == most);
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.into_iter().map(|(position, score, _)| (position, score)).collect()
    }
}

/// Services matching `query`, best first.
pub fn search<'a>(catalog: &'a Catalog, query: &str, filter: Filter<'_>) -> Vec<&'a Service> {
    let services = catalog.services();
    catalog
        .search_index()
        .search(services, query, filter)
        .into_iter()
        .map(|(position, _)| &services[position])
        .collect()
}

/// The relevance set: real-world queries with the services a good answer shows.
pub const RELEVANCE_SET: &str = include_str!("../../../../../data/search/relevance.json");

/// A relevance set: queries, each with what a good answer shows among its first three
/// (service ids here, record names for the transparency portal's set).
#[derive(Debug, serde::Deserialize)]
pub struct RelevanceSet {
    pub queries: Vec<Relevance>,
}

#[derive(Debug, serde::Deserialize)]
pub struct Relevance {
    pub q: String,
    pub expect: Vec<String>,
}

/// How well the search answers a relevance set.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Mean over queries of the share of expected services among the first three.
    pub recall_at_3: f64,
    pub queries: Vec<String>,
    /// One line per query that missed.
    pub misses: Vec<String>,
}

/// Scores the search against a relevance set (JSON as in `data/search/relevance.json`).
pub fn evaluate(catalog: &Catalog, relevance_json: &str) -> rathaus_platform::Result<Evaluation> {
    let set: RelevanceSet = serde_json::from_str(relevance_json)?;
    let mut sum = 0.0;
    let mut misses = Vec::new();
    for case in &set.queries {
        let got: Vec<&str> = search(catalog, &case.q, Filter::default())
            .into_iter()
            .take(3)
            .map(|s| s.id.as_str())
            .collect();
        let found = case.expect.iter().filter(|e| got.contains(&e.as_str())).count();
        let wanted = case.expect.len().clamp(1, 3);
        sum += found as f64 / wanted as f64;
        if found < wanted {
            misses.push(format!("\"{}\": expected {:?}, got {:?}", case.q, case.expect, got));
        }
    }
    Ok(Evaluation {
        recall_at_3: sum / set.queries.len().max(1) as f64,
        queries: set.queries.into_iter().map(|c| c.q).collect(),
        misses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn demo() -> Catalog {
        Catalog::new(crate::demo::catalog().unwrap())
    }

    fn top(catalog: &Catalog, query: &str, n: usize) -> Vec<String> {
        search(catalog, query, Filter::default())
            .into_iter()
            .take(n)
            .map(|s| s.id.clone())
            .collect()
    }

    #[test]
    fn compounds_typos_and_stems() {
        let catalog = demo();
        assert!(top(&catalog, "Parkausweis", 3).contains(&"bewohnerparkausweis".to_string()));
        assert!(top(&catalog, "Hund", 3).contains(&"hundesteuer".to_string()));
        // A word found only inside compounds ("Geburtsurkunde", "Sterbeurkunde", …).
        let mut certificates = top(&catalog, "Urkunde", 3);
        certificates.sort();
        assert_eq!(certificates, ["eheurkunde", "geburtsurkunde", "sterbeurkunde"]);
        assert_eq!(top(&catalog, "Persnalausweis", 1), ["personalausweis-beantragen"]);
        assert_eq!(top(&catalog, "Fuehrungszeugnis", 1), ["fuehrungszeugnis"]);
        assert!(top(&catalog, "xyzzy quux", 3).is_empty());
        assert!(top(&catalog, "", 3).is_empty());
    }

    #[test]
    fn filters_narrow_the_answer() {
        let catalog = demo();
        let business = search(
            &catalog,
            "anmelden",
            Filter {
                audience: Some("business"),
                agency: None,
            },
        );
        assert!(!business.is_empty() && business.iter().all(|s| s.audience.iter().any(|a| a == "business")));
        let agency = business[0].agency.clone();
        let one_agency = search(
            &catalog,
            "anmelden",
            Filter {
                audience: None,
                agency: Some(&agency),
            },
        );
        assert!(one_agency.iter().all(|s| s.agency == agency));
    }

    #[test]
    fn relevance_set_recall_at_3() {
        let result = evaluate(&demo(), RELEVANCE_SET).unwrap();
        eprintln!("recall@3 = {:.3} over {} queries", result.recall_at_3, result.queries.len());
        assert!(
            result.recall_at_3 >= 0.95,
            "recall@3 = {:.3}; misses:\n{}",
            result.recall_at_3,
            result.misses.join("\n")
        );
    }
}
