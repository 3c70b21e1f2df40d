//! kl-extract: Danish council meeting documents (dagsorden, referat) to structured data.
//!
//! Data runs one way, through stages that know nothing of what comes after them:
//!
//! ```text
//!  PDF / .txt / .md ──► input ──► model::Document ──► repair ──► structure ──► pipeline::FileResult
//!   (text layer, OCR)            (pages, lines,     (headers,    (meeting, items,     (the record
//!                                 words, fonts)      hyphens)     sections, tables)    of one file)
//!
//!  run:   discover inputs → worker processes (one file each, limits) → store of records
//!  views: records → CSV files · JSON documents · XLSX workbook · inspect outline
//! ```
//!
//! [`input`], [`repair`] and [`structure`] are the stages, [`model`] their shared document
//! model, [`language`] the Danish resources they share, [`pipeline`] chains them for one file.
//! [`settings`] gathers every stage's thresholds in one value. [`run`] runs the pipeline over a
//! batch and keeps the results (one record per input); [`views`] write them out into the
//! output folder that [`outdir`] guards (its lock, the files the tool owns); [`files`] writes
//! files atomically. [`cli`] is the command line.

pub mod cli;
pub mod error;
pub mod files;
pub mod input;
pub mod language;
pub mod model;
pub mod outdir;
pub mod pipeline;
pub mod repair;
pub mod run;
pub mod settings;
pub mod structure;
pub mod views;
