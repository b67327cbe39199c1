//! `samenleven summary` on the bundled sample: the published figures of the first call hold.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

fn summary_json(args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .args(["summary", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn action(v: &Value, no: u64) -> &Value {
    v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["no"] == no)
        .unwrap()
}

#[test]
fn sample_summary_holds_the_published_figures() {
    let v = summary_json(&[]);
    assert_eq!(v["source"], "voorbeeld");
    assert_eq!(v["sample"], true);
    assert_eq!(v["call"], 1);
    assert_eq!(v["total_eur"], 14_136_359);
    assert_eq!(v["refused_eur"], 0);
    assert_eq!(v["local_governments"], 104);
    assert_eq!(action(&v, 2)["total_eur"], 400_000);
    assert_eq!(action(&v, 2)["applicants"], 16);
    assert_eq!(action(&v, 2)["local_governments"], 24);
    assert_eq!(action(&v, 5)["total_eur"], 3_389_566);
    assert_eq!(action(&v, 5)["local_governments"], 92);
    // Objectives plus the other lines make the total; the other lines are the 12 mentorships
    // of answer 7 and Sint-Niklaas' social impact bond stimulus.
    let sum = |key: &str| -> i64 {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["total_eur"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(sum("objectives") + sum("other"), 14_136_359);
    let other = v["other"].as_array().unwrap();
    let kinds: Vec<(&str, i64)> = other
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap(),
                o["total_eur"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("mentorschap", 120_000),
            ("sociale_impactobligatie", 25_000)
        ]
    );
    // Answer 8 describes a stimulus to lay the basis for a bond, not a bond.
    let labels: Vec<(&str, &str)> = other
        .iter()
        .map(|o| (o["kind"].as_str().unwrap(), o["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("mentorschap", "Mentorschap"),
            (
                "sociale_impactobligatie",
                "Stimulans sociale impactobligatie"
            )
        ]
    );
    // VGC and vzw De Rand are applicants, not municipalities.

    let provinces = v["provinces"].as_array().unwrap();
    let brussel = provinces.iter().find(|p| p["name"] == "Brussel").unwrap();
    assert_eq!(brussel["applicants"], 1);
    assert_eq!(sum("provinces"), 14_136_359);
}

#[test]
fn the_oproep_flag_does_not_override_the_samples_title() {
    // The bundled sample is call 1 whatever the flag says: the flag is for files of the user.
    let v = summary_json(&["--oproep", "2"]);
    assert_eq!(v["call"], 1);
}

#[test]
fn an_unused_oproep_flag_is_reported() {
    let run = |command: &str| {
        let out = assert_cmd::Command::cargo_bin("samenleven")
            .unwrap()
            .args([command, "--oproep", "4"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let said = "de optie --oproep 4 is niet gebruikt: het ingebouwde voorbeeld is oproep 1";
    let summary = run("summary");
    assert!(summary.contains(&format!("Let op: {said}")), "{summary}");
    let check = run("check");
    assert!(check.contains(said), "{check}");
    assert!(check.contains("[inlezen]"), "{check}");
}

#[test]
fn sample_text_summary_is_dutch_and_marked_as_sample() {
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .arg("summary")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("VOORBEELD — synthetische bedragen"),
        "{text}"
    );
    assert!(text.contains("Totaal toegekend: € 14.136.359"), "{text}");
    assert!(
        text.contains("Vertegenwoordigde lokale besturen: 104"),
        "{text}"
    );
    assert!(
        text.contains("\n  Stimulans sociale impactobligatie "),
        "{text}"
    );
}
