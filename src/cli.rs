//! The command line: arguments, checks of the paths given, exit codes and the end-of-run
//! summary line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::batch::{self, Options, Reuse};
use crate::input::ReadOptions;
use crate::worker::{self, Runner};

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

Examples:
  kl-extract samples --out output                 read every PDF/.txt/.md under samples/
  kl-extract pdfs --out out --format csv,xlsx     the CSV files and one Excel workbook
  kl-extract pdfs --out out --format json         one JSON document per meeting
  kl-extract pdfs --out out --excel-csv           CSV files that Danish Excel opens by double-click
  kl-extract archive --out out --resume           go on with a run that was stopped
  kl-extract archive --out out --retry-failed     read again only what failed
  kl-extract secret.pdf --out out --password-file passwords.txt")]
pub struct Args {
    /// PDF, .txt or .md files, or directories to search recursively.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Directory to write the CSV files into (created if missing).
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
    /// Go on with an earlier run into the same --out: inputs whose stored result has the same
    /// content, tool version and settings are not read again.
    #[arg(long)]
    pub resume: bool,
    /// Like --resume, but read again the inputs that failed or were partial.
    #[arg(long, conflicts_with = "resume")]
    pub retry_failed: bool,
    /// Write CSV files that Danish Excel opens correctly by double-click: UTF-8 with a
    /// byte-order mark, `;` between columns, a decimal comma in the number columns (text as
    /// printed).
    #[arg(long)]
    pub excel_csv: bool,
    /// Output formats, comma-separated: `csv` (the CSV files and tables/), `xlsx` (one
    /// workbook, kl-extract.xlsx, with typed numbers and dates), `json` (json/<meeting_id>.json:
    /// each document's whole model).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "csv",
        value_name = "FORMATS"
    )]
    pub format: Vec<crate::writers::Format>,
}

/// `kl-extract inspect FILE`: a readable outline of one document — metadata, participants,
/// every item with its number, title, pages and section headings, every table with its shape
/// and pages, and the warnings — for a quick look before a big run. Nothing is written.
#[derive(Debug, Parser)]
#[command(
    name = "kl-extract inspect",
    version,
    after_help = "\
Exit codes: 0 the document was read completely; 2 usage error (the file does not exist); 3 it \
was read only in part or not at all (the outline says why).

Examples:
  kl-extract inspect samples/a_sans/seed_000.pdf
  kl-extract inspect scan.pdf --ocr always"
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
}

fn inspect(args: &InspectArgs) -> anyhow::Result<u8> {
    if !args.file.is_file() {
        return Err(UsageError(format!(
            "no such file: {} (give one PDF, .txt or .md file; to read a folder, run \
             kl-extract FOLDER --out DIR)",
            args.file.display()
        ))
        .into());
    }
    crate::pipeline::prepare_in_background();
    let source = args.file.to_string_lossy().replace('\\', "/");
    let name = args
        .file
        .file_name()
        .map_or(source.clone(), |n| n.to_string_lossy().into_owned());
    let read = ReadOptions {
        passwords: args.password.clone(),
        ocr: args.ocr,
        max_file_bytes: None,
    };
    let r = crate::pipeline::process(
        &args.file,
        &source,
        &batch::meeting_slug(&name),
        None,
        &read,
    );
    print!("{}", crate::inspect::outline(&r));
    Ok(if r.status == crate::pipeline::Status::Ok {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}

/// A problem with the command line, found before the run starts.
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

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
fn check_paths(args: &Args) -> anyhow::Result<()> {
    for input in &args.inputs {
        if !input.exists() {
            return Err(UsageError(format!(
                "input not found: {} (give PDF, .txt or .md files, or folders holding them)",
                input.display()
            ))
            .into());
        }
    }
    let out = absolute(&args.out);
    for input in &args.inputs {
        let inp = absolute(input);
        if input.is_dir() && out.starts_with(&inp) {
            return Err(UsageError(format!(
                "the output folder {} is inside the input folder {}: its CSV files would be \
                 mixed with the inputs; choose an --out outside it",
                args.out.display(),
                input.display()
            ))
            .into());
        }
    }
    if args.out.exists() && !args.out.is_dir() {
        anyhow::bail!(
            "cannot write to {}: it is a file, not a folder (give --out a folder)",
            args.out.display()
        );
    }
    std::fs::create_dir_all(&args.out).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the output folder {}: {e}",
            args.out.display()
        )
    })?;
    let probe = args
        .out
        .join(format!(".kl-extract-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| {
        anyhow::anyhow!(
            "the output folder {} is not writable: {e}",
            args.out.display()
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

fn passwords(args: &Args) -> anyhow::Result<Vec<String>> {
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

fn run(args: &Args) -> anyhow::Result<u8> {
    check_paths(args)?;
    let inputs = batch::discover(&args.inputs)?;
    let megabytes = |mb: u64| (mb > 0).then_some(mb << 20);
    let opts = Options {
        out: args.out.clone(),
        jobs: args.jobs,
        progress: !args.quiet,
        read: ReadOptions {
            passwords: passwords(args)?,
            ocr: args.ocr,
            max_file_bytes: megabytes(args.max_file_size),
        },
        runner: Runner::Processes {
            exe: std::env::current_exe()
                .map_err(|e| anyhow::anyhow!("cannot find this program's path: {e}"))?,
            timeout: (args.timeout > 0).then(|| Duration::from_secs(args.timeout)),
        },
        max_memory: megabytes(args.max_memory),
        formats: args.format.clone(),
        dialect: if args.excel_csv {
            crate::writers::Dialect::Excel
        } else {
            crate::writers::Dialect::Standard
        },
        reuse: if args.retry_failed {
            Reuse::Successes
        } else if args.resume {
            Reuse::Finished
        } else {
            Reuse::Nothing
        },
    };
    let s = batch::run(&inputs, &opts)?;
    if !args.quiet {
        let reused = if s.reused > 0 {
            format!(" ({} from the earlier run)", s.reused)
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
