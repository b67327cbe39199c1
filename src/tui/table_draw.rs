//! Rendering of the tabs line and of a table view: notes, column header, rows under their
//! group headings with subtotals, the total line and the view's filter prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::money::format_eur;
use crate::views::{ColumnKind, Table};

use super::app::App;
use super::detail::{truncate, wrap};
use super::tables::{geometry, tab_label, tab_spans, Shown, Tab, TableView};
use super::theme::Theme;

/// The tabs on the top line, the current one highlighted.
pub fn draw_tabs(buf: &mut Buffer, area: Rect, current: Tab, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0u16;
    for (t, start, _) in tab_spans(area.width) {
        if start > used {
            spans.push(Span::raw(" ".repeat(usize::from(start - used))));
        }
        let mut label = tab_label(t, area.width);
        if t == current {
            // Marked without colour too: "[2 Samenwerkingen]".
            label = format!("[{}]", label.trim());
        }
        let w = label.chars().count() as u16;
        spans.push(if t == current {
            Span::styled(label, theme.selected(true))
        } else {
            Span::styled(label, theme.dim())
        });
        used = start + w;
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// Widths of the columns for the rows shown, fitted into `width` (text columns give way).
fn widths(view: &TableView, extra: Option<&str>, width: usize, label: usize) -> Vec<usize> {
    let t = &view.table;
    let mut w: Vec<usize> = t.columns.iter().map(|c| c.title.chars().count()).collect();
    for r in view.rows() {
        if let Some(row) = t.rows.get(r) {
            for (i, cell) in row.cells.iter().enumerate() {
                if let Some(x) = w.get_mut(i) {
                    *x = (*x).max(cell.display().chars().count());
                }
            }
        }
    }
    // Money columns must hold their totals too.
    let all = view.rows();
    for c in t.summed_columns() {
        if let Some(x) = w.get_mut(c) {
            *x = (*x).max(format_eur(t.sum(c, &all)).chars().count());
        }
    }
    if let Some(title) = extra {
        let flags = all
            .iter()
            .filter_map(|&r| t.rows.get(r))
            .map(|r| r.flags.join(", ").chars().count())
            .max()
            .unwrap_or(0);
        w.push(flags.max(title.chars().count()));
    }
    // The widest value of each column, without its title (titles may be cut when needed).
    let values: Vec<usize> = (0..w.len())
        .map(|i| {
            let cells = all
                .iter()
                .filter_map(|&r| t.rows.get(r))
                .filter_map(|row| row.cells.get(i))
                .map(|c| c.display().chars().count())
                .max()
                .unwrap_or(0);
            let total = if t
                .columns
                .get(i)
                .is_some_and(|c| c.kind == ColumnKind::Money)
            {
                format_eur(t.sum(i, &all)).chars().count()
            } else {
                0
            };
            cells.max(total).max(4)
        })
        .collect();
    let gaps = w.len().saturating_sub(1);
    let budget = width.saturating_sub(gaps);
    // The columns before the first amount hold the labels of the heading and total lines,
    // where there is room.
    if let Some(first) = t.summed_columns().next().filter(|f| *f > 0) {
        let before: usize = w[..first].iter().sum::<usize>() + first - 1;
        let spare = budget.saturating_sub(w.iter().sum::<usize>());
        let add = (label + 1).saturating_sub(before).min(spare);
        w[first - 1] += add;
    }
    // Text columns shrink, widest first, down to 8 characters.
    let is_text = |i: usize| t.columns.get(i).is_none_or(|c| c.kind == ColumnKind::Text);
    while w.iter().sum::<usize>() > budget {
        let Some((i, _)) = w
            .iter()
            .enumerate()
            .filter(|(i, x)| is_text(*i) && **x > 8)
            .max_by_key(|(_, x)| **x)
        else {
            break;
        };
        w[i] -= 1;
    }
    // Still too wide: number columns give up the part of their title beyond their values.
    while w.iter().sum::<usize>() > budget {
        let Some((i, _)) = w
            .iter()
            .enumerate()
            .filter(|(i, x)| !is_text(*i) && **x > values.get(*i).copied().unwrap_or(0))
            .max_by_key(|(i, x)| **x - values.get(*i).copied().unwrap_or(0))
        else {
            break;
        };
        w[i] -= 1;
    }
    w
}

fn cell(text: &str, width: usize, right: bool) -> String {
    let t = truncate(text, width);
    let pad = width.saturating_sub(t.chars().count());
    if right {
        format!("{}{t}", " ".repeat(pad))
    } else {
        format!("{t}{}", " ".repeat(pad))
    }
}

fn right_aligned(t: &Table, col: usize) -> bool {
    t.columns
        .get(col)
        .is_some_and(|c| c.kind != ColumnKind::Text)
}

/// A line with the sums of the money columns of `rows` in their columns, `label` on the
/// left up to the first amount.
fn sums_line(t: &Table, w: &[usize], label: &str, rows: &[usize]) -> String {
    let summed: Vec<usize> = t.summed_columns().collect();
    let mut sums = String::new();
    for (i, width) in w.iter().enumerate() {
        if i > 0 {
            sums.push(' ');
        }
        let text = if summed.contains(&i) {
            format_eur(t.sum(i, rows))
        } else {
            String::new()
        };
        sums.push_str(&cell(&text, *width, true));
    }
    let chars: Vec<char> = sums.chars().collect();
    // The label may run up to one space before the first amount.
    let room = chars
        .iter()
        .position(|c| *c != ' ')
        .map_or(chars.len(), |k| k.saturating_sub(1));
    let label = truncate(label, room);
    let n = label.chars().count();
    let rest: String = chars.iter().skip(n).collect();
    format!("{label}{rest}")
}

/// Draws a table view with the tabs line above it.
pub fn draw_table(buf: &mut Buffer, area: Rect, app: &App, view: &TableView) {
    let theme = app.theme;
    let g = geometry(area, view);
    draw_tabs(buf, g.tabs, app.tab, theme);
    let t = &view.table;
    let rows = view.rows();
    let mut title = format!(" {}{}", t.title, app.filter_suffix());
    if let Some(s) = view.sort_label() {
        title.push_str(&format!(" · {s}"));
    }
    title.push(' ');
    let bottom = if view.typing {
        format!(" Filter: {}▏ (Enter houdt, Esc wist) ", view.query)
    } else if view.filtered() {
        format!(
            " Filter '{}': {} van {} · x wist ",
            view.query.trim(),
            rows.len(),
            t.rows.len()
        )
    } else {
        String::new()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(border::THICK)
        .border_style(theme.border(true))
        .title(Span::styled(
            truncate(&title, usize::from(g.block.width.saturating_sub(2))),
            theme.strong(),
        ))
        .title_bottom(Line::from(Span::styled(bottom, theme.warn())).right_aligned());
    block.render(g.block, buf);

    // Notes.
    let width = usize::from(g.notes.width);
    let mut notes: Vec<String> = t
        .notes
        .iter()
        .flat_map(|n| wrap(n, width.max(10)))
        .collect();
    let cap = usize::from(g.notes.height);
    if notes.len() > cap && cap > 0 {
        notes.truncate(cap);
        if let Some(last) = notes.last_mut() {
            *last = truncate(&format!("{last} …"), width);
        }
    }
    for (i, n) in notes.iter().take(cap).enumerate() {
        buf.set_line(
            g.notes.x,
            g.notes.y + i as u16,
            &Line::from(Span::styled(n.clone(), theme.dim())),
            g.notes.width,
        );
    }

    let has_flags = t.rows.iter().any(|r| !r.flags.is_empty());
    let flags_title = has_flags.then_some("Controles");
    // A gutter of one column for the selection marker.
    let gutter = |r: Rect| Rect::new(r.x + 1, r.y, r.width.saturating_sub(1), r.height);
    let (g_header, g_rows, g_footer) = (gutter(g.header), gutter(g.rows), gutter(g.footer));
    let label_w = view
        .shown
        .iter()
        .map(|sh| match sh {
            Shown::Group { group, rows } => {
                t.groups.get(*group).map_or(0, |g| g.label.chars().count())
                    + 3
                    + t.group_count_label(*group, rows.len()).chars().count()
            }
            Shown::Row(_) => 0,
        })
        .chain(std::iter::once(
            // "Totaal getoond · 24 acties en 2 andere lijnen (zonder 1 apart)"
            18 + t.count_text(&t.counted_rows(&rows)).chars().count()
                + if t.counted_rows(&rows).len() < rows.len() {
                    16
                } else {
                    0
                },
        ))
        .max()
        .unwrap_or(0);
    let w = widths(view, flags_title, usize::from(g_rows.width), label_w);
    // Header.
    let mut header: Vec<String> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| cell(c.title, w[i], right_aligned(t, i)))
        .collect();
    if let Some(ft) = flags_title {
        header.push(cell(ft, *w.last().unwrap_or(&0), false));
    }
    buf.set_line(
        g_header.x,
        g_header.y,
        &Line::from(Span::styled(header.join(" "), theme.header())),
        g_header.width,
    );

    // Rows.
    if t.rows.is_empty() || rows.is_empty() {
        let text = if t.rows.is_empty() {
            t.empty.clone()
        } else {
            format!("Geen rijen met '{}'.", view.query.trim())
        };
        for (i, l) in wrap(&text, usize::from(g.rows.width).max(10))
            .into_iter()
            .take(usize::from(g.rows.height))
            .enumerate()
        {
            buf.set_line(
                g.rows.x,
                g.rows.y + i as u16,
                &Line::from(Span::styled(l, theme.warn())),
                g.rows.width,
            );
        }
    }
    let h = usize::from(g.rows.height);
    let mut list = view.list;
    list.clamp(view.shown.len(), h);
    for (i, shown) in view.shown.iter().enumerate().skip(list.offset).take(h) {
        let y = g_rows.y + (i - list.offset) as u16;
        let selected = i == list.selected;
        if selected {
            buf.set_string(g.rows.x, y, "›", theme.strong());
        }
        let line = match shown {
            Shown::Group { group, rows } => {
                let label = t.groups.get(*group).map_or("", |g| g.label.as_str());
                let text = sums_line(
                    t,
                    &w,
                    &format!("{label} · {}", t.group_count_label(*group, rows.len())),
                    rows,
                );
                Line::from(Span::styled(
                    text,
                    if selected {
                        theme.selected(true)
                    } else {
                        theme.header()
                    },
                ))
            }
            Shown::Row(r) => {
                let Some(row) = t.rows.get(*r) else { continue };
                let mut spans: Vec<Span> = Vec::new();
                for (c, value) in row.cells.iter().enumerate() {
                    let width = w.get(c).copied().unwrap_or(0);
                    let mut text = cell(&value.display(), width, right_aligned(t, c));
                    if c + 1 < w.len() {
                        text.push(' ');
                    }
                    spans.push(Span::raw(text));
                }
                if has_flags {
                    spans.push(Span::styled(
                        cell(&row.flags.join(", "), *w.last().unwrap_or(&0), false),
                        theme.warn(),
                    ));
                }
                let mut line = Line::from(spans);
                if selected {
                    line = line.style(theme.selected(true));
                }
                line
            }
        };
        buf.set_line(g_rows.x, y, &line, g_rows.width);
    }
    super::view::scrollbar_pub(buf, g.block, view.shown.len(), h, list.offset);

    // The selected line in full.
    let full = wrap(
        &view.selected_text(),
        usize::from(g.selection.width).max(10),
    );
    let cap = usize::from(g.selection.height);
    for (i, l) in full.iter().take(cap).enumerate() {
        let text = if i + 1 == cap && full.len() > cap {
            truncate(&format!("{l} …"), usize::from(g.selection.width))
        } else {
            l.clone()
        };
        buf.set_line(
            g.selection.x,
            g.selection.y + i as u16,
            &Line::from(Span::styled(text, theme.dim())),
            g.selection.width,
        );
    }

    // Total line: the rows shown, without those listed apart.
    let counted = t.counted_rows(&rows);
    let mut label = if view.filtered() {
        format!("Totaal getoond · {}", t.count_text(&counted))
    } else {
        format!("Totaal · {}", t.count_text(&counted))
    };
    if counted.len() < rows.len() {
        label.push_str(&format!(" (zonder {} apart)", rows.len() - counted.len()));
    }
    buf.set_line(
        g_footer.x,
        g_footer.y,
        &Line::from(Span::styled(
            sums_line(t, &w, &label, &counted),
            theme.strong(),
        )),
        g_footer.width,
    );
}
