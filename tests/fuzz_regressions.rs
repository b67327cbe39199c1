//! Inputs found by fuzzing (`fuzz/`), kept as regression tests. Each runs under a time limit:
//! a regression may be a hang, which must fail the test instead of stalling the suite.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

use samenleven::annex::{load_bytes, LoadOptions};

/// Loads in a separate thread; `None` when it takes longer than 30 s (a hang).
fn load_within_limit(name: &'static str, bytes: Vec<u8>) -> Option<Result<i64, String>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = load_bytes(name, &bytes, &LoadOptions::default())
            .map(|ds| ds.total_granted())
            .map_err(|e| e.to_string());
        let _ = tx.send(r);
    });
    rx.recv_timeout(Duration::from_secs(30)).ok()
}

/// The input of the `load_ods_content` target: content.xml in a valid ODS package.
fn ods_package(content: &[u8]) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in [
            (
                "mimetype",
                &b"application/vnd.oasis.opendocument.spreadsheet"[..],
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content),
        ] {
            zip.start_file(name, stored).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// Found by `load_ods_content` within seconds: a LibreOffice content.xml whose closing
/// `</table:table>` was garbled. calamine 0.38 reads tables until `</table:table>` and ignored
/// the end of the file, so it looped forever. Now refused before calamine sees it.
#[test]
fn ods_content_that_ends_inside_a_table_does_not_hang() {
    let content = include_bytes!("fuzz_inputs/ods_content_unclosed_table.xml");
    let outcome = load_within_limit("hang.ods", ods_package(content))
        .expect("the load hangs (more than 30 s)");
    assert_eq!(
        outcome,
        Err("Fout in 'hang.ods': het werkboek is beschadigd of onvolledig en kan niet geopend worden (de inhoud houdt op midden in een tabel; het bestand is onvolledig).".to_string())
    );
}

/// The same flaw inside a cell comment, written by hand after reading calamine's loop.
#[test]
fn ods_content_that_ends_inside_a_comment_does_not_hang() {
    let content = br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Blad1"><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>opmerking"#;
    let outcome = load_within_limit("opmerking.ods", ods_package(content))
        .expect("the load hangs (more than 30 s)");
    assert_eq!(
        outcome,
        Err("Fout in 'opmerking.ods': het werkboek is beschadigd of onvolledig en kan niet geopend worden (de inhoud houdt op midden in een tabel; het bestand is onvolledig).".to_string())
    );
}

/// `<text:s text:c="4000000000"/>` makes calamine write four billion spaces into one cell.
#[test]
fn ods_asking_for_billions_of_spaces_is_refused() {
    let content = br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Blad1"><table:table-row><table:table-cell office:value-type="string"><text:p>Gemeente<text:s text:c="4000000000"/>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let outcome = load_within_limit("spaties.ods", ods_package(content))
        .expect("the load hangs (more than 30 s)");
    assert_eq!(
        outcome,
        Err("Fout in 'spaties.ods': het werkboek is beschadigd of onvolledig en kan niet geopend worden (de inhoud vraagt meer dan 10 miljoen spaties (text:s); dit is geen gewoon rekenblad).".to_string())
    );
}
