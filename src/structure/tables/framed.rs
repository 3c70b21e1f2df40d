//! Framed tables: tables drawn the way Word's and LibreOffice's table styles draw them, with
//! horizontal rules only (a rule above and below the header row and under the last row, maybe
//! between rows) and filled areas (a shaded header, zebra stripes) instead of a grid.
//!
//! Frames → bands → rows: the horizontal rules and fills of one width make a frame; the
//! frame's rules and fill edges cut it into bands; the bands that hold table rows (filled, or
//! holding lines split into cells and no paragraph line) are the table, with the rows right
//! under an open end (a zebra table ending on an unfilled row, a table running on past the page
//! break) added. Columns come from the cell edges the fills and rule segments draw, else from
//! the whitespace running through the rows; the first band is the header, a filled band or
//! stripe is one row, and the rows of an unfilled band are split where a line opens a new first
//! cell.

use super::cells::{
    by_column, cell_text, column_sides, continues_row, drop_empty, header_by_column, push_row,
    segments,
};
use super::{Fragment, Thresholds};
use crate::language::headings::is_caption;
use crate::model::{BBox, Fill, Rule, Word};
use crate::structure::lines::TextLine;

/// One frame: the rules and fills of one width, as boundaries across it.
#[derive(Debug, Default)]
struct Frame {
    x0: f32,
    x1: f32,
    /// Boundaries (rules, fill tops and bottoms), top to bottom.
    ys: Vec<f32>,
    /// Filled bands (top, bottom).
    filled: Vec<(f32, f32)>,
    /// Cell edges inside the frame drawn by fills or rule segments meeting.
    edges: Vec<f32>,
    /// Whether any horizontal rule is part of it.
    rules: bool,
}

/// A horizontal rule or a row of fills: one piece of evidence of a frame.
struct Piece {
    x0: f32,
    x1: f32,
    ys: Vec<f32>,
    filled: Option<(f32, f32)>,
    edges: Vec<f32>,
    rule: bool,
}

/// Horizontal rules joined where they meet end to end (a border drawn cell by cell), with the
/// points where they meet.
fn horizontal_rules(rules: &[Rule], tol: f32) -> Vec<Piece> {
    let mut hs: Vec<BBox> = rules
        .iter()
        .map(|r| r.bbox)
        .filter(|b| b.height() <= b.width())
        .collect();
    hs.sort_by(|a, b| a.mid_y().total_cmp(&b.mid_y()).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Piece> = Vec::new();
    for b in hs {
        if let Some(last) = out.last_mut() {
            if (last.ys[0] - b.mid_y()).abs() <= tol && b.x0 <= last.x1 + tol && b.x0 >= last.x0 {
                if b.x0 > last.x1 - tol {
                    last.edges.push((last.x1 + b.x0) / 2.0);
                }
                last.x1 = last.x1.max(b.x1);
                continue;
            }
        }
        out.push(Piece {
            x0: b.x0,
            x1: b.x1,
            ys: vec![b.mid_y()],
            filled: None,
            edges: Vec::new(),
            rule: true,
        });
    }
    out
}

/// Fills of one row (same top and bottom) joined where they meet side by side (cell
/// backgrounds), with the cell edges between them.
fn fill_rows(fills: &[Fill], tol: f32) -> Vec<Piece> {
    let mut fs: Vec<BBox> = fills.iter().map(|f| f.bbox).collect();
    fs.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Piece> = Vec::new();
    for b in fs {
        if let Some(last) = out.last_mut() {
            let (top, bottom) = last.filled.unwrap();
            if (top - b.top).abs() <= tol
                && (bottom - b.bottom).abs() <= tol
                && b.x0 <= last.x1 + tol
                && b.x0 >= last.x1 - tol
            {
                last.edges.push((last.x1 + b.x0) / 2.0);
                last.x1 = b.x1;
                continue;
            }
        }
        out.push(Piece {
            x0: b.x0,
            x1: b.x1,
            ys: vec![b.top, b.bottom],
            filled: Some((b.top, b.bottom)),
            edges: Vec::new(),
            rule: false,
        });
    }
    out
}

/// Evidence of one width gathered into frames with sorted boundaries.
fn frames(rules: &[Rule], fills: &[Fill], t: &Thresholds) -> Vec<Frame> {
    let tol = t.rule_tolerance;
    let mut pieces = horizontal_rules(rules, tol);
    pieces.extend(fill_rows(fills, tol));
    let mut out: Vec<Frame> = Vec::new();
    for p in pieces {
        let f = match out
            .iter_mut()
            .find(|f| (f.x0 - p.x0).abs() <= tol && (f.x1 - p.x1).abs() <= tol)
        {
            Some(f) => f,
            None => {
                out.push(Frame {
                    x0: p.x0,
                    x1: p.x1,
                    ..Frame::default()
                });
                out.last_mut().unwrap()
            }
        };
        f.ys.extend(&p.ys);
        f.filled.extend(p.filled);
        f.edges.extend(&p.edges);
        f.rules |= p.rule;
    }
    for f in &mut out {
        f.ys.sort_by(f32::total_cmp);
        f.ys.dedup_by(|b, a| *b - *a <= tol);
        f.edges.sort_by(f32::total_cmp);
        f.edges.dedup_by(|b, a| *b - *a <= tol);
    }
    out.retain(|f| f.ys.len() >= 2);
    out
}

/// A band of a frame and the lines in it.
#[derive(Debug)]
struct Band {
    top: f32,
    bottom: f32,
    filled: bool,
    lines: Vec<usize>,
    tabular: bool,
}

/// Whether a line runs across most of the frame in one piece: paragraph text, not a row.
fn paragraph_line(l: &TextLine, frame: &Frame, t: &Thresholds) -> bool {
    let parts = segments(&l.line.words, l.size() * t.row_gap).len();
    parts <= 1 && l.line.bbox.width() >= t.frame_paragraph_width * (frame.x1 - frame.x0)
}

/// Whether a line splits into cells (two runs set apart by a column's gap).
fn split_line(l: &TextLine, t: &Thresholds) -> bool {
    segments(&l.line.words, l.size() * t.row_gap).len() >= 2
}

/// The frame's bands, each with the lines whose middle lies in it, and whether it holds table
/// rows.
fn bands(frame: &Frame, lines: &[TextLine], range: &[usize], t: &Thresholds) -> Vec<Band> {
    let tol = t.rule_tolerance;
    let inside =
        |l: &TextLine| l.line.bbox.x0 >= frame.x0 - tol && l.line.bbox.x1 <= frame.x1 + tol;
    let mut out: Vec<Band> = frame
        .ys
        .windows(2)
        .map(|w| {
            let (top, bottom) = (w[0], w[1]);
            let filled = frame
                .filled
                .iter()
                .any(|&(a, b)| a <= top + tol && b >= bottom - tol);
            let lines: Vec<usize> = range
                .iter()
                .copied()
                .filter(|&i| {
                    let m = lines[i].line.bbox.mid_y();
                    m > top && m < bottom
                })
                .collect();
            Band {
                top,
                bottom,
                filled,
                lines,
                tabular: false,
            }
        })
        .collect();
    // Under a rule, a row's text starts within a cell's padding; a caption or paragraph after
    // a table is further down.
    let padded = |b: &Band| {
        b.filled
            || b.lines.first().is_some_and(|&i| {
                lines[i].line.bbox.top - b.top <= t.frame_open_gap * lines[i].size()
            })
    };
    let plain = |b: &Band| {
        !b.lines.is_empty()
            && b.lines.iter().all(|&i| {
                inside(&lines[i])
                    && !paragraph_line(&lines[i], frame, t)
                    && !is_caption(lines[i].text.trim_start())
            })
            && padded(b)
    };
    for b in &mut out {
        let split = b.lines.iter().any(|&i| split_line(&lines[i], t));
        b.tabular = plain(b) && (b.filled || split);
    }
    // A short band between two rules next to a table band is its header or a row of one cell.
    for k in 0..out.len() {
        let b = &out[k];
        let neighbour = (k > 0 && out[k - 1].tabular) || out.get(k + 1).is_some_and(|n| n.tabular);
        let short = b.lines.len() <= t.frame_short_band_lines;
        if !b.tabular && neighbour && short && plain(b) {
            out[k].tabular = true;
        }
    }
    out
}

/// Framed tables of one page among `range` (lines no ruled grid took).
pub(super) fn framed_tables(
    lines: &[TextLine],
    range: &[usize],
    rules: &[Rule],
    fills: &[Fill],
    t: &Thresholds,
) -> Vec<Fragment> {
    let mut out = Vec::new();
    let tol = t.rule_tolerance;
    let verticals: Vec<&BBox> = rules
        .iter()
        .map(|r| &r.bbox)
        .filter(|b| b.height() > b.width())
        .collect();
    for frame in frames(rules, fills, t) {
        // Vertical rules make it a grid (the ruled tables' and, where no grid could be read,
        // the borderless reading's): a frame is drawn without them.
        let (top, bottom) = (frame.ys[0], frame.ys[frame.ys.len() - 1]);
        if verticals.iter().any(|v| {
            v.x0 >= frame.x0 - tol && v.x1 <= frame.x1 + tol && v.top < bottom && v.bottom > top
        }) {
            continue;
        }
        let bands = bands(&frame, lines, range, t);
        let mut k = 0;
        while k < bands.len() {
            if !bands[k].tabular {
                k += 1;
                continue;
            }
            let mut end = k;
            while end + 1 < bands.len() && bands[end + 1].tabular {
                end += 1;
            }
            if let Some(f) = fragment(&frame, &bands[k..=end], lines, range, t) {
                out.push(f);
            }
            k = end + 1;
        }
    }
    out.sort_by_key(|f| f.lines[0]);
    out
}

/// Rows right under a run of bands that ends open (no rule or stripe below them): lines
/// within a row's distance that split into cells or continue one.
fn open_rows(
    frame: &Frame,
    bottom: f32,
    after: usize,
    lines: &[TextLine],
    range: &[usize],
    t: &Thresholds,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut edge = bottom;
    let mut first_cell_right = frame.x0;
    for &i in range.iter().filter(|&&i| i > after) {
        let l = &lines[i];
        let b = &l.line.bbox;
        let size = l.size();
        let near = if out.is_empty() {
            b.top - edge <= t.frame_open_gap * size
        } else {
            b.top - edge <= t.max_row_pitch * size
        };
        let inside = b.x0 >= frame.x0 - t.rule_tolerance && b.x1 <= frame.x1 + t.rule_tolerance;
        let continues = b.x0 > first_cell_right + size;
        if !(near && inside && b.top >= bottom - t.rule_tolerance)
            || paragraph_line(l, frame, t)
            || !(split_line(l, t) || (continues && !out.is_empty()))
        {
            break;
        }
        if let Some(first) = segments(&l.line.words, size * t.row_gap).first() {
            if b.x0 <= frame.x0 + 2.0 * size {
                first_cell_right = first_cell_right.max(first[first.len() - 1].bbox.x1);
            }
        }
        edge = b.bottom;
        out.push(i);
    }
    out
}

/// The row right above a run of bands that opens without a rule (rows ruled only below
/// them): the lines up to the one that opens its first cell, its text ending within a cell's
/// padding of the first rule.
fn open_row_above(
    frame: &Frame,
    top: f32,
    before: usize,
    lines: &[TextLine],
    range: &[usize],
    t: &Thresholds,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut edge = top;
    for &i in range.iter().rev().filter(|&&i| i < before) {
        let l = &lines[i];
        let b = &l.line.bbox;
        let size = l.size();
        let limit = if out.is_empty() {
            t.frame_open_gap
        } else {
            t.max_row_pitch
        };
        let inside = b.x0 >= frame.x0 - t.rule_tolerance && b.x1 <= frame.x1 + t.rule_tolerance;
        let first_cell = b.x0 <= frame.x0 + 2.0 * size;
        if edge - b.bottom > limit * size
            || b.bottom > top + t.rule_tolerance
            || !inside
            || paragraph_line(l, frame, t)
            || is_caption(l.text.trim_start())
            || (first_cell && !split_line(l, t))
        {
            break;
        }
        out.insert(0, i);
        edge = b.top;
        if first_cell {
            return out;
        }
    }
    Vec::new()
}

/// The column boundaries: the cell edges drawn, else the middles of the whitespace running
/// through the body's lines.
fn boundaries(frame: &Frame, body: &[usize], lines: &[TextLine], t: &Thresholds) -> Vec<f32> {
    if !frame.edges.is_empty() {
        return frame.edges.clone();
    }
    channels(body, lines, t)
        .windows(2)
        .map(|w| (w[0].1 + w[1].0) / 2.0)
        .collect()
}

/// The spans the body's words cover, merged across gaps narrower than a column's.
fn channels(body: &[usize], lines: &[TextLine], t: &Thresholds) -> Vec<(f32, f32)> {
    let Some(&first) = body.first() else {
        return Vec::new();
    };
    let size = lines[first].size();
    let mut spans: Vec<(f32, f32)> = body
        .iter()
        .flat_map(|&i| lines[i].line.words.iter())
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
}

/// The table of a run of bands (and the open rows under it).
fn fragment(
    frame: &Frame,
    run: &[Band],
    lines: &[TextLine],
    range: &[usize],
    t: &Thresholds,
) -> Option<Fragment> {
    let last = run.last()?;
    let after = *run.iter().flat_map(|b| &b.lines).max()?;
    let first = *run.iter().flat_map(|b| &b.lines).min()?;
    let open = open_rows(frame, last.bottom, after, lines, range, t);
    let above = open_row_above(frame, run[0].top, first, lines, range, t);
    // The header is the first band when a rule or stripe sets it apart from the rest (or the
    // row above the first rule).
    let (head, rest) = if above.is_empty() && (run.len() >= 2 || !open.is_empty()) {
        (Some(&run[0]), &run[1..])
    } else {
        (None, run)
    };
    let striped = rest.iter().any(|b| b.filled);
    let body: Vec<usize> = rest
        .iter()
        .flat_map(|b| b.lines.iter().copied())
        .chain(open.iter().copied())
        .collect();
    let bounds = boundaries(frame, &body, lines, t);
    if bounds.is_empty() {
        return None;
    }
    let mut rows: Vec<Vec<Vec<&Word>>> = Vec::new();
    if let Some(h) = head {
        let spans = channels(&body, lines, t);
        let body_lines: Vec<&TextLine> = body.iter().map(|&i| &lines[i]).collect();
        let sides = column_sides(&spans, &body_lines, t);
        let mut cells = vec![Vec::new(); bounds.len() + 1];
        for &i in &h.lines {
            let split = if frame.edges.is_empty() && spans.len() == bounds.len() + 1 {
                header_by_column(&lines[i], &spans, &sides, t)
            } else {
                by_column(&lines[i], &bounds)
            };
            for (c, ws) in split.into_iter().enumerate() {
                cells[c].extend(ws);
            }
        }
        rows.push(cells);
    }
    let mut groups: Vec<(bool, Vec<usize>)> = vec![(true, above.clone())];
    groups.extend(rest.iter().map(|b| (b.filled || striped, b.lines.clone())));
    groups.push((false, open.clone()));
    for (one_row, group) in groups {
        let mut prev: Option<usize> = None;
        let mut min_pitch = f32::MAX;
        for w in group.windows(2) {
            min_pitch = min_pitch.min(lines[w[1]].line.bbox.top - lines[w[0]].line.bbox.top);
        }
        for &i in &group {
            let cells = by_column(&lines[i], &bounds);
            let continues = prev.is_some_and(|p| {
                let pitch = lines[i].line.bbox.top - lines[p].line.bbox.top;
                one_row || (pitch <= min_pitch * t.row_break_pitch && continues_row(&cells))
            });
            push_row(&mut rows, cells, continues);
            prev = Some(i);
        }
    }
    let mut cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|ws| cell_text(ws, t)).collect())
        .collect();
    let mut columns: Vec<f32> = std::iter::once(frame.x0).chain(bounds).collect();
    drop_empty(&mut cells, &mut columns);
    if cells.len() < 2 || columns.len() < 2 {
        return None;
    }
    let mut claimed: Vec<usize> = run
        .iter()
        .flat_map(|b| b.lines.iter().copied())
        .chain(open)
        .chain(above)
        .collect();
    claimed.sort_unstable();
    let bbox = claimed
        .iter()
        .map(|&i| lines[i].line.bbox)
        .reduce(|a, b| a.union(&b))?;
    Some(Fragment {
        page: lines[claimed[0]].page,
        lines: claimed,
        cells,
        columns,
        ruled: frame.rules,
        bbox,
    })
}
