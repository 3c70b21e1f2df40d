//! A run over a batch of inputs (found by [`discover`](crate::run::discover)): has the
//! [`worker`](crate::run::worker)s read them in parallel, each result stored as it finishes (see
//! [`store`](crate::run::store)), which earlier results stand decided by
//! [`reuse`](crate::run::reuse); shows progress with indicatif when stderr is a terminal; has
//! the outputs assembled from the stored records ([`assembly`](crate::run::assembly)) and
//! reports the counts. The batch is also a lexicon for text repair: files whose line-end
//! hyphens the batch's spellings decide differently are redone with them.

use crate::input::ReadOptions;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::outdir::{Lock, OutDir};
use crate::pipeline::Status;
use crate::run::assembly::FileTiming;
use crate::run::pool::{Pool, Progress, Runner};
use crate::run::store::{Pass, Store};
use crate::run::worker::{Done, Job, JobSettings};
use crate::settings::Settings;
use crate::views::csv as csv_view;

use crate::run::assembly::Assembly;
pub use crate::run::discover::{
    discover, find, meeting_slug, report_skipped, Input, Skipped, MEETING_ID_MAX,
};
use crate::run::reuse::reusable;
pub use crate::run::reuse::Reuse;
pub use crate::run::shards::{merge_stores, shard, ShardSet};

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Output directory.
    pub out: PathBuf,
    /// Workers in parallel (0: all cores).
    pub jobs: usize,
    /// Show a progress bar (when stderr is a terminal).
    pub progress: bool,
    /// How inputs are read (passwords, OCR, size guard).
    pub read: ReadOptions,
    /// Where files are read: worker processes (isolated, under a time limit) or threads.
    pub runner: Runner,
    /// Memory limit of a worker process, in bytes.
    pub max_memory: Option<u64>,
    /// Which earlier results are reused.
    pub reuse: Reuse,
    /// How the CSV files are written.
    pub dialect: csv_view::Dialect,
    /// The output formats (CSV when empty).
    pub formats: Vec<csv_view::Format>,
    /// `--shard K/N`: the share of the inputs this run reads (recorded in the store and
    /// run.json, for `merge`).
    pub shard: Option<(usize, usize)>,
    /// The paths the search of the inputs left out (for run.json).
    pub skipped: Vec<Skipped>,
    /// Every stage's thresholds (the tool's own by default).
    pub settings: Settings,
}

impl Options {
    /// Options for a run into `out` on threads of this process, everything else as default.
    pub fn new(out: PathBuf) -> Options {
        Options {
            out,
            jobs: 0,
            progress: false,
            read: ReadOptions::default(),
            runner: Runner::Threads,
            max_memory: None,
            reuse: Reuse::Nothing,
            dialect: csv_view::Dialect::Standard,
            formats: vec![csv_view::Format::Csv],
            shard: None,
            skipped: Vec::new(),
            settings: Settings::default(),
        }
    }
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
    /// Files whose earlier result was reused (`--resume`, `--retry-failed`).
    pub reused: usize,
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
    /// `--shard K/N`: the share of the inputs read.
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<String>,
    /// For a merge: the shards merged, and any missing (`--allow-partial`).
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_shards: Option<ShardSet>,
    /// Paths in the input folders that were not read, and why (a link in a loop, a link that
    /// leads nowhere).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skipped_paths: &'a [Skipped],
    summary: &'a Summary,
    files: Vec<FileTiming>,
}

/// The fingerprint of the settings `read` gives results under on this machine (with or without
/// the Danish word list).
pub fn settings_of(read: &ReadOptions, thresholds: &Settings) -> String {
    settings_fingerprint(
        read,
        crate::language::lexicon::dictionary_present().is_ok(),
        thresholds,
    )
}

/// Fingerprint of the settings that change what a file gives (part of every stored key): how
/// files are read, whether the word list is there, and every stage's thresholds.
fn settings_fingerprint(read: &ReadOptions, dictionary: bool, thresholds: &Settings) -> String {
    let text =
        serde_json::to_string(&(read, dictionary, thresholds.fingerprint())).unwrap_or_default();
    crate::files::fingerprint(text.as_bytes())
}

/// Runs the batch over `inputs` and writes everything into `opts.out`: each file's result is
/// stored as it finishes, and the CSV files are assembled from the stored results in input
/// order at the end.
///
/// The output folder is locked for the run (a second run into it is refused, see
/// [`crate::outdir`]), and only the tool's own files in it are replaced or removed.
pub fn run(inputs: &[Input], opts: &Options) -> Result<Summary> {
    // A shard may hold none of the inputs (more shards than files): its empty outputs and shard
    // record are what the merge needs.
    if inputs.is_empty() && opts.shard.is_none() {
        bail!("no .pdf, .txt or .md files found in the inputs");
    }
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("cannot create {}", opts.out.display()))?;
    let lock = Lock::acquire(&opts.out)?;
    run_locked(inputs, opts, lock, None)
}

/// `kl-extract merge`: combines the stores of the shard runs in `shards` into `opts.out` (see
/// [`merge_stores`]) and makes the outputs one run over all their inputs gives.
pub fn merge(shards: &[PathBuf], opts: &Options, allow_partial: bool) -> Result<Summary> {
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("cannot create {}", opts.out.display()))?;
    let lock = Lock::acquire(&opts.out)?;
    let (inputs, set) = merge_stores(
        shards,
        &opts.out,
        &settings_of(&opts.read, &opts.settings),
        allow_partial,
    )?;
    if inputs.is_empty() {
        bail!("the shards hold no results");
    }
    run_locked(&inputs, opts, lock, Some(set))
}

/// Workers are capped at this many per core (`--jobs` above it only costs memory).
pub const JOBS_PER_CORE: usize = 2;

/// The number of workers for `--jobs requested` (0: one per core) on `cores` cores, and whether
/// it was capped at [`JOBS_PER_CORE`] per core.
pub fn jobs_for(requested: usize, cores: usize) -> (usize, bool) {
    let cap = JOBS_PER_CORE * cores.max(1);
    match requested {
        0 => (cores.max(1), false),
        j if j > cap => (cap, true),
        j => (j, false),
    }
}

fn run_locked(
    inputs: &[Input],
    opts: &Options,
    lock: Lock,
    merged: Option<ShardSet>,
) -> Result<Summary> {
    let start = Instant::now();
    let dir = OutDir::prepare(
        lock,
        &opts.out,
        crate::views::plan(
            inputs.iter().map(|i| i.meeting_id.clone()).collect(),
            &opts.formats,
        ),
    )?;
    let dictionary = crate::language::lexicon::dictionary_present();
    if let Err(why) = &dictionary {
        if opts.progress {
            eprintln!("kl-extract: note: {why}");
        }
    }
    let store = Store::open(&opts.out, opts.reuse != Reuse::Nothing)?;
    store.write_shard(opts.shard)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (jobs, capped) = jobs_for(opts.jobs, cores);
    if capped {
        eprintln!(
            "kl-extract: note: --jobs {} is more than {JOBS_PER_CORE} per core ({cores} cores): \
             {jobs} workers",
            opts.jobs
        );
    }
    let settings = JobSettings {
        store: store.dir().to_path_buf(),
        read: opts.read.clone(),
        settings: settings_fingerprint(&opts.read, dictionary.is_ok(), &opts.settings),
        thresholds: opts.settings.clone(),
        threads: 1,
        max_memory: opts.max_memory,
    };
    let bar = if opts.progress && std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    let job = |k: usize, pass: Pass| Job {
        index: k,
        path: inputs[k].path.clone(),
        source: inputs[k].source.clone(),
        meeting_id: inputs[k].meeting_id.clone(),
        pass,
    };

    // Which earlier results stand (the pass that made them), and which inputs are read.
    let standing: Vec<Option<Pass>> = inputs
        .par_iter()
        .map(|inp| reusable(&store, inp, &settings.settings, opts.reuse))
        .collect();
    let mut todo: Vec<Job> = (0..inputs.len())
        .filter(|&k| standing[k].is_none())
        .map(|k| job(k, Pass::First))
        .collect();
    // Each input's size, read once: the scheduling's measure of work and the bar's.
    let sizes = input_bytes(inputs);
    largest_first(&mut todo, &sizes);
    let reused = inputs.len() - todo.len();
    let reused_inputs: Vec<usize> = (0..inputs.len())
        .filter(|&k| standing[k].is_some())
        .collect();
    let shown = Shown::new(&bar, &sizes, &reused_inputs);
    // One file on its own gets every core for its pages (OCR); many files get a worker each,
    // and a worker with no files left lends its core to the OCR of those still being read.
    let workers = jobs.min(inputs.len() - reused).max(1);
    let pool = Pool::new(
        &opts.runner,
        JobSettings {
            threads: (jobs / workers).max(1),
            ..settings
        },
        workers,
    )
    .lending(jobs);
    // The outputs are assembled while the files are read: a thread appends each file's stored
    // rows as soon as every file before it is done, and gathers the batch's spellings.
    let (first, mut assembly) = std::thread::scope(|s| -> Result<_> {
        let (tx, rx) = std::sync::mpsc::channel::<usize>();
        let assembler = s.spawn(|| -> Result<Assembly> {
            let json = opts.formats.contains(&csv_view::Format::Json);
            let workbook = opts.formats.contains(&csv_view::Format::Xlsx);
            let mut a = Assembly::new(inputs, &store, &dir, opts.dialect, json, workbook)?;
            for k in rx {
                a.done(k)?;
            }
            Ok(a)
        });
        for (k, _) in standing.iter().enumerate().filter(|(_, p)| p.is_some()) {
            let _ = tx.send(k);
        }
        let on_done = |d: Done| {
            let _ = tx.send(d.index);
            shown.done(&d);
        };
        let first = pool.run(todo, &on_done, &|p| shown.progress(p));
        drop(tx);
        let assembly = assembler
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the output assembly failed")));
        Ok((first, assembly?))
    })?;
    first?;
    bar.finish_and_clear();

    // The batch as a lexicon: every file's first-pass spellings; files where they overturn a
    // decision are redone with them (see the README's design section).
    let vocabulary = std::mem::take(&mut assembly.vocabulary);
    let batch_vocabulary = vocabulary.len();
    let words = vocabulary.sorted().join("\n");
    let fp = crate::files::fingerprint(words.as_bytes());
    let mut second = Vec::new();
    let mut redone = 0;
    for (k, inp) in inputs.iter().enumerate() {
        // Each file's open decisions are read back one at a time: kept for every file, they
        // would grow the memory with the batch.
        let open = store.read_open(&inp.meeting_id).unwrap_or_default();
        let wanted = if vocabulary.settles_any(&open) {
            redone += 1;
            Pass::Batch(fp.clone())
        } else {
            Pass::First
        };
        // The pass that made the stored record, as the assembly read it.
        if assembly.passes[k] != wanted {
            second.push(job(k, wanted));
        }
    }
    if second.iter().any(|j| j.pass != Pass::First) {
        store.write_file(&store.vocabulary_path(), words.as_bytes())?;
    }
    drop(words);
    drop(vocabulary);
    // Files read again are assembled again, from the first of them on.
    if let Some(from) = second.iter().map(|j| j.index).min() {
        largest_first(&mut second, &sizes);
        pool.run(second, &|_| {}, &|_| {})?;
        assembly.rewind(from)?;
    }
    drop(pool);

    // The outputs, from the stored results in input order.
    let mut summary = Summary {
        reused,
        ..Summary::default()
    };
    for t in &assembly.files {
        match t.status {
            Status::Ok => summary.ok += 1,
            Status::Partial => summary.partial += 1,
            Status::Failed => summary.failed += 1,
        }
        summary.pages += t.pages;
    }
    let Assembly {
        out,
        files: timings,
        workbook,
        own_failed,
        ..
    } = assembly;
    out.finish()?;
    // The database, from the same rows as the CSV files, one stored record at a time.
    if opts.formats.contains(&csv_view::Format::Sqlite) {
        use crate::views::sqlite;
        dir.record(&[sqlite::FILE_NAME, sqlite::METADATA_FILE])?;
        let mut db = sqlite::Database::create(dir.tmp())?;
        for (inp, failed) in inputs.iter().zip(&own_failed) {
            db.add(&crate::run::assembly::stored_rows(
                &store,
                inp,
                failed.as_deref(),
            )?)?;
        }
        db.finish(&opts.out, dir.tmp())?;
    }
    // The workbook, from the same rows as the CSV files. (A workbook of an earlier run that is
    // not asked for now goes with the other outputs this run did not write.)
    if let Some(rows) = workbook {
        dir.record(&[crate::views::xlsx::FILE_NAME])?;
        for w in crate::views::xlsx::write(rows, &opts.out, dir.tmp())? {
            eprintln!("kl-extract: warning: {w}");
        }
    }
    if !opts.formats.is_empty() && !opts.formats.contains(&csv_view::Format::Csv) {
        csv_view::remove_csv(&dir)?;
    }
    summary.seconds = start.elapsed().as_secs_f64();
    let run = RunJson {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        jobs,
        dictionary: match &dictionary {
            Ok(()) => "hunspell-da".to_string(),
            Err(why) => why.to_string(),
        },
        batch_vocabulary,
        redone_with_batch_evidence: redone,
        shard: opts.shard.map(|(k, n)| format!("{k}/{n}")),
        merged_shards: merged,
        skipped_paths: &opts.skipped,
        summary: &summary,
        files: timings,
    };
    let json = serde_json::to_vec_pretty(&run)?;
    dir.record(&[crate::outdir::RUN_JSON])?;
    crate::files::write_atomic_via(
        dir.tmp(),
        &opts.out.join(crate::outdir::RUN_JSON),
        &json,
        true,
    )?;
    dir.finish()?;
    Ok(summary)
}

/// The progress bar of a run: it advances by the inputs' bytes — a file's share as its worker
/// reports the pages read, the rest when it is done — so that the time left is estimated from
/// the work left, not from the count of files (a last long scan kept an ETA of 0 s for a
/// minute); the message counts files, pages read (OCR'd pages as Tesseract finishes each) and
/// pages per second.
struct Shown<'a> {
    bar: &'a ProgressBar,
    bytes: Vec<u64>,
    files: usize,
    start: Instant,
    state: std::sync::Mutex<ShownState>,
}

#[derive(Default)]
struct ShownState {
    files_done: usize,
    pages: usize,
    bytes_done: u64,
    /// Files being read: pages read so far and pages in the file.
    reading: std::collections::HashMap<usize, (usize, usize)>,
}

impl<'a> Shown<'a> {
    /// The bar over inputs of `sizes` bytes (see [`input_bytes`]), `reused` of them done.
    fn new(bar: &'a ProgressBar, sizes: &[u64], reused: &[usize]) -> Shown<'a> {
        let bytes: Vec<u64> = sizes.iter().map(|&b| b.max(1)).collect();
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {msg} · ETA {eta}").expect("valid template"),
        );
        bar.set_length(bytes.iter().sum());
        let shown = Shown {
            bar,
            files: sizes.len(),
            start: Instant::now(),
            state: std::sync::Mutex::new(ShownState {
                files_done: reused.len(),
                bytes_done: reused.iter().map(|&k| bytes[k]).sum(),
                ..ShownState::default()
            }),
            bytes,
        };
        shown.draw(&shown.state.lock().unwrap_or_else(|e| e.into_inner()));
        shown
    }

    fn progress(&self, p: Progress) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.pages += p.pages;
        let r = s.reading.entry(p.index).or_insert((0, p.of));
        r.0 += p.pages;
        r.1 = p.of;
        self.draw(&s);
    }

    fn done(&self, d: &Done) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let reported = s.reading.remove(&d.index).map_or(0, |r| r.0);
        s.pages += d.pages.saturating_sub(reported);
        s.files_done += 1;
        s.bytes_done += self.bytes.get(d.index).copied().unwrap_or(0);
        self.draw(&s);
    }

    fn draw(&self, s: &ShownState) {
        let reading: f64 = s
            .reading
            .iter()
            .map(|(&k, &(read, of))| {
                let share = if of == 0 {
                    0.0
                } else {
                    (read as f64 / of as f64).min(1.0)
                };
                self.bytes.get(k).copied().unwrap_or(0) as f64 * share
            })
            .sum();
        self.bar.set_position(s.bytes_done + reading as u64);
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{}/{} files · {} pages · {:.1} pages/s",
            s.files_done,
            self.files,
            s.pages,
            s.pages as f64 / secs
        ));
    }
}

/// Orders jobs largest file first (longest processing time first): a big file started last
/// would run alone at the end while the other workers wait. Bytes stand for the work (pages,
/// and a scan's images); ties keep the input order. The outputs follow the input order
/// whatever order the files are read in.
fn largest_first(jobs: &mut [Job], sizes: &[u64]) {
    jobs.sort_by_key(|j| {
        let bytes = sizes.get(j.index).copied().unwrap_or(0);
        (std::cmp::Reverse(bytes), j.index)
    });
}

/// Each input's size in bytes (0 for one that cannot be read: it fails when its turn comes).
fn input_bytes(inputs: &[Input]) -> Vec<u64> {
    inputs
        .iter()
        .map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UsageError;

    #[test]
    fn the_bar_advances_by_the_pages_a_worker_reports() {
        let tmp = tempfile::tempdir().unwrap();
        let input = |name: &str, bytes: usize| {
            let path = tmp.path().join(name);
            std::fs::write(&path, vec![b'x'; bytes]).unwrap();
            Input {
                path,
                source: name.to_string(),
                meeting_id: name.to_string(),
            }
        };
        let inputs = [input("small.pdf", 1_000), input("scan.pdf", 9_000)];
        let bar = ProgressBar::hidden();
        let shown = Shown::new(&bar, &input_bytes(&inputs), &[]);
        assert_eq!(bar.length(), Some(10_000));
        shown.done(&Done {
            index: 0,
            status: Status::Ok,
            pages: 20,
        });
        assert_eq!(bar.position(), 1_000);
        // A 30-page scan, 10 pages read: a third of its bytes.
        shown.progress(Progress {
            index: 1,
            pages: 10,
            of: 30,
        });
        assert_eq!(bar.position(), 4_000);
        assert!(
            bar.message().starts_with("1/2 files · 30 pages · "),
            "{}",
            bar.message()
        );
        // Done: the pages not yet reported are counted once.
        shown.done(&Done {
            index: 1,
            status: Status::Ok,
            pages: 30,
        });
        assert_eq!(bar.position(), 10_000);
        assert!(
            bar.message().starts_with("2/2 files · 50 pages · "),
            "{}",
            bar.message()
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(meeting_slug("a_sans/seed_000.pdf"), "a_sans-seed_000-pdf");
        assert_eq!(
            meeting_slug("Referat 04.09.2020.PDF"),
            "referat-04-09-2020-pdf"
        );
    }

    #[test]
    fn a_merge_wants_every_shard() {
        let tmp = tempfile::tempdir().unwrap();
        let shard = |k: usize| {
            let dir = tmp.path().join(format!("s{k}"));
            Store::open(&dir, false)
                .unwrap()
                .write_shard(Some((k, 3)))
                .unwrap();
            dir
        };
        let (s1, s3) = (shard(1), shard(3));
        let out = tmp.path().join("out");
        let e = merge_stores(&[s1.clone(), s3.clone()], &out, "s", false).unwrap_err();
        assert!(e.downcast_ref::<UsageError>().is_some());
        assert!(e.to_string().contains("shard 2 of 3 is missing"), "{e}");
        let e = merge_stores(std::slice::from_ref(&s3), &out, "s", false).unwrap_err();
        assert!(
            e.to_string().contains("shards 1, 2 of 3 are missing"),
            "{e}"
        );
        let (_, set) = merge_stores(&[s3, s1], &out, "s", true).unwrap();
        assert_eq!(
            set,
            ShardSet {
                of: 3,
                merged: vec![1, 3],
                missing: vec![2]
            }
        );
        let s2 = shard(2);
        Store::open(&s2, true)
            .unwrap()
            .write_shard(Some((2, 4)))
            .unwrap();
        let e = merge_stores(&[tmp.path().join("s1"), s2], &out, "s", false).unwrap_err();
        assert!(e.to_string().contains("different sets"), "{e}");
    }

    #[test]
    fn jobs_are_capped() {
        assert_eq!(jobs_for(0, 2), (2, false));
        assert_eq!(jobs_for(4, 2), (4, false));
        assert_eq!(jobs_for(1000, 2), (4, true));
        assert_eq!(jobs_for(3, 1), (2, true));
    }

    #[test]
    fn long_slugs_are_cut_with_a_hash_of_the_whole() {
        let name = format!("{}.pdf", "æ".repeat(118));
        let id = meeting_slug(&name);
        assert!(id.len() <= MEETING_ID_MAX, "{} bytes", id.len());
        assert!(id.starts_with("æææ"), "{id}");
        assert_eq!(id, meeting_slug(&name), "stable");
        // Two names alike in their first hundred bytes get different ids.
        let other = format!("{}.pdf", "æ".repeat(119));
        assert_ne!(meeting_slug(&other), id);
        let (base, hash) = id.rsplit_once('-').unwrap();
        assert_eq!(hash.len(), 8);
        assert!(base.len() <= MEETING_ID_MAX - 9);
        // A name of exactly the limit is kept as it is.
        let exact = "a".repeat(MEETING_ID_MAX);
        assert_eq!(meeting_slug(&exact), exact);
    }
}
