//! Check 2: names that are not in the municipality list, names that match only through a
//! misspelling, and one municipality written in two ways.

use super::Code;
use super::{collaboration_place, collaboration_target, join_dutch, party_name, Finding};
use crate::model::{ApplicantKind, Dataset, NameMatch, Party, PartyKind, Target};
use crate::names::fold_local_government;
use crate::reference;

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let mut suggest = Suggester::default();
    let mut out = applicants(ds, &mut suggest);
    out.extend(parties(ds, &mut suggest));
    out
}

/// How many unknown names get suggestions. A file of the annex has a handful of unknown
/// names; an export with thousands of organisations would spend seconds on suggestions nobody
/// reads, so past this many the finding says none were looked for.
const SUGGESTIONS_FOR: usize = 500;

/// Suggestions for unknown names, the first [`SUGGESTIONS_FOR`] of them.
#[derive(Default)]
struct Suggester {
    given: usize,
}

impl Suggester {
    fn text(&mut self, written: &str) -> String {
        if self.given >= SUGGESTIONS_FOR {
            return format!(
                " Naamsuggesties worden alleen gezocht voor de eerste {SUGGESTIONS_FOR} \
                 onbekende namen."
            );
        }
        self.given += 1;
        let s = reference::get().suggestions(written, 3);
        if s.is_empty() {
            " Er is geen gelijkaardige naam gevonden.".to_string()
        } else {
            format!(" Bedoeld: {}?", s.join(", "))
        }
    }
}

fn misspelling_kind(m: NameMatch) -> &'static str {
    match m {
        NameMatch::KnownMisspelling => "een bekende schrijffout",
        _ => "een tikfout",
    }
}

/// The place of an applicant: its first line in the file, else its name.
fn applicant_place(ds: &Dataset, id: u32, name: &str) -> String {
    ds.grants_of(id)
        .find(|g| g.origin.row > 0)
        .map_or_else(|| name.to_string(), |g| ds.place(g.origin))
}

fn applicants(ds: &Dataset, suggest: &mut Suggester) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, a) in ds.applicants.iter().enumerate() {
        let id = i as u32;
        let target = Some(Target::Applicant(id));
        if a.kind == ApplicantKind::Unknown {
            out.push(Finding::new(
                Code::NaamOnbekend,
                applicant_place(ds, id, &a.name),
                target,
                format!(
                    "Indiener '{}' staat niet in de lijst van Vlaamse gemeenten (2019-2024) en is \
                     ook niet de VGC of vzw De Rand.{}",
                    a.name,
                    suggest.text(&a.name)
                ),
            ));
            continue;
        }
        // With one spelling, every line of the applicant is written so: point at the first.
        let misspelling_place = if a.spellings.len() == 1 {
            applicant_place(ds, id, &a.name)
        } else {
            a.name.clone()
        };
        for s in a.spellings.iter().filter(|s| s.matched.is_misspelling()) {
            out.push(Finding::new(
                Code::NaamSpelfout,
                misspelling_place.clone(),
                target,
                format!(
                    "'{}' is {} voor {}; schrijf de naam zoals in de lijst van gemeenten.",
                    s.written,
                    misspelling_kind(s.matched),
                    a.name
                ),
            ));
        }
        let mut forms: Vec<(String, &str)> = Vec::new();
        for s in &a.spellings {
            let f = fold_local_government(&s.written);
            if !forms.iter().any(|(g, _)| *g == f) {
                forms.push((f, s.written.as_str()));
            }
        }
        if forms.len() > 1 {
            let written: Vec<String> = forms.iter().map(|(_, w)| format!("'{w}'")).collect();
            out.push(Finding::new(
                Code::NaamSchrijfwijzen,
                a.name.clone(),
                target,
                format!(
                    "{} staat in het bestand onder {} schrijfwijzen: {}. Gebruik één schrijfwijze.",
                    a.name,
                    forms.len(),
                    join_dutch(&written)
                ),
            ));
        }
    }
    out
}

fn parties(ds: &Dataset, suggest: &mut Suggester) -> Vec<Finding> {
    let mut out = Vec::new();
    for (r, c) in ds.all_collaborations() {
        let place = collaboration_place(ds, c);
        let lead = std::iter::once((true, &c.lead));
        for (is_lead, p) in lead.chain(c.partners.iter().map(|p| (false, p))) {
            let role = if is_lead { "Indiener" } else { "Partner" };
            if p.resolved == PartyKind::Unknown {
                out.push(Finding::new(
                    Code::PartnerOnbekend,
                    place.clone(),
                    collaboration_target(r),
                    format!(
                        "{role} '{}' in de samenwerking van {} staat niet in de lijst van \
                         Vlaamse gemeenten (2019-2024).{}",
                        p.written,
                        c.lead.written,
                        suggest.text(&p.written)
                    ),
                ));
            } else if p.matched.is_misspelling() {
                out.push(Finding::new(
                    Code::NaamSpelfout,
                    place.clone(),
                    collaboration_target(r),
                    misspelled_party(p),
                ));
            }
        }
    }
    out
}

fn misspelled_party(p: &Party) -> String {
    format!(
        "'{}' is {} voor {}.",
        p.written,
        misspelling_kind(p.matched),
        party_name(p)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerFacts, CollaborationRef, Spelling};
    use crate::testkit::*;

    #[test]
    fn unknown_applicants_get_suggestions() {
        let mut parts = parts_with(vec![applicant("Gemeente Kortrijk-Noord"), applicant("VGC")]);
        parts.sheets = vec!["West-Vlaanderen".to_string()];
        parts.grants = vec![at(grant(0, action(5), 100), 14), grant(1, action(5), 100)];
        let f = check(&dataset(parts));
        let unknown = only(&f, "naam-onbekend");
        assert_eq!(unknown.place, "Blad 'West-Vlaanderen', rij 14");
        assert!(
            unknown.message.contains("Bedoeld: Kortrijk"),
            "{}",
            unknown.message
        );
        assert_eq!(unknown.target, Some(Target::Applicant(0)));
    }

    #[test]
    fn suggestions_stop_after_the_first_unknown_names_and_say_so() {
        let names: Vec<String> = (0..=SUGGESTIONS_FOR)
            .map(|i| format!("Kortrijk-Noord {i}"))
            .collect();
        let parts = parts_with(names.iter().map(|n| applicant(n)).collect());
        let f = check(&dataset(parts));
        let unknown: Vec<&Finding> = f.iter().filter(|f| f.code == "naam-onbekend").collect();
        assert_eq!(unknown.len(), SUGGESTIONS_FOR + 1);
        let (first, rest) = unknown.split_at(SUGGESTIONS_FOR);
        assert!(
            first.iter().all(|f| !f.message.contains("Naamsuggesties")),
            "{}",
            first[0].message
        );
        assert!(
            rest[0].message.ends_with(&format!(
                "Naamsuggesties worden alleen gezocht voor de eerste {SUGGESTIONS_FOR} onbekende namen."
            )),
            "{}",
            rest[0].message
        );
    }

    #[test]
    fn known_applicants_vgc_and_de_rand_are_not_unknown() {
        let parts = parts_with(vec![
            applicant("VGC"),
            applicant("De Rand vzw"),
            applicant("Stad Gent"),
            applicant("SINT-NIKLAAS"),
        ]);
        let f = check(&dataset(parts));
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn misspelled_applicants_and_partners_are_reported() {
        let mut parts = parts_with(vec![applicant("Kortrjik")]);
        parts.grants = vec![at(grant(0, action(5), 100), 6)];
        parts.facts = Some(AnswerFacts {
            collaborations: vec![answer_collaboration(
                13,
                "Vlaams-Brabant",
                "De Rand vzw",
                &["Wezenbeek-Oppem", "Kraainem"],
            )],
            ..AnswerFacts::default()
        });
        let f = check(&dataset(parts));
        let hits = with_codes(&f, "naam-spelfout");
        assert_eq!(hits.len(), 2, "{f:#?}");
        assert_eq!(hits[0].place, "rij 6");
        assert!(hits[0]
            .message
            .contains("'Kortrjik' is een tikfout voor Kortrijk"));
        assert_eq!(hits[1].place, "antwoord 2, De Rand vzw");
        assert_eq!(
            hits[1].message,
            "'Wezenbeek-Oppem' is een bekende schrijffout voor Wezembeek-Oppem."
        );
        assert_eq!(
            hits[1].target,
            Some(Target::Collaboration(CollaborationRef::Answer(0)))
        );
    }

    #[test]
    fn case_accents_hyphens_and_prefixes_are_not_misspellings() {
        let mut a = municipality("Sint-Genesius-Rode");
        a.spellings = [
            "Gemeente Sint-Genesius-Rode",
            "sint genesius rode",
            "SINT-GENESIUS-RODE",
        ]
        .iter()
        .map(|w| Spelling {
            written: w.to_string(),
            matched: exact(),
        })
        .collect();
        let mut parts = parts_with(vec![a]);
        parts.facts = Some(AnswerFacts {
            collaborations: vec![answer_collaboration(
                12,
                "Vlaams-Brabant",
                "Stad Beersel",
                &["Drogenbos", "sint-genesius-rode"],
            )],
            ..AnswerFacts::default()
        });
        let f = check(&dataset(parts));
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn unknown_partners_are_reported_with_suggestions() {
        let mut parts = parts_with(vec![municipality("Geel")]);
        parts.facts = Some(AnswerFacts {
            collaborations: vec![answer_collaboration(
                18,
                "Antwerpen",
                "Geel",
                &["Herselt", "Laakdal-Zuid"],
            )],
            ..AnswerFacts::default()
        });
        let f = check(&dataset(parts));
        let p = only(&f, "partner-onbekend");
        assert_eq!(p.place, "antwoord 2, Geel");
        assert!(p.message.contains("'Laakdal-Zuid'"), "{}", p.message);
        assert!(p.message.contains("Bedoeld: Laakdal"), "{}", p.message);
    }

    #[test]
    fn one_municipality_under_two_spellings() {
        let mut a = municipality("Puurs-Sint-Amands");
        a.spellings = vec![
            Spelling {
                written: "Puurs-Sint-Amands".to_string(),
                matched: exact(),
            },
            Spelling {
                written: "Puurs-St.-Amands".to_string(),
                matched: crate::model::NameMatch::Alias,
            },
        ];
        let f = check(&dataset(parts_with(vec![a])));
        let two = only(&f, "naam-schrijfwijzen");
        assert!(
            two.message
                .contains("'Puurs-Sint-Amands' en 'Puurs-St.-Amands'"),
            "{}",
            two.message
        );
    }
}
