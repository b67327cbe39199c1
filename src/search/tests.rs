use super::corpus::*;
use super::highlight::*;
use super::matching::*;
use super::*;
use std::collections::HashSet;

use crate::model::{
    ApplicantId, CallInfo, CallSource, CollaborationRef, Dataset, DatasetParts, Grant, LineKind,
    MunicipalityId, NameMatch, Province, Spelling, Texts,
};
use crate::names::fold;
use crate::reference;

fn mun(name: &str) -> MunicipalityId {
    reference::get()
        .municipalities
        .iter()
        .position(|m| m.name == name)
        .unwrap() as MunicipalityId
}

use crate::testkit::local_government as applicant;

fn line(texts: &mut Texts, a: ApplicantId, action: u8, euro: i64, text: Option<&str>) -> Grant {
    Grant {
        explanation: text.and_then(|t| texts.add(t)),
        call: Some(1),
        ..crate::testkit::grant(a, LineKind::Action(action), euro)
    }
}

/// A small first-call dataset with the facts of answer 492.
fn dataset() -> Dataset {
    let mut gent = applicant("Gent");
    gent.spellings.push(Spelling {
        written: "Stad Gent".to_string(),
        matched: NameMatch::Exact,
    });
    let mut texts = Texts::default();
    let parts = DatasetParts {
        call: Some(CallInfo {
            call: Some(1),
            source: CallSource::Flag,
            calls_in_file: vec![],
        }),
        applicants: vec![
            gent,
            applicant("Antwerpen"),
            applicant("Londerzeel"),
            applicant("vzw De Rand"),
            applicant("Sint-Niklaas"),
            applicant("Beersel"),
        ],
        grants: vec![
            line(
                &mut texts,
                0,
                5,
                120_000,
                Some("Taalcafés in de bibliotheek en in buurthuizen"),
            ),
            line(
                &mut texts,
                0,
                15,
                40_000,
                Some("Brugfiguren in basisscholen"),
            ),
            line(
                &mut texts,
                1,
                5,
                300_000,
                Some("Taalcafés in de bibliotheek en in buurthuizen"),
            ),
            line(&mut texts, 1, 2, 25_000, None),
            line(
                &mut texts,
                2,
                5,
                20_000,
                Some("Oefenkansen in de sportclub"),
            ),
            line(&mut texts, 3, 5, 80_000, Some("  ")),
            line(
                &mut texts,
                4,
                2,
                25_000,
                Some("Lokaal actieplan tegen polarisatie in wijken"),
            ),
            line(&mut texts, 5, 13, 10_000, None),
        ],
        texts,
        facts: Some(reference::get().answer_facts().clone()),
        ..DatasetParts::default()
    };
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

fn codes(ds: &Dataset, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| format!("{} {}", h.kind.code(), target_code(ds, &h.target)))
        .collect()
}

#[test]
fn accents_case_and_hyphens_do_not_matter() {
    let ds = dataset();
    let index = Index::new(&ds);
    for q in [
        "sint genesius",
        "SINT-GENESIUS",
        "Sínt Genésius",
        "sint-genesius ",
    ] {
        let hits = index.query(q, 5);
        let first = &hits[0];
        assert_eq!(
            (first.kind, target_code(&ds, &first.target).as_str()),
            (Kind::Gemeente, "gemeente:Sint-Genesius-Rode"),
            "{q}: {hits:?}"
        );
        // "Sint-Genesius" is highlighted, hyphen included (it matched the space).
        assert_eq!(first.matched, (0..13).collect::<Vec<_>>(), "{q}");
    }
    // A French name finds the municipality through its alias, accent or not.
    for q in ["rhode saint genese", "Rhode-Saint-Genèse"] {
        let hits = index.query(q, 3);
        assert_eq!(
            hits[0].label,
            "Rhode-Saint-Genèse → Sint-Genesius-Rode · partner van Beersel (geen eigen aanvraag)",
            "{q}"
        );
        assert_eq!(
            target_code(&ds, &hits[0].target),
            "gemeente:Sint-Genesius-Rode"
        );
    }
}

#[test]
fn matched_indices_point_at_label_chars() {
    let ds = dataset();
    let index = Index::new(&ds);
    let hits = index.query("bievene", 3);
    let hit = &hits[0];
    assert_eq!(hit.label, "Biévène → Bever · geen aanvraag");
    let chars: Vec<char> = hit.label.chars().collect();
    let shown: String = hit.matched.iter().map(|&i| chars[i]).collect();
    assert_eq!(shown, "Biévène");
    // A match inside a long explanation text is found where it is.
    let hits = index.query("bibliotheek", 20);
    let hit = hits.iter().find(|h| h.kind == Kind::Toelichting).unwrap();
    let chars: Vec<char> = hit.label.chars().collect();
    let shown: String = hit.matched.iter().map(|&i| chars[i]).collect();
    assert_eq!(shown, "bibliotheek");
    assert_eq!(hit.matched[0], "Taalcafés in de ".chars().count());
}

#[test]
fn actions_by_number_title_and_other_title() {
    let ds = dataset();
    let index = Index::new(&ds);
    for q in ["5", "actie 5", "Actie 5", "a5"] {
        let hits = index.query(q, 5);
        assert_eq!(codes(&ds, &hits[..1]), ["actie actie:5"], "{q}: {hits:?}");
    }
    let hits = index.query("actie 1", 3);
    assert_eq!(codes(&ds, &hits[..1]), ["actie actie:1"]);
    let hits = index.query("oefen", 5);
    assert!(
        codes(&ds, &hits[..3]).contains(&"actie actie:5".to_string()),
        "{hits:?}"
    );
    // The action appears once, even though title and other titles all match.
    let a5 = hits
        .iter()
        .filter(|h| h.target == Target::Action(5))
        .count();
    assert_eq!(a5, 1, "{hits:?}");
    // Another known title: "Pleinmakers" is action 22.
    let hits = index.query("pleinmakers", 3);
    assert_eq!(codes(&ds, &hits[..1]), ["actie actie:22"]);
    assert_eq!(
        hits[0].label,
        "Pleinmakers → Actie 22 · Sociaal weefsel versterken (pleinmakers)"
    );
    // KPI units point at their action.
    let hits = index.query("volwassen anderstaligen", 3);
    assert_eq!(codes(&ds, &hits[..1]), ["kpi actie:5"]);
    // Objectives by number and by name.
    let hits = index.query("doelstelling 2", 3);
    assert_eq!(codes(&ds, &hits[..1]), ["doelstelling doelstelling:2"]);
    let hits = index.query("nederlands", 10);
    assert!(codes(&ds, &hits).contains(&"doelstelling doelstelling:2".to_string()));
}

#[test]
fn municipalities_show_their_role() {
    let ds = dataset();
    let index = Index::new(&ds);
    let hits = index.query("wemmel", 5);
    let labels: Vec<&str> = hits.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(
        labels[..2],
        [
            "Wemmel · partner van Londerzeel via De Rand (geen eigen aanvraag)",
            "De Rand (io Wemmel) · partner van Londerzeel",
        ],
        "{hits:?}"
    );
    assert_eq!(
        codes(&ds, &hits[..2]),
        ["gemeente gemeente:Wemmel", "partner aanvrager:Londerzeel"]
    );
    // A municipality that applied for nothing and is no partner.
    let hits = index.query("mesen", 1);
    assert_eq!(hits[0].label, "Mesen · geen aanvraag");
    assert_eq!(target_code(&ds, &hits[0].target), "gemeente:Mesen");
    // An applicant municipality: the applicant comes first, then the municipality.
    let hits = index.query("gent", 3);
    assert_eq!(
        codes(&ds, &hits[..2]),
        ["aanvrager aanvrager:Gent", "gemeente gemeente:Gent"]
    );
    assert_eq!(hits[0].label, "Gent · Oost-Vlaanderen");
    assert_eq!(hits[1].label, "Gent · aanvrager");
    // Another way the file wrote the applicant.
    let hits = index.query("stad gent", 1);
    assert_eq!(hits[0].label, "Stad Gent → Gent · Oost-Vlaanderen");
}

#[test]
fn exact_and_prefix_matches_rank_first() {
    let ds = dataset();
    let index = Index::new(&ds);
    // Exact name before names that merely start with it or contain it fuzzily.
    let hits = index.query("lier", 5);
    assert_eq!(codes(&ds, &hits[..1]), ["gemeente gemeente:Lier"]);
    let hits = index.query("sint", 20);
    assert!(
        hits.iter()
            .take(10)
            .all(|h| fold(&h.label).starts_with("sint")),
        "{hits:?}"
    );
    // Scores are non-increasing.
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // A province and the municipality of the same name: kind priority decides.
    let hits = index.query("antwerpen", 4);
    assert_eq!(
        codes(&ds, &hits[..3]),
        [
            "aanvrager aanvrager:Antwerpen",
            "gemeente gemeente:Antwerpen",
            "provincie provincie:Antwerpen"
        ]
    );
}

#[test]
fn explanation_texts_are_indexed_once_and_must_match_compactly() {
    let ds = dataset();
    let index = Index::new(&ds);
    let hits = index.query("taalcafes", 10);
    let texts: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.kind == Kind::Toelichting)
        .collect();
    assert_eq!(texts.len(), 1, "{hits:?}");
    assert_eq!(
        texts[0].label,
        "Taalcafés in de bibliotheek en in buurthuizen · 2 lijnen, o.a. Gent, Actie 5"
    );
    assert_eq!(target_code(&ds, &texts[0].target), "lijn:1");
    // Letters scattered over a long text are no match: "tbb" is a subsequence of the text
    // above, but only across many words.
    let long = "Taalcafés in de bibliotheek en in buurthuizen voor alle inwoners van de stad";
    assert!(fold(long).len() > LONG_KEY);
    let w = |q: &str| window(&fold(long), &Pattern::new(q.to_string()));
    assert!(w("taalcafes bib").is_some());
    assert!(w("bibliotheek buurt").is_some());
    assert!(w("bibliothek").is_some());
    assert!(w("tbb").is_none());
    assert!(w("tib").is_none());
    assert!(w("taalcafes stad").is_none());
    // Names are short keys: initials match.
    assert!(window("sint genesius rode", &Pattern::new("sgr".to_string())).is_some());
    // Blank texts are not indexed.
    assert!(index.keys.iter().all(|k| !k.text.is_empty()));
}

#[test]
fn answer_facts_are_searchable() {
    let ds = dataset();
    let index = Index::new(&ds);
    let hits = index.query("omstaanderstraining", 5);
    assert!(
        codes(&ds, &hits).contains(&"mentorschap mentorschap:9".to_string()),
        "{hits:?}"
    );
    let hits = index.query("impactgericht", 5);
    assert_eq!(
        codes(&ds, &hits[..1]),
        ["sociale_impactobligatie sociale_impactobligatie:1"]
    );
    // Without the facts (another call) there are no mentorship hits.
    let mut other = dataset();
    other.facts = None;
    let hits = Index::new(&other).query("omstaanderstraining", 5);
    assert!(hits.iter().all(|h| h.kind != Kind::Mentorschap), "{hits:?}");
}

/// Tiny deterministic generator for the property tests (the typo matcher's too).
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }
}

#[test]
fn scores_do_not_depend_on_earlier_calls() {
    let mut rng = Lcg(7);
    let cases: Vec<(String, String)> = (0..3_000)
        .map(|_| {
            let (kl, pl) = (1 + rng.below(20), 1 + rng.below(5));
            (rng.text(b"ab c", kl), rng.text(b"ab", pl))
        })
        .collect();
    // Each case scored by a matcher that scored nothing before ...
    let alone: Vec<Option<i64>> = cases
        .iter()
        .map(|(k, p)| fuzzy_score(&mut State::new().matcher, k, p))
        .collect();
    // ... and by one matcher after thousands of other calls.
    let mut m = State::new().matcher;
    for (k, p) in cases.iter().rev() {
        fuzzy_score(&mut m, k, p);
    }
    let after: Vec<Option<i64>> = cases
        .iter()
        .map(|(k, p)| fuzzy_score(&mut m, k, p))
        .collect();
    assert_eq!(alone, after);
    assert!(alone.iter().filter(|s| s.is_some()).count() > 1_000);
}

#[test]
fn fuzzy_scores_stay_below_the_pruning_bound() {
    let mut rng = Lcg(11);
    let mut m = State::new().matcher;
    let mut checked = 0;
    for _ in 0..20_000 {
        let long = rng.below(2) == 0;
        let len = if long {
            65 + rng.below(60)
        } else {
            1 + rng.below(30)
        };
        let key = fold(&rng.text(b"abc d", len));
        let len = 1 + rng.below(6);
        let pat = fold(&rng.text(b"abcd", len));
        if key.is_empty() || pat.is_empty() {
            continue;
        }
        let pattern = Pattern::new(pat.clone());
        let Some((ws, we)) = window(&key, &pattern) else {
            continue;
        };
        let score = fuzzy_score(&mut m, &key[ws..we], &pat).unwrap();
        assert!(score <= max_fuzzy(pattern.chars), "{key:?} {pat:?} {score}");
        checked += 1;
    }
    assert!(checked > 1_000, "{checked}");
}

/// The ranking without pruning, narrowing or the bounded list.
fn brute_force(index: &Index, query: &str, limit: usize) -> Vec<(String, i64)> {
    let pat = Pattern::new(fold(query));
    let mut m = State::new().matcher;
    let mut all: Vec<Scored> = Vec::new();
    let mut prefixed = false;
    for (id, key) in index.keys.iter().enumerate() {
        if let Some((ws, we)) = window(&key.text, &pat) {
            prefixed |= tier(&key.text, &pat) >= BONUS_PREFIX && is_name(key);
            if let Some(f) = fuzzy_score(&mut m, &key.text[ws..we], &pat.text) {
                all.push(Scored {
                    score: f + tier(&key.text, &pat),
                    id: id as u32,
                    typo: None,
                });
            }
        }
    }
    if !prefixed {
        all.extend(index.typo_candidates(&pat));
    }
    all.sort_by(|a, b| index.rank(a, b));
    let mut groups = HashSet::new();
    let best = all.first().map_or(0, |s| s.score);
    all.into_iter()
        .filter(|s| groups.insert(index.keys[s.id as usize].group))
        .take(limit)
        .filter(|s| is_relevant(s.score, best))
        .map(|s| {
            let key = &index.keys[s.id as usize];
            let label = match s.typo {
                Some(run) => typo_label(key, run).0,
                None => key.label.to_string(),
            };
            (label, s.score)
        })
        .collect()
}

#[test]
fn pruned_ranking_equals_brute_force() {
    let mut ds = dataset();
    // Many explanation texts, several sharing words, to exercise windows and pruning.
    let words = [
        "taalcafes",
        "oefenkansen",
        "bibliotheek",
        "buurthuis",
        "voor",
        "volwassen",
        "anderstaligen",
        "in",
        "de",
        "sint",
        "genesius",
        "brugfiguren",
        "ouders",
        "sport",
    ];
    let mut rng = Lcg(3);
    for i in 0..400 {
        let n = 3 + rng.below(14);
        let text: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
        let texts = std::sync::Arc::make_mut(&mut ds.texts);
        std::sync::Arc::make_mut(&mut ds.grants).push(line(
            texts,
            (i % 6) as ApplicantId,
            5,
            1_000,
            Some(&text.join(" ")),
        ));
    }
    let ds = Dataset::new(
        DatasetParts {
            applicants: ds.applicants.clone(),
            grants: ds.grants.to_vec(),
            texts: (*ds.texts).clone(),
            facts: ds.facts.clone(),
            ..DatasetParts::default()
        },
        |no| reference::get().objective_of(no),
    );
    let index = Index::new(&ds);
    for word in [
        "oefenkansen",
        "volwassen anderstaligen",
        "sint genesius",
        "in de b",
    ] {
        index.reset();
        for end in 1..=word.len() {
            let q = &word[..end];
            for limit in [1, 5, 20] {
                let got: Vec<(String, i64)> = index
                    .query(q, limit)
                    .into_iter()
                    .map(|h| (h.label, h.score))
                    .collect();
                assert_eq!(got, brute_force(&index, q, limit), "{q} {limit}");
            }
        }
    }
}

#[test]
fn narrowing_gives_the_same_hits_as_a_fresh_index() {
    let ds = dataset();
    let typed = Index::new(&ds);
    let mut queries = Vec::new();
    for word in ["oefenkansen", "sint-genesius", "taalcafés bib"] {
        for end in word.char_indices().map(|(i, c)| i + c.len_utf8()) {
            queries.push(&word[..end]);
        }
        // Backspace twice and type on.
        queries.push(&word[..2]);
        queries.push(&word[..3]);
    }
    for q in queries {
        let fresh = Index::new(&ds).query(q, 20);
        assert_eq!(typed.query(q, 20), fresh, "{q}");
    }
}

#[test]
fn scattered_letters_do_not_trail_a_real_match() {
    let ds = dataset();
    let index = Index::new(&ds);
    // "m…e…s…e…n" is a subsequence of many labels, but Mesen itself matches.
    let hits = index.query("mesen", 20);
    assert_eq!(codes(&ds, &hits), ["gemeente gemeente:Mesen"]);
    // Without a good match, the fuzzy ones are shown.
    let hits = index.query("mntr", 20);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| is_relevant(h.score, hits[0].score)));
}

#[test]
fn only_a_name_that_starts_with_the_query_silences_typos() {
    let mut ds = dataset();
    let texts = std::sync::Arc::make_mut(&mut ds.texts);
    std::sync::Arc::make_mut(&mut ds.grants).push(line(
        texts,
        1,
        5,
        1_000,
        Some("Gendergelijkheid als rode draad in alle taalcafés"),
    ));
    let index = Index::new(&ds);
    // The text starts with "gend" and ranks first, but it is no name: Gent is still asked
    // about.
    let hits = index.query("gend", 20);
    assert_eq!(hits[0].kind, Kind::Toelichting, "{hits:?}");
    assert!(
        hits.iter()
            .any(|h| h.label == "bedoelde u Gent? · Oost-Vlaanderen"),
        "{hits:?}"
    );
    // A name that starts with the query: no typos.
    let hits = index.query("gen", 20);
    assert!(hits.iter().all(|h| !h.label.starts_with(MEANT)), "{hits:?}");
    let hits = index.query("gent", 20);
    assert!(hits.iter().all(|h| !h.label.starts_with(MEANT)), "{hits:?}");
}

#[test]
fn empty_and_hopeless_queries_give_no_hits() {
    let ds = dataset();
    let index = Index::new(&ds);
    assert!(index.query("", 20).is_empty());
    assert!(index.query(" -- ", 20).is_empty());
    assert!(index.query("gent", 0).is_empty());
    assert!(index.query("qqqxxzz", 20).is_empty());
    assert!(index.query("gent", 2).len() == 2);
}

#[test]
fn headless_output_text_and_json() {
    let ds = dataset();
    let json = run_search(&ds, "wemmel", 2, true);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["kind"], "gemeente");
    assert_eq!(rows[0]["target"], "gemeente:Wemmel");
    assert!(rows[0]["score"].as_i64().unwrap() >= rows[1]["score"].as_i64().unwrap());
    assert_eq!(rows[0].as_object().unwrap().len(), 4);
    assert_eq!(run_search(&ds, "qqqxxzz", 20, true).trim(), "[]");

    let text = run_search(&ds, "wemmel", 2, false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "gemeente  Wemmel · partner van Londerzeel via De Rand (geen eigen aanvraag)  [gemeente:Wemmel]",
            "partner   De Rand (io Wemmel) · partner van Londerzeel  [aanvrager:Londerzeel]",
        ]
    );
    assert_eq!(
        run_search(&ds, "qqqxxzz", 20, false),
        "Niets gevonden voor \"qqqxxzz\".\n"
    );
}

#[test]
fn hits_lead_to_their_applicants() {
    let ds = dataset();
    let of = |t: Target| -> Vec<&str> {
        applicants_of(&ds, &t)
            .into_iter()
            .map(|a| ds.applicants[a as usize].name.as_str())
            .collect()
    };
    // Wemmel applied for nothing; Londerzeel's collaboration represents it.
    assert_eq!(of(Target::Municipality(mun("Wemmel"))), ["Londerzeel"]);
    assert_eq!(of(Target::Municipality(mun("Gent"))), ["Gent"]);
    assert!(of(Target::Municipality(mun("Mesen"))).is_empty());
    assert_eq!(
        of(Target::Action(5)),
        ["Gent", "Antwerpen", "Londerzeel", "vzw De Rand"]
    );
    assert_eq!(of(Target::Objective(1)), ["Antwerpen", "Sint-Niklaas"]);
    assert_eq!(
        of(Target::Province(Province::VlaamsBrabant)),
        ["Londerzeel", "vzw De Rand", "Beersel"]
    );
    assert_eq!(of(Target::Grant(4)), ["Londerzeel"]);
    // Mentorship 9 of answer 7 is Gent's; the bond is Sint-Niklaas'.
    assert_eq!(of(Target::Mentorship(8)), ["Gent"]);
    assert_eq!(of(Target::SocialImpactBond(0)), ["Sint-Niklaas"]);
    // All hits for Wemmel (the municipality, the partner, the collaboration) lead to
    // Londerzeel.
    let hits = Index::new(&ds).query("wemmel", 20);
    assert_eq!(hits.len(), 3);
    for h in hits {
        assert_eq!(applicants_of(&ds, &h.target), [2], "{h:?}");
    }
}

#[test]
fn target_codes_are_stable_references() {
    let ds = dataset();
    let code = |t: Target| target_code(&ds, &t);
    assert_eq!(code(Target::All), "vlaanderen");
    assert_eq!(
        code(Target::Province(Province::Antwerpen)),
        "provincie:Antwerpen"
    );
    assert_eq!(code(Target::Applicant(0)), "aanvrager:Gent");
    assert_eq!(code(Target::Municipality(mun("Wemmel"))), "gemeente:Wemmel");
    assert_eq!(code(Target::Objective(2)), "doelstelling:2");
    assert_eq!(code(Target::Action(5)), "actie:5");
    assert_eq!(code(Target::Grant(0)), "lijn:1");
    assert_eq!(
        code(Target::Collaboration(CollaborationRef::Answer(12))),
        "samenwerking:antwoord2-13"
    );
    assert_eq!(code(Target::Mentorship(0)), "mentorschap:1");
    assert_eq!(
        code(Target::SocialImpactBond(0)),
        "sociale_impactobligatie:1"
    );
}
