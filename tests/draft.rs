//! The draft answer (`samenleven antwoord`): every figure of a hand-made annex is in the draft
//! with its source, a changed amount changes the draft, the docx opens as a zip whose document
//! holds the figures, the command refuses what it cannot do in Dutch.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tui_support;

use common::bin;

use std::io::Read;

use samenleven::annex::{load_bytes, load_sample, LoadOptions};
use samenleven::draft::{draft_bytes, Format};
use samenleven::model::Dataset;

/// Five lines in four provinces, one refused; amounts known by hand.
const KNOWN: &str =
    "Provincie;Lokaal bestuur;Actie;Toegekend bedrag;Aangevraagd bedrag;Status;Reden;Toelichting\n\
Oost-Vlaanderen;Gent;Actie 5;12.345,67;12.345,67;goedgekeurd;;\n\
Oost-Vlaanderen;Gent;Actie 2;25.000;25.000;goedgekeurd;;\n\
Antwerpen;Lier;Actie 9;7.500;7.500;goedgekeurd;;\n\
West-Vlaanderen;Brugge;Actie 17;3.210;3.210;goedgekeurd;;Training op het Zand\n\
Limburg;Hasselt;Actie 9;0;4.000;geweigerd;Onvoldoende onderbouwd;\n";

fn load(text: &str, call: Option<u8>) -> Dataset {
    load_bytes("bekend.csv", text.as_bytes(), &LoadOptions { call }).unwrap()
}

fn draft(ds: &Dataset, format: Format) -> String {
    let findings = samenleven::checks::run(ds);
    String::from_utf8(draft_bytes(ds, &findings, format).unwrap()).unwrap()
}

/// The text of a numbered section of the Markdown draft.
fn section(md: &str, number: u8) -> String {
    let start = md
        .find(&format!("\n## {number}. "))
        .unwrap_or_else(|| panic!("no section {number}:\n{md}"));
    let rest = &md[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    rest[..end].to_string()
}

#[test]
fn every_figure_of_a_known_annex_is_in_the_draft_with_its_source() {
    let ds = load(KNOWN, None);
    let md = draft(&ds, Format::Md);
    let one = section(&md, 1);
    // The total: 12.345,67 + 25.000 + 7.500 + 3.210, to 3 of the 4 applicants (Hasselt was
    // refused), from rows 2 to 6.
    assert!(
        one.contains(
            "In totaal werd € 48.055,67 toegekend aan 3 van de 4 aanvragers [bijlage, rijen 2–6]"
        ),
        "{one}"
    );
    // Per province: amount, applicants, the largest amounts, the rows.
    for row in [
        "| Antwerpen | € 7.500 | 1 | Lier (€ 7.500) | [bijlage, rij 4] |",
        "| Limburg | € 0 | 1 | – | [bijlage, rij 6] |",
        "| Oost-Vlaanderen | € 37.345,67 | 1 | Gent (€ 37.345,67) | [bijlage, rijen 2–3] |",
        "| West-Vlaanderen | € 3.210 | 1 | Brugge (€ 3.210) | [bijlage, rij 5] |",
    ] {
        assert!(one.contains(row), "{row}\n{one}");
    }
    // Per objective: action 2 is objective 1, 5 is 2, 9 is 4 (Lier and the refused Hasselt), 17
    // is 6.
    for row in [
        "| 1 Veiligheid en leefbaarheid | € 25.000 | 1 | Gent (€ 25.000) | [bijlage, rij 3] |",
        "| 2 Nederlands | € 12.345,67 | 1 | Gent (€ 12.345,67) | [bijlage, rij 2] |",
        "| 4 Werk | € 7.500 | 2 | Lier (€ 7.500) | [bijlage, 2 regels in rijen 4–6] |",
        "| 6 Non-discriminatie | € 3.210 | 1 | Brugge (€ 3.210) | [bijlage, rij 5] |",
    ] {
        assert!(one.contains(row), "{row}\n{one}");
    }
    assert!(
        one.contains("West-Vlaanderen: 1 van de 1 regel heeft een inhoudelijke toelichting"),
        "{one}"
    );
    // The refusal with its reason, amount asked and row.
    let three = section(&md, 3);
    assert!(
        three.contains(
            "De bijlage bevat 1 geweigerde aanvraag; gevraagd was samen € 4.000 [bijlage, rij 6]"
        ),
        "{three}"
    );
    assert!(
        three.contains(
            "| Limburg | Hasselt | 9 Begeleiding naar werk | € 4.000 | Onvoldoende onderbouwd | [bijlage, rij 6] |"
        ),
        "{three}"
    );
    // The count of applicants and represented local governments.
    let four = section(&md, 4);
    assert!(
        four.contains(
            "Er dienden 4 aanvragers een aanvraag in; samen vertegenwoordigen ze 4 lokale besturen"
        ),
        "{four}"
    );
    // Not the first call's facts: nothing of answer 492 is claimed, and the draft says so.
    assert!(!md.contains("gepubliceerd:"), "{md}");
    assert!(md.contains("De gegevens van het antwoord gelden daarom niet voor dit bestand"));
    assert!(
        section(&md, 2).contains("De gegevens vermelden geen intergemeentelijke samenwerkingen.")
    );
    assert!(section(&md, 7).contains("De bijlage bevat geen mentorschappen; antwoord 7 geldt niet"));
    assert!(section(&md, 8).contains("De bijlage bevat geen stimulans sociale impactobligatie"));
    assert!(section(&md, 9).contains("wijzigingen van KPI's tussen oproepen blijken er niet uit"));
    // Policy questions the data cannot answer are said to be so.
    assert!(section(&md, 6).contains("De gegevens beantwoorden niet"));
    // Not the sample: no VOORBEELD.
    assert!(!md.contains("VOORBEELD"), "{md}");
}

#[test]
fn a_changed_amount_changes_the_draft() {
    let before = draft(&load(KNOWN, None), Format::Md);
    let after = draft(
        &load(
            &KNOWN.replace("Lier;Actie 9;7.500", "Lier;Actie 9;7.600"),
            None,
        ),
        Format::Md,
    );
    assert_ne!(before, after);
    assert!(
        after.contains("In totaal werd € 48.155,67 toegekend"),
        "{after}"
    );
    assert!(!after.contains("€ 48.055,67"), "{after}");
    assert!(
        after.contains("| Antwerpen | € 7.600 | 1 | Lier (€ 7.600) |"),
        "{after}"
    );
    assert!(after.contains("| 4 Werk | € 7.600 |"), "{after}");
    // The text format follows too.
    let txt = draft(
        &load(
            &KNOWN.replace("Lier;Actie 9;7.500", "Lier;Actie 9;7.600"),
            None,
        ),
        Format::Txt,
    );
    assert!(txt.contains("€ 48.155,67"), "{txt}");
}

#[test]
fn the_first_call_draft_names_the_published_facts_and_lists_the_open_findings() {
    let ds = load(KNOWN, Some(1));
    let md = draft(&ds, Format::Md);
    // Question 1's total, and how much the file differs from it.
    let one = section(&md, 1);
    assert!(
        one.contains("Vraag 1 noemt € 14.136.359 [gepubliceerd: vraag 1]: de bijlage geeft € 14.088.303,33 minder."),
        "{one}"
    );
    // Answer 2's collaborations per province of their lead, Geel once, Boom under Antwerpen.
    let two = section(&md, 2);
    assert!(
        two.contains("22 samenwerkingen met 22 trekkers; samen 77 deelnemende gemeenten"),
        "{two}"
    );
    assert!(
        two.contains("twee keer vermeld [gepubliceerd: antwoord 2, vermeldingen 18 en 20]"),
        "{two}"
    );
    assert!(two.contains("in antwoord 2 onder Limburg"), "{two}");
    // Answer 3 says nothing was refused; the file refuses Hasselt.
    assert!(
        section(&md, 3).contains("Antwoord 3 vermeldt: \"Elke aanvraag kon gehonoreerd worden\"")
    );
    // Mentorships: answer 7's twelve, none in this file.
    let seven = section(&md, 7);
    assert!(
        seven.contains("Antwoord 7 noemt 12 mentorschappen bij 6 lokale besturen"),
        "{seven}"
    );
    assert!(
        seven.contains("De bijlage bevat 0 mentorschapsregels"),
        "{seven}"
    );
    // The stimulus of answer 8 is no bond.
    let eight = section(&md, 8);
    assert!(
        eight.contains("Antwoord 8 noemt geen aangegane sociale impactobligatie"),
        "{eight}"
    );
    assert!(
        eight.contains("de bijlage bevat er geen regel voor"),
        "{eight}"
    );
    // Answer 9c: Dutch practice is action 5, the answer calls it 15; this file's units of it.
    let nine = section(&md, 9);
    assert!(nine.contains("het antwoord noemt ze actie 15"), "{nine}");
    // The open findings, with their codes: the total differs from the published one (fout).
    let review = md.split("## Na te kijken").nth(1).unwrap();
    assert!(review.contains("(fout, gepubliceerd-totaal)"), "{review}");
    assert!(
        review.contains("(waarschuwing, antwoord-geweigerd)"),
        "{review}"
    );
    assert!(!review.contains("(info,"), "{review}");
}

#[test]
fn the_sample_draft_says_first_that_it_is_a_sample() {
    let ds = load_sample().unwrap();
    for format in [Format::Md, Format::Txt] {
        let text = draft(&ds, format);
        let first = text.lines().next().unwrap();
        assert!(
            first.contains("VOORBEELD — synthetische bedragen"),
            "{first}"
        );
    }
    let md = draft(&ds, Format::Md);
    // The sample is calibrated to the published total.
    assert!(
        md.contains("Vraag 1 noemt € 14.136.359 [gepubliceerd: vraag 1]: dat is hetzelfde bedrag.")
    );
    assert!(md.contains("Sint-Niklaas (Oost-Vlaanderen) kreeg een stimulans sociale impactobligatie van € 25.000 [gepubliceerd: antwoord 8]"));
}

fn raw_document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The document's XML as a reader sees its words: a no-break space is a space.
fn document_xml(bytes: &[u8]) -> String {
    raw_document_xml(bytes).replace('\u{a0}', " ")
}

#[test]
fn the_docx_is_a_zip_whose_document_holds_the_figures() {
    let ds = load(KNOWN, None);
    let findings = samenleven::checks::run(&ds);
    let bytes = draft_bytes(&ds, &findings, Format::Docx).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    // An amount never breaks over two lines: "€" and the figure hold by a no-break space.
    assert!(raw_document_xml(&bytes).contains("€\u{a0}48.055,67"));
    let xml = document_xml(&bytes);
    for figure in [
        "€ 48.055,67",
        "€ 37.345,67",
        "€ 12.345,67",
        "€ 7.500",
        "€ 3.210",
        "€ 4.000",
        "Onvoldoende onderbouwd",
        "Na te kijken",
        "1. Bedragen per provincie",
        "9. Lessen",
    ] {
        assert!(xml.contains(figure), "{figure}");
    }
    let sample = load_sample().unwrap();
    let bytes = draft_bytes(&sample, &samenleven::checks::run(&sample), Format::Docx).unwrap();
    assert!(document_xml(&bytes).contains("VOORBEELD — synthetische bedragen"));
}

#[test]
fn antwoord_prints_markdown_of_the_sample_and_writes_files() {
    let out = bin().arg("antwoord").output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("> **VOORBEELD — synthetische bedragen"),
        "{md}"
    );
    for n in 1..=9u8 {
        assert!(md.contains(&format!("\n## {n}. ")), "section {n}");
    }
    assert!(md.contains("\n## Na te kijken\n"));

    let dir = tempfile::tempdir().unwrap();
    let (_annex_dir, annex) = common::temp_file("bekend.csv", KNOWN.as_bytes());
    // The format follows the extension of --out.
    let docx = dir.path().join("antwoord.docx");
    let o = bin()
        .arg("--annex")
        .arg(&annex)
        .args(["antwoord", "--out"])
        .arg(&docx)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        said,
        format!("Ontwerpantwoord geschreven (docx): {}\n", docx.display())
    );
    assert!(document_xml(&std::fs::read(&docx).unwrap()).contains("€ 48.055,67"));
    // A name without the extension of the format gets it, and says so.
    let o = bin()
        .arg("--annex")
        .arg(&annex)
        .args(["antwoord", "--format", "txt", "--out"])
        .arg(dir.path().join("concept"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let said = String::from_utf8(o.stdout).unwrap();
    assert!(said.contains("De naam kreeg de extensie .txt"), "{said}");
    let txt = std::fs::read_to_string(dir.path().join("concept.txt")).unwrap();
    assert!(txt.contains("€ 48.055,67"));
}

#[test]
fn antwoord_refuses_in_dutch_what_it_cannot_do() {
    // A Word document does not go to the screen.
    let o = bin()
        .args(["antwoord", "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("Een Word-document gaat niet naar het scherm: geef --out"),
        "{err}"
    );

    // An existing file is left alone without --force, replaced with it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("antwoord.md");
    std::fs::write(&path, "oud").unwrap();
    let o = bin()
        .args(["antwoord", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("bestaat al; gebruik --force om te overschrijven"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "oud");
    let o = bin()
        .args(["antwoord", "--force", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("## Na te kijken"));

    // A folder that does not exist.
    let o = bin()
        .args(["antwoord", "--out"])
        .arg(dir.path().join("geen-map").join("a.md"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.starts_with("Kan '"), "{err}");

    // An unknown format is refused by the argument parser.
    let o = bin()
        .args(["antwoord", "--format", "pdf"])
        .output()
        .unwrap();
    assert!(!o.status.success());

    // An annex that cannot be read says where.
    let (_d, bad) = common::temp_file("kapot.xlsx", b"geen werkmap");
    let o = bin()
        .arg("--annex")
        .arg(&bad)
        .arg("antwoord")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("kapot.xlsx"));
}

#[test]
fn sources_name_the_sheet_and_rows_of_a_workbook() {
    use common::{sheet, xlsx, E, N, S};
    let header = || vec![S("Lokaal bestuur"), S("Actie"), S("Subsidie (EUR)")];
    let wb = xlsx(&[
        sheet(
            "Antwerpen",
            vec![
                vec![S("Provincie Antwerpen")],
                header(),
                vec![S("Lier"), S("Actie 5"), N(1000.0)],
                vec![S("Mechelen"), S("Actie 5"), N(2500.0)],
                vec![E, E, E],
                vec![S("Lier"), S("Actie 9"), N(400.0)],
            ],
        ),
        sheet(
            "Limburg",
            vec![
                vec![S("Provincie Limburg")],
                header(),
                vec![S("Genk"), S("Actie 5"), N(700.0)],
            ],
        ),
    ]);
    let ds = load_bytes("bijlage.xlsx", &wb, &LoadOptions::default()).unwrap();
    let md = draft(&ds, Format::Md);
    let one = section(&md, 1);
    for row in [
        "| Antwerpen | € 3.900 | 2 | Mechelen (€ 2.500), Lier (€ 1.400) | [bijlage, blad 'Antwerpen', 3 regels in rijen 3–6] |",
        "| Limburg | € 700 | 1 | Genk (€ 700) | [bijlage, blad 'Limburg', rij 3] |",
        "| 2 Nederlands | € 4.200 | 3 | Mechelen (€ 2.500), Lier (€ 1.000), Genk (€ 700) | [bijlage, blad 'Antwerpen', rijen 3–4; blad 'Limburg', rij 3] |",
    ] {
        assert!(one.contains(row), "{row}\n{one}");
    }
}

#[test]
fn a_in_the_explorer_writes_the_draft_of_the_whole_file_next_to_the_export() {
    use samenleven::tui::app::Overlay;
    use samenleven::tui::keys::Mode;
    use tui_support::{app_with, screen, type_keys};

    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(load_sample().unwrap(), 160, 48);
    app.export_dir = dir.path().to_path_buf();
    // Under a filter on action 5 the tree counts € 3.389.566; the draft is of the whole file.
    type_keys(&mut app, "/oefen<enter>");
    assert!(app.filter.is_some());
    type_keys(&mut app, "a");
    assert_eq!(app.mode(), Mode::Export);
    let Some(Overlay::Export(p)) = &app.overlay else {
        panic!("geen exportvenster")
    };
    assert!(
        p.name.starts_with("samenleven-antwoord-") && p.name.ends_with(".docx"),
        "{}",
        p.name
    );
    assert_eq!(p.folder, dir.path().display().to_string());
    let s = screen(&app);
    assert!(
        s.contains("Exporteren: ontwerpantwoord op vraag 492 als Word-document"),
        "{s}"
    );
    assert!(s.contains("Zonder .docx wordt .docx toegevoegd"), "{s}");
    // A name without extension gets .docx.
    type_keys(&mut app, "<ctrl-u>concept<enter>");
    app.wait_for_export();
    let path = dir.path().join("concept.docx");
    assert_eq!(app.last_export.as_deref(), Some(path.as_path()));
    assert_eq!(
        app.message.as_deref(),
        Some(
            format!(
                "Ontwerpantwoord geschreven (Word-document): {}",
                path.display()
            )
            .as_str()
        )
    );
    let xml = document_xml(&std::fs::read(&path).unwrap());
    assert!(xml.contains("VOORBEELD — synthetische bedragen"));
    assert!(
        xml.contains("In totaal werd € 14.136.359 toegekend"),
        "the whole file"
    );
    assert!(xml.contains("Na te kijken"));

    // From a table view too; the prompt never overwrites: a taken name is refused.
    type_keys(&mut app, "2a");
    assert_eq!(app.mode(), Mode::Export);
    type_keys(&mut app, "<ctrl-u>concept.docx<enter>");
    assert_eq!(app.mode(), Mode::Export);
    let Some(Overlay::Export(p)) = &app.overlay else {
        panic!("geen exportvenster")
    };
    assert_eq!(
        p.error.as_deref(),
        Some("'concept.docx' bestaat al in deze map: kies een andere naam.")
    );
    type_keys(&mut app, "<esc>");
    assert_eq!(
        app.message.as_deref(),
        Some("Export geannuleerd: niets geschreven")
    );

    // The help lists the key.
    let help: String = samenleven::tui::help::help_lines(app.theme, 120)
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
        .collect();
    assert!(
        help.contains("ontwerpantwoord op vraag 492 als Word-document"),
        "{help}"
    );
}

#[test]
fn kpi_units_of_several_calls_stand_side_by_side() {
    let text = "Oproep;Provincie;Lokaal bestuur;Actie;Eenheden;Bedrag\n\
        1;Oost-Vlaanderen;Gent;Actie 5;1500;90000\n\
        2;Oost-Vlaanderen;Gent;Actie 5;1700;102000\n\
        2;Antwerpen;Lier;Actie 6;10;6000\n";
    let md = draft(&load(text, None), Format::Md);
    let nine = section(&md, 9);
    assert!(
        nine.contains("| Actie | Oproep 1 | Oproep 2 | Bron |"),
        "{nine}"
    );
    assert!(
        nine.contains("| 5 Oefenkansen Nederlands organiseren | 1.500 volwassen anderstaligen | 1.700 volwassen anderstaligen | [bijlage, rijen 2–3] |"),
        "{nine}"
    );
    assert!(
        nine.contains("| 6 Begeleiding verkorte opleidingstrajecten | – | 10 begeleide personen | [bijlage, rij 4] |"),
        "{nine}"
    );
    assert!(
        nine.contains("De eenheden heten zoals de KPI's van oproep 1"),
        "{nine}"
    );
    // One call: the draft says the data shows no change.
    let one = draft(&load(KNOWN, None), Format::Md);
    assert!(section(&one, 9).contains("De bijlage bevat één oproep"));
}

#[test]
fn with_several_calls_answers_one_to_eight_count_call_one_only() {
    let text = "Oproep;Provincie;Lokaal bestuur;Actie;Eenheden;Bedrag\n\
        1;Oost-Vlaanderen;Gent;Actie 5;1500;90000\n\
        2;Oost-Vlaanderen;Gent;Actie 5;1700;102000\n\
        2;Antwerpen;Lier;Actie 6;10;6000\n";
    let md = draft(&load(text, None), Format::Md);
    assert!(
        md.contains("de antwoorden 1 tot en met 8 tellen alleen de regels van oproep 1"),
        "{md}"
    );
    let one = section(&md, 1);
    // Call 1 alone: € 90.000 for one applicant, not € 198.000 for two.
    assert!(
        one.contains("In totaal werd € 90.000 toegekend aan 1 aanvrager"),
        "{one}"
    );
    assert!(!one.contains("€ 198.000"), "{one}");
    assert!(!one.contains("Lier"), "{one}");
    // Answer 9 still sets both calls side by side.
    assert!(section(&md, 9).contains("| Actie | Oproep 1 | Oproep 2 | Bron |"));
}
