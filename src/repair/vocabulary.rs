//! The evidence repair decides line-end hyphens with: the document's own mid-line spellings
//! ([`midline_words`]), the spellings of the whole batch ([`BatchVocabulary`]) and the Danish
//! word list ([`Evidence`]), and the decisions the batch could still overturn
//! ([`OpenDecision`]).

use std::collections::HashSet;

use crate::language::lexicon::Lexicon;
use crate::model::Document;

/// The mid-line spellings of every document in a batch (lowercased, punctuation trimmed): the
/// batch as a lexicon. Built from the text before any join, so one document's decisions never
/// become another's evidence.
#[derive(Debug, Clone, Default)]
pub struct BatchVocabulary {
    words: HashSet<Box<str>>,
}

impl BatchVocabulary {
    /// Adds one document's spellings (see [`super::Repaired::vocabulary`]).
    pub fn extend(&mut self, words: HashSet<String>) {
        self.words
            .extend(words.into_iter().map(String::into_boxed_str));
    }

    /// Every spelling, sorted (the form a run stores it in).
    pub fn sorted(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.words.iter().map(|w| &**w).collect();
        v.sort_unstable();
        v
    }

    /// Whether some document writes `word` (a lowercased key) mid-line.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Number of distinct spellings.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no spelling was added.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether this vocabulary would change a decision recorded in `open`: it holds a spelling
    /// that contradicts the decision and not the one that agrees with it.
    pub fn settles_any(&self, open: &[OpenDecision]) -> bool {
        open.iter().any(|o| {
            self.contains(&o.contradicting)
                && !o.agreeing.as_deref().is_some_and(|a| self.contains(a))
        })
    }
}

/// A decision made by the word list or a typographic rule that batch evidence could overturn:
/// the spelling that would overturn it, and the one that confirms it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenDecision {
    /// Spelling (lowercased) whose use elsewhere contradicts the decision.
    pub contradicting: String,
    /// Spelling (lowercased) whose use elsewhere confirms it, where there is one.
    pub agreeing: Option<String>,
}

/// The evidence repair decides with.
#[derive(Clone, Copy)]
pub struct Evidence<'a> {
    /// The Danish word list (possibly unavailable).
    pub words: &'a Lexicon,
    /// The batch's spellings; `None` on a first pass, before the batch has been read.
    pub batch: Option<&'a BatchVocabulary>,
}

impl Evidence<'_> {
    /// Whether the batch overturns a decision of the word list or the typographic rules: it
    /// holds the spelling that contradicts it (see [`BatchVocabulary::settles_any`]). On a first
    /// pass, without the batch, the decision stands and is recorded in `open`.
    pub(super) fn batch_overturns(&self, o: OpenDecision, open: &mut Vec<OpenDecision>) -> bool {
        match self.batch {
            Some(batch) => batch.settles_any(std::slice::from_ref(&o)),
            None => {
                open.push(o);
                false
            }
        }
    }
}

/// `s` without the punctuation around it, lowercased: the form spellings are compared in.
pub(super) fn key(s: &str) -> String {
    trimmed(s).to_lowercase()
}

/// `s` without the punctuation around it.
pub(super) fn trimmed(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Lowercased words that do not end a line: the document's own spelling, used as evidence for
/// whether a line-end hyphen is part of the word.
pub(super) fn midline_words(doc: &Document) -> HashSet<String> {
    let mut set = HashSet::new();
    // Most words are seen before and need no lower-casing: only new ones are copied.
    let unchanged_by_lowercase = |s: &str| {
        s.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        })
    };
    for line in doc.pages.iter().flat_map(|p| &p.lines) {
        let n = line.words.len();
        for w in line.words.iter().take(n.saturating_sub(1)) {
            let t = trimmed(&w.text);
            if !unchanged_by_lowercase(t) {
                set.insert(key(t));
            } else if !set.contains(t) {
                set.insert(t.to_string());
            }
        }
    }
    set
}
