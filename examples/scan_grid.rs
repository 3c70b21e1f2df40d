//! The poor-scan grid (issue 22): text-layer renders with truth degraded over resolutions,
//! skews, JPEG qualities and noise (`tests/common/degrade.rs`), read by the pipeline and scored
//! against their truth; the OCR preparation's steps switched off one at a time (what each
//! bought); and OCR speed per page against the `tesseract` program alone on the same page
//! images. Prints markdown tables. Run by `bench/scan_grid.sh`:
//!
//! ```text
//! cargo run --release --example scan_grid -- [grid|ablation|speed|all]
//! cargo run --release --example scan_grid -- one DPI SKEW QUALITY NOISE   (one cell, details)
//! cargo run --release --example scan_grid -- corpus                      (the 200 dpi scans)
//! ```
//!
//! `SCAN_GRID_OCR='{"binarise_k":0.3}'` overrides OCR thresholds (JSON, by name);
//! `SCAN_GRID_SOURCES=a_sans` picks sources by name; `SCAN_GRID_KEEP=DIR` keeps the scans.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::degrade::{degrade_pdf, Degrade, Figures, Source, CORPUS_SCANS, SOURCES};
use kl_extract::pipeline::{self, FileResult};
use kl_extract::settings::Settings;

/// The grid's sample: one render of each house style (a LibreOffice agenda, a Word minutes).
const SAMPLE: [&str; 2] = ["a_sans/seed_001", "word_rules/seed_000"];

/// Noise of the grid cells that do not vary it.
const SIGMA: f32 = 12.0;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("all", String::as_str);
    let mut grid = Grid::new();
    match what {
        "one" => {
            let num = |k: usize, d: f32| args.get(k).and_then(|a| a.parse().ok()).unwrap_or(d);
            let p = Degrade {
                dpi: num(1, 150.0) as u32,
                skew_degrees: num(2, 1.5),
                jpeg_quality: num(3, 60.0) as u8,
                noise_sigma: num(4, SIGMA),
                ..Degrade::POOR
            };
            let settings = grid.settings.clone();
            let all = grid.read(Some(&p), &selected(&SOURCES), &settings, true);
            println!("ALL {}: {}", p.label(), all.line());
        }
        "corpus" => {
            let settings = grid.settings.clone();
            let all = grid.read(None, &selected(&CORPUS_SCANS), &settings, true);
            println!("ALL corpus scans: {}", all.line());
        }
        _ => {
            println!("# Poor scans: kl-extract {}", env!("CARGO_PKG_VERSION"));
            println!();
            println!("Tesseract: {}", tesseract_version());
            println!();
            if matches!(what, "grid" | "all") {
                grid.cer_tables();
            }
            if matches!(what, "ablation" | "all") {
                grid.ablation();
            }
            if matches!(what, "speed" | "all") {
                speed(&mut grid);
            }
        }
    }
}

/// The sources named in `SCAN_GRID_SOURCES` (all when unset).
fn selected(sources: &[Source]) -> Vec<Source> {
    let only = std::env::var("SCAN_GRID_SOURCES").unwrap_or_default();
    sources
        .iter()
        .filter(|s| only.is_empty() || only.split(',').any(|o| s.name.contains(o)))
        .copied()
        .collect()
}

/// Scans made once per degradation, and the settings read with.
struct Grid {
    dir: PathBuf,
    _temp: tempfile::TempDir,
    scans: HashMap<(String, String), PathBuf>,
    settings: Settings,
}

impl Grid {
    fn new() -> Grid {
        let temp = tempfile::tempdir().unwrap();
        let dir = std::env::var_os("SCAN_GRID_KEEP")
            .map(PathBuf::from)
            .unwrap_or_else(|| temp.path().to_path_buf());
        let mut settings = Settings::default();
        if let Ok(patch) = std::env::var("SCAN_GRID_OCR") {
            settings.input.ocr = patched(settings.input.ocr, &patch);
        }
        Grid {
            dir,
            _temp: temp,
            scans: HashMap::new(),
            settings,
        }
    }

    /// The scan of `s` degraded by `p` (made on first use), or `s` itself for `None`.
    fn scan(&mut self, s: &Source, p: Option<&Degrade>) -> PathBuf {
        let Some(p) = p else {
            return s.pdf_path();
        };
        let key = (s.name.to_string(), p.label());
        if let Some(f) = self.scans.get(&key) {
            return f.clone();
        }
        let f = self
            .dir
            .join(format!("{}-{}.pdf", s.name.replace('/', "_"), p.label()));
        degrade_pdf(&s.pdf_path(), &f, p).unwrap();
        self.scans.insert(key, f.clone());
        f
    }

    /// Reads the scans of `sources` (degraded by `p`) under `settings`; their figures together
    /// (and each document's, with details, when `loud`).
    fn read(
        &mut self,
        p: Option<&Degrade>,
        sources: &[Source],
        settings: &Settings,
        loud: bool,
    ) -> Figures {
        let mut all = Figures::default();
        for s in sources {
            let file = self.scan(s, p);
            let clock = Instant::now();
            let r = process(&file, s.name, settings);
            let seconds = clock.elapsed().as_secs_f64();
            let t = s.truth();
            if loud {
                let mut f = Figures::default();
                f.add(s.name, &r, &t);
                println!("{:<22} {} ({seconds:.1} s)", s.name, f.line());
                for x in f.problems.iter().take(12) {
                    println!("    {x}");
                }
                if !f.code_repairs.is_empty() {
                    println!("    code repairs: {}", f.code_repairs.join(", "));
                }
                for (_, w) in f.worst_sections.iter().take(8) {
                    println!("    {w}");
                }
                for x in f.tables.problems.iter().take(usize::MAX) {
                    println!("    table {x}");
                }
            }
            all.add(s.name, &r, &t);
            all.seconds += seconds;
        }
        all
    }

    /// Section-text CER by resolution × JPEG quality, resolution × skew, and noise, on the
    /// sample (per house style).
    fn cer_tables(&mut self) {
        let sample: Vec<Source> = SOURCES
            .iter()
            .filter(|s| SAMPLE.contains(&s.name))
            .copied()
            .collect();
        let settings = self.settings.clone();
        let cell = |g: &mut Grid, p: Degrade| -> String {
            let figures: Vec<Figures> = sample
                .iter()
                .map(|s| g.read(Some(&p), std::slice::from_ref(s), &settings, false))
                .collect();
            eprintln!(
                "{}: {}",
                p.label(),
                figures
                    .iter()
                    .map(Figures::line)
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            figures
                .iter()
                .map(|f| format!("{:.2} %", f.cer()))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let names = sample
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(" / ");
        let base = Degrade {
            noise_sigma: SIGMA,
            ..Degrade::POOR
        };
        println!("## Section-text CER by resolution and JPEG quality");
        println!();
        println!(
            "Skew {}°, noise σ {SIGMA}; each cell: {names}.",
            base.skew_degrees
        );
        println!();
        let qualities = [50u8, 70, 90];
        println!(
            "| dpi | {} |",
            qualities.map(|q| format!("JPEG {q}")).join(" | ")
        );
        println!("|---|{}", "---|".repeat(qualities.len()));
        for dpi in [150u32, 200, 300] {
            let row: Vec<String> = qualities
                .iter()
                .map(|&q| {
                    cell(
                        self,
                        Degrade {
                            dpi,
                            jpeg_quality: q,
                            ..base
                        },
                    )
                })
                .collect();
            println!("| {dpi} | {} |", row.join(" | "));
        }
        println!();
        println!("## Section-text CER by resolution and skew");
        println!();
        println!(
            "JPEG {}, noise σ {SIGMA}; each cell: {names}.",
            base.jpeg_quality
        );
        println!();
        let skews = [0.5f32, 1.0, 2.0];
        println!("| dpi | {} |", skews.map(|s| format!("{s}°")).join(" | "));
        println!("|---|{}", "---|".repeat(skews.len()));
        for dpi in [150u32, 200, 300] {
            let row: Vec<String> = skews
                .iter()
                .map(|&skew| {
                    cell(
                        self,
                        Degrade {
                            dpi,
                            skew_degrees: skew,
                            ..base
                        },
                    )
                })
                .collect();
            println!("| {dpi} | {} |", row.join(" | "));
        }
        println!();
        println!("## Section-text CER by noise");
        println!();
        println!(
            "150 dpi, skew {}°, JPEG {}; noise σ in grey levels (and {} specks a page); each cell: {names}.",
            base.skew_degrees, base.jpeg_quality, base.speckles
        );
        println!();
        let sigmas = [0.0f32, 6.0, 12.0, 20.0];
        println!("| {} |", sigmas.map(|s| format!("σ {s}")).join(" | "));
        println!("|{}", "---|".repeat(sigmas.len()));
        let row: Vec<String> = sigmas
            .iter()
            .map(|&noise_sigma| {
                cell(
                    self,
                    Degrade {
                        noise_sigma,
                        ..base
                    },
                )
            })
            .collect();
        println!("| {} |", row.join(" | "));
        println!();
    }

    /// The issue's figures on the poor scans of every source (and on the corpus's 200 dpi
    /// scans), with each step of the OCR preparation and the code repair switched off in turn.
    fn ablation(&mut self) {
        let steps: [(&str, &str); 8] = [
            ("all steps", "{}"),
            ("no upscaling", r#"{"upscale_below_dpi":0}"#),
            (
                "no binarising (nor speck removal)",
                r#"{"binarise_window_in":0}"#,
            ),
            ("no speck removal", r#"{"speck_max_pt":0}"#),
            (
                "no image deskew (word positions only)",
                r#"{"deskew_image":false}"#,
            ),
            (
                "no re-reading of stacked columns",
                r#"{"stacked_min_heights":0}"#,
            ),
            ("no code repair", "codes"),
            (
                "none (the image as it is)",
                r#"{"upscale_below_dpi":0,"deskew_image":false,"binarise_window_in":0,"stacked_min_heights":0}"#,
            ),
        ];
        // The grid's sample and one of the corpus's scans: eight readings of each.
        let sets: [(&str, Option<Degrade>, Vec<Source>); 2] = [
            (
                "poor scans (150 dpi, 1.5°, JPEG 60, σ 12) of the grid's sample",
                Some(Degrade::POOR),
                SOURCES
                    .iter()
                    .filter(|s| SAMPLE.contains(&s.name))
                    .copied()
                    .collect(),
            ),
            (
                "the corpus's 200 dpi scan scanned/seed_000 (tests/ocr_score.rs)",
                None,
                CORPUS_SCANS[..1].to_vec(),
            ),
        ];
        for (title, p, sources) in sets {
            println!("## What each step bought: {title}");
            println!();
            println!(
                "| steps | section-text CER | item F1 | titles | case numbers | table cells | code repairs | s/page (2 cores) |"
            );
            println!("|---|---|---|---|---|---|---|---|");
            for (name, patch) in steps {
                let mut settings = self.settings.clone();
                if patch == "codes" {
                    settings.repair.ocr_codes = false;
                } else {
                    settings.input.ocr = patched(settings.input.ocr, patch);
                }
                let f = self.read(p.as_ref(), &sources, &settings, false);
                let ocr_pages = f.ocr_pages.max(1);
                eprintln!("{title} / {name}: {}", f.line());
                println!(
                    "| {name} | {:.3} % | {:.3} | {:.3} | {:.3} | {:.3} | {} | {:.2} |",
                    f.cer(),
                    f.item_f1(),
                    f.titles(),
                    f.case_numbers(),
                    f.cells(),
                    f.code_repairs.len(),
                    f.seconds / ocr_pages as f64
                );
            }
            println!();
        }
    }
}

/// OCR seconds per page, one worker: `tesseract` alone on the page images as embedded in the
/// scans, kl-extract's OCR path on the scans (preparation, Tesseract on the prepared image,
/// lines, rules, repair, structure), and kl-extract with the preparation off.
fn speed(grid: &mut Grid) {
    let sources: Vec<Source> = SOURCES
        .iter()
        .filter(|s| s.name.starts_with("a_sans"))
        .copied()
        .collect();
    let p = Degrade::POOR;
    let files: Vec<PathBuf> = sources.iter().map(|s| grid.scan(s, Some(&p))).collect();
    let images = tempfile::tempdir().unwrap();
    for (k, f) in files.iter().enumerate() {
        let out = Command::new("pdfimages")
            .arg("-j")
            .arg(f)
            .arg(images.path().join(format!("s{k}")))
            .status()
            .expect("pdfimages (poppler-utils)");
        assert!(out.success());
    }
    let mut jpgs: Vec<PathBuf> = std::fs::read_dir(images.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    jpgs.sort();
    let pages = jpgs.len();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let mut tesseract = Vec::new();
    let mut ours = Vec::new();
    let mut unprepared = Vec::new();
    let off = {
        let mut s = grid.settings.clone();
        s.input.ocr = patched(
            s.input.ocr,
            r#"{"upscale_below_dpi":0,"deskew_image":false,"binarise_window_in":0,"stacked_min_heights":0}"#,
        );
        s
    };
    for _ in 0..2 {
        let clock = Instant::now();
        for j in &jpgs {
            let ok = Command::new("tesseract")
                .arg(j)
                .arg("stdout")
                .args(["-l", "dan", "--psm", "3", "tsv"])
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .unwrap()
                .status
                .success();
            assert!(ok);
        }
        tesseract.push(clock.elapsed().as_secs_f64());
        for (settings, times) in [(&grid.settings, &mut ours), (&off, &mut unprepared)] {
            let clock = Instant::now();
            one.install(|| {
                for (s, f) in sources.iter().zip(&files) {
                    process(f, s.name, settings);
                }
            });
            times.push(clock.elapsed().as_secs_f64());
        }
    }
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let (t, k, u) = (best(&tesseract), best(&ours), best(&unprepared));
    println!("## OCR speed, one worker");
    println!();
    println!(
        "The poor scans of {} ({pages} pages, 150 dpi); the faster of 2 runs, alternating.",
        sources
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(" and ")
    );
    println!();
    println!("| | s/page | vs tesseract |");
    println!("|---|---|---|");
    let n = pages as f64;
    println!(
        "| `tesseract` alone on the embedded images | {:.3} | 1.00 |",
        t / n
    );
    println!(
        "| kl-extract, OCR path (preparation at 300 dpi) | {:.3} | {:.2} |",
        k / n,
        k / t
    );
    println!(
        "| kl-extract, preparation off (the image as it is) | {:.3} | {:.2} |",
        u / n,
        u / t
    );
    println!();
}

/// The pipeline on one file under `settings`.
fn process(file: &Path, name: &str, settings: &Settings) -> FileResult {
    pipeline::process_with(file, name, "grid", None, &Default::default(), settings)
}

/// OCR thresholds with the JSON object `patch`'s values put in by name.
fn patched(
    t: kl_extract::input::ocr::Thresholds,
    patch: &str,
) -> kl_extract::input::ocr::Thresholds {
    let mut v = serde_json::to_value(t).unwrap();
    for (k, x) in serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(patch).unwrap()
    {
        assert!(v.get(&k).is_some(), "no OCR threshold {k}");
        v[&k] = x;
    }
    serde_json::from_value(v).unwrap()
}

/// `tesseract --version`'s first line.
fn tesseract_version() -> String {
    Command::new("tesseract")
        .arg("--version")
        .output()
        .map(|o| {
            let s = String::from_utf8_lossy(&o.stdout).into_owned()
                + &String::from_utf8_lossy(&o.stderr);
            s.lines().next().unwrap_or("").to_string()
        })
        .unwrap_or_default()
}
