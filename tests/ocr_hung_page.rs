//! A run of several pages in one Tesseract process that stops on one page fails that page
//! alone: a stand-in Tesseract that, given the list of a three-page run, starts two pages (it
//! names each on stderr, as Tesseract does) and hangs on the second; given one page image, it
//! reads one word. With a 1 s page limit, the second page fails as `timeout`, the first and
//! third are read again a process each and keep their word, and the file is partial, not lost.
//! The scan is cut from the corpus with qpdf. In a test binary of its own, as it points
//! `KL_EXTRACT_TESSERACT` at the stand-in for the whole process.

mod common;

#[test]
fn the_page_a_run_hangs_on_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(scan) = common::cut_corpus_scan(tmp.path(), "1-3") else {
        return;
    };
    let word = "printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n5\\t1\\t1\\t1\\t1\\t1\\t200\\t300\\t400\\t40\\t95\\tBeslutning\\n'";
    // Each start is logged: the run's list, then each page read again on its own.
    let log = tmp.path().join("starts.log");
    let action = format!(
        "echo \"$1\" >> '{}'\ncase \"$1\" in\n  *.txt)\n    i=0\n    while read -r p; do\n      echo \"Page $i : $p\" >&2\n      \
         i=$((i+1))\n      [ $i -ge 2 ] && exec sleep 30\n    done < \"$1\"\n    {word};;\n  *) {word};;\nesac",
        log.display()
    );
    let tesseract = common::fake_tesseract(&tmp.path().join("tesseract"), &action);
    // SAFETY (edition 2021: safe): the only test of this binary, set before any thread reads it.
    std::env::set_var("KL_EXTRACT_TESSERACT", &tesseract);
    // One thread, as a worker of `--jobs 1` has, so the three pages are one run.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .unwrap();

    let mut settings = kl_extract::settings::Settings::default();
    settings.input.ocr.page_timeout_secs = 1;
    settings.input.ocr.first_run_pages = 3;
    let read = kl_extract::input::ReadOptions {
        ocr: kl_extract::input::ocr::OcrMode::Always,
        ..Default::default()
    };
    let start = std::time::Instant::now();
    let r = kl_extract::pipeline::process_with(&scan, "scan.pdf", "scan", None, &read, &settings);
    let took = start.elapsed();
    // (The one word, the same on pages 1 and 3, is a running header to repair: counted as read,
    // not kept as text.)
    let pages: Vec<(u32, bool, usize)> = r
        .page_records
        .iter()
        .map(|p| (p.page, p.failed, p.words))
        .collect();
    assert_eq!(
        pages,
        vec![(1, false, 1), (2, true, 0), (3, false, 1)],
        "{:?}",
        r.error
    );
    let e = r.error.expect("page 2 failed");
    assert_eq!(e.kind.as_str(), "timeout", "{}", e.message);
    assert!(e.message.contains("stopped after 1 s"), "{}", e.message);
    // One run of the three pages, then pages 1 and 3 on their own: the hung page is not
    // started again (which would wait out its limit a second time).
    let starts = std::fs::read_to_string(&log).unwrap();
    let starts: Vec<&str> = starts.lines().collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
    assert!(starts[0].ends_with(".txt"), "{starts:?}");
    assert!(
        starts[1..].iter().all(|s| !s.ends_with(".txt")),
        "{starts:?}"
    );
    // The limit stopped the hang (the stand-in sleeps 30 s); the bound leaves room for a
    // debug build preparing the three page images.
    assert!(took.as_secs() < 25, "{took:?}");
}
