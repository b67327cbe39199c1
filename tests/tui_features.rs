//! Search, checks and export in the explorer, driven key by key on the bundled sample.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use samenleven::annex;
use samenleven::checks::Severity;
use samenleven::export::Scope;
use samenleven::model::{LineFilter, LineKind, Province, Target};
use samenleven::search::{self, Kind};
use samenleven::tui::app::{Overlay, Pane};
use samenleven::tui::keys::{Action, Mode};
use samenleven::tui::tree::Node;
use samenleven::tui::App;
use tui_support::{app_with, applicant_named, screen, type_keys};

fn sample(w: u16, h: u16) -> App {
    app_with(annex::load_sample().unwrap(), w, h)
}

fn search_state(app: &App) -> &samenleven::tui::app::SearchState {
    match &app.overlay {
        Some(Overlay::Search(st)) => st,
        other => panic!("geen zoekvenster: {other:?}"),
    }
}

fn visible_applicants(app: &App) -> Vec<u32> {
    app.tree
        .rows()
        .iter()
        .filter_map(|r| match r.node {
            Node::Applicant(a) => Some(a),
            _ => None,
        })
        .collect()
}

#[test]
fn search_updates_at_every_key_and_enter_selects_the_place() {
    let mut app = sample(80, 24);
    type_keys(&mut app, "/");
    assert_eq!(app.mode(), Mode::Search);
    assert!(search_state(&app).hits.is_empty());
    type_keys(&mut app, "sint");
    let after_sint = search_state(&app).hits.clone();
    assert!(!after_sint.is_empty());
    type_keys(&mut app, " genesius");
    let st = search_state(&app);
    assert_eq!(st.query, "sint genesius");
    assert_ne!(st.hits, after_sint, "the hits follow the query");
    let first = &st.hits[0];
    assert_eq!(first.kind, Kind::Gemeente);
    assert!(first.label.starts_with("Sint-Genesius-Rode"), "{first:?}");
    let s = screen(&app);
    assert!(s.contains("Sint-Genesius-Rode"), "{s}");
    assert!(s.contains("gemeente"), "{s}");
    // Enter: Sint-Genesius-Rode did not apply; it is shown as Beersel's partner.
    type_keys(&mut app, "<enter>");
    assert!(app.overlay.is_none());
    let beersel = app.dataset.applicant_by_name("Beersel").unwrap();
    let Node::Partner { lead, index } = app.selected() else {
        panic!("{:?}", app.selected());
    };
    assert_eq!(lead, beersel);
    assert_eq!(
        app.tree.partner(lead, index).unwrap().name,
        "Sint-Genesius-Rode"
    );
    assert_eq!(app.focus, Pane::Tree);
    assert!(app.message.as_deref().unwrap().starts_with("Gevonden: "));
}

#[test]
fn keys_of_the_panes_are_text_in_the_search_popup() {
    let mut app = sample(80, 24);
    type_keys(&mut app, "/jqc?e");
    assert!(!app.should_quit());
    assert_eq!(search_state(&app).query, "jqc?e");
    // Backspace deletes; the hits are those of the shorter query.
    let mut b = sample(80, 24);
    type_keys(&mut b, "/wemmelx<bs>");
    let mut c = sample(80, 24);
    type_keys(&mut c, "/wemmel");
    assert_eq!(search_state(&b).query, "wemmel");
    assert_eq!(search_state(&b).hits, search_state(&c).hits);
}

#[test]
fn up_and_down_choose_and_esc_restores_the_view() {
    let mut app = sample(80, 24);
    let gent = applicant_named(&app, "Gent");
    app.jump(gent);
    let rows = app.tree.rows().to_vec();
    let tree_state = app.tree_state;
    type_keys(&mut app, "/oefen");
    assert!(search_state(&app).hits.len() >= 2);
    type_keys(&mut app, "<down>");
    assert_eq!(search_state(&app).list.selected, 1);
    type_keys(&mut app, "<up><up>");
    assert_eq!(search_state(&app).list.selected, 0);
    type_keys(&mut app, "<esc>");
    assert!(app.overlay.is_none());
    assert!(!app.should_quit());
    assert_eq!(app.selected(), gent);
    assert_eq!(app.tree.rows(), rows.as_slice());
    assert_eq!(app.tree_state, tree_state);
    assert!(app.filter.is_none());
}

/// The granted cents of applicant `a`'s lines of action `no`, straight from the lines.
fn action_cents(ds: &samenleven::model::Dataset, a: u32, no: u8) -> i64 {
    ds.grants
        .iter()
        .filter(|g| g.applicant == a && g.is_granted() && g.kind == LineKind::Action(no))
        .map(|g| g.amount)
        .sum()
}

/// The tree pane's cell of the screen row that shows `name`, as text.
fn tree_row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .filter_map(|l| l.split(['┃', '│']).nth(1))
        .find(|cell| cell.contains(&format!(" {name} ")))
        .unwrap_or_else(|| panic!("{name} not in the tree:\n{screen}"))
}

#[test]
fn an_action_hit_filters_the_tree_until_cleared() {
    let mut app = sample(160, 48);
    let all_rows = app.tree.rows().len();
    type_keys(&mut app, "/oefen");
    let hit = search_state(&app).hits[0].clone();
    assert_eq!(hit.kind, Kind::Actie);
    assert_eq!(hit.target, Target::Action(5));
    type_keys(&mut app, "<enter>");
    let expected = search::applicants_of(&app.full, &Target::Action(5));
    assert!(expected.len() > 1);
    let f = app.filter.clone().expect("filter");
    assert_eq!(f.lines, LineFilter::Action(5));
    assert_eq!(f.label, "actie 5 Oefenkansen Nederlands organiseren");
    // Only those applicants are in the tree, every one of them visible.
    let mut shown = visible_applicants(&app);
    shown.sort_unstable();
    assert_eq!(shown, expected);
    // Every amount is that of action 5: Vlaanderen € 3.389.566 (the published figure the
    // sample is calibrated to), each applicant its action 5 lines, each province their sum.
    let s = screen(&app);
    assert!(tree_row(&s, "Vlaanderen").contains(" € 3.389.566"), "{s}");
    assert!(!s.contains("€ 14.136.359"), "{s}");
    for a in &expected {
        let cents = action_cents(&app.full, *a, 5);
        assert_eq!(app.dataset.applicant_totals(*a).unwrap().granted, cents);
    }
    let by_province: i64 = samenleven::model::Province::ALL
        .iter()
        .map(|p| app.dataset.province_totals(Some(*p)).granted)
        .sum();
    assert_eq!(by_province, 338_956_600);
    // The panes say the filter in their titles; the objectives pane totals action 5 only.
    assert!(s.contains("Provincies · op naam · alleen actie 5"), "{s}");
    assert!(s.contains("Detail · Vlaanderen · alleen actie 5"), "{s}");
    assert!(s.contains("Acties · Vlaanderen · alleen actie 5"), "{s}");
    assert_eq!(app.breakdown.total, 338_956_600);
    let msg = app.message.clone().unwrap();
    assert_eq!(
        msg,
        format!(
            "Filter (x of Esc wist): {} aanvragers met actie 5 Oefenkansen Nederlands \
             organiseren, samen € 3.389.566",
            expected.len()
        )
    );
    assert_eq!(
        app.objectives.drill,
        Some(2),
        "action 5 opened in objective 2"
    );
    assert_eq!(app.focus, Pane::Tree);
    assert!(s.contains("Filter: actie 5"));
    // An applicant under the filter: its detail lists only its action 5 lines.
    let gent = app.full.applicant_by_name("Gent").unwrap();
    assert!(app
        .dataset
        .grants_of(gent)
        .all(|g| g.kind == LineKind::Action(5)));
    assert!(app
        .full
        .grants_of(gent)
        .any(|g| g.kind != LineKind::Action(5)));
    // x clears the filter; the tree shows everything again, with all the money.
    type_keys(&mut app, "x");
    assert!(app.filter.is_none());
    assert!(visible_applicants(&app).len() > expected.len());
    assert_eq!(
        app.message.as_deref(),
        Some("Filter gewist: alle regels tellen weer")
    );
    assert!(tree_row(&screen(&app), "Vlaanderen").contains(" € 14.136.359"));
    // Esc clears it too, and never quits (q does).
    type_keys(&mut app, "/oefen<enter>");
    assert!(app.filter.is_some());
    type_keys(&mut app, "<esc>");
    assert!(app.filter.is_none());
    assert!(!app.should_quit());
    assert!(app.tree.rows().len() >= all_rows);
    type_keys(&mut app, "x");
    assert_eq!(app.message.as_deref(), Some("Er is geen filter actief"));
    type_keys(&mut app, "<esc>");
    assert!(!app.should_quit());
    assert_eq!(
        app.message.as_deref(),
        Some("Er is niets open om te sluiten; afsluiten doet q")
    );
    type_keys(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn an_objective_hit_counts_the_lines_of_that_objective() {
    let mut app = sample(160, 48);
    app.set_filter(LineFilter::Objective(5));
    let full = &app.full;
    assert_eq!(app.dataset.total_granted(), full.objective_total(5));
    assert_eq!(app.breakdown.total, full.objective_total(5));
    for o in 1..=7u8 {
        let expected = if o == 5 { full.objective_total(5) } else { 0 };
        assert_eq!(
            app.breakdown.objectives[usize::from(o) - 1],
            expected,
            "{o}"
        );
    }
    assert!(screen(&app).contains("alleen doelstelling 5"));
}

#[test]
fn jumping_to_an_applicant_outside_the_filter_clears_it() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "/oefen<enter>");
    let inside = search::applicants_of(&app.full, &Target::Action(5));
    let outside = (0..app.dataset.applicants.len() as u32)
        .find(|a| !inside.contains(a))
        .unwrap();
    assert!(app.go_to(Target::Applicant(outside)));
    assert_eq!(app.selected(), Node::Applicant(outside));
    assert!(app.filter.is_none());
    assert_eq!(app.dataset.total_granted(), app.full.total_granted());
}

#[test]
fn the_status_line_counts_the_findings() {
    let app = sample(160, 48);
    assert_eq!(app.finding_count(Severity::Fout), 0);
    let w = app.finding_count(Severity::Waarschuwing);
    assert!(w > 0);
    let s = screen(&app);
    assert!(
        s.contains(&format!("Controles: 0 fouten · {w} waarschuwingen")),
        "{s}"
    );
    // At 80 columns a shorter form.
    let s = screen(&sample(80, 24));
    let first_status = s.lines().nth(22).unwrap();
    assert!(
        first_status.contains(&format!("0 fout. · {w} waarsch.")),
        "{first_status}"
    );
    assert!(first_status.contains("VOORBEELD"), "{first_status}");
}

#[test]
fn checks_pane_lists_findings_and_enter_jumps_to_the_place() {
    let mut app = sample(80, 24);
    type_keys(&mut app, "c");
    assert_eq!(app.mode(), Mode::Checks);
    let s = screen(&app);
    assert!(s.contains("Controles · 0 fouten"), "{s}");
    assert!(s.contains("waarschuwing"), "{s}");
    // Walk down to the Boom finding (answer 2 lists Boom under Limburg).
    let boom = app
        .findings
        .iter()
        .position(|f| f.place.contains("Boom"))
        .unwrap();
    for _ in 0..boom {
        type_keys(&mut app, "j");
    }
    let Some(Overlay::Checks(st)) = &app.overlay else {
        panic!()
    };
    assert_eq!(st.list.selected, boom);
    assert!(screen(&app).contains("›waarschuwing antwoord 2, Boom"));
    type_keys(&mut app, "<enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.selected(), applicant_named(&app, "Boom"));
    assert_eq!(
        app.tree.parent(app.selected()),
        Some(Node::Province(Some(Province::Antwerpen)))
    );
}

#[test]
fn checks_pane_scrolls_and_closes() {
    let mut app = sample(80, 24);
    type_keys(&mut app, "c<end>");
    let last = app.findings.len() - 1;
    let Some(Overlay::Checks(st)) = &app.overlay else {
        panic!()
    };
    assert_eq!(st.list.selected, last);
    assert!(
        st.list.offset > 0,
        "the long findings do not all fit at 80x24"
    );
    let s = screen(&app);
    assert!(s.contains(&app.findings[last].place), "{s}");
    type_keys(&mut app, "<home>");
    let Some(Overlay::Checks(st)) = &app.overlay else {
        panic!()
    };
    assert_eq!((st.list.selected, st.list.offset), (0, 0));
    // A finding without a place in the tree says so and keeps the pane open.
    if let Some(i) = app.findings.iter().position(|f| f.target.is_none()) {
        for _ in 0..i {
            type_keys(&mut app, "j");
        }
        type_keys(&mut app, "<enter>");
        assert!(app.overlay.is_some());
        assert_eq!(
            app.message.as_deref(),
            Some("Deze bevinding heeft geen plaats in de boom")
        );
    }
    type_keys(&mut app, "<esc>");
    assert!(app.overlay.is_none());
    assert!(!app.should_quit());
    type_keys(&mut app, "cc");
    assert!(app.overlay.is_none(), "c opens and closes");
}

fn sheet_text(bytes: &[u8], sheet: &str) -> String {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|d| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn e_writes_the_whole_workbook_in_the_export_folder_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(160, 48);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e<enter>");
    // Running: the status line shows a spinner until the result is taken.
    assert!(app.busy());
    assert!(screen(&app).contains("Bezig met exporteren (heel Vlaanderen en Brussel)…"));
    type_keys(&mut app, "e");
    assert_eq!(
        app.message.as_deref(),
        Some("Er loopt al een export; even geduld")
    );
    app.wait_for_export();
    assert!(!app.busy());
    let path = app.last_export.clone().unwrap();
    assert_eq!(path.parent(), Some(dir.path()));
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("samenleven-export-") && name.ends_with(".xlsx"),
        "{name}"
    );
    let msg = format!(
        "Werkmap geschreven (heel Vlaanderen en Brussel): {}",
        path.display()
    );
    assert_eq!(app.message.as_deref(), Some(msg.as_str()));
    // The status line shows it, cut to its width when the path is long.
    assert!(screen(&app).contains("Werkmap geschreven (heel Vlaanderen en Brussel): "));
    // The findings are in the Controles sheet.
    let bytes = std::fs::read(&path).unwrap();
    let controles = sheet_text(&bytes, "Controles");
    assert!(controles.contains("provincie-samenwerking"), "{controles}");
    assert!(controles.contains("Wezenbeek-Oppem"), "{controles}");
    // A second export never overwrites the first: its default name is another.
    type_keys(&mut app, "e<enter>");
    app.wait_for_export();
    let second = app.last_export.clone().unwrap();
    assert_ne!(second, path);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn capital_e_exports_the_current_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(160, 48);
    app.export_dir = dir.path().to_path_buf();
    assert_eq!(app.view_scope(), Scope::All);
    app.jump(Node::Province(Some(Province::Limburg)));
    assert_eq!(app.view_scope(), Scope::Province(Province::Limburg));
    let gent = app.dataset.applicant_by_name("Gent").unwrap();
    app.jump(Node::Applicant(gent));
    assert_eq!(app.view_scope(), Scope::Applicant(gent));
    type_keys(&mut app, "E<enter>");
    assert!(app
        .busy_text()
        .unwrap()
        .contains("Bezig met exporteren (aanvrager Gent)"));
    app.wait_for_export();
    let bytes = std::fs::read(app.last_export.clone().unwrap()).unwrap();
    let overview = sheet_text(&bytes, "Overzicht");
    assert!(overview.contains("Gent"), "{overview}");
    assert!(!overview.contains("Antwerpen\n"), "{overview}");
    // Under a filter on action 5, on Vlaanderen: the workbook holds only action 5's lines,
    // its grand total is action 5's, and its title and Bron say so; the status line says
    // what was written.
    type_keys(&mut app, "/oefen<enter>");
    assert_eq!(app.selected(), Node::All);
    assert_eq!(app.view_scope(), Scope::All);
    type_keys(&mut app, "E<enter>");
    app.wait_for_export();
    let path = app.last_export.clone().unwrap();
    assert_eq!(
        app.message.clone().unwrap(),
        format!(
            "Werkmap geschreven (actie 5 Oefenkansen Nederlands organiseren): {}",
            path.display()
        )
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(grand_total(&bytes), 338_956_600);
    assert!(sheet_text(&bytes, "Overzicht").contains("selectie: actie 5"));
    assert!(sheet_text(&bytes, "Bron").contains("actie 5 Oefenkansen Nederlands organiseren"));
    // On a province inside the filter: action 5's lines of that province.
    app.jump(Node::Province(Some(Province::Antwerpen)));
    assert_eq!(app.view_scope(), Scope::Province(Province::Antwerpen));
    type_keys(&mut app, "E<enter>");
    app.wait_for_export();
    let bytes = std::fs::read(app.last_export.clone().unwrap()).unwrap();
    assert_eq!(
        grand_total(&bytes),
        app.dataset
            .province_totals(Some(Province::Antwerpen))
            .granted
    );
    let antwerpen: i64 = app
        .full
        .province_totals(Some(Province::Antwerpen))
        .applicants
        .iter()
        .map(|a| action_cents(&app.full, *a, 5))
        .sum();
    assert_eq!(grand_total(&bytes), antwerpen);
}

/// The Overzicht's grand total in cents: the amount on the row marked "algemeen totaal".
fn grand_total(bytes: &[u8]) -> i64 {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range("Overzicht").unwrap();
    let row = range
        .rows()
        .find(|r| {
            r.iter()
                .any(|d| d == &Data::String("algemeen totaal".into()))
        })
        .expect("a grand total row");
    let euro = row
        .iter()
        .find_map(|d| match d {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        })
        .expect("an amount");
    (euro * 100.0).round() as i64
}

#[test]
fn a_failed_export_says_why_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(160, 48);
    app.export_dir = dir.path().to_path_buf();
    // A name the file system refuses (longer than 255 bytes): the prompt cannot know.
    let long = "x".repeat(300);
    type_keys(&mut app, &format!("e<ctrl-u>{long}<enter>"));
    app.wait_for_export();
    let msg = app.message.clone().unwrap();
    assert!(msg.starts_with("Export mislukt: Kan '"), "{msg}");
    assert!(msg.contains("xxxx"), "{msg}");
    assert!(app.last_export.is_none());
    assert!(screen(&app).contains("Export mislukt"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn ticks_take_the_result_of_a_finished_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(80, 24);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e<enter>");
    let mut ticks = 0;
    while app.busy() && ticks < 6000 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        app.update(Action::Tick);
        ticks += 1;
    }
    assert!(!app.busy());
    assert!(app
        .message
        .as_deref()
        .unwrap()
        .starts_with("Werkmap geschreven (heel Vlaanderen en Brussel): "));
    // A tick does not clear the message; a key does.
    app.update(Action::Tick);
    assert!(app.message.is_some());
    type_keys(&mut app, "j");
    assert!(app.message.is_none());
}

#[test]
fn help_lists_the_new_keys_without_placeholders() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "?");
    let lines = samenleven::tui::help::help_lines(app.theme, 120);
    let text: String = lines
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                + "\n"
        })
        .collect();
    assert!(!text.contains("nog niet beschikbaar"), "{text}");
    for needle in [
        "In het zoekvenster",
        "In de controles",
        "de hele werkmap naar Excel",
        "alleen de selectie exporteren",
        "filter wissen: alle regels tellen weer",
        "In de tabellen (2 tot 6)",
        "In het filter van een tabel",
        "weergave kiezen: 1 Overzicht, 2 Samenwerkingen",
        "alleen deze weergave exporteren",
        "Esc sluit de verkenner nooit af",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
}

#[test]
fn q_during_an_export_waits_for_the_workbook_and_a_second_q_quits_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(160, 48);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e<enter>q");
    assert!(!app.should_quit(), "q quit from under a running export");
    assert!(screen(&app).contains("daarna sluit de verkenner af"));
    app.wait_for_export();
    assert!(
        app.should_quit(),
        "the explorer did not quit after the export"
    );
    let written = app.last_export.clone().unwrap();
    assert!(written.is_file());

    let mut app = sample(160, 48);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e<enter>qq");
    assert!(app.should_quit(), "a second q did not quit at once");
}

#[test]
fn partner_rows_show_their_role_and_no_amount_that_adds_up() {
    // Harelbeke leads Waregem, Zwevegem and Kuurne; Waregem applied itself too. Its partner
    // row under Harelbeke must not repeat Waregem's own total (which would count it twice).
    let mut app = sample(160, 48);
    let harelbeke = app.full.applicant_by_name("Harelbeke").unwrap();
    app.jump(Node::Applicant(harelbeke));
    type_keys(&mut app, "<right>");
    let partners = app.tree.partners(harelbeke).len();
    assert!(partners >= 3);
    let s = screen(&app);
    let rows: Vec<&str> = s
        .lines()
        .filter_map(|l| l.split(['┃', '│']).nth(1))
        .filter(|cell| cell.contains('↳'))
        .collect();
    assert_eq!(rows.len(), partners, "{s}");
    for r in rows {
        assert!(r.trim_end().ends_with("partner"), "{r}");
        assert!(!r.contains('€'), "{r}");
    }
}

#[test]
fn the_stimulus_of_answer_8_is_not_called_a_bond_in_the_search_popup() {
    for (w, kind) in [(160, "stimulans SIO"), (80, "stimul. SIO")] {
        let mut app = sample(w, 48);
        type_keys(&mut app, "/impactobligatie");
        let st = search_state(&app);
        assert_eq!(
            st.hits[0].kind,
            Kind::SocialeImpactobligatie,
            "{:?}",
            st.hits
        );
        let s = screen(&app);
        let line = s
            .lines()
            .find(|l| l.contains("Stimulans sociale impactobligatie · Sint-Niklaas"))
            .unwrap_or_else(|| panic!("{s}"));
        assert!(line.contains(&format!("›{kind} ")), "{line}");
    }
}

fn export_prompt(app: &App) -> &samenleven::tui::prompt::ExportPrompt {
    match &app.overlay {
        Some(Overlay::Export(p)) => p,
        other => panic!("geen exportvenster: {other:?}"),
    }
}

#[test]
fn e_asks_for_file_name_and_folder_with_the_default_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(120, 40);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e");
    assert_eq!(app.mode(), Mode::Export);
    assert!(!app.busy(), "e wrote before asking");
    let p = export_prompt(&app);
    assert!(p.name.starts_with("samenleven-export-") && p.name.ends_with(".xlsx"));
    assert_eq!(p.folder, dir.path().display().to_string());
    let s = screen(&app);
    assert!(s.contains("Exporteren: heel Vlaanderen en Brussel"), "{s}");
    assert!(s.contains(&format!("Bestand: {}", p.name)), "{s}");
    assert!(
        s.contains("Enter schrijft · Tab wisselt · Esc annuleert"),
        "{s}"
    );
    // The keys that are commands elsewhere are text here.
    type_keys(&mut app, "<ctrl-u>rapport q/e?");
    assert_eq!(export_prompt(&app).name, "rapport q/e?");
    assert!(!app.should_quit());
    type_keys(&mut app, "<bs><bs><bs><bs><bs> 2023");
    // In another folder: Tab, then the folder.
    let other = dir.path().join("naar het parlement");
    std::fs::create_dir(&other).unwrap();
    type_keys(
        &mut app,
        &format!("<tab><ctrl-u>{}<enter>", other.display()),
    );
    assert_eq!(app.mode(), Mode::Normal);
    app.wait_for_export();
    let written = other.join("rapport 2023.xlsx");
    assert!(written.is_file(), "{:?}", app.message);
    assert_eq!(
        app.message.as_deref(),
        Some(
            format!(
                "Werkmap geschreven (heel Vlaanderen en Brussel): {}",
                written.display()
            )
            .as_str()
        )
    );
    assert_eq!(app.last_export.as_deref(), Some(written.as_path()));
    // The next prompt proposes the folder just used.
    type_keys(&mut app, "e");
    assert_eq!(export_prompt(&app).folder, other.display().to_string());
}

#[test]
fn esc_cancels_and_a_taken_name_or_a_missing_folder_keeps_the_prompt_open() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bestaat.xlsx"), b"oud").unwrap();
    let mut app = sample(120, 40);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e<esc>");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.busy());
    assert_eq!(
        app.message.as_deref(),
        Some("Export geannuleerd: niets geschreven")
    );
    // A name that exists: said in the prompt, nothing overwritten.
    type_keys(&mut app, "e<ctrl-u>bestaat<enter>");
    assert_eq!(app.mode(), Mode::Export);
    assert!(!app.busy());
    let s = screen(&app);
    assert!(
        s.contains("'bestaat.xlsx' bestaat al in deze map: kies een andere naam."),
        "{s}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("bestaat.xlsx")).unwrap(),
        b"oud"
    );
    // A folder that does not exist.
    type_keys(&mut app, "<bs>2<tab>/nergens<enter>");
    assert_eq!(app.mode(), Mode::Export);
    let missing = format!("{}/nergens", dir.path().display());
    assert_eq!(
        export_prompt(&app).error.as_deref(),
        Some(format!("Map '{missing}' bestaat niet.").as_str())
    );
    // Fixed, it writes; the name got .xlsx.
    type_keys(&mut app, "<bs><bs><bs><bs><bs><bs><bs><bs><enter>");
    app.wait_for_export();
    assert!(
        dir.path().join("bestaa2.xlsx").is_file(),
        "{:?}",
        app.message
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn capital_e_asks_too_and_says_what_it_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample(120, 40);
    app.export_dir = dir.path().to_path_buf();
    let gent = app.dataset.applicant_by_name("Gent").unwrap();
    app.jump(Node::Applicant(gent));
    type_keys(&mut app, "E");
    assert!(matches!(
        &export_prompt(&app).job,
        samenleven::tui::export::Pending::Workbook { scope, .. } if *scope == Scope::Applicant(gent)
    ));
    assert!(screen(&app).contains("Exporteren: aanvrager Gent"));
    type_keys(&mut app, "<ctrl-u>gent<enter>");
    app.wait_for_export();
    let path = dir.path().join("gent.xlsx");
    assert_eq!(
        app.message.as_deref(),
        Some(format!("Werkmap geschreven (aanvrager Gent): {}", path.display()).as_str())
    );
    // While an export runs, e and E say so instead of asking.
    type_keys(&mut app, "e<enter>");
    type_keys(&mut app, "E");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        app.message.as_deref(),
        Some("Er loopt al een export; even geduld")
    );
    app.wait_for_export();
}
