//! What a file or the published answer states: applicants, subsidy lines, collaborations,
//! mentorships, the social impact bond stimulus and the figures of answer 492.

use std::sync::Arc;

use super::{MunicipalityId, Province};

/// KPI units of a grant, one slot per KPI of its action (at most three), each known or not.
///
/// Kept in 12 bytes (half of `[Option<u32>; 3]`): `u32::MAX` marks an unknown slot, so the
/// largest count a slot holds is [`Units::MAX`]; the loader reads larger counts as unreadable.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Units([u32; 3]);

const UNKNOWN_UNITS: u32 = u32::MAX;

impl Default for Units {
    fn default() -> Units {
        Units([UNKNOWN_UNITS; 3])
    }
}

impl std::fmt::Debug for Units {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Units").field(&self.slots()).finish()
    }
}

impl Units {
    /// The largest count a slot can hold.
    pub const MAX: u32 = u32::MAX - 1;

    /// Units from their slots; a count above [`Units::MAX`] becomes unknown.
    pub fn new(slots: [Option<u32>; 3]) -> Units {
        let mut units = Units::default();
        for (k, v) in slots.into_iter().enumerate() {
            units.set(k, v);
        }
        units
    }
    /// The units of the KPI in slot `k` (0, 1 or 2), if known; `None` for any other slot.
    pub fn get(&self, k: usize) -> Option<u32> {
        self.0.get(k).copied().filter(|v| *v != UNKNOWN_UNITS)
    }
    /// Sets slot `k` (0, 1 or 2); a count above [`Units::MAX`] becomes unknown.
    pub fn set(&mut self, k: usize, v: Option<u32>) {
        self.0[k] = v.filter(|v| *v <= Units::MAX).unwrap_or(UNKNOWN_UNITS);
    }
    /// The three slots.
    pub fn slots(&self) -> [Option<u32>; 3] {
        [self.get(0), self.get(1), self.get(2)]
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|v| *v == UNKNOWN_UNITS)
    }
    /// The known units, in KPI order, with `None` for an unknown one, trimmed at the end.
    pub fn known(&self) -> Vec<Option<u32>> {
        let mut v: Vec<Option<u32>> = self.slots().to_vec();
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

/// How an action was written when the file gave both a number and a title. Lines that wrote
/// the same share one (see [`Grant::action_written`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionWritten {
    pub text: String,
    pub number: Option<u8>,
    /// The catalogue action the title alone matches.
    pub title_match: Option<u8>,
}

/// An amount in cents, or none, in 8 bytes (half of `Option<i64>`): `i64::MIN` marks none.
/// No amount read from a file is `i64::MIN` (the loader refuses an amount whose absolute value
/// does not fit in an `i64`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MaybeCents(i64);

impl MaybeCents {
    pub const NONE: MaybeCents = MaybeCents(i64::MIN);

    /// `Some(i64::MIN)` cannot be held and becomes none.
    pub fn new(cents: Option<i64>) -> MaybeCents {
        MaybeCents(cents.unwrap_or(i64::MIN))
    }
    pub fn get(self) -> Option<i64> {
        (self.0 != i64::MIN).then_some(self.0)
    }
}

impl Default for MaybeCents {
    fn default() -> MaybeCents {
        MaybeCents::NONE
    }
}

impl std::fmt::Debug for MaybeCents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// A text of a line (an explanation, a reason of refusal): its place in the dataset's
/// [`Texts`] (see [`Dataset::text`](super::Dataset::text)). Four bytes in the line instead of
/// a pointer and a length, and no allocation of its own (issue 21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextId(std::num::NonZeroU32);

/// The texts of the lines, one after another in one buffer.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts {
    buf: String,
    /// Where each text ends in `buf`; text `i` (id `i + 1`) starts where text `i - 1` ends.
    ends: Vec<usize>,
}

impl Texts {
    /// Adds a text; `None` only once more than four billion texts were added.
    pub fn add(&mut self, text: &str) -> Option<TextId> {
        let id = u32::try_from(self.ends.len() + 1).ok()?;
        let id = TextId(std::num::NonZeroU32::new(id)?);
        self.buf.push_str(text);
        self.ends.push(self.buf.len());
        Some(id)
    }
    /// The text of `id`; empty for an id of other texts that this one does not have.
    pub fn get(&self, id: TextId) -> &str {
        let i = id.0.get() as usize - 1;
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.buf.get(start..end).unwrap_or("")
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Gives back the room reserved beyond the texts (the buffer grows by doubling).
    pub fn shrink_to_fit(&mut self) {
        self.buf.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries((1..=self.ends.len()).filter_map(|i| {
                let id = TextId(std::num::NonZeroU32::new(u32::try_from(i).ok()?)?);
                Some(self.get(id))
            }))
            .finish()
    }
}

/// One subsidy line: an applicant, what it is for, and the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub applicant: ApplicantId,
    pub kind: LineKind,
    /// Granted amount in cents.
    pub amount: i64,
    /// Requested amount, when the file gives one apart from the granted one.
    pub requested: MaybeCents,
    pub units: Units,
    pub status: Status,
    /// The texts are in [`Dataset::texts`](super::Dataset::texts): read them with
    /// [`Dataset::text`](super::Dataset::text).
    pub reason: Option<TextId>,
    pub explanation: Option<TextId>,
    pub call: Option<u8>,
    /// The province the file lists this line under (column or sheet name).
    pub province_in_file: Option<Province>,
    /// Present only when number and title were both written (for the catalogue check);
    /// shared by the lines that wrote the same (interned at load).
    pub action_written: Option<Arc<ActionWritten>>,
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

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A million lines are kept in memory: a field that grows the line grows the load by
    /// megabytes (issue 21). Was 128 bytes, then 88 with its texts as `Arc<str>`.
    #[test]
    fn a_grant_stays_small() {
        assert_eq!(std::mem::size_of::<Grant>(), 64);
        assert_eq!(std::mem::size_of::<Units>(), 12);
        assert_eq!(std::mem::size_of::<MaybeCents>(), 8);
    }

    #[test]
    fn texts_give_back_what_was_added() {
        let mut t = Texts::default();
        let a = t.add("café").unwrap();
        let empty = t.add("").unwrap();
        let b = t.add("één").unwrap();
        assert_eq!((t.get(a), t.get(empty), t.get(b)), ("café", "", "één"));
        assert_eq!(t.len(), 3);
        assert_eq!(format!("{t:?}"), r#"["café", "", "één"]"#);
        // An id of other texts gives nothing rather than panicking.
        let mut more = Texts::default();
        for _ in 0..5 {
            more.add("x");
        }
        let far = more.add("y").unwrap();
        assert_eq!(t.get(far), "");
    }

    #[test]
    fn units_keep_every_count_up_to_the_maximum() {
        let mut u = Units::default();
        assert!(u.is_empty());
        u.set(1, Some(Units::MAX));
        u.set(2, Some(0));
        assert_eq!(u.slots(), [None, Some(Units::MAX), Some(0)]);
        assert_eq!(u.known(), vec![None, Some(Units::MAX), Some(0)]);
        assert_eq!(u.get(3), None);
        u.set(1, Some(u32::MAX));
        assert_eq!(u.get(1), None);
        assert_eq!(Units::new([Some(7), None, None]).known(), vec![Some(7)]);
    }

    #[test]
    fn maybe_cents_keeps_every_amount_but_the_smallest() {
        for v in [0, -1, 1, i64::MAX, i64::MIN + 1] {
            assert_eq!(MaybeCents::new(Some(v)).get(), Some(v));
        }
        assert_eq!(MaybeCents::new(None).get(), None);
        assert_eq!(MaybeCents::default(), MaybeCents::NONE);
    }
}
