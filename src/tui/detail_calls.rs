//! The detail pane of a dataset of several calls: the figures of the selection per call, with
//! the differences between the calls, per action (clustered per objective) and, for
//! Vlaanderen, per province. Pure, like [`super::detail`], whose pieces it reuses for what
//! does not depend on the call (collaborations, the answer's facts).

use ratatui::text::{Line, Span};

use crate::compare::Row;
use crate::model::{ApplicantId, Dataset, Province};
use crate::money::{format_eur, format_share, group_thousands};

use super::calls::{self, Calls, Col, LineRows, Widths};
use super::detail::{self, truncate, Out};
use super::theme::Theme;
use super::tree::{Node, Tree};

/// Columns the detail keeps for labels.
const MIN_LABEL: usize = 14;

/// The lines of the detail pane for `node` in a dataset of several calls.
pub fn lines(
    ds: &Dataset,
    tree: &Tree,
    calls: &Calls,
    node: Node,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Out::new(width, theme);
    match node {
        Node::All => group(&mut out, ds, calls, None),
        Node::Province(p) => group(&mut out, ds, calls, Some(p)),
        Node::Applicant(a) => applicant(&mut out, ds, calls, a),
        Node::Partner { lead, index } => partner(&mut out, ds, calls, tree, lead, index),
    }
    out.lines
}

/// The columns of one detail: the same for every table in it.
struct Table<'a> {
    calls: &'a Calls,
    cols: Vec<Col>,
    widths: Widths,
}

impl<'a> Table<'a> {
    fn new<'r>(calls: &'a Calls, width: usize, rows: impl Iterator<Item = &'r Row>) -> Table<'a> {
        let widths = Widths::of(calls, rows);
        let cols = calls::choose(calls, &widths, width.saturating_sub(1), MIN_LABEL);
        Table {
            calls,
            cols,
            widths,
        }
    }

    /// The column headers (`oproep 1  oproep 2  verschil  %`), right-aligned, with an optional
    /// label on the left.
    fn header(&self, out: &mut Out, label: &str) {
        let head = calls::header_cells(self.calls, &self.cols, &self.widths);
        let room = out.width.saturating_sub(head.chars().count());
        let label = truncate(label, room);
        let text = format!("{label:<room$}{head}");
        out.lines.push(Line::from(Span::styled(
            truncate(&text, out.width),
            out.theme.dim(),
        )));
    }

    /// A row: the label (cut, never the figures), then its cells.
    fn row(&self, out: &mut Out, indent: usize, label: &str, row: &Row, strong: bool) {
        let cells = calls::cells(row, &self.cols, &self.widths);
        let right: usize = cells.iter().map(|(t, _)| t.chars().count()).sum();
        let room = out.width.saturating_sub(indent + right);
        let label = truncate(label, room);
        let style = if strong {
            out.theme.strong()
        } else {
            Default::default()
        };
        let mut spans = vec![Span::styled(
            format!("{}{label:<room$}", " ".repeat(indent)),
            style,
        )];
        for (text, tone) in cells {
            spans.push(Span::styled(text, style.patch(out.theme.tone(tone))));
        }
        out.lines.push(Line::from(spans));
    }

    /// Per objective its row and its lines, then the lines in no objective.
    fn lines(&self, out: &mut Out, lines: &LineRows) {
        if lines.objectives.is_empty() && lines.other.is_empty() {
            return;
        }
        out.heading("Acties per doelstelling, per oproep");
        self.header(out, "");
        for (_, objective, rows) in &lines.objectives {
            self.row(out, 0, &objective.label, objective, true);
            for r in rows {
                self.row(out, 1, &r.label, r, false);
            }
        }
        if !lines.other.is_empty() {
            out.heading("Andere lijnen (geen actie uit de catalogus)");
            self.header(out, "");
            for r in &lines.other {
                self.row(out, 1, &r.label, r, false);
            }
        }
    }
}

/// The amount of a row in the last call.
fn last(row: &Row) -> i64 {
    row.amounts.last().copied().unwrap_or(0)
}

fn legend(out: &mut Out, calls: &Calls) {
    out.blank();
    out.text(0, &calls.legend(), true);
}

fn group(out: &mut Out, ds: &Dataset, calls: &Calls, province: Option<Option<Province>>) {
    let (name, t) = match province {
        None => ("Vlaanderen".to_string(), ds.totals()),
        Some(p) => (
            p.map_or("Provincie onbekend", Province::name).to_string(),
            ds.province_totals(p),
        ),
    };
    let total = calls::total_of(ds, calls, &t.applicants);
    let per_applicant: Vec<(ApplicantId, Row)> = t
        .applicants
        .iter()
        .map(|a| (*a, calls::total_of(ds, calls, std::slice::from_ref(a))))
        .collect();
    let provinces: Vec<(String, Row)> = match province {
        Some(_) => Vec::new(),
        None => Province::ALL
            .iter()
            .map(|p| Some(*p))
            .chain((!ds.province_totals(None).applicants.is_empty()).then_some(None))
            .map(|p| {
                let pt = ds.province_totals(p);
                let label = format!(
                    "{} ({})",
                    p.map_or("Provincie onbekend", Province::name),
                    group_thousands(pt.applicants.len() as u64)
                );
                (label, calls::total_of(ds, calls, &pt.applicants))
            })
            .collect(),
    };
    let lines = calls::line_rows(ds, calls, &t.applicants);
    let table = Table::new(
        calls,
        out.width,
        std::iter::once(&total)
            .chain(provinces.iter().map(|(_, r)| r))
            .chain(lines.rows()),
    );
    let no = calls.last();

    out.title(&name);
    if province == Some(Some(Province::Brussel)) {
        out.text(0, "Vlaamse Gemeenschapscommissie (VGC)", true);
    }
    table.header(out, "");
    table.row(out, 0, "Totaal toegekend", &total, true);
    if province.is_some() {
        let whole = calls::total_of(ds, calls, &ds.totals().applicants);
        out.pair(
            0,
            &format!("Aandeel in Vlaanderen (oproep {no})"),
            &format_share(last(&total), last(&whole)),
            false,
        );
    }
    refused_all_calls(out, t.refused);
    // "2 in oproep 1 · 1 in oproep 2", or where that does not fit "Aanvragers, oproep 1 · 2"
    // with "2 · 1".
    let counts: Vec<(String, u8)> = (0..calls.len())
        .map(|k| {
            let n = per_applicant
                .iter()
                .filter(|(_, r)| r.present.get(k).copied().unwrap_or(false))
                .count();
            (
                group_thousands(n as u64),
                calls.nos.get(k).copied().unwrap_or(0),
            )
        })
        .collect();
    let long: Vec<String> = counts
        .iter()
        .map(|(n, no)| format!("{n} in oproep {no}"))
        .collect();
    let long = long.join(" · ");
    if "Aanvragers ".chars().count() + long.chars().count() <= out.width {
        out.pair(0, "Aanvragers", &long, false);
    } else {
        let nos: Vec<String> = counts.iter().map(|(_, no)| no.to_string()).collect();
        let ns: Vec<&str> = counts.iter().map(|(n, _)| n.as_str()).collect();
        out.pair(
            0,
            &format!("Aanvragers, oproep {}", nos.join(" · ")),
            &ns.join(" · "),
            false,
        );
    }
    out.pair(
        0,
        "Vertegenwoordigde lokale besturen (alle oproepen)",
        &group_thousands(t.represented.len() as u64),
        false,
    );
    out.pair(
        0,
        "Subsidieregels (alle oproepen)",
        &group_thousands(u64::from(t.lines)),
        false,
    );

    if !provinces.is_empty() {
        out.heading("Per provincie, per oproep");
        table.header(out, "");
        for (label, row) in &provinces {
            table.row(out, 1, label, row, false);
        }
    }

    let mut top: Vec<&(ApplicantId, Row)> =
        per_applicant.iter().filter(|(_, r)| last(r) > 0).collect();
    top.sort_by_key(|(a, r)| (std::cmp::Reverse(last(r)), *a));
    if !top.is_empty() {
        out.heading(&format!("Grootste aanvragers in oproep {no}"));
        table.header(out, "");
        for (a, r) in top.into_iter().take(detail::TOP) {
            let n = ds.applicant(*a).map_or("?", |x| x.name.as_str());
            table.row(out, 1, n, r, false);
        }
    }

    table.lines(out, &lines);
    legend(out, calls);
    detail::group_collaborations(out, ds, province);
}

fn applicant(out: &mut Out, ds: &Dataset, calls: &Calls, id: ApplicantId) {
    let (Some(a), Some(t)) = (ds.applicant(id), ds.applicant_totals(id)) else {
        out.text(0, "Onbekende aanvrager.", true);
        return;
    };
    let total = calls::total_of(ds, calls, &[id]);
    let lines = calls::line_rows(ds, calls, &[id]);
    let table = Table::new(
        calls,
        out.width,
        std::iter::once(&total).chain(lines.rows()),
    );
    let no = calls.last();
    out.title(&a.name);
    let province_name = a.province.map_or("onbekend", Province::name);
    out.text(
        0,
        &format!(
            "{} · provincie {}",
            detail::kind_label(a.kind),
            province_name
        ),
        true,
    );
    table.header(out, "");
    table.row(out, 0, "Totaal toegekend", &total, true);
    let province = calls::total_of(ds, calls, &ds.province_totals(a.province).applicants);
    let whole = calls::total_of(ds, calls, &ds.totals().applicants);
    out.pair(
        0,
        &format!("Aandeel in {province_name} (oproep {no})"),
        &format_share(last(&total), last(&province)),
        false,
    );
    out.pair(
        0,
        &format!("Aandeel in Vlaanderen (oproep {no})"),
        &format_share(last(&total), last(&whole)),
        false,
    );
    refused_all_calls(out, t.refused);
    detail::applicant_collaborations(out, ds, t);
    table.lines(out, &lines);
    legend(out, calls);
    detail::applicant_answer_facts(out, ds, &a.name);
}

fn partner(out: &mut Out, ds: &Dataset, calls: &Calls, tree: &Tree, lead: ApplicantId, index: u16) {
    let Some(p) = detail::partner_heading(out, ds, tree, lead, index) else {
        return;
    };
    match p.applicant {
        Some(a) => {
            let own = calls::total_of(ds, calls, &[a]);
            let table = Table::new(calls, out.width, std::iter::once(&own));
            table.header(out, "");
            table.row(out, 0, "Eigen aanvraag, toegekend", &own, true);
            out.text(0, "→ of l toont die aanvraag.", true);
        }
        None => out.text(0, "Diende zelf geen aanvraag in.", true),
    }
}

/// The refused amount over all calls, when there is one.
fn refused_all_calls(out: &mut Out, refused: i64) {
    if refused != 0 {
        out.pair(0, "Geweigerd (alle oproepen)", &format_eur(refused), false);
    }
}
