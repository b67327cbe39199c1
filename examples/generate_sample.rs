//! Writes the bundled sample annex and its synthetic second call: `cargo run --example
//! generate_sample`.
//!
//! The amounts are synthetic (see `data/annex/README.md`); the output is byte-identical from run
//! to run, and `tests/sample.rs` proves the committed file is what this writes.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = [
        (
            samenleven::sample::SAMPLE_PATH,
            samenleven::sample::workbook_bytes(),
        ),
        (
            samenleven::sample::SAMPLE_CALL2_PATH,
            samenleven::sample::call2_workbook_bytes(),
        ),
    ];
    for (name, bytes) in files {
        let path = root.join(name);
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("kan {} niet schrijven: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("{} geschreven ({} bytes)", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}
