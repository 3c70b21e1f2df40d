//! Complete PDFs with what real producers put around them — kilobytes of NUL bytes after
//! `%%EOF` (Word files converted by Aspose.Words), whitespace or garbage after it, junk before
//! `%PDF-`, an incremental update (a second xref section) — read exactly as their plain twins,
//! made here from corpus PDFs. A file cut off before its end is still reported as truncated.

mod common;

use std::path::Path;

use common::fixtures;
use kl_extract::pipeline::{self, FileResult};

/// The corpus PDFs the twins are made from: both renderers, both document types.
const SOURCES: [&str; 2] = ["pdf/a_sans/seed_000.pdf", "pdf/b_typst/seed_001.pdf"];

fn read(path: &Path) -> FileResult {
    pipeline::process(path, "twin.pdf", "twin", None, &Default::default())
}

/// The original with an incremental update appended: a new document information dictionary,
/// a cross-reference section for it and a trailer pointing back to the original's.
fn with_update(orig: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(orig).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let size = doc.max_id + 1;
    let text = String::from_utf8_lossy(orig);
    let at = text.rfind("startxref").unwrap();
    let prev: usize = text[at + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut out = orig.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let obj_at = out.len();
    out.extend_from_slice(
        format!(
            "{size} 0 obj\n<< /Title (Opdateret referat) /Producer (Aspose.Words) >>\nendobj\n"
        )
        .as_bytes(),
    );
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{size} 1\n{obj_at:010} 00000 n \ntrailer\n<< /Size {} /Root {} {} R /Info {size} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            size + 1,
            root.0,
            root.1
        )
        .as_bytes(),
    );
    out
}

/// The twins of one PDF, named by what was done to it.
fn twins(orig: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let pad = |bytes: &[u8], tail: &[u8]| [bytes, tail].concat();
    let nul = vec![0u8; 15 * 1024];
    let update = with_update(orig);
    vec![
        ("15 KB of NUL bytes after %%EOF", pad(orig, &nul)),
        ("whitespace after %%EOF", pad(orig, b"\r\n\r\n   \n\t\n")),
        (
            "garbage after %%EOF",
            pad(
                orig,
                b"\n<!-- mailer: saved attachment -->\n\x1a\xff\xfe junk",
            ),
        ),
        (
            "NUL bytes after 8 KB of spaces",
            pad(orig, &[vec![b' '; 8 * 1024], nul.clone()].concat()),
        ),
        (
            "junk before %PDF-",
            [&b"Content-Type: application/pdf\r\n\r\n"[..], orig].concat(),
        ),
        ("an incremental update", update.clone()),
        ("an incremental update, then NUL bytes", pad(&update, &nul)),
    ]
}

/// What must be the same: status, page count, every page's text and the whole structure.
fn assert_same(name: &str, src: &str, a: &FileResult, b: &FileResult) {
    assert_eq!(
        (a.status, a.pages, a.error.as_ref().map(|e| &e.message)),
        (b.status, b.pages, b.error.as_ref().map(|e| &e.message)),
        "{src} with {name}"
    );
    let texts =
        |r: &FileResult| -> Vec<String> { r.page_records.iter().map(|p| p.text.clone()).collect() };
    assert_eq!(texts(a), texts(b), "{src} with {name}: page text");
    let structure = |r: &FileResult| r.meeting.as_ref().map(|m| m.structure.clone());
    assert!(
        structure(a) == structure(b),
        "{src} with {name}: structure differs"
    );
}

#[test]
fn padded_and_updated_pdfs_read_as_their_plain_twins() {
    let dir = tempfile::tempdir().unwrap();
    for src in SOURCES {
        let orig_path = fixtures().join(src);
        let orig_bytes = std::fs::read(&orig_path).unwrap();
        let plain = read(&orig_path);
        assert_eq!(plain.status.as_str(), "ok", "{src}");
        assert!(plain.meeting.as_ref().unwrap().structure.items.len() > 10);
        for (name, bytes) in twins(&orig_bytes) {
            let p = dir.path().join("twin.pdf");
            std::fs::write(&p, &bytes).unwrap();
            let twin = read(&p);
            println!(
                "{src:<28} {name:<40} {} {} pages",
                twin.status.as_str(),
                twin.pages
            );
            assert_same(name, src, &plain, &twin);
        }
    }
}

#[test]
fn a_cut_off_pdf_is_still_truncated_even_when_padded() {
    // The first 60 % of a corpus PDF, as is and with NUL bytes after the cut: its pages refer
    // to fonts that are not there, so it is never read as complete (what can be read is kept,
    // `partial`, every page named).
    let orig = std::fs::read(fixtures().join(SOURCES[0])).unwrap();
    let cut = &orig[..orig.len() * 6 / 10];
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("cut", cut.to_vec()),
        ("cut, then NUL bytes", [cut, &vec![0u8; 15 * 1024]].concat()),
    ] {
        let p = dir.path().join("cut.pdf");
        std::fs::write(&p, &bytes).unwrap();
        let r = read(&p);
        println!("{name}: {} {:?}", r.status.as_str(), r.error);
        assert_ne!(r.status.as_str(), "ok", "{name}");
        assert_eq!(
            r.error.as_ref().map(|e| e.kind.as_str()),
            Some("truncated_or_corrupt"),
            "{name}"
        );
    }
}
