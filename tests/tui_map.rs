//! The map view (issue 19): the selection shared with the tree, arrows to the neighbouring
//! municipality, Enter to the tree, the zoom on a province, partners outlined, the measures and
//! their legend, the screen at 160×48.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use samenleven::annex;
use samenleven::geo::{self, Direction, Place};
use samenleven::model::{LineFilter, Province};
use samenleven::tui::app::Pane;
use samenleven::tui::map::{Classes, Measure};
use samenleven::tui::map_draw;
use samenleven::tui::tables::Tab;
use samenleven::tui::tree::Node;
use samenleven::tui::{App, Theme};
use tui_support::{app, app_with, render, screen, type_keys};

fn area(name: &str) -> usize {
    geo::get()
        .areas
        .iter()
        .position(|a| a.name == name)
        .unwrap()
}

fn selected_name(app: &App) -> String {
    app.map
        .selected
        .map(|i| geo::get().areas[i].name.clone())
        .unwrap_or_default()
}

/// The test app with an applicant selected in the tree.
fn at(name: &str, w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let a = app.dataset.applicant_by_name(name).unwrap();
    app.jump(Node::Applicant(a));
    app
}

#[test]
fn m_opens_the_map_on_the_trees_selection() {
    let mut app = at("Gent", 160, 48);
    type_keys(&mut app, "m");
    assert_eq!(app.tab, Tab::Map);
    assert_eq!(selected_name(&app), "Gent");
    assert_eq!(app.map.zoom, None);
    let s = screen(&app);
    assert!(s.contains("[7 Kaart]"), "{s}");
    assert!(s.contains("Gent (Oost-Vlaanderen)"), "{s}");
    // The panel says Gent's amount as the tree does.
    let granted = app
        .dataset
        .applicant_totals(app.dataset.applicant_by_name("Gent").unwrap())
        .unwrap()
        .granted;
    assert!(s.contains(&format!(
        "Toegekend: {}",
        samenleven::money::format_eur(granted)
    )));
    // 7 does the same as m.
    let mut app = at("Gent", 160, 48);
    type_keys(&mut app, "7");
    assert_eq!(app.tab, Tab::Map);
}

#[test]
fn arrows_move_to_the_neighbour_and_the_tree_follows() {
    let g = geo::get();
    let harelbeke = area("Harelbeke");
    let mut landed_on_applicant = false;
    for (key, dir) in [
        ("<up>", Direction::North),
        ("<down>", Direction::South),
        ("<left>", Direction::West),
        ("<right>", Direction::East),
    ] {
        let mut app = at("Harelbeke", 160, 48);
        type_keys(&mut app, "m");
        type_keys(&mut app, key);
        let to = g.neighbour(harelbeke, dir).unwrap();
        assert!(g.neighbours[harelbeke].contains(&to), "{key}");
        assert_eq!(app.map.selected, Some(to), "{key}");
        assert_eq!(app.tab, Tab::Map);
        let (dx, dy) = (
            g.areas[to].centre.0 - g.areas[harelbeke].centre.0,
            g.areas[to].centre.1 - g.areas[harelbeke].centre.1,
        );
        let along = match dir {
            Direction::North => dy,
            Direction::South => -dy,
            Direction::West => -dx,
            Direction::East => dx,
        };
        assert!(along > 0.0, "{key} went the other way");
        if let Some(a) = app.dataset.applicant_by_name(&g.areas[to].name) {
            assert_eq!(app.selected(), Node::Applicant(a), "{key}");
            landed_on_applicant = true;
        }
    }
    // Kortrijk (south) and Waregem applied in the test data.
    assert!(landed_on_applicant);
}

#[test]
fn moving_onto_an_applicant_selects_it_in_the_tree() {
    // Lier and Mechelen both applied; Lier's neighbour westward is on the way to Mechelen.
    let mut app = at("Lier", 160, 48);
    type_keys(&mut app, "m");
    let g = geo::get();
    let mut visited = Vec::new();
    for key in ["<left>", "<left>", "<up>", "<down>", "<right>"] {
        type_keys(&mut app, key);
        let sel = app.map.selected.unwrap();
        visited.push(sel);
        if let Some(a) = samenleven::tui::map::applicant_of(&app.dataset, g.areas[sel].place) {
            assert_eq!(app.selected(), Node::Applicant(a), "{}", g.areas[sel].name);
        }
    }
    assert!(visited.iter().any(|v| *v != area("Lier")));
}

#[test]
fn enter_opens_the_selection_in_the_tree() {
    let mut app = at("Oostende", 160, 48);
    type_keys(&mut app, "1");
    app.jump(Node::All);
    let oostende = app.dataset.applicant_by_name("Oostende").unwrap();
    type_keys(&mut app, "m");
    app.map_select(area("Oostende"));
    // The tree already follows the map.
    assert_eq!(app.selected(), Node::Applicant(oostende));
    app.jump(Node::All);
    type_keys(&mut app, "<enter>");
    assert_eq!(app.tab, Tab::Overview);
    assert_eq!(app.focus, Pane::Tree);
    assert_eq!(app.selected(), Node::Applicant(oostende));
    // A municipality without an application says so and stays on the map.
    type_keys(&mut app, "m");
    app.map_select(area("Bredene"));
    type_keys(&mut app, "<enter>");
    assert_eq!(app.tab, Tab::Map);
    assert!(app.message.as_deref().unwrap().contains("Bredene"));
}

#[test]
fn a_province_selected_in_the_tree_zooms_the_map() {
    let mut app = app(160, 48);
    app.jump(Node::Province(Some(Province::Limburg)));
    type_keys(&mut app, "m");
    assert_eq!(app.map.zoom, Some(Province::Limburg));
    let geom = map_draw::geometry(app.size);
    let zoomed = map_draw::view_bounds(&app.map, geom.map);
    let mut whole = app.map.clone();
    whole.zoom = None;
    let whole = map_draw::view_bounds(&whole, geom.map);
    let size = |b: samenleven::geo::Bounds| b.width() * b.height();
    assert!(size(zoomed) < size(whole) * 0.6, "{zoomed:?} {whole:?}");
    let limburg = geo::get().province_bounds(Some(Province::Limburg));
    assert!(zoomed.x0 <= limburg.x0 && zoomed.x1 >= limburg.x1 && zoomed.y0 <= limburg.y0);
    assert!(screen(&app).contains("Kaart · Toegekend bedrag · Limburg"));
    // Esc zooms out, a second Esc goes back to Overzicht.
    type_keys(&mut app, "<esc>");
    assert_eq!(app.map.zoom, None);
    type_keys(&mut app, "<esc>");
    assert_eq!(app.tab, Tab::Overview);
}

#[test]
fn the_partners_of_a_collaboration_are_outlined() {
    let mut app = at("Harelbeke", 160, 48);
    type_keys(&mut app, "m");
    let outlined: Vec<String> = map_draw::partners(&app)
        .iter()
        .map(|i| geo::get().areas[*i].name.clone())
        .collect();
    for p in ["Waregem", "Zwevegem", "Kuurne"] {
        assert!(outlined.iter().any(|o| o == p), "{p} in {outlined:?}");
    }
    let s = screen(&app);
    assert!(
        s.contains("Partners (") && s.contains("groen omrand"),
        "{s}"
    );
    // Brussels is one area, the VGC's.
    let mut app = at("VGC", 160, 48);
    type_keys(&mut app, "m");
    assert_eq!(
        app.map.selected,
        geo::get().area_index(Place::Brussels),
        "{}",
        selected_name(&app)
    );
}

#[test]
fn measures_and_legend_classes_are_those_of_the_data() {
    let mut app = at("Gent", 160, 48);
    type_keys(&mut app, "m");
    let values = app.map_values();
    let ds = &app.dataset;
    let gent = ds.applicant_by_name("Gent").unwrap();
    let granted = ds.applicant_totals(gent).unwrap().granted;
    assert_eq!(values[area("Gent")], Some(granted));
    // De Rand and unknown names are not on the map; every other applicant is, once.
    let on_map = values.iter().flatten().count();
    assert_eq!(on_map, ds.applicants.len() - 1);
    assert_eq!(values[area("Bredene")], None);
    let classes = Classes::of(values, Measure::Granted);
    for v in values.iter().flatten() {
        assert!(classes.class(*v).is_some(), "{v} in {classes:?}");
    }
    // v: number of actions (Gent: 16, 17, 13 and mentorships for those: 3).
    type_keys(&mut app, "v");
    assert_eq!(app.map.measure, Measure::Actions);
    assert_eq!(app.map_values()[area("Gent")], Some(3));
    assert!(screen(&app).contains("Kaart · Aantal acties"));
    // Share of objective N: its amount over the applicant's granted amount, in basis points.
    type_keys(&mut app, "v");
    assert_eq!(app.map.measure, Measure::Objective(1));
    let t = app.dataset.applicant_totals(gent).unwrap();
    assert_eq!(
        app.map_values()[area("Gent")],
        Some(t.per_objective[0] * 10_000 / t.granted)
    );
}

#[test]
fn under_a_filter_the_map_shows_the_filtered_lines_and_their_share() {
    let mut app = app(160, 48);
    app.set_filter(LineFilter::Action(5));
    type_keys(&mut app, "m");
    let values = app.map_values();
    // Antwerpen: action 5 is € 135.000 of its lines.
    assert_eq!(values[area("Antwerpen")], Some(135_000 * 100));
    // Lier has no line of action 5: not coloured.
    assert_eq!(values[area("Lier")], None);
    for _ in 0..9 {
        type_keys(&mut app, "v");
    }
    assert_eq!(app.map.measure, Measure::FilterShare);
    let full = app
        .full
        .applicant_totals(app.full.applicant_by_name("Antwerpen").unwrap());
    assert_eq!(
        app.map_values()[area("Antwerpen")],
        Some(135_000 * 100 * 10_000 / full.unwrap().granted)
    );
    assert!(
        screen(&app).contains("Aandeel van actie 5"),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_click_on_the_map_selects_the_area_under_it() {
    let mut app = app(160, 48);
    type_keys(&mut app, "m");
    let geom = map_draw::geometry(app.size);
    let view = map_draw::view_bounds(&app.map, geom.map);
    let c = geo::get().areas[area("Leuven")].centre;
    let col = geom.map.x + ((c.0 - view.x0) / view.width() * f64::from(geom.map.width)) as u16;
    let row = geom.map.y + ((view.y1 - c.1) / view.height() * f64::from(geom.map.height)) as u16;
    app.update(samenleven::tui::Action::Click { column: col, row });
    assert_eq!(selected_name(&app), "Leuven");
}

#[test]
fn without_colour_the_classes_are_shaded_and_with_colour_filled() {
    let mut app = at("Antwerpen", 160, 48);
    app.theme = Theme::plain();
    type_keys(&mut app, "m");
    let geom = map_draw::geometry(app.size);
    let view = map_draw::view_bounds(&app.map, geom.map);
    // The cell at Antwerpen's centre: the largest amount of the test data, the darkest class.
    let c = geo::get().areas[area("Antwerpen")].centre;
    let col = geom.map.x + ((c.0 - view.x0) / view.width() * f64::from(geom.map.width)) as u16;
    let row = geom.map.y + ((view.y1 - c.1) / view.height() * f64::from(geom.map.height)) as u16;
    let t = render(&app);
    let cell = &t.backend().buffer()[(col, row)];
    // Shaded, unless a border's braille fell on that very cell.
    assert!(
        cell.symbol() == "█"
            || ('\u{2800}'..='\u{28ff}').contains(&cell.symbol().chars().next().unwrap()),
        "{:?}",
        cell.symbol()
    );
    let map_text: String = (geom.map.y..geom.map.y + geom.map.height)
        .flat_map(|y| (geom.map.x..geom.map.x + geom.map.width).map(move |x| (x, y)))
        .map(|p| t.backend().buffer()[p].symbol().to_string())
        .collect();
    assert!(
        map_text.contains('█') && map_text.contains('░'),
        "{map_text}"
    );
    let s = screen(&app);
    assert!(s.contains("geen aanvraag"));
    assert!(s.contains("Statbel") && s.contains("CC BY"), "{s}");
    // In colour the cell's background is the darkest colour and nothing is shaded.
    app.theme = Theme { color: true };
    let t = render(&app);
    assert_eq!(
        t.backend().buffer()[(col, row)].bg,
        ratatui::style::Color::Indexed(19)
    );
    let shaded = (geom.map.y..geom.map.y + geom.map.height)
        .flat_map(|y| (geom.map.x..geom.map.x + geom.map.width).map(move |x| (x, y)))
        .any(|p| t.backend().buffer()[p].symbol() == "█");
    assert!(!shaded);
}

#[test]
fn map_160x48() {
    let mut app = app_with(annex::load_sample().unwrap(), 160, 48);
    let a = app.dataset.applicant_by_name("Harelbeke").unwrap();
    app.jump(Node::Applicant(a));
    type_keys(&mut app, "m");
    insta::assert_snapshot!(render(&app).backend());
}
