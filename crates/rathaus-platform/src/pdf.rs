//! Documents as PDF/A-2b (archivable, fonts embedded) with a tagged structure for screen
//! readers, made with typst as a library. A template is typst markup shipped with the
//! code; its data comes as JSON in a separate file (`/data.json`), so nothing a person
//! typed is ever read as markup. No packages are downloaded: the fonts are built in.

use chrono::{DateTime, Datelike, Timelike, Utc};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::{Error, Result};

/// The fonts every document may use, loaded once.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| Error::internal(format!("pdf path {path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

struct DocumentWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn describe(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")
}

/// Renders `template` with `data` (read by the template as `json("/data.json")`) into a
/// PDF/A-2b. `date` is the document's date, so the same input gives the same file.
pub fn render(template: &str, data: &serde_json::Value, date: DateTime<Utc>) -> Result<Vec<u8>> {
    let today = Datetime::from_ymd_hms(
        date.year(),
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .ok_or_else(|| Error::internal("document date out of range"))?;
    let world = DocumentWorld {
        main: Source::new(file_id("/main.typ")?, template.to_string()),
        data_id: file_id("/data.json")?,
        data: Bytes::new(serde_json::to_vec(data)?),
        today,
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| Error::internal(format!("document template: {}", describe(&errors))))?;
    let options = PdfOptions {
        timestamp: Some(Timestamp::new_utc(today)),
        standards: PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| Error::internal(format!("pdf standards: {}", e.message())))?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| Error::internal(format!("pdf export: {}", describe(&errors))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const TEMPLATE: &str = r#"
#let data = json("/data.json")
#set document(title: data.title)
#set text(lang: "de")
= #data.title
#data.text
"#;

    #[test]
    fn renders_a_pdf_a_with_the_data_as_text_not_markup() {
        let date = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
        let data = serde_json::json!({ "title": "Eingangsbestätigung", "text": "#panic(\"no\") *not bold* <b>" });
        let pdf = render(TEMPLATE, &data, date).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
            "PDF/A-2 metadata"
        );
        assert_eq!(render(TEMPLATE, &data, date).unwrap(), pdf, "same input, same file");
    }

    #[test]
    fn a_broken_template_says_why() {
        let date = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
        let error = render("#let x = (", &serde_json::json!({}), date).unwrap_err();
        assert!(error.to_string().contains("document template"), "{error}");
    }
}
