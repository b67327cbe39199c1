//! The one test kit: small hand-made applicants, lines, collaborations and datasets, and
//! finding lookups, for the unit tests and (through the `dev-tools` feature) the integration
//! tests. Names are resolved as the loader resolves them.

use crate::checks::Finding;
use crate::model::{
    Applicant, ApplicantId, ApplicantKind, CallInfo, CallSource, Collaboration,
    CollaborationSource, Dataset, DatasetParts, Grant, LineKind, NameMatch, Origin, Party,
    Province, Spelling, Status, Units,
};
use crate::reference::{self, NameTarget};

/// An applicant as the loader would make it from a written name: canonical name, kind,
/// province (Brussel for the VGC, Vlaams-Brabant for vzw De Rand) and the spelling.
pub fn applicant(written: &str) -> Applicant {
    let (target, matched) = reference::get().resolve_name(written);
    let (name, kind) = match target {
        Some(NameTarget::Municipality(m)) => (
            reference::get().municipalities[usize::from(m)].name.clone(),
            ApplicantKind::Municipality(m),
        ),
        Some(NameTarget::Vgc) => ("VGC".to_string(), ApplicantKind::Vgc),
        Some(NameTarget::DeRand | NameTarget::DeRandFor(_)) => {
            ("vzw De Rand".to_string(), ApplicantKind::DeRand)
        }
        None => (written.to_string(), ApplicantKind::Unknown),
    };
    let province = match kind {
        ApplicantKind::Municipality(m) => {
            Some(reference::get().municipalities[usize::from(m)].province)
        }
        ApplicantKind::Vgc => Some(Province::Brussel),
        ApplicantKind::DeRand => Some(Province::VlaamsBrabant),
        ApplicantKind::Unknown => None,
    };
    Applicant {
        name,
        kind,
        province,
        spellings: vec![Spelling {
            written: written.to_string(),
            matched,
        }],
    }
}

/// A local government with its province and without the spellings of a file, as a dataset
/// built by hand has it: a municipality, the VGC (Brussel) or vzw De Rand (Vlaams-Brabant).
pub fn local_government(name: &str) -> Applicant {
    let mut a = applicant(name);
    a.spellings.clear();
    a
}

/// A municipality as an applicant (panics for a name that is no municipality).
pub fn municipality(name: &str) -> Applicant {
    let a = applicant(name);
    assert!(a.municipality().is_some(), "{name}");
    a
}

pub fn action(no: u8) -> LineKind {
    LineKind::Action(no)
}

/// A granted line of whole euros, call and origin unknown.
pub fn grant(a: ApplicantId, kind: LineKind, euro: i64) -> Grant {
    Grant {
        applicant: a,
        kind,
        amount: euro * 100,
        requested: crate::model::MaybeCents::NONE,
        units: Units::default(),
        status: Status::Granted,
        reason: None,
        explanation: None,
        call: None,
        province_in_file: None,
        action_written: None,
        origin: Origin::default(),
    }
}

pub fn at(mut g: Grant, row: u32) -> Grant {
    g.origin = Origin { sheet: 0, row };
    g
}

pub fn party(written: &str) -> Party {
    reference::get().party(written)
}

pub fn answer_collaboration(
    entry: u16,
    province: &str,
    lead: &str,
    partners: &[&str],
) -> Collaboration {
    Collaboration {
        source: CollaborationSource::Answer2 { entry },
        province_as_published: Some(province.to_string()),
        lead: party(lead),
        partners: partners.iter().map(|p| party(p)).collect(),
    }
}

pub fn parts_with(applicants: Vec<Applicant>) -> DatasetParts {
    DatasetParts {
        applicants,
        ..DatasetParts::default()
    }
}

pub fn call(no: u8, source: CallSource) -> Option<CallInfo> {
    Some(CallInfo {
        call: Some(no),
        source,
        calls_in_file: if source == CallSource::Column {
            vec![no]
        } else {
            vec![]
        },
    })
}

/// The call of a file with a call column holding `calls` (two or more: a multi-call file, as
/// the loader reads it: no single call, every call listed).
pub fn call_column(calls: &[u8]) -> Option<CallInfo> {
    Some(CallInfo {
        call: (calls.len() == 1).then(|| calls[0]),
        source: CallSource::Column,
        calls_in_file: calls.to_vec(),
    })
}

/// A granted line of whole euros in a call.
pub fn grant_in(call: u8, a: ApplicantId, kind: LineKind, euro: i64) -> Grant {
    Grant {
        call: Some(call),
        ..grant(a, kind, euro)
    }
}

/// Two calls of known differences (amounts in euro, call 1 → call 2):
///
/// - Antwerpen: Antwerpen action 5 100.000 → 120.000, action 8 50.000 → 50.000; Mechelen
///   action 9 30.000 → none (stopped). Province 180.000 → 170.000 (-10.000, -5,6 %).
/// - Limburg: Genk action 13 31.500 → 25.000, action 5 none → 10.000 (new); Hasselt none →
///   action 7 40.000 (a new applicant). Province 31.500 → 75.000 (+43.500, +138,1 %).
/// - Oost-Vlaanderen: Gent action 16 25.000 → 27.500, a mentorship 10.000 in both, a refused
///   line of 5.000 in call 2. Province 35.000 → 37.500.
/// - West-Vlaanderen: Kortrijk action 2 25.000 in both, an unknown action under objective 5
///   none → 5.000. Province 25.000 → 30.000.
/// - Brussel: VGC action 5 120.000 → 126.000.
/// - Vlaams-Brabant: nothing.
///
/// Total 391.500 → 438.500 (+47.000, +12,0 %).
pub fn two_calls() -> Dataset {
    let mut parts = parts_with(vec![
        local_government("Antwerpen"),
        local_government("Mechelen"),
        local_government("Genk"),
        local_government("Hasselt"),
        local_government("Gent"),
        local_government("Kortrijk"),
        local_government("VGC"),
    ]);
    parts.unknown_actions = vec![crate::model::UnknownAction {
        label: "Buurtfeesten".to_string(),
        objective: Some(5),
    }];
    let mut refused = grant_in(2, 4, action(17), 5_000);
    refused.status = Status::Refused;
    parts.grants = vec![
        grant_in(1, 0, action(5), 100_000),
        grant_in(1, 0, action(8), 50_000),
        grant_in(1, 1, action(9), 30_000),
        grant_in(1, 2, action(13), 31_500),
        grant_in(1, 4, action(16), 25_000),
        grant_in(1, 4, LineKind::Mentorship(Some(16)), 10_000),
        grant_in(1, 5, action(2), 25_000),
        grant_in(1, 6, action(5), 120_000),
        grant_in(2, 0, action(5), 120_000),
        grant_in(2, 0, action(8), 50_000),
        grant_in(2, 2, action(13), 25_000),
        grant_in(2, 2, action(5), 10_000),
        grant_in(2, 3, action(7), 40_000),
        grant_in(2, 4, action(16), 27_500),
        grant_in(2, 4, LineKind::Mentorship(Some(16)), 10_000),
        refused,
        grant_in(2, 5, action(2), 25_000),
        grant_in(2, 5, LineKind::UnknownAction(0), 5_000),
        grant_in(2, 6, action(5), 126_000),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, g)| at(g, i as u32 + 2))
    .collect();
    parts.call = call_column(&[1, 2]);
    parts.sheets = vec!["Oproepen".to_string()];
    parts.source = Some(crate::model::Source {
        name: "oproepen.xlsx".to_string(),
        path: None,
        sample: false,
    });
    dataset(parts)
}

/// A dataset with the reference catalogue's objectives.
pub fn dataset(parts: DatasetParts) -> Dataset {
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

pub fn with_codes<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

/// The one finding with this code (panics when there are none or several).
pub fn only<'a>(findings: &'a [Finding], code: &str) -> &'a Finding {
    let hits = with_codes(findings, code);
    assert_eq!(hits.len(), 1, "{code}: {findings:#?}");
    hits[0]
}

pub fn none(findings: &[Finding], code: &str) {
    assert!(
        with_codes(findings, code).is_empty(),
        "{code}: {findings:#?}"
    );
}

pub fn exact() -> NameMatch {
    NameMatch::Exact
}
