//! Arbitrary bytes as a text file: the first byte picks plain text (even) or markdown (odd),
//! the rest is the file. Read → repair → structure.
#![no_main]

use kl_extract::input::text::read_text;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let markdown = first & 1 == 1;
    common::run(|| {
        if let Ok(doc) = read_text("fuzz.txt", bytes, markdown) {
            common::repair_and_structure(doc);
        }
    });
});
