//! The Excel export: the answer to written question 492 as a workbook ("Graag alle data in
//! Excel beschikbaar stellen"). [`workbook_bytes`] is a pure function over a [`Dataset`];
//! [`write_file`] puts the bytes on disk atomically.

mod answer;
mod comparison;
mod file;
mod matrix;
mod overview;
mod print;
mod scope;
mod sheet;
mod sheets;
mod style;
mod totals;

use std::path::{Path, PathBuf};

use crate::checks::Finding;
use crate::model::Dataset;

pub use file::{
    abandon_temp_files, timestamped_path, timestamped_path_named, with_extension,
    with_xlsx_extension, write_file, Stamp,
};
pub use scope::{parse_scope, parse_selection, Scope, Selection};
pub use sheets::Part;

/// What the workbook says about its own making (kept out of the data so tests stay stable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMeta {
    /// When the data was read.
    pub loaded_at: Stamp,
    /// When the workbook was made.
    pub exported_at: Stamp,
    /// Programme name and version, e.g. `samenleven 0.1.0`.
    pub program: String,
}

impl ExportMeta {
    /// Now, with this build's version; `loaded_at` as given.
    pub fn now(loaded_at: Stamp) -> ExportMeta {
        ExportMeta {
            loaded_at,
            exported_at: Stamp::now(),
            program: format!("samenleven {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Why an export failed. The messages are Dutch and name the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("'{path}' bestaat al; gebruik --force om te overschrijven")]
    Exists { path: String },
    #[error("Kan '{path}' niet schrijven: {reason}")]
    Write { path: String, reason: String },
    #[error("Kan de werkmap niet opbouwen: {0}")]
    Workbook(String),
    #[error("{0}")]
    Scope(String),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        use rust_xlsxwriter::XlsxError;
        ExportError::Workbook(match e {
            XlsxError::RowColumnLimitError => "een blad zou meer dan 1.048.576 rijen krijgen, de \
                grens van Excel; exporteer een deel met --scope (een provincie of een aanvrager)"
                .to_string(),
            XlsxError::MaxStringLengthExceeded => {
                "een tekst is langer dan de 32.767 tekens die een Excel-cel toelaat".to_string()
            }
            XlsxError::IoError(io) => format!("schrijffout ({io})"),
            other => other.to_string(),
        })
    }
}

/// The workbook of issue 5 as xlsx bytes.
pub fn workbook_bytes(
    ds: &Dataset,
    scope: &Scope,
    findings: &[Finding],
    meta: &ExportMeta,
) -> Result<Vec<u8>, ExportError> {
    sheets::build(ds, scope, Some(findings), meta, None).map(|(bytes, _)| bytes)
}

/// A workbook of one sheet and Bron: what the explorer's `E` writes from a view. With `only`,
/// the sheet keeps the rows of those places (the rows a filtered view shows).
pub fn part_bytes(
    ds: &Dataset,
    part: Part,
    only: Option<&std::collections::HashSet<crate::model::Target>>,
    meta: &ExportMeta,
) -> Result<Vec<u8>, ExportError> {
    sheets::build_part(ds, part, only, meta)
}

/// [`workbook_bytes`] with sheets split after `max_rows` rows instead of Excel's 1 048 576, so
/// tests can see a split without writing a million rows.
#[doc(hidden)]
pub fn workbook_bytes_with_row_limit(
    ds: &Dataset,
    scope: &Scope,
    findings: &[Finding],
    meta: &ExportMeta,
    max_rows: u32,
) -> Result<Vec<u8>, ExportError> {
    sheets::build(ds, scope, Some(findings), meta, Some(max_rows)).map(|(bytes, _)| bytes)
}

/// The headless `samenleven export`: parses the scope (`all`, `province:NAME`,
/// `applicant:NAME`, `action:N`, `objective:N`, `search:QUERY`), runs the checks (over the
/// whole file), writes the workbook of the selected lines to `out` (with `.xlsx` appended
/// when its name does not end in it, see [`with_xlsx_extension`]).
/// Returns the path written and the Dutch description of what it holds.
pub fn run_export(
    ds: &Dataset,
    scope_text: &str,
    out: &Path,
    force: bool,
) -> Result<(PathBuf, String), ExportError> {
    let out = &with_xlsx_extension(out);
    let selection = parse_selection(ds, scope_text)?;
    let restricted;
    let ds = if selection.lines == crate::model::LineFilter::All {
        ds
    } else {
        restricted = ds.restricted_to(selection.lines);
        &restricted
    };
    // Headless: the file was read just before this call. The checks run while the workbook is
    // built.
    let meta = ExportMeta::now(Stamp::now());
    let (bytes, workbook) = sheets::build(ds, &selection.scope, None, &meta, None)?;
    // The workbook's cells are freed on a thread of their own that nobody waits for: freeing
    // millions of cells takes longer than writing the file, and a headless export ends the
    // process right after (which ends that thread too). Without a thread, they are freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(workbook));
    write_file(&bytes, out, force)?;
    Ok((out.to_path_buf(), selection.describe(ds)))
}

#[cfg(test)]
mod error_tests {
    use super::*;

    #[test]
    fn excel_limits_are_explained_in_dutch() {
        let e = ExportError::from(rust_xlsxwriter::XlsxError::RowColumnLimitError).to_string();
        assert!(
            e.starts_with("Kan de werkmap niet opbouwen: een blad zou meer dan 1.048.576 rijen"),
            "{e}"
        );
        assert!(e.contains("--scope"), "{e}");
    }
}
