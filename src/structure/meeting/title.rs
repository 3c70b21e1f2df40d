//! The title line of a meeting document and the names around it: the document type with the
//! committee, date, time and place in the line ("Referat KKR Nordjylland", "Byrådet – Referat
//! – 25. juni 2018", "Referat til mødet i Odense Byråd den 6. april 2016 kl. 17:00 i
//! Byrådssalen", "Dagsorden for Udvalget for Teknik", "Byrådets møde den 25. juni 2025"), a
//! committee named in prose, the shapes a committee's and a location's line have, and the
//! casing of a committee printed in capitals.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::{parse_date_time, DATE_LINE, NUMERIC_DATE, WORD_DATE};
use super::labels::{BARE_LABEL, LABEL};
use crate::language::headings;
use crate::structure::lines::TextLine;
use crate::structure::numbering::parse_heading;
use crate::structure::thresholds::MeetingThresholds;

/// The document type at the start of a line, the rest after it.
pub(super) static DOC_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:åbent\s+|lukket\s+)?(dagsorden|referat|beslutningsprotokol|beslutningsreferat)\b[\s:–-]*(.*)$",
    )
    .unwrap()
});
/// The committee before the document type: "Byrådet - Referat", "Byrådet – Referat – 25. juni
/// 2018", "Byrådet REFERAT.".
static DOC_TYPE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\S.*?)(?:\s*[-–,]\s*|\s+)(?:(?:Åbent|Lukket|ÅBENT|LUKKET)\s+)?(Dagsorden|Referat|Beslutningsprotokol|DAGSORDEN|REFERAT|BESLUTNINGSPROTOKOL)\b[\s.:,–-]*(.*)$",
    )
    .unwrap()
});
/// A title sentence: "Referat af møde i …", "Referat fra mødet i … den … kl. … i …",
/// "Dagsorden til mødet i …", "Møde i …".
pub(super) static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:åbent\s+|lukket\s+)?(dagsorden|referat|beslutningsprotokol)\s+(?:til|fra|af|for|over)\s+)?(?:det\s+|et\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde[t]?\s+i\s+(.+)$").unwrap()
});
/// "Dagsorden for Udvalget for Teknik", "Referat For Byrådet": the committee after the type.
pub(super) static DOC_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:åbent\s+|lukket\s+)?(dagsorden|referat|beslutningsprotokol)\s+(?:for|fra|til)\s+(\p{Lu}.*)$").unwrap()
});
/// A page label at the end of a running header: "Side 3", "Side 3 af 12", "3".
pub(super) static PAGE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*(?:side\s+)?\d+(?:\s*(?:af|/)\s*\d+)?\s*$").unwrap());
/// "Byrådets møde den 25. juni 2025": the committee in the genitive.
pub(super) static GENITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-ZÆØÅ][\p{L}\- ]+?)s\s+(?:ordinære\s+|ekstraordinære\s+)?møde\s+(?:den|d\.)\s+(.+)$",
    )
    .unwrap()
});
/// "… møde i Aarhus Byråd …": a committee named in prose (capitalised words).
pub(super) static PROSE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bmøde\s+i\s+((?:[A-ZÆØÅ][\p{L}\-]*)(?:\s+(?:og\s+|for\s+)?[A-ZÆØÅ][\p{L}\-]*)*)")
        .unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &DOC_TYPE,
        &DOC_TYPE_AFTER,
        &SENTENCE,
        &DOC_FOR,
        &PAGE_LABEL,
        &GENITIVE,
        &PROSE_BODY,
    ] {
        LazyLock::force(pattern);
    }
}

/// A line that can be a committee's name: short, starting with a capital, not a label, a
/// date, a list heading, an item heading or a sentence.
pub(super) fn committee_shaped(t: &str, limits: &MeetingThresholds) -> bool {
    let t = t.trim();
    let words = t.split_whitespace().count();
    (1..=limits.max_committee_words).contains(&words)
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.ends_with(['.', ',', ':', ';', '!', '?'])
        && !LABEL.is_match(t)
        && !BARE_LABEL.is_match(t)
        && !DATE_LINE.is_match(t)
        && !headings::is_title_block_list(t)
        && !DOC_TYPE.is_match(t)
        && parse_heading(t).is_none()
        && parse_date_time(t).0.is_none()
}

/// A line that can be a location: short, not a label, list heading, item or sentence.
pub(super) fn location_shaped(t: &str, limits: &MeetingThresholds) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() < limits.max_location_chars
        && !t.ends_with(['.', ':', ';', '!', '?'])
        && !LABEL.is_match(t)
        && !headings::is_title_block_list(t)
        && !DOC_TYPE.is_match(t)
        && parse_heading(t).is_none()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// What a title line says: the document type and the committee, date, time and place around it.
#[derive(Debug, Clone, Default)]
pub(super) struct TitleParts {
    pub(super) doc_type: Option<String>,
    pub(super) committee: Option<String>,
    /// What follows the committee (a date, a time, a place).
    pub(super) rest: Option<String>,
}

fn doc_type_of(word: &str) -> String {
    match word.to_lowercase().as_str() {
        "dagsorden" => "dagsorden".to_string(),
        _ => "referat".to_string(),
    }
}

/// Reads a title line: "Referat KKR Nordjylland", "REFERAT 2020", "Byrådet – Referat – 25.
/// juni 2018", "Referat af møde i Klima- og Planudvalget", "Referat til mødet i Odense Byråd den
/// 6. april 2016 kl. 17:00 i Byrådssalen". `None` when the line is not a title.
pub(super) fn title_parts(t: &str, limits: &MeetingThresholds) -> Option<TitleParts> {
    if let Some(c) = SENTENCE.captures(t) {
        let doc_type = c.get(1).map(|d| doc_type_of(d.as_str()))?;
        let (committee, rest) = split_committee(&c[2]);
        return Some(TitleParts {
            doc_type: Some(doc_type),
            committee: Some(committee),
            rest,
        });
    }
    if let Some(c) = DOC_FOR.captures(t) {
        let (committee, rest) = split_committee(&c[2]);
        return Some(TitleParts {
            doc_type: Some(doc_type_of(&c[1])),
            committee: Some(committee),
            rest,
        });
    }
    if let Some(c) = DOC_TYPE.captures(t) {
        let rest = c[2].trim();
        let mut parts = TitleParts {
            doc_type: Some(doc_type_of(&c[1])),
            ..Default::default()
        };
        // "REFERAT 2020" names no committee; "Referat KKR Nordjylland" does; "Referat
        // 04-09-2020" a date.
        if !rest.is_empty()
            && !rest
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace())
        {
            let (committee, after) = split_committee(rest);
            if !committee.is_empty() && !LABEL.is_match(&committee) {
                parts.committee = Some(committee);
            }
            parts.rest = after.or_else(|| Some(rest.to_string()));
        }
        return Some(parts);
    }
    if let Some(c) = DOC_TYPE_AFTER.captures(t) {
        let before = c[1].trim();
        // "Byrådet REFERAT" (capitals) or "Byrådet - Referat"; not "Godkendelse af referat".
        let separated = t[c.get(1).unwrap().end()..]
            .trim_start()
            .starts_with(['-', '–', ','])
            || c[2].chars().all(|ch| ch.is_uppercase());
        if separated && committee_shaped(before, limits) {
            return Some(TitleParts {
                doc_type: Some(doc_type_of(&c[2])),
                committee: Some(before.to_string()),
                rest: Some(c[3].to_string()),
            });
        }
    }
    None
}

/// "Odense Byråd den 6. april 2016 kl. 17:00 i Byrådssalen" → ("Odense Byråd", the rest from
/// the date); a name with nothing after it is all committee.
fn split_committee(s: &str) -> (String, Option<String>) {
    let s = s.trim();
    let cut = [" den ", " d. ", " kl. ", " Kl. ", ", den ", " – ", " - "]
        .iter()
        .filter_map(|k| s.find(k))
        .chain(NUMERIC_DATE.find(s).map(|m| m.start()))
        .chain(WORD_DATE.find(s).map(|m| m.start()))
        .chain(LABEL.find(s).map(|m| m.start()))
        .min();
    match cut {
        Some(p) => (
            s[..p].trim().trim_end_matches(',').to_string(),
            Some(s[p..].trim().to_string()),
        ),
        None => (s.to_string(), None),
    }
}

/// Title blocks often print the committee in capitals ("KKR NORDJYLLAND"). Prefer the casing
/// the document itself uses elsewhere (running headers, body text); otherwise capitalise words
/// and keep short acronyms ("KKR").
pub(super) fn committee_casing(
    name: &str,
    lines: &[TextLine],
    limits: &MeetingThresholds,
) -> String {
    let name = name.trim();
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || !letters.iter().all(|c| c.is_uppercase()) {
        return name.to_string();
    }
    let lower = name.to_lowercase();
    let n_chars = name.chars().count();
    let mut variants: HashMap<String, usize> = HashMap::new();
    for l in lines {
        let text = &l.text;
        let tl = text.to_lowercase();
        if tl.len() != text.len() {
            continue; // lowercasing changed byte lengths: indexes would not line up
        }
        let mut from = 0;
        while let Some(p) = tl[from..].find(&lower) {
            let start = from + p;
            let cand = &text[start..start + lower.len()];
            if cand.chars().count() == n_chars && cand != name {
                *variants.entry(cand.to_string()).or_default() += 1;
            }
            from = start + lower.len();
        }
    }
    if let Some((v, _)) = variants
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
    {
        return v;
    }
    name.split(' ')
        .map(|w| {
            if w.chars().count() <= limits.max_acronym_chars {
                w.to_string()
            } else {
                let mut cs = w.chars();
                let first = cs.next().unwrap();
                first
                    .to_uppercase()
                    .chain(cs.flat_map(|c| c.to_lowercase()))
                    .collect()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
