//! `samenleven antwoord`: the draft to stdout (md, txt) or to a file (md, txt, docx).

use std::path::{Path, PathBuf};

use crate::checks::Finding;
use crate::export::{with_extension, write_file, ExportError};
use crate::model::{Dataset, SAMPLE_MARKER};

/// The format of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown
    Md,
    /// Platte tekst
    Txt,
    /// Word (docx)
    Docx,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Docx => "docx",
        }
    }

    /// The format a file name asks for by its extension (`.md`, `.txt`, `.docx`, any case).
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Md),
            "txt" => Some(Format::Txt),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Why the draft was not written. The messages are Dutch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error(
        "Een Word-document gaat niet naar het scherm: geef --out BESTAND.docx (of kies --format \
         md of txt)"
    )]
    DocxNeedsOut,
    #[error("{0}")]
    Write(#[from] ExportError),
    #[error("Kan het ontwerpantwoord niet opbouwen: {0}")]
    Build(String),
}

/// The draft of `ds` in a format, as bytes (UTF-8 text for md and txt).
pub fn draft_bytes(
    ds: &Dataset,
    findings: &[Finding],
    format: Format,
) -> Result<Vec<u8>, DraftError> {
    let draft = super::build(ds, findings);
    match format {
        Format::Md => Ok(super::markdown(&draft).into_bytes()),
        Format::Txt => Ok(super::text(&draft).into_bytes()),
        Format::Docx => super::docx_bytes(&draft).map_err(DraftError::Build),
    }
}

/// The command: without `out` the draft itself (md or txt) for stdout; with `out` the file is
/// written (the extension of the format appended when the name lacks it, never overwriting
/// without `force`) and the text says where. The format is `format`, else the one `out`'s
/// extension names, else Markdown.
pub fn run(
    ds: &Dataset,
    format: Option<Format>,
    out: Option<&Path>,
    force: bool,
) -> Result<String, DraftError> {
    let format = format
        .or_else(|| out.and_then(Format::of_path))
        .unwrap_or(Format::Md);
    let findings = crate::checks::run(ds);
    let Some(out) = out else {
        return match format {
            Format::Docx => Err(DraftError::DocxNeedsOut),
            _ => {
                draft_bytes(ds, &findings, format).map(|b| String::from_utf8_lossy(&b).into_owned())
            }
        };
    };
    let path: PathBuf = with_extension(out, format.extension());
    let bytes = draft_bytes(ds, &findings, format)?;
    write_file(&bytes, &path, force)?;
    let mut said = String::new();
    if ds.source.sample {
        said.push_str(SAMPLE_MARKER);
        said.push('\n');
    }
    said.push_str(&format!(
        "Ontwerpantwoord geschreven ({}): {}\n",
        format.extension(),
        path.display()
    ));
    if path != out {
        said.push_str(&format!(
            "De naam kreeg de extensie .{}: --out gaf '{}'.\n",
            format.extension(),
            out.display()
        ));
    }
    Ok(said)
}
