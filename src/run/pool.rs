//! The supervisor's side of the workers: a pool of worker processes (or threads) taking jobs
//! from a queue, each job under `--timeout`; a worker that dies or overruns costs only its file,
//! which is stored with the reason ([`Failure`]), and a new worker takes its place. A worker
//! slot with no file left lends its cores to the OCR of the files still being read, through a
//! jobserver the workers share ([`Pool::lending`]).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;

use crate::error::{ErrorKind, FileError};
use crate::run::worker::{
    store_failure, Done, Job, JobSettings, Local, Reply, LEND_VAR, WORKER_ARG,
};

/// How much of a dead worker's last words (its stderr) go into the file's error message.
const STDERR_TAIL: usize = 600;

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
    /// The cores of the run (`--jobs`) and the jobserver through which those not held by a
    /// busy worker are lent to the workers' OCR (worker processes only).
    lender: Option<(usize, jobserver::Client)>,
}

impl<'a> Pool<'a> {
    /// A pool of `workers` workers in parallel.
    pub fn new(runner: &'a Runner, settings: JobSettings, workers: usize) -> Pool<'a> {
        Pool {
            runner,
            settings,
            workers: workers.max(1),
            idle: Mutex::new(Vec::new()),
            lender: None,
        }
    }

    /// Lends the run's `cores` that no busy worker holds — a worker's once its files are done,
    /// and those beyond the workers' own threads — to the workers still reading files, for
    /// their OCR ([`crate::input::ocr::lanes`]). Worker processes only; without a jobserver (it
    /// could not be made) nothing is lent.
    pub fn lending(mut self, cores: usize) -> Pool<'a> {
        if matches!(self.runner, Runner::Processes { .. }) && cores > 1 {
            self.lender = jobserver::Client::new(0).ok().map(|c| (cores, c));
        }
        self
    }

    /// Puts `n` cores into the jobserver.
    fn lend(&self, n: usize) {
        if let Some((_, client)) = &self.lender {
            for _ in 0..n {
                let _ = client.release_raw();
            }
        }
    }

    /// Takes back every core lent and not in use (the run is over: none is).
    fn take_back(&self) {
        if let Some((_, client)) = &self.lender {
            while let Ok(Some(token)) = client.try_acquire() {
                token.drop_without_releasing();
            }
        }
    }

    /// Runs `jobs`, calling `done` as each finishes and `progress` as worker processes report
    /// the pages they read (from any thread; threads report nothing until a job is done).
    /// Returns an error only when the run cannot go on (results cannot be stored).
    pub fn run(
        &self,
        jobs: Vec<Job>,
        done: &(dyn Fn(Done) + Sync),
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<()> {
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
                let lender = self.lender.as_ref().map(|(_, c)| c);
                // The cores no worker of this pass holds are lent from the start.
                let threads = self.settings.threads.max(1);
                let held = workers * threads;
                self.lend(
                    self.lender
                        .as_ref()
                        .map_or(0, |(cores, _)| cores.saturating_sub(held)),
                );
                let result = std::thread::scope(|s| {
                    let handles: Vec<_> = (0..workers)
                        .map(|_| {
                            s.spawn(|| {
                                let worker =
                                    self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
                                let start = Start {
                                    exe,
                                    settings: &self.settings,
                                    lender,
                                };
                                let (worker, r) =
                                    supervise(worker, &start, *timeout, &queue, done, progress);
                                // No file is left for this worker: its cores are lent.
                                self.lend(threads);
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
                });
                self.take_back();
                result
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

/// What a worker process is started with: the program, the settings it is sent, and the
/// jobserver lending it cores (if any).
#[derive(Clone, Copy)]
struct Start<'a> {
    exe: &'a Path,
    settings: &'a JobSettings,
    lender: Option<&'a jobserver::Client>,
}

/// A running worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: mpsc::Receiver<String>,
    stderr: Arc<Mutex<Said>>,
    /// The pages it had read by its last report.
    reported: usize,
}

/// How far a job has got, as its worker process reports it: `pages` more pages read of the
/// `of` in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Position of the input in the run.
    pub index: usize,
    /// Pages read since the last report.
    pub pages: usize,
    /// Pages in the file.
    pub of: usize,
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
    fn start(start: &Start) -> Result<Worker> {
        let Start {
            exe,
            settings,
            lender,
        } = *start;
        let mut cmd = Command::new(exe);
        // The jobserver lending the run's free cores to its OCR, or none.
        match lender {
            Some(client) => {
                client.configure(&mut cmd);
                cmd.env(LEND_VAR, "1");
            }
            None => {
                cmd.env_remove(LEND_VAR);
            }
        }
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
        let tmp = settings.store.join(crate::outdir::TMP_DIR);
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
            reported: 0,
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
        /// The allocator's last words ("memory allocation of N bytes failed"). Not in the
        /// message: which allocation fails, and its size, depend on what the worker's other
        /// threads held at that moment, and the message is the same on every run.
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
            Failure::OutOfMemory { limit, how, .. } => {
                let limit = limit.map_or(String::new(), |b| {
                    format!(" (the limit is {} MB, --max-memory)", b >> 20)
                });
                write!(
                    f,
                    "reading this file needed more memory than allowed{limit}: a memory \
                     allocation failed; the worker process {how}"
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
    start: &Start,
    timeout: Option<Duration>,
    queue: &Mutex<VecDeque<Job>>,
    done: &(dyn Fn(Done) + Sync),
    progress: &(dyn Fn(Progress) + Sync),
) -> (Option<Worker>, Result<()>) {
    let mut worker = worker;
    let r = supervise_jobs(&mut worker, start, timeout, queue, done, progress);
    (worker, r)
}

fn supervise_jobs(
    worker: &mut Option<Worker>,
    start: &Start,
    timeout: Option<Duration>,
    queue: &Mutex<VecDeque<Job>>,
    done: &(dyn Fn(Done) + Sync),
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<()> {
    let settings = start.settings;
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
        let mut w = match kept {
            Some(w) => w,
            None => {
                let mut w = Worker::start(start)?;
                if !w.send(&line) {
                    let error = w.death(settings.max_memory);
                    return Err(anyhow!("a new worker process failed at once: {error}"));
                }
                w
            }
        };
        let start = Instant::now();
        // Reports of pages read come before the answer; the time limit runs on through them.
        let reply = loop {
            let heard = match timeout {
                Some(t) => w.replies.recv_timeout(
                    t.saturating_sub(start.elapsed())
                        .max(Duration::from_millis(1)),
                ),
                None => w.replies.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match heard {
                Ok(text) => match serde_json::from_str::<Reply>(&text) {
                    Ok(Reply::Pages { read, of }) => {
                        let pages = read.saturating_sub(w.reported);
                        w.reported = read;
                        if pages > 0 {
                            progress(Progress {
                                index: job.index,
                                pages,
                                of,
                            });
                        }
                    }
                    parsed => break Ok((text, parsed)),
                },
                Err(e) => break Err(e),
            }
        };
        match reply {
            Ok((text, parsed)) => match parsed {
                Ok(Reply::Pages { .. }) => {
                    // Read in the loop above: never here.
                    w.kill();
                    return Err(anyhow!("a worker process answered {text:?} out of turn"));
                }
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
