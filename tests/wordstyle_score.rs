//! Word-style documents against exact truth: the corpus specs rendered by
//! `tools/wordstyle/render.py` in two house styles made with Word's and LibreOffice's built-in
//! table styles (`tests/fixtures/wordstyle/`): tables ruled by horizontal lines only under a
//! grey header, and tables of filled cells only (a dark header row, zebra-striped rows, no
//! lines); numbers right-aligned; rows broken over page breaks with the header repeated; title
//! blocks `Dato: 4. september 2020` / `Tidspunkt: kl. 09:30` and `Mødedato: Fredag den …` /
//! `Tidspunkt: Kl. 9.30` on tab stops; running headers over a rule and bare page numbers.
//!
//! Prints the figures; fails below the targets: table cells ≥ 0.99, table pages ≥ 0.99,
//! no tables beyond the truth, metadata 100 %, and items, titles, case numbers, pages and
//! participants exact.

mod common;

use common::{score, Score, TableScore};
use kl_extract::pipeline::{self, FileResult};
use serde_json::Value;
use std::path::{Path, PathBuf};

const STYLES: [&str; 4] = ["word_rules", "word_plain", "word_none", "word_zebra"];
const SEEDS: [&str; 2] = ["seed_000", "seed_001"];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordstyle")
}

fn read(style: &str, seed: &str) -> (FileResult, Value) {
    let rel = format!("pdf/{style}/{seed}.pdf");
    let r = pipeline::process(&dir().join(&rel), &rel, "test", None, &Default::default());
    assert_eq!(r.status.as_str(), "ok", "{rel}: {:?}", r.error);
    let t = std::fs::read_to_string(dir().join(format!("truth/{style}/{seed}.json"))).unwrap();
    (r, serde_json::from_str(&t).unwrap())
}

fn problems(sc: &Score) -> Vec<String> {
    sc.missing_numbers
        .iter()
        .map(|n| format!("missing item {n}"))
        .chain(sc.title_errors.iter().map(|e| format!("title {e}")))
        .chain(sc.case_errors.iter().map(|e| format!("case {e}")))
        .chain(sc.page_errors.iter().map(|e| format!("page {e}")))
        .chain(sc.meeting_errors.iter().map(|e| format!("meeting {e}")))
        .chain(sc.toc_errors.iter().map(|e| format!("toc {e}")))
        .chain(
            sc.section_diffs
                .iter()
                .take(3)
                .map(|e| format!("section {e}")),
        )
        .collect()
}

#[test]
fn word_style_renders_match_their_truth() {
    let mut tables = TableScore::default();
    let mut failures = Vec::new();
    let (mut items, mut items_truth, mut sections, mut sections_truth) = (0, 0, 0.0, 0);
    let mut meeting_ok = 0;
    for style in STYLES {
        for seed in SEEDS {
            let name = format!("{style}/{seed}");
            let (r, t) = read(style, seed);
            let sc = score(&r, &t, true);
            let mut one = TableScore::default();
            one.add(&name, &r, &t);
            tables.add(&name, &r, &t);
            println!(
                "{name:<22} items {}/{} (found {}), meeting {}, participants F1 {:.3}, sections exact {}/{} sim {:.4}, tables: cells {}/{} pages {}/{} extra {}",
                sc.matched_items,
                sc.truth_items,
                sc.found_items,
                if sc.meeting_errors.is_empty() { "ok" } else { "WRONG" },
                sc.participant_f1(),
                sc.sections_exact,
                sc.sections_truth,
                sc.section_similarity(),
                one.exact,
                one.cells,
                one.pages_ok,
                one.tables,
                one.extra
            );
            for p in problems(&sc).iter().chain(&one.problems) {
                println!("    {p}");
            }
            if !(sc.missing_numbers.is_empty()
                && sc.title_errors.is_empty()
                && sc.case_errors.is_empty()
                && sc.page_errors.is_empty()
                && sc.toc_errors.is_empty()
                && sc.found_items == sc.truth_items
                && sc.participant_f1() == 1.0)
            {
                failures.push(format!(
                    "{name}: items, titles, cases, pages, TOC or participants"
                ));
            }
            meeting_ok += usize::from(sc.meeting_errors.is_empty());
            items += sc.matched_items;
            items_truth += sc.truth_items;
            sections += sc.section_similarity_sum;
            sections_truth += sc.sections_truth;
        }
    }
    let cells = tables.exact as f64 / tables.cells as f64;
    let pages = tables.pages_ok as f64 / tables.tables as f64;
    let docs = STYLES.len() * SEEDS.len();
    let sim = sections / sections_truth as f64;
    println!(
        "WORD STYLES: items {items}/{items_truth}; metadata {meeting_ok}/{docs}; section similarity {sim:.4}; tables {}: cells {cells:.4}, pages {pages:.3}, captions {}/{}, extra {}",
        tables.tables, tables.captions_ok, tables.tables, tables.extra
    );
    if cells < 0.99 || pages < 0.99 || tables.extra > 0 || tables.captions_ok < tables.tables {
        failures.push(format!(
            "tables: cells {cells:.4}, pages {pages:.3}, captions {}/{}, extra {}",
            tables.captions_ok, tables.tables, tables.extra
        ));
    }
    if meeting_ok < docs {
        failures.push(format!("metadata {meeting_ok}/{docs}"));
    }
    if sim < 0.995 {
        failures.push(format!("section similarity {sim:.4} < 0.995"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
