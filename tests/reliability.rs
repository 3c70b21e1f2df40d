//! A run over an archive survives what goes wrong: a run killed with SIGKILL midway and rerun
//! with `--resume` gives the same CSV files byte for byte as an uninterrupted run; a file that
//! hangs is stopped by `--timeout`, and one that kills the process reading it costs only that
//! file; `--retry-failed` reads again only what failed; the size guard refuses huge files.
//!
//! The hang and the crash are real: a stand-in for Tesseract (`KL_EXTRACT_TESSERACT`) that
//! sleeps, or that kills the worker process running it with SIGSEGV, when a PDF page is OCR'd.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kl-extract"));
    c.current_dir(root());
    c
}

/// Every output file (CSV and table files) of `out`, by relative path.
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for dir in [out.to_path_buf(), out.join("tables")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "csv") {
                let rel = p.strip_prefix(out).unwrap().to_string_lossy().to_string();
                m.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    m
}

/// An archive of `copies` × the samples (4 files each) in `dir`.
fn archive(dir: &Path, copies: usize) {
    for k in 0..copies {
        let d = dir.join(format!("batch{k:02}"));
        std::fs::create_dir_all(d.join("a_sans")).unwrap();
        std::fs::create_dir_all(d.join("b_typst")).unwrap();
        for f in [
            "a_sans/seed_000.pdf",
            "b_typst/seed_001.pdf",
            "dagsorden_kkr_nordjylland_2020-06-19.md",
            "referat_kkr_nordjylland_2020-09-04.txt",
        ] {
            std::fs::copy(root().join("samples").join(f), d.join(f)).unwrap();
        }
    }
}

fn records(out: &Path) -> usize {
    std::fs::read_dir(out.join(kl_extract::outdir::STORE_DIR))
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "record"))
                .count()
        })
        .unwrap_or(0)
}

fn run_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap()
}

#[test]
fn killed_run_resumed_equals_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    archive(&input, 12);
    let whole = tmp.path().join("whole");
    let status = bin()
        .arg(&input)
        .arg("--out")
        .arg(&whole)
        .args(["--quiet", "--jobs", "2"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let want = outputs(&whole);
    assert!(
        want.len() > kl_extract::views::csv::OUTPUTS.len(),
        "CSV files and table files"
    );

    // The same run, killed with SIGKILL once some files are done.
    let cut = tmp.path().join("cut");
    let mut child = bin()
        .arg(&input)
        .arg("--out")
        .arg(&cut)
        .args(["--quiet", "--jobs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while records(&cut) < 6 {
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        assert!(child.try_wait().unwrap().is_none(), "finished too soon");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = records(&cut);
    assert!(done < 48, "killed midway ({done} of 48 files done)");
    // Nothing half-written: no CSV at all yet (they are assembled at the end).
    assert!(!cut.join("files.csv").exists());
    // Its workers stop with it.
    std::thread::sleep(Duration::from_millis(600));
    let settled = records(&cut);
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        records(&cut),
        settled,
        "no worker goes on after the run is killed"
    );

    let status = bin()
        .arg(&input)
        .arg("--out")
        .arg(&cut)
        .args(["--quiet", "--jobs", "2", "--resume"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let reused = run_json(&cut)["summary"]["reused"].as_u64().unwrap() as usize;
    assert!((6..48).contains(&reused), "reused {reused}");
    let got = outputs(&cut);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{name} differs after --resume");
    }

    // A changed input is read again; the others are reused.
    let changed = input.join("batch03/referat_kkr_nordjylland_2020-09-04.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nTilføjet efter mødet.\n");
    std::fs::write(&changed, text).unwrap();
    let status = bin()
        .arg(&input)
        .arg("--out")
        .arg(&cut)
        .args(["--quiet", "--jobs", "2", "--resume"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(run_json(&cut)["summary"]["reused"], 47);
    let files = std::fs::read_to_string(cut.join("files.csv")).unwrap();
    let before = String::from_utf8(want["files.csv"].clone()).unwrap();
    let row = |t: &str| {
        t.lines()
            .find(|l| {
                l.starts_with(&format!("{}/", input.display())) && l.contains("batch03/referat")
            })
            .unwrap()
            .to_string()
    };
    assert_ne!(row(&files), row(&before), "its content hash is new");
}

/// A stand-in for Tesseract: answers the availability checks, then does `action` when asked to
/// read a page.
fn fake_tesseract(dir: &Path, action: &str) -> PathBuf {
    common::fake_tesseract(&dir.join(format!("tesseract-{}", action.len())), action)
}

fn files_csv(out: &Path) -> BTreeMap<String, (String, String, String)> {
    let mut r = csv::Reader::from_path(out.join("files.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            let name = x[0].rsplit('/').next().unwrap().to_string();
            (name, (x[1].to_string(), x[5].to_string(), x[6].to_string()))
        })
        .collect()
}

/// Two text files and one scanned PDF, whose pages (one JPEG each, taken out of the PDF as it
/// is: no other program is needed) are OCR'd by `tesseract`.
fn ocr_batch(tmp: &Path, tesseract: &Path, extra: &[&str]) -> (Option<i32>, PathBuf, Duration) {
    let out = tmp.join(format!("out-{}", extra.len()));
    let start = Instant::now();
    let status = bin()
        .args([
            "samples/dagsorden_kkr_nordjylland_2020-06-19.md",
            "samples/referat_kkr_nordjylland_2020-09-04.txt",
            "tests/fixtures/pdf/scanned/seed_000.pdf",
            "--quiet",
            "--jobs",
            "2",
            "--out",
        ])
        .arg(&out)
        .args(extra)
        .env("KL_EXTRACT_TESSERACT", tesseract)
        .status()
        .unwrap();
    (status.code(), out, start.elapsed())
}

#[test]
fn a_hanging_file_is_stopped_by_the_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let hang = fake_tesseract(tmp.path(), "sleep 600");
    let (code, out, took) = ocr_batch(tmp.path(), &hang, &["--timeout", "3"]);
    assert_eq!(code, Some(3));
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let files = files_csv(&out);
    let (status, kind, error) = &files["seed_000.pdf"];
    assert_eq!(
        (status.as_str(), kind.as_str()),
        ("failed", "timeout"),
        "{error}"
    );
    assert!(error.contains("--timeout 3"), "{error}");
    for f in [
        "dagsorden_kkr_nordjylland_2020-06-19.md",
        "referat_kkr_nordjylland_2020-09-04.txt",
    ] {
        assert_eq!(files[f].0, "ok", "{f}");
    }
}

#[test]
fn a_file_that_kills_its_worker_costs_only_that_file() {
    let tmp = tempfile::tempdir().unwrap();
    // The worker is the stand-in's parent: SIGSEGV it, as a crash in a parser would.
    let crash = fake_tesseract(tmp.path(), "kill -SEGV $PPID; sleep 5");
    let (code, out, _) = ocr_batch(tmp.path(), &crash, &[]);
    assert_eq!(code, Some(3));
    let files = files_csv(&out);
    let (status, kind, error) = &files["seed_000.pdf"];
    assert_eq!(
        (status.as_str(), kind.as_str()),
        ("failed", "internal"),
        "{error}"
    );
    assert!(error.contains("SIGSEGV"), "{error}");
    assert_eq!(files["referat_kkr_nordjylland_2020-09-04.txt"].0, "ok");
    assert_eq!(files["dagsorden_kkr_nordjylland_2020-06-19.md"].0, "ok");
    let items = csv::Reader::from_path(out.join("items.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(items, 21 + 19, "both text files' items");

    // --retry-failed reads only the failed file again (here: with OCR unavailable, so it fails
    // differently: no text).
    let status = bin()
        .args([
            "samples/dagsorden_kkr_nordjylland_2020-06-19.md",
            "samples/referat_kkr_nordjylland_2020-09-04.txt",
            "tests/fixtures/pdf/scanned/seed_000.pdf",
            "--quiet",
            "--retry-failed",
            "--out",
        ])
        .arg(&out)
        .env("KL_EXTRACT_TESSERACT", "/nonexistent/tesseract")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
    assert_eq!(run_json(&out)["summary"]["reused"], 2);
    let files = files_csv(&out);
    let (status, kind, error) = &files["seed_000.pdf"];
    assert_eq!(
        (status.as_str(), kind.as_str()),
        ("failed", "no_text"),
        "{error}"
    );
    assert!(error.contains("tesseract-ocr"), "{error}");
}

/// Runs `args` (inputs and options) into a fresh output folder with the referat text beside
/// them: exit code 3 (one file failed), the text file read, and the rows of files.csv.
fn guarded(args: &[&str]) -> BTreeMap<String, (String, String, String)> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = bin()
        .args(args)
        .args([
            "samples/referat_kkr_nordjylland_2020-09-04.txt",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
    let files = files_csv(&out);
    assert_eq!(files["referat_kkr_nordjylland_2020-09-04.txt"].0, "ok");
    files
}

/// The error of `name`, which must have failed with `kind`.
fn failed_with<'a>(
    files: &'a BTreeMap<String, (String, String, String)>,
    name: &str,
    kind: &str,
) -> &'a str {
    let (status, k, error) = &files[name];
    assert_eq!(
        (status.as_str(), k.as_str()),
        ("failed", kind),
        "{name}: {error}"
    );
    error
}

#[test]
fn huge_files_are_refused_by_the_size_guard() {
    let files = guarded(&["tests/fixtures/pdf/scanned", "--max-file-size", "1"]);
    let big: Vec<&String> = files.keys().filter(|k| k.ends_with(".pdf")).collect();
    assert!(!big.is_empty());
    for name in big {
        let error = failed_with(&files, name, "too_large");
        assert!(error.contains("--max-file-size"), "{error}");
    }
}

/// A decompression bomb (a 300 KB PDF whose content stream inflates to 300 MB) is `too_large`
/// with the same error with `--max-memory 200` and without a limit: its stream is measured
/// before the PDF reader inflates it (once, whether the reader's inflating or another
/// allocation hit the limit first decided between `too_large` and an empty page read as
/// `no_text`). The batch goes on.
#[test]
fn a_decompression_bomb_fails_before_it_is_inflated() {
    let mut errors = Vec::new();
    for limit in [&["--max-memory", "200"][..], &[]] {
        let mut args = vec!["tests/fixtures/guard/inflate_bomb.pdf"];
        args.extend_from_slice(limit);
        let files = guarded(&args);
        let error = failed_with(&files, "inflate_bomb.pdf", "too_large").to_string();
        assert!(
            error.contains("decompression bomb") && error.contains("object 4"),
            "{error}"
        );
        errors.push(error);
    }
    assert_eq!(errors[0], errors[1]);
}

/// Arrays nested 100,000 deep overflow the PDF parser's stack — an abort no process survives
/// (found while writing the fuzz regressions): the worker dies, the file is `internal` with the
/// reason, and the batch goes on.
#[test]
fn a_stack_overflow_costs_only_its_file() {
    let files = guarded(&[
        "tests/fixtures/fuzz/abort/deep_nesting.pdf",
        "samples/a_sans/seed_000.pdf",
        "--jobs",
        "1",
    ]);
    let error = failed_with(&files, "deep_nesting.pdf", "internal");
    assert!(error.contains("nested too deeply"), "{error}");
    assert_eq!(files["seed_000.pdf"].0, "ok");
}

/// What a dead worker said goes into files.csv the same on every run, whatever the
/// environment: with `RUST_BACKTRACE=1` the decompression bomb is still `too_large`, the stack
/// overflow's message carries no thread id, and two runs give byte-identical files.csv.
#[test]
fn worker_deaths_read_the_same_with_backtraces_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let thread_id = regex::Regex::new(r"thread '[^']*' \(").unwrap();
    let mut seen = Vec::new();
    for k in 0..2 {
        let out = tmp.path().join(format!("out{k}"));
        let status = bin()
            .args([
                "tests/fixtures/guard/inflate_bomb.pdf",
                "tests/fixtures/fuzz/abort/deep_nesting.pdf",
                "samples/referat_kkr_nordjylland_2020-09-04.txt",
                "--max-memory",
                "200",
                "--jobs",
                "2",
                "--quiet",
                "--out",
            ])
            .arg(&out)
            .env("RUST_BACKTRACE", "1")
            .env("RUST_LIB_BACKTRACE", "1")
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(3));
        let files = files_csv(&out);
        let bomb = failed_with(&files, "inflate_bomb.pdf", "too_large");
        assert!(bomb.contains("decompression bomb"), "{bomb}");
        let deep = failed_with(&files, "deep_nesting.pdf", "internal");
        assert!(deep.contains("nested too deeply"), "{deep}");
        assert!(
            !deep.contains("backtrace") && !thread_id.is_match(deep),
            "{deep}"
        );
        assert_eq!(files["referat_kkr_nordjylland_2020-09-04.txt"].0, "ok");
        seen.push(std::fs::read(out.join("files.csv")).unwrap());
    }
    assert!(seen[0] == seen[1], "files.csv differs between two runs");
}

/// A `--max-memory` the system does not allow (above a hard limit set in the shell) is not
/// ignored: the run stops with a message that says so; within the hard limit it reads.
#[test]
fn a_memory_limit_that_cannot_be_set_stops_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        root().join("samples/a_sans/seed_000.pdf"),
        input.join("a.pdf"),
    )
    .unwrap();
    let run = |mb: &str| {
        let out = tmp.path().join(format!("out-{mb}"));
        let script = format!(
            "ulimit -v 3000000 && exec \"$0\" \"$1\" --out \"$2\" --quiet --max-memory {mb}"
        );
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_kl-extract"))
            .arg(&input)
            .arg(&out)
            .output()
            .unwrap()
    };
    let refused = run("4096");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot limit a worker's memory to 4096 MB (--max-memory)"),
        "{stderr}"
    );
    let within = run("1024");
    assert_eq!(
        within.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&within.stderr)
    );
}

/// The resume key holds every stage's thresholds: after a threshold change, `--resume` reads the
/// files again; under the same thresholds it reuses them.
#[test]
fn resuming_after_a_threshold_change_reads_the_files_again() {
    use kl_extract::run::batch::{self, Options, Reuse};
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for f in [
        "samples/a_sans/seed_000.pdf",
        "samples/dagsorden_kkr_nordjylland_2020-06-19.md",
    ] {
        let p = root().join(f);
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    let inputs = batch::discover(std::slice::from_ref(&input)).unwrap();
    let mut opts = Options::new(tmp.path().join("out"));
    let first = batch::run(&inputs, &opts).unwrap();
    assert_eq!((first.ok, first.reused), (2, 0));
    opts.reuse = Reuse::Finished;
    assert_eq!(batch::run(&inputs, &opts).unwrap().reused, 2);
    opts.settings.structure.tables.row_gap += 0.05;
    assert_eq!(batch::run(&inputs, &opts).unwrap().reused, 0);
    assert_eq!(batch::run(&inputs, &opts).unwrap().reused, 2);
    opts.settings.repair.header_band += 0.01;
    assert_eq!(batch::run(&inputs, &opts).unwrap().reused, 0);
}
