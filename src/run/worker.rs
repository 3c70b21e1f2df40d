//! Workers: where files are read. A job is one input through the pipeline, its rows stored in
//! the run's [`Store`]. In a command-line run the jobs go to worker processes (this same
//! program started as `kl-extract __worker`), so that what cannot be caught inside a process —
//! a stack overflow on deeply nested objects, running out of memory, a file that never
//! finishes — costs that one file: the supervisor sees the worker die or overrun `--timeout`,
//! records the file as `internal`, `too_large` or `timeout`, starts a new worker and goes on.
//! Library callers can run the same jobs on threads instead ([`Runner::Threads`]).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, FileError};
use crate::input::ReadOptions;
use crate::pipeline::{self, FileResult, Status};
use crate::repair::BatchVocabulary;
use crate::run::store::{Evidence, Header, Key, Pass, Store};
use crate::settings::Settings;

/// The first argument that starts a worker process.
pub const WORKER_ARG: &str = "__worker";

/// How much of a dead worker's last words (its stderr) go into the file's error message.
const STDERR_TAIL: usize = 600;

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

/// A worker's answer to a job.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Done(Done),
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
struct Local {
    settings: JobSettings,
    store: Store,
    vocabulary: Option<(String, BatchVocabulary)>,
}

impl Local {
    fn new(settings: JobSettings) -> Local {
        Local {
            store: Store::at(settings.store.clone()),
            settings,
            vocabulary: None,
        }
    }

    fn run(&mut self, job: &Job) -> Result<Done> {
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
    pipeline::prepare_in_background();
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.max(1))
        .build_global();
    let mut local = Local::new(settings);
    let mut out = std::io::stdout().lock();
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
        let Ok(text) = serde_json::to_string(&reply) else {
            break;
        };
        if writeln!(out, "{text}").and_then(|_| out.flush()).is_err() {
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

/// How a run's jobs are carried out.
#[derive(Debug, Clone)]
pub enum Runner {
    /// In worker processes started from this program (`exe`), each file under `timeout`.
    Processes {
        /// The kl-extract program.
        exe: PathBuf,
        /// Per-file time limit.
        timeout: Option<Duration>,
    },
    /// On threads of this process: no isolation and no time limit (for library use and tests).
    Threads,
}

/// Workers for a run: started when first needed and kept between passes (a worker loads the
/// word list once).
pub struct Pool<'a> {
    runner: &'a Runner,
    settings: JobSettings,
    workers: usize,
    idle: Mutex<Vec<Worker>>,
}

impl<'a> Pool<'a> {
    /// A pool of `workers` workers in parallel.
    pub fn new(runner: &'a Runner, settings: JobSettings, workers: usize) -> Pool<'a> {
        Pool {
            runner,
            settings,
            workers: workers.max(1),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `jobs`, calling `done` as each finishes (from any thread). Returns an error only
    /// when the run cannot go on (results cannot be stored).
    pub fn run(&self, jobs: Vec<Job>, done: &(dyn Fn(Done) + Sync)) -> Result<()> {
        if jobs.is_empty() {
            return Ok(());
        }
        let workers = self.workers.min(jobs.len());
        match self.runner {
            Runner::Threads => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(workers)
                    .build()
                    .context("cannot start worker threads")?;
                pool.install(|| {
                    jobs.par_iter().try_for_each_init(
                        || Local::new(self.settings.clone()),
                        |local, job| {
                            done(local.run(job)?);
                            Ok(())
                        },
                    )
                })
            }
            Runner::Processes { exe, timeout } => {
                let queue = Mutex::new(VecDeque::from(jobs));
                std::thread::scope(|s| {
                    let handles: Vec<_> = (0..workers)
                        .map(|_| {
                            s.spawn(|| {
                                let worker =
                                    self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
                                let (worker, r) =
                                    supervise(worker, exe, *timeout, &self.settings, &queue, done);
                                if let Some(w) = worker {
                                    self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(w);
                                }
                                r
                            })
                        })
                        .collect();
                    let mut first_error = None;
                    for h in handles {
                        let r = h
                            .join()
                            .unwrap_or_else(|_| Err(anyhow!("a supervisor thread failed")));
                        if let Err(e) = r {
                            // Stop the other slots too.
                            queue.lock().unwrap_or_else(|e| e.into_inner()).clear();
                            first_error.get_or_insert(e);
                        }
                    }
                    first_error.map_or(Ok(()), Err)
                })
            }
        }
    }
}

impl Drop for Pool<'_> {
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|e| e.into_inner()));
        // The end of its input ends a worker: every worker is told first, so that they end
        // together, then each is waited for.
        let children: Vec<Child> = idle
            .into_iter()
            .map(|w| {
                drop(w.stdin);
                w.child
            })
            .collect();
        for mut child in children {
            let _ = child.wait();
        }
    }
}

/// mimalloc's setting for how much address space it reserves at a time…
const ARENA_RESERVE_VAR: &str = "MIMALLOC_ARENA_RESERVE";
/// …and the amount a worker process uses, unless the environment says otherwise.
const WORKER_ARENA_RESERVE: &str = "64MiB";

/// A running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: mpsc::Receiver<String>,
    stderr: Arc<Mutex<Said>>,
}

/// What a worker has said on its stderr, as it goes into a file's error: normalised (see
/// [`normalise_line`]) and its last lines only, with the first allocation failure kept apart.
#[derive(Debug, Default)]
struct Said {
    /// The last lines.
    tail: String,
    /// The first "memory allocation of N bytes failed".
    alloc: Option<String>,
    /// Whether it said a thread overflowed its stack.
    overflow: bool,
}

impl Said {
    fn hear(&mut self, line: &str) {
        let Some(line) = normalise_line(line) else {
            return;
        };
        if self.alloc.is_none() && line.contains("memory allocation of") {
            self.alloc = Some(line.clone());
        }
        self.overflow |= line.contains("overflowed its stack");
        self.tail.push_str(&line);
        self.tail.push('\n');
        if self.tail.len() > 4 * STDERR_TAIL {
            let keep = tail_of(&self.tail, STDERR_TAIL).len();
            let cut = self.tail.len() - keep;
            self.tail.replace_range(..cut, "");
        }
    }
}

/// A line of a worker's stderr as it may go into files.csv, or `None` for a line that says
/// nothing about the file: the thread ids Rust prints with a thread's name (`thread 'main'
/// (12345) has overflowed its stack` → `thread 'main' has overflowed its stack`) and every line
/// of a backtrace are taken out, so that the same file gives the same error text on every run
/// and machine.
fn normalise_line(line: &str) -> Option<String> {
    use std::sync::LazyLock;
    static THREAD_ID: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"(thread '[^']*') \(\d+\)").expect("valid"));
    static FRAME: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^\s*(\d+: |at \S|stack backtrace:|note: (run with `RUST_BACKTRACE|Some details are omitted))")
            .expect("valid")
    });
    let line = line.trim_end_matches(['\n', '\r']);
    if line.trim().is_empty() || FRAME.is_match(line) {
        return None;
    }
    Some(THREAD_ID.replace_all(line, "$1").into_owned())
}

impl Worker {
    fn start(exe: &Path, settings: &JobSettings) -> Result<Worker> {
        let mut cmd = Command::new(exe);
        cmd.arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // The kl-extract binary allocates with mimalloc, which by default reserves address space
        // 1 GiB at a time: more than a `--max-memory` limit (an address-space limit) allows.
        // Smaller reservations are also quicker to set up for a short-lived worker.
        if std::env::var_os(ARENA_RESERVE_VAR).is_none() {
            cmd.env(ARENA_RESERVE_VAR, WORKER_ARENA_RESERVE);
        }
        // What a worker says when it dies goes into files.csv: no backtraces, whatever the
        // environment says (they would push out the reason and differ from run to run).
        cmd.env("RUST_BACKTRACE", "0")
            .env("RUST_LIB_BACKTRACE", "0");
        // Temporary files (OCR page images, Tesseract's) in the run's own temporary folder,
        // which the run removes even when it kills a worker.
        let tmp = settings.store.join(crate::run::outdir::TMP_DIR);
        if tmp.is_dir() {
            cmd.env("TMPDIR", std::path::absolute(&tmp).unwrap_or(tmp));
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so that a timeout also stops its Tesseract runs.
            cmd.process_group(0);
        }
        let mut child = cmd
            .spawn()
            .with_context(|| format!("cannot start a worker process ({})", exe.display()))?;
        let mut stdin = child.stdin.take().context("worker stdin")?;
        let stdout = child.stdout.take().context("worker stdout")?;
        let err = child.stderr.take().context("worker stderr")?;
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Said::default()));
        let tail = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut err = BufReader::new(err);
            let mut line = Vec::new();
            loop {
                line.clear();
                // A line at most 8 KB at a time: a worker that writes without line ends
                // cannot fill the supervisor's memory.
                match (&mut err).take(8192).read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                t.hear(&String::from_utf8_lossy(&line));
            }
        });
        writeln!(stdin, "{}", serde_json::to_string(settings)?)
            .context("cannot talk to a worker process")?;
        Ok(Worker {
            child,
            stdin,
            replies,
            stderr,
        })
    }

    /// Hands the worker a job line; false when it is gone.
    fn send(&mut self, line: &str) -> bool {
        writeln!(self.stdin, "{line}")
            .and_then(|_| self.stdin.flush())
            .is_ok()
    }

    /// Kills the worker and everything it started.
    fn kill(mut self) {
        #[cfg(unix)]
        unsafe {
            // SAFETY: signals the worker's own process group (made at spawn).
            libc::killpg(self.child.id() as libc::pid_t, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker died, for the file it was reading.
    fn death(mut self, limit: Option<u64>) -> Failure {
        let status = self.child.wait().ok();
        // Let the stderr reader take the last words.
        std::thread::sleep(Duration::from_millis(50));
        let (tail, alloc, overflow) = {
            let s = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
            (s.tail.clone(), s.alloc.clone(), s.overflow)
        };
        let said: String = tail.lines().collect::<Vec<_>>().join(" / ");
        let said = if said.len() > STDERR_TAIL {
            format!("…{}", tail_of(&said, STDERR_TAIL))
        } else {
            said
        };
        let how = match status {
            Some(s) => describe_exit(s),
            None => "ended".to_string(),
        };
        match alloc {
            Some(alloc) => Failure::OutOfMemory {
                limit,
                alloc: alloc.trim().to_string(),
                how,
            },
            None => Failure::Died {
                how,
                overflow,
                said,
            },
        }
    }
}

/// Why a file cost its worker process: what the supervisor saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The file was not done within `--timeout` (seconds) and its worker was killed.
    Timeout(u64),
    /// An allocation failed: the file needed more memory than `--max-memory` (bytes) allows.
    OutOfMemory {
        /// The limit, when there was one.
        limit: Option<u64>,
        /// The allocator's last words ("memory allocation of N bytes failed").
        alloc: String,
        /// How the process ended ("was killed by SIGABRT (6)").
        how: String,
    },
    /// The worker died otherwise (a crash in a dependency, a stack overflow).
    Died {
        /// How the process ended.
        how: String,
        /// Whether it said its stack overflowed.
        overflow: bool,
        /// Its last words on stderr, normalised (no thread ids or backtraces).
        said: String,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Timeout(secs) => write!(
                f,
                "stopped after {secs} s (--timeout {secs}); the file took too long to read"
            ),
            Failure::OutOfMemory { limit, alloc, how } => {
                let limit = limit.map_or(String::new(), |b| {
                    format!(" (the limit is {} MB, --max-memory)", b >> 20)
                });
                write!(
                    f,
                    "reading this file needed more memory than allowed{limit}: {alloc}; the \
                     worker process {how}"
                )
            }
            Failure::Died {
                how,
                overflow,
                said,
            } => {
                let hint = if *overflow {
                    " (objects nested too deeply for the PDF parser)"
                } else {
                    ""
                };
                let said = if said.is_empty() {
                    "it said nothing"
                } else {
                    said
                };
                write!(
                    f,
                    "the worker process reading this file {how}{hint}: {said}"
                )
            }
        }
    }
}

impl From<Failure> for FileError {
    fn from(failure: Failure) -> FileError {
        let kind = match failure {
            Failure::Timeout(_) => ErrorKind::Timeout,
            Failure::OutOfMemory { .. } => ErrorKind::TooLarge,
            Failure::Died { .. } => ErrorKind::Internal,
        };
        FileError::new(kind, failure.to_string())
    }
}

/// The last `n` bytes of `s` at most, cut at a character boundary.
fn tail_of(s: &str, n: usize) -> &str {
    let start = s.len().saturating_sub(n);
    let start = (start..=s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len());
    &s[start..]
}

fn describe_exit(s: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = s.signal() {
            let name = match sig {
                libc::SIGABRT => "SIGABRT",
                libc::SIGSEGV => "SIGSEGV",
                libc::SIGKILL => "SIGKILL",
                libc::SIGBUS => "SIGBUS",
                libc::SIGILL => "SIGILL",
                _ => "a signal",
            };
            return format!("was killed by {name} ({sig})");
        }
    }
    match s.code() {
        Some(c) => format!("exited with code {c}"),
        None => "ended".to_string(),
    }
}

/// One worker slot: takes jobs from `queue` until it is empty, restarting its worker after a
/// timeout or a crash. Gives back its worker, alive, for the next pass.
fn supervise(
    worker: Option<Worker>,
    exe: &Path,
    timeout: Option<Duration>,
    settings: &JobSettings,
    queue: &Mutex<VecDeque<Job>>,
    done: &(dyn Fn(Done) + Sync),
) -> (Option<Worker>, Result<()>) {
    let mut worker = worker;
    let r = supervise_jobs(&mut worker, exe, timeout, settings, queue, done);
    (worker, r)
}

fn supervise_jobs(
    worker: &mut Option<Worker>,
    exe: &Path,
    timeout: Option<Duration>,
    settings: &JobSettings,
    queue: &Mutex<VecDeque<Job>>,
    done: &(dyn Fn(Done) + Sync),
) -> Result<()> {
    loop {
        let Some(job) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else {
            break;
        };
        let line = serde_json::to_string(&job)?;
        // A worker that died between jobs is replaced once.
        let kept = worker.take().and_then(|mut w| {
            if w.send(&line) {
                Some(w)
            } else {
                w.kill();
                None
            }
        });
        let w = match kept {
            Some(w) => w,
            None => {
                let mut w = Worker::start(exe, settings)?;
                if !w.send(&line) {
                    let error = w.death(settings.max_memory);
                    return Err(anyhow!("a new worker process failed at once: {error}"));
                }
                w
            }
        };
        let start = Instant::now();
        let reply = match timeout {
            Some(t) => w.replies.recv_timeout(t),
            None => w.replies.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match reply {
            Ok(text) => match serde_json::from_str::<Reply>(&text) {
                Ok(Reply::Done(d)) => {
                    done(d);
                    *worker = Some(w);
                }
                Ok(Reply::Fatal(e)) => {
                    w.kill();
                    return Err(anyhow!("{}: {e}", job.source));
                }
                Err(e) => {
                    w.kill();
                    return Err(anyhow!("a worker process answered {text:?}: {e}"));
                }
            },
            Err(lost) => {
                // The file cost its worker: stopped for the time limit, or dead.
                let failure = if lost == RecvTimeoutError::Timeout {
                    w.kill();
                    Failure::Timeout(timeout.map_or(0, |t| t.as_secs()))
                } else {
                    w.death(settings.max_memory)
                };
                done(store_failure(
                    settings,
                    &job,
                    failure.into(),
                    start.elapsed().as_secs_f64(),
                )?);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_words_carry_no_thread_ids_or_backtraces() {
        let mut said = Said::default();
        for line in [
            "\n",
            "thread 'main' (482913) has overflowed its stack\n",
            "fatal runtime error: stack overflow, aborting\n",
        ] {
            said.hear(line);
        }
        assert_eq!(
            said.tail,
            "thread 'main' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n"
        );
        assert!(said.overflow);

        // RUST_BACKTRACE=1: the frames after the allocation failure are not kept, the failure is.
        let mut said = Said::default();
        said.hear("memory allocation of 314572800 bytes failed\n");
        said.hear("stack backtrace:\n");
        for k in 0..200 {
            said.hear(&format!("  {k:>3}: std::alloc::rust_oom\n"));
            said.hear("             at /rustc/59807616e/library/std/src/alloc.rs:355:5\n");
        }
        said.hear("note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n");
        assert_eq!(
            said.alloc.as_deref(),
            Some("memory allocation of 314572800 bytes failed")
        );
        assert_eq!(said.tail, "memory allocation of 314572800 bytes failed\n");
        assert_eq!(
            normalise_line("thread '<unnamed>' (7) panicked at src/x.rs:1:1:").as_deref(),
            Some("thread '<unnamed>' panicked at src/x.rs:1:1:")
        );
    }
}
