//! The export floor. Two steps, only the second is timed by `scripts/bench.sh`:
//!
//! - `floor_export shape EXPORT.xlsx > SHAPE` reads a workbook written by `samenleven export`
//!   and prints its shape: per sheet the number of rows, string cells, number cells, distinct
//!   strings and string bytes.
//! - `floor_export write SHAPE OUT.xlsx` writes a workbook of that shape with rust_xlsxwriter:
//!   the same sheets with the same numbers of string and number cells (strings of the same
//!   average length, as many distinct ones), no formats. What writing those cells costs at least.

use std::collections::HashSet;
use std::process::ExitCode;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::Workbook;

#[derive(Debug, Default, Clone, PartialEq)]
struct SheetShape {
    rows: u32,
    cols: u16,
    strings: u64,
    numbers: u64,
    distinct: u64,
    string_bytes: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["shape", export] => shape(export),
        ["write", shape, out] => write(shape, out),
        _ => Err(
            "gebruik: floor_export shape EXPORT.xlsx | floor_export write SHAPE OUT.xlsx".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn shape(path: &str) -> Result<(), String> {
    let mut wb = open_workbook_auto(path).map_err(|e| format!("{path}: {e}"))?;
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("{path}: {e}"))?;
        let mut s = SheetShape {
            rows: range.height() as u32,
            cols: range.width() as u16,
            ..SheetShape::default()
        };
        let mut seen = HashSet::new();
        for cell in range.used_cells() {
            match cell.2 {
                Data::String(t) => {
                    s.strings += 1;
                    s.string_bytes += t.len() as u64;
                    seen.insert(t.as_str());
                }
                Data::Empty => {}
                _ => s.numbers += 1,
            }
        }
        s.distinct = seen.len() as u64;
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            s.rows, s.cols, s.strings, s.numbers, s.distinct, s.string_bytes
        );
    }
    Ok(())
}

fn parse_shape(text: &str) -> Result<Vec<SheetShape>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Vec<u64> = l
                .split('\t')
                .map(|f| f.parse::<u64>().map_err(|e| format!("{l}: {e}")))
                .collect::<Result<_, _>>()?;
            match v.as_slice() {
                [rows, cols, strings, numbers, distinct, bytes] => Ok(SheetShape {
                    rows: *rows as u32,
                    cols: (*cols).max(1) as u16,
                    strings: *strings,
                    numbers: *numbers,
                    distinct: (*distinct).max(1),
                    string_bytes: *bytes,
                }),
                _ => Err(format!("{l}: zes velden verwacht")),
            }
        })
        .collect()
}

fn write(shape_path: &str, out: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(shape_path).map_err(|e| format!("{shape_path}: {e}"))?;
    let shapes = parse_shape(&text)?;
    let mut wb = Workbook::new();
    for s in &shapes {
        let ws = wb.add_worksheet();
        // The distinct strings, each of the average length.
        let avg = (s.string_bytes / s.strings.max(1)).max(1) as usize;
        let pool: Vec<String> = (0..s.distinct)
            .map(|i| {
                let mut t = format!("tekst {i} ");
                while t.len() < avg {
                    t.push('x');
                }
                t
            })
            .collect();
        let cols = u64::from(s.cols);
        let total = s.strings + s.numbers;
        // Strings first in each row, then numbers, filling rows of `cols` cells.
        for i in 0..total {
            let row = (i / cols) as u32;
            let col = (i % cols) as u16;
            if i < s.strings {
                let t = &pool[(i % s.distinct) as usize];
                ws.write_string(row, col, t).map_err(|e| e.to_string())?;
            } else {
                ws.write_number(row, col, i as f64 * 1.25)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    wb.save(out).map_err(|e| format!("{out}: {e}"))?;
    Ok(())
}
