//! The skew of a page image, measured from the image itself before recognition: the page is
//! shrunk to a low resolution, its ink found with Otsu's threshold, and the angle is the one at
//! which the ink's projection onto the page's height is sharpest (text lines turn into narrow
//! tall peaks of the row profile only when the rows follow them), searched coarse then fine.

use super::raster::{otsu, shrink, Gray};

/// How the skew is searched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Search {
    /// Largest skew looked for, degrees (either way).
    pub max_degrees: f32,
    /// Step of the coarse search, degrees.
    pub coarse_step: f32,
    /// Step of the fine search around the coarse best, degrees.
    pub fine_step: f32,
    /// The ink of at least this many pixels is needed to tell.
    pub min_ink: usize,
}

/// The page's skew in degrees (positive: lines fall to the right), from `img` shrunk by
/// `factor`; `None` when the page has too little ink to tell.
pub fn estimate(img: &Gray, factor: usize, s: &Search) -> Option<f32> {
    let small = shrink(img, factor);
    let threshold = otsu(&small);
    let mut ink: Vec<(f32, f32)> = Vec::new();
    for y in 0..small.height {
        for (x, &p) in small.row(y).iter().enumerate() {
            if p < threshold {
                ink.push((x as f32, y as f32));
            }
        }
    }
    if ink.len() < s.min_ink || s.max_degrees <= 0.0 {
        return None;
    }
    let height = small.height as f32;
    let width = small.width as f32;
    // Rows after a shear by tan(angle): y − x·tan(angle), offset so that every bin index is
    // positive for every angle searched.
    let reach = width * s.max_degrees.to_radians().tan().abs() + 2.0;
    let bins = (height + 2.0 * reach) as usize + 2;
    let mut profile = vec![0u32; bins];
    let mut sharpness = |degrees: f32| -> f64 {
        profile.iter_mut().for_each(|b| *b = 0);
        let tan = degrees.to_radians().tan();
        for &(x, y) in &ink {
            let r = (y - x * tan + reach) as usize;
            profile[r.min(bins - 1)] += 1;
        }
        profile.iter().map(|&c| (c as f64) * (c as f64)).sum()
    };
    let best_of = |from: f32, to: f32, step: f32, f: &mut dyn FnMut(f32) -> f64| -> f32 {
        let n = ((to - from) / step).round() as i32;
        let (mut best, mut best_score) = (0.0f32, f64::MIN);
        for k in 0..=n {
            let a = from + k as f32 * step;
            let score = f(a);
            // Ties go to the angle nearest 0 (the page as scanned).
            if score > best_score || (score == best_score && a.abs() < best.abs()) {
                best = a;
                best_score = score;
            }
        }
        best
    };
    let coarse = best_of(-s.max_degrees, s.max_degrees, s.coarse_step, &mut sharpness);
    let fine = best_of(
        coarse - s.coarse_step,
        coarse + s.coarse_step,
        s.fine_step,
        &mut sharpness,
    );
    Some(fine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ocr::raster::resample;

    /// A page of text-like lines (dashes of ink with gaps, 30 px apart), turned by `degrees`.
    fn lines_page(degrees: f32) -> Gray {
        let (w, h) = (1200, 1600);
        let mut g = Gray::white(w, h);
        for line in 0..40 {
            let y0 = 100 + line * 35;
            for x in 100..1100 {
                if (x / 23) % 5 == 4 {
                    continue;
                }
                for y in y0..y0 + 10 {
                    g.pixels[y * w + x] = 30;
                }
            }
        }
        resample(&g, 1.0, degrees.to_radians())
    }

    const SEARCH: Search = Search {
        max_degrees: 3.0,
        coarse_step: 0.2,
        fine_step: 0.02,
        min_ink: 100,
    };

    #[test]
    fn the_skew_a_page_was_turned_by_is_found() {
        for want in [-1.7f32, -0.4, 0.0, 0.9, 2.2] {
            let got = estimate(&lines_page(want), 2, &SEARCH).unwrap();
            assert!((got - want).abs() < 0.06, "want {want}, got {got}");
        }
    }

    #[test]
    fn a_blank_page_tells_nothing() {
        assert_eq!(estimate(&Gray::white(400, 400), 2, &SEARCH), None);
    }
}
