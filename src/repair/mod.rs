//! Text repair: removes running headers, footers and page numbers, joins words split by a
//! hyphen at the end of a line, and normalises the text. Works on the document model and returns
//! it changed, with a log of every change. This file holds the entry ([`repair`],
//! [`repair_with`]), its thresholds and its result; each step has its own file:
//!
//! - `normalize.rs`: ligatures and Unicode NFC;
//! - `codes.rs`: case numbers, dates and amounts misread by OCR;
//! - `furniture.rs`: running headers, footers and page numbers;
//! - `hyphens.rs`: words split by a hyphen at a line end;
//! - `leftovers.rs`: hyphens an earlier extraction left inside words of text files;
//! - `vocabulary.rs`: the evidence the hyphen decisions weigh (the document's and the batch's
//!   spellings, the word list) and the decisions the batch could overturn;
//! - `log.rs`: the record of every change, and why it was made.
//!
//! A line-end hyphen is decided by evidence, strongest first: the document's own mid-line
//! spellings, the rules no word list can judge (codes, numbers, soft hyphens), the spellings of
//! the whole batch ([`BatchVocabulary`]) where they contradict what the weaker evidence would
//! decide, the Danish word list, and last the typographic rules.

mod codes;
mod furniture;
mod hyphens;
mod leftovers;
mod log;
mod normalize;
mod vocabulary;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::model::Document;

pub use log::{Repair, RepairLog, Rule};
pub use vocabulary::{BatchVocabulary, Evidence, OpenDecision};

/// The thresholds of the repair stage, in one place.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// Lines whose top lies in this top share of the page may be running headers.
    pub header_band: f32,
    /// Lines whose bottom lies in this bottom share of the page may be running footers.
    pub footer_band: f32,
    /// Lines at the same height (within `same_position_tolerance` points) with the same text on
    /// many pages are furniture anywhere in this top share of the page…
    pub header_margin: f32,
    /// …or this bottom share.
    pub footer_margin: f32,
    /// Two lines are at the same height when their tops differ by less than this (points).
    pub same_position_tolerance: f32,
    /// A band line repeated (digits ignored) on at least this share of pages is furniture…
    pub furniture_page_share: f32,
    /// …and on at least this many pages.
    pub furniture_min_pages: usize,
    /// A band line that ends in a full stop, or is bold, must repeat on this share of pages.
    pub sentence_furniture_share: f32,
    /// OCR'd pages: a band line whose letters are this similar (normalised edit similarity) to
    /// band lines on enough other pages is furniture (OCR reads the same header differently on
    /// every page).
    pub ocr_furniture_similarity: f64,
    /// OCR'd pages: a band line with fewer characters than this in its letters key (its words
    /// in letters only, spaces between) is too short to compare.
    pub ocr_furniture_min_chars: usize,
    /// OCR'd pages: a band line of at least this many words may also match word for word (OCR
    /// may drop a word of a header).
    pub ocr_furniture_min_words: usize,
    /// A line-end stem written elsewhere in the document before a hyphen ("Corona-krisen")
    /// keeps the hyphen only when it has at least this many characters.
    pub document_prefix_min_chars: usize,
    /// Two words the word list knows, joined by a line-end hyphen, are a hyphenated compound
    /// only when the first has at least this many characters (else it is a fragment).
    pub dictionary_compound_min_chars: usize,
    /// Text files: a hyphenated word written at least this many times is the author's spelling,
    /// not a leftover of a line break.
    pub author_spelling_min_count: usize,
    /// OCR'd pages: case numbers, dates, times and amounts misread (`5AG-2O20-04l59`) are put
    /// right where their pattern leaves no doubt (`codes.rs`).
    pub ocr_codes: bool,
    /// OCR'd pages: a figure run into its `%` (`2,0%`) is spaced (`2,0 %`) when the document
    /// writes a figure and a spaced `%` at least this many times (Tesseract drops the space
    /// between them, never adds one; 0 turns the repair off).
    pub ocr_percent_space_min: usize,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    header_band: 0.10,
    footer_band: 0.10,
    header_margin: 0.25,
    footer_margin: 0.15,
    same_position_tolerance: 2.0,
    furniture_page_share: 0.4,
    furniture_min_pages: 2,
    sentence_furniture_share: 0.8,
    ocr_furniture_similarity: 0.8,
    ocr_furniture_min_chars: 4,
    ocr_furniture_min_words: 2,
    document_prefix_min_chars: 3,
    dictionary_compound_min_chars: 3,
    author_spelling_min_count: 2,
    ocr_codes: true,
    ocr_percent_space_min: 2,
};

impl Default for Thresholds {
    /// The thresholds used ([`THRESHOLDS`]).
    fn default() -> Thresholds {
        THRESHOLDS
    }
}

/// The repaired document and what repair learnt about it.
pub struct Repaired {
    /// The document, changed.
    pub doc: Document,
    /// Every change made.
    pub log: RepairLog,
    /// The document's mid-line spellings before any join, for the batch vocabulary.
    pub vocabulary: HashSet<String>,
    /// Decisions that batch evidence could overturn.
    pub open: Vec<OpenDecision>,
}

/// Compiles repair's patterns now instead of at their first use (a caller can do this on
/// another thread while it reads its first input).
pub fn prepare() {
    crate::language::danish::prepare();
    furniture::prepare();
    codes::prepare();
}

/// Runs every repair step on the document with the given evidence and the default thresholds.
pub fn repair(doc: Document, evidence: Evidence) -> Repaired {
    repair_with(doc, evidence, &THRESHOLDS)
}

/// Runs every repair step on the document with the given evidence and thresholds.
pub fn repair_with(mut doc: Document, evidence: Evidence, t: &Thresholds) -> Repaired {
    let mut log = RepairLog::default();
    let mut open = Vec::new();
    normalize::normalize_text(&mut doc);
    codes::repair_codes(&mut doc, t, &mut log);
    codes::space_percent(&mut doc, t, &mut log);
    furniture::remove_furniture(&mut doc, t, &mut log);
    let vocabulary = vocabulary::midline_words(&doc);
    hyphens::join_hyphens(&mut doc, &vocabulary, evidence, t, &mut log, &mut open);
    leftovers::join_inline_leftovers(&mut doc, evidence, t, &mut log, &mut open);
    Repaired {
        doc,
        log,
        vocabulary,
        open,
    }
}
