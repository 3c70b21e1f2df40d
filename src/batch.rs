//! The batch: finds the input files (sorted, deterministic), runs the pipeline on each in
//! parallel with rayon, shows progress with indicatif when stderr is a terminal, writes the
//! outputs and the run summary, and reports the counts. The batch is also a lexicon for text
//! repair: files whose line-end hyphens the batch's spellings decide differently are redone
//! with them.

use crate::input::ReadOptions;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::input::InputKind;
use crate::pipeline::{self, FileResult, Status};
use crate::repair::BatchVocabulary;
use crate::writers;

/// One input file to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path as found under the INPUT argument (written to `source_file`).
    pub source: String,
    /// Its identifier in the output tables.
    pub meeting_id: String,
}

/// Finds the files named by `args`: files as given, directories searched recursively for
/// `.pdf`, `.txt` and `.md` files. Sorted by source path; meeting ids made unique.
pub fn discover(args: &[PathBuf]) -> Result<Vec<Input>> {
    let mut found: Vec<(PathBuf, String, String)> = Vec::new();
    for arg in args {
        let meta = std::fs::metadata(arg)
            .with_context(|| format!("input not found: {}", arg.display()))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(arg, &mut files).with_context(|| format!("cannot list {}", arg.display()))?;
            for f in files {
                let rel = f.strip_prefix(arg).unwrap_or(&f).to_path_buf();
                found.push((f.clone(), slash(&f), slash(&rel)));
            }
        } else {
            let name = arg
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| arg.clone());
            found.push((arg.clone(), slash(arg), slash(&name)));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found.dedup_by(|a, b| a.1 == b.1);
    let mut used = HashSet::new();
    Ok(found
        .into_iter()
        .map(|(path, source, rel)| {
            let base = meeting_slug(&rel);
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            Input {
                path,
                source,
                meeting_id: id,
            }
        })
        .collect())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = e.file_type()?;
        if ft.is_dir() {
            walk(&p, out)?;
        } else if InputKind::of(&p).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

fn slash(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A readable, stable identifier from a relative path: `a_sans/seed_000.pdf` →
/// `a_sans-seed_000-pdf`.
pub fn meeting_slug(rel: &str) -> String {
    let mut s = String::new();
    for c in rel.chars().flat_map(|c| c.to_lowercase()) {
        if c.is_alphanumeric() || c == '_' {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "meeting".into()
    } else {
        s
    }
}

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Output directory.
    pub out: PathBuf,
    /// Worker threads (0: all cores).
    pub jobs: usize,
    /// Show a progress bar (when stderr is a terminal).
    pub progress: bool,
    /// How inputs are read (password, …).
    pub read: ReadOptions,
}

/// Counts reported at the end of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files read completely.
    pub ok: usize,
    /// Files read in part.
    pub partial: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// Pages in all files.
    pub pages: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

#[derive(Serialize)]
struct RunJson<'a> {
    tool: &'static str,
    version: &'static str,
    jobs: usize,
    /// The Danish word list used by text repair, or why there was none.
    dictionary: String,
    /// Distinct mid-line spellings in the batch (its lexicon for text repair).
    batch_vocabulary: usize,
    /// Files redone because the batch's spellings overturned one of their repair decisions.
    redone_with_batch_evidence: usize,
    summary: &'a Summary,
    files: Vec<FileTiming<'a>>,
}

#[derive(Serialize)]
struct FileTiming<'a> {
    source_file: &'a str,
    status: &'static str,
    pages: usize,
    seconds: f64,
}

/// Runs the batch over `inputs` and writes everything into `opts.out`.
pub fn run(inputs: &[Input], opts: &Options) -> Result<Summary> {
    if inputs.is_empty() {
        bail!("no .pdf, .txt or .md files found in the inputs");
    }
    let start = Instant::now();
    let words = crate::lexicon::danish();
    if let Some(why) = words.unavailable_reason() {
        if opts.progress {
            eprintln!("kl-extract: note: {why}");
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .context("cannot start worker threads")?;
    let bar = if opts.progress && std::io::stderr().is_terminal() {
        let b =
            ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files · {msg} · {per_sec} · ETA {eta}",
            )
            .expect("valid template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let pages_done = AtomicUsize::new(0);
    let vocabulary = Mutex::new(BatchVocabulary::default());
    // First pass: every file with its own evidence; its spellings go into the batch vocabulary.
    let mut results: Vec<(FileResult, Duration)> = pool.install(|| {
        inputs
            .par_iter()
            .map(|inp| {
                let t = Instant::now();
                let mut r =
                    pipeline::process(&inp.path, &inp.source, &inp.meeting_id, None, &opts.read);
                let words = std::mem::take(&mut r.vocabulary);
                vocabulary
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(words);
                let p = pages_done.fetch_add(r.pages, Ordering::Relaxed) + r.pages;
                bar.set_message(format!("{p} pages"));
                bar.inc(1);
                (r, t.elapsed())
            })
            .collect()
    });
    bar.finish_and_clear();
    // Second pass, only for files where the batch's spellings overturn a decision the word list
    // or a rule made: the result is then what one pass with the whole batch as evidence gives.
    let vocabulary = vocabulary.into_inner().unwrap_or_else(|e| e.into_inner());
    let batch_vocabulary = vocabulary.len();
    let redone = AtomicUsize::new(0);
    pool.install(|| {
        results
            .par_iter_mut()
            .zip(inputs)
            .for_each(|((r, t), inp)| {
                if vocabulary.settles_any(&r.open) {
                    redone.fetch_add(1, Ordering::Relaxed);
                    let start = Instant::now();
                    *r = pipeline::process(
                        &inp.path,
                        &inp.source,
                        &inp.meeting_id,
                        Some(&vocabulary),
                        &opts.read,
                    );
                    r.vocabulary.clear();
                    *t += start.elapsed();
                }
            })
    });
    drop(vocabulary);
    let (results, timings): (Vec<FileResult>, Vec<Duration>) = results.into_iter().unzip();
    writers::write_all(&opts.out, &results)?;
    let mut summary = Summary::default();
    for r in &results {
        match r.status {
            Status::Ok => summary.ok += 1,
            Status::Partial => summary.partial += 1,
            Status::Failed => summary.failed += 1,
        }
        summary.pages += r.pages;
    }
    summary.seconds = start.elapsed().as_secs_f64();
    let run = RunJson {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        jobs: pool.current_num_threads(),
        dictionary: match words.unavailable_reason() {
            None => "hunspell-da".to_string(),
            Some(why) => why.to_string(),
        },
        batch_vocabulary,
        redone_with_batch_evidence: redone.into_inner(),
        summary: &summary,
        files: results
            .iter()
            .zip(&timings)
            .map(|(r, t)| FileTiming {
                source_file: &r.source,
                status: r.status.as_str(),
                pages: r.pages,
                seconds: t.as_secs_f64(),
            })
            .collect(),
    };
    let json = serde_json::to_vec_pretty(&run)?;
    writers::write_atomic(&opts.out.join("run.json"), &json)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(meeting_slug("a_sans/seed_000.pdf"), "a_sans-seed_000-pdf");
        assert_eq!(
            meeting_slug("Referat 04.09.2020.PDF"),
            "referat-04-09-2020-pdf"
        );
    }
}
