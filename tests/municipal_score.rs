//! Documents from outside KL's KKR layout, scored against exact truth: our own municipal set
//! (`tests/fixtures/municipal/`, made by `tools/municipal/generate.py`: 45 documents in 15 house
//! styles rendered with LibreOffice and Typst or written as web-export text), and the excerpts
//! of real minutes and agendas of twelve municipalities and a region in `../shared/real-text/`
//! (read from there: they are not copied into the project). Prints the figures and fails below
//! the thresholds of the municipal-documents issue.

mod common;

use std::path::{Path, PathBuf};

use common::meetings::MeetingScore;
use kl_extract::pipeline::{self, FileResult};
use serde_json::Value;

/// `../shared` beside the project (or `KL_EXTRACT_SHARED`), when it is there.
fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("KL_EXTRACT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: {} not found (set KL_EXTRACT_SHARED)", p.display());
        None
    }
}

fn read(path: &Path) -> FileResult {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    pipeline::process(path, &name, "test", None, &Default::default())
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn real_text_excerpts_of_thirteen_authorities() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("real-text");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 12);
    let mut total = MeetingScore::default();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let t = json(&dir.join("truth").join(format!("{stem}.json")));
        let r = read(f);
        let mut one = MeetingScore::default();
        one.add(&stem, &r, &t);
        println!("{stem:<64} {}", one.summary());
        total.add(&stem, &r, &t);
    }
    for p in &total.problems {
        println!("  {p}");
    }
    println!("real-text: {}", total.summary());
    assert!(total.items_f1() >= 0.98, "items F1 {:.3}", total.items_f1());
    assert!(total.meta() >= 0.95, "metadata {:.3}", total.meta());
    assert!(
        total.decisions() >= 0.95,
        "decisions {:.3}",
        total.decisions()
    );
}

#[test]
fn own_municipal_set_in_fifteen_house_styles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/municipal");
    let mut truths: Vec<PathBuf> = std::fs::read_dir(dir.join("truth"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    truths.sort();
    assert!(truths.len() >= 40, "{} documents", truths.len());
    let mut total = MeetingScore::default();
    let mut by_renderer: std::collections::BTreeMap<String, MeetingScore> = Default::default();
    for t in &truths {
        let truth = json(t);
        let source = dir.join(truth["source"].as_str().unwrap());
        let stem = t.file_stem().unwrap().to_string_lossy().to_string();
        let r = read(&source);
        assert!(
            matches!(r.status.as_str(), "ok"),
            "{stem}: {} {:?}",
            r.status.as_str(),
            r.error
        );
        let mut one = MeetingScore::default();
        one.add(&stem, &r, &truth);
        println!("{stem:<40} {}", one.summary());
        total.add(&stem, &r, &truth);
        by_renderer
            .entry(truth["renderer"].as_str().unwrap().to_string())
            .or_default()
            .add(&stem, &r, &truth);
    }
    for p in &total.problems {
        println!("  {p}");
    }
    for (renderer, sc) in &by_renderer {
        println!("{renderer:<12} {}", sc.summary());
    }
    println!("municipal set: {}", total.summary());
    assert!(total.items_f1() >= 0.99, "items F1 {:.3}", total.items_f1());
    assert!(total.meta() >= 0.98, "metadata {:.3}", total.meta());
    assert!(
        total.decisions() >= 0.95,
        "decisions {:.3}",
        total.decisions()
    );
    assert!(total.votes_f1() >= 0.95, "votes F1 {:.3}", total.votes_f1());
    assert!(
        total.attachments_f1() >= 0.95,
        "attachments F1 {:.3}",
        total.attachments_f1()
    );
    assert_eq!(total.furniture_leaks, 0, "furniture in section text");
}
