//! Tables: ruled grids (cell borders drawn as lines, as LibreOffice draws them), borderless
//! tables aligned by whitespace (Typst), and tab-separated or markdown rows in text files. Each
//! table gets its caption (`Tabel 1. …` above or below), one header row, its body rows with
//! wrapped cell text joined, and its pages; a table continued on the next page is one table with
//! the repeated header dropped. The lines a table claims are marked so they are not section text.
//!
//! This module owns the [`Table`] and the entry point [`find`]; each step has its own file,
//! small functions over the previous one's output:
//! - [`ruled`]: rules → grids → cells, for ruled tables;
//! - [`borderless`]: lines → segments → blocks → column channels → rows, for borderless ones;
//! - [`text`]: tab-separated and markdown pipe rows in text files;
//! - [`cells`]: a cell's text from its words, empty rows and columns dropped;
//! - [`pages`]: tables across pages — a table continued on the next page joined, its repeated
//!   header and a row broken by the page mended;
//! - [`captions`]: the `Tabel N` caption above or below.
//!
//! The thresholds are in [`THRESHOLDS`].

mod borderless;
mod captions;
mod cells;
mod pages;
mod ruled;
mod text;

use super::lines::{Stats, TextLine};
use crate::model::{BBox, Document};
use borderless::borderless_tables;
use captions::captions;
use pages::merge_pages;
use ruled::ruled_tables;
use text::file_tables;

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
