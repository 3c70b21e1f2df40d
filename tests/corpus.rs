//! The text-layer renders of the corpus against their exact truth: meeting metadata, every item
//! (number, title, case line, page), participants; section texts measured and printed.

mod common;

use common::{run, score, truth};

const VARIANTS: [&str; 4] = ["a_sans", "a_carlito", "a_caladea", "b_typst"];
const SEEDS: [&str; 2] = ["seed_000", "seed_001"];

#[test]
fn text_layer_renders_match_truth() {
    let (mut tp, mut tf, mut tm, mut secs, mut secs_ok) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    println!(
        "{:<20} {:>6} {:>6} {:>7} {:>7} {:>9}",
        "document", "items", "F1", "meeting", "people", "sections"
    );
    for v in VARIANTS {
        for seed in SEEDS {
            let r = run(&format!("pdf/{v}/{seed}.pdf"));
            assert_eq!(r.status.as_str(), "ok", "{v}/{seed}: {:?}", r.error);
            let t = truth(&format!("{v}/{seed}.json"));
            let sc = score(&r, &t, true);
            println!(
                "{:<20} {:>6} {:>6.3} {:>7} {:>3}/{:<3} {:>4}/{:<4}",
                format!("{v}/{seed}"),
                format!("{}/{}", sc.matched_items, sc.truth_items),
                sc.f1(),
                if sc.meeting_errors.is_empty() {
                    "ok"
                } else {
                    "WRONG"
                },
                sc.participants_matched,
                sc.participants_truth,
                sc.sections_exact,
                sc.sections_truth
            );
            for d in sc.section_diffs.iter().take(3) {
                println!("    section differs: {d}");
            }
            tp += sc.truth_items;
            tf += sc.found_items;
            tm += sc.matched_items;
            secs += sc.sections_truth;
            secs_ok += sc.sections_exact;
            let errs: Vec<&String> = sc
                .missing_numbers
                .iter()
                .chain(&sc.title_errors)
                .chain(&sc.case_errors)
                .chain(&sc.page_errors)
                .chain(&sc.meeting_errors)
                .collect();
            if !errs.is_empty()
                || sc.participants_matched != sc.participants_truth
                || sc.f1() < 0.95
            {
                failures.push(format!(
                    "{v}/{seed}: {errs:?} participants {}/{}",
                    sc.participants_matched, sc.participants_truth
                ));
            }
        }
    }
    let p = tm as f64 / tf.max(1) as f64;
    let rc = tm as f64 / tp.max(1) as f64;
    println!(
        "TOTAL items F1 {:.3} (precision {:.3}, recall {:.3}); sections exact {}/{} ({:.1} %)",
        2.0 * p * rc / (p + rc).max(f64::MIN_POSITIVE),
        p,
        rc,
        secs_ok,
        secs,
        100.0 * secs_ok as f64 / secs.max(1) as f64
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
