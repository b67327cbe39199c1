//! `samenleven compare`: two small annexes whose differences are known by hand, side by side per
//! call, province, objective, action, applicant and grant; the JSON contract; the refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, temp_file};
use samenleven::annex::{load_bytes, LoadOptions};
use samenleven::compare::{self, Comparison, Mark, Row};
use samenleven::model::{CallError, Dataset, Province};

const HEADER: &str = "Provincie;Lokaal bestuur;Actie;Toegekend bedrag;Status\n";

/// Call 1: Gent 12.345,67 (action 5) + 25.000 (action 2), Lier 7.500 (action 9), Brugge 3.210
/// (action 17), Hasselt refused (action 9).
const CALL1: &str = "Oost-Vlaanderen;Gent;Actie 5;12.345,67;goedgekeurd\n\
Oost-Vlaanderen;Gent;Actie 2;25.000;goedgekeurd\n\
Antwerpen;Lier;Actie 9;7.500;goedgekeurd\n\
West-Vlaanderen;Brugge;Actie 17;3.210;goedgekeurd\n\
Limburg;Hasselt;Actie 9;0;geweigerd\n";

/// Call 2: Gent 15.000 (5, up 2.654,33) + 25.000 (2, same), Lier 6.000 (9, down) + 6.000 (6,
/// new), Hasselt 4.000 (9, new: refused before), Brugge gone (17 stopped).
const CALL2: &str = "Oost-Vlaanderen;Gent;Actie 5;15.000;goedgekeurd\n\
Oost-Vlaanderen;Gent;Actie 2;25.000;goedgekeurd\n\
Antwerpen;Lier;Actie 9;6.000;goedgekeurd\n\
Antwerpen;Lier;Actie 6;6.000;goedgekeurd\n\
Limburg;Hasselt;Actie 9;4.000;goedgekeurd\n";

fn plain(lines: &str) -> String {
    format!("{HEADER}{lines}")
}

/// The lines with a call column saying `call`.
fn with_call(call: u8, lines: &str) -> String {
    let mut out = format!("Oproep;{HEADER}");
    for l in lines.lines() {
        out.push_str(&format!("{call};{l}\n"));
    }
    out
}

fn load(name: &str, text: &str, call: Option<u8>) -> Dataset {
    load_bytes(name, text.as_bytes(), &LoadOptions { call }).unwrap()
}

fn known() -> (Vec<Dataset>, Comparison) {
    // Given in the wrong order: the comparison puts call 1 first.
    let datasets = vec![
        load("oproep2.csv", &plain(CALL2), Some(2)),
        load("oproep1.csv", &plain(CALL1), Some(1)),
    ];
    let c = compare::build(&datasets).unwrap();
    (datasets, c)
}

fn row<'a>(rows: &'a [Row], label: &str) -> &'a Row {
    rows.iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no row {label}: {rows:#?}"))
}

#[test]
fn totals_per_call_are_the_granted_totals_of_each_call() {
    let (datasets, c) = known();
    assert_eq!(c.calls.iter().map(|k| k.no).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(c.calls[0].file, "oproep1.csv");
    // 12.345,67 + 25.000 + 7.500 + 3.210 (the refused line does not count); 15.000 + 25.000 +
    // 6.000 + 6.000 + 4.000.
    assert_eq!(c.total.amounts, vec![4_805_567, 5_600_000]);
    assert_eq!(datasets[1].total_granted(), 4_805_567);
    assert_eq!(datasets[0].total_granted(), 5_600_000);
    let ch = c.total.changes();
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0].diff, 794_433);
    // 7.944,33 / 48.055,67 = 16,53 %.
    assert_eq!(ch[0].permille, Some(165));
}

#[test]
fn differences_per_province_objective_action_and_applicant() {
    let (datasets, c) = known();
    let antwerpen = row(&c.provinces, "Antwerpen");
    assert_eq!(antwerpen.amounts, vec![750_000, 1_200_000]);
    assert_eq!(antwerpen.changes()[0].diff, 450_000);
    assert_eq!(antwerpen.changes()[0].permille, Some(600));
    // Every province row is that province's total in its own call.
    for p in Province::ALL {
        let r = row(&c.provinces, p.name());
        assert_eq!(r.amounts[0], datasets[1].province_totals(Some(p)).granted);
        assert_eq!(r.amounts[1], datasets[0].province_totals(Some(p)).granted);
    }
    let limburg = row(&c.provinces, "Limburg");
    assert_eq!(limburg.amounts, vec![0, 400_000]);
    assert_eq!(limburg.changes()[0].permille, None);

    // Objective 4 (Werk): action 9 of Lier and Hasselt, 7.500 then 10.000.
    let werk = c.objectives.iter().find(|r| r.no == Some(4)).unwrap();
    assert_eq!(werk.amounts, vec![750_000, 1_000_000]);
    let five = c.actions.iter().find(|r| r.no == Some(5)).unwrap();
    assert_eq!(five.amounts, vec![1_234_567, 1_500_000]);
    assert_eq!(five.changes()[0].diff, 265_433);
    assert_eq!(five.changes()[0].permille, Some(215));

    let gent = row(&c.applicants, "Gent");
    assert_eq!(gent.detail.as_deref(), Some("Oost-Vlaanderen"));
    assert_eq!(gent.amounts, vec![3_734_567, 4_000_000]);
    assert_eq!(gent.changes()[0].mark, Mark::Changed);
    let brugge = row(&c.applicants, "Brugge");
    assert_eq!(brugge.amounts, vec![321_000, 0]);
    assert_eq!(brugge.changes()[0].mark, Mark::Stopped);
    assert_eq!(brugge.changes()[0].permille, Some(-1000));
    // Refused in call 1: no grant then, so new in call 2.
    let hasselt = row(&c.applicants, "Hasselt");
    assert_eq!(hasselt.present, vec![false, true]);
    assert_eq!(hasselt.changes()[0].mark, Mark::New);
}

#[test]
fn new_and_stopped_grants_are_marked_per_applicant_and_action() {
    let (_, c) = known();
    let grant = |who: &str, no: u8| {
        c.grants
            .iter()
            .find(|g| g.label == who && g.no == Some(no))
            .unwrap_or_else(|| panic!("no grant {who} {no}: {:#?}", c.grants))
    };
    assert_eq!(grant("Lier", 6).changes()[0].mark, Mark::New);
    assert_eq!(grant("Lier", 6).amounts, vec![0, 600_000]);
    assert_eq!(grant("Brugge", 17).changes()[0].mark, Mark::Stopped);
    assert_eq!(grant("Lier", 9).changes()[0].mark, Mark::Changed);
    assert_eq!(grant("Lier", 9).changes()[0].diff, -150_000);
    assert_eq!(grant("Gent", 2).changes()[0].mark, Mark::Same);
    assert_eq!(grant("Hasselt", 9).changes()[0].mark, Mark::New);
}

#[test]
fn one_file_with_a_call_column_compares_its_calls() {
    let text = format!(
        "{}{}",
        with_call(1, CALL1),
        with_call(2, CALL2)
            .lines()
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    let c = compare::build(&[load("beide.csv", &text, None)]).unwrap();
    assert_eq!(c.total.amounts, vec![4_805_567, 5_600_000]);
    assert_eq!(row(&c.applicants, "Lier").amounts, vec![750_000, 1_200_000]);
}

#[test]
fn compare_prints_the_calls_side_by_side_in_dutch() {
    let (_d1, one) = temp_file("oproep1.csv", with_call(1, CALL1).as_bytes());
    let (_d2, two) = temp_file("oproep2.csv", with_call(2, CALL2).as_bytes());
    let (code, out, err) = run(&[
        "compare",
        "--annex",
        two.to_str().unwrap(),
        "--annex",
        one.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Vergelijking van de oproepen 1 en 2\n"),
        "{out}"
    );
    let line = |start: &str| {
        out.lines()
            .find(|l| l.starts_with("  ") && l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no line {start}:\n{out}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("Totaal "),
        "Totaal € 48.055,67 € 56.000 +€ 7.944,33 +16,5 %"
    );
    assert_eq!(
        line("Antwerpen"),
        "Antwerpen € 7.500 € 12.000 +€ 4.500 +60,0 %"
    );
    assert_eq!(line("Limburg"), "Limburg € 0 € 4.000 +€ 4.000 nieuw");
    assert_eq!(
        line("Brugge (West-Vlaanderen)"),
        "Brugge (West-Vlaanderen) € 3.210 € 0 -€ 3.210 -100,0 % gestopt"
    );
    assert_eq!(
        line("Gent (Oost-Vlaanderen)"),
        "Gent (Oost-Vlaanderen) € 37.345,67 € 40.000 +€ 2.654,33 +7,1 %"
    );
    assert_eq!(
        line("17 Omstaanderstrainingen"),
        "17 Omstaanderstrainingen € 3.210 € 0 -€ 3.210 -100,0 % gestopt"
    );
    assert!(
        out.contains(
            "nieuw in oproep 2:   Lier — actie 6 Begeleiding verkorte opleidingstrajecten: € 6.000"
        ),
        "{out}"
    );
    assert!(
        out.contains("gestopt in oproep 2: Brugge — actie 17 Omstaanderstrainingen (was € 3.210)"),
        "{out}"
    );
}

#[test]
fn compare_json_has_the_documented_fields() {
    let (_d1, one) = temp_file("oproep1.csv", with_call(1, CALL1).as_bytes());
    let (_d2, two) = temp_file("oproep2.csv", with_call(2, CALL2).as_bytes());
    let (code, out, err) = run(&[
        "compare",
        "--annex",
        one.to_str().unwrap(),
        "--annex",
        two.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sample"], false);
    assert_eq!(v["calls"][0]["call"], 1);
    assert_eq!(v["calls"][0]["source"], "oproep1.csv");
    assert_eq!(v["calls"][1]["call"], 2);
    assert_eq!(
        v["total"]["amounts_eur"],
        serde_json::json!([48055.67, 56000])
    );
    let change = &v["total"]["changes"][0];
    assert_eq!(change["from_call"], 1);
    assert_eq!(change["to_call"], 2);
    assert_eq!(change["diff_eur"], 7944.33);
    assert_eq!(change["pct"], 16.5);
    assert_eq!(change["mark"], "gewijzigd");
    let find = |list: &str, key: &str, name: &str| -> serde_json::Value {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x[key] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in {list}"))
    };
    let antwerpen = find("provinces", "name", "Antwerpen");
    assert_eq!(antwerpen["changes"][0]["diff_eur"], 4500);
    assert_eq!(antwerpen["changes"][0]["pct"], 60.0);
    let hasselt = find("applicants", "name", "Hasselt");
    assert_eq!(hasselt["province"], "Limburg");
    assert_eq!(hasselt["in_call"], serde_json::json!([false, true]));
    assert_eq!(hasselt["changes"][0]["mark"], "nieuw");
    assert_eq!(hasselt["changes"][0]["pct"], serde_json::Value::Null);
    let action = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["no"] == 5)
        .unwrap();
    assert_eq!(action["name"], "Oefenkansen Nederlands organiseren");
    assert_eq!(action["amounts_eur"], serde_json::json!([12345.67, 15000]));
    let brugge = find("grants", "applicant", "Brugge");
    assert_eq!(brugge["action"], 17);
    assert_eq!(brugge["line"], "Omstaanderstrainingen");
    assert_eq!(brugge["changes"][0]["mark"], "gestopt");
    assert_eq!(v["objectives"].as_array().unwrap().len(), 7);
}

/// The refusals are the loader's (`CallError`), wrapped; tests/multi_call.rs runs them through
/// every command, `compare` included.
#[test]
fn calls_that_cannot_be_compared_are_the_loaders_refusals() {
    let e = compare::build(&[
        load("a.csv", &plain(CALL1), Some(1)),
        load("b.csv", &plain(CALL2), Some(1)),
    ])
    .unwrap_err();
    assert!(matches!(
        e,
        compare::CompareError::Calls(CallError::DuplicateCall { call: 1, .. })
    ));
    assert_eq!(
        e.to_string(),
        "Oproep 1 komt twee keer voor: in 'a.csv' en in 'b.csv'. Geef elke oproep maar één keer."
    );
    let e = compare::build(&[
        load("a.csv", &plain(CALL1), None),
        load("b.csv", &plain(CALL2), None),
    ])
    .unwrap_err();
    assert!(matches!(e, compare::CompareError::Calls(_)), "{e:?}");
    assert!(
        e.to_string().starts_with(
            "De oproep van 'a.csv' en 'b.csv' is onbekend: die bestanden zijn niet uit elkaar te houden."
        ),
        "{e}"
    );
}

#[test]
fn one_call_is_nothing_to_compare() {
    let (code, out, err) = run(&["compare"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("Een vergelijking heeft minstens twee oproepen nodig; 'voorbeeld' bevat alleen oproep 1."),
        "{err}"
    );
}

#[test]
fn other_commands_take_several_annexes_as_one_dataset() {
    let (_d1, one) = temp_file("a.csv", with_call(1, CALL1).as_bytes());
    let (_d2, two) = temp_file("b.csv", with_call(2, CALL2).as_bytes());
    let (a, b) = (one.to_str().unwrap(), two.to_str().unwrap());
    for args in [
        vec!["summary", "--annex", a, "--annex", b],
        vec!["--annex", a, "--annex", b, "summary"],
        vec!["--annex", a, "summary", "--annex", b],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        // 48.055,67 + 56.000.
        assert!(
            out.contains("Totaal toegekend: € 104.055,67"),
            "{args:?}: {out}"
        );
    }
    let (code, out, _) = run(&["summary", "--annex", a]);
    assert_eq!(code, 0);
    assert!(out.contains("Totaal toegekend: € 48.055,67"), "{out}");
    // --annex on both sides of compare: every file counts (clap would keep one side).
    let (code, out, err) = run(&["--annex", a, "compare", "--annex", b]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Oproep 1: a.csv"), "{out}");
    assert!(out.contains("Oproep 2: b.csv"), "{out}");
}

#[test]
fn a_line_without_a_call_in_a_call_column_is_refused_with_its_row() {
    let text = format!(
        "{}\n;Antwerpen;Mechelen;Actie 9;1.000;goedgekeurd\n",
        with_call(1, CALL1).trim_end()
    ) + &with_call(2, CALL2)
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    let e = compare::build(&[load("gaten.csv", &text, None)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "'gaten.csv', rij 7: de oproepkolom is leeg of onleesbaar; een vergelijking moet elke \
         regel bij een oproep kunnen zetten."
    );
}
