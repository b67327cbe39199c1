//! `samenleven export` end to end: the workbook of the bundled sample holds the figures that
//! `samenleven summary --format json` prints; an existing target is left alone (exit 2).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("samenleven").unwrap()
}

fn summary() -> Value {
    let out = bin()
        .args(["summary", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn cents_of(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 100.0).round() as i64
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn num(d: Option<&Data>) -> i64 {
    match d {
        Some(Data::Float(f)) => (f * 100.0).round() as i64,
        other => panic!("not a number: {other:?}"),
    }
}

/// Table rows under the header row whose first cell is `first`.
fn table(r: &Range<Data>, first: &str) -> Vec<BTreeMap<String, Data>> {
    let rows: Vec<&[Data]> = r.rows().collect();
    let h = rows
        .iter()
        .position(|row| text(row.first()) == first)
        .unwrap();
    let names: Vec<String> = rows[h].iter().map(|d| text(Some(d))).collect();
    rows[h + 1..]
        .iter()
        .take_while(|row| !row.iter().all(|d| matches!(d, Data::Empty)))
        .map(|row| names.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

fn kind<'a>(rows: &'a [BTreeMap<String, Data>], k: &str) -> Vec<&'a BTreeMap<String, Data>> {
    rows.iter()
        .filter(|r| text(r.get("Soort regel")) == k)
        .collect()
}

fn export(out: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("export")
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn the_workbook_holds_the_figures_summary_prints() {
    let s = summary();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.xlsx");
    let o = export(&out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The printed message says that the workbook holds the sample, then where it is.
    let printed = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    assert!(
        lines[0].starts_with("VOORBEELD — synthetische bedragen"),
        "{printed}"
    );
    assert!(
        lines[1].starts_with("Werkmap geschreven (heel Vlaanderen en Brussel): "),
        "{printed}"
    );
    assert!(lines[1].ends_with("export.xlsx"), "{printed}");
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();

    let ov = table(&wb.worksheet_range("Overzicht").unwrap(), "Provincie");
    let lines: i64 = kind(&ov, "subsidie")
        .iter()
        .map(|r| num(r.get("Bedrag")))
        .sum();
    assert_eq!(
        kind(&ov, "subsidie").len() as u64,
        s["grants"].as_u64().unwrap()
    );
    assert_eq!(lines, cents_of(&s["total_eur"]));
    assert_eq!(
        num(kind(&ov, "algemeen totaal")[0].get("Bedrag")),
        cents_of(&s["total_eur"])
    );
    for p in s["provinces"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let row = kind(&ov, "totaal provincie")
            .into_iter()
            .find(|r| text(r.get("Provincie")) == name);
        match row {
            Some(r) => assert_eq!(num(r.get("Bedrag")), cents_of(&p["total_eur"]), "{name}"),
            None => assert_eq!(cents_of(&p["total_eur"]), 0, "{name}"),
        }
    }

    let d = table(
        &wb.worksheet_range("Doelstellingen").unwrap(),
        "Doelstelling",
    );
    for o in s["objectives"].as_array().unwrap() {
        let no = o["no"].as_u64().unwrap();
        let row = kind(&d, "doelstelling")
            .into_iter()
            .find(|r| text(r.get("Doelstelling")).starts_with(&format!("{no}.")))
            .unwrap();
        assert_eq!(
            num(row.get("Bedrag")),
            cents_of(&o["total_eur"]),
            "doelstelling {no}"
        );
    }
    let actions = kind(&d, "actie");
    assert_eq!(actions.len(), s["actions"].as_array().unwrap().len());
    for a in s["actions"].as_array().unwrap() {
        let no = a["no"].as_f64().unwrap();
        let row = actions
            .iter()
            .find(|r| r.get("Actie") == Some(&Data::Float(no)))
            .unwrap();
        assert_eq!(
            num(row.get("Bedrag")),
            cents_of(&a["total_eur"]),
            "actie {no}"
        );
        assert_eq!(
            num(row.get("Aanvragers")),
            100 * a["applicants"].as_i64().unwrap()
        );
        assert_eq!(
            num(row.get("Vertegenwoordigde lokale besturen")),
            100 * a["local_governments"].as_i64().unwrap()
        );
    }
    let other = s["other"].as_array().unwrap();
    let other_rows: Vec<_> = d
        .iter()
        .filter(|r| {
            ["mentorschap", "sociale_impactobligatie", "onbekende_actie"]
                .contains(&text(r.get("Soort regel")).as_str())
        })
        .collect();
    assert_eq!(other_rows.len(), other.len());
    for o in other {
        let row = other_rows
            .iter()
            .find(|r| text(r.get("Soort regel")) == o["kind"].as_str().unwrap())
            .unwrap();
        assert_eq!(num(row.get("Bedrag")), cents_of(&o["total_eur"]));
        assert_eq!(
            num(row.get("Aanvragers")),
            100 * o["applicants"].as_i64().unwrap()
        );
    }
    let g = kind(&d, "algemeen totaal")[0];
    assert_eq!(num(g.get("Bedrag")), cents_of(&s["total_eur"]));
    assert_eq!(
        num(g.get("Aanvragers")),
        100 * s["applicants"].as_i64().unwrap()
    );
    assert_eq!(
        num(g.get("Vertegenwoordigde lokale besturen")),
        100 * s["local_governments"].as_i64().unwrap()
    );
    // The published figures of the first call, as `summary` prints them for the sample.
    assert_eq!(s["total_eur"].as_i64(), Some(14_136_359));
    assert_eq!(s["local_governments"].as_i64(), Some(104));
}

#[test]
fn an_existing_target_is_left_alone_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bestaat.xlsx");
    std::fs::write(&out, b"vorige versie").unwrap();
    let o = export(&out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim(),
        format!(
            "'{}' bestaat al; gebruik --force om te overschrijven",
            out.display()
        )
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"vorige versie");
    let o = export(&out, &["--force", "--scope", "province:Limburg"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert!(wb.sheet_names().contains(&"Limburg".to_string()));
    assert!(!wb.sheet_names().contains(&"Antwerpen".to_string()));
    let r = wb.worksheet_range("Overzicht").unwrap();
    assert!(r
        .rows()
        .any(|row| text(row.first()).contains("selectie: provincie Limburg")));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["bestaat.xlsx"]);
}

#[test]
fn a_file_of_the_user_is_exported_without_the_sample_marker() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bijlage.csv");
    std::fs::write(
        &csv,
        "Provincie;Lokaal bestuur;Actie;Subsidie (EUR)\nAntwerpen;Stad Lier;5;12.500\n",
    )
    .unwrap();
    let out = dir.path().join("lier.xlsx");
    let o = bin()
        .arg("export")
        .arg("--annex")
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "Werkmap geschreven (heel Vlaanderen en Brussel): {}\n",
            out.display()
        )
    );
}

#[test]
fn write_failures_and_bad_scopes_exit_2_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("niet schrijven: dat is een map"));
    let o = export(
        &dir.path().join("x.xlsx"),
        &["--scope", "province:Atlantis"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("Onbekende provincie 'Atlantis'"));
    let o = export(&dir.path().join("x.xlsx"), &["--scope", "search:qqqxqqq"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("vindt niets"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_checks_sheet_lists_what_check_reports() {
    let out = bin().args(["check", "--format", "json"]).output().unwrap();
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The json's first finding marks the sample; the sheet says so on top instead.
    let (marker, findings) = findings.as_array().unwrap().split_first().unwrap();
    assert_eq!(marker["code"], "voorbeeld");
    assert!(!findings.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    assert!(export(&path, &[]).status.success());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let rows = table(&wb.worksheet_range("Controles").unwrap(), "Ernst");
    assert_eq!(rows.len(), findings.len());
    for f in findings {
        assert!(
            rows.iter()
                .any(|r| text(r.get("Code")) == f["code"].as_str().unwrap()
                    && text(r.get("Melding")) == f["message"].as_str().unwrap()
                    && text(r.get("Plaats")) == f["place"].as_str().unwrap()
                    && text(r.get("Ernst")) == f["severity"].as_str().unwrap()),
            "{f}"
        );
    }
}

fn summary_of(scope: &str) -> Value {
    let out = bin()
        .args(["summary", "--format", "json", "--scope", scope])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_action_or_objective_scope_exports_only_its_lines() {
    // (scope, what the workbook and summary must name, total in cents when known)
    let cases = [
        (
            "search:oefenkansen",
            "actie 5 Oefenkansen Nederlands organiseren",
            Some(338_956_600),
        ),
        (
            "action:5",
            "actie 5 Oefenkansen Nederlands organiseren",
            Some(338_956_600),
        ),
        ("actie:2", "actie 2", Some(40_000_000)),
        ("objective:5", "doelstelling 5", None),
        ("doelstelling:1", "doelstelling 1", None),
    ];
    let all = summary();
    let dir = tempfile::tempdir().unwrap();
    for (scope, named, total) in cases {
        let s = summary_of(scope);
        assert!(
            s["selection"]["label"].as_str().unwrap().starts_with(named),
            "{scope}: {}",
            s["selection"]
        );
        let cents = cents_of(&s["total_eur"]);
        if let Some(t) = total {
            assert_eq!(cents, t, "{scope}");
        }
        assert!(cents > 0 && cents < cents_of(&all["total_eur"]), "{scope}");
        let path = dir.path().join("selectie.xlsx");
        let o = export(&path, &["--force", "--scope", scope]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let ov_range = wb.worksheet_range("Overzicht").unwrap();
        let ov = table(&ov_range, "Provincie");
        let lines = kind(&ov, "subsidie");
        assert_eq!(lines.len() as u64, s["grants"].as_u64().unwrap(), "{scope}");
        let sum: i64 = lines.iter().map(|r| num(r.get("Bedrag"))).sum();
        assert_eq!(sum, cents, "{scope}");
        assert_eq!(
            num(kind(&ov, "algemeen totaal")[0].get("Bedrag")),
            cents,
            "{scope}"
        );
        // The title says the selection, and so does the Bron sheet.
        let head: Vec<String> = ov_range.rows().take(4).map(|r| text(r.first())).collect();
        assert!(
            head.iter()
                .any(|t| t.contains(&format!("selectie: {named}"))),
            "{scope}: {head:?}"
        );
        let bron: Vec<String> = wb
            .worksheet_range("Bron")
            .unwrap()
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        let at = bron.iter().position(|t| t == "Selectie").unwrap();
        assert!(bron[at + 1].starts_with(named), "{scope}: {}", bron[at + 1]);
        // The objectives sheet agrees: its grand total is the selection's.
        let d = table(
            &wb.worksheet_range("Doelstellingen").unwrap(),
            "Doelstelling",
        );
        assert_eq!(
            num(kind(&d, "algemeen totaal")[0].get("Bedrag")),
            cents,
            "{scope}"
        );
    }
}

#[test]
fn a_scope_without_lines_or_out_of_range_is_refused_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.xlsx");
    for (scope, message) in [
        (
            "action:23",
            "Geen regels van actie 23 In contact brengen met jeugdwerk in 'voorbeeld' (--scope)\n",
        ),
        (
            "action:25",
            "Onbekende actie '25' in --scope; geef een nummer van 1 tot en met 24\n",
        ),
        (
            "objective:0",
            "Onbekende doelstelling '0' in --scope; geef een nummer van 1 tot en met 7\n",
        ),
    ] {
        let o = export(&path, &["--scope", scope]);
        assert_eq!(o.status.code(), Some(2), "{scope}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), message, "{scope}");
        assert!(!path.exists());
        let o = bin().args(["summary", "--scope", scope]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{scope}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), message, "{scope}");
    }
    // summary sums lines: a selection of applicants belongs to export.
    let o = bin()
        .args(["summary", "--scope", "province:Limburg"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("gebruik export --scope"));
}

#[test]
fn an_out_without_xlsx_gets_it_and_the_message_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let given = dir.path().join("rapport");
    let o = export(&given, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = dir.path().join("rapport.xlsx");
    let printed = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines[1],
        format!(
            "Werkmap geschreven (heel Vlaanderen en Brussel): {}",
            written.display()
        ),
        "{printed}"
    );
    assert_eq!(
        lines[2],
        format!(
            "De naam kreeg de extensie .xlsx: --out gaf '{}'.",
            given.display()
        )
    );
    assert!(!given.exists());
    let wb: Xlsx<_> = open_workbook(&written).unwrap();
    assert_eq!(wb.sheet_names()[0], "Overzicht");
    // A name that ends in .xlsx in any case is kept, and the message says nothing more.
    let upper = dir.path().join("RAPPORT.XLSX");
    let o = export(&upper, &[]);
    assert!(o.status.success());
    assert!(upper.exists());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("extensie"));
    // The appended name is the one that must not exist yet.
    let o = export(&given, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("rapport.xlsx' bestaat al"), "{err}");
}
