//! Running Tesseract: finding the program and its Danish model once per run, running a program
//! to its end within a time limit ([`run`], also used to render pages), and reading
//! Tesseract's TSV output as words.

use std::fmt;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
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
    start(cmd, None)?.finish(limit)
}

/// What a running program's standard error lines tell: called with each line, true when the
/// line reports progress (the time limit then starts again).
pub type OnLine = Box<dyn FnMut(&str) -> bool + Send>;

/// A program started by [`start`], its output read on threads of their own until it ends.
pub struct Started {
    child: std::process::Child,
    out: std::thread::JoinHandle<Vec<u8>>,
    err: std::thread::JoinHandle<Vec<u8>>,
    /// When it was started or last reported progress.
    heard: Arc<Mutex<Instant>>,
}

/// Starts a command with its output read on threads of their own (a full pipe cannot stall
/// it), each standard error line given to `on_line`.
pub fn start(cmd: &mut Command, mut on_line: Option<OnLine>) -> Result<Started, RunError> {
    let start_error = |e: std::io::Error| RunError::Start(Arc::new(e));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(start_error)?;
    let mut out = child.stdout.take().expect("piped");
    let err = child.stderr.take().expect("piped");
    let heard = Arc::new(Mutex::new(Instant::now()));
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = {
        let heard = Arc::clone(&heard);
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let mut lines = std::io::BufReader::new(err);
            let mut line = Vec::new();
            while matches!(lines.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                if let Some(f) = on_line.as_mut() {
                    if f(&String::from_utf8_lossy(&line)) {
                        *heard.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
                    }
                }
                s.append(&mut line);
            }
            s
        })
    };
    Ok(Started {
        child,
        out,
        err,
        heard,
    })
}

impl Started {
    /// Waits for the program's end: stopped when `limit` passes without progress since it
    /// started (or last reported progress); its standard output (its standard error when it
    /// wrote nothing else).
    pub fn finish(mut self, limit: Duration) -> Result<String, RunError> {
        let status = loop {
            match self.child.try_wait() {
                Err(e) => return Err(RunError::Start(Arc::new(e))),
                Ok(Some(status)) => break status,
                Ok(None) => {
                    let quiet = self
                        .heard
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .elapsed();
                    if quiet > limit {
                        let _ = self.child.kill();
                        let _ = self.child.wait();
                        return Err(RunError::Timeout {
                            secs: limit.as_secs(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        };
        let out = self.out.join().unwrap_or_default();
        let err = self.err.join().unwrap_or_default();
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
        let tsv = run(
            &mut self.command(image, dpi, layout),
            Duration::from_secs(t.page_timeout_secs),
        )
        .map_err(OcrError::Tesseract)?;
        Ok(parse_tsv(&tsv))
    }

    /// The command reading `input` (an image, or a list of images one a line) as Danish TSV on
    /// its standard output.
    fn command(&self, input: &Path, dpi: Option<f32>, layout: Layout) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.arg(input).arg("stdout");
        if let Some(dpi) = dpi {
            cmd.args(["--dpi", &format!("{}", dpi.round() as u32)]);
        }
        let psm = match layout {
            Layout::Page => "3",
            Layout::Block => "6",
        };
        cmd.args(["-l", "dan", "--psm", psm, "tsv"])
            // One thread per Tesseract process: the batch runs one per worker, and OpenMP
            // threads on top oversubscribe the cores (7× slower, measured).
            .env("OMP_THREAD_LIMIT", "1");
        cmd
    }

    /// Starts one Tesseract process on several page images at once (its list-file input: the
    /// Danish model is loaded once for them all, not once a page), all of resolution `dpi`;
    /// [`PageRun::finish`] gives each page's words. `on_page` is called as each page but the
    /// last is done (Tesseract names each page on its standard error as it starts it). The time
    /// limit is a page's: the run is stopped when one page takes longer.
    pub fn start_pages(
        &self,
        images: &[&Path],
        dpi: Option<f32>,
        on_page: Box<dyn Fn() + Send>,
    ) -> Result<PageRun, OcrError> {
        let mut list = tempfile::Builder::new()
            .prefix("kl-extract-pages-")
            .suffix(".txt")
            .tempfile()
            .map_err(|e| OcrError::temp("make a temporary file", e))?;
        for image in images {
            // One path a line (a temporary file's path holds no line break).
            writeln!(list, "{}", image.display())
                .map_err(|e| OcrError::temp("write a temporary file", e))?;
        }
        let list = list.into_temp_path();
        let mut started = 0usize;
        let on_line: OnLine = Box::new(move |line: &str| {
            // "Page 3 : /tmp/…pgm": the page before it is done.
            let progress = line.starts_with("Page ");
            if progress {
                if started > 0 {
                    on_page();
                }
                started += 1;
            }
            progress
        });
        let running = start(&mut self.command(&list, dpi, Layout::Page), Some(on_line))
            .map_err(OcrError::Tesseract)?;
        Ok(PageRun {
            running,
            _list: list,
            pages: images.len(),
        })
    }
}

/// Tesseract reading several pages in one process ([`Tesseract::start_pages`]).
pub struct PageRun {
    running: Started,
    /// The list of page images it reads (removed when dropped).
    _list: tempfile::TempPath,
    pages: usize,
}

impl PageRun {
    /// Waits for the run's end: each page's words, in the order the pages were given.
    pub fn finish(self, t: &Thresholds) -> Result<Vec<Vec<OcrWord>>, OcrError> {
        let tsv = self
            .running
            .finish(Duration::from_secs(t.page_timeout_secs))
            .map_err(OcrError::Tesseract)?;
        Ok(parse_tsv_pages(&tsv, self.pages))
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
    tsv_words(tsv).map(|(_, w)| w).collect()
}

/// The words of Tesseract's TSV output of `pages` page images, by page (its `page_num`
/// column, from 1; a row naming no such page is dropped).
pub fn parse_tsv_pages(tsv: &str, pages: usize) -> Vec<Vec<OcrWord>> {
    let mut out = vec![Vec::new(); pages];
    for (page, word) in tsv_words(tsv) {
        if let Some(words) = (page as usize).checked_sub(1).and_then(|k| out.get_mut(k)) {
            words.push(word);
        }
    }
    out
}

/// The level 5 rows with text of Tesseract's TSV output (one header line for each page image
/// read), with their page numbers.
fn tsv_words(tsv: &str) -> impl Iterator<Item = (u32, OcrWord)> + '_ {
    tsv.lines().filter_map(|row| {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            return None;
        }
        let text = f[11].trim();
        if text.is_empty() {
            return None;
        }
        let num = |i: usize| f[i].trim().parse::<f32>().unwrap_or(0.0);
        let int = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        Some((
            int(1),
            OcrWord {
                line: (int(2), int(3), int(4)),
                left: num(6),
                top: num(7),
                width: num(8),
                height: num(9),
                conf: num(10),
                text: text.to_string(),
            },
        ))
    })
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

    #[test]
    fn a_page_list_run_gives_each_page_its_words() {
        // Two pages' TSV as one run prints it (a header line each page), and a third page with
        // no words: each page gets its own words, in order; no page number out of range counts.
        let second = TSV
            .replace("\n5\t1\t", "\n5\t2\t")
            .replace("Indstilling", "Bilag");
        let stray = "5\t9\t1\t1\t1\t1\t1\t1\t1\t1\t90\tnowhere\n";
        let pages = parse_tsv_pages(&format!("{TSV}{second}{stray}"), 3);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0], parse_tsv(TSV));
        assert_eq!(pages[1].len(), 3);
        assert_eq!(pages[1][0].text, "Bilag");
        assert!(pages[2].is_empty());
    }
}
