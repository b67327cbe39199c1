//! The content of the detail pane for a tree node, as wrapped lines for a given width.
//! Pure: the same function gives the view its lines and the app its scroll limit.

use ratatui::text::{Line, Span};

use crate::model::{
    ApplicantId, ApplicantKind, ApplicantTotals, Collaboration, CollaborationRef,
    CollaborationSource, Dataset, Grant, LineKind, PartyKind, Province, Status,
};
use crate::money::{format_eur, format_share, group_thousands};
use crate::names::fold_local_government;
use crate::reference;

use super::theme::Theme;
use super::tree::{Node, Partner, Tree};

/// Said wherever the answer's facts would be shown for data of another call.
pub const NO_FACTS: &str =
    "Gegevens uit het antwoord op vraag 492 horen bij oproep 1; niet beschikbaar voor dit bestand.";

/// How many applicants a province or Vlaanderen lists as its largest.
pub(super) const TOP: usize = 5;

/// The lines of the detail pane for `node`, wrapped to `width` columns.
pub fn lines(
    ds: &Dataset,
    tree: &Tree,
    node: Node,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Out::new(width, theme);
    match node {
        Node::All => group(&mut out, ds, None),
        Node::Province(p) => group(&mut out, ds, Some(p)),
        Node::Applicant(a) => applicant(&mut out, ds, a),
        Node::Partner { lead, index } => partner(&mut out, ds, tree, lead, index),
    }
    out.lines
}

/// The name of a node as shown in titles.
pub fn node_name(ds: &Dataset, tree: &Tree, node: Node) -> String {
    match node {
        Node::All => "Vlaanderen".to_string(),
        Node::Province(Some(p)) => p.name().to_string(),
        Node::Province(None) => "Provincie onbekend".to_string(),
        Node::Applicant(a) => ds
            .applicant(a)
            .map_or_else(|| "?".to_string(), |x| x.name.clone()),
        Node::Partner { lead, index } => tree
            .partner(lead, index)
            .map_or_else(|| "?".to_string(), |p| p.name.clone()),
    }
}

pub(super) struct Out {
    pub(super) lines: Vec<Line<'static>>,
    pub(super) width: usize,
    pub(super) theme: Theme,
}

impl Out {
    /// An empty pane of `width` columns (at least one).
    pub(super) fn new(width: u16, theme: Theme) -> Out {
        Out {
            lines: Vec::new(),
            width: usize::from(width.max(1)),
            theme,
        }
    }

    pub(super) fn blank(&mut self) {
        if !self.lines.is_empty() {
            self.lines.push(Line::default());
        }
    }

    pub(super) fn title(&mut self, text: &str) {
        let t = truncate(text, self.width);
        self.lines
            .push(Line::from(Span::styled(t, self.theme.header())));
    }

    pub(super) fn heading(&mut self, text: &str) {
        self.blank();
        let t = truncate(text, self.width);
        self.lines
            .push(Line::from(Span::styled(t, self.theme.strong())));
    }

    /// `label ……… value` with the value right-aligned; the label is cut, never the value.
    pub(super) fn pair(&mut self, indent: usize, label: &str, value: &str, strong: bool) {
        let vw = value.chars().count();
        let room = self.width.saturating_sub(indent + vw + 1);
        let label = truncate(label, room);
        let gap = self
            .width
            .saturating_sub(indent + label.chars().count() + vw)
            .max(1);
        let style = if strong {
            self.theme.strong()
        } else {
            Default::default()
        };
        let text = format!(
            "{}{}{}{}",
            " ".repeat(indent),
            label,
            " ".repeat(gap),
            value
        );
        self.lines.push(Line::from(Span::styled(text, style)));
    }

    /// Wrapped text with a hanging indent.
    pub(super) fn text(&mut self, indent: usize, text: &str, dim: bool) {
        let style = if dim {
            self.theme.dim()
        } else {
            Default::default()
        };
        for l in wrap(text, self.width.saturating_sub(indent).max(1)) {
            self.lines.push(Line::from(Span::styled(
                format!("{}{}", " ".repeat(indent), l),
                style,
            )));
        }
    }

    pub(super) fn warn(&mut self, indent: usize, text: &str) {
        for l in wrap(text, self.width.saturating_sub(indent).max(1)) {
            self.lines.push(Line::from(Span::styled(
                format!("{}{}", " ".repeat(indent), l),
                self.theme.warn(),
            )));
        }
    }
}

fn group(out: &mut Out, ds: &Dataset, province: Option<Option<Province>>) {
    let (name, t) = match province {
        None => ("Vlaanderen".to_string(), ds.totals()),
        Some(p) => (
            p.map_or("Provincie onbekend", Province::name).to_string(),
            ds.province_totals(p),
        ),
    };
    out.title(&name);
    if province == Some(Some(Province::Brussel)) {
        out.text(0, "Vlaamse Gemeenschapscommissie (VGC)", true);
    }
    out.pair(0, "Totaal toegekend", &format_eur(t.granted), true);
    if province.is_some() {
        out.pair(
            0,
            "Aandeel in Vlaanderen",
            &format_share(t.granted, ds.total_granted()),
            false,
        );
    }
    if t.refused != 0 {
        out.pair(0, "Geweigerd", &format_eur(t.refused), false);
    }
    out.pair(
        0,
        "Aanvragers",
        &group_thousands(t.applicants.len() as u64),
        false,
    );
    out.pair(
        0,
        "Vertegenwoordigde lokale besturen",
        &group_thousands(t.represented.len() as u64),
        false,
    );
    out.pair(
        0,
        "Subsidieregels",
        &group_thousands(u64::from(t.lines)),
        false,
    );

    if province.is_none() {
        out.heading("Per provincie");
        for p in Province::ALL {
            let pt = ds.province_totals(Some(p));
            out.pair(
                1,
                &format!(
                    "{} ({})",
                    p.name(),
                    group_thousands(pt.applicants.len() as u64)
                ),
                &format_eur(pt.granted),
                false,
            );
        }
        let unknown = ds.province_totals(None);
        if !unknown.applicants.is_empty() {
            out.pair(
                1,
                &format!(
                    "Provincie onbekend ({})",
                    group_thousands(unknown.applicants.len() as u64)
                ),
                &format_eur(unknown.granted),
                false,
            );
        }
    }

    let mut top: Vec<(i64, ApplicantId)> = t
        .applicants
        .iter()
        .map(|a| (ds.applicant_totals(*a).map_or(0, |x| x.granted), *a))
        .collect();
    top.sort_by_key(|(amount, a)| (std::cmp::Reverse(*amount), *a));
    if !top.is_empty() {
        out.heading("Grootste aanvragers");
        for (amount, a) in top.into_iter().take(TOP) {
            let n = ds.applicant(a).map_or("?", |x| x.name.as_str());
            out.pair(1, n, &format_eur(amount), false);
        }
    }

    group_collaborations(out, ds, province);
}

/// The collaborations of a province (by its lead), or of all of Flanders (`None`).
pub(super) fn group_collaborations(
    out: &mut Out,
    ds: &Dataset,
    province: Option<Option<Province>>,
) {
    let collabs: Vec<(CollaborationRef, &Collaboration)> = ds
        .all_collaborations()
        .filter(|(_, c)| province.is_none_or(|p| collaboration_province(ds, c) == p))
        .collect();
    out.heading("Samenwerkingen");
    if collabs.is_empty() {
        if ds.facts.is_none() {
            out.text(1, NO_FACTS, true);
        } else {
            out.text(1, "Geen samenwerkingen bekend.", true);
        }
    }
    for (_, c) in &collabs {
        collaboration(out, c);
    }
    if ds.facts.is_none() && !collabs.is_empty() {
        out.text(1, NO_FACTS, true);
    }
}

/// `Harelbeke (trekker): Waregem, Zwevegem, Kuurne — antwoord 2, nr. 1`.
pub(super) fn collaboration(out: &mut Out, c: &Collaboration) {
    let partners: Vec<&str> = c.partners.iter().map(|p| p.written.as_str()).collect();
    let source = match c.source {
        CollaborationSource::Answer2 { entry } => format!("antwoord 2, nr. {entry}"),
        CollaborationSource::Annex(o) => format!("bijlage, rij {}", o.row),
    };
    out.text(
        1,
        &format!(
            "{} (trekker): {} — {}",
            c.lead.written,
            if partners.is_empty() {
                "geen partners".to_string()
            } else {
                partners.join(", ")
            },
            source
        ),
        false,
    );
}

/// The province of a collaboration: its lead's, else as published.
pub(super) fn collaboration_province(ds: &Dataset, c: &Collaboration) -> Option<Province> {
    if let Some(p) = ds
        .find_party_applicant(&c.lead)
        .and_then(|a| ds.applicant(a))
        .and_then(|a| a.province)
    {
        return Some(p);
    }
    if let Some(m) = c.lead.resolved.municipality() {
        if let Some(x) = reference::get().municipality(m) {
            return Some(x.province);
        }
    }
    match c.lead.resolved {
        PartyKind::DeRand | PartyKind::DeRandFor(_) => Some(Province::VlaamsBrabant),
        PartyKind::Vgc => Some(Province::Brussel),
        _ => c.province_as_published.as_deref().and_then(Province::parse),
    }
}

pub(super) fn kind_label(kind: ApplicantKind) -> &'static str {
    match kind {
        ApplicantKind::Municipality(_) => "Gemeente",
        ApplicantKind::Vgc => "Vlaamse Gemeenschapscommissie",
        ApplicantKind::DeRand => "vzw De Rand (faciliteitengemeenten rond Brussel)",
        ApplicantKind::Unknown => "Onbekende naam (zo geschreven in het bestand)",
    }
}

fn applicant(out: &mut Out, ds: &Dataset, id: ApplicantId) {
    let (Some(a), Some(t)) = (ds.applicant(id), ds.applicant_totals(id)) else {
        out.text(0, "Onbekende aanvrager.", true);
        return;
    };
    out.title(&a.name);
    let province_name = a.province.map_or("onbekend", Province::name);
    out.text(
        0,
        &format!("{} · provincie {}", kind_label(a.kind), province_name),
        true,
    );
    out.pair(0, "Totaal toegekend", &format_eur(t.granted), true);
    let pt = ds.province_totals(a.province);
    out.pair(
        0,
        &format!("Aandeel in {province_name}"),
        &format_share(t.granted, pt.granted),
        false,
    );
    out.pair(
        0,
        "Aandeel in Vlaanderen",
        &format_share(t.granted, ds.total_granted()),
        false,
    );
    if t.refused != 0 {
        out.pair(0, "Geweigerd", &format_eur(t.refused), false);
    }
    applicant_collaborations(out, ds, t);
    let grants: Vec<&Grant> = ds.grants_of(id).collect();
    applicant_actions(out, ds, t, &grants);
    applicant_other_lines(out, ds, &grants);
    applicant_answer_facts(out, ds, &a.name);
}

/// The collaborations an applicant leads or is a partner in.
pub(super) fn applicant_collaborations(out: &mut Out, ds: &Dataset, t: &ApplicantTotals) {
    out.heading("Samenwerking");
    let mut any = false;
    for cref in &t.leads {
        if let Some(c) = ds.collaboration(*cref) {
            collaboration(out, c);
            any = true;
        }
    }
    for cref in &t.partner_in {
        if let Some(c) = ds.collaboration(*cref) {
            out.text(
                1,
                &format!("Partner in de samenwerking van {}", c.lead.written),
                false,
            );
            any = true;
        }
    }
    if !any {
        out.text(1, "Geen samenwerking bekend.", true);
    }
}

/// Catalogue actions, clustered per objective; after them the unknown actions the file puts
/// under that objective (they count in it).
fn applicant_actions(out: &mut Out, ds: &Dataset, t: &ApplicantTotals, grants: &[&Grant]) {
    let refdata = reference::get();
    let mut catalogue: Vec<(u8, u8, &Grant)> = grants
        .iter()
        .filter_map(|g| match (g.kind, ds.line_objective(g.kind)) {
            (LineKind::Action(no), o) => Some((o.unwrap_or(0), no, *g)),
            (LineKind::UnknownAction(_), Some(o)) => Some((o, u8::MAX, *g)),
            _ => None,
        })
        .collect();
    catalogue.sort_by_key(|(obj, no, _)| (*obj, *no));
    if !catalogue.is_empty() {
        out.heading("Acties per doelstelling");
    }
    let mut current_objective = None;
    for (obj, no, g) in catalogue {
        if current_objective != Some(obj) {
            current_objective = Some(obj);
            let (name, amount) = match refdata.objective(obj) {
                Some(o) => (
                    format!("{} {}", o.no, o.name),
                    t.per_objective
                        .get(usize::from(obj).saturating_sub(1))
                        .copied()
                        .unwrap_or(0),
                ),
                None => ("Doelstelling onbekend".to_string(), 0),
            };
            out.pair(0, &name, &format_eur(amount), true);
        }
        let title = match g.kind {
            LineKind::UnknownAction(_) => format!("Onbekende actie: {}", ds.line_label(g.kind)),
            _ => refdata.action(no).map_or_else(
                || format!("Actie {no}"),
                |x| format!("Actie {no} {}", x.name),
            ),
        };
        grant_line(out, &title, g);
        if let (LineKind::Action(_), Some(action)) = (g.kind, refdata.action(no)) {
            let units: Vec<String> = g
                .units
                .known()
                .iter()
                .zip(action.kpis.iter())
                .filter_map(|(u, k)| {
                    u.map(|u| format!("{} {}", group_thousands(u64::from(u)), k.unit))
                })
                .collect();
            if !units.is_empty() {
                out.text(3, &format!("KPI: {}", units.join("; ")), true);
            }
        }
        grant_notes(out, ds, g);
    }
}

/// Lines in no objective, shown for what they are.
fn applicant_other_lines(out: &mut Out, ds: &Dataset, grants: &[&Grant]) {
    let others: Vec<&Grant> = grants
        .iter()
        .copied()
        .filter(|g| !matches!(g.kind, LineKind::Action(_)) && ds.line_objective(g.kind).is_none())
        .collect();
    if !others.is_empty() {
        out.heading("Andere lijnen (geen actie uit de catalogus)");
        for g in others {
            let label = match g.kind {
                LineKind::Mentorship(_) => {
                    format!("Mentorschapstoeslag: {}", ds.line_label(g.kind))
                }
                LineKind::SocialImpactBond => "Stimulans sociale impactobligatie".to_string(),
                LineKind::UnknownAction(_) => {
                    format!("Onbekende actie: {}", ds.line_label(g.kind))
                }
                LineKind::Action(_) => ds.line_label(g.kind),
            };
            grant_line(out, &label, g);
            grant_notes(out, ds, g);
        }
    }
}

/// What answer 492 says of an applicant: its mentorships and social impact bond stimulus.
pub(super) fn applicant_answer_facts(out: &mut Out, ds: &Dataset, name: &str) {
    match &ds.facts {
        None => {
            out.heading("Antwoord op vraag 492");
            out.text(1, NO_FACTS, true);
        }
        Some(f) => {
            let me = fold_local_government(name);
            let ment: Vec<_> = f
                .mentorships
                .iter()
                .filter(|m| fold_local_government(&m.local_government) == me)
                .collect();
            out.heading("Mentorschappen (antwoord 7; bedrag volgens vraag 7)");
            if ment.is_empty() {
                out.text(1, "Geen.", true);
            }
            for m in ment {
                out.text(
                    1,
                    &format!("Actie {} {} — € 10.000", m.action_no, m.action_as_published),
                    false,
                );
            }
            let bonds: Vec<_> = f
                .social_impact_bonds
                .iter()
                .filter(|b| fold_local_government(&b.local_government) == me)
                .collect();
            if !bonds.is_empty() {
                out.heading("Stimulans sociale impactobligatie (antwoord 8)");
                for b in bonds {
                    out.pair(1, "Stimulans", &format_eur(b.stimulus_cents), false);
                    out.text(1, &format!("Bijgestaan door: {}", b.partner), false);
                    out.text(1, &b.description, true);
                }
            }
        }
    }
}

fn grant_line(out: &mut Out, label: &str, g: &Grant) {
    let amount = match g.status {
        Status::Granted => format_eur(g.amount),
        Status::Refused => format!("geweigerd {}", format_eur(g.amount)),
    };
    out.pair(1, label, &amount, false);
}

fn grant_notes(out: &mut Out, ds: &Dataset, g: &Grant) {
    if let Some(req) = g.requested.get() {
        if req != g.amount {
            out.text(3, &format!("Aangevraagd: {}", format_eur(req)), true);
        }
    }
    if g.status == Status::Refused {
        let reason = ds.text(g.reason).unwrap_or("geen reden opgegeven");
        out.warn(3, &format!("Geweigerd: {reason}"));
    } else if let Some(r) = ds.text(g.reason) {
        out.text(3, &format!("Opmerking: {r}"), true);
    }
    if let Some(e) = ds.text(g.explanation) {
        out.text(3, &format!("Toelichting: {e}"), false);
    }
}

fn partner(out: &mut Out, ds: &Dataset, tree: &Tree, lead: ApplicantId, index: u16) {
    let Some(p) = partner_heading(out, ds, tree, lead, index) else {
        return;
    };
    match p.applicant.and_then(|a| ds.applicant_totals(a)) {
        Some(t) => {
            out.pair(
                0,
                "Eigen aanvraag, totaal toegekend",
                &format_eur(t.granted),
                true,
            );
            out.text(0, "→ of l toont die aanvraag.", true);
        }
        None => out.text(0, "Diende zelf geen aanvraag in.", true),
    }
}

/// A collaboration partner's heading (name, lead, province), shared with the per-call detail;
/// `None` when the tree has no such partner.
pub(super) fn partner_heading<'t>(
    out: &mut Out,
    ds: &Dataset,
    tree: &'t Tree,
    lead: ApplicantId,
    index: u16,
) -> Option<&'t Partner> {
    let p = tree.partner(lead, index)?;
    out.title(&p.name);
    let lead_name = ds.applicant(lead).map_or("?", |a| a.name.as_str());
    out.text(
        0,
        &format!("Partner in de samenwerking geleid door {lead_name}"),
        false,
    );
    if let Some(m) = p
        .municipality
        .and_then(|m| reference::get().municipality(m))
    {
        out.text(0, &format!("Provincie {}", m.province.name()), true);
    }
    Some(p)
}

/// Cuts text to `width` columns, marking the cut with `…`.
pub fn truncate(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}

/// Greedy word wrap to `width` columns; words longer than a line are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0usize;
    for word in text.split_whitespace() {
        let mut word: String = word.to_string();
        let mut wl = word.chars().count();
        while wl > width {
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            wl -= width;
            lines.push(head);
        }
        if cur_len > 0 && cur_len + 1 + wl > width {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 {
            cur.push(' ');
            cur_len += 1;
        }
        cur.push_str(&word);
        cur_len += wl;
    }
    if cur_len > 0 || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width_and_cuts_long_words() {
        assert_eq!(wrap("een twee drie", 8), vec!["een twee", "drie"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("Sint-Pieters-Leeuw", 10), "Sint-Piet…");
        assert_eq!(truncate("Gent", 10), "Gent");
        assert_eq!(truncate("Gent", 0), "");
    }
}
