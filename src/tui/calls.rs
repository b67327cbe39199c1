//! The calls (oproepen) side by side in the explorer (issue 17). When a dataset holds several
//! calls (a call column with at least two of them), the tree, the detail and the objectives pane
//! show one amount per call and the difference between consecutive calls in € and %, with new
//! and stopped grants marked. A dataset of one call is shown as it always was.
//!
//! Pure: no ratatui, no terminal. Rows are [`crate::compare::Row`]s, so the figures and the
//! marks (`nieuw`, `gestopt`) are those of `samenleven compare`; here they are kept per
//! applicant id. The tree's figures are computed once per dataset or filter change
//! ([`TreeCalls`]), the objectives pane's and the detail's once per selection, never per frame.

use std::collections::BTreeMap;

use crate::compare::{pct_text, signed_eur, Change, Mark, Row};
use crate::model::{ApplicantId, CallSource, Dataset, Grant, LineKind, Province};
use crate::money::format_eur;
use crate::reference;

/// The calls of a dataset that holds several, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calls {
    pub nos: Vec<u8>,
}

impl Calls {
    /// The calls of a multi-call dataset: a call column with at least two calls. `None` for a
    /// dataset of one call.
    pub fn of(ds: &Dataset) -> Option<Calls> {
        if ds.call.source != CallSource::Column {
            return None;
        }
        let mut nos = ds.call.calls_in_file.clone();
        nos.sort_unstable();
        nos.dedup();
        (nos.len() >= 2).then_some(Calls { nos })
    }

    pub fn len(&self) -> usize {
        self.nos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nos.is_empty()
    }

    /// The last call (the one the differences end in).
    pub fn last(&self) -> u8 {
        self.nos.last().copied().unwrap_or(0)
    }

    /// The column of a line's call.
    pub fn slot(&self, g: &Grant) -> Option<usize> {
        g.call.and_then(|c| self.nos.iter().position(|n| *n == c))
    }

    /// A row with nothing in any call.
    pub fn row(&self) -> Row {
        let n = self.nos.len();
        Row {
            no: None,
            label: String::new(),
            detail: None,
            amounts: vec![0; n],
            present: vec![false; n],
        }
    }

    /// Adds a line to a row when it counts: granted, admitted by the dataset's filter and of
    /// one of the calls.
    pub fn add(&self, row: &mut Row, ds: &Dataset, g: &Grant) {
        if !g.is_granted() || !ds.counts(g) {
            return;
        }
        if let (Some(k), true) = (self.slot(g), row.amounts.len() == self.nos.len()) {
            row.amounts[k] += g.amount;
            row.present[k] = true;
        }
    }

    /// The change of a row into the last call, if there are two calls to compare.
    pub fn last_change(&self, row: &Row) -> Option<Change> {
        row.changes().last().copied()
    }

    /// Dutch: what the columns and marks mean.
    pub fn legend(&self) -> String {
        let n = self.nos.len();
        let (before, now) = (
            self.nos.get(n.saturating_sub(2)).copied().unwrap_or(0),
            self.last(),
        );
        let pair = if n == 2 {
            format!("oproep {now} ten opzichte van oproep {before}")
        } else {
            "elke oproep ten opzichte van de oproep ervoor (2→3: oproep 3 min oproep 2)".to_string()
        };
        format!(
            "Per oproep het toegekende bedrag; verschil en %: {pair}. nieuw: geen toekenning in \
             de oproep ervoor, wel nu; gestopt: een toekenning in de oproep ervoor, nu geen; \
             –: geen toekenning."
        )
    }
}

/// The per-call figures of the tree: Vlaanderen, the provinces and every applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeCalls {
    pub calls: Calls,
    pub total: Row,
    /// Index = province index; the last one: province unknown.
    pub provinces: Vec<Row>,
    /// Index = applicant id.
    pub applicants: Vec<Row>,
    /// Column widths for all these rows.
    pub widths: Widths,
}

impl TreeCalls {
    /// One pass over the lines; `None` for a dataset of one call.
    pub fn of(ds: &Dataset) -> Option<TreeCalls> {
        let calls = Calls::of(ds)?;
        let mut total = calls.row();
        let mut provinces = vec![calls.row(); Province::ALL.len() + 1];
        let mut applicants = vec![calls.row(); ds.applicants.len()];
        for g in ds.grants.iter() {
            let Some(a) = ds.applicant(g.applicant) else {
                continue;
            };
            let slot = a.province.map_or(Province::ALL.len(), Province::index);
            calls.add(&mut total, ds, g);
            calls.add(&mut provinces[slot], ds, g);
            calls.add(&mut applicants[g.applicant as usize], ds, g);
        }
        let widths = Widths::of(
            &calls,
            std::iter::once(&total)
                .chain(provinces.iter())
                .chain(applicants.iter()),
        );
        Some(TreeCalls {
            calls,
            total,
            provinces,
            applicants,
            widths,
        })
    }

    pub fn province(&self, p: Option<Province>) -> Option<&Row> {
        self.provinces
            .get(p.map_or(Province::ALL.len(), Province::index))
    }

    pub fn applicant(&self, a: ApplicantId) -> Option<&Row> {
        self.applicants.get(a as usize)
    }

    /// Per applicant: its amount in the last call and its difference to the call before, the
    /// keys the tree sorts on.
    pub fn sort_keys(&self) -> Vec<(i64, i64)> {
        self.applicants
            .iter()
            .map(|r| {
                let last = r.amounts.last().copied().unwrap_or(0);
                (last, self.calls.last_change(r).map_or(0, |c| c.diff))
            })
            .collect()
    }
}

/// A column of per-call figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// The amount of the k-th call.
    Amount(usize),
    /// The difference from call k − 1 to call k, in €.
    Diff(usize),
    /// The same in %, or the mark (`nieuw`, `gestopt`).
    Pct(usize),
}

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// No grant in that call, or nothing to compare.
    Dim,
    New,
    Stopped,
}

/// The widths of the columns: the widest figure or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Widths {
    pub amount: usize,
    pub diff: usize,
    pub pct: usize,
}

impl Widths {
    pub fn of<'a>(calls: &Calls, rows: impl Iterator<Item = &'a Row>) -> Widths {
        let n = calls.len();
        // A header is a column wider than its text, so that two headers never touch.
        let head = |c: Col| header(calls, c).chars().count() + 1;
        let mut w = Widths {
            amount: (0..n).map(|k| head(Col::Amount(k))).max().unwrap_or(0),
            diff: head(Col::Diff(n.saturating_sub(1))),
            pct: head(Col::Pct(n.saturating_sub(1))),
        };
        for r in rows {
            let changes = r.changes();
            for k in 0..r.amounts.len() {
                w.amount = w
                    .amount
                    .max(cell(r, &changes, Col::Amount(k)).0.chars().count());
                if k > 0 {
                    w.diff = w
                        .diff
                        .max(cell(r, &changes, Col::Diff(k)).0.chars().count());
                    w.pct = w.pct.max(cell(r, &changes, Col::Pct(k)).0.chars().count());
                }
            }
        }
        w
    }

    fn of_col(&self, c: Col) -> usize {
        match c {
            Col::Amount(_) => self.amount,
            Col::Diff(_) => self.diff,
            Col::Pct(_) => self.pct,
        }
    }
}

/// The column sets, richest first: every call with every difference; every call with the last
/// difference; the last two calls with their difference; the last call with its difference in
/// € and %; the last call with its difference in €; the difference in € and %; the last call
/// with its %; the difference, the last call or the % alone.
fn layouts(n: usize) -> Vec<Vec<Col>> {
    let last = n.saturating_sub(1);
    let mut out: Vec<Vec<Col>> = Vec::new();
    let mut all = Vec::new();
    for k in 0..n {
        all.push(Col::Amount(k));
        if k > 0 {
            all.extend([Col::Diff(k), Col::Pct(k)]);
        }
    }
    out.push(all);
    let mut amounts: Vec<Col> = (0..n).map(Col::Amount).collect();
    amounts.extend([Col::Diff(last), Col::Pct(last)]);
    out.push(amounts);
    out.push(vec![
        Col::Amount(last.saturating_sub(1)),
        Col::Amount(last),
        Col::Diff(last),
        Col::Pct(last),
    ]);
    out.push(vec![Col::Amount(last), Col::Diff(last), Col::Pct(last)]);
    out.push(vec![Col::Amount(last), Col::Diff(last)]);
    out.push(vec![Col::Diff(last), Col::Pct(last)]);
    out.push(vec![Col::Amount(last), Col::Pct(last)]);
    out.push(vec![Col::Diff(last)]);
    out.push(vec![Col::Amount(last)]);
    out.push(vec![Col::Pct(last)]);
    out.dedup();
    out
}

/// Columns the width of `cols` take, each with a space before it.
pub fn cols_width(cols: &[Col], w: &Widths) -> usize {
    cols.iter().map(|c| w.of_col(*c) + 1).sum()
}

/// The richest column set that leaves at least `min_label` of `room` columns for the label.
pub fn choose(calls: &Calls, w: &Widths, room: usize, min_label: usize) -> Vec<Col> {
    choose_with(calls, w, room, min_label, None)
}

/// As [`choose`], keeping the column `need` (the one the tree sorts on) where any set with it
/// fits.
pub fn choose_with(
    calls: &Calls,
    w: &Widths,
    room: usize,
    min_label: usize,
    need: Option<Col>,
) -> Vec<Col> {
    let all = layouts(calls.len());
    let fits = |cols: &&Vec<Col>| cols_width(cols, w) + min_label <= room;
    need.and_then(|n| all.iter().filter(|c| c.contains(&n)).find(fits))
        .or_else(|| all.iter().find(fits))
        .or(all.last())
        .cloned()
        .unwrap_or_default()
}

/// The header of a column: `oproep 2`, `verschil`, `%`; with more than two calls the pair
/// (`verschil 2→3`, `% 2→3`).
pub fn header(calls: &Calls, col: Col) -> String {
    let no = |k: usize| calls.nos.get(k).copied().unwrap_or(0);
    let pair = |k: usize| {
        if calls.len() > 2 {
            format!(" {}→{}", no(k.saturating_sub(1)), no(k))
        } else {
            String::new()
        }
    };
    match col {
        Col::Amount(k) => format!("oproep {}", no(k)),
        Col::Diff(k) => format!("verschil{}", pair(k)),
        Col::Pct(k) => format!("%{}", pair(k)),
    }
}

/// One cell of a row: an amount (`–` without a grant in that call), a difference (`+€ 4.500`)
/// or a percentage (`+60,0 %`), the mark `nieuw` or `gestopt` in place of the percentage.
pub fn cell(row: &Row, changes: &[Change], col: Col) -> (String, Tone) {
    let dash = || ("–".to_string(), Tone::Dim);
    match col {
        Col::Amount(k) => match (row.amounts.get(k), row.present.get(k)) {
            (Some(a), Some(true)) => (format_eur(*a), Tone::Plain),
            _ => dash(),
        },
        Col::Diff(k) | Col::Pct(k) => {
            let Some(ch) = k.checked_sub(1).and_then(|j| changes.get(j)) else {
                return dash();
            };
            let tone = match ch.mark {
                Mark::New => Tone::New,
                Mark::Stopped => Tone::Stopped,
                Mark::Absent => return dash(),
                Mark::Same => Tone::Dim,
                Mark::Changed => Tone::Plain,
            };
            let text = match (col, ch.mark) {
                (Col::Diff(_), _) => signed_eur(ch.diff),
                (_, Mark::New) => Mark::New.code().to_string(),
                (_, Mark::Stopped) => Mark::Stopped.code().to_string(),
                _ => pct_text(ch),
            };
            (text, tone)
        }
    }
}

/// The cells of a row for columns, each right-aligned in its width with a space before it.
/// Without a % column (narrow panes), a new or stopped row gets its mark before the figures.
pub fn cells(row: &Row, cols: &[Col], w: &Widths) -> Vec<(String, Tone)> {
    let changes = row.changes();
    let mut out: Vec<(String, Tone)> = Vec::new();
    if !cols.iter().any(|c| matches!(c, Col::Pct(_))) {
        match changes.last().map(|c| c.mark) {
            Some(Mark::New) => out.push((format!(" {}", Mark::New.code()), Tone::New)),
            Some(Mark::Stopped) => {
                out.push((format!(" {}", Mark::Stopped.code()), Tone::Stopped));
            }
            _ => {}
        }
    }
    out.extend(cols.iter().map(|c| {
        let (text, tone) = cell(row, &changes, *c);
        (format!(" {text:>width$}", width = w.of_col(*c)), tone)
    }));
    out
}

/// The header cells for columns, aligned as [`cells`].
pub fn header_cells(calls: &Calls, cols: &[Col], w: &Widths) -> String {
    cols.iter()
        .map(|c| format!(" {:>width$}", header(calls, *c), width = w.of_col(*c)))
        .collect()
}

/// The lines of a group of applicants (one, a province, all), per call: per objective its
/// actions (and the unknown actions it holds), then the other lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineRows {
    /// Per objective (by number): its row and the rows of its lines.
    pub objectives: Vec<(u8, Row, Vec<Row>)>,
    /// Lines in no objective.
    pub other: Vec<Row>,
}

impl LineRows {
    /// Every row, for column widths.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.objectives
            .iter()
            .flat_map(|(_, o, lines)| std::iter::once(o).chain(lines.iter()))
            .chain(self.other.iter())
    }
}

/// The per-call rows of the lines of these applicants (granted lines the filter admits).
pub fn line_rows(ds: &Dataset, calls: &Calls, applicants: &[ApplicantId]) -> LineRows {
    let refdata = reference::get();
    // Key: the objective (255 for none) and the kind of line.
    let mut rows: BTreeMap<(u8, LineKind), Row> = BTreeMap::new();
    for a in applicants {
        for g in ds.grants_of(*a) {
            if !g.is_granted() || !ds.counts(g) {
                continue;
            }
            let objective = ds.line_objective(g.kind);
            let key = (objective.unwrap_or(u8::MAX), g.kind);
            let row = rows.entry(key).or_insert_with(|| {
                let label = match g.kind {
                    LineKind::Action(no) => refdata.action(no).map_or_else(
                        || format!("Actie {no}"),
                        |x| format!("Actie {no} {}", x.name),
                    ),
                    LineKind::UnknownAction(_) => {
                        format!("Onbekende actie: {}", ds.line_label(g.kind))
                    }
                    LineKind::Mentorship(_) => {
                        format!("Mentorschapstoeslag: {}", ds.line_label(g.kind))
                    }
                    LineKind::SocialImpactBond => ds.line_label(g.kind),
                };
                Row {
                    label,
                    ..calls.row()
                }
            });
            calls.add(row, ds, g);
        }
    }
    let mut out = LineRows::default();
    for ((objective, _), row) in rows {
        if objective == u8::MAX {
            out.other.push(row);
            continue;
        }
        if out
            .objectives
            .last()
            .is_none_or(|(o, _, _)| *o != objective)
        {
            let label = refdata.objective(objective).map_or_else(
                || format!("Doelstelling {objective}"),
                |o| format!("{} {}", o.no, o.name),
            );
            out.objectives.push((
                objective,
                Row {
                    label,
                    ..calls.row()
                },
                Vec::new(),
            ));
        }
        if let Some((_, sum, lines)) = out.objectives.last_mut() {
            for k in 0..row.amounts.len() {
                sum.amounts[k] += row.amounts[k];
                sum.present[k] |= row.present[k];
            }
            lines.push(row);
        }
    }
    out
}

/// The per-call total of a group of applicants.
pub fn total_of(ds: &Dataset, calls: &Calls, applicants: &[ApplicantId]) -> Row {
    let mut row = calls.row();
    for a in applicants {
        for g in ds.grants_of(*a) {
            calls.add(&mut row, ds, g);
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(nos: &[u8]) -> Calls {
        Calls { nos: nos.to_vec() }
    }

    fn row(amounts: &[i64], present: &[bool]) -> Row {
        Row {
            no: None,
            label: String::new(),
            detail: None,
            amounts: amounts.to_vec(),
            present: present.to_vec(),
        }
    }

    #[test]
    fn cells_show_amounts_differences_and_marks() {
        let r = row(&[750_000, 1_200_000], &[true, true]);
        let ch = r.changes();
        assert_eq!(cell(&r, &ch, Col::Amount(0)).0, "€ 7.500");
        assert_eq!(cell(&r, &ch, Col::Diff(1)).0, "+€ 4.500");
        assert_eq!(cell(&r, &ch, Col::Pct(1)).0, "+60,0 %");
        let new = row(&[0, 400_000], &[false, true]);
        let ch = new.changes();
        assert_eq!(
            cell(&new, &ch, Col::Amount(0)),
            ("–".to_string(), Tone::Dim)
        );
        assert_eq!(
            cell(&new, &ch, Col::Pct(1)),
            ("nieuw".to_string(), Tone::New)
        );
        let stopped = row(&[321_000, 0], &[true, false]);
        let ch = stopped.changes();
        assert_eq!(cell(&stopped, &ch, Col::Diff(1)).0, "-€ 3.210");
        assert_eq!(
            cell(&stopped, &ch, Col::Pct(1)),
            ("gestopt".to_string(), Tone::Stopped)
        );
        // Without a % column the mark goes before the figures.
        let w = Widths {
            amount: 9,
            diff: 9,
            pct: 8,
        };
        let texts = |cols: &[Col]| -> Vec<String> {
            cells(&stopped, cols, &w)
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        };
        assert_eq!(
            texts(&[Col::Amount(1), Col::Diff(1)]),
            [" gestopt", "         –", "  -€ 3.210"]
        );
        assert_eq!(
            texts(&[Col::Diff(1), Col::Pct(1)]),
            ["  -€ 3.210", "  gestopt"]
        );
    }

    #[test]
    fn headers_name_the_pair_only_with_more_than_two_calls() {
        assert_eq!(header(&calls(&[1, 2]), Col::Diff(1)), "verschil");
        assert_eq!(header(&calls(&[1, 2]), Col::Pct(1)), "%");
        assert_eq!(header(&calls(&[1, 2, 3]), Col::Diff(2)), "verschil 2→3");
        assert_eq!(header(&calls(&[1, 2, 3]), Col::Amount(0)), "oproep 1");
    }

    #[test]
    fn narrower_rooms_get_fewer_columns() {
        let c = calls(&[1, 2, 3]);
        let w = Widths {
            amount: 12,
            diff: 12,
            pct: 8,
        };
        let full = choose(&c, &w, 200, 20);
        assert_eq!(full.len(), 7);
        let one_pair = choose(&c, &w, 20 + 3 * 13 + 13 + 9, 20);
        assert_eq!(
            one_pair,
            vec![
                Col::Amount(0),
                Col::Amount(1),
                Col::Amount(2),
                Col::Diff(2),
                Col::Pct(2)
            ]
        );
        assert_eq!(choose(&c, &w, 42, 16), vec![Col::Amount(2), Col::Diff(2)]);
        assert_eq!(choose(&c, &w, 40, 16), vec![Col::Diff(2), Col::Pct(2)]);
        assert_eq!(choose(&c, &w, 5, 16), vec![Col::Pct(2)]);
        assert_eq!(choose(&c, &w, 30, 16), vec![Col::Diff(2)]);
        // The column the tree sorts on stays when a set with it fits.
        assert_eq!(
            choose_with(&c, &w, 40, 16, Some(Col::Amount(2))),
            vec![Col::Amount(2), Col::Pct(2)]
        );
        assert_eq!(
            choose_with(&c, &w, 30, 16, Some(Col::Amount(2))),
            vec![Col::Amount(2)]
        );
    }
}
