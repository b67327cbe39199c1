//! Check 4: the same grant twice, the same collaboration listed twice.

use super::Code;
use std::collections::HashMap;

use super::{
    applicant_for_name, applicant_name, collaboration_listing, collaboration_place,
    collaboration_target, grant_place, join_dutch, Finding,
};
use crate::model::{CollaborationRef, Dataset, Grant, LineKind, Party, PartyKind, Target};
use crate::money::format_eur;
use crate::names::fold_local_government;

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let mut out = grants(ds);
    out.extend(collaborations(ds));
    out
}

/// The same line twice (of the same call).
pub(super) fn grants_only(ds: &Dataset) -> Vec<Finding> {
    grants(ds)
}

/// The same collaboration twice.
pub(super) fn collaborations_only(ds: &Dataset) -> Vec<Finding> {
    collaborations(ds)
}

/// How many mentorship lines without action number an applicant may have: one per mentorship
/// of answer 7 (Antwerpen mentors three actions, so three lines of € 10.000 are not a double).
fn mentorships_allowed(ds: &Dataset, applicant: u32) -> usize {
    ds.facts.as_ref().map_or(usize::MAX, |f| {
        f.mentorships
            .iter()
            .filter(|m| applicant_for_name(ds, &m.local_government) == Some(applicant))
            .count()
            .max(1)
    })
}

/// Applicant, kind of line, amount, granted.
type LineKey = (u32, LineKind, i64, bool);

/// A line's key packed in two words, for sorting a million of them quickly: equal keys, equal
/// words (the order itself means nothing). Lines of different calls are never doubles.
fn packed_key(g: &Grant) -> (u64, u64) {
    let kind: u64 = match g.kind {
        LineKind::Action(no) => u64::from(no),
        LineKind::Mentorship(None) => 1 << 16,
        LineKind::Mentorship(Some(no)) => 1 << 16 | 1 << 8 | u64::from(no),
        LineKind::SocialImpactBond => 2 << 16,
        LineKind::UnknownAction(i) => 3 << 16 | u64::from(i),
    };
    (
        u64::from(g.applicant) << 32
            | u64::from(g.call.unwrap_or(0)) << 24
            | kind << 1
            | u64::from(g.is_granted()),
        g.amount as u64,
    )
}

fn grants(ds: &Dataset) -> Vec<Finding> {
    // Doubles share the applicant: place the lines per applicant (a counting sort; ids out of
    // range share the last place), then sort each applicant's few lines by key and file order.
    // The lines of a key then lie side by side: no map and no list per key when nearly every
    // line is distinct.
    let n = ds.applicants.len();
    let bucket = |g: &Grant| (g.applicant as usize).min(n);
    let mut start = vec![0usize; n + 3];
    for g in ds.grants.iter() {
        start[bucket(g) + 2] += 1;
    }
    for b in 2..start.len() {
        start[b] += start[b - 1];
    }
    // start[b + 1] is where applicant b's lines begin; after placing them, where they end.
    let mut keyed = vec![((0u64, 0u64), 0u32); ds.grants.len()];
    for (gi, g) in ds.grants.iter().enumerate() {
        let at = &mut start[bucket(g) + 1];
        keyed[*at] = (packed_key(g), gi as u32);
        *at += 1;
    }
    for range in start[..n + 2].windows(2) {
        keyed[range[0]..range[1]].sort_unstable();
    }
    // A line alone is never a double; the others in file order of their first line.
    let mut groups: Vec<(LineKey, Vec<u32>)> = keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|lines| lines.len() > 1)
        .filter_map(|lines| {
            let g = ds.grants.get(lines[0].1 as usize)?;
            let key = (g.applicant, g.kind, g.amount, g.is_granted());
            Some((key, lines.iter().map(|(_, gi)| *gi).collect()))
        })
        .collect();
    groups.sort_unstable_by_key(|(_, ids)| ids[0]);
    let mut out = Vec::new();
    for ((applicant, kind, amount, _), ids) in groups {
        let allowed = if kind == LineKind::Mentorship(None) {
            mentorships_allowed(ds, applicant)
        } else {
            1
        };
        if ids.len() <= allowed {
            continue;
        }
        let places: Vec<String> = ids
            .iter()
            .filter_map(|gi| ds.grants.get(*gi as usize))
            .map(|g| grant_place(ds, g))
            .collect();
        let Some(first) = ids.first().and_then(|gi| ds.grants.get(*gi as usize)) else {
            continue;
        };
        out.push(Finding::new(
            Code::DubbeleRegel,
            grant_place(ds, first),
            Some(Target::Grant(ids[0])),
            format!(
                "{} heeft {} keer dezelfde regel voor {} van {}: {}. Telt het bedrag dubbel?",
                applicant_name(ds, applicant),
                ids.len(),
                ds.line_label(kind).to_lowercase(),
                format_eur(amount),
                join_dutch(&places)
            ),
        ));
    }
    out
}

/// A party for comparison: the municipality, VGC, De Rand, or the folded name.
pub(super) fn party_key(p: &Party) -> String {
    match p.resolved {
        PartyKind::Municipality(m) => format!("m{m}"),
        PartyKind::DeRandFor(m) => format!("r{m}"),
        PartyKind::Vgc => "vgc".to_string(),
        PartyKind::DeRand => "derand".to_string(),
        PartyKind::Unknown => fold_local_government(&p.written),
    }
}

fn collaborations(ds: &Dataset) -> Vec<Finding> {
    // A collaboration of the annex that answer 2 also lists is not a double: compare within
    // one source only.
    let mut seen: HashMap<(bool, String, Vec<String>), String> = HashMap::new();
    let mut out = Vec::new();
    for (r, c) in ds.all_collaborations() {
        let mut partners: Vec<String> = c.partners.iter().map(party_key).collect();
        partners.sort();
        let from_answer = matches!(r, CollaborationRef::Answer(_));
        let key = (from_answer, party_key(&c.lead), partners);
        let listing = collaboration_listing(ds, c);
        match seen.get(&key) {
            Some(first) => out.push(Finding::new(
                Code::DubbeleSamenwerking,
                collaboration_place(ds, c),
                collaboration_target(r),
                format!(
                    "De samenwerking van {} staat twee keer in de lijst: {first} en {listing} \
                     zijn dezelfde. Wie ze twee keer telt, telt te veel indieners en besturen.",
                    c.lead.written
                ),
            )),
            None => {
                seen.insert(key, listing);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerFacts, CollaborationRef, Mentorship};
    use crate::testkit::*;

    #[test]
    fn the_same_grant_twice() {
        let mut parts = parts_with(vec![municipality("Gent"), municipality("Lier")]);
        parts.sheets = vec!["Oost-Vlaanderen".to_string()];
        parts.grants = vec![
            at(grant(0, action(5), 1000), 4),
            at(grant(1, action(5), 1000), 5),
            at(grant(0, action(5), 1000), 9),
        ];
        let f = check(&dataset(parts));
        let hit = only(&f, "dubbele-regel");
        assert_eq!(hit.place, "Blad 'Oost-Vlaanderen', rij 4");
        assert!(hit.message.contains("Gent heeft 2 keer"), "{}", hit.message);
        assert!(hit.message.contains("rij 9"), "{}", hit.message);
        assert_eq!(hit.target, Some(Target::Grant(0)));
    }

    #[test]
    fn doubles_in_file_order_of_their_first_line_whatever_the_applicant() {
        // Applicant 5 is not in the list: its lines are still compared, and not with those of
        // applicant 6, also unknown; a refused line is not the double of a granted one.
        let mut parts = parts_with(vec![municipality("Gent"), municipality("Lier")]);
        let mut refused = grant(1, action(2), 700);
        refused.status = crate::model::Status::Refused;
        parts.grants = vec![
            grant(1, action(2), 700),
            grant(5, action(3), 500),
            grant(0, action(5), 1000),
            grant(6, action(3), 500),
            refused,
            grant(0, action(5), 1000),
            grant(5, action(3), 500),
            grant(1, action(2), 700),
            grant(0, action(5), 1000),
        ];
        let f = check(&dataset(parts));
        let hits = with_codes(&f, "dubbele-regel");
        let targets: Vec<_> = hits.iter().map(|h| h.target).collect();
        assert_eq!(
            targets,
            [0, 1, 2].map(|g| Some(Target::Grant(g))),
            "{hits:#?}"
        );
        assert!(
            hits[0].message.contains("Lier heeft 2 keer"),
            "{}",
            hits[0].message
        );
        assert!(
            hits[1].message.contains("aanvrager 5 heeft 2 keer"),
            "{}",
            hits[1].message
        );
        assert!(
            hits[2].message.contains("Gent heeft 3 keer"),
            "{}",
            hits[2].message
        );
    }

    #[test]
    fn different_amounts_or_actions_are_not_doubles() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.grants = vec![
            grant(0, action(5), 1000),
            grant(0, action(5), 1200),
            grant(0, action(2), 1000),
            grant(0, LineKind::Mentorship(Some(17)), 10000),
            grant(0, LineKind::Mentorship(Some(16)), 10000),
        ];
        assert!(check(&dataset(parts)).is_empty());
    }

    #[test]
    fn mentorship_lines_count_against_the_mentorships_of_the_answer() {
        let mentorship = |no| Mentorship {
            action_as_published: String::new(),
            action_no: no,
            local_government: "Antwerpen".to_string(),
            province_as_published: "Antwerpen".to_string(),
        };
        let mut parts = parts_with(vec![municipality("Antwerpen")]);
        parts.grants = vec![grant(0, LineKind::Mentorship(None), 10000); 3];
        parts.facts = Some(AnswerFacts {
            mentorships: vec![mentorship(5), mentorship(8), mentorship(18)],
            ..AnswerFacts::default()
        });
        none(&check(&dataset(parts.clone())), "dubbele-regel");
        parts
            .grants
            .push(grant(0, LineKind::Mentorship(None), 10000));
        only(&check(&dataset(parts)), "dubbele-regel");
    }

    #[test]
    fn the_same_collaboration_listed_twice() {
        let geel = |entry| {
            answer_collaboration(
                entry,
                "Antwerpen",
                "Geel",
                &["Herselt", "Laakdal", "Meerhout", "Westerlo"],
            )
        };
        let mut parts = parts_with(vec![municipality("Geel")]);
        parts.facts = Some(AnswerFacts {
            collaborations: vec![
                geel(18),
                answer_collaboration(19, "Antwerpen", "Kalmthout", &["Essen"]),
                geel(20),
            ],
            ..AnswerFacts::default()
        });
        let f = check(&dataset(parts));
        let hit = only(&f, "dubbele-samenwerking");
        assert_eq!(hit.place, "antwoord 2, Geel");
        assert!(
            hit.message
                .contains("vermelding 18 van antwoord 2 en vermelding 20 van antwoord 2"),
            "{}",
            hit.message
        );
        assert_eq!(
            hit.target,
            Some(Target::Collaboration(CollaborationRef::Answer(2)))
        );
    }

    #[test]
    fn an_annex_collaboration_also_in_the_answer_is_not_a_double() {
        let mut parts = parts_with(vec![municipality("Geel")]);
        let mut annex = answer_collaboration(0, "Antwerpen", "Geel", &["Herselt"]);
        annex.source =
            crate::model::CollaborationSource::Annex(crate::model::Origin { sheet: 0, row: 3 });
        annex.province_as_published = None;
        parts.collaborations = vec![annex.clone(), annex];
        parts.facts = Some(AnswerFacts {
            collaborations: vec![answer_collaboration(18, "Antwerpen", "Geel", &["Herselt"])],
            ..AnswerFacts::default()
        });
        // The annex lists it twice (a double); the answer once more (not a double).
        let f = check(&dataset(parts));
        let hit = only(&f, "dubbele-samenwerking");
        assert_eq!(
            hit.target,
            Some(Target::Collaboration(CollaborationRef::Annex(1)))
        );
    }

    #[test]
    fn a_partner_in_two_collaborations_is_not_a_double() {
        let mut parts = parts_with(vec![municipality("Harelbeke")]);
        parts.facts = Some(AnswerFacts {
            collaborations: vec![
                answer_collaboration(1, "West-Vlaanderen", "Harelbeke", &["Waregem", "Zwevegem"]),
                answer_collaboration(3, "West-Vlaanderen", "Waregem", &["Zwevegem", "Anzegem"]),
            ],
            ..AnswerFacts::default()
        });
        assert!(check(&dataset(parts)).is_empty());
    }
}
