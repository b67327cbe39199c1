use super::*;

fn app(name: &str, kind: ApplicantKind, p: Province) -> Applicant {
    Applicant {
        name: name.to_string(),
        kind,
        province: Some(p),
        spellings: vec![],
    }
}

use crate::testkit::grant;

fn party(name: &str, kind: PartyKind) -> Party {
    Party {
        written: name.to_string(),
        resolved: kind,
        matched: NameMatch::Exact,
    }
}

#[test]
fn totals_per_province_objective_action_and_other() {
    let mut refused = grant(1, LineKind::Action(5), 700);
    refused.status = Status::Refused;
    let parts = DatasetParts {
        applicants: vec![
            app(
                "Gent",
                ApplicantKind::Municipality(10),
                Province::OostVlaanderen,
            ),
            app("Lier", ApplicantKind::Municipality(20), Province::Antwerpen),
            app("VGC", ApplicantKind::Vgc, Province::Brussel),
        ],
        grants: vec![
            grant(0, LineKind::Action(5), 1000),
            grant(0, LineKind::Action(2), 25000),
            grant(0, LineKind::Mentorship(Some(17)), 10000),
            grant(1, LineKind::Action(5), 300),
            refused,
            grant(2, LineKind::SocialImpactBond, 25000),
        ],
        ..DatasetParts::default()
    };
    let ds = Dataset::new(parts, |no| Some(if no == 2 { 1 } else { 2 }));
    assert_eq!(
        ds.total_granted(),
        (1000 + 25000 + 10000 + 300 + 25000) * 100
    );
    assert_eq!(ds.total_refused(), 70_000);
    assert_eq!(ds.objective_total(1), 2_500_000);
    assert_eq!(ds.objective_total(2), 130_000);
    let a5 = ds.action_totals(5).unwrap();
    assert_eq!(a5.granted, 130_000);
    assert_eq!(a5.refused, 70_000);
    assert_eq!(a5.applicants, vec![0, 1]);
    assert_eq!(
        ds.province_totals(Some(Province::OostVlaanderen)).granted,
        3_600_000
    );
    assert_eq!(
        ds.province_totals(Some(Province::Brussel)).granted,
        2_500_000
    );
    let objectives: i64 = (1..=7).map(|o| ds.objective_total(o)).sum();
    let other: i64 = ds.other_totals().iter().map(|o| o.granted).sum();
    assert_eq!(objectives + other, ds.total_granted());
    assert_eq!(ds.applicant_count(), 3);
    // VGC is an applicant, not a municipality.
    assert_eq!(ds.local_government_count(), 2);
}

#[test]
fn represented_local_governments_count_partners_once() {
    let collab = |lead: Party, partners: Vec<Party>, entry| Collaboration {
        source: CollaborationSource::Answer2 { entry },
        province_as_published: None,
        lead,
        partners,
    };
    let facts = AnswerFacts {
        collaborations: vec![
            collab(
                party("Geel", PartyKind::Municipality(1)),
                vec![
                    party("Herselt", PartyKind::Municipality(2)),
                    party("Laakdal", PartyKind::Municipality(3)),
                ],
                18,
            ),
            // The same listing repeated (answer 2 lists Geel twice).
            collab(
                party("Geel", PartyKind::Municipality(1)),
                vec![
                    party("Herselt", PartyKind::Municipality(2)),
                    party("Laakdal", PartyKind::Municipality(3)),
                ],
                20,
            ),
            collab(
                party("De Rand vzw", PartyKind::DeRand),
                vec![party("Kraainem", PartyKind::Municipality(4))],
                13,
            ),
            collab(
                party("Londerzeel", PartyKind::Municipality(5)),
                vec![party("De Rand (io Wemmel)", PartyKind::DeRandFor(6))],
                14,
            ),
        ],
        ..AnswerFacts::default()
    };
    let parts = DatasetParts {
        applicants: vec![
            app("Geel", ApplicantKind::Municipality(1), Province::Antwerpen),
            app(
                "vzw De Rand",
                ApplicantKind::DeRand,
                Province::VlaamsBrabant,
            ),
            app(
                "Londerzeel",
                ApplicantKind::Municipality(5),
                Province::VlaamsBrabant,
            ),
        ],
        grants: vec![
            grant(0, LineKind::Action(5), 100),
            grant(1, LineKind::Action(5), 100),
            grant(2, LineKind::Action(2), 100),
        ],
        facts: Some(facts),
        ..DatasetParts::default()
    };
    let ds = Dataset::new(parts, |_| Some(1));
    // Geel, Herselt, Laakdal, Kraainem, Londerzeel, Wemmel.
    assert_eq!(ds.local_government_count(), 6);
    assert_eq!(ds.action_totals(5).unwrap().represented.len(), 4);
    assert_eq!(ds.action_totals(2).unwrap().represented.len(), 2);
    assert_eq!(ds.applicant_totals(0).unwrap().leads.len(), 2);
    assert_eq!(
        ds.province_totals(Some(Province::VlaamsBrabant))
            .represented
            .len(),
        3
    );
}

#[test]
fn provinces_parse_as_written_in_files() {
    assert_eq!(
        Province::parse("Provincie Antwerpen"),
        Some(Province::Antwerpen)
    );
    assert_eq!(
        Province::parse("west-vlaanderen"),
        Some(Province::WestVlaanderen)
    );
    assert_eq!(
        Province::parse("Vlaams Brabant"),
        Some(Province::VlaamsBrabant)
    );
    assert_eq!(Province::parse("Brussel"), Some(Province::Brussel));
    assert_eq!(Province::parse("prov. Limburg"), Some(Province::Limburg));
    assert_eq!(Province::parse("Henegouwen"), None);
}

#[test]
fn municipality_set_counts_distinct_members() {
    let mut s = MunicipalitySet::default();
    s.insert(0);
    s.insert(299);
    s.insert(299);
    assert_eq!(s.len(), 2);
    assert!(s.contains(299));
    assert!(!s.contains(1));
    assert_eq!(s.iter().collect::<Vec<_>>(), vec![0, 299]);
}
