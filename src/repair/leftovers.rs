//! Inline leftovers (text files only): a hyphen an earlier extraction left inside a word where a
//! line once broke ("til-læg"), joined when the document writes the word joined elsewhere, the
//! first part is a Danish prefix never written with a hyphen and the word list knows the whole,
//! or the batch writes it joined.

use std::collections::HashMap;

use super::vocabulary::{key, midline_words, Evidence, OpenDecision};
use super::{RepairLog, Rule, Thresholds};
use crate::language::danish::is_unhyphenated_prefix;
use crate::model::{Document, TextSource};

/// Text files: joins words an earlier extraction left with a line-break hyphen inside.
pub(super) fn join_inline_leftovers(
    doc: &mut Document,
    evidence: Evidence,
    t: &Thresholds,
    log: &mut RepairLog,
    open: &mut Vec<OpenDecision>,
) {
    if doc.pages.iter().all(|p| p.text_source != TextSource::File) {
        return;
    }
    let midline = midline_words(doc);
    // How often the document writes each hyphenated word: one written so repeatedly
    // ("Corona-krisen" six times) is the author's spelling, not a leftover.
    let mut hyphenated_counts: HashMap<String, usize> = HashMap::new();
    for w in doc
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.words)
    {
        if w.text.contains('-') {
            *hyphenated_counts.entry(key(&w.text)).or_default() += 1;
        }
    }
    for page in doc
        .pages
        .iter_mut()
        .filter(|p| p.text_source == TextSource::File)
    {
        let number = page.number;
        for w in page.lines.iter_mut().flat_map(|l| l.words.iter_mut()) {
            let core = w
                .text
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            let Some((a, b)) = core.split_once('-') else {
                continue;
            };
            let lower_word =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphabetic() && c.is_lowercase());
            let a_ok = !a.is_empty()
                && a.chars().all(char::is_alphabetic)
                && a.chars().skip(1).all(char::is_lowercase);
            if !a_ok || !lower_word(b) {
                continue;
            }
            let joined = format!("{a}{b}");
            let joined_k = joined.to_lowercase();
            let rule = if midline.contains(&joined_k) {
                Some(Rule::InlineLeftover)
            } else {
                // The word list's verdict. The hyphenated spelling is this very word, so the
                // batch can only add evidence for the join.
                if is_unhyphenated_prefix(&a.to_lowercase()) && evidence.words.check(&joined) {
                    Some(Rule::InlineLeftover)
                } else if hyphenated_counts
                    .get(&core.to_lowercase())
                    .copied()
                    .unwrap_or(0)
                    >= t.author_spelling_min_count
                {
                    None
                } else {
                    let o = OpenDecision {
                        contradicting: joined_k,
                        agreeing: None,
                    };
                    evidence
                        .batch_overturns(o, open)
                        .then_some(Rule::BatchJoined)
                }
            };
            if let Some(rule) = rule {
                let original = w.text.clone();
                w.text = w.text.replacen(core, &joined, 1);
                log.push(number, original, w.text.clone(), rule);
            }
        }
    }
}
