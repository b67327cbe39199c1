//! What each command prints: `summary`, `check`, `export`, `antwoord`, `search` and `compare` as text for
//! stdout, or a Dutch message for stderr. The binary (`main.rs`) only parses arguments, loads
//! the annex, writes this text and turns it into an exit code.

use std::path::Path;

use crate::checks;
use crate::export::{self, Scope};
use crate::model::{Dataset, LineFilter, SAMPLE_MARKER};
use crate::search;
use crate::summary;

/// A command's result: what stdout gets and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub code: u8,
}

impl Output {
    fn ok(text: String) -> Output {
        Output { text, code: 0 }
    }
}

/// A command that could not do its job: a Dutch message for stderr; exit code 2.
pub type Failure = String;

/// `summary`: totals per province, objective and action of the lines `scope` selects.
pub fn summary(ds: &Dataset, scope: &str, json: bool) -> Result<Output, Failure> {
    let restricted = summary_selection(ds, scope)?;
    let ds = restricted.as_ref().unwrap_or(ds);
    let text = if json {
        let s = serde_json::to_string_pretty(&summary::json(ds))
            .map_err(|e| format!("Fout bij het schrijven van JSON: {e}"))?;
        format!("{s}\n")
    } else {
        summary::text(ds)
    };
    Ok(Output::ok(text))
}

/// The lines `summary --scope` selects: `None` for all of them, else the restricted dataset.
/// A selection of applicants (a province, an applicant) is refused: the summary is of lines.
fn summary_selection(ds: &Dataset, text: &str) -> Result<Option<Dataset>, Failure> {
    let selection = export::parse_selection(ds, text).map_err(|e| e.to_string())?;
    if selection.scope != Scope::All {
        return Err(format!(
            "summary --scope kiest regels: all, action:N, objective:N of search:ZOEKTERM (een \
             actie of doelstelling); '{}' kiest aanvragers: gebruik export --scope",
            text.trim()
        ));
    }
    Ok((selection.lines != LineFilter::All).then(|| ds.restricted_to(selection.lines)))
}

/// `check`: the findings; exit code 1 when there is an error among them.
pub fn check(ds: &Dataset, json: bool) -> Output {
    let format = if json {
        checks::Format::Json
    } else {
        checks::Format::Text
    };
    let (text, code) = checks::run_check(ds, format);
    Output {
        text,
        code: u8::try_from(code).unwrap_or(1),
    }
}

/// `export`: writes the workbook and says where (and that a name got its extension).
pub fn export(ds: &Dataset, scope: &str, out: &Path, force: bool) -> Result<Output, Failure> {
    let (path, what) = export::run_export(ds, scope, out, force).map_err(|e| e.to_string())?;
    let marker = if ds.source.sample {
        format!("{SAMPLE_MARKER}\n")
    } else {
        String::new()
    };
    let appended = if path != out {
        format!(
            "De naam kreeg de extensie .xlsx: --out gaf '{}'.\n",
            out.display()
        )
    } else {
        String::new()
    };
    Ok(Output::ok(format!(
        "{marker}Werkmap geschreven ({what}): {}\n{appended}",
        path.display()
    )))
}

/// `antwoord`: the draft answer to stdout, or written to a file and said.
pub fn draft(
    ds: &Dataset,
    format: Option<crate::draft::Format>,
    out: Option<&Path>,
    force: bool,
) -> Result<Output, Failure> {
    crate::draft::run(ds, format, out, force)
        .map(Output::ok)
        .map_err(|e| e.to_string())
}

/// `search`: the ranked hits.
pub fn search(ds: &Dataset, query: &str, limit: usize, json: bool) -> Output {
    Output::ok(search::run_search(ds, query, limit, json))
}

/// `compare`: the calls of the datasets side by side.
pub fn compare(datasets: &[Dataset], json: bool) -> Result<Output, Failure> {
    let c = crate::compare::build(datasets).map_err(|e| e.to_string())?;
    let text = if json {
        let s = serde_json::to_string_pretty(&crate::compare::json(&c))
            .map_err(|e| format!("Fout bij het schrijven van JSON: {e}"))?;
        format!("{s}\n")
    } else {
        crate::compare::text(&c)
    };
    Ok(Output::ok(text))
}
