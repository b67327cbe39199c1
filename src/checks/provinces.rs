//! Check 3: lines and collaborations listed under the wrong province, and collaborations that
//! cross provinces.

use super::Code;
use std::collections::BTreeMap;

use super::{
    collaboration_listing, collaboration_place, collaboration_target, grant_place, join_dutch,
    party_name, party_province, real_province, Finding,
};
use crate::model::{Dataset, Province, Target};

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let mut out = lines(ds);
    out.extend(collaborations(ds));
    out
}

/// Lines of an applicant listed under another province than the one it lies in; one finding
/// per applicant and province, at its first line.
fn lines(ds: &Dataset) -> Vec<Finding> {
    let mut groups: BTreeMap<(u32, Province), Vec<u32>> = BTreeMap::new();
    for (gi, g) in ds.grants.iter().enumerate() {
        let (Some(listed), Some(real)) = (
            g.province_in_file,
            ds.applicant(g.applicant).and_then(real_province),
        ) else {
            continue;
        };
        if listed != real {
            groups
                .entry((g.applicant, listed))
                .or_default()
                .push(gi as u32);
        }
    }
    let mut out = Vec::new();
    for ((applicant, listed), grant_ids) in groups {
        let Some(a) = ds.applicant(applicant) else {
            continue;
        };
        let Some(first) = grant_ids.first().and_then(|gi| ds.grants.get(*gi as usize)) else {
            continue;
        };
        let real = real_province(a).map_or_else(String::new, |p| p.name().to_string());
        let lines = if grant_ids.len() == 1 {
            "1 regel".to_string()
        } else {
            format!("{} regels", grant_ids.len())
        };
        out.push(Finding::new(
            Code::ProvincieRegel,
            grant_place(ds, first),
            Some(Target::Grant(grant_ids[0])),
            format!(
                "{} staat met {lines} onder {listed}, maar ligt in de provincie {real}.",
                a.name
            ),
        ));
    }
    out
}

fn collaborations(ds: &Dataset) -> Vec<Finding> {
    let mut out = Vec::new();
    for (r, c) in ds.all_collaborations() {
        let Some(real) = party_province(&c.lead) else {
            continue;
        };
        let place = collaboration_place(ds, c);
        let listing = collaboration_listing(ds, c);
        if let Some(published) = c.province_as_published.as_deref().and_then(Province::parse) {
            if published != real {
                let with_lead: Vec<String> = c
                    .partners
                    .iter()
                    .filter(|p| party_province(p) == Some(real))
                    .map(party_name)
                    .collect();
                let who = if !c.partners.is_empty() && with_lead.len() == c.partners.len() {
                    format!(
                        "{} en de partners ({}) liggen",
                        party_name(&c.lead),
                        join_dutch(&with_lead)
                    )
                } else {
                    format!("{} ligt", party_name(&c.lead))
                };
                out.push(Finding::new(
                    Code::ProvincieSamenwerking,
                    place.clone(),
                    collaboration_target(r),
                    format!(
                        "De samenwerking van {} staat in {listing} onder {published}, maar {who} \
                         in de provincie {real}.",
                        party_name(&c.lead)
                    ),
                ));
            }
        }
        let elsewhere: Vec<String> = c
            .partners
            .iter()
            .filter_map(|p| {
                party_province(p)
                    .filter(|pp| *pp != real)
                    .map(|pp| format!("{} ({pp})", party_name(p)))
            })
            .collect();
        if !elsewhere.is_empty() {
            out.push(Finding::new(
                Code::SamenwerkingOverProvincies,
                place,
                collaboration_target(r),
                format!(
                    "De samenwerking van {} ({real}) gaat over de provinciegrens: {}.",
                    party_name(&c.lead),
                    join_dutch(&elsewhere)
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
    use crate::model::{AnswerFacts, CollaborationRef};
    use crate::testkit::*;

    #[test]
    fn a_line_under_the_wrong_province_is_reported_once_per_applicant() {
        let mut parts = parts_with(vec![municipality("Boom"), municipality("Genk")]);
        parts.sheets = vec!["Limburg".to_string()];
        parts.grants = vec![
            at(grant(0, action(5), 100), 14),
            at(grant(0, action(2), 100), 15),
            at(grant(1, action(5), 100), 16),
        ];
        for g in &mut parts.grants {
            g.province_in_file = Some(Province::Limburg);
        }
        let f = check(&dataset(parts));
        let hit = only(&f, "provincie-regel");
        assert_eq!(hit.place, "Blad 'Limburg', rij 14");
        assert_eq!(
            hit.message,
            "Boom staat met 2 regels onder Limburg, maar ligt in de provincie Antwerpen."
        );
        assert_eq!(hit.target, Some(Target::Grant(0)));
    }

    #[test]
    fn lines_under_their_own_province_give_nothing() {
        let mut parts = parts_with(vec![municipality("Boom"), applicant("VGC")]);
        parts.grants = vec![grant(0, action(5), 100), grant(1, action(5), 100)];
        parts.grants[0].province_in_file = Some(Province::Antwerpen);
        parts.grants[1].province_in_file = Some(Province::Brussel);
        assert!(check(&dataset(parts)).is_empty());
    }

    fn with_answer(collabs: Vec<crate::model::Collaboration>) -> Vec<Finding> {
        let mut parts = parts_with(vec![municipality("Boom")]);
        parts.facts = Some(AnswerFacts {
            collaborations: collabs,
            ..AnswerFacts::default()
        });
        check(&dataset(parts))
    }

    #[test]
    fn a_collaboration_under_the_wrong_province() {
        let f = with_answer(vec![answer_collaboration(
            22,
            "Limburg",
            "Boom",
            &["Aartselaar", "Hemiksem", "Niel", "Rumst"],
        )]);
        let hit = only(&f, "provincie-samenwerking");
        assert_eq!(hit.place, "antwoord 2, Boom");
        assert_eq!(
            hit.message,
            "De samenwerking van Boom staat in vermelding 22 van antwoord 2 onder Limburg, maar \
             Boom en de partners (Aartselaar, Hemiksem, Niel en Rumst) liggen in de provincie \
             Antwerpen."
        );
        assert_eq!(
            hit.target,
            Some(Target::Collaboration(CollaborationRef::Answer(0)))
        );
        none(&f, "samenwerking-over-provincies");
    }

    #[test]
    fn collaborations_crossing_provinces_are_info() {
        let f = with_answer(vec![
            answer_collaboration(7, "Oost-Vlaanderen", "Kruibeke", &["Temse", "Zwijndrecht"]),
            answer_collaboration(24, "Brussel", "VGC", &[]),
            answer_collaboration(13, "Vlaams-Brabant", "De Rand vzw", &["Kraainem"]),
            answer_collaboration(14, "Vlaams-Brabant", "Londerzeel", &["De Rand (io Wemmel)"]),
        ]);
        none(&f, "provincie-samenwerking");
        let hit = only(&f, "samenwerking-over-provincies");
        assert_eq!(hit.severity, Severity::Info);
        assert_eq!(hit.place, "antwoord 2, Kruibeke");
        assert!(
            hit.message.contains("Zwijndrecht (Antwerpen)"),
            "{}",
            hit.message
        );
    }
}
