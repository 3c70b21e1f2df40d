//! System programs the tool uses when present. With `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1` (set by
//! `.ci/run`, which installs them) these tests fail instead of skipping.

use std::path::Path;

use kl_extract::language::lexicon::{danish, Lexicon};

fn required() -> bool {
    std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

#[test]
fn danish_word_list_from_hunspell_da() {
    let words = danish();
    if !words.available() {
        assert!(
            !required(),
            "hunspell-da required but not loaded: {:?}",
            words.unavailable_reason()
        );
        eprintln!("SKIPPED: {}", words.unavailable_reason().unwrap());
        return;
    }
    for w in [
        "kommunale",
        "fælleskommunale",
        "interesser",
        "tillæg",
        "forhandlingerne",
    ] {
        assert!(words.check(w), "{w} should be a Danish word");
    }
    for w in ["Børneog", "fællesskommunale", "inter"] {
        assert!(!words.check(w), "{w} should not be a Danish word");
    }
}

#[test]
fn missing_word_list_names_the_debian_package() {
    let l = Lexicon::load(Path::new("/nonexistent/kl-extract"));
    assert!(!l.available());
    assert!(!l.check("kommunale"));
    assert!(l.unavailable_reason().unwrap().contains("hunspell-da"));
}
