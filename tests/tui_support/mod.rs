//! Support for the explorer tests: a small hand-built dataset (real names resolved against the
//! reference data, invented amounts, the answer's facts attached for call 1) and helpers that
//! type keys and render screens without a terminal.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use samenleven::model::{
    CallInfo, CallSource, Dataset, DatasetParts, Grant, LineKind, Origin, Source, Status, TextId,
    Units, UnknownAction,
};
use samenleven::reference::{self};
use samenleven::testkit;
use samenleven::tui::keys::{translate_key, Action};
use samenleven::tui::tree::Node;
use samenleven::tui::{view, App, Theme};

pub struct Builder {
    parts: DatasetParts,
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            parts: DatasetParts::default(),
        }
    }

    /// Adds an applicant by name, as the loader would read it; returns its id.
    pub fn applicant(&mut self, name: &str) -> u32 {
        self.parts.applicants.push(testkit::applicant(name));
        (self.parts.applicants.len() - 1) as u32
    }

    /// Adds a granted first-call line of whole euros, on the next row.
    pub fn line(&mut self, applicant: u32, kind: LineKind, euro: i64) -> &mut Grant {
        let row = self.parts.grants.len() as u32 + 2;
        self.parts.grants.push(Grant {
            call: Some(1),
            origin: Origin { sheet: 0, row },
            ..testkit::grant(applicant, kind, euro)
        });
        self.parts.grants.last_mut().unwrap()
    }

    /// A text for a line (explanation, reason).
    pub fn text(&mut self, text: &str) -> Option<TextId> {
        self.parts.texts.add(text)
    }

    pub fn unknown_action(&mut self, label: &str, objective: Option<u8>) -> LineKind {
        self.parts.unknown_actions.push(UnknownAction {
            label: label.to_string(),
            objective,
        });
        LineKind::UnknownAction((self.parts.unknown_actions.len() - 1) as u16)
    }

    pub fn build(mut self, source: &str, sample: bool, call: Option<u8>) -> Dataset {
        self.parts.source = Some(Source {
            name: source.to_string(),
            path: None,
            sample,
        });
        self.parts.call = Some(CallInfo {
            call,
            source: if call.is_some() {
                CallSource::Flag
            } else {
                CallSource::Unknown
            },
            calls_in_file: call.into_iter().collect(),
        });
        self.parts.sheets = vec!["Bijlage 1".to_string()];
        if call == Some(1) {
            self.parts.facts = Some(reference::get().answer_facts().clone());
        }
        Dataset::new(self.parts, |no| reference::get().objective_of(no))
    }
}

/// The test dataset: 18 applicants in every province, collaborations of answer 2 (Harelbeke,
/// Geel, Dendermonde, De Rand), mentorship and SIO lines, an unknown action, a refused line.
pub fn dataset_for_call(call: Option<u8>, sample: bool) -> Dataset {
    let mut b = Builder::new();
    let antwerpen = b.applicant("Stad Antwerpen");
    b.line(antwerpen, LineKind::Action(5), 135_000).units = Units::new([Some(2250), None, None]);
    b.line(antwerpen, LineKind::Action(8), 97_500);
    b.line(antwerpen, LineKind::Action(18), 25_000);
    b.line(antwerpen, LineKind::Action(22), 23_200).units = Units::new([Some(4), None, None]);
    for a in [5, 8, 18] {
        b.line(antwerpen, LineKind::Mentorship(Some(a)), 10_000);
    }
    let lier = b.applicant("Lier");
    let text = b.text("Twee brugfiguren in de basisscholen van Lisp en Koningshooikt.");
    b.line(lier, LineKind::Action(15), 48_000).explanation = text;
    b.line(lier, LineKind::Mentorship(Some(15)), 10_000);
    let mechelen = b.applicant("Mechelen");
    b.line(mechelen, LineKind::Action(9), 60_000).units =
        Units::new([Some(60), Some(10), Some(20)]);
    b.line(mechelen, LineKind::Action(22), 23_200);
    let geel = b.applicant("Geel");
    b.line(geel, LineKind::Action(5), 54_000);
    b.line(geel, LineKind::Action(2), 25_000);
    let vgc = b.applicant("VGC");
    b.line(vgc, LineKind::Action(5), 120_000);
    b.line(vgc, LineKind::Action(24), 31_500);
    let genk = b.applicant("Genk");
    b.line(genk, LineKind::Action(13), 31_500);
    b.line(genk, LineKind::Action(5), 90_000);
    let hasselt = b.applicant("Hasselt");
    b.line(hasselt, LineKind::Action(7), 45_500);
    let gent = b.applicant("Stad Gent");
    b.line(gent, LineKind::Action(16), 25_000);
    b.line(gent, LineKind::Action(17), 27_000).units = Units::new([Some(150), Some(150), None]);
    b.line(gent, LineKind::Action(13), 31_500);
    for a in [17, 16, 13] {
        b.line(gent, LineKind::Mentorship(Some(a)), 10_000);
    }
    let sn = b.applicant("Sint-Niklaas");
    b.line(sn, LineKind::Action(2), 25_000);
    b.line(sn, LineKind::SocialImpactBond, 25_000);
    b.line(sn, LineKind::Mentorship(Some(2)), 10_000);
    let dendermonde = b.applicant("Dendermonde");
    b.line(dendermonde, LineKind::Action(2), 25_000);
    b.line(dendermonde, LineKind::Action(5), 36_000);
    let lokeren = b.applicant("Lokeren");
    b.line(lokeren, LineKind::Action(20), 25_500);
    let rand = b.applicant("vzw De Rand");
    b.line(rand, LineKind::Action(5), 100_000);
    let londerzeel = b.applicant("Londerzeel");
    b.line(londerzeel, LineKind::Action(2), 25_000);
    let vilvoorde = b.applicant("Vilvoorde");
    b.line(vilvoorde, LineKind::Action(14), 37_800);
    let unknown = b.unknown_action("Buurtfeesten in de zomer", Some(5));
    b.line(vilvoorde, unknown, 5_000);
    let harelbeke = b.applicant("Harelbeke");
    let text = b.text(
        "Gezamenlijk actieplan polarisatie met Waregem, Zwevegem en Kuurne, met een \
         gedeelde coördinator.",
    );
    let g = b.line(harelbeke, LineKind::Action(2), 25_000);
    g.units = Units::new([Some(1), None, None]);
    g.explanation = text;
    b.line(harelbeke, LineKind::Action(5), 27_000).units = Units::new([Some(450), None, None]);
    let reason = b.text("Aanvraag te laat ingediend");
    let refused = b.line(harelbeke, LineKind::Action(19), 25_000);
    refused.status = Status::Refused;
    refused.reason = reason;
    let waregem = b.applicant("Waregem");
    b.line(waregem, LineKind::Action(5), 18_000);
    let kortrijk = b.applicant("Kortrijk");
    b.line(kortrijk, LineKind::Action(2), 25_000);
    b.line(kortrijk, LineKind::Action(11), 32_000);
    let oostende = b.applicant("Oostende");
    b.line(oostende, LineKind::Action(11), 96_000);
    b.line(oostende, LineKind::Action(10), 12_350);
    b.line(oostende, LineKind::Mentorship(Some(11)), 10_000);
    b.line(oostende, LineKind::Mentorship(Some(10)), 10_000);
    b.build(
        if sample { "voorbeeld" } else { "bijlage1.xlsx" },
        sample,
        call,
    )
}

/// The test dataset as the sample would present it (call 1, `VOORBEELD`).
pub fn dataset() -> Dataset {
    dataset_for_call(Some(1), true)
}

pub fn app_with(ds: samenleven::model::Dataset, w: u16, h: u16) -> App {
    let mut app = App::new(ds, Theme::plain());
    app.update(Action::Resize {
        width: w,
        height: h,
    });
    app
}

pub fn app(w: u16, h: u16) -> App {
    app_with(dataset(), w, h)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

/// Types keys: characters as written, `<tab>`, `<enter>`, `<esc>`, `<end>`, `<home>`,
/// `<pgdn>`, `<pgup>`, `<btab>`, `<down>`, `<up>`, `<left>`, `<right>`, `<bs>`, `<ctrl-u>`.
pub fn type_keys(app: &mut App, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<ctrl-u>") {
            let mut k = key(KeyCode::Char('u'));
            k.modifiers = KeyModifiers::CONTROL;
            if let Some(a) = translate_key(k, app.mode()) {
                app.update(a);
            }
            rest = after;
            continue;
        }
        let (code, len) = if c == '<' {
            let end = rest.find('>').unwrap();
            let code = match &rest[1..end] {
                "tab" => KeyCode::Tab,
                "btab" => KeyCode::BackTab,
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "end" => KeyCode::End,
                "home" => KeyCode::Home,
                "pgdn" => KeyCode::PageDown,
                "pgup" => KeyCode::PageUp,
                "down" => KeyCode::Down,
                "up" => KeyCode::Up,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "bs" => KeyCode::Backspace,
                other => panic!("onbekende toets {other}"),
            };
            (code, end + 1)
        } else {
            (KeyCode::Char(c), c.len_utf8())
        };
        if let Some(a) = translate_key(key(code), app.mode()) {
            app.update(a);
        }
        rest = &rest[len..];
    }
}

pub fn applicant_named(app: &App, name: &str) -> Node {
    Node::Applicant(app.dataset.applicant_by_name(name).unwrap())
}

pub fn detail_text(app: &App) -> String {
    app.detail_lines()
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t
}

pub fn screen(app: &App) -> String {
    let t = render(app);
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}
