fn main() {
    let args: Vec<String> = std::env::args().collect();
    let p = std::path::Path::new(&args[1]);
    match kl_extract::input::read(p, &args[1]) {
        Ok(doc) => {
            for page in &doc.pages {
                println!("=== page {} {}x{}", page.number, page.width, page.height);
                for l in &page.lines {
                    println!(
                        "{:6.1} {:6.1} {:5.1} {} | {}",
                        l.bbox.top,
                        l.bbox.x0,
                        l.size(),
                        if l.is_bold() { "B" } else { " " },
                        l.text()
                    );
                }
            }
            println!("{:?}", doc.warnings);
        }
        Err(e) => println!("ERR {:?}: {}", e.kind, e),
    }
}
