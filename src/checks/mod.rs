//! Consistency checks over a dataset and the answer's facts ("Controles").
//!
//! [`run`] is a pure function over a [`Dataset`]: every check lives in its own submodule and
//! returns findings; `run` puts them together and sorts them by severity (stable within).
//! [`run_check`] renders them for the headless `check` command.
//!
//! Every finding has a stable `code`; the table in README (`## Controles`) lists them with their
//! severity. A sum that does not add up is a `fout`; the published answer's own
//! inconsistencies are `waarschuwing`.

mod amounts;
mod answer;
mod catalogue;
mod code;
mod counts;
mod duplicates;
mod names;
mod output;
mod overlaps;
mod provinces;
mod sums;

use crate::model::{
    Applicant, ApplicantId, ApplicantKind, Collaboration, CollaborationRef, CollaborationSource,
    Dataset, Grant, Party, PartyKind, Province, Target,
};
use crate::reference;

pub use code::Code;
pub use output::{render_json, render_text, run_check, Format};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Wrong figures: must be fixed before the answer goes out.
    Fout,
    /// Probably wrong, or an inconsistency of the published answer.
    Waarschuwing,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `fout`, `waarschuwing`, `info`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Fout => "fout",
            Severity::Waarschuwing => "waarschuwing",
            Severity::Info => "info",
        }
    }
}

/// One finding of the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The kind of check, e.g. `som-totaal`; it gives the severity.
    pub code: Code,
    /// Dutch message.
    pub message: String,
    /// Readable place: "Blad 'Antwerpen', rij 14", "Gent / actie 5", "antwoord 2, Boom".
    pub place: String,
    /// Where the explorer jumps to, if anywhere.
    pub target: Option<Target>,
}

impl Finding {
    fn new(
        code: Code,
        place: impl Into<String>,
        target: Option<Target>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: code.severity(),
            code,
            message: message.into(),
            place: place.into(),
            target,
        }
    }
}

/// Runs every check; findings sorted fout, waarschuwing, info (stable within).
pub fn run(dataset: &Dataset) -> Vec<Finding> {
    // The checks are about the file: a view restricted to some lines is checked as a whole.
    if dataset.line_filter() != crate::model::LineFilter::All {
        return run(&dataset.restricted_to(crate::model::LineFilter::All));
    }
    if dataset.call_restriction().is_some() || dataset.is_multi_call() {
        return run_per_call(dataset);
    }
    let mut findings = Vec::new();
    findings.extend(sums::check(dataset));
    findings.extend(names::check(dataset));
    findings.extend(provinces::check(dataset));
    findings.extend(duplicates::check(dataset));
    findings.extend(overlaps::check(dataset));
    findings.extend(counts::check(dataset));
    findings.extend(catalogue::check(dataset));
    findings.extend(amounts::check(dataset));
    findings.extend(answer::check(dataset));
    findings.extend(loader_notes(dataset));
    findings.sort_by_key(|f| f.severity);
    findings
}

/// The checks of a dataset with several calls (one file with a call column, or several files):
/// the lines, names and sums as for one file (a stated total against the lines of its own file),
/// the published figures per call, each finding naming its call; the collaborations per call
/// (those stated with the call's lines, and answer 2's for call 1); the facts of answer 492
/// against the lines of call 1 only.
fn run_per_call(whole: &Dataset) -> Vec<Finding> {
    // A view of one call is checked as the whole it belongs to: its lines are all there.
    let dataset = &whole.restricted_to(crate::model::LineFilter::All);
    let calls = dataset.calls();
    // Each call's view once (a view copies its call's lines).
    let views: Vec<(u8, Dataset)> = calls.iter().map(|c| (*c, dataset.for_call(*c))).collect();
    let call1 = views.iter().find(|(c, _)| *c == 1).map(|(_, view)| view);
    let mut findings = Vec::new();
    findings.extend(sums::stated_totals_per_file(dataset));
    for (c, view) in &views {
        findings.extend(sums::published_per_call(view, *c));
    }
    if calls.is_empty() {
        findings.extend(sums::published_per_call(dataset, 0));
    }
    findings.extend(names::check(dataset));
    findings.extend(provinces::check(dataset));
    findings.extend(duplicates::grants_only(dataset));
    let mut per_call: Vec<Finding> = Vec::new();
    for (_, view) in &views {
        per_call.extend(duplicates::collaborations_only(view));
        per_call.extend(overlaps::check(view));
    }
    for f in per_call {
        if !findings.contains(&f) {
            findings.push(f);
        }
    }
    if let Some(call1) = call1.filter(|view| view.facts.is_some()) {
        findings.extend(counts::check(call1));
    }
    findings.extend(catalogue::check(dataset));
    findings.extend(amounts::check(dataset));
    findings.extend(answer::check(call1.unwrap_or(dataset)));
    findings.extend(loader_notes(dataset));
    findings.sort_by_key(|f| f.severity);
    findings
}

/// The loader's notes (skipped rows, unknown provinces) as info findings.
fn loader_notes(ds: &Dataset) -> Vec<Finding> {
    ds.notes
        .iter()
        .map(|n| {
            let place = n
                .origin
                .map_or_else(|| ds.source.name.clone(), |o| ds.place(o));
            Finding::new(
                Code::Inlezen,
                place,
                None,
                format!("Bij het inlezen: {}", n.message),
            )
        })
        .collect()
}

// ---- shared helpers for the submodules -------------------------------------------------

/// The province an applicant really lies in: the reference province of its municipality, Brussel
/// for the VGC, Vlaams-Brabant for vzw De Rand, else what the file says.
fn real_province(a: &Applicant) -> Option<Province> {
    match a.kind {
        ApplicantKind::Municipality(m) => reference::get().municipality(m).map(|x| x.province),
        ApplicantKind::Vgc => Some(Province::Brussel),
        ApplicantKind::DeRand => Some(Province::VlaamsBrabant),
        ApplicantKind::Unknown => a.province,
    }
}

/// The province a collaboration party lies in, when known.
fn party_province(p: &Party) -> Option<Province> {
    reference::get().party_province(p)
}

/// Readable name of a party: the canonical municipality name, else as written.
fn party_name(p: &Party) -> String {
    match p.resolved {
        PartyKind::Municipality(m) => reference::get()
            .municipality(m)
            .map_or_else(|| p.written.clone(), |x| x.name.clone()),
        _ => p.written.clone(),
    }
}

/// "antwoord 2, Boom" for a collaboration of answer 2, the file place for one of the annex.
fn collaboration_place(ds: &Dataset, c: &Collaboration) -> String {
    match c.source {
        CollaborationSource::Answer2 { .. } => format!("antwoord 2, {}", c.lead.written),
        CollaborationSource::Annex(origin) => ds.place(origin),
    }
}

/// "vermelding 18 van antwoord 2" / "rij 14": how a message names a collaboration listing.
fn collaboration_listing(ds: &Dataset, c: &Collaboration) -> String {
    match c.source {
        CollaborationSource::Answer2 { entry } => format!("vermelding {entry} van antwoord 2"),
        CollaborationSource::Annex(origin) => ds.place(origin),
    }
}

fn collaboration_target(r: CollaborationRef) -> Option<Target> {
    Some(Target::Collaboration(r))
}

/// The place of a line: the file place when the row is known, else "Gent / actie 5".
fn grant_place(ds: &Dataset, g: &Grant) -> String {
    if g.origin.row > 0 {
        ds.place(g.origin)
    } else {
        format!(
            "{} / {}",
            applicant_name(ds, g.applicant),
            ds.line_label(g.kind).to_lowercase()
        )
    }
}

fn applicant_name(ds: &Dataset, id: ApplicantId) -> String {
    ds.applicant(id)
        .map_or_else(|| format!("aanvrager {id}"), |a| a.name.clone())
}

/// The applicant a name of the answer stands for (mentorships, social impact bond).
fn applicant_for_name(ds: &Dataset, name: &str) -> Option<ApplicantId> {
    if let (Some(reference::NameTarget::Municipality(m)), _) = reference::get().resolve_name(name) {
        if let Some(id) = ds.applicant_by_municipality(m) {
            return Some(id);
        }
    }
    ds.applicant_by_name(name)
}

/// Dutch list: "a, b en c".
pub(crate) fn join_dutch(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {}", init.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    fn findings_are_sorted_by_severity_and_stable_within() {
        // A negative amount (fout), an unknown applicant (waarschuwing), unknown call (info).
        let mut parts = parts_with(vec![
            applicant("Atlantis"),
            municipality("Gent"),
            municipality("Lier"),
        ]);
        parts.grants = vec![
            grant(0, action(5), 1000),
            grant(1, action(5), -50),
            grant(2, action(5), -70),
        ];
        let findings = run(&dataset(parts));
        let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
        let mut sorted = severities.clone();
        sorted.sort();
        assert_eq!(severities, sorted);
        let negatives: Vec<&str> = findings
            .iter()
            .filter(|f| f.code == "bedrag-negatief")
            .map(|f| f.place.as_str())
            .collect();
        assert_eq!(negatives, vec!["Gent / actie 5", "Lier / actie 5"]);
        assert_eq!(findings[0].severity, Severity::Fout);
        assert_eq!(findings.last().map(|f| f.severity), Some(Severity::Info));
    }

    #[test]
    fn every_code_is_listed_once() {
        let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate code in Code::ALL");
    }

    #[test]
    fn loader_notes_become_info_findings() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.grants = vec![grant(0, action(5), 1000)];
        parts.sheets = vec!["Antwerpen".to_string()];
        parts.notes = vec![crate::model::LoadNote {
            origin: Some(crate::model::Origin { sheet: 0, row: 7 }),
            message: "lege rij overgeslagen".to_string(),
        }];
        let findings = run(&dataset(parts));
        let f = only(&findings, "inlezen");
        assert_eq!(f.place, "Blad 'Antwerpen', rij 7");
        assert!(f.message.contains("lege rij overgeslagen"));
        assert_eq!(f.severity, Severity::Info);
    }
}

#[cfg(test)]
mod readme {
    use super::Code;

    #[test]
    fn readme_lists_every_code_with_its_severity() {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("## Controles")
            .nth(1)
            .expect("README has a Controles section");
        let rows: Vec<(&str, &str)> = section
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((code, *cells.get(2)?))
            })
            .collect();
        let expected: Vec<(&str, &str)> = Code::ALL
            .iter()
            .map(|c| (c.as_str(), c.severity().code()))
            .collect();
        assert_eq!(rows, expected);
    }
}
