//! The CSV view of a run's results: the schema of the output files ([`schema`]), one file's rows
//! rendered from its record ([`rows`]), the two dialects ([`dialect`]) and the assembly of a
//! run's files in input order ([`assembler`]). Every file is written to a temporary name and
//! renamed into place; rows follow the order of the inputs and, within a meeting, document order.

pub mod assembler;
pub mod dialect;
pub mod rows;
pub mod schema;

pub use assembler::{remove_csv, Assembler, Mark, OwnFileError};
pub use dialect::Dialect;
pub use rows::{file_rows, FileRows};
pub use schema::{column_kind, Format, Kind, OUTPUTS, STANDARD_SECTIONS};

use anyhow::{Context, Result};

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    String::from_utf8(bytes).context("CSV is not UTF-8")
}

#[cfg(test)]
pub(crate) mod tests;
