//! The terminal explorer (issue 3): province tree, detail panel, objective totals.
//!
//! Elm style: [`keys`] turns terminal events into [`Action`]s, [`App::update`] changes the state,
//! [`view::draw`] draws the state. Only [`run`] touches the terminal.

pub mod app;
pub mod detail;
pub mod export;
pub mod keys;
pub mod popups;
pub mod theme;
pub mod totals;
pub mod tree;
pub mod view;

use std::io::{stdout, IsTerminal};
use std::time::Duration;

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::model::Dataset;

pub use app::App;
pub use keys::Action;
pub use theme::Theme;

/// How often the screen is redrawn while background work runs.
const TICK: Duration = Duration::from_millis(100);

/// Runs the explorer until the user quits. The terminal is restored on return, on error and on
/// panic (ratatui's panic hook, extended here to switch mouse capture off first).
pub fn run(dataset: Dataset) -> anyhow::Result<()> {
    if !stdout().is_terminal() {
        anyhow::bail!("geen terminal; gebruik `samenleven summary` voor uitvoer als tekst");
    }
    let mut terminal = ratatui::try_init()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        hook(info);
    }));
    let result = execute!(stdout(), EnableMouseCapture)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, App::new(dataset, Theme::from_env())));
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::try_restore()?;
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, mut app: App) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    while !app.should_quit() {
        // Keep the state's idea of the size in step with the frame the view gets.
        let size = terminal.size()?;
        if Rect::new(0, 0, size.width, size.height) != app.size {
            app.update(Action::Resize {
                width: size.width,
                height: size.height,
            });
        }
        terminal.draw(|frame| view::draw(frame, &app))?;
        // While an export runs, wake up to poll it and turn the spinner; else wait for input.
        if app.busy() && !event::poll(TICK)? {
            app.update(Action::Tick);
            continue;
        }
        let ev = event::read()?;
        if let Some(action) = keys::translate(&ev, app.mode()) {
            app.update(action);
        }
        if app.busy() {
            app.update(Action::Tick);
        }
    }
    Ok(())
}
