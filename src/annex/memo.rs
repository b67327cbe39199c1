//! Per-sheet caches of what label cells mean, keyed by the cell text borrowed from the grid,
//! and the fast hasher they use.

use std::collections::HashMap;

use super::builder::KnownLine;
use super::cells::ParsedAction;
use super::grid::Cell;
use crate::hash::FxHasher;
use crate::model::{ApplicantId, Province, Status, TextId};

/// A cell as a hashable key (text borrowed from the grid), for the per-sheet caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum CellKey<'g> {
    /// Blank, or a cell that displays as nothing (a date, a boolean, an error).
    None,
    Text(&'g str),
    Int(i64),
    Float(u64),
}

impl<'g> CellKey<'g> {
    pub(super) fn of(cell: &Cell<'g>) -> CellKey<'g> {
        match cell {
            Cell::Text(_) => cell.text().map_or(CellKey::None, CellKey::Text),
            Cell::Int(i) => CellKey::Int(*i),
            Cell::Float(f) => CellKey::Float(f.to_bits()),
            _ => CellKey::None,
        }
    }
}

/// Per-sheet caches keyed by cell text borrowed from the grid: label cells repeat on almost
/// every row, and folding them again on every row was most of the load time.
#[derive(Default)]
pub(super) struct Memo<'g> {
    pub(super) total: TextMemo<'g, Option<String>>,
    /// Per label column (in `long::total_row_label`'s order): the place (address, length) of
    /// the last text there that was no total label. Texts are borrowed for `'g`: no place is
    /// reused while the memo lives.
    pub(super) no_total: [Option<(usize, usize)>; 5],
    /// Per column: the place of the last text there that did not show the column's header
    /// (`long::is_repeated_header`).
    pub(super) no_header: Vec<Option<(usize, usize)>>,
    pub(super) province: TextMemo<'g, Option<Province>>,
    pub(super) objective: TextMemo<'g, Option<u8>>,
    pub(super) applicant: TextMemo<'g, ApplicantId>,
    pub(super) action: FastMap<(CellKey<'g>, CellKey<'g>), ParsedAction>,
    /// The kind of a line whose action is not a catalogue title, and the reading of it.
    pub(super) unknown: FastMap<((CellKey<'g>, CellKey<'g>), Option<u8>), KnownLine>,
    pub(super) status: TextMemo<'g, Status>,
    pub(super) call: TextMemo<'g, Option<u8>>,
    /// Explanations and reasons: rows of a block with the same text share one copy (a table
    /// of every text of the sheet would cost more than it saves when texts are unique).
    pub(super) text: TextMemo<'g, Option<TextId>>,
}

/// A cache by cell text that checks the last entry first, then by address, and only then by
/// the text's bytes: the shared strings of an xlsx file are one allocation per distinct text
/// and label cells repeat in runs, so most rows skip hashing, and a label met before (an
/// action title every few rows) hashes two numbers, not its text. (A CSV grid also keeps a
/// repeated label once: `grid::CsvGrid`.) The value of a text is the one its first place
/// got: two places of the same text share it.
pub(super) struct TextMemo<'g, V> {
    last: Option<(&'g str, V)>,
    /// By (address, length) of texts borrowed for `'g`: no place is reused while the memo
    /// lives.
    at: FastMap<(usize, usize), V>,
    map: FastMap<&'g str, V>,
}

impl<V> Default for TextMemo<'_, V> {
    fn default() -> Self {
        TextMemo {
            last: None,
            at: FastMap::default(),
            map: FastMap::default(),
        }
    }
}

impl<'g, V: Clone> TextMemo<'g, V> {
    pub(super) fn get_or_insert_with(&mut self, key: &'g str, f: impl FnOnce() -> V) -> V {
        if let Some((k, v)) = &self.last {
            if std::ptr::eq(k.as_ptr(), key.as_ptr()) && k.len() == key.len() {
                return v.clone();
            }
        }
        let place = (key.as_ptr() as usize, key.len());
        let v = match self.at.get(&place) {
            Some(v) => v.clone(),
            None => {
                let v = self.map.entry(key).or_insert_with(f).clone();
                self.at.insert(place, v.clone());
                v
            }
        };
        self.last = Some((key, v.clone()));
        v
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_keeps_the_value_of_its_first_place() {
        let (a, b) = (String::from("Gent"), String::from("Gent"));
        let other = String::from("Lier");
        let mut memo: TextMemo<'_, usize> = TextMemo::default();
        let mut calls = 0;
        let mut get = |t: &'static str| {
            memo.get_or_insert_with(t, || {
                calls += 1;
                calls
            })
        };
        let (a, b, other): (&'static str, &'static str, &'static str) = (
            Box::leak(a.into_boxed_str()),
            Box::leak(b.into_boxed_str()),
            Box::leak(other.into_boxed_str()),
        );
        assert_eq!(get(a), 1);
        assert_eq!(get(other), 2);
        // Another place of the same text: the first value, not a new one.
        assert_eq!(get(b), 1);
        assert_eq!(get(&a[..2]), 3);
        assert_eq!(get(a), 1);
        assert_eq!(get(other), 2);
        assert_eq!(get(&b[..2]), 3);
    }
}
