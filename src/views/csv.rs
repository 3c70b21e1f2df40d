//! Writers: the CSV views of the pipeline's results. Every file is written to a temporary name
//! in the output directory and renamed into place, so a reader never sees half a file; rows
//! follow the order of the results (sorted by source file) and, within a meeting, document order.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::pipeline::{FileResult, Status};
use crate::run::outdir::{OutDir, JSON_DIR, TABLES_DIR};

/// The section headings that get their own column in `items.csv`.
pub const STANDARD_SECTIONS: [&str; 4] =
    ["Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning"];

/// Writes `bytes` to `path` atomically (temporary file in the same directory, flushed to disk,
/// then renamed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, true)
}

/// Writes `bytes` to `path` atomically; `durable` also flushes it to disk before the rename (a
/// killed process never leaves half a file either way; `durable` guards against power loss).
/// The temporary file is beside `path`, under a short name of its own (never one made from
/// `path`'s name, which may already be near the file system's limit).
pub fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    write_atomic_via(dir, path, bytes, durable)
}

/// Writes `bytes` to `path` atomically through a temporary file in `tmp_dir` (a folder on the
/// same file system, e.g. the run's temporary folder in the store), which is removed on every
/// error.
pub fn write_atomic_via(tmp_dir: &Path, path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let tmp = temp_name(tmp_dir);
    let written = (|| -> Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("cannot create a temporary file for {}", path.display()))?;
        f.write_all(bytes)
            .and_then(|_| if durable { f.sync_all() } else { Ok(()) })
            .with_context(|| format!("cannot write {}", path.display()))?;
        drop(f);
        fs::rename(&tmp, path).with_context(|| format!("cannot move {} into place", path.display()))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A fresh temporary file name in `dir`: short, unique to this process and call.
pub fn temp_name(dir: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".kl-extract-{}-{n}.tmp", std::process::id()))
}

/// Removes the file at `path`; one that is not there is no error.
pub fn remove_if_there(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Identifier of a meeting's `k`-th table (0-based, document order): `<meeting_id>-t<k+1>`.
pub fn table_id(meeting_id: &str, k: usize) -> String {
    format!("{meeting_id}-t{}", k + 1)
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// The CSV files of a run, in the order they are written, with their header rows.
pub const OUTPUTS: [(&str, &[&str]); 11] = [
    (
        "files.csv",
        &[
            "source_file",
            "status",
            "pages",
            "items",
            "text_source",
            "error_kind",
            "error",
            "content_hash",
        ],
    ),
    (
        "pages.csv",
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
            "text",
        ],
    ),
    (
        "meetings.csv",
        &[
            "meeting_id",
            "meeting_key",
            "source_file",
            "doc_type",
            "committee",
            "date",
            "start_time",
            "end_time",
            "location",
            "pages",
            "item_count",
            "table_count",
            "text_source",
            "warnings",
        ],
    ),
    (
        "participants.csv",
        &[
            "meeting_id",
            "name",
            "party",
            "municipality",
            "attendance",
            "page",
        ],
    ),
    (
        "items.csv",
        &[
            "meeting_id",
            "meeting_key",
            "item_no",
            "level",
            "title",
            "closed",
            "case_number",
            "case_handler",
            "page_start",
            "page_end",
            "attachments",
            "baggrund",
            "indstilling",
            "sagsfremstilling",
            "beslutning",
            "decision",
            "decision_sentence",
        ],
    ),
    (
        "sections.csv",
        &[
            "meeting_id",
            "item_no",
            "section_index",
            "heading",
            "text",
            "attachments",
            "page",
        ],
    ),
    (
        "votes.csv",
        &[
            "meeting_id",
            "item_no",
            "ballot",
            "position",
            "who",
            "count",
            "sentence",
            "page",
        ],
    ),
    (
        "attachments.csv",
        &[
            "meeting_id",
            "item_no",
            "attachment_index",
            "title",
            "access",
            "reference",
            "page",
        ],
    ),
    (
        "repairs.csv",
        &["meeting_id", "page", "original", "repaired", "rule"],
    ),
    (
        "table_cells.csv",
        &[
            "meeting_id",
            "table_id",
            "row",
            "col",
            "text",
            "number",
            "unit",
        ],
    ),
    (
        "tables.csv",
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
    ),
];

/// The position of each output in [`OUTPUTS`].
#[derive(Debug, Clone, Copy)]
enum Out {
    Files,
    Pages,
    Meetings,
    Participants,
    Items,
    Sections,
    Votes,
    Attachments,
    Repairs,
    TableCells,
    Tables,
}

// Each `Out` is the index of its file in `OUTPUTS`: the last one is the last file.
const _: () = assert!(Out::Tables as usize + 1 == OUTPUTS.len());

/// What a column holds, for the outputs that type their values (Excel CSV, XLSX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text as it is.
    Text,
    /// A whole number.
    Integer,
    /// A number with a decimal point (`6.5`).
    Decimal,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM`.
    Time,
    /// `true` or `false`.
    Boolean,
}

/// The kind of `column` of the output `file` (one of [`OUTPUTS`]); text unless listed.
pub fn column_kind(file: &str, column: &str) -> Kind {
    match (file, column) {
        ("pages.csv", "ocr_confidence" | "ocr_skew_degrees") | ("table_cells.csv", "number") => {
            Kind::Decimal
        }
        ("meetings.csv", "date") => Kind::Date,
        ("meetings.csv", "start_time" | "end_time") => Kind::Time,
        ("items.csv", "closed") => Kind::Boolean,
        ("files.csv", "pages" | "items")
        | ("pages.csv", "page" | "words")
        | ("meetings.csv", "pages" | "item_count" | "table_count")
        | ("participants.csv", "page")
        | ("items.csv", "level" | "page_start" | "page_end" | "attachments")
        | ("sections.csv", "section_index" | "attachments" | "page")
        | ("votes.csv", "ballot" | "count" | "page")
        | ("attachments.csv", "attachment_index" | "page")
        | ("repairs.csv", "page")
        | ("table_cells.csv", "row" | "col")
        | ("tables.csv", "table_index" | "page_start" | "page_end" | "rows" | "cols") => {
            Kind::Integer
        }
        _ => Kind::Text,
    }
}

/// An output format of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// The CSV files (and `tables/`).
    #[value(help = "The CSV files and tables/")]
    Csv,
    /// One workbook, `kl-extract.xlsx` (see [`crate::views::xlsx`]).
    #[value(help = "One workbook, kl-extract.xlsx, with typed numbers and dates")]
    Xlsx,
    /// One `json/<meeting_id>.json` per input (see [`crate::views::json`]).
    #[value(help = "One json/<meeting_id>.json per input: each document's whole model")]
    Json,
}

/// How the CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// RFC 4180: comma-separated, UTF-8 without a byte-order mark, decimal point.
    #[default]
    Standard,
    /// For Danish Excel, which opens it correctly by double-click: UTF-8 with a byte-order mark,
    /// `;`-separated, a decimal comma in the number columns; text as printed (`6,5`, `2,0 %`).
    Excel,
}

impl Dialect {
    /// The byte between columns.
    pub fn delimiter(self) -> u8 {
        match self {
            Dialect::Standard => b',',
            Dialect::Excel => b';',
        }
    }

    /// The bytes a file starts with.
    fn preamble(self) -> &'static str {
        match self {
            Dialect::Standard => "",
            Dialect::Excel => "\u{feff}",
        }
    }

    /// `text` (rows in the standard dialect, as stored) in this dialect; `kinds` are the
    /// columns' kinds (empty: all text).
    fn rows<'t>(self, text: &'t str, kinds: &[Kind]) -> Result<std::borrow::Cow<'t, str>> {
        if self == Dialect::Standard {
            return Ok(text.into());
        }
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        for rec in r.records() {
            let rec = rec.context("stored rows are not CSV")?;
            w.write_record(rec.iter().enumerate().map(|(i, f)| {
                if kinds.get(i) == Some(&Kind::Decimal) {
                    f.replace('.', ",")
                } else {
                    f.to_string()
                }
            }))?;
        }
        Ok(finish(w)?.into())
    }
}

/// One input's rows of every output, as CSV text without the header (so a run's CSV is the
/// header followed by its files' rows in input order), and its tables' own CSV files. This is
/// what a worker stores for a finished file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRows {
    /// Rows of each of [`OUTPUTS`], in that order.
    pub outputs: Vec<String>,
    /// `tables/<table_id>.csv` files: table id and content.
    pub table_files: Vec<(String, String)>,
    /// The `json/<meeting_id>.json` document (see [`crate::views::json`]).
    pub json: String,
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    String::from_utf8(bytes).context("CSV is not UTF-8")
}

/// The rows `result` contributes to each output. `content_hash` identifies the input's bytes
/// (written to `files.csv`).
pub fn file_rows(r: &FileResult, content_hash: &str) -> Result<FileRows> {
    let mut w: Vec<csv::Writer<Vec<u8>>> = OUTPUTS.iter().map(|_| writer()).collect();
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
            let mut tw = writer();
            tw.write_record(&t.header)?;
            for row in &t.rows {
                tw.write_record(row)?;
            }
            for (ri, row) in std::iter::once(&t.header).chain(&t.rows).enumerate() {
                for (ci, text) in row.iter().enumerate() {
                    let number = crate::structure::numbers::parse(text);
                    w[at(Out::TableCells)].write_record([
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
            table_files.push((id, finish(tw)?));
        }
    }
    Ok(FileRows {
        outputs: w.into_iter().map(finish).collect::<Result<_>>()?,
        table_files,
        json: crate::views::json::document(r)?,
    })
}

/// Builds a run's CSV files from its files' rows, added in input order: each output goes to a
/// temporary file in the run's temporary folder and is moved into place by
/// [`finish`](Self::finish), so a killed run leaves the previous outputs (or none), never half a
/// CSV. Every file it writes is listed in the output folder's list of the tool's files first.
pub struct Assembler<'a> {
    dir: &'a OutDir,
    parts: Vec<(PathBuf, std::io::BufWriter<fs::File>)>,
    /// Whether the JSON documents are asked for.
    json: bool,
    /// Bytes written to each part so far.
    written: Mark,
    dialect: Dialect,
    /// Each output's column kinds.
    kinds: Vec<Vec<Kind>>,
}

/// How far the outputs have been written: [`Assembler::rewind`] goes back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark([u64; OUTPUTS.len()]);

/// A file's own output (a table file or its JSON document) that could not be written: the file
/// gets an error row instead of its rows (the run goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnFileError(pub String);

impl<'a> Assembler<'a> {
    /// Starts the outputs in the output folder `dir` holds (the earlier run's table files and
    /// JSON documents are gone: see [`OutDir::prepare`]). `json`: write each file's JSON
    /// document.
    pub fn new(dir: &'a OutDir, dialect: Dialect, json: bool) -> Result<Assembler<'a>> {
        let out = dir.out();
        for sub in std::iter::once(TABLES_DIR).chain(json.then_some(JSON_DIR)) {
            let path = out.join(sub);
            fs::create_dir_all(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
        }
        let mut parts = Vec::new();
        let mut written = Mark::default();
        for (name, header) in OUTPUTS {
            let tmp = temp_name(dir.tmp());
            let f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .with_context(|| format!("cannot create a temporary file for {name}"))?;
            let mut f = std::io::BufWriter::new(f);
            let mut w = writer();
            w.write_record(header)?;
            let text = finish(w)?;
            let text = format!("{}{}", dialect.preamble(), dialect.rows(&text, &[])?);
            f.write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            written.0[parts.len()] = text.len() as u64;
            parts.push((tmp, f));
        }
        Ok(Assembler {
            dir,
            parts,
            json,
            written,
            dialect,
            kinds: OUTPUTS
                .iter()
                .map(|(name, header)| header.iter().map(|c| column_kind(name, c)).collect())
                .collect(),
        })
    }

    /// Where the outputs stand now.
    pub fn mark(&self) -> Mark {
        self.written
    }

    /// Takes the outputs back to `mark` (what was added since is gone) and removes the table
    /// files named by `table_ids` and the JSON documents of `meeting_ids`: a file read again is
    /// added again.
    pub fn rewind(&mut self, mark: Mark, table_ids: &[String], meeting_ids: &[&str]) -> Result<()> {
        use std::io::{Seek, SeekFrom};
        for ((tmp, f), &len) in self.parts.iter_mut().zip(&mark.0) {
            let context = || format!("cannot write {}", tmp.display());
            f.flush().with_context(context)?;
            f.get_mut().set_len(len).with_context(context)?;
            f.seek(SeekFrom::Start(len)).with_context(context)?;
        }
        self.written = mark;
        let tables = table_ids.iter().map(|id| table_file(id));
        let json: Vec<String> = if self.json {
            meeting_ids.iter().map(|id| json_file(id)).collect()
        } else {
            Vec::new()
        };
        for rel in tables.chain(json) {
            self.dir.remove(&rel)?;
        }
        Ok(())
    }

    /// Appends the rows of the file `meeting_id` and writes its tables' files (and its JSON
    /// document, when asked for). When one of the file's own outputs cannot be written (a table
    /// file or its document), nothing of the file is kept and the problem comes back as
    /// `Ok(Err(_))`, for its error row; an error writing the run's CSV files is the outer error.
    pub fn add(
        &mut self,
        meeting_id: &str,
        rows: &FileRows,
    ) -> Result<std::result::Result<(), OwnFileError>> {
        // Rows of another schema would be zipped with the wrong files (the store's version key
        // keeps them out; this says so if one gets through).
        anyhow::ensure!(
            rows.outputs.len() == OUTPUTS.len(),
            "the stored result of {meeting_id} has rows for {} files, this version writes {}",
            rows.outputs.len(),
            OUTPUTS.len()
        );
        let mut own: Vec<(String, Vec<u8>)> = Vec::new();
        if self.json && !rows.json.is_empty() {
            own.push((json_file(meeting_id), rows.json.as_bytes().to_vec()));
        }
        for (id, text) in &rows.table_files {
            let text = format!(
                "{}{}",
                self.dialect.preamble(),
                self.dialect.rows(text, &[])?
            );
            own.push((table_file(id), text.into_bytes()));
        }
        let rels: Vec<&str> = own.iter().map(|(r, _)| r.as_str()).collect();
        self.dir.record(&rels)?;
        for (k, (rel, bytes)) in own.iter().enumerate() {
            let path = self.dir.out().join(rel);
            if let Err(e) = write_atomic_via(self.dir.tmp(), &path, bytes, false) {
                for (done, _) in &own[..k] {
                    self.dir.remove(done)?;
                }
                self.dir.forget(rel);
                return Ok(Err(OwnFileError(format!(
                    "cannot write {rel}: {}",
                    e.root_cause()
                ))));
            }
        }
        for ((((tmp, f), text), n), kinds) in self
            .parts
            .iter_mut()
            .zip(&rows.outputs)
            .zip(&mut self.written.0)
            .zip(&self.kinds)
        {
            let text = self.dialect.rows(text, kinds)?;
            f.write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            *n += text.len() as u64;
        }
        Ok(Ok(()))
    }

    /// Moves every output into place: all are flushed to disk first (at once: each flush mostly
    /// waits for the disk), then renamed in their fixed order.
    pub fn finish(self) -> Result<()> {
        let flushed: Vec<Result<PathBuf>> = std::thread::scope(|s| {
            let flushes: Vec<_> = self
                .parts
                .into_iter()
                .map(|(tmp, f)| {
                    s.spawn(move || -> Result<PathBuf> {
                        let context = || format!("cannot write {}", tmp.display());
                        let f = f
                            .into_inner()
                            .map_err(|e| e.into_error())
                            .with_context(context)?;
                        f.sync_all().with_context(context)?;
                        Ok(tmp)
                    })
                })
                .collect();
            flushes
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("flushing an output failed")))
                })
                .collect()
        });
        let tmps: Vec<PathBuf> = flushed.into_iter().collect::<Result<_>>()?;
        let names: Vec<&str> = OUTPUTS.iter().map(|(n, _)| *n).collect();
        self.dir.record(&names)?;
        for (tmp, name) in tmps.into_iter().zip(names) {
            let to = self.dir.out().join(name);
            fs::rename(&tmp, &to)
                .with_context(|| format!("cannot move {} into place", to.display()))?;
        }
        Ok(())
    }
}

/// The path of a table's file in the output folder: `tables/<table_id>.csv`.
pub fn table_file(table_id: &str) -> String {
    format!("{TABLES_DIR}/{table_id}.csv")
}

/// The path of a meeting's JSON document in the output folder: `json/<meeting_id>.json`.
pub fn json_file(meeting_id: &str) -> String {
    format!("{JSON_DIR}/{meeting_id}.json")
}

/// Removes the run's CSV files and table files from its output folder (when only other formats
/// were asked for: they are made on the way).
pub fn remove_csv(dir: &OutDir) -> Result<()> {
    for rel in dir.written() {
        if OUTPUTS.iter().any(|(n, _)| *n == rel) || rel.starts_with("tables/") {
            dir.remove(&rel)?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One file's rows: `tag` in every output, and `tables` table files.
    fn rows(tag: &str, tables: usize) -> FileRows {
        FileRows {
            outputs: OUTPUTS.iter().map(|_| format!("{tag}\r\n")).collect(),
            table_files: (0..tables)
                .map(|k| (table_id(tag, k), format!("{tag} table {k}\r\n")))
                .collect(),
            json: format!("{{\"meeting_id\": \"{tag}\"}}"),
        }
    }

    /// A minutes file with one closed item that has two ballots and an attachment list, built
    /// by hand (the structure stage is not involved).
    pub(crate) fn voted_minutes() -> FileResult {
        use crate::structure::decisions::{Decision, Outcome};
        use crate::structure::{Attachment, Item, Meeting, Position, Structure, Vote};
        let sentence = "For stemte A og V (12), imod stemte Ø (3).";
        let vote = |ballot, position, who: &str, count| Vote {
            ballot,
            position,
            who: who.to_string(),
            count,
            sentence: sentence.to_string(),
            page: 4,
        };
        let item = Item {
            number: "7".into(),
            level: 1,
            title: "Lukket punkt: Salg af grund".into(),
            case_number: Some("82.02.00-G01-1-20".into()),
            case_handler: None,
            page_start: 4,
            page_end: 5,
            sections: Vec::new(),
            decision: Some(Decision {
                outcome: Outcome::Henvist,
                sentence: "Oversendes til Økonomiudvalget.".into(),
            }),
            closed: true,
            votes: vec![
                vote(1, Position::For, "A", Some(12)),
                vote(1, Position::For, "V", Some(12)),
                vote(1, Position::Imod, "Ø", Some(3)),
                vote(2, Position::Undlod, "Jens Hansen (C)", None),
            ],
            attachments: vec![
                Attachment {
                    index: 1,
                    title: "Købstilbud, \"Grund 4\"".into(),
                    access: Some("lukket".into()),
                    reference: Some("222359/12".into()),
                    page: 5,
                },
                Attachment {
                    index: 2,
                    title: "Kort".into(),
                    access: None,
                    reference: None,
                    page: 5,
                },
            ],
        };
        let open_item = Item {
            number: "8".into(),
            title: "Eventuelt".into(),
            closed: false,
            votes: Vec::new(),
            attachments: Vec::new(),
            decision: None,
            case_number: None,
            page_start: 6,
            page_end: 6,
            ..item.clone()
        };
        FileResult {
            source: "referat.pdf".into(),
            meeting_id: "referat-pdf".into(),
            status: Status::Ok,
            pages: 6,
            text_source: crate::model::TextSource::Text,
            error: None,
            meeting: Some(crate::pipeline::MeetingResult {
                structure: Structure {
                    meeting: Meeting {
                        doc_type: Some("referat".into()),
                        committee: Some("Byrådet".into()),
                        date: Some("2021-03-25".into()),
                        start_time: Some("17:00".into()),
                        end_time: Some("19:30".into()),
                        location: None,
                    },
                    items: vec![item, open_item],
                    ..Structure::default()
                },
                warnings: Vec::new(),
                repair: Default::default(),
            }),
            vocabulary: Default::default(),
            open: Vec::new(),
            page_records: Vec::new(),
        }
    }

    /// The rows `rows` holds for the output `name`, header first, as records.
    fn table(rows: &FileRows, name: &str) -> Vec<Vec<String>> {
        let k = OUTPUTS.iter().position(|(n, _)| *n == name).unwrap();
        let header: Vec<String> = OUTPUTS[k].1.iter().map(|c| c.to_string()).collect();
        let body = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(rows.outputs[k].as_bytes())
            .into_records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>());
        std::iter::once(header).chain(body).collect()
    }

    #[test]
    fn votes_attachments_closed_and_end_time_reach_every_view() {
        let rows = file_rows(&voted_minutes(), "h").unwrap();
        assert_eq!(rows.outputs.len(), OUTPUTS.len());
        let s = "For stemte A og V (12), imod stemte Ø (3).";
        let vote = |ballot, position, who, count| {
            vec!["referat-pdf", "7", ballot, position, who, count, s, "4"]
        };
        assert_eq!(
            table(&rows, "votes.csv"),
            [
                vec![
                    "meeting_id",
                    "item_no",
                    "ballot",
                    "position",
                    "who",
                    "count",
                    "sentence",
                    "page"
                ],
                vote("1", "for", "A", "12"),
                vote("1", "for", "V", "12"),
                vote("1", "imod", "Ø", "3"),
                vote("2", "undlod", "Jens Hansen (C)", ""),
            ]
        );
        // As CSV text: the sentence quoted (it holds commas), CRLF line ends.
        let votes = OUTPUTS.iter().position(|(n, _)| *n == "votes.csv").unwrap();
        assert!(rows.outputs[votes].starts_with(
            "referat-pdf,7,1,for,A,12,\"For stemte A og V (12), imod stemte Ø (3).\",4\r\n"
        ));
        assert_eq!(
            table(&rows, "attachments.csv"),
            [
                vec![
                    "meeting_id",
                    "item_no",
                    "attachment_index",
                    "title",
                    "access",
                    "reference",
                    "page"
                ],
                vec![
                    "referat-pdf",
                    "7",
                    "1",
                    "Købstilbud, \"Grund 4\"",
                    "lukket",
                    "222359/12",
                    "5"
                ],
                vec!["referat-pdf", "7", "2", "Kort", "", "", "5"],
            ]
        );
        let items = table(&rows, "items.csv");
        let col = |t: &[Vec<String>], name: &str| -> Vec<String> {
            let c = t[0].iter().position(|h| h == name).unwrap();
            t.iter().skip(1).map(|r| r[c].clone()).collect()
        };
        assert_eq!(items[0][4..6], ["title", "closed"]);
        assert_eq!(col(&items, "closed"), ["true", "false"]);
        assert_eq!(col(&items, "decision"), ["henvist", ""]);
        assert_eq!(col(&items, "attachments"), ["0", "0"], "the ./. markers");
        let meetings = table(&rows, "meetings.csv");
        assert_eq!(meetings[0][6..8], ["start_time", "end_time"]);
        assert_eq!(meetings[1][6..8], ["17:00", "19:30"]);
        assert_eq!(items[1].len(), items[0].len());
        assert_eq!(meetings[1].len(), meetings[0].len());

        // The JSON document.
        let doc: serde_json::Value = serde_json::from_str(&rows.json).unwrap();
        assert_eq!(doc["meeting"]["start_time"], "17:00");
        assert_eq!(doc["meeting"]["end_time"], "19:30");
        let it = &doc["items"][0];
        assert_eq!(it["closed"], true);
        assert_eq!(doc["items"][1]["closed"], false);
        assert_eq!(it["attachment_markers"], 0);
        assert_eq!(it["decision"]["outcome"], "henvist");
        assert_eq!(
            it["votes"],
            serde_json::json!([
                {"ballot": 1, "position": "for", "who": "A", "count": 12,
                 "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
                {"ballot": 1, "position": "for", "who": "V", "count": 12,
                 "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
                {"ballot": 1, "position": "imod", "who": "Ø", "count": 3,
                 "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
                {"ballot": 2, "position": "undlod", "who": "Jens Hansen (C)", "count": null,
                 "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
            ])
        );
        assert_eq!(
            it["attachments"],
            serde_json::json!([
                {"index": 1, "title": "Købstilbud, \"Grund 4\"", "access": "lukket",
                 "reference": "222359/12", "page": 5},
                {"index": 2, "title": "Kort", "access": null, "reference": null, "page": 5},
            ])
        );
        assert_eq!(doc["items"][1]["votes"], serde_json::json!([]));
        assert_eq!(doc["items"][1]["attachments"], serde_json::json!([]));
    }

    #[test]
    fn the_new_columns_are_typed() {
        assert_eq!(column_kind("meetings.csv", "end_time"), Kind::Time);
        assert_eq!(column_kind("items.csv", "closed"), Kind::Boolean);
        for c in ["ballot", "count", "page"] {
            assert_eq!(column_kind("votes.csv", c), Kind::Integer, "{c}");
        }
        for c in ["attachment_index", "page"] {
            assert_eq!(column_kind("attachments.csv", c), Kind::Integer, "{c}");
        }
        assert_eq!(column_kind("votes.csv", "who"), Kind::Text);
        // The new files come after sections.csv, the others in their old order.
        let names: Vec<&str> = OUTPUTS.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "files.csv",
                "pages.csv",
                "meetings.csv",
                "participants.csv",
                "items.csv",
                "sections.csv",
                "votes.csv",
                "attachments.csv",
                "repairs.csv",
                "table_cells.csv",
                "tables.csv",
            ]
        );
    }

    /// The output folder `path`, held for a run of files `ids` in every format.
    fn out_dir(path: &Path, ids: &[&str]) -> OutDir {
        let plan = crate::run::outdir::Plan {
            meeting_ids: ids.iter().map(|s| s.to_string()).collect(),
            formats: vec![Format::Csv, Format::Json],
        };
        OutDir::prepare(crate::run::outdir::Lock::acquire(path).unwrap(), path, plan).unwrap()
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn rows_of_another_schema_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = out_dir(dir.path(), &["a"]);
        let mut a = Assembler::new(&out, Dialect::Standard, false).unwrap();
        let mut old = rows("a", 0);
        old.outputs.truncate(9);
        let e = a.add("a", &old).unwrap_err().to_string();
        assert!(
            e.contains("rows for 9 files, this version writes 11"),
            "{e}"
        );
    }

    #[test]
    fn rewinding_takes_the_outputs_back_to_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let out = out_dir(dir.path(), &["a", "b", "c", "d"]);
        let mut a = Assembler::new(&out, Dialect::Standard, true).unwrap();
        a.add("a", &rows("a", 1)).unwrap().unwrap();
        let mark = a.mark();
        a.add("b", &rows("b", 2)).unwrap().unwrap();
        a.add("c", &rows("c", 0)).unwrap().unwrap();
        assert!(dir.path().join("tables/b-t2.csv").exists());
        a.rewind(mark, &[table_id("b", 0), table_id("b", 1)], &["b", "c"])
            .unwrap();
        a.add("d", &rows("d", 0)).unwrap().unwrap();
        a.finish().unwrap();
        for (name, _) in OUTPUTS {
            let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
            let body: Vec<&str> = text.lines().skip(1).collect();
            assert_eq!(body, ["a", "d"], "{name}");
        }
        assert_eq!(names(&dir.path().join("tables")), ["a-t1.csv"]);
        assert_eq!(names(&dir.path().join("json")), ["a.json", "d.json"]);
        // What is there is what the list holds.
        let mut listed = out.written();
        listed.retain(|r| r.contains('/'));
        assert_eq!(listed, ["json/a.json", "json/d.json", "tables/a-t1.csv"]);
    }

    /// A table file that cannot be written (here: a name past the file system's 255 bytes, as
    /// a stored result of an older version could hold) costs its file only: none of the file's
    /// rows or files are written, the problem comes back for its error row, and the next
    /// file is added; no temporary file stays.
    #[test]
    fn a_file_whose_own_output_cannot_be_written_leaves_nothing_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let long = "æ".repeat(130);
        let out = out_dir(dir.path(), &["a", &long, "c"]);
        let mut a = Assembler::new(&out, Dialect::Standard, true).unwrap();
        a.add("a", &rows("a", 1)).unwrap().unwrap();
        let mut bad = rows("b", 2);
        bad.table_files[1].0 = table_id(&long, 1);
        let e = a.add("b", &bad).unwrap().unwrap_err();
        assert!(e.0.starts_with("cannot write tables/æææ"), "{e:?}");
        assert!(e.0.contains("too long"), "{e:?}");
        assert!(!e.0.contains(".tmp"), "{e:?}");
        a.add("c", &rows("c", 0)).unwrap().unwrap();
        a.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("files.csv")).unwrap();
        assert_eq!(text.lines().skip(1).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(names(&dir.path().join("tables")), ["a-t1.csv"]);
        assert_eq!(names(&dir.path().join("json")), ["a.json", "c.json"]);
        assert!(names(out.tmp()).is_empty());
    }
}
