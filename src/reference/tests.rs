use super::*;
use crate::model::Province;
use crate::names::{edit_distance, fold_local_government};

#[test]
fn embedded_files_parse_with_the_expected_counts() {
    let r = get();
    assert_eq!(r.objectives.len(), 7);
    assert_eq!(r.actions.len(), 24);
    assert_eq!(r.municipalities.len(), 300);
    assert_eq!(r.actions.iter().map(|a| a.kpis.len()).sum::<usize>(), 27);
    assert_eq!(r.action(9).map(|a| a.kpis.len()), Some(3));
    assert_eq!(
        r.action(2).map(|a| a.kpis[0].cents_per_unit),
        Some(2_500_000)
    );
    let facts = r.answer_facts();
    assert_eq!(facts.collaborations.len(), 24);
    assert_eq!(facts.mentorships.len(), 12);
    assert_eq!(facts.social_impact_bonds.len(), 1);
    assert_eq!(facts.action_references.len(), 4);
    let per_province = |p| r.municipalities.iter().filter(|m| m.province == p).count();
    assert_eq!(per_province(Province::Antwerpen), 69);
    assert_eq!(per_province(Province::WestVlaanderen), 64);
    assert_eq!(
        r.published(1, "total_eur", None).map(|p| p.value),
        Some(14_136_359)
    );
}

fn name_of(t: Option<NameTarget>) -> String {
    match t {
        Some(NameTarget::Municipality(m)) => get().municipalities[usize::from(m)].name.clone(),
        Some(NameTarget::DeRandFor(m)) => {
            format!("De Rand voor {}", get().municipalities[usize::from(m)].name)
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn names_resolve_with_prefixes_aliases_and_misspellings() {
    let r = get();
    let check = |w: &str, expect: &str, how: NameMatch| {
        let (t, m) = r.resolve_name(w);
        assert_eq!((name_of(t).as_str(), m), (expect, how), "{w}");
    };
    check("Stad Gent", "Gent", NameMatch::Exact);
    check("OCMW Gent", "Gent", NameMatch::Exact);
    check("Gemeente Lier", "Lier", NameMatch::Exact);
    check("sint genesius rode", "Sint-Genesius-Rode", NameMatch::Exact);
    check("SINT-NIKLAAS", "Sint-Niklaas", NameMatch::Exact);
    check("Rhode-Saint-Genèse", "Sint-Genesius-Rode", NameMatch::Alias);
    check("Hove (Antwerpen)", "Hove", NameMatch::Alias);
    check(
        "Wezenbeek-Oppem",
        "Wezembeek-Oppem",
        NameMatch::KnownMisspelling,
    );
    check("Kortrjik", "Kortrijk", NameMatch::Fuzzy { distance: 1 });
    check(
        "De Rand (io Wemmel)",
        "De Rand voor Wemmel",
        NameMatch::Exact,
    );
    check("De Rand vzw", "Some(DeRand)", NameMatch::Exact);
    check(
        "Vlaamse Gemeenschapscommissie",
        "Some(Vgc)",
        NameMatch::Exact,
    );
    check("Atlantis", "None", NameMatch::Unmatched);
    // Short names get no typo budget: Genk is not a misspelling of Gent.
    check("Genk", "Genk", NameMatch::Exact);
    check("Gant", "None", NameMatch::Unmatched);
}

#[test]
fn suggestions_are_close_names() {
    let s = get().suggestions("Wezenbeek", 3);
    assert_eq!(s.first(), Some(&"Wezembeek-Oppem"), "{s:?}");
    assert_eq!(get().suggestions("Kortrjik", 1), vec!["Kortrijk"]);
}

#[test]
fn suggestions_match_scoring_every_name() {
    // The plain definition: score every municipality, sort, take the first.
    fn plain<'r>(r: &'r Reference, written: &str, max: usize) -> Vec<&'r str> {
        let folded = fold_local_government(written);
        let limit = (folded.chars().count() / 2).max(2);
        let words = folded.split(' ').count();
        let mut scored: Vec<(usize, &str)> = r
            .municipality_folded
            .iter()
            .zip(r.municipalities.iter())
            .map(|(f, m)| {
                let f = &f.text;
                let head: String = f.split(' ').take(words).collect::<Vec<_>>().join(" ");
                let d =
                    edit_distance(&folded, f, limit).min(edit_distance(&folded, &head, limit) + 1);
                (d, m.name.as_str())
            })
            .filter(|(d, _)| *d <= limit)
            .collect();
        scored.sort();
        scored.into_iter().take(max).map(|(_, n)| n).collect()
    }
    let r = get();
    for written in [
        "Wezenbeek",
        "Kortrjik",
        "Sint Niklas",
        "Sint-Martens",
        "vzw Buurtwerk Aalst 3",
        "Stad Gentbrugge",
        "Oost",
        "Heist op den Berg",
        "Sint-Genesius",
        "Xyz",
        "",
        "Lo",
        "Brussel Hoofdstad",
        "Kapelle op den Bos",
        "De Panne Koksijde",
        "Ieper Poperinge",
    ] {
        for max in [0, 1, 3, 10] {
            assert_eq!(
                r.suggestions(written, max),
                plain(r, written, max),
                "{written} {max}"
            );
        }
    }
}

#[test]
fn action_titles_match_tolerantly() {
    let r = get();
    assert_eq!(
        r.match_action_title("Oefenkansen Nederlands organiseren"),
        Some(5)
    );
    assert_eq!(r.match_action_title("oefenkansen nederlands"), Some(5));
    assert_eq!(
        r.match_action_title("Oefenkansen Nederland organiseren"),
        Some(5)
    );
    assert_eq!(r.match_action_title("Brugfiguren"), Some(15));
    assert_eq!(r.match_action_title("Actieplan polarisatie"), Some(2));
    assert_eq!(r.match_action_title("Begeleiding naar werk"), Some(9));
    assert_eq!(
        r.match_action_title("Begeleiding naar werk door mentor"),
        Some(11)
    );
    assert_eq!(
        r.match_action_title("Sociaal weefsel versterken (pleinmakers)"),
        Some(22)
    );
    assert_eq!(r.match_action_title("Vrijwilligerswerk stimuleren"), None);
}

#[test]
fn objectives_match_by_number_and_name() {
    let r = get();
    assert_eq!(r.match_objective("Nederlands"), Some(2));
    assert_eq!(r.match_objective("Doelstelling 4"), Some(4));
    assert_eq!(r.match_objective("1 Gemeenschap"), Some(7));
    assert_eq!(r.match_objective("Eén gemeenschap"), Some(7));
    assert_eq!(r.match_objective("Veiligheid & leefbaarheid"), Some(1));
    assert_eq!(r.match_objective("Veiligheid en leefbaarheid"), Some(1));
    assert_eq!(r.match_objective("2. Nederlands"), Some(2));
    assert_eq!(r.match_objective("Non-discriminatie"), Some(6));
    assert_eq!(r.match_objective("Sport"), None);
}

#[test]
fn fuzzy_names_match_scoring_every_municipality() {
    // The plain definition: the unique closest name within the typo budget, over all 300.
    fn plain(r: &Reference, written: &str) -> Option<(MunicipalityId, usize)> {
        let folded = fold_local_government(written);
        let budget = crate::names::typo_budget(folded.chars().count());
        let mut scored: Vec<(usize, MunicipalityId)> = r
            .municipality_folded
            .iter()
            .enumerate()
            .map(|(i, f)| (edit_distance(&folded, &f.text, budget), i as MunicipalityId))
            .filter(|(d, _)| *d <= budget)
            .collect();
        scored.sort();
        match scored.as_slice() {
            [(d, m), rest @ ..] if rest.first().is_none_or(|(e, _)| e > d) => Some((*m, *d)),
            _ => None,
        }
    }
    let r = get();
    let mut written: Vec<String> = Vec::new();
    for m in &r.municipalities {
        let chars: Vec<char> = m.name.chars().collect();
        for at in [0, chars.len() / 2, chars.len().saturating_sub(1)] {
            // A letter dropped, doubled, changed; two letters swapped.
            let mut dropped = chars.clone();
            dropped.remove(at);
            let mut doubled = chars.clone();
            doubled.insert(at, chars[at]);
            let mut changed = chars.clone();
            changed[at] = 'x';
            let mut swapped = chars.clone();
            swapped.swap(at, (at + 1).min(chars.len() - 1));
            for v in [dropped, doubled, changed, swapped] {
                written.push(v.into_iter().collect());
            }
        }
    }
    written.extend(["Organisatie 12 vzw", "Gentt", "Xyz", "Sint Niklas"].map(String::from));
    let mut fuzzy = 0;
    for w in &written {
        let (target, how) = r.resolve_name(w);
        if let NameMatch::Fuzzy { distance } = how {
            fuzzy += 1;
            let Some(NameTarget::Municipality(m)) = target else {
                panic!("{w}: {target:?}");
            };
            assert_eq!(plain(r, w), Some((m, usize::from(distance))), "{w}");
        } else if how == NameMatch::Unmatched {
            assert_eq!(plain(r, w), None, "{w}");
        }
    }
    assert!(fuzzy > 1000, "{fuzzy}");
}
