//! Damage a PDF's pages carry that the glyph reader does not report: objects a page refers to
//! that are not in the file (a file cut off, a broken reference) and page dictionaries the glyph
//! reader skips (so that its page indexes no longer are the file's page positions). Streams that
//! do not decode are reported by the reader itself (see `decode_log`).
//! Read from lopdf's parse of the file, one page at a time.

use std::collections::{HashMap, HashSet};
use std::fmt;

use lopdf::{Document, Object, ObjectId};

/// At most this many objects are visited for one document (a bound for damaged files whose
/// references loop or fan out without end); also the bound of the check that a file without an
/// `%%EOF` at its end is complete.
pub const MAX_CHECKED_OBJECTS: usize = 200_000;

/// What is wrong with one page of the file, found before or while it is read. `Display` gives
/// the words of the page's warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageDamage {
    /// Its page dictionary cannot be read.
    DictionaryUnreadable,
    /// This many objects it refers to are not in the file.
    MissingObjects(usize),
    /// Its content stream (this object) is missing or not a stream.
    ContentStreamMissing(u32),
    /// Its content stream (this object) does not decode, for this reason: text may be missing.
    StreamUndecodable {
        /// The stream's object number.
        object: u32,
        /// The decoder's reason.
        why: String,
    },
    /// Checking its objects failed (the check panicked).
    Uncheckable,
    /// It shows text, but none could be read: its fonts or resources are damaged.
    TextUnreadable,
}

impl fmt::Display for PageDamage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageDamage::DictionaryUnreadable => write!(f, "its page dictionary cannot be read"),
            PageDamage::MissingObjects(n) => write!(
                f,
                "{n} object{} the page refers to {} missing from the file",
                if *n == 1 { "" } else { "s" },
                if *n == 1 { "is" } else { "are" }
            ),
            PageDamage::ContentStreamMissing(object) => write!(
                f,
                "its content stream (object {object}) is missing or not a stream"
            ),
            PageDamage::StreamUndecodable { object, why } => write!(
                f,
                "its content stream (object {object}) cannot be decoded ({why}): text may be missing"
            ),
            PageDamage::Uncheckable => write!(f, "its objects cannot be checked"),
            PageDamage::TextUnreadable => write!(
                f,
                "the page shows text that cannot be read (its fonts or resources are damaged)"
            ),
        }
    }
}

/// Checks pages of one document, within one bound on the objects visited.
pub struct Checker<'a> {
    doc: &'a Document,
    visited: usize,
}

impl<'a> Checker<'a> {
    /// A checker for `doc`.
    pub fn new(doc: &'a Document) -> Checker<'a> {
        Checker { doc, visited: 0 }
    }

    /// What is wrong with page `id`, or `None` when every object it refers to is there and
    /// its content streams are streams.
    pub fn page(&mut self, id: ObjectId) -> Option<PageDamage> {
        let Ok(dict) = self.doc.get_dictionary(id) else {
            return Some(PageDamage::DictionaryUnreadable);
        };
        // Every object the page reaches (not back up the tree through /Parent).
        let mut todo: Vec<ObjectId> = Vec::new();
        collect_references(&Object::Dictionary(dict.clone()), &mut todo, 0);
        let mut missing = 0;
        let mut local: HashSet<ObjectId> = HashSet::new();
        while let Some(r) = todo.pop() {
            // An object's presence says nothing of what it refers to (a font is there, its
            // ToUnicode map cut off): every page walks its whole reach.
            if !local.insert(r) {
                continue;
            }
            self.visited += 1;
            if self.visited > MAX_CHECKED_OBJECTS {
                break;
            }
            match self.doc.get_object(r) {
                Ok(obj) => collect_references(obj, &mut todo, 0),
                Err(_) => missing += 1,
            }
        }
        if missing > 0 {
            return Some(PageDamage::MissingObjects(missing));
        }
        // The content streams are there (whether they decode, the glyph reader tells: see
        // `decode_log`).
        for stream_id in content_streams(dict) {
            if !matches!(self.doc.get_object(stream_id), Ok(Object::Stream(_))) {
                return Some(PageDamage::ContentStreamMissing(stream_id.0));
            }
        }
        None
    }
}

/// A content stream decodes to at most this many bytes for the check (a bomb is the limits'
/// business, not this check's).
const MAX_CHECKED_BYTES: u64 = 64 << 20;

/// Why a Flate-encoded stream (its first filter) does not decode, if it does not.
fn flate_error(s: &lopdf::Stream) -> Option<String> {
    // An empty stream is an empty page, not a damaged one.
    if !flate_encoded(s) || s.content.trim_ascii().is_empty() {
        return None;
    }
    let decoder = flate2::read::ZlibDecoder::new(&s.content[..]);
    let mut bounded = std::io::Read::take(decoder, MAX_CHECKED_BYTES);
    std::io::copy(&mut bounded, &mut std::io::sink())
        .err()
        .map(|e| e.to_string())
}

/// What the glyph reader (pdf_oxide) decodes at most: a stream that inflates past this many
/// bytes, or past [`READER_MAX_RATIO`] times its encoded size, it refuses as a decompression
/// bomb (its `DEFAULT_MAX_DECOMPRESSED_SIZE`) — after inflating all of it.
pub const READER_MAX_BYTES: u64 = 100 << 20;
/// See [`READER_MAX_BYTES`] (pdf_oxide's `DEFAULT_MAX_DECOMPRESSION_RATIO`).
pub const READER_MAX_RATIO: u64 = 100;
/// Encoded streams smaller than this are not measured: Deflate inflates at most ~1,032 times,
/// so they stay under 17 MB.
const MIN_MEASURED_BYTES: usize = 16 << 10;

/// A content stream of a page that the glyph reader would refuse as a decompression bomb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bomb {
    /// The stream's object number.
    pub object: u32,
    /// Its encoded size in bytes.
    pub encoded: usize,
    /// Bytes it inflates to, counted up to the first past the limit.
    pub inflated: u64,
}

impl fmt::Display for Bomb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "its content stream (object {}) inflates from {} KB to {} MB (at least): a \
             decompression bomb, past the PDF reader's limits ({} MB, {} times the stream's size)",
            self.object,
            self.encoded >> 10,
            self.inflated >> 20,
            READER_MAX_BYTES >> 20,
            READER_MAX_RATIO
        )
    }
}

impl Checker<'_> {
    /// A content stream of page `id` that inflates past the glyph reader's limits, measured
    /// before the reader inflates it whole: counted through a small buffer, so the bomb costs
    /// no memory, and the page fails the same way whatever memory the process has left.
    pub fn bomb(&self, id: ObjectId) -> Option<Bomb> {
        self.find_in_streams(id, |object, s| {
            if s.content.len() < MIN_MEASURED_BYTES || !flate_encoded(s) {
                return None;
            }
            let limit = READER_MAX_BYTES.min(READER_MAX_RATIO * s.content.len() as u64);
            let decoder = flate2::read::ZlibDecoder::new(&s.content[..]);
            let mut bounded = std::io::Read::take(decoder, limit + 1);
            // A stream that stops decoding part-way counts what it gave (its damage is
            // another check's).
            let mut counted = CountingSink(0);
            let _ = std::io::copy(&mut bounded, &mut counted);
            (counted.0 > limit).then_some(Bomb {
                object,
                encoded: s.content.len(),
                inflated: counted.0,
            })
        })
    }

    /// The first answer `f` gives for a content stream of page `id` (its object number and
    /// the stream), in the page's order.
    fn find_in_streams<T>(
        &self,
        id: ObjectId,
        mut f: impl FnMut(u32, &lopdf::Stream) -> Option<T>,
    ) -> Option<T> {
        let dict = self.doc.get_dictionary(id).ok()?;
        content_streams(dict)
            .into_iter()
            .find_map(|sid| match self.doc.get_object(sid) {
                Ok(Object::Stream(s)) => f(sid.0, s),
                _ => None,
            })
    }
}

/// A writer that only counts the bytes written to it.
struct CountingSink(u64);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether a stream's first filter is Flate.
fn flate_encoded(s: &lopdf::Stream) -> bool {
    let first = match s.dict.get(b"Filter") {
        Ok(Object::Name(n)) => Some(n.as_slice()),
        Ok(Object::Array(a)) => a.first().and_then(|f| f.as_name().ok()),
        _ => None,
    };
    matches!(first, Some(b"FlateDecode" | b"Fl"))
}

/// The content streams of a page dictionary, in order.
fn content_streams(dict: &lopdf::Dictionary) -> Vec<ObjectId> {
    match dict.get(b"Contents") {
        Ok(Object::Reference(r)) => vec![*r],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

impl Checker<'_> {
    /// Why a content stream of page `id` does not decode, if one does not: the independent
    /// check of what the glyph reader said while it read the page (it also warns about streams
    /// that decode well; qpdf agrees with this check).
    pub fn streams(&self, id: ObjectId) -> Option<PageDamage> {
        self.find_in_streams(id, |object, s| {
            flate_error(s).map(|why| PageDamage::StreamUndecodable { object, why })
        })
    }
}

impl Checker<'_> {
    /// Whether page `id`'s content streams show text (`Tj`, `TJ`): a page that does and gives
    /// no text has fonts or resources the reader could not use (a reference pointing at the
    /// wrong object), not a blank page or a scan.
    pub fn shows_text(&self, id: ObjectId) -> bool {
        self.find_in_streams(id, |_, s| {
            let data = if s.dict.get(b"Filter").is_ok() {
                s.decompressed_content().unwrap_or_default()
            } else {
                s.content.clone()
            };
            data.windows(3)
                .any(|w| {
                    (w[0] == b'T' && (w[1] == b'j' || w[1] == b'J'))
                        && !w[2].is_ascii_alphanumeric()
                })
                .then_some(())
        })
        .is_some()
    }
}

/// The key that tells pages apart in two parsers' page lists: the first content stream's object
/// number (0 for a page without content).
pub fn lopdf_key(doc: &Document, id: ObjectId) -> u32 {
    doc.get_dictionary(id)
        .ok()
        .and_then(|d| content_streams(d).first().map(|r| r.0))
        .unwrap_or(0)
}

/// The same key for pdf_oxide's page object.
pub fn oxide_key(page: &pdf_oxide::object::Object) -> u32 {
    let Some(dict) = page.as_dict() else { return 0 };
    match dict.get("Contents") {
        Some(c) => c
            .as_reference()
            .or_else(|| c.as_array().and_then(|a| a.first()?.as_reference()))
            .map_or(0, |r| r.id),
        None => 0,
    }
}

/// Pairs the file's pages (lopdf's page list, `lo_keys`) with the glyph reader's page indexes
/// (`ox_keys`): for each file page, the reader's index of the same page, or `None` when the
/// reader does not have it. Keys of 0 (no content) pair by position between the pages around
/// them.
pub fn align(lo_keys: &[u32], ox_keys: &[u32]) -> Vec<Option<usize>> {
    if lo_keys == ox_keys {
        return (0..lo_keys.len()).map(Some).collect();
    }
    let mut positions: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &k) in ox_keys.iter().enumerate() {
        positions.entry(k).or_default().push(i);
    }
    let mut next = 0usize;
    lo_keys
        .iter()
        .map(|&k| {
            let hit = if k == 0 {
                (next < ox_keys.len() && ox_keys[next] == 0).then_some(next)
            } else {
                positions
                    .get(&k)
                    .and_then(|v| v.iter().copied().find(|&i| i >= next))
            };
            if let Some(i) = hit {
                next = i + 1;
            }
            hit
        })
        .collect()
}

/// The indirect references inside `obj` (not following `/Parent`, which leads back up the page
/// tree to every other page).
pub fn collect_references(obj: &Object, out: &mut Vec<ObjectId>, depth: usize) {
    if depth > 64 {
        return;
    }
    let dict = match obj {
        Object::Reference(id) => return out.push(*id),
        Object::Array(a) => return a.iter().for_each(|o| collect_references(o, out, depth + 1)),
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return,
    };
    for (k, v) in dict.iter() {
        if k.as_slice() != b"Parent" {
            collect_references(v, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_the_reader_skipped_keeps_its_position() {
        // The reader skipped the file's third page (its dictionary was damaged).
        assert_eq!(
            align(&[10, 20, 30, 40], &[10, 20, 40]),
            [Some(0), Some(1), None, Some(2)]
        );
        assert_eq!(
            align(&[10, 0, 30], &[10, 0, 30]),
            [Some(0), Some(1), Some(2)]
        );
        assert_eq!(align(&[10, 0, 30], &[10, 30]), [Some(0), None, Some(1)]);
    }
}
