//! Structure-aware: the input is content.xml of an OpenDocument spreadsheet, wrapped in a valid
//! package (mimetype, manifest) so the zip layer does not reject the mutation. Repeat
//! attributes (`table:number-rows-repeated`) are where a small file becomes a huge sheet.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use samenleven::annex::{load_bytes, LoadOptions};

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fn package(content: &[u8]) -> Option<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("mimetype", &b"application/vnd.oasis.opendocument.spreadsheet"[..]),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content),
    ] {
        zip.start_file(name, stored).ok()?;
        zip.write_all(bytes).ok()?;
    }
    zip.finish().ok()?;
    Some(buf.into_inner())
}

fuzz_target!(|data: &[u8]| {
    if let Some(ods) = package(data) {
        let _ = load_bytes("fuzz.ods", &ods, &LoadOptions::default());
    }
});
