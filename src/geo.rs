//! The boundaries of the Flemish municipalities and provinces (and the Brussels region) for the
//! map (issue 19): read from the GeoJSON files embedded from `data/geo/`, in map coordinates
//! x = lon · [`X_SCALE`], y = lat, which draw without distortion at this latitude. No I/O.
//!
//! The files are already simplified (a 100 m coverage simplification, see data/SOURCES.md);
//! loading adds what drawing and moving need: each shared border once, the province outlines,
//! bounding boxes, centres and which areas touch.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{MunicipalityId, Province};
use crate::reference;

/// cos(51°): a degree of longitude is this much shorter than one of latitude.
pub const X_SCALE: f64 = 0.629;

/// Attribution of the boundaries, shown on the map (CC BY 4.0 and the Statbel licence).
pub const ATTRIBUTION: &str = "Grenzen: © Statbel (Statistische sectoren 2021, Licentie open data) via Sciensano bemaps (CC BY 4.0), vereenvoudigd";

const MUNICIPALITIES_JSON: &str = include_str!("../data/geo/municipalities.geojson");
const PROVINCES_JSON: &str = include_str!("../data/geo/provinces.geojson");

/// A place on the map: a municipality, or Brussels as one area (the VGC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Municipality(MunicipalityId),
    Brussels,
}

/// A point in map coordinates.
pub type Point = (f64, f64);

/// A rectangle in map coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Bounds {
    fn empty() -> Bounds {
        Bounds {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        }
    }

    fn add(&mut self, (x, y): Point) {
        self.x0 = self.x0.min(x);
        self.y0 = self.y0.min(y);
        self.x1 = self.x1.max(x);
        self.y1 = self.y1.max(y);
    }

    fn union(mut self, o: Bounds) -> Bounds {
        self.add((o.x0, o.y0));
        self.add((o.x1, o.y1));
        self
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn contains(&self, (x, y): Point) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// These bounds widened (with a margin of 2 %) so that `cols`×`rows` terminal cells, each
    /// twice as high as wide, show them undistorted and centred.
    pub fn fit(&self, cols: u16, rows: u16) -> Bounds {
        let (cols, rows) = (f64::from(cols.max(1)), f64::from(rows.max(1)));
        let (w, h) = (self.width() * 1.04, self.height() * 1.04);
        // Map units per column; a row is two columns high.
        let k = (w / cols).max(h / (2.0 * rows));
        let (cx, cy) = ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0);
        let (hw, hh) = (k * cols / 2.0, k * rows);
        Bounds {
            x0: cx - hw,
            y0: cy - hh,
            x1: cx + hw,
            y1: cy + hh,
        }
    }
}

/// A polygon: its outer ring, then its holes; each ring closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub rings: Vec<Vec<Point>>,
}

/// One area of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub place: Place,
    pub name: String,
    pub province: Province,
    pub parts: Vec<Polygon>,
    pub bounds: Bounds,
    /// Centre of mass of its parts.
    pub centre: Point,
}

impl Area {
    /// Whether a point lies inside (even-odd over all rings of all parts).
    pub fn contains(&self, p: Point) -> bool {
        if !self.bounds.contains(p) {
            return false;
        }
        let mut inside = false;
        for ring in self.parts.iter().flat_map(|poly| &poly.rings) {
            for w in ring.windows(2) {
                let ((ax, ay), (bx, by)) = (w[0], w[1]);
                if (ay > p.1) != (by > p.1) && p.0 < ax + (p.1 - ay) * (bx - ax) / (by - ay) {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

/// A direction of an arrow key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    North,
    South,
    West,
    East,
}

impl Direction {
    fn vector(self) -> Point {
        match self {
            Direction::North => (0.0, 1.0),
            Direction::South => (0.0, -1.0),
            Direction::West => (-1.0, 0.0),
            Direction::East => (1.0, 0.0),
        }
    }
}

/// The map: every area, every border once, the province outlines, which areas touch.
#[derive(Debug, Clone)]
pub struct Geo {
    /// The 300 municipalities in NIS order, then Brussels.
    pub areas: Vec<Area>,
    /// Every border between or around areas, once.
    pub borders: Vec<(Point, Point)>,
    /// The outlines of the provinces and of the Brussels region.
    pub province_borders: Vec<(Province, Point, Point)>,
    /// Bounds of each province's area (index [`Province::index`]).
    province_bounds: Vec<Option<Bounds>>,
    /// The areas each area shares a border with.
    pub neighbours: Vec<Vec<usize>>,
    pub bounds: Bounds,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    nis_code: String,
    name: String,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// A vertex as the files write it (4 decimals), exact: shared vertices compare equal.
type Key = (i64, i64);

fn key(lon: f64, lat: f64) -> Key {
    ((lon * 1e4).round() as i64, (lat * 1e4).round() as i64)
}

fn to_map(k: Key) -> Point {
    (k.0 as f64 / 1e4 * X_SCALE, k.1 as f64 / 1e4)
}

/// Rings as exact vertices, checked: a MultiPolygon with closed rings of at least 4 points.
fn rings_of(file: &str, f: &Feature) -> Result<Vec<Vec<Vec<Key>>>, String> {
    let nis = &f.properties.nis_code;
    if f.geometry.kind != "MultiPolygon" {
        return Err(format!(
            "{file}: gebied {nis} is een {}, geen MultiPolygon",
            f.geometry.kind
        ));
    }
    let mut parts = Vec::new();
    for poly in &f.geometry.coordinates {
        let mut rings = Vec::new();
        for ring in poly {
            let ring: Vec<Key> = ring.iter().map(|[lon, lat]| key(*lon, *lat)).collect();
            if ring.len() < 4 || ring.first() != ring.last() {
                return Err(format!(
                    "{file}: gebied {nis} heeft een open of te korte rand"
                ));
            }
            rings.push(ring);
        }
        if rings.is_empty() {
            return Err(format!("{file}: gebied {nis} heeft een deel zonder rand"));
        }
        parts.push(rings);
    }
    if parts.is_empty() {
        return Err(format!("{file}: gebied {nis} heeft geen vlak"));
    }
    Ok(parts)
}

fn polygons(parts: &[Vec<Vec<Key>>]) -> Vec<Polygon> {
    parts
        .iter()
        .map(|rings| Polygon {
            rings: rings
                .iter()
                .map(|r| r.iter().map(|k| to_map(*k)).collect())
                .collect(),
        })
        .collect()
}

/// Signed area and centre of mass of a ring (shoelace).
fn ring_moments(ring: &[Point]) -> (f64, f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (a / 2.0, cx / 6.0, cy / 6.0)
}

fn area_of(place: Place, name: String, province: Province, parts: Vec<Polygon>) -> Area {
    let mut bounds = Bounds::empty();
    let (mut a, mut mx, mut my) = (0.0, 0.0, 0.0);
    for ring in parts.iter().flat_map(|p| &p.rings) {
        ring.iter().for_each(|p| bounds.add(*p));
        // Holes wind the other way: their signed area subtracts.
        let (ra, rx, ry) = ring_moments(ring);
        a += ra;
        mx += rx;
        my += ry;
    }
    let centre = if a.abs() > f64::EPSILON {
        (mx / a, my / a)
    } else {
        ((bounds.x0 + bounds.x1) / 2.0, (bounds.y0 + bounds.y1) / 2.0)
    };
    Area {
        place,
        name,
        province,
        parts,
        bounds,
        centre,
    }
}

impl Geo {
    /// Reads the two GeoJSON files: every municipality must be one of the reference list (and
    /// every one of the list must be there), the provinces file must have the Brussels region.
    pub fn parse(municipalities: &str, provinces: &str) -> Result<Geo, String> {
        const MUNI: &str = "data/geo/municipalities.geojson";
        const PROV: &str = "data/geo/provinces.geojson";
        let read = |file: &str, text: &str| {
            serde_json::from_str::<Collection>(text)
                .map_err(|e| format!("{file}: geen leesbare GeoJSON ({e})"))
        };
        let (munis, provs) = (read(MUNI, municipalities)?, read(PROV, provinces)?);
        let r = reference::get();
        let mut areas = Vec::new();
        let mut keyed: Vec<Vec<Vec<Vec<Key>>>> = Vec::new();
        for f in &munis.features {
            let nis = &f.properties.nis_code;
            let (id, m) = nis
                .parse::<u32>()
                .ok()
                .and_then(|n| {
                    r.municipalities
                        .iter()
                        .enumerate()
                        .find(|(_, m)| m.nis == n)
                })
                .ok_or_else(|| {
                    format!("{MUNI}: NIS-code {nis} staat niet in municipalities.csv")
                })?;
            let parts = rings_of(MUNI, f)?;
            let id =
                MunicipalityId::try_from(id).map_err(|_| format!("{MUNI}: te veel gemeenten"))?;
            if areas
                .iter()
                .any(|a: &Area| a.place == Place::Municipality(id))
            {
                return Err(format!("{MUNI}: NIS-code {nis} komt twee keer voor"));
            }
            areas.push(area_of(
                Place::Municipality(id),
                m.name.clone(),
                m.province,
                polygons(&parts),
            ));
            keyed.push(parts);
        }
        if areas.len() != r.municipalities.len() {
            return Err(format!(
                "{MUNI}: {} gemeenten, municipalities.csv heeft er {}",
                areas.len(),
                r.municipalities.len()
            ));
        }
        let mut province_borders = Vec::new();
        let mut province_bounds = vec![None; Province::ALL.len()];
        for f in &provs.features {
            let nis = f.properties.nis_code.as_str();
            let province = match nis {
                "04000" => Province::Brussel,
                _ => Province::parse(&f.properties.name)
                    .ok_or_else(|| format!("{PROV}: provincie '{}' onbekend", f.properties.name))?,
            };
            let parts = rings_of(PROV, f)?;
            let mut b = Bounds::empty();
            for ring in parts.iter().flatten() {
                for w in ring.windows(2) {
                    province_borders.push((province, to_map(w[0]), to_map(w[1])));
                    b.add(to_map(w[0]));
                }
            }
            if let Some(slot) = province_bounds.get_mut(province.index()) {
                *slot = Some(b);
            }
            if province == Province::Brussel {
                areas.push(area_of(
                    Place::Brussels,
                    "Brussel (VGC)".to_string(),
                    Province::Brussel,
                    polygons(&parts),
                ));
                keyed.push(parts);
            }
        }
        if !areas.iter().any(|a| a.place == Place::Brussels) {
            return Err(format!("{PROV}: het Brussels Gewest (04000) ontbreekt"));
        }
        // Every border once; areas that share two or more vertices touch along a border.
        let mut seen: HashSet<(Key, Key)> = HashSet::new();
        let mut borders = Vec::new();
        let mut at_vertex: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, parts) in keyed.iter().enumerate() {
            for ring in parts.iter().flatten() {
                for w in ring.windows(2) {
                    let e = if w[0] <= w[1] {
                        (w[0], w[1])
                    } else {
                        (w[1], w[0])
                    };
                    if seen.insert(e) {
                        borders.push((to_map(e.0), to_map(e.1)));
                    }
                    let v = at_vertex.entry(w[0]).or_default();
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
        }
        let mut shared: HashMap<(usize, usize), u32> = HashMap::new();
        for list in at_vertex.values() {
            for (n, a) in list.iter().enumerate() {
                for b in &list[n + 1..] {
                    *shared.entry(((*a).min(*b), (*a).max(*b))).or_default() += 1;
                }
            }
        }
        let mut neighbours = vec![Vec::new(); areas.len()];
        for ((a, b), n) in shared {
            if n >= 2 && a != b {
                neighbours[a].push(b);
                neighbours[b].push(a);
            }
        }
        neighbours.iter_mut().for_each(|v| v.sort_unstable());
        let bounds = areas
            .iter()
            .map(|a| a.bounds)
            .fold(Bounds::empty(), Bounds::union);
        Ok(Geo {
            areas,
            borders,
            province_borders,
            province_bounds,
            neighbours,
            bounds,
        })
    }

    /// The index of a place's area.
    pub fn area_index(&self, place: Place) -> Option<usize> {
        match place {
            // Municipalities are in reference order (NIS order).
            Place::Municipality(m) => self
                .areas
                .get(usize::from(m))
                .filter(|a| a.place == place)
                .map(|_| usize::from(m))
                .or_else(|| self.areas.iter().position(|a| a.place == place)),
            Place::Brussels => self.areas.iter().position(|a| a.place == place),
        }
    }

    /// The area at a point, if any.
    pub fn area_at(&self, p: Point) -> Option<usize> {
        self.areas.iter().position(|a| a.contains(p))
    }

    /// The bounds of a province (all of the map for `None`).
    pub fn province_bounds(&self, p: Option<Province>) -> Bounds {
        p.and_then(|p| self.province_bounds.get(p.index()).copied().flatten())
            .unwrap_or(self.bounds)
    }

    /// The area an arrow key moves to: of the areas that share a border, the nearest one in
    /// that direction (within 60° of it, the nearer the angle the better); where none touches
    /// in that direction (Voeren, the Baarle-Hertog enclaves, the coast), the nearest area in
    /// that direction at all.
    pub fn neighbour(&self, from: usize, dir: Direction) -> Option<usize> {
        let here = self.areas.get(from)?.centre;
        let (dx, dy) = dir.vector();
        let score = |i: usize| {
            let (x, y) = self.areas.get(i)?.centre;
            let (vx, vy) = (x - here.0, y - here.1);
            let dist = (vx * vx + vy * vy).sqrt();
            if dist <= f64::EPSILON {
                return None;
            }
            let cos = (vx * dx + vy * dy) / dist;
            // Within 60° of the direction.
            (cos >= 0.5).then_some(dist * (2.0 - cos))
        };
        let best = |it: &mut dyn Iterator<Item = usize>| {
            it.filter_map(|i| score(i).map(|s| (i, s)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(i, _)| i)
        };
        let touching = self.neighbours.get(from)?;
        best(&mut touching.iter().copied())
            .or_else(|| best(&mut (0..self.areas.len()).filter(|i| *i != from)))
    }

    /// Which area covers the centre of each of `cols`×`rows` cells showing `view` (row by row,
    /// top row first): a scanline fill of every area, even-odd so that holes stay empty.
    pub fn raster(&self, view: Bounds, cols: u16, rows: u16) -> Vec<Option<u16>> {
        let (w, h) = (usize::from(cols), usize::from(rows));
        let mut out = vec![None; w * h];
        if w == 0 || h == 0 {
            return out;
        }
        let (cw, ch) = (view.width() / w as f64, view.height() / h as f64);
        let mut xs: Vec<f64> = Vec::new();
        for (i, area) in self.areas.iter().enumerate() {
            let b = area.bounds;
            if b.x1 < view.x0 || b.x0 > view.x1 || b.y1 < view.y0 || b.y0 > view.y1 {
                continue;
            }
            // Rows whose centre lies within the area's bounds.
            let top = ((view.y1 - b.y1) / ch - 0.5).ceil().max(0.0) as usize;
            let bottom = (((view.y1 - b.y0) / ch - 0.5).floor().max(-1.0) + 1.0) as usize;
            for r in top..bottom.min(h) {
                let y = view.y1 - (r as f64 + 0.5) * ch;
                xs.clear();
                for ring in area.parts.iter().flat_map(|p| &p.rings) {
                    for s in ring.windows(2) {
                        let ((ax, ay), (bx, by)) = (s[0], s[1]);
                        if (ay > y) != (by > y) {
                            xs.push(ax + (y - ay) * (bx - ax) / (by - ay));
                        }
                    }
                }
                xs.sort_by(f64::total_cmp);
                for pair in xs.chunks_exact(2) {
                    // Columns whose centre lies in [pair[0], pair[1]).
                    let c0 = ((pair[0] - view.x0) / cw - 0.5).ceil().max(0.0) as usize;
                    let c1 = ((pair[1] - view.x0) / cw - 0.5).ceil().max(0.0) as usize;
                    for c in c0..c1.min(w) {
                        out[r * w + c] = u16::try_from(i).ok();
                    }
                }
            }
        }
        out
    }
}

static GEO: OnceLock<Geo> = OnceLock::new();

/// The embedded map, read on first use.
pub fn get() -> &'static Geo {
    GEO.get_or_init(|| match Geo::parse(MUNICIPALITIES_JSON, PROVINCES_JSON) {
        Ok(g) => g,
        // The embedded files are part of the binary and covered by a test; a failure here is a
        // build defect, not an input error.
        Err(e) => panic!("ingebouwde kaartgegevens onleesbaar: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str) -> usize {
        let g = get();
        g.areas
            .iter()
            .position(|a| a.name == name)
            .unwrap_or_else(|| panic!("{name} niet op de kaart"))
    }

    #[test]
    fn every_municipality_and_brussels_is_an_area() {
        let g = get();
        assert_eq!(g.areas.len(), 301);
        for (i, m) in reference::get().municipalities.iter().enumerate() {
            let a = &g.areas[g.area_index(Place::Municipality(i as u16)).unwrap()];
            assert_eq!(a.name, m.name);
            assert_eq!(a.province, m.province);
        }
        assert!(g.area_index(Place::Brussels).is_some());
        // 5 provinces and the Brussels region have an outline.
        let provinces: HashSet<Province> = g.province_borders.iter().map(|p| p.0).collect();
        assert_eq!(provinces.len(), 6);
    }

    #[test]
    fn centres_lie_in_their_area_and_points_find_their_area() {
        let g = get();
        // Leuven's centre is in Leuven; a point in Brussels is Brussels, not Vlaams-Brabant.
        let leuven = place("Leuven");
        assert!(g.areas[leuven].contains(g.areas[leuven].centre));
        let brussels = g.area_index(Place::Brussels).unwrap();
        assert_eq!(g.area_at((4.3517 * X_SCALE, 50.8466)), Some(brussels));
        // Gent's Korenmarkt.
        assert_eq!(g.area_at((3.7215 * X_SCALE, 51.0545)), Some(place("Gent")));
        // The North Sea and the Netherlands are no area.
        assert_eq!(g.area_at((2.6 * X_SCALE, 51.4)), None);
    }

    #[test]
    fn shared_borders_are_drawn_once_and_make_neighbours() {
        let g = get();
        let edges: usize = g
            .areas
            .iter()
            .flat_map(|a| a.parts.iter().flat_map(|p| &p.rings))
            .map(|r| r.len() - 1)
            .sum();
        assert!(
            g.borders.len() < edges * 2 / 3,
            "{} of {edges}",
            g.borders.len()
        );
        let n = |a: &str| g.neighbours[place(a)].clone();
        assert!(n("Leuven").contains(&place("Herent")));
        assert!(n("Herent").contains(&place("Leuven")));
        assert!(!n("Leuven").contains(&place("Gent")));
        // Voeren touches no other Flemish area.
        assert!(n("Voeren").is_empty());
        let brussels = g.area_index(Place::Brussels).unwrap();
        assert!(g.neighbours[brussels].contains(&place("Zaventem")));
    }

    #[test]
    fn arrows_move_to_the_neighbour_in_that_direction() {
        let g = get();
        let gent = place("Gent");
        // Gent: Evergem lies north, Merelbeke south, Lochristi (or Destelbergen) east.
        assert_eq!(g.neighbour(gent, Direction::North), Some(place("Evergem")));
        assert_eq!(
            g.neighbour(gent, Direction::South),
            Some(place("Merelbeke"))
        );
        let east = g.neighbour(gent, Direction::East).unwrap();
        assert!(g.neighbours[gent].contains(&east));
        assert!(g.areas[east].centre.0 > g.areas[gent].centre.0);
        // Voeren has no neighbour; west of it is the nearest area westwards, in Limburg.
        let west = g.neighbour(place("Voeren"), Direction::West).unwrap();
        assert_eq!(g.areas[west].province, Province::Limburg);
        // De Panne is on the coast and the border: nothing further west.
        assert_eq!(g.neighbour(place("De Panne"), Direction::West), None);
    }

    #[test]
    fn the_raster_fills_each_cell_with_the_area_at_its_centre() {
        let g = get();
        let view = g.bounds.fit(100, 40);
        let raster = g.raster(view, 100, 40);
        let (cw, ch) = (view.width() / 100.0, view.height() / 40.0);
        let mut filled = 0;
        for r in 0..40 {
            for c in 0..100 {
                let p = (
                    view.x0 + (c as f64 + 0.5) * cw,
                    view.y1 - (r as f64 + 0.5) * ch,
                );
                let got = raster[r * 100 + c];
                filled += usize::from(got.is_some());
                assert_eq!(got.map(usize::from), g.area_at(p), "cell {c},{r}");
            }
        }
        assert!(filled > 1000, "{filled}");
    }

    #[test]
    fn fit_keeps_the_aspect_of_cells() {
        let g = get();
        let v = g.bounds.fit(120, 40);
        // A column is as wide as half a row is high.
        assert!(((v.width() / 120.0) - (v.height() / 80.0)).abs() < 1e-9);
        assert!(v.x0 < g.bounds.x0 && v.x1 > g.bounds.x1 && v.y0 < g.bounds.y0);
        let limburg = g.province_bounds(Some(Province::Limburg));
        assert!(limburg.width() < g.bounds.width() / 3.0);
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let e = Geo::parse("{", PROVINCES_JSON).unwrap_err();
        assert!(
            e.contains("municipalities.geojson") && e.contains("GeoJSON"),
            "{e}"
        );
        let one = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nis_code":"99999","name":"X"},"geometry":{"type":"MultiPolygon","coordinates":[[[[4,51],[4.1,51],[4,51.1],[4,51]]]]}}]}"#;
        let e = Geo::parse(one, PROVINCES_JSON).unwrap_err();
        assert!(e.contains("99999"), "{e}");
        let point = one
            .replace("99999", "11001")
            .replace("MultiPolygon", "Point");
        let e = Geo::parse(&point, PROVINCES_JSON).unwrap_err();
        assert!(e.contains("MultiPolygon"), "{e}");
        let e = Geo::parse(&one.replace("99999", "11001"), PROVINCES_JSON).unwrap_err();
        assert!(e.contains("300"), "{e}");
    }
}
