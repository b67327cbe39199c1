//! The loading screen: the annex is read on a worker thread while the screen shows what is read
//! and how far it is, so a large file never freezes the terminal without a word.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Widget};

use super::theme::Theme;

/// Progress shared between the loading thread (writer) and the screen (reader), 0.0 to 1.0.
#[derive(Debug, Clone, Default)]
pub struct SharedProgress(Arc<AtomicU32>);

impl SharedProgress {
    pub fn set(&self, share: f32) {
        self.0
            .store(share.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }
    pub fn get(&self) -> f32 {
        f32::from_bits(self.0.load(Ordering::Relaxed))
    }
}

/// Draws "Bijlage inlezen" with the file name and a progress bar, centred.
pub fn render(area: Rect, buf: &mut Buffer, label: &str, share: f32, theme: Theme) {
    let width = area.width.min(70);
    let height = area.height.min(7);
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height - height) / 2;
    let outer = Rect::new(x, y, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Bijlage inlezen ")
        .border_style(theme.header());
    let inner = block.inner(outer);
    block.render(outer, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    Paragraph::new(label.to_string())
        .alignment(Alignment::Center)
        .render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    if inner.height >= 3 {
        let percent = (share.clamp(0.0, 1.0) * 100.0).round() as u16;
        Gauge::default()
            .gauge_style(theme.bar())
            .percent(percent)
            .label(format!("{percent} %"))
            .render(Rect::new(inner.x, inner.y + 2, inner.width, 1), buf);
    }
    if inner.height >= 5 {
        Paragraph::new("q of Esc: stoppen")
            .alignment(Alignment::Center)
            .style(theme.dim())
            .render(Rect::new(inner.x, inner.y + 4, inner.width, 1), buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(width: u16, height: u16, share: f32) -> String {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        render(area, &mut buf, "groot.xlsx", share, Theme::plain());
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn shows_the_file_and_the_share_read() {
        let s = screen(80, 24, 0.42);
        assert!(s.contains("Bijlage inlezen"), "{s}");
        assert!(s.contains("groot.xlsx"), "{s}");
        assert!(s.contains("42 %"), "{s}");
        assert!(s.contains("q of Esc: stoppen"), "{s}");
    }

    #[test]
    fn progress_is_shared_and_clamped() {
        let p = SharedProgress::default();
        let writer = p.clone();
        writer.set(0.5);
        assert_eq!(p.get(), 0.5);
        writer.set(7.0);
        assert_eq!(p.get(), 1.0);
    }

    #[test]
    fn tiny_terminals_do_not_panic() {
        for w in 0..30 {
            for h in 0..10 {
                let _ = screen(w, h, 0.3);
            }
        }
    }
}
