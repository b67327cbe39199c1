//! Typo matching for names: a query within one or two edits (a letter wrong, missing, extra, or
//! two neighbours swapped: the optimal string alignment distance of [`names::edit_distance`])
//! of a name, or of a run of whole words of it ("genesuis" ~ the "Genesius" of
//! Sint-Genesius-Rode).
//!
//! Costs are counted in half edits: an edit costs [`EDIT`], a substitution of two letters that
//! Dutch spelling confuses (d/t as in "Gend", b/p, s/z, f/v, c/k, i/y) costs [`ALIKE`], so "Gend"
//! is nearer to Gent than to Genk. The budget grows with the query: none below four letters,
//! one edit up to eight ([`names::typo_budget`], which counts four letters as none; a search
//! query of four letters gets one, so "Gnek" finds Genk), two from nine.
//!
//! Every word-suffix of every name goes into a trie; a query walks it depth first with one row
//! of the alignment table per trie level and leaves a branch once every cell of the row is over
//! budget, so only names near the query are visited. Names that share a beginning ("Aalst 2",
//! "Aalst 3", ...) share their rows.
//!
//! [`names::edit_distance`]: crate::names::edit_distance
//! [`names::typo_budget`]: crate::names::typo_budget

use crate::names::typo_budget;

/// Cost of an edit, in half edits.
pub(super) const EDIT: u16 = 2;
/// Cost of a substitution between letters Dutch spelling confuses.
pub(super) const ALIKE: u16 = 1;
/// Queries longer than this (in chars) are not matched for typos.
const MAX_QUERY: usize = 64;
/// Only runs within the first this many chars of a text are indexed (names are shorter).
const MAX_RUN_END: usize = 64;

/// How much of an indexed text a match covers. Declaration order is the preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Span {
    /// The whole text.
    Whole,
    /// Its first words.
    Start,
    /// Words further in.
    Inner,
}

/// A text within the budget of the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Match {
    /// The id the text was indexed under.
    pub id: u32,
    /// Half edits (see [`EDIT`]); never 0: an exact run is no typo.
    pub cost: u16,
    pub span: Span,
    /// The matched run: chars `start..end` of the text.
    pub start: u16,
    pub end: u16,
}

/// The largest cost a query of `chars` chars may have, in half edits.
pub(super) fn budget(chars: usize) -> u16 {
    let edits = match chars {
        4 => 1,
        n if n > MAX_QUERY => 0,
        n => typo_budget(n),
    };
    edits as u16 * EDIT
}

/// Letters Dutch spelling confuses, either way round: final d and t sound alike ("Gend"), as do
/// b and p; s and z, f and v, c and k, i and y are written for each other.
const ALIKE_PAIRS: [(char, char); 6] = [
    ('d', 't'),
    ('b', 'p'),
    ('s', 'z'),
    ('f', 'v'),
    ('c', 'k'),
    ('i', 'y'),
];

/// Cost of putting `b` of the text where the query has `a`.
fn substitution(a: char, b: char) -> u16 {
    if a == b {
        0
    } else if ALIKE_PAIRS
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
    {
        ALIKE
    } else {
        EDIT
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    ch: char,
    /// Index of the first child and of the next sibling; 0 is none (the root is no one's child).
    first_child: u32,
    next_sibling: u32,
    /// Range of [`Trie::postings`] of the runs that end here.
    postings: (u32, u32),
}

/// A run of whole words of an indexed text that ends at a node.
#[derive(Debug, Clone, Copy)]
struct Posting {
    id: u32,
    span: Span,
    /// Char offset in the text where the run starts.
    start: u16,
}

/// The word-suffixes of the indexed texts, as a trie.
#[derive(Debug, Default)]
pub(super) struct Trie {
    nodes: Vec<Node>,
    postings: Vec<Posting>,
}

impl Trie {
    /// Indexes `(id, folded text)` pairs: every run of whole words that starts and ends within
    /// the first [`MAX_RUN_END`] chars.
    pub fn new<'a>(texts: impl IntoIterator<Item = (u32, &'a str)>) -> Trie {
        let mut nodes = vec![Node {
            ch: '\0',
            first_child: 0,
            next_sibling: 0,
            postings: (0, 0),
        }];
        let mut ends: Vec<(u32, Posting)> = Vec::new();
        for (id, text) in texts {
            // One char more than is indexed, to see whether the last indexed one ends a word.
            let chars: Vec<char> = text.chars().take(MAX_RUN_END + 1).collect();
            let indexed = chars.len().min(MAX_RUN_END);
            let word_end = |i: usize| i == chars.len() || chars[i] == ' ';
            for start in 0..indexed {
                if start > 0 && chars[start - 1] != ' ' || chars[start] == ' ' {
                    continue;
                }
                let mut node = 0u32;
                for (i, &ch) in chars.iter().enumerate().take(indexed).skip(start) {
                    node = child(&mut nodes, node, ch);
                    if word_end(i + 1) {
                        let span = match (start, i + 1 == chars.len()) {
                            (0, true) => Span::Whole,
                            (0, false) => Span::Start,
                            _ => Span::Inner,
                        };
                        ends.push((
                            node,
                            Posting {
                                id,
                                span,
                                start: start as u16,
                            },
                        ));
                    }
                }
            }
        }
        ends.sort_by_key(|(node, p)| (*node, p.id, p.span, p.start));
        ends.dedup_by_key(|(node, p)| (*node, p.id));
        let mut postings = Vec::with_capacity(ends.len());
        let mut i = 0;
        while i < ends.len() {
            let node = ends[i].0;
            let from = postings.len() as u32;
            while i < ends.len() && ends[i].0 == node {
                postings.push(ends[i].1);
                i += 1;
            }
            if let Some(n) = nodes.get_mut(node as usize) {
                n.postings = (from, postings.len() as u32);
            }
        }
        Trie { nodes, postings }
    }

    /// Every indexed text with a run within the budget of `query` (folded), its cheapest run,
    /// in no particular order; at most one match per run end.
    pub fn find(&self, query: &str) -> Vec<Match> {
        let q: Vec<char> = query.chars().collect();
        let budget = budget(q.len());
        let mut out = Vec::new();
        if budget == 0 || self.nodes.len() <= 1 {
            return out;
        }
        let width = q.len() + 1;
        // Rows of the alignment table, one per trie level on the current path: row `d`, cell
        // `i` is the cost of turning the path's first `d` chars into the query's first `i`.
        let depth = q.len() + usize::from(budget / EDIT) + 1;
        let mut rows = vec![0u16; width * (depth + 1)];
        for (i, cell) in rows.iter_mut().take(width).enumerate() {
            *cell = i as u16 * EDIT;
        }
        let mut path = vec!['\0'; depth + 1];
        let mut walk = Walk {
            trie: self,
            q: &q,
            budget,
            width,
            rows: &mut rows,
            path: &mut path,
            out: &mut out,
        };
        walk.children(0, 1);
        out
    }
}

/// The child of `parent` for `ch`, made if missing.
fn child(nodes: &mut Vec<Node>, parent: u32, ch: char) -> u32 {
    let mut at = nodes[parent as usize].first_child;
    while at != 0 {
        if nodes[at as usize].ch == ch {
            return at;
        }
        at = nodes[at as usize].next_sibling;
    }
    let id = nodes.len() as u32;
    let first = nodes[parent as usize].first_child;
    nodes.push(Node {
        ch,
        first_child: 0,
        next_sibling: first,
        postings: (0, 0),
    });
    nodes[parent as usize].first_child = id;
    id
}

/// The depth-first walk of one query.
struct Walk<'a> {
    trie: &'a Trie,
    q: &'a [char],
    budget: u16,
    width: usize,
    rows: &'a mut [u16],
    path: &'a mut [char],
    out: &'a mut Vec<Match>,
}

impl Walk<'_> {
    /// Visits the children of `node`, which are at trie level `depth`.
    fn children(&mut self, node: u32, depth: usize) {
        if (depth + 1) * self.width > self.rows.len() {
            return;
        }
        let mut at = self.trie.nodes[node as usize].first_child;
        while at != 0 {
            let n = self.trie.nodes[at as usize];
            if self.row(depth, n.ch) {
                let cost = self.rows[depth * self.width + self.q.len()];
                if cost > 0 && cost <= self.budget {
                    let (from, to) = n.postings;
                    for p in &self.trie.postings[from as usize..to as usize] {
                        self.out.push(Match {
                            id: p.id,
                            cost,
                            span: p.span,
                            start: p.start,
                            end: p.start + depth as u16,
                        });
                    }
                }
                self.children(at, depth + 1);
            }
            at = n.next_sibling;
        }
    }

    /// Fills row `depth` for a path ending in `ch`; whether any cell is within budget (else
    /// no longer path can be).
    fn row(&mut self, depth: usize, ch: char) -> bool {
        self.path[depth] = ch;
        let w = self.width;
        let (before, rest) = self.rows.split_at_mut(depth * w);
        let cur = &mut rest[..w];
        let prev = &before[(depth - 1) * w..];
        let prev2 = (depth >= 2).then(|| &before[(depth - 2) * w..(depth - 1) * w]);
        let before_ch = self.path[depth - 1];
        cur[0] = depth as u16 * EDIT;
        let mut least = cur[0];
        for i in 1..w {
            let qc = self.q[i - 1];
            let mut v = (prev[i] + EDIT)
                .min(cur[i - 1] + EDIT)
                .min(prev[i - 1] + substitution(qc, ch));
            if let Some(p2) = prev2 {
                if i >= 2 && qc == before_ch && self.q[i - 2] == ch {
                    v = v.min(p2[i - 2] + EDIT);
                }
            }
            cur[i] = v;
            least = least.min(v);
        }
        least <= self.budget
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::edit_distance;
    use crate::search::tests::Lcg;

    /// The weighted optimal string alignment cost, plainly.
    fn cost(q: &str, t: &str) -> u16 {
        let (a, b): (Vec<char>, Vec<char>) = (q.chars().collect(), t.chars().collect());
        let mut d = vec![vec![0u16; a.len() + 1]; b.len() + 1];
        for (j, row) in d.iter_mut().enumerate() {
            row[0] = j as u16 * EDIT;
        }
        for (i, cell) in d[0].iter_mut().enumerate() {
            *cell = i as u16 * EDIT;
        }
        for j in 1..=b.len() {
            for i in 1..=a.len() {
                let mut v = (d[j - 1][i] + EDIT)
                    .min(d[j][i - 1] + EDIT)
                    .min(d[j - 1][i - 1] + substitution(a[i - 1], b[j - 1]));
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[j - 2][i - 2] + EDIT);
                }
                d[j][i] = v;
            }
        }
        d[b.len()][a.len()]
    }

    /// Every run of whole words of every text within budget, its cheapest, by brute force.
    fn brute(texts: &[(u32, &str)], query: &str) -> Vec<(u32, u16, Span)> {
        let budget = budget(query.chars().count());
        let mut out = Vec::new();
        for &(id, text) in texts {
            let chars: Vec<char> = text.chars().collect();
            let mut best: Option<(u16, Span)> = None;
            for s in 0..chars.len() {
                if s > 0 && chars[s - 1] != ' ' || chars[s] == ' ' {
                    continue;
                }
                for e in s + 1..=chars.len().min(MAX_RUN_END) {
                    if e < chars.len() && chars[e] != ' ' || e == chars.len() && e > MAX_RUN_END {
                        continue;
                    }
                    let run: String = chars[s..e].iter().collect();
                    let c = cost(query, &run);
                    let span = match (s, e == chars.len()) {
                        (0, true) => Span::Whole,
                        (0, false) => Span::Start,
                        _ => Span::Inner,
                    };
                    if c > 0 && c <= budget && best.is_none_or(|b| (c, span) < b) {
                        best = Some((c, span));
                    }
                }
            }
            if let Some((c, span)) = best {
                out.push((id, c, span));
            }
        }
        out.sort_unstable();
        out
    }

    fn found(trie: &Trie, query: &str) -> Vec<(u32, u16, Span)> {
        let mut best: Vec<(u32, u16, Span)> = Vec::new();
        let mut all = trie.find(query);
        all.sort_by_key(|m| (m.id, m.cost, m.span));
        for m in all {
            if best.last().is_none_or(|b| b.0 != m.id) {
                best.push((m.id, m.cost, m.span));
            }
        }
        best
    }

    #[test]
    fn costs_count_edits_and_confusable_letters() {
        // Uniform costs are twice the plain distance.
        for (a, b) in [
            ("gnek", "genk"),
            ("harelbeek", "harelbeke"),
            ("kortrijck", "kortrijk"),
        ] {
            assert_eq!(cost(a, b), 2 * edit_distance(a, b, 9) as u16, "{a} {b}");
        }
        assert_eq!(cost("gend", "gent"), ALIKE);
        assert_eq!(cost("gend", "genk"), EDIT);
        assert_eq!(cost("gnek", "gent"), 2 * EDIT);
        assert_eq!(cost("dendermonte", "dendermonde"), ALIKE);
        assert_eq!(budget(3), 0);
        assert_eq!(budget(4), EDIT);
        assert_eq!(budget(8), EDIT);
        assert_eq!(budget(9), 2 * EDIT);
        assert_eq!(budget(65), 0);
    }

    #[test]
    fn names_near_the_query_are_found_with_their_run() {
        let texts = [
            (0, "gent"),
            (1, "genk"),
            (2, "sint genesius rode"),
            (3, "harelbeke"),
            (4, "aalst 2"),
            (5, "dendermonde"),
        ];
        let trie = Trie::new(texts);
        assert_eq!(
            found(&trie, "gend"),
            [(0, ALIKE, Span::Whole), (1, EDIT, Span::Whole)]
        );
        assert_eq!(found(&trie, "gnek"), [(1, EDIT, Span::Whole)]);
        // An exact run is no typo.
        assert_eq!(found(&trie, "gent"), [(1, EDIT, Span::Whole)]);
        assert_eq!(found(&trie, "harelbeek"), [(3, EDIT, Span::Whole)]);
        assert_eq!(found(&trie, "harelbeeke"), [(3, EDIT, Span::Whole)]);
        assert_eq!(found(&trie, "dendermonte"), [(5, ALIKE, Span::Whole)]);
        let m = trie.find("genesuis");
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].id, m[0].span, m[0].start, m[0].end),
            (2, Span::Inner, 5, 13)
        );
        let m = trie.find("sint genesuis");
        assert_eq!(
            (m[0].id, m[0].span, m[0].start, m[0].end),
            (2, Span::Start, 0, 13)
        );
        assert_eq!(found(&trie, "aalts"), [(4, EDIT, Span::Start)]);
        // Three letters: no typos at all.
        assert!(trie.find("gen").is_empty());
    }

    /// A random text over `alphabet`, spaces between words single, none at either end.
    fn text(rng: &mut Lcg, alphabet: &[char], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect::<String>()
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_trie_walk_equals_brute_force() {
        let mut rng = Lcg(15);
        let alphabet = ['a', 'b', 'd', 't', 'e', ' ', 'é'];
        let owned: Vec<String> = (0..300)
            .map(|i| {
                let len = if i % 50 == 0 {
                    70 + rng.below(10)
                } else {
                    1 + rng.below(14)
                };
                text(&mut rng, &alphabet, len)
            })
            .filter(|t| !t.is_empty())
            .collect();
        let texts: Vec<(u32, &str)> = owned
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.as_str()))
            .collect();
        let trie = Trie::new(texts.iter().copied());
        let mut checked = 0;
        for i in 0..1000 {
            // Random queries, and texts with a letter or two changed.
            let q = if i % 2 == 0 {
                let len = 3 + rng.below(10);
                text(&mut rng, &alphabet, len)
            } else {
                let mut q: Vec<char> = owned[rng.below(owned.len())].chars().take(14).collect();
                for _ in 0..1 + rng.below(2) {
                    let at = rng.below(q.len() + 1);
                    match rng.below(3) {
                        0 if at < q.len() => q[at] = alphabet[rng.below(alphabet.len())],
                        1 if at < q.len() => {
                            q.remove(at);
                        }
                        _ => q.insert(at, alphabet[rng.below(alphabet.len())]),
                    }
                }
                q.into_iter().collect::<String>().trim().to_string()
            };
            let expected = brute(&texts, &q);
            assert_eq!(found(&trie, &q), expected, "{q:?}");
            checked += expected.len();
        }
        assert!(checked > 400, "{checked}");
    }
}
