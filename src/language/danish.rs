//! Danish text rules the stages share: which characters break a word at a line end, the
//! words after a hyphen that mark a suspended compound ("anlægs- og byggeopgaver"), the prefixes
//! never written with a hyphen ("til-læg" is a leftover of a line break) and how a page number
//! is printed ("Side 3 af 30"). Repair (line-end hyphens, page furniture), input (a lone hyphen
//! glyph) and structure (hyphens in table cells) read them from here.

use std::sync::LazyLock;

use regex::Regex;

/// The characters that can end a line-broken word: hyphen-minus, soft hyphen, the Unicode
/// hyphen, and U+FFFD (a soft hyphen some PDF producers leave without a Unicode mapping).
pub fn is_break_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{fffd}')
}

/// A hyphen glyph as printed: hyphen-minus, soft hyphen or the Unicode hyphen (not U+FFFD,
/// which is only taken for a hyphen at a line end).
pub fn is_hyphen_glyph(c: char) -> bool {
    matches!(c, '-' | '\u{ad}' | '\u{2010}')
}

/// A soft hyphen (or its unmapped glyph): a break the typesetter made, never printed text.
pub fn is_soft_hyphen(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{fffd}')
}

/// Words after a hyphen that mark a shared-suffix compound: "anlægs- og byggeopgaver" (Danish,
/// and the English of bilingual documents).
pub const CONJUNCTIONS: &[&str] = &["og", "eller", "samt", "til", "and", "or"];

/// Whether `word` (lower case) is one of [`CONJUNCTIONS`].
pub fn is_conjunction(word: &str) -> bool {
    CONJUNCTIONS.contains(&word)
}

/// Danish verbal prefixes that are never followed by a hyphen in running text: "til-læg",
/// "for-handlingerne" are leftovers of line breaks.
pub const UNHYPHENATED_PREFIXES: &[&str] = &[
    "af", "be", "for", "fore", "ind", "mod", "om", "op", "over", "sam", "til", "ud", "under",
];

/// Whether `word` (lower case) is one of [`UNHYPHENATED_PREFIXES`].
pub fn is_unhyphenated_prefix(word: &str) -> bool {
    UNHYPHENATED_PREFIXES.contains(&word)
}

/// A page number as printed: "Side 3", "Side 3 af 30", "Side 3/30", a bare number ("4",
/// "- 4 -"), "3/30", or the English "Page 3 of 30".
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:side\s+\d+(?:\s*(?:af|/)\s*\d+)?|[-–]?\s*\d{1,4}\s*[-–]?|\d+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)$")
        .unwrap()
});

/// Whether `text` (trimmed) is a page number alone, in one of the forms above.
pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text)
}

/// Whether `text` (trimmed) is a page number that says so in Danish ("Side 3 af 30"): the one
/// kind a text file keeps from the PDF it was taken from, and can be told from a number alone.
pub fn is_side_page_number(text: &str) -> bool {
    text.to_lowercase().starts_with("side ") && is_page_number(text)
}

/// Compiles the patterns here now instead of at their first use.
pub fn prepare() {
    LazyLock::force(&PAGE_NUMBER);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_and_conjunctions() {
        assert!(is_break_hyphen('\u{fffd}') && !is_hyphen_glyph('\u{fffd}'));
        assert!(is_soft_hyphen('\u{ad}') && !is_soft_hyphen('-'));
        assert!(is_conjunction("samt") && !is_conjunction("Og"));
    }

    #[test]
    fn prefixes_and_page_numbers() {
        assert!(is_unhyphenated_prefix("til") && !is_unhyphenated_prefix("Til"));
        assert!(is_page_number("Side 3 af 30"));
        assert!(is_page_number("- 4 -"));
        assert!(!is_page_number("Beslutning"));
        assert!(is_side_page_number("Side 3/30") && !is_side_page_number("4"));
    }
}
