//! Writes a [`SamplePlan`] as the sample workbook (layout in `data/annex/README.md`).

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::model::{LineKind, Province};
use crate::reference::{self, Reference};

use super::{SampleLine, SamplePlan, SHEETS, VOORBEELD, VOORBEELD_CALL2};

/// "120 / 10 / 5" for a multi-KPI action, the number for a single-KPI one.
enum KpiCell {
    Number(u32),
    Text(String),
    Empty,
}

fn kpi_cell(r: &Reference, l: &SampleLine) -> KpiCell {
    let LineKind::Action(no) = l.kind else {
        return KpiCell::Empty;
    };
    let n = r.action(no).map_or(0, |a| a.kpis.len());
    match n {
        0 => KpiCell::Empty,
        1 => KpiCell::Number(l.units.get(0).unwrap_or(0)),
        _ => KpiCell::Text(
            (0..n.min(3))
                .map(|k| l.units.get(k).unwrap_or(0).to_string())
                .collect::<Vec<_>>()
                .join(" / "),
        ),
    }
}

fn action_label(r: &Reference, l: &SampleLine) -> String {
    match l.kind {
        LineKind::Action(no) => format!(
            "Actie {no} – {}",
            r.action(no).map_or("", |a| a.name.as_str())
        ),
        LineKind::Mentorship(no) => format!(
            "Mentorschap – {} (actie {})",
            l.mentorship_title.as_deref().unwrap_or(""),
            no.unwrap_or(0)
        ),
        LineKind::SocialImpactBond => crate::model::SIO_STIMULUS_LABEL.to_string(),
        LineKind::UnknownAction(_) => String::new(),
    }
}

/// Objective cluster of a line: objective number, or 0 for the financial stimuli.
fn cluster(r: &Reference, kind: LineKind) -> u8 {
    match kind {
        LineKind::Action(no) => r.objective_of(no).unwrap_or(0),
        _ => 0,
    }
}

fn cluster_label(r: &Reference, c: u8) -> String {
    match r.objective(c) {
        Some(o) if c > 0 => format!("{}. {}", o.no, o.name),
        _ => "Financiële stimulansen".to_string(),
    }
}

/// The workbook of a plan, as bytes (deterministic): the call-1 sample.
pub fn write_workbook(plan: &SamplePlan) -> Result<Vec<u8>, XlsxError> {
    write_edition(plan, 1)
}

/// The second call's text of the `Toelichting` sheet.
const CALL2_TEXT: [&str; 9] = [
    "Dit bestand is een voorbeeld van een tweede oproep. Alle bedragen, KPI-eenheden en de nieuwe deelnemers zijn synthetisch: ze zijn gegenereerd door samenleven en zijn geen echte cijfers van oproep 2.",
    "De bedragen zijn zo gekalibreerd dat de gepubliceerde cijfers van oproep 2 (projectperiode 2, 2024) exact kloppen:",
    "  • totaal € 16.907.780;",
    "  • actie 2 (lokaal actieplan polarisatie): € 475.000 voor 19 actieplannen, 34 lokale besturen;",
    "  • actie 5 (oefenkansen Nederlands): € 4.030.860, 135 lokale besturen;",
    "  • 40 nieuwe lokale besturen (zoals het bericht over het tweede jaar meldt): 144 vertegenwoordigde lokale besturen, plus de VGC en vzw De Rand.",
    "De aanvragers van het voorbeeld van oproep 1 lopen door met gewijzigde bedragen; enkele subsidies stoppen (ook de eenmalige stimulans sociale impactobligatie), enkele acties zijn nieuw. De samenwerkingen staan in de kolom Partners.",
    "De namen van de nieuwe deelnemers zijn echte gemeenten, maar hun deelname is verzonnen.",
    "Gebruik dit bestand alleen om samenleven uit te proberen (samenleven --vergelijk), nooit als bron van echte cijfers.",
];

/// The workbook of a plan of call 1 (the bundled sample) or call 2 (its synthetic second call,
/// with a `Partners` column).
pub fn write_edition(plan: &SamplePlan, call: u8) -> Result<Vec<u8>, XlsxError> {
    let r = reference::get();
    let second = call == 2;
    let marker = if second { VOORBEELD_CALL2 } else { VOORBEELD };
    let mut wb = Workbook::new();
    let created = if second {
        ExcelDateTime::from_ymd(2024, 9, 1)?.and_hms(12, 0, 0)?
    } else {
        ExcelDateTime::from_ymd(2023, 9, 1)?.and_hms(12, 0, 0)?
    };
    let props = if second {
        DocProperties::new()
            .set_title("Plan Samenleven — oproep 2 (VOORBEELD, synthetische bedragen)")
            .set_subject("Synthetische voorbeeldbijlage van een tweede oproep (oproep 2)")
            .set_author("samenleven")
            .set_comment("VOORBEELD: de bedragen zijn synthetisch, geen echte cijfers van oproep 2")
            .set_creation_datetime(&created)
    } else {
        DocProperties::new()
            .set_title("Plan Samenleven — Bijlage 1 (VOORBEELD, synthetische bedragen)")
            .set_subject("Synthetische voorbeeldbijlage bij schriftelijke vraag 492 (oproep 1)")
            .set_author("samenleven")
            .set_comment("VOORBEELD: de bedragen zijn synthetisch, niet de echte Bijlage 1")
            .set_creation_datetime(&created)
    };
    wb.set_properties(&props);

    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let euro_fmt = "[$€-813] #,##0";
    let euro = Format::new().set_num_format(euro_fmt);
    let euro_bold = Format::new().set_num_format(euro_fmt).set_bold();
    let header = Format::new()
        .set_bold()
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let right = Format::new().set_align(FormatAlign::Right);

    // Toelichting.
    {
        let ws = wb.add_worksheet().set_name(SHEETS[0])?;
        ws.set_column_width(0, 110)?;
        ws.write_string_with_format(0, 0, marker, &title)?;
        let text1 = [
            "Dit bestand is een voorbeeld. Alle bedragen en KPI-eenheden zijn synthetisch: ze zijn gegenereerd door samenleven en zijn niet de echte Bijlage 1 bij schriftelijke vraag 492.",
            "De bedragen zijn zo gekalibreerd dat de gepubliceerde cijfers van oproep 1 (projectperiode 1, 2022-2023) exact kloppen:",
            "  • totaal € 14.136.359;",
            "  • actie 2 (lokaal actieplan polarisatie): € 400.000 voor 16 actieplannen, 24 lokale besturen;",
            "  • actie 5 (oefenkansen Nederlands): € 3.389.566, 92 lokale besturen;",
            "  • 104 vertegenwoordigde lokale besturen, plus de VGC en vzw De Rand;",
            "  • 12 mentorschappen (antwoord 7) van elk € 10.000 (vraag 7) en de stimulans sociale impactobligatie van € 25.000 voor Sint-Niklaas (antwoord 8).",
            "De samenwerkingen, mentorschappen en de stimulans sociale impactobligatie volgen de feiten van het antwoord op vraag 492.",
            "De namen van de deelnemers uit antwoord 492 zijn echt; de bedragen, eenheden en toelichtingen zijn dat niet.",
            "Gebruik dit bestand alleen om samenleven uit te proberen, nooit als bron van echte cijfers.",
        ];
        let text: &[&str] = if second { &CALL2_TEXT } else { &text1 };
        for (i, t) in text.iter().enumerate() {
            ws.write_string(2 + i as u32, 0, *t)?;
        }
    }

    let mut province_totals: BTreeMap<Province, i64> = BTreeMap::new();
    for p in Province::ALL {
        let wv = p == Province::WestVlaanderen;
        let ws = wb.add_worksheet().set_name(p.name())?;
        ws.write_string_with_format(0, 0, marker, &bold)?;
        let period = if second {
            "oproep 2 (projectperiode 2, 2024)"
        } else {
            "oproep 1 (projectperiode 1, 2022-2023)"
        };
        ws.write_string(
            1,
            0,
            format!("Plan Samenleven — {period} — provincie {}", p.name()),
        )?;
        let mut headers = vec![
            "Lokaal bestuur",
            "Doelstelling",
            "Actie",
            "KPI-eenheden",
            "Subsidie (EUR)",
        ];
        if wv {
            headers.push("Toelichting");
        }
        let partners_col = headers.len() as u16;
        if second {
            headers.push("Partners");
        }
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(3, c as u16, *h, &header)?;
        }
        for (c, w) in [36.0, 30.0, 70.0, 16.0, 16.0, 70.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(4, 0)?;

        let mut row = 4u32;
        let mut province_sum = 0i64;
        for (ai, a) in plan.applicants.iter().enumerate() {
            if a.province != p {
                continue;
            }
            let mut block = 0i64;
            let mut last_cluster: Option<u8> = None;
            for (k, l) in plan.lines.iter().filter(|l| l.applicant == ai).enumerate() {
                if k == 0 {
                    ws.write_string(row, 0, &a.written)?;
                    let partners = super::call2::partners_text(r, a);
                    if second && !partners.is_empty() {
                        ws.write_string(row, partners_col, partners)?;
                    }
                }
                let c = cluster(r, l.kind);
                if last_cluster != Some(c) {
                    ws.write_string(row, 1, cluster_label(r, c))?;
                    last_cluster = Some(c);
                }
                ws.write_string(row, 2, action_label(r, l))?;
                match kpi_cell(r, l) {
                    KpiCell::Number(n) => {
                        ws.write_number(row, 3, f64::from(n))?;
                    }
                    KpiCell::Text(t) => {
                        ws.write_string_with_format(row, 3, t, &right)?;
                    }
                    KpiCell::Empty => {}
                }
                ws.write_number_with_format(row, 4, l.amount_eur as f64, &euro)?;
                if wv {
                    if let Some(t) = &l.toelichting {
                        ws.write_string(row, 5, t)?;
                    }
                }
                block += l.amount_eur;
                row += 1;
            }
            ws.write_string_with_format(row, 0, &a.total_label, &bold)?;
            ws.write_number_with_format(row, 4, block as f64, &euro_bold)?;
            row += 1;
            province_sum += block;
        }
        ws.write_string_with_format(row, 0, format!("Totaal provincie {}", p.name()), &bold)?;
        ws.write_number_with_format(row, 4, province_sum as f64, &euro_bold)?;
        let last_col = if wv { 5 } else { 4 } + u16::from(second);
        ws.autofilter(3, 0, row, last_col)?;
        province_totals.insert(p, province_sum);
    }

    {
        let ws = wb.add_worksheet().set_name(SHEETS[7])?;
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 18)?;
        ws.write_string_with_format(0, 0, marker, &bold)?;
        ws.write_string_with_format(2, 0, "Provincie", &header)?;
        ws.write_string_with_format(2, 1, "Subsidie (EUR)", &header)?;
        let mut row = 3u32;
        let mut grand = 0i64;
        for p in Province::ALL {
            let v = province_totals.get(&p).copied().unwrap_or(0);
            ws.write_string(row, 0, p.name())?;
            ws.write_number_with_format(row, 1, v as f64, &euro)?;
            grand += v;
            row += 1;
        }
        ws.write_string_with_format(row, 0, "Algemeen totaal", &bold)?;
        ws.write_number_with_format(row, 1, grand as f64, &euro_bold)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Units;
    use crate::sample::calibrate::tests::draft;

    #[test]
    fn kpi_cells_and_labels_as_written_in_the_sheet() {
        let r = reference::get();
        let nine = draft(9, [120, 10, 5]).line;
        assert!(matches!(kpi_cell(r, &nine), KpiCell::Text(t) if t == "120 / 10 / 5"));
        let five = draft(5, [1500, 0, 0]).line;
        assert!(matches!(kpi_cell(r, &five), KpiCell::Number(1500)));
        assert_eq!(
            action_label(r, &five),
            "Actie 5 – Oefenkansen Nederlands organiseren"
        );
        let mentor = SampleLine {
            kind: LineKind::Mentorship(Some(15)),
            units: Units::default(),
            amount_eur: 10_000,
            mentorship_title: Some("Brugfiguren".to_string()),
            ..five
        };
        assert!(matches!(kpi_cell(r, &mentor), KpiCell::Empty));
        assert_eq!(
            action_label(r, &mentor),
            "Mentorschap – Brugfiguren (actie 15)"
        );
        assert_eq!(
            cluster_label(r, cluster(r, mentor.kind)),
            "Financiële stimulansen"
        );
        assert_eq!(
            cluster_label(r, cluster(r, LineKind::Action(5))),
            "2. Nederlands"
        );
    }
}
