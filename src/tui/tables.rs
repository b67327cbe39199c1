//! The tabs of the explorer and the state of the table views (collaborations, refusals,
//! mentorships, the impact bond stimulus, actions): which rows a view shows, in which order,
//! and which is selected. The tables themselves come from [`crate::views`].

use crate::model::Target;
use crate::views::{self, Table, TableKind};

use super::list::ListCursor;

/// The views, one per tab, switched with the number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Overview,
    Collaborations,
    Refusals,
    Mentorships,
    Bonds,
    Actions,
    /// The map of Flanders (not a table).
    Map,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Collaborations,
        Tab::Refusals,
        Tab::Mentorships,
        Tab::Bonds,
        Tab::Actions,
        Tab::Map,
    ];

    /// Its number key, 1 to 7.
    pub fn number(self) -> u8 {
        Tab::ALL
            .iter()
            .position(|t| *t == self)
            .map_or(1, |i| i as u8 + 1)
    }

    pub fn from_number(n: u8) -> Option<Tab> {
        Tab::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// Dutch name on the tab.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Overview => "Overzicht",
            Tab::Collaborations => "Samenwerkingen",
            Tab::Refusals => "Weigeringen",
            Tab::Mentorships => "Mentorschap",
            Tab::Bonds => "Impactobligaties",
            Tab::Actions => "Acties",
            Tab::Map => "Kaart",
        }
    }

    /// Short name for narrow terminals.
    pub fn short(self) -> &'static str {
        match self {
            Tab::Overview => "Overz.",
            Tab::Collaborations => "Samenw.",
            Tab::Refusals => "Weiger.",
            Tab::Mentorships => "Mentor.",
            Tab::Bonds => "Impact.",
            Tab::Actions => "Acties",
            Tab::Map => "Kaart",
        }
    }

    /// The table of the tab (none for the overview and the map).
    pub fn table(self) -> Option<TableKind> {
        match self {
            Tab::Overview | Tab::Map => None,
            Tab::Collaborations => Some(TableKind::Collaborations),
            Tab::Refusals => Some(TableKind::Refusals),
            Tab::Mentorships => Some(TableKind::Mentorships),
            Tab::Bonds => Some(TableKind::Bonds),
            Tab::Actions => Some(TableKind::Actions),
        }
    }

    /// Slot in [`Tables`].
    fn slot(self) -> Option<usize> {
        self.table()?;
        (self.number() as usize).checked_sub(2)
    }
}

/// A line of a table view on screen: a group heading with the rows under it that the filter
/// keeps, or a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Group { group: usize, rows: Vec<usize> },
    Row(usize),
}

/// A table as the user sees it: filtered, sorted, one line selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableView {
    pub table: Table,
    /// Sort column and descending; `None`: the table's own order.
    pub sort: Option<(usize, bool)>,
    /// The view's filter: every word must occur in a row.
    pub query: String,
    /// The filter prompt is open.
    pub typing: bool,
    pub list: ListCursor,
    pub shown: Vec<Shown>,
}

impl TableView {
    pub fn new(table: Table) -> TableView {
        let mut v = TableView {
            table,
            sort: None,
            query: String::new(),
            typing: false,
            list: ListCursor::default(),
            shown: Vec::new(),
        };
        v.arrange();
        v
    }

    /// Recomputes the lines after the filter or the sort changed; the selected row stays
    /// selected when it is still shown.
    pub fn arrange(&mut self) {
        let before = self.shown.get(self.list.selected).cloned();
        let order = self.table.arrange(&self.query, self.sort);
        let mut shown = Vec::with_capacity(order.len() + self.table.groups.len());
        let mut i = 0;
        while i < order.len() {
            let group = self.table.rows[order[i]].group;
            let mut j = i;
            while j < order.len() && self.table.rows[order[j]].group == group {
                j += 1;
            }
            if let Some(g) = group {
                shown.push(Shown::Group {
                    group: g,
                    rows: order[i..j].to_vec(),
                });
            }
            shown.extend(order[i..j].iter().map(|&r| Shown::Row(r)));
            i = j;
        }
        self.shown = shown;
        self.list.selected = match before {
            Some(b) => self
                .shown
                .iter()
                .position(|s| same_line(s, &b))
                .unwrap_or(0),
            None => 0,
        };
    }

    /// The rows shown (without headings), in screen order.
    pub fn rows(&self) -> Vec<usize> {
        self.shown
            .iter()
            .filter_map(|s| match s {
                Shown::Row(r) => Some(*r),
                Shown::Group { .. } => None,
            })
            .collect()
    }

    /// Where Enter on the selected line goes.
    pub fn target(&self) -> Option<Target> {
        match self.shown.get(self.list.selected)? {
            Shown::Row(r) => self.table.rows.get(*r)?.target,
            Shown::Group { group, .. } => self.table.groups.get(*group)?.target,
        }
    }

    /// The selected line in full: "Titel: waarde" for every cell that has a value, and the
    /// flags of the checks.
    pub fn selected_text(&self) -> String {
        match self.shown.get(self.list.selected) {
            Some(Shown::Row(r)) => {
                let Some(row) = self.table.rows.get(*r) else {
                    return String::new();
                };
                let mut parts: Vec<String> = row
                    .cells
                    .iter()
                    .zip(&self.table.columns)
                    .filter(|(v, _)| !v.display().is_empty())
                    .map(|(v, c)| format!("{}: {}", c.title, v.display()))
                    .collect();
                if !row.flags.is_empty() {
                    parts.push(format!("controles: {}", row.flags.join(", ")));
                }
                parts.join(" · ")
            }
            Some(Shown::Group { group, rows }) => {
                let label = self
                    .table
                    .groups
                    .get(*group)
                    .map_or("", |g| g.label.as_str());
                format!(
                    "{label}: {} · Enter toont de plaats in de boom",
                    self.table.group_count_label(*group, rows.len())
                )
            }
            None => String::new(),
        }
    }

    /// Whether the filter hides rows.
    pub fn filtered(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// Selects the row of a place, if shown.
    pub fn select_target(&mut self, target: Target) {
        if let Some(i) = self.shown.iter().position(|s| match s {
            Shown::Row(r) => self.table.rows.get(*r).and_then(|x| x.target) == Some(target),
            Shown::Group { .. } => false,
        }) {
            self.list.selected = i;
        }
    }

    /// Sorts on the next column (the first press: the first column), descending for amounts
    /// and counts, ascending for text. Returns the Dutch message.
    pub fn next_sort(&mut self) -> String {
        let n = self.table.columns.len();
        let col = match self.sort {
            None => 0,
            Some((c, _)) if c + 1 < n => c + 1,
            Some(_) => {
                self.sort = None;
                self.arrange();
                return "Volgorde van de tabel hersteld".to_string();
            }
        };
        let desc = self
            .table
            .columns
            .get(col)
            .is_some_and(|c| c.kind != views::ColumnKind::Text);
        self.sort = Some((col, desc));
        self.arrange();
        self.sort_message()
    }

    /// Reverses the sort (sorting on the first column first if there was none).
    pub fn reverse_sort(&mut self) -> String {
        self.sort = Some(match self.sort {
            Some((c, d)) => (c, !d),
            None => (0, true),
        });
        self.arrange();
        self.sort_message()
    }

    fn sort_message(&self) -> String {
        match self.sort {
            Some((c, desc)) => format!(
                "Gesorteerd op {} ({}){}",
                self.table.columns.get(c).map_or("?", |c| c.title),
                if desc { "aflopend" } else { "oplopend" },
                if self.table.groups.is_empty() {
                    ""
                } else {
                    ", binnen elke groep"
                }
            ),
            None => "Volgorde van de tabel".to_string(),
        }
    }

    /// "gesorteerd op Bedrag ↓" for the title.
    pub fn sort_label(&self) -> Option<String> {
        let (c, desc) = self.sort?;
        let title = self.table.columns.get(c)?.title;
        Some(format!("op {title} {}", if desc { "↓" } else { "↑" }))
    }
}

fn same_line(a: &Shown, b: &Shown) -> bool {
    match (a, b) {
        (Shown::Row(x), Shown::Row(y)) => x == y,
        (Shown::Group { group: x, .. }, Shown::Group { group: y, .. }) => x == y,
        _ => false,
    }
}

/// The views of the five table tabs, built when first shown; an action's applicants opened
/// from the actions view.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    views: [Option<TableView>; 5],
    /// The applicants of one action, shown in the actions tab over the list of actions.
    pub action: Option<TableView>,
}

impl Tables {
    /// Forgets every view (the data changed: a filter was set or cleared).
    pub fn clear(&mut self) {
        *self = Tables::default();
    }

    pub fn get(&self, tab: Tab) -> Option<&TableView> {
        if tab == Tab::Actions && self.action.is_some() {
            return self.action.as_ref();
        }
        self.views.get(tab.slot()?)?.as_ref()
    }

    pub fn get_mut(&mut self, tab: Tab) -> Option<&mut TableView> {
        if tab == Tab::Actions && self.action.is_some() {
            return self.action.as_mut();
        }
        self.views.get_mut(tab.slot()?)?.as_mut()
    }

    /// Builds the view of a tab if it is not there yet.
    pub fn ensure(&mut self, tab: Tab, build: impl FnOnce(TableKind) -> Table) {
        let (Some(slot), Some(kind)) = (tab.slot(), tab.table()) else {
            return;
        };
        if let Some(v) = self.views.get_mut(slot) {
            if v.is_none() {
                *v = Some(TableView::new(build(kind)));
            }
        }
    }
}

/// Where the parts of a table view go on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// The tabs line.
    pub tabs: ratatui::layout::Rect,
    /// The bordered block of the table.
    pub block: ratatui::layout::Rect,
    pub notes: ratatui::layout::Rect,
    pub header: ratatui::layout::Rect,
    pub rows: ratatui::layout::Rect,
    /// The selected row in full (cells cut in the table are whole here).
    pub selection: ratatui::layout::Rect,
    /// The total line.
    pub footer: ratatui::layout::Rect,
    pub status: ratatui::layout::Rect,
}

/// Lines of notes a view shows at most, as a share of the block.
fn notes_height(view: &TableView, width: u16, inner_h: u16) -> u16 {
    let lines: usize = view
        .table
        .notes
        .iter()
        .map(|n| super::detail::wrap(n, usize::from(width).max(10)).len())
        .sum();
    let cap = inner_h.saturating_sub(3) / 3;
    u16::try_from(lines).unwrap_or(u16::MAX).min(cap)
}

/// The geometry of a table view in a terminal of `size`.
pub fn geometry(size: ratatui::layout::Rect, view: &TableView) -> Geometry {
    use ratatui::layout::Rect;
    let status_h = size.height.min(2);
    let tabs = Rect::new(size.x, size.y, size.width, size.height.min(1));
    let body_h = size.height.saturating_sub(status_h + tabs.height);
    let block = Rect::new(size.x, size.y + tabs.height, size.width, body_h);
    let inner = Rect::new(
        block.x + 1,
        block.y + 1,
        block.width.saturating_sub(2),
        block.height.saturating_sub(2),
    );
    let notes_h = notes_height(view, inner.width, inner.height);
    let notes = Rect::new(inner.x, inner.y, inner.width, notes_h);
    let header = Rect::new(inner.x, inner.y + notes_h, inner.width, inner.height.min(1));
    let selection_h = if inner.height >= 12 { 2 } else { 0 };
    let rows_h = inner.height.saturating_sub(notes_h + 2 + selection_h);
    let rows = Rect::new(inner.x, header.y + header.height, inner.width, rows_h);
    let footer = Rect::new(inner.x, rows.y + rows_h, inner.width, inner.height.min(1));
    let selection = Rect::new(inner.x, footer.y + footer.height, inner.width, selection_h);
    let status = Rect::new(
        size.x,
        size.y + size.height - status_h,
        size.width,
        status_h,
    );
    Geometry {
        tabs,
        block,
        notes,
        header,
        rows,
        selection,
        footer,
        status,
    }
}

/// The tabs on the top line: each tab with its start column and width. Full names where they
/// fit, short ones otherwise.
pub fn tab_spans(width: u16) -> Vec<(Tab, u16, u16)> {
    let label = |t: Tab, short: bool| {
        format!(
            " {} {} ",
            t.number(),
            if short { t.short() } else { t.name() }
        )
    };
    let full: usize = Tab::ALL
        .iter()
        .map(|t| label(*t, false).chars().count() + 1)
        .sum();
    let short = full > usize::from(width);
    let mut x = 0u16;
    let mut out = Vec::new();
    for t in Tab::ALL {
        let w = u16::try_from(label(t, short).chars().count()).unwrap_or(u16::MAX);
        out.push((t, x, w));
        x = x.saturating_add(w + 1);
    }
    out
}

/// The text of a tab as drawn.
pub fn tab_label(t: Tab, width: u16) -> String {
    let short = tab_spans(width)
        .iter()
        .find(|(x, _, _)| *x == t)
        .is_some_and(|(_, _, w)| usize::from(*w) < t.name().chars().count() + 4);
    format!(
        " {} {} ",
        t.number(),
        if short { t.short() } else { t.name() }
    )
}
