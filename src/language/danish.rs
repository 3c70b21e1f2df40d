//! Danish text rules the stages share: which characters break a word at a line end, and the
//! words after a hyphen that mark a suspended compound ("anlægs- og byggeopgaver"). Repair
//! (line-end hyphens), input (a lone hyphen glyph) and structure (hyphens in table cells) all
//! read them from here.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_and_conjunctions() {
        assert!(is_break_hyphen('\u{fffd}') && !is_hyphen_glyph('\u{fffd}'));
        assert!(is_soft_hyphen('\u{ad}') && !is_soft_hyphen('-'));
        assert!(is_conjunction("samt") && !is_conjunction("Og"));
    }
}
