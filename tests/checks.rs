//! `check` on the bundled sample reports the errors of answer 492's own facts and nothing else;
//! on files with broken sums it reports a `fout` and exits with 1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::run;
use samenleven::annex;
use samenleven::checks::{self, Severity};
use samenleven::model::{Target, TotalScope};
use serde_json::Value;

/// (severity, code, place) of the sample's findings, in report order.
fn expected_on_sample() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("waarschuwing", "naam-spelfout", "antwoord 2, De Rand vzw"),
        ("waarschuwing", "provincie-samenwerking", "antwoord 2, Boom"),
        ("waarschuwing", "dubbele-samenwerking", "antwoord 2, Geel"),
        (
            "waarschuwing",
            "samenwerking-overlap",
            "antwoord 2, Harelbeke",
        ),
        (
            "waarschuwing",
            "samenwerking-overlap",
            "antwoord 2, Kruibeke",
        ),
        (
            "waarschuwing",
            "samenwerking-wederzijds",
            "antwoord 2, Kruibeke",
        ),
        (
            "waarschuwing",
            "samenwerking-wederzijds",
            "antwoord 2, Kruibeke",
        ),
        ("waarschuwing", "telling-antwoord", "antwoord 2"),
        ("waarschuwing", "antwoord-gepubliceerd", "antwoord 4"),
        ("waarschuwing", "antwoord-actienummer", "antwoord 9c"),
        (
            "info",
            "samenwerking-over-provincies",
            "antwoord 2, Kruibeke",
        ),
        (
            "info",
            "samenwerking-over-provincies",
            "antwoord 2, Sint-Gillis-Waas",
        ),
        ("info", "telling-klopt", "antwoord 4"),
    ]
}

#[test]
fn sample_reports_the_answers_own_errors_and_nothing_spurious() {
    let ds = annex::load_sample().unwrap();
    let findings = checks::run(&ds);
    let got: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| (f.severity.code(), f.code.as_str(), f.place.as_str()))
        .collect();
    assert_eq!(got, expected_on_sample(), "{findings:#?}");

    let message = |code: &str| {
        findings
            .iter()
            .find(|f| f.code == code)
            .map(|f| f.message.clone())
            .unwrap()
    };
    assert!(message("naam-spelfout").contains("'Wezenbeek-Oppem'"));
    assert!(message("naam-spelfout").contains("Wezembeek-Oppem."));
    assert!(message("provincie-samenwerking").contains("onder Limburg"));
    assert!(message("provincie-samenwerking").contains("provincie Antwerpen"));
    assert!(message("dubbele-samenwerking").contains("vermelding 18"));
    assert!(message("dubbele-samenwerking").contains("vermelding 20"));
    let counts = message("telling-antwoord");
    assert!(counts.contains("24 projectindieners"), "{counts}");
    assert!(counts.contains("23 verschillende indieners"), "{counts}");
    assert!(
        counts.contains("80 samenwerkende lokale besturen: geen enkele lezing"),
        "{counts}"
    );
    assert!(message("antwoord-actienummer").contains("actie 15"));
    assert!(message("telling-klopt").contains("104 vertegenwoordigde gemeenten (= vermeld)"));
    assert!(findings
        .iter()
        .filter(|f| f.code == "samenwerking-over-provincies")
        .all(|f| f.message.contains("Zwijndrecht (Antwerpen)")));
    // Overlapping collaborations: a municipality in more than one.
    let messages = |code: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.message.clone())
            .collect()
    };
    let overlap = messages("samenwerking-overlap");
    assert!(
        overlap[0].starts_with("Waregem en Zwevegem staan in meer dan één samenwerking"),
        "{}",
        overlap[0]
    );
    assert!(
        overlap[0].contains("Waregem: vermelding 1 (partner) en vermelding 3 (trekker)"),
        "{}",
        overlap[0]
    );
    assert!(
        overlap[1].starts_with(
            "Kruibeke, Sint-Gillis-Waas, Temse en Zwijndrecht staan in meer dan één samenwerking"
        ),
        "{}",
        overlap[1]
    );
    assert!(
        overlap[1].contains(
            "Kruibeke: vermelding 7 (trekker), vermelding 10 (partner) en vermelding 11 (partner)"
        ),
        "{}",
        overlap[1]
    );
    // Reciprocal: A lists B and B lists A.
    let reciprocal = messages("samenwerking-wederzijds");
    assert!(
        reciprocal[0].starts_with(
            "Kruibeke en Sint-Gillis-Waas vermelden elkaar als partner: vermelding 7 en vermelding 10"
        ),
        "{}",
        reciprocal[0]
    );
    assert!(
        reciprocal[1].starts_with(
            "Kruibeke en Temse vermelden elkaar als partner: vermelding 7 en vermelding 11"
        ),
        "{}",
        reciprocal[1]
    );
    // 104 in answer 4 against 103 on the plan's own site, both sources named.
    let published = message("antwoord-gepubliceerd");
    for part in [
        "Antwoord 4 vermeldt 104 lokale besturen",
        "103 lokale besturen",
        "https://www.vlaanderen.be/plan-samenleven/over-plan-samenleven",
    ] {
        assert!(published.contains(part), "{published}");
    }
    // Every finding on answer 2 jumps to its collaboration.
    assert!(findings
        .iter()
        .filter(|f| f.place.starts_with("antwoord 2,"))
        .all(|f| matches!(f.target, Some(Target::Collaboration(_)))));
}

#[test]
fn sample_sums_are_checked_and_a_wrong_subtotal_is_a_fout() {
    let ds = annex::load_sample().unwrap();
    // The sample has applicant subtotals, province totals and a grand total: the sum checks ran
    // on all of them and found nothing (previous test).
    let scopes =
        |pred: fn(&TotalScope) -> bool| ds.stated_totals.iter().filter(|t| pred(&t.scope)).count();
    assert!(scopes(|s| matches!(s, TotalScope::Grand)) >= 1);
    assert!(scopes(|s| matches!(s, TotalScope::Province(_))) >= 6);
    assert!(scopes(|s| matches!(s, TotalScope::Applicant(_))) >= 50);

    let mut broken = ds.clone();
    let i = broken
        .stated_totals
        .iter()
        .position(|t| matches!(t.scope, TotalScope::Applicant(_)))
        .unwrap();
    broken.stated_totals[i].amount += 100;
    let place = ds.place(ds.stated_totals[i].origin);
    let findings = checks::run(&broken);
    let fout: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Fout)
        .collect();
    assert_eq!(fout.len(), 1, "{findings:#?}");
    assert_eq!(fout[0].code, "som-aanvrager");
    assert_eq!(fout[0].place, place);
    assert!(fout[0].place.starts_with("Blad '"), "{}", fout[0].place);
    assert!(
        fout[0].message.contains("verschil € 1"),
        "{}",
        fout[0].message
    );
}

#[test]
fn cli_check_on_the_sample_json_and_text() {
    let (code, stdout, stderr) = run(&["check", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    // The sample says so in a first finding, then the findings of the checks.
    let all = v.as_array().unwrap();
    assert_eq!(all[0]["code"], "voorbeeld");
    assert_eq!(all[0]["severity"], "info");
    assert_eq!(all[0]["place"], "voorbeeld");
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("VOORBEELD — synthetische bedragen"),
        "{stdout}"
    );
    let got: Vec<(String, String, String)> = all[1..]
        .iter()
        .map(|f| {
            assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
            (
                f["severity"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["place"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = expected_on_sample()
        .into_iter()
        .map(|(s, c, p)| (s.to_string(), c.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, expected);

    let (code, stdout, _) = run(&["check"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with(
        "Controles op voorbeeld (oproep 1) — VOORBEELD met synthetische bedragen\n\
         0 fouten, 10 waarschuwingen, 3 meldingen\n"
    ));
    assert!(stdout.contains("\nWaarschuwingen\n- antwoord 2, De Rand vzw [naam-spelfout]\n"));
}

#[test]
fn cli_check_exit_codes_and_how_the_call_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bijlage.csv");
    std::fs::write(
        &path,
        "Provincie;Lokaal bestuur;Actie;Subsidie (EUR)\n\
         Antwerpen;Stad Antwerpen;5;€ 12.500,00\n\
         Antwerpen;Boom;2;25000\n\
         Algemeen totaal;;;40.000\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();

    let (code, stdout, _) = run(&["check", "--annex", file]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("- rij 4 [som-totaal]"), "{stdout}");
    assert!(stdout.contains("[oproep-onbekend]"), "{stdout}");
    assert!(stdout.contains("--oproep N"), "{stdout}");

    let (code, stdout, _) = run(&[
        "check", "--format", "json", "--oproep", "1", "--annex", file,
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    // Not the sample: no marker.
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"] != "voorbeeld"));
    let total = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "gepubliceerd-totaal")
        .unwrap();
    assert_eq!(total["severity"], "fout");
    assert!(total["message"].as_str().unwrap().contains("€ 14.136.359"));
    assert!(total["message"]
        .as_str()
        .unwrap()
        .contains("volgens de optie --oproep"));

    // Totals that add up and no call: no fout, exit 0.
    std::fs::write(
        &path,
        "Provincie;Lokaal bestuur;Actie;Subsidie (EUR)\n\
         Antwerpen;Stad Antwerpen;5;€ 12.500,00\n\
         Algemeen totaal;;;12.500\n",
    )
    .unwrap();
    let (code, stdout, _) = run(&["check", "--annex", file]);
    assert_eq!(code, 0, "{stdout}");

    let (code, _, stderr) = run(&["check", "--annex", "/bestaat/niet.xlsx"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("het bestand bestaat niet"), "{stderr}");
}
