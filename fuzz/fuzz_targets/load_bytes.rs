//! Arbitrary bytes through the whole loader (format sniffing, zip, OLE, ODS, CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;
use samenleven::annex::{load_bytes, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = load_bytes("fuzz.xlsx", data, &LoadOptions::default());
});
