//! Inputs that are not what they seem (issue 20): text files in Windows-1252, an empty text
//! file, a FIFO or a link to `/dev/zero` named like a PDF, linked folders in an input folder,
//! `inspect` on files that crash, hang or outgrow their worker, and a participant list with one
//! line printed wrong. Every fixture is made here, by code.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
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

fn referat() -> String {
    std::fs::read_to_string(root().join("samples/referat_kkr_nordjylland_2020-09-04.txt")).unwrap()
}

/// Runs `cmd` to its end, but fails the test (killing it) if it takes longer than `limit`:
/// these inputs used to hang a run forever.
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            // Its workers are in their own process groups and stop once their parent is gone.
            panic!("still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// files.csv of `out`: source file → (status, error_kind, error, content_hash).
fn files_csv(out: &Path) -> BTreeMap<String, (String, String, String, String)> {
    let mut r = csv::Reader::from_path(out.join("files.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (
                x[0].to_string(),
                (
                    x[1].to_string(),
                    x[5].to_string(),
                    x[6].to_string(),
                    x[7].to_string(),
                ),
            )
        })
        .collect()
}

/// One column of a CSV file of `out`, by meeting id (or source file) in its first column.
fn column(out: &Path, file: &str, name: &str) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(out.join(file)).unwrap();
    let k = r.headers().unwrap().iter().position(|h| h == name).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[k].to_string())
        })
        .collect()
}

#[test]
fn windows_1252_and_utf8_text_files_read_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let text = referat();
    assert!(text.contains('–') && text.contains('ø') && text.contains('Å'));
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable && cp1252.contains(&0x96));
    std::fs::write(input.join("a_utf8.txt"), &text).unwrap();
    std::fs::write(
        input.join("b_bom.txt"),
        [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    std::fs::write(input.join("c_cp1252.txt"), &cp1252).unwrap();
    let out = tmp.path().join("out");
    let o = run_within(
        {
            let mut c = bin();
            c.arg(&input).arg("--out").arg(&out).arg("--quiet");
            c
        },
        Duration::from_secs(300),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The page text of all three is the file's text as written, line for line.
    let pages = column(&out, "pages.csv", "text");
    assert_eq!(pages.len(), 3);
    let want: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    for (source, page) in &pages {
        assert!(!page.contains('\u{96}'), "{source}: a C1 control character");
        assert!(page.contains('ø') && page.contains('Å'), "{source}");
        assert_eq!(
            page.lines().filter(|l| l.contains('–')).count(),
            want.iter().filter(|l| l.contains('–')).count(),
            "{source}: the en dashes"
        );
    }
    assert_eq!(pages[0].1, pages[1].1, "a byte-order mark changes nothing");
    assert_eq!(
        pages[0].1, pages[2].1,
        "Windows-1252 reads as the UTF-8 file"
    );
    // Items, titles and sections are the same; only the Windows-1252 file has a warning.
    for (file, col) in [
        ("items.csv", "title"),
        ("items.csv", "sagsfremstilling"),
        ("participants.csv", "name"),
    ] {
        let rows = column(&out, file, col);
        let of = |id: &str| -> Vec<&String> {
            rows.iter()
                .filter(|(m, _)| m == id)
                .map(|(_, v)| v)
                .collect()
        };
        assert!(!of("a_utf8-txt").is_empty(), "{file}");
        assert_eq!(of("a_utf8-txt"), of("b_bom-txt"), "{file} {col}");
        assert_eq!(of("a_utf8-txt"), of("c_cp1252-txt"), "{file} {col}");
    }
    let first_non_ascii = cp1252.iter().position(|&b| b >= 0x80).unwrap();
    let warnings = column(&out, "meetings.csv", "warnings");
    let warning = |id: &str| warnings.iter().find(|(m, _)| m == id).unwrap().1.clone();
    assert!(!warning("a_utf8-txt").contains("UTF-8"));
    assert!(!warning("b_bom-txt").contains("UTF-8"));
    let want = format!("not valid UTF-8 (byte {first_non_ascii}); read as Windows-1252");
    assert!(
        warning("c_cp1252-txt").contains(&want),
        "{}",
        warning("c_cp1252-txt")
    );
}

#[test]
fn an_empty_text_file_is_empty_file() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("empty.md"), b"").unwrap();
    std::fs::write(input.join("blank.txt"), b"\n  \n\n").unwrap();
    let out = tmp.path().join("out");
    let status = bin()
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
    let files = files_csv(&out);
    for name in ["empty.txt", "empty.md"] {
        let (status, kind, error, _) = &files[&format!("{}/{name}", input.display())];
        assert_eq!(
            (status.as_str(), kind.as_str(), error.as_str()),
            ("failed", "empty_file", "the file is empty (0 bytes)"),
            "{name}"
        );
    }
    let (_, kind, _, _) = &files[&format!("{}/blank.txt", input.display())];
    assert_eq!(kind, "no_text", "whitespace only is a file without text");
}

/// A 5 MB text file without form feeds is read in pages of at most about 2 MB (cut at blank
/// lines), so that no later stage works on one huge page (writing one 200 MB page's text to
/// pages.csv took minutes); a text under 1 MB, as every seed, is one page as before.
#[test]
fn a_huge_text_file_is_read_in_pages_of_bounded_size() {
    let text = referat().repeat(100);
    let doc = kl_extract::input::text::read_text("big.txt", text.as_bytes(), false).unwrap();
    assert!(doc.pages.len() >= 3, "{} pages", doc.pages.len());
    for p in &doc.pages {
        let bytes: usize = p.lines.iter().map(|l| l.text().len() + 1).sum();
        assert!(
            bytes <= (2 << 20) + (1 << 16),
            "page {}: {bytes} bytes",
            p.number
        );
    }
    let lines: usize = doc.pages.iter().map(|p| p.lines.len()).sum();
    let want = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(lines, want, "every line, once");
    for seed in [
        "dagsorden_kkr_nordjylland_2020-06-19.md",
        "referat_kkr_nordjylland_2020-09-04.txt",
    ] {
        let bytes = std::fs::read(root().join("tests/fixtures/seeds").join(seed)).unwrap();
        let doc = kl_extract::input::text::read_text(seed, &bytes, seed.ends_with(".md")).unwrap();
        assert_eq!(doc.pages.len(), 1, "{seed}");
    }
}

/// A FIFO named `x.pdf` and a link to `/dev/zero` named `zero.pdf` beside a real file: the run
/// ends, each gets its row saying what it is, and so does a run with `--resume` (which hashes
/// the inputs in the supervisor).
#[test]
fn fifos_and_devices_get_a_row_and_never_hang_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let fifo = input.join("x.pdf");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/zero", input.join("zero.pdf")).unwrap();
    std::fs::write(input.join("real.txt"), referat()).unwrap();
    let out = tmp.path().join("out");
    for extra in [&[][..], &["--resume"][..], &["--retry-failed"][..]] {
        let mut cmd = bin();
        cmd.arg(&input)
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--timeout", "20"])
            .args(extra);
        let o = run_within(cmd, Duration::from_secs(120));
        assert_eq!(o.status.code(), Some(3), "{extra:?}");
        let files = files_csv(&out);
        assert_eq!(files.len(), 3, "{extra:?}: {files:?}");
        let row = |name: &str| files[&format!("{}/{name}", input.display())].clone();
        assert_eq!(
            row("x.pdf"),
            (
                "failed".into(),
                "io_error".into(),
                "not a regular file (a FIFO): only regular files are read".into(),
                String::new()
            )
        );
        assert_eq!(
            row("zero.pdf"),
            (
                "failed".into(),
                "io_error".into(),
                "not a regular file (a character device): only regular files are read".into(),
                String::new()
            )
        );
        assert_eq!(row("real.txt").0, "ok");
        assert_eq!(row("real.txt").3.len(), 32, "a regular file is hashed");
    }
    // Named on the command line, and to inspect.
    let mut cmd = bin();
    cmd.arg(&fifo)
        .arg("--out")
        .arg(tmp.path().join("out2"))
        .arg("--quiet");
    assert_eq!(
        run_within(cmd, Duration::from_secs(120)).status.code(),
        Some(3)
    );
    let mut cmd = bin();
    cmd.arg("inspect").arg(&fifo);
    let o = run_within(cmd, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("not a regular file (a FIFO)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// A small meeting document with one item.
fn doc(title: &str) -> String {
    format!("Referat\n\nByrådet\n\nDato: 3. april 2019\n\n1. {title}\n\nSagsfremstilling\n\nTekst om {title}.\n")
}

/// Linked folders in an input folder are followed; a link back up (a loop), a second link to a
/// folder read already and a link to nothing are skipped, each named on stderr with why.
#[test]
fn linked_folders_are_followed_once() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let ext = tmp.path().join("elsewhere");
    std::fs::create_dir_all(input.join("real/deeper")).unwrap();
    std::fs::create_dir_all(ext.join("more")).unwrap();
    std::fs::write(input.join("real/a.txt"), doc("Alfa")).unwrap();
    std::fs::write(input.join("real/deeper/b.md"), doc("Beta")).unwrap();
    for (k, name) in ["c.txt", "d.txt", "more/e.txt"].iter().enumerate() {
        std::fs::write(ext.join(name), doc(&format!("Ekstern {k}"))).unwrap();
    }
    // in/linked → ../elsewhere (3 files), in/real/deeper/up → .. (a loop), in/again → real
    // (read already), in/elsewhere-too → ../elsewhere (read already, under in/linked), a
    // dangling link, and a loop through the linked folder.
    symlink("../elsewhere", input.join("linked")).unwrap();
    symlink("..", input.join("real/deeper/up")).unwrap();
    symlink("real", input.join("again")).unwrap();
    symlink("../elsewhere", input.join("zz-elsewhere-too")).unwrap();
    symlink("/nonexistent/folder", input.join("broken")).unwrap();
    symlink("..", ext.join("more/back")).unwrap();
    // A link to a folder inside a linked one, followed before it ("a-more" < "linked"): the
    // linked folder's own subfolder is then not read a second time.
    symlink("../elsewhere/more", input.join("a-more")).unwrap();

    let (inputs, skipped) = kl_extract::run::batch::find(std::slice::from_ref(&input)).unwrap();
    let rel = |p: &Path| {
        p.strip_prefix(&input)
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let found: Vec<String> = inputs.iter().map(|i| rel(&i.path)).collect();
    assert_eq!(
        found,
        [
            "a-more/e.txt",
            "linked/c.txt",
            "linked/d.txt",
            "real/a.txt",
            "real/deeper/b.md"
        ]
    );
    let skipped: BTreeMap<String, String> = skipped
        .iter()
        .map(|s| (rel(&s.path), s.reason.clone()))
        .collect();
    assert_eq!(
        skipped.keys().collect::<Vec<_>>(),
        [
            "a-more/back",
            "again",
            "broken",
            "linked/more",
            "real/deeper/up",
            "zz-elsewhere-too"
        ]
    );
    let reason = |k: &str| skipped[k].clone();
    assert!(reason("a-more/back").contains("(a loop)"), "{skipped:?}");
    assert!(reason("real/deeper/up").contains("(a loop)"), "{skipped:?}");
    assert!(
        reason("again").starts_with("a link to a folder read already as")
            && reason("again").ends_with("in/real"),
        "{skipped:?}"
    );
    assert!(
        reason("zz-elsewhere-too").ends_with("in/linked"),
        "{skipped:?}"
    );
    assert!(
        reason("linked/more").starts_with("a folder read already as")
            && reason("linked/more").ends_with("in/a-more"),
        "{skipped:?}"
    );
    assert!(
        reason("broken").contains("/nonexistent/folder"),
        "{skipped:?}"
    );

    // The run reads the five files and says on stderr what it skipped.
    let out = tmp.path().join("out");
    let o = bin()
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(files_csv(&out).len(), 5);
    let stderr = String::from_utf8_lossy(&o.stderr);
    for name in skipped.keys() {
        assert!(
            stderr.contains(&format!(
                "kl-extract: skipped {}: ",
                input.join(name).display()
            )),
            "{name}: {stderr}"
        );
    }
    // … and run.json lists them, with their reasons.
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let listed: BTreeMap<String, String> = run["skipped_paths"]
        .as_array()
        .expect("run.json lists the skipped paths")
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let name = path.strip_prefix(&format!("{}/", input.display())).unwrap();
            (name.to_string(), s["reason"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        listed.keys().collect::<Vec<_>>(),
        skipped.keys().collect::<Vec<_>>()
    );
    assert!(listed.values().all(|r| !r.is_empty()));
}

/// `inspect` reads the file in a worker process as a run does: a stack overflow in the PDF
/// parser, a file that hangs (a stand-in Tesseract that sleeps) and one that needs more memory
/// than allowed each cost the worker, not `inspect`, and exit with 3 and the reason.
#[test]
fn inspect_reads_in_an_isolated_worker() {
    // Arrays nested 100,000 deep: the parser overflows its stack (this aborted inspect: 134).
    let o = bin()
        .args(["inspect", "tests/fixtures/fuzz/abort/deep_nesting.pdf"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("failed, 0 pages") && stdout.contains("error (internal)"),
        "{stdout}"
    );
    assert!(stdout.contains("nested too deeply"), "{stdout}");

    // A page that never finishes, stopped by --timeout.
    let tmp = tempfile::tempdir().unwrap();
    let fake = common::fake_tesseract(&tmp.path().join("tesseract"), "sleep 600");
    let mut cmd = bin();
    cmd.args([
        "inspect",
        "tests/fixtures/pdf/scanned/seed_000.pdf",
        "--timeout",
        "3",
    ])
    .env("KL_EXTRACT_TESSERACT", &fake);
    let start = Instant::now();
    let o = run_within(cmd, Duration::from_secs(120));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{stdout}");
    assert!(start.elapsed() < Duration::from_secs(60));
    assert!(
        stdout.contains("error (timeout): stopped after 3 s (--timeout 3)"),
        "{stdout}"
    );

    // More memory than --max-memory allows: a 20 MB text file in 256 MB.
    let big = tmp.path().join("big.txt");
    std::fs::write(&big, referat().repeat(400)).unwrap();
    let mut cmd = bin();
    cmd.arg("inspect").arg(&big).args(["--max-memory", "256"]);
    let o = run_within(cmd, Duration::from_secs(300));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("error (too_large): reading this file needed more memory than allowed (the limit is 256 MB, --max-memory)"),
        "{stdout}"
    );
    // And --max-file-size.
    let mut cmd = bin();
    cmd.arg("inspect").arg(&big).args(["--max-file-size", "1"]);
    let o = run_within(cmd, Duration::from_secs(120));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("(--max-file-size)"), "{stdout}");
    // A document read completely still exits 0, with its outline.
    let o = bin()
        .args(["inspect", "samples/referat_kkr_nordjylland_2020-09-04.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Items (19)"));
}

/// One participant line printed without its opening bracket: the list goes on (16 present, 7
/// absent, as in the sample), the line is kept as the name, and a warning names it.
#[test]
fn a_malformed_participant_line_does_not_end_the_list() {
    let text = referat();
    let line = "Ulla Vestergaard (A) Thisted Kommune";
    assert!(text.contains(line));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("loose.txt");
    std::fs::write(
        &path,
        text.replace(line, "Ulla Vestergaard A) Thisted Kommune"),
    )
    .unwrap();
    let r = kl_extract::pipeline::process(&path, "loose.txt", "loose", None, &Default::default());
    let m = r.meeting.unwrap();
    let people = &m.structure.participants;
    let present = people
        .iter()
        .filter(|p| p.attendance == kl_extract::structure::Attendance::Present)
        .count();
    assert_eq!((present, people.len() - present), (16, 7));
    let ulla = people
        .iter()
        .find(|p| p.name == "Ulla Vestergaard")
        .unwrap();
    assert_eq!(
        (ulla.party.as_deref(), ulla.municipality.as_deref()),
        (None, None)
    );
    assert_eq!(
        people[2].name, "Arne M. Jensen",
        "the list goes on after it"
    );
    assert!(
        m.warnings.iter().any(|w| w
            == "participant line read loosely (name only, without party) on page 1: \
                \"Ulla Vestergaard A) Thisted Kommune\""),
        "{:?}",
        m.warnings
    );
}
