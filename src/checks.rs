//! Consistency checks over a dataset and the answer's facts ("Controles").
//! The checks themselves are being built; this file fixes the shape of a finding.

use crate::model::{Dataset, Target};

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
    /// Stable code per kind of check, e.g. `som-totaal`.
    pub code: &'static str,
    /// Dutch message.
    pub message: String,
    /// Readable place: "Blad 'Antwerpen', rij 14", "Gent / actie 5", "antwoord 2, Boom".
    pub place: String,
    /// Where the explorer jumps to, if anywhere.
    pub target: Option<Target>,
}

/// Runs every check.
pub fn run(_dataset: &Dataset) -> Vec<Finding> {
    Vec::new()
}
