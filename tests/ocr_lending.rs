//! A core whose worker has no files left is lent to the OCR of a scan still being read: a batch
//! of a six-page scan (cut from the corpus) and a text-layer render, `--jobs 2`, through a
//! stand-in for `tesseract` that logs when each of its page-reading processes starts and ends.
//! The render's worker is done in a second; from then on two Tesseract processes read the
//! scan's pages at once (the scan's own worker has one thread). With `--jobs 1` they never
//! overlap, and the two runs' outputs are the same byte for byte.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The most page-reading Tesseract processes that ran at once, from the stand-in's log.
fn most_at_once(log: &Path) -> usize {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut events: Vec<(u128, i32)> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let what = parts.next()?;
            let _pid = parts.next()?;
            let at: u128 = parts.next()?.parse().ok()?;
            Some((at, if what == "start" { 1 } else { -1 }))
        })
        .collect();
    // Ends before starts at the same instant.
    events.sort();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, step) in events {
        now += step;
        most = most.max(now);
    }
    most as usize
}

#[test]
fn a_finished_worker_lends_its_core_to_a_scan_still_being_read() {
    let required = std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_some();
    if !common::tesseract_with_danish() {
        assert!(
            !required,
            "tesseract with its Danish model (Debian packages tesseract-ocr tesseract-ocr-dan) \
             is required"
        );
        eprintln!("skipped: needs tesseract-ocr tesseract-ocr-dan");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let Some(scan) = common::cut_corpus_scan(&input, "1-6") else {
        return;
    };
    assert!(scan.is_file());
    std::fs::copy(
        common::fixtures().join("pdf/a_sans/seed_000.pdf"),
        input.join("render.pdf"),
    )
    .unwrap();
    let log = tmp.path().join("tesseract.log");
    let stand_in = tmp.path().join("tesseract");
    std::fs::write(
        &stand_in,
        format!(
            "#!/bin/sh\ncase \"$1\" in --*) exec tesseract \"$@\";; esac\n\
             echo \"start $$ $(date +%s%N)\" >> '{log}'\ntesseract \"$@\"\nrc=$?\n\
             echo \"end $$ $(date +%s%N)\" >> '{log}'\nexit $rc\n",
            log = log.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = |jobs: &str| -> (PathBuf, usize) {
        let out = tmp.path().join(format!("out-{jobs}"));
        std::fs::remove_file(&log).ok();
        let status = Command::new(env!("CARGO_BIN_EXE_kl-extract"))
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--jobs", jobs])
            .env("KL_EXTRACT_TESSERACT", &stand_in)
            .status()
            .unwrap();
        assert!(status.success(), "--jobs {jobs}: {status}");
        (out, most_at_once(&log))
    };
    let (one, one_at_once) = run("1");
    let (two, two_at_once) = run("2");
    assert_eq!(one_at_once, 1, "one job: one Tesseract at a time");
    assert_eq!(
        two_at_once, 2,
        "two jobs: once the render is done, its core reads the scan's pages too"
    );
    let (a, b) = (common::outputs(&one), common::outputs(&two));
    assert!(a.iter().any(|(p, _)| p.ends_with("items.csv")), "{a:?}");
    let pages = String::from_utf8_lossy(
        &a.iter()
            .find(|(p, _)| p.ends_with("pages.csv"))
            .expect("pages.csv")
            .1,
    )
    .into_owned();
    assert_eq!(
        pages.lines().filter(|l| l.contains(",ocr,")).count(),
        6,
        "the scan's six pages OCR'd: {pages}"
    );
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between --jobs 1 and 2");
    }
}
