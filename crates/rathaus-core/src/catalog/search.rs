//! A plain word search over the catalogue: every query word must occur (after folding
//! case and umlauts) in a service's name, summary or documents; name hits rank first.
//! The German-aware search (stemming, compounds, typos, synonyms) replaces this.

use super::model::Service;
use super::snapshot::Catalog;

/// Lower case, umlauts and ß spelled out, so "Fuehrungszeugnis" finds "Führungszeugnis".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// Services matching all words of `query`, best first.
pub fn search<'a>(catalog: &'a Catalog, query: &str, audience: Option<&str>) -> Vec<&'a Service> {
    let words: Vec<String> = fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if words.is_empty() {
        return vec![];
    }
    let mut hits: Vec<(u32, &Service)> = catalog
        .services()
        .iter()
        .filter(|s| audience.is_none_or(|a| s.audience.iter().any(|x| x == a)))
        .filter_map(|s| {
            let name = fold(&format!("{} {}", s.name_de, s.name_en));
            let body = fold(&format!("{} {}", s.summary_de, s.documents_de.join(" ")));
            let mut score = 0;
            for w in &words {
                if name.contains(w.as_str()) {
                    score += 10;
                } else if body.contains(w.as_str()) {
                    score += 1;
                } else {
                    return None;
                }
            }
            Some((score, s))
        })
        .collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.0));
    hits.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_umlauts_and_case() {
        assert_eq!(fold("Führungszeugnis GROß"), "fuehrungszeugnis gross");
    }
}
