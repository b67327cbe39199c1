//! The workbook: sheet names and shared labels, the context of one export, and the order of
//! the sheets. Every amount is a number cell with a euro format; totals are SUBTOTAL formulas
//! with the model's total as cached value, so the file shows the right figures before any
//! recalculation and stays correct when someone edits a line.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use crate::checks::Finding;
use crate::model::{
    ApplicantId, Dataset, Grant, LineFilter, LineKind, Province, Target, OBJECTIVES,
};
use crate::reference;

use super::sheet::EXCEL_ROWS;
use super::style::Styles;
use super::{answer, comparison, matrix, overview, totals};
use super::{ExportError, ExportMeta, Scope, Selection};

/// Sheet names, in order (`Per actie` second, `Vergelijking` third when the data holds several
/// calls, then the province sheets, then the others).
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
    "De feiten van antwoord 492 (samenwerkingen, mentorschappen, stimulans sociale \
     impactobligatie, weigeringen) horen bij oproep 1 (projectperiode 2022-2023) en zijn niet beschikbaar voor \
     dit bestand.";
pub(super) const APPLICANT_DEFINITION: &str =
    "Een aanvrager is een hoofdaanvrager zoals vermeld in de bijlage, na normalisatie van de \
     naam ('Stad Gent', 'Gemeente Gent' en 'OCMW Gent' zijn Gent). De VGC en vzw De Rand zijn \
     aanvragers maar geen gemeenten.";
pub(super) const REPRESENTED_DEFINITION: &str =
    "Een vertegenwoordigd lokaal bestuur is een gemeente die aanvrager is of partner in de \
     samenwerking van een aanvrager; elke gemeente telt één keer ('De Rand (io Wemmel)' \
     vertegenwoordigt Wemmel; een samenwerking die antwoord 2 twee keer vermeldt, telt één keer).";

/// The header of the column that says what a row is (a line, a total): for filtering on
/// screen, last in its table and not printed.
pub const KIND_HEADER: &str = "Soort regel";
/// "Soort regel" values: filter on `subsidie` to keep only the grant rows.
pub const KIND_LINE: &str = "subsidie";
pub const KIND_OBJECTIVE: &str = "subtotaal doelstelling";
pub const KIND_APPLICANT: &str = "totaal lokaal bestuur";
pub const KIND_PROVINCE: &str = "totaal provincie";
pub const KIND_GRAND: &str = "algemeen totaal";
/// "Soort regel" of a listing of answer 2 without partners (no collaboration, counted apart).
pub const KIND_ALONE: &str = "zonder partners";
/// "Soort regel" of the stimulus of answer 8 on the Sociale impactobligaties sheet.
pub const KIND_SIO_STIMULUS: &str = "stimulans sociale impactobligatie";

pub(super) struct Ctx<'a> {
    pub(super) ds: &'a Dataset,
    pub(super) scope: &'a Scope,
    /// Indices of the grants in scope, granted and refused.
    pub(super) in_scope: Vec<usize>,
    /// Per applicant, its place when sorted by folded name (then id): the order of the sheets.
    rank: Vec<u32>,
    pub(super) styles: Styles,
    /// The most rows a sheet may have before it continues on another ([`EXCEL_ROWS`]).
    pub(super) max_rows: u32,
    /// Only the rows of these places (a filtered view of the explorer); all when `None`.
    pub(super) only: Option<&'a HashSet<Target>>,
}

impl Ctx<'_> {
    /// Whether a row of this place belongs on the sheet (see [`Ctx::only`]).
    pub(super) fn keeps(&self, target: Target) -> bool {
        self.only.is_none_or(|set| set.contains(&target))
    }
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
    /// Sort key of an applicant: by name (folded), then id.
    pub(super) fn applicant_rank(&self, a: ApplicantId) -> u32 {
        self.rank.get(a as usize).copied().unwrap_or(u32::MAX)
    }
    /// The NIS code (REFNIS) of an applicant that is a municipality; the VGC, vzw De Rand and
    /// unknown names have none.
    pub(super) fn nis(&self, a: ApplicantId) -> Option<u32> {
        let m = self.ds.applicant(a)?.municipality()?;
        reference::get().municipality(m).map(|m| m.nis)
    }
    pub(super) fn applicant_name(&self, a: ApplicantId) -> &str {
        self.ds.applicant(a).map_or("onbekend", |x| x.name.as_str())
    }
    /// Whether the workbook covers the whole file: every line of every applicant.
    pub(super) fn whole(&self) -> bool {
        self.scope == &Scope::All && self.ds.line_filter() == LineFilter::All
    }
    /// What the workbook covers, in Dutch: which lines (an action, an objective) and which
    /// applicants.
    pub(super) fn describe(&self) -> String {
        Selection {
            lines: self.ds.line_filter(),
            scope: self.scope.clone(),
        }
        .describe(self.ds)
    }
    pub(super) fn scope_suffix(&self) -> String {
        if self.whole() {
            String::new()
        } else {
            format!(" — selectie: {}", self.describe())
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

/// Objective cluster of a line: the objective it counts in (an unknown action's is the one the
/// file states, see [`Dataset::line_objective`]), or [`OTHER_CLUSTER`].
pub(super) fn cluster(ds: &Dataset, kind: LineKind) -> u8 {
    ds.line_objective(kind).unwrap_or(OTHER_CLUSTER)
}

pub(super) fn cluster_label(c: u8) -> String {
    if c == OTHER_CLUSTER {
        OTHER_LABEL.to_string()
    } else {
        objective_label(c)
    }
}

pub(super) fn line_description(ds: &Dataset, kind: LineKind) -> Cow<'static, str> {
    match kind {
        LineKind::Action(no) => reference::get().action(no).map_or_else(
            || Cow::Owned(format!("Actie {no}")),
            |a| Cow::Borrowed(a.name.as_str()),
        ),
        LineKind::UnknownAction(_) => {
            Cow::Owned(format!("{} (niet in de catalogus)", ds.line_label(kind)))
        }
        _ => Cow::Owned(ds.line_label(kind)),
    }
}

/// Per applicant id, its place in the order by folded name, then id.
fn applicant_ranks(ds: &Dataset) -> Vec<u32> {
    let mut order: Vec<(String, usize)> = ds
        .applicants
        .iter()
        .enumerate()
        .map(|(i, a)| (crate::names::fold(&a.name), i))
        .collect();
    order.sort();
    let mut rank = vec![0u32; order.len()];
    for (r, (_, i)) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(*i) {
            *slot = r as u32;
        }
    }
    rank
}

/// The workbook's bytes, and the workbook itself.
pub(super) fn build(
    ds: &Dataset,
    scope: &Scope,
    findings: Option<&[Finding]>,
    meta: &ExportMeta,
    max_rows: Option<u32>,
) -> Result<(Vec<u8>, Workbook), ExportError> {
    let ctx = Ctx::new(ds, scope, max_rows, None);
    let mut wb = workbook(&ctx, meta, None)?;
    let grouped = overview::group_granted(&ctx);
    // The sheets (and the checks, when not given) are built by two workers, this thread and
    // a second one, each taking the next job of the list as it is free: the largest first, so
    // that the two finish close together.
    let jobs = jobs(&ctx, findings.is_none());
    let (sheets, found) = run_jobs(&ctx, &grouped, &jobs)?;
    let mut sheets = sheets;
    let findings = findings.or(found.as_deref()).unwrap_or_default();
    sheets.push(totals::checks(&ctx, findings)?);
    // Sheets too long for one worksheet: the names of their parts, for the Bron sheet.
    let split: Vec<Vec<String>> = sheets
        .iter()
        .filter(|parts| parts.len() > 1)
        .map(|parts| parts.iter().map(Worksheet::name).collect())
        .collect();
    sheets.push(totals::source(
        &ctx,
        meta,
        &split,
        comparison::applies(&ctx),
    )?);
    for ws in sheets.into_iter().flatten() {
        wb.push_worksheet(ws);
    }
    if let Ok(first) = wb.worksheet_from_index(0) {
        first.set_active(true);
    }
    let bytes = wb.save_to_buffer()?;
    // The caller decides when to free the cells (freeing millions of cells takes a while).
    Ok((bytes, wb))
}

impl<'a> Ctx<'a> {
    fn new(
        ds: &'a Dataset,
        scope: &'a Scope,
        max_rows: Option<u32>,
        only: Option<&'a HashSet<Target>>,
    ) -> Ctx<'a> {
        Ctx {
            ds,
            scope,
            in_scope: ds
                .grants
                .iter()
                .enumerate()
                .filter(|(_, g)| ds.counts(g) && scope.covers(ds, g.applicant))
                .map(|(i, _)| i)
                .collect(),
            rank: applicant_ranks(ds),
            styles: Styles::new(),
            max_rows: max_rows.unwrap_or(EXCEL_ROWS),
            only,
        }
    }
}

/// A new workbook with its title and properties; `part` names the one sheet it holds, if so.
fn workbook(ctx: &Ctx<'_>, meta: &ExportMeta, part: Option<Part>) -> Result<Workbook, ExportError> {
    let ds = ctx.ds;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_timestamp(meta.exported_at.unix())?;
    let mut title = if ds.source.sample {
        "Plan Samenleven — VOORBEELD (synthetische bedragen)".to_string()
    } else {
        format!("Plan Samenleven — {}", ds.source.name)
    };
    if let Some(part) = part {
        title.push_str(&format!(" — blad {}", part.sheet_name()));
        if ctx.only.is_some() {
            title.push_str(" (gefilterde rijen)");
        }
    }
    if !ctx.whole() {
        title.push_str(&format!(" — selectie: {}", ctx.describe()));
    }
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject("Schriftelijke vraag 492: subsidies Plan Samenleven")
            .set_author(meta.program.as_str())
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// One sheet of the workbook on its own (a view of the explorer), with the Bron sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Collaborations,
    Refusals,
    Mentorships,
    Bonds,
    Objectives,
}

impl Part {
    pub fn sheet_name(self) -> &'static str {
        match self {
            Part::Collaborations => COLLABORATIONS,
            Part::Refusals => REFUSALS,
            Part::Mentorships => MENTORSHIPS,
            Part::Bonds => BONDS,
            Part::Objectives => OBJECTIVES_SHEET,
        }
    }
}

/// The bytes of a workbook with one sheet (and Bron). With `only`, the sheet keeps the rows
/// whose place is in it (the rows a view's filter shows), and its totals are theirs.
pub(super) fn build_part(
    ds: &Dataset,
    part: Part,
    only: Option<&HashSet<Target>>,
    meta: &ExportMeta,
) -> Result<Vec<u8>, ExportError> {
    let scope = Scope::All;
    let ctx = Ctx::new(ds, &scope, None, only);
    let mut wb = workbook(&ctx, meta, Some(part))?;
    let sheet = match part {
        Part::Collaborations => answer::collaborations(&ctx)?,
        Part::Refusals => answer::refusals(&ctx)?,
        Part::Mentorships => answer::mentorships(&ctx)?,
        Part::Bonds => answer::bonds(&ctx)?,
        Part::Objectives => totals::objectives(&ctx)?,
    };
    let split: Vec<Vec<String>> = if sheet.len() > 1 {
        vec![sheet.iter().map(Worksheet::name).collect()]
    } else {
        Vec::new()
    };
    let source = totals::source(&ctx, meta, &split, false)?;
    for ws in sheet.into_iter().chain(source) {
        wb.push_worksheet(ws);
    }
    if let Ok(first) = wb.worksheet_from_index(0) {
        first.set_active(true);
    }
    Ok(wb.save_to_buffer()?)
}

/// The worksheets of one sheet (more than one when it is too long for one).
type Sheet = Vec<Worksheet>;

/// A piece of the workbook that can be built on its own: a sheet, or the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    Overview,
    PerAction,
    Comparison,
    Province(Option<Province>),
    Collaborations,
    Refusals,
    Mentorships,
    Bonds,
    Objectives,
    Checks,
}

/// The jobs, largest first (the overview and the comparison hold every line, the province
/// sheets the lines of one province each); [`Job::Checks`] when the findings are not given.
fn jobs(ctx: &Ctx<'_>, checks: bool) -> Vec<Job> {
    let mut jobs = vec![Job::Overview];
    if comparison::applies(ctx) {
        jobs.push(Job::Comparison);
    }
    if checks {
        jobs.push(Job::Checks);
    }
    jobs.push(Job::PerAction);
    let mut lines = [0usize; Province::ALL.len() + 1];
    for (_, g) in ctx.granted() {
        lines[province_slot(ctx.province_of(g.applicant))] += 1;
    }
    let mut provinces = province_sheets(ctx);
    provinces.sort_by_key(|p| std::cmp::Reverse(lines[province_slot(*p)]));
    jobs.extend(provinces.into_iter().map(Job::Province));
    jobs.extend([
        Job::Collaborations,
        Job::Refusals,
        Job::Mentorships,
        Job::Bonds,
        Job::Objectives,
    ]);
    jobs
}

/// What a job gives: the worksheets of its sheet, or the findings.
enum Built {
    Sheet(Option<Sheet>),
    Findings(Vec<Finding>),
}

fn run_job(ctx: &Ctx<'_>, grouped: &overview::Grouped, job: Job) -> Result<Built, ExportError> {
    let sheet = match job {
        Job::Overview => overview::overview(ctx, grouped, None)?,
        Job::PerAction => matrix::per_action(ctx)?,
        Job::Comparison => return Ok(Built::Sheet(comparison::comparison(ctx)?)),
        Job::Province(p) => overview::overview(ctx, grouped, Some(p))?,
        Job::Collaborations => answer::collaborations(ctx)?,
        Job::Refusals => answer::refusals(ctx)?,
        Job::Mentorships => answer::mentorships(ctx)?,
        Job::Bonds => answer::bonds(ctx)?,
        Job::Objectives => totals::objectives(ctx)?,
        Job::Checks => return Ok(Built::Findings(crate::checks::run(ctx.ds))),
    };
    Ok(Built::Sheet(Some(sheet)))
}

/// Runs the jobs on this thread and a second one; the sheets up to Controles in the
/// workbook's order (the order of [`Job`]), and the findings when they were a job.
fn run_jobs(
    ctx: &Ctx<'_>,
    grouped: &overview::Grouped,
    jobs: &[Job],
) -> Result<(Vec<Sheet>, Option<Vec<Finding>>), ExportError> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            done.push((*job, run_job(ctx, grouped, *job)));
        }
    };
    let (theirs, mine) = std::thread::scope(|s| {
        let theirs = s.spawn(work);
        let mine = work();
        (theirs.join(), mine)
    });
    let theirs = theirs.map_err(|_| {
        ExportError::Workbook("de werkmap kon niet opgebouwd worden (interne fout)".into())
    })?;
    let mut done: Vec<(Job, Result<Built, ExportError>)> = mine.into_iter().chain(theirs).collect();
    // In the workbook's order: an error is that of the first sheet that failed, as when the
    // sheets were built one after the other.
    done.sort_by_key(|(job, _)| job.order());
    let mut sheets = Vec::with_capacity(done.len());
    let mut found = None;
    for (_, built) in done {
        match built? {
            Built::Sheet(Some(sheet)) => sheets.push(sheet),
            Built::Sheet(None) => {}
            Built::Findings(f) => found = Some(f),
        }
    }
    Ok((sheets, found))
}

impl Job {
    /// The place of the job's sheet in the workbook.
    fn order(self) -> (u8, usize) {
        match self {
            Job::Overview => (0, 0),
            Job::PerAction => (1, 0),
            Job::Comparison => (2, 0),
            Job::Province(p) => (3, province_slot(p)),
            Job::Collaborations => (4, 0),
            Job::Refusals => (5, 0),
            Job::Mentorships => (6, 0),
            Job::Bonds => (7, 0),
            Job::Objectives => (8, 0),
            Job::Checks => (9, 0),
        }
    }
}

/// The provinces that get a sheet: all six for the whole dataset, else those in scope; plus
/// "province unknown" when such applicants have lines.
pub(super) fn province_sheets(ctx: &Ctx<'_>) -> Vec<Option<Province>> {
    let mut set: BTreeSet<usize> = BTreeSet::new();
    if ctx.whole() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_run_largest_first_and_sheets_keep_the_workbook_order() {
        let ds = crate::annex::load_sample_calls(&crate::annex::LoadOptions::default()).unwrap();
        let scope = Scope::All;
        let ctx = Ctx::new(&ds, &scope, None, None);
        let jobs = jobs(&ctx, true);
        assert_eq!(
            jobs[..4],
            [Job::Overview, Job::Comparison, Job::Checks, Job::PerAction]
        );
        let lines = |p: Option<Province>| {
            ctx.granted()
                .filter(|(_, g)| ctx.province_of(g.applicant) == p)
                .count()
        };
        let provinces: Vec<Option<Province>> = jobs
            .iter()
            .filter_map(|j| match j {
                Job::Province(p) => Some(*p),
                _ => None,
            })
            .collect();
        assert!(provinces.windows(2).all(|w| lines(w[0]) >= lines(w[1])));
        assert!(lines(provinces[0]) > lines(provinces[provinces.len() - 1]));

        let grouped = overview::group_granted(&ctx);
        let (sheets, found) = run_jobs(&ctx, &grouped, &jobs).unwrap();
        assert_eq!(found, Some(crate::checks::run(&ds)));
        let names: Vec<String> = sheets.iter().map(|parts| parts[0].name()).collect();
        let mut expected = vec![
            OVERVIEW.to_string(),
            matrix::PER_ACTION.to_string(),
            comparison::COMPARISON.to_string(),
        ];
        expected.extend(
            province_sheets(&ctx)
                .into_iter()
                .map(|p| province_name(p).to_string()),
        );
        expected.extend(
            [
                COLLABORATIONS,
                REFUSALS,
                MENTORSHIPS,
                BONDS,
                OBJECTIVES_SHEET,
            ]
            .map(String::from),
        );
        assert_eq!(names, expected);
    }
}
