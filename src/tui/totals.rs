//! Amounts per objective, per action and per other kind of line for one selection (Vlaanderen,
//! a province or an applicant). Computed once per selection change, read by the view.

use std::collections::BTreeMap;

use crate::compare::Row;
use crate::model::{ApplicantId, Dataset, LineKind, OtherKind, Province, ACTIONS, OBJECTIVES};

use super::calls::{Calls, Widths};

/// What the objectives pane totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Province(Option<Province>),
    Applicant(ApplicantId),
}

/// A line that is not a catalogue action, with its amount in the scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherLine {
    pub kind: OtherKind,
    pub label: String,
    pub amount: i64,
}

/// The objective totals of a scope. Every amount is granted cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub scope: Scope,
    pub total: i64,
    pub objectives: [i64; OBJECTIVES],
    /// Index = action number − 1.
    pub actions: [i64; ACTIONS],
    /// Lines in no objective, by kind then label.
    pub other: Vec<OtherLine>,
    /// Unknown actions the file puts under an objective (counted in it), by objective then
    /// label.
    pub unknown: Vec<(u8, OtherLine)>,
    /// The same figures per call, for a dataset of several calls.
    pub calls: Option<CallBreakdown>,
}

/// The objective totals of a scope per call; every row lines up with the single figure of
/// [`Breakdown`] it splits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallBreakdown {
    pub calls: Calls,
    pub total: Row,
    pub objectives: Vec<Row>,
    /// Index = action number − 1.
    pub actions: Vec<Row>,
    /// As [`Breakdown::other`].
    pub other: Vec<Row>,
    /// As [`Breakdown::unknown`].
    pub unknown: Vec<Row>,
    /// Column widths over all these rows.
    pub widths: Widths,
}

impl CallBreakdown {
    /// The rows of the unknown actions counted in an objective.
    pub fn objective_unknown<'a>(
        &'a self,
        b: &'a Breakdown,
        objective: u8,
    ) -> impl Iterator<Item = &'a Row> {
        b.unknown
            .iter()
            .zip(self.unknown.iter())
            .filter(move |((o, _), _)| *o == objective)
            .map(|(_, r)| r)
    }

    /// The row of an action.
    pub fn action(&self, no: u8) -> Option<&Row> {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.actions.get(i))
    }
}

impl Breakdown {
    pub fn new(ds: &Dataset, scope: Scope) -> Breakdown {
        let (total, objectives, applicants): (i64, [i64; OBJECTIVES], Vec<ApplicantId>) =
            match scope {
                Scope::All => {
                    let t = ds.totals();
                    (t.granted, t.per_objective, t.applicants.clone())
                }
                Scope::Province(p) => {
                    let t = ds.province_totals(p);
                    (t.granted, t.per_objective, t.applicants.clone())
                }
                Scope::Applicant(a) => match ds.applicant_totals(a) {
                    Some(t) => (t.granted, t.per_objective, vec![a]),
                    None => (0, [0; OBJECTIVES], Vec::new()),
                },
            };
        let mut actions = [0i64; ACTIONS];
        let mut other: BTreeMap<(OtherKind, String), i64> = BTreeMap::new();
        let mut unknown: BTreeMap<(u8, String), i64> = BTreeMap::new();
        // Per call, the same rows under the same keys.
        let per_call = Calls::of(ds);
        let row = || per_call.as_ref().map(Calls::row);
        let mut call_total = row();
        let mut call_objectives = vec![row(); OBJECTIVES];
        let mut call_actions = vec![row(); ACTIONS];
        let mut call_other: BTreeMap<(OtherKind, String), Option<Row>> = BTreeMap::new();
        let mut call_unknown: BTreeMap<(u8, String), Option<Row>> = BTreeMap::new();
        let add = |r: &mut Option<Row>, g: &crate::model::Grant| {
            if let (Some(c), Some(r)) = (&per_call, r) {
                c.add(r, ds, g);
            }
        };
        for a in applicants {
            for g in ds.grants_of(a).filter(|g| g.is_granted()) {
                add(&mut call_total, g);
                if let Some(o) = ds.line_objective(g.kind) {
                    add(&mut call_objectives[usize::from(o) - 1], g);
                }
                match (g.kind, ds.line_objective(g.kind)) {
                    (LineKind::Action(no), _) if (1..=ACTIONS as u8).contains(&no) => {
                        actions[usize::from(no) - 1] += g.amount;
                        add(&mut call_actions[usize::from(no) - 1], g);
                    }
                    (kind @ LineKind::UnknownAction(_), Some(obj)) => {
                        let key = (obj, ds.other_label(kind).1);
                        if per_call.is_some() {
                            add(call_unknown.entry(key.clone()).or_insert_with(row), g);
                        }
                        *unknown.entry(key).or_insert(0) += g.amount;
                    }
                    (kind, _) => {
                        let key = ds.other_label(kind);
                        if per_call.is_some() {
                            add(call_other.entry(key.clone()).or_insert_with(row), g);
                        }
                        *other.entry(key).or_insert(0) += g.amount;
                    }
                }
            }
        }
        let calls = per_call.map(|calls| {
            let rows = |v: Vec<Option<Row>>| v.into_iter().flatten().collect::<Vec<Row>>();
            let total = call_total.unwrap_or_else(|| calls.row());
            let objectives = rows(call_objectives);
            let actions = rows(call_actions);
            let other = rows(call_other.into_values().collect());
            let unknown = rows(call_unknown.into_values().collect());
            let widths = Widths::of(
                &calls,
                std::iter::once(&total)
                    .chain(&objectives)
                    .chain(&actions)
                    .chain(&other)
                    .chain(&unknown),
            );
            CallBreakdown {
                calls,
                total,
                objectives,
                actions,
                other,
                unknown,
                widths,
            }
        });
        Breakdown {
            scope,
            total,
            objectives,
            actions,
            other: other
                .into_iter()
                .map(|((kind, label), amount)| OtherLine {
                    kind,
                    label,
                    amount,
                })
                .collect(),
            unknown: unknown
                .into_iter()
                .map(|((obj, label), amount)| {
                    let kind = OtherKind::UnknownAction;
                    (
                        obj,
                        OtherLine {
                            kind,
                            label,
                            amount,
                        },
                    )
                })
                .collect(),
            calls,
        }
    }

    /// The unknown actions counted in an objective.
    pub fn objective_unknown(&self, objective: u8) -> impl Iterator<Item = &OtherLine> {
        self.unknown
            .iter()
            .filter(move |(o, _)| *o == objective)
            .map(|(_, line)| line)
    }

    /// Rows of the objectives pane: the 7 objectives, then one per other line.
    pub fn row_count(&self) -> usize {
        OBJECTIVES + self.other.len()
    }

    /// Amount of an action in this scope.
    pub fn action(&self, no: u8) -> i64 {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.actions.get(i).copied())
            .unwrap_or(0)
    }
}
