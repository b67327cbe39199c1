//! The workbook: sheet names and shared labels, the context of one export, and the order of
//! the sheets. Every amount is a number cell with a euro format; totals are SUBTOTAL formulas
//! with the model's total as cached value, so the file shows the right figures before any
//! recalculation and stays correct when someone edits a line.

use std::collections::BTreeSet;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::checks::Finding;
use crate::model::{ApplicantId, Dataset, Grant, LineKind, Province, ACTIONS, OBJECTIVES};
use crate::reference;

use super::{answer, overview, totals};
use super::{ExportError, ExportMeta, Scope};

/// Sheet names, in order (the province sheets come between the first and the others).
pub const OVERVIEW: &str = "Overzicht";
pub const COLLABORATIONS: &str = "Samenwerkingen";
pub const REFUSALS: &str = "Weigeringen";
pub const MENTORSHIPS: &str = "Mentorschap";
pub const BONDS: &str = "Sociale impactobligaties";
pub const OBJECTIVES_SHEET: &str = "Doelstellingen";
pub const CHECKS: &str = "Controles";
pub const SOURCE: &str = "Bron";
/// Sheet of the applicants whose province is unknown.
pub const NO_PROVINCE: &str = "Provincie onbekend";

pub(super) const SAMPLE_LINE: &str =
    "VOORBEELD — synthetische bedragen: dit is niet de echte bijlage 1 bij vraag 492.";
pub(super) const NO_FACTS_LINE: &str =
    "De feiten van antwoord 492 (samenwerkingen, mentorschappen, sociale impactobligaties, \
     weigeringen) horen bij oproep 1 (projectperiode 2022-2023) en zijn niet beschikbaar voor \
     dit bestand.";
pub(super) const APPLICANT_DEFINITION: &str =
    "Een aanvrager is een hoofdaanvrager zoals vermeld in de bijlage, na normalisatie van de \
     naam ('Stad Gent', 'Gemeente Gent' en 'OCMW Gent' zijn Gent). De VGC en vzw De Rand zijn \
     aanvragers maar geen gemeenten.";
pub(super) const REPRESENTED_DEFINITION: &str =
    "Een vertegenwoordigd lokaal bestuur is een gemeente die aanvrager is of partner in de \
     samenwerking van een aanvrager; elke gemeente telt één keer ('De Rand (io Wemmel)' \
     vertegenwoordigt Wemmel; een samenwerking die antwoord 2 twee keer vermeldt, telt één keer).";

/// "Soort regel" values: filter on `subsidie` to keep only the grant rows.
pub const KIND_LINE: &str = "subsidie";
pub const KIND_OBJECTIVE: &str = "subtotaal doelstelling";
pub const KIND_APPLICANT: &str = "totaal lokaal bestuur";
pub const KIND_PROVINCE: &str = "totaal provincie";
pub const KIND_GRAND: &str = "algemeen totaal";

pub(super) struct Ctx<'a> {
    pub(super) ds: &'a Dataset,
    pub(super) scope: &'a Scope,
    pub(super) money_format: &'static str,
    /// Indices of the grants in scope, granted and refused.
    pub(super) in_scope: Vec<usize>,
}

impl Ctx<'_> {
    pub(super) fn granted(&self) -> impl Iterator<Item = (usize, &Grant)> + '_ {
        self.in_scope
            .iter()
            .filter_map(|i| self.ds.grants.get(*i).map(|g| (*i, g)))
            .filter(|(_, g)| g.is_granted())
    }
    pub(super) fn refused(&self) -> impl Iterator<Item = (usize, &Grant)> + '_ {
        self.in_scope
            .iter()
            .filter_map(|i| self.ds.grants.get(*i).map(|g| (*i, g)))
            .filter(|(_, g)| !g.is_granted())
    }
    pub(super) fn province_of(&self, a: ApplicantId) -> Option<Province> {
        self.ds.applicant(a).and_then(|x| x.province)
    }
    pub(super) fn applicant_name(&self, a: ApplicantId) -> &str {
        self.ds.applicant(a).map_or("onbekend", |x| x.name.as_str())
    }
    pub(super) fn scope_suffix(&self) -> String {
        match self.scope {
            Scope::All => String::new(),
            s => format!(" — selectie: {}", s.describe(self.ds)),
        }
    }
}

pub(super) fn province_name(p: Option<Province>) -> &'static str {
    p.map_or(NO_PROVINCE, Province::name)
}

/// Sort key of a province slot: the provinces by name, unknown last.
pub(super) fn province_slot(p: Option<Province>) -> usize {
    p.map_or(Province::ALL.len(), Province::index)
}

pub(super) fn objective_label(no: u8) -> String {
    match reference::get().objective(no) {
        Some(o) => format!("{no}. {}", o.name),
        None => format!("Doelstelling {no}"),
    }
}

pub(super) const OTHER_CLUSTER: u8 = OBJECTIVES as u8 + 1;
pub(super) const OTHER_LABEL: &str = "Andere lijnen (buiten de catalogus)";

/// Objective cluster of a line: 1..=7, or [`OTHER_CLUSTER`].
pub(super) fn cluster(kind: LineKind) -> u8 {
    match kind {
        LineKind::Action(no) if (1..=ACTIONS as u8).contains(&no) => reference::get()
            .objective_of(no)
            .filter(|o| (1..=OBJECTIVES as u8).contains(o))
            .unwrap_or(OTHER_CLUSTER),
        _ => OTHER_CLUSTER,
    }
}

pub(super) fn cluster_label(c: u8) -> String {
    if c == OTHER_CLUSTER {
        OTHER_LABEL.to_string()
    } else {
        objective_label(c)
    }
}

pub(super) fn line_description(ds: &Dataset, kind: LineKind) -> String {
    match kind {
        LineKind::Action(no) => reference::get()
            .action(no)
            .map_or_else(|| format!("Actie {no}"), |a| a.name.clone()),
        LineKind::UnknownAction(_) => format!("{} (niet in de catalogus)", ds.line_label(kind)),
        _ => ds.line_label(kind),
    }
}

pub(super) fn build(
    ds: &Dataset,
    scope: &Scope,
    findings: &[Finding],
    meta: &ExportMeta,
) -> Result<Vec<u8>, ExportError> {
    let ctx = Ctx {
        ds,
        scope,
        money_format: if ds.has_cents() {
            "[$€-813] #,##0.00"
        } else {
            "[$€-813] #,##0"
        },
        in_scope: ds
            .grants
            .iter()
            .enumerate()
            .filter(|(_, g)| scope.covers(ds, g.applicant))
            .map(|(i, _)| i)
            .collect(),
    };
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_timestamp(meta.exported_at.unix())?;
    let title = if ds.source.sample {
        "Plan Samenleven — VOORBEELD (synthetische bedragen)".to_string()
    } else {
        format!("Plan Samenleven — {}", ds.source.name)
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject("Schriftelijke vraag 492: subsidies Plan Samenleven")
            .set_author(meta.program.as_str())
            .set_creation_datetime(&created),
    );

    overview::overview(wb.add_worksheet(), &ctx, None)?;
    for p in province_sheets(&ctx) {
        overview::overview(wb.add_worksheet(), &ctx, Some(p))?;
    }
    answer::collaborations(wb.add_worksheet(), &ctx)?;
    answer::refusals(wb.add_worksheet(), &ctx)?;
    answer::mentorships(wb.add_worksheet(), &ctx)?;
    answer::bonds(wb.add_worksheet(), &ctx)?;
    totals::objectives(wb.add_worksheet(), &ctx)?;
    totals::checks(wb.add_worksheet(), &ctx, findings)?;
    totals::source(wb.add_worksheet(), &ctx, meta)?;
    if let Ok(first) = wb.worksheet_from_index(0) {
        first.set_active(true);
    }
    Ok(wb.save_to_buffer()?)
}

/// The provinces that get a sheet: all six for the whole dataset, else those in scope; plus
/// "province unknown" when such applicants have lines.
pub(super) fn province_sheets(ctx: &Ctx<'_>) -> Vec<Option<Province>> {
    let mut set: BTreeSet<usize> = BTreeSet::new();
    if ctx.scope == &Scope::All {
        set.extend(0..Province::ALL.len());
    }
    if let Scope::Province(p) = ctx.scope {
        set.insert(p.index());
    }
    for (_, g) in ctx.granted() {
        set.insert(province_slot(ctx.province_of(g.applicant)));
    }
    set.into_iter()
        .map(|i| Province::ALL.get(i).copied())
        .collect()
}
