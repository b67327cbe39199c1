//! Exporting from the explorer: the workbook is built and written on a worker thread so the
//! screen keeps drawing; the event loop polls [`ExportJob::poll`] at every tick, tests call
//! [`ExportJob::wait`].

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::thread;

use crate::checks::Finding;
use crate::export::{self, ExportError, ExportMeta, Scope, Selection, Stamp};
use crate::model::Dataset;

/// What an export job gives back: the file written, or why not.
pub type ExportResult = Result<PathBuf, ExportError>;

/// An export running on a worker thread.
#[derive(Debug)]
pub struct ExportJob {
    rx: Receiver<ExportResult>,
    /// Dutch description of what is exported ("heel Vlaanderen en Brussel", "provincie Limburg").
    pub what: String,
}

/// Said when the worker stopped without an answer (a panic in the writer).
const STOPPED: &str = "het exporteren is onverwacht gestopt";

impl ExportJob {
    /// Starts writing the workbook of `scope` to `path` (never overwriting: an existing file
    /// is an error).
    pub fn start(
        ds: Arc<Dataset>,
        findings: Arc<Vec<Finding>>,
        scope: Scope,
        path: PathBuf,
        loaded_at: Stamp,
    ) -> ExportJob {
        let what = Selection {
            lines: ds.line_filter(),
            scope: scope.clone(),
        }
        .describe(&ds);
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let result = write(&ds, &findings, &scope, path, loaded_at);
            // The receiver is gone only when the explorer quit: nothing to tell.
            let _ = tx.send(result);
        });
        ExportJob { rx, what }
    }

    /// The result when the job is done, without waiting.
    pub fn poll(&self) -> Option<ExportResult> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(ExportError::Workbook(STOPPED.into()))),
        }
    }

    /// Waits for the result (tests, and nothing else: the explorer polls).
    pub fn wait(&self) -> ExportResult {
        self.rx
            .recv()
            .unwrap_or_else(|_| Err(ExportError::Workbook(STOPPED.into())))
    }
}

fn write(
    ds: &Dataset,
    findings: &[Finding],
    scope: &Scope,
    path: PathBuf,
    loaded_at: Stamp,
) -> ExportResult {
    let meta = ExportMeta::now(loaded_at);
    let bytes = export::workbook_bytes(ds, scope, findings, &meta)?;
    export::write_file(&bytes, &path, false)?;
    Ok(path)
}
