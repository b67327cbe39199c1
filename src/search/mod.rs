//! Fuzzy search over everything a policy officer might type: provinces, applicants, the 300
//! municipalities (with their aliases and their role in the data), partners of collaborations,
//! objectives, actions (numbers, titles, other known titles), KPI units, explanation texts,
//! mentorships and the social impact bond.
//!
//! [`Index::new`] builds the index once from a [`Dataset`] and the reference data;
//! [`Index::query`] is cheap enough to run at every keystroke. Matching is done on folded text
//! ([`names::fold`]: case, accents and punctuation do not matter) with nucleo-matcher (see
//! [`fuzzy_score`] for why not fuzzy-matcher); matched positions are mapped back to the
//! characters of the label shown.
//!
//! Ranking: the fuzzy score plus a bonus tier (exact > whole-word prefix > prefix > whole word >
//! word start > substring), then kind (applicants, municipalities, actions first; explanation
//! texts last), main name before alias, shorter text, label. Each place (a municipality with its
//! aliases, an action with its titles) is listed once. Hits below 40 % of the best score are
//! dropped: scattered letters are noise once a real match exists.
//!
//! Typos: names (applicants, municipalities and their other names, partners, actions, ...) are
//! also matched within one or two edits ([`typo`]), so "Kortrijck" finds Kortrijk; such a hit
//! scores below every exact, prefix and word-start match ([`typo_score`]) and its label asks
//! "bedoelde u Kortrijk?".
//!
//! Speed (`benches/search.rs`; p50/p99 from `examples/search_latency.rs`):
//! - identical explanation texts (many lines share one) are indexed once;
//! - folded keys and a character mask are precomputed; a query checks the mask, then a
//!   byte-level subsequence test (memchr), and only the survivors are scored;
//! - in long keys (explanation texts) the first three letters of the query must start a word
//!   and the rest must follow closely; only that window is scored;
//! - an upper bound of the score skips keys that cannot enter the top list;
//! - a query that extends the previous one rescans only the previous candidates (a stack of
//!   candidate lists, so backspace is cheap too).
//!
//! No UI here: the explorer popup renders [`Hit`]s itself ([`Hit::matched`] for highlighting,
//! [`applicants_of`] for where Enter leads).

use std::sync::Mutex;

use crate::model::Target;

mod cli;
mod corpus;
mod highlight;
mod matching;
mod targets;
#[cfg(test)]
mod tests;
mod typo;

pub use cli::run_search;
pub use targets::{applicants_of, target_code};

use corpus::Key;
use matching::State;

/// Default number of hits of the `search` command.
pub const DEFAULT_LIMIT: usize = 20;

/// The kind of a hit. Declaration order is the tie-break priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Aanvrager,
    Gemeente,
    Actie,
    Provincie,
    Doelstelling,
    Partner,
    Samenwerking,
    Kpi,
    Mentorschap,
    SocialeImpactobligatie,
    Weigering,
    Toelichting,
}

impl Kind {
    /// Stable machine name, as in the `search` json.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Aanvrager => "aanvrager",
            Kind::Gemeente => "gemeente",
            Kind::Actie => "actie",
            Kind::Provincie => "provincie",
            Kind::Doelstelling => "doelstelling",
            Kind::Partner => "partner",
            Kind::Samenwerking => "samenwerking",
            Kind::Kpi => "kpi",
            Kind::Mentorschap => "mentorschap",
            Kind::SocialeImpactobligatie => "sociale_impactobligatie",
            Kind::Weigering => "weigering",
            Kind::Toelichting => "toelichting",
        }
    }
}

impl std::fmt::Display for Kind {
    /// The stable machine name ([`Kind::code`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What was found: an applicant, a municipality, an action, ... ([`Kind::code`] names it).
    pub kind: Kind,
    /// The text shown (Dutch), with context: "Wemmel · partner van Londerzeel via De Rand". A
    /// hit found through a typo asks what was meant: "bedoelde u Gent? · Oost-Vlaanderen".
    pub label: String,
    /// Higher is better; only meaningful within one result list.
    pub score: i64,
    /// Where the explorer jumps to.
    pub target: Target,
    /// Char indices into `label` of the matched letters, ascending, for highlighting.
    pub matched: Vec<usize>,
}

/// The search index. Build once per dataset, query at every keystroke.
#[derive(Debug)]
pub struct Index {
    keys: Vec<Key>,
    /// The keys of names, for typo matching.
    typos: typo::Trie,
    /// Held for the length of a query: concurrent queries take turns.
    state: Mutex<State>,
}

impl Index {
    /// Number of searchable keys (for benchmarks and tests).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Forgets the previous queries (the next query scans every key). Results never depend
    /// on it; a popup may call it when it opens to free memory.
    pub fn reset(&self) {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .narrowing
            .clear();
    }
}
