//! Turning rows into applicants, grants and stated totals.

use std::collections::HashMap;

use super::error::{LoadError, LoadErrorKind};
use super::grid::{trim, Cell, Grid};
use super::layout::{parse_call_cell, Header, Role};
use super::progress::Progress;
use crate::model::{
    ActionReading, ActionWritten, Applicant, ApplicantId, ApplicantKind, Collaboration,
    CollaborationSource, Grant, LineKind, LoadNote, NameMatch, Origin, Province, Spelling,
    StatedTotal, Status, TotalScope, Units, UnknownAction,
};
use crate::money::{cents_from_f64, parse_amount, AmountError};
use crate::names::{fold, fold_local_government};
use crate::reference::{NameTarget, Reference};

/// What an action cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedKind {
    Action(u8),
    Mentorship(Option<u8>),
    SocialImpactBond,
    Unknown,
}

/// An action cell, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAction {
    pub kind: ParsedKind,
    pub number: Option<u8>,
    pub title_match: Option<u8>,
    /// The title part as written (for unknown actions and diagnostics).
    pub label: String,
}

/// Parses "5", "Actie 5", "A5", "Actie 5 – Oefenkansen Nederlands organiseren", a catalogue
/// title, "Mentorschap – … (actie 11)", "Sociale impactobligatie".
pub fn parse_action_text(text: &str, reference: &Reference) -> ParsedAction {
    let label = text.trim().to_string();
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    let number_in = |ws: &[&str]| -> Option<u8> {
        ws.windows(2)
            .find(|w| w[0] == "actie")
            .and_then(|w| w[1].parse::<u8>().ok())
    };
    if f.contains("mentorschap") || f.contains("mentorbestuur") || f.starts_with("mentor ") {
        let rest: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !w.starts_with("mentorschap") && !w.starts_with("mentorbestuur"))
            .collect();
        let n = number_in(&words).filter(|n| (1..=24).contains(n));
        let title = reference.match_action_title(&rest.join(" "));
        return ParsedAction {
            kind: ParsedKind::Mentorship(n.or(title)),
            number: n,
            title_match: title,
            label,
        };
    }
    if f.contains("impactobligatie")
        || f.contains("impact obligatie")
        || f.contains("impact bond")
        || words.contains(&"sio")
    {
        return ParsedAction {
            kind: ParsedKind::SocialImpactBond,
            number: None,
            title_match: None,
            label,
        };
    }
    let mut number = None;
    let mut rest: &[&str] = &words;
    match words.as_slice() {
        [p, "nr", n, tail @ ..] | [p, n, tail @ ..]
            if matches!(
                *p,
                "actie" | "act" | "nr" | "actienr" | "actienummer" | "acties"
            ) && n.parse::<u8>().is_ok() =>
        {
            number = n.parse::<u8>().ok();
            rest = tail;
        }
        [n, tail @ ..] if n.parse::<u8>().is_ok() => {
            number = n.parse::<u8>().ok();
            rest = tail;
        }
        [an, tail @ ..] if an.len() > 1 && an.starts_with('a') && an[1..].parse::<u8>().is_ok() => {
            number = an[1..].parse::<u8>().ok();
            rest = tail;
        }
        _ => {}
    }
    let rest_text = rest.join(" ");
    let title_match = if rest_text.is_empty() {
        None
    } else {
        reference.match_action_title(&rest_text)
    };
    let kind = match number {
        Some(n) if (1..=24).contains(&n) => ParsedKind::Action(n),
        Some(_) => ParsedKind::Unknown,
        None => title_match.map_or(ParsedKind::Unknown, ParsedKind::Action),
    };
    ParsedAction {
        kind,
        number,
        title_match,
        label,
    }
}

/// Words that start a total row.
fn total_label(text: &str) -> Option<String> {
    let f = fold(text);
    for key in [
        "algemeen totaal",
        "eindtotaal",
        "generaal totaal",
        "totaal generaal",
        "grand total",
        "subtotaal",
        "totaal",
        "total",
    ] {
        if f == key || f.starts_with(&format!("{key} ")) {
            let rest = f[key.len()..].trim().to_string();
            let grand = matches!(
                key,
                "algemeen totaal"
                    | "eindtotaal"
                    | "generaal totaal"
                    | "totaal generaal"
                    | "grand total"
            );
            return Some(if grand { String::new() } else { rest });
        }
    }
    None
}

/// A title block is read in the first this many used columns of a sheet.
pub const TITLE_COLUMNS: usize = 12;

/// Identity of an applicant in the builder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Known(u16, u8),
    Unknown(String),
}

/// Collects applicants, grants and totals over all sheets of one file.
pub struct Builder<'r> {
    reference: &'r Reference,
    pub file: String,
    pub sheets: Vec<String>,
    pub applicants: Vec<Applicant>,
    keys: HashMap<Key, ApplicantId>,
    raw: HashMap<String, (ApplicantId, NameMatch)>,
    actions: HashMap<String, ParsedAction>,
    pub unknown_actions: Vec<UnknownAction>,
    unknown_index: HashMap<(String, Option<u8>), u16>,
    pub action_readings: Vec<ActionReading>,
    /// Folded title and stated objective → the reading of it, if its words gave one.
    reading_index: HashMap<(String, u8), Option<usize>>,
    pub grants: Vec<Grant>,
    pub stated: Vec<StatedTotal>,
    pub notes: Vec<LoadNote>,
    pub collaborations: Vec<Collaboration>,
    pub title_call: Option<u8>,
    /// Sum of the absolute amounts of all lines so far: kept within i64 so that no total
    /// computed from the lines can overflow.
    abs_total: i64,
    pub progress: Progress<'r>,
}

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
    pub fn new(reference: &'r Reference, file: &str, progress: Progress<'r>) -> Builder<'r> {
        Builder {
            reference,
            file: file.to_string(),
            sheets: Vec::new(),
            applicants: Vec::new(),
            keys: HashMap::new(),
            raw: HashMap::new(),
            actions: HashMap::new(),
            unknown_actions: Vec::new(),
            unknown_index: HashMap::new(),
            action_readings: Vec::new(),
            reading_index: HashMap::new(),
            grants: Vec::new(),
            stated: Vec::new(),
            notes: Vec::new(),
            collaborations: Vec::new(),
            title_call: None,
            abs_total: 0,
            progress,
        }
    }

    fn error(
        &self,
        sheet: u16,
        grid: &dyn Grid,
        row: usize,
        col: Option<usize>,
        header: Option<&str>,
        kind: LoadErrorKind,
    ) -> LoadError {
        let sheet_name = self
            .sheets
            .get(usize::from(sheet))
            .filter(|s| !s.is_empty())
            .cloned();
        LoadError {
            file: self.file.clone(),
            sheet: sheet_name,
            row: Some(grid.row_no(row)),
            column: col.map(|c| match header {
                Some(h) => format!("{} ({h})", grid.col_name(c)),
                None => grid.col_name(c),
            }),
            kind,
        }
    }

    fn note(&mut self, origin: Option<Origin>, message: String) {
        // Keep the list readable for huge files.
        if self.notes.len() < 1000 {
            self.notes.push(LoadNote { origin, message });
        }
    }

    /// Finds or creates the applicant for a name as written.
    fn applicant(&mut self, written: &str, province_hint: Option<Province>) -> ApplicantId {
        let written = written.trim();
        if let Some((id, _)) = self.raw.get(written) {
            return *id;
        }
        let (target, matched) = self.reference.resolve_name(written);
        let (key, name, kind, province) = match target {
            Some(NameTarget::Municipality(m)) => {
                let muni = &self.reference.municipalities[usize::from(m)];
                (
                    Key::Known(m, 0),
                    muni.name.clone(),
                    ApplicantKind::Municipality(m),
                    Some(muni.province),
                )
            }
            Some(NameTarget::Vgc) => (
                Key::Known(0, 1),
                "VGC".to_string(),
                ApplicantKind::Vgc,
                Some(Province::Brussel),
            ),
            Some(NameTarget::DeRand) | Some(NameTarget::DeRandFor(_)) => (
                Key::Known(0, 2),
                "vzw De Rand".to_string(),
                ApplicantKind::DeRand,
                Some(Province::VlaamsBrabant),
            ),
            None => (
                Key::Unknown(fold_local_government(written)),
                collapse_spaces(written),
                ApplicantKind::Unknown,
                province_hint,
            ),
        };
        let id = match self.keys.get(&key) {
            Some(id) => *id,
            None => {
                let id = self.applicants.len() as ApplicantId;
                self.applicants.push(Applicant {
                    name,
                    kind,
                    province,
                    spellings: Vec::new(),
                });
                self.keys.insert(key, id);
                id
            }
        };
        if let Some(a) = self.applicants.get_mut(id as usize) {
            if !a.spellings.iter().any(|s| s.written == written) {
                a.spellings.push(Spelling {
                    written: written.to_string(),
                    matched,
                });
            }
        }
        self.raw.insert(written.to_string(), (id, matched));
        id
    }

    /// The applicant a total label names, without creating one.
    fn existing_applicant(&self, label: &str) -> Option<ApplicantId> {
        if let Some((id, _)) = self.raw.get(label.trim()) {
            return Some(*id);
        }
        let folded = fold_local_government(label);
        if let Some(id) = self.keys.get(&Key::Unknown(folded.clone())) {
            return Some(*id);
        }
        match self.reference.resolve_name(label).0 {
            Some(NameTarget::Municipality(m)) => self.keys.get(&Key::Known(m, 0)).copied(),
            Some(NameTarget::Vgc) => self.keys.get(&Key::Known(0, 1)).copied(),
            Some(NameTarget::DeRand) | Some(NameTarget::DeRandFor(_)) => {
                self.keys.get(&Key::Known(0, 2)).copied()
            }
            None => None,
        }
    }

    fn parsed_action(&mut self, text: &str) -> ParsedAction {
        if let Some(p) = self.actions.get(text) {
            return p.clone();
        }
        let p = parse_action_text(text, self.reference);
        self.actions.insert(text.to_string(), p.clone());
        p
    }

    fn unknown_action(&mut self, label: &str, objective: Option<u8>) -> u16 {
        let key = (fold(label), objective);
        if let Some(i) = self.unknown_index.get(&key) {
            return *i;
        }
        let i = self.unknown_actions.len().min(u16::MAX as usize) as u16;
        self.unknown_actions.push(UnknownAction {
            label: collapse_spaces(label),
            objective,
        });
        self.unknown_index.insert(key, i);
        i
    }

    /// A title that matches no catalogue title, under `objective` when the file states one:
    /// with `by_words`, the action of that objective its words clearly name (a reading, first
    /// read at `origin`), else an unknown action kept under that objective. Gives the line kind
    /// and the reading's index; the caller counts the reading's lines.
    fn outside_catalogue(
        &mut self,
        label: &str,
        objective: Option<u8>,
        by_words: bool,
        origin: Origin,
    ) -> KnownLine {
        if let (true, Some(objective)) = (by_words, objective) {
            let key = (fold(label), objective);
            let reading = match self.reading_index.get(&key) {
                Some(r) => *r,
                None => {
                    let r = self
                        .reference
                        .match_action_words(label, objective)
                        .map(|m| {
                            self.action_readings.push(ActionReading {
                                label: collapse_spaces(label),
                                objective,
                                action: m.action,
                                words: m.words,
                                origin,
                                lines: 0,
                            });
                            self.action_readings.len() - 1
                        });
                    self.reading_index.insert(key, r);
                    r
                }
            };
            if let Some(r) = reading {
                if let Some(reading) = self.action_readings.get(r) {
                    return (LineKind::Action(reading.action), Some(r));
                }
            }
        }
        let i = self.unknown_action(label, objective);
        (LineKind::UnknownAction(i), None)
    }

    /// One more line read through a reading.
    fn count_reading(&mut self, reading: Option<usize>) {
        if let Some(r) = reading.and_then(|r| self.action_readings.get_mut(r)) {
            r.lines = r.lines.saturating_add(1);
        }
    }

    /// Reads an amount cell: `Ok(None)` when blank. Every amount read (lines, totals, requested
    /// amounts) counts towards the sum of absolute amounts, which must fit in i64 cents: then no
    /// sum or difference of them computed later (totals, checks) can overflow.
    fn amount(
        &mut self,
        grid: &dyn Grid,
        sheet: u16,
        row: usize,
        col: usize,
        header: &str,
    ) -> Result<Option<i64>, LoadError> {
        let amount = self.read_amount(grid, sheet, row, col, header)?;
        if let Some(a) = amount {
            match a.checked_abs().and_then(|a| self.abs_total.checked_add(a)) {
                Some(total) => self.abs_total = total,
                None => {
                    return Err(self.error(
                        sheet,
                        grid,
                        row,
                        Some(col),
                        Some(header),
                        LoadErrorKind::TotalTooLarge {
                            text: grid.cell(row, col).display().unwrap_or_default(),
                        },
                    ))
                }
            }
        }
        Ok(amount)
    }

    fn read_amount(
        &self,
        grid: &dyn Grid,
        sheet: u16,
        row: usize,
        col: usize,
        header: &str,
    ) -> Result<Option<i64>, LoadError> {
        let err = |kind| self.error(sheet, grid, row, Some(col), Some(header), kind);
        let bad = |text: String, e: AmountError| {
            err(LoadErrorKind::BadAmount {
                text,
                reason: e.to_string(),
            })
        };
        match grid.cell(row, col) {
            Cell::Empty => Ok(None),
            Cell::Text(t) if trim(t).is_empty() || trim(t) == "-" => Ok(None),
            Cell::Text(t) if plain_cents(trim(t)).is_some() => Ok(plain_cents(trim(t))),
            Cell::Text(t) => parse_amount(t)
                .map(Some)
                .map_err(|e| bad(trim(t).to_string(), e)),
            Cell::Float(f) => cents_from_f64(f)
                .map(Some)
                .map_err(|e| bad(f.to_string(), e)),
            Cell::Int(i) => i
                .checked_mul(100)
                .map(Some)
                .ok_or_else(|| bad(i.to_string(), AmountError::TooLarge)),
            Cell::Date => Err(err(LoadErrorKind::DateAsAmount)),
            Cell::Bool(_) => Err(err(LoadErrorKind::BoolAsAmount)),
            Cell::Error(e) => Err(err(LoadErrorKind::FormulaError(e.to_string()))),
        }
    }

    /// Records a total row. The label decides the scope; an applicant named like the current
    /// one is its subtotal, a province name is a province total, nothing is the grand total.
    fn total_row(
        &mut self,
        rest: &str,
        amount: i64,
        origin: Origin,
        current: Option<ApplicantId>,
        label: &str,
    ) {
        let scope = if rest.is_empty() {
            Some(TotalScope::Grand)
        } else {
            let current_match = current.filter(|c| Some(*c) == self.existing_applicant(rest));
            let stripped = rest
                .strip_prefix("provincie ")
                .or_else(|| rest.strip_prefix("prov "));
            if let (Some(p), true) = (Province::parse(rest), stripped.is_some()) {
                Some(TotalScope::Province(p))
            } else if let Some(a) = current_match {
                Some(TotalScope::Applicant(a))
            } else if let Some(p) = Province::parse(rest) {
                Some(TotalScope::Province(p))
            } else if matches!(
                rest,
                "vlaanderen" | "vlaams gewest" | "generaal" | "alle provincies"
            ) {
                Some(TotalScope::Grand)
            } else {
                self.existing_applicant(rest).map(TotalScope::Applicant)
            }
        };
        match scope {
            Some(scope) => self.stated.push(StatedTotal {
                scope,
                label: label.trim().to_string(),
                amount,
                origin,
            }),
            None => self.note(
                Some(origin),
                format!(
                    "totaalrij '{}' hoort bij niets bekends en is niet gecontroleerd",
                    label.trim()
                ),
            ),
        }
    }

    fn header_texts(grid: &dyn Grid, header: &Header) -> Vec<String> {
        (0..grid.width())
            .map(|c| grid.cell(header.row, c).display().unwrap_or_default())
            .collect()
    }

    /// Title rows above the header may name the call.
    fn read_title_block(&mut self, grid: &dyn Grid, upto: usize) {
        let calls = super::layout::title_calls(grid, upto, TITLE_COLUMNS);
        if let Some((_, call)) = calls.first() {
            self.title_call.get_or_insert(*call);
        }
    }

    /// A sheet with text but no table (a title page): only the call is read.
    pub fn text_sheet(&mut self, grid: &dyn Grid) {
        self.read_title_block(grid, 30);
    }

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
        let (cols, texts, carry, sheet) = (&long.cols, &long.texts, &mut long.carry, long.sheet);
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
            row.clear();
            row.extend((0..width).map(|c| grid.cell(r, c)));
            if row.iter().all(Cell::is_blank) {
                continue;
            }
            let row = row.as_slice();
            let origin = Origin {
                sheet,
                row: grid.row_no(r),
            };
            let cell_at = |c: Option<usize>| cell_of(row, c);
            let text_at = |c: Option<usize>| cell_of(row, c).display();
            // Total rows: a "Totaal…" label in any label column.
            let label_cols = [
                cols.applicant,
                cols.province,
                cols.objective,
                cols.action,
                cols.action_no,
            ];
            let mut total = None;
            for c in label_cols {
                if let Cell::Text(t) = cell_of(row, c) {
                    let t = trim(t);
                    if t.is_empty() || !may_be_total_label(t) {
                        continue;
                    }
                    if let Some(rest) = memo.total.get_or_insert_with(t, || total_label(t)) {
                        total = Some((t.to_string(), rest));
                        break;
                    }
                }
            }
            if let Some((label, rest)) = total {
                if let Some(amount) =
                    self.amount(grid, sheet, r, cols.amount, &texts[cols.amount])?
                {
                    self.total_row(&rest, amount, origin, carry.applicant, &label);
                }
                continue;
            }
            // A repeated header row.
            if (0..width)
                .filter(|c| {
                    texts
                        .get(*c)
                        .is_some_and(|t| !t.is_empty() && shows(&row[*c], t))
                })
                .count()
                >= 2
            {
                continue;
            }
            match cell_at(cols.province) {
                Cell::Text(t) if !trim(t).is_empty() => {
                    let t = trim(t);
                    let p = memo.province.get_or_insert_with(t, || Province::parse(t));
                    match p {
                        Some(p) => carry.province = Some(p),
                        None => self.note(Some(origin), format!("onbekende provincie '{t}'")),
                    }
                }
                _ => {
                    if let Some(t) = text_at(cols.province) {
                        match Province::parse(&t) {
                            Some(p) => carry.province = Some(p),
                            None => self.note(Some(origin), format!("onbekende provincie '{t}'")),
                        }
                    }
                }
            }
            let reference = self.reference;
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
            if let Some(o) = objective_at(&mut memo) {
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
                    carry.objective = objective_at(&mut memo).flatten();
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
                    carry.objective = objective_at(&mut memo).flatten();
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
                continue;
            };
            let Some(applicant) = carry.applicant else {
                self.note(
                    Some(origin),
                    "rij met een bedrag maar zonder lokaal bestuur overgeslagen".to_string(),
                );
                continue;
            };
            let (kind, written) = if action_key == (CellKey::None, CellKey::None) {
                // A row with an amount but no action: a line without action.
                let i = self.unknown_action("(geen actie vermeld)", carry.objective);
                (LineKind::UnknownAction(i), None)
            } else {
                if let std::collections::hash_map::Entry::Vacant(slot) =
                    memo.action.entry(action_key)
                {
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
                        (kind, written_action(parsed))
                    }
                    Some(parsed) => self.line_kind(parsed, carry.objective),
                    None => continue,
                }
            };
            self.push_grant(
                grid,
                r,
                row,
                cols,
                applicant,
                kind,
                amount,
                written,
                carry.province,
                origin,
                sheet,
                texts,
                &mut memo,
            )?;
        }
        Ok(())
    }

    fn line_kind(
        &mut self,
        parsed: &ParsedAction,
        objective: Option<u8>,
    ) -> (LineKind, Option<Box<ActionWritten>>) {
        let kind = match parsed.kind {
            ParsedKind::Action(n) => LineKind::Action(n),
            ParsedKind::Mentorship(n) => LineKind::Mentorship(n),
            ParsedKind::SocialImpactBond => LineKind::SocialImpactBond,
            ParsedKind::Unknown => {
                LineKind::UnknownAction(self.unknown_action(&parsed.label, objective))
            }
        };
        (kind, written_action(parsed))
    }

    #[allow(clippy::too_many_arguments)]
    fn push_grant<'g>(
        &mut self,
        grid: &'g dyn Grid,
        r: usize,
        row: &[Cell<'g>],
        cols: &Columns,
        applicant: ApplicantId,
        kind: LineKind,
        amount: i64,
        action_written: Option<Box<ActionWritten>>,
        province: Option<Province>,
        origin: Origin,
        sheet: u16,
        texts: &[String],
        memo: &mut Memo<'g>,
    ) -> Result<(), LoadError> {
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
                        units.0[usize::from(*k)] = Some(v);
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
        self.grants.push(Grant {
            applicant,
            kind,
            amount,
            requested,
            units,
            status,
            reason: text_at(cols.reason),
            explanation: text_at(cols.explanation),
            call,
            province_in_file: province,
            action_written,
            origin,
        });
        Ok(())
    }

    fn add_collaboration(
        &mut self,
        lead: &str,
        partners: &[String],
        origin: Origin,
        province: Option<Province>,
    ) {
        let lead = self.reference.party(lead);
        let partners: Vec<_> = partners.iter().map(|p| self.reference.party(p)).collect();
        // The same listing on several rows of one applicant counts once.
        if self
            .collaborations
            .iter()
            .any(|c| c.lead == lead && c.partners == partners)
        {
            return;
        }
        self.collaborations.push(Collaboration {
            source: CollaborationSource::Annex(origin),
            province_as_published: province.map(|p| p.name().to_string()),
            lead,
            partners,
        });
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

    /// A wide-layout sheet: one row per applicant, one column per action.
    pub fn wide_sheet(
        &mut self,
        grid: &dyn Grid,
        header: &Header,
        sheet: u16,
        sheet_province: Option<Province>,
    ) -> Result<(), LoadError> {
        self.read_title_block(grid, header.row);
        let texts = Self::header_texts(grid, header);
        let objective_over = super::layout::objectives_over(grid, header.row, self.reference);
        let header_origin = Origin {
            sheet,
            row: grid.row_no(header.row),
        };
        // Per action column, its line kind and reading once known (at its first line).
        let mut column_kinds: Vec<Option<KnownLine>> = vec![None; grid.width()];
        let acol = header.col(Role::Applicant);
        let pcol = header.col(Role::Province);
        let tcol = header.col(Role::Total);
        let mut province = sheet_province;
        let mut current: Option<ApplicantId> = None;
        for r in header.row + 1..grid.height() {
            if (0..grid.width()).all(|c| grid.cell(r, c).is_blank()) {
                continue;
            }
            let origin = Origin {
                sheet,
                row: grid.row_no(r),
            };
            if let Some(t) = pcol.and_then(|c| grid.cell(r, c).display()) {
                if total_label(&t).is_none() {
                    match Province::parse(&t) {
                        Some(p) => province = Some(p),
                        None => self.note(Some(origin), format!("onbekende provincie '{t}'")),
                    }
                }
            }
            let name = acol.and_then(|c| grid.cell(r, c).display());
            let label = name
                .clone()
                .or_else(|| pcol.and_then(|c| grid.cell(r, c).display()));
            if let Some(rest) = label.as_deref().and_then(total_label) {
                let label = label.unwrap_or_default();
                // A total row: per action column totals are not kept; the row total is.
                let total_col = tcol.unwrap_or(usize::MAX);
                if tcol.is_some() {
                    if let Some(amount) =
                        self.amount(grid, sheet, r, total_col, &texts[total_col])?
                    {
                        self.total_row(&rest, amount, origin, current, &label);
                    }
                } else {
                    let mut sum = 0i64;
                    for (c, role) in header.roles.iter().enumerate() {
                        if matches!(role, Role::WideAction(_) | Role::WideUnknown) {
                            let amount = self.amount(grid, sheet, r, c, &texts[c])?.unwrap_or(0);
                            sum = sum.checked_add(amount).ok_or_else(|| {
                                self.error(
                                    sheet,
                                    grid,
                                    r,
                                    Some(c),
                                    Some(&texts[c]),
                                    LoadErrorKind::TotalTooLarge {
                                        text: grid.cell(r, c).display().unwrap_or_default(),
                                    },
                                )
                            })?;
                        }
                    }
                    self.total_row(&rest, sum, origin, current, &label);
                }
                continue;
            }
            if let Some(name) = name {
                let (name, partners) = split_partners(&name);
                current = Some(self.applicant(&name, province));
                if !partners.is_empty() {
                    self.add_collaboration(&name, &partners, origin, province);
                }
            }
            let Some(applicant) = current else {
                continue;
            };
            for (c, role) in header.roles.iter().enumerate() {
                if !matches!(role, Role::WideAction(_) | Role::WideUnknown) {
                    continue;
                }
                let Some(amount) = self.amount(grid, sheet, r, c, &texts[c])? else {
                    continue;
                };
                if amount == 0 {
                    // In a grid of actions an explicit 0 means "no grant".
                    continue;
                }
                let (kind, reading) = match (role, column_kinds[c]) {
                    (Role::WideAction(no), _) => (LineKind::Action(*no), None),
                    (_, Some(known)) => known,
                    _ => {
                        let objective = objective_over.get(c).copied().flatten();
                        let numbered = parse_action_text(&texts[c], self.reference)
                            .number
                            .is_some();
                        let known =
                            self.outside_catalogue(&texts[c], objective, !numbered, header_origin);
                        column_kinds[c] = Some(known);
                        known
                    }
                };
                self.count_reading(reading);
                let parsed = parse_action_text(&texts[c], self.reference);
                let written = match role {
                    Role::WideAction(_) => self.line_kind(&parsed, None).1,
                    _ => None,
                };
                self.grants.push(Grant {
                    applicant,
                    kind,
                    amount,
                    requested: None,
                    units: Units::default(),
                    status: Status::Granted,
                    reason: None,
                    explanation: None,
                    call: None,
                    province_in_file: province,
                    action_written: written,
                    origin,
                });
            }
            if let Some(tc) = tcol {
                if let Some(amount) = self.amount(grid, sheet, r, tc, &texts[tc])? {
                    self.stated.push(StatedTotal {
                        scope: TotalScope::Applicant(applicant),
                        label: format!(
                            "{} ({})",
                            texts[tc], self.applicants[applicant as usize].name
                        ),
                        amount,
                        origin,
                    });
                }
            }
        }
        Ok(())
    }
}

/// "Harelbeke (samen met Waregem, Zwevegem, Kuurne)" → ("Harelbeke", [Waregem, Zwevegem, Kuurne]).
/// Cents of an amount written as plain digits with at most a decimal comma and two decimals
/// ("12500", "12500,5", "12500,50"): what `parse_amount` gives for them, without its
/// allocations (CSV exports write every amount this way). `None` for anything else.
fn plain_cents(text: &str) -> Option<i64> {
    let (int, frac) = text.split_once(',').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 15 || frac.len() > 2 || !digits(int) || !digits(frac) {
        return None;
    }
    if text.contains(',') && frac.is_empty() {
        return None;
    }
    let euros: i64 = int.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(euros * 100 + cents)
}

/// Whether a grant line's status text means refused.
fn status_of(text: &str) -> Status {
    let f = fold(text);
    if f.contains("geweigerd")
        || f.contains("afgewezen")
        || f.contains("niet goedgekeurd")
        || f.contains("niet toegekend")
        || f == "nee"
        || f.contains("weigering")
        || f.contains("refused")
    {
        Status::Refused
    } else {
        Status::Granted
    }
}

/// The action as written, kept when both a number and a catalogue title were written.
fn written_action(parsed: &ParsedAction) -> Option<Box<ActionWritten>> {
    (parsed.number.is_some() && parsed.title_match.is_some()).then(|| {
        Box::new(ActionWritten {
            text: parsed.label.clone(),
            number: parsed.number,
            title_match: parsed.title_match,
        })
    })
}

/// Whether [`total_label`] could match the cell's text, decided without allocating: every
/// total word contains "tota", and folding plain ASCII text only lowercases it and turns
/// other characters into spaces. Numbers never fold to a total word.
fn may_be_total_label(text: &str) -> bool {
    !text.is_ascii()
        || text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"tota"))
}

/// The cell of a row in a column, if the row has that column.
fn cell_of<'g>(row: &[Cell<'g>], col: Option<usize>) -> Cell<'g> {
    col.and_then(|c| row.get(c)).copied().unwrap_or(Cell::Empty)
}

/// Whether the cell displays as `text` (`Cell::display`), without allocating for text cells.
fn shows(cell: &Cell<'_>, text: &str) -> bool {
    match cell {
        Cell::Text(_) => cell.text() == Some(text),
        // A number displays as digits, "-", "NaN" or "inf": skip the formatting otherwise.
        Cell::Int(_) | Cell::Float(_) => {
            text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | 'N' | 'i'))
                && cell.display().as_deref() == Some(text)
        }
        _ => false,
    }
}

/// A cell as a hashable key (text borrowed from the grid), for the per-sheet caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CellKey<'g> {
    /// Blank, or a cell that displays as nothing (a date, a boolean, an error).
    None,
    Text(&'g str),
    Int(i64),
    Float(u64),
}

impl<'g> CellKey<'g> {
    fn of(cell: &Cell<'g>) -> CellKey<'g> {
        match cell {
            Cell::Text(_) => cell.text().map_or(CellKey::None, CellKey::Text),
            Cell::Int(i) => CellKey::Int(*i),
            Cell::Float(f) => CellKey::Float(f.to_bits()),
            _ => CellKey::None,
        }
    }
}

/// A line kind, and the index of the reading (a title read by its words) that gave it.
type KnownLine = (LineKind, Option<usize>);

/// Per-sheet caches keyed by cell text borrowed from the grid: label cells repeat on almost
/// every row, and folding them again on every row was most of the load time.
#[derive(Default)]
struct Memo<'g> {
    total: TextMemo<'g, Option<String>>,
    province: TextMemo<'g, Option<Province>>,
    objective: TextMemo<'g, Option<u8>>,
    applicant: TextMemo<'g, ApplicantId>,
    action: FastMap<(CellKey<'g>, CellKey<'g>), ParsedAction>,
    /// The kind of a line whose action is not a catalogue title, and the reading of it.
    unknown: FastMap<((CellKey<'g>, CellKey<'g>), Option<u8>), KnownLine>,
    status: TextMemo<'g, Status>,
    call: TextMemo<'g, Option<u8>>,
}

/// A cache by cell text that checks the last entry first, by address: the shared strings of
/// an xlsx file are one allocation per distinct text and label cells repeat in runs, so most
/// rows skip hashing. (A CSV grid also keeps a repeated label once: `grid::CsvGrid`.)
struct TextMemo<'g, V> {
    last: Option<(&'g str, V)>,
    map: FastMap<&'g str, V>,
}

impl<V> Default for TextMemo<'_, V> {
    fn default() -> Self {
        TextMemo {
            last: None,
            map: FastMap::default(),
        }
    }
}

impl<'g, V: Clone> TextMemo<'g, V> {
    fn get_or_insert_with(&mut self, key: &'g str, f: impl FnOnce() -> V) -> V {
        if let Some((k, v)) = &self.last {
            if std::ptr::eq(k.as_ptr(), key.as_ptr()) && k.len() == key.len() {
                return v.clone();
            }
        }
        let v = self.map.entry(key).or_insert_with(f).clone();
        self.last = Some((key, v.clone()));
        v
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The Fx hash (as in rustc): fast for short keys; the keys here come from one file, so
/// resistance to crafted collisions does not matter.
#[derive(Default)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(b));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn split_partners(text: &str) -> (String, Vec<String>) {
    let lower = text.to_lowercase();
    if let Some(pos) = lower.find("(samen met") {
        let name = text[..pos].trim().to_string();
        let inner = text[pos + "(samen met".len()..].trim_end();
        let inner = inner.strip_suffix(')').unwrap_or(inner);
        return (name, split_list(inner));
    }
    (text.trim().to_string(), Vec::new())
}

/// "Waregem, Zwevegem en Kuurne" → three names.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '/', '\n'])
        .flat_map(|p| p.split(" en "))
        .map(|p| {
            let p = p.trim();
            // Drop an unbalanced closing parenthesis, keep "De Rand (io Wemmel)".
            if p.ends_with(')') && p.matches(')').count() > p.matches('(').count() {
                p[..p.len() - 1].trim()
            } else {
                p
            }
        })
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell_units(cell: &Cell<'_>) -> Option<u32> {
    match cell {
        Cell::Int(i) => u32::try_from(*i).ok(),
        Cell::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f <= u32::MAX as f64 => Some(*f as u32),
        Cell::Text(t) => trim(t).replace('.', "").parse().ok(),
        _ => None,
    }
}

/// "120 / 10 / 5", "120; 10; 5" or a single number.
fn parse_units(cell: &Cell<'_>) -> Option<Units> {
    let mut units = Units::default();
    if let Some(v) = cell_units(cell) {
        units.0[0] = Some(v);
        return Some(units);
    }
    let text = cell.text()?;
    let parts: Vec<&str> = text.split(['/', ';', '|', '+']).map(str::trim).collect();
    if parts.len() > 3 {
        return None;
    }
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || *p == "-" {
            continue;
        }
        units.0[i] = Some(p.replace('.', "").parse().ok()?);
    }
    Some(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference;

    #[test]
    fn plain_amounts_read_as_parse_amount_reads_them() {
        let cases = [
            "0",
            "7",
            "007",
            "12500",
            "12500,5",
            "12500,50",
            "12500,05",
            "12500,00",
            "1,5",
            "999999999999999",
            "999999999999999,99",
            "12500,",
            ",5",
            "12.500",
            "12 500",
            "12500,505",
            "-5",
            "+5",
            "€ 5",
            "1,234,567",
            "abc",
            "1234567890123456",
        ];
        for c in cases {
            if let Some(v) = plain_cents(c) {
                assert_eq!(parse_amount(c), Ok(v), "{c}");
            }
        }
        assert_eq!(plain_cents("12500,5"), Some(1_250_050));
        assert_eq!(
            plain_cents("12.500"),
            None,
            "thousands dots go to parse_amount"
        );
        assert_eq!(plain_cents("12500,"), None);
    }

    fn kind(t: &str) -> ParsedKind {
        parse_action_text(t, reference::get()).kind
    }

    #[test]
    fn actions_parse_by_number_title_and_kind() {
        assert_eq!(kind("5"), ParsedKind::Action(5));
        assert_eq!(kind("Actie 5"), ParsedKind::Action(5));
        assert_eq!(kind("A5"), ParsedKind::Action(5));
        assert_eq!(kind("actie nr 5"), ParsedKind::Action(5));
        assert_eq!(
            kind("Actie 5 – Oefenkansen Nederlands organiseren"),
            ParsedKind::Action(5)
        );
        assert_eq!(
            kind("Oefenkansen Nederlands organiseren"),
            ParsedKind::Action(5)
        );
        assert_eq!(kind("oefenkansen nederlands"), ParsedKind::Action(5));
        assert_eq!(kind("Brugfiguren"), ParsedKind::Action(15));
        assert_eq!(
            kind("Mentorschap – Begeleiding naar werk door mentor (actie 11)"),
            ParsedKind::Mentorship(Some(11))
        );
        assert_eq!(
            kind("Mentorschap Brugfiguren"),
            ParsedKind::Mentorship(Some(15))
        );
        assert_eq!(
            kind("Sociale impactobligatie – stimulans"),
            ParsedKind::SocialImpactBond
        );
        assert_eq!(
            kind("Begeleiding naar werk door mentor"),
            ParsedKind::Action(11)
        );
        assert_eq!(kind("Actie 31 – Iets nieuws"), ParsedKind::Unknown);
        assert_eq!(kind("Buurtsport voor senioren"), ParsedKind::Unknown);
    }

    #[test]
    fn number_with_another_actions_title_is_kept_for_the_checks() {
        let p = parse_action_text("Actie 15 – Oefenkansen Nederlands", reference::get());
        assert_eq!(p.kind, ParsedKind::Action(15));
        assert_eq!((p.number, p.title_match), (Some(15), Some(5)));
    }

    #[test]
    fn total_labels_are_recognised() {
        assert_eq!(total_label("Totaal Gent"), Some("gent".to_string()));
        assert_eq!(total_label("Algemeen totaal"), Some(String::new()));
        assert_eq!(total_label("TOTAAL"), Some(String::new()));
        assert_eq!(
            total_label("Totaal provincie Antwerpen"),
            Some("provincie antwerpen".to_string())
        );
        assert_eq!(total_label("Totaalbedrag"), None);
        assert_eq!(total_label("Gent"), None);
    }

    #[test]
    fn partners_split_from_applicant_cells() {
        let (name, partners) = split_partners("Harelbeke (samen met Waregem, Zwevegem, Kuurne)");
        assert_eq!(name, "Harelbeke");
        assert_eq!(partners, vec!["Waregem", "Zwevegem", "Kuurne"]);
        assert_eq!(
            split_list("Meise en De Rand (io Wemmel)"),
            vec!["Meise", "De Rand (io Wemmel)"]
        );
        let (name, partners) = split_partners("Londerzeel (samen met Meise, De Rand (io Wemmel))");
        assert_eq!(name, "Londerzeel");
        assert_eq!(partners, vec!["Meise", "De Rand (io Wemmel)"]);
    }

    #[test]
    fn units_parse_single_and_per_kpi() {
        assert_eq!(
            parse_units(&Cell::Float(120.0)).map(|u| u.0),
            Some([Some(120), None, None])
        );
        assert_eq!(
            parse_units(&Cell::Text("120 / 10 / 5")).map(|u| u.0),
            Some([Some(120), Some(10), Some(5)])
        );
        assert_eq!(
            parse_units(&Cell::Text("1.200; 0")).map(|u| u.0),
            Some([Some(1200), Some(0), None])
        );
        assert_eq!(parse_units(&Cell::Text("veel")), None);
    }
}
