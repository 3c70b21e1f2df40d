//! A scanned page that Tesseract does not finish within its page time limit
//! (`input.ocr.page_timeout_secs`) fails as `timeout`, not as `no_text`: a stand-in Tesseract
//! that sleeps, on a two-page scan cut from the corpus with qpdf. In a test binary of its own,
//! as it points `KL_EXTRACT_TESSERACT` at the stand-in for the whole process.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn a_page_tesseract_does_not_finish_is_a_timeout() {
    let required = std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_some();
    let tmp = tempfile::tempdir().unwrap();
    let scan = tmp.path().join("scan.pdf");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cut = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .arg(root.join("tests/fixtures/pdf/scanned/seed_001.pdf"))
        .arg("1-2")
        .arg("--")
        .arg(&scan)
        .status();
    match cut {
        Ok(s) if s.success() => {}
        _ if !required => {
            eprintln!("skipped: qpdf (Debian package qpdf) is needed to cut the scan");
            return;
        }
        other => panic!("qpdf (Debian package qpdf) failed: {other:?}"),
    }
    let tesseract = common::fake_tesseract(&tmp.path().join("tesseract"), "sleep 5");
    // SAFETY (edition 2021: safe): the only test of this binary, set before any thread reads it.
    std::env::set_var("KL_EXTRACT_TESSERACT", &tesseract);

    let mut settings = kl_extract::settings::Settings::default();
    settings.input.ocr.page_timeout_secs = 1;
    let read = kl_extract::input::ReadOptions {
        ocr: kl_extract::input::ocr::OcrMode::Always,
        ..Default::default()
    };
    let start = std::time::Instant::now();
    let r = kl_extract::pipeline::process_with(&scan, "scan.pdf", "scan", None, &read, &settings);
    let e = r.error.expect("the pages failed");
    assert_eq!(e.kind.as_str(), "timeout", "{}", e.message);
    assert!(e.message.contains("stopped after 1 s"), "{}", e.message);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}
