//! The Excel export read back with calamine: sheets, rows, totals, formats, failure paths.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use samenleven::checks::{Code, Finding, Severity};
use samenleven::export::{
    parse_scope, run_export, workbook_bytes, workbook_bytes_with_row_limit, write_file,
    ExportError, ExportMeta, Scope, Stamp,
};
use samenleven::model::{
    Applicant, ApplicantKind, CallInfo, CallSource, Dataset, DatasetParts, Grant, LineKind, Origin,
    Province, Source, Status, Texts, UnknownAction,
};
use samenleven::reference::{self};

use samenleven::testkit::local_government as app;

/// A granted line of the first call in `cents`, on row 2.
fn line(a: u32, kind: LineKind, cents: i64) -> Grant {
    Grant {
        amount: cents,
        call: Some(1),
        origin: Origin { sheet: 0, row: 2 },
        ..samenleven::testkit::grant(a, kind, 0)
    }
}

fn meta() -> ExportMeta {
    ExportMeta {
        loaded_at: Stamp::from_unix(1_795_790_000),
        exported_at: Stamp::from_unix(1_795_793_400),
        program: "samenleven test".to_string(),
    }
}

/// A small call-1 dataset: six applicants over five provinces, every kind of line, one refusal.
fn dataset(with_facts: bool, sample: bool) -> Dataset {
    let mut applicants = vec![
        app("Gent"),
        app("Brugge"),
        app("Oostende"),
        app("Sint-Niklaas"),
        app("Lier"),
        app("Hasselt"),
    ];
    applicants.push(Applicant {
        name: "VGC".to_string(),
        kind: ApplicantKind::Vgc,
        province: Some(Province::Brussel),
        spellings: vec![],
    });
    let mut texts = Texts::default();
    let mut brugge = line(1, LineKind::Action(5), 4_000_000);
    brugge.explanation = texts.add("Taalcafé in elke deelgemeente");
    let mut oostende_m = line(2, LineKind::Mentorship(Some(11)), 1_000_000);
    oostende_m.explanation = texts.add("Mentor voor werkzoekenden");
    let mut refused = line(4, LineKind::Action(15), 1_234_550);
    refused.status = Status::Refused;
    refused.reason = texts.add("Geen samenwerking met scholen");
    let grants = vec![
        line(0, LineKind::Action(5), 12_500_000),
        line(0, LineKind::Action(2), 2_500_000),
        line(0, LineKind::Action(15), 3_300_050),
        brugge,
        line(1, LineKind::Action(2), 2_500_000),
        oostende_m,
        line(2, LineKind::Action(11), 6_000_000),
        line(3, LineKind::SocialImpactBond, 2_500_000),
        line(3, LineKind::Action(5), 7_000_000),
        line(4, LineKind::Action(5), 1_999_999),
        refused,
        line(5, LineKind::UnknownAction(0), 800_000),
        line(6, LineKind::Action(24), 5_000_000),
    ];
    let parts = DatasetParts {
        source: Some(Source {
            name: if sample { "voorbeeld" } else { "bijlage.xlsx" }.to_string(),
            path: None,
            sample,
        }),
        call: Some(CallInfo {
            call: Some(1),
            source: CallSource::Column,
            calls_in_file: vec![1],
        }),
        sheets: vec!["Blad1".to_string()],
        applicants,
        grants,
        texts,
        unknown_actions: vec![UnknownAction {
            label: "Buurtfeesten".to_string(),
            objective: Some(5),
        }],
        facts: with_facts.then(|| reference::get().answer_facts().clone()),
        ..DatasetParts::default()
    };
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn range(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).unwrap()
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// A numeric cell in cents (exact for amounts with at most two decimals).
fn cents(d: Option<&Data>) -> Option<i64> {
    match d {
        Some(Data::Float(f)) => Some((f * 100.0).round() as i64),
        Some(Data::Int(i)) => Some(i * 100),
        _ => None,
    }
}

/// Absolute row index of the header row (first cell `first`) and the header texts.
fn header(r: &Range<Data>, first: &str) -> (u32, Vec<String>) {
    let (r0, _) = r.start().unwrap();
    for (i, row) in r.rows().enumerate() {
        if text(row.first()) == first {
            return (r0 + i as u32, row.iter().map(|d| text(Some(d))).collect());
        }
    }
    panic!("no header row starting with {first}");
}

/// The table rows under the header, as maps from header name to cell.
fn table(r: &Range<Data>, first: &str) -> Vec<BTreeMap<String, Data>> {
    let (h, names) = header(r, first);
    let (r0, c0) = r.start().unwrap();
    assert_eq!(c0, 0);
    let mut out = Vec::new();
    for row in r.rows().skip((h - r0 + 1) as usize) {
        if row.iter().all(|d| matches!(d, Data::Empty)) {
            break;
        }
        out.push(
            names
                .iter()
                .zip(row.iter())
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
        );
    }
    out
}

fn of_kind<'a>(rows: &'a [BTreeMap<String, Data>], kind: &str) -> Vec<&'a BTreeMap<String, Data>> {
    rows.iter()
        .filter(|r| text(r.get("Soort regel")) == kind)
        .collect()
}

const SHEETS: [&str; 15] = [
    "Overzicht",
    "Per actie",
    "Antwerpen",
    "Brussel",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
    "Samenwerkingen",
    "Weigeringen",
    "Mentorschap",
    "Sociale impactobligaties",
    "Doelstellingen",
    "Controles",
    "Bron",
];

#[test]
fn sheets_are_named_in_dutch_in_order() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    assert_eq!(
        open(&bytes).sheet_names(),
        SHEETS.map(String::from).to_vec()
    );
}

#[test]
fn every_granted_line_has_its_own_row_and_the_rows_add_up_to_the_grand_total() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let rows = table(&range(&mut wb, "Overzicht"), "Provincie");

    let mut expected: Vec<(String, i64)> = ds
        .grants
        .iter()
        .filter(|g| g.is_granted())
        .map(|g| (ds.applicant(g.applicant).unwrap().name.clone(), g.amount))
        .collect();
    let mut got: Vec<(String, i64)> = of_kind(&rows, "subsidie")
        .iter()
        .map(|r| {
            (
                text(r.get("Lokaal bestuur")),
                cents(r.get("Bedrag")).unwrap(),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);

    let grand = of_kind(&rows, "algemeen totaal");
    assert_eq!(grand.len(), 1);
    let grand = cents(grand[0].get("Bedrag")).unwrap();
    assert_eq!(grand, got.iter().map(|(_, c)| c).sum::<i64>());
    assert_eq!(grand, ds.total_granted());
    // The refused line is not in the overview.
    assert!(!got.iter().any(|(_, c)| *c == 1_234_550));
}

#[test]
fn subtotals_match_the_model_per_province_applicant_and_objective() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let rows = table(&range(&mut wb, "Overzicht"), "Provincie");

    let provinces = of_kind(&rows, "totaal provincie");
    // Antwerpen, Brussel, Limburg, Oost-Vlaanderen, West-Vlaanderen.
    assert_eq!(provinces.len(), 5);
    for r in provinces {
        let p = Province::parse(&text(r.get("Provincie"))).unwrap();
        assert_eq!(
            cents(r.get("Bedrag")).unwrap(),
            ds.province_totals(Some(p)).granted,
            "{p}"
        );
    }
    let applicants = of_kind(&rows, "totaal lokaal bestuur");
    assert_eq!(applicants.len(), ds.applicants.len());
    for r in applicants {
        let id = ds
            .applicant_by_name(&text(r.get("Lokaal bestuur")))
            .unwrap();
        assert_eq!(
            cents(r.get("Bedrag")).unwrap(),
            ds.applicant_totals(id).unwrap().granted
        );
    }
    // Objective subtotals: per applicant, objective "n. name" → model's per_objective.
    let mut seen = 0;
    for r in of_kind(&rows, "subtotaal doelstelling") {
        let id = ds
            .applicant_by_name(&text(r.get("Lokaal bestuur")))
            .unwrap();
        let t = ds.applicant_totals(id).unwrap();
        let obj = text(r.get("Doelstelling"));
        let expected = match obj.split_once('.') {
            Some((n, _)) if n.parse::<usize>().is_ok() => {
                t.per_objective[n.parse::<usize>().unwrap() - 1]
            }
            _ => t.other,
        };
        assert_eq!(cents(r.get("Bedrag")).unwrap(), expected, "{obj}");
        seen += 1;
    }
    // Gent 3 objectives; Brugge 2; Oostende 2; Sint-Niklaas 2; Lier 1; Hasselt 1; VGC 1: each
    // of one line, which carries its subtotal (see export_print.rs for groups of several).
    assert_eq!(seen, 0);
}

#[test]
fn objectives_sheet_matches_the_summary_figures() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let rows = table(&range(&mut wb, "Doelstellingen"), "Doelstelling");
    let mut actions = 0;
    for r in of_kind(&rows, "actie") {
        let no = match r.get("Actie") {
            Some(Data::Float(f)) => *f as u8,
            other => panic!("{other:?}"),
        };
        let t = ds.action_totals(no).unwrap();
        assert_eq!(cents(r.get("Bedrag")).unwrap(), t.granted, "actie {no}");
        assert_eq!(
            cents(r.get("Aanvragers")).unwrap(),
            100 * t.applicants.len() as i64
        );
        assert_eq!(
            cents(r.get("Vertegenwoordigde lokale besturen")).unwrap(),
            100 * t.represented.len() as i64
        );
        actions += 1;
    }
    assert_eq!(
        actions,
        (1..=24)
            .filter(|n| ds.action_totals(*n).unwrap().lines > 0)
            .count()
    );
    for r in of_kind(&rows, "doelstelling") {
        let obj: usize = text(r.get("Doelstelling"))
            .split_once('.')
            .unwrap()
            .0
            .parse()
            .unwrap();
        assert_eq!(
            cents(r.get("Bedrag")).unwrap(),
            ds.objective_total(obj as u8)
        );
        assert_eq!(
            cents(r.get("Aanvragers")).unwrap(),
            100 * ds.objective_applicants(obj as u8).len() as i64
        );
    }
    let of_kinds = |in_objective: bool| -> Vec<_> {
        rows.iter()
            .filter(|r| {
                ["mentorschap", "sociale_impactobligatie", "onbekende_actie"]
                    .contains(&text(r.get("Soort regel")).as_str())
                    && (text(r.get("Doelstelling")) != "Andere lijnen (buiten de catalogus)")
                        == in_objective
            })
            .collect()
    };
    // An unknown action the file puts under an objective is a row of that objective.
    let in_objective = of_kinds(true);
    assert_eq!(in_objective.len(), 1);
    let r = in_objective[0];
    assert_eq!(text(r.get("Doelstelling")), "5. Netwerk");
    assert_eq!(
        text(r.get("Omschrijving")),
        "Buurtfeesten (niet in de catalogus)"
    );
    let unknown = &ds.objective_unknown_totals(5)[0];
    assert_eq!(cents(r.get("Bedrag")).unwrap(), unknown.granted);
    assert_eq!(unknown.granted, 800_000);
    let other = of_kinds(false);
    assert_eq!(other.len(), ds.other_totals().len());
    for (r, o) in other.iter().zip(ds.other_totals()) {
        assert_eq!(cents(r.get("Bedrag")).unwrap(), o.granted);
        assert_eq!(
            cents(r.get("Aanvragers")).unwrap(),
            100 * o.applicants.len() as i64
        );
    }
    let grand = of_kind(&rows, "algemeen totaal")[0];
    assert_eq!(cents(grand.get("Bedrag")).unwrap(), ds.total_granted());
    assert_eq!(
        cents(grand.get("Aanvragers")).unwrap(),
        100 * ds.applicant_count() as i64
    );
    assert_eq!(
        cents(grand.get("Vertegenwoordigde lokale besturen")).unwrap(),
        100 * ds.local_government_count() as i64
    );
}

#[test]
fn amounts_are_numbers_with_a_euro_format_and_headers_are_bold() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let mut amounts = 0;
    for name in SHEETS {
        let r = range(&mut wb, name);
        let styles = wb.worksheet_style(name).unwrap();
        let (r0, c0) = r.start().unwrap();
        for row in r.rows() {
            for d in row {
                // No number stored as text anywhere.
                if let Data::String(s) = d {
                    let t = s.replace(['€', '.', ',', ' '], "");
                    assert!(
                        t.is_empty() || t.parse::<f64>().is_err(),
                        "{name}: text '{s}' looks like a number"
                    );
                }
            }
        }
        let Some((h, names)) = r
            .rows()
            .enumerate()
            .find(|(_, row)| row.iter().any(|d| text(Some(d)) == "Bedrag"))
            .map(|(i, row)| {
                (
                    r0 + i as u32,
                    row.iter().map(|d| text(Some(d))).collect::<Vec<_>>(),
                )
            })
        else {
            continue;
        };
        let col = c0 + names.iter().position(|n| n == "Bedrag").unwrap() as u32;
        let head = styles.get((h, 0)).unwrap();
        assert!(
            head.font.as_ref().unwrap().is_bold(),
            "{name}: header not bold"
        );
        for row in (h + 1)..=r.end().unwrap().0 {
            if let Some(Data::Float(_)) = r.get_value((row, col)) {
                let st = styles.get((row, col)).unwrap();
                let code = &st.number_format.as_ref().unwrap().format_code;
                assert!(code.contains('€'), "{name} row {row}: format {code}");
                amounts += 1;
            }
        }
    }
    // Overview and province sheets, refusals, mentorships, bonds, objectives.
    assert!(amounts > 60, "{amounts}");
}

#[test]
fn totals_are_formulas_with_the_models_figure_as_cached_value() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let f = wb.worksheet_formula("Overzicht").unwrap();
    let formulas: Vec<&String> = f
        .used_cells()
        .map(|(_, _, s)| s)
        .filter(|s| !s.is_empty())
        .collect();
    assert!(
        formulas.iter().all(|s| s.starts_with("SUBTOTAL(9,G")),
        "{formulas:?}"
    );
    // 7 applicants, 5 provinces, 1 grand total; no objective subtotal: every objective of an
    // applicant here has one line, which carries it.
    assert_eq!(formulas.len(), 13);
}

#[test]
fn west_flanders_sheet_carries_the_explanations() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let rows = table(&range(&mut wb, "West-Vlaanderen"), "Provincie");
    let expl: Vec<String> = of_kind(&rows, "subsidie")
        .iter()
        .map(|r| text(r.get("Inhoudelijke toelichting")))
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        expl,
        vec!["Taalcafé in elke deelgemeente", "Mentor voor werkzoekenden"]
    );
    let total = of_kind(&rows, "totaal provincie")[0];
    assert_eq!(
        cents(total.get("Bedrag")).unwrap(),
        ds.province_totals(Some(Province::WestVlaanderen)).granted
    );
    // Antwerpen has no explanations: no such column.
    let (_, names) = header(&range(&mut wb, "Antwerpen"), "Provincie");
    assert!(!names.iter().any(|n| n.contains("toelichting")));
}

#[test]
fn facts_sheets_show_answer_492() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let facts = reference::get().answer_facts();

    let m = table(&range(&mut wb, "Mentorschap"), "Provincie");
    assert_eq!(of_kind(&m, "mentorschap").len(), facts.mentorships.len());
    let grand = of_kind(&m, "algemeen totaal")[0];
    assert_eq!(
        cents(grand.get("Bedrag (vraag 7)")).unwrap(),
        facts.mentorships.len() as i64 * reference::MENTORSHIP_CENTS
    );
    // Oostende's mentorship for action 11 is found in the data, with its explanation.
    let oostende = of_kind(&m, "mentorschap")
        .into_iter()
        .find(|r| {
            text(r.get("Lokaal bestuur")) == "Oostende" && cents(r.get("Actie")) == Some(1100)
        })
        .unwrap();
    assert_eq!(
        cents(oostende.get("Mentorschap in de bijlage")),
        Some(1_000_000)
    );
    assert_eq!(
        text(oostende.get("Inhoudelijke toelichting")),
        "Mentor voor werkzoekenden"
    );

    let b = table(&range(&mut wb, "Sociale impactobligaties"), "Provincie");
    let line = of_kind(&b, "stimulans sociale impactobligatie");
    assert_eq!(line.len(), 1);
    assert_eq!(text(line[0].get("Lokaal bestuur")), "Sint-Niklaas");
    assert_eq!(cents(line[0].get("Bedrag")), Some(2_500_000));
    // Sint-Niklaas' stimulus line of the data.
    assert_eq!(
        cents(line[0].get("Stimulans in de bijlage")),
        Some(2_500_000)
    );
    assert!(text(line[0].get("Bijgestaan door")).contains("AP Hogeschool"));

    let c = table(&range(&mut wb, "Samenwerkingen"), "Provincie");
    let listed = of_kind(&c, "samenwerking").len();
    // Each listing with partners once: Geel's repeat and the VGC (no partners) are not rows.
    let mut listings: Vec<(String, Vec<String>)> = facts
        .collaborations
        .iter()
        .filter(|c| !c.partners.is_empty())
        .map(|c| {
            let mut p: Vec<String> = c.partners.iter().map(|p| p.written.clone()).collect();
            p.sort();
            (c.lead.written.clone(), p)
        })
        .collect();
    listings.sort();
    listings.dedup();
    assert_eq!(listed, listings.len());
    let grand = of_kind(&c, "algemeen totaal")[0];
    // Distinct leads over the collaborations of answer 2 (a repeated listing counts once; a
    // lead without partners leads no collaboration).
    let mut leads: Vec<String> = facts
        .collaborations
        .iter()
        .filter(|c| !c.partners.is_empty())
        .map(|c| samenleven::names::fold_local_government(&c.lead.written))
        .collect();
    leads.sort();
    leads.dedup();
    assert_eq!(cents(grand.get("Trekkers")), Some(100 * leads.len() as i64));
    // Per province its total row, or the row of its only collaboration (which carries it).
    let per_province: i64 = Province::ALL
        .iter()
        .map(|p| {
            let rows: Vec<_> = c
                .iter()
                .filter(|r| text(r.get("Provincie")) == p.name())
                .collect();
            match rows
                .iter()
                .find(|r| text(r.get("Soort regel")) == "totaal provincie")
            {
                Some(t) => cents(t.get("Trekkers")).unwrap(),
                None => {
                    let lines: Vec<_> = rows
                        .iter()
                        .filter(|r| text(r.get("Soort regel")) == "samenwerking")
                        .collect();
                    assert!(lines.len() < 2, "{p}: no total row");
                    lines.iter().filter_map(|r| cents(r.get("Trekkers"))).sum()
                }
            }
        })
        .sum();
    assert_eq!(per_province, 100 * leads.len() as i64);

    let w = range(&mut wb, "Weigeringen");
    let rows = table(&w, "Provincie");
    let refused = of_kind(&rows, "weigering");
    assert_eq!(refused.len(), 1);
    assert_eq!(text(refused[0].get("Lokaal bestuur")), "Lier");
    assert_eq!(cents(refused[0].get("Bedrag")), Some(1_234_550));
    assert_eq!(
        text(refused[0].get("Reden van weigering")),
        "Geen samenwerking met scholen"
    );
}

fn all_text(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<String> {
    range(wb, name)
        .rows()
        .flat_map(|r| r.iter().map(|d| text(Some(d))).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn without_facts_the_fact_sheets_say_so_in_one_line() {
    let mut ds = dataset(false, false);
    std::sync::Arc::make_mut(&mut ds.grants).retain(|g| g.is_granted());
    let ds = Dataset::new(
        DatasetParts {
            source: Some(ds.source.clone()),
            applicants: ds.applicants.clone(),
            grants: ds.grants.to_vec(),
            unknown_actions: ds.unknown_actions.clone(),
            ..DatasetParts::default()
        },
        |no| reference::get().objective_of(no),
    );
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    for name in [
        "Samenwerkingen",
        "Weigeringen",
        "Mentorschap",
        "Sociale impactobligaties",
    ] {
        let t = all_text(&mut wb, name);
        assert!(
            t.iter()
                .any(|s| s.contains("horen bij oproep 1") && s.contains("niet beschikbaar")),
            "{name}: {t:?}"
        );
        assert!(t.len() <= 3, "{name}: {t:?}");
    }
}

#[test]
fn zero_refusals_is_an_answer_that_says_so() {
    let ds = dataset(true, false);
    let ds = Dataset::new(
        DatasetParts {
            applicants: ds.applicants.clone(),
            grants: ds
                .grants
                .iter()
                .filter(|g| g.is_granted())
                .cloned()
                .collect(),
            facts: ds.facts.clone(),
            ..DatasetParts::default()
        },
        |no| reference::get().objective_of(no),
    );
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let t = all_text(&mut open(&bytes), "Weigeringen");
    assert!(
        t.iter()
            .any(|s| s.starts_with("Geen geweigerde aanvragen: 0")),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|s| s.contains("Elke aanvraag kon gehonoreerd worden")),
        "{t:?}"
    );
}

#[test]
fn the_sample_says_voorbeeld_on_top_of_every_sheet() {
    let ds = dataset(true, true);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    for name in wb.sheet_names() {
        let r = range(&mut wb, &name);
        assert_eq!(r.start().unwrap().0, 0, "{name}");
        assert!(
            text(r.get_value((0, 0))).starts_with("VOORBEELD — synthetische bedragen"),
            "{name}"
        );
    }
    let t = all_text(&mut wb, "Bron");
    assert!(t.iter().any(|s| s.contains("bedragen zijn synthetisch")));
    // Not the sample: no such line anywhere.
    let bytes = workbook_bytes(&dataset(true, false), &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    for name in wb.sheet_names() {
        assert!(
            !all_text(&mut wb, &name)
                .iter()
                .any(|s| s.contains("VOORBEELD")),
            "{name}"
        );
    }
}

#[test]
fn source_sheet_names_file_call_times_and_definitions() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let t = all_text(&mut open(&bytes), "Bron");
    for needle in [
        "bijlage.xlsx",
        "oproep 1 (volgens de oproepkolom in het bestand)",
        // 14:33 and 15:30 UTC, on the clocks of Brussels in November.
        "27-11-2026 15:33 (UTC+01:00)",
        "27-11-2026 16:30 (UTC+01:00)",
        "samenleven test",
        "heel Vlaanderen en Brussel",
        "Een aanvrager is een hoofdaanvrager",
        "Een vertegenwoordigd lokaal bestuur is een gemeente",
    ] {
        assert!(t.iter().any(|s| s.contains(needle)), "{needle}: {t:?}");
    }
}

#[test]
fn a_province_scope_restricts_lines_totals_and_sheets() {
    let ds = dataset(true, false);
    let scope = Scope::Province(Province::WestVlaanderen);
    let bytes = workbook_bytes(&ds, &scope, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let names = wb.sheet_names();
    assert!(names.contains(&"West-Vlaanderen".to_string()));
    assert!(!names.contains(&"Antwerpen".to_string()));
    let r = range(&mut wb, "Overzicht");
    assert!(text(r.get_value((0, 0))).contains("selectie: provincie West-Vlaanderen"));
    let rows = table(&r, "Provincie");
    let lines = of_kind(&rows, "subsidie");
    assert_eq!(lines.len(), 4);
    assert!(lines
        .iter()
        .all(|r| text(r.get("Provincie")) == "West-Vlaanderen"));
    let grand = cents(of_kind(&rows, "algemeen totaal")[0].get("Bedrag")).unwrap();
    assert_eq!(
        grand,
        ds.province_totals(Some(Province::WestVlaanderen)).granted
    );
    let d = table(&range(&mut wb, "Doelstellingen"), "Doelstelling");
    assert_eq!(
        cents(of_kind(&d, "algemeen totaal")[0].get("Bedrag")),
        Some(grand)
    );
    assert!(all_text(&mut wb, "Bron")
        .iter()
        .any(|s| s == "provincie West-Vlaanderen"));
    // The refused line of Lier (Antwerpen) is outside the scope.
    let w = all_text(&mut wb, "Weigeringen");
    assert!(!w.iter().any(|s| s == "Lier"), "{w:?}");
    assert!(
        w.iter().any(|s| s.starts_with(
            "Geen geweigerde aanvragen: 0 regels met status geweigerd in deze selectie"
        )),
        "{w:?}"
    );
}

#[test]
fn an_applicant_scope_keeps_one_applicant() {
    let ds = dataset(true, false);
    let scope = parse_scope(&ds, "applicant:stad gent").unwrap();
    assert_eq!(scope, Scope::Applicant(0));
    let bytes = workbook_bytes(&ds, &scope, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(
        wb.sheet_names()[..3].to_vec(),
        vec![
            "Overzicht".to_string(),
            "Per actie".to_string(),
            "Oost-Vlaanderen".to_string()
        ]
    );
    let rows = table(&range(&mut wb, "Overzicht"), "Provincie");
    assert_eq!(of_kind(&rows, "subsidie").len(), 3);
    assert_eq!(
        cents(of_kind(&rows, "algemeen totaal")[0].get("Bedrag")),
        Some(ds.applicant_totals(0).unwrap().granted)
    );
}

#[test]
fn scope_text_errors_are_dutch() {
    let ds = dataset(true, false);
    assert_eq!(parse_scope(&ds, "all").unwrap(), Scope::All);
    assert_eq!(
        parse_scope(&ds, "province:West-Vlaanderen").unwrap(),
        Scope::Province(Province::WestVlaanderen)
    );
    assert_eq!(
        parse_scope(&ds, "provincie:limburg").unwrap(),
        Scope::Province(Province::Limburg)
    );
    let e = parse_scope(&ds, "province:Henegouwen")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("Onbekende provincie 'Henegouwen'"), "{e}");
    let e = parse_scope(&ds, "applicant:Brugy").unwrap_err().to_string();
    assert!(
        e.contains("Onbekende aanvrager 'Brugy'") && e.contains("'Brugge'"),
        "{e}"
    );
    let e = parse_scope(&ds, "search:qqqxqqq").unwrap_err().to_string();
    assert!(e.contains("vindt niets"), "{e}");
    let e = parse_scope(&ds, "gemeente:Gent").unwrap_err().to_string();
    assert!(e.starts_with("Onbekende selectie"), "{e}");
}

#[test]
fn findings_are_listed_and_their_absence_is_said() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let t = all_text(&mut open(&bytes), "Controles");
    assert!(t.iter().any(|s| s.starts_with("Geen bevindingen")), "{t:?}");
    let findings = vec![
        Finding {
            severity: Severity::Info,
            code: Code::Inlezen,
            message: "Ter info".to_string(),
            place: "Gent".to_string(),
            target: None,
        },
        Finding {
            severity: Severity::Fout,
            code: Code::SomTotaal,
            message: "Het totaal klopt niet".to_string(),
            place: "Blad 'Blad1', rij 14".to_string(),
            target: None,
        },
    ];
    let bytes = workbook_bytes(&ds, &Scope::All, &findings, &meta()).unwrap();
    let rows = table(&range(&mut open(&bytes), "Controles"), "Ernst");
    assert_eq!(rows.len(), 2);
    assert_eq!(text(rows[0].get("Ernst")), "fout");
    assert_eq!(text(rows[0].get("Code")), "som-totaal");
    assert_eq!(text(rows[0].get("Plaats")), "Blad 'Blad1', rij 14");
    assert_eq!(text(rows[1].get("Melding")), "Ter info");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let ds = dataset(true, false);
    let a = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let b = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    assert!(a == b);
}

// ---- writing the file ------------------------------------------------------------------

/// Names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_a_new_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit.xlsx");
    write_file(b"inhoud", &out, false).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"inhoud");
    assert_eq!(listing(dir.path()), vec!["uit.xlsx"]);
}

#[test]
fn an_existing_file_is_untouched_without_force_and_replaced_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    std::fs::write(&out, b"oud").unwrap();
    let e = write_file(b"nieuw", &out, false).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "'{}' bestaat al; gebruik --force om te overschrijven",
            out.display()
        )
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"oud");
    assert_eq!(listing(dir.path()), vec!["x.xlsx"]);
    write_file(b"nieuw", &out, true).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"nieuw");
    assert_eq!(listing(dir.path()), vec!["x.xlsx"]);
}

#[test]
fn a_directory_as_target_is_refused_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.xlsx");
    std::fs::create_dir(&out).unwrap();
    for force in [false, true] {
        let e = write_file(b"x", &out, force).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "Kan '{}' niet schrijven: dat is een map, geen bestand",
                out.display()
            )
        );
    }
    assert_eq!(listing(dir.path()), vec!["map.xlsx"]);
    assert!(listing(&out).is_empty());
}

#[test]
fn a_missing_folder_or_a_file_as_folder_is_a_dutch_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = write_file(b"x", &dir.path().join("nergens/x.xlsx"), false).unwrap_err();
    assert!(e.to_string().ends_with("bestaat niet"), "{e}");
    let file = dir.path().join("gewoon-bestand");
    std::fs::write(&file, b"oud").unwrap();
    let e = write_file(b"x", &file.join("x.xlsx"), true).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "Kan '{}' niet schrijven: '{}' is geen map",
            file.join("x.xlsx").display(),
            file.display()
        )
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"oud");
    assert_eq!(listing(dir.path()), vec!["gewoon-bestand"]);
}

/// Undoes `chattr +i` (and the mode) when the test ends, even when it fails.
#[cfg(unix)]
struct Unlock(std::path::PathBuf, bool);

#[cfg(unix)]
impl Drop for Unlock {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

/// A read-only folder: the previous file stays, no temporary file is left, the message is Dutch.
/// Tests may run as root, where permission bits do not stop writes (CAP_DAC_OVERRIDE). Then
/// the folder is also made immutable (`chattr +i`), which stops root too; where that is not
/// possible (no chattr, a file system without attributes) the test fails and says why, rather
/// than pass without having checked anything.
#[cfg(unix)]
#[test]
fn a_read_only_folder_keeps_the_previous_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("alleen-lezen");
    std::fs::create_dir(&ro).unwrap();
    let out = ro.join("x.xlsx");
    std::fs::write(&out, b"oud").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut unlock = Unlock(ro.clone(), false);
    let probe = ro.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        // Root: make the folder immutable instead.
        std::fs::remove_file(&probe).unwrap();
        let immutable = std::process::Command::new("chattr")
            .arg("+i")
            .arg(&ro)
            .status()
            .is_ok_and(|s| s.success());
        unlock.1 = immutable;
        if !immutable || std::fs::write(&probe, b"").is_ok() {
            let _ = std::fs::remove_file(&probe);
            drop(unlock);
            panic!(
                "as root this test needs `chattr +i` on the temporary folder (e2fsprogs, a file \
                 system with attributes) to make a folder root cannot write to"
            );
        }
    }
    for force in [true, false] {
        let e = write_file(b"nieuw", &out, force).unwrap_err();
        assert!(
            e.to_string()
                == format!(
                    "'{}' bestaat al; gebruik --force om te overschrijven",
                    out.display()
                )
                && !force
                || e.to_string()
                    == format!(
                        "Kan '{}' niet schrijven: map is alleen-lezen",
                        out.display()
                    ),
            "{e}"
        );
    }
    let e = write_file(b"nieuw", &ro.join("nieuw.xlsx"), false).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "Kan '{}' niet schrijven: map is alleen-lezen",
            ro.join("nieuw.xlsx").display()
        )
    );
    drop(unlock);
    assert_eq!(std::fs::read(&out).unwrap(), b"oud");
    assert_eq!(listing(&ro), vec!["x.xlsx"]);
}

#[test]
fn run_export_writes_a_readable_workbook_and_refuses_to_overwrite() {
    let ds = dataset(true, false);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.xlsx");
    let (p, what) = run_export(&ds, "province:Limburg", &out, false).unwrap();
    assert_eq!(what, "provincie Limburg");
    assert_eq!(p, out);
    let bytes = std::fs::read(&out).unwrap();
    let wb = open(&bytes);
    assert!(wb.sheet_names().contains(&"Limburg".to_string()));
    let e = run_export(&ds, "all", &out, false).unwrap_err();
    assert!(matches!(e, ExportError::Exists { .. }));
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let e = run_export(&ds, "province:Atlantis", &dir.path().join("y.xlsx"), false).unwrap_err();
    assert!(matches!(e, ExportError::Scope(_)));
    assert_eq!(listing(dir.path()), vec!["export.xlsx"]);
}

// ---- the bundled sample ------------------------------------------------------------------

#[test]
fn the_sample_exports_with_the_published_figures() {
    let ds = samenleven::annex::load_sample().unwrap();
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());

    // Every line its own row; the rows add up to the grand total, which is the published one.
    let rows = table(&range(&mut wb, "Overzicht"), "Provincie");
    let mut expected: Vec<(String, String, i64)> = ds
        .grants
        .iter()
        .filter(|g| g.is_granted())
        .map(|g| {
            let a = ds.applicant(g.applicant).unwrap();
            (
                a.province.unwrap().name().to_string(),
                a.name.clone(),
                g.amount,
            )
        })
        .collect();
    let mut got: Vec<(String, String, i64)> = of_kind(&rows, "subsidie")
        .iter()
        .map(|r| {
            (
                text(r.get("Provincie")),
                text(r.get("Lokaal bestuur")),
                cents(r.get("Bedrag")).unwrap(),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got.len(), ds.grants.len());
    assert_eq!(got, expected);
    let grand = cents(of_kind(&rows, "algemeen totaal")[0].get("Bedrag")).unwrap();
    assert_eq!(grand, got.iter().map(|(_, _, c)| c).sum::<i64>());
    assert_eq!(grand, 1_413_635_900);

    // Doelstellingen: the figures `summary` prints (action 2 and 5, 104 local governments).
    let d = table(&range(&mut wb, "Doelstellingen"), "Doelstelling");
    let action = |no: f64| {
        of_kind(&d, "actie")
            .into_iter()
            .find(|r| r.get("Actie") == Some(&Data::Float(no)))
            .unwrap()
    };
    assert_eq!(cents(action(2.0).get("Bedrag")), Some(40_000_000));
    assert_eq!(
        cents(action(2.0).get("Vertegenwoordigde lokale besturen")),
        Some(2_400)
    );
    assert_eq!(cents(action(5.0).get("Bedrag")), Some(338_956_600));
    assert_eq!(
        cents(action(5.0).get("Vertegenwoordigde lokale besturen")),
        Some(9_200)
    );
    let g = of_kind(&d, "algemeen totaal")[0];
    assert_eq!(cents(g.get("Bedrag")), Some(1_413_635_900));
    assert_eq!(
        cents(g.get("Vertegenwoordigde lokale besturen")),
        Some(10_400)
    );
    assert_eq!(
        cents(g.get("Aanvragers")),
        Some(100 * ds.applicant_count() as i64)
    );

    // Every province sheet adds up to its province total; West-Vlaanderen has explanations.
    for p in Province::ALL {
        let rows = table(&range(&mut wb, p.name()), "Provincie");
        let lines: i64 = of_kind(&rows, "subsidie")
            .iter()
            .map(|r| cents(r.get("Bedrag")).unwrap())
            .sum();
        let total = cents(of_kind(&rows, "totaal provincie")[0].get("Bedrag")).unwrap();
        assert_eq!(lines, total, "{p}");
        assert_eq!(total, ds.province_totals(Some(p)).granted, "{p}");
    }
    let wvl = table(&range(&mut wb, "West-Vlaanderen"), "Provincie");
    let mut shown: Vec<String> = of_kind(&wvl, "subsidie")
        .iter()
        .map(|r| text(r.get("Inhoudelijke toelichting")))
        .filter(|t| !t.is_empty())
        .collect();
    let mut in_data: Vec<String> = ds
        .grants
        .iter()
        .filter(|g| ds.applicant(g.applicant).unwrap().province == Some(Province::WestVlaanderen))
        .filter_map(|g| ds.text(g.explanation).map(str::to_string))
        .collect();
    shown.sort();
    in_data.sort();
    assert!(!shown.is_empty());
    assert_eq!(shown, in_data);
}

#[test]
fn a_set_of_applicants_is_a_scope_with_its_label() {
    let ds = dataset(true, false);
    let scope = Scope::Applicants {
        ids: vec![1, 2],
        label: "zoek: oost".to_string(),
    };
    let bytes = workbook_bytes(&ds, &scope, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let r = range(&mut wb, "Overzicht");
    assert!(
        text(r.get_value((0, 0))).ends_with("selectie: zoekresultaat 'zoek: oost' (2 aanvragers)")
    );
    let rows = table(&r, "Provincie");
    let mut names: Vec<String> = of_kind(&rows, "subsidie")
        .iter()
        .map(|r| text(r.get("Lokaal bestuur")))
        .collect();
    names.dedup();
    assert_eq!(names, vec!["Brugge", "Oostende"]);
    let expected =
        ds.applicant_totals(1).unwrap().granted + ds.applicant_totals(2).unwrap().granted;
    assert_eq!(
        cents(of_kind(&rows, "algemeen totaal")[0].get("Bedrag")),
        Some(expected)
    );
}

/// 1 800 lines for 60 municipalities over every province; every 17th refused. Amounts are
/// distinct, so a line shows up once or not.
fn many_lines() -> Dataset {
    let r = reference::get();
    let applicants: Vec<Applicant> = (0..60u16)
        .map(|i| {
            let m = i * 5;
            let muni = r.municipality(m).unwrap();
            Applicant {
                name: muni.name.clone(),
                kind: ApplicantKind::Municipality(m),
                province: Some(muni.province),
                spellings: vec![],
            }
        })
        .collect();
    let mut grants = Vec::new();
    let mut texts = Texts::default();
    for a in 0..60u32 {
        for k in 0..30u32 {
            let kind = if k % 11 == 10 {
                LineKind::SocialImpactBond
            } else {
                LineKind::Action((1 + (a + k) % 24) as u8)
            };
            let mut g = line(a, kind, 100_000 + i64::from(a) * 1_000 + i64::from(k) * 7);
            if (a * 30 + k) % 17 == 0 {
                g.status = Status::Refused;
                g.reason = texts.add("Onvoldoende onderbouwd");
            }
            grants.push(g);
        }
    }
    let parts = DatasetParts {
        source: Some(Source {
            name: "groot.xlsx".to_string(),
            path: None,
            sample: false,
        }),
        call: Some(CallInfo {
            call: Some(1),
            source: CallSource::Column,
            calls_in_file: vec![1],
        }),
        sheets: vec!["Blad1".to_string()],
        applicants,
        grants,
        texts,
        ..DatasetParts::default()
    };
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

/// The worksheets a sheet became: itself, or its parts "NAME (1)", "NAME (2)", … in order.
fn parts_of(names: &[String], base: &str) -> Vec<String> {
    if names.iter().any(|n| n == base) {
        return vec![base.to_string()];
    }
    (1..)
        .map(|i| format!("{base} ({i})"))
        .take_while(|n| names.contains(n))
        .collect()
}

/// Values and formulas of every sheet, read once.
type Sheets = BTreeMap<String, (Range<Data>, Range<String>)>;

fn read_all(wb: &mut Xlsx<Cursor<Vec<u8>>>) -> Sheets {
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let v = range(wb, &n);
            let f = wb.worksheet_formula(&n).unwrap();
            (n, (v, f))
        })
        .collect()
}

/// Recomputes `SUBTOTAL(9,'Sheet'!F5:F9,F2:F3)` from the cells it names (skipping formula
/// cells, as SUBTOTAL skips nested subtotals), in cents.
fn evaluate_subtotal(sheets: &Sheets, here: &str, formula: &str) -> i64 {
    let args = formula
        .strip_prefix("SUBTOTAL(9,")
        .and_then(|f| f.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{here}: {formula}"));
    let mut sum = 0;
    for area in args.split(',') {
        let (sheet, cells) = match area.rsplit_once('!') {
            Some((s, c)) => (s.trim_matches('\'').replace("''", "'"), c),
            None => (here.to_string(), area),
        };
        let (a, b) = cells.split_once(':').unwrap();
        let col_of = |c: &str| {
            let letters: String = c.chars().take_while(|x| x.is_ascii_alphabetic()).collect();
            let row: u32 = c[letters.len()..].parse().unwrap();
            (letters, row - 1)
        };
        let ((ca, ra), (cb, rb)) = (col_of(a), col_of(b));
        assert_eq!(ca, cb, "{formula}");
        let col = ca
            .bytes()
            .fold(0u32, |n, x| n * 26 + u32::from(x - b'A' + 1))
            - 1;
        let (values, formulas) = &sheets[&sheet];
        for row in ra..=rb {
            let is_formula = formulas
                .get_value((row, col))
                .is_some_and(|f| !f.is_empty());
            if !is_formula {
                sum += cents(values.get_value((row, col))).unwrap_or(0);
            }
        }
    }
    sum
}

#[test]
fn a_sheet_longer_than_the_row_limit_continues_on_numbered_sheets() {
    const LIMIT: u32 = 400;
    let ds = many_lines();
    let bytes = workbook_bytes_with_row_limit(&ds, &Scope::All, &[], &meta(), LIMIT).unwrap();
    let mut wb = open(&bytes);
    let names = wb.sheet_names();
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    let overview = parts_of(&names, "Overzicht");
    assert!(overview.len() >= 3, "{names:?}");
    assert_eq!(
        names[..overview.len()],
        overview[..],
        "parts first, in order"
    );
    let sheets = read_all(&mut wb);
    let mut split_provinces = 0;

    for (base, province) in std::iter::once(("Overzicht", None))
        .chain(Province::ALL.iter().map(|p| (p.name(), Some(*p))))
    {
        let parts = parts_of(&names, base);
        assert!(!parts.is_empty(), "{base}: {names:?}");
        split_provinces += usize::from(province.is_some() && parts.len() > 1);
        let mut got: Vec<(String, i64)> = Vec::new();
        let mut grand = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let (r, f) = &sheets[part];
            assert!(r.end().unwrap().0 < LIMIT, "{part}: {:?}", r.end());
            let (_, header) = self::header(r, "Provincie");
            assert_eq!(
                header[..7],
                [
                    "Provincie",
                    "NIS-code",
                    "Lokaal bestuur",
                    "Doelstelling",
                    "Actie",
                    "Omschrijving",
                    "Bedrag",
                ]
            );
            assert_eq!(header.last().map(String::as_str), Some("Soort regel"));
            if parts.len() > 1 {
                let title = text(r.get_value((0, 0)));
                assert!(
                    title.ends_with(&format!("(deel {})", i + 1)),
                    "{part}: {title}"
                );
            }
            let rows = table(r, "Provincie");
            for row in of_kind(&rows, "subsidie") {
                got.push((
                    text(row.get("Lokaal bestuur")),
                    cents(row.get("Bedrag")).unwrap(),
                ));
            }
            for row in of_kind(&rows, "totaal lokaal bestuur") {
                let id = ds
                    .applicant_by_name(&text(row.get("Lokaal bestuur")))
                    .unwrap();
                let expected = ds.applicant_totals(id).unwrap().granted;
                assert_eq!(cents(row.get("Bedrag")), Some(expected), "{part}");
            }
            for row in of_kind(&rows, "algemeen totaal") {
                grand.push((i, cents(row.get("Bedrag")).unwrap()));
            }
            // Every total is a SUBTOTAL over the right cells, on this part or earlier ones.
            let (r0, c0) = f.start().unwrap_or((0, 0));
            let mut formulas = 0;
            for (row, col, formula) in f.used_cells().filter(|(_, _, s)| !s.is_empty()) {
                let at = (r0 + row as u32, c0 + col as u32);
                let cached = cents(r.get_value(at)).unwrap();
                assert_eq!(
                    evaluate_subtotal(&sheets, part, formula),
                    cached,
                    "{part} {at:?} {formula}"
                );
                formulas += 1;
            }
            assert!(formulas > 0, "{part}");
        }
        let mut expected: Vec<(String, i64)> = ds
            .grants
            .iter()
            .filter(|g| g.is_granted())
            .filter(|g| {
                province.is_none_or(|p| ds.applicant(g.applicant).unwrap().province == Some(p))
            })
            .map(|g| (ds.applicant(g.applicant).unwrap().name.clone(), g.amount))
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{base}: every line exactly once");
        if province.is_none() {
            // One grand total, on the last part, with the model's figure.
            assert_eq!(grand, vec![(parts.len() - 1, ds.total_granted())]);
        }
    }
    assert!(split_provinces > 0, "{names:?}");

    // Each part keeps its frozen header row and filter (sheets are stored in order).
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    for i in 1..=overview.len() {
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("xl/worksheets/sheet{i}.xml")).unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(xml.contains("<autoFilter"), "sheet {i}");
        assert!(xml.contains("state=\"frozen\""), "sheet {i}");
    }

    // Bron says so, in Dutch.
    let bron = all_text(&mut wb, "Bron");
    let note = bron
        .iter()
        .find(|t| t.contains("'Overzicht (1)'"))
        .unwrap_or_else(|| panic!("{bron:?}"));
    assert!(note.contains("verdeeld over"), "{note}");
    assert!(
        note.contains(&format!("{} bladen", overview.len())),
        "{note}"
    );
    // A first part points at the next.
    assert!(all_text(&mut wb, "Overzicht (1)")
        .iter()
        .any(|t| t.starts_with("Vervolg op blad 'Overzicht (2)'")));
}

#[test]
fn under_the_row_limit_nothing_is_split() {
    let ds = many_lines();
    let bytes = workbook_bytes_with_row_limit(&ds, &Scope::All, &[], &meta(), 100_000).unwrap();
    assert_eq!(
        bytes,
        workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap()
    );
    let wb = open(&bytes);
    assert_eq!(
        wb.sheet_names()[..3],
        ["Overzicht", "Per actie", "Antwerpen"]
    );
}

#[test]
fn total_rows_are_unbroken_bands_and_line_cells_keep_their_styles() {
    use calamine::HorizontalAlignment;
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let r = range(&mut wb, "Overzicht");
    let styles = wb.worksheet_style("Overzicht").unwrap();
    let (h, names) = header(&r, "Provincie");
    let col = |n: &str| names.iter().position(|x| x == n).unwrap() as u32;
    let (kind, amount, province, action) = (
        col("Soort regel"),
        col("Bedrag"),
        col("Provincie"),
        col("Actie"),
    );
    let (mut lines, mut totals) = (0, 0);
    for row in (h + 1)..=r.end().unwrap().0 {
        let tag = text(r.get_value((row, kind)));
        if tag.is_empty() {
            continue;
        }
        let style = |c: u32| styles.get((row, c)).cloned().unwrap_or_default();
        let centred = |c: u32| {
            style(c)
                .alignment
                .is_some_and(|a| a.horizontal == HorizontalAlignment::Center)
        };
        assert!(centred(kind), "row {row}: tag not centred");
        let code = style(amount).number_format.map(|f| f.format_code);
        assert!(code.is_some_and(|c| c.contains('€')), "row {row}");
        if tag == "subsidie" {
            // Context in grey, no band.
            let grey = style(province).font.and_then(|f| f.color);
            assert!(
                grey.is_some_and(|c| (c.red, c.green, c.blue) == (0x7F, 0x7F, 0x7F)),
                "row {row}: {grey:?}"
            );
            assert!(style(province)
                .fill
                .is_none_or(|f| f.foreground_color.is_none()));
            if matches!(r.get_value((row, action)), Some(Data::Float(_))) {
                assert!(centred(action), "row {row}: action not centred");
            }
            lines += 1;
            continue;
        }
        // Every cell of a total row, written or empty, has the same band colour.
        let band: Vec<_> = (0..names.len() as u32)
            .map(|c| style(c).fill.and_then(|f| f.foreground_color))
            .collect();
        assert!(band[0].is_some(), "row {row} ({tag}): no band");
        assert!(
            band.iter().all(|b| *b == band[0]),
            "row {row} ({tag}): {band:?}"
        );
        let font = style(amount).font.unwrap();
        match tag.as_str() {
            "subtotaal doelstelling" => assert!(font.is_italic(), "row {row}"),
            _ => assert!(font.is_bold(), "row {row} ({tag})"),
        }
        totals += 1;
    }
    assert_eq!(lines, 12);
    // 7 applicants, 5 provinces, 1 grand total (objectives of one line carry their subtotal).
    assert_eq!(totals, 13);
}

// ---- the answer's sheets say what the answer says (issue 12) -----------------------------

/// Every row of a sheet as texts (numbers in cents as text), empty rows left out.
fn all_rows(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    range(wb, name)
        .rows()
        .filter(|r| r.iter().any(|d| !matches!(d, Data::Empty)))
        .map(<[Data]>::to_vec)
        .collect()
}

/// The municipalities a collaboration row names (lead and partners), as the reference resolves
/// them.
fn row_municipalities(lead: &str, partners: &str) -> BTreeSet<u16> {
    std::iter::once(lead)
        .chain(partners.split(", ").filter(|p| !p.is_empty()))
        .filter_map(|p| reference::get().party(p).resolved.municipality())
        .collect()
}

#[test]
fn collaborations_are_grouped_by_the_leads_real_province_with_the_leads_amounts() {
    let ds = samenleven::annex::load_sample().unwrap();
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let c = table(&range(&mut wb, "Samenwerkingen"), "Provincie");
    let lines = of_kind(&c, "samenwerking");

    // Boom lies in Antwerpen; the answer's own listing is kept in a column.
    let boom: Vec<_> = lines
        .iter()
        .filter(|r| text(r.get("Trekker")) == "Boom")
        .collect();
    assert_eq!(boom.len(), 1);
    assert_eq!(text(boom[0].get("Provincie")), "Antwerpen");
    assert_eq!(
        text(boom[0].get("Provincie in antwoord 2")),
        "antwoord: Limburg"
    );
    // Where the answer lists it under the right province, the column is empty.
    let pelt = lines
        .iter()
        .find(|r| text(r.get("Trekker")) == "Pelt")
        .unwrap();
    assert_eq!(text(pelt.get("Provincie in antwoord 2")), "");

    // Geel, listed twice, is shown once with a note.
    let geel: Vec<_> = lines
        .iter()
        .filter(|r| text(r.get("Trekker")) == "Geel")
        .collect();
    assert_eq!(geel.len(), 1);
    assert!(
        text(geel[0].get("Opmerking"))
            .contains("twee keer in het antwoord (vermeldingen 18 en 20)"),
        "{:?}",
        geel[0].get("Opmerking")
    );

    // The VGC has no partners: not a collaboration, listed apart.
    assert!(lines.iter().all(|r| text(r.get("Trekker")) != "VGC"));
    let rows = all_rows(&mut wb, "Samenwerkingen");
    let apart: Vec<_> = rows
        .iter()
        .filter(|r| r.iter().any(|d| text(Some(d)) == "zonder partners"))
        .collect();
    assert_eq!(apart.len(), 1, "{rows:?}");
    assert!(apart[0].iter().any(|d| text(Some(d)) == "VGC"));

    // Each collaboration carries the total granted to its lead.
    for r in &lines {
        let lead = text(r.get("Trekker"));
        let id = ds
            .find_party_applicant(&reference::get().party(&lead))
            .unwrap_or_else(|| panic!("{lead}"));
        assert_eq!(
            cents(r.get("Toegekend aan de trekker")),
            Some(ds.applicant_totals(id).unwrap().granted),
            "{lead}"
        );
    }

    // Every total says what it counts: collaborations (rows), leads, municipalities once each,
    // and the leads' amounts.
    let mut all_munis = BTreeSet::new();
    let mut n_all = 0;
    for p in Province::ALL {
        let mine: Vec<_> = lines
            .iter()
            .filter(|r| text(r.get("Provincie")) == p.name())
            .collect();
        let total = of_kind(&c, "totaal provincie")
            .into_iter()
            .find(|r| text(r.get("Provincie")) == p.name());
        let Some(total) = total else {
            // No collaboration, or one: its row carries the province's figures.
            assert!(mine.len() < 2, "{p}");
            for r in &mine {
                all_munis.extend(row_municipalities(
                    &text(r.get("Trekker")),
                    &text(r.get("Partners")),
                ));
            }
            n_all += mine.len();
            continue;
        };
        let n = mine.len();
        let word = if n == 1 {
            "samenwerking"
        } else {
            "samenwerkingen"
        };
        assert!(
            text(total.get("Trekker")).starts_with(&format!("Totaal {p} ({n} {word}")),
            "{p}: {:?}",
            total.get("Trekker")
        );
        let leads: BTreeSet<String> = mine.iter().map(|r| text(r.get("Trekker"))).collect();
        assert_eq!(cents(total.get("Trekkers")), Some(100 * leads.len() as i64));
        let rows_leads: i64 = mine.iter().filter_map(|r| cents(r.get("Trekkers"))).sum();
        assert_eq!(rows_leads, 100 * leads.len() as i64, "{p}");
        let munis: BTreeSet<u16> = mine
            .iter()
            .flat_map(|r| row_municipalities(&text(r.get("Trekker")), &text(r.get("Partners"))))
            .collect();
        assert_eq!(
            cents(total.get("Deelnemende lokale besturen")),
            Some(100 * munis.len() as i64),
            "{p}"
        );
        let amounts: i64 = mine
            .iter()
            .filter_map(|r| cents(r.get("Toegekend aan de trekker")))
            .sum();
        assert_eq!(
            cents(total.get("Toegekend aan de trekker")),
            Some(amounts),
            "{p}"
        );
        all_munis.extend(munis);
        n_all += n;
    }
    // Limburg keeps Pelt only, whose row carries Limburg's figures (no total row for one);
    // Brussel has no collaboration (the VGC has no partners).
    let totals: Vec<String> = of_kind(&c, "totaal provincie")
        .iter()
        .map(|r| text(r.get("Trekker")))
        .collect();
    assert_eq!(
        totals,
        [
            "Totaal Antwerpen (5 samenwerkingen)",
            "Totaal Oost-Vlaanderen (7 samenwerkingen)",
            "Totaal Vlaams-Brabant (5 samenwerkingen)",
            "Totaal West-Vlaanderen (4 samenwerkingen)",
        ]
    );
    let grand = of_kind(&c, "algemeen totaal")[0];
    assert_eq!(n_all, 22);
    assert_eq!(text(grand.get("Trekker")), "Totaal (22 samenwerkingen)");
    assert_eq!(cents(grand.get("Trekkers")), Some(2_200));
    assert_eq!(
        cents(grand.get("Deelnemende lokale besturen")),
        Some(100 * all_munis.len() as i64)
    );
    assert_eq!(all_munis.len(), 77);
    let amounts: i64 = lines
        .iter()
        .filter_map(|r| cents(r.get("Toegekend aan de trekker")))
        .sum();
    assert_eq!(cents(grand.get("Toegekend aan de trekker")), Some(amounts));
}

#[test]
fn the_stimulus_of_answer_8_is_not_called_a_bond() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let b = table(&range(&mut wb, "Sociale impactobligaties"), "Provincie");
    let (_, names) = header(&range(&mut wb, "Sociale impactobligaties"), "Provincie");
    assert!(
        names
            .iter()
            .all(|n| !n.contains("Investeerder") && !n.contains("Sociale organisatie")),
        "{names:?}"
    );
    let line = of_kind(&b, "stimulans sociale impactobligatie");
    assert_eq!(line.len(), 1, "{b:?}");
    assert_eq!(text(line[0].get("Lokaal bestuur")), "Sint-Niklaas");
    assert_eq!(
        text(line[0].get("Wat")),
        "Stimulans sociale impactobligatie"
    );
    assert_eq!(cents(line[0].get("Bedrag")), Some(2_500_000));
    assert!(
        text(line[0].get("Bijgestaan door")).contains("stadskrachten van AP Hogeschool"),
        "{:?}",
        line[0].get("Bijgestaan door")
    );
    let grand = of_kind(&b, "algemeen totaal")[0];
    assert_eq!(text(grand.get("Lokaal bestuur")), "Totaal (1 stimulans)");
    let sheet = all_text(&mut wb, "Sociale impactobligaties");
    assert!(
        sheet
            .iter()
            .any(|t| t.contains("geen aangegane sociale impactobligatie")
                && t.contains("geen investeerder")),
        "{sheet:?}"
    );
    assert!(
        sheet.iter().all(|t| !t.contains("1 obligatie")),
        "{sheet:?}"
    );

    // The line is called the same on the overview and the objectives sheet.
    let ov = table(&range(&mut wb, "Overzicht"), "Provincie");
    let sio: Vec<_> = of_kind(&ov, "subsidie")
        .into_iter()
        .filter(|r| text(r.get("Lokaal bestuur")) == "Sint-Niklaas")
        .filter(|r| text(r.get("Omschrijving")).contains("impactobligatie"))
        .collect();
    assert_eq!(sio.len(), 1);
    assert_eq!(
        text(sio[0].get("Omschrijving")),
        "Stimulans sociale impactobligatie"
    );
    let d = table(&range(&mut wb, "Doelstellingen"), "Doelstelling");
    let row = d
        .iter()
        .find(|r| text(r.get("Soort regel")) == "sociale_impactobligatie")
        .unwrap();
    assert_eq!(
        text(row.get("Omschrijving")),
        "Stimulans sociale impactobligatie"
    );
}

#[test]
fn the_mentorship_amount_is_cited_from_question_7() {
    let ds = dataset(true, false);
    let bytes = workbook_bytes(&ds, &Scope::All, &[], &meta()).unwrap();
    let mut wb = open(&bytes);
    let (_, names) = header(&range(&mut wb, "Mentorschap"), "Provincie");
    assert!(names.contains(&"Bedrag (vraag 7)".to_string()), "{names:?}");
    let sheet = all_text(&mut wb, "Mentorschap");
    let cited: Vec<&String> = sheet.iter().filter(|t| t.contains("10.000")).collect();
    assert!(!cited.is_empty());
    for t in cited {
        assert!(t.contains("vraag 7"), "{t}");
        assert!(!t.contains("10.000 op (antwoord 7)"), "{t}");
    }
}
