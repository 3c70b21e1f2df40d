//! A scanned page that Tesseract does not finish within its page time limit
//! (`input.ocr.page_timeout_secs`) fails as `timeout`, not as `no_text`: a stand-in Tesseract
//! that sleeps, on a two-page scan cut from the corpus with qpdf. In a test binary of its own,
//! as it points `KL_EXTRACT_TESSERACT` at the stand-in for the whole process.

mod common;

#[test]
fn a_page_tesseract_does_not_finish_is_a_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(scan) = common::cut_corpus_scan(tmp.path(), "1-2") else {
        return;
    };
    let tesseract = common::fake_tesseract(&tmp.path().join("tesseract"), "exec sleep 60");
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
    // The limit stopped it (the stand-in sleeps a minute); the bound leaves room for a debug
    // build preparing the page images.
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}
