//! Check 5: the counts stated in the answer against what the data gives under each reasonable
//! reading. A figure that no reading reproduces is the answer's own inconsistency.

use super::Code;
use std::collections::BTreeSet;

use super::Finding;
use crate::model::{
    AnswerFacts, ApplicantKind, CollaborationRef, Dataset, MunicipalitySet, PartyKind, Target,
};
use crate::names::fold_local_government;
use crate::reference;

/// One stated figure and the readings of the data that could lie behind it.
struct Figure {
    stated: i64,
    what: &'static str,
    readings: Vec<(&'static str, i64)>,
}

impl Figure {
    fn reproduced(&self) -> bool {
        self.readings.iter().any(|(_, v)| *v == self.stated)
    }

    fn describe(&self) -> String {
        let readings: Vec<String> = self
            .readings
            .iter()
            .map(|(label, v)| {
                let mark = if *v == self.stated {
                    " (= vermeld)"
                } else {
                    ""
                };
                format!("{v} {label}{mark}")
            })
            .collect();
        let verdict = if self.reproduced() {
            "de gegevens geven"
        } else {
            "geen enkele lezing geeft dit getal; de gegevens geven"
        };
        format!(
            "{} {}: {verdict} {}.",
            self.stated,
            self.what,
            readings.join("; ")
        )
    }
}

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let Some(facts) = ds.facts.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let answer2: Vec<Figure> = [
        ("project_submitters_in_collaborations", "projectindieners"),
        (
            "local_governments_in_collaborations",
            "samenwerkende lokale besturen",
        ),
    ]
    .into_iter()
    .filter_map(|(key, what)| {
        stated(facts, key).map(|v| Figure {
            stated: v,
            what,
            readings: if key.starts_with("project") {
                submitter_readings(facts)
            } else {
                partner_readings(facts)
            },
        })
    })
    .collect();
    out.extend(statement(
        "antwoord 2",
        Some(Target::Collaboration(CollaborationRef::Answer(0))),
        "de samenwerkingen van antwoord 2",
        &answer2,
    ));
    if let Some(v) = stated(facts, "local_governments_applying") {
        let figure = Figure {
            stated: v,
            what: "lokale besturen die samen met de VGC en vzw De Rand een aanvraag indienden",
            readings: applying_readings(ds),
        };
        out.extend(statement(
            "antwoord 4",
            Some(Target::All),
            "dit bestand met de samenwerkingen",
            &[figure],
        ));
    }
    out.extend(against_published(facts));
    if stated(facts, "refused_applications") == Some(0) {
        let refused = ds.grants.iter().filter(|g| !g.is_granted()).count();
        if refused > 0 {
            out.push(Finding::new(
                Code::AntwoordGeweigerd,
                "antwoord 3",
                Some(Target::All),
                format!(
                    "Antwoord 3 zegt dat elke aanvraag gehonoreerd kon worden, maar het bestand \
                     bevat {refused} geweigerde regel(s)."
                ),
            ));
        }
    }
    out
}

/// A figure of the answer that the plan's own site gives differently for the first call: the
/// answer's key, the key in the published figures, what it counts, and the answer item.
const PUBLISHED_COUNTERPARTS: &[(&str, &str, &str, &str)] = &[(
    "local_governments_applying",
    "local_governments",
    "lokale besturen die samen met de VGC en vzw De Rand een aanvraag indienden",
    "4",
)];

/// Figures of the answer against the same figure on the plan's own site (first call), each
/// source named.
fn against_published(facts: &AnswerFacts) -> Vec<Finding> {
    let r = reference::get();
    PUBLISHED_COUNTERPARTS
        .iter()
        .filter_map(|(key, published_key, what, item)| {
            let answer = stated(facts, key)?;
            let published = r.published(1, published_key, None)?;
            (answer != published.value).then(|| {
                Finding::new(
                    Code::AntwoordGepubliceerd,
                    format!("antwoord {item}"),
                    Some(Target::All),
                    format!(
                        "Antwoord {item} vermeldt {answer} {what}; de website van het Plan \
                         Samenleven ({}) vermeldt voor de eerste oproep {} (\"{}\"). De bronnen \
                         verschillen: ga na welk getal klopt.",
                        published.source, published.value, published.note
                    ),
                )
            })
        })
        .collect()
}

fn stated(facts: &AnswerFacts, key: &str) -> Option<i64> {
    facts
        .figures
        .iter()
        .find(|f| f.figure == key)
        .map(|f| f.value)
}

fn statement(
    place: &str,
    target: Option<Target>,
    data: &str,
    figures: &[Figure],
) -> Option<Finding> {
    if figures.is_empty() {
        return None;
    }
    let all_reproduced = figures.iter().all(Figure::reproduced);
    let (code, lead) = if all_reproduced {
        (
            Code::TellingKlopt,
            format!("Elk aantal in {place} volgt uit een lezing van {data}."),
        )
    } else {
        (
            Code::TellingAntwoord,
            format!("Niet elk aantal in {place} volgt uit {data}."),
        )
    };
    let details: Vec<String> = figures.iter().map(Figure::describe).collect();
    Some(Finding::new(
        code,
        place,
        target,
        format!("{lead} {}", details.join(" ")),
    ))
}

fn party_key(p: &crate::model::Party) -> String {
    match p.resolved {
        PartyKind::Municipality(m) | PartyKind::DeRandFor(m) => format!("m{m}"),
        PartyKind::Vgc => "vgc".to_string(),
        PartyKind::DeRand => "derand".to_string(),
        PartyKind::Unknown => fold_local_government(&p.written),
    }
}

fn answer2(facts: &AnswerFacts) -> impl Iterator<Item = &crate::model::Collaboration> {
    facts.collaborations.iter()
}

fn submitter_readings(facts: &AnswerFacts) -> Vec<(&'static str, i64)> {
    let listed = answer2(facts).count();
    let distinct: BTreeSet<String> = answer2(facts).map(|c| party_key(&c.lead)).collect();
    let with_partners: BTreeSet<String> = answer2(facts)
        .filter(|c| !c.partners.is_empty())
        .map(|c| party_key(&c.lead))
        .collect();
    vec![
        ("vermeldingen in de lijst", listed as i64),
        ("verschillende indieners", distinct.len() as i64),
        (
            "verschillende indieners met partners",
            with_partners.len() as i64,
        ),
    ]
}

fn partner_readings(facts: &AnswerFacts) -> Vec<(&'static str, i64)> {
    let partner_listings: usize = answer2(facts).map(|c| c.partners.len()).sum();
    let leads = answer2(facts).count();
    let partners: BTreeSet<String> = answer2(facts)
        .flat_map(|c| c.partners.iter().map(party_key))
        .collect();
    let mut municipalities = MunicipalitySet::default();
    let mut bodies = 0;
    let mut others: BTreeSet<&'static str> = BTreeSet::new();
    for c in answer2(facts) {
        for p in std::iter::once(&c.lead).chain(c.partners.iter()) {
            if let Some(m) = p.resolved.municipality() {
                municipalities.insert(m);
            }
            match p.resolved {
                PartyKind::Vgc => {
                    others.insert("vgc");
                }
                PartyKind::DeRand | PartyKind::DeRandFor(_) => {
                    others.insert("derand");
                }
                _ => {}
            }
        }
    }
    bodies += municipalities.len() + others.len();
    vec![
        ("vermelde partners", partner_listings as i64),
        (
            "vermelde indieners en partners",
            (leads + partner_listings) as i64,
        ),
        ("verschillende partners", partners.len() as i64),
        (
            "verschillende gemeenten (indieners en partners)",
            municipalities.len() as i64,
        ),
        (
            "verschillende besturen met VGC en vzw De Rand",
            bodies as i64,
        ),
    ]
}

fn applying_readings(ds: &Dataset) -> Vec<(&'static str, i64)> {
    let applicants = ds.totals().applicants.clone();
    let count = |pred: &dyn Fn(ApplicantKind) -> bool| {
        applicants
            .iter()
            .filter_map(|id| ds.applicant(*id))
            .filter(|a| pred(a.kind))
            .count() as i64
    };
    let municipal = count(&|k| matches!(k, ApplicantKind::Municipality(_)));
    let special = count(&|k| matches!(k, ApplicantKind::Vgc | ApplicantKind::DeRand));
    let represented = ds.local_government_count() as i64;
    vec![
        ("indieners", applicants.len() as i64),
        ("indieners die een gemeente zijn", municipal),
        ("vertegenwoordigde gemeenten", represented),
        (
            "vertegenwoordigde gemeenten plus VGC en vzw De Rand",
            represented + special,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::model::{AnswerFigure, Collaboration, Status};
    use crate::testkit::*;

    fn figure(key: &str, value: i64) -> AnswerFigure {
        AnswerFigure {
            figure: key.to_string(),
            value,
            unit: "count".to_string(),
            answer_question: String::new(),
            note: String::new(),
        }
    }

    fn small_list() -> Vec<Collaboration> {
        vec![
            answer_collaboration(1, "Antwerpen", "Geel", &["Herselt", "Laakdal"]),
            answer_collaboration(2, "Antwerpen", "Geel", &["Herselt", "Laakdal"]),
            answer_collaboration(3, "Vlaams-Brabant", "De Rand vzw", &["Kraainem"]),
            answer_collaboration(4, "Brussel", "VGC", &[]),
        ]
    }

    fn run_with(figures: Vec<AnswerFigure>) -> Vec<Finding> {
        let mut parts = parts_with(vec![
            municipality("Geel"),
            applicant("De Rand vzw"),
            applicant("VGC"),
        ]);
        parts.grants = vec![
            grant(0, action(5), 100),
            grant(1, action(5), 100),
            grant(2, action(5), 100),
        ];
        parts.facts = Some(AnswerFacts {
            collaborations: small_list(),
            figures,
            ..AnswerFacts::default()
        });
        check(&dataset(parts))
    }

    #[test]
    fn a_count_no_reading_reproduces_is_a_warning_with_the_readings() {
        // Listed: 4 submitters (3 distinct, 2 with partners); partners 5 listed, 3 distinct;
        // municipalities Geel, Herselt, Laakdal, Kraainem = 4; with VGC and De Rand 6.
        let f = run_with(vec![
            figure("project_submitters_in_collaborations", 4),
            figure("local_governments_in_collaborations", 7),
        ]);
        let hit = only(&f, "telling-antwoord");
        assert_eq!(hit.severity, Severity::Waarschuwing);
        assert_eq!(hit.place, "antwoord 2");
        for part in [
            "4 projectindieners: de gegevens geven 4 vermeldingen in de lijst (= vermeld); 3 \
             verschillende indieners; 2 verschillende indieners met partners.",
            "7 samenwerkende lokale besturen: geen enkele lezing geeft dit getal; de gegevens \
             geven 5 vermelde partners; 9 vermelde indieners en partners; 3 verschillende \
             partners; 4 verschillende gemeenten (indieners en partners); 6 verschillende \
             besturen met VGC en vzw De Rand.",
        ] {
            assert!(hit.message.contains(part), "{}", hit.message);
        }
        none(&f, "telling-klopt");
    }

    #[test]
    fn counts_that_a_reading_reproduces_are_info() {
        let f = run_with(vec![
            figure("project_submitters_in_collaborations", 3),
            figure("local_governments_in_collaborations", 4),
            // Geel, Herselt, Laakdal, Kraainem represented; with VGC and De Rand: 6.
            figure("local_governments_applying", 4),
        ]);
        none(&f, "telling-antwoord");
        let hits = with_codes(&f, "telling-klopt");
        assert_eq!(hits.len(), 2, "{f:#?}");
        assert_eq!(hits[0].place, "antwoord 2");
        assert_eq!(hits[1].place, "antwoord 4");
        assert!(hits[1]
            .message
            .contains("4 vertegenwoordigde gemeenten (= vermeld)"));
    }

    #[test]
    fn applying_count_that_differs_is_a_warning() {
        let f = run_with(vec![figure("local_governments_applying", 104)]);
        let hit = only(&f, "telling-antwoord");
        assert_eq!(hit.place, "antwoord 4");
        assert!(hit.message.contains("3 indieners;"), "{}", hit.message);
    }

    #[test]
    fn the_answers_count_against_the_plans_own_site_names_both_sources() {
        // Answer 4 says 104; the plan's site says 103 for the first call.
        let f = run_with(vec![figure("local_governments_applying", 104)]);
        let hit = only(&f, "antwoord-gepubliceerd");
        assert_eq!(hit.severity, Severity::Waarschuwing);
        assert_eq!(hit.place, "antwoord 4");
        assert_eq!(
            hit.message,
            "Antwoord 4 vermeldt 104 lokale besturen die samen met de VGC en vzw De Rand een \
             aanvraag indienden; de website van het Plan Samenleven \
             (https://www.vlaanderen.be/plan-samenleven/over-plan-samenleven) vermeldt voor de \
             eerste oproep 103 (\"103 lokale besturen, de Vlaamse Gemeenschapscommissie en vzw de \
             Rand\"). De bronnen verschillen: ga na welk getal klopt."
        );
        // The same figure in both: nothing to say.
        let f = run_with(vec![figure("local_governments_applying", 103)]);
        none(&f, "antwoord-gepubliceerd");
    }

    #[test]
    fn refused_lines_contradict_answer_3() {
        let f = run_with(vec![figure("refused_applications", 0)]);
        none(&f, "antwoord-geweigerd");
        let mut parts = parts_with(vec![municipality("Geel")]);
        let mut refused = grant(0, action(5), 100);
        refused.status = Status::Refused;
        parts.grants = vec![refused];
        parts.facts = Some(AnswerFacts {
            figures: vec![figure("refused_applications", 0)],
            ..AnswerFacts::default()
        });
        only(&check(&dataset(parts)), "antwoord-geweigerd");
    }

    #[test]
    fn without_the_answers_facts_nothing_is_counted() {
        let parts = parts_with(vec![municipality("Geel")]);
        assert!(check(&dataset(parts)).is_empty());
    }
}
