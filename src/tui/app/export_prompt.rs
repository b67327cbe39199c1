//! `e` and `E` ask where to write: the export prompt (`super::super::prompt`), filled in with
//! the timestamped default in the export folder. `impl App` continued.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::export::{Scope as ExportScope, Stamp};

use super::super::export::Pending;
use super::super::keys::Action;
use super::super::prompt::ExportPrompt;
use super::{App, Overlay};

impl App {
    /// Opens the prompt for a workbook of `scope` (not while an export runs).
    pub(super) fn open_export_prompt(&mut self, scope: ExportScope) {
        self.ask_export(Pending::Workbook {
            ds: Arc::clone(&self.dataset),
            scope,
        });
    }

    /// Opens the prompt for the draft answer of the whole file (`a`).
    pub(super) fn ask_draft(&mut self) {
        self.ask_export(Pending::Draft {
            ds: Arc::clone(&self.dataset),
        });
    }

    /// Opens the prompt for an export (not while one runs).
    pub(super) fn ask_export(&mut self, job: Pending) {
        if self.export.is_some() {
            self.message = Some("Er loopt al een export; even geduld".to_string());
            return;
        }
        let default = job.default_path(&self.export_dir, Stamp::now());
        self.overlay = Some(Overlay::Export(ExportPrompt::new(job, &default)));
    }

    pub(super) fn update_export_prompt(&mut self, action: Action) {
        let Some(Overlay::Export(p)) = &mut self.overlay else {
            return;
        };
        if !matches!(action, Action::Resize { .. }) {
            p.error = None;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::CloseOverlay => {
                self.overlay = None;
                self.message = Some("Export geannuleerd: niets geschreven".to_string());
            }
            Action::Input(c) => p.field_mut().push(c),
            Action::DeleteChar => {
                p.field_mut().pop();
            }
            Action::ClearInput => p.field_mut().clear(),
            Action::NextPane | Action::PrevPane => p.switch(),
            Action::Confirm => match p.target() {
                Ok(path) => {
                    let job = p.job.clone();
                    self.overlay = None;
                    if let Some(dir) = path.parent() {
                        self.export_dir = dir.to_path_buf();
                    }
                    self.export = Some(job.start(Arc::clone(&self.findings), path, self.loaded_at));
                }
                Err(e) => p.error = Some(e),
            },
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp_all();
            }
            _ => {}
        }
    }
}
