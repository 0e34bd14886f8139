//! Turning German (and English) text into search terms: lower case, umlauts and ß
//! spelled out (so that "Fuehrungszeugnis" finds "Führungszeugnis"), words split at
//! anything that is not a letter or digit, filler words dropped, and each word reduced
//! to its stem (Snowball German: "Hunde" and "Hund", "Anmeldung" and "anmelden" meet).

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static GERMAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));

/// Words that carry no meaning for finding a service.
const STOPWORDS: &[&str] = &[
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "einem",
    "einer",
    "eines",
    "und",
    "oder",
    "fuer",
    "im",
    "in",
    "am",
    "an",
    "auf",
    "aus",
    "bei",
    "mit",
    "nach",
    "von",
    "vom",
    "zu",
    "zum",
    "zur",
    "ich",
    "mein",
    "meine",
    "meinen",
    "meinem",
    "meiner",
    "wie",
    "was",
    "wo",
    "wann",
    "ist",
    "sind",
    "kann",
    "will",
    "moechte",
    "brauche",
    "bitte",
    "sich",
    "mich",
    "mir",
    "sie",
    "ihr",
    "ihre",
    "z",
    "b",
    "the",
    "a",
    "of",
    "for",
    "to",
    "my",
    "i",
    "how",
    "do",
    "and",
    "or",
    "on",
    "at",
    "is",
    "can",
    "beantragen",
    "apply",
];

/// Lower case, umlauts and ß spelled out.
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

/// The search terms of a text, in order, repeats kept.
pub fn terms(text: &str) -> Vec<String> {
    // Spelled out before stemming, so both spellings of a word get the same stem.
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(|w| GERMAN.stem(w).into_owned())
        .filter(|t| t.chars().count() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_umlauts_and_case() {
        assert_eq!(fold("Führungszeugnis GROß"), "fuehrungszeugnis gross");
    }

    #[test]
    fn inflections_meet_in_one_stem() {
        assert_eq!(terms("Hunde"), terms("Hund"));
        assert_eq!(terms("Anmeldung"), terms("anmelden"));
        assert_eq!(terms("Führungszeugnis"), terms("Fuehrungszeugnis"));
        assert_eq!(terms("Ich möchte meinen Hund anmelden"), terms("Hund anmelden"));
    }
}
