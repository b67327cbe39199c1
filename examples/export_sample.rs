//! Writes the export of the bundled sample to the path given (for the screenshot script).
//! Usage: `cargo run --example export_sample -- OUT.xlsx`

#[path = "../tests/support/sample_dataset.rs"]
mod sample_dataset;

use std::path::PathBuf;
use std::process::ExitCode;

use samenleven::export::run_export;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("Gebruik: export_sample UIT.xlsx");
        return ExitCode::from(2);
    };
    let ds = sample_dataset::sample_dataset();
    match run_export(&ds, "all", &out, true) {
        Ok(p) => {
            println!("Geschreven: {}", p.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
