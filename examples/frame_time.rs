//! Explorer frame times for `scripts/bench.sh`: `frame_time [FILE]` loads FILE (or the bundled
//! sample), builds the explorer state (with the search index, as the explorer does before its
//! first frame), draws the first frame at 160x48 into ratatui's
//! `TestBackend`, then redraws 200 times. Prints one tab-separated line: load ms, state ms,
//! first frame ms, median frame ms, p99 frame ms.

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
    let start = Instant::now();
    let loaded = match std::env::args().nth(1) {
        Some(path) => load_path(path.as_ref(), &LoadOptions::default()),
        None => load_sample(),
    };
    let ds = match loaded {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let loaded_at = Instant::now();
    let mut app = App::new(ds, Theme::plain());
    // As the explorer does on its loading worker.
    app.build_search_index();
    app.update(Action::Resize {
        width: 160,
        height: 48,
    });
    let state_at = Instant::now();
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
        ms(loaded_at - start),
        ms(state_at - loaded_at),
        ms(first_at - state_at),
        ms(frames[frames.len() / 2]),
        ms(frames[frames.len() * 99 / 100]),
    );
    ExitCode::SUCCESS
}
