//! Check 1: the file's own total rows against the computed sums, and the totals against the
//! figures published for the same call.

use super::Code;
use super::{real_province, Finding};
use crate::model::{Dataset, Province, Target, TotalScope, ACTIONS};
use crate::money::format_eur;
use crate::reference;

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let mut out = stated_totals(ds, &ds.stated_totals);
    out.extend(published(ds));
    out
}

/// The total rows of a dataset combined from several files, each against the lines of its own
/// file's call (a file of several calls: against all lines, as for one file).
pub(super) fn stated_totals_per_file(ds: &Dataset) -> Vec<Finding> {
    if ds.files.is_empty() {
        return stated_totals(ds, &ds.stated_totals);
    }
    let mut views: std::collections::BTreeMap<u8, Dataset> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for t in &ds.stated_totals {
        let call = ds
            .file_of_sheet(t.origin.sheet)
            .and_then(|f| match f.calls.as_slice() {
                [c] => Some(*c),
                _ => None,
            });
        let found = match call {
            Some(c) => {
                let view = views.entry(c).or_insert_with(|| ds.for_call(c));
                stated_totals(view, std::slice::from_ref(t))
            }
            None => stated_totals(ds, std::slice::from_ref(t)),
        };
        out.extend(found);
    }
    out
}

/// The published figures of one call of a multi-call dataset, against `view` (its lines only,
/// [`Dataset::for_call`]); every place names the call.
pub(super) fn published_per_call(view: &Dataset, call: u8) -> Vec<Finding> {
    let file = view.file_of_call(call).map(|f| f.name.clone());
    published(view)
        .into_iter()
        .map(|mut f| {
            f.place = match (&file, f.code) {
                (Some(name), Code::GepubliceerdOnbekend) => format!("Oproep {call} ({name})"),
                _ if call == 0 => f.place,
                _ => format!("Oproep {call} / {}", f.place),
            };
            f
        })
        .collect()
}

/// Granted total of the lines the file lists under a province (its column or sheet), falling
/// back on the applicant's province when the line does not say.
fn listed_under(ds: &Dataset, p: Province) -> i64 {
    ds.grants
        .iter()
        .filter(|g| g.is_granted() && ds.counts(g))
        .filter(|g| {
            let listed = g.province_in_file.or_else(|| {
                ds.applicant(g.applicant)
                    .and_then(|a| a.province.or_else(|| real_province(a)))
            });
            listed == Some(p)
        })
        .map(|g| g.amount)
        .sum()
}

fn stated_totals(ds: &Dataset, totals: &[crate::model::StatedTotal]) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in totals {
        let (code, what, computed, alternative, target) = match t.scope {
            TotalScope::Grand => (
                Code::SomTotaal,
                "de regels van het bestand".to_string(),
                ds.total_granted(),
                None,
                Target::All,
            ),
            TotalScope::Province(p) => (
                Code::SomProvincie,
                format!("de regels onder {p}"),
                listed_under(ds, p),
                Some(ds.province_totals(Some(p)).granted),
                Target::Province(p),
            ),
            TotalScope::Applicant(id) => (
                Code::SomAanvrager,
                format!("de regels van {}", super::applicant_name(ds, id)),
                ds.applicant_totals(id).map_or(0, |a| a.granted),
                None,
                Target::Applicant(id),
            ),
        };
        if t.amount == computed || alternative == Some(t.amount) {
            continue;
        }
        out.push(Finding::new(
            code,
            ds.place(t.origin),
            Some(target),
            format!(
                "De totaalrij '{}' vermeldt {}, maar {} tellen op tot {} (verschil {}).",
                t.label,
                format_eur(t.amount),
                what,
                format_eur(computed),
                format_eur(t.amount - computed)
            ),
        ));
    }
    out
}

fn published(ds: &Dataset) -> Vec<Finding> {
    let r = reference::get();
    let Some(call) = ds.call.call else {
        let why = if ds.call.calls_in_file.len() > 1 {
            format!(
                "Het bestand bevat regels van meer dan één oproep ({})",
                ds.call.label()
            )
        } else {
            "De oproep van dit bestand is onbekend".to_string()
        };
        return vec![Finding::new(
            Code::OproepOnbekend,
            ds.source.name.clone(),
            None,
            format!(
                "{why}: de vergelijking van het totaal en de actietotalen met de gepubliceerde \
                 cijfers is overgeslagen. Geef de oproep met --oproep N (of een kolom oproep of \
                 projectjaar in het bestand)."
            ),
        )];
    };
    let how = ds.call.source.describe();
    if !r.published.iter().any(|p| p.call == call) {
        return vec![Finding::new(
            Code::GepubliceerdOnbekend,
            ds.source.name.clone(),
            None,
            format!(
                "Voor oproep {call} ({how}) zijn geen gepubliceerde cijfers bekend; de \
                 vergelijking met gepubliceerde cijfers is overgeslagen."
            ),
        )];
    }
    let mut out = Vec::new();
    if let Some(p) = r.published(call, "total_eur", None) {
        let computed = ds.total_granted();
        if computed != p.value * 100 {
            out.push(Finding::new(
                Code::GepubliceerdTotaal,
                "Totaal",
                Some(Target::All),
                format!(
                    "Het totaal van het bestand is {}, het gepubliceerde totaal van oproep {call} \
                     is {} (verschil {}). De oproep is bekend {how}.",
                    format_eur(computed),
                    format_eur(p.value * 100),
                    format_eur(computed - p.value * 100)
                ),
            ));
        }
    }
    for no in 1..=ACTIONS as u8 {
        let totals = ds.action_totals(no);
        if let Some(p) = r.published(call, "action_eur", Some(no)) {
            let computed = totals.map_or(0, |t| t.granted);
            if computed != p.value * 100 {
                out.push(Finding::new(
                    Code::GepubliceerdActie,
                    format!("Actie {no}"),
                    Some(Target::Action(no)),
                    format!(
                        "Actie {no} telt in het bestand op tot {}, gepubliceerd voor oproep \
                         {call} is {} (verschil {}). De oproep is bekend {how}.",
                        format_eur(computed),
                        format_eur(p.value * 100),
                        format_eur(computed - p.value * 100)
                    ),
                ));
            }
        }
        if let Some(p) = r.published(call, "action_plans", Some(no)) {
            let computed = totals.map_or(0, |t| t.applicants.len());
            if i64::try_from(computed).ok() != Some(p.value) {
                let word = if computed == 1 {
                    "aanvrager"
                } else {
                    "aanvragers"
                };
                out.push(Finding::new(
                    Code::GepubliceerdPlannen,
                    format!("Actie {no}"),
                    Some(Target::Action(no)),
                    format!(
                        "Actie {no} heeft in het bestand {computed} {word} (plannen), \
                         gepubliceerd voor oproep {call} zijn er {}. De oproep is bekend {how}.",
                        p.value
                    ),
                ));
            }
        }
        if let Some(p) = r.published(call, "action_local_governments", Some(no)) {
            let computed = totals.map_or(0, |t| t.represented.len());
            if i64::try_from(computed).ok() != Some(p.value) {
                let without = if ds.facts.is_none() && ds.collaborations.is_empty() {
                    " Het bestand kent geen samenwerkingen: alleen de aanvragers zelf zijn geteld."
                } else {
                    ""
                };
                out.push(Finding::new(
                    Code::GepubliceerdBesturen,
                    format!("Actie {no}"),
                    Some(Target::Action(no)),
                    format!(
                        "Actie {no} vertegenwoordigt in het bestand {computed} lokale besturen, \
                         gepubliceerd voor oproep {call} zijn er {}. De oproep is bekend \
                         {how}.{without}",
                        p.value
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::model::{CallSource, Origin, StatedTotal};
    use crate::testkit::*;

    fn stated(scope: TotalScope, euro: i64, row: u32) -> StatedTotal {
        StatedTotal {
            scope,
            label: "Totaal".to_string(),
            amount: euro * 100,
            origin: Origin { sheet: 0, row },
        }
    }

    fn two_applicants() -> crate::model::DatasetParts {
        let mut parts = parts_with(vec![municipality("Gent"), municipality("Lier")]);
        parts.sheets = vec!["Bijlage".to_string()];
        parts.grants = vec![
            grant(0, action(5), 1000),
            grant(0, action(2), 25000),
            grant(1, action(5), 300),
        ];
        parts
    }

    #[test]
    fn stated_totals_that_do_not_add_up_are_errors() {
        let mut parts = two_applicants();
        parts.stated_totals = vec![
            stated(TotalScope::Grand, 26400, 20),
            stated(TotalScope::Province(Province::Antwerpen), 300, 12),
            stated(TotalScope::Applicant(0), 26100, 9),
        ];
        let f = check(&dataset(parts));
        let grand = only(&f, "som-totaal");
        assert_eq!(grand.severity, Severity::Fout);
        assert_eq!(grand.place, "Blad 'Bijlage', rij 20");
        assert!(grand.message.contains("€ 26.400"), "{}", grand.message);
        assert!(grand.message.contains("€ 26.300"), "{}", grand.message);
        assert!(
            grand.message.contains("verschil € 100"),
            "{}",
            grand.message
        );
        let gent = only(&f, "som-aanvrager");
        assert_eq!(gent.place, "Blad 'Bijlage', rij 9");
        assert_eq!(gent.target, Some(Target::Applicant(0)));
        none(&f, "som-provincie");
    }

    #[test]
    fn stated_totals_that_add_up_give_nothing() {
        let mut parts = two_applicants();
        parts.stated_totals = vec![
            stated(TotalScope::Grand, 26300, 20),
            stated(TotalScope::Province(Province::OostVlaanderen), 26000, 12),
            stated(TotalScope::Applicant(1), 300, 9),
        ];
        let f = check(&dataset(parts));
        none(&f, "som-totaal");
        none(&f, "som-provincie");
        none(&f, "som-aanvrager");
    }

    #[test]
    fn province_subtotal_follows_the_lines_listed_under_it() {
        // Lier's line is listed under Oost-Vlaanderen in the file: the file's subtotal of
        // Oost-Vlaanderen includes it, and that is not a sum error (the province check reports it).
        let mut parts = two_applicants();
        parts.grants[2].province_in_file = Some(Province::OostVlaanderen);
        parts.stated_totals = vec![stated(
            TotalScope::Province(Province::OostVlaanderen),
            26300,
            12,
        )];
        none(&check(&dataset(parts.clone())), "som-provincie");
        parts.stated_totals[0].amount = 2_000_000;
        let f = check(&dataset(parts));
        assert_eq!(
            only(&f, "som-provincie").target,
            Some(Target::Province(Province::OostVlaanderen))
        );
    }

    #[test]
    fn totals_against_published_figures_of_the_call() {
        let mut parts = two_applicants();
        parts.call = call(1, CallSource::Flag);
        let f = check(&dataset(parts));
        let total = only(&f, "gepubliceerd-totaal");
        assert_eq!(total.severity, Severity::Fout);
        assert!(total.message.contains("€ 14.136.359"), "{}", total.message);
        assert!(
            total.message.contains("volgens de optie --oproep"),
            "{}",
            total.message
        );
        let actions: Vec<&str> = with_codes(&f, "gepubliceerd-actie")
            .iter()
            .map(|f| f.place.as_str())
            .collect();
        assert_eq!(actions, vec!["Actie 2", "Actie 5"]);
        assert_eq!(with_codes(&f, "gepubliceerd-besturen").len(), 2);
        // One action-2 plan where 16 were published.
        let plans = only(&f, "gepubliceerd-plannen");
        assert_eq!(plans.place, "Actie 2");
        assert!(
            plans.message.contains("1 aanvrager (plannen)"),
            "{}",
            plans.message
        );
        none(&f, "oproep-onbekend");
    }

    #[test]
    fn totals_equal_to_the_published_figures_give_nothing() {
        // Action 2: 16 plans of € 25.000; action 5: the rest of € 3.389.566; other actions
        // make up the total of € 14.136.359.
        let names = [
            "Gent",
            "Lier",
            "Aalst",
            "Boom",
            "Geel",
            "Mol",
            "Genk",
            "Hasselt",
            "Brugge",
            "Kortrijk",
            "Ieper",
            "Tienen",
            "Leuven",
            "Vilvoorde",
            "Mechelen",
            "Ninove",
        ];
        let mut parts = parts_with(names.iter().map(|n| municipality(n)).collect());
        for i in 0..16 {
            parts.grants.push(grant(i, action(2), 25000));
        }
        parts
            .grants
            .push(grant(0, action(5), 3_389_566 - 8 * 100_000));
        for i in 1..9 {
            parts.grants.push(grant(i, action(5), 100_000));
        }
        parts
            .grants
            .push(grant(0, action(9), 14_136_359 - 400_000 - 3_389_566));
        // 24 local governments for action 2 and 92 for action 5 need collaborations; without
        // them the count differs and is reported (as a warning, the amounts being right).
        parts.call = call(1, CallSource::Column);
        let f = check(&dataset(parts));
        none(&f, "gepubliceerd-totaal");
        none(&f, "gepubliceerd-actie");
        none(&f, "gepubliceerd-plannen");
        assert!(with_codes(&f, "gepubliceerd-besturen")
            .iter()
            .all(|f| f.severity == Severity::Waarschuwing
                && f.message.contains("kent geen samenwerkingen")));
    }

    #[test]
    fn unknown_call_says_the_comparison_was_skipped_and_how_to_give_it() {
        let f = check(&dataset(two_applicants()));
        let skipped = only(&f, "oproep-onbekend");
        assert_eq!(skipped.severity, Severity::Info);
        assert!(
            skipped.message.contains("--oproep N"),
            "{}",
            skipped.message
        );
        none(&f, "gepubliceerd-totaal");
        none(&f, "gepubliceerd-actie");
    }

    #[test]
    fn a_call_without_published_figures_is_said_so() {
        let mut parts = two_applicants();
        parts.call = call(4, CallSource::Title);
        let f = check(&dataset(parts));
        let skipped = only(&f, "gepubliceerd-onbekend");
        assert!(skipped.message.contains("oproep 4"));
        assert!(skipped.message.contains("volgens de titel in het bestand"));
        none(&f, "oproep-onbekend");
    }
}
