//! Developer aid for performance work: times each pipeline stage (dictionary load, input,
//! repair, structure, output rows) over the files given, in this process, one after another
//! (`cargo run --release --example stages -- FILE... [--repeat N]`). The benchmark proper is
//! `bench/run.sh`; this says where the time inside one file goes.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--repeat"))
        .map(|(_, a)| a)
        .collect();
    let t = Instant::now();
    let lexicon = kl_extract::language::lexicon::danish();
    println!(
        "dictionary: {:.1} ms ({})",
        ms(t.elapsed()),
        if lexicon.available() {
            "loaded"
        } else {
            "missing"
        }
    );
    let mut totals = [Duration::ZERO; 4];
    let mut pages = 0;
    for _ in 0..repeat {
        for f in &files {
            let t0 = Instant::now();
            let doc = match kl_extract::input::read(Path::new(f), f, &Default::default()) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{f}: {e}");
                    continue;
                }
            };
            pages += doc.pages.len();
            let t1 = Instant::now();
            let repaired = kl_extract::repair::repair(
                doc,
                kl_extract::repair::Evidence {
                    words: lexicon,
                    batch: None,
                },
            );
            let t2 = Instant::now();
            let structure = kl_extract::structure::analyze(&repaired.doc);
            let t3 = Instant::now();
            let result =
                kl_extract::pipeline::process(Path::new(f), f, "m", None, &Default::default());
            let t4 = Instant::now();
            let _rows = kl_extract::views::csv::file_rows(&result, "h", true).expect("rows");
            let t5 = Instant::now();
            std::hint::black_box(structure);
            totals[0] += t1 - t0;
            totals[1] += t2 - t1;
            totals[2] += t3 - t2;
            totals[3] += t5 - t4;
        }
    }
    let all: Duration = totals.iter().sum();
    for (name, d) in ["input", "repair", "structure", "output rows"]
        .iter()
        .zip(totals)
    {
        println!(
            "{name:>12}: {:8.1} ms {:5.1} %  {:.3} ms/page",
            ms(d),
            100.0 * d.as_secs_f64() / all.as_secs_f64(),
            ms(d) / pages.max(1) as f64
        );
    }
    println!(
        "{:>12}: {:8.1} ms  {pages} pages  {:.0} pages/s",
        "total",
        ms(all),
        pages as f64 / all.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
