//! Tables against the corpus truth: for each truth table, the tool's table of the same item and
//! index; cell accuracy = truth cells (header and body) equal after whitespace normalisation at
//! the same row and column; page_start and page_end exact; captions exact.

mod common;

use common::{run, truth, TableScore};

const VARIANTS: [&str; 4] = ["a_sans", "a_carlito", "a_caladea", "b_typst"];
const SEEDS: [&str; 2] = ["seed_000", "seed_001"];

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn tables_match_the_corpus_truth() {
    let mut sc = TableScore::default();
    for v in VARIANTS {
        for seed in SEEDS {
            let r = run(&format!("pdf/{v}/{seed}.pdf"));
            sc.add(
                &format!("{v}/{seed}"),
                &r,
                &truth(&format!("{v}/{seed}.json")),
            );
        }
    }
    let acc = sc.accuracy();
    println!(
        "tables: cells exact {}/{} ({acc:.2} %); pages right {}/{}; captions right {}/{}; tables found beyond the truth: {}",
        sc.exact, sc.cells, sc.pages_ok, sc.tables, sc.captions_ok, sc.tables, sc.extra
    );
    for p in &sc.problems {
        println!("  {p}");
    }
    assert!(acc >= 99.0, "cell accuracy {acc:.2} % < 99 %");
    assert_eq!(sc.pages_ok, sc.tables, "every table's pages right");
    assert_eq!(sc.captions_ok, sc.tables, "every caption right");
    assert_eq!(sc.extra, 0, "no tables beyond the truth");
}

#[test]
fn text_inputs_tables_match_the_truth_of_their_render() {
    // The seed texts are the documents the renders were made from (with their own typos, e.g.
    // "repræsentant" for "repræsentanter"); their tab-separated and <b>-tagged rows are tables.
    let mut total = 0;
    let mut exact = 0;
    let mut tables = 0;
    let mut found = 0;
    for (seed, truth_rel) in [
        (
            "seeds/referat_kkr_nordjylland_2020-09-04.txt",
            "a_sans/seed_000.json",
        ),
        (
            "seeds/dagsorden_kkr_nordjylland_2020-06-19.md",
            "a_sans/seed_001.json",
        ),
    ] {
        let r = run(seed);
        let st = &r.meeting.as_ref().unwrap().structure;
        let t = truth(truth_rel);
        for tt in t["tables"].as_array().unwrap() {
            tables += 1;
            let item = tt["item"].as_str().unwrap();
            let index = tt["index"].as_u64().unwrap() as usize;
            let got = st
                .tables
                .iter()
                .find(|x| x.item.as_deref() == Some(item) && x.index == index);
            if got.is_some() {
                found += 1;
            }
            let want = std::iter::once(&tt["header"]).chain(tt["rows"].as_array().unwrap());
            for (ri, row) in want.enumerate() {
                for (ci, cell) in row.as_array().unwrap().iter().enumerate() {
                    total += 1;
                    let g = got.and_then(|g| {
                        std::iter::once(&g.header)
                            .chain(&g.rows)
                            .nth(ri)
                            .and_then(|r| r.get(ci))
                    });
                    if g.map(|s| norm(s)) == Some(norm(cell.as_str().unwrap())) {
                        exact += 1;
                    }
                }
            }
            if let Some(g) = got {
                assert_eq!(
                    g.caption.as_deref(),
                    tt["caption"].as_str(),
                    "{seed} {item}#{index} caption"
                );
            }
        }
        assert_eq!(
            st.tables.len(),
            t["tables"].as_array().unwrap().len(),
            "{seed}: no tables beyond the truth"
        );
    }
    let acc = 100.0 * exact as f64 / total as f64;
    println!("seed texts: tables found {found}/{tables}; cells exact {exact}/{total} ({acc:.2} %)");
    assert_eq!(found, tables);
    // The seed texts differ from the renders' truth in a handful of cells (their own typos).
    assert!(acc >= 98.0, "cell accuracy {acc:.2} %");
}

#[test]
fn table_cells_csv_types_danish_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let inputs =
        kl_extract::run::batch::discover(&[common::fixtures().join("pdf/a_sans/seed_000.pdf")])
            .unwrap();
    let out = dir.path().join("out");
    kl_extract::run::batch::run(
        &inputs,
        &kl_extract::run::batch::Options {
            jobs: 1,
            ..kl_extract::run::batch::Options::new(out.clone())
        },
    )
    .unwrap();
    let mut r = csv::Reader::from_path(out.join("table_cells.csv")).unwrap();
    let mut typed = std::collections::HashMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        typed.insert(rec[4].to_string(), (rec[5].to_string(), rec[6].to_string()));
    }
    let get = |s: &str| typed.get(s).cloned().unwrap_or_default();
    assert_eq!(get("35.525.378"), ("35525378".into(), "".into()));
    assert_eq!(get("6,5"), ("6.5".into(), "".into()));
    assert_eq!(get("2,0 %"), ("2".into(), "%".into()));
    assert_eq!(get("215.443"), ("215443".into(), "".into()));
    assert_eq!(get("Budget samlet"), ("".into(), "".into()));
    // Every table listed in tables.csv has its file with the printed cells.
    let mut idx = csv::Reader::from_path(out.join("tables.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = idx.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    for rec in &rows {
        let file = out.join(&rec[10]);
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text.lines().count().to_string(),
            rec[8].to_string(),
            "{file:?}"
        );
    }
    let first = std::fs::read_to_string(out.join(&rows[0][10])).unwrap();
    assert!(first
        .starts_with(",År 2020 (i 2021 pl),År 2021\r\nBudget samlet,35.525.378,34.370.165\r\n"));
}
