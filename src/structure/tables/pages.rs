//! Tables across pages: a fragment that opens a page joined to the table that closes the page
//! before when their columns line up, its repeated header row dropped and a row broken by the
//! page (its rest opening the next page with an empty first cell) mended; each fragment
//! otherwise becomes a [`Table`] of its own.

use super::{Fragment, Table, Thresholds};
use crate::language::headings::is_caption;
use crate::structure::lines::TextLine;

/// Whether a row repeats a header: the same letters and figures, spaces and order aside, and
/// at most one in twenty differing (OCR reads `Antal under` as `Antalunder` on one page and not
/// the other, or puts a header's second line in the cell beside), and not only empty cells.
fn same_row(a: &[String], b: &[String]) -> bool {
    let mut count: std::collections::HashMap<char, i64> = std::collections::HashMap::new();
    let mut len = 0;
    for (row, sign) in [(a, 1), (b, -1)] {
        for c in row
            .iter()
            .flat_map(|c| c.chars())
            .filter(|c| !c.is_whitespace())
        {
            *count.entry(c).or_default() += sign;
            len += 1;
        }
    }
    let differ: i64 = count.values().map(|v| v.abs()).sum();
    a.len() == b.len() && len > 0 && differ * 40 <= len
}

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
            let same_count = f.columns.len() == last.columns.len();
            let same_columns = same_count
                && f.columns
                    .iter()
                    .zip(&last.columns)
                    .all(|(a, b)| (a - b).abs() <= t.continuation_tolerance);
            // A header repeated on the next page says so whatever the columns' whitespace
            // (a fragment of a few rows has its gaps elsewhere than the table's).
            let repeats_header = same_count
                && tables.last().is_some_and(|(table, _)| {
                    f.cells.first().is_some_and(|r| same_row(r, &table.header))
                });
            next_page && adjacent && (same_columns || repeats_header) && !lines[first].from_file
        });
        if continues {
            let (table, last) = tables.last_mut().unwrap();
            let mut rows = f.cells.clone();
            if rows.first().is_some_and(|r| same_row(r, &table.header)) {
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

#[cfg(test)]
mod tests {
    use super::same_row;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_header_repeated_with_ocr_spacing_is_the_header() {
        let header = row(&[
            "",
            "Antal over 30 timer",
            "Antal under 30 timer",
            "Antal borgere",
        ]);
        assert!(same_row(
            &row(&[
                "",
                "Antal over 30 timer",
                "Antalunder 30 timer",
                "Antalborgere"
            ]),
            &header
        ));
        // A header's second line put in the next cell by OCR.
        assert!(same_row(
            &row(&[
                "",
                "Antal over 30 timer 30 timer",
                "Antalunder",
                "Antal borgere"
            ]),
            &header
        ));
        // A data row, or another table's header, is not.
        assert!(!same_row(&row(&["Morsø", "3", "2", "20.394"]), &header));
        assert!(!same_row(
            &row(&["", "Antal over 40 år", "Antal under 40 år", "Antal i alt"]),
            &header
        ));
        assert!(!same_row(&row(&["", "", "", ""]), &row(&["", "", "", ""])));
    }
}
