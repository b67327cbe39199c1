//! The calls side by side in the explorer (issue 17): a dataset of two calls with known
//! differences (`testkit::two_calls`), driven key by key and rendered without a terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use samenleven::compare;
use samenleven::model::{LineFilter, Province};
use samenleven::testkit;
use samenleven::tui::tree::{Node, SortOrder};
use samenleven::tui::App;
use tui_support::{app_with, detail_text, render, screen, type_keys};

fn app(w: u16, h: u16) -> App {
    app_with(testkit::two_calls(), w, h)
}

/// The line of the screen that holds `needle`.
fn line_with<'a>(s: &'a str, needle: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not on the screen:\n{s}"))
}

const EURO: i64 = 100;

#[test]
fn a_file_of_two_calls_gets_per_call_figures_and_one_call_does_not() {
    let app = app(160, 48);
    let c = app.calls.as_ref().expect("two calls");
    assert_eq!(c.calls.nos, vec![1, 2]);
    assert_eq!(c.total.amounts, vec![391_500 * EURO, 438_500 * EURO]);
    let antwerpen = c.province(Some(Province::Antwerpen)).unwrap();
    assert_eq!(antwerpen.amounts, vec![180_000 * EURO, 170_000 * EURO]);
    let change = antwerpen.changes()[0];
    assert_eq!(change.diff, antwerpen.amounts[1] - antwerpen.amounts[0]);
    assert_eq!(change.permille, Some(-56));
    let vb = c.province(Some(Province::VlaamsBrabant)).unwrap();
    assert_eq!(vb.present, vec![false, false]);

    let single = app_with(tui_support::dataset(), 160, 48);
    assert!(single.calls.is_none());
    assert!(single.breakdown.calls.is_none());
}

#[test]
fn the_explorer_figures_are_those_of_compare() {
    let ds = testkit::two_calls();
    let cmp = compare::build(std::slice::from_ref(&ds)).unwrap();
    let app = app_with(ds, 160, 48);
    let c = app.calls.as_ref().unwrap();
    assert_eq!(c.total.amounts, cmp.total.amounts);
    for (p, row) in Province::ALL.iter().zip(&cmp.provinces) {
        let mine = c.province(Some(*p)).unwrap();
        assert_eq!(
            (&mine.amounts, &mine.present),
            (&row.amounts, &row.present),
            "{p:?}"
        );
    }
    for row in &cmp.applicants {
        let id = app.dataset.applicant_by_name(&row.label).unwrap();
        let mine = c.applicant(id).unwrap();
        assert_eq!(
            (&mine.amounts, &mine.present),
            (&row.amounts, &row.present),
            "{}",
            row.label
        );
    }
    let b = app.breakdown.calls.as_ref().unwrap();
    for (mine, theirs) in b.objectives.iter().zip(&cmp.objectives) {
        assert_eq!(mine.amounts, theirs.amounts, "{}", theirs.label);
    }
}

#[test]
fn a_filter_gives_per_call_figures_of_the_filtered_lines() {
    let mut app = app(160, 48);
    app.set_filter(LineFilter::Action(5));
    let c = app.calls.as_ref().unwrap();
    // Action 5: Antwerpen 100.000 → 120.000, Genk none → 10.000, VGC 120.000 → 126.000.
    assert_eq!(c.total.amounts, vec![220_000 * EURO, 256_000 * EURO]);
    let limburg = c.province(Some(Province::Limburg)).unwrap();
    assert_eq!(limburg.amounts, vec![0, 10_000 * EURO]);
    assert_eq!(limburg.present, vec![false, true]);
    let ds = testkit::two_calls().restricted_to(LineFilter::Action(5));
    let cmp = compare::build(std::slice::from_ref(&ds)).unwrap();
    assert_eq!(c.total.amounts, cmp.total.amounts);
    let s = screen(&app);
    let row = line_with(&s, "▾ Vlaanderen");
    assert!(
        row.contains("€ 220.000") && row.contains("€ 256.000") && row.contains("+€ 36.000"),
        "{row}"
    );
    assert!(
        s.contains("alleen actie 5"),
        "the panes say the filter:\n{s}"
    );
    type_keys(&mut app, "x");
    assert_eq!(
        app.calls.as_ref().unwrap().total.amounts,
        vec![391_500 * EURO, 438_500 * EURO]
    );
}

#[test]
fn s_sorts_on_the_last_call_and_on_the_difference() {
    let mut app = app(160, 48);
    let antwerpen = Node::Province(Some(Province::Antwerpen));
    app.jump(antwerpen);
    type_keys(&mut app, "<enter>");
    let order = |app: &App| -> Vec<String> {
        let i = app.tree.index_of(antwerpen).unwrap();
        app.tree.rows()[i + 1..i + 3]
            .iter()
            .map(|r| match r.node {
                Node::Applicant(a) => app.dataset.applicant(a).unwrap().name.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(app.tree.sort(), SortOrder::Name);
    assert_eq!(order(&app), ["Antwerpen", "Mechelen"]);
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Amount);
    assert_eq!(
        app.message.as_deref(),
        Some("Aanvragers gesorteerd op bedrag in oproep 2")
    );
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Increase);
    // Antwerpen +20.000 before Mechelen -30.000.
    assert_eq!(order(&app), ["Antwerpen", "Mechelen"]);
    assert_eq!(
        app.message.as_deref(),
        Some("Aanvragers gesorteerd op verschil (stijging eerst)")
    );
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Decrease);
    assert_eq!(order(&app), ["Mechelen", "Antwerpen"]);
    assert!(screen(&app).contains("Provincies · op verschil (daling eerst)"));
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Name);
    // The selection stays on its node through the sorts.
    assert_eq!(app.selected(), antwerpen);

    // One call: s still toggles name and amount only.
    let mut single = app_with(tui_support::dataset(), 160, 48);
    type_keys(&mut single, "ss");
    assert_eq!(single.tree.sort(), SortOrder::Name);
}

#[test]
fn the_tree_shows_each_call_the_difference_and_the_marks() {
    let mut app = app(160, 48);
    type_keys(&mut app, "j<enter>jjjj<enter>");
    let s = screen(&app);
    let header = s.lines().nth(2).unwrap();
    for h in ["oproep 1", "oproep 2", "verschil", "%"] {
        assert!(header.contains(h), "{h} in the header: {header}");
    }
    let row = line_with(&s, "▾ Antwerpen");
    for figure in ["€ 180.000", "€ 170.000", "-€ 10.000", "-5,6 %"] {
        assert!(row.contains(figure), "{figure}: {row}");
    }
    let row = line_with(&s, "   Mechelen");
    assert!(
        row.contains("€ 30.000") && row.contains("–") && row.contains("gestopt"),
        "{row}"
    );
    let row = line_with(&s, "   Hasselt");
    assert!(row.contains("+€ 40.000") && row.contains("nieuw"), "{row}");
    let row = line_with(&s, "▾ Vlaanderen");
    for figure in ["€ 391.500", "€ 438.500", "+€ 47.000", "+12,0 %"] {
        assert!(row.contains(figure), "{figure}: {row}");
    }
}

#[test]
fn the_detail_of_an_applicant_has_its_actions_per_call() {
    let mut app = app(160, 48);
    let genk = app.dataset.applicant_by_name("Genk").unwrap();
    app.jump(Node::Applicant(genk));
    let d = detail_text(&app);
    let line = line_with(&d, "Totaal toegekend");
    for figure in ["€ 31.500", "€ 35.000", "+€ 3.500", "+11,1 %"] {
        assert!(line.contains(figure), "{figure}: {line}");
    }
    let line = line_with(&d, "Actie 13");
    assert!(
        line.contains("€ 31.500") && line.contains("€ 25.000") && line.contains("-€ 6.500"),
        "{line}"
    );
    assert!(line.contains("-20,6 %"), "{line}");
    let line = line_with(&d, "Actie 5 ");
    assert!(
        line.contains("+€ 10.000") && line.contains("nieuw"),
        "{line}"
    );
    assert!(
        d.contains("nieuw: geen toekenning in de oproep ervoor"),
        "{d}"
    );
}

#[test]
fn the_detail_of_vlaanderen_has_the_provinces_per_call() {
    let app = app(160, 48);
    let d = detail_text(&app);
    let line = line_with(&d, "Limburg (2)");
    for figure in ["€ 31.500", "€ 75.000", "+€ 43.500", "+138,1 %"] {
        assert!(line.contains(figure), "{figure}: {line}");
    }
    assert!(
        d.contains("6 in oproep 1 · 6 in oproep 2"),
        "applicants per call: {d}"
    );
    assert!(line_with(&d, "Onbekende actie: Buurtfeesten").contains("nieuw"));
}

#[test]
fn the_objectives_pane_has_each_call() {
    let mut app = app(160, 48);
    let s = screen(&app);
    // Objective 2 (action 5 Nederlands): 220.000 → 256.000.
    let row = line_with(&s, "2 Nederlands");
    assert!(
        row.contains("€ 220.000") && row.contains("€ 256.000") && row.contains("+16,4 %"),
        "{row}"
    );
    assert!(
        s.contains("Totaal oproep 2 € 438.500 · verschil +€ 47.000 · +12,0 %"),
        "{s}"
    );
    // Drilled into objective 2: its actions.
    type_keys(&mut app, "<btab>j<enter>");
    let s = screen(&app);
    let row = line_with(&s, "Actie 5 ");
    assert!(row.contains("+€ 36.000"), "{row}");
}

#[test]
fn help_and_hints_name_the_sort_on_the_difference() {
    let mut app = app(160, 48);
    let s = screen(&app);
    assert!(s.contains("s sorteren (ook verschil)"), "{s}");
    type_keys(&mut app, "?");
    let s = screen(&app);
    assert!(s.contains("op verschil met de oproep ervoor"), "{s}");
}

#[test]
fn compact_screens_keep_the_last_call_and_the_change() {
    let mut app = app(80, 24);
    type_keys(&mut app, "j<enter>");
    let s = screen(&app);
    // The tree: the last call and the difference; the objectives pane: difference and %.
    let header = s.lines().nth(2).unwrap();
    assert!(
        header.contains("oproep 2") && header.contains("verschil"),
        "{header}"
    );
    let row = line_with(&s, "▾ Antwerpen");
    assert!(
        row.contains("€ 170.000") && row.contains("-€ 10.000"),
        "{row}"
    );
    assert!(line_with(&s, "▾ Vlaanderen").contains("+€ 47.000"), "{s}");
    assert!(line_with(&s, "4 Werk").contains("gestopt"), "{s}");
}

#[test]
fn a_click_under_the_header_row_selects_that_row() {
    use samenleven::tui::Action;
    let mut app = app(160, 48);
    // Row 0 the tabs, 1 the border, 2 the column headers, 3 Vlaanderen, 4 Antwerpen.
    app.update(Action::Click { column: 5, row: 4 });
    assert_eq!(app.selected(), Node::Province(Some(Province::Antwerpen)));
    app.update(Action::Click { column: 5, row: 2 });
    assert_eq!(
        app.selected(),
        Node::Province(Some(Province::Antwerpen)),
        "the header row selects nothing"
    );
}

/// Antwerpen expanded and selected.
fn province(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    type_keys(&mut app, "j<enter>");
    app
}

#[test]
fn calls_province_160x48() {
    insta::assert_snapshot!(render(&province(160, 48)).backend());
}

#[test]
fn calls_province_80x24() {
    insta::assert_snapshot!(render(&province(80, 24)).backend());
}

#[test]
fn calls_applicant_160x48() {
    let mut app = app(160, 48);
    let genk = app.dataset.applicant_by_name("Genk").unwrap();
    app.jump(Node::Applicant(genk));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn calls_applicant_80x24() {
    let mut app = app(80, 24);
    let genk = app.dataset.applicant_by_name("Genk").unwrap();
    app.jump(Node::Applicant(genk));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn calls_filtered_on_action_5_160x48() {
    let mut app = app(160, 48);
    app.set_filter(LineFilter::Action(5));
    type_keys(&mut app, "ss");
    insta::assert_snapshot!(render(&app).backend());
}
