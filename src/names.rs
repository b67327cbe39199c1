//! Text folding and small string distances, shared by name matching, action matching and search.

use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: Unicode NFKD with combining marks removed, lower case, every run of
/// characters that is not a letter or digit becomes one space, trimmed.
/// `"Sint-Genesius-Rode"` and `"sint genesius rode"` fold alike, as do `"Biévène"` and `"bievene"`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        fold_ascii(text)
    } else {
        fold_unicode(text)
    }
}

fn fold_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(ch) {
            continue;
        }
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for lower in ch.to_lowercase() {
                out.push(lower);
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`fold`] that also tells, for each char of the folded text, the index of the char
/// of `text` it comes from.
pub fn fold_mapped(text: &str) -> (String, Vec<usize>) {
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

/// [`fold`] of ASCII text, which decomposes to itself and has no combining marks.
fn fold_ascii(text: &str) -> String {
    // Byte by byte: the words (runs of letters and digits) in lower case, one space between
    // them (the search index folds a quarter of a million explanation texts at a million lines).
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            gap = true;
        }
    }
    out
}

/// Folds and removes the administrative prefixes that name the same local government:
/// "Stad Gent", "Gemeente Lier", "OCMW Gent", "Stadsbestuur Mechelen", "Lokaal bestuur Boom".
pub fn fold_local_government(text: &str) -> String {
    let mut folded = fold(text);
    const PREFIXES: [&str; 12] = [
        "lokaal bestuur ",
        "gemeentebestuur ",
        "stadsbestuur ",
        "gemeente en ocmw ",
        "stad en ocmw ",
        "ocmw ",
        "gemeente ",
        "stad ",
        "city of ",
        "ville de ",
        "commune de ",
        "lb ",
    ];
    loop {
        let before = folded.len();
        for prefix in PREFIXES {
            if let Some(rest) = folded.strip_prefix(prefix) {
                if !rest.is_empty() {
                    folded = rest.to_string();
                }
            }
        }
        if folded.len() == before {
            break;
        }
    }
    folded
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), on chars.
/// Stops early and returns `limit + 1` once the distance is known to exceed `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    // The distance is at least the difference in length: decide that before allocating
    // (most comparisons against the municipality list end here).
    let length_gap = if a.is_ascii() && b.is_ascii() {
        a.len().abs_diff(b.len())
    } else {
        a.chars().count().abs_diff(b.chars().count())
    };
    if length_gap > limit {
        return limit + 1;
    }
    // Every edit changes the letter counts by at most two (a transposition not at all), so
    // counts that differ by more than twice the limit mean a distance above it: decide that
    // without the quadratic table (most near-length names end here).
    if a.is_ascii() && b.is_ascii() {
        let mut counts = [0i32; 128];
        for x in a.bytes() {
            counts[usize::from(x)] += 1;
        }
        for x in b.bytes() {
            counts[usize::from(x)] -= 1;
        }
        let gap: u64 = counts.iter().map(|c| u64::from(c.unsigned_abs())).sum();
        if gap > 2 * limit as u64 {
            return limit + 1;
        }
    }
    // Names are short: work on the stack when both fit (byte length bounds the char count).
    const SMALL: usize = 64;
    if a.len() <= SMALL && b.len() <= SMALL {
        let (mut ac, mut bc) = (['\0'; SMALL], ['\0'; SMALL]);
        let mut na = 0;
        for ch in a.chars() {
            ac[na] = ch;
            na += 1;
        }
        let mut nb = 0;
        for ch in b.chars() {
            bc[nb] = ch;
            nb += 1;
        }
        let mut rows = [[0usize; SMALL + 1]; 3];
        let [r0, r1, r2] = &mut rows;
        return osa(&ac[..na], &bc[..nb], limit, r0, r1, r2);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let (mut r0, mut r1, mut r2) = (
        vec![0usize; width],
        vec![0usize; width],
        vec![0usize; width],
    );
    osa(&a, &b, limit, &mut r0, &mut r1, &mut r2)
}

/// The optimal string alignment distance on chars, with three row buffers of at least
/// `b.len() + 1` entries.
fn osa<'r>(
    a: &[char],
    b: &[char],
    limit: usize,
    mut prev2: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    for (j, v) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *v = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
}

/// How often the chars of a text occur, grouped by their code modulo 32 (ASCII letters apart),
/// counts capped: a lower bound of [`edit_distance`] without the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letters([u8; 32]);

impl Letters {
    pub fn new(text: &str) -> Letters {
        let mut counts = [0u8; 32];
        for ch in text.chars() {
            let c = &mut counts[(ch as usize) % 32];
            *c = c.saturating_add(1);
        }
        Letters(counts)
    }

    /// At most the edit distance between the two texts. A substitution removes at most one
    /// char the first text has too many and adds at most one it has too few of, an insertion or
    /// deletion only one of the two, a transposition neither: the distance is at least the
    /// larger of the two surpluses (at least the difference in length). Grouping and capping
    /// only make the surpluses smaller.
    pub fn distance_bound(&self, other: &Letters) -> usize {
        // Fixed-size loops without branches: a few vector instructions.
        let (mut more, mut fewer) = ([0u8; 32], [0u8; 32]);
        for i in 0..32 {
            more[i] = self.0[i].saturating_sub(other.0[i]);
            fewer[i] = other.0[i].saturating_sub(self.0[i]);
        }
        let sum = |x: [u8; 32]| x.iter().map(|v| u32::from(*v)).sum::<u32>();
        sum(more).max(sum(fewer)) as usize
    }
}

/// How many typing errors a name of this length may contain and still count as a misspelling
/// of a known name (not as another name).
pub fn typo_budget(folded_len: usize) -> usize {
    match folded_len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn fold_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Sint-Genesius-Rode"), "sint genesius rode");
        assert_eq!(fold("  Biévène "), "bievene");
        assert_eq!(fold("Rhode-Saint-Genèse"), "rhode saint genese");
        assert_eq!(
            fold("Sociaal weefsel versterken (pleinmakers)"),
            "sociaal weefsel versterken pleinmakers"
        );
        assert_eq!(fold("ÉÉN gemeenschap"), "een gemeenschap");
        assert_eq!(fold("€ 12.500"), "12 500");
    }

    #[test]
    fn ascii_text_folds_as_through_unicode_decomposition() {
        // fold_ascii against the general path, on every ASCII char and on names.
        let all: String = (0u8..128).map(char::from).collect();
        let texts = [
            all.as_str(),
            "  Sint-Genesius-Rode ",
            "VZW  Buurtwerk (Gent) 2",
            "--",
            "",
            "a.b,c;d",
            "Huis van het Kind 12b",
        ];
        for text in texts {
            assert_eq!(fold_ascii(text), fold_unicode(text), "{text:?}");
        }
        assert_eq!(fold("VZW  Buurtwerk (Gent) 2"), "vzw buurtwerk gent 2");
    }

    #[test]
    fn local_government_prefixes_are_removed() {
        assert_eq!(fold_local_government("Stad Gent"), "gent");
        assert_eq!(fold_local_government("Gemeente Lier"), "lier");
        assert_eq!(fold_local_government("OCMW Gent"), "gent");
        assert_eq!(
            fold_local_government("Stadsbestuur Sint-Niklaas"),
            "sint niklaas"
        );
        assert_eq!(fold_local_government("Stad en OCMW Mechelen"), "mechelen");
        // A prefix alone is not removed to nothing.
        assert_eq!(fold_local_government("Stad"), "stad");
        // "De" is part of names (De Panne, De Haan), never a prefix.
        assert_eq!(fold_local_government("De Panne"), "de panne");
    }

    /// Plain optimal string alignment distance, no cut-off.
    fn osa_reference(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, v) in d[0].iter_mut().enumerate() {
            *v = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn edit_distance_agrees_with_the_plain_definition() {
        let long = "sint genesius rode ".repeat(5);
        let words = [
            "gent", "genk", "gnet", "ghent", "", "a", "biévène", "bievene", "wezembeek oppem",
            "wezenbeek oppem", "sint niklaas", "sint-niklaas", "sint truiden", "ś", "ßtraße",
            long.as_str(), "sint genesius rode sint genesius rode sint genesius rode sint genesius rode sint genesius rodx",
        ];
        for a in words {
            for b in words {
                for limit in 0..4 {
                    let expected = osa_reference(a, b).min(limit + 1);
                    assert_eq!(edit_distance(a, b, limit), expected, "{a:?} {b:?} {limit}");
                }
            }
        }
    }

    #[test]
    fn letters_bound_the_distance() {
        // Every pair of short texts over a small alphabet (transpositions, repeats, the empty
        // text), and names with accents and other scripts.
        let mut texts = vec![String::new()];
        for len in 1..=4 {
            let mut next = Vec::new();
            for t in texts.iter().filter(|t| t.chars().count() == len - 1) {
                for ch in ['a', 'b', 'é'] {
                    next.push(format!("{t}{ch}"));
                }
            }
            texts.extend(next);
        }
        let names = [
            "gent",
            "genk",
            "gnet",
            "ghent",
            "biévène",
            "bievene",
            "wezembeek oppem",
            "wezenbeek oppem",
            "sint niklaas",
            "sint truiden",
            "ßtraße",
            "ctrl ab ba abab",
            "vzw buurtwerk kapelle op den bos 2",
            "kapelle op den bos",
        ];
        texts.extend(names.iter().map(|n| n.to_string()));
        for a in &texts {
            for b in &texts {
                let bound = Letters::new(a).distance_bound(&Letters::new(b));
                assert!(bound <= osa_reference(a, b), "{a:?} {b:?}");
                assert!(bound >= a.chars().count().abs_diff(b.chars().count()));
            }
        }
        assert_eq!(
            Letters::new("gent").distance_bound(&Letters::new("gnet")),
            0
        );
        assert_eq!(
            Letters::new("kortrijk").distance_bound(&Letters::new("genk")),
            7
        );
    }

    #[test]
    fn edit_distance_counts_typos_and_transpositions() {
        assert_eq!(edit_distance("wezenbeek oppem", "wezembeek oppem", 3), 1);
        assert_eq!(edit_distance("gent", "gnet", 3), 1);
        assert_eq!(edit_distance("gent", "genk", 3), 1);
        assert_eq!(edit_distance("antwerpen", "antwerpen", 3), 0);
        assert_eq!(edit_distance("abc", "xyzuvw", 2), 3);
        assert_eq!(edit_distance("", "ab", 5), 2);
    }
}
