//! Attachments: an item's `Bilag` list in its printed forms — "Bilag 1: Notat …", "1 Åben
//! Opsamlingsnotat … 222359/12" (number, access, title, document number; in a PDF often laid
//! out as a table), bare titles one per line, file names, "Bilag: Notat om trafiktælling", a
//! web page's "application/pdf icon bilag_1.pdf" links. The list is read from the item's lines
//! (and tables), and is not section text.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{heading_text, Stats, TextLine, FILE_LINK};
use super::sections;
use super::thresholds::Thresholds;
use super::{Attachment, Table};
use crate::language::headings;

/// "Bilag: Notat om trafiktælling" — the label with one entry after it.
static INLINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^bilag\s*:\s*(\S.*)$").unwrap());
/// "Bilag 1: Revisionsberetning nr. 3", "Bilag 2 - Kort", "Bilag 1a: …".
static NUMBERED_BILAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^bilag\s+(\d{1,3})[a-z]?\s*[.:)\-–]\s*(\S.*)$").unwrap());
/// "1 Åben Opsamlingsnotat … 222359/12", "1. Lukket Tilbud 45123/19", "2) Kort".
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})\s*[.:)]?\s+(\S.*)$").unwrap());
/// The access marker before a title.
static ACCESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(åben|åbent|lukket|fortrolig)\s+(\S.*)$").unwrap());
/// A document number at the end: `222359/12`, `Dok.nr. 306-2019-263412`, `(dok. 1234/19)`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+\(?(?:dok(?:ument)?\.?\s*(?:nr\.?)?\s*:?\s*)?(\d{3,8}/\d{2,4}|\d{2,4}-\d{4}-\d{3,})\)?\s*$").unwrap()
});
/// "2012-208960 - Hvordan udvikler vi …": a document number before the title.
static LEADING_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4}[-–]\d{4,7})\s+[-–]\s+(\S.*)$").unwrap());
/// A file format after a title: "(PDF)", "(docx)", "[pdf]".
static FORMAT_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*[(\[](?:pdf|docx?|xlsx?|pptx?|odt)[)\]]\s*$").unwrap());
/// A web export's file link names: "bilag_2_-_miljoevurdering.pdf".
static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\S.*?\.(?:pdf|docx?|xlsx?|pptx?|odt|txt|jpe?g|png|zip))").unwrap()
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &INLINE,
        &NUMBERED_BILAG,
        &NUMBERED,
        &ACCESS,
        &REFERENCE,
        &LEADING_REFERENCE,
        &FORMAT_TAG,
        &FILE_NAME,
    ] {
        LazyLock::force(pattern);
    }
}

/// Whether a section heading is an attachment list's.
pub fn is_list_heading(heading: &str) -> bool {
    headings::is_attachment_list(heading.trim())
}

/// An entry as read: its printed number, title, access and reference.
type Entry = (Option<u32>, String, Option<String>, Option<String>);

/// An entry read from one line: its printed number, title, access and reference.
fn entry(text: &str) -> Entry {
    let mut t = text
        .trim()
        .trim_start_matches(['-', '•', '·', '▪'])
        .trim()
        .to_string();
    let mut number = None;
    if let Some(c) = NUMBERED_BILAG.captures(&t) {
        number = c[1].parse().ok();
        t = c[2].to_string();
    } else if let Some(c) = NUMBERED.captures(&t) {
        number = c[1].parse().ok();
        t = c[2].to_string();
    }
    let mut access = None;
    if let Some(c) = ACCESS.captures(&t) {
        let a = c[1].to_lowercase();
        access = Some(if a.starts_with("luk") || a.starts_with("fort") {
            "lukket".to_string()
        } else {
            "åben".to_string()
        });
        t = c[2].to_string();
    }
    // A format tag after the title ("Notat om trafiktælling (PDF)").
    if let Some(c) = FORMAT_TAG.find(&t) {
        t = t[..c.start()].trim_end().to_string();
    }
    let mut reference = None;
    if let Some(c) = LEADING_REFERENCE.captures(&t) {
        reference = Some(c[1].to_string());
        t = c[2].to_string();
    } else if let Some(c) = REFERENCE.captures(&t) {
        reference = Some(c[1].to_string());
        t = t[..c.get(0).unwrap().start()].trim().to_string();
    }
    (number, t, access, reference)
}

/// Adds entries to `out`, numbering the unnumbered ones by position.
fn push(out: &mut Vec<Attachment>, e: Entry, page: u32) {
    let (number, title, access, reference) = e;
    // "Bilag: Ingen" lists none.
    let none = ["ingen", "ingen bilag", "-", "–", "intet"];
    if title.is_empty() || none.contains(&title.to_lowercase().trim_end_matches('.')) {
        return;
    }
    out.push(Attachment {
        index: number.unwrap_or(out.len() as u32 + 1),
        title,
        access,
        reference,
        page,
    });
}

/// A table that is an attachment list: its first row is the heading alone ("Bilag"), or its
/// header names it; the rest are entries. Right under the list's heading (`under_heading`), a
/// table is the list, and its first row is an entry too when it opens with a number as the
/// entries do (a table of rows ruled only below them has no header).
fn table_entries(t: &Table, under_heading: bool) -> Option<Vec<Entry>> {
    let numbered = |r: &[String]| {
        r.iter()
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .is_some_and(|c| c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
    };
    if under_heading {
        let head = numbered(&t.header).then_some(&t.header);
        return Some(
            head.into_iter()
                .chain(&t.rows)
                .map(|r| entry(&joined(r)))
                .collect(),
        );
    }
    let header_text: Vec<&str> = t
        .header
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let is_list = t.caption.as_deref().is_some_and(is_list_heading)
        || matches!(header_text.as_slice(), [one] if is_list_heading(one));
    if !is_list {
        return None;
    }
    Some(t.rows.iter().map(|r| entry(&joined(r))).collect())
}

/// A row's cells as one line.
fn joined(r: &[String]) -> String {
    r.iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What [`find`] read from an item's lines.
#[derive(Debug, Default)]
pub struct Found {
    /// The attachments in printed order.
    pub attachments: Vec<Attachment>,
    /// Indexes (in the document's tables) of the tables that were attachment lists.
    pub tables: Vec<usize>,
    /// Positions (in the body) of the lines that were the list: its heading and entries.
    pub lines: Vec<usize>,
}

/// The attachments of an item from its body lines and the document's `tables` (a line's
/// `table` indexes them).
pub fn find(body: &[TextLine], tables: &[Table], stats: &Stats, th: &Thresholds) -> Found {
    let limits = &th.attachments;
    let mut out = Vec::new();
    let mut used_tables = Vec::new();
    let mut used_lines = Vec::new();
    let mut in_list = false;
    let mut list_x: Option<f32> = None;
    let mut prev: Option<&TextLine> = None;
    for (i, l) in body.iter().enumerate() {
        let t = l.text.trim();
        if let Some(k) = l.table {
            if !used_tables.contains(&k) {
                let under_heading = in_list && prev.is_none() && list_x.is_none();
                if let Some(entries) = tables.get(k).and_then(|t| table_entries(t, under_heading)) {
                    for e in entries {
                        push(&mut out, e, l.page);
                    }
                    used_tables.push(k);
                    // The list may go on after the table (its last rows on the next page).
                    in_list = true;
                    list_x = None;
                    prev = None;
                }
            }
            continue;
        }
        // A web page's file links.
        if l.furniture && FILE_LINK.is_match(t) {
            for part in FILE_LINK.split(t).filter(|p| !p.trim().is_empty()) {
                for f in FILE_NAME.captures_iter(part.trim()) {
                    push(
                        &mut out,
                        (None, f[1].trim().to_string(), None, None),
                        l.page,
                    );
                }
            }
            continue;
        }
        if sections::is_heading(l, stats, th) || is_list_heading(t) {
            in_list = is_list_heading(heading_text(l)) || is_list_heading(t);
            if in_list {
                used_lines.push(i);
            }
            list_x = None;
            prev = None;
            continue;
        }
        if let Some(c) = INLINE.captures(t) {
            push(&mut out, entry(&c[1]), l.page);
            used_lines.push(i);
            in_list = true;
            list_x = None;
            prev = Some(l);
            continue;
        }
        if NUMBERED_BILAG.is_match(t) {
            push(&mut out, entry(t), l.page);
            used_lines.push(i);
            in_list = true;
            list_x.get_or_insert(l.line.bbox.x0);
            prev = Some(l);
            continue;
        }
        if !in_list {
            continue;
        }
        // A part or group heading after the list ("LUKKET MØDE", a bold "Til efterretning –
        // for åbne døre") ends it.
        let bold_after_plain = !l.from_file && l.bold() && prev.is_some_and(|p| !p.bold());
        if headings::is_part_heading(t) || bold_after_plain {
            in_list = false;
            continue;
        }
        // The list ends at a longer text, or at a line left of its entries (the next point).
        if t.split_whitespace().count() > limits.max_entry_words
            || list_x.is_some_and(|x| l.line.bbox.x0 < x - limits.list_indent_tolerance)
        {
            in_list = false;
            continue;
        }
        let e = entry(t);
        // A wrapped title: in a PDF, a line in the same paragraph as an entry that ran to the
        // right margin, not numbered itself.
        // (or after a numbered entry or one with its document number, where this line has
        // neither).
        let marked = |e: &Attachment| e.reference.is_some() || e.access.is_some();
        let wrapped = !l.from_file
            && e.0.is_none()
            && e.3.is_none()
            && prev.is_some_and(|p: &TextLine| {
                l.pitch
                    .is_some_and(|pitch| pitch <= stats.body_pitch * limits.wrap_pitch)
                    && (!sections::short(p, stats, th)
                        || out.last().is_some_and(marked)
                        || NUMBERED_BILAG.is_match(p.text.trim())
                        || NUMBERED.is_match(p.text.trim()))
            });
        if wrapped {
            if let Some(last) = out.last_mut() {
                last.title.push(' ');
                last.title.push_str(&e.1);
                if last.reference.is_none() {
                    last.reference = e.3;
                }
                used_lines.push(i);
                prev = Some(l);
                continue;
            }
        }
        list_x.get_or_insert(l.line.bbox.x0);
        push(&mut out, e, l.page);
        used_lines.push(i);
        prev = Some(l);
    }
    Found {
        attachments: out,
        tables: used_tables,
        lines: used_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_forms() {
        let e = |t: &str| entry(t);
        assert_eq!(
            e("1 Åben Opsamlingsnotat. Temamøde 20.09.2012 222359/12"),
            (
                Some(1),
                "Opsamlingsnotat. Temamøde 20.09.2012".into(),
                Some("åben".into()),
                Some("222359/12".into())
            )
        );
        assert_eq!(
            e("Bilag 1: Revisionsberetning nr. 3 for 2019"),
            (
                Some(1),
                "Revisionsberetning nr. 3 for 2019".into(),
                None,
                None
            )
        );
        assert_eq!(
            e("2. Lukket Tilbud fra entreprenør 45123/19"),
            (
                Some(2),
                "Tilbud fra entreprenør".into(),
                Some("lukket".into()),
                Some("45123/19".into())
            )
        );
        assert_eq!(
            e("Arbejdsplan_2019.pdf"),
            (None, "Arbejdsplan_2019.pdf".into(), None, None)
        );
    }
}
