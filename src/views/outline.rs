//! `kl-extract inspect FILE`: a readable outline of one document for the terminal — metadata,
//! participants, every item with its number, title, pages (`[lukket]` when closed), case,
//! section headings, decision, votes and attachment list, every table with its shape and pages,
//! and the warnings. A view of one file's JSON document ([`crate::views::json`]), as a worker process
//! stores it: the command line reads the file in a worker like a run does (its time and memory
//! limits, a crash costing only the worker), then prints this outline of the stored result.

use std::fmt::Write;

use serde::Deserialize;

use crate::pipeline::FileResult;

/// Titles longer than this many characters are cut (with `…`) so an item stays on one line.
const TITLE_WIDTH: usize = 72;

/// The parts of a JSON document (see [`crate::views::json`]) the outline shows.
#[derive(Deserialize)]
struct Document {
    source_file: String,
    status: String,
    pages: usize,
    text_source: String,
    error: Option<Error>,
    meeting_key: Option<String>,
    meeting: Option<Meeting>,
    #[serde(default)]
    participants: Vec<Participant>,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    tables: Vec<Table>,
    #[serde(default)]
    warnings: Vec<String>,
}

#[derive(Deserialize)]
struct Error {
    kind: String,
    message: String,
}

#[derive(Deserialize)]
struct Meeting {
    doc_type: Option<String>,
    committee: Option<String>,
    date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    location: Option<String>,
}

#[derive(Deserialize)]
struct Participant {
    attendance: String,
}

#[derive(Deserialize)]
struct Item {
    number: String,
    level: usize,
    title: String,
    closed: bool,
    case_number: Option<String>,
    case_handler: Option<String>,
    page_start: u32,
    page_end: u32,
    decision: Option<Decision>,
    #[serde(default)]
    votes: Vec<Vote>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    sections: Vec<Section>,
}

#[derive(Deserialize)]
struct Decision {
    outcome: String,
}

#[derive(Deserialize)]
struct Vote {
    ballot: usize,
}

#[derive(Deserialize)]
struct Attachment {
    index: u32,
    title: String,
    access: Option<String>,
    reference: Option<String>,
}

#[derive(Deserialize)]
struct Section {
    heading: String,
}

#[derive(Deserialize)]
struct Table {
    item: Option<String>,
    caption: Option<String>,
    page_start: u32,
    page_end: u32,
    /// The header row first.
    rows: Vec<Vec<serde_json::Value>>,
}

/// The outline of `r`.
pub fn outline(r: &FileResult) -> String {
    let json = crate::views::json::document(r).expect("a document model serialises");
    outline_of_document(&json).expect("its own JSON document reads back")
}

/// The outline of a file's JSON document (as [`crate::views::json::document`] writes it).
pub fn outline_of_document(json: &str) -> serde_json::Result<String> {
    let d: Document = serde_json::from_str(json)?;
    let mut o = String::new();
    let source = match d.text_source.as_str() {
        "text" => "its text layer",
        "ocr" => "OCR",
        "mixed" => "its text layer and OCR",
        "file" => "a text file",
        _ => "nowhere",
    };
    let _ = writeln!(
        o,
        "{}: {}, {} page{}, text from {source}",
        d.source_file,
        d.status,
        d.pages,
        if d.pages == 1 { "" } else { "s" },
    );
    if let Some(e) = &d.error {
        let _ = writeln!(o, "  error ({}): {}", e.kind, e.message);
    }
    let Some(mt) = &d.meeting else {
        return Ok(o);
    };
    let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_string());
    let _ = writeln!(o);
    let _ = writeln!(o, "  document   {}", field(&mt.doc_type));
    let _ = writeln!(o, "  committee  {}", field(&mt.committee));
    let time = match (&mt.start_time, &mt.end_time) {
        (Some(s), Some(e)) => Some(format!("{s}–{e}")),
        (Some(s), None) => Some(s.clone()),
        (None, Some(e)) => Some(format!("–{e}")),
        (None, None) => None,
    };
    let when = match (&mt.date, time) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        (Some(d), None) => d.clone(),
        (None, Some(t)) => format!("— {t}"),
        (None, None) => "—".to_string(),
    };
    let _ = writeln!(o, "  date       {when}");
    let _ = writeln!(o, "  place      {}", field(&mt.location));
    let _ = writeln!(o, "  key        {}", field(&d.meeting_key));
    let present = d
        .participants
        .iter()
        .filter(|p| p.attendance == "present")
        .count();
    let _ = writeln!(
        o,
        "  people     {} participants ({present} present, {} absent)",
        d.participants.len(),
        d.participants.len() - present
    );

    let _ = writeln!(o);
    let _ = writeln!(o, "Items ({})", d.items.len());
    for it in &d.items {
        let pages = if it.page_start == it.page_end {
            format!("p. {}", it.page_start)
        } else {
            format!("pp. {}–{}", it.page_start, it.page_end)
        };
        let indent = "  ".repeat(it.level.max(1));
        let _ = writeln!(
            o,
            "{indent}{:<8}{}  ({pages}){}",
            it.number,
            cut(&it.title, TITLE_WIDTH),
            if it.closed { " [lukket]" } else { "" }
        );
        let mut details = Vec::new();
        if let Some(c) = &it.case_number {
            details.push(match &it.case_handler {
                Some(h) => format!("{c} {h}"),
                None => c.clone(),
            });
        }
        let headings: Vec<&str> = it
            .sections
            .iter()
            .map(|sec| sec.heading.as_str())
            .filter(|h| !h.is_empty())
            .collect();
        if !headings.is_empty() {
            details.push(headings.join(" · "));
        }
        if let Some(dec) = &it.decision {
            details.push(format!("decision: {}", dec.outcome));
        }
        if !it.votes.is_empty() {
            let ballots = it.votes.iter().map(|v| v.ballot).max().unwrap_or(0);
            details.push(format!(
                "{} vote row{} in {ballots} ballot{}",
                it.votes.len(),
                if it.votes.len() == 1 { "" } else { "s" },
                if ballots == 1 { "" } else { "s" },
            ));
        }
        if !it.attachments.is_empty() {
            details.push(format!(
                "{} attachment{}",
                it.attachments.len(),
                if it.attachments.len() == 1 { "" } else { "s" }
            ));
        }
        if !details.is_empty() {
            let _ = writeln!(o, "{indent}        {}", details.join(" | "));
        }
        for a in &it.attachments {
            let mut extra: Vec<&str> = Vec::new();
            extra.extend(a.access.as_deref());
            extra.extend(a.reference.as_deref());
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(", "))
            };
            let _ = writeln!(
                o,
                "{indent}        bilag {}: {}{extra}",
                a.index,
                cut(&a.title, TITLE_WIDTH)
            );
        }
    }

    let _ = writeln!(o);
    let _ = writeln!(o, "Tables ({})", d.tables.len());
    for (k, t) in d.tables.iter().enumerate() {
        let pages = if t.page_start == t.page_end {
            format!("p. {}", t.page_start)
        } else {
            format!("pp. {}–{}", t.page_start, t.page_end)
        };
        let _ = writeln!(
            o,
            "  t{:<3} {} rows × {} columns, {pages}, item {}: {}",
            k + 1,
            t.rows.len(),
            t.rows.first().map_or(0, Vec::len),
            t.item.as_deref().unwrap_or("—"),
            t.caption
                .as_deref()
                .map_or("(no caption)".to_string(), |c| cut(c, TITLE_WIDTH))
        );
    }

    let _ = writeln!(o);
    let _ = writeln!(o, "Warnings ({})", d.warnings.len());
    for w in &d.warnings {
        let _ = writeln!(o, "  - {w}");
    }
    Ok(o)
}

/// `s` cut to `width` characters, with `…` when cut.
fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_time_closed_items_votes_and_attachments_are_shown() {
        let text = outline(&crate::views::csv::tests::voted_minutes());
        assert!(
            text.contains("  date       2021-03-25 17:00–19:30\n"),
            "{text}"
        );
        assert!(
            text.contains("  7       Lukket punkt: Salg af grund  (pp. 4–5) [lukket]\n"),
            "{text}"
        );
        assert!(
            text.contains("82.02.00-G01-1-20 | decision: henvist | 4 vote rows in 2 ballots | 2 attachments\n"),
            "{text}"
        );
        assert!(
            text.contains("          bilag 1: Købstilbud, \"Grund 4\" (lukket, 222359/12)\n"),
            "{text}"
        );
        assert!(text.contains("          bilag 2: Kort\n"), "{text}");
        assert!(text.contains("  8       Eventuelt  (p. 6)\n"), "{text}");
    }

    #[test]
    fn long_titles_are_cut() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "ab…");
    }
}
