//! PDF input: lopdf checks the file as a whole (header, structure, encryption, page count);
//! pdf_oxide reads each page's glyphs with font name, size and position, which
//! [`layout`](super::layout) turns into words and lines. [`read_pdf`] runs the steps:
//!
//! - [`open`]: opening the file, decryption, damaged and cut-off files.
//! - [`plan`]: which page of the file is which page of the glyph reader, and its damage.
//! - [`glyphs`]: one page's glyphs → lines, in its [`frame`] (turned text), with
//!   [`widths`] put right and [`rules`] (vector ruling lines).
//! - [`ocr_pages`]: which pages go to OCR and how their results come back.

mod frame;
mod glyphs;
mod ocr_pages;
mod open;
mod plan;
mod rules;
mod widths;

pub use ocr_pages::{page_list, KEEP_IMAGES_VAR};

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{ErrorKind, FileError};
use crate::input::damage::{self, PageDamage};
use crate::input::decode_log;
use crate::input::ocr::OcrMode;
use crate::input::ReadOptions;
use crate::model::{Document, Page, TextSource};

use glyphs::read_page;
use open::Opened;
use plan::{media_box, PagePlan};

/// The thresholds of reading a PDF's text layer (beyond [`layout`](super::layout)'s), in one
/// place. Distances are fractions of the font size unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// The box of a turned glyph (whose box the parser does not give) reaches this far above
    /// its baseline…
    ///
    /// (An em box, for the glyph reader's geometry; not the ink heights read from a scan,
    /// `ocr::Thresholds::ink_ascender_em`, which are smaller. The two are kept apart: making
    /// them one value would change the output.)
    pub turned_glyph_ascent_em: f32,
    /// …and this far below it.
    pub turned_glyph_descent_em: f32,
    /// A page's text is read turned when more than this many times as many glyphs are turned
    /// one way as are upright.
    pub turned_text_majority: usize,
    /// Glyphs whose baselines differ by this many points or more are on different lines, for
    /// the width repairs.
    pub baseline_run_tolerance_pt: f32,
    /// A line has space glyphs between its words when it holds at least this many.
    pub spaced_line_min_spaces: usize,
    /// A turned glyph without an advance reaches to the next glyph when that starts within
    /// this many ems, on a line with space glyphs…
    pub missing_width_reach_spaced_em: f32,
    /// …or within this many on a line without them…
    pub missing_width_reach_unspaced_em: f32,
    /// …else it is this wide.
    pub missing_width_default_em: f32,
    /// A letter is followed by a gap in at least this share of its in-word occurrences before
    /// its width counts as wrong…
    pub short_width_quantile: f32,
    /// …a gap of at least this share of the font size…
    pub short_width_min_gap: f32,
    /// …seen at least this many times on the page. Gaps wider than `short_width_max_gap` are
    /// a column or a tab, not evidence either way.
    pub short_width_min_samples: usize,
    /// See `short_width_min_samples`.
    pub short_width_max_gap: f32,
    /// A drawn shape thinner than this (points) is a ruling line, not an area.
    pub max_rule_thickness_pt: f32,
    /// A segment shorter than this (points) is not a ruling line (a tick, a bullet).
    pub min_rule_length_pt: f32,
    /// A filled area whose colour has every channel at least this light (0–1) is white paper,
    /// not shading.
    pub white_fill_level: f32,
    /// A filled area covering at least this share of the page is a page background, not a
    /// table's shading.
    pub max_fill_page_share: f32,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    turned_glyph_ascent_em: 0.8,
    turned_glyph_descent_em: 0.2,
    turned_text_majority: 2,
    baseline_run_tolerance_pt: 0.5,
    spaced_line_min_spaces: 2,
    missing_width_reach_spaced_em: 1.2,
    missing_width_reach_unspaced_em: 0.7,
    missing_width_default_em: 0.5,
    short_width_quantile: 0.25,
    short_width_min_gap: 0.08,
    short_width_min_samples: 3,
    short_width_max_gap: 0.6,
    max_rule_thickness_pt: 2.0,
    min_rule_length_pt: 3.0,
    white_fill_level: 0.95,
    max_fill_page_share: 0.5,
};

impl Default for Thresholds {
    fn default() -> Thresholds {
        THRESHOLDS
    }
}

/// Reads a PDF's text layer into the document model, with the default thresholds.
///
/// Returns an error for files that cannot be read at all; page-level problems are recorded in
/// the document's `warnings` and `failed_pages`.
pub fn read_pdf(source: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Result<Document, FileError> {
    read_pdf_with(source, bytes, opts, &crate::input::THRESHOLDS)
}

/// [`read_pdf`] with the input stage's thresholds `t`.
pub fn read_pdf_with(
    source: &str,
    bytes: Vec<u8>,
    opts: &ReadOptions,
    t: &crate::input::Thresholds,
) -> Result<Document, FileError> {
    let Opened {
        mut pdf,
        count,
        structure,
        expected_pages,
        cut_off,
        xref_rebuilt,
        widths,
        for_render,
    } = open::open(bytes, &opts.passwords, opts.ocr != OcrMode::Never)?;
    crate::input::progress::opened(count);
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
    // Each file page is paired with pdf_oxide's index of the same page, and checked for
    // objects missing and content streams that do not decode.
    let plan = plan::plan(
        &mut pdf,
        count,
        structure.as_ref(),
        &opts.passwords,
        &mut doc.warnings,
    );
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
        // A content stream the reader would refuse as a decompression bomb fails the page
        // before the reader inflates it (whether that exhausted `--max-memory` first would
        // depend on what the process's other threads held at that moment).
        let bomb = structure
            .as_ref()
            .zip(page_id)
            .and_then(|(lo, id)| damage::Checker::new(lo).bomb(id));
        let read = match (reader_index, bomb) {
            (_, Some(bomb)) => Err((ErrorKind::TooLarge, format!("cannot read the page: {bomb}"))),
            (Some(i), None) => {
                let media = lo_media.or_else(|| media_box(&pdf, i));
                let (read, caught) = decode_log::catching(|| read_page(&pdf, i, media, &widths, t));
                // A stream the reader could only partly decode (a corrupt Flate stream),
                // confirmed by decoding the page's content streams once more (only then). In an
                // encrypted file the reader tries streams before it decrypts them: no evidence.
                if !caught.is_empty() && !encrypted && hurt.is_none() {
                    if let Some((lo, id)) = structure.as_ref().zip(page_id) {
                        hurt = damage::Checker::new(lo).streams(id);
                    }
                }
                read
            }
            (None, None) => Err((
                ErrorKind::TruncatedOrCorrupt,
                match &hurt {
                    Some(why) => format!("cannot read the page: {why}"),
                    None => "cannot read the page: its page dictionary is damaged".to_string(),
                },
            )),
        };
        // A page that shows text but gave none: its fonts or resources point at the wrong
        // objects (a damaged reference).
        if let Ok(page) = &read {
            if page.lines.is_empty() && hurt.is_none() && !encrypted {
                if let Some((lo, id)) = structure.as_ref().zip(page_id) {
                    if damage::Checker::new(lo).shows_text(id) {
                        hurt = Some(PageDamage::TextUnreadable);
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
                    || matches!(hurt, Some(PageDamage::StreamUndecodable { .. }));
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
                    fills: Vec::new(),
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
    // Pages count as read when their text is final: OCR'd pages as Tesseract finishes each.
    let ocr_read = match for_render {
        Some(bytes) => ocr_pages::ocr_pages(&mut doc, &pdf, structure.as_ref(), bytes, opts.ocr, t),
        None => 0,
    };
    crate::input::progress::pages_read(doc.pages.len().saturating_sub(ocr_read));
    Ok(doc)
}
