//! Input: turns one file (PDF, `.txt`, `.md`) into the [`Document`] model. Nothing after this
//! stage knows what kind of file the text came from. The stage's thresholds are one value,
//! [`Thresholds`]; [`read_with`] takes them, [`read`] uses the defaults.

pub mod cmap_fix;
pub mod damage;
pub mod decode_log;
pub mod layout;
pub mod ocr;
pub mod pdf;
pub mod progress;
pub mod scan_rules;
pub mod text;

use std::io::Read;
use std::path::Path;

use crate::error::{ErrorKind, FileError};
use crate::model::Document;

/// The size of an A4 page in points (width, height): the page size of text input, and of a PDF
/// page without a media box.
pub const A4: (f32, f32) = (595.0, 842.0);

/// Every threshold of the input stage, in one value (the defaults are [`THRESHOLDS`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// Glyphs → words → lines.
    pub layout: layout::Thresholds,
    /// Reading a PDF's text layer (turned text, width repairs, ruling lines).
    pub pdf: pdf::Thresholds,
    /// When a page is OCR'd, and reading Tesseract's words.
    pub ocr: ocr::Thresholds,
    /// Ruling lines in a scanned page image.
    pub scan_rules: scan_rules::Thresholds,
}

/// The thresholds used by [`read`].
pub const THRESHOLDS: Thresholds = Thresholds {
    layout: layout::THRESHOLDS,
    pdf: pdf::THRESHOLDS,
    ocr: ocr::THRESHOLDS,
    scan_rules: scan_rules::THRESHOLDS,
};

impl Default for Thresholds {
    fn default() -> Thresholds {
        THRESHOLDS
    }
}

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

/// Reads `path` (shown as `source` in outputs) into a document, with the default thresholds.
/// Only a regular file is read (a link to one is followed): a FIFO, a device or a socket is an
/// `io_error` at once, as it could block or never end.
pub fn read(path: &Path, source: &str, opts: &ReadOptions) -> Result<Document, FileError> {
    read_with(path, source, opts, &THRESHOLDS)
}

/// [`read`] with the input stage's thresholds `t`.
pub fn read_with(
    path: &Path,
    source: &str,
    opts: &ReadOptions,
    t: &Thresholds,
) -> Result<Document, FileError> {
    let kind = InputKind::of(path).unwrap_or(InputKind::Pdf);
    let mut file = open_regular(path)?;
    let len = file.metadata().map_or(0, |m| m.len());
    if let Some(max) = opts.max_file_bytes {
        if len > max {
            return Err(FileError::new(
                ErrorKind::TooLarge,
                format!(
                    "the file is {} MB, more than the limit of {} MB (--max-file-size)",
                    len.div_ceil(1 << 20),
                    max >> 20
                ),
            ));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes)
        .map_err(|e| FileError::new(ErrorKind::Io, format!("cannot read the file: {e}")))?;
    match kind {
        InputKind::Pdf => pdf::read_pdf_with(source, bytes, opts, t),
        InputKind::Text | InputKind::Markdown => {
            let doc = text::read_text(source, &bytes, kind == InputKind::Markdown)?;
            progress::opened(doc.pages.len());
            progress::pages_read(doc.pages.len());
            Ok(doc)
        }
    }
}

/// Opens `path` for reading if it is a regular file (following links). The file is opened
/// without blocking (a FIFO without a writer would block `open` itself) and its type checked
/// on the open file, so that what is checked is what is read.
pub fn open_regular(path: &Path) -> Result<std::fs::File, FileError> {
    let cannot =
        |e: std::io::Error| FileError::new(ErrorKind::Io, format!("cannot read the file: {e}"));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_file() {
        return Ok(file);
    }
    Err(FileError::new(
        ErrorKind::Io,
        format!(
            "not a regular file ({}): only regular files are read",
            file_type_name(&meta.file_type())
        ),
    ))
}

/// What a file system entry is, in words ("a FIFO", "a character device", …).
pub fn file_type_name(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_default_to_the_constants_and_serialize() {
        assert_eq!(Thresholds::default(), THRESHOLDS);
        let json = serde_json::to_value(&THRESHOLDS).unwrap();
        assert_eq!(json["ocr"]["render_dpi"], 200);
        assert_eq!(json["pdf"]["turned_glyph_ascent_em"], 0.8f32 as f64);
        assert_eq!(THRESHOLDS.ocr.skew_min_line_span_px(), 150.0);
    }
}
