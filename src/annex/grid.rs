//! A uniform view of a sheet: calamine ranges and CSV records behind one small trait.

use calamine::{Data, Range};

/// One cell as the loader sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Float(f64),
    Int(i64),
    Bool(bool),
    Date,
    Error(&'a calamine::CellErrorType),
}

impl<'a> Cell<'a> {
    /// Trimmed text of a text cell; numbers are not text.
    pub fn text(&self) -> Option<&'a str> {
        match self {
            Cell::Text(s) => {
                let t = s.trim();
                (!t.is_empty()).then_some(t)
            }
            _ => None,
        }
    }

    /// Whether nothing is written (also whitespace-only text).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// Text of any non-blank cell, numbers written plainly (for labels and names).
    pub fn display(&self) -> Option<String> {
        match self {
            Cell::Text(_) => self.text().map(str::to_string),
            Cell::Int(i) => Some(i.to_string()),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
            Cell::Float(f) => Some(f.to_string()),
            _ => None,
        }
    }
}

/// A rectangular sheet of cells.
pub trait Grid {
    fn height(&self) -> usize;
    fn width(&self) -> usize;
    fn cell(&self, row: usize, col: usize) -> Cell<'_>;
    /// The row number a person sees (1-based, including rows above the used range).
    fn row_no(&self, row: usize) -> u32;
    /// The column as a person names it: "E" in a workbook, "5" in a CSV file.
    fn col_name(&self, col: usize) -> String;
}

/// A calamine range, which may start below and right of A1.
pub struct RangeGrid {
    range: Range<Data>,
    start_row: u32,
    start_col: u32,
}

impl RangeGrid {
    pub fn new(range: Range<Data>) -> RangeGrid {
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        RangeGrid {
            range,
            start_row,
            start_col,
        }
    }
}

impl Grid for RangeGrid {
    fn height(&self) -> usize {
        self.range.height()
    }
    fn width(&self) -> usize {
        self.range.width()
    }
    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match self.range.get((row, col)) {
            None | Some(Data::Empty) => Cell::Empty,
            Some(Data::String(s)) => Cell::Text(s),
            Some(Data::Float(f)) => Cell::Float(*f),
            Some(Data::Int(i)) => Cell::Int(*i),
            Some(Data::Bool(b)) => Cell::Bool(*b),
            Some(Data::DateTime(_)) | Some(Data::DateTimeIso(_)) | Some(Data::DurationIso(_)) => {
                Cell::Date
            }
            Some(Data::Error(e)) => Cell::Error(e),
        }
    }
    fn row_no(&self, row: usize) -> u32 {
        self.start_row + row as u32 + 1
    }
    fn col_name(&self, col: usize) -> String {
        column_letters(self.start_col as usize + col)
    }
}

/// Excel column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Records of a CSV file (all cells are text).
pub struct CsvGrid {
    pub records: Vec<csv::StringRecord>,
    /// 1-based line of each record in the file.
    pub lines: Vec<u32>,
    pub width: usize,
}

impl Grid for CsvGrid {
    fn height(&self) -> usize {
        self.records.len()
    }
    fn width(&self) -> usize {
        self.width
    }
    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match self.records.get(row).and_then(|r| r.get(col)) {
            Some(s) if !s.trim().is_empty() => Cell::Text(s),
            _ => Cell::Empty,
        }
    }
    fn row_no(&self, row: usize) -> u32 {
        self.lines.get(row).copied().unwrap_or(row as u32 + 1)
    }
    fn col_name(&self, col: usize) -> String {
        (col + 1).to_string()
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
        return text.into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// Picks the separator: the candidate that splits the first lines into the same number (>1)
/// of fields most often; semicolon wins ties (Belgian spreadsheets write semicolons).
pub fn sniff_separator(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b';', 0usize, 0usize);
    for sep in [b';', b'\t', b',', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, sep)).collect();
        let mut freq = std::collections::HashMap::new();
        for c in counts.iter().filter(|c| **c > 0) {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let (mode_count, mode_freq) = freq
            .into_iter()
            .max_by_key(|(c, f)| (*f, *c))
            .unwrap_or((0, 0));
        if (mode_freq, mode_count) > (best.2, best.1) {
            best = (sep, mode_count, mode_freq);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, sep: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == sep && !inside {
            n += 1;
        }
    }
    n
}

/// Parses CSV text into a grid.
pub fn csv_grid(text: &str) -> Result<CsvGrid, String> {
    let sep = sniff_separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut lines = Vec::new();
    let mut width = 0;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as u32);
                width = width.max(record.len());
                records.push(std::mem::take(&mut record));
                lines.push(line);
            }
            Ok(false) => break,
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(CsvGrid {
        records,
        lines,
        width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn separator_sniffing_prefers_consistent_splits() {
        assert_eq!(sniff_separator("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_separator("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_separator("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_separator("\"x;y\",b,c\n1,2,3\n"), b',');
    }

    #[test]
    fn decodes_bom_utf8_and_windows_1252() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFGent"), "Gent");
        assert_eq!(decode_text(b"Bi\xE9v\xE8ne \x80"), "Biévène €");
        assert_eq!(decode_text("Biévène".as_bytes()), "Biévène");
    }
}
