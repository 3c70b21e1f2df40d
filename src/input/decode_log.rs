//! What the PDF parser says while it decodes a page's streams: pdf_oxide keeps the part of a
//! Flate stream it can decode and only writes a warning to the `log` facade ("FlateDecode
//! partial recovery: …"). Those warnings are caught here, per thread, while a page is read, so
//! the page can be named as not read completely — without decoding its streams a second time.

use std::cell::RefCell;

use log::{Level, LevelFilter, Log, Metadata, Record};

/// At most this many messages are kept for one page.
const MAX_CAUGHT: usize = 8;

thread_local! {
    static CAUGHT: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

struct Catcher;

static CATCHER: Catcher = Catcher;

impl Log for Catcher {
    fn enabled(&self, m: &Metadata) -> bool {
        m.level() <= Level::Warn && m.target().starts_with("pdf_oxide::decoders")
    }

    fn log(&self, r: &Record) {
        if !self.enabled(r.metadata()) {
            return;
        }
        CAUGHT.with(|c| {
            if let Some(v) = c.borrow_mut().as_mut() {
                if v.len() < MAX_CAUGHT {
                    v.push(r.args().to_string());
                }
            }
        });
    }

    fn flush(&self) {}
}

/// Installs the catcher as the process's logger (once; a process that has a logger of its own
/// keeps it, and damage is then only found by the other checks).
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if log::set_logger(&CATCHER).is_ok() {
            log::set_max_level(LevelFilter::Warn);
        }
    });
}

/// Runs `f`, and returns what it returned with the decoding warnings it caused on this thread.
pub fn catching<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    CAUGHT.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let out = f();
    let caught = CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (out, caught)
}
