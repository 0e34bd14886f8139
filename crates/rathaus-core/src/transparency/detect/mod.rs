//! The personal-data check: finds what may identify a person in the text of a record —
//! e-mail addresses, phone numbers, IBANs (checksum), tax ids (check digit), dates of
//! birth, licence plates, street addresses and names (a list of first names, and the
//! words that come before a name: "Herr", "Frau", "Antragsteller", …). It errs on the
//! side of finding: a reviewer clears what is not personal, but nothing unfound is
//! reviewed. Look-alikes common in official texts (file numbers, dates of meetings,
//! norms, amounts, postcodes alone) are not findings.

mod checksums;
mod known;
mod names;
mod patterns;

pub use checksums::{is_iban, is_tax_id};
pub use known::{Known, find_known};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Iban,
    TaxId,
    BirthDate,
    Phone,
    LicencePlate,
    Address,
    Name,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Email,
        Kind::Iban,
        Kind::TaxId,
        Kind::BirthDate,
        Kind::Phone,
        Kind::LicencePlate,
        Kind::Address,
        Kind::Name,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Iban => "iban",
            Kind::TaxId => "tax_id",
            Kind::BirthDate => "birth_date",
            Kind::Phone => "phone",
            Kind::LicencePlate => "licence_plate",
            Kind::Address => "address",
            Kind::Name => "name",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One thing found, where it stands (page and line counted from 1) and the text around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub kind: Kind,
    pub text: String,
    pub page: usize,
    pub line: usize,
    pub context: String,
}

/// A match inside one text: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Everything personal in one text, in reading order. Where two detectors claim the
/// same characters, the earlier kind of [`Kind::ALL`] wins (an IBAN is not a phone number).
fn spans(text: &str) -> Vec<Span> {
    let mut found: Vec<Span> = patterns::find(text);
    found.extend(names::find(text));
    found.sort_by_key(|s| (s.kind, s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Span> = Vec::new();
    for span in found {
        if !kept.iter().any(|k| k.start < span.end && span.start < k.end) {
            kept.push(span);
        }
    }
    kept.sort_by_key(|s| s.start);
    kept
}

/// The personal data in a record's pages (a PDF's pages, a table's one page of rows).
pub fn scan(pages: &[String]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        for span in spans(page) {
            hits.push(Hit {
                kind: span.kind,
                text: page[span.start..span.end].to_string(),
                page: index + 1,
                line: page[..span.start].matches('\n').count() + 1,
                context: context(page, span.start, span.end),
            });
        }
    }
    hits
}

/// Column headings that say every cell below is personal, whatever it looks like.
const PERSONAL_COLUMNS: [(&str, Kind); 12] = [
    ("geburtsdatum", Kind::BirthDate),
    ("geb.", Kind::BirthDate),
    ("date of birth", Kind::BirthDate),
    ("vorname", Kind::Name),
    ("nachname", Kind::Name),
    ("familienname", Kind::Name),
    ("telefon", Kind::Phone),
    ("mobil", Kind::Phone),
    ("e-mail", Kind::Email),
    ("anschrift", Kind::Address),
    ("wohnort", Kind::Address),
    ("steuer-id", Kind::TaxId),
];

/// The personal data in a table's pages (sheets), whose first line holds the column
/// headings and whose cells are apart by tabs: what [`scan`] finds, and every cell of a
/// column whose heading names personal data ("Geburtsdatum", "Vorname", "Telefon", …).
pub fn scan_table(pages: &[String]) -> Vec<Hit> {
    let mut hits = scan(pages);
    for (index, page) in pages.iter().enumerate() {
        let mut lines = page.lines();
        let Some(header) = lines.next() else { continue };
        let columns: Vec<Option<Kind>> = header
            .split('\t')
            .map(|heading| {
                let heading = heading.to_lowercase();
                PERSONAL_COLUMNS
                    .iter()
                    .find(|(marker, _)| heading.contains(marker))
                    .map(|(_, kind)| *kind)
            })
            .collect();
        for (row, line) in lines.enumerate() {
            for (cell, kind) in line.split('\t').zip(&columns) {
                let (Some(kind), cell) = (kind, cell.trim()) else { continue };
                let known = hits
                    .iter()
                    .any(|h| h.page == index + 1 && h.line == row + 2 && (h.text.contains(cell) || cell.contains(h.text.as_str())));
                if !cell.is_empty() && !known {
                    hits.push(Hit {
                        kind: *kind,
                        text: cell.to_string(),
                        page: index + 1,
                        line: row + 2,
                        context: line.replace('\t', " · "),
                    });
                }
            }
        }
    }
    hits
}

/// What to look for in a resource of this format: tables by their columns too.
pub fn scan_as(format: super::metadata::Format, pages: &[String]) -> Vec<Hit> {
    use super::metadata::Format;
    match format {
        Format::Csv | Format::Xlsx | Format::Ods => scan_table(pages),
        _ => scan(pages),
    }
}

/// Up to 60 characters either side of a finding, on its line(s), whitespace folded.
fn context(text: &str, start: usize, end: usize) -> String {
    const AROUND: usize = 60;
    let before: String = text[..start]
        .chars()
        .rev()
        .take(AROUND)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(AROUND).collect();
    let joined = format!("{before}{}{after}", &text[start..end]);
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
