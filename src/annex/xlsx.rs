//! xlsx workbooks, read sheet by sheet with calamine's streaming cell reader (shared strings
//! borrowed from the workbook, no copy per cell).
//!
//! A sheet in the long layout with a local government column (every large annex) is turned
//! into grants block by block while it is read: only one block of rows is in memory, as for a
//! CSV file. Other sheets are read whole into a [`SparseGrid`]. The results are those of
//! reading every sheet whole first: the same layout (detected on the first block, which holds
//! all the rows detection reads), the same grants and notes, and the same errors in the same
//! order (a damaged or too large sheet before any error in its rows).

use std::io::{Read, Seek};
use std::sync::mpsc;

use calamine::{Dimensions, Reader, Xlsx, XlsxCellReader, XlsxError};

use super::builder::{Builder, TITLE_COLUMNS};
use super::contain;
use super::error::{LoadError, LoadErrorKind};
use super::grid::{PlacedCell, SparseGrid, TooManyCells, XCell, MAX_SPARSE_AREA, MAX_SPARSE_CELLS};
use super::layout::{self, Role};
use super::{finish_sheets, take_sheet, SheetsSeen};
use crate::model::Province;
use crate::reference;

/// Non-empty rows per block of a sheet read block by block.
const BLOCK_ROWS: usize = 4096;

/// The rows of an Excel sheet.
const EXCEL_ROWS: usize = 1 << 20;

/// How the sheets of a workbook were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Read,
    /// A sheet's rows are not in order in the file: it cannot be read block by block, and the
    /// grants of earlier blocks are already built. Read the workbook again with `stream` off.
    Unordered,
}

/// Reads every sheet of an xlsx workbook (see `read_workbook` for the rules). With `stream`,
/// long-layout sheets are read block by block.
pub fn read_xlsx<RS: Read + Seek + Send>(
    wb: &mut Xlsx<RS>,
    builder: &mut Builder<'_>,
    stream: bool,
) -> Result<Outcome, LoadError> {
    read_xlsx_blocks(wb, builder, stream.then_some(BLOCK_ROWS))
}

/// [`read_xlsx`] with blocks of `block` rows (`None`: every sheet whole); the first block of a
/// sheet holds at least the rows layout detection reads.
fn read_xlsx_blocks<RS: Read + Seek + Send>(
    wb: &mut Xlsx<RS>,
    builder: &mut Builder<'_>,
    block: Option<usize>,
) -> Result<Outcome, LoadError> {
    let names = wb.sheet_names();
    if names.is_empty() {
        return Err(LoadError::file(&builder.file, LoadErrorKind::NoSheets));
    }
    let mut seen = SheetsSeen::default();
    for (i, name) in names.iter().enumerate() {
        builder.progress.sheet(i, names.len());
        if read_sheet(wb, name, i, block, builder, &mut seen)? == Outcome::Unordered {
            return Ok(Outcome::Unordered);
        }
    }
    finish_sheets(builder, seen)?;
    Ok(Outcome::Read)
}

/// Reads one sheet into the builder.
fn read_sheet<RS: Read + Seek + Send>(
    wb: &mut Xlsx<RS>,
    name: &str,
    i: usize,
    block: Option<usize>,
    builder: &mut Builder<'_>,
    seen: &mut SheetsSeen,
) -> Result<Outcome, LoadError> {
    let reader = match contain::calamine(|| wb.worksheet_cells_reader(name)) {
        Ok(Ok(reader)) => reader,
        // A chart sheet or dialog sheet: no cells.
        Ok(Err(XlsxError::NotAWorksheet(_))) => {
            let grid = SparseGrid::new(Vec::new());
            return take_sheet(builder, seen, i, name, Ok(as_grid(&grid))).map(read);
        }
        Ok(Err(e)) => return take_sheet(builder, seen, i, name, Err(xlsx_damage(&e))).map(read),
        Err(detail) => return take_sheet(builder, seen, i, name, Err(detail)).map(read),
    };
    let mut cells = SheetCells::new(reader, block.is_some());
    let mut buf = Vec::new();
    let first = block.map_or(usize::MAX, |b| b.max(layout::SCAN_ROWS));
    if let Err(detail) = cells.next_block(&mut buf, first, Some(&mut builder.progress)) {
        return take_sheet(builder, seen, i, name, Err(detail)).map(read);
    }
    if cells.unordered {
        return Ok(Outcome::Unordered);
    }
    if let Some(too) = cells.too_many {
        return take_sheet(builder, seen, i, name, Ok(Err(too))).map(read);
    }
    let header = if cells.done() {
        None
    } else {
        let grid = SparseGrid::with_columns(buf, cells.block_columns());
        let header = layout::detect(&grid, reference::get())
            .filter(|h| !h.wide && h.col(Role::Applicant).is_some());
        buf = grid.into_cells();
        header
    };
    let Some(header) = header else {
        // The whole sheet, then its layout.
        cells.ordered = false;
        if let Err(detail) = cells.next_block(&mut buf, usize::MAX, Some(&mut builder.progress)) {
            return take_sheet(builder, seen, i, name, Err(detail)).map(read);
        }
        let grid = match cells.too_many {
            Some(too) => Err(too),
            None => SparseGrid::new(buf),
        };
        return take_sheet(builder, seen, i, name, Ok(as_grid(&grid))).map(read);
    };
    stream_long_sheet(cells, buf, &header, name, i, block, builder, seen)
}

fn read(_: ()) -> Outcome {
    Outcome::Read
}

fn as_grid<'g>(
    grid: &'g Result<SparseGrid<'_>, TooManyCells>,
) -> Result<&'g dyn super::grid::Grid, TooManyCells> {
    match grid {
        Ok(grid) => Ok(grid),
        Err(too) => Err(*too),
    }
}

/// What the reader thread says of a block it read.
struct BlockRead {
    /// calamine's reason when the sheet could not be read on.
    damaged: Option<String>,
    unordered: bool,
    too_many: Option<TooManyCells>,
    /// The sheet's last cells.
    last: bool,
    /// The share of the sheet's rows read.
    share: f32,
    too_wide: bool,
}

impl BlockRead {
    fn of<RS: Read + Seek + Send>(
        cells: &SheetCells<'_, RS>,
        damaged: Option<String>,
    ) -> BlockRead {
        BlockRead {
            last: damaged.is_some() || cells.done(),
            damaged,
            unordered: cells.unordered,
            too_many: cells.too_many,
            share: cells.share(),
            too_wide: cells.too_wide(),
        }
    }
}

/// Reads a long-layout sheet block by block, its first block read (in `buf`): a second thread
/// reads the next block (calamine's XML parsing, most of the time) while this one turns the
/// last into grants. At most two blocks wait between them.
#[allow(clippy::too_many_arguments)]
fn stream_long_sheet<'a, RS: Read + Seek + Send>(
    mut cells: SheetCells<'a, RS>,
    buf: Vec<PlacedCell<'a>>,
    header: &layout::Header,
    name: &str,
    i: usize,
    block: Option<usize>,
    builder: &mut Builder<'_>,
    seen: &mut SheetsSeen,
) -> Result<Outcome, LoadError> {
    let at_sheet = |builder: &Builder<'_>, kind| LoadError {
        file: builder.file.clone(),
        sheet: Some(name.to_string()),
        row: None,
        column: None,
        kind,
    };
    let columns = cells.block_columns();
    cells.track_cols = false;
    let mut grid = SparseGrid::with_columns(buf, columns.clone());
    builder.sheets.push(name.to_string());
    let sheet = i.min(u16::MAX as usize) as u16;
    builder.progress.streamed();
    // Calls named above the header, by file column: only those in the sheet's first used
    // columns count, known at its end.
    let titles: Vec<(u32, u8)> = layout::title_calls(&grid, header.row, usize::MAX)
        .into_iter()
        .filter_map(|(c, call)| grid.columns().get(c).map(|f| (*f, call)))
        .collect();
    let (mut long, mut rows_error) =
        match builder.long_start(&grid, header, sheet, Province::parse(name), false) {
            Ok(long) => (long, None),
            Err(e) => (None, Some(e)),
        };
    // One grant per row at most: the list grows once to the rows the sheet states (a
    // reservation; memory is only used as grants fill it), not by doubling block by block.
    let stated = cells.dims.end.0.saturating_sub(cells.dims.start.0) as usize;
    builder.grants.reserve(stated.min(EXCEL_ROWS));
    let rows = block.unwrap_or(usize::MAX);
    let mut status = BlockRead::of(&cells, None);
    let cells = std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<(Vec<PlacedCell<'a>>, BlockRead)>(1);
        let (empty_tx, empty_rx) = mpsc::channel::<Vec<PlacedCell<'a>>>();
        // The first block is never the last one here (else the sheet was read whole).
        let reader = scope.spawn(move || {
            while !cells.done() {
                let mut buf = empty_rx.try_recv().unwrap_or_default();
                buf.clear();
                let damaged = cells.next_block(&mut buf, rows, None).err();
                let status = BlockRead::of(&cells, damaged);
                let last = status.last;
                // The loader stopped listening: it returned an error.
                if full_tx.send((buf, status)).is_err() || last {
                    break;
                }
            }
            cells
        });
        let mut first = header.row + 1;
        let mut done = 0.0;
        loop {
            if let (None, false, Some(long)) = (&rows_error, status.too_wide, long.as_mut()) {
                let upto = status.share;
                rows_error = builder.long_rows(&grid, long, first, (done, upto)).err();
                done = upto;
            }
            if status.last {
                break;
            }
            // Lost only when the reader is gone: then `recv` below says so.
            let _ = empty_tx.send(grid.into_cells());
            let (buf, read) = match full_rx.recv() {
                Ok(block) => block,
                Err(_) => break,
            };
            status = read;
            if let Some(detail) = status.damaged.take() {
                return Err(at_sheet(builder, LoadErrorKind::Damaged(detail)));
            }
            if status.unordered {
                return Ok(None);
            }
            if let Some(too) = status.too_many {
                return Err(at_sheet(builder, too_large(too)));
            }
            grid = SparseGrid::with_columns(buf, columns.clone());
            first = 0;
        }
        match reader.join() {
            Ok(cells) => Ok(Some(cells)),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let Some(cells) = cells? else {
        return Ok(Outcome::Unordered);
    };
    if cells.too_wide() {
        let too = TooManyCells {
            rows: cells.rows,
            cols: cells.used.len(),
            limit: MAX_SPARSE_AREA,
        };
        return Err(at_sheet(builder, too_large(too)));
    }
    let first_used = cells.used.first(TITLE_COLUMNS);
    if let Some((_, call)) = titles.iter().find(|(c, _)| first_used.contains(c)) {
        builder.title_call.get_or_insert(*call);
    }
    match rows_error {
        None => seen.found_table = true,
        Some(e) if e.kind == LoadErrorKind::NoAmountColumn => {
            seen.deferred.get_or_insert(e);
        }
        Some(e) => return Err(e),
    }
    Ok(Outcome::Read)
}

fn too_large(too: TooManyCells) -> LoadErrorKind {
    LoadErrorKind::SheetTooLarge {
        rows: too.rows,
        cols: too.cols,
        limit: too.limit,
    }
}

/// The columns a sheet uses (those of its non-empty cells).
#[derive(Default)]
struct UsedColumns {
    /// One bit per column below [`UsedColumns::BITS`] (every column Excel allows).
    bits: Vec<u64>,
    /// Columns beyond, sorted.
    beyond: Vec<u32>,
    count: usize,
}

impl UsedColumns {
    const BITS: u32 = 16_384;

    /// Notes a column; a column noted before (nearly every cell) costs one bit test.
    #[inline]
    fn insert(&mut self, col: u32) {
        let known = col < Self::BITS
            && self
                .bits
                .get((col / 64) as usize)
                .is_some_and(|w| w & (1 << (col % 64)) != 0);
        if !known {
            self.insert_new(col);
        }
    }

    fn insert_new(&mut self, col: u32) {
        if col < Self::BITS {
            if self.bits.is_empty() {
                self.bits = vec![0; (Self::BITS / 64) as usize];
            }
            let (word, bit) = ((col / 64) as usize, col % 64);
            if let Some(w) = self.bits.get_mut(word) {
                if *w & (1 << bit) == 0 {
                    *w |= 1 << bit;
                    self.count += 1;
                }
            }
        } else if let Err(at) = self.beyond.binary_search(&col) {
            self.beyond.insert(at, col);
            self.count += 1;
        }
    }

    fn len(&self) -> usize {
        self.count
    }

    /// The first `n` used columns.
    fn first(&self, n: usize) -> Vec<u32> {
        let bits = self.bits.iter().enumerate().flat_map(|(w, word)| {
            (0..64u32)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| w as u32 * 64 + b)
        });
        bits.chain(self.beyond.iter().copied()).take(n).collect()
    }
}

/// A sheet's non-empty cells, read block by block, with what the limits of a whole sheet
/// need: the number of cells, of used rows and of used columns.
struct SheetCells<'a, RS: Read + Seek> {
    reader: XlsxCellReader<'a, RS>,
    dims: Dimensions,
    /// The first cell of the next block, read ahead.
    pending: Option<PlacedCell<'a>>,
    /// The end of the sheet was read.
    end: bool,
    /// Rows must come in order (reading block by block).
    ordered: bool,
    /// A row came after a later one while `ordered`.
    unordered: bool,
    /// More non-empty cells than a sheet may hold.
    too_many: Option<TooManyCells>,
    cells: usize,
    /// Used rows so far (rows come in order), and the last one.
    rows: usize,
    last_row: Option<u32>,
    used: UsedColumns,
    /// The file columns of the last block's cells, while `track_cols`.
    block_cols: Vec<u32>,
    /// Whether `block_cols` is kept: for the first block only (later blocks of a streamed
    /// sheet use its columns).
    track_cols: bool,
}

impl<'a, RS: Read + Seek> SheetCells<'a, RS> {
    fn new(reader: XlsxCellReader<'a, RS>, ordered: bool) -> SheetCells<'a, RS> {
        SheetCells {
            dims: reader.dimensions(),
            reader,
            pending: None,
            end: false,
            ordered,
            unordered: false,
            too_many: None,
            cells: 0,
            rows: 0,
            last_row: None,
            used: UsedColumns::default(),
            block_cols: Vec::new(),
            track_cols: true,
        }
    }

    /// Whether every cell has been read (and handed out).
    fn done(&self) -> bool {
        self.end && self.pending.is_none()
    }

    /// The used rows times used columns so far exceed what a sheet may span (as read whole).
    fn too_wide(&self) -> bool {
        self.rows.saturating_mul(self.used.len()) > MAX_SPARSE_AREA
    }

    /// The share of the sheet's rows read, by the dimensions the sheet states.
    fn share(&self) -> f32 {
        let span = f64::from(self.dims.end.0.saturating_sub(self.dims.start.0)) + 1.0;
        let at = self.last_row.unwrap_or(0).saturating_sub(self.dims.start.0);
        (f64::from(at) / span).min(1.0) as f32
    }

    /// The sorted file columns of the cells of the last block.
    fn block_columns(&mut self) -> Vec<u32> {
        self.block_cols.sort_unstable();
        self.block_cols.dedup();
        self.block_cols.clone()
    }

    /// Reads the next `rows` used rows into `out` (all of them with `usize::MAX`); calamine's
    /// panics on a hostile file become a reason. Stops early on a row out of order (while
    /// `ordered`) or on too many cells (see the fields).
    fn next_block(
        &mut self,
        out: &mut Vec<PlacedCell<'a>>,
        rows: usize,
        mut progress: Option<&mut super::progress::Progress<'_>>,
    ) -> Result<(), String> {
        self.block_cols.clear();
        let mut block_rows = 0usize;
        if let Some(cell) = self.pending.take() {
            if self.track_cols {
                self.block_cols.push(cell.1);
            }
            out.push(cell);
            block_rows = 1;
        }
        let dims = self.dims;
        let stream = rows != usize::MAX;
        let span = f64::from(dims.end.0.saturating_sub(dims.start.0)) + 1.0;
        while !self.end {
            let next = contain::calamine(|| self.reader.next_cell())?;
            let Some(cell) = next.map_err(|e| xlsx_damage(&e))? else {
                self.end = true;
                break;
            };
            let Some(value) = XCell::from_data_ref(cell.get_value()) else {
                continue;
            };
            let (r, c) = cell.get_position();
            if self.cells >= MAX_SPARSE_CELLS {
                self.too_many = Some(TooManyCells {
                    rows: (dims.end.0.saturating_sub(dims.start.0) as usize).saturating_add(1),
                    cols: (dims.end.1.saturating_sub(dims.start.1) as usize).saturating_add(1),
                    limit: MAX_SPARSE_CELLS,
                });
                self.end = true;
                break;
            }
            let new_row = self.last_row != Some(r);
            if new_row && self.ordered && self.last_row.is_some_and(|last| r < last) {
                self.unordered = true;
                self.end = true;
                break;
            }
            if let (false, 0, Some(progress)) = (stream, self.cells % 65_536, progress.as_mut()) {
                progress.reading((f64::from(r.saturating_sub(dims.start.0)) / span) as f32);
            }
            self.cells += 1;
            self.used.insert(c);
            if new_row {
                self.rows += 1;
                self.last_row = Some(r);
                if block_rows >= rows {
                    self.pending = Some((r, c, value));
                    break;
                }
                block_rows += 1;
            }
            if self.track_cols {
                self.block_cols.push(c);
            }
            out.push((r, c, value));
        }
        Ok(())
    }
}

/// A Dutch reason for a workbook that calamine cannot open.
pub fn xlsx_damage(e: &XlsxError) -> String {
    match e {
        XlsxError::Zip(_) => "het zip-archief is afgebroken of beschadigd".into(),
        XlsxError::FileNotFound(part) => {
            format!("het onderdeel '{part}' ontbreekt; dit is geen volledig Excel-werkboek")
        }
        XlsxError::Xml(_)
        | XlsxError::XmlAttr(_)
        | XlsxError::XmlEof(_)
        | XlsxError::UnexpectedNode(_) => "de XML-inhoud is ongeldig".into(),
        XlsxError::Io(_) => "leesfout in het zip-archief".into(),
        XlsxError::Unexpected(m) if m.contains("shared strings") => {
            "een cel verwijst naar een tekst die niet in het werkboek staat".into()
        }
        XlsxError::CellError(code) => format!(
            "een cel bevat de formulefout {code}, die niet gelezen kan worden; vervang die formule door haar waarde"
        ),
        e => format!("onleesbare inhoud; technische melding: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;
    use crate::annex::progress::Progress;
    use crate::annex::{finish_load, shown, LoadOptions};
    use crate::model::Dataset;

    /// A workbook of one sheet from rows of texts (numbers where they parse).
    fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Limburg").unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match text.parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n).unwrap(),
                    Err(_) if text.is_empty() => continue,
                    Err(_) => ws.write_string(r, c, text).unwrap(),
                };
            }
        }
        wb.save_to_buffer().unwrap()
    }

    /// Loads the workbook with blocks of `block` rows (`None`: whole sheets).
    fn load_blocks(bytes: &[u8], block: Option<usize>) -> Result<(Outcome, Dataset), LoadError> {
        let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
        let mut builder = Builder::new(reference::get(), "t.xlsx", Progress::new(&|_| {}));
        let outcome = read_xlsx_blocks(&mut wb, &mut builder, block)?;
        Ok((
            outcome,
            finish_load(builder, "t.xlsx", &LoadOptions::default()),
        ))
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(';').map(str::to_string).collect())
            .collect()
    }

    /// A long sheet with a title, fill-down, subtotals, repeated headers, partners, notes and
    /// a column used only far below the header, over a few hundred rows.
    fn long_sheet() -> Vec<Vec<String>> {
        let mut text = String::from(
            "Plan Samenleven;;;;;;\n;;;;;;\n\
             Gemeente;Doelstelling;Actie;Bedrag;Samenwerking;Toelichting;Oproep\n",
        );
        for i in 0..300 {
            let town = ["Genk", "Hasselt", "Lommel", "Onbekendorp"][i / 80];
            let first = i % 80 == 0;
            let name = if first { town } else { "" };
            let objective = if i % 40 == 0 {
                "1. Veiligheid en leefbaarheid"
            } else {
                ""
            };
            let partners = if i % 50 == 7 { "Bree en Peer" } else { "" };
            let amount = if i % 33 == 5 {
                String::new()
            } else {
                (100 + i).to_string()
            };
            text.push_str(&format!(
                "{name};{objective};Actie {};{amount};{partners};tekst {i};oproep 2\n",
                1 + i % 24
            ));
            if i % 80 == 79 {
                text.push_str(&format!("Totaal {town};;;{};;;\n", 1000 + i));
            }
            if i == 150 {
                text.push_str("Gemeente;Doelstelling;Actie;Bedrag;;;\n;;;;;;\n");
            }
            if i == 200 {
                // Far below the header, a cell in a column the first block does not use.
                text.push_str(";;;;;;;;;;notitie\n");
            }
        }
        rows(&text)
    }

    #[test]
    fn blocks_give_the_result_of_the_whole_sheet() {
        let bytes = workbook(&long_sheet());
        let (outcome, whole) = load_blocks(&bytes, None).unwrap();
        assert_eq!(outcome, Outcome::Read);
        assert_eq!(whole.grants.len(), 291);
        assert_eq!(whole.stated_totals.len(), 3);
        assert!(!whole.notes.is_empty());
        for block in [1, 2, 3, 7, 64, BLOCK_ROWS] {
            let (outcome, ds) = load_blocks(&bytes, Some(block)).unwrap();
            assert_eq!(outcome, Outcome::Read);
            assert_eq!(shown(&ds), shown(&whole), "blocks of {block}");
        }
    }

    #[test]
    fn blocks_report_the_errors_of_the_whole_sheet() {
        let mut sheet = long_sheet();
        sheet[200][3] = "veel".to_string();
        let bytes = workbook(&sheet);
        let whole = load_blocks(&bytes, None).unwrap_err();
        assert!(
            matches!(whole.kind, LoadErrorKind::BadAmount { .. }),
            "{whole:?}"
        );
        assert_eq!(
            (whole.row, whole.column.as_deref()),
            (Some(201), Some("D (Bedrag)"))
        );
        for block in [1, 5, 64] {
            assert_eq!(load_blocks(&bytes, Some(block)).unwrap_err(), whole);
        }
    }

    #[test]
    fn damage_below_a_bad_row_is_reported_first_as_when_read_whole() {
        // A bad amount in row 201, then a cell naming a text the workbook does not have.
        let mut sheet = long_sheet();
        sheet[200][3] = "veel".to_string();
        let bytes = with_sheet_xml(&workbook(&sheet), |data| {
            let at = data.find("</sheetData>").unwrap();
            data.insert_str(
                at,
                r#"<row r="500"><c r="A500" t="s"><v>99999</v></c></row>"#,
            );
        });
        let whole = load_blocks(&bytes, None).unwrap_err();
        assert!(matches!(whole.kind, LoadErrorKind::Damaged(_)), "{whole:?}");
        for block in [1, 64] {
            assert_eq!(load_blocks(&bytes, Some(block)).unwrap_err(), whole);
        }
    }

    #[test]
    fn a_title_call_counts_in_the_sheet_s_first_twelve_used_columns() {
        // The call is named in column M, the 13th column: not a title cell when column A is
        // used too, which only a row far below the header shows.
        let mut sheet = long_sheet();
        for row in &mut sheet {
            row.insert(0, String::new());
            row.truncate(7);
            row.resize(13, String::new());
            row.iter_mut().skip(7).for_each(String::clear);
        }
        sheet[0][12] = "Projectoproep 3".to_string();
        for (r, row) in sheet.iter_mut().enumerate().skip(3) {
            row[6].clear();
            if r == 250 {
                row[0] = "x".to_string();
            }
        }
        sheet[1][7..12].fill("—".to_string());
        let bytes = workbook(&sheet);
        let (_, whole) = load_blocks(&bytes, None).unwrap();
        for block in [1, 64] {
            let (_, ds) = load_blocks(&bytes, Some(block)).unwrap();
            assert_eq!(ds.call, whole.call, "blocks of {block}");
        }
        // Without the cell in column A the call is read.
        sheet[250][0].clear();
        let bytes = workbook(&sheet);
        let (_, whole) = load_blocks(&bytes, None).unwrap();
        assert_eq!(whole.call.call, Some(3));
        let (_, ds) = load_blocks(&bytes, Some(1)).unwrap();
        assert_eq!(ds.call, whole.call);
    }

    /// The workbook with the sheet's row `moved` (1-based) written after all others.
    fn with_row_last(bytes: &[u8], moved: u32) -> Vec<u8> {
        with_sheet_xml(bytes, |data| {
            let start = data.find(&format!("<row r=\"{moved}\"")).unwrap();
            let end = start + data[start..].find("</row>").unwrap() + "</row>".len();
            let row = data[start..end].to_string();
            data.replace_range(start..end, "");
            let at = data.find("</sheetData>").unwrap();
            data.insert_str(at, &row);
        })
    }

    /// The workbook with its first sheet's XML changed by `edit`.
    fn with_sheet_xml(bytes: &[u8], edit: impl Fn(&mut String)) -> Vec<u8> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut data = String::new();
            entry.read_to_string(&mut data).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                edit(&mut data);
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(data.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn rows_out_of_order_are_read_whole() {
        let bytes = with_row_last(&workbook(&long_sheet()), 100);
        let (outcome, _) = load_blocks(&bytes, Some(8)).unwrap();
        assert_eq!(outcome, Outcome::Unordered);
        let (_, whole) = load_blocks(&bytes, None).unwrap();
        let ds = crate::annex::load_bytes("t.xlsx", &bytes, &LoadOptions::default()).unwrap();
        assert_eq!(ds.grants.len(), whole.grants.len());
        let lines = |ds: &Dataset| {
            let mut ds = ds.clone();
            ds.source = whole.source.clone();
            shown(&ds)
        };
        assert_eq!(lines(&ds), lines(&whole));
    }
}
