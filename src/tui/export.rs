//! Exporting from the explorer: the workbook is built and written on a worker thread so the
//! screen keeps drawing; the event loop polls [`ExportJob::poll`] at every tick, tests call
//! [`ExportJob::wait`].

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::thread;

use crate::checks::Finding;
use crate::export::{self, ExportError, ExportMeta, Part, Scope, Selection, Stamp};
use crate::model::{Dataset, Target};

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
        ExportJob::spawn(what, move || {
            let meta = ExportMeta::now(loaded_at);
            let bytes = export::workbook_bytes(&ds, &scope, &findings, &meta)?;
            save(&bytes, path)
        })
    }

    /// Starts writing one sheet of the workbook (a view) to `path`, with only the rows of
    /// `only` when the view is filtered. `what` says what it holds.
    pub fn start_part(
        ds: Arc<Dataset>,
        part: Part,
        only: Option<HashSet<Target>>,
        what: String,
        path: PathBuf,
        loaded_at: Stamp,
    ) -> ExportJob {
        ExportJob::spawn(what, move || {
            let meta = ExportMeta::now(loaded_at);
            let bytes = export::part_bytes(&ds, part, only.as_ref(), &meta)?;
            save(&bytes, path)
        })
    }

    fn spawn(what: String, work: impl FnOnce() -> ExportResult + Send + 'static) -> ExportJob {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            // The receiver is gone only when the explorer quit: nothing to tell.
            let _ = tx.send(work());
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

/// Writes the bytes to `path` (never overwriting: an existing file is an error).
fn save(bytes: &[u8], path: PathBuf) -> ExportResult {
    export::write_file(bytes, &path, false)?;
    Ok(path)
}

/// An export the prompt asks a file name for: the workbook of a selection, or one sheet (a
/// view of the explorer).
#[derive(Debug, Clone)]
pub enum Pending {
    Workbook {
        ds: Arc<Dataset>,
        scope: Scope,
    },
    Part {
        ds: Arc<Dataset>,
        part: Part,
        only: Option<HashSet<Target>>,
        what: String,
    },
}

impl PartialEq for Pending {
    fn eq(&self, other: &Pending) -> bool {
        match (self, other) {
            (Pending::Workbook { ds: a, scope: x }, Pending::Workbook { ds: b, scope: y }) => {
                Arc::ptr_eq(a, b) && x == y
            }
            (
                Pending::Part {
                    ds: a,
                    part: p,
                    only: o,
                    ..
                },
                Pending::Part {
                    ds: b,
                    part: q,
                    only: r,
                    ..
                },
            ) => Arc::ptr_eq(a, b) && p == q && o == r,
            _ => false,
        }
    }
}

impl Eq for Pending {}

impl Pending {
    /// Dutch: what it holds ("heel Vlaanderen en Brussel", "blad Samenwerkingen").
    pub fn what(&self) -> String {
        match self {
            Pending::Workbook { ds, scope } => Selection {
                lines: ds.line_filter(),
                scope: scope.clone(),
            }
            .describe(ds),
            Pending::Part { what, .. } => what.clone(),
        }
    }

    /// Starts writing it to `path`.
    pub fn start(self, findings: Arc<Vec<Finding>>, path: PathBuf, loaded_at: Stamp) -> ExportJob {
        match self {
            Pending::Workbook { ds, scope } => {
                ExportJob::start(ds, findings, scope, path, loaded_at)
            }
            Pending::Part {
                ds,
                part,
                only,
                what,
            } => ExportJob::start_part(ds, part, only, what, path, loaded_at),
        }
    }
}
