//! Redaction that really removes: the redacted version of a resource is made anew from
//! its content with every redacted text replaced, never by painting over the original.
//! A PDF is set anew from its extracted text (its layout is simplified, its words are
//! not); a table or a JSON document keeps its structure with the cells' text replaced.
//! A spreadsheet comes back as XLSX. Extracting the result again finds none of it.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::extract;
use super::metadata::Format;
use rathaus_platform::{Error, Result};

/// What stands where a text was removed.
pub const MARK: &str = "[geschwärzt]";

const DOCUMENT: &str = include_str!("document.typ");

/// A text to remove wherever it stands on a page of the resource (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    pub page: usize,
    pub text: String,
}

/// A document made from pages of plain text (paragraphs apart by an empty line), with
/// the given parts blacked out: the demo's documents and every redacted PDF.
pub fn text_document(
    title: &str,
    note: Option<&str>,
    footer: &str,
    pages: &[String],
    redactions: &[Redaction],
    date: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let pages: Vec<Value> = pages
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let texts: Vec<&str> = redactions.iter().filter(|r| r.page == index + 1).map(|r| r.text.as_str()).collect();
            Value::Array(segments(text, &texts))
        })
        .collect();
    let data =
        json!({ "title": title, "note": note, "footer": footer, "page_label": "Seite", "redacted_label": "geschwärzt", "pages": pages });
    rathaus_platform::pdf::render(DOCUMENT, &data, date)
}

/// A page's text as segments for the template: paragraphs, line breaks, and the parts to
/// black out (which may run over a line end, as the text was extracted).
fn segments(text: &str, redacted: &[&str]) -> Vec<Value> {
    let mut out = Vec::new();
    let plain = |out: &mut Vec<Value>, piece: &str| {
        for (l, line) in piece.split('\n').enumerate() {
            if l > 0 {
                out.push(json!({ "break": "line" }));
            }
            if !line.is_empty() {
                out.push(json!({ "text": line }));
            }
        }
    };
    for (p, paragraph) in text.split("\n\n").enumerate() {
        if p > 0 {
            out.push(json!({ "break": "par" }));
        }
        let mut rest = paragraph;
        while !rest.is_empty() {
            let next = redacted
                .iter()
                .filter(|r| !r.is_empty())
                .filter_map(|r| rest.find(*r).map(|at| (at, r.len())))
                .min();
            match next {
                Some((at, len)) => {
                    plain(&mut out, &rest[..at]);
                    out.push(json!({ "redacted": true }));
                    rest = &rest[at + len..];
                }
                None => {
                    plain(&mut out, rest);
                    rest = "";
                }
            }
        }
    }
    out
}

/// Replaces every redacted text (or, for one spanning cells, each of its parts) in a cell.
fn redact_cell(cell: &str, redactions: &[Redaction]) -> String {
    let mut cell = cell.to_string();
    for redaction in redactions {
        for part in redaction.text.split(['\t', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
            cell = cell.replace(part, MARK);
        }
    }
    cell
}

/// The redacted version of a resource: its format (a spreadsheet becomes XLSX) and bytes.
pub fn redact(
    format: Format,
    bytes: &[u8],
    title: &str,
    pages: &[String],
    redactions: &[Redaction],
    date: DateTime<Utc>,
) -> Result<(Format, Vec<u8>)> {
    let unreadable = || Error::Invalid("transparency-redaction-unreadable".into());
    match format {
        Format::Pdf => {
            let note = format!("Geschwärzte Fassung vom {} – Textfassung des Originals", date.format("%d.%m.%Y"));
            Ok((
                Format::Pdf,
                text_document(title, Some(&note), "Geschwärzte Fassung", pages, redactions, date)?,
            ))
        }
        Format::Csv => {
            let rows = extract::csv_rows(bytes).ok_or_else(unreadable)?;
            let mut writer = ::csv::WriterBuilder::new()
                .delimiter(extract::csv_delimiter(bytes))
                .from_writer(Vec::new());
            for row in rows {
                writer
                    .write_record(row.iter().map(|cell| redact_cell(cell, redactions)))
                    .map_err(|e| Error::internal(format!("csv: {e}")))?;
            }
            Ok((Format::Csv, writer.into_inner().map_err(|e| Error::internal(format!("csv: {e}")))?))
        }
        Format::Json | Format::GeoJson => {
            let mut value: Value = serde_json::from_slice(bytes).map_err(|_| unreadable())?;
            redact_json(&mut value, redactions);
            Ok((format, serde_json::to_vec_pretty(&value)?))
        }
        Format::Xlsx | Format::Ods => {
            let sheets = extract::spreadsheet_sheets(bytes).ok_or_else(unreadable)?;
            let mut workbook = rust_xlsxwriter::Workbook::new();
            for (name, rows) in sheets {
                let sheet = workbook.add_worksheet();
                sheet.set_name(&name).map_err(|e| Error::internal(format!("xlsx: {e}")))?;
                for (r, row) in rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        sheet
                            .write_string(r as u32, c as u16, redact_cell(cell, redactions))
                            .map_err(|e| Error::internal(format!("xlsx: {e}")))?;
                    }
                }
            }
            Ok((
                Format::Xlsx,
                workbook.save_to_buffer().map_err(|e| Error::internal(format!("xlsx: {e}")))?,
            ))
        }
        Format::Html | Format::Zip => Err(unreadable()),
    }
}

fn redact_json(value: &mut Value, redactions: &[Redaction]) {
    match value {
        Value::String(s) => *s = redact_cell(s, redactions),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, redactions)),
        Value::Object(map) => {
            let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            for (key, mut v) in entries {
                redact_json(&mut v, redactions);
                map.insert(redact_cell(&key, redactions), v);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transparency::extract::{Extraction, extract};
    use chrono::TimeZone;

    fn date() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap()
    }

    fn text_of(format: Format, bytes: &[u8]) -> String {
        match extract(format, bytes) {
            Extraction::Text(pages) => pages.join("\n"),
            other => panic!("unreadable: {other:?}"),
        }
    }

    #[test]
    fn a_redacted_pdf_extracted_again_no_longer_holds_the_text() {
        let pages = vec![
            "Baugenehmigung\n\nDer Antragsteller Herr Jonas Beispielmann erhält die Genehmigung für den Kaimauersanierung genannten Bau."
                .to_string(),
            "Zahlung auf DE89 3704 0044 0532 0130 00.\n\nDie Auflagen gelten.".to_string(),
        ];
        let original = text_document("Baugenehmigung 2026/17", None, "Bezirksamt", &pages, &[], date()).unwrap();
        let before = text_of(Format::Pdf, &original);
        assert!(before.contains("Beispielmann") && before.contains("Kaimauersanierung"), "{before}");
        let extracted = extract(Format::Pdf, &original).pages().to_vec();
        let redactions = [
            Redaction {
                page: 1,
                text: "Jonas Beispielmann".into(),
            },
            Redaction {
                page: 2,
                text: "DE89 3704 0044 0532 0130 00".into(),
            },
        ];
        let (format, redacted) = redact(Format::Pdf, &original, "Baugenehmigung 2026/17", &extracted, &redactions, date()).unwrap();
        assert_eq!(format, Format::Pdf);
        let after = text_of(Format::Pdf, &redacted);
        assert!(
            !after.contains("Beispielmann") && !after.contains("DE89") && !after.contains("0532"),
            "{after}"
        );
        assert!(after.contains("Kaimauersanierung") && after.contains("geschwärzt"), "{after}");
    }

    #[test]
    fn a_redacted_table_and_json_keep_their_shape() {
        let csv = "Name;Ort;Betrag\nBeispielmann, Jonas;Hamburg;12,50\nVerein;Altona;7\n";
        let redactions = [Redaction {
            page: 1,
            text: "Beispielmann, Jonas".into(),
        }];
        let (_, redacted) = redact(Format::Csv, csv.as_bytes(), "t", &[], &redactions, date()).unwrap();
        assert_eq!(
            String::from_utf8(redacted).unwrap(),
            "Name;Ort;Betrag\n[geschwärzt];Hamburg;12,50\nVerein;Altona;7\n"
        );
        let json = br#"{"antrag":{"name":"Jonas Beispielmann","ort":"Hamburg"}}"#;
        let redactions = [Redaction {
            page: 1,
            text: "Jonas Beispielmann".into(),
        }];
        let (_, redacted) = redact(Format::Json, json, "t", &[], &redactions, date()).unwrap();
        let text = text_of(Format::Json, &redacted);
        assert!(!text.contains("Beispielmann") && text.contains("Hamburg"), "{text}");
    }

    #[test]
    fn a_spreadsheet_comes_back_as_xlsx_without_the_text() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Empfänger").unwrap();
        sheet.write_string(1, 0, "Kerstin Probst").unwrap();
        sheet.write_number(1, 1, 1200.0).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        assert!(text_of(Format::Xlsx, &bytes).contains("Kerstin Probst"));
        let redactions = [Redaction {
            page: 1,
            text: "Kerstin Probst".into(),
        }];
        let (format, redacted) = redact(Format::Xlsx, &bytes, "t", &[], &redactions, date()).unwrap();
        assert_eq!(format, Format::Xlsx);
        let text = text_of(Format::Xlsx, &redacted);
        assert!(!text.contains("Probst") && text.contains("1200"), "{text}");
    }
}
