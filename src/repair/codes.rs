//! Codes misread by OCR, put right where their pattern leaves no doubt: case numbers
//! (`5AG-2020-04159`, `SAG-2O20-O4159`, `SAG-2020-04l59` → `SAG-2020-04159`; KLE journal
//! numbers `00.22.00-G01-1-16`; labelled numbers `12/27845`, `2011-29298`), dates
//! (`O4-09-2O20`), times (`1O:00`) and amounts (`35.525.37B`, `35:525.378`). Only words of
//! OCR'd pages are touched, and only the usual confusions are mapped — `S`↔`5`, `O`↔`0`,
//! `l`/`I`↔`1`, `B`↔`8` — each in the direction its place in the pattern asks (a letter where the
//! case system prints letters, a digit where it prints digits), plus `:` for the thousands point
//! of a grouped amount. A word is changed only when it matches a known pattern after the mapping,
//! has enough real digits to be a number at all, and differs from what was read; every change
//! is logged (`ocr_code`). A figure run into its `%` (`2,0%`) is spaced when the document
//! writes the spaced form elsewhere (`ocr_percent_space`).

use std::sync::LazyLock;

use regex::Regex;

use super::log::{RepairLog, Rule};
use super::Thresholds;
use crate::model::{Document, TextSource};

/// A case system's code: letters, a year, a serial (`SAG-2020-04159`, `EMN-2023-009832`).
static CASE_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-ZÆØÅ]{2,5}-\d{4}-\d{2,7}$").unwrap());
/// A KLE journal number: `00.22.00-G01-1-16`.
static KLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d+$").unwrap());
/// The number forms of digits and separators that OCR'd words are repaired to: a date
/// (`04-09-2020`, `4.9.2020`), a time (`10:00`, `10.30`), a grouped amount (`35.525.378`,
/// `1.155.213,50`), a decimal (`3,3`), a year (`2020`), a labelled case number (`12/27845`,
/// `2011-29298`, `306-2009-600`).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,2}[-./]\d{1,2}[-./](?:\d{2}|\d{4})|\d{1,2}[:.]\d{2}|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|(?:19|20)\d{2}|\d{1,4}(?:[/-]\d{2,})+)$",
    )
    .unwrap()
});

/// Compiles this module's patterns now.
pub(super) fn prepare() {
    for pattern in [&CASE_CODE, &KLE, &NUMBER] {
        LazyLock::force(pattern);
    }
}

/// A letter OCR reads for a digit, as that digit.
fn as_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        'O' | 'o' => Some('0'),
        'l' | 'I' | '|' => Some('1'),
        'S' | 's' => Some('5'),
        'B' => Some('8'),
        _ => None,
    }
}

/// A digit OCR reads for a capital, as that capital.
fn as_letter(c: char) -> Option<char> {
    match c {
        '5' => Some('S'),
        '0' => Some('O'),
        '1' => Some('I'),
        '8' => Some('B'),
        c if c.is_uppercase() => Some(c),
        _ => None,
    }
}

/// Dashes OCR reads for the hyphen of a code.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑')
}

/// A run of digits as printed, its misread letters mapped: `None` when a character is no digit
/// or misread one, or the run holds no real digit at all (`B` alone is a letter, not an 8).
fn digits(run: &str) -> Option<String> {
    run.chars()
        .any(|c| c.is_ascii_digit())
        .then(|| run.chars().map(as_digit).collect())
        .flatten()
}

/// The repaired form of a case code (`SAG-2020-04159`) or KLE journal number
/// (`00.22.00-G01-1-16`); `None` when the word is neither or needs nothing.
fn repair_code(core: &str) -> Option<String> {
    let parts: Vec<&str> = core.split(is_dash).collect();
    let candidate = match parts.as_slice() {
        [a, b, c] if (2..=5).contains(&a.chars().count()) => {
            // The letter part must hold a letter of its own: `5000-2020-1` is no code.
            if !a.chars().any(char::is_alphabetic) {
                return None;
            }
            let a: String = a.chars().map(as_letter).collect::<Option<_>>()?;
            format!("{a}-{}-{}", digits(b)?, digits(c)?)
        }
        [kle, g, d, e] => {
            let kle: Vec<String> = kle.split('.').map(digits).collect::<Option<_>>()?;
            let mut g = g.chars();
            let letter = as_letter(g.next()?)?;
            format!(
                "{}-{letter}{}-{}-{}",
                kle.join("."),
                digits(g.as_str())?,
                digits(d)?,
                digits(e)?
            )
        }
        _ => return None,
    };
    ((CASE_CODE.is_match(&candidate) || KLE.is_match(&candidate)) && candidate != core)
        .then_some(candidate)
}

/// The repaired form of a number word — date, time, amount, year, labelled case number —
/// (`None`: not one, or nothing to repair). Each run between separators must hold a real digit,
/// and the word at least two.
fn repair_number(core: &str) -> Option<String> {
    if core.chars().filter(char::is_ascii_digit).count() < 2 {
        return None;
    }
    let colons = core.matches(':').count();
    let points = core.matches('.').count();
    let mut out = String::with_capacity(core.len());
    let mut run = String::new();
    for c in core.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() || as_digit(c).is_some() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push_str(&digits(&run)?);
            run.clear();
        }
        match c {
            '\0' => {}
            '.' | ',' | '-' | '/' => out.push(c),
            // A colon is a time's; in a grouped amount (`35:525.378`) it is a misread point.
            ':' => out.push(if colons == 1 && points >= 1 { '.' } else { ':' }),
            _ => return None,
        }
    }
    (out != core && NUMBER.is_match(&out)).then_some(out)
}

/// The word with its code or number repaired, punctuation around it kept (`None`: unchanged).
pub(super) fn repair_word(text: &str) -> Option<String> {
    let lead = text
        .char_indices()
        .find(|&(_, c)| !matches!(c, '(' | '[' | '"' | '\'' | '«' | '»'))
        .map_or(text.len(), |(i, _)| i);
    let body = &text[lead..];
    let trail = body
        .char_indices()
        .rev()
        .take_while(|&(_, c)| matches!(c, ')' | ']' | ',' | ';' | '.' | ':' | '"' | '\'' | '»'))
        .last()
        .map_or(body.len(), |(i, _)| i);
    let (core, after) = body.split_at(trail);
    if core.is_empty() || !core.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let fixed = repair_code(core).or_else(|| repair_number(core))?;
    Some(format!("{}{fixed}{after}", &text[..lead]))
}

/// Repairs the codes and numbers of every OCR'd page's words, logging each change.
pub(super) fn repair_codes(doc: &mut Document, t: &Thresholds, log: &mut RepairLog) {
    if !t.ocr_codes {
        return;
    }
    for page in &mut doc.pages {
        if page.text_source != TextSource::Ocr {
            continue;
        }
        for line in &mut page.lines {
            for word in &mut line.words {
                if let Some(fixed) = repair_word(&word.text) {
                    log.push(
                        page.number,
                        std::mem::replace(&mut word.text, fixed.clone()),
                        fixed,
                        Rule::OcrCode,
                    );
                }
            }
        }
    }
}

/// The figure of a word that is a figure run into `%` (`2,0%`, `(12%`: `2,0`, `(12`).
fn figure_before_percent(text: &str) -> Option<&str> {
    let figure = text.strip_suffix('%')?;
    let digits = figure.trim_start_matches(['(', '+', '-', '–']);
    (!digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
    .then_some(figure)
}

/// Spaces the `%` OCR ran into its figure (`2,0%` → `2,0`, `%`: two words, the box split by
/// characters) on OCR'd pages, when the document writes a figure and a spaced `%` at least
/// `ocr_percent_space_min` times on any of its pages.
pub(super) fn space_percent(doc: &mut Document, t: &Thresholds, log: &mut RepairLog) {
    if t.ocr_percent_space_min == 0 {
        return;
    }
    let spaced = doc
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| l.words.windows(2))
        .filter(|w| {
            w[1].text.trim_end_matches([',', '.', ')', ';']) == "%"
                && w[0].text.chars().last().is_some_and(|c| c.is_ascii_digit())
        })
        .count();
    if spaced < t.ocr_percent_space_min {
        return;
    }
    for page in &mut doc.pages {
        if page.text_source != TextSource::Ocr {
            continue;
        }
        for line in &mut page.lines {
            let mut k = 0;
            while k < line.words.len() {
                let w = &line.words[k];
                let core = w.text.trim_end_matches([',', '.', ')', ';']);
                let Some(figure) = figure_before_percent(core) else {
                    k += 1;
                    continue;
                };
                let figure = figure.to_string();
                let rest = w.text[figure.len()..].to_string();
                let mut first = w.clone();
                let mut second = w.clone();
                let share = figure.chars().count() as f32 / w.text.chars().count() as f32;
                first.bbox.x1 = w.bbox.x0 + w.bbox.width() * share;
                second.bbox.x0 = first.bbox.x1;
                log.push(
                    page.number,
                    w.text.clone(),
                    format!("{figure} {rest}"),
                    Rule::OcrPercentSpace,
                );
                first.text = figure;
                second.text = rest;
                line.words[k] = first;
                line.words.insert(k + 1, second);
                k += 2;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_figure_run_into_percent_is_split() {
        assert_eq!(figure_before_percent("2,0%"), Some("2,0"));
        assert_eq!(figure_before_percent("(12%"), Some("(12"));
        assert_eq!(figure_before_percent("%"), None);
        assert_eq!(figure_before_percent("CO2%"), None);
        assert_eq!(figure_before_percent("2,0"), None);
    }

    fn fix(s: &str) -> Option<String> {
        repair_word(s)
    }

    #[test]
    fn case_numbers_misread_are_put_right() {
        for bad in [
            "5AG-2020-04159",
            "SAG-2O20-O4159",
            "SAG-2020-04l59",
            "SAG–2020–04159",
            "SAG-2020-O4I59",
            "SA8-2020-04159",
        ] {
            let want = if bad.starts_with("SA8") {
                "SAB-2020-04159"
            } else {
                "SAG-2020-04159"
            };
            assert_eq!(fix(bad).as_deref(), Some(want), "{bad}");
        }
        assert_eq!(
            fix("(EMN-2O23-009832),").as_deref(),
            Some("(EMN-2023-009832),")
        );
        assert_eq!(
            fix("00.22.O0-G0l-1-16").as_deref(),
            Some("00.22.00-G01-1-16")
        );
    }

    #[test]
    fn dates_times_and_amounts_misread_are_put_right() {
        assert_eq!(fix("O4-09-2O20").as_deref(), Some("04-09-2020"));
        assert_eq!(fix("2O20.").as_deref(), Some("2020."));
        assert_eq!(fix("1O:00").as_deref(), Some("10:00"));
        assert_eq!(fix("35:525.378").as_deref(), Some("35.525.378"));
        assert_eq!(fix("1.155.2l3").as_deref(), Some("1.155.213"));
        assert_eq!(fix("l2/27845").as_deref(), Some("12/27845"));
    }

    #[test]
    fn words_and_right_codes_are_left_alone() {
        for ok in [
            "SAG-2020-04159",
            "DK-2020",
            "2021-22",
            "Il",
            "lO",
            "S5",
            "10:00",
            "Sagsfremstilling",
            "KKR-formandskabet",
            "B-2020",
            "3,3",
            "COVID-19",
            "5000-2020-1",
            "1O.OOO",
        ] {
            assert_eq!(fix(ok), None, "{ok}");
        }
    }
}
