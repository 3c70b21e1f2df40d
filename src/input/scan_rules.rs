//! Ruling lines in a scanned page image: the table borders a text layer would carry as vector
//! paths, found as long straight runs of dark pixels once the page's skew is taken out, and
//! placed on the page like the OCR'd words, so the table stage reads scanned tables unchanged;
//! and the shaded areas (a grey header row, zebra stripes) a text layer would carry as filled
//! rectangles, found as rectangles of blocks whose median grey lies clearly below the paper's.

use std::path::Path;

use crate::model::{BBox, Fill, Line, Rule, Word};

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
    /// Shaded areas are found in square blocks of this side (points), by each block's median
    /// grey: the paper between a text's letters is white, a shaded cell's is not.
    pub fill_block_pt: f32,
    /// A block is shaded when its median lies this many grey levels below the paper's (the
    /// page's 90th percentile of block medians); Word's lightest table shading (`#D9E2F3`)
    /// scans ~30 below.
    pub fill_contrast: u8,
    /// A shaded area is at least this wide (points)…
    pub min_fill_width_pt: f32,
    /// …and this tall (points): thicker than a rule.
    pub min_fill_height_pt: f32,
    /// Blocks on the rows of one area differ by at most this many grey levels (a dark header
    /// over a light stripe is two areas).
    pub fill_level_tolerance: u8,
    /// An area larger than this share of the page is no shading (a photograph, a dark scan).
    pub max_fill_page_share: f32,
    /// A block is one even grey when its 10th and 90th percentiles lie at most this many grey
    /// levels apart (scan noise and JPEG spread an even grey over ~40)…
    pub fill_even_spread: u8,
    /// …and at least this share of a shaded area's blocks must be even.
    pub min_fill_even_share: f32,
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
    fill_block_pt: 3.0,
    fill_contrast: 20,
    min_fill_width_pt: 36.0,
    min_fill_height_pt: 5.0,
    fill_level_tolerance: 24,
    max_fill_page_share: 0.5,
    fill_even_spread: 60,
    min_fill_even_share: 0.25,
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
/// white outside the source.
fn turn(img: &Gray, angle: f32) -> Vec<u8> {
    let (w, h) = (img.width, img.height);
    let raw = &img.pixels;
    if angle == 0.0 {
        return raw.clone();
    }
    // Each pixel of the turned image takes the source pixel it came from (nearest).
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (sin, cos) = (-angle).sin_cos();
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        let dy = y as f32 + 0.5 - cy;
        for x in 0..w {
            let dx = x as f32 + 0.5 - cx;
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            if sx >= 0.0 && sy >= 0.0 && (sx as usize) < w && (sy as usize) < h {
                out[y * w + x] = raw[sy as usize * w + sx as usize];
            }
        }
    }
    out
}

/// The turned image's ink as `true`.
fn ink(turned: &[u8], w: usize, h: usize, t: &Thresholds) -> Ink {
    Ink {
        width: w,
        height: h,
        dark: turned.iter().map(|&p| p < t.ink_below).collect(),
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

/// What a scanned page draws besides its text: ruling lines and shaded areas, in page points.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Drawn {
    pub rules: Vec<Rule>,
    pub fills: Vec<Fill>,
}

/// The ruling lines and shaded areas of a scanned page: the image at `path`, placed on the
/// page by `placement`, turned by `angle` radians (the skew taken out of the OCR'd words).
pub fn find(
    path: &Path,
    angle: f32,
    placement: Placement,
    t: &Thresholds,
) -> Result<Drawn, String> {
    Ok(find_in(&Gray::open(path)?, angle, placement, t))
}

/// The ruling lines and shaded areas of a scanned page image already decoded (see [`find`]).
pub fn find_in(img: &Gray, angle: f32, placement: Placement, t: &Thresholds) -> Drawn {
    let turned = turn(img, angle);
    let fills = shaded(&turned, img.width, img.height, placement, t);
    Drawn {
        rules: rules_in(&turned, img.width, img.height, placement, t),
        fills,
    }
}

/// The grey level below which `share` of a histogram's `n` pixels lie.
fn percentile(hist: &[u32; 256], n: u32, share: f32) -> u8 {
    let want = (n as f32 * share) as u32;
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen > want {
            return v as u8;
        }
    }
    255
}

/// The histogram of the pixels `xs` × `ys` of an image `w` wide, and their number.
fn histogram(grey: &[u8], w: usize, xs: (usize, usize), ys: (usize, usize)) -> ([u32; 256], u32) {
    let mut hist = [0u32; 256];
    for y in ys.0..ys.1 {
        for &p in &grey[y * w + xs.0..y * w + xs.1] {
            hist[p as usize] += 1;
        }
    }
    (hist, ((xs.1 - xs.0) * (ys.1 - ys.0)) as u32)
}

/// The median grey of the pixels `xs` × `ys` of an image `w` wide.
fn area_median(grey: &[u8], w: usize, xs: (usize, usize), ys: (usize, usize)) -> u8 {
    let (hist, n) = histogram(grey, w, xs, ys);
    if n == 0 {
        255
    } else {
        percentile(&hist, n, 0.5)
    }
}

/// A shaded rectangle in blocks (`x`, `y` ranges, end exclusive) and its median grey.
#[derive(Debug, Clone, Copy)]
struct Shade {
    x: (usize, usize),
    y: (usize, usize),
    level: u8,
}

/// The shaded areas of a turned page image: blocks whose median grey lies `fill_contrast`
/// below the paper's, in runs at least `min_fill_width_pt` wide, stacked into rectangles of one
/// grey level at least `min_fill_height_pt` tall, their edges then found to the pixel (the
/// first and last pixel line across the area whose median is the area's grey, within
/// `fill_level_tolerance` and nearer it than the paper's). Areas touching the image's edge (a scanner's border) or covering more than
/// `max_fill_page_share` of it are left out.
fn shaded(grey: &[u8], w: usize, h: usize, placement: Placement, t: &Thresholds) -> Vec<Fill> {
    let mut out: Vec<Fill> = shaded_px(grey, w, h, (placement.sx, placement.sy), t)
        .into_iter()
        .map(|a| Fill {
            bbox: BBox::new(
                placement.x0 + a.x.0 as f32 * placement.sx,
                placement.top + a.y.0 as f32 * placement.sy,
                placement.x0 + a.x.1 as f32 * placement.sx,
                placement.top + a.y.1 as f32 * placement.sy,
            ),
        })
        .collect();
    out.sort_by(|a, b| {
        (a.bbox.top, a.bbox.x0)
            .partial_cmp(&(b.bbox.top, b.bbox.x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// A shaded area of an image in pixels (`x`, `y`: ranges, end exclusive) and its median grey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShadedArea {
    pub x: (usize, usize),
    pub y: (usize, usize),
    pub level: u8,
}

/// The shaded areas of an image `w` × `h` whose pixels are `scale` points each (see
/// [`shaded`]), in pixels.
pub fn shaded_px(
    grey: &[u8],
    w: usize,
    h: usize,
    scale: (f32, f32),
    t: &Thresholds,
) -> Vec<ShadedArea> {
    let bw = (t.fill_block_pt / scale.0.abs().max(1e-6)).round().max(2.0) as usize;
    let bh = (t.fill_block_pt / scale.1.abs().max(1e-6)).round().max(2.0) as usize;
    let (nx, ny) = (w / bw, h / bh);
    if nx < 3 || ny < 3 {
        return Vec::new();
    }
    // Each block's median, and whether it is one even grey (no letter in it, no edge).
    let mut med = vec![255u8; nx * ny];
    let mut even = vec![false; nx * ny];
    for by in 0..ny {
        for bx in 0..nx {
            let (hist, n) = histogram(grey, w, (bx * bw, (bx + 1) * bw), (by * bh, (by + 1) * bh));
            let m = percentile(&hist, n, 0.5);
            med[by * nx + bx] = m;
            let spread = percentile(&hist, n, 0.9).saturating_sub(percentile(&hist, n, 0.1));
            even[by * nx + bx] = spread <= t.fill_even_spread;
        }
    }
    let mut sorted = med.clone();
    sorted.sort_unstable();
    let paper = sorted[sorted.len() * 9 / 10];
    let Some(cut) = paper.checked_sub(t.fill_contrast) else {
        return Vec::new();
    };
    let min_runs = (t.min_fill_width_pt / (bw as f32 * scale.0.abs())).ceil() as usize;
    let mut done: Vec<Shade> = Vec::new();
    let mut open: Vec<Shade> = Vec::new();
    for by in 0..ny {
        let row = &med[by * nx..(by + 1) * nx];
        let mut next: Vec<Shade> = Vec::new();
        let mut bx = 0;
        while bx < nx {
            if row[bx] >= cut {
                bx += 1;
                continue;
            }
            let start = bx;
            while bx < nx && row[bx] < cut {
                bx += 1;
            }
            if bx - start < min_runs {
                continue;
            }
            let mut levels: Vec<u8> = row[start..bx].to_vec();
            levels.sort_unstable();
            let level = levels[levels.len() / 2];
            let hit = open.iter().position(|s| {
                s.x.0.abs_diff(start) <= 1
                    && s.x.1.abs_diff(bx) <= 1
                    && s.level.abs_diff(level) <= t.fill_level_tolerance
            });
            match hit {
                Some(i) => {
                    let mut s = open.swap_remove(i);
                    s.y.1 = by + 1;
                    next.push(s);
                }
                None => next.push(Shade {
                    x: (start, bx),
                    y: (by, by + 1),
                    level,
                }),
            }
        }
        done.append(&mut open);
        open = next;
    }
    done.append(&mut open);
    let page_area = (w * h) as f32;
    let mut out = Vec::new();
    for s in done {
        let tall = (s.y.1 - s.y.0) as f32 * bh as f32 * scale.1.abs();
        // Shading shows as even grey around and between what is printed on it; a band of bold
        // letters, whose blocks' medians can be as dark, is ink and paper throughout.
        let blocks = (s.y.0..s.y.1).flat_map(|y| (s.x.0..s.x.1).map(move |x| y * nx + x));
        let (count, flat) = blocks.fold((0, 0), |(c, f), k| (c + 1, f + usize::from(even[k])));
        if (flat as f32) < t.min_fill_even_share * count as f32 {
            continue;
        }
        let touches = s.x.0 == 0 || s.y.0 == 0 || s.x.1 == nx || s.y.1 == ny;
        let area = ((s.x.1 - s.x.0) * bw * (s.y.1 - s.y.0) * bh) as f32;
        if tall < t.min_fill_height_pt || touches || area > t.max_fill_page_share * page_area {
            continue;
        }
        // A line of pixels is the area's while its median is the area's grey (a stripe's edge
        // against the paper or against a darker header above it).
        let reach = t.fill_level_tolerance.min(paper.abs_diff(s.level) / 2);
        let shaded_line = |v: u8| v.abs_diff(s.level) <= reach;
        // Pixel lines across the area's inner blocks, near each of its block edges.
        let inner_x = ((s.x.0 + 1) * bw, (s.x.1 - 1) * bw);
        let top = ((s.y.0 - 1) * bh..(s.y.0 + 1) * bh)
            .find(|&y| shaded_line(area_median(grey, w, inner_x, (y, y + 1))))
            .unwrap_or(s.y.0 * bh);
        let bottom = ((s.y.1 - 1) * bh..((s.y.1 + 1) * bh).min(h))
            .rev()
            .find(|&y| shaded_line(area_median(grey, w, inner_x, (y, y + 1))))
            .map_or(s.y.1 * bh, |y| y + 1);
        if bottom <= top + 2 {
            continue;
        }
        let inner_y = (top + (bottom - top) / 4, bottom - (bottom - top) / 4);
        let column = |x: usize| shaded_line(area_median(grey, w, (x, x + 1), inner_y));
        let left = ((s.x.0 - 1) * bw..(s.x.0 + 1) * bw)
            .find(|&x| column(x))
            .unwrap_or(s.x.0 * bw);
        let right = ((s.x.1 - 1) * bw..((s.x.1 + 1) * bw).min(w))
            .rev()
            .find(|&x| column(x))
            .map_or(s.x.1 * bw, |x| x + 1);
        out.push(ShadedArea {
            x: (left, right),
            y: (top, bottom),
            level: s.level,
        });
    }
    out
}

/// The ruling lines of a turned page image.
fn rules_in(turned: &[u8], w: usize, h: usize, placement: Placement, t: &Thresholds) -> Vec<Rule> {
    let ink = ink(turned, w, h, t);
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

    /// A 300 dpi page part (0.24 pt a pixel) with a grey header band holding dark letters, and
    /// below it a line of heavy bold letters on white paper, both with noise.
    fn page_with_band() -> Gray {
        let (w, h) = (1200, 600);
        let mut img = Gray::white(w, h);
        let mut seed = 7u32;
        let mut noise = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            ((seed >> 16) % 25) as i32 - 12
        };
        for y in 0..h {
            for x in 0..w {
                let band = (100..170).contains(&y) && (100..1100).contains(&x);
                // Letters: strokes 8 px wide every 20 px, in the band and in the bold line.
                let letters = (120..150).contains(&y) && (150..600).contains(&x) && x % 20 < 8
                    || (300..340).contains(&y) && (100..700).contains(&x) && x % 14 < 9;
                let v = if letters {
                    30
                } else if band {
                    217
                } else {
                    250
                };
                img.pixels[y * w + x] = (v + noise()).clamp(0, 255) as u8;
            }
        }
        img
    }

    #[test]
    fn a_shaded_band_is_a_fill_and_bold_letters_are_not() {
        let img = page_with_band();
        let areas = shaded_px(
            &img.pixels,
            img.width,
            img.height,
            (0.24, 0.24),
            &THRESHOLDS,
        );
        assert_eq!(areas.len(), 1, "{areas:?}");
        let a = areas[0];
        assert!(
            a.x.0.abs_diff(100) <= 2 && a.x.1.abs_diff(1100) <= 2,
            "{a:?}"
        );
        assert!(
            a.y.0.abs_diff(100) <= 2 && a.y.1.abs_diff(170) <= 2,
            "{a:?}"
        );
        assert!(a.level.abs_diff(217) <= 8, "{a:?}");
        // Placed on the page as the words are.
        let placement = Placement {
            x0: 10.0,
            top: 20.0,
            sx: 0.24,
            sy: 0.24,
        };
        let drawn = find_in(&img, 0.0, placement, &THRESHOLDS);
        let b = drawn.fills[0].bbox;
        assert!(
            (b.x0 - 34.0).abs() < 1.0 && (b.top - 44.0).abs() < 1.0,
            "{b:?}"
        );
    }
}
