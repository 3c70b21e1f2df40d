//! A work-around for a pdf_oxide 0.3.78 bug: it reads only the first `bfrange` entry of each
//! *line* of a ToUnicode CMap, so CMaps written without line breaks (eDoc/Ballerup exports put
//! the whole CMap on one line) lose most of their ranges and letters come out as wrong
//! characters ("udvalg" → "-d.alg"). Before such a file goes to pdf_oxide, its ToUnicode streams
//! are rewritten with one entry per line — the same mapping, laid out the way the parser reads.

use lopdf::{Document, Object, ObjectId};

/// Rewrites every ToUnicode CMap that has several `bfrange` entries on one line. Returns
/// whether anything changed.
pub fn fix_tounicode(doc: &mut Document) -> bool {
    let mut ids: Vec<ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| match o {
            Object::Dictionary(d) => d.get(b"ToUnicode").ok()?.as_reference().ok(),
            _ => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    let mut changed = false;
    for id in ids {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        if let Some(fixed) = relayout_bfranges(&content) {
            stream.set_plain_content(fixed);
            changed = true;
        }
    }
    changed
}

/// The CMap with each `bfrange` entry on its own line, or `None` when no line holds two.
pub fn relayout_bfranges(cmap: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(cmap);
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest: &str = &text;
    let mut changed = false;
    while let Some(start) = rest.find("beginbfrange") {
        let body_start = start + "beginbfrange".len();
        let Some(end) = rest[body_start..].find("endbfrange") else {
            break;
        };
        let body = &rest[body_start..body_start + end];
        let tokens = tokenize(body);
        let entries: Vec<String> = tokens.chunks(3).map(|c| c.join(" ")).collect();
        let lines_needed = entries.len();
        let lines_had = body.lines().filter(|l| l.contains('<')).count();
        if lines_had < lines_needed {
            changed = true;
        }
        out.push_str(&rest[..body_start]);
        out.push('\n');
        for e in entries {
            out.push_str(&e);
            out.push('\n');
        }
        rest = &rest[body_start + end..];
    }
    out.push_str(rest);
    changed.then(|| out.into_bytes())
}

/// Hex strings and bracketed arrays of hex strings, in order.
fn tokenize(body: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let close = match c {
            '<' => '>',
            '[' => ']',
            _ => continue,
        };
        let mut j = i + c.len_utf8();
        for (k, d) in chars.by_ref() {
            j = k + d.len_utf8();
            if d == close {
                break;
            }
        }
        tokens.push(body[i..j].to_string());
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_cmap_is_relaid() {
        let cmap = b"endbfchar3 beginbfrange<0005> <0006> <0065><0014> <0015> <0031><0010> <0012> [<0041> <0042> <0043>]endbfrangeendcmap";
        let fixed = String::from_utf8(relayout_bfranges(cmap).unwrap()).unwrap();
        assert_eq!(
            fixed,
            "endbfchar3 beginbfrange\n<0005> <0006> <0065>\n<0014> <0015> <0031>\n<0010> <0012> [<0041> <0042> <0043>]\nendbfrangeendcmap"
        );
        assert!(relayout_bfranges(b"beginbfrange\n<01> <02> <0041>\nendbfrange").is_none());
    }
}
