//! Several loaded files as one multi-call [`Dataset`] (issue 17), and which calls a set of
//! datasets holds. Pure: datasets in, a dataset out; no I/O.
//!
//! Each file is loaded on its own; [`combine`] then puts them together: applicants of the same
//! local government are one applicant (the loader's identity: the municipality, the VGC, vzw De
//! Rand, else the folded name), every line is tagged with its file's call, sheets are named
//! after their file ("oproep2.xlsx › Bijlage 1") so that every located message still names the
//! file, and stated totals, notes, collaborations, unknown actions and action readings follow.
//! The facts of answer 492 are kept only when they came with call-1 data.

use std::collections::HashMap;

use super::{
    ActionReading, AnswerFacts, ApplicantId, ApplicantKind, CallInfo, CallSource, Collaboration,
    CollaborationSource, Dataset, DatasetParts, Grant, LineKind, LoadNote, Origin, Source,
    StatedTotal, TextId, TotalScope, UnknownAction,
};

/// Between a file's name and its sheet's in a combined dataset: "oproep2.xlsx › Bijlage 1".
pub const SHEET_SEPARATOR: &str = " › ";

/// One file of a dataset combined from several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// File name (as [`Source::name`] of the file alone).
    pub name: String,
    pub path: Option<String>,
    /// The calls of its lines, sorted.
    pub calls: Vec<u8>,
    /// How its call is known.
    pub how: CallSource,
    /// Its sheets: indices `first_sheet .. first_sheet + sheet_count` of [`Dataset::sheets`].
    pub first_sheet: u16,
    pub sheet_count: u16,
}

impl FilePart {
    /// Whether a sheet index of the combined dataset is one of this file's sheets.
    pub fn has_sheet(&self, sheet: u16) -> bool {
        sheet >= self.first_sheet
            && u32::from(sheet) < u32::from(self.first_sheet) + u32::from(self.sheet_count)
    }
}

/// Why the calls of several files cannot be told apart: a Dutch message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error(
        "Oproep {call} komt twee keer voor: in '{first}' en in '{second}'. Geef elke oproep \
         maar één keer."
    )]
    DuplicateCall {
        call: u8,
        first: String,
        second: String,
    },
    #[error(
        "De oproep van {} is onbekend: die bestanden zijn niet uit elkaar te houden. Geef elk \
         bestand een oproepkolom of een titel met zijn oproep (\"oproep 2\").",
        quoted(.files)
    )]
    UnknownCalls { files: Vec<String> },
    #[error(
        "De oproep van '{file}' is onbekend: bij meerdere bestanden moet elk bestand zijn oproep \
         hebben. Geef ze met --oproep N (geldt voor elk bestand zonder oproepkolom), met een \
         oproepkolom of met een titel met de oproep."
    )]
    UnknownCall { file: String },
    #[error(
        "'{file}', {place}: de oproepkolom is leeg of onleesbaar; bij meerdere oproepen moet elke \
         regel bij een oproep horen."
    )]
    LineWithoutCall { file: String, place: String },
}

/// "'a.csv' en 'b.csv'", "'a', 'b' en 'c'".
pub fn quoted(files: &[String]) -> String {
    let q: Vec<String> = files.iter().map(|f| format!("'{f}'")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} en {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

/// The calls a dataset holds: those of its call column, else its one call.
pub fn dataset_calls(d: &Dataset) -> Vec<u8> {
    if d.call.calls_in_file.is_empty() {
        d.call.call.into_iter().collect()
    } else {
        d.call.calls_in_file.clone()
    }
}

/// Every call of `datasets` with the index of the dataset holding it, in the order found.
/// Refuses a call given twice, datasets whose call is unknown, and a line without a call in a
/// dataset with a call column. Shared by `compare` and the loader of several files.
pub fn calls_of(datasets: &[Dataset]) -> Result<Vec<(u8, usize)>, CallError> {
    let unknown: Vec<String> = datasets
        .iter()
        .filter(|d| dataset_calls(d).is_empty())
        .map(|d| d.source.name.clone())
        .collect();
    match unknown.as_slice() {
        [] => {}
        [file] => return Err(CallError::UnknownCall { file: file.clone() }),
        _ => return Err(CallError::UnknownCalls { files: unknown }),
    }
    let mut calls: Vec<(u8, usize)> = Vec::new();
    for (i, d) in datasets.iter().enumerate() {
        for no in dataset_calls(d) {
            if let Some((_, first)) = calls.iter().find(|(c, _)| *c == no) {
                return Err(CallError::DuplicateCall {
                    call: no,
                    first: file_of_call(&datasets[*first], no),
                    second: file_of_call(d, no),
                });
            }
            calls.push((no, i));
        }
        if d.call.source == CallSource::Column {
            if let Some(g) = d.grants.iter().find(|g| g.call.is_none()) {
                return Err(CallError::LineWithoutCall {
                    file: d.source.name.clone(),
                    place: d.place(g.origin),
                });
            }
        }
    }
    Ok(calls)
}

/// The name of the file that holds `call` in `d` (a combined dataset knows it per file).
fn file_of_call(d: &Dataset, call: u8) -> String {
    d.file_of_call(call)
        .map_or_else(|| d.source.name.clone(), |f| f.name.clone())
}

/// Who an applicant is across files: as the loader interns them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Municipality(u16),
    Vgc,
    DeRand,
    Unknown(String),
}

fn identity(kind: ApplicantKind, name: &str) -> Identity {
    match kind {
        ApplicantKind::Municipality(m) => Identity::Municipality(m),
        ApplicantKind::Vgc => Identity::Vgc,
        ApplicantKind::DeRand => Identity::DeRand,
        ApplicantKind::Unknown => Identity::Unknown(crate::names::fold_local_government(name)),
    }
}

/// The sheet name of a file's sheet in the combined dataset.
fn sheet_name(file: &str, sheet: &str) -> String {
    if sheet.is_empty() {
        file.to_string()
    } else {
        format!("{file}{SHEET_SEPARATOR}{sheet}")
    }
}

/// Several datasets (one per file, each of known and distinct calls) as one multi-call
/// dataset. `objective_of` as for [`Dataset::new`]. One dataset comes back as it is.
pub fn combine(
    datasets: Vec<Dataset>,
    objective_of: impl Fn(u8) -> Option<u8>,
) -> Result<Dataset, CallError> {
    if datasets.len() == 1 {
        if let Some(d) = datasets.into_iter().next() {
            return Ok(d);
        }
        return Ok(Dataset::new(DatasetParts::default(), objective_of));
    }
    calls_of(&datasets)?;
    let sample = datasets.iter().any(|d| d.source.sample);
    let mut parts = DatasetParts::default();
    let mut ids: HashMap<Identity, ApplicantId> = HashMap::new();
    let mut unknown_ids: HashMap<(String, Option<u8>), u16> = HashMap::new();
    let mut files: Vec<FilePart> = Vec::new();
    let mut facts: Option<AnswerFacts> = None;
    let mut all_calls: Vec<u8> = Vec::new();
    for d in datasets {
        let file = d.source.name.clone();
        let calls = dataset_calls(&d);
        all_calls.extend(&calls);
        let offset = u16::try_from(parts.sheets.len()).unwrap_or(u16::MAX);
        let sheet_at = |o: Origin| Origin {
            sheet: o.sheet.saturating_add(offset),
            row: o.row,
        };
        files.push(FilePart {
            name: file.clone(),
            path: d.source.path.clone(),
            calls: calls.clone(),
            how: d.call.source,
            first_sheet: offset,
            sheet_count: u16::try_from(d.sheets.len()).unwrap_or(u16::MAX),
        });
        parts
            .sheets
            .extend(d.sheets.iter().map(|s| sheet_name(&file, s)));
        // Applicants: the same local government is one applicant.
        let mut applicant_map: Vec<ApplicantId> = Vec::with_capacity(d.applicants.len());
        for a in &d.applicants {
            let key = identity(a.kind, &a.name);
            let id = match ids.get(&key) {
                Some(id) => *id,
                None => {
                    let id = parts.applicants.len() as ApplicantId;
                    let mut fresh = a.clone();
                    fresh.spellings.clear();
                    parts.applicants.push(fresh);
                    ids.insert(key, id);
                    id
                }
            };
            if let Some(known) = parts.applicants.get_mut(id as usize) {
                if known.province.is_none() {
                    known.province = a.province;
                }
                for s in &a.spellings {
                    if !known.spellings.iter().any(|k| k.written == s.written) {
                        known.spellings.push(s.clone());
                    }
                }
            }
            applicant_map.push(id);
        }
        let applicant = |id: ApplicantId| applicant_map.get(id as usize).copied().unwrap_or(id);
        // Unknown actions: one per label and objective.
        let mut unknown_map: Vec<u16> = Vec::with_capacity(d.unknown_actions.len());
        for u in &d.unknown_actions {
            let key = (u.label.clone(), u.objective);
            let i = *unknown_ids.entry(key).or_insert_with(|| {
                parts.unknown_actions.push(UnknownAction {
                    label: u.label.clone(),
                    objective: u.objective,
                });
                u16::try_from(parts.unknown_actions.len() - 1).unwrap_or(u16::MAX)
            });
            unknown_map.push(i);
        }
        let kind = |k: LineKind| match k {
            LineKind::UnknownAction(i) => {
                LineKind::UnknownAction(unknown_map.get(usize::from(i)).copied().unwrap_or(i))
            }
            other => other,
        };
        let own_call = d.call.call;
        // A line's texts are ids into its file's text buffer: each file's texts move into the
        // combined buffer once (lines that shared a text keep sharing it).
        let mut moved: HashMap<TextId, Option<TextId>> = HashMap::new();
        let texts = &mut parts.texts;
        let mut text = |id: Option<TextId>| -> Option<TextId> {
            let id = id?;
            *moved
                .entry(id)
                .or_insert_with(|| texts.add(d.texts.get(id)))
        };
        let grants: Vec<Grant> = d
            .grants
            .iter()
            .map(|g| Grant {
                applicant: applicant(g.applicant),
                kind: kind(g.kind),
                call: g.call.or(own_call),
                origin: sheet_at(g.origin),
                reason: text(g.reason),
                explanation: text(g.explanation),
                ..g.clone()
            })
            .collect();
        parts.grants.extend(grants);
        parts
            .action_readings
            .extend(d.action_readings.iter().map(|r| ActionReading {
                origin: sheet_at(r.origin),
                ..r.clone()
            }));
        parts
            .collaborations
            .extend(d.collaborations.iter().map(|c| Collaboration {
                source: match c.source {
                    CollaborationSource::Annex(o) => CollaborationSource::Annex(sheet_at(o)),
                    other => other,
                },
                ..c.clone()
            }));
        parts
            .stated_totals
            .extend(d.stated_totals.iter().map(|t| StatedTotal {
                scope: match t.scope {
                    TotalScope::Applicant(id) => TotalScope::Applicant(applicant(id)),
                    other => other,
                },
                origin: sheet_at(t.origin),
                ..t.clone()
            }));
        parts.notes.extend(d.notes.iter().map(|n| LoadNote {
            origin: n.origin.map(sheet_at),
            message: match n.origin {
                Some(_) => n.message.clone(),
                None => format!("'{file}': {}", n.message),
            },
        }));
        if facts.is_none() && calls.contains(&1) {
            facts = d.facts.clone();
        }
    }
    all_calls.sort_unstable();
    all_calls.dedup();
    parts.source = Some(Source {
        name: files
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        path: None,
        sample,
    });
    parts.call = Some(CallInfo {
        call: (all_calls.len() == 1).then(|| all_calls[0]),
        source: CallSource::Column,
        calls_in_file: all_calls,
    });
    parts.facts = facts;
    let mut ds = Dataset::new(parts, objective_of);
    ds.files = files;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionReading, LineKind, Origin, StatedTotal, TotalScope, UnknownAction};
    use crate::testkit::*;

    fn file(name: &str, no: u8, sheets: &[&str], mut parts: DatasetParts) -> Dataset {
        parts.source = Some(Source {
            name: name.to_string(),
            path: None,
            sample: false,
        });
        parts.call = call(no, CallSource::Title);
        parts.sheets = sheets.iter().map(|s| s.to_string()).collect();
        dataset(parts)
    }

    /// Parts whose one line has an explanation (and a reason when given), in its own texts.
    fn with_texts(explanation: &str, reason: Option<&str>) -> DatasetParts {
        let mut parts = parts_with(vec![applicant("Gent")]);
        let mut g = grant(0, action(5), 100);
        g.explanation = parts.texts.add(explanation);
        g.reason = reason.and_then(|r| parts.texts.add(r));
        parts.grants = vec![g];
        parts
    }

    #[test]
    fn each_files_line_texts_move_into_the_combined_texts() {
        // Both files number their texts from one: the ids must not be read in the wrong buffer.
        let one = file("a.xlsx", 1, &["Bijlage 1"], with_texts("uitleg een", None));
        let two = file(
            "b.xlsx",
            2,
            &["Bijlage 1"],
            with_texts("uitleg twee", Some("reden twee")),
        );
        let r = crate::reference::get();
        let ds = combine(vec![one, two], |no| r.objective_of(no)).unwrap();
        let shown: Vec<(Option<u8>, Option<&str>, Option<&str>)> = ds
            .grants
            .iter()
            .map(|g| (g.call, ds.text(g.explanation), ds.text(g.reason)))
            .collect();
        assert_eq!(
            shown,
            vec![
                (Some(1), Some("uitleg een"), None),
                (Some(2), Some("uitleg twee"), Some("reden twee")),
            ]
        );
    }

    #[test]
    fn applicants_lines_totals_and_places_are_remapped() {
        let mut one = parts_with(vec![applicant("Stad Gent"), applicant("Kortrijk")]);
        one.grants = vec![
            at(grant(0, action(5), 100), 3),
            at(grant(1, action(9), 50), 4),
        ];
        one.facts = Some(AnswerFacts::default());
        let mut two = parts_with(vec![
            applicant("Hasselt"),
            applicant("Gent"),
            applicant("Buurtwerk X"),
        ]);
        two.unknown_actions = vec![UnknownAction {
            label: "Iets nieuws".to_string(),
            objective: Some(3),
        }];
        let mut g = grant(1, action(5), 120);
        g.origin = Origin { sheet: 1, row: 7 };
        two.grants = vec![
            at(grant(0, action(9), 40), 5),
            g,
            at(grant(2, LineKind::UnknownAction(0), 10), 6),
        ];
        two.stated_totals = vec![StatedTotal {
            scope: TotalScope::Applicant(1),
            label: "Totaal Gent".to_string(),
            amount: 12_000,
            origin: Origin { sheet: 1, row: 8 },
        }];
        two.action_readings = vec![ActionReading {
            label: "Lerarenopleiding".to_string(),
            objective: 7,
            action: 21,
            words: vec![],
            origin: Origin { sheet: 1, row: 2 },
            lines: 1,
        }];
        two.notes = vec![LoadNote {
            origin: None,
            message: "iets".to_string(),
        }];
        let a = file("a.xlsx", 1, &["Bijlage 1"], one);
        let b = file("b.csv", 2, &["", "Tweede"], two);
        let r = crate::reference::get();
        let ds = combine(vec![b, a], |no| r.objective_of(no)).unwrap();
        // Gent in both files is one applicant; Hasselt and the unknown body are new.
        let names: Vec<&str> = ds.applicants.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, vec!["Hasselt", "Gent", "Buurtwerk X", "Kortrijk"]);
        assert_eq!(ds.applicants[1].spellings.len(), 2);
        assert_eq!(
            ds.sheets,
            vec!["b.csv", "b.csv › Tweede", "a.xlsx › Bijlage 1"]
        );
        assert_eq!(ds.call.calls_in_file, vec![1, 2]);
        assert_eq!(ds.call.source, CallSource::Column);
        let calls: Vec<Option<u8>> = ds.grants.iter().map(|g| g.call).collect();
        assert_eq!(calls, vec![Some(2), Some(2), Some(2), Some(1), Some(1)]);
        // Gent: 120 in call 2, 100 in call 1.
        assert_eq!(ds.applicant_totals(1).unwrap().granted, 22_000);
        assert_eq!(ds.for_call(1).applicant_totals(1).unwrap().granted, 10_000);
        assert_eq!(
            ds.place(ds.grants[3].origin),
            "Blad 'a.xlsx › Bijlage 1', rij 3"
        );
        assert_eq!(
            ds.place(ds.grants[1].origin),
            "Blad 'b.csv › Tweede', rij 7"
        );
        assert_eq!(ds.grants[2].kind, LineKind::UnknownAction(0));
        assert_eq!(ds.line_objective(ds.grants[2].kind), Some(3));
        assert_eq!(ds.stated_totals[0].scope, TotalScope::Applicant(1));
        assert_eq!(ds.action_readings[0].origin.sheet, 1);
        assert_eq!(ds.notes[0].message, "'b.csv': iets");
        // The facts came with call 1 and stay; a view of call 2 has none.
        assert!(ds.facts.is_some());
        assert!(ds.for_call(2).facts.is_none());
        assert_eq!(ds.file_of_call(1).map(|f| f.name.as_str()), Some("a.xlsx"));
        assert_eq!(ds.file_of_sheet(1).map(|f| f.name.as_str()), Some("b.csv"));
        assert_eq!(ds.source.name, "b.csv + a.xlsx");
    }

    #[test]
    fn calls_that_repeat_or_cannot_be_told_apart_are_refused() {
        let r = crate::reference::get();
        let a = file("a.xlsx", 1, &["x"], parts_with(vec![]));
        let b = file("b.xlsx", 1, &["x"], parts_with(vec![]));
        let e = combine(vec![a.clone(), b], |no| r.objective_of(no)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Oproep 1 komt twee keer voor: in 'a.xlsx' en in 'b.xlsx'. Geef elke oproep maar \
             één keer."
        );
        let mut unknown = parts_with(vec![]);
        unknown.source = Some(Source {
            name: "c.xlsx".to_string(),
            path: None,
            sample: false,
        });
        let c = dataset(unknown);
        let e = combine(vec![a, c], |no| r.objective_of(no)).unwrap_err();
        assert_eq!(
            e,
            CallError::UnknownCall {
                file: "c.xlsx".to_string()
            }
        );
    }
}
