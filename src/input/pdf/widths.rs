//! Glyph widths the PDF parser gets wrong, put right before glyphs become words: the advance
//! of a turned glyph, which the parser leaves at zero (from the font's own `/Widths`, else
//! estimated from the next glyph), and letters of a font whose width it reports too short
//! (widened by the gap they leave after them nearly every time).

use std::collections::HashMap;

use crate::input::layout::{strip_subset, Glyph};

use super::Thresholds;

/// Glyph widths of the document's simple fonts (Type1, TrueType) by font name, read from
/// their `/Widths` with lopdf: the advance of a turned glyph, which the text parser leaves at
/// zero. Only ASCII characters are looked up (their code is the same in the standard, WinAnsi
/// and MacRoman encodings); composite (CID) fonts are not covered.
#[derive(Debug, Default)]
pub(super) struct FontWidths {
    /// Font name without subset prefix → first character code and widths (1/1000 em).
    fonts: HashMap<String, (u32, Vec<f32>)>,
}

impl FontWidths {
    pub(super) fn of(doc: &lopdf::Document) -> FontWidths {
        let mut fonts = HashMap::new();
        for obj in doc.objects.values() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font".as_slice()) {
                continue;
            }
            let Some(name) = dict
                .get(b"BaseFont")
                .and_then(|n| n.as_name())
                .ok()
                .map(|n| strip_subset(&String::from_utf8_lossy(n)).to_string())
            else {
                continue;
            };
            let first = dict.get(b"FirstChar").and_then(|f| f.as_i64()).ok();
            let array = dict
                .get(b"Widths")
                .ok()
                .and_then(|w| match w {
                    lopdf::Object::Reference(id) => doc.get_object(*id).ok(),
                    other => Some(other),
                })
                .and_then(|w| w.as_array().ok());
            if let (Some(first), Some(array)) = (first, array) {
                let values: Vec<f32> = array
                    .iter()
                    .map(|v| match v {
                        lopdf::Object::Integer(i) => *i as f32,
                        lopdf::Object::Real(r) => *r,
                        _ => 0.0,
                    })
                    .collect();
                fonts.entry(name).or_insert((first.max(0) as u32, values));
            }
        }
        FontWidths { fonts }
    }

    /// The advance of `ch` in `font` at `size` points, when the font's widths give it.
    pub(super) fn advance(&self, font: &str, ch: char, size: f32) -> Option<f32> {
        if !ch.is_ascii() {
            return None;
        }
        let (first, widths) = self.fonts.get(font)?;
        let w = *widths.get((ch as u32).checked_sub(*first)? as usize)?;
        (w > 0.0).then(|| w / 1000.0 * size)
    }
}

/// A page's glyph indices sorted by baseline then left edge, and where the baseline moves.
struct BaselineRuns {
    order: Vec<usize>,
    /// Start of each run in `order`, and its end.
    cuts: Vec<usize>,
}

impl BaselineRuns {
    /// The runs (lines), top to bottom.
    fn iter(&self) -> impl Iterator<Item = &[usize]> {
        self.cuts.windows(2).map(|w| &self.order[w[0]..w[1]])
    }
}

/// The glyphs of a page as lines: indices sorted by baseline then left edge, cut where the
/// baseline moves by `baseline_run_tolerance_pt`.
fn baseline_runs(glyphs: &[Glyph], t: &Thresholds) -> BaselineRuns {
    // One integer key per glyph: the baseline in half points, then the left edge (its bits in
    // `f32::total_cmp` order), then the index.
    let mut keys: Vec<(u64, usize)> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let half_points = (g.baseline * 2.0).round() as i32;
            let row = (half_points as u32 ^ 0x8000_0000) as u64;
            ((row << 32) | ordered_bits(g.bbox.x0) as u64, i)
        })
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|(_, i)| i).collect();
    if order.is_empty() {
        return BaselineRuns {
            order,
            cuts: Vec::new(),
        };
    }
    let mut cuts: Vec<usize> = vec![0];
    for k in 1..order.len() {
        let first = order[*cuts.last().unwrap_or(&0)];
        if (glyphs[first].baseline - glyphs[order[k]].baseline).abs() >= t.baseline_run_tolerance_pt
        {
            cuts.push(k);
        }
    }
    cuts.push(order.len());
    BaselineRuns { order, cuts }
}

/// The bits of `x` as an integer that sorts like `f32::total_cmp`.
fn ordered_bits(x: f32) -> u32 {
    let b = x.to_bits();
    if b >> 31 == 1 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// The inverse of [`ordered_bits`].
fn from_ordered_bits(b: u32) -> f32 {
    f32::from_bits(if b >> 31 == 1 { b & 0x7fff_ffff } else { !b })
}

/// A font index and a letter as one integer key.
fn font_letter(font: u16, ch: char) -> u64 {
    (u64::from(font) << 32) | u64::from(ch)
}

/// Whether a line has space glyphs between its words (at least `spaced_line_min_spaces`).
fn is_spaced(glyphs: &[Glyph], run: &[usize], t: &Thresholds) -> bool {
    run.iter()
        .filter(|&&i| glyphs[i].ch.is_whitespace())
        .count()
        >= t.spaced_line_min_spaces
}

/// Turned glyphs whose advance the parser left at zero: each reaches to the next glyph on its
/// baseline when that one is close (the next letter of the word), else half its size
/// (`missing_width_default_em`). "Close" is a wide letter's advance on lines whose words are
/// separated by space glyphs (any glyph right after a letter is the same word), and less on
/// lines without them, where the next word can start one space after a narrow letter.
pub(super) fn estimate_missing_widths(glyphs: &mut [Glyph], t: &Thresholds) {
    let runs = baseline_runs(glyphs, t);
    for run in runs.iter() {
        let reach = if is_spaced(glyphs, run, t) {
            t.missing_width_reach_spaced_em
        } else {
            t.missing_width_reach_unspaced_em
        };
        for k in 0..run.len() {
            let i = run[k];
            if glyphs[i].bbox.width() > 0.0 {
                continue;
            }
            let size = glyphs[i].size.max(1.0);
            let next = run.get(k + 1).map(|&j| &glyphs[j]).filter(|n| {
                n.bbox.x0 > glyphs[i].bbox.x0 && n.bbox.x0 - glyphs[i].bbox.x0 < reach * size
            });
            let x1 = match next {
                Some(n) => n.bbox.x0,
                None => glyphs[i].bbox.x0 + t.missing_width_default_em * size,
            };
            glyphs[i].bbox.x1 = x1;
        }
    }
}

/// Letters whose width the parser reports too short (a CID font's `/W` entry misread) leave a
/// gap after every occurrence and split words ("Procurem ent", "M ethod"). On lines where the
/// writer put space glyphs between words, a gap after a letter with no space glyph in it is such
/// an error when the same letter of the same font shows it nearly every time; that letter's
/// boxes are widened by its usual gap. Lines without space glyphs give no evidence (their word
/// breaks are gaps), so texts positioned word by word are left as they are. The evidence needed
/// is in the `short_width_*` thresholds.
pub(super) fn repair_short_widths(glyphs: &mut [Glyph], t: &Thresholds) {
    // (font, letter) and the gap as one integer key each, so the sort compares integers.
    let mut gaps: Vec<(u64, u32)> = Vec::new();
    for line in baseline_runs(glyphs, t).iter() {
        if !is_spaced(glyphs, line, t) {
            continue;
        }
        for w in line.windows(2) {
            let (a, b) = (&glyphs[w[0]], &glyphs[w[1]]);
            let gap = (b.bbox.x0 - a.bbox.x1) / a.size.max(1.0);
            if a.ch.is_alphabetic()
                && !b.ch.is_whitespace()
                && a.font == b.font
                && gap <= t.short_width_max_gap
            {
                gaps.push((font_letter(a.font, a.ch), ordered_bits(gap)));
            }
        }
    }
    gaps.sort_unstable();
    let mut widen: Vec<(u64, f32)> = Vec::new();
    for run in gaps.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < t.short_width_min_samples {
            continue;
        }
        let low =
            from_ordered_bits(run[((run.len() - 1) as f32 * t.short_width_quantile) as usize].1);
        if low >= t.short_width_min_gap {
            widen.push((run[0].0, low));
        }
    }
    if widen.is_empty() {
        return;
    }
    for g in glyphs.iter_mut() {
        let key = font_letter(g.font, g.ch);
        if let Some((_, low)) = widen.iter().find(|(k, _)| *k == key) {
            g.bbox.x1 += low * g.size.max(1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::THRESHOLDS;
    use super::*;
    use crate::input::layout::{glyphs_to_lines, THRESHOLDS as LAYOUT};
    use crate::model::BBox;

    #[test]
    fn ordered_bits_sort_like_total_cmp_and_round_trip() {
        let xs = [-3.5f32, -0.25, -0.0, 0.0, 0.08, 0.6, 12.0];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{w:?}");
        }
        for x in xs {
            assert_eq!(from_ordered_bits(ordered_bits(x)).to_bits(), x.to_bits());
        }
    }

    /// Glyphs of one line at 10 pt: each `(char, x0, x1)`.
    fn line(chars: &[(char, f32, f32)]) -> Vec<Glyph> {
        chars
            .iter()
            .map(|&(ch, x0, x1)| Glyph {
                ch,
                bbox: BBox::new(x0, 90.0, x1, 100.0),
                baseline: 100.0,
                font: 0,
                size: 10.0,
                bold: false,
                italic: false,
            })
            .collect()
    }

    /// "am am am" on a line with space glyphs, where every 'm' is reported 3 pt too narrow.
    fn short_m() -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = 0.0;
        for k in 0..3 {
            out.extend(line(&[('a', x, x + 5.0), ('m', x + 5.0, x + 10.0)]));
            x += 13.0;
            out.extend(line(&[('a', x, x + 5.0)]));
            x += 5.0;
            if k < 2 {
                out.extend(line(&[(' ', x, x + 2.5)]));
                x += 2.5;
            }
        }
        out
    }

    #[test]
    fn a_letter_always_followed_by_a_gap_is_widened() {
        let mut g = short_m();
        repair_short_widths(&mut g, &THRESHOLDS);
        for m in g.iter().filter(|g| g.ch == 'm') {
            assert!((m.bbox.x1 - m.bbox.x0 - 8.0).abs() < 0.01, "{:?}", m.bbox);
        }
        let lines = glyphs_to_lines(g, &[Arc::from("Cambria")], &LAYOUT);
        assert_eq!(lines[0].text(), "ama ama ama");
    }

    #[test]
    fn lines_without_space_glyphs_are_no_evidence() {
        let mut g: Vec<Glyph> = short_m().into_iter().filter(|g| g.ch != ' ').collect();
        let before: Vec<f32> = g.iter().map(|g| g.bbox.x1).collect();
        repair_short_widths(&mut g, &THRESHOLDS);
        assert_eq!(before, g.iter().map(|g| g.bbox.x1).collect::<Vec<_>>());
    }
}
