//! Text input (`.txt`, `.md`): one model line per text line, laid out on a synthetic grid so the
//! later stages see the same kind of geometry as from a PDF: a blank line is a larger vertical
//! gap, a tab a wide horizontal gap, a form feed a page break. Markdown headings, `**bold**` and
//! `<b>…</b>` become bold words; `*x*` italic.

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
const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
/// Left margin of the synthetic page.
const LEFT: f32 = 56.0;

/// Reads a text or markdown file into the document model.
pub fn read_text(source: &str, bytes: &[u8], markdown: bool) -> Result<Document, FileError> {
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            warnings.push(format!(
                "not valid UTF-8 (byte {}); read as Latin-1",
                e.valid_up_to()
            ));
            bytes.iter().map(|&b| b as char).collect()
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let regular: Arc<str> = Arc::from(if markdown { "markdown" } else { "text" });
    let bold: Arc<str> = Arc::from(if markdown {
        "markdown-Bold"
    } else {
        "text-Bold"
    });
    let mut pages = Vec::new();
    for (i, page_text) in text.split('\u{c}').enumerate() {
        let mut lines = Vec::new();
        let mut y = 56.0;
        for raw in page_text.lines() {
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
}
