//! A deterministic slice of the fuzzing in `fuzz/`, run by `cargo test`: valid annex files with
//! bytes flipped, cut off, duplicated or cells changed must load or fail with a located error,
//! never panic, and a load must keep its sums exact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use samenleven::annex::{load_bytes, LoadOptions};

/// A small, fixed pseudo-random sequence (64-bit LCG): the same mutations on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Lcg, bytes: &[u8]) -> Vec<u8> {
    let mut m = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(m.len());
        match rng.below(5) {
            0 => m[at] ^= 1 << rng.below(8),
            1 => m[at] = rng.next() as u8,
            2 => m.truncate(at),
            3 => {
                let end = (at + rng.below(64)).min(m.len());
                let piece = m[at..end].to_vec();
                let to = rng.below(m.len());
                m.splice(to..to, piece);
            }
            _ => {
                let end = (at + rng.below(16)).min(m.len());
                m.drain(at..end);
            }
        }
        if m.is_empty() {
            break;
        }
    }
    m
}

/// Loads and, when it loads, checks that the totals are the exact sum of the lines.
fn load_checked(name: &str, bytes: &[u8]) -> bool {
    match load_bytes(name, bytes, &LoadOptions::default()) {
        Ok(ds) => {
            let granted: i128 = ds
                .grants
                .iter()
                .filter(|g| g.is_granted())
                .map(|g| i128::from(g.amount))
                .sum();
            assert_eq!(i128::from(ds.total_granted()), granted);
            true
        }
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with(&format!("Fout in '{name}'")), "{text}");
            assert!(text.ends_with('.'), "{text}");
            false
        }
    }
}

const CSV: &str = "Plan Samenleven, oproep 1\n\nProvincie;Lokaal bestuur;Doelstelling;Actie;Eenheden;Bedrag;Status;Toelichting\nAntwerpen;Stad Antwerpen;Nederlands;Actie 5;1500;\"€ 90.000,00\";toegekend;oefenkansen\n;Lier;;A5;;12.500;;\nOost-Vlaanderen;OCMW Gent (samen met Merelbeke, Melle);Netwerk;Actie 2;1;25000;geweigerd;\"regel 1\nregel 2\"\nTotaal;;;;;127.500;;\n";

#[test]
fn mutated_csv_files_load_or_fail_in_dutch() {
    assert!(load_checked("basis.csv", CSV.as_bytes()));
    let mut rng = Lcg(0x5a3e_11e7);
    let mut loaded = 0;
    for _ in 0..3000 {
        let m = mutate(&mut rng, CSV.as_bytes());
        loaded += usize::from(load_checked("gemuteerd.csv", &m));
    }
    // Most mutations keep a readable table; the test exercises both outcomes.
    assert!(loaded > 300 && loaded < 3000, "{loaded}");
}

#[test]
fn mutated_workbooks_load_or_fail_in_dutch() {
    let wb = xlsx(&[sheet(
        "Antwerpen",
        vec![
            vec![S("Lokaal bestuur"), S("Actie"), S("Bedrag")],
            vec![S("Lier"), S("5"), N(1000.0)],
            vec![S("Mol"), S("Actie 6"), S("€ 2.500,50")],
            vec![S("Totaal"), E, N(3500.5)],
        ],
    )]);
    assert!(load_checked("basis.xlsx", &wb));
    let mut rng = Lcg(0xf00d);
    for _ in 0..400 {
        let m = mutate(&mut rng, &wb);
        load_checked("gemuteerd.xlsx", &m);
    }
    // Every prefix of the file.
    for cut in (0..wb.len()).step_by(97) {
        assert!(!load_checked("afgebroken.xlsx", &wb[..cut]));
    }
}

#[test]
fn mutated_cell_values_load_or_fail_in_dutch() {
    let odd: &[&str] = &[
        "",
        "-",
        "0",
        "-0,00",
        "1e308",
        "NaN",
        "inf",
        "€",
        "(€ 5)",
        "1.2.3",
        "1,,5",
        "12 500,5",
        "99999999999999999999",
        "0,001",
        "9.223.372.036.854.775,807",
        "٣٤",
        "１２",
        "\u{202e}100",
        "1\u{0}0",
        "'100",
    ];
    for amount in odd {
        for action in ["5", "Actie 99", "", "A", "mentorschap", "Totaal"] {
            let text = format!("Gemeente;Actie;Bedrag\nGent;{action};{amount}\n");
            load_checked("cel.csv", text.as_bytes());
            let wb = xlsx(&[sheet(
                "Blad1",
                vec![
                    vec![S("Gemeente"), S("Actie"), S("Bedrag")],
                    vec![
                        S("Gent"),
                        V::O(action.to_string()),
                        V::O(amount.to_string()),
                    ],
                ],
            )]);
            load_checked("cel.xlsx", &wb);
        }
    }
}
