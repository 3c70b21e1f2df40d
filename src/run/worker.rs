//! Workers: where files are read. A job is one input through the pipeline, its rows stored in
//! the run's [`Store`]. In a command-line run the jobs go to worker processes (this same
//! program started as `kl-extract __worker`), so that what cannot be caught inside a process —
//! a stack overflow on deeply nested objects, running out of memory, a file that never
//! finishes — costs that one file: the supervisor sees the worker die or overrun `--timeout`,
//! records the file as `internal`, `too_large` or `timeout`, starts a new worker and goes on.
//! Library callers can run the same jobs on threads instead ([`Runner::Threads`](crate::run::pool::Runner::Threads)). This module
//! is the worker's side (its main loop, limits and what it stores); [`crate::run::pool`] is the
//! supervisor's (starting workers, time limits, deaths).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::error::FileError;
use crate::input::ReadOptions;
use crate::pipeline::{self, FileResult, Status};
use crate::repair::BatchVocabulary;
use crate::run::store::{Evidence, Header, Key, Pass, Store};
use crate::settings::Settings;

/// How often a worker process reports the pages it has read.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// The first argument that starts a worker process.
pub const WORKER_ARG: &str = "__worker";

/// Set in a worker's environment when the run lends it cores through the jobserver its
/// environment names (`CARGO_MAKEFLAGS`, the `make` protocol's; see `Pool::lending`).
pub const LEND_VAR: &str = "KL_EXTRACT_LEND_CORES";

/// The least `--max-memory` (megabytes of address space) a run accepts: below it files fail
/// for the worker process, not for themselves. Measured on 0.2.0 (x86-64 Linux, the Danish word
/// list loaded; the limit is on address space, which a worker's threads and its allocator
/// reserve ahead): below ~100 MB a worker cannot start (every file `internal`, "exited with
/// code 101"), and up to ~170 MB small text files and PDFs fail at random (`too_large` or
/// `internal`, by how its threads happen to start); from 180 MB every try read them.
pub const MIN_MEMORY_MB: u64 = 200;

/// What every job of a run shares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobSettings {
    /// The run's store folder.
    pub store: PathBuf,
    /// How inputs are read.
    pub read: ReadOptions,
    /// Fingerprint of the settings (part of every record's key).
    pub settings: String,
    /// Every stage's thresholds.
    pub thresholds: Settings,
    /// Threads a worker uses inside one file (OCR of its pages).
    pub threads: usize,
    /// Memory limit of a worker process in bytes (address space), if any.
    pub max_memory: Option<u64>,
}

/// One input to read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Position of the input in the run.
    pub index: usize,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its `source_file`.
    pub source: String,
    /// Its meeting id.
    pub meeting_id: String,
    /// The pass: [`Pass::Batch`] reads it with the batch's spellings (in the store's
    /// vocabulary file, whose fingerprint it names).
    pub pass: Pass,
}

/// What a finished job reports (its rows are in the store).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done {
    /// Position of the input in the run.
    pub index: usize,
    /// The file's outcome.
    pub status: Status,
    /// Pages in the file.
    pub pages: usize,
}

/// What a worker says: the answer to a job, or while it reads one, how far it has got.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Reply {
    Done(Done),
    /// Pages this process has read so far (every file's, `input::progress`), and the page
    /// count of the file it is reading; sent every [`PROGRESS_EVERY`] while that changes.
    Pages {
        read: usize,
        of: usize,
    },
    /// The job could not be stored (the run cannot go on: disk full, folder removed…).
    Fatal(String),
}

/// Stores `r` as `job`'s result (and, on a first pass, what it teaches the batch).
pub fn store_result(
    store: &Store,
    job: &Job,
    key: Key,
    r: &mut FileResult,
    seconds: f64,
) -> Result<Done> {
    if job.pass == Pass::First {
        let mut vocabulary: Vec<String> = std::mem::take(&mut r.vocabulary).into_iter().collect();
        vocabulary.sort_unstable();
        store.write_evidence(
            &job.meeting_id,
            &Evidence {
                key: Some(key.clone()),
                vocabulary,
                open: std::mem::take(&mut r.open),
            },
        )?;
    }
    let header = Header {
        key,
        pass: job.pass.clone(),
        status: r.status,
        pages: r.pages,
        seconds,
    };
    store.write_record(&header, &*r)?;
    Ok(Done {
        index: job.index,
        status: r.status,
        pages: r.pages,
    })
}

/// Stores a failure found outside the pipeline (a timeout, a worker that died) as `job`'s result.
pub fn store_failure(
    settings: &JobSettings,
    job: &Job,
    error: FileError,
    seconds: f64,
) -> Result<Done> {
    let store = Store::at(settings.store.clone());
    let key = Key::of(&job.source, &job.meeting_id, &job.path, &settings.settings);
    let mut r = pipeline::failed(&job.source, &job.meeting_id, 0, error);
    store_result(&store, job, key, &mut r, seconds)
}

/// Reads the batch's spellings from the store's vocabulary file.
pub fn load_vocabulary(path: &Path) -> Result<BatchVocabulary> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the batch vocabulary {}", path.display()))?;
    let mut v = BatchVocabulary::default();
    v.extend(text.lines().map(str::to_string).collect());
    Ok(v)
}

/// Runs jobs in this process, keeping the batch vocabulary it last loaded.
pub(crate) struct Local {
    settings: JobSettings,
    store: Store,
    vocabulary: Option<(String, BatchVocabulary)>,
}

impl Local {
    pub(crate) fn new(settings: JobSettings) -> Local {
        Local {
            store: Store::at(settings.store.clone()),
            settings,
            vocabulary: None,
        }
    }

    pub(crate) fn run(&mut self, job: &Job) -> Result<Done> {
        let start = Instant::now();
        let batch = match &job.pass {
            Pass::First => None,
            Pass::Batch(fp) => {
                if self.vocabulary.as_ref().is_none_or(|(have, _)| have != fp) {
                    let v = load_vocabulary(&self.store.vocabulary_path())?;
                    self.vocabulary = Some((fp.clone(), v));
                }
                self.vocabulary.as_ref().map(|(_, v)| v)
            }
        };
        let key = Key::of(
            &job.source,
            &job.meeting_id,
            &job.path,
            &self.settings.settings,
        );
        let mut r = pipeline::process_with(
            &job.path,
            &job.source,
            &job.meeting_id,
            batch,
            &self.settings.read,
            &self.settings.thresholds,
        );
        store_result(&self.store, job, key, &mut r, start.elapsed().as_secs_f64())
    }
}

/// The main loop of a worker process: settings on the first line of stdin, then one job per
/// line; one reply per job on stdout. Ends at the end of stdin.
pub fn worker_main() -> std::process::ExitCode {
    pipeline::quiet_panics();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let Some(Ok(first)) = lines.next() else {
        return std::process::ExitCode::FAILURE;
    };
    let Ok(settings) = serde_json::from_str::<JobSettings>(&first) else {
        eprintln!("kl-extract worker: bad settings line");
        return std::process::ExitCode::FAILURE;
    };
    // A memory limit that did not take effect is not ignored: every job is refused with why
    // (the run stops with that message).
    let unlimited = limit_self(settings.max_memory).err();
    // Cores the run lends to this worker's OCR when other workers have no files left.
    if std::env::var_os(LEND_VAR).is_some() {
        // SAFETY: the jobserver's descriptors were opened by the supervisor for this process
        // (`Pool::lending`) and are not used by anything else in it.
        if let Some(client) = unsafe { jobserver::Client::from_env() } {
            crate::input::ocr::lanes::lend_from(client);
        }
    }
    pipeline::prepare_in_background();
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.max(1))
        .build_global();
    let mut local = Local::new(settings);
    // Each line written whole under the lock: the replies here, the page counts on their own
    // thread.
    let say = |reply: &Reply| -> bool {
        let Ok(text) = serde_json::to_string(reply) else {
            return false;
        };
        let mut out = std::io::stdout().lock();
        writeln!(out, "{text}").and_then(|_| out.flush()).is_ok()
    };
    std::thread::spawn(move || {
        let mut last = (0, 0);
        loop {
            std::thread::sleep(PROGRESS_EVERY);
            let now = crate::input::progress::snapshot();
            if now != last {
                last = now;
                if !say(&Reply::Pages {
                    read: now.0,
                    of: now.1,
                }) {
                    break;
                }
            }
        }
    });
    for line in lines {
        let Ok(line) = line else { break };
        let reply = match serde_json::from_str::<Job>(&line) {
            Ok(_) if unlimited.is_some() => Reply::Fatal(unlimited.clone().unwrap_or_default()),
            Ok(job) => match local.run(&job) {
                Ok(done) => Reply::Done(done),
                Err(e) => Reply::Fatal(format!("{e:#}")),
            },
            Err(e) => Reply::Fatal(format!("bad job line: {e}")),
        };
        // The job's last pages reported before its answer, so that none is taken for the next
        // job's (a report the other thread sends late repeats a count already heard).
        let (read, of) = crate::input::progress::snapshot();
        if !say(&Reply::Pages { read, of }) || !say(&reply) {
            break;
        }
    }
    // Every reply is flushed: end at once, without freeing the word list and caches piece by
    // piece (the supervisor waits for its workers to end).
    std::process::exit(0)
}

/// In a worker process: the memory limit, and an end with the supervisor (a killed run leaves
/// no workers behind: a worker whose parent is gone stops within a quarter of a second).
fn limit_self(max_memory: Option<u64>) -> Result<(), String> {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(250));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(1);
            }
        });
        if let Some(bytes) = max_memory {
            let lim = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            // SAFETY: setrlimit with a valid, initialised struct, on this process.
            if unsafe { libc::setrlimit(libc::RLIMIT_AS, &lim) } != 0 {
                return Err(format!(
                    "cannot limit a worker's memory to {} MB (--max-memory): {} (a lower hard \
                     limit set for this shell, `ulimit -Hv`? give a --max-memory within it, or 0)",
                    bytes >> 20,
                    std::io::Error::last_os_error()
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = max_memory;
    Ok(())
}
