//! Arbitrary text through the CSV path: separators, encodings, layouts, amounts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samenleven::annex::{load_bytes, LoadOptions};

fuzz_target!(|data: &[u8]| {
    // Skip inputs the sniffer would send to the workbook readers (covered by load_bytes).
    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF]) {
        return;
    }
    let _ = load_bytes("fuzz.csv", data, &LoadOptions { call: Some(1) });
});
