//! Query latency per keystroke: a word typed letter by letter (the popup's case: each query
//! extends the previous one) and single prefixes on a fresh state (full scan), on the bundled
//! sample, a hand-made realistic first-call dataset and a generated one of 100 000 lines. Percentiles (p50/p99)
//! come from `cargo run --release --example search_latency`. `search/build` times building the
//! index and the explorer's state at 100 000 lines.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use samenleven::model::Dataset;
use samenleven::search::{Index, DEFAULT_LIMIT};
use samenleven::tui::{App, Theme};

fn keystrokes(c: &mut Criterion, name: &str, ds: &Dataset) {
    let index = Index::new(ds);
    let mut group = c.benchmark_group(format!("search/{name}"));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for word in ["oefenkansen", "sint-genesius", "taalcafés bibliotheek"] {
        // One iteration types the whole word: divide by its length for one keystroke.
        group.bench_with_input(BenchmarkId::new("typed", word), word, |b, word| {
            b.iter(|| {
                index.reset();
                for q in synth::keystrokes(word) {
                    black_box(index.query(q, DEFAULT_LIMIT));
                }
            })
        });
    }
    for prefix in [
        "o",
        "oe",
        "oefen",
        "sint genesius",
        "volwassen anderstaligen",
    ] {
        group.bench_with_input(BenchmarkId::new("cold", prefix), prefix, |b, q| {
            b.iter(|| {
                index.reset();
                black_box(index.query(q, DEFAULT_LIMIT))
            })
        });
    }
    group.finish();
}

fn realistic(c: &mut Criterion) {
    match samenleven::annex::load_sample() {
        Ok(ds) => keystrokes(c, "sample", &ds),
        Err(e) => eprintln!("voorbeeld niet geladen: {e}"),
    }
    keystrokes(c, "realistic", &synth::realistic());
}

fn generated(c: &mut Criterion) {
    let ds = synth::generated(100_000);
    keystrokes(c, "generated_100000", &ds);
    let mut group = c.benchmark_group("search/build");
    group.sample_size(10);
    group.bench_function("index_100000", |b| b.iter(|| black_box(Index::new(&ds))));
    // The explorer's state over the same lines (tree, totals per pane, all checks): with the
    // index, what the loading screen waits for after reading (issue 21).
    group.bench_function("state_100000", |b| {
        b.iter(|| black_box(App::new(ds.clone(), Theme::plain())))
    });
    group.finish();
}

criterion_group!(benches, realistic, generated);
criterion_main!(benches);
