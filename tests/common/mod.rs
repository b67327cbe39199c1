//! Builders of annex files for tests: workbooks and ODS files from plain cell grids.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

/// A cell value to write.
#[derive(Debug, Clone)]
pub enum V {
    E,
    S(&'static str),
    O(String),
    N(f64),
    /// A formula with its cached result (an error code like "#REF!" is written as an error).
    F(&'static str, &'static str),
    /// A date (a number formatted as a date).
    D(u16, u8, u8),
    B(bool),
}

#[allow(unused_imports)]
pub use V::{E, N, S};

/// One sheet: a name and rows of cells.
pub struct Sheet {
    pub name: &'static str,
    pub rows: Vec<Vec<V>>,
    /// (first_row, first_col, last_row, last_col, text) merged ranges.
    pub merges: Vec<(u32, u16, u32, u16, &'static str)>,
    /// (row, col, value): cells written at an absolute place (far away, below gaps).
    pub at: Vec<(u32, u16, V)>,
}

pub fn sheet(name: &'static str, rows: Vec<Vec<V>>) -> Sheet {
    Sheet {
        name,
        rows,
        merges: Vec::new(),
        at: Vec::new(),
    }
}

fn write_cell(w: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &V) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula};
    match v {
        V::E => {}
        V::S(t) => {
            w.write_string(r, c, *t).unwrap();
        }
        V::O(t) => {
            w.write_string(r, c, t).unwrap();
        }
        V::N(n) => {
            w.write_number(r, c, *n).unwrap();
        }
        V::F(f, result) => {
            w.write_formula(r, c, Formula::new(*f).set_result(*result))
                .unwrap();
        }
        V::D(y, m, d) => {
            let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
            let fmt = Format::new().set_num_format("dd/mm/yyyy");
            w.write_datetime_with_format(r, c, &date, &fmt).unwrap();
        }
        V::B(b) => {
            w.write_boolean(r, c, *b).unwrap();
        }
    }
}

/// An .xlsx workbook with these sheets.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for s in sheets {
        let w = wb.add_worksheet();
        w.set_name(s.name).unwrap();
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                write_cell(w, r as u32, c as u16, v);
            }
        }
        for (r1, c1, r2, c2, text) in &s.merges {
            w.merge_range(*r1, *c1, *r2, *c2, text, &rust_xlsxwriter::Format::new())
                .unwrap();
        }
        for (r, c, v) in &s.at {
            write_cell(w, *r, *c, v);
        }
    }
    wb.save_to_buffer().unwrap()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A minimal OpenDocument spreadsheet with these sheets.
pub fn ods(sheets: &[Sheet]) -> Vec<u8> {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    for s in sheets {
        content.push_str(&format!(
            r#"<table:table table:name="{}">"#,
            xml_escape(s.name)
        ));
        for row in &s.rows {
            content.push_str("<table:table-row>");
            for v in row {
                match v {
                    V::E => content.push_str("<table:table-cell/>"),
                    V::S(t) => content.push_str(&format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        xml_escape(t)
                    )),
                    V::O(t) => content.push_str(&format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        xml_escape(t)
                    )),
                    V::N(n) => content.push_str(&format!(
                        r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                    )),
                    V::F(..) | V::D(..) | V::B(_) => {
                        unimplemented!("ods test files hold text and numbers only")
                    }
                }
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(manifest.as_bytes()).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// Writes bytes to a file in a fresh temp dir; returns (dir guard, path).
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// The samenleven binary of this build.
pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("samenleven").unwrap()
}

/// Runs the binary with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
