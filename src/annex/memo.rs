//! Per-sheet caches of what label cells mean, keyed by the cell text borrowed from the grid,
//! and the fast hasher they use.

use std::collections::HashMap;
use std::sync::Arc;

use super::builder::KnownLine;
use super::cells::ParsedAction;
use super::grid::Cell;
use crate::hash::FxHasher;
use crate::model::{ActionWritten, ApplicantId, LineKind, Province, Status, TextId};

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
    pub(super) province: LabelMemo<'g, Option<Province>>,
    pub(super) objective: LabelMemo<'g, Option<u8>>,
    pub(super) applicant: LabelMemo<'g, ApplicantId>,
    /// Label cells (applicant, province, objective, action, action number) seen not to be a
    /// total label, by address and length: a label repeated on other rows is the same text
    /// there (a CSV grid keeps it once, an xlsx sheet shares it), so it is not searched again.
    pub(super) not_total: FastMap<Place, ()>,
    /// The last of them in each of the five columns.
    pub(super) last_not_total: [Option<&'g str>; 5],
    /// The action cells (number, title) of the block, parsed; by their texts and by the
    /// places of their texts (address and length; (0, 0) for a blank cell).
    pub(super) actions: Vec<ActionMemo>,
    pub(super) action: FastMap<(CellKey<'g>, CellKey<'g>), usize>,
    pub(super) action_at: FastMap<(Place, Place), usize>,
    /// The kind of a line whose action is not a catalogue title, and the reading of it.
    pub(super) unknown: FastMap<((CellKey<'g>, CellKey<'g>), Option<u8>), KnownLine>,
    pub(super) status: LabelMemo<'g, Status>,
    pub(super) call: LabelMemo<'g, Option<u8>>,
    /// Explanations and reasons: rows of a block with the same text share one copy (a table
    /// of every text of the sheet would cost more than it saves when texts are unique).
    pub(super) text: TextMemo<'g, Option<TextId>>,
}

/// An action cell (number and title) as parsed, and what it gives every line of a block.
pub(super) struct ActionMemo {
    pub(super) parsed: ParsedAction,
    /// The action as written kept on the line (`Builder::written_action`).
    pub(super) written: Option<Arc<ActionWritten>>,
    /// The line kind of a catalogue action (`Builder::line_kind`); `None` for an unknown
    /// one, whose kind depends on the objective.
    pub(super) kind: Option<LineKind>,
}

/// A [`TextMemo`] for label cells, which repeat but not always in runs (an objective, an
/// action): a text at a place seen before (in a CSV grid a repeated label is kept once, in an
/// xlsx sheet it is a shared string) is found by its place, without hashing or comparing it.
pub(super) struct LabelMemo<'g, V> {
    texts: TextMemo<'g, V>,
    /// By address and length of the text: the grid's texts stay put while the memo lives.
    places: FastMap<Place, V>,
}

impl<V> Default for LabelMemo<'_, V> {
    fn default() -> Self {
        LabelMemo {
            texts: TextMemo::default(),
            places: FastMap::default(),
        }
    }
}

impl<'g, V: Clone> LabelMemo<'g, V> {
    pub(super) fn get_or_insert_with(&mut self, key: &'g str, f: impl FnOnce() -> V) -> V {
        if let Some((k, v)) = &self.texts.last {
            if same_text(k, key) {
                return v.clone();
            }
        }
        let place = (key.as_ptr() as usize, key.len());
        let v = match self.places.get(&place) {
            Some(v) => v.clone(),
            None => {
                let v = self.texts.map.entry(key).or_insert_with(f).clone();
                self.places.insert(place, v.clone());
                v
            }
        };
        self.texts.last = Some((key, v.clone()));
        v
    }
}

/// Where a text of the grid is: its address and length. While the grid is borrowed its texts
/// stay put, so two texts at one place are the same text.
pub(super) type Place = (usize, usize);

/// Whether two texts are the same slice (same place and length): then they are equal.
pub(super) fn same_text(a: &str, b: &str) -> bool {
    std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()
}

/// A cache by cell text that checks the last entry first, by address: the shared strings of
/// an xlsx file are one allocation per distinct text and label cells repeat in runs, so most
/// rows skip hashing. (A CSV grid also keeps a repeated label once: `grid::CsvGrid`.)
pub(super) struct TextMemo<'g, V> {
    last: Option<(&'g str, V)>,
    map: FastMap<&'g str, V>,
}

impl<V> Default for TextMemo<'_, V> {
    fn default() -> Self {
        TextMemo {
            last: None,
            map: FastMap::default(),
        }
    }
}

impl<'g, V: Clone> TextMemo<'g, V> {
    pub(super) fn get_or_insert_with(&mut self, key: &'g str, f: impl FnOnce() -> V) -> V {
        if let Some((k, v)) = &self.last {
            if same_text(k, key) {
                return v.clone();
            }
        }
        let v = self.map.entry(key).or_insert_with(f).clone();
        self.last = Some((key, v.clone()));
        v
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
