//! The XLSX view of a run: one workbook, `kl-extract.xlsx`, with the sheets meetings, items,
//! sections, votes, attachments, participants, tables (the index) and files, then one sheet per
//! table (`T1`, `T2`, … in the order of the index, whose `sheet` column links to each). It is
//! made from the files' rows as the run assembles them ([`Collector`], the same rows the CSV
//! files are written from), column by column typed as [`csv_view::column_kind`] says: counts and pages as numbers, dates as dates, start and end times as times, `closed` as
//! a boolean; a table's cells that read as one Danish
//! number (`35.525.378`, `6,5`, `2,0 %`) as numbers, shown with the decimals printed. Header rows
//! are frozen and filtered, columns sized to their content.
//!
//! A cell holds at most 32,767 characters in Excel: longer text is cut, and the meeting's
//! `warnings` cell in the meetings sheet says which. Past Excel's 1,048,576 rows a sheet stops,
//! with a warning on the run's stderr; the CSV files hold everything.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Url, Workbook, Worksheet};

use crate::structure::numbers::{Number, Unit};
use crate::views::csv::{self as csv_view, Kind};

/// The workbook's file name in the output folder.
pub const FILE_NAME: &str = "kl-extract.xlsx";
/// Most characters Excel keeps in a cell.
pub const CELL_LIMIT: usize = 32_767;
/// Most rows of an Excel sheet.
const ROW_LIMIT: usize = 1_048_576;
/// Widest a column is made, in characters.
const MAX_COLUMN_WIDTH: usize = 60;

/// The sheets made from the run's CSV files, in the workbook's order.
const SHEETS: [(&str, &str); 8] = [
    ("meetings", "meetings.csv"),
    ("items", "items.csv"),
    ("sections", "sections.csv"),
    ("votes", "votes.csv"),
    ("attachments", "attachments.csv"),
    ("participants", "participants.csv"),
    ("tables", "tables.csv"),
    ("files", "files.csv"),
];

/// The workbook's rows, gathered from each file's rows as the run adds them in input order,
/// with marks to go back to for the files read again.
#[derive(Debug)]
pub struct Collector {
    /// The body rows of each of [`SHEETS`].
    sheets: Vec<Vec<Vec<String>>>,
    /// Every table's cells (header row first), in the order of the tables index, with the
    /// number each cell reads as.
    tables: Vec<(Rows, Vec<Vec<Option<Number>>>)>,
}

/// Rows of cells, header row first.
type Rows = Vec<Vec<String>>;

/// How far a [`Collector`] had got: [`Collector::rewind`] goes back to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectorMark(Vec<usize>, usize);

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            sheets: vec![Vec::new(); SHEETS.len()],
            tables: Vec::new(),
        }
    }
}

impl Collector {
    /// Adds one file's rows (taken: the CSV files are written from them first).
    pub fn add(&mut self, rows: csv_view::FileRows) -> Result<()> {
        let mut cells = rows.cells;
        for (k, &(_, file)) in SHEETS.iter().enumerate() {
            let sheet = cells
                .get_mut(output_index(file)?)
                .context("a file's rows without one of the outputs")?;
            self.sheets[k].append(sheet);
        }
        self.tables.extend(
            rows.tables
                .into_iter()
                .map(|(_, cells)| cells)
                .zip(rows.table_numbers),
        );
        Ok(())
    }

    /// Where the rows stand now.
    pub fn mark(&self) -> CollectorMark {
        CollectorMark(
            self.sheets.iter().map(Vec::len).collect(),
            self.tables.len(),
        )
    }

    /// Back to `mark`: the rows added since are dropped.
    pub fn rewind(&mut self, mark: &CollectorMark) {
        for (s, &n) in self.sheets.iter_mut().zip(&mark.0) {
            s.truncate(n);
        }
        self.tables.truncate(mark.1);
    }
}

/// The position of the CSV file `file` among [`csv_view::OUTPUTS`].
fn output_index(file: &str) -> Result<usize> {
    csv_view::OUTPUTS
        .iter()
        .position(|(n, _)| *n == file)
        .with_context(|| format!("no output {file}"))
}

/// Writes `out/kl-extract.xlsx` from the rows `c` gathered, through a temporary file in `tmp`
/// (a folder on the same file system). Returns the warnings for the run's stderr (sheets cut at
/// Excel's row limit).
pub fn write(c: Collector, out: &Path, tmp: &Path) -> Result<Vec<String>> {
    let Collector {
        sheets: bodies,
        tables,
    } = c;
    let mut by_file: BTreeMap<&str, Vec<Vec<String>>> = BTreeMap::new();
    for (&(_, file), body) in SHEETS.iter().zip(bodies) {
        let header = csv_view::OUTPUTS[output_index(file)?]
            .1
            .iter()
            .map(|h| h.to_string());
        let mut rows = vec![header.collect::<Vec<String>>()];
        rows.extend(body);
        by_file.insert(file, rows);
    }
    let mut read_csv = |file: &Path| -> Result<Vec<Vec<String>>> {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        by_file
            .remove(name)
            .with_context(|| format!("no rows for {name}"))
    };
    let mut run_warnings = Vec::new();
    let mut cut: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let formats = Formats::new();
    let mut sheets: Vec<Worksheet> = Vec::new();
    // Every sheet but meetings first: the cells they cut go into the meetings' warnings.
    for &(name, file) in &SHEETS[1..] {
        let rows = read_csv(&out.join(file))?;
        let mut ws = sheet(name)?;
        let kinds: Vec<Kind> = rows
            .first()
            .map(|h| h.iter().map(|c| csv_view::column_kind(file, c)).collect())
            .unwrap_or_default();
        fill(
            &mut ws,
            &rows,
            &kinds,
            &formats,
            name,
            &mut cut,
            &mut run_warnings,
        )?;
        if name == "tables" {
            link_table_sheets(&mut ws, &rows, &formats)?;
        }
        sheets.push(ws);
    }
    let mut meetings = read_csv(&out.join("meetings.csv"))?;
    if let Some(w) = meetings
        .first()
        .and_then(|h| h.iter().position(|c| c == "warnings"))
    {
        for row in meetings.iter_mut().skip(1) {
            if let Some(cuts) = cut.get(&row[0]) {
                let note = cuts.join("; ");
                row[w] = if row[w].is_empty() {
                    note
                } else {
                    format!("{}; {note}", row[w])
                };
            }
        }
    }
    let kinds: Vec<Kind> = meetings
        .first()
        .map(|h| {
            h.iter()
                .map(|c| csv_view::column_kind("meetings.csv", c))
                .collect()
        })
        .unwrap_or_default();
    let mut ws = sheet("meetings")?;
    let mut ignored = BTreeMap::new();
    fill(
        &mut ws,
        &meetings,
        &kinds,
        &formats,
        "meetings",
        &mut ignored,
        &mut run_warnings,
    )?;
    sheets.insert(0, ws);

    // One sheet per table, in the index's order.
    for (k, (cells, numbers)) in tables.iter().enumerate() {
        let mut ws = sheet(&format!("T{}", k + 1))?;
        fill_table(&mut ws, cells, numbers, &formats)?;
        sheets.push(ws);
    }

    let mut wb = Workbook::new();
    // A fixed creation time: the same run gives the same bytes.
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1).context("fixed creation date")?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    for ws in sheets {
        wb.push_worksheet(ws);
    }
    let bytes = wb
        .save_to_buffer()
        .context("cannot make the XLSX workbook")?;
    crate::files::write_atomic_via(tmp, &out.join(FILE_NAME), &bytes, true)?;
    Ok(run_warnings)
}

/// The cell formats used.
struct Formats {
    header: Format,
    date: Format,
    time: Format,
    link: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("hh:mm"),
            link: Format::new()
                .set_font_color("#0563C1")
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

fn sheet(name: &str) -> Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name(name)
        .with_context(|| format!("sheet name {name}"))?;
    Ok(ws)
}

/// Writes a run table (header first) typed by `kinds`, noting cut cells per meeting (the first
/// column is the meeting id, except in the files sheet).
fn fill(
    ws: &mut Worksheet,
    rows: &[Vec<String>],
    kinds: &[Kind],
    f: &Formats,
    name: &str,
    cut: &mut BTreeMap<String, Vec<String>>,
    run_warnings: &mut Vec<String>,
) -> Result<()> {
    let mut widths = vec![0usize; rows.first().map_or(0, Vec::len)];
    for (r, row) in rows.iter().enumerate() {
        if r >= ROW_LIMIT {
            run_warnings.push(format!(
                "the {name} sheet of {FILE_NAME} stops at Excel's {ROW_LIMIT} rows ({} rows \
                 in all): the CSV file has every row",
                rows.len()
            ));
            break;
        }
        for (c, value) in row.iter().enumerate() {
            let (rr, cc) = (r as u32, c as u16);
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(value.lines().map(|l| l.chars().count()).max().unwrap_or(0));
            }
            if r == 0 {
                ws.write_string_with_format(rr, cc, value, &f.header)?;
                continue;
            }
            if value.is_empty() {
                continue;
            }
            match kinds.get(c).copied().unwrap_or(Kind::Text) {
                // A decimal comma in the Excel dialect.
                Kind::Integer | Kind::Decimal => match value.replace(',', ".").parse::<f64>() {
                    Ok(n) => ws.write_number(rr, cc, n)?,
                    Err(_) => ws.write_string(rr, cc, value)?,
                },
                Kind::Date | Kind::Time => match ExcelDateTime::parse_from_str(value) {
                    Ok(d) => {
                        let fmt = if kinds[c] == Kind::Date {
                            &f.date
                        } else {
                            &f.time
                        };
                        ws.write_datetime_with_format(rr, cc, &d, fmt)?
                    }
                    Err(_) => ws.write_string(rr, cc, value)?,
                },
                Kind::Boolean => match value.as_str() {
                    "true" => ws.write_boolean(rr, cc, true)?,
                    "false" => ws.write_boolean(rr, cc, false)?,
                    _ => ws.write_string(rr, cc, value)?,
                },
                Kind::Text => {
                    if value.chars().count() > CELL_LIMIT {
                        let kept: String = value.chars().take(CELL_LIMIT).collect();
                        if name != "files" {
                            let column = &rows[0][c];
                            let item = rows[0].iter().position(|h| h == "item_no");
                            let what = match item.and_then(|i| row.get(i)) {
                                Some(no) => format!("item {no}"),
                                None => format!("row {r}"),
                            };
                            cut.entry(row[0].clone()).or_default().push(format!(
                                "{FILE_NAME}: {column} of {what} in the {name} sheet cut to \
                                 {CELL_LIMIT} characters (Excel's limit; the CSV has it whole)"
                            ));
                        }
                        ws.write_string(rr, cc, &kept)?
                    } else {
                        ws.write_string(rr, cc, value)?
                    }
                }
            };
        }
    }
    finish_sheet(ws, rows, &widths)
}

/// The index's `sheet` column: a link to each table's own sheet.
fn link_table_sheets(ws: &mut Worksheet, rows: &[Vec<String>], f: &Formats) -> Result<()> {
    let col = rows.first().map_or(0, Vec::len) as u16;
    ws.write_string_with_format(0, col, "sheet", &f.header)?;
    for k in 1..rows.len().min(ROW_LIMIT) {
        let name = format!("T{k}");
        ws.write_url_with_format(
            k as u32,
            col,
            Url::new(format!("internal:'{name}'!A1")).set_text(&name),
            &f.link,
        )?;
    }
    Ok(())
}

/// Writes one table's cells: the header row as text, the others as numbers where a cell reads
/// as one Danish number.
fn fill_table(
    ws: &mut Worksheet,
    rows: &[Vec<String>],
    numbers: &[Vec<Option<Number>>],
    f: &Formats,
) -> Result<()> {
    let mut widths = vec![0usize; rows.iter().map(Vec::len).max().unwrap_or(0)];
    // One number format per pattern, not one per cell.
    let mut number_formats: BTreeMap<String, Format> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate().take(ROW_LIMIT) {
        for (c, text) in row.iter().enumerate() {
            let (rr, cc) = (r as u32, c as u16);
            widths[c] = widths[c].max(text.chars().count());
            if r == 0 {
                ws.write_string_with_format(rr, cc, text, &f.header)?;
                continue;
            }
            if text.is_empty() {
                continue;
            }
            match numbers
                .get(r)
                .and_then(|row| row.get(c))
                .and_then(Option::as_ref)
            {
                Some(n) => {
                    let decimals = decimals(text);
                    let zeros = if decimals > 0 {
                        format!(".{}", "0".repeat(decimals))
                    } else {
                        String::new()
                    };
                    let (value, pattern) = if n.unit == Unit::Percent {
                        (n.value / 100.0, format!("#,##0{zeros}%"))
                    } else {
                        (n.value, format!("#,##0{zeros}"))
                    };
                    let format = number_formats
                        .entry(pattern)
                        .or_insert_with_key(|p| Format::new().set_num_format(p));
                    ws.write_number_with_format(rr, cc, value, format)?;
                }
                None => {
                    let kept: String = text.chars().take(CELL_LIMIT).collect();
                    ws.write_string(rr, cc, &kept)?;
                }
            };
        }
    }
    finish_sheet(ws, rows, &widths)
}

/// Decimals printed in a Danish number (`6,5` → 1, `35.525.378` → 0).
fn decimals(text: &str) -> usize {
    text.rsplit_once(',').map_or(0, |(_, tail)| {
        tail.chars().take_while(char::is_ascii_digit).count()
    })
}

/// Freezes and filters the header row and sizes the columns.
fn finish_sheet(ws: &mut Worksheet, rows: &[Vec<String>], widths: &[usize]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    ws.set_freeze_panes(1, 0)?;
    let last_row = (rows.len().min(ROW_LIMIT) - 1) as u32;
    let last_col = widths.len().saturating_sub(1) as u16;
    if !widths.is_empty() {
        ws.autofilter(0, 0, last_row, last_col)?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, MAX_COLUMN_WIDTH) as f64 + 2.0)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's rows, with `tag` in every cell of one row per output and one table.
    fn rows(tag: &str) -> csv_view::FileRows {
        csv_view::FileRows {
            cells: csv_view::OUTPUTS
                .iter()
                .map(|_| vec![vec![tag.to_string()]])
                .collect(),
            tables: vec![(format!("{tag}-t1"), vec![vec![format!("{tag} table")]])],
            table_numbers: vec![vec![vec![None]]],
            ..Default::default()
        }
    }

    #[test]
    fn the_collector_goes_back_to_a_mark() {
        let mut c = Collector::default();
        c.add(rows("a")).unwrap();
        let mark = c.mark();
        c.add(rows("b")).unwrap();
        assert_eq!(c.sheets[0].len(), 2);
        c.rewind(&mark);
        c.add(rows("c")).unwrap();
        for sheet in &c.sheets {
            assert_eq!(sheet, &[vec!["a".to_string()], vec!["c".to_string()]]);
        }
        assert_eq!(c.tables.len(), 2);
        assert_eq!(c.tables[1].0[0][0], "c table");
    }

    #[test]
    fn printed_decimals() {
        assert_eq!(decimals("6,5"), 1);
        assert_eq!(decimals("2,00 %"), 2);
        assert_eq!(decimals("35.525.378"), 0);
    }
}
