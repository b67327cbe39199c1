//! Explorer state and `update`: every change goes through [`App::update`] with an [`Action`], so
//! tests drive the explorer key by key without a terminal.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::checks::{self, Finding, Severity};
use crate::export::{Scope as ExportScope, Stamp};
use crate::model::{ApplicantId, Dataset, LineFilter, Target, OBJECTIVES};
use crate::reference;
use crate::search::{Hit, Index};

use super::calls::TreeCalls;
use super::detail;
use super::export::ExportJob;
use super::keys::{Action, Mode};
use super::list::ListCursor;
use super::map::MapState;
use super::prompt::ExportPrompt;
use super::tables::{Tab, Tables};
use super::theme::Theme;
use super::totals::{Breakdown, Scope};
use super::tree::{Node, Tree};
use super::{help, layout};

mod checks_pane;
mod export;
mod export_prompt;
mod filter;
mod map;
mod panes;
mod search;
mod views;

/// The three panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
    Objectives,
}

impl Pane {
    fn next(self) -> Pane {
        match self {
            Pane::Tree => Pane::Detail,
            Pane::Detail => Pane::Objectives,
            Pane::Objectives => Pane::Tree,
        }
    }
    fn prev(self) -> Pane {
        match self {
            Pane::Tree => Pane::Objectives,
            Pane::Detail => Pane::Tree,
            Pane::Objectives => Pane::Detail,
        }
    }
}

/// A window over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Search(SearchState),
    Checks(ChecksState),
    /// Where `e` or `E` writes its workbook.
    Export(ExportPrompt),
}

/// The search popup: the query and its ranked hits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    pub hits: Vec<Hit>,
    pub list: ListCursor,
}

/// The checks pane: `list.selected` is the chosen finding, `list.offset` the first one shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChecksState {
    pub list: ListCursor,
}

/// The tree shows only these applicants (after Enter on an action or objective hit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Dutch: which lines count ("actie 5 Oefenkansen Nederlands organiseren").
    pub label: String,
    pub lines: LineFilter,
}

/// Frames of the spinner shown while exporting.
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// The objectives pane: a row per objective (and per other line), or the actions of one
/// objective after drilling in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ObjectivesState {
    pub list: ListCursor,
    /// The objective whose actions are shown.
    pub drill: Option<u8>,
    /// The list state to return to.
    saved: ListCursor,
}

/// Rows the mouse wheel moves.
const WHEEL: isize = 3;

/// The explorer.
#[derive(Debug)]
pub struct App {
    /// The data the panes show: all of it, or restricted to the lines of the filter. Every
    /// amount on screen comes from here, so under a filter each is that of the filtered lines.
    pub dataset: Arc<Dataset>,
    /// All the data, as read (the search index and the checks are built on it).
    pub full: Arc<Dataset>,
    /// The findings of the checks, computed once at start.
    pub findings: Arc<Vec<Finding>>,
    /// Where `e` and `E` write their workbooks (the working directory unless set).
    pub export_dir: PathBuf,
    /// The search filter of the tree.
    pub filter: Option<Filter>,
    /// The last workbook written.
    pub last_export: Option<PathBuf>,
    /// When the data was read (for the workbook's Bron sheet).
    loaded_at: Stamp,
    export: Option<ExportJob>,
    spinner: usize,
    /// Built on the first `/`.
    index: Option<Arc<Index>>,
    pub tree: Tree,
    pub tree_state: ListCursor,
    pub detail_offset: usize,
    pub objectives: ObjectivesState,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    /// One-shot status message, cleared by the next action.
    pub message: Option<String>,
    /// Terminal size.
    pub size: Rect,
    pub theme: Theme,
    /// Objective totals of the current selection.
    pub breakdown: Breakdown,
    /// The detail pane's lines, and the (node, width) they were built for.
    detail: (Option<(Node, u16)>, Vec<Line<'static>>),
    quit: bool,
    /// Quit was asked while an export ran: quit when it is written.
    quit_after_export: bool,
    /// The view shown: the overview (tree, detail, objectives) or a table.
    pub tab: Tab,
    /// The table views, built on first use.
    pub tables: Tables,
    /// The map view: its selection, zoom and measure.
    pub map: MapState,
    /// With several calls in the dataset: the tree's figures per call (built once per dataset
    /// or filter change); `None` for a dataset of one call.
    pub calls: Option<TreeCalls>,
}

/// What the explorer's state computes from the whole dataset before it owns it.
struct Parts {
    calls: Option<TreeCalls>,
    tree: Tree,
    breakdown: Breakdown,
    findings: Arc<Vec<Finding>>,
}

impl Parts {
    fn new(dataset: &Dataset) -> Parts {
        let calls = TreeCalls::of(dataset);
        let mut tree = Tree::new(dataset);
        tree.set_call_keys(calls.as_ref().map(TreeCalls::sort_keys));
        Parts {
            breakdown: Breakdown::new(dataset, Scope::All),
            findings: Arc::new(checks::run(dataset)),
            calls,
            tree,
        }
    }
}

impl App {
    pub fn new(dataset: Dataset, theme: Theme) -> App {
        let parts = Parts::new(&dataset);
        App::from_parts(dataset, parts, None, theme)
    }

    /// [`App::new`] with the search index built at the same time on a second thread, as the
    /// explorer's loading screen does (at a million rows each takes about half a second).
    pub fn with_search_index(dataset: Dataset, theme: Theme) -> App {
        let (parts, index) = std::thread::scope(|s| {
            let index = s.spawn(|| Index::new(&dataset));
            let parts = Parts::new(&dataset);
            // A panic in the index is the index's (a bug); it then builds on the first `/`.
            (parts, index.join().ok())
        });
        App::from_parts(dataset, parts, index.map(Arc::new), theme)
    }

    fn from_parts(dataset: Dataset, parts: Parts, index: Option<Arc<Index>>, theme: Theme) -> App {
        let Parts {
            calls,
            tree,
            breakdown,
            findings,
        } = parts;
        let full = Arc::new(dataset);
        let mut app = App {
            dataset: Arc::clone(&full),
            full,
            findings,
            export_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            filter: None,
            last_export: None,
            loaded_at: Stamp::now(),
            export: None,
            spinner: 0,
            index,
            tree,
            tree_state: ListCursor::default(),
            detail_offset: 0,
            objectives: ObjectivesState::default(),
            focus: Pane::Tree,
            overlay: None,
            message: None,
            size: Rect::new(0, 0, layout::MIN_WIDTH, layout::MIN_HEIGHT),
            theme,
            breakdown,
            detail: (None, Vec::new()),
            quit: false,
            quit_after_export: false,
            tab: Tab::Overview,
            tables: Tables::default(),
            map: MapState::default(),
            calls,
        };
        app.refresh_detail();
        app
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Quits, but not from under a running export: the first request waits for the workbook
    /// to be written (the status line says so), a second one quits at once (the half-made
    /// workbook is then never written).
    pub(super) fn request_quit(&mut self) {
        if self.busy() && !self.quit_after_export {
            self.quit_after_export = true;
        } else {
            self.quit = true;
        }
    }

    /// Which part of the keymap applies.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Search(_)) => Mode::Search,
            Some(Overlay::Checks(_)) => Mode::Checks,
            Some(Overlay::Export(_)) => Mode::Export,
            None if self.tab == Tab::Map => Mode::Map,
            None => match self.table_view() {
                Some(v) if self.tab != Tab::Overview && v.typing => Mode::TableFilter,
                Some(_) if self.tab != Tab::Overview => Mode::Table,
                _ => Mode::Normal,
            },
        }
    }

    /// Whether background work (an export) is running: the event loop then ticks.
    pub fn busy(&self) -> bool {
        self.export.is_some()
    }

    /// The spinner and text of the running export, for the status line.
    pub fn busy_text(&self) -> Option<String> {
        self.export.as_ref().map(|job| {
            let then = if self.quit_after_export {
                "; daarna sluit de verkenner af (q: nu stoppen, zonder werkmap)"
            } else {
                ""
            };
            format!(
                "{} Bezig met exporteren ({})…{then}",
                SPINNER[self.spinner % SPINNER.len()],
                job.what
            )
        })
    }

    /// Number of findings of a severity.
    pub fn finding_count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Test hook: waits for a running export and takes its result, as the event loop would.
    pub fn wait_for_export(&mut self) {
        if let Some(job) = &self.export {
            let result = job.wait();
            self.export_done(result);
        }
    }

    /// The selected tree node.
    pub fn selected(&self) -> Node {
        self.tree
            .rows()
            .get(self.tree_state.selected)
            .map_or(Node::All, |r| r.node)
    }

    /// Selects a node, expanding its ancestors (for jumps from search and checks). A node the
    /// search filter hides clears the filter.
    pub fn jump(&mut self, node: Node) {
        self.tree.reveal(node);
        if self.tree.index_of(node).is_none() && self.filter.is_some() {
            self.clear_filter();
            self.tree.reveal(node);
        }
        if let Some(i) = self.tree.index_of(node) {
            self.tree_state.selected = i;
        }
        self.selection_changed();
    }

    /// Shows a place in the data (a search hit, a check finding): selects its node in the tree
    /// and, for an objective or action, opens it in the objectives pane. Returns false when the
    /// place is not in this dataset (a message then says so).
    pub fn go_to(&mut self, target: Target) -> bool {
        let ds = &self.dataset;
        let applicant_named = |name: &str| ds.applicant_by_name(name).map(Node::Applicant);
        let node = match target {
            Target::All | Target::Objective(_) | Target::Action(_) => Some(self.selected()),
            Target::Province(p) => Some(Node::Province(Some(p))),
            Target::Applicant(a) => ds.applicant(a).map(|_| Node::Applicant(a)),
            Target::Grant(g) => ds
                .grants
                .get(g as usize)
                .map(|g| Node::Applicant(g.applicant)),
            Target::Municipality(m) => match ds.applicant_by_municipality(m) {
                Some(a) => Some(Node::Applicant(a)),
                // A partner that did not apply itself: its row under the lead.
                None => self.partner_node(m),
            },
            Target::Collaboration(c) => ds
                .collaboration(c)
                .and_then(|c| ds.find_party_applicant(&c.lead))
                .map(Node::Applicant),
            Target::Mentorship(i) => ds
                .facts
                .as_ref()
                .and_then(|f| f.mentorships.get(i as usize))
                .and_then(|m| applicant_named(&m.local_government)),
            Target::SocialImpactBond(i) => ds
                .facts
                .as_ref()
                .and_then(|f| f.social_impact_bonds.get(i as usize))
                .and_then(|b| applicant_named(&b.local_government)),
        };
        let Some(node) = node else {
            self.message = Some("Deze plaats komt niet voor in dit bestand".to_string());
            return false;
        };
        if target == Target::All {
            self.jump(Node::All);
        } else {
            self.jump(node);
        }
        match target {
            Target::Objective(o) if (1..=OBJECTIVES as u8).contains(&o) => {
                self.focus = Pane::Objectives;
                self.objectives.drill = None;
                self.objectives.list.selected = usize::from(o) - 1;
            }
            Target::Action(a) => {
                if let Some(o) = reference::get().objective_of(a) {
                    self.focus = Pane::Objectives;
                    self.objectives.saved = ListCursor {
                        selected: usize::from(o).saturating_sub(1),
                        offset: 0,
                    };
                    self.objectives.drill = Some(o);
                    self.objectives.list.selected =
                        drill_actions(o).iter().position(|n| *n == a).unwrap_or(0);
                }
            }
            _ => self.focus = Pane::Tree,
        }
        self.clamp_all();
        true
    }

    /// The tree node of a municipality that is only a partner.
    fn partner_node(&self, m: crate::model::MunicipalityId) -> Option<Node> {
        (0..self.dataset.applicants.len() as ApplicantId).find_map(|lead| {
            self.tree
                .partners(lead)
                .iter()
                .position(|p| p.municipality == Some(m))
                .map(|i| Node::Partner {
                    lead,
                    index: u16::try_from(i).unwrap_or(u16::MAX),
                })
        })
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Tick {
            self.tick();
            return;
        }
        if !matches!(action, Action::Resize { .. }) {
            self.message = None;
        }
        match self.overlay {
            Some(Overlay::Help { .. }) => return self.update_help(action),
            Some(Overlay::Search(_)) => return self.update_search(action),
            Some(Overlay::Checks(_)) => return self.update_checks(action),
            Some(Overlay::Export(_)) => return self.update_export_prompt(action),
            None => {}
        }
        if let Action::Click { column, row } = action {
            if let Some(tab) = self.tab_at(column, row) {
                return self.show_tab(tab);
            }
        }
        if let Action::Resize { width, height } = action {
            self.size = Rect::new(0, 0, width, height);
            self.clamp_all();
            return;
        }
        if self.tab == Tab::Map {
            return self.update_map(action);
        }
        if self.tab != Tab::Overview {
            return self.update_table(action);
        }
        match action {
            Action::Quit => self.request_quit(),
            // Esc never quits: it closes what is open, here the filter.
            Action::Back => {
                if self.filter.is_some() {
                    self.clear_filter();
                } else {
                    self.message =
                        Some("Er is niets open om te sluiten; afsluiten doet q".to_string());
                }
            }
            Action::ShowTab(n) => {
                if let Some(tab) = Tab::from_number(n) {
                    self.show_tab(tab);
                }
            }
            Action::SortReverse => self.toggle_sort(),
            Action::ClearFilter => {
                if self.filter.is_some() {
                    self.clear_filter();
                } else {
                    self.message = Some("Er is geen filter actief".to_string());
                }
            }
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::CloseOverlay
            | Action::NextMeasure
            | Action::Confirm
            | Action::Input(_)
            | Action::DeleteChar
            | Action::ClearInput
            | Action::Tick => {}
            Action::Search => self.open_search(),
            Action::ExportAll => self.open_export_prompt(ExportScope::All),
            Action::ExportView => {
                let scope = self.view_scope();
                self.open_export_prompt(scope);
            }
            Action::Checks => self.open_checks(),
            Action::Draft => self.ask_draft(),
            Action::Sort => self.toggle_sort(),
            Action::NextPane => self.focus = self.focus.next(),
            Action::PrevPane => self.focus = self.focus.prev(),
            // Handled above.
            Action::Resize { .. } => {}
            Action::Click { column, row } => self.click(column, row),
            Action::ScrollUp { column, row } => self.wheel(column, row, -WHEEL),
            Action::ScrollDown { column, row } => self.wheel(column, row, WHEEL),
            Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End
            | Action::Toggle => match self.focus {
                Pane::Tree => self.tree_key(action),
                Pane::Detail => self.detail_key(action),
                Pane::Objectives => self.objectives_key(action),
            },
        }
    }

    fn update_help(&mut self, action: Action) {
        let area = layout::help_area(self.size, self.calls.is_some());
        let (len, height) = (
            help::help_lines_for(
                self.theme,
                area.width.saturating_sub(4),
                self.calls.is_some(),
            )
            .len(),
            usize::from(area.height.saturating_sub(2)),
        );
        let max = len.saturating_sub(height.max(1));
        let Some(Overlay::Help { scroll }) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Quit => self.request_quit(),
            Action::CloseOverlay | Action::Help => self.overlay = None,
            Action::Up | Action::ScrollUp { .. } => *scroll = scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown { .. } => *scroll = (*scroll + 1).min(max),
            Action::PageUp => *scroll = scroll.saturating_sub(height.max(1)),
            Action::PageDown => *scroll = (*scroll + height.max(1)).min(max),
            Action::Home => *scroll = 0,
            Action::End => *scroll = max,
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                *scroll = (*scroll).min(max);
                self.clamp_all();
            }
            _ => {}
        }
    }

    fn panes(&self) -> layout::Panes {
        layout::layout_for(self.size, self.breakdown.row_count(), self.calls.is_some())
    }

    /// Rows of the tree pane above its list: the column header with several calls.
    pub(super) fn tree_header(&self) -> u16 {
        u16::from(self.calls.is_some())
    }

    fn tree_height(&self) -> usize {
        usize::from(
            self.panes()
                .tree
                .height
                .saturating_sub(2 + self.tree_header()),
        )
    }

    /// With several calls: the per-call figures of the tree are built anew for the dataset
    /// (after a filter was set or cleared), and the tree sorts on them.
    pub(super) fn refresh_calls(&mut self) {
        self.calls = TreeCalls::of(&self.dataset);
        self.tree
            .set_call_keys(self.calls.as_ref().map(TreeCalls::sort_keys));
    }

    fn detail_size(&self) -> (u16, usize) {
        let r = self.panes().detail;
        (
            r.width.saturating_sub(2),
            usize::from(r.height.saturating_sub(2)),
        )
    }

    fn objectives_height(&self) -> usize {
        // One row of the inner area is the column header.
        usize::from(self.panes().objectives.height.saturating_sub(3))
    }

    /// The lines of the detail pane for the selection at the current size.
    pub fn detail_lines(&self) -> &[Line<'static>] {
        &self.detail.1
    }

    /// Rebuilds the detail lines when the selection or the pane width changed.
    fn refresh_detail(&mut self) {
        let key = (self.selected(), self.detail_size().0);
        if self.detail.0 != Some(key) {
            let lines = match &self.calls {
                Some(c) => super::detail_calls::lines(
                    &self.dataset,
                    &self.tree,
                    &c.calls,
                    key.0,
                    key.1,
                    self.theme,
                ),
                None => detail::lines(&self.dataset, &self.tree, key.0, key.1, self.theme),
            };
            self.detail = (Some(key), lines);
        }
    }

    fn detail_max(&self) -> usize {
        let (_, h) = self.detail_size();
        self.detail.1.len().saturating_sub(h.max(1))
    }

    /// Rows in the objectives pane: objectives and other lines, or the drilled objective's actions.
    pub fn objective_rows(&self) -> usize {
        match self.objectives.drill {
            Some(o) => drill_actions(o).len() + self.breakdown.objective_unknown(o).count(),
            None => self.breakdown.row_count(),
        }
    }

    fn scope(&self) -> Scope {
        match self.selected() {
            Node::All => Scope::All,
            Node::Province(p) => Scope::Province(p),
            Node::Applicant(a) => Scope::Applicant(a),
            Node::Partner { lead, index } => Scope::Applicant(
                self.tree
                    .partner(lead, index)
                    .and_then(|p| p.applicant)
                    .unwrap_or(lead),
            ),
        }
    }

    /// The applicant or group the objectives pane totals, for its title.
    pub fn scope_name(&self) -> String {
        match self.breakdown.scope {
            Scope::All => "Vlaanderen".to_string(),
            Scope::Province(p) => detail::node_name(&self.dataset, &self.tree, Node::Province(p)),
            Scope::Applicant(a) => detail::node_name(&self.dataset, &self.tree, Node::Applicant(a)),
        }
    }

    fn selection_changed(&mut self) {
        self.detail_offset = 0;
        let scope = self.scope();
        if scope != self.breakdown.scope {
            self.breakdown = Breakdown::new(&self.dataset, scope);
        }
        self.clamp_all();
    }

    /// After the dataset changed (a filter set or cleared): every pane is built anew.
    pub(super) fn dataset_changed(&mut self) {
        self.tables.clear();
        if self.tab != Tab::Overview {
            self.show_tab(self.tab);
        }
        self.tree.rebuild(&self.dataset);
        self.breakdown = Breakdown::new(&self.dataset, self.scope());
        self.detail.0 = None;
        self.selection_changed();
    }

    /// " · actie 5 Oefenkansen …" under a filter, for the titles of the panes.
    pub fn filter_suffix(&self) -> String {
        self.filter
            .as_ref()
            .map_or_else(String::new, |f| format!(" · alleen {}", f.label))
    }

    fn clamp_all(&mut self) {
        let (len, h) = (self.tree.rows().len(), self.tree_height());
        self.tree_state.clamp(len, h);
        self.refresh_detail();
        self.detail_offset = self.detail_offset.min(self.detail_max());
        let (len, h) = (self.objective_rows(), self.objectives_height());
        self.objectives.list.clamp(len, h);
        self.clamp_table();
    }

    fn toggle_sort(&mut self) {
        let node = self.selected();
        let next = self.tree.sort().next(self.calls.is_some());
        self.tree.set_sort(&self.dataset, next);
        if let Some(i) = self.tree.index_of(node) {
            self.tree_state.selected = i;
        }
        self.message = Some(format!("Aanvragers gesorteerd {}", self.sort_label()));
        self.clamp_all();
    }

    /// How the tree's applicants are sorted, in Dutch ("op naam", "op bedrag in oproep 2").
    pub fn sort_label(&self) -> String {
        match &self.calls {
            Some(c) => self.tree.sort().label_calls(c.calls.last()),
            None => self.tree.sort().label().to_string(),
        }
    }
}

/// The catalogue actions of an objective, by number.
pub fn drill_actions(objective: u8) -> Vec<u8> {
    reference::get()
        .actions
        .iter()
        .filter(|a| a.objective == objective)
        .map(|a| a.no)
        .collect()
}
