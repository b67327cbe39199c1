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
