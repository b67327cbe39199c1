//! A uniform view of a sheet: calamine ranges and CSV records behind one small trait.

use std::borrow::Cow;
use std::hash::BuildHasher;

use calamine::{CellErrorType, Data, DataRef, Range};

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
                let t = trim(s);
                (!t.is_empty()).then_some(t)
            }
            _ => None,
        }
    }

    /// Whether nothing is written (also whitespace-only text).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => trim(s).is_empty(),
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

/// `str::trim`, with a shortcut for the usual cell whose first and last bytes are visible
/// ASCII characters (then there is nothing to trim).
pub fn trim(s: &str) -> &str {
    let plain = |b: u8| b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r');
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&f), Some(&l)) if plain(f) && plain(l) => s,
        _ => s.trim(),
    }
}

/// A rectangular sheet of cells.
pub trait Grid {
    fn height(&self) -> usize;
    fn width(&self) -> usize;
    fn cell(&self, row: usize, col: usize) -> Cell<'_>;
    /// Cells `0..width()` of a row, appended to `out`: what `cell` gives for each, in one
    /// call (a row of a long sheet is read about 25 times).
    fn row_cells<'s>(&'s self, row: usize, out: &mut Vec<Cell<'s>>) {
        out.extend((0..self.width()).map(|c| self.cell(row, c)));
    }
    /// The row number a person sees (1-based, including rows above the used range).
    fn row_no(&self, row: usize) -> u32;
    /// The column as a person names it: "E" in a workbook, "5" in a CSV file.
    fn col_name(&self, col: usize) -> String;
}

/// Most cells a sheet may span once its empty rows and columns are dropped. A real annex has a
/// few thousand; the limit keeps a hostile file from taking all memory.
pub const MAX_CELLS: usize = 5_000_000;

/// The sheet's row number (1-based) of a grid row, for grids that keep only the used rows
/// (`rows[i]` is the 0-based sheet row of grid row `i`).
fn sheet_row_no(rows: &[u32], row: usize) -> u32 {
    rows.get(row).map_or(row as u32, |r| *r).saturating_add(1)
}

/// The sheet's column letters of a grid column, for grids that keep only the used columns.
fn sheet_col_name(cols: &[u32], col: usize) -> String {
    column_letters(cols.get(col).map_or(col, |c| *c as usize))
}

/// A workbook sheet, stored densely over its used rows and columns only: empty rows and
/// columns are dropped (a stray cell in XFD1048576 costs one row and one column, not 17 billion
/// cells), while row numbers and column letters stay those of the file.
pub struct SheetGrid {
    cells: Vec<Data>,
    /// 0-based row in the file of each grid row.
    rows: Vec<u32>,
    /// 0-based column in the file of each grid column.
    cols: Vec<u32>,
}

/// A sheet whose used rows times used columns exceed [`MAX_CELLS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyCells {
    pub rows: usize,
    pub cols: usize,
    /// The limit that was passed, in cells.
    pub limit: usize,
}

impl SheetGrid {
    /// From the non-empty cells of a sheet, as (row, column, value) in any order.
    pub fn from_cells(mut cells: Vec<(u32, u32, Data)>) -> Result<SheetGrid, TooManyCells> {
        cells.retain(|(_, _, v)| !matches!(v, Data::Empty));
        let mut rows: Vec<u32> = cells.iter().map(|c| c.0).collect();
        rows.sort_unstable();
        rows.dedup();
        let mut cols: Vec<u32> = cells.iter().map(|c| c.1).collect();
        cols.sort_unstable();
        cols.dedup();
        let size = rows.len().saturating_mul(cols.len());
        if size > MAX_CELLS {
            return Err(TooManyCells {
                rows: rows.len(),
                cols: cols.len(),
                limit: MAX_CELLS,
            });
        }
        let mut dense = vec![Data::Empty; size];
        for (r, c, v) in cells {
            if let (Ok(r), Ok(c)) = (rows.binary_search(&r), cols.binary_search(&c)) {
                if let Some(slot) = dense.get_mut(r * cols.len() + c) {
                    *slot = v;
                }
            }
        }
        Ok(SheetGrid {
            cells: dense,
            rows,
            cols,
        })
    }

    /// From a calamine range (ods, xls).
    pub fn from_range(range: &Range<Data>) -> Result<SheetGrid, TooManyCells> {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells = range
            .used_cells()
            .map(|(r, c, v)| {
                (
                    r0.saturating_add(r as u32),
                    c0.saturating_add(c as u32),
                    v.clone(),
                )
            })
            .collect();
        SheetGrid::from_cells(cells)
    }
}

impl Grid for SheetGrid {
    fn height(&self) -> usize {
        self.rows.len()
    }
    fn width(&self) -> usize {
        self.cols.len()
    }
    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        if col >= self.cols.len() {
            return Cell::Empty;
        }
        match self.cells.get(row * self.cols.len() + col) {
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
        sheet_row_no(&self.rows, row)
    }
    fn col_name(&self, col: usize) -> String {
        sheet_col_name(&self.cols, col)
    }
}

/// Most non-empty cells an xlsx sheet may hold (each costs about 32 bytes in a [`SparseGrid`]).
pub const MAX_SPARSE_CELLS: usize = 20_000_000;
/// Most used rows × used columns of an xlsx sheet: bounds the time of a scan over the grid.
pub const MAX_SPARSE_AREA: usize = 200_000_000;

/// One non-empty xlsx cell; shared strings are borrowed from the workbook (no copy per cell).
#[derive(Debug, Clone, PartialEq)]
pub enum XCell<'a> {
    Shared(&'a str),
    Owned(Box<str>),
    Float(f64),
    Int(i64),
    Bool(bool),
    Date,
    Error(CellErrorType),
}

impl<'a> XCell<'a> {
    /// The cell as calamine's streaming reader gives it; `None` for an empty cell.
    pub fn from_data_ref(value: &DataRef<'a>) -> Option<XCell<'a>> {
        Some(match value {
            DataRef::Empty => return None,
            DataRef::SharedString(s) => XCell::Shared(s),
            DataRef::String(s) => XCell::Owned(s.as_str().into()),
            DataRef::Float(f) => XCell::Float(*f),
            DataRef::Int(i) => XCell::Int(*i),
            DataRef::Bool(b) => XCell::Bool(*b),
            DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => XCell::Date,
            DataRef::Error(e) => XCell::Error(e.clone()),
        })
    }

    /// The cell as the loader sees it (text borrowed from the cell).
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            XCell::Shared(s) => Cell::Text(s),
            XCell::Owned(s) => Cell::Text(s),
            XCell::Float(f) => Cell::Float(*f),
            XCell::Int(i) => Cell::Int(*i),
            XCell::Bool(b) => Cell::Bool(*b),
            XCell::Date => Cell::Date,
            XCell::Error(e) => Cell::Error(e),
        }
    }
}

/// An xlsx sheet read cell by cell: only the non-empty cells, sorted by row and column, over the
/// used rows and columns only (a stray cell in XFD1048576 costs one row and one column), while
/// row numbers and column letters stay those of the file. Shared strings are borrowed.
pub struct SparseGrid<'a> {
    /// (row, column, value) in the file, sorted by row then column.
    cells: Vec<PlacedCell<'a>>,
    /// `row_start[r]..row_start[r + 1]` are the cells of grid row `r`.
    row_start: Vec<u32>,
    /// 0-based row in the file of each grid row.
    rows: Vec<u32>,
    /// 0-based column in the file of each grid column.
    cols: Vec<u32>,
}

/// One non-empty xlsx cell and its place in the file: (row, column, value), 0-based.
pub type PlacedCell<'a> = (u32, u32, XCell<'a>);

impl<'a> SparseGrid<'a> {
    /// From the non-empty cells of a sheet, in any order.
    pub fn new(cells: Vec<PlacedCell<'a>>) -> Result<SparseGrid<'a>, TooManyCells> {
        let mut cols: Vec<u32> = cells.iter().map(|c| c.1).collect();
        cols.sort_unstable();
        cols.dedup();
        let grid = SparseGrid::with_columns(cells, cols);
        let too_many = |limit| TooManyCells {
            rows: grid.rows.len(),
            cols: grid.cols.len(),
            limit,
        };
        if grid.cells.len() > MAX_SPARSE_CELLS {
            return Err(too_many(MAX_SPARSE_CELLS));
        }
        if grid.rows.len().saturating_mul(grid.cols.len()) > MAX_SPARSE_AREA {
            return Err(too_many(MAX_SPARSE_AREA));
        }
        Ok(grid)
    }

    /// From some rows of a sheet (cells in any order) over the given file columns (sorted):
    /// one block of a sheet read block by block, in the columns of its first block, so that
    /// column `c` is the same file column in every block. Cells in other columns are not
    /// seen; the caller bounds the size.
    pub fn with_columns(mut cells: Vec<PlacedCell<'a>>, cols: Vec<u32>) -> SparseGrid<'a> {
        if !cells.is_sorted_by_key(|c| (c.0, c.1)) {
            cells.sort_by_key(|c| (c.0, c.1));
        }
        let mut rows = Vec::new();
        let mut row_start = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if rows.last() != Some(&c.0) {
                rows.push(c.0);
                row_start.push(i as u32);
            }
        }
        row_start.push(cells.len() as u32);
        SparseGrid {
            cells,
            row_start,
            rows,
            cols,
        }
    }

    /// The file columns of the grid's columns.
    pub fn columns(&self) -> &[u32] {
        &self.cols
    }

    /// The cells, to reuse their allocation for the next block.
    pub fn into_cells(self) -> Vec<PlacedCell<'a>> {
        self.cells
    }
}

impl Grid for SparseGrid<'_> {
    fn height(&self) -> usize {
        self.rows.len()
    }
    fn width(&self) -> usize {
        self.cols.len()
    }
    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        let (Some(&from), Some(&to), Some(&abs)) = (
            self.row_start.get(row),
            self.row_start.get(row + 1),
            self.cols.get(col),
        ) else {
            return Cell::Empty;
        };
        let cells = &self.cells[from as usize..to as usize];
        // A full row holds column c at index c; otherwise search (the last duplicate wins, as
        // in calamine's range).
        let found = match cells.get(col) {
            Some(c) if c.1 == abs && cells.get(col + 1).is_none_or(|n| n.1 != abs) => Some(c),
            _ => cells
                .partition_point(|c| c.1 <= abs)
                .checked_sub(1)
                .map(|i| &cells[i]),
        };
        match found {
            Some((_, c, value)) if *c == abs => value.as_cell(),
            _ => Cell::Empty,
        }
    }
    fn row_cells<'s>(&'s self, row: usize, out: &mut Vec<Cell<'s>>) {
        let first = out.len();
        out.resize(first + self.cols.len(), Cell::Empty);
        let (Some(&from), Some(&to)) = (self.row_start.get(row), self.row_start.get(row + 1))
        else {
            return;
        };
        let out = &mut out[first..];
        let cells = self
            .cells
            .get(from as usize..to as usize)
            .unwrap_or_default();
        // Both sorted by column: one walk. A cell in a column the grid does not have is not
        // seen; of duplicates the last wins, as in `cell`.
        let mut c = 0;
        for (_, col, value) in cells {
            while self.cols.get(c).is_some_and(|abs| abs < col) {
                c += 1;
            }
            match (self.cols.get(c), out.get_mut(c)) {
                (Some(abs), Some(slot)) if abs == col => *slot = value.as_cell(),
                (None, _) => break,
                _ => {}
            }
        }
    }
    fn row_no(&self, row: usize) -> u32 {
        sheet_row_no(&self.rows, row)
    }
    fn col_name(&self, col: usize) -> String {
        sheet_col_name(&self.cols, col)
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

/// Records of a CSV file (all cells are text), stored compactly: the texts are kept one after
/// another in one buffer, and each field is the span of its text there. A field equal to the one
/// above it, or (in a column of labels) to an earlier one, gets the same span: a label repeated
/// on every row is kept once, and is the same `&str` on every row (the builder's caches compare
/// by address first). Blank fields (also whitespace only) are empty spans; blank fields at the
/// end of a record are not kept.
pub struct CsvGrid {
    /// The field texts, as written (not trimmed).
    text: String,
    /// The span in `text` of each field, record after record.
    cells: Vec<Span>,
    /// `starts[r]..starts[r + 1]` are the fields of record `r` in `cells`.
    starts: Vec<usize>,
    /// 1-based line of each record in the file.
    lines: Vec<u32>,
    width: usize,
}

impl Default for CsvGrid {
    fn default() -> Self {
        CsvGrid::new()
    }
}

/// Where a field's text is in [`CsvGrid::text`]: `start..end`; empty for a blank field.
type Span = (u32, u32);

/// Most bytes of field text in one grid; spans are 32-bit.
const MAX_GRID_TEXT: usize = 1 << 31;

impl CsvGrid {
    /// A grid without records, to be filled by [`CsvReader::refill`].
    pub fn new() -> CsvGrid {
        CsvGrid {
            text: String::new(),
            cells: Vec::new(),
            starts: vec![0],
            lines: Vec::new(),
            width: 0,
        }
    }

    /// Empties the grid, keeping its allocations.
    fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.starts.clear();
        self.starts.push(0);
        self.lines.clear();
        self.width = 0;
    }

    /// The field spans of record `r`, up to its last non-blank field.
    fn fields(&self, r: usize) -> &[Span] {
        match (self.starts.get(r), self.starts.get(r + 1)) {
            (Some(&from), Some(&to)) => self.cells.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }

    fn text(&self, (start, end): Span) -> &str {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// How many fields record `r` uses: up to its last non-blank field.
    pub fn used_fields(&self, r: usize) -> usize {
        self.fields(r).len()
    }

    /// The first field of record `r` as written (empty when blank).
    pub fn first_field(&self, r: usize) -> &str {
        self.fields(r).first().map_or("", |span| self.text(*span))
    }
}

impl Grid for CsvGrid {
    fn height(&self) -> usize {
        self.lines.len()
    }
    fn width(&self) -> usize {
        self.width
    }
    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match self.fields(row).get(col) {
            Some(&(start, end)) if start < end => Cell::Text(self.text((start, end))),
            _ => Cell::Empty,
        }
    }
    fn row_cells<'s>(&'s self, row: usize, out: &mut Vec<Cell<'s>>) {
        let fields = self.fields(row);
        out.extend(fields.iter().map(|&(start, end)| {
            if start < end {
                Cell::Text(self.text((start, end)))
            } else {
                Cell::Empty
            }
        }));
        let blank = self.width.saturating_sub(fields.len());
        out.extend(std::iter::repeat_n(Cell::Empty, blank));
    }
    fn row_no(&self, row: usize) -> u32 {
        self.lines.get(row).copied().unwrap_or(row as u32 + 1)
    }
    fn col_name(&self, col: usize) -> String {
        (col + 1).to_string()
    }
}

/// Why a CSV stream could not be read into a grid.
#[derive(Debug)]
pub enum CsvReadError {
    /// A field is not UTF-8: the file must be decoded as a whole (see [`decode_text`]).
    NotUtf8,
    /// The csv reader failed (an I/O error while streaming a file).
    Csv(csv::Error),
    /// More field texts than a grid can number.
    TooLarge(TooManyCells),
}

/// What the grid reader keeps per column while it reads.
#[derive(Clone)]
struct ColumnSeen {
    /// The last non-blank text read in the column (in the current grid).
    above: Span,
    /// New texts so far; a column of mostly new texts (amounts, explanations) is not looked up
    /// among the earlier texts any more: that lookup would only miss.
    new: usize,
    labels: bool,
}

/// Reads CSV records into grids, streaming: the input is not kept, only the field texts of the
/// grid being filled. Records whose fields are all blank (also ";;;;" left by a spreadsheet's
/// formatted empty rows) are not kept: a file padded with a million of them costs no memory.
pub struct CsvReader<R: std::io::Read> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
    /// Label texts of the current grid by hash: a colliding text gets a number of its own.
    labels: super::memo::FastMap<u64, Span>,
    columns: Vec<ColumnSeen>,
    /// Records kept so far, in all grids.
    kept: usize,
    done: bool,
}

impl<R: std::io::Read> CsvReader<R> {
    pub fn new(input: R, sep: u8) -> CsvReader<R> {
        let reader = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        CsvReader {
            reader,
            record: csv::ByteRecord::new(),
            labels: Default::default(),
            columns: Vec::new(),
            kept: 0,
            done: false,
        }
    }

    /// Whether the input has been read to its end.
    pub fn done(&self) -> bool {
        self.done
    }

    /// Bytes of the input read so far.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// A grid of the next `limit` records (fewer at the end of the input).
    pub fn next_grid(&mut self, limit: usize) -> Result<CsvGrid, CsvReadError> {
        let mut grid = CsvGrid::new();
        self.refill(&mut grid, limit)?;
        Ok(grid)
    }

    /// Replaces the records of `grid` by the next `limit` records (fewer at the end of the
    /// input), keeping its allocations: a file read block by block reuses one or two grids.
    pub fn refill(&mut self, grid: &mut CsvGrid, limit: usize) -> Result<(), CsvReadError> {
        grid.clear();
        self.labels.clear();
        for seen in &mut self.columns {
            seen.above = (0, 0);
        }
        self.fill(grid, limit, |_| {})
    }

    /// Adds the rest of the input to `grid` (the last one read); `progress` gets the bytes
    /// read so far, every few thousand records.
    pub fn read_rest(
        &mut self,
        grid: &mut CsvGrid,
        progress: impl FnMut(u64),
    ) -> Result<(), CsvReadError> {
        self.fill(grid, usize::MAX, progress)
    }

    fn fill(
        &mut self,
        grid: &mut CsvGrid,
        limit: usize,
        mut progress: impl FnMut(u64),
    ) -> Result<(), CsvReadError> {
        let hasher = std::hash::BuildHasherDefault::<crate::hash::FxHasher>::default();
        let mut count = 0usize;
        while grid.lines.len() < limit && grid.text.len() < MAX_GRID_TEXT {
            let record = &mut self.record;
            if !self
                .reader
                .read_byte_record(record)
                .map_err(CsvReadError::Csv)?
            {
                self.done = true;
                break;
            }
            count += 1;
            if count % 16_384 == 0 {
                progress(self.reader.position().byte());
            }
            if self.columns.len() < record.len() {
                let seen = ColumnSeen {
                    above: (0, 0),
                    new: 0,
                    labels: true,
                };
                self.columns.resize(record.len(), seen);
            }
            // One UTF-8 check per record; a field that does not start and end on a character
            // boundary (a character split by a separator) is not UTF-8 either.
            let all = std::str::from_utf8(record.as_slice()).map_err(|_| CsvReadError::NotUtf8)?;
            let from = grid.cells.len();
            for (c, seen) in self.columns.iter_mut().enumerate().take(record.len()) {
                let text = record
                    .range(c)
                    .and_then(|range| all.get(range))
                    .ok_or(CsvReadError::NotUtf8)?;
                let above = grid
                    .text
                    .as_bytes()
                    .get(seen.above.0 as usize..seen.above.1 as usize);
                let span = if text.is_empty() {
                    (0, 0)
                } else if above == Some(text.as_bytes()) {
                    seen.above
                } else if trim(text).is_empty() {
                    (0, 0)
                } else {
                    let hash = seen.labels.then(|| hasher.hash_one(text));
                    let span = match hash.and_then(|h| self.labels.get(&h)) {
                        Some(&(start, end))
                            if grid.text.as_bytes().get(start as usize..end as usize)
                                == Some(text.as_bytes()) =>
                        {
                            (start, end)
                        }
                        _ => {
                            let start = grid.text.len();
                            grid.text.push_str(text);
                            let span = match (u32::try_from(start), u32::try_from(grid.text.len()))
                            {
                                (Ok(start), Ok(end)) => (start, end),
                                _ => {
                                    return Err(CsvReadError::TooLarge(TooManyCells {
                                        rows: grid.lines.len(),
                                        cols: grid.width,
                                        limit: u32::MAX as usize,
                                    }))
                                }
                            };
                            if let Some(h) = hash {
                                self.labels.insert(h, span);
                            }
                            seen.new += 1;
                            seen.labels &= seen.new <= 256 + self.kept / 8;
                            span
                        }
                    };
                    seen.above = span;
                    span
                };
                grid.cells.push(span);
            }
            // Blank fields at the end are not kept; a record of blank fields not at all.
            let used = grid.cells[from..]
                .iter()
                .rposition(|span| span.0 < span.1)
                .map_or(0, |i| i + 1);
            grid.cells.truncate(from + used);
            if used == 0 {
                continue;
            }
            self.kept += 1;
            grid.width = grid.width.max(record.len());
            grid.starts.push(grid.cells.len());
            grid.lines
                .push(record.position().map_or(0, |p| p.line() as u32));
        }
        Ok(())
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.
/// Valid UTF-8 is borrowed, not copied (a 200 MB file stays 200 MB).
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
        return text;
    }
    if bytes.starts_with(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        // Mostly UTF-8 with a few broken bytes: keep the UTF-8 (a broken byte becomes U+FFFD)
        // rather than turning every accent into two Windows-1252 characters ("Ã©").
        Err(_) if mostly_utf8(bytes) => String::from_utf8_lossy(bytes),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text
        }
    }
}

/// More valid multi-byte UTF-8 characters than invalid sequences. Windows-1252 text has accents
/// that are invalid UTF-8 and (almost) never valid multi-byte sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    multibyte > invalid
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

/// Parses CSV text into one grid.
#[cfg(test)]
fn csv_grid(text: &str) -> Result<CsvGrid, CsvReadError> {
    let mut reader = CsvReader::new(text.as_bytes(), sniff_separator(text));
    let mut grid = reader.next_grid(usize::MAX)?;
    reader.read_rest(&mut grid, |_| {})?;
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_grids_drop_empty_rows_and_columns_but_keep_their_names() {
        let grid = SheetGrid::from_cells(vec![
            (1_048_575, 16_383, Data::String("ver".into())),
            (0, 0, Data::String("Gemeente".into())),
            (0, 2, Data::Float(5.0)),
            (3, 2, Data::Empty),
        ])
        .unwrap();
        assert_eq!((grid.height(), grid.width()), (2, 3));
        assert_eq!(grid.cell(0, 0), Cell::Text("Gemeente"));
        assert_eq!(grid.cell(0, 1), Cell::Float(5.0));
        assert_eq!(grid.cell(1, 2), Cell::Text("ver"));
        assert_eq!(grid.cell(1, 0), Cell::Empty);
        assert_eq!(grid.cell(7, 9), Cell::Empty);
        assert_eq!(grid.row_no(1), 1_048_576);
        assert_eq!(grid.col_name(1), "C");
        assert_eq!(grid.col_name(2), "XFD");
    }

    #[test]
    fn sheet_grids_refuse_to_span_too_many_cells() {
        // A diagonal of 4000 cells spans 16 million.
        let cells = (0..4000u32).map(|i| (i, i, Data::Int(1))).collect();
        assert_eq!(
            SheetGrid::from_cells(cells).err(),
            Some(TooManyCells {
                rows: 4000,
                cols: 4000,
                limit: MAX_CELLS
            })
        );
    }

    #[test]
    fn sparse_grids_keep_file_places_and_borrow_text() {
        let shared = String::from("Gent");
        let cells = vec![
            (1_048_575, 16_383, XCell::Int(9)),
            (3, 2, XCell::Shared(&shared)),
            (3, 4, XCell::Float(2.5)),
            (5, 2, XCell::Owned("Lier".into())),
            (5, 4, XCell::Int(7)),
            (5, 4, XCell::Int(8)),
        ];
        let grid = SparseGrid::new(cells).unwrap();
        assert_eq!((grid.height(), grid.width()), (3, 3));
        assert_eq!(grid.cell(0, 0), Cell::Text("Gent"));
        assert_eq!(grid.cell(0, 1), Cell::Float(2.5));
        assert_eq!(grid.cell(0, 2), Cell::Empty);
        assert_eq!(grid.cell(1, 0), Cell::Text("Lier"));
        // The last duplicate wins, as in calamine's range.
        assert_eq!(grid.cell(1, 1), Cell::Int(8));
        assert_eq!(grid.cell(2, 2), Cell::Int(9));
        assert_eq!(grid.cell(9, 9), Cell::Empty);
        assert_eq!((grid.row_no(0), grid.row_no(2)), (4, 1_048_576));
        assert_eq!(
            (grid.col_name(0), grid.col_name(2)),
            ("C".to_string(), "XFD".to_string())
        );
    }

    #[test]
    fn a_sparse_row_read_at_once_is_its_cells_one_by_one() {
        // Rows with gaps, duplicates, cells before, between and after the grid's columns
        // (a block read in the columns of the first block).
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % 9
        };
        for round in 0..200 {
            let cells: Vec<PlacedCell<'_>> = (0..30)
                .map(|i| (next() / 2, next(), XCell::Int(round * 100 + i)))
                .collect();
            let cols: Vec<u32> = (0..9u32).filter(|c| (c + round as u32) % 3 != 0).collect();
            for grid in [
                SparseGrid::with_columns(cells.clone(), cols),
                SparseGrid::new(cells).unwrap(),
            ] {
                // Appended after what the vector holds, which stays.
                let mut row = vec![Cell::Bool(true); 2];
                for r in 0..grid.height() + 1 {
                    row.truncate(2);
                    grid.row_cells(r, &mut row);
                    let one_by_one: Vec<Cell<'_>> =
                        (0..grid.width()).map(|c| grid.cell(r, c)).collect();
                    assert_eq!(row[..2], [Cell::Bool(true); 2], "round {round} row {r}");
                    assert_eq!(row[2..], one_by_one, "round {round} row {r}");
                }
            }
        }
    }

    #[test]
    fn sparse_grids_refuse_a_huge_scan_area() {
        // A diagonal of 20 000 cells would make every row scan 20 000 columns.
        let cells = (0..20_000u32).map(|i| (i, i, XCell::Int(1))).collect();
        let err = SparseGrid::new(cells).err().unwrap();
        assert_eq!(
            (err.rows, err.cols, err.limit),
            (20_000, 20_000, MAX_SPARSE_AREA)
        );
    }

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
    fn trim_agrees_with_str_trim() {
        for s in [
            "",
            " ",
            "Gent",
            " Gent",
            "Gent ",
            "\u{b}Gent",
            "Gent\u{b}",
            "\u{85}Gent",
            "Gent\u{a0}",
            "Biévène",
            "é",
            "\t\r\n",
            "a b",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn csv_grids_keep_quoted_fields_ragged_rows_and_lines() {
        let text = "Gemeente;Bedrag\n\"Gent; stad\";\"12\"\"5\"\n\n;;\nAalst;; \n \t;3;x\n";
        let g = csv_grid(text).unwrap();
        assert_eq!((g.height(), g.width()), (4, 3));
        assert_eq!(g.cell(0, 1), Cell::Text("Bedrag"));
        assert_eq!(g.cell(1, 0), Cell::Text("Gent; stad"));
        assert_eq!(g.cell(1, 1), Cell::Text("12\"5"));
        assert_eq!(g.cell(2, 0), Cell::Text("Aalst"));
        assert_eq!(g.cell(2, 1), Cell::Empty, "empty field");
        assert_eq!(g.cell(2, 2), Cell::Empty, "whitespace only");
        assert_eq!(g.cell(3, 0), Cell::Empty);
        assert_eq!(g.cell(3, 2), Cell::Text("x"));
        assert_eq!(g.cell(4, 0), Cell::Empty, "beyond the last record");
        assert_eq!(
            (g.row_no(0), g.row_no(1), g.row_no(2), g.row_no(3)),
            (1, 2, 5, 6),
            "lines of the file; blank and separator-only lines are not records"
        );
        assert_eq!((g.used_fields(2), g.used_fields(3)), (1, 3));
        assert_eq!((g.first_field(2), g.first_field(3)), ("Aalst", ""));
    }

    #[test]
    fn a_row_s_cells_are_its_cells_one_by_one() {
        let csv = csv_grid("Gemeente;Bedrag;;x\nGent;5\n;;\n \t;3;;y\nLier\n").unwrap();
        let sheet = SheetGrid::from_cells(vec![
            (0, 0, Data::String("Gemeente".into())),
            (0, 3, Data::Float(5.0)),
            (2, 1, Data::Int(7)),
        ])
        .unwrap();
        let shared = String::from("Gent");
        let sparse = SparseGrid::new(vec![
            (3, 2, XCell::Shared(&shared)),
            (3, 4, XCell::Float(2.5)),
            (5, 4, XCell::Int(7)),
            (5, 4, XCell::Int(8)),
        ])
        .unwrap();
        let grids: [&dyn Grid; 3] = [&csv, &sheet, &sparse];
        for grid in grids {
            for r in 0..grid.height() + 1 {
                let mut row = vec![Cell::Bool(true)];
                grid.row_cells(r, &mut row);
                let one_by_one: Vec<Cell> = std::iter::once(Cell::Bool(true))
                    .chain((0..grid.width()).map(|c| grid.cell(r, c)))
                    .collect();
                assert_eq!(row, one_by_one, "row {r}");
            }
        }
    }

    #[test]
    fn csv_grids_keep_a_repeated_text_once() {
        let g = csv_grid("Gemeente;Bedrag\nGent;5\nLier;5\nGent;5\n").unwrap();
        let text = |r, c| match g.cell(r, c) {
            Cell::Text(t) => t,
            other => panic!("{other:?}"),
        };
        assert_eq!(text(1, 0), text(3, 0));
        assert!(std::ptr::eq(text(1, 0), text(3, 0)), "one text, not a copy");
        assert!(std::ptr::eq(text(1, 1), text(2, 1)));
        assert_eq!(text(2, 0), "Lier");
    }

    #[test]
    fn csv_grids_keep_columns_of_new_texts_apart() {
        // Column 1 has a new text on every row: after a while it is no longer looked up among
        // earlier texts, and still reads the same; column 0 stays one text.
        let mut text = String::from("a;b\n");
        for i in 0..3000 {
            text.push_str(&format!("x;{}\n", i % 2500));
        }
        let g = csv_grid(&text).unwrap();
        assert_eq!(g.height(), 3001);
        for r in [1, 2000, 2501, 3000] {
            assert_eq!(g.cell(r, 1), Cell::Text(&((r - 1) % 2500).to_string()));
            assert!(matches!(
                (g.cell(1, 0), g.cell(r, 0)),
                (Cell::Text(a), Cell::Text(b)) if std::ptr::eq(a, b)
            ));
        }
    }

    #[test]
    fn csv_streams_refuse_fields_that_are_not_utf8() {
        let read = |bytes: &[u8]| {
            CsvReader::new(bytes, b';')
                .next_grid(10)
                .map(|g| g.height())
        };
        assert!(matches!(
            read(b"a;b\nBi\xe9v\xe8ne;5\n"),
            Err(CsvReadError::NotUtf8)
        ));
        // The two halves of "\xC3\xA9" (é) form UTF-8 together, but not as two fields.
        assert!(matches!(
            read(b"a;b\n\xC3;\xA9\n"),
            Err(CsvReadError::NotUtf8)
        ));
        assert!(matches!(read("a;b\nBiévène;5\n".as_bytes()), Ok(2)));
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
        assert_eq!(
            decode_text(b"Bi\xC3\xA9v\xC3\xA8ne \xE9"),
            "Biévène \u{fffd}"
        );
        assert_eq!(decode_text(b"Bi\xE9v\xE8ne \xC3\xA9"), "Biévène Ã©");
    }
}
