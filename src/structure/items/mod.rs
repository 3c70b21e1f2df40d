//! Numbered items: headings in the numbering styles of Danish case systems (read by
//! [`super::numbering`]; a `Sag nr. 170` line under the title too), accepted when their style,
//! their place in the numbering sequence, the table of contents and what follows them (a case
//! line, a section heading) agree; whether the item is closed (`Lukket punkt: …`, a `Lukket`
//! marker by the case line, an item after a "LUKKET MØDE" heading); and the item built from its
//! heading and body. The lines under a title (case line, access marker) are read in
//! `case_line.rs`.

mod case_line;

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Stats, TextLine};
use super::numbering::{after, follows, parse_heading};
use super::sections;
use super::thresholds::Thresholds;
use super::toc::Toc;
use super::Item;
use crate::language::headings;
use case_line::{case_line_above, read_case_line, ACCESS_MARKER, NUMBER_BELOW};

pub use case_line::{case_line, CaseLine};

/// A heading number whose point OCR read as a comma: `3,8. Title`, `3,8 Title`.
static OCR_COMMA_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}),(\d{1,2})(\.?\s)").unwrap());

/// A heading number glued to its title by a mark OCR read from a speck: `3.2.'Fælles`.
static OCR_GLUED_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3}(?:\.\d{1,2}){0,3}\.)[^\p{L}\p{N}\s]+(\p{Lu})").unwrap()
});

/// A closed item's title prefix: `Lukket punkt: Title`, `Lukket: Title`, `Lukket sag - Title`.
static CLOSED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lukket|fortroligt)(?:\s+(?:punkt|sag|dagsordenspunkt))?\s*[:\-–]\s*\S")
        .unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    LazyLock::force(&CLOSED_TITLE);
    case_line::prepare();
}

/// An item heading found in the stream.
#[derive(Debug, Clone)]
pub struct Found {
    /// Number without trailing dot.
    pub number: String,
    /// The number's parts (`[3, 4]`).
    pub parts: Vec<u32>,
    /// Title with wrapped lines joined.
    pub title: String,
    /// Stream index of the heading line (of the title, when the number is printed under it).
    pub line: usize,
    /// Stream index of the first body line (after title and case line).
    pub body: usize,
    /// Case number.
    pub case_number: Option<String>,
    /// Case handler initials.
    pub case_handler: Option<String>,
    /// Page of the heading.
    pub page: u32,
    /// Treated behind closed doors.
    pub closed: bool,
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// An OCR'd title whose words read as its table of contents entry's but with marks the entry
/// lacks (`drøftelse af. fælleskommunal`, `fokus 'på`): the entry's reading of those words, as
/// OCR takes specks for marks far more often than it misses a printed one. Only when every word
/// the entry holds (it may stop where its line did) is the same word in the title, letters and
/// figures alike, and each changed word is the entry's word with marks added.
fn marks_from_toc(title: &str, entry: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let toc: Vec<&str> = entry.split_whitespace().collect();
    if toc.is_empty() || toc.len() > words.len() {
        return None;
    }
    let core = |w: &str| {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let within = |short: &str, long: &str| {
        let mut rest = long.chars();
        short.chars().all(|c| rest.by_ref().any(|d| d == c))
    };
    let mut changed = false;
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    for (k, w) in words.iter().enumerate() {
        match toc.get(k) {
            Some(e) if core(w) != core(e) => return None,
            Some(e) if w.len() > e.len() && within(e, w) => {
                out.push(e);
                changed = true;
            }
            _ => out.push(w),
        }
    }
    changed.then(|| out.join(" "))
}

/// Whether the title could be an item's: it starts as a title does, is not a long sentence of
/// a numbered list, and does not end in the middle of one.
fn plausible_title(title: &str, wraps: bool, th: &Thresholds) -> (bool, bool) {
    let starts = title
        .chars()
        .next()
        .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit() || "\"'«„»(".contains(ch));
    let words = title.split_whitespace().count();
    // A PDF title may wrap after a comma; a text file's line is the whole title.
    let ok = starts && words <= th.items.max_title_words && (wraps || !title.ends_with([',', ';']));
    // "Bygherre skal fremsende støjrapporter til forvaltningen." is a list's sentence.
    let sentence = title.ends_with('.') && words >= th.items.sentence_words;
    (ok, sentence)
}

/// Whether the lines after a heading at `i` (numbered `parts`) show an item's start: its case
/// line, an access marker, the number under the title, or a section heading, before any other
/// heading; or its first sub-item's heading (`3 Regionalpolitiske sager` over `3.1 …`) in the
/// heading's own style.
fn start_evidence(
    lines: &[TextLine],
    i: usize,
    parts: &[u32],
    stats: &Stats,
    th: &Thresholds,
) -> Evidence {
    for (k, n) in lines
        .iter()
        .skip(i + 1)
        .take(th.items.evidence_window)
        .enumerate()
    {
        let t = n.text.trim();
        if k < th.items.case_line_window
            && (case_line(t, th).is_some() || ACCESS_MARKER.is_match(t) || NUMBER_BELOW.is_match(t))
        {
            return Evidence::CaseLine;
        }
        // A section heading starts the item right under its title (body text first means
        // the line was a point of a numbered list).
        if k < th.items.heading_evidence_window
            && (sections::is_heading(n, stats, th) || headings::split_inline(&n.text).is_some())
        {
            return Evidence::Section;
        }
        if let Some(next) = parse_heading(t) {
            let first_sub = next.parts.len() == parts.len() + 1
                && next.parts.starts_with(parts)
                && next.parts.last() == Some(&1);
            let same_style = n.bold() == lines[i].bold() && !n.from_file;
            if first_sub && same_style && (k == 0 || !next.weak) {
                return Evidence::Section;
            }
            break;
        }
    }
    Evidence::None
}

/// What follows a heading candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// A case line, an access marker or the item number under the title.
    CaseLine,
    /// A section heading right under it.
    Section,
    /// Neither.
    None,
}

/// Whether a text file's line stands on its own: a blank line before it or after it.
fn own_paragraph(lines: &[TextLine], i: usize, th: &Thresholds) -> bool {
    let blank_before = lines[i].pitch.is_none_or(|p| p > th.items.file_blank_pitch);
    let blank_after = lines
        .get(i + 1)
        .is_none_or(|n| n.pitch.is_none_or(|p| p > th.items.file_blank_pitch));
    blank_before || blank_after
}

/// Finds the item headings after the table of contents.
pub fn find(
    lines: &[TextLine],
    stats: &Stats,
    toc: &Toc,
    warnings: &mut Vec<String>,
    th: &Thresholds,
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let numbered_toc = toc.entries.iter().filter(|e| e.number.is_some()).count();
    let mut closed_part = false;
    let mut i = toc.lines.end;
    while i < lines.len() {
        let l = &lines[i];
        let text = l.text.trim();
        if !found.is_empty() && l.table.is_none() {
            if headings::is_closed_part(text) {
                closed_part = true;
            } else if headings::is_open_part(text) {
                closed_part = false;
            }
        }
        // The number on the line under the title (`Meddelelser` / `Sag nr. 170`).
        if let Some(c) = NUMBER_BELOW.captures(text) {
            if let Some(f) = number_below(lines, i, &c[1], &found, stats, th) {
                let mut f = f;
                f.closed |= closed_part;
                i = f.body;
                found.push(f);
                continue;
            }
        }
        let ocr_comma = || {
            // OCR reads a heading number's point as a comma (`3,8. Frikommuneforsøg`), or a
            // speck between number and title as a mark that joins them (`3.2.'Fælles`): the
            // number as printed, when that is the next in sequence.
            let fixed = OCR_COMMA_NUMBER.replace(text, "$1.$2$3");
            let fixed = OCR_GLUED_NUMBER.replace(&fixed, "$1 $2");
            let h = parse_heading(&fixed)?;
            let prev = found.last().map(|f| f.parts.as_slice());
            follows(prev, &h.parts, th.items.max_number_skip).then_some(h)
        };
        let Some(h) = parse_heading(text).or_else(|| if l.ocr { ocr_comma() } else { None }) else {
            i += 1;
            continue;
        };
        let (plausible, sentence) = plausible_title(&h.title, !l.from_file, th);
        let styled_pdf = !l.from_file
            && !l.ocr
            && if stats.has_bold {
                l.bold() || l.size() > stats.body_size + th.items.heading_size_margin
            } else {
                l.size() > stats.body_size + th.items.heading_size_margin
            };
        let in_toc = toc.entry(&h.number).is_some_and(|e| {
            let (a, b) = (normalize(&e.title), normalize(&h.title));
            let n = a.len().min(b.len()).min(th.items.toc_title_chars);
            n > 0 && a.as_bytes()[..n] == b.as_bytes()[..n]
        });
        let prev = found.last().map(|f| f.parts.as_slice());
        let in_sequence = follows(prev, &h.parts, th.items.max_number_skip);
        let forward = prev.is_none_or(|p| after(p, &h.parts));
        let found_evidence = start_evidence(lines, i, &h.parts, stats, th);
        // In a document whose headings are bold, a plain line needs its case line under it.
        let plain_in_styled = stats.has_bold && !l.from_file && !styled_pdf;
        let evidence = match found_evidence {
            Evidence::CaseLine => true,
            Evidence::Section => !plain_in_styled,
            Evidence::None => false,
        };
        let accept = plausible
            && if l.ocr {
                // No weight in OCR: larger type, or a case line right under it.
                let styled = l.size() >= stats.ocr_body_size * th.items.ocr_heading_size_ratio
                    || lines[i + 1..]
                        .iter()
                        .take(th.items.case_line_window + 1)
                        .any(|n| case_line(&n.text, th).is_some());
                styled && in_sequence
            } else if numbered_toc >= th.items.min_numbered_toc && !stats.has_bold && !l.from_file {
                in_toc
            } else {
                // How strongly the line itself says "heading".
                let marked = styled_pdf || h.explicit || in_toc;
                let shaped = !sentence && !h.weak;
                let standalone = l.from_file && own_paragraph(lines, i, th) && shaped;
                // A document whose headings carry no style (text files, PDFs without bold):
                // a line in sequence that stands on its own or is followed by an item's start.
                let unstyled_doc = l.from_file || !stats.has_bold;
                // Heading type (bold and larger than the body) makes even a weak number form
                // a heading in sequence ("4 Udpegninger" between "3.8 …" and "5 KKR").
                let heading_type = styled_pdf
                    && l.bold()
                    && l.size() > stats.body_size + th.items.heading_size_margin;
                if in_sequence {
                    marked && (shaped || evidence || in_toc || heading_type && !sentence)
                        || evidence && (shaped || h.explicit)
                        || unstyled_doc && standalone && !stats.has_bold && numbered_toc == 0
                } else {
                    // Out of sequence (a running number, a gap, the first item numbered 170):
                    // only where the line is marked and an item's start follows, or the TOC
                    // lists it.
                    in_toc || forward && evidence && (marked || !sentence)
                }
            };
        if !accept {
            i += 1;
            continue;
        }
        let first = found.is_empty();
        if !(in_sequence || in_toc || first && forward) {
            warnings.push(format!(
                "item {} on page {} is out of sequence after {}",
                h.number,
                l.page,
                found.last().map_or("the start", |f| f.number.as_str())
            ));
        }
        let mut f = Found {
            closed: closed_part || CLOSED_TITLE.is_match(&h.title),
            number: h.number,
            parts: h.parts,
            title: h.title,
            line: i,
            body: i + 1,
            case_number: None,
            case_handler: None,
            page: l.page,
        };
        f.body = wrapped_title(lines, i, &mut f.title, stats, th);
        if l.ocr {
            if let Some(fixed) = toc
                .entry(&f.number)
                .and_then(|e| marks_from_toc(&f.title, &e.title))
            {
                f.title = fixed;
            }
        }
        read_case_line(lines, &mut f, stats, th);
        if f.case_number.is_none() {
            case_line_above(lines, &mut f, found.last(), th);
        }
        i = f.body;
        found.push(f);
    }
    found
}

/// Joins the wrapped lines of the title at `i` (they share the heading's style); returns the
/// index of the line after the title.
fn wrapped_title(
    lines: &[TextLine],
    i: usize,
    title: &mut String,
    stats: &Stats,
    th: &Thresholds,
) -> usize {
    let l = &lines[i];
    let mut j = i + 1;
    while let Some(n) = lines.get(j) {
        let same_style = if l.ocr {
            n.ocr && (n.size() - l.size()).abs() <= th.items.ocr_same_size * l.size()
        } else {
            n.bold() == l.bold() && (n.size() - l.size()).abs() < th.items.same_size
        };
        let close = n
            .pitch
            .is_some_and(|p| p < th.items.title_wrap_pitch * l.size().max(1.0));
        let t = n.text.trim();
        if l.from_file
            || !same_style
            || !close
            || !l.bold() && stats.has_bold && !l.ocr
            || case_line(t, th).is_some()
            || NUMBER_BELOW.is_match(t)
            || ACCESS_MARKER.is_match(t)
            || sections::is_known_heading(n, stats, th)
            || parse_heading(t).is_some()
        {
            break;
        }
        title.push(' ');
        title.push_str(t);
        j += 1;
    }
    j
}

/// An item whose number is printed on the line under its title (`Sag nr. 170` at `i`): the
/// title is the line above, when that reads as a title and is not already someone's heading.
fn number_below(
    lines: &[TextLine],
    i: usize,
    number: &str,
    found: &[Found],
    stats: &Stats,
    th: &Thresholds,
) -> Option<Found> {
    let floor = found.last().map_or(0, |f| f.body);
    let t = i.checked_sub(1).filter(|&t| t >= floor)?;
    // A PDF title may wrap: lines above in the same style, close together.
    let mut first = t;
    while first > floor && !lines[t].from_file && t - first < th.items.max_title_lines_above {
        let (a, b) = (&lines[first - 1], &lines[first]);
        let same = a.bold() == b.bold() && (a.size() - b.size()).abs() < th.items.same_size;
        let close = b
            .pitch
            .is_some_and(|p| p > 0.0 && p < th.items.title_wrap_pitch * b.size().max(1.0));
        let ends = a.text.trim_end().ends_with(['.', ':', '!', '?']);
        if !same || !close || ends || sections::is_heading(a, stats, th) {
            break;
        }
        first -= 1;
    }
    let title = lines[first..=t]
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let above = &lines[first];
    let (plausible, sentence) = plausible_title(&title, false, th);
    // "1. behandling af budget 2023-2026" is a title that begins with a number, not a heading.
    let heading_itself =
        parse_heading(&title).is_some_and(|h| h.title.starts_with(|c: char| c.is_uppercase()));
    if !plausible
        || sentence
        || sections::is_heading(above, stats, th)
        || heading_itself
        || title.ends_with([':', '.'])
    {
        return None;
    }
    let parts: Vec<u32> = vec![number.parse().ok()?];
    let mut f = Found {
        closed: CLOSED_TITLE.is_match(&title),
        number: number.to_string(),
        parts,
        title,
        line: first,
        body: i + 1,
        case_number: None,
        case_handler: None,
        page: above.page,
    };
    read_case_line(lines, &mut f, stats, th);
    Some(f)
}

/// Builds an item from its heading and the stream lines of its body.
pub fn build(f: &Found, body: &[TextLine], stats: &Stats, th: &Thresholds) -> Item {
    let page_end = body.last().map_or(f.page, |l| l.page.max(f.page));
    Item {
        number: f.number.clone(),
        level: f.parts.len(),
        title: f.title.clone(),
        case_number: f.case_number.clone(),
        case_handler: f.case_handler.clone(),
        page_start: f.page,
        page_end,
        sections: sections::split(body, stats, th),
        decision: None,
        closed: f.closed,
        votes: Vec::new(),
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::marks_from_toc;

    #[test]
    fn specks_read_as_marks_are_taken_from_the_toc_entry() {
        assert_eq!(
            marks_from_toc(
                "KKR's fokus 'på beskæftigelsesområdet",
                "KKR's fokus på beskæftigelsesområdet"
            )
            .as_deref(),
            Some("KKR's fokus på beskæftigelsesområdet")
        );
        // The entry stops where its line did; the rest of the title stays.
        assert_eq!(
            marks_from_toc(
                "drøftelse af. fælleskommunal holdning til kapacitet",
                "drøftelse af fælleskommunal holdning"
            )
            .as_deref(),
            Some("drøftelse af fælleskommunal holdning til kapacitet")
        );
        // Other words, or marks only the entry has: the title as read.
        assert_eq!(marks_from_toc("Budget 2021", "Budget 2022"), None);
        assert_eq!(marks_from_toc("KKRs fokus", "KKR's fokus"), None);
        assert_eq!(marks_from_toc("Budget 2021", "Budget 2021"), None);
    }
}

#[cfg(test)]
mod ocr_tests {
    use std::sync::Arc;

    use crate::model::{BBox, Document, Line, Page, Style, TextSource, Word, OCR_FONT};

    /// An OCR'd page: one line per line of `text` (headings, `#` in front, in larger type).
    fn ocr_document(text: &str) -> Document {
        let lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let (size, l) = match l.strip_prefix('#') {
                    Some(rest) => (13.0, rest),
                    None => (10.0, l),
                };
                let top = 60.0 + 16.0 * i as f32;
                let words = l
                    .split_whitespace()
                    .enumerate()
                    .map(|(j, w)| Word {
                        text: w.to_string(),
                        bbox: BBox::new(
                            72.0 + 50.0 * j as f32,
                            top,
                            115.0 + 50.0 * j as f32,
                            top + size,
                        ),
                        style: Style {
                            font: Arc::from(OCR_FONT),
                            size,
                            bold: false,
                            italic: false,
                        },
                    })
                    .collect();
                Line::new(words)
            })
            .collect();
        Document {
            source: "scan.pdf".to_string(),
            pages: vec![Page {
                number: 1,
                width: 595.0,
                height: 842.0,
                text_source: TextSource::Ocr,
                lines,
                rules: Vec::new(),
                fills: Vec::new(),
                ocr: None,
            }],
            warnings: Vec::new(),
            failed_pages: Vec::new(),
        }
    }

    #[test]
    fn a_heading_number_misread_by_ocr_is_the_next_in_sequence() {
        let doc = ocr_document(
            "#1. Godkendelse af dagsorden\nSAG-2020-03135 hast\nBaggrund\nDagsordenen er sendt ud.\n#2. Bekymringsbrev fra udvalget\nSAG-2020-03136 hast\nBaggrund\nDer er sendt et brev til regionen om sagen.\n\
             #2,1. Frikommuneforsøg – orientering om status\nSAG-2020-03137 hast\nBaggrund\nKommunerne har deltaget i forsøget siden 2016.\n\
             #2.2.'Fælles nordjysk klimaindsats\nSAG-2020-03138 hast\nBaggrund\nKommunerne arbejder sammen om klimaet.\n\
             \"Sagsfremstilling\nArbejdet fortsætter i efteråret.\n\
             Tallet steg med\n4,5. Det er mere end ventet i kommunerne.",
        );
        let s = crate::structure::analyze(&doc);
        let numbers: Vec<&str> = s.items.iter().map(|i| i.number.as_str()).collect();
        assert_eq!(
            numbers,
            ["1", "2", "2.1", "2.2"],
            "{:?}",
            s.items.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
        assert_eq!(s.items[2].title, "Frikommuneforsøg – orientering om status");
        assert_eq!(s.items[3].title, "Fælles nordjysk klimaindsats");
        // A section heading with a speck read as a mark before it.
        let headings: Vec<&str> = s.items[3]
            .sections
            .iter()
            .map(|x| x.heading.as_str())
            .collect();
        assert_eq!(headings, ["Baggrund", "Sagsfremstilling"]);
    }
}
