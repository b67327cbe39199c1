//! The export prompt of `e` and `E`: file name and folder, filled in with the timestamped
//! default, edited in place; Enter writes, Esc cancels. The state and its checks are here, the
//! keys in `app::export_prompt`, the drawing at the end of this file.

use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::export::with_extension;

use super::export::Pending;

use super::detail::truncate;
use super::layout::prompt_area;
use super::theme::Theme;

/// Which line of the prompt is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptField {
    Name,
    Folder,
}

/// The export prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPrompt {
    /// What is exported.
    pub job: Pending,
    /// Dutch: what is exported ("heel Vlaanderen en Brussel", "aanvrager Gent").
    pub what: String,
    pub name: String,
    pub folder: String,
    pub field: PromptField,
    /// Why Enter did not write, shown in the prompt until the next key.
    pub error: Option<String>,
}

impl ExportPrompt {
    /// A prompt filled in with `default` (folder and file name), the name being edited.
    pub fn new(job: Pending, default: &Path) -> ExportPrompt {
        let what = job.what();
        let name = default
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = default
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        ExportPrompt {
            job,
            what,
            name,
            folder,
            field: PromptField::Name,
            error: None,
        }
    }

    /// The text being edited.
    pub fn field_mut(&mut self) -> &mut String {
        match self.field {
            PromptField::Name => &mut self.name,
            PromptField::Folder => &mut self.folder,
        }
    }

    pub fn switch(&mut self) {
        self.field = match self.field {
            PromptField::Name => PromptField::Folder,
            PromptField::Folder => PromptField::Name,
        };
    }

    /// The file to write: the folder (`~` is the home folder, empty the current one) and the
    /// name with the job's extension (`.xlsx`, `.docx`) appended when it lacks it. A Dutch reason when it cannot be written
    /// to: no name, a name with a folder in it, a folder that does not exist, a file that
    /// already exists (nothing is ever overwritten).
    pub fn target(&self) -> Result<PathBuf, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("Geef een bestandsnaam.".to_string());
        }
        if name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) {
            return Err("Alleen een bestandsnaam: de map komt in het veld Map.".to_string());
        }
        let folder = expand_home(self.folder.trim());
        match std::fs::metadata(&folder) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(format!("'{}' is geen map.", folder.display())),
            Err(_) => return Err(format!("Map '{}' bestaat niet.", folder.display())),
        }
        let path = with_extension(&folder.join(name), self.job.extension());
        if std::fs::symlink_metadata(&path).is_ok() {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Err(format!(
                "'{file}' bestaat al in deze map: kies een andere naam."
            ));
        }
        Ok(path)
    }
}

/// `~` and `~/…` in the home folder; empty is the current folder.
fn expand_home(folder: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    if folder.is_empty() {
        return PathBuf::from(".");
    }
    if folder == "~" {
        return home().unwrap_or_else(|| PathBuf::from(folder));
    }
    match (folder.strip_prefix("~/"), home()) {
        (Some(rest), Some(h)) => h.join(rest),
        _ => PathBuf::from(folder),
    }
}

/// The end of a text that fits in `width`, cut at the left (the end is where one types).
fn tail(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(1);
    let mut out = String::from("…");
    out.extend(text.chars().skip(n - keep));
    out
}

/// Draws the prompt.
pub fn draw(buf: &mut Buffer, size: Rect, p: &ExportPrompt, theme: Theme) {
    let area = prompt_area(size);
    if area.width < 20 || area.height < 5 {
        return;
    }
    Clear.render(area, buf);
    let title = format!(
        " Exporteren: {} ",
        truncate(&p.what, usize::from(area.width) - 16)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(border::DOUBLE)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.header()))
        .title_bottom(Line::from(" Enter schrijft · Tab wisselt · Esc annuleert ").right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    const LABEL: usize = 10;
    let field = |label: &str, value: &str, active: bool| {
        let room = w.saturating_sub(LABEL + 2);
        let mut spans = vec![Span::styled(
            format!(" {label:<width$}", width = LABEL - 1),
            if active { theme.strong() } else { theme.dim() },
        )];
        spans.push(Span::raw(tail(value, room)));
        if active {
            spans.push(Span::styled(" ", theme.selected(true)));
        }
        Line::from(spans)
    };
    let note = match &p.error {
        Some(e) => Line::from(Span::styled(
            format!(" {}", truncate(e, w - 1)),
            theme.warn(),
        )),
        None => {
            let ext = p.job.extension();
            Line::from(Span::styled(
                format!(
                    " {}",
                    truncate(
                        &format!(
                            "Zonder .{ext} wordt .{ext} toegevoegd; een bestaand bestand wordt \
                             nooit overschreven."
                        ),
                        w - 1
                    )
                ),
                theme.dim(),
            ))
        }
    };
    let lines = [
        field("Bestand:", &p.name, p.field == PromptField::Name),
        field("Map:", &p.folder, p.field == PromptField::Folder),
        Line::default(),
        note,
    ];
    for (i, line) in lines.iter().take(usize::from(inner.height)).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything() -> Pending {
        let ds = crate::model::Dataset::new(crate::model::DatasetParts::default(), |_| None);
        Pending::Workbook {
            ds: std::sync::Arc::new(ds),
            scope: crate::export::Scope::All,
        }
    }

    fn prompt(folder: &Path, name: &str) -> ExportPrompt {
        let mut p = ExportPrompt::new(everything(), &folder.join("x.xlsx"));
        p.name = name.to_string();
        p
    }

    #[test]
    fn the_default_is_split_into_folder_and_name() {
        let p = ExportPrompt::new(
            everything(),
            Path::new("/tmp/samenleven-export-2026-11-27-1630.xlsx"),
        );
        assert_eq!(p.folder, "/tmp");
        assert_eq!(p.name, "samenleven-export-2026-11-27-1630.xlsx");
        assert_eq!(p.field, PromptField::Name);
    }

    #[test]
    fn the_target_gets_xlsx_and_never_names_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            prompt(dir.path(), " rapport ").target(),
            Ok(dir.path().join("rapport.xlsx"))
        );
        std::fs::write(dir.path().join("rapport.xlsx"), b"x").unwrap();
        assert_eq!(
            prompt(dir.path(), "rapport").target(),
            Err("'rapport.xlsx' bestaat al in deze map: kies een andere naam.".to_string())
        );
        assert_eq!(
            prompt(dir.path(), "  ").target(),
            Err("Geef een bestandsnaam.".to_string())
        );
        assert!(prompt(dir.path(), "a/b").target().is_err());
        let missing = dir.path().join("nergens");
        assert_eq!(
            prompt(&missing, "rapport").target(),
            Err(format!("Map '{}' bestaat niet.", missing.display()))
        );
    }

    #[test]
    fn long_values_show_their_end() {
        assert_eq!(tail("abcdef", 10), "abcdef");
        assert_eq!(tail("abcdef", 4), "…def");
    }
}
