//! Check 4b: collaborations that overlap (a municipality in more than one of them, as lead or
//! partner) and collaborations that list each other (A names B as partner, B names A). Answer 2
//! has both: Kruibeke, Temse, Sint-Gillis-Waas and Zwijndrecht in entries 7, 10 and 11; Waregem
//! and Zwevegem in 1 and 3. Whoever adds the collaborations up counts these local governments
//! more than once. A listing repeated word for word is `dubbele-samenwerking`, not an overlap.

use super::Code;
use std::collections::{BTreeMap, BTreeSet};

use super::duplicates::party_key;
use super::{collaboration_place, collaboration_target, join_dutch, party_name, Finding};
use crate::model::{
    Collaboration, CollaborationRef, CollaborationSource, Dataset, MunicipalityId, Party,
};
use crate::names::fold;
use crate::reference;

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    // Compare within one source: a collaboration of the file that answer 2 also lists overlaps
    // with itself, which says nothing.
    let (annex, answer): (Vec<_>, Vec<_>) = distinct(ds)
        .into_iter()
        .partition(|(_, c)| matches!(c.source, CollaborationSource::Annex(_)));
    let mut out = Vec::new();
    for group in [annex, answer] {
        out.extend(overlaps(ds, &group));
        out.extend(reciprocal(ds, &group));
    }
    out
}

/// The collaborations in the dataset's order, a listing repeated word for word in the same
/// source only once.
fn distinct(ds: &Dataset) -> Vec<(CollaborationRef, &Collaboration)> {
    let mut seen = BTreeSet::new();
    ds.all_collaborations()
        .filter(|(_, c)| {
            let mut partners: Vec<String> = c.partners.iter().map(party_key).collect();
            partners.sort();
            let from_answer = matches!(c.source, CollaborationSource::Answer2 { .. });
            seen.insert((from_answer, party_key(&c.lead), partners))
        })
        .collect()
}

/// "vermelding 7" for answer 2, the file place for the annex.
fn listing(ds: &Dataset, c: &Collaboration) -> String {
    match c.source {
        CollaborationSource::Answer2 { entry } => format!("vermelding {entry}"),
        CollaborationSource::Annex(origin) => ds.place(origin),
    }
}

/// " van antwoord 2" after a list of answer-2 listings; nothing after file places.
fn of_source(c: &Collaboration) -> &'static str {
    match c.source {
        CollaborationSource::Answer2 { .. } => " van antwoord 2",
        CollaborationSource::Annex(_) => " van het bestand",
    }
}

fn municipality_name(m: MunicipalityId) -> String {
    reference::get()
        .municipality(m)
        .map_or_else(|| format!("gemeente {m}"), |x| x.name.clone())
}

/// Finds the representative of a listing in a union-find forest.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// One finding per group of collaborations linked by municipalities they share.
fn overlaps(ds: &Dataset, group: &[(CollaborationRef, &Collaboration)]) -> Vec<Finding> {
    // Per municipality: the listings it is in, with its role (a municipality named twice in
    // one listing counts once there, in its first role).
    let mut roles: BTreeMap<MunicipalityId, Vec<(usize, &'static str)>> = BTreeMap::new();
    for (i, (_, c)) in group.iter().enumerate() {
        let parties =
            std::iter::once((&c.lead, "trekker")).chain(c.partners.iter().map(|p| (p, "partner")));
        for (p, role) in parties {
            if let Some(m) = p.resolved.municipality() {
                let list = roles.entry(m).or_default();
                if list.last().map(|(j, _)| *j) != Some(i) && !list.iter().any(|(j, _)| *j == i) {
                    list.push((i, role));
                }
            }
        }
    }
    roles.retain(|_, list| list.len() > 1);
    let mut parent: Vec<usize> = (0..group.len()).collect();
    for list in roles.values() {
        let a = root(&mut parent, list[0].0);
        for (j, _) in &list[1..] {
            let b = root(&mut parent, *j);
            parent[b] = a;
        }
    }
    // Clusters by their first listing, in the dataset's order.
    let mut clusters: BTreeMap<usize, Vec<MunicipalityId>> = BTreeMap::new();
    let mut first_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (m, list) in &roles {
        let r = root(&mut parent, list[0].0);
        let first = list.iter().map(|(i, _)| *i).min().unwrap_or(list[0].0);
        let e = first_of.entry(r).or_insert(first);
        *e = (*e).min(first);
        clusters.entry(r).or_default().push(*m);
    }
    let mut ordered: Vec<(usize, Vec<MunicipalityId>)> = clusters
        .into_iter()
        .map(|(r, ms)| (first_of.get(&r).copied().unwrap_or(r), ms))
        .collect();
    ordered.sort_by_key(|(first, _)| *first);
    let mut out = Vec::new();
    for (first, mut munis) in ordered {
        let Some((r, c)) = group.get(first) else {
            continue;
        };
        munis.sort_by_key(|m| fold(&municipality_name(*m)));
        let names: Vec<String> = munis.iter().map(|m| municipality_name(*m)).collect();
        let details: Vec<String> = munis
            .iter()
            .map(|m| {
                let places: Vec<String> = roles
                    .get(m)
                    .into_iter()
                    .flatten()
                    .filter_map(|(i, role)| {
                        group
                            .get(*i)
                            .map(|(_, c)| format!("{} ({role})", listing(ds, c)))
                    })
                    .collect();
                format!("{}: {}.", municipality_name(*m), join_dutch(&places))
            })
            .collect();
        let verb = if names.len() == 1 { "staat" } else { "staan" };
        out.push(Finding::new(
            Code::SamenwerkingOverlap,
            collaboration_place(ds, c),
            collaboration_target(*r),
            format!(
                "{} {verb} in meer dan één samenwerking{}. {} Wie de samenwerkende besturen per \
                 samenwerking optelt, telt {} meer dan één keer.",
                join_dutch(&names),
                of_source(c),
                details.join(" "),
                if names.len() == 1 {
                    "dat bestuur"
                } else {
                    "die besturen"
                }
            ),
        ));
    }
    out
}

/// Who a party stands for, to compare a lead with a partner: the municipality (also for vzw
/// De Rand acting for one), else the party itself.
fn who(p: &Party) -> String {
    p.resolved
        .municipality()
        .map_or_else(|| party_key(p), |m| format!("m{m}"))
}

/// One finding per pair of collaborations whose leads name each other as partner.
fn reciprocal(ds: &Dataset, group: &[(CollaborationRef, &Collaboration)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, (r, a)) in group.iter().enumerate() {
        let lead_a = who(&a.lead);
        for (_, b) in &group[i + 1..] {
            let lead_b = who(&b.lead);
            if lead_a == lead_b {
                continue;
            }
            let names = |c: &Collaboration, lead: &str| c.partners.iter().any(|p| who(p) == lead);
            if !(names(a, &lead_b) && names(b, &lead_a)) {
                continue;
            }
            let (name_a, name_b) = (party_name(&a.lead), party_name(&b.lead));
            out.push(Finding::new(
                Code::SamenwerkingWederzijds,
                collaboration_place(ds, a),
                collaboration_target(*r),
                format!(
                    "{name_a} en {name_b} vermelden elkaar als partner: {} en {}{}. Is dat één \
                     samenwerking die twee keer vermeld staat, of zijn het er twee? Wie beide \
                     telt, telt {name_a} en {name_b} twee keer.",
                    listing(ds, a),
                    listing(ds, b),
                    of_source(a)
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::model::{AnswerFacts, Origin, Target};
    use crate::testkit::*;

    fn with_answer(collabs: Vec<Collaboration>) -> Vec<Finding> {
        let mut parts = parts_with(vec![municipality("Kruibeke")]);
        parts.facts = Some(AnswerFacts {
            collaborations: collabs,
            ..AnswerFacts::default()
        });
        check(&dataset(parts))
    }

    #[test]
    fn a_municipality_in_two_collaborations_is_an_overlap_once_per_group() {
        let f = with_answer(vec![
            answer_collaboration(1, "West-Vlaanderen", "Harelbeke", &["Waregem", "Zwevegem"]),
            answer_collaboration(2, "West-Vlaanderen", "Kortrijk", &["Lendelede"]),
            answer_collaboration(3, "West-Vlaanderen", "Waregem", &["Anzegem", "Zwevegem"]),
        ]);
        let hit = only(&f, "samenwerking-overlap");
        assert_eq!(hit.severity, Severity::Waarschuwing);
        assert_eq!(hit.place, "antwoord 2, Harelbeke");
        assert_eq!(
            hit.message,
            "Waregem en Zwevegem staan in meer dan één samenwerking van antwoord 2. Waregem: \
             vermelding 1 (partner) en vermelding 3 (trekker). Zwevegem: vermelding 1 (partner) \
             en vermelding 3 (partner). Wie de samenwerkende besturen per samenwerking optelt, \
             telt die besturen meer dan één keer."
        );
        assert_eq!(
            hit.target,
            Some(Target::Collaboration(CollaborationRef::Answer(0)))
        );
        // Harelbeke does not name Waregem's lead back: not reciprocal.
        none(&f, "samenwerking-wederzijds");
    }

    #[test]
    fn collaborations_linked_through_shared_members_are_one_group() {
        // 7 and 11 share Kruibeke and Temse; 10 shares Zwijndrecht with 7 only: one group.
        let f = with_answer(vec![
            answer_collaboration(7, "Oost-Vlaanderen", "Kruibeke", &["Temse", "Zwijndrecht"]),
            answer_collaboration(8, "Oost-Vlaanderen", "Lokeren", &["Moerbeke"]),
            answer_collaboration(10, "Oost-Vlaanderen", "Beveren", &["Zwijndrecht"]),
            answer_collaboration(11, "Oost-Vlaanderen", "Temse", &["Kruibeke"]),
        ]);
        let hit = only(&f, "samenwerking-overlap");
        assert!(
            hit.message
                .starts_with("Kruibeke, Temse en Zwijndrecht staan in meer dan één samenwerking"),
            "{}",
            hit.message
        );
        assert!(
            hit.message
                .contains("Zwijndrecht: vermelding 7 (partner) en vermelding 10 (partner)."),
            "{}",
            hit.message
        );
        let hit = only(&f, "samenwerking-wederzijds");
        assert_eq!(hit.place, "antwoord 2, Kruibeke");
        assert!(
            hit.message.starts_with(
                "Kruibeke en Temse vermelden elkaar als partner: vermelding 7 en vermelding 11 \
                 van antwoord 2."
            ),
            "{}",
            hit.message
        );
    }

    #[test]
    fn a_listing_repeated_word_for_word_is_not_an_overlap() {
        // That is `dubbele-samenwerking`.
        let geel =
            |entry| answer_collaboration(entry, "Antwerpen", "Geel", &["Herselt", "Laakdal"]);
        let f = with_answer(vec![geel(18), geel(20)]);
        assert!(f.is_empty(), "{f:#?}");
        // One lead with two different sets of partners: the lead overlaps, but a lead does not
        // list itself.
        let f = with_answer(vec![
            answer_collaboration(18, "Antwerpen", "Geel", &["Herselt"]),
            answer_collaboration(19, "Antwerpen", "Geel", &["Laakdal"]),
        ]);
        none(&f, "samenwerking-wederzijds");
        let hit = only(&f, "samenwerking-overlap");
        assert!(
            hit.message.starts_with(
                "Geel staat in meer dan één samenwerking van antwoord 2. Geel: vermelding 18 \
                 (trekker) en vermelding 19 (trekker). Wie de samenwerkende besturen per \
                 samenwerking optelt, telt dat bestuur meer dan één keer."
            ),
            "{}",
            hit.message
        );
    }

    #[test]
    fn the_file_and_the_answer_are_compared_each_on_its_own() {
        let mut annex = answer_collaboration(0, "Antwerpen", "Geel", &["Herselt"]);
        annex.source = CollaborationSource::Annex(Origin { sheet: 0, row: 3 });
        annex.province_as_published = None;
        let mut parts = parts_with(vec![municipality("Geel")]);
        parts.sheets = vec!["Antwerpen".to_string()];
        parts.collaborations = vec![annex.clone()];
        parts.facts = Some(AnswerFacts {
            collaborations: vec![answer_collaboration(18, "Antwerpen", "Geel", &["Herselt"])],
            ..AnswerFacts::default()
        });
        assert!(check(&dataset(parts.clone())).is_empty());
        // Two listings of the file that list each other.
        let mut back = answer_collaboration(0, "Antwerpen", "Herselt", &["Geel"]);
        back.source = CollaborationSource::Annex(Origin { sheet: 0, row: 9 });
        parts.collaborations.push(back);
        let f = check(&dataset(parts));
        let hit = only(&f, "samenwerking-wederzijds");
        assert_eq!(hit.place, "Blad 'Antwerpen', rij 3");
        assert!(
            hit.message.starts_with(
                "Geel en Herselt vermelden elkaar als partner: Blad 'Antwerpen', rij 3 en Blad \
                 'Antwerpen', rij 9 van het bestand."
            ),
            "{}",
            hit.message
        );
        let hit = only(&f, "samenwerking-overlap");
        assert_eq!(
            hit.target,
            Some(Target::Collaboration(CollaborationRef::Annex(0)))
        );
    }
}
