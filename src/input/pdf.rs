//! PDF input: lopdf checks the file as a whole (header, structure, encryption, page count);
//! pdf_oxide reads each page's glyphs with font name, size and position, which
//! [`layout`](super::layout) turns into words and lines.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::error::{ErrorKind, FileError};
use crate::input::layout::{
    font_name_is_bold, font_name_is_italic, glyphs_to_lines, strip_subset, Glyph, THRESHOLDS,
};
use crate::input::ocr::{self, OcrMode};
use crate::input::ReadOptions;
use crate::input::{cmap_fix, damage, decode_log};
use crate::model::{BBox, Document, Line, Page, PageOcr, Rule, TextSource};

/// How far into the file the `%PDF-` header may start (the PDF spec allows leading junk).
const HEADER_SEARCH_BYTES: usize = 1024;

/// How far from the end of the file the `%%EOF` marker is looked for.
const EOF_SEARCH_BYTES: usize = 4096;

/// Reads a PDF's text layer into the document model.
///
/// Returns an error for files that cannot be read at all; page-level problems are recorded in
/// the document's `warnings` and `failed_pages`.
pub fn read_pdf(source: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Result<Document, FileError> {
    check_bytes(&bytes)?;
    let bytes = without_trailing_padding(bytes);
    let mut widths = FontWidths::default();
    let mut structure: Option<lopdf::Document> = None;
    let mut cut_off = false;
    let mut xref_rebuilt = false;
    let (expected_pages, bytes) = match check_structure(&bytes, &opts.passwords)? {
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
    let for_render = (opts.ocr != OcrMode::Never).then(|| bytes.clone());
    // pdf_oxide cannot open some files whose cross-reference table is damaged ("Catalog missing
    // /Pages entry" for one changed byte); lopdf rebuilt it: the file as lopdf read it then.
    let (mut pdf, count) = match open_glyph_reader(bytes, &opts.passwords) {
        Ok(opened) => opened,
        Err(e) if e.kind == ErrorKind::TruncatedOrCorrupt => {
            let rebuilt = structure.as_ref().and_then(|lo| {
                let mut b = Vec::new();
                lo.clone().save_to(&mut b).ok().map(|_| b)
            });
            match rebuilt {
                Some(b) => open_glyph_reader(b, &opts.passwords).map_err(|_| e)?,
                None => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    let mut doc = Document {
        source: source.to_string(),
        pages: Vec::with_capacity(count),
        warnings: Vec::new(),
        failed_pages: Vec::new(),
    };
    if xref_rebuilt && !cut_off {
        doc.warnings.push(
            "the cross-reference table does not point at the file's objects: it was rebuilt by scanning the file".to_string(),
        );
    }
    if cut_off {
        doc.warnings.push(
            "the file is cut off (no %%EOF at its end, objects missing): its cross-reference table was rebuilt from the objects that are there".to_string(),
        );
    }
    if let Some(n) = expected_pages {
        if n != count {
            doc.warnings.push(format!(
                "page tree lists {n} pages but {count} could be opened"
            ));
        }
    }
    // The file's pages are lopdf's page list when there is one: pdf_oxide skips a page whose
    // dictionary it cannot read, and its indexes would then number every later page one too
    // low. Each file page is paired with pdf_oxide's index of the same page, and checked for
    // objects missing and content streams that do not decode.
    let plan: Vec<PagePlan> = match &structure {
        // (lopdf may hold an encrypted file it could not decrypt: no pages to go by.)
        Some(lo) if !lo.get_pages().is_empty() => {
            let ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
            let lo_keys: Vec<u32> = ids.iter().map(|&id| damage::lopdf_key(lo, id)).collect();
            let mut pairs = damage::align(&lo_keys, &oxide_keys(&pdf, count));
            // pdf_oxide misses pages lopdf reads (a cross-reference table damaged in a way
            // lopdf repairs): a second opinion on the file as lopdf read it.
            if pairs.iter().any(Option::is_none) {
                let mut b = Vec::new();
                if lo.clone().save_to(&mut b).is_ok() {
                    if let Ok((again, n)) = open_glyph_reader(b, &opts.passwords) {
                        let again_pairs = damage::align(&lo_keys, &oxide_keys(&again, n));
                        let missed = |p: &[Option<usize>]| p.iter().filter(|x| x.is_none()).count();
                        if missed(&again_pairs) < missed(&pairs) {
                            doc.warnings.push(
                                "some pages could only be read from the file as rebuilt from its objects (its cross-reference table or page tree is damaged)".to_string(),
                            );
                            pdf = again;
                            pairs = again_pairs;
                        }
                    }
                }
            }
            let mut checker = damage::Checker::new(lo);
            ids.iter()
                .zip(pairs)
                .map(|(&id, ox)| {
                    let hurt = catch_unwind(AssertUnwindSafe(|| checker.page(id)))
                        .unwrap_or_else(|_| Some("its objects cannot be checked".to_string()));
                    PagePlan {
                        reader_index: ox,
                        hurt,
                        media: lopdf_media_box(lo, id),
                        id: Some(id),
                    }
                })
                .collect()
        }
        _ => (0..count)
            .map(|i| PagePlan {
                reader_index: Some(i),
                hurt: None,
                media: None,
                id: None,
            })
            .collect(),
    };
    decode_log::install();
    let encrypted = catch_unwind(AssertUnwindSafe(|| pdf.is_encrypted())).unwrap_or(true);
    for (index, plan) in plan.into_iter().enumerate() {
        let PagePlan {
            reader_index,
            mut hurt,
            media: lo_media,
            id: page_id,
        } = plan;
        let number = index as u32 + 1;
        let read = match reader_index {
            Some(i) => {
                let media = lo_media.or_else(|| media_box(&pdf, i));
                let (read, caught) = decode_log::catching(|| read_page(&pdf, i, media, &widths));
                // A stream the reader could only partly decode (a corrupt Flate stream),
                // confirmed by decoding the page's content streams once more (only then). In an
                // encrypted file the reader tries streams before it decrypts them: no evidence.
                if !caught.is_empty() && !encrypted && hurt.is_none() {
                    if let Some((lo, id)) = structure.as_ref().zip(page_id) {
                        hurt = damage::Checker::new(lo)
                            .streams(id)
                            .map(|why| format!("{why}: text may be missing"));
                    }
                }
                read
            }
            None => Err((
                ErrorKind::TruncatedOrCorrupt,
                format!(
                    "cannot read the page: {}",
                    hurt.clone()
                        .unwrap_or_else(|| "its page dictionary is damaged".to_string())
                ),
            )),
        };
        // A page that shows text but gave none: its fonts or resources point at the wrong
        // objects (a damaged reference).
        if let Ok(page) = &read {
            if page.lines.is_empty() && hurt.is_none() && !encrypted {
                if let Some((lo, id)) = structure.as_ref().zip(page_id) {
                    if damage::Checker::new(lo).shows_text(id) {
                        hurt = Some(
                            "the page shows text that cannot be read (its fonts or resources are damaged)".to_string(),
                        );
                    }
                }
            }
        }
        match read {
            Ok(mut page) => {
                page.number = number;
                // A page read from damaged objects: what could be read is kept, the page is
                // named as not read completely. In a complete file, an object missing from a
                // page that still reads is a warning (readers take it as empty); a stream that
                // does not decode, or a file cut off, always costs the page.
                let hurt_any = hurt.is_some();
                let costs_page = cut_off
                    || page.lines.is_empty()
                    || hurt.as_deref().is_some_and(|h| h.contains("decoded"));
                if let Some(why) = hurt {
                    doc.warnings.push(format!("page {number}: {why}"));
                }
                if costs_page && hurt_any {
                    doc.fail_page(number, ErrorKind::TruncatedOrCorrupt);
                }
                doc.pages.push(page);
            }
            Err((kind, msg)) => {
                doc.warnings.push(format!("page {number}: {msg}"));
                doc.fail_page(number, kind);
                doc.pages.push(Page {
                    number,
                    width: 0.0,
                    height: 0.0,
                    text_source: TextSource::None,
                    lines: Vec::new(),
                    rules: Vec::new(),
                    ocr: None,
                });
            }
        }
    }
    if doc.page_failed(1) {
        doc.warnings.push(
            "page 1 could not be read completely: the title block (document type, committee, date) may be missing".to_string(),
        );
    }
    if let Some(bytes) = for_render {
        ocr_pages(&mut doc, &pdf, structure.as_ref(), bytes, opts.ocr);
    }
    Ok(doc)
}

/// OCRs the pages that need it (all with `--ocr always`; with `auto`, those whose text layer is
/// unusable), in parallel, replacing their lines. Without Tesseract, pages that need OCR are
/// left as they are with a warning naming the package; those without any text fail.
fn ocr_pages(
    doc: &mut Document,
    pdf: &pdf_oxide::document::PdfDocument,
    structure: Option<&lopdf::Document>,
    bytes: Vec<u8>,
    mode: OcrMode,
) {
    let t = &ocr::THRESHOLDS;
    let page_ids: Vec<lopdf::ObjectId> = structure
        .map(|lo| lo.get_pages().into_values().collect())
        .unwrap_or_default();
    let lexicon = crate::language::lexicon::danish();
    let known = |w: &str| lexicon.available().then(|| lexicon.check(w));
    let shares_at = |decide_at: f32| -> Vec<ocr::WordShares> {
        doc.pages
            .iter()
            .map(|p| ocr::word_shares(&p.lines, &known, decide_at, t))
            .collect()
    };
    // Which pages are below the page threshold; the document's median share only matters when
    // one is (fewer look-ups in the word list for the usual document).
    let mut shares = shares_at(t.garbage_known_share);
    if shares
        .iter()
        .any(|s| s.danish.is_some_and(|d| d < t.garbage_known_share))
    {
        shares = shares_at(t.danish_document_share);
    }
    let mut danish: Vec<f32> = shares.iter().filter_map(|s| s.danish).collect();
    danish.sort_by(f32::total_cmp);
    let document_danish = danish.get(danish.len() / 2).copied();
    let mut wanted: Vec<(usize, &'static str)> = Vec::new();
    for (k, page) in doc.pages.iter().enumerate() {
        if doc.page_failed(page.number) {
            continue;
        }
        let area = page.width * page.height;
        // Reading the page's drawing operations is costly: only a page with little text needs
        // to know how much of it is image.
        let image_share = match (structure, page_ids.get(k)) {
            _ if shares[k].chars >= t.little_text_chars => 0.0,
            (Some(lo), Some(&id)) => ocr::image_coverage(lo, id, area),
            // Without the page's resources: a page without text may be a scan.
            _ => 1.0,
        };
        let reason = match mode {
            OcrMode::Never => None,
            OcrMode::Always => Some("--ocr always"),
            OcrMode::Auto => ocr::unusable_text_layer(&shares[k], image_share, document_danish, t),
        };
        if let Some(r) = reason {
            wanted.push((k, r));
        }
    }
    if wanted.is_empty() {
        return;
    }
    let engine = match ocr::tesseract() {
        Ok(e) => e,
        Err(why) => {
            // One warning for the file: which pages wanted OCR, why, and what to install.
            let mut reasons: Vec<&str> = Vec::new();
            let mut numbers = Vec::new();
            for &(k, reason) in &wanted {
                let page = &mut doc.pages[k];
                let number = page.number;
                if page.lines.is_empty() {
                    page.text_source = TextSource::None;
                    doc.fail_page(number, ErrorKind::NoText);
                }
                let page = &doc.pages[k];
                numbers.push(page.number);
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            doc.warnings.push(format!(
                "{} not read: {} OCR ({}), but {why}",
                page_list(&numbers),
                if numbers.len() == 1 {
                    "it needs"
                } else {
                    "they need"
                },
                reasons.join(", ")
            ));
            return;
        }
    };
    // The PDF as a file for pdftoppm, written once and only if a page must be rendered.
    let copy: OnceLock<Result<tempfile::TempPath, String>> = OnceLock::new();
    let pdf_path = || -> Result<std::path::PathBuf, String> {
        copy.get_or_init(|| {
            let mut f = tempfile::Builder::new()
                .prefix("kl-extract-")
                .suffix(".pdf")
                .tempfile()
                .map_err(|e| format!("cannot make a temporary file: {e}"))?;
            std::io::Write::write_all(&mut f, &bytes)
                .map_err(|e| format!("cannot write a temporary file: {e}"))?;
            Ok(f.into_temp_path())
        })
        .as_ref()
        .map(|p| p.to_path_buf())
        .map_err(Clone::clone)
    };
    let results: Vec<(usize, &'static str, OcrResult)> = wanted
        .par_iter()
        .map(|&(k, reason)| {
            let page = &doc.pages[k];
            let media = media_box(pdf, k)
                .map(|(x0, y0, x1, y1)| (x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs()))
                .unwrap_or((0.0, 0.0, page.width, page.height));
            let result = catch_unwind(AssertUnwindSafe(|| {
                ocr_page(
                    structure,
                    page_ids.get(k).copied(),
                    page.number,
                    media,
                    &pdf_path,
                    engine,
                    reason,
                )
            }))
            .unwrap_or_else(|_| Err("OCR crashed on this page".to_string()));
            (k, reason, result)
        })
        .collect();
    for (k, reason, result) in results {
        let page = &mut doc.pages[k];
        match result {
            Ok((lines, rules, record)) => {
                page.lines = lines;
                page.rules = rules;
                page.text_source = TextSource::Ocr;
                page.ocr = Some(record);
            }
            Err(e) => {
                let number = page.number;
                if page.lines.is_empty() {
                    page.text_source = TextSource::None;
                    let kind = if e.starts_with(ocr::STOPPED_AFTER) {
                        ErrorKind::Timeout
                    } else if e.contains("crashed") {
                        ErrorKind::Internal
                    } else {
                        ErrorKind::NoText
                    };
                    doc.fail_page(number, kind);
                }
                doc.warnings
                    .push(format!("page {number}: OCR ({reason}) failed: {e}"));
            }
        }
    }
}

/// "page 4" or "pages 1–3, 7": page numbers with runs joined.
pub fn page_list(numbers: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < numbers.len() {
        let mut j = k;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        parts.push(if j > k {
            format!("{}–{}", numbers[k], numbers[j])
        } else {
            numbers[k].to_string()
        });
        k = j + 1;
    }
    let noun = if numbers.len() == 1 { "page" } else { "pages" };
    format!("{noun} {}", parts.join(", "))
}

/// One OCR'd page's lines and record, or why it failed.
type OcrResult = Result<(Vec<Line>, Vec<Rule>, PageOcr), String>;

/// One page through OCR: its image, Tesseract's words, model lines.
fn ocr_page(
    structure: Option<&lopdf::Document>,
    page_id: Option<lopdf::ObjectId>,
    number: u32,
    media: (f32, f32, f32, f32),
    pdf_path: &dyn Fn() -> Result<std::path::PathBuf, String>,
    engine: &ocr::Tesseract,
    reason: &str,
) -> OcrResult {
    let t = &ocr::THRESHOLDS;
    let image = match (structure, page_id) {
        (Some(lo), Some(id)) => ocr::page_image(lo, id, number, media, pdf_path, t)?,
        _ => ocr::page_image_rendered(&pdf_path()?, number, t)?,
    };
    let words = engine.recognize(&image.file, t)?;
    let size = (media.2 / image.placement.sx, media.3 / image.placement.sy);
    let (lines, skew) = ocr::words_to_lines(&words, image.placement, size, t);
    // The table borders drawn in the scan, turned like the words.
    let rules = super::scan_rules::find(
        &image.file,
        ocr::correction_angle(skew, t),
        image.placement,
        &super::scan_rules::THRESHOLDS,
    )
    .unwrap_or_default();
    let lines = super::scan_rules::drop_rule_glyphs(lines, &rules, &super::scan_rules::THRESHOLDS);
    let confidence = if words.is_empty() {
        0.0
    } else {
        words.iter().map(|w| w.conf).sum::<f32>() / words.len() as f32
    };
    Ok((
        lines,
        rules,
        PageOcr {
            reason: reason.to_string(),
            confidence,
            skew,
            embedded_image: image.embedded,
        },
    ))
}

/// How one page of the file is to be read.
struct PagePlan {
    /// pdf_oxide's index of the page (`None`: it does not have the page).
    reader_index: Option<usize>,
    /// What is wrong with its objects, found before reading it.
    hurt: Option<String>,
    /// Its media box from lopdf's parse.
    media: Option<(f32, f32, f32, f32)>,
    /// Its object in lopdf's parse.
    id: Option<lopdf::ObjectId>,
}

/// The key of each of pdf_oxide's pages (see [`damage::oxide_key`]); a page it cannot give
/// gets a key no other page has.
fn oxide_keys(pdf: &pdf_oxide::document::PdfDocument, count: usize) -> Vec<u32> {
    (0..count)
        .map(|i| {
            catch_unwind(AssertUnwindSafe(|| pdf.get_page(i)))
                .ok()
                .and_then(Result::ok)
                .map_or(u32::MAX - i as u32, |p| damage::oxide_key(&p))
        })
        .collect()
}

/// Opens the file with pdf_oxide and counts its pages.
fn open_glyph_reader(
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

/// At most this many objects are visited to check that a file without an `%%EOF` at its end
/// is complete (a bound for damaged files whose references loop or fan out without end).
const MAX_CHECKED_OBJECTS: usize = 200_000;

/// Whether the document has pages and every object they refer to — content streams,
/// resources, fonts and their embedded files — can be read. lopdf rebuilds a lost
/// cross-reference table by scanning the objects, so a cut-off file still loads; what gives it
/// away is the objects after the cut, which its pages refer to but which are not there.
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
        if seen.len() > MAX_CHECKED_OBJECTS {
            return true;
        }
        let Ok(obj) = doc.get_object(id) else {
            return false;
        };
        let mut refs = Vec::new();
        super::damage::collect_references(obj, &mut refs, 0);
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

fn is_encryption_error(e: &lopdf::Error) -> bool {
    let s = e.to_string().to_ascii_lowercase();
    s.contains("decrypt") || s.contains("password") || s.contains("encrypt")
}

/// A page's media box, or `None` when the parser cannot give one. Looking it up loads the
/// page object, where pdf_oxide can panic on a damaged file (a string sliced inside a
/// multi-byte character, found by fuzzing: `tests/fixtures/fuzz/pdf/`), so the panic is
/// caught here like the parser's others.
fn media_box(pdf: &pdf_oxide::document::PdfDocument, index: usize) -> Option<(f32, f32, f32, f32)> {
    catch_unwind(AssertUnwindSafe(|| pdf.get_page_media_box(index)))
        .ok()
        .and_then(Result::ok)
}

/// A page's `/MediaBox`, inherited from its parents when it has none, as (x0, y0, x1, y1).
fn lopdf_media_box(doc: &lopdf::Document, page: lopdf::ObjectId) -> Option<(f32, f32, f32, f32)> {
    let mut dict = doc.get_dictionary(page).ok()?;
    // A bound on the walk up the page tree (a damaged file can loop).
    for _ in 0..32 {
        if let Ok(b) = dict.get(b"MediaBox") {
            let b = match b {
                lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
                other => other,
            };
            let v: Vec<f32> = b
                .as_array()
                .ok()?
                .iter()
                .map(|o| match o {
                    lopdf::Object::Integer(i) => Some(*i as f32),
                    lopdf::Object::Real(r) => Some(*r),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            return match v[..] {
                // Normalised to lower-left and upper-right corners, as pdf_oxide gives them.
                [a, b, c, d] if [a, b, c, d].iter().all(|x| x.is_finite()) => {
                    Some((a.min(c), b.min(d), a.max(c), b.max(d)))
                }
                _ => None,
            };
        }
        let parent = dict.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Reads one page's glyphs and lays them out; a parser panic becomes a page error.
fn read_page(
    pdf: &pdf_oxide::document::PdfDocument,
    index: usize,
    media: Option<(f32, f32, f32, f32)>,
    widths: &FontWidths,
) -> Result<Page, (ErrorKind, String)> {
    let (x0, y0, x1, y1) = media.unwrap_or((0.0, 0.0, 595.0, 842.0));
    let (width, height) = ((x1 - x0).abs(), (y1 - y0).abs());
    let top_y = y0.max(y1);
    // The uncached extraction: `extract_chars` keeps every page's glyphs in the document's
    // cache and hands out a copy (a String per glyph), which costs time and memory.
    let chars = catch_unwind(AssertUnwindSafe(|| {
        pdf.extract_chars_filtered(index, Default::default(), Default::default())
    }))
    .map_err(|_| {
        (
            ErrorKind::Internal,
            "the PDF parser crashed on this page".to_string(),
        )
    })?
    .map_err(|e| {
        (
            ErrorKind::TruncatedOrCorrupt,
            format!("cannot read the text layer: {e}"),
        )
    })?;
    // The page is read in the frame where most of its text is upright: a landscape page
    // (`/Rotate 90`) or a table printed sideways reads like any other page.
    let frame = Frame::of(&chars, (x0, y0, width, height));
    // Fonts seen on the page (names without subset prefix), with the bold/italic their names
    // say, worked out once per font; glyphs point into it.
    let mut fonts: Vec<Arc<str>> = Vec::new();
    let mut styles: Vec<(bool, bool)> = Vec::new();
    // The font of the glyph before (glyphs come in runs of one font): its name as the parser
    // gave it, and its index in `fonts`.
    let mut last: Option<(String, u16)> = None;
    let mut glyphs = Vec::with_capacity(chars.len());
    for c in chars {
        if !frame.upright(c.rotation_degrees) {
            continue;
        }
        let font = match &last {
            Some((raw, k)) if *raw == c.font_name => *k,
            _ => {
                let name = strip_subset(&c.font_name);
                let k = match fonts.iter().position(|f| &**f == name) {
                    Some(k) => k,
                    None => {
                        fonts.push(Arc::from(name));
                        styles.push((font_name_is_bold(name), font_name_is_italic(name)));
                        fonts.len() - 1
                    }
                };
                // More fonts than a u16 counts on one page: the rest share the last index.
                let k = k.min(u16::MAX as usize) as u16;
                last = Some((c.font_name.clone(), k));
                k
            }
        };
        let (bold, italic) = styles[font as usize];
        let (bbox, baseline) = if frame.quarter_turns == 0 {
            // pdf_oxide boxes are in PDF space (origin bottom-left); the model's is top-left.
            let top = top_y - (c.bbox.y + c.bbox.height);
            let bottom = top_y - c.bbox.y;
            (
                BBox::new(c.bbox.x - x0, top, c.bbox.x + c.bbox.width - x0, bottom),
                top_y - c.origin_y,
            )
        } else {
            // Turned text: the box from the origin, the advance and the size. The parser
            // gives no advance for turned glyphs; the font's own width is used when known.
            let (ox, base) = frame.map(c.origin_x, c.origin_y);
            let advance = match c.advance_width.abs() {
                a if a > 0.0 => a,
                _ => widths
                    .advance(&fonts[font as usize], c.char, c.font_size)
                    .unwrap_or(0.0),
            };
            (
                BBox::new(
                    ox,
                    base - 0.8 * c.font_size,
                    ox + advance,
                    base + 0.2 * c.font_size,
                ),
                base,
            )
        };
        glyphs.push(Glyph {
            ch: c.char,
            bbox,
            baseline,
            bold,
            italic: c.is_italic || italic,
            font,
            size: c.font_size,
        });
    }
    if frame.quarter_turns != 0 {
        estimate_missing_widths(&mut glyphs);
    }
    repair_short_widths(&mut glyphs);
    let (width, height) = frame.size();
    // Ruling lines are a help for tables, not a condition for reading the page: a parser
    // failure on the vector graphics leaves the page without them.
    let rules = catch_unwind(AssertUnwindSafe(|| pdf.extract_paths(index)))
        .ok()
        .and_then(Result::ok)
        .map(|paths| ruling_lines(&paths, &frame))
        .unwrap_or_default();
    Ok(Page {
        number: index as u32 + 1,
        width,
        height,
        text_source: TextSource::Text,
        lines: glyphs_to_lines(glyphs, &fonts, &THRESHOLDS),
        rules,
        ocr: None,
    })
}

/// Glyph widths of the document's simple fonts (Type1, TrueType) by font name, read from
/// their `/Widths` with lopdf: the advance of a turned glyph, which the text parser leaves at
/// zero. Only ASCII characters are looked up (their code is the same in the standard, WinAnsi
/// and MacRoman encodings); composite (CID) fonts are not covered.
#[derive(Debug, Default)]
struct FontWidths {
    /// Font name without subset prefix → first character code and widths (1/1000 em).
    fonts: HashMap<String, (u32, Vec<f32>)>,
}

impl FontWidths {
    fn of(doc: &lopdf::Document) -> FontWidths {
        let mut fonts = HashMap::new();
        for obj in doc.objects.values() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font".as_slice()) {
                continue;
            }
            let Some(name) = dict
                .get(b"BaseFont")
                .and_then(|n| n.as_name())
                .ok()
                .map(|n| strip_subset(&String::from_utf8_lossy(n)).to_string())
            else {
                continue;
            };
            let first = dict.get(b"FirstChar").and_then(|f| f.as_i64()).ok();
            let array = dict
                .get(b"Widths")
                .ok()
                .and_then(|w| match w {
                    lopdf::Object::Reference(id) => doc.get_object(*id).ok(),
                    other => Some(other),
                })
                .and_then(|w| w.as_array().ok());
            if let (Some(first), Some(array)) = (first, array) {
                let values: Vec<f32> = array
                    .iter()
                    .map(|v| match v {
                        lopdf::Object::Integer(i) => *i as f32,
                        lopdf::Object::Real(r) => *r,
                        _ => 0.0,
                    })
                    .collect();
                fonts.entry(name).or_insert((first.max(0) as u32, values));
            }
        }
        FontWidths { fonts }
    }

    /// The advance of `ch` in `font` at `size` points, when the font's widths give it.
    fn advance(&self, font: &str, ch: char, size: f32) -> Option<f32> {
        if !ch.is_ascii() {
            return None;
        }
        let (first, widths) = self.fonts.get(font)?;
        let w = *widths.get((ch as u32).checked_sub(*first)? as usize)?;
        (w > 0.0).then(|| w / 1000.0 * size)
    }
}

/// A page's glyph indices sorted by baseline then left edge, and where the baseline moves.
struct BaselineRuns {
    order: Vec<usize>,
    /// Start of each run in `order`, and its end.
    cuts: Vec<usize>,
}

impl BaselineRuns {
    /// The runs (lines), top to bottom.
    fn iter(&self) -> impl Iterator<Item = &[usize]> {
        self.cuts.windows(2).map(|w| &self.order[w[0]..w[1]])
    }
}

/// The glyphs of a page as lines: indices sorted by baseline then left edge, cut where the
/// baseline moves.
fn baseline_runs(glyphs: &[Glyph]) -> BaselineRuns {
    // One integer key per glyph: the baseline in half points, then the left edge (its bits in
    // `f32::total_cmp` order), then the index.
    let mut keys: Vec<(u64, usize)> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let half_points = (g.baseline * 2.0).round() as i32;
            let row = (half_points as u32 ^ 0x8000_0000) as u64;
            ((row << 32) | ordered_bits(g.bbox.x0) as u64, i)
        })
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|(_, i)| i).collect();
    if order.is_empty() {
        return BaselineRuns {
            order,
            cuts: Vec::new(),
        };
    }
    let mut cuts: Vec<usize> = vec![0];
    for k in 1..order.len() {
        let first = order[*cuts.last().unwrap_or(&0)];
        if (glyphs[first].baseline - glyphs[order[k]].baseline).abs() >= 0.5 {
            cuts.push(k);
        }
    }
    cuts.push(order.len());
    BaselineRuns { order, cuts }
}

/// The bits of `x` as an integer that sorts like `f32::total_cmp`.
fn ordered_bits(x: f32) -> u32 {
    let b = x.to_bits();
    if b >> 31 == 1 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// The inverse of [`ordered_bits`].
fn from_ordered_bits(b: u32) -> f32 {
    f32::from_bits(if b >> 31 == 1 { b & 0x7fff_ffff } else { !b })
}

/// A font index and a letter as one integer key.
fn font_letter(font: u16, ch: char) -> u64 {
    (u64::from(font) << 32) | u64::from(ch)
}

/// A line has space glyphs between its words when it holds at least this many.
const SPACED_LINE_MIN_SPACES: usize = 2;

fn is_spaced(glyphs: &[Glyph], run: &[usize]) -> bool {
    run.iter()
        .filter(|&&i| glyphs[i].ch.is_whitespace())
        .count()
        >= SPACED_LINE_MIN_SPACES
}

/// Turned glyphs whose advance the parser left at zero: each reaches to the next glyph on its
/// baseline when that one is close (the next letter of the word), else half its size. "Close" is
/// a wide letter's advance on lines whose words are separated by space glyphs (any glyph right
/// after a letter is the same word), and less on lines without them, where the next word can
/// start one space after a narrow letter.
fn estimate_missing_widths(glyphs: &mut [Glyph]) {
    let runs = baseline_runs(glyphs);
    for run in runs.iter() {
        let reach = if is_spaced(glyphs, run) { 1.2 } else { 0.7 };
        for k in 0..run.len() {
            let i = run[k];
            if glyphs[i].bbox.width() > 0.0 {
                continue;
            }
            let size = glyphs[i].size.max(1.0);
            let next = run.get(k + 1).map(|&j| &glyphs[j]).filter(|n| {
                n.bbox.x0 > glyphs[i].bbox.x0 && n.bbox.x0 - glyphs[i].bbox.x0 < reach * size
            });
            let x1 = match next {
                Some(n) => n.bbox.x0,
                None => glyphs[i].bbox.x0 + 0.5 * size,
            };
            glyphs[i].bbox.x1 = x1;
        }
    }
}

/// A letter is followed by a gap in at least this share of its in-word occurrences before its
/// width counts as wrong…
const SHORT_WIDTH_QUANTILE: f32 = 0.25;
/// …a gap of at least this share of the font size…
const SHORT_WIDTH_MIN_GAP: f32 = 0.08;
/// …seen at least this many times on the page. Gaps wider than `SHORT_WIDTH_MAX_GAP` (a share
/// of the font size) are a column or a tab, not evidence either way.
const SHORT_WIDTH_MIN_SAMPLES: usize = 3;
const SHORT_WIDTH_MAX_GAP: f32 = 0.6;

/// Letters whose width the parser reports too short (a CID font's `/W` entry misread) leave a
/// gap after every occurrence and split words ("Procurem ent", "M ethod"). On lines where the
/// writer put space glyphs between words, a gap after a letter with no space glyph in it is such
/// an error when the same letter of the same font shows it nearly every time; that letter's
/// boxes are widened by its usual gap. Lines without space glyphs give no evidence (their word
/// breaks are gaps), so texts positioned word by word are left as they are.
fn repair_short_widths(glyphs: &mut [Glyph]) {
    // (font, letter) and the gap as one integer key each, so the sort compares integers.
    let mut gaps: Vec<(u64, u32)> = Vec::new();
    for line in baseline_runs(glyphs).iter() {
        if !is_spaced(glyphs, line) {
            continue;
        }
        for w in line.windows(2) {
            let (a, b) = (&glyphs[w[0]], &glyphs[w[1]]);
            let gap = (b.bbox.x0 - a.bbox.x1) / a.size.max(1.0);
            if a.ch.is_alphabetic()
                && !b.ch.is_whitespace()
                && a.font == b.font
                && gap <= SHORT_WIDTH_MAX_GAP
            {
                gaps.push((font_letter(a.font, a.ch), ordered_bits(gap)));
            }
        }
    }
    gaps.sort_unstable();
    let mut widen: Vec<(u64, f32)> = Vec::new();
    for run in gaps.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < SHORT_WIDTH_MIN_SAMPLES {
            continue;
        }
        let low =
            from_ordered_bits(run[((run.len() - 1) as f32 * SHORT_WIDTH_QUANTILE) as usize].1);
        if low >= SHORT_WIDTH_MIN_GAP {
            widen.push((run[0].0, low));
        }
    }
    if widen.is_empty() {
        return;
    }
    for g in glyphs.iter_mut() {
        let key = font_letter(g.font, g.ch);
        if let Some((_, low)) = widen.iter().find(|(k, _)| *k == key) {
            g.bbox.x1 += low * g.size.max(1.0);
        }
    }
}

/// The reading frame of a page: PDF space (origin bottom-left) turned by the rotation of most of
/// the page's text, with the origin at the top-left of the turned page.
struct Frame {
    /// Counter-clockwise quarter turns of the text (0: upright, 1: rising, …).
    quarter_turns: u8,
    x0: f32,
    y0: f32,
    width: f32,
    height: f32,
}

impl Frame {
    fn of(
        chars: &[pdf_oxide::layout::TextChar],
        (x0, y0, width, height): (f32, f32, f32, f32),
    ) -> Frame {
        let mut counts = [0usize; 4];
        for c in chars.iter().filter(|c| !c.char.is_whitespace()) {
            let r = c.rotation_degrees.rem_euclid(360.0);
            let q = (r / 90.0).round();
            if (r - q * 90.0).abs() <= THRESHOLDS.max_rotation_degrees {
                counts[q as usize % 4] += 1;
            }
        }
        // Upright unless clearly most text is turned.
        let best = (1..4).max_by_key(|&q| counts[q]).unwrap_or(0);
        let quarter_turns = if counts[best] > 2 * counts[0] {
            best as u8
        } else {
            0
        };
        Frame {
            quarter_turns,
            x0,
            y0,
            width,
            height,
        }
    }

    /// Whether a glyph with this rotation is upright in the frame.
    fn upright(&self, degrees: f32) -> bool {
        let d = (degrees - 90.0 * self.quarter_turns as f32).rem_euclid(360.0);
        d <= THRESHOLDS.max_rotation_degrees || 360.0 - d <= THRESHOLDS.max_rotation_degrees
    }

    /// A point of PDF space in the frame (top-left origin, y down).
    fn map(&self, x: f32, y: f32) -> (f32, f32) {
        let (u, v) = (x - self.x0, y - self.y0);
        let (w, h) = (self.width, self.height);
        match self.quarter_turns {
            1 => (v, u),
            2 => (w - u, v),
            3 => (h - v, w - u),
            _ => (u, h - v),
        }
    }

    /// Width and height of the page in the frame.
    fn size(&self) -> (f32, f32) {
        if self.quarter_turns % 2 == 1 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// A drawn shape thinner than this (points) is a ruling line, not an area.
const MAX_RULE_THICKNESS: f32 = 2.0;
/// A segment shorter than this (points) is not a ruling line (a tick, a bullet).
const MIN_RULE_LENGTH: f32 = 3.0;

/// The straight horizontal and vertical lines of a page's vector graphics, in model space:
/// stroked segments, and filled or stroked rectangles that are thin (a border drawn as a
/// filled bar) or the edges of stroked boxes.
fn ruling_lines(paths: &[pdf_oxide::elements::PathContent], frame: &Frame) -> Vec<Rule> {
    use pdf_oxide::elements::PathOperation as Op;
    let mut out = Vec::new();
    let mut push = |ax: f32, ay: f32, bx: f32, by: f32| {
        let ((ax, ay), (bx, by)) = (frame.map(ax, ay), frame.map(bx, by));
        let (l, r) = (ax.min(bx), ax.max(bx));
        let (t, b) = (ay.min(by), ay.max(by));
        let (w, h) = (r - l, b - t);
        let straight = (w <= MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH)
            || (h <= MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH);
        if straight && l.is_finite() && t.is_finite() && r.is_finite() && b.is_finite() {
            out.push(Rule {
                bbox: BBox::new(l, t, r, b),
            });
        }
    };
    for p in paths {
        let stroked = p.stroke_color.is_some();
        let filled = p.fill_color.is_some();
        let mut current: Option<(f32, f32)> = None;
        let mut start: Option<(f32, f32)> = None;
        // The bounding box of the current straight-edged subpath, for a bar drawn as a filled
        // polygon (`m l l l h f`) rather than a rectangle operator.
        let mut polygon: Option<(f32, f32, f32, f32)> = None;
        let close_polygon = |polygon: &mut Option<(f32, f32, f32, f32)>,
                             push: &mut dyn FnMut(f32, f32, f32, f32)| {
            if let Some((l, t, r, b)) = polygon.take() {
                if filled && !stroked {
                    if r - l <= MAX_RULE_THICKNESS && b - t >= MIN_RULE_LENGTH {
                        push((l + r) / 2.0, t, (l + r) / 2.0, b);
                    } else if b - t <= MAX_RULE_THICKNESS && r - l >= MIN_RULE_LENGTH {
                        push(l, (t + b) / 2.0, r, (t + b) / 2.0);
                    }
                }
            }
        };
        let grow = |polygon: &mut Option<(f32, f32, f32, f32)>, x: f32, y: f32| {
            *polygon = Some(match *polygon {
                None => (x, y, x, y),
                Some((l, t, r, b)) => (l.min(x), t.min(y), r.max(x), b.max(y)),
            });
        };
        for op in &p.operations {
            match *op {
                Op::MoveTo(x, y) => {
                    close_polygon(&mut polygon, &mut push);
                    grow(&mut polygon, x, y);
                    current = Some((x, y));
                    start = Some((x, y));
                }
                Op::LineTo(x, y) => {
                    if let (Some((cx, cy)), true) = (current, stroked) {
                        push(cx, cy, x, y);
                    }
                    grow(&mut polygon, x, y);
                    current = Some((x, y));
                }
                Op::CurveTo(_, _, _, _, x, y) => {
                    // A curved outline is a shape, not a bar.
                    polygon = None;
                    current = Some((x, y));
                }
                Op::Rectangle(x, y, w, h) => {
                    close_polygon(&mut polygon, &mut push);
                    let (ax, ay, bx, by) = (x, y, x + w, y + h);
                    if w.abs() <= MAX_RULE_THICKNESS || h.abs() <= MAX_RULE_THICKNESS {
                        // A bar: one rule along its long side.
                        if w.abs() <= MAX_RULE_THICKNESS {
                            push((ax + bx) / 2.0, ay, (ax + bx) / 2.0, by);
                        } else {
                            push(ax, (ay + by) / 2.0, bx, (ay + by) / 2.0);
                        }
                    } else if stroked {
                        push(ax, ay, bx, ay);
                        push(ax, by, bx, by);
                        push(ax, ay, ax, by);
                        push(bx, ay, bx, by);
                    }
                    current = Some((x, y));
                    start = Some((x, y));
                }
                Op::ClosePath => {
                    if let (Some((cx, cy)), Some((sx, sy)), true) = (current, start, stroked) {
                        push(cx, cy, sx, sy);
                    }
                    current = start;
                }
            }
        }
        close_polygon(&mut polygon, &mut push);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_bits_sort_like_total_cmp_and_round_trip() {
        let xs = [-3.5f32, -0.25, -0.0, 0.0, 0.08, 0.6, 12.0];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{w:?}");
        }
        for x in xs {
            assert_eq!(from_ordered_bits(ordered_bits(x)).to_bits(), x.to_bits());
        }
    }

    /// Glyphs of one line at 10 pt: each `(char, x0, x1)`.
    fn line(chars: &[(char, f32, f32)]) -> Vec<Glyph> {
        chars
            .iter()
            .map(|&(ch, x0, x1)| Glyph {
                ch,
                bbox: BBox::new(x0, 90.0, x1, 100.0),
                baseline: 100.0,
                font: 0,
                size: 10.0,
                bold: false,
                italic: false,
            })
            .collect()
    }

    /// "am am am" on a line with space glyphs, where every 'm' is reported 3 pt too narrow.
    fn short_m() -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = 0.0;
        for k in 0..3 {
            out.extend(line(&[('a', x, x + 5.0), ('m', x + 5.0, x + 10.0)]));
            x += 13.0;
            out.extend(line(&[('a', x, x + 5.0)]));
            x += 5.0;
            if k < 2 {
                out.extend(line(&[(' ', x, x + 2.5)]));
                x += 2.5;
            }
        }
        out
    }

    #[test]
    fn a_letter_always_followed_by_a_gap_is_widened() {
        let mut g = short_m();
        repair_short_widths(&mut g);
        for m in g.iter().filter(|g| g.ch == 'm') {
            assert!((m.bbox.x1 - m.bbox.x0 - 8.0).abs() < 0.01, "{:?}", m.bbox);
        }
        let lines = glyphs_to_lines(g, &[Arc::from("Cambria")], &THRESHOLDS);
        assert_eq!(lines[0].text(), "ama ama ama");
    }

    #[test]
    fn lines_without_space_glyphs_are_no_evidence() {
        let mut g: Vec<Glyph> = short_m().into_iter().filter(|g| g.ch != ' ').collect();
        let before: Vec<f32> = g.iter().map(|g| g.bbox.x1).collect();
        repair_short_widths(&mut g);
        assert_eq!(before, g.iter().map(|g| g.bbox.x1).collect::<Vec<_>>());
    }
}
