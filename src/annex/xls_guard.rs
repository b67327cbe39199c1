//! A size guard for legacy .xls files. calamine builds every sheet of an .xls workbook as a
//! dense range over the bounding box of its cells when it opens the file: one stray cell at
//! row 65 536, column 65 536 makes it ask for 137 GB and abort. It also reserves room for the
//! range a DIMENSIONS record declares (fuzzing found a 200-byte file asking for 312 GB), and
//! computes that range with an unsigned subtraction that overflows when the record is
//! inverted. The records of the BIFF stream are scanned first, so such files are refused with a
//! message instead.

use std::io::{Cursor, Read};

/// What the scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Rows and columns spanned by the largest sheet (cells or declared dimensions).
    Span(usize, usize),
    /// A record calamine cannot survive, with a Dutch reason.
    Broken(&'static str),
    /// The container or its workbook stream cannot be read here: calamine reports the damage.
    Unreadable,
}

pub fn scan(bytes: &[u8]) -> Scan {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Scan::Unreadable;
    };
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
    else {
        return Scan::Unreadable;
    };
    let mut stream = Vec::new();
    let read = file
        .open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream));
    match read {
        Ok(_) => scan_records(&stream),
        Err(_) => Scan::Unreadable,
    }
}

/// The range a DIMENSIONS record declares, as calamine computes it; `None` when calamine's
/// computation would overflow.
fn dimensions(r: &[u8]) -> Option<Option<(usize, usize)>> {
    let u32_at = |at: usize| {
        r.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u32::from(u16_at(r, 0)?),
            u32::from(u16_at(r, 2)?),
            u32::from(u16_at(r, 4)?),
            u32::from(u16_at(r, 6)?),
        ),
        14 | 16 => (
            u32_at(0)?,
            u32_at(4)?,
            u32::from(u16_at(r, 8)?),
            u32::from(u16_at(r, 10)?),
        ),
        // calamine rejects other lengths itself.
        _ => return Some(None),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = end.0.checked_sub(start.0)?.checked_add(1)?;
    let cols = end.1.checked_sub(start.1)?.checked_add(1)?;
    Some(Some((rows as usize, cols as usize)))
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

/// One record: (type, data, offset of the next record).
fn record_at(stream: &[u8], pos: usize) -> Option<(u16, &[u8], usize)> {
    let kind = u16_at(stream, pos)?;
    let len = usize::from(u16_at(stream, pos + 2)?);
    let start = pos + 4;
    let end = (start + len).min(stream.len());
    Some((kind, &stream[start..end], end))
}

/// The largest span in a BIFF stream, read the ways calamine reads it: every sheet from the
/// offset its BOUNDSHEET record gives (which need not fall on the record boundaries of a read
/// from the start), and, to be safe, the whole stream from the start as well.
fn scan_records(stream: &[u8]) -> Scan {
    let mut largest = (0usize, 0usize);
    let mut sheets = Vec::new();
    // From the start: every substream, and the sheet offsets of the globals.
    let mut span = Span::default();
    let mut in_globals = true;
    let mut pos = 0usize;
    while let Some((kind, data, next)) = record_at(stream, pos) {
        match kind {
            0x0809 => span = Span::default(),
            0x000A => {
                keep(&mut largest, span.size());
                span = Span::default();
                in_globals = false;
            }
            0x0085 if in_globals => {
                if let Some(at) = data.get(0..4) {
                    sheets.push(u32::from_le_bytes([at[0], at[1], at[2], at[3]]) as usize);
                }
            }
            _ => {
                if let Err(reason) = cell_or_dimensions(kind, data, &mut span, &mut largest) {
                    return Scan::Broken(reason);
                }
            }
        }
        pos = next;
    }
    keep(&mut largest, span.size());
    // Each sheet as calamine reads it: from its offset to its own EOF, nested substreams
    // (charts) skipped.
    for start in sheets {
        let mut span = Span::default();
        let (mut seen_bof, mut depth) = (false, 0usize);
        let mut pos = start;
        while let Some((kind, data, next)) = record_at(stream, pos) {
            pos = next;
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                _ => {
                    if let Err(reason) = cell_or_dimensions(kind, data, &mut span, &mut largest) {
                        return Scan::Broken(reason);
                    }
                }
            }
        }
        keep(&mut largest, span.size());
    }
    Scan::Span(largest.0, largest.1)
}

fn keep(largest: &mut (usize, usize), (r, c): (usize, usize)) {
    if r.saturating_mul(c) > largest.0.saturating_mul(largest.1) {
        *largest = (r, c);
    }
}

/// Widens the span with a cell record, or checks a DIMENSIONS record.
fn cell_or_dimensions(
    kind: u16,
    data: &[u8],
    span: &mut Span,
    largest: &mut (usize, usize),
) -> Result<(), &'static str> {
    match kind {
        // DIMENSIONS: calamine reserves the declared range.
        0x0200 => match dimensions(data) {
            Some(Some(size)) => keep(largest, size),
            Some(None) => {}
            None => return Err("het blad geeft ongeldige afmetingen op (DIMENSIONS-record)"),
        },
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
    Ok(())
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
        assert_eq!(scan_records(&s), Scan::Span(8, 4));
    }

    #[test]
    fn truncated_records_do_not_panic() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(65_535, 65_535));
        s.extend_from_slice(&[0x03, 0x02, 0xFF]);
        assert_eq!(scan_records(&s), Scan::Span(1, 1));
        assert_eq!(scan_records(&[0x03]), Scan::Span(0, 0));
    }

    #[test]
    fn sheets_are_read_from_their_boundsheet_offset() {
        // The globals end with an EOF whose length swallows the sheet when read from the start;
        // calamine jumps to the BOUNDSHEET offset instead and sees the cells.
        let mut s = record(0x0809, &[0; 16]);
        let bound_at = s.len();
        s.extend(record(0x0085, &[0; 8]));
        s.extend(record(0x000A, &[0; 40]));
        let sheet = s.len() - 40;
        s[bound_at + 4..bound_at + 8].copy_from_slice(&(sheet as u32).to_le_bytes());
        s.truncate(sheet);
        s.extend(record(0x0809, &[0; 16]));
        s.extend(number(0, 0));
        s.extend(number(65_535, 200));
        s.extend(record(0x000A, &[]));
        assert_eq!(scan_records(&s), Scan::Span(65_536, 201));
    }

    #[test]
    fn declared_dimensions_count_and_inverted_ones_are_broken() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend_from_slice(&rl.to_le_bytes());
            d.extend_from_slice(&cf.to_le_bytes());
            d.extend_from_slice(&cl.to_le_bytes());
            d.extend_from_slice(&[0, 0]);
            record(0x0200, &d)
        };
        let mut s = record(0x0809, &[0; 16]);
        s.extend(dims(0, 1_000_000, 0, 200));
        assert_eq!(scan_records(&s), Scan::Span(1_000_000, 200));
        let mut s = record(0x0809, &[0; 16]);
        s.extend(dims(10, 5, 0, 3));
        assert!(matches!(scan_records(&s), Scan::Broken(_)));
    }
}
