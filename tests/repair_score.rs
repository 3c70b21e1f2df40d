//! Text repair against the renderer's own record: every hyphen break it made (`hyphen_breaks`)
//! must be joined into the word, every line that ends in a real hyphen (`hard_hyphen_breaks`)
//! must keep it, and no running header, footer or page number may reach item or section text.

mod common;

use common::{run, truth};
use kl_extract::repair::Rule;
use regex::Regex;

const VARIANTS: [&str; 4] = ["a_sans", "a_carlito", "a_caladea", "b_typst"];
const SEEDS: [&str; 2] = ["seed_000", "seed_001"];

#[test]
fn hyphen_breaks_and_page_furniture() {
    // Running headers of the renders ("KKR Nordjylland  Referat  04-09-2020",
    // "KKR Nordjylland | Referat | 04-09-2020   2") and footers ("Side 2 af 30").
    let furniture = Regex::new(
        r"(?i)KKR Nordjylland\s*\|?\s*(?:Referat|Dagsorden)\s*\|?\s*\d{2}-\d{2}-\d{4}|Side \d+ af \d+",
    )
    .unwrap();
    let (mut breaks, mut repaired, mut hard, mut lost, mut furniture_hits) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for v in VARIANTS {
        for seed in SEEDS {
            let name = format!("pdf/{v}/{seed}.pdf");
            let r = run(&name);
            let m = r.meeting.as_ref().unwrap();
            let t = truth(&format!("{v}/{seed}.json"));
            let joins: Vec<_> = m
                .repair
                .repairs
                .iter()
                .filter(|x| x.original.contains('|'))
                .collect();
            let mut text = String::new();
            for it in &m.structure.items {
                text.push_str(&it.title);
                text.push('\n');
                for s in &it.sections {
                    text.push_str(&s.text);
                    text.push('\n');
                }
            }
            furniture_hits += furniture.find_iter(&text).count();
            for b in t["hyphen_breaks"].as_array().unwrap() {
                let (page, word) = (
                    b["page"].as_u64().unwrap() as u32,
                    b["word"].as_str().unwrap(),
                );
                breaks += 1;
                // (A break across a page end is logged on the page of its first half.)
                let split = format!(
                    "{}-{}",
                    b["first"].as_str().unwrap(),
                    b["second"].as_str().unwrap()
                );
                let ok = joins.iter().any(|j| {
                    (j.page == page || j.page + 1 == page)
                        && j.repaired.contains(word)
                        && !j.repaired.contains(&split)
                });
                if ok {
                    repaired += 1;
                } else {
                    misses.push(format!("{name} p{page}: {word} not joined"));
                }
            }
            for b in t["hard_hyphen_breaks"].as_array().unwrap() {
                let (page, word) = (
                    b["page"].as_u64().unwrap() as u32,
                    b["word"].as_str().unwrap(),
                );
                hard += 1;
                // Joined across the break with its hyphen, or left apart where it belongs apart
                // ("Social- og", "og -deling").
                let kept = joins
                    .iter()
                    .any(|j| j.page == page && j.repaired.contains(word))
                    || word.contains(' ') && text.contains(word);
                if !kept {
                    lost += 1;
                    misses.push(format!("{name} p{page}: real hyphen in {word} lost"));
                }
            }
            let removed = m.repair.count(Rule::PageNumber) + m.repair.count(Rule::RunningHeader);
            assert!(
                removed >= t["page_count"].as_u64().unwrap() as usize - 1,
                "{name}: page furniture not removed"
            );
        }
    }
    let rep = 100.0 * repaired as f64 / breaks as f64;
    let lost_pct = 100.0 * lost as f64 / hard.max(1) as f64;
    println!(
        "hyphen breaks repaired {repaired}/{breaks} ({rep:.2} %); real hyphens lost {lost}/{hard} ({lost_pct:.2} %); header/footer strings in item and section text: {furniture_hits}"
    );
    for m in misses.iter().take(20) {
        println!("  {m}");
    }
    assert!(rep >= 99.5, "hyphen breaks repaired {rep:.2} % < 99.5 %");
    assert!(lost_pct <= 0.5, "real hyphens lost {lost_pct:.2} % > 0.5 %");
    assert_eq!(furniture_hits, 0, "running headers or footers in text");
}

#[test]
fn running_headers_several_lines_deep_are_removed() {
    // Ballerup's eDoc header: committee, "Referat", "Åbent referat", "Dato: 04.12.2012", "Side N"
    // on every page, from 10 % to 16 % of the page height.
    let r = run("peers/ballerup_SFU_2012-12-04_aabent_referat_1552814.pdf");
    let m = r.meeting.as_ref().unwrap();
    let mut hits = 0;
    for it in &m.structure.items {
        for s in &it.sections {
            hits += s.text.matches("Dato: 04.12.2012").count();
            hits += s
                .text
                .lines()
                .filter(|l| l.trim().starts_with("Side "))
                .count();
        }
    }
    let removed = m.repair.count(Rule::RunningHeader) + m.repair.count(Rule::PageNumber);
    println!("Ballerup: {removed} header/footer lines removed, {hits} left in section text");
    assert_eq!(hits, 0);
    assert!(
        removed >= 15 * 4,
        "expected the 4-5 header lines of all 15 pages, got {removed}"
    );
    assert_eq!(
        m.structure.meeting.date.as_deref(),
        Some("2012-12-04"),
        "title block still read"
    );
}

#[test]
fn inline_leftovers_in_the_seed_texts() {
    let r = run("seeds/dagsorden_kkr_nordjylland_2020-06-19.md");
    let m = r.meeting.as_ref().unwrap();
    let text: String = m
        .structure
        .items
        .iter()
        .flat_map(|i| i.sections.iter().map(|s| s.text.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    let joined: Vec<&str> = m
        .repair
        .repairs
        .iter()
        .filter(|x| x.rule == Rule::InlineLeftover)
        .map(|x| x.repaired.as_str())
        .collect();
    println!("inline leftovers joined: {joined:?}");
    // Joined by the document's own spelling elsewhere, whatever is installed.
    assert!(text.contains("arbejdsgruppe") && !text.contains("arbejds-gruppe"));
    // Real hyphenated words stay.
    assert!(text.contains("netto-nul"));
    if kl_extract::language::lexicon::danish().available() {
        // A Danish prefix and a word the dictionary knows.
        assert!(text.contains("tillæg") && !text.contains("til-læg"));
        assert!(text.contains("forhandlingerne") && !text.contains("for-handlingerne"));
    }
}

/// Hyphenated words of a seed text (`a-b`, lowercase second part), split by the truth of the
/// render made from the same document: leftovers of an earlier extraction (the truth writes
/// `ab`), and real hyphens (the truth writes `a-b`).
fn seed_hyphens(seed: &str, truth_rel: &str) -> (Vec<String>, Vec<String>) {
    let word = Regex::new(r"[\p{L}\p{N}-]+").unwrap();
    let truth_words: std::collections::HashSet<String> = word
        .find_iter(&truth(truth_rel).to_string())
        .map(|m| m.as_str().to_string())
        .collect();
    let text = std::fs::read_to_string(common::fixtures().join("seeds").join(seed)).unwrap();
    let hyphenated = Regex::new(r"\b(\p{L}\p{Ll}*)-(\p{Ll}+)\b").unwrap();
    let (mut leftovers, mut real) = (Vec::new(), Vec::new());
    for c in hyphenated.captures_iter(&text) {
        let (w, joined) = (c[0].to_string(), format!("{}{}", &c[1], &c[2]));
        if truth_words.contains(&w) && !truth_words.contains(&joined) {
            real.push(w);
        } else if truth_words.contains(&joined) && !truth_words.contains(&w) {
            leftovers.push(w);
        }
    }
    leftovers.sort();
    leftovers.dedup();
    real.sort();
    real.dedup();
    (leftovers, real)
}

/// Item titles and section texts of one meeting in a run's output.
fn output_text(out: &std::path::Path, meeting_id: &str) -> String {
    let mut text = String::new();
    for (file, col) in [("items.csv", "title"), ("sections.csv", "text")] {
        let mut r = csv::Reader::from_path(out.join(file)).unwrap();
        let h = r.headers().unwrap().clone();
        let (mi, ci) = (
            h.iter().position(|x| x == "meeting_id").unwrap(),
            h.iter().position(|x| x == col).unwrap(),
        );
        for rec in r.records() {
            let rec = rec.unwrap();
            if &rec[mi] == meeting_id {
                text.push_str(&rec[ci]);
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn the_batch_is_a_lexicon_for_leftovers_in_text_inputs() {
    // The two seed texts alone, then in a batch with the PDFs of the same kind of documents:
    // the PDFs write "Norddanmarks", "ressourcetræk" … mid-line, which settles the seed texts'
    // leftovers "Nord-danmarks", "ressource-træk" that no word list knows.
    let seeds = [
        (
            "referat_kkr_nordjylland_2020-09-04.txt",
            "a_sans/seed_000.json",
        ),
        (
            "dagsorden_kkr_nordjylland_2020-06-19.md",
            "a_sans/seed_001.json",
        ),
    ];
    let alone = tempfile::tempdir().unwrap();
    let batch = tempfile::tempdir().unwrap();
    for (seed, _) in seeds {
        let from = common::fixtures().join("seeds").join(seed);
        std::fs::copy(&from, alone.path().join(seed)).unwrap();
        std::fs::copy(&from, batch.path().join(seed)).unwrap();
    }
    for s in ["seed_000.pdf", "seed_001.pdf"] {
        std::fs::copy(
            common::fixtures().join("pdf/a_sans").join(s),
            batch.path().join(s),
        )
        .unwrap();
    }
    let mut figures = Vec::new();
    for dir in [alone.path(), batch.path()] {
        let out = dir.join("out");
        let inputs = kl_extract::run::batch::discover(&[dir.to_path_buf()]).unwrap();
        let opts = kl_extract::run::batch::Options {
            jobs: 2,
            ..kl_extract::run::batch::Options::new(out.clone())
        };
        kl_extract::run::batch::run(&inputs, &opts).unwrap();
        let (mut joined, mut total, mut lost, mut real_total) = (0, 0, Vec::new(), 0);
        let mut missed = Vec::new();
        for (seed, truth_rel) in seeds {
            let text = output_text(&out, &kl_extract::run::batch::meeting_slug(seed));
            let (leftovers, real) = seed_hyphens(seed, truth_rel);
            for w in &leftovers {
                total += 1;
                if !text.contains(w.as_str()) && text.contains(&w.replace('-', "")) {
                    joined += 1;
                } else {
                    missed.push(w.clone());
                }
            }
            for w in &real {
                real_total += 1;
                if !text.contains(w.as_str()) {
                    lost.push(w.clone());
                }
            }
        }
        println!(
            "{}: leftovers joined {joined}/{total} (missed {missed:?}); real hyphens lost {}/{real_total} {lost:?}",
            if dir == alone.path() { "seed texts alone" } else { "with the PDFs in the batch" },
            lost.len()
        );
        figures.push((joined, total, lost.len()));
    }
    let (alone_joined, total, alone_lost) = figures[0];
    let (batch_joined, _, batch_lost) = figures[1];
    assert!(
        total >= 10,
        "the seed texts have at least 10 leftovers, found {total}"
    );
    assert_eq!(alone_lost, 0);
    assert_eq!(batch_lost, 0, "the batch must not cost a real hyphen");
    assert_eq!(
        batch_joined, total,
        "every leftover settled with the batch as evidence"
    );
    assert!(batch_joined > alone_joined);
}
