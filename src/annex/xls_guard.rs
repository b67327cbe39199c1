//! A size guard for legacy .xls files. calamine builds every sheet of an .xls workbook as a
//! dense range over the bounding box of its cells when it opens the file: one stray cell at
//! row 65 536, column 65 536 makes it ask for 137 GB and abort. The cell records of the BIFF
//! stream are scanned first, so such a file is refused with a message instead.

use std::io::{Cursor, Read};

/// Rows and columns spanned by the largest sheet, or `None` when the container or its
/// workbook stream cannot be read (calamine then reports the damage).
pub fn largest_span(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))?;
    let mut stream = Vec::new();
    file.open_stream(name).ok()?.read_to_end(&mut stream).ok()?;
    Some(span_of_records(&stream))
}

/// Bounding box of one substream's cells.
#[derive(Default)]
struct Span {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Span {
    fn add(&mut self, row: u16, col: u16) {
        let widen = |r: Option<(u16, u16)>, v: u16| {
            Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
    }

    fn size(&self) -> (usize, usize) {
        let len = |r: Option<(u16, u16)>| r.map_or(0, |(lo, hi)| usize::from(hi - lo) + 1);
        (len(self.rows), len(self.cols))
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

/// The largest (rows, columns) span over the substreams of a BIFF stream.
fn span_of_records(stream: &[u8]) -> (usize, usize) {
    let mut largest = (0usize, 0usize);
    let mut span = Span::default();
    let mut pos = 0usize;
    while let (Some(kind), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let start = pos + 4;
        let end = (start + usize::from(len)).min(stream.len());
        let data = &stream[start..end];
        match kind {
            // BOF: a new substream.
            0x0809 => span = Span::default(),
            // EOF: the substream ends.
            0x000A => {
                let (r, c) = span.size();
                if r.saturating_mul(c) > largest.0.saturating_mul(largest.1) {
                    largest = (r, c);
                }
                span = Span::default();
            }
            // Cells that calamine keeps: formula, number, label, rich string, bool/error, RK,
            // shared-string label.
            0x0006 | 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    span.add(r, c);
                }
            }
            // MULRK: a row of RK values from the first to the last column.
            0x00BD => {
                if let (Some(r), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) {
                    span.add(r, first);
                    span.add(r, last);
                }
            }
            _ => {}
        }
        pos = end;
    }
    let (r, c) = span.size();
    if r.saturating_mul(c) > largest.0.saturating_mul(largest.1) {
        largest = (r, c);
    }
    largest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut v = kind.to_le_bytes().to_vec();
        v.extend_from_slice(&(data.len() as u16).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn the_largest_substream_span_counts() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(2, 1));
        s.extend(number(9, 4));
        s.extend(record(0x000A, &[]));
        s.extend(record(0x0809, &[0; 16]));
        s.extend(number(0, 0));
        s.extend(record(0x000A, &[]));
        assert_eq!(span_of_records(&s), (8, 4));
    }

    #[test]
    fn truncated_records_do_not_panic() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(65_535, 65_535));
        s.extend_from_slice(&[0x03, 0x02, 0xFF]);
        assert_eq!(span_of_records(&s), (1, 1));
        assert_eq!(span_of_records(&[0x03]), (0, 0));
    }
}
