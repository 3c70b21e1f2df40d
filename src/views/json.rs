//! The JSON view of one file: `json/<meeting_id>.json`, the whole document model — the file's
//! outcome, the meeting's metadata and key, participants, table of contents, items with their
//! sections, decision, votes, attachment list and tables, every table with its cells (text as printed, and the number
//! it reads as) and pages, repairs and warnings. Written with `--format json`.

use serde::Serialize;

use crate::pipeline::FileResult;
use crate::structure::numbers;

#[derive(Serialize)]
struct Document<'a> {
    meeting_id: &'a str,
    meeting_key: Option<String>,
    source_file: &'a str,
    status: &'static str,
    pages: usize,
    text_source: &'static str,
    error: Option<Error<'a>>,
    meeting: Option<Meeting<'a>>,
    participants: Vec<Participant<'a>>,
    toc: Vec<TocEntry<'a>>,
    items: Vec<Item<'a>>,
    tables: Vec<Table<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct Error<'a> {
    kind: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct Meeting<'a> {
    doc_type: Option<&'a str>,
    committee: Option<&'a str>,
    date: Option<&'a str>,
    start_time: Option<&'a str>,
    end_time: Option<&'a str>,
    location: Option<&'a str>,
}

#[derive(Serialize)]
struct Participant<'a> {
    name: &'a str,
    party: Option<&'a str>,
    municipality: Option<&'a str>,
    attendance: &'static str,
    page: u32,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    number: Option<&'a str>,
    title: &'a str,
    /// The page number as printed in the table of contents.
    printed_page: u32,
}

#[derive(Serialize)]
struct Item<'a> {
    number: &'a str,
    level: usize,
    title: &'a str,
    /// Treated behind closed doors.
    closed: bool,
    case_number: Option<&'a str>,
    case_handler: Option<&'a str>,
    page_start: u32,
    page_end: u32,
    /// `./.` attachment markers in its sections.
    attachment_markers: usize,
    decision: Option<Decision<'a>>,
    /// How the members voted: one entry per voter per ballot.
    votes: Vec<Vote<'a>>,
    /// Its attachment list (`Bilag`), in printed order.
    attachments: Vec<Attachment<'a>>,
    sections: Vec<Section<'a>>,
    /// Ids of the item's tables (see `tables`).
    tables: Vec<String>,
}

#[derive(Serialize)]
struct Vote<'a> {
    ballot: usize,
    position: &'static str,
    who: &'a str,
    count: Option<u32>,
    sentence: &'a str,
    page: u32,
}

#[derive(Serialize)]
struct Attachment<'a> {
    index: u32,
    title: &'a str,
    access: Option<&'a str>,
    reference: Option<&'a str>,
    page: u32,
}

#[derive(Serialize)]
struct Decision<'a> {
    outcome: &'static str,
    sentence: &'a str,
}

#[derive(Serialize)]
struct Section<'a> {
    heading: &'a str,
    text: &'a str,
    attachments: usize,
    page: u32,
}

#[derive(Serialize)]
struct Table<'a> {
    table_id: String,
    item: Option<&'a str>,
    index_in_item: Option<usize>,
    section: &'a str,
    caption: Option<&'a str>,
    page_start: u32,
    page_end: u32,
    ruled: bool,
    /// The header row first, then the body rows.
    rows: Vec<Vec<Cell<'a>>>,
}

#[derive(Serialize)]
struct Cell<'a> {
    text: &'a str,
    /// The cell read as one Danish number (`35.525.378` → 35525378), if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<f64>,
    #[serde(skip_serializing_if = "str::is_empty")]
    unit: &'static str,
}

/// The JSON document of `r`, pretty-printed.
pub fn document(r: &FileResult) -> serde_json::Result<String> {
    let m = r.meeting.as_ref();
    let s = m.map(|m| &m.structure);
    let table_ids: Vec<String> = (0..s.map_or(0, |s| s.tables.len()))
        .map(|k| crate::views::table_id(&r.meeting_id, k))
        .collect();
    let doc = Document {
        meeting_id: &r.meeting_id,
        meeting_key: s.and_then(|s| s.meeting.key()),
        source_file: &r.source,
        status: r.status.as_str(),
        pages: r.pages,
        text_source: r.text_source.as_str(),
        error: r.error.as_ref().map(|e| Error {
            kind: e.kind.as_str(),
            message: &e.message,
        }),
        meeting: s.map(|s| Meeting {
            doc_type: s.meeting.doc_type.as_deref(),
            committee: s.meeting.committee.as_deref(),
            date: s.meeting.date.as_deref(),
            start_time: s.meeting.start_time.as_deref(),
            end_time: s.meeting.end_time.as_deref(),
            location: s.meeting.location.as_deref(),
        }),
        participants: s.map_or_else(Vec::new, |s| {
            s.participants
                .iter()
                .map(|p| Participant {
                    name: &p.name,
                    party: p.party.as_deref(),
                    municipality: p.municipality.as_deref(),
                    attendance: p.attendance.as_str(),
                    page: p.page,
                })
                .collect()
        }),
        toc: s.map_or_else(Vec::new, |s| {
            s.toc
                .iter()
                .map(|e| TocEntry {
                    number: e.number.as_deref(),
                    title: &e.title,
                    printed_page: e.page,
                })
                .collect()
        }),
        items: s.map_or_else(Vec::new, |s| {
            s.items
                .iter()
                .map(|it| Item {
                    number: &it.number,
                    level: it.level,
                    title: &it.title,
                    closed: it.closed,
                    case_number: it.case_number.as_deref(),
                    case_handler: it.case_handler.as_deref(),
                    page_start: it.page_start,
                    page_end: it.page_end,
                    attachment_markers: it.attachment_markers(),
                    decision: it.decision.as_ref().map(|d| Decision {
                        outcome: d.outcome.as_str(),
                        sentence: &d.sentence,
                    }),
                    votes: it
                        .votes
                        .iter()
                        .map(|v| Vote {
                            ballot: v.ballot,
                            position: v.position.as_str(),
                            who: &v.who,
                            count: v.count,
                            sentence: &v.sentence,
                            page: v.page,
                        })
                        .collect(),
                    attachments: it
                        .attachments
                        .iter()
                        .map(|a| Attachment {
                            index: a.index,
                            title: &a.title,
                            access: a.access.as_deref(),
                            reference: a.reference.as_deref(),
                            page: a.page,
                        })
                        .collect(),
                    sections: it
                        .sections
                        .iter()
                        .map(|sec| Section {
                            heading: &sec.heading,
                            text: &sec.text,
                            attachments: sec.attachments,
                            page: sec.page,
                        })
                        .collect(),
                    tables: s
                        .tables
                        .iter()
                        .zip(&table_ids)
                        .filter(|(t, _)| t.item.as_deref() == Some(it.number.as_str()))
                        .map(|(_, id)| id.clone())
                        .collect(),
                })
                .collect()
        }),
        tables: s.map_or_else(Vec::new, |s| {
            s.tables
                .iter()
                .zip(&table_ids)
                .map(|(t, id)| Table {
                    table_id: id.clone(),
                    item: t.item.as_deref(),
                    index_in_item: t.item.is_some().then_some(t.index),
                    section: &t.section,
                    caption: t.caption.as_deref(),
                    page_start: t.page_start,
                    page_end: t.page_end,
                    ruled: t.ruled,
                    rows: std::iter::once(&t.header)
                        .chain(&t.rows)
                        .enumerate()
                        .map(|(r, row)| {
                            row.iter()
                                .enumerate()
                                .map(|(c, text)| cell(text, t.number(r, c)))
                                .collect()
                        })
                        .collect(),
                })
                .collect()
        }),
        warnings: m.map_or(&[], |m| m.warnings.as_slice()),
    };
    serde_json::to_string_pretty(&doc)
}

fn cell<'a>(text: &'a str, n: Option<&numbers::Number>) -> Cell<'a> {
    Cell {
        text,
        number: n.map(|n| n.value),
        unit: n.map_or("", |n| n.unit.as_str()),
    }
}
