//! Running Tesseract: finding the program and its Danish model once per run, running a program
//! to its end within a time limit ([`run`], also used to render pages), and reading
//! Tesseract's TSV output as words.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::error::{OcrError, RunError};
use super::Thresholds;

/// The Debian packages that provide OCR, for messages.
pub const OCR_PACKAGES: &str = "tesseract-ocr tesseract-ocr-dan";

/// How long `tesseract --version` and `--list-langs` may take, finding the program.
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

/// The Tesseract program, found and checked once per run.
#[derive(Debug)]
pub struct Tesseract {
    program: PathBuf,
    /// `tesseract --version`'s first line.
    pub version: String,
}

/// Why OCR cannot be used in this run (naming the package to install).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The program (its path or name) cannot be run.
    NotInstalled(PathBuf),
    /// Tesseract runs but has no Danish model.
    NoDanishModel,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::NotInstalled(program) => write!(
                f,
                "OCR is not available: the Tesseract program ({}) was not found; install the Debian packages {OCR_PACKAGES}",
                program.display()
            ),
            Unavailable::NoDanishModel => write!(
                f,
                "OCR is not available: Tesseract's Danish model is missing; install the Debian package tesseract-ocr-dan"
            ),
        }
    }
}

impl std::error::Error for Unavailable {}

/// Tesseract with its Danish model, or why it cannot be used.
/// `KL_EXTRACT_TESSERACT` names another program to run instead of `tesseract`.
pub fn tesseract() -> Result<&'static Tesseract, &'static Unavailable> {
    static FOUND: OnceLock<Result<Tesseract, Unavailable>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let program = std::env::var_os("KL_EXTRACT_TESSERACT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("tesseract"));
            let missing = |_| Unavailable::NotInstalled(program.clone());
            let version =
                run(Command::new(&program).arg("--version"), PROBE_TIMEOUT).map_err(missing)?;
            let langs =
                run(Command::new(&program).arg("--list-langs"), PROBE_TIMEOUT).map_err(missing)?;
            if !langs.lines().any(|l| l.trim() == "dan") {
                return Err(Unavailable::NoDanishModel);
            }
            Ok(Tesseract {
                program,
                version: version.lines().next().unwrap_or("tesseract").to_string(),
            })
        })
        .as_ref()
}

/// Runs a command to its end within `limit`; its standard output (stdout and stderr together
/// for `--version`, which older versions print on stderr).
pub fn run(cmd: &mut Command, limit: Duration) -> Result<String, RunError> {
    let start_error = |e: std::io::Error| RunError::Start(Arc::new(e));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(start_error)?;
    // Read the pipes on their own threads so a full pipe cannot stall the child.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait().map_err(start_error)? {
            Some(status) => break status,
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Timeout {
                    secs: limit.as_secs(),
                });
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        return Err(RunError::Exited {
            status,
            last_line: msg.lines().last().unwrap_or("").to_string(),
        });
    }
    let mut s = String::from_utf8_lossy(&out).into_owned();
    if s.trim().is_empty() {
        s = String::from_utf8_lossy(&err).into_owned();
    }
    Ok(s)
}

/// How Tesseract is asked to lay out the page (its `--psm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Find the page's blocks and columns itself (`--psm 3`): a page.
    Page,
    /// One uniform block of full-width lines (`--psm 6`): a band of a page read again.
    Block,
}

impl Tesseract {
    /// Recognises one page image: its words in Tesseract's reading order. `dpi`: the image's
    /// resolution when known (Tesseract sizes its noise and line filters by it; a PGM carries
    /// none).
    pub fn recognize(
        &self,
        image: &Path,
        dpi: Option<f32>,
        t: &Thresholds,
    ) -> Result<Vec<OcrWord>, OcrError> {
        self.recognize_as(image, dpi, Layout::Page, t)
    }

    /// [`Tesseract::recognize`] with the layout given.
    pub fn recognize_as(
        &self,
        image: &Path,
        dpi: Option<f32>,
        layout: Layout,
        t: &Thresholds,
    ) -> Result<Vec<OcrWord>, OcrError> {
        let mut cmd = Command::new(&self.program);
        cmd.arg(image).arg("stdout");
        if let Some(dpi) = dpi {
            cmd.args(["--dpi", &format!("{}", dpi.round() as u32)]);
        }
        let psm = match layout {
            Layout::Page => "3",
            Layout::Block => "6",
        };
        let tsv = run(
            cmd.args(["-l", "dan", "--psm", psm, "tsv"])
                // One thread per Tesseract process: the batch runs one per worker, and OpenMP
                // threads on top oversubscribe the cores (7× slower, measured).
                .env("OMP_THREAD_LIMIT", "1"),
            Duration::from_secs(t.page_timeout_secs),
        )
        .map_err(OcrError::Tesseract)?;
        Ok(parse_tsv(&tsv))
    }
}

/// One word as Tesseract reports it (pixels of the page image).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    /// Block, paragraph and line numbers: the words of one line share them.
    pub line: (u32, u32, u32),
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    /// Confidence 0–100.
    pub conf: f32,
    pub text: String,
}

/// The words of Tesseract's TSV output (level 5 rows with text).
pub fn parse_tsv(tsv: &str) -> Vec<OcrWord> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f32>().unwrap_or(0.0);
        let int = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        out.push(OcrWord {
            line: (int(2), int(3), int(4)),
            left: num(6),
            top: num(7),
            width: num(8),
            height: num(9),
            conf: num(10),
            text: text.to_string(),
        });
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Tesseract's TSV of two lines (the last word is a space: no word).
    pub(crate) const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t
4\t1\t1\t1\t1\t0\t200\t300\t600\t40\t-1\t
5\t1\t1\t1\t1\t1\t200\t300\t150\t40\t96.5\tIndstilling
5\t1\t1\t1\t1\t2\t380\t302\t100\t40\t91\tDet
5\t1\t1\t1\t2\t1\t200\t360\t120\t40\t90\t2.1.
5\t1\t1\t1\t2\t2\t340\t360\t5\t40\t95\t \n";

    #[test]
    fn tsv_words_keep_their_line_and_box() {
        let w = parse_tsv(TSV);
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].text, "Indstilling");
        assert_eq!(w[0].line, (1, 1, 1));
        assert_eq!((w[1].left, w[1].top, w[1].conf), (380.0, 302.0, 91.0));
        assert_eq!(w[2].line, (1, 1, 2));
    }
}
