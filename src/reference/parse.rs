//! Parsing the embedded CSV files into a [`Reference`].

use std::collections::HashMap;

use serde::Deserialize;

use super::{words, FoldedName, NameTarget, PublishedFigure, Reference};
use crate::model::{
    Action, ActionReference, AnswerFacts, AnswerFigure, Collaboration, CollaborationSource,
    Funding, Kpi, Mentorship, Municipality, MunicipalityId, NameMatch, Objective, Province,
    SocialImpactBond,
};
use crate::names::{fold, fold_local_government};

const OBJECTIVES_CSV: &str = include_str!("../../data/objectives.csv");
const ACTIONS_CSV: &str = include_str!("../../data/actions.csv");
const KPI_CSV: &str = include_str!("../../data/kpi_rates_call1.csv");
const MUNICIPALITIES_CSV: &str = include_str!("../../data/municipalities.csv");
const ALIASES_CSV: &str = include_str!("../../data/municipality_aliases.csv");
const SPECIAL_CSV: &str = include_str!("../../data/special_applicants.csv");
const ACTION_ALIASES_CSV: &str = include_str!("../../data/action_aliases.csv");
const PUBLISHED_CSV: &str = include_str!("../../data/published_call_figures.csv");
const COLLABORATIONS_CSV: &str = include_str!("../../data/answer_492/collaborations.csv");
const MENTORSHIPS_CSV: &str = include_str!("../../data/answer_492/mentorships.csv");
const SIO_CSV: &str = include_str!("../../data/answer_492/social_impact_bonds.csv");
const ACTION_REFS_CSV: &str = include_str!("../../data/answer_492/action_references.csv");
const FIGURES_CSV: &str = include_str!("../../data/answer_492/figures.csv");

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
    pub(super) fn parse() -> Result<Reference, String> {
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
            municipality_by_chars: by_chars(&municipality_folded),
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
}

/// The index of each name, by its length in characters.
fn by_chars(names: &[FoldedName]) -> Vec<Vec<MunicipalityId>> {
    let mut by: Vec<Vec<MunicipalityId>> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if by.len() <= name.chars {
            by.resize(name.chars + 1, Vec::new());
        }
        if let Some(list) = by.get_mut(name.chars) {
            list.push(i as MunicipalityId);
        }
    }
    by
}
