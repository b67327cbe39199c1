//! The embedded reference data (`data/`): objectives, actions with their KPIs, the 300 Flemish
//! municipalities with aliases, the facts of answer 492 and the published figures. Parsed once,
//! on first use; a test proves every embedded file parses.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{
    Action, ActionReference, AnswerFacts, AnswerFigure, Collaboration, CollaborationSource,
    Funding, Kpi, LineFilter, Mentorship, Municipality, MunicipalityId, NameMatch, Objective,
    Party, PartyKind, Province, SocialImpactBond,
};
use crate::names::{edit_distance, fold, fold_local_government, typo_budget, Letters};

mod words;

pub use words::WordMatch;

const OBJECTIVES_CSV: &str = include_str!("../data/objectives.csv");
const ACTIONS_CSV: &str = include_str!("../data/actions.csv");
const KPI_CSV: &str = include_str!("../data/kpi_rates_call1.csv");
const MUNICIPALITIES_CSV: &str = include_str!("../data/municipalities.csv");
const ALIASES_CSV: &str = include_str!("../data/municipality_aliases.csv");
const SPECIAL_CSV: &str = include_str!("../data/special_applicants.csv");
const ACTION_ALIASES_CSV: &str = include_str!("../data/action_aliases.csv");
const PUBLISHED_CSV: &str = include_str!("../data/published_call_figures.csv");
const COLLABORATIONS_CSV: &str = include_str!("../data/answer_492/collaborations.csv");
const MENTORSHIPS_CSV: &str = include_str!("../data/answer_492/mentorships.csv");
const SIO_CSV: &str = include_str!("../data/answer_492/social_impact_bonds.csv");
const ACTION_REFS_CSV: &str = include_str!("../data/answer_492/action_references.csv");
const FIGURES_CSV: &str = include_str!("../data/answer_492/figures.csv");

/// Amount of one mentorship supplement, in cents: question 7 states it ("in ruil voor een
/// additionele subsidie van 10.000 euro"); answer 7 lists the mentors without an amount.
pub const MENTORSHIP_CENTS: i64 = 1_000_000;
/// Amount of the stimulus for a social impact bond (answer 8: "een financiële stimulans van
/// 25.000 euro"), in cents.
pub const SIO_STIMULUS_CENTS: i64 = 2_500_000;

/// What a written name was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameTarget {
    Municipality(MunicipalityId),
    Vgc,
    DeRand,
    /// "De Rand (io Wemmel)": De Rand acting for a municipality.
    DeRandFor(MunicipalityId),
}

/// A figure published for a call (`published_call_figures.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFigure {
    pub call: u8,
    /// `total_eur`, `local_governments` (local governments besides the VGC and vzw De Rand),
    /// `action_eur`, `action_local_governments`, `action_plans`.
    pub figure: String,
    pub action_no: Option<u8>,
    pub value: i64,
    pub source: String,
    pub note: String,
}

/// All reference data, parsed.
#[derive(Debug)]
pub struct Reference {
    pub objectives: Vec<Objective>,
    pub actions: Vec<Action>,
    pub municipalities: Vec<Municipality>,
    pub published: Vec<PublishedFigure>,
    answer: AnswerFacts,
    /// Folded name → (target, how it matched).
    names: HashMap<String, (NameTarget, NameMatch)>,
    /// Folded names of municipalities, for fuzzy matching.
    municipality_folded: Vec<FoldedName>,
    /// Folded action titles and aliases → action number.
    action_titles: Vec<(String, u8)>,
    /// The actions as weighted words, for paraphrased titles.
    action_words: words::WordIndex,
    /// Aliases as written, per municipality (for search).
    pub aliases: Vec<(String, MunicipalityId, String)>,
}

/// A municipality's folded name, with the length and letter counts fuzzy matching compares
/// before it computes a distance (which is at least what they tell apart).
#[derive(Debug)]
struct FoldedName {
    text: String,
    chars: usize,
    letters: Letters,
}

impl FoldedName {
    fn new(text: String) -> FoldedName {
        FoldedName {
            chars: text.chars().count(),
            letters: Letters::new(&text),
            text,
        }
    }
}

static REFERENCE: OnceLock<Reference> = OnceLock::new();

/// The reference data embedded in the binary.
pub fn get() -> &'static Reference {
    REFERENCE.get_or_init(|| match Reference::parse() {
        Ok(r) => r,
        // The embedded files are part of the binary and covered by a test; a failure here is a
        // build defect, not an input error.
        Err(e) => panic!("ingebouwde referentiegegevens onleesbaar: {e}"),
    })
}

#[derive(Deserialize)]
struct ObjectiveRow {
    objective_no: u8,
    objective_name: String,
    short_description: String,
}

#[derive(Deserialize)]
struct ActionRow {
    action_no: u8,
    objective_no: u8,
    action_name: String,
    description: String,
    funded_by_plan: String,
}

#[derive(Deserialize)]
struct KpiRow {
    action_no: u8,
    kpi_unit: String,
    max_units_per_year: u32,
    eur_per_unit: i64,
}

#[derive(Deserialize)]
struct MunicipalityRow {
    nis_code: u32,
    name: String,
    province: String,
    arrondissement: String,
}

#[derive(Deserialize)]
struct AliasRow {
    alias: String,
    name: String,
    kind: String,
}

#[derive(Deserialize)]
struct SpecialRow {
    key: String,
    alias: String,
}

#[derive(Deserialize)]
struct ActionAliasRow {
    alias: String,
    action_no: u8,
}

#[derive(Deserialize)]
struct PublishedRow {
    call: u8,
    figure: String,
    action_no: Option<u8>,
    value: i64,
    source: String,
    note: String,
}

#[derive(Deserialize)]
struct CollaborationRow {
    entry: u16,
    province_as_published: String,
    lead: String,
    partner: String,
}

#[derive(Deserialize)]
struct MentorshipRow {
    action_as_published: String,
    action_no: u8,
    local_government: String,
    province_as_published: String,
}

#[derive(Deserialize)]
struct SioRow {
    local_government: String,
    province: String,
    stimulus_eur: i64,
    partner: String,
    description: String,
}

#[derive(Deserialize)]
struct ActionRefRow {
    answer_item: String,
    action_no_as_published: u8,
    subject_as_published: String,
    action_no_in_catalogue: u8,
}

#[derive(Deserialize)]
struct FigureRow {
    figure: String,
    value: i64,
    unit: String,
    answer_question: String,
    note: String,
}

fn rows<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<Vec<T>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| format!("{name}: {e}"))
}

impl Reference {
    fn parse() -> Result<Reference, String> {
        let objectives = rows::<ObjectiveRow>("objectives.csv", OBJECTIVES_CSV)?
            .into_iter()
            .map(|r| Objective {
                no: r.objective_no,
                name: r.objective_name,
                description: r.short_description,
            })
            .collect::<Vec<_>>();
        let kpis = rows::<KpiRow>("kpi_rates_call1.csv", KPI_CSV)?;
        let actions = rows::<ActionRow>("actions.csv", ACTIONS_CSV)?
            .into_iter()
            .map(|r| Action {
                no: r.action_no,
                objective: r.objective_no,
                funding: match r.funded_by_plan.as_str() {
                    "no" => Funding::Elsewhere,
                    "from_call_2" => Funding::FromCall2,
                    _ => Funding::Plan,
                },
                kpis: kpis
                    .iter()
                    .filter(|k| k.action_no == r.action_no)
                    .map(|k| Kpi {
                        unit: k.kpi_unit.clone(),
                        max_units_per_year: k.max_units_per_year,
                        cents_per_unit: k.eur_per_unit * 100,
                    })
                    .collect(),
                name: r.action_name,
                description: r.description,
            })
            .collect::<Vec<_>>();
        let mut municipalities = Vec::new();
        for r in rows::<MunicipalityRow>("municipalities.csv", MUNICIPALITIES_CSV)? {
            let province = Province::parse(&r.province)
                .ok_or_else(|| format!("municipalities.csv: provincie {}", r.province))?;
            municipalities.push(Municipality {
                nis: r.nis_code,
                name: r.name,
                province,
                arrondissement: r.arrondissement,
            });
        }
        let mut names = HashMap::new();
        let municipality_folded: Vec<FoldedName> = municipalities
            .iter()
            .map(|m| FoldedName::new(fold_local_government(&m.name)))
            .collect();
        for (i, f) in municipality_folded.iter().enumerate() {
            names.insert(
                f.text.clone(),
                (
                    NameTarget::Municipality(i as MunicipalityId),
                    NameMatch::Exact,
                ),
            );
        }
        let by_name = |n: &str| {
            municipalities
                .iter()
                .position(|m| m.name == n)
                .map(|i| i as MunicipalityId)
        };
        let mut aliases = Vec::new();
        for r in rows::<AliasRow>("municipality_aliases.csv", ALIASES_CSV)? {
            let id = by_name(&r.name).ok_or_else(|| format!("alias {} → {}", r.alias, r.name))?;
            let how = if r.kind == "spelfout" {
                NameMatch::KnownMisspelling
            } else {
                NameMatch::Alias
            };
            names
                .entry(fold_local_government(&r.alias))
                .or_insert((NameTarget::Municipality(id), how));
            aliases.push((r.alias, id, r.kind));
        }
        for r in rows::<SpecialRow>("special_applicants.csv", SPECIAL_CSV)? {
            let target = if r.key == "vgc" {
                NameTarget::Vgc
            } else {
                NameTarget::DeRand
            };
            names.insert(fold_local_government(&r.alias), (target, NameMatch::Exact));
        }
        let mut action_titles: Vec<(String, u8)> =
            actions.iter().map(|a| (fold(&a.name), a.no)).collect();
        let action_aliases = rows::<ActionAliasRow>("action_aliases.csv", ACTION_ALIASES_CSV)?;
        for r in &action_aliases {
            action_titles.push((fold(&r.alias), r.action_no));
        }
        let word_texts: Vec<(u8, u8, Vec<&str>)> = actions
            .iter()
            .map(|a| {
                let mut texts = vec![a.name.as_str(), a.description.as_str()];
                texts.extend(
                    action_aliases
                        .iter()
                        .filter(|r| r.action_no == a.no)
                        .map(|r| r.alias.as_str()),
                );
                (a.no, a.objective, texts)
            })
            .collect();
        let action_words = words::WordIndex::new(&word_texts);
        let published = rows::<PublishedRow>("published_call_figures.csv", PUBLISHED_CSV)?
            .into_iter()
            .map(|r| PublishedFigure {
                call: r.call,
                figure: r.figure,
                action_no: r.action_no,
                value: r.value,
                source: r.source,
                note: r.note,
            })
            .collect();

        let mut reference = Reference {
            objectives,
            actions,
            municipalities,
            published,
            answer: AnswerFacts::default(),
            names,
            municipality_folded,
            action_titles,
            action_words,
            aliases,
        };
        reference.answer = reference.parse_answer()?;
        Ok(reference)
    }

    fn parse_answer(&self) -> Result<AnswerFacts, String> {
        let mut collaborations: Vec<Collaboration> = Vec::new();
        for r in rows::<CollaborationRow>("collaborations.csv", COLLABORATIONS_CSV)? {
            let partner = (!r.partner.trim().is_empty()).then(|| self.party(&r.partner));
            match collaborations.last_mut() {
                Some(c) if c.source == (CollaborationSource::Answer2 { entry: r.entry }) => {
                    c.partners.extend(partner);
                }
                _ => collaborations.push(Collaboration {
                    source: CollaborationSource::Answer2 { entry: r.entry },
                    province_as_published: Some(r.province_as_published),
                    lead: self.party(&r.lead),
                    partners: partner.into_iter().collect(),
                }),
            }
        }
        let mentorships = rows::<MentorshipRow>("mentorships.csv", MENTORSHIPS_CSV)?
            .into_iter()
            .map(|r| Mentorship {
                action_as_published: r.action_as_published,
                action_no: r.action_no,
                local_government: r.local_government,
                province_as_published: r.province_as_published,
            })
            .collect();
        let social_impact_bonds = rows::<SioRow>("social_impact_bonds.csv", SIO_CSV)?
            .into_iter()
            .map(|r| SocialImpactBond {
                local_government: r.local_government,
                province: r.province,
                stimulus_cents: r.stimulus_eur * 100,
                partner: r.partner,
                description: r.description,
            })
            .collect();
        let action_references = rows::<ActionRefRow>("action_references.csv", ACTION_REFS_CSV)?
            .into_iter()
            .map(|r| ActionReference {
                answer_item: r.answer_item,
                action_no_as_published: r.action_no_as_published,
                subject_as_published: r.subject_as_published,
                action_no_in_catalogue: r.action_no_in_catalogue,
            })
            .collect();
        let figures = rows::<FigureRow>("figures.csv", FIGURES_CSV)?
            .into_iter()
            .map(|r| AnswerFigure {
                figure: r.figure,
                value: r.value,
                unit: r.unit,
                answer_question: r.answer_question,
                note: r.note,
            })
            .collect();
        Ok(AnswerFacts {
            collaborations,
            mentorships,
            social_impact_bonds,
            action_references,
            figures,
        })
    }

    /// The facts of answer 492 (first call).
    pub fn answer_facts(&self) -> &AnswerFacts {
        &self.answer
    }

    pub fn objective(&self, no: u8) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.no == no)
    }

    pub fn action(&self, no: u8) -> Option<&Action> {
        self.actions.iter().find(|a| a.no == no)
    }

    pub fn municipality(&self, id: MunicipalityId) -> Option<&Municipality> {
        self.municipalities.get(usize::from(id))
    }

    /// The objective of a catalogue action.
    pub fn objective_of(&self, action: u8) -> Option<u8> {
        self.action(action).map(|a| a.objective)
    }

    /// Dutch name of a line filter: "actie 5 Oefenkansen Nederlands organiseren",
    /// "doelstelling 2 Nederlands leren en oefenen", "alle regels".
    pub fn line_filter_label(&self, filter: LineFilter) -> String {
        match filter {
            LineFilter::All => "alle regels".to_string(),
            LineFilter::Action(no) => match self.action(no) {
                Some(a) => format!("actie {no} {}", a.name),
                None => format!("actie {no}"),
            },
            LineFilter::Objective(no) => match self.objective(no) {
                Some(o) => format!("doelstelling {no} {}", o.name),
                None => format!("doelstelling {no}"),
            },
        }
    }

    /// Recognises a local government name: exact (after folding and prefixes), alias, known
    /// misspelling, or a unique near match within a small typo budget.
    pub fn resolve_name(&self, written: &str) -> (Option<NameTarget>, NameMatch) {
        let folded = fold_local_government(written);
        if folded.is_empty() {
            return (None, NameMatch::Unmatched);
        }
        if let Some((t, how)) = self.names.get(&folded) {
            return (Some(*t), *how);
        }
        // "De Rand (io Wemmel)", "vzw De Rand i.o.v. Wemmel".
        if let Some(rest) = de_rand_for(&folded) {
            if let (Some(NameTarget::Municipality(m)), how) = self.resolve_name(rest) {
                return (Some(NameTarget::DeRandFor(m)), how);
            }
        }
        // "Gent (Oost-Vlaanderen)" style disambiguations not in the alias list.
        if let Some(open) = written.find('(') {
            let head = &written[..open];
            if !head.trim().is_empty() {
                let (t, how) = self.resolve_name(head);
                if t.is_some() {
                    return (
                        t,
                        if how == NameMatch::Exact {
                            NameMatch::Alias
                        } else {
                            how
                        },
                    );
                }
            }
        }
        let chars = folded.chars().count();
        let budget = typo_budget(chars);
        if budget == 0 {
            return (None, NameMatch::Unmatched);
        }
        let letters = Letters::new(&folded);
        let mut best: Option<(usize, MunicipalityId)> = None;
        let mut tie = false;
        for (i, name) in self.municipality_folded.iter().enumerate() {
            // The distance is at least the difference in length (most names end here) and what
            // the letter counts tell apart.
            if name.chars.abs_diff(chars) > budget || letters.distance_bound(&name.letters) > budget
            {
                continue;
            }
            let d = edit_distance(&folded, &name.text, budget);
            if d <= budget {
                match best {
                    Some((bd, _)) if d > bd => {}
                    Some((bd, _)) if d == bd => tie = true,
                    _ => {
                        best = Some((d, i as MunicipalityId));
                        tie = false;
                    }
                }
            }
        }
        match best {
            Some((d, id)) if !tie => (
                Some(NameTarget::Municipality(id)),
                NameMatch::Fuzzy {
                    distance: d.min(255) as u8,
                },
            ),
            _ => (None, NameMatch::Unmatched),
        }
    }

    /// The closest known municipality names (for suggestions), best first.
    pub fn suggestions(&self, written: &str, max: usize) -> Vec<&str> {
        let folded = fold_local_government(written);
        let limit = (folded.chars().count() / 2).max(2);
        let words = folded.split(' ').count();
        // The best `max` so far by (distance, name). A name further away than the last of them
        // cannot enter, so the distance only needs computing up to there (a tighter limit
        // lets `edit_distance` stop early); the result is the same as scoring every name.
        let mut best: Vec<(usize, &str)> = Vec::with_capacity(max + 1);
        for (f, m) in self
            .municipality_folded
            .iter()
            .zip(self.municipalities.iter())
        {
            let bound = match best.last() {
                Some((d, _)) if best.len() >= max => (*d).min(limit),
                _ => limit,
            };
            let f = &f.text;
            let mut d = edit_distance(&folded, f, bound);
            // Also compare with the candidate's first words: "Wezenbeek" ~ "Wezembeek-Oppem".
            // With no more words than the written name, that is the candidate itself.
            if let Some((cut, _)) = f.match_indices(' ').nth(words.saturating_sub(1)) {
                let head = &f[..cut];
                d = d.min(edit_distance(&folded, head, bound).saturating_add(1));
            }
            if d > bound {
                continue;
            }
            let entry = (d, m.name.as_str());
            let at = best.partition_point(|b| *b < entry);
            best.insert(at, entry);
            best.truncate(max);
        }
        best.into_iter().map(|(_, n)| n).collect()
    }

    /// A collaboration party as published, resolved.
    pub fn party(&self, written: &str) -> Party {
        let (target, matched) = self.resolve_name(written);
        Party {
            written: written.to_string(),
            resolved: match target {
                Some(NameTarget::Municipality(m)) => PartyKind::Municipality(m),
                Some(NameTarget::Vgc) => PartyKind::Vgc,
                Some(NameTarget::DeRand) => PartyKind::DeRand,
                Some(NameTarget::DeRandFor(m)) => PartyKind::DeRandFor(m),
                None => PartyKind::Unknown,
            },
            matched,
        }
    }

    /// The province a collaboration party lies in: its municipality's (also for vzw De Rand
    /// acting for one), Brussel for the VGC, Vlaams-Brabant for vzw De Rand; `None` when unknown.
    pub fn party_province(&self, p: &Party) -> Option<Province> {
        match p.resolved {
            PartyKind::Municipality(m) | PartyKind::DeRandFor(m) => {
                self.municipality(m).map(|x| x.province)
            }
            PartyKind::Vgc => Some(Province::Brussel),
            PartyKind::DeRand => Some(Province::VlaamsBrabant),
            PartyKind::Unknown => None,
        }
    }

    /// Matches an action title (without number) against the catalogue and its known other
    /// titles, tolerant of case, accents and small spelling differences.
    pub fn match_action_title(&self, title: &str) -> Option<u8> {
        let folded = fold(title);
        if folded.is_empty() {
            return None;
        }
        if let Some((_, no)) = self.action_titles.iter().find(|(t, _)| *t == folded) {
            return Some(*no);
        }
        let budget = typo_budget(folded.chars().count()).max(1) + folded.chars().count() / 12;
        let mut best: Option<(usize, u8)> = None;
        let mut tie = false;
        for (t, no) in &self.action_titles {
            let d = edit_distance(&folded, t, budget);
            if d <= budget {
                match best {
                    Some((bd, bno)) if d == bd && bno != *no => tie = true,
                    Some((bd, _)) if d >= bd => {}
                    _ => {
                        best = Some((d, *no));
                        tie = false;
                    }
                }
            }
        }
        if let (Some((_, no)), false) = (best, tie) {
            return Some(no);
        }
        // A title that starts with a full catalogue title followed by more words
        // ("Oefenkansen Nederlands organiseren voor volwassenen").
        let mut prefix_hit: Option<(usize, u8)> = None;
        for (t, no) in &self.action_titles {
            if t.len() >= 8
                && folded.starts_with(t.as_str())
                && folded[t.len()..].starts_with(' ')
                && prefix_hit.is_none_or(|(len, _)| t.len() > len)
            {
                prefix_hit = Some((t.len(), *no));
            }
        }
        prefix_hit.map(|(_, no)| no)
    }

    /// Reads a title that matches no catalogue title as an action of `objective` (the objective
    /// the file states) by the words they share, weighted by their rarity in the catalogue; only
    /// a clear winner among that objective's actions (see `words`).
    pub fn match_action_words(&self, title: &str, objective: u8) -> Option<WordMatch> {
        self.action_words.best(title, objective)
    }

    /// Recognises an objective by number ("2", "Doelstelling 2") or name ("Nederlands",
    /// "1 Gemeenschap", "Eén gemeenschap", "Veiligheid & leefbaarheid").
    pub fn match_objective(&self, text: &str) -> Option<u8> {
        let folded = fold(text);
        let stripped = folded
            .strip_prefix("doelstelling ")
            .or_else(|| folded.strip_prefix("ds "))
            .unwrap_or(&folded);
        if let Ok(n) = stripped.split(' ').next().unwrap_or("").parse::<u8>() {
            if (1..=7).contains(&n)
                && (stripped.len() <= 2 || self.objective_name_follows(stripped, n))
            {
                return Some(n);
            }
        }
        let key = stripped.replace(" en ", " ").replace(' ', "");
        for o in &self.objectives {
            let name = fold(&o.name).replace(" en ", " ").replace(' ', "");
            if key == name || key.starts_with(&name) && name.len() >= 4 {
                return Some(o.no);
            }
        }
        match key.as_str() {
            "1gemeenschap" | "eengemeenschap" | "gemeenschap" => Some(7),
            "veiligheidleefbaarheid" | "veiligheid" => Some(1),
            "nondiscriminatie" | "discriminatie" => Some(6),
            _ => None,
        }
    }

    fn objective_name_follows(&self, stripped: &str, n: u8) -> bool {
        // "2 Nederlands" is objective 2; "1 Gemeenschap" is objective 7.
        let rest = stripped.split_once(' ').map_or("", |(_, r)| r);
        if rest.is_empty() {
            return true;
        }
        if rest == "gemeenschap" {
            return false;
        }
        self.objective(n).is_some_and(|o| {
            fold(&o.name).replace(" en ", " ") == rest.replace(" en ", " ")
                || rest.starts_with(&fold(&o.name))
        })
    }

    /// Whether any figure is published for a call (`published_call_figures.csv`).
    pub fn has_figures(&self, call: u8) -> bool {
        self.published.iter().any(|p| p.call == call)
    }

    /// A published figure of a call.
    pub fn published(
        &self,
        call: u8,
        figure: &str,
        action: Option<u8>,
    ) -> Option<&PublishedFigure> {
        self.published
            .iter()
            .find(|p| p.call == call && p.figure == figure && p.action_no == action)
    }
}

/// "de rand io wemmel" → "wemmel".
fn de_rand_for(folded: &str) -> Option<&str> {
    let rest = folded
        .strip_prefix("vzw de rand ")
        .or_else(|| folded.strip_prefix("de rand vzw "))
        .or_else(|| folded.strip_prefix("de rand "))?;
    for marker in ["io ", "i o ", "i o v ", "iov ", "voor ", "namens "] {
        if let Some(name) = rest.strip_prefix(marker) {
            return Some(name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse_with_the_expected_counts() {
        let r = get();
        assert_eq!(r.objectives.len(), 7);
        assert_eq!(r.actions.len(), 24);
        assert_eq!(r.municipalities.len(), 300);
        assert_eq!(r.actions.iter().map(|a| a.kpis.len()).sum::<usize>(), 27);
        assert_eq!(r.action(9).map(|a| a.kpis.len()), Some(3));
        assert_eq!(
            r.action(2).map(|a| a.kpis[0].cents_per_unit),
            Some(2_500_000)
        );
        let facts = r.answer_facts();
        assert_eq!(facts.collaborations.len(), 24);
        assert_eq!(facts.mentorships.len(), 12);
        assert_eq!(facts.social_impact_bonds.len(), 1);
        assert_eq!(facts.action_references.len(), 4);
        let per_province = |p| r.municipalities.iter().filter(|m| m.province == p).count();
        assert_eq!(per_province(Province::Antwerpen), 69);
        assert_eq!(per_province(Province::WestVlaanderen), 64);
        assert_eq!(
            r.published(1, "total_eur", None).map(|p| p.value),
            Some(14_136_359)
        );
    }

    fn name_of(t: Option<NameTarget>) -> String {
        match t {
            Some(NameTarget::Municipality(m)) => get().municipalities[usize::from(m)].name.clone(),
            Some(NameTarget::DeRandFor(m)) => {
                format!("De Rand voor {}", get().municipalities[usize::from(m)].name)
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn names_resolve_with_prefixes_aliases_and_misspellings() {
        let r = get();
        let check = |w: &str, expect: &str, how: NameMatch| {
            let (t, m) = r.resolve_name(w);
            assert_eq!((name_of(t).as_str(), m), (expect, how), "{w}");
        };
        check("Stad Gent", "Gent", NameMatch::Exact);
        check("OCMW Gent", "Gent", NameMatch::Exact);
        check("Gemeente Lier", "Lier", NameMatch::Exact);
        check("sint genesius rode", "Sint-Genesius-Rode", NameMatch::Exact);
        check("SINT-NIKLAAS", "Sint-Niklaas", NameMatch::Exact);
        check("Rhode-Saint-Genèse", "Sint-Genesius-Rode", NameMatch::Alias);
        check("Hove (Antwerpen)", "Hove", NameMatch::Alias);
        check(
            "Wezenbeek-Oppem",
            "Wezembeek-Oppem",
            NameMatch::KnownMisspelling,
        );
        check("Kortrjik", "Kortrijk", NameMatch::Fuzzy { distance: 1 });
        check(
            "De Rand (io Wemmel)",
            "De Rand voor Wemmel",
            NameMatch::Exact,
        );
        check("De Rand vzw", "Some(DeRand)", NameMatch::Exact);
        check(
            "Vlaamse Gemeenschapscommissie",
            "Some(Vgc)",
            NameMatch::Exact,
        );
        check("Atlantis", "None", NameMatch::Unmatched);
        // Short names get no typo budget: Genk is not a misspelling of Gent.
        check("Genk", "Genk", NameMatch::Exact);
        check("Gant", "None", NameMatch::Unmatched);
    }

    #[test]
    fn suggestions_are_close_names() {
        let s = get().suggestions("Wezenbeek", 3);
        assert_eq!(s.first(), Some(&"Wezembeek-Oppem"), "{s:?}");
        assert_eq!(get().suggestions("Kortrjik", 1), vec!["Kortrijk"]);
    }

    #[test]
    fn suggestions_match_scoring_every_name() {
        // The plain definition: score every municipality, sort, take the first.
        fn plain<'r>(r: &'r Reference, written: &str, max: usize) -> Vec<&'r str> {
            let folded = fold_local_government(written);
            let limit = (folded.chars().count() / 2).max(2);
            let words = folded.split(' ').count();
            let mut scored: Vec<(usize, &str)> = r
                .municipality_folded
                .iter()
                .zip(r.municipalities.iter())
                .map(|(f, m)| {
                    let f = &f.text;
                    let head: String = f.split(' ').take(words).collect::<Vec<_>>().join(" ");
                    let d = edit_distance(&folded, f, limit)
                        .min(edit_distance(&folded, &head, limit) + 1);
                    (d, m.name.as_str())
                })
                .filter(|(d, _)| *d <= limit)
                .collect();
            scored.sort();
            scored.into_iter().take(max).map(|(_, n)| n).collect()
        }
        let r = get();
        for written in [
            "Wezenbeek",
            "Kortrjik",
            "Sint Niklas",
            "Sint-Martens",
            "vzw Buurtwerk Aalst 3",
            "Stad Gentbrugge",
            "Oost",
            "Heist op den Berg",
            "Sint-Genesius",
            "Xyz",
            "",
            "Lo",
            "Brussel Hoofdstad",
            "Kapelle op den Bos",
            "De Panne Koksijde",
            "Ieper Poperinge",
        ] {
            for max in [0, 1, 3, 10] {
                assert_eq!(
                    r.suggestions(written, max),
                    plain(r, written, max),
                    "{written} {max}"
                );
            }
        }
    }

    #[test]
    fn action_titles_match_tolerantly() {
        let r = get();
        assert_eq!(
            r.match_action_title("Oefenkansen Nederlands organiseren"),
            Some(5)
        );
        assert_eq!(r.match_action_title("oefenkansen nederlands"), Some(5));
        assert_eq!(
            r.match_action_title("Oefenkansen Nederland organiseren"),
            Some(5)
        );
        assert_eq!(r.match_action_title("Brugfiguren"), Some(15));
        assert_eq!(r.match_action_title("Actieplan polarisatie"), Some(2));
        assert_eq!(r.match_action_title("Begeleiding naar werk"), Some(9));
        assert_eq!(
            r.match_action_title("Begeleiding naar werk door mentor"),
            Some(11)
        );
        assert_eq!(
            r.match_action_title("Sociaal weefsel versterken (pleinmakers)"),
            Some(22)
        );
        assert_eq!(r.match_action_title("Vrijwilligerswerk stimuleren"), None);
    }

    #[test]
    fn objectives_match_by_number_and_name() {
        let r = get();
        assert_eq!(r.match_objective("Nederlands"), Some(2));
        assert_eq!(r.match_objective("Doelstelling 4"), Some(4));
        assert_eq!(r.match_objective("1 Gemeenschap"), Some(7));
        assert_eq!(r.match_objective("Eén gemeenschap"), Some(7));
        assert_eq!(r.match_objective("Veiligheid & leefbaarheid"), Some(1));
        assert_eq!(r.match_objective("Veiligheid en leefbaarheid"), Some(1));
        assert_eq!(r.match_objective("2. Nederlands"), Some(2));
        assert_eq!(r.match_objective("Non-discriminatie"), Some(6));
        assert_eq!(r.match_objective("Sport"), None);
    }
}
