//! Input: turns one file (PDF, `.txt`, `.md`) into the [`Document`] model. Nothing after this
//! stage knows what kind of file the text came from.

pub mod cmap_fix;
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
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Password for encrypted PDFs (tried as user and as owner password).
    pub password: Option<String>,
    /// Which pages are OCR'd.
    pub ocr: ocr::OcrMode,
}

/// Reads `path` (shown as `source` in outputs) into a document.
pub fn read(path: &Path, source: &str, opts: &ReadOptions) -> Result<Document, FileError> {
    let kind = InputKind::of(path).unwrap_or(InputKind::Pdf);
    let bytes = std::fs::read(path).map_err(|e| {
        FileError::new(
            ErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    match kind {
        InputKind::Pdf => pdf::read_pdf(source, bytes, opts),
        InputKind::Text => text::read_text(source, &bytes, false),
        InputKind::Markdown => text::read_text(source, &bytes, true),
    }
}
