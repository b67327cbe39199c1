//! Whole screens of the explorer as insta snapshots (TestBackend), on the bundled sample.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use samenleven::annex;
use samenleven::tui::tree::Node;
use samenleven::tui::App;
use tui_support::{app_with, detail_text, render, screen, type_keys};

fn sample(w: u16, h: u16) -> App {
    app_with(annex::load_sample().unwrap(), w, h)
}

/// Oost-Vlaanderen selected and expanded.
fn province(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    type_keys(&mut app, "jjjj<enter>");
    assert_eq!(
        app.selected(),
        Node::Province(Some(samenleven::model::Province::OostVlaanderen))
    );
    app
}

/// Harelbeke (lead of collaboration 1 of answer 2) selected with its partners shown.
fn collaboration(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    let harelbeke = app.dataset.applicant_by_name("Harelbeke").unwrap();
    app.jump(Node::Applicant(harelbeke));
    type_keys(&mut app, "<enter>");
    assert!(app.tree.is_expanded(Node::Applicant(harelbeke)));
    app
}

#[test]
fn the_sample_is_marked_and_totals_the_published_figure() {
    let app = sample(80, 24);
    let s = screen(&app);
    assert!(s.contains("VOORBEELD — synthetische bedragen"), "{s}");
    // At 80 columns "Bron:" gives way to the counts of the checks.
    assert!(s.contains(" voorbeeld · oproep 1"), "{s}");
    assert!(s.contains("0 fout. · 10 waarsch."), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains("▾ Vlaanderen") && l.contains("€ 14.136.359")),
        "{s}"
    );
    assert!(s.contains("Totaal € 14.136.359"), "{s}");
}

#[test]
fn sample_collaboration_and_partners() {
    let app = collaboration(200, 60);
    let d = detail_text(&app);
    assert!(
        d.contains("Harelbeke (trekker): Waregem, Zwevegem, Kuurne — antwoord 2, nr. 1"),
        "{d}"
    );
    let s = screen(&app);
    for partner in ["↳ Waregem", "↳ Zwevegem", "↳ Kuurne"] {
        assert!(s.contains(partner), "{partner}\n{s}");
    }
}

#[test]
fn sample_social_impact_bond_and_mentorships() {
    let mut app = sample(200, 60);
    let sn = app.dataset.applicant_by_name("Sint-Niklaas").unwrap();
    app.jump(Node::Applicant(sn));
    let d = detail_text(&app);
    assert!(d.contains("Stimulans sociale impactobligatie"), "{d}");
    assert!(
        d.contains("Stimulans sociale impactobligatie (antwoord 8)"),
        "{d}"
    );
    let gent = app.dataset.applicant_by_name("Gent").unwrap();
    app.jump(Node::Applicant(gent));
    let d = detail_text(&app);
    assert!(
        d.contains("Mentorschappen (antwoord 7; bedrag volgens vraag 7)"),
        "{d}"
    );
    assert!(
        d.contains("Actie 17 Omstaanderstrainingen — € 10.000"),
        "{d}"
    );
}

#[test]
fn province_80x24() {
    insta::assert_snapshot!(render(&province(80, 24)).backend());
}

#[test]
fn province_160x48() {
    insta::assert_snapshot!(render(&province(160, 48)).backend());
}

#[test]
fn collaboration_80x24() {
    insta::assert_snapshot!(render(&collaboration(80, 24)).backend());
}

#[test]
fn collaboration_160x48() {
    insta::assert_snapshot!(render(&collaboration(160, 48)).backend());
}

#[test]
fn help_80x24() {
    let mut app = collaboration(80, 24);
    type_keys(&mut app, "?");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_160x48() {
    let mut app = province(160, 48);
    type_keys(&mut app, "?");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn objective_drilled_into_actions_160x48() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "<btab>j<enter>");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn other_call_without_answer_facts_160x48() {
    let mut app = app_with(tui_support::dataset_for_call(Some(2), false), 160, 48);
    type_keys(&mut app, "<end>lj");
    insta::assert_snapshot!(render(&app).backend());
}

fn searching(w: u16, h: u16, query: &str) -> App {
    let mut app = sample(w, h);
    type_keys(&mut app, &format!("/{query}"));
    app
}

#[test]
fn search_sint_genesius_80x24() {
    insta::assert_snapshot!(render(&searching(80, 24, "sint genesius")).backend());
}

#[test]
fn search_sint_genesius_160x48() {
    insta::assert_snapshot!(render(&searching(160, 48, "sint genesius")).backend());
}

#[test]
fn search_oefen_80x24() {
    insta::assert_snapshot!(render(&searching(80, 24, "oefen")).backend());
}

#[test]
fn search_oefen_160x48() {
    let mut app = searching(160, 48, "oefen");
    type_keys(&mut app, "<down>");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn search_filter_on_action_5_80x24() {
    let mut app = searching(80, 24, "oefen");
    type_keys(&mut app, "<enter>");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn checks_80x24() {
    let mut app = sample(80, 24);
    type_keys(&mut app, "cj");
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn checks_160x48() {
    let mut app = sample(160, 48);
    type_keys(&mut app, "c");
    insta::assert_snapshot!(render(&app).backend());
}

/// The screen after `e` and Enter, with the export folder and the time of the file name made
/// stable.
fn after_export(w: u16, h: u16) -> String {
    let dir = tempfile::Builder::new().prefix("x").tempdir().unwrap();
    let mut app = sample(w, h);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e<enter>");
    app.wait_for_export();
    let path = app.last_export.clone().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let stamp = name
        .trim_start_matches("samenleven-export-")
        .trim_end_matches(".xlsx")
        .to_string();
    assert_eq!(stamp.len(), "2026-11-27-1530".len(), "{name}");
    screen(&app)
        .replace(&dir.path().display().to_string(), "/pad")
        .replace(&stamp, "JJJJ-MM-DD-UUMM")
}

/// The export prompt of `e`, its default name's time made stable.
fn export_prompt(w: u16, h: u16) -> String {
    let dir = tempfile::Builder::new().prefix("x").tempdir().unwrap();
    let mut app = sample(w, h);
    app.export_dir = dir.path().to_path_buf();
    type_keys(&mut app, "e");
    let s = screen(&app).replace(&dir.path().display().to_string(), "/pad");
    let at = s.find("samenleven-export-").unwrap() + "samenleven-export-".len();
    let stamp = s[at..at + "2026-11-27-1530".len()].to_string();
    s.replace(&stamp, "JJJJ-MM-DD-UUMM")
}

#[test]
fn export_prompt_80x24() {
    insta::assert_snapshot!(export_prompt(80, 24));
}

#[test]
fn export_prompt_160x48() {
    insta::assert_snapshot!(export_prompt(160, 48));
}

#[test]
fn status_after_export_80x24() {
    insta::assert_snapshot!(after_export(80, 24));
}

#[test]
fn status_after_export_160x48() {
    insta::assert_snapshot!(after_export(160, 48));
}

/// A view of the answer's sub-questions, chosen by its number key, second line selected.
fn view(keys: &str, w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    type_keys(&mut app, keys);
    app
}

#[test]
fn view_collaborations_80x24() {
    insta::assert_snapshot!(render(&view("2j", 80, 24)).backend());
}

#[test]
fn view_collaborations_160x48() {
    insta::assert_snapshot!(render(&view("2jjjjjj", 160, 48)).backend());
}

#[test]
fn view_refusals_80x24() {
    insta::assert_snapshot!(render(&view("3", 80, 24)).backend());
}

#[test]
fn view_refusals_160x48() {
    insta::assert_snapshot!(render(&view("3", 160, 48)).backend());
}

#[test]
fn view_mentorships_80x24() {
    insta::assert_snapshot!(render(&view("4j", 80, 24)).backend());
}

#[test]
fn view_mentorships_160x48() {
    insta::assert_snapshot!(render(&view("4j", 160, 48)).backend());
}

#[test]
fn view_bonds_80x24() {
    insta::assert_snapshot!(render(&view("5j", 80, 24)).backend());
}

#[test]
fn view_bonds_160x48() {
    insta::assert_snapshot!(render(&view("5j", 160, 48)).backend());
}

#[test]
fn view_actions_80x24() {
    insta::assert_snapshot!(render(&view("6jj", 80, 24)).backend());
}

#[test]
fn view_actions_160x48() {
    insta::assert_snapshot!(render(&view("6jj", 160, 48)).backend());
}

#[test]
fn view_action_applicants_160x48() {
    insta::assert_snapshot!(render(&view("6/oefen<enter>j<enter>", 160, 48)).backend());
}

#[test]
fn view_collaborations_filtered_160x48() {
    insta::assert_snapshot!(render(&view("2/temse<enter>sssss", 160, 48)).backend());
}
