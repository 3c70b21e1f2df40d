//! The broken files of the corpus: each fails with its expected error kind, or (where the
//! expectation allows it) is read and then equals its truth. None crashes the run.

mod common;

use common::{fixtures, run, score, truth};
use serde_json::Value;

#[test]
fn broken_files_fail_with_the_expected_kind_or_match_truth() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("broken/expected.json")).unwrap(),
    )
    .unwrap();
    for f in expected["files"].as_array().unwrap() {
        let file = f["file"].as_str().unwrap();
        let expect = f["expect"].as_str().unwrap();
        let r = run(file);
        let kind = r.error.as_ref().map(|e| e.kind.as_str());
        println!(
            "{file:<36} expect {expect:<12} got {:<8} {:?}",
            r.status.as_str(),
            r.error.as_ref().map(|e| &e.message)
        );
        match expect {
            "error" => {
                // A cut-off file is read as far as it goes: partial text only together with
                // the error, never as a complete document (the corpus's expectation).
                assert!(
                    r.status.as_str() == "failed"
                        || r.status.as_str() == "partial" && kind == Some("truncated_or_corrupt"),
                    "{file}: {}",
                    r.status.as_str()
                );
                assert_eq!(kind, f["error_kind"].as_str(), "{file}");
                assert!(
                    r.error.as_ref().unwrap().message.len() > 10,
                    "{file}: message too vague"
                );
            }
            "ok" | "ok_or_error" if r.status.as_str() == "ok" => {
                let rel = f["truth"].as_str().unwrap().trim_start_matches("truth/");
                let sc = score(&r, &truth(rel), true);
                assert!(
                    sc.meeting_errors.is_empty(),
                    "{file}: {:?}",
                    sc.meeting_errors
                );
                assert_eq!(
                    sc.matched_items, sc.truth_items,
                    "{file}: {:?} {:?}",
                    sc.missing_numbers, sc.title_errors
                );
                assert_eq!(sc.found_items, sc.truth_items, "{file}");
                assert!(
                    sc.case_errors.is_empty() && sc.page_errors.is_empty(),
                    "{file}"
                );
            }
            "ok" => panic!("{file} must be read: {:?}", r.error),
            _ => assert_eq!(kind, f["error_kind"].as_str(), "{file}: {:?}", r.error),
        }
    }
}
