//! The pages of a PDF that go to OCR and how their results come back: the OCR decision
//! ([`ocr::pages_needing_ocr`]) asked with the pages' image coverage, Tesseract run on the
//! pages in parallel, and each page's lines, rules and OCR record put in place of its text
//! layer — or, when OCR fails or cannot run, the page named in a warning (and failed when it has
//! no text of its own).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::error::ErrorKind;
use crate::input::ocr::{self, OcrError, OcrMode};
use crate::input::{scan_rules, Thresholds};
use crate::model::{Document, Line, PageOcr, TextSource};

use super::plan::media_box;

/// OCRs the pages that need it (all with `--ocr always`; with `auto`, those whose text layer is
/// unusable), in parallel, replacing their lines. Without Tesseract, pages that need OCR are
/// left as they are with a warning naming the package; those without any text fail. Returns how
/// many pages went through Tesseract (each counted as read, `input::progress`, as it finished).
pub(super) fn ocr_pages(
    doc: &mut Document,
    pdf: &pdf_oxide::document::PdfDocument,
    structure: Option<&lopdf::Document>,
    bytes: Vec<u8>,
    mode: OcrMode,
    t: &Thresholds,
) -> usize {
    let page_ids: Vec<lopdf::ObjectId> = structure
        .map(|lo| lo.get_pages().into_values().collect())
        .unwrap_or_default();
    let image_share = |k: usize, page: &crate::model::Page| match (structure, page_ids.get(k)) {
        (Some(lo), Some(&id)) => ocr::image_coverage(lo, id, page.width * page.height),
        // Without the page's resources: a page without text may be a scan.
        _ => 1.0,
    };
    let wanted = ocr::pages_needing_ocr(doc, mode, &image_share, &t.ocr);
    if wanted.is_empty() {
        return 0;
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
            return 0;
        }
    };
    // The PDF as a file for pdftoppm, written once and only if a page must be rendered.
    let copy: OnceLock<Result<tempfile::TempPath, OcrError>> = OnceLock::new();
    let pdf_path = || -> Result<std::path::PathBuf, OcrError> {
        copy.get_or_init(|| {
            let mut f = tempfile::Builder::new()
                .prefix("kl-extract-")
                .suffix(".pdf")
                .tempfile()
                .map_err(|e| OcrError::temp("make a temporary file", e))?;
            std::io::Write::write_all(&mut f, &bytes)
                .map_err(|e| OcrError::temp("write a temporary file", e))?;
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
                    t,
                )
            }))
            .unwrap_or(Err(OcrError::Crashed));
            crate::input::progress::pages_read(1);
            (k, reason, result)
        })
        .collect();
    let read = results.len();
    for (k, reason, result) in results {
        let page = &mut doc.pages[k];
        match result {
            Ok((lines, drawn, record)) => {
                page.lines = lines;
                page.rules = drawn.rules;
                page.fills = drawn.fills;
                page.text_source = TextSource::Ocr;
                page.ocr = Some(record);
            }
            Err(e) => {
                let number = page.number;
                if page.lines.is_empty() {
                    page.text_source = TextSource::None;
                    doc.fail_page(number, e.kind());
                }
                doc.warnings
                    .push(format!("page {number}: OCR ({reason}) failed: {e}"));
            }
        }
    }
    read
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
type OcrResult = Result<(Vec<Line>, scan_rules::Drawn, PageOcr), OcrError>;

/// One page through OCR: its image, Tesseract's words, model lines.
#[allow(clippy::too_many_arguments)]
fn ocr_page(
    structure: Option<&lopdf::Document>,
    page_id: Option<lopdf::ObjectId>,
    number: u32,
    media: (f32, f32, f32, f32),
    pdf_path: &dyn Fn() -> Result<std::path::PathBuf, OcrError>,
    engine: &ocr::Tesseract,
    reason: &str,
    thresholds: &Thresholds,
) -> OcrResult {
    let t = &thresholds.ocr;
    let image = match (structure, page_id) {
        (Some(lo), Some(id)) => ocr::page_image(lo, id, number, media, pdf_path, t)?,
        _ => ocr::page_image_rendered(&pdf_path()?, number, t)?,
    };
    // The image made ready for Tesseract (upscaled, deskewed, binarised), or as it is.
    let prepared = ocr::prepare(&image.file, image.placement, t)?;
    let (file, placement, size, dpi, deskew) = match &prepared {
        Some(p) => (
            &*p.file,
            p.placement,
            p.size(),
            Some(p.dpi),
            p.deskew_degrees,
        ),
        None => (
            &*image.file,
            image.placement,
            (media.2 / image.placement.sx, media.3 / image.placement.sy),
            None,
            0.0,
        ),
    };
    let mut words = engine.recognize(file, dpi, t)?;
    if let Some(p) = &prepared {
        let bands = ocr::reread::stacked_bands(&words, t);
        if !bands.is_empty() {
            words = ocr::reread::reread(engine, &p.image, p.dpi, words, &bands, t)?;
        }
    }
    // What skew is left in the words is taken out of their positions.
    let (lines, residual) = ocr::words_to_lines(&words, placement, size, t);
    let skew = deskew + residual;
    // The table borders and shading drawn in the scan, turned like the words.
    let angle = ocr::correction_angle(residual, t);
    let drawn = match &prepared {
        Some(p) => scan_rules::find_in(&p.gray, angle, placement, &thresholds.scan_rules),
        None => {
            scan_rules::find(file, angle, placement, &thresholds.scan_rules).unwrap_or_default()
        }
    };
    let lines = scan_rules::drop_rule_glyphs(lines, &drawn.rules, &thresholds.scan_rules);
    let confidence = if words.is_empty() {
        0.0
    } else {
        words.iter().map(|w| w.conf).sum::<f32>() / words.len() as f32
    };
    Ok((
        lines,
        drawn,
        PageOcr {
            reason: reason.to_string(),
            confidence,
            skew,
            embedded_image: image.embedded,
        },
    ))
}
