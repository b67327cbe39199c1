//! Load errors: Dutch messages that say where (file, sheet, row, column) and what.

use std::fmt;

/// What went wrong while reading an annex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The path does not exist.
    NotFound,
    /// No permission to read.
    PermissionDenied,
    /// The path is a folder.
    IsDirectory,
    /// Another I/O failure, with the system's reason.
    Io(String),
    /// Zero bytes.
    EmptyFile,
    /// Neither a workbook nor text.
    NotASpreadsheet,
    /// A workbook that cannot be opened (truncated zip, damaged parts).
    Damaged(String),
    /// Encrypted with a password.
    PasswordProtected,
    /// A workbook without worksheets.
    NoSheets,
    /// No sheet has a recognisable table header.
    NoTable,
    /// A header row with a local government column but no amount column.
    NoAmountColumn,
    /// Two columns that both claim to be the granted amount.
    AmbiguousAmount { first: String, second: String },
    /// A cell in the amount column that is not an amount.
    BadAmount { text: String, reason: String },
    /// A date where an amount belongs.
    DateAsAmount,
    /// A formula error (#REF!, #DIV/0!) where an amount belongs.
    FormulaError(String),
    /// A yes/no value where an amount belongs.
    BoolAsAmount,
    /// Rows of a CSV file that do not split into the header's columns.
    InconsistentColumns { expected: usize, found: usize },
    /// A sheet whose used rows and columns span more cells than the loader will hold.
    SheetTooLarge {
        rows: usize,
        cols: usize,
        limit: usize,
    },
    /// An amount that makes the sum of all amounts overflow 64-bit cents.
    TotalTooLarge { text: String },
    /// Several files whose calls cannot be told apart (a call twice, a call unknown).
    Calls(crate::model::CallError),
}

/// A located load error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// File name as given.
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row as a spreadsheet program shows it.
    pub row: Option<u32>,
    /// Column as shown: "E (Bedrag)" in a workbook, "5 (Bedrag)" in a CSV file.
    pub column: Option<String>,
    pub kind: LoadErrorKind,
}

impl LoadError {
    pub fn file(file: &str, kind: LoadErrorKind) -> LoadError {
        LoadError {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            kind,
        }
    }

    /// The Dutch description of the problem, without the place.
    pub fn what(&self) -> String {
        match &self.kind {
            LoadErrorKind::NotFound => "het bestand bestaat niet".into(),
            LoadErrorKind::PermissionDenied => {
                "geen toestemming om het bestand te lezen (leesrechten ontbreken)".into()
            }
            LoadErrorKind::IsDirectory => "dit is een map, geen bestand".into(),
            LoadErrorKind::Io(reason) => format!("het bestand kan niet gelezen worden ({reason})"),
            LoadErrorKind::EmptyFile => "het bestand is leeg".into(),
            LoadErrorKind::NotASpreadsheet => {
                "dit is geen rekenblad (xlsx, xlsm, xls, ods) en geen CSV-bestand".into()
            }
            LoadErrorKind::Damaged(detail) => {
                format!("het werkboek is beschadigd of onvolledig en kan niet geopend worden ({detail})")
            }
            LoadErrorKind::PasswordProtected => {
                "het werkboek is beveiligd met een wachtwoord; sla het eerst op zonder wachtwoord"
                    .into()
            }
            LoadErrorKind::NoSheets => "het werkboek bevat geen werkbladen".into(),
            LoadErrorKind::NoTable => "geen tabel gevonden: geen kopregel met een kolom voor het lokaal bestuur en een kolom met bedragen of kolommen per actie".into(),
            LoadErrorKind::NoAmountColumn => "de kopregel heeft geen kolom met bedragen (bijvoorbeeld 'Bedrag', 'Subsidie' of 'Toegekend bedrag')".into(),
            LoadErrorKind::AmbiguousAmount { first, second } => format!(
                "twee kolommen kunnen het toegekende bedrag zijn: {first} en {second}; geef één ervan een andere naam (bijvoorbeeld 'Aangevraagd bedrag')"
            ),
            LoadErrorKind::BadAmount { text, reason } => format!("'{text}' {reason}"),
            LoadErrorKind::DateAsAmount => "bevat een datum waar een bedrag hoort".into(),
            LoadErrorKind::FormulaError(code) => {
                format!("bevat de formulefout {code} waar een bedrag hoort")
            }
            LoadErrorKind::BoolAsAmount => "bevat WAAR/ONWAAR waar een bedrag hoort".into(),
            LoadErrorKind::InconsistentColumns { expected, found } => format!(
                "deze regel heeft {found} kolommen waar de kopregel er {expected} heeft; controleer het scheidingsteken"
            ),
            LoadErrorKind::SheetTooLarge { rows, cols, limit } => format!(
                "het blad is te groot om te lezen: de gegevens beslaan {rows} rijen en {cols} kolommen (meer dan {} miljoen cellen)",
                limit / 1_000_000
            ),
            LoadErrorKind::TotalTooLarge { text } => format!(
                "'{text}' maakt de som van alle bedragen te groot om te berekenen"
            ),
            LoadErrorKind::Calls(e) => e.to_string(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let LoadErrorKind::Calls(e) = &self.kind {
            // The message names the files itself.
            return write!(f, "{e}");
        }
        write!(f, "Fout in '{}'", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", blad '{sheet}'")?;
        }
        if let Some(row) = self.row {
            write!(f, ", rij {row}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ", kolom {col}")?;
        }
        write!(f, ": {}.", self.what())
    }
}

impl std::error::Error for LoadError {}
