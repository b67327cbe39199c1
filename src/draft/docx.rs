//! The draft as a Word document (docx), through the `docx-rs` crate.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table as DocxTable, TableCell,
    TableRow,
};

use super::render::{NOTHING_TO_REVIEW, REVIEW_TITLE};
use super::{Block, Draft, Table};

const TITLE_STYLE: &str = "Title";
const HEADING_STYLE: &str = "Heading1";

/// The draft as docx bytes: a title, the sample warning in bold red, numbered headings,
/// paragraphs, bulleted lists and tables with a bold header row.
pub fn docx_bytes(d: &Draft) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(22)
        .add_style(
            Style::new(TITLE_STYLE, StyleType::Paragraph)
                .name("Title")
                .size(32)
                .bold(),
        )
        .add_style(
            Style::new(HEADING_STYLE, StyleType::Paragraph)
                .name("Heading 1")
                .size(26)
                .bold()
                .outline_lvl(0),
        );
    if let Some(w) = &d.warning {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(w).bold().color("C00000")));
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
        doc = doc.add_paragraph(
            Paragraph::new()
                .style(HEADING_STYLE)
                .add_run(Run::new().add_text(format!("{}. {}", s.number, s.title))),
        );
        for b in &s.blocks {
            doc = block(doc, b);
        }
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .style(HEADING_STYLE)
            .add_run(Run::new().add_text(REVIEW_TITLE)),
    );
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

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn bullet(t: &str) -> Paragraph {
    Paragraph::new()
        .indent(
            Some(360),
            Some(docx_rs::SpecialIndentType::Hanging(360)),
            None,
            None,
        )
        .add_run(Run::new().add_text(format!("•\t{t}")))
}

fn block(doc: Docx, b: &Block) -> Docx {
    match b {
        Block::Paragraph(p) => doc.add_paragraph(text(p)),
        Block::List(items) => items.iter().fold(doc, |d, i| d.add_paragraph(bullet(i))),
        Block::Table(t) => doc.add_table(table(t)).add_paragraph(Paragraph::new()),
    }
}

fn table(t: &Table) -> DocxTable {
    let cell = |s: &str, figure: bool, bold: bool| {
        let mut run = Run::new().add_text(s).size(18);
        if bold {
            run = run.bold();
        }
        let mut p = Paragraph::new().add_run(run);
        if figure {
            p = p.align(AlignmentType::Right);
        }
        TableCell::new().add_paragraph(p)
    };
    let is_figure = |i: usize| t.figures.get(i).copied().unwrap_or(false);
    let mut rows = vec![TableRow::new(
        t.header
            .iter()
            .enumerate()
            .map(|(i, h)| cell(h, is_figure(i), true))
            .collect(),
    )];
    for r in &t.rows {
        rows.push(TableRow::new(
            r.iter()
                .enumerate()
                .map(|(i, c)| cell(c, is_figure(i), false))
                .collect(),
        ));
    }
    DocxTable::new(rows)
}
