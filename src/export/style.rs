//! The cell formats of a workbook, built once. rust_xlsxwriter hashes the whole `Format` on
//! every formatted write, so the sheets reuse these instead of building a format per cell, and
//! write plain line cells through a column format (see `Sheet`).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// Visual weight of a row.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Level {
    Line,
    Objective,
    Applicant,
    Province,
    Grand,
}

impl Level {
    const ALL: [Level; 5] = [
        Level::Line,
        Level::Objective,
        Level::Applicant,
        Level::Province,
        Level::Grand,
    ];
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Cell {
    Text,
    Wrap,
    Money,
    Int,
    /// Repeated context (province, local government) in grey: filterable, but quiet.
    Muted,
    /// The `Soort regel` tag, indented away from the amount before it.
    Tag,
    /// An action number or a code (NIS), centred.
    Centred,
    /// An amount with two decimals: the format of a money column holding an amount with cents
    /// ([`Cell::Money`] is that of a column of whole euros), so the digits of a column line up.
    Cents,
    /// A change in percent with its sign and one decimal (`+12,3%`).
    Percent,
}

impl Cell {
    const ALL: [Cell; 9] = [
        Cell::Text,
        Cell::Wrap,
        Cell::Money,
        Cell::Int,
        Cell::Muted,
        Cell::Tag,
        Cell::Centred,
        Cell::Cents,
        Cell::Percent,
    ];
}

/// Euro amounts in whole euros and with cents (Belgian Dutch: `€ 1.234` and `€ 1.234,50`).
/// A space after the digits keeps an amount off the text of the next column.
pub(super) const EUR_WHOLE: &str = "[$€-813] #,##0_-";
pub(super) const EUR_CENTS: &str = "[$€-813] #,##0.00_-";
/// A change in percent: its sign always shown, one decimal.
pub(super) const PERCENT: &str = "+0.0%_-;-0.0%_-;0.0%_-";

/// Every format the sheets use.
pub(super) struct Styles {
    /// Indexed by `Level as usize * Cell::ALL.len() + Cell as usize`.
    cells: Vec<Format>,
    pub(super) title: Format,
    pub(super) sample: Format,
    pub(super) note: Format,
    pub(super) note_wrapped: Format,
    pub(super) header: Format,
    pub(super) header_right: Format,
    pub(super) header_centre: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let mut cells = Vec::with_capacity(Level::ALL.len() * Cell::ALL.len());
        for level in Level::ALL {
            for cell in Cell::ALL {
                cells.push(cell_format(level, cell));
            }
        }
        // Wrapped: a long header takes two or three lines instead of widening its column.
        let header = Format::new()
            .set_bold()
            .set_background_color(0x1F4E79)
            .set_font_color(0xFFFFFF)
            .set_border_bottom(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        Styles {
            cells,
            title: Format::new().set_bold().set_font_size(14),
            sample: Format::new().set_bold().set_font_color(0xC00000),
            note: Format::new().set_italic(),
            note_wrapped: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header_right: header.clone().set_align(FormatAlign::Right).set_indent(1),
            header_centre: header.clone().set_align(FormatAlign::Center),
            header,
        }
    }

    pub(super) fn cell(&self, level: Level, cell: Cell) -> &Format {
        let i = level as usize * Cell::ALL.len() + cell as usize;
        // Always present: `new` builds every combination.
        &self.cells[i]
    }
}

fn cell_format(level: Level, cell: Cell) -> Format {
    let f = Format::new().set_align(FormatAlign::Top);
    let f = match cell {
        Cell::Text => f,
        Cell::Wrap => f.set_text_wrap(),
        Cell::Money => f.set_num_format(EUR_WHOLE),
        Cell::Cents => f.set_num_format(EUR_CENTS),
        Cell::Int => f.set_num_format("#,##0"),
        Cell::Muted => f.set_font_color(0x7F7F7F),
        Cell::Tag => f.set_align(FormatAlign::Center),
        Cell::Centred => f.set_num_format("0").set_align(FormatAlign::Center),
        Cell::Percent => f.set_num_format(PERCENT),
    };
    match level {
        Level::Line => f,
        Level::Objective => f.set_italic().set_background_color(0xF2F2F2),
        Level::Applicant => f.set_bold().set_background_color(0xE2EAF4),
        Level::Province => f.set_bold().set_background_color(0xC9D7EC),
        Level::Grand => f
            .set_bold()
            .set_background_color(0xA9C0E0)
            .set_border_top(FormatBorder::Medium),
    }
}

/// Characters of `money::format_eur_cents(cents)` (`-€ 1.234,56`), without formatting it.
pub(super) fn eur_cents_chars(cents: i64) -> usize {
    let euros = cents.unsigned_abs() / 100;
    let digits = decimal_digits(euros);
    let dots = (digits - 1) / 3;
    usize::from(cents < 0) + 2 + digits + dots + 3
}

/// Number of decimal digits of `n` (1 for 0).
pub(super) fn decimal_digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money;

    #[test]
    fn width_of_an_amount_matches_its_text() {
        let mut samples = vec![0i64, 1, 99, 100, 99_999, 100_000, i64::MAX, i64::MIN];
        let mut n = 1i64;
        for _ in 0..18 {
            samples.extend([n - 1, n, n + 1, -n, -(n - 1), -(n + 1)]);
            n *= 10;
        }
        for c in samples {
            assert_eq!(
                eur_cents_chars(c),
                money::format_eur_cents(c).chars().count(),
                "{c}"
            );
        }
        assert_eq!(decimal_digits(u64::MAX), 20);
    }

    #[test]
    fn every_level_and_cell_has_its_own_format() {
        let s = Styles::new();
        assert!(s.cell(Level::Line, Cell::Money) != s.cell(Level::Grand, Cell::Money));
        assert!(s.cell(Level::Line, Cell::Money) != s.cell(Level::Line, Cell::Cents));
        assert!(s.cell(Level::Line, Cell::Text) != s.cell(Level::Line, Cell::Wrap));
        assert_eq!(
            s.cell(Level::Province, Cell::Tag),
            &cell_format(Level::Province, Cell::Tag)
        );
    }
}
