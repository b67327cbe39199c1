//! The `compare` command: the calls (oproepen) of one or more datasets side by side, per call
//! the total, and per province, objective, action, applicant and grant the amount per call with
//! the difference to the call before (€ and %), new and stopped grants marked.
//!
//! Pure: datasets in, a [`Comparison`] out, rendered as Dutch text or as the JSON contract of
//! the README. Amounts are integer cents; only granted lines count.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::model::{
    CallError, CallSource, Dataset, Grant, LineKind, Province, OBJECTIVES, SAMPLE_MARKER,
};
use crate::money::{format_eur, json_eur};
use crate::names::fold_local_government;
use crate::reference;

/// Why the calls cannot be compared: a Dutch message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    #[error(
        "Een vergelijking heeft minstens twee oproepen nodig; {found}. Geef de bestanden met \
         --annex A --annex B, of één bestand met een oproepkolom die meerdere oproepen bevat."
    )]
    TooFewCalls { found: String },
    /// A call given twice, or several files without their call: the loader's own message.
    #[error(transparent)]
    Calls(CallError),
    #[error(
        "De oproep van '{file}' is onbekend: een vergelijking zet de oproepen in volgorde. Geef \
         ze met --oproep N (geldt voor elk bestand zonder oproepkolom), met een oproepkolom of \
         met een titel met de oproep."
    )]
    UnknownCall { file: String },
    #[error(
        "'{file}', {place}: de oproepkolom is leeg of onleesbaar; een vergelijking moet elke \
         regel bij een oproep kunnen zetten."
    )]
    LineWithoutCall { file: String, place: String },
}

/// One call (column) of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub no: u8,
    /// The file it comes from.
    pub file: String,
    pub how: CallSource,
}

/// One thing compared: its label and, per call, its granted amount in cents and whether it had
/// a granted line at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The number of an objective or a catalogue action (also on a grant's row).
    pub no: Option<u8>,
    /// The name, without its number.
    pub label: String,
    /// The province of an applicant, the line of a grant.
    pub detail: Option<String>,
    pub amounts: Vec<i64>,
    pub present: Vec<bool>,
}

/// How a row changed from one call to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// No granted line before, one now.
    New,
    /// A granted line before, none now.
    Stopped,
    Changed,
    Same,
    /// In neither call.
    Absent,
}

impl Mark {
    /// The stable name in JSON, also the Dutch word in the text.
    pub fn code(self) -> &'static str {
        match self {
            Mark::New => "nieuw",
            Mark::Stopped => "gestopt",
            Mark::Changed => "gewijzigd",
            Mark::Same => "gelijk",
            Mark::Absent => "geen",
        }
    }
}

/// The change of a row from call `k − 1` to call `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// In cents.
    pub diff: i64,
    /// The difference in tenths of a percent of the amount before, rounded half away from zero;
    /// `None` when the amount before is zero.
    pub permille: Option<i64>,
    pub mark: Mark,
}

impl Row {
    /// The change to each call from the one before (one fewer than the calls).
    pub fn changes(&self) -> Vec<Change> {
        (1..self.amounts.len())
            .map(|k| {
                let (from, to) = (self.amounts[k - 1], self.amounts[k]);
                let mark = match (self.present[k - 1], self.present[k]) {
                    (false, true) => Mark::New,
                    (true, false) => Mark::Stopped,
                    (false, false) => Mark::Absent,
                    (true, true) if from == to => Mark::Same,
                    (true, true) => Mark::Changed,
                };
                Change {
                    diff: to - from,
                    permille: permille(to - from, from),
                    mark,
                }
            })
            .collect()
    }
}

/// `part / whole` in tenths of a percent, rounded half away from zero.
fn permille(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let (p, w) = (i128::from(part) * 1000, i128::from(whole));
    let q = (p.abs() * 2 + w.abs()) / (w.abs() * 2);
    let signed = if (p < 0) != (w < 0) { -q } else { q };
    i64::try_from(signed).ok()
}

/// The calls side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// In call order.
    pub calls: Vec<Call>,
    /// Whether any dataset is the bundled sample.
    pub sample: bool,
    pub total: Row,
    /// The six provinces, then "onbekend" when some applicant has no province.
    pub provinces: Vec<Row>,
    /// The seven objectives.
    pub objectives: Vec<Row>,
    /// The catalogue actions with a line in some call, then the other lines by label.
    pub actions: Vec<Row>,
    /// By name.
    pub applicants: Vec<Row>,
    /// Per applicant and line (action), by applicant then line.
    pub grants: Vec<Row>,
}

/// What a line is for, comparable across files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum LineKey {
    Action(u8),
    Mentorship(Option<u8>),
    SocialImpactBond,
    Unknown(String),
}

fn line_key(ds: &Dataset, kind: LineKind) -> LineKey {
    match kind {
        LineKind::Action(no) => LineKey::Action(no),
        LineKind::Mentorship(no) => LineKey::Mentorship(no),
        LineKind::SocialImpactBond => LineKey::SocialImpactBond,
        LineKind::UnknownAction(_) => LineKey::Unknown(ds.line_label(kind)),
    }
}

/// The name of a line's action (without its number) or of its other kind.
fn line_label(ds: &Dataset, kind: LineKind) -> String {
    match kind {
        LineKind::Action(no) => match reference::get().action(no) {
            Some(a) => a.name.clone(),
            None => format!("Actie {no}"),
        },
        _ => ds.line_label(kind),
    }
}

/// Rows being summed, by key.
struct Table<K: Ord> {
    calls: usize,
    rows: BTreeMap<K, Row>,
}

impl<K: Ord> Table<K> {
    fn new(calls: usize) -> Self {
        Table {
            calls,
            rows: BTreeMap::new(),
        }
    }
    fn add(
        &mut self,
        key: K,
        label: impl FnOnce() -> (Option<u8>, String, Option<String>),
        k: usize,
        cents: i64,
    ) {
        let calls = self.calls;
        let row = self.rows.entry(key).or_insert_with(|| {
            let (no, label, detail) = label();
            Row {
                no,
                label,
                detail,
                amounts: vec![0; calls],
                present: vec![false; calls],
            }
        });
        row.amounts[k] += cents;
        row.present[k] = true;
    }
    fn into_rows(self) -> Vec<Row> {
        self.rows.into_values().collect()
    }
}

/// Which calls each dataset holds; refuses duplicates and calls that cannot be placed (the
/// checks the loader of several files shares, [`crate::model::calls_of`]).
fn calls_of(datasets: &[Dataset]) -> Result<Vec<(Call, usize)>, CompareError> {
    let found = crate::model::calls_of(datasets).map_err(|e| match e {
        CallError::UnknownCall { file } if datasets.len() == 1 => CompareError::TooFewCalls {
            found: format!("de oproep van '{file}' is onbekend"),
        },
        CallError::UnknownCall { file } => CompareError::UnknownCall { file },
        e @ (CallError::UnknownCalls { .. } | CallError::DuplicateCall { .. }) => {
            CompareError::Calls(e)
        }
        CallError::LineWithoutCall { file, place } => CompareError::LineWithoutCall { file, place },
    })?;
    let mut calls: Vec<(Call, usize)> = found
        .into_iter()
        .map(|(no, i)| {
            let d = &datasets[i];
            let (file, how) = match d.file_of_call(no) {
                Some(f) => (f.name.clone(), f.how),
                None => (d.source.name.clone(), d.call.source),
            };
            (Call { no, file, how }, i)
        })
        .collect();
    if calls.len() < 2 {
        let found = match calls.first() {
            Some((c, _)) => format!("'{}' bevat alleen oproep {}", c.file, c.no),
            None => "er zijn geen oproepen".to_string(),
        };
        return Err(CompareError::TooFewCalls { found });
    }
    calls.sort_by_key(|(c, _)| c.no);
    Ok(calls)
}

/// The calls of `datasets` side by side (each dataset one call, or several with a call column).
pub fn build(datasets: &[Dataset]) -> Result<Comparison, CompareError> {
    let calls = calls_of(datasets)?;
    let n = calls.len();
    let r = reference::get();
    let mut total = Table::new(n);
    let mut provinces: Table<(usize, Option<Province>)> = Table::new(n);
    let mut objectives = Table::new(n);
    let mut actions = Table::new(n);
    let mut applicants = Table::new(n);
    let mut grants = Table::new(n);
    for (k, (call, di)) in calls.iter().enumerate() {
        let ds = &datasets[*di];
        let in_call = |g: &&Grant| {
            g.is_granted()
                && ds.counts(g)
                && (ds.call.source != CallSource::Column || g.call == Some(call.no))
        };
        for g in ds.grants.iter().filter(in_call) {
            let Some(a) = ds.applicant(g.applicant) else {
                continue;
            };
            let province = a.province;
            let detail = || province.map_or("onbekend", Province::name).to_string();
            total.add((), || (None, "Totaal".to_string(), None), k, g.amount);
            let slot = province.map_or(Province::ALL.len(), Province::index);
            provinces.add(
                (slot, province),
                || {
                    (
                        None,
                        province.map_or("onbekend", Province::name).to_string(),
                        None,
                    )
                },
                k,
                g.amount,
            );
            if let Some(o) = ds.line_objective(g.kind) {
                objectives.add(o, || (Some(o), String::new(), None), k, g.amount);
            }
            let key = line_key(ds, g.kind);
            actions.add(
                key.clone(),
                || (g.action_no(), line_label(ds, g.kind), None),
                k,
                g.amount,
            );
            let name = fold_local_government(&a.name);
            applicants.add(
                name.clone(),
                || (None, a.name.clone(), Some(detail())),
                k,
                g.amount,
            );
            grants.add(
                (name, key),
                || (g.action_no(), a.name.clone(), Some(line_label(ds, g.kind))),
                k,
                g.amount,
            );
        }
    }
    let zero = |label: String| Row {
        no: None,
        label,
        detail: None,
        amounts: vec![0; n],
        present: vec![false; n],
    };
    let total = total
        .into_rows()
        .pop()
        .unwrap_or_else(|| zero("Totaal".to_string()));
    let mut by_province = provinces.rows;
    let provinces = Province::ALL
        .iter()
        .map(|p| {
            by_province
                .remove(&(p.index(), Some(*p)))
                .unwrap_or_else(|| zero(p.name().to_string()))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .chain(by_province.into_values())
        .collect();
    let mut by_objective = objectives.rows;
    let objectives = (1..=OBJECTIVES as u8)
        .map(|no| {
            let label = r
                .objective(no)
                .map_or_else(|| format!("Doelstelling {no}"), |o| o.name.clone());
            match by_objective.remove(&no) {
                Some(row) => Row { label, ..row },
                None => Row {
                    no: Some(no),
                    ..zero(label)
                },
            }
        })
        .collect();
    Ok(Comparison {
        calls: calls.into_iter().map(|(c, _)| c).collect(),
        sample: datasets.iter().any(|d| d.source.sample),
        total,
        provinces,
        objectives,
        actions: actions.into_rows(),
        applicants: applicants.into_rows(),
        grants: grants.into_rows(),
    })
}

/// A difference with its sign: `+€ 1.234`, `-€ 3.210`, `€ 0`.
pub fn signed_eur(cents: i64) -> String {
    if cents > 0 {
        format!("+{}", format_eur(cents))
    } else {
        format_eur(cents)
    }
}

/// A change in percent, Dutch style: `+12,3 %`, `-100,0 %`, `nieuw` from zero, `–` zero to zero.
pub fn pct_text(c: &Change) -> String {
    match c.permille {
        Some(p) => {
            let sign = match p.signum() {
                1 => "+",
                -1 => "-",
                _ => "",
            };
            format!("{sign}{},{} %", p.abs() / 10, p.abs() % 10)
        }
        None if c.diff != 0 => "nieuw".to_string(),
        None => "–".to_string(),
    }
}

/// The comparison as Dutch text.
pub fn text(c: &Comparison) -> String {
    let mut out = String::new();
    if c.sample {
        out.push_str(SAMPLE_MARKER);
        out.push('\n');
    }
    let nos: Vec<String> = c.calls.iter().map(|k| k.no.to_string()).collect();
    out.push_str(&format!(
        "Vergelijking van de oproepen {}\n",
        quoted_list(&nos)
    ));
    for k in &c.calls {
        out.push_str(&format!(
            "Oproep {}: {} ({})\n",
            k.no,
            k.file,
            k.how.describe()
        ));
    }
    out.push_str(
        "Bedragen: toegekend per oproep; verschil en % ten opzichte van de oproep ervoor.\n",
    );
    section(
        &mut out,
        c,
        "Totaal toegekend",
        std::slice::from_ref(&c.total),
        false,
    );
    section(&mut out, c, "Per provincie", &c.provinces, false);
    section(&mut out, c, "Per doelstelling", &c.objectives, false);
    section(&mut out, c, "Per actie", &c.actions, false);
    section(&mut out, c, "Per aanvrager", &c.applicants, true);
    let moved: Vec<String> = c
        .grants
        .iter()
        .flat_map(|g| {
            g.changes()
                .into_iter()
                .enumerate()
                .filter_map(move |(i, ch)| {
                    let call = c.calls.get(i + 1)?.no;
                    let line = g.detail.as_deref().unwrap_or_default();
                    let what = match g.no {
                        Some(no) => format!("{} — actie {no} {line}", g.label),
                        None => format!("{} — {line}", g.label),
                    };
                    match ch.mark {
                        Mark::New => Some(format!(
                            "  nieuw in oproep {call}:   {what}: {}",
                            format_eur(g.amounts[i + 1])
                        )),
                        Mark::Stopped => Some(format!(
                            "  gestopt in oproep {call}: {what} (was {})",
                            format_eur(g.amounts[i])
                        )),
                        _ => None,
                    }
                })
        })
        .collect();
    out.push_str("\nNieuwe en gestopte subsidies (per aanvrager en actie)\n");
    if moved.is_empty() {
        out.push_str("  geen\n");
    }
    for m in moved {
        out.push_str(&m);
        out.push('\n');
    }
    out
}

/// "1 en 2", "1, 2 en 3".
fn quoted_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} en {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// A table: the label, per call the amount (and from the second call on the difference and %),
/// then the marks.
fn section(out: &mut String, c: &Comparison, title: &str, rows: &[Row], detail: bool) {
    // Numbers right-aligned when some have two digits: " 2 …" above "17 …".
    let digits = if rows.iter().any(|r| r.no.is_some_and(|n| n >= 10)) {
        2
    } else {
        1
    };
    let label = |r: &Row| {
        let name = match r.no {
            Some(no) => format!("{no:>digits$} {}", r.label),
            None => r.label.clone(),
        };
        match (&r.detail, detail) {
            (Some(d), true) => format!("{name} ({d})"),
            _ => name,
        }
    };
    let width = rows
        .iter()
        .map(|r| label(r).chars().count() + 2)
        .max()
        .unwrap_or(0)
        .max(title.chars().count());
    // Columns as wide as their widest figure: amounts, differences, percentages.
    let widest = |texts: &mut dyn Iterator<Item = String>, least: usize| {
        texts
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0)
            .max(least)
    };
    let aw = widest(
        &mut rows
            .iter()
            .flat_map(|r| r.amounts.iter().map(|a| format_eur(*a))),
        12,
    );
    let changes: Vec<Vec<Change>> = rows.iter().map(Row::changes).collect();
    let dw = widest(
        &mut changes.iter().flatten().map(|ch| signed_eur(ch.diff)),
        12,
    );
    let pw = widest(&mut changes.iter().flatten().map(pct_text), 8);
    out.push('\n');
    let mut head = format!("{title:<width$}");
    for (i, k) in c.calls.iter().enumerate() {
        head.push_str(&format!(" {:>aw$}", format!("Oproep {}", k.no)));
        if i > 0 {
            head.push_str(&format!(" {:>dw$} {:>pw$}", "Verschil", "%"));
        }
    }
    out.push_str(head.trim_end());
    out.push('\n');
    for (r, changes) in rows.iter().zip(changes) {
        let mut line = format!("  {:<w$}", label(r), w = width - 2);
        for (i, a) in r.amounts.iter().enumerate() {
            line.push_str(&format!(" {:>aw$}", format_eur(*a)));
            if let Some(ch) = i.checked_sub(1).and_then(|j| changes.get(j)) {
                line.push_str(&format!(
                    " {:>dw$} {:>pw$}",
                    signed_eur(ch.diff),
                    pct_text(ch)
                ));
            }
        }
        let marks: Vec<String> = changes
            .iter()
            .enumerate()
            // A new row whose % column already says "nieuw" is not marked twice.
            .filter(|(_, ch)| {
                ch.mark == Mark::Stopped || (ch.mark == Mark::New && pct_text(ch) != "nieuw")
            })
            .map(|(i, ch)| match c.calls.get(i + 1) {
                Some(k) if c.calls.len() > 2 => format!("{} in oproep {}", ch.mark.code(), k.no),
                _ => ch.mark.code().to_string(),
            })
            .collect();
        if !marks.is_empty() {
            line.push_str(&format!("  {}", marks.join(", ")));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn row_json(c: &Comparison, r: &Row) -> Value {
    let amounts: Vec<Value> = r.amounts.iter().map(|a| json_eur(*a)).collect();
    let changes: Vec<Value> = r
        .changes()
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            json!({
                "from_call": c.calls.get(i).map(|k| k.no),
                "to_call": c.calls.get(i + 1).map(|k| k.no),
                "diff_eur": json_eur(ch.diff),
                "pct": ch.permille.map(|p| p as f64 / 10.0),
                "mark": ch.mark.code(),
            })
        })
        .collect();
    json!({ "amounts_eur": amounts, "in_call": r.present, "changes": changes })
}

fn with(mut v: Value, fields: Value) -> Value {
    if let (Some(o), Value::Object(f)) = (v.as_object_mut(), fields) {
        for (k, x) in f {
            o.insert(k, x);
        }
    }
    v
}

/// The JSON contract of `samenleven compare --format json` (see README).
pub fn json(c: &Comparison) -> Value {
    let calls: Vec<Value> = c
        .calls
        .iter()
        .map(|k| json!({"call": k.no, "source": k.file, "how": k.how.describe()}))
        .collect();
    let named = |rows: &[Row]| -> Vec<Value> {
        rows.iter()
            .map(|r| with(json!({"no": r.no, "name": r.label}), row_json(c, r)))
            .collect()
    };
    let applicants: Vec<Value> = c
        .applicants
        .iter()
        .map(|r| {
            with(
                json!({"name": r.label, "province": r.detail}),
                row_json(c, r),
            )
        })
        .collect();
    let grants: Vec<Value> = c
        .grants
        .iter()
        .map(|r| {
            with(
                json!({"applicant": r.label, "action": r.no, "line": r.detail}),
                row_json(c, r),
            )
        })
        .collect();
    let mut v = json!({
        "sample": c.sample,
        "calls": calls,
        "total": row_json(c, &c.total),
        "provinces": named(&c.provinces),
        "objectives": named(&c.objectives),
        "actions": named(&c.actions),
        "applicants": applicants,
        "grants": grants,
    });
    if c.sample {
        v = with(json!({"marker": SAMPLE_MARKER}), v);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(permille(-1234, 10_000), Some(-123));
        assert_eq!(permille(1235, 10_000), Some(124));
        assert_eq!(permille(-5, 1000), Some(-5));
        assert_eq!(permille(-1, 2000), Some(-1));
        assert_eq!(permille(5, 0), None);
        let ch = Change {
            diff: -5,
            permille: Some(-5),
            mark: Mark::Changed,
        };
        assert_eq!(pct_text(&ch), "-0,5 %");
    }
}
