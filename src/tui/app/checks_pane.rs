//! The checks pane (`c`): the findings of the checks, navigated with the list keys; Enter goes
//! to a finding's place. `impl App` continued.

use ratatui::layout::Rect;

use super::super::keys::Action;
use super::super::layout;
use super::{App, ChecksState, Overlay};

impl App {
    pub(super) fn open_checks(&mut self) {
        self.overlay = Some(Overlay::Checks(ChecksState::default()));
    }

    pub(super) fn update_checks(&mut self, action: Action) {
        let Some(Overlay::Checks(mut st)) = self.overlay else {
            return;
        };
        let len = self.findings.len();
        let (w, h) = layout::checks_inner(self.size);
        let last = len.saturating_sub(1);
        // Findings take several rows: a page is the findings that fit from the first shown.
        let page = self.findings_fitting(st.list.offset, w, h).max(1);
        let key = match action {
            Action::ScrollUp { .. } => Action::Up,
            Action::ScrollDown { .. } => Action::Down,
            other => other,
        };
        if let Some(i) = st.list.moved_to(key, len, page + 1) {
            st.list.selected = i;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::CloseOverlay | Action::Checks => {
                self.overlay = None;
                return;
            }
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
        let (w, h) = layout::checks_inner(self.size);
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
                fs.iter().map(|f| layout::finding_height(f, width)).sum()
            })
    }

    /// How many findings from `from` on fit entirely in `height` rows.
    pub(super) fn findings_fitting(&self, from: usize, width: usize, height: usize) -> usize {
        let mut rows = 0;
        let mut n = 0;
        for f in self.findings.iter().skip(from) {
            rows += layout::finding_height(f, width);
            if rows > height {
                break;
            }
            n += 1;
        }
        n
    }
}
