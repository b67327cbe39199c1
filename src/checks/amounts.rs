//! Check 7: amounts that are negative or zero, above units × rate of the KPIs, or units above
//! a KPI's yearly maximum. The KPI rates are those of the first call; lines of another (or an
//! unknown) call are skipped, and that is said once.

use super::Code;
use super::{applicant_name, grant_place, Finding};
use crate::model::{Dataset, Grant, Target, Units};
use crate::money::format_eur;
use crate::reference;

pub(super) fn check(ds: &Dataset) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut skipped: Vec<Option<u8>> = Vec::new();
    let mut skipped_lines = 0usize;
    for (gi, g) in ds.grants.iter().enumerate() {
        let target = Some(Target::Grant(gi as u32));
        // Named only in a finding (most lines have none).
        let who = || applicant_name(ds, g.applicant);
        let what = || ds.line_label(g.kind).to_lowercase();
        if g.amount < 0 {
            out.push(Finding::new(
                Code::BedragNegatief,
                grant_place(ds, g),
                target,
                format!(
                    "Negatief bedrag {} voor {}, {}.",
                    format_eur(g.amount),
                    who(),
                    what()
                ),
            ));
            continue;
        }
        if g.amount == 0 && g.is_granted() {
            out.push(Finding::new(
                Code::BedragNul,
                grant_place(ds, g),
                target,
                format!(
                    "Toegekend bedrag € 0 voor {}, {}: een lege of vergeten regel?",
                    who(),
                    what()
                ),
            ));
            continue;
        }
        if g.units.is_empty() || g.action_no().is_none() {
            continue;
        }
        let call = g.call.or(ds.call.call);
        if call != Some(1) {
            skipped_lines += 1;
            if !skipped.contains(&call) {
                skipped.push(call);
            }
            continue;
        }
        out.extend(kpi_findings(ds, gi as u32, g));
    }
    if skipped_lines > 0 {
        let calls: Vec<String> = skipped
            .iter()
            .map(|c| c.map_or_else(|| "onbekend".to_string(), |c| c.to_string()))
            .collect();
        out.push(Finding::new(
            Code::KpiOvergeslagen,
            ds.source.name.clone(),
            None,
            format!(
                "De KPI-tarieven zijn alleen bekend voor oproep 1; de controle van bedrag tegen \
                 eenheden × tarief is overgeslagen voor {skipped_lines} regel(s) met eenheden \
                 (oproep {}). Geef de oproep met --oproep N als die onbekend is.",
                calls.join(", ")
            ),
        ));
    }
    out
}

fn kpi_findings(ds: &Dataset, gi: u32, g: &Grant) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(action) = g.action_no().and_then(|no| reference::get().action(no)) else {
        return out;
    };
    if action.kpis.is_empty() {
        return out;
    }
    let target = Some(Target::Grant(gi));
    let who = || applicant_name(ds, g.applicant);
    // Unknown units count at their yearly maximum: the ceiling is then an upper bound.
    let mut filled = Units::default();
    for (i, kpi) in action.kpis.iter().enumerate().take(3) {
        let units = g.units.get(i);
        if let Some(u) = units {
            if u > kpi.max_units_per_year {
                out.push(Finding::new(
                    Code::EenhedenBovenMaximum,
                    grant_place(ds, g),
                    target,
                    format!(
                        "{}, actie {}: {u} {} is meer dan het jaarlijkse maximum van {} \
                         (oproep 1).",
                        who(),
                        action.no,
                        kpi.unit,
                        kpi.max_units_per_year
                    ),
                ));
            }
        }
        filled.set(i, Some(units.unwrap_or(kpi.max_units_per_year)));
    }
    if let Some(ceiling) = action.ceiling_cents(&filled) {
        if g.amount > ceiling {
            let parts: Vec<String> = action
                .kpis
                .iter()
                .zip(filled.slots().iter())
                .map(|(k, u)| {
                    format!(
                        "{} {} × {}",
                        u.unwrap_or(0),
                        k.unit,
                        format_eur(k.cents_per_unit)
                    )
                })
                .collect();
            out.push(Finding::new(
                Code::BedragBovenPlafond,
                grant_place(ds, g),
                target,
                format!(
                    "{}, actie {}: {} is meer dan eenheden × tarief ({} = {}, tarieven van \
                     oproep 1).",
                    who(),
                    action.no,
                    format_eur(g.amount),
                    parts.join(" + "),
                    format_eur(ceiling)
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
    use crate::model::{CallSource, LineKind, Status};
    use crate::testkit::*;

    fn with_units(mut g: Grant, units: [Option<u32>; 3]) -> Grant {
        g.units = Units::new(units);
        g
    }

    #[test]
    fn negative_and_zero_amounts() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        let mut refused_zero = grant(0, action(9), 0);
        refused_zero.status = Status::Refused;
        parts.grants = vec![
            grant(0, action(5), -100),
            grant(0, action(2), 0),
            refused_zero,
            grant(0, action(7), 1),
        ];
        let f = check(&dataset(parts));
        let neg = only(&f, "bedrag-negatief");
        assert_eq!(neg.severity, Severity::Fout);
        assert!(neg.message.contains("-€ 100"), "{}", neg.message);
        assert_eq!(only(&f, "bedrag-nul").place, "Gent / actie 2");
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn amount_above_units_times_rate_in_call_1() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.call = call(1, CallSource::Flag);
        parts.grants = vec![
            // 100 learners × € 60 = € 6.000 < € 6.001.
            with_units(grant(0, action(5), 6001), [Some(100), None, None]),
            // Action 9 has three KPIs: 10 + 0 + 0 at € 650 = € 6.500; the file gives all three.
            with_units(grant(0, action(9), 6600), [Some(10), Some(0), Some(0)]),
        ];
        let f = check(&dataset(parts));
        let hits = with_codes(&f, "bedrag-boven-plafond");
        assert_eq!(hits.len(), 2, "{f:#?}");
        assert!(
            hits[0]
                .message
                .contains("100 volwassen anderstaligen × € 60 = € 6.000"),
            "{}",
            hits[0].message
        );
        assert_eq!(hits[1].target, Some(Target::Grant(1)));
    }

    #[test]
    fn prorated_amounts_and_partly_known_units_are_fine() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.call = call(1, CallSource::Flag);
        parts.grants = vec![
            // Below units × rate: prorated, normal.
            with_units(grant(0, action(5), 5999), [Some(100), None, None]),
            // Only the first KPI of action 9 known: the others may add up to their maximum.
            with_units(grant(0, action(9), 6600), [Some(10), None, None]),
            // No units: nothing to compare.
            grant(0, action(2), 25000),
            // Not an action of the catalogue.
            with_units(
                grant(0, LineKind::Mentorship(Some(5)), 10000),
                [Some(1), None, None],
            ),
        ];
        assert!(check(&dataset(parts)).is_empty());
    }

    #[test]
    fn units_above_the_yearly_maximum() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.call = call(1, CallSource::Column);
        parts.grants = vec![with_units(
            grant(0, action(22), 10000),
            [Some(5), None, None],
        )];
        let f = check(&dataset(parts));
        let hit = only(&f, "eenheden-boven-maximum");
        assert!(hit
            .message
            .contains("5 pleinmakers is meer dan het jaarlijkse maximum van 4"));
        none(&f, "bedrag-boven-plafond");
    }

    #[test]
    fn other_calls_skip_the_kpi_check_and_say_so() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.call = call(2, CallSource::Column);
        parts.grants = vec![with_units(
            grant(0, action(5), 999_999),
            [Some(9999), None, None],
        )];
        let f = check(&dataset(parts.clone()));
        none(&f, "bedrag-boven-plafond");
        none(&f, "eenheden-boven-maximum");
        assert!(only(&f, "kpi-overgeslagen").message.contains("(oproep 2)"));
        parts.call = None;
        let f = check(&dataset(parts));
        assert!(only(&f, "kpi-overgeslagen")
            .message
            .contains("(oproep onbekend)"));
    }
}
