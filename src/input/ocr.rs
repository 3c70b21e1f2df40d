//! Optical character recognition of scanned pages: which pages need it, their page images, the
//! Tesseract program's words, and those words as lines of the document model (positions in
//! points, small skew taken out), so repair and structure read OCR'd pages like any other.
//!
//! Tesseract runs as a program (`tesseract IMAGE stdout -l dan --psm 3 tsv`), one process per
//! page with `OMP_THREAD_LIMIT=1` set in its environment, found at run time: without it, or
//! without its Danish model, pages that need OCR are reported with the Debian package to install
//! and the text-layer pages are still read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::model::{BBox, Line, Style, Word};

/// How a Tesseract run stopped for its time limit begins (the page then fails as `timeout`).
pub const STOPPED_AFTER: &str = "Tesseract stopped after";

/// When pages are OCR'd (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum OcrMode {
    /// Pages whose text layer is missing or unusable.
    #[default]
    Auto,
    /// Every page, whatever its text layer.
    Always,
    /// No page: text layers only.
    Never,
}

impl std::str::FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            _ => Err(format!(
                "unknown OCR mode {s:?} (use auto, always or never)"
            )),
        }
    }
}

/// The thresholds of the OCR decisions and of reading its output, in one place.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Resolution pages are rendered at when their image cannot be taken out as it is.
    pub render_dpi: u32,
    /// A page image drawn over at least this share of the page is "the page".
    pub full_page_image: f32,
    /// A page with fewer characters than this over an image covering at least
    /// `image_over_text` of it has too little text for its ink…
    pub little_text_chars: usize,
    /// …(share of the page area).
    pub image_over_text: f32,
    /// A text layer with at least this many words…
    pub garbage_min_words: usize,
    /// …of which fewer than this share look like words (or, in a Danish document, are Danish
    /// words) is garbage.
    pub garbage_known_share: f32,
    /// A document whose pages are mostly (median) at least this share Danish words is Danish.
    pub danish_document_share: f32,
    /// About this many of a page's words are looked up in the Danish word list.
    pub danish_sample_words: usize,
    /// Seconds one page may take in Tesseract.
    pub page_timeout_secs: u64,
    /// A skew smaller than this (degrees) is left alone; larger ones up to `max_skew` are
    /// taken out of the word positions.
    pub min_skew: f32,
    /// Largest skew corrected (degrees): beyond it the estimate is not trusted.
    pub max_skew: f32,
    /// Ink heights of a Latin font in ems, to read a font size from a word's box: lower-case
    /// letters without ascenders…
    pub x_height_em: f32,
    /// …capitals, digits and ascenders (b, d, f, h, k, l, å) above the baseline…
    pub ascender_em: f32,
    /// …and descenders (g, j, p, q, y) below it.
    pub descender_em: f32,
    /// A line's first "word" no wider or taller than this (ems), set off from the text by at
    /// least `bullet_gap_em`, is a bullet whatever Tesseract read (`e`, `+`, `«`, `…`).
    pub bullet_max_em: f32,
    /// See `bullet_max_em`.
    pub bullet_gap_em: f32,
    /// A line's first word of at most four characters without digits, read with a confidence
    /// below `attachment_max_conf`, and followed by a tab-wide gap of at least this many ems is
    /// the `./.` attachment marker (Tesseract reads it as `J.`, `fe`, `ad`, …).
    pub attachment_gap_em: f32,
    /// See `attachment_gap_em`.
    pub attachment_max_conf: f32,
    /// A dash between words at least this wide (ems of ink) is an en dash, a narrower one a
    /// hyphen (Tesseract reads both as either).
    pub en_dash_min_em: f32,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    render_dpi: 200,
    full_page_image: 0.9,
    little_text_chars: 100,
    image_over_text: 0.5,
    garbage_min_words: 20,
    garbage_known_share: 0.3,
    danish_document_share: 0.5,
    danish_sample_words: 40,
    page_timeout_secs: 120,
    min_skew: 0.05,
    max_skew: 3.0,
    x_height_em: 0.5,
    ascender_em: 0.72,
    descender_em: 0.21,
    bullet_max_em: 0.45,
    bullet_gap_em: 0.5,
    attachment_gap_em: 1.8,
    attachment_max_conf: 85.0,
    en_dash_min_em: 0.32,
};

/// Characters that reach below the baseline: words with them do not mark it.
const BELOW_BASELINE: &str = "gjpqyç,;()[]{}/|";

/// The Debian packages that provide OCR, for messages.
pub const OCR_PACKAGES: &str = "tesseract-ocr tesseract-ocr-dan";

/// The Tesseract program, found and checked once per run.
#[derive(Debug)]
pub struct Tesseract {
    program: PathBuf,
    /// `tesseract --version`'s first line.
    pub version: String,
}

/// Tesseract with its Danish model, or why it cannot be used (naming the package to install).
/// `KL_EXTRACT_TESSERACT` names another program to run instead of `tesseract`.
pub fn tesseract() -> Result<&'static Tesseract, &'static str> {
    static FOUND: OnceLock<Result<Tesseract, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let program = std::env::var_os("KL_EXTRACT_TESSERACT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("tesseract"));
            let missing = || {
                format!(
                    "OCR is not available: the Tesseract program ({}) was not found; install the Debian packages {OCR_PACKAGES}",
                    program.display()
                )
            };
            let version = run(Command::new(&program).arg("--version"), Duration::from_secs(30))
                .map_err(|_| missing())?;
            let langs = run(Command::new(&program).arg("--list-langs"), Duration::from_secs(30))
                .map_err(|_| missing())?;
            if !langs.lines().any(|l| l.trim() == "dan") {
                return Err(
                    "OCR is not available: Tesseract's Danish model is missing; install the Debian package tesseract-ocr-dan"
                        .to_string(),
                );
            }
            Ok(Tesseract {
                program,
                version: version.lines().next().unwrap_or("tesseract").to_string(),
            })
        })
        .as_ref()
        .map_err(String::as_str)
}

/// Runs a command to its end within `limit`; its standard output (stdout and stderr together
/// for `--version`, which older versions print on stderr).
fn run(cmd: &mut Command, limit: Duration) -> Result<String, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
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
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{STOPPED_AFTER} {} s", limit.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        return Err(format!(
            "exited with {status}: {}",
            msg.lines().last().unwrap_or("")
        ));
    }
    let mut s = String::from_utf8_lossy(&out).into_owned();
    if s.trim().is_empty() {
        s = String::from_utf8_lossy(&err).into_owned();
    }
    Ok(s)
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

/// Where a page image lies on the page: model points (origin top-left) of a pixel are
/// `x0 + px * sx`, `top + py * sy`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub x0: f32,
    pub top: f32,
    pub sx: f32,
    pub sy: f32,
}

/// A page image written to a temporary file for Tesseract.
pub struct PageImage {
    /// The file (removed when dropped).
    pub file: tempfile::TempPath,
    /// How its pixels map to the page.
    pub placement: Placement,
    /// Whether it was taken out of the PDF as it is (else rendered).
    pub embedded: bool,
}

/// An image XObject drawn on a page, and where.
struct Drawn {
    id: lopdf::ObjectId,
    /// The image's unit square mapped to PDF space: `[a b c d e f]`.
    ctm: [f32; 6],
}

fn mul(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    // m then n (row vectors): [x y 1] · m · n
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// The images drawn directly by a page's content stream (not inside forms), with their
/// placement.
fn drawn_images(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<Drawn> {
    let Ok(content) = doc.get_and_decode_page_content(page) else {
        return Vec::new();
    };
    // XObject names → image object ids, from the page's own and inherited resources.
    let mut names: Vec<(Vec<u8>, lopdf::ObjectId)> = Vec::new();
    if let Ok((own, inherited)) = doc.get_page_resources(page) {
        let mut dicts: Vec<&lopdf::Dictionary> = own.into_iter().collect();
        dicts.extend(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        );
        for res in dicts {
            let xobjects = match res.get(b"XObject") {
                Ok(lopdf::Object::Reference(id)) => doc.get_dictionary(*id).ok(),
                Ok(lopdf::Object::Dictionary(d)) => Some(d),
                _ => None,
            };
            for (name, v) in xobjects.into_iter().flat_map(|d| d.iter()) {
                if let Ok(id) = v.as_reference() {
                    let is_image = doc
                        .get_object(id)
                        .and_then(|o| o.as_stream())
                        .ok()
                        .and_then(|s| s.dict.get(b"Subtype").ok())
                        .and_then(|s| s.as_name().ok())
                        == Some(b"Image".as_slice());
                    if is_image && !names.iter().any(|(n, _)| n == name) {
                        names.push((name.clone(), id));
                    }
                }
            }
        }
    }
    let num = |o: &lopdf::Object| o.as_float().ok();
    let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" if op.operands.len() == 6 => {
                let v: Vec<f32> = op.operands.iter().filter_map(num).collect();
                if v.len() == 6 {
                    ctm = mul([v[0], v[1], v[2], v[3], v[4], v[5]], ctm);
                }
            }
            "Do" => {
                if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                    if let Some((_, id)) = names.iter().find(|(n, _)| n.as_slice() == name) {
                        out.push(Drawn { id: *id, ctm });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Share of the page area covered by images drawn on it (their boxes, overlaps counted once
/// only roughly: the sum, capped at 1).
pub fn image_coverage(doc: &lopdf::Document, page: lopdf::ObjectId, area: f32) -> f32 {
    let covered: f32 = drawn_images(doc, page)
        .iter()
        .map(|d| {
            let m = d.ctm;
            // Area of the parallelogram spanned by the image's unit square.
            (m[0] * m[3] - m[1] * m[2]).abs()
        })
        .sum();
    (covered / area.max(1.0)).min(1.0)
}

/// The page's image for OCR: the one embedded image drawn over the whole page, taken out as it
/// is (JPEG bytes, or 8-bit grey/RGB Flate pixels as PNM), else the page rendered with
/// `pdftoppm` at `render_dpi`.
pub fn page_image(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    number: u32,
    media: (f32, f32, f32, f32),
    pdf_path: &dyn Fn() -> Result<PathBuf, String>,
    t: &Thresholds,
) -> Result<PageImage, String> {
    let (mx0, my0, width, height) = media;
    let drawn = drawn_images(doc, page);
    if let [d] = drawn.as_slice() {
        let m = d.ctm;
        let upright = m[1].abs() < 1e-3 && m[2].abs() < 1e-3 && m[0] > 0.0 && m[3] > 0.0;
        if upright && m[0] * m[3] >= t.full_page_image * width * height {
            if let Some(img) = embedded_image(doc, d, (mx0, my0, height)) {
                return Ok(img);
            }
        }
    }
    render_page(&pdf_path()?, number, t)
}

/// Writes the drawn image's bytes as a file Tesseract reads, when its encoding allows.
fn embedded_image(doc: &lopdf::Document, d: &Drawn, page: (f32, f32, f32)) -> Option<PageImage> {
    let (mx0, my0, height) = page;
    let stream = doc.get_object(d.id).ok()?.as_stream().ok()?;
    let dict = &stream.dict;
    let w = dict.get(b"Width").ok()?.as_i64().ok()? as f32;
    let h = dict.get(b"Height").ok()?.as_i64().ok()? as f32;
    let filters: Vec<Vec<u8>> = match dict.get(b"Filter") {
        Ok(lopdf::Object::Name(n)) => vec![n.clone()],
        Ok(lopdf::Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    };
    let (bytes, suffix) = match filters.as_slice() {
        [f] if f == b"DCTDecode" => (stream.content.clone(), ".jpg"),
        [f] if f == b"FlateDecode" => {
            let bpc = dict.get(b"BitsPerComponent").ok()?.as_i64().ok()?;
            let channels = match dict.get(b"ColorSpace").ok()?.as_name().ok()? {
                b"DeviceGray" => 1,
                b"DeviceRGB" => 3,
                _ => return None,
            };
            if bpc != 8 || dict.has(b"DecodeParms") {
                return None;
            }
            let raw = stream.decompressed_content().ok()?;
            if raw.len() != (w * h) as usize * channels {
                return None;
            }
            let magic = if channels == 1 { "P5" } else { "P6" };
            let mut pnm = format!("{magic}\n{} {}\n255\n", w as u32, h as u32).into_bytes();
            pnm.extend_from_slice(&raw);
            (pnm, ".pnm")
        }
        _ => return None,
    };
    let mut file = tempfile::Builder::new()
        .prefix("kl-extract-page-")
        .suffix(suffix)
        .tempfile()
        .ok()?;
    std::io::Write::write_all(&mut file, &bytes).ok()?;
    let m = d.ctm;
    let top_y = my0 + height;
    Some(PageImage {
        file: file.into_temp_path(),
        placement: Placement {
            x0: m[4] - mx0,
            // The image's top row is at PDF y = f + d.
            top: top_y - (m[5] + m[3]),
            sx: m[0] / w,
            sy: m[3] / h,
        },
        embedded: true,
    })
}

/// The page rendered, for files whose structure lopdf could not read.
pub fn page_image_rendered(pdf: &Path, number: u32, t: &Thresholds) -> Result<PageImage, String> {
    render_page(pdf, number, t)
}

/// Renders one page with `pdftoppm` (poppler-utils) as a grey image.
fn render_page(pdf: &Path, number: u32, t: &Thresholds) -> Result<PageImage, String> {
    let dir = tempfile::Builder::new()
        .prefix("kl-extract-render-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let stem = dir.path().join("page");
    let n = number.to_string();
    run(
        Command::new("pdftoppm")
            .args(["-r", &t.render_dpi.to_string(), "-gray", "-singlefile"])
            .args(["-f", &n, "-l", &n])
            .arg(pdf)
            .arg(&stem),
        Duration::from_secs(t.page_timeout_secs),
    )
    .map_err(|e| {
        if e.contains("No such file") || e.contains("not found") {
            "the page must be rendered for OCR but pdftoppm was not found; install the Debian package poppler-utils".to_string()
        } else {
            format!("pdftoppm could not render the page: {e}")
        }
    })?;
    let rendered = dir.path().join("page.pgm");
    let file = tempfile::Builder::new()
        .prefix("kl-extract-page-")
        .suffix(".pgm")
        .tempfile()
        .map_err(|e| format!("cannot make a temporary file: {e}"))?
        .into_temp_path();
    std::fs::copy(&rendered, &file).map_err(|e| format!("pdftoppm wrote no image: {e}"))?;
    let scale = 72.0 / t.render_dpi as f32;
    Ok(PageImage {
        file,
        placement: Placement {
            x0: 0.0,
            top: 0.0,
            sx: scale,
            sy: scale,
        },
        embedded: false,
    })
}

impl Tesseract {
    /// Recognises one page image: its words in Tesseract's reading order.
    pub fn recognize(&self, image: &Path, t: &Thresholds) -> Result<Vec<OcrWord>, String> {
        let tsv = run(
            Command::new(&self.program)
                .arg(image)
                .arg("stdout")
                .args(["-l", "dan", "--psm", "3", "tsv"])
                // One thread per Tesseract process: the batch runs one per worker, and OpenMP
                // threads on top oversubscribe the cores (7× slower, measured).
                .env("OMP_THREAD_LIMIT", "1"),
            Duration::from_secs(t.page_timeout_secs),
        )
        .map_err(|e| format!("Tesseract failed: {e}"))?;
        Ok(parse_tsv(&tsv))
    }
}

/// The page's skew in degrees (positive: lines fall to the right): the median over
/// Tesseract's lines of the slope of their baseline, fitted (least squares) through the bottoms
/// of words without descenders; 0 when too little to tell.
pub fn skew_degrees(words: &[OcrWord]) -> f32 {
    let mut slopes = Vec::new();
    for line in words.chunk_by(|a, b| a.line == b.line) {
        let points: Vec<(f32, f32)> = line
            .iter()
            .filter(|w| {
                w.text.chars().any(char::is_alphanumeric)
                    && !w.text.chars().any(|c| BELOW_BASELINE.contains(c))
            })
            .map(|w| (w.left + w.width / 2.0, w.top + w.height))
            .collect();
        if points.len() < 2 {
            continue;
        }
        let n = points.len() as f32;
        let mx = points.iter().map(|p| p.0).sum::<f32>() / n;
        let my = points.iter().map(|p| p.1).sum::<f32>() / n;
        let sxx: f32 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f32 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let span = points.iter().map(|p| p.0).fold(f32::MIN, f32::max)
            - points.iter().map(|p| p.0).fold(f32::MAX, f32::min);
        if span > 150.0 && sxx > 0.0 {
            slopes.push(sxy / sxx);
        }
    }
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.sort_by(f32::total_cmp);
    slopes[slopes.len() / 2].atan().to_degrees()
}

/// The turn (radians) that takes a measured skew out: none when it is too small to matter or
/// too large to trust.
pub fn correction_angle(skew: f32, t: &Thresholds) -> f32 {
    if skew.abs() >= t.min_skew && skew.abs() <= t.max_skew {
        -skew.to_radians()
    } else {
        0.0
    }
}

/// Tesseract's words as model lines: pixel boxes mapped to page points, the page's skew taken
/// out (each word turned about the image centre), one line per Tesseract line, a word's size
/// from its line's height. OCR gives no font, weight or slant: words carry the font name `ocr`.
pub fn words_to_lines(
    words: &[OcrWord],
    placement: Placement,
    image_size: (f32, f32),
    t: &Thresholds,
) -> (Vec<Line>, f32) {
    let skew = skew_degrees(words);
    let angle = correction_angle(skew, t);
    let (cx, cy) = (image_size.0 / 2.0, image_size.1 / 2.0);
    let (sin, cos) = angle.sin_cos();
    let turn = |x: f32, y: f32| -> (f32, f32) {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
    };
    let font: Arc<str> = Arc::from(crate::model::OCR_FONT);
    let mut lines = Vec::new();
    for group in words.chunk_by(|a, b| a.line == b.line) {
        // Turn each word's centre, keep its size.
        let boxes: Vec<(f32, f32, f32, f32)> = group
            .iter()
            .map(|w| {
                let (mx, my) = turn(w.left + w.width / 2.0, w.top + w.height / 2.0);
                (
                    mx - w.width / 2.0,
                    my - w.height / 2.0,
                    mx + w.width / 2.0,
                    my + w.height / 2.0,
                )
            })
            .collect();
        let top = boxes.iter().map(|b| b.1).fold(f32::INFINITY, f32::min);
        let bottom = boxes.iter().map(|b| b.3).fold(f32::NEG_INFINITY, f32::max);
        // The size most of the line's letters say, from each word's own box.
        let mut sizes: Vec<(f32, usize)> = group
            .iter()
            .filter_map(|w| {
                let em = ink_height_em(&w.text, t)?;
                Some((w.height * placement.sy / em, w.text.chars().count()))
            })
            .collect();
        let size = crate::model::weighted_median(&mut sizes)
            .unwrap_or((bottom - top) * placement.sy / (t.ascender_em + t.descender_em));
        // Lines are placed by their baseline (the bottom of words without descenders), not by
        // their ink, so that the distance between lines does not depend on which letters they
        // hold: the line box runs from an ascender's height above it to a descender below.
        let mut bases: Vec<f32> = group
            .iter()
            .zip(&boxes)
            .filter(|(w, _)| {
                ink_height_em(&w.text, t).is_some()
                    && !w.text.chars().any(|c| BELOW_BASELINE.contains(c))
            })
            .map(|(_, b)| b.3)
            .collect();
        bases.sort_by(f32::total_cmp);
        let em_px = size / placement.sy;
        let base = bases
            .get(bases.len() / 2)
            .copied()
            .unwrap_or(bottom - t.descender_em * em_px);
        let (top, bottom) = (base - t.ascender_em * em_px, base + t.descender_em * em_px);
        let texts = read_marks(group, em_px, t);
        let mut ws: Vec<Word> = group
            .iter()
            .zip(&boxes)
            .zip(texts)
            .map(|((_, b), text)| Word {
                text,
                bbox: BBox::new(
                    placement.x0 + b.0 * placement.sx,
                    placement.top + top * placement.sy,
                    placement.x0 + b.2 * placement.sx,
                    placement.top + bottom * placement.sy,
                ),
                style: Style {
                    font: font.clone(),
                    size,
                    bold: false,
                    italic: false,
                },
            })
            .filter(|w| !w.text.is_empty())
            .collect();
        ws.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        if !ws.is_empty() {
            lines.push(Line::new(ws));
        }
    }
    lines.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    (lines, skew)
}

/// The text of one Tesseract line's words, with what Tesseract cannot read put right: list
/// bullets and the `./.` attachment marker (known by their size and the gap after them), and
/// dashes (Tesseract reads the Danish spaced en dash as an em dash or a hyphen; the em dash is
/// not used in these documents). `em` is the line's font size in pixels.
fn read_marks(group: &[OcrWord], em: f32, t: &Thresholds) -> Vec<String> {
    let mut out: Vec<String> = group.iter().map(|w| w.text.replace('—', "–")).collect();
    // A dash standing alone between words: an en dash when it is as wide as one.
    for (text, w) in out.iter_mut().zip(group).skip(1) {
        if matches!(text.as_str(), "-" | "–" | "–-" | "-–" | "--" | "−") {
            *text = if w.width >= t.en_dash_min_em * em {
                "–".into()
            } else {
                "-".into()
            };
        }
    }
    for (k, w) in group.iter().enumerate() {
        let Some(next) = group.get(k + 1) else {
            break;
        };
        // Marks only open a line, or follow a bullet.
        if k > 1 || k == 1 && out[0] != "•" {
            break;
        }
        let gap = next.left - (w.left + w.width);
        let no_digits = !w.text.chars().any(|c| c.is_ascii_digit());
        let small = w.width <= t.bullet_max_em * em && w.height <= t.bullet_max_em * em;
        let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
        if k == 0 && small && no_digits && letters <= 1 && gap >= t.bullet_gap_em * em {
            // A flat mark is a dash bullet, anything else a round one.
            out[k] = if w.height * 4.0 < w.width {
                "-".into()
            } else {
                "•".into()
            };
        } else if no_digits
            && w.text.chars().count() <= 4
            && w.conf < t.attachment_max_conf
            && gap >= t.attachment_gap_em * em
        {
            out[k] = "./.".into();
        }
    }
    out
}

/// How tall a word's ink is, in ems, from the kinds of letters in it (`None` when it has no
/// letters or digits to tell by).
fn ink_height_em(text: &str, t: &Thresholds) -> Option<f32> {
    let (mut tall, mut low, mut any) = (false, false, false);
    for c in text.chars() {
        if c.is_uppercase() || c.is_ascii_digit() || "bdfhkltiåj".contains(c) {
            tall = true;
        }
        if "gjpqyç".contains(c) {
            low = true;
        }
        any |= c.is_alphanumeric();
    }
    if !any {
        return None;
    }
    let top = if tall { t.ascender_em } else { t.x_height_em };
    Some(top + if low { t.descender_em } else { 0.0 })
}

/// How word-like a page's text layer is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordShares {
    /// Characters of text (without spaces).
    pub chars: usize,
    /// Tokens of three or more characters.
    pub tokens: usize,
    /// Share of those tokens that look like words in any language: letters only (any script),
    /// and a vowel when they are Latin. Garbage from a font without a Unicode map is symbols,
    /// private-use characters and runs of consonants.
    pub wordlike: f32,
    /// Share of the sampled Latin tokens the Danish word list knows (`None` without the list
    /// or with too few Latin tokens). Exact below the `decide_at` share [`word_shares`] was
    /// given; at or above it, a lower bound that is still at or above it (the look-ups stop
    /// there).
    pub danish: Option<f32>,
}

/// Measures a page's text layer. The Danish share is only ever compared with a threshold, so
/// it is exact only below `decide_at`: `garbage_known_share` tells which pages fall below it,
/// `danish_document_share` gives the document's median too.
pub fn word_shares(
    lines: &[Line],
    known_word: &dyn Fn(&str) -> Option<bool>,
    decide_at: f32,
    t: &Thresholds,
) -> WordShares {
    let chars: usize = lines
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| w.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let tokens: Vec<&str> = lines
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| w.text.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3)
        // Figures are neither words nor garbage.
        .filter(|w| {
            !w.chars()
                .all(|c| c.is_ascii_digit() || ".,:/%-".contains(c))
        })
        .collect();
    let latin = |c: char| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c);
    let wordlike = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !w.chars().any(|c| ('\u{e000}'..='\u{f8ff}').contains(&c))
            && (!w.chars().any(latin)
                || w.chars()
                    .any(|c| "aeiouyæøåAEIOUYÆØÅéÉáàäöüÄÖÜ".contains(c)))
    };
    let latin_words: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|w| w.chars().all(latin))
        .collect();
    // A sample spread over the page is enough to tell Danish from garbage, and the word list
    // is too slow to ask about every word of every page.
    let step = (latin_words.len() / t.danish_sample_words).max(1);
    let mut sample: Vec<&str> = latin_words.iter().copied().step_by(step).collect();
    WordShares {
        chars,
        tokens: tokens.len(),
        wordlike: if tokens.is_empty() {
            1.0
        } else {
            tokens.iter().filter(|w| wordlike(w)).count() as f32 / tokens.len() as f32
        },
        danish: danish_share(&mut sample, known_word, decide_at, t),
    }
}

/// The share of `sample` the word list knows, exact below `decide_at`: the look-ups stop once
/// that share is known, and go shortest word first (a long compound costs the word list a
/// hundred times a short word).
fn danish_share(
    sample: &mut [&str],
    known_word: &dyn Fn(&str) -> Option<bool>,
    decide_at: f32,
    t: &Thresholds,
) -> Option<f32> {
    if sample.len() < t.garbage_min_words {
        return None;
    }
    let enough = (decide_at * sample.len() as f32).ceil() as usize;
    sample.sort_by_key(|w| (w.len(), *w));
    let mut known = 0;
    for w in sample.iter() {
        match known_word(w) {
            None => return None,
            Some(true) => known += 1,
            Some(false) => {}
        }
        if known >= enough {
            break;
        }
    }
    Some(known as f32 / sample.len() as f32)
}

/// Why a page's text layer cannot be used, when it cannot: no text over an image, too little
/// text for the image over it, or text that is not words — by its form in any language, or,
/// in a document whose other pages are Danish (`document_danish`: the median Danish share of
/// its pages), by the Danish word list (a font without a Unicode map on some pages).
pub fn unusable_text_layer(
    page: &WordShares,
    image_share: f32,
    document_danish: Option<f32>,
    t: &Thresholds,
) -> Option<&'static str> {
    if page.chars == 0 {
        return (image_share > 0.0).then_some("no text layer");
    }
    if page.chars < t.little_text_chars && image_share >= t.image_over_text {
        return Some("little text over a page image");
    }
    if page.tokens < t.garbage_min_words {
        return None;
    }
    if page.wordlike < t.garbage_known_share {
        return Some("text layer is not words");
    }
    match (page.danish, document_danish) {
        (Some(p), Some(d)) if d >= t.danish_document_share && p < t.garbage_known_share => {
            Some("text layer is not Danish words")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
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
    fn pixels_become_points_one_line_per_tesseract_line() {
        let w = parse_tsv(TSV);
        let scale = 72.0 / 200.0;
        let p = Placement {
            x0: 0.0,
            top: 0.0,
            sx: scale,
            sy: scale,
        };
        let (lines, skew) = words_to_lines(&w, p, (1654.0, 2339.0), &THRESHOLDS);
        assert_eq!(skew, 0.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "Indstilling Det");
        assert!((lines[0].words[0].bbox.x0 - 72.0).abs() < 0.01);
        assert!((lines[1].words[0].bbox.top - 129.6).abs() < 0.01);
    }

    #[test]
    fn skew_is_measured_and_taken_out() {
        // Three lines of four words, falling 1 px per 100 px (0.57°).
        let mut words = Vec::new();
        for line in 0..3u32 {
            for k in 0..4 {
                let left = 100.0 + 300.0 * k as f32;
                words.push(OcrWord {
                    line: (1, 1, line),
                    left,
                    top: 200.0 + 100.0 * line as f32 + left / 100.0,
                    width: 200.0,
                    height: 30.0,
                    conf: 90.0,
                    text: "ord".into(),
                });
            }
        }
        let skew = skew_degrees(&words);
        assert!((skew - 0.573).abs() < 0.01, "{skew}");
        let p = Placement {
            x0: 0.0,
            top: 0.0,
            sx: 1.0,
            sy: 1.0,
        };
        let (lines, _) = words_to_lines(&words, p, (1200.0, 600.0), &THRESHOLDS);
        for l in &lines {
            let tops: Vec<f32> = l.words.iter().map(|w| w.bbox.top).collect();
            assert!(tops.iter().all(|t| (t - tops[0]).abs() < 0.5), "{tops:?}");
        }
    }

    #[test]
    fn danish_share_stops_once_decided_and_is_exact_below() {
        let t = &THRESHOLDS;
        // The early stop is only exact if the page threshold is not above the document one.
        assert!(t.garbage_known_share <= t.danish_document_share);
        let words: Vec<String> = (0..40).map(|k| format!("ord{k:02}")).collect();
        let mut sample: Vec<&str> = words.iter().map(String::as_str).collect();
        let asked = std::cell::Cell::new(0);
        let all_known = |_: &str| {
            asked.set(asked.get() + 1);
            Some(true)
        };
        let half = t.danish_document_share;
        assert_eq!(danish_share(&mut sample, &all_known, half, t), Some(0.5));
        assert_eq!(asked.get(), 20, "stops once half the sample is known");
        asked.set(0);
        assert_eq!(danish_share(&mut sample, &all_known, 0.3, t), Some(0.3));
        assert_eq!(asked.get(), 12);
        let quarter_known = |w: &str| Some(w < "ord10");
        assert_eq!(
            danish_share(&mut sample, &quarter_known, half, t),
            Some(0.25)
        );
        assert_eq!(
            danish_share(&mut sample, &quarter_known, 0.3, t),
            Some(0.25)
        );
        assert_eq!(danish_share(&mut sample, &|_: &str| None, half, t), None);
        assert_eq!(danish_share(&mut sample[..19], &all_known, half, t), None);
    }

    #[test]
    fn unusable_text_layers_are_told_apart() {
        let none = |_: &str| None;
        let line = |text: &str| {
            Line::new(
                text.split(' ')
                    .enumerate()
                    .map(|(k, t)| Word {
                        text: t.into(),
                        bbox: BBox::new(k as f32 * 30.0, 0.0, k as f32 * 30.0 + 25.0, 10.0),
                        style: Style {
                            font: Arc::from("f"),
                            size: 10.0,
                            bold: false,
                            italic: false,
                        },
                    })
                    .collect(),
            )
        };
        let t = &THRESHOLDS;
        let judge = |lines: &[Line], image: f32, doc: Option<f32>| {
            unusable_text_layer(&word_shares(lines, &none, 0.5, t), image, doc, t)
        };
        assert_eq!(judge(&[], 1.0, None), Some("no text layer"));
        assert_eq!(judge(&[], 0.0, None), None);
        assert_eq!(
            judge(&[line("Side 3")], 0.95, None),
            Some("little text over a page image")
        );
        let danish = [line(
            "Det indstilles at KKR Nordjylland tager orienteringen til efterretning og at kommunerne drøfter hvordan opgaven løses bedst muligt i den kommende periode med samarbejde",
        )];
        assert_eq!(judge(&danish, 0.0, None), None);
        let garbage = [line(
            "#$% Bkdq ]]] Xgtr !!^ Qwrt 1#2 Zzkk ~~~ Ptrk %%% Hjkl &&& Mnbv @@@ Wxcv Rtzp ))) Sdfg Lkjh Vbnm Qqqq Tttt Kkkk Dddd Ffff Grrt Bnnx Cvvk Jkkl",
        )];
        assert_eq!(judge(&garbage, 0.0, None), Some("text layer is not words"));
        // Other scripts are words too.
        let arabic = [line(
            "هذا نص عربي طويل بما يكفي لكي يحكم عليه كنص حقيقي وليس كحروف عشوائية من خط بدون خريطة يونيكود في ملف الوثيقة هذه مرة أخرى للتأكد",
        )];
        assert_eq!(judge(&arabic, 0.0, None), None);
        // The Danish word list judges only in a Danish document.
        let english = [line(
            "The committee approved the budget for the coming year and asked the administration to report back on the progress of the regional climate plan before the summer break",
        )];
        let not_danish = |w: &str| Some(w == "budget" || w == "plan");
        let shares = word_shares(&english, &not_danish, t.danish_document_share, t);
        assert_eq!(unusable_text_layer(&shares, 0.0, None, t), None);
        assert_eq!(unusable_text_layer(&shares, 0.0, Some(0.2), t), None);
        assert_eq!(
            unusable_text_layer(&shares, 0.0, Some(0.8), t),
            Some("text layer is not Danish words")
        );
    }
}
