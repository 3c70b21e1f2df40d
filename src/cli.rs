//! The command line: arguments, exit codes and the end-of-run summary line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::batch::{self, Options};
use crate::input::ReadOptions;

/// Every input was read completely.
pub const EXIT_OK: u8 = 0;
/// The run could not be done (no inputs found, output not writable).
pub const EXIT_FATAL: u8 = 1;
/// The command line was wrong (clap's own code).
pub const EXIT_USAGE: u8 = 2;
/// The run finished but some inputs failed or were read only in part (see files.csv).
pub const EXIT_SOME_FAILED: u8 = 3;

/// Turn Danish KL/KKR meeting documents (dagsorden, referat) into structured CSV.
#[derive(Debug, Parser)]
#[command(name = "kl-extract", version, about, long_about = None, after_help = "\
Exit codes: 0 all inputs read; 1 fatal error (nothing written); 2 usage error; \
3 finished, but some inputs failed or were partial (see files.csv).")]
pub struct Args {
    /// PDF, .txt or .md files, or directories to search recursively.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Directory to write the CSV files into (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long, short, default_value_t = 0)]
    pub jobs: usize,
    /// Do not show the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Password for encrypted PDFs (used for every encrypted input; files it does not open are
    /// reported as `encrypted`).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// OCR pages with Tesseract: `auto` the pages whose text layer is missing or unusable,
    /// `always` every page, `never` none (needs the Debian packages tesseract-ocr and
    /// tesseract-ocr-dan; without them such pages are reported, the rest is read).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    pub ocr: crate::input::ocr::OcrMode,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("kl-extract: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn run(args: &Args) -> anyhow::Result<u8> {
    let inputs = batch::discover(&args.inputs)?;
    let opts = Options {
        out: args.out.clone(),
        jobs: args.jobs,
        progress: !args.quiet,
        read: ReadOptions {
            password: args.password.clone(),
            ocr: args.ocr,
        },
    };
    let s = batch::run(&inputs, &opts)?;
    if !args.quiet {
        eprintln!(
            "kl-extract: {} files: {} ok, {} partial, {} failed; {} pages in {:.1} s → {}",
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
