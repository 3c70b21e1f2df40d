//! Borderless tables: blocks of consecutive lines in one font size with at least two rows split
//! by wide gaps, their columns at the whitespace running through every row, their header (the
//! leading bold lines, or the body-type lines that run across the columns); a header block set
//! apart from its body joined to it; a long table printed in two halves side by side read as
//! one.

use super::cells::{
    cell_text, column_sides, continues_row, drop_empty, header_by_column, push_row, segments,
};
use super::{Fragment, Thresholds};
use crate::language::headings::is_caption;
use crate::model::Word;
use crate::structure::lines::{Stats, TextLine};
use crate::structure::sections;
use crate::structure::thresholds::Thresholds as StageThresholds;

fn is_anchor(l: &TextLine, t: &Thresholds) -> bool {
    let first = l.text.trim_start();
    !is_caption(first)
        && !first.starts_with(['•', '·', '▪', '\u{f0b7}'])
        && segments(&l.line.words, l.size() * t.row_gap).len() >= 2
}

/// Borderless tables of one page: blocks of consecutive lines in one font size with at least
/// two rows split by wide gaps, their columns at the whitespace running through every row.
pub(super) fn borderless_tables(
    lines: &[TextLine],
    range: &[usize],
    stats: &Stats,
    th: &StageThresholds,
) -> Vec<Fragment> {
    let t = &th.tables;
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
                || (sections::is_heading(l, stats, th) && !is_anchor(l, t))
            {
                break;
            }
            if is_anchor(l, t) {
                anchors += 1;
            } else {
                // A continuation line sits inside the block and does not run across it; one
                // that starts in a later column may reach further right than the rows so far
                // (a cell's text wrapped wider than the first rows' cells).
                let b = &l.line.bbox;
                let inside = b.x0 >= x0 - size && (b.x1 <= x1 + size || b.x0 > x0 + size);
                let narrow = b.width() < t.continuation_width * (x1 - x0)
                    || (b.x0 > x0 + size && b.width() < t.indented_continuation_width * (x1 - x0));
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
        // One row under a bold header at the foot of the page is a table broken by the page
        // (its other rows open the next page under the repeated header).
        let foot_of_page = anchors == 1 && head < k && j == range.len();
        if anchors >= 2 || foot_of_page {
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
            let within = above.bbox.x0 >= f.bbox.x0 - t.header_block_margin * size
                && above.bbox.x1 <= f.bbox.x1 + t.header_block_margin * size;
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
    // The header's runs go over the columns their text overlaps (a header set left over
    // numbers set right).
    let body_lines: Vec<&TextLine> = body.iter().map(|&i| &lines[i]).collect();
    let sides = column_sides(&covered, &body_lines, t);
    let mut header: Vec<Vec<&Word>> = vec![Vec::new(); columns.len()];
    for &i in &block[..header_len] {
        for (c, ws) in header_by_column(&lines[i], &covered, &sides, t)
            .into_iter()
            .enumerate()
        {
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
            Some(_) => continues_row(&cells),
        };
        push_row(&mut rows, cells, continues);
    }
    let rows = if header_len == 0 {
        rows
    } else {
        std::iter::once(header).chain(rows).collect()
    };
    let mut cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|ws| cell_text(ws, t)).collect())
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
