//! The repaired document as one stream of lines in reading order, each with its page, text and
//! the vertical distance to the line before it, without page furniture; and the document-wide
//! typography statistics (body font size, line pitch, the look of its section headings) the
//! other structure steps compare against.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::numbering::parse_heading;
use super::thresholds::Thresholds;
use crate::language::headings;
use crate::model::{Document, Line, TextSource};

/// One line of the document stream.
#[derive(Debug, Clone)]
pub struct TextLine<'a> {
    /// The model line.
    pub line: &'a Line,
    /// Its text, words joined by spaces.
    pub text: String,
    /// 1-based page number.
    pub page: u32,
    /// Distance from the previous line's top on the same page; `None` for a page's first line.
    pub pitch: Option<f32>,
    /// Whether the text came from a text file (no real geometry).
    pub from_file: bool,
    /// Whether the line was read by OCR (real geometry, but no font, weight or slant, and a
    /// font size estimated from the letters' height).
    pub ocr: bool,
    /// The table (index in the document's tables) this line is a row or caption of.
    pub table: Option<usize>,
    /// Page furniture kept in the stream for another reader (a web page's attachment links,
    /// read as the item's attachments) but never section text.
    pub furniture: bool,
    /// The line's size and weight, worked out once (every structure step asks).
    size: f32,
    bold: bool,
}

impl<'a> TextLine<'a> {
    /// The same line with other text (a part of it), at `pitch` below the line before.
    pub fn with_text(&self, text: String, pitch: Option<f32>) -> TextLine<'a> {
        TextLine {
            text,
            pitch,
            ..self.clone()
        }
    }

    /// Font size carrying most characters.
    pub fn size(&self) -> f32 {
        self.size
    }

    /// Mostly bold.
    pub fn bold(&self) -> bool {
        self.bold
    }
}

/// Flattens the pages' lines into one stream.
pub fn flatten(doc: &Document) -> Vec<TextLine<'_>> {
    let mut out = Vec::new();
    for page in &doc.pages {
        let mut prev_top: Option<f32> = None;
        for line in &page.lines {
            out.push(TextLine {
                line,
                text: line.text(),
                page: page.number,
                pitch: prev_top.map(|t| line.bbox.top - t),
                from_file: page.text_source == TextSource::File,
                ocr: page.text_source == TextSource::Ocr,
                table: None,
                furniture: false,
                size: line.size(),
                bold: line.is_bold(),
            });
            prev_top = Some(line.bbox.top);
        }
    }
    out
}

/// Navigation a web page leaves between items ("Til toppen", "Fold alle ud"), a text export's
/// page labels ("Side 3 af 12", a bare page number): never part of the document's text.
static WEB_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:til\s+toppen|tilbage\s+til\s+toppen|fold\s+alle\s+(?:ud|sammen)|udfold\s+alle|luk\s+alle|abonn[ée]r|print(?:\s+dagsorden)?|del\s+på\s+facebook|side\s+\d+(?:\s+af\s+\d+)?|\d{1,3})\s*$").unwrap()
});
/// A committee code in a routing grid ("DIR", "ØKE", "BYR").
static GRID_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-ZÆØÅ]{2,4}$").unwrap());
/// A routing grid's cell: a cross or nothing.
static GRID_CELL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[xX✓]?$").unwrap());
/// A label without a value ("Øvrige sagsbehandlere: -").
static EMPTY_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{L}][\p{L} ]+:\s*[-–]$").unwrap());
/// A web page's attachment links: "application/pdf icon bilag_1.pdf".
pub static FILE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)application/\S+\s+icon\s+").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &WEB_FURNITURE,
        &FILE_LINK,
        &GRID_CODE,
        &GRID_CELL,
        &EMPTY_LABEL,
    ] {
        LazyLock::force(pattern);
    }
}

/// The stream without page furniture: web navigation lines and a text export's page labels
/// are dropped; a signature page (its heading and the names after it, to the end of the page,
/// or in a text file to the next item heading) is dropped; a text file's known heading with its
/// text on the same line ("Beslutning: Godkendt.", "BeslutningGodkendt.") becomes two lines.
pub fn without_furniture<'a>(lines: Vec<TextLine<'a>>, th: &Thresholds) -> Vec<TextLine<'a>> {
    let mut out: Vec<TextLine<'a>> = Vec::with_capacity(lines.len());
    let mut signatures: Option<u32> = None;
    // A committee-routing grid (SBSYS): a column of committee codes, then its cells ("x").
    let code = |t: &str| GRID_CODE.is_match(t.trim());
    let mut grid = vec![false; lines.len()];
    let mut k = 0;
    while k < lines.len() {
        let run = lines[k..].iter().take_while(|l| code(&l.text)).count();
        if run >= th.lines.min_grid_codes {
            let cells = lines[k + run..]
                .iter()
                .take_while(|l| GRID_CELL.is_match(l.text.trim()))
                .count();
            grid[k..k + run + cells].iter_mut().for_each(|g| *g = true);
            k += run + cells;
        } else {
            k += run.max(1);
        }
    }
    for (l, in_grid) in lines.into_iter().zip(grid) {
        let t = l.text.trim().to_string();
        let t = t.as_str();
        if in_grid || EMPTY_LABEL.is_match(t) {
            continue;
        }
        if let Some(page) = signatures {
            let next_page = !l.from_file && l.page != page;
            let next_item = l.from_file && parse_heading(t).is_some();
            if !(next_page || next_item) {
                continue;
            }
            signatures = None;
        }
        if headings::is_signatures(t) {
            signatures = Some(l.page);
            continue;
        }
        if l.from_file && WEB_FURNITURE.is_match(t) {
            continue;
        }
        let mut l = l;
        if FILE_LINK.is_match(t) {
            l.furniture = true;
        }
        match headings::split_inline(&l.text) {
            Some((heading, rest)) if l.from_file => {
                let pitch = l.pitch;
                out.push(l.with_text(heading, pitch));
                out.push(l.with_text(rest, Some(0.0)));
            }
            _ => out.push(l),
        }
    }
    out
}

/// Document-wide typography.
#[derive(Debug, Clone)]
pub struct Stats {
    /// The font size of most characters.
    pub body_size: f32,
    /// The most common distance between consecutive body lines.
    pub body_pitch: f32,
    /// Whether any line is bold (plain text files have no style at all).
    pub has_bold: bool,
    /// The estimated font size of most characters on OCR'd pages (0 when there are none).
    pub ocr_body_size: f32,
    /// Right edge reached by most full body lines.
    pub body_right: f32,
    /// The same on OCR'd pages.
    pub ocr_body_right: f32,
    /// The look of this document's section headings.
    pub heading_styles: HeadingStyles,
}

impl Stats {
    /// Measures the stream.
    pub fn of(lines: &[TextLine], th: &Thresholds) -> Stats {
        let t = &th.lines;
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        for l in lines {
            for w in &l.line.words {
                *sizes
                    .entry((w.style.size * 10.0).round() as i32)
                    .or_default() += w.text.len();
            }
        }
        let body_size = mode(&sizes).map_or(t.default_body_size, |s| s as f32 / 10.0);
        let is_body = |l: &TextLine| (l.size() - body_size).abs() < t.body_size_tolerance;
        let mut pitches: HashMap<i32, usize> = HashMap::new();
        let mut rights: HashMap<i32, usize> = HashMap::new();
        for pair in lines.windows(2) {
            if let Some(p) = pair[1].pitch {
                if is_body(&pair[0]) && is_body(&pair[1]) && p > 0.0 {
                    *pitches.entry((p * 2.0).round() as i32).or_default() += 1;
                }
            }
        }
        for l in lines.iter().filter(|l| is_body(l) && !l.ocr) {
            *rights.entry(l.line.bbox.x1.round() as i32).or_default() += 1;
        }
        // OCR sizes are estimates that scatter around the true size: take the median.
        let mut ocr_sizes: Vec<(f32, usize)> = lines
            .iter()
            .filter(|l| l.ocr)
            .map(|l| (l.size(), l.text.len()))
            .collect();
        let ocr_body_size = crate::model::weighted_median(&mut ocr_sizes).unwrap_or(0.0);
        // OCR'd right edges scatter by a point or two: the median of long lines.
        let mut ocr_rights: Vec<f32> = lines
            .iter()
            .filter(|l| l.ocr && l.line.words.len() >= t.min_ocr_right_words)
            .map(|l| l.line.bbox.x1)
            .collect();
        ocr_rights.sort_by(f32::total_cmp);
        Stats {
            body_size,
            ocr_body_size,
            ocr_body_right: ocr_rights
                .get(ocr_rights.len() / 2)
                .copied()
                .unwrap_or(f32::MAX),
            body_pitch: mode(&pitches)
                .map_or(body_size * t.default_pitch_factor, |p| p as f32 / 2.0),
            has_bold: lines
                .iter()
                .any(|l| l.line.words.iter().any(|w| w.style.bold)),
            body_right: rights
                .iter()
                .filter(|(_, &n)| n >= t.min_body_right_lines)
                .map(|(&x, _)| x)
                .max()
                .map_or(f32::MAX, |x| x as f32),
            heading_styles: HeadingStyles::learn(lines, th),
        }
    }
}

impl Stats {
    /// The right edge a full line reaches, and the body size, for the kind of page `l` is on.
    pub fn right_edge(&self, l: &TextLine) -> (f32, f32) {
        if l.ocr {
            (self.ocr_body_right, self.ocr_body_size)
        } else {
            (self.body_right, self.body_size)
        }
    }
}

fn mode(counts: &HashMap<i32, usize>) -> Option<i32> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&k, _)| k)
}

/// A heading line's text without a trailing colon.
pub fn heading_text<'a>(l: &'a TextLine<'_>) -> &'a str {
    l.text.trim().trim_end_matches(':').trim()
}

/// The look of a section heading in one document: bold, size and indent, learned from the
/// headings it is known to use ("Baggrund", "Resumé", …); and in a text file, the short lines
/// that stand alone again and again ("Beslutningstema" in every item).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeadingStyles {
    styles: Vec<(i32, i32)>,
    recurring: Vec<String>,
}

fn style_key(l: &TextLine) -> (i32, i32) {
    (
        (l.size() * 2.0).round() as i32,
        l.line.bbox.x0.round() as i32,
    )
}

/// The shape of a text file's line that may be a heading: short, starting with a capital,
/// without sentence punctuation or a label's value ("Sagsforløb: BY").
fn heading_shaped(t: &str, max_words: usize) -> bool {
    let raw = t.trim();
    let t = raw.trim_end_matches(':').trim();
    !t.is_empty()
        && t.split_whitespace().count() <= max_words
        && t.chars().next().is_some_and(|c| c.is_uppercase())
        && !raw.ends_with(['.', ',', ';', '!', '?'])
        && !t.contains(": ")
        && !t.contains('(')
        && !t.chars().any(|c| c.is_ascii_digit())
}

impl HeadingStyles {
    /// Learns the styles of bold lines that carry a known heading, and a text file's recurring
    /// stand-alone lines.
    pub fn learn(lines: &[TextLine], th: &Thresholds) -> HeadingStyles {
        let limits = &th.sections;
        let mut styles: Vec<(i32, i32)> = lines
            .iter()
            .filter(|l| {
                !l.from_file
                    && l.bold()
                    && !l.line.is_italic()
                    && headings::is_known(heading_text(l))
            })
            .map(style_key)
            .collect();
        styles.sort();
        styles.dedup();
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for (k, l) in lines.iter().enumerate() {
            let blank_before = l.pitch.is_none_or(|p| p > limits.file_paragraph_pitch);
            let blank_after = lines
                .get(k + 1)
                .is_none_or(|n| n.pitch.is_none_or(|p| p > limits.file_paragraph_pitch));
            let t = heading_text(l);
            // Not a clause leading into a list ("Det indstilles, at KKR Nordjylland:").
            let clause = l.text.contains(',') || l.text.trim_end().ends_with(':');
            if l.from_file
                && blank_before
                && blank_after
                && !clause
                && heading_shaped(&l.text, limits.recurring_heading_words)
                && t.chars().filter(|c| c.is_alphabetic()).count() >= limits.caps_heading_letters
            {
                *counts.entry(t.to_string()).or_default() += 1;
            }
        }
        let mut recurring: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| *n >= limits.recurring_heading)
            .map(|(t, _)| t)
            .collect();
        recurring.sort();
        HeadingStyles { styles, recurring }
    }

    /// Whether `l` is in the style (size and indent) of one of the known headings.
    pub fn has_style_of(&self, l: &TextLine) -> bool {
        self.styles.contains(&style_key(l))
    }

    /// Whether `t` is one of a text file's recurring stand-alone lines.
    pub fn recurs(&self, t: &str) -> bool {
        self.recurring.iter().any(|r| r == t)
    }
}
