//! Rendering: draws the explorer from the state only (no mutation, no I/O). Only the visible
//! rows of the tree are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Padding, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
    StatefulWidget, Widget, Wrap,
};
use ratatui::Frame;

use crate::model::{Funding, OtherKind, OBJECTIVES};
use crate::money::{count, format_eur, format_share, group_thousands};
use crate::reference;

use super::app::{drill_actions, App, Overlay, Pane};
use super::calls::{self, Col, Tone};
use super::detail::truncate;
use super::help::help_lines_for;
use super::keys::{hint_width, hints_fitting_for};
use super::layout::{help_area, layout_for, MIN_HEIGHT, MIN_WIDTH};
use super::list::ListCursor;
use super::popups;
use super::theme::Theme;
use super::tree::{Node, SortOrder};
use crate::checks::Severity;

/// Said when the terminal is smaller than [`MIN_WIDTH`]×[`MIN_HEIGHT`].
pub const TOO_SMALL: &str = "Venster te klein: minimaal 80×24";

/// Draws the whole screen into a frame.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Renders the whole screen into a buffer area.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let p = Paragraph::new(TOO_SMALL)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let y = area.height / 2;
        let rest = Rect::new(area.x, area.y + y, area.width, area.height - y);
        p.render(rest, buf);
        return;
    }
    match app.table_view() {
        _ if app.tab == super::tables::Tab::Map => super::map_draw::draw(buf, area, app),
        Some(v) if app.tab != super::tables::Tab::Overview => {
            super::table_draw::draw_table(buf, area, app, v);
            draw_status(buf, super::tables::geometry(area, v).status, app);
        }
        _ => {
            let p = layout_for(area, app.breakdown.row_count(), app.calls.is_some());
            super::table_draw::draw_tabs(buf, p.tabs, app.tab, app.theme);
            draw_tree(buf, p.tree, app);
            draw_detail(buf, p.detail, app);
            draw_objectives(buf, p.objectives, app);
            draw_status(buf, p.status, app);
        }
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            draw_help(buf, area, app.theme, *scroll, app.calls.is_some());
        }
        Some(Overlay::Search(st)) => popups::draw_search(buf, area, st, app.theme),
        Some(Overlay::Checks(st)) => {
            popups::draw_checks(buf, area, &app.findings, st, app.theme);
        }
        Some(Overlay::Export(p)) => super::prompt::draw(buf, area, p, app.theme),
        None => {}
    }
}

fn pane_block(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let marker = if focused { "▶ " } else { "" };
    Block::default()
        .borders(Borders::ALL)
        .border_set(if focused {
            border::THICK
        } else {
            border::PLAIN
        })
        .border_style(theme.border(focused))
        .title(Span::styled(
            format!(" {marker}{title} "),
            if focused {
                theme.strong()
            } else {
                Style::default()
            },
        ))
}

/// `left` and `right` in `width` columns, `right` flush right; `left` is cut if needed.
fn spread(left: &str, right: &str, width: usize) -> String {
    let rw = right.chars().count();
    let left = truncate(left, width.saturating_sub(rw + usize::from(rw > 0)));
    let gap = width.saturating_sub(left.chars().count() + rw);
    format!("{left}{}{right}", " ".repeat(gap))
}

/// Writes lines into an area, one per row, cut at its width (cheaper than a `Paragraph`).
fn put_lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    for (i, line) in lines.iter().take(usize::from(area.height)).enumerate() {
        buf.set_line(area.x, area.y + i as u16, line, area.width);
    }
}

/// The window of a list as the view shows it (same rule as the app's clamp).
fn window(state: ListCursor, len: usize, height: usize) -> ListCursor {
    let mut s = state;
    s.clamp(len, height);
    s
}

/// The scrollbar of a bordered list, for the other drawing modules.
pub(super) fn scrollbar_pub(
    buf: &mut Buffer,
    area: Rect,
    len: usize,
    height: usize,
    offset: usize,
) {
    scrollbar(buf, area, len, height, offset);
}

fn scrollbar(buf: &mut Buffer, area: Rect, len: usize, height: usize, offset: usize) {
    if len <= height || area.height < 3 {
        return;
    }
    let mut state = ScrollbarState::new(len.saturating_sub(height)).position(offset);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None);
    let inner = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    bar.render(inner, buf, &mut state);
}

fn draw_tree(buf: &mut Buffer, area: Rect, app: &App) {
    let focused = app.focus == Pane::Tree;
    let ds = &app.dataset;
    let title = format!("Provincies · {}{}", app.sort_label(), app.filter_suffix());
    let mut block = pane_block(title, focused, app.theme);
    if let Some(f) = &app.filter {
        let room = usize::from(area.width).saturating_sub(20);
        block = block.title_bottom(Span::styled(
            format!(" Filter: {} · x wist ", truncate(&f.label, room)),
            app.theme.warn(),
        ));
    }
    let mut inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    // With several calls: the columns that fit, under a header row.
    let columns = app.calls.as_ref().map(|c| {
        // The figure the applicants are sorted on stays in view.
        let last = c.calls.len().saturating_sub(1);
        let need = match app.tree.sort() {
            SortOrder::Name => None,
            SortOrder::Amount => Some(Col::Amount(last)),
            SortOrder::Increase | SortOrder::Decrease => Some(Col::Diff(last)),
        };
        let min_label = TREE_MIN_LABEL.min(w * 3 / 8);
        let cols = calls::choose_with(&c.calls, &c.widths, w, min_label, need);
        (c, cols)
    });
    if let Some((c, cols)) = &columns {
        if inner.height > 0 {
            let head = calls::header_cells(&c.calls, cols, &c.widths);
            let line = Line::from(Span::styled(spread("", &head, w), app.theme.dim()));
            buf.set_line(inner.x, inner.y, &line, inner.width);
            inner = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        }
    }
    let rows = app.tree.rows();
    let h = usize::from(inner.height);
    let st = window(app.tree_state, rows.len(), h);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(st.offset)
        .take(h)
        .map(|(i, r)| {
            let selected = i == st.selected;
            let marker = if r.has_children {
                if r.expanded {
                    "▾"
                } else {
                    "▸"
                }
            } else if matches!(r.node, Node::Partner { .. }) {
                "↳"
            } else {
                " "
            };
            let (name, amount, dim) = match r.node {
                Node::All => (
                    "Vlaanderen".to_string(),
                    format_eur(ds.total_granted()),
                    false,
                ),
                Node::Province(p) => (
                    p.map_or("Provincie onbekend", |p| p.name()).to_string(),
                    format_eur(ds.province_totals(p).granted),
                    false,
                ),
                Node::Applicant(a) => (
                    ds.applicant(a)
                        .map_or_else(|| "?".into(), |x| x.name.clone()),
                    format_eur(ds.applicant_totals(a).map_or(0, |t| t.granted)),
                    false,
                ),
                // A partner's share is in its lead's total (and, when it applied itself, its
                // own grants are on its own row): a partner row shows its role, never an
                // amount that would add up with the lead's.
                Node::Partner { lead, index } => match app.tree.partner(lead, index) {
                    Some(p) => (p.name.clone(), "partner".to_string(), true),
                    None => ("?".to_string(), String::new(), true),
                },
            };
            let left = format!(
                "{}{}{} {}",
                if selected { "›" } else { " " },
                " ".repeat(usize::from(r.depth)),
                marker,
                name
            );
            let style = if selected {
                app.theme.selected(focused)
            } else if dim {
                app.theme.dim()
            } else if matches!(r.node, Node::All | Node::Province(_)) {
                app.theme.strong()
            } else {
                Style::default()
            };
            if let Some((c, cols)) = &columns {
                return call_line(app, c, cols, r.node, &left, &amount, w, style);
            }
            let text = spread(&left, &amount, w);
            Line::from(Span::styled(text, style))
        })
        .collect();
    put_lines(buf, inner, &lines);
    scrollbar(buf, area, rows.len(), h, st.offset);
}

/// Columns the tree keeps for names when it shows the calls side by side (at most three
/// eighths of a narrow tree): fewer figure columns rather than names cut short.
const TREE_MIN_LABEL: usize = 26;

/// A tree row with one figure per call column: the name, then the cells of its row (a
/// partner: its role).
#[allow(clippy::too_many_arguments)]
fn call_line(
    app: &App,
    c: &calls::TreeCalls,
    cols: &[Col],
    node: Node,
    left: &str,
    fallback: &str,
    w: usize,
    style: Style,
) -> Line<'static> {
    let row = match node {
        Node::All => Some(&c.total),
        Node::Province(p) => c.province(p),
        Node::Applicant(a) => c.applicant(a),
        Node::Partner { .. } => None,
    };
    let cells: Vec<(String, Tone)> = match row {
        Some(r) => calls::cells(r, cols, &c.widths),
        None => vec![(format!(" {fallback}"), Tone::Dim)],
    };
    let right: usize = cells.iter().map(|(t, _)| t.chars().count()).sum();
    let room = w.saturating_sub(right);
    let name = truncate(left, room);
    let mut spans = vec![Span::styled(
        format!("{name}{}", " ".repeat(room - name.chars().count())),
        style,
    )];
    for (text, tone) in cells {
        spans.push(Span::styled(text, style.patch(app.theme.tone(tone))));
    }
    Line::from(spans)
}

fn draw_detail(buf: &mut Buffer, area: Rect, app: &App) {
    let focused = app.focus == Pane::Detail;
    let name = super::detail::node_name(&app.dataset, &app.tree, app.selected());
    let block = pane_block(
        format!("Detail · {name}{}", app.filter_suffix()),
        focused,
        app.theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = app.detail_lines();
    let h = usize::from(inner.height);
    let offset = app.detail_offset.min(lines.len().saturating_sub(h.max(1)));
    let len = lines.len();
    put_lines(buf, inner, lines.get(offset..).unwrap_or_default());
    scrollbar(buf, area, len, h, offset);
}

/// A horizontal bar of `width` cells for `value / max`, in eighths of a cell.
fn bar(value: i64, max: i64, width: usize) -> String {
    if max <= 0 || value <= 0 || width == 0 {
        return String::new();
    }
    let eighths = (i128::from(value) * width as i128 * 8 / i128::from(max)) as usize;
    let full = eighths / 8;
    let part = eighths % 8;
    let mut s = "█".repeat(full.min(width));
    if part > 0 && full < width {
        s.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][part - 1]);
    }
    s
}

struct BarRow {
    label: String,
    amount: i64,
    dim: bool,
}

fn draw_objectives(buf: &mut Buffer, area: Rect, app: &App) {
    let focused = app.focus == Pane::Objectives;
    let b = &app.breakdown;
    let refdata = reference::get();
    let scope = app.scope_name();
    let (title, header, rows, whole): (String, String, Vec<BarRow>, i64) = match app
        .objectives
        .drill
    {
        None => {
            let mut rows: Vec<BarRow> = (1..=OBJECTIVES as u8)
                .map(|no| BarRow {
                    label: format!(
                        "{no} {}",
                        refdata.objective(no).map_or("?", |o| o.name.as_str())
                    ),
                    amount: b.objectives[usize::from(no) - 1],
                    dim: false,
                })
                .collect();
            rows.extend(b.other.iter().map(|o| BarRow {
                label: match o.kind {
                    OtherKind::UnknownAction => format!("• Onbekende actie: {}", o.label),
                    _ => format!("• {}", o.label),
                },
                amount: o.amount,
                dim: true,
            }));
            (
                format!("Doelstellingen · {scope}{}", app.filter_suffix()),
                "Doelstelling".to_string(),
                rows,
                b.total,
            )
        }
        Some(obj) => {
            let whole = b.objectives[usize::from(obj).saturating_sub(1).min(OBJECTIVES - 1)];
            let mut rows: Vec<BarRow> = drill_actions(obj)
                .into_iter()
                .map(|no| {
                    let a = refdata.action(no);
                    let note = a.map_or("", |a| funding_note(a.funding, app.dataset.call.call));
                    BarRow {
                        label: format!("Actie {no} {}{note}", a.map_or("?", |a| a.name.as_str())),
                        amount: b.action(no),
                        dim: !note.is_empty() && b.action(no) == 0,
                    }
                })
                .collect();
            rows.extend(b.objective_unknown(obj).map(|o| BarRow {
                label: format!("• Onbekende actie: {}", o.label),
                amount: o.amount,
                dim: true,
            }));
            (
                format!("Acties · {scope}{}", app.filter_suffix()),
                format!(
                    "← {obj} {}",
                    refdata.objective(obj).map_or("?", |o| o.name.as_str())
                ),
                rows,
                whole,
            )
        }
    };
    if let Some(cb) = &b.calls {
        return draw_objectives_calls(buf, area, app, cb, title, &header, &rows);
    }
    let total_label = match app.objectives.drill {
        None => format!(" Totaal {} ", format_eur(b.total)),
        Some(_) => format!(" Doelstelling {} ", format_eur(whole)),
    };
    let block =
        pane_block(title, focused, app.theme).title_bottom(Line::from(total_label).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let amounts: Vec<String> = rows.iter().map(|r| format_eur(r.amount)).collect();
    let aw = amounts
        .iter()
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let share_w = 7;
    let bar_w = (w / 5).clamp(4, 24);
    let label_w = w.saturating_sub(1 + aw + 1 + share_w + 1 + bar_w + 1);
    let max = rows.iter().map(|r| r.amount).max().unwrap_or(0);

    let header_line = format!(
        " {:<label_w$} {:>aw$} {:>share_w$}",
        truncate(&header, label_w),
        "Bedrag",
        "Aandeel"
    );
    let mut lines = vec![objectives_header(app, &header_line, w)];
    let h = usize::from(inner.height - 1);
    let st = window(app.objectives.list, rows.len(), h);
    for (i, (r, amount)) in rows
        .iter()
        .zip(amounts.iter())
        .enumerate()
        .skip(st.offset)
        .take(h)
    {
        let selected = i == st.selected;
        let text = format!(
            "{}{:<label_w$} {:>aw$} {:>share_w$} ",
            if selected { "›" } else { " " },
            truncate(&r.label, label_w),
            amount,
            format_share(r.amount, whole),
        );
        let style = objectives_row_style(app, selected, r.dim, focused);
        let fill = w.saturating_sub(text.chars().count() + bar_w);
        lines.push(Line::from(vec![
            Span::styled(text, style),
            Span::styled(bar(r.amount, max, bar_w), app.theme.bar()),
            Span::raw(" ".repeat(fill)),
        ]));
    }
    put_lines(buf, inner, &lines);
}

/// The objectives pane of a dataset of several calls: per row one amount per call and the
/// differences (the columns that fit), no shares or bars; the total of the last call and its
/// difference on the bottom border.
fn draw_objectives_calls(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    cb: &super::totals::CallBreakdown,
    title: String,
    header: &str,
    rows: &[BarRow],
) {
    let focused = app.focus == Pane::Objectives;
    let b = &app.breakdown;
    let (call_rows, whole, whole_label): (Vec<&crate::compare::Row>, _, _) =
        match app.objectives.drill {
            None => (
                cb.objectives.iter().chain(cb.other.iter()).collect(),
                Some(&cb.total),
                "Totaal",
            ),
            Some(obj) => (
                drill_actions(obj)
                    .into_iter()
                    .filter_map(|no| cb.action(no))
                    .chain(cb.objective_unknown(b, obj))
                    .collect(),
                cb.objectives.get(usize::from(obj).saturating_sub(1)),
                "Doelstelling",
            ),
        };
    let bottom_w = usize::from(area.width).saturating_sub(4);
    let total_label = whole.map_or_else(String::new, |r| {
        let last = cb.calls.len().saturating_sub(1);
        let changes = r.changes();
        let amount = calls::cell(r, &changes, Col::Amount(last)).0;
        let diff = calls::cell(r, &changes, Col::Diff(last)).0;
        let pct = calls::cell(r, &changes, Col::Pct(last)).0;
        let no = cb.calls.last();
        [
            format!(" {whole_label} oproep {no} {amount} · verschil {diff} · {pct} "),
            format!(" oproep {no} {amount} · {diff} · {pct} "),
            format!(" oproep {no} {amount} · {diff} "),
            format!(" oproep {no} {amount} "),
        ]
        .into_iter()
        .find(|t| t.chars().count() <= bottom_w)
        .unwrap_or_default()
    });
    let block =
        pane_block(title, focused, app.theme).title_bottom(Line::from(total_label).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let cols = calls::choose(
        &cb.calls,
        &cb.widths,
        w.saturating_sub(1),
        OBJECTIVES_MIN_LABEL,
    );
    let right = calls::cols_width(&cols, &cb.widths);
    let label_w = w.saturating_sub(1 + right);
    let head = format!(
        " {:<label_w$}{}",
        truncate(header, label_w),
        calls::header_cells(&cb.calls, &cols, &cb.widths)
    );
    let mut lines = vec![objectives_header(app, &head, w)];
    let h = usize::from(inner.height - 1);
    let st = window(app.objectives.list, rows.len(), h);
    for (i, (r, cr)) in rows
        .iter()
        .zip(call_rows.iter())
        .enumerate()
        .skip(st.offset)
        .take(h)
    {
        let selected = i == st.selected;
        let style = objectives_row_style(app, selected, r.dim, focused);
        let cells = calls::cells(cr, &cols, &cb.widths);
        let right: usize = cells.iter().map(|(t, _)| t.chars().count()).sum();
        let label_w = w.saturating_sub(1 + right);
        let mut spans = vec![Span::styled(
            format!(
                "{}{:<label_w$}",
                if selected { "›" } else { " " },
                truncate(&r.label, label_w)
            ),
            style,
        )];
        for (text, tone) in cells {
            spans.push(Span::styled(text, style.patch(app.theme.tone(tone))));
        }
        lines.push(Line::from(spans));
    }
    put_lines(buf, inner, &lines);
}

/// The objectives pane's column header: strong inside an objective, dim at the top level.
fn objectives_header(app: &App, text: &str, w: usize) -> Line<'static> {
    let style = if app.objectives.drill.is_some() {
        app.theme.strong()
    } else {
        app.theme.dim()
    };
    Line::from(Span::styled(truncate(text, w), style))
}

/// The style of an objectives row: selected, dim (lines outside the objectives, or an action
/// without money in this call), or plain.
fn objectives_row_style(app: &App, selected: bool, dim: bool, focused: bool) -> Style {
    if selected {
        app.theme.selected(focused)
    } else if dim {
        app.theme.dim()
    } else {
        Style::default()
    }
}

/// Columns the objectives pane keeps for labels when it shows the calls side by side.
const OBJECTIVES_MIN_LABEL: usize = 16;

/// Why an action may have no money in the data's call: " (niet via dit plan)" for actions
/// financed elsewhere; for an action subsidised from the second call on, " (niet in oproep 1)"
/// in call 1 and " (vanaf oproep 2)" when the call is not known.
fn funding_note(funding: Funding, call: Option<u8>) -> &'static str {
    match (funding, call) {
        (Funding::Elsewhere, _) => " (niet via dit plan)",
        (Funding::FromCall2, Some(c)) if c < 2 => " (niet in oproep 1; vanaf oproep 2)",
        (Funding::FromCall2, None) => " (vanaf oproep 2)",
        _ => "",
    }
}

/// The status line, for the other drawing modules.
pub(super) fn draw_status_pub(buf: &mut Buffer, area: Rect, app: &App) {
    draw_status(buf, area, app);
}

fn draw_status(buf: &mut Buffer, area: Rect, app: &App) {
    let ds = &app.dataset;
    let w = usize::from(area.width);
    let banner = " VOORBEELD — synthetische bedragen ";
    let banner_w = if ds.source.sample {
        banner.chars().count()
    } else {
        0
    };
    // The counts of the checks flush right, in the longest form that fits.
    let (fouten, waarsch) = (
        app.finding_count(Severity::Fout),
        app.finding_count(Severity::Waarschuwing),
    );
    let long = format!(
        "{} · {}",
        count(fouten, "fout", "fouten"),
        count(waarsch, "waarschuwing", "waarschuwingen")
    );
    let counts = [
        format!(" Controles: {long} "),
        format!(" {long} "),
        format!(
            " {} fout. · {} waarsch. ",
            group_thousands(fouten as u64),
            group_thousands(waarsch as u64)
        ),
        format!(" {fouten}F {waarsch}W "),
    ];
    let (call_long, call_short) = call_status(ds);
    let sources = [
        format!(" Bron: {} · {call_long} ", ds.source.name),
        format!(" {} · {call_short} ", ds.source.name),
    ];
    let fits = |src: &String, c: &String| src.chars().count() + banner_w + c.chars().count() <= w;
    // Shorter counts before a shorter source; "Bron:" goes before the counts get cryptic.
    let (src, counts) = [(0, 0), (0, 1), (1, 1), (0, 2), (1, 2), (0, 3), (1, 3)]
        .into_iter()
        .map(|(s, c)| (&sources[s], &counts[c]))
        .find(|(src, c)| fits(src, c))
        .map_or((sources[1].clone(), String::new()), |(s, c)| {
            (s.clone(), c.clone())
        });
    let mut first = vec![Span::raw(src.clone())];
    if ds.source.sample {
        first.push(Span::styled(banner, app.theme.banner()));
    }
    if !counts.is_empty() {
        let used = src.chars().count() + banner_w + counts.chars().count();
        first.push(Span::raw(" ".repeat(w.saturating_sub(used))));
        let style = if fouten > 0 {
            app.theme.error()
        } else if waarsch > 0 {
            app.theme.warn()
        } else {
            app.theme.dim()
        };
        first.push(Span::styled(counts, style));
    }
    // A message takes the place of the key hints until the next key; a running export shows
    // its spinner.
    let mut second = vec![Span::raw(" ")];
    match (&app.message, app.busy_text()) {
        (Some(m), _) => second.push(Span::styled(
            truncate(m, w.saturating_sub(2)),
            app.theme.warn(),
        )),
        (None, Some(busy)) => second.push(Span::styled(
            truncate(&busy, w.saturating_sub(2)),
            app.theme.strong(),
        )),
        (None, None) => {
            for h in hints_fitting_for(app.mode(), w.saturating_sub(1), app.calls.is_some()) {
                second.push(Span::styled(h.keys, app.theme.strong()));
                let pad = hint_width(&h) - h.keys.chars().count() - 1 - h.word.chars().count();
                second.push(Span::raw(format!(" {}{}", h.word, " ".repeat(pad))));
            }
        }
    }
    let lines = vec![Line::from(first), Line::from(second)];
    put_lines(buf, area, &lines);
}

/// The call in the status line, long and short: an unknown call with the way out, a call
/// without published figures says so.
fn call_status(ds: &crate::model::Dataset) -> (String, String) {
    let label = ds.call.label();
    match (ds.call.call, ds.call.source) {
        (None, crate::model::CallSource::Unknown) => (
            "oproep onbekend: start met --oproep 1 als dit bijlage 1 bij vraag 492 is".to_string(),
            "oproep onbekend (start met --oproep 1)".to_string(),
        ),
        (Some(c), _) if !reference::get().has_figures(c) => {
            (format!("{label} (geen gepubliceerde cijfers)"), label)
        }
        _ => (label.clone(), label),
    }
}

fn draw_help(buf: &mut Buffer, size: Rect, theme: Theme, scroll: usize, calls: bool) {
    let area = help_area(size, calls);
    if area.width < 3 || area.height < 3 {
        return;
    }
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(border::DOUBLE)
        .title(Span::styled(" Hulp · toetsen ", theme.header()))
        .title_bottom(Line::from(" ? of Esc sluit ").right_aligned())
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = help_lines_for(theme, inner.width, calls);
    let h = usize::from(inner.height);
    let offset = scroll.min(lines.len().saturating_sub(h));
    let len = lines.len();
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    put_lines(buf, inner, &visible);
    scrollbar(buf, area, len, h, offset);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 16, 2), "▏");
        assert_eq!(bar(0, 10, 4), "");
        assert_eq!(bar(3, 0, 4), "");
    }

    #[test]
    fn counts_are_dutch_with_thousands_separators() {
        assert_eq!(count(1, "fout", "fouten"), "1 fout");
        assert_eq!(count(0, "fout", "fouten"), "0 fouten");
        assert_eq!(
            count(41_588, "waarschuwing", "waarschuwingen"),
            "41.588 waarschuwingen"
        );
    }

    #[test]
    fn action_23_is_said_by_the_call_of_the_data() {
        // Action 23 is subsidised from the second call on; others are financed elsewhere.
        let a23 = reference::get().action(23).unwrap().funding;
        assert_eq!(
            funding_note(a23, Some(1)),
            " (niet in oproep 1; vanaf oproep 2)"
        );
        assert_eq!(funding_note(a23, None), " (vanaf oproep 2)");
        assert_eq!(funding_note(a23, Some(2)), "");
        assert_eq!(funding_note(a23, Some(3)), "");
        let a4 = reference::get().action(4).unwrap().funding;
        for call in [None, Some(1), Some(2)] {
            assert_eq!(funding_note(a4, call), " (niet via dit plan)");
        }
    }
}
