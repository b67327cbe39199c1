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
    /// Sort applicants by name or by amount.
    Sort,
    /// Show or hide the help overlay.
    Help,
    /// Close the open overlay.
    CloseOverlay,
    Quit,
    /// Reserved: search (`/`).
    Search,
    /// Reserved: export the current view (`e`).
    Export,
    /// Reserved: export everything (`E`).
    ExportAll,
    /// Reserved: consistency checks (`c`).
    Checks,
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
}

/// A key: code plus the modifiers that matter (Ctrl, Alt). Shift is part of the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
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
    pub hint: Option<(&'static str, &'static str)>,
}

const fn bind(
    mode: Mode,
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    help: &'static str,
    hint: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding {
        mode,
        keys,
        label,
        action: Some(action),
        help,
        hint,
    }
}

use Mode::{Help as H, Normal as N};

/// Every key the explorer knows, in the order of the help overlay.
pub const KEYMAP: &[Binding] = &[
    bind(
        N,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "vorige regel; in detail: omhoog scrollen",
        Some(("↑↓", "kiezen")),
    ),
    bind(
        N,
        &[k(KeyCode::Down), c('j')],
        "↓ j",
        Action::Down,
        "volgende regel; in detail: omlaag scrollen",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::Left), c('h'), k(KeyCode::Backspace)],
        "← h ⌫",
        Action::Left,
        "dichtklappen, naar boven in de boom, terug uit een doelstelling",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::Right), c('l')],
        "→ l",
        Action::Right,
        "openklappen, naar eerste onderdeel, naar de eigen aanvraag van een partner, acties van een doelstelling tonen",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::Enter), c(' ')],
        "Enter Spatie",
        Action::Toggle,
        "open- of dichtklappen; doelstelling openen of sluiten",
        Some(("Enter", "openen")),
    ),
    bind(
        N,
        &[k(KeyCode::Tab)],
        "Tab",
        Action::NextPane,
        "volgend paneel",
        Some(("Tab", "paneel")),
    ),
    bind(
        N,
        &[k(KeyCode::BackTab)],
        "Shift-Tab",
        Action::PrevPane,
        "vorig paneel",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "een scherm omhoog",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "een scherm omlaag",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::Home), c('g')],
        "Home g",
        Action::Home,
        "naar het begin",
        None,
    ),
    bind(
        N,
        &[k(KeyCode::End), c('G')],
        "End G",
        Action::End,
        "naar het einde",
        None,
    ),
    bind(
        N,
        &[c('s')],
        "s",
        Action::Sort,
        "indieners sorteren op naam of op bedrag",
        Some(("s", "sorteren")),
    ),
    bind(
        N,
        &[c('/')],
        "/",
        Action::Search,
        "zoeken (nog niet beschikbaar)",
        None,
    ),
    bind(
        N,
        &[c('e')],
        "e",
        Action::Export,
        "huidige weergave exporteren (nog niet beschikbaar)",
        None,
    ),
    bind(
        N,
        &[c('E')],
        "E",
        Action::ExportAll,
        "alles exporteren (nog niet beschikbaar)",
        None,
    ),
    bind(
        N,
        &[c('c')],
        "c",
        Action::Checks,
        "controles (nog niet beschikbaar)",
        None,
    ),
    bind(
        N,
        &[c('?')],
        "?",
        Action::Help,
        "deze hulp tonen",
        Some(("?", "hulp")),
    ),
    bind(
        N,
        &[
            c('q'),
            k(KeyCode::Esc),
            Key {
                code: KeyCode::Char('c'),
                ctrl: true,
            },
        ],
        "q Esc",
        Action::Quit,
        "afsluiten",
        Some(("q", "stoppen")),
    ),
    Binding {
        mode: N,
        keys: &[],
        label: "klik",
        action: None,
        help: "paneel en regel kiezen",
        hint: None,
    },
    Binding {
        mode: N,
        keys: &[],
        label: "muiswiel",
        action: None,
        help: "scrollen in het paneel onder de muis",
        hint: None,
    },
    bind(
        H,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "hulp omhoog scrollen",
        Some(("↑↓", "scrollen")),
    ),
    bind(
        H,
        &[k(KeyCode::Down), c('j')],
        "↓ j",
        Action::Down,
        "hulp omlaag scrollen",
        None,
    ),
    bind(
        H,
        &[k(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "een scherm omhoog",
        None,
    ),
    bind(
        H,
        &[k(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "een scherm omlaag",
        None,
    ),
    bind(
        H,
        &[c('?'), k(KeyCode::Esc), c('q'), k(KeyCode::Enter)],
        "? Esc q",
        Action::CloseOverlay,
        "hulp sluiten",
        Some(("Esc", "sluiten")),
    ),
    bind(
        H,
        &[Key {
            code: KeyCode::Char('c'),
            ctrl: true,
        }],
        "Ctrl-C",
        Action::Quit,
        "afsluiten",
        None,
    ),
];

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
    KEYMAP
        .iter()
        .filter(|b| b.mode == mode)
        .find(|b| {
            b.keys
                .iter()
                .any(|kk| kk.code == key.code && kk.ctrl == ctrl)
        })
        .and_then(|b| b.action)
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
pub fn hints(mode: Mode) -> Vec<(&'static str, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.mode == mode)
        .filter_map(|b| b.hint)
        .collect()
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
        for mode in [Mode::Normal, Mode::Help] {
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
            if let Some((keys, _)) = b.hint {
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
        let h = hints(Mode::Normal);
        assert!(h.contains(&("?", "hulp")));
        assert!(h.contains(&("q", "stoppen")));
        assert!(h.contains(&("s", "sorteren")));
    }
}
