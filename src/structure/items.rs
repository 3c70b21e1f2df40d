//! Numbered items: headings in the numbering styles of Danish case systems (`3.4. Title`,
//! `3.4 Title`, `Punkt 4: Title`, `Pkt. 42 Title`, `Nr.143 - Title`, `Sag nr. 129 Title`, a
//! `Sag nr. 170` line under the title, `• 212. Title`, running numbers such as `715.`),
//! accepted when their style, their place in the numbering sequence, the table of contents and
//! what follows them (a case line, a section heading) agree; then the case line under (or just
//! above) each heading, and whether the item is closed (`Lukket punkt: …`, a `Lukket` marker by
//! the case line, an item after a "LUKKET MØDE" heading).

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Stats, TextLine};
use super::sections;
use super::toc::Toc;
use super::Item;

/// A heading is this much larger than body text to count as a heading without being bold.
const HEADING_SIZE_MARGIN: f32 = 0.5;
/// OCR'd lines: a heading's estimated size is at least this many times the OCR'd body size
/// (sizes read from letter heights scatter by a few per cent).
const OCR_HEADING_SIZE_RATIO: f32 = 1.1;
/// OCR'd lines: a wrapped title line's estimated size is within this share of the first line's.
const OCR_SAME_SIZE: f32 = 0.12;
/// A wrapped title line follows within this many times its font size.
const TITLE_WRAP_PITCH: f32 = 1.8;
/// The case line comes within this many lines after the title.
const CASE_LINE_WINDOW: usize = 4;
/// What marks an item's start (a case line, a section heading) comes within this many lines
/// after its heading.
const EVIDENCE_WINDOW: usize = 6;
/// A section heading marks an item's start when it is at most this many lines under the title.
const HEADING_EVIDENCE_WINDOW: usize = 2;
/// A case line printed above its item's heading is at most this many lines before it.
const CASE_ABOVE_WINDOW: usize = 2;
/// An item number may skip at most this many numbers (an item lost to a damaged page).
const MAX_NUMBER_SKIP: u32 = 2;
/// A title has at most this many words (longer lines are sentences of a numbered list).
const MAX_TITLE_WORDS: usize = 40;
/// A title ending in a full stop is a sentence of a numbered list unless it has fewer words
/// than this (and something else marks it as a heading).
const SENTENCE_WORDS: usize = 6;
/// The case handler's initials after a KL case code (`hast/hlth`) are at most this long.
const MAX_INITIALS: usize = 16;
/// Text files: a line this far below the one before (a blank line) stands on its own.
const FILE_BLANK_PITCH: f32 = 20.0;

/// An item number and title: `3.4. Title`, `715. Title`, `3.4 Title`, `Punkt 2: Title`,
/// `Nr.143 - Title` (also TOC entries).
pub(super) static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Punkt|Pkt\.?|Nr\.?|Sag\s+nr\.?)\s*)?(\d{1,3}(?:\.\d{1,2}){0,3})(?:[.:]|\s+[-–])?\s+(\S.*)$")
        .unwrap()
});
/// A heading with a word before its number: `Punkt 4: Title`, `Pkt. 42 Title`, `Nr.143 -
/// Title`, `Sag nr. 129 Title`, `Dagsordenspunkt 3 Title`.
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:punkt|pkt\.?|nr\.?|sag\s+nr\.?|dagsordens?punkt)\s*(\d{1,4}(?:\.\d{1,2}){0,3})\s*[.:)\-–]?\s*(\S.*)$")
        .unwrap()
});
/// A bare number before the title: `3.`, `3.4.`, `3.4`, `3`, `1 : Title`, `1) Title`, `3 - Title`.
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3}(?:\.\d{1,2}){0,3})(\.|\s*:|\)|\s+[-–])?\s+(\S.*)$").unwrap()
});
/// The number glued to the title (`114Spørgsmål til Byrådet`), as web exports print it.
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})([A-ZÆØÅ][a-zæøå].*)$").unwrap());
/// A closed item's title prefix: `Lukket punkt: Title`, `Lukket: Title`, `Lukket sag - Title`.
static CLOSED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lukket|fortroligt)(?:\s+(?:punkt|sag|dagsordenspunkt))?\s*[:\-–]\s*\S")
        .unwrap()
});
/// The item number on a line of its own under the title: `Sag nr. 170`, `Punkt nr. 4`.
static NUMBER_BELOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:sag|punkt|pkt\.?)\s+nr\.?\s*(\d{1,4})\s*$").unwrap());
/// A part of the meeting held behind closed doors: "LUKKET MØDE", "Lukkede punkter".
static CLOSED_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lukket\s+(?:møde|del|dagsorden)|lukkede\s+(?:punkter|sager|dagsordenspunkter)|lukket\s+punkter?)\s*:?$")
        .unwrap()
});
/// The open part again: "ÅBENT MØDE", "Åbne punkter".
static OPEN_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:åbent\s+(?:møde|del|dagsorden)|åbne\s+(?:punkter|sager|dagsordenspunkter))\s*:?$",
    )
    .unwrap()
});
/// An item's access marker on a line of its own: `Åbent punkt`, `Lukket`, `Lukket sag`.
static ACCESS_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(åben|åbent|lukket)(?:\s+(?:punkt|sag|dagsordenspunkt))?\s*$").unwrap()
});
/// A case line: a KL/FirstAgenda code (`SAG-2020-04159 hlth`, `EMN-2023-009832`), a KLE
/// journal number (`00.22.00-G01-1-16`), each possibly after an access marker (`Åbent - …`).
static CASE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(åbent|åben|lukket)\s*[-–:]\s*)?([A-ZÆØÅ]{2,5}-\d{4}-\d{2,7}|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d+)(?:\s+(\S.*?))?\s*$")
        .unwrap()
});
/// A labelled case line: `Sagsnr.: 12/27845`, `Sagsnr. 299835`, `Sagnr.: 1-51-71-3321-08`,
/// `J.nr.: 2011-29298`, `Sag 306-2009-600`, with what may follow (`Sagsbehandler: …`,
/// `Dok.nr.: …`, `Åbent`).
static CASE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(åbent|åben|lukket)\s*[-–:]\s*)?(?:sags?\s*nr|sagnr|j\.?\s*nr|journal\s*nr|sags?\s*id)\.?\s*:?\s*([A-Z0-9ÆØÅ][\w./-]*\d[\w./-]*)(.*)$")
        .unwrap()
});
/// `Sag 306-2009-600` (a case number after the bare word).
static CASE_SAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^sag\s*:?\s+(\d{2,4}-\d{2,4}-\d+)(.*)$").unwrap());
/// Who handles the case, after the case number: `Sagsbehandler: Marie Jensen`, `Initialer: PIM`.
static HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sagsbehandler|initialer|ansvarlig)\s*:\s*(.+?)\s*(?:$|\b(?:dok|dokument)\.?\s*nr)")
        .unwrap()
});
/// An access word at the end of a case line: `… Dok.nr.: 330-2018-320116   Åbent`.
static TRAILING_ACCESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(åbent|åben|lukket)\s*$").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &NUMBERED,
        &PREFIXED,
        &PLAIN,
        &GLUED,
        &CLOSED_TITLE,
        &NUMBER_BELOW,
        &CLOSED_PART,
        &OPEN_PART,
        &ACCESS_MARKER,
        &CASE_CODE,
        &CASE_LABEL,
        &CASE_SAG,
        &HANDLER,
        &TRAILING_ACCESS,
    ] {
        LazyLock::force(pattern);
    }
}

/// A line read as an item heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Number without trailing dot.
    pub number: String,
    /// The number's parts (`[3, 4]`).
    pub parts: Vec<u32>,
    /// The title as printed after the number.
    pub title: String,
    /// A word before the number says it is an item (`Punkt`, `Nr.`, `Sag nr.`).
    pub explicit: bool,
    /// A lone integer without a dot (`3 Title`), or a number glued to the title: weak forms
    /// that a list of attachments or a figure also has.
    pub weak: bool,
}

/// Reads `text` as an item heading in any of the numbering styles.
pub fn parse_heading(text: &str) -> Option<Heading> {
    let mut t = text.trim();
    // A bullet before the heading (a web page's list of linked headings).
    t = t
        .strip_prefix(['•', '·', '▪', '‣', '∙', '\u{f0b7}'])
        .map_or(t, str::trim_start);
    // A label glued to the first heading ("Indholdsfortegnelse1. Fraværende").
    for label in ["Indholdsfortegnelse", "Dagsordenpunkter", "Dagsorden"] {
        if let Some(rest) = t.strip_prefix(label) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                t = rest;
            }
        }
    }
    let make = |number: &str, title: &str, explicit: bool, weak: bool| {
        let parts: Vec<u32> = number.split('.').filter_map(|p| p.parse().ok()).collect();
        (!parts.is_empty()).then(|| Heading {
            number: number.to_string(),
            parts,
            title: title.trim().to_string(),
            explicit,
            weak,
        })
    };
    if let Some(c) = PREFIXED.captures(t) {
        return make(&c[1], &c[2], true, false);
    }
    if let Some(c) = PLAIN.captures(t) {
        let punct = c.get(2).map(|m| m.as_str().trim());
        let number = &c[1];
        let title = &c[3];
        // A list number before the printed one (" 1.  1. Title").
        if let Some(inner) = PLAIN.captures(title).filter(|i| {
            i.get(2).is_some_and(|p| p.as_str() == ".")
                && i[3].starts_with(|ch: char| ch.is_uppercase())
        }) {
            return make(&inner[1], &inner[3], false, false);
        }
        let weak = punct.is_none() && !number.contains('.');
        return make(number, title, false, weak);
    }
    if let Some(c) = GLUED.captures(t) {
        return make(&c[1], &c[2], false, true);
    }
    None
}

/// Whether a line is the heading of a part of the meeting ("LUKKET MØDE", "Åbne punkter").
pub fn is_part_heading(t: &str) -> bool {
    CLOSED_PART.is_match(t.trim()) || OPEN_PART.is_match(t.trim())
}

/// A case line read: the case number, its handler, and an access marker when printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseLine {
    /// The case number (`SAG-2020-04159`, `12/27845`, `00.22.00-G01-1-16`).
    pub number: String,
    /// The case handler (`hlth`, `Marie Jensen`).
    pub handler: Option<String>,
    /// `Some(true)` for a `Lukket` marker, `Some(false)` for `Åbent`.
    pub closed: Option<bool>,
}

/// Reads `text` as a case line.
pub fn case_line(text: &str) -> Option<CaseLine> {
    let t = text.trim();
    // `Sag nr. 170` is an item's number, not its case.
    if NUMBER_BELOW.is_match(t) {
        return None;
    }
    let access = |m: Option<regex::Match>| m.map(|m| m.as_str().to_lowercase().starts_with("luk"));
    if let Some(c) = CASE_CODE.captures(t) {
        let rest = c.get(3).map_or("", |m| m.as_str());
        let handler = HANDLER
            .captures(rest)
            .map(|h| h[1].to_string())
            .or_else(|| {
                // KL prints the handler's initials after the code (`SAG-2020-04159 hlth`).
                let w: Vec<&str> = rest.split_whitespace().collect();
                (w.len() == 1
                    && w[0].len() <= MAX_INITIALS
                    && w[0].chars().all(|c| c.is_alphabetic() || c == '/'))
                .then(|| w[0].to_string())
            });
        return Some(CaseLine {
            number: c[2].to_string(),
            handler,
            closed: access(c.get(1)).or_else(|| access(TRAILING_ACCESS.find(rest))),
        });
    }
    let (number, rest, lead) = if let Some(c) = CASE_LABEL.captures(t) {
        (c[2].to_string(), c[3].to_string(), access(c.get(1)))
    } else if let Some(c) = CASE_SAG.captures(t) {
        (c[1].to_string(), c[2].to_string(), None)
    } else {
        return None;
    };
    let number = number.trim_end_matches(['.', ',', ';']).to_string();
    Some(CaseLine {
        handler: HANDLER.captures(&rest).map(|h| h[1].trim().to_string()),
        closed: lead.or_else(|| access(TRAILING_ACCESS.find(&rest))),
        number,
    })
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

/// True when `cand` can follow `prev` in an agenda's numbering (`3.4` → `3.5`, `3.4.1`, `4`).
pub fn follows(prev: Option<&[u32]>, cand: &[u32], max_skip: u32) -> bool {
    let ones = |s: &[u32]| s.iter().all(|&c| c == 1);
    let Some(prev) = prev else {
        return cand[0] <= 1 + max_skip && ones(&cand[1..]);
    };
    if cand.len() > prev.len() && cand[..prev.len()] == *prev && ones(&cand[prev.len()..]) {
        return true;
    }
    (0..cand.len().min(prev.len())).any(|k| {
        cand[..k] == prev[..k]
            && cand[k] > prev[k]
            && cand[k] <= prev[k] + max_skip
            && ones(&cand[k + 1..])
    })
}

/// True when `cand` comes after `prev` in the numbering, however far.
fn after(prev: &[u32], cand: &[u32]) -> bool {
    cand > prev
        && !(cand.len() > prev.len() && cand[..prev.len()] == *prev && cand[prev.len()] == 0)
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Whether the title could be an item's: it starts as a title does, is not a long sentence of
/// a numbered list, and does not end in the middle of one.
fn plausible_title(title: &str, wraps: bool) -> (bool, bool) {
    let starts = title
        .chars()
        .next()
        .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit() || "\"'«„»(".contains(ch));
    let words = title.split_whitespace().count();
    // A PDF title may wrap after a comma; a text file's line is the whole title.
    let ok = starts && words <= MAX_TITLE_WORDS && (wraps || !title.ends_with([',', ';']));
    // "Bygherre skal fremsende støjrapporter til forvaltningen." is a list's sentence.
    let sentence = title.ends_with('.') && words >= SENTENCE_WORDS;
    (ok, sentence)
}

/// Whether the lines after a heading at `i` show an item's start: its case line, an access
/// marker, the number under the title, or a section heading, before any other heading.
fn start_evidence(lines: &[TextLine], i: usize, stats: &Stats) -> Evidence {
    for (k, n) in lines.iter().skip(i + 1).take(EVIDENCE_WINDOW).enumerate() {
        let t = n.text.trim();
        if k < CASE_LINE_WINDOW
            && (case_line(t).is_some() || ACCESS_MARKER.is_match(t) || NUMBER_BELOW.is_match(t))
        {
            return Evidence::CaseLine;
        }
        // A section heading starts the item right under its title (body text first means
        // the line was a point of a numbered list).
        if k < HEADING_EVIDENCE_WINDOW
            && (sections::is_heading(n, stats) || sections::inline_heading(n).is_some())
        {
            return Evidence::Section;
        }
        if parse_heading(t).is_some() {
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
fn own_paragraph(lines: &[TextLine], i: usize) -> bool {
    let blank_before = lines[i].pitch.is_none_or(|p| p > FILE_BLANK_PITCH);
    let blank_after = lines
        .get(i + 1)
        .is_none_or(|n| n.pitch.is_none_or(|p| p > FILE_BLANK_PITCH));
    blank_before || blank_after
}

/// Finds the item headings after the table of contents.
pub fn find(
    lines: &[TextLine],
    stats: &Stats,
    toc: &Toc,
    warnings: &mut Vec<String>,
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let numbered_toc = toc.entries.iter().filter(|e| e.number.is_some()).count();
    let mut closed_part = false;
    let mut i = toc.lines.end;
    while i < lines.len() {
        let l = &lines[i];
        let text = l.text.trim();
        if !found.is_empty() && l.table.is_none() {
            if CLOSED_PART.is_match(text) {
                closed_part = true;
            } else if OPEN_PART.is_match(text) {
                closed_part = false;
            }
        }
        // The number on the line under the title (`Meddelelser` / `Sag nr. 170`).
        if let Some(c) = NUMBER_BELOW.captures(text) {
            if let Some(f) = number_below(lines, i, &c[1], &found, stats) {
                let mut f = f;
                f.closed |= closed_part;
                i = f.body;
                found.push(f);
                continue;
            }
        }
        let Some(h) = parse_heading(text) else {
            i += 1;
            continue;
        };
        let (plausible, sentence) = plausible_title(&h.title, !l.from_file);
        let styled_pdf = !l.from_file
            && !l.ocr
            && if stats.has_bold {
                l.bold() || l.size() > stats.body_size + HEADING_SIZE_MARGIN
            } else {
                l.size() > stats.body_size + HEADING_SIZE_MARGIN
            };
        let in_toc = toc.entry(&h.number).is_some_and(|e| {
            let (a, b) = (normalize(&e.title), normalize(&h.title));
            let n = a.len().min(b.len()).min(20);
            n > 0 && a.as_bytes()[..n] == b.as_bytes()[..n]
        });
        let prev = found.last().map(|f| f.parts.as_slice());
        let in_sequence = follows(prev, &h.parts, MAX_NUMBER_SKIP);
        let forward = prev.is_none_or(|p| after(p, &h.parts));
        let found_evidence = start_evidence(lines, i, stats);
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
                let styled = l.size() >= stats.ocr_body_size * OCR_HEADING_SIZE_RATIO
                    || lines[i + 1..]
                        .iter()
                        .take(CASE_LINE_WINDOW + 1)
                        .any(|n| case_line(&n.text).is_some());
                styled && in_sequence
            } else if numbered_toc >= 3 && !stats.has_bold && !l.from_file {
                in_toc
            } else {
                // How strongly the line itself says "heading".
                let marked = styled_pdf || h.explicit || in_toc;
                let shaped = !sentence && !h.weak;
                let standalone = l.from_file && own_paragraph(lines, i) && shaped;
                // A document whose headings carry no style (text files, PDFs without bold):
                // a line in sequence that stands on its own or is followed by an item's start.
                let unstyled_doc = l.from_file || !stats.has_bold;
                if in_sequence {
                    marked && (shaped || evidence || in_toc)
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
        f.body = wrapped_title(lines, i, &mut f.title, stats);
        read_case_line(lines, &mut f, stats);
        if f.case_number.is_none() {
            case_line_above(lines, &mut f, found.last());
        }
        i = f.body;
        found.push(f);
    }
    found
}

/// Joins the wrapped lines of the title at `i` (they share the heading's style); returns the
/// index of the line after the title.
fn wrapped_title(lines: &[TextLine], i: usize, title: &mut String, stats: &Stats) -> usize {
    let l = &lines[i];
    let mut j = i + 1;
    while let Some(n) = lines.get(j) {
        let same_style = if l.ocr {
            n.ocr && (n.size() - l.size()).abs() <= OCR_SAME_SIZE * l.size()
        } else {
            n.bold() == l.bold() && (n.size() - l.size()).abs() < 0.3
        };
        let close = n
            .pitch
            .is_some_and(|p| p < TITLE_WRAP_PITCH * l.size().max(1.0));
        let t = n.text.trim();
        if l.from_file
            || !same_style
            || !close
            || !l.bold() && stats.has_bold && !l.ocr
            || case_line(t).is_some()
            || NUMBER_BELOW.is_match(t)
            || ACCESS_MARKER.is_match(t)
            || sections::is_known_heading(n, stats)
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

/// Reads the case line in the few lines after the title (skipping a repeat of the heading, a
/// group line, an access marker) and moves the body start past it.
fn read_case_line(lines: &[TextLine], f: &mut Found, stats: &Stats) {
    let title_key = normalize(&f.title);
    let mut k = f.body;
    let mut seen = 0;
    while k < lines.len() && seen < CASE_LINE_WINDOW {
        let t = lines[k].text.trim();
        // The heading printed twice (a link, then the heading).
        let repeat = parse_heading(t)
            .is_some_and(|h| h.number == f.number && normalize(&h.title) == title_key)
            || normalize(t) == title_key;
        if repeat {
            k += 1;
            if f.case_number.is_none() {
                f.body = k;
            }
            continue;
        }
        if let Some(m) = ACCESS_MARKER.captures(t) {
            f.closed |= m[1].to_lowercase().starts_with("luk");
            k += 1;
            f.body = k;
            seen += 1;
            continue;
        }
        if let Some(c) = case_line(t) {
            f.case_number = Some(c.number);
            f.case_handler = c.handler;
            f.closed |= c.closed == Some(true);
            f.body = k + 1;
            // The title repeated under the case line (SBSYS prints).
            if lines
                .get(k + 1)
                .is_some_and(|n| normalize(&n.text) == title_key)
            {
                f.body = k + 2;
            }
            return;
        }
        if parse_heading(t).is_some() || sections::is_heading(&lines[k], stats) {
            return;
        }
        k += 1;
        seen += 1;
    }
}

/// A labelled case line printed just above the heading (`Sagnr.: 1-51-71-3321-08`, then the
/// heading), when the item has none under it.
fn case_line_above(lines: &[TextLine], f: &mut Found, prev: Option<&Found>) {
    let floor = prev.map_or(0, |p| p.body);
    for k in (floor..f.line).rev().take(CASE_ABOVE_WINDOW) {
        let t = lines[k].text.trim();
        if !CASE_LABEL.is_match(t) {
            continue;
        }
        if let Some(c) = case_line(t) {
            f.case_number = Some(c.number);
            f.case_handler = c.handler;
            f.closed |= c.closed == Some(true);
            // The line is the item's, not the end of the previous item's body.
            f.line = k;
        }
        return;
    }
}

/// An item whose number is printed on the line under its title (`Sag nr. 170` at `i`): the
/// title is the line above, when that reads as a title and is not already someone's heading.
fn number_below(
    lines: &[TextLine],
    i: usize,
    number: &str,
    found: &[Found],
    stats: &Stats,
) -> Option<Found> {
    let floor = found.last().map_or(0, |f| f.body);
    let t = i.checked_sub(1).filter(|&t| t >= floor)?;
    // A PDF title may wrap: lines above in the same style, close together.
    let mut first = t;
    while first > floor && !lines[t].from_file && t - first < 2 {
        let (a, b) = (&lines[first - 1], &lines[first]);
        let same = a.bold() == b.bold() && (a.size() - b.size()).abs() < 0.3;
        let close = b
            .pitch
            .is_some_and(|p| p > 0.0 && p < TITLE_WRAP_PITCH * b.size().max(1.0));
        let ends = a.text.trim_end().ends_with(['.', ':', '!', '?']);
        if !same || !close || ends || sections::is_heading(a, stats) {
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
    let (plausible, sentence) = plausible_title(&title, false);
    // "1. behandling af budget 2023-2026" is a title that begins with a number, not a heading.
    let heading_itself =
        parse_heading(&title).is_some_and(|h| h.title.starts_with(|c: char| c.is_uppercase()));
    if !plausible
        || sentence
        || sections::is_heading(above, stats)
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
    read_case_line(lines, &mut f, stats);
    Some(f)
}

/// Builds an item from its heading and the stream lines of its body.
pub fn build(f: &Found, body: &[TextLine], stats: &Stats) -> Item {
    let page_end = body.last().map_or(f.page, |l| l.page.max(f.page));
    Item {
        number: f.number.clone(),
        level: f.parts.len(),
        title: f.title.clone(),
        case_number: f.case_number.clone(),
        case_handler: f.case_handler.clone(),
        page_start: f.page,
        page_end,
        sections: sections::split(body, stats),
        decision: None,
        closed: f.closed,
        votes: Vec::new(),
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_sequence() {
        assert!(follows(None, &[1], 1));
        assert!(follows(Some(&[1]), &[1, 1], 1));
        assert!(follows(Some(&[1, 2]), &[2], 1));
        assert!(follows(Some(&[3, 4]), &[3, 5], 1));
        assert!(!follows(Some(&[3, 4]), &[3, 3], 1));
        assert!(!follows(Some(&[3, 4]), &[24], 2));
        assert!(after(&[342], &[367]));
        assert!(!after(&[3, 4], &[3, 3]));
    }

    fn h(text: &str) -> Option<(String, String, bool, bool)> {
        parse_heading(text).map(|h| (h.number, h.title, h.explicit, h.weak))
    }

    #[test]
    fn numbering_styles() {
        let t = |n: &str, title: &str, explicit: bool, weak: bool| {
            Some((n.to_string(), title.to_string(), explicit, weak))
        };
        assert_eq!(h("3.4. Status"), t("3.4", "Status", false, false));
        assert_eq!(
            h("1.1 Status siden sidst"),
            t("1.1", "Status siden sidst", false, false)
        );
        assert_eq!(
            h("715. Kulturkommune 2017"),
            t("715", "Kulturkommune 2017", false, false)
        );
        assert_eq!(h("Punkt 4: Budget"), t("4", "Budget", true, false));
        assert_eq!(h("Pkt. 42 Budget"), t("42", "Budget", true, false));
        assert_eq!(h("Nr. 178 - Budget"), t("178", "Budget", true, false));
        assert_eq!(
            h("Nr.144 - 2. behandling af budget 2019-2022"),
            t("144", "2. behandling af budget 2019-2022", true, false)
        );
        assert_eq!(h("Sag nr. 129 Budget"), t("129", "Budget", true, false));
        assert_eq!(
            h(" • 212. Dagsorden - Godkendelse"),
            t("212", "Dagsorden - Godkendelse", false, false)
        );
        assert_eq!(
            h("114Spørgsmål til Byrådet"),
            t("114", "Spørgsmål til Byrådet", false, true)
        );
        assert_eq!(
            h("Indholdsfortegnelse1. Fraværende"),
            t("1", "Fraværende", false, false)
        );
        assert_eq!(h("1 : Godkendelse"), t("1", "Godkendelse", false, false));
        assert_eq!(
            h(" 1.  3. Godkendelse"),
            t("3", "Godkendelse", false, false)
        );
        assert_eq!(
            h("3 Åben Opsamlingsnotat"),
            t("3", "Åben Opsamlingsnotat", false, true)
        );
        assert_eq!(h("Lukket punkt: 4. Salg"), None);
    }

    #[test]
    fn case_lines() {
        let c = |t: &str| case_line(t).map(|c| (c.number, c.handler, c.closed));
        assert_eq!(
            c("SAG-2020-04159 hlth"),
            Some(("SAG-2020-04159".into(), Some("hlth".into()), None))
        );
        assert_eq!(
            c("Sagsnr.: 12/27845"),
            Some(("12/27845".into(), None, None))
        );
        assert_eq!(c("Sagsnr. 299835"), Some(("299835".into(), None, None)));
        assert_eq!(
            c("Sagsnr.: 00.00.00-P19-1391-07 Sagsbehandler: Marie Jensen"),
            Some((
                "00.00.00-P19-1391-07".into(),
                Some("Marie Jensen".into()),
                None
            ))
        );
        assert_eq!(
            c("Åbent - 00.22.00-G01-1-16"),
            Some(("00.22.00-G01-1-16".into(), None, Some(false)))
        );
        assert_eq!(
            c("Sagsnr.: 330-2017-86763     Dok.nr.: 330-2018-320116       Åbent"),
            Some(("330-2017-86763".into(), None, Some(false)))
        );
        assert_eq!(
            c("Sagnr.: 1-51-71-3321-08"),
            Some(("1-51-71-3321-08".into(), None, None))
        );
        assert_eq!(
            c("Sag 306-2009-600"),
            Some(("306-2009-600".into(), None, None))
        );
        assert_eq!(
            c("J.nr.: 2011-29298"),
            Some(("2011-29298".into(), None, None))
        );
        assert_eq!(c("Sag nr. 170"), None);
        assert_eq!(c("Sagsfremstilling"), None);
    }
}
