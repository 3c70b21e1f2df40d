//! Numbered items: headings such as `3.4. Title` (titles may wrap), accepted when their style,
//! their place in the numbering sequence and the table of contents agree; then the case line
//! (`SAG-2020-04159 hlth`) under each heading.

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
const CASE_LINE_WINDOW: usize = 3;
/// An item number may skip at most this many numbers (an item lost to a damaged page).
const MAX_NUMBER_SKIP: u32 = 2;

/// An item number and title: `3.4. Title`, `715. Title`, `Punkt 2: Title` (also TOC entries).
pub(super) static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Punkt|Pkt\.?)\s+)?(\d{1,3}(?:\.\d{1,2}){0,3})[.:]?\s+(\S.*)$").unwrap()
});
/// `SAG-2020-04159 hast/hlth` (KL; `EMN-2023-009832` in FirstAgenda), or a labelled case number: `Sagsnr.: 12/27845`,
/// `J.nr. 2011-29298`.
static CASE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:([A-ZÆØÅ]{2,5}-\d{4}-\d{2,7})(?:\s+(\S.*?))?|(?:sags?\s*nr|j\.\s*nr|journal\s*nr)\.?\s*:?\s*(\S+))\s*$")
        .unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [&NUMBERED, &CASE_LINE] {
        LazyLock::force(pattern);
    }
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
    /// Stream index of the heading line.
    pub line: usize,
    /// Stream index of the first body line (after title and case line).
    pub body: usize,
    /// Case number.
    pub case_number: Option<String>,
    /// Case handler initials.
    pub case_handler: Option<String>,
    /// Page of the heading.
    pub page: u32,
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

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
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
    let mut i = toc.lines.end;
    while i < lines.len() {
        let l = &lines[i];
        let Some(c) = NUMBERED.captures(l.text.trim()) else {
            i += 1;
            continue;
        };
        let number = c[1].to_string();
        let title = c[2].trim().to_string();
        let parts: Vec<u32> = number.split('.').filter_map(|p| p.parse().ok()).collect();
        let starts_ok = title
            .chars()
            .next()
            .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit() || "\"'«„".contains(ch));
        let styled = if l.ocr {
            // No weight in OCR: larger type, or a case line right under it.
            l.size() >= stats.ocr_body_size * OCR_HEADING_SIZE_RATIO
                || lines[i + 1..]
                    .iter()
                    .take(CASE_LINE_WINDOW + 1)
                    .any(|n| CASE_LINE.is_match(n.text.trim()))
        } else if stats.has_bold {
            l.bold() || l.size() > stats.body_size + HEADING_SIZE_MARGIN
        } else {
            true
        };
        let in_toc = toc.entry(&number).is_some_and(|e| {
            let (a, b) = (normalize(&e.title), normalize(&title));
            let n = a.len().min(b.len()).min(20);
            n > 0 && a.as_bytes()[..n] == b.as_bytes()[..n]
        });
        let prev = found.last().map(|f| f.parts.as_slice());
        let in_sequence = follows(prev, &parts, MAX_NUMBER_SKIP);
        let accept = starts_ok
            && if l.ocr {
                styled && in_sequence
            } else if numbered_toc >= 3 && !stats.has_bold {
                in_toc
            } else {
                (styled && in_sequence) || (in_toc && (styled || in_sequence))
            };
        if !accept {
            i += 1;
            continue;
        }
        if !in_sequence && !in_toc {
            warnings.push(format!(
                "item {number} on page {} is out of sequence after {}",
                l.page,
                found.last().map_or("the start", |f| f.number.as_str())
            ));
        }
        // Wrapped title lines share the heading's style.
        let mut title = title;
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
            if l.from_file
                || !same_style
                || !close
                || !l.bold() && stats.has_bold && !l.ocr
                || CASE_LINE.is_match(n.text.trim())
                || sections::is_heading(n, stats)
                || NUMBERED.is_match(n.text.trim())
            {
                break;
            }
            title.push(' ');
            title.push_str(n.text.trim());
            j += 1;
        }
        let mut f = Found {
            number,
            parts,
            title,
            line: i,
            body: j,
            case_number: None,
            case_handler: None,
            page: l.page,
        };
        for (k, n) in lines.iter().enumerate().skip(j).take(CASE_LINE_WINDOW) {
            if let Some(c) = CASE_LINE.captures(n.text.trim()) {
                f.case_number = c.get(1).or(c.get(3)).map(|m| m.as_str().to_string());
                f.case_handler = c.get(2).map(|m| m.as_str().to_string());
                f.body = k + 1;
                break;
            }
            if NUMBERED.is_match(n.text.trim()) || sections::is_heading(n, stats) {
                break;
            }
        }
        i = f.body;
        found.push(f);
    }
    found
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
        closed: false,
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
    }
}
