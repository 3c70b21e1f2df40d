//! Tesseract's words as lines of the document model: the page's skew measured and taken out,
//! pixel boxes mapped to page points, a line's font size read from the ink heights of its
//! words, the marks Tesseract cannot read (bullets, the `./.` attachment marker, dashes) put
//! right, and the lines of one row of the page (Tesseract reads columns apart) joined.

use std::sync::Arc;

use crate::model::{BBox, Line, Style, Word};

use super::engine::OcrWord;
use super::images::Placement;
use super::Thresholds;

/// Characters that reach below the baseline: words with them do not mark it.
const BELOW_BASELINE: &str = "gjpqyç,;()[]{}/|";

/// The page's skew in degrees (positive: lines fall to the right): the median over
/// Tesseract's lines of the slope of their baseline, fitted (least squares) through the bottoms
/// of words without descenders, over lines long enough to tell (`skew_min_line_span_in`); 0
/// when too little to tell.
pub fn skew_degrees(words: &[OcrWord], t: &Thresholds) -> f32 {
    let min_span = t.skew_min_line_span_px();
    let mut slopes = Vec::new();
    for line in words.chunk_by(|a, b| a.line == b.line) {
        let points: Vec<(f32, f32)> = line
            .iter()
            .filter(|w| {
                w.text.chars().any(char::is_alphanumeric)
                    && !w.text.chars().any(|c| BELOW_BASELINE.contains(c))
            })
            .map(|w| (w.left + w.width / 2.0, w.top + w.height))
            .collect();
        if points.len() < 2 {
            continue;
        }
        let n = points.len() as f32;
        let mx = points.iter().map(|p| p.0).sum::<f32>() / n;
        let my = points.iter().map(|p| p.1).sum::<f32>() / n;
        let sxx: f32 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f32 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let span = points.iter().map(|p| p.0).fold(f32::MIN, f32::max)
            - points.iter().map(|p| p.0).fold(f32::MAX, f32::min);
        if span > min_span && sxx > 0.0 {
            slopes.push(sxy / sxx);
        }
    }
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.sort_by(f32::total_cmp);
    slopes[slopes.len() / 2].atan().to_degrees()
}

/// The turn (radians) that takes a measured skew out: none when it is too small to matter or
/// too large to trust.
pub fn correction_angle(skew: f32, t: &Thresholds) -> f32 {
    if skew.abs() >= t.min_skew && skew.abs() <= t.max_skew {
        -skew.to_radians()
    } else {
        0.0
    }
}

/// Tesseract's words as model lines: pixel boxes mapped to page points, the page's skew taken
/// out (each word turned about the image centre), a word's size from its line's height. A line
/// is a row of the page, as a text layer gives it: Tesseract's lines whose baselines agree
/// (within `line_merge_baseline_em`) and that lie side by side are one line (Tesseract reads
/// a table's columns, a label and its value, a bullet and its text as lines of blocks of their
/// own). OCR gives no font, weight or slant: words carry the font name `ocr`.
pub fn words_to_lines(
    words: &[OcrWord],
    placement: Placement,
    image_size: (f32, f32),
    t: &Thresholds,
) -> (Vec<Line>, f32) {
    let skew = skew_degrees(words, t);
    let angle = correction_angle(skew, t);
    let (cx, cy) = (image_size.0 / 2.0, image_size.1 / 2.0);
    let (sin, cos) = angle.sin_cos();
    let turn = |x: f32, y: f32| -> (f32, f32) {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
    };
    // Turn each word's centre, keep its size.
    let boxes: Vec<(f32, f32, f32, f32)> = words
        .iter()
        .map(|w| {
            let (mx, my) = turn(w.left + w.width / 2.0, w.top + w.height / 2.0);
            (
                mx - w.width / 2.0,
                my - w.height / 2.0,
                mx + w.width / 2.0,
                my + w.height / 2.0,
            )
        })
        .collect();
    // Tesseract's lines (runs of words sharing a line number), then the rows they make.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if words[g[0]].line == w.line => g.push(k),
            _ => groups.push(vec![k]),
        }
    }
    let measured: Vec<(f32, f32, Vec<usize>)> = groups
        .into_iter()
        .map(|g| {
            let (size, base) = size_and_baseline(words, &boxes, &g, placement, t);
            (base, size, g)
        })
        .collect();
    let font: Arc<str> = Arc::from(crate::model::OCR_FONT);
    let mut lines = Vec::new();
    for mut row in rows(measured, &boxes, placement, t) {
        row.sort_by(|&a, &b| boxes[a].0.total_cmp(&boxes[b].0));
        let (size, base) = size_and_baseline(words, &boxes, &row, placement, t);
        let em_px = size / placement.sy;
        // Lines are placed by their baseline (the bottom of words without descenders), not by
        // their ink, so that the distance between lines does not depend on which letters they
        // hold: the line box runs from an ascender's height above it to a descender below.
        let (top, bottom) = (
            base - t.ink_ascender_em * em_px,
            base + t.ink_descender_em * em_px,
        );
        let group: Vec<OcrWord> = row.iter().map(|&k| words[k].clone()).collect();
        let texts = read_marks(&group, em_px, t);
        let ws: Vec<Word> = row
            .iter()
            .zip(texts)
            .map(|(&k, text)| Word {
                text,
                bbox: BBox::new(
                    placement.x0 + boxes[k].0 * placement.sx,
                    placement.top + top * placement.sy,
                    placement.x0 + boxes[k].2 * placement.sx,
                    placement.top + bottom * placement.sy,
                ),
                style: Style {
                    font: font.clone(),
                    size,
                    bold: false,
                    italic: false,
                },
            })
            .filter(|w| !w.text.is_empty())
            .collect();
        if !ws.is_empty() {
            lines.push(Line::new(ws));
        }
    }
    lines.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    (lines, skew)
}

/// The font size (points) most of a line's letters say, from each word's own box, and the
/// line's baseline (pixels, turned): the median bottom of its words without descenders.
fn size_and_baseline(
    words: &[OcrWord],
    boxes: &[(f32, f32, f32, f32)],
    line: &[usize],
    placement: Placement,
    t: &Thresholds,
) -> (f32, f32) {
    let top = line
        .iter()
        .map(|&k| boxes[k].1)
        .fold(f32::INFINITY, f32::min);
    let bottom = line
        .iter()
        .map(|&k| boxes[k].3)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut sizes: Vec<(f32, usize)> = line
        .iter()
        .filter_map(|&k| {
            let w = &words[k];
            let em = ink_height_em(&w.text, t)?;
            Some((w.height * placement.sy / em, w.text.chars().count()))
        })
        .collect();
    let size = crate::model::weighted_median(&mut sizes)
        .unwrap_or((bottom - top) * placement.sy / (t.ink_ascender_em + t.ink_descender_em));
    let mut bases: Vec<f32> = line
        .iter()
        .filter(|&&k| {
            let w = &words[k];
            ink_height_em(&w.text, t).is_some()
                && !w.text.chars().any(|c| BELOW_BASELINE.contains(c))
        })
        .map(|&k| boxes[k].3)
        .collect();
    bases.sort_by(f32::total_cmp);
    let em_px = size / placement.sy;
    let base = bases
        .get(bases.len() / 2)
        .copied()
        .unwrap_or(bottom - t.ink_descender_em * em_px);
    (size, base)
}

/// Tesseract's lines (baseline in pixels, font size in points, word indices) joined into rows:
/// lines whose baselines lie within `line_merge_baseline_em` of each other and whose words do
/// not overlap are one row.
fn rows(
    mut lines: Vec<(f32, f32, Vec<usize>)>,
    boxes: &[(f32, f32, f32, f32)],
    placement: Placement,
    t: &Thresholds,
) -> Vec<Vec<usize>> {
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for (base, size, line) in lines {
        let joins = out.iter().rposition(|(b, s, row)| {
            let em_px = size.max(*s) / placement.sy;
            (base - b).abs() <= t.line_merge_baseline_em * em_px
                && !row.iter().any(|&r| {
                    line.iter()
                        .any(|&n| boxes[n].0 < boxes[r].2 && boxes[r].0 < boxes[n].2)
                })
        });
        match joins {
            Some(k) => out[k].2.extend(line),
            None => out.push((base, size, line)),
        }
    }
    out.into_iter().map(|(_, _, row)| row).collect()
}

/// The text of one line's words, with what Tesseract cannot read put right: list
/// bullets and the `./.` attachment marker (known by their size and the gap after them), specks
/// read as letters (dropped: an empty text), and
/// dashes (Tesseract reads the Danish spaced en dash as an em dash or a hyphen; the em dash is
/// not used in these documents). `em` is the line's font size in pixels.
fn read_marks(group: &[OcrWord], em: f32, t: &Thresholds) -> Vec<String> {
    let mut out: Vec<String> = group.iter().map(|w| w.text.replace('—', "–")).collect();
    // A dash standing alone between words: an en dash when it is as wide as one.
    for (text, w) in out.iter_mut().zip(group).skip(1) {
        if matches!(text.as_str(), "-" | "–" | "–-" | "-–" | "--" | "−") {
            *text = if w.width >= t.en_dash_min_em * em {
                "–".into()
            } else {
                "-".into()
            };
        }
    }
    for (k, w) in group.iter().enumerate() {
        let Some(next) = group.get(k + 1) else {
            break;
        };
        // Marks only open a line, or follow a bullet.
        if k > 1 || k == 1 && out[0] != "•" {
            break;
        }
        let gap = next.left - (w.left + w.width);
        let no_digits = !w.text.chars().any(|c| c.is_ascii_digit());
        let small = w.width <= t.bullet_max_em * em && w.height <= t.bullet_max_em * em;
        let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
        if k == 0
            && small
            && no_digits
            && letters <= t.bullet_max_letters
            && gap >= t.bullet_gap_em * em
        {
            // A flat mark is a dash bullet, anything else a round one.
            out[k] = if w.height * t.dash_bullet_min_aspect < w.width {
                "-".into()
            } else {
                "•".into()
            };
        } else if no_digits
            && w.text.chars().count() <= t.attachment_max_chars
            && w.conf < t.attachment_max_conf
            && gap >= t.attachment_gap_em * em
        {
            out[k] = "./.".into();
        }
    }
    // A heading's number read with its full stop as several (`3.2...` for `3.2.` before a tab):
    // one, as no line opens with an ellipsis after a number.
    if let Some(first) = out.first_mut() {
        let number = first.trim_end_matches('.');
        let stops = first.len() - number.len();
        if stops >= 2
            && number
                .split('.')
                .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
        {
            *first = format!("{number}.");
        }
    }
    // Specks read as letters after the line's first word (a bullet or marker opens a line).
    for (k, w) in group.iter().enumerate().skip(1) {
        let flat_letter =
            w.text.chars().any(char::is_alphanumeric) && w.height < t.stray_letter_max_em * em;
        if out[k] != "./."
            && (w.conf < t.stray_max_conf && !w.text.chars().any(|c| c.is_ascii_digit())
                || flat_letter)
            && w.text.chars().count() <= t.stray_max_chars
            && w.width <= t.stray_max_em * em
        {
            out[k].clear();
        }
    }
    out
}

/// How tall a word's ink is, in ems, from the kinds of letters in it (`None` when it has no
/// letters or digits to tell by).
fn ink_height_em(text: &str, t: &Thresholds) -> Option<f32> {
    let (mut tall, mut low, mut any) = (false, false, false);
    for c in text.chars() {
        if c.is_uppercase() || c.is_ascii_digit() || "bdfhkltiåj".contains(c) {
            tall = true;
        }
        if "gjpqyç".contains(c) {
            low = true;
        }
        any |= c.is_alphanumeric();
    }
    if !any {
        return None;
    }
    let top = if tall {
        t.ink_ascender_em
    } else {
        t.ink_x_height_em
    };
    Some(top + if low { t.ink_descender_em } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::super::engine::{parse_tsv, tests::TSV};
    use super::super::THRESHOLDS;
    use super::*;

    #[test]
    fn pixels_become_points_one_line_per_tesseract_line() {
        let w = parse_tsv(TSV);
        let scale = 72.0 / 200.0;
        let p = Placement {
            x0: 0.0,
            top: 0.0,
            sx: scale,
            sy: scale,
        };
        let (lines, skew) = words_to_lines(&w, p, (1654.0, 2339.0), &THRESHOLDS);
        assert_eq!(skew, 0.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "Indstilling Det");
        assert!((lines[0].words[0].bbox.x0 - 72.0).abs() < 0.01);
        assert!((lines[1].words[0].bbox.top - 129.6).abs() < 0.01);
    }

    #[test]
    fn skew_is_measured_and_taken_out() {
        // Three lines of four words, falling 1 px per 100 px (0.57°).
        let mut words = Vec::new();
        for line in 0..3u32 {
            for k in 0..4 {
                let left = 100.0 + 300.0 * k as f32;
                words.push(OcrWord {
                    line: (1, 1, line),
                    left,
                    top: 200.0 + 100.0 * line as f32 + left / 100.0,
                    width: 200.0,
                    height: 30.0,
                    conf: 90.0,
                    text: "ord".into(),
                });
            }
        }
        let skew = skew_degrees(&words, &THRESHOLDS);
        assert!((skew - 0.573).abs() < 0.01, "{skew}");
        let p = Placement {
            x0: 0.0,
            top: 0.0,
            sx: 1.0,
            sy: 1.0,
        };
        let (lines, _) = words_to_lines(&words, p, (1200.0, 600.0), &THRESHOLDS);
        for l in &lines {
            let tops: Vec<f32> = l.words.iter().map(|w| w.bbox.top).collect();
            assert!(tops.iter().all(|t| (t - tops[0]).abs() < 0.5), "{tops:?}");
        }
    }

    /// A line's words at 300 dpi, 11 pt type (em 46 px): text, left, width, height, confidence.
    fn group(words: &[(&str, f32, f32, f32, f32)]) -> Vec<OcrWord> {
        words
            .iter()
            .map(|&(text, left, width, height, conf)| OcrWord {
                line: (1, 1, 1),
                left,
                top: 100.0,
                width,
                height,
                conf,
                text: text.into(),
            })
            .collect()
    }

    #[test]
    fn specks_read_as_letters_are_dropped_and_real_short_words_kept() {
        let em = 46.0;
        let line = group(&[
            ("Kommune", 300.0, 180.0, 33.0, 96.0),
            ("i", 876.0, 6.0, 5.0, 75.0), // a speck on a shaded header: too flat
            ("'", 1200.0, 4.0, 9.0, 20.0), // a mark read with no confidence
            ("i", 1400.0, 7.0, 33.0, 96.0), // a real "i"
            ("1", 1600.0, 12.0, 33.0, 28.0), // a figure: kept however unsure
        ]);
        let texts = read_marks(&line, em, &THRESHOLDS);
        assert_eq!(texts, ["Kommune", "", "", "i", "1"]);
    }

    #[test]
    fn a_heading_number_read_with_several_stops_has_one() {
        let line = group(&[
            ("3.2...", 300.0, 60.0, 33.0, 90.0),
            ("Fælles", 420.0, 120.0, 33.0, 96.0),
        ]);
        assert_eq!(read_marks(&line, 46.0, &THRESHOLDS)[0], "3.2.");
        let line = group(&[
            ("...", 300.0, 60.0, 8.0, 90.0),
            ("og", 420.0, 40.0, 25.0, 96.0),
        ]);
        assert_eq!(read_marks(&line, 46.0, &THRESHOLDS)[0], "...");
    }
}
