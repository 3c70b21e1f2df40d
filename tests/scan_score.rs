//! The poor-scan scoring test (issue 22): the text-layer renders with truth are turned into the
//! scans of a 1990s–2000s council archive — 150 dpi, skewed 1.5° (alternating), JPEG quality 60
//! with grey-level noise and specks (`tests/common/degrade.rs`) — read by the pipeline, and
//! scored against the source's truth: section-text CER, item F1, titles, case numbers, table
//! cells, and the skew recorded per page.
//!
//! The corpus renders (LibreOffice, `a_sans`) must meet the issue's targets. The Word-style
//! renders (`word_rules`: tables ruled by horizontal lines under a shaded header, blue bold
//! headings) read exactly from their text layer but not yet as well from their poor scans: they
//! meet the case-number and CER targets (1.000, 0.39 %), and are held at what they read on
//! 2026-12-01 (item F1 0.950, titles 0.950, table cells 0.706) so that they cannot get worse;
//! the issue's item, title and table targets for them are open work (issue 22's note says what
//! is missing).
//!
//! Needs Tesseract with Danish data and pdftoppm (Debian: tesseract-ocr tesseract-ocr-dan
//! poppler-utils). Without them the test is skipped — unless
//! `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1` (set by `.ci/run`), then it fails.

mod common;

use rayon::prelude::*;
use std::sync::OnceLock;

use common::degrade::{degrade_pdf, pdftoppm_available, Degrade, Figures, Source, SOURCES};
use kl_extract::input::ocr;
use kl_extract::pipeline::{self, FileResult};

fn required() -> bool {
    std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

fn tools_or_skip() -> bool {
    let missing = match ocr::tesseract() {
        Err(why) => Some(why.to_string()),
        Ok(_) if !pdftoppm_available() => Some("pdftoppm (poppler-utils) is not installed".into()),
        Ok(_) => None,
    };
    match missing {
        None => true,
        Some(why) => {
            assert!(!required(), "Tesseract and pdftoppm required: {why}");
            eprintln!("SKIPPED: {why}");
            false
        }
    }
}

/// Each source with its poor scan's result, made and read once for all the tests here.
fn results() -> &'static [(Source, FileResult)] {
    static RESULTS: OnceLock<Vec<(Source, FileResult)>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        // Side by side: a file's OCR pages are shared among the cores anyway, but scanning it
        // and rasterising it ran alone.
        SOURCES
            .par_iter()
            .map(|s| {
                let scan = dir.path().join(s.name.replace('/', "_") + ".pdf");
                degrade_pdf(&s.pdf_path(), &scan, &Degrade::POOR).unwrap();
                let r = pipeline::process(&scan, s.name, "scan", None, &Default::default());
                (*s, r)
            })
            .collect()
    })
}

/// The figures of the sources whose name starts with `prefix`, printed with what went wrong.
fn figures(prefix: &str) -> Figures {
    let mut all = Figures::default();
    for (s, r) in results().iter().filter(|(s, _)| s.name.starts_with(prefix)) {
        assert_eq!(r.status.as_str(), "ok", "{}: {:?}", s.name, r.error);
        let mut one = Figures::default();
        one.add(s.name, r, &s.truth());
        println!("{:<20} {}", s.name, one.line());
        for p in one.problems.iter().take(6) {
            println!("    {p}");
        }
        for (_, w) in one.worst_sections.iter().take(4) {
            println!("    {w}");
        }
        all.add(s.name, r, &s.truth());
    }
    all
}

/// What the figures miss of the issue's targets for poor scans (150 dpi, 1.5°, JPEG 60).
fn missed_targets(f: &Figures) -> Vec<String> {
    let mut failures = Vec::new();
    if f.cer() > 1.0 {
        failures.push(format!("section-text CER {:.3} % > 1.0 %", f.cer()));
    }
    if f.item_f1() < 0.98 {
        failures.push(format!("item F1 {:.3} < 0.98", f.item_f1()));
    }
    if f.titles() < 0.97 {
        failures.push(format!("titles {:.3} < 0.97", f.titles()));
    }
    if f.case_numbers() < 0.97 {
        failures.push(format!("case numbers {:.3} < 0.97", f.case_numbers()));
    }
    if f.cells() < 0.9 {
        failures.push(format!("table cells {:.3} < 0.9", f.cells()));
    }
    failures
}

#[test]
fn poor_corpus_scans_meet_the_issue_targets() {
    if !tools_or_skip() {
        return;
    }
    let f = figures("a_sans");
    println!("POOR SCANS ({}): {}", Degrade::POOR.label(), f.line());
    let failures = missed_targets(&f);
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every page is OCR'd, and the skew recorded for it (measured in the image, plus what the
/// word positions still showed) is the one it was scanned with.
#[test]
fn poor_scans_record_their_skew() {
    if !tools_or_skip() {
        return;
    }
    for (s, r) in results() {
        for p in &r.page_records {
            let o = p
                .ocr
                .as_ref()
                .unwrap_or_else(|| panic!("{} page {}", s.name, p.page));
            let want = Degrade::POOR.page_skew(p.page as usize);
            assert!(
                (o.skew - want).abs() < 0.2,
                "{} page {}: skew {} vs {want}",
                s.name,
                p.page,
                o.skew
            );
        }
    }
}

/// The Word-style renders' scans (horizontal rules, a shaded header, tables across pages) meet
/// the issue's targets too, and their text layer reads exactly.
#[test]
fn poor_word_style_scans_meet_the_issue_targets() {
    if !tools_or_skip() {
        return;
    }
    let scan = figures("word_rules");
    let mut text = Figures::default();
    for s in SOURCES.iter().filter(|s| s.name.starts_with("word_rules")) {
        let r = pipeline::process(&s.pdf_path(), s.name, "text", None, &Default::default());
        text.add(s.name, &r, &s.truth());
    }
    println!("WORD STYLE, TEXT LAYER: {}", text.line());
    println!("WORD STYLE, POOR SCANS: {}", scan.line());
    let mut failures = missed_targets(&scan);
    // The text layer reads them exactly: what the scans lose is OCR's.
    if text.item_f1() < 1.0 || text.titles() < 1.0 || text.cells() < 1.0 {
        failures.push(format!("text layer: {}", text.line()));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
