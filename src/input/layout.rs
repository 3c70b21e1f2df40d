//! Glyphs → words → lines: the pure geometric steps that turn positioned characters into the
//! document model's words and lines (after pdfplumber's chars → words → lines). Every threshold
//! is named in [`Thresholds`].

use std::sync::Arc;

use crate::model::{BBox, Line, Style, Word};

/// One positioned character, as read from a PDF text layer or an OCR engine.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// Its box (points, origin top-left).
    pub bbox: BBox,
    /// Baseline y (points from the top).
    pub baseline: f32,
    /// Its font: an index into the page's font names (see [`glyphs_to_lines`]).
    pub font: u16,
    /// Font size in points.
    pub size: f32,
    /// Bold weight.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// The thresholds of the geometric steps, in one place. Distances are fractions of the font
/// size unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// Two glyphs share a line when their baselines differ by at most this much.
    pub line_baseline_tolerance: f32,
    /// A horizontal gap wider than this between two glyphs starts a new word.
    pub word_gap: f32,
    /// Glyphs rotated by more than this many degrees are dropped (watermarks, margin notes).
    pub max_rotation_degrees: f32,
    /// A lone line-end hyphen closer than this to the word before it belongs to that word
    /// (lines with few words)…
    pub detached_hyphen_gap: f32,
    /// …or closer than this share of the line's median word gap, on a line with at least
    /// `detached_hyphen_min_gaps` gaps between its other words.
    pub detached_hyphen_share: f32,
    /// See `detached_hyphen_share`.
    pub detached_hyphen_min_gaps: usize,
    /// A glyph at the same place (within this many points) as the one before it, and the same
    /// letter, is the same glyph drawn twice (fake bold).
    pub duplicate_glyph_pt: f32,
}

/// The thresholds used for PDF text layers.
pub const THRESHOLDS: Thresholds = Thresholds {
    line_baseline_tolerance: 0.35,
    word_gap: 0.12,
    max_rotation_degrees: 1.0,
    detached_hyphen_gap: 0.2,
    detached_hyphen_share: 0.75,
    detached_hyphen_min_gaps: 3,
    duplicate_glyph_pt: 0.01,
};

impl Default for Thresholds {
    fn default() -> Thresholds {
        THRESHOLDS
    }
}

/// Groups glyphs into lines (top to bottom) of words (left to right). `fonts` names the fonts
/// the glyphs' `font` indices point to (without subset prefix).
pub fn glyphs_to_lines(mut glyphs: Vec<Glyph>, fonts: &[Arc<str>], t: &Thresholds) -> Vec<Line> {
    glyphs.retain(|g| !g.ch.is_control() && g.bbox.x1 >= g.bbox.x0);
    if glyphs.is_empty() {
        return Vec::new();
    }
    glyphs.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    // Lines are runs of the sorted glyphs whose baseline stays near the run's first one.
    let mut lines = Vec::new();
    let mut start = 0;
    for k in 1..=glyphs.len() {
        let ends = k == glyphs.len() || {
            let g = &glyphs[k];
            let tol = t.line_baseline_tolerance * g.size.max(1.0);
            (g.baseline - glyphs[start].baseline).abs() > tol
        };
        if ends {
            if let Some(l) = glyphs_to_line(&mut glyphs[start..k], fonts, t) {
                lines.push(l);
            }
            start = k;
        }
    }
    lines
}

/// Splits one line's glyphs into words at spaces and at gaps wider than the word gap.
fn glyphs_to_line(glyphs: &mut [Glyph], fonts: &[Arc<str>], t: &Thresholds) -> Option<Line> {
    glyphs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut words = Vec::new();
    let mut cur: Vec<&Glyph> = Vec::new();
    for g in glyphs.iter() {
        if g.ch.is_whitespace() {
            push_word(&mut words, &mut cur, fonts);
            continue;
        }
        if let Some(prev) = cur.last() {
            let gap = g.bbox.x0 - prev.bbox.x1;
            if gap > t.word_gap * prev.size.max(g.size).max(1.0) {
                push_word(&mut words, &mut cur, fonts);
            } else if (g.bbox.x0 - prev.bbox.x0).abs() < t.duplicate_glyph_pt && g.ch == prev.ch {
                continue; // duplicated glyph drawn twice (fake bold)
            }
        }
        cur.push(g);
    }
    push_word(&mut words, &mut cur, fonts);
    attach_line_end_hyphen(&mut words, t);
    if words.is_empty() {
        None
    } else {
        Some(Line::new(words))
    }
}

/// Justified lines can print a line-end hyphen a little apart from its word ("inter -"): the
/// gap before it is well under the line's word spacing. A real dash ("og -deling", "2019 -") has
/// a full space before it.
fn attach_line_end_hyphen(words: &mut Vec<Word>, t: &Thresholds) {
    let n = words.len();
    if n < 2 {
        return;
    }
    let (last, prev) = (&words[n - 1], &words[n - 2]);
    let lone = last.text.chars().count() == 1
        && last
            .text
            .chars()
            .all(crate::language::danish::is_hyphen_glyph);
    if !lone
        || !prev
            .text
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric())
    {
        return;
    }
    let gap = last.bbox.x0 - prev.bbox.x1;
    let mut spaces: Vec<f32> = words[..n - 1]
        .windows(2)
        .map(|w| w[1].bbox.x0 - w[0].bbox.x1)
        .collect();
    spaces.sort_by(f32::total_cmp);
    let limit = match spaces.get(spaces.len() / 2) {
        Some(&median) if spaces.len() >= t.detached_hyphen_min_gaps => {
            median * t.detached_hyphen_share
        }
        _ => t.detached_hyphen_gap * prev.style.size,
    };
    if gap < limit {
        let h = words.pop().unwrap();
        let w = words.last_mut().unwrap();
        w.text.push_str(&h.text);
        w.bbox = w.bbox.union(&h.bbox);
    }
}

fn push_word(words: &mut Vec<Word>, cur: &mut Vec<&Glyph>, fonts: &[Arc<str>]) {
    if cur.is_empty() {
        return;
    }
    let text: String = cur.iter().map(|g| g.ch).collect();
    let bbox = cur
        .iter()
        .skip(1)
        .fold(cur[0].bbox, |b, g| b.union(&g.bbox));
    // The word takes the style of most of its letters (mostly all of them have one style).
    let same = |a: &Glyph, b: &Glyph| a.bold == b.bold && a.font == b.font;
    let mut best = cur[0];
    if !cur.iter().all(|g| same(g, best)) {
        let mut best_n = 0;
        for g in cur.iter() {
            let n = cur.iter().filter(|o| same(o, g)).count();
            if n > best_n {
                best_n = n;
                best = g;
            }
        }
    }
    let font = fonts
        .get(best.font as usize)
        .cloned()
        .unwrap_or_else(|| Arc::from(""));
    words.push(Word {
        text,
        bbox,
        style: Style {
            font,
            size: best.size,
            bold: best.bold,
            italic: best.italic,
        },
    });
    cur.clear();
}

/// True when a font name says bold (`Arial-BoldMT`, `LiberationSans-Bold`, `Carlito,Bold`…).
pub fn font_name_is_bold(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "bold",
        "black",
        "heavy",
        "semibold",
        "demibold",
        "-bd",
        "extrabold",
    ]
    .iter()
    .any(|k| n.contains(k))
}

/// True when a font name says italic or oblique.
pub fn font_name_is_italic(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("italic") || n.contains("oblique") || n.ends_with("-it")
}

/// The font name without a subset prefix (`ABCDEF+Arial` → `Arial`).
pub fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((p, rest)) if p.len() == 6 && p.chars().all(|c| c.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x: f32, base: f32) -> Glyph {
        Glyph {
            ch,
            bbox: BBox::new(x, base - 8.0, x + 5.0, base + 2.0),
            baseline: base,
            font: 0,
            size: 10.0,
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn glyphs_group_into_lines_and_words() {
        let glyphs = vec![
            g('b', 105.0, 100.0),
            g('a', 100.0, 100.2),
            g('c', 115.0, 100.0),
            g('x', 100.0, 120.0),
        ];
        let lines = glyphs_to_lines(glyphs, &[Arc::from("Sans")], &THRESHOLDS);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "ab c");
        assert_eq!(lines[1].text(), "x");
    }

    #[test]
    fn font_names() {
        assert!(font_name_is_bold("LiberationSans-Bold"));
        assert!(!font_name_is_bold("LiberationSans"));
        assert_eq!(strip_subset("BAAAAA+Carlito-Bold"), "Carlito-Bold");
    }
}
