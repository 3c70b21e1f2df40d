//! The fuzz targets' call chains (`fuzz/`) on fixed inputs: the fuzzers' seed corpus, every input
//! a fuzzer found a crash with (`tests/fixtures/fuzz/{pdf,text}/`, kept after the fix), and
//! hand-made extremes. Each must come back as a result (read, or a per-file error) — never a
//! panic escaping the library.

use std::path::Path;

use kl_extract::input::ocr::OcrMode;
use kl_extract::input::{pdf, text, ReadOptions};
use kl_extract::model::Document;

fn stages(doc: Document) {
    let repaired = kl_extract::repair::repair(
        doc,
        kl_extract::repair::Evidence {
            words: kl_extract::language::lexicon::danish(),
            batch: None,
        },
    );
    let _ = kl_extract::structure::analyze(&repaired.doc);
}

fn pdf_chain(bytes: &[u8]) {
    let opts = ReadOptions {
        ocr: OcrMode::Never,
        ..ReadOptions::default()
    };
    if let Ok(doc) = pdf::read_pdf("fuzz.pdf", bytes.to_vec(), &opts) {
        stages(doc);
    }
}

fn text_chain(bytes: &[u8], markdown: bool) {
    if let Ok(doc) = text::read_text("fuzz.txt", bytes, markdown) {
        stages(doc);
    }
}

fn files(dir: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v.into_iter()
        .filter(|p| p.is_file())
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

#[test]
fn pdf_inputs_come_back_as_results() {
    let mut inputs = files("fuzz/seeds/pdf");
    assert!(inputs.len() >= 10, "the seed corpus is there");
    inputs.extend(files("tests/fixtures/fuzz/pdf"));
    // Hand-made extremes: nothing after the header, a page tree that points at itself, a stream
    // longer than the file. (Arrays nested 100,000 deep overflow the parser's stack, which no
    // process survives: `tests/fixtures/fuzz/abort/deep_nesting.pdf`, tested through the
    // command line's worker isolation in tests/reliability.rs.)
    inputs.push(b"%PDF-1.7".to_vec());
    inputs.push(b"%PDF-1.7\n%%EOF\n".to_vec());
    inputs.push(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
            .to_vec(),
    );
    inputs.push(
        b"%PDF-1.4\n1 0 obj\n<< /Length 999999999 >>\nstream\nBT (x) Tj ET\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
            .to_vec(),
    );
    for bytes in &inputs {
        pdf_chain(bytes);
    }
}

#[test]
fn text_inputs_come_back_as_results() {
    let mut inputs = files("fuzz/seeds/text");
    assert!(!inputs.is_empty(), "the seed corpus is there");
    inputs.extend(files("tests/fixtures/fuzz/text"));
    inputs.push(Vec::new());
    inputs.push(vec![0xff, 0xfe, 0x00, 0x41]);
    inputs.push("x".repeat(1 << 20).into_bytes());
    inputs.push(
        "1.1.1.1.1.1. 2. 3.4.5. ......... 7\n"
            .repeat(2000)
            .into_bytes(),
    );
    inputs.push(
        "Beslutning\n-\n-\n./.\n| a | b |\n|---|\n"
            .repeat(500)
            .into_bytes(),
    );
    inputs.push("af-\n".repeat(5000).into_bytes());
    for bytes in &inputs {
        text_chain(bytes, false);
        text_chain(bytes, true);
    }
}
