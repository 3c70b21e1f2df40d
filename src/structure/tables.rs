//! Tables: ruled grids (cell borders drawn as lines, as LibreOffice draws them), borderless
//! tables aligned by whitespace (Typst), and tab-separated or markdown rows in text files. Each
//! table gets its caption (`Tabel 1. …` above or below), one header row, its body rows with
//! wrapped cell text joined, and its pages; a table continued on the next page is one table with
//! the repeated header dropped. The lines a table claims are marked so they are not section text.
//!
//! The steps are small functions over the previous one's output: rules → grids → cells for
//! ruled tables; lines → segments → blocks → column channels → rows for borderless ones; then
//! captions and page merging. The thresholds are in [`THRESHOLDS`].

use super::lines::{Stats, TextLine};
use super::sections;
use crate::language::headings::is_caption;
use crate::model::{BBox, Document, Rule, Word};

/// The thresholds of table detection, in one place.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Ruling lines closer than this (points) are the same grid line; a rule ending within this
    /// distance of another touches it.
    pub rule_tolerance: f32,
    /// A line with a gap between words at least this many font sizes wide is a table row
    /// candidate (body text stays below 0.9).
    pub row_gap: f32,
    /// Whitespace running through every row of a block at least this many font sizes wide
    /// separates two columns.
    pub column_gap: f32,
    /// Lines of one table differ in font size by at most this (points).
    pub size_tolerance: f32,
    /// Consecutive lines of one table are at most this many font sizes apart (top to top).
    pub max_row_pitch: f32,
    /// In a borderless table, a line further below the previous one than this factor times the
    /// block's closest line pitch starts a new row.
    pub row_break_pitch: f32,
    /// A caption is at most this many font sizes above the table (or below it).
    pub caption_distance: f32,
    /// Text files: a gap wider than this (points) between words is a tab between cells.
    pub file_cell_gap: f32,
    /// Columns of two table parts on consecutive pages line up within this (points).
    pub continuation_tolerance: f32,
    /// A grid is no table when more than this share of the lines with words in it also have
    /// words outside it.
    pub max_share_outside_grid: f32,
    /// A gap between columns this many times wider than every other splits a borderless table
    /// printed in two halves side by side.
    pub side_by_side_gutter: f32,
    /// Leading rows of a ruled grid in type larger than this times the table's median size are
    /// a title, not rows.
    pub title_size_ratio: f32,
    /// At most this many leading lines in body type can be a borderless table's header.
    pub max_plain_header_lines: usize,
    /// A ruled grid whose rows hold this many text lines on average has rules around groups of
    /// rows only; its text lines are split into rows.
    pub unruled_lines_per_row: f32,
    /// A block of at most this many rows (twice as many when all bold) right above a table
    /// can be its header…
    pub header_block_rows: usize,
    /// …when the gap between them is at most this (em of the table's size).
    pub header_gap: f32,
    /// Rules reaching this far (points) beyond a grid's outermost boundary bound an outer
    /// cell of a grid drawn without an outer frame.
    pub open_frame_cell: f32,
}

/// The thresholds used.
pub const THRESHOLDS: Thresholds = Thresholds {
    rule_tolerance: 2.5,
    row_gap: 1.5,
    column_gap: 0.8,
    size_tolerance: 0.6,
    max_row_pitch: 2.3,
    row_break_pitch: 1.5,
    caption_distance: 3.5,
    file_cell_gap: 20.0,
    continuation_tolerance: 6.0,
    unruled_lines_per_row: 2.5,
    max_plain_header_lines: 6,
    title_size_ratio: 1.3,
    side_by_side_gutter: 2.0,
    max_share_outside_grid: 0.5,
    header_block_rows: 3,
    header_gap: 2.5,
    open_frame_cell: 6.0,
};

/// One table of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The caption, when there is one.
    pub caption: Option<String>,
    /// The header row, one cell per column.
    pub header: Vec<String>,
    /// The body rows, each as wide as the header.
    pub rows: Vec<Vec<String>>,
    /// Page where the table starts.
    pub page_start: u32,
    /// Page where it ends.
    pub page_end: u32,
    /// Whether its cells came from ruling lines.
    pub ruled: bool,
    /// Number of the item it belongs to (set by [`super::analyze`]).
    pub item: Option<String>,
    /// 1-based position among its item's tables.
    pub index: usize,
    /// Heading of the section it belongs to ("" for text before the first heading).
    pub section: String,
    /// Position on its first page.
    pub bbox: BBox,
    /// Index in the line stream of its first row's line.
    pub first_line: usize,
    /// Indices in the line stream of every line it claims (rows and caption).
    pub lines: Vec<usize>,
}

impl Table {
    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.header.len()
    }
}

/// A table found on one page, before captions and page merging.
#[derive(Debug, Clone)]
struct Fragment {
    page: u32,
    lines: Vec<usize>,
    /// Rows as cells; the first is the header.
    cells: Vec<Vec<String>>,
    /// Left edges of the columns.
    columns: Vec<f32>,
    ruled: bool,
    bbox: BBox,
}

/// Finds the tables among `lines[from..]` and marks the lines they claim (rows and captions)
/// with the table's index.
pub fn find(lines: &mut [TextLine], doc: &Document, from: usize, stats: &Stats) -> Vec<Table> {
    let t = &THRESHOLDS;
    let mut fragments = Vec::new();
    let mut start = from;
    while start < lines.len() {
        let page = lines[start].page;
        let mut end = start;
        while end < lines.len() && lines[end].page == page {
            end += 1;
        }
        let range: Vec<usize> = (start..end).collect();
        if lines[start].from_file {
            fragments.extend(file_tables(lines, &range, t));
        } else {
            let rules = doc
                .pages
                .iter()
                .find(|p| p.number == page)
                .map_or(&[][..], |p| &p.rules[..]);
            let ruled = ruled_tables(lines, &range, rules, t);
            let taken: Vec<usize> = ruled.iter().flat_map(|f| f.lines.clone()).collect();
            let rest: Vec<usize> = range.into_iter().filter(|i| !taken.contains(i)).collect();
            fragments.extend(ruled);
            fragments.extend(borderless_tables(lines, &rest, stats, t));
        }
        start = end;
    }
    fragments.sort_by_key(|f| f.lines[0]);
    let mut tables = merge_pages(lines, fragments, t);
    captions(lines, &mut tables, t);
    for (k, table) in tables.iter().enumerate() {
        for &i in &table.lines {
            lines[i].table = Some(k);
        }
    }
    tables
}

// ---------------------------------------------------------------------------------------------
// Ruled tables

/// A grid of ruling lines: column and row boundaries.
#[derive(Debug, Clone)]
struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
    /// The horizontal rules as (y, x0, x1) and the vertical ones as (x, top, bottom): where a
    /// boundary has no rule, the cells on both sides are one (a spanning cell).
    h: Vec<(f32, f32, f32)>,
    v: Vec<(f32, f32, f32)>,
}

impl Grid {
    /// Whether a rule runs along row boundary `r` under column `c`.
    fn has_h(&self, r: usize, c: usize, tol: f32) -> bool {
        let (y, mid) = (self.ys[r], (self.xs[c] + self.xs[c + 1]) / 2.0);
        self.h
            .iter()
            .any(|&(hy, x0, x1)| (hy - y).abs() <= tol && x0 - tol <= mid && mid <= x1 + tol)
    }

    /// Whether a rule runs along column boundary `c` beside row `r`.
    fn has_v(&self, r: usize, c: usize, tol: f32) -> bool {
        let (x, mid) = (self.xs[c], (self.ys[r] + self.ys[r + 1]) / 2.0);
        self.v
            .iter()
            .any(|&(vx, t0, t1)| (vx - x).abs() <= tol && t0 - tol <= mid && mid <= t1 + tol)
    }

    /// For every cell, the top-left cell of the spanning cell it is part of.
    fn span_anchors(&self, tol: f32) -> Vec<Vec<(usize, usize)>> {
        let (rows, cols) = (self.ys.len() - 1, self.xs.len() - 1);
        let mut anchor = vec![vec![(0, 0); cols]; rows];
        for r in 0..rows {
            for c in 0..cols {
                anchor[r][c] = if c > 0 && !self.has_v(r, c, tol) {
                    anchor[r][c - 1]
                } else if r > 0 && !self.has_h(r, c, tol) {
                    anchor[r - 1][c]
                } else {
                    (r, c)
                };
            }
        }
        anchor
    }
}

/// Groups a page's ruling lines into grids: horizontal and vertical rules that touch, with at
/// least two of each.
fn grids(rules: &[Rule], t: &Thresholds) -> Vec<Grid> {
    let tol = t.rule_tolerance;
    let horizontal = |r: &Rule| r.bbox.height() <= r.bbox.width();
    let n = rules.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&rules[i].bbox, &rules[j].bbox);
            let touch = a.x0 <= b.x1 + tol
                && b.x0 <= a.x1 + tol
                && a.top <= b.bottom + tol
                && b.top <= a.bottom + tol;
            if touch && horizontal(&rules[i]) != horizontal(&rules[j]) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in groups.values() {
        let mut xs: Vec<f32> = Vec::new();
        let mut ys: Vec<f32> = Vec::new();
        // How far the rules reach: a grid drawn without an outer frame has its outer cells
        // bounded only by where the rules across them end.
        let (mut h_left, mut h_right) = (f32::INFINITY, f32::NEG_INFINITY);
        let (mut v_top, mut v_bottom) = (f32::INFINITY, f32::NEG_INFINITY);
        let (mut h, mut v) = (Vec::new(), Vec::new());
        for &i in members {
            let b = &rules[i].bbox;
            if horizontal(&rules[i]) {
                ys.push(b.mid_y());
                h.push((b.mid_y(), b.x0, b.x1));
                h_left = h_left.min(b.x0);
                h_right = h_right.max(b.x1);
            } else {
                xs.push((b.x0 + b.x1) / 2.0);
                v.push(((b.x0 + b.x1) / 2.0, b.top, b.bottom));
                v_top = v_top.min(b.top);
                v_bottom = v_bottom.max(b.bottom);
            }
        }
        let mut xs = cluster(xs, tol);
        let mut ys = cluster(ys, tol);
        close_frame(&mut xs, h_left, h_right, t.open_frame_cell);
        close_frame(&mut ys, v_top, v_bottom, t.open_frame_cell);
        if xs.len() >= 2 && ys.len() >= 2 {
            out.push(Grid { xs, ys, h, v });
        }
    }
    out
}

/// Adds the missing outer boundaries of a grid without an outer frame: where the rules across
/// the outer cells end, when that is at least `min_cell` beyond the outermost boundary.
fn close_frame(bounds: &mut Vec<f32>, start: f32, end: f32, min_cell: f32) {
    let (Some(&first), Some(&last)) = (bounds.first(), bounds.last()) else {
        return;
    };
    if start.is_finite() && start < first - min_cell {
        bounds.insert(0, start);
    }
    if end.is_finite() && end > last + min_cell {
        bounds.push(end);
    }
}

/// Sorted values with those closer than `tol` merged (their mean).
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= tol => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

/// Ruled tables of one page: each grid's cells filled with the words whose centre lies in them.
fn ruled_tables(
    lines: &[TextLine],
    range: &[usize],
    rules: &[Rule],
    t: &Thresholds,
) -> Vec<Fragment> {
    let mut out = Vec::new();
    for g in grids(rules, t) {
        let (left, right) = (g.xs[0], *g.xs.last().unwrap());
        let (top, bottom) = (g.ys[0], *g.ys.last().unwrap());
        let inside = |w: &Word| {
            let (cx, cy) = ((w.bbox.x0 + w.bbox.x1) / 2.0, w.bbox.mid_y());
            cx > left && cx < right && cy > top && cy < bottom
        };
        let claimed: Vec<usize> = range
            .iter()
            .copied()
            .filter(|&i| lines[i].line.words.iter().any(inside))
            .collect();
        if claimed.is_empty() {
            continue;
        }
        // Rules that only separate groups of columns (a line between "Total", "Male" and
        // "Female") leave the row labels outside: when most lines run out of the grid, it does
        // not hold the table, and the lines are left to the borderless reading.
        let running_out = claimed
            .iter()
            .filter(|&&i| lines[i].line.words.iter().any(|w| !inside(w)))
            .count();
        if running_out as f32 > claimed.len() as f32 * t.max_share_outside_grid {
            continue;
        }
        // Each text line's words by grid row and column.
        let width = g.xs.len() - 1;
        // Each word's line, grid row and column.
        let mut placed: Vec<(usize, usize, usize, &Word)> = Vec::new();
        for &i in &claimed {
            for w in lines[i].line.words.iter().filter(|w| inside(w)) {
                let cx = (w.bbox.x0 + w.bbox.x1) / 2.0;
                let cy = w.bbox.mid_y();
                let c = g.xs.windows(2).position(|p| cx >= p[0] && cx < p[1]);
                let r = g.ys.windows(2).position(|p| cy >= p[0] && cy < p[1]);
                if let (Some(r), Some(c)) = (r, c) {
                    placed.push((i, r, c, w));
                }
            }
        }
        // Rules drawn around groups of rows, not around each row (a rule every five rows, or
        // only under the header): the text lines inside a ruled row are rows of their own, a
        // line continuing the one above when its first cell is empty, it fills one cell only
        // (a wrapped cell), or a cell goes on in lower case, as in a borderless table.
        let mut line_rows: Vec<(usize, usize)> = placed.iter().map(|p| (p.1, p.0)).collect();
        line_rows.sort_unstable();
        line_rows.dedup();
        let mut filled: Vec<usize> = line_rows.iter().map(|p| p.0).collect();
        filled.dedup();
        let per_row = line_rows.len() as f32 / filled.len().max(1) as f32;
        let split_rows = per_row >= t.unruled_lines_per_row;
        // Otherwise a cell without a rule between it and its neighbour spans both: its text
        // goes to the top-left cell of the span, as the peers do.
        let anchors = (!split_rows).then(|| g.span_anchors(t.rule_tolerance));
        let mut by_row: Vec<Vec<Vec<Vec<&Word>>>> = vec![Vec::new(); g.ys.len() - 1];
        let mut k = 0;
        while k < placed.len() {
            let line = placed[k].0;
            let mut parts: Vec<Option<Vec<Vec<&Word>>>> = vec![None; g.ys.len() - 1];
            while k < placed.len() && placed[k].0 == line {
                let (_, r, c, w) = placed[k];
                let (r, c) = anchors.as_ref().map_or((r, c), |a| a[r][c]);
                parts[r].get_or_insert_with(|| vec![Vec::new(); width])[c].push(w);
                k += 1;
            }
            for (r, p) in parts.into_iter().enumerate() {
                by_row[r].extend(p);
            }
        }
        let mut cells: Vec<Vec<Vec<&Word>>> = Vec::new();
        for row_lines in by_row {
            let mut row: Option<Vec<Vec<&Word>>> = None;
            for line in row_lines {
                let continues = row.is_some()
                    && (!split_rows
                        || line[0].is_empty()
                        || line.iter().filter(|c| !c.is_empty()).count() < 2
                        || line.iter().any(|c| {
                            c.first()
                                .and_then(|w| w.text.chars().next())
                                .is_some_and(char::is_lowercase)
                        }));
                if continues {
                    let r = row.as_mut().unwrap();
                    for (c, ws) in line.into_iter().enumerate() {
                        r[c].extend(ws);
                    }
                } else {
                    cells.extend(row.take());
                    row = Some(line);
                }
            }
            cells.push(row.unwrap_or_else(|| vec![Vec::new(); width]));
        }
        // A page title inside the frame (larger type than the table's) is not a row.
        let mut sizes: Vec<f32> = cells
            .iter()
            .flatten()
            .flatten()
            .map(|w| w.style.size)
            .collect();
        sizes.sort_by(f32::total_cmp);
        if let Some(&median) = sizes.get(sizes.len() / 2) {
            let title = |row: &Vec<Vec<&Word>>| {
                let mut ws = row.iter().flatten().peekable();
                // (OCR'd sizes are estimates: a bold header reads larger.)
                ws.peek().is_some()
                    && ws.all(|w| {
                        &*w.style.font != crate::model::OCR_FONT
                            && w.style.size > median * t.title_size_ratio
                    })
            };
            while cells.first().is_some_and(title) {
                cells.remove(0);
            }
        }
        let mut text: Vec<Vec<String>> = cells
            .into_iter()
            .map(|row| row.into_iter().map(|ws| cell_text(&ws)).collect())
            .collect();
        let mut columns: Vec<f32> = g.xs[..g.xs.len() - 1].to_vec();
        drop_empty(&mut text, &mut columns);
        // A box around one column (a framed title, a note) is not a table.
        if text.len() < 2 || columns.len() < 2 {
            continue;
        }
        out.push(Fragment {
            page: lines[claimed[0]].page,
            bbox: BBox::new(left, top, right, bottom),
            lines: claimed,
            cells: text,
            columns,
            ruled: true,
        });
    }
    out
}

/// A cell's words as text: lines top to bottom joined by spaces, a word broken by a hyphen at
/// a cell's line end joined.
fn cell_text(words: &[&Word]) -> String {
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
                if (w.bbox.mid_y() - line[0].bbox.mid_y()).abs() < line[0].bbox.height() * 0.5 =>
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

/// Removes rows and columns without any text.
fn drop_empty(cells: &mut Vec<Vec<String>>, columns: &mut Vec<f32>) {
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

// ---------------------------------------------------------------------------------------------
// Borderless tables

/// The words of a line as runs separated by gaps of at least `gap` points; an attachment marker
/// `./.` at the start is not a run.
fn segments(words: &[Word], gap: f32) -> Vec<&[Word]> {
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

fn is_anchor(l: &TextLine, t: &Thresholds) -> bool {
    let first = l.text.trim_start();
    !is_caption(first)
        && !first.starts_with(['•', '·', '▪', '\u{f0b7}'])
        && segments(&l.line.words, l.size() * t.row_gap).len() >= 2
}

/// Borderless tables of one page: blocks of consecutive lines in one font size with at least
/// two rows split by wide gaps, their columns at the whitespace running through every row.
fn borderless_tables(
    lines: &[TextLine],
    range: &[usize],
    stats: &Stats,
    t: &Thresholds,
) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < range.len() {
        let i = range[k];
        if !is_anchor(&lines[i], t) {
            k += 1;
            continue;
        }
        let size = lines[i].size();
        let mut block = vec![i];
        let mut anchors = 1;
        let mut x0 = lines[i].line.bbox.x0;
        let mut x1 = lines[i].line.bbox.x1;
        let mut j = k + 1;
        while j < range.len() && range[j] == range[j - 1] + 1 {
            let l = &lines[range[j]];
            let prev = &lines[range[j - 1]];
            let pitch = l.line.bbox.top - prev.line.bbox.top;
            if (l.size() - size).abs() > t.size_tolerance
                || pitch > size * t.max_row_pitch
                || pitch <= 0.0
                || is_caption(l.text.trim_start())
                || (sections::is_heading(l, stats) && !is_anchor(l, t))
            {
                break;
            }
            if is_anchor(l, t) {
                anchors += 1;
            } else {
                // A continuation line sits inside the block and does not run across it.
                let b = &l.line.bbox;
                let inside = b.x0 >= x0 - size && b.x1 <= x1 + size;
                let narrow = b.width() < 0.75 * (x1 - x0)
                    || (b.x0 > x0 + size && b.width() < 0.9 * (x1 - x0));
                if !(inside && narrow) {
                    break;
                }
            }
            x0 = x0.min(l.line.bbox.x0);
            x1 = x1.max(l.line.bbox.x1);
            block.push(range[j]);
            j += 1;
        }
        // Bold lines right above belong to the header ("Proces for input til og" / "…").
        let mut head = k;
        while head > 0 && range[head - 1] + 1 == range[head] {
            let l = &lines[range[head - 1]];
            let below = &lines[range[head]];
            let pitch = below.line.bbox.top - l.line.bbox.top;
            if !l.bold()
                || (l.size() - size).abs() > t.size_tolerance
                || pitch > size * t.max_row_pitch
                || is_caption(l.text.trim_start())
                || l.line.bbox.x0 < x0 - size
            {
                break;
            }
            head -= 1;
            block.insert(0, range[head]);
        }
        if anchors >= 2 {
            if let Some(f) = borderless_fragment(lines, &block, t) {
                out.push(f);
            }
        }
        k = j.max(k + 1);
    }
    join_header_blocks(lines, out, t)
}

/// A table's header set apart from its body by a wider gap or another font size (a multi-line
/// header in smaller bold type, a numbering row under it) is read as a block of its own. When
/// such a short block sits right above a longer one, within the header gap, the two are one
/// table: the columns come from the body below, the leading bold lines are the header.
fn join_header_blocks(lines: &[TextLine], blocks: Vec<Fragment>, t: &Thresholds) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    for f in blocks {
        let joined = out.last().and_then(|above| {
            let adjacent = above.lines.last().is_some_and(|&l| l + 1 == f.lines[0]);
            let size = lines[f.lines[0]].size();
            let gap = f.bbox.top - above.bbox.bottom;
            let all_bold = above.lines.iter().all(|&i| lines[i].bold());
            let rows = above.cells.len();
            let short = rows < f.cells.len()
                && (rows <= t.header_block_rows || (all_bold && rows <= 2 * t.header_block_rows));
            let within =
                above.bbox.x0 >= f.bbox.x0 - 2.0 * size && above.bbox.x1 <= f.bbox.x1 + 2.0 * size;
            if !(adjacent && short && within && gap >= 0.0 && gap <= size * t.header_gap) {
                return None;
            }
            let block: Vec<usize> = above.lines.iter().chain(&f.lines).copied().collect();
            borderless_fragment(lines, &block, t)
        });
        match joined {
            Some(j) => *out.last_mut().unwrap() = j,
            None => out.push(f),
        }
    }
    out
}

/// Where a borderless block is one table printed in two halves side by side: the column index
/// where the right half starts, when the widest gap between columns is at least
/// `side_by_side_gutter` times any other and both halves have the same number (≥ 2) of columns.
fn side_by_side(covered: &[(f32, f32)], t: &Thresholds) -> Option<usize> {
    let n = covered.len();
    if n < 4 || !n.is_multiple_of(2) {
        return None;
    }
    let gaps: Vec<f32> = covered.windows(2).map(|w| w[1].0 - w[0].1).collect();
    let m = n / 2 - 1;
    let widest = gaps[m];
    gaps.iter()
        .enumerate()
        .all(|(k, &g)| k == m || widest >= t.side_by_side_gutter * g)
        .then_some(m + 1)
}

/// Columns and rows of one borderless block.
fn borderless_fragment(lines: &[TextLine], block: &[usize], t: &Thresholds) -> Option<Fragment> {
    // The header: the leading bold lines as one row; without bold, the first row.
    let mut header_len = block.iter().take_while(|&&i| lines[i].bold()).count();
    if header_len == block.len() {
        header_len = 1;
    }
    // Whitespace channels through every row of `rows`: the spans their words cover.
    let covered_by = |rows: &[usize]| -> Vec<(f32, f32)> {
        let size = lines[rows[0]].size();
        let mut spans: Vec<(f32, f32)> = rows
            .iter()
            .flat_map(|&i| lines[i].line.words.iter())
            .filter(|w| w.text != "./.")
            .map(|w| (w.bbox.x0, w.bbox.x1))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut covered: Vec<(f32, f32)> = Vec::new();
        for (a, b) in spans {
            match covered.last_mut() {
                Some(last) if a <= last.1 + size * t.column_gap => last.1 = last.1.max(b),
                _ => covered.push((a, b)),
            }
        }
        covered
    };
    // A header in body type: the leading lines whose words run across the body's channels
    // ("population overall exclusion rate" over two columns). The header is the fewest leading
    // lines without which the rest has the most columns.
    let most = (header_len..=(header_len + t.max_plain_header_lines).min(block.len() - 2))
        .map(|k| (covered_by(&block[k..]).len(), k))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    if let Some((_, k)) = most {
        header_len = k;
    }
    let body = &block[header_len..];
    let size = lines[body[0]].size();
    let covered = covered_by(body);
    if covered.len() < 2 {
        return None;
    }
    let bounds: Vec<f32> = covered
        .windows(2)
        .map(|w| (w[0].1 + w[1].0) / 2.0)
        .collect();
    let columns: Vec<f32> = covered.iter().map(|c| c.0).collect();
    // Runs of words closer than a column gap stay in one cell: a header cell wider than its
    // column's body ("Proces for input til og udarbejdelse af") goes where its middle is.
    let split = |i: usize| -> Vec<Vec<&Word>> {
        let mut cells = vec![Vec::new(); columns.len()];
        for seg in segments(&lines[i].line.words, size * t.column_gap) {
            let mid = (seg[0].bbox.x0 + seg[seg.len() - 1].bbox.x1) / 2.0;
            let c = bounds.iter().filter(|&&b| mid > b).count();
            cells[c].extend(seg.iter());
        }
        cells
    };
    let mut header: Vec<Vec<&Word>> = vec![Vec::new(); columns.len()];
    for &i in &block[..header_len] {
        for (c, ws) in split(i).into_iter().enumerate() {
            header[c].extend(ws);
        }
    }
    let min_pitch = body
        .windows(2)
        .map(|w| lines[w[1]].line.bbox.top - lines[w[0]].line.bbox.top)
        .fold(f32::MAX, f32::min);
    let mut rows: Vec<Vec<Vec<&Word>>> = Vec::new();
    for (n, &i) in body.iter().enumerate() {
        let cells = split(i);
        let pitch = n
            .checked_sub(1)
            .map(|p| lines[i].line.bbox.top - lines[body[p]].line.bbox.top);
        let continues = match pitch {
            None => false,
            Some(p) if p > min_pitch * t.row_break_pitch => false,
            Some(_) => {
                cells[0].is_empty()
                    || cells.iter().any(|c| {
                        c.first()
                            .and_then(|w| w.text.chars().next())
                            .is_some_and(char::is_lowercase)
                    })
            }
        };
        match rows.last_mut() {
            Some(row) if continues => {
                for (c, ws) in cells.into_iter().enumerate() {
                    row[c].extend(ws);
                }
            }
            _ => rows.push(cells),
        }
    }
    let rows = if header_len == 0 {
        rows
    } else {
        std::iter::once(header).chain(rows).collect()
    };
    let mut cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|ws| cell_text(ws)).collect())
        .collect();
    let mut columns = columns;
    if let Some(m) = side_by_side(&covered, t) {
        // A long table printed in two halves side by side is one table: the right half's
        // rows follow the left half's, its repeated header dropped.
        let mut right: Vec<Vec<String>> = cells.iter_mut().map(|r| r.split_off(m)).collect();
        if header_len > 0 && right.first() == cells.first() {
            right.remove(0);
        }
        cells.extend(
            right
                .into_iter()
                .filter(|r| r.iter().any(|c| !c.is_empty())),
        );
        cells.retain(|r| r.iter().any(|c| !c.is_empty()));
        columns.truncate(m);
    }
    drop_empty(&mut cells, &mut columns);
    if cells.len() < 2 || columns.len() < 2 {
        return None;
    }
    // "Sagsnr.: 12/27845" / "Sagen afgøres i: …": labels and values, not a table.
    let labels = cells
        .iter()
        .filter(|r| !r[0].is_empty())
        .all(|r| r[0].ends_with(':'));
    if labels && columns.len() == 2 {
        return None;
    }
    let bbox = block
        .iter()
        .map(|&i| lines[i].line.bbox)
        .reduce(|a, b| a.union(&b))?;
    Some(Fragment {
        page: lines[block[0]].page,
        lines: block.to_vec(),
        cells,
        columns,
        ruled: false,
        bbox,
    })
}

// ---------------------------------------------------------------------------------------------
// Text files

/// Pipe-table rows in markdown: `| a | b |`; the `|---|` rule under the header is dropped.
fn pipe_cells(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn is_pipe_rule(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Cells of a text-file line split at tabs; a leading tab is an empty first cell.
fn tab_cells(l: &TextLine, left: f32, t: &Thresholds) -> Vec<String> {
    let mut cells = Vec::new();
    if l.line.bbox.x0 > left + t.file_cell_gap {
        cells.push(String::new());
    }
    for seg in segments(&l.line.words, t.file_cell_gap) {
        let text: Vec<&str> = seg.iter().map(|w| w.text.as_str()).collect();
        cells.push(text.join(" "));
    }
    cells
}

/// Tables of a text file's page: runs of at least two consecutive lines split by tabs, or
/// markdown pipe rows.
fn file_tables(lines: &[TextLine], range: &[usize], t: &Thresholds) -> Vec<Fragment> {
    let left = range
        .iter()
        .map(|&i| lines[i].line.bbox.x0)
        .fold(f32::MAX, f32::min);
    let row = |i: usize| -> Option<Vec<String>> {
        let l = &lines[i];
        if let Some(cells) = pipe_cells(&l.text) {
            return Some(cells);
        }
        let cells = tab_cells(l, left, t);
        (cells.len() >= 2 && !is_caption(l.text.trim_start())).then_some(cells)
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < range.len() {
        let mut block: Vec<usize> = Vec::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut j = k;
        while j < range.len() {
            let i = range[j];
            // Rows follow each other without a blank line.
            if let Some(&prev) = block.last() {
                let gap = lines[i].line.bbox.top - lines[prev].line.bbox.bottom;
                if gap > t.file_cell_gap / 2.0 {
                    break;
                }
            }
            match row(i) {
                Some(cells) => {
                    block.push(i);
                    if !is_pipe_rule(&cells) {
                        rows.push(cells);
                    }
                }
                None => break,
            }
            j += 1;
        }
        // A one-cell line right above is the header, its empty cells' tabs trimmed away at
        // the line end ("Proces for input til og udarbejdelse af …<tab>").
        if rows.len() >= 2 && k > 0 && range[k - 1] + 1 == block[0] {
            let above = &lines[range[k - 1]];
            let gap = lines[block[0]].line.bbox.top - above.line.bbox.bottom;
            let text = above.text.trim();
            if gap <= t.file_cell_gap / 2.0
                && !is_caption(text)
                && above.table.is_none()
                && pipe_cells(text).is_none()
            {
                block.insert(0, range[k - 1]);
                rows.insert(0, vec![text.to_string()]);
            }
        }
        if rows.len() >= 2 {
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            for r in &mut rows {
                r.resize(width, String::new());
            }
            let bbox = block
                .iter()
                .map(|&i| lines[i].line.bbox)
                .reduce(|a, b| a.union(&b))
                .unwrap_or_default();
            out.push(Fragment {
                page: lines[block[0]].page,
                lines: block,
                cells: rows,
                columns: (0..width).map(|c| c as f32).collect(),
                ruled: false,
                bbox,
            });
        }
        k = j.max(k + 1);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Across pages, captions

/// Joins a fragment that opens a page to the table that closes the page before, when their
/// columns line up; a repeated header row is dropped.
fn merge_pages(lines: &[TextLine], fragments: Vec<Fragment>, t: &Thresholds) -> Vec<Table> {
    let mut tables: Vec<(Table, Fragment)> = Vec::new();
    for f in fragments {
        let continues = tables.last().is_some_and(|(_, last)| {
            let first = f.lines[0];
            let last_line = *last.lines.last().unwrap();
            let next_page = f.page == last.page + 1;
            // Nothing but the page break between them (captions aside).
            let adjacent = (last_line + 1..first).all(|i| is_caption(lines[i].text.trim()));
            let same_columns = f.columns.len() == last.columns.len()
                && f.columns
                    .iter()
                    .zip(&last.columns)
                    .all(|(a, b)| (a - b).abs() <= t.continuation_tolerance);
            next_page && adjacent && same_columns && !lines[first].from_file
        });
        if continues {
            let (table, last) = tables.last_mut().unwrap();
            let mut rows = f.cells.clone();
            if rows.first() == Some(&table.header) {
                rows.remove(0);
            }
            // A row broken by the page: its rest opens the next page with an empty first cell.
            if let (Some(first), Some(last)) = (rows.first(), table.rows.last_mut()) {
                if first[0].is_empty() && !last[0].is_empty() && first.len() == last.len() {
                    for (a, b) in last.iter_mut().zip(first) {
                        if !b.is_empty() {
                            if !a.is_empty() {
                                a.push(' ');
                            }
                            a.push_str(b);
                        }
                    }
                    rows.remove(0);
                }
            }
            table.rows.extend(rows);
            table.page_end = f.page;
            table.lines.extend(&f.lines);
            *last = f;
        } else {
            let mut cells = f.cells.clone();
            let header = cells.remove(0);
            tables.push((
                Table {
                    caption: None,
                    header,
                    rows: cells,
                    page_start: f.page,
                    page_end: f.page,
                    ruled: f.ruled,
                    item: None,
                    index: 0,
                    section: String::new(),
                    bbox: f.bbox,
                    first_line: f.lines[0],
                    lines: f.lines.clone(),
                },
                f,
            ));
        }
    }
    tables
        .into_iter()
        .map(|(table, _)| table)
        .collect::<Vec<_>>()
}

/// Attaches captions: a `Tabel N` line just above a table, or failing that just below it
/// (when it is not the caption of the next table).
fn captions(lines: &[TextLine], tables: &mut [Table], t: &Thresholds) {
    let near = |a: &TextLine, b: &TextLine| {
        a.page == b.page
            && (b.line.bbox.top - a.line.bbox.top).abs()
                <= a.size().max(b.size()) * t.caption_distance
            || a.from_file && b.from_file
    };
    let is_caption = |i: usize| is_caption(lines[i].text.trim());
    let mut taken: Vec<usize> = Vec::new();
    for table in tables.iter_mut() {
        let first = table.first_line;
        if first > 0 && is_caption(first - 1) && near(&lines[first - 1], &lines[first]) {
            table.caption = Some(lines[first - 1].text.trim().to_string());
            table.lines.insert(0, first - 1);
            taken.push(first - 1);
        }
    }
    for table in tables.iter_mut().filter(|t| t.caption.is_none()) {
        let last = *table.lines.last().unwrap();
        let below = last + 1;
        if below < lines.len()
            && is_caption(below)
            && !taken.contains(&below)
            && near(&lines[last], &lines[below])
        {
            table.caption = Some(lines[below].text.trim().to_string());
            table.lines.push(below);
            taken.push(below);
        }
    }
}
