//! Writes the scale files for the benchmarks: `cargo run --release --example gen_scale [DIR]
//! [--sizes 10000,100000,1000000]` (default `target/scale/`). For every size N it writes
//! `scale_N.xlsx` and `scale_N.csv`: one sheet in the long layout with a call column, N grant
//! rows, deterministic (the same N gives the same rows). Synthetic data, never committed.

use std::path::PathBuf;
use std::process::ExitCode;

use samenleven::scale::{write_csv, write_xlsx, Scale};

fn main() -> ExitCode {
    let mut dir = PathBuf::from("target/scale");
    let mut sizes = vec![10_000usize, 100_000, 1_000_000];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--sizes" {
            let Some(list) = args.next() else {
                eprintln!("--sizes verwacht een lijst, bv. 10000,100000");
                return ExitCode::from(2);
            };
            match list.split(',').map(|s| s.trim().parse()).collect() {
                Ok(v) => sizes = v,
                Err(e) => {
                    eprintln!("--sizes {list}: {e}");
                    return ExitCode::from(2);
                }
            }
        } else {
            dir = PathBuf::from(a);
        }
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("kan {} niet maken: {e}", dir.display());
        return ExitCode::from(2);
    }
    for n in sizes {
        let scale = Scale::new(n);
        let xlsx = dir.join(format!("scale_{n}.xlsx"));
        let csv = dir.join(format!("scale_{n}.csv"));
        // Above 100 000 rows stream the sheet to a temporary file (constant memory).
        if let Err(e) = write_xlsx(&scale, &xlsx, n > 100_000) {
            eprintln!("{}: {e}", xlsx.display());
            return ExitCode::from(2);
        }
        if let Err(e) = write_csv(&scale, &csv) {
            eprintln!("{}: {e}", csv.display());
            return ExitCode::from(2);
        }
        println!(
            "{} en {} geschreven ({n} rijen, {} aanvragers)",
            xlsx.display(),
            csv.display(),
            scale.applicant_count()
        );
    }
    ExitCode::SUCCESS
}
