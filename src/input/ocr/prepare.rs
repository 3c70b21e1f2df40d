//! The page image made ready for Tesseract: decoded, its resolution read from where it lies on
//! the page, upscaled when it is coarse (Tesseract reads x-heights of 20–30 pixels best; a
//! 150 dpi scan of 11 pt text has 12), its skew measured in the image and taken out, binarised
//! adaptively (Sauvola) with the specks taken out, and written as PGM — with the placement of the prepared pixels on the
//! page, so that word boxes still map to page points. Each step is switched by a threshold
//! (`Thresholds::upscale_below_dpi`, `deskew_image`, `binarise_window_in`).

use super::deskew::{self, Search};
use super::error::OcrError;
use super::images::{Placement, POINTS_PER_INCH};
use super::raster::{despeckle, resample, sauvola, whiten, Gray};
use super::Thresholds;

/// A page image prepared for Tesseract.
pub struct Prepared {
    /// The PGM file Tesseract reads (removed when dropped).
    pub file: tempfile::TempPath,
    /// The prepared image before binarisation (upscaled and turned), for finding ruling lines
    /// (an upscaled grey rule is found whole where the coarse scan's is broken by noise).
    pub gray: Gray,
    /// The image Tesseract reads (the file's pixels: binarised, or `gray` with the specks
    /// taken out).
    pub image: Gray,
    /// Where its pixels lie on the page (the skew taken out: model points of the upright page).
    pub placement: Placement,
    /// Its resolution, dots per inch.
    pub dpi: f32,
    /// The skew measured in the image and taken out of it, degrees (0 when none was).
    pub deskew_degrees: f32,
}

impl Prepared {
    /// The prepared image's size in pixels.
    pub fn size(&self) -> (f32, f32) {
        (self.image.width as f32, self.image.height as f32)
    }

    /// The prepared page set aside while it waits for Tesseract: its grey image written to a
    /// temporary file of its own and both images let go, so the pages of a run wait on disk,
    /// not in memory.
    pub fn park(self) -> Result<Parked, OcrError> {
        let size = self.size();
        let mut gray = tempfile::Builder::new()
            .prefix("kl-extract-gray-")
            .suffix(".pgm")
            .tempfile()
            .map_err(|e| OcrError::temp("make a temporary file", e))?;
        std::io::Write::write_all(&mut gray, &self.gray.pgm())
            .map_err(|e| OcrError::temp("write a temporary file", e))?;
        Ok(Parked {
            file: self.file,
            gray: gray.into_temp_path(),
            placement: self.placement,
            dpi: self.dpi,
            deskew_degrees: self.deskew_degrees,
            size,
        })
    }
}

/// A [`Prepared`] page waiting for Tesseract, its images on disk.
pub struct Parked {
    /// The PGM file Tesseract reads (removed when dropped).
    pub file: tempfile::TempPath,
    /// The prepared image before binarisation ([`Prepared::gray`]), as PGM.
    gray: tempfile::TempPath,
    /// See [`Prepared::placement`].
    pub placement: Placement,
    /// See [`Prepared::dpi`].
    pub dpi: f32,
    /// See [`Prepared::deskew_degrees`].
    pub deskew_degrees: f32,
    /// The size in pixels of the image Tesseract reads.
    pub size: (f32, f32),
}

impl Parked {
    /// [`Prepared::gray`] read back.
    pub fn gray(&self) -> Result<Gray, OcrError> {
        read_back(&self.gray)
    }

    /// [`Prepared::image`] read back.
    pub fn image(&self) -> Result<Gray, OcrError> {
        read_back(&self.file)
    }
}

/// A PGM this module wrote, read back.
fn read_back(path: &std::path::Path) -> Result<Gray, OcrError> {
    Gray::open(path).map_err(|e| {
        OcrError::temp(
            "read a temporary file",
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })
}

/// Whether any preparing step is switched on.
pub fn enabled(t: &Thresholds) -> bool {
    t.upscale_below_dpi > 0.0 || t.deskew_image || t.binarise_window_in > 0.0
}

/// The resolution of an image placed on the page by `placement` (its coarser direction).
pub fn resolution(placement: Placement) -> f32 {
    POINTS_PER_INCH / placement.sx.abs().max(placement.sy.abs()).max(1e-6)
}

/// Prepares the page image at `path` (placed by `placement`) for Tesseract. `None` when no step
/// is switched on or the image cannot be decoded here: Tesseract then reads the file as it is.
pub fn prepare(
    path: &std::path::Path,
    placement: Placement,
    t: &Thresholds,
) -> Result<Option<Prepared>, OcrError> {
    if !enabled(t) {
        return Ok(None);
    }
    let Ok(source) = Gray::open(path) else {
        return Ok(None);
    };
    let dpi = resolution(placement);
    let mut scale = if t.upscale_below_dpi > 0.0 && dpi < t.upscale_below_dpi {
        t.upscale_to_dpi / dpi
    } else {
        1.0
    };
    // No page grows past the pixel budget (a poster at 300 dpi would).
    let pixels = (source.width * source.height) as f32 * scale * scale;
    let budget = t.prepared_max_megapixels * 1e6;
    if pixels > budget {
        scale = (scale * (budget / pixels).sqrt()).max(1.0);
    }
    let skew = if t.deskew_image {
        let factor = (dpi / t.deskew_search_dpi).round().max(1.0) as usize;
        deskew::estimate(
            &source,
            factor,
            &Search {
                max_degrees: t.max_skew,
                coarse_step: t.deskew_coarse_step,
                fine_step: t.deskew_fine_step,
                min_ink: t.deskew_min_ink_px,
            },
        )
        .filter(|s| s.abs() >= t.min_skew && s.abs() < t.max_skew)
        .unwrap_or(0.0)
    } else {
        0.0
    };
    let gray = resample(&source, scale, -skew.to_radians());
    let (fx, fy) = (
        gray.width as f32 / source.width as f32,
        gray.height as f32 / source.height as f32,
    );
    let out_dpi = dpi * fx;
    let image = if t.binarise_window_in > 0.0 {
        let window = ((t.binarise_window_in * out_dpi).round() as usize) | 1;
        let mut binary = sauvola(&gray, window, t.binarise_k, t.binarise_range);
        let specks = if t.speck_max_pt > 0.0 {
            let px = |pt: f32| (pt * out_dpi / POINTS_PER_INCH).round() as usize;
            despeckle(
                &mut binary,
                px(t.speck_dust_pt),
                px(t.speck_max_pt),
                px(t.speck_reach_pt),
            )
        } else {
            Vec::new()
        };
        if out_dpi >= t.binary_min_dpi {
            binary
        } else {
            // The grey image keeps what binarising loses (the point of `1.050`), less the
            // specks (a pixel more around each: the grey blurs them).
            let mut clean = gray.clone();
            whiten(&mut clean, &specks, 1);
            clean
        }
    } else {
        gray.clone()
    };
    let mut file = tempfile::Builder::new()
        .prefix("kl-extract-prepared-")
        .suffix(".pgm")
        .tempfile()
        .map_err(|e| OcrError::temp("make a temporary file", e))?;
    std::io::Write::write_all(&mut file, &image.pgm())
        .map_err(|e| OcrError::temp("write a temporary file", e))?;
    Ok(Some(Prepared {
        file: file.into_temp_path(),
        placement: Placement {
            x0: placement.x0,
            top: placement.top,
            sx: placement.sx / fx,
            sy: placement.sy / fy,
        },
        dpi: out_dpi,
        deskew_degrees: skew,
        gray,
        image,
    }))
}
