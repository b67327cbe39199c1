//! Check 8: the mentorships (answer 7) and the social impact bond (answer 8) against the lines
//! of the file; and saying so when the answer's facts do not apply to this file.

use super::Code;
use super::{applicant_for_name, Finding};
use crate::model::{Dataset, LineKind, Target};

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let Some(facts) = ds.facts.as_ref() else {
        return vec![Finding::new(
            Code::AntwoordNietGekoppeld,
            ds.source.name.clone(),
            None,
            if ds.call.call == Some(1) {
                "De feiten van antwoord 492 (samenwerkingen, mentorschappen, tellingen) zijn niet \
                 aan dit bestand gekoppeld; de controles op het antwoord zijn overgeslagen."
                    .to_string()
            } else {
                format!(
                    "De feiten van antwoord 492 (samenwerkingen, mentorschappen, tellingen) horen \
                     bij oproep 1; dit bestand is {}, dus zijn de controles op het antwoord \
                     overgeslagen.",
                    ds.call.label()
                )
            },
        )];
    };
    let mut out = Vec::new();
    for (i, m) in facts.mentorships.iter().enumerate() {
        let target = Some(Target::Mentorship(i as u32));
        let place = format!("antwoord 7, {} / actie {}", m.local_government, m.action_no);
        let applicant = applicant_for_name(ds, &m.local_government);
        let problem = match applicant {
            None => Some(format!(
                "{} komt in het bestand niet voor",
                m.local_government
            )),
            Some(id) => (!ds
                .grants_of(id)
                .any(|g| g.is_granted() && g.kind == LineKind::Action(m.action_no)))
            .then(|| {
                format!(
                    "{} heeft in het bestand geen toegekende regel voor actie {}",
                    m.local_government, m.action_no
                )
            }),
        };
        if let Some(problem) = problem {
            out.push(Finding::new(
                Code::MentorschapZonderActie,
                place,
                target,
                format!(
                    "Antwoord 7 noemt {} mentorbestuur voor '{}' (actie {}), maar {problem}.",
                    m.local_government, m.action_as_published, m.action_no
                ),
            ));
        }
    }
    for (i, b) in facts.social_impact_bonds.iter().enumerate() {
        let has_line = applicant_for_name(ds, &b.local_government).is_some_and(|id| {
            ds.grants_of(id)
                .any(|g| g.is_granted() && g.kind == LineKind::SocialImpactBond)
        });
        if !has_line {
            out.push(Finding::new(
                Code::SioZonderRegel,
                format!("antwoord 8, {}", b.local_government),
                Some(Target::SocialImpactBond(i as u32)),
                format!(
                    "Antwoord 8 noemt de stimulans voor een sociale impactobligatie van {}, maar \
                     het bestand heeft daarvoor geen toegekende regel.",
                    b.local_government
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerFacts, Mentorship, SocialImpactBond};
    use crate::testkit::*;

    fn facts() -> AnswerFacts {
        let mentorship = |no, who: &str| Mentorship {
            action_as_published: "titel".to_string(),
            action_no: no,
            local_government: who.to_string(),
            province_as_published: String::new(),
        };
        AnswerFacts {
            mentorships: vec![mentorship(13, "Gent"), mentorship(5, "Antwerpen")],
            social_impact_bonds: vec![SocialImpactBond {
                local_government: "Sint-Niklaas".to_string(),
                province: "Oost-Vlaanderen".to_string(),
                stimulus_cents: 2_500_000,
                partner: String::new(),
                description: String::new(),
            }],
            ..AnswerFacts::default()
        }
    }

    #[test]
    fn mentorships_and_bond_without_lines_are_reported() {
        let mut parts = parts_with(vec![municipality("Gent"), municipality("Sint-Niklaas")]);
        parts.grants = vec![
            grant(0, action(5), 100),
            grant(0, LineKind::Mentorship(Some(13)), 10000),
            grant(1, action(2), 100),
        ];
        parts.facts = Some(facts());
        let f = check(&dataset(parts));
        let hits = with_codes(&f, "mentorschap-zonder-actie");
        assert_eq!(hits.len(), 2, "{f:#?}");
        assert_eq!(hits[0].place, "antwoord 7, Gent / actie 13");
        assert!(hits[0]
            .message
            .contains("geen toegekende regel voor actie 13"));
        assert!(hits[1]
            .message
            .contains("Antwerpen komt in het bestand niet voor"));
        assert_eq!(hits[1].target, Some(Target::Mentorship(1)));
        let sio = only(&f, "sio-zonder-regel");
        assert_eq!(sio.place, "antwoord 8, Sint-Niklaas");
    }

    #[test]
    fn mentorships_and_bond_with_their_lines_give_nothing() {
        let mut parts = parts_with(vec![
            applicant("Stad Gent"),
            municipality("Antwerpen"),
            municipality("Sint-Niklaas"),
        ]);
        parts.grants = vec![
            grant(0, action(13), 100),
            grant(1, action(5), 100),
            grant(2, LineKind::SocialImpactBond, 25000),
        ];
        parts.facts = Some(facts());
        assert!(check(&dataset(parts)).is_empty());
    }

    #[test]
    fn without_facts_the_answer_checks_are_skipped_and_said_so() {
        let f = check(&dataset(parts_with(vec![municipality("Gent")])));
        let hit = only(&f, "antwoord-niet-gekoppeld");
        assert!(hit.message.contains("oproep onbekend"), "{}", hit.message);
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.call = call(1, crate::model::CallSource::Flag);
        let f = check(&dataset(parts));
        let hit = only(&f, "antwoord-niet-gekoppeld");
        assert!(
            hit.message.contains("niet aan dit bestand gekoppeld"),
            "{}",
            hit.message
        );
    }
}
