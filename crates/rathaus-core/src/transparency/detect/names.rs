//! Names of people: a known first name before a capitalised word ("Jonas Beispielmann"),
//! or any capitalised word after a form of address ("Herr Beispielmann", "Frau Dr. …"),
//! or a surname before a known first name ("Beispielmann, Jonas").

use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Kind, Span};

/// About 900 first names borne in Germany, without those that are also common words.
static FIRST_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../../../data/transparency/first_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

const WORD: &str = r"[A-ZÄÖÜ][a-zäöüßéèçğşıćčšž]+(?:-[A-ZÄÖÜ][a-zäöüßéèçğşıćčšž]+)?";

static AFTER_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:Herrn?|Frau|Familie|Eheleute)\s+(?:(?:Dr\.|Prof\.|Dipl\.-Ing\.)\s+)*({WORD})(?:\s+({WORD}))?"
    ))
    .unwrap()
});

static PAIR: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b({WORD})\s+({WORD})\b")).unwrap());

static REVERSED: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b({WORD}),\s*({WORD})\b")).unwrap());

/// Words before a known first name that make it a place, not a person ("St. Georg").
const PLACE_MARKERS: [&str; 3] = ["St. ", "Sankt ", "Santa "];

fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains(word) || word.split('-').all(|part| FIRST_NAMES.contains(part))
}

pub(super) fn find(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for c in AFTER_ADDRESS.captures_iter(text) {
        let first = c.get(1).expect("a word");
        // "Herr Jonas Beispielmann": both; "Frau Müller teilt": only the surname.
        let end = match c.get(2) {
            Some(second) if is_first_name(first.as_str()) => second.end(),
            _ => first.end(),
        };
        spans.push(Span {
            kind: Kind::Name,
            start: first.start(),
            end,
        });
    }
    for (pattern, first_group) in [(&*PAIR, 1), (&*REVERSED, 2)] {
        let mut at = 0;
        while let Some(c) = pattern.captures_at(text, at) {
            let whole = c.get(0).expect("the match");
            let first = c.get(first_group).expect("the first name");
            let place = PLACE_MARKERS.iter().any(|m| text[..whole.start()].ends_with(m));
            if is_first_name(first.as_str()) && !place {
                spans.push(Span {
                    kind: Kind::Name,
                    start: whole.start(),
                    end: whole.end(),
                });
                at = whole.end();
            } else {
                // The second word may be the first name of the next pair.
                at = c.get(2).expect("a word").start();
            }
        }
    }
    spans
}
