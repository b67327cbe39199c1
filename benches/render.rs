//! One frame of the explorer at 160x48 (ratatui `TestBackend`) on the bundled sample and on
//! the scale files of 10 000, 100 000 and 1 000 000 lines; and the first frame on the sample
//! (load, build the state, draw). `cargo bench --bench render`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use samenleven::annex::{load_path, load_sample, LoadOptions};
use samenleven::model::Dataset;
use samenleven::scale::{write_csv, Scale};
use samenleven::tui::{view, Action, App, Theme};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn app(ds: Dataset) -> App {
    let mut app = App::new(ds, Theme::plain());
    app.update(Action::Resize {
        width: WIDTH,
        height: HEIGHT,
    });
    app
}

fn scale_dataset(n: usize) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.csv");
    write_csv(&Scale::new(n), &path).unwrap();
    load_path(&path, &LoadOptions::default()).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut first = c.benchmark_group("render/first_frame");
    first.sample_size(20);
    first.bench_function("sample", |b| {
        b.iter(|| {
            let app = app(load_sample().unwrap());
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
            terminal.draw(|f| view::draw(f, &app)).unwrap();
            black_box(terminal.backend().buffer().area)
        })
    });
    first.finish();

    let mut frame = c.benchmark_group("render/frame_160x48");
    frame
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));
    let mut cases = vec![("sample".to_string(), load_sample().unwrap())];
    for n in [10_000, 100_000, 1_000_000] {
        cases.push((n.to_string(), scale_dataset(n)));
    }
    for (name, ds) in cases {
        let app = app(ds);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        frame.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                terminal.draw(|f| view::draw(f, &app)).unwrap();
            })
        });
    }
    frame.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
