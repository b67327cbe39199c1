//! Every action with its amount, applicants, represented local governments and KPI units, per
//! objective; and the applicants of one action.

use std::collections::BTreeMap;

use crate::model::{ApplicantId, Dataset, LineKind, Target, ACTIONS, OBJECTIVES};
use crate::money::group_thousands;
use crate::reference;

use super::{col, ColumnKind, Row, Table, TableKind, Value};

/// KPI units summed per KPI of an action: "1.463 volwassen anderstaligen; 12 …".
fn kpi_text(no: u8, sums: &[u64; 3], seen: &[bool; 3]) -> String {
    let Some(action) = reference::get().action(no) else {
        return String::new();
    };
    action
        .kpis
        .iter()
        .enumerate()
        .filter(|(i, _)| seen.get(*i).copied().unwrap_or(false))
        .map(|(i, k)| format!("{} {}", group_thousands(sums[i]), k.unit))
        .collect::<Vec<_>>()
        .join("; ")
}

/// KPI sums of granted lines, per key.
#[derive(Default)]
struct Kpis {
    sums: [u64; 3],
    seen: [bool; 3],
}

impl Kpis {
    fn add(&mut self, units: &crate::model::Units) {
        for (i, u) in units.slots().iter().enumerate() {
            if let (Some(u), Some(sum), Some(seen)) =
                (u, self.sums.get_mut(i), self.seen.get_mut(i))
            {
                *sum += u64::from(*u);
                *seen = true;
            }
        }
    }
}

fn objective_label(no: u8) -> String {
    reference::get().objective(no).map_or_else(
        || format!("Doelstelling {no}"),
        |o| format!("{no} {}", o.name),
    )
}

/// The 24 actions per objective (and the lines outside the catalogue), each with its totals.
pub fn actions(ds: &Dataset) -> Table {
    let mut t = Table::new(
        TableKind::Actions,
        "Acties per doelstelling",
        vec![
            col("Nr", ColumnKind::Number),
            col("Actie", ColumnKind::Text),
            col("Bedrag", ColumnKind::Money),
            col("Aanvragers", ColumnKind::Count),
            col("Besturen", ColumnKind::Count),
            col("KPI (eenheden samen)", ColumnKind::Text),
        ],
    );
    t.unit = ("actie", "acties");
    let mut kpis: BTreeMap<u8, Kpis> = BTreeMap::new();
    for g in ds.grants.iter().filter(|g| g.is_granted() && ds.counts(g)) {
        if let LineKind::Action(no) = g.kind {
            kpis.entry(no).or_default().add(&g.units);
        }
    }
    let r = reference::get();
    for obj in 1..=OBJECTIVES as u8 {
        let group = t.group(&objective_label(obj), Some(Target::Objective(obj)));
        for a in r.actions.iter().filter(|a| a.objective == obj) {
            let Some(totals) = ds.action_totals(a.no) else {
                continue;
            };
            let k = kpis.get(&a.no);
            t.rows.push(Row::new(
                Some(group),
                vec![
                    Value::Count(u64::from(a.no)),
                    Value::Text(a.name.clone()),
                    Value::Money(totals.granted),
                    Value::Count(totals.applicants.len() as u64),
                    Value::Count(totals.represented.len() as u64),
                    Value::Text(k.map_or_else(String::new, |k| kpi_text(a.no, &k.sums, &k.seen))),
                ],
                Some(Target::Action(a.no)),
            ));
        }
        for u in ds.objective_unknown_totals(obj) {
            t.rows.push(Row::new(
                Some(group),
                vec![
                    Value::Empty,
                    Value::Text(format!("{} (niet in de catalogus)", u.label)),
                    Value::Money(u.granted),
                    Value::Count(u.applicants.len() as u64),
                    Value::Empty,
                    Value::Empty,
                ],
                None,
            ));
        }
    }
    let other = ds.other_totals();
    if !other.is_empty() {
        let group = t.group("Andere lijnen (geen actie van de catalogus)", None);
        if let Some(g) = t.groups.get_mut(group) {
            g.unit = Some(("andere lijn", "andere lijnen"));
        }
        for o in other {
            t.rows.push(Row::new(
                Some(group),
                vec![
                    Value::Empty,
                    Value::Text(o.label.clone()),
                    Value::Money(o.granted),
                    Value::Count(o.applicants.len() as u64),
                    Value::Empty,
                    Value::Empty,
                ],
                None,
            ));
        }
    }
    t.notes.push(format!(
        "Alle {ACTIONS} acties van de catalogus met het toegekende bedrag, het aantal aanvragers \
         en vertegenwoordigde lokale besturen (gemeenten die aanvrager of partner zijn) en de \
         KPI-eenheden van de regels samen. Enter toont de aanvragers van een actie."
    ));
    t
}

/// The applicants of one action per province, with their amount and KPI units for it.
pub fn applicants(ds: &Dataset, no: u8) -> Table {
    let title = reference::get().action(no).map_or_else(
        || format!("Actie {no}"),
        |a| format!("Actie {no} {}", a.name),
    );
    let mut t = Table::new(
        TableKind::ActionApplicants(no),
        format!("{title}: aanvragers per provincie"),
        vec![
            col("Aanvrager", ColumnKind::Text),
            col("Bedrag", ColumnKind::Money),
            col("Regels", ColumnKind::Count),
            col("KPI (eenheden)", ColumnKind::Text),
        ],
    );
    t.unit = ("aanvrager", "aanvragers");
    t.empty = format!(
        "Geen aanvragers met {} in dit bestand.",
        title.to_lowercase()
    );
    let mut per: BTreeMap<ApplicantId, (i64, u64, Kpis)> = BTreeMap::new();
    for g in ds
        .grants
        .iter()
        .filter(|g| g.is_granted() && ds.counts(g) && g.kind == LineKind::Action(no))
    {
        let e = per.entry(g.applicant).or_default();
        e.0 += g.amount;
        e.1 += 1;
        e.2.add(&g.units);
    }
    let province = |a: ApplicantId| ds.applicant(a).and_then(|x| x.province);
    let mut order: Vec<ApplicantId> = per.keys().copied().collect();
    order.sort_by_key(|a| {
        (
            province(*a).map_or(usize::MAX, |p| p.index()),
            ds.applicant(*a)
                .map(|x| crate::names::fold(&x.name))
                .unwrap_or_default(),
        )
    });
    for a in order {
        let Some((amount, lines, k)) = per.get(&a) else {
            continue;
        };
        let p = province(a);
        let group = t.group(
            p.map_or("Provincie onbekend", |p| p.name()),
            p.map(Target::Province),
        );
        t.rows.push(Row::new(
            Some(group),
            vec![
                Value::Text(
                    ds.applicant(a)
                        .map_or_else(|| "onbekend".to_string(), |x| x.name.clone()),
                ),
                Value::Money(*amount),
                Value::Count(*lines),
                Value::Text(kpi_text(no, &k.sums, &k.seen)),
            ],
            Some(Target::Applicant(a)),
        ));
    }
    t.notes.push(format!(
        "{} met toegekende regels voor deze actie. ← of Esc: terug naar alle acties.",
        t.count_label(per.len())
    ));
    t
}
