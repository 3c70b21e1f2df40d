//! Text repair: removes running headers, footers and page numbers, joins words split by a
//! hyphen at the end of a line, and normalises the text. Works on the document model and returns
//! it changed, with a log of every change.
//!
//! A line-end hyphen is decided by evidence, strongest first: the document's own mid-line
//! spellings, the rules no word list can judge (codes, numbers, soft hyphens), the spellings of
//! the whole batch ([`BatchVocabulary`]) where they contradict what the weaker evidence would
//! decide, the Danish word list, and last the typographic rules.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::language::lexicon::Lexicon;
use crate::model::{Document, Line, TextSource};

/// The thresholds of the repair stage, in one place.
#[derive(Debug, Clone, Copy)]
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
};

/// Why a repair was made; written to `repairs.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A line repeated in the top or bottom band of many pages.
    RunningHeader,
    /// A bare page number or "Side N af M".
    PageNumber,
    /// A soft hyphen (U+00AD, or its unmapped glyph) at a line end: always a hyphenation.
    SoftHyphen,
    /// The document writes the joined word elsewhere.
    DocumentJoined,
    /// The document writes the hyphenated word elsewhere.
    DocumentHyphenated,
    /// The document writes other compounds with this first part and a hyphen ("Corona-krise").
    DocumentPrefix,
    /// A number, code or abbreviation before the hyphen ("DK-", "2020-", "KKR-").
    CodeOrNumber,
    /// The next line starts with a capital or digit: a compound, not a hyphenation.
    CapitalAfter,
    /// Nothing else decided: a lowercase word split at a hyphen is joined.
    LowercaseJoin,
    /// A lone hyphen before a word ("og -deling"): kept on the word.
    SuspendedCompound,
    /// The Danish word list knows the joined word.
    Dictionary,
    /// The word list knows both halves but not the joined word: a hyphenated compound.
    DictionaryCompound,
    /// Text files: a hyphen left inside a word by an earlier extraction ("til-læg"), joined
    /// because the document writes the word joined elsewhere, or the first part is a Danish
    /// prefix and the word list knows the whole.
    InlineLeftover,
    /// Another document of the batch writes the joined word (and none the hyphenated one),
    /// against what the word list or the typographic rules would decide.
    BatchJoined,
    /// Another document of the batch writes the hyphenated word (and none the joined one),
    /// against what the word list or the typographic rules would decide.
    BatchHyphenated,
}

impl Rule {
    /// The value written to the `rule` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::RunningHeader => "running_header",
            Rule::PageNumber => "page_number",
            Rule::SoftHyphen => "soft_hyphen",
            Rule::DocumentJoined => "document_joined",
            Rule::DocumentHyphenated => "document_hyphenated",
            Rule::DocumentPrefix => "document_prefix",
            Rule::CodeOrNumber => "code_or_number",
            Rule::CapitalAfter => "capital_after",
            Rule::LowercaseJoin => "lowercase_join",
            Rule::SuspendedCompound => "suspended_compound",
            Rule::Dictionary => "dictionary",
            Rule::DictionaryCompound => "dictionary_compound",
            Rule::InlineLeftover => "inline_leftover",
            Rule::BatchJoined => "batch_joined",
            Rule::BatchHyphenated => "batch_hyphenated",
        }
    }
}

/// One change the repair stage made, for auditing (and undoing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Page of the text changed (for a join, the page of the first half).
    pub page: u32,
    /// The text before: a removed line, or a split word as `first-|second` (`|` is the line end).
    pub original: String,
    /// The text after: empty for a removed line, the joined word otherwise.
    pub repaired: String,
    /// Why.
    pub rule: Rule,
}

/// What the repair stage changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairLog {
    /// Every change, in document order per step.
    pub repairs: Vec<Repair>,
}

/// The mid-line spellings of every document in a batch (lowercased, punctuation trimmed): the
/// batch as a lexicon. Built from the text before any join, so one document's decisions never
/// become another's evidence.
#[derive(Debug, Clone, Default)]
pub struct BatchVocabulary {
    words: HashSet<Box<str>>,
}

impl BatchVocabulary {
    /// Adds one document's spellings (see [`Repaired::vocabulary`]).
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

impl RepairLog {
    /// Number of repairs made by `rule`.
    pub fn count(&self, rule: Rule) -> usize {
        self.repairs.iter().filter(|r| r.rule == rule).count()
    }

    fn push(&mut self, page: u32, original: String, repaired: String, rule: Rule) {
        self.repairs.push(Repair {
            page,
            original,
            repaired,
            rule,
        });
    }
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:side\s+\d+(?:\s*(?:af|/)\s*\d+)?|[-–]?\s*\d{1,4}\s*[-–]?|\d+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)$")
        .unwrap()
});

/// Compiles repair's patterns now instead of at their first use (see
/// [`crate::pipeline::prepare_in_background`]).
pub fn prepare() {
    LazyLock::force(&PAGE_NUMBER);
    LazyLock::force(&CASE_CODE);
}

/// Runs every repair step on the document with the given evidence.
pub fn repair(mut doc: Document, evidence: Evidence) -> Repaired {
    let mut log = RepairLog::default();
    let mut open = Vec::new();
    normalize_text(&mut doc);
    remove_furniture(&mut doc, &THRESHOLDS, &mut log);
    let vocabulary = midline_words(&doc);
    join_hyphens(&mut doc, &vocabulary, evidence, &mut log, &mut open);
    join_inline_leftovers(&mut doc, evidence, &mut log, &mut open);
    Repaired {
        doc,
        log,
        vocabulary,
        open,
    }
}

/// Digits folded to `#` and spaces squeezed, so "Side 3 af 30" and "Side 4 af 30" compare equal.
/// A case code at the top of a page (`EMN-2014-007440`) keeps its digits: only the same code
/// repeated is furniture.
fn furniture_key(text: &str) -> String {
    if CASE_CODE.is_match(text.trim()) {
        return text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    let mut s = String::with_capacity(text.len());
    let mut last = ' ';
    for c in text.chars() {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if (c == '#' && last == '#') || (c.is_whitespace() && last.is_whitespace()) {
            continue;
        }
        s.push(if c.is_whitespace() { ' ' } else { c });
        last = c;
    }
    s.trim().to_lowercase()
}

/// A case code at the start of a line (`EMN-2014-007440`, `SAG-2020-04159 hlth`, a KLE
/// number `00.22.00-G01-1-16`): its digits are what it says.
static CASE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-ZÆØÅ]{2,5}-\d{4}-\d+|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-)").unwrap()
});

/// The words of a line in letters only, lower-cased and sorted (OCR may read the parts of a
/// header in another order).
fn letters_key(text: &str) -> String {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.join(" ")
}

/// Whether band line `a` is a reading of band line `b`: as a whole, or word for word (OCR
/// may drop a word of a header).
fn same_furniture(a: &str, b: &str, similarity: f64) -> bool {
    if strsim::normalized_levenshtein(a, b) >= similarity {
        return true;
    }
    let words: Vec<&str> = a.split(' ').collect();
    words.len() >= 2
        && words.iter().all(|w| {
            b.split(' ')
                .any(|v| strsim::normalized_levenshtein(w, v) >= similarity)
        })
}

fn in_margin(line: &Line, height: f32, t: &Thresholds) -> bool {
    height > 0.0
        && (line.bbox.top < height * t.header_margin
            || line.bbox.bottom > height * (1.0 - t.footer_margin))
}

/// The line's height on the page, in slots of the position tolerance.
fn y_slot(line: &Line, t: &Thresholds) -> i32 {
    (line.bbox.top / t.same_position_tolerance).round() as i32
}

fn in_band(line: &Line, height: f32, t: &Thresholds) -> bool {
    height > 0.0
        && (line.bbox.top < height * t.header_band
            || line.bbox.bottom > height * (1.0 - t.footer_band))
}

/// Removes lines that repeat in the top or bottom band of many pages, and bare page numbers
/// there. Text files have no page geometry: only "Side N af M" lines are removed from them.
fn remove_furniture(doc: &mut Document, t: &Thresholds, log: &mut RepairLog) {
    let pages_with_text = doc.pages.iter().filter(|p| !p.lines.is_empty()).count();
    // Two kinds of repetition: the same text anywhere in the narrow bands, and the same text at
    // the same height anywhere in the wider margins (headers several lines deep).
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut placed: HashMap<(String, i32), usize> = HashMap::new();
    for page in &doc.pages {
        if page.text_source == TextSource::File {
            continue;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut seen_at: HashSet<(String, i32)> = HashSet::new();
        for line in &page.lines {
            let (band, margin) = (
                in_band(line, page.height, t),
                in_margin(line, page.height, t),
            );
            if !band && !margin {
                continue;
            }
            let k = furniture_key(&line.text());
            if band {
                seen.insert(k.clone());
            }
            if margin {
                seen_at.insert((k, y_slot(line, t)));
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
        for k in seen_at {
            *placed.entry(k).or_default() += 1;
        }
    }
    let min = t
        .furniture_min_pages
        .max((pages_with_text as f32 * t.furniture_page_share).ceil() as usize);
    // The letters of every band line, per page, for the fuzzy comparison of OCR'd pages (only
    // wanted when there are some).
    let any_ocr = doc.pages.iter().any(|p| p.text_source == TextSource::Ocr);
    let band_pages = if any_ocr { &doc.pages[..] } else { &[] };
    let band_letters: Vec<Vec<String>> = band_pages
        .iter()
        .map(|page| {
            if page.text_source == TextSource::File {
                return Vec::new();
            }
            page.lines
                .iter()
                .filter(|l| in_band(l, page.height, t))
                .map(|l| letters_key(&l.text()))
                .filter(|k| k.chars().count() >= 4)
                .collect()
        })
        .collect();
    let repeated_ocr = |key: &str| {
        key.chars().count() >= 4
            && band_letters
                .iter()
                .filter(|page| {
                    page.iter()
                        .any(|k| same_furniture(key, k, t.ocr_furniture_similarity))
                })
                .count()
                >= min
    };
    for page in &mut doc.pages {
        let height = page.height;
        let number = page.number;
        let file = page.text_source == TextSource::File;
        let ocr = page.text_source == TextSource::Ocr;
        let mut removed: Vec<(f32, f32)> = Vec::new();
        page.lines.retain(|line| {
            let (band, margin) = (in_band(line, height, t), in_margin(line, height, t));
            if !file && !band && !margin {
                return true;
            }
            let text = line.text();
            if file {
                let page_no = text.trim().to_lowercase().starts_with("side ")
                    && PAGE_NUMBER.is_match(text.trim());
                if page_no {
                    log.push(number, text.clone(), String::new(), Rule::PageNumber);
                }
                return !page_no;
            }
            let key = furniture_key(&text);
            // A sentence at the top of a page ("Godkendt.", a decision repeated from item to
            // item) is furniture only when nearly every page prints it.
            // So is a bold line there (a section heading or a decision heading at the top of
            // a page): running headers repeat on almost every page.
            let needed = if text.trim_end().ends_with('.') || line.is_bold() {
                min.max((pages_with_text as f32 * t.sentence_furniture_share).ceil() as usize)
            } else {
                min
            };
            if margin
                && placed
                    .get(&(key.clone(), y_slot(line, t)))
                    .copied()
                    .unwrap_or(0)
                    >= needed
            {
                log.push(number, text, String::new(), Rule::RunningHeader);
                return false;
            }
            if !band {
                return true;
            }
            if PAGE_NUMBER.is_match(text.trim()) {
                log.push(number, text, String::new(), Rule::PageNumber);
                return false;
            }
            if counts.get(&key).copied().unwrap_or(0) >= needed
                || ocr && repeated_ocr(&letters_key(&text))
            {
                removed.push((line.bbox.top, line.bbox.bottom));
                log.push(number, text, String::new(), Rule::RunningHeader);
                return false;
            }
            true
        });
        // OCR may read a header in pieces: a piece without letters (the date, a page number)
        // beside a header taken out goes with it.
        if ocr && !removed.is_empty() {
            page.lines.retain(|line| {
                let text = line.text();
                let beside = removed
                    .iter()
                    .any(|&(top, bottom)| line.bbox.top < bottom && line.bbox.bottom > top);
                if beside && in_band(line, height, t) && !text.chars().any(char::is_alphabetic) {
                    log.push(number, text, String::new(), Rule::RunningHeader);
                    return false;
                }
                true
            });
        }
    }
}

use crate::language::danish::{is_break_hyphen, is_conjunction, is_soft_hyphen};

/// What to do with a word that ends a line in a hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// A hyphenation: drop the hyphen and join the halves ("inter-" "esser" → "interesser").
    Join,
    /// A compound broken at its hyphen: keep it and join ("Corona-" "krisen" → "Corona-krisen").
    KeepHyphen,
    /// Leave the words apart ("anlægs-" "og" stays "anlægs- og").
    Separate,
}

fn key(s: &str) -> String {
    trimmed(s).to_lowercase()
}

/// `s` without the punctuation around it.
fn trimmed(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Lowercased words that do not end a line: the document's own spelling, used as evidence for
/// whether a line-end hyphen is part of the word.
fn midline_words(doc: &Document) -> HashSet<String> {
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

/// The document's mid-line spellings, and every part of them before a hyphen ("corona" of
/// "corona-krisen"): whether some word starts with "stem-" is one look-up.
struct Midline<'a> {
    words: &'a HashSet<String>,
    hyphen_prefixes: HashSet<&'a str>,
}

impl<'a> Midline<'a> {
    fn of(words: &'a HashSet<String>) -> Midline<'a> {
        let hyphen_prefixes = words
            .iter()
            .flat_map(|w| w.match_indices('-').map(move |(i, _)| &w[..i]))
            .collect();
        Midline {
            words,
            hyphen_prefixes,
        }
    }
}

/// Decides a line-end hyphen from the two halves, the document's mid-line spellings and the
/// rest of the evidence; records in `open` a decision the batch could overturn.
fn decide(
    stem: &str,
    hyphen: char,
    next: &str,
    midline: &Midline,
    evidence: Evidence,
    open: &mut Vec<OpenDecision>,
) -> (Break, Rule) {
    let separate = (Break::Separate, Rule::LowercaseJoin);
    let Some(first) = next.chars().next() else {
        return separate;
    };
    // "videnopsamling og -|deling": a lone hyphen stands for a left-out first part.
    if stem.is_empty() && hyphen == '-' && first.is_lowercase() {
        return (Break::KeepHyphen, Rule::SuspendedCompound);
    }
    if !stem.chars().last().is_some_and(|c| c.is_alphanumeric()) {
        return separate;
    }
    if is_conjunction(&key(next)) {
        return separate;
    }
    if is_soft_hyphen(hyphen) {
        return if first.is_alphanumeric() {
            (Break::Join, Rule::SoftHyphen)
        } else {
            separate
        };
    }
    let (stem_k, next_k) = (key(stem), key(next));
    let hyphenated = format!("{stem_k}-{next_k}");
    let joined = format!("{stem_k}{next_k}");
    if midline.words.contains(&hyphenated) {
        return (Break::KeepHyphen, Rule::DocumentHyphenated);
    }
    if midline.words.contains(&joined) {
        return (Break::Join, Rule::DocumentJoined);
    }
    if stem_k.chars().count() >= 3 && midline.hyphen_prefixes.contains(stem_k.as_str()) {
        return (Break::KeepHyphen, Rule::DocumentPrefix);
    }
    let stem_letters: Vec<char> = stem.chars().filter(|c| c.is_alphabetic()).collect();
    // Only the part after the stem's last hyphen counts: "C40-byer-" + "ne" is a hyphenation of
    // "byerne", "DK-" + "2020" is not.
    let last_part = stem.rsplit('-').next().unwrap_or(stem);
    let part_letters: Vec<char> = last_part.chars().filter(|c| c.is_alphabetic()).collect();
    let compound_prefix = stem_letters.is_empty()
        || part_letters.is_empty()
        || part_letters.iter().all(|c| c.is_uppercase())
        || last_part.chars().last().is_some_and(|c| c.is_ascii_digit());
    if compound_prefix {
        return (Break::KeepHyphen, Rule::CodeOrNumber);
    }
    let weak = decide_weak(stem, next, first, evidence.words);
    let (agreeing, contradicting, overturned) = match weak.0 {
        Break::Join => (
            joined,
            hyphenated,
            (Break::KeepHyphen, Rule::BatchHyphenated),
        ),
        Break::KeepHyphen => (hyphenated, joined, (Break::Join, Rule::BatchJoined)),
        Break::Separate => return weak,
    };
    let o = OpenDecision {
        contradicting,
        agreeing: Some(agreeing),
    };
    match evidence.batch {
        Some(batch) if batch.settles_any(std::slice::from_ref(&o)) => overturned,
        Some(_) => weak,
        None => {
            open.push(o);
            weak
        }
    }
}

/// The word list and the typographic rules: what decides a line-end hyphen when neither the
/// document nor a rule for codes and numbers does.
fn decide_weak(stem: &str, next: &str, first: char, words: &Lexicon) -> (Break, Rule) {
    if first.is_lowercase() && words.available() {
        let next_word = next.trim_end_matches(|c: char| !c.is_alphanumeric());
        if words.check(&format!("{stem}{next_word}")) {
            return (Break::Join, Rule::Dictionary);
        }
        // Neither half a fragment: two words joined by a hyphen ("Viden-indsatsen").
        if words.check(stem) && words.check(next_word) && stem.chars().count() >= 3 {
            return (Break::KeepHyphen, Rule::DictionaryCompound);
        }
    }
    if !first.is_lowercase() {
        (Break::KeepHyphen, Rule::CapitalAfter)
    } else {
        (Break::Join, Rule::LowercaseJoin)
    }
}

/// Joins words split by a hyphen at the end of a line with the first word of the next line.
fn join_hyphens(
    doc: &mut Document,
    midline: &HashSet<String>,
    evidence: Evidence,
    log: &mut RepairLog,
    open: &mut Vec<OpenDecision>,
) {
    let midline = Midline::of(midline);
    // Positions of all lines in reading order, across pages.
    let positions: Vec<(usize, usize)> = doc
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| (0..page.lines.len()).map(move |l| (p, l)))
        .collect();
    for pair in positions.windows(2) {
        let ((p1, l1), (p2, l2)) = (pair[0], pair[1]);
        let Some(last) = doc.pages[p1].lines[l1].words.last() else {
            continue;
        };
        let Some(h) = last.text.chars().last().filter(|&c| is_break_hyphen(c)) else {
            continue;
        };
        let stem = &last.text[..last.text.len() - h.len_utf8()];
        let Some(next) = doc.pages[p2].lines[l2].words.first() else {
            continue;
        };
        let (decision, rule) = decide(stem, h, &next.text, &midline, evidence, open);
        if decision == Break::Separate {
            if is_soft_hyphen(h) {
                // A soft hyphen is never printed text: drop it even when the word is not joined.
                doc.pages[p1].lines[l1].words.last_mut().unwrap().text.pop();
            }
            continue;
        }
        let next = doc.pages[p2].lines[l2].words.remove(0);
        let page = doc.pages[p1].number;
        let w = doc.pages[p1].lines[l1].words.last_mut().unwrap();
        let original = format!("{}|{}", w.text, next.text);
        if decision == Break::Join {
            w.text.truncate(w.text.len() - h.len_utf8());
        }
        w.text.push_str(&next.text);
        log.push(page, original, w.text.clone(), rule);
    }
    for page in &mut doc.pages {
        page.lines.retain(|l| !l.words.is_empty());
        for line in &mut page.lines {
            *line = Line::new(std::mem::take(&mut line.words));
        }
    }
}

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
fn normalize_text(doc: &mut Document) {
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

/// Danish verbal prefixes that are never followed by a hyphen in running text: "til-læg",
/// "for-handlingerne" are leftovers of line breaks.
const PREFIXES: &[&str] = &[
    "af", "be", "for", "fore", "ind", "mod", "om", "op", "over", "sam", "til", "ud", "under",
];

/// Text files: joins words an earlier extraction left with a line-break hyphen inside.
fn join_inline_leftovers(
    doc: &mut Document,
    evidence: Evidence,
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
                if PREFIXES.contains(&a.to_lowercase().as_str()) && evidence.words.check(&joined) {
                    Some(Rule::InlineLeftover)
                } else if hyphenated_counts
                    .get(&core.to_lowercase())
                    .copied()
                    .unwrap_or(0)
                    > 1
                {
                    None
                } else {
                    let o = OpenDecision {
                        contradicting: joined_k,
                        agreeing: None,
                    };
                    match evidence.batch {
                        Some(batch) if batch.settles_any(std::slice::from_ref(&o)) => {
                            Some(Rule::BatchJoined)
                        }
                        Some(_) => None,
                        None => {
                            open.push(o);
                            None
                        }
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_and_nfc() {
        let doc =
            crate::input::text::read_text("x.txt", "e\u{fb03}cient a\u{30a}r".as_bytes(), false)
                .unwrap();
        let words = crate::language::lexicon::Lexicon::load(std::path::Path::new("/nonexistent"));
        let r = repair(
            doc,
            Evidence {
                words: &words,
                batch: None,
            },
        );
        assert_eq!(r.doc.pages[0].lines[0].text(), "efficient år");
    }

    #[test]
    fn batch_spellings_overturn_only_weak_decisions() {
        let words = crate::language::lexicon::Lexicon::load(std::path::Path::new("/nonexistent"));
        let read = || {
            crate::input::text::read_text(
                "x.txt",
                "Vi taler om blorp-\nvisk og om EU-\nkontoret hver dag.".as_bytes(),
                false,
            )
            .unwrap()
        };
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
    fn furniture_keys_ignore_numbers() {
        assert_eq!(
            furniture_key("Side 3 af 30"),
            furniture_key("Side 12 af 30")
        );
        assert!(PAGE_NUMBER.is_match("Side 3 af 30"));
        assert!(PAGE_NUMBER.is_match("- 4 -"));
        assert!(!PAGE_NUMBER.is_match("Beslutning"));
    }
}
