//! The sheets of the workbook. Every amount is a number cell with a euro format; totals are
//! written as SUBTOTAL formulas with the model's total as cached value, so the file shows the
//! right figures before any recalculation and stays correct when someone edits a line.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet,
};

use crate::checks::Finding;
use crate::model::{
    ApplicantId, CollaborationSource, Dataset, Grant, LineKind, MunicipalitySet, OtherKind,
    PartyKind, Province, ACTIONS, OBJECTIVES,
};
use crate::{money, names, reference};

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

/// Visual weight of a row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Line,
    Objective,
    Applicant,
    Province,
    Grand,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Text,
    Wrap,
    Money,
    Int,
}

struct Ctx<'a> {
    ds: &'a Dataset,
    scope: &'a Scope,
    money_format: &'static str,
    /// Indices of the grants in scope, granted and refused.
    in_scope: Vec<usize>,
}

impl Ctx<'_> {
    fn granted(&self) -> impl Iterator<Item = (usize, &Grant)> + '_ {
        self.in_scope
            .iter()
            .filter_map(|i| self.ds.grants.get(*i).map(|g| (*i, g)))
            .filter(|(_, g)| g.is_granted())
    }
    fn refused(&self) -> impl Iterator<Item = (usize, &Grant)> + '_ {
        self.in_scope
            .iter()
            .filter_map(|i| self.ds.grants.get(*i).map(|g| (*i, g)))
            .filter(|(_, g)| !g.is_granted())
    }
    fn province_of(&self, a: ApplicantId) -> Option<Province> {
        self.ds.applicant(a).and_then(|x| x.province)
    }
    fn applicant_name(&self, a: ApplicantId) -> &str {
        self.ds.applicant(a).map_or("onbekend", |x| x.name.as_str())
    }
    fn scope_suffix(&self) -> String {
        match self.scope {
            Scope::All => String::new(),
            s => format!(" — selectie: {}", s.describe(self.ds)),
        }
    }
}

fn province_name(p: Option<Province>) -> &'static str {
    p.map_or(NO_PROVINCE, Province::name)
}

/// Sort key of a province slot: the provinces by name, unknown last.
fn province_slot(p: Option<Province>) -> usize {
    p.map_or(Province::ALL.len(), Province::index)
}

fn objective_label(no: u8) -> String {
    match reference::get().objective(no) {
        Some(o) => format!("{no}. {}", o.name),
        None => format!("Doelstelling {no}"),
    }
}

const OTHER_CLUSTER: u8 = OBJECTIVES as u8 + 1;
const OTHER_LABEL: &str = "Andere lijnen (geen actie uit de catalogus)";

/// Objective cluster of a line: 1..=7, or [`OTHER_CLUSTER`].
fn cluster(kind: LineKind) -> u8 {
    match kind {
        LineKind::Action(no) if (1..=ACTIONS as u8).contains(&no) => reference::get()
            .objective_of(no)
            .filter(|o| (1..=OBJECTIVES as u8).contains(o))
            .unwrap_or(OTHER_CLUSTER),
        _ => OTHER_CLUSTER,
    }
}

fn cluster_label(c: u8) -> String {
    if c == OTHER_CLUSTER {
        OTHER_LABEL.to_string()
    } else {
        objective_label(c)
    }
}

fn line_description(ds: &Dataset, kind: LineKind) -> String {
    match kind {
        LineKind::Action(no) => reference::get()
            .action(no)
            .map_or_else(|| format!("Actie {no}"), |a| a.name.clone()),
        LineKind::UnknownAction(_) => format!("{} (niet in de catalogus)", ds.line_label(kind)),
        _ => ds.line_label(kind),
    }
}

/// Cents as the decimal text of a cached formula result: `14136359.00`.
fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// A worksheet being filled row by row, remembering column widths of the table cells.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    row: u32,
    widths: Vec<usize>,
    fixed: Vec<Option<f64>>,
    money_format: &'static str,
    header_row: Option<u32>,
    cols: u16,
    last_table_row: Option<u32>,
}

impl<'w> Sheet<'w> {
    fn new(ws: &'w mut Worksheet, ctx: &Ctx<'_>) -> Sheet<'w> {
        Sheet {
            ws,
            row: 0,
            widths: Vec::new(),
            fixed: Vec::new(),
            money_format: ctx.money_format,
            header_row: None,
            cols: 0,
            last_table_row: None,
        }
    }

    fn format(&self, level: Level, cell: Cell) -> Format {
        let mut f = Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
        f = match cell {
            Cell::Text => f,
            Cell::Wrap => f.set_text_wrap(),
            Cell::Money => f.set_num_format(self.money_format),
            Cell::Int => f.set_num_format("#,##0"),
        };
        match level {
            Level::Line => f,
            Level::Objective => f.set_italic().set_background_color(0xF2F2F2),
            Level::Applicant => f.set_bold().set_background_color(0xE2EAF4),
            Level::Province => f.set_bold().set_background_color(0xC9D7EC),
            Level::Grand => f
                .set_bold()
                .set_background_color(0xA9C0E0)
                .set_border_top(FormatBorder::Medium),
        }
    }

    /// The sample warning (when relevant), the title and an empty row.
    fn preamble(&mut self, ctx: &Ctx<'_>, title: &str) -> Result<(), ExportError> {
        if ctx.ds.source.sample {
            let f = Format::new()
                .set_bold()
                .set_font_color(0xC00000)
                .set_background_color(0xFFF2CC);
            self.ws
                .write_string_with_format(self.row, 0, SAMPLE_LINE, &f)?;
            self.row += 1;
        }
        let f = Format::new().set_bold().set_font_size(14);
        self.ws.write_string_with_format(self.row, 0, title, &f)?;
        self.ws.set_row_height(self.row, 20)?;
        self.row += 2;
        Ok(())
    }

    /// A line of explanation outside the table.
    fn note(&mut self, text: &str) -> Result<(), ExportError> {
        let f = Format::new().set_italic();
        self.ws.write_string_with_format(self.row, 0, text, &f)?;
        self.row += 1;
        Ok(())
    }

    /// The bold header row; frozen, with the autofilter from here to the table's end.
    fn header(&mut self, cols: &[&str]) -> Result<(), ExportError> {
        let f = Format::new()
            .set_bold()
            .set_background_color(0x1F4E79)
            .set_font_color(0xFFFFFF)
            .set_border_bottom(FormatBorder::Thin)
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        for (c, h) in cols.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, *h, &f)?;
            // Room for the filter button.
            self.widen(c as u16, h.chars().count() + 3);
        }
        self.cols = cols.len() as u16;
        self.header_row = Some(self.row);
        self.ws.set_freeze_panes(self.row + 1, 0)?;
        self.row += 1;
        Ok(())
    }

    fn widen(&mut self, col: u16, chars: usize) {
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(chars);
    }

    fn fix_width(&mut self, col: u16, width: f64) {
        let c = usize::from(col);
        if self.fixed.len() <= c {
            self.fixed.resize(c + 1, None);
        }
        self.fixed[c] = Some(width);
    }

    fn text(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        let f = self.format(level, Cell::Text);
        self.ws.write_string_with_format(self.row, col, s, &f)?;
        self.widen(col, s.chars().count());
        Ok(())
    }

    fn wrap(&mut self, col: u16, s: &str, level: Level) -> Result<(), ExportError> {
        let f = self.format(level, Cell::Wrap);
        self.ws.write_string_with_format(self.row, col, s, &f)?;
        Ok(())
    }

    fn money(&mut self, col: u16, cents: i64, level: Level) -> Result<(), ExportError> {
        let f = self.format(level, Cell::Money);
        self.ws
            .write_number_with_format(self.row, col, money::eur_f64(cents), &f)?;
        self.widen(col, money::format_eur_cents(cents).chars().count() + 1);
        Ok(())
    }

    /// A total as `SUBTOTAL(9, …)` over rows `from..to` (0-based, inclusive) with the model's
    /// figure as cached value.
    fn money_subtotal(
        &mut self,
        col: u16,
        cents: i64,
        from: u32,
        to: u32,
        level: Level,
    ) -> Result<(), ExportError> {
        if to < from {
            return self.money(col, cents, level);
        }
        let letter = rust_xlsxwriter::utility::column_number_to_name(col);
        let formula = Formula::new(format!(
            "SUBTOTAL(9,{letter}{}:{letter}{})",
            from + 1,
            to + 1
        ))
        .set_result(decimal(cents));
        let f = self.format(level, Cell::Money);
        self.ws
            .write_formula_with_format(self.row, col, formula, &f)?;
        self.widen(col, money::format_eur_cents(cents).chars().count() + 1);
        Ok(())
    }

    fn int(&mut self, col: u16, n: u64, level: Level) -> Result<(), ExportError> {
        let f = self.format(level, Cell::Int);
        self.ws
            .write_number_with_format(self.row, col, n as f64, &f)?;
        self.widen(col, n.to_string().len() + 1);
        Ok(())
    }

    /// Fills the empty cells of a total row so its band of colour is unbroken.
    fn fill(&mut self, level: Level) -> Result<(), ExportError> {
        if level == Level::Line {
            return Ok(());
        }
        let f = self.format(level, Cell::Text);
        for c in 0..self.cols {
            if self.ws.write_blank(self.row, c, &f).is_err() {
                break;
            }
        }
        Ok(())
    }

    fn end_row(&mut self) {
        self.last_table_row = Some(self.row);
        self.row += 1;
    }

    /// Autofilter over the table and the column widths.
    fn finish(&mut self) -> Result<(), ExportError> {
        if let Some(h) = self.header_row {
            let last = self.last_table_row.unwrap_or(h).max(h);
            self.ws
                .autofilter(h, 0, last, self.cols.saturating_sub(1))?;
        }
        let n = self.widths.len().max(self.fixed.len());
        for c in 0..n {
            let width = match self.fixed.get(c).copied().flatten() {
                Some(w) => w,
                None => {
                    let chars = self.widths.get(c).copied().unwrap_or(0);
                    (chars as f64 + 1.0).clamp(8.0, 50.0)
                }
            };
            self.ws.set_column_width(c as u16, width)?;
        }
        Ok(())
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

    overview(wb.add_worksheet(), &ctx, None)?;
    for p in province_sheets(&ctx) {
        overview(wb.add_worksheet(), &ctx, Some(p))?;
    }
    collaborations(wb.add_worksheet(), &ctx)?;
    refusals(wb.add_worksheet(), &ctx)?;
    mentorships(wb.add_worksheet(), &ctx)?;
    bonds(wb.add_worksheet(), &ctx)?;
    objectives(wb.add_worksheet(), &ctx)?;
    checks(wb.add_worksheet(), &ctx, findings)?;
    source(wb.add_worksheet(), &ctx, meta)?;
    if let Ok(first) = wb.worksheet_from_index(0) {
        first.set_active(true);
    }
    Ok(wb.save_to_buffer()?)
}

/// The provinces that get a sheet: all six for the whole dataset, else those in scope; plus
/// "province unknown" when such applicants have lines.
fn province_sheets(ctx: &Ctx<'_>) -> Vec<Option<Province>> {
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

/// Granted lines in scope grouped by province slot, applicant (by name) and objective cluster.
type Grouped = BTreeMap<usize, BTreeMap<(String, ApplicantId), BTreeMap<u8, Vec<usize>>>>;

fn group_granted(ctx: &Ctx<'_>, only: Option<Option<Province>>) -> Grouped {
    let mut out: Grouped = BTreeMap::new();
    for (i, g) in ctx.granted() {
        let p = ctx.province_of(g.applicant);
        if only.is_some_and(|o| o != p) {
            continue;
        }
        out.entry(province_slot(p))
            .or_default()
            .entry((names::fold(ctx.applicant_name(g.applicant)), g.applicant))
            .or_default()
            .entry(cluster(g.kind))
            .or_default()
            .push(i);
    }
    for apps in out.values_mut() {
        for clusters in apps.values_mut() {
            for lines in clusters.values_mut() {
                lines.sort_by_key(|i| {
                    let k = ctx.ds.grants.get(*i).map(|g| g.kind);
                    (
                        k.and_then(|k| match k {
                            LineKind::Action(n) => Some(n),
                            _ => None,
                        })
                        .unwrap_or(u8::MAX),
                        *i,
                    )
                });
            }
        }
    }
    out
}

/// Sheet 1 (`only` = None) or a province sheet: the lines per province, local government and
/// objective, with subtotals at each level.
fn overview(
    ws: &mut Worksheet,
    ctx: &Ctx<'_>,
    only: Option<Option<Province>>,
) -> Result<(), ExportError> {
    let ds = ctx.ds;
    let name = match only {
        None => OVERVIEW.to_string(),
        Some(p) => province_name(p).to_string(),
    };
    ws.set_name(&name)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let grouped = group_granted(ctx, only);
    let with_explanation = match only {
        None => false,
        Some(p) => {
            p == Some(Province::WestVlaanderen)
                || grouped
                    .values()
                    .flat_map(|a| a.values())
                    .flat_map(|c| c.values())
                    .flatten()
                    .any(|i| {
                        ds.grants.get(*i).is_some_and(|g| {
                            g.explanation
                                .as_deref()
                                .is_some_and(|e| !e.trim().is_empty())
                        })
                    })
        }
    };
    let mut s = Sheet::new(ws, ctx);
    let title = match only {
        None => format!(
            "Subsidies Plan Samenleven per provincie, lokaal bestuur en doelstelling ({}){}",
            ds.call.label(),
            ctx.scope_suffix()
        ),
        Some(p) => format!(
            "Subsidies Plan Samenleven in {} per lokaal bestuur en doelstelling ({}){}",
            province_name(p),
            ds.call.label(),
            ctx.scope_suffix()
        ),
    };
    s.preamble(ctx, &title)?;
    let mut cols = vec![
        "Provincie",
        "Lokaal bestuur",
        "Doelstelling",
        "Actie",
        "Omschrijving",
        "Bedrag",
        "Soort regel",
    ];
    if with_explanation {
        cols.push("Inhoudelijke toelichting");
        s.fix_width(7, 70.0);
    }
    s.header(&cols)?;
    let first_data = s.row;
    let mut grand = 0i64;
    if grouped.is_empty() {
        s.text(
            4,
            "Geen toegekende subsidies in deze selectie.",
            Level::Line,
        )?;
        s.end_row();
    }
    for (slot, apps) in &grouped {
        let p = Province::ALL.get(*slot).copied();
        let pname = province_name(p);
        let p_first = s.row;
        let mut p_total = 0i64;
        for ((_, aid), clusters) in apps {
            let aname = ctx.applicant_name(*aid).to_string();
            let a_first = s.row;
            let mut a_total = 0i64;
            for (c, lines) in clusters {
                let clabel = cluster_label(*c);
                let c_first = s.row;
                let mut c_total = 0i64;
                for gi in lines {
                    let Some(g) = ds.grants.get(*gi) else {
                        continue;
                    };
                    s.text(0, pname, Level::Line)?;
                    s.text(1, &aname, Level::Line)?;
                    s.text(2, &clabel, Level::Line)?;
                    if let Some(no) = g.action_no() {
                        s.int(3, u64::from(no), Level::Line)?;
                    }
                    s.text(4, &line_description(ds, g.kind), Level::Line)?;
                    s.money(5, g.amount, Level::Line)?;
                    s.text(6, KIND_LINE, Level::Line)?;
                    if with_explanation {
                        if let Some(e) = g.explanation.as_deref() {
                            s.wrap(7, e.trim(), Level::Line)?;
                        }
                    }
                    c_total += g.amount;
                    s.end_row();
                }
                let c_last = s.row.saturating_sub(1);
                s.fill(Level::Objective)?;
                s.text(0, pname, Level::Objective)?;
                s.text(1, &aname, Level::Objective)?;
                s.text(2, &clabel, Level::Objective)?;
                let label = if *c == OTHER_CLUSTER {
                    "Subtotaal andere lijnen".to_string()
                } else {
                    format!("Subtotaal doelstelling {clabel}")
                };
                s.text(4, &label, Level::Objective)?;
                s.money_subtotal(5, c_total, c_first, c_last, Level::Objective)?;
                s.text(6, KIND_OBJECTIVE, Level::Objective)?;
                s.end_row();
                a_total += c_total;
            }
            let a_last = s.row.saturating_sub(1);
            s.fill(Level::Applicant)?;
            s.text(0, pname, Level::Applicant)?;
            s.text(1, &aname, Level::Applicant)?;
            s.text(4, &format!("Totaal {aname}"), Level::Applicant)?;
            s.money_subtotal(5, a_total, a_first, a_last, Level::Applicant)?;
            s.text(6, KIND_APPLICANT, Level::Applicant)?;
            s.end_row();
            p_total += a_total;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        let label = match p {
            Some(p) => format!("Totaal provincie {p}"),
            None => "Totaal provincie onbekend".to_string(),
        };
        s.text(4, &label, Level::Province)?;
        s.money_subtotal(5, p_total, p_first, p_last, Level::Province)?;
        s.text(6, KIND_PROVINCE, Level::Province)?;
        s.end_row();
        grand += p_total;
    }
    if only.is_none() || grouped.is_empty() {
        let last = s.row.saturating_sub(1);
        s.fill(Level::Grand)?;
        let label = match only {
            None => "Algemeen totaal".to_string(),
            Some(p) => format!("Totaal {}", province_name(p)),
        };
        s.text(4, &label, Level::Grand)?;
        s.money_subtotal(5, grand, first_data, last, Level::Grand)?;
        s.text(6, KIND_GRAND, Level::Grand)?;
        s.end_row();
    }
    s.row += 1;
    let refused: Vec<&Grant> = ctx
        .refused()
        .map(|(_, g)| g)
        .filter(|g| only.is_none_or(|p| ctx.province_of(g.applicant) == p))
        .collect();
    if !refused.is_empty() {
        let sum: i64 = refused.iter().map(|g| g.amount).sum();
        s.note(&format!(
            "{} geweigerde regel(s) ({}) staan niet in dit overzicht; zie het blad {REFUSALS}.",
            refused.len(),
            money::format_eur(sum)
        ))?;
    }
    s.note(&format!(
        "Filter de kolom 'Soort regel' op '{KIND_LINE}' om alleen de subsidieregels te zien; \
         de totalen zijn SUBTOTAAL-formules en volgen de filter."
    ))?;
    s.finish()
}

/// A collaboration's province: as published, else the lead's.
fn collaboration_province(ds: &Dataset, c: &crate::model::Collaboration) -> Option<Province> {
    if let Some(p) = c.province_as_published.as_deref().and_then(Province::parse) {
        return Some(p);
    }
    if let Some(m) = c.lead.resolved.municipality() {
        if let Some(muni) = reference::get().municipality(m) {
            return Some(muni.province);
        }
    }
    ds.find_party_applicant(&c.lead)
        .and_then(|a| ds.applicant(a))
        .and_then(|a| a.province)
}

/// Key that identifies a lead applicant across listings.
fn party_key(p: &crate::model::Party) -> String {
    match p.resolved {
        PartyKind::Municipality(m) => format!("m{m}"),
        PartyKind::Vgc => "vgc".to_string(),
        PartyKind::DeRand | PartyKind::DeRandFor(_) => "derand".to_string(),
        PartyKind::Unknown => format!("?{}", names::fold_local_government(&p.written)),
    }
}

fn collaboration_municipalities(c: &crate::model::Collaboration) -> MunicipalitySet {
    let mut set = MunicipalitySet::default();
    for p in std::iter::once(&c.lead).chain(c.partners.iter()) {
        if let Some(m) = p.resolved.municipality() {
            set.insert(m);
        }
    }
    set
}

/// Sheet 3: collaborations per province with counts of leads and participating municipalities.
fn collaborations(ws: &mut Worksheet, ctx: &Ctx<'_>) -> Result<(), ExportError> {
    let ds = ctx.ds;
    ws.set_name(COLLABORATIONS)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let mut s = Sheet::new(ws, ctx);
    s.preamble(
        ctx,
        "Intergemeentelijke samenwerkingen per provincie (vraag 2)",
    )?;
    if ds.facts.is_none() {
        s.note(NO_FACTS_LINE)?;
        if ds.collaborations.is_empty() {
            return s.finish();
        }
        s.note("Hieronder de samenwerkingen die het bestand zelf vermeldt.")?;
        s.row += 1;
    }
    s.header(&[
        "Provincie",
        "Nr",
        "Trekker",
        "Partners",
        "Trekkers",
        "Deelnemende lokale besturen",
        "Bron",
        "Soort regel",
    ])?;
    s.fix_width(3, 60.0);
    let mut by_province: BTreeMap<usize, Vec<&crate::model::Collaboration>> = BTreeMap::new();
    for (_, c) in ds.all_collaborations() {
        by_province
            .entry(province_slot(collaboration_province(ds, c)))
            .or_default()
            .push(c);
    }
    let mut all_leads = BTreeSet::new();
    let mut all_munis = MunicipalitySet::default();
    let mut all_count = 0usize;
    for (slot, list) in &by_province {
        let pname = province_name(Province::ALL.get(*slot).copied());
        let mut leads = BTreeSet::new();
        let mut munis = MunicipalitySet::default();
        let mut listings = BTreeSet::new();
        for c in list {
            let m = collaboration_municipalities(c);
            s.text(0, pname, Level::Line)?;
            let (nr, bron) = match c.source {
                CollaborationSource::Answer2 { entry } => (Some(entry), "antwoord 2".to_string()),
                CollaborationSource::Annex(o) => (None, format!("bijlage, {}", ds.place(o))),
            };
            if let Some(nr) = nr {
                s.int(1, u64::from(nr), Level::Line)?;
            }
            s.text(2, &c.lead.written, Level::Line)?;
            let partners = c
                .partners
                .iter()
                .map(|p| p.written.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            s.wrap(3, &partners, Level::Line)?;
            s.int(4, 1, Level::Line)?;
            s.int(5, m.len() as u64, Level::Line)?;
            s.text(6, &bron, Level::Line)?;
            s.text(7, "samenwerking", Level::Line)?;
            s.end_row();
            leads.insert(party_key(&c.lead));
            munis.union_with(&m);
            let mut key: Vec<String> = c.partners.iter().map(party_key).collect();
            key.sort();
            listings.insert((party_key(&c.lead), key));
        }
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        s.text(
            2,
            &format!("Totaal {pname} ({} samenwerkingen)", listings.len()),
            Level::Province,
        )?;
        s.int(4, leads.len() as u64, Level::Province)?;
        s.int(5, munis.len() as u64, Level::Province)?;
        s.text(7, KIND_PROVINCE, Level::Province)?;
        s.end_row();
        all_count += listings.len();
        all_leads.extend(leads);
        all_munis.union_with(&munis);
    }
    s.fill(Level::Grand)?;
    s.text(
        2,
        &format!("Totaal ({all_count} samenwerkingen)"),
        Level::Grand,
    )?;
    s.int(4, all_leads.len() as u64, Level::Grand)?;
    s.int(5, all_munis.len() as u64, Level::Grand)?;
    s.text(7, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.row += 1;
    s.note(
        "Trekkers en deelnemende lokale besturen tellen elk één keer per provincie en in het \
         totaal; een samenwerking die twee keer vermeld staat, telt één keer. Deelnemende lokale \
         besturen zijn gemeenten (trekker of partner); VGC en vzw De Rand zijn geen gemeenten.",
    )?;
    if let Some(f) = &ds.facts {
        for fig in f.figures.iter().filter(|f| f.answer_question == "2") {
            s.note(&format!(
                "Antwoord 2 vermeldt: {} ({}).",
                fig.value, fig.note
            ))?;
        }
    }
    if ctx.scope != &Scope::All {
        s.note("Dit blad toont alle samenwerkingen, ongeacht de selectie.")?;
    }
    s.finish()
}

/// Sheet 4: refused lines per province with reasons.
fn refusals(ws: &mut Worksheet, ctx: &Ctx<'_>) -> Result<(), ExportError> {
    let ds = ctx.ds;
    ws.set_name(REFUSALS)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let mut s = Sheet::new(ws, ctx);
    s.preamble(
        ctx,
        &format!(
            "Geweigerde aanvragen per provincie met reden (vraag 3){}",
            ctx.scope_suffix()
        ),
    )?;
    let mut lines: Vec<(usize, String, usize)> = ctx
        .refused()
        .map(|(i, g)| {
            (
                province_slot(ctx.province_of(g.applicant)),
                names::fold(ctx.applicant_name(g.applicant)),
                i,
            )
        })
        .collect();
    lines.sort();
    if ds.facts.is_none() {
        s.note(NO_FACTS_LINE)?;
        if lines.is_empty() {
            s.note("Het bestand zelf bevat geen geweigerde regels.")?;
            return s.finish();
        }
    }
    if lines.is_empty() {
        s.note(&format!(
            "Geen geweigerde aanvragen: 0 regels met status geweigerd in {}.",
            if ctx.scope == &Scope::All {
                "dit bestand"
            } else {
                "deze selectie"
            }
        ))?;
        if let Some(f) = &ds.facts {
            for fig in f.figures.iter().filter(|f| f.answer_question == "3") {
                s.note(&format!(
                    "Antwoord 3: {} ({} weigeringen).",
                    fig.note, fig.value
                ))?;
            }
        }
        return s.finish();
    }
    s.header(&[
        "Provincie",
        "Lokaal bestuur",
        "Doelstelling",
        "Actie",
        "Omschrijving",
        "Bedrag",
        "Reden van weigering",
        "Plaats in het bestand",
        "Soort regel",
    ])?;
    s.fix_width(6, 50.0);
    let first = s.row;
    let mut i = 0;
    let mut total = 0i64;
    while i < lines.len() {
        let slot = lines[i].0;
        let pname = province_name(Province::ALL.get(slot).copied());
        let p_first = s.row;
        let mut p_total = 0i64;
        let mut n = 0;
        while i < lines.len() && lines[i].0 == slot {
            if let Some(g) = ds.grants.get(lines[i].2) {
                s.text(0, pname, Level::Line)?;
                s.text(1, ctx.applicant_name(g.applicant), Level::Line)?;
                s.text(2, &cluster_label(cluster(g.kind)), Level::Line)?;
                if let Some(no) = g.action_no() {
                    s.int(3, u64::from(no), Level::Line)?;
                }
                s.text(4, &line_description(ds, g.kind), Level::Line)?;
                s.money(5, g.amount, Level::Line)?;
                s.wrap(
                    6,
                    g.reason.as_deref().unwrap_or("(geen reden vermeld)"),
                    Level::Line,
                )?;
                s.text(7, &ds.place(g.origin), Level::Line)?;
                s.text(8, "weigering", Level::Line)?;
                s.end_row();
                p_total += g.amount;
                n += 1;
            }
            i += 1;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        s.text(
            4,
            &format!("Totaal {pname} ({n} geweigerd)"),
            Level::Province,
        )?;
        s.money_subtotal(5, p_total, p_first, p_last, Level::Province)?;
        s.text(8, KIND_PROVINCE, Level::Province)?;
        s.end_row();
        total += p_total;
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        4,
        &format!("Totaal geweigerd ({} regels)", lines.len()),
        Level::Grand,
    )?;
    s.money_subtotal(5, total, first, last, Level::Grand)?;
    s.text(8, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.finish()
}

/// Sheet 5: the mentorships of answer 7 per province.
fn mentorships(ws: &mut Worksheet, ctx: &Ctx<'_>) -> Result<(), ExportError> {
    let ds = ctx.ds;
    ws.set_name(MENTORSHIPS)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let mut s = Sheet::new(ws, ctx);
    s.preamble(ctx, "Mentorschappen per provincie (vraag 7)")?;
    let Some(facts) = &ds.facts else {
        s.note(NO_FACTS_LINE)?;
        return s.finish();
    };
    s.header(&[
        "Provincie",
        "Lokaal bestuur",
        "Actie",
        "Actie zoals gepubliceerd",
        "Bedrag",
        "Mentorschap in de bijlage",
        "Inhoudelijke toelichting",
        "Soort regel",
    ])?;
    s.fix_width(6, 60.0);
    let mut rows: Vec<(usize, String, usize)> = facts
        .mentorships
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (
                province_slot(Province::parse(&m.province_as_published)),
                names::fold(&m.local_government),
                i,
            )
        })
        .collect();
    rows.sort();
    let first = s.row;
    let mut total = 0i64;
    let mut i = 0;
    while i < rows.len() {
        let slot = rows[i].0;
        let pname = province_name(Province::ALL.get(slot).copied());
        let p_first = s.row;
        let mut p_total = 0i64;
        let mut n = 0;
        while i < rows.len() && rows[i].0 == slot {
            if let Some(m) = facts.mentorships.get(rows[i].2) {
                s.text(0, pname, Level::Line)?;
                s.text(1, &m.local_government, Level::Line)?;
                s.int(2, u64::from(m.action_no), Level::Line)?;
                s.text(3, &m.action_as_published, Level::Line)?;
                s.money(4, reference::MENTORSHIP_CENTS, Level::Line)?;
                // The matching mentorship line of the data, if the file has it.
                let in_data: Vec<&Grant> = ds
                    .applicant_by_name(&m.local_government)
                    .into_iter()
                    .flat_map(|a| ds.grants_of(a))
                    .filter(|g| {
                        g.is_granted()
                            && matches!(g.kind, LineKind::Mentorship(k) if k.is_none_or(|k| k == m.action_no))
                    })
                    .collect();
                if !in_data.is_empty() {
                    s.money(5, in_data.iter().map(|g| g.amount).sum(), Level::Line)?;
                }
                let expl: Vec<&str> = in_data
                    .iter()
                    .filter_map(|g| g.explanation.as_deref())
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .collect();
                if !expl.is_empty() {
                    s.wrap(6, &expl.join("\n"), Level::Line)?;
                }
                s.text(7, "mentorschap", Level::Line)?;
                s.end_row();
                p_total += reference::MENTORSHIP_CENTS;
                n += 1;
            }
            i += 1;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        s.text(
            3,
            &format!("Totaal {pname} ({n} mentorschappen)"),
            Level::Province,
        )?;
        s.money_subtotal(4, p_total, p_first, p_last, Level::Province)?;
        s.text(7, KIND_PROVINCE, Level::Province)?;
        s.end_row();
        total += p_total;
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        3,
        &format!("Totaal ({} mentorschappen)", rows.len()),
        Level::Grand,
    )?;
    s.money_subtotal(4, total, first, last, Level::Grand)?;
    s.text(7, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.row += 1;
    s.note(&format!(
        "Elk mentorschap levert een bijkomende subsidie van {} op (antwoord 7); de kolom \
         'Mentorschap in de bijlage' toont het bedrag van de overeenkomstige regel in het bestand.",
        money::format_eur(reference::MENTORSHIP_CENTS)
    ))?;
    s.finish()
}

/// Sheet 6: the social impact bonds of answer 8.
fn bonds(ws: &mut Worksheet, ctx: &Ctx<'_>) -> Result<(), ExportError> {
    let ds = ctx.ds;
    ws.set_name(BONDS)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let mut s = Sheet::new(ws, ctx);
    s.preamble(ctx, "Sociale impactobligaties (vraag 8)")?;
    let Some(facts) = &ds.facts else {
        s.note(NO_FACTS_LINE)?;
        return s.finish();
    };
    s.header(&[
        "Provincie",
        "Sociale organisatie (lokaal bestuur)",
        "Investeerder / partner",
        "Bedrag",
        "Inhoudelijke toelichting",
        "Soort regel",
    ])?;
    s.fix_width(4, 70.0);
    let first = s.row;
    let mut total = 0i64;
    for b in &facts.social_impact_bonds {
        s.text(0, &b.province, Level::Line)?;
        s.text(1, &b.local_government, Level::Line)?;
        s.text(2, &b.partner, Level::Line)?;
        s.money(3, b.stimulus_cents, Level::Line)?;
        s.wrap(4, &b.description, Level::Line)?;
        s.text(5, "sociale impactobligatie", Level::Line)?;
        s.end_row();
        total += b.stimulus_cents;
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        1,
        &format!("Totaal ({} obligaties)", facts.social_impact_bonds.len()),
        Level::Grand,
    )?;
    s.money_subtotal(3, total, first, last, Level::Grand)?;
    s.text(5, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.finish()
}

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
fn objectives(ws: &mut Worksheet, ctx: &Ctx<'_>) -> Result<(), ExportError> {
    let ds = ctx.ds;
    ws.set_name(OBJECTIVES_SHEET)?;
    let mut s = Sheet::new(ws, ctx);
    s.preamble(
        ctx,
        &format!(
            "Totalen per doelstelling en per actie ({}){}",
            ds.call.label(),
            ctx.scope_suffix()
        ),
    )?;
    s.header(&[
        "Doelstelling",
        "Actie",
        "Omschrijving",
        "Bedrag",
        "Aanvragers",
        "Vertegenwoordigde lokale besturen",
        "Regels",
        "Soort regel",
    ])?;
    let mut per_action: BTreeMap<u8, Tally> = BTreeMap::new();
    let mut per_objective: BTreeMap<u8, Tally> = BTreeMap::new();
    let mut other: BTreeMap<(OtherKind, String), Tally> = BTreeMap::new();
    let mut all = Tally::default();
    for i in &ctx.in_scope {
        let Some(g) = ds.grants.get(*i) else { continue };
        all.add(ds, g);
        match g.kind {
            LineKind::Action(no) if (1..=ACTIONS as u8).contains(&no) => {
                per_action.entry(no).or_default().add(ds, g);
                let c = cluster(g.kind);
                if c != OTHER_CLUSTER {
                    per_objective.entry(c).or_default().add(ds, g);
                }
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
            .filter(|(no, _)| cluster(LineKind::Action(**no)) == obj)
            .collect();
        for (no, t) in &actions {
            s.text(0, &label, Level::Line)?;
            s.int(1, u64::from(**no), Level::Line)?;
            s.text(
                2,
                &line_description(ds, LineKind::Action(**no)),
                Level::Line,
            )?;
            row_of(&mut s, t, Level::Line)?;
            s.text(7, "actie", Level::Line)?;
            s.end_row();
        }
        let empty = Tally::default();
        let t = per_objective.get(&obj).unwrap_or(&empty);
        s.fill(Level::Applicant)?;
        s.text(0, &label, Level::Applicant)?;
        s.text(2, &format!("Totaal doelstelling {label}"), Level::Applicant)?;
        row_of(&mut s, t, Level::Applicant)?;
        s.text(7, "doelstelling", Level::Applicant)?;
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
            s.text(7, kind.code(), Level::Line)?;
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
        s.text(7, "andere lijnen", Level::Applicant)?;
        s.end_row();
    }
    s.fill(Level::Grand)?;
    s.text(2, "Algemeen totaal", Level::Grand)?;
    row_of(&mut s, &all, Level::Grand)?;
    s.text(7, KIND_GRAND, Level::Grand)?;
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
fn checks(ws: &mut Worksheet, ctx: &Ctx<'_>, findings: &[Finding]) -> Result<(), ExportError> {
    ws.set_name(CHECKS)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    let mut s = Sheet::new(ws, ctx);
    s.preamble(ctx, "Controles: bevindingen over de cijfers")?;
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
        s.text(1, f.code, Level::Line)?;
        s.text(2, &f.place, Level::Line)?;
        s.wrap(3, &f.message, Level::Line)?;
        s.end_row();
    }
    s.finish()
}

/// Sheet 9: where the data comes from and what the words mean.
fn source(ws: &mut Worksheet, ctx: &Ctx<'_>, meta: &ExportMeta) -> Result<(), ExportError> {
    let ds = ctx.ds;
    ws.set_name(SOURCE)?;
    let mut s = Sheet::new(ws, ctx);
    s.preamble(ctx, "Bron en definities")?;
    s.header(&["Gegeven", "Waarde"])?;
    s.fix_width(1, 100.0);
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
    pair(
        &mut s,
        "Oproep",
        &format!("{} ({})", ds.call.label(), ds.call.source.describe()),
    )?;
    pair(&mut s, "Ingelezen op", &meta.loaded_at.dutch())?;
    pair(&mut s, "Geëxporteerd op", &meta.exported_at.dutch())?;
    pair(&mut s, "Programma", &meta.program)?;
    pair(&mut s, "Selectie", &ctx.scope.describe(ds))?;
    if ctx.scope != &Scope::All {
        pair(
            &mut s,
            "Wat de selectie beperkt",
            "Overzicht, provinciebladen, Weigeringen en Doelstellingen tonen alleen de selectie; \
             Samenwerkingen, Mentorschap en Sociale impactobligaties tonen alle feiten van \
             antwoord 492.",
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
            "beschikbaar: samenwerkingen (antwoord 2), mentorschappen (antwoord 7), sociale \
             impactobligatie (antwoord 8), zoals gepubliceerd"
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
