//! The batch: finds the input files (sorted, deterministic), has the [`worker`](crate::run::worker)s read them in
//! parallel (each result stored as it finishes, see [`store`](crate::run::store)), shows progress
//! with indicatif when stderr is a terminal, assembles the outputs from the stored results and
//! reports the counts. The batch is also a lexicon for text repair: files whose line-end
//! hyphens the batch's spellings decide differently are redone with them.

use crate::input::ReadOptions;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{ErrorKind, FileError, UsageError};
use crate::pipeline::FileResult;
use crate::input::InputKind;
use crate::pipeline::Status;
use crate::repair::BatchVocabulary;
use crate::run::outdir::{Lock, OutDir, Plan};
use crate::run::store::{Header, Key, Pass, Store};
use crate::run::worker::{Done, Job, JobSettings, Pool, Runner};
use crate::settings::Settings;
use crate::views::csv as csv_view;

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

/// A path the search of an input folder left out, and why (on stderr and in run.json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path as found.
    #[serde(serialize_with = "path_with_slashes")]
    pub path: PathBuf,
    /// Why it was not searched or read.
    pub reason: String,
}

/// Finds the files named by `args`: files as given, directories searched recursively for
/// `.pdf`, `.txt` and `.md` files (following links to folders; see [`find`]). Sorted by source
/// path; meeting ids made unique. Paths left out are listed on stderr with the reason.
pub fn discover(args: &[PathBuf]) -> Result<Vec<Input>> {
    let (inputs, skipped) = find(args)?;
    report_skipped(&skipped);
    Ok(inputs)
}

/// Lists on stderr the paths the search of the inputs left out, with the reason.
pub fn report_skipped(skipped: &[Skipped]) {
    for s in skipped {
        eprintln!("kl-extract: skipped {}: {}", s.path.display(), s.reason);
    }
}

fn path_with_slashes<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&slash(p))
}

/// The inputs named by `args` (as [`discover`]) and the paths the search left out: links to a
/// folder are followed, but a folder is searched once (by its canonical path), so a link back
/// to a folder above it (a loop) or to a folder searched already is skipped, as is a link that
/// leads nowhere (unless it is named like an input, which then gets its row with the error).
/// Real folders come first: a linked folder is searched under the link only when it is not
/// also found without links.
pub fn find(args: &[PathBuf]) -> Result<(Vec<Input>, Vec<Skipped>)> {
    let mut found: Vec<(PathBuf, String, String)> = Vec::new();
    let mut skipped = Vec::new();
    for arg in args {
        let meta = std::fs::metadata(arg)
            .with_context(|| format!("input not found: {}", arg.display()))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk_tree(arg, &mut files, &mut skipped)
                .with_context(|| format!("cannot list {}", arg.display()))?;
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
    let inputs = found
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
        .collect();
    Ok((inputs, skipped))
}

/// Searches the folder `root`: its real folders first (every one recorded by its canonical
/// path), then the folders its links lead to that were not searched already, the links nearest
/// to `root` first, then in path order.
fn walk_tree(
    root: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
    let mut searched: std::collections::HashMap<PathBuf, PathBuf> =
        std::collections::HashMap::new();
    let mut links = std::collections::BinaryHeap::new();
    searched.insert(root.canonicalize()?, root.to_path_buf());
    walk(root, &mut searched, &mut links, out, skipped)?;
    // The links found on the way (a folder reached by one may hold more).
    while let Some(std::cmp::Reverse((_, link, target))) = links.pop() {
        if let Some(first) = searched.get(&target) {
            // A loop: the link leads to a folder it is in.
            let inside = link
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .is_some_and(|p| p.starts_with(&target));
            let reason = if inside {
                format!(
                    "a link to a folder it is in, {} (a loop); that folder is read once",
                    first.display()
                )
            } else {
                format!("a link to a folder read already as {}", first.display())
            };
            skipped.push(Skipped { path: link, reason });
            continue;
        }
        searched.insert(target, link.clone());
        walk(&link, &mut searched, &mut links, out, skipped)?;
    }
    Ok(())
}

/// Links to folders waiting to be searched: (depth, link, canonical target), nearest first.
type Links = std::collections::BinaryHeap<std::cmp::Reverse<(usize, PathBuf, PathBuf)>>;

/// Searches `dir` and its real subfolders (recording them in `searched`); links to folders go
/// to `links` with their canonical target, to be searched afterwards.
fn walk(
    dir: &Path,
    searched: &mut std::collections::HashMap<PathBuf, PathBuf>,
    links: &mut Links,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
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
            let target = p.canonicalize()?;
            // Reached again inside a linked folder (a link to a folder within another one).
            if let Some(first) = searched.get(&target) {
                let reason = format!("a folder read already as {}", first.display());
                skipped.push(Skipped { path: p, reason });
                continue;
            }
            searched.insert(target, p.clone());
            walk(&p, searched, links, out, skipped)?;
        } else if ft.is_symlink() {
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => match p.canonicalize() {
                    Ok(target) => {
                        links.push(std::cmp::Reverse((p.components().count(), p, target)))
                    }
                    Err(e) => skipped.push(Skipped {
                        path: p,
                        reason: format!("a link to a folder that cannot be resolved: {e}"),
                    }),
                },
                // A link to a file (or to nothing, named like an input: its row says why).
                _ if InputKind::of(&p).is_some() => out.push(p),
                Ok(_) => {}
                Err(e) => {
                    let target = std::fs::read_link(&p)
                        .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
                    skipped.push(Skipped {
                        path: p,
                        reason: format!("a link to {target}, which cannot be followed: {e}"),
                    });
                }
            }
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

/// The longest meeting id made from a path, in bytes. The table files
/// (`tables/<meeting_id>-t<n>.csv`) and JSON documents are named by it, so it stays well under
/// the 255 bytes a file name may have, with room for a `-2` suffix and the table number.
pub const MEETING_ID_MAX: usize = 100;

/// A readable, stable identifier from a relative path: `a_sans/seed_000.pdf` →
/// `a_sans-seed_000-pdf`. One longer than [`MEETING_ID_MAX`] bytes is cut, and a short hash of
/// the whole identifier makes it its own: `<first 91 bytes>-<8 hex digits>`, the same on every
/// run and machine.
pub fn meeting_slug(rel: &str) -> String {
    let s = crate::model::slug(rel);
    if s.is_empty() {
        return "meeting".into();
    }
    if s.len() <= MEETING_ID_MAX {
        return s;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(s.as_bytes()) as u32;
    let mut cut = MEETING_ID_MAX - 9;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash:08x}", s[..cut].trim_end_matches('-'))
}

/// Which earlier results a run reuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reuse {
    /// None: every input is read.
    #[default]
    Nothing,
    /// `--resume`: inputs whose stored result has the same content hash, tool version and
    /// settings are not read again.
    Finished,
    /// `--retry-failed`: as `Finished`, but failed and partial inputs are read again.
    Successes,
    /// `merge`: every stored result taken as it is, its evidence with it ([`merge_stores`] has
    /// checked their version and settings; the inputs are not hashed again: they may be on
    /// another machine).
    Stored,
}

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

#[derive(Serialize)]
struct FileTiming {
    source_file: String,
    status: Status,
    pages: usize,
    seconds: f64,
}

/// `--shard K/N`: shard `k` (1-based) of `n` of `inputs`: the inputs whose `source_file` hashes
/// (XXH3) to `k - 1` modulo `n`. The same inputs give the same shards on every machine, and the
/// shards together are all the inputs, each once.
pub fn shard(inputs: Vec<Input>, k: usize, n: usize) -> Vec<Input> {
    inputs
        .into_iter()
        .filter(|i| xxhash_rust::xxh3::xxh3_64(i.source.as_bytes()) % n as u64 == (k as u64 - 1))
        .collect()
}

/// The shards a merge combined: `of` N, the numbers given and those missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShardSet {
    /// N.
    pub of: usize,
    /// The shard numbers merged, ascending.
    pub merged: Vec<usize>,
    /// The numbers of 1..=N not given (only with `--allow-partial`).
    pub missing: Vec<usize>,
}

/// For `merge`: the inputs of the shard runs in `shards` (output folders), from their stores,
/// in the order one run over all of them gives, with every stored result copied into the store
/// of `out` (cleared first). Each result must have been made by this version with `settings`
/// (see [`settings_of`]); an input in two shards is an error, and so is a folder without a
/// shard record, shards of different N and — unless `allow_partial` — a set of shards with
/// some of 1..=N missing (a usage error naming them). Nothing is copied before every shard is
/// checked.
pub fn merge_stores(
    shards: &[PathBuf],
    out: &Path,
    settings: &str,
    allow_partial: bool,
) -> Result<(Vec<Input>, ShardSet)> {
    let mut found: Vec<(usize, Input)> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut numbers: Vec<(usize, usize, &PathBuf)> = Vec::new();
    let mut stores = Vec::new();
    for (s, dir) in shards.iter().enumerate() {
        let store_dir = dir.join(crate::run::store::STORE_DIR);
        if !store_dir.is_dir() {
            bail!(
                "{} holds no kl-extract results (no {} folder): give merge the --out folders \
                 of the shard runs",
                dir.display(),
                crate::run::store::STORE_DIR
            );
        }
        if let Some(pid) = crate::run::outdir::Lock::holder(dir) {
            return Err(UsageError(format!(
                "{} is still being written by a kl-extract run (process {pid}): merge it when \
                 that run has finished",
                dir.display()
            ))
            .into());
        }
        let store = Store::at(store_dir);
        for h in store.headers()? {
            let k = &h.key;
            if k.version != env!("CARGO_PKG_VERSION") {
                bail!(
                    "{} was made by kl-extract {} (this is {}): run the shards and the merge \
                     with the same version",
                    dir.display(),
                    k.version,
                    env!("CARGO_PKG_VERSION")
                );
            }
            if k.settings != settings {
                bail!(
                    "{} was made with other settings than this merge ({}): give merge the \
                     --ocr, --password/--password-file and --max-file-size options the shards \
                     were run with, and run it where the Danish word list (hunspell-da) is \
                     installed or missing as it was for them",
                    dir.display(),
                    k.source
                );
            }
            if let Some(other) = seen.insert(k.meeting_id.clone(), s) {
                bail!(
                    "{} is in two shards ({} and {}): give merge each shard once, made with the \
                     same inputs and N",
                    k.source,
                    shards[other].display(),
                    dir.display()
                );
            }
            found.push((
                s,
                Input {
                    path: PathBuf::from(&k.source),
                    source: k.source.clone(),
                    meeting_id: k.meeting_id.clone(),
                },
            ));
        }
        match store.read_shard() {
            Some((k, n)) => numbers.push((k, n, dir)),
            None if allow_partial => {}
            None => {
                return Err(UsageError(format!(
                    "{} was not made with --shard K/N (or by an older kl-extract): merge cannot \
                     tell whether the shards are complete; give --allow-partial to merge it \
                     anyway",
                    dir.display()
                ))
                .into())
            }
        }
        stores.push(store);
    }
    let mut set = ShardSet::default();
    if let Some(&(_, n, first)) = numbers.first() {
        if let Some((k, m, dir)) = numbers.iter().find(|(_, m, _)| *m != n) {
            return Err(UsageError(format!(
                "the shards are of different sets: {} is shard {k}/{m}, {} one of {n}: give \
                 merge the shards of one run (the same N)",
                dir.display(),
                first.display()
            ))
            .into());
        }
        let mut merged: Vec<usize> = numbers.iter().map(|(k, _, _)| *k).collect();
        merged.sort_unstable();
        merged.dedup();
        set = ShardSet {
            of: n,
            missing: (1..=n).filter(|k| !merged.contains(k)).collect(),
            merged,
        };
        if !set.missing.is_empty() && !allow_partial {
            let missing: Vec<String> = set.missing.iter().map(|k| k.to_string()).collect();
            return Err(UsageError(format!(
                "shard{} {} of {n} {} missing: give merge the --out folders of all {n} shard \
                 runs (or --allow-partial to merge only these)",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                if missing.len() > 1 { "are" } else { "is" },
            ))
            .into());
        }
    }
    let target = Store::open(out, false)?;
    for (s, input) in &found {
        target.copy_from(&stores[*s], &input.meeting_id)?;
    }
    let mut found: Vec<Input> = found.into_iter().map(|(_, i)| i).collect();
    found.sort_by(|a, b| a.source.cmp(&b.source));
    Ok((found, set))
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
    crate::run::store::fingerprint(text.as_bytes())
}

/// Runs the batch over `inputs` and writes everything into `opts.out`: each file's result is
/// stored as it finishes, and the CSV files are assembled from the stored results in input
/// order at the end.
///
/// The output folder is locked for the run (a second run into it is refused, see
/// [`crate::run::outdir`]), and only the tool's own files in it are replaced or removed.
pub fn run(inputs: &[Input], opts: &Options) -> Result<Summary> {
    if inputs.is_empty() {
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
        Plan {
            meeting_ids: inputs.iter().map(|i| i.meeting_id.clone()).collect(),
            formats: opts.formats.clone(),
        },
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
    let todo: Vec<Job> = (0..inputs.len())
        .filter(|&k| standing[k].is_none())
        .map(|k| job(k, Pass::First))
        .collect();
    let reused = inputs.len() - todo.len();
    bar.inc(reused as u64);
    let pages_done = AtomicUsize::new(0);
    // One file on its own gets every core for its pages (OCR); many files get a worker each.
    let workers = jobs.min(inputs.len() - reused).max(1);
    let pool = Pool::new(
        &opts.runner,
        JobSettings {
            threads: (jobs / workers).max(1),
            ..settings
        },
        workers,
    );
    // The outputs are assembled while the files are read: a thread appends each file's stored
    // rows as soon as every file before it is done, and gathers the batch's spellings.
    let (first, mut assembly) = std::thread::scope(|s| -> Result<_> {
        let (tx, rx) = std::sync::mpsc::channel::<usize>();
        let assembler = s.spawn(|| -> Result<Assembly> {
            let json = opts.formats.contains(&csv_view::Format::Json);
            let mut a = Assembly::new(inputs, &store, &dir, opts.dialect, json)?;
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
            let p = pages_done.fetch_add(d.pages, Ordering::Relaxed) + d.pages;
            bar.set_message(format!("{p} pages"));
            bar.inc(1);
        };
        let first = pool.run(todo, &on_done);
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
    let fp = crate::run::store::fingerprint(words.as_bytes());
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
        pool.run(second, &|_| {})?;
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
        ..
    } = assembly;
    out.finish()?;
    // The other formats are views of the finished CSV files. (A workbook of an earlier run that
    // is not asked for now goes with the other outputs this run did not write.)
    if opts.formats.contains(&csv_view::Format::Xlsx) {
        dir.record(&[crate::views::xlsx::FILE_NAME])?;
        for w in crate::views::xlsx::write(&opts.out, dir.tmp(), opts.dialect)? {
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
    dir.record(&[crate::run::outdir::RUN_JSON])?;
    crate::files::write_atomic_via(
        dir.tmp(),
        &opts.out.join(crate::run::outdir::RUN_JSON),
        &json,
        true,
    )?;
    dir.finish()?;
    Ok(summary)
}

/// The outputs being assembled in input order from the stored results, as the files are done,
/// and the batch's spellings gathered on the way.
struct Assembly<'a> {
    inputs: &'a [Input],
    store: &'a Store,
    out: csv_view::Assembler<'a>,
    /// Which files are done; the files before `next` have been added.
    done: Vec<bool>,
    next: usize,
    /// Where the outputs stood before each added file, and its number of tables.
    marks: Vec<(csv_view::Mark, usize)>,
    /// Every file's first-pass spellings.
    vocabulary: BatchVocabulary,
    /// The added files' outcomes, for run.json and the summary…
    files: Vec<FileTiming>,
    /// …and the pass that made each one's record.
    passes: Vec<Pass>,
    /// Whether the JSON documents are asked for.
    json: bool,
}

impl<'a> Assembly<'a> {
    fn new(
        inputs: &'a [Input],
        store: &'a Store,
        dir: &'a OutDir,
        dialect: csv_view::Dialect,
        json: bool,
    ) -> Result<Assembly<'a>> {
        Ok(Assembly {
            inputs,
            store,
            out: csv_view::Assembler::new(dir, dialect, json)?,
            done: vec![false; inputs.len()],
            next: 0,
            marks: Vec::with_capacity(inputs.len()),
            vocabulary: BatchVocabulary::default(),
            files: Vec::with_capacity(inputs.len()),
            passes: Vec::with_capacity(inputs.len()),
            json,
        })
    }

    /// File `k` is done: its spellings join the batch's, and it and the done files after it
    /// are added to the outputs when every file before it is in.
    fn done(&mut self, k: usize) -> Result<()> {
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
        let (mut header, record): (Header, FileResult) =
            self.store.read_record(&inp.meeting_id)?;
        let rows = csv_view::file_rows(&record, &header.key.content_hash, self.json)?;
        drop(record);
        let mark = self.out.mark();
        let tables = match self.out.add(&inp.meeting_id, &rows)? {
            Ok(()) => rows.table_files.len(),
            Err(csv_view::OwnFileError(why)) => {
                // One of the file's own outputs cannot be written: the file is failed, with
                // the reason, and the run goes on.
                let r = crate::pipeline::failed(
                    &inp.source,
                    &inp.meeting_id,
                    header.pages,
                    FileError::new(ErrorKind::Io, why),
                );
                let mut failed = csv_view::file_rows(&r, &header.key.content_hash, self.json)?;
                if self.out.add(&inp.meeting_id, &failed)?.is_err() {
                    // Not even its JSON document: its error row without it.
                    failed.json.clear();
                    if let Err(e) = self.out.add(&inp.meeting_id, &failed)? {
                        bail!("{}: {}", inp.source, e.0);
                    }
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

    /// Takes the outputs back to before file `from` and adds it and every file after it again
    /// (after some of them were read again).
    fn rewind(&mut self, from: usize) -> Result<()> {
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
        self.marks.truncate(from);
        self.files.truncate(from);
        self.passes.truncate(from);
        for k in from..self.inputs.len() {
            self.add(k)?;
        }
        Ok(())
    }
}

/// The pass of `inp`'s stored result when it can be reused as it is.
fn reusable(store: &Store, inp: &Input, settings: &str, reuse: Reuse) -> Option<Pass> {
    if reuse == Reuse::Nothing {
        return None;
    }
    let header = store.read_header(&inp.meeting_id)?;
    if reuse == Reuse::Successes && header.status != Status::Ok {
        return None;
    }
    let evidence = store.read_evidence(&inp.meeting_id)?;
    if reuse == Reuse::Stored {
        return (evidence.key.as_ref() == Some(&header.key)).then_some(header.pass);
    }
    let key = Key::of(&inp.source, &inp.meeting_id, &inp.path, settings);
    (header.key == key && evidence.key.as_ref() == Some(&key)).then_some(header.pass)
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
