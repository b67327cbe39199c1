//! The load floor: `floor_load FILE` opens the workbook with calamine (or the CSV file with the
//! csv crate), sums the amount column of every data row and prints the sum in cents. Nothing
//! else: what any loader must at least pay to read the same file.

use std::process::ExitCode;

use calamine::{open_workbook_auto, Data, Reader};
use samenleven::scale::AMOUNT_COL;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("gebruik: floor_load BESTAND");
        return ExitCode::from(2);
    };
    let result = if path.ends_with(".csv") {
        sum_csv(&path)
    } else {
        sum_workbook(&path)
    };
    match result {
        Ok((rows, cents)) => {
            println!("{rows} rijen, som {cents} cent");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(2)
        }
    }
}

fn sum_workbook(path: &str) -> Result<(usize, i64), String> {
    let mut wb = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let mut rows = 0;
    let mut cents = 0i64;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        for row in range.rows().skip(1) {
            if let Some(Data::Float(f)) = row.get(AMOUNT_COL) {
                cents += (f * 100.0).round() as i64;
                rows += 1;
            }
        }
    }
    Ok((rows, cents))
}

fn sum_csv(path: &str) -> Result<(usize, i64), String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .map_err(|e| e.to_string())?;
    let mut rows = 0;
    let mut cents = 0i64;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(|e| e.to_string())? {
        let Some(text) = record.get(AMOUNT_COL) else {
            continue;
        };
        let (euro, frac) = text.split_once(',').unwrap_or((text, "0"));
        let euro: i64 = euro.parse().map_err(|e| format!("{text}: {e}"))?;
        let frac: i64 = format!("{frac:0<2}")
            .parse()
            .map_err(|e| format!("{text}: {e}"))?;
        cents += euro * 100 + frac;
        rows += 1;
    }
    Ok((rows, cents))
}
