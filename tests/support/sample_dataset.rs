//! The bundled sample as a `Dataset`, built straight from the generator's plan (a stand-in for
//! `annex::load_sample()` until the loader is on main). Shared by tests and the screenshot
//! example through `#[path]`.

use samenleven::model::{
    Applicant, ApplicantKind, CallInfo, CallSource, Dataset, DatasetParts, Grant, Origin, Source,
    Status,
};
use samenleven::reference;
use samenleven::sample::{self, SampleBody};

/// The sample plan as a dataset of call 1 with the facts of answer 492.
pub fn sample_dataset() -> Dataset {
    let r = reference::get();
    let plan = match sample::plan() {
        Ok(p) => p,
        Err(e) => panic!("sample plan: {e}"),
    };
    let applicants = plan
        .applicants
        .iter()
        .map(|a| {
            let (name, kind) = match a.body {
                SampleBody::Municipality(m) => (
                    r.municipality(m)
                        .map_or(a.written.clone(), |x| x.name.clone()),
                    ApplicantKind::Municipality(m),
                ),
                SampleBody::Vgc => ("VGC".to_string(), ApplicantKind::Vgc),
                SampleBody::DeRand => ("vzw De Rand".to_string(), ApplicantKind::DeRand),
            };
            Applicant {
                name,
                kind,
                province: Some(a.province),
                spellings: vec![],
            }
        })
        .collect();
    let grants = plan
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| Grant {
            applicant: l.applicant as u32,
            kind: l.kind,
            amount: l.amount_eur * 100,
            requested: None,
            units: l.units,
            status: Status::Granted,
            reason: None,
            explanation: l.toelichting.clone(),
            call: Some(1),
            province_in_file: None,
            action_written: None,
            origin: Origin {
                sheet: 0,
                row: i as u32 + 2,
            },
        })
        .collect();
    Dataset::new(
        DatasetParts {
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
            sheets: vec!["Bijlage 1".to_string()],
            applicants,
            grants,
            facts: Some(r.answer_facts().clone()),
            ..DatasetParts::default()
        },
        |no| r.objective_of(no),
    )
}
