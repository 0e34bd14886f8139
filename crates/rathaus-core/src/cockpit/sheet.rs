//! The register as a sheet (CSV or XLSX): one row per procedure, the columns of
//! [`COLUMNS`], the first row naming them. What the export writes, the import reads.

use std::io::Cursor;

use super::input::{COLUMNS, ProcedureInput};
use super::it_procedure::ItProcedure;

/// The largest sheet read: far more than any city's register.
pub const MAX_ROWS: usize = 5_000;

/// The register as rows, the first naming the columns.
pub fn rows(register: &[ItProcedure]) -> Vec<Vec<String>> {
    std::iter::once(COLUMNS.iter().map(|c| c.to_string()).collect())
        .chain(
            register
                .iter()
                .map(|p| ProcedureInput::of(p).cells().iter().map(|c| c.to_string()).collect()),
        )
        .collect()
}

/// Why a file cannot be read as a sheet at all (a row's problems are the register's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    Unreadable,
    /// The first row lacks these columns.
    Columns(Vec<&'static str>),
    TooLong,
}

/// A cell the export protected against being read as a formula (`'=…`) gets its text back.
fn unprotected(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// A sheet as read: the register's columns it has, and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub columns: Vec<&'static str>,
    pub rows: Vec<ProcedureInput>,
}

fn inputs(mut rows: Vec<Vec<String>>) -> Result<Sheet, SheetError> {
    if rows.is_empty() {
        return Err(SheetError::Columns(vec!["id", "name"]));
    }
    let header: Vec<String> = rows
        .remove(0)
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let missing: Vec<&'static str> = ["id", "name", "owner"]
        .into_iter()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(SheetError::Columns(missing));
    }
    if rows.len() > MAX_ROWS {
        return Err(SheetError::TooLong);
    }
    let columns = COLUMNS.into_iter().filter(|c| header.iter().any(|h| h == c)).collect();
    let rows = rows
        .into_iter()
        .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
        .map(|row| {
            let mut input = ProcedureInput::default();
            for (column, cell) in header.iter().zip(row) {
                input.set(column, unprotected(&cell));
            }
            input
        })
        .collect();
    Ok(Sheet { columns, rows })
}

/// A CSV file, separated by `;` (as the export writes it) or `,`.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SheetError::Unreadable)?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<Vec<Vec<String>>, _>>()
        .map_err(|_| SheetError::Unreadable)?;
    inputs(rows)
}

/// The first worksheet of an XLSX (or ODS) file; dates as `YYYY-MM-DD`, whole numbers
/// without a decimal point.
pub fn read_workbook(bytes: &[u8]) -> Result<Sheet, SheetError> {
    use calamine::{Data, DataType, Reader, open_workbook_auto_from_rs};
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|_| SheetError::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::Unreadable)?
        .map_err(|_| SheetError::Unreadable)?;
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::DateTime(_) | Data::DateTimeIso(_) => cell.as_date().map(|d| d.to_string()).unwrap_or_else(|| cell.to_string()),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    inputs(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_must_name_the_columns() {
        assert_eq!(read_csv(b"a;b\n1;2\n"), Err(SheetError::Columns(vec!["id", "name", "owner"])));
        assert_eq!(read_csv(b"\xff\xfe"), Err(SheetError::Unreadable));
        assert_eq!(read_workbook(b"not a workbook"), Err(SheetError::Unreadable));
    }

    #[test]
    fn commas_or_semicolons_and_protected_cells() {
        let sheet = read_csv("\u{feff}id,name,owner,purpose_de\nmelda,MELDA,amt,\"'-nur intern\"\n,,,\n".as_bytes()).unwrap();
        assert_eq!(sheet.columns, ["id", "name", "owner", "purpose_de"]);
        let rows = sheet.rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].purpose_de, "-nur intern");
        let rows = read_csv(b"ID;Name;Owner;unbekannt\nx;y;z;w\n").unwrap().rows;
        assert_eq!((rows[0].id.as_str(), rows[0].owner.as_str()), ("x", "z"));
    }
}
