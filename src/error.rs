//! Per-file errors: what went wrong with one input, as a stable kind (written to `files.csv`)
//! and a message that names the file and, where known, the page.

use thiserror::Error;

/// Why an input could not be read (or could be read only in part).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ErrorKind {
    /// The file has no bytes.
    EmptyFile,
    /// The file does not start with a PDF header.
    NotAPdf,
    /// The file ends early or its structure cannot be parsed.
    TruncatedOrCorrupt,
    /// A user password is needed to open the file.
    Encrypted,
    /// The file (or a page) was read but holds no text (blank pages, a scan without OCR).
    NoText,
    /// Reading the file took longer than `--timeout`; it was stopped.
    Timeout,
    /// The file is bigger than the size guard allows (`--max-file-size`, `--max-memory`).
    TooLarge,
    /// The file could not be read from disk (permissions, vanished while the run went on).
    Io,
    /// The extractor failed unexpectedly (a bug; reported, never fatal to the batch).
    Internal,
}

impl ErrorKind {
    /// The value written to the `error_kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::EmptyFile => "empty_file",
            ErrorKind::NotAPdf => "not_a_pdf",
            ErrorKind::TruncatedOrCorrupt => "truncated_or_corrupt",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::NoText => "no_text",
            ErrorKind::Timeout => "timeout",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Io => "io_error",
            ErrorKind::Internal => "internal",
        }
    }
}

/// An error reading one input file.
#[derive(Debug, Clone, Error, serde::Serialize, serde::Deserialize)]
#[error("{message}")]
pub struct FileError {
    /// Stable machine-readable kind.
    pub kind: ErrorKind,
    /// Human-readable message, specific to the file.
    pub message: String,
}

impl FileError {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FileError {
        FileError {
            kind,
            message: message.into(),
        }
    }
}

/// A problem with the command line or the output folder found before (or instead of) the run:
/// the program exits with the usage error code (2) and this message.
#[derive(Debug, Clone, Error)]
#[error("{0}")]
pub struct UsageError(pub String);
