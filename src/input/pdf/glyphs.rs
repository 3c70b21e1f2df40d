//! One page's text layer: pdf_oxide's glyphs (font, size, position) read in the page's frame,
//! their widths put right ([`widths`](super::widths)), and grouped into the model's lines by
//! [`layout`](crate::input::layout); the page's ruling lines with them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::error::ErrorKind;
use crate::input::layout::{
    font_name_is_bold, font_name_is_italic, glyphs_to_lines, strip_subset, Glyph,
};
use crate::input::{Thresholds, A4};
use crate::model::{BBox, Page, TextSource};

use super::frame::Frame;
use super::rules::{filled_areas, ruling_lines};
use super::widths::{estimate_missing_widths, repair_short_widths, FontWidths};

/// Reads one page's glyphs and lays them out; a parser panic becomes a page error. A page
/// without a media box is taken to be A4.
pub(super) fn read_page(
    pdf: &pdf_oxide::document::PdfDocument,
    index: usize,
    media: Option<(f32, f32, f32, f32)>,
    widths: &FontWidths,
    t: &Thresholds,
) -> Result<Page, (ErrorKind, String)> {
    let (x0, y0, x1, y1) = media.unwrap_or((0.0, 0.0, A4.0, A4.1));
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
    let frame = Frame::of(
        &chars,
        (x0, y0, width, height),
        t.layout.max_rotation_degrees,
        t.pdf.turned_text_majority,
    );
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
                    base - t.pdf.turned_glyph_ascent_em * c.font_size,
                    ox + advance,
                    base + t.pdf.turned_glyph_descent_em * c.font_size,
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
        estimate_missing_widths(&mut glyphs, &t.pdf);
    }
    repair_short_widths(&mut glyphs, &t.pdf);
    let (width, height) = frame.size();
    // Ruling lines are a help for tables, not a condition for reading the page: a parser
    // failure on the vector graphics leaves the page without them.
    let (rules, fills) = catch_unwind(AssertUnwindSafe(|| pdf.extract_paths(index)))
        .ok()
        .and_then(Result::ok)
        .map(|paths| {
            (
                ruling_lines(&paths, &frame, &t.pdf),
                filled_areas(&paths, &frame, &t.pdf),
            )
        })
        .unwrap_or_default();
    Ok(Page {
        number: index as u32 + 1,
        width,
        height,
        text_source: TextSource::Text,
        lines: glyphs_to_lines(glyphs, &fonts, &t.layout),
        rules,
        fills,
        ocr: None,
    })
}
