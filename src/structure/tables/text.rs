//! Tables in text files: runs of consecutive lines split by tabs (wide gaps), or markdown pipe
//! rows (`| a | b |`, the `|---|` rule under the header dropped), with a one-cell line right
//! above as the header.

use super::cells::segments;
use super::{Fragment, Thresholds};
use crate::language::headings::is_caption;
use crate::structure::lines::TextLine;

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
pub(super) fn file_tables(lines: &[TextLine], range: &[usize], t: &Thresholds) -> Vec<Fragment> {
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
