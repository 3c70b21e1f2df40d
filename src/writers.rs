//! Writers: the CSV views of the pipeline's results. Every file is written to a temporary name
//! in the output directory and renamed into place, so a reader never sees half a file; rows
//! follow the order of the results (sorted by source file) and, within a meeting, document order.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::pipeline::{FileResult, Status};

/// The section headings that get their own column in `items.csv`.
pub const STANDARD_SECTIONS: [&str; 4] =
    ["Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning"];

/// Writes `bytes` to `path` atomically (temporary file in the same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp: PathBuf = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut f =
        fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    drop(f);
    fs::rename(&tmp, path).with_context(|| format!("cannot move {} into place", path.display()))?;
    Ok(())
}

fn csv_bytes<F>(header: &[&str], fill: F) -> Result<Vec<u8>>
where
    F: FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    fill(&mut w)?;
    w.into_inner().context("cannot finish CSV")
}

/// Identifier of a meeting's `k`-th table (0-based, document order): `<meeting_id>-t<k+1>`.
pub fn table_id(meeting_id: &str, k: usize) -> String {
    format!("{meeting_id}-t{}", k + 1)
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// Writes all CSV files for `results` into `out`.
pub fn write_all(out: &Path, results: &[FileResult]) -> Result<()> {
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let tables_dir = out.join("tables");
    fs::create_dir_all(&tables_dir)
        .with_context(|| format!("cannot create {}", tables_dir.display()))?;

    let files = csv_bytes(
        &[
            "source_file",
            "status",
            "pages",
            "text_source",
            "error_kind",
            "error",
        ],
        |w| {
            for r in results {
                w.write_record([
                    r.source.as_str(),
                    r.status.as_str(),
                    &r.pages.to_string(),
                    r.text_source.as_str(),
                    r.error.as_ref().map_or("", |e| e.kind.as_str()),
                    r.error.as_ref().map_or("", |e| e.message.as_str()),
                ])?;
            }
            Ok(())
        },
    )?;
    write_atomic(&out.join("files.csv"), &files)?;

    let pages = csv_bytes(
        &[
            "source_file",
            "page",
            "text_source",
            "words",
            "read",
            "ocr_reason",
            "ocr_confidence",
            "ocr_skew_degrees",
            "ocr_image",
        ],
        |w| {
            for r in results {
                for p in &r.page_records {
                    let o = p.ocr.as_ref();
                    w.write_record([
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
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    write_atomic(&out.join("pages.csv"), &pages)?;

    let read: Vec<_> = results
        .iter()
        .filter(|r| r.status != Status::Failed)
        .filter_map(|r| r.meeting.as_ref().map(|m| (r, m)))
        .collect();

    let meetings = csv_bytes(
        &[
            "meeting_id",
            "source_file",
            "doc_type",
            "committee",
            "date",
            "start_time",
            "location",
            "pages",
            "item_count",
            "table_count",
            "text_source",
            "warnings",
        ],
        |w| {
            for (r, m) in &read {
                let mt = &m.structure.meeting;
                w.write_record([
                    r.meeting_id.as_str(),
                    &r.source,
                    opt(&mt.doc_type),
                    opt(&mt.committee),
                    opt(&mt.date),
                    opt(&mt.start_time),
                    opt(&mt.location),
                    &r.pages.to_string(),
                    &m.structure.items.len().to_string(),
                    &m.structure.tables.len().to_string(),
                    r.text_source.as_str(),
                    &m.warnings.join("; "),
                ])?;
            }
            Ok(())
        },
    )?;
    write_atomic(&out.join("meetings.csv"), &meetings)?;

    let participants = csv_bytes(
        &[
            "meeting_id",
            "name",
            "party",
            "municipality",
            "attendance",
            "page",
        ],
        |w| {
            for (r, m) in &read {
                for p in &m.structure.participants {
                    w.write_record([
                        r.meeting_id.as_str(),
                        &p.name,
                        opt(&p.party),
                        opt(&p.municipality),
                        p.attendance.as_str(),
                        &p.page.to_string(),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    write_atomic(&out.join("participants.csv"), &participants)?;

    let mut header = vec![
        "meeting_id",
        "item_no",
        "level",
        "title",
        "case_number",
        "case_handler",
        "page_start",
        "page_end",
        "attachments",
    ];
    let lower: Vec<String> = STANDARD_SECTIONS.iter().map(|s| s.to_lowercase()).collect();
    header.extend(lower.iter().map(|s| s.as_str()));
    let items = csv_bytes(&header, |w| {
        for (r, m) in &read {
            for it in &m.structure.items {
                let mut rec = vec![
                    r.meeting_id.clone(),
                    it.number.clone(),
                    it.level.to_string(),
                    it.title.clone(),
                    opt(&it.case_number).to_string(),
                    opt(&it.case_handler).to_string(),
                    it.page_start.to_string(),
                    it.page_end.to_string(),
                    it.attachments().to_string(),
                ];
                for h in STANDARD_SECTIONS {
                    rec.push(it.standard_section(h).unwrap_or_default());
                }
                w.write_record(&rec)?;
            }
        }
        Ok(())
    })?;
    write_atomic(&out.join("items.csv"), &items)?;

    let sections = csv_bytes(
        &[
            "meeting_id",
            "item_no",
            "section_index",
            "heading",
            "text",
            "attachments",
            "page",
        ],
        |w| {
            for (r, m) in &read {
                for it in &m.structure.items {
                    for (k, s) in it.sections.iter().enumerate() {
                        w.write_record([
                            r.meeting_id.as_str(),
                            &it.number,
                            &(k + 1).to_string(),
                            &s.heading,
                            &s.text,
                            &s.attachments.to_string(),
                            &s.page.to_string(),
                        ])?;
                    }
                }
            }
            Ok(())
        },
    )?;
    write_atomic(&out.join("sections.csv"), &sections)?;

    let repairs = csv_bytes(
        &["meeting_id", "page", "original", "repaired", "rule"],
        |w| {
            for (r, m) in &read {
                for rep in &m.repair.repairs {
                    w.write_record([
                        r.meeting_id.as_str(),
                        &rep.page.to_string(),
                        &rep.original,
                        &rep.repaired,
                        rep.rule.as_str(),
                    ])?;
                }
            }
            Ok(())
        },
    )?;
    write_atomic(&out.join("repairs.csv"), &repairs)?;

    // Tables: an index, one CSV per table with the cells as printed, and every cell typed.
    let mut per_table: Vec<(String, Vec<u8>)> = Vec::new();
    let tables = csv_bytes(
        &[
            "meeting_id",
            "table_id",
            "item_no",
            "table_index",
            "section",
            "caption",
            "page_start",
            "page_end",
            "rows",
            "cols",
            "file",
        ],
        |w| {
            for (r, m) in &read {
                for (k, t) in m.structure.tables.iter().enumerate() {
                    let id = table_id(&r.meeting_id, k);
                    let file = format!("tables/{id}.csv");
                    w.write_record([
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
                    let mut tw = csv::WriterBuilder::new()
                        .terminator(csv::Terminator::CRLF)
                        .flexible(true)
                        .from_writer(Vec::new());
                    tw.write_record(&t.header)?;
                    for row in &t.rows {
                        tw.write_record(row)?;
                    }
                    per_table.push((id, tw.into_inner().map_err(|e| e.into_error())?));
                }
            }
            Ok(())
        },
    )?;
    let cells = csv_bytes(
        &[
            "meeting_id",
            "table_id",
            "row",
            "col",
            "text",
            "number",
            "unit",
        ],
        |w| {
            for (r, m) in &read {
                for (k, t) in m.structure.tables.iter().enumerate() {
                    let id = table_id(&r.meeting_id, k);
                    for (ri, row) in std::iter::once(&t.header).chain(&t.rows).enumerate() {
                        for (ci, text) in row.iter().enumerate() {
                            let number = crate::structure::numbers::parse(text);
                            w.write_record([
                                r.meeting_id.as_str(),
                                &id,
                                &ri.to_string(),
                                &(ci + 1).to_string(),
                                text,
                                &number.as_ref().map_or(String::new(), |n| {
                                    crate::structure::numbers::format_value(n.value)
                                }),
                                number.as_ref().map_or("", |n| n.unit),
                            ])?;
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    // Remove tables of an earlier run into the same folder, then write this run's.
    for e in fs::read_dir(&tables_dir)
        .with_context(|| format!("cannot list {}", tables_dir.display()))?
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "csv") {
            fs::remove_file(e.path())
                .with_context(|| format!("cannot remove {}", e.path().display()))?;
        }
    }
    for (id, bytes) in &per_table {
        write_atomic(&tables_dir.join(format!("{id}.csv")), bytes)?;
    }
    write_atomic(&out.join("table_cells.csv"), &cells)?;
    write_atomic(&out.join("tables.csv"), &tables)?;
    Ok(())
}
