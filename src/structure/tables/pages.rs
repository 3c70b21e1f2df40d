//! Tables across pages: a fragment that opens a page joined to the table that closes the page
//! before when their columns line up, its repeated header row dropped and a row broken by the
//! page (its rest opening the next page with an empty first cell) mended; each fragment
//! otherwise becomes a [`Table`] of its own.

use super::{Fragment, Table, Thresholds};
use crate::language::headings::is_caption;
use crate::structure::lines::TextLine;

/// Joins a fragment that opens a page to the table that closes the page before, when their
/// columns line up; a repeated header row is dropped.
pub(super) fn merge_pages(
    lines: &[TextLine],
    fragments: Vec<Fragment>,
    t: &Thresholds,
) -> Vec<Table> {
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
                    numbers: Vec::new(),
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
