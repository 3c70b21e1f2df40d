//! Ruled tables: a page's ruling lines grouped into grids (horizontal and vertical rules that
//! touch), a grid's column and row boundaries, spanning cells where a boundary has no rule, and
//! each cell filled with the words whose centre lies in it.

use super::cells::{cell_text, drop_empty};
use super::{Fragment, Thresholds};
use crate::model::{BBox, Rule, Word};
use crate::structure::lines::TextLine;

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
pub(super) fn ruled_tables(
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
            .map(|row| row.into_iter().map(|ws| cell_text(&ws, t)).collect())
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
