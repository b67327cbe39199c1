//! The load floor: `floor_load FILE` opens the workbook with calamine (or the CSV file with the
//! csv crate), sums the amount column of every data row and prints the sum in cents. Nothing
//! else: what any loader must at least pay to read the same file.
//!
//! `floor_load stream FILE` is the streaming floor: an xlsx sheet is read cell by cell with
//! calamine's `worksheet_cells_reader` from the file (not from memory), keeping no cell; a CSV
//! file is streamed as in the default mode.

use std::process::ExitCode;

use calamine::{open_workbook, open_workbook_auto, Data, DataRef, Reader, Xlsx};
use samenleven::scale::AMOUNT_COL;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let stream = args.first().is_some_and(|a| a == "stream");
    if stream {
        args.remove(0);
    }
    let Some(path) = args.first().cloned() else {
        eprintln!("gebruik: floor_load [stream] BESTAND");
        return ExitCode::from(2);
    };
    let result = if path.ends_with(".csv") {
        sum_csv(&path)
    } else if stream {
        sum_workbook_streaming(&path)
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

fn sum_workbook_streaming(path: &str) -> Result<(usize, i64), String> {
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
    let mut rows = 0;
    let mut cents = 0i64;
    for name in wb.sheet_names() {
        let mut cells = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| e.to_string())?;
        while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
            let (row, col) = cell.get_position();
            if row > 0 && col as usize == AMOUNT_COL {
                if let DataRef::Float(f) = cell.get_value() {
                    cents += (f * 100.0).round() as i64;
                    rows += 1;
                }
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
