//! The `summary` command: totals of a dataset as Dutch text or as a stable JSON contract.

use serde_json::{json, Value};

use crate::model::{CallSource, Dataset, LineFilter, Province};
use crate::money::{format_eur, json_eur};
use crate::reference;

/// The JSON contract of `samenleven summary --format json` (see README).
pub fn json(ds: &Dataset) -> Value {
    let r = reference::get();
    let provinces: Vec<Value> = Province::ALL
        .iter()
        .map(|p| {
            let t = ds.province_totals(Some(*p));
            json!({"name": p.name(), "total_eur": json_eur(t.granted), "applicants": t.applicants.len()})
        })
        .chain({
            let t = ds.province_totals(None);
            (!t.applicants.is_empty()).then(|| {
                json!({"name": "onbekend", "total_eur": json_eur(t.granted), "applicants": t.applicants.len()})
            })
        })
        .collect();
    let objectives: Vec<Value> = r
        .objectives
        .iter()
        .map(|o| {
            let unknown: Vec<Value> = ds
                .objective_unknown_totals(o.no)
                .iter()
                .map(|u| {
                    json!({
                        "label": u.label,
                        "total_eur": json_eur(u.granted),
                        "applicants": u.applicants.len(),
                    })
                })
                .collect();
            json!({
                "no": o.no,
                "name": o.name,
                "total_eur": json_eur(ds.objective_total(o.no)),
                "unknown_actions": unknown,
            })
        })
        .collect();
    let actions: Vec<Value> = (1..=24u8)
        .filter_map(|no| {
            let t = ds.action_totals(no)?;
            (t.lines > 0).then(|| {
                json!({
                    "no": no,
                    "total_eur": json_eur(t.granted),
                    "applicants": t.applicants.len(),
                    "local_governments": t.represented.len(),
                })
            })
        })
        .collect();
    let other: Vec<Value> = ds
        .other_totals()
        .iter()
        .map(|o| {
            json!({
                "kind": o.kind.code(),
                "label": o.label,
                "total_eur": json_eur(o.granted),
                "applicants": o.applicants.len(),
            })
        })
        .collect();
    let selection = match ds.line_filter() {
        LineFilter::All => Value::Null,
        f @ (LineFilter::Action(no) | LineFilter::Objective(no)) => json!({
            "kind": if matches!(f, LineFilter::Action(_)) { "action" } else { "objective" },
            "no": no,
            "label": r.line_filter_label(f),
        }),
    };
    json!({
        "source": ds.source.name,
        "sample": ds.source.sample,
        "selection": selection,
        "call": ds.call.call,
        "total_eur": json_eur(ds.total_granted()),
        "refused_eur": json_eur(ds.total_refused()),
        "applicants": ds.applicant_count(),
        "local_governments": ds.local_government_count(),
        "grants": ds.totals().lines,
        "provinces": provinces,
        "objectives": objectives,
        "actions": actions,
        "other": other,
    })
}

/// The summary as Dutch text.
pub fn text(ds: &Dataset) -> String {
    let r = reference::get();
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    if ds.source.sample {
        line("VOORBEELD — synthetische bedragen, niet de echte Bijlage 1".to_string());
    }
    line(format!("Bron: {}", ds.source.name));
    if ds.line_filter() != LineFilter::All {
        line(format!(
            "Selectie: alleen de regels van {}",
            r.line_filter_label(ds.line_filter())
        ));
    }
    let how = ds.call_text();
    line(match (ds.call.call, ds.call.source) {
        (None, CallSource::Unknown) => {
            "Oproep: onbekend; geef ze met --oproep N (--oproep 1 voor bijlage 1 bij vraag 492)"
                .to_string()
        }
        (Some(c), _) if !r.has_figures(c) => format!(
            "Oproep: {how}; voor oproep {c} zijn geen cijfers gepubliceerd om mee te vergelijken"
        ),
        _ => format!("Oproep: {how}"),
    });
    // Notes on the file as a whole (a skipped sheet, an --oproep that was not used).
    for n in ds.notes.iter().filter(|n| n.origin.is_none()) {
        line(format!("Let op: {}", n.message));
    }
    line(format!(
        "Totaal toegekend: {}",
        format_eur(ds.total_granted())
    ));
    line(format!("Geweigerd: {}", format_eur(ds.total_refused())));
    line(format!(
        "Aanvragers: {}   Vertegenwoordigde lokale besturen: {}   Regels: {}",
        ds.applicant_count(),
        ds.local_government_count(),
        ds.totals().lines
    ));
    line(String::new());
    line("Per provincie".to_string());
    for p in Province::ALL {
        let t = ds.province_totals(Some(p));
        line(format!(
            "  {:<18} {:>16}  {:>3} aanvragers",
            p.name(),
            format_eur(t.granted),
            t.applicants.len()
        ));
    }
    let unknown = ds.province_totals(None);
    if !unknown.applicants.is_empty() {
        line(format!(
            "  {:<18} {:>16}  {:>3} aanvragers",
            "onbekend",
            format_eur(unknown.granted),
            unknown.applicants.len()
        ));
    }
    line(String::new());
    line("Per doelstelling".to_string());
    for o in &r.objectives {
        line(format!(
            "  {} {:<30} {:>16}",
            o.no,
            o.name,
            format_eur(ds.objective_total(o.no))
        ));
        for u in ds.objective_unknown_totals(o.no) {
            line(format!(
                "    waarvan {:<22} {:>16}  (onbekende actie)",
                u.label,
                format_eur(u.granted)
            ));
        }
    }
    line(String::new());
    line("Per actie".to_string());
    for a in &r.actions {
        if let Some(t) = ds.action_totals(a.no).filter(|t| t.lines > 0) {
            line(format!(
                "  {:>2} {:<52} {:>14}  {:>3} aanvragers, {:>3} lokale besturen",
                a.no,
                a.name,
                format_eur(t.granted),
                t.applicants.len(),
                t.represented.len()
            ));
        }
    }
    if !ds.other_totals().is_empty() {
        line(String::new());
        line("Andere regels (geen van de 24 acties)".to_string());
        for o in ds.other_totals() {
            line(format!(
                "  {:<55} {:>14}  {:>3} aanvragers",
                if o.label == o.kind.label() {
                    o.label.clone()
                } else {
                    format!("{}: {}", o.kind.label(), o.label)
                },
                format_eur(o.granted),
                o.applicants.len()
            ));
        }
    }
    if ds.facts.is_none() {
        line(String::new());
        line("De gegevens uit het antwoord op vraag 492 (samenwerkingen, mentorschappen, stimulans sociale impactobligatie) horen bij oproep 1 en zijn niet beschikbaar voor dit bestand.".to_string());
    }
    out
}
