//! Rendering of findings for the headless `check` command: Dutch text grouped by severity, or
//! json `[{"severity","code","message","place"}]` (for the bundled sample, a first finding
//! `voorbeeld` says so).

use super::Code;
use super::{run, Finding, Severity};
use crate::model::{Dataset, SAMPLE_MARKER};
use crate::money::count;

/// Output format of `samenleven check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Runs the checks and renders them; the exit code is 1 when there is a `fout`, else 0.
pub fn run_check(dataset: &Dataset, format: Format) -> (String, i32) {
    let findings = run(dataset);
    let code = i32::from(findings.iter().any(|f| f.severity == Severity::Fout));
    let text = match format {
        Format::Text => render_text(dataset, &findings),
        Format::Json => render_json(dataset, &findings),
    };
    (text, code)
}

/// json array of findings, in the order given (severity first); for the bundled sample a first
/// finding `voorbeeld` says that the amounts are synthetic.
pub fn render_json(ds: &Dataset, findings: &[Finding]) -> String {
    let marker = ds
        .source
        .sample
        .then(|| Finding::new(Code::Voorbeeld, "voorbeeld", None, SAMPLE_MARKER));
    let items: Vec<serde_json::Value> = marker
        .iter()
        .chain(findings)
        .map(|f| {
            serde_json::json!({
                "severity": f.severity.code(),
                "code": f.code.as_str(),
                "message": f.message,
                "place": f.place,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Dutch text: a header with the file and call, then the findings grouped by severity.
pub fn render_text(ds: &Dataset, findings: &[Finding]) -> String {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut out = String::new();
    let sample = if ds.source.sample {
        " — VOORBEELD met synthetische bedragen"
    } else {
        ""
    };
    out.push_str(&format!(
        "Controles op {} ({}){sample}\n",
        ds.source.name,
        ds.call.label()
    ));
    out.push_str(&format!(
        "{}, {}, {}\n",
        count(n(Severity::Fout), "fout", "fouten"),
        count(n(Severity::Waarschuwing), "waarschuwing", "waarschuwingen"),
        count(n(Severity::Info), "melding", "meldingen"),
    ));
    for (severity, title) in [
        (Severity::Fout, "Fouten"),
        (Severity::Waarschuwing, "Waarschuwingen"),
        (Severity::Info, "Ter info"),
    ] {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}\n"));
        for f in group {
            out.push_str(&format!("- {} [{}]\n  {}\n", f.place, f.code, f.message));
        }
    }
    if findings.is_empty() {
        out.push_str("\nGeen opmerkingen.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CallSource, Source};
    use crate::testkit::*;

    fn negative_and_unknown() -> Dataset {
        let mut parts = parts_with(vec![municipality("Gent"), applicant("Atlantis")]);
        parts.source = Some(Source {
            name: "bijlage.xlsx".to_string(),
            path: None,
            sample: false,
        });
        parts.grants = vec![grant(0, action(5), -100), grant(1, action(5), 100)];
        dataset(parts)
    }

    #[test]
    fn json_has_the_contract_fields_and_exit_code_1_on_fout() {
        let (text, code) = run_check(&negative_and_unknown(), Format::Json);
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let items = v.as_array().unwrap();
        assert_eq!(items[0]["severity"], "fout");
        assert_eq!(items[0]["code"], "bedrag-negatief");
        assert_eq!(items[0]["place"], "Gent / actie 5");
        for item in items {
            let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(keys, vec!["code", "message", "place", "severity"]);
        }
        assert!(items.iter().any(|i| i["code"] == "naam-onbekend"));
    }

    #[test]
    fn text_groups_by_severity_and_exit_code_0_without_fout() {
        let mut parts = parts_with(vec![municipality("Gent")]);
        parts.grants = vec![grant(0, action(5), 100)];
        parts.call = call(4, CallSource::Title);
        let (text, code) = run_check(&dataset(parts), Format::Text);
        assert_eq!(code, 0);
        assert!(
            text.starts_with(
                "Controles op onbekend (oproep 4)\n0 fouten, 0 waarschuwingen, 2 meldingen\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\nTer info\n- onbekend [gepubliceerd-onbekend]\n"),
            "{text}"
        );
        assert!(!text.contains("Fouten\n"));
        let (text, code) = run_check(&negative_and_unknown(), Format::Text);
        assert_eq!(code, 1);
        let fouten = text.find("\nFouten\n").unwrap();
        let waarschuwingen = text.find("\nWaarschuwingen\n").unwrap();
        assert!(fouten < waarschuwingen);
        assert!(
            text.contains("- Gent / actie 5 [bedrag-negatief]\n  Negatief bedrag -€ 100"),
            "{text}"
        );
    }
}
