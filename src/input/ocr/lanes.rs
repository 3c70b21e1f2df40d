//! Cores lent to a file's OCR: a batch's workers share a jobserver (the `make` protocol, a pipe
//! of tokens), and a worker whose files are done puts its token in, so that a long scan still
//! being read elsewhere can start one more Tesseract run on that core instead of finishing
//! alone. The run layer hands the jobserver to this module ([`lend_from`]); the OCR of a file
//! asks it for tokens ([`try_borrow`]) while it has pages that no run has taken yet.

use std::sync::OnceLock;

static LENDER: OnceLock<jobserver::Client> = OnceLock::new();

/// Takes cores from `client` for this process's OCR from now on (set once; later calls are
/// ignored).
pub fn lend_from(client: jobserver::Client) {
    let _ = LENDER.set(client);
}

/// Whether cores may be lent to this process at all.
pub fn lending() -> bool {
    LENDER.get().is_some()
}

/// A core lent now, if one is free; it goes back when the token is dropped. `None` also when
/// nothing lends cores or the jobserver cannot be read without blocking.
pub fn try_borrow() -> Option<jobserver::Acquired> {
    LENDER.get()?.try_acquire().ok().flatten()
}
