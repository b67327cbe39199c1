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
        Some(p) => {
            p == Some(Province::WestVlaanderen)
                || grouped
                    .iter()
                    .flat_map(|(_, a)| a.values())
                    .flat_map(|c| c.values())
                    .flatten()
                    .any(|i| {
                        ds.grants.get(*i).is_some_and(|g| {
                            g.explanation
                                .as_deref()
                                .is_some_and(|e| !e.trim().is_empty())
                        })
                    })
        }
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
    // Columns: the amount and the explanation by name; `Soort regel` last (not printed).
    const PROVINCE: u16 = 0;
    const NIS: u16 = 1;
    const APPLICANT: u16 = 2;
    const OBJECTIVE: u16 = 3;
    const ACTION: u16 = 4;
    const TEXT: u16 = 5;
    const AMOUNT: u16 = 6;
    const EXPLANATION: u16 = 7;
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
    let tag = cols.len() as u16 - 1;
    // Long objective names and descriptions wrap rather than widen the printed page.
    s.fix_width(NIS, 9.0);
    s.fix_width(ACTION, 8.0);
    s.fix_width(OBJECTIVE, 22.0);
    s.fix_width(TEXT, 40.0);
    s.header(&cols)?;
    let first_data = s.row;
    let mut grand = 0i64;
    // Per objective cluster: its label and the label of its subtotal row.
    let labels: Vec<(String, String)> = (0..=OTHER_CLUSTER).map(cluster_labels).collect();
    if grouped.is_empty() {
        s.text(
            TEXT,
            "Geen toegekende subsidies in deze selectie.",
            Level::Line,
        )?;
        s.end_row();
    }
    for &(slot, apps) in &grouped {
        let p = Province::ALL.get(*slot).copied();
        let pname = province_name(p);
        let p_first = s.row;
        let mut p_total = 0i64;
        for ((_, aid), clusters) in apps {
            let aname = ctx.applicant_name(*aid).to_string();
            let nis = ctx.nis(*aid);
            let a_first = s.row;
            let mut a_total = 0i64;
            for (c, lines) in clusters {
                let other;
                let (clabel, subtotal_label) = match labels.get(usize::from(*c)) {
                    Some(l) => l,
                    None => {
                        other = cluster_labels(*c);
                        &other
                    }
                };
                let c_first = s.row;
                let mut c_total = 0i64;
                for gi in lines {
                    let Some(g) = ds.grants.get(*gi) else {
                        continue;
                    };
                    s.styled(PROVINCE, pname, Level::Line, Cell::Muted)?;
                    if let Some(nis) = nis {
                        s.code(NIS, nis, Level::Line)?;
                    }
                    s.styled(APPLICANT, &aname, Level::Line, Cell::Muted)?;
                    s.wrap(OBJECTIVE, clabel, Level::Line)?;
                    if let Some(no) = g.action_no() {
                        s.action_no(ACTION, no, Level::Line)?;
                    }
                    s.wrap(TEXT, &line_description(ds, g.kind), Level::Line)?;
                    s.money(AMOUNT, g.amount, Level::Line)?;
                    if with_explanation {
                        if let Some(e) = g.explanation.as_deref() {
                            s.wrap(EXPLANATION, e.trim(), Level::Line)?;
                        }
                    }
                    s.tag(tag, KIND_LINE, Level::Line)?;
                    c_total += g.amount;
                    s.end_row();
                }
                a_total += c_total;
                // A subtotal only where it adds something: not for one line (the line carries
                // it), nor for the applicant's only objective (its total follows).
                if lines.len() < 2 || clusters.len() < 2 {
                    continue;
                }
                let c_last = s.row.saturating_sub(1);
                s.fill(Level::Objective)?;
                s.styled(PROVINCE, pname, Level::Objective, Cell::Muted)?;
                s.styled(APPLICANT, &aname, Level::Objective, Cell::Muted)?;
                s.styled(OBJECTIVE, clabel, Level::Objective, Cell::Muted)?;
                s.wrap(TEXT, subtotal_label, Level::Objective)?;
                s.money_subtotal(AMOUNT, c_total, c_first, c_last, Level::Objective)?;
                s.tag(tag, KIND_OBJECTIVE, Level::Objective)?;
                s.end_row();
            }
            let a_last = s.row.saturating_sub(1);
            s.fill(Level::Applicant)?;
            s.text(PROVINCE, pname, Level::Applicant)?;
            if let Some(nis) = nis {
                s.code(NIS, nis, Level::Applicant)?;
            }
            s.text(APPLICANT, &aname, Level::Applicant)?;
            s.wrap(TEXT, &format!("Totaal {aname}"), Level::Applicant)?;
            s.money_subtotal(AMOUNT, a_total, a_first, a_last, Level::Applicant)?;
            s.tag(tag, KIND_APPLICANT, Level::Applicant)?;
            s.end_row();
            p_total += a_total;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(PROVINCE, pname, Level::Province)?;
        let label = match p {
            Some(p) => format!("Totaal provincie {p}"),
            None => "Totaal provincie onbekend".to_string(),
        };
        s.wrap(TEXT, &label, Level::Province)?;
        s.money_subtotal(AMOUNT, p_total, p_first, p_last, Level::Province)?;
        s.tag(tag, KIND_PROVINCE, Level::Province)?;
        s.end_row();
        grand += p_total;
    }
    if only.is_none() || grouped.is_empty() {
        let last = s.row.saturating_sub(1);
        s.fill(Level::Grand)?;
        let label = match only {
            None => "Algemeen totaal".to_string(),
            Some(p) => format!("Totaal {}", province_name(p)),
        };
        s.wrap(TEXT, &label, Level::Grand)?;
        s.money_subtotal(AMOUNT, grand, first_data, last, Level::Grand)?;
        s.tag(tag, KIND_GRAND, Level::Grand)?;
        s.end_row();
    }
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
