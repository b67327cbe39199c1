//! The map tab: its selection follows the tree and the tree follows it; arrows move to the
//! neighbouring municipality, Enter opens it in the tree. `impl App` continued.

use ratatui::layout::Position;

use crate::geo::{self, Direction, Place};
use crate::model::Target;

use super::super::keys::Action;
use super::super::map::{applicant_of, area_of_applicant};
use super::super::map_draw;
use super::super::tables::Tab;
use super::super::tree::Node;
use super::{App, Overlay};

impl App {
    /// The value of the map's measure for every area.
    pub fn map_values(&self) -> &[Option<i64>] {
        &self.map.values
    }

    fn refresh_map_values(&mut self) {
        self.map.values = super::super::map::values(&self.dataset, &self.full, self.map.measure);
    }

    /// Takes the tree's selection onto the map: an applicant or partner selects its area, a
    /// province zooms to it, Vlaanderen shows everything.
    pub(super) fn map_follow_tree(&mut self) {
        self.refresh_map_values();
        let area = match self.selected() {
            Node::All => {
                self.map.zoom = None;
                return;
            }
            Node::Province(p) => {
                self.map.zoom = p;
                let g = geo::get();
                if self
                    .map
                    .selected
                    .and_then(|i| g.areas.get(i))
                    .is_some_and(|a| Some(a.province) != p)
                {
                    self.map.selected = None;
                }
                return;
            }
            Node::Applicant(a) => area_of_applicant(&self.dataset, a),
            Node::Partner { lead, index } => self
                .tree
                .partner(lead, index)
                .and_then(|p| p.municipality)
                .and_then(|m| geo::get().area_index(Place::Municipality(m))),
        };
        if area.is_some() {
            self.map.selected = area;
            self.unzoom_if_outside();
        }
    }

    /// Leaves the zoom when the selection is outside the zoomed province.
    fn unzoom_if_outside(&mut self) {
        let g = geo::get();
        let province = self
            .map
            .selected
            .and_then(|i| g.areas.get(i))
            .map(|a| a.province);
        if self.map.zoom.is_some() && province.is_some() && province != self.map.zoom {
            self.map.zoom = None;
        }
    }

    /// Selects an area on the map and, where the tree shows it, in the tree (without clearing a
    /// filter: an area the filter hides stays selected on the map only).
    pub fn map_select(&mut self, area: usize) {
        let g = geo::get();
        let Some(place) = g.areas.get(area).map(|a| a.place) else {
            return;
        };
        self.map.selected = Some(area);
        self.unzoom_if_outside();
        let node = match applicant_of(&self.dataset, place) {
            Some(a) => Some(Node::Applicant(a)),
            None => match place {
                Place::Municipality(m) => self.partner_node(m),
                Place::Brussels => None,
            },
        };
        if let Some(node) = node {
            self.tree.reveal(node);
            if let Some(i) = self.tree.index_of(node) {
                self.tree_state.selected = i;
                self.selection_changed();
            }
        }
    }

    /// Keys on the map.
    pub(super) fn update_map(&mut self, action: Action) {
        let dir = match action {
            Action::Up => Some(Direction::North),
            Action::Down => Some(Direction::South),
            Action::Left => Some(Direction::West),
            Action::Right => Some(Direction::East),
            _ => None,
        };
        if let Some(dir) = dir {
            return self.map_move(dir);
        }
        match action {
            Action::Confirm => self.map_open(),
            Action::NextMeasure => {
                self.map.measure = self.map.measure.next(self.filter.is_some());
                self.refresh_map_values();
                let label = self.filter.as_ref().map(|f| f.label.as_str());
                self.message = Some(format!("Kaart toont: {}", self.map.measure.name(label)));
            }
            Action::Back => {
                if self.map.zoom.is_some() {
                    self.map.zoom = None;
                } else {
                    self.tab = Tab::Overview;
                }
            }
            Action::ShowTab(n) => {
                if let Some(t) = Tab::from_number(n) {
                    self.show_tab(t);
                }
            }
            Action::Click { column, row } => self.map_click(column, row),
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Checks => self.open_checks(),
            Action::ExportAll => self.open_export_prompt(crate::export::Scope::All),
            Action::Draft => self.ask_draft(),
            _ => {}
        }
    }

    fn map_move(&mut self, dir: Direction) {
        let g = geo::get();
        let from = match self.map.selected {
            Some(i) => i,
            None => {
                // Nothing selected yet: start in the middle of what is shown.
                let b = g.province_bounds(self.map.zoom);
                let mid = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
                match (0..g.areas.len()).min_by(|a, b| {
                    let d = |i: usize| {
                        let c = g.areas[i].centre;
                        (c.0 - mid.0).powi(2) + (c.1 - mid.1).powi(2)
                    };
                    d(*a).total_cmp(&d(*b))
                }) {
                    Some(i) => return self.map_select(i),
                    None => return,
                }
            }
        };
        match g.neighbour(from, dir) {
            Some(to) => self.map_select(to),
            None => {
                self.message = Some("Geen gemeente meer in die richting".to_string());
            }
        }
    }

    /// Enter: the selected area in the tree (Overzicht).
    fn map_open(&mut self) {
        let g = geo::get();
        let Some(area) = self.map.selected.and_then(|i| g.areas.get(i)) else {
            self.message = Some("Kies eerst een gemeente met de pijltjes".to_string());
            return;
        };
        let (name, place) = (area.name.clone(), area.place);
        let target = match place {
            Place::Municipality(m) => Target::Municipality(m),
            Place::Brussels => match applicant_of(&self.dataset, place) {
                Some(a) => Target::Applicant(a),
                None => {
                    self.message = Some(format!("{name}: geen aanvraag in dit bestand"));
                    return;
                }
            },
        };
        if self.go_to(target) {
            self.tab = Tab::Overview;
        } else {
            self.message = Some(format!(
                "{name} heeft geen aanvraag en is geen partner in dit bestand"
            ));
        }
    }

    /// A click on the map selects the area under it.
    fn map_click(&mut self, column: u16, row: u16) {
        let geom = map_draw::geometry(self.size);
        if !geom.map.contains(Position::new(column, row)) {
            return;
        }
        let view = map_draw::view_bounds(&self.map, geom.map);
        let (cw, ch) = (
            view.width() / f64::from(geom.map.width),
            view.height() / f64::from(geom.map.height),
        );
        let p = (
            view.x0 + (f64::from(column - geom.map.x) + 0.5) * cw,
            view.y1 - (f64::from(row - geom.map.y) + 0.5) * ch,
        );
        if let Some(i) = geo::get().area_at(p) {
            self.map_select(i);
        }
    }
}
