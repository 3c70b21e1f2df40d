//! The page image Tesseract reads: the one embedded image drawn over the whole page, taken out
//! of the PDF as it is, or else the page rendered with `pdftoppm`; where its pixels lie on the
//! page ([`Placement`]); and how much of a page images cover (for the OCR decision).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::engine::run;
use super::error::OcrError;
use super::Thresholds;

/// Points per inch: a page rendered at `dpi` has `dpi / POINTS_PER_INCH` pixels a point.
pub(super) const POINTS_PER_INCH: f32 = 72.0;

/// A transformation matrix this close to having no turn or shear (its `b` and `c`) is upright.
const UPRIGHT_EPSILON: f32 = 1e-3;

/// Where a page image lies on the page: model points (origin top-left) of a pixel are
/// `x0 + px * sx`, `top + py * sy`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub x0: f32,
    pub top: f32,
    pub sx: f32,
    pub sy: f32,
}

/// A page image written to a temporary file for Tesseract.
pub struct PageImage {
    /// The file (removed when dropped).
    pub file: tempfile::TempPath,
    /// How its pixels map to the page.
    pub placement: Placement,
    /// Whether it was taken out of the PDF as it is (else rendered).
    pub embedded: bool,
}

/// An image XObject drawn on a page, and where.
struct Drawn {
    id: lopdf::ObjectId,
    /// The image's unit square mapped to PDF space: `[a b c d e f]`.
    ctm: [f32; 6],
}

fn mul(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    // m then n (row vectors): [x y 1] · m · n
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// The images drawn directly by a page's content stream (not inside forms), with their
/// placement.
fn drawn_images(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<Drawn> {
    let Ok(content) = doc.get_and_decode_page_content(page) else {
        return Vec::new();
    };
    // XObject names → image object ids, from the page's own and inherited resources.
    let mut names: Vec<(Vec<u8>, lopdf::ObjectId)> = Vec::new();
    if let Ok((own, inherited)) = doc.get_page_resources(page) {
        let mut dicts: Vec<&lopdf::Dictionary> = own.into_iter().collect();
        dicts.extend(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        );
        for res in dicts {
            let xobjects = match res.get(b"XObject") {
                Ok(lopdf::Object::Reference(id)) => doc.get_dictionary(*id).ok(),
                Ok(lopdf::Object::Dictionary(d)) => Some(d),
                _ => None,
            };
            for (name, v) in xobjects.into_iter().flat_map(|d| d.iter()) {
                if let Ok(id) = v.as_reference() {
                    let is_image = doc
                        .get_object(id)
                        .and_then(|o| o.as_stream())
                        .ok()
                        .and_then(|s| s.dict.get(b"Subtype").ok())
                        .and_then(|s| s.as_name().ok())
                        == Some(b"Image".as_slice());
                    if is_image && !names.iter().any(|(n, _)| n == name) {
                        names.push((name.clone(), id));
                    }
                }
            }
        }
    }
    let num = |o: &lopdf::Object| o.as_float().ok();
    let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" if op.operands.len() == 6 => {
                let v: Vec<f32> = op.operands.iter().filter_map(num).collect();
                if v.len() == 6 {
                    ctm = mul([v[0], v[1], v[2], v[3], v[4], v[5]], ctm);
                }
            }
            "Do" => {
                if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                    if let Some((_, id)) = names.iter().find(|(n, _)| n.as_slice() == name) {
                        out.push(Drawn { id: *id, ctm });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Share of the page area covered by images drawn on it (their boxes, overlaps counted once
/// only roughly: the sum, capped at 1).
pub fn image_coverage(doc: &lopdf::Document, page: lopdf::ObjectId, area: f32) -> f32 {
    let covered: f32 = drawn_images(doc, page)
        .iter()
        .map(|d| {
            let m = d.ctm;
            // Area of the parallelogram spanned by the image's unit square.
            (m[0] * m[3] - m[1] * m[2]).abs()
        })
        .sum();
    (covered / area.max(1.0)).min(1.0)
}

/// The page's image for OCR: the one embedded image drawn over the whole page, taken out as it
/// is (JPEG bytes, or 8-bit grey/RGB Flate pixels as PNM), else the page rendered with
/// `pdftoppm` at `render_dpi`.
pub fn page_image(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    number: u32,
    media: (f32, f32, f32, f32),
    pdf_path: &dyn Fn() -> Result<PathBuf, OcrError>,
    t: &Thresholds,
) -> Result<PageImage, OcrError> {
    let (mx0, my0, width, height) = media;
    let drawn = drawn_images(doc, page);
    if let [d] = drawn.as_slice() {
        let m = d.ctm;
        let upright = m[1].abs() < UPRIGHT_EPSILON
            && m[2].abs() < UPRIGHT_EPSILON
            && m[0] > 0.0
            && m[3] > 0.0;
        if upright && m[0] * m[3] >= t.full_page_image * width * height {
            if let Some(img) = embedded_image(doc, d, (mx0, my0, height)) {
                return Ok(img);
            }
        }
    }
    render_page(&pdf_path()?, number, t)
}

/// Writes the drawn image's bytes as a file Tesseract reads, when its encoding allows.
fn embedded_image(doc: &lopdf::Document, d: &Drawn, page: (f32, f32, f32)) -> Option<PageImage> {
    let (mx0, my0, height) = page;
    let stream = doc.get_object(d.id).ok()?.as_stream().ok()?;
    let dict = &stream.dict;
    let w = dict.get(b"Width").ok()?.as_i64().ok()? as f32;
    let h = dict.get(b"Height").ok()?.as_i64().ok()? as f32;
    let filters: Vec<Vec<u8>> = match dict.get(b"Filter") {
        Ok(lopdf::Object::Name(n)) => vec![n.clone()],
        Ok(lopdf::Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    };
    let (bytes, suffix) = match filters.as_slice() {
        [f] if f == b"DCTDecode" => (stream.content.clone(), ".jpg"),
        [f] if f == b"FlateDecode" => {
            let bpc = dict.get(b"BitsPerComponent").ok()?.as_i64().ok()?;
            let channels = match dict.get(b"ColorSpace").ok()?.as_name().ok()? {
                b"DeviceGray" => 1,
                b"DeviceRGB" => 3,
                _ => return None,
            };
            if bpc != 8 || dict.has(b"DecodeParms") {
                return None;
            }
            let raw = stream.decompressed_content().ok()?;
            if raw.len() != (w * h) as usize * channels {
                return None;
            }
            let magic = if channels == 1 { "P5" } else { "P6" };
            let mut pnm = format!("{magic}\n{} {}\n255\n", w as u32, h as u32).into_bytes();
            pnm.extend_from_slice(&raw);
            (pnm, ".pnm")
        }
        _ => return None,
    };
    let mut file = tempfile::Builder::new()
        .prefix("kl-extract-page-")
        .suffix(suffix)
        .tempfile()
        .ok()?;
    std::io::Write::write_all(&mut file, &bytes).ok()?;
    let m = d.ctm;
    let top_y = my0 + height;
    Some(PageImage {
        file: file.into_temp_path(),
        placement: Placement {
            x0: m[4] - mx0,
            // The image's top row is at PDF y = f + d.
            top: top_y - (m[5] + m[3]),
            sx: m[0] / w,
            sy: m[3] / h,
        },
        embedded: true,
    })
}

/// The page rendered, for files whose structure lopdf could not read.
pub fn page_image_rendered(pdf: &Path, number: u32, t: &Thresholds) -> Result<PageImage, OcrError> {
    render_page(pdf, number, t)
}

/// Renders one page with `pdftoppm` (poppler-utils) as a grey image.
fn render_page(pdf: &Path, number: u32, t: &Thresholds) -> Result<PageImage, OcrError> {
    let dir = tempfile::Builder::new()
        .prefix("kl-extract-render-")
        .tempdir()
        .map_err(|e| OcrError::temp("make a temporary directory", e))?;
    let stem = dir.path().join("page");
    let n = number.to_string();
    run(
        Command::new("pdftoppm")
            .args(["-r", &t.render_dpi.to_string(), "-gray", "-singlefile"])
            .args(["-f", &n, "-l", &n])
            .arg(pdf)
            .arg(&stem),
        Duration::from_secs(t.page_timeout_secs),
    )
    .map_err(|e| {
        if e.program_missing() {
            OcrError::RendererNotInstalled
        } else {
            OcrError::Render(e)
        }
    })?;
    let rendered = dir.path().join("page.pgm");
    let file = tempfile::Builder::new()
        .prefix("kl-extract-page-")
        .suffix(".pgm")
        .tempfile()
        .map_err(|e| OcrError::temp("make a temporary file", e))?
        .into_temp_path();
    std::fs::copy(&rendered, &file).map_err(|e| OcrError::NoImage(std::sync::Arc::new(e)))?;
    let scale = POINTS_PER_INCH / t.render_dpi as f32;
    Ok(PageImage {
        file,
        placement: Placement {
            x0: 0.0,
            top: 0.0,
            sx: scale,
            sy: scale,
        },
        embedded: false,
    })
}
