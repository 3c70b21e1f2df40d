//! Sections of an item (Baggrund, Indstilling, Sagsfremstilling, Beslutning, …) and the text
//! conventions of their cells: paragraphs separated by a blank line, list items as `- ` lines,
//! table rows and captions (found by `tables`) left out, `./.` attachment markers counted and
//! removed.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Stats, TextLine};
use super::Section;

/// A line starts a new paragraph when it is this much further below the previous one than the
/// usual line pitch.
const PARAGRAPH_PITCH_FACTOR: f32 = 1.12;
/// Text files: a pitch above this (a blank line) starts a new paragraph.
const FILE_PARAGRAPH_PITCH: f32 = 20.0;
/// A line ending within this many font sizes of the right margin is full (its paragraph goes on).
const FULL_LINE_MARGIN: f32 = 3.0;

/// Headings of the standard sections.
const STANDARD: &[&str] = &["Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning"];
/// Other section headings of Danish council documents (matched whole, in any case).
const OTHER: &[&str] = &[
    "Resumé",
    "Resume",
    "Sagsresumé",
    "Sagsresume",
    "Sagens kerne",
    "Sammendrag",
    "Sagsbeskrivelse",
    "Beskrivelse af sagen",
    "Lovgrundlag",
    "Retligt grundlag",
    "Retsgrundlag",
    "Bilag",
    "Bilagsfortegnelse",
    "Bilagsliste",
    "Høring",
    "Kommunikation",
    "Miljøvurdering",
    "Økonomi",
    "Effekt",
    "Personale",
    "Personalemæssige konsekvenser",
    "Sagsforløb",
    "Beslutningspunkter",
    "Beslutningstema",
    "Beslutninger",
    "Beslutningskompetence",
    "Handlemuligheder",
];
/// Headings known by their first word(s): "Beslutning i Udvalget … den 20-06-2013",
/// "Beslutning fra Teknik- og Miljøudvalget, 9. september 2025, pkt. 74", "Indstilling fra
/// direktionen", "Supplerende sagsfremstilling", "Økonomiske konsekvenser", "Sagsfremstilling
/// og økonomi", "Borgmesterens Afdelings påtegning".
const PREFIXES: &[&str] = &[
    "Beslutning ",
    "Indstilling ",
    "Supplerende ",
    "Økonomi",
    "Sagsfremstilling ",
    "Borgmesterens ",
    "Forvaltningens ",
    "Administrationens ",
    "Direktionens ",
];
/// A heading learned from its style has at most this many words.
const MAX_HEADING_WORDS: usize = 8;
/// A text file's heading in capitals ("RESUMÉ", "BESLUTNINGSFORSLAG FRA DD") has at most this
/// many words and, alone, at least this many letters (shorter capitals are codes: "DIR", "ØKE").
const CAPS_HEADING_WORDS: usize = 6;
const CAPS_HEADING_LETTERS: usize = 5;
/// A text file's line is learned as a heading when it stands alone this many times.
const RECURRING_HEADING: usize = 3;
/// A learned text-file heading has at most this many words.
const RECURRING_HEADING_WORDS: usize = 5;

/// The headings a decision is printed under: "Beslutning", "Beslutninger", "Beslutning i
/// Byrådet den 19-12-2016", "Beslutning fra Direktionen, 8. februar 2021, pkt. 6",
/// "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1", and the deciding
/// body's own line "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42".
static DECISION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:beslutning(?:er)?(?:\s+(?:i|fra|på|truffet|taget)\b.*)?|[\p{L}\- ]*?s\s+beslutning(?:\s+(?:den|d\.|i|på)\b.*)?)$").unwrap()
});
/// A body, date and item number as a decision heading: "Kultur- og Idrætsudvalget,
/// 03-04-2019, pkt. 42".
static BODY_DATE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[A-ZÆØÅ][^,]+,\s*(?:den\s+)?(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}\.\s*[a-zæøå]+\s+\d{4}),?\s*(?:pkt|punkt|sag)\.?\s*(?:nr\.?\s*)?\d+\s*:?$").unwrap()
});
/// A known heading with its text on the same line: "Beslutning: sendt til Teknisk Udvalg",
/// or glued to it by a web export: "BeslutningGodkendt.".
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Beslutning(?:er)?|Indstilling|Resumé|Resume|Sagsfremstilling|Baggrund)(?:\s*:\s+|([A-ZÆØÅ]))(\S.*)$").unwrap()
});

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•·▪◦‣∙\u{f0b7}\u{f0a7}]\s*|^[-–*]\s+").unwrap());
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}|[a-zæøå])[.)]\s+\S").unwrap());
static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\.?\s").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &BULLET,
        &NUMBERED_ITEM,
        &ITEM_NUMBER,
        &DECISION_HEADING,
        &BODY_DATE_ITEM,
        &INLINE,
    ] {
        LazyLock::force(pattern);
    }
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

/// A heading line's text without a trailing colon.
pub fn heading_text<'a>(l: &'a TextLine<'_>) -> &'a str {
    l.text.trim().trim_end_matches(':').trim()
}

fn known_heading(t: &str) -> bool {
    known_whole(t)
        || PREFIXES
            .iter()
            .any(|p| t.len() > p.len() && starts_with_ignore_case(t, p))
        || DECISION_HEADING.is_match(t)
        || BODY_DATE_ITEM.is_match(t)
}

fn starts_with_ignore_case(t: &str, prefix: &str) -> bool {
    t.to_lowercase().starts_with(&prefix.to_lowercase())
}

fn known_whole(t: &str) -> bool {
    let lower = t.to_lowercase();
    STANDARD
        .iter()
        .chain(OTHER)
        .any(|h| h.to_lowercase() == lower)
}

/// Whether the line is a heading by its words (a known heading), not by its style alone.
pub fn is_known_heading(l: &TextLine, stats: &Stats) -> bool {
    is_heading(l, stats) && known_heading(heading_text(l))
}

/// Whether a heading (its text) is one a decision is printed under.
pub fn is_decision_heading(t: &str) -> bool {
    DECISION_HEADING.is_match(t) || BODY_DATE_ITEM.is_match(t)
}

/// A short line in capitals that is not a code: "RESUMÉ", "BESLUTNINGSFORSLAG FRA DD".
fn caps_heading(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let words = t.split_whitespace().count();
    !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && words <= CAPS_HEADING_WORDS
        && (letters.len() >= CAPS_HEADING_LETTERS || words >= 2)
        && !t.chars().any(|c| c.is_ascii_digit())
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
    pub fn learn(lines: &[TextLine]) -> HeadingStyles {
        let mut styles: Vec<(i32, i32)> = lines
            .iter()
            .filter(|l| {
                !l.from_file && l.bold() && !l.line.is_italic() && known_heading(heading_text(l))
            })
            .map(style_key)
            .collect();
        styles.sort();
        styles.dedup();
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for (k, l) in lines.iter().enumerate() {
            let blank_before = l.pitch.is_none_or(|p| p > FILE_PARAGRAPH_PITCH);
            let blank_after = lines
                .get(k + 1)
                .is_none_or(|n| n.pitch.is_none_or(|p| p > FILE_PARAGRAPH_PITCH));
            let t = heading_text(l);
            // Not a clause leading into a list ("Det indstilles, at KKR Nordjylland:").
            let clause = l.text.contains(',') || l.text.trim_end().ends_with(':');
            if l.from_file
                && blank_before
                && blank_after
                && !clause
                && heading_shaped(&l.text, RECURRING_HEADING_WORDS)
                && t.chars().filter(|c| c.is_alphabetic()).count() >= CAPS_HEADING_LETTERS
            {
                *counts.entry(t.to_string()).or_default() += 1;
            }
        }
        let mut recurring: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| *n >= RECURRING_HEADING)
            .map(|(t, _)| t)
            .collect();
        recurring.sort();
        HeadingStyles { styles, recurring }
    }
}

/// A known heading with its text on the same line ("Beslutning: sendt til Teknisk Udvalg",
/// "BeslutningGodkendt."): the heading and the text.
pub fn inline_heading(l: &TextLine) -> Option<(String, String)> {
    let t = l.text.trim();
    // A known heading glued to the capital of its text ("BeslutningspunkterAt 1) …").
    let glued = STANDARD
        .iter()
        .chain(OTHER)
        .filter(|h| !h.contains(' '))
        .filter(|h| t.starts_with(*h) && t[h.len()..].starts_with(|c: char| c.is_uppercase()))
        .max_by_key(|h| h.len());
    if let Some(h) = glued {
        return Some((h.to_string(), t[h.len()..].to_string()));
    }
    let c = INLINE.captures(t)?;
    let rest = match c.get(2) {
        Some(glued) => format!("{}{}", glued.as_str(), &c[3]),
        None => c[3].to_string(),
    };
    Some((c[1].to_string(), rest))
}

/// True when the line is a section heading: a known heading in bold (any line in plain text),
/// or a short bold line in exactly the style of this document's known headings; in a text
/// file also a short line in capitals or one that stands alone in item after item.
pub fn is_heading(l: &TextLine, stats: &Stats) -> bool {
    let raw = l.text.trim();
    let t = heading_text(l);
    // Headings begin with a capital ("høring" is a title's wrapped last word).
    if !t.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    // OCR gives no weight: a known heading counts by its words alone.
    let styled = l.bold() || !stats.has_bold || l.ocr;
    if STANDARD.iter().any(|h| h.eq_ignore_ascii_case(t)) {
        return styled || l.from_file;
    }
    if l.from_file {
        return !t.is_empty()
            && (known_heading(t)
                && t.split_whitespace().count() <= 2 * MAX_HEADING_WORDS
                && !raw.ends_with(['.', ',', ';'])
                || caps_heading(t)
                || stats.heading_styles.recurring.iter().any(|r| r == t));
    }
    if !styled || l.line.is_italic() || t.is_empty() {
        return false;
    }
    if l.ocr {
        // Without weight, a line that merely starts like a heading ("Økonomiloft og …") may be
        // a sub-heading: only whole known headings count.
        return known_whole(t);
    }
    if known_heading(t) && t.split_whitespace().count() <= 3 * MAX_HEADING_WORDS {
        return true;
    }
    !raw.ends_with([':', '.', ','])
        && t.split_whitespace().count() <= MAX_HEADING_WORDS
        && t.chars().next().is_some_and(|c| c.is_uppercase())
        && !ITEM_NUMBER.is_match(raw)
        && !super::tables::CAPTION.is_match(raw)
        && stats.heading_styles.styles.contains(&style_key(l))
}

/// Splits an item body into sections at the headings.
pub fn split(body: &[TextLine], stats: &Stats) -> Vec<Section> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut heading: Option<(String, u32)> = None;
    for (i, l) in body.iter().enumerate() {
        if l.table.is_none() && !l.furniture && is_heading(l, stats) {
            push_section(&mut out, heading.take(), &body[start..i], stats);
            heading = Some((
                l.text.trim().trim_end_matches(':').trim().to_string(),
                l.page,
            ));
            start = i + 1;
        }
    }
    push_section(&mut out, heading, &body[start..], stats);
    out
}

fn push_section(
    out: &mut Vec<Section>,
    heading: Option<(String, u32)>,
    lines: &[TextLine],
    stats: &Stats,
) {
    let (text, attachments) = render(lines, stats);
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
pub fn render(lines: &[TextLine], stats: &Stats) -> (String, usize) {
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
        let new_para = hard_break || starts_paragraph(prev, l, stats);
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
        } else if !new_para && in_list && (l.line.bbox.x0 > bullet_x + 1.0 || l.from_file) {
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
fn starts_paragraph(prev: Option<&TextLine>, l: &TextLine, stats: &Stats) -> bool {
    let Some(prev) = prev else { return true };
    match l.pitch {
        Some(p) if l.from_file => p > FILE_PARAGRAPH_PITCH,
        // OCR'd lines have no weight to set a sub-heading off: a short line before a capital
        // ends its paragraph too.
        Some(p) if l.ocr && prev.ocr => {
            p > stats.body_pitch * PARAGRAPH_PITCH_FACTOR
                || p < 0.0
                || l.text.starts_with("./.")
                || short(prev, stats)
                    && !prev.text.trim_end().ends_with([',', '-', '–'])
                    && l.text.chars().next().is_some_and(char::is_uppercase)
        }
        Some(p) => p > stats.body_pitch * PARAGRAPH_PITCH_FACTOR || p < 0.0,
        // First line of a page: a new paragraph when the page before ended one
        // (a short last line), or when a sentence ends there and the next line starts anew.
        None => {
            let sentence_end = prev.text.trim_end().ends_with(['.', ':', '!', '?'])
                && l.text.chars().next().is_some_and(|c| c.is_uppercase());
            prev.page == l.page || sentence_end || short(prev, stats)
        }
    }
}

/// Whether the line ends well before the right margin.
pub(super) fn short(l: &TextLine, stats: &Stats) -> bool {
    let (right, size) = stats.right_edge(l);
    l.line.bbox.x1 < right - FULL_LINE_MARGIN * size
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
