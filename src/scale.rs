//! Deterministic synthetic annex files at scale, for benchmarks (`examples/gen_scale.rs`).
//!
//! One sheet in the long layout with a call column: several calls (project years) in one file,
//! the 300 municipalities of the reference list plus synthetic organisations when more
//! applicants are needed, catalogue action titles, KPI units within the yearly maxima, amounts
//! never above units × rate, and an explanation (toelichting) on part of the rows. The same
//! `(rows)` always gives the same file. The amounts are synthetic; these files are never data.

use std::io::Write;

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::model::Province;
use crate::reference::{self, Reference};

/// The header row (row 1 of the sheet, or the first CSV line).
pub const HEADERS: [&str; 9] = [
    "Oproep",
    "Provincie",
    "Lokaal bestuur",
    "Doelstelling",
    "Actie",
    "KPI 1",
    "KPI 2",
    "Subsidie (EUR)",
    "Toelichting",
];

/// 0-based column of the amount (for the floor programs).
pub const AMOUNT_COL: usize = 7;

/// The calls in every file, as written in the call column.
pub const CALLS: [&str; 3] = ["2022-2023", "2023-2024", "2024-2025"];

/// The sheet name of the generated workbooks.
pub const SHEET: &str = "Subsidies";

/// Organisation kinds for synthetic applicants (with a municipality name after them).
const ORGANISATIONS: [&str; 12] = [
    "vzw Buurtwerk",
    "vzw Samen Sterk",
    "Jeugdhuis De Brug",
    "Welzijnsschakel",
    "Dienstencentrum Het Anker",
    "vzw Taalpunt",
    "Vereniging Nieuwe Buren",
    "vzw Sport Verbindt",
    "Huis van het Kind",
    "vzw Open Huis",
    "Integratiewerking Regio",
    "Sociaal Huis Netwerk",
];

const TEXT_A: [&str; 10] = [
    "Wekelijkse ontmoetingsmomenten in de wijk",
    "Taalcafé met vrijwilligers",
    "Buddywerking voor nieuwkomers",
    "Vorming rond polarisatie voor leerkrachten",
    "Buurtfeest en straatactiviteiten",
    "Huiswerkbegeleiding en oefenkansen Nederlands",
    "Sportkampen voor kinderen uit alle buurten",
    "Dialoogtafels met verenigingen",
    "Opleiding sleutelfiguren",
    "Laagdrempelig onthaal in het sociaal huis",
];

const TEXT_B: [&str; 8] = [
    "in samenwerking met het lokale verenigingsleven",
    "met aandacht voor kwetsbare gezinnen",
    "samen met scholen en jeugdwerk",
    "met een bereik dat hoger lag dan verwacht",
    "waarbij de doelgroep mee het programma bepaalde",
    "na een evaluatie in het voorjaar bijgestuurd",
    "in drie deelgemeenten",
    "met ondersteuning van de provincie",
];

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}

/// One generated grant row.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleRow<'a> {
    pub call: &'static str,
    pub province: &'static str,
    pub applicant: &'a str,
    pub objective: &'a str,
    pub action: &'a str,
    pub units: [Option<u32>; 2],
    pub amount_cents: i64,
    pub explanation: Option<String>,
}

/// What every row draws from: applicants, labels of objectives and actions.
pub struct Scale {
    rows: usize,
    applicants: Vec<(String, Province)>,
    /// Label variants per catalogue action (index = action number - 1).
    actions: Vec<[String; 3]>,
    objectives: Vec<String>,
}

const LINES_PER_APPLICANT_CALL: usize = 8;

impl Scale {
    /// A generator for `rows` grant rows.
    pub fn new(rows: usize) -> Scale {
        let r = reference::get();
        let needed = rows / (CALLS.len() * LINES_PER_APPLICANT_CALL) + 1;
        let mut applicants: Vec<(String, Province)> = r
            .municipalities
            .iter()
            .map(|m| (m.name.clone(), m.province))
            .collect();
        let mut k = 0usize;
        while applicants.len() < needed {
            let m = &r.municipalities[k % r.municipalities.len()];
            let org = ORGANISATIONS[(k / r.municipalities.len()) % ORGANISATIONS.len()];
            let round = k / (r.municipalities.len() * ORGANISATIONS.len());
            let name = if round == 0 {
                format!("{org} {}", m.name)
            } else {
                format!("{org} {} {}", m.name, round + 1)
            };
            applicants.push((name, m.province));
            k += 1;
        }
        // Group by province as an export would.
        applicants.sort_by_key(|(_, p)| p.index());
        let actions = r
            .actions
            .iter()
            .map(|a| {
                [
                    format!("Actie {} – {}", a.no, a.name),
                    format!("Actie {}", a.no),
                    format!("{}", a.no),
                ]
            })
            .collect();
        let objectives = r
            .objectives
            .iter()
            .map(|o| format!("{}. {}", o.no, o.name))
            .collect();
        Scale {
            rows,
            applicants,
            actions,
            objectives,
        }
    }

    /// Number of distinct applicants the rows use (at most).
    pub fn applicant_count(&self) -> usize {
        self.applicants.len()
    }

    /// Calls `f` for every row, in order.
    pub fn for_each_row(
        &self,
        mut f: impl FnMut(&ScaleRow<'_>) -> Result<(), ScaleError>,
    ) -> Result<(), ScaleError> {
        let r: &Reference = reference::get();
        let mut rng = Rng(0x5A3E_11E7 ^ self.rows as u64);
        let mut written = 0usize;
        'calls: loop {
            for call in CALLS {
                for (name, province) in &self.applicants {
                    let lines = rng.range(4, 12) as usize;
                    let first = rng.range(0, 23) as usize;
                    for l in 0..lines {
                        if written == self.rows {
                            break 'calls;
                        }
                        let row =
                            self.row(r, &mut rng, call, name, *province, (first + l * 7) % 24);
                        f(&row)?;
                        written += 1;
                    }
                }
                if self.rows == 0 {
                    break 'calls;
                }
            }
        }
        Ok(())
    }

    fn row<'s>(
        &'s self,
        r: &Reference,
        rng: &mut Rng,
        call: &'static str,
        applicant: &'s str,
        province: Province,
        action_index: usize,
    ) -> ScaleRow<'s> {
        let action = &r.actions[action_index];
        let variant = match rng.next() % 10 {
            0 => 1,
            1 => 2,
            _ => 0,
        };
        let objective = &self.objectives[usize::from(action.objective.max(1)) - 1];
        let mut units = [None, None];
        let amount_cents = if action.kpis.is_empty() {
            rng.range(2_500, 60_000) as i64 * 100
        } else {
            let mut ceiling = 0i64;
            for (k, kpi) in action.kpis.iter().take(2).enumerate() {
                let max = u64::from(kpi.max_units_per_year.clamp(1, 400));
                let u = rng.range(1, max) as u32;
                units[k] = Some(u);
                ceiling += i64::from(u) * kpi.cents_per_unit;
            }
            // Prorated: 70 % to 100 % of the ceiling; a tenth of the rows carry cents.
            let share = rng.range(700, 1000) as i64;
            let cents = ceiling * share / 1000;
            if rng.chance(100) {
                cents.max(1)
            } else {
                (cents / 100 * 100).max(100)
            }
        };
        let explanation = rng.chance(250).then(|| {
            let a = TEXT_A[rng.range(0, TEXT_A.len() as u64 - 1) as usize];
            let b = TEXT_B[rng.range(0, TEXT_B.len() as u64 - 1) as usize];
            let n = rng.range(12, 480);
            format!("{applicant}: {a} {b}; {n} deelnemers bereikt.")
        });
        ScaleRow {
            call,
            province: province.name(),
            applicant,
            objective,
            action: &self.actions[action_index][variant],
            units,
            amount_cents,
            explanation,
        }
    }
}

/// Why writing a scale file failed.
#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    #[error("xlsx: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("schrijven: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the workbook (one sheet, header in row 1) to `path`. `constant_memory` streams rows
/// to a temporary file instead of holding them (needed for 1 000 000 rows on small machines).
pub fn write_xlsx(
    scale: &Scale,
    path: &std::path::Path,
    constant_memory: bool,
) -> Result<(), ScaleError> {
    let mut wb = Workbook::new();
    let ws = if constant_memory {
        wb.add_worksheet_with_low_memory()
    } else {
        Ok(wb.add_worksheet())
    }?;
    ws.set_name(SHEET)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let mut row = 1u32;
    scale.for_each_row(|g| {
        ws.write_string(row, 0, g.call)?;
        ws.write_string(row, 1, g.province)?;
        ws.write_string(row, 2, g.applicant)?;
        ws.write_string(row, 3, g.objective)?;
        ws.write_string(row, 4, g.action)?;
        for (k, u) in g.units.iter().enumerate() {
            if let Some(u) = u {
                ws.write_number(row, 5 + k as u16, f64::from(*u))?;
            }
        }
        ws.write_number(row, AMOUNT_COL as u16, g.amount_cents as f64 / 100.0)?;
        if let Some(t) = &g.explanation {
            ws.write_string(row, 8, t)?;
        }
        row += 1;
        Ok(())
    })?;
    wb.save(path)?;
    Ok(())
}

/// Writes the CSV file (semicolons, decimal comma, UTF-8) to `path`.
pub fn write_csv(scale: &Scale, path: &std::path::Path) -> Result<(), ScaleError> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(file);
    w.write_record(HEADERS)?;
    let mut fields: Vec<String> = vec![String::new(); HEADERS.len()];
    scale.for_each_row(|g| {
        fields[0] = g.call.to_string();
        fields[1] = g.province.to_string();
        fields[2] = g.applicant.to_string();
        fields[3] = g.objective.to_string();
        fields[4] = g.action.to_string();
        for k in 0..2 {
            fields[5 + k] = g.units[k].map_or_else(String::new, |u| u.to_string());
        }
        let cents = g.amount_cents;
        fields[AMOUNT_COL] = if cents % 100 == 0 {
            (cents / 100).to_string()
        } else {
            format!("{},{:02}", cents / 100, cents % 100)
        };
        fields[8] = g.explanation.clone().unwrap_or_default();
        w.write_record(&fields)?;
        Ok(())
    })?;
    let mut file = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    file.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_deterministic_and_counted() {
        let collect = |n| {
            let s = Scale::new(n);
            let mut v = Vec::new();
            s.for_each_row(|r| {
                v.push((
                    r.applicant.to_string(),
                    r.action.to_string(),
                    r.amount_cents,
                ));
                Ok(())
            })
            .unwrap();
            v
        };
        let a = collect(5_000);
        assert_eq!(a.len(), 5_000);
        assert_eq!(a, collect(5_000));
        assert_eq!(collect(0).len(), 0);
    }

    #[test]
    fn amounts_never_exceed_units_times_rate() {
        let r = reference::get();
        let s = Scale::new(20_000);
        let mut checked = 0;
        s.for_each_row(|row| {
            let no: u8 = row
                .action
                .trim_start_matches("Actie ")
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let a = r.action(no).unwrap();
            if !a.kpis.is_empty() {
                let ceiling: i64 = a
                    .kpis
                    .iter()
                    .zip(row.units)
                    .map(|(k, u)| i64::from(u.unwrap_or(0)) * k.cents_per_unit)
                    .sum();
                assert!(row.amount_cents <= ceiling, "{row:?}");
                checked += 1;
            }
            assert!(row.amount_cents > 0);
            Ok(())
        })
        .unwrap();
        assert!(checked > 1000);
    }
}
