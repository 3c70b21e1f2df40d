//! `kl-extract inspect FILE`: a readable outline of one document for the terminal — metadata,
//! participants, every item with its number, title, pages (`[lukket]` when closed), case,
//! section headings, decision, votes and attachment list, every table with its shape and pages,
//! and the warnings. A view of one file's record ([`FileResult`]): the command line reads the
//! file in a worker like a run does (its time and memory limits, a crash costing only the
//! worker), then prints this outline of the stored record.

use std::fmt::Write;

use crate::model::TextSource;
use crate::pipeline::FileResult;
use crate::structure::Attendance;

/// Titles longer than this many characters are cut (with `…`) so an item stays on one line.
const TITLE_WIDTH: usize = 72;

/// The outline of `r`.
pub fn outline(r: &FileResult) -> String {
    let mut o = String::new();
    let source = match r.text_source {
        TextSource::Text => "its text layer",
        TextSource::Ocr => "OCR",
        TextSource::Mixed => "its text layer and OCR",
        TextSource::File => "a text file",
        TextSource::None => "nowhere",
    };
    let _ = writeln!(
        o,
        "{}: {}, {} page{}, text from {source}",
        r.source,
        r.status.as_str(),
        r.pages,
        if r.pages == 1 { "" } else { "s" },
    );
    if let Some(e) = &r.error {
        let _ = writeln!(o, "  error ({}): {}", e.kind.as_str(), e.message);
    }
    let Some(m) = &r.meeting else {
        return o;
    };
    let s = &m.structure;
    let mt = &s.meeting;
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
    let _ = writeln!(
        o,
        "  key        {}",
        mt.key().unwrap_or_else(|| "—".to_string())
    );
    let present = s
        .participants
        .iter()
        .filter(|p| p.attendance == Attendance::Present)
        .count();
    let _ = writeln!(
        o,
        "  people     {} participants ({present} present, {} absent)",
        s.participants.len(),
        s.participants.len() - present
    );

    let _ = writeln!(o);
    let _ = writeln!(o, "Items ({})", s.items.len());
    for it in &s.items {
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
        if let Some(d) = &it.decision {
            details.push(format!("decision: {}", d.outcome.as_str()));
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
    let _ = writeln!(o, "Tables ({})", s.tables.len());
    for (k, t) in s.tables.iter().enumerate() {
        let pages = if t.page_start == t.page_end {
            format!("p. {}", t.page_start)
        } else {
            format!("pp. {}–{}", t.page_start, t.page_end)
        };
        let _ = writeln!(
            o,
            "  t{:<3} {} rows × {} columns, {pages}, item {}: {}",
            k + 1,
            t.rows.len() + 1,
            t.columns(),
            t.item.as_deref().unwrap_or("—"),
            t.caption
                .as_deref()
                .map_or("(no caption)".to_string(), |c| cut(c, TITLE_WIDTH))
        );
    }

    let _ = writeln!(o);
    let _ = writeln!(o, "Warnings ({})", m.warnings.len());
    for w in &m.warnings {
        let _ = writeln!(o, "  - {w}");
    }
    o
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
