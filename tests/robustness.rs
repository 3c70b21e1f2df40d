//! What other PDF projects test with: the 64 tricky and malformed PDFs of
//! `tests/fixtures/peers/robustness/ROBUSTNESS_CASES.csv` (qpdf, pdf.js, pdfminer.six, pypdf,
//! pdfplumber, py-pdf sample-files) and the corpus's broken files, all in one batch through the
//! command line: no panic, no hang, one row each with the expected status, and wherever a file
//! is readable its page count and the peers' text snippets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Case {
    id: String,
    file: String,
    expected_pages: usize,
    password: bool,
    snippets: Vec<String>,
    /// poppler's pdfinfo opens it.
    readable: bool,
}

fn cases() -> Vec<Case> {
    let dir = root().join("tests/fixtures/peers/robustness");
    let mut r = csv::Reader::from_path(dir.join("ROBUSTNESS_CASES.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let snippets: Vec<String> =
                serde_json::from_str(&rec[col("expected_text_snippets(json)")]).unwrap();
            Case {
                id: rec[col("case")].to_string(),
                file: rec[col("file")].to_string(),
                expected_pages: rec[col("expected_pages")].parse().unwrap(),
                password: rec[col("pdfinfo_rc")].contains("with password"),
                snippets,
                readable: rec[col("pdfinfo_rc")].starts_with('0'),
            }
        })
        .collect()
}

/// The passwords the case list names (user and owner), one per line.
const PASSWORDS: &str = "baz\nfoo\nusersecret\nasdfzxcv\nopenpassword\ntest\n623\n";

/// Readable files that have no text at all (pdftotext finds none either): `failed`, `no_text`.
const NO_TEXT: [&str; 2] = ["ROB26", "ROB28"];

/// Readable files with a content stream that does not decode: `partial`, their text as far as
/// it goes (the peers' snippets are still found).
const DAMAGED_STREAMS: [&str; 1] = ["ROB32"];

/// Files poppler reads that this tool cannot, and why: `failed` with a specific error.
const CANNOT_READ: [(&str, &str); 4] = [
    ("ROB04", "AES-256 revision 5 (Adobe extension level 3): neither lopdf nor pdf_oxide decrypts it (the page reads as empty)"),
    ("ROB05", "AES-256 revision 5, metadata not encrypted: as ROB04"),
    ("ROB25", "corrupt /Encrypt dictionary: refused as encrypted (poppler opens the file but finds no text either)"),
    ("ROB30", "bad /Kids entry: pdf_oxide cannot read the page tree"),
];

/// Readable files whose peers' snippets are not found, and why. The test checks this list is
/// exactly right, so a fix (or a new failure) shows.
const SNIPPETS_NOT_FOUND: [(&str, &str); 8] = [
    ("ROB32", "corrupted zlib stream: the partly decoded header line (\"Mai 30, 18 13:27\") is lost by pdf_oxide"),
    ("ROB34", "malformed page geometry: the text layer is judged unusable and OCR'd; Tesseract misreads the small digits"),
    ("ROB52", "soft hyphens in the font's encoding decode as \"Â\" + soft hyphen (\"MitÂar\u{ad}beiÂte\u{ad}rinnen\")"),
    ("ROB46", "ToUnicode CMap with leading zeros omitted: pdf_oxide maps the codes wrongly"),
    ("ROB48", "a supplementary-plane character (U+20BB7) comes out as a BMP character"),
    ("ROB49", "predefined vertical CMap without ToUnicode (Japanese): pdf_oxide has no CID → Unicode table"),
    ("ROB54", "digits spaced apart by the font's advance widths: \"851.5\" reads \"8 51.5\""),
    ("ROB61", "Arabic comes out in visual (left-to-right) order; no bidi reordering"),
];

/// Readable peer files whose page count is not the expected one: two of [`CANNOT_READ`], whose
/// page tree is not counted.
const PAGES_WRONG: [&str; 2] = ["ROB25", "ROB30"];

/// Snippets are compared with white space collapsed and Unicode composed.
fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Run {
    code: Option<i32>,
    stderr: String,
    files: BTreeMap<String, csv::StringRecord>,
    headers: csv::StringRecord,
    /// Text per file: its pages' text and the lines repair removed (running headers…).
    text: BTreeMap<String, String>,
}

fn run(inputs: &[&Path], passwords: bool) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let pw = tmp.path().join("passwords.txt");
    std::fs::write(&pw, PASSWORDS).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_kl-extract"));
    c.current_dir(root())
        .args(inputs)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "2", "--timeout", "120"]);
    if passwords {
        c.arg("--password-file").arg(&pw);
    }
    let o = c.output().unwrap();
    let mut r = csv::Reader::from_path(out.join("files.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let files: BTreeMap<String, csv::StringRecord> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x)
        })
        .collect();
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    let mut p = csv::Reader::from_path(out.join("pages.csv")).unwrap();
    let ph = p.headers().unwrap().clone();
    let t = ph.iter().position(|c| c == "text").unwrap();
    for rec in p.records() {
        let rec = rec.unwrap();
        let e = text.entry(rec[0].to_string()).or_default();
        e.push_str(&rec[t]);
        e.push('\n');
    }
    let mut m = csv::Reader::from_path(out.join("meetings.csv")).unwrap();
    let ids: BTreeMap<String, String> = m
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[2].to_string())
        })
        .collect();
    let mut rep = csv::Reader::from_path(out.join("repairs.csv")).unwrap();
    for rec in rep.records() {
        let rec = rec.unwrap();
        if &rec[4] == "running_header" || &rec[4] == "page_number" {
            let e = text.entry(ids[&rec[0]].clone()).or_default();
            e.push_str(&rec[2]);
            e.push('\n');
        }
    }
    Run {
        code: o.status.code(),
        stderr: String::from_utf8_lossy(&o.stderr).to_string(),
        files,
        headers,
        text,
    }
}

impl Run {
    fn get(&self, file: &str, col: &str) -> String {
        let k = self.headers.iter().position(|c| c == col).unwrap();
        let (_, rec) = self
            .files
            .iter()
            .find(|(name, _)| name.ends_with(file))
            .unwrap_or_else(|| panic!("no row for {file}"));
        rec[k].to_string()
    }

    fn text(&self, file: &str) -> String {
        self.text
            .iter()
            .find(|(name, _)| name.ends_with(file))
            .map(|(_, t)| norm(t))
            .unwrap_or_default()
    }
}

#[test]
fn peers_and_broken_files_in_one_batch() {
    let cases = cases();
    assert_eq!(cases.len(), 64);
    let peers = root().join("tests/fixtures/peers/robustness");
    let broken = root().join("tests/fixtures/broken");
    let r = run(&[&peers, &broken], true);
    // No panic, no backtrace; the batch finished with "some inputs failed".
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("backtrace"),
        "{}",
        r.stderr
    );
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(broken.join("expected.json")).unwrap())
            .unwrap();
    let broken_files = expected["files"].as_array().unwrap();
    assert_eq!(r.files.len(), 64 + broken_files.len(), "one row per input");

    let known_snippets: BTreeMap<&str, &str> = SNIPPETS_NOT_FOUND.into_iter().collect();
    let cannot_read: BTreeMap<&str, &str> = CANNOT_READ.into_iter().collect();
    let (mut readable, mut pages_right) = (0, 0);
    let mut snippets_missing = BTreeSet::new();
    let mut pages_wrong = BTreeSet::new();
    for c in &cases {
        let status = r.get(&c.file, "status");
        let kind = r.get(&c.file, "error_kind");
        let error = r.get(&c.file, "error");
        let pages: usize = r.get(&c.file, "pages").parse().unwrap();
        println!(
            "{} {:<48} {status:<8} {kind:<20} pages {pages}/{} {}",
            c.id,
            c.file,
            c.expected_pages,
            error.chars().take(90).collect::<String>()
        );
        // Never a crash or a hang, whatever the file.
        assert!(
            kind != "internal" && kind != "timeout",
            "{}: {kind}: {error}",
            c.id
        );
        if status == "failed" {
            assert!(error.len() > 15, "{}: vague error {error:?}", c.id);
        }
        if !c.readable {
            // poppler cannot open these either: a clear error or a reading, never a crash.
            continue;
        }
        readable += 1;
        // A file poppler opens is complete: whatever else is wrong with it, it is never
        // reported as cut off.
        assert!(
            !error.contains("truncated"),
            "{}: a readable file reported as truncated: {error}",
            c.id
        );
        if pages == c.expected_pages {
            pages_right += 1;
        } else {
            pages_wrong.insert(c.id.as_str());
        }
        if NO_TEXT.contains(&c.id.as_str()) {
            assert_eq!(
                (status.as_str(), kind.as_str()),
                ("failed", "no_text"),
                "{}",
                c.id
            );
            continue;
        }
        if cannot_read.contains_key(c.id.as_str()) {
            assert_eq!(status, "failed", "{}", c.id);
            continue;
        }
        if DAMAGED_STREAMS.contains(&c.id.as_str()) {
            // Read as far as the stream goes, the page named as not read completely.
            assert_eq!(
                (status.as_str(), kind.as_str()),
                ("partial", "truncated_or_corrupt"),
                "{}: {error}",
                c.id
            );
            assert!(error.contains("cannot be decoded"), "{}: {error}", c.id);
        } else {
            assert_eq!(status, "ok", "{}: {kind} {error}", c.id);
        }
        let text = r.text(&c.file);
        let missing: Vec<&String> = c
            .snippets
            .iter()
            .filter(|s| !text.contains(&norm(s)))
            .collect();
        if !missing.is_empty() {
            println!(
                "    missing {missing:?} in {:?}",
                text.chars().take(200).collect::<String>()
            );
            snippets_missing.insert(c.id.as_str());
        }
    }
    let share = pages_right as f64 / readable as f64;
    println!(
        "page counts right on {pages_right}/{readable} readable peer files ({:.1} %)",
        100.0 * share
    );
    assert!(
        share >= 0.95,
        "page counts right on only {pages_right}/{readable}"
    );
    assert_eq!(
        pages_wrong,
        PAGES_WRONG.into_iter().collect::<BTreeSet<_>>(),
        "page counts"
    );
    assert_eq!(
        snippets_missing,
        known_snippets.keys().copied().collect::<BTreeSet<_>>(),
        "files whose snippets are not found"
    );

    // The corpus's broken files, in the same batch: the expected kind, or read (then the
    // structure is checked against the truth by tests/broken.rs).
    for f in broken_files {
        let file = f["file"].as_str().unwrap().trim_start_matches("broken/");
        let status = r.get(file, "status");
        let kind = r.get(file, "error_kind");
        match f["expect"].as_str().unwrap() {
            "error" => {
                assert!(
                    status == "failed" || status == "partial" && kind == "truncated_or_corrupt",
                    "{file}: {status}"
                );
                assert_eq!(Some(kind.as_str()), f["error_kind"].as_str(), "{file}");
            }
            "ok" => assert_eq!(status, "ok", "{file}: {kind}"),
            _ => assert!(status == "ok" || status == "failed", "{file}"),
        }
    }
}

/// Without the passwords, every file that needs a user password is `encrypted`, with a
/// message that says what to do; files with only an owner password are read.
#[test]
fn encrypted_peers_without_a_password() {
    let cases = cases();
    let peers = root().join("tests/fixtures/peers/robustness");
    let r = run(&[&peers], false);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    let mut encrypted = 0;
    for c in cases.iter().filter(|c| c.password) {
        assert_eq!(r.get(&c.file, "status"), "failed", "{}", c.id);
        assert_eq!(r.get(&c.file, "error_kind"), "encrypted", "{}", c.id);
        assert!(r.get(&c.file, "error").contains("--password"), "{}", c.id);
        encrypted += 1;
    }
    assert_eq!(
        encrypted, 12,
        "the files the case list opens only with a password"
    );
    // Owner password only (empty user password): read without asking.
    for id in ["ROB11", "ROB15"] {
        let c = cases.iter().find(|c| c.id == id).unwrap();
        assert_eq!(r.get(&c.file, "status"), "ok", "{id}");
    }
}
