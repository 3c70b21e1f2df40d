//! Developer aid: prints the document model's lines of one file after repair
//! (`cargo run --example dump -- FILE [--raw] [--structure] [--gaps] [--words] [--rules]`), with position, size and bold flag.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(file) = args.get(1) else {
        eprintln!("usage: dump FILE [--raw] [--structure] [--gaps] [--words] [--rules]");
        std::process::exit(2);
    };
    let doc = match kl_extract::input::read(std::path::Path::new(file), file, &Default::default()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}: {e}", e.kind.as_str());
            std::process::exit(1);
        }
    };
    let doc = if args.iter().any(|a| a == "--raw") {
        doc
    } else {
        kl_extract::repair::repair(
            doc,
            kl_extract::repair::Evidence {
                words: kl_extract::language::lexicon::danish(),
                batch: None,
            },
        )
        .doc
    };
    if args.iter().any(|a| a == "--structure") {
        let st = kl_extract::structure::analyze(&doc);
        println!("{:?}", st.meeting);
        for p in &st.participants {
            println!("participant {p:?}");
        }
        for e in &st.toc {
            println!("toc {e:?}");
        }
        for t in &st.tables {
            println!(
                "table item {:?} #{} [{}] p{}-{} caption {:?}",
                t.item, t.index, t.section, t.page_start, t.page_end, t.caption
            );
            println!("    H {:?}", t.header);
            for r in &t.rows {
                println!("    R {r:?}");
            }
        }
        for it in &st.items {
            println!(
                "item {} | {} | {:?} {:?} p{}-{}",
                it.number, it.title, it.case_number, it.case_handler, it.page_start, it.page_end
            );
            for s in &it.sections {
                println!(
                    "    [{}] {} chars, {} att",
                    s.heading,
                    s.text.len(),
                    s.attachments
                );
            }
        }
        for w in &st.warnings {
            println!("warning: {w}");
        }
        return;
    }
    for page in &doc.pages {
        println!(
            "=== page {} ({:.0}x{:.0})",
            page.number, page.width, page.height
        );
        if args.iter().any(|a| a == "--rules") {
            for r in &page.rules {
                let b = r.bbox;
                println!(
                    "rule {:6.1} {:6.1} {:6.1} {:6.1}",
                    b.x0, b.top, b.x1, b.bottom
                );
            }
            for f in &page.fills {
                let b = f.bbox;
                println!(
                    "fill {:6.1} {:6.1} {:6.1} {:6.1}",
                    b.x0, b.top, b.x1, b.bottom
                );
            }
        }
        for l in &page.lines {
            let b = if l.is_bold() {
                "B"
            } else if l.is_italic() {
                "I"
            } else {
                " "
            };
            println!(
                "{:6.1} {:6.1} {:5.1} {b} | {}",
                l.bbox.top,
                l.bbox.x0,
                l.size(),
                l.text()
            );
            if args.iter().any(|a| a == "--gaps") {
                let gaps: Vec<String> = l
                    .words
                    .windows(2)
                    .map(|w| format!("{:.2}", w[1].bbox.x0 - w[0].bbox.x1))
                    .collect();
                println!("{:>24}gaps {}", "", gaps.join(" "));
            }
            if args.iter().any(|a| a == "--words") {
                let words: Vec<String> = l
                    .words
                    .iter()
                    .map(|w| {
                        format!(
                            "{}@{:.1}-{:.1}/{:.1}-{:.1}",
                            w.text, w.bbox.x0, w.bbox.x1, w.bbox.top, w.bbox.bottom
                        )
                    })
                    .collect();
                println!("{:>24}words {}", "", words.join(" "));
            }
        }
    }
    for w in &doc.warnings {
        println!("warning: {w}");
    }
}
