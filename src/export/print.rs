//! How a worksheet prints: A4, margins, a page header with the sample marker or the selection,
//! a footer with the sheet's name and "pagina X van Y", portrait or landscape by the width of
//! the table, and a matrix wider than a page broken between its groups of columns.
//!
//! Widths are Excel's column widths (characters of the default font). A column of width `w` is
//! `7w + 5` pixels at 96 per inch as Excel draws it, and `7.4 (w + 0.71)` as LibreOffice does
//! (measured in its PDF); the estimates take the wider.

use rust_xlsxwriter::Worksheet;

use super::ExportError;

/// A4 in Excel's paper numbering.
const A4: u8 = 9;
/// Margins in inches: about 1 cm left and right, 1.9 cm top and bottom with the page header
/// and footer 0.8 cm from the edge.
const MARGIN_SIDE: f64 = 0.4;
const MARGIN_TOP: f64 = 0.75;
const MARGIN_BOTTOM: f64 = 0.75;
const MARGIN_HEADER: f64 = 0.3;
const MARGIN_FOOTER: f64 = 0.3;
/// A4 in inches.
const PAPER_SHORT: f64 = 8.27;
const PAPER_LONG: f64 = 11.69;
/// Below this scale a table is printed landscape rather than portrait (and a matrix is broken
/// over pages rather than shrunk to one page wide): about 8 points for the default 11.
const MIN_SCALE: f64 = 0.7;
/// The scale of a matrix broken over pages, in percent.
const MATRIX_SCALE: u16 = 75;
/// Page breaks of a matrix keep a little room (bold totals, rounding); the orientation of a
/// table needs none, it is shrunk to fit in any case.
const SAFETY: f64 = 1.02;
/// Notes under a matrix wider than a page are wrapped within about this many width units.
pub(super) const NOTE_WIDTH: f64 = 100.0;

/// The footer of every page: the sheet's name left, "pagina 3 van 7" right. The pages are
/// those of what is printed: a sheet alone, or the whole workbook numbered through (a
/// numbering restarted per sheet would still count the pages of the whole workbook).
pub(super) const FOOTER: &str = "&L&A&Rpagina &P van &N";
/// The header of every page, left.
const HEADER_LEFT: &str = "Plan Samenleven — schriftelijke vraag 492";

/// How the columns of a sheet print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PageLayout {
    /// One page wide (shrunk to fit, never enlarged): portrait when that stays legible and
    /// takes no more pages, else landscape.
    Table,
    /// A matrix: landscape; the first `repeat` columns on every page; wider than a page, it is
    /// printed at [`MATRIX_SCALE`] and broken between the groups of columns (first, last).
    Matrix {
        repeat: u16,
        groups: Vec<(u16, u16)>,
    },
}

/// The page header: the project left, `marks` (sample marker, selection) right. `&` is a
/// control character in a page header and is doubled; the text stays within Excel's 255.
pub(super) fn page_header(marks: &str) -> String {
    let mut out = format!("&L{HEADER_LEFT}");
    if !marks.is_empty() {
        out.push_str("&R");
        let room = 250 - out.encode_utf16().count();
        let mut used = 0;
        for ch in marks.chars() {
            let n = if ch == '&' { 2 } else { ch.len_utf16() };
            if used + n + 1 > room {
                out.push('…');
                break;
            }
            if ch == '&' {
                out.push('&');
            }
            out.push(ch);
            used += n;
        }
    }
    out
}

/// Paper, margins, page header and footer.
pub(super) fn page(ws: &mut Worksheet, header: &str) -> Result<(), ExportError> {
    ws.set_paper_size(A4)
        .set_margins(
            MARGIN_SIDE,
            MARGIN_SIDE,
            MARGIN_TOP,
            MARGIN_BOTTOM,
            MARGIN_HEADER,
            MARGIN_FOOTER,
        )
        .set_header(header)
        .set_footer(FOOTER);
    Ok(())
}

/// The width a header asks of its column: its length, or less when it is long (it wraps),
/// never narrower than its longest word; room for the filter button.
pub(super) fn header_width(header: &str) -> usize {
    let chars = header.chars().count();
    let longest = header
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    (chars + 3).min((longest + 2).max(16))
}

/// Lines a bold header takes in a column of `width`.
pub(super) fn header_lines(header: &str, width: f64) -> u32 {
    text_lines(header, width, true)
}

/// Lines a text takes in a column of `width`, wrapped at spaces and at its line breaks. The
/// width unit is 7.4 pixels as LibreOffice draws Carlito (Calibri's twin) at 11 points; an
/// average letter takes about 5.5 of them, a bold one a little more (measured in its PDF; both
/// rounded up here: a row a little too tall shows everything, one too short cuts the text).
pub(super) fn text_lines(text: &str, width: f64, bold: bool) -> u32 {
    let per_char = if bold { 0.82 } else { 0.8 };
    let room = (((width - 0.5) / per_char).floor() as usize).max(1);
    // Most cells fit on one line: no words to count (bytes are at least the characters).
    if text.len() <= room && !text.contains('\n') {
        return 1;
    }
    text.split('\n')
        .map(|line| line_lines(line, room))
        .sum::<u32>()
        .max(1)
}

/// Lines one line of text takes with `room` characters a line.
fn line_lines(text: &str, room: usize) -> u32 {
    let mut lines = 1u32;
    let mut used = 0usize;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n <= room {
            used += 1 + n;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        // A word longer than the line takes several.
        lines += ((n.max(1) - 1) / room) as u32;
        used = (n - 1) % room + 1;
    }
    lines
}

/// Pixels of a column of `width`.
fn column_px(width: f64) -> f64 {
    (7.0 * width + 5.0).max(7.4 * (width + 0.71))
}

/// Inches of the printed width of columns.
fn width_inches(widths: &[f64]) -> f64 {
    widths.iter().map(|w| column_px(*w)).sum::<f64>() / 96.0
}

/// The printable width and height of an A4 page, in inches.
fn printable(landscape: bool) -> (f64, f64) {
    let (w, h) = if landscape {
        (PAPER_LONG, PAPER_SHORT)
    } else {
        (PAPER_SHORT, PAPER_LONG)
    };
    (
        w - 2.0 * MARGIN_SIDE,
        h - MARGIN_TOP - MARGIN_BOTTOM - MARGIN_HEADER.min(0.1),
    )
}

/// How a table prints: landscape or not, and the scale that fits it one page wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Orientation {
    pub(super) landscape: bool,
    pub(super) scale: f64,
    /// Pages down, estimated.
    pub(super) pages: f64,
}

/// Portrait or landscape for a table of these column widths and `points` of rows: the fewer
/// pages, then the larger print; portrait only when it prints at [`MIN_SCALE`] or more.
pub(super) fn choose(widths: &[f64], points: f64) -> Orientation {
    let width = width_inches(widths).max(0.01);
    let option = |landscape: bool| {
        let (w, h) = printable(landscape);
        let scale = (w / width).min(1.0);
        let pages = (points / 72.0 * scale / h).ceil().max(1.0);
        Orientation {
            landscape,
            scale,
            pages,
        }
    };
    let (p, l) = (option(false), option(true));
    let portrait =
        p.scale >= MIN_SCALE && (p.pages < l.pages || p.pages == l.pages && p.scale >= l.scale);
    if portrait {
        p
    } else {
        l
    }
}

/// The columns before which a matrix page starts: groups kept whole where they fit on a page
/// next to the `repeat` columns, at `scale`.
pub(super) fn matrix_breaks(
    widths: &[f64],
    repeat: u16,
    groups: &[(u16, u16)],
    scale: f64,
) -> Vec<u32> {
    let px = |c: u16| widths.get(usize::from(c)).map_or(0.0, |w| column_px(*w)) * SAFETY;
    let (w, _) = printable(true);
    let repeated: f64 = (0..repeat).map(px).sum();
    let room = (w * 96.0 / scale - repeated).max(1.0);
    let mut breaks = Vec::new();
    let mut used = (0..repeat).map(px).sum::<f64>() - repeated;
    for &(first, last) in groups {
        let group: f64 = (first..=last).map(px).sum();
        if used > 0.0 && used + group > room {
            breaks.push(u32::from(first));
            used = 0.0;
        }
        if group <= room {
            used += group;
            continue;
        }
        // Wider than a page: broken inside, column by column.
        for c in first..=last {
            if used > 0.0 && used + px(c) > room {
                breaks.push(u32::from(c));
                used = 0.0;
            }
            used += px(c);
        }
    }
    breaks
}

/// Orientation, scale and (for a matrix) repeated columns and page breaks.
pub(super) fn orient(
    ws: &mut Worksheet,
    widths: &[f64],
    points: f64,
    layout: &PageLayout,
) -> Result<(), ExportError> {
    match layout {
        PageLayout::Table => {
            let o = choose(widths, points);
            if o.landscape {
                ws.set_landscape();
            } else {
                ws.set_portrait();
            }
            // Always: the estimate decides the orientation, the spreadsheet the exact scale.
            ws.set_print_fit_to_pages(1, 0);
        }
        PageLayout::Matrix { repeat, groups } => {
            ws.set_landscape();
            let (w, _) = printable(true);
            let scale = (w / (width_inches(widths) * SAFETY).max(0.01)).min(1.0);
            if scale >= MIN_SCALE {
                ws.set_print_fit_to_pages(1, 0);
                return Ok(());
            }
            ws.set_print_scale(MATRIX_SCALE);
            if *repeat > 0 {
                ws.set_repeat_columns(0, repeat - 1)?;
            }
            let breaks = matrix_breaks(widths, *repeat, groups, f64::from(MATRIX_SCALE) / 100.0);
            ws.set_vertical_page_breaks(&breaks)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_wrap_at_word_boundaries() {
        assert_eq!(header_lines("Bedrag", 12.0), 1);
        // 16 bold characters fit at width 16: "Toegekend aan de" / "trekker".
        assert_eq!(header_lines("Toegekend aan de trekker", 16.0), 2);
        assert_eq!(header_lines("Deelnemende lokale besturen", 13.0), 2);
        assert_eq!(header_lines("Deelnemende lokale besturen", 11.0), 3);
        // A word longer than the column takes more than one line.
        assert_eq!(header_lines("Vertegenwoordigde", 6.0), 3);
        assert_eq!(header_lines("", 10.0), 1);
        // Plain text is a little narrower; line breaks count.
        let title = "Begeleiding ongekwalificeerde uitstromers";
        assert_eq!(text_lines(title, 33.8, false), 1);
        assert_eq!(text_lines(title, 33.8, true), 2);
        assert_eq!(text_lines("een\ntwee\ndrie", 40.0, false), 3);
    }

    #[test]
    fn a_long_header_asks_less_than_its_length_but_its_longest_word() {
        assert_eq!(header_width("Provincie"), 12);
        assert_eq!(header_width("Toegekend aan de trekker"), 16);
        assert_eq!(header_width("Vertegenwoordigde lokale besturen"), 19);
    }

    #[test]
    fn narrow_tables_print_portrait_at_full_size_and_wide_ones_landscape() {
        // Two columns, a page of rows: portrait, not scaled.
        let o = choose(&[20.0, 40.0], 40.0 * 15.0);
        assert_eq!((o.landscape, o.scale), (false, 1.0));
        // Short and a little wider than portrait: landscape at full size rather than shrunk.
        let o = choose(&[30.0, 90.0], 20.0 * 15.0);
        assert!(o.landscape && o.scale == 1.0, "{o:?}");
        // Long and somewhat wider (the overview): portrait, shrunk a little, half the pages.
        let o = choose(&[16.0, 9.0, 21.0, 22.0, 8.0, 40.0, 14.0], 500.0 * 15.0);
        assert!(
            !o.landscape && o.scale >= MIN_SCALE && o.scale < 1.0,
            "{o:?}"
        );
        // Very wide: landscape, shrunk to one page wide.
        let o = choose(&[60.0; 4], 500.0 * 15.0);
        assert!(o.landscape && o.scale < 1.0, "{o:?}");
    }

    #[test]
    fn a_matrix_breaks_between_groups_that_fit_and_inside_one_that_does_not() {
        let mut widths = vec![16.0, 8.0, 20.0];
        widths.extend([12.0; 40]);
        let groups: Vec<(u16, u16)> = vec![(3, 7), (8, 12), (13, 17), (18, 42)];
        let breaks = matrix_breaks(&widths, 3, &groups, 0.75);
        // Groups of five columns: two on a page; the last group of 25 is broken inside.
        assert_eq!(&breaks[..2], &[13, 18]);
        assert!(breaks.len() > 2 && breaks[2] > 18, "{breaks:?}");
        assert!(breaks.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_page_header_escapes_ampersands_and_stays_short() {
        assert_eq!(
            page_header("selectie: zoek: A&B"),
            "&LPlan Samenleven — schriftelijke vraag 492&Rselectie: zoek: A&&B"
        );
        assert_eq!(
            page_header(""),
            "&LPlan Samenleven — schriftelijke vraag 492"
        );
        let long = page_header(&"x".repeat(400));
        assert!(
            long.encode_utf16().count() <= 250 && long.ends_with('…'),
            "{long}"
        );
    }
}
