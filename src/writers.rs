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
                    "0",
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

    let tables = csv_bytes(
        &[
            "meeting_id",
            "table_id",
            "item_no",
            "caption",
            "page_start",
            "page_end",
            "rows",
            "cols",
            "file",
        ],
        |_| Ok(()),
    )?;
    write_atomic(&out.join("tables.csv"), &tables)?;
    Ok(())
}
