//! The terminal explorer (issue 3): province tree, detail panel, objective totals.
//!
//! Elm style: [`keys`] turns terminal events into [`Action`]s, [`App::update`] changes the state,
//! [`view::draw`] draws the state. Only [`run`] touches the terminal.

pub mod app;
pub mod calls;
pub mod detail;
pub mod detail_calls;
pub mod export;
pub mod help;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod list;
pub mod loading;
pub mod map;
pub mod map_draw;
pub mod popups;
pub mod prompt;
pub mod table_draw;
pub mod tables;
pub mod theme;
pub mod totals;
pub mod tree;
pub mod view;

use std::io::{stdout, IsTerminal};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::annex::LoadError;
use crate::model::Dataset;
use crate::shutdown::{self, STOP_SIGNALS};
use input::{InputWatch, Wait, READ_TIMEOUT};

pub use app::App;
pub use keys::Action;
pub use theme::Theme;

/// How often the screen is redrawn while background work runs. A stop signal or a lost
/// terminal wakes the wait at once.
const TICK: Duration = Duration::from_millis(100);

/// How long the explorer may take to end by itself after a stop signal before the watchdog
/// ends the process ([`shutdown::install_watchdog`]).
const STOP_GRACE: Duration = Duration::from_secs(1);

/// The exit code when the terminal went away: that of a hang-up (128 + SIGHUP).
pub const HANGUP_EXIT: i32 = 129;

/// The work the explorer does before it can start: read the annex, reporting progress.
pub type Loader = Box<dyn FnOnce(&dyn Fn(f32)) -> Result<Dataset, LoadError> + Send>;

/// Why the explorer stopped without the user quitting.
#[derive(Debug)]
pub enum RunError {
    /// The annex could not be read: the Dutch load message, shown after the terminal is restored.
    Load(LoadError),
    /// The terminal failed.
    Terminal(anyhow::Error),
    /// The terminal went away (closed window, dropped connection): exit with [`HANGUP_EXIT`].
    Hangup,
}

/// Runs the explorer on a dataset until the user quits. The terminal is restored on return, on
/// error, on panic (ratatui's panic hook, extended here to switch mouse capture off first) and
/// on the [`STOP_SIGNALS`].
pub fn run(dataset: Dataset) -> anyhow::Result<()> {
    match run_loading(String::new(), Box::new(move |_| Ok(dataset))) {
        Ok(()) => Ok(()),
        Err(RunError::Load(e)) => Err(anyhow::Error::new(e)),
        Err(RunError::Terminal(e)) => Err(e),
        Err(RunError::Hangup) => std::process::exit(HANGUP_EXIT),
    }
}

/// Starts the explorer at once with a loading screen, reads the annex on a worker thread (the
/// screen shows the share read, q or Esc stops), then runs the explorer on it.
pub fn run_loading(label: String, load: Loader) -> Result<(), RunError> {
    if !stdout().is_terminal() {
        return Err(RunError::Terminal(anyhow::anyhow!(
            "geen terminal; gebruik `samenleven summary` voor uitvoer als tekst"
        )));
    }
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in STOP_SIGNALS {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .map_err(|e| RunError::Terminal(e.into()))?;
    }
    shutdown::install_watchdog(STOP_GRACE).map_err(|e| RunError::Terminal(e.into()))?;
    let watch = InputWatch::new(&STOP_SIGNALS).map_err(|e| {
        RunError::Terminal(anyhow::anyhow!(
            "geen terminal om toetsen van te lezen ({e}); start de verkenner in een terminal, \
             of gebruik `samenleven summary` voor uitvoer als tekst"
        ))
    })?;
    let mut terminal = ratatui::try_init().map_err(|e| {
        RunError::Terminal(anyhow::anyhow!(
            "de terminal kan niet in volledig-schermmodus ({e})"
        ))
    })?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        hook(info);
    }));
    let result = execute!(stdout(), EnableMouseCapture)
        .map_err(|e| RunError::Terminal(e.into()))
        .and_then(|()| load_then_explore(&mut terminal, &label, load, &signal, &watch));
    // Drawing on a terminal that just hung up can fail before the input says so (EIO, or
    // ENXIO where there is no controlling terminal): that too is a hang-up, not an error to
    // report on a terminal that is gone.
    let result = match result {
        Err(RunError::Terminal(_)) if watch.hung_up() => Err(RunError::Hangup),
        other => other,
    };
    // A lost terminal cannot be restored or drawn on: only the process state is cleaned up.
    if !matches!(result, Err(RunError::Hangup)) {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let restored = ratatui::try_restore();
    // The explorer is done: an export still in flight (q twice, a signal, a lost terminal)
    // leaves no partial file.
    crate::export::abandon_temp_files();
    let sig = signal.load(Ordering::SeqCst);
    if sig != 0 || matches!(result, Err(RunError::Hangup)) {
        // After a hang-up restoring can fail, exiting must not.
        std::process::exit(if sig != 0 {
            shutdown::exit_code(sig as i32)
        } else {
            HANGUP_EXIT
        });
    }
    restored.map_err(|e| RunError::Terminal(e.into()))?;
    result
}

fn load_then_explore(
    terminal: &mut ratatui::DefaultTerminal,
    label: &str,
    load: Loader,
    signal: &AtomicUsize,
    watch: &InputWatch,
) -> Result<(), RunError> {
    let terminal_error = |e: std::io::Error| RunError::Terminal(e.into());
    let progress = loading::SharedProgress::default();
    let writer = progress.clone();
    let theme = Theme::from_env();
    // The state (tree, totals, checks) and the search index are built on the worker too: at a
    // million rows they take about a second, which the loading screen must cover. Reading the
    // file fills the bar up to LOADED, the state and the index the rest.
    const LOADED: f32 = 0.8;
    let worker = std::thread::spawn(move || {
        let dataset = load(&|share| writer.set(share * LOADED))?;
        // The state and the index at once, on two threads.
        let app = App::with_search_index(dataset, theme);
        writer.set(1.0);
        Ok(app)
    });
    while !worker.is_finished() {
        if signal.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
        terminal
            .draw(|frame| {
                let area = frame.area();
                loading::render(area, frame.buffer_mut(), label, progress.get(), theme);
            })
            .map_err(terminal_error)?;
        match watch.wait(TICK).map_err(terminal_error)? {
            Wait::Gone => return Err(RunError::Hangup),
            Wait::Timeout => {}
            Wait::Ready => {
                while event::poll(READ_TIMEOUT).map_err(terminal_error)? {
                    if let event::Event::Key(key) = event::read().map_err(terminal_error)? {
                        use event::{KeyCode, KeyModifiers};
                        let ctrl_c = key.code == KeyCode::Char('c')
                            && key.modifiers.contains(KeyModifiers::CONTROL);
                        if matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) || ctrl_c {
                            // The worker is left to finish on its own; the process ends with
                            // main.
                            return Ok(());
                        }
                    }
                }
            }
        }
    }
    let app = match worker.join() {
        Ok(Ok(app)) => app,
        Ok(Err(e)) => return Err(RunError::Load(e)),
        Err(_) => {
            return Err(RunError::Terminal(anyhow::anyhow!(
                "het inlezen van de bijlage is onverwacht afgebroken"
            )))
        }
    };
    event_loop(terminal, app, signal, watch)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut app: App,
    signal: &AtomicUsize,
    watch: &InputWatch,
) -> Result<(), RunError> {
    let terminal_error = |e: std::io::Error| RunError::Terminal(e.into());
    let size = terminal.size().map_err(terminal_error)?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut redraw = true;
    while !app.should_quit() && signal.load(Ordering::SeqCst) == 0 {
        // Keep the state's idea of the size in step with the frame the view gets.
        let size = terminal.size().map_err(terminal_error)?;
        if Rect::new(0, 0, size.width, size.height) != app.size {
            app.update(Action::Resize {
                width: size.width,
                height: size.height,
            });
            redraw = true;
        }
        if redraw {
            terminal
                .draw(|frame| view::draw(frame, &app))
                .map_err(terminal_error)?;
        }
        // Sleep until input, a signal or a tick. While an export runs, each tick polls it and
        // turns the spinner; otherwise nothing is redrawn.
        match watch.wait(TICK).map_err(terminal_error)? {
            Wait::Gone => return Err(RunError::Hangup),
            Wait::Timeout => {
                redraw = app.busy();
                if redraw {
                    app.update(Action::Tick);
                }
            }
            Wait::Ready => {
                redraw = true;
                // Every event already read (a paste gives many at once) before drawing again.
                while event::poll(READ_TIMEOUT).map_err(terminal_error)? {
                    let ev = event::read().map_err(terminal_error)?;
                    if let Some(action) = keys::translate(&ev, app.mode()) {
                        app.update(action);
                    }
                    if app.should_quit() {
                        break;
                    }
                }
                if app.busy() {
                    app.update(Action::Tick);
                }
            }
        }
    }
    Ok(())
}
