//! Text repair (first pass): removes running headers, footers and page numbers, and joins words
//! split by a hyphen at the end of a line. Works on the document model and returns it changed,
//! with a count of what it did.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Document, Line, TextSource};

/// The thresholds of the repair stage, in one place.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Lines whose top lies in this top share of the page may be running headers.
    pub header_band: f32,
    /// Lines whose bottom lies in this bottom share of the page may be running footers.
    pub footer_band: f32,
    /// A band line repeated (digits ignored) on at least this share of pages is furniture…
    pub furniture_page_share: f32,
    /// …and on at least this many pages.
    pub furniture_min_pages: usize,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    header_band: 0.10,
    footer_band: 0.10,
    furniture_page_share: 0.4,
    furniture_min_pages: 2,
};

/// What the repair stage changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairLog {
    /// Running header/footer lines removed.
    pub furniture_lines: usize,
    /// Page-number lines removed.
    pub page_numbers: usize,
    /// Line-end hyphenations joined into one word.
    pub hyphens_joined: usize,
    /// Line-end hyphens kept in a compound joined across the break (`Corona-krisen`, `2016-2020`).
    pub hyphens_kept: usize,
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:side\s+\d+(?:\s*(?:af|/)\s*\d+)?|[-–]?\s*\d{1,4}\s*[-–]?|\d+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)$")
        .unwrap()
});

/// Runs every repair step on the document.
pub fn repair(mut doc: Document) -> (Document, RepairLog) {
    let mut log = RepairLog::default();
    remove_furniture(&mut doc, &THRESHOLDS, &mut log);
    join_hyphens(&mut doc, &mut log);
    (doc, log)
}

/// Digits folded to `#` and spaces squeezed, so "Side 3 af 30" and "Side 4 af 30" compare equal.
fn furniture_key(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut last = ' ';
    for c in text.chars() {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if (c == '#' && last == '#') || (c.is_whitespace() && last.is_whitespace()) {
            continue;
        }
        s.push(if c.is_whitespace() { ' ' } else { c });
        last = c;
    }
    s.trim().to_lowercase()
}

fn in_band(line: &Line, height: f32, t: &Thresholds) -> bool {
    height > 0.0
        && (line.bbox.top < height * t.header_band
            || line.bbox.bottom > height * (1.0 - t.footer_band))
}

/// Removes lines that repeat in the top or bottom band of many pages, and bare page numbers
/// there. Text files have no page geometry: only "Side N af M" lines are removed from them.
fn remove_furniture(doc: &mut Document, t: &Thresholds, log: &mut RepairLog) {
    let pages_with_text = doc.pages.iter().filter(|p| !p.lines.is_empty()).count();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in &doc.pages {
        if page.text_source == TextSource::File {
            continue;
        }
        let mut seen: Vec<String> = Vec::new();
        for line in page.lines.iter().filter(|l| in_band(l, page.height, t)) {
            let k = furniture_key(&line.text());
            if !seen.contains(&k) {
                seen.push(k);
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let min = t
        .furniture_min_pages
        .max((pages_with_text as f32 * t.furniture_page_share).ceil() as usize);
    for page in &mut doc.pages {
        let height = page.height;
        let file = page.text_source == TextSource::File;
        page.lines.retain(|line| {
            let text = line.text();
            if file {
                let page_no = text.trim().to_lowercase().starts_with("side ")
                    && PAGE_NUMBER.is_match(text.trim());
                if page_no {
                    log.page_numbers += 1;
                }
                return !page_no;
            }
            if !in_band(line, height, t) {
                return true;
            }
            if PAGE_NUMBER.is_match(text.trim()) {
                log.page_numbers += 1;
                return false;
            }
            if counts.get(&furniture_key(&text)).copied().unwrap_or(0) >= min {
                log.furniture_lines += 1;
                return false;
            }
            true
        });
    }
}

/// The characters that can end a line-broken word: hyphen-minus, soft hyphen, the Unicode
/// hyphen, and U+FFFD (a soft hyphen some PDF producers leave without a Unicode mapping).
fn is_break_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{fffd}')
}

/// Words after a hyphen that mark a shared-suffix compound: "anlægs- og byggeopgaver".
const CONJUNCTIONS: &[&str] = &["og", "eller", "samt", "til", "and", "or"];

/// What to do with a word that ends a line in a hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// A hyphenation: drop the hyphen and join the halves ("inter-" "esser" → "interesser").
    Join,
    /// A compound broken at its hyphen: keep it and join ("Corona-" "krisen" → "Corona-krisen").
    KeepHyphen,
    /// Leave the words apart ("anlægs-" "og" stays "anlægs- og").
    Separate,
}

fn key(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Lowercased words that do not end a line: the document's own spelling, used as evidence for
/// whether a line-end hyphen is part of the word.
fn midline_words(doc: &Document) -> HashSet<String> {
    let mut set = HashSet::new();
    for line in doc.pages.iter().flat_map(|p| &p.lines) {
        let n = line.words.len();
        for w in line.words.iter().take(n.saturating_sub(1)) {
            set.insert(key(&w.text));
        }
    }
    set
}

/// Decides a line-end hyphen from the two halves and the document's mid-line spellings.
fn decide(stem: &str, hyphen: char, next: &str, midline: &HashSet<String>) -> Break {
    let Some(first) = next.chars().next() else {
        return Break::Separate;
    };
    if !stem.chars().last().is_some_and(|c| c.is_alphanumeric()) {
        return Break::Separate;
    }
    if CONJUNCTIONS.contains(&key(next).as_str()) {
        return Break::Separate;
    }
    let soft = hyphen != '-' && hyphen != '\u{2010}';
    if soft {
        return if first.is_alphanumeric() {
            Break::Join
        } else {
            Break::Separate
        };
    }
    let (stem_k, next_k) = (key(stem), key(next));
    let hyphenated = format!("{stem_k}-{next_k}");
    let joined = format!("{stem_k}{next_k}");
    if midline.contains(&hyphenated) {
        return Break::KeepHyphen;
    }
    if midline.contains(&joined) {
        return Break::Join;
    }
    let prefix = format!("{stem_k}-");
    if stem_k.chars().count() >= 3 && midline.iter().any(|w| w.starts_with(&prefix)) {
        return Break::KeepHyphen;
    }
    let stem_letters: Vec<char> = stem.chars().filter(|c| c.is_alphabetic()).collect();
    // Only the part after the stem's last hyphen counts: "C40-byer-" + "ne" is a hyphenation of
    // "byerne", "DK-" + "2020" is not.
    let last_part = stem.rsplit('-').next().unwrap_or(stem);
    let part_letters: Vec<char> = last_part.chars().filter(|c| c.is_alphabetic()).collect();
    let compound_prefix = stem_letters.is_empty()
        || part_letters.is_empty()
        || part_letters.iter().all(|c| c.is_uppercase())
        || last_part.chars().last().is_some_and(|c| c.is_ascii_digit());
    if compound_prefix || !first.is_lowercase() {
        Break::KeepHyphen
    } else {
        Break::Join
    }
}

/// Joins words split by a hyphen at the end of a line with the first word of the next line.
fn join_hyphens(doc: &mut Document, log: &mut RepairLog) {
    let midline = midline_words(doc);
    // Positions of all lines in reading order, across pages.
    let positions: Vec<(usize, usize)> = doc
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| (0..page.lines.len()).map(move |l| (p, l)))
        .collect();
    for pair in positions.windows(2) {
        let ((p1, l1), (p2, l2)) = (pair[0], pair[1]);
        let Some(last) = doc.pages[p1].lines[l1].words.last() else {
            continue;
        };
        let Some(h) = last.text.chars().last().filter(|&c| is_break_hyphen(c)) else {
            continue;
        };
        let stem = &last.text[..last.text.len() - h.len_utf8()];
        let Some(next) = doc.pages[p2].lines[l2].words.first() else {
            continue;
        };
        let decision = decide(stem, h, &next.text, &midline);
        if decision == Break::Separate {
            if h != '-' && h != '\u{2010}' {
                // A soft hyphen is never printed text: drop it even when the word is not joined.
                doc.pages[p1].lines[l1].words.last_mut().unwrap().text.pop();
            }
            continue;
        }
        let next = doc.pages[p2].lines[l2].words.remove(0);
        let w = doc.pages[p1].lines[l1].words.last_mut().unwrap();
        if decision == Break::Join {
            w.text.truncate(w.text.len() - h.len_utf8());
            log.hyphens_joined += 1;
        } else {
            log.hyphens_kept += 1;
        }
        w.text.push_str(&next.text);
    }
    for page in &mut doc.pages {
        page.lines.retain(|l| !l.words.is_empty());
        for line in &mut page.lines {
            *line = Line::new(std::mem::take(&mut line.words));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_keys_ignore_numbers() {
        assert_eq!(
            furniture_key("Side 3 af 30"),
            furniture_key("Side 12 af 30")
        );
        assert!(PAGE_NUMBER.is_match("Side 3 af 30"));
        assert!(PAGE_NUMBER.is_match("- 4 -"));
        assert!(!PAGE_NUMBER.is_match("Beslutning"));
    }
}
