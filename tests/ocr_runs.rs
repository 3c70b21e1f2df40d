//! One Tesseract process reads several pages of a file (its list-file input), not one process a
//! page: a five-page scan cut from the corpus is read through a stand-in for `tesseract` that
//! logs each call and runs the real program, once with the default runs (the first page alone,
//! then up to `pages_per_run` pages) and once a process a page. Both read the same document,
//! byte for byte in every field of the result; the default starts 2 processes for the 5 pages,
//! the other 5; every page is counted once as read (one thread, as a worker of `--jobs 1`). In a test binary of its own, as it points
//! `KL_EXTRACT_TESSERACT` at the stand-in for the whole process.

use std::path::Path;
use std::process::Command;

#[test]
fn a_file_s_pages_are_read_by_few_tesseract_processes_with_the_same_result() {
    let required = std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_some();
    let has_tesseract = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "dan")
        });
    if !has_tesseract {
        assert!(
            !required,
            "tesseract with its Danish model (Debian packages tesseract-ocr tesseract-ocr-dan) is required"
        );
        eprintln!("skipped: needs tesseract-ocr tesseract-ocr-dan");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let scan = tmp.path().join("scan.pdf");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cut = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .arg(root.join("tests/fixtures/pdf/scanned/seed_001.pdf"))
        .arg("1-5")
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
    let log = tmp.path().join("calls.log");
    let stand_in = tmp.path().join("tesseract");
    std::fs::write(
        &stand_in,
        format!(
            "#!/bin/sh\necho \"$1\" >> '{}'\nexec tesseract \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // SAFETY (edition 2021: safe): the only test of this binary, set before any thread reads it.
    std::env::set_var("KL_EXTRACT_TESSERACT", &stand_in);
    // One thread, as a worker of `--jobs 1` has (with more, the pages are split among them).
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .unwrap();
    let read = kl_extract::input::ReadOptions {
        ocr: kl_extract::input::ocr::OcrMode::Always,
        ..Default::default()
    };
    // The processes that read pages (not `--version` or `--list-langs`), since the last count.
    let runs = || -> usize {
        let calls = std::fs::read_to_string(&log).unwrap_or_default();
        std::fs::remove_file(&log).ok();
        calls.lines().filter(|l| !l.starts_with("--")).count()
    };
    let result = |settings: &kl_extract::settings::Settings| {
        let before = kl_extract::input::progress::snapshot().0;
        let r =
            kl_extract::pipeline::process_with(&scan, "scan.pdf", "scan", None, &read, settings);
        let counted = kl_extract::input::progress::snapshot().0 - before;
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.pages, 5);
        (serde_json::to_string(&r).unwrap(), runs(), counted)
    };

    let default = kl_extract::settings::Settings::default();
    assert_eq!(default.input.ocr.first_run_pages, 1);
    assert!(default.input.ocr.pages_per_run >= 4);
    let (few, few_runs, few_counted) = result(&default);
    let mut one_a_page = kl_extract::settings::Settings::default();
    one_a_page.input.ocr.pages_per_run = 1;
    let (each, each_runs, each_counted) = result(&one_a_page);

    assert_eq!(
        few_runs, 2,
        "the first page alone, then the other four together"
    );
    assert_eq!(each_runs, 5);
    assert_eq!(few_counted, 5, "each page counted once as read");
    assert_eq!(each_counted, 5);
    assert!(few.contains("Godkendelse af referat"), "{few}");
    assert_eq!(few, each, "the same result however the pages are run");
}
