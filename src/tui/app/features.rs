//! The explorer's features beyond the panes: the search popup and the tree's search filter, the
//! checks pane, and exports on a worker thread. `impl App` continued; the state types live in
//! the parent module.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::export::Scope as ExportScope;
use crate::model::{LineFilter, Target};
use crate::reference;
use crate::search::{Hit, Index};

use super::super::export::ExportResult;
use super::super::keys::Action;
use super::super::popups;
use super::super::tree::Node;
use super::{App, ChecksState, Filter, ListState, Overlay, Pane, SearchState};

impl App {
    /// Polls the running export and advances the spinner.
    pub(super) fn tick(&mut self) {
        let Some(job) = &self.export else {
            return;
        };
        self.spinner = self.spinner.wrapping_add(1);
        if let Some(result) = job.poll() {
            self.export_done(result);
        }
    }

    pub(super) fn export_done(&mut self, result: ExportResult) {
        let what = self.export.take().map(|job| job.what).unwrap_or_default();
        if self.quit_after_export {
            self.quit = true;
        }
        match result {
            Ok(path) => {
                self.message = Some(format!("Werkmap geschreven ({what}): {}", path.display()));
                self.last_export = Some(path);
            }
            Err(e) => self.message = Some(format!("Export mislukt: {e}")),
        }
    }

    /// What `E` exports: the selected applicant, else the selected province, else everything;
    /// under a filter only the filtered lines (the export is of [`App::dataset`]).
    pub fn view_scope(&self) -> ExportScope {
        match self.selected() {
            Node::Applicant(a) => ExportScope::Applicant(a),
            Node::Partner { lead, index } => ExportScope::Applicant(
                self.tree
                    .partner(lead, index)
                    .and_then(|p| p.applicant)
                    .unwrap_or(lead),
            ),
            Node::Province(Some(p)) => ExportScope::Province(p),
            Node::Province(None) => ExportScope::Applicants {
                ids: self.dataset.province_totals(None).applicants.clone(),
                label: "provincie onbekend".to_string(),
            },
            Node::All => ExportScope::All,
        }
    }

    pub(super) fn open_checks(&mut self) {
        self.overlay = Some(Overlay::Checks(ChecksState::default()));
    }

    pub(super) fn update_checks(&mut self, action: Action) {
        let Some(Overlay::Checks(mut st)) = self.overlay else {
            return;
        };
        let len = self.findings.len();
        let (w, h) = popups::checks_inner(self.size);
        let last = len.saturating_sub(1);
        let page = self.findings_fitting(st.list.offset, w, h).max(1);
        match action {
            Action::Quit => self.request_quit(),
            Action::CloseOverlay | Action::Checks => {
                self.overlay = None;
                return;
            }
            Action::Up | Action::ScrollUp { .. } => {
                st.list.selected = st.list.selected.saturating_sub(1)
            }
            Action::Down | Action::ScrollDown { .. } => {
                st.list.selected = (st.list.selected + 1).min(last)
            }
            Action::PageUp => st.list.selected = st.list.selected.saturating_sub(page),
            Action::PageDown => st.list.selected = (st.list.selected + page).min(last),
            Action::Home => st.list.selected = 0,
            Action::End => st.list.selected = last,
            Action::Confirm => {
                let target = self.findings.get(st.list.selected).map(|f| f.target);
                match target {
                    Some(Some(t)) => {
                        self.overlay = None;
                        self.go_to(t);
                        return;
                    }
                    Some(None) => {
                        self.message =
                            Some("Deze bevinding heeft geen plaats in de boom".to_string())
                    }
                    None => {}
                }
            }
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp_all();
            }
            _ => {}
        }
        let (w, h) = popups::checks_inner(self.size);
        st.list.selected = st.list.selected.min(last);
        st.list.offset = st.list.offset.min(st.list.selected);
        while st.list.offset < st.list.selected
            && self.rows_between(st.list.offset, st.list.selected, w) > h
        {
            st.list.offset += 1;
        }
        self.overlay = Some(Overlay::Checks(st));
    }

    /// Rows the findings `from..=to` take at an inner width.
    pub(super) fn rows_between(&self, from: usize, to: usize, width: usize) -> usize {
        self.findings
            .get(from..=to.min(self.findings.len().saturating_sub(1)))
            .map_or(0, |fs| {
                fs.iter().map(|f| popups::finding_height(f, width)).sum()
            })
    }

    /// How many findings from `from` on fit entirely in `height` rows.
    pub(super) fn findings_fitting(&self, from: usize, width: usize, height: usize) -> usize {
        let mut rows = 0;
        let mut n = 0;
        for f in self.findings.iter().skip(from) {
            rows += popups::finding_height(f, width);
            if rows > height {
                break;
            }
            n += 1;
        }
        n
    }

    /// Builds the search index now rather than on the first `/`: at a million rows it takes
    /// more than a second, which the explorer's loading screen covers and a keystroke must not.
    pub fn build_search_index(&mut self) {
        if self.index.is_none() {
            // Over all the data: a hit outside a filter clears it when followed.
            self.index = Some(Arc::new(Index::new(&self.full)));
        }
    }

    pub(super) fn open_search(&mut self) {
        self.build_search_index();
        if let Some(index) = &self.index {
            index.reset();
        }
        self.overlay = Some(Overlay::Search(SearchState::default()));
    }

    pub(super) fn update_search(&mut self, action: Action) {
        if action == Action::Quit {
            return self.request_quit();
        }
        let Some(Overlay::Search(st)) = &mut self.overlay else {
            return;
        };
        let rows = popups::search_rows(self.size);
        let len = st.hits.len();
        let page = rows.saturating_sub(1).max(1) as isize;
        let mut requery = false;
        match action {
            Action::CloseOverlay => {
                // The view was not touched while the popup was open: closing restores it.
                self.overlay = None;
                return;
            }
            Action::Input(c) => {
                st.query.push(c);
                requery = true;
            }
            Action::DeleteChar => {
                requery = st.query.pop().is_some();
            }
            Action::Up | Action::ScrollUp { .. } => st.list.step(-1, len, rows),
            Action::Down | Action::ScrollDown { .. } => st.list.step(1, len, rows),
            Action::PageUp => st.list.step(-page, len, rows),
            Action::PageDown => st.list.step(page, len, rows),
            Action::Confirm => {
                if let Some(hit) = st.hits.get(st.list.selected).cloned() {
                    self.overlay = None;
                    self.show_hit(&hit);
                } else if !st.query.trim().is_empty() {
                    self.message = Some(format!("Niets gevonden voor '{}'", st.query.trim()));
                }
                return;
            }
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp_all();
                let rows = popups::search_rows(self.size);
                if let Some(Overlay::Search(st)) = &mut self.overlay {
                    st.list.clamp(st.hits.len(), rows);
                }
                return;
            }
            _ => {}
        }
        if requery {
            st.hits = match &self.index {
                Some(index) => index.query(&st.query, popups::SEARCH_LIMIT),
                None => Vec::new(),
            };
            st.list = ListState::default();
        }
    }

    /// Enter on a search hit: an action or objective filters the view to its lines; anything
    /// else is selected in the tree.
    pub(super) fn show_hit(&mut self, hit: &Hit) {
        let target = hit.target;
        let lines = match target {
            Target::Action(no) => LineFilter::Action(no),
            Target::Objective(no) => LineFilter::Objective(no),
            _ => {
                if self.go_to(target) {
                    self.message = Some(format!("Gevonden: {}", hit.plain_label()));
                }
                return;
            }
        };
        let label = reference::get().line_filter_label(lines);
        if self.full.restricted_to(lines).totals().lines == 0 {
            self.go_to(target);
            self.message = Some(format!("Geen aanvragers met {label} in dit bestand"));
            return;
        }
        self.set_filter(lines);
        self.go_to(target);
        self.focus = Pane::Tree;
        let t = self.dataset.totals();
        self.message = Some(format!(
            "Filter (x of Esc wist): {} met {label}, samen {}",
            crate::money::count(t.applicants.len(), "aanvrager", "aanvragers"),
            crate::money::format_eur(t.granted)
        ));
    }

    /// Counts only the lines of an action or objective: every amount in the panes is then that
    /// of those lines, and the tree shows only the applicants (and provinces) that have any.
    /// Vlaanderen is selected.
    pub fn set_filter(&mut self, lines: LineFilter) {
        self.dataset = Arc::new(self.full.restricted_to(lines));
        self.filter = Some(Filter {
            label: reference::get().line_filter_label(lines),
            lines,
        });
        let shown = self.dataset.totals().applicants.clone();
        self.tree.rebuild(&self.dataset);
        self.tree.set_filter(Some(&shown));
        self.tree_state = ListState::default();
        self.dataset_changed();
    }

    /// Counts every line again and shows every applicant; the selection stays where it was.
    pub fn clear_filter(&mut self) {
        let node = self.selected();
        self.filter = None;
        self.dataset = Arc::clone(&self.full);
        self.tree.set_filter(None);
        self.dataset_changed();
        if let Some(i) = self.tree.index_of(node) {
            self.tree_state.selected = i;
        }
        self.message = Some("Filter gewist: alle regels tellen weer".to_string());
        self.selection_changed();
    }
}
