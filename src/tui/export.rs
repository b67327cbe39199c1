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
    /// What the status line says when it is written ("Werkmap geschreven").
    pub done: &'static str,
}

/// Said when a workbook is written.
const WORKBOOK_DONE: &str = "Werkmap geschreven";
/// Said when the draft answer is written.
const DRAFT_DONE: &str = "Ontwerpantwoord geschreven";
/// What the prompt says it writes for the draft.
const DRAFT_WHAT: &str = "ontwerpantwoord op vraag 492 als Word-document";
/// What the status line says of the draft being written and written.
const DRAFT_KIND: &str = "Word-document";

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
        ExportJob::spawn(what, WORKBOOK_DONE, move || {
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
        ExportJob::spawn(what, WORKBOOK_DONE, move || {
            let meta = ExportMeta::now(loaded_at);
            let bytes = export::part_bytes(&ds, part, only.as_ref(), &meta)?;
            save(&bytes, path)
        })
    }

    /// Starts writing the draft answer of the whole file (docx) to `path`.
    pub fn start_draft(ds: Arc<Dataset>, findings: Arc<Vec<Finding>>, path: PathBuf) -> ExportJob {
        ExportJob::spawn(DRAFT_KIND.to_string(), DRAFT_DONE, move || {
            let bytes = crate::draft::draft_bytes(&ds, &findings, crate::draft::Format::Docx)
                .map_err(|e| ExportError::Workbook(e.to_string()))?;
            save(&bytes, path)
        })
    }

    fn spawn(
        what: String,
        done: &'static str,
        work: impl FnOnce() -> ExportResult + Send + 'static,
    ) -> ExportJob {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            // The receiver is gone only when the explorer quit: nothing to tell.
            let _ = tx.send(work());
        });
        ExportJob { rx, what, done }
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
    /// The draft answer to question 492 of the whole file, as a Word document.
    Draft {
        ds: Arc<Dataset>,
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
            (Pending::Draft { ds: a }, Pending::Draft { ds: b }) => Arc::ptr_eq(a, b),
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
            Pending::Draft { .. } => DRAFT_WHAT.to_string(),
        }
    }

    /// The extension of the file it writes, without the dot.
    pub fn extension(&self) -> &'static str {
        match self {
            Pending::Workbook { .. } | Pending::Part { .. } => "xlsx",
            Pending::Draft { .. } => crate::draft::Format::Docx.extension(),
        }
    }

    /// The file name proposed in `dir`: a new name with date and time.
    pub fn default_path(&self, dir: &std::path::Path, now: Stamp) -> PathBuf {
        match self {
            Pending::Draft { .. } => {
                export::timestamped_path_named(dir, "samenleven-antwoord", self.extension(), now)
            }
            _ => export::timestamped_path(dir, now),
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
            Pending::Draft { ds } => ExportJob::start_draft(ds, findings, path),
        }
    }
}
