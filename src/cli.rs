//! The command line: arguments, checks of the paths given, exit codes and the end-of-run
//! summary line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::error::UsageError;
use crate::input::ReadOptions;
use crate::run::batch::{self, Options, Reuse};
use crate::run::pool::{Pool, Runner};
use crate::run::worker;

/// Every input was read completely.
pub const EXIT_OK: u8 = 0;
/// The run could not be done (no inputs found, output not writable).
pub const EXIT_FATAL: u8 = 1;
/// The command line was wrong (clap's own code; also a missing input path, or an output folder
/// inside an input folder).
pub const EXIT_USAGE: u8 = 2;
/// The run finished but some inputs failed or were read only in part (see files.csv).
pub const EXIT_SOME_FAILED: u8 = 3;

/// Turn Danish KL/KKR meeting documents (dagsorden, referat) into structured CSV.
#[derive(Debug, Parser)]
#[command(name = "kl-extract", version, about, long_about = None, after_help = "\
Exit codes: 0 all inputs read; 1 the run could not be done (no inputs found, output folder not \
writable); 2 usage error (bad option, missing input path, output folder inside an input folder); \
3 finished, but some inputs failed or were partial (see files.csv).

Commands:
  kl-extract inspect FILE       a readable outline of one document (see kl-extract inspect --help)
  kl-extract merge OUT... --out DIR
                                combine the outputs of --shard runs (see kl-extract merge --help)

Examples:
  kl-extract samples --out output                 read every PDF/.txt/.md under samples/
  kl-extract pdfs --out out --format csv,xlsx     the CSV files and one Excel workbook
  kl-extract pdfs --out out --format json         one JSON document per meeting
  kl-extract pdfs --out out --excel-csv           CSV files that Danish Excel opens by double-click
  kl-extract archive --out out --resume           go on with a run that was stopped
  kl-extract archive --out out --retry-failed     read again only what failed
  kl-extract secret.pdf --out out --password-file passwords.txt
  kl-extract archive --out out-3 --shard 3/8      one eighth of an archive (e.g. a job array)")]
pub struct Args {
    /// PDF, .txt or .md files, or directories to search recursively.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub run: RunOptions,
    /// Go on with an earlier run into the same --out: inputs whose stored result has the same
    /// content, tool version and settings are not read again.
    #[arg(long)]
    pub resume: bool,
    /// Like --resume, but read again the inputs that failed or were partial.
    #[arg(long, conflicts_with = "resume")]
    pub retry_failed: bool,
    /// Read only shard K of N (e.g. 3/8): a fixed share of the inputs, chosen by a hash of each
    /// path, the same on every machine. Run shards 1/N … N/N anywhere (same inputs, same
    /// options), each into its own --out, then combine them with `kl-extract merge`.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
}

/// The options of a run, shared by `kl-extract INPUT…` and `kl-extract merge`.
#[derive(Debug, clap::Args)]
pub struct RunOptions {
    /// Directory to write the outputs into (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Files read in parallel (default: all cores).
    #[arg(long, short, default_value_t = 0)]
    pub jobs: usize,
    /// Do not show the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Password for encrypted PDFs (user or owner password; may be given several times, each is
    /// tried in turn; files none opens are reported as `encrypted`).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Vec<String>,
    /// A file of passwords to try on encrypted PDFs, one per line.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// OCR pages with Tesseract: `auto` the pages whose text layer is missing or unusable,
    /// `always` every page, `never` none (needs the Debian packages tesseract-ocr and
    /// tesseract-ocr-dan; without them such pages are reported, the rest is read).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    pub ocr: crate::input::ocr::OcrMode,
    /// Time, size and memory limits of each file.
    #[command(flatten)]
    pub limits: Limits,
    /// Write CSV files that Danish Excel opens correctly by double-click: UTF-8 with a
    /// byte-order mark, `;` between columns, a decimal comma in the number columns (text as
    /// printed).
    #[arg(long)]
    pub excel_csv: bool,
    /// Output formats, comma-separated: `csv` (the CSV files and tables/), `xlsx` (one
    /// workbook, kl-extract.xlsx, with typed numbers and dates), `json` (json/<meeting_id>.json:
    /// each document's whole model), `sqlite` (kl-extract.sqlite: the CSV files' rows as typed,
    /// linked tables with full-text search, for Datasette, sqlite-utils, DuckDB, pandas).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "csv",
        value_name = "FORMATS"
    )]
    pub format: Vec<crate::views::csv::Format>,
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{s:?} is not K/N with 1 <= K <= N (e.g. --shard 2/8)");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// `kl-extract merge OUT… --out DIR`: combines the output folders of shard runs (`--shard K/N`)
/// into one set of outputs, the same as one run over all the inputs would give.
#[derive(Debug, Parser)]
#[command(
    name = "kl-extract merge",
    version,
    after_help = "\
The files whose line-end hyphens the spellings of the whole batch decide differently than those \
of their shard are read again (as a single run does), so the inputs must be reachable from here \
under the paths the shard runs saw them at (run merge from the same folder); give merge the same \
--ocr, --password/--password-file and --max-file-size options as the shards.

Exit codes: as for a run (0 all inputs read, 1 cannot be done, 2 usage error, 3 some failed).

Examples:
  kl-extract archive --shard 1/2 --out out-1     (on machine 1)
  kl-extract archive --shard 2/2 --out out-2     (on machine 2)
  kl-extract merge out-1 out-2 --out out          one set of outputs, as from one run"
)]
pub struct MergeArgs {
    /// The --out folders of the shard runs.
    #[arg(required = true, value_name = "SHARD_OUT")]
    pub shards: Vec<PathBuf>,
    /// Merge the shards given even when some of 1..N are missing (run.json lists them);
    /// without it such a merge is refused, naming the missing shards.
    #[arg(long)]
    pub allow_partial: bool,
    #[command(flatten)]
    pub run: RunOptions,
}

/// `kl-extract inspect FILE`: a readable outline of one document — metadata, participants,
/// every item with its number, title, pages and section headings, every table with its shape
/// and pages, and the warnings — for a quick look before a big run. Nothing is written. The file
/// is read as in a run: in a worker process, under the same limits.
#[derive(Debug, Parser)]
#[command(
    name = "kl-extract inspect",
    version,
    after_help = "\
The file is read in a worker process as in a run, under the same --timeout, --max-memory and \
--max-file-size limits (and defaults): a file that crashes the reader, needs too much memory or \
never ends is reported like in files.csv (internal, too_large, timeout), with exit code 3.

Exit codes: 0 the document was read completely; 1 it could not be done (the worker could not be \
started); 2 usage error (the file does not exist, a folder); 3 it was read only in part or not \
at all (the outline says why).

Examples:
  kl-extract inspect samples/a_sans/seed_000.pdf
  kl-extract inspect scan.pdf --ocr always --timeout 3600"
)]
pub struct InspectArgs {
    /// The PDF, .txt or .md file.
    pub file: PathBuf,
    /// Password for an encrypted PDF (may be given several times).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Vec<String>,
    /// OCR pages with Tesseract: `auto`, `always` or `never` (as for a run).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    pub ocr: crate::input::ocr::OcrMode,
    /// The same limits as a run's.
    #[command(flatten)]
    pub limits: Limits,
}

/// The limits a file is read under, in a run and in `inspect`.
#[derive(Debug, clap::Args)]
pub struct Limits {
    /// Seconds one file may take before it is stopped and reported as `timeout` (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub timeout: u64,
    /// Files bigger than this many megabytes are not read (reported as `too_large`; 0: no limit).
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    pub max_file_size: u64,
    /// Memory one file may use, in megabytes: a file that needs more is stopped and reported as
    /// `too_large` (0: no limit).
    #[arg(long, value_name = "MB", default_value_t = 4096)]
    pub max_memory: u64,
}

impl Limits {
    /// The per-file time limit.
    fn timeout(&self) -> Option<Duration> {
        (self.timeout > 0).then(|| Duration::from_secs(self.timeout))
    }

    /// The size guard in bytes.
    fn max_file_bytes(&self) -> Option<u64> {
        (self.max_file_size > 0).then_some(self.max_file_size << 20)
    }

    /// A worker's memory limit in bytes; a usage error below what a worker needs to start.
    fn max_memory(&self) -> anyhow::Result<Option<u64>> {
        if self.max_memory > 0 && self.max_memory < worker::MIN_MEMORY_MB {
            return Err(UsageError(format!(
                "--max-memory {} is too little for a worker process to start: give at least {} \
                 (megabytes), or 0 for no limit",
                self.max_memory,
                worker::MIN_MEMORY_MB
            ))
            .into());
        }
        Ok((self.max_memory > 0).then_some(self.max_memory << 20))
    }
}

fn inspect(args: &InspectArgs) -> anyhow::Result<u8> {
    if !args.file.exists() || args.file.is_dir() {
        return Err(UsageError(format!(
            "{}: {} (give one PDF, .txt or .md file; to read a folder, run kl-extract FOLDER \
             --out DIR)",
            if args.file.is_dir() {
                "a folder, not a file"
            } else {
                "no such file"
            },
            args.file.display()
        ))
        .into());
    }
    let source = args.file.to_string_lossy().replace('\\', "/");
    let name = args
        .file
        .file_name()
        .map_or(source.clone(), |n| n.to_string_lossy().into_owned());
    let max_memory = args.limits.max_memory()?;
    let read = ReadOptions {
        passwords: args.password.clone(),
        ocr: args.ocr,
        max_file_bytes: args.limits.max_file_bytes(),
    };
    // The file goes to a worker process as one job of a run, its result to a scratch store.
    let scratch =
        tempfile::tempdir().map_err(|e| anyhow::anyhow!("cannot make a scratch folder: {e}"))?;
    let store = crate::run::store::Store::open(scratch.path(), false)?;
    let settings = worker::JobSettings {
        store: store.dir().to_path_buf(),
        settings: batch::settings_of(&read, &Default::default()),
        thresholds: Default::default(),
        read,
        // One file: every core for its pages (OCR), as a run of one file.
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        max_memory,
    };
    let runner = Runner::Processes {
        exe: std::env::current_exe()
            .map_err(|e| anyhow::anyhow!("cannot find this program's path: {e}"))?,
        timeout: args.limits.timeout(),
    };
    let job = worker::Job {
        index: 0,
        path: args.file.clone(),
        source,
        meeting_id: batch::meeting_slug(&name),
        pass: crate::run::store::Pass::First,
    };
    let meeting_id = job.meeting_id.clone();
    let pool = Pool::new(&runner, settings, 1);
    pool.run(vec![job], &|_| {}, &|_| {})?;
    drop(pool);
    let (header, record): (_, crate::pipeline::FileResult) = store.read_record(&meeting_id)?;
    print!("{}", crate::views::outline::outline(&record));
    Ok(if header.status == crate::pipeline::Status::Ok {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == worker::WORKER_ARG)
    {
        return worker::worker_main();
    }
    crate::pipeline::quiet_panics();
    if std::env::args_os().nth(1).is_some_and(|a| a == "inspect") {
        let args = InspectArgs::parse_from(std::env::args_os().skip(1));
        return finish(std::panic::catch_unwind(|| inspect(&args)));
    }
    if std::env::args_os().nth(1).is_some_and(|a| a == "merge") {
        let args = MergeArgs::parse_from(std::env::args_os().skip(1));
        return finish(std::panic::catch_unwind(|| merge(&args)));
    }
    let args = Args::parse();
    finish(std::panic::catch_unwind(|| run(&args)))
}

/// The exit code of a command's outcome, with its error printed.
fn finish(outcome: std::thread::Result<anyhow::Result<u8>>) -> ExitCode {
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            eprintln!("kl-extract: error: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::from(EXIT_FATAL)
            }
        }
        Err(_) => {
            eprintln!("kl-extract: internal error (a bug, please report it); the run stopped");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Checks the paths of the command line: every input exists, the output folder is not inside
/// an input folder, and it can be written to.
fn check_paths(inputs: &[PathBuf], out_dir: &Path) -> anyhow::Result<()> {
    for input in inputs {
        if !input.exists() {
            return Err(UsageError(format!(
                "input not found: {} (give PDF, .txt or .md files, or folders holding them)",
                input.display()
            ))
            .into());
        }
    }
    let out = absolute(out_dir);
    for input in inputs {
        let inp = absolute(input);
        if input.is_dir() && out.starts_with(&inp) {
            return Err(UsageError(format!(
                "the output folder {} is inside the input folder {}: its CSV files would be \
                 mixed with the inputs; choose an --out outside it",
                out_dir.display(),
                input.display()
            ))
            .into());
        }
    }
    if out_dir.exists() && !out_dir.is_dir() {
        anyhow::bail!(
            "cannot write to {}: it is a file, not a folder (give --out a folder)",
            out_dir.display()
        );
    }
    std::fs::create_dir_all(out_dir).map_err(|e| {
        anyhow::anyhow!("cannot create the output folder {}: {e}", out_dir.display())
    })?;
    let probe = out_dir.join(format!(".kl-extract-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| {
        anyhow::anyhow!(
            "the output folder {} is not writable: {e}",
            out_dir.display()
        )
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `p` made absolute and without `.`/`..` (as far as it exists, resolved through links).
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    // A folder not made yet: its nearest existing ancestor resolved, the rest appended.
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    while let Some(parent) = cur.parent() {
        rest.push(cur.file_name().map(PathBuf::from).unwrap_or_default());
        if let Ok(c) = parent.canonicalize() {
            let mut out = c;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        cur = parent;
    }
    abs
}

fn passwords(args: &RunOptions) -> anyhow::Result<Vec<String>> {
    let mut all = args.password.clone();
    if let Some(f) = &args.password_file {
        let text = std::fs::read_to_string(f).map_err(|e| {
            UsageError(format!(
                "cannot read the password file {}: {e}",
                f.display()
            ))
        })?;
        all.extend(
            text.lines()
                .map(|l| l.trim_end_matches('\r').to_string())
                .filter(|l| !l.is_empty()),
        );
    }
    Ok(all)
}

/// The batch options of `args`, reusing earlier results as `reuse` says.
fn options(args: &RunOptions, reuse: Reuse) -> anyhow::Result<Options> {
    let max_memory = args.limits.max_memory()?;
    Ok(Options {
        out: args.out.clone(),
        jobs: args.jobs,
        progress: !args.quiet,
        read: ReadOptions {
            passwords: passwords(args)?,
            ocr: args.ocr,
            max_file_bytes: args.limits.max_file_bytes(),
        },
        runner: Runner::Processes {
            exe: std::env::current_exe()
                .map_err(|e| anyhow::anyhow!("cannot find this program's path: {e}"))?,
            timeout: args.limits.timeout(),
        },
        max_memory,
        formats: args.format.clone(),
        dialect: if args.excel_csv {
            crate::views::csv::Dialect::Excel
        } else {
            crate::views::csv::Dialect::Standard
        },
        reuse,
        shard: None,
        skipped: Vec::new(),
        settings: Default::default(),
    })
}

fn run(args: &Args) -> anyhow::Result<u8> {
    check_paths(&args.inputs, &args.run.out)?;
    let (mut inputs, skipped) = batch::find(&args.inputs)?;
    batch::report_skipped(&skipped);
    if let Some((k, n)) = args.shard {
        inputs = batch::shard(inputs, k, n);
        if inputs.is_empty() {
            // Not an error: a job array of more shards than files has empty shards, and the
            // merge needs every shard's (empty) record.
            eprintln!(
                "kl-extract: shard {k}/{n} holds none of the inputs (there are fewer files than \
                 shards): its outputs are empty"
            );
        }
    }
    let reuse = if args.retry_failed {
        Reuse::Successes
    } else if args.resume {
        Reuse::Finished
    } else {
        Reuse::Nothing
    };
    let opts = Options {
        shard: args.shard,
        skipped,
        ..options(&args.run, reuse)?
    };
    report(
        &args.run,
        batch::run(&inputs, &opts)?,
        "from the earlier run",
    )
}

fn merge(args: &MergeArgs) -> anyhow::Result<u8> {
    let out = absolute(&args.run.out);
    for shard in &args.shards {
        if !shard.is_dir() {
            return Err(UsageError(format!(
                "not a folder: {} (give merge the --out folders of the shard runs)",
                shard.display()
            ))
            .into());
        }
        if absolute(shard) == out {
            return Err(UsageError(format!(
                "the merge's --out {} is one of the shards: merge into a new folder",
                args.run.out.display()
            ))
            .into());
        }
    }
    check_paths(&[], &args.run.out)?;
    let opts = options(&args.run, Reuse::Stored)?;
    report(
        &args.run,
        batch::merge(&args.shards, &opts, args.allow_partial)?,
        "from the shards",
    )
}

/// Prints the summary line of a run (unless quiet) and gives its exit code; `reused_from` says
/// where reused results came from.
fn report(args: &RunOptions, s: batch::Summary, reused_from: &str) -> anyhow::Result<u8> {
    if !args.quiet {
        let reused = if s.reused > 0 {
            format!(" ({} {reused_from})", s.reused)
        } else {
            String::new()
        };
        eprintln!(
            "kl-extract: {} files{reused}: {} ok, {} partial, {} failed; {} pages in {:.1} s → {}",
            s.ok + s.partial + s.failed,
            s.ok,
            s.partial,
            s.failed,
            s.pages,
            s.seconds,
            args.out.display()
        );
    }
    Ok(if s.partial + s.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_arguments() {
        assert_eq!(parse_shard("3/8"), Ok((3, 8)));
        assert_eq!(parse_shard("1/1"), Ok((1, 1)));
        for bad in ["0/2", "3/2", "2", "a/b", "1/0"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
