//! The two seed documents, already extracted to text (.txt) and markdown (.md), go through the
//! same model: their metadata, item numbers, titles and case lines equal the truth of the PDFs
//! rendered from them.

mod common;

use common::{run, score, truth};

fn check(file: &str, truth_rel: &str) {
    let r = run(file);
    assert_eq!(r.status.as_str(), "ok", "{file}: {:?}", r.error);
    let sc = score(&r, &truth(truth_rel), false);
    println!(
        "{file}: items {}/{} (F1 {:.3}), participants {}/{}, sections exact {}/{}",
        sc.matched_items,
        sc.truth_items,
        sc.f1(),
        sc.participants_matched,
        sc.participants_truth,
        sc.sections_exact,
        sc.sections_truth
    );
    for e in sc.title_errors.iter().chain(&sc.case_errors).take(5) {
        println!("  {e}");
    }
    assert!(
        sc.meeting_errors.is_empty(),
        "{file}: {:?}",
        sc.meeting_errors
    );
    assert!(
        sc.missing_numbers.is_empty(),
        "{file}: missing {:?}",
        sc.missing_numbers
    );
    assert_eq!(sc.found_items, sc.truth_items, "{file}");
    assert!(sc.case_errors.is_empty(), "{file}: {:?}", sc.case_errors);
    assert!(sc.f1() >= 0.95, "{file}: {:?}", sc.title_errors);
    assert_eq!(sc.participants_matched, sc.participants_truth, "{file}");
}

#[test]
fn referat_text_file() {
    check(
        "seeds/referat_kkr_nordjylland_2020-09-04.txt",
        "a_sans/seed_000.json",
    );
}

#[test]
fn dagsorden_markdown_file() {
    check(
        "seeds/dagsorden_kkr_nordjylland_2020-06-19.md",
        "a_sans/seed_001.json",
    );
}
