//! The poor-scan grid (issue 22): the corpus and Word-style sources degraded over resolutions,
//! skews, JPEG qualities and noise (`tests/common/degrade.rs`), read by the pipeline, and
//! scored against their truth. Run by `bench/scan_grid.sh`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::degrade::{degrade_pdf, Degrade, Figures, CORPUS_SCANS, SOURCES};
use kl_extract::settings::Settings;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |k: usize, d: f32| args.get(k).and_then(|a| a.parse().ok()).unwrap_or(d);
    let p = Degrade {
        dpi: num(0, 150.0) as u32,
        skew_degrees: num(1, 1.5),
        jpeg_quality: num(2, 60.0) as u8,
        noise_sigma: num(3, 12.0),
        ..Degrade::POOR
    };
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("SCAN_GRID_KEEP").map(std::path::PathBuf::from);
    let dir_path = keep.clone().unwrap_or_else(|| dir.path().to_path_buf());
    let mut settings = Settings::default();
    if let Ok(patch) = std::env::var("SCAN_GRID_OCR") {
        let mut v = serde_json::to_value(settings.input.ocr).unwrap();
        for (k, x) in
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&patch).unwrap()
        {
            assert!(v.get(&k).is_some(), "no OCR threshold {k}");
            v[&k] = x;
        }
        settings.input.ocr = serde_json::from_value(v).unwrap();
    }
    let mut all = Figures::default();
    let only = std::env::var("SCAN_GRID_SOURCES").unwrap_or_default();
    let corpus = args.first().is_some_and(|a| a == "corpus");
    for s in (if corpus { CORPUS_SCANS } else { SOURCES })
        .into_iter()
        .filter(|s| only.is_empty() || only.split(',').any(|o| s.name.contains(o)))
    {
        let out = dir_path.join(s.name.replace('/', "_") + ".pdf");
        let out = if p.dpi == 0 || corpus {
            s.pdf_path()
        } else {
            degrade_pdf(&s.pdf_path(), &out, &p).unwrap();
            out
        };
        let t = Instant::now();
        let r = kl_extract::pipeline::process_with(
            &out,
            s.name,
            "grid",
            None,
            &Default::default(),
            &settings,
        );
        let mut f = Figures::default();
        f.add(s.name, &r, &s.truth());
        f.seconds = t.elapsed().as_secs_f64();
        println!("{:<22} {} ({:.1} s)", s.name, f.line(), f.seconds);
        for pr in f.problems.iter().take(12) {
            println!("    {pr}");
        }
        if !f.code_repairs.is_empty() {
            println!("    code repairs: {}", f.code_repairs.join(", "));
        }
        for (_, w) in f.worst_sections.iter().take(8) {
            println!("    {w}");
        }
        for pr in f.tables.problems.iter().take(10) {
            println!("    table {pr}");
        }
        all.add(s.name, &r, &s.truth());
    }
    println!("ALL {}: {}", p.label(), all.line());
}
