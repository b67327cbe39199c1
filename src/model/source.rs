//! Where data came from: the file, its call (oproep), stated totals and load notes.

use super::{ApplicantId, Origin, Province};

/// How the call of a dataset is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallSource {
    /// A call column (oproep / projectjaar / projectperiode) in the file.
    Column,
    /// The `--oproep` flag.
    Flag,
    /// The title block of the file ("oproep 1", "projectperiode 1").
    Title,
    /// Not known.
    Unknown,
}

impl CallSource {
    /// Dutch phrase: "volgens de kolom oproep in het bestand".
    pub fn describe(self) -> &'static str {
        match self {
            CallSource::Column => "volgens de oproepkolom in het bestand",
            CallSource::Flag => "volgens de optie --oproep",
            CallSource::Title => "volgens de titel in het bestand",
            CallSource::Unknown => "onbekend",
        }
    }
}

/// The call (oproep / projectperiode) of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInfo {
    /// The one call of all lines, if there is one.
    pub call: Option<u8>,
    pub source: CallSource,
    /// Every call found in a call column, sorted (more than one: a multi-call file).
    pub calls_in_file: Vec<u8>,
}

impl CallInfo {
    pub fn unknown() -> CallInfo {
        CallInfo {
            call: None,
            source: CallSource::Unknown,
            calls_in_file: Vec::new(),
        }
    }
    /// Dutch: "oproep 1", "oproepen 1, 2", "oproep onbekend".
    pub fn label(&self) -> String {
        match (self.call, self.calls_in_file.len()) {
            (Some(c), _) => format!("oproep {c}"),
            (None, n) if n > 1 => format!(
                "oproepen {}",
                self.calls_in_file
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "oproep onbekend".to_string(),
        }
    }
}

/// What every output of the bundled sample says first (json outputs as a first element).
pub const SAMPLE_MARKER: &str = "VOORBEELD — synthetische bedragen: dit is het ingebouwde \
                                 voorbeeld, niet de echte bijlage 1 bij vraag 492.";

/// Where the data came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// File name, or `voorbeeld` for the bundled sample.
    pub name: String,
    /// Full path as given, when loaded from a file.
    pub path: Option<String>,
    /// The bundled sample with synthetic amounts.
    pub sample: bool,
}

/// What a total row in the file claims to total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalScope {
    Grand,
    Province(Province),
    Applicant(ApplicantId),
}

/// A total or subtotal row of the file ("Totaal Gent", "Algemeen totaal"); not a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedTotal {
    pub scope: TotalScope,
    pub label: String,
    pub amount: i64,
    pub origin: Origin,
}

/// Something the loader noticed without stopping (a skipped row, an unknown province).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadNote {
    pub origin: Option<Origin>,
    pub message: String,
}
