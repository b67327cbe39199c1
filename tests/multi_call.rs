//! Several annexes as one dataset with several calls (issue 17): combining two small workbooks
//! of known figures, the refusals through the binary, the sample's synthetic second call
//! (`--vergelijk`) calibrated to what is published for call 2, and the checks per call.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, sheet, temp_file, xlsx, E, N, S};
use samenleven::annex::{self, LoadOptions};
use samenleven::checks::{self, Severity};
use samenleven::compare;
use samenleven::model::{CallSource, Dataset, LineKind, SHEET_SEPARATOR};

/// Call 1: Stad Gent 12.345,67 (action 5) + 25.000 (action 2), Lier 7.500 (action 9), and a
/// correct "Totaal Gent".
fn call1() -> Vec<u8> {
    xlsx(&[sheet(
        "Bijlage 1",
        vec![
            vec![S("Plan Samenleven — oproep 1")],
            vec![S("Lokaal bestuur"), S("Actie"), S("Subsidie (EUR)")],
            vec![S("Stad Gent"), S("Actie 5"), N(12_345.67)],
            vec![E, S("Actie 2"), N(25_000.0)],
            vec![S("Totaal Gent"), E, N(37_345.67)],
            vec![S("Lier"), S("Actie 9"), N(7_500.0)],
        ],
    )])
}

/// Call 2: Gent 15.000 (action 5), Hasselt 4.000 (action 9, new), and a "Totaal Gent" that is
/// off by € 1 (row 4 of the sheet).
fn call2() -> Vec<u8> {
    xlsx(&[sheet(
        "Bijlage 1",
        vec![
            vec![S("Plan Samenleven — oproep 2")],
            vec![S("Lokaal bestuur"), S("Actie"), S("Subsidie (EUR)")],
            vec![S("Gent"), S("Actie 5"), N(15_000.0)],
            vec![S("Totaal Gent"), E, N(15_001.0)],
            vec![S("Hasselt"), S("Actie 9"), N(4_000.0)],
        ],
    )])
}

fn load_two() -> Dataset {
    let (_d1, one) = temp_file("oproep1.xlsx", &call1());
    let (_d2, two) = temp_file("oproep2.xlsx", &call2());
    // Given in reverse order: the calls still come out in call order.
    annex::load_paths(&[two, one], &LoadOptions::default(), &|_| {}).unwrap()
}

#[test]
fn two_annexes_are_one_dataset_with_two_calls() {
    let ds = load_two();
    assert_eq!(ds.call.calls_in_file, vec![1, 2]);
    assert_eq!(ds.call.source, CallSource::Column);
    assert_eq!(ds.call.call, None);
    assert_eq!(ds.source.name, "oproep2.xlsx + oproep1.xlsx");
    assert!(ds.grants.iter().all(|g| g.call.is_some()));
    // Stad Gent and Gent are one applicant, with both spellings.
    assert_eq!(ds.applicants.len(), 3);
    let gent = ds.applicant_by_name("Gent").unwrap();
    let spellings: Vec<&str> = ds.applicants[gent as usize]
        .spellings
        .iter()
        .map(|s| s.written.as_str())
        .collect();
    assert_eq!(spellings, vec!["Gent", "Stad Gent"]);
    // Per-call totals: 12.345,67 + 25.000 + 7.500, and 15.000 + 4.000.
    assert_eq!(ds.for_call(1).total_granted(), 4_484_567);
    assert_eq!(ds.for_call(2).total_granted(), 1_900_000);
    assert_eq!(ds.total_granted(), 4_484_567 + 1_900_000);
    assert_eq!(
        ds.for_call(1).applicant_totals(gent).unwrap().granted,
        3_734_567
    );
    let c = compare::build(std::slice::from_ref(&ds)).unwrap();
    assert_eq!(c.calls.iter().map(|k| k.no).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(c.calls[0].file, "oproep1.xlsx");
    assert_eq!(c.calls[1].file, "oproep2.xlsx");
    assert_eq!(c.calls[1].how, CallSource::Title);
    assert_eq!(c.total.amounts, vec![4_484_567, 1_900_000]);
    let hasselt = c.applicants.iter().find(|r| r.label == "Hasselt").unwrap();
    assert_eq!(hasselt.present, vec![false, true]);
    // Every place names the file.
    let hasselt_line = ds
        .grants
        .iter()
        .find(|g| g.kind == LineKind::Action(9) && g.call == Some(2))
        .unwrap();
    assert_eq!(
        ds.place(hasselt_line.origin),
        format!("Blad 'oproep2.xlsx{SHEET_SEPARATOR}Bijlage 1', rij 5")
    );
}

#[test]
fn a_total_row_is_checked_against_the_lines_of_its_own_file() {
    let ds = load_two();
    let findings = checks::run(&ds);
    let sums: Vec<_> = findings
        .iter()
        .filter(|f| f.code == "som-aanvrager")
        .collect();
    // Call 2's "Totaal Gent" is off by € 1; call 1's is right, although Gent has lines in both.
    assert_eq!(sums.len(), 1, "{findings:#?}");
    assert_eq!(sums[0].place, "Blad 'oproep2.xlsx › Bijlage 1', rij 4");
    assert!(sums[0].message.contains("€ 15.000"), "{}", sums[0].message);
}

#[test]
fn a_load_error_in_the_second_file_names_that_file_sheet_and_row() {
    let bad = xlsx(&[sheet(
        "Bijlage 1",
        vec![
            vec![S("Plan Samenleven — oproep 2")],
            vec![S("Lokaal bestuur"), S("Actie"), S("Subsidie (EUR)")],
            vec![S("Gent"), S("Actie 5"), S("veel")],
        ],
    )]);
    let (_d1, one) = temp_file("oproep1.xlsx", &call1());
    let (_d2, two) = temp_file("oproep2.xlsx", &bad);
    let e = annex::load_paths(&[one, two], &LoadOptions::default(), &|_| {}).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("oproep2.xlsx"), "{text}");
    assert_eq!(e.sheet.as_deref(), Some("Bijlage 1"), "{text}");
    assert_eq!(e.row, Some(3), "{text}");
}

#[test]
fn every_command_takes_several_annexes() {
    let (_d1, one) = temp_file("oproep1.xlsx", &call1());
    let (_d2, two) = temp_file("oproep2.xlsx", &call2());
    let (a, b) = (one.to_str().unwrap(), two.to_str().unwrap());
    // On either side of the command, also split over both sides.
    for args in [
        vec!["summary", "--annex", a, "--annex", b],
        vec!["--annex", a, "--annex", b, "summary"],
        vec!["--annex", a, "summary", "--annex", b],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("Totaal toegekend: € 63.845,67"), "{out}");
        assert!(out.contains("oproepen 1, 2"), "{out}");
    }
    let (code, out, err) = run(&["--annex", a, "search", "Hasselt", "--annex", b]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hasselt"), "{out}");
    let (code, out, _) = run(&["check", "--annex", a, "--annex", b]);
    assert_eq!(code, 1, "the wrong total row is a fout");
    assert!(
        out.contains("Blad 'oproep2.xlsx › Bijlage 1', rij 4"),
        "{out}"
    );
}

#[test]
fn a_call_in_two_files_is_refused_in_dutch_with_exit_code_2() {
    let (_d1, one) = temp_file("a.xlsx", &call1());
    let (_d2, two) = temp_file("b.xlsx", &call1());
    let (a, b) = (one.to_str().unwrap(), two.to_str().unwrap());
    for args in [
        vec!["summary", "--annex", a, "--annex", b],
        vec!["--annex", a, "--annex", b, "check"],
        vec![
            "--annex",
            a,
            "--annex",
            b,
            "export",
            "--out",
            "/nonexistent/x.xlsx",
        ],
        vec!["compare", "--annex", a, "--annex", b],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(
            err.trim(),
            "Oproep 1 komt twee keer voor: in 'a.xlsx' en in 'b.xlsx'. Geef elke oproep maar \
             één keer."
        );
    }
}

#[test]
fn files_without_their_call_are_refused_in_dutch() {
    let plain = xlsx(&[sheet(
        "Blad1",
        vec![
            vec![S("Lokaal bestuur"), S("Actie"), S("Subsidie (EUR)")],
            vec![S("Gent"), S("Actie 5"), N(1_000.0)],
        ],
    )]);
    let (_d1, one) = temp_file("a.xlsx", &plain);
    let (_d2, two) = temp_file("b.xlsx", &plain);
    // One such file next to a file of call 2: --oproep gives it (it gives the call of every
    // file without a call column, and goes before a title: the other file has a call column).
    let column = xlsx(&[sheet(
        "Bijlage 1",
        vec![
            vec![
                S("Oproep"),
                S("Lokaal bestuur"),
                S("Actie"),
                S("Subsidie (EUR)"),
            ],
            vec![N(2.0), S("Gent"), S("Actie 5"), N(15_000.0)],
        ],
    )]);
    let (_d3, three) = temp_file("c.xlsx", &column);
    let (a, b, c) = (
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        three.to_str().unwrap(),
    );
    // The loader refuses for every command, compare included; what --oproep then shows differs.
    for (command, with_oproep) in [
        ("summary", "oproepen 1, 2"),
        ("compare", "Oproep 1: a.xlsx (volgens de optie --oproep)"),
    ] {
        let (code, out, err) = run(&[command, "--annex", a, "--annex", b]);
        assert_eq!(code, 2, "{command}");
        assert!(out.is_empty(), "{command}: {out}");
        assert!(
            err.starts_with(
                "De oproep van 'a.xlsx' en 'b.xlsx' is onbekend: die bestanden zijn niet uit \
                 elkaar te houden."
            ),
            "{command}: {err}"
        );
        let (code, _, err) = run(&[command, "--annex", a, "--annex", c]);
        assert_eq!(code, 2, "{command}");
        assert!(
            err.starts_with("De oproep van 'a.xlsx' is onbekend"),
            "{command}: {err}"
        );
        let (code, out, err) = run(&["--oproep", "1", command, "--annex", a, "--annex", c]);
        assert_eq!(code, 0, "{command}: {err}");
        assert!(out.contains(with_oproep), "{command}: {out}");
    }
}

fn published_findings(ds: &Dataset) -> Vec<checks::Finding> {
    checks::run(ds)
        .into_iter()
        .filter(|f| f.code.to_string().starts_with("gepubliceerd") || f.code == "oproep-onbekend")
        .collect()
}

#[test]
fn the_sample_with_two_calls_holds_the_published_figures_of_each_call() {
    let ds = annex::load_sample_calls(&LoadOptions::default()).unwrap();
    assert!(ds.source.sample);
    assert_eq!(ds.call.calls_in_file, vec![1, 2]);
    let one = ds.for_call(1);
    let two = ds.for_call(2);
    assert_eq!(one.total_granted(), 14_136_359 * 100);
    assert_eq!(two.total_granted(), 16_907_780 * 100);
    let a2 = two.action_totals(2).unwrap();
    assert_eq!(a2.granted, 475_000 * 100);
    assert_eq!(a2.applicants.len(), 19);
    assert_eq!(a2.represented.len(), 34);
    let a5 = two.action_totals(5).unwrap();
    assert_eq!(a5.granted, 4_030_860 * 100);
    assert_eq!(a5.represented.len(), 135);
    assert_eq!(one.action_totals(2).unwrap().represented.len(), 24);
    assert_eq!(one.action_totals(5).unwrap().represented.len(), 92);
    // 40 new local governments in the second year.
    assert_eq!(one.local_government_count(), 104);
    assert_eq!(two.local_government_count(), 144);
    // The answer's facts stay with call 1.
    assert!(one.facts.is_some());
    assert!(two.facts.is_none());
    // No fout, and nothing published disagrees.
    let findings = checks::run(&ds);
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Fout)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        published_findings(&ds).is_empty(),
        "{:#?}",
        published_findings(&ds)
    );
    // The default sample is still call 1 alone.
    let alone = annex::load_sample().unwrap();
    assert_eq!(alone.call.call, Some(1));
    assert_eq!(alone.total_granted(), 14_136_359 * 100);
}

#[test]
fn the_committed_second_call_is_what_the_generator_writes() {
    let bytes = samenleven::sample::call2_workbook_bytes().unwrap();
    assert!(
        bytes == annex::SAMPLE_CALL2_XLSX,
        "data/annex/oproep2_voorbeeld.xlsx is not what `cargo run --example generate_sample` \
         writes: regenerate it"
    );
}

#[test]
fn a_call_2_figure_that_is_off_is_found_for_call_2_only() {
    let mut plan = samenleven::sample::plan_call2(&samenleven::sample::plan().unwrap()).unwrap();
    let five = plan
        .lines
        .iter()
        .position(|l| l.kind == LineKind::Action(5))
        .unwrap();
    plan.lines[five].amount_eur -= 1;
    let bytes = samenleven::sample::write_edition(&plan, 2).unwrap();
    let two = annex::load_bytes("oproep2.xlsx", &bytes, &LoadOptions::default()).unwrap();
    let one = annex::load_sample().unwrap();
    let r = samenleven::reference::get();
    let ds = samenleven::model::combine(vec![one, two], |no| r.objective_of(no)).unwrap();
    let found = published_findings(&ds);
    let places: Vec<&str> = found.iter().map(|f| f.place.as_str()).collect();
    assert_eq!(
        places,
        vec!["Oproep 2 / Totaal", "Oproep 2 / Actie 5"],
        "{found:#?}"
    );
    assert!(found.iter().all(|f| f.severity == Severity::Fout));
    assert!(found[1]
        .message
        .contains("gepubliceerd voor oproep 2 is € 4.030.860"));
    assert!(
        found[1].message.contains("€ 4.030.859"),
        "{}",
        found[1].message
    );
}

#[test]
fn a_call_without_published_figures_says_so_for_that_call() {
    let call7 = xlsx(&[sheet(
        "Bijlage 1",
        vec![
            vec![S("Plan Samenleven — oproep 7")],
            vec![S("Lokaal bestuur"), S("Actie"), S("Subsidie (EUR)")],
            vec![S("Gent"), S("Actie 5"), N(1_000.0)],
        ],
    )]);
    let (_d1, one) = temp_file("oproep1.xlsx", &call1());
    let (_d2, seven) = temp_file("oproep7.xlsx", &call7);
    let ds = annex::load_paths(&[one, seven], &LoadOptions::default(), &|_| {}).unwrap();
    let found = published_findings(&ds);
    let unknown: Vec<_> = found
        .iter()
        .filter(|f| f.code == "gepubliceerd-onbekend")
        .collect();
    assert_eq!(unknown.len(), 1, "{found:#?}");
    assert_eq!(unknown[0].place, "Oproep 7 (oproep7.xlsx)");
    assert!(unknown[0].message.starts_with("Voor oproep 7"));
    // Call 1's figures are checked: its total is not the published one.
    assert!(found.iter().any(|f| f.place == "Oproep 1 / Totaal"));
    assert!(!found.iter().any(|f| f.code == "oproep-onbekend"));
}

#[test]
fn vergelijk_opens_the_sample_with_both_calls() {
    let (code, out, err) = run(&["--vergelijk", "compare", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sample"], true);
    assert_eq!(v["calls"][0]["call"], 1);
    assert_eq!(v["calls"][1]["call"], 2);
    assert_eq!(
        v["total"]["amounts_eur"],
        serde_json::json!([14_136_359, 16_907_780])
    );
    let (code, out, _) = run(&["summary", "--vergelijk"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("VOORBEELD"), "{out}");
    assert!(out.contains("oproepen 1, 2"), "{out}");
    assert!(out.contains("€ 31.044.139"), "{out}");
    let (code, out, _) = run(&["--vergelijk", "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 fouten"), "{out}");
    // Not together with --annex.
    let (_d, one) = temp_file("oproep1.xlsx", &call1());
    let (code, _, err) = run(&["--vergelijk", "--annex", one.to_str().unwrap(), "summary"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("--vergelijk laadt het ingebouwde voorbeeld"),
        "{err}"
    );
}

#[test]
fn the_export_of_two_annexes_names_each_files_call_and_compares_them() {
    use calamine::{open_workbook, Reader, Xlsx};
    let (_d1, one) = temp_file("oproep1.xlsx", &call1());
    let (_d2, two) = temp_file("oproep2.xlsx", &call2());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit.xlsx");
    let (a, b, o) = (
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    let (code, _, err) = run(&["--annex", a, "--annex", b, "export", "--out", o]);
    assert_eq!(code, 0, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert!(wb.sheet_names().iter().any(|s| s == "Vergelijking"));
    let bron = wb.worksheet_range("Bron").unwrap();
    let call_line = bron
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some("Oproep".to_string()))
        .and_then(|r| r.get(1).map(|c| c.to_string()))
        .unwrap();
    // Not "volgens de oproepkolom in het bestand": each file's own call and how it is known.
    assert_eq!(
        call_line,
        "oproepen 1, 2 (oproep 1: oproep1.xlsx, volgens de titel in het bestand; \
         oproep 2: oproep2.xlsx, volgens de titel in het bestand)"
    );
}
