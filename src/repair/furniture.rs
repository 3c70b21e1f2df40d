//! Page furniture: running headers and footers (lines repeated in the top or bottom band of
//! many pages, or at the same height in the wider margins; read fuzzily on OCR'd pages) and page
//! numbers, taken out of the document. Text files have no page geometry: only their "Side N af
//! M" lines are taken out.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::{RepairLog, Rule, Thresholds};
use crate::language::danish::{is_page_number, is_side_page_number};
use crate::model::{Document, Line, TextSource};

/// Compiles the furniture patterns now instead of at their first use.
pub(super) fn prepare() {
    LazyLock::force(&CASE_CODE);
}

/// Digits folded to `#` and spaces squeezed, so "Side 3 af 30" and "Side 4 af 30" compare equal.
/// A case code at the top of a page (`EMN-2014-007440`) keeps its digits: only the same code
/// repeated is furniture.
pub(super) fn furniture_key(text: &str) -> String {
    if CASE_CODE.is_match(text.trim()) {
        return text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
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

/// A case code at the start of a line (`EMN-2014-007440`, `SAG-2020-04159 hlth`, a KLE
/// number `00.22.00-G01-1-16`): its digits are what it says.
static CASE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-ZÆØÅ]{2,5}-\d{4}-\d+|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-)").unwrap()
});

/// The words of a line in letters only, lower-cased and sorted (OCR may read the parts of a
/// header in another order).
fn letters_key(text: &str) -> String {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.join(" ")
}

/// Whether band line `a` is a reading of band line `b`: as a whole, or word for word (OCR
/// may drop a word of a header).
fn same_furniture(a: &str, b: &str, t: &Thresholds) -> bool {
    let similarity = t.ocr_furniture_similarity;
    if strsim::normalized_levenshtein(a, b) >= similarity {
        return true;
    }
    let words: Vec<&str> = a.split(' ').collect();
    words.len() >= t.ocr_furniture_min_words
        && words.iter().all(|w| {
            b.split(' ')
                .any(|v| strsim::normalized_levenshtein(w, v) >= similarity)
        })
}

fn in_margin(line: &Line, height: f32, t: &Thresholds) -> bool {
    height > 0.0
        && (line.bbox.top < height * t.header_margin
            || line.bbox.bottom > height * (1.0 - t.footer_margin))
}

/// The line's height on the page, in slots of the position tolerance.
fn y_slot(line: &Line, t: &Thresholds) -> i32 {
    (line.bbox.top / t.same_position_tolerance).round() as i32
}

fn in_band(line: &Line, height: f32, t: &Thresholds) -> bool {
    height > 0.0
        && (line.bbox.top < height * t.header_band
            || line.bbox.bottom > height * (1.0 - t.footer_band))
}

/// Removes lines that repeat in the top or bottom band of many pages, and bare page numbers
/// there. Text files have no page geometry: only "Side N af M" lines are removed from them.
pub(super) fn remove_furniture(doc: &mut Document, t: &Thresholds, log: &mut RepairLog) {
    let pages_with_text = doc.pages.iter().filter(|p| !p.lines.is_empty()).count();
    // Two kinds of repetition: the same text anywhere in the narrow bands, and the same text at
    // the same height anywhere in the wider margins (headers several lines deep).
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut placed: HashMap<(String, i32), usize> = HashMap::new();
    for page in &doc.pages {
        if page.text_source == TextSource::File {
            continue;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut seen_at: HashSet<(String, i32)> = HashSet::new();
        for line in &page.lines {
            let (band, margin) = (
                in_band(line, page.height, t),
                in_margin(line, page.height, t),
            );
            if !band && !margin {
                continue;
            }
            let k = furniture_key(&line.text());
            if band {
                seen.insert(k.clone());
            }
            if margin {
                seen_at.insert((k, y_slot(line, t)));
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
        for k in seen_at {
            *placed.entry(k).or_default() += 1;
        }
    }
    let min = t
        .furniture_min_pages
        .max((pages_with_text as f32 * t.furniture_page_share).ceil() as usize);
    // The letters of every band line, per page, for the fuzzy comparison of OCR'd pages (only
    // wanted when there are some).
    let any_ocr = doc.pages.iter().any(|p| p.text_source == TextSource::Ocr);
    let band_pages = if any_ocr { &doc.pages[..] } else { &[] };
    let band_letters: Vec<Vec<String>> = band_pages
        .iter()
        .map(|page| {
            if page.text_source == TextSource::File {
                return Vec::new();
            }
            page.lines
                .iter()
                .filter(|l| in_band(l, page.height, t))
                .map(|l| letters_key(&l.text()))
                .filter(|k| k.chars().count() >= t.ocr_furniture_min_chars)
                .collect()
        })
        .collect();
    let repeated_ocr = |key: &str| {
        key.chars().count() >= t.ocr_furniture_min_chars
            && band_letters
                .iter()
                .filter(|page| page.iter().any(|k| same_furniture(key, k, t)))
                .count()
                >= min
    };
    for page in &mut doc.pages {
        let height = page.height;
        let number = page.number;
        let file = page.text_source == TextSource::File;
        let ocr = page.text_source == TextSource::Ocr;
        let mut removed: Vec<(f32, f32)> = Vec::new();
        page.lines.retain(|line| {
            let (band, margin) = (in_band(line, height, t), in_margin(line, height, t));
            if !file && !band && !margin {
                return true;
            }
            let text = line.text();
            if file {
                let page_no = is_side_page_number(text.trim());
                if page_no {
                    log.push(number, text.clone(), String::new(), Rule::PageNumber);
                }
                return !page_no;
            }
            let key = furniture_key(&text);
            // A sentence at the top of a page ("Godkendt.", a decision repeated from item to
            // item) is furniture only when nearly every page prints it.
            // So is a bold line there (a section heading or a decision heading at the top of
            // a page): running headers repeat on almost every page.
            let needed = if text.trim_end().ends_with('.') || line.is_bold() {
                min.max((pages_with_text as f32 * t.sentence_furniture_share).ceil() as usize)
            } else {
                min
            };
            if margin
                && placed
                    .get(&(key.clone(), y_slot(line, t)))
                    .copied()
                    .unwrap_or(0)
                    >= needed
            {
                log.push(number, text, String::new(), Rule::RunningHeader);
                return false;
            }
            if !band {
                return true;
            }
            if is_page_number(text.trim()) {
                log.push(number, text, String::new(), Rule::PageNumber);
                return false;
            }
            if counts.get(&key).copied().unwrap_or(0) >= needed
                || ocr && repeated_ocr(&letters_key(&text))
            {
                removed.push((line.bbox.top, line.bbox.bottom));
                log.push(number, text, String::new(), Rule::RunningHeader);
                return false;
            }
            true
        });
        // OCR may read a header in pieces: a piece without letters (the date, a page number)
        // beside a header taken out goes with it.
        if ocr && !removed.is_empty() {
            page.lines.retain(|line| {
                let text = line.text();
                let beside = removed
                    .iter()
                    .any(|&(top, bottom)| line.bbox.top < bottom && line.bbox.bottom > top);
                if beside && in_band(line, height, t) && !text.chars().any(char::is_alphabetic) {
                    log.push(number, text, String::new(), Rule::RunningHeader);
                    return false;
                }
                true
            });
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
        assert_ne!(
            furniture_key("EMN-2014-007440"),
            furniture_key("EMN-2014-007441")
        );
    }
}
