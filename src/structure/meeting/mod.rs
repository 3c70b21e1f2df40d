//! Meeting metadata from the title block: document type, committee, date, start and end time
//! and location, in the forms Danish case systems print them — labelled (`Dato:`, `Mødedato`,
//! `Tidspunkt: Kl. 19:00`, `Tid: 13:00 - 15:00`, `Sted:`, `Mødested`, `Lokale:`, `Udvalg:`,
//! several labels on one line, a label in capitals with its value on the next line), as a
//! sentence ("Referat af møde i Klima- og Planudvalget" / "Den 09.01.2020 kl. 13:00 i
//! Tapperiet", "Referat til mødet i Odense Byråd den 6. april 2016 kl. 17:00 i Byrådssalen",
//! "Byrådets møde den 25. juni 2025"), around the document type ("Byrådet – Referat – 25. juni
//! 2018", "REFERAT" with the committee under it), or as bare lines at the top (a committee, a
//! date). What is not printed stays empty: a field is never a fragment of a sentence.
//!
//! The forms are read in `title` (the title line, committee and location shapes), `labels`
//! (labelled fields) and `dates` (dates and times); this module reads the title block with
//! them.

mod dates;
mod labels;
mod title;

use super::lines::TextLine;
use super::numbering::parse_heading;
use super::thresholds::{MeetingThresholds, Thresholds};
use super::Meeting;
use crate::language::headings;
use dates::{
    hm, time_parts, time_range, DATE_LINE, NUMERIC_DATE, PROSE_START, TIME, TIME_ONLY,
    TRAILING_DATE, WORD_DATE,
};
use labels::{labelled, Field, BARE_LABEL};
use title::{
    committee_casing, committee_shaped, location_shaped, title_parts, DOC_FOR, GENITIVE,
    PAGE_LABEL, PROSE_BODY, SENTENCE,
};

pub use dates::parse_date_time;

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    dates::prepare();
    labels::prepare();
    title::prepare();
}

/// Reads the title block at the start of the stream; `first_item` is the stream index of the
/// first item heading (the title block ends before it).
pub fn find(lines: &[TextLine], first_item: Option<usize>, th: &Thresholds) -> Meeting {
    let limits = &th.meeting;
    let mut m = Meeting::default();
    let end = lines
        .len()
        .min(limits.title_block_lines)
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
        .filter_map(|(i, l)| title_parts(l.text.trim(), limits).map(|p| (i, l.size(), p)))
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
                && (head[j].size() - head[i].size()).abs() < limits.same_size
                && head[j].bold() == head[i].bold()
                && head[j].pitch.is_some_and(|p| {
                    p > 0.0 && p < limits.title_wrap_pitch * head[i].size().max(1.0)
                })
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
            title_parts(&sentence, limits).unwrap_or_else(|| parts.clone())
        } else {
            parts.clone()
        };
        if let Some(c) = parts.committee.filter(|c| !c.is_empty()) {
            m.committee = Some(c);
        }
        if let Some(rest) = &parts.rest {
            let (date, time, end, place) = date_time_place(rest, limits);
            set_date(&mut m, date, time);
            m.end_time = m.end_time.take().or(end);
            m.location = m.location.take().or(place);
            if m.date.is_some() {
                date_line = Some(after_title - 1);
            }
        }
        // The committee on its own line under the title (or above it).
        if m.committee.is_none() {
            let below = texts
                .get(after_title)
                .filter(|t| committee_shaped(t, limits));
            let above = i
                .checked_sub(1)
                .and_then(|k| texts.get(k))
                .filter(|t| committee_shaped(t, limits));
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
                apply(&mut m, f, t, &mut date_line, i, limits);
            }
            continue;
        }
        pending = None;
        for (f, value) in pairs {
            if value.is_empty() {
                pending = Some(f);
            } else {
                apply(&mut m, f, &value, &mut date_line, i, limits);
            }
        }
    }

    // No label: the first date printed after the title ("tirsdag den 4. december 2012,
    // kl. 13:00", "Den 09.01.2020 kl. 13:00 i Tapperiet"), a time on its own line ("Kl.
    // 10:30"), then the place on the next line. Without a title, only a date line at the very
    // top counts: a date in the text says nothing about the meeting.
    let from = if title.is_some() { after_title } else { 0 };
    let span = if title.is_some() {
        limits.unlabelled_block_lines
    } else {
        limits.bare_block_lines
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
            let (date, time, end, place) = date_time_place(t, limits);
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
            if location_shaped(next, limits) && labelled(next).is_empty() {
                let t = next.strip_prefix("i ").unwrap_or(next);
                m.location = Some(t.to_string());
            }
        }
    }
    // Without a title: a committee on the first line, right above the date line
    // ("Økonomiudvalget" / "17-09-2025").
    if m.committee.is_none() && title.is_none() {
        if let Some(d) = date_line.filter(|&d| d <= limits.bare_block_lines) {
            // Right above the date, or the first line with only a label between
            // ("Plan-, Miljø- og Teknikudvalget" / "MØDEDATO" / "19.10.2021").
            let above = d
                .checked_sub(1)
                .filter(|&k| committee_shaped(texts[k], limits));
            let first = (d > 0
                && texts[1..d]
                    .iter()
                    .all(|t| !labelled(t).is_empty() || BARE_LABEL.is_match(t)))
            .then_some(0)
            .filter(|&k| committee_shaped(texts[k], limits));
            if let Some(k) = above.or(first) {
                m.committee = Some(texts[k].to_string());
            }
        }
    }
    // The committee in a genitive title ("Byrådets møde den 25. juni 2025"), or named in the
    // page's prose ("dagens møde i Aarhus Byråd"), and a start time in prose ("Mødet begynder
    // kl. 16.00").
    if m.committee.is_none() || m.date.is_none() {
        for t in texts.iter().take(limits.bare_block_lines + 2) {
            if let Some(c) = GENITIVE.captures(t) {
                if m.committee.is_none() {
                    m.committee = Some(c[1].trim().to_string());
                }
                let (date, time, end, _) = date_time_place(&c[2], limits);
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
                if name.split_whitespace().count() <= limits.max_prose_committee_words {
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
        .filter(|c| !c.is_empty() && committee_shaped(c, limits))
        .map(|c| committee_casing(&c, lines, limits));
    m
}

/// The committee named by the document's running headers ("Økonomiudvalget, Dagsorden, 26.
/// december 2023", "Dagsorden for Udvalget for Teknik  Side 1"), for a title block that does
/// not name it.
pub fn committee_of_headers(
    headers: &[&str],
    lines: &[TextLine],
    th: &Thresholds,
) -> Option<String> {
    let limits = &th.meeting;
    headers.iter().find_map(|h| {
        let h = PAGE_LABEL.replace(h.trim(), "");
        let c = title_parts(h.trim(), limits)?.committee?;
        let c = TRAILING_DATE
            .replace(&c, "")
            .trim()
            .trim_end_matches([',', '–', '-', ' '])
            .to_string();
        committee_shaped(&c, limits).then(|| committee_casing(&c, lines, limits))
    })
}

/// Sets a labelled field from its value.
fn apply(
    m: &mut Meeting,
    f: Field,
    value: &str,
    date_line: &mut Option<usize>,
    i: usize,
    limits: &MeetingThresholds,
) {
    match f {
        Field::Date => {
            let (date, time, end, _) = date_time_place(value, limits);
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
                if !place.is_empty() && place.chars().count() < limits.max_location_chars {
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

/// The date, start and end time and place of "den 6. april 2016 kl. 17:00 i Byrådssalen",
/// "Den 09.01.2020 kl. 13:00 i Tapperiet, Sdr. Badevej 1, 4600 Køge", "27-03-2008 kl. 17-19".
fn date_time_place(
    s: &str,
    limits: &MeetingThresholds,
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
        .filter(|p| location_shaped(p, limits));
    (date, time, end, place)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: &MeetingThresholds = &MeetingThresholds::DEFAULT;

    #[test]
    fn title_sentences() {
        let p = title_parts(
            "Referat til mødet i Odense Byråd den 6. april 2016 kl. 17:00 i Byrådssalen",
            LIMITS,
        )
        .unwrap();
        assert_eq!(p.committee.as_deref(), Some("Odense Byråd"));
        let (date, time, end, place) = date_time_place(p.rest.as_deref().unwrap(), LIMITS);
        assert_eq!(
            (date.as_deref(), time.as_deref(), end, place.as_deref()),
            (Some("2016-04-06"), Some("17:00"), None, Some("Byrådssalen"))
        );
        let p = title_parts("Byrådet – Referat – 25. juni 2018", LIMITS).unwrap();
        assert_eq!(p.committee.as_deref(), Some("Byrådet"));
        assert!(title_parts("1. Godkendelse af referat", LIMITS).is_none());
        // A doc-type line anywhere would read as a title: the title block ends at the first item.
        assert!(title_parts("Dagsorden blev godkendt.", LIMITS).is_some());
    }
}
