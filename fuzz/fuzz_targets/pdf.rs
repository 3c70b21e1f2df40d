//! Arbitrary bytes as a PDF: read (text layer only, no OCR) → repair → structure.
#![no_main]

use kl_extract::input::ocr::OcrMode;
use kl_extract::input::{pdf, ReadOptions};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|bytes: &[u8]| {
    common::run(|| {
        let opts = ReadOptions {
            ocr: OcrMode::Never,
            ..ReadOptions::default()
        };
        if let Ok(doc) = pdf::read_pdf("fuzz.pdf", bytes.to_vec(), &opts) {
            common::repair_and_structure(doc);
        }
    });
});
