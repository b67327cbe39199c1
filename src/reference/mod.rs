//! The embedded reference data (`data/`): objectives, actions with their KPIs, the 300 Flemish
//! municipalities with aliases, the facts of answer 492 and the published figures. Parsed once,
//! on first use; a test proves every embedded file parses.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{
    Action, AnswerFacts, LineFilter, Municipality, MunicipalityId, NameMatch, Objective,
};
use crate::names::Letters;

mod actions;
mod names;
mod parse;
#[cfg(test)]
mod tests;
mod words;

pub use words::WordMatch;

/// Amount of one mentorship supplement, in cents: question 7 states it ("in ruil voor een
/// additionele subsidie van 10.000 euro"); answer 7 lists the mentors without an amount.
pub const MENTORSHIP_CENTS: i64 = 1_000_000;
/// Amount of the stimulus for a social impact bond (answer 8: "een financiële stimulans van
/// 25.000 euro"), in cents.
pub const SIO_STIMULUS_CENTS: i64 = 2_500_000;

/// What a written name was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameTarget {
    Municipality(MunicipalityId),
    Vgc,
    DeRand,
    /// "De Rand (io Wemmel)": De Rand acting for a municipality.
    DeRandFor(MunicipalityId),
}

/// A figure published for a call (`published_call_figures.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFigure {
    pub call: u8,
    /// `total_eur`, `local_governments` (local governments besides the VGC and vzw De Rand),
    /// `action_eur`, `action_local_governments`, `action_plans`.
    pub figure: String,
    pub action_no: Option<u8>,
    pub value: i64,
    pub source: String,
    pub note: String,
}

/// All reference data, parsed.
#[derive(Debug)]
pub struct Reference {
    pub objectives: Vec<Objective>,
    pub actions: Vec<Action>,
    pub municipalities: Vec<Municipality>,
    pub published: Vec<PublishedFigure>,
    answer: AnswerFacts,
    /// Folded name → (target, how it matched).
    names: HashMap<String, (NameTarget, NameMatch)>,
    /// Folded names of municipalities, for fuzzy matching.
    municipality_folded: Vec<FoldedName>,
    /// The municipalities by the length of their folded name in characters (index order
    /// within a length): fuzzy matching looks only at lengths within its typo budget.
    municipality_by_chars: Vec<Vec<MunicipalityId>>,
    /// Folded action titles and aliases → action number.
    action_titles: Vec<(String, u8)>,
    /// The actions as weighted words, for paraphrased titles.
    action_words: words::WordIndex,
    /// Aliases as written, per municipality (for search).
    pub aliases: Vec<(String, MunicipalityId, String)>,
}

/// A municipality's folded name, with the length and letter counts fuzzy matching compares
/// before it computes a distance (which is at least what they tell apart).
#[derive(Debug)]
struct FoldedName {
    text: String,
    chars: usize,
    letters: Letters,
}

impl FoldedName {
    fn new(text: String) -> FoldedName {
        FoldedName {
            chars: text.chars().count(),
            letters: Letters::new(&text),
            text,
        }
    }
}

static REFERENCE: OnceLock<Reference> = OnceLock::new();

/// The reference data embedded in the binary.
pub fn get() -> &'static Reference {
    REFERENCE.get_or_init(|| match Reference::parse() {
        Ok(r) => r,
        // The embedded files are part of the binary and covered by a test; a failure here is a
        // build defect, not an input error.
        Err(e) => panic!("ingebouwde referentiegegevens onleesbaar: {e}"),
    })
}

impl Reference {
    /// The facts of answer 492 (first call).
    pub fn answer_facts(&self) -> &AnswerFacts {
        &self.answer
    }

    pub fn objective(&self, no: u8) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.no == no)
    }

    pub fn action(&self, no: u8) -> Option<&Action> {
        self.actions.iter().find(|a| a.no == no)
    }

    pub fn municipality(&self, id: MunicipalityId) -> Option<&Municipality> {
        self.municipalities.get(usize::from(id))
    }

    /// The objective of a catalogue action.
    pub fn objective_of(&self, action: u8) -> Option<u8> {
        self.action(action).map(|a| a.objective)
    }

    /// Dutch name of a line filter: "actie 5 Oefenkansen Nederlands organiseren",
    /// "doelstelling 2 Nederlands leren en oefenen", "alle regels".
    pub fn line_filter_label(&self, filter: LineFilter) -> String {
        match filter {
            LineFilter::All => "alle regels".to_string(),
            LineFilter::Action(no) => match self.action(no) {
                Some(a) => format!("actie {no} {}", a.name),
                None => format!("actie {no}"),
            },
            LineFilter::Objective(no) => match self.objective(no) {
                Some(o) => format!("doelstelling {no} {}", o.name),
                None => format!("doelstelling {no}"),
            },
        }
    }

    /// Whether any figure is published for a call (`published_call_figures.csv`).
    pub fn has_figures(&self, call: u8) -> bool {
        self.published.iter().any(|p| p.call == call)
    }

    /// A published figure of a call.
    pub fn published(
        &self,
        call: u8,
        figure: &str,
        action: Option<u8>,
    ) -> Option<&PublishedFigure> {
        self.published
            .iter()
            .find(|p| p.call == call && p.figure == figure && p.action_no == action)
    }
}
