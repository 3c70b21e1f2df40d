//! Optical character recognition of scanned pages: which pages need it, their page images, the
//! Tesseract program's words, and those words as lines of the document model (positions in
//! points, small skew taken out), so repair and structure read OCR'd pages like any other.
//!
//! Tesseract runs as a program (`tesseract IMAGE stdout -l dan --psm 3 tsv`), one process per
//! page with `OMP_THREAD_LIMIT=1` set in its environment, found at run time: without it, or
//! without its Danish model, pages that need OCR are reported with the Debian package to install
//! and the text-layer pages are still read.
//!
//! - [`decision`]: when a page is OCR'd (its text layer missing, too thin, or not words).
//! - [`images`]: the page image Tesseract reads (taken out of the PDF, or rendered).
//! - [`engine`]: running Tesseract (and other programs) and reading its words.
//! - [`lines`]: Tesseract's words as model lines (skew, font size, bullets, dashes).
//! - [`error`]: what goes wrong OCR'ing a page, and the error kind it is reported as.

pub mod decision;
pub mod engine;
pub mod error;
pub mod images;
pub mod lines;

pub use decision::{pages_needing_ocr, unusable_text_layer, word_shares, WordShares};
pub use engine::{parse_tsv, tesseract, OcrWord, Tesseract, Unavailable, OCR_PACKAGES};
pub use error::{OcrError, RunError};
pub use images::{image_coverage, page_image, page_image_rendered, PageImage, Placement};
pub use lines::{correction_angle, skew_degrees, words_to_lines};

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
    /// A dash between words at least this wide (ems of ink) is an en dash, a narrower one a
    /// hyphen (Tesseract reads both as either).
    pub en_dash_min_em: f32,
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
    bullet_max_em: 0.45,
    bullet_gap_em: 0.5,
    bullet_max_letters: 1,
    dash_bullet_min_aspect: 4.0,
    attachment_gap_em: 1.8,
    attachment_max_conf: 85.0,
    attachment_max_chars: 4,
    en_dash_min_em: 0.32,
};

impl Default for Thresholds {
    fn default() -> Thresholds {
        THRESHOLDS
    }
}
