//! Dates and times in the forms Danish case systems print them: `04-09-2020 9:30`,
//! `04.12.2012`, `19. juni 2020 kl. 10.00`, a web export's `April 3, 2019 - 18:00`, a time or a
//! range of two (`kl. 17.00`, `13:00 - 15:00`), a start time in prose ("Mødet begynder kl.
//! 16.00"), a line that is a date, and a date trailing a committee's name.

use std::sync::LazyLock;

use regex::Regex;

pub(super) static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\s,–-]+(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s+)?(?:d\.|den)?\s*(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}\.?\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+\d{4})\b.*$").unwrap()
});
pub(super) static TIME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:kl\.?|klokken)\s*(\d{1,2})[:.](\d{2})$").unwrap());
/// A time, or a range of two: `kl. 17.00`, `Kl. 17:00`, `13:00 - 15:00`, `kl. 9.30-12.00`.
/// Without `kl.` only the colon form is a time (`3.14` is a room, `20.09.2012` a date).
pub(super) static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:kl\.?|klokken)\s*(\d{1,2})[:.](\d{2})|\b(\d{1,2}):(\d{2}))\b(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})\b)?").unwrap()
});

/// The start and end of a [`TIME`] match.
pub(super) fn time_parts(c: &regex::Captures) -> (Option<String>, Option<String>) {
    let start = match (c.get(1), c.get(2)) {
        (Some(h), Some(m)) => hm(h.as_str(), m.as_str()),
        _ => hm(&c[3], &c[4]),
    };
    let end = c.get(5).and_then(|h| hm(h.as_str(), &c[6]));
    (start, end)
}
/// "Mødet begynder kl. 16.00": a start time in prose.
pub(super) static PROSE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmødet\s+(?:begynder|starter|afholdes|holdes|indledes)\b[^.]*?\bkl\.?\s*(\d{1,2})[.:](\d{2})").unwrap()
});
pub(super) static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})\b(?:\s*(?:kl\.?|klokken)?\s*(\d{1,2})[:.](\d{2})\b)?")
        .unwrap()
});
pub(super) static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s*(?:,|den|d\.)?\s*)?(?:den\s+|d\.\s*)?\d{1,2}(?:[-./]\d{1,2}[-./]\d{2,4}|\.?\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+\d{4})|^(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s*,?\s*)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}").unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &TRAILING_DATE,
        &TIME_ONLY,
        &TIME,
        &PROSE_START,
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

/// The start and end of `kl. 17.00`, `Kl. 17:00`, `13:00 - 15:00`.
pub(super) fn time_range(s: &str) -> (Option<String>, Option<String>) {
    match TIME.captures(s) {
        Some(c) => time_parts(&c),
        None => (None, None),
    }
}

pub(super) fn hm(h: &str, m: &str) -> Option<String> {
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
    fn time_ranges() {
        assert_eq!(
            time_range("13:00 - 15:00"),
            (Some("13:00".into()), Some("15:00".into()))
        );
        assert_eq!(time_range("kl. 17.00"), (Some("17:00".into()), None));
    }
}
