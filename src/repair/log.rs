//! The repair log: every change the repair stage made ([`Repair`]), and the rule that made it
//! ([`Rule`]), for `repairs.csv`, auditing and undoing.

/// Why a repair was made; written to `repairs.csv`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
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
    /// OCR'd pages: a case number, date, time or amount misread (`5AG-2O20-04l59`), put right
    /// where the known pattern leaves no doubt (`S`↔`5`, `O`↔`0`, `l`/`I`↔`1`, `B`↔`8`).
    OcrCode,
    /// OCR'd pages: the space between a figure and `%` that OCR dropped (`2,0%` → `2,0 %`), in
    /// a document that writes the spaced form.
    OcrPercentSpace,
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
            Rule::OcrCode => "ocr_code",
            Rule::OcrPercentSpace => "ocr_percent_space",
        }
    }
}

/// One change the repair stage made, for auditing (and undoing).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RepairLog {
    /// Every change, in document order per step.
    pub repairs: Vec<Repair>,
}

impl RepairLog {
    /// Number of repairs made by `rule`.
    pub fn count(&self, rule: Rule) -> usize {
        self.repairs.iter().filter(|r| r.rule == rule).count()
    }

    pub(super) fn push(&mut self, page: u32, original: String, repaired: String, rule: Rule) {
        self.repairs.push(Repair {
            page,
            original,
            repaired,
            rule,
        });
    }
}
