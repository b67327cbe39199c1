//! Amounts per objective, per action and per other kind of line for one selection (Vlaanderen,
//! a province or an applicant). Computed once per selection change, read by the view.

use std::collections::BTreeMap;

use crate::model::{ApplicantId, Dataset, LineKind, OtherKind, Province, ACTIONS, OBJECTIVES};

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
        for a in applicants {
            for g in ds.grants_of(a).filter(|g| g.is_granted()) {
                match (g.kind, ds.line_objective(g.kind)) {
                    (LineKind::Action(no), _) if (1..=ACTIONS as u8).contains(&no) => {
                        actions[usize::from(no) - 1] += g.amount;
                    }
                    (kind @ LineKind::UnknownAction(_), Some(obj)) => {
                        *unknown.entry((obj, ds.other_label(kind).1)).or_insert(0) += g.amount;
                    }
                    (kind, _) => *other.entry(ds.other_label(kind)).or_insert(0) += g.amount,
                }
            }
        }
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
