//! kl-extract: Danish KL/KKR meeting documents (dagsorden, referat) to structured CSV.
//!
//! The pipeline runs one way: [`input`] (PDF or text → [`model::Document`]) → [`repair`]
//! (running headers/footers, page numbers, hyphenation) → [`structure`] (meeting, participants,
//! items, sections) → [`writers`] (CSV). [`batch`] runs it over many files in parallel, in
//! [`worker`] processes that store each file's result in the run's [`store`] as it finishes.

pub mod batch;
pub mod cli;
pub mod error;
pub mod input;
pub mod inspect;
pub mod json;
pub mod lexicon;
pub mod model;
pub mod outdir;
pub mod pipeline;
pub mod repair;
pub mod store;
pub mod structure;
pub mod worker;
pub mod writers;
pub mod xlsx;
