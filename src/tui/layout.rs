//! Where everything sits on the screen: the panes, the popups, the prompt and the help. Pure
//! geometry shared by `update` (scrolling, clicks) and the drawing code, so that neither
//! imports the other.

use ratatui::layout::Rect;

use super::detail::wrap;
use super::help::help_lines_for;
use super::theme::Theme;
use crate::checks::Finding;

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 80;

pub const MIN_HEIGHT: u16 = 24;

/// Where the panes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The tabs line on top.
    pub tabs: Rect,
    pub tree: Rect,
    pub detail: Rect,
    pub objectives: Rect,
    pub status: Rect,
}

/// The layout of a screen: tree left, detail right top, objectives right bottom, two status
/// lines. `objective_rows` sizes the objectives pane (it never takes more than three fifths).
pub fn layout(screen: Rect, objective_rows: usize) -> Panes {
    layout_for(screen, objective_rows, false)
}

/// The layout; `calls`: the dataset holds several calls, whose columns need a wider tree (half
/// the screen, 42 to 80 columns).
pub fn layout_for(screen: Rect, objective_rows: usize, calls: bool) -> Panes {
    let tabs = Rect::new(screen.x, screen.y, screen.width, screen.height.min(1));
    let area = Rect::new(
        screen.x,
        screen.y + tabs.height,
        screen.width,
        screen.height - tabs.height,
    );
    let status_h = area.height.min(2);
    let body_h = area.height - status_h;
    let status = Rect::new(area.x, area.y + body_h, area.width, status_h);
    let tree_w = if calls {
        (u32::from(area.width) / 2).clamp(42, 80) as u16
    } else {
        (u32::from(area.width) * 2 / 5).clamp(34, 56) as u16
    };
    let tree_w = tree_w.min(area.width);
    let tree = Rect::new(area.x, area.y, tree_w, body_h);
    let right_w = area.width - tree_w;
    let needed = u16::try_from(objective_rows + 3).unwrap_or(u16::MAX);
    let obj_h = needed.min(body_h * 3 / 5).min(body_h);
    let detail = Rect::new(area.x + tree_w, area.y, right_w, body_h - obj_h);
    let objectives = Rect::new(area.x + tree_w, area.y + detail.height, right_w, obj_h);
    Panes {
        tabs,
        tree,
        detail,
        objectives,
        status,
    }
}

/// The help overlay's area for a terminal size.
pub fn help_area(size: Rect, calls: bool) -> Rect {
    let w = size.width.saturating_sub(4).min(78);
    let wanted =
        u16::try_from(help_lines_for(Theme::plain(), w.saturating_sub(4), calls).len() + 2)
            .unwrap_or(u16::MAX);
    let h = size.height.saturating_sub(2).min(wanted);
    Rect::new(
        size.x + (size.width - w) / 2,
        size.y + (size.height - h) / 2,
        w,
        h,
    )
}

/// Most hits the popup asks the index for.
pub const SEARCH_LIMIT: usize = 50;

/// Rows of the status line under every popup.
const STATUS_H: u16 = 2;

/// The screen above the status line, less a margin.
fn body(size: Rect, max_w: u16, max_h: u16) -> Rect {
    let body_h = size.height.saturating_sub(STATUS_H);
    let w = size.width.saturating_sub(4).min(max_w);
    let h = body_h.saturating_sub(2).min(max_h);
    Rect::new(size.x + (size.width - w) / 2, size.y + 1.min(body_h), w, h)
}

/// The search popup's area.
pub fn search_area(size: Rect) -> Rect {
    body(size, 100, 30)
}

/// How many hits the search popup shows at once.
pub fn search_rows(size: Rect) -> usize {
    usize::from(search_area(size).height.saturating_sub(4))
}

/// The checks pane's area.
pub fn checks_area(size: Rect) -> Rect {
    body(size, 120, u16::MAX)
}

/// Inner size (width, height) of the checks pane.
pub fn checks_inner(size: Rect) -> (usize, usize) {
    let a = checks_area(size);
    (
        usize::from(a.width.saturating_sub(2)),
        usize::from(a.height.saturating_sub(2)),
    )
}

/// Width of the severity column of the checks pane.
pub const SEVERITY_W: usize = 14;

/// Rows a finding takes at an inner width.
pub fn finding_height(f: &Finding, width: usize) -> usize {
    1 + message_lines(f, width).len()
}

pub fn message_lines(f: &Finding, width: usize) -> Vec<String> {
    wrap(&f.message, width.saturating_sub(SEVERITY_W).max(10))
}

/// The prompt's area: centred above the status line.
pub fn prompt_area(size: Rect) -> Rect {
    let w = size.width.saturating_sub(4).min(90);
    let h = 7.min(size.height.saturating_sub(3));
    let y = size.height.saturating_sub(2).saturating_sub(h) / 2;
    Rect::new(size.x + (size.width - w) / 2, size.y + y, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_at_minimum_size_leaves_room_for_every_pane() {
        let p = layout(Rect::new(0, 0, 80, 24), 9);
        assert_eq!(p.status.height, 2);
        assert_eq!(p.tree.width, 34);
        assert_eq!(p.detail.width + p.tree.width, 80);
        assert_eq!(p.tabs.height, 1);
        assert_eq!(p.detail.height + p.objectives.height, 21);
        assert!(p.objectives.height >= 12, "{p:?}");
    }
}
