//! The draft as a Word document (docx), through the `docx-rs` crate.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Style, StyleType,
    Table as DocxTable, TableCell, TableRow, WidthType,
};

use super::render::{NOTHING_TO_REVIEW, REVIEW_TITLE};
use super::{Block, Draft, Table};

const TITLE_STYLE: &str = "Title";
const HEADING_STYLE: &str = "Heading1";
/// Margins of 2 cm, in twentieths of a point.
const MARGIN: i32 = 1134;
/// The width of the text on an A4 page (11 906 twentieths of a point wide) with those margins.
const TEXT_WIDTH: usize = 11906 - 2 * MARGIN as usize;

/// Money stays on one line: "€ 1.234" with a no-break space.
fn keep(s: &str) -> String {
    s.replace("€ ", "€\u{a0}")
}

/// The draft as docx bytes: the sample warning in bold red, a title, numbered headings,
/// paragraphs, bulleted lists and tables with a bold header row, on A4 with 2 cm margins.
pub fn docx_bytes(d: &Draft) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(22)
        .add_style(
            Style::new(TITLE_STYLE, StyleType::Paragraph)
                .name("Title")
                .size(32)
                .bold()
                .line_spacing(LineSpacing::new().after(240)),
        )
        .add_style(
            Style::new(HEADING_STYLE, StyleType::Paragraph)
                .name("Heading 1")
                .size(26)
                .bold()
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        );
    if let Some(w) = &d.warning {
        doc = doc.add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().after(240))
                .add_run(Run::new().add_text(keep(w)).bold().color("C00000")),
        );
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .style(TITLE_STYLE)
            .add_run(Run::new().add_text(&d.title)),
    );
    for b in &d.intro {
        doc = block(doc, b);
    }
    for s in &d.sections {
        doc = doc.add_paragraph(heading(&format!("{}. {}", s.number, s.title)));
        for b in &s.blocks {
            doc = block(doc, b);
        }
    }
    doc = doc.add_paragraph(heading(REVIEW_TITLE));
    if d.review.is_empty() {
        doc = doc.add_paragraph(text(NOTHING_TO_REVIEW));
    } else {
        for r in &d.review {
            doc = doc.add_paragraph(bullet(r));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("het Word-bestand kan niet worden opgebouwd ({e})"))?;
    Ok(out.into_inner())
}

fn heading(t: &str) -> Paragraph {
    Paragraph::new()
        .style(HEADING_STYLE)
        .add_run(Run::new().add_text(t))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new()
        .line_spacing(LineSpacing::new().after(120))
        .add_run(Run::new().add_text(keep(t)))
}

fn bullet(t: &str) -> Paragraph {
    Paragraph::new()
        .line_spacing(LineSpacing::new().after(60))
        .indent(
            Some(360),
            Some(docx_rs::SpecialIndentType::Hanging(360)),
            None,
            None,
        )
        .add_run(Run::new().add_text(format!("•\t{}", keep(t))))
}

fn block(doc: Docx, b: &Block) -> Docx {
    match b {
        Block::Paragraph(p) => doc.add_paragraph(text(p)),
        Block::List(items) => items.iter().fold(doc, |d, i| d.add_paragraph(bullet(i))),
        Block::Table(t) => doc.add_table(table(t)).add_paragraph(Paragraph::new()),
    }
}

/// Column widths: figures and short columns as wide as their longest cell, the other columns
/// share the rest of the line in proportion to their longest cell.
fn widths(t: &Table) -> Vec<usize> {
    // About a tenth of a centimetre per character at 9 points, plus the cell's margins.
    let need = |chars: usize| chars * 110 + 240;
    let width_of = |i: usize, rows: &mut dyn Iterator<Item = &Vec<String>>| {
        rows.filter_map(|r| r.get(i))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
    };
    // A header wraps over words; the cells decide.
    let longest: Vec<usize> = (0..t.header.len())
        .map(|i| {
            let cells = width_of(i, &mut t.rows.iter());
            let header = width_of(i, &mut std::iter::once(&t.header));
            cells.max(header.min(12)).clamp(4, 60)
        })
        .collect();
    let fixed = |i: usize| t.figures.get(i).copied().unwrap_or(false) || longest[i] <= 16;
    let taken: usize = (0..longest.len())
        .filter(|&i| fixed(i))
        .map(|i| need(longest[i]))
        .sum();
    let room = TEXT_WIDTH.saturating_sub(taken).max(TEXT_WIDTH / 3);
    let shared: usize = (0..longest.len())
        .filter(|&i| !fixed(i))
        .map(|i| longest[i])
        .sum::<usize>()
        .max(1);
    (0..longest.len())
        .map(|i| {
            if fixed(i) {
                need(longest[i])
            } else {
                room * longest[i] / shared
            }
        })
        .collect()
}

fn table(t: &Table) -> DocxTable {
    let widths = widths(t);
    let cell = |i: usize, s: &str, figure: bool, bold: bool| {
        let mut run = Run::new().add_text(keep(s)).size(18);
        if bold {
            run = run.bold();
        }
        let mut p = Paragraph::new().add_run(run);
        if figure {
            p = p.align(AlignmentType::Right);
        }
        TableCell::new()
            .width(widths.get(i).copied().unwrap_or(0), WidthType::Dxa)
            .add_paragraph(p)
    };
    let is_figure = |i: usize| t.figures.get(i).copied().unwrap_or(false);
    let mut rows = vec![TableRow::new(
        t.header
            .iter()
            .enumerate()
            .map(|(i, h)| cell(i, h, is_figure(i), true))
            .collect(),
    )];
    for r in &t.rows {
        rows.push(TableRow::new(
            r.iter()
                .enumerate()
                .map(|(i, c)| cell(i, c, is_figure(i), false))
                .collect(),
        ));
    }
    DocxTable::new(rows)
        .set_grid(widths.clone())
        .width(TEXT_WIDTH, WidthType::Dxa)
}
