//! The text inside a resource, page by page, for the personal-data check and the full
//! text search: a PDF's text layer, a table's cells (a row per line, cells apart by a
//! tab), a JSON document's strings (one per line). What has no text to read — a scan
//! without a text layer, an encrypted or broken PDF, an archive — is said to be
//! unreadable, and why: it cannot be checked, so it needs an override to be released.

use std::io::Cursor;

use super::metadata::Format;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extraction {
    Text(Vec<String>),
    Unreadable(Unreadable),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A PDF with pages but no text on them (a scan).
    NoTextLayer,
    /// Encrypted, damaged, or not the format it claims.
    Damaged,
    /// A ZIP: its contents are not opened.
    Archive,
}

impl Unreadable {
    pub fn as_str(self) -> &'static str {
        match self {
            Unreadable::NoTextLayer => "no_text_layer",
            Unreadable::Damaged => "damaged",
            Unreadable::Archive => "archive",
        }
    }

    pub fn parse(text: &str) -> Option<Unreadable> {
        [Unreadable::NoTextLayer, Unreadable::Damaged, Unreadable::Archive]
            .into_iter()
            .find(|u| u.as_str() == text)
    }
}

impl Extraction {
    pub fn pages(&self) -> &[String] {
        match self {
            Extraction::Text(pages) => pages,
            Extraction::Unreadable(_) => &[],
        }
    }
}

/// Reads the text of a file. CPU-bound and, for PDFs, done by a parser that may panic on
/// a hostile file: call it from a blocking task (see [`extract_blocking`]).
pub fn extract(format: Format, bytes: &[u8]) -> Extraction {
    let pages = match format {
        Format::Pdf => pdf(bytes),
        Format::Csv => csv(bytes),
        Format::Json | Format::GeoJson => json(bytes),
        Format::Xlsx | Format::Ods => spreadsheet(bytes),
        Format::Html => Some(vec![String::from_utf8_lossy(bytes).into_owned()]),
        Format::Zip => return Extraction::Unreadable(Unreadable::Archive),
    };
    match pages {
        None => Extraction::Unreadable(Unreadable::Damaged),
        Some(pages) if format == Format::Pdf && pages.iter().all(|p| p.trim().is_empty()) => {
            Extraction::Unreadable(Unreadable::NoTextLayer)
        }
        Some(pages) => Extraction::Text(pages),
    }
}

/// [`extract`] on a blocking thread; a parser that panics makes the file unreadable,
/// not the server unwell.
pub async fn extract_blocking(format: Format, bytes: Vec<u8>) -> Extraction {
    tokio::task::spawn_blocking(move || extract(format, &bytes))
        .await
        .unwrap_or(Extraction::Unreadable(Unreadable::Damaged))
}

fn pdf(bytes: &[u8]) -> Option<Vec<String>> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).ok()?;
    Some(pages.into_iter().map(|p| tidy(&p)).collect())
}

/// Lines with single spaces between words (the extractor spaces by position, sometimes
/// twice), and no runs of empty lines.
fn tidy(page: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in page.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    out.join("\n").trim().to_string()
}

/// The delimiter a CSV file uses: the one of `;`, `,` and tab most frequent in its first line.
pub fn csv_delimiter(bytes: &[u8]) -> u8 {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.iter().filter(|b| *b == d).count())
        .unwrap_or(b';')
}

/// The rows of a CSV file as cells, or `None` when it is not one.
pub fn csv_rows(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(csv_delimiter(bytes))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.ok().map(|r| r.iter().map(str::to_string).collect()))
        .collect()
}

fn csv(bytes: &[u8]) -> Option<Vec<String>> {
    let rows = csv_rows(bytes)?;
    Some(vec![rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join("\n")])
}

fn json(bytes: &[u8]) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let mut strings = Vec::new();
    collect_strings(&value, &mut strings);
    Some(vec![strings.join("\n")])
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.replace('\n', " ")),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                out.push(key.clone());
                collect_strings(v, out);
            }
        }
        _ => {}
    }
}

/// A workbook's sheets, each a page of rows; every cell as its text.
pub fn spreadsheet_sheets(bytes: &[u8]) -> Option<Vec<(String, Vec<Vec<String>>)>> {
    use calamine::{Reader, open_workbook_auto_from_rs};
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).ok()?;
    let names = workbook.sheet_names().to_vec();
    let mut sheets = Vec::new();
    for name in names {
        let range = workbook.worksheet_range(&name).ok()?;
        let rows = range.rows().map(|row| row.iter().map(|cell| cell.to_string()).collect()).collect();
        sheets.push((name, rows));
    }
    Some(sheets)
}

fn spreadsheet(bytes: &[u8]) -> Option<Vec<String>> {
    let sheets = spreadsheet_sheets(bytes)?;
    Some(
        sheets
            .iter()
            .map(|(_, rows)| rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join("\n"))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_a_page_of_rows_and_a_json_document_its_strings() {
        let csv = "Name;Betrag\nBeispielmann, Jonas;12,50\n";
        assert_eq!(
            extract(Format::Csv, csv.as_bytes()),
            Extraction::Text(vec!["Name\tBetrag\nBeispielmann, Jonas\t12,50".into()])
        );
        let json = br#"{"type":"FeatureCollection","features":[{"properties":{"name":"Spielplatz"}}]}"#;
        let pages = extract(Format::Json, json).pages().to_vec();
        assert!(pages[0].contains("Spielplatz"), "{pages:?}");
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        assert_eq!(extract(Format::Zip, b"PK\x03\x04"), Extraction::Unreadable(Unreadable::Archive));
        assert_eq!(
            extract(Format::Pdf, b"%PDF-1.7 broken"),
            Extraction::Unreadable(Unreadable::Damaged)
        );
        assert_eq!(extract(Format::Json, b"{not json"), Extraction::Unreadable(Unreadable::Damaged));
        assert_eq!(
            extract(Format::Xlsx, b"PK not a workbook"),
            Extraction::Unreadable(Unreadable::Damaged)
        );
    }
}
