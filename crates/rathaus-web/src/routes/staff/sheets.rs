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

/// A CSV download written as its rows arrive (a chunk of rows at a time, cells already
/// neutralised), so a long export never sits whole in memory. An error after the first
/// rows went out can only break the download off; it is logged.
pub fn csv_stream<S>(chunks: S, file_name: &str) -> Response
where
    S: futures::Stream<Item = AppResult<Vec<Vec<String>>>> + Send + 'static,
{
    use futures::StreamExt;
    let bom = futures::stream::once(async { Ok(bytes::Bytes::from_static(&[0xEF, 0xBB, 0xBF])) });
    let body = chunks.map(|chunk| {
        let rows = chunk.map_err(|e| {
            tracing::error!(error = %e.0, "an export broke off");
            std::io::Error::other(e.0.to_string())
        })?;
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        for row in rows {
            writer.write_record(row).map_err(std::io::Error::other)?;
        }
        writer
            .into_inner()
            .map(bytes::Bytes::from)
            .map_err(|e| std::io::Error::other(e.to_string()))
    });
    made_stream(
        axum::body::Body::from_stream(bom.chain(body)),
        "text/csv; charset=utf-8",
        &format!("attachment; filename=\"{file_name}\""),
    )
}

/// An XLSX sheet written a chunk of rows at a time to a temporary file (constant memory
/// mode), then sent from that file: the first row bold, every cell a string.
pub struct XlsxSheet {
    workbook: Workbook,
    rows: u32,
}

impl XlsxSheet {
    pub fn new(header: &[String]) -> AppResult<Self> {
        let mut sheet = XlsxSheet {
            workbook: Workbook::new(),
            rows: 0,
        };
        let bold = Format::new().set_bold();
        let worksheet = sheet.workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
        for (c, cell) in header.iter().enumerate() {
            worksheet.write_string_with_format(0, c as u16, cell, &bold).map_err(xlsx_error)?;
        }
        sheet.rows = 1;
        Ok(sheet)
    }

    /// Appends rows (cells already neutralised).
    pub fn push(&mut self, rows: &[Vec<String>]) -> AppResult<()> {
        let worksheet = self.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for row in rows {
            for (c, cell) in row.iter().enumerate() {
                worksheet.write_string(self.rows, c as u16, cell).map_err(xlsx_error)?;
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// The download: the workbook is zipped into a temporary file off the runtime's
    /// threads, and the response reads it from there.
    pub async fn finish(self, file_name: &str) -> AppResult<Response> {
        let mut workbook = self.workbook;
        let file = tokio::task::spawn_blocking(move || -> AppResult<std::fs::File> {
            let file = tempfile::tempfile().map_err(|e| Error::internal(e.to_string()))?;
            workbook.save_to_writer(&file).map_err(xlsx_error)?;
            Ok(file)
        })
        .await
        .map_err(|e| Error::internal(e.to_string()))??;
        let mut file = tokio::fs::File::from_std(file);
        tokio::io::AsyncSeekExt::rewind(&mut file)
            .await
            .map_err(|e| Error::internal(e.to_string()))?;
        let body = futures::stream::try_unfold(file, |mut file| async move {
            let mut buffer = vec![0; 64 * 1024];
            let read = tokio::io::AsyncReadExt::read(&mut file, &mut buffer).await?;
            buffer.truncate(read);
            Ok::<_, std::io::Error>((read > 0).then(|| (bytes::Bytes::from(buffer), file)))
        });
        Ok(made_stream(
            axum::body::Body::from_stream(body),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("attachment; filename=\"{file_name}\""),
        ))
    }
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> crate::error::AppError {
    Error::internal(e.to_string()).into()
}

/// A made document sent as a stream: the headers of [`made_document`].
fn made_stream(body: axum::body::Body, content_type: &'static str, disposition: &str) -> Response {
    let mut response = made_document(Vec::new(), content_type, disposition);
    *response.body_mut() = body;
    response
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
