//! Sheet "Per actie": the shape question 492 asks ("per gemeente per actie, per provincie,
//! geclusterd per doelstelling"). One row per applicant (province, NIS code, name), one column
//! per action grouped under its objective with the objective's total, the lines outside the
//! objectives, a total column; a total row per province and for everything. Row totals are
//! `SUM` formulas, column totals `SUBTOTAL` formulas, each with the model's figure (in cents)
//! as cached value.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::Worksheet;

use crate::checks::join_dutch;
use crate::model::{ApplicantId, Dataset, LineKind, OtherKind, Province, ACTIONS};
use crate::reference;

use super::sheet::{Level, Sheet};
use super::sheets::*;
use super::style::eur_cents_chars;
use super::ExportError;

/// Name of the sheet.
pub const PER_ACTION: &str = "Per actie";

/// The column a line counts in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// A catalogue action.
    Action(u8),
    /// An action outside the catalogue that the file puts under an objective, by label.
    Unknown(String),
    /// A line in no objective (mentorship, the stimulus of answer 8, an unknown action without
    /// objective), by kind and label.
    Other(OtherKind, String),
}

fn key(ds: &Dataset, kind: LineKind) -> (u8, Key) {
    let c = cluster(ds, kind);
    let k = match kind {
        LineKind::Action(no) if (1..=ACTIONS as u8).contains(&no) => Key::Action(no),
        _ if c != OTHER_CLUSTER => Key::Unknown(ds.other_label(kind).1),
        _ => {
            let (other, label) = ds.other_label(kind);
            Key::Other(other, label)
        }
    };
    (c, k)
}

fn header(ds: &Dataset, k: &Key) -> String {
    match k {
        Key::Action(no) => format!(
            "Actie {no}: {}",
            line_description(ds, LineKind::Action(*no))
        ),
        Key::Unknown(label) => format!("{label} (niet in de catalogus)"),
        Key::Other(_, label) => label.clone(),
    }
}

/// A group of columns: an objective (or the other lines), its columns and its total column.
struct Group {
    cluster: u8,
    keys: Vec<Key>,
    /// The sheet column of the first key; the total column follows the last key.
    first: u16,
}

impl Group {
    fn total_col(&self) -> u16 {
        self.first + self.keys.len() as u16
    }
}

/// Cents per (applicant, cluster, key), and per column of totals.
type Cells = BTreeMap<(ApplicantId, u8, Key), i64>;

/// Sheet "Per actie".
pub(super) fn per_action(ctx: &Ctx<'_>) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let title = format!(
        "Subsidies per lokaal bestuur en per actie, per provincie, geclusterd per doelstelling \
         ({}){}",
        ds.call.label(),
        ctx.scope_suffix()
    );

    let mut cells: Cells = BTreeMap::new();
    let mut keys: BTreeMap<u8, BTreeSet<Key>> = BTreeMap::new();
    // Applicants by province slot, in the order of the overview.
    let mut rows: BTreeMap<usize, BTreeSet<(u32, ApplicantId)>> = BTreeMap::new();
    for (_, g) in ctx.granted() {
        let (c, k) = key(ds, g.kind);
        keys.entry(c).or_default().insert(k.clone());
        *cells.entry((g.applicant, c, k)).or_default() += g.amount;
        rows.entry(province_slot(ctx.province_of(g.applicant)))
            .or_default()
            .insert((ctx.applicant_rank(g.applicant), g.applicant));
    }
    if rows.is_empty() {
        let mut s = Sheet::new(ctx, PER_ACTION)?;
        s.preamble(&title)?;
        s.note("Geen toegekende subsidies in deze selectie.")?;
        return s.finish();
    }

    const PROVINCE: u16 = 0;
    const NIS: u16 = 1;
    const APPLICANT: u16 = 2;
    const FIRST: u16 = 3;
    let mut groups = Vec::new();
    let mut col = FIRST;
    for (c, ks) in &keys {
        let g = Group {
            cluster: *c,
            keys: ks.iter().cloned().collect(),
            first: col,
        };
        col = g.total_col() + 1;
        groups.push(g);
    }
    let total_col = col;

    let mut s = Sheet::new(ctx, PER_ACTION)?;
    let mut print_groups: Vec<(u16, u16)> =
        groups.iter().map(|g| (g.first, g.total_col())).collect();
    print_groups.push((total_col, total_col));
    s.print_as_matrix(FIRST, print_groups);
    // The columns repeated on every page; the title wraps within them.
    s.fix_width(PROVINCE, 16.0);
    s.fix_width(NIS, 9.0);
    s.fix_width(APPLICANT, 22.0);
    s.preamble(&title)?;

    let mut names: Vec<String> = vec![
        "Provincie".into(),
        "NIS-code".into(),
        "Lokaal bestuur".into(),
    ];
    for g in &groups {
        names.extend(g.keys.iter().map(|k| header(ds, k)));
        names.push(if g.cluster == OTHER_CLUSTER {
            "Totaal andere lijnen".to_string()
        } else {
            format!("Totaal doelstelling {}", g.cluster)
        });
    }
    names.push("Totaal".to_string());
    let mut bands: Vec<(u16, u16, String)> = groups
        .iter()
        .map(|g| (g.first, g.total_col(), cluster_label(g.cluster)))
        .collect();
    bands.push((total_col, total_col, String::new()));
    s.group_header(bands);
    s.freeze_columns(FIRST);

    // Column totals, for the widths and the total rows: per province slot and overall.
    let cluster_sum = |a: ApplicantId, c: u8| -> i64 {
        cells
            .range((a, c, Key::Action(0))..)
            .take_while(|((x, y, _), _)| *x == a && *y == c)
            .map(|(_, v)| *v)
            .sum()
    };
    let value = |a: ApplicantId, col: u16| -> Option<i64> {
        if col == total_col {
            return Some(groups.iter().map(|g| cluster_sum(a, g.cluster)).sum());
        }
        let g = groups
            .iter()
            .find(|g| (g.first..=g.total_col()).contains(&col))?;
        if col == g.total_col() {
            return Some(cluster_sum(a, g.cluster));
        }
        let k = g.keys.get(usize::from(col - g.first))?;
        cells.get(&(a, g.cluster, k.clone())).copied()
    };
    let money_cols: Vec<u16> = (FIRST..=total_col).collect();
    let column_total = |ids: &mut dyn Iterator<Item = ApplicantId>| -> Vec<i64> {
        let ids: Vec<ApplicantId> = ids.collect();
        money_cols
            .iter()
            .map(|c| ids.iter().filter_map(|a| value(*a, *c)).sum())
            .collect()
    };
    let grand = column_total(&mut rows.values().flatten().map(|(_, a)| *a));

    // Amount columns as wide as their widest amount (the header wraps), not as their header.
    for (i, c) in money_cols.iter().enumerate() {
        let values: Vec<i64> = rows
            .values()
            .flatten()
            .filter_map(|(_, a)| value(*a, *c))
            .chain(std::iter::once(grand[i]))
            .collect();
        let widest = values
            .iter()
            .map(|v| eur_cents_chars(*v))
            .max()
            .unwrap_or(0);
        // Without decimals when the column has none (see `Sheet::money`).
        let decimals = if values.iter().any(|v| v % 100 != 0) {
            0
        } else {
            3
        };
        // At least 12: narrower, the wrapped action titles break inside their words.
        s.fix_width(*c, ((widest - decimals) as f64 + 2.0).max(12.0));
    }
    let header_names: Vec<&str> = names.iter().map(String::as_str).collect();
    s.header(&header_names)?;

    let first_data = s.row;
    for (slot, apps) in &rows {
        let pname = province_name(Province::ALL.get(*slot).copied());
        let p_first = s.row;
        for (_, a) in apps {
            s.text(PROVINCE, pname, Level::Line)?;
            if let Some(nis) = ctx.nis(*a) {
                s.code(NIS, nis, Level::Line)?;
            }
            s.text(APPLICANT, ctx.applicant_name(*a), Level::Line)?;
            for g in &groups {
                for (i, k) in g.keys.iter().enumerate() {
                    if let Some(v) = cells.get(&(*a, g.cluster, k.clone())) {
                        s.money(g.first + i as u16, *v, Level::Line)?;
                    }
                }
                // Blank where the applicant has no line in the group.
                let any = cells
                    .range((*a, g.cluster, Key::Action(0))..)
                    .next()
                    .is_some_and(|((x, y, _), _)| *x == *a && *y == g.cluster);
                if any {
                    let last = g.total_col() - 1;
                    s.row_sum(
                        g.total_col(),
                        cluster_sum(*a, g.cluster),
                        &[(g.first, last)],
                        Level::Objective,
                    )?;
                }
            }
            let subtotals: Vec<(u16, u16)> = groups
                .iter()
                .map(|g| (g.total_col(), g.total_col()))
                .collect();
            let total = value(*a, total_col).unwrap_or(0);
            s.row_sum(total_col, total, &subtotals, Level::Applicant)?;
            s.end_row();
        }
        // A province of one applicant: its row carries the province's total.
        if apps.len() < 2 {
            continue;
        }
        let p_last = s.row.saturating_sub(1);
        let sums = column_total(&mut apps.iter().map(|(_, a)| *a));
        s.fill(Level::Province)?;
        s.text(PROVINCE, pname, Level::Province)?;
        s.text(APPLICANT, &format!("Totaal {pname}"), Level::Province)?;
        for (c, v) in money_cols.iter().zip(&sums) {
            s.money_subtotal(*c, *v, p_first, p_last, Level::Province)?;
        }
        s.end_row();
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(APPLICANT, "Totaal", Level::Grand)?;
    for (c, v) in money_cols.iter().zip(&grand) {
        s.money_subtotal(*c, *v, first_data, last, Level::Grand)?;
    }
    s.end_row();

    s.row += 1;
    s.note(
        "Bedragen van de toegekende regels; een lege cel: geen toegekende regel voor die actie. \
         Geweigerde regels staan op het blad Weigeringen.",
    )?;
    let shown: BTreeSet<u8> = keys
        .values()
        .flatten()
        .filter_map(|k| match k {
            Key::Action(no) => Some(*no),
            _ => None,
        })
        .collect();
    let missing: Vec<String> = reference::get()
        .actions
        .iter()
        .map(|a| a.no)
        .filter(|no| !shown.contains(no))
        .map(|no| no.to_string())
        .collect();
    if !missing.is_empty() {
        s.note(&format!(
            "Zonder toegekende regels in {} en daarom zonder kolom: {} {}.",
            if ctx.whole() {
                "dit bestand"
            } else {
                "deze selectie"
            },
            if missing.len() == 1 {
                "actie"
            } else {
                "acties"
            },
            join_dutch(&missing)
        ))?;
    }
    s.note(
        "Per rij is 'Totaal doelstelling' de som (SOM) van de acties van die doelstelling en \
         'Totaal' die van de doelstellingen en de andere lijnen; de totaalrijen zijn \
         SUBTOTAAL-formules per kolom. Een provincie met één lokaal bestuur heeft geen \
         totaalrij: de rij van dat bestuur is het totaal.",
    )?;
    s.note(
        "NIS-code: de REFNIS-code van Statbel van de gemeente (gemeenten 2019-2024); de VGC en \
         vzw De Rand zijn geen gemeente en hebben er geen.",
    )?;
    s.finish()
}
