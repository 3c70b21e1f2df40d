//! Running a batch: finding the inputs, worker processes that read one file each under time
//! and memory limits, the store that keeps every file's result as it finishes, the reuse policy
//! (`--resume`, `--retry-failed`), shards and their merge, and the output folder's ownership.
//! This layer keeps results; it does not know how they are written out.

pub mod assembly;
pub mod batch;
pub mod discover;
pub mod pool;
pub mod reuse;
pub mod shards;
pub mod store;
pub mod worker;
