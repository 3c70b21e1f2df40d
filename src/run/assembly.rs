//! The outputs assembled while a run reads its files: each file's stored record is handed to
//! the views in input order as soon as every file before it is done (rewound and added again
//! for the files a second pass reads again), and the batch's spellings are gathered on the way.

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::error::{ErrorKind, FileError};
use crate::outdir::OutDir;
use crate::pipeline::{FileResult, Status};
use crate::repair::BatchVocabulary;
use crate::run::discover::Input;
use crate::run::store::{Header, Pass, Store};
use crate::views::csv as csv_view;

/// One added file's outcome and time, for run.json and the summary.
#[derive(Serialize)]
pub(crate) struct FileTiming {
    pub(crate) source_file: String,
    pub(crate) status: Status,
    pub(crate) pages: usize,
    pub(crate) seconds: f64,
}

/// The outputs being assembled in input order from the stored results, as the files are done,
/// and the batch's spellings gathered on the way.
pub(crate) struct Assembly<'a> {
    inputs: &'a [Input],
    store: &'a Store,
    pub(crate) out: csv_view::Assembler<'a>,
    /// Which files are done; the files before `next` have been added.
    done: Vec<bool>,
    next: usize,
    /// Where the outputs stood before each added file, and its number of tables.
    marks: Vec<(csv_view::Mark, usize)>,
    /// The workbook's rows, when it is asked for, and where they stood before each file.
    pub(crate) workbook: Option<crate::views::xlsx::Collector>,
    workbook_marks: Vec<crate::views::xlsx::CollectorMark>,
    /// Every file's first-pass spellings.
    pub(crate) vocabulary: BatchVocabulary,
    /// The added files' outcomes, for run.json and the summary…
    pub(crate) files: Vec<FileTiming>,
    /// …and the pass that made each one's record…
    pub(crate) passes: Vec<Pass>,
    /// …and why its own outputs could not be written, when they could not (it is then a
    /// failed file).
    pub(crate) own_failed: Vec<Option<String>>,
    /// Whether the JSON documents are asked for.
    json: bool,
}

impl<'a> Assembly<'a> {
    pub(crate) fn new(
        inputs: &'a [Input],
        store: &'a Store,
        dir: &'a OutDir,
        dialect: csv_view::Dialect,
        json: bool,
        workbook: bool,
    ) -> Result<Assembly<'a>> {
        Ok(Assembly {
            inputs,
            store,
            out: csv_view::Assembler::new(dir, dialect, json)?,
            done: vec![false; inputs.len()],
            next: 0,
            marks: Vec::with_capacity(inputs.len()),
            workbook: workbook.then(crate::views::xlsx::Collector::default),
            workbook_marks: Vec::new(),
            vocabulary: BatchVocabulary::default(),
            files: Vec::with_capacity(inputs.len()),
            passes: Vec::with_capacity(inputs.len()),
            own_failed: Vec::with_capacity(inputs.len()),
            json,
        })
    }

    /// File `k` is done: its spellings join the batch's, and it and the done files after it
    /// are added to the outputs when every file before it is in.
    pub(crate) fn done(&mut self, k: usize) -> Result<()> {
        let e = self
            .store
            .read_evidence(&self.inputs[k].meeting_id)
            .unwrap_or_default();
        self.vocabulary.extend(e.vocabulary.into_iter().collect());
        self.done[k] = true;
        while self.next < self.inputs.len() && self.done[self.next] {
            self.add(self.next)?;
            self.next += 1;
        }
        Ok(())
    }

    fn add(&mut self, k: usize) -> Result<()> {
        let inp = &self.inputs[k];
        let (mut header, record): (Header, FileResult) = self.store.read_record(&inp.meeting_id)?;
        let rows = csv_view::file_rows(&record, &header.key.content_hash, self.json)?;
        drop(record);
        let mark = self.out.mark();
        if let Some(w) = &self.workbook {
            self.workbook_marks.push(w.mark());
        }
        let own_failed = self.out_failed_rows(k, &rows)?;
        let tables = match own_failed {
            None => {
                let tables = rows.tables.len();
                if let Some(w) = &mut self.workbook {
                    w.add(rows)?;
                }
                tables
            }
            Some(failed) => {
                if let Some(w) = &mut self.workbook {
                    w.add(failed)?;
                }
                header.status = Status::Failed;
                0
            }
        };
        self.marks.push((mark, tables));
        self.files.push(FileTiming {
            source_file: inp.source.clone(),
            status: header.status,
            pages: header.pages,
            seconds: header.seconds,
        });
        self.passes.push(header.pass);
        Ok(())
    }

    /// Adds file `k`'s rows to the CSV outputs. When one of its own outputs cannot be written,
    /// the file is failed with the reason and the run goes on: the failed file's rows are added
    /// instead and returned.
    fn out_failed_rows(
        &mut self,
        k: usize,
        rows: &csv_view::FileRows,
    ) -> Result<Option<csv_view::FileRows>> {
        let inp = &self.inputs[k];
        let Err(csv_view::OwnFileError(why)) = self.out.add(&inp.meeting_id, rows)? else {
            self.own_failed.push(None);
            return Ok(None);
        };
        let mut failed = self.failed_rows(k, why.clone())?;
        if self.out.add(&inp.meeting_id, &failed)?.is_err() {
            // Not even its JSON document: its error row without it.
            failed.json.clear();
            if let Err(e) = self.out.add(&inp.meeting_id, &failed)? {
                bail!("{}: {}", inp.source, e.0);
            }
        }
        self.own_failed.push(Some(why));
        Ok(Some(failed))
    }

    /// The rows of file `k` as failed with `why` (one of its own outputs could not be written).
    fn failed_rows(&self, k: usize, why: String) -> Result<csv_view::FileRows> {
        failed_rows(self.store, &self.inputs[k], why, self.json)
    }

    /// Takes the outputs back to before file `from` and adds it and every file after it again
    /// (after some of them were read again).
    pub(crate) fn rewind(&mut self, from: usize) -> Result<()> {
        let tables: Vec<String> = (from..self.marks.len())
            .flat_map(|k| {
                let id = &self.inputs[k].meeting_id;
                (0..self.marks[k].1).map(move |t| crate::views::table_id(id, t))
            })
            .collect();
        let ids: Vec<&str> = self.inputs[from..self.marks.len()]
            .iter()
            .map(|i| i.meeting_id.as_str())
            .collect();
        self.out.rewind(self.marks[from].0, &tables, &ids)?;
        if let (Some(w), Some(m)) = (&mut self.workbook, self.workbook_marks.get(from)) {
            w.rewind(m);
        }
        self.workbook_marks.truncate(from);
        self.marks.truncate(from);
        self.files.truncate(from);
        self.passes.truncate(from);
        self.own_failed.truncate(from);
        for k in from..self.inputs.len() {
            self.add(k)?;
        }
        Ok(())
    }
}

/// The rows of `input` as failed with `why` (one of its own outputs could not be written).
fn failed_rows(
    store: &Store,
    input: &Input,
    why: String,
    json: bool,
) -> Result<csv_view::FileRows> {
    let header = store
        .read_header(&input.meeting_id)
        .with_context(|| format!("{}: its stored result is gone", input.source))?;
    let r = crate::pipeline::failed(
        &input.source,
        &input.meeting_id,
        header.pages,
        FileError::new(ErrorKind::Io, why),
    );
    csv_view::file_rows(&r, &header.key.content_hash, json)
}

/// The rows the outputs took for `input` (after the run's last pass), for the views written
/// after the CSV files: from its stored record, or its failed row when its own outputs could
/// not be written (`own_failed`, the reason; see [`Assembly::own_failed`]).
pub(crate) fn stored_rows(
    store: &Store,
    input: &Input,
    own_failed: Option<&str>,
) -> Result<csv_view::FileRows> {
    if let Some(why) = own_failed {
        return failed_rows(store, input, why.to_string(), false);
    }
    let (header, record): (Header, FileResult) = store.read_record(&input.meeting_id)?;
    csv_view::file_rows(&record, &header.key.content_hash, false)
}
