//! One file's rows of every CSV output, rendered from its record ([`FileResult`]).

use anyhow::Result;

use super::schema::{Out, OUTPUTS, STANDARD_SECTIONS};
use super::{finish, writer};
use crate::pipeline::{FileResult, Status};
use crate::views::{table_file, table_id};

/// Rows of cells as they are made, row by row like a CSV writer takes them.
#[derive(Debug, Default)]
struct Cells(Vec<Vec<String>>);

impl Cells {
    fn write_record<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0
            .push(record.into_iter().map(|c| c.as_ref().to_string()).collect());
        Ok(())
    }
}

impl FileRows {
    /// The rows of output `k` (of [`OUTPUTS`]) as CSV text in the standard dialect.
    pub fn csv(&self, k: usize) -> Result<String> {
        let mut w = writer();
        for row in self.cells.get(k).into_iter().flatten() {
            w.write_record(row)?;
        }
        finish(w)
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// One input's rows of every output, without the header (so a run's CSV is the header
/// followed by its files' rows in input order), and its tables' own files, as cells: the CSV
/// files (in either dialect) and the workbook are written from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRows {
    /// Rows of each of [`OUTPUTS`], in that order.
    pub cells: Vec<Vec<Vec<String>>>,
    /// `tables/<table_id>.csv` files: table id and cells (the header row first)…
    pub tables: Vec<(String, Vec<Vec<String>>)>,
    /// …and the number each cell reads as, as the structure stage typed it.
    pub table_numbers: Vec<Vec<Vec<Option<crate::structure::numbers::Number>>>>,
    /// The `json/<meeting_id>.json` document (see [`crate::views::json`]).
    pub json: String,
}

/// The rows `result` contributes to each output. `content_hash` identifies the input's bytes
/// (written to `files.csv`).
pub fn file_rows(r: &FileResult, content_hash: &str, json: bool) -> Result<FileRows> {
    let mut w: Vec<Cells> = OUTPUTS.iter().map(|_| Cells::default()).collect();
    let at = |o: Out| o as usize;
    let items = r.meeting.as_ref().map_or(0, |m| m.structure.items.len());
    w[at(Out::Files)].write_record([
        r.source.as_str(),
        r.status.as_str(),
        &r.pages.to_string(),
        &items.to_string(),
        r.text_source.as_str(),
        r.error.as_ref().map_or("", |e| e.kind.as_str()),
        r.error.as_ref().map_or("", |e| e.message.as_str()),
        content_hash,
    ])?;
    for p in &r.page_records {
        let o = p.ocr.as_ref();
        w[at(Out::Pages)].write_record([
            r.source.as_str(),
            &p.page.to_string(),
            p.text_source.as_str(),
            &p.words.to_string(),
            if p.failed { "failed" } else { "ok" },
            o.map_or("", |o| o.reason.as_str()),
            &o.map_or(String::new(), |o| format!("{:.1}", o.confidence)),
            &o.map_or(String::new(), |o| format!("{:.2}", o.skew)),
            o.map_or("", |o| {
                if o.embedded_image {
                    "embedded"
                } else {
                    "rendered"
                }
            }),
            &p.text,
        ])?;
    }
    let mut table_files = Vec::new();
    let mut table_numbers = Vec::new();
    if let (Some(m), true) = (&r.meeting, r.status != Status::Failed) {
        let mt = &m.structure.meeting;
        let meeting_key = mt.key().unwrap_or_default();
        w[at(Out::Meetings)].write_record([
            r.meeting_id.as_str(),
            &meeting_key,
            &r.source,
            opt(&mt.doc_type),
            opt(&mt.committee),
            opt(&mt.date),
            opt(&mt.start_time),
            opt(&mt.end_time),
            opt(&mt.location),
            &r.pages.to_string(),
            &m.structure.items.len().to_string(),
            &m.structure.tables.len().to_string(),
            r.text_source.as_str(),
            &m.warnings.join("; "),
        ])?;
        for p in &m.structure.participants {
            w[at(Out::Participants)].write_record([
                r.meeting_id.as_str(),
                &p.name,
                opt(&p.party),
                opt(&p.municipality),
                p.attendance.as_str(),
                &p.page.to_string(),
            ])?;
        }
        for it in &m.structure.items {
            let mut rec = vec![
                r.meeting_id.clone(),
                meeting_key.clone(),
                it.number.clone(),
                it.level.to_string(),
                it.title.clone(),
                it.closed.to_string(),
                opt(&it.case_number).to_string(),
                opt(&it.case_handler).to_string(),
                it.page_start.to_string(),
                it.page_end.to_string(),
                it.attachment_markers().to_string(),
            ];
            for h in STANDARD_SECTIONS {
                rec.push(it.standard_section(h).unwrap_or_default());
            }
            let d = it.decision.as_ref();
            rec.push(d.map_or("", |d| d.outcome.as_str()).to_string());
            rec.push(d.map_or(String::new(), |d| d.sentence.clone()));
            w[at(Out::Items)].write_record(&rec)?;
            for (k, s) in it.sections.iter().enumerate() {
                w[at(Out::Sections)].write_record([
                    r.meeting_id.as_str(),
                    &it.number,
                    &(k + 1).to_string(),
                    &s.heading,
                    &s.text,
                    &s.attachments.to_string(),
                    &s.page.to_string(),
                ])?;
            }
            for v in &it.votes {
                w[at(Out::Votes)].write_record([
                    r.meeting_id.as_str(),
                    &it.number,
                    &v.ballot.to_string(),
                    v.position.as_str(),
                    &v.who,
                    &v.count.map_or(String::new(), |n| n.to_string()),
                    &v.sentence,
                    &v.page.to_string(),
                ])?;
            }
            for a in &it.attachments {
                w[at(Out::Attachments)].write_record([
                    r.meeting_id.as_str(),
                    &it.number,
                    &a.index.to_string(),
                    &a.title,
                    opt(&a.access),
                    opt(&a.reference),
                    &a.page.to_string(),
                ])?;
            }
        }
        for rep in &m.repair.repairs {
            w[at(Out::Repairs)].write_record([
                r.meeting_id.as_str(),
                &rep.page.to_string(),
                &rep.original,
                &rep.repaired,
                rep.rule.as_str(),
            ])?;
        }
        // Tables: an index, one CSV per table with the cells as printed, and every cell typed.
        for (k, t) in m.structure.tables.iter().enumerate() {
            let id = table_id(&r.meeting_id, k);
            let file = table_file(&id);
            w[at(Out::Tables)].write_record([
                r.meeting_id.as_str(),
                &id,
                opt(&t.item),
                &if t.item.is_some() {
                    t.index.to_string()
                } else {
                    String::new()
                },
                &t.section,
                opt(&t.caption),
                &t.page_start.to_string(),
                &t.page_end.to_string(),
                &(t.rows.len() + 1).to_string(),
                &t.columns().to_string(),
                &file,
            ])?;
            let mut tw = Cells::default();
            tw.write_record(&t.header)?;
            for row in &t.rows {
                tw.write_record(row)?;
            }
            for (ri, row) in std::iter::once(&t.header).chain(&t.rows).enumerate() {
                for (ci, text) in row.iter().enumerate() {
                    let number = t.number(ri, ci);
                    w[at(Out::TableCells)].write_record([
                        r.meeting_id.as_str(),
                        &id,
                        &ri.to_string(),
                        &(ci + 1).to_string(),
                        text,
                        &number.map_or(String::new(), |n| {
                            crate::structure::numbers::format_value(n.value)
                        }),
                        number.map_or("", |n| n.unit.as_str()),
                    ])?;
                }
            }
            table_files.push((id, tw));
            table_numbers.push(t.numbers.clone());
        }
    }
    Ok(FileRows {
        cells: w.into_iter().map(|c| c.0).collect(),
        tables: table_files.into_iter().map(|(id, t)| (id, t.0)).collect(),
        table_numbers,
        json: if json {
            crate::views::json::document(r)?
        } else {
            String::new()
        },
    })
}
