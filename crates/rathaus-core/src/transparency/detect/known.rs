//! What is known to be personal before anything is looked for: the applicant's own
//! data from the application a document came from. Each value is found wherever it
//! stands as whole words, whatever its case and however the line breaks fall between
//! its words — so a decision's "Frau Erika Muster" is caught even where no list of
//! first names knows "Erika".

use regex::{Regex, RegexBuilder};

use super::{Hit, Kind, context};

/// A value known to be personal, and what kind of data it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub kind: Kind,
    pub text: String,
}

/// The shortest value looked for: shorter ones ("Li", "5") match too much that is not theirs.
const SHORTEST: usize = 3;

fn pattern(text: &str) -> Option<Regex> {
    let words: Vec<String> = text.split_whitespace().map(regex::escape).collect();
    if text.chars().filter(|c| c.is_alphanumeric()).count() < SHORTEST || words.is_empty() {
        return None;
    }
    // Word boundaries only where the value itself begins or ends with a word character
    // ("+49 40 …" begins with none).
    let edge = |c: Option<char>| if c.is_some_and(char::is_alphanumeric) { r"\b" } else { "" };
    let source = format!("{}{}{}", edge(text.chars().next()), words.join(r"\s+"), edge(text.chars().last()));
    RegexBuilder::new(&source).case_insensitive(true).build().ok()
}

/// Every place in `pages` where one of `known` stands, in reading order per page.
pub fn find_known(pages: &[String], known: &[Known]) -> Vec<Hit> {
    let patterns: Vec<(Kind, Regex)> = known.iter().filter_map(|k| Some((k.kind, pattern(k.text.trim())?))).collect();
    let mut hits = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let mut spans: Vec<(usize, usize, Kind)> = Vec::new();
        for (kind, regex) in &patterns {
            for m in regex.find_iter(page) {
                // A longer value that covers a shorter one ("Erika Muster" over "Muster") wins.
                if !spans.iter().any(|&(s, e, _)| s <= m.start() && m.end() <= e) {
                    spans.retain(|&(s, e, _)| !(m.start() <= s && e <= m.end()));
                    spans.push((m.start(), m.end(), *kind));
                }
            }
        }
        spans.sort_by_key(|&(start, _, _)| start);
        hits.extend(spans.into_iter().map(|(start, end, kind)| Hit {
            kind,
            text: page[start..end].to_string(),
            page: index + 1,
            line: page[..start].matches('\n').count() + 1,
            context: context(page, start, end),
        }));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(kind: Kind, text: &str) -> Known {
        Known { kind, text: text.into() }
    }

    #[test]
    fn finds_whole_words_across_line_breaks_in_any_case() {
        let pages = vec![
            "Frau Erika\nMuster\nMusterweg 5\n".to_string(),
            "Sehr geehrte Frau MUSTER, Mustermann und Musterweg 50 sind andere.".to_string(),
        ];
        let list = [
            known(Kind::Name, "Erika Muster"),
            known(Kind::Name, "Muster"),
            known(Kind::Address, "Musterweg 5"),
        ];
        let hits = find_known(&pages, &list);
        let found: Vec<(usize, usize, &str, Kind)> = hits.iter().map(|h| (h.page, h.line, h.text.as_str(), h.kind)).collect();
        assert_eq!(
            found,
            [
                (1, 1, "Erika\nMuster", Kind::Name),
                (1, 3, "Musterweg 5", Kind::Address),
                (2, 1, "MUSTER", Kind::Name),
            ],
            "the longer value covers the shorter; 'Mustermann' and 'Musterweg 50' are other words"
        );
    }

    #[test]
    fn values_too_short_or_empty_are_not_looked_for() {
        let pages = vec!["Li 5 ab".to_string()];
        assert!(
            find_known(
                &pages,
                &[known(Kind::Name, "Li"), known(Kind::Name, " "), known(Kind::Address, "5")]
            )
            .is_empty()
        );
    }

    #[test]
    fn values_beginning_with_a_sign_are_found() {
        let pages = vec!["Telefon +49 40 123456 (Rückruf)".to_string()];
        let hits = find_known(&pages, &[known(Kind::Phone, "+49 40 123456")]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].text, "+49 40 123456");
    }
}
