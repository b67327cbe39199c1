//! Per-keystroke latency of the search index: types the benchmark words letter by letter
//! (as in the explorer popup, so a query that extends the previous one rescans only its
//! candidates) and also runs every prefix cold (full scan), then prints p50/p99/max of the
//! wall time and of the thread's CPU time (Linux `CLOCK_THREAD_CPUTIME_ID`; on a loaded machine
//! the CPU time is what to compare, the wall time includes waiting for a core).
//!
//! Two sets of words: the benchmark words of `benches/support/synth.rs` (names and texts typed
//! correctly) and words typed as people do (typos, French names, the words of kinds), which
//! exercise the typo matcher; each set is reported on its own lines.
//!
//! `cargo run --release --example search_latency [LINES]` (default 100000).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use samenleven::search::{Index, DEFAULT_LIMIT};

/// CPU time of this thread, if the platform tells.
#[cfg(target_os = "linux")]
fn cpu_time() -> Option<Duration> {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec (two 64-bit fields on 64-bit Linux) to `t`.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    (rc == 0 && cfg!(target_pointer_width = "64"))
        .then(|| Duration::new(t.sec as u64, t.nsec as u32))
}

#[cfg(not(target_os = "linux"))]
fn cpu_time() -> Option<Duration> {
    None
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, what: &str, mut samples: Vec<Duration>) {
    if samples.is_empty() {
        return;
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<36} {what:<4} n={:<5} p50={:>7.3} ms  p99={:>7.3} ms  max={:>7.3} ms",
        samples.len(),
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(percentile(&samples, 1.0)),
    );
}

#[derive(Default)]
struct Samples {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl Samples {
    fn time(&mut self, index: &Index, query: &str) {
        let cpu = cpu_time();
        let t = Instant::now();
        let hits = index.query(query, DEFAULT_LIMIT);
        self.wall.push(t.elapsed());
        if let (Some(a), Some(b)) = (cpu, cpu_time()) {
            self.cpu.push(b.saturating_sub(a));
        }
        std::hint::black_box(hits);
    }
}

/// Words typed as people do: one or two letters wrong, missing, extra or swapped, French names,
/// the words of kinds.
const AS_PEOPLE_TYPE: [&str; 12] = [
    "harelbeeke",
    "kortrijck",
    "dendermonte",
    "oostente",
    "gnek",
    "courtrai",
    "sint genesuis rode",
    "huiswerkbegeleidnig",
    "mentorschap",
    "geweigerd",
    "samenwerking",
    "brugfigruen",
];

fn run(name: &str, ds: &samenleven::model::Dataset) {
    let t = Instant::now();
    let index = Index::new(ds);
    println!(
        "{name}: {} lines, {} applicants, {} search keys, index built in {:.0} ms",
        ds.grants.len(),
        ds.applicants.len(),
        index.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    measure(name, &index, &synth::WORDS);
    measure(&format!("{name} as typed"), &index, &AS_PEOPLE_TYPE);
}

fn measure(name: &str, index: &Index, words: &[&str]) {
    let mut typed = Samples::default();
    let mut cold = Samples::default();
    while typed.wall.len() < 1000 {
        for word in words {
            index.reset();
            for q in synth::keystrokes(word) {
                typed.time(index, q);
            }
            for q in synth::keystrokes(word) {
                index.reset();
                cold.time(index, q);
            }
        }
    }
    let typed_name = format!("{name} typed");
    let cold_name = format!("{name} cold");
    report(&typed_name, "wall", typed.wall);
    report(&typed_name, "cpu", typed.cpu);
    report(&cold_name, "wall", cold.wall);
    report(&cold_name, "cpu", cold.cpu);
}

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    match samenleven::annex::load_sample() {
        Ok(ds) => run("sample", &ds),
        Err(e) => eprintln!("voorbeeld niet geladen: {e}"),
    }
    run("realistic", &synth::realistic());
    run(&format!("generated {lines}"), &synth::generated(lines));
}
