//! The detectors that a pattern (and, for numbers, a check digit) can decide.

use regex::Regex;
use std::sync::LazyLock;

use super::checksums::{is_iban, is_tax_id};
use super::{Kind, Span};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").unwrap());

// A PDF's text breaks lines where the layout did: a number may run over a line end, so
// the patterns take a line break wherever they take a space.

/// Groups of four, spaced or not; the checksum decides.
static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{2}\d{2}(?:[ \n]?[0-9A-Z]{4}){2,7}(?:[ \n]?[0-9A-Z]{1,3})?\b").unwrap());

/// Eleven digits, together or as "12 345 678 901"; the check digit decides.
static TAX_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d{2}[ \n]?\d{3}[ \n]?\d{3}[ \n]?\d{3}\b").unwrap());

/// A date after the words that mark a birth ("geb.", "geboren am", "Geburtsdatum", "*").
static BIRTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bgeb\.|\bgeboren(?:\s+am)?|\bgeburtsdatum|\bdate of birth|\bborn(?:\s+on)?|\*)\s*:?\s*(\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2})").unwrap()
});

/// A German number: +49/0049 or a leading 0, then area code and number in groups.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+49|\b0049|\(0|\b0)[\s\-/()]{0,2}\d{2,5}(?:[\s\-/)]{1,2}\d{1,8}){0,4}\b").unwrap());

/// "HH-AB 1234" (the hyphen marks the district), or any spelling after "Kennzeichen".
static PLATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[A-ZÄÖÜ]{1,3}-\n?[A-Z]{1,2}[ \n]?\d{1,4}[EH]?\b").unwrap());
static PLATE_AFTER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i:kennzeichen|kfz)\s*:?\s*([A-ZÄÖÜ]{1,3}(?:-\n?|[ \n])[A-Z]{1,2}[ \n]?\d{1,4}[EH]?)\b").unwrap());

/// A street by its kind of name ("Beispielweg 12a", "Wandsbeker Chaussee 3–5").
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:[A-ZÄÖÜ][a-zäöüß]+-)*[A-ZÄÖÜ][a-zäöüß]*",
        r"(?:straße|strasse|str\.|weg|allee|platz|damm|chaussee|ring|gasse|stieg|twiete|ufer|kamp|deich|redder|markt|brücke|wall|graben|reihe|koppel|pfad)",
        r" ?\d{1,4}(?: ?[a-z]\b)?(?: ?[-–/] ?\d{1,4}[a-z]?)?\b",
        r"|\b(?:[A-ZÄÖÜ][a-zäöüß]+-)+(?:Straße|Weg|Allee|Platz|Damm|Chaussee|Ring|Gasse|Stieg|Twiete|Ufer|Kamp|Deich|Redder|Markt|Brücke|Wall|Graben|Reihe|Koppel|Pfad)",
        r" ?\d{1,4}(?: ?[a-z]\b)?(?: ?[-–/] ?\d{1,4}[a-z]?)?\b",
        r"|\b[A-ZÄÖÜ][a-zäöüß]+er (?:Straße|Weg|Allee|Platz|Damm|Chaussee|Ring|Stieg|Twiete|Ufer|Kamp|Deich|Markt|Landstraße|Heerstraße) \d{1,4}(?: ?[a-z]\b)?"
    ))
    .unwrap()
});

/// Any "Name 12, 22085 Hamburg": a house number, then postcode and place.
static FULL_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-ZÄÖÜ][\wäöüß.-]+(?: [\wäöüß.-]+){0,3} \d{1,4}[a-z]?, ?\d{5} [A-ZÄÖÜ][a-zäöüß]+").unwrap());

/// Bodies whose norms look like plates ("DWA-A 118", "DVGW-W 551", "VDI-R 2")
const NORM_BODIES: [&str; 8] = ["DIN", "DWA", "DVGW", "VDI", "VDE", "EN", "ISO", "RAL"];

/// Whether the match continues a longer reference ("M/WBZ/00417/2025"): then it is not a
/// number of its own.
fn inside_reference(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c == '/' || c == '-' || c.is_alphanumeric())
}

/// Words that end like a street but open a sentence or count something.
const NOT_STREETS: [&str; 8] = ["Der ", "Oder ", "Aber ", "Über ", "Unser ", "Jeder ", "Weiter ", "Außer "];

fn digits(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).count()
}

pub(super) fn find(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut push = |kind: Kind, start: usize, end: usize| spans.push(Span { kind, start, end });
    for m in EMAIL.find_iter(text) {
        push(Kind::Email, m.start(), m.end());
    }
    for m in IBAN.find_iter(text) {
        if is_iban(m.as_str()) {
            push(Kind::Iban, m.start(), m.end());
        }
    }
    for m in TAX_ID.find_iter(text) {
        if is_tax_id(m.as_str()) {
            push(Kind::TaxId, m.start(), m.end());
        }
    }
    for c in BIRTH_DATE.captures_iter(text) {
        let date = c.get(1).expect("the date group");
        push(Kind::BirthDate, date.start(), date.end());
    }
    for m in PHONE.find_iter(text) {
        // Shorter runs are file numbers and postcodes; a German number has 9 or more digits
        // with its area code.
        let count = digits(m.as_str());
        if (9..=15).contains(&count) && !inside_reference(text, m.start()) {
            push(Kind::Phone, m.start(), m.end());
        }
    }
    for m in PLATE.find_iter(text) {
        if !NORM_BODIES.iter().any(|body| m.as_str().starts_with(&format!("{body}-"))) {
            push(Kind::LicencePlate, m.start(), m.end());
        }
    }
    for c in PLATE_AFTER_WORD.captures_iter(text) {
        let plate = c.get(1).expect("the plate group");
        push(Kind::LicencePlate, plate.start(), plate.end());
    }
    for m in STREET.find_iter(text) {
        if !NOT_STREETS.iter().any(|w| m.as_str().starts_with(w)) {
            push(Kind::Address, m.start(), m.end());
        }
    }
    for m in FULL_ADDRESS.find_iter(text) {
        push(Kind::Address, m.start(), m.end());
    }
    spans
}
