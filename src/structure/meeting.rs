//! Meeting metadata from the title block: document type, committee, date, start time and
//! location, in the forms Danish council documents print them.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::TextLine;
use super::Meeting;

/// How many lines from the start the title block may span.
const TITLE_BLOCK_LINES: usize = 40;
/// An unlabelled date and time are looked for this many lines after the title.
const UNLABELLED_BLOCK_LINES: usize = 8;

static DOC_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:åbent\s+|lukket\s+)?(dagsorden|referat|beslutningsprotokol)\b[\s:–-]*(.*)$",
    )
    .unwrap()
});
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:dato|tidspunkt|tid)\s*:|mødedato\s*:?)\s*(.+)$").unwrap()
});
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:d\.|den)?\s*\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$").unwrap()
});
static TIME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:kl\.?|klokken)\s*(\d{1,2})[:.](\d{2})$").unwrap());
static PLACE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:(?:sted|lokale)\s*:|mødested\s*:?)\s*(.+)$").unwrap());
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})\b(?:\s*(?:kl\.?|klokken)?\s*(\d{1,2})[:.](\d{2})\b)?")
        .unwrap()
});
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\.?\s+(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+(\d{4})(?:\s*,?\s*(?:kl\.?|klokken)?\s*(\d{1,2})[:.](\d{2})\b)?")
        .unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &DOC_TYPE,
        &DATE_LABEL,
        &TRAILING_DATE,
        &TIME_ONLY,
        &PLACE_LABEL,
        &NUMERIC_DATE,
        &WORD_DATE,
    ] {
        LazyLock::force(pattern);
    }
}
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

/// Reads the title block at the start of the stream.
pub fn find(lines: &[TextLine]) -> Meeting {
    let mut m = Meeting::default();
    let head = &lines[..lines.len().min(TITLE_BLOCK_LINES)];
    // The title is the doc-type line in the largest type ("REFERAT 2020", "Dagsorden"): running
    // headers repeat the word in small type.
    let title = head
        .iter()
        .enumerate()
        .filter_map(|(i, l)| DOC_TYPE.captures(l.text.trim()).map(|c| (i, l.size(), c)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    let mut after_title = 0;
    let title_found = title.is_some();
    if let Some((i, _, c)) = title {
        m.doc_type = Some(match c[1].to_lowercase().as_str() {
            "dagsorden" => "dagsorden".to_string(),
            _ => "referat".to_string(),
        });
        after_title = i + 1;
        // "REFERAT 2020" names no committee; "Referat KKR Nordjylland" does.
        let rest = c[2].trim();
        if !rest.is_empty()
            && !rest
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace())
        {
            m.committee = Some(rest.to_string());
        } else if let Some(next) = head.get(i + 1) {
            let t = next.text.trim();
            if !is_label(t) && !DOC_TYPE.is_match(t) && parse_date_time(t).0.is_none() {
                m.committee = Some(t.to_string());
                after_title = i + 2;
            }
        }
    }
    let mut date_line = None;
    for (i, l) in head.iter().enumerate() {
        let text = l.text.trim();
        if m.date.is_none() {
            if let Some(c) = DATE_LABEL.captures(text) {
                let (date, time) = parse_date_time(&c[1]);
                if date.is_some() {
                    m.date = date;
                    m.start_time = time;
                    date_line = Some(i);
                    continue;
                }
            }
        }
        if m.location.is_none() {
            if let Some(c) = PLACE_LABEL.captures(text) {
                m.location = Some(c[1].trim().to_string());
            }
        }
    }
    // No "Dato:" label: the first date printed after the title ("tirsdag den 4. december 2012,
    // kl. 13:00"), a time on its own line ("Kl. 10:30"), then the place on the next line.
    // Only in a title block: without a title, a date in the text says nothing about the meeting.
    if title_found && (m.date.is_none() || m.start_time.is_none()) {
        let block_end = (after_title + UNLABELLED_BLOCK_LINES).min(head.len());
        for (i, l) in head.iter().enumerate().take(block_end).skip(after_title) {
            let text = l.text.trim();
            let (date, time) = parse_date_time(text);
            if date.is_some() && (m.date.is_none() || m.date == date) {
                m.date = date;
                m.start_time = m.start_time.take().or(time);
                date_line = Some(i);
            } else if m.start_time.is_none() && date_line.is_some() {
                if let Some(c) = TIME_ONLY.captures(text) {
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
    if m.location.is_none() && title_found {
        if let Some(next) = date_line.and_then(|i| head.get(i + 1)) {
            let t = next.text.trim();
            if !is_label(t) && !DOC_TYPE.is_match(t) && t.chars().count() < 100 {
                let t = t.strip_prefix("i ").unwrap_or(t);
                m.location = Some(t.to_string());
            }
        }
    }
    // "Aarhus Byråd d. 27-08-2025": the date is not part of the committee's name.
    m.committee = m
        .committee
        .map(|c| TRAILING_DATE.replace(&c, "").trim().to_string())
        .filter(|c| !c.is_empty())
        .map(|c| committee_casing(&c, lines));
    m
}

fn is_label(t: &str) -> bool {
    DATE_LABEL.is_match(t) || PLACE_LABEL.is_match(t) || t.ends_with(':')
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
    }
}
