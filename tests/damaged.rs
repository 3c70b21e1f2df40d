//! Damaged PDFs made here from a corpus render: each page keeps its position in the file
//! whatever fails, a page that cannot be read completely is named (`partial`), what can be read
//! is read, and a damaged cross-reference table is rebuilt. Never `ok` with pages silently
//! emptied.

mod common;

use std::path::Path;

use common::fixtures;
use kl_extract::pipeline::{self, FileResult};

/// A 28-page LibreOffice render (the KKR agenda).
const SOURCE: &str = "pdf/a_sans/seed_001.pdf";

fn original() -> Vec<u8> {
    std::fs::read(fixtures().join(SOURCE)).unwrap()
}

fn read_bytes(bytes: &[u8]) -> FileResult {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("damaged.pdf");
    std::fs::write(&p, bytes).unwrap();
    read(&p)
}

fn read(path: &Path) -> FileResult {
    pipeline::process(path, "damaged.pdf", "damaged", None, &Default::default())
}

/// The byte range of the `k`-th (0-based) `/Contents N 0 R` reference, and `N`.
fn contents_ref(pdf: &[u8], k: usize) -> (usize, usize, u32) {
    let re = regex::bytes::Regex::new(r"/Contents (\d+) 0 R").unwrap();
    let m = re.captures_iter(pdf).nth(k).expect("page");
    let whole = m.get(0).unwrap();
    let n = std::str::from_utf8(&m[1]).unwrap().parse().unwrap();
    (whole.start(), whole.end(), n)
}

/// Replaces `pdf[start..end]` by `with` (same length, so the cross-reference table stays right).
fn splice(pdf: &[u8], start: usize, end: usize, with: &[u8]) -> Vec<u8> {
    assert_eq!(end - start, with.len());
    [&pdf[..start], with, &pdf[end..]].concat()
}

fn failed_pages(r: &FileResult) -> Vec<u32> {
    r.page_records
        .iter()
        .filter(|p| p.failed)
        .map(|p| p.page)
        .collect()
}

fn page_texts(r: &FileResult) -> Vec<String> {
    r.page_records.iter().map(|p| p.text.clone()).collect()
}

#[test]
fn a_broken_page_dictionary_keeps_every_page_in_its_place() {
    let pdf = original();
    let plain = read_bytes(&pdf);
    // The fifth page's `/Contents 43 0 R` made `/Contents 43 0 X`: its dictionary no longer
    // parses, and the glyph reader drops the page from its list.
    let (start, end, _) = contents_ref(&pdf, 4);
    let mut with = pdf[start..end].to_vec();
    *with.last_mut().unwrap() = b'X';
    let r = read_bytes(&splice(&pdf, start, end, &with));
    println!("{} {:?}", r.status.as_str(), r.error);
    assert_eq!(r.pages, 28);
    assert_eq!(r.status.as_str(), "partial");
    assert_eq!(failed_pages(&r), [5]);
    // Every other page is the same page as in the plain file, with the same text.
    let (a, b) = (page_texts(&plain), page_texts(&r));
    for k in (0..28).filter(|&k| k != 4) {
        assert_eq!(a[k], b[k], "page {}", k + 1);
    }
    // Items keep their pages (those that start on another page than the fifth).
    let items = |r: &FileResult| -> Vec<(String, u32)> {
        r.meeting
            .as_ref()
            .unwrap()
            .structure
            .items
            .iter()
            .map(|i| (i.number.clone(), i.page_start))
            .filter(|(_, p)| *p != 5)
            .collect()
    };
    assert_eq!(items(&plain), items(&r));
}

#[test]
fn a_missing_content_object_and_a_corrupt_stream_are_page_errors() {
    let pdf = original();
    // The fifth page's content stream reference points at an object that is not there.
    let (start, end, n) = contents_ref(&pdf, 4);
    let missing = format!("/Contents {} 0 R", "9".repeat(n.to_string().len()));
    let r = read_bytes(&splice(&pdf, start, end, missing.as_bytes()));
    println!("missing: {} {:?}", r.status.as_str(), r.error);
    assert_eq!((r.status.as_str(), r.pages), ("partial", 28));
    assert_eq!(failed_pages(&r), [5]);
    // The same stream's compressed bytes damaged (its length unchanged).
    let head = format!("\n{n} 0 obj");
    let at = pdf
        .windows(head.len())
        .position(|w| w == head.as_bytes())
        .unwrap();
    let data = at + pdf[at..].windows(7).position(|w| w == b"stream\n").unwrap() + 7;
    let mut bad = pdf.clone();
    for b in &mut bad[data + 20..data + 40] {
        *b ^= 0x5a;
    }
    let r = read_bytes(&bad);
    let error = r
        .error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    println!("corrupt: {} {error}", r.status.as_str());
    assert_eq!(r.status.as_str(), "partial");
    assert_eq!(failed_pages(&r), [5]);
    assert!(error.contains("cannot be decoded"), "{error}");
}

#[test]
fn a_file_mangled_by_a_crlf_conversion_is_not_ok() {
    // Every "\n" made "\r\n" (a PDF sent through a text-mode transfer): every stream is
    // damaged, the offsets are wrong.
    let pdf = original();
    let mangled: Vec<u8> = pdf
        .iter()
        .flat_map(|&b| {
            if b == b'\n' {
                vec![b'\r', b'\n']
            } else {
                vec![b]
            }
        })
        .collect();
    let r = read_bytes(&mangled);
    println!(
        "{} {} pages, {} failed",
        r.status.as_str(),
        r.pages,
        failed_pages(&r).len()
    );
    assert_ne!(r.status.as_str(), "ok");
    assert_eq!(
        r.error.as_ref().map(|e| e.kind.as_str()),
        Some("truncated_or_corrupt")
    );
    assert!(failed_pages(&r).len() >= 20);
}

#[test]
fn a_damaged_cross_reference_table_is_rebuilt() {
    let pdf = original();
    let plain = read_bytes(&pdf);
    let xref = pdf.windows(6).rposition(|w| w == b"\nxref\n").unwrap() + 1;
    let first = xref
        + pdf[xref..]
            .windows(10)
            .position(|w| w == b"0000000000")
            .unwrap();
    // One entry's end of line changed: the entries after it no longer line up.
    for (what, offset) in [("end of line", 19), ("space before it", 18)] {
        let entry = first + 20 * 5;
        let mut bad = pdf.clone();
        bad[entry + offset] = b'X';
        let r = read_bytes(&bad);
        println!("{what}: {} {:?}", r.status.as_str(), r.error);
        assert_eq!(r.status.as_str(), "ok", "{what}");
        assert_eq!(page_texts(&r), page_texts(&plain), "{what}");
        assert!(
            r.meeting.as_ref().unwrap().structure == plain.meeting.as_ref().unwrap().structure,
            "{what}: structure"
        );
    }
}

#[test]
fn a_cut_off_file_is_read_as_far_as_it_goes() {
    let pdf = original();
    for share in [30, 60, 90] {
        let cut = &pdf[..pdf.len() * share / 100];
        let r = read_bytes(cut);
        let failed = failed_pages(&r);
        println!(
            "{share} %: {} {} pages, {} failed, {} items",
            r.status.as_str(),
            r.pages,
            failed.len(),
            r.meeting.as_ref().map_or(0, |m| m.structure.items.len())
        );
        // Never a complete document; what is there is read, every page in its place.
        assert_ne!(r.status.as_str(), "ok", "{share} %");
        assert_eq!(
            r.error.as_ref().map(|e| e.kind.as_str()),
            Some("truncated_or_corrupt"),
            "{share} %"
        );
        if r.status.as_str() == "partial" {
            assert_eq!(r.pages, 28, "{share} %");
            assert!(!failed.is_empty());
        }
        // From 60 % on, the page tree and most pages are there: the items are read.
        if share >= 60 {
            assert_eq!(r.status.as_str(), "partial", "{share} %");
            let items = r.meeting.as_ref().map_or(0, |m| m.structure.items.len());
            assert!(items >= 20, "{share} %: {items} items");
        }
    }
}

#[test]
fn a_damaged_first_page_is_named_in_the_warnings() {
    let pdf = original();
    let (start, end, _) = contents_ref(&pdf, 0);
    let mut with = pdf[start..end].to_vec();
    *with.last_mut().unwrap() = b'X';
    let r = read_bytes(&splice(&pdf, start, end, &with));
    assert_eq!(failed_pages(&r), [1]);
    let warnings = &r.meeting.as_ref().unwrap().warnings;
    assert!(
        warnings.iter().any(|w| w.contains("title block")),
        "{warnings:?}"
    );
}
