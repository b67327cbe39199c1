//! The input layer: the only place that sees crossterm events. Keys and mouse events become one
//! semantic [`Action`]; the keymap table [`KEYMAP`] is the single source of the translation, the
//! key hints of the status line and the help overlay.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// What the user asked for, independent of the key that asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Previous row (tree, objectives) or scroll up (detail, help).
    Up,
    /// Next row or scroll down.
    Down,
    /// Collapse, go to the parent, or leave an objective's actions.
    Left,
    /// Expand, go to the first child, or open an objective's actions.
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Expand/collapse a tree node, or open/close an objective's actions.
    Toggle,
    /// Sort applicants by name or by amount; in a table: on the next column.
    Sort,
    /// In a table: reverse the sort.
    SortReverse,
    /// Show the view of a tab (1 to 7).
    ShowTab(u8),
    /// On the map: colour by the next measure.
    NextMeasure,
    /// Show or hide the help overlay.
    Help,
    /// Close the open overlay.
    CloseOverlay,
    Quit,
    /// Clear the search filter if one is active, else quit (Esc in the panes).
    Back,
    /// Open the search popup.
    Search,
    /// Export the whole workbook.
    ExportAll,
    /// Export only the current view (selected province or applicant, or the search filter).
    ExportView,
    /// Write the draft answer to question 492 (a Word document).
    Draft,
    /// Open the checks pane.
    Checks,
    /// Clear the search filter of the tree.
    ClearFilter,
    /// Go to the chosen search hit or finding.
    Confirm,
    /// A character typed into the search input.
    Input(char),
    /// Delete the last character of the search input.
    DeleteChar,
    /// Empty the field being edited (the export prompt).
    ClearInput,
    /// Time passed: poll background work (export), advance the spinner.
    Tick,
    /// Mouse click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// Mouse wheel up at a screen cell.
    ScrollUp {
        column: u16,
        row: u16,
    },
    /// Mouse wheel down at a screen cell.
    ScrollDown {
        column: u16,
        row: u16,
    },
    /// The terminal has a new size.
    Resize {
        width: u16,
        height: u16,
    },
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The three panes, no overlay.
    Normal,
    /// The help overlay is open.
    Help,
    /// The search popup is open: characters are typed into the query.
    Search,
    /// The checks pane is open.
    Checks,
    /// A table view (tabs 2 to 6), no overlay.
    Table,
    /// The map (tab 7), no overlay.
    Map,
    /// The filter prompt of a table view is open: characters are typed into the filter.
    TableFilter,
    /// The export prompt is open: characters are typed into the file name or folder.
    Export,
}

/// A key: code plus the modifiers that matter (Ctrl, Alt). Shift is part of the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// One line of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub mode: Mode,
    /// Keys that trigger it (empty for mouse bindings, which are listed for help only).
    pub keys: &'static [Key],
    /// How the keys are written in hints and help.
    pub label: &'static str,
    pub action: Option<Action>,
    /// Dutch description for the help overlay.
    pub help: &'static str,
    /// Keys and a short Dutch word for the status line; `None`: help only.
    pub hint: Option<Hint>,
    /// What the binding does instead in a dataset of several calls (help and hint).
    pub calls: Option<CallsVariant>,
}

/// A binding's help and hint in a dataset of several calls.
#[derive(Debug, Clone, Copy)]
pub struct CallsVariant {
    pub help: &'static str,
    pub hint: Option<Hint>,
}

impl Binding {
    /// The help text, with several calls (`calls`) that of the calls variant if any.
    pub fn help_for(&self, calls: bool) -> &'static str {
        match (calls, self.calls) {
            (true, Some(v)) => v.help,
            _ => self.help,
        }
    }

    /// The hint, with several calls that of the calls variant if any.
    pub fn hint_for(&self, calls: bool) -> Option<Hint> {
        match (calls, self.calls) {
            (true, Some(v)) => v.hint,
            _ => self.hint,
        }
    }
}

/// A key hint of the status line: `? hulp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub keys: &'static str,
    pub word: &'static str,
    /// Lower is more important: when the line is too narrow, the least important hints go.
    pub rank: u8,
}

pub use super::keymap::KEYMAP;

/// Translates a key press in a mode. Key release and repeat events are ignored (Windows sends
/// both press and release).
pub fn translate_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let bound = KEYMAP
        .iter()
        .filter(|b| b.mode == mode)
        .find(|b| {
            b.keys
                .iter()
                .any(|kk| kk.code == key.code && kk.ctrl == ctrl)
        })
        .and_then(|b| b.action);
    match (bound, mode, key.code) {
        // In the search popup, a table's filter and the export prompt every other character
        // is typed.
        (None, Mode::Search | Mode::TableFilter | Mode::Export, KeyCode::Char(ch)) if !ctrl => {
            Some(Action::Input(ch))
        }
        // The number keys say which tab.
        (Some(Action::ShowTab(_)), _, KeyCode::Char(ch)) if ch.is_ascii_digit() => {
            ch.to_digit(10).map(|d| Action::ShowTab(d as u8))
        }
        _ => bound,
    }
}

/// Translates a mouse event: left click selects, the wheel scrolls.
pub fn translate_mouse(m: MouseEvent) -> Option<Action> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
        _ => None,
    }
}

/// Translates any terminal event.
pub fn translate(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => translate_key(*key, mode),
        Event::Mouse(m) => translate_mouse(*m),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// The key hints of a mode (`↑↓ kiezen`, `? hulp`), taken from [`KEYMAP`].
pub fn hints(mode: Mode) -> Vec<Hint> {
    hints_for(mode, false)
}

/// The key hints of a mode; `calls`: for a dataset of several calls.
pub fn hints_for(mode: Mode, calls: bool) -> Vec<Hint> {
    KEYMAP
        .iter()
        .filter(|b| b.mode == mode)
        .filter_map(|b| b.hint_for(calls))
        .collect()
}

/// Columns a hint takes on the status line, with its separator.
pub fn hint_width(h: &Hint) -> usize {
    h.keys.chars().count() + 1 + h.word.chars().count() + HINT_GAP
}

/// Space after each hint.
pub const HINT_GAP: usize = 2;

/// The hints of a mode that fit in `width` columns, in keymap order: the least important
/// (highest rank) go first.
pub fn hints_fitting(mode: Mode, width: usize) -> Vec<Hint> {
    hints_fitting_for(mode, width, false)
}

/// The hints that fit, for a dataset of several calls when `calls`.
pub fn hints_fitting_for(mode: Mode, width: usize, calls: bool) -> Vec<Hint> {
    let mut hs = hints_for(mode, calls);
    while hs.iter().map(hint_width).sum::<usize>() > width + HINT_GAP {
        let Some(worst) = hs
            .iter()
            .enumerate()
            .max_by_key(|(i, h)| (h.rank, *i))
            .map(|(i, _)| i)
        else {
            break;
        };
        hs.remove(worst);
    }
    hs
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn vim_keys_and_arrows_mean_the_same() {
        for (a, b) in [
            (KeyCode::Up, KeyCode::Char('k')),
            (KeyCode::Down, KeyCode::Char('j')),
            (KeyCode::Left, KeyCode::Char('h')),
            (KeyCode::Right, KeyCode::Char('l')),
        ] {
            let x = translate_key(press(a, KeyModifiers::NONE), Mode::Normal);
            assert!(x.is_some());
            assert_eq!(x, translate_key(press(b, KeyModifiers::NONE), Mode::Normal));
        }
    }

    #[test]
    fn shifted_characters_and_back_tab() {
        assert_eq!(
            translate_key(press(KeyCode::Char('E'), KeyModifiers::SHIFT), Mode::Normal),
            Some(Action::ExportView)
        );
        assert_eq!(
            translate_key(press(KeyCode::Char('e'), KeyModifiers::NONE), Mode::Normal),
            Some(Action::ExportAll)
        );
        assert_eq!(
            translate_key(press(KeyCode::Char('?'), KeyModifiers::SHIFT), Mode::Normal),
            Some(Action::Help)
        );
        assert_eq!(
            translate_key(press(KeyCode::BackTab, KeyModifiers::SHIFT), Mode::Normal),
            Some(Action::PrevPane)
        );
        assert_eq!(
            translate_key(
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Mode::Normal
            ),
            Some(Action::Quit)
        );
        assert_eq!(
            translate_key(press(KeyCode::Char('c'), KeyModifiers::NONE), Mode::Normal),
            Some(Action::Checks)
        );
    }

    #[test]
    fn release_events_are_ignored() {
        let mut e = press(KeyCode::Char('j'), KeyModifiers::NONE);
        e.kind = KeyEventKind::Release;
        assert_eq!(translate_key(e, Mode::Normal), None);
        e.kind = KeyEventKind::Repeat;
        assert_eq!(translate_key(e, Mode::Normal), None);
    }

    #[test]
    fn help_mode_closes_instead_of_quitting() {
        assert_eq!(
            translate_key(press(KeyCode::Esc, KeyModifiers::NONE), Mode::Help),
            Some(Action::CloseOverlay)
        );
        assert_eq!(
            translate_key(press(KeyCode::Char('s'), KeyModifiers::NONE), Mode::Help),
            None
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [
            Mode::Normal,
            Mode::Help,
            Mode::Search,
            Mode::Checks,
            Mode::Table,
            Mode::Map,
            Mode::TableFilter,
            Mode::Export,
        ] {
            let keys: Vec<Key> = KEYMAP
                .iter()
                .filter(|b| b.mode == mode)
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{a:?} dubbel in {mode:?}");
            }
        }
    }

    #[test]
    fn every_hinted_key_is_a_key_of_its_binding() {
        for b in KEYMAP {
            if let Some(Hint { keys, .. }) = b.hint {
                let first = keys.chars().next().unwrap();
                assert!(
                    b.label.contains(first) || keys == "Esc" && b.label.contains("Esc"),
                    "{keys} / {}",
                    b.label
                );
            }
        }
    }

    #[test]
    fn hints_come_from_the_keymap() {
        let words: Vec<(&str, &str)> = hints(Mode::Normal)
            .iter()
            .map(|h| (h.keys, h.word))
            .collect();
        for h in [
            ("?", "hulp"),
            ("q", "stoppen"),
            ("s", "sorteren"),
            ("/", "zoeken"),
        ] {
            assert!(words.contains(&h), "{h:?}");
        }
    }

    #[test]
    fn narrow_status_lines_drop_the_least_important_hints() {
        let all = hints(Mode::Normal);
        let full: usize = all.iter().map(hint_width).sum();
        assert_eq!(hints_fitting(Mode::Normal, full).len(), all.len());
        let narrow = hints_fitting(Mode::Normal, 78);
        assert!(narrow.iter().map(hint_width).sum::<usize>() <= 78 + HINT_GAP);
        let keys: Vec<&str> = narrow.iter().map(|h| h.keys).collect();
        assert!(keys.contains(&"?") && keys.contains(&"q") && keys.contains(&"/"));
        assert!(!keys.contains(&"s"), "sorting is the first to go: {keys:?}");
        // Keymap order is kept.
        let pos = |k| keys.iter().position(|x| *x == k).unwrap();
        assert!(pos("/") < pos("?"));
    }

    #[test]
    fn typing_in_the_search_popup() {
        let ch = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        // Letters that are keys elsewhere are text here.
        for c in ['j', 'k', 'q', 'c', 'e', '/', '?', ' '] {
            assert_eq!(translate_key(ch(c), Mode::Search), Some(Action::Input(c)));
        }
        assert_eq!(
            translate_key(press(KeyCode::Char('E'), KeyModifiers::SHIFT), Mode::Search),
            Some(Action::Input('E'))
        );
        assert_eq!(
            translate_key(press(KeyCode::Backspace, KeyModifiers::NONE), Mode::Search),
            Some(Action::DeleteChar)
        );
        assert_eq!(
            translate_key(press(KeyCode::Esc, KeyModifiers::NONE), Mode::Search),
            Some(Action::CloseOverlay)
        );
        assert_eq!(
            translate_key(
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Mode::Search
            ),
            Some(Action::Quit)
        );
        // Outside the popup a letter without a binding is nothing.
        assert_eq!(translate_key(ch('z'), Mode::Normal), None);
    }
}
