//! Bands of a page Tesseract read wrong as columns and read again as full-width lines. A column
//! of lone characters set apart from the text beside it — the page numbers of a table of
//! contents without dot leaders — is taken by Tesseract's page layout for vertical text: one
//! tall "word" of junk (`WØNN`), and the numbers lost. The text block beside such a column is
//! read again as one uniform block (`--psm 6`), where each number ends its own line, and its
//! words replace the first reading's in that band.

use super::engine::{Layout, OcrWord, Tesseract};
use super::error::OcrError;
use super::raster::Gray;
use super::Thresholds;

/// The bands `(top, bottom)` in pixels to read again: for each word at least
/// `stacked_min_heights` times the page's median word height tall and `stacked_min_aspect`
/// times as tall as wide, the span of the text blocks beside it (overlapping it in height),
/// padded by a median word height.
pub fn stacked_bands(words: &[OcrWord], t: &Thresholds) -> Vec<(f32, f32)> {
    if t.stacked_min_heights <= 0.0 || words.is_empty() {
        return Vec::new();
    }
    let mut heights: Vec<f32> = words.iter().map(|w| w.height).collect();
    heights.sort_by(f32::total_cmp);
    let median = heights[heights.len() / 2];
    let mut bands: Vec<(f32, f32)> = Vec::new();
    for w in words {
        let stacked = w.height >= t.stacked_min_heights * median
            && w.height >= t.stacked_min_aspect * w.width;
        if !stacked {
            continue;
        }
        let (top, bottom) = (w.top, w.top + w.height);
        // The blocks with words beside the column.
        let blocks: Vec<u32> = words
            .iter()
            .filter(|o| o.line.0 != w.line.0 && o.top < bottom && o.top + o.height > top)
            .map(|o| o.line.0)
            .collect();
        let (mut a, mut b) = (top, bottom);
        for o in words.iter().filter(|o| blocks.contains(&o.line.0)) {
            a = a.min(o.top);
            b = b.max(o.top + o.height);
        }
        let band = (a - median, b + median);
        match bands.iter_mut().find(|x| x.0 < band.1 && band.0 < x.1) {
            Some(x) => *x = (x.0.min(band.0), x.1.max(band.1)),
            None => bands.push(band),
        }
    }
    bands
}

/// Reads the `bands` of `image` again as uniform blocks and puts their words in place of the
/// words of the first reading whose middle lies in a band. The new words' lines are numbered
/// after the page's blocks, so no line of the two readings is taken for another.
pub fn reread(
    engine: &Tesseract,
    image: &Gray,
    dpi: f32,
    mut words: Vec<OcrWord>,
    bands: &[(f32, f32)],
    t: &Thresholds,
) -> Result<Vec<OcrWord>, OcrError> {
    let mut next_block = words.iter().map(|w| w.line.0).max().unwrap_or(0) + 1;
    for &(top, bottom) in bands {
        let y0 = top.max(0.0) as usize;
        let y1 = (bottom.max(0.0) as usize).min(image.height);
        if y1 <= y0 {
            continue;
        }
        let band = Gray {
            width: image.width,
            height: y1 - y0,
            pixels: image.pixels[y0 * image.width..y1 * image.width].to_vec(),
        };
        let mut file = tempfile::Builder::new()
            .prefix("kl-extract-band-")
            .suffix(".pgm")
            .tempfile()
            .map_err(|e| OcrError::temp("make a temporary file", e))?;
        std::io::Write::write_all(&mut file, &band.pgm())
            .map_err(|e| OcrError::temp("write a temporary file", e))?;
        let path = file.into_temp_path();
        let again = engine.recognize_as(&path, Some(dpi), Layout::Block, t)?;
        if again.is_empty() {
            continue;
        }
        words.retain(|w| {
            let middle = w.top + w.height / 2.0;
            middle < y0 as f32 || middle >= y1 as f32
        });
        let block = next_block;
        next_block += 1;
        words.extend(again.into_iter().map(|mut w| {
            w.top += y0 as f32;
            w.line.0 = block;
            w
        }));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::super::THRESHOLDS;
    use super::*;

    fn word(block: u32, line: u32, left: f32, top: f32, w: f32, h: f32, text: &str) -> OcrWord {
        OcrWord {
            line: (block, 1, line),
            left,
            top,
            width: w,
            height: h,
            conf: 90.0,
            text: text.into(),
        }
    }

    #[test]
    fn a_column_read_as_vertical_text_gives_the_band_of_the_block_beside_it() {
        let mut words = Vec::new();
        // A block of TOC titles from y 900 to 1500, and body text lower down.
        for k in 0..10 {
            words.push(word(
                3,
                k,
                300.0,
                900.0 + 60.0 * k as f32,
                400.0,
                34.0,
                "Godkendelse",
            ));
        }
        words.push(word(5, 0, 300.0, 2000.0, 400.0, 34.0, "Brødtekst"));
        // The page numbers beside the first rows, read as one tall word.
        words.push(word(4, 0, 2160.0, 924.0, 22.0, 354.0, "WØNN"));
        let bands = stacked_bands(&words, &THRESHOLDS);
        assert_eq!(bands, vec![(866.0, 1508.0)]);
    }

    #[test]
    fn pages_without_stacked_words_are_left_alone() {
        let words = vec![
            word(1, 0, 100.0, 100.0, 300.0, 34.0, "Dagsorden"),
            word(1, 1, 100.0, 160.0, 30.0, 40.0, "2"),
        ];
        assert!(stacked_bands(&words, &THRESHOLDS).is_empty());
    }
}
