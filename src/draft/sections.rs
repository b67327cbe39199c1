//! The sections of the draft, one per question of 492. Every figure is computed here from the
//! dataset and followed by its source.

use std::collections::{BTreeMap, BTreeSet};

use crate::checks::{join_dutch, Finding};
use crate::model::{
    ApplicantId, ApplicantKind, CollaborationSource, Dataset, Grant, LineKind, MunicipalitySet,
    Party, PartyKind, Province, SIO_STIMULUS_LABEL,
};
use crate::money::{count, format_eur, group_thousands};
use crate::reference;
use crate::views::collaborations::{arrange, listings, party_key, published_elsewhere};

use super::{annex_source, published, Block, Section, Table};

/// How many applicants a province or objective names as its largest.
const TOP: usize = 3;

pub(super) fn all(ds: &Dataset, findings: &[Finding]) -> Vec<Section> {
    // Question 492 is about the first call: with several calls, answers 1 to 8 count the lines
    // of call 1 only (its published facts compare like with like); 9 sets the calls side by side.
    let first;
    let whole = ds;
    let ds = match super::answered_call(ds) {
        Some(call) => {
            first = ds.for_call(call);
            &first
        }
        None => ds,
    };
    vec![
        amounts(ds),
        collaborations(ds, findings),
        refusals(ds),
        applications(ds),
        budget(ds),
        section(
            6,
            "Overleg met de sector",
            vec![not_in_data(
                "of er overleg was met de sector en wat het opleverde",
            )],
        ),
        mentorships(ds),
        bond(ds),
        lessons(whole),
    ]
}

fn section(number: u8, title: &str, blocks: Vec<Block>) -> Section {
    Section {
        number,
        title: title.to_string(),
        blocks,
    }
}

fn not_in_data(what: &str) -> Block {
    Block::Paragraph(format!(
        "De gegevens beantwoorden niet {what}: dit deel van het antwoord schrijft het kabinet \
         zelf."
    ))
}

/// A figure of answer 492 by its key, in euro or as a count.
fn stated(ds: &Dataset, key: &str) -> Option<i64> {
    ds.facts
        .as_ref()?
        .figures
        .iter()
        .find(|f| f.figure == key)
        .map(|f| f.value)
}

/// The lines that count and are granted.
fn granted(ds: &Dataset) -> impl Iterator<Item = &Grant> + '_ {
    ds.grants.iter().filter(|g| g.is_granted() && ds.counts(g))
}

fn applicant_name(ds: &Dataset, a: ApplicantId) -> String {
    ds.applicant(a)
        .map_or_else(|| format!("aanvrager {a}"), |x| x.name.clone())
}

/// "Antwerpen (€ 1.030.000), Mechelen (€ 410.000)": the largest amounts of some applicants.
fn top(ds: &Dataset, applicants: &[ApplicantId], amount: impl Fn(ApplicantId) -> i64) -> String {
    let mut ranked: Vec<(i64, String)> = applicants
        .iter()
        .map(|&a| (amount(a), applicant_name(ds, a)))
        .filter(|(c, _)| *c != 0)
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    if let [(first, _), .., (last, _)] = ranked.as_slice() {
        if ranked.len() > TOP && first == last {
            return format!("alle {}: elk {}", ranked.len(), format_eur(*first));
        }
    }
    if ranked.is_empty() {
        return "–".to_string();
    }
    ranked
        .iter()
        .take(TOP)
        .map(|(c, n)| format!("{n} ({})", format_eur(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn province_of(ds: &Dataset, a: ApplicantId) -> Option<Province> {
    ds.applicant(a).and_then(|x| x.province)
}

fn province_label(p: Option<Province>) -> &'static str {
    p.map_or("Provincie onbekend", Province::name)
}

/// Question 1: the total, per province and per objective with the largest amounts.
fn amounts(ds: &Dataset) -> Section {
    let mut blocks = Vec::new();
    let all: Vec<&Grant> = granted(ds).collect();
    // Every line that counts, refused or not: the source of counts of applicants.
    let lines: Vec<&Grant> = ds.grants.iter().filter(|g| ds.counts(g)).collect();
    let receiving = all
        .iter()
        .map(|g| g.applicant)
        .collect::<BTreeSet<_>>()
        .len();
    let applicants = if receiving == ds.applicant_count() {
        count(receiving, "aanvrager", "aanvragers")
    } else {
        format!(
            "{receiving} van de {}",
            count(ds.applicant_count(), "aanvrager", "aanvragers")
        )
    };
    let mut total = format!(
        "Bijlage 1 geeft per gemeente per provincie de ondernomen acties en de bijbehorende \
         subsidie, geclusterd per doelstelling. In totaal werd {} toegekend aan {applicants} {}.",
        format_eur(ds.total_granted()),
        annex_source(ds, lines.iter().copied())
    );
    if let Some(euro) = stated(ds, "total_granted_first_call") {
        let diff = ds.total_granted() - euro * 100;
        total.push_str(&format!(
            " Vraag 1 noemt {} {}",
            format_eur(euro * 100),
            published("vraag 1")
        ));
        total.push_str(&match diff.cmp(&0) {
            std::cmp::Ordering::Equal => ": dat is hetzelfde bedrag.".to_string(),
            std::cmp::Ordering::Greater => {
                format!(": de bijlage geeft {} meer.", format_eur(diff))
            }
            std::cmp::Ordering::Less => {
                format!(": de bijlage geeft {} minder.", format_eur(-diff))
            }
        });
    }
    blocks.push(Block::Paragraph(total));

    let mut per_province = Table::new(&[
        ("Provincie", false),
        ("Bedrag", true),
        ("Aanvragers", true),
        ("Grootste bedragen", false),
        ("Bron", false),
    ]);
    let slots = Province::ALL.iter().map(|p| Some(*p)).chain([None]);
    for p in slots {
        let t = ds.province_totals(p);
        if t.applicants.is_empty() {
            continue;
        }
        let lines = lines
            .iter()
            .copied()
            .filter(|g| province_of(ds, g.applicant) == p);
        per_province.rows.push(vec![
            province_label(p).to_string(),
            format_eur(t.granted),
            group_thousands(t.applicants.len() as u64),
            top(ds, &t.applicants, |a| {
                ds.applicant_totals(a).map_or(0, |x| x.granted)
            }),
            annex_source(ds, lines),
        ]);
    }
    blocks.push(Block::Paragraph("Per provincie:".to_string()));
    blocks.push(Block::Table(per_province));

    let r = reference::get();
    let mut per_objective = Table::new(&[
        ("Doelstelling", false),
        ("Bedrag", true),
        ("Aanvragers", true),
        ("Grootste bedragen", false),
        ("Bron", false),
    ]);
    for o in &r.objectives {
        let applicants = ds.objective_applicants(o.no);
        if applicants.is_empty() {
            continue;
        }
        let i = usize::from(o.no - 1);
        let lines = lines
            .iter()
            .copied()
            .filter(|g| ds.line_objective(g.kind) == Some(o.no));
        per_objective.rows.push(vec![
            format!("{} {}", o.no, o.name),
            format_eur(ds.objective_total(o.no)),
            group_thousands(applicants.len() as u64),
            top(ds, applicants, |a| {
                ds.applicant_totals(a)
                    .and_then(|x| x.per_objective.get(i).copied())
                    .unwrap_or(0)
            }),
            annex_source(ds, lines),
        ]);
    }
    blocks.push(Block::Paragraph("Per doelstelling:".to_string()));
    blocks.push(Block::Table(per_objective));

    let others: Vec<String> = ds
        .other_totals()
        .iter()
        .map(|o| {
            let lines = all.iter().copied().filter(|g| {
                ds.line_objective(g.kind).is_none()
                    && ds.other_label(g.kind) == (o.kind, o.label.clone())
            });
            format!(
                "{}: {} {}",
                o.label,
                format_eur(o.granted),
                annex_source(ds, lines)
            )
        })
        .collect();
    if !others.is_empty() {
        blocks.push(Block::Paragraph(
            "Buiten de doelstellingen (samen met de doelstellingen het totaal):".to_string(),
        ));
        blocks.push(Block::List(others));
    }

    // West-Vlaanderen: the question asks for the explanation of the actions.
    let west: Vec<&Grant> = all
        .iter()
        .copied()
        .filter(|g| province_of(ds, g.applicant) == Some(Province::WestVlaanderen))
        .collect();
    if !west.is_empty() {
        let explained: Vec<&Grant> = west
            .iter()
            .copied()
            .filter(|g| ds.text(g.explanation).is_some_and(|e| !e.trim().is_empty()))
            .collect();
        let text = if explained.is_empty() {
            format!(
                "West-Vlaanderen: geen van de {} heeft een inhoudelijke toelichting in de \
                 bijlage {}; lokale besturen waren niet verplicht die te geven.",
                count(west.len(), "regel", "regels"),
                annex_source(ds, west.iter().copied())
            )
        } else {
            format!(
                "West-Vlaanderen: {} van de {} {} een inhoudelijke toelichting in de bijlage \
                 {}; ze staat per regel in de Excel-werkmap (samenleven export).",
                explained.len(),
                count(west.len(), "regel", "regels"),
                if explained.len() == 1 {
                    "heeft"
                } else {
                    "hebben"
                },
                annex_source(ds, explained.iter().copied())
            )
        };
        blocks.push(Block::Paragraph(text));
    }
    blocks.push(Block::Paragraph(
        "Het bedrag per gemeente per actie staat in de Excel-werkmap (samenleven export, blad \
         Overzicht en Per actie)."
            .to_string(),
    ));
    section(
        1,
        "Bedragen per provincie, per doelstelling en per gemeente",
        blocks,
    )
}

/// A party as it should be written: the municipality's own name, else as published.
fn party_name(p: &Party) -> String {
    match p.resolved {
        PartyKind::Municipality(m) => reference::get()
            .municipality(m)
            .map_or_else(|| p.written.clone(), |x| x.name.clone()),
        _ => p.written.clone(),
    }
}

/// Question 2: the collaborations per province of their lead, each once.
fn collaborations(ds: &Dataset, findings: &[Finding]) -> Section {
    let mut blocks = Vec::new();
    let all = listings(ds);
    if all.is_empty() {
        blocks.push(Block::Paragraph(
            "De gegevens vermelden geen intergemeentelijke samenwerkingen.".to_string(),
        ));
        return section(2, "Intergemeentelijke samenwerkingen per provincie", blocks);
    }
    let arranged = arrange(ds, &all);
    let source_of = |c: &crate::model::Collaboration, repeats: &[&crate::model::Collaboration]| {
        let mut entries: Vec<String> = Vec::new();
        let mut places: Vec<String> = Vec::new();
        for x in std::iter::once(c).chain(repeats.iter().copied()) {
            match x.source {
                CollaborationSource::Answer2 { entry } => entries.push(entry.to_string()),
                CollaborationSource::Annex(o) => places.push(ds.place(o)),
            }
        }
        if !entries.is_empty() {
            let word = if entries.len() == 1 {
                "vermelding"
            } else {
                "vermeldingen"
            };
            published(&format!("antwoord 2, {word} {}", join_dutch(&entries)))
        } else {
            format!("[bijlage, {}]", places.join("; "))
        }
    };
    let mut items = Vec::new();
    let mut leads = BTreeSet::new();
    let mut munis = MunicipalitySet::default();
    let mut listed = 0usize;
    for (slot, placed) in &arranged.by_province {
        let province = Province::ALL.get(*slot).copied();
        let mut parts = Vec::new();
        let mut p_munis = MunicipalitySet::default();
        for p in placed {
            let l = &all[p.listing];
            let partners: Vec<String> = l.c.partners.iter().map(party_name).collect();
            let mut text = format!(
                "{} (samen met {})",
                party_name(&l.c.lead),
                join_dutch(&partners)
            );
            if !l.repeats.is_empty() {
                text.push_str(&format!(
                    ", {} vermeld",
                    crate::views::collaborations::times(l.repeats.len() + 1)
                ));
            }
            if let Some(elsewhere) = published_elsewhere(l.c, l.province) {
                text.push_str(&format!(
                    ", in {}",
                    elsewhere.replacen("antwoord: ", "antwoord 2 onder ", 1)
                ));
            }
            text.push(' ');
            text.push_str(&source_of(l.c, &l.repeats));
            parts.push(text);
            leads.insert(party_key(&l.c.lead));
            p_munis.union_with(&l.munis);
        }
        listed += placed.len();
        munis.union_with(&p_munis);
        items.push(format!(
            "{} ({}, {}): {}",
            province_label(province),
            count(placed.len(), "samenwerking", "samenwerkingen"),
            count(p_munis.len(), "gemeente", "gemeenten"),
            parts.join("; ")
        ));
    }
    let facts_source = if ds.facts.is_some() {
        published("lijst van antwoord 2, hier geteld")
    } else {
        "[bijlage]".to_string()
    };
    blocks.push(Block::Paragraph(format!(
        "{} met {}; samen {} (elke samenwerking en elke gemeente één keer geteld; VGC en vzw De \
         Rand zijn geen gemeenten) {facts_source}. Per provincie van de trekker:",
        count(listed, "samenwerking", "samenwerkingen"),
        count(leads.len(), "trekker", "trekkers"),
        count(munis.len(), "deelnemende gemeente", "deelnemende gemeenten"),
    )));
    blocks.push(Block::List(items));
    if !arranged.alone.is_empty() {
        let alone: Vec<String> = arranged
            .alone
            .iter()
            .map(|&i| {
                let l = &all[i];
                format!("{} {}", party_name(&l.c.lead), source_of(l.c, &l.repeats))
            })
            .collect();
        blocks.push(Block::Paragraph(format!(
            "Apart, zonder partners en dus geen samenwerking: {}.",
            alone.join("; ")
        )));
    }
    if let (Some(submitters), Some(governments)) = (
        stated(ds, "project_submitters_in_collaborations"),
        stated(ds, "local_governments_in_collaborations"),
    ) {
        let mut text = format!(
            "Antwoord 2 vermeldt: \"{submitters} projectindieners vertegenwoordigen {governments} \
             samenwerkende lokale besturen\" {}.",
            published("antwoord 2")
        );
        if findings.iter().any(|f| f.code == "telling-antwoord") {
            text.push_str(
                " Die aantallen volgen niet uit de lijst van het antwoord: zie Na te kijken \
                 (telling-antwoord).",
            );
        }
        blocks.push(Block::Paragraph(text));
    }
    section(2, "Intergemeentelijke samenwerkingen per provincie", blocks)
}

/// Question 3: the refused lines per province with their reasons.
fn refusals(ds: &Dataset) -> Section {
    let mut blocks = Vec::new();
    let refused: Vec<&Grant> = ds
        .grants
        .iter()
        .filter(|g| !g.is_granted() && ds.counts(g))
        .collect();
    if refused.is_empty() {
        let lines: Vec<&Grant> = ds.grants.iter().filter(|g| ds.counts(g)).collect();
        blocks.push(Block::Paragraph(format!(
            "De bijlage bevat geen geweigerde aanvragen: alle {} zijn toegekend {}.",
            count(lines.len(), "regel", "regels"),
            annex_source(ds, lines.iter().copied())
        )));
    } else {
        let asked = |g: &Grant| g.requested.get().unwrap_or(g.amount);
        blocks.push(Block::Paragraph(format!(
            "De bijlage bevat {}; gevraagd was samen {} {}. Per provincie:",
            count(refused.len(), "geweigerde aanvraag", "geweigerde aanvragen"),
            format_eur(refused.iter().map(|g| asked(g)).sum()),
            annex_source(ds, refused.iter().copied())
        )));
        let mut t = Table::new(&[
            ("Provincie", false),
            ("Aanvrager", false),
            ("Actie", false),
            ("Gevraagd", true),
            ("Reden van weigering", false),
            ("Bron", false),
        ]);
        let mut sorted = refused.clone();
        sorted.sort_by_key(|g| {
            (
                province_of(ds, g.applicant).map_or(usize::MAX, Province::index),
                g.origin.sheet,
                g.origin.row,
            )
        });
        for g in sorted {
            let action = match g.kind {
                LineKind::Action(no) => reference::get()
                    .action(no)
                    .map_or_else(|| format!("{no}"), |a| format!("{no} {}", a.name)),
                kind => ds.line_label(kind),
            };
            t.rows.push(vec![
                province_label(province_of(ds, g.applicant)).to_string(),
                applicant_name(ds, g.applicant),
                action,
                format_eur(asked(g)),
                ds.text(g.reason)
                    .unwrap_or("(geen reden vermeld in de bijlage)")
                    .to_string(),
                annex_source(ds, [g]),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    if let Some(facts) = &ds.facts {
        for f in facts.figures.iter().filter(|f| f.answer_question == "3") {
            blocks.push(Block::Paragraph(format!(
                "Antwoord 3 vermeldt: \"{}\" ({}) {}.",
                f.note,
                count(
                    usize::try_from(f.value).unwrap_or(0),
                    "weigering",
                    "weigeringen"
                ),
                published("antwoord 3")
            )));
        }
    }
    section(3, "Geweigerde aanvragen", blocks)
}

/// Question 4: how many applied and how many local governments they represent.
fn applications(ds: &Dataset) -> Section {
    let lines: Vec<&Grant> = ds.grants.iter().filter(|g| ds.counts(g)).collect();
    let src = annex_source(ds, lines.iter().copied());
    let mut not_municipal: Vec<String> = ds
        .totals()
        .applicants
        .iter()
        .filter_map(|&a| ds.applicant(a))
        .filter(|a| matches!(a.kind, ApplicantKind::Vgc | ApplicantKind::DeRand))
        .map(|a| a.name.clone())
        .collect();
    not_municipal.sort();
    let mut text = format!(
        "Er dienden {} een aanvraag in; samen vertegenwoordigen ze {} (gemeenten die aanvrager \
         of partner in een samenwerking zijn)",
        count(ds.applicant_count(), "aanvrager", "aanvragers"),
        count(
            ds.local_government_count(),
            "lokaal bestuur",
            "lokale besturen"
        ),
    );
    if !not_municipal.is_empty() {
        text.push_str(&format!(
            "; {} {}",
            join_dutch(&not_municipal),
            if not_municipal.len() == 1 {
                "is geen gemeente"
            } else {
                "zijn geen gemeenten"
            }
        ));
    }
    text.push_str(&format!(
        ". In totaal werd {} verdeeld {src}.",
        format_eur(ds.total_granted())
    ));
    let mut blocks = vec![Block::Paragraph(text)];
    if let Some(n) = stated(ds, "local_governments_applying") {
        blocks.push(Block::Paragraph(format!(
            "Antwoord 4 vermeldt {n} lokale besturen die samen met de VGC en vzw De Rand een \
             aanvraag indienden {}.",
            published("antwoord 4")
        )));
    }
    blocks.push(not_in_data(
        "of de minister tevreden is over het aantal aanvragen, noch welke stappen hij zet",
    ));
    section(4, "Aanvragen en vertegenwoordigde lokale besturen", blocks)
}

/// Question 5: the budget.
fn budget(ds: &Dataset) -> Section {
    let mut blocks = Vec::new();
    if let Some(euro) = stated(ds, "budget_second_call") {
        blocks.push(Block::Paragraph(format!(
            "Antwoord 5 vermeldt {} voor de tweede oproep {}.",
            format_eur(euro * 100),
            published("antwoord 5")
        )));
    }
    blocks.push(not_in_data("of het budget toereikend is"));
    section(5, "Budget", blocks)
}

/// The granted lines of an applicant that match `pred`.
fn lines_of<'a>(
    ds: &'a Dataset,
    a: Option<ApplicantId>,
    pred: impl Fn(&Grant) -> bool + 'a,
) -> Vec<&'a Grant> {
    a.into_iter()
        .flat_map(|a| ds.grants_of(a))
        .filter(|g| g.is_granted() && ds.counts(g) && pred(g))
        .collect()
}

/// The applicant a name of the answer stands for.
fn applicant_for(ds: &Dataset, name: &str) -> Option<ApplicantId> {
    if let (Some(reference::NameTarget::Municipality(m)), _) = reference::get().resolve_name(name) {
        if let Some(id) = ds.applicant_by_municipality(m) {
            return Some(id);
        }
    }
    ds.applicant_by_name(name)
}

fn sum(lines: &[&Grant]) -> i64 {
    lines.iter().map(|g| g.amount).sum()
}

/// Question 7: the mentorships.
fn mentorships(ds: &Dataset) -> Section {
    let mut blocks = Vec::new();
    let file_lines: Vec<&Grant> = granted(ds)
        .filter(|g| matches!(g.kind, LineKind::Mentorship(_)))
        .collect();
    let Some(facts) = &ds.facts else {
        if file_lines.is_empty() {
            blocks.push(Block::Paragraph(
                "De bijlage bevat geen mentorschappen; antwoord 7 geldt niet voor dit bestand."
                    .to_string(),
            ));
        } else {
            let mut t = Table::new(&[
                ("Provincie", false),
                ("Lokaal bestuur", false),
                ("Mentorschap", false),
                ("Bedrag", true),
                ("Bron", false),
            ]);
            for g in &file_lines {
                t.rows.push(vec![
                    province_label(province_of(ds, g.applicant)).to_string(),
                    applicant_name(ds, g.applicant),
                    ds.line_label(g.kind),
                    format_eur(g.amount),
                    annex_source(ds, [*g]),
                ]);
            }
            blocks.push(Block::Paragraph(format!(
                "De bijlage bevat {} voor samen {} {}:",
                count(file_lines.len(), "mentorschap", "mentorschappen"),
                format_eur(sum(&file_lines)),
                annex_source(ds, file_lines.iter().copied())
            )));
            blocks.push(Block::Table(t));
        }
        return section(7, "Mentorschappen", blocks);
    };
    let per =
        stated(ds, "mentorship_extra_subsidy").map_or(reference::MENTORSHIP_CENTS, |e| e * 100);
    blocks.push(Block::Paragraph(format!(
        "Antwoord 7 noemt {} bij {} {}; per mentorschap is de additionele subsidie {} {}. De \
         bijlage bevat {} voor samen {} {}.",
        count(facts.mentorships.len(), "mentorschap", "mentorschappen"),
        count(
            facts
                .mentorships
                .iter()
                .map(|m| crate::names::fold(&m.local_government))
                .collect::<BTreeSet<_>>()
                .len(),
            "lokaal bestuur",
            "lokale besturen"
        ),
        published("antwoord 7"),
        format_eur(per),
        published("vraag 7"),
        count(file_lines.len(), "mentorschapsregel", "mentorschapsregels"),
        format_eur(sum(&file_lines)),
        annex_source(ds, file_lines.iter().copied())
    )));
    let mut t = Table::new(&[
        ("Provincie", false),
        ("Lokaal bestuur", false),
        ("Actie", false),
        ("Mentorschap in de bijlage", true),
        ("Bron", false),
    ]);
    let mut order: Vec<usize> = (0..facts.mentorships.len()).collect();
    order.sort_by_key(|&i| {
        Province::parse(&facts.mentorships[i].province_as_published)
            .map_or(usize::MAX, Province::index)
    });
    let mut untagged_shown: BTreeSet<ApplicantId> = BTreeSet::new();
    for i in order {
        let m = &facts.mentorships[i];
        let a = applicant_for(ds, &m.local_government);
        let no = m.action_no;
        let mut lines = lines_of(ds, a, move |g| g.kind == LineKind::Mentorship(Some(no)));
        let mut source = published("antwoord 7");
        // Lines without an action are shown once per applicant.
        if let Some(id) = a.filter(|id| !untagged_shown.contains(id)) {
            let untagged = lines_of(ds, a, |g| g.kind == LineKind::Mentorship(None));
            if !untagged.is_empty() {
                untagged_shown.insert(id);
                lines.extend(untagged);
            }
        }
        let amount = if lines.is_empty() {
            "geen regel".to_string()
        } else {
            source.push(' ');
            source.push_str(&annex_source(ds, lines.iter().copied()));
            format_eur(sum(&lines))
        };
        t.rows.push(vec![
            m.province_as_published.clone(),
            m.local_government.clone(),
            format!("{} (actie {})", m.action_as_published, m.action_no),
            amount,
            source,
        ]);
    }
    blocks.push(Block::Table(t));
    section(7, "Mentorschappen", blocks)
}

/// Question 8: the social impact bond; answer 8 names a stimulus, not a bond.
fn bond(ds: &Dataset) -> Section {
    let mut blocks = Vec::new();
    let file_lines: Vec<&Grant> = granted(ds)
        .filter(|g| g.kind == LineKind::SocialImpactBond)
        .collect();
    match &ds.facts {
        Some(facts) => {
            blocks.push(Block::Paragraph(format!(
                "Antwoord 8 noemt geen aangegane sociale impactobligatie, geen investeerder en \
                 geen sociale organisatie {}.",
                published("antwoord 8")
            )));
            for b in &facts.social_impact_bonds {
                let a = applicant_for(ds, &b.local_government);
                let lines = lines_of(ds, a, |g| g.kind == LineKind::SocialImpactBond);
                let in_file = if lines.is_empty() {
                    "de bijlage bevat er geen regel voor".to_string()
                } else {
                    format!(
                        "de bijlage vermeldt {} {}",
                        format_eur(sum(&lines)),
                        annex_source(ds, lines.iter().copied())
                    )
                };
                blocks.push(Block::Paragraph(format!(
                    "{} ({}) kreeg een {} van {} {}; {in_file}. {} wordt daarbij bijgestaan \
                     door {} {}.",
                    b.local_government,
                    b.province,
                    SIO_STIMULUS_LABEL.to_lowercase(),
                    format_eur(b.stimulus_cents),
                    published("antwoord 8"),
                    b.local_government,
                    b.partner,
                    published("antwoord 8")
                )));
            }
        }
        None if file_lines.is_empty() => blocks.push(Block::Paragraph(
            "De bijlage bevat geen stimulans sociale impactobligatie; antwoord 8 geldt niet voor \
             dit bestand."
                .to_string(),
        )),
        None => {
            let items: Vec<String> = file_lines
                .iter()
                .map(|g| {
                    format!(
                        "{}: {} {}",
                        applicant_name(ds, g.applicant),
                        format_eur(g.amount),
                        annex_source(ds, [*g])
                    )
                })
                .collect();
            blocks.push(Block::Paragraph(format!(
                "De bijlage bevat {} {}:",
                count(items.len(), "stimulans", "stimulansen"),
                SIO_STIMULUS_LABEL.to_lowercase()
            )));
            blocks.push(Block::List(items));
        }
    }
    section(8, "Sociale impactobligaties", blocks)
}

/// KPI units summed per KPI of an action over some lines: "1.463 volwassen anderstaligen".
fn kpi_units(no: u8, lines: &[&Grant]) -> Option<String> {
    let action = reference::get().action(no)?;
    let parts: Vec<String> = action
        .kpis
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let units: Vec<u64> = lines
                .iter()
                .filter_map(|g| g.units.get(i))
                .map(u64::from)
                .collect();
            (!units.is_empty())
                .then(|| format!("{} {}", group_thousands(units.iter().sum()), k.unit))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Question 9: what changed between calls, as far as the data knows it.
fn lessons(ds: &Dataset) -> Section {
    let mut blocks = Vec::new();
    let r = reference::get();
    let calls = &ds.call.calls_in_file;
    if calls.len() > 1 {
        // KPI units per action and call.
        let mut t = Table::new(&[("Actie", false)]);
        for c in calls {
            t.header.push(format!("Oproep {c}"));
            t.figures.push(false);
        }
        t.header.push("Bron".to_string());
        t.figures.push(false);
        for a in &r.actions {
            let lines: Vec<&Grant> = granted(ds)
                .filter(|g| g.kind == LineKind::Action(a.no))
                .collect();
            if lines.is_empty() {
                continue;
            }
            let mut row = vec![format!("{} {}", a.no, a.name)];
            let mut any = false;
            for c in calls {
                let of_call: Vec<&Grant> = lines
                    .iter()
                    .copied()
                    .filter(|g| g.call == Some(*c))
                    .collect();
                let units = kpi_units(a.no, &of_call);
                any |= units.is_some();
                row.push(units.unwrap_or_else(|| "–".to_string()));
            }
            if !any {
                continue;
            }
            row.push(annex_source(ds, lines.iter().copied()));
            t.rows.push(row);
        }
        blocks.push(Block::Paragraph(format!(
            "KPI-eenheden per actie en per oproep in de bijlage ({}):",
            ds.call.label()
        )));
        if t.rows.is_empty() {
            blocks.push(Block::Paragraph(
                "De bijlage bevat geen KPI-eenheden: wijzigingen van KPI's tussen de oproepen \
                 blijken er niet uit."
                    .to_string(),
            ));
        } else {
            blocks.push(Block::Table(t));
            blocks.push(Block::Paragraph(
                "De eenheden heten zoals de KPI's van oproep 1: de catalogus kent alleen die; \
                 een indicator die later wijzigde (antwoord 9), telt in een latere oproep \
                 mogelijk iets anders."
                    .to_string(),
            ));
        }
    } else {
        blocks.push(Block::Paragraph(format!(
            "De bijlage bevat één oproep ({}): wijzigingen van KPI's tussen oproepen blijken er \
             niet uit.",
            ds.call.label()
        )));
    }
    if let Some(facts) = &ds.facts {
        let mut items = Vec::new();
        let mut by_item: BTreeMap<&str, &crate::model::ActionReference> = BTreeMap::new();
        for x in &facts.action_references {
            by_item.insert(x.answer_item.as_str(), x);
        }
        for (item, x) in by_item {
            let no = x.action_no_in_catalogue;
            let name = r.action(no).map_or_else(
                || format!("actie {no}"),
                |a| format!("actie {no} {}", a.name),
            );
            let mut text = format!("Antwoord {item}: '{}' ({name}", x.subject_as_published);
            if x.action_no_as_published != no {
                text.push_str(&format!(
                    "; het antwoord noemt ze actie {}",
                    x.action_no_as_published
                ));
            }
            text.push_str(&format!(") {}", published(&format!("antwoord {item}"))));
            let lines: Vec<&Grant> = granted(ds)
                .filter(|g| g.kind == LineKind::Action(no))
                .collect();
            match kpi_units(no, &lines) {
                Some(units) => text.push_str(&format!(
                    "; in deze bijlage: {units} {}",
                    annex_source(ds, lines.iter().copied())
                )),
                None if lines.is_empty() => {
                    text.push_str("; in deze bijlage: geen regels voor deze actie")
                }
                None => text.push_str("; in deze bijlage: geen KPI-eenheden"),
            }
            items.push(text);
        }
        if !items.is_empty() {
            blocks.push(Block::Paragraph(
                "Antwoord 9 noemt deze acties bij de aanpassingen voor de volgende oproep (de \
                 nieuwe indicatoren zelf staan niet in de gegevens):"
                    .to_string(),
            ));
            blocks.push(Block::List(items));
        }
    }
    blocks.push(not_in_data("welke lessen de minister trekt"));
    section(9, "Lessen en gewijzigde KPI's tussen de oproepen", blocks)
}
