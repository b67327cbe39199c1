//! The views of the answer's sub-questions (issue 14): tabs switched with the number keys,
//! each a table with totals, sorting, a filter, Enter to the tree and `E` for that view alone.
//! Figures are checked against the dataset, computed here independently of the views.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use samenleven::annex;
use samenleven::model::{LineKind, Province, Target};
use samenleven::money::format_eur;
use samenleven::tui::keys::Mode;
use samenleven::tui::tables::{Shown, Tab};
use samenleven::tui::tree::Node;
use samenleven::tui::App;
use samenleven::views::Value;
use tui_support::{app_with, render, screen, type_keys};

fn sample(w: u16, h: u16) -> App {
    app_with(annex::load_sample().unwrap(), w, h)
}

/// The cells of the rows shown in the current view, as displayed.
fn shown_rows(app: &App) -> Vec<Vec<String>> {
    let v = app.table_view().unwrap();
    v.rows()
        .iter()
        .map(|&r| v.table.rows[r].cells.iter().map(Value::display).collect())
        .collect()
}

fn money_cell(app: &App, row: usize, col: usize) -> i64 {
    let v = app.table_view().unwrap();
    match &v.table.rows[row].cells[col] {
        Value::Money(c) => *c,
        Value::Empty => 0,
        other => panic!("geen bedrag: {other:?}"),
    }
}

/// The row of the current view whose second cell is `name` (a lead, a municipality).
fn row_named<'a>(
    v: &'a samenleven::tui::tables::TableView,
    name: &str,
) -> &'a samenleven::views::Row {
    v.table
        .rows
        .iter()
        .find(|r| r.cells[1] == Value::Text(name.into()))
        .unwrap_or_else(|| panic!("geen rij {name}"))
}

/// The screen line that starts (after the border and gutter) with `start`.
fn line_starting(s: &str, start: &str) -> String {
    s.lines()
        .find(|l| {
            l.trim_start_matches(['┃', '│', ' ', '›'])
                .starts_with(start)
        })
        .unwrap_or_else(|| panic!("geen regel met {start:?}:\n{s}"))
        .to_string()
}

#[test]
fn number_keys_switch_views_and_esc_never_quits() {
    let mut app = sample(160, 48);
    assert_eq!(app.tab, Tab::Overview);
    assert!(screen(&app)
        .lines()
        .next()
        .unwrap()
        .contains("[1 Overzicht]"));
    for (key, tab, name) in [
        ("2", Tab::Collaborations, "[2 Samenwerkingen]"),
        ("3", Tab::Refusals, "[3 Weigeringen]"),
        ("4", Tab::Mentorships, "[4 Mentorschap]"),
        ("5", Tab::Bonds, "[5 Impactobligaties]"),
        ("6", Tab::Actions, "[6 Acties]"),
    ] {
        type_keys(&mut app, key);
        assert_eq!(app.tab, tab);
        assert_eq!(app.mode(), Mode::Table);
        assert!(
            screen(&app).lines().next().unwrap().contains(name),
            "{name}"
        );
    }
    // Esc goes back to the overview, and in the overview Esc does not quit.
    type_keys(&mut app, "<esc>");
    assert_eq!(app.tab, Tab::Overview);
    type_keys(&mut app, "<esc><esc>");
    assert!(!app.should_quit());
    assert_eq!(
        app.message.as_deref(),
        Some("Er is niets open om te sluiten; afsluiten doet q")
    );
    type_keys(&mut app, "3q");
    assert!(app.should_quit());
}

#[test]
fn collaborations_per_province_of_the_lead_with_the_answers_flags() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "2");
    let v = app.table_view().unwrap();
    let t = &v.table;
    // Groups: the six provinces that have a lead, then the listing without partners apart.
    let labels: Vec<&str> = t.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "Antwerpen",
            "Limburg",
            "Oost-Vlaanderen",
            "Vlaams-Brabant",
            "West-Vlaanderen",
            "Zonder partners (geen samenwerking, apart geteld)"
        ]
    );
    let rows = shown_rows(&app);
    // 24 listings of answer 2: Geel's repeat shown once, so 23 rows, VGC apart.
    assert_eq!(rows.len(), 23);
    let v = app.table_view().unwrap();
    assert_eq!(v.table.counted_rows(&v.rows()).len(), 22);
    let boom = rows.iter().find(|r| r[1] == "Boom").unwrap();
    assert_eq!(boom[0], "22");
    assert_eq!(boom[3], "Antwerpen");
    assert!(boom[6].contains("antwoord: Limburg"), "{boom:?}");
    let boom_row = row_named(v, "Boom");
    assert_eq!(boom_row.flags, vec!["provincie-samenwerking"]);
    let boom_group = &v.table.groups[boom_row.group.unwrap()];
    assert_eq!(boom_group.label, "Antwerpen");
    assert_eq!(rows.iter().filter(|r| r[1] == "Geel").count(), 1);
    let geel = row_named(v, "Geel");
    assert!(
        geel.flags.contains(&"dubbele-samenwerking"),
        "{:?}",
        geel.flags
    );
    // The lead's amount: the lead's total in the file, once per lead; the total is their sum.
    let ds = &app.dataset;
    let mut leads = BTreeSet::new();
    let mut expected = 0i64;
    for (_, c) in ds.all_collaborations() {
        if c.partners.is_empty() {
            continue;
        }
        if let Some(a) = ds.find_party_applicant(&c.lead) {
            if leads.insert(a) {
                expected += ds.applicant_totals(a).unwrap().granted;
            }
        }
    }
    let shown: i64 = v.table.sum(5, &v.table.counted_rows(&v.rows()));
    assert_eq!(shown, expected);
    let s = screen(&app);
    let total = line_starting(&s, "Totaal · 22 samenwerkingen");
    assert!(total.contains(&format_eur(expected)), "{total}");
    assert!(total.contains("(zonder 1 apart)"), "{total}");
    let antwerpen = line_starting(&s, "Antwerpen · 5 samenwerkingen");
    let antwerpen_sum: i64 = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| v.table.rows[v.rows()[*i]].group == boom_row.group)
        .map(|(i, _)| money_cell(&app, v.rows()[i], 5))
        .sum();
    assert!(
        antwerpen.contains(&format_eur(antwerpen_sum)),
        "{antwerpen}"
    );
}

#[test]
fn the_filter_keeps_matching_rows_and_the_totals_follow() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "2/temse");
    assert_eq!(app.mode(), Mode::TableFilter);
    let rows = shown_rows(&app);
    // Temse is lead of nr. 11 and partner in nrs. 7 and 10.
    let numbers: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, vec!["7", "10", "11"]);
    type_keys(&mut app, "<enter>");
    assert_eq!(app.mode(), Mode::Table);
    let v = app.table_view().unwrap();
    let sum: i64 = v.rows().iter().map(|&r| money_cell(&app, r, 5)).sum();
    let s = screen(&app);
    let total = line_starting(&s, "Totaal getoond · 3 samenwerkingen");
    assert!(total.contains(&format_eur(sum)), "{total}");
    assert!(s.contains("Filter 'temse': 3 van 23"), "{s}");
    // Letters that are keys elsewhere are typed into the filter.
    type_keys(&mut app, "x/q<bs>");
    assert!(!app.should_quit());
    assert_eq!(shown_rows(&app).len(), 23);
    // Esc in the prompt clears it.
    type_keys(&mut app, "gent<esc>");
    assert_eq!(shown_rows(&app).len(), 23);
    assert_eq!(app.tab, Tab::Collaborations);
}

#[test]
fn sorting_orders_rows_within_their_groups() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "2");
    // Columns: Nr, Trekker, Partners, Provincie partners, Besturen, Trekker kreeg.
    type_keys(&mut app, "ssssss");
    assert_eq!(
        app.message.as_deref(),
        Some("Gesorteerd op Trekker kreeg (aflopend), binnen elke groep")
    );
    let v = app.table_view().unwrap();
    let mut last_group = None;
    let mut last = i64::MAX;
    for r in v.rows() {
        let row = &v.table.rows[r];
        if row.group != last_group {
            last_group = row.group;
            last = i64::MAX;
        }
        let amount = money_cell(&app, r, 5);
        assert!(amount <= last, "niet aflopend in groep {:?}", row.group);
        last = amount;
    }
    type_keys(&mut app, "S");
    assert_eq!(
        app.message.as_deref(),
        Some("Gesorteerd op Trekker kreeg (oplopend), binnen elke groep")
    );
    assert!(screen(&app).contains("op Trekker kreeg ↑"));
}

#[test]
fn enter_goes_to_the_place_in_the_tree() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "2/boom<enter>");
    // The group heading first, then the row.
    type_keys(&mut app, "j<enter>");
    assert_eq!(app.tab, Tab::Overview);
    let boom = app.dataset.applicant_by_name("Boom").unwrap();
    assert_eq!(app.selected(), Node::Applicant(boom));
    // On a heading: the province.
    type_keys(&mut app, "2<home><enter>");
    assert_eq!(app.selected(), Node::Province(Some(Province::Antwerpen)));
}

#[test]
fn refusals_say_there_are_none_and_what_answer_3_says() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "3");
    let s = screen(&app);
    assert!(
        s.contains("Geen weigeringen in dit bestand: geen enkele regel heeft de status geweigerd."),
        "{s}"
    );
    assert!(
        s.contains("Antwoord 3: \"Elke aanvraag kon gehonoreerd worden\""),
        "{s}"
    );
}

#[test]
fn refusals_are_counted_per_province_with_the_amount_asked() {
    let text = "Provincie;Lokaal bestuur;Actie;Toegekend bedrag;Aangevraagd bedrag;Status;Reden\n\
        Oost-Vlaanderen;Gent;Actie 5;€ 10.000,00;€ 10.000,00;goedgekeurd;\n\
        Oost-Vlaanderen;Gent;Actie 9;0;€ 10.000,00;geweigerd;Te laat ingediend\n\
        Oost-Vlaanderen;Aalst;Actie 7;0;2.500,50;geweigerd;Onvoldoende onderbouwd\n\
        Limburg;Hasselt;Actie 5;0;7000;geweigerd;Dubbel met actie 5\n\
        Limburg;Genk;Actie 5;4000;4000;goedgekeurd;\n";
    let ds = annex::load_bytes(
        "weigeringen.csv",
        text.as_bytes(),
        &annex::LoadOptions::default(),
    )
    .unwrap();
    let mut app = app_with(ds, 160, 48);
    type_keys(&mut app, "3");
    let s = screen(&app);
    let ov = line_starting(&s, "Oost-Vlaanderen · 2 weigeringen");
    assert!(ov.contains("€ 12.500,50"), "{ov}");
    let li = line_starting(&s, "Limburg · 1 weigering");
    assert!(li.contains("€ 7.000"), "{li}");
    let total = line_starting(&s, "Totaal · 3 weigeringen");
    assert!(total.contains("€ 19.500,50"), "{total}");
    assert!(s.contains("Onvoldoende onderbouwd"), "{s}");
}

#[test]
fn mentorships_beside_the_applicants_grant_for_that_action() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "4");
    let rows = shown_rows(&app);
    let facts = app.dataset.facts.as_ref().unwrap();
    assert_eq!(rows.len(), facts.mentorships.len());
    let gent = app.dataset.applicant_by_name("Gent").unwrap();
    let for_17: i64 = app
        .dataset
        .grants_of(gent)
        .filter(|g| g.kind == LineKind::Action(17))
        .map(|g| g.amount)
        .sum();
    let row = rows
        .iter()
        .find(|r| r[0] == "Gent" && r[1].starts_with("17 "))
        .unwrap();
    assert_eq!(row[2], "€ 10.000");
    assert_eq!(row[3], format_eur(for_17));
    let s = screen(&app);
    let total = line_starting(&s, &format!("Totaal · {} mentorschappen", rows.len()));
    assert!(
        total.contains(&format_eur(rows.len() as i64 * 1_000_000)),
        "{total}"
    );
}

#[test]
fn the_bond_view_says_it_is_a_stimulus_with_the_line_of_the_file() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "5");
    let rows = shown_rows(&app);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "Sint-Niklaas");
    assert_eq!(rows[0][1], "Stimulans sociale impactobligatie");
    assert_eq!(rows[0][2], "€ 25.000");
    let sn = app.dataset.applicant_by_name("Sint-Niklaas").unwrap();
    let line: i64 = app
        .dataset
        .grants_of(sn)
        .filter(|g| g.kind == LineKind::SocialImpactBond)
        .map(|g| g.amount)
        .sum();
    assert_eq!(rows[0][4], format_eur(line));
    let s = screen(&app);
    assert!(
        s.contains("Antwoord 8 noemt geen aangegane obligatie"),
        "{s}"
    );
    type_keys(&mut app, "j<enter>");
    assert_eq!(app.selected(), Node::Applicant(sn));
}

#[test]
fn actions_with_totals_and_their_applicants_on_enter() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "6");
    let v = app.table_view().unwrap();
    let actions: Vec<&samenleven::views::Row> = v
        .table
        .rows
        .iter()
        .filter(|r| matches!(r.target, Some(Target::Action(_))))
        .collect();
    assert_eq!(actions.len(), 24);
    // The table adds up to everything granted.
    assert_eq!(v.table.sum(2, &v.rows()), app.dataset.total_granted());
    let a5 = actions
        .iter()
        .find(|r| r.target == Some(Target::Action(5)))
        .unwrap();
    let t5 = app.dataset.action_totals(5).unwrap().clone();
    assert_eq!(a5.cells[2], Value::Money(t5.granted));
    assert_eq!(a5.cells[3], Value::Count(t5.applicants.len() as u64));
    assert_eq!(a5.cells[4], Value::Count(t5.represented.len() as u64));
    let units: u64 = app
        .dataset
        .grants
        .iter()
        .filter(|g| g.kind == LineKind::Action(5) && g.is_granted())
        .filter_map(|g| g.units.get(0))
        .map(u64::from)
        .sum();
    let kpi = a5.cells[5].display();
    assert!(
        kpi.starts_with(
            &samenleven::money::count(units as usize, "", "")
                .trim()
                .to_string()
        ),
        "{kpi} / {units}"
    );
    // Enter on action 5: its applicants.
    type_keys(&mut app, "/oefen<enter>j<enter>");
    let v = app.table_view().unwrap();
    assert_eq!(
        v.table.kind,
        samenleven::views::TableKind::ActionApplicants(5)
    );
    assert_eq!(v.rows().len(), t5.applicants.len());
    assert_eq!(v.table.sum(1, &v.rows()), t5.granted);
    let s = screen(&app);
    assert!(
        line_starting(&s, "Totaal · 38 aanvragers").contains("€ 3.389.566"),
        "{s}"
    );
    // Back: the list of actions, action 5 selected.
    type_keys(&mut app, "<esc>");
    let v = app.table_view().unwrap();
    assert_eq!(v.table.kind, samenleven::views::TableKind::Actions);
    assert_eq!(v.target(), Some(Target::Action(5)));
    // Enter on an applicant of the action goes to the tree.
    type_keys(&mut app, "<enter><home>j<enter>");
    assert_eq!(app.tab, Tab::Overview);
    assert!(matches!(app.selected(), Node::Applicant(_)));
}

#[test]
fn enter_on_an_action_in_the_objectives_pane_opens_it_in_the_actions_view() {
    let mut app = sample(160, 48);
    // Objectives pane, objective 2 Nederlands, its actions, action 5.
    type_keys(&mut app, "<tab><tab>j<enter>j<enter>");
    assert_eq!(app.tab, Tab::Actions);
    let v = app.table_view().unwrap();
    assert_eq!(
        v.table.kind,
        samenleven::views::TableKind::ActionApplicants(5)
    );
    // ← back from the objective's actions still works in the pane.
    type_keys(&mut app, "1");
    assert_eq!(app.tab, Tab::Overview);
    assert_eq!(app.objectives.drill, Some(2));
    type_keys(&mut app, "<left>");
    assert_eq!(app.objectives.drill, None);
}

#[test]
fn under_a_tree_filter_the_views_count_only_the_filtered_lines() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "/oefen<enter>2");
    let v = app.table_view().unwrap();
    let harelbeke = row_named(v, "Harelbeke");
    let a = app.full.applicant_by_name("Harelbeke").unwrap();
    let for_5: i64 = app
        .full
        .grants_of(a)
        .filter(|g| g.kind == LineKind::Action(5))
        .map(|g| g.amount)
        .sum();
    assert_eq!(harelbeke.cells[5], Value::Money(for_5));
    assert!(
        screen(&app).contains("alleen actie 5 Oefenkansen"),
        "title says the filter"
    );
    // Clearing the tree filter rebuilds the view with all the money.
    type_keys(&mut app, "1x2");
    let v = app.table_view().unwrap();
    let harelbeke = row_named(v, "Harelbeke");
    assert_eq!(
        harelbeke.cells[5],
        Value::Money(app.full.applicant_totals(a).unwrap().granted)
    );
}

fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn e_in_a_filtered_view_writes_that_sheet_with_the_rows_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(160, 48);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "2/temse<enter>E");
    // The prompt says what it writes.
    assert!(screen(&app).contains("Exporteren: blad Samenwerkingen, 3 van 23 rijen"));
    type_keys(&mut app, "<enter>");
    app.wait_for_export();
    let path = app.last_export.clone().unwrap();
    let msg = app.message.clone().unwrap();
    assert!(
        msg.starts_with(
            "Werkmap geschreven (blad Samenwerkingen, 3 van 23 rijen (filter 'temse')): "
        ),
        "{msg}"
    );
    let bytes = std::fs::read(&path).unwrap();
    let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Samenwerkingen", "Bron"]);
    let rows = sheet_rows(&bytes, "Samenwerkingen");
    let listed: Vec<&str> = rows
        .iter()
        .filter(|r| r.last().map(String::as_str) == Some("samenwerking"))
        .map(|r| r[2].as_str())
        .collect();
    assert_eq!(listed, vec!["Kruibeke", "Sint-Gillis-Waas", "Temse"]);
    // The grand total of the sheet is the view's total.
    let v = app.table_view().unwrap();
    let view_total: i64 = v.rows().iter().map(|&r| money_cell(&app, r, 5)).sum();
    let grand = rows
        .iter()
        .find(|r| r.last().map(String::as_str) == Some("algemeen totaal"))
        .unwrap();
    assert_eq!(grand[6], format!("{}", view_total / 100));
    // Unfiltered, the actions view writes the Doelstellingen sheet.
    type_keys(&mut app, "6E<enter>");
    app.wait_for_export();
    let bytes = std::fs::read(app.last_export.clone().unwrap()).unwrap();
    let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Doelstellingen", "Bron"]);
}

#[test]
fn views_of_the_answer_say_when_the_data_is_not_call_1() {
    let mut app = app_with(tui_support::dataset_for_call(Some(2), false), 160, 48);
    for key in ["2", "4", "5"] {
        type_keys(&mut app, key);
        let s = screen(&app);
        assert!(
            s.contains("Antwoord 492 hoort bij oproep 1 (2022-2023); dit bestand is oproep 2."),
            "{key}:\n{s}"
        );
    }
}

#[test]
fn every_view_draws_at_80x24() {
    let mut app = sample(80, 24);
    for key in ["2", "3", "4", "5", "6"] {
        type_keys(&mut app, key);
        let s = screen(&app);
        assert!(s.contains("Totaal"), "{key}:\n{s}");
        assert!(!s.contains("Venster te klein"), "{key}");
        let _ = render(&app);
    }
    // The selected line is marked without colour.
    type_keys(&mut app, "2j");
    let v = app.table_view().unwrap();
    assert!(matches!(v.shown[1], Shown::Row(_)));
    assert!(screen(&app).lines().any(|l| l.starts_with("┃›")));
}
