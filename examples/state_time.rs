//! The explorer's state and search index over a loaded file, timed apart (issue 21: state +
//! index at a million rows < 0.8 s): `state_time FILE [RUNS]` loads FILE once, then RUNS times
//! (default 3) builds `App::new` and the search index apart on this thread, then both at once
//! as the explorer does (`App::with_search_index`, two threads). Prints one tab-separated line
//! per run: state ms, index ms, and state + index built together ms, each as wall time and as
//! the process's processor time (all its threads; a busy machine disturbs it less: waiting for
//! a core is not counted). The dataset is copied before each clock starts (the explorer owns
//! the one it loaded).

use std::process::ExitCode;
use std::time::Instant;

use samenleven::annex::{load_path, LoadOptions};
use samenleven::tui::{App, Theme};

/// The process's processor time in ms (all threads).
#[cfg(unix)]
fn cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write into; the clock exists on Linux.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0;
    if ok {
        t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
    } else {
        f64::NAN
    }
}

#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    f64::NAN
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("gebruik: state_time BESTAND [KEREN]");
        return ExitCode::from(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let ds = match load_path(path.as_ref(), &LoadOptions::default()) {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    println!("state_wall\tstate_cpu\tindex_wall\tindex_cpu\ttotal_wall\ttotal_cpu");
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    for _ in 0..runs {
        // The explorer owns the loaded dataset: the copies are made before the clock starts.
        let (one, two) = (ds.clone(), ds.clone());
        // Apart: the state, then the index, on this thread.
        let (w0, c0) = (Instant::now(), cpu_ms());
        let mut app = App::new(one, Theme::plain());
        let (w1, c1) = (Instant::now(), cpu_ms());
        app.build_search_index();
        let (w2, c2) = (Instant::now(), cpu_ms());
        drop(app);
        // Together, as the explorer builds them: both at once on two threads.
        let (w3, c3) = (Instant::now(), cpu_ms());
        let app = App::with_search_index(two, Theme::plain());
        let (w4, c4) = (Instant::now(), cpu_ms());
        println!(
            "{:.1}\t{:.1}\t{:.1}\t{:.1}\t{:.1}\t{:.1}",
            ms(w0, w1),
            c1 - c0,
            ms(w1, w2),
            c2 - c1,
            ms(w3, w4),
            c4 - c3
        );
        drop(app);
    }
    ExitCode::SUCCESS
}
