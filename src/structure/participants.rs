//! Participants: the "Deltagere" (present) and "Afbud"/"Fraværende" (absent) lists of minutes,
//! one `Name (Party), X Kommune` per line, or inline after the label ("Afbud: A, B"). A line of a
//! list that does not parse but starts with a name, between lines that do (`Ulla Vestergaard A)
//! Thisted Kommune`), is kept loosely — the name, without party — with a warning, and the list
//! goes on.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::TextLine;
use super::thresholds::Thresholds;
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

/// Words that open a line of a list that is not a member ("Fra administrationen", "Øvrige
/// deltagere"): such a line is never read as a loosely printed name.
const NOT_A_NAME: &[&str] = &[
    "fra",
    "til",
    "og",
    "samt",
    "desuden",
    "endvidere",
    "øvrige",
    "andre",
    "mødeleder",
    "referent",
    "sekretær",
    "sekretariat",
    "sekretariatet",
    "administrationen",
    "ingen",
];

/// Reads the participant lists found in `lines` (the part of the stream before the first item).
pub fn find(lines: &[TextLine], th: &Thresholds) -> Vec<Participant> {
    read(lines, th).0
}

/// The participant lists found in `lines` (as [`find`]), and a warning for each line read
/// loosely: a list line that does not parse but starts with a name, followed by a line that
/// does (or by the next list's label), is kept as that name without party, and the list goes on.
pub fn read(lines: &[TextLine], th: &Thresholds) -> (Vec<Participant>, Vec<String>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut mode: Option<Attendance> = None;
    for (k, l) in lines.iter().enumerate() {
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
        if !entries.is_empty() {
            out.extend(entries);
            continue;
        }
        // A line that does not parse ends the list, unless it is an entry printed loosely: a
        // name, with the list going on after it.
        let goes_on = lines.get(k + 1).is_some_and(|n| {
            let next = n.text.trim();
            LABEL.is_match(next) || !parse_line(next, attendance, n.page).is_empty()
        });
        match loose_entry(text, attendance, l.page, th).filter(|_| goes_on) {
            Some(p) => {
                warnings.push(format!(
                    "participant line read loosely (name only, without party) on page {}: {text:?}",
                    l.page
                ));
                out.push(p);
            }
            None => mode = None,
        }
    }
    (out, warnings)
}

/// A list line that does not parse as an entry, read as best it can be: the name it starts with
/// (two or more capitalised words), when what follows is what is left of an entry — nothing, a
/// party mark that lost a bracket (`A)`, `(A`, a bare `A`) or a municipality (`Thisted
/// Kommune`).
fn loose_entry(
    text: &str,
    attendance: Attendance,
    page: u32,
    th: &Thresholds,
) -> Option<Participant> {
    let text = text.trim_start_matches(['-', '•', ' ']).trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > th.participants.loose_max_words
        || text.ends_with(':')
        || text.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let name_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
    };
    let mut n = words.iter().take_while(|w| name_word(w)).count();
    // "… Thisted Kommune" without a separator: the municipality is not part of the name.
    if let Some(m) = words[..n]
        .iter()
        .position(|w| *w == "Kommune" || w.starts_with("Region"))
    {
        n = m.saturating_sub(1);
    }
    // A party letter without its brackets ("Ulla Vestergaard A Thisted Kommune").
    let party_like =
        |w: &str| (1..=4).contains(&w.chars().count()) && w.chars().all(char::is_uppercase);
    if n > 2 && party_like(words[n - 1]) {
        n -= 1;
    }
    if n < 2 || NOT_A_NAME.contains(&words[0].to_lowercase().as_str()) {
        return None;
    }
    let rest = &words[n..];
    let entry_like = rest.is_empty()
        || rest.iter().any(|w| {
            w.contains(['(', ')', '[', ']'])
                || party_like(w.trim_matches([',', ';']))
                || *w == "Kommune"
                || w.starts_with("Region")
        });
    if !entry_like {
        return None;
    }
    let name = words[..n].join(" ");
    let name = name.trim_end_matches([',', ';', '.']).to_string();
    Some(Participant {
        name,
        party: None,
        municipality: None,
        attendance,
        page,
    })
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

    const TH: &Thresholds = &Thresholds::DEFAULT;

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

    #[test]
    fn loose_entries_keep_the_name() {
        let name = |t: &str| loose_entry(t, Attendance::Present, 1, TH).map(|p| p.name);
        for (line, want) in [
            ("Ulla Vestergaard A) Thisted Kommune", "Ulla Vestergaard"),
            ("Ulla Vestergaard (A Thisted Kommune", "Ulla Vestergaard"),
            ("Ulla Vestergaard A Thisted Kommune", "Ulla Vestergaard"),
            ("Ulla Vestergaard Thisted Kommune", "Ulla Vestergaard"),
            ("Arne M. Jensen [A], Brønderslev Kommune", "Arne M. Jensen"),
            ("- Per Bach Laursen", "Per Bach Laursen"),
        ] {
            assert_eq!(name(line).as_deref(), Some(want), "{line}");
        }
        let p = loose_entry(
            "Ulla Vestergaard A) Thisted Kommune",
            Attendance::Absent,
            4,
            TH,
        )
        .unwrap();
        assert_eq!(
            (p.party, p.municipality, p.attendance, p.page),
            (None, None, Attendance::Absent, 4)
        );
        for line in [
            "Beslutning",
            "Fra KL",
            "Fra Administrationen",
            "Øvrige Deltagere",
            "Mødet hævet kl. 17.00",
            "Ulla Vestergaard deltog ikke i punkt 3",
            "Referent:",
            "Dagsorden 2020",
        ] {
            assert_eq!(name(line), None, "{line}");
        }
    }
}
