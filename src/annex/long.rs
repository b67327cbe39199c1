//! The long layout: one row per applicant and action, labels carried down from the rows above,
//! total rows and repeated headers among the rows; also a sheet of province totals.

use super::builder::Builder;
use super::cells::{
    cell_of, cell_units, may_be_total_label, parse_units, shows, split_list, split_partners,
    status_of, total_label, ParsedKind,
};
use super::error::{LoadError, LoadErrorKind};
use super::grid::{trim, Cell, Grid};
use super::layout::{parse_call_cell, Header, Role};
use super::memo::{CellKey, Memo};
use crate::model::{
    ActionWritten, ApplicantId, Grant, LineKind, MaybeCents, Origin, Province, StatedTotal, Status,
    TextId, TotalScope, Units,
};
use std::sync::Arc;

/// The state carried from row to row (fill-down).
#[derive(Default)]
struct Carry {
    province: Option<Province>,
    applicant: Option<ApplicantId>,
    objective: Option<u8>,
}

/// A long-layout sheet being read: what carries over from one block of rows to the next.
pub struct LongSheet {
    cols: Columns,
    /// The header's texts.
    texts: Vec<String>,
    carry: Carry,
    sheet: u16,
}

/// A long-layout row being read: where it is, its cells and the sheet's columns.
#[derive(Clone, Copy)]
struct RowAt<'a, 'g> {
    grid: &'g dyn Grid,
    /// The row in the grid.
    r: usize,
    cells: &'a [Cell<'g>],
    origin: Origin,
    sheet: u16,
    cols: &'a Columns,
    /// The header's texts.
    texts: &'a [String],
}

/// What a row's label and amount cells gave: the grant but for its other cells.
struct LineRead {
    applicant: ApplicantId,
    kind: LineKind,
    amount: i64,
    action_written: Option<Arc<ActionWritten>>,
    /// The province the row is listed under.
    province: Option<Province>,
}

/// Columns of a long-layout header.
struct Columns {
    province: Option<usize>,
    applicant: Option<usize>,
    objective: Option<usize>,
    action: Option<usize>,
    action_no: Option<usize>,
    amount: usize,
    requested: Option<usize>,
    units: Vec<(usize, Option<u8>)>,
    explanation: Option<usize>,
    status: Option<usize>,
    reason: Option<usize>,
    call: Option<usize>,
    partners: Option<usize>,
}

impl<'r> Builder<'r> {
    fn columns(
        &self,
        grid: &dyn Grid,
        header: &Header,
        sheet: u16,
        texts: &[String],
    ) -> Result<Columns, LoadError> {
        let roles = &header.roles;
        let find = |role: Role| roles.iter().position(|r| *r == role);
        let granted: Vec<usize> = (0..roles.len())
            .filter(|c| roles[*c] == Role::AmountGranted)
            .collect();
        let generic: Vec<usize> = (0..roles.len())
            .filter(|c| roles[*c] == Role::Amount)
            .collect();
        let amb = |a: usize, b: usize| {
            self.error(
                sheet,
                grid,
                header.row,
                None,
                None,
                LoadErrorKind::AmbiguousAmount {
                    first: format!("{} ({})", grid.col_name(a), texts[a]),
                    second: format!("{} ({})", grid.col_name(b), texts[b]),
                },
            )
        };
        let amount = match (granted.as_slice(), generic.as_slice()) {
            ([g], _) => *g,
            ([a, b, ..], _) => return Err(amb(*a, *b)),
            ([], [g]) => *g,
            ([], [a, b, ..]) => return Err(amb(*a, *b)),
            ([], []) => {
                return Err(self.error(
                    sheet,
                    grid,
                    header.row,
                    None,
                    None,
                    LoadErrorKind::NoAmountColumn,
                ))
            }
        };
        let units = (0..roles.len())
            .filter_map(|c| match roles[c] {
                Role::Units(k) => Some((c, k)),
                _ => None,
            })
            .collect();
        Ok(Columns {
            province: find(Role::Province),
            applicant: find(Role::Applicant),
            objective: find(Role::Objective),
            action: find(Role::Action),
            action_no: find(Role::ActionNo),
            amount,
            requested: find(Role::Requested),
            units,
            explanation: find(Role::Explanation),
            status: find(Role::Status),
            reason: find(Role::Reason),
            call: find(Role::Call),
            partners: find(Role::Partners),
        })
    }

    /// A long-layout sheet: one row per applicant and action.
    pub fn long_sheet(
        &mut self,
        grid: &dyn Grid,
        header: &Header,
        sheet: u16,
        sheet_province: Option<Province>,
    ) -> Result<(), LoadError> {
        match self.long_start(grid, header, sheet, sheet_province, true)? {
            Some(mut long) => self.long_rows(grid, &mut long, header.row + 1, (0.0, 1.0)),
            None => Ok(()),
        }
    }

    /// Starts a long-layout sheet: the title block above the header and the header's columns.
    /// `None` when the header has no local government column: then the sheet was read as a
    /// sheet of totals.
    /// With `titles` false the title block is left to the caller (a sheet read block by block
    /// knows its used columns only at its end).
    pub fn long_start(
        &mut self,
        grid: &dyn Grid,
        header: &Header,
        sheet: u16,
        sheet_province: Option<Province>,
        titles: bool,
    ) -> Result<Option<LongSheet>, LoadError> {
        if titles {
            self.read_title_block(grid, header.row);
        }
        let texts = Self::header_texts(grid, header);
        let cols = self.columns(grid, header, sheet, &texts)?;
        if cols.applicant.is_none() {
            self.totals_sheet(grid, header, sheet, &cols, &texts)?;
            return Ok(None);
        }
        let carry = Carry {
            province: sheet_province,
            ..Carry::default()
        };
        Ok(Some(LongSheet {
            cols,
            texts,
            carry,
            sheet,
        }))
    }

    /// Turns rows `first..` of `grid` into grants. Labels carry down from the rows above, also
    /// from an earlier block of rows of the same sheet (a CSV file is read block by block).
    /// Progress runs from `span.0` to `span.1` of the sheet's rows.
    pub fn long_rows<'g>(
        &mut self,
        grid: &'g dyn Grid,
        long: &mut LongSheet,
        first: usize,
        span: (f32, f32),
    ) -> Result<(), LoadError> {
        let mut memo = Memo::default();
        let width = grid.width();
        let height = grid.height();
        // One grant per row at most: grow the list once, not by doubling a large vector.
        self.grants.reserve(height.saturating_sub(first));
        // The row's cells, looked up once (a row is read about 25 times).
        let mut row: Vec<Cell<'g>> = Vec::with_capacity(width);
        for r in first..height {
            if r % 4096 == 0 {
                self.progress
                    .rows(span.0 + (span.1 - span.0) * r as f32 / height as f32);
            }
            grid.row_into(r, &mut row);
            if row.iter().all(Cell::is_blank) {
                continue;
            }
            self.long_row(grid, long, r, &row, &mut memo)?;
        }
        Ok(())
    }

    /// One row of the long layout: a total row, a repeated header, or labels carried down to
    /// the rows below and a line.
    fn long_row<'g>(
        &mut self,
        grid: &'g dyn Grid,
        long: &mut LongSheet,
        r: usize,
        row: &[Cell<'g>],
        memo: &mut Memo<'g>,
    ) -> Result<(), LoadError> {
        let (cols, texts, carry, sheet) = (&long.cols, &long.texts, &mut long.carry, long.sheet);
        let origin = Origin {
            sheet,
            row: grid.row_no(r),
        };
        if let Some((label, rest)) = total_row_label(row, cols, memo) {
            if let Some(amount) = self.amount(grid, sheet, r, cols.amount, &texts[cols.amount])? {
                self.total_row(&rest, amount, origin, carry.applicant, &label);
            }
            return Ok(());
        }
        if is_repeated_header(row, texts, memo) {
            return Ok(());
        }
        self.carry_province(row, cols, carry, memo, origin);
        self.carry_applicant(row, cols, carry, memo, origin);
        let cell_at = |c: Option<usize>| cell_of(row, c);
        let text_at = |c: Option<usize>| cell_of(row, c).display();
        let action_key = (
            CellKey::of(&cell_at(cols.action_no)),
            CellKey::of(&cell_at(cols.action)),
        );
        let amount = self.amount(grid, sheet, r, cols.amount, &texts[cols.amount])?;
        let Some(amount) = amount else {
            if action_key != (CellKey::None, CellKey::None) {
                self.note(
                    Some(origin),
                    "rij met een actie maar zonder bedrag overgeslagen".to_string(),
                );
            }
            return Ok(());
        };
        let Some(applicant) = carry.applicant else {
            self.note(
                Some(origin),
                "rij met een bedrag maar zonder lokaal bestuur overgeslagen".to_string(),
            );
            return Ok(());
        };
        let (kind, written) = if action_key == (CellKey::None, CellKey::None) {
            // A row with an amount but no action: a line without action.
            let i = self.unknown_action("(geen actie vermeld)", carry.objective);
            (LineKind::UnknownAction(i), None)
        } else {
            if let std::collections::hash_map::Entry::Vacant(slot) = memo.action.entry(action_key) {
                let action_text = match (text_at(cols.action_no), text_at(cols.action)) {
                    (Some(n), Some(t)) => format!("Actie {n} {t}"),
                    (Some(n), None) => n,
                    (None, Some(t)) => t,
                    (None, None) => String::new(),
                };
                slot.insert(self.parsed_action(&action_text));
            }
            match memo.action.get(&action_key) {
                Some(parsed) if parsed.kind == ParsedKind::Unknown => {
                    let key = (action_key, carry.objective);
                    let (kind, reading) = match memo.unknown.get(&key) {
                        Some(known) => *known,
                        None => {
                            // A title with an action number outside the catalogue is not
                            // read by its words: the file said which action it meant.
                            let known = self.outside_catalogue(
                                &parsed.label,
                                carry.objective,
                                parsed.number.is_none(),
                                origin,
                            );
                            memo.unknown.insert(key, known);
                            known
                        }
                    };
                    self.count_reading(reading);
                    (kind, self.written_action(parsed))
                }
                Some(parsed) => self.line_kind(parsed, carry.objective),
                None => return Ok(()),
            }
        };
        let at = RowAt {
            grid,
            r,
            cells: row,
            origin,
            sheet,
            cols,
            texts,
        };
        let line = LineRead {
            applicant,
            kind,
            amount,
            action_written: written,
            province: carry.province,
        };
        self.push_grant(&at, line, memo)
    }

    /// A province written in the row holds for the rows below.
    fn carry_province<'g>(
        &mut self,
        row: &[Cell<'g>],
        cols: &Columns,
        carry: &mut Carry,
        memo: &mut Memo<'g>,
        origin: Origin,
    ) {
        match cell_of(row, cols.province) {
            Cell::Text(t) if !trim(t).is_empty() => {
                let t = trim(t);
                match memo.province.get_or_insert_with(t, || Province::parse(t)) {
                    Some(p) => carry.province = Some(p),
                    None => self.note(Some(origin), format!("onbekende provincie '{t}'")),
                }
            }
            other => {
                if let Some(t) = other.display() {
                    match Province::parse(&t) {
                        Some(p) => carry.province = Some(p),
                        None => self.note(Some(origin), format!("onbekende provincie '{t}'")),
                    }
                }
            }
        }
    }

    /// An applicant (with partners in its name or in a partners column) and an objective
    /// written in the row hold for the rows below; a new applicant starts without objective
    /// unless the row states one.
    fn carry_applicant<'g>(
        &mut self,
        row: &[Cell<'g>],
        cols: &Columns,
        carry: &mut Carry,
        memo: &mut Memo<'g>,
        origin: Origin,
    ) {
        let reference = self.reference;
        let cell_at = |c: Option<usize>| cell_of(row, c);
        let text_at = |c: Option<usize>| cell_of(row, c).display();
        let objective_at = |memo: &mut Memo<'g>| -> Option<Option<u8>> {
            match cell_at(cols.objective) {
                Cell::Text(t) if !trim(t).is_empty() => {
                    let t = trim(t);
                    Some(
                        memo.objective
                            .get_or_insert_with(t, || reference.match_objective(t)),
                    )
                }
                _ => text_at(cols.objective).map(|t| reference.match_objective(&t)),
            }
        };
        if let Some(o) = objective_at(memo) {
            carry.objective = o;
        }
        let applicant_cell = cell_at(cols.applicant);
        let known = match applicant_cell {
            Cell::Text(t) if !t.contains('(') => {
                let t = trim(t);
                if t.is_empty() {
                    None
                } else {
                    let province = carry.province;
                    Some(
                        memo.applicant
                            .get_or_insert_with(t, || self.applicant(t, province)),
                    )
                }
            }
            _ => None,
        };
        if let Some(id) = known {
            // The same as below without partners in the name (split_partners finds none).
            if carry.applicant != Some(id) {
                carry.objective = objective_at(memo).flatten();
            }
            carry.applicant = Some(id);
            if let Some(p) = text_at(cols.partners) {
                let partner_names = split_list(&p);
                if !partner_names.is_empty() {
                    let name = applicant_cell.text().unwrap_or_default();
                    self.add_collaboration(name, &partner_names, origin, carry.province);
                }
            }
        } else if let Some(t) = text_at(cols.applicant) {
            let (name, partners) = split_partners(&t);
            let id = self.applicant(&name, carry.province);
            if carry.applicant != Some(id) {
                carry.objective = objective_at(memo).flatten();
            }
            carry.applicant = Some(id);
            let mut partner_names = partners;
            if let Some(p) = text_at(cols.partners) {
                partner_names.extend(split_list(&p));
            }
            if !partner_names.is_empty() {
                self.add_collaboration(&name, &partner_names, origin, carry.province);
            }
        } else if let Some(p) = text_at(cols.partners) {
            if let Some(a) = carry.applicant {
                let name = self.applicants[a as usize].name.clone();
                self.add_collaboration(&name, &split_list(&p), origin, carry.province);
            }
        }
    }

    /// The grant of a row whose label and amount cells were read: its other cells.
    fn push_grant<'g>(
        &mut self,
        at: &RowAt<'_, 'g>,
        line: LineRead,
        memo: &mut Memo<'g>,
    ) -> Result<(), LoadError> {
        let RowAt {
            grid,
            r,
            cells: row,
            origin,
            sheet,
            cols,
            texts,
        } = *at;
        let LineRead {
            applicant,
            kind,
            amount,
            action_written,
            province,
        } = line;
        let text_at = |c: Option<usize>| cell_of(row, c).display();
        let requested = match cols.requested {
            Some(c) => self.amount(grid, sheet, r, c, &texts[c])?,
            None => None,
        };
        let mut units = Units::default();
        for (c, k) in &cols.units {
            match (k, cell_of(row, Some(*c))) {
                (_, Cell::Empty) => {}
                (Some(k), cell) => {
                    if let Some(v) = cell_units(&cell) {
                        units.set(usize::from(*k), Some(v));
                    }
                }
                (None, cell) => match parse_units(&cell) {
                    Some(u) => units = u,
                    None => self.note(
                        Some(origin),
                        format!(
                            "KPI-eenheden '{}' niet gelezen",
                            cell.display().unwrap_or_default()
                        ),
                    ),
                },
            }
        }
        let status = match cols.status.map(|c| cell_of(row, Some(c))) {
            Some(Cell::Text(t)) if !trim(t).is_empty() => {
                let t = trim(t);
                memo.status.get_or_insert_with(t, || status_of(t))
            }
            _ => text_at(cols.status).map_or(Status::Granted, |s| status_of(&s)),
        };
        let call = match cols.call.map(|c| cell_of(row, Some(c))) {
            Some(Cell::Text(t)) if !trim(t).is_empty() => {
                let t = trim(t);
                let c = memo.call.get_or_insert_with(t, || parse_call_cell(t));
                if c.is_none() {
                    self.note(Some(origin), format!("oproep '{t}' niet herkend"));
                }
                c
            }
            _ => match text_at(cols.call) {
                Some(t) => {
                    let c = parse_call_cell(&t);
                    if c.is_none() {
                        self.note(Some(origin), format!("oproep '{t}' niet herkend"));
                    }
                    c
                }
                None => None,
            },
        };
        let texts = &mut self.texts;
        let mut kept = |c: Option<usize>| -> Option<TextId> {
            match cell_of(row, c) {
                Cell::Text(t) => {
                    let t = trim(t);
                    if t.is_empty() {
                        return None;
                    }
                    memo.text.get_or_insert_with(t, || texts.add(t))
                }
                cell => cell.display().and_then(|d| texts.add(&d)),
            }
        };
        let reason = kept(cols.reason);
        let explanation = kept(cols.explanation);
        self.grants.push(Grant {
            applicant,
            kind,
            amount,
            requested: MaybeCents::new(requested),
            units,
            status,
            reason,
            explanation,
            call,
            province_in_file: province,
            action_written,
            origin,
        });
        Ok(())
    }

    /// A sheet of province totals (province and amount columns, no local government column).
    fn totals_sheet(
        &mut self,
        grid: &dyn Grid,
        header: &Header,
        sheet: u16,
        cols: &Columns,
        texts: &[String],
    ) -> Result<(), LoadError> {
        let Some(pcol) = cols.province else {
            return Ok(());
        };
        for r in header.row + 1..grid.height() {
            let Some(label) = grid.cell(r, pcol).display() else {
                continue;
            };
            let origin = Origin {
                sheet,
                row: grid.row_no(r),
            };
            let Some(amount) = self.amount(grid, sheet, r, cols.amount, &texts[cols.amount])?
            else {
                continue;
            };
            if let Some(rest) = total_label(&label) {
                self.total_row(&rest, amount, origin, None, &label);
            } else if let Some(p) = Province::parse(&label) {
                self.stated.push(StatedTotal {
                    scope: TotalScope::Province(p),
                    label,
                    amount,
                    origin,
                });
            } else {
                self.note(
                    Some(origin),
                    format!("rij '{label}' in een totalenblad niet herkend"),
                );
            }
        }
        Ok(())
    }
}

/// A total row: a "Totaal…" label in any label column, and what it totals.
fn total_row_label<'g>(
    row: &[Cell<'g>],
    cols: &Columns,
    memo: &mut Memo<'g>,
) -> Option<(String, String)> {
    let label_cols = [
        cols.applicant,
        cols.province,
        cols.objective,
        cols.action,
        cols.action_no,
    ];
    for (k, c) in label_cols.into_iter().enumerate() {
        if let Cell::Text(written) = cell_of(row, c) {
            // The same text at the same place as a label of an earlier row that was no total
            // (labels repeat down their column): not read again.
            let place = (written.as_ptr() as usize, written.len());
            if memo.no_total.get(k) == Some(&Some(place)) {
                continue;
            }
            let t = trim(written);
            if !t.is_empty() && may_be_total_label(t) {
                if let Some(rest) = memo.total.get_or_insert_with(t, || total_label(t)) {
                    return Some((t.to_string(), rest));
                }
            }
            if let Some(slot) = memo.no_total.get_mut(k) {
                *slot = Some(place);
            }
        }
    }
    None
}

/// A header row repeated in the data (two or more cells show their column's header).
fn is_repeated_header<'g>(row: &[Cell<'g>], texts: &[String], memo: &mut Memo<'g>) -> bool {
    if memo.no_header.len() < row.len() {
        memo.no_header.resize(row.len(), None);
    }
    let mut shown = 0;
    for ((cell, t), no_header) in row.iter().zip(texts).zip(memo.no_header.iter_mut()) {
        if t.is_empty() {
            continue;
        }
        // A text at the same place as one of an earlier row that did not show the header
        // (labels repeat down their column) does not either.
        let place = match cell {
            Cell::Text(w) => Some((w.as_ptr() as usize, w.len())),
            _ => None,
        };
        if place.is_some() && *no_header == place {
            continue;
        }
        if shows(cell, t) {
            shown += 1;
            if shown == 2 {
                return true;
            }
        } else if place.is_some() {
            *no_header = place;
        }
    }
    false
}
