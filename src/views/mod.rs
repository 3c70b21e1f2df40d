//! Views of the per-file results: the CSV files, the JSON documents, the XLSX workbook and the
//! terminal outline of `inspect`. Each reads results; none re-reads another view's output.

pub mod csv;
pub mod json;
pub mod outline;
pub mod xlsx;

use crate::run::outdir::{JSON_DIR, TABLES_DIR};

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
