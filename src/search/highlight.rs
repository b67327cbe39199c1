//! What a hit shows: the label with the matched letters, or the question of a typo hit.

use nucleo_matcher::Matcher;

use super::corpus::Key;
use super::matching::{fuzzy_indices, window, Pattern, Run};
use super::Hit;
use crate::names::fold_mapped;

/// What a typo hit's label says before the name it found.
pub(super) const MEANT: &str = "bedoelde u ";

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

/// The label of a hit found through a typo, and the char indices of the name it asks about.
/// A whole name is asked about in place ("bedoelde u Gent? · Oost-Vlaanderen"); words of a
/// name before the label ("bedoelde u Genesius? · Sint-Genesius-Rode · geen aanvraag").
pub(super) fn typo_label(key: &Key, run: Run) -> (String, Vec<usize>) {
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
pub(super) fn matched_chars(matcher: &mut Matcher, key: &Key, pat: &Pattern) -> Vec<usize> {
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
