//! The export's sheet `Vergelijking`: a file whose call column holds two calls with known
//! differences, exported and read back with calamine: the rows per applicant and action, the
//! amounts per call, the differences in € and %, the status, the province subtotals and the
//! grand total; the formulas recomputed from the cells they name; no sheet for one call.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use samenleven::annex::{load_bytes, LoadOptions};
use samenleven::export::{parse_selection, workbook_bytes, ExportMeta, Scope, Stamp};
use samenleven::model::{Dataset, Province};

const HEADER: &str = "Oproep;Provincie;Lokaal bestuur;Actie;Toegekend bedrag;Status\n";

/// Two calls in one file (a call column), with known differences:
///
/// | applicant | action | call 1 | call 2 | difference | % | status |
/// |---|---|---|---|---|---|---|
/// | Hasselt | 5 | 7.000 | 6.300 | -700 | -10,0 | gewijzigd |
/// | Hasselt | 9 | – | 4.000 | +4.000 | – | nieuw |
/// | Aalst | 11 | 3.000,50 | – | -3.000,50 | -100,0 | gestopt |
/// | Gent | 2 | 4.000 | 4.000 | 0 | 0,0 | gelijk |
/// | Gent | 5 | 10.000 | 12.500 (two lines) | +2.500 | +25,0 | gewijzigd |
/// | Brugge | 17 | 1.234 | 1.250 | +16 | +1,3 | gewijzigd |
///
/// Brugge's refused line of call 2 counts nowhere.
const TWO_CALLS: &str = "1;Limburg;Hasselt;Actie 5;7.000;goedgekeurd\n\
2;Limburg;Hasselt;Actie 5;6.300;goedgekeurd\n\
2;Limburg;Hasselt;Actie 9;4.000;goedgekeurd\n\
1;Oost-Vlaanderen;Aalst;Actie 11;3.000,50;goedgekeurd\n\
1;Oost-Vlaanderen;Gent;Actie 2;4.000;goedgekeurd\n\
2;Oost-Vlaanderen;Gent;Actie 2;4.000;goedgekeurd\n\
1;Oost-Vlaanderen;Gent;Actie 5;10.000;goedgekeurd\n\
2;Oost-Vlaanderen;Gent;Actie 5;10.000;goedgekeurd\n\
2;Oost-Vlaanderen;Gent;Actie 5;2.500;goedgekeurd\n\
1;West-Vlaanderen;Brugge;Actie 17;1.234;goedgekeurd\n\
2;West-Vlaanderen;Brugge;Actie 17;1.250;goedgekeurd\n\
2;West-Vlaanderen;Brugge;Actie 15;9.999;geweigerd\n";

fn load(text: &str) -> Dataset {
    load_bytes(
        "oproepen.csv",
        format!("{HEADER}{text}").as_bytes(),
        &LoadOptions { call: None },
    )
    .unwrap()
}

fn meta() -> ExportMeta {
    ExportMeta {
        loaded_at: Stamp::from_unix(1_795_790_000),
        exported_at: Stamp::from_unix(1_795_793_400),
        program: "samenleven test".to_string(),
    }
}

fn export(ds: &Dataset, scope: &Scope) -> Vec<u8> {
    workbook_bytes(ds, scope, &[], &meta()).unwrap()
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn cents(d: Option<&Data>) -> Option<i64> {
    match d {
        Some(Data::Float(f)) => Some((f * 100.0).round() as i64),
        Some(Data::Int(i)) => Some(i * 100),
        _ => None,
    }
}

/// A fraction cell in tenths of a percent.
fn permille(d: Option<&Data>) -> Option<i64> {
    match d {
        Some(Data::Float(f)) => Some((f * 1000.0).round() as i64),
        Some(Data::Int(i)) => Some(i * 1000),
        _ => None,
    }
}

/// One table row: its worksheet row and its cells by header.
struct TableRow {
    at: u32,
    cells: BTreeMap<String, Data>,
}

impl TableRow {
    fn text(&self, h: &str) -> String {
        text(self.cells.get(h))
    }
    fn cents(&self, h: &str) -> Option<i64> {
        cents(self.cells.get(h))
    }
    fn permille(&self, h: &str) -> Option<i64> {
        permille(self.cells.get(h))
    }
}

/// The header texts and the rows under them (to the first empty row).
fn table(r: &Range<Data>) -> (Vec<String>, Vec<TableRow>) {
    let (r0, c0) = r.start().unwrap();
    assert_eq!(c0, 0);
    let rows: Vec<&[Data]> = r.rows().collect();
    let h = rows
        .iter()
        .position(|row| text(row.first()) == "Provincie")
        .expect("a header row");
    let names: Vec<String> = rows[h].iter().map(|d| text(Some(d))).collect();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(h + 1) {
        if row.iter().all(|d| matches!(d, Data::Empty)) {
            break;
        }
        out.push(TableRow {
            at: r0 + i as u32,
            cells: names
                .iter()
                .zip(row.iter())
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
        });
    }
    (names, out)
}

const D: &str = "Verschil oproep 1 → 2";
const P: &str = "Verschil oproep 1 → 2 (%)";
const S: &str = "Status oproep 1 → 2";

#[test]
fn two_calls_get_a_comparison_sheet_with_the_known_differences() {
    let ds = load(TWO_CALLS);
    assert_eq!(ds.call.calls_in_file, vec![1, 2]);
    let mut wb = open(&export(&ds, &Scope::All));
    let names = wb.sheet_names();
    assert_eq!(names[..3], ["Overzicht", "Per actie", "Vergelijking"]);
    let r = wb.worksheet_range("Vergelijking").unwrap();
    let (header, rows) = table(&r);
    assert_eq!(
        header,
        [
            "Provincie",
            "Lokaal bestuur",
            "Actie",
            "Omschrijving",
            "Oproep 1",
            "Oproep 2",
            D,
            P,
            S,
            "Soort regel"
        ]
    );
    type Expected = (
        &'static str,
        &'static str,
        f64,
        Option<i64>,
        Option<i64>,
        i64,
        Option<i64>,
        &'static str,
    );
    // Province, applicant, action, call 1, call 2, difference, permille, status.
    let lines: [Expected; 6] = [
        (
            "Limburg",
            "Hasselt",
            5.0,
            Some(700_000),
            Some(630_000),
            -70_000,
            Some(-100),
            "gewijzigd",
        ),
        (
            "Limburg",
            "Hasselt",
            9.0,
            None,
            Some(400_000),
            400_000,
            None,
            "nieuw",
        ),
        (
            "Oost-Vlaanderen",
            "Aalst",
            11.0,
            Some(300_050),
            None,
            -300_050,
            Some(-1000),
            "gestopt",
        ),
        (
            "Oost-Vlaanderen",
            "Gent",
            2.0,
            Some(400_000),
            Some(400_000),
            0,
            Some(0),
            "gelijk",
        ),
        (
            "Oost-Vlaanderen",
            "Gent",
            5.0,
            Some(1_000_000),
            Some(1_250_000),
            250_000,
            Some(250),
            "gewijzigd",
        ),
        (
            "West-Vlaanderen",
            "Brugge",
            17.0,
            Some(123_400),
            Some(125_000),
            1_600,
            Some(13),
            "gewijzigd",
        ),
    ];
    let got: Vec<&TableRow> = rows
        .iter()
        .filter(|r| r.text("Soort regel") == "subsidie")
        .collect();
    assert_eq!(got.len(), lines.len());
    for (row, e) in got.iter().zip(lines) {
        let what = format!("{} {}", e.1, e.2);
        assert_eq!(row.text("Provincie"), e.0, "{what}");
        assert_eq!(row.text("Lokaal bestuur"), e.1, "{what}");
        assert_eq!(row.cells.get("Actie"), Some(&Data::Float(e.2)), "{what}");
        assert!(!row.text("Omschrijving").is_empty(), "{what}");
        assert_eq!(row.cents("Oproep 1"), e.3, "{what}");
        assert_eq!(row.cents("Oproep 2"), e.4, "{what}");
        assert_eq!(row.cents(D), Some(e.5), "{what}");
        assert_eq!(row.permille(P), e.6, "{what}");
        assert_eq!(row.text(S), e.7, "{what}");
    }
    // Province subtotals and the grand total: call 1, call 2, difference, permille.
    /// Label, call 1, call 2, difference, permille.
    type Total = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);
    let totals: Vec<Total> = rows
        .iter()
        .filter(|r| r.text("Soort regel") != "subsidie")
        .map(|r| {
            (
                format!("{} | {}", r.text("Soort regel"), r.text("Lokaal bestuur")),
                r.cents("Oproep 1"),
                r.cents("Oproep 2"),
                r.cents(D),
                r.permille(P),
            )
        })
        .collect();
    let t = |label: &str, a: i64, b: i64, p: i64| {
        (label.to_string(), Some(a), Some(b), Some(b - a), Some(p))
    };
    assert_eq!(
        totals,
        vec![
            // 3.300 / 7.000 = 47,14 %.
            t(
                "totaal provincie | Totaal provincie Limburg",
                700_000,
                1_030_000,
                471
            ),
            // -500,50 / 17.000,50 = -2,94 %.
            t(
                "totaal provincie | Totaal provincie Oost-Vlaanderen",
                1_700_050,
                1_650_000,
                -29
            ),
            t(
                "totaal provincie | Totaal provincie West-Vlaanderen",
                123_400,
                125_000,
                13
            ),
            // 2.815,50 / 25.234,50 = 11,16 %.
            t(
                "algemeen totaal | Algemeen totaal",
                2_523_450,
                2_805_000,
                112
            ),
        ]
    );
    // The grand total is that of the comparison over the whole file.
    let c = samenleven::compare::build(std::slice::from_ref(&ds)).unwrap();
    assert_eq!(c.total.amounts, vec![2_523_450, 2_805_000]);
    assert_eq!(
        c.provinces
            .iter()
            .find(|p| p.label == Province::Limburg.name())
            .unwrap()
            .amounts,
        vec![700_000, 1_030_000]
    );
}

/// `B7` → (row 6, column 1).
fn cell_ref(s: &str) -> (u32, u32) {
    let letters: String = s.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let row: u32 = s[letters.len()..].parse().unwrap();
    let col = letters
        .bytes()
        .fold(0u32, |n, x| n * 26 + u32::from(x - b'A' + 1))
        - 1;
    (row - 1, col)
}

#[test]
fn differences_and_totals_are_formulas_that_recompute_to_their_cached_values() {
    let ds = load(TWO_CALLS);
    let mut wb = open(&export(&ds, &Scope::All));
    let values = wb.worksheet_range("Vergelijking").unwrap();
    let formulas = wb.worksheet_formula("Vergelijking").unwrap();
    // SUBTOTAL leaves out the cells that are SUBTOTALs themselves (not other formulas).
    let is_subtotal = |at: (u32, u32)| {
        formulas
            .get_value(at)
            .is_some_and(|f| f.starts_with("SUBTOTAL("))
    };
    let amount = |at: (u32, u32)| cents(values.get_value(at)).unwrap_or(0);
    let (f0, c0) = formulas.start().unwrap();
    let mut kinds = BTreeMap::new();
    for (row, col, f) in formulas.used_cells().filter(|(_, _, f)| !f.is_empty()) {
        let at = (f0 + row as u32, c0 + col as u32);
        if let Some(args) = f
            .strip_prefix("SUBTOTAL(9,")
            .and_then(|a| a.strip_suffix(')'))
        {
            let (a, b) = args.split_once(':').unwrap();
            let ((ra, ca), (rb, cb)) = (cell_ref(a), cell_ref(b));
            assert_eq!(ca, cb, "{f}");
            assert_eq!(ca, at.1, "{f} in its own column");
            let sum: i64 = (ra..=rb)
                .filter(|r| !is_subtotal((*r, ca)))
                .map(|r| amount((r, ca)))
                .sum();
            assert_eq!(Some(sum), cents(values.get_value(at)), "{f} at {at:?}");
            *kinds.entry("SUBTOTAL").or_insert(0) += 1;
        } else if let Some(args) = f
            .strip_prefix("ROUND((")
            .and_then(|a| a.strip_suffix(",3)"))
        {
            // ROUND((F7-E7)/E7,3): tenths of a percent, half away from zero.
            let (diff, base) = args.split_once(")/").unwrap();
            let (b, a) = diff.split_once('-').unwrap();
            assert_eq!(cell_ref(a), cell_ref(base), "{f}");
            assert_eq!(cell_ref(a).0, at.0, "{f} on its own row");
            let (from, to) = (amount(cell_ref(a)), amount(cell_ref(b)));
            let p = ((to - from) as f64 / from as f64 * 1000.0).round() as i64;
            assert_eq!(Some(p), permille(values.get_value(at)), "{f} at {at:?}");
            *kinds.entry("ROUND").or_insert(0) += 1;
        } else {
            // ROUND(F7-E7,2)
            let args = f
                .strip_prefix("ROUND(")
                .unwrap()
                .strip_suffix(",2)")
                .unwrap();
            let (b, a) = args.split_once('-').unwrap();
            assert_eq!(cell_ref(a).0, at.0, "{f} on its own row");
            assert_eq!(cell_ref(b).1, cell_ref(a).1 + 1, "{f}: consecutive calls");
            let diff = amount(cell_ref(b)) - amount(cell_ref(a));
            assert_eq!(Some(diff), cents(values.get_value(at)), "{f} at {at:?}");
            *kinds.entry("difference").or_insert(0) += 1;
        }
    }
    // 6 line differences; 5 line percentages (not for Hasselt's new line) and 4 on the total
    // rows; per total row (3 provinces, 1 grand) 2 amounts and the difference.
    assert_eq!(
        kinds,
        BTreeMap::from([("SUBTOTAL", 12), ("ROUND", 9), ("difference", 6)])
    );
    let (_, rows) = table(&values);
    let grand = rows.last().unwrap();
    assert_eq!(grand.text("Soort regel"), "algemeen totaal");
    let first_line = rows.first().unwrap().at + 1;
    assert_eq!(
        formulas.get_value((grand.at, 4)).map(String::as_str),
        Some(format!("SUBTOTAL(9,E{first_line}:E{})", grand.at).as_str())
    );
}

#[test]
fn one_call_has_no_comparison_sheet() {
    let one: String = TWO_CALLS
        .lines()
        .filter(|l| l.starts_with("1;"))
        .map(|l| format!("{l}\n"))
        .collect();
    let ds = load(&one);
    assert_eq!(ds.call.calls_in_file.len(), 1);
    let mut wb = open(&export(&ds, &Scope::All));
    assert!(!wb.sheet_names().iter().any(|n| n == "Vergelijking"));
    let bron = wb.worksheet_range("Bron").unwrap();
    assert!(!bron.rows().any(|r| text(r.first()) == "Vergelijking"));
}

#[test]
fn a_selection_compares_only_its_lines() {
    let ds = load(TWO_CALLS);
    // A province: only its applicants, its total the grand total.
    let scope = parse_selection(&ds, "province:Limburg").unwrap().scope;
    let mut wb = open(&export(&ds, &scope));
    let (_, rows) = table(&wb.worksheet_range("Vergelijking").unwrap());
    let apps: Vec<String> = rows.iter().map(|r| r.text("Lokaal bestuur")).collect();
    assert_eq!(
        apps,
        [
            "Hasselt",
            "Hasselt",
            "Totaal provincie Limburg",
            "Algemeen totaal"
        ]
    );
    assert_eq!(rows[3].cents("Oproep 2"), Some(1_030_000));
    let bron = wb.worksheet_range("Bron").unwrap();
    assert!(bron.rows().any(|r| text(r.first()) == "Vergelijking"));

    // The lines of action 5 (a filtered view): Hasselt and Gent, nothing else.
    let sel = parse_selection(&ds, "action:5").unwrap();
    let restricted = ds.restricted_to(sel.lines);
    let mut wb = open(&export(&restricted, &sel.scope));
    let (_, rows) = table(&wb.worksheet_range("Vergelijking").unwrap());
    let lines: Vec<(String, Option<i64>, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r.text("Lokaal bestuur"),
                r.cents("Oproep 1"),
                r.cents("Oproep 2"),
            )
        })
        .collect();
    let l = |n: &str, a: i64, b: i64| (n.to_string(), Some(a), Some(b));
    assert_eq!(
        lines,
        vec![
            l("Hasselt", 700_000, 630_000),
            l("Totaal provincie Limburg", 700_000, 630_000),
            l("Gent", 1_000_000, 1_250_000),
            l("Totaal provincie Oost-Vlaanderen", 1_000_000, 1_250_000),
            l("Algemeen totaal", 1_700_000, 1_880_000),
        ]
    );
}

#[test]
fn the_sample_says_voorbeeld_above_the_comparison() {
    let mut ds = load(TWO_CALLS);
    ds.source.sample = true;
    let mut wb = open(&export(&ds, &Scope::All));
    let r = wb.worksheet_range("Vergelijking").unwrap();
    let first = text(r.get_value((0, 0)));
    assert!(
        first.starts_with("VOORBEELD — synthetische bedragen"),
        "{first}"
    );
    let notes: Vec<String> = r.rows().map(|row| text(row.first())).collect();
    assert!(
        notes.iter().any(|n| n.starts_with("Oproep 2: voorbeeld")),
        "{notes:?}"
    );
}

#[test]
fn three_calls_compare_each_call_with_the_one_before() {
    // Gent 5 in calls 1 and 3 (stopped, then new again); Hasselt 9 only in call 3 (nothing to
    // say from 1 to 2).
    let ds = load(
        "1;Oost-Vlaanderen;Gent;Actie 5;1.000;goedgekeurd\n\
         3;Oost-Vlaanderen;Gent;Actie 5;2.000;goedgekeurd\n\
         2;Oost-Vlaanderen;Gent;Actie 2;500;goedgekeurd\n\
         3;Limburg;Hasselt;Actie 9;300;goedgekeurd\n",
    );
    assert_eq!(ds.call.calls_in_file, vec![1, 2, 3]);
    let mut wb = open(&export(&ds, &Scope::All));
    let (header, rows) = table(&wb.worksheet_range("Vergelijking").unwrap());
    assert_eq!(
        header[4..],
        [
            "Oproep 1",
            "Oproep 2",
            "Oproep 3",
            "Verschil oproep 1 → 2",
            "Verschil oproep 1 → 2 (%)",
            "Verschil oproep 2 → 3",
            "Verschil oproep 2 → 3 (%)",
            "Status oproep 1 → 2",
            "Status oproep 2 → 3",
            "Soort regel",
        ]
    );
    let row = |name: &str, action: f64| {
        rows.iter()
            .find(|r| {
                r.text("Lokaal bestuur") == name
                    && r.cells.get("Actie") == Some(&Data::Float(action))
            })
            .unwrap()
    };
    let hasselt = row("Hasselt", 9.0);
    assert_eq!(hasselt.cents("Oproep 3"), Some(30_000));
    assert_eq!(
        hasselt.cells.get("Verschil oproep 1 → 2"),
        Some(&Data::Empty)
    );
    assert_eq!(hasselt.text("Status oproep 1 → 2"), "");
    assert_eq!(hasselt.cents("Verschil oproep 2 → 3"), Some(30_000));
    assert_eq!(hasselt.text("Status oproep 2 → 3"), "nieuw");
    let gent = row("Gent", 5.0);
    assert_eq!(gent.cents("Verschil oproep 1 → 2"), Some(-100_000));
    assert_eq!(gent.permille("Verschil oproep 1 → 2 (%)"), Some(-1000));
    assert_eq!(gent.text("Status oproep 1 → 2"), "gestopt");
    assert_eq!(gent.cents("Verschil oproep 2 → 3"), Some(200_000));
    assert_eq!(
        gent.cells.get("Verschil oproep 2 → 3 (%)"),
        Some(&Data::Empty)
    );
    assert_eq!(gent.text("Status oproep 2 → 3"), "nieuw");
    let grand = rows.last().unwrap();
    assert_eq!(grand.text("Soort regel"), "algemeen totaal");
    assert_eq!(
        (
            grand.cents("Oproep 1"),
            grand.cents("Oproep 2"),
            grand.cents("Oproep 3")
        ),
        (Some(100_000), Some(50_000), Some(230_000))
    );
    // 500 → 2.300: +360 %.
    assert_eq!(grand.permille("Verschil oproep 2 → 3 (%)"), Some(3600));
}
