//! The deterministic generator of the bundled sample annex (`data/annex/bijlage1_voorbeeld.xlsx`).
//!
//! The real Bijlage 1 of written question 492 is not available offline, so the sample is made
//! up: the participants named in answer 492 are real, the amounts are synthetic. The plan is
//! calibrated so that the published figures of the first call hold exactly (total, action 2,
//! action 5, 104 represented local governments, the mentorships and the social impact bond).
//!
//! The generator first builds a [`SamplePlan`] (pure data), checks its invariants, and only then
//! writes the workbook. A seeded splitmix64 generator and a fixed creation date make the output
//! byte-identical from run to run.

use std::collections::BTreeSet;

use rust_xlsxwriter::XlsxError;

use crate::model::{Action, LineKind, MunicipalityId, MunicipalitySet, PartyKind, Province, Units};
use crate::reference::{self, NameTarget, Reference, MENTORSHIP_CENTS, SIO_STIMULUS_CENTS};

mod calibrate;
mod call2;
mod workbook;

pub use call2::*;

use calibrate::{calibrate_call, ceiling_eur, Draft};
pub use workbook::{write_edition, write_workbook};

/// First line of every sheet: the sample must never pass for the real annex.
pub const VOORBEELD: &str = "VOORBEELD — synthetische bedragen, niet de echte Bijlage 1";
/// First line of every sheet of the second call's sample.
pub const VOORBEELD_CALL2: &str =
    "VOORBEELD — synthetische bedragen, geen echte cijfers van oproep 2";
/// Where the generated workbook is committed, relative to the crate root.
pub const SAMPLE_PATH: &str = "data/annex/bijlage1_voorbeeld.xlsx";
/// Sheet names, in workbook order.
pub const SHEETS: [&str; 8] = [
    "Toelichting",
    "Antwerpen",
    "Brussel",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
    "Totalen",
];

/// Published total of the first call, in euro.
pub const TOTAL_EUR: i64 = 14_136_359;
/// Published total of action 2, in euro (16 plans of € 25.000).
pub const ACTION2_EUR: i64 = 400_000;
/// Published number of action-2 plans (applicants).
pub const ACTION2_PLANS: usize = 16;
/// Published number of local governments represented in action 2.
pub const ACTION2_LOCAL_GOVERNMENTS: usize = 24;
/// Published total of action 5, in euro.
pub const ACTION5_EUR: i64 = 3_389_566;
/// Published number of local governments represented in action 5.
pub const ACTION5_LOCAL_GOVERNMENTS: usize = 92;
/// Local governments represented in all (plus VGC and vzw De Rand).
pub const LOCAL_GOVERNMENTS: usize = 104;
/// Distinct municipalities named in the collaborations of answer 2.
pub const COLLABORATION_MUNICIPALITIES: usize = 77;

/// Seed of the generator: arbitrary, but fixed (changing it changes the committed workbook).
const SEED: u64 = 0x5A4D_454E_4C45_5645;
const ACTION2_EUR_PER_PLAN: i64 = 25_000;
/// Actions placed to match the published figures, never drawn as an extra action. (Which actions
/// call 1 subsidises at all is the catalogue's funding flag.)
const FIXED_ACTIONS: [u8; 2] = [2, 5];

/// Why the plan could not be made; the workbook is then not written.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("voorbeeldbijlage: kalibratie mislukt: {0}")]
    Calibration(String),
    #[error("voorbeeldbijlage: {0}")]
    Xlsx(#[from] XlsxError),
}

/// What body an applicant of the sample is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleBody {
    Municipality(MunicipalityId),
    Vgc,
    DeRand,
}

/// How large an applicant is; bigger ones get more actions and larger amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Antwerpen and Gent.
    Metropolitan,
    Large,
    Medium,
    Small,
}

/// A lead applicant of the sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleApplicant {
    /// As written in the `Lokaal bestuur` column ("Stad Gent", "vzw De Rand").
    pub written: String,
    /// Label of its subtotal row ("Totaal Gent").
    pub total_label: String,
    pub body: SampleBody,
    pub province: Province,
    pub tier: Tier,
    /// Municipalities it represents: itself and the partners of the collaborations it leads.
    pub represented: MunicipalitySet,
}

/// One subsidy line of the sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleLine {
    /// Index into [`SamplePlan::applicants`].
    pub applicant: usize,
    /// `Action`, `Mentorship(Some(no))` or `SocialImpactBond`.
    pub kind: LineKind,
    /// KPI units, one slot per KPI of the action (empty for the other lines).
    pub units: Units,
    /// Whole euros.
    pub amount_eur: i64,
    /// Text of the `Toelichting` column (West-Vlaanderen only).
    pub toelichting: Option<String>,
    /// Label of a mentorship line as published in answer 7.
    pub mentorship_title: Option<String>,
}

/// The whole sample as data: applicants (sorted by province, then name) and their lines in
/// sheet order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamplePlan {
    pub applicants: Vec<SampleApplicant>,
    pub lines: Vec<SampleLine>,
}

/// splitmix64: a tiny, well-known seeded generator (no external crate, stable across versions).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi` (modulo bias is irrelevant here).
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }
    /// True with probability `num / den`.
    pub(crate) fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next_u64() % den < num
    }
}

/// Single-municipality applicants besides the leads of answer 2: the six mentor local
/// governments of answer 7 and other plausible eligible municipalities (more than 7.500
/// inhabitants of non-EU-15 origin). Columns: name, written with "Stad", tier, action 2,
/// action 5.
const SINGLES: [(&str, bool, Tier, bool, bool); 27] = [
    ("Antwerpen", true, Tier::Metropolitan, true, true),
    ("Gent", true, Tier::Metropolitan, true, true),
    ("Mechelen", true, Tier::Large, true, true),
    ("Leuven", true, Tier::Large, true, true),
    ("Sint-Niklaas", false, Tier::Large, true, true),
    ("Oostende", false, Tier::Large, true, false),
    ("Lier", false, Tier::Medium, false, false),
    ("Aalst", false, Tier::Large, true, true),
    ("Brugge", false, Tier::Large, true, false),
    ("Hasselt", false, Tier::Large, true, true),
    ("Genk", false, Tier::Large, true, true),
    ("Vilvoorde", false, Tier::Medium, true, true),
    ("Turnhout", false, Tier::Medium, true, true),
    ("Roeselare", false, Tier::Medium, false, false),
    ("Beringen", false, Tier::Small, false, true),
    ("Maasmechelen", false, Tier::Small, true, false),
    ("Halle", false, Tier::Small, false, true),
    ("Dilbeek", false, Tier::Small, false, true),
    ("Zaventem", false, Tier::Small, false, true),
    ("Machelen", false, Tier::Small, false, false),
    ("Grimbergen", false, Tier::Small, false, false),
    ("Asse", false, Tier::Small, false, false),
    ("Sint-Truiden", false, Tier::Small, false, true),
    ("Ronse", false, Tier::Small, true, false),
    ("Heusden-Zolder", false, Tier::Small, false, false),
    ("Houthalen-Helchteren", false, Tier::Small, false, false),
    ("Mortsel", false, Tier::Small, false, false),
];

/// Leads of answer 2 that apply for action 2 (their collaborations make up 10 of the 24
/// local governments of action 2).
const ACTION2_LEADS: [&str; 2] = ["Pelt", "Kortrijk"];
/// Leads of answer 2 treated as large cities.
const LARGE_LEADS: [&str; 1] = ["Kortrijk"];

/// Short synthetic explanations for the West-Vlaanderen sheet, per action.
fn explanation(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Action(2) => "Voorbeeld: lokaal actieplan polarisatie met scholen en jeugdwerk",
        LineKind::Action(5) => "Voorbeeld: taalcafé in de bibliotheek, twee keer per week",
        LineKind::Action(6) => "Voorbeeld: trajectbegeleiding naar een verkorte opleiding zorg",
        LineKind::Action(7) => "Voorbeeld: studiekeuzebegeleiding in twee secundaire scholen",
        LineKind::Action(8) => "Voorbeeld: outreach naar jongeren zonder diploma via het jeugdhuis",
        LineKind::Action(9) => "Voorbeeld: jobcoaching samen met VDAB en lokale werkgevers",
        LineKind::Action(10) => "Voorbeeld: startersatelier voor nieuwe ondernemers",
        LineKind::Action(11) => "Voorbeeld: duo's van mentor en werkzoekende jongere",
        LineKind::Action(13) => "Voorbeeld: kennismakingsaanbod bij lokale sportclubs",
        LineKind::Action(14) => "Voorbeeld: bedrijfsbezoeken en snuffelstages voor jongeren",
        LineKind::Action(15) => "Voorbeeld: brugfiguur in drie basisscholen",
        LineKind::Action(16) => "Voorbeeld: campagne en meldpunt tegen straatintimidatie",
        LineKind::Action(17) => {
            "Voorbeeld: omstaanderstraining voor baliepersoneel en vrijwilligers"
        }
        LineKind::Action(18) => "Voorbeeld: toegankelijkheidsscan van stadhuis en bibliotheek",
        LineKind::Action(19) => "Voorbeeld: praktijktesten op de lokale huurmarkt",
        LineKind::Action(20) => "Voorbeeld: aanmeldingsbegeleiding voor ouders van kleuters",
        LineKind::Action(21) => "Voorbeeld: oriëntering naar de lerarenopleiding met de hogeschool",
        LineKind::Action(22) => "Voorbeeld: twee pleinmakers in de sociale woonwijk",
        LineKind::Action(24) => "Voorbeeld: cultuurpas en begeleide bezoeken voor jongeren",
        LineKind::Mentorship(_) => "Voorbeeld: ervaring delen met lokale besturen die starten",
        _ => "Voorbeeld: uitvoering volgens het ingediende projectvoorstel",
    }
}

/// A municipality of the reference list by exact name.
fn municipality_id(r: &Reference, name: &str) -> Result<MunicipalityId, SampleError> {
    match r.resolve_name(name) {
        (Some(NameTarget::Municipality(id)), crate::model::NameMatch::Exact) => Ok(id),
        _ => Err(SampleError::Calibration(format!(
            "gemeente '{name}' niet gevonden in de referentielijst"
        ))),
    }
}

fn municipality_name(r: &Reference, id: MunicipalityId) -> Result<&str, SampleError> {
    r.municipality(id)
        .map(|m| m.name.as_str())
        .ok_or_else(|| SampleError::Calibration(format!("gemeente-index {id} onbekend")))
}

/// An applicant being planned, before its lines exist.
struct Profile {
    applicant: SampleApplicant,
    action2: bool,
    action5: bool,
}

/// The applicants: every lead of answer 2 (one applicant per body), then the singles.
fn profiles(r: &Reference) -> Result<Vec<Profile>, SampleError> {
    let facts = r.answer_facts();
    let mut covered = MunicipalitySet::default();
    // Lead body → represented municipalities (partners of every collaboration it leads).
    let mut leads: Vec<(SampleBody, MunicipalitySet)> = Vec::new();
    for c in &facts.collaborations {
        let body = match c.lead.resolved {
            PartyKind::Municipality(m) => SampleBody::Municipality(m),
            PartyKind::Vgc => SampleBody::Vgc,
            PartyKind::DeRand => SampleBody::DeRand,
            other => {
                return Err(SampleError::Calibration(format!(
                    "trekker '{}' van antwoord 2 onherkend ({other:?})",
                    c.lead.written
                )))
            }
        };
        let mut set = MunicipalitySet::default();
        if let SampleBody::Municipality(m) = body {
            set.insert(m);
        }
        for p in &c.partners {
            match p.resolved.municipality() {
                Some(m) => set.insert(m),
                None => {
                    return Err(SampleError::Calibration(format!(
                        "partner '{}' van antwoord 2 onherkend",
                        p.written
                    )))
                }
            }
        }
        covered.union_with(&set);
        match leads.iter_mut().find(|(b, _)| *b == body) {
            Some((_, s)) => s.union_with(&set),
            None => leads.push((body, set)),
        }
    }
    if covered.len() != COLLABORATION_MUNICIPALITIES {
        return Err(SampleError::Calibration(format!(
            "de samenwerkingen van antwoord 2 dekken {} gemeenten, verwacht {COLLABORATION_MUNICIPALITIES}",
            covered.len()
        )));
    }

    let mut out = Vec::new();
    for (body, represented) in leads {
        let (written, total_label, province, name) = match body {
            SampleBody::Municipality(m) => {
                let name = municipality_name(r, m)?.to_string();
                let province = r
                    .municipality(m)
                    .map(|x| x.province)
                    .ok_or_else(|| SampleError::Calibration(name.clone()))?;
                (name.clone(), format!("Totaal {name}"), province, name)
            }
            SampleBody::Vgc => (
                "Vlaamse Gemeenschapscommissie (VGC)".to_string(),
                "Totaal VGC".to_string(),
                Province::Brussel,
                "VGC".to_string(),
            ),
            SampleBody::DeRand => (
                "vzw De Rand".to_string(),
                "Totaal vzw De Rand".to_string(),
                Province::VlaamsBrabant,
                "vzw De Rand".to_string(),
            ),
        };
        let tier = if LARGE_LEADS.contains(&name.as_str()) || body == SampleBody::Vgc {
            Tier::Large
        } else {
            Tier::Medium
        };
        out.push(Profile {
            applicant: SampleApplicant {
                written,
                total_label,
                body,
                province,
                tier,
                represented,
            },
            action2: ACTION2_LEADS.contains(&name.as_str()),
            action5: true,
        });
    }
    for (name, stad, tier, action2, action5) in SINGLES {
        let m = municipality_id(r, name)?;
        if covered.contains(m) {
            return Err(SampleError::Calibration(format!(
                "'{name}' staat al in een samenwerking van antwoord 2"
            )));
        }
        let province = r
            .municipality(m)
            .map(|x| x.province)
            .ok_or_else(|| SampleError::Calibration(name.to_string()))?;
        let mut represented = MunicipalitySet::default();
        represented.insert(m);
        out.push(Profile {
            applicant: SampleApplicant {
                written: if stad {
                    format!("Stad {name}")
                } else {
                    name.to_string()
                },
                total_label: format!("Totaal {name}"),
                body: SampleBody::Municipality(m),
                province,
                tier,
                represented,
            },
            action2,
            action5,
        });
    }
    // Sheet order: province, then name (without "Stad " / "vzw ").
    out.sort_by_key(|p| (p.applicant.province, sort_key(&p.applicant)));
    Ok(out)
}

fn sort_key(a: &SampleApplicant) -> String {
    let name = a.total_label.trim_start_matches("Totaal ");
    crate::names::fold(name.trim_start_matches("vzw "))
}

/// Builds the plan. Fails, rather than returning a wrong plan, if the calibration or any
/// invariant does not hold.
pub fn plan() -> Result<SamplePlan, SampleError> {
    let r = reference::get();
    let mut rng = SplitMix64(SEED);
    let profiles = profiles(r)?;
    let facts = r.answer_facts();

    let extra_pool: Vec<&Action> = r
        .actions
        .iter()
        .filter(|a| a.funding.subsidised_in(1) && !a.kpis.is_empty())
        .filter(|a| !FIXED_ACTIONS.contains(&a.no))
        .collect();
    let action = |no: u8| {
        r.action(no)
            .ok_or_else(|| SampleError::Calibration(format!("actie {no} ontbreekt")))
    };

    let mut drafts: Vec<Draft> = Vec::new();
    for (ai, p) in profiles.iter().enumerate() {
        let name = p.applicant.total_label.trim_start_matches("Totaal ");
        let mentored: Vec<u8> = facts
            .mentorships
            .iter()
            .filter(|m| m.local_government == name)
            .map(|m| m.action_no)
            .collect();
        let mut actions: BTreeSet<u8> = mentored.iter().copied().collect();
        if p.action2 {
            actions.insert(2);
        }
        if p.action5 {
            actions.insert(5);
        }
        let extras = match p.applicant.tier {
            Tier::Metropolitan => rng.range(11, 13) as usize,
            Tier::Large => rng.range(7, 10) as usize,
            Tier::Medium => rng.range(4, 6) as usize,
            Tier::Small => {
                let total = rng.range(2, 5) as usize;
                total.saturating_sub(actions.len())
            }
        };
        let mut pool: Vec<u8> = extra_pool
            .iter()
            .map(|a| a.no)
            .filter(|n| !actions.contains(n))
            .collect();
        for _ in 0..extras {
            if pool.is_empty() {
                break;
            }
            let i = (rng.next_u64() % pool.len() as u64) as usize;
            actions.insert(pool.remove(i));
        }
        let (lo, hi) = match p.applicant.tier {
            Tier::Metropolitan => (800, 1000),
            Tier::Large => (600, 1000),
            Tier::Medium => (400, 850),
            Tier::Small => (250, 650),
        };
        for no in actions {
            let a = action(no)?;
            let mut units = Units::default();
            if no == 2 {
                units.set(0, Some(1));
            } else {
                for (k, kpi) in a.kpis.iter().enumerate().take(3) {
                    let mut permille = rng.range(lo, hi);
                    if k > 0 {
                        permille /= 2;
                        if rng.chance(1, 3) {
                            permille = 0;
                        }
                    }
                    let mut u =
                        (u64::from(kpi.max_units_per_year) * u64::from(permille) + 500) / 1000;
                    if k == 0 {
                        u = u.max(1);
                    }
                    units.set(k, Some(u as u32));
                }
            }
            let amount = ceiling_eur(a, &units);
            drafts.push(Draft {
                line: SampleLine {
                    applicant: ai,
                    kind: LineKind::Action(no),
                    units,
                    amount_eur: if no == 2 {
                        ACTION2_EUR_PER_PLAN
                    } else {
                        amount
                    },
                    toelichting: None,
                    mentorship_title: None,
                },
                prorate: false,
                fixed: no == 2,
            });
        }
        for m in facts
            .mentorships
            .iter()
            .filter(|m| m.local_government == name)
        {
            drafts.push(Draft {
                line: SampleLine {
                    applicant: ai,
                    kind: LineKind::Mentorship(Some(m.action_no)),
                    units: Units::default(),
                    amount_eur: MENTORSHIP_CENTS / 100,
                    toelichting: None,
                    mentorship_title: Some(m.action_as_published.clone()),
                },
                prorate: false,
                fixed: true,
            });
        }
        for s in facts
            .social_impact_bonds
            .iter()
            .filter(|s| s.local_government == name)
        {
            drafts.push(Draft {
                line: SampleLine {
                    applicant: ai,
                    kind: LineKind::SocialImpactBond,
                    units: Units::default(),
                    amount_eur: s.stimulus_cents / 100,
                    toelichting: None,
                    mentorship_title: None,
                },
                prorate: false,
                fixed: true,
            });
        }
    }

    // Calibrate action 5, then everything else that is not fixed; explain West-Vlaanderen.
    calibrate_call(r, &mut drafts, &mut rng, (ACTION5_EUR, TOTAL_EUR), |i| {
        profiles[i].applicant.province
    })?;

    let mut lines: Vec<SampleLine> = drafts.into_iter().map(|d| d.line).collect();
    lines.sort_by_key(|l| (l.applicant, line_order(r, l.kind)));
    let plan = SamplePlan {
        applicants: profiles.into_iter().map(|p| p.applicant).collect(),
        lines,
    };
    verify(r, &plan)?;
    Ok(plan)
}

/// Order within an applicant's block: objective, action, then mentorships, then the bond.
fn line_order(r: &Reference, kind: LineKind) -> (u8, u8, u8) {
    match kind {
        LineKind::Action(no) => (r.objective_of(no).unwrap_or(9), no, 0),
        LineKind::Mentorship(no) => (10, 0, no.unwrap_or(0)),
        LineKind::SocialImpactBond => (11, 0, 0),
        LineKind::UnknownAction(_) => (12, 0, 0),
    }
}

/// Checks every invariant of the plan with its own counting; an error names the first breach.
fn verify(r: &Reference, plan: &SamplePlan) -> Result<(), SampleError> {
    let fail = |m: String| Err(SampleError::Calibration(m));
    let total: i64 = plan.lines.iter().map(|l| l.amount_eur).sum();
    if total != TOTAL_EUR {
        return fail(format!("totaal € {total}, verwacht € {TOTAL_EUR}"));
    }
    let mut seen = BTreeSet::new();
    let mut all = MunicipalitySet::default();
    let mut rep2 = MunicipalitySet::default();
    let mut rep5 = MunicipalitySet::default();
    let (mut sum2, mut sum5, mut n2) = (0i64, 0i64, 0usize);
    let mut mentorships = 0usize;
    let mut bonds = 0usize;
    for l in &plan.lines {
        let Some(a) = plan.applicants.get(l.applicant) else {
            return fail(format!("lijn met onbekende aanvrager {}", l.applicant));
        };
        if !seen.insert((l.applicant, l.kind)) {
            return fail(format!("{}: dubbele lijn {:?}", a.written, l.kind));
        }
        if l.amount_eur <= 0 {
            return fail(format!("{}: bedrag {} ≤ 0", a.written, l.amount_eur));
        }
        all.union_with(&a.represented);
        match l.kind {
            LineKind::Action(no) => {
                let Some(act) = r.action(no) else {
                    return fail(format!("actie {no} onbekend"));
                };
                if !act.funding.subsidised_in(1) {
                    return fail(format!("{}: actie {no} niet in oproep 1", a.written));
                }
                for (k, kpi) in act.kpis.iter().enumerate() {
                    if l.units.get(k).unwrap_or(0) > kpi.max_units_per_year {
                        return fail(format!("{}: actie {no} boven het maximum", a.written));
                    }
                }
                if l.amount_eur * 100 > act.ceiling_cents(&l.units).unwrap_or(0) {
                    return fail(format!("{}: actie {no} boven het plafond", a.written));
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
            LineKind::Mentorship(_) => {
                if l.amount_eur * 100 != MENTORSHIP_CENTS {
                    return fail(format!("{}: mentorschap € {}", a.written, l.amount_eur));
                }
                mentorships += 1;
            }
            LineKind::SocialImpactBond => {
                if l.amount_eur * 100 != SIO_STIMULUS_CENTS {
                    return fail(format!("{}: stimulans € {}", a.written, l.amount_eur));
                }
                bonds += 1;
            }
            LineKind::UnknownAction(_) => return fail("onbekende actie".into()),
        }
    }
    let checks = [
        (sum2, ACTION2_EUR, "bedrag actie 2"),
        (n2 as i64, ACTION2_PLANS as i64, "aanvragers actie 2"),
        (
            rep2.len() as i64,
            ACTION2_LOCAL_GOVERNMENTS as i64,
            "besturen actie 2",
        ),
        (sum5, ACTION5_EUR, "bedrag actie 5"),
        (
            rep5.len() as i64,
            ACTION5_LOCAL_GOVERNMENTS as i64,
            "besturen actie 5",
        ),
        (
            all.len() as i64,
            LOCAL_GOVERNMENTS as i64,
            "vertegenwoordigde besturen",
        ),
        (
            mentorships as i64,
            reference::get().answer_facts().mentorships.len() as i64,
            "mentorschappen",
        ),
        (bonds as i64, 1, "sociale impactobligaties"),
    ];
    for (got, want, what) in checks {
        if got != want {
            return fail(format!("{what}: {got}, verwacht {want}"));
        }
    }
    // Every mentor has a grant for the action it mentors.
    for m in &r.answer_facts().mentorships {
        let ok = plan.lines.iter().any(|l| {
            l.kind == LineKind::Action(m.action_no)
                && plan.applicants[l.applicant].total_label
                    == format!("Totaal {}", m.local_government)
        });
        if !ok {
            return fail(format!(
                "{} mentort actie {} zonder eigen lijn",
                m.local_government, m.action_no
            ));
        }
    }
    Ok(())
}

/// The sample workbook, generated from the plan (what `examples/generate_sample.rs` writes).
pub fn workbook_bytes() -> Result<Vec<u8>, SampleError> {
    let plan = plan()?;
    Ok(write_workbook(&plan)?)
}

/// The workbook of the sample's second call (synthetic), made from the first call's plan.
pub fn call2_workbook_bytes() -> Result<Vec<u8>, SampleError> {
    let plan = plan_call2(&plan()?)?;
    Ok(write_edition(&plan, 2)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs of splitmix64 seeded with 0 (Vigna's reference implementation).
        let mut g = SplitMix64(0);
        assert_eq!(g.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(g.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn plan_is_deterministic_and_calibrated() {
        let a = plan().unwrap();
        let b = plan().unwrap();
        assert_eq!(a, b);
        let total: i64 = a.lines.iter().map(|l| l.amount_eur).sum();
        assert_eq!(total, TOTAL_EUR);
    }

    #[test]
    fn verify_rejects_a_plan_off_by_one_euro_a_duplicate_or_an_amount_above_the_ceiling() {
        let r = reference::get();
        let good = plan().unwrap();
        assert!(verify(r, &good).is_ok());

        let mut p = good.clone();
        p.lines[0].amount_eur += 1;
        assert!(verify(r, &p).unwrap_err().to_string().contains("totaal"));

        let mut p = good.clone();
        let i = p
            .lines
            .iter()
            .position(|l| matches!(l.kind, LineKind::Action(n) if n != 2 && n != 5))
            .unwrap();
        assert_eq!(p.lines[i].applicant, p.lines[i + 1].applicant);
        p.lines[i + 1].kind = p.lines[i].kind; // same total, one action twice
        assert!(verify(r, &p).unwrap_err().to_string().contains("dubbele"));

        let mut p = good;
        let i = p
            .lines
            .iter()
            .position(|l| l.kind == LineKind::Action(16))
            .unwrap();
        let j = p
            .lines
            .iter()
            .position(|l| matches!(l.kind, LineKind::Action(n) if n != 16 && n != 2 && n != 5))
            .unwrap();
        p.lines[i].amount_eur += 1; // a plan line above € 25.000
        p.lines[j].amount_eur -= 1;
        assert!(verify(r, &p).unwrap_err().to_string().contains("plafond"));
    }
}
