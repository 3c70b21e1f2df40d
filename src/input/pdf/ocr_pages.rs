//! The pages of a PDF that go to OCR and how their results come back: the OCR decision
//! ([`ocr::pages_needing_ocr`]) asked with the pages' image coverage, the pages prepared and
//! read by Tesseract in runs of several pages a process (the next run prepared while one is
//! read; as many lanes of runs at once as the pool has threads, and one more for each core
//! another worker lends), and each page's lines,
//! rules and OCR record put in place of its text layer — or, when OCR fails or cannot run, the
//! page named in a warning (and failed when it has no text of its own).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::error::ErrorKind;
use crate::input::ocr::Thresholds as OcrThresholds;
use crate::input::ocr::{self, OcrError, OcrMode, RunError};
use crate::input::{scan_rules, Thresholds};
use crate::model::{Document, Line, PageOcr, TextSource};

use super::plan::media_box;

/// OCRs the pages that need it (all with `--ocr always`; with `auto`, those whose text layer is
/// unusable), in parallel, replacing their lines. Without Tesseract, pages that need OCR are
/// left as they are with a warning naming the package; those without any text fail. Returns how
/// many pages went through Tesseract (each counted as read, `input::progress`, as it finished).
pub(super) fn ocr_pages(
    doc: &mut Document,
    pdf: &pdf_oxide::document::PdfDocument,
    structure: Option<&lopdf::Document>,
    bytes: Vec<u8>,
    mode: OcrMode,
    t: &Thresholds,
) -> usize {
    let page_ids: Vec<lopdf::ObjectId> = structure
        .map(|lo| lo.get_pages().into_values().collect())
        .unwrap_or_default();
    let image_share = |k: usize, page: &crate::model::Page| match (structure, page_ids.get(k)) {
        (Some(lo), Some(&id)) => ocr::image_coverage(lo, id, page.width * page.height),
        // Without the page's resources: a page without text may be a scan.
        _ => 1.0,
    };
    let wanted = ocr::pages_needing_ocr(doc, mode, &image_share, &t.ocr);
    if wanted.is_empty() {
        return 0;
    }
    let engine = match ocr::tesseract() {
        Ok(e) => e,
        Err(why) => {
            // One warning for the file: which pages wanted OCR, why, and what to install.
            let mut reasons: Vec<&str> = Vec::new();
            let mut numbers = Vec::new();
            for &(k, reason) in &wanted {
                let page = &mut doc.pages[k];
                let number = page.number;
                if page.lines.is_empty() {
                    page.text_source = TextSource::None;
                    doc.fail_page(number, ErrorKind::NoText);
                }
                let page = &doc.pages[k];
                numbers.push(page.number);
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            doc.warnings.push(format!(
                "{} not read: {} OCR ({}), but {why}",
                page_list(&numbers),
                if numbers.len() == 1 {
                    "it needs"
                } else {
                    "they need"
                },
                reasons.join(", ")
            ));
            return 0;
        }
    };
    // The PDF as a file for pdftoppm, written once and only if a page must be rendered.
    let copy: OnceLock<Result<tempfile::TempPath, OcrError>> = OnceLock::new();
    let pdf_path = || -> Result<std::path::PathBuf, OcrError> {
        copy.get_or_init(|| {
            let mut f = tempfile::Builder::new()
                .prefix("kl-extract-")
                .suffix(".pdf")
                .tempfile()
                .map_err(|e| OcrError::temp("make a temporary file", e))?;
            std::io::Write::write_all(&mut f, &bytes)
                .map_err(|e| OcrError::temp("write a temporary file", e))?;
            Ok(f.into_temp_path())
        })
        .as_ref()
        .map(|p| p.to_path_buf())
        .map_err(Clone::clone)
    };
    // The pages in as many stretches as there are threads, each read in runs of a few pages by
    // one Tesseract process at a time, the next run's pages prepared while it reads.
    let prepare_page = |k: usize| -> Result<Waiting, OcrError> {
        let page = &doc.pages[k];
        let media = media_box(pdf, k)
            .map(|(x0, y0, x1, y1)| (x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs()))
            .unwrap_or((0.0, 0.0, page.width, page.height));
        catch_unwind(AssertUnwindSafe(|| {
            prepare_page(
                structure,
                page_ids.get(k).copied(),
                page.number,
                media,
                &pdf_path,
                &t.ocr,
            )
        }))
        .unwrap_or(Err(OcrError::Crashed))
    };
    let queue = Queue::new(&wanted, rayon::current_num_threads().max(1), &t.ocr);
    let mut results = read_in_lanes(&queue, &|| read_lane(&queue, &prepare_page, engine, t));
    results.sort_by_key(|r| r.0);
    let read = results.len();
    for (k, reason, result) in results {
        let page = &mut doc.pages[k];
        match result {
            Ok((lines, drawn, record)) => {
                page.lines = lines;
                page.rules = drawn.rules;
                page.fills = drawn.fills;
                page.text_source = TextSource::Ocr;
                page.ocr = Some(record);
            }
            Err(e) => {
                let number = page.number;
                if page.lines.is_empty() {
                    page.text_source = TextSource::None;
                    doc.fail_page(number, e.kind());
                }
                doc.warnings
                    .push(format!("page {number}: OCR ({reason}) failed: {e}"));
            }
        }
    }
    read
}

/// "page 4" or "pages 1–3, 7": page numbers with runs joined.
pub fn page_list(numbers: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < numbers.len() {
        let mut j = k;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        parts.push(if j > k {
            format!("{}–{}", numbers[k], numbers[j])
        } else {
            numbers[k].to_string()
        });
        k = j + 1;
    }
    let noun = if numbers.len() == 1 { "page" } else { "pages" };
    format!("{noun} {}", parts.join(", "))
}

/// One OCR'd page's lines and record, or why it failed.
type OcrResult = Result<(Vec<Line>, scan_rules::Drawn, PageOcr), OcrError>;

/// A page made ready for Tesseract: its image, prepared and waiting on disk (or as it is,
/// when no preparing step is switched on or it cannot be decoded here).
struct Waiting {
    image: ocr::PageImage,
    parked: Option<ocr::Parked>,
    media: (f32, f32, f32, f32),
}

impl Waiting {
    /// The file Tesseract reads.
    fn file(&self) -> &std::path::Path {
        match &self.parked {
            Some(p) => &p.file,
            None => &self.image.file,
        }
    }

    /// The resolution Tesseract is told (none for an image as it is: it reads its own).
    fn dpi(&self) -> Option<f32> {
        self.parked.as_ref().map(|p| p.dpi)
    }
}

/// A page's image taken out of the PDF (or rendered) and prepared for Tesseract.
fn prepare_page(
    structure: Option<&lopdf::Document>,
    page_id: Option<lopdf::ObjectId>,
    number: u32,
    media: (f32, f32, f32, f32),
    pdf_path: &dyn Fn() -> Result<std::path::PathBuf, OcrError>,
    t: &OcrThresholds,
) -> Result<Waiting, OcrError> {
    let image = match (structure, page_id) {
        (Some(lo), Some(id)) => ocr::page_image(lo, id, number, media, pdf_path, t)?,
        _ => ocr::page_image_rendered(&pdf_path()?, number, t)?,
    };
    // The image made ready for Tesseract (upscaled, deskewed, binarised), or as it is.
    let parked = match ocr::prepare(&image.file, image.placement, t)? {
        Some(p) => Some(p.park()?),
        None => None,
    };
    let waiting = Waiting {
        image,
        parked,
        media,
    };
    if let Some(dir) = std::env::var_os(KEEP_IMAGES_VAR) {
        keep_image(std::path::Path::new(&dir), number, &waiting);
    }
    Ok(waiting)
}

/// Environment variable naming a directory into which a copy of every image Tesseract is given
/// is written (what it read, for checking a poor page; `bench/run.sh` times Tesseract alone on
/// them). Each is named `<process>-<n>-page<page>-dpi<resolution>.<extension>`; failing to copy
/// one is not an error of the page.
pub const KEEP_IMAGES_VAR: &str = "KL_EXTRACT_KEEP_OCR_IMAGES";

/// Copies the image Tesseract is given for page `number` into `dir` (see [`KEEP_IMAGES_VAR`]).
fn keep_image(dir: &std::path::Path, number: u32, page: &Waiting) {
    static KEPT: AtomicUsize = AtomicUsize::new(0);
    let file = page.file();
    // An image as it is: Tesseract reads its resolution from the file; named by its placement.
    let dpi = page
        .dpi()
        .unwrap_or_else(|| ocr::prepare::resolution(page.image.placement));
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("img");
    let name = format!(
        "{}-{:04}-page{number:04}-dpi{}.{extension}",
        std::process::id(),
        KEPT.fetch_add(1, Ordering::Relaxed),
        dpi.round() as u32
    );
    let _ = std::fs::create_dir_all(dir).and_then(|_| std::fs::copy(file, dir.join(name)));
}

/// The pages of one run, each ready or failed, and the Tesseract process reading the first
/// of its groups (pages of one resolution, in order).
struct Run<'p> {
    pages: Vec<(usize, &'static str, Result<Waiting, OcrError>)>,
    /// The groups: ranges of `pages`, all ready, of one resolution.
    groups: Vec<std::ops::Range<usize>>,
    first: Option<(Result<ocr::PageRun, OcrError>, Arc<AtomicUsize>)>,
    engine: &'p ocr::Tesseract,
}

/// How often a file with pages no run has taken yet asks for a lent core.
const BORROW_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// The pages of a file waiting for OCR (indices into the document, with why each is OCR'd),
/// handed out in runs to the lanes reading them: each lane's first run of `first_run_pages`
/// (Tesseract starts after one page is prepared), then runs of `pages_per_run`, shorter towards
/// the end when more lanes share them (so that they finish together).
struct Queue<'a> {
    pages: &'a [(usize, &'static str)],
    next: std::sync::Mutex<(usize, usize)>,
    /// The lanes started with the file's own threads.
    own: usize,
    /// Lanes reading (own and lent).
    lanes: AtomicUsize,
    first_run: usize,
    per_run: usize,
}

impl<'a> Queue<'a> {
    fn new(pages: &'a [(usize, &'static str)], own: usize, t: &OcrThresholds) -> Queue<'a> {
        Queue {
            pages,
            next: std::sync::Mutex::new((0, 0)),
            own: own.max(1),
            lanes: AtomicUsize::new(own.max(1)),
            first_run: t.first_run_pages.max(1),
            per_run: t.pages_per_run.max(1),
        }
    }

    /// The next run of pages, if any are left.
    fn take(&self) -> Option<&'a [(usize, &'static str)]> {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let (at, handed) = *next;
        let left = self.pages.len() - at;
        if left == 0 {
            return None;
        }
        let lanes = self.lanes.load(Ordering::Relaxed) + usize::from(ocr::lanes::lending());
        let size = if handed < self.own {
            self.first_run
        } else if lanes <= 1 {
            self.per_run
        } else {
            self.per_run.min(left.div_ceil(lanes))
        }
        .min(left);
        *next = (at + size, handed + 1);
        Some(&self.pages[at..at + size])
    }

    /// Whether pages are left that no lane has taken.
    fn waiting(&self) -> bool {
        self.next.lock().unwrap_or_else(|e| e.into_inner()).0 < self.pages.len()
    }
}

/// Runs `lane` (reading runs of the queue's pages until none are left) on as many threads as
/// the file has, and on one more for each core lent to it ([`ocr::lanes`]) while pages are left
/// that no lane has taken. Results in the order the lanes finish them.
fn read_in_lanes(
    queue: &Queue,
    lane: &(dyn Fn() -> Vec<(usize, &'static str, OcrResult)> + Sync),
) -> Vec<(usize, &'static str, OcrResult)> {
    std::thread::scope(|s| {
        let mut lanes: Vec<_> = (0..queue.own).map(|_| s.spawn(lane)).collect();
        while ocr::lanes::lending() && queue.waiting() && lanes.iter().any(|l| !l.is_finished()) {
            match ocr::lanes::try_borrow() {
                Some(token) => {
                    queue.lanes.fetch_add(1, Ordering::Relaxed);
                    lanes.push(s.spawn(move || {
                        let read = lane();
                        drop(token);
                        read
                    }));
                }
                None => std::thread::sleep(BORROW_EVERY),
            }
        }
        lanes
            .into_iter()
            .flat_map(|l| l.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Reads runs of pages taken from `queue` until none are left: while Tesseract reads one run,
/// this thread prepares the next run's pages and finishes the last run's.
fn read_lane(
    queue: &Queue,
    prepare_page: &(dyn Fn(usize) -> Result<Waiting, OcrError> + Sync),
    engine: &ocr::Tesseract,
    thresholds: &Thresholds,
) -> Vec<(usize, &'static str, OcrResult)> {
    let t = &thresholds.ocr;
    let mut out = Vec::new();
    let mut reading: Option<Run> = None;
    while let Some(chunk) = queue.take() {
        let ready: Vec<_> = chunk
            .iter()
            .map(|&(k, reason)| (k, reason, prepare_page(k)))
            .collect();
        let read = reading.take().map(|run| run.wait(t));
        reading = Some(Run::start(ready, engine));
        if let Some(read) = read {
            out.extend(finish_run(read, engine, thresholds));
        }
    }
    if let Some(run) = reading {
        out.extend(finish_run(run.wait(t), engine, thresholds));
    }
    out
}

/// A page of a run: ready with Tesseract's words, or failed.
type Read = (
    usize,
    &'static str,
    Result<(Waiting, Vec<ocr::OcrWord>), OcrError>,
);

impl<'p> Run<'p> {
    /// Starts Tesseract on the first group of `pages`.
    fn start(
        pages: Vec<(usize, &'static str, Result<Waiting, OcrError>)>,
        engine: &'p ocr::Tesseract,
    ) -> Run<'p> {
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let key = |w: &Waiting| w.dpi().map(|d| d.round() as u32);
        for (i, (_, _, page)) in pages.iter().enumerate() {
            let Ok(w) = page else { continue };
            match groups.last_mut() {
                Some(g)
                    if g.end == i && pages[g.start].2.as_ref().ok().map(key) == Some(key(w)) =>
                {
                    g.end = i + 1
                }
                _ => groups.push(i..i + 1),
            }
        }
        let mut run = Run {
            pages,
            groups,
            first: None,
            engine,
        };
        if let Some(g) = run.groups.first().cloned() {
            run.first = Some(run.start_group(g));
        }
        run
    }

    /// Starts Tesseract on one group; the counter says how many of its pages were reported
    /// read as Tesseract finished them.
    fn start_group(
        &self,
        g: std::ops::Range<usize>,
    ) -> (Result<ocr::PageRun, OcrError>, Arc<AtomicUsize>) {
        let waiting: Vec<&Waiting> = self.pages[g]
            .iter()
            .filter_map(|(_, _, p)| p.as_ref().ok())
            .collect();
        let files: Vec<&std::path::Path> = waiting.iter().map(|w| w.file()).collect();
        let told = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&told);
        let on_page = Box::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            crate::input::progress::pages_read(1);
        });
        let run = self
            .engine
            .start_pages(&files, waiting.first().and_then(|w| w.dpi()), on_page);
        (run, told)
    }

    /// Waits for Tesseract to read every group (the later ones started in turn). A group whose
    /// run fails is read again a page at a time, so a page that stops Tesseract fails alone.
    fn wait(mut self, t: &OcrThresholds) -> Vec<Read> {
        let groups = std::mem::take(&mut self.groups);
        // The pages that failed before Tesseract are read, as far as the count goes.
        let failed = self.pages.iter().filter(|p| p.2.is_err()).count();
        crate::input::progress::pages_read(failed);
        let mut words: Vec<Option<Result<Vec<ocr::OcrWord>, OcrError>>> =
            (0..self.pages.len()).map(|_| None).collect();
        for (n, g) in groups.into_iter().enumerate() {
            let (run, told) = match (n, self.first.take()) {
                (0, Some(first)) => first,
                _ => self.start_group(g.clone()),
            };
            let read = run.and_then(|r| r.finish(t));
            let reported = told.load(Ordering::Relaxed).min(g.len());
            // A run stopped at its time limit was stopped on the page it had started last (the
            // pages before it done, the pages after it not begun): that page fails alone.
            let hung = match &read {
                Err(e @ OcrError::Tesseract(RunError::Timeout { .. })) => {
                    Some((g.start + reported.min(g.len() - 1), e.clone()))
                }
                _ => None,
            };
            match read {
                Ok(pages) if pages.len() == g.len() => {
                    for (i, w) in g.clone().zip(pages) {
                        words[i] = Some(Ok(w));
                    }
                }
                _ => {
                    for i in g.clone() {
                        words[i] = Some(match (&hung, &self.pages[i].2) {
                            (Some((h, e)), _) if *h == i => Err(e.clone()),
                            (_, Ok(w)) => self.engine.recognize(w.file(), w.dpi(), t),
                            (_, Err(e)) => Err(e.clone()),
                        });
                    }
                }
            }
            crate::input::progress::pages_read(g.len() - reported);
        }
        self.pages
            .into_iter()
            .zip(words)
            .map(|((k, reason, page), words)| {
                let read = match (page, words) {
                    (Ok(w), Some(Ok(words))) => Ok((w, words)),
                    (Ok(_), Some(Err(e))) | (Err(e), _) => Err(e),
                    (Ok(_), None) => Err(OcrError::Crashed),
                };
                (k, reason, read)
            })
            .collect()
    }
}

/// Each page of a run read: its lines, rules and OCR record, or why it failed.
fn finish_run<'a>(
    read: Vec<Read>,
    engine: &'a ocr::Tesseract,
    thresholds: &'a Thresholds,
) -> impl Iterator<Item = (usize, &'static str, OcrResult)> + 'a {
    read.into_iter().map(move |(k, reason, page)| {
        let result = page.and_then(|(waiting, words)| {
            catch_unwind(AssertUnwindSafe(|| {
                finish_page(waiting, words, engine, reason, thresholds)
            }))
            .unwrap_or(Err(OcrError::Crashed))
        });
        (k, reason, result)
    })
}

/// One page's Tesseract words as model lines, with the rules drawn in its scan.
fn finish_page(
    waiting: Waiting,
    mut words: Vec<ocr::OcrWord>,
    engine: &ocr::Tesseract,
    reason: &str,
    thresholds: &Thresholds,
) -> OcrResult {
    let t = &thresholds.ocr;
    let (placement, size, deskew) = match &waiting.parked {
        Some(p) => (p.placement, p.size, p.deskew_degrees),
        None => (
            waiting.image.placement,
            (
                waiting.media.2 / waiting.image.placement.sx,
                waiting.media.3 / waiting.image.placement.sy,
            ),
            0.0,
        ),
    };
    if let Some(p) = &waiting.parked {
        let bands = ocr::reread::stacked_bands(&words, t);
        if !bands.is_empty() {
            words = ocr::reread::reread(engine, &p.image()?, p.dpi, words, &bands, t)?;
        }
    }
    // What skew is left in the words is taken out of their positions.
    let (lines, residual) = ocr::words_to_lines(&words, placement, size, t);
    let skew = deskew + residual;
    // The table borders and shading drawn in the scan, turned like the words.
    let angle = ocr::correction_angle(residual, t);
    let drawn = match &waiting.parked {
        Some(p) => scan_rules::find_in(&p.gray()?, angle, placement, &thresholds.scan_rules),
        None => scan_rules::find(waiting.file(), angle, placement, &thresholds.scan_rules)
            .unwrap_or_default(),
    };
    let lines = scan_rules::drop_rule_glyphs(lines, &drawn.rules, &thresholds.scan_rules);
    let confidence = if words.is_empty() {
        0.0
    } else {
        words.iter().map(|w| w.conf).sum::<f32>() / words.len() as f32
    };
    Ok((
        lines,
        drawn,
        PageOcr {
            reason: reason.to_string(),
            confidence,
            skew,
            embedded_image: waiting.image.embedded,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(queue: &Queue, more_lanes_after: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(run) = queue.take() {
            out.push(run.len());
            if more_lanes_after == Some(out.len()) {
                queue.lanes.fetch_add(1, Ordering::Relaxed);
            }
        }
        out
    }

    #[test]
    fn runs_are_long_for_one_lane_and_shorter_towards_the_end_for_several() {
        let pages: Vec<(usize, &'static str)> = (0..26).map(|k| (k, "scan")).collect();
        let t = OcrThresholds::default();
        assert_eq!((t.first_run_pages, t.pages_per_run), (1, 8));
        // One lane: the first page alone, then full runs.
        assert_eq!(sizes(&Queue::new(&pages, 1, &t), None), [1, 8, 8, 8, 1]);
        // Two lanes: each starts with one page; the runs then share what is left between them.
        assert_eq!(
            sizes(&Queue::new(&pages, 2, &t), None),
            [1, 1, 8, 8, 4, 2, 1, 1]
        );
        // A lane lent after the second run: from then on what is left is shared two ways.
        assert_eq!(
            sizes(&Queue::new(&pages, 1, &t), Some(2)),
            [1, 8, 8, 5, 2, 1, 1]
        );
        let all: usize = sizes(&Queue::new(&pages, 3, &t), None).iter().sum();
        assert_eq!(all, 26, "every page handed out once");
        assert!(Queue::new(&[], 1, &t).take().is_none());
    }
}
