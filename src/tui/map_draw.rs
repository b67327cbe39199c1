//! Drawing the map view: the areas filled by class of the measure (cell backgrounds in colour,
//! shading characters under `NO_COLOR`), the borders in braille on a ratatui `Canvas`, the
//! selection and the partners of its collaborations outlined, and a panel with the selection,
//! the legend and the attribution of the boundaries.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Context, Line as CLine};
use ratatui::widgets::{Block, Borders, Widget};

use crate::geo::{self, Bounds, Geo, ATTRIBUTION};
use crate::money::{count, format_eur};

use super::app::App;
use super::detail::wrap;
use super::map::{applicant_of, Classes, MapState};
use super::theme::Theme;

/// Where the parts of the map view go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub tabs: Rect,
    pub block: Rect,
    /// The map itself.
    pub map: Rect,
    /// Selection, legend, attribution.
    pub panel: Rect,
    pub status: Rect,
}

/// The geometry of the map view in a terminal of `size`: on a wide terminal the map takes the
/// whole width and the panel goes below it, otherwise the panel goes on the right.
pub fn geometry(size: Rect) -> Geometry {
    let status_h = size.height.min(2);
    let tabs = Rect::new(size.x, size.y, size.width, size.height.min(1));
    let body_h = size.height.saturating_sub(status_h + tabs.height);
    let block = Rect::new(size.x, size.y + tabs.height, size.width, body_h);
    let inner = Block::default().borders(Borders::ALL).inner(block);
    let status = Rect::new(
        size.x,
        size.y + size.height - status_h,
        size.width,
        status_h,
    );
    let (map, panel) = if inner.width >= 120 {
        // Rows that show all of Flanders at this width (a row is two columns high).
        let b = geo::get().bounds;
        let needed = (f64::from(inner.width) * b.height() / b.width() / 2.0).ceil() as u16 + 1;
        let map_h = needed.min(inner.height.saturating_sub(PANEL_ROWS));
        (
            Rect::new(inner.x, inner.y, inner.width, map_h),
            Rect::new(
                inner.x,
                inner.y + map_h,
                inner.width,
                inner.height.saturating_sub(map_h),
            ),
        )
    } else {
        let panel_w = if inner.width >= 100 { 34 } else { 30 }.min(inner.width / 2);
        (
            Rect::new(
                inner.x,
                inner.y,
                inner.width.saturating_sub(panel_w + 1),
                inner.height,
            ),
            Rect::new(
                inner.x + inner.width - panel_w,
                inner.y,
                panel_w,
                inner.height,
            ),
        )
    };
    Geometry {
        tabs,
        block,
        map,
        panel,
        status,
    }
}

/// Rows kept for the panel below the map on a wide terminal.
const PANEL_ROWS: u16 = 10;

/// The part of the map shown in `map`: the zoomed province, or all of Flanders and Brussels.
pub fn view_bounds(state: &MapState, map: Rect) -> Bounds {
    geo::get()
        .province_bounds(state.zoom)
        .fit(map.width, map.height)
}

/// Colours of the classes, light to dark (256-colour palette).
const PALETTE: [u8; 5] = [153, 75, 33, 26, 19];
/// Shading of the classes without colour, light to dark.
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];
/// Background of an area without an application (colour only).
const NO_APPLICATION: Color = Color::Indexed(237);

/// The fill of class `k` of `n`: spread over the palette when there are fewer classes.
fn class_step(k: usize, n: usize) -> usize {
    if n <= 1 {
        PALETTE.len() - 1
    } else {
        (k * (PALETTE.len() - 1) / (n - 1)).min(PALETTE.len() - 1)
    }
}

/// The areas outlined: the selection and the partners of the collaborations its applicant
/// leads.
pub fn partners(app: &App) -> Vec<usize> {
    let g = geo::get();
    let Some(sel) = app.map.selected.and_then(|i| g.areas.get(i)) else {
        return Vec::new();
    };
    let Some(lead) = applicant_of(&app.dataset, sel.place) else {
        return Vec::new();
    };
    let mut out: Vec<usize> = app
        .tree
        .partners(lead)
        .iter()
        .filter_map(|p| p.municipality)
        .filter_map(|m| g.area_index(geo::Place::Municipality(m)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn outline(ctx: &mut Context, g: &Geo, view: &Bounds, area: usize, color: Color) {
    if let Some(a) = g.areas.get(area) {
        for ring in a.parts.iter().flat_map(|p| &p.rings) {
            for w in ring.windows(2) {
                segment(ctx, view, w[0], w[1], color);
            }
        }
    }
}

fn segment(ctx: &mut Context, view: &Bounds, a: geo::Point, b: geo::Point, color: Color) {
    if (a.0 < view.x0 && b.0 < view.x0)
        || (a.0 > view.x1 && b.0 > view.x1)
        || (a.1 < view.y0 && b.1 < view.y0)
        || (a.1 > view.y1 && b.1 > view.y1)
    {
        return;
    }
    ctx.draw(&CLine::new(a.0, a.1, b.0, b.1, color));
}

/// Draws the map view.
pub fn draw(buf: &mut Buffer, size: Rect, app: &App) {
    let g = geo::get();
    let geom = geometry(size);
    let theme = app.theme;
    super::table_draw::draw_tabs(buf, geom.tabs, app.tab, theme);
    let state = &app.map;
    let filter_label = app.filter.as_ref().map(|f| f.label.as_str());
    let zoom = state
        .zoom
        .map_or_else(String::new, |p| format!(" · {}", p.name()));
    let title = format!(
        " ▶ Kaart · {}{zoom}{} ",
        state.measure.name(filter_label),
        app.filter_suffix()
    );
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.strong()))
        .render(geom.block, buf);
    let values = app.map_values();
    let classes = Classes::of(values, state.measure);
    let view = view_bounds(state, geom.map);
    let raster = g.raster(view, geom.map.width, geom.map.height);
    let fill = |i: usize| -> Option<usize> {
        let v = values.get(i).copied().flatten()?;
        classes.class(v).map(|k| class_step(k, classes.len()))
    };
    let width = usize::from(geom.map.width);
    // Without colour the shading goes first; the borders drawn over it replace it.
    if !theme.color {
        for (n, cell) in raster.iter().enumerate() {
            if let Some(k) = cell.and_then(|i| fill(usize::from(i))) {
                let (x, y) = ((n % width) as u16, (n / width) as u16);
                buf[(geom.map.x + x, geom.map.y + y)].set_char(SHADES[k]);
            }
        }
    }
    let outlined = partners(app);
    let color = |c: Color| if theme.color { c } else { Color::Reset };
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([view.x0, view.x1])
        .y_bounds([view.y0, view.y1])
        .paint(|ctx| {
            // With colour every municipal border is drawn; without, the shading separates
            // the classes and only the provinces are outlined.
            if theme.color {
                for (a, b) in &g.borders {
                    segment(ctx, &view, *a, *b, Color::Indexed(245));
                }
                ctx.layer();
            }
            for (_, a, b) in &g.province_borders {
                segment(ctx, &view, *a, *b, color(Color::Indexed(220)));
            }
            ctx.layer();
            for p in &outlined {
                outline(ctx, g, &view, *p, color(Color::Indexed(46)));
            }
            ctx.layer();
            if let Some(sel) = state.selected {
                outline(ctx, g, &view, sel, color(Color::Indexed(201)));
            }
        });
    canvas.render(geom.map, buf);
    if theme.color {
        for (n, cell) in raster.iter().enumerate() {
            if let Some(i) = cell {
                let bg =
                    fill(usize::from(*i)).map_or(NO_APPLICATION, |k| Color::Indexed(PALETTE[k]));
                let (x, y) = ((n % width) as u16, (n / width) as u16);
                buf[(geom.map.x + x, geom.map.y + y)].set_bg(bg);
            }
        }
    }
    let below = geom.panel.y > geom.map.y;
    let col_w = if below {
        (geom.panel.width / 3).saturating_sub(2)
    } else {
        geom.panel.width
    };
    let lines = panel_lines(app, values, &classes, &outlined, col_w);
    draw_panel(buf, geom.panel, lines, below);
    super::view::draw_status_pub(buf, geom.status, app);
}

/// A swatch of a class in the legend.
fn swatch(k: Option<usize>, theme: Theme) -> Span<'static> {
    match (k, theme.color) {
        (Some(k), true) => Span::styled("  ", Style::new().bg(Color::Indexed(PALETTE[k]))),
        (None, true) => Span::styled("  ", Style::new().bg(NO_APPLICATION)),
        (Some(k), false) => Span::raw(SHADES[k].to_string().repeat(2)),
        (None, false) => Span::raw("  "),
    }
}

/// The panel's text: the selection, the legend, the notes with the attribution.
struct Panel {
    selection: Vec<Line<'static>>,
    legend: Vec<Line<'static>>,
    notes: Vec<Line<'static>>,
}

fn panel_lines(
    app: &App,
    values: &[Option<i64>],
    classes: &Classes,
    outlined: &[usize],
    width: u16,
) -> Panel {
    let g = geo::get();
    let theme = app.theme;
    let ds = &app.dataset;
    let w = usize::from(width).max(10);
    let measure = app.map.measure;
    let mut top: Vec<Line> = Vec::new();
    let wrapped = |text: &str, style: Style, out: &mut Vec<Line<'static>>| {
        for l in wrap(text, w) {
            out.push(Line::styled(l, style));
        }
    };
    match app
        .map
        .selected
        .and_then(|i| g.areas.get(i).map(|a| (i, a)))
    {
        Some((i, area)) => {
            wrapped(
                &format!("{} ({})", area.name, area.province.name()),
                theme.strong(),
                &mut top,
            );
            match applicant_of(ds, area.place).and_then(|a| ds.applicant_totals(a)) {
                Some(t) if t.lines > 0 => {
                    wrapped(
                        &format!("Toegekend: {}", format_eur(t.granted)),
                        Style::new(),
                        &mut top,
                    );
                    if let Some(v) = values.get(i).copied().flatten() {
                        if measure != super::map::Measure::Granted {
                            wrapped(
                                &format!("{}: {}", measure.name(None), measure.format(v)),
                                Style::new(),
                                &mut top,
                            );
                        }
                    }
                }
                _ => wrapped(
                    "Geen aanvraag (of geen regels onder de filter)",
                    theme.dim(),
                    &mut top,
                ),
            }
            if !outlined.is_empty() {
                let names: Vec<&str> = outlined
                    .iter()
                    .filter_map(|p| g.areas.get(*p).map(|a| a.name.as_str()))
                    .collect();
                wrapped(
                    &format!(
                        "Partners ({}, groen omrand): {}",
                        names.len(),
                        names.join(", ")
                    ),
                    Style::new(),
                    &mut top,
                );
            }
        }
        None => wrapped(
            "Geen gemeente gekozen: ←↑→↓ kiest er een",
            theme.dim(),
            &mut top,
        ),
    }
    let selection = std::mem::take(&mut top);
    wrapped(
        &format!(
            "Legende: {}",
            measure.name(app.filter.as_ref().map(|f| f.label.as_str()))
        ),
        theme.header(),
        &mut top,
    );
    for k in 0..classes.len() {
        let n = values
            .iter()
            .flatten()
            .filter(|v| classes.class(**v) == Some(k))
            .count();
        top.push(Line::from(vec![
            swatch(Some(class_step(k, classes.len())), theme),
            Span::raw(format!(" {} ({n})", classes.label(k, measure))),
        ]));
    }
    let none = values.iter().filter(|v| v.is_none()).count();
    top.push(Line::from(vec![
        swatch(None, theme),
        Span::raw(format!(" geen aanvraag ({none})")),
    ]));
    let legend = std::mem::take(&mut top);
    wrapped(
        &format!(
            "Brussel is één gebied (de VGC); vzw De Rand staat niet op de kaart. {}.",
            count(g.areas.len() - 1, "gemeente", "gemeenten")
        ),
        theme.dim(),
        &mut top,
    );
    wrapped(ATTRIBUTION, theme.dim(), &mut top);
    Panel {
        selection,
        legend,
        notes: top,
    }
}

/// The panel: below the map in three columns (selection, legend, notes), or on the right with
/// the notes at the bottom (the attribution always shows; the rest is cut if the panel is short).
fn draw_panel(buf: &mut Buffer, area: Rect, panel: Panel, below: bool) {
    let put = |buf: &mut Buffer, area: Rect, lines: &[Line]| {
        for (i, l) in lines.iter().take(usize::from(area.height)).enumerate() {
            buf.set_line(area.x, area.y + i as u16, l, area.width);
        }
    };
    if below {
        let w = area.width / 3;
        let col = |i: u16| {
            Rect::new(
                area.x + i * w,
                area.y + 1,
                if i == 2 { area.width - 2 * w } else { w - 2 },
                area.height.saturating_sub(1),
            )
        };
        put(buf, col(0), &panel.selection);
        put(buf, col(1), &panel.legend);
        put(buf, col(2), &panel.notes);
        return;
    }
    let h = usize::from(area.height);
    let notes_h = panel.notes.len().min(h);
    let top: Vec<Line> = panel
        .selection
        .into_iter()
        .chain(std::iter::once(Line::raw("")))
        .chain(panel.legend)
        .collect();
    let top_area = Rect::new(
        area.x,
        area.y,
        area.width,
        (h - notes_h).saturating_sub(1) as u16,
    );
    put(buf, top_area, &top);
    let notes_area = Rect::new(
        area.x,
        area.y + (h - notes_h) as u16,
        area.width,
        notes_h as u16,
    );
    put(buf, notes_area, &panel.notes);
}
