//! The SQLite view: `kl-extract.sqlite`, one table per CSV output holding the same rows with
//! typed columns (integers and decimals as numbers, dates and times as ISO text, `closed` as
//! 0/1, an empty cell as NULL), primary keys, foreign keys from every child table to its meeting
//! (and from sections, votes, attachments and tables to their item), indexes on the join
//! columns, two views, and FTS5 full-text search over the items and sections wired the way
//! Datasette finds it; with `kl-extract.metadata.json`, Datasette's titles and column
//! descriptions.
//!
//! The database is written from the stored records one file at a time (nothing but the open
//! file's item numbers is kept), into a temporary file renamed into place when complete. The
//! same records in the same order give the same bytes: SQLite's file depends only on the
//! statements run, and the bundled SQLite is the same everywhere.
//!
//! - [`schema`]: the tables, keys, indexes, views and full-text indexes, and the metadata.

pub mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{params_from_iter, types::Value, Connection};

use crate::views::csv::schema::Out;
use crate::views::csv::{column_kind, FileRows, Kind, OUTPUTS};

/// The database's file name in the output folder.
pub const FILE_NAME: &str = "kl-extract.sqlite";

/// Datasette's metadata for it (`datasette kl-extract.sqlite -m kl-extract.metadata.json`).
pub const METADATA_FILE: &str = "kl-extract.metadata.json";

/// A database being written.
pub struct Database {
    conn: Connection,
    path: PathBuf,
    next_item: i64,
}

/// A cell as the value its column holds: NULL when empty, a number in a number column when it
/// reads as one (else the text as printed), 0/1 for a boolean.
fn value(kind: Kind, cell: &str) -> Value {
    if cell.is_empty() {
        return Value::Null;
    }
    match kind {
        Kind::Integer => cell
            .parse::<i64>()
            .map_or_else(|_| Value::Text(cell.to_string()), Value::Integer),
        Kind::Decimal => match cell.parse::<i64>() {
            Ok(n) => Value::Integer(n),
            Err(_) => cell
                .parse::<f64>()
                .map_or_else(|_| Value::Text(cell.to_string()), Value::Real),
        },
        Kind::Boolean => match cell {
            "true" => Value::Integer(1),
            "false" => Value::Integer(0),
            _ => Value::Text(cell.to_string()),
        },
        Kind::Text | Kind::Date | Kind::Time => Value::Text(cell.to_string()),
    }
}

impl Database {
    /// Starts a database in `tmp` (the run's temporary folder).
    pub fn create(tmp: &Path) -> Result<Database> {
        let path = tmp.join(FILE_NAME);
        let _ = std::fs::remove_file(&path);
        let conn =
            Connection::open(&path).with_context(|| format!("cannot create {}", path.display()))?;
        conn.execute_batch(
            "PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
             PRAGMA foreign_keys = OFF;",
        )?;
        conn.execute_batch(&schema::tables_sql())?;
        conn.execute_batch("BEGIN")?;
        Ok(Database {
            conn,
            path,
            next_item: 1,
        })
    }

    /// Adds one file's rows (as the CSV files have them).
    pub fn add(&mut self, rows: &FileRows) -> Result<()> {
        // This file's items by number, in order, for the rows that name their item.
        let mut items: Vec<(String, String, i64)> = Vec::new();
        let mut cursor: HashMap<usize, usize> = HashMap::new();
        // Parents before children: the tables before their cells.
        let mut order: Vec<usize> = (0..OUTPUTS.len()).collect();
        order.sort_by_key(|&o| o == Out::TableCells as usize);
        for o in order {
            let (file, columns) = OUTPUTS[o];
            let table = schema::table_name(file);
            let item_col = columns.iter().position(|c| *c == "item_no");
            let meeting_col = columns.iter().position(|c| *c == "meeting_id");
            let linked = schema::links_item(table);
            let mut names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
            if o == Out::Items as usize {
                names.insert(0, "item_id".to_string());
            } else if linked {
                names.push("item_id".to_string());
            }
            let sql = format!(
                "INSERT INTO \"{table}\" ({}) VALUES ({})",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                vec!["?"; names.len()].join(", ")
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            for row in &rows.cells[o] {
                let mut values: Vec<Value> = row
                    .iter()
                    .zip(columns.iter())
                    .map(|(cell, col)| value(column_kind(file, col), cell))
                    .collect();
                if o == Out::Items as usize {
                    let id = self.next_item;
                    self.next_item += 1;
                    let meeting = meeting_col.map_or("", |c| row[c].as_str());
                    let number = item_col.map_or("", |c| row[c].as_str());
                    items.push((meeting.to_string(), number.to_string(), id));
                    values.insert(0, Value::Integer(id));
                } else if linked {
                    let number = item_col.map_or("", |c| row[c].as_str());
                    let meeting = meeting_col.map_or("", |c| row[c].as_str());
                    // The item of that number at or after the last one this table named
                    // (item numbers may repeat in a document), else the first of that number.
                    let from = cursor.get(&o).copied().unwrap_or(0);
                    let hit = |k: &usize| items[*k].0 == meeting && items[*k].1 == number;
                    let found = (from..items.len())
                        .find(hit)
                        .or_else(|| (0..from).find(hit));
                    if let Some(k) = found {
                        cursor.insert(o, k);
                    }
                    values.push(found.map_or(Value::Null, |k| Value::Integer(items[k].2)));
                }
                stmt.execute(params_from_iter(values))
                    .with_context(|| format!("cannot add a row to table {table}"))?;
            }
        }
        Ok(())
    }

    /// Adds the indexes, views and full-text indexes, and puts the database and its metadata
    /// in place in `out` (each written whole, then renamed).
    pub fn finish(self, out: &Path, tmp: &Path) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.conn.execute_batch(&schema::indexes_sql())?;
        self.conn.execute_batch(&schema::search_sql())?;
        self.conn.execute_batch(&schema::views_sql())?;
        self.conn
            .close()
            .map_err(|(_, e)| e)
            .context("cannot close the database")?;
        std::fs::rename(&self.path, out.join(FILE_NAME))
            .with_context(|| format!("cannot put {FILE_NAME} in place"))?;
        let metadata = serde_json::to_vec_pretty(&schema::metadata())?;
        crate::files::write_atomic_via(tmp, &out.join(METADATA_FILE), &metadata, true)?;
        Ok(())
    }
}
