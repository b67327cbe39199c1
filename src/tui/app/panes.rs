//! Keys and the mouse on the three panes of Overzicht: the tree, the detail and the objectives.
//! `impl App` continued.

use ratatui::layout::{Position, Rect};

use crate::model::OBJECTIVES;

use super::super::keys::Action;
use super::super::list::ListCursor;
use super::super::tree::Node;
use super::{drill_actions, App, Pane};

impl App {
    pub(super) fn tree_key(&mut self, action: Action) {
        let len = self.tree.rows().len();
        let h = self.tree_height();
        let node = self.selected();
        let before = self.tree_state.selected;
        match action {
            _ if self.tree_state.navigate(action, len, h) => {}
            Action::Toggle => {
                self.tree.toggle(node);
            }
            Action::Left => self.tree_left(node),
            Action::Right => self.tree_right(node, len, h),
            _ => {}
        }
        if self.tree_state.selected != before || self.selected() != node {
            self.selection_changed();
        } else {
            self.clamp_all();
        }
    }

    /// Collapses an expanded node, else goes to its parent.
    fn tree_left(&mut self, node: Node) {
        let collapsed = self.tree.collapse(node);
        if !collapsed {
            if let Some(i) = self.tree.parent(node).and_then(|p| self.tree.index_of(p)) {
                self.tree_state.selected = i;
            }
        }
    }

    /// Expands a collapsed node, else goes to its first child; from a partner that applied
    /// itself, jumps to its own application.
    fn tree_right(&mut self, node: Node, len: usize, h: usize) {
        if let Node::Partner { lead, index } = node {
            if let Some(a) = self.tree.partner(lead, index).and_then(|p| p.applicant) {
                self.jump(Node::Applicant(a));
            }
            return;
        }
        let expanded = self.tree.expand(node);
        if !expanded && self.tree.is_expanded(node) {
            self.tree_state.step(1, len, h);
        }
    }

    pub(super) fn detail_key(&mut self, action: Action) {
        let (_, h) = self.detail_size();
        let max = self.detail_max();
        let page = h.saturating_sub(1).max(1);
        let o = &mut self.detail_offset;
        *o = match action {
            Action::Up => o.saturating_sub(1),
            Action::Down => (*o + 1).min(max),
            Action::PageUp => o.saturating_sub(page),
            Action::PageDown => (*o + page).min(max),
            Action::Home => 0,
            Action::End => max,
            _ => *o,
        };
    }

    pub(super) fn objectives_key(&mut self, action: Action) {
        let len = self.objective_rows();
        let h = self.objectives_height();
        let st = &mut self.objectives;
        match action {
            _ if st.list.navigate(action, len, h) => {}
            Action::Right | Action::Toggle if st.drill.is_none() => {
                let i = st.list.selected;
                if i < OBJECTIVES {
                    st.saved = st.list;
                    st.drill = Some(i as u8 + 1);
                    st.list = ListCursor::default();
                } else {
                    self.message = Some(
                        "Deze regels horen bij geen doelstelling en hebben geen acties".to_string(),
                    );
                }
            }
            Action::Toggle if st.drill.is_some() => {
                let no = st
                    .drill
                    .and_then(|o| drill_actions(o).get(st.list.selected).copied());
                self.objectives_enter(no);
                return;
            }
            Action::Left if st.drill.is_some() => {
                st.drill = None;
                st.list = st.saved;
            }
            _ => {}
        }
        self.clamp_all();
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let p = self.panes();
        let pos = Position::new(column, row);
        if p.tree.contains(pos) {
            self.focus = Pane::Tree;
            if let Some(i) = inner_row(p.tree, row, self.tree_header()) {
                let i = i + self.tree_state.offset;
                if i < self.tree.rows().len() {
                    if i == self.tree_state.selected {
                        self.tree_key(Action::Toggle);
                    } else {
                        self.tree_state.selected = i;
                        self.selection_changed();
                    }
                }
            }
        } else if p.detail.contains(pos) {
            self.focus = Pane::Detail;
        } else if p.objectives.contains(pos) {
            self.focus = Pane::Objectives;
            if let Some(i) = inner_row(p.objectives, row, 1) {
                let i = i + self.objectives.list.offset;
                if i < self.objective_rows() {
                    self.objectives.list.selected = i;
                    self.clamp_all();
                }
            }
        }
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, delta: isize) {
        let p = self.panes();
        let pos = Position::new(column, row);
        if p.tree.contains(pos) {
            let (len, h) = (self.tree.rows().len(), self.tree_height());
            let before = self.selected();
            self.tree_state.scroll(delta, len, h);
            if self.selected() != before {
                self.selection_changed();
            }
        } else if p.detail.contains(pos) {
            let max = self.detail_max();
            self.detail_offset = self.detail_offset.saturating_add_signed(delta).min(max);
        } else if p.objectives.contains(pos) {
            let (len, h) = (self.objective_rows(), self.objectives_height());
            self.objectives.list.scroll(delta, len, h);
        }
    }
}

/// The list row under screen row `row` of a bordered pane with `header` rows above the list.
fn inner_row(pane: Rect, row: u16, header: u16) -> Option<usize> {
    let top = pane.y + 1 + header;
    let bottom = pane.y + pane.height.saturating_sub(1);
    (row >= top && row < bottom).then(|| usize::from(row - top))
}
