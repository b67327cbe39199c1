//! The line filter: only the lines of one action or objective count in every pane.
//! `impl App` continued.

use std::sync::Arc;

use crate::model::LineFilter;
use crate::reference;

use super::super::list::ListCursor;
use super::{App, Filter};

impl App {
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
        self.refresh_calls();
        self.tree.rebuild(&self.dataset);
        self.tree.set_filter(Some(&shown));
        self.tree_state = ListCursor::default();
        self.dataset_changed();
    }

    /// Counts every line again and shows every applicant; the selection stays where it was.
    pub fn clear_filter(&mut self) {
        let node = self.selected();
        self.filter = None;
        self.dataset = Arc::clone(&self.full);
        self.refresh_calls();
        self.tree.set_filter(None);
        self.dataset_changed();
        if let Some(i) = self.tree.index_of(node) {
            self.tree_state.selected = i;
        }
        self.message = Some("Filter gewist: alle regels tellen weer".to_string());
        self.selection_changed();
    }
}
