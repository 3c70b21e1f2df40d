//! Meeting metadata from the title block: document type, committee, date, start and end time
//! and location, in the forms Danish case systems print them — labelled (`Dato:`, `Mødedato`,
//! `Tidspunkt: Kl. 19:00`, `Tid: 13:00 - 15:00`, `Sted:`, `Mødested`, `Lokale:`, `Udvalg:`,
//! several labels on one line, a label in capitals with its value on the next line), as a
//! sentence ("Referat af møde i Klima- og Planudvalget" / "Den 09.01.2020 kl. 13:00 i
//! Tapperiet", "Referat til mødet i Odense Byråd den 6. april 2016 kl. 17:00 i Byrådssalen",
//! "Byrådets møde den 25. juni 2025"), around the document type ("Byrådet – Referat – 25. juni
//! 2018", "REFERAT" with the committee under it), or as bare lines at the top (a committee, a
//! date). What is not printed stays empty: a field is never a fragment of a sentence.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::TextLine;
use super::numbering::parse_heading;
use super::Meeting;
use crate::language::headings;

/// How many lines from the start the title block may span.
const TITLE_BLOCK_LINES: usize = 40;
/// An unlabelled date and time are looked for this many lines after the title.
const UNLABELLED_BLOCK_LINES: usize = 8;
/// A document without a title line: its committee and date are looked for in this many lines
/// at the top.
const BARE_BLOCK_LINES: usize = 4;
/// A wrapped title line follows within this many times its font size.
const TITLE_WRAP_PITCH: f32 = 1.8;
/// A committee's name has at most this many words.
const MAX_COMMITTEE_WORDS: usize = 12;
/// A location has at most this many characters.
const MAX_LOCATION_CHARS: usize = 100;
/// A committee named in running prose ("dagens møde i Aarhus Byråd") has at most this many
/// words.
const MAX_PROSE_COMMITTEE_WORDS: usize = 6;

/// The document type at the start of a line, the rest after it.
static DOC_TYPE: LazyLock<Regex> = LazyLock::new(|| {
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
static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:åbent\s+|lukket\s+)?(dagsorden|referat|beslutningsprotokol)\s+(?:til|fra|af|for|over)\s+)?(?:det\s+|et\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde[t]?\s+i\s+(.+)$").unwrap()
});
/// "Dagsorden for Udvalget for Teknik", "Referat For Byrådet": the committee after the type.
static DOC_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:åbent\s+|lukket\s+)?(dagsorden|referat|beslutningsprotokol)\s+(?:for|fra|til)\s+(\p{Lu}.*)$").unwrap()
});
/// A page label at the end of a running header: "Side 3", "Side 3 af 12", "3".
static PAGE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*(?:side\s+)?\d+(?:\s*(?:af|/)\s*\d+)?\s*$").unwrap());
/// "Byrådets møde den 25. juni 2025": the committee in the genitive.
static GENITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-ZÆØÅ][\p{L}\- ]+?)s\s+(?:ordinære\s+|ekstraordinære\s+)?møde\s+(?:den|d\.)\s+(.+)$",
    )
    .unwrap()
});
/// A label with its value: `Dato:`, `Mødedato`, `Tidspunkt:`, `Sted:`, `Udvalg:`, … (the colon
/// may be missing where the label starts the line).
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(mødedato|dato|mødetidspunkt|starttidspunkt|sluttidspunkt|tidspunkt|starttid|sluttid|mødestart|mødeslut|tid|mødested|mødelokale|sted|lokale|udvalg|forum|udsendelsesdato|bemærkninger|afbud(?:\s+fra)?|fraværende|deltagere|medlemmer|mødeleder|referent|formand)\s*:").unwrap()
});
/// A label without its colon at the start of a line ("Mødedato Onsdag d. 27. august 2025",
/// "Mødelokale SL 1. Slangerup Rådssalen kl. 19.00"), or alone in capitals ("STED").
static BARE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(mødedato|dato|mødetidspunkt|starttidspunkt|sluttidspunkt|tidspunkt|mødested|mødelokale|sted|lokale)\b\s*(.*)$").unwrap()
});
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\s,–-]+(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s+)?(?:d\.|den)?\s*(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}\.?\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+\d{4})\b.*$").unwrap()
});
static TIME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:kl\.?|klokken)\s*(\d{1,2})[:.](\d{2})$").unwrap());
/// A time, or a range of two: `kl. 17.00`, `Kl. 17:00`, `13:00 - 15:00`, `kl. 9.30-12.00`.
/// Without `kl.` only the colon form is a time (`3.14` is a room, `20.09.2012` a date).
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:kl\.?|klokken)\s*(\d{1,2})[:.](\d{2})|\b(\d{1,2}):(\d{2}))\b(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})\b)?").unwrap()
});

/// The start and end of a [`TIME`] match.
fn time_parts(c: &regex::Captures) -> (Option<String>, Option<String>) {
    let start = match (c.get(1), c.get(2)) {
        (Some(h), Some(m)) => hm(h.as_str(), m.as_str()),
        _ => hm(&c[3], &c[4]),
    };
    let end = c.get(5).and_then(|h| hm(h.as_str(), &c[6]));
    (start, end)
}
/// "Mødet begynder kl. 16.00": a start time in prose.
static PROSE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmødet\s+(?:begynder|starter|afholdes|holdes|indledes)\b[^.]*?\bkl\.?\s*(\d{1,2})[.:](\d{2})").unwrap()
});
/// "… møde i Aarhus Byråd …": a committee named in prose (capitalised words).
static PROSE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bmøde\s+i\s+((?:[A-ZÆØÅ][\p{L}\-]*)(?:\s+(?:og\s+|for\s+)?[A-ZÆØÅ][\p{L}\-]*)*)")
        .unwrap()
});
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})\b(?:\s*(?:kl\.?|klokken)?\s*(\d{1,2})[:.](\d{2})\b)?")
        .unwrap()
});
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\.?\s+(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+(\d{4})(?:\s*,?\s*(?:kl\.?|klokken)?\s*(\d{1,2})[:.](\d{2})\b)?")
        .unwrap()
});
/// A web export's date in English: "Onsdag, April 3, 2019 - 18:00".
static ENGLISH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+(\d{4})(?:\s*(?:-|–|,)?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})\b)?")
        .unwrap()
});
/// A line that is a date (after a weekday): "17-09-2025", "Torsdag den 20. juni 2013",
/// "01-10-2018 kl. 18:00", "Den 09.01.2020 kl. 13:00 i Tapperiet".
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s*(?:,|den|d\.)?\s*)?(?:den\s+|d\.\s*)?\d{1,2}(?:[-./]\d{1,2}[-./]\d{2,4}|\.?\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+\d{4})|^(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s*,?\s*)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}").unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &DOC_TYPE,
        &DOC_TYPE_AFTER,
        &DOC_FOR,
        &PAGE_LABEL,
        &SENTENCE,
        &GENITIVE,
        &LABEL,
        &BARE_LABEL,
        &TRAILING_DATE,
        &TIME_ONLY,
        &TIME,
        &PROSE_START,
        &PROSE_BODY,
        &NUMERIC_DATE,
        &WORD_DATE,
        &ENGLISH_DATE,
        &DATE_LINE,
    ] {
        LazyLock::force(pattern);
    }
}
const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
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
fn labelled(text: &str) -> Vec<(Field, String)> {
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

/// A line that can be a committee's name: short, starting with a capital, not a label, a
/// date, a list heading, an item heading or a sentence.
fn committee_shaped(t: &str) -> bool {
    let t = t.trim();
    let words = t.split_whitespace().count();
    (1..=MAX_COMMITTEE_WORDS).contains(&words)
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
fn location_shaped(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() < MAX_LOCATION_CHARS
        && !t.ends_with(['.', ':', ';', '!', '?'])
        && !LABEL.is_match(t)
        && !headings::is_title_block_list(t)
        && !DOC_TYPE.is_match(t)
        && parse_heading(t).is_none()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Reads the title block at the start of the stream; `first_item` is the stream index of the
/// first item heading (the title block ends before it).
pub fn find(lines: &[TextLine], first_item: Option<usize>) -> Meeting {
    let mut m = Meeting::default();
    let end = lines
        .len()
        .min(TITLE_BLOCK_LINES)
        .min(first_item.unwrap_or(usize::MAX));
    let head = &lines[..end];
    let texts: Vec<&str> = head.iter().map(|l| l.text.trim()).collect();
    let mut date_line = None;
    let set_date = |m: &mut Meeting, date: Option<String>, time: Option<String>| {
        if m.date.is_none() {
            m.date = date;
        }
        if m.start_time.is_none() {
            m.start_time = time;
        }
    };

    // The title: the doc-type line in the largest type ("REFERAT 2020", "Dagsorden"); running
    // headers repeat the word in small type.
    let title = head
        .iter()
        .enumerate()
        .filter_map(|(i, l)| title_parts(l.text.trim()).map(|p| (i, l.size(), p)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    let mut after_title = 0;
    if let Some((i, _, parts)) = &title {
        let i = *i;
        m.doc_type = parts.doc_type.clone();
        after_title = i + 1;
        // A title sentence printed over several short lines: "Referat" / "til" / "mødet i
        // Odense Byråd" / "den 6. april 2016 kl. 17:00" / "i Byrådssalen".
        let mut sentence = texts[i].to_string();
        let mut j = i + 1;
        while j < texts.len()
            && texts[j].split_whitespace().next().is_some_and(|w| {
                [
                    "til", "fra", "af", "for", "over", "mødet", "møde", "den", "d.", "i", "kl.",
                    "kl",
                ]
                .contains(&w)
            })
        {
            sentence.push(' ');
            sentence.push_str(texts[j]);
            j += 1;
        }
        // A title sentence wrapped in the same type ("… den 28. marts" / "2024 kl. 16.00 i
        // Rådssalen").
        if parts.committee.is_some()
            && (SENTENCE.is_match(&sentence) || DOC_FOR.is_match(&sentence))
        {
            while j < texts.len()
                && !sentence.ends_with(['.', ':', '!', '?'])
                && (head[j].size() - head[i].size()).abs() < 0.3
                && head[j].bold() == head[i].bold()
                && head[j]
                    .pitch
                    .is_some_and(|p| p > 0.0 && p < TITLE_WRAP_PITCH * head[i].size().max(1.0))
                && labelled(texts[j]).is_empty()
                && !headings::is_title_block_list(texts[j])
                && parse_heading(texts[j]).is_none()
            {
                sentence.push(' ');
                sentence.push_str(texts[j]);
                j += 1;
            }
        }
        let parts = if j > i + 1 {
            after_title = j;
            title_parts(&sentence).unwrap_or_else(|| parts.clone())
        } else {
            parts.clone()
        };
        if let Some(c) = parts.committee.filter(|c| !c.is_empty()) {
            m.committee = Some(c);
        }
        if let Some(rest) = &parts.rest {
            let (date, time, end, place) = date_time_place(rest);
            set_date(&mut m, date, time);
            m.end_time = m.end_time.take().or(end);
            m.location = m.location.take().or(place);
            if m.date.is_some() {
                date_line = Some(after_title - 1);
            }
        }
        // The committee on its own line under the title (or above it).
        if m.committee.is_none() {
            let below = texts.get(after_title).filter(|t| committee_shaped(t));
            let above = i
                .checked_sub(1)
                .and_then(|k| texts.get(k))
                .filter(|t| committee_shaped(t));
            if let Some(c) = below {
                m.committee = Some(c.to_string());
                after_title += 1;
            } else if let Some(c) = above.filter(|_| i == 1) {
                m.committee = Some(c.to_string());
            }
        }
    }

    // Labelled fields, anywhere in the block.
    let mut pending: Option<Field> = None;
    for (i, t) in texts.iter().enumerate() {
        let pairs = labelled(t);
        if pairs.is_empty() {
            // A label in capitals alone, its value on this line ("STED" / "Byrådssalen").
            if let Some(f) = pending.take() {
                apply(&mut m, f, t, &mut date_line, i);
            }
            continue;
        }
        pending = None;
        for (f, value) in pairs {
            if value.is_empty() {
                pending = Some(f);
            } else {
                apply(&mut m, f, &value, &mut date_line, i);
            }
        }
    }

    // No label: the first date printed after the title ("tirsdag den 4. december 2012,
    // kl. 13:00", "Den 09.01.2020 kl. 13:00 i Tapperiet"), a time on its own line ("Kl.
    // 10:30"), then the place on the next line. Without a title, only a date line at the very
    // top counts: a date in the text says nothing about the meeting.
    let from = if title.is_some() { after_title } else { 0 };
    let span = if title.is_some() {
        UNLABELLED_BLOCK_LINES
    } else {
        BARE_BLOCK_LINES
    };
    if m.date.is_none() || m.start_time.is_none() {
        for (i, t) in texts
            .iter()
            .enumerate()
            .take((from + span).min(texts.len()))
            .skip(from)
        {
            let starts_with_date = DATE_LINE.is_match(t);
            if title.is_none() && !starts_with_date {
                continue;
            }
            let (date, time, end, place) = date_time_place(t);
            if date.is_some() && (m.date.is_none() || m.date == date) {
                if starts_with_date || title.is_some() {
                    m.date = date;
                    m.start_time = m.start_time.take().or(time);
                    m.end_time = m.end_time.take().or(end);
                    if starts_with_date {
                        m.location = m.location.take().or(place);
                    }
                    date_line = Some(i);
                }
            } else if m.start_time.is_none() && date_line.is_some() {
                if let Some(c) = TIME_ONLY.captures(t) {
                    let (h, mi) = (
                        c[1].parse::<u32>().unwrap_or(99),
                        c[2].parse::<u32>().unwrap_or(99),
                    );
                    if h < 24 && mi < 60 {
                        m.start_time = Some(format!("{h:02}:{mi:02}"));
                        date_line = Some(i);
                    }
                }
            }
            if m.date.is_some() && m.start_time.is_some() {
                break;
            }
        }
    }
    // The place on the line after the date (and time), when it reads as one.
    if m.location.is_none() {
        if let Some(next) = date_line.and_then(|i| texts.get(i + 1)) {
            if location_shaped(next) && labelled(next).is_empty() {
                let t = next.strip_prefix("i ").unwrap_or(next);
                m.location = Some(t.to_string());
            }
        }
    }
    // Without a title: a committee on the first line, right above the date line
    // ("Økonomiudvalget" / "17-09-2025").
    if m.committee.is_none() && title.is_none() {
        if let Some(d) = date_line.filter(|&d| d <= BARE_BLOCK_LINES) {
            // Right above the date, or the first line with only a label between
            // ("Plan-, Miljø- og Teknikudvalget" / "MØDEDATO" / "19.10.2021").
            let above = d.checked_sub(1).filter(|&k| committee_shaped(texts[k]));
            let first = (d > 0
                && texts[1..d]
                    .iter()
                    .all(|t| !labelled(t).is_empty() || BARE_LABEL.is_match(t)))
            .then_some(0)
            .filter(|&k| committee_shaped(texts[k]));
            if let Some(k) = above.or(first) {
                m.committee = Some(texts[k].to_string());
            }
        }
    }
    // The committee in a genitive title ("Byrådets møde den 25. juni 2025"), or named in the
    // page's prose ("dagens møde i Aarhus Byråd"), and a start time in prose ("Mødet begynder
    // kl. 16.00").
    if m.committee.is_none() || m.date.is_none() {
        for t in texts.iter().take(BARE_BLOCK_LINES + 2) {
            if let Some(c) = GENITIVE.captures(t) {
                if m.committee.is_none() {
                    m.committee = Some(c[1].trim().to_string());
                }
                let (date, time, end, _) = date_time_place(&c[2]);
                set_date(&mut m, date, time);
                m.end_time = m.end_time.take().or(end);
                break;
            }
        }
    }
    if m.committee.is_none() {
        for t in &texts {
            if let Some(c) = PROSE_BODY.captures(t) {
                let name = c[1].trim();
                if name.split_whitespace().count() <= MAX_PROSE_COMMITTEE_WORDS {
                    m.committee = Some(name.to_string());
                    break;
                }
            }
        }
    }
    if m.start_time.is_none() {
        for t in &texts {
            if let Some(c) = PROSE_START.captures(t) {
                m.start_time = hm(&c[1], &c[2]);
                break;
            }
        }
    }
    // "Aarhus Byråd d. 27-08-2025": the date is not part of the committee's name.
    m.committee = m
        .committee
        .map(|c| TRAILING_DATE.replace(&c, "").trim().to_string())
        .map(|c| c.trim_end_matches([',', '–', '-', ' ']).to_string())
        .filter(|c| !c.is_empty() && committee_shaped(c))
        .map(|c| committee_casing(&c, lines));
    m
}

/// The committee named by the document's running headers ("Økonomiudvalget, Dagsorden, 26.
/// december 2023", "Dagsorden for Udvalget for Teknik  Side 1"), for a title block that does
/// not name it.
pub fn committee_of_headers(headers: &[&str], lines: &[TextLine]) -> Option<String> {
    headers.iter().find_map(|h| {
        let h = PAGE_LABEL.replace(h.trim(), "");
        let c = title_parts(h.trim())?.committee?;
        let c = TRAILING_DATE
            .replace(&c, "")
            .trim()
            .trim_end_matches([',', '–', '-', ' '])
            .to_string();
        committee_shaped(&c).then(|| committee_casing(&c, lines))
    })
}

/// Sets a labelled field from its value.
fn apply(m: &mut Meeting, f: Field, value: &str, date_line: &mut Option<usize>, i: usize) {
    match f {
        Field::Date => {
            let (date, time, end, _) = date_time_place(value);
            if m.date.is_none() && date.is_some() {
                m.date = date;
                *date_line = Some(i);
                m.start_time = m.start_time.take().or(time);
                m.end_time = m.end_time.take().or(end);
            }
        }
        Field::Time => {
            let (start, end) = time_range(value);
            if m.start_time.is_none() {
                m.start_time = start;
            }
            if m.end_time.is_none() {
                m.end_time = end;
            }
            if m.date.is_none() {
                if let (Some(date), _) = parse_date_time(value) {
                    m.date = Some(date);
                    *date_line = Some(i);
                }
            }
        }
        Field::End => {
            if m.end_time.is_none() {
                m.end_time = time_range(value).0;
            }
        }
        Field::Place => {
            if m.location.is_none() {
                // "Mødelokale SL 1. Slangerup Rådssalen kl. 19.00": the time is not the place.
                let (start, end) = time_range(value);
                let place = TIME.replace_all(value, "").trim().to_string();
                let place = place
                    .trim_end_matches([',', '-', '–', ' '])
                    .trim()
                    .to_string();
                if !place.is_empty() && place.chars().count() < MAX_LOCATION_CHARS {
                    m.location = Some(place);
                }
                if m.start_time.is_none() {
                    m.start_time = start;
                    m.end_time = m.end_time.take().or(end);
                }
            }
        }
        Field::Committee => {
            if m.committee.is_none() {
                m.committee = Some(value.to_string());
            }
        }
        Field::Other => {}
    }
}

/// What a title line says: the document type and the committee, date, time and place around it.
#[derive(Debug, Clone, Default)]
struct TitleParts {
    doc_type: Option<String>,
    committee: Option<String>,
    /// What follows the committee (a date, a time, a place).
    rest: Option<String>,
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
fn title_parts(t: &str) -> Option<TitleParts> {
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
        if separated && committee_shaped(before) {
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

/// The date, start and end time and place of "den 6. april 2016 kl. 17:00 i Byrådssalen",
/// "Den 09.01.2020 kl. 13:00 i Tapperiet, Sdr. Badevej 1, 4600 Køge", "27-03-2008 kl. 17-19".
fn date_time_place(
    s: &str,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let (date, mut time) = parse_date_time(s);
    let mut end = None;
    let mut last = NUMERIC_DATE
        .find(s)
        .or_else(|| WORD_DATE.find(s))
        .map_or(0, |m| m.end());
    if let Some(c) = TIME.captures(&s[last..]) {
        let (start, until) = time_parts(&c);
        time = time.or(start);
        end = until;
        last += c.get(0).unwrap().end();
    }
    let place = s[last.min(s.len())..]
        .trim()
        .strip_prefix("i ")
        .map(|p| p.trim().trim_end_matches('.').to_string())
        .filter(|p| location_shaped(p));
    (date, time, end, place)
}

/// The start and end of `kl. 17.00`, `Kl. 17:00`, `13:00 - 15:00`.
fn time_range(s: &str) -> (Option<String>, Option<String>) {
    match TIME.captures(s) {
        Some(c) => time_parts(&c),
        None => (None, None),
    }
}

fn hm(h: &str, m: &str) -> Option<String> {
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Parses a date and optional time in the forms `04-09-2020 9:30`, `04.12.2012`,
/// `19. juni 2020 kl. 10.00`.
pub fn parse_date_time(s: &str) -> (Option<String>, Option<String>) {
    let (d, mo, y, h, mi) = if let Some(c) = NUMERIC_DATE.captures(s) {
        (
            c[1].parse::<u32>().ok(),
            c[2].parse::<u32>().ok(),
            c[3].parse::<u32>().ok(),
            c.get(4).and_then(|m| m.as_str().parse::<u32>().ok()),
            c.get(5).and_then(|m| m.as_str().parse::<u32>().ok()),
        )
    } else if let Some(c) = WORD_DATE.captures(s) {
        let month = c[2].to_lowercase();
        (
            c[1].parse::<u32>().ok(),
            MONTHS
                .iter()
                .position(|&m| m == month)
                .map(|p| p as u32 + 1),
            c[3].parse::<u32>().ok(),
            c.get(4).and_then(|m| m.as_str().parse::<u32>().ok()),
            c.get(5).and_then(|m| m.as_str().parse::<u32>().ok()),
        )
    } else if let Some(c) = ENGLISH_DATE.captures(s) {
        (
            c[2].parse::<u32>().ok(),
            ENGLISH_MONTHS
                .iter()
                .position(|&m| m == &c[1])
                .map(|p| p as u32 + 1),
            c[3].parse::<u32>().ok(),
            c.get(4).and_then(|m| m.as_str().parse::<u32>().ok()),
            c.get(5).and_then(|m| m.as_str().parse::<u32>().ok()),
        )
    } else {
        return (None, None);
    };
    let date = match (d, mo, y) {
        (Some(d), Some(mo), Some(y)) if (1..=31).contains(&d) && (1..=12).contains(&mo) => {
            let y = if y < 100 { 2000 + y } else { y };
            Some(format!("{y:04}-{mo:02}-{d:02}"))
        }
        _ => None,
    };
    let time = match (h, mi) {
        (Some(h), Some(mi)) if h < 24 && mi < 60 => Some(format!("{h:02}:{mi:02}")),
        _ => None,
    };
    (date, time)
}

/// Title blocks often print the committee in capitals ("KKR NORDJYLLAND"). Prefer the casing
/// the document itself uses elsewhere (running headers, body text); otherwise capitalise words
/// and keep short acronyms ("KKR").
fn committee_casing(name: &str, lines: &[TextLine]) -> String {
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
            if w.chars().count() <= 3 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_danish_forms() {
        let f = |s: &str| parse_date_time(s);
        assert_eq!(
            f("04-09-2020 9:30"),
            (Some("2020-09-04".into()), Some("09:30".into()))
        );
        assert_eq!(
            f("19-06-2020 10:00"),
            (Some("2020-06-19".into()), Some("10:00".into()))
        );
        assert_eq!(f("04.12.2012"), (Some("2012-12-04".into()), None));
        assert_eq!(
            f("Onsdag d. 27. august 2025 kl. 16:00"),
            (Some("2025-08-27".into()), Some("16:00".into()))
        );
        assert_eq!(
            TRAILING_DATE.replace("Aarhus Byråd d. 27-08-2025", ""),
            "Aarhus Byråd"
        );
        assert_eq!(
            f("tirsdag den 4. december 2012, kl. 13:00"),
            (Some("2012-12-04".into()), Some("13:00".into()))
        );
        assert_eq!(
            f("19. juni 2020 kl. 10.00"),
            (Some("2020-06-19".into()), Some("10:00".into()))
        );
        assert_eq!(
            f("Onsdag, April 3, 2019 - 18:00"),
            (Some("2019-04-03".into()), Some("18:00".into()))
        );
    }

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
        assert_eq!(
            time_range("13:00 - 15:00"),
            (Some("13:00".into()), Some("15:00".into()))
        );
        assert_eq!(time_range("kl. 17.00"), (Some("17:00".into()), None));
    }

    #[test]
    fn title_sentences() {
        let p = title_parts(
            "Referat til mødet i Odense Byråd den 6. april 2016 kl. 17:00 i Byrådssalen",
        )
        .unwrap();
        assert_eq!(p.committee.as_deref(), Some("Odense Byråd"));
        let (date, time, end, place) = date_time_place(p.rest.as_deref().unwrap());
        assert_eq!(
            (date.as_deref(), time.as_deref(), end, place.as_deref()),
            (Some("2016-04-06"), Some("17:00"), None, Some("Byrådssalen"))
        );
        let p = title_parts("Byrådet – Referat – 25. juni 2018").unwrap();
        assert_eq!(p.committee.as_deref(), Some("Byrådet"));
        assert!(title_parts("1. Godkendelse af referat").is_none());
        // A doc-type line anywhere would read as a title: the title block ends at the first item.
        assert!(title_parts("Dagsorden blev godkendt.").is_some());
    }
}
