//! The structure scoring test: runs the pipeline on every document in `tests/fixtures` that has a
//! truth — the text-layer renders of both seed meetings (LibreOffice in three fonts, Typst), the
//! seed texts, and the Ballerup and Syddjurs minutes with their ESDH exports — prints the figures
//! and fails below the thresholds of the structure issue.

mod common;

use common::{f1, fixtures, run, score, similarity, truth, Score};
use serde_json::Value;

const VARIANTS: [&str; 4] = ["a_sans", "a_carlito", "a_caladea", "b_typst"];
const SEEDS: [&str; 2] = ["seed_000", "seed_001"];

#[derive(Default)]
struct Totals {
    items_truth: usize,
    items_found: usize,
    items_matched: usize,
    titles: (usize, usize),
    cases: (usize, usize),
    pages: (usize, usize),
    meeting: (usize, usize),
    toc_errors: usize,
    attachment_errors: usize,
    people: (usize, usize, usize),
    sections: (f64, usize),
}

impl Totals {
    fn add(&mut self, sc: &Score, pages: bool) {
        self.items_truth += sc.truth_items;
        self.items_found += sc.found_items;
        self.items_matched += sc.matched_items;
        let present = sc.truth_items - sc.missing_numbers.len();
        self.titles.0 += present - sc.title_errors.len();
        self.titles.1 += present;
        self.cases.0 += present - sc.case_errors.len();
        self.cases.1 += present;
        if pages {
            self.pages.0 += present - sc.page_errors.len();
            self.pages.1 += present;
        }
        self.meeting.0 += 5 - sc.meeting_errors.len();
        self.meeting.1 += 5;
        self.toc_errors += sc.toc_errors.len();
        self.attachment_errors += sc.attachment_errors.len();
        self.people.0 += sc.participants_matched;
        self.people.1 += sc.participants_found;
        self.people.2 += sc.participants_truth;
        self.sections.0 += sc.section_similarity_sum;
        self.sections.1 += sc.sections_truth;
    }
}

fn pct(a: (usize, usize)) -> f64 {
    if a.1 == 0 {
        100.0
    } else {
        100.0 * a.0 as f64 / a.1 as f64
    }
}

fn line(name: &str, sc: &Score) {
    println!(
        "{name:<48} items {:>2}/{:<2} F1 {:.3}  meeting {}  participants F1 {:.3}  sections exact {:>2}/{:<2} sim {:.4}",
        sc.matched_items,
        sc.truth_items,
        sc.f1(),
        if sc.meeting_errors.is_empty() { "ok   " } else { "WRONG" },
        sc.participant_f1(),
        sc.sections_exact,
        sc.sections_truth,
        sc.section_similarity()
    );
    for e in sc
        .missing_numbers
        .iter()
        .map(|n| format!("missing item {n}"))
        .chain(sc.title_errors.iter().map(|e| format!("title {e}")))
        .chain(sc.case_errors.iter().map(|e| format!("case {e}")))
        .chain(sc.page_errors.iter().map(|e| format!("page {e}")))
        .chain(sc.meeting_errors.iter().map(|e| format!("meeting {e}")))
        .chain(sc.toc_errors.iter().map(|e| format!("toc {e}")))
        .chain(
            sc.attachment_errors
                .iter()
                .map(|e| format!("attachments {e}")),
        )
    {
        println!("    {e}");
    }
}

#[test]
fn structure_scores() {
    let mut failures: Vec<String> = Vec::new();

    // 1. Text-layer renders: everything exact, section text similarity >= 0.995 (issue 4).
    let mut renders = Totals::default();
    for v in VARIANTS {
        for seed in SEEDS {
            let name = format!("pdf/{v}/{seed}.pdf");
            let r = run(&name);
            assert_eq!(r.status.as_str(), "ok", "{name}: {:?}", r.error);
            let sc = score(&r, &truth(&format!("{v}/{seed}.json")), true);
            line(&name, &sc);
            for d in sc.section_diffs.iter().take(2) {
                println!("    section differs: {d}");
            }
            renders.add(&sc, true);
        }
    }
    let item_f1 = f1(
        renders.items_matched,
        renders.items_found,
        renders.items_truth,
    );
    let people_f1 = f1(renders.people.0, renders.people.1, renders.people.2);
    let sim = renders.sections.0 / renders.sections.1 as f64;
    println!(
        "RENDERS: item F1 {item_f1:.3}; titles {:.1} %, case lines {:.1} %, item pages {:.1} %, metadata {:.1} % exact; participant F1 {people_f1:.3}; section similarity {sim:.4} over {} sections",
        pct(renders.titles),
        pct(renders.cases),
        pct(renders.pages),
        pct(renders.meeting),
        renders.sections.1
    );
    if item_f1 < 1.0 || renders.titles.0 < renders.titles.1 || renders.cases.0 < renders.cases.1 {
        failures.push(format!(
            "renders: item F1 {item_f1:.3}, titles {:?}, cases {:?}",
            renders.titles, renders.cases
        ));
    }
    if renders.pages.0 < renders.pages.1 || renders.meeting.0 < renders.meeting.1 || people_f1 < 1.0
    {
        failures.push(format!(
            "renders: pages {:?}, metadata {:?}, participants F1 {people_f1}",
            renders.pages, renders.meeting
        ));
    }
    if renders.attachment_errors > 0 {
        failures.push(format!(
            "renders: {} items with wrong attachment counts",
            renders.attachment_errors
        ));
    }
    if renders.toc_errors > 0 {
        failures.push(format!(
            "renders: {} table-of-contents differences",
            renders.toc_errors
        ));
    }
    if sim < 0.995 {
        failures.push(format!("renders: section similarity {sim:.4} < 0.995"));
    }

    // 2. Seed texts: same items, titles, case lines and metadata as the PDFs of the same meeting.
    for (file, t) in [
        (
            "seeds/referat_kkr_nordjylland_2020-09-04.txt",
            "a_sans/seed_000.json",
        ),
        (
            "seeds/dagsorden_kkr_nordjylland_2020-06-19.md",
            "a_sans/seed_001.json",
        ),
    ] {
        let r = run(file);
        assert_eq!(r.status.as_str(), "ok", "{file}: {:?}", r.error);
        let sc = score(&r, &truth(t), false);
        line(file, &sc);
        if !sc.meeting_errors.is_empty()
            || !sc.missing_numbers.is_empty()
            || sc.found_items != sc.truth_items
        {
            failures.push(format!("{file}: items/metadata differ"));
        }
        // (Their TOCs carry the page numbers of the original documents, not of the renders.)
        if !sc.case_errors.is_empty() || sc.participant_f1() < 1.0 {
            failures.push(format!("{file}: case lines or participants differ"));
        }
        // The markdown seed itself prints one title shorter than the PDF ("…corona-krise"):
        // titles must match the PDF everywhere else.
        if sc.title_errors.len() > 1 {
            failures.push(format!("{file}: titles {:?}", sc.title_errors));
        }
    }

    // 3. Other municipalities: item number and title against their ESDH exports.
    let ballerup: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("peers/ballerup_SFU_2012-12-04.items.json"))
            .unwrap(),
    )
    .unwrap();
    let r = run("peers/ballerup_SFU_2012-12-04_aabent_referat_1552814.pdf");
    let st = &r.meeting.as_ref().expect("Ballerup read").structure;
    let want: Vec<(String, String)> = ballerup["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item_number"].to_string().trim_matches('"').to_string(),
                i["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let matched = want
        .iter()
        .filter(|(n, t)| st.items.iter().any(|i| &i.number == n && &i.title == t))
        .count();
    let bf1 = f1(matched, st.items.len(), want.len());
    println!(
        "Ballerup 2012: items {matched}/{} (found {}) F1 {bf1:.3}; meeting {:?}; participants {}",
        want.len(),
        st.items.len(),
        st.meeting,
        st.participants.len()
    );
    if bf1 < 0.9 {
        failures.push(format!("Ballerup item F1 {bf1:.3} < 0.9"));
    }

    let syddjurs: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("peers/syddjurs_PUK_2013-06-20.items.json"))
            .unwrap(),
    )
    .unwrap();
    let r = run("peers/syddjurs_PUK_2013-06-20_referat.pdf");
    let st = &r.meeting.as_ref().expect("Syddjurs read").structure;
    let titems = syddjurs["items"].as_array().unwrap();
    let matched = titems
        .iter()
        .filter(|t| {
            st.items
                .iter()
                .any(|i| i.title == t["title"].as_str().unwrap())
        })
        .count();
    let sf1 = f1(matched, st.items.len(), titems.len());
    // Sections printed in the PDF (the export also lists empty ones that the PDF leaves out).
    let mut names = (0, 0);
    let mut sims = Vec::new();
    for t in titems {
        let Some(it) = st
            .items
            .iter()
            .find(|i| i.title == t["title"].as_str().unwrap())
        else {
            continue;
        };
        assert_eq!(
            it.case_number.as_deref(),
            t["caseno"].as_str(),
            "Syddjurs case number"
        );
        for s in t["sections"].as_array().unwrap() {
            let text = s["text"].as_str().unwrap();
            if text.trim().is_empty() {
                continue;
            }
            names.1 += 1;
            if let Some(mine) = it
                .sections
                .iter()
                .find(|m| m.heading == s["name"].as_str().unwrap())
            {
                names.0 += 1;
                // The export wraps lines where the PDF does not: compare word sequences.
                let norm = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ");
                sims.push(similarity(&norm(&mine.text), &norm(text)));
            }
        }
    }
    let ssim = sims.iter().sum::<f64>() / sims.len().max(1) as f64;
    println!(
        "Syddjurs 2013: items {matched}/{} (found {}) F1 {sf1:.3}; sections found {}/{}, word similarity {ssim:.3}; meeting {:?}",
        titems.len(),
        st.items.len(),
        names.0,
        names.1,
        st.meeting
    );
    if sf1 < 0.9 {
        failures.push(format!("Syddjurs item F1 {sf1:.3} < 0.9"));
    }
    if names.0 < names.1 {
        failures.push(format!("Syddjurs sections {names:?}"));
    }

    assert!(failures.is_empty(), "{failures:#?}");
}
