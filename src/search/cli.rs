//! The `search` command's output.

use super::{target_code, Index};
use crate::model::{Dataset, SAMPLE_MARKER};

#[derive(serde::Serialize)]
pub(super) struct JsonHit<'a> {
    pub(super) kind: &'a str,
    pub(super) label: &'a str,
    pub(super) score: i64,
    pub(super) target: String,
}

/// The `search` command: ranked hits as text (one per line: kind, label, target) or as json
/// `[{"kind", "label", "score", "target"}]`. No hits is not an error. For the bundled sample
/// the text starts with a line and the json with an element of kind `voorbeeld` saying so.
pub fn run_search(ds: &Dataset, query: &str, limit: usize, json: bool) -> String {
    let hits = Index::new(ds).query(query, limit);
    if json {
        let marker = ds.source.sample.then(|| JsonHit {
            kind: "voorbeeld",
            label: SAMPLE_MARKER,
            score: 0,
            target: "voorbeeld".to_string(),
        });
        let rows: Vec<JsonHit> = marker
            .into_iter()
            .chain(hits.iter().map(|h| JsonHit {
                kind: h.kind.code(),
                label: &h.label,
                score: h.score,
                target: target_code(ds, &h.target),
            }))
            .collect();
        let mut out = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string());
        out.push('\n');
        return out;
    }
    let mut out = String::new();
    if ds.source.sample {
        out.push_str("VOORBEELD: gegevens van het ingebouwde voorbeeld (synthetische bedragen)\n");
    }
    if hits.is_empty() {
        out.push_str(&format!("Niets gevonden voor \"{}\".\n", query.trim()));
        return out;
    }
    let width = hits.iter().map(|h| h.kind.code().len()).max().unwrap_or(0);
    for h in &hits {
        out.push_str(&format!(
            "{:<width$}  {}  [{}]\n",
            h.kind.code(),
            h.label,
            target_code(ds, &h.target)
        ));
    }
    out
}
