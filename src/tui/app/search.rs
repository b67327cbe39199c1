//! The search popup (`/`): the index, typing, the hits and Enter on one. `impl App` continued.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::model::{LineFilter, Target};
use crate::reference;
use crate::search::{Hit, Index};

use super::super::keys::Action;
use super::super::layout;
use super::super::list::ListCursor;
use super::{App, Overlay, Pane, SearchState};

impl App {
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
        let rows = layout::search_rows(self.size);
        let len = st.hits.len();
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
            Action::ScrollUp { .. } => st.list.step(-1, len, rows),
            Action::ScrollDown { .. } => st.list.step(1, len, rows),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                st.list.navigate(action, len, rows);
            }
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
                let rows = layout::search_rows(self.size);
                if let Some(Overlay::Search(st)) = &mut self.overlay {
                    st.list.clamp(st.hits.len(), rows);
                }
                return;
            }
            _ => {}
        }
        if requery {
            st.hits = match &self.index {
                Some(index) => index.query(&st.query, layout::SEARCH_LIMIT),
                None => Vec::new(),
            };
            st.list = ListCursor::default();
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
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;

    use super::*;
    use crate::tui::{view, Theme};

    fn screen(app: &mut App) -> Buffer {
        let area = Rect::new(0, 0, 160, 48);
        app.update(Action::Resize {
            width: area.width,
            height: area.height,
        });
        let mut buf = Buffer::empty(area);
        view::render(app, area, &mut buf);
        buf
    }

    #[test]
    fn state_and_index_built_together_equal_them_built_one_after_the_other() {
        for ds in [
            crate::annex::load_sample().unwrap(),
            crate::annex::load_sample_calls(&Default::default()).unwrap(),
        ] {
            let mut apart = App::new(ds.clone(), Theme::plain());
            assert!(apart.index.is_none(), "App::new leaves the index for later");
            apart.build_search_index();
            let mut together = App::with_search_index(ds, Theme::plain());
            let (a, t) = (
                apart.index.clone().unwrap(),
                together.index.clone().unwrap(),
            );
            assert_eq!(a.len(), t.len());
            for q in ["gent", "oefen", "brugg", "actie 5", "mentor"] {
                let hits = a.query(q, 50);
                assert!(!hits.is_empty(), "{q}");
                assert_eq!(hits, t.query(q, 50), "{q}");
            }
            assert_eq!(screen(&mut apart), screen(&mut together));
            // Into a province and its first applicant: the tree, detail and checks alike.
            for app in [&mut apart, &mut together] {
                for action in [Action::Down, Action::Right, Action::Down] {
                    app.update(action);
                }
            }
            assert_eq!(screen(&mut apart), screen(&mut together));
        }
    }
}
