//! Sections of an item (Baggrund, Indstilling, Sagsfremstilling, Beslutning, …): which lines
//! are section headings (a known heading by its words, see [`crate::language::headings`], or a
//! line in the style this document gives its known headings), and the text conventions of
//! their cells: paragraphs separated by a blank line, list items as `- ` lines, table rows and
//! captions (found by `tables`) left out, `./.` attachment markers counted and removed.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{heading_text, Stats, TextLine};
use super::thresholds::Thresholds;
use super::Section;
use crate::language::headings;

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•·▪◦‣∙\u{f0b7}\u{f0a7}]\s*|^[-–*]\s+").unwrap());
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}|[a-zæøå])[.)]\s+\S").unwrap());
static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\.?\s").unwrap());
/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [&BULLET, &NUMBERED_ITEM, &ITEM_NUMBER] {
        LazyLock::force(pattern);
    }
}

/// Whether the line is a heading by its words (a known heading), not by its style alone.
pub fn is_known_heading(l: &TextLine, stats: &Stats, th: &Thresholds) -> bool {
    is_heading(l, stats, th) && headings::is_known(ocr_heading_text(l))
}

/// A short line in capitals that is not a code: "RESUMÉ", "BESLUTNINGSFORSLAG FRA DD".
fn caps_heading(t: &str, th: &Thresholds) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let words = t.split_whitespace().count();
    !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && words <= th.sections.caps_heading_words
        && (letters.len() >= th.sections.caps_heading_letters || words >= 2)
        && !t.chars().any(|c| c.is_ascii_digit())
}

/// A heading line's text (see [`heading_text`]); on an OCR'd line without the marks OCR reads
/// from specks at either end (`"Sagsfremstilling`, `Baggrund'`), which no heading is printed with.
fn ocr_heading_text<'a>(l: &'a TextLine<'_>) -> &'a str {
    let t = heading_text(l);
    if l.ocr {
        t.trim_matches([
            '"', '\'', '‘', '’', '“', '”', '`', ',', '.', '!', '|', '»', '«',
        ])
        .trim()
    } else {
        t
    }
}

/// True when the line is a section heading: a known heading in bold (any line in plain text),
/// or a short bold line in exactly the style of this document's known headings; in a text
/// file also a short line in capitals or one that stands alone in item after item.
pub fn is_heading(l: &TextLine, stats: &Stats, th: &Thresholds) -> bool {
    let max_words = th.sections.max_heading_words;
    let raw = l.text.trim();
    let t = ocr_heading_text(l);
    // Headings begin with a capital ("høring" is a title's wrapped last word).
    if !t.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    // OCR gives no weight: a known heading counts by its words alone.
    let styled = l.bold() || !stats.has_bold || l.ocr;
    if headings::is_standard(t) {
        return styled || l.from_file;
    }
    if l.from_file {
        return !t.is_empty()
            && (headings::is_known(t)
                && t.split_whitespace().count() <= 2 * max_words
                && !raw.ends_with(['.', ',', ';'])
                || caps_heading(t, th)
                || stats.heading_styles.recurs(t));
    }
    if !styled || l.line.is_italic() || t.is_empty() {
        return false;
    }
    if l.ocr {
        // Without weight, a line that merely starts like a heading ("Økonomiloft og …") may be
        // a sub-heading: only whole known headings count.
        return headings::is_known_whole(t);
    }
    if headings::is_known(t) && t.split_whitespace().count() <= 3 * max_words {
        return true;
    }
    !raw.ends_with([':', '.', ','])
        && t.split_whitespace().count() <= max_words
        && t.chars().next().is_some_and(|c| c.is_uppercase())
        && !ITEM_NUMBER.is_match(raw)
        && !headings::is_caption(raw)
        && stats.heading_styles.has_style_of(l)
}

/// Splits an item body into sections at the headings.
pub fn split(body: &[TextLine], stats: &Stats, th: &Thresholds) -> Vec<Section> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut heading: Option<(String, u32)> = None;
    for (i, l) in body.iter().enumerate() {
        if l.table.is_none() && !l.furniture && is_heading(l, stats, th) {
            push_section(&mut out, heading.take(), &body[start..i], stats, th);
            heading = Some((ocr_heading_text(l).to_string(), l.page));
            start = i + 1;
        }
    }
    push_section(&mut out, heading, &body[start..], stats, th);
    out
}

fn push_section(
    out: &mut Vec<Section>,
    heading: Option<(String, u32)>,
    lines: &[TextLine],
    stats: &Stats,
    th: &Thresholds,
) {
    let (text, attachments) = render(lines, stats, th);
    match heading {
        Some((heading, page)) => out.push(Section {
            heading,
            text,
            attachments,
            page,
        }),
        None if !text.is_empty() => out.push(Section {
            heading: String::new(),
            text,
            attachments,
            page: lines[0].page,
        }),
        None => {}
    }
}

enum Block {
    Para(String),
    List(Vec<String>),
}

/// Renders lines as section text; returns the text and the number of `./.` markers removed.
pub fn render(lines: &[TextLine], stats: &Stats, th: &Thresholds) -> (String, usize) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut attachments = 0;
    let mut prev: Option<&TextLine> = None;
    let mut force_break = false;
    let mut bullet_x = f32::MAX;
    for l in lines {
        let text = l.text.trim();
        // Tables and their captions are not section text, nor is furniture.
        if l.table.is_some() || l.furniture {
            prev = Some(l);
            force_break = true;
            continue;
        }
        let (text, markers) = strip_markers(text);
        attachments += markers;
        if text.is_empty() || text.chars().all(|c| "-–•·*".contains(c)) {
            force_break = true;
            prev = Some(l);
            continue;
        }
        let hard_break = force_break;
        let new_para = hard_break || starts_paragraph(prev, l, stats, th);
        // A whole line in a style of its own (a sub-heading) is a paragraph of its own.
        let ends_colon = prev.is_some_and(|p| p.text.trim_end().ends_with(':'));
        let in_list = matches!(blocks.last(), Some(Block::List(_))) && !hard_break;
        // "•" always starts a list item; a dash only where a list can start or go on (inside a
        // paragraph, a line may begin with a dash that is punctuation).
        let bullet = BULLET.find(&text).filter(|m| {
            !text[..m.end()].trim_start().starts_with(['-', '–', '*'])
                || new_para
                || in_list
                || ends_colon
                || l.from_file
        });
        // A whole line in a style of its own (a sub-heading) is a paragraph of its own.
        // (set off by space before it: a styled line inside a paragraph is emphasis).
        let subheading = bullet.is_none()
            && new_para
            && (stats.has_bold || l.from_file)
            && (l.bold() || l.line.is_italic());
        if let Some(m) = bullet {
            let item = format!("- {}", text[m.end()..].trim());
            bullet_x = l.line.bbox.x0;
            match blocks.last_mut() {
                Some(Block::List(items)) if !hard_break => items.push(item),
                _ => blocks.push(Block::List(vec![item])),
            }
        } else if NUMBERED_ITEM.is_match(&text)
            && (new_para || ends_colon || in_list)
            && !(l.bold() || l.line.is_italic())
        {
            bullet_x = l.line.bbox.x0;
            match blocks.last_mut() {
                Some(Block::List(items)) if in_list => items.push(text),
                _ => blocks.push(Block::List(vec![text])),
            }
        } else if !new_para
            && in_list
            && (l.line.bbox.x0 > bullet_x + th.sections.list_indent || l.from_file)
        {
            if let Some(Block::List(items)) = blocks.last_mut() {
                let last = items.last_mut().unwrap();
                last.push(' ');
                last.push_str(&text);
            }
        } else if new_para || subheading || !matches!(blocks.last(), Some(Block::Para(_))) {
            blocks.push(Block::Para(text));
        } else if let Some(Block::Para(p)) = blocks.last_mut() {
            p.push(' ');
            p.push_str(&text);
        }
        force_break = subheading;
        prev = Some(l);
    }
    let text = blocks
        .into_iter()
        .map(|b| match b {
            Block::Para(p) => p,
            Block::List(items) => items.join("\n"),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (text, attachments)
}

/// Whether `l` starts a new paragraph after `prev`.
fn starts_paragraph(prev: Option<&TextLine>, l: &TextLine, stats: &Stats, th: &Thresholds) -> bool {
    let factor = th.sections.paragraph_pitch_factor;
    let Some(prev) = prev else { return true };
    match l.pitch {
        Some(p) if l.from_file => p > th.sections.file_paragraph_pitch,
        // OCR'd lines have no weight to set a sub-heading off: a short line before a capital
        // ends its paragraph too.
        Some(p) if l.ocr && prev.ocr => {
            p > stats.body_pitch * factor
                || p < 0.0
                || l.text.starts_with("./.")
                || short(prev, stats, th)
                    && !prev.text.trim_end().ends_with([',', '-', '–'])
                    && l.text.chars().next().is_some_and(char::is_uppercase)
        }
        Some(p) => p > stats.body_pitch * factor || p < 0.0,
        // First line of a page: a new paragraph when the page before ended one
        // (a short last line), or when a sentence ends there and the next line starts anew.
        None => {
            let sentence_end = prev.text.trim_end().ends_with(['.', ':', '!', '?'])
                && l.text.chars().next().is_some_and(|c| c.is_uppercase());
            prev.page == l.page || sentence_end || short(prev, stats, th)
        }
    }
}

/// Whether the line ends well before the right margin.
pub(super) fn short(l: &TextLine, stats: &Stats, th: &Thresholds) -> bool {
    let (right, size) = stats.right_edge(l);
    l.line.bbox.x1 < right - th.sections.full_line_margin * size
}

/// Removes `./.` attachment markers (and the `./` form some text exports leave at a paragraph's
/// start); returns the text and how many were removed.
fn strip_markers(text: &str) -> (String, usize) {
    let mut n = 0;
    let mut words = Vec::new();
    for (i, w) in text.split_whitespace().enumerate() {
        if w == "./." || (i == 0 && w == "./") {
            n += 1;
        } else if let Some(rest) = w.strip_prefix("./.").filter(|_| i == 0) {
            n += 1;
            words.push(rest);
        } else {
            words.push(w);
        }
    }
    (words.join(" "), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(
            strip_markers("./. Med udgiftsanalysen"),
            ("Med udgiftsanalysen".into(), 1)
        );
        assert_eq!(strip_markers("./ Med"), ("Med".into(), 1));
        assert_eq!(strip_markers("- ./."), ("-".into(), 1));
        assert_eq!(strip_markers("a ./. b"), ("a b".into(), 1));
    }
}
