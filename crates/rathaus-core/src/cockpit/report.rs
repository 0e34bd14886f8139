//! The progress report (Fortschrittsbericht): for a period, what went online, maturity
//! and online share against the period before, lead times, the ageing risks and their
//! measures, and the strategies' progress. Built by the web layer from the same figures
//! the cockpit reads, as a document of sections, paragraphs and tables that is shown as a
//! page and rendered as a PDF/A from the same data.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;

use super::digitalisation::window;
use super::usage::month_of;
use rathaus_platform::{Result, pdf};

const TEMPLATE: &str = include_str!("../../templates/progress_report.typ");

/// The period lengths a report can cover, in months.
pub const LENGTHS: [u32; 3] = [3, 6, 12];
pub const DEFAULT_LENGTH: u32 = 6;

/// A report's period: the `months` months that ended before `today`'s month, and the
/// same number before them to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub months: Vec<NaiveDate>,
    pub previous: Vec<NaiveDate>,
}

impl Period {
    pub fn ending_before(today: NaiveDate, length: u32) -> Self {
        let this_month = month_of(today);
        let months = window(this_month, length);
        let previous = window(months[0], length);
        Period { months, previous }
    }

    /// The first and the last day of the months.
    pub fn days(months: &[NaiveDate]) -> Option<(NaiveDate, NaiveDate)> {
        let first = *months.first()?;
        let last = months.last()?.checked_add_months(Months::new(1))?.pred_opt()?;
        Some((first, last))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    /// The first cell of each row names it.
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The section's anchor on the page.
    pub id: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub lang: String,
    pub city: String,
    pub title: String,
    /// The period and the one it is compared with, in words.
    pub subtitle: String,
    /// "Stand: …" and where the figures come from.
    pub note: String,
    pub sections: Vec<Section>,
}

impl Report {
    /// The report as a PDF/A-2b, dated `at` (the same report and date give the same file).
    pub fn pdf(&self, at: DateTime<Utc>) -> Result<Vec<u8>> {
        pdf::render(TEMPLATE, &serde_json::to_value(self)?, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_period_is_the_months_that_ended_and_compares_with_as_many_before() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let p = Period::ending_before(day(2026, 12, 6), 6);
        assert_eq!(Period::days(&p.months), Some((day(2026, 6, 1), day(2026, 11, 30))));
        assert_eq!(Period::days(&p.previous), Some((day(2025, 12, 1), day(2026, 5, 31))));
    }

    #[test]
    fn the_report_renders_as_pdf_a_with_its_tables_as_text() {
        let report = Report {
            lang: "de".into(),
            city: "Hamburg (Demo)".into(),
            title: "Fortschrittsbericht Digitalisierung".into(),
            subtitle: "Juni bis November 2026".into(),
            note: "Stand: 6. Dezember 2026".into(),
            sections: vec![Section {
                id: "kennzahlen".into(),
                heading: "Auf einen Blick".into(),
                paragraphs: vec!["#panic(\"nie\") bleibt Text".into()],
                tables: vec![Table {
                    caption: "Kennzahlen".into(),
                    head: vec!["Kennzahl".into(), "Wert".into()],
                    rows: vec![vec!["Online-Anteil".into(), "62,5 %".into()]],
                }],
            }],
        };
        let pdf = report.pdf(Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap()).unwrap();
        let text = crate::transparency::extract::extract(crate::transparency::metadata::Format::Pdf, &pdf)
            .pages()
            .join("\n");
        assert!(
            text.contains("Online-Anteil") && text.contains("62,5 %") && text.contains("#panic"),
            "{text}"
        );
    }
}
