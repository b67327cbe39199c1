//! The help overlay's text, generated from the keymap.

use ratatui::text::{Line, Span};

use super::keys::{Mode, KEYMAP};
use super::theme::Theme;

/// Width of the key column in the help overlay.
const HELP_KEY_W: usize = 16;

/// The help text, generated from the keymap, wrapped to `width`.
pub fn help_lines(theme: Theme, width: u16) -> Vec<Line<'static>> {
    help_lines_for(theme, width, false)
}

/// The help text; `calls`: the dataset holds several calls (keys that do more then say so).
pub fn help_lines_for(theme: Theme, width: u16, calls: bool) -> Vec<Line<'static>> {
    let w = usize::from(width).max(HELP_KEY_W + 10);
    let mut lines = vec![Line::from(Span::styled(
        "Bovenaan de weergaven (1 tot 6). In Overzicht links de boom (Vlaanderen, provincies, \
         aanvragers, partners), rechtsboven het detail van de keuze, rechtsonder de \
         doelstellingen met hun bedragen. De andere weergaven zijn tabellen per provincie of \
         doelstelling voor de deelvragen van vraag 492.",
        theme.dim(),
    ))];
    // The intro is long: wrap it like the rest.
    let intro = lines.remove(0);
    let intro_text: String = intro.spans.iter().map(|s| s.content.as_ref()).collect();
    for l in super::detail::wrap(&intro_text, w) {
        lines.push(Line::from(Span::styled(l, theme.dim())));
    }
    for (mode, heading) in [
        (Mode::Normal, "In Overzicht (1)"),
        (Mode::Table, "In de tabellen (2 tot 6)"),
        (Mode::Map, "Op de kaart (7, m)"),
        (Mode::TableFilter, "In het filter van een tabel (/)"),
        (Mode::Search, "In het zoekvenster (/ in Overzicht)"),
        (Mode::Checks, "In de controles (c)"),
        (Mode::Export, "Bij het exporteren (e, E)"),
        (Mode::Help, "In deze hulp"),
    ] {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(heading, theme.header())));
        for b in KEYMAP.iter().filter(|b| b.mode == mode) {
            let wrapped = super::detail::wrap(b.help_for(calls), w - HELP_KEY_W);
            for (i, text) in wrapped.into_iter().enumerate() {
                let key = if i == 0 { b.label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {key:<width$}", width = HELP_KEY_W - 2),
                        theme.strong(),
                    ),
                    Span::raw(text),
                ]));
            }
        }
    }
    lines
}
