//! One Tesseract process reads several pages of a file (its list-file input), not one process a
//! page: a five-page scan cut from the corpus is read through a stand-in for `tesseract` that
//! logs each call and runs the real program, once with the default runs (the first page alone,
//! then up to `pages_per_run` pages) and once a process a page. Both read the same document,
//! byte for byte in every field of the result; the default starts 2 processes for the 5 pages,
//! the other 5; every page is counted once as read (one thread, as a worker of `--jobs 1`).
//! A three-page scan of mixed resolutions (a 150 dpi page, upscaled to 300 for Tesseract,
//! between two of the corpus's 200 dpi pages) is read in one process per resolution of a run,
//! each told its own, with the same result as a process a page; with `KL_EXTRACT_KEEP_OCR_IMAGES`
//! a copy of each image read is kept, named by page and resolution. In a test binary of its own, as
//! it points `KL_EXTRACT_TESSERACT` at the stand-in for the whole process.

mod common;

use std::path::Path;
use std::process::Command;

use kl_extract::settings::Settings;

/// `qpdf --empty --pages ARGS -- out`.
fn qpdf(args: &[&Path], out: &Path) -> bool {
    Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .args(args)
        .arg("--")
        .arg(out)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_file_s_pages_are_read_by_few_tesseract_processes_with_the_same_result() {
    let required = std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_some();
    let has_tools = common::tesseract_with_danish()
        && common::degrade::pdftoppm_available()
        && Command::new("qpdf").arg("--version").output().is_ok();
    if !has_tools {
        assert!(
            !required,
            "tesseract with its Danish model, pdftoppm and qpdf (Debian packages tesseract-ocr \
             tesseract-ocr-dan poppler-utils qpdf) are required"
        );
        eprintln!("skipped: needs tesseract-ocr tesseract-ocr-dan poppler-utils qpdf");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("calls.log");
    let stand_in = tmp.path().join("tesseract");
    std::fs::write(
        &stand_in,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec tesseract \"$@\"\n",
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

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus_scan = root.join("tests/fixtures/pdf/scanned/seed_001.pdf");
    let (one, three) = (Path::new("1"), Path::new("3"));
    let scan = tmp.path().join("scan.pdf");
    assert!(qpdf(&[&corpus_scan, Path::new("1-5")], &scan));
    // One page of a text-layer render scanned at 150 dpi, between two pages of the 200 dpi scan.
    let render = tmp.path().join("render.pdf");
    let coarse = tmp.path().join("coarse.pdf");
    let mixed = tmp.path().join("mixed.pdf");
    assert!(qpdf(
        &[&root.join("tests/fixtures/pdf/a_sans/seed_001.pdf"), three],
        &render
    ));
    let light = common::degrade::Degrade {
        dpi: 150,
        skew_degrees: 0.5,
        jpeg_quality: 85,
        noise_sigma: 0.0,
        speckles: 0,
        seed: 24,
    };
    common::degrade::degrade_pdf(&render, &coarse, &light).unwrap();
    assert!(qpdf(
        &[
            &corpus_scan,
            one,
            &coarse,
            one,
            &corpus_scan,
            Path::new("2")
        ],
        &mixed
    ));

    let read = kl_extract::input::ReadOptions {
        ocr: kl_extract::input::ocr::OcrMode::Always,
        ..Default::default()
    };
    // The `--dpi` of each process that read pages (not `--version` or `--list-langs`), since
    // the last call.
    let runs = || -> Vec<String> {
        let calls = std::fs::read_to_string(&log).unwrap_or_default();
        std::fs::remove_file(&log).ok();
        calls
            .lines()
            .filter(|l| !l.starts_with("--"))
            .map(|l| {
                let dpi = l.split("--dpi ").nth(1).unwrap_or("none");
                dpi.split(' ').next().unwrap_or("").to_string()
            })
            .collect()
    };
    let read_file = |pdf: &Path, pages: usize, settings: &Settings| {
        let before = kl_extract::input::progress::snapshot().0;
        let r = kl_extract::pipeline::process_with(pdf, "scan.pdf", "scan", None, &read, settings);
        let counted = kl_extract::input::progress::snapshot().0 - before;
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.pages, pages);
        assert_eq!(counted, pages, "each page counted once as read");
        (serde_json::to_string(&r).unwrap(), runs())
    };

    let default = Settings::default();
    assert_eq!(default.input.ocr.first_run_pages, 1);
    assert!(default.input.ocr.pages_per_run >= 4);
    let mut one_a_page = Settings::default();
    one_a_page.input.ocr.pages_per_run = 1;

    let (few, few_runs) = read_file(&scan, 5, &default);
    let (each, each_runs) = read_file(&scan, 5, &one_a_page);
    assert_eq!(
        few_runs,
        ["200", "200"],
        "the first page alone, then the other four"
    );
    assert_eq!(each_runs.len(), 5);
    assert!(few.contains("Godkendelse af referat"), "{few}");
    assert_eq!(few, each, "the same result however the pages are run");

    let (few, few_runs) = read_file(&mixed, 3, &default);
    let (each, each_runs) = read_file(&mixed, 3, &one_a_page);
    assert_eq!(few_runs, ["200", "300", "200"], "a process per resolution");
    assert_eq!(each_runs, few_runs);
    assert_eq!(few, each, "each page told its own resolution");

    // With `KL_EXTRACT_KEEP_OCR_IMAGES`, a copy of each image Tesseract read is kept, named by
    // its page and the resolution Tesseract was told, and the result is the same.
    let kept = tmp.path().join("kept");
    // SAFETY (edition 2021: safe): no other thread of this test binary is running now.
    std::env::set_var(kl_extract::input::pdf::KEEP_IMAGES_VAR, &kept);
    let (again, _) = read_file(&mixed, 3, &default);
    std::env::remove_var(kl_extract::input::pdf::KEEP_IMAGES_VAR);
    assert_eq!(again, few, "keeping the images changes nothing");
    let mut names: Vec<String> = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let pages: Vec<&str> = names
        .iter()
        .map(|n| n.split_once("-page").unwrap().1)
        .collect();
    assert_eq!(
        pages,
        ["0001-dpi200.pgm", "0002-dpi300.pgm", "0003-dpi200.pgm"],
        "{names:?}"
    );
    for name in &names {
        let bytes = std::fs::read(kept.join(name)).unwrap();
        assert!(bytes.starts_with(b"P5\n"), "{name} is a PGM");
        let header = String::from_utf8_lossy(&bytes[3..20]).into_owned();
        let width: usize = header.split_whitespace().next().unwrap().parse().unwrap();
        // The page is 8.27 in wide (A4): its pixels across at the resolution in its name.
        let dpi: f32 = name.split("-dpi").nth(1).unwrap()[..3].parse().unwrap();
        assert!(
            (width as f32 / dpi - 8.27).abs() < 0.1,
            "{name}: {width} px across"
        );
    }
}
