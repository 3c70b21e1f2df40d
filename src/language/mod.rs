//! The Danish language resources shared by the stages: the word list (hunspell-da, when
//! installed) behind the repair of line-end hyphens and of glyph widths.

pub mod lexicon;
