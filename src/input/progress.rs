//! How far this process has read, for a batch's progress display: every page counted once, when
//! its text is final — a text-layer page when the file's OCR decision leaves it, an OCR'd page
//! when Tesseract's words are in — and the page count of the file last opened. Counters only:
//! the input stage adds to them, a worker process reports them (see `run::worker`).

use std::sync::atomic::{AtomicUsize, Ordering};

static READ: AtomicUsize = AtomicUsize::new(0);
static OPENED_PAGES: AtomicUsize = AtomicUsize::new(0);

/// `n` more pages read.
pub fn pages_read(n: usize) {
    READ.fetch_add(n, Ordering::Relaxed);
}

/// A file of `pages` pages opened.
pub fn opened(pages: usize) {
    OPENED_PAGES.store(pages, Ordering::Relaxed);
}

/// Pages read by this process so far, and the page count of the file it opened last.
pub fn snapshot() -> (usize, usize) {
    (
        READ.load(Ordering::Relaxed),
        OPENED_PAGES.load(Ordering::Relaxed),
    )
}
