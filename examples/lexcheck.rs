fn main() {
    let t = std::time::Instant::now();
    let l = kl_extract::language::lexicon::danish();
    println!(
        "loaded {} in {:?} {:?}",
        l.available(),
        t.elapsed(),
        l.unavailable_reason()
    );
    for w in std::env::args().skip(1) {
        println!("{w}: {}", l.check(&w));
    }
}
