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

/// The input of the `load_xls_stream` target: a BIFF stream in an OLE container.
fn xls_container(stream: &[u8]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/Workbook")
        .unwrap()
        .write_all(stream)
        .unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

/// Found by `load_xls_stream` within seconds: a 200-byte workbook whose DIMENSIONS record
/// declares a huge range; calamine reserved 312 GB for it and the process aborted.
#[test]
fn xls_with_huge_declared_dimensions_is_refused() {
    let stream = include_bytes!("fuzz_inputs/xls_stream_huge_dimensions.bin");
    let outcome = load_within_limit("afmetingen.xls", xls_container(stream))
        .expect("the load hangs (more than 30 s)");
    assert_eq!(
        outcome,
        Err("Fout in 'afmetingen.xls': het blad is te groot om te lezen: de gegevens beslaan 262144 rijen en 29795 kolommen (meer dan 5 miljoen cellen).".to_string())
    );
}

/// Written after reading calamine's DIMENSIONS code: last row before the first makes its
/// unsigned subtraction overflow (a panic in debug builds, a huge reservation in release).
#[test]
fn xls_with_inverted_dimensions_is_refused() {
    let mut stream = Vec::new();
    let mut rec = |kind: u16, data: &[u8]| {
        stream.extend_from_slice(&kind.to_le_bytes());
        stream.extend_from_slice(&(data.len() as u16).to_le_bytes());
        stream.extend_from_slice(data);
    };
    let mut bof = vec![0x00, 0x06, 0x10, 0x00];
    bof.extend_from_slice(&[0; 12]);
    rec(0x0809, &bof);
    let mut dims = 10u32.to_le_bytes().to_vec();
    dims.extend_from_slice(&5u32.to_le_bytes());
    dims.extend_from_slice(&[0, 0, 3, 0, 0, 0]);
    rec(0x0200, &dims);
    rec(0x000A, &[]);
    let outcome = load_within_limit("omgekeerd.xls", xls_container(&stream))
        .expect("the load hangs (more than 30 s)");
    assert_eq!(
        outcome,
        Err("Fout in 'omgekeerd.xls': het werkboek is beschadigd of onvolledig en kan niet geopend worden (het blad geeft ongeldige afmetingen op (DIMENSIONS-record)).".to_string())
    );
}

/// Found by `load_xls_stream`: a BOUNDSHEET record of length 0 makes calamine index past the
/// end of it and panic. calamine's panics are contained: a Dutch message, no crash, and no
/// panic text on the terminal.
#[test]
fn xls_that_makes_calamine_panic_is_a_damaged_file() {
    let stream = include_bytes!("fuzz_inputs/xls_stream_empty_boundsheet.bin");
    let outcome =
        load_within_limit("paniek.xls", xls_container(stream)).expect("the load hangs or panics");
    assert_eq!(
        outcome,
        Err("Fout in 'paniek.xls': het werkboek is beschadigd of onvolledig en kan niet geopend worden (de inhoud is zo beschadigd dat de leesbibliotheek (calamine) afbrak).".to_string())
    );
}

#[test]
fn the_command_line_shows_no_panic_text_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paniek.xls");
    let stream = include_bytes!("fuzz_inputs/xls_stream_empty_boundsheet.bin");
    std::fs::write(&path, xls_container(stream)).unwrap();
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .args(["summary", "--annex"])
        .arg(&path)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("Fout in '{}': het werkboek is beschadigd of onvolledig en kan niet geopend worden (de inhoud is zo beschadigd dat de leesbibliotheek (calamine) afbrak).\n", path.display())
    );
}

/// Found by `load_xls_stream` after the first guard: the globals' EOF record claims a length
/// that swallows the sheet when the stream is read from the start, while calamine reads the
/// sheet from its BOUNDSHEET offset and saw a cell in row 65 536 (an out-of-memory abort).
#[test]
fn xls_whose_sheet_hides_behind_a_long_record_is_measured_as_calamine_reads_it() {
    let stream = include_bytes!("fuzz_inputs/xls_stream_sheet_offset.bin");
    let outcome = load_within_limit("verstopt.xls", xls_container(stream))
        .expect("the load hangs (more than 30 s)");
    assert_eq!(
        outcome,
        Err("Fout in 'verstopt.xls': het blad is te groot om te lezen: de gegevens beslaan 65536 rijen en 2051 kolommen (meer dan 5 miljoen cellen).".to_string())
    );
}
