//! Shared test helpers: loading the corpus truth and scoring a pipeline result against it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kl_extract::pipeline::{self, FileResult};
use serde_json::Value;

pub mod degrade;
pub mod meetings;

/// The fixtures directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Loads a truth JSON file.
pub fn truth(rel: &str) -> Value {
    let p = fixtures().join("truth").join(rel);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// Runs the pipeline on a fixture file.
pub fn run(rel: &str) -> FileResult {
    let p = fixtures().join(rel);
    pipeline::process(&p, rel, "test", None, &Default::default())
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Figures for one document.
#[derive(Debug, Default)]
pub struct Score {
    pub truth_items: usize,
    pub found_items: usize,
    /// Items whose number and title both match.
    pub matched_items: usize,
    pub missing_numbers: Vec<String>,
    pub title_errors: Vec<String>,
    pub case_errors: Vec<String>,
    pub page_errors: Vec<String>,
    pub meeting_errors: Vec<String>,
    /// Items whose count of `./.` markers differs from the truth.
    pub attachment_errors: Vec<String>,
    /// TOC entries (number, title, page) that differ from the truth.
    pub toc_errors: Vec<String>,
    pub participants_truth: usize,
    pub participants_matched: usize,
    pub participants_found: usize,
    pub sections_truth: usize,
    pub sections_exact: usize,
    /// Sum over truth sections of the normalised edit similarity (0 for a missing section).
    pub section_similarity_sum: f64,
    pub section_diffs: Vec<String>,
}

/// Normalised edit similarity: 1 − Levenshtein distance / length of the longer text.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

/// F1 of `matched` hits among `found` answers and `truth` expected ones (1 when both are empty).
pub fn f1(matched: usize, found: usize, truth: usize) -> f64 {
    if found == 0 && truth == 0 {
        return 1.0;
    }
    let p = matched as f64 / found.max(1) as f64;
    let r = matched as f64 / truth.max(1) as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Score {
    pub fn participant_f1(&self) -> f64 {
        f1(
            self.participants_matched,
            self.participants_found,
            self.participants_truth,
        )
    }

    pub fn section_similarity(&self) -> f64 {
        if self.sections_truth == 0 {
            1.0
        } else {
            self.section_similarity_sum / self.sections_truth as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let p = self.matched_items as f64 / self.found_items.max(1) as f64;
        let r = self.matched_items as f64 / self.truth_items.max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores a result against truth. `check_pages`: compare item pages (PDF inputs only).
pub fn score(r: &FileResult, t: &Value, check_pages: bool) -> Score {
    let mut sc = Score::default();
    let m = r.meeting.as_ref().expect("document was read");
    let st = &m.structure;
    let tm = &t["meeting"];
    let mine = [
        ("doc_type", st.meeting.doc_type.clone()),
        ("committee", st.meeting.committee.clone()),
        ("date", st.meeting.date.clone()),
        ("start_time", st.meeting.start_time.clone()),
        ("location", st.meeting.location.clone()),
    ];
    for (k, v) in mine {
        if v != s(&tm[k]) {
            sc.meeting_errors
                .push(format!("{k}: got {v:?}, truth {:?}", s(&tm[k])));
        }
    }
    let titems = t["items"].as_array().unwrap();
    sc.truth_items = titems.len();
    sc.found_items = st.items.len();
    for ti in titems {
        let num = s(&ti["number"]).unwrap();
        let Some(it) = st.items.iter().find(|i| i.number == num) else {
            sc.missing_numbers.push(num);
            continue;
        };
        let title = s(&ti["title"]).unwrap();
        if it.title == title {
            sc.matched_items += 1;
        } else {
            sc.title_errors
                .push(format!("{num}: got {:?}, truth {title:?}", it.title));
        }
        if it.case_number != s(&ti["case_number"]) || it.case_handler != s(&ti["case_handler"]) {
            sc.case_errors.push(format!(
                "{num}: got {:?} {:?}, truth {:?} {:?}",
                it.case_number,
                it.case_handler,
                s(&ti["case_number"]),
                s(&ti["case_handler"])
            ));
        }
        if Some(it.attachment_markers() as u64) != ti["attachment_markers"].as_u64() {
            sc.attachment_errors.push(format!(
                "{num}: {} markers, truth {}",
                it.attachment_markers(),
                ti["attachment_markers"]
            ));
        }
        if check_pages && Some(it.page_start as u64) != ti["page"].as_u64() {
            sc.page_errors.push(format!(
                "{num}: got {}, truth {}",
                it.page_start, ti["page"]
            ));
        }
        for ts in ti["sections"].as_array().unwrap() {
            sc.sections_truth += 1;
            let h = s(&ts["heading"]).unwrap();
            let want = s(&ts["text"]).unwrap();
            match it.sections.iter().find(|x| x.heading == h) {
                Some(x) if x.text == want => {
                    sc.sections_exact += 1;
                    sc.section_similarity_sum += 1.0;
                }
                Some(x) => {
                    sc.section_similarity_sum += similarity(&x.text, &want);
                    sc.section_diffs
                        .push(format!("{num} {h}: {}", first_diff(&x.text, &want)));
                }
                None => sc.section_diffs.push(format!("{num} {h}: missing")),
            }
        }
    }
    let ttoc = t["toc"].as_array().unwrap();
    for (k, te) in ttoc.iter().enumerate() {
        let want = (
            s(&te["number"]),
            s(&te["title"]).unwrap(),
            te["page"].as_u64().unwrap() as u32,
        );
        let got = st
            .toc
            .get(k)
            .map(|e| (e.number.clone(), e.title.clone(), e.page));
        if got.as_ref() != Some(&want) {
            sc.toc_errors
                .push(format!("entry {k}: got {got:?}, truth {want:?}"));
        }
    }
    if st.toc.len() != ttoc.len() {
        sc.toc_errors
            .push(format!("{} entries, truth {}", st.toc.len(), ttoc.len()));
    }
    let tp = t["participants"].as_array().unwrap();
    sc.participants_truth = tp.len();
    sc.participants_found = st.participants.len();
    for p in tp {
        let hit = st.participants.iter().any(|q| {
            Some(q.name.clone()) == s(&p["name"])
                && q.party == s(&p["party"])
                && q.municipality == s(&p["municipality"])
                && Some(q.attendance.as_str().to_string()) == s(&p["attendance"])
        });
        if hit {
            sc.participants_matched += 1;
        }
    }
    sc
}

fn first_diff(got: &str, want: &str) -> String {
    let g: Vec<char> = got.chars().collect();
    let w: Vec<char> = want.chars().collect();
    let i = g.iter().zip(&w).take_while(|(a, b)| a == b).count();
    let from = i.saturating_sub(30);
    let cut = |v: &[char]| {
        v[from.min(v.len())..(i + 40).min(v.len())]
            .iter()
            .collect::<String>()
    };
    format!("at {i}: got {:?} / truth {:?}", cut(&g), cut(&w))
}

/// Table figures of one or more documents against their truth.
#[derive(Debug, Default)]
pub struct TableScore {
    pub tables: usize,
    pub cells: usize,
    pub exact: usize,
    pub pages_ok: usize,
    pub captions_ok: usize,
    /// Tables found beyond the truth's.
    pub extra: usize,
    pub problems: Vec<String>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl TableScore {
    /// Adds one document: for each truth table, the tool's table of the same item and index;
    /// cells equal (whitespace normalised) at the same row and column, pages and caption exact.
    /// `name` labels the problems.
    pub fn add(&mut self, name: &str, r: &FileResult, t: &Value) {
        let st = &r.meeting.as_ref().expect("document was read").structure;
        let truth_tables = t["tables"].as_array().unwrap();
        self.extra += st.tables.len().saturating_sub(truth_tables.len());
        for tt in truth_tables {
            self.tables += 1;
            let item = tt["item"].as_str().unwrap();
            let index = tt["index"].as_u64().unwrap() as usize;
            let want: Vec<Vec<String>> = std::iter::once(&tt["header"])
                .chain(tt["rows"].as_array().unwrap())
                .map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|c| norm(c.as_str().unwrap()))
                        .collect()
                })
                .collect();
            self.cells += want.iter().map(Vec::len).sum::<usize>();
            let Some(got) = st
                .tables
                .iter()
                .find(|x| x.item.as_deref() == Some(item) && x.index == index)
            else {
                self.problems
                    .push(format!("{name} {item}#{index}: not found"));
                continue;
            };
            let got_cells: Vec<Vec<String>> = std::iter::once(&got.header)
                .chain(&got.rows)
                .map(|r| r.iter().map(|c| norm(c)).collect())
                .collect();
            for (ri, row) in want.iter().enumerate() {
                for (ci, cell) in row.iter().enumerate() {
                    if got_cells.get(ri).and_then(|r| r.get(ci)) == Some(cell) {
                        self.exact += 1;
                    } else if self.problems.len() < 40 {
                        self.problems.push(format!(
                            "{name} {item}#{index} r{ri} c{ci}: want {cell:?} got {:?}",
                            got_cells.get(ri).and_then(|r| r.get(ci))
                        ));
                    }
                }
            }
            let pages = (
                tt["page_start"].as_u64().unwrap() as u32,
                tt["page_end"].as_u64().unwrap() as u32,
            );
            if (got.page_start, got.page_end) == pages {
                self.pages_ok += 1;
            } else {
                self.problems.push(format!(
                    "{name} {item}#{index}: pages {}-{} want {}-{}",
                    got.page_start, got.page_end, pages.0, pages.1
                ));
            }
            if got.caption.as_deref() == tt["caption"].as_str() {
                self.captions_ok += 1;
            } else {
                self.problems.push(format!(
                    "{name} {item}#{index}: caption {:?} want {:?}",
                    got.caption, tt["caption"]
                ));
            }
        }
    }

    /// Share of truth cells found exactly (percent).
    pub fn accuracy(&self) -> f64 {
        100.0 * self.exact as f64 / self.cells.max(1) as f64
    }
}

/// A stand-in Tesseract at `path`: it answers `--version` and `--list-langs` (Danish present)
/// as Tesseract 5 does, and runs the shell commands `action` for every page it is given.
pub fn fake_tesseract(path: &Path, action: &str) -> PathBuf {
    std::fs::write(
        path,
        format!(
            "#!/bin/sh\ncase \"$1\" in\n  --version) echo 'tesseract 5.3.0'; exit 0;;\n  \
             --list-langs) printf 'List of available languages (2):\\ndan\\neng\\n'; exit 0;;\n\
             esac\n{action}\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// The pages `range` (qpdf's page range, `1-3`) of the corpus scan
/// `tests/fixtures/pdf/scanned/seed_001.pdf`, cut with qpdf into `dir/scan.pdf`. `None` (the
/// test skips) without qpdf, unless `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS` is set: then it panics.
pub fn cut_corpus_scan(dir: &Path, range: &str) -> Option<PathBuf> {
    let scan = dir.join("scan.pdf");
    let cut = std::process::Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .arg(fixtures().join("pdf/scanned/seed_001.pdf"))
        .arg(range)
        .arg("--")
        .arg(&scan)
        .status();
    match cut {
        Ok(s) if s.success() => Some(scan),
        _ if std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_none() => {
            eprintln!("skipped: qpdf (Debian package qpdf) is needed to cut the scan");
            None
        }
        other => panic!("qpdf (Debian package qpdf) failed: {other:?}"),
    }
}

/// Every output file of a run folder (its store and run.json aside), with its bytes.
pub fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name == kl_extract::outdir::STORE_DIR || name == "run.json" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Whether the `tesseract` program is here with its Danish model.
pub fn tesseract_with_danish() -> bool {
    std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "dan")
        })
}
