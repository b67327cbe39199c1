//! The workbook printed (issue 16): page setup read from the xlsx's XML (paper, footer, print
//! titles, print area, orientation, wrapped headers), one amount format per column, subtotals
//! only where they add something, NIS codes, and the matrix sheet "Per actie" read back with
//! calamine, its formulas recomputed from the cells they name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use samenleven::export::{workbook_bytes, ExportMeta, Scope, Stamp};
use samenleven::model::{
    Applicant, ApplicantKind, CallInfo, CallSource, Dataset, DatasetParts, Grant, LineKind, Origin,
    Province, Source, Status, Texts,
};
use samenleven::reference::{self};

use samenleven::testkit::local_government as app;

/// A granted line of the first call in `cents`, on row 2.
fn line(a: u32, kind: LineKind, cents: i64) -> Grant {
    Grant {
        amount: cents,
        call: Some(1),
        origin: Origin { sheet: 0, row: 2 },
        ..samenleven::testkit::grant(a, kind, 0)
    }
}

fn meta() -> ExportMeta {
    ExportMeta {
        loaded_at: Stamp::from_unix(1_795_790_000),
        exported_at: Stamp::from_unix(1_795_793_400),
        program: "samenleven test".to_string(),
    }
}

/// Amounts with cents in Oost-Vlaanderen and Antwerpen only; Gent has two lines under
/// objective 3 (actions 6 and 7) and one under objective 2.
fn dataset() -> Dataset {
    let mut applicants = vec![app("Gent"), app("Brugge"), app("Oostende"), app("Lier")];
    applicants.push(Applicant {
        name: "VGC".to_string(),
        kind: ApplicantKind::Vgc,
        province: Some(Province::Brussel),
        spellings: vec![],
    });
    let mut texts = Texts::default();
    let mut refused = line(1, LineKind::Action(15), 500_000);
    refused.status = Status::Refused;
    refused.reason = texts.add("Geen samenwerking met scholen");
    let grants = vec![
        line(0, LineKind::Action(5), 12_500_000),
        line(0, LineKind::Action(6), 3_300_050),
        line(0, LineKind::Action(7), 1_000_000),
        line(1, LineKind::Action(5), 4_000_000),
        line(1, LineKind::Action(2), 2_500_000),
        refused,
        line(2, LineKind::Action(11), 6_000_000),
        line(2, LineKind::Mentorship(Some(11)), 1_000_000),
        line(3, LineKind::Action(5), 1_999_999),
        line(4, LineKind::Action(24), 5_000_000),
    ];
    let parts = DatasetParts {
        source: Some(Source {
            name: "bijlage.xlsx".to_string(),
            path: None,
            sample: false,
        }),
        call: Some(CallInfo {
            call: Some(1),
            source: CallSource::Column,
            calls_in_file: vec![1],
        }),
        sheets: vec!["Blad1".to_string()],
        applicants,
        grants,
        texts,
        facts: Some(reference::get().answer_facts().clone()),
        ..DatasetParts::default()
    };
    Dataset::new(parts, |no| reference::get().objective_of(no))
}

fn sample() -> Dataset {
    samenleven::annex::load_sample().unwrap()
}

fn bytes_of(ds: &Dataset) -> Vec<u8> {
    workbook_bytes(ds, &Scope::All, &[], &meta()).unwrap()
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

/// The text of a file inside the xlsx.
fn xml(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// The XML of each worksheet, by sheet name (worksheets are stored in order).
fn sheet_xml(bytes: &[u8]) -> Vec<(String, String)> {
    let names = open(bytes).sheet_names();
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, xml(bytes, &format!("xl/worksheets/sheet{}.xml", i + 1))))
        .collect()
}

/// The value of an attribute in the first element `tag` of an XML text.
fn attr(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = start + xml[start..].find('>')?;
    let el = &xml[start..end];
    let key = format!(" {name}=\"");
    let at = el.find(&key)? + key.len();
    Some(el[at..at + el[at..].find('"')?].to_string())
}

/// The sheet-scoped defined names of the workbook: (name, sheet index) → formula.
fn defined_names(bytes: &[u8]) -> BTreeMap<(String, usize), String> {
    let wb = xml(bytes, "xl/workbook.xml");
    let mut out = BTreeMap::new();
    for part in wb.split("<definedName ").skip(1) {
        let head = &part[..part.find('>').unwrap()];
        let name = attr(&format!("<x {head}>"), "x", "name").unwrap();
        let Some(sheet) = attr(&format!("<x {head}>"), "x", "localSheetId") else {
            continue;
        };
        let body = &part[part.find('>').unwrap() + 1..part.find("</definedName>").unwrap()];
        out.insert((name, sheet.parse().unwrap()), body.replace("&apos;", "'"));
    }
    out
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
        _ => None,
    }
}

/// The row (0-based, absolute) of the header row: the first row whose first cell is one of
/// the tables' first headers.
fn header_row(r: &Range<Data>) -> Option<(u32, Vec<String>)> {
    let (r0, _) = r.start()?;
    r.rows().enumerate().find_map(|(i, row)| {
        let first = text(row.first());
        ["Provincie", "Doelstelling", "Ernst", "Gegeven"]
            .contains(&first.as_str())
            .then(|| (r0 + i as u32, row.iter().map(|d| text(Some(d))).collect()))
    })
}

/// Column letters of a 0-based column.
fn letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn column_of(letters: &str) -> u32 {
    letters
        .bytes()
        .fold(0u32, |n, x| n * 26 + u32::from(x - b'A' + 1))
        - 1
}

// ---- page setup ------------------------------------------------------------------------------

#[test]
fn every_sheet_prints_on_a4_with_margins_and_a_footer_with_its_name_and_page_numbers() {
    for ds in [dataset(), sample()] {
        let bytes = bytes_of(&ds);
        for (name, x) in sheet_xml(&bytes) {
            assert_eq!(
                attr(&x, "pageSetup", "paperSize").as_deref(),
                Some("9"),
                "{name}"
            );
            assert_eq!(
                attr(&x, "pageMargins", "left").as_deref(),
                Some("0.4"),
                "{name}"
            );
            assert_eq!(
                attr(&x, "pageMargins", "top").as_deref(),
                Some("0.75"),
                "{name}"
            );
            assert!(
                x.contains("<oddFooter>&amp;L&amp;A&amp;Rpagina &amp;P van &amp;N</oddFooter>"),
                "{name}: no footer with the sheet and 'pagina X van Y'"
            );
            // Every printed page of the sample says what it is.
            assert_eq!(
                x.contains("VOORBEELD — synthetische bedragen</oddHeader>"),
                ds.source.sample,
                "{name}"
            );
        }
    }
}

#[test]
fn the_header_rows_are_repeated_on_every_printed_page() {
    let bytes = bytes_of(&sample());
    let mut wb = open(&bytes);
    let names = defined_names(&bytes);
    let mut checked = 0;
    for (i, name) in wb.sheet_names().iter().enumerate() {
        let r = wb.worksheet_range(name).unwrap();
        let Some((h, _)) = header_row(&r) else {
            // A sheet without a table (Weigeringen of the sample: no refusals) has no titles.
            assert!(
                !names.contains_key(&("_xlnm.Print_Titles".into(), i)),
                "{name}"
            );
            continue;
        };
        // The matrix repeats its row of objectives too.
        let first = if name == "Per actie" { h - 1 } else { h };
        let quoted = if name.contains(' ') || name.contains('-') {
            format!("'{name}'")
        } else {
            name.clone()
        };
        let titles = &names[&("_xlnm.Print_Titles".to_string(), i)];
        assert!(
            titles.ends_with(&format!("{quoted}!${}:${}", first + 1, h + 1)),
            "{name}: {titles}"
        );
        checked += 1;
    }
    assert!(checked >= 12, "{checked}");
}

#[test]
fn soort_regel_is_the_last_column_and_is_not_printed() {
    for ds in [dataset(), sample()] {
        let bytes = bytes_of(&ds);
        let mut wb = open(&bytes);
        let names = defined_names(&bytes);
        let mut tagged = 0;
        for (i, name) in wb.sheet_names().iter().enumerate() {
            let r = wb.worksheet_range(name).unwrap();
            let Some((_, headers)) = header_row(&r) else {
                continue;
            };
            let headers: Vec<&String> = headers.iter().filter(|h| !h.is_empty()).collect();
            let area = &names[&("_xlnm.Print_Area".to_string(), i)];
            let last_printed = area.rsplit('$').nth(1).unwrap();
            let kind = headers.iter().position(|h| *h == "Soort regel");
            match kind {
                Some(k) => {
                    assert_eq!(k, headers.len() - 1, "{name}: {headers:?}");
                    assert_eq!(last_printed, letters(k - 1), "{name}: {area}");
                    tagged += 1;
                }
                None => assert_eq!(last_printed, letters(headers.len() - 1), "{name}: {area}"),
            }
        }
        // Overview, province sheets, collaborations, mentorships, bonds, objectives (and
        // refusals where there are any).
        assert!(tagged >= 11, "{tagged}");
    }
}

#[test]
fn tables_print_one_page_wide_long_ones_portrait_wide_short_ones_landscape() {
    let bytes = bytes_of(&sample());
    let sheets: BTreeMap<String, String> = sheet_xml(&bytes).into_iter().collect();
    for (name, x) in &sheets {
        if name == "Per actie" {
            // Wider than a page: at 75 %, broken over pages (see the test of the matrix).
            assert_eq!(attr(x, "pageSetup", "scale").as_deref(), Some("75"));
            continue;
        }
        let table = x.contains("<autoFilter");
        // One page wide, as many pages long as needed; never enlarged (no fit without a table).
        assert_eq!(
            x.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            table,
            "{name}"
        );
        if table {
            assert_eq!(
                attr(x, "pageSetup", "fitToHeight").as_deref(),
                Some("0"),
                "{name}"
            );
            assert_eq!(
                attr(x, "pageSetup", "fitToWidth"),
                None,
                "{name}: 1 is the default"
            );
        }
    }
    let orientation = |n: &str| attr(&sheets[n], "pageSetup", "orientation");
    // The overview has hundreds of rows of seven printed columns: portrait takes about half
    // the pages of landscape at a legible scale.
    assert_eq!(orientation("Overzicht").as_deref(), Some("portrait"));
    assert_eq!(orientation("Antwerpen").as_deref(), Some("portrait"));
    // Eleven columns with partners and remarks, one page long: landscape.
    assert_eq!(orientation("Samenwerkingen").as_deref(), Some("landscape"));
    assert_eq!(orientation("Per actie").as_deref(), Some("landscape"));
    // A sheet of two lines of text prints as it is.
    assert_eq!(orientation("Weigeringen").as_deref(), Some("portrait"));
}

#[test]
fn headers_wrap_and_their_row_is_as_tall_as_the_longest() {
    let bytes = bytes_of(&sample());
    let mut wb = open(&bytes);
    for name in [
        "Samenwerkingen",
        "Mentorschap",
        "Sociale impactobligaties",
        "Doelstellingen",
    ] {
        let r = wb.worksheet_range(name).unwrap();
        let styles = wb.worksheet_style(name).unwrap();
        let (h, headers) = header_row(&r).unwrap();
        for c in 0..headers.len() as u32 {
            let st = styles.get((h, c)).unwrap();
            assert!(
                st.alignment.as_ref().is_some_and(|a| a.wrap_text),
                "{name}: header {} does not wrap",
                headers[c as usize]
            );
        }
        // Long headers ("Deelnemende lokale besturen", "Mentorschap in de bijlage") take
        // more than one line: the row is made taller.
        let x = sheet_xml(&bytes)
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap()
            .1;
        let row = &x[x.find(&format!("<row r=\"{}\"", h + 1)).unwrap()..];
        let ht: f64 = attr(row, "row", "ht").unwrap().parse().unwrap();
        assert!(ht >= 30.0, "{name}: header row {ht} points");
    }
}

// ---- amounts ---------------------------------------------------------------------------------

#[test]
fn every_amount_column_has_one_format_with_decimals_only_where_it_has_cents() {
    let ds = dataset();
    let bytes = bytes_of(&ds);
    let mut wb = open(&bytes);
    let mut formats_of: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).unwrap();
        let styles = wb.worksheet_style(&name).unwrap();
        let Some((h, headers)) = header_row(&r) else {
            continue;
        };
        for row in h + 1..=r.end().unwrap().0 {
            for (c, head) in headers.iter().enumerate() {
                if !matches!(r.get_value((row, c as u32)), Some(Data::Float(_))) {
                    continue;
                }
                let Some(code) = styles
                    .get((row, c as u32))
                    .and_then(|s| s.number_format.clone())
                    .map(|f| f.format_code)
                else {
                    continue;
                };
                if code.contains('€') {
                    formats_of
                        .entry((name.clone(), head.clone()))
                        .or_default()
                        .insert(code);
                }
            }
        }
    }
    for ((sheet, col), codes) in &formats_of {
        assert_eq!(codes.len(), 1, "{sheet} / {col}: {codes:?}");
    }
    let code = |sheet: &str, col: &str| {
        formats_of[&(sheet.to_string(), col.to_string())]
            .first()
            .cloned()
            .unwrap()
    };
    // Gent (€ 33.000,50) and Lier (€ 19.999,99) have cents: every amount of the overview, lines
    // and totals, gets two decimals; West-Vlaanderen has none and gets none.
    assert!(code("Overzicht", "Bedrag").contains("0.00"));
    assert!(code("Oost-Vlaanderen", "Bedrag").contains("0.00"));
    assert!(!code("West-Vlaanderen", "Bedrag").contains("0.00"));
    assert!(!code("Mentorschap", "Bedrag (vraag 7)").contains("0.00"));
    assert!(code("Doelstellingen", "Bedrag").contains("0.00"));
    // In the matrix per column: action 6 has Gent's cents, action 11 none.
    let matrix: Vec<&(String, String)> = formats_of
        .keys()
        .filter(|(s, _)| s == "Per actie")
        .collect();
    let col = |prefix: &str| {
        matrix
            .iter()
            .find(|(_, c)| c.starts_with(prefix))
            .unwrap()
            .1
            .clone()
    };
    assert!(code("Per actie", &col("Actie 6:")).contains("0.00"));
    assert!(!code("Per actie", &col("Actie 11:")).contains("0.00"));
    assert!(code("Per actie", "Totaal").contains("0.00"));
}

// ---- subtotals and NIS codes -----------------------------------------------------------------

/// Rows under the header of a sheet, as maps from header to cell.
fn table(r: &Range<Data>) -> Vec<BTreeMap<String, Data>> {
    let (h, names) = header_row(r).unwrap();
    let (r0, _) = r.start().unwrap();
    r.rows()
        .skip((h - r0 + 1) as usize)
        .take_while(|row| !row.iter().all(|d| matches!(d, Data::Empty)))
        .map(|row| names.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

#[test]
fn a_subtotal_row_only_for_an_objective_of_several_lines_of_an_applicant_with_several() {
    let ds = sample();
    let bytes = bytes_of(&ds);
    let mut wb = open(&bytes);
    let rows = table(&wb.worksheet_range("Overzicht").unwrap());
    // Expected from the model: per applicant, its objectives (and other lines) with at least
    // two granted lines, when it has lines in more than one.
    let mut groups: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut seen_lines: Vec<(String, String)> = Vec::new();
    let mut subtotals = Vec::new();
    for r in &rows {
        let who = text(r.get("Lokaal bestuur"));
        let objective = text(r.get("Doelstelling"));
        match text(r.get("Soort regel")).as_str() {
            "subsidie" => {
                *groups.entry((who.clone(), objective.clone())).or_default() += 1;
                seen_lines.push((who, objective));
            }
            "subtotaal doelstelling" => {
                // Directly under the lines it sums, which are at least two.
                let n = seen_lines
                    .iter()
                    .rev()
                    .take_while(|l| **l == (who.clone(), objective.clone()))
                    .count();
                assert!(n >= 2, "{who} / {objective}: subtotal of {n} line(s)");
                subtotals.push((who, objective));
                seen_lines.clear();
            }
            _ => seen_lines.clear(),
        }
    }
    let mut expected = Vec::new();
    for ((who, objective), n) in &groups {
        let objectives = groups.keys().filter(|(w, _)| w == who).count();
        if *n >= 2 && objectives >= 2 {
            expected.push((who.clone(), objective.clone()));
        }
    }
    subtotals.sort();
    assert_eq!(subtotals, expected);
    assert!(subtotals.len() > 20, "{}", subtotals.len());
    // Every applicant keeps its total row.
    let applicants = rows
        .iter()
        .filter(|r| text(r.get("Soort regel")) == "totaal lokaal bestuur")
        .count();
    assert_eq!(applicants, ds.applicants.len());
}

#[test]
fn the_overview_gives_each_municipality_its_nis_code() {
    let ds = dataset();
    let bytes = bytes_of(&ds);
    let mut wb = open(&bytes);
    let rows = table(&wb.worksheet_range("Overzicht").unwrap());
    let nis: BTreeMap<String, Option<i64>> = rows
        .iter()
        .filter(|r| text(r.get("Soort regel")) == "subsidie")
        .map(|r| {
            (
                text(r.get("Lokaal bestuur")),
                cents(r.get("NIS-code")).map(|c| c / 100),
            )
        })
        .collect();
    // REFNIS codes of Statbel.
    assert_eq!(nis["Gent"], Some(44021));
    assert_eq!(nis["Brugge"], Some(31005));
    assert_eq!(nis["Oostende"], Some(35013));
    assert_eq!(nis["Lier"], Some(12021));
    // The VGC is no municipality.
    assert_eq!(nis["VGC"], None);
}

// ---- the matrix ------------------------------------------------------------------------------

/// Recomputes `SUM(D7:F7,H7)` or `SUBTOTAL(9,D5:D9)` from the cells it names, in cents
/// (SUBTOTAL skips cells holding a SUBTOTAL, as Excel does).
fn evaluate(values: &Range<Data>, formulas: &Range<String>, formula: &str) -> i64 {
    let (args, subtotal) = match formula.strip_prefix("SUBTOTAL(9,") {
        Some(rest) => (rest.strip_suffix(')').unwrap(), true),
        None => (
            formula
                .strip_prefix("SUM(")
                .unwrap()
                .strip_suffix(')')
                .unwrap(),
            false,
        ),
    };
    let cell = |c: &str| {
        let l: String = c.chars().take_while(|x| x.is_ascii_alphabetic()).collect();
        (c[l.len()..].parse::<u32>().unwrap() - 1, column_of(&l))
    };
    let mut sum = 0;
    for area in args.split(',') {
        let (a, b) = area.split_once(':').unwrap_or((area, area));
        let ((ra, ca), (rb, cb)) = (cell(a), cell(b));
        for row in ra..=rb {
            for col in ca..=cb {
                let f = formulas.get_value((row, col)).cloned().unwrap_or_default();
                if subtotal && f.starts_with("SUBTOTAL") {
                    continue;
                }
                sum += cents(values.get_value((row, col))).unwrap_or(0);
            }
        }
    }
    sum
}

#[test]
fn per_action_has_a_row_per_applicant_a_column_per_action_and_exact_totals() {
    for ds in [dataset(), sample()] {
        let bytes = bytes_of(&ds);
        let mut wb = open(&bytes);
        assert_eq!(wb.sheet_names()[..2], ["Overzicht", "Per actie"]);
        let values = wb.worksheet_range("Per actie").unwrap();
        let formulas = wb.worksheet_formula("Per actie").unwrap();
        let (h, headers) = header_row(&values).unwrap();
        assert_eq!(headers[..3], ["Provincie", "NIS-code", "Lokaal bestuur"]);
        assert_eq!(headers.last().unwrap(), "Totaal");
        // The row above names the objectives over their columns.
        let groups: Vec<String> = values
            .rows()
            .nth((h - values.start().unwrap().0 - 1) as usize)
            .unwrap()
            .iter()
            .map(|d| text(Some(d)))
            .filter(|t| !t.is_empty())
            .collect();
        assert!(groups.contains(&"2. Nederlands".to_string()), "{groups:?}");
        let rows = table(&values);
        let mut applicants = BTreeSet::new();
        let mut per_province: BTreeMap<String, i64> = BTreeMap::new();
        for r in &rows {
            let who = text(r.get("Lokaal bestuur"));
            if who.starts_with("Totaal") {
                continue;
            }
            let id = ds.applicant_by_name(&who).unwrap();
            assert!(applicants.insert(id), "{who} twice");
            let t = ds.applicant_totals(id).unwrap();
            // Each action's cell: the applicant's granted lines of that action.
            for (head, cell) in r {
                let Some(no) = head
                    .strip_prefix("Actie ")
                    .and_then(|x| x.split(':').next())
                    .and_then(|n| n.parse::<u8>().ok())
                else {
                    continue;
                };
                let expected: i64 = ds
                    .grants_of(id)
                    .filter(|g| g.is_granted() && g.kind == LineKind::Action(no))
                    .map(|g| g.amount)
                    .sum();
                let shown = cents(Some(cell)).unwrap_or(0);
                assert_eq!(shown, expected, "{who} / {head}");
            }
            for o in 1..=7usize {
                let got = cents(r.get(&format!("Totaal doelstelling {o}"))).unwrap_or(0);
                assert_eq!(got, t.per_objective[o - 1], "{who} / doelstelling {o}");
            }
            assert_eq!(
                cents(r.get("Totaal andere lijnen")).unwrap_or(0),
                t.other,
                "{who}"
            );
            assert_eq!(cents(r.get("Totaal")), Some(t.granted), "{who}");
            let p = text(r.get("Provincie"));
            *per_province.entry(p).or_default() += t.granted;
            // NIS code of a municipality.
            let nis = ds
                .applicant(id)
                .unwrap()
                .municipality()
                .map(|m| i64::from(reference::get().municipality(m).unwrap().nis) * 100);
            assert_eq!(cents(r.get("NIS-code")), nis, "{who}");
        }
        let with_lines: BTreeSet<u32> = ds
            .grants
            .iter()
            .filter(|g| g.is_granted())
            .map(|g| g.applicant)
            .collect();
        assert_eq!(applicants, with_lines);
        // Province total rows (a province of one applicant has none) and the grand total.
        for r in rows
            .iter()
            .filter(|r| text(r.get("Lokaal bestuur")).starts_with("Totaal "))
        {
            let p = text(r.get("Provincie"));
            let expected = ds.province_totals(Province::parse(&p)).granted;
            assert_eq!(cents(r.get("Totaal")), Some(expected), "{p}");
            assert_eq!(per_province[&p], expected, "{p}");
        }
        let grand = rows
            .iter()
            .find(|r| text(r.get("Lokaal bestuur")) == "Totaal")
            .unwrap();
        assert_eq!(cents(grand.get("Totaal")), Some(ds.total_granted()));
        // Every total is a formula whose cached value is what its cells add up to.
        let (r0, c0) = formulas.start().unwrap();
        let mut n = 0;
        for (row, col, f) in formulas.used_cells().filter(|(_, _, f)| !f.is_empty()) {
            let at = (r0 + row as u32, c0 + col as u32);
            assert_eq!(
                evaluate(&values, &formulas, f),
                cents(values.get_value(at)).unwrap(),
                "{at:?} {f}"
            );
            n += 1;
        }
        assert!(n > rows.len(), "{n} formulas");
    }
}

#[test]
fn per_action_prints_the_applicant_columns_on_every_page_and_breaks_between_objectives() {
    let bytes = bytes_of(&sample());
    let names = defined_names(&bytes);
    let titles = &names[&("_xlnm.Print_Titles".to_string(), 1)];
    // Columns A to C (province, NIS code, name) and the two header rows.
    assert!(titles.starts_with("'Per actie'!$A:$C,"), "{titles}");
    let x = &sheet_xml(&bytes)[1].1;
    assert!(
        x.contains("<colBreaks"),
        "no page breaks between objectives"
    );
    // Each break is at the first column of an objective (or of the other lines, or the
    // total): where the row of objectives starts a new name.
    let mut wb = open(&bytes);
    let values = wb.worksheet_range("Per actie").unwrap();
    let (h, _) = header_row(&values).unwrap();
    let group_row: Vec<String> = values
        .rows()
        .nth((h - values.start().unwrap().0 - 1) as usize)
        .unwrap()
        .iter()
        .map(|d| text(Some(d)))
        .collect();
    let merges = wb.merge_cells_by_sheet_name("Per actie").unwrap();
    let starts: BTreeSet<u32> = merges
        .iter()
        .filter(|m| m.start.0 == h - 1)
        .map(|m| m.start.1)
        .chain(
            group_row
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(c, _)| c as u32),
        )
        .chain(std::iter::once(group_row.len() as u32 - 1))
        .collect();
    for brk in x.split("<brk id=\"").skip(1) {
        let col: u32 = brk[..brk.find('"').unwrap()].parse().unwrap();
        assert!(
            starts.contains(&col),
            "break at column {col}, not at a group: {starts:?}"
        );
    }
}

#[test]
fn a_province_of_one_line_has_no_total_row_on_the_answer_sheets() {
    let ds = dataset();
    let mut wb = open(&bytes_of(&ds));
    // One refusal (Brugge): its line and the grand total, no province total repeating it.
    let rows = table(&wb.worksheet_range("Weigeringen").unwrap());
    let kinds: Vec<String> = rows.iter().map(|r| text(r.get("Soort regel"))).collect();
    assert_eq!(kinds, ["weigering", "algemeen totaal"]);
    assert_eq!(cents(rows[1].get("Bedrag")), Some(500_000));
    // Limburg has one collaboration of answer 2 (Pelt): its row carries Limburg's figures.
    let rows = table(&wb.worksheet_range("Samenwerkingen").unwrap());
    let limburg: Vec<String> = rows
        .iter()
        .filter(|r| text(r.get("Provincie")) == "Limburg")
        .map(|r| text(r.get("Soort regel")))
        .collect();
    assert_eq!(limburg, ["samenwerking"]);
    let antwerpen = rows
        .iter()
        .filter(|r| text(r.get("Provincie")) == "Antwerpen")
        .filter(|r| text(r.get("Soort regel")) == "totaal provincie")
        .count();
    assert_eq!(antwerpen, 1);
}
