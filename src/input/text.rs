//! Text input (`.txt`, `.md`): one model line per text line, laid out on a synthetic grid so the
//! later stages see the same kind of geometry as from a PDF: a blank line is a larger vertical
//! gap, a tab a wide horizontal gap, a form feed a page break. Markdown headings, `**bold**` and
//! `<b>…</b>` become bold words; `*x*` italic. The bytes are UTF-8 (with or without a
//! byte-order mark), UTF-16 with one, Windows-1252 or Latin-1 ([`decode`]); a page of more than
//! [`PAGE_BYTES`] is cut into pages of about that size.

use std::borrow::Cow;
use std::sync::Arc;

use crate::error::{ErrorKind, FileError};
use crate::model::{BBox, Document, Line, Page, Style, TextSource, Word};

/// Synthetic font size of body text.
const BODY_SIZE: f32 = 10.0;
/// Synthetic advance of one character.
const CHAR_WIDTH: f32 = 5.0;
/// Synthetic distance between two consecutive lines.
const LINE_HEIGHT: f32 = 12.0;
/// Tab stops every this many points.
const TAB_STOP: f32 = 72.0;
/// A tab leaves at least this gap (wider than any gap between words).
const MIN_TAB_GAP: f32 = 36.0;
/// Synthetic page size (A4 in points).
const PAGE_WIDTH: f32 = super::A4.0;
const PAGE_HEIGHT: f32 = super::A4.1;
/// Left margin of the synthetic page.
const LEFT: f32 = 56.0;

/// A page of text longer than this many bytes (between form feeds, or the whole file) is cut
/// into pages of about this size, at a blank line; shorter pages are read as they are. Later
/// stages then work on pages of bounded size: one 200 MB page was slow in the CSV writer
/// (the `pages.csv` text field) and its synthetic line positions ran out of `f32` precision.
pub const PAGE_BYTES: usize = 1 << 20;
/// A cut page ends at the next line once it holds this many bytes, blank line or not.
const PAGE_BYTES_HARD: usize = 2 * PAGE_BYTES;
/// In a page that is cut, a line longer than this many bytes is cut too, at a space.
const LINE_BYTES: usize = 1 << 16;

/// How a text file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Mostly UTF-8, with this many invalid sequences replaced by U+FFFD.
    Utf8Damaged(usize),
    /// UTF-16 with a byte-order mark (little-endian when true).
    Utf16(bool),
    /// Windows-1252: not UTF-8, with bytes 0x80–0x9F (its dashes, quotes, `€`, `…`).
    Windows1252,
    /// ISO-8859-1: not UTF-8, without bytes 0x80–0x9F (Windows-1252 reads them the same).
    Latin1,
}

/// Decodes a text file's bytes: a byte-order mark (UTF-8, UTF-16) decides; else valid UTF-8 is
/// UTF-8; else bytes that are mostly UTF-8 (more valid multi-byte characters than invalid
/// sequences) are UTF-8 with the invalid sequences replaced; else it is a single-byte file:
/// Windows-1252 when it uses the bytes 0x80–0x9F, which ISO-8859-1 leaves to control
/// characters, otherwise Latin-1 (the two read the other bytes alike). Returns the text without
/// a byte-order mark, and the warning that names the encoding when it was not plain UTF-8.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding, Option<String>) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = &bytes[bom..];
        if enc == encoding_rs::UTF_8 {
            if let Ok(s) = std::str::from_utf8(rest) {
                return (Cow::Borrowed(s), Encoding::Utf8, None);
            }
            let (text, bad, first) = utf8_lossy(rest);
            let warning = damaged_warning(bad, first + bom);
            return (text, Encoding::Utf8Damaged(bad), Some(warning));
        }
        let (text, _) = enc.decode_without_bom_handling(rest);
        let le = enc == encoding_rs::UTF_16LE;
        let warning = format!("read as {} (by its byte-order mark)", enc.name());
        return (text, Encoding::Utf16(le), Some(warning));
    }
    let first_bad = match std::str::from_utf8(bytes) {
        Ok(s) => return (Cow::Borrowed(s), Encoding::Utf8, None),
        Err(e) => e.valid_up_to(),
    };
    let (multibyte, invalid) = utf8_census(bytes);
    if multibyte > invalid {
        let (text, bad, first) = utf8_lossy(bytes);
        return (
            text,
            Encoding::Utf8Damaged(bad),
            Some(damaged_warning(bad, first)),
        );
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let (encoding, name) = if bytes.iter().any(|b| (0x80..=0x9f).contains(b)) {
        (Encoding::Windows1252, "Windows-1252")
    } else {
        (Encoding::Latin1, "Latin-1 (ISO-8859-1)")
    };
    let warning = format!("not valid UTF-8 (byte {first_bad}); read as {name}");
    (text, encoding, Some(warning))
}

/// Valid multi-byte UTF-8 characters and invalid sequences in `bytes`.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let (mut multibyte, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (multibyte, invalid)
}

/// `bytes` as UTF-8 with each invalid sequence replaced by U+FFFD; the number replaced and the
/// offset of the first.
fn utf8_lossy(bytes: &[u8]) -> (Cow<'_, str>, usize, usize) {
    let first = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let (_, invalid) = utf8_census(bytes);
    (String::from_utf8_lossy(bytes), invalid, first)
}

fn damaged_warning(bad: usize, first: usize) -> String {
    format!(
        "not valid UTF-8 (byte {first}); read as UTF-8 with {bad} invalid byte sequence{} \
         replaced by U+FFFD",
        if bad == 1 { "" } else { "s" }
    )
}

/// The pages of `text`: split at form feeds, and a page longer than [`PAGE_BYTES`] cut into
/// pages of about that size (see there). Each page is given as its lines.
fn pages_of(text: &str) -> Vec<Vec<&str>> {
    let mut pages = Vec::new();
    for page in text.split('\u{c}') {
        if page.len() <= PAGE_BYTES {
            pages.push(page.lines().collect());
            continue;
        }
        let mut current: Vec<&str> = Vec::new();
        let mut bytes = 0;
        for line in page.lines().flat_map(cut_line) {
            let blank = line.trim().is_empty();
            if bytes >= PAGE_BYTES_HARD || bytes >= PAGE_BYTES && blank {
                pages.push(std::mem::take(&mut current));
                bytes = 0;
                if blank {
                    continue;
                }
            }
            bytes += line.len() + 1;
            current.push(line);
        }
        pages.push(current);
    }
    pages
}

/// A line cut into pieces of at most [`LINE_BYTES`] bytes, at the last space before the limit
/// (at a character boundary when there is none).
fn cut_line(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while rest.len() > LINE_BYTES {
        let mut end = LINE_BYTES;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let cut = rest[..end]
            .rfind([' ', '\t'])
            .filter(|&i| i > 0)
            .unwrap_or(end);
        out.push(&rest[..cut]);
        rest = rest[cut..].trim_start_matches([' ', '\t']);
    }
    out.push(rest);
    out
}

/// Reads a text or markdown file into the document model.
pub fn read_text(source: &str, bytes: &[u8], markdown: bool) -> Result<Document, FileError> {
    if bytes.is_empty() {
        return Err(FileError::new(
            ErrorKind::EmptyFile,
            "the file is empty (0 bytes)",
        ));
    }
    let mut warnings = Vec::new();
    let (text, _, warning) = decode(bytes);
    warnings.extend(warning);
    let regular: Arc<str> = Arc::from(if markdown { "markdown" } else { "text" });
    let bold: Arc<str> = Arc::from(if markdown {
        "markdown-Bold"
    } else {
        "text-Bold"
    });
    let mut pages = Vec::new();
    for (i, page_lines) in pages_of(&text).into_iter().enumerate() {
        let mut lines = Vec::new();
        let mut y = 56.0;
        for raw in page_lines {
            let raw = raw.trim_end();
            if raw.trim().is_empty() {
                y += LINE_HEIGHT;
                continue;
            }
            if let Some(line) = layout_line(raw, y, markdown, &regular, &bold) {
                y += line.bbox.height().max(LINE_HEIGHT) + 2.0;
                lines.push(line);
            }
        }
        pages.push(Page {
            ocr: None,
            number: i as u32 + 1,
            width: PAGE_WIDTH,
            height: PAGE_HEIGHT.max(y + 56.0),
            text_source: TextSource::File,
            lines,
            rules: Vec::new(),
            fills: Vec::new(),
        });
    }
    if pages.iter().all(|p| p.lines.is_empty()) {
        return Err(FileError::new(ErrorKind::NoText, "the file holds no text"));
    }
    Ok(Document {
        source: source.to_string(),
        pages,
        warnings,
        failed_pages: Vec::new(),
    })
}

/// Lays one text line out as words on the synthetic grid.
fn layout_line(
    raw: &str,
    top: f32,
    markdown: bool,
    regular: &Arc<str>,
    bold_font: &Arc<str>,
) -> Option<Line> {
    let mut s = raw;
    let mut size = BODY_SIZE;
    let mut heading = false;
    if markdown {
        let t = s.trim_start();
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            heading = true;
            size = BODY_SIZE + (7 - hashes) as f32;
            s = t[hashes..].trim_start();
        }
    }
    // Split into styled runs.
    let mut runs: Vec<(String, bool, bool)> = Vec::new();
    let (mut bold, mut italic) = (heading, false);
    let mut buf = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let toggled = if rest.starts_with("<b>") {
            Some((3, 'b', true))
        } else if rest.starts_with("</b>") {
            Some((4, 'b', false))
        } else if markdown && rest.starts_with("**") {
            Some((2, 'b', !bold || heading && !buf.is_empty()))
        } else if markdown && rest.starts_with('*') && !rest.starts_with("* ") {
            Some((1, 'i', !italic))
        } else {
            None
        };
        if let Some((n, what, on)) = toggled {
            if !buf.is_empty() {
                runs.push((std::mem::take(&mut buf), bold, italic));
            }
            if what == 'b' {
                bold = if heading { true } else { on };
            } else {
                italic = on;
            }
            rest = &rest[n..];
            continue;
        }
        buf.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if !buf.is_empty() {
        runs.push((buf, bold, italic));
    }
    let mut words = Vec::new();
    let mut x = LEFT;
    let mut pending: Option<Word> = None;
    for (text, bold, italic) in runs {
        let style = Style {
            font: if bold {
                bold_font.clone()
            } else {
                regular.clone()
            },
            size,
            bold,
            italic,
        };
        for c in text.chars() {
            let adv = CHAR_WIDTH * size / BODY_SIZE;
            if c == '\t' || c == ' ' {
                if let Some(w) = pending.take() {
                    words.push(w);
                }
                x = if c == '\t' {
                    // The next tab stop at least MIN_TAB_GAP away: a tab always reads as a wide gap.
                    (((x + MIN_TAB_GAP - LEFT) / TAB_STOP).ceil() * TAB_STOP + LEFT)
                        .max(x + MIN_TAB_GAP)
                } else {
                    x + adv
                };
                continue;
            }
            let b = BBox::new(x, top, x + adv, top + size * 1.2);
            match pending.as_mut() {
                Some(w) => {
                    w.text.push(c);
                    w.bbox = w.bbox.union(&b);
                }
                None => {
                    pending = Some(Word {
                        text: c.to_string(),
                        bbox: b,
                        style: style.clone(),
                    })
                }
            }
            x += adv;
        }
    }
    if let Some(w) = pending.take() {
        words.push(w);
    }
    if words.is_empty() {
        None
    } else {
        Some(Line::new(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_bold_and_headings() {
        let doc = read_text(
            "x.md",
            b"## 1. Title\n\n<b>2.</b>\t<b>Foo</b>\t<b>3</b>\nplain **b** text\n",
            true,
        )
        .unwrap();
        let lines = &doc.pages[0].lines;
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].text(), "1. Title");
        assert!(lines[0].is_bold());
        assert!(lines[1].is_bold());
        assert_eq!(lines[1].text(), "2. Foo 3");
        assert!(lines[1].words[1].bbox.x0 - lines[1].words[0].bbox.x1 > 30.0);
        assert!(!lines[2].is_bold());
        assert!(lines[2].words[1].style.bold);
        // the blank line makes a larger gap
        let g1 = lines[1].bbox.top - lines[0].bbox.bottom;
        let g2 = lines[2].bbox.top - lines[1].bbox.bottom;
        assert!(g1 > g2);
    }

    #[test]
    fn empty_text_is_no_text() {
        assert_eq!(
            read_text("x.txt", b"\n \n", false).unwrap_err().kind,
            ErrorKind::NoText
        );
    }

    #[test]
    fn an_empty_file_is_empty_file() {
        let e = read_text("x.txt", b"", false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::EmptyFile);
        assert_eq!(e.message, "the file is empty (0 bytes)");
    }

    fn page_text(doc: &Document) -> Vec<String> {
        doc.pages
            .iter()
            .flat_map(|p| p.lines.iter().map(|l| l.text()))
            .collect()
    }

    #[test]
    fn encodings_are_detected() {
        let text = "Møde i Ærø – på åen «x» … 5 €";
        // UTF-8 as it is, with or without a byte-order mark.
        assert_eq!(
            decode(text.as_bytes()),
            (Cow::Borrowed(text), Encoding::Utf8, None)
        );
        let bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom), (Cow::Borrowed(text), Encoding::Utf8, None));
        // Windows-1252: the en dash is 0x96, the ellipsis 0x85, the euro sign 0x80.
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(cp1252.contains(&0x96));
        let (got, enc, warning) = decode(&cp1252);
        assert_eq!((got.as_ref(), enc), (text, Encoding::Windows1252));
        assert_eq!(
            warning.as_deref(),
            Some("not valid UTF-8 (byte 1); read as Windows-1252")
        );
        // Latin-1: no byte in 0x80–0x9F.
        let latin = "Møde i Ærø på åen";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(latin);
        let (got, enc, warning) = decode(&bytes);
        assert_eq!((got.as_ref(), enc), (latin, Encoding::Latin1));
        assert!(warning.unwrap().ends_with("read as Latin-1 (ISO-8859-1)"));
        // UTF-8 with one stray byte stays UTF-8.
        let damaged = [text.as_bytes(), b" \xe6 ", text.as_bytes()].concat();
        let (got, enc, warning) = decode(&damaged);
        assert_eq!(enc, Encoding::Utf8Damaged(1));
        assert_eq!(got, format!("{text} \u{fffd} {text}"));
        assert!(warning
            .unwrap()
            .contains("read as UTF-8 with 1 invalid byte sequence"));
        // UTF-16 by its byte-order mark.
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (got, enc, warning) = decode(&utf16);
        assert_eq!((got.as_ref(), enc), (text, Encoding::Utf16(true)));
        assert_eq!(
            warning.as_deref(),
            Some("read as UTF-16LE (by its byte-order mark)")
        );
    }

    #[test]
    fn windows_1252_text_reads_with_the_right_characters() {
        let text =
            "1. Godkendelse af referat\n\nUlla Vestergaard – Thisted Kommune, Ærø og Åbenrå\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let doc = read_text("x.txt", &bytes, false).unwrap();
        let want: Vec<String> = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        assert_eq!(page_text(&doc), want);
        assert!(!page_text(&doc).concat().contains('\u{96}'));
        assert_eq!(
            doc.warnings,
            ["not valid UTF-8 (byte 44); read as Windows-1252"]
        );
        // The same text in UTF-8, with and without a byte-order mark: the same lines, no warning.
        for bytes in [
            text.as_bytes().to_vec(),
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        ] {
            let doc = read_text("x.txt", &bytes, false).unwrap();
            assert_eq!(page_text(&doc), want);
            assert!(doc.warnings.is_empty());
        }
    }

    /// Lines of prose, `n` bytes or a little more, with a blank line every ten lines.
    fn prose(n: usize) -> String {
        let mut s = String::new();
        let mut k = 0;
        while s.len() < n {
            k += 1;
            s.push_str(&format!("Linje {k} om sagen og økonomien i kommunen\n"));
            if k % 10 == 0 {
                s.push('\n');
            }
        }
        s
    }

    #[test]
    fn long_text_is_cut_into_pages_of_bounded_size() {
        // Up to PAGE_BYTES a page is one page, as always.
        let text = prose(PAGE_BYTES - 100);
        assert!(text.len() <= PAGE_BYTES);
        let doc = read_text("x.txt", text.as_bytes(), false).unwrap();
        assert_eq!(doc.pages.len(), 1);
        // Beyond: pages of about PAGE_BYTES, cut at blank lines, nothing lost or reordered.
        let text = prose(5 * PAGE_BYTES);
        let doc = read_text("x.txt", text.as_bytes(), false).unwrap();
        assert!(
            (5..=6).contains(&doc.pages.len()),
            "{} pages",
            doc.pages.len()
        );
        let want: Vec<String> = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        assert_eq!(page_text(&doc), want);
        for (k, p) in doc.pages.iter().enumerate() {
            assert_eq!(p.number as usize, k + 1);
            let bytes: usize = p.lines.iter().map(|l| l.text().len() + 1).sum();
            assert!(bytes <= PAGE_BYTES_HARD, "page {}: {bytes} bytes", p.number);
            // A page ends where a paragraph does (every tenth line here).
            if k + 1 < doc.pages.len() {
                assert!(p
                    .lines
                    .last()
                    .unwrap()
                    .text()
                    .ends_with("0 om sagen og økonomien i kommunen"));
            }
        }
        // Form feeds still make pages; a long one is cut too.
        let text = format!(
            "Første side\n\u{c}{}\u{c}Sidste side\n",
            prose(3 * PAGE_BYTES)
        );
        let doc = read_text("x.txt", text.as_bytes(), false).unwrap();
        assert_eq!(doc.pages[0].lines[0].text(), "Første side");
        assert_eq!(doc.pages.last().unwrap().lines[0].text(), "Sidste side");
        assert!(doc.pages.len() >= 5);
    }

    #[test]
    fn one_huge_line_is_cut_at_spaces() {
        // No blank line to end a page at: a page ends once it holds PAGE_BYTES_HARD.
        let line = "ord ".repeat(3 * PAGE_BYTES / 4);
        let doc = read_text("x.txt", line.as_bytes(), false).unwrap();
        assert_eq!(doc.pages.len(), 2);
        let mut words = 0;
        for p in &doc.pages {
            let bytes: usize = p.lines.iter().map(|l| l.text().len() + 1).sum();
            assert!(
                bytes <= PAGE_BYTES_HARD + LINE_BYTES,
                "page {}: {bytes} bytes",
                p.number
            );
            for l in &p.lines {
                assert!(l.text().len() <= LINE_BYTES);
                assert!(l.words.iter().all(|w| w.text == "ord"));
                words += l.words.len();
            }
        }
        assert_eq!(words, 3 * PAGE_BYTES / 4);
    }
}
