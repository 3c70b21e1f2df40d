//! Grey page images in memory and the pixel work done on them before Tesseract: decoding a
//! page image file, resampling it (scaled and turned in one pass, bilinear, white outside),
//! adaptive binarisation (Sauvola's threshold over integral images), and writing PGM.

use std::path::Path;

/// A grey image (0 black … 255 white), row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub fn white(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![255; width * height],
        }
    }

    /// Decodes a page image file (JPEG, PNM/PGM) as grey.
    pub fn open(path: &Path) -> Result<Gray, String> {
        let img = image::open(path)
            .map_err(|e| format!("cannot decode the page image: {e}"))?
            .into_luma8();
        Ok(Gray {
            width: img.width() as usize,
            height: img.height() as usize,
            pixels: img.into_raw(),
        })
    }

    /// The image as a binary PGM file (`P5`).
    pub fn pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// One row of pixels.
    pub fn row(&self, y: usize) -> &[u8] {
        &self.pixels[y * self.width..(y + 1) * self.width]
    }
}

/// `img` scaled by `scale` and turned by `angle` radians about its centre (positive: the
/// content turns clockwise on the page, as a skew that makes lines fall to the right), in one
/// bilinear pass; pixels from outside the source are white. The result is the source's size
/// times `scale` (rounded), and its centre is the source's centre: a point `(x, y)` of the
/// source lands at `c' + scale · R(angle) · ((x, y) − c)`.
pub fn resample(img: &Gray, scale: f32, angle: f32) -> Gray {
    let (sw, sh) = (img.width, img.height);
    let w = ((sw as f32 * scale).round() as usize).max(1);
    let h = ((sh as f32 * scale).round() as usize).max(1);
    if scale == 1.0 && angle == 0.0 {
        return img.clone();
    }
    let (sin, cos) = angle.sin_cos();
    let (scx, scy) = (sw as f32 / 2.0, sh as f32 / 2.0);
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let inv = 1.0 / scale;
    let src = &img.pixels;
    let mut out = vec![255u8; w * h];
    let (maxx, maxy) = (sw as isize - 1, sh as isize - 1);
    for (y, row) in out.chunks_exact_mut(w).enumerate() {
        let dy = (y as f32 + 0.5 - cy) * inv;
        // The source point of this row's first pixel, and its step along the row: the inverse
        // turn of (dx, dy) is (dx cos + dy sin, −dx sin + dy cos).
        let dx0 = (0.5 - cx) * inv;
        let mut sx = scx + dx0 * cos + dy * sin - 0.5;
        let mut sy = scy - dx0 * sin + dy * cos - 0.5;
        let (stepx, stepy) = (inv * cos, -inv * sin);
        for px in row.iter_mut() {
            let (fx0, fy0) = (sx.floor(), sy.floor());
            let (x0, y0) = (fx0 as isize, fy0 as isize);
            if x0 >= -1 && y0 >= -1 && x0 <= maxx && y0 <= maxy {
                let (fx, fy) = (sx - fx0, sy - fy0);
                let get = |x: isize, y: isize| -> f32 {
                    if x < 0 || y < 0 || x > maxx || y > maxy {
                        255.0
                    } else {
                        src[y as usize * sw + x as usize] as f32
                    }
                };
                let top = get(x0, y0) + (get(x0 + 1, y0) - get(x0, y0)) * fx;
                let bottom = get(x0, y0 + 1) + (get(x0 + 1, y0 + 1) - get(x0, y0 + 1)) * fx;
                *px = (top + (bottom - top) * fy + 0.5) as u8;
            }
            sx += stepx;
            sy += stepy;
        }
    }
    Gray {
        width: w,
        height: h,
        pixels: out,
    }
}

/// Sauvola's adaptive threshold: a pixel is ink (0) when darker than `m · (1 + k · (s / r − 1))`,
/// `m` and `s` the mean and standard deviation of the `window`-pixel square around it, else
/// paper (255). The window's sums are kept per column as it moves down the page and summed along
/// each row from prefix sums, so memory grows with the width only.
pub fn sauvola(img: &Gray, window: usize, k: f32, r: f32) -> Gray {
    let (w, h) = (img.width, img.height);
    let half = (window / 2).max(1);
    // Sums over the window's rows, per column.
    let mut col = vec![0u32; w];
    let mut col_sq = vec![0u64; w];
    // Prefix sums of those along the row, with a zero in front.
    let mut pre = vec![0u64; w + 1];
    let mut pre_sq = vec![0u64; w + 1];
    let mut out = vec![255u8; w * h];
    let (mut top, mut bottom) = (0usize, 0usize);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(half), (y + half + 1).min(h));
        while bottom < y1 {
            for (x, &v) in img.row(bottom).iter().enumerate() {
                col[x] += v as u32;
                col_sq[x] += (v as u64) * (v as u64);
            }
            bottom += 1;
        }
        while top < y0 {
            for (x, &v) in img.row(top).iter().enumerate() {
                col[x] -= v as u32;
                col_sq[x] -= (v as u64) * (v as u64);
            }
            top += 1;
        }
        for x in 0..w {
            pre[x + 1] = pre[x] + col[x] as u64;
            pre_sq[x + 1] = pre_sq[x] + col_sq[x];
        }
        let rows = (y1 - y0) as f32;
        let src = img.row(y);
        let dst = &mut out[y * w..(y + 1) * w];
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(half), (x + half + 1).min(w));
            let n = (x1 - x0) as f32 * rows;
            let mean = (pre[x1] - pre[x0]) as f32 / n;
            let sq = (pre_sq[x1] - pre_sq[x0]) as f32 / n;
            let sd = (sq - mean * mean).max(0.0).sqrt();
            if (src[x] as f32) < mean * (1.0 + k * (sd / r - 1.0)) {
                dst[x] = 0;
            }
        }
    }
    Gray {
        width: w,
        height: h,
        pixels: out,
    }
}

/// Takes specks out of a binary image (ink 0, paper 255), in two passes: first every
/// 8-connected piece of ink whose box is at most `dust` pixels either way (noise: smaller than
/// any mark of print), then every piece at most `max_side` pixels either way with no other ink
/// within `reach` pixels of its box (dust on the glass; a full stop or an i's dot lies by its
/// letters) becomes paper. Returns the boxes of the pieces taken out (`x0, y0, x1, y1`,
/// inclusive).
pub fn despeckle(img: &mut Gray, dust: usize, max_side: usize, reach: usize) -> Vec<[usize; 4]> {
    let mut removed = pieces_out(img, dust, None);
    removed.extend(pieces_out(img, max_side, Some(reach)));
    removed
}

/// One pass of [`despeckle`]: pieces of at most `max_side` pixels either way, with no other ink
/// within `reach` of them (any, for `None`), become paper.
fn pieces_out(img: &mut Gray, max_side: usize, reach: Option<usize>) -> Vec<[usize; 4]> {
    const INK: u8 = 0;
    // Ink already visited is marked 1 (still ink to every test below) and set back at the end.
    const SEEN: u8 = 1;
    let (w, h) = (img.width, img.height);
    let mut stack: Vec<usize> = Vec::new();
    let mut piece: Vec<usize> = Vec::new();
    let mut removed = Vec::new();
    for start in 0..w * h {
        if img.pixels[start] != INK {
            continue;
        }
        img.pixels[start] = SEEN;
        stack.push(start);
        piece.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
            // Pieces too big to be specks need no list of their pixels.
            if piece.len() <= max_side * max_side {
                piece.push(i);
            }
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let j = ny * w + nx;
                    if img.pixels[j] == INK {
                        img.pixels[j] = SEEN;
                        stack.push(j);
                    }
                }
            }
        }
        if x1 - x0 >= max_side || y1 - y0 >= max_side {
            continue;
        }
        // Other ink near it: anything dark in the box grown by `reach` beyond its own pixels,
        // but for a ruling line crossing the box (a speck by a table's border is still one).
        let isolated = reach.is_none_or(|reach| {
            let (bx0, by0) = (x0.saturating_sub(reach), y0.saturating_sub(reach));
            let (bx1, by1) = ((x1 + reach + 1).min(w), (y1 + reach + 1).min(h));
            let dark = |x: usize, y: usize| img.pixels[y * w + x] < 128;
            let rule_row: Vec<bool> = (by0..by1).map(|y| (bx0..bx1).all(|x| dark(x, y))).collect();
            let rule_col: Vec<bool> = (bx0..bx1).map(|x| (by0..by1).all(|y| dark(x, y))).collect();
            let near = (by0..by1)
                .filter(|&y| !rule_row[y - by0])
                .map(|y| {
                    (bx0..bx1)
                        .filter(|&x| !rule_col[x - bx0] && dark(x, y))
                        .count()
                })
                .sum::<usize>();
            near == piece.len()
        });
        if isolated {
            for &i in &piece {
                img.pixels[i] = 255;
            }
            removed.push([x0, y0, x1, y1]);
        }
    }
    for p in img.pixels.iter_mut() {
        if *p == SEEN {
            *p = INK;
        }
    }
    removed
}

/// Paints the boxes (`x0, y0, x1, y1`, inclusive) white, grown by `margin` pixels.
pub fn whiten(img: &mut Gray, boxes: &[[usize; 4]], margin: usize) {
    let (w, h) = (img.width, img.height);
    for &[x0, y0, x1, y1] in boxes {
        let (x0, x1) = (x0.saturating_sub(margin), (x1 + margin + 1).min(w));
        for y in y0.saturating_sub(margin)..(y1 + margin + 1).min(h) {
            img.pixels[y * w + x0..y * w + x1].fill(255);
        }
    }
}

/// Otsu's global threshold of an image: the grey level that best splits its histogram in two.
pub fn otsu(img: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &img.pixels {
        hist[p as usize] += 1;
    }
    let total = img.pixels.len() as f64;
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut best, mut best_var) = (128u8, -1.0f64);
    let (mut w0, mut sum0) = (0f64, 0f64);
    for (t, &c) in hist.iter().enumerate() {
        w0 += c as f64;
        sum0 += t as f64 * c as f64;
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let (m0, m1) = (sum0 / w0, (sum_all - sum0) / w1);
        let var = w0 * w1 * (m0 - m1) * (m0 - m1);
        if var > best_var {
            best_var = var;
            best = t as u8;
        }
    }
    best
}

/// `img` shrunk by a whole `factor` (the mean of each `factor × factor` block).
pub fn shrink(img: &Gray, factor: usize) -> Gray {
    let f = factor.max(1);
    if f == 1 {
        return img.clone();
    }
    let (w, h) = (img.width / f, img.height / f);
    let mut acc = vec![0u32; w];
    let mut out = Vec::with_capacity(w * h);
    for by in 0..h {
        acc.iter_mut().for_each(|a| *a = 0);
        for y in by * f..(by + 1) * f {
            let row = img.row(y);
            for (bx, a) in acc.iter_mut().enumerate() {
                *a += row[bx * f..(bx + 1) * f]
                    .iter()
                    .map(|&p| p as u32)
                    .sum::<u32>();
            }
        }
        let n = (f * f) as u32;
        out.extend(acc.iter().map(|&a| (a / n) as u8));
    }
    Gray {
        width: w,
        height: h,
        pixels: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_bar(w: usize, h: usize, rows: std::ops::Range<usize>) -> Gray {
        let mut g = Gray::white(w, h);
        for y in rows {
            for x in w / 4..3 * w / 4 {
                g.pixels[y * w + x] = 20;
            }
        }
        g
    }

    #[test]
    fn resampling_scales_about_the_centre() {
        let g = with_bar(40, 40, 10..12);
        let big = resample(&g, 2.0, 0.0);
        assert_eq!((big.width, big.height), (80, 80));
        // Rows 10–11 become rows 20–23; the bar spans x 20–59.
        assert!(
            big.pixels[21 * 80 + 40] < 60,
            "{}",
            big.pixels[21 * 80 + 40]
        );
        assert!(big.pixels[26 * 80 + 40] > 200);
        assert!(big.pixels[21 * 80 + 10] > 200);
    }

    #[test]
    fn resampling_turns_clockwise_for_a_positive_angle() {
        // A horizontal bar through the centre turned clockwise falls to the right.
        let g = with_bar(200, 200, 99..101);
        let t = resample(&g, 1.0, 5f32.to_radians());
        let ink_row = |x: usize| (0..200).min_by_key(|&y| t.pixels[y * 200 + x]).unwrap();
        assert!(
            ink_row(140) > ink_row(60) + 5,
            "{} {}",
            ink_row(60),
            ink_row(140)
        );
    }

    #[test]
    fn sauvola_keeps_ink_and_drops_grey_paper() {
        let mut g = Gray::white(60, 60);
        for (i, p) in g.pixels.iter_mut().enumerate() {
            // Paper of uneven shade, from 200 to 250.
            *p = 200 + ((i % 60) * 50 / 60) as u8;
        }
        for y in 20..24 {
            for x in 10..50 {
                g.pixels[y * 60 + x] = 60;
            }
        }
        let b = sauvola(&g, 15, 0.2, 128.0);
        assert_eq!(b.pixels[22 * 60 + 30], 0);
        assert_eq!(b.pixels[40 * 60 + 5], 255);
        assert_eq!(b.pixels[40 * 60 + 55], 255);
    }

    #[test]
    fn specks_go_and_dots_by_letters_stay() {
        let mut g = Gray::white(100, 60);
        let mut ink = |x0: usize, y0: usize, x1: usize, y1: usize| {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.pixels[y * 100 + x] = 0;
                }
            }
        };
        // A letter with a full stop after it, a lone speck, and a long thin dash.
        ink(10, 10, 20, 30);
        ink(22, 27, 25, 30);
        ink(60, 45, 62, 47);
        ink(60, 10, 90, 12);
        // And a pixel of noise by the full stop, and a speck by a ruling line.
        ink(26, 29, 27, 30);
        ink(0, 55, 100, 56);
        ink(40, 51, 42, 53);
        let removed = despeckle(&mut g, 1, 5, 6);
        assert_eq!(
            removed,
            vec![[26, 29, 26, 29], [60, 45, 61, 46], [40, 51, 41, 52]]
        );
        assert_eq!(g.pixels[46 * 100 + 61], 255);
        assert_eq!(g.pixels[28 * 100 + 23], 0);
        assert_eq!(g.pixels[11 * 100 + 70], 0);
        assert_eq!(g.pixels[20 * 100 + 15], 0);
        assert!(g.pixels.iter().all(|&p| p == 0 || p == 255));
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let mut g = Gray::white(10, 10);
        for p in g.pixels.iter_mut().take(30) {
            *p = 30;
        }
        let t = otsu(&g);
        assert!((30..255).contains(&t), "{t}");
    }

    #[test]
    fn shrinking_averages_blocks() {
        let g = with_bar(40, 40, 0..4);
        let s = shrink(&g, 4);
        assert_eq!((s.width, s.height), (10, 10));
        assert_eq!(s.pixels[5], 20);
        assert_eq!(s.pixels[15], 255);
    }

    #[test]
    fn pgm_has_its_header() {
        let g = Gray::white(3, 2);
        assert_eq!(&g.pgm()[..11], b"P5\n3 2\n255\n");
        assert_eq!(g.pgm().len(), 11 + 6);
    }
}
