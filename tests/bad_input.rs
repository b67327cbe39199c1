//! The bad-input corpus: hostile, broken and odd annex files, each with its exact outcome.
//!
//! Every file is generated here (nothing binary is committed). A file that cannot be read gives
//! one exact Dutch message naming file, sheet, row and column; a file that is odd but valid
//! loads with the totals asserted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;

use common::*;
use samenleven::annex::{load_bytes, load_path, LoadError, LoadOptions};
use samenleven::model::{ApplicantKind, Dataset, LineKind, Province, Status};

fn load(name: &str, bytes: &[u8]) -> Result<Dataset, LoadError> {
    load_bytes(name, bytes, &LoadOptions::default())
}

/// The full Display of the load error (panics if the file loads).
fn err(name: &str, bytes: &[u8]) -> String {
    match load(name, bytes) {
        Ok(ds) => panic!("{name} loaded ({} lines) but should fail", ds.grants.len()),
        Err(e) => e.to_string(),
    }
}

fn ok(name: &str, bytes: &[u8]) -> Dataset {
    match load(name, bytes) {
        Ok(ds) => ds,
        Err(e) => panic!("{name} should load: {e}"),
    }
}

/// A cell for the workbooks built here (the shared builder has no dates, booleans or formulas).
/// A long-layout sheet with one odd amount in row 3 (column C).
fn with_amount(odd: V) -> Vec<u8> {
    xlsx(&[sheet(
        "Antwerpen",
        vec![
            vec![V::S("Lokaal bestuur"), V::S("Actie"), V::S("Bedrag")],
            vec![V::S("Lier"), V::S("5"), V::N(1000.0)],
            vec![V::S("Mol"), V::S("5"), odd],
        ],
    )])
}

/// A hand-made xlsx package: `sheets` are (name, worksheet XML); no shared strings.
fn xlsx_package(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        entries.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    types.push_str("</Types>");
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let mut files: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), types),
        ("_rels/.rels".into(), root_rels.into()),
        ("xl/workbook.xml".into(), workbook),
        ("xl/_rels/workbook.xml.rels".into(), workbook_rels),
    ];
    for (i, (_, xml)) in sheets.iter().enumerate() {
        files.push((format!("xl/worksheets/sheet{}.xml", i + 1), xml.to_string()));
    }
    zip_of(&files)
}

fn zip_of(files: &[(String, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in files {
            zip.start_file(name.as_str(), stored).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// An inline-string cell for hand-written sheet XML.
fn is(r: &str, t: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#)
}

fn sheet_xml(rows: &[(u32, String)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, cells) in rows {
        s.push_str(&format!(r#"<row r="{r}">{cells}</row>"#));
    }
    s.push_str("</sheetData></worksheet>");
    s
}

fn cents(euro: i64) -> i64 {
    euro * 100
}

const NO_TABLE: &str = "geen tabel gevonden: geen kopregel met een kolom voor het lokaal bestuur en een kolom met bedragen of kolommen per actie";

// ---------------------------------------------------------------------------------------------
// Files that cannot be read at all.

#[test]
fn empty_file() {
    assert_eq!(
        err("leeg.xlsx", b""),
        "Fout in 'leeg.xlsx': het bestand is leeg."
    );
}

#[test]
fn not_a_spreadsheet() {
    let png =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00";
    assert_eq!(
        err("bijlage.xlsx", png),
        "Fout in 'bijlage.xlsx': dit is geen rekenblad (xlsx, xlsm, xls, ods) en geen CSV-bestand."
    );
}

#[test]
fn a_letter_is_text_without_a_table() {
    let letter = "Beste collega,\n\nIn bijlage vind je de subsidies van het Plan Samenleven.\n\nMet vriendelijke groeten\n";
    assert_eq!(
        err("brief.csv", letter.as_bytes()),
        format!("Fout in 'brief.csv': {NO_TABLE}.")
    );
}

#[test]
fn truncated_zip() {
    let mut wb = with_amount(V::N(2000.0));
    wb.truncate(wb.len() / 2);
    assert_eq!(
        err("afgebroken.xlsx", &wb),
        "Fout in 'afgebroken.xlsx': het werkboek is beschadigd of onvolledig en kan niet geopend worden (het zip-archief is afgebroken of beschadigd)."
    );
}

#[test]
fn a_zip_that_is_not_a_workbook() {
    let zip = zip_of(&[("leesmij.txt".into(), "Geen rekenblad".into())]);
    assert_eq!(
        err("archief.xlsx", &zip),
        "Fout in 'archief.xlsx': het werkboek is beschadigd of onvolledig en kan niet geopend worden (het onderdeel '_rels/.rels' ontbreekt; dit is geen volledig Excel-werkboek)."
    );
}

#[test]
fn xlsx_without_sheets() {
    let wb = xlsx_package(&[]);
    assert_eq!(
        err("zonder_bladen.xlsx", &wb),
        "Fout in 'zonder_bladen.xlsx': het werkboek bevat geen werkbladen."
    );
}

#[test]
fn damaged_sheet_xml_names_the_sheet() {
    let wb = xlsx_package(&[("Gent", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>")]);
    assert_eq!(
        err("stuk.xlsx", &wb),
        "Fout in 'stuk.xlsx', blad 'Gent': het werkboek is beschadigd of onvolledig en kan niet geopend worden (een cel verwijst naar een tekst die niet in het werkboek staat)."
    );
}

#[test]
fn sheet_with_only_a_title() {
    let wb = xlsx(&[sheet(
        "Blad1",
        vec![
            vec![V::S("Plan Samenleven — Bijlage 1")],
            vec![],
            vec![V::S("Overzicht van de toegekende subsidies per gemeente")],
        ],
    )]);
    assert_eq!(
        err("titel.xlsx", &wb),
        format!("Fout in 'titel.xlsx': {NO_TABLE}.")
    );
}

/// An OLE compound file with an `EncryptedPackage` stream: what Excel and LibreOffice write for
/// an xlsx saved with a password.
fn encrypted_workbook() -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    {
        let mut info = cfb.create_stream("/EncryptionInfo").unwrap();
        // Agile encryption, version 4.4.
        info.write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0]).unwrap();
        info.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>"#).unwrap();
    }
    {
        let mut pkg = cfb.create_stream("/EncryptedPackage").unwrap();
        pkg.write_all(&4096u64.to_le_bytes()).unwrap();
        pkg.write_all(&[0x5A; 4096]).unwrap();
    }
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn password_protected_workbook() {
    assert_eq!(
        err("geheim.xlsx", &encrypted_workbook()),
        "Fout in 'geheim.xlsx': het werkboek is beveiligd met een wachtwoord; sla het eerst op zonder wachtwoord."
    );
}

#[test]
fn password_protected_ods() {
    // What LibreOffice writes (checked against a real file saved with a password): the
    // manifest lists encryption data for content.xml, whose bytes are ciphertext.
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="3000"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
    let ods = zip_of(&[
        (
            "mimetype".into(),
            "application/vnd.oasis.opendocument.spreadsheet".into(),
        ),
        ("META-INF/manifest.xml".into(), manifest.into()),
        ("content.xml".into(), "\u{1}\u{2}versleuteld".into()),
    ]);
    assert_eq!(
        err("geheim.ods", &ods),
        "Fout in 'geheim.ods': het werkboek is beveiligd met een wachtwoord; sla het eerst op zonder wachtwoord."
    );
}

/// An ODS package around the given rows of content.xml.
fn ods_of(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Blad1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype".into(),
            "application/vnd.oasis.opendocument.spreadsheet".into(),
        ),
        ("META-INF/manifest.xml".into(), manifest.into()),
        ("content.xml".into(), content),
    ])
}

fn ods_text(t: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
    )
}

fn ods_row(cells: &[String]) -> String {
    format!("<table:table-row>{}</table:table-row>", cells.concat())
}

#[test]
fn an_ods_whose_repeats_describe_a_hundred_million_cells() {
    // 1 KB on disk; calamine would expand it to 96 million cells (19 GB of memory measured).
    let rows = ods_row(&[ods_text("Gemeente"), ods_text("Actie"), ods_text("Bedrag")])
        + &ods_row(&[ods_text("Gent"), ods_text("5"), ods_text("100")])
        + r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    assert_eq!(
        err("herhaald.ods", &ods_of(&rows)),
        "Fout in 'herhaald.ods': het blad is te groot om te lezen: de gegevens beslaan 6002 rijen en 16000 kolommen (meer dan 5 miljoen cellen)."
    );
}

#[test]
fn an_ods_with_the_empty_filler_libreoffice_writes_loads() {
    let rows = ods_row(&[ods_text("Gemeente"), ods_text("Actie"), ods_text("Bedrag")])
        + &ods_row(&[ods_text("Gent"), ods_text("5"), ods_text("1.250,50")])
        + r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let ds = ok("libreoffice.ods", &ods_of(&rows));
    assert_eq!(ds.total_granted(), 125_050);
}

#[test]
fn an_ole_file_that_is_not_a_workbook() {
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/WordDocument")
        .unwrap()
        .write_all(&[0u8; 600])
        .unwrap();
    cfb.flush().unwrap();
    let bytes = cfb.into_inner().into_inner();
    assert_eq!(
        err("brief.xls", &bytes),
        "Fout in 'brief.xls': het werkboek is beschadigd of onvolledig en kan niet geopend worden (dit Office-bestand bevat geen Excel-werkboek; misschien is het een Word-document)."
    );
}

// ---------------------------------------------------------------------------------------------
// Header problems.

#[test]
fn header_without_an_amount_column() {
    let wb = xlsx(&[sheet(
        "Limburg",
        vec![
            vec![V::S("Overzicht oproep 1")],
            vec![V::S("Gemeente"), V::S("Actie"), V::S("Eenheden")],
            vec![V::S("Genk"), V::S("5"), V::N(120.0)],
        ],
    )]);
    assert_eq!(
        err("zonder_bedrag.xlsx", &wb),
        "Fout in 'zonder_bedrag.xlsx', blad 'Limburg', rij 2: de kopregel heeft geen kolom met bedragen (bijvoorbeeld 'Bedrag', 'Subsidie' of 'Toegekend bedrag')."
    );
}

#[test]
fn two_amount_columns() {
    let wb = xlsx(&[sheet(
        "Blad1",
        vec![
            vec![
                V::S("Gemeente"),
                V::S("Actie"),
                V::S("Bedrag"),
                V::S("Bedrag"),
            ],
            vec![V::S("Gent"), V::S("5"), V::N(1000.0), V::N(2000.0)],
        ],
    )]);
    assert_eq!(
        err("twee.xlsx", &wb),
        "Fout in 'twee.xlsx', blad 'Blad1', rij 1: twee kolommen kunnen het toegekende bedrag zijn: C (Bedrag) en D (Bedrag); geef één ervan een andere naam (bijvoorbeeld 'Aangevraagd bedrag')."
    );
}

#[test]
fn requested_and_granted_amounts_are_not_ambiguous() {
    let wb = xlsx(&[sheet(
        "Blad1",
        vec![
            vec![
                V::S("Gemeente"),
                V::S("Actie"),
                V::S("Aangevraagd bedrag"),
                V::S("Bedrag"),
            ],
            vec![V::S("Gent"), V::S("5"), V::N(3000.0), V::N(2000.0)],
        ],
    )]);
    let ds = ok("twee_soorten.xlsx", &wb);
    assert_eq!(ds.total_granted(), cents(2000));
    assert_eq!(ds.grants[0].requested.get(), Some(cents(3000)));
}

// ---------------------------------------------------------------------------------------------
// Amount cells.

#[test]
fn amount_as_words() {
    assert_eq!(
        err("woorden.xlsx", &with_amount(V::S("vijfduizend euro"))),
        "Fout in 'woorden.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): 'vijfduizend euro' is geen bedrag."
    );
}

#[test]
fn amount_beyond_i64_cents_as_text() {
    assert_eq!(
        err("groot.xlsx", &with_amount(V::S("€ 99.999.999.999.999.999,00"))),
        "Fout in 'groot.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): '€ 99.999.999.999.999.999,00' is te groot om een bedrag te zijn."
    );
}

#[test]
fn amount_beyond_exact_cents_as_number() {
    assert_eq!(
        err("groot_getal.xlsx", &with_amount(V::N(1e17))),
        "Fout in 'groot_getal.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): '100000000000000000' is te groot om een bedrag te zijn."
    );
}

#[test]
fn amounts_whose_sum_overflows_are_refused_where_the_sum_breaks() {
    // Each amount fits in i64 cents, their sum does not.
    let text =
        "Gemeente;Actie;Bedrag\nGent;5;90.000.000.000.000.000\nLier;5;90.000.000.000.000.000\n";
    assert_eq!(
        err("som.csv", text.as_bytes()),
        "Fout in 'som.csv', rij 3, kolom 3 (Bedrag): '90.000.000.000.000.000' maakt de som van alle bedragen te groot om te berekenen."
    );
}

#[test]
fn a_total_row_that_makes_the_sum_overflow_is_refused() {
    let text =
        "Gemeente;Actie;Bedrag\nGent;5;-90.000.000.000.000.000\nTotaal;;90.000.000.000.000.000\n";
    assert_eq!(
        err("totaal.csv", text.as_bytes()),
        "Fout in 'totaal.csv', rij 3, kolom 3 (Bedrag): '90.000.000.000.000.000' maakt de som van alle bedragen te groot om te berekenen."
    );
}

#[test]
fn amount_with_a_fraction_of_a_cent() {
    assert_eq!(
        err("fractie.xlsx", &with_amount(V::N(1250.125))),
        "Fout in 'fractie.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): '1250.125' heeft meer dan twee decimalen (een fractie van een cent)."
    );
    assert_eq!(
        err("fractie.csv", "Gemeente;Actie;Bedrag\nMol;5;1.250,125\n".as_bytes()),
        "Fout in 'fractie.csv', rij 2, kolom 3 (Bedrag): '1.250,125' heeft meer dan twee decimalen (een fractie van een cent)."
    );
}

#[test]
fn float_artefacts_of_two_decimal_values_load_exactly() {
    // 0.1 + 0.2 and 1234.56 * 3 are what a spreadsheet stores after arithmetic.
    let wb = with_amount(V::N(0.1 + 0.2));
    let ds = ok("artefact.xlsx", &wb);
    assert_eq!(ds.total_granted(), cents(1000) + 30);
    let ds = ok("artefact2.xlsx", &with_amount(V::N(1234.56 * 3.0)));
    assert_eq!(ds.total_granted(), cents(1000) + 370_368);
}

#[test]
fn date_where_an_amount_belongs() {
    assert_eq!(
        err("datum.xlsx", &with_amount(V::D(2023, 3, 15))),
        "Fout in 'datum.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): bevat een datum waar een bedrag hoort."
    );
}

#[test]
fn formula_error_ref() {
    assert_eq!(
        err("ref.xlsx", &with_amount(V::F("=#REF!*2", "#REF!"))),
        "Fout in 'ref.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): bevat de formulefout #REF! waar een bedrag hoort."
    );
}

#[test]
fn formula_error_div0() {
    assert_eq!(
        err("deling.xlsx", &with_amount(V::F("=B2/0", "#DIV/0!"))),
        "Fout in 'deling.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): bevat de formulefout #DIV/0! waar een bedrag hoort."
    );
}

#[test]
fn a_newer_excel_error_code_anywhere_is_named() {
    // calamine knows the classic error codes only; #SPILL! (Excel 365) stops the sheet.
    let xml = sheet_xml(&[
        (1, format!("{}{}{}{}", is("A1", "Gemeente"), is("B1", "Actie"), is("C1", "Bedrag"), is("D1", "Opmerking"))),
        (2, format!("{}{}<c r=\"C2\"><v>1500</v></c><c r=\"D2\" t=\"e\"><f>SORT(A1:A9)</f><v>#SPILL!</v></c>", is("A2", "Gent"), is("B2", "5"))),
    ]);
    assert_eq!(
        err("nieuw.xlsx", &xlsx_package(&[("Gent", &xml)])),
        "Fout in 'nieuw.xlsx', blad 'Gent': het werkboek is beschadigd of onvolledig en kan niet geopend worden (een cel bevat de formulefout #SPILL!, die niet gelezen kan worden; vervang die formule door haar waarde)."
    );
}

#[test]
fn a_formula_with_a_good_result_loads_its_value() {
    let ds = ok("formule.xlsx", &with_amount(V::F("=B2*500", "2500")));
    assert_eq!(ds.total_granted(), cents(1000 + 2500));
}

#[test]
fn boolean_where_an_amount_belongs() {
    assert_eq!(
        err("waar.xlsx", &with_amount(V::B(true))),
        "Fout in 'waar.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): bevat WAAR/ONWAAR waar een bedrag hoort."
    );
}

// ---------------------------------------------------------------------------------------------
// Odd but valid workbooks.

#[test]
fn merged_cells_everywhere() {
    // Title, province, applicant and objective cells merged over several rows and columns.
    let mut s = sheet(
        "Bijlage",
        vec![
            vec![],
            vec![],
            vec![
                V::S("Provincie"),
                V::S("Lokaal bestuur"),
                V::S("Doelstelling"),
                V::S("Actie"),
                V::S("Bedrag"),
            ],
            vec![V::E, V::E, V::E, V::S("Actie 5"), V::N(10000.0)],
            vec![V::E, V::E, V::E, V::S("Actie 6"), V::N(2500.5)],
            vec![V::E, V::E, V::S("Netwerk"), V::S("Actie 2"), V::N(25000.0)],
            vec![V::E, V::E, V::E, V::S("A5"), V::N(4000.0)],
            vec![V::E, V::E, V::E, V::S("Actie 15"), V::E],
        ],
    );
    s.merges = vec![
        (0, 0, 1, 4, "Plan Samenleven — oproep 1"),
        (3, 0, 7, 0, "Oost-Vlaanderen"),
        (3, 1, 5, 1, "Stad Gent"),
        (6, 1, 7, 1, "Aalst"),
        (3, 2, 4, 2, "Nederlands"),
        (6, 2, 7, 2, "Nederlands"),
        // An amount merged over two action rows belongs to the first.
        (6, 4, 7, 4, "4000"),
    ];
    // merge_range writes its text as a string: put the number back.
    s.at = vec![(6, 4, V::N(4000.0))];
    let ds = ok("samengevoegd.xlsx", &xlsx(&[s]));
    assert_eq!(ds.grants.len(), 4);
    assert_eq!(ds.total_granted(), 4_150_050);
    let gent = ds.applicant_by_name("Gent").unwrap();
    let aalst = ds.applicant_by_name("Aalst").unwrap();
    assert_eq!(ds.applicant_totals(gent).unwrap().granted, 3_750_050);
    assert_eq!(ds.applicant_totals(aalst).unwrap().granted, 400_000);
    assert!(ds
        .grants
        .iter()
        .all(|g| g.province_in_file == Some(Province::OostVlaanderen)));
    assert_eq!(ds.call.call, Some(1));
}

#[test]
fn ten_thousand_empty_rows_between_data() {
    let mut s = sheet(
        "Antwerpen",
        vec![
            vec![V::S("Lokaal bestuur"), V::S("Actie"), V::S("Bedrag")],
            vec![V::S("Lier"), V::S("5"), V::N(1000.0)],
        ],
    );
    // Row 10 003 (after 10 000 empty rows) and a bad amount in row 10 004.
    s.at = vec![
        (10_002, 0, V::S("Mol")),
        (10_002, 1, V::S("6")),
        (10_002, 2, V::N(2000.0)),
    ];
    let ds = ok("gaten.xlsx", &xlsx(&[s]));
    assert_eq!(ds.total_granted(), cents(3000));
    assert_eq!(ds.grants[1].origin.row, 10_003);
    let mut s = sheet(
        "Antwerpen",
        vec![
            vec![V::S("Lokaal bestuur"), V::S("Actie"), V::S("Bedrag")],
            vec![V::S("Lier"), V::S("5"), V::N(1000.0)],
        ],
    );
    s.at = vec![
        (10_003, 0, V::S("Mol")),
        (10_003, 1, V::S("6")),
        (10_003, 2, V::S("?")),
    ];
    assert_eq!(
        err("gaten2.xlsx", &xlsx(&[s])),
        "Fout in 'gaten2.xlsx', blad 'Antwerpen', rij 10004, kolom C (Bedrag): '?' is geen bedrag."
    );
}

#[test]
fn a_stray_cell_at_the_last_row_and_column_of_a_sheet() {
    // One cell in XFD1048576 spans a range of 17 billion cells; the loader must not allocate it.
    let xml = sheet_xml(&[
        (
            1,
            format!(
                "{}{}{}",
                is("A1", "Gemeente"),
                is("B1", "Actie"),
                is("C1", "Bedrag")
            ),
        ),
        (
            2,
            format!(
                "{}{}<c r=\"C2\"><v>1500</v></c>",
                is("A2", "Gent"),
                is("B2", "5")
            ),
        ),
        (1_048_576, is("XFD1048576", "x")),
    ]);
    let ds = ok("verdwaald.xlsx", &xlsx_package(&[("Blad1", &xml)]));
    assert_eq!(ds.total_granted(), cents(1500));
    assert_eq!(ds.grants.len(), 1);
}

#[test]
fn header_below_a_long_title_block_and_right_of_column_a() {
    let mut s = sheet("West-Vlaanderen", Vec::new());
    s.at = vec![
        (0, 3, V::S("Plan Samenleven — tweede projectjaar")),
        (40, 3, V::S("Gemeente")),
        (40, 4, V::S("Actie")),
        (40, 5, V::S("Toegekend bedrag")),
        (41, 3, V::S("Brugge")),
        (41, 4, V::S("5")),
        (41, 5, V::S("€ 7.500,00")),
    ];
    let ds = ok("laag.xlsx", &xlsx(&[s]));
    assert_eq!(ds.total_granted(), cents(7500));
    assert_eq!(ds.grants[0].origin.row, 42);
    assert_eq!(ds.call.call, Some(2));
}

#[test]
fn a_workbook_named_csv_is_read_as_a_workbook() {
    let wb = with_amount(V::N(2000.0));
    let ds = ok("eigenlijk_excel.csv", &wb);
    assert_eq!(ds.total_granted(), cents(3000));
}

#[test]
fn extra_sheets_without_tables_are_skipped() {
    let wb = xlsx(&[
        sheet("Toelichting", vec![vec![V::S("Lees dit eerst")]]),
        sheet(
            "Gegevens",
            vec![
                vec![V::S("Gemeente"), V::S("Actie"), V::S("Bedrag")],
                vec![V::S("Gent"), V::S("5"), V::N(1000.0)],
            ],
        ),
        sheet("Grafiek", vec![]),
    ]);
    let ds = ok("meer_bladen.xlsx", &wb);
    assert_eq!(ds.total_granted(), cents(1000));
}

#[test]
fn unknown_names_actions_and_negative_or_zero_amounts_load() {
    let wb = common::xlsx(&[Sheet {
        name: "Blad1",
        rows: vec![
            vec![S("Gemeente"), S("Actie"), S("Bedrag"), E, S("Toelichting")],
            vec![S("Atlantis"), S("Buurtsport voor senioren"), N(1000.0)],
            vec![S("Gent"), S("Actie 5"), N(-250.0)],
            vec![S("Gent"), S("Actie 6"), N(0.0)],
            vec![S("Lier"), S("Actie 31"), S("(500)")],
        ],
        merges: Vec::new(),
        at: Vec::new(),
    }]);
    let ds = ok("raar.xlsx", &wb);
    assert_eq!(ds.grants.len(), 4);
    assert_eq!(ds.total_granted(), cents(1000 - 250 - 500));
    let atlantis = ds.applicant_by_name("Atlantis").unwrap();
    assert_eq!(ds.applicant(atlantis).unwrap().kind, ApplicantKind::Unknown);
    let labels: Vec<&str> = ds
        .unknown_actions
        .iter()
        .map(|u| u.label.as_str())
        .collect();
    assert_eq!(labels, ["Buurtsport voor senioren", "Actie 31"]);
    assert!(matches!(ds.grants[0].kind, LineKind::UnknownAction(_)));
    assert_eq!(ds.grants[2].amount, 0);
    assert!(ds.grants.iter().all(|g| g.status == Status::Granted));
    // They are findings of the checks instead.
    let findings = samenleven::checks::run(&ds);
    let mut found: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.code.as_str(),
                "naam-onbekend" | "actie-onbekend" | "bedrag-negatief" | "bedrag-nul"
            )
        })
        .map(|f| (f.code.as_str(), f.place.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("actie-onbekend", "Blad 'Blad1', rij 2"),
            ("actie-onbekend", "Blad 'Blad1', rij 5"),
            ("bedrag-negatief", "Blad 'Blad1', rij 3"),
            ("bedrag-negatief", "Blad 'Blad1', rij 5"),
            ("bedrag-nul", "Blad 'Blad1', rij 4"),
            ("naam-onbekend", "Blad 'Blad1', rij 2"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// CSV and text.

#[test]
fn csv_with_mixed_separators_is_refused_where_the_separator_changes() {
    let text = "Gemeente;Actie;Bedrag\nGent;5;1000\nLier;5;2000\nMol,5,3000\nGeel;5;4000\n";
    assert_eq!(
        err("gemengd.csv", text.as_bytes()),
        "Fout in 'gemengd.csv', rij 4: deze regel heeft 1 kolommen waar de kopregel er 3 heeft; controleer het scheidingsteken."
    );
}

#[test]
fn csv_with_unquoted_decimal_commas_is_refused() {
    // A comma file whose amounts are written "1000,50" without quotes: the amount splits in two.
    let text = "Gemeente,Actie,Bedrag\nGent,5,1000\nLier,5,2000,50\n";
    assert_eq!(
        err("komma.csv", text.as_bytes()),
        "Fout in 'komma.csv', rij 3: deze regel heeft 4 kolommen waar de kopregel er 3 heeft; controleer het scheidingsteken."
    );
}

#[test]
fn csv_short_rows_and_trailing_separators_load() {
    // Trailing empty fields missing or added: same data, no error.
    let text =
        "Gemeente;Actie;Bedrag;Toelichting\nGent;5;1000\nLier;5;2000;;;\nMol;5;3000;pleinwerking\n";
    let ds = ok("kort.csv", text.as_bytes());
    assert_eq!(ds.total_granted(), cents(6000));
}

#[test]
fn csv_quoted_fields_with_separators_and_line_breaks() {
    let text = "Gemeente;Actie;Bedrag;Toelichting\n\"Harelbeke (samen met Waregem; Kuurne)\";5;\"1.000,50\";\"regel 1\nregel 2; met puntkomma\"\nGent;6;2000;\n";
    let ds = ok("aanhalingstekens.csv", text.as_bytes());
    assert_eq!(ds.total_granted(), 100_050 + cents(2000));
    assert_eq!(
        ds.text(ds.grants[0].explanation),
        Some("regel 1\nregel 2; met puntkomma")
    );
    assert_eq!(ds.grants[1].origin.row, 4);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let mut bytes = b"Gemeente;Actie;Bedrag\n".to_vec();
    bytes.extend_from_slice(b"Bi\xe9v\xe8ne;5;\x80 1.000\nHoeilaart;5;500\n");
    let ds = ok("ansi.csv", &bytes);
    assert_eq!(ds.total_granted(), cents(1500));
    let a = ds.applicant_by_name("Biévène").unwrap();
    assert!(matches!(
        ds.applicant(a).unwrap().kind,
        ApplicantKind::Municipality(_)
    ));
}

#[test]
fn one_broken_byte_in_a_utf8_file_keeps_the_other_accents() {
    // A UTF-8 file damaged in one place is not re-read as Windows-1252 (which would turn
    // every "é" into "Ã©").
    let mut bytes = "Gemeente;Actie;Bedrag;Toelichting\nBiévène;5;1000;café\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"Gent;5;500;kapot \xe9 teken\n");
    let ds = ok("half_utf8.csv", &bytes);
    assert_eq!(ds.total_granted(), cents(1500));
    assert_eq!(ds.text(ds.grants[0].explanation), Some("café"));
    assert_eq!(
        ds.text(ds.grants[1].explanation),
        Some("kapot \u{fffd} teken")
    );
}

#[test]
fn utf16_csv_with_bom() {
    let text = "Gemeente\tActie\tBedrag\nLiège\t5\t1000\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let ds = ok("unicode.csv", &bytes);
    assert_eq!(ds.total_granted(), cents(1000));
    assert_eq!(ds.applicants[0].name, "Liège");
}

#[test]
fn binary_garbage_after_a_text_start_is_not_a_spreadsheet() {
    let mut bytes = b"Gemeente;Actie;Bedrag\n".to_vec();
    bytes.extend((0u8..=255).cycle().take(4000));
    assert_eq!(
        err("rommel.csv", &bytes),
        "Fout in 'rommel.csv': dit is geen rekenblad (xlsx, xlsm, xls, ods) en geen CSV-bestand."
    );
}

// ---------------------------------------------------------------------------------------------
// Paths.

#[test]
fn a_path_that_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_path(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "Fout in '{}': dit is een map, geen bestand.",
            dir.path().display()
        )
    );
}

#[test]
fn a_path_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weg.xlsx");
    let e = load_path(&path, &LoadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("Fout in '{}': het bestand bestaat niet.", path.display())
    );
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_file("geheim.csv", b"Gemeente;Actie;Bedrag\nGent;5;1000\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let expected = format!(
        "Fout in '{}': geen toestemming om het bestand te lezen (leesrechten ontbreken).",
        path.display()
    );
    if !is_root() {
        let e = load_path(&path, &LoadOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), expected);
        return;
    }
    // Root reads anything: run the command as `nobody` instead. The binary and the folder must
    // be reachable for that user.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("samenleven");
    let out = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
        ])
        .arg(&bin)
        .args(["summary", "--annex"])
        .arg(&path)
        .output();
    let out = match out {
        Ok(o) if !String::from_utf8_lossy(&o.stderr).contains("Permission denied") => o,
        other => panic!(
            "as root this test runs the command as nobody (setpriv), which failed for {}: \
             {other:?}",
            bin.display()
        ),
    };
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("{expected}\n")
    );
}

// ---------------------------------------------------------------------------------------------
// A 200 MB file, generated at test time.

const MB: u64 = 1024 * 1024;

/// 200 MB of CSV: a header, 2000 real lines spread over the file and, between them, the
/// separator-only lines a spreadsheet leaves when its formatted empty rows are exported.
fn write_padded_csv(path: &std::path::Path) -> (i64, usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Provincie;Gemeente;Actie;Bedrag;Toelichting").unwrap();
    let padding = ";".repeat(120) + "\n";
    let explanation = "pleinwerking en oefenkansen ".repeat(20);
    let names = ["Gent", "Lier", "Mol", "Brugge", "Genk"];
    let (mut total, mut lines) = (0i64, 0usize);
    let mut written = 0u64;
    let mut i = 0usize;
    while written < 200 * MB {
        if i % 1000 == 0 && lines < 2000 {
            let euro = 1000 + (i as i64 % 7919);
            writeln!(
                out,
                "Antwerpen;{};{};{euro},50;{explanation}",
                names[lines % names.len()],
                1 + lines % 24
            )
            .unwrap();
            total += euro * 100 + 50;
            lines += 1;
        }
        out.write_all(padding.as_bytes()).unwrap();
        written += padding.len() as u64;
        i += 1;
    }
    out.flush().unwrap();
    (total, lines)
}

/// About 70 s in a debug build on a busy machine: `.ci/run` runs it in release.
#[test]
#[ignore = "200 MB: run with `cargo test --release --test bad_input -- --ignored`"]
fn a_200_mb_csv_padded_with_empty_rows_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groot.csv");
    let (total, lines) = write_padded_csv(&path);
    assert!(std::fs::metadata(&path).unwrap().len() >= 200 * MB);
    let ds = load_path(&path, &LoadOptions::default()).unwrap();
    assert_eq!(ds.grants.len(), lines);
    assert_eq!(ds.total_granted(), total);
}

// ---------------------------------------------------------------------------------------------
// Legacy .xls (BIFF8), written by hand.

fn biff(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = vec![0x00, 0x06];
    d.extend_from_slice(&dt.to_le_bytes());
    d.extend_from_slice(&[0; 12]);
    d
}

enum X {
    S(&'static str),
    N(f64),
}

/// A minimal BIFF8 workbook with one sheet of (row, column, value) cells, in an OLE container.
fn xls(sheet: &str, cells: &[(u16, u16, X)]) -> Vec<u8> {
    let mut globals = Vec::new();
    biff(&mut globals, 0x0809, &bof(0x0005));
    biff(&mut globals, 0x0042, &1200u16.to_le_bytes());
    let mut bound = vec![0u8; 4];
    bound.extend_from_slice(&[0, 0, sheet.len() as u8, 0]);
    bound.extend_from_slice(sheet.as_bytes());
    let bound_at = globals.len() + 4;
    biff(&mut globals, 0x0085, &bound);
    biff(&mut globals, 0x000A, &[]);
    let sheet_at = globals.len() as u32;
    globals[bound_at..bound_at + 4].copy_from_slice(&sheet_at.to_le_bytes());
    let mut ws = Vec::new();
    biff(&mut ws, 0x0809, &bof(0x0010));
    for (r, c, v) in cells {
        let mut d = Vec::new();
        d.extend_from_slice(&r.to_le_bytes());
        d.extend_from_slice(&c.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        match v {
            X::N(n) => {
                d.extend_from_slice(&n.to_le_bytes());
                biff(&mut ws, 0x0203, &d);
            }
            X::S(t) => {
                d.extend_from_slice(&(t.len() as u16).to_le_bytes());
                d.push(0);
                d.extend_from_slice(t.as_bytes());
                biff(&mut ws, 0x0204, &d);
            }
        }
    }
    biff(&mut ws, 0x000A, &[]);
    globals.extend_from_slice(&ws);
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/Workbook")
        .unwrap()
        .write_all(&globals)
        .unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

fn xls_table() -> Vec<(u16, u16, X)> {
    vec![
        (0, 0, X::S("Gemeente")),
        (0, 1, X::S("Actie")),
        (0, 2, X::S("Bedrag")),
        (1, 0, X::S("Gent")),
        (1, 1, X::N(5.0)),
        (1, 2, X::N(1250.5)),
    ]
}

#[test]
fn a_legacy_xls_workbook_with_a_stray_cell_nearby_loads() {
    let mut cells = xls_table();
    cells.push((3000, 200, X::S("opmerking")));
    let ds = ok("oud2.xls", &xls("Blad1", &cells));
    assert_eq!(ds.total_granted(), 125_050);
}

#[test]
fn a_legacy_xls_workbook_loads() {
    let ds = ok("oud.xls", &xls("Blad1", &xls_table()));
    assert_eq!(ds.total_granted(), 125_050);
}

#[test]
fn a_stray_cell_far_away_in_an_xls_workbook() {
    let mut cells = xls_table();
    cells.push((65_535, 65_535, X::S("ver")));
    // calamine would allocate 65 536 × 65 536 cells (137 GB) and abort: refused instead.
    assert_eq!(
        err("ver.xls", &xls("Blad1", &cells)),
        "Fout in 'ver.xls': het blad is te groot om te lezen: de gegevens beslaan 65536 rijen en 65536 kolommen (meer dan 5 miljoen cellen)."
    );
}
