//! Plain domain types and the [`Dataset`] with its lookups and totals. No I/O, no UI.
//!
//! Who counts as what:
//! - an *applicant* is a lead applicant as written in the annex, after name normalisation
//!   ("Stad Gent", "OCMW Gent" are Gent); VGC and vzw De Rand are applicants but not municipalities;
//! - a *represented local government* is a municipality that is an applicant or a partner in the
//!   applicant's collaboration, each counted once.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The five Flemish provinces, plus Brussel for the VGC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Province {
    Antwerpen,
    Brussel,
    Limburg,
    OostVlaanderen,
    VlaamsBrabant,
    WestVlaanderen,
}

impl Province {
    /// All provinces, sorted by name.
    pub const ALL: [Province; 6] = [
        Province::Antwerpen,
        Province::Brussel,
        Province::Limburg,
        Province::OostVlaanderen,
        Province::VlaamsBrabant,
        Province::WestVlaanderen,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Province::Antwerpen => "Antwerpen",
            Province::Brussel => "Brussel",
            Province::Limburg => "Limburg",
            Province::OostVlaanderen => "Oost-Vlaanderen",
            Province::VlaamsBrabant => "Vlaams-Brabant",
            Province::WestVlaanderen => "West-Vlaanderen",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Recognises a province as written in a file: "Antwerpen", "Provincie Antwerpen",
    /// "prov. West-Vlaanderen", "Vlaams Brabant", "W-Vl", "Brussel-Hoofdstad", "Brussels
    /// Hoofdstedelijk Gewest".
    pub fn parse(text: &str) -> Option<Province> {
        let mut f = crate::names::fold(text);
        for prefix in ["provincie ", "prov ", "province de ", "province "] {
            if let Some(rest) = f.strip_prefix(prefix) {
                f = rest.to_string();
            }
        }
        let p = match f.as_str() {
            "antwerpen" | "antw" | "anvers" => Province::Antwerpen,
            "limburg" | "limb" | "limbourg" => Province::Limburg,
            "oost vlaanderen" | "oostvlaanderen" | "o vl" | "ovl" | "flandre orientale" => {
                Province::OostVlaanderen
            }
            "west vlaanderen" | "westvlaanderen" | "w vl" | "wvl" | "flandre occidentale" => {
                Province::WestVlaanderen
            }
            "vlaams brabant" | "vlaamsbrabant" | "vl br" | "vlbr" | "brabant flamand" => {
                Province::VlaamsBrabant
            }
            "brussel"
            | "brussels"
            | "bruxelles"
            | "brussel hoofdstad"
            | "brussels hoofdstedelijk gewest"
            | "brussel hoofdstedelijk gewest"
            | "brussels gewest"
            | "brussel vgc"
            | "vgc" => Province::Brussel,
            _ => return None,
        };
        Some(p)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the seven objectives (doelstellingen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    pub no: u8,
    pub name: String,
    pub description: String,
}

/// Whether Plan Samenleven itself subsidises an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Funding {
    /// Subsidised from the first call on.
    Plan,
    /// Financed by other instruments (actions 1, 3, 4, 12).
    Elsewhere,
    /// Subsidised from the second call on (action 23).
    FromCall2,
}

impl Funding {
    /// Whether a grant for this action is expected in the given call.
    pub fn subsidised_in(self, call: u8) -> bool {
        match self {
            Funding::Plan => true,
            Funding::Elsewhere => false,
            Funding::FromCall2 => call >= 2,
        }
    }
}

/// A KPI of an action in the first call: euro per unit and the yearly maximum of units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kpi {
    pub unit: String,
    pub max_units_per_year: u32,
    pub cents_per_unit: i64,
}

/// One of the 24 actions (acties).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub no: u8,
    pub objective: u8,
    pub name: String,
    pub description: String,
    pub funding: Funding,
    /// KPIs of the first call (empty for actions without a call-1 rule).
    pub kpis: Vec<Kpi>,
}

impl Action {
    /// Largest subsidy the KPIs allow for the given units (units × rate summed over KPIs).
    pub fn ceiling_cents(&self, units: &Units) -> Option<i64> {
        if self.kpis.is_empty() || units.is_empty() {
            return None;
        }
        let mut sum = 0i64;
        for (kpi, u) in self.kpis.iter().zip(units.0.iter()) {
            sum += i64::from(u.unwrap_or(0)) * kpi.cents_per_unit;
        }
        Some(sum)
    }
}

/// A Flemish municipality (2019-2024).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub nis: u32,
    pub name: String,
    pub province: Province,
    pub arrondissement: String,
}

/// Index into the reference list of 300 municipalities.
pub type MunicipalityId = u16;

/// KPI units of a grant, one slot per KPI of its action (at most three).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Units(pub [Option<u32>; 3]);

impl Units {
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
    /// The known units, in KPI order, with `None` for an unknown one, trimmed at the end.
    pub fn known(&self) -> Vec<Option<u32>> {
        let mut v: Vec<Option<u32>> = self.0.to_vec();
        while v.last() == Some(&None) {
            v.pop();
        }
        v
    }
}

/// What kind of body an applicant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicantKind {
    Municipality(MunicipalityId),
    /// Vlaamse Gemeenschapscommissie (Brussels).
    Vgc,
    /// vzw De Rand (facility municipalities around Brussels).
    DeRand,
    /// A name that matches no known local government; kept as written.
    Unknown,
}

/// How a written name was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// Equal after folding case, accents, hyphens and prefixes such as "Stad".
    Exact,
    /// A known other form (Statbel disambiguation, French name, common variant).
    Alias,
    /// A known misspelling ("Wezenbeek-Oppem").
    KnownMisspelling,
    /// Close to one known name only through typing errors.
    Fuzzy { distance: u8 },
    /// Matches nothing known.
    Unmatched,
}

impl NameMatch {
    /// A spelling a policy officer should correct.
    pub fn is_misspelling(self) -> bool {
        matches!(self, NameMatch::KnownMisspelling | NameMatch::Fuzzy { .. })
    }
}

/// A name as it was written, and how it was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub written: String,
    pub matched: NameMatch,
}

/// A lead applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// Canonical name (municipality name, "VGC", "vzw De Rand") or the name as written.
    pub name: String,
    pub kind: ApplicantKind,
    pub province: Option<Province>,
    /// Every distinct way the file wrote this applicant.
    pub spellings: Vec<Spelling>,
}

impl Applicant {
    pub fn municipality(&self) -> Option<MunicipalityId> {
        match self.kind {
            ApplicantKind::Municipality(id) => Some(id),
            _ => None,
        }
    }
}

/// Index into [`Dataset::applicants`].
pub type ApplicantId = u32;

/// What a subsidy line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LineKind {
    /// One of the 24 actions of the catalogue.
    Action(u8),
    /// The mentorship supplement (€ 10.000 per mentorship according to question 7; the mentors
    /// are listed in answer 7), for the action mentored when known.
    Mentorship(Option<u8>),
    /// The social impact bond stimulus (answer 8): € 25.000 to lay the basis for a bond, not a
    /// bond. Shown as [`SIO_STIMULUS_LABEL`].
    SocialImpactBond,
    /// An action outside the catalogue; index into [`Dataset::unknown_actions`].
    UnknownAction(u16),
}

/// How the line of answer 8 is called wherever it is shown: a stimulus of € 25.000 to lay the
/// basis for a social impact bond (no bond was entered into, no investor is named).
pub const SIO_STIMULUS_LABEL: &str = "Stimulans sociale impactobligatie";

/// The kind of a line that is not one of the 24 actions, as named in the summary's `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OtherKind {
    Mentorship,
    SocialImpactBond,
    UnknownAction,
}

impl OtherKind {
    /// Stable machine name.
    pub fn code(self) -> &'static str {
        match self {
            OtherKind::Mentorship => "mentorschap",
            OtherKind::SocialImpactBond => "sociale_impactobligatie",
            OtherKind::UnknownAction => "onbekende_actie",
        }
    }
    /// Dutch label for people.
    pub fn label(self) -> &'static str {
        match self {
            OtherKind::Mentorship => "Mentorschap",
            OtherKind::SocialImpactBond => SIO_STIMULUS_LABEL,
            OtherKind::UnknownAction => "Onbekende actie",
        }
    }
}

/// An action title found in a file that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAction {
    pub label: String,
    /// The objective the file puts it under, when the file says; its lines then count in that
    /// objective.
    pub objective: Option<u8>,
}

/// A title that matches no catalogue title, read as a catalogue action of the objective the
/// file states by the words they share (see `reference::Reference::match_action_words`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReading {
    /// The title as written.
    pub label: String,
    /// The objective the file states.
    pub objective: u8,
    /// The action it was read as.
    pub action: u8,
    /// The title's words (folded) that the action shares.
    pub words: Vec<String>,
    /// Where the title was first read (the header row of a wide sheet, else the first line).
    pub origin: Origin,
    /// Lines read this way.
    pub lines: u32,
}

/// Granted or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Granted,
    Refused,
}

/// Where a line or total came from: sheet index into [`Dataset::sheets`] and 1-based row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    pub sheet: u16,
    pub row: u32,
}

/// How an action was written when the file gave both a number and a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionWritten {
    pub text: String,
    pub number: Option<u8>,
    /// The catalogue action the title alone matches.
    pub title_match: Option<u8>,
}

/// One subsidy line: an applicant, what it is for, and the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub applicant: ApplicantId,
    pub kind: LineKind,
    /// Granted amount in cents.
    pub amount: i64,
    /// Requested amount, when the file gives one apart from the granted one.
    pub requested: Option<i64>,
    pub units: Units,
    pub status: Status,
    pub reason: Option<String>,
    pub explanation: Option<String>,
    pub call: Option<u8>,
    /// The province the file lists this line under (column or sheet name).
    pub province_in_file: Option<Province>,
    /// Present only when number and title were both written (for the catalogue check).
    pub action_written: Option<Box<ActionWritten>>,
    pub origin: Origin,
}

impl Grant {
    pub fn is_granted(&self) -> bool {
        self.status == Status::Granted
    }
    pub fn action_no(&self) -> Option<u8> {
        match self.kind {
            LineKind::Action(n) => Some(n),
            _ => None,
        }
    }
}

/// A party in a collaboration as published or written, and what it was recognised as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub written: String,
    pub resolved: PartyKind,
    pub matched: NameMatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    Municipality(MunicipalityId),
    Vgc,
    DeRand,
    /// vzw De Rand acting for a municipality ("De Rand (io Wemmel)").
    DeRandFor(MunicipalityId),
    Unknown,
}

impl PartyKind {
    /// The municipality this party represents, if any.
    pub fn municipality(self) -> Option<MunicipalityId> {
        match self {
            PartyKind::Municipality(m) | PartyKind::DeRandFor(m) => Some(m),
            _ => None,
        }
    }
}

/// Where a collaboration is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollaborationSource {
    /// Answer 2 of written question 492 (first call), with its list entry number.
    Answer2 { entry: u16 },
    /// A partners column of the annex, with the row.
    Annex(Origin),
}

/// A lead applicant and its partners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaboration {
    pub source: CollaborationSource,
    pub province_as_published: Option<String>,
    pub lead: Party,
    pub partners: Vec<Party>,
}

/// A mentorship of answer 7: one supplement per row (€ 10.000 according to question 7; the
/// answer states no amount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentorship {
    pub action_as_published: String,
    pub action_no: u8,
    pub local_government: String,
    pub province_as_published: String,
}

/// The social impact bond stimulus of answer 8: € 25.000 to a local government to experiment
/// with impact-oriented work and so lay the basis for a social impact bond. Not a bond: answer 8
/// names no bond entered into, no investor and no social organisation. `partner` is who assists
/// the local government (answer 8: "stadskrachten van AP Hogeschool").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialImpactBond {
    pub local_government: String,
    pub province: String,
    pub stimulus_cents: i64,
    pub partner: String,
    pub description: String,
}

/// A place where answer 9 names an action by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReference {
    pub answer_item: String,
    pub action_no_as_published: u8,
    pub subject_as_published: String,
    pub action_no_in_catalogue: u8,
}

/// A number stated in the question or answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerFigure {
    pub figure: String,
    pub value: i64,
    pub unit: String,
    pub answer_question: String,
    pub note: String,
}

/// The facts of answer 492, as published (errors included). They belong to the first call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerFacts {
    pub collaborations: Vec<Collaboration>,
    pub mentorships: Vec<Mentorship>,
    pub social_impact_bonds: Vec<SocialImpactBond>,
    pub action_references: Vec<ActionReference>,
    pub figures: Vec<AnswerFigure>,
}

/// How the call of a dataset is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallSource {
    /// A call column (oproep / projectjaar / projectperiode) in the file.
    Column,
    /// The `--oproep` flag.
    Flag,
    /// The title block of the file ("oproep 1", "projectperiode 1").
    Title,
    /// Not known.
    Unknown,
}

impl CallSource {
    /// Dutch phrase: "volgens de kolom oproep in het bestand".
    pub fn describe(self) -> &'static str {
        match self {
            CallSource::Column => "volgens de oproepkolom in het bestand",
            CallSource::Flag => "volgens de optie --oproep",
            CallSource::Title => "volgens de titel in het bestand",
            CallSource::Unknown => "onbekend",
        }
    }
}

/// The call (oproep / projectperiode) of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInfo {
    /// The one call of all lines, if there is one.
    pub call: Option<u8>,
    pub source: CallSource,
    /// Every call found in a call column, sorted (more than one: a multi-call file).
    pub calls_in_file: Vec<u8>,
}

impl CallInfo {
    pub fn unknown() -> CallInfo {
        CallInfo {
            call: None,
            source: CallSource::Unknown,
            calls_in_file: Vec::new(),
        }
    }
    /// Dutch: "oproep 1", "oproepen 1, 2", "oproep onbekend".
    pub fn label(&self) -> String {
        match (self.call, self.calls_in_file.len()) {
            (Some(c), _) => format!("oproep {c}"),
            (None, n) if n > 1 => format!(
                "oproepen {}",
                self.calls_in_file
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "oproep onbekend".to_string(),
        }
    }
}

/// What every output of the bundled sample says first (json outputs as a first element).
pub const SAMPLE_MARKER: &str = "VOORBEELD — synthetische bedragen: dit is het ingebouwde \
                                 voorbeeld, niet de echte bijlage 1 bij vraag 492.";

/// Where the data came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// File name, or `voorbeeld` for the bundled sample.
    pub name: String,
    /// Full path as given, when loaded from a file.
    pub path: Option<String>,
    /// The bundled sample with synthetic amounts.
    pub sample: bool,
}

/// What a total row in the file claims to total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalScope {
    Grand,
    Province(Province),
    Applicant(ApplicantId),
}

/// A total or subtotal row of the file ("Totaal Gent", "Algemeen totaal"); not a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedTotal {
    pub scope: TotalScope,
    pub label: String,
    pub amount: i64,
    pub origin: Origin,
}

/// Something the loader noticed without stopping (a skipped row, an unknown province).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadNote {
    pub origin: Option<Origin>,
    pub message: String,
}

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

/// Everything computed once at load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Aggregates {
    per_applicant: Vec<ApplicantTotals>,
    /// Index = province index; the last slot is "province unknown".
    per_province: Vec<GroupTotals>,
    all: GroupTotals,
    /// Index = action number − 1.
    per_action: Vec<ActionTotals>,
    /// Applicants per objective, index = objective number − 1.
    objective_applicants: Vec<Vec<ApplicantId>>,
    /// Lines in no objective.
    other: Vec<OtherTotals>,
    /// Unknown actions counted in an objective, index = objective number − 1.
    objective_unknown: Vec<Vec<OtherTotals>>,
    has_cents: bool,
}

/// The parts a loader (or a test) provides; [`Dataset::new`] computes the rest.
#[derive(Debug, Clone, Default)]
pub struct DatasetParts {
    pub source: Option<Source>,
    pub call: Option<CallInfo>,
    pub sheets: Vec<String>,
    pub applicants: Vec<Applicant>,
    pub grants: Vec<Grant>,
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
    pub unknown_actions: Vec<UnknownAction>,
    /// Titles read as catalogue actions by their words.
    pub action_readings: Vec<ActionReading>,
    /// Collaborations stated in the annex itself.
    pub collaborations: Vec<Collaboration>,
    /// The facts of answer 492, attached only to first-call data.
    pub facts: Option<AnswerFacts>,
    pub stated_totals: Vec<StatedTotal>,
    pub notes: Vec<LoadNote>,
    /// The lines the totals cover.
    lines: LineFilter,
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

/// Number of objectives.
pub const OBJECTIVES: usize = 7;
/// Number of actions.
pub const ACTIONS: usize = 24;

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
            unknown_actions: parts.unknown_actions,
            action_readings: parts.action_readings,
            collaborations: parts.collaborations,
            facts: parts.facts,
            stated_totals: parts.stated_totals,
            notes: parts.notes,
            lines: LineFilter::All,
            action_objectives: std::array::from_fn(|i| {
                objective_of(i as u8 + 1).filter(|o| (1..=OBJECTIVES as u8).contains(o))
            }),
            agg: Aggregates::default(),
        };
        ds.agg = ds.aggregate();
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
            unknown_actions: self.unknown_actions.clone(),
            collaborations: self.collaborations.clone(),
            facts: self.facts.clone(),
            stated_totals: self.stated_totals.clone(),
            notes: self.notes.clone(),
            lines: filter,
            action_readings: self.action_readings.clone(),
            action_objectives: self.action_objectives,
            agg: Aggregates::default(),
        };
        ds.agg = ds.aggregate();
        ds
    }

    /// The lines the totals cover.
    pub fn line_filter(&self) -> LineFilter {
        self.lines
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
        match self.lines {
            LineFilter::All => true,
            LineFilter::Action(no) => g.kind == LineKind::Action(no),
            LineFilter::Objective(no) => self.line_objective(g.kind) == Some(no),
        }
    }

    fn aggregate(&self) -> Aggregates {
        let n = self.applicants.len();
        let mut per_applicant = vec![ApplicantTotals::default(); n];
        let mut per_action = vec![ActionTotals::default(); ACTIONS];
        let mut other: BTreeMap<(OtherKind, String), (i64, Vec<ApplicantId>)> = BTreeMap::new();
        let mut objective_unknown: BTreeMap<(u8, String), (i64, Vec<ApplicantId>)> =
            BTreeMap::new();
        let mut objective_applicants = vec![Vec::new(); OBJECTIVES];
        let mut has_cents = false;

        for (gi, g) in self.grants.iter().enumerate() {
            let a = g.applicant as usize;
            if a >= n || !self.counts(g) {
                continue;
            }
            has_cents |= g.amount % 100 != 0;
            let t = &mut per_applicant[a];
            t.lines += 1;
            t.grant_ids.push(gi as u32);
            let granted = g.is_granted();
            if granted {
                t.granted += g.amount;
            } else {
                t.refused += g.amount;
            }
            let objective = self.line_objective(g.kind);
            if let (true, Some(obj)) = (granted, objective) {
                t.per_objective[usize::from(obj) - 1] += g.amount;
            }
            match (g.kind, objective) {
                (LineKind::Action(no), _) if (1..=ACTIONS as u8).contains(&no) => {
                    let at = &mut per_action[usize::from(no) - 1];
                    at.lines += 1;
                    if granted {
                        at.granted += g.amount;
                    } else {
                        at.refused += g.amount;
                    }
                }
                (LineKind::UnknownAction(_), Some(obj)) => {
                    let (_, label) = self.other_label(g.kind);
                    let e = objective_unknown
                        .entry((obj, label))
                        .or_insert((0, Vec::new()));
                    if granted {
                        e.0 += g.amount;
                    }
                    if e.1.last() != Some(&g.applicant) && !e.1.contains(&g.applicant) {
                        e.1.push(g.applicant);
                    }
                    let at = &mut objective_applicants[usize::from(obj) - 1];
                    if at.last() != Some(&g.applicant) {
                        at.push(g.applicant);
                    }
                }
                (kind, _) => {
                    if granted {
                        t.other += g.amount;
                    }
                    let (ok, label) = self.other_label(kind);
                    let e = other.entry((ok, label)).or_insert((0, Vec::new()));
                    if granted {
                        e.0 += g.amount;
                    }
                    if e.1.last() != Some(&g.applicant) && !e.1.contains(&g.applicant) {
                        e.1.push(g.applicant);
                    }
                }
            }
        }
        // Applicants per action, in applicant order, each once.
        for (a, t) in per_applicant.iter().enumerate() {
            let mut seen = [false; ACTIONS];
            for gi in &t.grant_ids {
                if let Some(LineKind::Action(no)) = self.grants.get(*gi as usize).map(|g| g.kind) {
                    if (1..=ACTIONS as u8).contains(&no) && !seen[usize::from(no) - 1] {
                        seen[usize::from(no) - 1] = true;
                        per_action[usize::from(no) - 1]
                            .applicants
                            .push(a as ApplicantId);
                    }
                }
            }
        }

        // Collaborations: leads and partners.
        let collab_iter = self
            .collaborations
            .iter()
            .enumerate()
            .map(|(i, c)| (CollaborationRef::Annex(i as u32), c))
            .chain(self.facts.iter().flat_map(|f| {
                f.collaborations
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (CollaborationRef::Answer(i as u32), c))
            }));
        for (cref, c) in collab_iter {
            let lead = self.find_party_applicant(&c.lead);
            if let Some(lead) = lead {
                let t = &mut per_applicant[lead as usize];
                t.leads.push(cref);
                for p in &c.partners {
                    if let Some(m) = p.resolved.municipality() {
                        t.represented.insert(m);
                    }
                }
            }
            for p in &c.partners {
                if let Some(m) = p.resolved.municipality() {
                    if let Some(pa) = self.applicant_by_municipality(m) {
                        per_applicant[pa as usize].partner_in.push(cref);
                    }
                }
            }
        }
        for (i, a) in self.applicants.iter().enumerate() {
            if let Some(m) = a.municipality() {
                per_applicant[i].represented.insert(m);
            }
        }

        let mut per_province = vec![GroupTotals::default(); Province::ALL.len() + 1];
        let mut all = GroupTotals::default();
        for (i, a) in self.applicants.iter().enumerate() {
            let t = &per_applicant[i];
            if t.lines == 0 {
                continue;
            }
            let slot = a.province.map_or(Province::ALL.len(), Province::index);
            for g in [&mut per_province[slot], &mut all] {
                g.granted += t.granted;
                g.refused += t.refused;
                g.other += t.other;
                g.lines += t.lines;
                for (o, v) in g.per_objective.iter_mut().zip(t.per_objective.iter()) {
                    *o += v;
                }
                g.applicants.push(i as ApplicantId);
                g.represented.union_with(&t.represented);
            }
        }
        for at in per_action.iter_mut() {
            for a in &at.applicants {
                at.represented
                    .union_with(&per_applicant[*a as usize].represented);
            }
        }
        // Objectives with only zero-amount lines still count their applicants.
        for (no, at) in per_action.iter().enumerate() {
            if let Some(obj) = self.line_objective(LineKind::Action(no as u8 + 1)) {
                objective_applicants[usize::from(obj) - 1].extend(at.applicants.iter());
            }
        }
        for v in objective_applicants.iter_mut() {
            v.sort_unstable();
            v.dedup();
        }

        Aggregates {
            per_applicant,
            per_province,
            all,
            per_action,
            objective_applicants,
            other: other
                .into_iter()
                .map(|((kind, label), (granted, applicants))| OtherTotals {
                    kind,
                    label,
                    granted,
                    applicants,
                })
                .collect(),
            objective_unknown: {
                let mut v = vec![Vec::new(); OBJECTIVES];
                for ((obj, label), (granted, applicants)) in objective_unknown {
                    v[usize::from(obj) - 1].push(OtherTotals {
                        kind: OtherKind::UnknownAction,
                        label,
                        granted,
                        applicants,
                    });
                }
                v
            },
            has_cents,
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
    pub fn all_collaborations(&self) -> impl Iterator<Item = (CollaborationRef, &Collaboration)> {
        self.collaborations
            .iter()
            .enumerate()
            .map(|(i, c)| (CollaborationRef::Annex(i as u32), c))
            .chain(self.facts.iter().flat_map(|f| {
                f.collaborations
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (CollaborationRef::Answer(i as u32), c))
            }))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn app(name: &str, kind: ApplicantKind, p: Province) -> Applicant {
        Applicant {
            name: name.to_string(),
            kind,
            province: Some(p),
            spellings: vec![],
        }
    }

    fn grant(a: ApplicantId, kind: LineKind, euro: i64) -> Grant {
        Grant {
            applicant: a,
            kind,
            amount: euro * 100,
            requested: None,
            units: Units::default(),
            status: Status::Granted,
            reason: None,
            explanation: None,
            call: None,
            province_in_file: None,
            action_written: None,
            origin: Origin::default(),
        }
    }

    fn party(name: &str, kind: PartyKind) -> Party {
        Party {
            written: name.to_string(),
            resolved: kind,
            matched: NameMatch::Exact,
        }
    }

    #[test]
    fn totals_per_province_objective_action_and_other() {
        let mut refused = grant(1, LineKind::Action(5), 700);
        refused.status = Status::Refused;
        let parts = DatasetParts {
            applicants: vec![
                app(
                    "Gent",
                    ApplicantKind::Municipality(10),
                    Province::OostVlaanderen,
                ),
                app("Lier", ApplicantKind::Municipality(20), Province::Antwerpen),
                app("VGC", ApplicantKind::Vgc, Province::Brussel),
            ],
            grants: vec![
                grant(0, LineKind::Action(5), 1000),
                grant(0, LineKind::Action(2), 25000),
                grant(0, LineKind::Mentorship(Some(17)), 10000),
                grant(1, LineKind::Action(5), 300),
                refused,
                grant(2, LineKind::SocialImpactBond, 25000),
            ],
            ..DatasetParts::default()
        };
        let ds = Dataset::new(parts, |no| Some(if no == 2 { 1 } else { 2 }));
        assert_eq!(
            ds.total_granted(),
            (1000 + 25000 + 10000 + 300 + 25000) * 100
        );
        assert_eq!(ds.total_refused(), 70_000);
        assert_eq!(ds.objective_total(1), 2_500_000);
        assert_eq!(ds.objective_total(2), 130_000);
        let a5 = ds.action_totals(5).unwrap();
        assert_eq!(a5.granted, 130_000);
        assert_eq!(a5.refused, 70_000);
        assert_eq!(a5.applicants, vec![0, 1]);
        assert_eq!(
            ds.province_totals(Some(Province::OostVlaanderen)).granted,
            3_600_000
        );
        assert_eq!(
            ds.province_totals(Some(Province::Brussel)).granted,
            2_500_000
        );
        let objectives: i64 = (1..=7).map(|o| ds.objective_total(o)).sum();
        let other: i64 = ds.other_totals().iter().map(|o| o.granted).sum();
        assert_eq!(objectives + other, ds.total_granted());
        assert_eq!(ds.applicant_count(), 3);
        // VGC is an applicant, not a municipality.
        assert_eq!(ds.local_government_count(), 2);
    }

    #[test]
    fn represented_local_governments_count_partners_once() {
        let collab = |lead: Party, partners: Vec<Party>, entry| Collaboration {
            source: CollaborationSource::Answer2 { entry },
            province_as_published: None,
            lead,
            partners,
        };
        let facts = AnswerFacts {
            collaborations: vec![
                collab(
                    party("Geel", PartyKind::Municipality(1)),
                    vec![
                        party("Herselt", PartyKind::Municipality(2)),
                        party("Laakdal", PartyKind::Municipality(3)),
                    ],
                    18,
                ),
                // The same listing repeated (answer 2 lists Geel twice).
                collab(
                    party("Geel", PartyKind::Municipality(1)),
                    vec![
                        party("Herselt", PartyKind::Municipality(2)),
                        party("Laakdal", PartyKind::Municipality(3)),
                    ],
                    20,
                ),
                collab(
                    party("De Rand vzw", PartyKind::DeRand),
                    vec![party("Kraainem", PartyKind::Municipality(4))],
                    13,
                ),
                collab(
                    party("Londerzeel", PartyKind::Municipality(5)),
                    vec![party("De Rand (io Wemmel)", PartyKind::DeRandFor(6))],
                    14,
                ),
            ],
            ..AnswerFacts::default()
        };
        let parts = DatasetParts {
            applicants: vec![
                app("Geel", ApplicantKind::Municipality(1), Province::Antwerpen),
                app(
                    "vzw De Rand",
                    ApplicantKind::DeRand,
                    Province::VlaamsBrabant,
                ),
                app(
                    "Londerzeel",
                    ApplicantKind::Municipality(5),
                    Province::VlaamsBrabant,
                ),
            ],
            grants: vec![
                grant(0, LineKind::Action(5), 100),
                grant(1, LineKind::Action(5), 100),
                grant(2, LineKind::Action(2), 100),
            ],
            facts: Some(facts),
            ..DatasetParts::default()
        };
        let ds = Dataset::new(parts, |_| Some(1));
        // Geel, Herselt, Laakdal, Kraainem, Londerzeel, Wemmel.
        assert_eq!(ds.local_government_count(), 6);
        assert_eq!(ds.action_totals(5).unwrap().represented.len(), 4);
        assert_eq!(ds.action_totals(2).unwrap().represented.len(), 2);
        assert_eq!(ds.applicant_totals(0).unwrap().leads.len(), 2);
        assert_eq!(
            ds.province_totals(Some(Province::VlaamsBrabant))
                .represented
                .len(),
            3
        );
    }

    #[test]
    fn provinces_parse_as_written_in_files() {
        assert_eq!(
            Province::parse("Provincie Antwerpen"),
            Some(Province::Antwerpen)
        );
        assert_eq!(
            Province::parse("west-vlaanderen"),
            Some(Province::WestVlaanderen)
        );
        assert_eq!(
            Province::parse("Vlaams Brabant"),
            Some(Province::VlaamsBrabant)
        );
        assert_eq!(Province::parse("Brussel"), Some(Province::Brussel));
        assert_eq!(Province::parse("prov. Limburg"), Some(Province::Limburg));
        assert_eq!(Province::parse("Henegouwen"), None);
    }

    #[test]
    fn municipality_set_counts_distinct_members() {
        let mut s = MunicipalitySet::default();
        s.insert(0);
        s.insert(299);
        s.insert(299);
        assert_eq!(s.len(), 2);
        assert!(s.contains(299));
        assert!(!s.contains(1));
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![0, 299]);
    }
}
