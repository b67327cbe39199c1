//! The tabs: switching views, keys in a table view, Enter to the tree, `E` for one view.
//! `impl App` continued.

use std::collections::HashSet;
use std::sync::Arc;

use ratatui::layout::Position;

use crate::export::Part;
use crate::model::{LineFilter, Target};
use crate::views::{self, TableKind};

use super::super::export::Pending;
use super::super::keys::Action;
use super::super::tables::{self, Tab, TableView};
use super::{App, Pane};

impl App {
    /// Shows the view of a tab, building its table on first use.
    pub fn show_tab(&mut self, tab: Tab) {
        self.tab = tab;
        if tab == Tab::Map {
            self.map_follow_tree();
        }
        let (ds, findings) = (Arc::clone(&self.dataset), Arc::clone(&self.findings));
        self.tables
            .ensure(tab, |kind| views::build(kind, &ds, &findings));
        self.clamp_table();
    }

    /// Opens the applicants of an action in the actions tab.
    pub fn open_action(&mut self, no: u8) {
        self.tables.action = None;
        self.show_tab(Tab::Actions);
        // Back from the applicants lands on the action.
        if let Some(list) = self.tables.get_mut(Tab::Actions) {
            list.select_target(Target::Action(no));
        }
        let table = views::build(
            TableKind::ActionApplicants(no),
            &self.dataset,
            &self.findings,
        );
        self.tables.action = Some(TableView::new(table));
        self.clamp_table();
    }

    /// The view of the current tab.
    pub fn table_view(&self) -> Option<&TableView> {
        self.tables.get(self.tab)
    }

    /// Rows of the table body on screen.
    pub(super) fn table_height(&self) -> usize {
        self.table_view()
            .map_or(1, |v| tables::geometry(self.size, v).rows.height as usize)
    }

    pub(super) fn clamp_table(&mut self) {
        let h = self.table_height();
        if let Some(v) = self.tables.get_mut(self.tab) {
            let len = v.shown.len();
            v.list.clamp(len, h);
        }
    }

    /// Keys in a table view (and its filter prompt).
    pub(super) fn update_table(&mut self, action: Action) {
        let h = self.table_height();
        let tab = self.tab;
        let Some(v) = self.tables.get_mut(tab) else {
            self.tab = Tab::Overview;
            return;
        };
        let len = v.shown.len();
        if v.typing {
            match action {
                Action::Input(ch) => {
                    v.query.push(ch);
                    v.arrange();
                }
                Action::DeleteChar => {
                    v.query.pop();
                    v.arrange();
                }
                Action::Confirm => v.typing = false,
                Action::CloseOverlay => {
                    v.typing = false;
                    v.query.clear();
                    v.arrange();
                }
                Action::Up | Action::Down => {
                    v.list.navigate(action, len, h);
                }
                Action::Quit => self.request_quit(),
                _ => {}
            }
            self.clamp_table();
            return;
        }
        match action {
            _ if v.list.navigate(action, len, h) => {}
            Action::ScrollUp { .. } => v.list.scroll(-super::WHEEL, len, h),
            Action::ScrollDown { .. } => v.list.scroll(super::WHEEL, len, h),
            Action::Sort => self.message = Some(v.next_sort()),
            Action::SortReverse => self.message = Some(v.reverse_sort()),
            Action::Search => v.typing = true,
            Action::ClearFilter => {
                if v.filtered() {
                    v.query.clear();
                    v.arrange();
                } else {
                    self.message = Some("Er is geen filter actief in deze weergave".to_string());
                }
            }
            Action::Back => {
                if v.filtered() {
                    v.query.clear();
                    v.arrange();
                } else if tab == Tab::Actions && self.tables.action.is_some() {
                    self.tables.action = None;
                } else {
                    self.tab = Tab::Overview;
                }
            }
            Action::Confirm => self.confirm_table(),
            Action::ShowTab(n) => {
                if let Some(t) = Tab::from_number(n) {
                    self.show_tab(t);
                }
            }
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Some(super::Overlay::Help { scroll: 0 }),
            Action::Checks => self.open_checks(),
            Action::ExportAll => self.open_export_prompt(crate::export::Scope::All),
            Action::ExportView => self.export_table(),
            Action::Draft => self.ask_draft(),
            Action::Click { column, row } => self.click_table(column, row),
            _ => {}
        }
        self.clamp_table();
    }

    /// Enter on a line: an action opens its applicants; anything else is shown in the tree.
    fn confirm_table(&mut self) {
        let Some(v) = self.table_view() else { return };
        let in_actions = self.tab == Tab::Actions && self.tables.action.is_none();
        match v.target() {
            Some(Target::Action(no)) if in_actions => self.open_action(no),
            Some(target) => {
                self.tab = Tab::Overview;
                self.go_to(target);
            }
            None => {
                self.message = Some("Deze regel heeft geen plaats in de boom".to_string());
            }
        }
    }

    /// A click on the tabs line switches views; in the table it selects the line.
    pub(super) fn click_table(&mut self, column: u16, row: u16) {
        if let Some(v) = self.table_view() {
            let g = tables::geometry(self.size, v);
            if g.rows.contains(Position::new(column, row)) {
                let i = usize::from(row - g.rows.y) + v.list.offset;
                if let Some(v) = self.tables.get_mut(self.tab) {
                    if i < v.shown.len() {
                        v.list.selected = i;
                    }
                }
            }
        }
    }

    /// The tab under a click on the top line, if any.
    pub(super) fn tab_at(&self, column: u16, row: u16) -> Option<Tab> {
        if row != 0 {
            return None;
        }
        tables::tab_spans(self.size.width)
            .into_iter()
            .find(|(_, start, width)| column >= *start && column < start + width)
            .map(|(t, _, _)| t)
    }

    /// `E` in a table view: that view alone; filtered, only the rows shown. The prompt asks
    /// where.
    fn export_table(&mut self) {
        if self.busy() {
            self.message = Some("Er loopt al een export; even geduld".to_string());
            return;
        }
        let Some(v) = self.table_view() else { return };
        let rows = v.rows();
        let only: Option<HashSet<Target>> = v.filtered().then(|| {
            rows.iter()
                .filter_map(|&r| v.table.rows.get(r).and_then(|x| x.target))
                .collect()
        });
        let shown = if v.filtered() {
            format!(
                ", {} van {} rijen (filter '{}')",
                rows.len(),
                v.table.rows.len(),
                v.query.trim()
            )
        } else {
            String::new()
        };
        let selection = match self.dataset.line_filter() {
            LineFilter::All => String::new(),
            _ => format!(
                ", {}",
                self.filter
                    .as_ref()
                    .map_or("gefilterd", |f| f.label.as_str())
            ),
        };
        if let Some(crate::views::TableKind::ActionApplicants(no)) =
            self.tables.action.as_ref().map(|a| a.table.kind)
        {
            // An action's applicants: the whole workbook of that action's lines (of the
            // rows shown, when filtered).
            let ds = Arc::new(self.dataset.restricted_to(LineFilter::Action(no)));
            let scope = match &only {
                Some(set) => crate::export::Scope::Applicants {
                    ids: set
                        .iter()
                        .filter_map(|t| match t {
                            Target::Applicant(a) => Some(*a),
                            _ => None,
                        })
                        .collect(),
                    label: format!("filter '{}'", v.query.trim()),
                },
                None => crate::export::Scope::All,
            };
            self.ask_export(Pending::Workbook { ds, scope });
            return;
        }
        let part = match self.tab {
            Tab::Collaborations => Part::Collaborations,
            Tab::Refusals => Part::Refusals,
            Tab::Mentorships => Part::Mentorships,
            Tab::Bonds => Part::Bonds,
            Tab::Actions => Part::Objectives,
            Tab::Overview | Tab::Map => return,
        };
        let what = format!("blad {}{selection}{shown}", part.sheet_name());
        self.ask_export(Pending::Part {
            ds: Arc::clone(&self.dataset),
            part,
            only,
            what,
        });
    }

    /// Enter on an action in the objectives pane (drilled into an objective).
    pub(super) fn objectives_enter(&mut self, action_no: Option<u8>) {
        match action_no {
            Some(no) => {
                self.focus = Pane::Objectives;
                self.open_action(no);
            }
            None => {
                self.message = Some(
                    "Deze regel is geen actie van de catalogus: ze heeft geen eigen weergave"
                        .to_string(),
                );
            }
        }
    }
}
