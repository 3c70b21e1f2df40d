//! Input: turns one file (PDF, `.txt`, `.md`) into the [`Document`] model. Nothing after this
//! stage knows what kind of file the text came from.

pub mod cmap_fix;
pub mod damage;
pub mod decode_log;
pub mod layout;
pub mod ocr;
pub mod pdf;
pub mod scan_rules;
pub mod text;

use std::path::Path;

use crate::error::{ErrorKind, FileError};
use crate::model::Document;

/// The kinds of input file the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A PDF file.
    Pdf,
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
}

impl InputKind {
    /// The kind of a path by its extension, or `None` for files the tool does not read.
    pub fn of(path: &Path) -> Option<InputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(InputKind::Pdf),
            "txt" => Some(InputKind::Text),
            "md" | "markdown" => Some(InputKind::Markdown),
            _ => None,
        }
    }
}

/// How inputs are read: settings the user gives for the whole run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadOptions {
    /// Passwords for encrypted PDFs, tried in order (each as user and as owner password).
    pub passwords: Vec<String>,
    /// Which pages are OCR'd.
    pub ocr: ocr::OcrMode,
    /// Files bigger than this many bytes are not read (`too_large`); `None`: no limit.
    pub max_file_bytes: Option<u64>,
}

/// Reads `path` (shown as `source` in outputs) into a document.
pub fn read(path: &Path, source: &str, opts: &ReadOptions) -> Result<Document, FileError> {
    let kind = InputKind::of(path).unwrap_or(InputKind::Pdf);
    if let (Some(max), Ok(meta)) = (opts.max_file_bytes, std::fs::metadata(path)) {
        if meta.len() > max {
            return Err(FileError::new(
                ErrorKind::TooLarge,
                format!(
                    "the file is {} MB, more than the limit of {} MB (--max-file-size)",
                    meta.len().div_ceil(1 << 20),
                    max >> 20
                ),
            ));
        }
    }
    let bytes = std::fs::read(path)
        .map_err(|e| FileError::new(ErrorKind::Io, format!("cannot read the file: {e}")))?;
    match kind {
        InputKind::Pdf => pdf::read_pdf(source, bytes, opts),
        InputKind::Text => text::read_text(source, &bytes, false),
        InputKind::Markdown => text::read_text(source, &bytes, true),
    }
}
