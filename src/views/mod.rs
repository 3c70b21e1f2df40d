//! Views of the per-file records: the CSV files, the JSON documents, the XLSX workbook, the
//! SQLite database and the terminal outline of `inspect`, and what a run in some formats writes
//! into its output folder ([`plan`]).

pub mod csv;
pub mod json;
pub mod outline;
pub mod sqlite;
pub mod xlsx;

use std::collections::HashSet;

use self::csv::Format;
use crate::outdir::{Plan, JSON_DIR, TABLES_DIR};

/// What a run in `formats` (CSV when empty) writes for the inputs `meeting_ids`: the CSV files
/// always (they are made on the way and removed after when not asked for), the workbook when
/// asked, table files with CSV, JSON documents with JSON.
pub fn plan(meeting_ids: HashSet<String>, formats: &[Format]) -> Plan {
    let has = |f: Format| {
        if formats.is_empty() {
            f == Format::Csv
        } else {
            formats.contains(&f)
        }
    };
    let csv_files = csv::OUTPUTS.iter().map(|(n, _)| n.to_string());
    let mut files: Vec<String> = csv_files.clone().collect();
    if has(Format::Xlsx) {
        files.push(xlsx::FILE_NAME.to_string());
    }
    if has(Format::Sqlite) {
        files.push(sqlite::FILE_NAME.to_string());
        files.push(sqlite::METADATA_FILE.to_string());
    }
    let others = [xlsx::FILE_NAME, sqlite::FILE_NAME, sqlite::METADATA_FILE];
    Plan {
        meeting_ids,
        files,
        known_files: csv_files.chain(others.map(str::to_string)).collect(),
        tables: has(Format::Csv),
        json: has(Format::Json),
    }
}

/// Identifier of a meeting's `k`-th table (0-based, document order): `<meeting_id>-t<k+1>`.
pub fn table_id(meeting_id: &str, k: usize) -> String {
    format!("{meeting_id}-t{}", k + 1)
}

/// The path of a table's file in the output folder: `tables/<table_id>.csv`.
pub fn table_file(table_id: &str) -> String {
    format!("{TABLES_DIR}/{table_id}.csv")
}

/// The path of a meeting's JSON document in the output folder: `json/<meeting_id>.json`.
pub fn json_file(meeting_id: &str) -> String {
    format!("{JSON_DIR}/{meeting_id}.json")
}
