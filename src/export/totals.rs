//! Doelstellingen (totals per objective and action), Controles (the findings) and Bron (source
//! and definitions).

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::Worksheet;

use crate::checks::Finding;
use crate::model::{
    ApplicantId, Dataset, Grant, LineKind, MunicipalitySet, OtherKind, Target, ACTIONS, OBJECTIVES,
};

use super::sheet::{Level, Sheet};
use super::sheets::*;
use super::{ExportError, ExportMeta};

/// Totals over the lines in scope, computed the way the model computes them.
#[derive(Default)]
struct Tally {
    granted: i64,
    lines: u32,
    applicants: BTreeSet<ApplicantId>,
    represented: MunicipalitySet,
}

impl Tally {
    fn add(&mut self, ds: &Dataset, g: &Grant) {
        self.lines += 1;
        if g.is_granted() {
            self.granted += g.amount;
        }
        if self.applicants.insert(g.applicant) {
            if let Some(t) = ds.applicant_totals(g.applicant) {
                self.represented.union_with(&t.represented);
            }
        }
    }
}

/// Sheet 7: totals per objective and per action, plus the lines outside the catalogue.
pub(super) fn objectives(ctx: &Ctx<'_>) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let mut s = Sheet::new(ctx, OBJECTIVES_SHEET)?;
    s.preamble(&format!(
        "Totalen per doelstelling en per actie ({}){}",
        ds.call.label(),
        ctx.scope_suffix()
    ))?;
    s.header(&[
        "Doelstelling",
        "Actie",
        "Omschrijving",
        "Bedrag",
        "Aanvragers",
        "Vertegenwoordigde lokale besturen",
        "Regels",
        KIND_HEADER,
    ])?;
    let mut per_action: BTreeMap<u8, Tally> = BTreeMap::new();
    let mut per_objective: BTreeMap<u8, Tally> = BTreeMap::new();
    // Unknown actions the file puts under an objective, by objective and label.
    let mut unknown_in: BTreeMap<(u8, String), Tally> = BTreeMap::new();
    let mut other: BTreeMap<(OtherKind, String), Tally> = BTreeMap::new();
    let mut all = Tally::default();
    for i in &ctx.in_scope {
        let Some(g) = ds.grants.get(*i) else { continue };
        // A filtered view of the actions keeps the lines of its actions only.
        if ctx.only.is_some()
            && !matches!(g.kind, LineKind::Action(no) if ctx.keeps(Target::Action(no)))
        {
            continue;
        }
        all.add(ds, g);
        let c = cluster(ds, g.kind);
        if c != OTHER_CLUSTER {
            per_objective.entry(c).or_default().add(ds, g);
        }
        match g.kind {
            LineKind::Action(no) if (1..=ACTIONS as u8).contains(&no) => {
                per_action.entry(no).or_default().add(ds, g);
            }
            kind if c != OTHER_CLUSTER => {
                let (_, label) = ds.other_label(kind);
                unknown_in.entry((c, label)).or_default().add(ds, g);
            }
            kind => other.entry(ds.other_label(kind)).or_default().add(ds, g),
        }
    }
    let row_of = |s: &mut Sheet<'_>, t: &Tally, level: Level| -> Result<(), ExportError> {
        s.money(3, t.granted, level)?;
        s.int(4, t.applicants.len() as u64, level)?;
        s.int(5, t.represented.len() as u64, level)?;
        s.int(6, u64::from(t.lines), level)?;
        Ok(())
    };
    for obj in 1..=OBJECTIVES as u8 {
        let label = objective_label(obj);
        let actions: Vec<(&u8, &Tally)> = per_action
            .iter()
            .filter(|(no, _)| cluster(ds, LineKind::Action(**no)) == obj)
            .collect();
        for (no, t) in &actions {
            s.text(0, &label, Level::Line)?;
            s.action_no(1, **no, Level::Line)?;
            s.text(
                2,
                &line_description(ds, LineKind::Action(**no)),
                Level::Line,
            )?;
            row_of(&mut s, t, Level::Line)?;
            s.tag(7, "actie", Level::Line)?;
            s.end_row();
        }
        for ((_, name), t) in unknown_in.range((obj, String::new())..(obj + 1, String::new())) {
            s.text(0, &label, Level::Line)?;
            s.text(2, &format!("{name} (niet in de catalogus)"), Level::Line)?;
            row_of(&mut s, t, Level::Line)?;
            s.tag(7, OtherKind::UnknownAction.code(), Level::Line)?;
            s.end_row();
        }
        let empty = Tally::default();
        let t = per_objective.get(&obj).unwrap_or(&empty);
        s.fill(Level::Applicant)?;
        s.text(0, &label, Level::Applicant)?;
        s.text(2, &format!("Totaal doelstelling {label}"), Level::Applicant)?;
        row_of(&mut s, t, Level::Applicant)?;
        s.tag(7, "doelstelling", Level::Applicant)?;
        s.end_row();
    }
    if !other.is_empty() {
        let mut sum = Tally::default();
        for ((kind, label), t) in &other {
            s.text(0, OTHER_LABEL, Level::Line)?;
            let text = match kind {
                OtherKind::UnknownAction => format!("{label} (niet in de catalogus)"),
                _ => label.clone(),
            };
            s.text(2, &text, Level::Line)?;
            row_of(&mut s, t, Level::Line)?;
            s.tag(7, kind.code(), Level::Line)?;
            s.end_row();
            sum.granted += t.granted;
            sum.lines += t.lines;
            for a in &t.applicants {
                if sum.applicants.insert(*a) {
                    if let Some(at) = ds.applicant_totals(*a) {
                        sum.represented.union_with(&at.represented);
                    }
                }
            }
        }
        s.fill(Level::Applicant)?;
        s.text(0, OTHER_LABEL, Level::Applicant)?;
        s.text(2, "Totaal andere lijnen", Level::Applicant)?;
        row_of(&mut s, &sum, Level::Applicant)?;
        s.tag(7, "andere lijnen", Level::Applicant)?;
        s.end_row();
    }
    s.fill(Level::Grand)?;
    s.text(2, "Algemeen totaal", Level::Grand)?;
    row_of(&mut s, &all, Level::Grand)?;
    s.tag(7, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.row += 1;
    s.note(
        "Bedragen tellen alleen toegekende regels; aanvragers, vertegenwoordigde lokale besturen \
         en regels tellen ook geweigerde regels mee (zoals 'samenleven summary').",
    )?;
    s.note(&format!("Aanvrager: {APPLICANT_DEFINITION}"))?;
    s.note(&format!(
        "Vertegenwoordigd lokaal bestuur: {REPRESENTED_DEFINITION}"
    ))?;
    s.finish()
}

/// Sheet 8: the findings of the consistency checks.
pub(super) fn checks(ctx: &Ctx<'_>, findings: &[Finding]) -> Result<Vec<Worksheet>, ExportError> {
    let mut s = Sheet::new(ctx, CHECKS)?;
    s.preamble("Controles: bevindingen over de cijfers")?;
    if findings.is_empty() {
        s.note("Geen bevindingen: de controles meldden niets voor dit bestand.")?;
        return s.finish();
    }
    s.header(&["Ernst", "Code", "Plaats", "Melding"])?;
    s.fix_width(3, 90.0);
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for f in sorted {
        s.text(0, f.severity.code(), Level::Line)?;
        s.text(1, f.code.as_str(), Level::Line)?;
        s.text(2, &f.place, Level::Line)?;
        s.wrap(3, &f.message, Level::Line)?;
        s.end_row();
    }
    s.finish()
}

/// Sheet 9: where the data comes from, what the words mean, and which sheets were split over
/// several worksheets (`split`: the names of their parts); `compared` when the workbook has the
/// sheet Vergelijking.
pub(super) fn source(
    ctx: &Ctx<'_>,
    meta: &ExportMeta,
    split: &[Vec<String>],
    compared: bool,
) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let mut s = Sheet::new(ctx, SOURCE)?;
    s.preamble("Bron en definities")?;
    s.header(&["Gegeven", "Waarde"])?;
    s.fix_width(1, 90.0);
    let pair = |s: &mut Sheet<'_>, k: &str, v: &str| -> Result<(), ExportError> {
        s.text(0, k, Level::Line)?;
        s.wrap(1, v, Level::Line)?;
        s.end_row();
        Ok(())
    };
    let source_text = if ds.source.sample {
        "voorbeeld (meegeleverde synthetische bijlage)".to_string()
    } else {
        match &ds.source.path {
            Some(p) if p != &ds.source.name => format!("{} ({p})", ds.source.name),
            _ => ds.source.name.clone(),
        }
    };
    pair(&mut s, "Bronbestand", &source_text)?;
    pair(&mut s, "Oproep", &ds.call_text())?;
    pair(&mut s, "Ingelezen op", &meta.loaded_at.dutch())?;
    pair(&mut s, "Geëxporteerd op", &meta.exported_at.dutch())?;
    pair(&mut s, "Programma", &meta.program)?;
    pair(&mut s, "Selectie", &ctx.describe())?;
    if !ctx.whole() {
        pair(
            &mut s,
            "Wat de selectie beperkt",
            if compared {
                "Overzicht, Vergelijking, provinciebladen, Weigeringen en Doelstellingen tonen \
                 alleen de selectie; Samenwerkingen, Mentorschap en Sociale impactobligaties \
                 tonen alle feiten van antwoord 492."
            } else {
                "Overzicht, provinciebladen, Weigeringen en Doelstellingen tonen alleen de \
                 selectie; Samenwerkingen, Mentorschap en Sociale impactobligaties tonen alle \
                 feiten van antwoord 492."
            },
        )?;
    }
    if compared {
        let nos: Vec<String> = ds.call.calls_in_file.iter().map(u8::to_string).collect();
        pair(
            &mut s,
            "Vergelijking",
            &format!(
                "Het blad Vergelijking zet de oproepen {} naast elkaar: per lokaal bestuur en \
                 actie het toegekende bedrag per oproep, het verschil met de oproep ervoor in \
                 euro en in procent (formules) en de status (nieuw, gestopt, gewijzigd, gelijk), \
                 per provincie met subtotalen. De andere bladen tellen alle oproepen samen.",
                crate::checks::join_dutch(&nos)
            ),
        )?;
    }
    let granted: i64 = ctx.granted().map(|(_, g)| g.amount).sum();
    let refused: i64 = ctx.refused().map(|(_, g)| g.amount).sum();
    s.text(0, "Totaal toegekend", Level::Line)?;
    s.money(1, granted, Level::Line)?;
    s.end_row();
    s.text(0, "Totaal geweigerd", Level::Line)?;
    s.money(1, refused, Level::Line)?;
    s.end_row();
    s.text(0, "Regels", Level::Line)?;
    s.int(1, ctx.in_scope.len() as u64, Level::Line)?;
    s.end_row();
    pair(
        &mut s,
        "Feiten van antwoord 492",
        if ds.facts.is_some() {
            "beschikbaar: samenwerkingen (antwoord 2), mentorschappen (antwoord 7; € 10.000 per \
             mentorschap volgens vraag 7), stimulans sociale impactobligatie (antwoord 8), zoals \
             gepubliceerd"
        } else {
            NO_FACTS_LINE
        },
    )?;
    pair(&mut s, "Aanvrager", APPLICANT_DEFINITION)?;
    pair(
        &mut s,
        "Vertegenwoordigd lokaal bestuur",
        REPRESENTED_DEFINITION,
    )?;
    if ds.source.sample {
        pair(
            &mut s,
            "Waarschuwing",
            "VOORBEELD: de bedragen zijn synthetisch. Dit bestand is gemaakt op de meegeleverde \
             voorbeeldbijlage en mag niet doorgaan voor de echte bijlage 1 bij vraag 492.",
        )?;
    }
    for parts in split {
        let names: Vec<String> = parts.iter().map(|p| format!("'{p}'")).collect();
        pair(
            &mut s,
            "Verdeeld over bladen",
            &format!(
                "Dit blad telt meer rijen dan een Excel-blad toelaat ({}) en staat verdeeld over \
                 {} bladen: {}. Elk blad heeft de kopregel en de filter; een totaal over \
                 regels op meer dan één blad telt de bereiken op al die bladen op, en het \
                 algemeen totaal staat op het laatste blad.",
                crate::money::group_thousands(u64::from(ctx.max_rows)),
                parts.len(),
                crate::checks::join_dutch(&names)
            ),
        )?;
    }
    for n in &ds.notes {
        let place = n.origin.map(|o| ds.place(o)).unwrap_or_default();
        let text = if place.is_empty() {
            n.message.clone()
        } else {
            format!("{place}: {}", n.message)
        };
        pair(&mut s, "Opmerking bij het inlezen", &text)?;
    }
    s.finish()
}
