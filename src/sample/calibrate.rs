//! Calibration: moves KPI units and prorates lines until a group of lines sums to a target.

use crate::model::{Action, LineKind, Province, Units};
use crate::reference::Reference;

use super::{SampleError, SampleLine, SplitMix64};

/// A line being calibrated: units may still move.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) line: SampleLine,
    /// Whether its amount will be prorated below units × rate.
    pub(super) prorate: bool,
    /// Whether units and amount are fixed (action 2, mentorship, bond).
    pub(super) fixed: bool,
}

pub(super) fn ceiling_eur(action: &Action, units: &Units) -> i64 {
    action.ceiling_cents(units).unwrap_or(0) / 100
}

/// Calibrates one call: the open lines of action 5 to `action5` euro, then every other open
/// line so that the call sums to `total` euro; then about half the lines on the
/// West-Vlaanderen sheet get an explanation. `province` gives a draft applicant's province.
pub(super) fn calibrate_call(
    r: &Reference,
    drafts: &mut [Draft],
    rng: &mut SplitMix64,
    (action5, total): (i64, i64),
    province: impl Fn(usize) -> Province,
) -> Result<(), SampleError> {
    let fixed_sum: i64 = drafts
        .iter()
        .filter(|d| d.fixed)
        .map(|d| d.line.amount_eur)
        .sum();
    let is5 = |d: &Draft| d.line.kind == LineKind::Action(5);
    calibrate(r, drafts, rng, action5, |d| !d.fixed && is5(d))?;
    calibrate(r, drafts, rng, total - action5 - fixed_sum, |d| {
        !d.fixed && !is5(d)
    })?;
    for d in drafts.iter_mut() {
        if province(d.line.applicant) == Province::WestVlaanderen && rng.chance(1, 2) {
            d.line.toelichting = Some(super::explanation(d.line.kind).to_string());
        }
    }
    Ok(())
}

/// Makes the selected drafts sum to `target` euro exactly: first moves KPI units (keeping every
/// unit within the yearly maximum) until the capacity is a little above the target, then
/// prorates a chosen subset of lines below units × rate.
fn calibrate(
    r: &Reference,
    drafts: &mut [Draft],
    rng: &mut SplitMix64,
    target: i64,
    select: impl Fn(&Draft) -> bool,
) -> Result<(), SampleError> {
    let idx: Vec<usize> = (0..drafts.len()).filter(|i| select(&drafts[*i])).collect();
    if idx.is_empty() {
        return Err(SampleError::Calibration(
            "geen lijnen om te kalibreren".into(),
        ));
    }
    let action_of = |d: &Draft| -> Result<&Action, SampleError> {
        match d.line.kind {
            LineKind::Action(no) => r
                .action(no)
                .ok_or_else(|| SampleError::Calibration(format!("actie {no}"))),
            _ => Err(SampleError::Calibration("geen actie".into())),
        }
    };
    for &i in &idx {
        drafts[i].prorate = drafts[i].line.amount_eur >= 2_000 && rng.chance(3, 10);
    }
    if !idx.iter().any(|&i| drafts[i].prorate) {
        drafts[idx[0]].prorate = true;
    }
    let ceiling =
        |d: &Draft| -> Result<i64, SampleError> { Ok(ceiling_eur(action_of(d)?, &d.line.units)) };

    // Move units one at a time, round robin, until the gap D = capacity − target is between
    // 15 % and 25 % of the prorated lines' capacity.
    let mut capacity: i64 = 0;
    let mut prorated_capacity: i64 = 0;
    for &i in &idx {
        let c = ceiling(&drafts[i])?;
        capacity += c;
        if drafts[i].prorate {
            prorated_capacity += c;
        }
    }
    let mut cursor = 0usize;
    let mut idle = 0usize;
    let mut steps = 0u32;
    loop {
        let gap = capacity - target;
        let grow = gap * 100 < prorated_capacity * 15;
        let shrink = gap * 100 > prorated_capacity * 25;
        if !grow && !shrink {
            break;
        }
        steps += 1;
        if steps > 5_000_000 || idle > idx.len() {
            return Err(SampleError::Calibration(format!(
                "doel € {target} niet haalbaar (capaciteit € {capacity})"
            )));
        }
        let i = idx[cursor % idx.len()];
        cursor += 1;
        let d = &mut drafts[i];
        if shrink && d.prorate {
            idle += 1;
            continue;
        }
        let a = action_of(d)?;
        // The KPI to move: grow the first used KPI below its maximum, shrink the largest one.
        let mut pick: Option<usize> = None;
        for (k, kpi) in a.kpis.iter().enumerate().take(3) {
            let u = d.line.units.get(k).unwrap_or(0);
            if grow && u > 0 && u < kpi.max_units_per_year {
                pick = Some(k);
                break;
            }
            if shrink && u > 1 {
                let better = match pick {
                    None => true,
                    Some(p) => u > d.line.units.get(p).unwrap_or(0),
                };
                if better {
                    pick = Some(k);
                }
            }
        }
        let Some(k) = pick else {
            idle += 1;
            continue;
        };
        idle = 0;
        let rate = a.kpis[k].cents_per_unit / 100;
        let u = d.line.units.get(k).unwrap_or(0);
        d.line.units.set(k, Some(if grow { u + 1 } else { u - 1 }));
        let delta = if grow { rate } else { -rate };
        capacity += delta;
        if d.prorate {
            prorated_capacity += delta;
        }
    }

    // Every line not prorated gets exactly units × rate. The prorated ones share the rest:
    // each line gets its capacity × its own weight (70-95 %) × a common scale, at most 98,5 %
    // of its capacity, in whole euros; the scale is the largest that does not overshoot.
    let mut rest = target;
    for &i in &idx {
        let c = ceiling(&drafts[i])?;
        drafts[i].line.amount_eur = c;
        if !drafts[i].prorate {
            rest -= c;
        }
    }
    let prorated: Vec<(usize, i64, i64)> = idx
        .iter()
        .copied()
        .filter(|&i| drafts[i].prorate)
        .map(|i| (i, drafts[i].line.amount_eur, i64::from(rng.range(700, 950))))
        .collect();
    let share =
        |scale: i64, c: i64, w: i64| (c * w * scale / 1_000_000_000).min(c * 985 / 1000).max(1);
    let sum_at = |scale: i64| -> i64 { prorated.iter().map(|&(_, c, w)| share(scale, c, w)).sum() };
    // Scale in millionths; sum_at is monotone in the scale.
    let (mut lo, mut hi) = (0i64, 2_000_000i64);
    if sum_at(hi) < rest || sum_at(lo) > rest {
        return Err(SampleError::Calibration(format!(
            "rest € {rest} niet te verdelen over {} lijnen",
            prorated.len()
        )));
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if sum_at(mid) <= rest {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut left = rest;
    for &(i, c, w) in &prorated {
        let a = share(lo, c, w);
        drafts[i].line.amount_eur = a;
        left -= a;
    }
    // Less than one euro per line is left; hand it out in line order where there is room.
    for &(i, c, _) in &prorated {
        if left == 0 {
            break;
        }
        if drafts[i].line.amount_eur < c * 985 / 1000 {
            drafts[i].line.amount_eur += 1;
            left -= 1;
        }
    }
    if left != 0 {
        return Err(SampleError::Calibration(format!(
            "rest € {left} niet te verdelen"
        )));
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::reference;

    pub(crate) fn draft(no: u8, units: [u32; 3]) -> Draft {
        let a = reference::get().action(no).unwrap();
        let mut u = Units::default();
        for (k, n) in units.into_iter().enumerate().take(a.kpis.len()) {
            u.set(k, Some(n));
        }
        Draft {
            line: SampleLine {
                applicant: 0,
                kind: LineKind::Action(no),
                units: u,
                amount_eur: ceiling_eur(a, &u),
                toelichting: None,
                mentorship_title: None,
            },
            prorate: false,
            fixed: false,
        }
    }

    fn lines() -> Vec<Draft> {
        vec![
            draft(5, [1000, 0, 0]),
            draft(5, [500, 0, 0]),
            draft(9, [100, 10, 20]),
            draft(17, [100, 50, 0]),
            draft(22, [2, 0, 0]),
            draft(20, [150, 0, 0]),
        ]
    }

    fn within_catalogue(d: &Draft) {
        let LineKind::Action(no) = d.line.kind else {
            panic!("not an action")
        };
        let a = reference::get().action(no).unwrap();
        for (k, kpi) in a.kpis.iter().enumerate() {
            assert!(d.line.units.get(k).unwrap() <= kpi.max_units_per_year);
        }
        assert!(d.line.amount_eur >= 1);
        assert!(d.line.amount_eur <= ceiling_eur(a, &d.line.units));
    }

    #[test]
    fn calibration_hits_a_target_exactly_from_above_and_from_below() {
        let r = reference::get();
        // Capacity of lines() is 60.000 + 30.000 + 85.800 + 13.500 + 11.600 + 25.500 = 226.400.
        for target in [123_457, 226_399, 301_001] {
            let mut d = lines();
            let mut rng = SplitMix64(7);
            calibrate(r, &mut d, &mut rng, target, |_| true).unwrap();
            assert_eq!(d.iter().map(|x| x.line.amount_eur).sum::<i64>(), target);
            d.iter().for_each(within_catalogue);
            assert!(d.iter().any(|x| x.prorate));
        }
    }

    #[test]
    fn calibration_fails_rather_than_breaking_a_maximum() {
        let r = reference::get();
        let all_max = 135_000 * 2 + 170_950 + 27_000 + 23_200 + 51_000;
        let mut d = lines();
        let err = calibrate(r, &mut d, &mut SplitMix64(7), all_max, |_| true).unwrap_err();
        assert!(err.to_string().contains("niet haalbaar"), "{err}");
        // Far below what one unit per KPI allows on the lines that are not prorated.
        let mut d = lines();
        assert!(calibrate(r, &mut d, &mut SplitMix64(7), 500, |_| true).is_err());
    }
}
