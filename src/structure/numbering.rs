//! Item numbers: the forms a numbered item heading takes in Danish case systems (`3.4. Title`,
//! `3.4 Title`, `715. Title`, `Punkt 4: Title`, `Pkt. 42 Title`, `Nr.143 - Title`, `Sag nr. 129
//! Title`, `• 212. Title`, `114Spørgsmål til Byrådet`), read from a line's text alone, and the
//! order numbers follow (`3.4` → `3.5`, `3.4.1`, `4`). Items, the table of contents, the title
//! block and the page furniture all ask whether a line is numbered as an item.

use std::sync::LazyLock;

use regex::Regex;

use crate::language::headings::ITEM_LIST_LABELS;

/// An item number and title: `3.4. Title`, `715. Title`, `3.4 Title`, `Punkt 2: Title`,
/// `Nr.143 - Title` (also TOC entries).
pub static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Punkt|Pkt\.?|Nr\.?|Sag\s+nr\.?)\s*)?(\d{1,3}(?:\.\d{1,2}){0,3})(?:[.:]|\s+[-–])?\s+(\S.*)$")
        .unwrap()
});
/// A heading with a word before its number: `Punkt 4: Title`, `Pkt. 42 Title`, `Nr.143 -
/// Title`, `Sag nr. 129 Title`, `Dagsordenspunkt 3 Title`.
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:punkt|pkt\.?|nr\.?|sag\s+nr\.?|dagsordens?punkt)\s*(\d{1,4}(?:\.\d{1,2}){0,3})\s*[.:)\-–]?\s*(\S.*)$")
        .unwrap()
});
/// A bare number before the title: `3.`, `3.4.`, `3.4`, `3`, `1 : Title`, `1) Title`, `3 - Title`.
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3}(?:\.\d{1,2}){0,3})(\.|\s*:|\)|\s+[-–])?\s+(\S.*)$").unwrap()
});
/// The number glued to the title (`114Spørgsmål til Byrådet`), as web exports print it.
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})([A-ZÆØÅ][a-zæøå].*)$").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [&NUMBERED, &PREFIXED, &PLAIN, &GLUED] {
        LazyLock::force(pattern);
    }
}

/// A line read as an item heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Number without trailing dot.
    pub number: String,
    /// The number's parts (`[3, 4]`).
    pub parts: Vec<u32>,
    /// The title as printed after the number.
    pub title: String,
    /// A word before the number says it is an item (`Punkt`, `Nr.`, `Sag nr.`).
    pub explicit: bool,
    /// A lone integer without a dot (`3 Title`), or a number glued to the title: weak forms
    /// that a list of attachments or a figure also has.
    pub weak: bool,
}

/// Reads `text` as an item heading in any of the numbering styles.
pub fn parse_heading(text: &str) -> Option<Heading> {
    let mut t = text.trim();
    // A bullet before the heading (a web page's list of linked headings).
    t = t
        .strip_prefix(['•', '·', '▪', '‣', '∙', '\u{f0b7}'])
        .map_or(t, str::trim_start);
    // A label glued to the first heading ("Indholdsfortegnelse1. Fraværende").
    for label in ITEM_LIST_LABELS {
        if let Some(rest) = t.strip_prefix(label) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                t = rest;
            }
        }
    }
    let make = |number: &str, title: &str, explicit: bool, weak: bool| {
        let parts: Vec<u32> = number.split('.').filter_map(|p| p.parse().ok()).collect();
        (!parts.is_empty()).then(|| Heading {
            number: number.to_string(),
            parts,
            title: title.trim().to_string(),
            explicit,
            weak,
        })
    };
    if let Some(c) = PREFIXED.captures(t) {
        return make(&c[1], &c[2], true, false);
    }
    if let Some(c) = PLAIN.captures(t) {
        let punct = c.get(2).map(|m| m.as_str().trim());
        let number = &c[1];
        let title = &c[3];
        // A list number before the printed one (" 1.  1. Title").
        if let Some(inner) = PLAIN.captures(title).filter(|i| {
            i.get(2).is_some_and(|p| p.as_str() == ".")
                && i[3].starts_with(|ch: char| ch.is_uppercase())
        }) {
            return make(&inner[1], &inner[3], false, false);
        }
        let weak = punct.is_none() && !number.contains('.');
        return make(number, title, false, weak);
    }
    if let Some(c) = GLUED.captures(t) {
        return make(&c[1], &c[2], false, true);
    }
    None
}

/// True when `cand` can follow `prev` in an agenda's numbering (`3.4` → `3.5`, `3.4.1`, `4`).
pub fn follows(prev: Option<&[u32]>, cand: &[u32], max_skip: u32) -> bool {
    let ones = |s: &[u32]| s.iter().all(|&c| c == 1);
    let Some(prev) = prev else {
        return cand[0] <= 1 + max_skip && ones(&cand[1..]);
    };
    if cand.len() > prev.len() && cand[..prev.len()] == *prev && ones(&cand[prev.len()..]) {
        return true;
    }
    (0..cand.len().min(prev.len())).any(|k| {
        cand[..k] == prev[..k]
            && cand[k] > prev[k]
            && cand[k] <= prev[k] + max_skip
            && ones(&cand[k + 1..])
    })
}

/// True when `cand` comes after `prev` in the numbering, however far.
pub fn after(prev: &[u32], cand: &[u32]) -> bool {
    cand > prev
        && !(cand.len() > prev.len() && cand[..prev.len()] == *prev && cand[prev.len()] == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_sequence() {
        assert!(follows(None, &[1], 1));
        assert!(follows(Some(&[1]), &[1, 1], 1));
        assert!(follows(Some(&[1, 2]), &[2], 1));
        assert!(follows(Some(&[3, 4]), &[3, 5], 1));
        assert!(!follows(Some(&[3, 4]), &[3, 3], 1));
        assert!(!follows(Some(&[3, 4]), &[24], 2));
        assert!(after(&[342], &[367]));
        assert!(!after(&[3, 4], &[3, 3]));
    }

    fn h(text: &str) -> Option<(String, String, bool, bool)> {
        parse_heading(text).map(|h| (h.number, h.title, h.explicit, h.weak))
    }

    #[test]
    fn numbering_styles() {
        let t = |n: &str, title: &str, explicit: bool, weak: bool| {
            Some((n.to_string(), title.to_string(), explicit, weak))
        };
        assert_eq!(h("3.4. Status"), t("3.4", "Status", false, false));
        assert_eq!(
            h("1.1 Status siden sidst"),
            t("1.1", "Status siden sidst", false, false)
        );
        assert_eq!(
            h("715. Kulturkommune 2017"),
            t("715", "Kulturkommune 2017", false, false)
        );
        assert_eq!(h("Punkt 4: Budget"), t("4", "Budget", true, false));
        assert_eq!(h("Pkt. 42 Budget"), t("42", "Budget", true, false));
        assert_eq!(h("Nr. 178 - Budget"), t("178", "Budget", true, false));
        assert_eq!(
            h("Nr.144 - 2. behandling af budget 2019-2022"),
            t("144", "2. behandling af budget 2019-2022", true, false)
        );
        assert_eq!(h("Sag nr. 129 Budget"), t("129", "Budget", true, false));
        assert_eq!(
            h(" • 212. Dagsorden - Godkendelse"),
            t("212", "Dagsorden - Godkendelse", false, false)
        );
        assert_eq!(
            h("114Spørgsmål til Byrådet"),
            t("114", "Spørgsmål til Byrådet", false, true)
        );
        assert_eq!(
            h("Indholdsfortegnelse1. Fraværende"),
            t("1", "Fraværende", false, false)
        );
        assert_eq!(h("1 : Godkendelse"), t("1", "Godkendelse", false, false));
        assert_eq!(
            h(" 1.  3. Godkendelse"),
            t("3", "Godkendelse", false, false)
        );
        assert_eq!(
            h("3 Åben Opsamlingsnotat"),
            t("3", "Åben Opsamlingsnotat", false, true)
        );
        assert_eq!(h("Lukket punkt: 4. Salg"), None);
    }
}
