//! The one list-navigation primitive: a selection and the first row in view, moved by the
//! list keys and the mouse wheel. Used by the tree, the objectives pane, the table views, the
//! search popup and the checks pane. (ratatui has a `ListState` of its own; this is not it.)

use super::keys::Action;

/// Selection and scroll offset of a list pane (the `*State` half of a stateful widget).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    /// Keeps the selection inside `0..len` and inside the window of `height` rows.
    pub fn clamp(&mut self, len: usize, height: usize) {
        let h = height.max(1);
        if len == 0 {
            *self = ListCursor::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(len.saturating_sub(h));
    }

    pub fn select(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index;
        self.clamp(len, height);
    }

    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        let i = self.selected.saturating_add_signed(delta);
        self.select(i, len, height);
    }

    /// The list keys: ↑↓ a row, PgUp/PgDn a window less one row, Home/End the ends. Returns
    /// false for any other action (left to the caller).
    pub fn navigate(&mut self, action: Action, len: usize, height: usize) -> bool {
        match self.moved_to(action, len, height) {
            Some(i) => {
                self.select(i, len, height);
                true
            }
            None => false,
        }
    }

    /// Where a list key moves the selection in a list of `len` rows with `height` rows in
    /// view, without scrolling; `None` for any other action.
    pub fn moved_to(&self, action: Action, len: usize, height: usize) -> Option<usize> {
        let page = height.saturating_sub(1).max(1) as isize;
        let last = len.saturating_sub(1);
        let step = |delta: isize| self.selected.saturating_add_signed(delta).min(last);
        Some(match action {
            Action::Up => step(-1),
            Action::Down => step(1),
            Action::PageUp => step(-page),
            Action::PageDown => step(page),
            Action::Home => 0,
            Action::End => last,
            _ => return None,
        })
    }

    /// Moves the window (mouse wheel); the selection follows only when it would leave it.
    pub fn scroll(&mut self, delta: isize, len: usize, height: usize) {
        let h = height.max(1);
        let max = len.saturating_sub(h);
        self.offset = self.offset.saturating_add_signed(delta).min(max);
        if self.selected < self.offset {
            self.selected = self.offset;
        } else if self.selected >= self.offset + h {
            self.selected = self.offset + h - 1;
        }
        self.clamp(len, height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_state_keeps_the_selection_in_the_window() {
        let mut s = ListCursor::default();
        s.select(15, 20, 5);
        assert_eq!((s.selected, s.offset), (15, 11));
        s.step(-13, 20, 5);
        assert_eq!((s.selected, s.offset), (2, 2));
        s.step(100, 20, 5);
        assert_eq!((s.selected, s.offset), (19, 15));
        // A taller window shows more and scrolls back.
        s.clamp(20, 50);
        assert_eq!((s.selected, s.offset), (19, 0));
        s.clamp(0, 5);
        assert_eq!(s, ListCursor::default());
    }

    #[test]
    fn the_wheel_moves_the_window_and_drags_the_selection_along() {
        let mut s = ListCursor::default();
        s.scroll(3, 20, 5);
        assert_eq!((s.selected, s.offset), (3, 3));
        s.scroll(100, 20, 5);
        assert_eq!((s.selected, s.offset), (15, 15));
        s.selected = 19;
        s.scroll(-3, 20, 5);
        assert_eq!((s.selected, s.offset), (16, 12));
    }

    #[test]
    fn list_keys_move_the_selection_by_a_row_a_page_or_to_the_ends() {
        let s = ListCursor {
            selected: 5,
            offset: 0,
        };
        // A page is the window less one row; the ends of the list stop it.
        assert_eq!(s.moved_to(Action::PageDown, 20, 4), Some(8));
        assert_eq!(s.moved_to(Action::PageUp, 20, 4), Some(2));
        assert_eq!(s.moved_to(Action::PageDown, 7, 4), Some(6));
        assert_eq!(s.moved_to(Action::PageUp, 20, 10), Some(0));
        assert_eq!(s.moved_to(Action::Up, 20, 4), Some(4));
        assert_eq!(s.moved_to(Action::Down, 6, 4), Some(5));
        assert_eq!(s.moved_to(Action::End, 20, 4), Some(19));
        assert_eq!(s.moved_to(Action::Home, 20, 4), Some(0));
        assert_eq!(s.moved_to(Action::Confirm, 20, 4), None);
        assert_eq!(s.moved_to(Action::End, 0, 4), Some(0));
    }
}
