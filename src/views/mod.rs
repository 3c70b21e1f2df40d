//! Views of the per-file results: the CSV files, the JSON documents, the XLSX workbook and the
//! terminal outline of `inspect`. Each reads results; none re-reads another view's output.

pub mod csv;
pub mod json;
pub mod outline;
pub mod xlsx;
