//! Structure-aware: the input is the BIFF `Workbook` stream of a legacy .xls file, wrapped in a
//! valid OLE container so the container layer does not reject the mutation.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use samenleven::annex::{load_bytes, LoadOptions};

fn container(stream: &[u8]) -> Option<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).ok()?;
    cfb.create_stream("/Workbook").ok()?.write_all(stream).ok()?;
    cfb.flush().ok()?;
    Some(cfb.into_inner().into_inner())
}

fuzz_target!(|data: &[u8]| {
    if let Some(xls) = container(data) {
        let _ = load_bytes("fuzz.xls", &xls, &LoadOptions::default());
    }
});
