//! Captions: a `Tabel N` line just above a table, or failing that just below it (when it is
//! not the caption of the next table), attached to the table and claimed with its lines.

use super::{Table, Thresholds};
use crate::language::headings::is_caption;
use crate::structure::lines::TextLine;

/// Attaches captions: a `Tabel N` line just above a table, or failing that just below it
/// (when it is not the caption of the next table).
pub(super) fn captions(lines: &[TextLine], tables: &mut [Table], t: &Thresholds) {
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
