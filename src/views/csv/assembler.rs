//! Building a run's CSV files from its files' rows, in input order, with rewinding for the files
//! read again, and writing each file's own outputs (table files, JSON document).

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::dialect::Dialect;
use super::rows::FileRows;
use super::schema::{column_kind, Kind, OUTPUTS};
use crate::files::{temp_name, write_atomic_via};
use crate::outdir::{OutDir, JSON_DIR, TABLES_DIR};
use crate::views::{json_file, table_file};

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
            let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
            let text = format!("{}{}", dialect.preamble(), dialect.write(&[header], &[])?);
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
            rows.cells.len() == OUTPUTS.len(),
            "the stored result of {meeting_id} has rows for {} files, this version writes {}",
            rows.cells.len(),
            OUTPUTS.len()
        );
        let mut own: Vec<(String, Vec<u8>)> = Vec::new();
        if self.json && !rows.json.is_empty() {
            own.push((json_file(meeting_id), rows.json.as_bytes().to_vec()));
        }
        for (id, cells) in &rows.tables {
            let text = format!(
                "{}{}",
                self.dialect.preamble(),
                self.dialect.write(cells, &[])?
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
        for ((((tmp, f), cells), n), kinds) in self
            .parts
            .iter_mut()
            .zip(&rows.cells)
            .zip(&mut self.written.0)
            .zip(&self.kinds)
        {
            let text = self.dialect.write(cells, kinds)?;
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
