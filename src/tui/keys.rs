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

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: true,
    }
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
}

/// A key hint of the status line: `? hulp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub keys: &'static str,
    pub word: &'static str,
    /// Lower is more important: when the line is too narrow, the least important hints go.
    pub rank: u8,
}

const fn hint(keys: &'static str, word: &'static str, rank: u8) -> Option<Hint> {
    Some(Hint { keys, word, rank })
}

const fn bind(
    mode: Mode,
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    help: &'static str,
    hint: Option<Hint>,
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

use Mode::{
    Checks as C, Export as X, Help as H, Map as M, Normal as N, Search as S, Table as T,
    TableFilter as F,
};

const DRAFT_HELP: &str = "ontwerpantwoord op vraag 492 als Word-document, elk cijfer met zijn bron: vraagt bestandsnaam en map zoals e";

/// Every key the explorer knows, in the order of the help overlay.
pub const KEYMAP: &[Binding] = &[
    bind(
        N,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "vorige regel; in detail: omhoog scrollen",
        hint("↑↓", "kiezen", 1),
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
        "open- of dichtklappen; doelstelling openen of sluiten; op een actie: haar aanvragers (weergave Acties)",
        hint("Enter", "openen", 5),
    ),
    bind(
        N,
        &[k(KeyCode::Tab)],
        "Tab",
        Action::NextPane,
        "volgend paneel",
        hint("Tab", "paneel", 6),
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
        "aanvragers sorteren op naam of op bedrag",
        hint("s", "sorteren", 8),
    ),
    bind(
        N,
        &[c('/')],
        "/",
        Action::Search,
        "zoeken in namen, gemeenten, acties, doelstellingen, KPI's en toelichtingen",
        hint("/", "zoeken", 2),
    ),
    bind(
        N,
        &[c('x')],
        "x",
        Action::ClearFilter,
        "filter wissen: alle regels tellen weer",
        None,
    ),
    bind(
        N,
        &[c('c')],
        "c",
        Action::Checks,
        "controles: fouten, waarschuwingen en meldingen over de cijfers",
        hint("c", "controles", 3),
    ),
    bind(
        N,
        &[c('e')],
        "e",
        Action::ExportAll,
        "de hele werkmap naar Excel exporteren: vraagt bestandsnaam en map (voorgesteld: een nieuwe naam met datum en uur in de huidige map)",
        hint("e", "export", 4),
    ),
    bind(
        N,
        &[c('E')],
        "E",
        Action::ExportView,
        "alleen de selectie exporteren (gekozen provincie of aanvrager, met een filter alleen de gefilterde regels): vraagt bestandsnaam en map zoals e",
        hint("E", "selectie", 7),
    ),
    bind(
        N,
        &[c('a')],
        "a",
        Action::Draft,
        DRAFT_HELP,
        hint("a", "antwoord", 10),
    ),
    bind(
        N,
        &[c('1'), c('2'), c('3'), c('4'), c('5'), c('6'), c('7')],
        "1 … 7",
        Action::ShowTab(0),
        "weergave kiezen: 1 Overzicht, 2 Samenwerkingen, 3 Weigeringen, 4 Mentorschap, 5 Impactobligaties, 6 Acties, 7 Kaart",
        hint("1-7", "weergave", 9),
    ),
    bind(
        N,
        &[c('m')],
        "m",
        Action::ShowTab(7),
        "de kaart van Vlaanderen (weergave 7): de gemeenten gekleurd naar bedrag, met de selectie van de boom",
        hint("m", "kaart", 9),
    ),
    bind(
        N,
        &[c('?')],
        "?",
        Action::Help,
        "deze hulp tonen",
        hint("?", "hulp", 0),
    ),
    bind(
        N,
        &[c('q'), ctrl('c')],
        "q Ctrl-C",
        Action::Quit,
        "afsluiten",
        hint("q", "stoppen", 0),
    ),
    bind(
        N,
        &[k(KeyCode::Esc)],
        "Esc",
        Action::Back,
        "filter wissen (Esc sluit de verkenner nooit af; q wel)",
        None,
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
    Binding {
        mode: S,
        keys: &[],
        label: "tekens",
        action: None,
        help: "zoekterm typen; hoofdletters, accenten en kleine tikfouten tellen niet; ook Franse namen (Courtrai)",
        hint: None,
    },
    bind(
        S,
        &[k(KeyCode::Up), ctrl('p')],
        "↑ Ctrl-P",
        Action::Up,
        "vorige treffer",
        hint("↑↓", "kiezen", 1),
    ),
    bind(
        S,
        &[k(KeyCode::Down), ctrl('n')],
        "↓ Ctrl-N",
        Action::Down,
        "volgende treffer",
        None,
    ),
    bind(
        S,
        &[k(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "een scherm omhoog",
        None,
    ),
    bind(
        S,
        &[k(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "een scherm omlaag",
        None,
    ),
    bind(
        S,
        &[k(KeyCode::Backspace)],
        "⌫",
        Action::DeleteChar,
        "laatste teken wissen",
        None,
    ),
    bind(
        S,
        &[k(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "naar de treffer; bij een actie, KPI of doelstelling: alleen de regels ervan tellen",
        hint("Enter", "tonen", 0),
    ),
    bind(
        S,
        &[k(KeyCode::Esc)],
        "Esc",
        Action::CloseOverlay,
        "zoeken sluiten, de vorige weergave terug",
        hint("Esc", "sluiten", 0),
    ),
    bind(
        S,
        &[ctrl('c')],
        "Ctrl-C",
        Action::Quit,
        "afsluiten",
        None,
    ),
    bind(
        T,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "vorige regel",
        hint("↑↓", "kiezen", 1),
    ),
    bind(T, &[k(KeyCode::Down), c('j')], "↓ j", Action::Down, "volgende regel", None),
    bind(T, &[k(KeyCode::PageUp)], "PgUp", Action::PageUp, "een scherm omhoog", None),
    bind(T, &[k(KeyCode::PageDown)], "PgDn", Action::PageDown, "een scherm omlaag", None),
    bind(T, &[k(KeyCode::Home), c('g')], "Home g", Action::Home, "naar het begin", None),
    bind(T, &[k(KeyCode::End), c('G')], "End G", Action::End, "naar het einde", None),
    bind(
        T,
        &[k(KeyCode::Enter), c('l'), k(KeyCode::Right)],
        "Enter → l",
        Action::Confirm,
        "naar de plaats in de boom (Overzicht); op een actie: haar aanvragers",
        hint("Enter", "tonen", 2),
    ),
    bind(
        T,
        &[k(KeyCode::Esc), k(KeyCode::Left), c('h'), k(KeyCode::Backspace)],
        "Esc ← h ⌫",
        Action::Back,
        "filter van de weergave wissen; terug van de aanvragers van een actie; anders terug naar Overzicht",
        hint("Esc", "terug", 3),
    ),
    bind(
        T,
        &[c('/')],
        "/",
        Action::Search,
        "filteren in deze weergave: alleen de rijen met alle getypte woorden; de totalen volgen",
        hint("/", "filteren", 2),
    ),
    bind(
        T,
        &[c('x')],
        "x",
        Action::ClearFilter,
        "filter van de weergave wissen",
        None,
    ),
    bind(
        T,
        &[c('s')],
        "s",
        Action::Sort,
        "sorteren op de volgende kolom (binnen elke provincie of doelstelling)",
        hint("s", "sorteren", 6),
    ),
    bind(
        T,
        &[c('S')],
        "S",
        Action::SortReverse,
        "sorteervolgorde omkeren",
        None,
    ),
    bind(
        T,
        &[c('1'), c('2'), c('3'), c('4'), c('5'), c('6'), c('7')],
        "1 … 7",
        Action::ShowTab(0),
        "weergave kiezen: 1 Overzicht, 2 Samenwerkingen, 3 Weigeringen, 4 Mentorschap, 5 Impactobligaties, 6 Acties, 7 Kaart",
        hint("1-7", "weergave", 7),
    ),
    bind(
        T,
        &[c('m')],
        "m",
        Action::ShowTab(7),
        "de kaart van Vlaanderen (weergave 7): de gemeenten gekleurd naar bedrag, met de selectie van de boom",
        None,
    ),
    bind(
        T,
        &[c('c')],
        "c",
        Action::Checks,
        "controles: fouten, waarschuwingen en meldingen over de cijfers",
        None,
    ),
    bind(
        T,
        &[c('e')],
        "e",
        Action::ExportAll,
        "de hele werkmap naar Excel exporteren",
        None,
    ),
    bind(
        T,
        &[c('E')],
        "E",
        Action::ExportView,
        "alleen deze weergave exporteren (met een filter: alleen de getoonde rijen)",
        hint("E", "export", 5),
    ),
    bind(T, &[c('a')], "a", Action::Draft, DRAFT_HELP, None),
    bind(T, &[c('?')], "?", Action::Help, "deze hulp tonen", hint("?", "hulp", 0)),
    bind(
        T,
        &[c('q'), ctrl('c')],
        "q Ctrl-C",
        Action::Quit,
        "afsluiten",
        hint("q", "stoppen", 0),
    ),
    bind(
        M,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "naar de buurgemeente in het noorden",
        hint("↑↓←→", "buurgemeente", 1),
    ),
    bind(M, &[k(KeyCode::Down), c('j')], "↓ j", Action::Down, "naar de buurgemeente in het zuiden", None),
    bind(M, &[k(KeyCode::Left), c('h')], "← h", Action::Left, "naar de buurgemeente in het westen", None),
    bind(M, &[k(KeyCode::Right), c('l')], "→ l", Action::Right, "naar de buurgemeente in het oosten", None),
    bind(
        M,
        &[k(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "de gekozen gemeente in de boom tonen (Overzicht)",
        hint("Enter", "in de boom", 2),
    ),
    bind(
        M,
        &[c('v')],
        "v",
        Action::NextMeasure,
        "kleuren naar de volgende maat: toegekend bedrag, aantal acties, aandeel van elke doelstelling, onder een filter het aandeel van de filter",
        hint("v", "maat", 3),
    ),
    bind(
        M,
        &[k(KeyCode::Esc), k(KeyCode::Backspace)],
        "Esc ⌫",
        Action::Back,
        "uitzoomen uit een provincie; anders terug naar Overzicht",
        hint("Esc", "terug", 4),
    ),
    bind(
        M,
        &[c('1'), c('2'), c('3'), c('4'), c('5'), c('6'), c('7')],
        "1 … 7",
        Action::ShowTab(0),
        "weergave kiezen: 1 Overzicht, 2 Samenwerkingen, 3 Weigeringen, 4 Mentorschap, 5 Impactobligaties, 6 Acties, 7 Kaart",
        hint("1-7", "weergave", 6),
    ),
    bind(M, &[c('c')], "c", Action::Checks, "controles: fouten, waarschuwingen en meldingen over de cijfers", None),
    bind(M, &[c('e')], "e", Action::ExportAll, "de hele werkmap naar Excel exporteren", None),
    bind(M, &[c('a')], "a", Action::Draft, DRAFT_HELP, None),
    bind(M, &[c('?')], "?", Action::Help, "deze hulp tonen", hint("?", "hulp", 0)),
    bind(
        M,
        &[c('q'), ctrl('c')],
        "q Ctrl-C",
        Action::Quit,
        "afsluiten",
        hint("q", "stoppen", 0),
    ),
    Binding {
        mode: M,
        keys: &[],
        label: "klik",
        action: None,
        help: "de gemeente onder de muis kiezen",
        hint: None,
    },
    Binding {
        mode: F,
        keys: &[],
        label: "tekens",
        action: None,
        help: "filter typen; hoofdletters en accenten tellen niet",
        hint: None,
    },
    bind(F, &[k(KeyCode::Up)], "↑", Action::Up, "vorige regel", hint("↑↓", "kiezen", 1)),
    bind(F, &[k(KeyCode::Down)], "↓", Action::Down, "volgende regel", None),
    bind(
        F,
        &[k(KeyCode::Backspace)],
        "⌫",
        Action::DeleteChar,
        "laatste teken wissen",
        None,
    ),
    bind(
        F,
        &[k(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "filter houden en verder in de tabel",
        hint("Enter", "houden", 0),
    ),
    bind(
        F,
        &[k(KeyCode::Esc)],
        "Esc",
        Action::CloseOverlay,
        "filter wissen en sluiten",
        hint("Esc", "wissen", 0),
    ),
    bind(F, &[ctrl('c')], "Ctrl-C", Action::Quit, "afsluiten", None),
    bind(
        C,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "vorige bevinding",
        hint("↑↓", "kiezen", 1),
    ),
    bind(
        C,
        &[k(KeyCode::Down), c('j')],
        "↓ j",
        Action::Down,
        "volgende bevinding",
        None,
    ),
    bind(
        C,
        &[k(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "een scherm omhoog",
        None,
    ),
    bind(
        C,
        &[k(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "een scherm omlaag",
        None,
    ),
    bind(
        C,
        &[k(KeyCode::Home), c('g')],
        "Home g",
        Action::Home,
        "eerste bevinding",
        None,
    ),
    bind(
        C,
        &[k(KeyCode::End), c('G')],
        "End G",
        Action::End,
        "laatste bevinding",
        None,
    ),
    bind(
        C,
        &[k(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "naar de plaats van de bevinding",
        hint("Enter", "tonen", 0),
    ),
    bind(
        C,
        &[k(KeyCode::Esc), c('c'), c('q')],
        "Esc c q",
        Action::CloseOverlay,
        "controles sluiten",
        hint("Esc", "sluiten", 0),
    ),
    bind(
        C,
        &[ctrl('c')],
        "Ctrl-C",
        Action::Quit,
        "afsluiten",
        None,
    ),
    Binding {
        mode: X,
        keys: &[],
        label: "tekens",
        action: None,
        help: "bestandsnaam of map typen; zonder .xlsx wordt .xlsx toegevoegd, ~ is de thuismap",
        hint: None,
    },
    bind(
        X,
        &[k(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "de werkmap schrijven (nooit over een bestaand bestand)",
        hint("Enter", "schrijven", 0),
    ),
    bind(
        X,
        &[k(KeyCode::Tab), k(KeyCode::BackTab)],
        "Tab Shift-Tab",
        Action::NextPane,
        "wisselen tussen bestandsnaam en map",
        hint("Tab", "naam/map", 1),
    ),
    bind(
        X,
        &[k(KeyCode::Backspace)],
        "⌫",
        Action::DeleteChar,
        "laatste teken wissen",
        None,
    ),
    bind(
        X,
        &[ctrl('u')],
        "Ctrl-U",
        Action::ClearInput,
        "het veld leegmaken",
        hint("Ctrl-U", "leegmaken", 2),
    ),
    bind(
        X,
        &[k(KeyCode::Esc)],
        "Esc",
        Action::CloseOverlay,
        "annuleren: niets schrijven",
        hint("Esc", "annuleren", 0),
    ),
    bind(X, &[ctrl('c')], "Ctrl-C", Action::Quit, "afsluiten", None),
    bind(
        H,
        &[k(KeyCode::Up), c('k')],
        "↑ k",
        Action::Up,
        "hulp omhoog scrollen",
        hint("↑↓", "scrollen", 1),
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
        hint("Esc", "sluiten", 0),
    ),
    bind(
        H,
        &[ctrl('c')],
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
    KEYMAP
        .iter()
        .filter(|b| b.mode == mode)
        .filter_map(|b| b.hint)
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
    let mut hs = hints(mode);
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
