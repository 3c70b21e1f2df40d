//! One file through the whole pipeline: input → repair → structure, with every failure turned
//! into a per-file result (never a panic escaping to the batch).

use crate::input::ReadOptions;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::error::{ErrorKind, FileError};
use crate::model::{PageOcr, TextSource};
use crate::repair::{self, BatchVocabulary, Evidence, OpenDecision, RepairLog};
use crate::settings::Settings;
use crate::structure::{self, Structure};

/// A partial file's error names at most this many of the input stage's reasons.
const MAX_REASONS: usize = 3;

thread_local! {
    /// Where the last panic on this thread happened (set by [`quiet_panics`]' hook).
    static PANIC_LOCATION: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

/// Replaces the panic hook so that a panic caught per file or per page prints nothing (no
/// backtrace on the terminal): its message and place go into that file's error instead.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        PANIC_LOCATION.with(|l| l.set(at));
    }));
}

/// Starts, on a thread of its own, the work a process does once before its files' later stages
/// need it: loading the Danish word list (~55 ms), then compiling the repair and structure
/// patterns (~20 ms; a third thread for them was slower on two cores: it takes the reading
/// thread's core). It overlaps the reading of the first file instead of adding to it; a stage
/// that gets there first waits for (or does) the part it needs. Called where a process is about
/// to read files.
pub fn prepare_in_background() {
    std::thread::spawn(|| {
        crate::language::lexicon::danish();
        repair::prepare();
        structure::prepare();
    });
}

/// Outcome of one input.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read completely.
    Ok,
    /// Read, but something is missing (pages that failed, no items found).
    Partial,
    /// Nothing could be read.
    Failed,
}

impl Status {
    /// The value written to `files.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
        }
    }
}

/// Everything the pipeline produced for one input.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileResult {
    /// The input's path as found under the INPUT argument.
    pub source: String,
    /// Identifier of the meeting in the output tables; unique in a run, stable across runs.
    pub meeting_id: String,
    /// Outcome.
    pub status: Status,
    /// Pages in the file (0 when it could not be opened).
    pub pages: usize,
    /// Where the text came from.
    pub text_source: TextSource,
    /// The error, for failed and partial files.
    pub error: Option<FileError>,
    /// The meeting read from the file, when it could be read.
    pub meeting: Option<MeetingResult>,
    /// The file's mid-line spellings, for the batch vocabulary (taken by the batch, not written).
    #[serde(skip)]
    pub vocabulary: HashSet<String>,
    /// Repair decisions the batch vocabulary could overturn (stored with the evidence).
    #[serde(skip)]
    pub open: Vec<OpenDecision>,
    /// How each page was read (empty when the file could not be opened).
    pub page_records: Vec<PageRecord>,
}

/// How one page was read: written to `pages.csv`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageRecord {
    /// 1-based page number.
    pub page: u32,
    /// Where its text came from.
    pub text_source: TextSource,
    /// Words read from it.
    pub words: usize,
    /// Whether it could not be read.
    pub failed: bool,
    /// The OCR record, when it was OCR'd.
    pub ocr: Option<PageOcr>,
    /// The page's text after repair (running headers, page numbers and line-end hyphens
    /// dealt with), one line per line.
    pub text: String,
}

/// The structured content of one readable file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MeetingResult {
    /// The structure found.
    pub structure: Structure,
    /// Warnings from every stage, with their page where known.
    pub warnings: Vec<String>,
    /// What the repair stage changed.
    pub repair: RepairLog,
}

/// Runs the pipeline on one file, with the batch's spellings as repair evidence when they are
/// known (`None` on a first pass). Never panics.
pub fn process(
    path: &Path,
    source: &str,
    meeting_id: &str,
    batch: Option<&BatchVocabulary>,
    read: &ReadOptions,
) -> FileResult {
    process_with(path, source, meeting_id, batch, read, &Settings::default())
}

/// [`process`] under `settings` (every stage's thresholds).
pub fn process_with(
    path: &Path,
    source: &str,
    meeting_id: &str,
    batch: Option<&BatchVocabulary>,
    read: &ReadOptions,
    settings: &Settings,
) -> FileResult {
    match catch_unwind(AssertUnwindSafe(|| {
        process_inner(path, source, meeting_id, batch, read, settings)
    })) {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let at = PANIC_LOCATION
                .with(|l| l.take())
                .map(|l| format!(" at {l}"))
                .unwrap_or_default();
            failed(
                source,
                meeting_id,
                0,
                FileError::new(
                    ErrorKind::Internal,
                    format!("internal error (a bug, please report it): {what}{at}"),
                ),
            )
        }
    }
}

/// The result of a file that could not be read.
pub fn failed(source: &str, meeting_id: &str, pages: usize, error: FileError) -> FileResult {
    FileResult {
        source: source.to_string(),
        meeting_id: meeting_id.to_string(),
        status: Status::Failed,
        pages,
        text_source: TextSource::None,
        error: Some(error),
        meeting: None,
        vocabulary: HashSet::new(),
        open: Vec::new(),
        page_records: Vec::new(),
    }
}

fn process_inner(
    path: &Path,
    source: &str,
    meeting_id: &str,
    batch: Option<&BatchVocabulary>,
    read: &ReadOptions,
    settings: &Settings,
) -> FileResult {
    let doc = match crate::input::read_with(path, source, read, &settings.input) {
        Ok(d) => d,
        Err(e) => return failed(source, meeting_id, 0, e),
    };
    let pages = doc.pages.len();
    let page_records: Vec<PageRecord> = doc
        .pages
        .iter()
        .map(|p| PageRecord {
            page: p.number,
            text_source: p.text_source,
            words: p.lines.iter().map(|l| l.words.len()).sum(),
            failed: doc.page_failed(p.number),
            ocr: p.ocr.clone(),
            text: String::new(),
        })
        .collect();
    if doc.word_count() == 0 {
        let all_failed = doc.failed_pages.len() == pages && pages > 0;
        let (kind, msg) = if all_failed {
            (
                doc.failed_pages[0].kind,
                format!(
                    "no page could be read ({})",
                    doc.warnings
                        .iter()
                        .take(MAX_REASONS)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            )
        } else {
            (
                ErrorKind::NoText,
                format!("no text on any of the {pages} pages (a scanned document without a text layer, or blank pages)"),
            )
        };
        let mut r = failed(source, meeting_id, pages, FileError::new(kind, msg));
        r.page_records = page_records;
        return r;
    }
    let text_source = doc.text_source();
    let mut warnings = doc.warnings.clone();
    let input_warnings = warnings.len();
    let failed_pages = doc.failed_pages.clone();
    let evidence = Evidence {
        words: crate::language::lexicon::danish(),
        batch,
    };
    let repaired = repair::repair_with(doc, evidence, &settings.repair);
    let doc = &repaired.doc;
    let mut page_records = page_records;
    for (record, page) in page_records.iter_mut().zip(&doc.pages) {
        record.text = page
            .lines
            .iter()
            .map(|l| l.text())
            .collect::<Vec<_>>()
            .join("\n");
    }
    let headers: Vec<&str> = repaired
        .log
        .repairs
        .iter()
        .filter(|r| r.rule == repair::Rule::RunningHeader)
        .map(|r| r.original.as_str())
        .collect();
    let structure = structure::analyze_with(doc, &headers, &settings.structure);
    warnings.extend(structure.warnings.iter().cloned());
    if structure.items.is_empty() {
        warnings.push("no numbered agenda items were found (not an agenda or minutes?)".into());
    }
    let (status, error) = if let Some(first) = failed_pages.first() {
        let list: Vec<String> = failed_pages.iter().map(|p| p.page.to_string()).collect();
        (
            Status::Partial,
            Some(FileError::new(
                first.kind,
                format!(
                    "{} of {pages} pages could not be read: {}{}",
                    failed_pages.len(),
                    list.join(", "),
                    // Why, as the input stage said it (at most a few reasons).
                    if input_warnings == 0 {
                        String::new()
                    } else {
                        format!(
                            " ({})",
                            warnings[..input_warnings]
                                .iter()
                                .take(MAX_REASONS)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join("; ")
                        )
                    }
                ),
            )),
        )
    } else {
        (Status::Ok, None)
    };
    FileResult {
        source: source.to_string(),
        meeting_id: meeting_id.to_string(),
        status,
        pages,
        text_source,
        error,
        meeting: Some(MeetingResult {
            structure,
            warnings,
            repair: repaired.log,
        }),
        vocabulary: repaired.vocabulary,
        open: repaired.open,
        page_records,
    }
}
