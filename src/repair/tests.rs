//! Tests of the whole repair stage, on documents built here (one text-file page per call).

use std::sync::Arc;

use super::*;
use crate::language::lexicon::Lexicon;
use crate::model::{BBox, Line, Page, Style, TextSource, Word};

/// A text-file document of one page: one line per line of `text`, words split at spaces.
fn text_document(text: &str) -> Document {
    let style = Style {
        font: Arc::from("text"),
        size: 10.0,
        bold: false,
        italic: false,
    };
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let top = 56.0 + 14.0 * i as f32;
            let words = l
                .split_whitespace()
                .enumerate()
                .map(|(j, w)| Word {
                    text: w.to_string(),
                    bbox: BBox::new(
                        72.0 + 60.0 * j as f32,
                        top,
                        120.0 + 60.0 * j as f32,
                        top + 10.0,
                    ),
                    style: style.clone(),
                })
                .collect();
            Line::new(words)
        })
        .collect();
    Document {
        source: "x.txt".to_string(),
        pages: vec![Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            text_source: TextSource::File,
            lines,
            rules: Vec::new(),
            fills: Vec::new(),
            ocr: None,
        }],
        warnings: Vec::new(),
        failed_pages: Vec::new(),
    }
}

fn no_word_list() -> Lexicon {
    Lexicon::load(std::path::Path::new("/nonexistent"))
}

#[test]
fn ligatures_and_nfc() {
    let words = no_word_list();
    let r = repair(
        text_document("e\u{fb03}cient a\u{30a}r"),
        Evidence {
            words: &words,
            batch: None,
        },
    );
    assert_eq!(r.doc.pages[0].lines[0].text(), "efficient år");
}

#[test]
fn batch_spellings_overturn_only_weak_decisions() {
    let words = no_word_list();
    let read = || text_document("Vi taler om blorp-\nvisk og om EU-\nkontoret hver dag.");
    let first = repair(
        read(),
        Evidence {
            words: &words,
            batch: None,
        },
    );
    assert_eq!(first.log.repairs[0].rule, Rule::LowercaseJoin);
    assert_eq!(first.log.repairs[0].repaired, "blorpvisk");
    // "EU-" is decided by the code rule, which the batch cannot overturn.
    assert_eq!(first.log.repairs[1].rule, Rule::CodeOrNumber);
    assert_eq!(first.open.len(), 1);

    let mut batch = BatchVocabulary::default();
    batch.extend(["eukontoret".to_string()].into());
    assert!(!batch.settles_any(&first.open));
    batch.extend(["blorp-visk".to_string()].into());
    assert!(batch.settles_any(&first.open));
    let second = repair(
        read(),
        Evidence {
            words: &words,
            batch: Some(&batch),
        },
    );
    assert_eq!(second.log.repairs[0].rule, Rule::BatchHyphenated);
    assert_eq!(second.log.repairs[0].repaired, "blorp-visk");
    assert_eq!(second.log.repairs[1].repaired, "EU-kontoret");
    // Both spellings in the batch: no verdict, the weak decision stands.
    batch.extend(["blorpvisk".to_string()].into());
    assert!(!batch.settles_any(&first.open));
}

#[test]
fn thresholds_decide_leftovers() {
    let words = no_word_list();
    let evidence = Evidence {
        words: &words,
        batch: None,
    };
    let text = "Side 2 af 7\nCorona-krisen og Corona-krisen";
    let r = repair(text_document(text), evidence);
    assert_eq!(Thresholds::default(), THRESHOLDS);
    assert_eq!(r.log.count(Rule::PageNumber), 1);
    // Written twice: the author's spelling, so not even an open decision.
    assert_eq!(r.log.count(Rule::InlineLeftover), 0);
    assert!(r.open.is_empty());
    let thrice_needed = Thresholds {
        author_spelling_min_count: 3,
        ..Thresholds::default()
    };
    let r = repair_with(text_document(text), evidence, &thrice_needed);
    assert_eq!(r.open.len(), 2);
}

#[test]
fn codes_are_repaired_on_ocr_pages_only_and_logged() {
    let words = no_word_list();
    let text = "SAG-2O20-O4l59 hlth\nMødet den O4-09-2O20 kl. 1O:00";
    let mut doc = text_document(text);
    let mut scanned = text_document(text).pages.remove(0);
    scanned.number = 2;
    scanned.text_source = TextSource::Ocr;
    doc.pages.push(scanned);
    let r = repair(
        doc,
        Evidence {
            words: &words,
            batch: None,
        },
    );
    let page = |k: usize| -> Vec<String> { r.doc.pages[k].lines.iter().map(Line::text).collect() };
    assert_eq!(
        page(0),
        ["SAG-2O20-O4l59 hlth", "Mødet den O4-09-2O20 kl. 1O:00"]
    );
    assert_eq!(
        page(1),
        ["SAG-2020-04159 hlth", "Mødet den 04-09-2020 kl. 10:00"]
    );
    let logged: Vec<(u32, &str, &str, &str)> = r
        .log
        .repairs
        .iter()
        .map(|x| {
            (
                x.page,
                x.original.as_str(),
                x.repaired.as_str(),
                x.rule.as_str(),
            )
        })
        .collect();
    assert_eq!(
        logged,
        [
            (2, "SAG-2O20-O4l59", "SAG-2020-04159", "ocr_code"),
            (2, "O4-09-2O20", "04-09-2020", "ocr_code"),
            (2, "1O:00", "10:00", "ocr_code"),
        ]
    );
}
