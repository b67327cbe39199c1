//! Collaborations (question 2) as listed: each once, under the province where its lead lies,
//! with the lead's amount once per lead and remarks on repeats and shared municipalities. The
//! explorer's view and the export's Samenwerkingen sheet both take their rows from here.

use std::collections::BTreeMap;

use crate::checks::{join_dutch, Finding};
use crate::model::{
    Collaboration, CollaborationRef, CollaborationSource, Dataset, MunicipalitySet, Party,
    PartyKind, Province, Target,
};
use crate::{names, reference};

use super::{col, ColumnKind, Row, Table, TableKind, Value};

/// A collaboration's province: where its lead lies (the municipality's province, Brussel for
/// the VGC, Vlaams-Brabant for vzw De Rand), else the lead applicant's province in the file,
/// else as published.
pub(crate) fn collaboration_province(ds: &Dataset, c: &Collaboration) -> Option<Province> {
    reference::get()
        .party_province(&c.lead)
        .or_else(|| {
            ds.find_party_applicant(&c.lead)
                .and_then(|a| ds.applicant(a))
                .and_then(|a| a.province)
        })
        .or_else(|| c.province_as_published.as_deref().and_then(Province::parse))
}

/// Key that identifies a lead applicant across listings.
pub(crate) fn party_key(p: &Party) -> String {
    match p.resolved {
        PartyKind::Municipality(m) => format!("m{m}"),
        PartyKind::Vgc => "vgc".to_string(),
        PartyKind::DeRand | PartyKind::DeRandFor(_) => "derand".to_string(),
        PartyKind::Unknown => format!("?{}", names::fold_local_government(&p.written)),
    }
}

pub(crate) fn collaboration_municipalities(c: &Collaboration) -> MunicipalitySet {
    let mut set = MunicipalitySet::default();
    for p in std::iter::once(&c.lead).chain(c.partners.iter()) {
        if let Some(m) = p.resolved.municipality() {
            set.insert(m);
        }
    }
    set
}

/// "vermelding 18" for answer 2, the file place for a collaboration of the annex.
pub(crate) fn listing_label(ds: &Dataset, c: &Collaboration) -> String {
    match c.source {
        CollaborationSource::Answer2 { entry } => format!("vermelding {entry}"),
        CollaborationSource::Annex(o) => ds.place(o),
    }
}

/// "twee keer", "drie keer", "5 keer".
pub(crate) fn times(n: usize) -> String {
    match n {
        2 => "twee keer".to_string(),
        3 => "drie keer".to_string(),
        4 => "vier keer".to_string(),
        n => format!("{n} keer"),
    }
}

/// One listing of the sheet: a collaboration, the identical listings after it, where its lead
/// lies and which municipalities it names.
pub(crate) struct Listing<'a> {
    pub(crate) c: &'a Collaboration,
    /// Where the collaboration is in [`Dataset::all_collaborations`], then its repeats'.
    pub(crate) refs: Vec<CollaborationRef>,
    pub(crate) repeats: Vec<&'a Collaboration>,
    pub(crate) province: Option<Province>,
    pub(crate) munis: MunicipalitySet,
}

impl Listing<'_> {
    pub(crate) fn in_answer(&self) -> bool {
        matches!(self.c.source, CollaborationSource::Answer2 { .. })
    }
}

/// Every collaboration once: a listing repeated in the same source (answer 2, or the file) is
/// one listing with its repeats. In the order of [`Dataset::all_collaborations`].
pub(crate) fn listings(ds: &Dataset) -> Vec<Listing<'_>> {
    let mut out: Vec<Listing<'_>> = Vec::new();
    let mut seen: BTreeMap<(bool, String, Vec<String>), usize> = BTreeMap::new();
    for (r, c) in ds.all_collaborations() {
        let mut partners: Vec<String> = c.partners.iter().map(party_key).collect();
        partners.sort();
        let from_answer = matches!(c.source, CollaborationSource::Answer2 { .. });
        let key = (from_answer, party_key(&c.lead), partners);
        match seen.get(&key) {
            Some(&i) => {
                out[i].repeats.push(c);
                out[i].refs.push(r);
            }
            None => {
                seen.insert(key, out.len());
                out.push(Listing {
                    c,
                    refs: vec![r],
                    repeats: Vec::new(),
                    province: collaboration_province(ds, c),
                    munis: collaboration_municipalities(c),
                });
            }
        }
    }
    out
}

/// The total granted to the applicant a collaboration's lead stands for, if it applied.
pub(crate) fn lead_granted(ds: &Dataset, c: &Collaboration) -> Option<i64> {
    ds.find_party_applicant(&c.lead)
        .and_then(|a| ds.applicant_totals(a))
        .map(|t| t.granted)
}

/// "antwoord: Limburg" when answer 2 lists the collaboration under another province.
pub(crate) fn published_elsewhere(c: &Collaboration, province: Option<Province>) -> Option<String> {
    let published = c.province_as_published.as_deref()?.trim();
    if published.is_empty() || Province::parse(published) == province {
        return None;
    }
    Some(format!("antwoord: {published}"))
}

/// A listing with partners, as placed on the sheet and in the view.
pub(crate) struct Placed {
    /// Index into the listings.
    pub(crate) listing: usize,
    /// The lead's total, on the lead's first listing only (so that sums count it once).
    pub(crate) lead_amount: Option<i64>,
    /// Whether this is the lead's first listing.
    pub(crate) first_of_lead: bool,
    /// Dutch remarks: repeats, where the lead's amount is, municipalities shared with others.
    pub(crate) remarks: Vec<String>,
}

/// The listings with partners per province slot (provinces by name, unknown last), and the
/// listings without partners (no collaboration, counted apart).
pub(crate) struct Arranged {
    pub(crate) by_province: BTreeMap<usize, Vec<Placed>>,
    pub(crate) alone: Vec<usize>,
}

/// Places every listing: the province slot of its lead, its lead's amount once, its remarks.
pub(crate) fn arrange(ds: &Dataset, all: &[Listing<'_>]) -> Arranged {
    let slot = |p: Option<Province>| p.map_or(Province::ALL.len(), Province::index);
    let (with, alone): (Vec<usize>, Vec<usize>) =
        (0..all.len()).partition(|&i| !all[i].c.partners.is_empty());
    let mut by_slot: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &with {
        by_slot.entry(slot(all[i].province)).or_default().push(i);
    }
    // Where each lead's amount is shown: its first listing.
    let mut lead_shown: BTreeMap<String, String> = BTreeMap::new();
    let mut by_province = BTreeMap::new();
    for (s, list) in by_slot {
        let mut placed = Vec::new();
        for i in list {
            let l = &all[i];
            let c = l.c;
            let mut remarks: Vec<String> = Vec::new();
            if !l.repeats.is_empty() {
                let mut labels = vec![listing_label(ds, c)];
                labels.extend(l.repeats.iter().map(|r| listing_label(ds, r)));
                let listed = if l.in_answer() {
                    let entries: Vec<String> = labels
                        .iter()
                        .map(|x| x.trim_start_matches("vermelding ").to_string())
                        .collect();
                    format!("in het antwoord (vermeldingen {})", join_dutch(&entries))
                } else {
                    format!("in het bestand ({})", join_dutch(&labels))
                };
                remarks.push(format!("{} {listed}; hier één keer", times(labels.len())));
            }
            let lead = party_key(&c.lead);
            let first_of_lead = !lead_shown.contains_key(&lead);
            let mut lead_amount = None;
            if first_of_lead {
                lead_shown.insert(lead, listing_label(ds, c));
                lead_amount = lead_granted(ds, c);
                if lead_amount.is_none() {
                    remarks.push("de trekker heeft geen regels in het bestand".into());
                }
            } else if let Some(at) = lead_shown.get(&lead) {
                remarks.push(format!("bedrag van de trekker bij {at}"));
            }
            let shared: Vec<String> = with
                .iter()
                .map(|&o| &all[o])
                .filter(|o| !std::ptr::eq(*o, l) && o.in_answer() == l.in_answer())
                .filter(|o| o.munis.iter().any(|m| l.munis.contains(m)))
                .map(|o| listing_label(ds, o.c))
                .collect();
            if !shared.is_empty() {
                remarks.push(format!("deelt besturen met {}", join_dutch(&shared)));
            }
            placed.push(Placed {
                listing: i,
                lead_amount,
                first_of_lead,
                remarks,
            });
        }
        by_province.insert(s, placed);
    }
    Arranged { by_province, alone }
}

/// The provinces of a collaboration's partners, in Dutch ("Antwerpen", "Antwerpen, Limburg").
fn partner_provinces(c: &Collaboration) -> Vec<Province> {
    let r = reference::get();
    let mut out: Vec<Province> = c
        .partners
        .iter()
        .filter_map(|p| r.party_province(p))
        .collect();
    out.sort_by_key(|p| p.index());
    out.dedup();
    out
}

/// The view of question 2: per province of the lead, each collaboration once.
pub(crate) fn table(ds: &Dataset, findings: &[Finding]) -> Table {
    let mut t = Table::new(
        TableKind::Collaborations,
        "Samenwerkingen per provincie van de trekker (vraag 2)",
        vec![
            col("Nr", ColumnKind::Number),
            col("Trekker", ColumnKind::Text),
            col("Partners", ColumnKind::Text),
            col("Provincie partners", ColumnKind::Text),
            col("Besturen", ColumnKind::Count),
            col("Trekker kreeg", ColumnKind::Money),
            col("Opmerking", ColumnKind::Text),
        ],
    );
    t.unit = ("samenwerking", "samenwerkingen");
    if ds.facts.is_none() {
        t.notes.push(super::no_facts_note(ds));
        if !ds.collaborations.is_empty() {
            t.notes
                .push("Hieronder de samenwerkingen die het bestand zelf vermeldt.".to_string());
        }
    }
    t.empty = "Geen samenwerkingen in dit bestand.".to_string();
    let all = listings(ds);
    let arranged = arrange(ds, &all);
    let number = |c: &Collaboration| match c.source {
        CollaborationSource::Answer2 { entry } => Value::Count(u64::from(entry)),
        CollaborationSource::Annex(_) => Value::Empty,
    };
    let flags_of = |l: &Listing<'_>| -> Vec<&'static str> {
        let mut flags: Vec<&'static str> = findings
            .iter()
            .filter(|f| matches!(f.target, Some(Target::Collaboration(r)) if l.refs.contains(&r)))
            .map(|f| f.code.as_str())
            .collect();
        flags.sort_unstable();
        flags.dedup();
        flags
    };
    for (slot, placed) in &arranged.by_province {
        let province = Province::ALL.get(*slot).copied();
        let label = province.map_or("Provincie onbekend", Province::name);
        let g = t.group(label, province.map(Target::Province));
        for p in placed {
            let l = &all[p.listing];
            let c = l.c;
            let mut remarks = Vec::new();
            if let Some(elsewhere) = published_elsewhere(c, l.province) {
                remarks.push(elsewhere);
            }
            let partner_p = partner_provinces(c);
            if partner_p.iter().any(|pp| Some(*pp) != l.province) {
                remarks.push("over de provinciegrens".to_string());
            }
            remarks.extend(p.remarks.iter().cloned());
            let mut row = Row::new(
                Some(g),
                vec![
                    number(c),
                    Value::Text(c.lead.written.clone()),
                    Value::Text(
                        c.partners
                            .iter()
                            .map(|p| p.written.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Value::Text(
                        partner_p
                            .iter()
                            .map(|p| p.name())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Value::Count(l.munis.len() as u64),
                    p.lead_amount.map_or(Value::Empty, Value::Money),
                    Value::Text(remarks.join("; ")),
                ],
                l.refs.first().map(|r| Target::Collaboration(*r)),
            );
            row.flags = flags_of(l);
            t.rows.push(row);
        }
    }
    if !arranged.alone.is_empty() {
        let g = t.group("Zonder partners (geen samenwerking, apart geteld)", None);
        if let Some(group) = t.groups.get_mut(g) {
            group.apart = true;
        }
        for &i in &arranged.alone {
            let l = &all[i];
            let c = l.c;
            let mut remark = "geen partners: geen samenwerking".to_string();
            if !l.repeats.is_empty() {
                remark.push_str(&format!("; {} vermeld", times(l.repeats.len() + 1)));
            }
            if let Some(elsewhere) = published_elsewhere(c, l.province) {
                remark = format!("{elsewhere}; {remark}");
            }
            let mut row = Row::new(
                Some(g),
                vec![
                    number(c),
                    Value::Text(c.lead.written.clone()),
                    Value::Text("(geen partners)".to_string()),
                    Value::Empty,
                    Value::Count(l.munis.len() as u64),
                    Value::Empty,
                    Value::Text(remark),
                ],
                l.refs.first().map(|r| Target::Collaboration(*r)),
            );
            row.flags = flags_of(l);
            t.rows.push(row);
        }
    }
    let with: usize = arranged.by_province.values().map(Vec::len).sum();
    let mut munis = MunicipalitySet::default();
    for placed in arranged.by_province.values() {
        for p in placed {
            munis.union_with(&all[p.listing].munis);
        }
    }
    t.notes.push(format!(
        "{} onder de provincie van de trekker, elk één keer; {} (elk één keer geteld).          'Trekker kreeg' is het totaal van de trekker in het bestand, één keer per trekker.",
        t.count_label(with),
        crate::money::count(munis.len(), "deelnemende gemeente", "deelnemende gemeenten"),
    ));
    t
}
