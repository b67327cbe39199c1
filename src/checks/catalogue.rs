//! Check 6: the catalogue of actions. An action number written with another action's title (in
//! the file or in the answer), lines for actions not subsidised in the call, unknown actions,
//! and titles read as an action by their words.

use super::Code;
use std::collections::BTreeMap;

use super::{grant_place, Finding};
use crate::model::{Dataset, LineKind, Target};
use crate::money::count;
use crate::reference;

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let mut out = number_and_title(ds);
    out.extend(answer_references(ds));
    out.extend(not_subsidised(ds));
    out.extend(unknown(ds));
    out.extend(readings(ds));
    out
}

fn title(no: u8) -> String {
    reference::get()
        .action(no)
        .map_or_else(|| format!("actie {no}"), |a| a.name.clone())
}

/// First line and line count per key, in file order of the first line.
fn group<K: Ord + Copy>(
    ds: &Dataset,
    key: impl Fn(&crate::model::Grant) -> Option<K>,
) -> Vec<(K, u32, usize)> {
    let mut groups: BTreeMap<K, (u32, usize)> = BTreeMap::new();
    for (gi, g) in ds.grants.iter().enumerate() {
        if let Some(k) = key(g) {
            let e = groups.entry(k).or_insert((gi as u32, 0));
            e.1 += 1;
        }
    }
    let mut v: Vec<(K, u32, usize)> = groups.into_iter().map(|(k, (f, n))| (k, f, n)).collect();
    v.sort_by_key(|(_, first, _)| *first);
    v
}

fn lines_text(n: usize) -> String {
    count(n, "regel", "regels")
}

fn number_and_title(ds: &Dataset) -> Vec<Finding> {
    let groups = group(ds, |g| {
        let w = g.action_written.as_ref()?;
        match (w.number, w.title_match) {
            (Some(n), Some(t)) if n != t => Some((n, t)),
            _ => None,
        }
    });
    let mut out = Vec::new();
    for ((number, titled), first, n) in groups {
        let Some(g) = ds.grants.get(first as usize) else {
            continue;
        };
        let written = g
            .action_written
            .as_ref()
            .map_or_else(String::new, |w| w.text.to_string());
        out.push(Finding::new(
            Code::ActieNummerTitel,
            grant_place(ds, g),
            Some(Target::Grant(first)),
            format!(
                "'{written}' ({}): actie {number} heet in de catalogus '{}', de titel is die \
                 van actie {titled} ('{}'). Het bestand telt de regel als actie {}.",
                lines_text(n),
                title(number),
                title(titled),
                g.action_no()
                    .map_or_else(|| "?".to_string(), |a| a.to_string())
            ),
        ));
    }
    out
}

fn answer_references(ds: &Dataset) -> Vec<Finding> {
    let Some(facts) = ds.facts.as_ref() else {
        return Vec::new();
    };
    facts
        .action_references
        .iter()
        .filter(|r| r.action_no_as_published != r.action_no_in_catalogue)
        .map(|r| {
            Finding::new(
                Code::AntwoordActienummer,
                format!("antwoord {}", r.answer_item),
                Some(Target::Action(r.action_no_in_catalogue)),
                format!(
                    "Antwoord {} noemt '{}' actie {}; in de catalogus is dat actie {} ('{}'). \
                     Actie {} is '{}'.",
                    r.answer_item,
                    r.subject_as_published,
                    r.action_no_as_published,
                    r.action_no_in_catalogue,
                    title(r.action_no_in_catalogue),
                    r.action_no_as_published,
                    title(r.action_no_as_published)
                ),
            )
        })
        .collect()
}

fn not_subsidised(ds: &Dataset) -> Vec<Finding> {
    let groups = group(ds, |g| {
        let no = g.action_no()?;
        let action = reference::get().action(no)?;
        let call = g.call.or(ds.call.call);
        let expected = match call {
            Some(c) => action.funding.subsidised_in(c),
            // Without a call, only actions never subsidised by the plan are certain.
            None => action.funding != crate::model::Funding::Elsewhere,
        };
        (!expected).then_some((no, call))
    });
    let mut out = Vec::new();
    for ((no, call), first, n) in groups {
        let Some(g) = ds.grants.get(first as usize) else {
            continue;
        };
        let why = match reference::get().action(no).map(|a| a.funding) {
            Some(crate::model::Funding::FromCall2) => format!(
                "wordt pas vanaf de tweede oproep gesubsidieerd (dit is oproep {})",
                call.map_or_else(|| "?".to_string(), |c| c.to_string())
            ),
            _ => "wordt niet door het Plan Samenleven gesubsidieerd maar via andere \
                  instrumenten"
                .to_string(),
        };
        out.push(Finding::new(
            Code::ActieNietGesubsidieerd,
            grant_place(ds, g),
            Some(Target::Grant(first)),
            format!(
                "Actie {no} ('{}') {why}; toch staan er {} voor.",
                title(no),
                lines_text(n)
            ),
        ));
    }
    out
}

fn unknown(ds: &Dataset) -> Vec<Finding> {
    let groups = group(ds, |g| match g.kind {
        LineKind::UnknownAction(i) => Some(i),
        _ => None,
    });
    let mut out = Vec::new();
    for (_, first, n) in groups {
        let Some(g) = ds.grants.get(first as usize) else {
            continue;
        };
        let label = ds.line_label(g.kind);
        let hint = reference::get()
            .match_action_title(&label)
            .map_or_else(String::new, |no| {
                format!(" Lijkt op actie {no} ('{}').", title(no))
            });
        let counted = match ds.line_objective(g.kind) {
            Some(o) => format!(
                "in het totaal en in doelstelling {}, waaronder het bestand ze zet",
                objective_name(o)
            ),
            None => "in het totaal, niet in een doelstelling".to_string(),
        };
        out.push(Finding::new(
            Code::ActieOnbekend,
            grant_place(ds, g),
            Some(Target::Grant(first)),
            format!(
                "'{label}' is geen actie van de catalogus ({}); de bedragen tellen mee \
                 {counted}.{hint}",
                lines_text(n)
            ),
        ));
    }
    out
}

/// "7 (Eén gemeenschap)".
fn objective_name(no: u8) -> String {
    reference::get()
        .objective(no)
        .map_or_else(|| no.to_string(), |o| format!("{no} ({})", o.name))
}

/// Titles outside the catalogue that the loader read as an action of the objective the file
/// states, by the words they share: which title was read as which action.
fn readings(ds: &Dataset) -> Vec<Finding> {
    ds.action_readings
        .iter()
        .filter(|r| r.lines > 0)
        .map(|r| {
            let words: Vec<String> = r.words.iter().map(|w| format!("'{w}'")).collect();
            Finding::new(
                Code::ActieTitelGelezen,
                ds.place(r.origin),
                Some(Target::Action(r.action)),
                format!(
                    "'{}' staat in de catalogus niet als titel en is gelezen als actie {} ('{}') \
                     van doelstelling {}, waaronder het bestand de titel zet; gedeelde woorden: \
                     {} ({}). Is dat een andere actie, schrijf dan het actienummer in de titel.",
                    r.label,
                    r.action,
                    title(r.action),
                    objective_name(r.objective),
                    super::join_dutch(&words),
                    lines_text(r.lines as usize)
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::model::{
        ActionReading, ActionReference, ActionWritten, AnswerFacts, CallSource, Origin,
        UnknownAction,
    };
    use crate::testkit::*;

    fn written(
        mut g: crate::model::Grant,
        text: &str,
        number: u8,
        title_match: u8,
    ) -> crate::model::Grant {
        g.action_written = Some(std::sync::Arc::new(ActionWritten {
            text: text.into(),
            number: Some(number),
            title_match: Some(title_match),
        }));
        g
    }

    #[test]
    fn a_number_with_another_actions_title() {
        let mut parts = parts_with(vec![municipality("Gent"), municipality("Lier")]);
        parts.grants = vec![
            written(
                grant(0, action(15), 100),
                "15 Oefenkansen Nederlands",
                15,
                5,
            ),
            written(
                grant(1, action(15), 100),
                "15 Oefenkansen Nederlands",
                15,
                5,
            ),
            written(grant(1, action(5), 100), "5 Oefenkansen Nederlands", 5, 5),
        ];
        let f = check(&dataset(parts));
        let hit = only(&f, "actie-nummer-titel");
        assert_eq!(hit.place, "Gent / actie 15");
        assert!(hit.message.contains("(2 regels)"), "{}", hit.message);
        assert!(
            hit.message.contains("de titel is die van actie 5"),
            "{}",
            hit.message
        );
    }

    #[test]
    fn the_answer_numbering_an_action_wrongly() {
        let reference = |item: &str, published, catalogue| ActionReference {
            answer_item: item.to_string(),
            action_no_as_published: published,
            subject_as_published: "oefenkansen Nederlands".to_string(),
            action_no_in_catalogue: catalogue,
        };
        let mut parts = parts_with(vec![]);
        parts.facts = Some(AnswerFacts {
            action_references: vec![reference("9c", 15, 5), reference("9e", 15, 15)],
            ..AnswerFacts::default()
        });
        let f = check(&dataset(parts));
        let hit = only(&f, "antwoord-actienummer");
        assert_eq!(hit.place, "antwoord 9c");
        assert_eq!(hit.target, Some(Target::Action(5)));
        assert!(hit
            .message
            .contains("actie 15; in de catalogus is dat actie 5"));
    }

    #[test]
    fn actions_not_subsidised_in_the_call() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.grants = vec![
            grant(0, action(1), 100),
            grant(0, action(12), 100),
            grant(0, action(23), 100),
            grant(0, action(5), 100),
        ];
        parts.call = call(1, CallSource::Flag);
        let f = check(&dataset(parts.clone()));
        let places: Vec<&str> = with_codes(&f, "actie-niet-gesubsidieerd")
            .iter()
            .map(|f| f.place.as_str())
            .collect();
        assert_eq!(
            places,
            vec!["Gent / actie 1", "Gent / actie 12", "Gent / actie 23"]
        );
        // From the second call on, action 23 is subsidised.
        parts.call = call(2, CallSource::Flag);
        let f = check(&dataset(parts.clone()));
        assert_eq!(with_codes(&f, "actie-niet-gesubsidieerd").len(), 2);
        // Without a call, action 23 may be right; 1 and 12 never are.
        parts.call = None;
        assert_eq!(
            with_codes(&check(&dataset(parts)), "actie-niet-gesubsidieerd").len(),
            2
        );
    }

    #[test]
    fn subsidised_and_consistent_actions_give_nothing() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.grants = vec![
            written(
                grant(0, action(5), 100),
                "Actie 5: Oefenkansen Nederlands",
                5,
                5,
            ),
            grant(0, action(2), 100),
            grant(0, LineKind::SocialImpactBond, 100),
        ];
        parts.call = call(1, CallSource::Column);
        assert!(check(&dataset(parts)).is_empty());
    }

    #[test]
    fn unknown_actions_are_reported() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.unknown_actions = vec![UnknownAction {
            label: "Vrijwilligerswerk stimuleren".to_string(),
            objective: None,
        }];
        parts.grants = vec![at(grant(0, LineKind::UnknownAction(0), 100), 8)];
        let f = check(&dataset(parts));
        let hit = only(&f, "actie-onbekend");
        assert_eq!(hit.place, "rij 8");
        assert!(hit.message.contains("'Vrijwilligerswerk stimuleren'"));
        assert!(
            hit.message.contains("niet in een doelstelling"),
            "{}",
            hit.message
        );
    }

    #[test]
    fn an_unknown_action_under_an_objective_says_it_counts_there() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.unknown_actions = vec![UnknownAction {
            label: "Buurtfeesten".to_string(),
            objective: Some(7),
        }];
        parts.grants = vec![grant(0, LineKind::UnknownAction(0), 100)];
        let f = check(&dataset(parts));
        let hit = only(&f, "actie-onbekend");
        assert!(
            hit.message
                .contains("in het totaal en in doelstelling 7 (Eén gemeenschap)"),
            "{}",
            hit.message
        );
    }

    #[test]
    fn a_title_read_by_its_words_is_reported_with_the_words() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.sheets = vec!["Bijlage 1".to_string()];
        parts.grants = vec![grant(0, action(21), 100), grant(0, action(21), 50)];
        let reading = |lines| ActionReading {
            label: "Toeleiding naar de lerarenopleiding".to_string(),
            objective: 7,
            action: 21,
            words: vec!["lerarenopleiding".to_string()],
            origin: Origin { sheet: 0, row: 3 },
            lines,
        };
        parts.action_readings = vec![reading(2), reading(0)];
        let f = check(&dataset(parts));
        let hit = only(&f, "actie-titel-gelezen");
        assert_eq!(hit.severity, Severity::Info);
        assert_eq!(hit.place, "Blad 'Bijlage 1', rij 3");
        assert_eq!(hit.target, Some(Target::Action(21)));
        assert_eq!(
            hit.message,
            "'Toeleiding naar de lerarenopleiding' staat in de catalogus niet als titel en is \
             gelezen als actie 21 ('Begeleiding naar lerarenopleiding') van doelstelling 7 \
             (Eén gemeenschap), waaronder het bestand de titel zet; gedeelde woorden: \
             'lerarenopleiding' (2 regels). Is dat een andere actie, schrijf dan het \
             actienummer in de titel."
        );
    }
}
