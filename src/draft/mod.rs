//! The draft answer to written question 492 (`samenleven antwoord`): one numbered section per
//! question, every figure computed from the [`Dataset`] and followed by its source in brackets
//! (the sheet and rows of the annex, or "gepubliceerd: …" for what answer 492 itself states),
//! the open findings of the checks at the end under "Na te kijken".
//!
//! [`build`] is pure: a [`Draft`] is a structured document (sections of paragraphs, lists and
//! tables of text). [`render`] writes it as Markdown or plain text, [`docx`] as a Word document;
//! [`run`] is the command.

mod docx;
mod render;
mod run;
mod sections;

use std::collections::BTreeMap;

use crate::checks::{Finding, Severity};
use crate::model::{Dataset, Grant, SAMPLE_MARKER};

pub use docx::docx_bytes;
pub use render::{markdown, text};
pub use run::{draft_bytes, run, DraftError, Format};

/// The draft answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    /// Said first, before anything else: the sample marker when the data is the bundled sample.
    pub warning: Option<String>,
    /// What the draft is made of (file, call) and how to read the sources.
    pub intro: Vec<Block>,
    pub sections: Vec<Section>,
    /// "Na te kijken": the open fouten and waarschuwingen of the checks.
    pub review: Vec<String>,
}

/// A numbered section: the answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The number of the question it answers.
    pub number: u8,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A paragraph, a list or a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    List(Vec<String>),
    Table(Table),
}

/// A table of text: a header, cells per row, which columns are figures (right-aligned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub figures: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(columns: &[(&str, bool)]) -> Table {
        Table {
            header: columns.iter().map(|(t, _)| t.to_string()).collect(),
            figures: columns.iter().map(|(_, f)| *f).collect(),
            rows: Vec::new(),
        }
    }
}

/// The title of every draft.
pub const TITLE: &str = "Ontwerpantwoord op schriftelijke vraag nr. 492 (Plan Samenleven)";

/// Builds the draft answer of the data. `findings` are the checks' over the whole file.
pub fn build(ds: &Dataset, findings: &[Finding]) -> Draft {
    // The answer is about the whole file, whatever lines a view counts.
    let whole;
    let ds = if ds.line_filter() == crate::model::LineFilter::All {
        ds
    } else {
        whole = ds.restricted_to(crate::model::LineFilter::All);
        &whole
    };
    let mut intro = vec![Block::Paragraph(format!(
        "Concept, opgesteld door samenleven {} uit het bestand '{}' ({}). Elk cijfer komt uit de \
         gegevens; de bron staat er tussen haken achter: blad en rijen van de bijlage, of \
         'gepubliceerd' voor wat het antwoord op vraag 492 zelf vermeldt. Waar de gegevens een \
         vraag niet beantwoorden, staat dat er.",
        env!("CARGO_PKG_VERSION"),
        ds.source.name,
        ds.call.label()
    ))];
    if let Some(call) = answered_call(ds) {
        intro.push(Block::Paragraph(format!(
            "Vraag 492 gaat over de eerste oproep: de antwoorden 1 tot en met 8 tellen alleen de \
             regels van oproep {call}; antwoord 9 zet de oproepen ({}) naast elkaar.",
            ds.call.label()
        )));
    }
    if ds.facts.is_none() {
        intro.push(Block::Paragraph(crate::views::no_facts_note(ds)));
    }
    Draft {
        title: TITLE.to_string(),
        warning: ds.source.sample.then(|| SAMPLE_MARKER.to_string()),
        intro,
        sections: sections::all(ds, findings),
        review: review(findings),
    }
}

/// The call whose lines answers 1 to 8 count in data of several calls: call 1, which question
/// 492 is about, when the data holds it. `None` for data of one call (all its lines count).
fn answered_call(ds: &Dataset) -> Option<u8> {
    (ds.is_multi_call() && ds.calls().contains(&1)).then_some(1)
}

/// The open findings: every fout and waarschuwing, with its code and place.
fn review(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Fout | Severity::Waarschuwing))
        .map(|f| {
            format!(
                "{} ({}, {}): {}",
                f.place,
                f.severity.code(),
                f.code,
                f.message
            )
        })
        .collect()
}

/// Where lines are in the annex: "[bijlage, blad 'Antwerpen', rijen 6–80]", one part per sheet.
/// Lines without a row (data not read from a file) give "[bijlage]".
pub(crate) fn annex_source<'a>(ds: &Dataset, lines: impl IntoIterator<Item = &'a Grant>) -> String {
    let mut per_sheet: BTreeMap<u16, (u32, u32, usize)> = BTreeMap::new();
    let mut any = false;
    for g in lines {
        any = true;
        if g.origin.row == 0 {
            continue;
        }
        let e = per_sheet
            .entry(g.origin.sheet)
            .or_insert((g.origin.row, g.origin.row, 0));
        e.0 = e.0.min(g.origin.row);
        e.1 = e.1.max(g.origin.row);
        e.2 += 1;
    }
    if !any {
        return "[bijlage: geen regels]".to_string();
    }
    let parts: Vec<String> = per_sheet
        .iter()
        .map(|(sheet, (first, last, n))| {
            let rows = if first == last {
                format!("rij {first}")
            } else if u64::from(last - first) + 1 == *n as u64 {
                format!("rijen {first}–{last}")
            } else {
                format!("{n} regels in rijen {first}–{last}")
            };
            match ds.sheets.get(usize::from(*sheet)) {
                Some(name) if !name.is_empty() => format!("blad '{name}', {rows}"),
                _ => rows,
            }
        })
        .collect();
    if parts.is_empty() {
        "[bijlage]".to_string()
    } else {
        format!("[bijlage, {}]", parts.join("; "))
    }
}

/// "[gepubliceerd: antwoord 2, vermelding 3]".
pub(crate) fn published(what: &str) -> String {
    format!("[gepubliceerd: {what}]")
}
