//! The loader on hand-made annex files in every supported layout and format.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use samenleven::annex::{load_bytes, load_path, LoadErrorKind, LoadOptions};
use samenleven::model::{ApplicantKind, CallSource, LineKind, Province, Status, TotalScope};

fn opts() -> LoadOptions {
    LoadOptions::default()
}

fn long_sheet() -> Sheet {
    sheet(
        "Bijlage 1",
        vec![
            vec![S("Bijlage 1 — Plan Samenleven, oproep 1")],
            vec![],
            vec![
                S("Provincie"),
                S("Lokaal bestuur"),
                S("Doelstelling"),
                S("Actie"),
                S("Eenheden"),
                S("Subsidie (EUR)"),
                S("Toelichting"),
            ],
            vec![
                S("Antwerpen"),
                S("Stad Antwerpen"),
                S("2. Nederlands"),
                S("Actie 5 – Oefenkansen Nederlands organiseren"),
                N(1500.0),
                N(90000.0),
            ],
            vec![E, E, E, N(8.0), N(100.0), S("€ 65.000,00")],
            vec![
                E,
                E,
                S("7. Eén gemeenschap"),
                S("Sociaal weefsel versterken (pleinmakers)"),
                N(4.0),
                N(23200.0),
                S("Pleinwerking in drie wijken"),
            ],
            vec![E, S("Totaal Antwerpen"), E, E, E, N(178200.0)],
            vec![E, S("Lier"), S("Nederlands"), S("A5"), E, S("12.500")],
            vec![E, S("Totaal provincie Antwerpen"), E, E, E, N(190700.0)],
            vec![],
            vec![
                S("Oost-Vlaanderen"),
                S("OCMW Gent"),
                S("1"),
                S("Actie 2"),
                N(1.0),
                N(25000.0),
            ],
            vec![E, S("Gent"), S("6"), N(17.0), S("100 / 50"), S("12 500,5")],
            vec![S("Algemeen totaal"), E, E, E, E, N(228200.5)],
        ],
    )
}

#[test]
fn long_layout_with_title_fill_down_and_totals() {
    let ds = load_bytes("bijlage.xlsx", &xlsx(&[long_sheet()]), &opts()).unwrap();
    assert_eq!(ds.total_granted(), 22_820_050);
    assert_eq!(ds.grants.len(), 6);
    assert_eq!(
        ds.applicant_count(),
        3,
        "Stad Antwerpen, Lier, Gent (OCMW Gent = Gent)"
    );
    let gent = ds.applicant_by_name("Gent").unwrap();
    assert_eq!(ds.applicant(gent).unwrap().spellings.len(), 2);
    assert_eq!(ds.applicant_totals(gent).unwrap().granted, 3_750_050);
    assert_eq!(ds.action_totals(5).unwrap().granted, 10_250_000);
    assert_eq!(
        ds.province_totals(Some(Province::Antwerpen)).granted,
        19_070_000
    );
    // The fill-down gave action 8 to Antwerpen, with units.
    let antwerpen = ds.applicant_by_name("Antwerpen").unwrap();
    let a8 = ds
        .grants_of(antwerpen)
        .find(|g| g.kind == LineKind::Action(8))
        .unwrap();
    assert_eq!(a8.amount, 6_500_000);
    assert_eq!(a8.units.get(0), Some(100));
    let a17 = ds
        .grants_of(gent)
        .find(|g| g.kind == LineKind::Action(17))
        .unwrap();
    assert_eq!(a17.units.slots(), [Some(100), Some(50), None]);
    assert!(ds
        .grants
        .iter()
        .any(|g| ds.text(g.explanation) == Some("Pleinwerking in drie wijken")));
    // Total rows are kept apart, with their scope.
    let scopes: Vec<(TotalScope, i64)> = ds
        .stated_totals
        .iter()
        .map(|t| (t.scope, t.amount))
        .collect();
    assert!(scopes.contains(&(TotalScope::Applicant(antwerpen), 17_820_000)));
    assert!(scopes.contains(&(TotalScope::Province(Province::Antwerpen), 19_070_000)));
    assert!(scopes.contains(&(TotalScope::Grand, 22_820_050)));
    // The call comes from the title block; answer facts are attached to call 1.
    assert_eq!(ds.call.call, Some(1));
    assert_eq!(ds.call.source, CallSource::Title);
    assert!(ds.facts.is_some());
    // Origins point at spreadsheet rows (1-based).
    let first = &ds.grants[0];
    assert_eq!(ds.place(first.origin), "Blad 'Bijlage 1', rij 4");
}

#[test]
fn the_same_long_table_loads_from_ods() {
    let ds = load_bytes("bijlage.ods", &ods(&[long_sheet()]), &opts()).unwrap();
    assert_eq!(ds.total_granted(), 22_820_050);
    assert_eq!(ds.grants.len(), 6);
    assert_eq!(ds.call.call, Some(1));
}

fn wide_sheet() -> Sheet {
    let mut s = sheet(
        "Overzicht",
        vec![
            vec![S("Overzicht per gemeente")],
            vec![
                E,
                E,
                S("Veiligheid en leefbaarheid"),
                S("Nederlands"),
                E,
                E,
                E,
            ],
            vec![
                S("Provincie"),
                S("Gemeente"),
                S("Actie 2"),
                S("Actie 5"),
                S("Actie 7"),
                S("Buurtfeesten"),
                S("Totaal"),
            ],
            vec![
                S("Limburg"),
                S("Genk"),
                N(25000.0),
                N(80000.0),
                E,
                N(5000.0),
                N(110000.0),
            ],
            vec![E, S("Hasselt"), E, N(40000.0), N(20000.0), E, N(60000.0)],
            vec![
                S("Vlaams-Brabant"),
                S("Vilvoorde"),
                N(25000.0),
                N(0.0),
                N(10000.0),
                E,
                N(30000.0),
            ],
            vec![S("Totaal"), E, E, E, E, E, N(205000.0)],
        ],
    );
    s.merges.push((1, 4, 1, 5, "Competenties"));
    s
}

#[test]
fn wide_layout_with_merged_objectives_and_total_column() {
    let ds = load_bytes("breed.xlsx", &xlsx(&[wide_sheet()]), &opts()).unwrap();
    assert_eq!(ds.total_granted(), 20_500_000);
    assert_eq!(ds.grants.len(), 7, "the explicit 0 is no grant");
    assert_eq!(ds.action_totals(5).unwrap().granted, 12_000_000);
    assert_eq!(
        ds.province_totals(Some(Province::Limburg)).granted,
        17_000_000
    );
    // The column outside the catalogue is kept, under the objective of the merged cell above,
    // and counts in that objective (action 7 and Buurtfeesten), not among the other lines.
    assert_eq!(ds.unknown_actions.len(), 1);
    assert_eq!(ds.unknown_actions[0].label, "Buurtfeesten");
    assert_eq!(ds.unknown_actions[0].objective, Some(3));
    assert!(ds.other_totals().is_empty());
    assert_eq!(ds.objective_total(3), 3_000_000 + 500_000);
    assert_eq!(ds.objective_unknown_totals(3)[0].granted, 500_000);
    assert_eq!(ds.objective_applicants(3).len(), 3);
    // Totaal column values are stated applicant totals (Vilvoorde's is wrong on purpose).
    let vilvoorde = ds.applicant_by_name("Vilvoorde").unwrap();
    let stated = ds
        .stated_totals
        .iter()
        .find(|t| t.scope == TotalScope::Applicant(vilvoorde))
        .unwrap();
    assert_eq!(stated.amount, 3_000_000);
    assert_eq!(ds.applicant_totals(vilvoorde).unwrap().granted, 3_500_000);
    assert!(ds
        .stated_totals
        .iter()
        .any(|t| t.scope == TotalScope::Grand && t.amount == 20_500_000));
    // No call in the file: unknown, and no answer facts.
    assert_eq!(ds.call.call, None);
    assert!(ds.facts.is_none());
}

#[test]
fn the_call_flag_applies_when_the_file_has_no_call() {
    let ds = load_bytes(
        "breed.xlsx",
        &xlsx(&[wide_sheet()]),
        &LoadOptions { call: Some(2) },
    )
    .unwrap();
    assert_eq!(ds.call.call, Some(2));
    assert_eq!(ds.call.source, CallSource::Flag);
    assert!(ds.facts.is_none(), "answer 492 belongs to call 1");
    let ds = load_bytes(
        "breed.xlsx",
        &xlsx(&[wide_sheet()]),
        &LoadOptions { call: Some(1) },
    )
    .unwrap();
    assert!(ds.facts.is_some());
}

#[test]
fn one_sheet_per_province_with_call_column_and_separate_number() {
    let header = || {
        vec![
            S("Gemeente"),
            S("Actienummer"),
            S("Actie"),
            S("Bedrag"),
            S("Oproep"),
        ]
    };
    let wb = xlsx(&[
        sheet(
            "West-Vlaanderen",
            vec![
                header(),
                vec![
                    S("Kortrijk"),
                    N(5.0),
                    S("Oefenkansen Nederlands organiseren"),
                    N(30000.0),
                    N(1.0),
                ],
                vec![E, N(15.0), S("Oefenkansen Nederlands"), N(10000.0), N(1.0)],
            ],
        ),
        sheet(
            "Limburg",
            vec![
                header(),
                vec![S("Genk"), N(2.0), E, N(25000.0), S("projectperiode 1")],
            ],
        ),
    ]);
    let ds = load_bytes("provincies.xlsx", &wb, &opts()).unwrap();
    assert_eq!(ds.total_granted(), 6_500_000);
    assert_eq!(ds.call.call, Some(1));
    assert_eq!(ds.call.source, CallSource::Column);
    let kortrijk = ds.applicant_by_name("Kortrijk").unwrap();
    assert!(ds
        .grants_of(kortrijk)
        .all(|g| g.province_in_file == Some(Province::WestVlaanderen)));
    // Number 15 with the title of action 5: the number is kept, the mix-up recorded.
    let mixed = ds
        .grants
        .iter()
        .find(|g| g.kind == LineKind::Action(15))
        .unwrap();
    let written = mixed.action_written.as_ref().unwrap();
    assert_eq!((written.number, written.title_match), (Some(15), Some(5)));
    assert_eq!(ds.place(mixed.origin), "Blad 'West-Vlaanderen', rij 3");
}

#[test]
fn csv_utf8_bom_semicolons_with_requested_and_refused() {
    let text =
        "\u{feff}Provincie;Lokaal bestuur;Actie;Toegekend bedrag;Aangevraagd bedrag;Status;Reden\n\
        Vlaams-Brabant;Sint-Genesius-Rode;Actie 5;€ 10.000,00;€ 12.000,00;goedgekeurd;\n\
        ;Rhode-Saint-Genèse;Actie 17;5.000;5.000;;\n\
        Vlaams-Brabant;Linkebeek;Actie 9;3000;3000;geweigerd;Onvoldoende onderbouwd\n";
    let (_dir, path) = temp_file("bijlage.csv", text.as_bytes());
    let ds = load_path(&path, &opts()).unwrap();
    assert_eq!(ds.source.name, "bijlage.csv");
    assert_eq!(ds.total_granted(), 1_500_000);
    assert_eq!(ds.total_refused(), 300_000);
    assert_eq!(
        ds.applicant_count(),
        2,
        "Rhode-Saint-Genèse is Sint-Genesius-Rode"
    );
    let refused = ds
        .grants
        .iter()
        .find(|g| g.status == Status::Refused)
        .unwrap();
    assert_eq!(ds.text(refused.reason), Some("Onvoldoende onderbouwd"));
    assert_eq!(ds.grants[0].requested.get(), Some(1_200_000));
    assert_eq!(ds.place(ds.grants[1].origin), "rij 3");
}

#[test]
fn csv_windows_1252_with_commas() {
    let mut bytes = b"Gemeente,Actie,Bedrag\n".to_vec();
    bytes.extend_from_slice(b"Bi\xe9v\xe8ne,5,\"1.000,50\"\nHalle,Oefenkansen Nederlands,2000\n");
    let ds = load_bytes("oud.csv", &bytes, &opts()).unwrap();
    assert_eq!(ds.total_granted(), 300_050);
    let bever = ds.applicant_by_name("Bever").unwrap();
    assert!(matches!(
        ds.applicant(bever).unwrap().kind,
        ApplicantKind::Municipality(_)
    ));
    assert_eq!(ds.action_totals(5).unwrap().applicants.len(), 2);
}

#[test]
fn unknown_names_and_actions_load_and_are_kept_as_written() {
    let text = "Gemeente;Doelstelling;Actie;Bedrag\nAtlantis;Netwerk;Buurtsport voor senioren;1000\nGent;;Actie 5;-50\n";
    let ds = load_bytes("raar.csv", text.as_bytes(), &opts()).unwrap();
    let atlantis = ds.applicant_by_name("Atlantis").unwrap();
    assert_eq!(ds.applicant(atlantis).unwrap().kind, ApplicantKind::Unknown);
    assert_eq!(ds.unknown_actions[0].label, "Buurtsport voor senioren");
    assert_eq!(ds.unknown_actions[0].objective, Some(5));
    assert_eq!(ds.total_granted(), 100_000 - 5_000);
}

#[test]
fn a_bad_amount_is_a_located_dutch_error() {
    let wb = xlsx(&[sheet(
        "Antwerpen",
        vec![
            vec![S("Lokaal bestuur"), S("Actie"), S("Bedrag")],
            vec![S("Lier"), S("5"), N(100.0)],
            vec![S("Mol"), S("5"), S("twaalfduizend")],
        ],
    )]);
    let err = load_bytes("fout.xlsx", &wb, &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Fout in 'fout.xlsx', blad 'Antwerpen', rij 3, kolom C (Bedrag): 'twaalfduizend' is geen bedrag."
    );
}

#[test]
fn structural_errors_are_named() {
    let no_amount = xlsx(&[sheet(
        "Blad1",
        vec![vec![S("Gemeente"), S("Actie")], vec![S("Gent"), S("5")]],
    )]);
    assert_eq!(
        load_bytes("a.xlsx", &no_amount, &opts()).unwrap_err().kind,
        LoadErrorKind::NoAmountColumn
    );
    let two = xlsx(&[sheet(
        "Blad1",
        vec![
            vec![S("Gemeente"), S("Bedrag"), S("Bedrag")],
            vec![S("Gent"), N(1.0), N(2.0)],
        ],
    )]);
    let err = load_bytes("b.xlsx", &two, &opts()).unwrap_err();
    assert!(
        matches!(err.kind, LoadErrorKind::AmbiguousAmount { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("B (Bedrag) en C (Bedrag)"),
        "{err}"
    );
    let title_only = xlsx(&[sheet("Blad1", vec![vec![S("Plan Samenleven")]])]);
    assert_eq!(
        load_bytes("c.xlsx", &title_only, &opts()).unwrap_err().kind,
        LoadErrorKind::NoTable
    );
    assert_eq!(
        load_bytes("d.xlsx", b"", &opts()).unwrap_err().kind,
        LoadErrorKind::EmptyFile
    );
    assert_eq!(
        load_bytes("e.xlsx", b"\x00\x01\x02binary\x00", &opts())
            .unwrap_err()
            .kind,
        LoadErrorKind::NotASpreadsheet
    );
    let mut truncated = xlsx(&[long_sheet()]);
    truncated.truncate(truncated.len() / 2);
    assert!(matches!(
        load_bytes("f.xlsx", &truncated, &opts()).unwrap_err().kind,
        LoadErrorKind::Damaged(_)
    ));
}

#[test]
fn cli_reports_load_errors_with_exit_code_2() {
    let (_dir, path) = temp_file(
        "kapot.csv",
        "Gemeente;Actie;Bedrag\nGent;5;veel geld\n".as_bytes(),
    );
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .args(["summary", "--annex"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("rij 2, kolom 3 (Bedrag): 'veel geld' is geen bedrag"),
        "{stderr}"
    );
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .args(["summary", "--annex", "/bestaat/niet.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("het bestand bestaat niet"));
}

#[test]
fn cli_summary_json_follows_the_contract() {
    let (_dir, path) = temp_file("breed.xlsx", &xlsx(&[wide_sheet()]));
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .args(["summary", "--format", "json", "--oproep", "2", "--annex"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"], "breed.xlsx");
    assert_eq!(v["sample"], false);
    assert_eq!(v["call"], 2);
    assert_eq!(v["total_eur"], 205000);
    assert_eq!(v["grants"], 7);
    assert_eq!(v["applicants"], 3);
    assert_eq!(v["local_governments"], 3);
    let names: Vec<&str> = v["provinces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let objectives: f64 = v["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["total_eur"].as_f64().unwrap())
        .sum();
    let other: f64 = v["other"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["total_eur"].as_f64().unwrap())
        .sum();
    assert_eq!(objectives + other, 205000.0);
    assert_eq!(v["other"], serde_json::json!([]));
    assert_eq!(v["objectives"][2]["total_eur"], 35000);
    assert_eq!(
        v["objectives"][2]["unknown_actions"],
        serde_json::json!([{"label": "Buurtfeesten", "total_eur": 5000, "applicants": 1}])
    );
    assert_eq!(v["objectives"][0]["unknown_actions"], serde_json::json!([]));
    assert_eq!(v["actions"][1]["no"], 5);
    assert_eq!(v["actions"][1]["total_eur"], 120000);
}

/// A wide annex whose action columns carry paraphrased titles under merged objective headers
/// (issue 12, point 2). The first column of actions is a paraphrase; "Buurtfeesten" is no
/// catalogue action at all.
fn paraphrased_wide_sheet() -> Sheet {
    let row = |province: V, name: &'static str, amounts: [f64; 11]| {
        let mut r = vec![province, S(name)];
        r.extend(amounts.iter().map(|a| if *a == 0.0 { E } else { N(*a) }));
        r.push(N(amounts.iter().sum()));
        r
    };
    let mut s = sheet(
        "Bijlage 1",
        vec![
            vec![S("Overzicht van de subsidies per lokaal bestuur")],
            vec![
                E,
                E,
                S("Veiligheid en leefbaarheid"),
                S("Nederlands"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            vec![
                S("Provincie"),
                S("Lokaal bestuur"),
                S("Polarisatie aanpakken met een lokaal plan"),
                S("Actie 5"),
                S("Begeleiding naar hogere studies"),
                S("Trajecten voor ongekwalificeerde jongeren"),
                S("Begeleiding naar werk"),
                S("Ondernemerschap voor vrouwen en nieuwkomers"),
                S("Jongeren in contact brengen met opleidingen, stages en jobs"),
                S("Brugfiguren tussen school en gezin"),
                S("Toeleiding naar de lerarenopleiding"),
                S("In contact brengen met cultuur"),
                S("Buurtfeesten"),
                S("Totaal"),
            ],
            row(
                S("Antwerpen"),
                "Mechelen",
                [
                    25000.0, 60000.0, 0.0, 15000.0, 30000.0, 0.0, 40000.0, 20000.0, 12000.0, 0.0,
                    3000.0,
                ],
            ),
            row(
                E,
                "Lier",
                [
                    0.0, 20000.0, 10000.0, 0.0, 0.0, 18000.0, 0.0, 0.0, 8000.0, 5000.0, 0.0,
                ],
            ),
            row(
                S("Limburg"),
                "Genk",
                [
                    25000.0, 80000.0, 20000.0, 10000.0, 45000.0, 12000.0, 35000.0, 30000.0, 0.0,
                    9000.0, 2500.0,
                ],
            ),
        ],
    );
    s.merges.push((1, 4, 1, 5, "Competenties"));
    s.merges.push((1, 6, 1, 7, "Werk"));
    s.merges.push((1, 8, 1, 9, "Netwerk"));
    s.merges.push((1, 10, 1, 12, "Eén gemeenschap"));
    s
}

/// Sum of `total_eur` over a list of the summary JSON.
fn json_sum(v: &serde_json::Value, list: &str) -> f64 {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["total_eur"].as_f64().unwrap())
        .sum()
}

#[test]
fn paraphrased_wide_titles_put_every_euro_in_its_objective() {
    let bytes = xlsx(&[paraphrased_wide_sheet()]);
    // `FIXTURE_OUT=dir` keeps the file, to run `summary --annex` on it by hand.
    if let Some(dir) = std::env::var_os("FIXTURE_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("parafrase.xlsx"), &bytes).unwrap();
    }
    let (_dir, path) = temp_file("parafrase.xlsx", &bytes);
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .args(["summary", "--format", "json", "--annex"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Every amount of the three rows, the first column of actions included.
    assert_eq!(v["total_eur"], 205000 + 61000 + 268500);
    assert_eq!(json_sum(&v, "objectives"), 534500.0, "{v:#}");
    assert_eq!(v["other"], serde_json::json!([]));
    let objective = |no: usize| v["objectives"][no - 1]["total_eur"].as_f64().unwrap();
    assert_eq!(objective(1), 50000.0, "the paraphrase of action 2");
    assert_eq!(objective(3), 55000.0);
    assert_eq!(objective(4), 105000.0);
    assert_eq!(objective(5), 125000.0);
    assert_eq!(
        objective(7),
        39500.0,
        "Buurtfeesten counts where the file puts it"
    );
    let action = |no: u64| {
        v["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["no"] == no)
            .map(|a| a["total_eur"].as_f64().unwrap())
    };
    assert_eq!(action(2), Some(50000.0));
    assert_eq!(action(8), Some(25000.0));
    assert_eq!(action(10), Some(30000.0));
    assert_eq!(action(14), Some(75000.0));
    assert_eq!(action(21), Some(20000.0));
    // The unknown action is shown under its objective.
    let unknown = &v["objectives"][6]["unknown_actions"];
    assert_eq!(unknown[0]["label"], "Buurtfeesten", "{v:#}");
    assert_eq!(unknown[0]["total_eur"], 5500);
    assert_eq!(unknown[0]["applicants"], 2);
}

#[test]
fn paraphrased_wide_titles_are_readings_the_checks_report() {
    let ds = load_bytes(
        "parafrase.xlsx",
        &xlsx(&[paraphrased_wide_sheet()]),
        &opts(),
    )
    .unwrap();
    let readings: Vec<(&str, u8, u8, u32)> = ds
        .action_readings
        .iter()
        .map(|r| (r.label.as_str(), r.objective, r.action, r.lines))
        .collect();
    assert_eq!(
        readings,
        [
            ("Polarisatie aanpakken met een lokaal plan", 1, 2, 2),
            ("Trajecten voor ongekwalificeerde jongeren", 3, 8, 2),
            (
                "Jongeren in contact brengen met opleidingen, stages en jobs",
                5,
                14,
                2
            ),
            ("Toeleiding naar de lerarenopleiding", 7, 21, 2),
            ("Ondernemerschap voor vrouwen en nieuwkomers", 4, 10, 2),
        ]
    );
    assert_eq!(
        ds.place(ds.action_readings[0].origin),
        "Blad 'Bijlage 1', rij 3"
    );
    let findings = samenleven::checks::run(&ds);
    let read: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "actie-titel-gelezen")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(read.len(), 5);
    assert!(
        read.iter()
            .any(|m| m.contains("'Toeleiding naar de lerarenopleiding'")
                && m.contains("gelezen als actie 21")
                && m.contains("'lerarenopleiding'")),
        "{read:?}"
    );
    // The stated totals per applicant now agree with the lines (no som-aanvrager).
    assert!(!findings.iter().any(|f| f.code == "som-aanvrager"));
    let unknown: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "actie-onbekend")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(unknown[0].contains("'Buurtfeesten'") && unknown[0].contains("doelstelling 7"));
}

#[test]
fn long_rows_read_paraphrased_titles_under_their_objective() {
    let text = "Gemeente;Doelstelling;Actie;Bedrag\n\
        Gent;Eén gemeenschap;Toeleiding naar de lerarenopleiding;1000\n\
        Lier;Eén gemeenschap;Toeleiding naar de lerarenopleiding;2000\n\
        Lier;Eén gemeenschap;Actie 31 Toeleiding naar de lerarenopleiding;400\n\
        Lier;Competenties;Toeleiding naar de lerarenopleiding;300\n\
        Mol;;Toeleiding naar de lerarenopleiding;50\n";
    let ds = load_bytes("lang.csv", text.as_bytes(), &opts()).unwrap();
    assert_eq!(ds.action_totals(21).unwrap().granted, 300_000);
    assert_eq!(ds.action_readings.len(), 1);
    assert_eq!(ds.action_readings[0].lines, 2);
    assert_eq!(ds.place(ds.action_readings[0].origin), "rij 2");
    // A number outside the catalogue is not overruled by the words; under another objective the
    // words name no action of it; without an objective nothing is read.
    let unknown: Vec<(&str, Option<u8>)> = ds
        .unknown_actions
        .iter()
        .map(|u| (u.label.as_str(), u.objective))
        .collect();
    assert_eq!(
        unknown,
        [
            ("Actie 31 Toeleiding naar de lerarenopleiding", Some(7)),
            ("Toeleiding naar de lerarenopleiding", Some(3)),
            ("Toeleiding naar de lerarenopleiding", None),
        ]
    );
    // Every euro with a stated objective is in it.
    assert_eq!(ds.objective_total(7), 340_000);
    assert_eq!(ds.objective_total(3), 30_000);
    let other: i64 = ds.other_totals().iter().map(|o| o.granted).sum();
    assert_eq!(other, 5_000);
}

#[test]
fn the_annex_of_question_492_is_the_first_call() {
    let mut s = wide_sheet();
    s.rows[0] = vec![S("Bijlage 1 bij het antwoord op schriftelijke vraag 492")];
    let ds = load_bytes("bijlage.xlsx", &xlsx(&[s]), &opts()).unwrap();
    assert_eq!(ds.call.call, Some(1));
    assert_eq!(ds.call.source, CallSource::Title);
    assert!(ds.facts.is_some(), "the answer's facts belong to call 1");
}

#[test]
fn an_oproep_flag_for_a_call_without_figures_is_reported() {
    let (_dir, path) = temp_file("breed.xlsx", &xlsx(&[wide_sheet()]));
    let summary = |flag: Option<&str>| {
        let mut cmd = assert_cmd::Command::cargo_bin("samenleven").unwrap();
        cmd.arg("summary");
        if let Some(n) = flag {
            cmd.args(["--oproep", n]);
        }
        let out = cmd.arg("--annex").arg(&path).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let text = summary(Some("4"));
    assert!(
        text.contains(
            "Oproep: oproep 4 (volgens de optie --oproep); voor oproep 4 zijn geen cijfers \
             gepubliceerd om mee te vergelijken"
        ),
        "{text}"
    );
    let text = summary(Some("2"));
    assert!(
        text.contains("Oproep: oproep 2 (volgens de optie --oproep)\n"),
        "{text}"
    );
    let text = summary(None);
    assert!(
        text.contains("Oproep: onbekend; geef ze met --oproep N (--oproep 1 voor bijlage 1"),
        "{text}"
    );
}
