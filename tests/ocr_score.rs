//! The OCR scoring test: runs the pipeline on the corpus's scanned renders (image-only, rotated
//! 0.3–1.0°, noised JPEG at 200 dpi) and mixed renders (two pages of a text-layer render replaced
//! by such scans), scores items, titles, metadata and section text against the truth, and checks
//! that the text-layer pages of the mixed files are read exactly as without OCR.
//!
//! Needs Tesseract with Danish data (Debian: tesseract-ocr tesseract-ocr-dan). Without it the
//! test is skipped — unless `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1` (set by `.ci/run`), then it fails.

mod common;

use common::{f1, fixtures, run, score, truth, TableScore};
use kl_extract::input::{self, ocr, ReadOptions};
use kl_extract::model::TextSource;
use kl_extract::pipeline::FileResult;
use rayon::prelude::*;
use std::sync::OnceLock;

fn required() -> bool {
    std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

fn tesseract_or_skip() -> bool {
    match ocr::tesseract() {
        Ok(_) => true,
        Err(why) => {
            assert!(!required(), "Tesseract required but unavailable: {why}");
            eprintln!("SKIPPED: {why}");
            false
        }
    }
}

const FILES: [&str; 4] = [
    "scanned/seed_000",
    "scanned/seed_001",
    "mixed/seed_000",
    "mixed/seed_001",
];

/// The pipeline's result for one of `FILES`, computed once for all the tests here (OCR takes
/// about a second a page).
fn result(f: &str) -> &'static FileResult {
    static RESULTS: OnceLock<Vec<FileResult>> = OnceLock::new();
    // Side by side: a file's OCR pages are shared among the cores anyway, but what comes before
    // them (rasterising, the text layer) ran alone.
    let all = RESULTS.get_or_init(|| {
        FILES
            .par_iter()
            .map(|f| run(&format!("pdf/{f}.pdf")))
            .collect()
    });
    &all[FILES.iter().position(|x| *x == f).unwrap()]
}

#[test]
fn ocr_scores() {
    if !tesseract_or_skip() {
        return;
    }
    let (mut matched, mut found, mut truth_items) = (0, 0, 0);
    let (mut titles_ok, mut titles) = (0, 0);
    let (mut meta_ok, mut meta) = (0, 0);
    let (mut edits, mut chars) = (0usize, 0usize);
    let mut failures = Vec::new();
    for f in FILES {
        let r = result(f);
        let t = truth(&format!("{f}.json"));
        assert_eq!(r.status.as_str(), "ok", "{f}: {:?}", r.error);
        let want_source = if f.starts_with("scanned") {
            TextSource::Ocr
        } else {
            TextSource::Mixed
        };
        if r.text_source != want_source {
            failures.push(format!("{f}: text_source {:?}", r.text_source));
        }
        let sc = score(r, &t, true);
        matched += sc.matched_items;
        found += sc.found_items;
        truth_items += sc.truth_items;
        let present = sc.truth_items - sc.missing_numbers.len();
        titles_ok += present - sc.title_errors.len();
        titles += sc.truth_items;
        meta_ok += 5 - sc.meeting_errors.len();
        meta += 5;
        // Character error rate of section text: edits / truth characters (a missing section
        // costs all its characters).
        let st = &r.meeting.as_ref().unwrap().structure;
        let (mut fe, mut fc) = (0, 0);
        let mut worst: Vec<(usize, String)> = Vec::new();
        for ti in t["items"].as_array().unwrap() {
            let item = st.items.iter().find(|i| ti["number"] == i.number.as_str());
            for ts in ti["sections"].as_array().unwrap() {
                let want = ts["text"].as_str().unwrap();
                let got = item
                    .and_then(|i| {
                        i.sections
                            .iter()
                            .find(|s| ts["heading"] == s.heading.as_str())
                    })
                    .map(|s| s.text.as_str())
                    .unwrap_or("");
                let e = strsim::levenshtein(got, want);
                fe += e;
                fc += want.chars().count();
                worst.push((e, format!("{} {}", ti["number"], ts["heading"])));
            }
        }
        edits += fe;
        chars += fc;
        worst.sort_by_key(|w| std::cmp::Reverse(w.0));
        let worst: Vec<String> = worst
            .iter()
            .take(5)
            .map(|(e, s)| format!("{s}: {e}"))
            .collect();
        println!(
            "{f:<18} items {:>2}/{:<2} found {:>2}  titles {}/{}  metadata {}/5  section CER {:.3} %",
            sc.matched_items,
            sc.truth_items,
            sc.found_items,
            present - sc.title_errors.len(),
            sc.truth_items,
            5 - sc.meeting_errors.len(),
            100.0 * fe as f64 / fc.max(1) as f64
        );
        for e in sc
            .missing_numbers
            .iter()
            .map(|n| format!("missing item {n}"))
            .chain(sc.title_errors.iter().map(|e| format!("title {e}")))
            .chain(sc.meeting_errors.iter().map(|e| format!("meeting {e}")))
            .chain(sc.section_diffs.iter().take(4).cloned())
            .chain(std::iter::once(format!("most edits: {}", worst.join(", "))))
        {
            println!("    {e}");
        }
    }
    let item_f1 = f1(matched, found, truth_items);
    let title_pct = 100.0 * titles_ok as f64 / titles as f64;
    let cer = 100.0 * edits as f64 / chars as f64;
    println!(
        "SCANNED+MIXED: item F1 {item_f1:.3}; titles {title_pct:.1} % exact; metadata {meta_ok}/{meta}; section-text CER {cer:.3} % ({edits} edits over {chars} characters)"
    );
    if item_f1 < 0.98 {
        failures.push(format!("item F1 {item_f1:.3} < 0.98"));
    }
    if title_pct < 95.0 {
        failures.push(format!("titles {title_pct:.1} % < 95 %"));
    }
    if meta_ok < meta {
        failures.push(format!("metadata {meta_ok}/{meta}"));
    }
    if cer > 1.5 {
        failures.push(format!("section CER {cer:.3} % > 1.5 %"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// In a mixed file only the scanned pages are OCR'd; every other page is read exactly as with
/// `--ocr never`.
#[test]
fn mixed_files_keep_their_text_layer_pages() {
    if !tesseract_or_skip() {
        return;
    }
    for f in ["mixed/seed_000", "mixed/seed_001"] {
        let t = truth(&format!("{f}.json"));
        let scanned: Vec<u64> = t["scanned_pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap())
            .collect();
        let path = fixtures().join(format!("pdf/{f}.pdf"));
        let read = |mode| {
            let opts = ReadOptions {
                ocr: mode,
                ..Default::default()
            };
            input::read(&path, f, &opts).unwrap()
        };
        // The per-page record (pages.csv) says which pages were OCR'd, why and from what.
        let r = result(f);
        for p in &r.page_records {
            let scan = scanned.contains(&(p.page as u64));
            let o = p.ocr.as_ref();
            assert_eq!(
                (p.text_source, o.map(|o| o.reason.as_str())),
                if scan {
                    (TextSource::Ocr, Some("no text layer"))
                } else {
                    (TextSource::Text, None)
                },
                "{f} page {}",
                p.page
            );
            if let Some(o) = o {
                assert!(
                    o.embedded_image,
                    "{f} page {}: the JPEG is taken out",
                    p.page
                );
                assert!(o.confidence > 80.0, "{f} page {}: {o:?}", p.page);
                // The skew found is the rotation the scan was made with.
                let rotation = t["scan_rotation_degrees"][p.page.to_string()]
                    .as_f64()
                    .unwrap() as f32;
                assert!(
                    (o.skew - rotation).abs() < 0.2,
                    "{f} page {}: skew {} vs rotation {rotation}",
                    p.page,
                    o.skew
                );
            }
        }
        let auto = read(ocr::OcrMode::Auto);
        let never = read(ocr::OcrMode::Never);
        assert_eq!(auto.pages.len(), never.pages.len());
        for (a, n) in auto.pages.iter().zip(&never.pages) {
            if scanned.contains(&(a.number as u64)) {
                assert!(a.ocr.is_some(), "{f} page {} should be OCR'd", a.number);
                assert!(
                    n.lines.is_empty(),
                    "{f} page {} has no text layer",
                    a.number
                );
                assert!(
                    !a.lines.is_empty(),
                    "{f} page {} OCR found no text",
                    a.number
                );
            } else {
                assert!(a.ocr.is_none(), "{f} page {} was OCR'd", a.number);
                assert_eq!(a, n, "{f} page {} changed", a.number);
            }
        }
    }
}

/// Tables on scanned pages: their borders are found in the image, so the table stage reads
/// them as it reads a text layer's. Cell accuracy against the truth (same item and index, same
/// row and column, whitespace normalised), pages and captions.
#[test]
fn scanned_tables_match_the_truth() {
    if !tesseract_or_skip() {
        return;
    }
    let mut sc = TableScore::default();
    for f in FILES {
        sc.add(f, result(f), &truth(&format!("{f}.json")));
    }
    for p in &sc.problems {
        println!("    {p}");
    }
    println!(
        "SCANNED+MIXED TABLES: {}/{} cells exact ({:.1} %), pages {}/{}, captions {}/{}",
        sc.exact,
        sc.cells,
        sc.accuracy(),
        sc.pages_ok,
        sc.tables,
        sc.captions_ok,
        sc.tables
    );
    assert!(
        sc.accuracy() >= 90.0,
        "cell accuracy {:.1} % < 90 %",
        sc.accuracy()
    );
    assert_eq!(sc.pages_ok, sc.tables, "table pages");
}

/// `--ocr always` on a page without a page image: the page is rendered (pdftoppm) and read by
/// OCR, ruling lines and all — camelot's two lattice tables come out as two tables.
#[test]
fn pages_without_an_image_are_rendered_for_ocr() {
    if !tesseract_or_skip() {
        return;
    }
    let rel = "peers/tables/camelot/twotables_2.pdf";
    let read = ReadOptions {
        ocr: ocr::OcrMode::Always,
        ..Default::default()
    };
    let r = kl_extract::pipeline::process(&fixtures().join(rel), rel, "t", None, &read);
    let p = &r.page_records[0];
    assert_eq!(p.text_source, TextSource::Ocr);
    let o = p.ocr.as_ref().unwrap();
    assert_eq!(o.reason, "--ocr always");
    assert!(!o.embedded_image, "{o:?}");
    let st = &r.meeting.as_ref().unwrap().structure;
    let shapes: Vec<(usize, usize)> = st
        .tables
        .iter()
        .map(|t| (t.rows.len() + 1, t.header.len()))
        .collect();
    println!("tables read by OCR: {shapes:?}");
    assert_eq!(shapes.len(), 2, "{shapes:?}");
    assert!(
        st.tables[0]
            .rows
            .iter()
            .flatten()
            .any(|c| c.contains("Andhra Pradesh")),
        "{:?}",
        st.tables[0].rows
    );
}
