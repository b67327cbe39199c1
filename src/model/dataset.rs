//! The [`Dataset`]: what a loader provides, with its lookups and totals.

use std::sync::Arc;

use super::totals::Aggregates;
use super::{
    ActionReading, ActionTotals, AnswerFacts, Applicant, ApplicantId, ApplicantKind,
    ApplicantTotals, CallInfo, Collaboration, CollaborationRef, CollaborationSource, Grant,
    GroupTotals, LineKind, LoadNote, MunicipalityId, Origin, OtherKind, OtherTotals, Party,
    PartyKind, Province, Source, StatedTotal, TextId, Texts, UnknownAction, ACTIONS, OBJECTIVES,
    SIO_STIMULUS_LABEL,
};

/// The parts a loader (or a test) provides; [`Dataset::new`] computes the rest.
#[derive(Debug, Clone, Default)]
pub struct DatasetParts {
    pub source: Option<Source>,
    pub call: Option<CallInfo>,
    pub sheets: Vec<String>,
    pub applicants: Vec<Applicant>,
    pub grants: Vec<Grant>,
    /// The texts the grants name ([`Grant::explanation`], [`Grant::reason`]).
    pub texts: Texts,
    pub unknown_actions: Vec<UnknownAction>,
    pub action_readings: Vec<ActionReading>,
    pub collaborations: Vec<Collaboration>,
    pub facts: Option<AnswerFacts>,
    pub stated_totals: Vec<StatedTotal>,
    pub notes: Vec<LoadNote>,
}

/// Which lines a dataset counts: all of them, or only those of one action or one objective.
/// A restricted dataset ([`Dataset::restricted_to`]) keeps every line (indices stay valid) but
/// its totals, its applicants' lines and its groups cover only the lines the filter admits, so
/// every figure a view or workbook takes from it is that of the selection it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum LineFilter {
    #[default]
    All,
    /// The lines of one catalogue action (1..=24).
    Action(u8),
    /// The lines whose money counts in one objective (1..=7): its catalogue actions, and
    /// actions outside the catalogue that the file puts under it.
    Objective(u8),
}

/// A loaded annex: applicants, grants and collaborations, with totals computed once.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub source: Source,
    pub call: CallInfo,
    /// Sheet names (one empty name for a CSV file).
    pub sheets: Vec<String>,
    pub applicants: Vec<Applicant>,
    /// Every line of the file, shared by the restricted views of the same data.
    pub grants: Arc<Vec<Grant>>,
    /// The texts of the lines (explanations, reasons), shared like the lines: read one with
    /// [`Dataset::text`].
    pub texts: Arc<Texts>,
    pub unknown_actions: Vec<UnknownAction>,
    /// Titles read as catalogue actions by their words.
    pub action_readings: Vec<ActionReading>,
    /// Collaborations stated in the annex itself.
    pub collaborations: Vec<Collaboration>,
    /// The facts of answer 492, attached only to first-call data.
    pub facts: Option<AnswerFacts>,
    pub stated_totals: Vec<StatedTotal>,
    pub notes: Vec<LoadNote>,
    /// The files of a dataset combined from several ([`super::combine`]), in the order given;
    /// empty for one file.
    pub files: Vec<super::FilePart>,
    /// The lines the totals cover.
    lines: LineFilter,
    /// Only the lines of this call count ([`Dataset::for_call`]).
    call_lines: Option<u8>,
    /// The objective of each catalogue action, index = action number − 1.
    action_objectives: [Option<u8>; ACTIONS],
    agg: Aggregates,
}

/// A place in the data that a view can jump to (search hits, check findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// All of Flanders (the root of the tree).
    All,
    Province(Province),
    Applicant(ApplicantId),
    /// A municipality of the reference list (possibly without any grant).
    Municipality(MunicipalityId),
    Objective(u8),
    Action(u8),
    /// One line, index into [`Dataset::grants`].
    Grant(u32),
    Collaboration(CollaborationRef),
    /// A mentorship of answer 7, index into [`AnswerFacts::mentorships`].
    Mentorship(u32),
    /// A social impact bond of answer 8, index into [`AnswerFacts::social_impact_bonds`].
    SocialImpactBond(u32),
}

impl Dataset {
    /// Builds a dataset and computes every total. `objective_of` gives the objective of a
    /// catalogue action (from the reference catalogue in production, anything in tests).
    pub fn new(parts: DatasetParts, objective_of: impl Fn(u8) -> Option<u8>) -> Dataset {
        let mut ds = Dataset {
            source: parts.source.unwrap_or(Source {
                name: "onbekend".to_string(),
                path: None,
                sample: false,
            }),
            call: parts.call.unwrap_or_else(CallInfo::unknown),
            sheets: parts.sheets,
            applicants: parts.applicants,
            grants: Arc::new(parts.grants),
            texts: Arc::new(parts.texts),
            unknown_actions: parts.unknown_actions,
            action_readings: parts.action_readings,
            collaborations: parts.collaborations,
            facts: parts.facts,
            stated_totals: parts.stated_totals,
            notes: parts.notes,
            files: Vec::new(),
            lines: LineFilter::All,
            call_lines: None,
            action_objectives: std::array::from_fn(|i| {
                objective_of(i as u8 + 1).filter(|o| (1..=OBJECTIVES as u8).contains(o))
            }),
            agg: Aggregates::default(),
        };
        ds.agg = Aggregates::of(&ds);
        ds
    }

    /// The same data with totals over only the lines `filter` admits (or all of them again).
    /// The lines themselves are shared, not copied.
    pub fn restricted_to(&self, filter: LineFilter) -> Dataset {
        let mut ds = Dataset {
            source: self.source.clone(),
            call: self.call.clone(),
            sheets: self.sheets.clone(),
            applicants: self.applicants.clone(),
            grants: Arc::clone(&self.grants),
            texts: Arc::clone(&self.texts),
            unknown_actions: self.unknown_actions.clone(),
            collaborations: self.collaborations.clone(),
            facts: self.facts.clone(),
            stated_totals: self.stated_totals.clone(),
            notes: self.notes.clone(),
            files: self.files.clone(),
            lines: filter,
            call_lines: self.call_lines,
            action_readings: self.action_readings.clone(),
            action_objectives: self.action_objectives,
            agg: Aggregates::default(),
        };
        ds.agg = Aggregates::of(&ds);
        ds
    }

    /// A line's text ([`Grant::explanation`], [`Grant::reason`]).
    pub fn text(&self, id: Option<TextId>) -> Option<&str> {
        id.map(|id| self.texts.get(id))
    }

    /// The lines the totals cover.
    pub fn line_filter(&self) -> LineFilter {
        self.lines
    }

    /// The same data with totals over only the lines of one call (of a multi-call dataset),
    /// the line filter kept. Lines stay where they are (indices stay valid). The view is that
    /// call's data: its `call` says that call alone, the facts of answer 492 stay only for call
    /// 1, and of the collaborations stated in the files only those of the files holding the
    /// call apply.
    pub fn for_call(&self, call: u8) -> Dataset {
        let how = self.file_of_call(call).map_or(self.call.source, |f| f.how);
        let mut ds = self.restricted_to(self.lines);
        ds.call_lines = Some(call);
        ds.call = CallInfo {
            call: Some(call),
            source: how,
            calls_in_file: if how == super::CallSource::Column {
                vec![call]
            } else {
                Vec::new()
            },
        };
        if call != 1 {
            ds.facts = None;
        }
        ds.agg = Aggregates::of(&ds);
        ds
    }

    /// Dutch: "oproep 1 (volgens de titel in het bestand)"; for several files the call of each:
    /// "oproepen 1, 2 (oproep 1: a.xlsx, volgens de titel in het bestand; oproep 2: …)".
    pub fn call_text(&self) -> String {
        if self.files.is_empty() || self.call_lines.is_some() {
            return format!("{} ({})", self.call.label(), self.call.source.describe());
        }
        let parts: Vec<String> = self
            .files
            .iter()
            .map(|f| {
                let calls: Vec<String> = f.calls.iter().map(u8::to_string).collect();
                let word = if f.calls.len() == 1 {
                    "oproep"
                } else {
                    "oproepen"
                };
                format!(
                    "{word} {}: {}, {}",
                    calls.join(", "),
                    f.name,
                    f.how.describe()
                )
            })
            .collect();
        format!("{} ({})", self.call.label(), parts.join("; "))
    }

    /// The call whose lines alone count ([`Dataset::for_call`]), if any.
    pub fn call_restriction(&self) -> Option<u8> {
        self.call_lines
    }

    /// The calls of the data: those of its call column(s), else its one call (sorted).
    pub fn calls(&self) -> Vec<u8> {
        super::dataset_calls(self)
    }

    /// Whether the data holds more than one call.
    pub fn is_multi_call(&self) -> bool {
        self.call.calls_in_file.len() > 1
    }

    /// The file a sheet of a combined dataset comes from.
    pub fn file_of_sheet(&self, sheet: u16) -> Option<&super::FilePart> {
        self.files.iter().find(|f| f.has_sheet(sheet))
    }

    /// The file of a combined dataset that holds a call.
    pub fn file_of_call(&self, call: u8) -> Option<&super::FilePart> {
        self.files.iter().find(|f| f.calls.contains(&call))
    }

    /// The objective whose total a line's money counts in: that of its catalogue action, or
    /// the one the file puts an action outside the catalogue under. Mentorships and the social
    /// impact bond stimulus count in no objective.
    pub fn line_objective(&self, kind: LineKind) -> Option<u8> {
        match kind {
            LineKind::Action(no) => usize::from(no)
                .checked_sub(1)
                .and_then(|i| self.action_objectives.get(i).copied().flatten()),
            LineKind::UnknownAction(i) => self
                .unknown_actions
                .get(usize::from(i))
                .and_then(|u| u.objective)
                .filter(|o| (1..=OBJECTIVES as u8).contains(o)),
            LineKind::Mentorship(_) | LineKind::SocialImpactBond => None,
        }
    }

    /// Whether a line counts in this dataset's totals (its line filter admits it). Whoever
    /// walks [`Dataset::grants`] directly must ask this, as the totals do.
    pub fn counts(&self, g: &Grant) -> bool {
        if self.call_lines.is_some_and(|c| g.call != Some(c)) {
            return false;
        }
        match self.lines {
            LineFilter::All => true,
            LineFilter::Action(no) => g.kind == LineKind::Action(no),
            LineFilter::Objective(no) => self.line_objective(g.kind) == Some(no),
        }
    }

    /// The kind and label of a line that is not a catalogue action.
    pub fn other_label(&self, kind: LineKind) -> (OtherKind, String) {
        match kind {
            LineKind::Mentorship(_) => (OtherKind::Mentorship, "Mentorschap".to_string()),
            LineKind::SocialImpactBond => {
                (OtherKind::SocialImpactBond, SIO_STIMULUS_LABEL.to_string())
            }
            LineKind::UnknownAction(i) => (
                OtherKind::UnknownAction,
                self.unknown_actions
                    .get(usize::from(i))
                    .map_or_else(|| "onbekend".to_string(), |u| u.label.clone()),
            ),
            LineKind::Action(no) => (OtherKind::UnknownAction, format!("Actie {no}")),
        }
    }

    /// The applicant a collaboration party stands for, if it applied.
    pub fn find_party_applicant(&self, p: &Party) -> Option<ApplicantId> {
        match p.resolved {
            PartyKind::Municipality(m) => self.applicant_by_municipality(m),
            PartyKind::Vgc => self.position(|a| a.kind == ApplicantKind::Vgc),
            PartyKind::DeRand | PartyKind::DeRandFor(_) => {
                self.position(|a| a.kind == ApplicantKind::DeRand)
            }
            PartyKind::Unknown => {
                let f = crate::names::fold_local_government(&p.written);
                self.position(|a| crate::names::fold_local_government(&a.name) == f)
            }
        }
    }

    fn position(&self, pred: impl Fn(&Applicant) -> bool) -> Option<ApplicantId> {
        self.applicants
            .iter()
            .position(pred)
            .map(|i| i as ApplicantId)
    }

    /// The applicant that is this municipality, if it applied.
    pub fn applicant_by_municipality(&self, m: MunicipalityId) -> Option<ApplicantId> {
        self.position(|a| a.kind == ApplicantKind::Municipality(m))
    }

    /// The applicant with this (canonical) name, case and accents ignored.
    pub fn applicant_by_name(&self, name: &str) -> Option<ApplicantId> {
        let f = crate::names::fold_local_government(name);
        self.position(|a| {
            crate::names::fold_local_government(&a.name) == f
                || a.spellings
                    .iter()
                    .any(|s| crate::names::fold_local_government(&s.written) == f)
        })
    }

    pub fn applicant(&self, id: ApplicantId) -> Option<&Applicant> {
        self.applicants.get(id as usize)
    }

    pub fn applicant_totals(&self, id: ApplicantId) -> Option<&ApplicantTotals> {
        self.agg.per_applicant.get(id as usize)
    }

    /// The grants of an applicant, in file order.
    pub fn grants_of(&self, id: ApplicantId) -> impl Iterator<Item = &Grant> + '_ {
        self.agg
            .per_applicant
            .get(id as usize)
            .into_iter()
            .flat_map(|t| t.grant_ids.iter())
            .filter_map(|gi| self.grants.get(*gi as usize))
    }

    /// Totals of a province (`None`: applicants whose province is unknown).
    pub fn province_totals(&self, p: Option<Province>) -> &GroupTotals {
        let slot = p.map_or(Province::ALL.len(), Province::index);
        &self.agg.per_province[slot]
    }

    /// Totals of all of Flanders (and Brussels): the whole dataset.
    pub fn totals(&self) -> &GroupTotals {
        &self.agg.all
    }

    /// Granted total of everything.
    pub fn total_granted(&self) -> i64 {
        self.agg.all.granted
    }

    pub fn total_refused(&self) -> i64 {
        self.agg.all.refused
    }

    /// Totals of a catalogue action (1..=24).
    pub fn action_totals(&self, no: u8) -> Option<&ActionTotals> {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.agg.per_action.get(i))
    }

    /// Granted total of an objective (1..=7) over all applicants.
    pub fn objective_total(&self, no: u8) -> i64 {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.agg.all.per_objective.get(i).copied())
            .unwrap_or(0)
    }

    /// Applicants with at least one line for an objective (1..=7).
    pub fn objective_applicants(&self, no: u8) -> &[ApplicantId] {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.agg.objective_applicants.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Totals of the lines in no objective (mentorships, the social impact bond, unknown
    /// actions without a stated objective), one entry per kind and label. With the objectives'
    /// totals they make the whole.
    pub fn other_totals(&self) -> &[OtherTotals] {
        &self.agg.other
    }

    /// Totals of the unknown actions counted in an objective (1..=7) because the file puts them
    /// under it, one entry per label, by label.
    pub fn objective_unknown_totals(&self, no: u8) -> &[OtherTotals] {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.agg.objective_unknown.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Number of distinct applicants with at least one line.
    pub fn applicant_count(&self) -> usize {
        self.agg.all.applicants.len()
    }

    /// Number of distinct represented local governments (municipalities).
    pub fn local_government_count(&self) -> usize {
        self.agg.all.represented.len()
    }

    /// Whether any amount has cents (then tables show two decimals everywhere).
    pub fn has_cents(&self) -> bool {
        self.agg.has_cents
    }

    /// All collaborations that apply: those of the annex, then those of answer 2.
    /// In a view of one call ([`Dataset::for_call`]) only those of the files holding that call
    /// (answer 2's belong to call 1, and a call-1 view keeps the facts).
    pub fn all_collaborations(&self) -> impl Iterator<Item = (CollaborationRef, &Collaboration)> {
        self.collaborations
            .iter()
            .enumerate()
            .filter(|(_, c)| self.collaboration_in_view(c))
            .map(|(i, c)| (CollaborationRef::Annex(i as u32), c))
            .chain(self.facts.iter().flat_map(|f| {
                f.collaborations
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (CollaborationRef::Answer(i as u32), c))
            }))
    }

    /// Whether a collaboration stated in a file applies to this view's call.
    fn collaboration_in_view(&self, c: &Collaboration) -> bool {
        let (Some(call), CollaborationSource::Annex(o)) = (self.call_lines, c.source) else {
            return true;
        };
        self.file_of_sheet(o.sheet)
            .is_none_or(|f| f.calls.contains(&call))
    }

    pub fn collaboration(&self, r: CollaborationRef) -> Option<&Collaboration> {
        match r {
            CollaborationRef::Annex(i) => self.collaborations.get(i as usize),
            CollaborationRef::Answer(i) => self
                .facts
                .as_ref()
                .and_then(|f| f.collaborations.get(i as usize)),
        }
    }

    /// "Blad 'Antwerpen', rij 14" or "rij 14" for a CSV file.
    pub fn place(&self, origin: Origin) -> String {
        match self.sheets.get(usize::from(origin.sheet)) {
            Some(name) if !name.is_empty() => format!("Blad '{}', rij {}", name, origin.row),
            _ => format!("rij {}", origin.row),
        }
    }

    /// Label of a line for people: "Actie 5", "Mentorschap (actie 11)", the unknown title.
    pub fn line_label(&self, kind: LineKind) -> String {
        match kind {
            LineKind::Action(no) => format!("Actie {no}"),
            LineKind::Mentorship(Some(no)) => format!("Mentorschap (actie {no})"),
            LineKind::Mentorship(None) => "Mentorschap".to_string(),
            LineKind::SocialImpactBond => SIO_STIMULUS_LABEL.to_string(),
            LineKind::UnknownAction(i) => self
                .unknown_actions
                .get(usize::from(i))
                .map_or_else(|| "Onbekende actie".to_string(), |u| u.label.clone()),
        }
    }
}
