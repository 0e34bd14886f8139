//! Tables that leave the system as spreadsheets (the case export, the mailroom's
//! dispatch list, the CDO's figures). A cell that a spreadsheet would read as a formula is neutralised.

use axum::response::Response;

use crate::error::AppResult;
use crate::routes::applications::made_document;
use rathaus_platform::Error;
use rust_xlsxwriter::{Format, Workbook};

/// A cell that begins like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is
/// prefixed with `'` so no spreadsheet runs it (CSV injection).
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A CSV download of `table` (cells already neutralised): semicolons and a byte order
/// mark, which is what spreadsheet programs set to German expect.
pub fn csv_download(table: &[Vec<String>], file_name: &str) -> AppResult<Response> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in table {
        writer.write_record(row).map_err(|e| Error::internal(e.to_string()))?;
    }
    let body = writer.into_inner().map_err(|e| Error::internal(e.to_string()))?;
    Ok(made_document(
        body,
        "text/csv; charset=utf-8",
        &format!("attachment; filename=\"{file_name}\""),
    ))
}

/// An XLSX download of `table`, the first row bold; every cell a string, so nothing in
/// it is ever read as a formula.
pub fn xlsx_download(table: &[Vec<String>], file_name: &str) -> AppResult<Response> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = Format::new().set_bold();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let written = if r == 0 {
                sheet.write_string_with_format(r as u32, c as u16, cell, &bold)
            } else {
                sheet.write_string(r as u32, c as u16, cell)
            };
            written.map_err(|e| Error::internal(e.to_string()))?;
        }
    }
    let body = workbook.save_to_buffer().map_err(|e| Error::internal(e.to_string()))?;
    Ok(made_document(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("attachment; filename=\"{file_name}\""),
    ))
}

#[cfg(test)]
mod tests {
    use super::neutralise;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a cell holds, it never starts like a formula, and a harmless cell
        /// stays as it was.
        #[test]
        fn no_cell_starts_like_a_formula(cell in any::<String>()) {
            let out = neutralise(&cell);
            prop_assert!(!out.starts_with(['=', '+', '-', '@', '\t', '\r']));
            if !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                prop_assert_eq!(out, cell);
            }
        }
    }
}
