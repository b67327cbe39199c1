//! Exports on a worker thread: polling the running job, its result in the status line, and
//! what `E` exports from the current selection. `impl App` continued.

use crate::export::Scope as ExportScope;

use super::super::export::ExportResult;
use super::super::tree::Node;
use super::App;

impl App {
    /// Polls the running export and advances the spinner.
    pub(super) fn tick(&mut self) {
        let Some(job) = &self.export else {
            return;
        };
        self.spinner = self.spinner.wrapping_add(1);
        if let Some(result) = job.poll() {
            self.export_done(result);
        }
    }

    pub(super) fn export_done(&mut self, result: ExportResult) {
        let (what, done) = self
            .export
            .take()
            .map(|job| (job.what, job.done))
            .unwrap_or_default();
        if self.quit_after_export {
            self.quit = true;
        }
        match result {
            Ok(path) => {
                self.message = Some(format!("{done} ({what}): {}", path.display()));
                self.last_export = Some(path);
            }
            Err(e) => self.message = Some(format!("Export mislukt: {e}")),
        }
    }

    /// What `E` exports: the selected applicant, else the selected province, else everything;
    /// under a filter only the filtered lines (the export is of [`App::dataset`]).
    pub fn view_scope(&self) -> ExportScope {
        match self.selected() {
            Node::Applicant(a) => ExportScope::Applicant(a),
            Node::Partner { lead, index } => ExportScope::Applicant(
                self.tree
                    .partner(lead, index)
                    .and_then(|p| p.applicant)
                    .unwrap_or(lead),
            ),
            Node::Province(Some(p)) => ExportScope::Province(p),
            Node::Province(None) => ExportScope::Applicants {
                ids: self.dataset.province_totals(None).applicants.clone(),
                label: "provincie onbekend".to_string(),
            },
            Node::All => ExportScope::All,
        }
    }
}
