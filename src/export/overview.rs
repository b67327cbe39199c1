//! Sheet 1 (Overzicht) and the province sheets: the granted lines per province, local
//! government and objective, with subtotals at each level.

use std::collections::BTreeMap;

use rust_xlsxwriter::Worksheet;

use crate::model::{ApplicantId, Grant, LineKind, Province};
use crate::money;

use super::sheet::{Cell, Level, Sheet};
use super::sheets::*;
use super::ExportError;

/// Granted lines in scope grouped by province slot, applicant (by name) and objective cluster.
pub(super) type Grouped = BTreeMap<usize, Applicants>;
/// The lines of one province slot by applicant (sort rank, id) and objective cluster.
pub(super) type Applicants = BTreeMap<(u32, ApplicantId), BTreeMap<u8, Vec<usize>>>;

/// The granted lines in scope, grouped once for the overview and every province sheet.
pub(super) fn group_granted(ctx: &Ctx<'_>) -> Grouped {
    let mut out: Grouped = BTreeMap::new();
    for (i, g) in ctx.granted() {
        let p = ctx.province_of(g.applicant);
        out.entry(province_slot(p))
            .or_default()
            .entry((ctx.applicant_rank(g.applicant), g.applicant))
            .or_default()
            .entry(cluster(ctx.ds, g.kind))
            .or_default()
            .push(i);
    }
    for apps in out.values_mut() {
        for clusters in apps.values_mut() {
            for lines in clusters.values_mut() {
                lines.sort_by_key(|i| {
                    let k = ctx.ds.grants.get(*i).map(|g| g.kind);
                    (
                        k.and_then(|k| match k {
                            LineKind::Action(n) => Some(n),
                            _ => None,
                        })
                        .unwrap_or(u8::MAX),
                        *i,
                    )
                });
            }
        }
    }
    out
}

/// The label of an objective cluster and the label of its subtotal row.
fn cluster_labels(c: u8) -> (String, String) {
    let label = cluster_label(c);
    let subtotal = if c == OTHER_CLUSTER {
        "Subtotaal andere lijnen".to_string()
    } else {
        format!("Subtotaal doelstelling {label}")
    };
    (label, subtotal)
}

// Columns of the overview: the amount and the explanation by name; `Soort regel` last (not
// printed).
const PROVINCE: u16 = 0;
const NIS: u16 = 1;
const APPLICANT: u16 = 2;
const OBJECTIVE: u16 = 3;
const ACTION: u16 = 4;
const TEXT: u16 = 5;
const AMOUNT: u16 = 6;
const EXPLANATION: u16 = 7;

/// Sheet 1 (`only` = None) or a province sheet: the lines per province, local government and
/// objective, with subtotals at each level. More than one worksheet when the lines do not fit.
pub(super) fn overview(
    ctx: &Ctx<'_>,
    all: &Grouped,
    only: Option<Option<Province>>,
) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let name = match only {
        None => OVERVIEW.to_string(),
        Some(p) => province_name(p).to_string(),
    };
    let grouped: Vec<(&usize, &Applicants)> = all
        .iter()
        .filter(|(slot, _)| only.is_none_or(|p| **slot == province_slot(p)))
        .collect();
    let with_explanation = match only {
        None => false,
        Some(p) => p == Some(Province::WestVlaanderen) || has_explanation(ctx, &grouped),
    };
    let mut s = Sheet::new(ctx, &name)?;
    let title = match only {
        None => format!(
            "Subsidies Plan Samenleven per provincie, lokaal bestuur en doelstelling ({}){}",
            ds.call.label(),
            ctx.scope_suffix()
        ),
        Some(p) => format!(
            "Subsidies Plan Samenleven in {} per lokaal bestuur en doelstelling ({}){}",
            province_name(p),
            ds.call.label(),
            ctx.scope_suffix()
        ),
    };
    s.preamble(&title)?;
    let mut cols = vec![
        "Provincie",
        "NIS-code",
        "Lokaal bestuur",
        "Doelstelling",
        "Actie",
        "Omschrijving",
        "Bedrag",
    ];
    if with_explanation {
        cols.push("Inhoudelijke toelichting");
        s.fix_width(EXPLANATION, 60.0);
    }
    cols.push(KIND_HEADER);
    // Long objective names and descriptions wrap rather than widen the printed page.
    s.fix_width(NIS, 9.0);
    s.fix_width(ACTION, 8.0);
    s.fix_width(OBJECTIVE, 22.0);
    s.fix_width(TEXT, 40.0);
    s.header(&cols)?;
    let first_data = s.row;
    let mut w = Overview {
        ctx,
        tag: cols.len() as u16 - 1,
        with_explanation,
        labels: (0..=OTHER_CLUSTER).map(cluster_labels).collect(),
        s,
    };
    if grouped.is_empty() {
        w.s.text(
            TEXT,
            "Geen toegekende subsidies in deze selectie.",
            Level::Line,
        )?;
        w.s.end_row();
    }
    let mut grand = 0i64;
    for &(slot, apps) in &grouped {
        grand += w.province(Province::ALL.get(*slot).copied(), apps)?;
    }
    if only.is_none() || grouped.is_empty() {
        let label = match only {
            None => "Algemeen totaal".to_string(),
            Some(p) => format!("Totaal {}", province_name(p)),
        };
        w.s.fill(Level::Grand)?;
        w.subtotal(Level::Grand, &label, grand, first_data, KIND_GRAND)?;
    }
    let mut s = w.s;
    s.row += 1;
    let refused: Vec<&Grant> = ctx
        .refused()
        .map(|(_, g)| g)
        .filter(|g| only.is_none_or(|p| ctx.province_of(g.applicant) == p))
        .collect();
    if !refused.is_empty() {
        let sum: i64 = refused.iter().map(|g| g.amount).sum();
        s.note(&format!(
            "{} geweigerde regel(s) ({}) staan niet in dit overzicht; zie het blad {REFUSALS}.",
            refused.len(),
            money::format_eur(sum)
        ))?;
    }
    s.note(&format!(
        "Filter in het rekenblad de kolom 'Soort regel' (laatste kolom, niet afgedrukt) op \
         '{KIND_LINE}' om alleen de subsidieregels te zien; de totalen zijn SUBTOTAAL-formules \
         en volgen de filter. Een doelstelling met één regel heeft geen subtotaalrij: de regel \
         is het subtotaal."
    ))?;
    s.finish()
}

/// Whether any line of these groups has an explanation (then the sheet gets its column).
fn has_explanation(ctx: &Ctx<'_>, grouped: &[(&usize, &Applicants)]) -> bool {
    grouped
        .iter()
        .flat_map(|(_, a)| a.values())
        .flat_map(|c| c.values())
        .flatten()
        .any(|i| {
            ctx.ds.grants.get(*i).is_some_and(|g| {
                ctx.ds
                    .text(g.explanation)
                    .is_some_and(|e| !e.trim().is_empty())
            })
        })
}

/// Writes the overview's table one level at a time; each level returns its total.
struct Overview<'c, 's> {
    ctx: &'c Ctx<'c>,
    s: Sheet<'s>,
    /// The `Soort regel` column.
    tag: u16,
    with_explanation: bool,
    /// Per objective cluster: its label and the label of its subtotal row.
    labels: Vec<(String, String)>,
}

/// Who a row belongs to: the cells it repeats from the levels above it.
#[derive(Clone, Copy)]
struct Owner<'a> {
    province: &'a str,
    applicant: &'a str,
    nis: Option<u32>,
}

impl Overview<'_, '_> {
    /// A province's applicants and its total row.
    fn province(&mut self, p: Option<Province>, apps: &Applicants) -> Result<i64, ExportError> {
        let pname = province_name(p);
        let first = self.s.row;
        let mut total = 0i64;
        for ((_, aid), clusters) in apps {
            let aname = self.ctx.applicant_name(*aid).to_string();
            let owner = Owner {
                province: pname,
                applicant: &aname,
                nis: self.ctx.nis(*aid),
            };
            total += self.applicant(owner, clusters)?;
        }
        let label = match p {
            Some(p) => format!("Totaal provincie {p}"),
            None => "Totaal provincie onbekend".to_string(),
        };
        self.s.fill(Level::Province)?;
        self.s.text(PROVINCE, pname, Level::Province)?;
        self.subtotal(Level::Province, &label, total, first, KIND_PROVINCE)?;
        Ok(total)
    }

    /// An applicant's objectives and its total row.
    fn applicant(
        &mut self,
        owner: Owner<'_>,
        clusters: &BTreeMap<u8, Vec<usize>>,
    ) -> Result<i64, ExportError> {
        let first = self.s.row;
        let mut total = 0i64;
        for (c, lines) in clusters {
            let (label, subtotal_label) = match self.labels.get(usize::from(*c)) {
                Some(l) => l.clone(),
                None => cluster_labels(*c),
            };
            let c_first = self.s.row;
            let c_total = self.lines(owner, &label, lines)?;
            total += c_total;
            // A subtotal only where it adds something: not for one line (the line carries
            // it), nor for the applicant's only objective (its total follows).
            if lines.len() < 2 || clusters.len() < 2 {
                continue;
            }
            let level = Level::Objective;
            self.s.fill(level)?;
            self.s
                .styled(PROVINCE, owner.province, level, Cell::Muted)?;
            self.s
                .styled(APPLICANT, owner.applicant, level, Cell::Muted)?;
            self.s.styled(OBJECTIVE, &label, level, Cell::Muted)?;
            self.subtotal(level, &subtotal_label, c_total, c_first, KIND_OBJECTIVE)?;
        }
        let level = Level::Applicant;
        self.s.fill(level)?;
        self.s.text(PROVINCE, owner.province, level)?;
        if let Some(nis) = owner.nis {
            self.s.code(NIS, nis, level)?;
        }
        self.s.text(APPLICANT, owner.applicant, level)?;
        let label = format!("Totaal {}", owner.applicant);
        self.subtotal(level, &label, total, first, KIND_APPLICANT)?;
        Ok(total)
    }

    /// The lines of one objective cluster of an applicant.
    fn lines(
        &mut self,
        owner: Owner<'_>,
        cluster: &str,
        lines: &[usize],
    ) -> Result<i64, ExportError> {
        let ds = self.ctx.ds;
        let mut total = 0i64;
        for g in lines.iter().filter_map(|gi| ds.grants.get(*gi)) {
            let s = &mut self.s;
            s.styled(PROVINCE, owner.province, Level::Line, Cell::Muted)?;
            if let Some(nis) = owner.nis {
                s.code(NIS, nis, Level::Line)?;
            }
            s.styled(APPLICANT, owner.applicant, Level::Line, Cell::Muted)?;
            s.wrap(OBJECTIVE, cluster, Level::Line)?;
            if let Some(no) = g.action_no() {
                s.action_no(ACTION, no, Level::Line)?;
            }
            s.wrap(TEXT, &line_description(ds, g.kind), Level::Line)?;
            s.money(AMOUNT, g.amount, Level::Line)?;
            if self.with_explanation {
                if let Some(e) = ds.text(g.explanation) {
                    s.wrap(EXPLANATION, e.trim(), Level::Line)?;
                }
            }
            s.tag(self.tag, KIND_LINE, Level::Line)?;
            total += g.amount;
            s.end_row();
        }
        Ok(total)
    }

    /// Ends a subtotal row whose fill and key cells are written: its label, the SUBTOTAL
    /// formula over the rows from `first` to the row above, and its kind.
    fn subtotal(
        &mut self,
        level: Level,
        label: &str,
        total: i64,
        first: u32,
        kind: &str,
    ) -> Result<(), ExportError> {
        let last = self.s.row.saturating_sub(1);
        self.s.wrap(TEXT, label, level)?;
        self.s.money_subtotal(AMOUNT, total, first, last, level)?;
        self.s.tag(self.tag, kind, level)?;
        self.s.end_row();
        Ok(())
    }
}
