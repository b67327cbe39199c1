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

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use memchr::memmem::Finder;
use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::model::{
    ApplicantId, CollaborationRef, CollaborationSource, Dataset, MunicipalityId, Party, PartyKind,
    Province, Status, Target, SAMPLE_MARKER, SIO_STIMULUS_LABEL,
};
use crate::names::fold;
use crate::reference;

mod typo;

const ACTION_ALIASES_CSV: &str = include_str!("../data/action_aliases.csv");

/// Default number of hits of the `search` command.
pub const DEFAULT_LIMIT: usize = 20;

/// Keys longer than this (in bytes) only match inside a compact window.
const LONG_KEY: usize = 64;
/// Most characters a match inside a long key may skip in total.
const MAX_GAP: usize = 24;
/// Depth of the stack of previous queries kept for incremental narrowing.
const NARROWING_DEPTH: usize = 48;

// Bonus tiers added to the fuzzy score: exact and prefix matches come first.
const BONUS_EXACT: i64 = 400;
const BONUS_TOKEN_PREFIX: i64 = 300;
const BONUS_PREFIX: i64 = 220;
const BONUS_TOKEN: i64 = 160;
const BONUS_WORD_START: i64 = 100;
const BONUS_SUBSTRING: i64 = 40;
/// Bonus of a typo match, see [`typo_score`].
const BONUS_TYPO: i64 = 60;
/// What a typo hit's label says before the name it found.
const MEANT: &str = "bedoelde u ";

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

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// One of the [`Kind`] codes: `aanvrager`, `gemeente`, `actie`, ...
    pub kind: &'static str,
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

impl Hit {
    /// The label without the typo question: "Gent · Oost-Vlaanderen" for "bedoelde u Gent? ·
    /// Oost-Vlaanderen", for a status line or a title once the hit was chosen.
    pub fn plain_label(&self) -> String {
        match self.label.strip_prefix(MEANT) {
            Some(rest) => match rest.split_once('?') {
                Some((name, after)) => format!("{name}{after}"),
                None => rest.to_string(),
            },
            None => self.label.clone(),
        }
    }
}

/// One searchable text. Several keys may belong to one group (a name and its aliases); a
/// result list shows each group once, with its best key.
#[derive(Debug)]
struct Key {
    /// Folded text that is matched.
    text: Box<str>,
    /// Which ASCII letters/digits (and space, non-ASCII) occur in `text`.
    mask: u64,
    kind: Kind,
    /// Another name of the group (alias, spelling): ranked after the main name on ties.
    alias: bool,
    group: u32,
    target: Target,
    label: Box<str>,
    /// The folded source occupies chars `src_start .. src_start + src_chars` of `label`.
    src_start: u32,
    src_chars: u32,
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

/// What a query changes: the narrowing stack and the matcher's scratch memory.
#[derive(Debug)]
struct State {
    /// Previous queries (folded) and the keys that passed the prefilter, innermost last.
    narrowing: Vec<(String, Vec<u32>)>,
    matcher: Matcher,
}

fn new_matcher() -> Matcher {
    let mut config = Config::DEFAULT;
    // Keys and queries are folded already.
    config.normalize = false;
    config.ignore_case = false;
    Matcher::new(config)
}

/// The fuzzy score of `pat` in `text` (both folded).
///
/// nucleo-matcher rather than fuzzy-matcher 0.3.7 (the crate first chosen): a reused
/// `SkimMatcherV2` keeps its score matrix between calls and reads stale cells of it, so the
/// score of the same text depends on what was scored before (about 0.35 % of random short
/// cases differ by 3-4 points; the ranking would change with the typing history); its switch to
/// drop the cache, `use_cache(false)`, panics ("already borrowed"), and a fresh matcher per
/// call made a keystroke at 100 000 lines cost p99 8.7 ms CPU instead of 3.5 ms. nucleo is
/// deterministic and does not allocate per call. Figures in `examples/search_latency.rs`.
fn fuzzy_score(m: &mut Matcher, text: &str, pat: &str) -> Option<i64> {
    let (mut hb, mut nb) = (Vec::new(), Vec::new());
    m.fuzzy_match(Utf32Str::new(text, &mut hb), Utf32Str::new(pat, &mut nb))
        .map(i64::from)
}

/// The char indices of `text` that [`fuzzy_score`]'s match uses, ascending.
fn fuzzy_indices(m: &mut Matcher, text: &str, pat: &str) -> Option<Vec<usize>> {
    let (mut hb, mut nb) = (Vec::new(), Vec::new());
    let mut idx: Vec<u32> = Vec::new();
    m.fuzzy_indices(
        Utf32Str::new(text, &mut hb),
        Utf32Str::new(pat, &mut nb),
        &mut idx,
    )?;
    idx.sort_unstable();
    idx.dedup();
    Some(idx.into_iter().map(|i| i as usize).collect())
}

/// Whether a hit scores at least 40 % of the best hit of its list.
fn is_relevant(score: i64, best: i64) -> bool {
    score * 5 >= best * 2
}

/// An upper bound of [`fuzzy_score`] for a pattern of `chars` chars: 16 per matched char plus
/// a bonus of at most 10 (after a space or at the start), twice that for the first char.
fn max_fuzzy(chars: usize) -> i64 {
    26 * chars as i64 + 10
}

#[derive(Deserialize)]
struct ActionAliasRow {
    alias: String,
    action_no: u8,
}

/// Collects keys while building.
struct Builder {
    keys: Vec<Key>,
    groups: u32,
    seen: HashSet<(u32, String)>,
}

impl Builder {
    fn group(&mut self) -> u32 {
        self.groups += 1;
        self.groups - 1
    }

    /// Adds a key whose label is `prefix + source + suffix`; `source` is what is matched.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        kind: Kind,
        group: u32,
        target: Target,
        prefix: &str,
        source: &str,
        suffix: &str,
        alias: bool,
    ) {
        let text = fold(source);
        if text.is_empty() || !self.seen.insert((group, text.clone())) {
            return;
        }
        self.keys.push(Key {
            mask: mask_of(&text),
            text: text.into_boxed_str(),
            kind,
            alias,
            group,
            target,
            label: format!("{prefix}{source}{suffix}").into_boxed_str(),
            src_start: prefix.chars().count() as u32,
            src_chars: source.chars().count() as u32,
        });
    }
}

impl Index {
    /// Builds the index over a dataset and the embedded reference data.
    pub fn new(ds: &Dataset) -> Index {
        let r = reference::get();
        let mut b = Builder {
            keys: Vec::new(),
            groups: 0,
            seen: HashSet::new(),
        };

        // Provinces.
        for p in Province::ALL {
            let g = b.group();
            b.add(
                Kind::Provincie,
                g,
                Target::Province(p),
                "",
                p.name(),
                "",
                false,
            );
        }

        // Applicants, with the other ways the file wrote them.
        let mut applicant_of: HashMap<MunicipalityId, ApplicantId> = HashMap::new();
        for (i, a) in ds.applicants.iter().enumerate() {
            let id = i as ApplicantId;
            if let Some(m) = a.municipality() {
                applicant_of.entry(m).or_insert(id);
            }
            let g = b.group();
            let suffix = a
                .province
                .map_or_else(String::new, |p| format!(" · {}", p.name()));
            b.add(
                Kind::Aanvrager,
                g,
                Target::Applicant(id),
                "",
                &a.name,
                &suffix,
                false,
            );
            let rest = format!(" → {}{suffix}", a.name);
            for s in &a.spellings {
                b.add(
                    Kind::Aanvrager,
                    g,
                    Target::Applicant(id),
                    "",
                    &s.written,
                    &rest,
                    true,
                );
            }
            // A municipality's French and German names find it as an applicant too.
            let other_names = r.aliases.iter().filter(|(_, m, kind)| {
                Some(*m) == a.municipality() && (kind == "frans" || kind == "duits")
            });
            for (alias, _, _) in other_names {
                b.add(
                    Kind::Aanvrager,
                    g,
                    Target::Applicant(id),
                    "",
                    alias,
                    &rest,
                    true,
                );
            }
        }

        // Collaborations: partners, and the role of each municipality.
        let mut roles: Vec<Vec<String>> = vec![Vec::new(); r.municipalities.len()];
        let mut partner_seen: HashSet<(String, String)> = HashSet::new();
        let mut collaboration_seen: HashSet<String> = HashSet::new();
        for (cref, c) in ds.all_collaborations() {
            let lead = party_name(&c.lead);
            let target = ds
                .find_party_applicant(&c.lead)
                .map_or(Target::Collaboration(cref), Target::Applicant);
            // The collaboration itself, by its word (answer 2 lists one lead twice).
            let partners: Vec<&str> = c.partners.iter().map(|p| p.written.as_str()).collect();
            let source = if partners.is_empty() {
                format!("Samenwerking {lead}")
            } else {
                format!("Samenwerking {lead} met {}", partners.join(", "))
            };
            if collaboration_seen.insert(fold(&source)) {
                let g = b.group();
                b.add(Kind::Samenwerking, g, target, "", &source, "", false);
            }
            for p in &c.partners {
                if let Some(m) = p.resolved.municipality() {
                    let role = match p.resolved {
                        PartyKind::DeRandFor(_) => format!("partner van {lead} via De Rand"),
                        _ => format!("partner van {lead}"),
                    };
                    if let Some(list) = roles.get_mut(usize::from(m)) {
                        if !list.contains(&role) {
                            list.push(role);
                        }
                    }
                }
                if !partner_seen.insert((fold(&p.written), fold(&lead))) {
                    continue;
                }
                let g = b.group();
                b.add(
                    Kind::Partner,
                    g,
                    target,
                    "",
                    &p.written,
                    &format!(" · partner van {lead}"),
                    false,
                );
            }
        }

        // All 300 municipalities, with their role, and their aliases (keys of one group are
        // contiguous: the query relies on it).
        for (i, m) in r.municipalities.iter().enumerate() {
            let id = i as MunicipalityId;
            let role = match (applicant_of.contains_key(&id), roles[i].is_empty()) {
                (true, true) => "aanvrager".to_string(),
                (true, false) => format!("aanvrager, ook {}", roles[i].join(", ")),
                (false, false) => format!("{} (geen eigen aanvraag)", roles[i].join(", ")),
                (false, true) => "geen aanvraag".to_string(),
            };
            let g = b.group();
            let target = Target::Municipality(id);
            b.add(
                Kind::Gemeente,
                g,
                target,
                "",
                &m.name,
                &format!(" · {role}"),
                false,
            );
            let rest = format!(" → {} · {role}", m.name);
            for (alias, _, _) in r.aliases.iter().filter(|(_, a, _)| *a == id) {
                b.add(Kind::Gemeente, g, target, "", alias, &rest, true);
            }
        }

        // Objectives.
        for o in &r.objectives {
            let g = b.group();
            let target = Target::Objective(o.no);
            let number = format!("Doelstelling {}", o.no);
            b.add(
                Kind::Doelstelling,
                g,
                target,
                "",
                &number,
                &format!(" · {}", o.name),
                false,
            );
            b.add(
                Kind::Doelstelling,
                g,
                target,
                &format!("{number} · "),
                &o.name,
                "",
                false,
            );
        }

        // Actions: number, title, other known titles; KPI units.
        let aliases: Vec<ActionAliasRow> = csv::Reader::from_reader(ACTION_ALIASES_CSV.as_bytes())
            .deserialize()
            .filter_map(Result::ok)
            .collect();
        for a in &r.actions {
            let g = b.group();
            let target = Target::Action(a.no);
            let number = format!("Actie {}", a.no);
            b.add(
                Kind::Actie,
                g,
                target,
                "",
                &number,
                &format!(" · {}", a.name),
                false,
            );
            b.add(
                Kind::Actie,
                g,
                target,
                &format!("{number} · "),
                &a.name,
                "",
                false,
            );
            for al in aliases.iter().filter(|al| al.action_no == a.no) {
                let rest = format!(" → {number} · {}", a.name);
                b.add(Kind::Actie, g, target, "", &al.alias, &rest, true);
            }
            for k in &a.kpis {
                let g = b.group();
                let rest = format!(" · KPI van actie {}", a.no);
                b.add(Kind::Kpi, g, target, "", &k.unit, &rest, false);
            }
        }

        // Explanation texts, each distinct text once.
        let texts = distinct_lines(ds.grants.iter().enumerate().filter_map(|(gi, grant)| {
            let text = grant.explanation.as_deref().map(str::trim)?;
            (!text.is_empty()).then_some((gi as u32, text))
        }));
        for (text, first, count) in texts {
            let Some(grant) = ds.grants.get(first as usize) else {
                continue;
            };
            let suffix = lines_suffix(ds, grant, count);
            let g = b.group();
            b.add(
                Kind::Toelichting,
                g,
                Target::Grant(first),
                "",
                text,
                &suffix,
                false,
            );
        }

        // Refused lines, each distinct reason once, found by the words "geweigerd" and
        // "weigering" and by their reason.
        let refusals = distinct_lines(
            ds.grants
                .iter()
                .enumerate()
                .filter(|(_, grant)| grant.status == Status::Refused)
                .map(|(gi, grant)| {
                    let reason = grant.reason.as_deref().map(str::trim);
                    (gi as u32, reason.filter(|r| !r.is_empty()))
                }),
        );
        for (reason, first, count) in refusals {
            let Some(grant) = ds.grants.get(first as usize) else {
                continue;
            };
            let source = match reason {
                Some(reason) => format!("Geweigerd · reden van weigering: {reason}"),
                None => "Geweigerd · geen reden van weigering opgegeven".to_string(),
            };
            let suffix = lines_suffix(ds, grant, count);
            let g = b.group();
            b.add(
                Kind::Weigering,
                g,
                Target::Grant(first),
                "",
                &source,
                &suffix,
                false,
            );
        }

        // Mentorships and the social impact bond (answer 492, first call only).
        if let Some(facts) = &ds.facts {
            for (i, m) in facts.mentorships.iter().enumerate() {
                let g = b.group();
                // The kind's word is matched too: "mentorschap" lists them.
                let source = format!(
                    "{} · {} (mentorschap, actie {})",
                    m.action_as_published, m.local_government, m.action_no
                );
                b.add(
                    Kind::Mentorschap,
                    g,
                    Target::Mentorship(i as u32),
                    "",
                    &source,
                    "",
                    false,
                );
            }
            for (i, s) in facts.social_impact_bonds.iter().enumerate() {
                let g = b.group();
                // Answer 8: a stimulus to lay the basis for a bond, and who assists; its
                // description is found too, under the same label.
                let source = format!(
                    "{SIO_STIMULUS_LABEL} · {} · {} · bijgestaan door {}",
                    s.local_government,
                    crate::money::format_eur(s.stimulus_cents),
                    s.partner,
                );
                b.add(
                    Kind::SocialeImpactobligatie,
                    g,
                    Target::SocialImpactBond(i as u32),
                    "",
                    &source,
                    "",
                    false,
                );
                b.add(
                    Kind::SocialeImpactobligatie,
                    g,
                    Target::SocialImpactBond(i as u32),
                    &format!("{source} · "),
                    &s.description,
                    "",
                    true,
                );
            }
        }

        let typos = typo::Trie::new(
            b.keys
                .iter()
                .enumerate()
                .filter(|(_, k)| is_name(k))
                .map(|(id, k)| (id as u32, &*k.text)),
        );
        Index {
            keys: b.keys,
            typos,
            state: Mutex::new(State {
                narrowing: Vec::new(),
                matcher: new_matcher(),
            }),
        }
    }

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

    /// The best `limit` hits for a query, best first. Case, accents and punctuation of the
    /// query do not matter. An empty query gives no hits; hits scoring below 40 % of the best
    /// one are left out.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit> {
        let pat = Pattern::new(fold(query));
        if pat.text.is_empty() || limit == 0 {
            return Vec::new();
        }

        let mut guard = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let State {
            narrowing: stack,
            matcher,
        } = &mut *guard;
        while stack
            .last()
            .is_some_and(|(q, _)| !pat.text.starts_with(q.as_str()))
        {
            stack.pop();
        }
        let mut passed: Vec<u32> = Vec::new();
        let mut top = Top::new(limit);
        // Best key of the group being scanned (keys of a group are contiguous).
        let mut current: Option<Scored> = None;
        // Whether some name is the query or starts with it: then typos of other names are noise.
        let mut prefixed = false;
        {
            let mut visit = |id: u32| {
                let Some(key) = self.keys.get(id as usize) else {
                    return;
                };
                if pat.mask & !key.mask != 0 {
                    return;
                }
                let Some((ws, we)) = window(&key.text, &pat) else {
                    return;
                };
                passed.push(id);
                let bonus = tier(&key.text, &pat);
                prefixed |= bonus >= BONUS_PREFIX && is_name(key);
                // The best this key can do; skip scoring if even that ranks after the group's
                // best so far or after the last of a full list.
                let best_case = Scored {
                    score: bonus + max_fuzzy(pat.chars),
                    id,
                    typo: None,
                };
                let bar = match current {
                    Some(c) if self.keys[c.id as usize].group == key.group => Some(c),
                    _ => top.last(),
                };
                if bar.is_some_and(|bar| self.rank(&best_case, &bar).is_gt()) {
                    return;
                }
                let Some(fuzzy) = fuzzy_score(matcher, &key.text[ws..we], &pat.text) else {
                    return;
                };
                let cand = Scored {
                    score: fuzzy + bonus,
                    id,
                    typo: None,
                };
                match current {
                    Some(c) if self.keys[c.id as usize].group == key.group => {
                        if self.rank(&cand, &c).is_lt() {
                            current = Some(cand);
                        }
                    }
                    Some(c) => {
                        top.offer(c, |a, b| self.rank(a, b));
                        current = Some(cand);
                    }
                    None => current = Some(cand),
                }
            };
            match stack.last() {
                Some((_, ids)) => ids.iter().copied().for_each(&mut visit),
                None => (0..self.keys.len() as u32).for_each(&mut visit),
            }
        }
        if let Some(c) = current {
            top.offer(c, |a, b| self.rank(a, b));
        }
        if !prefixed {
            for cand in self.typo_candidates(&pat) {
                self.offer_typo(&mut top, cand);
            }
        }
        if stack.last().is_none_or(|(q, _)| *q != pat.text) {
            if stack.len() >= NARROWING_DEPTH {
                stack.remove(0);
            }
            stack.push((pat.text.clone(), passed));
        }
        // Letters scattered over an unrelated text are noise once a real match exists.
        let best = top.items.first().map_or(0, |s| s.score);
        top.items
            .into_iter()
            .filter(|s| is_relevant(s.score, best))
            .map(|s| {
                let key = &self.keys[s.id as usize];
                let (label, matched) = match s.typo {
                    Some(run) => typo_label(key, run),
                    None => (key.label.to_string(), matched_chars(matcher, key, &pat)),
                };
                Hit {
                    kind: key.kind.code(),
                    label,
                    score: s.score,
                    target: key.target,
                    matched,
                }
            })
            .collect()
    }

    /// The keys within the typo budget of the query, the best run of each, scored.
    fn typo_candidates(&self, pat: &Pattern) -> Vec<Scored> {
        let mut found = self.typos.find(&pat.text);
        found.sort_unstable_by_key(|m| (m.id, m.cost, m.span, m.start));
        found.dedup_by_key(|m| m.id);
        found
            .into_iter()
            .map(|m| Scored {
                score: typo_score(pat.chars, m.cost, m.span),
                id: m.id,
                typo: Some(Run {
                    start: m.start,
                    end: m.end,
                    whole: m.span == typo::Span::Whole,
                }),
            })
            .collect()
    }

    /// Offers a typo candidate to the list, which holds each group once: it replaces its
    /// group's entry if it ranks before it, and is left out if it does not.
    fn offer_typo(&self, top: &mut Top, cand: Scored) {
        let group = self.keys[cand.id as usize].group;
        let rank = |a: &Scored, b: &Scored| self.rank(a, b);
        match top
            .items
            .iter()
            .position(|s| self.keys[s.id as usize].group == group)
        {
            Some(at) if rank(&cand, &top.items[at]).is_lt() => {
                top.items.remove(at);
                top.offer(cand, rank);
            }
            Some(_) => {}
            None => top.offer(cand, rank),
        }
    }

    /// Result order: score, then kind priority, main name before alias, shorter text, label.
    fn rank(&self, a: &Scored, b: &Scored) -> Ordering {
        let (ka, kb) = (&self.keys[a.id as usize], &self.keys[b.id as usize]);
        b.score
            .cmp(&a.score)
            .then(ka.kind.cmp(&kb.kind))
            .then(ka.alias.cmp(&kb.alias))
            .then(ka.text.len().cmp(&kb.text.len()))
            .then_with(|| ka.label.cmp(&kb.label))
            .then(a.id.cmp(&b.id))
    }
}

/// The label of a hit found through a typo, and the char indices of the name it asks about.
/// A whole name is asked about in place ("bedoelde u Gent? · Oost-Vlaanderen"); words of a
/// name before the label ("bedoelde u Genesius? · Sint-Genesius-Rode · geen aanvraag").
fn typo_label(key: &Key, run: Run) -> (String, Vec<usize>) {
    let label: Vec<char> = key.label.chars().collect();
    let (start, chars) = (key.src_start as usize, key.src_chars as usize);
    let source: String = label.iter().skip(start).take(chars).collect();
    let meant_chars = MEANT.chars().count();
    if run.whole {
        let before: String = label.iter().take(start).collect();
        let after: String = label.iter().skip(start + chars).collect();
        let at = start + meant_chars;
        return (
            format!("{before}{MEANT}{source}?{after}"),
            (at..at + chars).collect(),
        );
    }
    // The run's chars in the label: from its first folded char's source to its last one's.
    let (folded, map) = fold_mapped(&source);
    let words = if *folded == *key.text {
        map.get(usize::from(run.start))
            .zip(map.get(usize::from(run.end).saturating_sub(1)))
            .map(|(&a, &b)| label[start + a..=start + b].iter().collect::<String>())
    } else {
        None
    };
    let words = words.unwrap_or_else(|| {
        key.text
            .chars()
            .skip(usize::from(run.start))
            .take(usize::from(run.end - run.start))
            .collect()
    });
    let n = words.chars().count();
    (
        format!("{MEANT}{words}? · {}", key.label),
        (meant_chars..meant_chars + n).collect(),
    )
}

/// Char indices into the key's label of the letters the query matched.
fn matched_chars(matcher: &mut Matcher, key: &Key, pat: &Pattern) -> Vec<usize> {
    let Some((ws, we)) = window(&key.text, pat) else {
        return Vec::new();
    };
    let Some(idx) = fuzzy_indices(matcher, &key.text[ws..we], &pat.text) else {
        return Vec::new();
    };
    let offset = key.text[..ws].chars().count();
    let source: String = key
        .label
        .chars()
        .skip(key.src_start as usize)
        .take(key.src_chars as usize)
        .collect();
    let (folded, map) = fold_mapped(&source);
    if *folded != *key.text {
        return Vec::new();
    }
    let mut out: Vec<usize> = idx
        .into_iter()
        .filter_map(|i| map.get(i + offset))
        .map(|&c| c + key.src_start as usize)
        .collect();
    out.dedup();
    out
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    score: i64,
    id: u32,
    /// Found through a typo: the run of the key's text that was meant.
    typo: Option<Run>,
}

/// A run of whole words of a key's text: chars `start..end`; `whole` when that is all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: u16,
    end: u16,
    whole: bool,
}

/// The score of a typo match of a query of `chars` chars at `cost` half edits
/// ([`typo::EDIT`], at most four): what the query would score at a word start
/// ([`max_fuzzy`]: nucleo gives a contiguous match at a word start exactly that) plus
/// [`BONUS_TYPO`], less 12 a half edit, plus 20 for a whole name or 10 for its first words.
/// So it lies between `max_fuzzy + 12` and `max_fuzzy + 68`: above every match without a bonus
/// tier (letters scattered over a name score at most `max_fuzzy`) and below every word-start,
/// whole-word, prefix or exact match, which score at least `max_fuzzy + 100`.
fn typo_score(chars: usize, cost: u16, span: typo::Span) -> i64 {
    let span_bonus = match span {
        typo::Span::Whole => 20,
        typo::Span::Start => 10,
        typo::Span::Inner => 0,
    };
    max_fuzzy(chars) + BONUS_TYPO - 12 * i64::from(cost) + span_bonus
}

/// The best `limit` candidates seen so far, best first.
struct Top {
    limit: usize,
    items: Vec<Scored>,
}

impl Top {
    fn new(limit: usize) -> Top {
        Top {
            limit,
            items: Vec::with_capacity(limit + 1),
        }
    }

    /// The candidate a newcomer must beat, once the list is full.
    fn last(&self) -> Option<Scored> {
        self.items
            .last()
            .copied()
            .filter(|_| self.items.len() >= self.limit)
    }

    fn offer(&mut self, cand: Scored, rank: impl Fn(&Scored, &Scored) -> Ordering) {
        if self.last().is_some_and(|last| rank(&cand, &last).is_gt()) {
            return;
        }
        let at = self
            .items
            .partition_point(|x| rank(x, &cand) == Ordering::Less);
        if at < self.limit {
            self.items.insert(at, cand);
            self.items.truncate(self.limit);
        }
    }
}

/// A bit per ASCII letter and digit, one for space, one for anything else.
fn mask_of(text: &str) -> u64 {
    let mut m = 0u64;
    for b in text.bytes() {
        m |= 1
            << match b {
                b'a'..=b'z' => u32::from(b - b'a'),
                b'0'..=b'9' => 26 + u32::from(b - b'0'),
                b' ' => 36,
                _ => 37,
            };
    }
    m
}

/// A folded query, with what the scan needs precomputed.
struct Pattern {
    text: String,
    mask: u64,
    ascii: bool,
    chars: usize,
    /// Finds the whole query.
    whole: Finder<'static>,
    /// Finds its first [`ANCHOR`] bytes: where a match in a long key must start.
    anchor: Finder<'static>,
}

/// Bytes of the query that must start a word of a long key, contiguously.
const ANCHOR: usize = 3;

impl Pattern {
    fn new(text: String) -> Pattern {
        let mut cut = text.len().min(ANCHOR);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        Pattern {
            mask: mask_of(&text),
            ascii: text.is_ascii(),
            chars: text.chars().count(),
            whole: Finder::new(text.as_bytes()).into_owned(),
            anchor: Finder::new(&text.as_bytes()[..cut]).into_owned(),
            text,
        }
    }
}

/// Every position where `finder`'s needle occurs in `hay`, overlapping ones included.
fn occurrences<'a>(hay: &'a [u8], finder: &'a Finder<'static>) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(hay.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

/// The byte range of `key` the fuzzy matcher scores, if the pattern can match at all.
///
/// Short keys (names, titles): the whole key, when the pattern is a subsequence of it, so
/// initials and abbreviations match ("sgr" finds Sint-Genesius-Rode).
///
/// Long keys (explanation texts): the first [`ANCHOR`] characters of the pattern must start a
/// word, and the rest must follow skipping at most [`MAX_GAP`] characters in all; the range is
/// the most compact such match, with one character of context before it (for the word-start
/// bonus). Letters scattered over a paragraph are no match. Both rules are monotone: a match
/// of a longer query contains a match of every prefix of it, which incremental narrowing
/// relies on.
fn window(key: &str, pat: &Pattern) -> Option<(usize, usize)> {
    let k = key.as_bytes();
    let p = pat.text.as_bytes();
    if k.len() <= LONG_KEY || !pat.ascii {
        return is_subsequence(k, p).then_some((0, key.len()));
    }
    let head = pat.anchor.needle().len();
    // Greedy forward match after the anchor gives the shortest match starting at `start`.
    let end_from = |start: usize| {
        let mut pi = head;
        let mut j = start + head;
        let mut gaps = 0;
        while pi < p.len() && j < k.len() && gaps <= MAX_GAP {
            if k[j] == p[pi] {
                pi += 1;
            } else {
                gaps += 1;
            }
            j += 1;
        }
        (pi == p.len() && gaps <= MAX_GAP).then_some(j)
    };
    let mut best: Option<(usize, usize)> = None;
    for start in occurrences(k, &pat.anchor) {
        if start > 0 && k[start - 1] != b' ' {
            continue;
        }
        if let Some(end) = end_from(start) {
            if best.is_none_or(|(bs, be)| end - start < be - bs) {
                best = Some((start, end));
                if end - start == p.len() {
                    break;
                }
            }
        }
    }
    let (start, end) = best?;
    let mut ws = start.saturating_sub(1);
    while !key.is_char_boundary(ws) {
        ws -= 1;
    }
    let mut we = end;
    while !key.is_char_boundary(we) {
        we += 1;
    }
    Some((ws, we))
}

fn is_subsequence(k: &[u8], p: &[u8]) -> bool {
    let mut it = k.iter();
    p.iter().all(|c| it.any(|x| x == c))
}

/// Bonus for exact, prefix, whole-word and substring matches.
fn tier(key: &str, pat: &Pattern) -> i64 {
    let (k, p) = (key.as_bytes(), pat.text.as_bytes());
    if k == p {
        return BONUS_EXACT;
    }
    let mut best = 0;
    for at in occurrences(k, &pat.whole) {
        let token = k.get(at + p.len()).is_none_or(|&c| c == b' ');
        if at == 0 {
            // Nothing later can beat a prefix.
            return if token {
                BONUS_TOKEN_PREFIX
            } else {
                BONUS_PREFIX
            };
        }
        if k[at - 1] == b' ' {
            if token {
                return BONUS_TOKEN;
            }
            best = BONUS_WORD_START;
        } else {
            best = best.max(BONUS_SUBSTRING);
        }
    }
    best
}

/// [`names::fold`] that also tells, for each char of the folded text, the index of the char
/// of `text` it comes from.
fn fold_mapped(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    // The source char of the first separator of a pending run, if any.
    let mut pending_space: Option<usize> = None;
    for (ci, src) in text.chars().enumerate() {
        for ch in std::iter::once(src).nfkd() {
            if unicode_normalization::char::is_combining_mark(ch) {
                continue;
            }
            if ch.is_alphanumeric() {
                if let (Some(sep), false) = (pending_space, out.is_empty()) {
                    out.push(' ');
                    map.push(sep);
                }
                pending_space = None;
                for lower in ch.to_lowercase() {
                    out.push(lower);
                    map.push(ci);
                }
            } else if pending_space.is_none() {
                pending_space = Some(ci);
            }
        }
    }
    (out, map)
}

/// Each distinct value of `(line, value)` pairs once, in order of first appearance: the value,
/// its first line and how many lines have it.
fn distinct_lines<K: Copy + Eq + std::hash::Hash>(
    lines: impl Iterator<Item = (u32, K)>,
) -> Vec<(K, u32, u32)> {
    let mut out: Vec<(K, u32, u32)> = Vec::new();
    let mut slot: HashMap<K, usize> = HashMap::new();
    for (line, value) in lines {
        match slot.get(&value) {
            Some(&at) => out[at].2 += 1,
            None => {
                slot.insert(value, out.len());
                out.push((value, line, 1));
            }
        }
    }
    out
}

/// The end of the label of a text shared by `count` lines, the first of which is `grant`:
/// " · Gent, Actie 5" or " · 3 lijnen, o.a. Gent, Actie 5".
fn lines_suffix(ds: &Dataset, grant: &crate::model::Grant, count: u32) -> String {
    let who = ds
        .applicant(grant.applicant)
        .map_or("onbekend", |a| a.name.as_str());
    let line = ds.line_label(grant.kind);
    if count == 1 {
        format!(" · {who}, {line}")
    } else {
        format!(" · {count} lijnen, o.a. {who}, {line}")
    }
}

/// Whether a key names something (and is matched for typos): everything but explanation texts
/// and the description of the social impact bond stimulus (an alias key), which are paragraphs.
fn is_name(key: &Key) -> bool {
    key.kind != Kind::Toelichting && !(key.kind == Kind::SocialeImpactobligatie && key.alias)
}

/// How a collaboration party is called in labels.
fn party_name(p: &Party) -> String {
    let r = reference::get();
    match p.resolved {
        PartyKind::Municipality(m) => r
            .municipality(m)
            .map_or_else(|| p.written.clone(), |m| m.name.clone()),
        PartyKind::Vgc => "VGC".to_string(),
        PartyKind::DeRand | PartyKind::DeRandFor(_) => "vzw De Rand".to_string(),
        PartyKind::Unknown => p.written.clone(),
    }
}

/// The stable string form of a target: `aanvrager:Gent`, `gemeente:Wemmel`, `actie:5`,
/// `doelstelling:2`, `provincie:Antwerpen`, `vlaanderen`, `lijn:N` (the N-th line of the
/// dataset, from 1), `samenwerking:antwoord2-13` (entry 13 of answer 2) or
/// `samenwerking:bijlage-N`, `mentorschap:N` and `sociale_impactobligatie:N` (from 1, in the
/// order of answer 492).
pub fn target_code(ds: &Dataset, target: &Target) -> String {
    match *target {
        Target::All => "vlaanderen".to_string(),
        Target::Province(p) => format!("provincie:{}", p.name()),
        Target::Applicant(a) => match ds.applicant(a) {
            Some(app) => format!("aanvrager:{}", app.name),
            None => format!("aanvrager:#{a}"),
        },
        Target::Municipality(m) => match reference::get().municipality(m) {
            Some(mun) => format!("gemeente:{}", mun.name),
            None => format!("gemeente:#{m}"),
        },
        Target::Objective(no) => format!("doelstelling:{no}"),
        Target::Action(no) => format!("actie:{no}"),
        Target::Grant(i) => format!("lijn:{}", u64::from(i) + 1),
        Target::Collaboration(cref) => match (ds.collaboration(cref).map(|c| c.source), cref) {
            (Some(CollaborationSource::Answer2 { entry }), _) => {
                format!("samenwerking:antwoord2-{entry}")
            }
            (_, CollaborationRef::Annex(i) | CollaborationRef::Answer(i)) => {
                format!("samenwerking:bijlage-{}", u64::from(i) + 1)
            }
        },
        Target::Mentorship(i) => format!("mentorschap:{}", u64::from(i) + 1),
        Target::SocialImpactBond(i) => format!("sociale_impactobligatie:{}", u64::from(i) + 1),
    }
}

/// The applicants a jump to `target` concerns, each once, in applicant order: the applicant
/// itself; for a municipality the applicant that is it and the leads of the collaborations it is
/// a partner in; the applicants with lines in a province, for an objective or an action; the
/// applicant of a line; the lead of a collaboration; the applicant named by a mentorship or the
/// social impact bond. For the explorer (filter the tree on Enter) and the export's `search:`
/// scope.
pub fn applicants_of(ds: &Dataset, target: &Target) -> Vec<ApplicantId> {
    let by_name = |name: &str| ds.applicant_by_name(name).into_iter().collect();
    let mut out: Vec<ApplicantId> = match *target {
        Target::All => ds.totals().applicants.clone(),
        Target::Province(p) => ds.province_totals(Some(p)).applicants.clone(),
        Target::Applicant(a) => ds.applicant(a).map(|_| a).into_iter().collect(),
        Target::Municipality(m) => {
            let mut v: Vec<ApplicantId> = ds.applicant_by_municipality(m).into_iter().collect();
            for (_, c) in ds.all_collaborations() {
                if c.partners
                    .iter()
                    .any(|p| p.resolved.municipality() == Some(m))
                {
                    v.extend(ds.find_party_applicant(&c.lead));
                }
            }
            v
        }
        Target::Objective(no) => ds.objective_applicants(no).to_vec(),
        Target::Action(no) => ds
            .action_totals(no)
            .map(|t| t.applicants.clone())
            .unwrap_or_default(),
        Target::Grant(g) => ds
            .grants
            .get(g as usize)
            .map(|g| g.applicant)
            .into_iter()
            .collect(),
        Target::Collaboration(cref) => ds
            .collaboration(cref)
            .and_then(|c| ds.find_party_applicant(&c.lead))
            .into_iter()
            .collect(),
        Target::Mentorship(i) => ds
            .facts
            .as_ref()
            .and_then(|f| f.mentorships.get(i as usize))
            .map_or_else(Vec::new, |m| by_name(&m.local_government)),
        Target::SocialImpactBond(i) => ds
            .facts
            .as_ref()
            .and_then(|f| f.social_impact_bonds.get(i as usize))
            .map_or_else(Vec::new, |s| by_name(&s.local_government)),
    };
    out.sort_unstable();
    out.dedup();
    out
}

#[derive(serde::Serialize)]
struct JsonHit<'a> {
    kind: &'a str,
    label: &'a str,
    score: i64,
    target: String,
}

/// The `search` command: ranked hits as text (one per line: kind, label, target) or as json
/// `[{"kind", "label", "score", "target"}]`. No hits is not an error. For the bundled sample
/// the text starts with a line and the json with an element of kind `voorbeeld` saying so.
pub fn run_search(ds: &Dataset, query: &str, limit: usize, json: bool) -> String {
    let hits = Index::new(ds).query(query, limit);
    if json {
        let marker = ds.source.sample.then(|| JsonHit {
            kind: "voorbeeld",
            label: SAMPLE_MARKER,
            score: 0,
            target: "voorbeeld".to_string(),
        });
        let rows: Vec<JsonHit> = marker
            .into_iter()
            .chain(hits.iter().map(|h| JsonHit {
                kind: h.kind,
                label: &h.label,
                score: h.score,
                target: target_code(ds, &h.target),
            }))
            .collect();
        let mut out = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string());
        out.push('\n');
        return out;
    }
    let mut out = String::new();
    if ds.source.sample {
        out.push_str("VOORBEELD: gegevens van het ingebouwde voorbeeld (synthetische bedragen)\n");
    }
    if hits.is_empty() {
        out.push_str(&format!("Niets gevonden voor \"{}\".\n", query.trim()));
        return out;
    }
    let width = hits.iter().map(|h| h.kind.len()).max().unwrap_or(0);
    for h in &hits {
        out.push_str(&format!(
            "{:<width$}  {}  [{}]\n",
            h.kind,
            h.label,
            target_code(ds, &h.target)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Applicant, ApplicantKind, CallInfo, CallSource, DatasetParts, Grant, LineKind, NameMatch,
        Origin, Spelling, Status, Units,
    };

    fn mun(name: &str) -> MunicipalityId {
        reference::get()
            .municipalities
            .iter()
            .position(|m| m.name == name)
            .unwrap() as MunicipalityId
    }

    fn applicant(name: &str) -> Applicant {
        let r = reference::get();
        let (kind, province) = match name {
            "vzw De Rand" => (ApplicantKind::DeRand, Some(Province::VlaamsBrabant)),
            "VGC" => (ApplicantKind::Vgc, Some(Province::Brussel)),
            _ => {
                let m = mun(name);
                (
                    ApplicantKind::Municipality(m),
                    Some(r.municipalities[usize::from(m)].province),
                )
            }
        };
        Applicant {
            name: name.to_string(),
            kind,
            province,
            spellings: vec![],
        }
    }

    fn line(a: ApplicantId, action: u8, euro: i64, text: Option<&str>) -> Grant {
        Grant {
            applicant: a,
            kind: LineKind::Action(action),
            amount: euro * 100,
            requested: None,
            units: Units::default(),
            status: Status::Granted,
            reason: None,
            explanation: text.map(str::to_string),
            call: Some(1),
            province_in_file: None,
            action_written: None,
            origin: Origin::default(),
        }
    }

    /// A small first-call dataset with the facts of answer 492.
    fn dataset() -> Dataset {
        let mut gent = applicant("Gent");
        gent.spellings.push(Spelling {
            written: "Stad Gent".to_string(),
            matched: NameMatch::Exact,
        });
        let parts = DatasetParts {
            call: Some(CallInfo {
                call: Some(1),
                source: CallSource::Flag,
                calls_in_file: vec![],
            }),
            applicants: vec![
                gent,
                applicant("Antwerpen"),
                applicant("Londerzeel"),
                applicant("vzw De Rand"),
                applicant("Sint-Niklaas"),
                applicant("Beersel"),
            ],
            grants: vec![
                line(
                    0,
                    5,
                    120_000,
                    Some("Taalcafés in de bibliotheek en in buurthuizen"),
                ),
                line(0, 15, 40_000, Some("Brugfiguren in basisscholen")),
                line(
                    1,
                    5,
                    300_000,
                    Some("Taalcafés in de bibliotheek en in buurthuizen"),
                ),
                line(1, 2, 25_000, None),
                line(2, 5, 20_000, Some("Oefenkansen in de sportclub")),
                line(3, 5, 80_000, Some("  ")),
                line(
                    4,
                    2,
                    25_000,
                    Some("Lokaal actieplan tegen polarisatie in wijken"),
                ),
                line(5, 13, 10_000, None),
            ],
            facts: Some(reference::get().answer_facts().clone()),
            ..DatasetParts::default()
        };
        Dataset::new(parts, |no| reference::get().objective_of(no))
    }

    fn codes(ds: &Dataset, hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|h| format!("{} {}", h.kind, target_code(ds, &h.target)))
            .collect()
    }

    #[test]
    fn fold_mapped_folds_like_names_fold() {
        for text in [
            "Sint-Genesius-Rode",
            "  Biévène ",
            "Rhode-Saint-Genèse",
            "ÉÉN gemeenschap -- (pleinmakers)",
            "€ 12.500, ﬁets",
            "e\u{301}e",
            "",
            "---",
        ] {
            let (folded, map) = fold_mapped(text);
            assert_eq!(folded, fold(text), "{text:?}");
            assert_eq!(map.len(), folded.chars().count(), "{text:?}");
            assert!(map.windows(2).all(|w| w[0] <= w[1]), "{text:?}");
        }
        // The space of "sint genesius" comes from the hyphen of the label.
        let (_, map) = fold_mapped("Sint-Genesius");
        assert_eq!(map[4], 4);
        let (_, map) = fold_mapped("Biévène");
        assert_eq!(map, vec![0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn accents_case_and_hyphens_do_not_matter() {
        let ds = dataset();
        let index = Index::new(&ds);
        for q in [
            "sint genesius",
            "SINT-GENESIUS",
            "Sínt Genésius",
            "sint-genesius ",
        ] {
            let hits = index.query(q, 5);
            let first = &hits[0];
            assert_eq!(
                (first.kind, target_code(&ds, &first.target).as_str()),
                ("gemeente", "gemeente:Sint-Genesius-Rode"),
                "{q}: {hits:?}"
            );
            // "Sint-Genesius" is highlighted, hyphen included (it matched the space).
            assert_eq!(first.matched, (0..13).collect::<Vec<_>>(), "{q}");
        }
        // A French name finds the municipality through its alias, accent or not.
        for q in ["rhode saint genese", "Rhode-Saint-Genèse"] {
            let hits = index.query(q, 3);
            assert_eq!(
                hits[0].label, "Rhode-Saint-Genèse → Sint-Genesius-Rode · partner van Beersel (geen eigen aanvraag)",
                "{q}"
            );
            assert_eq!(
                target_code(&ds, &hits[0].target),
                "gemeente:Sint-Genesius-Rode"
            );
        }
    }

    #[test]
    fn matched_indices_point_at_label_chars() {
        let ds = dataset();
        let index = Index::new(&ds);
        let hits = index.query("bievene", 3);
        let hit = &hits[0];
        assert_eq!(hit.label, "Biévène → Bever · geen aanvraag");
        let chars: Vec<char> = hit.label.chars().collect();
        let shown: String = hit.matched.iter().map(|&i| chars[i]).collect();
        assert_eq!(shown, "Biévène");
        // A match inside a long explanation text is found where it is.
        let hits = index.query("bibliotheek", 20);
        let hit = hits.iter().find(|h| h.kind == "toelichting").unwrap();
        let chars: Vec<char> = hit.label.chars().collect();
        let shown: String = hit.matched.iter().map(|&i| chars[i]).collect();
        assert_eq!(shown, "bibliotheek");
        assert_eq!(hit.matched[0], "Taalcafés in de ".chars().count());
    }

    #[test]
    fn actions_by_number_title_and_other_title() {
        let ds = dataset();
        let index = Index::new(&ds);
        for q in ["5", "actie 5", "Actie 5", "a5"] {
            let hits = index.query(q, 5);
            assert_eq!(codes(&ds, &hits[..1]), ["actie actie:5"], "{q}: {hits:?}");
        }
        let hits = index.query("actie 1", 3);
        assert_eq!(codes(&ds, &hits[..1]), ["actie actie:1"]);
        let hits = index.query("oefen", 5);
        assert!(
            codes(&ds, &hits[..3]).contains(&"actie actie:5".to_string()),
            "{hits:?}"
        );
        // The action appears once, even though title and other titles all match.
        let a5 = hits
            .iter()
            .filter(|h| h.target == Target::Action(5))
            .count();
        assert_eq!(a5, 1, "{hits:?}");
        // Another known title: "Pleinmakers" is action 22.
        let hits = index.query("pleinmakers", 3);
        assert_eq!(codes(&ds, &hits[..1]), ["actie actie:22"]);
        assert_eq!(
            hits[0].label,
            "Pleinmakers → Actie 22 · Sociaal weefsel versterken (pleinmakers)"
        );
        // KPI units point at their action.
        let hits = index.query("volwassen anderstaligen", 3);
        assert_eq!(codes(&ds, &hits[..1]), ["kpi actie:5"]);
        // Objectives by number and by name.
        let hits = index.query("doelstelling 2", 3);
        assert_eq!(codes(&ds, &hits[..1]), ["doelstelling doelstelling:2"]);
        let hits = index.query("nederlands", 10);
        assert!(codes(&ds, &hits).contains(&"doelstelling doelstelling:2".to_string()));
    }

    #[test]
    fn municipalities_show_their_role() {
        let ds = dataset();
        let index = Index::new(&ds);
        let hits = index.query("wemmel", 5);
        let labels: Vec<&str> = hits.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(
            labels[..2],
            [
                "Wemmel · partner van Londerzeel via De Rand (geen eigen aanvraag)",
                "De Rand (io Wemmel) · partner van Londerzeel",
            ],
            "{hits:?}"
        );
        assert_eq!(
            codes(&ds, &hits[..2]),
            ["gemeente gemeente:Wemmel", "partner aanvrager:Londerzeel"]
        );
        // A municipality that applied for nothing and is no partner.
        let hits = index.query("mesen", 1);
        assert_eq!(hits[0].label, "Mesen · geen aanvraag");
        assert_eq!(target_code(&ds, &hits[0].target), "gemeente:Mesen");
        // An applicant municipality: the applicant comes first, then the municipality.
        let hits = index.query("gent", 3);
        assert_eq!(
            codes(&ds, &hits[..2]),
            ["aanvrager aanvrager:Gent", "gemeente gemeente:Gent"]
        );
        assert_eq!(hits[0].label, "Gent · Oost-Vlaanderen");
        assert_eq!(hits[1].label, "Gent · aanvrager");
        // Another way the file wrote the applicant.
        let hits = index.query("stad gent", 1);
        assert_eq!(hits[0].label, "Stad Gent → Gent · Oost-Vlaanderen");
    }

    #[test]
    fn exact_and_prefix_matches_rank_first() {
        let ds = dataset();
        let index = Index::new(&ds);
        // Exact name before names that merely start with it or contain it fuzzily.
        let hits = index.query("lier", 5);
        assert_eq!(codes(&ds, &hits[..1]), ["gemeente gemeente:Lier"]);
        let hits = index.query("sint", 20);
        assert!(
            hits.iter()
                .take(10)
                .all(|h| fold(&h.label).starts_with("sint")),
            "{hits:?}"
        );
        // Scores are non-increasing.
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        // A province and the municipality of the same name: kind priority decides.
        let hits = index.query("antwerpen", 4);
        assert_eq!(
            codes(&ds, &hits[..3]),
            [
                "aanvrager aanvrager:Antwerpen",
                "gemeente gemeente:Antwerpen",
                "provincie provincie:Antwerpen"
            ]
        );
    }

    #[test]
    fn explanation_texts_are_indexed_once_and_must_match_compactly() {
        let ds = dataset();
        let index = Index::new(&ds);
        let hits = index.query("taalcafes", 10);
        let texts: Vec<&Hit> = hits.iter().filter(|h| h.kind == "toelichting").collect();
        assert_eq!(texts.len(), 1, "{hits:?}");
        assert_eq!(
            texts[0].label,
            "Taalcafés in de bibliotheek en in buurthuizen · 2 lijnen, o.a. Gent, Actie 5"
        );
        assert_eq!(target_code(&ds, &texts[0].target), "lijn:1");
        // Letters scattered over a long text are no match: "tbb" is a subsequence of the text
        // above, but only across many words.
        let long = "Taalcafés in de bibliotheek en in buurthuizen voor alle inwoners van de stad";
        assert!(fold(long).len() > LONG_KEY);
        let w = |q: &str| window(&fold(long), &Pattern::new(q.to_string()));
        assert!(w("taalcafes bib").is_some());
        assert!(w("bibliotheek buurt").is_some());
        assert!(w("bibliothek").is_some());
        assert!(w("tbb").is_none());
        assert!(w("tib").is_none());
        assert!(w("taalcafes stad").is_none());
        // Names are short keys: initials match.
        assert!(window("sint genesius rode", &Pattern::new("sgr".to_string())).is_some());
        // Blank texts are not indexed.
        assert!(index.keys.iter().all(|k| !k.text.is_empty()));
    }

    #[test]
    fn answer_facts_are_searchable() {
        let ds = dataset();
        let index = Index::new(&ds);
        let hits = index.query("omstaanderstraining", 5);
        assert!(
            codes(&ds, &hits).contains(&"mentorschap mentorschap:9".to_string()),
            "{hits:?}"
        );
        let hits = index.query("impactgericht", 5);
        assert_eq!(
            codes(&ds, &hits[..1]),
            ["sociale_impactobligatie sociale_impactobligatie:1"]
        );
        // Without the facts (another call) there are no mentorship hits.
        let mut other = dataset();
        other.facts = None;
        let hits = Index::new(&other).query("omstaanderstraining", 5);
        assert!(hits.iter().all(|h| h.kind != "mentorschap"), "{hits:?}");
    }

    /// Tiny deterministic generator for the property tests (the typo matcher's too).
    pub(super) struct Lcg(pub(super) u64);

    impl Lcg {
        pub(super) fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
        fn text(&mut self, alphabet: &[u8], len: usize) -> String {
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())] as char)
                .collect()
        }
    }

    #[test]
    fn scores_do_not_depend_on_earlier_calls() {
        let mut rng = Lcg(7);
        let cases: Vec<(String, String)> = (0..3_000)
            .map(|_| {
                let (kl, pl) = (1 + rng.below(20), 1 + rng.below(5));
                (rng.text(b"ab c", kl), rng.text(b"ab", pl))
            })
            .collect();
        // Each case scored by a matcher that scored nothing before ...
        let alone: Vec<Option<i64>> = cases
            .iter()
            .map(|(k, p)| fuzzy_score(&mut new_matcher(), k, p))
            .collect();
        // ... and by one matcher after thousands of other calls.
        let mut m = new_matcher();
        for (k, p) in cases.iter().rev() {
            fuzzy_score(&mut m, k, p);
        }
        let after: Vec<Option<i64>> = cases
            .iter()
            .map(|(k, p)| fuzzy_score(&mut m, k, p))
            .collect();
        assert_eq!(alone, after);
        assert!(alone.iter().filter(|s| s.is_some()).count() > 1_000);
    }

    #[test]
    fn fuzzy_scores_stay_below_the_pruning_bound() {
        let mut rng = Lcg(11);
        let mut m = new_matcher();
        let mut checked = 0;
        for _ in 0..20_000 {
            let long = rng.below(2) == 0;
            let len = if long {
                65 + rng.below(60)
            } else {
                1 + rng.below(30)
            };
            let key = fold(&rng.text(b"abc d", len));
            let len = 1 + rng.below(6);
            let pat = fold(&rng.text(b"abcd", len));
            if key.is_empty() || pat.is_empty() {
                continue;
            }
            let pattern = Pattern::new(pat.clone());
            let Some((ws, we)) = window(&key, &pattern) else {
                continue;
            };
            let score = fuzzy_score(&mut m, &key[ws..we], &pat).unwrap();
            assert!(score <= max_fuzzy(pattern.chars), "{key:?} {pat:?} {score}");
            checked += 1;
        }
        assert!(checked > 1_000, "{checked}");
    }

    /// The ranking without pruning, narrowing or the bounded list.
    fn brute_force(index: &Index, query: &str, limit: usize) -> Vec<(String, i64)> {
        let pat = Pattern::new(fold(query));
        let mut m = new_matcher();
        let mut all: Vec<Scored> = Vec::new();
        let mut prefixed = false;
        for (id, key) in index.keys.iter().enumerate() {
            if let Some((ws, we)) = window(&key.text, &pat) {
                prefixed |= tier(&key.text, &pat) >= BONUS_PREFIX && is_name(key);
                if let Some(f) = fuzzy_score(&mut m, &key.text[ws..we], &pat.text) {
                    all.push(Scored {
                        score: f + tier(&key.text, &pat),
                        id: id as u32,
                        typo: None,
                    });
                }
            }
        }
        if !prefixed {
            all.extend(index.typo_candidates(&pat));
        }
        all.sort_by(|a, b| index.rank(a, b));
        let mut groups = HashSet::new();
        let best = all.first().map_or(0, |s| s.score);
        all.into_iter()
            .filter(|s| groups.insert(index.keys[s.id as usize].group))
            .take(limit)
            .filter(|s| is_relevant(s.score, best))
            .map(|s| {
                let key = &index.keys[s.id as usize];
                let label = match s.typo {
                    Some(run) => typo_label(key, run).0,
                    None => key.label.to_string(),
                };
                (label, s.score)
            })
            .collect()
    }

    #[test]
    fn pruned_ranking_equals_brute_force() {
        let mut ds = dataset();
        // Many explanation texts, several sharing words, to exercise windows and pruning.
        let words = [
            "taalcafes",
            "oefenkansen",
            "bibliotheek",
            "buurthuis",
            "voor",
            "volwassen",
            "anderstaligen",
            "in",
            "de",
            "sint",
            "genesius",
            "brugfiguren",
            "ouders",
            "sport",
        ];
        let mut rng = Lcg(3);
        for i in 0..400 {
            let n = 3 + rng.below(14);
            let text: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
            std::sync::Arc::make_mut(&mut ds.grants).push(line(
                (i % 6) as ApplicantId,
                5,
                1_000,
                Some(&text.join(" ")),
            ));
        }
        let ds = Dataset::new(
            DatasetParts {
                applicants: ds.applicants.clone(),
                grants: ds.grants.to_vec(),
                facts: ds.facts.clone(),
                ..DatasetParts::default()
            },
            |no| reference::get().objective_of(no),
        );
        let index = Index::new(&ds);
        for word in [
            "oefenkansen",
            "volwassen anderstaligen",
            "sint genesius",
            "in de b",
        ] {
            index.reset();
            for end in 1..=word.len() {
                let q = &word[..end];
                for limit in [1, 5, 20] {
                    let got: Vec<(String, i64)> = index
                        .query(q, limit)
                        .into_iter()
                        .map(|h| (h.label, h.score))
                        .collect();
                    assert_eq!(got, brute_force(&index, q, limit), "{q} {limit}");
                }
            }
        }
    }

    #[test]
    fn narrowing_gives_the_same_hits_as_a_fresh_index() {
        let ds = dataset();
        let typed = Index::new(&ds);
        let mut queries = Vec::new();
        for word in ["oefenkansen", "sint-genesius", "taalcafés bib"] {
            for end in word.char_indices().map(|(i, c)| i + c.len_utf8()) {
                queries.push(&word[..end]);
            }
            // Backspace twice and type on.
            queries.push(&word[..2]);
            queries.push(&word[..3]);
        }
        for q in queries {
            let fresh = Index::new(&ds).query(q, 20);
            assert_eq!(typed.query(q, 20), fresh, "{q}");
        }
    }

    #[test]
    fn scattered_letters_do_not_trail_a_real_match() {
        let ds = dataset();
        let index = Index::new(&ds);
        // "m…e…s…e…n" is a subsequence of many labels, but Mesen itself matches.
        let hits = index.query("mesen", 20);
        assert_eq!(codes(&ds, &hits), ["gemeente gemeente:Mesen"]);
        // Without a good match, the fuzzy ones are shown.
        let hits = index.query("mntr", 20);
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| is_relevant(h.score, hits[0].score)));
    }

    #[test]
    fn only_a_name_that_starts_with_the_query_silences_typos() {
        let mut ds = dataset();
        std::sync::Arc::make_mut(&mut ds.grants).push(line(
            1,
            5,
            1_000,
            Some("Gendergelijkheid als rode draad in alle taalcafés"),
        ));
        let index = Index::new(&ds);
        // The text starts with "gend" and ranks first, but it is no name: Gent is still asked
        // about.
        let hits = index.query("gend", 20);
        assert_eq!(hits[0].kind, "toelichting", "{hits:?}");
        assert!(
            hits.iter()
                .any(|h| h.label == "bedoelde u Gent? · Oost-Vlaanderen"),
            "{hits:?}"
        );
        // A name that starts with the query: no typos.
        let hits = index.query("gen", 20);
        assert!(hits.iter().all(|h| !h.label.starts_with(MEANT)), "{hits:?}");
        let hits = index.query("gent", 20);
        assert!(hits.iter().all(|h| !h.label.starts_with(MEANT)), "{hits:?}");
    }

    #[test]
    fn empty_and_hopeless_queries_give_no_hits() {
        let ds = dataset();
        let index = Index::new(&ds);
        assert!(index.query("", 20).is_empty());
        assert!(index.query(" -- ", 20).is_empty());
        assert!(index.query("gent", 0).is_empty());
        assert!(index.query("qqqxxzz", 20).is_empty());
        assert!(index.query("gent", 2).len() == 2);
    }

    #[test]
    fn headless_output_text_and_json() {
        let ds = dataset();
        let json = run_search(&ds, "wemmel", 2, true);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["kind"], "gemeente");
        assert_eq!(rows[0]["target"], "gemeente:Wemmel");
        assert!(rows[0]["score"].as_i64().unwrap() >= rows[1]["score"].as_i64().unwrap());
        assert_eq!(rows[0].as_object().unwrap().len(), 4);
        assert_eq!(run_search(&ds, "qqqxxzz", 20, true).trim(), "[]");

        let text = run_search(&ds, "wemmel", 2, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "gemeente  Wemmel · partner van Londerzeel via De Rand (geen eigen aanvraag)  [gemeente:Wemmel]",
                "partner   De Rand (io Wemmel) · partner van Londerzeel  [aanvrager:Londerzeel]",
            ]
        );
        assert_eq!(
            run_search(&ds, "qqqxxzz", 20, false),
            "Niets gevonden voor \"qqqxxzz\".\n"
        );
    }

    #[test]
    fn hits_lead_to_their_applicants() {
        let ds = dataset();
        let of = |t: Target| -> Vec<&str> {
            applicants_of(&ds, &t)
                .into_iter()
                .map(|a| ds.applicants[a as usize].name.as_str())
                .collect()
        };
        // Wemmel applied for nothing; Londerzeel's collaboration represents it.
        assert_eq!(of(Target::Municipality(mun("Wemmel"))), ["Londerzeel"]);
        assert_eq!(of(Target::Municipality(mun("Gent"))), ["Gent"]);
        assert!(of(Target::Municipality(mun("Mesen"))).is_empty());
        assert_eq!(
            of(Target::Action(5)),
            ["Gent", "Antwerpen", "Londerzeel", "vzw De Rand"]
        );
        assert_eq!(of(Target::Objective(1)), ["Antwerpen", "Sint-Niklaas"]);
        assert_eq!(
            of(Target::Province(Province::VlaamsBrabant)),
            ["Londerzeel", "vzw De Rand", "Beersel"]
        );
        assert_eq!(of(Target::Grant(4)), ["Londerzeel"]);
        // Mentorship 9 of answer 7 is Gent's; the bond is Sint-Niklaas'.
        assert_eq!(of(Target::Mentorship(8)), ["Gent"]);
        assert_eq!(of(Target::SocialImpactBond(0)), ["Sint-Niklaas"]);
        // All hits for Wemmel (the municipality, the partner, the collaboration) lead to
        // Londerzeel.
        let hits = Index::new(&ds).query("wemmel", 20);
        assert_eq!(hits.len(), 3);
        for h in hits {
            assert_eq!(applicants_of(&ds, &h.target), [2], "{h:?}");
        }
    }

    #[test]
    fn target_codes_are_stable_references() {
        let ds = dataset();
        let code = |t: Target| target_code(&ds, &t);
        assert_eq!(code(Target::All), "vlaanderen");
        assert_eq!(
            code(Target::Province(Province::Antwerpen)),
            "provincie:Antwerpen"
        );
        assert_eq!(code(Target::Applicant(0)), "aanvrager:Gent");
        assert_eq!(code(Target::Municipality(mun("Wemmel"))), "gemeente:Wemmel");
        assert_eq!(code(Target::Objective(2)), "doelstelling:2");
        assert_eq!(code(Target::Action(5)), "actie:5");
        assert_eq!(code(Target::Grant(0)), "lijn:1");
        assert_eq!(
            code(Target::Collaboration(CollaborationRef::Answer(12))),
            "samenwerking:antwoord2-13"
        );
        assert_eq!(code(Target::Mentorship(0)), "mentorschap:1");
        assert_eq!(
            code(Target::SocialImpactBond(0)),
            "sociale_impactobligatie:1"
        );
    }
}
