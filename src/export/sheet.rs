//! A worksheet filled row by row: formats per row level, euro amounts as number cells,
//! totals as SUBTOTAL formulas with a cached value, header row, autofilter and column widths.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Worksheet};

use crate::money;

use super::sheets::{Ctx, SAMPLE_LINE};
use super::ExportError;

/// Visual weight of a row.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Line,
    Objective,
    Applicant,
    Province,
    Grand,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Cell {
    Text,
    Wrap,
    Money,
    Int,
    /// Repeated context (province, local government) in grey: filterable, but quiet.
    Muted,
    /// The `Soort regel` tag, indented away from the amount before it.
    Tag,
    /// An action number, centred.
    Centred,
}

/// Cents as the decimal text of a cached formula result: `14136359.00`.
fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// A worksheet being filled row by row, remembering column widths of the table cells.
pub(super) struct Sheet<'w> {
    pub(super) ws: &'w mut Worksheet,
    pub(super) row: u32,
    widths: Vec<usize>,
    fixed: Vec<Option<f64>>,
    money_format: &'static str,
    header_row: Option<u32>,
    cols: u16,
    last_table_row: Option<u32>,
    /// Header texts, and the columns holding numbers (their header is right-aligned).
    headers: Vec<String>,
    numeric: Vec<bool>,
    centred: Vec<bool>,
    /// Columns with text in the table (a mixed column keeps a left-aligned header).
    texty: Vec<bool>,
    /// Lines of the tallest wrapped cell of the current row.
    row_lines: u32,
}

impl<'w> Sheet<'w> {
    pub(super) fn new(ws: &'w mut Worksheet, ctx: &Ctx<'_>) -> Sheet<'w> {
        // Printed landscape, one page wide.
        ws.set_landscape().set_print_fit_to_pages(1, 0);
        Sheet {
            ws,
            row: 0,
            widths: Vec::new(),
            fixed: Vec::new(),
            money_format: ctx.money_format,
            header_row: None,
            cols: 0,
            last_table_row: None,
            headers: Vec::new(),
            numeric: Vec::new(),
            centred: Vec::new(),
            texty: Vec::new(),
            row_lines: 0,
        }
    }

    pub(super) fn format(&self, level: Level, cell: Cell) -> Format {
        let mut f = Format::new().set_align(FormatAlign::Top);
        f = match cell {
            Cell::Text => f,
            Cell::Wrap => f.set_text_wrap(),
            Cell::Money => f.set_num_format(self.money_format),
            Cell::Int => f.set_num_format("#,##0"),
            Cell::Muted => f.set_font_color(0x7F7F7F),
            Cell::Tag => f.set_align(FormatAlign::Center),
            Cell::Centred => f.set_num_format("0").set_align(FormatAlign::Center),
        };
        match level {
            Level::Line => f,
            Level::Objective => f.set_italic().set_background_color(0xF2F2F2),
            Level::Applicant => f.set_bold().set_background_color(0xE2EAF4),
            Level::Province => f.set_bold().set_background_color(0xC9D7EC),
            Level::Grand => f
                .set_bold()
                .set_background_color(0xA9C0E0)
                .set_border_top(FormatBorder::Medium),
        }
    }

    /// The sample warning (when relevant), the title and an empty row.
    pub(super) fn preamble(&mut self, ctx: &Ctx<'_>, title: &str) -> Result<(), ExportError> {
        if ctx.ds.source.sample {
            let f = Format::new().set_bold().set_font_color(0xC00000);
            self.ws
                .write_string_with_format(self.row, 0, SAMPLE_LINE, &f)?;
            self.row += 1;
        }
        let f = Format::new().set_bold().set_font_size(14);
        self.ws.write_string_with_format(self.row, 0, title, &f)?;
        self.ws.set_row_height(self.row, 20)?;
        self.row += 2;
        Ok(())
    }

    /// A line of explanation outside the table.
    pub(super) fn note(&mut self, text: &str) -> Result<(), ExportError> {
        let f = Format::new().set_italic();
        if self.cols < 2 {
            self.ws.write_string_with_format(self.row, 0, text, &f)?;
            self.row += 1;
            return Ok(());
        }
        // Under a table: wrapped within the table's width, so printing stays one page wide.
        let f = f.set_text_wrap().set_align(FormatAlign::Top);
        self.ws
            .merge_range(self.row, 0, self.row, self.cols - 1, text, &f)?;
        let width: f64 = (0..self.cols)
            .map(|c| self.column_width(usize::from(c)))
            .sum();
        let lines = (text.chars().count() as f64 * 1.1 / width.max(1.0))
            .ceil()
            .max(1.0);
        self.ws.set_row_height(self.row, 15.0 * lines)?;
        self.row += 1;
        Ok(())
    }

    /// The width a column gets: fixed, or from its longest cell.
    fn column_width(&self, c: usize) -> f64 {
        match self.fixed.get(c).copied().flatten() {
            Some(w) => w,
            None => {
                let chars = self.widths.get(c).copied().unwrap_or(0);
                (chars as f64 + 1.0).clamp(8.0, 50.0)
            }
        }
    }

    /// The bold header row; frozen, with the autofilter from here to the table's end.
    fn header_format() -> Format {
        Format::new()
            .set_bold()
            .set_background_color(0x1F4E79)
            .set_font_color(0xFFFFFF)
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
    }

    pub(super) fn header(&mut self, cols: &[&str]) -> Result<(), ExportError> {
        let f = Self::header_format();
        self.headers = cols.iter().map(|h| h.to_string()).collect();
        self.numeric = vec![false; cols.len()];
        self.centred = vec![false; cols.len()];
        self.texty = vec![false; cols.len()];
        for (c, h) in cols.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, *h, &f)?;
            // Room for the filter button.
            self.widen(c as u16, h.chars().count() + 3);
        }
        self.cols = cols.len() as u16;
        self.header_row = Some(self.row);
        self.ws.set_freeze_panes(self.row + 1, 0)?;
        self.row += 1;
        Ok(())
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

    pub(super) fn text(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        self.mark_text(col);
        let f = self.format(level, Cell::Text);
        self.ws.write_string_with_format(self.row, col, s, &f)?;
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
        let f = self.format(level, cell);
        self.ws.write_string_with_format(self.row, col, s, &f)?;
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
        if let Some(c) = self.centred.get_mut(usize::from(col)) {
            *c = true;
        }
        let f = self.format(level, Cell::Centred);
        self.ws
            .write_number_with_format(self.row, col, f64::from(no), &f)?;
        Ok(())
    }

    pub(super) fn wrap(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        self.mark_text(col);
        let f = self.format(level, Cell::Wrap);
        self.ws.write_string_with_format(self.row, col, s, &f)?;
        // Spreadsheets do not grow a row for wrapped text written by a program: estimate the
        // lines from the column width (about one character per width unit).
        let width = self.column_width(usize::from(col)).max(1.0);
        let lines: f64 = s
            .split('\n')
            .map(|l| (l.chars().count() as f64 / width).ceil().max(1.0))
            .sum();
        self.row_lines = self.row_lines.max(lines as u32);
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
        let f = self.format(level, Cell::Money);
        self.ws
            .write_number_with_format(self.row, col, money::eur_f64(cents), &f)?;
        self.widen(col, money::format_eur_cents(cents).chars().count() + 1);
        Ok(())
    }

    /// A total as `SUBTOTAL(9, …)` over rows `from..to` (0-based, inclusive) with the model's
    /// figure as cached value.
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
        let letter = rust_xlsxwriter::utility::column_number_to_name(col);
        let formula = Formula::new(format!(
            "SUBTOTAL(9,{letter}{}:{letter}{})",
            from + 1,
            to + 1
        ))
        .set_result(decimal(cents));
        let f = self.format(level, Cell::Money);
        self.ws
            .write_formula_with_format(self.row, col, formula, &f)?;
        self.widen(col, money::format_eur_cents(cents).chars().count() + 1);
        Ok(())
    }

    pub(super) fn int(&mut self, col: u16, n: u64, level: Level) -> Result<(), ExportError> {
        self.mark_numeric(col);
        let f = self.format(level, Cell::Int);
        self.ws
            .write_number_with_format(self.row, col, n as f64, &f)?;
        self.widen(col, n.to_string().len() + 1);
        Ok(())
    }

    /// Fills the empty cells of a total row so its band of colour is unbroken.
    pub(super) fn fill(&mut self, level: Level) -> Result<(), ExportError> {
        if level == Level::Line {
            return Ok(());
        }
        let f = self.format(level, Cell::Text);
        for c in 0..self.cols {
            if self.ws.write_blank(self.row, c, &f).is_err() {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn end_row(&mut self) {
        if self.row_lines > 1 {
            // Best effort: the height only helps reading, the data is in the cells.
            let _ = self
                .ws
                .set_row_height(self.row, 15.0 * f64::from(self.row_lines));
        }
        self.row_lines = 0;
        self.last_table_row = Some(self.row);
        self.row += 1;
    }

    /// Autofilter over the table and the column widths.
    pub(super) fn finish(&mut self) -> Result<(), ExportError> {
        if let Some(h) = self.header_row {
            let right = Self::header_format().set_align(FormatAlign::Right);
            let centre = Self::header_format().set_align(FormatAlign::Center);
            for (c, name) in self.headers.iter().enumerate() {
                let f = if self.centred.get(c).copied().unwrap_or(false) {
                    &centre
                } else if self.numeric.get(c).copied().unwrap_or(false)
                    && !self.texty.get(c).copied().unwrap_or(false)
                {
                    &right
                } else {
                    continue;
                };
                self.ws.write_string_with_format(h, c as u16, name, f)?;
            }
            let last = self.last_table_row.unwrap_or(h).max(h);
            self.ws
                .autofilter(h, 0, last, self.cols.saturating_sub(1))?;
        }
        let n = self.widths.len().max(self.fixed.len());
        for c in 0..n {
            let width = self.column_width(c);
            self.ws.set_column_width(c as u16, width)?;
        }
        Ok(())
    }
}
