//! The table of contents: a run of lines that end in a page number, after dot leaders or a
//! wide gap, in page order, whose titles may wrap onto a second line.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::TextLine;
use super::numbering::NUMBERED;
use super::thresholds::{Thresholds, TocThresholds};
use super::TocEntry;

/// Dot leaders as Tesseract reads them: a few dots (the rest of the run turns into letters).
static OCR_LEADER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.{2,}|…").unwrap());
/// Up to three trailing digits, possibly with a stray character before them (`+19`).
static OCR_PAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{1,3})\W?$").unwrap());

static LEADERS_AND_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)[\s.…]*(?:(?:\.\s*){2,}|…)[\s.…]*(\d{1,4})$").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [&OCR_LEADER, &OCR_PAGE, &LEADERS_AND_PAGE] {
        LazyLock::force(pattern);
    }
}

/// The table of contents found, and the lines it occupies.
#[derive(Debug, Clone, Default)]
pub struct Toc {
    /// The entries in order.
    pub entries: Vec<TocEntry>,
    /// The stream lines that make up the TOC (empty when none was found).
    pub lines: Range<usize>,
    /// Whether the TOC was read by OCR: its dot leaders come out as letters, its page numbers
    /// are often lost (page 0), and it is not fit to check the items against.
    pub ocr: bool,
}

impl Toc {
    /// The entry for an item number.
    pub fn entry(&self, number: &str) -> Option<&TocEntry> {
        self.entries
            .iter()
            .find(|e| e.number.as_deref() == Some(number))
    }
}

/// If the line ends with a page number (after leaders or a wide gap), the text before it and
/// the number.
fn toc_line(l: &TextLine, t: &TocThresholds) -> Option<(String, u32)> {
    let words = &l.line.words;
    if words.len() < 2 && !l.text.contains("..") {
        return None;
    }
    if let Some(c) = LEADERS_AND_PAGE.captures(l.text.trim()) {
        return Some((c[1].trim().to_string(), c[2].parse().ok()?));
    }
    let last = words.last()?;
    if last.text.len() > 4 || !last.text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let prev = &words[words.len() - 2];
    if last.bbox.x0 - prev.bbox.x1 > t.page_number_gap * l.size().max(1.0) {
        let text: Vec<&str> = words[..words.len() - 1]
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        let text = text.join(" ");
        let text = text.trim_end_matches(['.', ' ', '…']).to_string();
        return Some((text, last.text.parse().ok()?));
    }
    None
}

/// Finds the first run of TOC lines in the stream.
pub fn find(lines: &[TextLine], th: &Thresholds) -> Toc {
    let t = &th.toc;
    // In a PDF, a page number beyond the document's last page is a figure in a table, not a
    // TOC entry. A text file has no pages of its own to check against.
    let last_page = match lines.last() {
        Some(l) if !l.from_file => l.page,
        _ => u32::MAX,
    };
    let mut i = 0;
    while i < lines.len() {
        if lines[i].ocr {
            if let Some(toc) = ocr_page(lines, i, t) {
                return toc;
            }
        }
        let (entries, end) = run_from(lines, i, last_page, t);
        let leaders = lines[i..end]
            .iter()
            .any(|l| LEADERS_AND_PAGE.is_match(l.text.trim()));
        if entries.len() >= t.min_entries || !entries.is_empty() && leaders {
            return Toc {
                entries,
                lines: i..end,
                ocr: false,
            };
        }
        i += 1;
    }
    Toc::default()
}

/// An OCR'd TOC: when the page of line `start` has enough lines with dot leaders, its lines
/// from the first of them to the page's end, one entry per line (an indented line without a
/// number continues the entry before it). Titles end where the leaders start; the page is the
/// number the line ends in, 0 when it was not read.
fn ocr_page(lines: &[TextLine], start: usize, t: &TocThresholds) -> Option<Toc> {
    let page = lines[start].page;
    let end = start + lines[start..].iter().take_while(|l| l.page == page).count();
    let leader_lines = lines[start..end]
        .iter()
        .filter(|l| OCR_LEADER.is_match(&l.text))
        .count();
    if leader_lines < t.min_ocr_leader_lines {
        return None;
    }
    let first = start
        + lines[start..end]
            .iter()
            .position(|l| OCR_LEADER.is_match(&l.text))?;
    let mut entries: Vec<TocEntry> = Vec::new();
    let mut prev_x = f32::MAX;
    for l in &lines[first..end] {
        let text = l.text.trim();
        let (title, rest) = match OCR_LEADER.find(text) {
            Some(m) => (&text[..m.start()], &text[m.start()..]),
            None => (text, ""),
        };
        let page = OCR_PAGE
            .captures(if rest.is_empty() { text } else { rest })
            .filter(|_| !rest.is_empty() || text.split_whitespace().count() > 1)
            .and_then(|c| c[1].parse().ok())
            .unwrap_or(0);
        let numbered = NUMBERED.captures(title.trim());
        if numbered.is_none() && l.line.bbox.x0 > prev_x + t.wrap_indent {
            if let Some(e) = entries.last_mut() {
                e.title = format!("{} {}", e.title, title.trim());
                if page > 0 {
                    e.page = page;
                }
                continue;
            }
        }
        prev_x = l.line.bbox.x0;
        let (number, title) = match numbered {
            Some(c) => (Some(c[1].to_string()), c[2].to_string()),
            None => (None, title.to_string()),
        };
        entries.push(TocEntry {
            number,
            title: title.trim_end_matches(['.', ' ', '…']).to_string(),
            page,
        });
    }
    Some(Toc {
        entries,
        lines: first..end,
        ocr: true,
    })
}

/// Reads TOC entries starting at line `start`; returns them and the line after the run.
fn run_from(
    lines: &[TextLine],
    start: usize,
    last_page: u32,
    t: &TocThresholds,
) -> (Vec<TocEntry>, usize) {
    let mut entries = Vec::new();
    let mut i = start;
    'outer: while i < lines.len() {
        // An entry is up to `max_wrapped_lines` lines without a page number, then one with.
        for k in 0..=t.max_wrapped_lines {
            let Some(l) = lines.get(i + k) else {
                break 'outer;
            };
            // Entries follow the pages in order and point forward, in a PDF to no page before
            // their own: a lower page number ends the run (a table of figures on page 11
            // ending in 5, 24, 7 is no table of contents).
            let own = if l.from_file { 1 } else { l.page };
            let min_page = entries.last().map_or(own, |e: &TocEntry| e.page.max(own));
            if let Some((text, page)) =
                toc_line(l, t).filter(|&(_, p)| p >= min_page && p <= last_page)
            {
                let mut title: Vec<String> = lines[i..i + k]
                    .iter()
                    .map(|l| l.text.trim().to_string())
                    .collect();
                if k > 0 && !NUMBERED.is_match(&title[0]) {
                    break 'outer;
                }
                title.push(text);
                let full = title.join(" ");
                let (number, title) = match NUMBERED.captures(&full) {
                    Some(c) => (Some(c[1].to_string()), c[2].to_string()),
                    None => (None, full),
                };
                entries.push(TocEntry {
                    number,
                    title: title.trim_end_matches(['.', ' ']).to_string(),
                    page,
                });
                i += k + 1;
                // Typst-style wrapping: the page number is on the first line, the rest of the
                // title follows on an indented line of its own.
                if k == 0 {
                    if let Some(next) = lines.get(i) {
                        let indented =
                            next.line.bbox.x0 > lines[i - 1].line.bbox.x0 + t.wrap_indent;
                        if indented && toc_line(next, t).is_none() && !NUMBERED.is_match(&next.text)
                        {
                            let e = entries.last_mut().unwrap();
                            // A soft hyphen (or its unmapped glyph) before the page number split
                            // the word: join the halves.
                            match e.title.strip_suffix(['\u{ad}', '\u{fffd}']) {
                                Some(stem) => e.title = format!("{stem}{}", next.text.trim()),
                                None => e.title = format!("{} {}", e.title, next.text.trim()),
                            }
                            i += 1;
                        }
                    }
                }
                continue 'outer;
            }
        }
        break;
    }
    (entries, i)
}
