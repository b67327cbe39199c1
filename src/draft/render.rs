//! The draft as Markdown and as plain text.

use super::{Block, Draft, Table};

/// Heading of the list of open findings.
pub const REVIEW_TITLE: &str = "Na te kijken";

/// Said under "Na te kijken" when the checks found nothing open.
pub const NOTHING_TO_REVIEW: &str = "De controles vinden geen fouten of waarschuwingen.";

/// The draft as Markdown (GitHub tables).
pub fn markdown(d: &Draft) -> String {
    let mut out = String::new();
    if let Some(w) = &d.warning {
        out.push_str(&format!("> **{}**\n\n", md_escape(w)));
    }
    out.push_str(&format!("# {}\n\n", d.title));
    for b in &d.intro {
        md_block(&mut out, b);
    }
    for s in &d.sections {
        out.push_str(&format!("## {}. {}\n\n", s.number, s.title));
        for b in &s.blocks {
            md_block(&mut out, b);
        }
    }
    out.push_str(&format!("## {REVIEW_TITLE}\n\n"));
    if d.review.is_empty() {
        out.push_str(&format!("{NOTHING_TO_REVIEW}\n"));
    } else {
        for r in &d.review {
            out.push_str(&format!("- {}\n", md_escape(r)));
        }
    }
    out
}

/// Characters that Markdown would read as markup in running text.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '\\' | '*' | '_' | '`' | '|' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn md_block(out: &mut String, b: &Block) {
    match b {
        Block::Paragraph(p) => {
            out.push_str(&md_escape(p));
            out.push_str("\n\n");
        }
        Block::List(items) => {
            for i in items {
                out.push_str(&format!("- {}\n", md_escape(i)));
            }
            out.push('\n');
        }
        Block::Table(t) => {
            let row = |cells: &[String]| {
                let cells: Vec<String> = cells.iter().map(|c| md_escape(c)).collect();
                format!("| {} |\n", cells.join(" | "))
            };
            out.push_str(&row(&t.header));
            let rule: Vec<&str> = t
                .figures
                .iter()
                .map(|&f| if f { "---:" } else { "---" })
                .collect();
            out.push_str(&format!("| {} |\n", rule.join(" | ")));
            for r in &t.rows {
                out.push_str(&row(r));
            }
            out.push('\n');
        }
    }
}

/// Width of plain-text paragraphs.
const WIDTH: usize = 100;

/// The draft as plain text: headings underlined, paragraphs wrapped, tables in columns.
pub fn text(d: &Draft) -> String {
    let mut out = String::new();
    if let Some(w) = &d.warning {
        wrap(&mut out, w, "", "");
        out.push('\n');
    }
    underline(&mut out, &d.title, '=');
    for b in &d.intro {
        txt_block(&mut out, b);
    }
    for s in &d.sections {
        underline(&mut out, &format!("{}. {}", s.number, s.title), '-');
        for b in &s.blocks {
            txt_block(&mut out, b);
        }
    }
    underline(&mut out, REVIEW_TITLE, '-');
    if d.review.is_empty() {
        out.push_str(&format!("{NOTHING_TO_REVIEW}\n"));
    } else {
        for r in &d.review {
            wrap(&mut out, r, "- ", "  ");
        }
    }
    out
}

fn underline(out: &mut String, title: &str, ch: char) {
    out.push_str(title);
    out.push('\n');
    out.push_str(&ch.to_string().repeat(title.chars().count()));
    out.push_str("\n\n");
}

/// Appends `text` wrapped at [`WIDTH`], the first line after `first`, the others after `rest`.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn txt_block(out: &mut String, b: &Block) {
    match b {
        Block::Paragraph(p) => {
            wrap(out, p, "", "");
            out.push('\n');
        }
        Block::List(items) => {
            for i in items {
                wrap(out, i, "- ", "  ");
            }
            out.push('\n');
        }
        Block::Table(t) => {
            txt_table(out, t);
            out.push('\n');
        }
    }
}

/// Columns padded to their widest cell, figures right-aligned.
fn txt_table(out: &mut String, t: &Table) {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = t.header.iter().map(|h| width(h)).collect();
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    // Too wide for a page: each row as a small block of "Kolom: waarde" lines.
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    if total > WIDTH {
        for r in &t.rows {
            let mut cells = t.header.iter().zip(r);
            if let Some((_, first)) = cells.next() {
                wrap(out, first, "- ", "  ");
            }
            for (h, c) in cells {
                wrap(out, &format!("{h}: {c}"), "    ", "      ");
            }
        }
        return;
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths.get(i).copied().unwrap_or(0);
                let pad = " ".repeat(w.saturating_sub(width(c)));
                if t.figures.get(i).copied().unwrap_or(false) {
                    format!("{pad}{c}")
                } else if i + 1 == cells.len() {
                    c.clone()
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    out.push_str(&line(&t.header));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&format!("{}\n", rule.join("  ")));
    for r in &t.rows {
        out.push_str(&line(r));
    }
}
