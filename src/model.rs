//! The document model every input is turned into: pages → lines → words, each word with its
//! position, font name, size and style. PDFs (text layer or OCR) and text files (.txt, .md) all
//! arrive here, so the later stages (repair, structure, the views) never care where text came from.
//!
//! Coordinates are PDF points with the origin at the top-left of the page (y grows downwards),
//! as in pdfplumber: `top` < `bottom`.

use std::sync::Arc;

/// Where the text of a page (or a whole document) came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum TextSource {
    /// The PDF's own text layer.
    Text,
    /// Optical character recognition of the page image.
    Ocr,
    /// A mix of the two (documents only).
    Mixed,
    /// A plain-text or markdown input file.
    File,
    /// Nothing could be read.
    None,
}

impl TextSource {
    /// The value written to the CSV `text_source` columns.
    pub fn as_str(self) -> &'static str {
        match self {
            TextSource::Text => "text",
            TextSource::Ocr => "ocr",
            TextSource::Mixed => "mixed",
            TextSource::File => "file",
            TextSource::None => "",
        }
    }

    /// The source of a document whose pages have the given sources.
    pub fn combine(pages: impl IntoIterator<Item = TextSource>) -> TextSource {
        let mut acc = TextSource::None;
        for s in pages {
            acc = match (acc, s) {
                (a, TextSource::None) => a,
                (TextSource::None, b) => b,
                (a, b) if a == b => a,
                _ => TextSource::Mixed,
            };
        }
        acc
    }
}

/// The font name of OCR'd words: OCR tells no font, weight or slant, and its sizes are
/// estimates read from letter heights.
pub const OCR_FONT: &str = "ocr";

/// The median of `(value, weight)` pairs: the value at which half the total weight is reached
/// (`None` when there are none). Sorts `items`.
pub fn weighted_median(items: &mut [(f32, usize)]) -> Option<f32> {
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = items.iter().map(|s| s.1).sum::<usize>() / 2;
    let mut seen = 0;
    items
        .iter()
        .find(|s| {
            seen += s.1;
            seen > half
        })
        .map(|s| s.0)
}

/// An axis-aligned box in page space (points, origin top-left).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct BBox {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub top: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub bottom: f32,
}

impl BBox {
    /// A box from its four edges.
    pub fn new(x0: f32, top: f32, x1: f32, bottom: f32) -> BBox {
        BBox {
            x0,
            top,
            x1,
            bottom,
        }
    }

    /// Height of the box.
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }

    /// Width of the box.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            top: self.top.min(o.top),
            x1: self.x1.max(o.x1),
            bottom: self.bottom.max(o.bottom),
        }
    }

    /// Vertical middle.
    pub fn mid_y(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
}

/// Typographic style of a run of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Font name as found in the PDF (subset prefix removed), or a synthetic name for text files.
    pub font: Arc<str>,
    /// Font size in points.
    pub size: f32,
    /// Bold weight.
    pub bold: bool,
    /// Italic or oblique.
    pub italic: bool,
}

/// One word: a run of characters without a space, in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The characters of the word.
    pub text: String,
    /// Where it is printed.
    pub bbox: BBox,
    /// How it is printed.
    pub style: Style,
}

/// A line of words sharing a baseline, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The words, left to right.
    pub words: Vec<Word>,
    /// Box around all words.
    pub bbox: BBox,
}

impl Line {
    /// A line from its words (must not be empty); the box is computed.
    pub fn new(words: Vec<Word>) -> Line {
        let bbox = words
            .iter()
            .skip(1)
            .fold(words[0].bbox, |b, w| b.union(&w.bbox));
        Line { words, bbox }
    }

    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.words.iter().map(|w| w.text.len() + 1).sum());
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }

    /// True when most of the line's characters are bold.
    pub fn is_bold(&self) -> bool {
        self.share(|s| s.bold) > 0.5
    }

    /// True when most of the line's characters are italic.
    pub fn is_italic(&self) -> bool {
        self.share(|s| s.italic) > 0.5
    }

    /// The font size carrying most of the line's characters.
    pub fn size(&self) -> f32 {
        // Mostly one size: the loop below would find it after comparing every pair of words.
        let first = self.words.first().map_or(0.0, |w| w.style.size);
        if self.words.iter().all(|w| w.style.size == first)
            && self.words.iter().any(|w| !w.text.is_empty())
        {
            return first;
        }
        let mut best = (0usize, 0.0f32);
        for w in &self.words {
            let n: usize = self
                .words
                .iter()
                .filter(|o| (o.style.size - w.style.size).abs() < 0.25)
                .map(|o| o.text.chars().count())
                .sum();
            if n > best.0 {
                best = (n, w.style.size);
            }
        }
        best.1
    }

    fn share(&self, f: impl Fn(&Style) -> bool) -> f32 {
        let (mut yes, mut all) = (0usize, 0usize);
        for w in &self.words {
            let n = w
                .text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .count()
                .max(1);
            all += n;
            if f(&w.style) {
                yes += n;
            }
        }
        if all == 0 {
            0.0
        } else {
            yes as f32 / all as f32
        }
    }
}

/// A straight ruling line drawn on the page (table borders); used by table detection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Its extent; a horizontal rule has a small height, a vertical one a small width.
    pub bbox: BBox,
}

/// A filled area drawn on the page (a shaded table header, a zebra stripe, a cell's
/// background): evidence of a table's rows where no lines are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// Its extent.
    pub bbox: BBox,
}

/// One page of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based position of the page in the file.
    pub number: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Where this page's text came from.
    pub text_source: TextSource,
    /// Lines in reading order, top to bottom.
    pub lines: Vec<Line>,
    /// Ruling lines drawn on the page.
    pub rules: Vec<Rule>,
    /// Filled areas drawn on the page (not white, not the whole page, not thin enough to be
    /// rules).
    pub fills: Vec<Fill>,
    /// How the page was OCR'd, when it was.
    pub ocr: Option<PageOcr>,
}

/// The record of one OCR'd page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageOcr {
    /// Why the page was OCR'd ("no text layer", "--ocr always", …).
    pub reason: String,
    /// Tesseract's mean word confidence (0–100).
    pub confidence: f32,
    /// The skew found and taken out (degrees).
    pub skew: f32,
    /// Whether the page image was taken out of the PDF as it is (else rendered).
    pub embedded_image: bool,
}

/// A whole input document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The input's path as found under the INPUT argument.
    pub source: String,
    /// The pages, in file order.
    pub pages: Vec<Page>,
    /// Problems met while reading that did not stop it (page-level errors and the like).
    pub warnings: Vec<String>,
    /// Pages that could not be read, in page order; their content is missing.
    pub failed_pages: Vec<FailedPage>,
}

/// A page that could not be read, and why (as a `files.csv` error kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedPage {
    /// 1-based page number.
    pub page: u32,
    /// Why it failed.
    pub kind: crate::error::ErrorKind,
}

impl Document {
    /// Whether page `number` could not be read.
    pub fn page_failed(&self, number: u32) -> bool {
        self.failed_pages.iter().any(|f| f.page == number)
    }

    /// Records page `number` as failed (once), keeping the list in page order.
    pub fn fail_page(&mut self, number: u32, kind: crate::error::ErrorKind) {
        if !self.page_failed(number) {
            self.failed_pages.push(FailedPage { page: number, kind });
            self.failed_pages.sort_by_key(|f| f.page);
        }
    }
}

impl Document {
    /// Where the document's text came from, combined over its pages.
    pub fn text_source(&self) -> TextSource {
        TextSource::combine(self.pages.iter().map(|p| p.text_source))
    }

    /// Number of words on all pages.
    pub fn word_count(&self) -> usize {
        self.pages
            .iter()
            .flat_map(|p| &p.lines)
            .map(|l| l.words.len())
            .sum()
    }
}

/// `text` as an identifier: lower case; letters, digits and `_` kept; every other run of
/// characters one `-`, none at the ends (`KKR Nordjylland` → `kkr-nordjylland`). Meeting ids
/// and meeting keys are made with it.
pub fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    if s.ends_with('-') {
        s.pop();
    }
    s
}
