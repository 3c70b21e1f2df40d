//! Shared by the fuzz targets: how panics are judged.
//!
//! libfuzzer-sys installs a panic hook that aborts the process at the first panic, before
//! unwinding. kl-extract deliberately wraps its PDF parsers in `catch_unwind` and reports a
//! parser panic as a file or page error, so that hook would report behaviour the library
//! handles as a crash. [`run`] replaces the hook with one that only records the message, lets
//! the panic unwind, and aborts (a finding) only when a panic leaves the library uncaught.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, Once};

/// Message (and backtrace, with `RUST_BACKTRACE=1`) of the latest panic on any thread.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let verbose = std::env::var_os("KL_FUZZ_SHOW_CAUGHT").is_some();
        panic::set_hook(Box::new(move |info| {
            let backtrace = std::backtrace::Backtrace::capture();
            let text = format!("{info}\n{backtrace}");
            if verbose {
                eprintln!("panic (may be caught by the library): {text}");
            }
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(text);
            }
        }));
    });
}

/// Runs one input through `f`; a panic that escapes `f` aborts the process with its message.
pub fn run(f: impl FnOnce()) {
    install_hook();
    if let Ok(mut last) = LAST_PANIC.lock() {
        *last = None;
    }
    if panic::catch_unwind(AssertUnwindSafe(f)).is_err() {
        let text = LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut l| l.take())
            .unwrap_or_else(|| "(no message)".to_string());
        eprintln!("UNCAUGHT PANIC: {text}");
        std::process::abort();
    }
}

/// The text stages on a document: repair (with the Danish word list when installed), then
/// structure.
pub fn repair_and_structure(doc: kl_extract::model::Document) {
    let repaired = kl_extract::repair::repair(
        doc,
        kl_extract::repair::Evidence {
            words: kl_extract::language::lexicon::danish(),
            batch: None,
        },
    );
    let _ = kl_extract::structure::analyze(&repaired.doc);
}
