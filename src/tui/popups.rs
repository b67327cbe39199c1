//! The search popup and the checks pane: where they sit and how their rows look. Drawing only
//! reads the state; the geometry functions are shared with `update` (scrolling).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::checks::{Finding, Severity};
use crate::money::count;
use crate::search::{Hit, Kind};

use super::app::{ChecksState, SearchState};
use super::detail::truncate;
use super::layout::{
    checks_area, message_lines, search_area, search_rows, SEARCH_LIMIT, SEVERITY_W,
};
use super::theme::Theme;

/// Dutch severity as shown.
fn severity_label(s: Severity) -> &'static str {
    s.code()
}

fn severity_style(s: Severity, theme: Theme) -> Style {
    match s {
        Severity::Fout => theme.error(),
        Severity::Waarschuwing => theme.warn(),
        Severity::Info => theme.dim(),
    }
}

/// The rows of one finding: severity, place and code, then the message wrapped under the place.
pub fn finding_lines(
    f: &Finding,
    width: usize,
    theme: Theme,
    selected: bool,
) -> Vec<Line<'static>> {
    let marker = if selected { "›" } else { " " };
    let code = format!("[{}]", f.code);
    let place_w = width.saturating_sub(SEVERITY_W + code.chars().count() + 1);
    let place = truncate(&f.place, place_w);
    let gap = width.saturating_sub(SEVERITY_W + place.chars().count() + code.chars().count());
    let row_style = if selected {
        theme.selected(true)
    } else {
        Style::default()
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(marker.to_string(), row_style),
        Span::styled(
            format!("{:<w$}", severity_label(f.severity), w = SEVERITY_W - 1),
            severity_style(f.severity, theme).patch(row_style),
        ),
        Span::styled(place, theme.strong().patch(row_style)),
        Span::styled(" ".repeat(gap), row_style),
        Span::styled(code, theme.dim().patch(row_style)),
    ])];
    for l in message_lines(f, width) {
        lines.push(Line::from(format!("{}{l}", " ".repeat(SEVERITY_W))));
    }
    lines
}

/// "0 fouten · 5 waarschuwingen · 3 meldingen".
pub fn counts_text(findings: &[Finding]) -> String {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{} · {} · {}",
        count(n(Severity::Fout), "fout", "fouten"),
        count(n(Severity::Waarschuwing), "waarschuwing", "waarschuwingen"),
        count(n(Severity::Info), "melding", "meldingen"),
    )
}

fn popup_block(title: String, bottom: &'static str, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(border::DOUBLE)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.header()))
        .title_bottom(Line::from(bottom).right_aligned())
}

/// Draws the checks pane.
pub fn draw_checks(
    buf: &mut Buffer,
    size: Rect,
    findings: &[Finding],
    st: &ChecksState,
    theme: Theme,
) {
    let area = checks_area(size);
    if area.width < 3 || area.height < 3 {
        return;
    }
    Clear.render(area, buf);
    let block = popup_block(
        format!(" Controles · {} ", counts_text(findings)),
        " Enter toont de plaats · Esc sluit ",
        theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    let (w, h) = (usize::from(inner.width), usize::from(inner.height));
    if findings.is_empty() {
        let line = Line::from(Span::styled(
            truncate("Geen bevindingen: de controles vonden niets.", w),
            theme.dim(),
        ));
        buf.set_line(inner.x, inner.y, &line, inner.width);
        return;
    }
    let mut y = 0usize;
    for (i, f) in findings.iter().enumerate().skip(st.list.offset) {
        for line in finding_lines(f, w, theme, i == st.list.selected) {
            if y >= h {
                break;
            }
            buf.set_line(inner.x, inner.y + y as u16, &line, inner.width);
            y += 1;
        }
        if y >= h {
            break;
        }
    }
}

/// How a kind is shown; the long one is shortened in narrow popups.
fn kind_label(kind: Kind, wide: bool) -> &'static str {
    match kind {
        // Answer 8: a stimulus for a social impact bond, not a bond.
        Kind::SocialeImpactobligatie if wide => "stimulans SIO",
        Kind::SocialeImpactobligatie => "stimul. SIO",
        Kind::Kpi => "KPI",
        other => other.code(),
    }
}

/// One hit: kind, then the label with the matched letters marked.
fn hit_line(
    hit: &Hit,
    width: usize,
    kind_w: usize,
    wide: bool,
    theme: Theme,
    selected: bool,
) -> Line<'static> {
    let row = if selected {
        theme.selected(true)
    } else {
        Style::default()
    };
    let mut spans = vec![
        Span::styled(if selected { "›" } else { " " }, row),
        Span::styled(
            format!("{:<kind_w$} ", kind_label(hit.kind, wide)),
            theme.dim().patch(row),
        ),
    ];
    let room = width.saturating_sub(kind_w + 2);
    let n = hit.label.chars().count();
    let cut = n > room;
    let keep = if cut { room.saturating_sub(1) } else { n };
    let mut run = String::new();
    let mut run_matched = false;
    let matched_style = theme.matched().patch(row);
    for (i, ch) in hit.label.chars().take(keep).enumerate() {
        let m = hit.matched.binary_search(&i).is_ok();
        if m != run_matched && !run.is_empty() {
            let style = if run_matched { matched_style } else { row };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = m;
        run.push(ch);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_matched { matched_style } else { row },
        ));
    }
    let used = 1 + kind_w + 1 + keep;
    let tail = if cut {
        "…".to_string()
    } else {
        String::new()
    };
    let fill = width.saturating_sub(used + tail.chars().count());
    spans.push(Span::styled(format!("{tail}{}", " ".repeat(fill)), row));
    Line::from(spans)
}

/// Draws the search popup.
pub fn draw_search(buf: &mut Buffer, size: Rect, st: &SearchState, theme: Theme) {
    let area = search_area(size);
    if area.width < 3 || area.height < 3 {
        return;
    }
    Clear.render(area, buf);
    let block = popup_block(" Zoeken ".to_string(), " Enter toont · Esc sluit ", theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled(" Zoek: ", theme.strong()),
        Span::raw(truncate(&st.query, w.saturating_sub(9))),
        Span::styled(" ", theme.selected(true)),
    ])];
    let info = if st.query.trim().is_empty() {
        "Typ een naam, gemeente, actie (nummer of titel), doelstelling, KPI of woord uit een toelichting".to_string()
    } else if st.hits.is_empty() {
        format!("Niets gevonden voor '{}'", st.query.trim())
    } else if st.hits.len() >= SEARCH_LIMIT {
        format!("De beste {} treffers", st.hits.len())
    } else if st.hits.len() == 1 {
        "1 treffer".to_string()
    } else {
        format!("{} treffers", st.hits.len())
    };
    lines.push(Line::from(Span::styled(
        format!(" {}", truncate(&info, w.saturating_sub(1))),
        theme.dim(),
    )));
    let wide = w >= 90;
    let kind_w = if wide { 23 } else { 12 };
    let rows = search_rows(size);
    for (i, hit) in st.hits.iter().enumerate().skip(st.list.offset).take(rows) {
        lines.push(hit_line(hit, w, kind_w, wide, theme, i == st.list.selected));
    }
    for (i, line) in lines.iter().take(usize::from(inner.height)).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}
