//! The output folder is the tool's only as far as it wrote it (issue 20): a run removes or
//! replaces only the files its list of outputs (`OUT/.kl-extract/outputs`) names, never follows
//! a link out of `--out`, refuses a file it did not write where it must write one; a long input
//! name costs nothing; one run at a time; `merge` wants every shard; `--jobs` and `--max-memory`
//! are held to what the machine can do; OCR's temporary files stay in the run's own folder.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kl-extract"));
    c.current_dir(root());
    c
}

/// Runs kl-extract with `args` and `--out out --quiet`.
fn run(args: &[&str], out: &Path) -> Output {
    bin()
        .args(args)
        .args(["--quiet", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, relative, sorted (the store's included when `store`).
fn files(dir: &Path, store: bool) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, store: bool, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().to_string();
            if !store && rel.starts_with(".kl-extract") {
                continue;
            }
            if p.is_dir() && !p.is_symlink() {
                walk(base, &p, store, out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, store, &mut v);
    v.sort();
    v
}

fn listed(out: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(out.join(".kl-extract/outputs")).unwrap();
    let mut v: Vec<String> = text.lines().map(str::to_string).collect();
    v.sort();
    v
}

const SEED: &str = "samples/a_sans/seed_000.pdf";
const TEXT: &str = "samples/referat_kkr_nordjylland_2020-09-04.txt";

#[test]
fn a_run_removes_only_the_files_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // A user's own files beside the outputs, in the folders the tool writes into too.
    let theirs = [
        "notes.txt",
        "tables/notes.csv",
        "json/mine.txt",
        "json/deep/x.json",
        "json/other-meeting.json",
    ];
    for f in theirs {
        let p = out.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, f).unwrap();
    }
    for formats in ["csv", "csv,json", "json", "xlsx", "csv"] {
        let o = run(&[SEED, TEXT, "--format", formats], &out);
        assert_eq!(o.status.code(), Some(0), "{formats}: {}", stderr(&o));
        for f in theirs {
            assert_eq!(
                std::fs::read_to_string(out.join(f)).unwrap(),
                f,
                "{f} after --format {formats}"
            );
        }
        // The list is exactly what the run left.
        let mut mine = files(&out, false);
        mine.retain(|f| !theirs.contains(&f.as_str()));
        assert_eq!(listed(&out), mine, "--format {formats}");
        let has = |p: &str| mine.iter().any(|f| f.starts_with(p));
        assert_eq!(has("files.csv"), formats.contains("csv"), "{formats}");
        assert_eq!(has("tables/seed_000-pdf-t1.csv"), formats.contains("csv"));
        assert_eq!(has("json/seed_000-pdf.json"), formats.contains("json"));
        assert_eq!(has("kl-extract.xlsx"), formats.contains("xlsx"));
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_output_folder_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.csv"), "mine").unwrap();
    for link in ["tables", ".kl-extract", "files.csv"] {
        let out = tmp
            .path()
            .join(format!("out-{}", link.trim_start_matches('.')));
        std::fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join(link)).unwrap();
        let o = run(&[SEED], &out);
        assert_eq!(o.status.code(), Some(2), "{link}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!("{}", out.join(link).display())) && e.contains("symbolic link"),
            "{e}"
        );
        assert_eq!(
            files(&elsewhere, true),
            ["keep.csv"],
            "nothing written or removed through {link}"
        );
    }
}

#[test]
fn a_file_the_tool_did_not_write_where_it_must_write_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for theirs in [
        "files.csv",
        "tables/seed_000-pdf-t2.csv",
        "json/seed_000-pdf.json",
    ] {
        let out = tmp.path().join(theirs.replace('/', "_"));
        let p = out.join(theirs);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "mine").unwrap();
        let o = run(&[SEED, "--format", "csv,json"], &out);
        assert_eq!(o.status.code(), Some(2), "{theirs}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(&format!("{} is in the way", p.display())), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "mine");
        assert!(!out.join("meetings.csv").exists());
    }
    // Once the tool has written a file of that name, it is its own: rerunning (and resuming)
    // replaces it.
    let out = tmp.path().join("again");
    assert_eq!(run(&[SEED], &out).status.code(), Some(0));
    assert_eq!(run(&[SEED], &out).status.code(), Some(0));
    assert_eq!(run(&[SEED, "--resume"], &out).status.code(), Some(0));
    assert!(listed(&out).contains(&"tables/seed_000-pdf-t2.csv".to_string()));
}

/// A folder written by a kl-extract that kept no list (0.2.0: the committed `output/`) is
/// recognised by its run.json and rewritten.
#[test]
fn an_output_folder_of_an_earlier_version_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let committed = root().join("output");
    for f in files(&committed, false) {
        let to = out.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(committed.join(&f), to).unwrap();
    }
    std::fs::write(out.join("tables/notes.csv"), "mine").unwrap();
    std::fs::write(out.join(".notes.txt.tmp-5"), "mine").unwrap();
    // Temporary files an older version's killed run left beside its outputs.
    std::fs::write(out.join(".files.csv.tmp-1234"), "half").unwrap();
    std::fs::write(
        out.join("tables/.a_sans-seed_000-pdf-t1.csv.tmp-99"),
        "half",
    )
    .unwrap();
    let o = run(&["samples"], &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.join("items.csv")).unwrap(),
        std::fs::read(committed.join("items.csv")).unwrap()
    );
    assert!(out.join("tables/notes.csv").exists());
    assert!(out.join(".notes.txt.tmp-5").exists());
    assert!(!out.join(".files.csv.tmp-1234").exists());
    assert!(!out
        .join("tables/.a_sans-seed_000-pdf-t1.csv.tmp-99")
        .exists());
}

/// An input named with 118 × `æ` (240 bytes): its table files and document would be named
/// past the 255 bytes a file name may have. The id is cut with a hash of the whole, the same on
/// every run; nothing fails, and no temporary file is left.
#[test]
fn a_long_input_name_fails_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let long = format!("{}.pdf", "æ".repeat(118));
    assert_eq!(long.len(), 240);
    std::fs::copy(root().join(SEED), input.join(&long)).unwrap();
    std::fs::copy(root().join(TEXT), input.join("referat.txt")).unwrap();
    let out = tmp.path().join("out");
    let mut first = None;
    for _ in 0..2 {
        let o = bin()
            .arg(&input)
            .args(["--quiet", "--format", "csv,json", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let all = files(&out, true);
        assert!(
            !all.iter()
                .any(|f| f.contains(".tmp") || f.contains("/tmp/")),
            "{all:?}"
        );
        let mine = files(&out, false);
        for f in &mine {
            let name = f.rsplit('/').next().unwrap();
            assert!(name.len() <= 120, "{f}");
        }
        let tables: Vec<&String> = mine.iter().filter(|f| f.starts_with("tables/ææ")).collect();
        assert_eq!(tables.len(), 6, "{mine:?}");
        assert!(mine.contains(&format!(
            "json/{}.json",
            &tables[0]["tables/".len()..tables[0].len() - "-t1.csv".len()]
        )));
        let files_csv = std::fs::read_to_string(out.join("files.csv")).unwrap();
        assert_eq!(files_csv.lines().count(), 3);
        assert!(files_csv.contains(&long) && !files_csv.contains(",failed,"));
        match &first {
            None => first = Some(mine),
            Some(f) => assert_eq!(f, &mine, "the same names on every run"),
        }
    }
}

/// A fake Tesseract that sleeps `secs` on every page, and logs the image it was given.
fn slow_tesseract(dir: &Path, secs: u32) -> PathBuf {
    let log = dir.join("images.log");
    common::fake_tesseract(
        &dir.join(format!("tesseract-{secs}")),
        &format!("echo \"$1\" >> '{}'\nsleep {secs}", log.display()),
    )
}

const SCAN: &str = "tests/fixtures/pdf/scanned/seed_000.pdf";

#[cfg(unix)]
#[test]
fn a_second_run_into_the_same_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let tesseract = slow_tesseract(tmp.path(), 30);
    let out = tmp.path().join("out");
    let args = [TEXT, SCAN, "--timeout", "6", "--jobs", "2"];
    let mut first = bin()
        .args(args)
        .args(["--quiet", "--out"])
        .arg(&out)
        .env("KL_EXTRACT_TESSERACT", &tesseract)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = out.join(".kl-extract/lock");
    let start = Instant::now();
    while std::fs::read_to_string(&lock).map_or(true, |t| t.trim().is_empty()) {
        assert!(start.elapsed() < Duration::from_secs(30), "no lock taken");
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = run(&[TEXT], &out);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    let e = stderr(&second);
    assert!(
        e.contains(&format!("another kl-extract run (process {})", first.id())),
        "{e}"
    );
    // The first run goes on undisturbed, to the same outputs as a run alone.
    assert_eq!(first.wait().unwrap().code(), Some(3));
    let alone = tmp.path().join("alone");
    let o = bin()
        .args(args)
        .args(["--quiet", "--out"])
        .arg(&alone)
        .env("KL_EXTRACT_TESSERACT", &tesseract)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(files(&out, false), files(&alone, false));
    for f in files(&alone, false) {
        if f != "run.json" {
            assert!(
                std::fs::read(out.join(&f)).unwrap() == std::fs::read(alone.join(&f)).unwrap(),
                "{f}"
            );
        }
    }
    // The scanned file was stopped, with its OCR's page images in the run's own temporary
    // folder (TMPDIR of the worker), which is gone with the run.
    let images = std::fs::read_to_string(tmp.path().join("images.log")).unwrap();
    assert!(!images.is_empty());
    for image in images.lines() {
        let image = Path::new(image);
        assert!(
            image.starts_with(std::path::absolute(out.join(".kl-extract/tmp")).unwrap())
                || image.starts_with(std::path::absolute(alone.join(".kl-extract/tmp")).unwrap()),
            "{}",
            image.display()
        );
        assert!(!image.exists(), "{} left behind", image.display());
    }
    assert!(!out.join(".kl-extract/tmp").exists());
}

/// The lock of a run that was killed is taken over.
#[test]
fn a_stale_lock_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join(".kl-extract")).unwrap();
    std::fs::write(out.join(".kl-extract/lock"), "999999999\n").unwrap();
    let o = run(&[TEXT], &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn jobs_are_capped_at_twice_the_cores() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run(&[TEXT, SEED, "--jobs", "1000"], &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cores = std::thread::available_parallelism().unwrap().get();
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "--jobs 1000 is more than 2 per core ({cores} cores): {} workers",
            2 * cores
        )),
        "{e}"
    );
    assert_eq!(e.matches("--jobs 1000").count(), 1, "said once: {e}");
    let run_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run_json["jobs"], 2 * cores);
}

#[test]
fn too_little_memory_for_a_worker_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run(&[TEXT, "--max-memory", "50"], &out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "give at least {}",
            kl_extract::run::worker::MIN_MEMORY_MB
        )),
        "{e}"
    );
    assert!(!out.join("files.csv").exists());
    // The minimum itself reads a file.
    let min = kl_extract::run::worker::MIN_MEMORY_MB.to_string();
    let o = run(&[TEXT, SEED, "--max-memory", &min, "--jobs", "2"], &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
