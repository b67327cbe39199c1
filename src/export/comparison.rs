//! Sheet "Vergelijking": the calls (oproepen) of a multi-call dataset side by side, per
//! applicant and action one row with the amount of each call, the difference to the call before
//! in € and % (formulas over the amount cells, with the figures of [`compare::build`] as cached
//! values) and the change's status; grouped per province with SUBTOTAL rows and a grand total.
//! Only a dataset whose call column holds at least two calls gets this sheet.

use std::collections::BTreeMap;

use rust_xlsxwriter::Worksheet;

use crate::compare::{self, Comparison, Mark, Row};
use crate::model::Province;
use crate::names::fold_local_government;

use super::sheet::{column_letter, Level, Sheet};
use super::sheets::*;
use super::ExportError;

/// Name of the sheet.
pub const COMPARISON: &str = "Vergelijking";

const PROVINCE: u16 = 0;
const APPLICANT: u16 = 1;
const ACTION: u16 = 2;
const TEXT: u16 = 3;
/// The first call's amount column.
const FIRST: u16 = 4;

/// Whether the workbook of this dataset gets the sheet: its call column holds several calls.
pub(super) fn applies(ctx: &Ctx<'_>) -> bool {
    ctx.ds.call.calls_in_file.len() >= 2
}

/// The columns after the amounts: per pair of consecutive calls the difference in € and in %,
/// then per pair the status.
struct Columns {
    calls: u16,
}

impl Columns {
    fn amount(&self, k: usize) -> u16 {
        FIRST + k as u16
    }
    /// The difference from call `k` to call `k + 1`.
    fn diff(&self, k: usize) -> u16 {
        FIRST + self.calls + 2 * k as u16
    }
    fn pct(&self, k: usize) -> u16 {
        self.diff(k) + 1
    }
    fn status(&self, k: usize) -> u16 {
        FIRST + self.calls + 2 * (self.calls - 1) + k as u16
    }
    fn tag(&self) -> u16 {
        self.status(usize::from(self.calls - 1))
    }
}

/// The rows of one province: the comparison's grant rows of its applicants.
type Groups<'r> = BTreeMap<usize, Vec<&'r Row>>;

/// The sheet, or `None` for a dataset of one call.
pub(super) fn comparison(ctx: &Ctx<'_>) -> Result<Option<Vec<Worksheet>>, ExportError> {
    if !applies(ctx) {
        return Ok(None);
    }
    let ds = ctx.ds;
    let nos: Vec<String> = ds.call.calls_in_file.iter().map(u8::to_string).collect();
    let title = format!(
        "Vergelijking van de oproepen {} per lokaal bestuur en actie{}",
        crate::checks::join_dutch(&nos),
        ctx.scope_suffix()
    );
    let c = match compare::build(std::slice::from_ref(ds)) {
        Ok(c) => c,
        Err(e) => {
            let mut s = Sheet::new(ctx, COMPARISON)?;
            s.preamble(&title)?;
            s.note(&format!("Geen vergelijking mogelijk: {e}"))?;
            return s.finish().map(Some);
        }
    };
    let groups = group(ctx, &c);
    let cols = Columns {
        calls: c.calls.len() as u16,
    };
    let mut s = Sheet::new(ctx, COMPARISON)?;
    s.preamble(&title)?;
    let mut names: Vec<String> = vec![
        "Provincie".into(),
        "Lokaal bestuur".into(),
        "Actie".into(),
        "Omschrijving".into(),
    ];
    names.extend(c.calls.iter().map(|k| format!("Oproep {}", k.no)));
    let pairs: Vec<(u8, u8)> = c.calls.windows(2).map(|w| (w[0].no, w[1].no)).collect();
    for (a, b) in &pairs {
        names.push(format!("Verschil oproep {a} → {b}"));
        names.push(format!("Verschil oproep {a} → {b} (%)"));
    }
    for (a, b) in &pairs {
        names.push(format!("Status oproep {a} → {b}"));
    }
    names.push(KIND_HEADER.to_string());
    s.fix_width(ACTION, 8.0);
    s.fix_width(TEXT, 40.0);
    s.freeze_columns(FIRST);
    let header: Vec<&str> = names.iter().map(String::as_str).collect();
    s.header(&header)?;

    let mut w = Writer {
        s,
        cols,
        calls: c.calls.len(),
    };
    let first_data = w.s.row;
    if groups.is_empty() {
        w.s.text(
            TEXT,
            "Geen toegekende subsidies in deze selectie.",
            Level::Line,
        )?;
        w.s.end_row();
    }
    let mut grand = vec![0i64; w.calls];
    let mut grand_in = vec![false; w.calls];
    for (slot, rows) in &groups {
        let pname = province_name(Province::ALL.get(*slot).copied());
        let first = w.s.row;
        let mut sums = vec![0i64; w.calls];
        let mut present = vec![false; w.calls];
        for r in rows {
            w.line(pname, r)?;
            for k in 0..w.calls {
                sums[k] += r.amounts[k];
                present[k] |= r.present[k];
            }
        }
        w.s.fill(Level::Province)?;
        w.s.text(PROVINCE, pname, Level::Province)?;
        let label = match Province::ALL.get(*slot) {
            Some(p) => format!("Totaal provincie {p}"),
            None => "Totaal provincie onbekend".to_string(),
        };
        w.total(
            Level::Province,
            &label,
            &sums,
            &present,
            first,
            KIND_PROVINCE,
        )?;
        for k in 0..w.calls {
            grand[k] += sums[k];
            grand_in[k] |= present[k];
        }
    }
    w.s.fill(Level::Grand)?;
    w.total(
        Level::Grand,
        "Algemeen totaal",
        &grand,
        &grand_in,
        first_data,
        KIND_GRAND,
    )?;
    let mut s = w.s;
    s.row += 1;
    for k in &c.calls {
        s.note(&format!(
            "Oproep {}: {} ({}).",
            k.no,
            if ds.source.sample {
                "voorbeeld"
            } else {
                k.file.as_str()
            },
            k.how.describe()
        ))?;
    }
    s.note(
        "Bedragen van de toegekende regels per oproep; een lege cel: geen toegekende regel in \
         die oproep. Geweigerde regels staan op het blad Weigeringen.",
    )?;
    s.note(
        "Verschil: het bedrag min dat van de oproep ervoor (formule); %: het verschil ten \
         opzichte van het bedrag van de oproep ervoor, afgerond op 0,1% (leeg wanneer dat bedrag \
         nul is). Status: nieuw (geen toegekende regel in de oproep ervoor), gestopt (geen \
         toegekende regel meer), gewijzigd of gelijk.",
    )?;
    s.note(&format!(
        "De totaalrijen zijn SUBTOTAAL-formules en volgen de filter; filter de kolom \
         '{KIND_HEADER}' (laatste kolom, niet afgedrukt) op '{KIND_LINE}' om alleen de rijen per \
         aanvrager en actie te zien."
    ))?;
    s.finish().map(Some)
}

/// The comparison's grant rows of the applicants in scope, per province slot (the provinces by
/// name, unknown last), in the comparison's order (by applicant, then line).
fn group<'r>(ctx: &Ctx<'_>, c: &'r Comparison) -> Groups<'r> {
    // The comparison names applicants; the dataset knows their province and the scope.
    let mut applicants: BTreeMap<String, (Option<Province>, bool)> = BTreeMap::new();
    for (id, a) in ctx.ds.applicants.iter().enumerate() {
        let covered = ctx.scope.covers(ctx.ds, id as crate::model::ApplicantId);
        let e = applicants
            .entry(fold_local_government(&a.name))
            .or_insert((a.province, false));
        e.1 |= covered;
    }
    let mut out: Groups<'r> = BTreeMap::new();
    for r in &c.grants {
        let Some((province, covered)) = applicants.get(&fold_local_government(&r.label)) else {
            continue;
        };
        if *covered {
            out.entry(province_slot(*province)).or_default().push(r);
        }
    }
    out
}

/// Writes the table's rows.
struct Writer<'s> {
    s: Sheet<'s>,
    cols: Columns,
    calls: usize,
}

impl Writer<'_> {
    /// One applicant and action: its amount per call, the differences and their status.
    fn line(&mut self, province: &str, r: &Row) -> Result<(), ExportError> {
        let level = Level::Line;
        self.s.text(PROVINCE, province, level)?;
        self.s.text(APPLICANT, &r.label, level)?;
        if let Some(no) = r.no {
            self.s.action_no(ACTION, no, level)?;
        }
        self.s
            .wrap(TEXT, r.detail.as_deref().unwrap_or_default(), level)?;
        for k in 0..self.calls {
            if r.present[k] {
                self.s.money(self.cols.amount(k), r.amounts[k], level)?;
            }
        }
        for (k, ch) in r.changes().iter().enumerate() {
            if ch.mark == Mark::Absent {
                continue;
            }
            self.changes(k, ch.diff, ch.permille, level)?;
            self.s.text(self.cols.status(k), ch.mark.code(), level)?;
        }
        self.s.tag(self.cols.tag(), KIND_LINE, level)?;
        self.s.end_row();
        Ok(())
    }

    /// The difference from call `k` to the next as a formula over the row's amounts, and the
    /// percentage when the amount before is not zero.
    fn changes(
        &mut self,
        k: usize,
        diff: i64,
        permille: Option<i64>,
        level: Level,
    ) -> Result<(), ExportError> {
        let a = column_letter(self.cols.amount(k)).into_owned();
        let b = column_letter(self.cols.amount(k + 1)).into_owned();
        // Rounded to cents: 24625 - 25222.05 is -597.049999… in floating point.
        self.s
            .money_row_formula(self.cols.diff(k), diff, level, |r| {
                format!("ROUND({b}{r}-{a}{r},2)")
            })?;
        if let Some(p) = permille {
            self.s
                .percent_row_formula(self.cols.pct(k), p, level, |r| {
                    format!("ROUND(({b}{r}-{a}{r})/{a}{r},3)")
                })?;
        }
        Ok(())
    }

    /// A total row (its fill and province written): per call a SUBTOTAL over the rows from
    /// `first`, the differences as SUBTOTALs too, the percentages over this row's amounts.
    fn total(
        &mut self,
        level: Level,
        label: &str,
        sums: &[i64],
        present: &[bool],
        first: u32,
        kind: &str,
    ) -> Result<(), ExportError> {
        let last = self.s.row.saturating_sub(1);
        self.s.text(APPLICANT, label, level)?;
        for (k, v) in sums.iter().enumerate() {
            self.s
                .money_subtotal(self.cols.amount(k), *v, first, last, level)?;
        }
        // The figures of compare's own arithmetic, over these sums.
        let row = Row {
            no: None,
            label: String::new(),
            detail: None,
            amounts: sums.to_vec(),
            present: present.to_vec(),
        };
        for (k, ch) in row.changes().iter().enumerate() {
            self.s
                .money_subtotal(self.cols.diff(k), ch.diff, first, last, level)?;
            if let Some(p) = ch.permille {
                let a = column_letter(self.cols.amount(k)).into_owned();
                let b = column_letter(self.cols.amount(k + 1)).into_owned();
                self.s
                    .percent_row_formula(self.cols.pct(k), p, level, |r| {
                        format!("ROUND(({b}{r}-{a}{r})/{a}{r},3)")
                    })?;
            }
        }
        self.s.tag(self.cols.tag(), kind, level)?;
        self.s.end_row();
        Ok(())
    }
}
