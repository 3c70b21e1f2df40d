//! Opening a PDF: the bytes checked (empty, no header), padding after the end cut off, lopdf's
//! parse of the file as a whole (structure, encryption and passwords, a damaged
//! cross-reference table rebuilt, a file cut off read as far as it goes, ToUnicode maps
//! pdf_oxide would misread rewritten), and pdf_oxide opened on the result for the glyphs.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{ErrorKind, FileError};
use crate::input::{cmap_fix, damage};

use super::widths::FontWidths;

/// How far into the file the `%PDF-` header may start (the PDF spec allows leading junk).
const HEADER_SEARCH_BYTES: usize = 1024;

/// How far from the end of the file the `%%EOF` marker is looked for.
const EOF_SEARCH_BYTES: usize = 4096;

/// A PDF opened for reading.
pub(super) struct Opened {
    /// pdf_oxide's reader, for the glyphs.
    pub pdf: pdf_oxide::document::PdfDocument,
    /// The pages pdf_oxide counts.
    pub count: usize,
    /// lopdf's parse of the file, when lopdf could read it.
    pub structure: Option<lopdf::Document>,
    /// The pages lopdf's page tree lists, when lopdf could read it.
    pub expected_pages: Option<usize>,
    /// The file ends early: its cross-reference table was rebuilt from the objects there.
    pub cut_off: bool,
    /// The cross-reference table did not point at the objects and was rebuilt.
    pub xref_rebuilt: bool,
    /// Glyph widths of the file's simple fonts.
    pub widths: FontWidths,
    /// The bytes as handed to pdf_oxide, kept when pages may have to be rendered for OCR.
    pub for_render: Option<Vec<u8>>,
}

/// Opens the file, or says why it cannot be read at all. The bytes are kept for rendering
/// pages when `keep_for_render`.
pub(super) fn open(
    bytes: Vec<u8>,
    passwords: &[String],
    keep_for_render: bool,
) -> Result<Opened, FileError> {
    check_bytes(&bytes)?;
    let bytes = without_trailing_padding(bytes);
    let mut widths = FontWidths::default();
    let mut structure: Option<lopdf::Document> = None;
    let mut cut_off = false;
    let mut xref_rebuilt = false;
    let (expected_pages, bytes) = match check_structure(&bytes, passwords)? {
        Some(Structure {
            doc: mut lo,
            decrypted,
            cut_off: cut,
            rebuilt,
        }) => {
            cut_off = cut;
            if rebuilt {
                xref_rebuilt = true;
            }
            let n = lo.get_pages().len();
            widths = FontWidths::of(&lo);
            // Rewrite CMaps pdf_oxide would misread; only such files, files opened with the
            // password (handed on decrypted) and files cut off (handed on with the
            // cross-reference table lopdf rebuilt) are re-serialised.
            let changed = cmap_fix::fix_tounicode(&mut lo);
            let mut fixed = Vec::new();
            let out =
                if (changed || decrypted || cut_off || rebuilt) && lo.save_to(&mut fixed).is_ok() {
                    (Some(n), fixed)
                } else if decrypted {
                    return Err(FileError::new(
                        ErrorKind::Encrypted,
                        "encrypted: the password opened the PDF but it could not be decrypted",
                    ));
                } else {
                    (Some(n), bytes)
                };
            structure = Some(lo);
            out
        }
        None => (None, bytes),
    };
    // The bytes again for rendering pages to OCR (only when OCR may run).
    let for_render = keep_for_render.then(|| bytes.clone());
    // pdf_oxide cannot open some files whose cross-reference table is damaged ("Catalog missing
    // /Pages entry" for one changed byte); lopdf rebuilt it: the file as lopdf read it then.
    let (pdf, count) = match open_glyph_reader(bytes, passwords) {
        Ok(opened) => opened,
        Err(e) if e.kind == ErrorKind::TruncatedOrCorrupt => {
            let rebuilt = structure.as_ref().and_then(|lo| {
                let mut b = Vec::new();
                lo.clone().save_to(&mut b).ok().map(|_| b)
            });
            match rebuilt {
                Some(b) => open_glyph_reader(b, passwords).map_err(|_| e)?,
                None => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    Ok(Opened {
        pdf,
        count,
        structure,
        expected_pages,
        cut_off,
        xref_rebuilt,
        widths,
        for_render,
    })
}

/// Opens the file with pdf_oxide and counts its pages.
pub(super) fn open_glyph_reader(
    bytes: Vec<u8>,
    passwords: &[String],
) -> Result<(pdf_oxide::document::PdfDocument, usize), FileError> {
    let pdf = catch_unwind(AssertUnwindSafe(|| {
        pdf_oxide::document::PdfDocument::from_bytes(bytes)
    }))
    .map_err(|_| {
        FileError::new(
            ErrorKind::Internal,
            "the PDF parser crashed while opening the file",
        )
    })?
    .map_err(|e| {
        FileError::new(
            ErrorKind::TruncatedOrCorrupt,
            format!("cannot parse the PDF: {e}"),
        )
    })?;
    unlock(&pdf, passwords)?;
    let count = catch_unwind(AssertUnwindSafe(|| pdf.page_count()))
        .map_err(|_| {
            FileError::new(
                ErrorKind::Internal,
                "the PDF parser crashed while reading the page tree",
            )
        })?
        .map_err(|e| {
            FileError::new(
                ErrorKind::TruncatedOrCorrupt,
                format!("cannot read the page tree: {e}"),
            )
        })?;
    Ok((pdf, count))
}

/// Opens an encrypted document with the empty user password or one of `passwords` (pdf_oxide's
/// decryption, for files lopdf could not decrypt); an error says what to do when none opens it.
fn unlock(pdf: &pdf_oxide::document::PdfDocument, passwords: &[String]) -> Result<(), FileError> {
    let opened = catch_unwind(AssertUnwindSafe(|| {
        if !pdf.is_encrypted() {
            return true;
        }
        std::iter::once("")
            .chain(passwords.iter().map(String::as_str))
            .any(|pw| pdf.authenticate(pw.as_bytes()).unwrap_or(false))
    }))
    .unwrap_or(false);
    if opened {
        return Ok(());
    }
    Err(FileError::new(
        ErrorKind::Encrypted,
        match passwords.len() {
            0 => "encrypted: a user password is required to open this PDF (give it with --password or --password-file)".to_string(),
            1 => "encrypted: the password given does not open this PDF".to_string(),
            n => format!("encrypted: none of the {n} passwords given opens this PDF"),
        },
    ))
}

/// Rejects empty files and files without a PDF header.
fn check_bytes(bytes: &[u8]) -> Result<(), FileError> {
    if bytes.is_empty() {
        return Err(FileError::new(
            ErrorKind::EmptyFile,
            "the file is empty (0 bytes)",
        ));
    }
    let head = &bytes[..bytes.len().min(HEADER_SEARCH_BYTES)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(FileError::new(
            ErrorKind::NotAPdf,
            "not a PDF: no %PDF- header at the start of the file",
        ));
    }
    Ok(())
}

/// lopdf's parse of a file, and how it was got.
struct Structure {
    doc: lopdf::Document,
    /// Opened with one of the passwords (and decrypted in memory).
    decrypted: bool,
    /// The file ends early: objects its pages refer to are missing.
    cut_off: bool,
    /// The cross-reference table did not point at the objects and was rebuilt.
    rebuilt: bool,
}

/// Whether every in-use entry of the cross-reference table points at its object
/// (`<number> <generation> obj` at the offset, counted from the `%PDF-` header).
fn xref_points_at_objects(doc: &lopdf::Document, bytes: &[u8]) -> bool {
    let header = bytes
        .windows(5)
        .take(HEADER_SEARCH_BYTES)
        .position(|w| w == b"%PDF-")
        .unwrap_or(0);
    doc.reference_table.entries.iter().all(|(&id, entry)| {
        let lopdf::xref::XrefEntry::Normal { offset, generation } = *entry else {
            return true;
        };
        let at = header + offset as usize;
        let Some(rest) = bytes.get(at..(at + 40).min(bytes.len())) else {
            return false;
        };
        let text = String::from_utf8_lossy(rest);
        let mut words = text.split_ascii_whitespace();
        words.next() == Some(id.to_string().as_str())
            && words.next() == Some(generation.to_string().as_str())
            && words.next().is_some_and(|w| w.starts_with("obj"))
    })
}

/// Loads the file with lopdf to tell truncated, corrupt and password-protected files apart.
/// Returns the loaded document when lopdf could read it, and whether it was decrypted with
/// one of `passwords`, tried in order (it is then decrypted in memory, with its encryption
/// dictionary removed).
fn check_structure(bytes: &[u8], passwords: &[String]) -> Result<Option<Structure>, FileError> {
    let mut loaded = catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem(bytes)));
    // A cross-reference table whose entries do not point at their objects (one changed byte
    // shifts every entry after it): rebuilt by scanning the file for its objects, as qpdf,
    // poppler and MuPDF do.
    let mut rebuilt = false;
    // (Not for an encrypted file: the rebuilt parse would not be decrypted.)
    if matches!(&loaded, Ok(Ok(doc)) if !doc.trailer.has(b"Encrypt") && !xref_points_at_objects(doc, bytes))
    {
        let options = lopdf::LoadOptions {
            force_reconstruct: true,
            ..Default::default()
        };
        let again = catch_unwind(AssertUnwindSafe(|| {
            lopdf::Document::load_mem_with_options(bytes, options)
        }));
        if matches!(&again, Ok(Ok(doc)) if !doc.get_pages().is_empty()) {
            loaded = again;
            rebuilt = true;
        }
    }
    let tail = &bytes[bytes.len().saturating_sub(EOF_SEARCH_BYTES)..];
    let eof_at_end = tail.windows(5).any(|w| w == b"%%EOF");
    // Where the last `%%EOF` sits says little: Word files converted by Aspose carry kilobytes of
    // NUL bytes after it, other producers whitespace or garbage. A file is complete when its
    // cross-reference table, trailer and every page of its page tree can be read. A file cut
    // off (no marker at its end, objects its pages need missing) is read as far as it goes:
    // lopdf rebuilds its cross-reference table by scanning the objects, and the pages whose
    // objects are gone are named as failed. Only a file with no page left is an error.
    let mut cut_off = false;
    if !eof_at_end {
        match &loaded {
            Ok(Ok(doc)) if !doc.get_pages().is_empty() => cut_off = !pages_readable(doc),
            _ => {
                return Err(FileError::new(
                    ErrorKind::TruncatedOrCorrupt,
                    "truncated PDF: the file ends without the %%EOF marker and no page can be read from what is there (cut off while copying or downloading?)",
                ))
            }
        }
    }
    let needs_password = match &loaded {
        Ok(Ok(doc)) => doc.is_encrypted() && doc.get_pages().is_empty(),
        Ok(Err(e)) => is_encryption_error(e),
        Err(_) => false,
    };
    if needs_password {
        for pw in passwords {
            let opened = catch_unwind(AssertUnwindSafe(|| {
                lopdf::Document::load_mem_with_options(bytes, lopdf::LoadOptions::with_password(pw))
            }));
            if let Ok(Ok(mut doc)) = opened {
                if !doc.get_pages().is_empty() {
                    doc.encryption_state = None;
                    doc.trailer.remove(b"Encrypt");
                    return Ok(Some(Structure {
                        doc,
                        decrypted: true,
                        cut_off,
                        rebuilt: false,
                    }));
                }
            }
        }
        // lopdf cannot open it: pdf_oxide's own decryption is tried next (see `unlock`).
        return Ok(None);
    }
    match loaded {
        Ok(Ok(doc)) => Ok(Some(Structure {
            doc,
            decrypted: false,
            cut_off,
            rebuilt,
        })),
        // Structure damaged but complete: let pdf_oxide try to repair it.
        Ok(Err(_)) | Err(_) => Ok(None),
    }
}

/// Whether the document has pages and every object they refer to — content streams,
/// resources, fonts and their embedded files — can be read. lopdf rebuilds a lost
/// cross-reference table by scanning the objects, so a cut-off file still loads; what gives it
/// away is the objects after the cut, which its pages refer to but which are not there. (At
/// most `damage::MAX_CHECKED_OBJECTS` objects are visited.)
fn pages_readable(doc: &lopdf::Document) -> bool {
    let pages = doc.get_pages();
    if pages.is_empty() {
        return false;
    }
    let mut seen: std::collections::HashSet<lopdf::ObjectId> = Default::default();
    let mut todo: Vec<lopdf::ObjectId> = pages.values().copied().collect();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if seen.len() > damage::MAX_CHECKED_OBJECTS {
            return true;
        }
        let Ok(obj) = doc.get_object(id) else {
            return false;
        };
        let mut refs = Vec::new();
        damage::collect_references(obj, &mut refs, 0);
        todo.extend(refs);
    }
    true
}

/// The file without what follows its last `%%EOF` marker when that is padding or garbage
/// (NUL bytes, whitespace, a stray banner) rather than an incremental update, so that the page
/// parser sees the file as its producer ended it.
fn without_trailing_padding(bytes: Vec<u8>) -> Vec<u8> {
    let Some(eof) = bytes.windows(5).rposition(|w| w == b"%%EOF") else {
        return bytes;
    };
    let end = eof + 5;
    let rest = &bytes[end..];
    let update = [&b"obj"[..], b"xref", b"trailer"]
        .iter()
        .any(|k| rest.windows(k.len()).any(|w| w == *k));
    if rest.is_empty() || update {
        return bytes;
    }
    let mut bytes = bytes;
    bytes.truncate(end);
    bytes.push(b'\n');
    bytes
}

/// Whether lopdf's error says a password is needed. (lopdf's message is read: its variants for
/// it are several and change between versions.)
fn is_encryption_error(e: &lopdf::Error) -> bool {
    let s = e.to_string().to_ascii_lowercase();
    s.contains("decrypt") || s.contains("password") || s.contains("encrypt")
}
