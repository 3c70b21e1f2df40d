//! Text normalisation, the first repair step: typographic ligatures expanded to their letters
//! and every word in Unicode NFC, so later steps compare words as they read.

use crate::model::Document;

/// Typographic ligatures expanded to their letters.
const LIGATURES: &[(char, &str)] = &[
    ('\u{fb00}', "ff"),
    ('\u{fb01}', "fi"),
    ('\u{fb02}', "fl"),
    ('\u{fb03}', "ffi"),
    ('\u{fb04}', "ffl"),
    ('\u{fb05}', "st"),
    ('\u{fb06}', "st"),
];

/// Expands ligatures and puts every word in Unicode NFC (so "å" is one code point whichever
/// way the PDF or text file wrote it).
pub(super) fn normalize_text(doc: &mut Document) {
    use unicode_normalization::{is_nfc, UnicodeNormalization};
    for w in doc
        .pages
        .iter_mut()
        .flat_map(|p| p.lines.iter_mut())
        .flat_map(|l| l.words.iter_mut())
    {
        if w.text
            .chars()
            .any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c))
        {
            let mut out = String::with_capacity(w.text.len() + 2);
            for c in w.text.chars() {
                match LIGATURES.iter().find(|(l, _)| *l == c) {
                    Some((_, s)) => out.push_str(s),
                    None => out.push(c),
                }
            }
            w.text = out;
        }
        if !is_nfc(&w.text) {
            w.text = w.text.nfc().collect();
        }
    }
}
