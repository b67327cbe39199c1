//! Search on the bundled sample (library and `samenleven search`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(unused_imports)]
mod common;

use samenleven::annex;
use samenleven::search::{target_code, Hit, Index, Kind};
use serde_json::Value;

fn codes(ds: &samenleven::model::Dataset, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| format!("{} {}", h.kind.code(), target_code(ds, &h.target)))
        .collect()
}

#[test]
fn sample_ranking_and_folding() {
    let ds = annex::load_sample().unwrap();
    let index = Index::new(&ds);

    for q in ["sint genesius", "Sint-Genesius", "SÍNT GENESIUS"] {
        let hits = index.query(q, 20);
        assert_eq!(
            codes(&ds, &hits[..1]),
            ["gemeente gemeente:Sint-Genesius-Rode"],
            "{q}"
        );
    }

    let hits = index.query("oefen", 20);
    assert!(
        codes(&ds, &hits)
            .iter()
            .take(3)
            .any(|c| c == "actie actie:5"),
        "{hits:?}"
    );
    for q in ["5", "actie 5"] {
        assert_eq!(
            codes(&ds, &index.query(q, 5)[..1]),
            ["actie actie:5"],
            "{q}"
        );
    }

    // Wemmel applied for nothing itself; De Rand represents it in Londerzeel's collaboration.
    let hits = index.query("wemmel", 20);
    assert_eq!(
        codes(&ds, &hits[..2]),
        ["gemeente gemeente:Wemmel", "partner aanvrager:Londerzeel"]
    );
    assert!(
        hits[0].label.contains("partner van Londerzeel via De Rand"),
        "{}",
        hits[0].label
    );

    // Answer 8: a stimulus to lay the basis for a social impact bond, with the city's staff
    // of AP Hogeschool assisting; found by either word.
    for q in ["impactobligatie", "stimulans", "AP Hogeschool"] {
        let hits = index.query(q, 5);
        let sio = hits
            .iter()
            .find(|h| h.kind == Kind::SocialeImpactobligatie)
            .unwrap_or_else(|| panic!("{q}: {hits:?}"));
        assert!(
            sio.label
                .starts_with("Stimulans sociale impactobligatie · Sint-Niklaas · € 25.000"),
            "{}",
            sio.label
        );
        assert!(
            sio.label.contains("stadskrachten van AP Hogeschool"),
            "{}",
            sio.label
        );
    }

    // A municipality without any role in the sample.
    let hits = index.query("mesen", 20);
    assert_eq!(codes(&ds, &hits), ["gemeente gemeente:Mesen"]);
    assert_eq!(hits[0].label, "Mesen · geen aanvraag");

    // Every applicant of the sample is found by its own name, first among applicants.
    for (i, a) in ds.applicants.iter().enumerate() {
        let hits = index.query(&a.name, 20);
        let first = hits.iter().find(|h| h.kind == Kind::Aanvrager).unwrap();
        assert_eq!(
            first.target,
            samenleven::model::Target::Applicant(i as u32),
            "{}",
            a.name
        );
    }
}

fn search(args: &[&str]) -> (String, bool) {
    let out = assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .arg("search")
        .args(args)
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.success())
}

#[test]
fn search_command_prints_ranked_hits() {
    let (out, ok) = search(&["wemmel", "--format", "json", "--limit", "2"]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    let all = v.as_array().unwrap();
    // The sample says so first, then the hits.
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["kind"], "voorbeeld");
    assert_eq!(all[0]["target"], "voorbeeld");
    assert!(
        all[0]["label"]
            .as_str()
            .unwrap()
            .starts_with("VOORBEELD — synthetische bedragen"),
        "{out}"
    );
    let rows = &all[1..];
    assert_eq!(rows[0]["kind"], "gemeente");
    assert_eq!(rows[0]["target"], "gemeente:Wemmel");
    assert!(rows[0]["score"].as_i64().unwrap() >= rows[1]["score"].as_i64().unwrap());
    let mut keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["kind", "label", "score", "target"]);

    // Nothing found is no hit, not an error; the sample marker is still there.
    let (out, ok) = search(&["qqxxzzq", "--format", "json"]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["voorbeeld"]);

    // Text: the sample says it is one, then one hit per line.
    let (out, ok) = search(&["sint genesius"]);
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("VOORBEELD"), "{out}");
    assert!(lines[1].starts_with("gemeente"), "{out}");
    assert!(lines[1].ends_with("[gemeente:Sint-Genesius-Rode]"), "{out}");

    // The default limit is 20 (hits; the marker comes on top).
    let (out, ok) = search(&["e", "--format", "json"]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 21);
}

#[test]
fn search_command_reads_an_annex_file() {
    let csv = "Provincie;Gemeente;Actie;Bedrag;Toelichting\n\
               Antwerpen;Stad Lier;5;12.500;Taalcafé in de bibliotheek\n\
               Antwerpen;Boom;2;25.000;\n";
    let (_dir, path) = common::temp_file("bijlage.csv", csv.as_bytes());
    let (out, ok) = search(&[
        "taalcafe",
        "--annex",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).unwrap();
    // Not the sample: no marker, the first element is the best hit.
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] != "voorbeeld"));
    assert_eq!(v[0]["kind"], "toelichting");
    assert_eq!(v[0]["target"], "lijn:1");
    assert!(v[0]["label"].as_str().unwrap().contains("Lier"));
    // Not the sample: no VOORBEELD line in text.
    let (out, ok) = search(&["lier", "--annex", path.to_str().unwrap()]);
    assert!(ok);
    assert!(out.starts_with("aanvrager"), "{out}");
}
