//! The Danish words and forms that mark a heading in council documents, in one place: the
//! section headings (the standard four, the others, the first words of their longer forms), the
//! forms a decision heading takes, a heading with its text on the same line, the headings of a
//! meeting's closed and open parts, of an attachment list, of a signature page, of the lists
//! after a title block, of an item's earlier treatment, the labels glued to a first item
//! heading, and a table's caption. The structure stage reads them from here.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Headings of the standard sections.
pub const STANDARD: &[&str] = &["Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning"];

/// Other section headings of Danish council documents (matched whole, in any case).
pub const OTHER: &[&str] = &[
    "Resumé",
    "Resume",
    "Sagsresumé",
    "Sagsresume",
    "Sagens kerne",
    "Sammendrag",
    "Sagsbeskrivelse",
    "Beskrivelse af sagen",
    "Lovgrundlag",
    "Retligt grundlag",
    "Retsgrundlag",
    "Bilag",
    "Bilagsfortegnelse",
    "Bilagsliste",
    "Høring",
    "Kommunikation",
    "Miljøvurdering",
    "Økonomi",
    "Effekt",
    "Personale",
    "Personalemæssige konsekvenser",
    "Sagsforløb",
    "Beslutningspunkter",
    "Beslutningstema",
    "Beslutninger",
    "Beslutningskompetence",
    "Handlemuligheder",
];

/// Headings known by their first word(s): "Beslutning i Udvalget … den 20-06-2013",
/// "Beslutning fra Teknik- og Miljøudvalget, 9. september 2025, pkt. 74", "Indstilling fra
/// direktionen", "Supplerende sagsfremstilling", "Økonomiske konsekvenser", "Sagsfremstilling
/// og økonomi", "Borgmesterens Afdelings påtegning".
pub const PREFIXES: &[&str] = &[
    "Beslutning ",
    "Indstilling ",
    "Supplerende ",
    "Økonomi",
    "Sagsfremstilling ",
    "Borgmesterens ",
    "Forvaltningens ",
    "Administrationens ",
    "Direktionens ",
];

/// Labels a web export glues to the first item heading ("Indholdsfortegnelse1. Fraværende").
pub const ITEM_LIST_LABELS: &[&str] = &["Indholdsfortegnelse", "Dagsordenpunkter", "Dagsorden"];

/// [`STANDARD`] and [`OTHER`] in lower case, built once.
static WHOLE_LOWER: LazyLock<HashSet<String>> = LazyLock::new(|| {
    STANDARD
        .iter()
        .chain(OTHER)
        .map(|h| h.to_lowercase())
        .collect()
});

/// [`PREFIXES`] in lower case, each with the byte length of the prefix as printed.
static PREFIXES_LOWER: LazyLock<Vec<(usize, String)>> = LazyLock::new(|| {
    PREFIXES
        .iter()
        .map(|p| (p.len(), p.to_lowercase()))
        .collect()
});

/// The one-word headings of [`STANDARD`] and [`OTHER`], in that order: the ones a web export
/// glues to the text after them.
static ONE_WORD: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    STANDARD
        .iter()
        .chain(OTHER)
        .copied()
        .filter(|h| !h.contains(' '))
        .collect()
});

/// The headings a decision is printed under: "Beslutning", "Beslutninger", "Beslutning i
/// Byrådet den 19-12-2016", "Beslutning fra Direktionen, 8. februar 2021, pkt. 6",
/// "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1".
static DECISION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:beslutning(?:er)?(?:\s+(?:i|fra|på|truffet|taget)\b.*)?|[\p{L}\- ]*?s\s+beslutning(?:\s+(?:den|d\.|i|på)\b.*)?)$").unwrap()
});
/// A body, date and item number as a decision heading: "Kultur- og Idrætsudvalget,
/// 03-04-2019, pkt. 42".
static BODY_DATE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[A-ZÆØÅ][^,]+,\s*(?:den\s+)?(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}\.\s*[a-zæøå]+\s+\d{4}),?\s*(?:pkt|punkt|sag)\.?\s*(?:nr\.?\s*)?\d+\s*:?$").unwrap()
});
/// A known heading with its text on the same line: "Beslutning: sendt til Teknisk Udvalg",
/// or glued to it by a web export: "BeslutningGodkendt.".
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Beslutning(?:er)?|Indstilling|Resumé|Resume|Sagsfremstilling|Baggrund)(?:\s*:\s+|([A-ZÆØÅ]))(\S.*)$").unwrap()
});
/// A part of the meeting held behind closed doors: "LUKKET MØDE", "Lukkede punkter".
static CLOSED_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lukket\s+(?:møde|del|dagsorden)|lukkede\s+(?:punkter|sager|dagsordenspunkter)|lukket\s+punkter?)\s*:?$")
        .unwrap()
});
/// The open part again: "ÅBENT MØDE", "Åbne punkter".
static OPEN_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:åbent\s+(?:møde|del|dagsorden)|åbne\s+(?:punkter|sager|dagsordenspunkter))\s*:?$",
    )
    .unwrap()
});
/// The heading of an attachment list.
static ATTACHMENT_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:bilag|bilagsfortegnelse|bilagsliste|bilagsoversigt|vedlagte\s+bilag|oversigt\s+over\s+bilag)\s*:?$").unwrap()
});
/// The heading of a signature page: the members' names under it are not the last item's text.
static SIGNATURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:underskriftsside|underskrifter|underskriftsblad|underskriftsark|underskrift)\s*:?$").unwrap()
});
/// Headings of the lists that follow a title block (not a committee or a location).
static TITLE_BLOCK_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:deltagere|medlemmer|mødedeltagere|afbud|fraværende|indholdsfortegnelse|indhold|dagsorden|dagsordenpunkter|sager|punkt|bemærkninger|til\s+stede)\b").unwrap()
});
/// The record of an item's earlier treatment, where other bodies' votes are printed.
static HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:sagsforløb|tidligere\s+behandling|sagens\s+behandling|behandling|politisk\s+behandling)\b").unwrap()
});
/// A table caption: "Tabel 1. …", "Tabel 2: …", "Tabel 3".
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:tabel|table)\s+\d+\b").unwrap());

/// Compiles the patterns and builds the word sets now (see
/// [`crate::pipeline::prepare_in_background`]).
pub fn prepare() {
    for pattern in [
        &DECISION_HEADING,
        &BODY_DATE_ITEM,
        &INLINE,
        &CLOSED_PART,
        &OPEN_PART,
        &ATTACHMENT_LIST,
        &SIGNATURES,
        &TITLE_BLOCK_LIST,
        &HISTORY,
        &CAPTION,
    ] {
        LazyLock::force(pattern);
    }
    LazyLock::force(&WHOLE_LOWER);
    LazyLock::force(&PREFIXES_LOWER);
    LazyLock::force(&ONE_WORD);
}

/// Whether `t` is one of [`STANDARD`] (ASCII letters in any case).
pub fn is_standard(t: &str) -> bool {
    STANDARD.iter().any(|h| h.eq_ignore_ascii_case(t))
}

/// Whether `t` is a section heading of [`STANDARD`] or [`OTHER`], whole, in any case.
pub fn is_known_whole(t: &str) -> bool {
    WHOLE_LOWER.contains(&t.to_lowercase())
}

/// Whether `t` is a known section heading: whole, a longer form after one of [`PREFIXES`], or
/// a decision heading.
pub fn is_known(t: &str) -> bool {
    is_known_whole(t)
        || {
            let lower = t.to_lowercase();
            PREFIXES_LOWER
                .iter()
                .any(|(len, p)| t.len() > *len && lower.starts_with(p.as_str()))
        }
        || is_decision_heading(t)
}

/// Whether a heading (its text) is one a decision is printed under, including the deciding
/// body's own line "Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42".
pub fn is_decision_heading(t: &str) -> bool {
    DECISION_HEADING.is_match(t) || BODY_DATE_ITEM.is_match(t)
}

/// A known heading with its text on the same line ("Beslutning: sendt til Teknisk Udvalg",
/// "BeslutningGodkendt.", "BeslutningspunkterAt 1) …"): the heading and the text.
pub fn split_inline(t: &str) -> Option<(String, String)> {
    let t = t.trim();
    // A known heading glued to the capital of its text (the longest that fits).
    let glued = ONE_WORD
        .iter()
        .filter(|h| t.starts_with(*h) && t[h.len()..].starts_with(|c: char| c.is_uppercase()))
        .max_by_key(|h| h.len());
    if let Some(h) = glued {
        return Some((h.to_string(), t[h.len()..].to_string()));
    }
    let c = INLINE.captures(t)?;
    let rest = match c.get(2) {
        Some(glued) => format!("{}{}", glued.as_str(), &c[3]),
        None => c[3].to_string(),
    };
    Some((c[1].to_string(), rest))
}

/// Whether `t` heads the part of a meeting held behind closed doors ("LUKKET MØDE").
pub fn is_closed_part(t: &str) -> bool {
    CLOSED_PART.is_match(t)
}

/// Whether `t` heads the open part of a meeting ("ÅBENT MØDE", "Åbne punkter").
pub fn is_open_part(t: &str) -> bool {
    OPEN_PART.is_match(t)
}

/// Whether a line is the heading of a part of the meeting ("LUKKET MØDE", "Åbne punkter").
pub fn is_part_heading(t: &str) -> bool {
    is_closed_part(t.trim()) || is_open_part(t.trim())
}

/// Whether `t` heads an attachment list ("Bilag", "Bilagsfortegnelse", "Vedlagte bilag").
pub fn is_attachment_list(t: &str) -> bool {
    ATTACHMENT_LIST.is_match(t)
}

/// Whether `t` heads a signature page ("Underskrifter").
pub fn is_signatures(t: &str) -> bool {
    SIGNATURES.is_match(t)
}

/// Whether `t` starts with the heading of a list that follows a title block ("Deltagere",
/// "Afbud", "Indholdsfortegnelse").
pub fn is_title_block_list(t: &str) -> bool {
    TITLE_BLOCK_LIST.is_match(t)
}

/// Whether `t` heads the record of an item's earlier treatment ("Sagsforløb", "Tidligere
/// behandling").
pub fn is_history(t: &str) -> bool {
    HISTORY.is_match(t)
}

/// Whether `t` starts as a table caption ("Tabel 1. …", "Table 2").
pub fn is_caption(t: &str) -> bool {
    CAPTION.is_match(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_headings() {
        assert!(is_known_whole("BAGGRUND") && is_known_whole("sagens kerne"));
        assert!(is_known("Økonomiske konsekvenser") && !is_known("Øko"));
        assert!(is_known("Beslutning i Byrådet den 19-12-2016"));
        assert!(is_standard("beslutning") && !is_standard("Resumé"));
        assert_eq!(
            split_inline("BeslutningspunkterAt 1) godkende"),
            Some(("Beslutningspunkter".into(), "At 1) godkende".into()))
        );
        assert_eq!(
            split_inline("Beslutning: sendt til Teknisk Udvalg"),
            Some(("Beslutning".into(), "sendt til Teknisk Udvalg".into()))
        );
    }
}
