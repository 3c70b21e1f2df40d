//! Structure: reads the repaired document model as a council meeting document in the house
//! style of any Danish case system — meeting metadata from the title block, participants, table
//! of contents, numbered items with their case line, sections, decision, votes and attachments,
//! and tables. Each concern has its own submodule; this one owns the result types and
//! [`analyze_with`], which runs the steps in order with one [`Thresholds`] value.
//!
//! The submodules build on each other in this order, each using only those above it (and the
//! result types here); none uses one below it:
//!
//! - [`thresholds`], [`numbers`]: no other structure module;
//! - [`numbering`]: item numbers in a line's text (with `language::headings`);
//! - [`lines`]: the line stream, its furniture, statistics and heading styles — numbering;
//! - [`sections`]: section headings and text — lines;
//! - [`toc`]: the table of contents — lines, numbering;
//! - [`items`]: item headings and case lines — lines, numbering, sections, toc;
//! - [`tables`]: tables — lines, sections;
//! - [`attachments`]: attachment lists — lines, sections, tables (a list laid out as a table);
//! - [`meeting`]: the title block — lines, numbering;
//! - [`participants`]: participant lists — lines;
//! - [`decisions`]: a decision's outcome — meeting (its dates);
//! - [`votes`]: votes — decisions.
//!
//! The Danish heading words all of them recognise are in [`crate::language::headings`].

pub mod attachments;
pub mod decisions;
pub mod items;
pub mod lines;
pub mod meeting;
pub mod numbering;
pub mod numbers;
pub mod participants;
pub mod sections;
pub mod tables;
pub mod thresholds;
pub mod toc;
pub mod votes;

pub use tables::Table;
pub use thresholds::Thresholds;

use crate::language::headings;
use crate::model::Document;

/// Compiles the patterns of every structure step now instead of at their first use (see
/// [`crate::pipeline::prepare_in_background`]).
pub fn prepare() {
    decisions::prepare();
    items::prepare();
    lines::prepare();
    meeting::prepare();
    numbering::prepare();
    numbers::prepare();
    participants::prepare();
    sections::prepare();
    toc::prepare();
    votes::prepare();
    attachments::prepare();
    headings::prepare();
}

/// Meeting metadata from the title block.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    /// `dagsorden` or `referat`.
    pub doc_type: Option<String>,
    /// The committee, e.g. "KKR Nordjylland".
    pub committee: Option<String>,
    /// Date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Start time as `HH:MM`.
    pub start_time: Option<String>,
    /// End time as `HH:MM`, when the title block prints one (`Tid: 13:00 - 15:00`).
    pub end_time: Option<String>,
    /// Where the meeting was held.
    pub location: Option<String>,
}

impl Meeting {
    /// The key an agenda and the minutes of the same meeting share: the committee and the date,
    /// as a slug (`kkr-nordjylland-2020-09-04`). `None` without either.
    pub fn key(&self) -> Option<String> {
        let committee = crate::model::slug(self.committee.as_deref()?);
        let date = self.date.as_deref()?;
        (!committee.is_empty()).then(|| format!("{committee}-{date}"))
    }
}

/// Whether a participant attended.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Attendance {
    /// Listed under "Deltagere".
    Present,
    /// Listed under "Afbud" / "Fraværende".
    Absent,
}

impl Attendance {
    /// The value written to the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Absent => "absent",
        }
    }
}

/// A member listed as present or absent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Participant {
    /// Full name.
    pub name: String,
    /// Party letter, e.g. "A".
    pub party: Option<String>,
    /// Municipality, e.g. "Aalborg Kommune".
    pub municipality: Option<String>,
    /// Present or absent.
    pub attendance: Attendance,
    /// Page the entry is printed on.
    pub page: u32,
}

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    /// Item number (`3.4`), if the entry is numbered.
    pub number: Option<String>,
    /// Title as printed in the TOC.
    pub title: String,
    /// Printed page number.
    pub page: u32,
}

/// A titled section of an item (Baggrund, Indstilling, …).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The heading as printed ("Baggrund"); empty for text before the first heading.
    pub heading: String,
    /// The text: paragraphs separated by a blank line, list items as `- ` lines.
    pub text: String,
    /// Number of `./.` attachment markers removed from the text.
    pub attachments: usize,
    /// Page of the heading.
    pub page: u32,
}

/// A numbered agenda item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    /// Item number without trailing dot (`3.4`).
    pub number: String,
    /// Nesting level: `3` is 1, `3.4` is 2.
    pub level: usize,
    /// Title (wrapped lines joined).
    pub title: String,
    /// Case number (`SAG-2020-04159`).
    pub case_number: Option<String>,
    /// Case handler initials (`hlth`).
    pub case_handler: Option<String>,
    /// First page (1-based position in the file).
    pub page_start: u32,
    /// Last page.
    pub page_end: u32,
    /// The item's sections in order.
    pub sections: Vec<Section>,
    /// The outcome of its last decision block (none for an agenda's own, still empty).
    pub decision: Option<decisions::Decision>,
    /// Whether the item was treated behind closed doors (`Lukket punkt: …`, an item in a
    /// "LUKKET MØDE" part, an `Lukket` marker by its case line).
    pub closed: bool,
    /// How the members voted, ballot by ballot, as the decision texts print it.
    pub votes: Vec<Vote>,
    /// The item's attachment list (`Bilag`), in printed order.
    pub attachments: Vec<Attachment>,
}

/// A position in a vote.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Position {
    /// Voted for ("For stemte …", "… anbefaler").
    For,
    /// Voted against ("Imod stemte …", "… kunne ikke tiltræde indstillingen").
    Imod,
    /// Abstained ("… undlod at stemme").
    Undlod,
}

impl Position {
    /// The value written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Position::For => "for",
            Position::Imod => "imod",
            Position::Undlod => "undlod",
        }
    }
}

/// One voter (a party, a list letter, a group or a member, as printed) and their position in
/// one ballot of an item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Vote {
    /// The ballot within the item, 1-based (an amendment, then the proposal).
    pub ballot: usize,
    /// The position taken.
    pub position: Position,
    /// Who, as printed: "A", "Venstre", "Socialdemokratiets byrådsgruppe", "Jens Hansen (V)".
    pub who: String,
    /// The number of votes printed for this position in this ballot (the whole group's).
    pub count: Option<u32>,
    /// The sentence it was read from.
    pub sentence: String,
    /// Page of the sentence.
    pub page: u32,
}

/// One entry of an item's attachment list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// Position in the list, 1-based (the printed number when there is one).
    pub index: u32,
    /// The title as printed.
    pub title: String,
    /// `åben` or `lukket`, when printed.
    pub access: Option<String>,
    /// The document number, when printed (`222359/12`).
    pub reference: Option<String>,
    /// Page of the entry.
    pub page: u32,
}

impl Item {
    /// `./.` attachment markers in all sections.
    pub fn attachment_markers(&self) -> usize {
        self.sections.iter().map(|s| s.attachments).sum()
    }

    /// Text of the sections under a standard heading: the heading itself ("Beslutning") or a
    /// longer form of it ("Beslutning i Udvalget … den 20-06-2013"). Several such sections are
    /// joined, each after its heading, separated by a blank line.
    pub fn standard_section(&self, heading: &str) -> Option<String> {
        let hits: Vec<&Section> = self
            .sections
            .iter()
            .filter(|s| {
                let h = s.heading.to_lowercase();
                let want = heading.to_lowercase();
                h == want
                    || h.starts_with(&format!("{want} "))
                    || want == "beslutning" && headings::is_decision_heading(&s.heading)
            })
            .collect();
        match hits.as_slice() {
            [] => None,
            [one] => Some(one.text.clone()),
            many => Some(
                many.iter()
                    .map(|s| format!("{}\n{}", s.heading, s.text))
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
        }
    }
}

/// Everything the structure stage finds in one document.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Structure {
    /// Title-block metadata.
    pub meeting: Meeting,
    /// Participants in list order.
    pub participants: Vec<Participant>,
    /// Table of contents entries.
    pub toc: Vec<TocEntry>,
    /// Items in document order.
    pub items: Vec<Item>,
    /// Tables in document order.
    pub tables: Vec<Table>,
    /// Things that look wrong (e.g. an item number out of sequence).
    pub warnings: Vec<String>,
}

/// Reads the structure of a repaired document.
pub fn analyze(doc: &Document) -> Structure {
    analyze_with_headers(doc, &[])
}

/// Reads the structure of a repaired document whose `running_headers` (the texts the repair
/// stage took out as page furniture) may name the committee a title block leaves out
/// ("Økonomiudvalget, Dagsorden, 26. december 2023").
pub fn analyze_with_headers(doc: &Document, running_headers: &[&str]) -> Structure {
    analyze_with(doc, running_headers, &Thresholds::DEFAULT)
}

/// Reads the structure of a repaired document (as [`analyze_with_headers`]) with other
/// thresholds than the defaults.
pub fn analyze_with(doc: &Document, running_headers: &[&str], th: &Thresholds) -> Structure {
    let mut lines = lines::without_furniture(lines::flatten(doc), th);
    let stats = lines::Stats::of(&lines, th);
    let toc = toc::find(&lines, th);
    let mut warnings = Vec::new();
    let found = items::find(&lines, &stats, &toc, &mut warnings, th);
    let mut meeting = meeting::find(&lines, found.first().map(|f| f.line), th);
    if meeting.committee.is_none() {
        meeting.committee = meeting::committee_of_headers(running_headers, &lines, th);
    }
    // A document without the marks of a meeting (a report, an attachment: "1. Indledning",
    // "2. Baggrund") has numbered headings but no items: an item has a case line or decision.
    let meeting_marks = meeting.doc_type.is_some()
        || meeting.committee.is_some()
        || meeting.date.is_some()
        || !toc.entries.is_empty();
    let item_marks = found.iter().any(|f| f.case_number.is_some())
        || lines.iter().any(|l| {
            sections::is_heading(l, &stats, th)
                && headings::is_decision_heading(lines::heading_text(l))
        });
    let mut found = found;
    if !meeting_marks && !item_marks {
        found.clear();
    }
    let first_item = found.first().map_or(lines.len(), |i| i.line);
    let (participants, loose) = participants::read(&lines[..first_item], th);
    warnings.extend(loose);
    // In a meeting document, tables inside the items (before them are the title block, TOC
    // and participants); anywhere in a document without items or without the marks of a
    // meeting document (a report whose "3. Results" heading reads as an item).
    let meeting_document = meeting.doc_type.is_some()
        || meeting.committee.is_some()
        || meeting.date.is_some()
        || !toc.entries.is_empty()
        || !participants.is_empty();
    let from = if found.is_empty() || !meeting_document {
        0
    } else {
        first_item
    };
    let mut tables = tables::find(&mut lines, doc, from, &stats, th);
    // Each item's attachment list, from its lines and the tables among them (a PDF's list
    // laid out as a table is a list, not a table).
    let mut item_attachments = Vec::with_capacity(found.len());
    let mut list_tables = Vec::new();
    let mut list_lines = Vec::new();
    for (k, it) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(lines.len(), |n| n.line);
        let list = attachments::find(&lines[it.body..end], &tables, &stats, th);
        item_attachments.push(list.attachments);
        list_tables.extend(list.tables);
        list_lines.extend(list.lines.into_iter().map(|i| it.body + i));
    }
    // The list is not section text (what follows it stays in its section).
    for i in list_lines {
        lines[i].furniture = true;
    }
    if !list_tables.is_empty() {
        let mut k = 0;
        tables.retain(|_| {
            k += 1;
            !list_tables.contains(&(k - 1))
        });
    }
    for (k, it) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(lines.len(), |n| n.line);
        let mut index = 0;
        for t in tables
            .iter_mut()
            .filter(|t| (it.line..end).contains(&t.first_line))
        {
            index += 1;
            t.item = Some(it.number.clone());
            t.index = index;
            t.section = lines[it.body.min(t.first_line)..t.first_line]
                .iter()
                .rev()
                .find(|l| l.table.is_none() && sections::is_heading(l, &stats, th))
                .map(|l| lines::heading_text(l).to_string())
                .unwrap_or_default();
        }
    }
    let mut items: Vec<Item> = found
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let end = found.get(k + 1).map_or(lines.len(), |n| n.line);
            let mut item = items::build(it, &lines[it.body..end], &stats, th);
            item.attachments = std::mem::take(&mut item_attachments[k]);
            item.votes = votes::read(&item.sections, th);
            item
        })
        .collect();
    // The decision is the last deciding body's: of a chain of decision blocks ("Beslutning fra
    // Direktionen …", "Beslutning i Økonomiudvalget den …", then the meeting's own), the last.
    // An agenda's "Beslutning" heading has no text yet, and so no outcome.
    for it in &mut items {
        let last = it
            .sections
            .iter()
            .rev()
            .find(|s| headings::is_decision_heading(&s.heading))
            // An agenda prints earlier bodies' decisions; its own has no outcome yet.
            .filter(|s| {
                meeting.doc_type.as_deref() != Some("dagsorden")
                    || decisions::is_own_block(&s.heading, &meeting)
            });
        it.decision =
            last.and_then(|s| decisions::classify(&s.text, meeting.committee.as_deref(), th));
        // Minutes that print only the decision under the heading, without a heading of its
        // own (a closed item's public record): the text, when it states an outcome.
        if last.is_none() && meeting.doc_type.as_deref() == Some("referat") {
            if let [only] = it.sections.as_slice() {
                it.decision = (only.heading.is_empty())
                    .then(|| decisions::classify(&only.text, meeting.committee.as_deref(), th))
                    .flatten()
                    .filter(|d| d.outcome != decisions::Outcome::Other);
            }
        }
    }
    // A title block without the body's name: the decision headings name it with the
    // meeting's date ("Beslutning i Byrådet (18-21) den 01-10-2018").
    if meeting.committee.is_none() {
        meeting.committee = meeting
            .date
            .as_deref()
            .and_then(|date| decisions::body_of_headings(&items, date));
    }
    // Minutes that do not say so: decisions are printed.
    if meeting.doc_type.is_none() && items.iter().any(|it| it.decision.is_some()) {
        meeting.doc_type = Some("referat".to_string());
    }
    // Text files have no real pages to compare with the TOC's; an OCR'd TOC is too garbled
    // (leaders read as letters, numbers lost) to check the items against.
    let paged = lines.iter().any(|l| !l.from_file);
    if !toc.ocr {
        warnings.extend(check_toc(&toc.entries, &items, paged));
    }
    Structure {
        meeting,
        participants,
        toc: toc.entries,
        items,
        tables,
        warnings,
    }
}

/// Cross-checks the items against the table of contents: entries not found in the text, items
/// not in the TOC, and items on another page than the TOC says. Printed page labels may be
/// offset from positions in the file (an unnumbered cover), so pages are compared after the
/// most common offset.
pub fn check_toc(toc: &[TocEntry], items: &[Item], compare_pages: bool) -> Vec<String> {
    let numbered: Vec<&TocEntry> = toc.iter().filter(|e| e.number.is_some()).collect();
    if numbered.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let mut offsets: Vec<i64> = Vec::new();
    for e in &numbered {
        let n = e.number.as_deref().unwrap_or_default();
        match items.iter().find(|i| i.number == n) {
            Some(it) => offsets.push(it.page_start as i64 - e.page as i64),
            None => warnings.push(format!(
                "item {n} is in the table of contents (page {}) but was not found in the text",
                e.page
            )),
        }
    }
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for o in &offsets {
        *counts.entry(*o).or_default() += 1;
    }
    let offset = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(o, _)| *o);
    for it in items {
        match numbered
            .iter()
            .find(|e| e.number.as_deref() == Some(it.number.as_str()))
        {
            Some(e) if compare_pages && it.page_start as i64 - e.page as i64 != offset => warnings
                .push(format!(
                    "item {} starts on page {}, but the table of contents says page {}",
                    it.number,
                    it.page_start,
                    e.page as i64 + offset
                )),
            Some(_) => {}
            None => warnings.push(format!(
                "item {} (page {}) is not in the table of contents",
                it.number, it.page_start
            )),
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(number: &str, page: u32) -> Item {
        Item {
            number: number.into(),
            level: number.split('.').count(),
            title: "T".into(),
            case_number: None,
            case_handler: None,
            page_start: page,
            page_end: page,
            sections: Vec::new(),
            decision: None,
            closed: false,
            votes: Vec::new(),
            attachments: Vec::new(),
        }
    }

    fn entry(number: &str, page: u32) -> TocEntry {
        TocEntry {
            number: Some(number.into()),
            title: "T".into(),
            page,
        }
    }

    #[test]
    fn toc_cross_check() {
        // Printed labels one less than file positions (a cover page): only real moves warn.
        let toc = [entry("1", 2), entry("2", 3), entry("3", 5), entry("4", 6)];
        let items = [item("1", 3), item("2", 4), item("3", 7), item("5", 9)];
        let w = check_toc(&toc, &items, true);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("item 4 is in the table of contents"));
        assert!(w[1].contains("item 3 starts on page 7, but the table of contents says page 6"));
        assert!(w[2].contains("item 5 (page 9) is not in the table of contents"));
    }
}
