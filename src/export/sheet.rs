//! A worksheet filled row by row: formats per row level, euro amounts as number cells,
//! totals as SUBTOTAL formulas with a cached value, header row, autofilter and column widths.
//!
//! A table that would pass Excel's row limit continues on further sheets ("Overzicht (1)",
//! "Overzicht (2)", …), each with the title, header row, frozen pane and autofilter. Callers
//! count rows without gaps (`Sheet::row`) as if the sheet were one; a total over rows on
//! several parts becomes one SUBTOTAL over a range on each part.
//!
//! Every worksheet is set up for print (see [`super::print`]): A4, the header rows repeated on
//! every page, a footer with the sheet's name and "pagina X van Y", the column `Soort regel`
//! (for filtering on screen) outside the print area, and portrait or landscape by width.

use std::fmt::Write as _;

use rust_xlsxwriter::{Format, FormatAlign, Formula, Worksheet};

use super::print::{self, PageLayout};
use super::sheets::{Ctx, KIND_HEADER, SAMPLE_LINE};
use super::style::{decimal_digits, eur_cents_chars, Styles};
pub(super) use super::style::{Cell, Level};
use super::ExportError;

/// The most rows a sheet may have in Excel.
pub const EXCEL_ROWS: u32 = 1_048_576;

/// Rows kept free under the last table row of a part, for the notes under the table.
const RESERVED: u32 = 16;

/// Cents as the decimal text of a cached formula result: `14136359.00`.
fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Tenths of a percent as the decimal text of a cached fraction: `-123` is `-0.123`.
fn fraction(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let a = permille.unsigned_abs();
    format!("{sign}{}.{:03}", a / 1000, a % 1000)
}

/// The column's letters (`F`), without building them for the first 26 columns.
pub(super) fn column_letter(col: u16) -> std::borrow::Cow<'static, str> {
    const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let c = usize::from(col);
    match LETTERS.get(c..c + 1) {
        Some(l) => std::borrow::Cow::Borrowed(l),
        None => std::borrow::Cow::Owned(rust_xlsxwriter::utility::column_number_to_name(col)),
    }
}

/// `Overzicht (2)`, within Excel's 31 characters.
fn part_name(base: &str, no: usize) -> String {
    let suffix = format!(" ({no})");
    let room = 31usize.saturating_sub(suffix.chars().count());
    let head: String = base.chars().take(room).collect();
    format!("{head}{suffix}")
}

/// One worksheet of a (possibly split) sheet.
struct Part {
    ws: Worksheet,
    /// First row of the callers' count on this part, and where it lands on the worksheet.
    first: u32,
    at: u32,
    /// Last row of the callers' count on this part (set when the next part starts).
    last: Option<u32>,
    header: Option<u32>,
    /// The row of objective names above the header row (the matrix sheet).
    group_row: Option<u32>,
    last_table_row: Option<u32>,
    title_row: Option<u32>,
    /// Per column, the kind of line cell given to the column as its format: line cells of that
    /// kind are written without a format of their own (the cheapest write), the others with one.
    column_cell: Vec<Option<Cell>>,
    /// Amount cells that do not take their column's format (total rows, a line cell in a column
    /// of another kind): given two decimals at the end when their column holds cents.
    money_cells: Vec<(u32, u16, Level)>,
    /// The last worksheet row written, and the points rows were made taller by.
    last_row: u32,
    extra_points: f64,
}

impl Part {
    fn new(name: &str, first: u32) -> Result<Part, ExportError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Part {
            ws,
            first,
            at: first,
            last: None,
            header: None,
            group_row: None,
            last_table_row: None,
            title_row: None,
            column_cell: Vec::new(),
            money_cells: Vec::new(),
            last_row: 0,
            extra_points: 0.0,
        })
    }

    /// A stand-in, never written to a workbook.
    fn unnamed() -> Part {
        Part {
            ws: Worksheet::new(),
            first: 0,
            at: 0,
            last: None,
            header: None,
            group_row: None,
            last_table_row: None,
            title_row: None,
            column_cell: Vec::new(),
            money_cells: Vec::new(),
            last_row: 0,
            extra_points: 0.0,
        }
    }

    /// Where a row of the callers' count lands on this part.
    fn physical(&self, row: u32) -> u32 {
        row - self.first + self.at
    }

    /// Remembers that worksheet row `at` holds something (for the print area).
    fn touch(&mut self, at: u32) {
        self.last_row = self.last_row.max(at);
    }

    /// A row of `points` height (15 is a plain row).
    fn set_height(&mut self, at: u32, points: f64) -> Result<(), ExportError> {
        self.ws.set_row_height(at, points)?;
        self.extra_points += (points - 15.0).max(0.0);
        Ok(())
    }
}

/// A worksheet being filled row by row, remembering column widths of the table cells.
pub(super) struct Sheet<'c> {
    /// The row being written, counted over all parts without their repeated headers.
    pub(super) row: u32,
    styles: &'c Styles,
    sample: bool,
    max_rows: u32,
    name: String,
    title: String,
    done: Vec<Part>,
    cur: Part,
    widths: Vec<usize>,
    fixed: Vec<Option<f64>>,
    cols: u16,
    /// Header texts, and the columns holding numbers (their header is right-aligned).
    headers: Vec<String>,
    /// Names over groups of columns (first, last, text), in a row above the header row.
    groups: Vec<(u16, u16, String)>,
    /// Columns kept in view when scrolling right, and repeated on every printed page of a
    /// layout that is more than one page wide.
    freeze_cols: u16,
    /// The column `Soort regel`, when it is the last one: left out of the print area.
    tag_col: Option<u16>,
    /// Columns holding an amount with cents: all their amounts get two decimals.
    cents: Vec<bool>,
    /// Per column, the characters of its widest amount without decimals.
    money_chars: Vec<usize>,
    /// The text above every printed page (sample marker, selection).
    page_header: String,
    layout: PageLayout,
    numeric: Vec<bool>,
    centred: Vec<bool>,
    /// Columns with text in the table (a mixed column keeps a left-aligned header).
    texty: Vec<bool>,
    /// Lines of the tallest wrapped cell of the current row.
    row_lines: u32,
    /// A total row's band of colour, for the row's empty cells.
    fill: Option<Level>,
    /// The formats of the current total row's cells, per column. Total-row cells are written
    /// plain and formatted at the row's end, one range per run of equal formats: each format
    /// given costs rust_xlsxwriter a hash of the whole format.
    styled: Vec<Option<(Level, Cell)>>,
}

impl<'c> Sheet<'c> {
    pub(super) fn new(ctx: &'c Ctx<'_>, name: &str) -> Result<Sheet<'c>, ExportError> {
        let mut marks = Vec::new();
        if ctx.ds.source.sample {
            marks.push("VOORBEELD — synthetische bedragen".to_string());
        }
        if !ctx.whole() {
            marks.push(format!("selectie: {}", ctx.describe()));
        }
        Ok(Sheet {
            groups: Vec::new(),
            freeze_cols: 0,
            tag_col: None,
            cents: Vec::new(),
            money_chars: Vec::new(),
            page_header: print::page_header(&marks.join(" — ")),
            layout: PageLayout::Table,
            row: 0,
            styles: &ctx.styles,
            sample: ctx.ds.source.sample,
            max_rows: ctx.max_rows,
            name: name.to_string(),
            title: String::new(),
            done: Vec::new(),
            cur: Part::new(name, 0)?,
            widths: Vec::new(),
            fixed: Vec::new(),
            cols: 0,
            headers: Vec::new(),
            numeric: Vec::new(),
            centred: Vec::new(),
            texty: Vec::new(),
            row_lines: 0,
            fill: None,
            styled: Vec::new(),
        })
    }

    /// The worksheet row of the current row.
    fn at(&self) -> u32 {
        self.cur.physical(self.row)
    }

    /// The worksheet row of a table cell in the current row: a new part first when this part
    /// is full.
    fn table_row(&mut self) -> Result<u32, ExportError> {
        let room = self.max_rows.saturating_sub(RESERVED + 1);
        if self.cur.header.is_some() && self.cur.last_table_row.is_some() && self.at() > room {
            self.next_part()?;
        }
        Ok(self.at())
    }

    /// Closes the current part with a pointer to the next, and starts the next with the title
    /// and header row.
    fn next_part(&mut self) -> Result<(), ExportError> {
        let no = self.done.len() + 2;
        let next = part_name(&self.name, no);
        if self.done.is_empty() {
            self.cur.ws.set_name(part_name(&self.name, 1))?;
            if let Some(t) = self.cur.title_row {
                let title = format!("{} (deel 1)", self.title);
                self.cur
                    .ws
                    .write_string_with_format(t, 0, title, &self.styles.title)?;
            }
        }
        let at = self.cur.last_table_row.map_or(self.at(), |r| r + 2);
        let text = format!(
            "Vervolg op blad '{next}': een Excel-blad telt ten hoogste {} rijen.",
            crate::money::group_thousands(u64::from(self.max_rows))
        );
        self.note_at(at, &text)?;
        self.cur.last = Some(self.row.saturating_sub(1));
        let mut part = Part::new(&next, self.row)?;
        let mut at = 0;
        if !self.title.is_empty() {
            let title = format!("{} (deel {no})", self.title);
            let width = self.repeated_width();
            at = write_preamble(&mut part, self.styles, self.sample, at, &title, width)?;
        }
        if !self.headers.is_empty() {
            at = write_header(
                &mut part,
                self.styles,
                &self.groups,
                &self.headers,
                self.freeze_cols,
                at,
            )?;
        }
        part.at = at;
        self.done.push(std::mem::replace(&mut self.cur, part));
        Ok(())
    }

    /// The sample warning (when relevant), the title and an empty row.
    pub(super) fn preamble(&mut self, title: &str) -> Result<(), ExportError> {
        self.title = title.to_string();
        let start = self.at();
        let width = self.repeated_width();
        let end = write_preamble(&mut self.cur, self.styles, self.sample, start, title, width)?;
        self.row += end - start;
        Ok(())
    }

    /// The columns repeated on every page of a matrix and their width: the title is wrapped
    /// within them, so that each page shows it whole.
    fn repeated_width(&self) -> Option<(u16, f64)> {
        match self.layout {
            PageLayout::Matrix { repeat, .. } if repeat > 1 => {
                let w = (0..repeat).map(|c| self.column_width(usize::from(c))).sum();
                Some((repeat - 1, w))
            }
            _ => None,
        }
    }

    /// A line of explanation outside the table.
    pub(super) fn note(&mut self, text: &str) -> Result<(), ExportError> {
        self.note_at(self.at(), text)?;
        self.row += 1;
        Ok(())
    }

    fn note_at(&mut self, at: u32, text: &str) -> Result<(), ExportError> {
        self.cur.touch(at);
        let cols = self.print_cols();
        if cols < 2 {
            self.cur
                .ws
                .write_string_with_format(at, 0, text, &self.styles.note)?;
            return Ok(());
        }
        // Under a table: wrapped within the printed columns, so printing stays one page wide.
        // A matrix wider than a page wraps its notes within the first page's width.
        let limit = match self.layout {
            PageLayout::Table => f64::INFINITY,
            PageLayout::Matrix { .. } => print::NOTE_WIDTH,
        };
        let mut width = 0.0;
        let mut last = 0;
        for c in 0..cols {
            if c > 0 && width >= limit {
                break;
            }
            width += self.column_width(usize::from(c));
            last = c;
        }
        self.cur
            .ws
            .merge_range(at, 0, at, last, text, &self.styles.note_wrapped)?;
        let lines = (text.chars().count() as f64 * 1.1 / width.max(1.0))
            .ceil()
            .max(1.0);
        self.cur.set_height(at, 15.0 * lines)?;
        Ok(())
    }

    /// The columns printed: all but a last `Soort regel`.
    fn print_cols(&self) -> u16 {
        match self.tag_col {
            Some(t) if t + 1 == self.cols => t,
            _ => self.cols,
        }
    }

    /// The width a column gets: fixed, or from its longest cell.
    fn column_width(&self, c: usize) -> f64 {
        match self.fixed.get(c).copied().flatten() {
            Some(w) => w,
            None => {
                let money = match self.money_chars.get(c).copied().unwrap_or(0) {
                    0 => 0,
                    m if self.has_cents(c) => m + 3,
                    m => m,
                };
                let chars = self.widths.get(c).copied().unwrap_or(0).max(money);
                (chars as f64 + 1.0).clamp(8.0, 50.0)
            }
        }
    }

    /// The bold header row; frozen, with the autofilter from here to the table's end, and
    /// repeated on every printed page. A last column `Soort regel` is for filtering on screen
    /// and is not printed.
    pub(super) fn header(&mut self, cols: &[&str]) -> Result<(), ExportError> {
        self.headers = cols.iter().map(|h| h.to_string()).collect();
        self.numeric = vec![false; cols.len()];
        self.centred = vec![false; cols.len()];
        self.texty = vec![false; cols.len()];
        for (c, h) in cols.iter().enumerate() {
            self.widen(c as u16, print::header_width(h));
        }
        self.cols = cols.len() as u16;
        self.tag_col = cols
            .iter()
            .rposition(|h| *h == KIND_HEADER)
            .filter(|c| c + 1 == cols.len())
            .map(|c| c as u16);
        let start = self.at();
        let end = write_header(
            &mut self.cur,
            self.styles,
            &self.groups,
            &self.headers,
            self.freeze_cols,
            start,
        )?;
        self.row += end - start;
        Ok(())
    }

    /// Names over groups of columns, in a row above the header row (call before `header`).
    pub(super) fn group_header(&mut self, groups: Vec<(u16, u16, String)>) {
        self.groups = groups;
    }

    /// Keeps the first `cols` columns in view when scrolling right (call before `header`).
    pub(super) fn freeze_columns(&mut self, cols: u16) {
        self.freeze_cols = cols;
    }

    /// Prints as a matrix: landscape, the first `repeat` columns on every page, a page wider
    /// than the paper broken between the given groups of columns rather than inside one.
    pub(super) fn print_as_matrix(&mut self, repeat: u16, groups: Vec<(u16, u16)>) {
        self.layout = PageLayout::Matrix { repeat, groups };
    }

    pub(super) fn widen(&mut self, col: u16, chars: usize) {
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(chars);
    }

    pub(super) fn fix_width(&mut self, col: u16, width: f64) {
        let c = usize::from(col);
        if self.fixed.len() <= c {
            self.fixed.resize(c + 1, None);
        }
        self.fixed[c] = Some(width);
    }

    /// Whether a cell of this kind can be written without a format: a line cell in a column
    /// whose format is that of its line cells (the first line cell of a column decides; the
    /// column formats are set when the part is finished, so rust_xlsxwriter has no column to
    /// look up on each plain write), or a total-row cell, formatted at the row's end.
    fn plain(&mut self, col: u16, level: Level, cell: Cell) -> bool {
        let c = usize::from(col);
        if level != Level::Line {
            if self.styled.len() <= c {
                self.styled.resize(c + 1, None);
            }
            self.styled[c] = Some((level, cell));
            return true;
        }
        if self.cur.column_cell.len() <= c {
            self.cur.column_cell.resize(c + 1, None);
        }
        match self.cur.column_cell[c] {
            Some(k) => k == cell,
            None => {
                self.cur.column_cell[c] = Some(cell);
                true
            }
        }
    }

    fn put_string(
        &mut self,
        col: u16,
        s: &str,
        level: Level,
        cell: Cell,
    ) -> Result<(), ExportError> {
        let r = self.table_row()?;
        self.cur.touch(r);
        if self.plain(col, level, cell) {
            self.cur.ws.write_string(r, col, s)?;
        } else {
            let f = self.styles.cell(level, cell);
            self.cur.ws.write_string_with_format(r, col, s, f)?;
        }
        Ok(())
    }

    fn put_number(
        &mut self,
        col: u16,
        n: f64,
        level: Level,
        cell: Cell,
    ) -> Result<(), ExportError> {
        let r = self.table_row()?;
        self.cur.touch(r);
        if self.plain(col, level, cell) {
            self.cur.ws.write_number(r, col, n)?;
        } else {
            let f = self.styles.cell(level, self.money_kind(col, cell));
            self.cur.ws.write_number_with_format(r, col, n, f)?;
        }
        Ok(())
    }

    /// The format of a money cell in this column so far: with cents once the column has some.
    fn money_kind(&self, col: u16, cell: Cell) -> Cell {
        match cell {
            Cell::Money if self.has_cents(usize::from(col)) => Cell::Cents,
            other => other,
        }
    }

    pub(super) fn text(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        self.mark_text(col);
        self.put_string(col, s, level, Cell::Text)?;
        self.widen(col, s.chars().count());
        Ok(())
    }

    /// Text in a given cell style (muted context, tag).
    pub(super) fn styled(
        &mut self,
        col: u16,
        s: &str,
        level: Level,
        cell: Cell,
    ) -> Result<(), ExportError> {
        if cell == Cell::Tag {
            if let Some(c) = self.centred.get_mut(usize::from(col)) {
                *c = true;
            }
        }
        self.put_string(col, s, level, cell)?;
        self.widen(col, s.chars().count() + usize::from(cell == Cell::Tag) * 2);
        Ok(())
    }

    /// The `Soort regel` tag (centred; filter on it).
    pub(super) fn tag(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        self.styled(col, s, level, Cell::Tag)
    }

    /// An action number, centred.
    pub(super) fn action_no(&mut self, col: u16, no: u8, level: Level) -> Result<(), ExportError> {
        self.centred_no(col, u16::from(no), level)
    }

    /// A small number (action, list entry), centred.
    pub(super) fn centred_no(
        &mut self,
        col: u16,
        no: u16,
        level: Level,
    ) -> Result<(), ExportError> {
        self.code(col, u32::from(no), level)
    }

    /// A code (a NIS code), centred, its digits as they are.
    pub(super) fn code(&mut self, col: u16, no: u32, level: Level) -> Result<(), ExportError> {
        if let Some(c) = self.centred.get_mut(usize::from(col)) {
            *c = true;
        }
        self.put_number(col, f64::from(no), level, Cell::Centred)?;
        self.widen(col, decimal_digits(u64::from(no)) + 1);
        Ok(())
    }

    pub(super) fn wrap(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        self.mark_text(col);
        self.put_string(col, s, level, Cell::Wrap)?;
        // Spreadsheets do not grow a row for wrapped text written by a program: estimate the
        // lines from the column width. Line cells and objective subtotals are plain (italic),
        // the other total rows bold.
        let width = self.column_width(usize::from(col)).max(1.0);
        let bold = !matches!(level, Level::Line | Level::Objective);
        let lines = print::text_lines(s, width, bold);
        self.row_lines = self.row_lines.max(lines);
        Ok(())
    }

    fn mark_text(&mut self, col: u16) {
        if let Some(t) = self.texty.get_mut(usize::from(col)) {
            *t = true;
        }
    }

    fn mark_numeric(&mut self, col: u16) {
        if let Some(n) = self.numeric.get_mut(usize::from(col)) {
            *n = true;
        }
    }

    pub(super) fn money(&mut self, col: u16, cents: i64, level: Level) -> Result<(), ExportError> {
        self.mark_numeric(col);
        self.note_cents(col, cents);
        self.put_number(col, crate::money::eur_f64(cents), level, Cell::Money)?;
        self.money_written(col, cents, level);
        Ok(())
    }

    /// Before an amount is written: whether its column now holds cents.
    fn note_cents(&mut self, col: u16, cents: i64) {
        let c = usize::from(col);
        if cents % 100 != 0 {
            if self.cents.len() <= c {
                self.cents.resize(c + 1, false);
            }
            self.cents[c] = true;
        }
    }

    /// After an amount was written in the current row: the column's width; an amount that does
    /// not take its column's format, written before the column had cents, is remembered, to be
    /// given two decimals with the rest of its column.
    fn money_written(&mut self, col: u16, cents: i64, level: Level) {
        let c = usize::from(col);
        let by_column =
            level == Level::Line && self.cur.column_cell.get(c) == Some(&Some(Cell::Money));
        if !by_column && !self.has_cents(c) {
            let at = self.at();
            self.cur.money_cells.push((at, col, level));
        }
        // Without its decimals; `column_width` adds them back for a column with cents.
        let chars = eur_cents_chars(cents) - 3 + 1;
        if self.money_chars.len() <= c {
            self.money_chars.resize(c + 1, 0);
        }
        self.money_chars[c] = self.money_chars[c].max(chars);
    }

    /// `SUM(D7:F7,H7)`: the sum of column ranges of the current row, with the model's figure
    /// as cached value.
    pub(super) fn row_sum(
        &mut self,
        col: u16,
        cents: i64,
        ranges: &[(u16, u16)],
        level: Level,
    ) -> Result<(), ExportError> {
        if ranges.is_empty() {
            return self.money(col, cents, level);
        }
        self.mark_numeric(col);
        let r = self.table_row()?;
        self.cur.touch(r);
        let mut text = String::with_capacity(16 * ranges.len());
        text.push_str("SUM(");
        for (i, (a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            let _ = write!(text, "{}{}", column_letter(*a), r + 1);
            if b != a {
                let _ = write!(text, ":{}{}", column_letter(*b), r + 1);
            }
        }
        text.push(')');
        self.note_cents(col, cents);
        self.put_formula(col, Formula::new(text).set_result(decimal(cents)), level)?;
        self.money_written(col, cents, level);
        Ok(())
    }

    /// An amount as a formula over cells of the current row (`D7-C7`): `text` gets the row's
    /// number as a spreadsheet shows it; the model's figure is the cached value.
    pub(super) fn money_row_formula(
        &mut self,
        col: u16,
        cents: i64,
        level: Level,
        text: impl FnOnce(u32) -> String,
    ) -> Result<(), ExportError> {
        self.mark_numeric(col);
        let r = self.table_row()?;
        self.cur.touch(r);
        self.note_cents(col, cents);
        let formula = Formula::new(text(r + 1)).set_result(decimal(cents));
        self.put_formula(col, formula, level)?;
        self.money_written(col, cents, level);
        Ok(())
    }

    /// A percentage as a formula over cells of the current row, with the model's figure in
    /// tenths of a percent as cached value (shown as `+12,3%`).
    pub(super) fn percent_row_formula(
        &mut self,
        col: u16,
        permille: i64,
        level: Level,
        text: impl FnOnce(u32) -> String,
    ) -> Result<(), ExportError> {
        self.mark_numeric(col);
        let r = self.table_row()?;
        self.cur.touch(r);
        let formula = Formula::new(text(r + 1)).set_result(fraction(permille));
        self.put_formula_as(col, formula, level, Cell::Percent)?;
        // `-100,0%` and a space.
        self.widen(col, 9);
        Ok(())
    }

    fn put_formula(&mut self, col: u16, formula: Formula, level: Level) -> Result<(), ExportError> {
        self.put_formula_as(col, formula, level, Cell::Money)
    }

    fn put_formula_as(
        &mut self,
        col: u16,
        formula: Formula,
        level: Level,
        cell: Cell,
    ) -> Result<(), ExportError> {
        let r = self.table_row()?;
        if self.plain(col, level, cell) {
            self.cur.ws.write_formula(r, col, formula)?;
        } else {
            let f = self.styles.cell(level, self.money_kind(col, cell));
            self.cur.ws.write_formula_with_format(r, col, formula, f)?;
        }
        Ok(())
    }

    /// Appends `F10:F20` for the rows `from..=to` of the callers' count on each part that holds
    /// some of them, separated by commas, qualified with the sheet's name when that is not the
    /// current part.
    fn push_ranges(&self, out: &mut String, letter: &str, from: u32, to: u32) {
        let current = std::iter::once((&self.cur, true));
        let mut first = true;
        for (part, is_current) in self.done.iter().map(|p| (p, false)).chain(current) {
            let last = part.last.unwrap_or(u32::MAX);
            let (a, b) = (from.max(part.first), to.min(last));
            if a > b {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            if !is_current {
                let _ = write!(out, "'{}'!", part.ws.name().replace('\'', "''"));
            }
            let _ = write!(
                out,
                "{letter}{}:{letter}{}",
                part.physical(a) + 1,
                part.physical(b) + 1
            );
        }
    }

    /// A total as `SUBTOTAL(9, …)` over rows `from..=to` of the callers' count (on one part or
    /// several) with the model's figure as cached value.
    pub(super) fn money_subtotal(
        &mut self,
        col: u16,
        cents: i64,
        from: u32,
        to: u32,
        level: Level,
    ) -> Result<(), ExportError> {
        if to < from {
            return self.money(col, cents, level);
        }
        self.mark_numeric(col);
        // The row first: a new part changes which ranges are on another sheet.
        let r = self.table_row()?;
        self.cur.touch(r);
        let letter = column_letter(col);
        let mut text = String::with_capacity(32);
        text.push_str("SUBTOTAL(9,");
        self.push_ranges(&mut text, &letter, from, to);
        text.push(')');
        let formula = Formula::new(text).set_result(decimal(cents));
        self.note_cents(col, cents);
        self.put_formula(col, formula, level)?;
        self.money_written(col, cents, level);
        Ok(())
    }

    pub(super) fn int(&mut self, col: u16, n: u64, level: Level) -> Result<(), ExportError> {
        self.mark_numeric(col);
        self.put_number(col, n as f64, level, Cell::Int)?;
        self.widen(col, decimal_digits(n) + 1);
        Ok(())
    }

    /// Fills the empty cells of this total row so its band of colour is unbroken.
    pub(super) fn fill(&mut self, level: Level) -> Result<(), ExportError> {
        if level != Level::Line {
            self.fill = Some(level);
        }
        Ok(())
    }

    pub(super) fn end_row(&mut self) {
        let at = self.at();
        self.format_total_row(at);
        if self.row_lines > 1 {
            // Best effort: the height only helps reading, the data is in the cells.
            let _ = self.cur.set_height(at, 15.0 * f64::from(self.row_lines));
        }
        self.row_lines = 0;
        self.cur.last_table_row = Some(at);
        self.row += 1;
    }

    /// Formats the cells of a total row, and its empty cells in the row's band of colour: one
    /// range per run of columns with the same format. Best effort, like the band itself.
    fn format_total_row(&mut self, at: u32) {
        let fill = self.fill.take();
        if fill.is_none() && self.styled.iter().all(Option::is_none) {
            return;
        }
        let cols = usize::from(self.cols);
        let n = cols.max(self.styled.len());
        let mut kinds: Vec<Option<(Level, Cell)>> = (0..n)
            .map(|c| {
                self.styled
                    .get(c)
                    .copied()
                    .flatten()
                    .map(|(l, k)| (l, self.money_kind(c as u16, k)))
            })
            .collect();
        if let Some(level) = fill {
            for c in 0..cols {
                if kinds[c].is_some() {
                    continue;
                }
                // An empty cell shows only its level's band, whatever the kind of cell: it
                // joins the run on its left (else on its right), so fewer formats are given.
                let left = c.checked_sub(1).and_then(|l| kinds[l]);
                let right = kinds[c + 1..].iter().flatten().next().copied();
                kinds[c] = Some(
                    left.filter(|k| k.0 == level)
                        .or(right.filter(|k| k.0 == level))
                        .unwrap_or((level, Cell::Text)),
                );
            }
        }
        let mut c = 0;
        while c < n {
            let Some(k) = kinds[c] else {
                c += 1;
                continue;
            };
            let mut end = c;
            while end + 1 < n && kinds[end + 1] == Some(k) {
                end += 1;
            }
            let f = self.styles.cell(k.0, k.1);
            let _ = self
                .cur
                .ws
                .set_range_format(at, c as u16, at, end as u16, f);
            c = end + 1;
        }
        self.styled.iter_mut().for_each(|k| *k = None);
    }

    /// Autofilter over the table and the column widths, on every part; the worksheets in order.
    pub(super) fn finish(mut self) -> Result<Vec<Worksheet>, ExportError> {
        let last = std::mem::replace(&mut self.cur, Part::unnamed());
        let parts = std::mem::take(&mut self.done);
        let mut out = Vec::with_capacity(parts.len() + 1);
        for mut part in parts.into_iter().chain(std::iter::once(last)) {
            self.finish_part(&mut part)?;
            out.push(part.ws);
        }
        Ok(out)
    }

    fn finish_part(&self, part: &mut Part) -> Result<(), ExportError> {
        self.give_cents(part)?;
        self.set_up_print(part)?;
        if let Some(h) = part.header {
            for (c, name) in self.headers.iter().enumerate() {
                let f = if self.centred.get(c).copied().unwrap_or(false) {
                    &self.styles.header_centre
                } else if self.numeric.get(c).copied().unwrap_or(false)
                    && !self.texty.get(c).copied().unwrap_or(false)
                {
                    &self.styles.header_right
                } else {
                    continue;
                };
                part.ws.write_string_with_format(h, c as u16, name, f)?;
            }
            let last = part.last_table_row.unwrap_or(h).max(h);
            part.ws
                .autofilter(h, 0, last, self.cols.saturating_sub(1))?;
        }
        for (c, cell) in part.column_cell.iter().enumerate() {
            if let Some(cell) = cell {
                let cell = match cell {
                    Cell::Money if self.has_cents(c) => Cell::Cents,
                    other => *other,
                };
                let f = self.styles.cell(Level::Line, cell);
                part.ws.set_column_format(c as u16, f)?;
            }
        }
        let n = self.widths.len().max(self.fixed.len());
        for c in 0..n {
            part.ws.set_column_width(c as u16, self.column_width(c))?;
        }
        Ok(())
    }

    fn has_cents(&self, col: usize) -> bool {
        self.cents.get(col).copied().unwrap_or(false)
    }

    /// One format per amount column: two decimals for every amount of a column that holds an
    /// amount with cents (the line cells through the column's format).
    fn give_cents(&self, part: &mut Part) -> Result<(), ExportError> {
        for (at, col, level) in std::mem::take(&mut part.money_cells) {
            if self.has_cents(usize::from(col)) {
                let f = self.styles.cell(level, Cell::Cents);
                part.ws.set_cell_format(at, col, f)?;
            }
        }
        Ok(())
    }

    /// Paper, margins, page header and footer, print titles, print area, orientation and
    /// scale of one worksheet.
    fn set_up_print(&self, part: &mut Part) -> Result<(), ExportError> {
        let ws = &mut part.ws;
        print::page(ws, &self.page_header)?;
        let Some(h) = part.header else {
            // No table: notes and a title, printed as they are.
            return Ok(());
        };
        let first = part.group_row.unwrap_or(h);
        ws.set_repeat_rows(first, h)?;
        let cols = self.print_cols().max(1);
        ws.set_print_area(0, 0, part.last_row.max(h), cols - 1)?;
        let widths: Vec<f64> = (0..cols)
            .map(|c| self.column_width(usize::from(c)))
            .collect();
        // The header row as tall as its longest wrapped header.
        let lines = self
            .headers
            .iter()
            .zip(&widths)
            .map(|(name, w)| print::header_lines(name, *w))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            part.set_height(h, 15.0 * f64::from(lines) + 2.0)?;
        }
        // The row of group names, as tall as the longest over its columns.
        if let Some(g) = part.group_row {
            let lines = self
                .groups
                .iter()
                .map(|(first, last, text)| {
                    let w: f64 = (*first..=*last)
                        .map(|c| self.column_width(usize::from(c)))
                        .sum();
                    print::header_lines(text, w)
                })
                .max()
                .unwrap_or(1);
            if lines > 1 {
                part.set_height(g, 15.0 * f64::from(lines) + 2.0)?;
            }
        }
        let points = f64::from(part.last_row + 1) * 15.0 + part.extra_points;
        print::orient(&mut part.ws, &widths, points, &self.layout)?;
        Ok(())
    }
}

/// Writes the sample warning (when relevant), the title and an empty row at `at`; returns the
/// row after them. With `wrap_in` (last column, width) both are wrapped within the first
/// columns.
fn write_preamble(
    part: &mut Part,
    styles: &Styles,
    sample: bool,
    at: u32,
    title: &str,
    wrap_in: Option<(u16, f64)>,
) -> Result<u32, ExportError> {
    let mut r = at;
    let put = |part: &mut Part, r: u32, text: &str, f: &Format, points: f64| {
        match wrap_in {
            Some((last, width)) => {
                let f = f.clone().set_text_wrap().set_align(FormatAlign::Top);
                part.ws.merge_range(r, 0, r, last, text, &f)?;
                // Bold, and the title larger than the 11 points the width counts.
                let lines = print::text_lines(text, width * 11.0 / points, true);
                part.set_height(r, points * 1.35 * f64::from(lines))
            }
            None => {
                part.ws.write_string_with_format(r, 0, text, f)?;
                Ok(())
            }
        }
    };
    if sample {
        put(part, r, SAMPLE_LINE, &styles.sample, 11.0)?;
        r += 1;
    }
    put(part, r, title, &styles.title, 14.0)?;
    if wrap_in.is_none() {
        part.set_height(r, 20.0)?;
    }
    part.title_row = Some(r);
    part.touch(r);
    Ok(r + 2)
}

/// Writes the group row (if any) and the header row at `at`, frozen; returns the row after
/// them.
fn write_header(
    part: &mut Part,
    styles: &Styles,
    groups: &[(u16, u16, String)],
    headers: &[String],
    freeze_cols: u16,
    at: u32,
) -> Result<u32, ExportError> {
    let mut at = at;
    if !groups.is_empty() {
        for c in 0..headers.len() as u16 {
            part.ws.write_blank(at, c, &styles.header)?;
        }
        for (first, last, text) in groups {
            if first == last {
                part.ws
                    .write_string_with_format(at, *first, text, &styles.header_centre)?;
            } else {
                part.ws
                    .merge_range(at, *first, at, *last, text, &styles.header_centre)?;
            }
        }
        part.group_row = Some(at);
        part.touch(at);
        at += 1;
    }
    for (c, h) in headers.iter().enumerate() {
        part.ws
            .write_string_with_format(at, c as u16, h, &styles.header)?;
    }
    part.header = Some(at);
    part.touch(at);
    part.ws.set_freeze_panes(at + 1, freeze_cols)?;
    Ok(at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_rust_xlsxwriter() {
        for col in [0u16, 5, 25, 26, 27, 701, 702] {
            assert_eq!(
                column_letter(col),
                rust_xlsxwriter::utility::column_number_to_name(col),
                "{col}"
            );
        }
    }

    #[test]
    fn cached_values_are_exact_decimals() {
        assert_eq!(decimal(-5), "-0.05");
        assert_eq!(decimal(1_413_635_900), "14136359.00");
        assert_eq!(fraction(123), "0.123");
        assert_eq!(fraction(-5), "-0.005");
        assert_eq!(fraction(-1500), "-1.500");
        assert_eq!(fraction(0), "0.000");
    }

    #[test]
    fn part_names_fit_excel() {
        assert_eq!(part_name("Overzicht", 2), "Overzicht (2)");
        let long = part_name("Sociale impactobligaties met een lange naam", 12);
        assert_eq!(long.chars().count(), 31);
        assert!(long.ends_with(" (12)"), "{long}");
    }
}
