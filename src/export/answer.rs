//! The sheets for the answer's questions 2, 3, 7 and 8: Samenwerkingen, Weigeringen,
//! Mentorschap and Sociale impactobligaties.

use std::collections::BTreeSet;

use rust_xlsxwriter::Worksheet;

use crate::checks::join_dutch;
use crate::model::{
    CollaborationSource, Grant, LineKind, MunicipalitySet, Province, Target, SIO_STIMULUS_LABEL,
};
use crate::money::count;
use crate::views::collaborations::{
    arrange, lead_granted, listings, party_key, published_elsewhere, times, Listing,
};
use crate::{money, names, reference};

use super::sheet::{Cell, Level, Sheet};
use super::sheets::*;
use super::ExportError;

/// Sheet 3: collaborations per province of their lead, each once, with the amounts of the lead
/// and counts of leads and participating municipalities; listings without partners apart.
pub(super) fn collaborations(ctx: &Ctx<'_>) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let mut s = Sheet::new(ctx, COLLABORATIONS)?;
    s.preamble("Intergemeentelijke samenwerkingen per provincie (vraag 2)")?;
    if ds.facts.is_none() {
        s.note(NO_FACTS_LINE)?;
        if ds.collaborations.is_empty() {
            return s.finish();
        }
        s.note("Hieronder de samenwerkingen die het bestand zelf vermeldt.")?;
        s.row += 1;
    }
    s.header(&[
        "Provincie",
        "Nr",
        "Trekker",
        "Partners",
        "Trekkers",
        "Deelnemende lokale besturen",
        "Toegekend aan de trekker",
        "Provincie in antwoord 2",
        "Opmerking",
        "Bron",
        KIND_HEADER,
    ])?;
    s.fix_width(3, 60.0);
    s.fix_width(8, 50.0);
    let all = listings(ds);
    let mut arranged = arrange(ds, &all);
    // A filtered view keeps only its rows (the place of a listing is its first reference).
    let kept = |i: usize| {
        all[i]
            .refs
            .first()
            .is_some_and(|r| ctx.keeps(Target::Collaboration(*r)))
    };
    for list in arranged.by_province.values_mut() {
        list.retain(|p| kept(p.listing));
    }
    arranged.by_province.retain(|_, list| !list.is_empty());
    arranged.alone.retain(|&i| kept(i));
    let first = s.row;
    let mut total_granted = 0i64;
    let mut all_leads = BTreeSet::new();
    let mut all_munis = MunicipalitySet::default();
    let mut listed = 0usize;
    for (slot, list) in &arranged.by_province {
        let pname = province_name(Province::ALL.get(*slot).copied());
        let p_first = s.row;
        let mut p_granted = 0i64;
        let mut leads = BTreeSet::new();
        let mut munis = MunicipalitySet::default();
        for placed in list {
            let l = &all[placed.listing];
            let c = l.c;
            s.text(0, pname, Level::Line)?;
            let bron = match c.source {
                CollaborationSource::Answer2 { entry } => {
                    s.centred_no(1, entry, Level::Line)?;
                    "antwoord 2".to_string()
                }
                CollaborationSource::Annex(o) => format!("bijlage, {}", ds.place(o)),
            };
            s.text(2, &c.lead.written, Level::Line)?;
            let partners = c
                .partners
                .iter()
                .map(|p| p.written.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            s.wrap(3, &partners, Level::Line)?;
            if placed.first_of_lead {
                s.int(4, 1, Level::Line)?;
            }
            if let Some(granted) = placed.lead_amount {
                s.money(6, granted, Level::Line)?;
                p_granted += granted;
            }
            s.int(5, l.munis.len() as u64, Level::Line)?;
            if let Some(elsewhere) = published_elsewhere(c, l.province) {
                s.text(7, &elsewhere, Level::Line)?;
            }
            if !placed.remarks.is_empty() {
                s.wrap(8, &placed.remarks.join("; "), Level::Line)?;
            }
            s.styled(9, &bron, Level::Line, Cell::Tag)?;
            s.tag(10, "samenwerking", Level::Line)?;
            s.end_row();
            leads.insert(party_key(&c.lead));
            munis.union_with(&l.munis);
        }
        listed += list.len();
        total_granted += p_granted;
        all_leads.extend(leads.iter().cloned());
        all_munis.union_with(&munis);
        // A province of one collaboration: its row carries the province's figures.
        if list.len() < 2 {
            continue;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        s.text(
            2,
            &format!(
                "Totaal {pname} ({})",
                count(list.len(), "samenwerking", "samenwerkingen")
            ),
            Level::Province,
        )?;
        s.int(4, leads.len() as u64, Level::Province)?;
        s.int(5, munis.len() as u64, Level::Province)?;
        s.money_subtotal(6, p_granted, p_first, p_last, Level::Province)?;
        s.tag(10, KIND_PROVINCE, Level::Province)?;
        s.end_row();
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        2,
        &format!(
            "Totaal ({})",
            count(listed, "samenwerking", "samenwerkingen")
        ),
        Level::Grand,
    )?;
    s.int(4, all_leads.len() as u64, Level::Grand)?;
    s.int(5, all_munis.len() as u64, Level::Grand)?;
    s.money_subtotal(6, total_granted, first, last, Level::Grand)?;
    s.tag(10, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.row += 1;
    let alone: Vec<&Listing<'_>> = arranged.alone.iter().map(|&i| &all[i]).collect();
    if !alone.is_empty() {
        s.note(&format!(
            "Apart geteld, geen samenwerking: {} zonder partners. Een aanvrager zonder partners \
             is geen intergemeentelijke samenwerking en telt niet mee in de totalen hierboven.",
            count(alone.len(), "vermelding", "vermeldingen")
        ))?;
        for l in &alone {
            let c = l.c;
            s.text(0, province_name(l.province), Level::Line)?;
            let bron = match c.source {
                CollaborationSource::Answer2 { entry } => {
                    s.centred_no(1, entry, Level::Line)?;
                    "antwoord 2".to_string()
                }
                CollaborationSource::Annex(o) => format!("bijlage, {}", ds.place(o)),
            };
            s.text(2, &c.lead.written, Level::Line)?;
            s.text(3, "(geen partners)", Level::Line)?;
            if let Some(granted) = lead_granted(ds, c) {
                s.money(6, granted, Level::Line)?;
            }
            if let Some(elsewhere) = published_elsewhere(c, l.province) {
                s.text(7, &elsewhere, Level::Line)?;
            }
            let mut remark = "geen partners: geen samenwerking, apart geteld".to_string();
            if !l.repeats.is_empty() {
                remark.push_str(&format!("; {} vermeld", times(l.repeats.len() + 1)));
            }
            s.wrap(8, &remark, Level::Line)?;
            s.styled(9, &bron, Level::Line, Cell::Tag)?;
            s.tag(10, KIND_ALONE, Level::Line)?;
            s.end_row();
        }
        s.row += 1;
    }
    s.note(
        "Een samenwerking is een trekker met minstens één partner. Elke samenwerking staat één \
         keer op dit blad, onder de provincie waar de trekker ligt; waar antwoord 2 ze onder een \
         andere provincie vermeldt, staat dat in de kolom 'Provincie in antwoord 2'. Een \
         samenwerking die twee keer vermeld staat, staat hier één keer (zie 'Opmerking').",
    )?;
    s.note(
        "Trekkers en deelnemende lokale besturen tellen in de totaalrijen elk één keer per \
         provincie en in het totaal: een gemeente in meer dan één samenwerking (zie 'Opmerking') \
         telt daar één keer, zodat de som van de rijen hoger kan liggen. Deelnemende lokale \
         besturen zijn gemeenten (trekker of partner); VGC en vzw De Rand zijn geen gemeenten.",
    )?;
    s.note(
        "'Toegekend aan de trekker' is het totaal dat de trekker als aanvrager in het bestand \
         toegekend kreeg (alle acties en andere lijnen samen), één keer per trekker; het bestand \
         verdeelt dat bedrag niet over de partners.",
    )?;
    let mut summary = format!(
        "Dit blad telt {} met {} en {} (elk één keer)",
        count(listed, "samenwerking", "samenwerkingen"),
        count(all_leads.len(), "trekker", "trekkers"),
        count(
            all_munis.len(),
            "deelnemende gemeente",
            "deelnemende gemeenten"
        )
    );
    if !alone.is_empty() {
        let names: Vec<String> = alone.iter().map(|l| l.c.lead.written.clone()).collect();
        summary.push_str(&format!(
            "; apart: {} zonder partners ({})",
            count(alone.len(), "aanvrager", "aanvragers"),
            join_dutch(&names)
        ));
    }
    summary.push('.');
    s.note(&summary)?;
    if let Some(f) = &ds.facts {
        for fig in f.figures.iter().filter(|f| f.answer_question == "2") {
            s.note(&format!("Antwoord 2 vermeldt: {}.", fig.note))?;
        }
    }
    if !ctx.whole() {
        s.note(
            "Dit blad toont alle samenwerkingen en de bedragen van hun trekkers in het hele \
             bestand, ongeacht de selectie.",
        )?;
    }
    s.finish()
}

/// Sheet 4: refused lines per province with reasons.
pub(super) fn refusals(ctx: &Ctx<'_>) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let mut s = Sheet::new(ctx, REFUSALS)?;
    s.preamble(&format!(
        "Geweigerde aanvragen per provincie met reden (vraag 3){}",
        ctx.scope_suffix()
    ))?;
    let mut lines: Vec<(usize, u32, usize)> = ctx
        .refused()
        .filter(|(i, _)| ctx.keeps(Target::Grant(*i as u32)))
        .map(|(i, g)| {
            (
                province_slot(ctx.province_of(g.applicant)),
                ctx.applicant_rank(g.applicant),
                i,
            )
        })
        .collect();
    lines.sort();
    if ds.facts.is_none() {
        s.note(NO_FACTS_LINE)?;
        if lines.is_empty() {
            s.note("Het bestand zelf bevat geen geweigerde regels.")?;
            return s.finish();
        }
    }
    if lines.is_empty() {
        s.note(&format!(
            "Geen geweigerde aanvragen: 0 regels met status geweigerd in {}.",
            if ctx.whole() {
                "dit bestand"
            } else {
                "deze selectie"
            }
        ))?;
        if let Some(f) = &ds.facts {
            for fig in f.figures.iter().filter(|f| f.answer_question == "3") {
                s.note(&format!(
                    "Antwoord 3: {} ({} weigeringen).",
                    fig.note, fig.value
                ))?;
            }
        }
        return s.finish();
    }
    s.header(&[
        "Provincie",
        "Lokaal bestuur",
        "Doelstelling",
        "Actie",
        "Omschrijving",
        "Bedrag",
        "Reden van weigering",
        "Plaats in het bestand",
        KIND_HEADER,
    ])?;
    s.fix_width(6, 50.0);
    let first = s.row;
    let mut i = 0;
    let mut total = 0i64;
    while i < lines.len() {
        let slot = lines[i].0;
        let pname = province_name(Province::ALL.get(slot).copied());
        let p_first = s.row;
        let mut p_total = 0i64;
        let mut n = 0;
        while i < lines.len() && lines[i].0 == slot {
            if let Some(g) = ds.grants.get(lines[i].2) {
                s.text(0, pname, Level::Line)?;
                s.text(1, ctx.applicant_name(g.applicant), Level::Line)?;
                s.text(2, &cluster_label(cluster(ds, g.kind)), Level::Line)?;
                if let Some(no) = g.action_no() {
                    s.action_no(3, no, Level::Line)?;
                }
                s.text(4, &line_description(ds, g.kind), Level::Line)?;
                s.money(5, g.amount, Level::Line)?;
                s.wrap(
                    6,
                    ds.text(g.reason).unwrap_or("(geen reden vermeld)"),
                    Level::Line,
                )?;
                s.text(7, &ds.place(g.origin), Level::Line)?;
                s.tag(8, "weigering", Level::Line)?;
                s.end_row();
                p_total += g.amount;
                n += 1;
            }
            i += 1;
        }
        total += p_total;
        // A province of one line: the line carries its total.
        if n < 2 {
            continue;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        s.text(
            4,
            &format!("Totaal {pname} ({})", count(n, "weigering", "weigeringen")),
            Level::Province,
        )?;
        s.money_subtotal(5, p_total, p_first, p_last, Level::Province)?;
        s.tag(8, KIND_PROVINCE, Level::Province)?;
        s.end_row();
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        4,
        &format!("Totaal geweigerd ({} regels)", lines.len()),
        Level::Grand,
    )?;
    s.money_subtotal(5, total, first, last, Level::Grand)?;
    s.tag(8, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.finish()
}

/// Sheet 5: the mentorships of answer 7 per province, at the € 10.000 of question 7.
pub(super) fn mentorships(ctx: &Ctx<'_>) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let mut s = Sheet::new(ctx, MENTORSHIPS)?;
    s.preamble("Mentorschappen per provincie (vraag 7)")?;
    let Some(facts) = &ds.facts else {
        s.note(NO_FACTS_LINE)?;
        return s.finish();
    };
    s.header(&[
        "Provincie",
        "Lokaal bestuur",
        "Actie",
        "Actie zoals gepubliceerd",
        "Bedrag (vraag 7)",
        "Mentorschap in de bijlage",
        "Inhoudelijke toelichting",
        KIND_HEADER,
    ])?;
    s.fix_width(6, 60.0);
    let mut rows: Vec<(usize, String, usize)> = facts
        .mentorships
        .iter()
        .enumerate()
        .filter(|(i, _)| ctx.keeps(Target::Mentorship(*i as u32)))
        .map(|(i, m)| {
            (
                province_slot(Province::parse(&m.province_as_published)),
                names::fold(&m.local_government),
                i,
            )
        })
        .collect();
    rows.sort();
    let first = s.row;
    let mut total = 0i64;
    let mut i = 0;
    while i < rows.len() {
        let slot = rows[i].0;
        let pname = province_name(Province::ALL.get(slot).copied());
        let p_first = s.row;
        let mut p_total = 0i64;
        let mut n = 0;
        while i < rows.len() && rows[i].0 == slot {
            if let Some(m) = facts.mentorships.get(rows[i].2) {
                s.text(0, pname, Level::Line)?;
                s.text(1, &m.local_government, Level::Line)?;
                s.action_no(2, m.action_no, Level::Line)?;
                s.text(3, &m.action_as_published, Level::Line)?;
                s.money(4, reference::MENTORSHIP_CENTS, Level::Line)?;
                // The matching mentorship line of the data, if the file has it.
                let in_data: Vec<&Grant> = ds
                    .applicant_by_name(&m.local_government)
                    .into_iter()
                    .flat_map(|a| ds.grants_of(a))
                    .filter(|g| {
                        g.is_granted()
                            && matches!(g.kind, LineKind::Mentorship(k) if k.is_none_or(|k| k == m.action_no))
                    })
                    .collect();
                if !in_data.is_empty() {
                    s.money(5, in_data.iter().map(|g| g.amount).sum(), Level::Line)?;
                }
                let expl: Vec<&str> = in_data
                    .iter()
                    .filter_map(|g| ds.text(g.explanation))
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .collect();
                if !expl.is_empty() {
                    s.wrap(6, &expl.join("\n"), Level::Line)?;
                }
                s.tag(7, "mentorschap", Level::Line)?;
                s.end_row();
                p_total += reference::MENTORSHIP_CENTS;
                n += 1;
            }
            i += 1;
        }
        total += p_total;
        // A province of one line: the line carries its total.
        if n < 2 {
            continue;
        }
        let p_last = s.row.saturating_sub(1);
        s.fill(Level::Province)?;
        s.text(0, pname, Level::Province)?;
        s.text(
            3,
            &format!(
                "Totaal {pname} ({})",
                count(n, "mentorschap", "mentorschappen")
            ),
            Level::Province,
        )?;
        s.money_subtotal(4, p_total, p_first, p_last, Level::Province)?;
        s.tag(7, KIND_PROVINCE, Level::Province)?;
        s.end_row();
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        3,
        &format!(
            "Totaal ({})",
            count(rows.len(), "mentorschap", "mentorschappen")
        ),
        Level::Grand,
    )?;
    s.money_subtotal(4, total, first, last, Level::Grand)?;
    s.tag(7, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.row += 1;
    s.note(&format!(
        "De mentorbesturen en hun acties komen uit antwoord 7. Het bedrag komt uit vraag 7: \
         'Gemeenten kunnen ook het mentorschap opnemen in ruil voor een additionele subsidie van \
         10.000 euro' ({} per mentorschap, vraag 7); antwoord 7 noemt geen bedrag. De kolom \
         'Mentorschap in de bijlage' toont het bedrag van de overeenkomstige regel in het bestand.",
        money::format_eur(reference::MENTORSHIP_CENTS)
    ))?;
    s.finish()
}

/// Sheet 6: question 8 asks for the social impact bonds entered into; answer 8 describes a
/// stimulus to lay the basis for one. The sheet says exactly that.
pub(super) fn bonds(ctx: &Ctx<'_>) -> Result<Vec<Worksheet>, ExportError> {
    let ds = ctx.ds;
    let mut s = Sheet::new(ctx, BONDS)?;
    s.preamble("Sociale impactobligaties (vraag 8): de stimulans van antwoord 8")?;
    let Some(facts) = &ds.facts else {
        s.note(NO_FACTS_LINE)?;
        return s.finish();
    };
    s.header(&[
        "Provincie",
        "Lokaal bestuur",
        "Wat",
        "Bedrag",
        "Bijgestaan door",
        "Inhoudelijke toelichting (antwoord 8)",
        "Stimulans in de bijlage",
        KIND_HEADER,
    ])?;
    s.fix_width(5, 70.0);
    let first = s.row;
    let mut total = 0i64;
    let kept: Vec<&crate::model::SocialImpactBond> = facts
        .social_impact_bonds
        .iter()
        .enumerate()
        .filter(|(i, _)| ctx.keeps(Target::SocialImpactBond(*i as u32)))
        .map(|(_, b)| b)
        .collect();
    for b in &kept {
        s.text(0, &b.province, Level::Line)?;
        s.text(1, &b.local_government, Level::Line)?;
        s.text(2, SIO_STIMULUS_LABEL, Level::Line)?;
        s.money(3, b.stimulus_cents, Level::Line)?;
        s.text(4, &b.partner, Level::Line)?;
        s.wrap(5, &b.description, Level::Line)?;
        // The matching line of the data, if the file has it.
        let in_data: Vec<i64> = ds
            .applicant_by_name(&b.local_government)
            .into_iter()
            .flat_map(|a| ds.grants_of(a))
            .filter(|g| g.is_granted() && g.kind == LineKind::SocialImpactBond)
            .map(|g| g.amount)
            .collect();
        if !in_data.is_empty() {
            s.money(6, in_data.iter().sum(), Level::Line)?;
        }
        s.tag(7, KIND_SIO_STIMULUS, Level::Line)?;
        s.end_row();
        total += b.stimulus_cents;
    }
    let last = s.row.saturating_sub(1);
    s.fill(Level::Grand)?;
    s.text(
        1,
        &format!("Totaal ({})", count(kept.len(), "stimulans", "stimulansen")),
        Level::Grand,
    )?;
    s.money_subtotal(3, total, first, last, Level::Grand)?;
    s.tag(7, KIND_GRAND, Level::Grand)?;
    s.end_row();
    s.row += 1;
    s.note(
        "Vraag 8 vraagt een overzicht van de aangegane sociale impactobligaties met investeerder, \
         sociale organisatie, bedrag en inhoudelijke toelichting. Antwoord 8 noemt geen aangegane \
         sociale impactobligatie, geen investeerder en geen sociale organisatie: het beschrijft een \
         financiële stimulans waarmee een lokaal bestuur kan experimenteren met deze \
         financieringsconstructie. Stad Sint-Niklaas is het enige lokale bestuur dat hierop \
         indiende; stadskrachten van AP Hogeschool staan het bestuur bij om zo de basis te leggen \
         voor een sociale impactobligatie (SIO).",
    )?;
    s.note(
        "De kolom 'Stimulans in de bijlage' toont het bedrag van de overeenkomstige regel in het \
         bestand.",
    )?;
    s.finish()
}
