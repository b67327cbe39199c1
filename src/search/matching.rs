//! Matching and ranking a query against the keys: prefilters, the fuzzy score, bonus tiers,
//! typo candidates and the top list.

use std::cmp::Ordering;

use memchr::memmem::Finder;
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::corpus::{is_name, mask_of};
use super::highlight::{matched_chars, typo_label};
use super::{typo, Hit, Index};
use crate::names::fold;

/// Keys longer than this (in bytes) only match inside a compact window.
pub(super) const LONG_KEY: usize = 64;
/// Most characters a match inside a long key may skip in total.
pub(super) const MAX_GAP: usize = 24;
/// Depth of the stack of previous queries kept for incremental narrowing.
pub(super) const NARROWING_DEPTH: usize = 48;

// Bonus tiers added to the fuzzy score: exact and prefix matches come first.
pub(super) const BONUS_EXACT: i64 = 400;
pub(super) const BONUS_TOKEN_PREFIX: i64 = 300;
pub(super) const BONUS_PREFIX: i64 = 220;
pub(super) const BONUS_TOKEN: i64 = 160;
pub(super) const BONUS_WORD_START: i64 = 100;
pub(super) const BONUS_SUBSTRING: i64 = 40;
/// Bonus of a typo match, see [`typo_score`].
pub(super) const BONUS_TYPO: i64 = 60;

/// What a query changes: the narrowing stack and the matcher's scratch memory.
#[derive(Debug)]
pub(super) struct State {
    /// Previous queries (folded) and the keys that passed the prefilter, innermost last.
    pub(super) narrowing: Vec<(String, Vec<u32>)>,
    pub(super) matcher: Matcher,
}

impl State {
    pub(super) fn new() -> State {
        let mut config = Config::DEFAULT;
        // Keys and queries are folded already.
        config.normalize = false;
        config.ignore_case = false;
        State {
            narrowing: Vec::new(),
            matcher: Matcher::new(config),
        }
    }
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
pub(super) fn fuzzy_score(m: &mut Matcher, text: &str, pat: &str) -> Option<i64> {
    let (mut hb, mut nb) = (Vec::new(), Vec::new());
    m.fuzzy_match(Utf32Str::new(text, &mut hb), Utf32Str::new(pat, &mut nb))
        .map(i64::from)
}

/// The char indices of `text` that [`fuzzy_score`]'s match uses, ascending.
pub(super) fn fuzzy_indices(m: &mut Matcher, text: &str, pat: &str) -> Option<Vec<usize>> {
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
pub(super) fn is_relevant(score: i64, best: i64) -> bool {
    score * 5 >= best * 2
}

/// An upper bound of [`fuzzy_score`] for a pattern of `chars` chars: 16 per matched char plus
/// a bonus of at most 10 (after a space or at the start), twice that for the first char.
pub(super) fn max_fuzzy(chars: usize) -> i64 {
    26 * chars as i64 + 10
}

impl Index {
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
                    kind: key.kind,
                    label,
                    score: s.score,
                    target: key.target,
                    matched,
                }
            })
            .collect()
    }

    /// The keys within the typo budget of the query, the best run of each, scored.
    pub(super) fn typo_candidates(&self, pat: &Pattern) -> Vec<Scored> {
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
    pub(super) fn rank(&self, a: &Scored, b: &Scored) -> Ordering {
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

#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub(super) score: i64,
    pub(super) id: u32,
    /// Found through a typo: the run of the key's text that was meant.
    pub(super) typo: Option<Run>,
}

/// A run of whole words of a key's text: chars `start..end`; `whole` when that is all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) start: u16,
    pub(super) end: u16,
    pub(super) whole: bool,
}

/// The score of a typo match of a query of `chars` chars at `cost` half edits
/// ([`typo::EDIT`], at most four): what the query would score at a word start
/// ([`max_fuzzy`]: nucleo gives a contiguous match at a word start exactly that) plus
/// [`BONUS_TYPO`], less 12 a half edit, plus 20 for a whole name or 10 for its first words.
/// So it lies between `max_fuzzy + 12` and `max_fuzzy + 68`: above every match without a bonus
/// tier (letters scattered over a name score at most `max_fuzzy`) and below every word-start,
/// whole-word, prefix or exact match, which score at least `max_fuzzy + 100`.
pub(super) fn typo_score(chars: usize, cost: u16, span: typo::Span) -> i64 {
    let span_bonus = match span {
        typo::Span::Whole => 20,
        typo::Span::Start => 10,
        typo::Span::Inner => 0,
    };
    max_fuzzy(chars) + BONUS_TYPO - 12 * i64::from(cost) + span_bonus
}

/// The best `limit` candidates seen so far, best first.
pub(super) struct Top {
    pub(super) limit: usize,
    pub(super) items: Vec<Scored>,
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

/// A folded query, with what the scan needs precomputed.
pub(super) struct Pattern {
    pub(super) text: String,
    pub(super) mask: u64,
    pub(super) ascii: bool,
    pub(super) chars: usize,
    /// Finds the whole query.
    pub(super) whole: Finder<'static>,
    /// Finds its first [`ANCHOR`] bytes: where a match in a long key must start.
    pub(super) anchor: Finder<'static>,
}

/// Bytes of the query that must start a word of a long key, contiguously.
pub(super) const ANCHOR: usize = 3;

impl Pattern {
    pub(super) fn new(text: String) -> Pattern {
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
pub(super) fn occurrences<'a>(
    hay: &'a [u8],
    finder: &'a Finder<'static>,
) -> impl Iterator<Item = usize> + 'a {
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
pub(super) fn window(key: &str, pat: &Pattern) -> Option<(usize, usize)> {
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

pub(super) fn is_subsequence(k: &[u8], p: &[u8]) -> bool {
    let mut it = k.iter();
    p.iter().all(|c| it.any(|x| x == c))
}

/// Bonus for exact, prefix, whole-word and substring matches.
pub(super) fn tier(key: &str, pat: &Pattern) -> i64 {
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
