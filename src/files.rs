//! Writing files safely: every output goes to a temporary name and is renamed into place (so a
//! reader never sees half a file), optionally flushed to disk first; removing a file that may
//! already be gone; a stable fingerprint of bytes. Used by the run (its store), the settings and
//! the views alike.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes `bytes` to `path` atomically (temporary file in the same directory, flushed to disk,
/// then renamed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, true)
}

/// Writes `bytes` to `path` atomically; `durable` also flushes it to disk before the rename (a
/// killed process never leaves half a file either way; `durable` guards against power loss).
/// The temporary file is beside `path`, under a short name of its own (never one made from
/// `path`'s name, which may already be near the file system's limit).
pub fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    write_atomic_via(dir, path, bytes, durable)
}

/// Writes `bytes` to `path` atomically through a temporary file in `tmp_dir` (a folder on the
/// same file system, e.g. the run's temporary folder in the store), which is removed on every
/// error.
pub fn write_atomic_via(tmp_dir: &Path, path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let tmp = temp_name(tmp_dir);
    let written = (|| -> Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("cannot create a temporary file for {}", path.display()))?;
        f.write_all(bytes)
            .and_then(|_| if durable { f.sync_all() } else { Ok(()) })
            .with_context(|| format!("cannot write {}", path.display()))?;
        drop(f);
        fs::rename(&tmp, path).with_context(|| format!("cannot move {} into place", path.display()))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A fresh temporary file name in `dir`: short, unique to this process and call.
pub fn temp_name(dir: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".kl-extract-{}-{n}.tmp", std::process::id()))
}

/// Removes the file at `path`; one that is not there is no error.
pub fn remove_if_there(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// A stable fingerprint of `bytes`: XXH3-128 in hex, the same on every machine and version.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}
