//! Tables: ruled grids (cell borders drawn as lines, as LibreOffice draws them), framed tables
//! (horizontal rules and shading only, as Word's table styles draw them), borderless
//! tables aligned by whitespace (Typst), and tab-separated or markdown rows in text files. Each
//! table gets its caption (`Tabel 1. …` above or below), one header row, its body rows with
//! wrapped cell text joined, and its pages; a table continued on the next page is one table with
//! the repeated header dropped. The lines a table claims are marked so they are not section text.
//!
//! This module owns the [`Table`] and the entry point [`find`]; each step has its own file,
//! small functions over the previous one's output:
//! - `ruled`: rules → grids → cells, for ruled tables;
//! - `framed`: horizontal rules and fills → frames → bands → rows, for tables drawn by Word's
//!   and LibreOffice's table styles (rules above and below the header, shaded rows, no grid);
//! - `borderless`: lines → segments → blocks → column channels → rows, for borderless ones;
//! - `text`: tab-separated and markdown pipe rows in text files;
//! - `cells`: a cell's text from its words, empty rows and columns dropped;
//! - `pages`: tables across pages — a table continued on the next page joined, its repeated
//!   header and a row broken by the page mended;
//! - `captions`: the `Tabel N` caption above or below.
//!
//! The thresholds are [`Thresholds`], the `tables` part of [`crate::structure::Thresholds`].

mod borderless;
mod captions;
mod cells;
mod framed;
mod pages;
mod ruled;
mod text;

use super::lines::{Stats, TextLine};
use super::thresholds::Thresholds as StageThresholds;
use crate::model::{BBox, Document};
use borderless::borderless_tables;
use captions::captions;
use framed::framed_tables;
use pages::merge_pages;
use ruled::ruled_tables;
use text::file_tables;

pub use super::thresholds::TableThresholds as Thresholds;

/// One table of the document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Every cell typed once, header row first: the Danish number it reads as
    /// ([`super::numbers::parse`]), for the views to write as such.
    pub numbers: Vec<Vec<Option<super::numbers::Number>>>,
}

impl Table {
    /// The number cell (`row`, `col`) reads as (row 0 is the header), as typed in [`find`].
    pub fn number(&self, row: usize, col: usize) -> Option<&super::numbers::Number> {
        self.numbers
            .get(row)
            .and_then(|r| r.get(col))
            .and_then(Option::as_ref)
    }

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
pub fn find(
    lines: &mut [TextLine],
    doc: &Document,
    from: usize,
    stats: &Stats,
    th: &StageThresholds,
) -> Vec<Table> {
    let t = &th.tables;
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
            let page = doc.pages.iter().find(|p| p.number == page);
            let rules = page.map_or(&[][..], |p| &p.rules[..]);
            let fills = page.map_or(&[][..], |p| &p.fills[..]);
            let ruled = ruled_tables(lines, &range, rules, t);
            let taken: Vec<usize> = ruled.iter().flat_map(|f| f.lines.clone()).collect();
            let rest: Vec<usize> = range.into_iter().filter(|i| !taken.contains(i)).collect();
            fragments.extend(ruled);
            let framed = framed_tables(lines, &rest, rules, fills, t);
            let taken: Vec<usize> = framed.iter().flat_map(|f| f.lines.clone()).collect();
            let rest: Vec<usize> = rest.into_iter().filter(|i| !taken.contains(i)).collect();
            fragments.extend(framed);
            fragments.extend(borderless_tables(lines, &rest, stats, th));
        }
        start = end;
    }
    fragments.sort_by_key(|f| f.lines[0]);
    let mut tables = merge_pages(lines, fragments, t);
    captions(lines, &mut tables, t);
    for table in &mut tables {
        table.numbers = std::iter::once(&table.header)
            .chain(&table.rows)
            .map(|row| row.iter().map(|c| super::numbers::parse(c)).collect())
            .collect();
    }
    for (k, table) in tables.iter().enumerate() {
        for &i in &table.lines {
            lines[i].table = Some(k);
        }
    }
    tables
}
