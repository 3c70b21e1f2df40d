//! When a page is OCR'd: with `--ocr always` every page; with `auto` (the default) a page
//! whose text layer is unusable ([`unusable_text_layer`]): no text over an image, too little
//! text for the image over it, or text that is not words — by its form in any language, or, in
//! a Danish document, by the Danish word list. [`pages_needing_ocr`] decides for a document.

use crate::model::{Document, Line, Page};

use super::{OcrMode, Thresholds};

/// The pages of `doc` to OCR (their indexes in `doc.pages`), each with the reason. Pages that
/// already failed are left out. `image_share` gives the share of a page covered by images; it
/// is asked only for pages with little text (reading a page's drawing operations is costly).
pub fn pages_needing_ocr(
    doc: &Document,
    mode: OcrMode,
    image_share: &dyn Fn(usize, &Page) -> f32,
    t: &Thresholds,
) -> Vec<(usize, &'static str)> {
    let lexicon = crate::language::lexicon::danish();
    let known = |w: &str| lexicon.available().then(|| lexicon.check(w));
    let shares_at = |decide_at: f32| -> Vec<WordShares> {
        doc.pages
            .iter()
            .map(|p| word_shares(&p.lines, &known, decide_at, t))
            .collect()
    };
    // Which pages are below the page threshold; the document's median share only matters when
    // one is (fewer look-ups in the word list for the usual document).
    let mut shares = shares_at(t.garbage_known_share);
    if shares
        .iter()
        .any(|s| s.danish.is_some_and(|d| d < t.garbage_known_share))
    {
        shares = shares_at(t.danish_document_share);
    }
    let mut danish: Vec<f32> = shares.iter().filter_map(|s| s.danish).collect();
    danish.sort_by(f32::total_cmp);
    let document_danish = danish.get(danish.len() / 2).copied();
    let mut wanted: Vec<(usize, &'static str)> = Vec::new();
    for (k, page) in doc.pages.iter().enumerate() {
        if doc.page_failed(page.number) {
            continue;
        }
        // Only a page with little text needs to know how much of it is image.
        let image_share = if shares[k].chars >= t.little_text_chars {
            0.0
        } else {
            image_share(k, page)
        };
        let reason = match mode {
            OcrMode::Never => None,
            OcrMode::Always => Some("--ocr always"),
            OcrMode::Auto => unusable_text_layer(&shares[k], image_share, document_danish, t),
        };
        if let Some(r) = reason {
            wanted.push((k, r));
        }
    }
    wanted
}

/// How word-like a page's text layer is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordShares {
    /// Characters of text (without spaces).
    pub chars: usize,
    /// Tokens of `min_token_chars` or more characters.
    pub tokens: usize,
    /// Share of those tokens that look like words in any language: letters only (any script),
    /// and a vowel when they are Latin. Garbage from a font without a Unicode map is symbols,
    /// private-use characters and runs of consonants.
    pub wordlike: f32,
    /// Share of the sampled Latin tokens the Danish word list knows (`None` without the list
    /// or with too few Latin tokens). Exact below the `decide_at` share [`word_shares`] was
    /// given; at or above it, a lower bound that is still at or above it (the look-ups stop
    /// there).
    pub danish: Option<f32>,
}

/// Measures a page's text layer. The Danish share is only ever compared with a threshold, so
/// it is exact only below `decide_at`: `garbage_known_share` tells which pages fall below it,
/// `danish_document_share` gives the document's median too.
pub fn word_shares(
    lines: &[Line],
    known_word: &dyn Fn(&str) -> Option<bool>,
    decide_at: f32,
    t: &Thresholds,
) -> WordShares {
    let chars: usize = lines
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| w.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let tokens: Vec<&str> = lines
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| w.text.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= t.min_token_chars)
        // Figures are neither words nor garbage.
        .filter(|w| {
            !w.chars()
                .all(|c| c.is_ascii_digit() || ".,:/%-".contains(c))
        })
        .collect();
    let latin = |c: char| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c);
    let wordlike = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !w.chars().any(|c| ('\u{e000}'..='\u{f8ff}').contains(&c))
            && (!w.chars().any(latin)
                || w.chars()
                    .any(|c| "aeiouyæøåAEIOUYÆØÅéÉáàäöüÄÖÜ".contains(c)))
    };
    let latin_words: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|w| w.chars().all(latin))
        .collect();
    // A sample spread over the page is enough to tell Danish from garbage, and the word list
    // is too slow to ask about every word of every page.
    let step = (latin_words.len() / t.danish_sample_words).max(1);
    let mut sample: Vec<&str> = latin_words.iter().copied().step_by(step).collect();
    WordShares {
        chars,
        tokens: tokens.len(),
        wordlike: if tokens.is_empty() {
            1.0
        } else {
            tokens.iter().filter(|w| wordlike(w)).count() as f32 / tokens.len() as f32
        },
        danish: danish_share(&mut sample, known_word, decide_at, t),
    }
}

/// The share of `sample` the word list knows, exact below `decide_at`: the look-ups stop once
/// that share is known, and go shortest word first (a long compound costs the word list a
/// hundred times a short word).
fn danish_share(
    sample: &mut [&str],
    known_word: &dyn Fn(&str) -> Option<bool>,
    decide_at: f32,
    t: &Thresholds,
) -> Option<f32> {
    if sample.len() < t.garbage_min_words {
        return None;
    }
    let enough = (decide_at * sample.len() as f32).ceil() as usize;
    sample.sort_by_key(|w| (w.len(), *w));
    let mut known = 0;
    for w in sample.iter() {
        match known_word(w) {
            None => return None,
            Some(true) => known += 1,
            Some(false) => {}
        }
        if known >= enough {
            break;
        }
    }
    Some(known as f32 / sample.len() as f32)
}

/// Why a page's text layer cannot be used, when it cannot: no text over an image, too little
/// text for the image over it, or text that is not words — by its form in any language, or,
/// in a document whose other pages are Danish (`document_danish`: the median Danish share of
/// its pages), by the Danish word list (a font without a Unicode map on some pages).
pub fn unusable_text_layer(
    page: &WordShares,
    image_share: f32,
    document_danish: Option<f32>,
    t: &Thresholds,
) -> Option<&'static str> {
    if page.chars == 0 {
        return (image_share > 0.0).then_some("no text layer");
    }
    if page.chars < t.little_text_chars && image_share >= t.image_over_text {
        return Some("little text over a page image");
    }
    if page.tokens < t.garbage_min_words {
        return None;
    }
    if page.wordlike < t.garbage_known_share {
        return Some("text layer is not words");
    }
    match (page.danish, document_danish) {
        (Some(p), Some(d)) if d >= t.danish_document_share && p < t.garbage_known_share => {
            Some("text layer is not Danish words")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::THRESHOLDS;
    use super::*;
    use crate::model::{BBox, Style, Word};

    #[test]
    fn danish_share_stops_once_decided_and_is_exact_below() {
        let t = &THRESHOLDS;
        // The early stop is only exact if the page threshold is not above the document one.
        assert!(t.garbage_known_share <= t.danish_document_share);
        let words: Vec<String> = (0..40).map(|k| format!("ord{k:02}")).collect();
        let mut sample: Vec<&str> = words.iter().map(String::as_str).collect();
        let asked = std::cell::Cell::new(0);
        let all_known = |_: &str| {
            asked.set(asked.get() + 1);
            Some(true)
        };
        let half = t.danish_document_share;
        assert_eq!(danish_share(&mut sample, &all_known, half, t), Some(0.5));
        assert_eq!(asked.get(), 20, "stops once half the sample is known");
        asked.set(0);
        assert_eq!(danish_share(&mut sample, &all_known, 0.3, t), Some(0.3));
        assert_eq!(asked.get(), 12);
        let quarter_known = |w: &str| Some(w < "ord10");
        assert_eq!(
            danish_share(&mut sample, &quarter_known, half, t),
            Some(0.25)
        );
        assert_eq!(
            danish_share(&mut sample, &quarter_known, 0.3, t),
            Some(0.25)
        );
        assert_eq!(danish_share(&mut sample, &|_: &str| None, half, t), None);
        assert_eq!(danish_share(&mut sample[..19], &all_known, half, t), None);
    }

    #[test]
    fn unusable_text_layers_are_told_apart() {
        let none = |_: &str| None;
        let line = |text: &str| {
            Line::new(
                text.split(' ')
                    .enumerate()
                    .map(|(k, t)| Word {
                        text: t.into(),
                        bbox: BBox::new(k as f32 * 30.0, 0.0, k as f32 * 30.0 + 25.0, 10.0),
                        style: Style {
                            font: Arc::from("f"),
                            size: 10.0,
                            bold: false,
                            italic: false,
                        },
                    })
                    .collect(),
            )
        };
        let t = &THRESHOLDS;
        let judge = |lines: &[Line], image: f32, doc: Option<f32>| {
            unusable_text_layer(&word_shares(lines, &none, 0.5, t), image, doc, t)
        };
        assert_eq!(judge(&[], 1.0, None), Some("no text layer"));
        assert_eq!(judge(&[], 0.0, None), None);
        assert_eq!(
            judge(&[line("Side 3")], 0.95, None),
            Some("little text over a page image")
        );
        let danish = [line(
            "Det indstilles at KKR Nordjylland tager orienteringen til efterretning og at kommunerne drøfter hvordan opgaven løses bedst muligt i den kommende periode med samarbejde",
        )];
        assert_eq!(judge(&danish, 0.0, None), None);
        let garbage = [line(
            "#$% Bkdq ]]] Xgtr !!^ Qwrt 1#2 Zzkk ~~~ Ptrk %%% Hjkl &&& Mnbv @@@ Wxcv Rtzp ))) Sdfg Lkjh Vbnm Qqqq Tttt Kkkk Dddd Ffff Grrt Bnnx Cvvk Jkkl",
        )];
        assert_eq!(judge(&garbage, 0.0, None), Some("text layer is not words"));
        // Other scripts are words too.
        let arabic = [line(
            "هذا نص عربي طويل بما يكفي لكي يحكم عليه كنص حقيقي وليس كحروف عشوائية من خط بدون خريطة يونيكود في ملف الوثيقة هذه مرة أخرى للتأكد",
        )];
        assert_eq!(judge(&arabic, 0.0, None), None);
        // The Danish word list judges only in a Danish document.
        let english = [line(
            "The committee approved the budget for the coming year and asked the administration to report back on the progress of the regional climate plan before the summer break",
        )];
        let not_danish = |w: &str| Some(w == "budget" || w == "plan");
        let shares = word_shares(&english, &not_danish, t.danish_document_share, t);
        assert_eq!(unusable_text_layer(&shares, 0.0, None, t), None);
        assert_eq!(unusable_text_layer(&shares, 0.0, Some(0.2), t), None);
        assert_eq!(
            unusable_text_layer(&shares, 0.0, Some(0.8), t),
            Some("text layer is not Danish words")
        );
    }
}
