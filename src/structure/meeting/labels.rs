//! Labelled fields of a title block: `Dato:`, `Mødedato`, `Tidspunkt:`, `Sted:`, `Mødested`,
//! `Lokale:`, `Udvalg:`, … with their values, several labels on one line, a label without its
//! colon at the start of a line or alone in capitals; and what each label names.

use std::sync::LazyLock;

use regex::Regex;

/// A label with its value: `Dato:`, `Mødedato`, `Tidspunkt:`, `Sted:`, `Udvalg:`, … (the colon
/// may be missing where the label starts the line).
pub(super) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(mødedato|dato|mødetidspunkt|starttidspunkt|sluttidspunkt|tidspunkt|starttid|sluttid|mødestart|mødeslut|tid|mødested|mødelokale|sted|lokale|udvalg|forum|udsendelsesdato|bemærkninger|afbud(?:\s+fra)?|fraværende|deltagere|medlemmer|mødeleder|referent|formand)\s*:").unwrap()
});
/// A label without its colon at the start of a line ("Mødedato Onsdag d. 27. august 2025",
/// "Mødelokale SL 1. Slangerup Rådssalen kl. 19.00"), or alone in capitals ("STED").
pub(super) static BARE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(mødedato|dato|mødetidspunkt|starttidspunkt|sluttidspunkt|tidspunkt|mødested|mødelokale|sted|lokale)\b\s*(.*)$").unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [&LABEL, &BARE_LABEL] {
        LazyLock::force(pattern);
    }
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Date,
    Time,
    End,
    Place,
    Committee,
    Other,
}

fn field(label: &str) -> Field {
    match label.to_lowercase().as_str() {
        "mødedato" | "dato" => Field::Date,
        "mødetidspunkt" | "starttidspunkt" | "tidspunkt" | "starttid" | "mødestart" | "tid" => {
            Field::Time
        }
        "sluttidspunkt" | "sluttid" | "mødeslut" => Field::End,
        "mødested" | "mødelokale" | "sted" | "lokale" => Field::Place,
        "udvalg" | "forum" => Field::Committee,
        _ => Field::Other,
    }
}

/// The labelled values of a line: "Mødested: Byrådssalen Starttidspunkt: Kl. 17:00" gives
/// (Place, "Byrådssalen") and (Time, "Kl. 17:00"). A line starting with a label without its
/// colon counts too.
pub(super) fn labelled(text: &str) -> Vec<(Field, String)> {
    let t = text.trim();
    let marks: Vec<(usize, usize, Field)> = LABEL
        .captures_iter(t)
        .map(|c| {
            let m = c.get(0).unwrap();
            (m.start(), m.end(), field(&c[1]))
        })
        .collect();
    if marks.is_empty() {
        return match BARE_LABEL.captures(t) {
            Some(c) => vec![(field(&c[1]), c[2].trim().to_string())],
            None => Vec::new(),
        };
    }
    let mut out = Vec::new();
    for (k, &(_, end, f)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(t.len(), |m| m.0);
        out.push((f, t[end..stop].trim().trim_matches('"').trim().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_on_one_line() {
        let got = labelled(
            "Mødested: Byrådssalen Starttidspunkt: Kl. 17:00 Sluttidspunkt: Kl. 19:25 Afbud:",
        );
        assert_eq!(
            got,
            [
                (Field::Place, "Byrådssalen".to_string()),
                (Field::Time, "Kl. 17:00".to_string()),
                (Field::End, "Kl. 19:25".to_string()),
                (Field::Other, String::new()),
            ]
        );
    }
}
