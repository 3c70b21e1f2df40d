//! Participants: the "Deltagere" (present) and "Afbud"/"Fraværende" (absent) lists of minutes,
//! one `Name (Party), X Kommune` per line, or inline after the label ("Afbud: A, B").

use std::sync::LazyLock;

use regex::Regex;

use super::lines::TextLine;
use super::{Attendance, Participant};

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(deltagere|til\s*stede|fremmødte|medlemmer|afbud(?:\s*/\s*fraværende)?|fraværende)\s*:?\s*(.*)$")
        .unwrap()
});
static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*[-•]?\s*([\p{L}][\p{L}.'’ -]*?)\s*\(([\p{L}\p{N}]{1,4})\)\s*,?\s*(.*?)\s*[.;,]?\s*$",
    )
    .unwrap()
});

static NAME_PARTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{L}][\p{L}.'’ -]*?)\s*\(([\p{L}\p{N}]{1,4})\)").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [&LABEL, &ENTRY, &NAME_PARTY] {
        LazyLock::force(pattern);
    }
}

/// Reads the participant lists found in `lines` (the part of the stream before the first item).
pub fn find(lines: &[TextLine]) -> Vec<Participant> {
    let mut out = Vec::new();
    let mut mode: Option<Attendance> = None;
    for l in lines {
        let text = l.text.trim();
        if let Some(c) = LABEL.captures(text) {
            let label = c[1].to_lowercase();
            let attendance = if label.starts_with("afbud") || label.starts_with("fravær") {
                Attendance::Absent
            } else {
                Attendance::Present
            };
            mode = Some(attendance);
            let rest = c[2].trim();
            if !rest.is_empty() {
                for part in split_inline(rest) {
                    if let Some(p) = parse_entry(&part, attendance, l.page) {
                        out.push(p);
                    }
                }
            }
            continue;
        }
        let Some(attendance) = mode else { continue };
        let entries = parse_line(text, attendance, l.page);
        if entries.is_empty() {
            mode = None;
        }
        out.extend(entries);
    }
    out
}

/// Splits an inline list "A (V), X Kommune, B (A), Y Kommune" (or `;`-separated) into entries.
fn split_inline(s: &str) -> Vec<String> {
    if s.contains(';') {
        return s.split(';').map(|p| p.trim().to_string()).collect();
    }
    let parts: Vec<&str> = s.split("Kommune,").collect();
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if i + 1 < n {
                format!("{} Kommune", p.trim())
            } else {
                p.trim().to_string()
            }
        })
        .collect()
}

/// One line of a list: one entry, or several "Name (A)" entries side by side (two-column
/// member lists).
fn parse_line(text: &str, attendance: Attendance, page: u32) -> Vec<Participant> {
    let names: Vec<_> = NAME_PARTY.captures_iter(text).collect();
    if names.len() >= 2 && !text.contains("Kommune") {
        return names
            .iter()
            .filter(|c| c[1].split_whitespace().count() >= 2)
            .map(|c| Participant {
                name: c[1].trim().to_string(),
                party: Some(c[2].to_string()),
                municipality: None,
                attendance,
                page,
            })
            .collect();
    }
    parse_entry(text, attendance, page).into_iter().collect()
}

fn parse_entry(text: &str, attendance: Attendance, page: u32) -> Option<Participant> {
    let c = ENTRY.captures(text)?;
    let name = c[1].trim().to_string();
    if name.split_whitespace().count() < 2 {
        return None;
    }
    let mut municipality = c[3].trim().to_string();
    // "Lolan Ottesen (A) - formand": a role, not a municipality.
    if municipality.starts_with(['-', '–']) {
        municipality.clear();
    }
    Some(Participant {
        name,
        party: Some(c[2].to_string()),
        municipality: (!municipality.is_empty()).then_some(municipality),
        attendance,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_forms() {
        let p = parse_entry(
            "Ulla Vestergaard (A) Thisted Kommune",
            Attendance::Present,
            3,
        )
        .unwrap();
        assert_eq!(p.name, "Ulla Vestergaard");
        assert_eq!(p.party.as_deref(), Some("A"));
        assert_eq!(p.municipality.as_deref(), Some("Thisted Kommune"));
        let p = parse_entry("Per Clausen (Ø), Aalborg Kommune", Attendance::Absent, 3).unwrap();
        assert_eq!(p.party.as_deref(), Some("Ø"));
        assert_eq!(p.municipality.as_deref(), Some("Aalborg Kommune"));
        assert!(parse_entry("Beslutning", Attendance::Present, 1).is_none());
        let p = parse_entry("Lolan Ottesen (A) - formand", Attendance::Present, 1).unwrap();
        assert_eq!((p.name.as_str(), p.municipality), ("Lolan Ottesen", None));
        let two = parse_line(
            "Jesper Mathiesen (A) Ole Bjerregaard (V)",
            Attendance::Present,
            1,
        );
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].name, "Ole Bjerregaard");
        let parts = split_inline(
            "Mogens Gade (V), Jammerbugt Kommune, John Christiansen (A), Morsø Kommune",
        );
        assert_eq!(
            parts,
            [
                "Mogens Gade (V), Jammerbugt Kommune",
                "John Christiansen (A), Morsø Kommune"
            ]
        );
    }
}
