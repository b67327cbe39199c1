//! The explorer without a terminal: key sequences → state, and whole screens as snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use samenleven::tui::app::Pane;
use samenleven::tui::detail::NO_FACTS;
use samenleven::tui::keys::Action;
use samenleven::tui::tree::{Node, SortOrder};
use samenleven::tui::view;
use tui_support::{app, app_with, applicant_named, detail_text, screen, type_keys};

#[test]
fn starts_on_vlaanderen_with_the_provinces_visible() {
    let app = app(80, 24);
    assert_eq!(app.selected(), Node::All);
    // Vlaanderen and the six provinces (Brussel included).
    assert_eq!(app.tree.rows().len(), 7);
    assert_eq!(app.breakdown.total, app.dataset.total_granted());
    assert!(detail_text(&app).contains("Per provincie"));
}

#[test]
fn arrows_and_vim_keys_walk_into_a_province_and_back() {
    let mut app = app(200, 60);
    type_keys(&mut app, "jl");
    assert_eq!(
        app.selected(),
        Node::Province(Some(samenleven::model::Province::Antwerpen))
    );
    assert!(app.tree.is_expanded(app.selected()));
    type_keys(&mut app, "j");
    // Sorted by name: Antwerpen, Geel, Lier, Mechelen.
    assert_eq!(app.selected(), applicant_named(&app, "Antwerpen"));
    let d = detail_text(&app);
    assert!(d.contains("Acties per doelstelling"), "{d}");
    assert!(d.contains("KPI: 2.250 volwassen anderstaligen"), "{d}");
    assert!(
        d.contains("Mentorschapstoeslag: Mentorschap (actie 5)"),
        "{d}"
    );
    type_keys(&mut app, "<down><down><down>");
    assert_eq!(app.selected(), applicant_named(&app, "Mechelen"));
    // h goes to the parent, then collapses it.
    type_keys(&mut app, "h");
    assert_eq!(
        app.selected(),
        Node::Province(Some(samenleven::model::Province::Antwerpen))
    );
    type_keys(&mut app, "h");
    assert!(!app.tree.is_expanded(app.selected()));
    assert_eq!(app.tree.rows().len(), 7);
}

#[test]
fn a_lead_applicant_expands_to_its_partners_and_shows_the_collaboration() {
    let mut app = app(200, 60);
    // Last province is West-Vlaanderen; its first applicant by name is Harelbeke.
    type_keys(&mut app, "<end><enter>j");
    assert_eq!(app.selected(), applicant_named(&app, "Harelbeke"));
    let d = detail_text(&app);
    assert!(
        d.contains("Harelbeke (trekker): Waregem, Zwevegem, Kuurne — antwoord 2, nr. 1"),
        "{d}"
    );
    assert!(d.contains("Geweigerd: Aanvraag te laat ingediend"), "{d}");
    assert!(
        d.contains("Toelichting: Gezamenlijk actieplan polarisatie"),
        "{d}"
    );
    type_keys(&mut app, " ");
    let lead = app.dataset.applicant_by_name("Harelbeke").unwrap();
    assert!(app.tree.is_expanded(Node::Applicant(lead)));
    type_keys(&mut app, "j");
    assert_eq!(app.selected(), Node::Partner { lead, index: 0 });
    let d = detail_text(&app);
    assert!(d.starts_with("Waregem"), "{d}");
    assert!(
        d.contains("Partner in de samenwerking geleid door Harelbeke"),
        "{d}"
    );
    assert!(d.contains("Eigen aanvraag"), "{d}");
    // Zwevegem did not apply itself: → stays.
    type_keys(&mut app, "jl");
    assert!(detail_text(&app).contains("Diende zelf geen aanvraag in."));
    assert_eq!(app.selected(), Node::Partner { lead, index: 1 });
    // Waregem did: → jumps to its own application.
    type_keys(&mut app, "kl");
    assert_eq!(app.selected(), applicant_named(&app, "Waregem"));
    assert!(detail_text(&app).contains("Totaal toegekend"));
}

#[test]
fn sorting_by_amount_keeps_the_selection() {
    let mut app = app(80, 24);
    type_keys(&mut app, "jlj");
    let antwerpen = applicant_named(&app, "Antwerpen");
    assert_eq!(app.selected(), antwerpen);
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Amount);
    assert_eq!(app.selected(), antwerpen);
    assert_eq!(
        app.message.as_deref(),
        Some("Aanvragers gesorteerd op bedrag")
    );
    // By amount in Antwerpen: Antwerpen, Geel (79.000), Mechelen (83.200) → Mechelen before Geel.
    let order: Vec<Node> = app
        .tree
        .rows()
        .iter()
        .skip(2)
        .take(4)
        .map(|r| r.node)
        .collect();
    assert_eq!(
        order,
        vec![
            antwerpen,
            applicant_named(&app, "Mechelen"),
            applicant_named(&app, "Geel"),
            applicant_named(&app, "Lier"),
        ]
    );
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Name);
}

#[test]
fn objectives_follow_the_selection_and_drill_into_actions() {
    let mut app = app(200, 60);
    type_keys(&mut app, "<end>lj");
    let harelbeke = app.dataset.applicant_by_name("Harelbeke").unwrap();
    assert_eq!(app.breakdown.total, 52_000 * 100);
    assert_eq!(app.breakdown.objectives[0], 25_000 * 100);
    assert_eq!(app.breakdown.objectives[1], 27_000 * 100);
    assert_eq!(
        app.breakdown.total,
        app.dataset.applicant_totals(harelbeke).unwrap().granted
    );
    type_keys(&mut app, "<tab><tab>");
    assert_eq!(app.focus, Pane::Objectives);
    type_keys(&mut app, "j<enter>");
    assert_eq!(app.objectives.drill, Some(2));
    // Objective 2 has actions 4 and 5.
    assert_eq!(app.objective_rows(), 2);
    assert!(screen(&app).contains("Actie 5 Oefenkansen"));
    type_keys(&mut app, "h");
    assert_eq!(app.objectives.drill, None);
    assert_eq!(app.objectives.list.selected, 1);
    // Back in the tree, the breakdown follows the selection.
    type_keys(&mut app, "<btab><btab><home>");
    assert_eq!(app.focus, Pane::Tree);
    assert_eq!(app.breakdown.total, app.dataset.total_granted());
}

#[test]
fn other_lines_are_totalled_apart_from_the_objectives() {
    let mut app = app(200, 60);
    let sn = app.dataset.applicant_by_name("Sint-Niklaas").unwrap();
    app.jump(Node::Applicant(sn));
    let b = &app.breakdown;
    let labels: Vec<&str> = b.other.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        labels,
        vec!["Mentorschap", "Stimulans sociale impactobligatie"]
    );
    let objectives: i64 = b.objectives.iter().sum();
    let other: i64 = b.other.iter().map(|o| o.amount).sum();
    assert_eq!(objectives + other, b.total);
    let d = detail_text(&app);
    assert!(d.contains("Stimulans sociale impactobligatie"), "{d}");
    assert!(
        d.contains("Stimulans sociale impactobligatie (antwoord 8)"),
        "{d}"
    );
    assert!(d.contains("Bijgestaan door: "), "{d}");
    assert!(d.contains("stadskrachten van AP Hogeschool"), "{d}");
}

#[test]
fn an_unknown_action_under_an_objective_is_a_row_of_that_objective() {
    // Vilvoorde: action 14 and "Buurtfeesten in de zomer", which the file puts under Netwerk.
    let mut app = app(200, 60);
    let vilvoorde = app.dataset.applicant_by_name("Vilvoorde").unwrap();
    app.jump(Node::Applicant(vilvoorde));
    let b = &app.breakdown;
    assert_eq!(b.objectives[4], (37_800 + 5_000) * 100);
    assert!(b.other.is_empty(), "{:?}", b.other);
    let objectives: i64 = b.objectives.iter().sum();
    assert_eq!(objectives, b.total);
    // Drilled into Netwerk: its four actions and the unknown one, adding up to its total.
    type_keys(&mut app, "<tab><tab>jjjj<enter>");
    assert_eq!(app.objectives.drill, Some(5));
    assert_eq!(app.objective_rows(), 5);
    let rows: i64 = (12..=15).map(|no| app.breakdown.action(no)).sum::<i64>()
        + app
            .breakdown
            .objective_unknown(5)
            .map(|o| o.amount)
            .sum::<i64>();
    assert_eq!(rows, app.breakdown.objectives[4]);
    let s = screen(&app);
    assert!(
        s.contains("• Onbekende actie: Buurtfeesten in de zomer"),
        "{s}"
    );
    // The detail lists it under Netwerk, not among the other lines.
    let d = detail_text(&app);
    let netwerk = d.find("5 Netwerk").unwrap();
    let buurtfeesten = d.find("Onbekende actie: Buurtfeesten in de zomer").unwrap();
    assert!(netwerk < buurtfeesten, "{d}");
    assert!(!d.contains("Andere lijnen"), "{d}");
}

#[test]
fn an_unknown_call_says_so_with_the_way_out_in_the_status_line() {
    for (w, h, expected) in [
        (
            200,
            60,
            "oproep onbekend: start met --oproep 1 als dit bijlage 1 bij vraag 492 is",
        ),
        (80, 24, "oproep onbekend (start met --oproep 1)"),
    ] {
        let app = app_with(tui_support::dataset_for_call(None, false), w, h);
        let s = screen(&app);
        let status = s.lines().rev().nth(1).unwrap();
        assert!(status.contains(expected), "{w}x{h}: {status}");
    }
    // A call without published figures says so; a call with figures is just named.
    let app = app_with(tui_support::dataset_for_call(Some(4), false), 200, 60);
    let s = screen(&app);
    assert!(s.contains("oproep 4 (geen gepubliceerde cijfers)"), "{s}");
    let app = app_with(tui_support::dataset_for_call(Some(2), false), 200, 60);
    let status = screen(&app).lines().rev().nth(1).unwrap().to_string();
    assert!(status.contains("· oproep 2 "), "{status}");
    assert!(!status.contains("--oproep"), "{status}");
}

#[test]
fn help_opens_closes_and_quits() {
    let mut app = app(80, 24);
    type_keys(&mut app, "?");
    assert!(app.overlay.is_some());
    // Keys of the panes do nothing under the help.
    type_keys(&mut app, "s");
    assert_eq!(app.tree.sort(), SortOrder::Name);
    type_keys(&mut app, "<esc>");
    assert!(app.overlay.is_none());
    assert!(!app.should_quit());
    type_keys(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn other_calls_say_the_answer_facts_are_not_available() {
    let mut app = app_with(tui_support::dataset_for_call(Some(2), false), 200, 60);
    assert!(detail_text(&app).contains(NO_FACTS));
    type_keys(&mut app, "<end>lj");
    assert_eq!(app.selected(), applicant_named(&app, "Harelbeke"));
    let d = detail_text(&app);
    assert!(d.contains(NO_FACTS), "{d}");
    assert!(!d.contains("trekker"), "{d}");
    let s = screen(&app);
    assert!(s.contains("oproep 2"));
    assert!(!s.contains("VOORBEELD"));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = app(80, 24);
    // Row 0 holds the tabs, row 1 the border, row 2 Vlaanderen, row 3 Antwerpen.
    app.update(Action::Click { column: 5, row: 3 });
    assert_eq!(
        app.selected(),
        Node::Province(Some(samenleven::model::Province::Antwerpen))
    );
    // Clicking the selected row toggles it.
    app.update(Action::Click { column: 5, row: 3 });
    assert!(app.tree.is_expanded(app.selected()));
    // The detail pane is right of the tree, at the top.
    app.update(Action::ScrollDown { column: 50, row: 4 });
    assert_eq!(app.detail_offset, 3);
    app.update(Action::ScrollUp { column: 50, row: 4 });
    assert_eq!(app.detail_offset, 0);
    app.update(Action::Click { column: 50, row: 4 });
    assert_eq!(app.focus, Pane::Detail);
    // A click on a tab shows its view.
    app.update(Action::Click { column: 16, row: 0 });
    assert_eq!(app.tab, samenleven::tui::tables::Tab::Collaborations);
}

#[test]
fn page_keys_and_resize_keep_the_selection_visible() {
    let mut app = app(80, 24);
    // Expand every province, bottom up.
    type_keys(&mut app, "<end><enter>");
    for _ in 0..5 {
        type_keys(&mut app, "<up><enter>");
    }
    let rows = app.tree.rows().len();
    assert!(rows > 20, "{rows}");
    type_keys(&mut app, "<end>");
    assert_eq!(app.tree_state.selected, rows - 1);
    assert!(app.tree_state.offset > 0);
    app.update(Action::Resize {
        width: 160,
        height: 48,
    });
    assert_eq!(app.tree_state.offset, 0);
    type_keys(&mut app, "<pgup><pgup><pgup>");
    assert_eq!(app.tree_state.selected, 0);
    assert!(screen(&app).contains("›▾ Vlaanderen"));
}

#[test]
fn too_small_terminals_get_a_short_message() {
    let narrow = app(79, 24);
    assert!(screen(&narrow).contains("Venster te klein: minimaal 80×24"));
    let low = app(100, 23);
    assert!(screen(&low).contains("Venster te klein"));
}

#[test]
fn every_size_renders_without_panic() {
    let mut a = app(80, 24);
    type_keys(&mut a, "<end>lj ?");
    let mut b = app(80, 24);
    type_keys(&mut b, "jlj<tab><tab>j<enter>");
    // The tree filtered by a search.
    let mut c = app(80, 24);
    type_keys(&mut c, "/oefen<enter>");
    assert!(c.filter.is_some());
    // Every size for the help over a collaboration; the drilled objectives around the minimum
    // size and at the extremes.
    let around_minimum: Vec<u16> = [1, 2, 3, 40]
        .into_iter()
        .chain(76..=84)
        .chain([200])
        .collect();
    for (app, widths) in [
        (&mut a, (1..=200u16).collect::<Vec<_>>()),
        (&mut b, around_minimum.clone()),
        (&mut c, around_minimum),
    ] {
        for w in widths {
            for h in 1..=60u16 {
                app.update(Action::Resize {
                    width: w,
                    height: h,
                });
                // Straight into a buffer: a Terminal would only add its diffing.
                let area = ratatui::layout::Rect::new(0, 0, w, h);
                let mut buf = ratatui::buffer::Buffer::empty(area);
                view::render(app, area, &mut buf);
            }
        }
    }
}

/// Every size with the search popup and the checks pane open.
#[test]
fn every_size_renders_the_popups_without_panic() {
    let mut a = app(80, 24);
    type_keys(&mut a, "/gent<down>");
    let mut b = app(80, 24);
    type_keys(&mut b, "c<down>");
    for app in [&mut a, &mut b] {
        for w in 1..=200u16 {
            for h in 1..=60u16 {
                app.update(Action::Resize {
                    width: w,
                    height: h,
                });
                let area = ratatui::layout::Rect::new(0, 0, w, h);
                let mut buf = ratatui::buffer::Buffer::empty(area);
                view::render(app, area, &mut buf);
            }
        }
    }
    assert!(a.overlay.is_some() && b.overlay.is_some());
}

#[test]
fn go_to_shows_search_hits_and_check_findings() {
    use samenleven::model::Target;
    use samenleven::reference::{self, NameTarget};
    let mut app = app(200, 60);
    let municipality = |name: &str| match reference::get().resolve_name(name).0 {
        Some(NameTarget::Municipality(m)) => m,
        other => panic!("{name}: {other:?}"),
    };
    // A partner that did not apply: its row under the lead.
    assert!(app.go_to(Target::Municipality(municipality("Zwevegem"))));
    let lead = app.dataset.applicant_by_name("Harelbeke").unwrap();
    assert_eq!(app.selected(), Node::Partner { lead, index: 1 });
    assert_eq!(app.focus, Pane::Tree);
    // An action opens its objective in the objectives pane, on the action's row.
    assert!(app.go_to(Target::Action(5)));
    assert_eq!(app.objectives.drill, Some(2));
    assert_eq!(app.objectives.list.selected, 1);
    assert_eq!(app.focus, Pane::Objectives);
    type_keys(&mut app, "h");
    assert_eq!(app.objectives.list.selected, 1, "back on objective 2");
    // A mentorship of answer 7 goes to the applicant it names.
    assert!(app.go_to(Target::Mentorship(0)));
    assert_eq!(app.selected(), applicant_named(&app, "Oostende"));
    // A place that is not in the data says so.
    assert!(!app.go_to(Target::Applicant(9999)));
    assert_eq!(
        app.message.as_deref(),
        Some("Deze plaats komt niet voor in dit bestand")
    );
    assert_eq!(app.selected(), applicant_named(&app, "Oostende"));
}
