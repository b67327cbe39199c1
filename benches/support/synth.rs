//! Deterministic datasets for the search benchmark and the latency example: a hand-made
//! realistic first-call dataset (about 130 applicants) and a generated one of any size
//! (applicants × actions, explanation texts on most lines, many shared).

// Shared by the benchmark and the latency example; each uses a part.
#![allow(dead_code)]

use samenleven::model::{
    Applicant, ApplicantId, ApplicantKind, CallInfo, CallSource, Dataset, DatasetParts, Grant,
    LineKind, MaybeCents, Origin, Province, Source, Status, TextId, Texts, Units,
};
use samenleven::reference;

/// A small deterministic generator (64-bit LCG, high bits).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ACTIVITIES: [&str; 16] = [
    "Taalcafés",
    "Oefenkansen Nederlands",
    "Huiswerkbegeleiding",
    "Brugfiguren",
    "Buurtgerichte sportactiviteiten",
    "Vormingen rond polarisatie",
    "Omstaanderstrainingen",
    "Trajectbegeleiding naar werk",
    "Mentorwerking voor ondernemers",
    "Zomeraanbod voor kwetsbare kinderen",
    "Jeugdwerkinitiatieven",
    "Laagdrempelige cultuurparticipatie",
    "Taalstages bij lokale handelaars",
    "Pleinwerking",
    "Ontmoetingsmomenten",
    "Praatgroepen",
];
const PLACES: [&str; 12] = [
    "in de bibliotheek",
    "in buurthuizen",
    "in de basisscholen",
    "op pleinen en in parken",
    "in het sociaal huis",
    "in samenwerking met het OCMW",
    "bij sportclubs",
    "in het dienstencentrum",
    "in de jeugdhuizen",
    "in het centrum voor volwassenenonderwijs",
    "in de wijken met de meeste nieuwkomers",
    "in het cultuurcentrum",
];
const AUDIENCES: [&str; 10] = [
    "voor anderstalige ouders",
    "voor volwassen anderstaligen",
    "voor jongeren tussen 12 en 18 jaar",
    "voor nieuwkomers",
    "voor kinderen in kwetsbare gezinnen",
    "voor werkzoekenden",
    "voor senioren",
    "voor vrijwilligers",
    "voor leerkrachten",
    "voor alle inwoners",
];
const TAILS: [&str; 6] = [
    ", in overleg met de lokale partners",
    ", met een evaluatie na zes maanden",
    ", aanvullend op het bestaande aanbod",
    ", met aandacht voor bereik en drempels",
    ", gespreid over het hele jaar",
    ", met inzet van ervaringsdeskundigen",
];

/// Catalogue actions that the plan subsidises in the first call.
fn plan_actions() -> Vec<u8> {
    reference::get()
        .actions
        .iter()
        .filter(|a| a.funding.subsidised_in(1))
        .map(|a| a.no)
        .collect()
}

fn grant(applicant: ApplicantId, action: u8, euro: i64, text: Option<TextId>, row: u32) -> Grant {
    Grant {
        applicant,
        kind: LineKind::Action(action),
        amount: euro * 100,
        requested: MaybeCents::NONE,
        units: Units::default(),
        status: Status::Granted,
        reason: None,
        explanation: text,
        call: Some(1),
        province_in_file: None,
        action_written: None,
        origin: Origin { sheet: 0, row },
    }
}

fn text(rng: &mut Rng, applicant: &str) -> Option<String> {
    // One line in four has no explanation; one text in six is written for one applicant.
    match rng.below(24) {
        0..=5 => None,
        6..=9 => Some(format!(
            "{} {} {} in {applicant}{}",
            rng.pick(&ACTIVITIES),
            rng.pick(&PLACES),
            rng.pick(&AUDIENCES),
            rng.pick(&TAILS)
        )),
        _ => Some(format!(
            "{} {} {}",
            rng.pick(&ACTIVITIES),
            rng.pick(&PLACES),
            rng.pick(&AUDIENCES)
        )),
    }
}

fn first_call(applicants: Vec<Applicant>, grants: Vec<Grant>, texts: Texts, name: &str) -> Dataset {
    let parts = DatasetParts {
        source: Some(Source {
            name: name.to_string(),
            path: None,
            sample: false,
        }),
        call: Some(CallInfo {
            call: Some(1),
            source: CallSource::Flag,
            calls_in_file: vec![1],
        }),
        sheets: vec![String::new()],
        applicants,
        grants,
        texts,
        facts: Some(reference::get().answer_facts().clone()),
        ..DatasetParts::default()
    };
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

/// About 130 real municipalities plus VGC and vzw De Rand, two to six actions each, like the
/// first call.
pub fn realistic() -> Dataset {
    let r = reference::get();
    let mut rng = Rng(492);
    let mut applicants = Vec::new();
    for (i, m) in r.municipalities.iter().enumerate() {
        if i % 7 < 3 {
            applicants.push(Applicant {
                name: m.name.clone(),
                kind: ApplicantKind::Municipality(i as u16),
                province: Some(m.province),
                spellings: vec![],
            });
        }
    }
    for (name, kind, p) in [
        ("VGC", ApplicantKind::Vgc, Province::Brussel),
        (
            "vzw De Rand",
            ApplicantKind::DeRand,
            Province::VlaamsBrabant,
        ),
    ] {
        applicants.push(Applicant {
            name: name.to_string(),
            kind,
            province: Some(p),
            spellings: vec![],
        });
    }
    let actions = plan_actions();
    let mut grants = Vec::new();
    let mut texts = Texts::default();
    for (a, app) in applicants.iter().enumerate() {
        for _ in 0..2 + rng.below(5) {
            let action = actions[rng.below(actions.len())];
            let t = text(&mut rng, &app.name).and_then(|t| texts.add(&t));
            let row = grants.len() as u32 + 2;
            grants.push(grant(
                a as ApplicantId,
                action,
                5_000 + rng.below(60) as i64 * 1_000,
                t,
                row,
            ));
        }
    }
    first_call(applicants, grants, texts, "realistisch.xlsx")
}

/// `lines` grant lines: applicants × 20 actions, the first 300 applicants being the real
/// municipalities, the others named after them ("Aalst 2", "Aalst 3", ...).
pub fn generated(lines: usize) -> Dataset {
    let r = reference::get();
    let mut rng = Rng(100_000);
    let actions = plan_actions();
    let per_applicant = actions.len().min(20);
    let count = lines.div_ceil(per_applicant);
    let mut applicants = Vec::with_capacity(count);
    for i in 0..count {
        let m = &r.municipalities[i % r.municipalities.len()];
        let round = i / r.municipalities.len();
        let (name, kind) = if round == 0 {
            (m.name.clone(), ApplicantKind::Municipality(i as u16))
        } else {
            (format!("{} {}", m.name, round + 1), ApplicantKind::Unknown)
        };
        applicants.push(Applicant {
            name,
            kind,
            province: Some(m.province),
            spellings: vec![],
        });
    }
    let mut grants = Vec::with_capacity(lines);
    let mut texts = Texts::default();
    'outer: for (a, app) in applicants.iter().enumerate() {
        for k in 0..per_applicant {
            if grants.len() >= lines {
                break 'outer;
            }
            let action = actions[(a + k) % actions.len()];
            let t = text(&mut rng, &app.name).and_then(|t| texts.add(&t));
            let row = grants.len() as u32 + 2;
            grants.push(grant(
                a as ApplicantId,
                action,
                1_000 + rng.below(100) as i64 * 500,
                t,
                row,
            ));
        }
    }
    first_call(applicants, grants, texts, "gegenereerd.xlsx")
}

/// Queries typed letter by letter in the benchmarks.
pub const WORDS: [&str; 10] = [
    "oefenkansen",
    "sint-genesius",
    "taalcafés bibliotheek",
    "wemmel",
    "brugfiguren",
    "polarisatie",
    "volwassen anderstaligen",
    "kortrijk 7",
    "actie 5",
    "huiswerkbegeleiding",
];

/// Every prefix of a word, as typed.
pub fn keystrokes(word: &str) -> impl Iterator<Item = &str> {
    word.char_indices()
        .map(move |(i, c)| &word[..i + c.len_utf8()])
}
