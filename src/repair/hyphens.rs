//! Hyphen repair: a word split by a hyphen at the end of a line is joined with the first word
//! of the next line, with the hyphen dropped (a hyphenation) or kept (a compound broken at its
//! hyphen), or left apart ("anlægs- og"). The evidence is weighed strongest first; see
//! [`decide`].

use std::collections::HashSet;

use super::vocabulary::{key, Evidence, OpenDecision};
use super::{RepairLog, Rule, Thresholds};
use crate::language::danish::{is_break_hyphen, is_conjunction, is_soft_hyphen};
use crate::language::lexicon::Lexicon;
use crate::model::{Document, Line};

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

/// The document's mid-line spellings, and every part of them before a hyphen ("corona" of
/// "corona-krisen"): whether some word starts with "stem-" is one look-up.
struct Midline<'a> {
    words: &'a HashSet<String>,
    hyphen_prefixes: HashSet<&'a str>,
}

impl<'a> Midline<'a> {
    fn of(words: &'a HashSet<String>) -> Midline<'a> {
        let hyphen_prefixes = words
            .iter()
            .flat_map(|w| w.match_indices('-').map(move |(i, _)| &w[..i]))
            .collect();
        Midline {
            words,
            hyphen_prefixes,
        }
    }
}

/// Decides a line-end hyphen from the two halves, the document's mid-line spellings and the
/// rest of the evidence; records in `open` a decision the batch could overturn.
fn decide(
    stem: &str,
    hyphen: char,
    next: &str,
    midline: &Midline,
    evidence: Evidence,
    t: &Thresholds,
    open: &mut Vec<OpenDecision>,
) -> (Break, Rule) {
    let separate = (Break::Separate, Rule::LowercaseJoin);
    let Some(first) = next.chars().next() else {
        return separate;
    };
    // "videnopsamling og -|deling": a lone hyphen stands for a left-out first part.
    if stem.is_empty() && hyphen == '-' && first.is_lowercase() {
        return (Break::KeepHyphen, Rule::SuspendedCompound);
    }
    if !stem.chars().last().is_some_and(|c| c.is_alphanumeric()) {
        return separate;
    }
    if is_conjunction(&key(next)) {
        return separate;
    }
    if is_soft_hyphen(hyphen) {
        return if first.is_alphanumeric() {
            (Break::Join, Rule::SoftHyphen)
        } else {
            separate
        };
    }
    let (stem_k, next_k) = (key(stem), key(next));
    let hyphenated = format!("{stem_k}-{next_k}");
    let joined = format!("{stem_k}{next_k}");
    if midline.words.contains(&hyphenated) {
        return (Break::KeepHyphen, Rule::DocumentHyphenated);
    }
    if midline.words.contains(&joined) {
        return (Break::Join, Rule::DocumentJoined);
    }
    if stem_k.chars().count() >= t.document_prefix_min_chars
        && midline.hyphen_prefixes.contains(stem_k.as_str())
    {
        return (Break::KeepHyphen, Rule::DocumentPrefix);
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
    if compound_prefix {
        return (Break::KeepHyphen, Rule::CodeOrNumber);
    }
    let weak = decide_weak(stem, next, first, evidence.words, t);
    let (agreeing, contradicting, overturned) = match weak.0 {
        Break::Join => (
            joined,
            hyphenated,
            (Break::KeepHyphen, Rule::BatchHyphenated),
        ),
        Break::KeepHyphen => (hyphenated, joined, (Break::Join, Rule::BatchJoined)),
        Break::Separate => return weak,
    };
    let o = OpenDecision {
        contradicting,
        agreeing: Some(agreeing),
    };
    if evidence.batch_overturns(o, open) {
        overturned
    } else {
        weak
    }
}

/// The word list and the typographic rules: what decides a line-end hyphen when neither the
/// document nor a rule for codes and numbers does.
fn decide_weak(
    stem: &str,
    next: &str,
    first: char,
    words: &Lexicon,
    t: &Thresholds,
) -> (Break, Rule) {
    if first.is_lowercase() && words.available() {
        let next_word = next.trim_end_matches(|c: char| !c.is_alphanumeric());
        if words.check(&format!("{stem}{next_word}")) {
            return (Break::Join, Rule::Dictionary);
        }
        // Neither half a fragment: two words joined by a hyphen ("Viden-indsatsen").
        if words.check(stem)
            && words.check(next_word)
            && stem.chars().count() >= t.dictionary_compound_min_chars
        {
            return (Break::KeepHyphen, Rule::DictionaryCompound);
        }
    }
    if !first.is_lowercase() {
        (Break::KeepHyphen, Rule::CapitalAfter)
    } else {
        (Break::Join, Rule::LowercaseJoin)
    }
}

/// Joins words split by a hyphen at the end of a line with the first word of the next line.
pub(super) fn join_hyphens(
    doc: &mut Document,
    midline: &HashSet<String>,
    evidence: Evidence,
    t: &Thresholds,
    log: &mut RepairLog,
    open: &mut Vec<OpenDecision>,
) {
    let midline = Midline::of(midline);
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
        let (decision, rule) = decide(stem, h, &next.text, &midline, evidence, t, open);
        if decision == Break::Separate {
            if is_soft_hyphen(h) {
                // A soft hyphen is never printed text: drop it even when the word is not joined.
                doc.pages[p1].lines[l1].words.last_mut().unwrap().text.pop();
            }
            continue;
        }
        let next = doc.pages[p2].lines[l2].words.remove(0);
        let page = doc.pages[p1].number;
        let w = doc.pages[p1].lines[l1].words.last_mut().unwrap();
        let original = format!("{}|{}", w.text, next.text);
        if decision == Break::Join {
            w.text.truncate(w.text.len() - h.len_utf8());
        }
        w.text.push_str(&next.text);
        log.push(page, original, w.text.clone(), rule);
    }
    for page in &mut doc.pages {
        page.lines.retain(|l| !l.words.is_empty());
        for line in &mut page.lines {
            *line = Line::new(std::mem::take(&mut line.words));
        }
    }
}
