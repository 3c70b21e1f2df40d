//! Optical character recognition of scanned pages: which pages need it, their page images, the
//! Tesseract program's words, and those words as lines of the document model (positions in
//! points, small skew taken out), so repair and structure read OCR'd pages like any other.
//!
//! Tesseract runs as a program (`tesseract LIST stdout -l dan --psm 3 tsv`), one process for
//! up to `pages_per_run` pages of a file (the next pages prepared while it reads), with
//! `OMP_THREAD_LIMIT=1` set in its environment, found at run time: without it, or
//! without its Danish model, pages that need OCR are reported with the Debian package to install
//! and the text-layer pages are still read.
//!
//! - [`decision`]: when a page is OCR'd (its text layer missing, too thin, or not words).
//! - [`images`]: the page image Tesseract reads (taken out of the PDF, or rendered).
//! - [`prepare`]: the page image made ready for Tesseract (upscaled, deskewed, binarised),
//!   with [`raster`] (grey images and the pixel work on them) and [`deskew`] (the skew measured
//!   in the image).
//! - [`reread`]: bands of a page read again as full-width lines (a column of lone page numbers
//!   Tesseract took for vertical text).
//! - [`engine`]: running Tesseract (and other programs) and reading its words.
//! - [`lines`]: Tesseract's words as model lines (skew, font size, bullets, dashes).
//! - [`lanes`]: cores another worker of the batch lends to a file's OCR when its own files are
//!   done.
//! - [`error`]: what goes wrong OCR'ing a page, and the error kind it is reported as.

pub mod decision;
pub mod deskew;
pub mod engine;
pub mod error;
pub mod images;
pub mod lanes;
pub mod lines;
pub mod prepare;
pub mod raster;
pub mod reread;

pub use decision::{pages_needing_ocr, unusable_text_layer, word_shares, WordShares};
pub use engine::{
    parse_tsv, parse_tsv_pages, tesseract, Layout, OcrWord, PageRun, Tesseract, Unavailable,
    OCR_PACKAGES,
};
pub use error::{OcrError, RunError};
pub use images::{image_coverage, page_image, page_image_rendered, PageImage, Placement};
pub use lines::{correction_angle, skew_degrees, words_to_lines};
pub use prepare::{prepare, Parked, Prepared};

/// When pages are OCR'd (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum OcrMode {
    /// Pages whose text layer is missing or unusable.
    #[default]
    Auto,
    /// Every page, whatever its text layer.
    Always,
    /// No page: text layers only.
    Never,
}

impl std::str::FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            _ => Err(format!(
                "unknown OCR mode {s:?} (use auto, always or never)"
            )),
        }
    }
}

/// The thresholds of the OCR decisions and of reading its output, in one place.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// Resolution pages are rendered at when their image cannot be taken out as it is.
    pub render_dpi: u32,
    /// A page image drawn over at least this share of the page is "the page".
    pub full_page_image: f32,
    /// A page with fewer characters than this over an image covering at least
    /// `image_over_text` of it has too little text for its ink…
    pub little_text_chars: usize,
    /// …(share of the page area).
    pub image_over_text: f32,
    /// Words of a text layer are its tokens of at least this many characters (shorter ones
    /// tell nothing of whether the layer is words).
    pub min_token_chars: usize,
    /// A text layer with at least this many words…
    pub garbage_min_words: usize,
    /// …of which fewer than this share look like words (or, in a Danish document, are Danish
    /// words) is garbage.
    pub garbage_known_share: f32,
    /// A document whose pages are mostly (median) at least this share Danish words is Danish.
    pub danish_document_share: f32,
    /// About this many of a page's words are looked up in the Danish word list.
    pub danish_sample_words: usize,
    /// Seconds one page may take in Tesseract (and in `pdftoppm`, rendering it).
    pub page_timeout_secs: u64,
    /// A skew smaller than this (degrees) is left alone; larger ones up to `max_skew` are
    /// taken out of the word positions.
    pub min_skew: f32,
    /// Largest skew corrected (degrees): beyond it the estimate is not trusted.
    pub max_skew: f32,
    /// A Tesseract line tells the skew when its words' centres span more than this many
    /// inches at `render_dpi` (see [`Thresholds::skew_min_line_span_px`]).
    pub skew_min_line_span_in: f32,
    /// Ink heights of a Latin font in ems, to read a font size from a word's box in a scan:
    /// lower-case letters without ascenders…
    pub ink_x_height_em: f32,
    /// …capitals, digits and ascenders (b, d, f, h, k, l, å) above the baseline…
    ///
    /// (Ink measured in a scan, not the em box: smaller than the PDF reader's box of a turned
    /// glyph, `pdf::Thresholds::turned_glyph_ascent_em`. The two measure different things and
    /// are kept apart; making them one value would change the output.)
    pub ink_ascender_em: f32,
    /// …and descenders (g, j, p, q, y) below it.
    pub ink_descender_em: f32,
    /// A line's first "word" no wider or taller than this (ems), set off from the text by at
    /// least `bullet_gap_em`, is a bullet whatever Tesseract read (`e`, `+`, `«`, `…`)…
    pub bullet_max_em: f32,
    /// …see `bullet_max_em`…
    pub bullet_gap_em: f32,
    /// …when it holds at most this many letters.
    pub bullet_max_letters: usize,
    /// A bullet at least this many times as wide as it is tall is a dash (`-`), else a round
    /// bullet (`•`).
    pub dash_bullet_min_aspect: f32,
    /// A line's first word of at most `attachment_max_chars` characters without digits, read
    /// with a confidence below `attachment_max_conf`, and followed by a tab-wide gap of at
    /// least this many ems is the `./.` attachment marker (Tesseract reads it as `J.`, `fe`,
    /// `ad`, …).
    pub attachment_gap_em: f32,
    /// See `attachment_gap_em`.
    pub attachment_max_conf: f32,
    /// See `attachment_gap_em`.
    pub attachment_max_chars: usize,
    /// A "word" after a line's first of at most `stray_max_chars` characters, no wider than
    /// `stray_max_em`, and either read with a confidence below this (and no figure in it) or
    /// holding a letter or figure yet less tall than `stray_letter_max_em`, is a speck of noise Tesseract took for
    /// a letter or a mark (`Kommune i Antal`, `Brønderslev ' 10` on a shaded or noisy scan) and
    /// is dropped; a real one-letter word or figure is at least an x-height tall.
    pub stray_max_conf: f32,
    /// See `stray_max_conf`.
    pub stray_letter_max_em: f32,
    /// See `stray_max_conf`.
    pub stray_max_em: f32,
    /// See `stray_max_conf`.
    pub stray_max_chars: usize,
    /// A dash between words at least this wide (ems of ink) is an en dash, a narrower one a
    /// hyphen (Tesseract reads both as either).
    pub en_dash_min_em: f32,
    /// A page image of a lower resolution than this (dots per inch, from its pixels against
    /// the page area it covers) is upscaled before recognition (0: never)…
    pub upscale_below_dpi: f32,
    /// …to this resolution (bilinear): Tesseract reads x-heights of 20–30 pixels best, which
    /// 11 pt text has at about 300 dpi.
    pub upscale_to_dpi: f32,
    /// No prepared page image is made larger than this many million pixels (a large page is
    /// upscaled less).
    pub prepared_max_megapixels: f32,
    /// Whether the skew is measured in the page image and taken out of it before recognition
    /// (between `min_skew` and `max_skew`); what is left is taken out of the word positions.
    pub deskew_image: bool,
    /// The skew is measured on the page image shrunk to about this resolution (dots per inch).
    pub deskew_search_dpi: f32,
    /// The skew is searched over ±`max_skew` in steps of this many degrees…
    pub deskew_coarse_step: f32,
    /// …then around the best of them in steps of this many degrees.
    pub deskew_fine_step: f32,
    /// A page with fewer ink pixels than this (at `deskew_search_dpi`) tells no skew.
    pub deskew_min_ink_px: usize,
    /// The page image is binarised (Sauvola) over a window of this many inches before
    /// recognition (0: Tesseract binarises it itself)…
    pub binarise_window_in: f32,
    /// …with this weight of the local contrast (Sauvola's k; higher keeps less ink)…
    pub binarise_k: f32,
    /// …against this dynamic range of the standard deviation (Sauvola's R, grey levels).
    pub binarise_range: f32,
    /// A piece of ink in the binarised image no larger than this either way (points) is noise,
    /// smaller than any mark of print, and is taken out before recognition…
    pub speck_dust_pt: f32,
    /// …and one no larger than this either way (points)… (0: specks are left in)
    pub speck_max_pt: f32,
    /// …with no other ink within this many points of it is a speck (dust, noise) and is taken
    /// out before recognition: Tesseract reads specks as letters (`Sagsfremstilling 5`), and a
    /// heading with one is no longer a heading.
    pub speck_reach_pt: f32,
    /// Tesseract lines whose baselines lie within this many ems of each other, side by side,
    /// are one line of the page (Tesseract reads a table's columns, or a label and its value,
    /// as lines of their own blocks; a text layer gives them as one line).
    pub line_merge_baseline_em: f32,
    /// Tesseract reads the binarised image when it has at least this resolution (dots per
    /// inch); a coarser one it reads grey, with the specks found in the binarised one taken
    /// out (binarised at 200 dpi, thin strokes and small points break up: a whole document
    /// was lost so; Tesseract binarises for its layout itself and its recogniser reads grey).
    pub binary_min_dpi: f32,
    /// A word at least this many times the page's median word height tall…
    /// (0: no band is read again)
    pub stacked_min_heights: f32,
    /// …and this many times as tall as it is wide is a column of lone characters Tesseract read
    /// as vertical text: the text block beside it is read again as full-width lines.
    pub stacked_min_aspect: f32,
    /// One Tesseract process reads up to this many of a file's pages (its model loaded once for
    /// them, ~0.1 s a process), while the next pages are prepared; fewer pages a run keep fewer
    /// prepared images waiting on disk. (1: a process a page.)
    pub pages_per_run: usize,
    /// The first run of a file reads this many pages, so Tesseract starts after the first
    /// page is prepared instead of after `pages_per_run`.
    pub first_run_pages: usize,
}

impl Thresholds {
    /// `skew_min_line_span_in` in pixels of a page image rendered at `render_dpi` (150 at 200
    /// dpi). The words of an image taken out of the PDF as it is are measured against the same
    /// pixel count, whatever that image's own resolution.
    pub fn skew_min_line_span_px(&self) -> f32 {
        self.skew_min_line_span_in * self.render_dpi as f32
    }
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    render_dpi: 200,
    full_page_image: 0.9,
    little_text_chars: 100,
    image_over_text: 0.5,
    min_token_chars: 3,
    garbage_min_words: 20,
    garbage_known_share: 0.3,
    danish_document_share: 0.5,
    danish_sample_words: 40,
    page_timeout_secs: 120,
    min_skew: 0.05,
    max_skew: 3.0,
    skew_min_line_span_in: 0.75,
    ink_x_height_em: 0.5,
    ink_ascender_em: 0.72,
    ink_descender_em: 0.21,
    bullet_max_em: 0.5,
    bullet_gap_em: 0.5,
    bullet_max_letters: 1,
    dash_bullet_min_aspect: 4.0,
    attachment_gap_em: 1.8,
    attachment_max_conf: 85.0,
    attachment_max_chars: 4,
    stray_max_conf: 30.0,
    stray_letter_max_em: 0.3,
    stray_max_em: 0.35,
    stray_max_chars: 2,
    en_dash_min_em: 0.32,
    upscale_below_dpi: 200.0,
    upscale_to_dpi: 300.0,
    prepared_max_megapixels: 40.0,
    deskew_image: true,
    deskew_search_dpi: 100.0,
    deskew_coarse_step: 0.1,
    deskew_fine_step: 0.01,
    deskew_min_ink_px: 2000,
    binarise_window_in: 0.1,
    binarise_k: 0.2,
    binarise_range: 128.0,
    speck_dust_pt: 0.5,
    speck_max_pt: 2.5,
    speck_reach_pt: 3.0,
    line_merge_baseline_em: 0.35,
    binary_min_dpi: 250.0,
    stacked_min_heights: 4.0,
    stacked_min_aspect: 4.0,
    pages_per_run: 8,
    first_run_pages: 1,
};

impl Default for Thresholds {
    fn default() -> Thresholds {
        THRESHOLDS
    }
}
