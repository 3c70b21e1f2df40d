//! Which page of the file is which page of the glyph reader: the file's pages are lopdf's page
//! list when there is one (pdf_oxide skips a page whose dictionary it cannot read, and its
//! indexes would then number every later page one too low), each paired with pdf_oxide's index
//! of the same page, its media box, and the damage its objects carry.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::input::damage::{self, PageDamage};

use super::open::open_glyph_reader;

/// How one page of the file is to be read.
pub(super) struct PagePlan {
    /// pdf_oxide's index of the page (`None`: it does not have the page).
    pub reader_index: Option<usize>,
    /// What is wrong with its objects, found before reading it.
    pub hurt: Option<PageDamage>,
    /// Its media box from lopdf's parse.
    pub media: Option<(f32, f32, f32, f32)>,
    /// Its object in lopdf's parse.
    pub id: Option<lopdf::ObjectId>,
}

/// The plan of every page of the file, in order. When pdf_oxide misses pages lopdf reads, it
/// is opened again on the file as lopdf read it, and `pdf` replaced if that misses fewer (with
/// a warning).
pub(super) fn plan(
    pdf: &mut pdf_oxide::document::PdfDocument,
    count: usize,
    structure: Option<&lopdf::Document>,
    passwords: &[String],
    warnings: &mut Vec<String>,
) -> Vec<PagePlan> {
    match structure {
        // (lopdf may hold an encrypted file it could not decrypt: no pages to go by.)
        Some(lo) if !lo.get_pages().is_empty() => {
            let ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
            let lo_keys: Vec<u32> = ids.iter().map(|&id| damage::lopdf_key(lo, id)).collect();
            let mut pairs = damage::align(&lo_keys, &oxide_keys(pdf, count));
            // pdf_oxide misses pages lopdf reads (a cross-reference table damaged in a way
            // lopdf repairs): a second opinion on the file as lopdf read it.
            if pairs.iter().any(Option::is_none) {
                let mut b = Vec::new();
                if lo.clone().save_to(&mut b).is_ok() {
                    if let Ok((again, n)) = open_glyph_reader(b, passwords) {
                        let again_pairs = damage::align(&lo_keys, &oxide_keys(&again, n));
                        let missed = |p: &[Option<usize>]| p.iter().filter(|x| x.is_none()).count();
                        if missed(&again_pairs) < missed(&pairs) {
                            warnings.push(
                                "some pages could only be read from the file as rebuilt from its objects (its cross-reference table or page tree is damaged)".to_string(),
                            );
                            *pdf = again;
                            pairs = again_pairs;
                        }
                    }
                }
            }
            let mut checker = damage::Checker::new(lo);
            ids.iter()
                .zip(pairs)
                .map(|(&id, ox)| {
                    let hurt = catch_unwind(AssertUnwindSafe(|| checker.page(id)))
                        .unwrap_or(Some(PageDamage::Uncheckable));
                    PagePlan {
                        reader_index: ox,
                        hurt,
                        media: lopdf_media_box(lo, id),
                        id: Some(id),
                    }
                })
                .collect()
        }
        _ => (0..count)
            .map(|i| PagePlan {
                reader_index: Some(i),
                hurt: None,
                media: None,
                id: None,
            })
            .collect(),
    }
}

/// The key of each of pdf_oxide's pages (see [`damage::oxide_key`]); a page it cannot give
/// gets a key no other page has.
fn oxide_keys(pdf: &pdf_oxide::document::PdfDocument, count: usize) -> Vec<u32> {
    (0..count)
        .map(|i| {
            catch_unwind(AssertUnwindSafe(|| pdf.get_page(i)))
                .ok()
                .and_then(Result::ok)
                .map_or(u32::MAX - i as u32, |p| damage::oxide_key(&p))
        })
        .collect()
}

/// A page's media box, or `None` when the parser cannot give one. Looking it up loads the
/// page object, where pdf_oxide can panic on a damaged file (a string sliced inside a
/// multi-byte character, found by fuzzing: `tests/fixtures/fuzz/pdf/`), so the panic is
/// caught here like the parser's others.
pub(super) fn media_box(
    pdf: &pdf_oxide::document::PdfDocument,
    index: usize,
) -> Option<(f32, f32, f32, f32)> {
    catch_unwind(AssertUnwindSafe(|| pdf.get_page_media_box(index)))
        .ok()
        .and_then(Result::ok)
}

/// A page's `/MediaBox`, inherited from its parents when it has none, as (x0, y0, x1, y1).
fn lopdf_media_box(doc: &lopdf::Document, page: lopdf::ObjectId) -> Option<(f32, f32, f32, f32)> {
    let mut dict = doc.get_dictionary(page).ok()?;
    // A bound on the walk up the page tree (a damaged file can loop).
    for _ in 0..32 {
        if let Ok(b) = dict.get(b"MediaBox") {
            let b = match b {
                lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
                other => other,
            };
            let v: Vec<f32> = b
                .as_array()
                .ok()?
                .iter()
                .map(|o| match o {
                    lopdf::Object::Integer(i) => Some(*i as f32),
                    lopdf::Object::Real(r) => Some(*r),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            return match v[..] {
                // Normalised to lower-left and upper-right corners, as pdf_oxide gives them.
                [a, b, c, d] if [a, b, c, d].iter().all(|x| x.is_finite()) => {
                    Some((a.min(c), b.min(d), a.max(c), b.max(d)))
                }
                _ => None,
            };
        }
        let parent = dict.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}
