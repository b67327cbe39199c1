//! The views of questions 3, 7 and 8: refusals per province, the mentorships of answer 7 and
//! the social impact bond stimulus of answer 8, each beside the lines of the file.

use crate::model::{ApplicantId, Dataset, Grant, LineKind, Province, Target, SIO_STIMULUS_LABEL};
use crate::money::format_eur;
use crate::reference;

use super::{col, ColumnKind, Row, Table, TableKind, Value};

fn province_label(p: Option<Province>) -> &'static str {
    p.map_or("Provincie onbekend", Province::name)
}

/// Groups in province order (by name, unknown last), whatever order rows come in.
fn province_groups(t: &mut Table, provinces: impl Iterator<Item = Option<Province>>) {
    let mut slots: Vec<Option<Province>> = provinces.collect();
    slots.sort_by_key(|p| p.map_or(Province::ALL.len(), Province::index));
    slots.dedup();
    for p in slots {
        t.group(province_label(p), p.map(Target::Province));
    }
}

/// The granted lines of an applicant that match `pred`, summed.
fn granted_sum(ds: &Dataset, a: Option<ApplicantId>, pred: impl Fn(&Grant) -> bool) -> Option<i64> {
    let lines: Vec<i64> = a
        .into_iter()
        .flat_map(|a| ds.grants_of(a))
        .filter(|g| g.is_granted() && pred(g))
        .map(|g| g.amount)
        .collect();
    (!lines.is_empty()).then(|| lines.iter().sum())
}

/// Question 3: the refused lines per province of the applicant, with the amount asked and the
/// reason. Without refusals, what answer 3 says.
pub fn refusals(ds: &Dataset) -> Table {
    let mut t = Table::new(
        TableKind::Refusals,
        "Geweigerde aanvragen per provincie (vraag 3)",
        vec![
            col("Aanvrager", ColumnKind::Text),
            col("Actie", ColumnKind::Text),
            col("Gevraagd", ColumnKind::Money),
            col("Reden van weigering", ColumnKind::Text),
            col("Plaats in het bestand", ColumnKind::Text),
        ],
    );
    t.unit = ("weigering", "weigeringen");
    let refused: Vec<(usize, &Grant)> = ds
        .grants
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.is_granted() && ds.counts(g))
        .collect();
    let province = |g: &Grant| ds.applicant(g.applicant).and_then(|a| a.province);
    province_groups(&mut t, refused.iter().map(|(_, g)| province(g)));
    for (i, g) in &refused {
        let p = province(g);
        let group = t.groups.iter().position(|x| x.label == province_label(p));
        let name = ds
            .applicant(g.applicant)
            .map_or_else(|| "onbekend".to_string(), |a| a.name.clone());
        let action = match g.kind {
            LineKind::Action(no) => reference::get()
                .action(no)
                .map_or_else(|| format!("{no}"), |a| format!("{no} {}", a.name)),
            kind => ds.line_label(kind),
        };
        t.rows.push(Row::new(
            group,
            vec![
                Value::Text(name),
                Value::Text(action),
                Value::Money(g.requested.get().unwrap_or(g.amount)),
                Value::Text(
                    ds.text(g.reason)
                        .unwrap_or("(geen reden vermeld)")
                        .to_string(),
                ),
                Value::Text(ds.place(g.origin)),
            ],
            Some(Target::Grant(*i as u32)),
        ));
    }
    t.empty =
        "Geen weigeringen in dit bestand: geen enkele regel heeft de status geweigerd.".to_string();
    if refused.is_empty() {
        match &ds.facts {
            Some(f) => {
                for fig in f.figures.iter().filter(|f| f.answer_question == "3") {
                    t.notes.push(format!(
                        "Antwoord 3: \"{}\" ({} weigeringen).",
                        fig.note, fig.value
                    ));
                }
            }
            None => t.notes.push(super::no_facts_note(ds)),
        }
    } else {
        t.notes.push(format!(
            "Per provincie het aantal weigeringen en het gevraagde bedrag; {} in dit bestand.",
            t.count_label(refused.len())
        ));
    }
    t
}

/// Question 7: the mentorships of answer 7, at the € 10.000 of question 7, beside the
/// applicant's grant for the mentored action and the mentorship line of the file.
pub fn mentorships(ds: &Dataset) -> Table {
    let mut t = Table::new(
        TableKind::Mentorships,
        "Mentorschappen per provincie (vraag 7)",
        vec![
            col("Lokaal bestuur", ColumnKind::Text),
            col("Actie", ColumnKind::Text),
            col("Bedrag (vraag 7)", ColumnKind::Money),
            col("Subsidie voor die actie", ColumnKind::Money),
            col("Mentorschap in het bestand", ColumnKind::Money),
        ],
    );
    t.unit = ("mentorschap", "mentorschappen");
    let Some(facts) = &ds.facts else {
        t.notes.push(super::no_facts_note(ds));
        t.empty = "Geen mentorschappen: antwoord 7 geldt niet voor dit bestand.".to_string();
        return t;
    };
    t.empty = "Antwoord 7 noemt geen mentorschappen.".to_string();
    province_groups(
        &mut t,
        facts
            .mentorships
            .iter()
            .map(|m| Province::parse(&m.province_as_published)),
    );
    for (i, m) in facts.mentorships.iter().enumerate() {
        let p = Province::parse(&m.province_as_published);
        let group = t.groups.iter().position(|x| x.label == province_label(p));
        let applicant = ds.applicant_by_name(&m.local_government);
        let for_action = granted_sum(ds, applicant, |g| g.kind == LineKind::Action(m.action_no));
        let line = granted_sum(
            ds,
            applicant,
            |g| matches!(g.kind, LineKind::Mentorship(k) if k.is_none_or(|k| k == m.action_no)),
        );
        t.rows.push(Row::new(
            group,
            vec![
                Value::Text(m.local_government.clone()),
                Value::Text(format!("{} {}", m.action_no, m.action_as_published)),
                Value::Money(reference::MENTORSHIP_CENTS),
                for_action.map_or(Value::Empty, Value::Money),
                line.map_or(Value::Empty, Value::Money),
            ],
            Some(Target::Mentorship(i as u32)),
        ));
    }
    t.notes.push(format!(
        "De mentorbesturen en hun acties komen uit antwoord 7; het bedrag van {} per \
         mentorschap uit vraag 7 (antwoord 7 noemt geen bedrag). 'Subsidie voor die actie' is \
         wat het bestuur in dit bestand voor de actie kreeg.",
        format_eur(reference::MENTORSHIP_CENTS)
    ));
    t
}

/// Question 8: answer 8 names no bond, only a stimulus to lay the basis for one; the view says
/// what the answer says and shows the line of the file.
pub fn bonds(ds: &Dataset) -> Table {
    let mut t = Table::new(
        TableKind::Bonds,
        "Sociale impactobligaties (vraag 8): de stimulans van antwoord 8",
        vec![
            col("Lokaal bestuur", ColumnKind::Text),
            col("Wat", ColumnKind::Text),
            col("Bedrag (antwoord 8)", ColumnKind::Money),
            col("Bijgestaan door", ColumnKind::Text),
            col("Regel in het bestand", ColumnKind::Money),
            col("Plaats", ColumnKind::Text),
        ],
    );
    t.unit = ("stimulans", "stimulansen");
    let Some(facts) = &ds.facts else {
        t.notes.push(super::no_facts_note(ds));
        t.empty = "Antwoord 8 geldt niet voor dit bestand.".to_string();
        return t;
    };
    t.empty = "Antwoord 8 noemt geen stimulans.".to_string();
    t.notes.push(
        "Vraag 8 vraagt de aangegane sociale impactobligaties met investeerder en sociale \
         organisatie. Antwoord 8 noemt geen aangegane obligatie, geen investeerder en geen \
         sociale organisatie: het beschrijft een stimulans om de basis te leggen voor een \
         sociale impactobligatie."
            .to_string(),
    );
    for (i, b) in facts.social_impact_bonds.iter().enumerate() {
        let p = Province::parse(&b.province);
        let group = t.group(province_label(p), p.map(Target::Province));
        let applicant = ds.applicant_by_name(&b.local_government);
        let lines: Vec<&Grant> = applicant
            .into_iter()
            .flat_map(|a| ds.grants_of(a))
            .filter(|g| g.is_granted() && g.kind == LineKind::SocialImpactBond)
            .collect();
        let place = lines
            .iter()
            .map(|g| ds.place(g.origin))
            .collect::<Vec<_>>()
            .join("; ");
        t.rows.push(Row::new(
            Some(group),
            vec![
                Value::Text(b.local_government.clone()),
                Value::Text(SIO_STIMULUS_LABEL.to_string()),
                Value::Money(b.stimulus_cents),
                Value::Text(b.partner.clone()),
                if lines.is_empty() {
                    Value::Empty
                } else {
                    Value::Money(lines.iter().map(|g| g.amount).sum())
                },
                if place.is_empty() {
                    Value::Text("geen regel in het bestand".to_string())
                } else {
                    Value::Text(place)
                },
            ],
            Some(Target::SocialImpactBond(i as u32)),
        ));
        t.notes.push(format!(
            "Antwoord 8 over {}: {}",
            b.local_government, b.description
        ));
    }
    t
}
