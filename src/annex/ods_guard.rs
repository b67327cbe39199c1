//! A guard for OpenDocument spreadsheets, run before calamine reads them. content.xml is
//! streamed once and three things calamine 0.38 does not survive are refused:
//! - repeat attributes that make a 1 KB file describe billions of cells
//!   (`table:number-rows-repeated`, `table:number-columns-repeated`): calamine expands them (a
//!   1 KB file with 6000 repeated rows of 16 000 repeated cells took 19 GB of memory). The span
//!   of the cells that hold something is measured; empty filler (which LibreOffice writes to the
//!   end of every sheet) costs nothing;
//! - a document that ends inside a table or a cell comment: calamine loops forever at the end of
//!   the file (found by fuzzing);
//! - `<text:s text:c="…">` asking for billions of spaces, which calamine writes out.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// What the scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The largest (rows, columns) span of non-empty cells over the tables.
    Span(usize, usize),
    /// Content calamine cannot survive, with a Dutch reason.
    Broken(&'static str),
    /// The package or its XML cannot be read here: calamine reports the damage.
    Unreadable,
}

/// Most spaces `text:s` elements may ask for in one file.
const MAX_SPACES: u64 = 10_000_000;

pub fn scan(bytes: &[u8]) -> Scan {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Scan::Unreadable;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Scan::Unreadable;
    };
    scan_content(BufReader::new(content))
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_value(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "office:value-type")
}

#[derive(Default)]
struct Span {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Span {
    fn add(&mut self, rows: (u64, u64), cols: (u64, u64)) {
        let widen = |s: Option<(u64, u64)>, (lo, hi): (u64, u64)| {
            Some(s.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))))
        };
        self.rows = widen(self.rows, rows);
        self.cols = widen(self.cols, cols);
    }

    fn size(&self) -> (usize, usize) {
        let len = |s: Option<(u64, u64)>| {
            s.map_or(0, |(lo, hi)| {
                usize::try_from(hi - lo + 1).unwrap_or(usize::MAX)
            })
        };
        (len(self.rows), len(self.cols))
    }
}

fn scan_content<R: Read + std::io::BufRead>(input: R) -> Scan {
    let mut reader = quick_xml::Reader::from_reader(input);
    // Read exactly as calamine does, so both see the same events.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut largest = (0usize, 0usize);
    let mut span = Span::default();
    let (mut row, mut row_rep, mut col) = (0u64, 1u64, 0u64);
    let (mut tables_open, mut comments_open, mut spaces) = (0u32, 0u32, 0u64);
    // A cell written as a start tag: its content decides whether it is empty.
    let mut open_cell: Option<(u64, bool)> = None;
    let keep = |largest: &mut (usize, usize), span: &Span| {
        let (r, c) = span.size();
        if r.saturating_mul(c) > largest.0.saturating_mul(largest.1) {
            *largest = (r, c);
        }
    };
    loop {
        let Ok(event) = reader.read_event_into(&mut buf) else {
            return Scan::Unreadable;
        };
        match event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                keep(&mut largest, &span);
                span = Span::default();
                row = 0;
                tables_open += 1;
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                tables_open = tables_open.saturating_sub(1);
            }
            Event::Start(e) if e.name().as_ref() == "office:annotation" => comments_open += 1,
            Event::End(e) if e.name().as_ref() == "office:annotation" => {
                comments_open = comments_open.saturating_sub(1);
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:s" => {
                spaces = spaces.saturating_add(repeat(&e, "text:c"));
                if spaces > MAX_SPACES {
                    return Scan::Broken(
                        "de inhoud vraagt meer dan 10 miljoen spaties (text:s); dit is geen gewoon rekenblad",
                    );
                }
                if let Some((n, _)) = open_cell {
                    open_cell = Some((n, true));
                }
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                row_rep = repeat(&e, "table:number-rows-repeated");
                col = 0;
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeat(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_rep);
                row_rep = 1;
            }
            Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let n = repeat(&e, "table:number-columns-repeated");
                if has_value(&e) {
                    span.add(
                        (row, row.saturating_add(row_rep - 1)),
                        (col, col.saturating_add(n - 1)),
                    );
                }
                col = col.saturating_add(n);
            }
            Event::Start(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                open_cell = Some((repeat(&e, "table:number-columns-repeated"), has_value(&e)));
            }
            Event::Start(_) | Event::Empty(_) | Event::Text(_) if open_cell.is_some() => {
                if let Some((n, _)) = open_cell {
                    open_cell = Some((n, true));
                }
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some((n, filled)) = open_cell.take() {
                    if filled {
                        span.add(
                            (row, row.saturating_add(row_rep - 1)),
                            (col, col.saturating_add(n - 1)),
                        );
                    }
                    col = col.saturating_add(n);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if tables_open > 0 || comments_open > 0 {
        return Scan::Broken("de inhoud houdt op midden in een tabel; het bestand is onvolledig");
    }
    keep(&mut largest, &span);
    Scan::Span(largest.0, largest.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(xml: &str) -> Scan {
        scan_content(BufReader::new(xml.as_bytes()))
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;

    #[test]
    fn repeated_filled_cells_count_and_empty_filler_does_not() {
        let xml = format!(
            r#"<t><table:table><table:table-row>{CELL}{CELL}</table:table-row><table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></t>"#
        );
        assert_eq!(span(&xml), Scan::Span(6001, 16000));
    }

    #[test]
    fn the_largest_table_counts_and_empty_cells_move_the_column() {
        let xml = format!(
            r#"<t><table:table><table:table-row><table:table-cell table:number-columns-repeated="3"/>{CELL}</table:table-row></table:table><table:table><table:table-row>{CELL}</table:table-row><table:table-row/><table:table-row>{CELL}{CELL}</table:table-row></table:table></t>"#
        );
        assert_eq!(span(&xml), Scan::Span(3, 2));
    }

    #[test]
    fn mismatched_end_tags_are_read_as_calamine_reads_them() {
        // calamine does not check end names: this table is never closed for it either.
        assert!(matches!(
            span("<t><table:table></table:tabl:office></t>"),
            Scan::Broken(_)
        ));
        assert_eq!(span("<t><table:table></table:table>"), Scan::Span(0, 0));
    }

    #[test]
    fn a_document_ending_inside_a_table_or_comment_is_broken() {
        assert!(matches!(
            span(&format!(
                "<t><table:table><table:table-row>{CELL}</table:table-row>"
            )),
            Scan::Broken(_)
        ));
        assert!(matches!(
            span("<t><table:table><table:table-row><table:table-cell><office:annotation><text:p>x"),
            Scan::Broken(_)
        ));
    }

    #[test]
    fn billions_of_spaces_are_refused() {
        let xml = r#"<t><table:table><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/>b</text:p></table:table-cell></table:table-row></table:table></t>"#;
        assert!(matches!(span(xml), Scan::Broken(_)));
    }
}
