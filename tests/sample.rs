//! The bundled sample annex: the generator reproduces the committed workbook, the plan holds the
//! published figures under the product's own counting rules, and the workbook reads back with
//! consistent subtotals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use samenleven::model::{
    Applicant, ApplicantKind, CallInfo, CallSource, Dataset, DatasetParts, Grant, LineKind,
    MaybeCents, NameMatch, Origin, OtherKind, Province, Source, Spelling, Status, Texts,
    TotalScope,
};
use samenleven::reference::{self, NameTarget};
use samenleven::sample::{self, SampleBody, SamplePlan, SHEETS, VOORBEELD};

fn committed() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(sample::SAMPLE_PATH)).unwrap()
}

#[test]
fn generator_reproduces_the_committed_workbook_byte_for_byte() {
    let generated = sample::workbook_bytes().unwrap();
    let committed = committed();
    assert!(
        generated == committed,
        "data/annex/bijlage1_voorbeeld.xlsx is stale: run `cargo run --example generate_sample`"
    );
    // And a second run gives the same bytes (no clock, no randomness from outside).
    assert_eq!(sample::workbook_bytes().unwrap(), generated);
}

/// The plan as the product sees it: names resolved by the reference data (as a loader would),
/// lines as grants, the answer's facts attached.
fn dataset(plan: &SamplePlan) -> Dataset {
    let r = reference::get();
    let applicants = plan
        .applicants
        .iter()
        .map(|a| {
            let (target, matched) = r.resolve_name(&a.written);
            assert_eq!(
                matched,
                NameMatch::Exact,
                "{} is not an exact name",
                a.written
            );
            let (name, kind) = match target {
                Some(NameTarget::Municipality(m)) => (
                    r.municipality(m).unwrap().name.clone(),
                    ApplicantKind::Municipality(m),
                ),
                Some(NameTarget::Vgc) => ("VGC".to_string(), ApplicantKind::Vgc),
                Some(NameTarget::DeRand) => ("vzw De Rand".to_string(), ApplicantKind::DeRand),
                other => panic!("{} resolves to {other:?}", a.written),
            };
            Applicant {
                name,
                kind,
                province: Some(a.province),
                spellings: vec![Spelling {
                    written: a.written.clone(),
                    matched,
                }],
            }
        })
        .collect();
    let mut texts = Texts::default();
    let grants = plan
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| Grant {
            applicant: l.applicant as u32,
            kind: l.kind,
            amount: l.amount_eur * 100,
            requested: MaybeCents::NONE,
            units: l.units,
            status: Status::Granted,
            reason: None,
            explanation: l.toelichting.as_deref().and_then(|t| texts.add(t)),
            call: Some(1),
            province_in_file: Some(plan.applicants[l.applicant].province),
            action_written: None,
            origin: Origin {
                sheet: 0,
                row: i as u32 + 1,
            },
        })
        .collect();
    let parts = DatasetParts {
        source: Some(Source {
            name: "voorbeeld".to_string(),
            path: None,
            sample: true,
        }),
        call: Some(CallInfo {
            call: Some(1),
            source: CallSource::Title,
            calls_in_file: vec![],
        }),
        applicants,
        grants,
        texts,
        facts: Some(r.answer_facts().clone()),
        ..DatasetParts::default()
    };
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

#[test]
fn plan_holds_the_published_figures_under_the_products_counting_rules() {
    let plan = sample::plan().unwrap();
    let ds = dataset(&plan);
    assert_eq!(ds.total_granted(), 1_413_635_900);
    let a2 = ds.action_totals(2).unwrap();
    assert_eq!(a2.granted, 40_000_000);
    assert_eq!(a2.applicants.len(), 16);
    assert_eq!(a2.represented.len(), 24);
    let a5 = ds.action_totals(5).unwrap();
    assert_eq!(a5.granted, 338_956_600);
    assert_eq!(a5.represented.len(), 92);
    assert_eq!(ds.local_government_count(), 104);
    // VGC and vzw De Rand apply, but are not municipalities.
    for kind in [ApplicantKind::Vgc, ApplicantKind::DeRand] {
        let id = ds.applicants.iter().position(|a| a.kind == kind).unwrap();
        assert!(ds.applicant_totals(id as u32).unwrap().granted > 0);
    }
    // Objectives plus the other lines add up to the total.
    let objectives: i64 = (1..=7).map(|o| ds.objective_total(o)).sum();
    let other: i64 = ds.other_totals().iter().map(|o| o.granted).sum();
    assert_eq!(objectives + other, ds.total_granted());

    let mentorship: Vec<_> = ds
        .other_totals()
        .iter()
        .filter(|o| o.kind == OtherKind::Mentorship)
        .collect();
    assert_eq!(
        mentorship.iter().map(|o| o.granted).sum::<i64>(),
        12_000_000
    );
    let bond: Vec<_> = ds
        .other_totals()
        .iter()
        .filter(|o| o.kind == OtherKind::SocialImpactBond)
        .collect();
    assert_eq!(bond.len(), 1);
    assert_eq!(bond[0].granted, 2_500_000);
    assert_eq!(bond[0].applicants.len(), 1);
    assert_eq!(
        ds.applicants[bond[0].applicants[0] as usize].name,
        "Sint-Niklaas"
    );
}

#[test]
fn every_mentorship_of_answer_7_is_one_line_under_its_mentor_with_the_mentored_action() {
    let plan = sample::plan().unwrap();
    let ds = dataset(&plan);
    let facts = reference::get().answer_facts();
    assert_eq!(facts.mentorships.len(), 12);
    let mut lines: BTreeMap<(String, u8), usize> = BTreeMap::new();
    for g in ds.grants.iter() {
        if let LineKind::Mentorship(Some(no)) = g.kind {
            assert_eq!(g.amount, 1_000_000);
            let name = ds.applicants[g.applicant as usize].name.clone();
            *lines.entry((name, no)).or_default() += 1;
        }
    }
    for m in &facts.mentorships {
        assert_eq!(
            lines.get(&(m.local_government.clone(), m.action_no)),
            Some(&1),
            "mentorship {} / {}",
            m.local_government,
            m.action_no
        );
        let id = ds.applicant_by_name(&m.local_government).unwrap();
        assert!(
            ds.grants_of(id)
                .any(|g| g.kind == LineKind::Action(m.action_no)),
            "{} has no grant for action {}",
            m.local_government,
            m.action_no
        );
    }
    assert_eq!(lines.len(), 12);
}

#[test]
fn every_line_respects_the_catalogue_of_call_1() {
    let r = reference::get();
    let plan = sample::plan().unwrap();
    let mut seen = BTreeSet::new();
    let mut prorated = 0;
    let mut exact = 0;
    for l in &plan.lines {
        let who = &plan.applicants[l.applicant].written;
        assert!(
            seen.insert((l.applicant, l.kind)),
            "duplicate {who} {:?}",
            l.kind
        );
        assert!(l.amount_eur > 0, "{who} {:?}", l.kind);
        let LineKind::Action(no) = l.kind else {
            assert!(l.units.is_empty());
            continue;
        };
        assert!(
            ![1, 3, 4, 12, 23].contains(&no),
            "{who}: action {no} is not subsidised in call 1"
        );
        let a = r.action(no).unwrap();
        assert!(a.funding.subsidised_in(1));
        assert!(!a.kpis.is_empty());
        for (k, kpi) in a.kpis.iter().enumerate() {
            let u = l.units.get(k).unwrap();
            assert!(
                u <= kpi.max_units_per_year,
                "{who} action {no} KPI {k}: {u}"
            );
        }
        assert!(l.units.get(0).unwrap() >= 1);
        let ceiling: i64 = a
            .kpis
            .iter()
            .zip(l.units.slots().iter())
            .map(|(kpi, u)| i64::from(u.unwrap()) * kpi.cents_per_unit)
            .sum();
        assert!(
            l.amount_eur * 100 <= ceiling,
            "{who} action {no} above ceiling"
        );
        if l.amount_eur * 100 == ceiling {
            exact += 1;
        } else {
            prorated += 1;
        }
    }
    // Many amounts are exactly units × rate, some are prorated.
    assert!(
        exact > prorated && prorated > 20,
        "{exact} exact, {prorated} prorated"
    );
}

#[test]
fn applicants_are_the_participants_of_answer_492_on_their_real_province() {
    let r = reference::get();
    let plan = sample::plan().unwrap();
    let facts = r.answer_facts();
    let body_of = |k: samenleven::model::PartyKind| match k {
        samenleven::model::PartyKind::Municipality(m) => SampleBody::Municipality(m),
        samenleven::model::PartyKind::Vgc => SampleBody::Vgc,
        samenleven::model::PartyKind::DeRand => SampleBody::DeRand,
        other => panic!("unexpected lead {other:?}"),
    };
    let mut partners = BTreeSet::new();
    for c in &facts.collaborations {
        let lead = body_of(c.lead.resolved);
        assert!(
            plan.applicants.iter().any(|a| a.body == lead),
            "lead {} missing",
            c.lead.written
        );
        partners.extend(c.partners.iter().filter_map(|p| p.resolved.municipality()));
    }
    // Geel is listed twice in answer 2 but is one applicant.
    let bodies: BTreeSet<String> = plan
        .applicants
        .iter()
        .map(|a| format!("{:?}", a.body))
        .collect();
    assert_eq!(bodies.len(), plan.applicants.len());
    let leads: BTreeSet<String> = facts
        .collaborations
        .iter()
        .map(|c| format!("{:?}", body_of(c.lead.resolved)))
        .collect();
    for a in &plan.applicants {
        match a.body {
            SampleBody::Municipality(m) => {
                assert_eq!(Some(a.province), r.municipality(m).map(|x| x.province));
                if !leads.contains(&format!("{:?}", a.body)) {
                    assert!(
                        !partners.contains(&m),
                        "{} is a partner in answer 2",
                        a.written
                    );
                }
            }
            SampleBody::Vgc => assert_eq!(a.province, Province::Brussel),
            SampleBody::DeRand => assert_eq!(a.province, Province::VlaamsBrabant),
        }
    }
    let boom = plan
        .applicants
        .iter()
        .find(|a| a.written == "Boom")
        .unwrap();
    assert_eq!(boom.province, Province::Antwerpen);
    for m in [
        "Oostende",
        "Lier",
        "Antwerpen",
        "Mechelen",
        "Gent",
        "Sint-Niklaas",
    ] {
        assert!(
            plan.applicants
                .iter()
                .any(|a| a.total_label == format!("Totaal {m}")),
            "mentor {m} missing"
        );
    }
}

fn sheets() -> (Vec<String>, BTreeMap<String, Range<Data>>) {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(committed())).unwrap();
    let names = wb.sheet_names().to_vec();
    let ranges = names
        .iter()
        .map(|n| (n.clone(), wb.worksheet_range(n).unwrap()))
        .collect();
    (names, ranges)
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row},{col}) is not text: {other:?}"),
    }
}

fn euros(r: &Range<Data>, row: u32, col: u32) -> i64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => {
            assert_eq!(f.fract(), 0.0, "({row},{col}) has cents");
            *f as i64
        }
        Some(Data::Int(i)) => *i,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

#[test]
fn committed_workbook_reads_back_with_consistent_subtotals() {
    let (names, ranges) = sheets();
    assert_eq!(names, SHEETS.map(String::from).to_vec());
    for n in &names {
        assert_eq!(text(&ranges[n], 0, 0), VOORBEELD, "sheet {n}");
    }
    let toelichting = &ranges["Toelichting"];
    let all_text: String = (0..toelichting.height() as u32)
        .map(|r| text(toelichting, r, 0))
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "synthetisch",
        "€ 14.136.359",
        "€ 400.000",
        "€ 3.389.566",
        "492",
    ] {
        assert!(all_text.contains(needle), "Toelichting lacks {needle}");
    }

    let mut province_totals = BTreeMap::new();
    let mut grants = 0;
    for p in Province::ALL {
        let s = &ranges[p.name()];
        assert!(text(s, 1, 0).contains(&format!("provincie {}", p.name())));
        let mut header = vec![
            "Lokaal bestuur",
            "Doelstelling",
            "Actie",
            "KPI-eenheden",
            "Subsidie (EUR)",
        ];
        if p == Province::WestVlaanderen {
            header.push("Toelichting");
        }
        let got: Vec<String> = (0..header.len() as u32).map(|c| text(s, 3, c)).collect();
        assert_eq!(got, header, "header of {}", p.name());
        assert_eq!(s.width(), header.len(), "columns of {}", p.name());

        let (mut block, mut block_lines, mut subtotals, mut explained) = (0i64, 0, 0i64, 0);
        let mut province_total = None;
        for row in 4..s.height() as u32 {
            let name = text(s, row, 0);
            let amount = euros(s, row, 4);
            if let Some(rest) = name.strip_prefix("Totaal provincie ") {
                assert_eq!(rest, p.name());
                assert_eq!(block_lines, 0, "lines after the last subtotal");
                assert_eq!(amount, subtotals, "Totaal provincie {}", p.name());
                province_total = Some(amount);
                assert_eq!(
                    row as usize,
                    s.height() - 1,
                    "rows after the province total"
                );
            } else if name.starts_with("Totaal ") {
                assert!(block_lines > 0, "{name} without lines");
                assert_eq!(amount, block, "{name} on sheet {}", p.name());
                subtotals += amount;
                block = 0;
                block_lines = 0;
            } else {
                // Fill down: the applicant is written on the first row of its block only.
                assert_eq!(
                    !name.is_empty(),
                    block_lines == 0,
                    "row {} of {}",
                    row + 1,
                    p.name()
                );
                assert!(amount > 0);
                let action = text(s, row, 2);
                assert!(
                    action.starts_with("Actie ")
                        || action.starts_with("Mentorschap – ")
                        || action == "Stimulans sociale impactobligatie",
                    "{action}"
                );
                if p == Province::WestVlaanderen {
                    let t = text(s, row, 5);
                    if !t.is_empty() {
                        assert!(t.starts_with("Voorbeeld: "), "{t}");
                        explained += 1;
                    }
                }
                block += amount;
                block_lines += 1;
                grants += 1;
            }
        }
        if p == Province::WestVlaanderen {
            assert!(explained > 5, "too few explanations: {explained}");
        }
        province_totals.insert(p, province_total.expect("province total row"));
    }
    assert_eq!(grants, sample::plan().unwrap().lines.len());

    let t = &ranges["Totalen"];
    assert_eq!(text(t, 2, 0), "Provincie");
    assert_eq!(text(t, 2, 1), "Subsidie (EUR)");
    for (i, p) in Province::ALL.iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(text(t, row, 0), p.name());
        assert_eq!(euros(t, row, 1), province_totals[p]);
    }
    assert_eq!(text(t, 9, 0), "Algemeen totaal");
    assert_eq!(euros(t, 9, 1), 14_136_359);
    assert_eq!(province_totals.values().sum::<i64>(), 14_136_359);
}

#[test]
fn kpi_cells_are_numbers_for_one_kpi_and_text_for_several() {
    let r = reference::get();
    let (_, ranges) = sheets();
    let mut multi = 0;
    for p in Province::ALL {
        let s = &ranges[p.name()];
        for row in 4..s.height() as u32 {
            let action = text(s, row, 2);
            let Some(no) = action
                .strip_prefix("Actie ")
                .and_then(|x| x.split(' ').next())
                .and_then(|n| n.parse::<u8>().ok())
            else {
                // Mentorship, bond and total rows have no units.
                assert_eq!(s.get_value((row, 3)).unwrap_or(&Data::Empty), &Data::Empty);
                continue;
            };
            let a = r.action(no).unwrap();
            assert!(action.ends_with(&format!("Actie {no} – {}", a.name)));
            match (a.kpis.len(), s.get_value((row, 3))) {
                (1, Some(Data::Float(f))) => assert!(*f >= 1.0),
                (n, Some(Data::String(t))) if n > 1 => {
                    assert_eq!(t.split(" / ").count(), n, "{t}");
                    multi += 1;
                }
                (n, other) => panic!("action {no} ({n} KPIs): {other:?}"),
            }
        }
    }
    assert!(multi > 10);
}

#[test]
fn the_loader_reads_the_bundled_sample_with_the_published_figures() {
    let ds = samenleven::annex::load_sample().unwrap();
    assert!(ds.source.sample);
    assert_eq!(ds.call.call, Some(1));
    assert!(ds.facts.is_some(), "answer facts belong to call-1 data");
    assert_eq!(ds.total_granted(), 1_413_635_900);
    let a2 = ds.action_totals(2).unwrap();
    assert_eq!(
        (a2.granted, a2.applicants.len(), a2.represented.len()),
        (40_000_000, 16, 24)
    );
    let a5 = ds.action_totals(5).unwrap();
    assert_eq!((a5.granted, a5.represented.len()), (338_956_600, 92));
    assert_eq!(ds.local_government_count(), 104);

    // Line by line, the loader sees what the generator planned.
    let plan = sample::plan().unwrap();
    assert_eq!(ds.applicant_count(), plan.applicants.len());
    assert_eq!(ds.grants.len(), plan.lines.len());
    let expected = dataset(&plan);
    let key = |d: &Dataset, g: &Grant| {
        let a = &d.applicants[g.applicant as usize];
        (
            a.name.clone(),
            a.province,
            g.kind,
            g.amount,
            g.units.slots(),
        )
    };
    let mut got: Vec<_> = ds.grants.iter().map(|g| key(&ds, g)).collect();
    let mut want: Vec<_> = expected.grants.iter().map(|g| key(&expected, g)).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);

    // Every subtotal and total row the loader kept equals the sum it claims.
    let (mut applicants, mut provinces, mut grand) = (BTreeSet::new(), BTreeSet::new(), 0);
    for st in &ds.stated_totals {
        let sum = match st.scope {
            TotalScope::Grand => {
                grand += 1;
                ds.total_granted()
            }
            TotalScope::Province(p) => {
                provinces.insert(p);
                ds.province_totals(Some(p)).granted
            }
            TotalScope::Applicant(a) => {
                applicants.insert(a);
                ds.applicant_totals(a).unwrap().granted
            }
        };
        assert_eq!(st.amount, sum, "{} ({})", st.label, ds.place(st.origin));
    }
    assert_eq!(applicants.len(), plan.applicants.len());
    assert_eq!(provinces.len(), 6);
    assert!(grand >= 1);
}

/// A dataset restricted to an action or an objective counts exactly those lines everywhere:
/// total, provinces, applicants, objectives; the restrictions to the seven objectives and the
/// lines outside them add up to the whole.
#[test]
fn restricted_datasets_count_only_their_lines() {
    use samenleven::model::{LineFilter, LineKind, Province};
    let ds = samenleven::annex::load_sample().unwrap();
    for no in 1..=24u8 {
        let r = ds.restricted_to(LineFilter::Action(no));
        let expected: i64 = ds
            .grants
            .iter()
            .filter(|g| g.is_granted() && g.kind == LineKind::Action(no))
            .map(|g| g.amount)
            .sum();
        assert_eq!(r.total_granted(), expected, "actie {no}");
        assert_eq!(
            r.total_granted(),
            ds.action_totals(no).map_or(0, |t| t.granted),
            "actie {no}"
        );
        let provinces: i64 = Province::ALL
            .iter()
            .map(|p| r.province_totals(Some(*p)).granted)
            .sum::<i64>()
            + r.province_totals(None).granted;
        assert_eq!(provinces, expected, "actie {no}");
        for a in &r.totals().applicants {
            assert!(r.grants_of(*a).all(|g| g.kind == LineKind::Action(no)));
        }
    }
    let mut sum = 0;
    for o in 1..=7u8 {
        let r = ds.restricted_to(LineFilter::Objective(o));
        assert_eq!(r.total_granted(), ds.objective_total(o), "doelstelling {o}");
        assert_eq!(
            r.objective_total(o),
            ds.objective_total(o),
            "doelstelling {o}"
        );
        sum += r.total_granted();
    }
    let other: i64 = ds.other_totals().iter().map(|o| o.granted).sum();
    assert_eq!(sum + other, ds.total_granted());
    // Restricting again to all lines gives back the whole.
    let back = ds
        .restricted_to(LineFilter::Action(5))
        .restricted_to(LineFilter::All);
    assert_eq!(back.total_granted(), ds.total_granted());
    assert_eq!(back.local_government_count(), ds.local_government_count());
    // Action 5: the published 92 represented local governments.
    assert_eq!(
        ds.restricted_to(LineFilter::Action(5))
            .local_government_count(),
        92
    );
}
