//! PDF input: lopdf checks the file as a whole (header, structure, encryption, page count);
//! pdf_oxide reads each page's glyphs with font name, size and position, which
//! [`layout`](super::layout) turns into words and lines.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::error::{ErrorKind, FileError};
use crate::input::cmap_fix;
use crate::input::layout::{
    font_name_is_bold, font_name_is_italic, glyphs_to_lines, strip_subset, Glyph, THRESHOLDS,
};
use crate::model::{BBox, Document, Page, Rule, TextSource};

/// How far into the file the `%PDF-` header may start (the PDF spec allows leading junk).
const HEADER_SEARCH_BYTES: usize = 1024;

/// How far from the end of the file the `%%EOF` marker is looked for.
const EOF_SEARCH_BYTES: usize = 4096;

/// Reads a PDF's text layer into the document model.
///
/// Returns an error for files that cannot be read at all; page-level problems are recorded in
/// the document's `warnings` and `failed_pages`.
pub fn read_pdf(source: &str, bytes: Vec<u8>) -> Result<Document, FileError> {
    check_bytes(&bytes)?;
    let (expected_pages, bytes) = match check_structure(&bytes)? {
        Some(mut lo) => {
            let n = lo.get_pages().len();
            // Rewrite CMaps pdf_oxide would misread; only such files are re-serialised.
            let mut fixed = Vec::new();
            if cmap_fix::fix_tounicode(&mut lo) && lo.save_to(&mut fixed).is_ok() {
                (Some(n), fixed)
            } else {
                (Some(n), bytes)
            }
        }
        None => (None, bytes),
    };

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
    let count = pdf.page_count().map_err(|e| {
        FileError::new(
            ErrorKind::TruncatedOrCorrupt,
            format!("cannot read the page tree: {e}"),
        )
    })?;
    let mut doc = Document {
        source: source.to_string(),
        pages: Vec::with_capacity(count),
        warnings: Vec::new(),
        failed_pages: Vec::new(),
    };
    if let Some(n) = expected_pages {
        if n != count {
            doc.warnings.push(format!(
                "page tree lists {n} pages but {count} could be opened"
            ));
        }
    }
    for index in 0..count {
        let number = index as u32 + 1;
        match read_page(&pdf, index) {
            Ok(page) => doc.pages.push(page),
            Err(msg) => {
                doc.warnings.push(format!("page {number}: {msg}"));
                doc.failed_pages.push(number);
                doc.pages.push(Page {
                    number,
                    width: 0.0,
                    height: 0.0,
                    text_source: TextSource::None,
                    lines: Vec::new(),
                    rules: Vec::new(),
                });
            }
        }
    }
    Ok(doc)
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

/// Loads the file with lopdf to tell truncated, corrupt and password-protected files apart.
/// Returns the loaded document when lopdf could read it.
fn check_structure(bytes: &[u8]) -> Result<Option<lopdf::Document>, FileError> {
    let tail = &bytes[bytes.len().saturating_sub(EOF_SEARCH_BYTES)..];
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    if !has_eof {
        // Lenient parsers can recover the first pages of a cut-off file, but never all of it:
        // such a file is reported as an error, not as a complete document.
        return Err(FileError::new(
            ErrorKind::TruncatedOrCorrupt,
            "truncated PDF: the file ends without the %%EOF marker (cut off while copying or downloading?)",
        ));
    }
    let loaded = catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem(bytes)));
    match loaded {
        Ok(Ok(doc)) => {
            if doc.is_encrypted() && doc.get_pages().is_empty() {
                return Err(FileError::new(
                    ErrorKind::Encrypted,
                    "encrypted: a user password is required to open this PDF",
                ));
            }
            Ok(Some(doc))
        }
        Ok(Err(e)) => {
            if is_encryption_error(&e) {
                return Err(FileError::new(
                    ErrorKind::Encrypted,
                    format!("encrypted: a user password is required to open this PDF ({e})"),
                ));
            }
            // Structure damaged but complete: let pdf_oxide try to repair it.
            Ok(None)
        }
        Err(_) => Ok(None),
    }
}

fn is_encryption_error(e: &lopdf::Error) -> bool {
    let s = e.to_string().to_ascii_lowercase();
    s.contains("decrypt") || s.contains("password") || s.contains("encrypt")
}

/// Reads one page's glyphs and lays them out; a parser panic becomes a page error.
fn read_page(pdf: &pdf_oxide::document::PdfDocument, index: usize) -> Result<Page, String> {
    let (x0, y0, x1, y1) = pdf
        .get_page_media_box(index)
        .unwrap_or((0.0, 0.0, 595.0, 842.0));
    let (width, height) = ((x1 - x0).abs(), (y1 - y0).abs());
    let top_y = y0.max(y1);
    let chars = catch_unwind(AssertUnwindSafe(|| pdf.extract_chars(index)))
        .map_err(|_| "the PDF parser crashed on this page".to_string())?
        .map_err(|e| format!("cannot read the text layer: {e}"))?;
    // The page is read in the frame where most of its text is upright: a landscape page
    // (`/Rotate 90`) or a table printed sideways reads like any other page.
    let frame = Frame::of(&chars, (x0, y0, width, height));
    // Fonts seen on the page, with the bold/italic their names say (worked out once per font).
    let mut fonts: Vec<(Arc<str>, bool, bool)> = Vec::new();
    let mut glyphs = Vec::with_capacity(chars.len());
    for c in chars {
        if !frame.upright(c.rotation_degrees) {
            continue;
        }
        let name = strip_subset(&c.font_name);
        let (font, bold, italic) = match fonts.iter().find(|f| &*f.0 == name) {
            Some(f) => f.clone(),
            None => {
                let f: (Arc<str>, bool, bool) = (
                    Arc::from(name),
                    font_name_is_bold(name),
                    font_name_is_italic(name),
                );
                fonts.push(f.clone());
                f
            }
        };
        let (bbox, baseline) = if frame.quarter_turns == 0 {
            // pdf_oxide boxes are in PDF space (origin bottom-left); the model's is top-left.
            let top = top_y - (c.bbox.y + c.bbox.height);
            let bottom = top_y - c.bbox.y;
            (
                BBox::new(c.bbox.x - x0, top, c.bbox.x + c.bbox.width - x0, bottom),
                top_y - c.origin_y,
            )
        } else {
            // Turned text: the box from the origin, the advance and the size.
            let (ox, base) = frame.map(c.origin_x, c.origin_y);
            (
                BBox::new(
                    ox,
                    base - 0.8 * c.font_size,
                    ox + c.advance_width.abs(),
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
        lines: glyphs_to_lines(glyphs, &THRESHOLDS),
        rules,
    })
}

/// Turned glyphs whose advance the parser left at zero: each reaches to the next glyph on its
/// baseline when that one is close (the next letter of the word), else half its size.
fn estimate_missing_widths(glyphs: &mut [Glyph]) {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a], &glyphs[b]);
        ((ga.baseline * 2.0).round() as i64)
            .cmp(&((gb.baseline * 2.0).round() as i64))
            .then(ga.bbox.x0.total_cmp(&gb.bbox.x0))
    });
    for k in 0..order.len() {
        let i = order[k];
        if glyphs[i].bbox.width() > 0.0 {
            continue;
        }
        let size = glyphs[i].size.max(1.0);
        let next = order.get(k + 1).map(|&j| &glyphs[j]).filter(|n| {
            (n.baseline - glyphs[i].baseline).abs() < 0.5
                && n.bbox.x0 > glyphs[i].bbox.x0
                && n.bbox.x0 - glyphs[i].bbox.x0 < 0.7 * size
        });
        let x1 = match next {
            Some(n) => n.bbox.x0,
            None => glyphs[i].bbox.x0 + 0.5 * size,
        };
        glyphs[i].bbox.x1 = x1;
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
        let mut current: Option<(f32, f32)> = None;
        let mut start: Option<(f32, f32)> = None;
        for op in &p.operations {
            match *op {
                Op::MoveTo(x, y) => {
                    current = Some((x, y));
                    start = Some((x, y));
                }
                Op::LineTo(x, y) => {
                    if let (Some((cx, cy)), true) = (current, stroked) {
                        push(cx, cy, x, y);
                    }
                    current = Some((x, y));
                }
                Op::CurveTo(_, _, _, _, x, y) => current = Some((x, y)),
                Op::Rectangle(x, y, w, h) => {
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
    }
    out
}
