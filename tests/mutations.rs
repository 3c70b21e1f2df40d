//! A mutation batch: 300 damaged variants of three corpus renders, made here with a fixed seed
//! (byte flips in streams and in the cross-reference table, truncations, broken references,
//! lying `/Length`, huge `/Count` and `/MediaBox`), and a decompression bomb, run in one batch
//! through the command line together with the good files: no panic, one row per input, no
//! `internal` error, nothing past `--timeout`; the good files come out exactly as in a run
//! without the bad ones; a damaged file is never `ok` with pages emptied that the intact file
//! has text on; and where MuPDF's `mutool` is installed (Debian package `mupdf-tools`), for
//! every truncated file at least the pages whose text MuPDF recovers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const SOURCES: [&str; 3] = [
    "tests/fixtures/pdf/a_sans/seed_000.pdf",
    "tests/fixtures/pdf/b_typst/seed_001.pdf",
    "tests/fixtures/pdf/a_carlito/seed_001.pdf",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// xorshift64*: the same variants on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// The variants of one PDF: (kind, bytes).
fn variants(pdf: &[u8], rng: &mut Rng) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let streams: Vec<usize> = find_all(pdf, b"stream\n")
        .into_iter()
        .filter(|&i| i < 3 || &pdf[i - 3..i] != b"end")
        .map(|i| i + 7)
        .collect();
    let xref = pdf
        .windows(6)
        .rposition(|w| w == b"\nxref\n")
        .map(|i| i + 1);
    let refs = regex::bytes::Regex::new(r"\b(\d+) 0 R\b").unwrap();
    let refs: Vec<(usize, usize)> = refs
        .captures_iter(pdf)
        .map(|c| (c.get(1).unwrap().start(), c.get(1).unwrap().end()))
        .collect();
    let lengths: Vec<(usize, usize)> = regex::bytes::Regex::new(r"/Length (\d+)")
        .unwrap()
        .captures_iter(pdf)
        .map(|c| (c.get(1).unwrap().start(), c.get(1).unwrap().end()))
        .collect();
    for _ in 0..40 {
        let mut b = pdf.to_vec();
        let at = streams[rng.below(streams.len())] + rng.below(200);
        for k in 0..1 + rng.below(8) {
            if let Some(x) = b.get_mut(at + k) {
                *x ^= 1 + rng.below(255) as u8;
            }
        }
        out.push(("stream byte flips", b));
    }
    for _ in 0..20 {
        let mut b = pdf.to_vec();
        if let Some(x) = xref {
            let at = x + rng.below(pdf.len() - x);
            b[at] ^= 1 + rng.below(255) as u8;
        }
        out.push(("xref byte flip", b));
    }
    for _ in 0..20 {
        let cut = pdf.len() * (5 + rng.below(94)) / 100;
        out.push(("truncation", pdf[..cut].to_vec()));
    }
    for _ in 0..10 {
        let mut b = pdf.to_vec();
        let (s, e) = refs[rng.below(refs.len())];
        for x in &mut b[s..e] {
            *x = b'9';
        }
        out.push(("broken reference", b));
    }
    for _ in 0..5 {
        let mut b = pdf.to_vec();
        let (s, e) = lengths[rng.below(lengths.len())];
        for x in &mut b[s..e] {
            *x = b'0' + rng.below(10) as u8;
        }
        out.push(("lying /Length", b));
    }
    for _ in 0..3 {
        let at = find_all(pdf, b"/Count ");
        let mut b = pdf.to_vec();
        if let Some(&i) = at.first() {
            let end = i + 7 + b[i + 7..].iter().take_while(|c| c.is_ascii_digit()).count();
            b.splice(i + 7..end, b"2147483647".iter().copied());
        }
        out.push(("huge /Count", b));
    }
    for _ in 0..2 {
        let mut b = pdf.to_vec();
        if let Some(&i) = find_all(pdf, b"/MediaBox").first() {
            let end = i + b[i..].iter().position(|&c| c == b']').unwrap_or(0) + 1;
            b.splice(i..end, b"/MediaBox[0 0 99999999999 1e38]".iter().copied());
        }
        out.push(("huge /MediaBox", b));
    }
    out
}

/// Reads a run's CSV file into rows keyed by their first column.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn run(inputs: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kl-extract"))
        .arg(inputs)
        .args(["--quiet", "--timeout", "60", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

/// Whether a page's text is text: at least five words of two letters or more (not the
/// replacement characters or symbols a reader gives for glyphs it cannot map).
fn has_text(page: &str) -> bool {
    let word = |w: &&str| {
        let n = w.chars().count();
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 2 && letters * 5 >= n * 4 && !w.contains('\u{fffd}')
    };
    page.split_whitespace().filter(word).count() >= 5
}

/// Pages MuPDF gives text for (`None` when mutool is not installed).
fn mutool_text_pages(pdf: &Path) -> Option<usize> {
    let out = Command::new("mutool")
        .args(["draw", "-q", "-F", "txt", "-o", "-"])
        .arg(pdf)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // Compared with this tool's page text, which has its running headers and footers taken
    // out: lines on many pages (digits aside) are taken out here too.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let key = |l: &str| -> String {
        l.trim()
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in &pages {
        let mut seen: Vec<String> = p.lines().map(key).filter(|k| !k.is_empty()).collect();
        seen.sort();
        seen.dedup();
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let furniture = |l: &str| counts.get(&key(l)).copied().unwrap_or(0) * 5 >= pages.len() * 2;
    Some(
        pages
            .iter()
            .filter(|p| {
                let body: Vec<&str> = p.lines().filter(|l| !furniture(l)).collect();
                has_text(&body.join("\n"))
            })
            .count(),
    )
}

#[test]
fn three_hundred_damaged_variants_in_one_batch() {
    let tmp = tempfile::tempdir().unwrap();
    // KL_EXTRACT_MUTATIONS_DIR keeps the variants and outputs there, to look at a failure.
    let keep = std::env::var_os("KL_EXTRACT_MUTATIONS_DIR").map(PathBuf::from);
    let base = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let tmp_path = base.as_path();
    let bad_dir = tmp_path.join("in");
    let good_dir = tmp_path.join("good");
    std::fs::create_dir_all(&bad_dir).unwrap();
    std::fs::create_dir_all(&good_dir).unwrap();
    let mut rng = Rng(0x5eed_2026_1201);
    let mut kinds: BTreeMap<String, (&str, PathBuf)> = BTreeMap::new();
    for (s, src) in SOURCES.iter().enumerate() {
        let pdf = std::fs::read(root().join(src)).unwrap();
        for dir in [&bad_dir, &good_dir] {
            std::fs::write(dir.join(format!("good_{s}.pdf")), &pdf).unwrap();
        }
        for (k, (kind, bytes)) in variants(&pdf, &mut rng).into_iter().enumerate() {
            let name = format!("m{s}_{k:03}.pdf");
            let path = bad_dir.join(&name);
            std::fs::write(&path, bytes).unwrap();
            kinds.insert(name, (kind, path));
        }
    }
    std::fs::copy(
        root().join("tests/fixtures/guard/inflate_bomb.pdf"),
        bad_dir.join("bomb.pdf"),
    )
    .unwrap();
    assert_eq!(kinds.len(), 300);

    let start = std::time::Instant::now();
    let out = tmp_path.join("out");
    let r = run(&bad_dir, &out);
    let stderr = String::from_utf8_lossy(&r.stderr);
    println!(
        "batch of {} files: {:.1} s",
        kinds.len() + 4,
        start.elapsed().as_secs_f64()
    );
    assert!(matches!(r.status.code(), Some(0) | Some(3)), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let files = rows(&out.join("files.csv"));
    assert_eq!(files.len(), kinds.len() + 4, "one row per input");
    let mut tally: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in &files {
        let kind = f["error_kind"].as_str();
        assert!(
            kind != "internal" && kind != "timeout",
            "{}: {kind} {}",
            f["source_file"],
            f["error"]
        );
        let name = Path::new(&f["source_file"])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        if let Some((k, _)) = kinds.get(&name) {
            *tally
                .entry((k.to_string(), f["status"].clone()))
                .or_default() += 1;
        }
    }
    for ((kind, status), n) in &tally {
        println!("{kind:<20} {status:<8} {n}");
    }

    // The good files, alone: the same rows.
    let alone = tmp_path.join("alone");
    let r2 = run(&good_dir, &alone);
    assert_eq!(r2.status.code(), Some(0));
    for file in [
        "meetings.csv",
        "items.csv",
        "sections.csv",
        "table_cells.csv",
    ] {
        let pick = |rows: Vec<BTreeMap<String, String>>| -> Vec<BTreeMap<String, String>> {
            rows.into_iter()
                .filter(|r| r["meeting_id"].starts_with("good_"))
                .map(|mut r| {
                    r.remove("source_file");
                    r
                })
                .collect()
        };
        assert!(
            pick(rows(&out.join(file))) == pick(rows(&alone.join(file))),
            "{file}: the good files differ in a batch with damaged ones"
        );
    }

    // A damaged file is `ok` only with every page the intact file has text on still read.
    let pages = rows(&out.join("pages.csv"));
    let mut words: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for p in &pages {
        let name = Path::new(&p["source_file"])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        words.insert(
            (name, p["page"].parse().unwrap()),
            p["words"].parse().unwrap(),
        );
    }
    let mut mupdf_checked = 0;
    let (mut ours_total, mut mupdf_total) = (0, 0);
    let mut mupdf_short = Vec::new();
    for f in &files {
        let name = Path::new(&f["source_file"])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let Some((kind, path)) = kinds.get(&name) else {
            continue;
        };
        let src: usize = name[1..2].parse().unwrap();
        let good = format!("good_{src}.pdf");
        if f["status"] == "ok" {
            let n: u32 = f["pages"].parse().unwrap();
            for page in 1..=n {
                let had = words.get(&(good.clone(), page)).copied().unwrap_or(0);
                let has = words.get(&(name.clone(), page)).copied().unwrap_or(0);
                assert!(
                    had == 0 || has > 0,
                    "{name} ({kind}) is ok but page {page} is empty ({had} words in the intact file)"
                );
            }
        }
        if *kind == "truncation" {
            if let Some(m) = mutool_text_pages(path) {
                mupdf_checked += 1;
                let ours = pages
                    .iter()
                    .filter(|p| p["source_file"].ends_with(&name))
                    .filter(|p| has_text(&p["text"]))
                    .count();
                ours_total += ours;
                mupdf_total += m;
                if ours < m {
                    mupdf_short.push(format!("{name}: {ours} pages with text, MuPDF {m}"));
                }
            }
        }
    }
    if std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_some() {
        assert!(
            mupdf_checked > 0,
            "mutool (mupdf-tools) is needed for this test"
        );
    }
    println!(
        "truncations compared with MuPDF: {mupdf_checked}; pages with text: {ours_total} (MuPDF {mupdf_total}); short: {mupdf_short:?}"
    );
    assert!(mupdf_short.is_empty(), "{mupdf_short:#?}");
}
