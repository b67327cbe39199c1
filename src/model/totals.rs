//! The totals computed once at load: per applicant, province, action and objective.

use std::collections::BTreeMap;

use super::{
    ApplicantId, Dataset, Grant, LineKind, MunicipalityId, OtherKind, Province, ACTIONS, OBJECTIVES,
};

/// A 300-bit set of municipalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MunicipalitySet([u64; 5]);

impl MunicipalitySet {
    pub fn insert(&mut self, id: MunicipalityId) {
        let i = usize::from(id);
        if i < 320 {
            self.0[i / 64] |= 1 << (i % 64);
        }
    }
    pub fn contains(&self, id: MunicipalityId) -> bool {
        let i = usize::from(id);
        i < 320 && self.0[i / 64] & (1 << (i % 64)) != 0
    }
    pub fn union_with(&mut self, other: &MunicipalitySet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= *b;
        }
    }
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    pub fn iter(&self) -> impl Iterator<Item = MunicipalityId> + '_ {
        (0..320u16).filter(move |i| self.contains(*i))
    }
}

/// Totals of one applicant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicantTotals {
    pub granted: i64,
    pub refused: i64,
    /// Granted per objective, index = objective number − 1: its actions' lines and the lines
    /// of unknown actions the file puts under it.
    pub per_objective: [i64; 7],
    /// Granted on lines in no objective (see [`Dataset::line_objective`]).
    pub other: i64,
    pub lines: u32,
    /// Indices into [`Dataset::grants`], in file order.
    pub grant_ids: Vec<u32>,
    /// The municipalities this applicant represents (itself and its partners).
    pub represented: MunicipalitySet,
    /// Index into the collaborations this applicant leads (annex first, then answer 2).
    pub leads: Vec<CollaborationRef>,
    /// Collaborations where this applicant's municipality is a partner.
    pub partner_in: Vec<CollaborationRef>,
}

/// Points at a collaboration: of the annex or of answer 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CollaborationRef {
    Annex(u32),
    Answer(u32),
}

/// Totals of a group of applicants (a province or all of Flanders).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupTotals {
    pub granted: i64,
    pub refused: i64,
    /// As [`ApplicantTotals::per_objective`].
    pub per_objective: [i64; 7],
    /// Granted on lines in no objective.
    pub other: i64,
    pub applicants: Vec<ApplicantId>,
    pub represented: MunicipalitySet,
    pub lines: u32,
}

/// Totals of one action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionTotals {
    pub granted: i64,
    pub refused: i64,
    pub applicants: Vec<ApplicantId>,
    pub represented: MunicipalitySet,
    pub lines: u32,
}

/// Totals of a kind of line that is not one of the 24 actions, per label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherTotals {
    pub kind: OtherKind,
    pub label: String,
    pub granted: i64,
    pub applicants: Vec<ApplicantId>,
}

// `Tally::finish` marks an applicant's objectives in one byte.
const _: () = assert!(OBJECTIVES <= 8);

/// Everything computed once at load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Aggregates {
    pub(super) per_applicant: Vec<ApplicantTotals>,
    /// Index = province index; the last slot is "province unknown".
    pub(super) per_province: Vec<GroupTotals>,
    pub(super) all: GroupTotals,
    /// Index = action number − 1.
    pub(super) per_action: Vec<ActionTotals>,
    /// Applicants per objective, index = objective number − 1.
    pub(super) objective_applicants: Vec<Vec<ApplicantId>>,
    /// Lines in no objective.
    pub(super) other: Vec<OtherTotals>,
    /// Unknown actions counted in an objective, index = objective number − 1.
    pub(super) objective_unknown: Vec<Vec<OtherTotals>>,
    pub(super) has_cents: bool,
}

/// Granted amount and applicants (each once, in order of first line) of one label.
type LabelTally = (i64, Vec<ApplicantId>);

/// The running totals while the lines of a dataset are counted, one step per method.
struct Tally {
    per_applicant: Vec<ApplicantTotals>,
    per_action: Vec<ActionTotals>,
    other: BTreeMap<(OtherKind, String), LabelTally>,
    objective_unknown: BTreeMap<(u8, String), LabelTally>,
    objective_applicants: Vec<Vec<ApplicantId>>,
    has_cents: bool,
}

impl Aggregates {
    /// Counts every line the dataset's filter admits, then its collaborations and groups.
    pub(super) fn of(ds: &Dataset) -> Aggregates {
        let mut tally = Tally {
            per_applicant: vec![ApplicantTotals::default(); ds.applicants.len()],
            per_action: vec![ActionTotals::default(); ACTIONS],
            other: BTreeMap::new(),
            objective_unknown: BTreeMap::new(),
            objective_applicants: vec![Vec::new(); OBJECTIVES],
            has_cents: false,
        };
        // Each applicant's list of lines sized once, not grown by doubling.
        let mut lines = vec![0u32; ds.applicants.len()];
        for g in ds.grants.iter().filter(|g| ds.counts(g)) {
            if let Some(n) = lines.get_mut(g.applicant as usize) {
                *n += 1;
            }
        }
        for (t, n) in tally.per_applicant.iter_mut().zip(lines) {
            t.grant_ids.reserve_exact(n as usize);
        }
        for (gi, g) in ds.grants.iter().enumerate() {
            if (g.applicant as usize) < ds.applicants.len() && ds.counts(g) {
                tally.line(ds, gi as u32, g);
            }
        }
        tally.applicants_per_action(ds);
        tally.collaborations(ds);
        tally.finish(ds)
    }
}

impl Tally {
    /// One line: its applicant's totals, its action's, and its label's if it is no action.
    fn line(&mut self, ds: &Dataset, gi: u32, g: &Grant) {
        self.has_cents |= g.amount % 100 != 0;
        let t = &mut self.per_applicant[g.applicant as usize];
        t.lines += 1;
        t.grant_ids.push(gi);
        let granted = g.is_granted();
        if granted {
            t.granted += g.amount;
        } else {
            t.refused += g.amount;
        }
        let objective = ds.line_objective(g.kind);
        if let (true, Some(obj)) = (granted, objective) {
            t.per_objective[usize::from(obj) - 1] += g.amount;
        }
        let granted_amount = if granted { g.amount } else { 0 };
        match (g.kind, objective) {
            (LineKind::Action(no), _) if (1..=ACTIONS as u8).contains(&no) => {
                let at = &mut self.per_action[usize::from(no) - 1];
                at.lines += 1;
                if granted {
                    at.granted += g.amount;
                } else {
                    at.refused += g.amount;
                }
            }
            (LineKind::UnknownAction(_), Some(obj)) => {
                let (_, label) = ds.other_label(g.kind);
                let e = self.objective_unknown.entry((obj, label)).or_default();
                add_to_label(e, granted_amount, g.applicant);
                let at = &mut self.objective_applicants[usize::from(obj) - 1];
                if at.last() != Some(&g.applicant) {
                    at.push(g.applicant);
                }
            }
            (kind, _) => {
                t.other += granted_amount;
                let e = self.other.entry(ds.other_label(kind)).or_default();
                add_to_label(e, granted_amount, g.applicant);
            }
        }
    }

    /// Applicants per action, in applicant order, each once.
    fn applicants_per_action(&mut self, ds: &Dataset) {
        for (a, t) in self.per_applicant.iter().enumerate() {
            let mut seen = [false; ACTIONS];
            for gi in &t.grant_ids {
                if let Some(LineKind::Action(no)) = ds.grants.get(*gi as usize).map(|g| g.kind) {
                    if (1..=ACTIONS as u8).contains(&no) && !seen[usize::from(no) - 1] {
                        seen[usize::from(no) - 1] = true;
                        self.per_action[usize::from(no) - 1]
                            .applicants
                            .push(a as ApplicantId);
                    }
                }
            }
        }
    }

    /// Collaborations: what each lead leads and represents, where each partner takes part;
    /// then every applicant represents its own municipality.
    fn collaborations(&mut self, ds: &Dataset) {
        for (cref, c) in ds.all_collaborations() {
            if let Some(lead) = ds.find_party_applicant(&c.lead) {
                let t = &mut self.per_applicant[lead as usize];
                t.leads.push(cref);
                for m in c.partners.iter().filter_map(|p| p.resolved.municipality()) {
                    t.represented.insert(m);
                }
            }
            for m in c.partners.iter().filter_map(|p| p.resolved.municipality()) {
                if let Some(pa) = ds.applicant_by_municipality(m) {
                    self.per_applicant[pa as usize].partner_in.push(cref);
                }
            }
        }
        for (i, a) in ds.applicants.iter().enumerate() {
            if let Some(m) = a.municipality() {
                self.per_applicant[i].represented.insert(m);
            }
        }
    }

    /// Provinces and all of Flanders from their applicants; what actions and objectives
    /// represent; the labels' totals in order.
    fn finish(mut self, ds: &Dataset) -> Aggregates {
        let mut per_province = vec![GroupTotals::default(); Province::ALL.len() + 1];
        let mut all = GroupTotals::default();
        for (i, a) in ds.applicants.iter().enumerate() {
            let t = &self.per_applicant[i];
            if t.lines == 0 {
                continue;
            }
            let slot = a.province.map_or(Province::ALL.len(), Province::index);
            for g in [&mut per_province[slot], &mut all] {
                g.add(i as ApplicantId, t);
            }
        }
        for at in self.per_action.iter_mut() {
            for a in &at.applicants {
                at.represented
                    .union_with(&self.per_applicant[*a as usize].represented);
            }
        }
        // Objectives with only zero-amount lines still count their applicants.
        for (no, at) in self.per_action.iter().enumerate() {
            if let Some(obj) = ds.line_objective(LineKind::Action(no as u8 + 1)) {
                self.objective_applicants[usize::from(obj) - 1].extend(at.applicants.iter());
            }
        }
        // Sorted and each once: marked per applicant (one bit per objective), then listed in
        // applicant order; a sort of every line's applicant cost more at a million lines.
        let mut marks = vec![0u8; ds.applicants.len()];
        for (o, v) in self.objective_applicants.iter().enumerate() {
            for a in v {
                if let Some(m) = marks.get_mut(*a as usize) {
                    *m |= 1 << o;
                }
            }
        }
        for (o, v) in self.objective_applicants.iter_mut().enumerate() {
            *v = (0..marks.len())
                .filter(|a| marks[*a] & (1 << o) != 0)
                .map(|a| a as ApplicantId)
                .collect();
        }
        let mut objective_unknown = vec![Vec::new(); OBJECTIVES];
        for ((obj, label), (granted, applicants)) in self.objective_unknown {
            objective_unknown[usize::from(obj) - 1].push(OtherTotals {
                kind: OtherKind::UnknownAction,
                label,
                granted,
                applicants,
            });
        }
        Aggregates {
            per_applicant: self.per_applicant,
            per_province,
            all,
            per_action: self.per_action,
            objective_applicants: self.objective_applicants,
            other: self
                .other
                .into_iter()
                .map(|((kind, label), (granted, applicants))| OtherTotals {
                    kind,
                    label,
                    granted,
                    applicants,
                })
                .collect(),
            objective_unknown,
            has_cents: self.has_cents,
        }
    }
}

fn add_to_label(e: &mut LabelTally, granted: i64, applicant: ApplicantId) {
    e.0 += granted;
    if e.1.last() != Some(&applicant) && !e.1.contains(&applicant) {
        e.1.push(applicant);
    }
}

impl GroupTotals {
    /// Adds one applicant's totals to the group.
    fn add(&mut self, id: ApplicantId, t: &ApplicantTotals) {
        self.granted += t.granted;
        self.refused += t.refused;
        self.other += t.other;
        self.lines += t.lines;
        for (o, v) in self.per_objective.iter_mut().zip(t.per_objective.iter()) {
            *o += v;
        }
        self.applicants.push(id);
        self.represented.union_with(&t.represented);
    }
}
