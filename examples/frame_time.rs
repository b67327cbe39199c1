//! Explorer frame times for `scripts/bench.sh`: `frame_time [FILE]` loads FILE (or the bundled
//! sample) and builds the explorer state with its search index on a worker thread, as the
//! explorer does behind its loading screen, then draws the first frame at 160x48 into ratatui's
//! `TestBackend`, then redraws 200 times. Prints one tab-separated line: load ms, state ms,
//! first frame ms, median frame ms, p99 frame ms. With `--kaart` (before FILE) the frames are
//! those of the map (tab 7) in colour (every municipal border drawn, the heavier case) with a
//! municipality selected; the map's boundaries are read in the state time.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use samenleven::annex::{load_path, load_sample, LoadOptions};
use samenleven::tui::{view, Action, App, Theme};

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() -> ExitCode {
    // Load and build the state on a worker thread, as the explorer does (`tui::run_loading`):
    // the worker's allocations then live in its own malloc arena, not in the drawing thread's.
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let map = args.first().is_some_and(|a| a == "--kaart");
    if map {
        args.remove(0);
    }
    let worker = std::thread::spawn(move || {
        let start = Instant::now();
        let loaded = match args.first() {
            Some(path) => load_path(path.as_ref(), &LoadOptions::default()),
            None => load_sample(),
        };
        let loaded_at = Instant::now();
        loaded.map(|ds| {
            let mut app = App::new(ds, Theme::plain());
            app.build_search_index();
            (app, loaded_at - start, loaded_at.elapsed())
        })
    });
    let (mut app, load_time, state_time) = match worker.join() {
        Ok(Ok(built)) => built,
        Ok(Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
        Err(_) => {
            eprintln!("de werkdraad is vastgelopen");
            return ExitCode::from(2);
        }
    };
    let resize_at = Instant::now();
    app.update(Action::Resize {
        width: 160,
        height: 48,
    });
    if map {
        app.theme = Theme { color: true };
        app.update(Action::ShowTab(7));
        // Select the area in the middle of the map: its outline is drawn too.
        app.update(Action::Right);
    }
    let state_at = Instant::now();
    let state_time = state_time + (state_at - resize_at);
    let mut terminal = match Terminal::new(TestBackend::new(160, 48)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = terminal.draw(|f| view::draw(f, &app)) {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    let first_at = Instant::now();
    let mut frames = Vec::with_capacity(200);
    for _ in 0..200 {
        let t = Instant::now();
        if let Err(e) = terminal.draw(|f| view::draw(f, &app)) {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
        frames.push(t.elapsed());
    }
    frames.sort();
    println!(
        "{}\t{}\t{}\t{}\t{}",
        ms(load_time),
        ms(state_time),
        ms(first_at - state_at),
        ms(frames[frames.len() / 2]),
        ms(frames[frames.len() * 99 / 100]),
    );
    ExitCode::SUCCESS
}
