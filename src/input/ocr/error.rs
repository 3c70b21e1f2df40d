//! What goes wrong OCR'ing a page, as types: the program runs ([`RunError`]), the page's OCR
//! as a whole ([`OcrError`]), and the error kind each failure of a page is reported as
//! ([`OcrError::kind`]). The messages (their `Display`) are the ones written to the outputs.

use std::fmt;
use std::process::ExitStatus;
use std::sync::Arc;

use crate::error::ErrorKind;

/// Why running a program (Tesseract, `pdftoppm`) to its end failed.
#[derive(Debug, Clone)]
pub enum RunError {
    /// It could not be started, or waited for (the operating system's reason).
    Start(Arc<std::io::Error>),
    /// It ran past its time limit and was stopped.
    Timeout {
        /// The limit, in seconds.
        secs: u64,
    },
    /// It ended with a failure status.
    Exited {
        /// The status.
        status: ExitStatus,
        /// The last line it wrote to its standard error.
        last_line: String,
    },
}

impl RunError {
    /// Whether the program itself is not there (not installed, not on the `PATH`).
    pub fn program_missing(&self) -> bool {
        matches!(self, RunError::Start(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Start(e) => write!(f, "{e}"),
            // (Said of Tesseract whichever program it was: the message is the one the outputs
            // have always carried, also for `pdftoppm`.)
            RunError::Timeout { secs } => write!(f, "Tesseract stopped after {secs} s"),
            RunError::Exited { status, last_line } => {
                write!(f, "exited with {status}: {last_line}")
            }
        }
    }
}

impl std::error::Error for RunError {}

/// Why one page could not be OCR'd.
#[derive(Debug, Clone)]
pub enum OcrError {
    /// The page's OCR panicked (a bug).
    Crashed,
    /// A temporary file or folder could not be made or written (`doing`: "make a temporary
    /// file", "write a temporary file", "make a temporary directory").
    Temp {
        /// What was being done.
        doing: &'static str,
        /// The operating system's reason.
        error: Arc<std::io::Error>,
    },
    /// The page must be rendered and `pdftoppm` is not installed.
    RendererNotInstalled,
    /// `pdftoppm` failed to render the page.
    Render(RunError),
    /// `pdftoppm` ran but its image is not there.
    NoImage(Arc<std::io::Error>),
    /// Tesseract failed on the page image.
    Tesseract(RunError),
}

impl OcrError {
    /// A temporary file or folder that could not be made or written.
    pub fn temp(doing: &'static str, error: std::io::Error) -> OcrError {
        OcrError::Temp {
            doing,
            error: Arc::new(error),
        }
    }

    /// The kind the page fails as when its OCR fails and it has no text of its own.
    pub fn kind(&self) -> ErrorKind {
        match self {
            OcrError::Crashed => ErrorKind::Internal,
            // A page Tesseract did not finish within its time limit (0.2.0 called it
            // `no_text`: its kind was looked for in a message that never held it).
            OcrError::Tesseract(RunError::Timeout { .. }) => ErrorKind::Timeout,
            OcrError::Tesseract(_)
            | OcrError::Temp { .. }
            | OcrError::RendererNotInstalled
            | OcrError::Render(_)
            | OcrError::NoImage(_) => ErrorKind::NoText,
        }
    }
}

impl fmt::Display for OcrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OcrError::Crashed => write!(f, "OCR crashed on this page"),
            OcrError::Temp { doing, error } => write!(f, "cannot {doing}: {error}"),
            OcrError::RendererNotInstalled => write!(
                f,
                "the page must be rendered for OCR but pdftoppm was not found; install the Debian package poppler-utils"
            ),
            OcrError::Render(e) => write!(f, "pdftoppm could not render the page: {e}"),
            OcrError::NoImage(e) => write!(f, "pdftoppm wrote no image: {e}"),
            OcrError::Tesseract(e) => write!(f, "Tesseract failed: {e}"),
        }
    }
}

impl std::error::Error for OcrError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_kinds() {
        let gone = || Arc::new(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(OcrError::Crashed.to_string(), "OCR crashed on this page");
        assert_eq!(OcrError::Crashed.kind(), ErrorKind::Internal);
        let timeout = OcrError::Tesseract(RunError::Timeout { secs: 120 });
        assert_eq!(
            timeout.to_string(),
            "Tesseract failed: Tesseract stopped after 120 s"
        );
        assert_eq!(timeout.kind(), ErrorKind::Timeout);
        assert!(RunError::Start(gone()).program_missing());
        assert!(!RunError::Timeout { secs: 1 }.program_missing());
        assert_eq!(
            OcrError::NoImage(gone()).to_string(),
            format!("pdftoppm wrote no image: {}", gone())
        );
    }
}
