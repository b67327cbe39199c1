//! The second, synthetic call of the bundled sample (`data/annex/oproep2_voorbeeld.xlsx`,
//! issue 17): made from the first call's plan so that the two can be compared, and calibrated so
//! that what is published for call 2 (`data/published_call_figures.csv`) holds exactly.
//!
//! Every applicant of call 1 continues (most amounts change, a few grants stop, some actions are
//! new), 40 local governments are new (the published note: "40 nieuwe lokale besturen tekenen
//! in voor 2de jaar Plan Samenleven"): 30 apply alone, 10 in two new collaborations. The
//! collaborations are stated in the file itself (a `Partners` column), since the facts of answer
//! 492 belong to call 1. The stimulus for a social impact bond (answer 8) was a one-off: it
//! stops.

use std::collections::BTreeSet;

use crate::model::{LineKind, MunicipalitySet, Province, Units};
use crate::reference::{self, Reference};

use super::calibrate::{calibrate_call, ceiling_eur, Draft};
use super::{
    line_order, municipality_name, sort_key, SampleApplicant, SampleBody, SampleError, SampleLine,
    SamplePlan, SplitMix64, Tier,
};

/// Published total of the second call, in euro.
pub const CALL2_TOTAL_EUR: i64 = 16_907_780;
/// Published total of action 2 in call 2 (19 plans of € 25.000).
pub const CALL2_ACTION2_EUR: i64 = 475_000;
pub const CALL2_ACTION2_PLANS: usize = 19;
pub const CALL2_ACTION2_LOCAL_GOVERNMENTS: usize = 34;
/// Published total of action 5 in call 2.
pub const CALL2_ACTION5_EUR: i64 = 4_030_860;
pub const CALL2_ACTION5_LOCAL_GOVERNMENTS: usize = 135;
/// Local governments new in call 2 (the published note of the second year).
pub const CALL2_NEW_LOCAL_GOVERNMENTS: usize = 40;
/// Where the generated workbook of call 2 is committed, relative to the crate root.
pub const SAMPLE_CALL2_PATH: &str = "data/annex/oproep2_voorbeeld.xlsx";

const SEED2: u64 = 0x4F50_524F_4550_0002;
/// New collaborations: a lead and four partners each.
const NEW_COLLABORATIONS: usize = 2;
const NEW_PARTNERS: usize = 4;
/// Call-1 applicants without action 5 that take it up in call 2 (92 + 3 + 40 = 135).
const START_ACTION5: usize = 3;

/// The second call's plan, made from the first call's.
pub fn plan_call2(call1: &SamplePlan) -> Result<SamplePlan, SampleError> {
    let r = reference::get();
    let mut rng = SplitMix64(SEED2);
    let mut applicants: Vec<SampleApplicant> = call1.applicants.clone();
    let mut covered = MunicipalitySet::default();
    for a in &applicants {
        covered.union_with(&a.represented);
    }
    // New local governments: drawn from the municipalities not represented in call 1.
    let mut free: Vec<u16> = (0..r.municipalities.len() as u16)
        .filter(|m| !covered.contains(*m))
        .collect();
    // A municipality not yet drawn, of `province` when given (partners lie near their lead).
    let mut draw = |rng: &mut SplitMix64, province: Option<Province>| -> Option<u16> {
        let fits: Vec<usize> = (0..free.len())
            .filter(|i| {
                province.is_none() || r.municipality(free[*i]).map(|m| m.province) == province
            })
            .collect();
        if fits.is_empty() {
            return None;
        }
        let i = fits[(rng.next_u64() % fits.len() as u64) as usize];
        Some(free.remove(i))
    };
    let singles = CALL2_NEW_LOCAL_GOVERNMENTS - NEW_COLLABORATIONS * (NEW_PARTNERS + 1);
    let mut fresh: Vec<SampleApplicant> = Vec::new();
    for k in 0..NEW_COLLABORATIONS + singles {
        let lead = draw(&mut rng, None).ok_or_else(|| fail("te weinig nieuwe gemeenten"))?;
        let lead_province = r.municipality(lead).map(|m| m.province);
        let mut represented = MunicipalitySet::default();
        represented.insert(lead);
        if k < NEW_COLLABORATIONS {
            for _ in 0..NEW_PARTNERS {
                let p = draw(&mut rng, lead_province)
                    .ok_or_else(|| fail("te weinig nieuwe partners"))?;
                represented.insert(p);
            }
        }
        let name = municipality_name(r, lead)?.to_string();
        let province = r
            .municipality(lead)
            .map(|m| m.province)
            .ok_or_else(|| fail(&name))?;
        fresh.push(SampleApplicant {
            written: name.clone(),
            total_label: format!("Totaal {name}"),
            body: SampleBody::Municipality(lead),
            province,
            tier: if k < NEW_COLLABORATIONS {
                Tier::Medium
            } else {
                Tier::Small
            },
            represented,
        });
    }
    let first_new = applicants.len();
    applicants.extend(fresh);

    let subsidised = |no: u8| r.action(no).is_some_and(|a| a.funding.subsidised_in(2));
    let pool: Vec<u8> = r
        .actions
        .iter()
        .filter(|a| a.funding.subsidised_in(2) && !a.kpis.is_empty())
        .map(|a| a.no)
        .filter(|no| *no != 2 && *no != 5)
        .collect();

    // Which call-1 applicants without action 5 take it up.
    let without5: Vec<usize> = (0..first_new)
        .filter(|ai| {
            !call1
                .lines
                .iter()
                .any(|l| l.applicant == *ai && l.kind == LineKind::Action(5))
        })
        .collect();
    let start5: BTreeSet<usize> = without5.iter().copied().take(START_ACTION5).collect();
    // Which applicants without action 2 take it up: three plans that add exactly 10 local
    // governments (19 plans, 34 local governments).
    let with2: Vec<usize> = call1
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Action(2))
        .map(|l| l.applicant)
        .collect();
    let mut rep2 = MunicipalitySet::default();
    for ai in &with2 {
        rep2.union_with(&applicants[*ai].represented);
    }
    let start2 = pick_plans(&applicants, &with2, &rep2)?;

    let mut drafts: Vec<Draft> = Vec::new();
    for (ai, a) in applicants.iter().enumerate() {
        let old: Vec<&SampleLine> = call1.lines.iter().filter(|l| l.applicant == ai).collect();
        let mut kinds: BTreeSet<LineKind> = BTreeSet::new();
        for l in &old {
            match l.kind {
                // A one-off stimulus (answer 8): not renewed.
                LineKind::SocialImpactBond => {}
                LineKind::Action(no) if no != 2 && no != 5 && rng.chance(1, 12) => {
                    // A few grants stop.
                }
                k => {
                    kinds.insert(k);
                }
            }
        }
        if ai >= first_new || start5.contains(&ai) {
            kinds.insert(LineKind::Action(5));
        }
        if start2.contains(&ai) {
            kinds.insert(LineKind::Action(2));
        }
        // Some new actions: every new applicant two to four, a continuing one now and then.
        let extra = if ai >= first_new {
            rng.range(1, 3) as usize
        } else if rng.chance(1, 4) {
            1
        } else {
            0
        };
        let mut choices: Vec<u8> = pool
            .iter()
            .copied()
            .filter(|no| !kinds.contains(&LineKind::Action(*no)))
            .collect();
        for _ in 0..extra {
            if choices.is_empty() {
                break;
            }
            let i = (rng.next_u64() % choices.len() as u64) as usize;
            kinds.insert(LineKind::Action(choices.remove(i)));
        }
        let (lo, hi) = match a.tier {
            Tier::Metropolitan => (800, 1000),
            Tier::Large => (600, 1000),
            Tier::Medium => (400, 850),
            Tier::Small => (250, 650),
        };
        for kind in kinds {
            let previous = old.iter().find(|l| l.kind == kind);
            let line = match kind {
                LineKind::Action(2) => SampleLine {
                    applicant: ai,
                    kind,
                    units: Units::new([Some(1), None, None]),
                    amount_eur: 25_000,
                    toelichting: None,
                    mentorship_title: None,
                },
                LineKind::Action(no) => {
                    if !subsidised(no) {
                        continue;
                    }
                    let action = r.action(no).ok_or_else(|| fail("actie ontbreekt"))?;
                    let mut units = Units::default();
                    for (k, kpi) in action.kpis.iter().enumerate().take(3) {
                        let max = u64::from(kpi.max_units_per_year);
                        let u = match previous.and_then(|l| l.units.get(k)) {
                            // Continuing: the units of call 1, changed by −15 % to +30 %.
                            Some(u) => {
                                let permille = u64::from(rng.range(850, 1300));
                                (u64::from(u) * permille / 1000).min(max)
                            }
                            None if k == 0 => {
                                (max * u64::from(rng.range(lo, hi)) / 1000).clamp(1, max)
                            }
                            None => (max * u64::from(rng.range(lo, hi)) / 2000).min(max),
                        };
                        units.set(k, Some(u as u32));
                    }
                    if units.get(0) == Some(0) {
                        units.set(0, Some(1));
                    }
                    SampleLine {
                        applicant: ai,
                        kind,
                        units,
                        amount_eur: ceiling_eur(action, &units),
                        toelichting: None,
                        mentorship_title: None,
                    }
                }
                _ => match previous {
                    Some(l) => SampleLine {
                        toelichting: None,
                        ..(*l).clone()
                    },
                    None => continue,
                },
            };
            let fixed = !matches!(line.kind, LineKind::Action(no) if no != 2);
            drafts.push(Draft {
                line,
                prorate: false,
                fixed,
            });
        }
    }

    calibrate_call(
        r,
        &mut drafts,
        &mut rng,
        (CALL2_ACTION5_EUR, CALL2_TOTAL_EUR),
        |i| applicants[i].province,
    )?;

    // Sheet order: province, then name; lines per applicant in catalogue order.
    let mut order: Vec<usize> = (0..applicants.len()).collect();
    order.sort_by_key(|i| (applicants[*i].province, sort_key(&applicants[*i])));
    let mut new_index = vec![0usize; applicants.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let mut lines: Vec<SampleLine> = drafts
        .into_iter()
        .map(|d| SampleLine {
            applicant: new_index[d.line.applicant],
            ..d.line
        })
        .collect();
    lines.sort_by_key(|l| (l.applicant, line_order(r, l.kind)));
    let plan = SamplePlan {
        applicants: order.iter().map(|i| applicants[*i].clone()).collect(),
        lines,
    };
    verify_call2(r, &plan)?;
    Ok(plan)
}

fn fail(what: &str) -> SampleError {
    SampleError::Calibration(format!("oproep 2: {what}"))
}

/// Three applicants without action 2 whose plans add exactly the local governments missing.
fn pick_plans(
    applicants: &[SampleApplicant],
    with2: &[usize],
    rep2: &MunicipalitySet,
) -> Result<BTreeSet<usize>, SampleError> {
    let need_plans = CALL2_ACTION2_PLANS - with2.len();
    let need = CALL2_ACTION2_LOCAL_GOVERNMENTS - rep2.len();
    let candidates: Vec<usize> = (0..applicants.len())
        .filter(|i| !with2.contains(i) && !applicants[*i].represented.is_empty())
        .collect();
    let gain = |set: &[usize]| {
        let mut s = *rep2;
        for i in set {
            s.union_with(&applicants[*i].represented);
        }
        s.len() - rep2.len()
    };
    if need_plans != 3 {
        return Err(fail("verwacht drie nieuwe actieplannen"));
    }
    for (x, a) in candidates.iter().enumerate() {
        for (y, b) in candidates.iter().enumerate().skip(x + 1) {
            for c in candidates.iter().skip(y + 1) {
                if gain(&[*a, *b, *c]) == need {
                    return Ok([*a, *b, *c].into_iter().collect());
                }
            }
        }
    }
    Err(fail(
        "geen drie actieplannen met het gepubliceerde aantal besturen",
    ))
}

/// The published figures of call 2, counted on the plan independently of how it was made.
fn verify_call2(r: &Reference, plan: &SamplePlan) -> Result<(), SampleError> {
    let mut seen = BTreeSet::new();
    let (mut total, mut sum2, mut sum5, mut n2) = (0i64, 0i64, 0i64, 0usize);
    let (mut rep2, mut rep5, mut all) = (
        MunicipalitySet::default(),
        MunicipalitySet::default(),
        MunicipalitySet::default(),
    );
    for l in &plan.lines {
        let a = plan
            .applicants
            .get(l.applicant)
            .ok_or_else(|| fail("lijn zonder aanvrager"))?;
        if !seen.insert((l.applicant, l.kind)) || l.amount_eur <= 0 {
            return Err(fail(&format!("{}: lijn {:?}", a.written, l.kind)));
        }
        total += l.amount_eur;
        all.union_with(&a.represented);
        if let LineKind::Action(no) = l.kind {
            let act = r.action(no).ok_or_else(|| fail("actie"))?;
            if !act.funding.subsidised_in(2) {
                return Err(fail(&format!("actie {no} niet in oproep 2")));
            }
            for (k, kpi) in act.kpis.iter().enumerate() {
                if l.units.get(k).unwrap_or(0) > kpi.max_units_per_year {
                    return Err(fail(&format!(
                        "{}: actie {no} boven het maximum",
                        a.written
                    )));
                }
            }
            if no == 2 {
                sum2 += l.amount_eur;
                n2 += 1;
                rep2.union_with(&a.represented);
            }
            if no == 5 {
                sum5 += l.amount_eur;
                rep5.union_with(&a.represented);
            }
        }
    }
    let checks = [
        (total, CALL2_TOTAL_EUR, "totaal"),
        (sum2, CALL2_ACTION2_EUR, "bedrag actie 2"),
        (n2 as i64, CALL2_ACTION2_PLANS as i64, "plannen actie 2"),
        (
            rep2.len() as i64,
            CALL2_ACTION2_LOCAL_GOVERNMENTS as i64,
            "besturen actie 2",
        ),
        (sum5, CALL2_ACTION5_EUR, "bedrag actie 5"),
        (
            rep5.len() as i64,
            CALL2_ACTION5_LOCAL_GOVERNMENTS as i64,
            "besturen actie 5",
        ),
        (
            all.len() as i64,
            (super::LOCAL_GOVERNMENTS + CALL2_NEW_LOCAL_GOVERNMENTS) as i64,
            "vertegenwoordigde besturen",
        ),
    ];
    for (got, want, what) in checks {
        if got != want {
            return Err(fail(&format!("{what}: {got}, verwacht {want}")));
        }
    }
    Ok(())
}

/// The partners of an applicant as written in the `Partners` column: the municipalities it
/// represents besides itself, by name.
pub(super) fn partners_text(r: &Reference, a: &SampleApplicant) -> String {
    a.represented
        .iter()
        .filter(|m| a.body != SampleBody::Municipality(*m))
        .filter_map(|m| r.municipality(m).map(|x| x.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}
