//! Cells: a line's words as runs split by wide gaps (the candidate cells), a cell's words as
//! text (lines top to bottom, a word broken by a hyphen at the cell's line end joined), and
//! the rows and columns without any text dropped.

use super::Thresholds;
use crate::model::Word;
use crate::structure::lines::TextLine;

/// A cell's words as text: lines top to bottom joined by spaces, a word broken by a hyphen at
/// a cell's line end joined.
pub(super) fn cell_text(words: &[&Word], t: &Thresholds) -> String {
    // Words come line by line already; keep that order but make it explicit by position: top
    // to bottom, a word on the line of the one above when its middle is within half that
    // line's first word's height, then each line left to right. (Sorting with a comparator
    // that says "same line" by tolerance is not a total order, and the standard sort panics
    // on such a comparator: found by fuzzing, `tests/fixtures/fuzz/pdf/`.)
    let mut ws: Vec<&Word> = words.to_vec();
    ws.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for w in ws {
        match lines.last_mut() {
            Some(line)
                if (w.bbox.mid_y() - line[0].bbox.mid_y()).abs()
                    < line[0].bbox.height() * t.cell_line_tolerance =>
            {
                line.push(w)
            }
            _ => lines.push(vec![w]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    let mut out = String::new();
    let mut prev: Option<&Word> = None;
    for w in lines.into_iter().flatten() {
        if let Some(p) = prev {
            let new_line = w.bbox.top > p.bbox.mid_y();
            if new_line && breaks_word(&out, &w.text) {
                out.pop();
            } else if new_line && joins_compound(&out, &w.text) {
                // "BRN-" at a cell's line end, "sekretariat" below: one word, hyphen kept.
            } else {
                out.push(' ');
            }
        }
        out.push_str(&w.text);
        prev = Some(w);
    }
    out
}

/// Whether text ending in a hyphen continues with `next` as one word ("fag-" "områder").
fn breaks_word(text: &str, next: &str) -> bool {
    let Some(stem) = text.strip_suffix(['-', '\u{ad}']) else {
        return false;
    };
    let last = stem.split_whitespace().last().unwrap_or("");
    last.chars().count() >= 2
        && last.chars().all(char::is_alphabetic)
        && last.chars().any(char::is_lowercase)
        && next.chars().next().is_some_and(char::is_lowercase)
        && !crate::language::danish::is_conjunction(next)
}

/// Whether text ending in a hard hyphen after an abbreviation or a number continues with
/// `next` as one word ("BRN-" "sekretariat", "DK-" "2020"); "Social-" "og" stays two.
fn joins_compound(text: &str, next: &str) -> bool {
    let Some(stem) = text.strip_suffix('-') else {
        return false;
    };
    let last = stem.split_whitespace().last().unwrap_or("");
    last.chars()
        .last()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && last.chars().all(char::is_alphanumeric)
        && next.chars().next().is_some_and(char::is_alphanumeric)
        && !crate::language::danish::is_conjunction(next)
}

/// Removes rows and columns without any text.
pub(super) fn drop_empty(cells: &mut Vec<Vec<String>>, columns: &mut Vec<f32>) {
    cells.retain(|r| r.iter().any(|c| !c.is_empty()));
    let width = columns.len();
    let keep: Vec<bool> = (0..width)
        .map(|c| {
            cells
                .iter()
                .any(|r| r.get(c).is_some_and(|x| !x.is_empty()))
        })
        .collect();
    for r in cells.iter_mut() {
        let mut c = 0;
        r.retain(|_| {
            c += 1;
            keep[c - 1]
        });
    }
    let mut c = 0;
    columns.retain(|_| {
        c += 1;
        keep[c - 1]
    });
}

/// The words of a line as runs separated by gaps of at least `gap` points; an attachment marker
/// `./.` at the start is not a run.
pub(super) fn segments(words: &[Word], gap: f32) -> Vec<&[Word]> {
    let words = match words.first() {
        Some(w) if w.text == "./." => &words[1..],
        _ => words,
    };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..words.len() {
        if words[i].bbox.x0 - words[i - 1].bbox.x1 >= gap {
            out.push(&words[start..i]);
            start = i;
        }
    }
    if !words.is_empty() {
        out.push(&words[start..]);
    }
    out
}

/// How a body column's text is set: (flush left, flush right). Its runs' left edges line up
/// (within `align_tolerance`) and their right edges do not, or the other way round; a column
/// of one run, or centred, is neither. A column of numbers whose edges both line up (figures
/// of one width) is set right, as numbers are.
pub(super) fn column_sides(
    channels: &[(f32, f32)],
    body: &[&TextLine],
    t: &Thresholds,
) -> Vec<(bool, bool)> {
    let mut edges: Vec<Vec<(f32, f32)>> = vec![Vec::new(); channels.len()];
    let mut numeric = vec![true; channels.len()];
    for l in body {
        for run in segments(&l.line.words, l.size() * t.column_gap) {
            let (x0, x1) = (run[0].bbox.x0, run[run.len() - 1].bbox.x1);
            if let Some(c) = channels
                .iter()
                .position(|c| x0 >= c.0 - 0.5 && x1 <= c.1 + 0.5)
            {
                edges[c].push((x0, x1));
                numeric[c] &= run.iter().all(|w| {
                    w.text.chars().any(|ch| ch.is_ascii_digit())
                        && w.text
                            .chars()
                            .all(|ch| ch.is_ascii_digit() || ".,%-–+".contains(ch))
                });
            }
        }
    }
    let spread = |v: &mut dyn Iterator<Item = f32>| {
        let (lo, hi) = v.fold((f32::MAX, f32::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        hi - lo
    };
    edges
        .iter()
        .zip(numeric)
        .map(|(e, numeric)| {
            if e.len() < 2 {
                return (false, false);
            }
            let left = spread(&mut e.iter().map(|p| p.0));
            let right = spread(&mut e.iter().map(|p| p.1));
            let tol = t.align_tolerance;
            let flush_left = left <= tol && right > tol;
            (flush_left, right <= tol && (left > tol || numeric))
        })
        .collect()
}

/// A header line's words by column when the columns come from the body's text (`channels`,
/// the spans its words cover, and `sides`, how each is set, from [`column_sides`]): each run
/// of words (split at `header_run_gap`) goes to the body column it overlaps most. A run in the
/// gap between two columns lies outside the left one's cell when that column is set flush right
/// and the run starts beyond it (a header set left over numbers set right), outside the right
/// one's when that is set flush left and the run ends before it; otherwise it goes where its
/// middle is.
pub(super) fn header_by_column<'a>(
    l: &'a TextLine,
    channels: &[(f32, f32)],
    sides: &[(bool, bool)],
    t: &Thresholds,
) -> Vec<Vec<&'a Word>> {
    let size = l.size();
    let mut cells = vec![Vec::new(); channels.len()];
    for run in segments(&l.line.words, size * t.header_run_gap) {
        let (x0, x1) = (run[0].bbox.x0, run[run.len() - 1].bbox.x1);
        let overlap = |c: &(f32, f32)| x1.min(c.1) - x0.max(c.0);
        let most = (0..channels.len())
            .max_by(|&a, &b| overlap(&channels[a]).total_cmp(&overlap(&channels[b])))
            .filter(|&c| overlap(&channels[c]) > 0.0);
        let c = most.unwrap_or_else(|| {
            // The column on the run's left (none when it lies left of the first).
            let Some(left) = channels.iter().rposition(|c| c.1 <= x0) else {
                return 0;
            };
            let right = left + 1;
            if right >= channels.len() {
                return left;
            }
            if sides[left].1 && x0 > channels[left].1 {
                right
            } else if sides[right].0 && x1 < channels[right].0 {
                left
            } else if (x0 + x1) / 2.0 > (channels[left].1 + channels[right].0) / 2.0 {
                right
            } else {
                left
            }
        });
        cells[c].extend(run.iter());
    }
    cells
}

/// A line's words by column.
pub(super) fn by_column<'a>(l: &'a TextLine, bounds: &[f32]) -> Vec<Vec<&'a Word>> {
    let mut cells = vec![Vec::new(); bounds.len() + 1];
    for w in &l.line.words {
        let mid = (w.bbox.x0 + w.bbox.x1) / 2.0;
        cells[bounds.iter().filter(|&&b| mid > b).count()].push(w);
    }
    cells
}

/// Whether a line's `cells` continue the row above (when it is close enough below it): its
/// first cell is empty, or a cell goes on in lower case.
pub(super) fn continues_row(cells: &[Vec<&Word>]) -> bool {
    cells[0].is_empty()
        || cells.iter().any(|c| {
            c.first()
                .and_then(|w| w.text.chars().next())
                .is_some_and(char::is_lowercase)
        })
}

/// Adds a line's `cells` to the last of `rows` when it `continues` it, else as a row of its own.
pub(super) fn push_row<'a>(
    rows: &mut Vec<Vec<Vec<&'a Word>>>,
    cells: Vec<Vec<&'a Word>>,
    continues: bool,
) {
    match rows.last_mut() {
        Some(row) if continues => {
            for (c, ws) in cells.into_iter().enumerate() {
                row[c].extend(ws);
            }
        }
        _ => rows.push(cells),
    }
}
