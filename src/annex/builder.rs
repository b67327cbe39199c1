//! The row builder: collects applicants (interned by who they are), grants, stated totals,
//! collaborations and notes over all sheets of one file. The layouts feed it: `long.rs` and
//! `wide.rs`.

use super::memo::FastMap;
use std::sync::Arc;

use super::cells::{collapse_spaces, parse_action_text, plain_cents, ParsedAction, ParsedKind};
use super::error::{LoadError, LoadErrorKind};
use super::grid::{trim, Cell, Grid};
use super::layout::Header;
use super::progress::Progress;
use crate::model::{
    ActionReading, ActionWritten, Applicant, ApplicantId, ApplicantKind, Collaboration,
    CollaborationSource, Grant, LineKind, LoadNote, NameMatch, Origin, Province, Spelling,
    StatedTotal, Texts, TotalScope, UnknownAction,
};
use crate::money::{cents_from_f64, parse_amount, AmountError};
use crate::names::{fold, fold_local_government};
use crate::reference::{NameTarget, Reference};

/// A title block is read in the first this many used columns of a sheet.
pub const TITLE_COLUMNS: usize = 12;

/// Who an applicant is, for interning: the spellings of one municipality, of the VGC or of
/// vzw De Rand are one applicant; an unknown name is one applicant per folded spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ApplicantKey {
    Municipality(u16),
    Vgc,
    DeRand,
    Unknown(String),
}

impl ApplicantKey {
    /// The key of a party the reference recognised.
    fn known(target: NameTarget) -> ApplicantKey {
        match target {
            NameTarget::Municipality(m) => ApplicantKey::Municipality(m),
            NameTarget::Vgc => ApplicantKey::Vgc,
            NameTarget::DeRand | NameTarget::DeRandFor(_) => ApplicantKey::DeRand,
        }
    }
}

/// Collects applicants, grants and totals over all sheets of one file.
pub struct Builder<'r> {
    pub(super) reference: &'r Reference,
    pub file: String,
    pub sheets: Vec<String>,
    pub applicants: Vec<Applicant>,
    keys: FastMap<ApplicantKey, ApplicantId>,
    pub(super) raw: FastMap<String, (ApplicantId, NameMatch)>,
    pub(super) actions: FastMap<String, ParsedAction>,
    pub unknown_actions: Vec<UnknownAction>,
    pub(super) unknown_index: FastMap<(String, Option<u8>), u16>,
    pub action_readings: Vec<ActionReading>,
    /// Folded title and stated objective → the reading of it, if its words gave one.
    pub(super) reading_index: FastMap<(String, u8), Option<usize>>,
    pub grants: Vec<Grant>,
    /// The texts of the grants (explanations, reasons).
    pub texts: Texts,
    /// Actions as written kept on grants, by title, each once.
    interned: FastMap<String, Vec<Arc<ActionWritten>>>,
    pub stated: Vec<StatedTotal>,
    pub notes: Vec<LoadNote>,
    pub collaborations: Vec<Collaboration>,
    pub title_call: Option<u8>,
    /// Sum of the absolute amounts of all lines so far: kept within i64 so that no total
    /// computed from the lines can overflow.
    pub(super) abs_total: i64,
    pub progress: Progress<'r>,
}

/// A line kind, and the index of the reading (a title read by its words) that gave it.
pub(super) type KnownLine = (LineKind, Option<usize>);

impl<'r> Builder<'r> {
    pub fn new(reference: &'r Reference, file: &str, progress: Progress<'r>) -> Builder<'r> {
        Builder {
            reference,
            file: file.to_string(),
            sheets: Vec::new(),
            applicants: Vec::new(),
            keys: FastMap::default(),
            raw: FastMap::default(),
            actions: FastMap::default(),
            unknown_actions: Vec::new(),
            unknown_index: FastMap::default(),
            action_readings: Vec::new(),
            reading_index: FastMap::default(),
            grants: Vec::new(),
            texts: Texts::default(),
            interned: FastMap::default(),
            stated: Vec::new(),
            notes: Vec::new(),
            collaborations: Vec::new(),
            title_call: None,
            abs_total: 0,
            progress,
        }
    }

    pub(super) fn error(
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

    pub(super) fn note(&mut self, origin: Option<Origin>, message: String) {
        // Keep the list readable for huge files.
        if self.notes.len() < 1000 {
            self.notes.push(LoadNote { origin, message });
        }
    }

    /// Finds or creates the applicant for a name as written.
    pub(super) fn applicant(
        &mut self,
        written: &str,
        province_hint: Option<Province>,
    ) -> ApplicantId {
        let written = written.trim();
        if let Some((id, _)) = self.raw.get(written) {
            return *id;
        }
        let (target, matched) = self.reference.resolve_name(written);
        let key = target.map_or_else(
            || ApplicantKey::Unknown(fold_local_government(written)),
            ApplicantKey::known,
        );
        let (name, kind, province) = match key {
            ApplicantKey::Municipality(m) => {
                let muni = &self.reference.municipalities[usize::from(m)];
                (
                    muni.name.clone(),
                    ApplicantKind::Municipality(m),
                    Some(muni.province),
                )
            }
            ApplicantKey::Vgc => (
                "VGC".to_string(),
                ApplicantKind::Vgc,
                Some(Province::Brussel),
            ),
            ApplicantKey::DeRand => (
                "vzw De Rand".to_string(),
                ApplicantKind::DeRand,
                Some(Province::VlaamsBrabant),
            ),
            ApplicantKey::Unknown(_) => (
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
    pub(super) fn existing_applicant(&self, label: &str) -> Option<ApplicantId> {
        if let Some((id, _)) = self.raw.get(label.trim()) {
            return Some(*id);
        }
        let folded = fold_local_government(label);
        if let Some(id) = self.keys.get(&ApplicantKey::Unknown(folded)) {
            return Some(*id);
        }
        let key = ApplicantKey::known(self.reference.resolve_name(label).0?);
        self.keys.get(&key).copied()
    }

    pub(super) fn parsed_action(&mut self, text: &str) -> ParsedAction {
        if let Some(p) = self.actions.get(text) {
            return p.clone();
        }
        let p = parse_action_text(text, self.reference);
        self.actions.insert(text.to_string(), p.clone());
        p
    }

    pub(super) fn unknown_action(&mut self, label: &str, objective: Option<u8>) -> u16 {
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
    pub(super) fn outside_catalogue(
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
    pub(super) fn count_reading(&mut self, reading: Option<usize>) {
        if let Some(r) = reading.and_then(|r| self.action_readings.get_mut(r)) {
            r.lines = r.lines.saturating_add(1);
        }
    }

    /// Reads an amount cell: `Ok(None)` when blank. Every amount read (lines, totals, requested
    /// amounts) counts towards the sum of absolute amounts, which must fit in i64 cents: then no
    /// sum or difference of them computed later (totals, checks) can overflow.
    pub(super) fn amount(
        &mut self,
        grid: &dyn Grid,
        sheet: u16,
        row: usize,
        col: usize,
        header: &str,
    ) -> Result<Option<i64>, LoadError> {
        self.amount_cell(grid.cell(row, col), grid, sheet, row, col, header)
    }

    /// [`Builder::amount`] of a cell already looked up: `cell` is `grid.cell(row, col)`.
    pub(super) fn amount_cell(
        &mut self,
        cell: Cell<'_>,
        grid: &dyn Grid,
        sheet: u16,
        row: usize,
        col: usize,
        header: &str,
    ) -> Result<Option<i64>, LoadError> {
        let amount = cell_cents(cell).and_then(|amount| {
            let Some(a) = amount else {
                return Ok(None);
            };
            match a.checked_abs().and_then(|a| self.abs_total.checked_add(a)) {
                Some(total) => {
                    self.abs_total = total;
                    Ok(Some(a))
                }
                None => Err(LoadErrorKind::TotalTooLarge {
                    text: cell.display().unwrap_or_default(),
                }),
            }
        });
        amount.map_err(|kind| self.error(sheet, grid, row, Some(col), Some(header), kind))
    }

    /// Records a total row. The label decides the scope; an applicant named like the current
    /// one is its subtotal, a province name is a province total, nothing is the grand total.
    pub(super) fn total_row(
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

    pub(super) fn header_texts(grid: &dyn Grid, header: &Header) -> Vec<String> {
        (0..grid.width())
            .map(|c| grid.cell(header.row, c).display().unwrap_or_default())
            .collect()
    }

    /// Title rows above the header may name the call.
    pub(super) fn read_title_block(&mut self, grid: &dyn Grid, upto: usize) {
        let calls = super::layout::title_calls(grid, upto, TITLE_COLUMNS);
        if let Some((_, call)) = calls.first() {
            self.title_call.get_or_insert(*call);
        }
    }

    /// A sheet with text but no table (a title page): only the call is read.
    pub fn text_sheet(&mut self, grid: &dyn Grid) {
        self.read_title_block(grid, 30);
    }

    pub(super) fn line_kind(
        &mut self,
        parsed: &ParsedAction,
        objective: Option<u8>,
    ) -> (LineKind, Option<Arc<ActionWritten>>) {
        let kind = match parsed.kind {
            ParsedKind::Action(n) => LineKind::Action(n),
            ParsedKind::Mentorship(n) => LineKind::Mentorship(n),
            ParsedKind::SocialImpactBond => LineKind::SocialImpactBond,
            ParsedKind::Unknown => {
                LineKind::UnknownAction(self.unknown_action(&parsed.label, objective))
            }
        };
        (kind, self.written_action(parsed))
    }

    /// Frees the table of interned actions as written (the grants keep theirs).
    pub(super) fn forget_texts(&mut self) {
        self.interned = FastMap::default();
    }

    /// The action as written, kept when both a number and a catalogue title were written:
    /// shared with every earlier line that wrote the same.
    pub(super) fn written_action(&mut self, parsed: &ParsedAction) -> Option<Arc<ActionWritten>> {
        if parsed.number.is_none() || parsed.title_match.is_none() {
            return None;
        }
        let same = |w: &&Arc<ActionWritten>| {
            w.number == parsed.number && w.title_match == parsed.title_match
        };
        if let Some(known) = self.interned.get(parsed.label.as_str()) {
            if let Some(w) = known.iter().find(same) {
                return Some(Arc::clone(w));
            }
        }
        let new = Arc::new(ActionWritten {
            text: parsed.label.clone(),
            number: parsed.number,
            title_match: parsed.title_match,
        });
        self.interned
            .entry(parsed.label.clone())
            .or_default()
            .push(Arc::clone(&new));
        Some(new)
    }

    pub(super) fn add_collaboration(
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
}

/// The cents of an amount cell, `None` when blank (or "-"), or what is wrong with it.
fn cell_cents(cell: Cell<'_>) -> Result<Option<i64>, LoadErrorKind> {
    let bad = |text: String, e: AmountError| LoadErrorKind::BadAmount {
        text,
        reason: e.to_string(),
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) => {
            let trimmed = trim(t);
            if trimmed.is_empty() || trimmed == "-" {
                return Ok(None);
            }
            match plain_cents(trimmed) {
                Some(cents) => Ok(Some(cents)),
                None => parse_amount(t)
                    .map(Some)
                    .map_err(|e| bad(trimmed.to_string(), e)),
            }
        }
        Cell::Float(f) => cents_from_f64(f)
            .map(Some)
            .map_err(|e| bad(f.to_string(), e)),
        Cell::Int(i) => i
            .checked_mul(100)
            .map(Some)
            .ok_or_else(|| bad(i.to_string(), AmountError::TooLarge)),
        Cell::Date => Err(LoadErrorKind::DateAsAmount),
        Cell::Bool(_) => Err(LoadErrorKind::BoolAsAmount),
        Cell::Error(e) => Err(LoadErrorKind::FormulaError(e.to_string())),
    }
}
