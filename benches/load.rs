//! In-process benchmarks of loading and aggregation on the scale files (`src/scale.rs`).
//!
//! `cargo bench --bench load`. The files are generated into a temporary directory first
//! (deterministic); the timed parts are `annex::load_bytes` (xlsx and CSV) and `Dataset::new`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use samenleven::annex::{load_bytes, LoadOptions};
use samenleven::model::{Dataset, DatasetParts};
use samenleven::reference;
use samenleven::scale::{write_csv, write_xlsx, Scale};

const SIZES: [usize; 2] = [10_000, 100_000];

fn files(n: usize) -> (Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let scale = Scale::new(n);
    let x = dir.path().join("s.xlsx");
    let c = dir.path().join("s.csv");
    write_xlsx(&scale, &x, false).unwrap();
    write_csv(&scale, &c).unwrap();
    (std::fs::read(x).unwrap(), std::fs::read(c).unwrap())
}

fn parts_of(ds: &Dataset) -> DatasetParts {
    DatasetParts {
        source: Some(ds.source.clone()),
        call: Some(ds.call.clone()),
        sheets: ds.sheets.clone(),
        applicants: ds.applicants.clone(),
        grants: ds.grants.to_vec(),
        texts: (*ds.texts).clone(),
        unknown_actions: ds.unknown_actions.clone(),
        action_readings: ds.action_readings.clone(),
        collaborations: ds.collaborations.clone(),
        facts: ds.facts.clone(),
        stated_totals: ds.stated_totals.clone(),
        notes: ds.notes.clone(),
    }
}

fn bench(c: &mut Criterion) {
    let options = LoadOptions::default();
    let mut load = c.benchmark_group("load");
    load.sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let mut datasets = Vec::new();
    for n in SIZES {
        let (xlsx, csv) = files(n);
        load.bench_with_input(BenchmarkId::new("xlsx", n), &xlsx, |b, bytes| {
            b.iter(|| load_bytes("scale.xlsx", black_box(bytes), &options).unwrap())
        });
        load.bench_with_input(BenchmarkId::new("csv", n), &csv, |b, bytes| {
            b.iter(|| load_bytes("scale.csv", black_box(bytes), &options).unwrap())
        });
        datasets.push((n, load_bytes("scale.xlsx", &xlsx, &options).unwrap()));
    }
    load.finish();

    let mut agg = c.benchmark_group("aggregate");
    agg.sample_size(10).measurement_time(Duration::from_secs(5));
    let r = reference::get();
    for (n, ds) in &datasets {
        agg.bench_with_input(BenchmarkId::new("Dataset::new", n), ds, |b, ds| {
            b.iter_batched(
                || parts_of(ds),
                |parts| Dataset::new(parts, |no| r.objective_of(no)),
                BatchSize::LargeInput,
            )
        });
    }
    agg.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
