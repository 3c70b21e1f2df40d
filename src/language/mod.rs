//! The Danish language resources shared by the stages, in one place: the word list
//! (hunspell-da, when installed) behind the repair of line-end hyphens and of glyph widths
//! ([`lexicon`]), and the rules of Danish text the stages agree on ([`danish`]).

pub mod danish;
pub mod headings;
pub mod lexicon;
