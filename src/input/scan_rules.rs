//! Ruling lines in a scanned page image: the table borders a text layer would carry as vector
//! paths, found as long straight runs of dark pixels once the page's skew is taken out, and
//! placed on the page like the OCR'd words, so the table stage reads scanned tables unchanged.

use std::path::Path;

use crate::model::{BBox, Line, Rule, Word};

use super::ocr::raster::Gray;
use super::ocr::Placement;

/// The thresholds of finding rules in an image, in one place (pixels at the image's own
/// resolution unless said otherwise).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// A pixel darker than this (0–255) is ink (thin rules scan as mid-grey).
    pub ink_below: u8,
    /// A run of ink may have gaps of at most this many pixels (JPEG noise, a broken scan line).
    pub max_gap: usize,
    /// A horizontal rule is at least this long (points)…
    pub min_horizontal_pt: f32,
    /// …and a vertical one at least this long (points): longer than a letter's stem.
    pub min_vertical_pt: f32,
    /// A rule is at most this thick (points); a thicker stroke is a filled area, and its edges
    /// are rules.
    pub max_thickness_pt: f32,
    /// Pixel lines read together with this many neighbours on either side.
    pub band: usize,
    /// A `|` read by OCR is the rule when a vertical rule lies within this many points of its
    /// word.
    pub glyph_reach_pt: f32,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    ink_below: 160,
    max_gap: 2,
    min_horizontal_pt: 36.0,
    min_vertical_pt: 14.0,
    max_thickness_pt: 3.0,
    band: 1,
    glyph_reach_pt: 5.0,
};

impl Default for Thresholds {
    fn default() -> Thresholds {
        THRESHOLDS
    }
}

/// A gray image, ink as `true`.
struct Ink {
    width: usize,
    height: usize,
    dark: Vec<bool>,
}

/// The image turned by `angle` radians about its centre (the same turn the OCR'd words get),
/// ink as `true`.
fn ink(img: &Gray, angle: f32, t: &Thresholds) -> Ink {
    let (w, h) = (img.width, img.height);
    let raw = &img.pixels;
    if angle == 0.0 {
        return Ink {
            width: w,
            height: h,
            dark: raw.iter().map(|&p| p < t.ink_below).collect(),
        };
    }
    // Each pixel of the turned image takes the source pixel it came from (nearest).
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (sin, cos) = (-angle).sin_cos();
    let mut dark = vec![false; w * h];
    for y in 0..h {
        let dy = y as f32 + 0.5 - cy;
        for x in 0..w {
            let dx = x as f32 + 0.5 - cx;
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            if sx >= 0.0 && sy >= 0.0 && (sx as usize) < w && (sy as usize) < h {
                dark[y * w + x] = raw[sy as usize * w + sx as usize] < t.ink_below;
            }
        }
    }
    Ink {
        width: w,
        height: h,
        dark,
    }
}

/// Runs of ink along one line of pixels at least `min_len` long (gaps up to `max_gap`
/// bridged), as `(start, end)` with `end` exclusive.
fn runs(ink: impl Iterator<Item = bool>, min_len: usize, max_gap: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_ink = 0;
    for (i, dark) in ink.enumerate() {
        if dark {
            if let Some(s) = start {
                if i - last_ink - 1 > max_gap {
                    if last_ink + 1 - s >= min_len {
                        out.push((s, last_ink + 1));
                    }
                    start = Some(i);
                }
            } else {
                start = Some(i);
            }
            last_ink = i;
        }
    }
    if let Some(s) = start {
        if last_ink + 1 - s >= min_len {
            out.push((s, last_ink + 1));
        }
    }
    out
}

/// The runs of ink (see [`runs`]) along each of `count` pixel lines of `len` pixels stored one
/// after another in `dark`, each line read together with its `band` neighbours either side.
fn line_runs(
    dark: &[bool],
    len: usize,
    count: usize,
    band: usize,
    min_len: usize,
    max_gap: usize,
) -> Vec<Vec<(usize, usize)>> {
    let mut near = vec![false; len];
    (0..count)
        .map(|k| {
            near.fill(false);
            for line in dark[k.saturating_sub(band) * len..(k + band + 1).min(count) * len]
                .chunks_exact(len)
            {
                for (a, &d) in near.iter_mut().zip(line) {
                    *a |= d;
                }
            }
            runs(near.iter().copied(), min_len, max_gap)
        })
        .collect()
}

/// A rule in pixels along its own axis: the lines of pixels it covers (`across`, a range) and
/// its extent along them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stroke {
    across: (usize, usize),
    along: (usize, usize),
}

/// Joins runs on neighbouring pixel lines that overlap into strokes.
fn strokes(per_line: Vec<Vec<(usize, usize)>>) -> Vec<Stroke> {
    let mut done: Vec<Stroke> = Vec::new();
    let mut open: Vec<Stroke> = Vec::new();
    for (k, line) in per_line.into_iter().enumerate() {
        let mut next: Vec<Stroke> = Vec::new();
        for (a, b) in line {
            let hit = open.iter().position(|s| {
                let overlap = s.along.1.min(b) as isize - s.along.0.max(a) as isize;
                overlap > 0 && overlap as usize * 2 >= (b - a).min(s.along.1 - s.along.0)
            });
            match hit {
                Some(i) => {
                    let mut s = open.swap_remove(i);
                    s.across.1 = k + 1;
                    s.along = (s.along.0.min(a), s.along.1.max(b));
                    next.push(s);
                }
                None => next.push(Stroke {
                    across: (k, k + 1),
                    along: (a, b),
                }),
            }
        }
        done.append(&mut open);
        open = next;
    }
    done.append(&mut open);
    done
}

/// Marks Tesseract reads off a vertical rule (or the edge of one) besides `|`: a "word" of
/// nothing but these, lying on a rule, is the rule.
const RULE_MARKS: &str = "|!'\"”“‘’:;.,…";

/// Takes out what Tesseract read from a vertical rule: `|` at the edge of a word lying on one
/// (`|Løsning`), or a word that is nothing else or nothing but marks (`'`, `:`, `”`).
pub fn drop_rule_glyphs(lines: Vec<Line>, rules: &[Rule], t: &Thresholds) -> Vec<Line> {
    let vertical: Vec<&BBox> = rules
        .iter()
        .map(|r| &r.bbox)
        .filter(|b| b.height() > b.width())
        .collect();
    lines
        .into_iter()
        .filter_map(|line| {
            let words: Vec<Word> = line
                .words
                .into_iter()
                .filter_map(|mut w| {
                    let marks_only = w.text.chars().all(|c| RULE_MARKS.contains(c));
                    if !w.text.contains('|') && !marks_only {
                        return Some(w);
                    }
                    let on_rule = vertical.iter().any(|b| {
                        b.x1 >= w.bbox.x0 - t.glyph_reach_pt
                            && b.x0 <= w.bbox.x1 + t.glyph_reach_pt
                            && b.top < w.bbox.bottom
                            && b.bottom > w.bbox.top
                    });
                    if on_rule && marks_only {
                        w.text.clear();
                    } else if on_rule {
                        w.text = w.text.trim_matches('|').to_string();
                    }
                    (!w.text.is_empty()).then_some(w)
                })
                .collect();
            (!words.is_empty()).then(|| Line::new(words))
        })
        .collect()
}

/// The ruling lines of a scanned page: the image at `path`, placed on the page by `placement`,
/// turned by `angle` radians (the skew taken out of the OCR'd words).
pub fn find(
    path: &Path,
    angle: f32,
    placement: Placement,
    t: &Thresholds,
) -> Result<Vec<Rule>, String> {
    Ok(find_in(&Gray::open(path)?, angle, placement, t))
}

/// The ruling lines of a scanned page image already decoded (see [`find`]).
pub fn find_in(img: &Gray, angle: f32, placement: Placement, t: &Thresholds) -> Vec<Rule> {
    let ink = ink(img, angle, t);
    let (w, h) = (ink.width, ink.height);
    let px = |pt: f32, scale: f32| (pt / scale.abs().max(1e-6)).round().max(1.0) as usize;
    let min_h = px(t.min_horizontal_pt, placement.sx);
    let min_v = px(t.min_vertical_pt, placement.sy);
    // A line left a little skewed after the turn steps from one pixel line to the next: each
    // pixel line is read together with its neighbours (`band` lines either side).
    let rows = line_runs(&ink.dark, w, h, t.band, min_h, t.max_gap);
    let mut columns = vec![false; w * h];
    for (y, row) in ink.dark.chunks_exact(w).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            columns[x * h + y] = d;
        }
    }
    let cols = line_runs(&columns, h, w, t.band, min_v, t.max_gap);
    let mut out = Vec::new();
    // A thin stroke is a rule; a thick one is a filled area (a shaded header row), whose two
    // long edges bound cells as rules would.
    let edges = |s: Stroke, scale: f32| -> Vec<(usize, usize)> {
        if (s.across.1 - s.across.0) as f32 * scale.abs() <= t.max_thickness_pt {
            vec![s.across]
        } else {
            vec![
                (s.across.0, s.across.0 + 1),
                (s.across.1.saturating_sub(1), s.across.1),
            ]
        }
    };
    for s in strokes(rows) {
        for (a, b) in edges(s, placement.sy) {
            out.push(Rule {
                bbox: BBox::new(
                    placement.x0 + s.along.0 as f32 * placement.sx,
                    placement.top + a as f32 * placement.sy,
                    placement.x0 + s.along.1 as f32 * placement.sx,
                    placement.top + b as f32 * placement.sy,
                ),
            });
        }
    }
    for s in strokes(cols) {
        for (a, b) in edges(s, placement.sx) {
            out.push(Rule {
                bbox: BBox::new(
                    placement.x0 + a as f32 * placement.sx,
                    placement.top + s.along.0 as f32 * placement.sy,
                    placement.x0 + b as f32 * placement.sx,
                    placement.top + s.along.1 as f32 * placement.sy,
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_bridge_small_gaps_only() {
        let line = |s: &str| s.chars().map(|c| c == '#').collect::<Vec<_>>().into_iter();
        assert_eq!(runs(line("..#####..##.###"), 4, 1), vec![(2, 7), (9, 15)]);
        assert_eq!(runs(line("..#####..##"), 4, 1), vec![(2, 7)]);
        assert_eq!(runs(line("..#####.##.###"), 4, 1), vec![(2, 14)]);
        assert_eq!(runs(line("##.#.#.#"), 3, 0), Vec::<(usize, usize)>::new());
    }

    #[test]
    fn neighbouring_runs_make_one_stroke() {
        let s = strokes(vec![
            vec![],
            vec![(10, 200)],
            vec![(11, 201), (300, 400)],
            vec![],
            vec![(10, 200)],
        ]);
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s.contains(&Stroke {
            across: (1, 3),
            along: (10, 201)
        }));
    }
}
